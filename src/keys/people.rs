//! Keys of who enters: a dossier's name, a person's phone and ID number, however they are written.
//!
//! Applicants type the same phone as `+86 139-1234-5678`, `(024) 2345 6789` or in full-width digits
//! `１３９１２３４５６７８`; the same name with `—`, `——`, `－` or `-`. The cross-dossier rules compare these
//! keys, never the text as typed.

use super::heading_key;
pub use super::phone::{read_phone, Phone};
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
            assert_eq!(read_phone(text).key(), None, "{text}");
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
