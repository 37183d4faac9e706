//! Phone numbers as applicants write them, read into what they are.
//!
//! One reader for every caller: the 申报表's 联系方式 check (SB713) and the batch identity of a 参赛代表
//! (SB010, SB506) read the same text the same way and differ only in what they accept: any Chinese
//! number for the first, a number that identifies one line in the whole country (a mobile, a 座机 with
//! its area code) for the second.

use unicode_normalization::UnicodeNormalization;

/// Characters read as a dash between the groups of a number.
const DASHES: &[char] = &['-', '‐', '‑', '‒', '–', '—', '―', '－', '─', '━', '~', '～'];

/// Characters between the numbers of a cell that lists several (`139… / 024-…`, `电话：…；邮箱：…`).
const SEPARATORS: &[char] = &['/', '、', ',', ';', '，', '；', '|', '或'];

/// Words after which the digits are an extension of a 座机 (lower case, after NFKC).
const EXTENSION_MARKS: [&str; 4] = ["转", "ext", "分机", "x"];

/// A phone number as read from what was typed, with its digits as dialled inside China.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phone {
    /// An 11-digit mobile number (`13912345678`).
    Mobile(String),
    /// A 座机 with its area code (`02423456789`); an extension is left out.
    Landline(String),
    /// A 座机 of 7 or 8 digits written without its area code (`23456789`): a number only in its city.
    Local(String),
    /// A 400/800 service number (`4001234567`).
    Service(String),
    /// Text that is none of these, and why.
    Unreadable(Unreadable),
}

/// Why a text is not read as a phone number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// No digit at all (`见附件`, an empty cell).
    NoDigits,
    /// Letters or signs among the digits (`139abc5678`).
    NotDigits,
    /// A country code other than +86.
    Abroad,
    /// Digits, but as many as no Chinese number has (`139 1234 567` has 10).
    DigitCount(usize),
}

impl Phone {
    /// The key that identifies one line across dossiers (`tel:13912345678`): a mobile or a 座机 with its
    /// area code. A local number or a service number is shared by too many to tell a person.
    pub fn key(&self) -> Option<String> {
        self.national().map(|d| format!("tel:{d}"))
    }

    /// The digits of a mobile or of a 座机 with its area code.
    pub fn national(&self) -> Option<&str> {
        match self {
            Phone::Mobile(d) | Phone::Landline(d) => Some(d),
            _ => None,
        }
    }

    /// The digits of any readable number.
    pub fn digits(&self) -> Option<&str> {
        match self {
            Phone::Mobile(d) | Phone::Landline(d) | Phone::Local(d) | Phone::Service(d) => Some(d),
            Phone::Unreadable(_) => None,
        }
    }

    pub fn is_readable(&self) -> bool {
        !matches!(self, Phone::Unreadable(_))
    }
}

/// A number found in a text: the piece as written, without its label, and what it reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPhone {
    pub written: String,
    pub phone: Phone,
}

/// Every number written in a text, in order: the text is cut at list separators (`/`, `；`, `、`, `或` …),
/// e-mail addresses are left aside, a label before a number (`电话：`, `手机 `) and words after it are
/// not part of it, and pieces with no digit are not numbers.
pub fn phones_in(text: &str) -> Vec<FoundPhone> {
    text.split(SEPARATORS)
        .filter_map(|piece| {
            let without_mail: Vec<&str> = piece.split_whitespace().filter(|w| !w.contains('@')).collect();
            let rest = without_mail.join(" ");
            rest.nfkc()
                .any(|c| c.is_ascii_digit())
                .then(|| FoundPhone { written: unlabelled(&rest).to_owned(), phone: read_one(&rest) })
        })
        .collect()
}

/// Reads the phone number of a text: the first readable one of [`phones_in`], else why the first one is
/// not readable (`NoDigits` when the text holds no number). Full-width digits, spaces, dashes, dots and
/// brackets are dropped, `+86`/`0086` is the country code, `转801`/`ext.801` an extension (left out).
pub fn read_phone(text: &str) -> Phone {
    let found = phones_in(text);
    match found.iter().find(|f| f.phone.is_readable()) {
        Some(f) => f.phone.clone(),
        None => found.into_iter().next().map_or(Phone::Unreadable(Unreadable::NoDigits), |f| f.phone),
    }
}

/// Reads one number, with its label and trailing words.
fn read_one(text: &str) -> Phone {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let number = unlabelled(&folded);
    let main = EXTENSION_MARKS.iter().filter_map(|m| number.find(m)).min().map_or(number, |i| &number[..i]);
    // Words after the last digit ("（张经理）") are not part of the number.
    let main = main.rfind(|c: char| c.is_ascii_digit()).map_or(main, |i| &main[..=i]);
    let phone = read_digits(main);
    if let Phone::Unreadable(Unreadable::DigitCount(_)) = phone {
        // 024-23456789-801: the last group after a dash is an extension.
        if let Some(i) = main.rfind(DASHES) {
            let (head, tail) = (&main[..i], &main[i..].trim_start_matches(DASHES));
            if (1..=5).contains(&tail.len()) && tail.chars().all(|c| c.is_ascii_digit()) {
                if let landline @ Phone::Landline(_) = read_digits(head) {
                    return landline;
                }
            }
        }
    }
    phone
}

/// The text without a label before the number: what precedes a colon, or the words before the first
/// digit, when they hold no digit.
fn unlabelled(text: &str) -> &str {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let no_digit = |s: &str| !s.chars().any(digit);
    let mut rest = text.trim();
    if let Some(i) = rest.rfind([':', '：']) {
        if no_digit(&rest[..i]) {
            rest = rest[i..].trim_start_matches([':', '：']).trim_start();
        }
    }
    let start = rest.find(|c: char| digit(c) || "+＋(（[【".contains(c)).unwrap_or(rest.len());
    if no_digit(&rest[..start]) {
        rest = &rest[start..];
    }
    rest
}

/// Reads digits with their separators and country code, nothing else.
fn read_digits(text: &str) -> Phone {
    let mut plus = false;
    let mut digits = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() => plus = true,
            c if c.is_whitespace() || DASHES.contains(&c) || "().[]（）【】".contains(c) => {}
            _ => return Phone::Unreadable(Unreadable::NotDigits),
        }
    }
    if digits.is_empty() {
        return Phone::Unreadable(Unreadable::NoDigits);
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
            None => return Phone::Unreadable(Unreadable::Abroad),
        }
    } else if let Some(rest) = digits.strip_prefix("0086") {
        after_country(rest)
    } else if digits.len() == 13 && digits.starts_with("861") {
        digits[2..].to_owned()
    } else {
        digits
    };
    classify(national)
}

fn classify(national: String) -> Phone {
    let n = national.len();
    if n == 11 && national.starts_with('1') {
        Phone::Mobile(national)
    } else if (10..=12).contains(&n) && national.starts_with('0') && !national.starts_with("00") {
        Phone::Landline(national)
    } else if n == 10 && (national.starts_with("400") || national.starts_with("800")) {
        Phone::Service(national)
    } else if (7..=8).contains(&n) && !national.starts_with('0') {
        Phone::Local(national)
    } else {
        Phone::Unreadable(Unreadable::DigitCount(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mobile() -> Phone {
        Phone::Mobile("13912345678".into())
    }

    #[test]
    fn the_forms_applicants_write() {
        assert_eq!(read_phone("+86 139-1234-5678"), mobile());
        assert_eq!(read_phone("１３９１２３４５６７８"), mobile());
        assert_eq!(read_phone("(024)23456789"), Phone::Landline("02423456789".into()));
        assert_eq!(read_phone("024-2345 6789 转 801"), Phone::Landline("02423456789".into()));
        assert_eq!(read_phone("400-123-4567"), Phone::Service("4001234567".into()));
        assert_eq!(read_phone("23456789"), Phone::Local("23456789".into()));
        assert_eq!(read_phone("139 1234 567"), Phone::Unreadable(Unreadable::DigitCount(10)));
        assert_eq!(read_phone("电话：13912345678；邮箱：a@b.cn"), mobile());
    }

    #[test]
    fn a_cell_with_a_number_and_a_mail_lists_the_number_only() {
        let found = phones_in("电话：13912345678；邮箱：a@b.cn");
        assert_eq!(found, [FoundPhone { written: "13912345678".into(), phone: mobile() }]);
        let found = phones_in("张三 zhang3@example.com 024-23456789-801");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].phone, Phone::Landline("02423456789".into()));
    }

    #[test]
    fn labels_extensions_and_words_around_a_number() {
        for text in ["手机：139 1234 5678", "手机 13912345678", "Tel: +86 13912345678", "13912345678（张经理）"]
        {
            assert_eq!(read_phone(text), mobile(), "{text}");
        }
        assert_eq!(read_phone("024-23456789-801"), Phone::Landline("02423456789".into()));
        assert_eq!(read_phone("024-23456789 ext.801"), Phone::Landline("02423456789".into()));
        assert_eq!(read_phone("800 123 4567"), Phone::Service("8001234567".into()));
    }

    #[test]
    fn why_a_text_is_not_a_number() {
        assert_eq!(read_phone("见附件"), Phone::Unreadable(Unreadable::NoDigits));
        assert_eq!(read_phone(""), Phone::Unreadable(Unreadable::NoDigits));
        assert_eq!(read_phone("+1 415 555 0100"), Phone::Unreadable(Unreadable::Abroad));
        assert_eq!(read_phone("139abc5678"), Phone::Unreadable(Unreadable::NotDigits));
        assert_eq!(read_phone("00123456789"), Phone::Unreadable(Unreadable::DigitCount(11)));
        assert_eq!(read_phone("139123456789"), Phone::Unreadable(Unreadable::DigitCount(12)));
    }

    #[test]
    fn only_a_mobile_or_a_full_landline_identifies_a_line() {
        assert_eq!(read_phone("+86 139-1234-5678").key().as_deref(), Some("tel:13912345678"));
        assert_eq!(read_phone("(024)23456789").key().as_deref(), Some("tel:02423456789"));
        assert_eq!(read_phone("23456789").key(), None);
        assert_eq!(read_phone("400-123-4567").key(), None);
        assert_eq!(read_phone("23456789").digits(), Some("23456789"));
    }
}
