//! Keys of who enters: a dossier's name, a person's phone and ID number, however they are written.
//!
//! Applicants type the same phone as `+86 139-1234-5678`, `(024) 2345 6789` or in full-width digits
//! `１３９１２３４５６７８`; the same name with `—`, `——`, `－` or `-`. The cross-dossier rules compare these
//! keys, never the text as typed.

use super::heading_key;
use unicode_normalization::UnicodeNormalization;

/// Characters read as one dash between the parts of a name (“医疗健康领域——…”).
const DASHES: &[char] = &['-', '‐', '‑', '‒', '–', '—', '―', '－', '─', '━', '~', '～'];

/// A name compared for duplicates: [`heading_key`] with every run of dashes read as one `-`.
pub fn name_key(name: &str) -> String {
    let mut out = String::new();
    let mut in_dash = false;
    for c in heading_key(name).chars() {
        if DASHES.contains(&c) {
            if !in_dash {
                out.push('-');
            }
            in_dash = true;
        } else {
            out.push(c);
            in_dash = false;
        }
    }
    out
}

/// A name split at its first run of dashes (“医疗健康领域——案例名称” → “医疗健康领域”, “案例名称”), whatever
/// dashes were typed.
pub fn split_at_dashes(name: &str) -> Option<(&str, &str)> {
    let start = name.find(|c| DASHES.contains(&c))?;
    let rest = &name[start..];
    let end = rest.find(|c| !DASHES.contains(&c)).unwrap_or(rest.len());
    Some((&name[..start], &rest[end..]))
}

/// A phone number as read from what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phone {
    /// An 11-digit mobile number.
    Mobile(String),
    /// A 座机 with its area code, as dialled inside China (`02423456789`).
    Landline(String),
    /// Something that is neither: too few or too many digits, a landline without area code, letters.
    Unreadable,
}

impl Phone {
    /// The comparable key (`tel:13912345678`), when readable.
    pub fn key(&self) -> Option<String> {
        match self {
            Phone::Mobile(d) | Phone::Landline(d) => Some(format!("tel:{d}")),
            Phone::Unreadable => None,
        }
    }

    /// The digits, when readable.
    pub fn digits(&self) -> Option<&str> {
        match self {
            Phone::Mobile(d) | Phone::Landline(d) => Some(d),
            Phone::Unreadable => None,
        }
    }
}

/// Reads a phone number: full-width digits, spaces, dashes, dots and brackets are dropped, `+86`/`0086`
/// before a number is the country code, `转123`/`ext.123` after a 座机 is an extension (left out). When the
/// text lists several numbers (`139…/024-…`) the first readable one is taken.
pub fn read_phone(text: &str) -> Phone {
    let folded: String = text.nfkc().collect();
    folded
        .split(['/', '、', ',', ';', '，', '；', '|', '或'])
        .map(read_one_phone)
        .find(|p| *p != Phone::Unreadable)
        .unwrap_or(Phone::Unreadable)
}

fn read_one_phone(text: &str) -> Phone {
    // An extension is not part of the number.
    let lower = text.to_lowercase();
    let main = ["转", "ext", "分机", "x"].iter().filter_map(|m| lower.find(m)).min().map_or(&*lower, |i| &lower[..i]);
    let mut plus = false;
    let mut digits = String::new();
    for c in main.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() => plus = true,
            c if c.is_whitespace() || DASHES.contains(&c) || "().[]（）【】".contains(c) => {}
            _ => return Phone::Unreadable,
        }
    }
    // After the country code a mobile keeps its 11 digits; an area code loses its 0 (+86 24 2345 6789,
    // +86 10 1234 5678 for Beijing).
    let after_country = |rest: &str| {
        if (rest.len() == 11 && rest.starts_with('1')) || rest.starts_with('0') {
            rest.to_owned()
        } else {
            format!("0{rest}")
        }
    };
    let national = if plus {
        match digits.strip_prefix("86") {
            Some(rest) => after_country(rest),
            None => return Phone::Unreadable, // another country
        }
    } else if let Some(rest) = digits.strip_prefix("0086") {
        after_country(rest)
    } else if digits.len() == 13 && digits.starts_with("861") {
        digits[2..].to_owned()
    } else {
        digits
    };
    let n = national.len();
    if n == 11 && national.starts_with('1') {
        Phone::Mobile(national)
    } else if (10..=12).contains(&n) && national.starts_with('0') && !national.starts_with("00") {
        Phone::Landline(national)
    } else {
        Phone::Unreadable
    }
}

/// Reads a 居民身份证号: 18 characters (17 digits and a digit or X) or the old 15 digits, in any width and
/// case, spaces dropped. `None` when it is neither.
pub fn read_id_number(text: &str) -> Option<String> {
    let id: String =
        text.nfkc().filter(|c| !c.is_whitespace() && !DASHES.contains(c)).map(|c| c.to_ascii_uppercase()).collect();
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let ok = match id.len() {
        18 => digits(&id[..17]) && (id.ends_with('X') || digits(&id[17..])),
        15 => digits(&id),
        _ => false,
    };
    ok.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_variants_make_one_name() {
        let key = name_key("医疗健康领域——区域医疗数据共享");
        for other in
            ["医疗健康领域—区域医疗数据共享", "医疗健康领域－区域医疗数据共享", "医疗健康领域 - 区域医疗数据共享"]
        {
            assert_eq!(name_key(other), key, "{other}");
        }
        assert_eq!(name_key("医疗健康领域–区域医疗数据共享　"), key);
        assert_ne!(name_key("医疗健康领域——区域医疗数据"), key);
    }

    #[test]
    fn names_split_at_any_dash() {
        assert_eq!(split_at_dashes("工业制造领域——供应链"), Some(("工业制造领域", "供应链")));
        assert_eq!(split_at_dashes("工业制造领域－供应链"), Some(("工业制造领域", "供应链")));
        assert_eq!(split_at_dashes("供应链"), None);
    }

    #[test]
    fn phones_fold_to_one_key() {
        let mobile = Phone::Mobile("13912345678".into());
        for text in [
            "13912345678",
            "139-1234-5678",
            "139 1234 5678",
            "+86 139-1234-5678",
            "+86-13912345678",
            "0086 13912345678",
            "8613912345678",
            "（+86）139 1234 5678",
            "１３９１２３４５６７８",
            "１３９－１２３４－５６７８",
            "139.1234.5678",
            "13912345678 / 024-23456789",
        ] {
            assert_eq!(read_phone(text), mobile, "{text}");
        }
        let landline = Phone::Landline("02423456789".into());
        for text in ["024-23456789", "(024) 2345 6789", "（024）23456789", "+86 24 2345 6789", "024-23456789转8001"]
        {
            assert_eq!(read_phone(text), landline, "{text}");
        }
        assert_eq!(read_phone("010-12345678").key().as_deref(), Some("tel:01012345678"));
        assert_eq!(read_phone("+86 10 1234 5678").key().as_deref(), Some("tel:01012345678"));
        assert_eq!(read_phone("0086-10-12345678").key().as_deref(), Some("tel:01012345678"));
    }

    #[test]
    fn what_is_not_a_phone_is_said_so() {
        for text in ["23456789", "1391234567", "139123456789", "见附件", "", "+1 415 555 0100", "00123456789"] {
            assert_eq!(read_phone(text), Phone::Unreadable, "{text}");
        }
    }

    #[test]
    fn id_numbers_fold_case_and_width() {
        let id = Some("21010219900101123X".to_owned());
        assert_eq!(read_id_number("21010219900101123x"), id);
        assert_eq!(read_id_number("２１０１０２１９９００１０１１２３Ｘ"), id);
        assert_eq!(read_id_number("210102 19900101 123X"), id);
        assert_eq!(read_id_number("210102900101123"), Some("210102900101123".to_owned()));
        assert_eq!(read_id_number("2101021990010112"), None);
        assert_eq!(read_id_number("21010219900101123Y"), None);
    }
}
