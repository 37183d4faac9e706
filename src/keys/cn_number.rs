//! Whole numbers as notices and plans write them: Arabic digits (full-width too) or Chinese numerals
//! (“十八”, “两千”, “一百零五”, “二十”).
//!
//! One reader for the rule-file drafter (“不超过两个”, “一式三份”, “每年三月”) and the plan checks
//! (“建设期两年”, “十八个月”). Fractions (“1.5年”) and 半 are the plan's own and stay with it.

/// Longest numeral read, in characters: “九千九百九十九万九千九百九十九” has 15; more is not a count.
const MAX_CHARS: usize = 18;

fn digit(c: char) -> Option<u64> {
    match c {
        '零' | '〇' => Some(0),
        '两' => Some(2),
        _ => "一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u64 + 1),
    }
}

fn unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

fn arabic(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(u64::from(c) - u64::from('0')),
        '０'..='９' => Some(u64::from(c) - u64::from('０')),
        _ => None,
    }
}

/// Whether a number may start with `c`.
pub fn starts_number(c: char) -> bool {
    arabic(c).is_some() || digit(c).is_some() || unit(c).is_some()
}

/// The number at the start of `chars` and how many characters it takes: a run of Arabic digits, or a
/// Chinese numeral. A Chinese digit must be followed by a unit (十, 百, 千, 万) or end the numeral, so “三四个月”
/// reads 三; 零 stands between units (“一百零五”). `None` when `chars` starts with neither.
pub fn number_at(chars: &[char]) -> Option<(u64, usize)> {
    let first = *chars.first()?;
    if arabic(first).is_some() {
        let len = chars.iter().take(MAX_CHARS).take_while(|c| arabic(**c).is_some()).count();
        let n = chars[..len].iter().filter_map(|c| arabic(*c)).fold(0u64, |n, d| n * 10 + d);
        return Some((n, len));
    }
    let (mut total, mut section, mut current, mut len) = (0u64, 0u64, None::<u64>, 0);
    for &c in chars.iter().take(MAX_CHARS) {
        if let Some(d) = digit(c) {
            // Two digits in a row (“三四”, “二〇二五”) are not one numeral; 零 may precede a digit.
            if current.is_some_and(|n| n != 0) {
                break;
            }
            current = Some(d);
        } else if let Some(u) = unit(c) {
            section = section.saturating_add(current.unwrap_or(1) * u);
            current = None;
        } else if c == '万' && len > 0 {
            total = total.saturating_add(section + current.unwrap_or(0)).saturating_mul(10_000);
            section = 0;
            current = None;
        } else {
            break;
        }
        len += 1;
    }
    (len > 0).then(|| (total.saturating_add(section + current.unwrap_or(0)), len))
}

/// The number at the start of `text` and how many bytes it takes (see [`number_at`]).
pub fn number_prefix(text: &str) -> Option<(u64, usize)> {
    let chars: Vec<char> = text.chars().take(MAX_CHARS).collect();
    let (n, len) = number_at(&chars)?;
    Some((n, chars[..len].iter().map(|c| c.len_utf8()).sum()))
}

/// The whole of `text` read as one number (“十二” → 12, “３” → 3); `None` when anything else is written.
pub fn cn_number(text: &str) -> Option<u64> {
    let text = text.trim();
    number_prefix(text).filter(|(_, len)| *len == text.len()).map(|(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_of_notices_and_plans() {
        for (text, n) in [
            ("一", 1),
            ("两", 2),
            ("九", 9),
            ("十", 10),
            ("十二", 12),
            ("十八", 18),
            ("二十", 20),
            ("三十六", 36),
            ("九十九", 99),
            ("一百", 100),
            ("一百零五", 105),
            ("一百二十", 120),
            ("两千", 2000),
            ("一千零二十", 1020),
            ("三万", 30_000),
            ("一万五千", 15_000),
            ("零", 0),
            ("〇", 0),
            ("18", 18),
            ("３", 3),
            ("１８", 18),
            ("2025", 2025),
        ] {
            assert_eq!(cn_number(text), Some(n), "{text}");
        }
    }

    #[test]
    fn a_number_ends_where_its_words_end() {
        assert_eq!(number_prefix("３个月"), Some((3, 3)));
        assert_eq!(number_prefix("两年"), Some((2, 3)));
        assert_eq!(number_prefix("十八个月"), Some((18, 6)));
        assert_eq!(number_prefix("两个"), Some((2, 3)));
        assert_eq!(number_prefix("十二个"), Some((12, 6)));
        assert_eq!(number_prefix("三四个月"), Some((3, 3)));
        assert_eq!(number_prefix("1.5年"), Some((1, 1)));
        assert_eq!(number_prefix("个月"), None);
        assert_eq!(number_prefix("万"), None);
        assert_eq!(number_prefix(""), None);
    }

    #[test]
    fn what_is_not_one_number() {
        for text in ["", "三月", "十二个", "1.5", "一二", "半"] {
            assert_eq!(cn_number(text), None, "{text}");
        }
    }

    #[test]
    fn long_runs_are_bounded() {
        let long = "9".repeat(1000);
        assert_eq!(number_prefix(&long).map(|(_, len)| len), Some(MAX_CHARS));
        let long = format!("九{}", "万".repeat(1000));
        assert!(number_prefix(&long).is_some());
    }
}
