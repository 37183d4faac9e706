//! Word limits as templates and notices write them: “（500字以内）”, “不超过2000字”, “控制在300字左右”,
//! “原则上不超过3000字”, “总篇幅不超过5000字”, “申报材料正文总字数不超过4000字”, “（限400字）”,
//! “（建议8000字以下）”. Pure functions over text.

/// What a limit binds, as its wording says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The heading it stands in (or under): a section, or a part (总篇幅).
    Here,
    /// The whole 申报书 (申报材料正文总字数, 全文).
    Document,
}

/// One limit found in a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub words: u64,
    pub scope: Scope,
    /// The words that say it, e.g. “（500字以内）” or “总篇幅不超过5000字”.
    pub quote: String,
    /// The limit is not firm (左右, 原则上, 建议): drafted as a limit, flagged for checking.
    pub soft: bool,
    /// The bracket or phrase holds nothing but the limit; otherwise the limit may bind something the
    /// line only mentions (an abstract inside a section), and is flagged for checking.
    pub alone: bool,
}

/// Largest limit believed: a 申报书 of a million 字 is not a limit but a misread number.
const MAX_WORDS: u64 = 1_000_000;

const BEFORE: [&str; 9] = ["不超过", "不多于", "不得超过", "不超", "控制在", "限", "少于", "建议", "以"];
const AFTER: [&str; 5] = ["以内", "以下", "之内", "内", "左右"];
const DOCUMENT_WORDS: [&str; 5] = ["全文", "正文总", "申报材料总", "申报书总", "总字数"];

/// The first limit in `text`, if any.
pub fn find(text: &str) -> Option<Limit> {
    // Templates space out words for layout: “(不 超 过600字 )”.
    let chars: Vec<char> = text.chars().filter(|c| !matches!(c, ' ' | '\u{3000}' | '\t')).collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (is_digit(chars[i]) || chars[i] == ',') {
            i += 1;
        }
        let digits: String = chars[start..i].iter().filter(|c| **c != ',').map(|c| to_ascii_digit(*c)).collect();
        let mut j = i;
        for unit in ["个汉字", "个字", "字"] {
            if chars[j..].starts_with(&unit.chars().collect::<Vec<_>>()) {
                j += unit.chars().count();
                break;
            }
        }
        if j == i {
            continue;
        }
        let Ok(words) = digits.parse::<u64>() else { continue };
        if words == 0 || words > MAX_WORDS {
            continue;
        }
        let before: String = chars[start.saturating_sub(12)..start].iter().collect();
        let after: String = chars[j..(j + 3).min(chars.len())].iter().collect();
        let qualified = BEFORE.iter().any(|b| before.ends_with(b)) || AFTER.iter().any(|a| after.starts_with(a));
        if !qualified {
            continue;
        }
        let end = j + AFTER.iter().find(|a| after.starts_with(**a)).map_or(0, |a| a.chars().count());
        let (quote, alone) = quote_around(&chars, start, end);
        let soft = after.starts_with("左右") || before.contains("原则上") || before.ends_with("建议");
        let scope = if DOCUMENT_WORDS.iter().any(|w| before.contains(w)) { Scope::Document } else { Scope::Here };
        return Some(Limit { words, scope, quote, soft, alone });
    }
    None
}

/// The bracket around `start..end` (“（500字以内）”), or the phrase between punctuation; and whether the
/// bracket holds little but the limit.
fn quote_around(chars: &[char], start: usize, end: usize) -> (String, bool) {
    let open = chars[..start].iter().rposition(|c| matches!(c, '（' | '('));
    let close_before = chars[..start].iter().rposition(|c| matches!(c, '）' | ')'));
    if let Some(open) = open.filter(|o| close_before.is_none_or(|c| c < *o)) {
        if let Some(len) = chars[end..].iter().position(|c| matches!(c, '）' | ')')) {
            let close = end + len;
            let quote: String = chars[open..=close].iter().collect();
            let extra = (close - open + 1) - (end - start);
            // Inside another bracket, the limit belongs to what that note mentions (an abstract).
            let depth = chars[..open].iter().fold(0i32, |d, c| match c {
                '（' | '(' => d + 1,
                '）' | ')' => (d - 1).max(0),
                _ => d,
            });
            return (quote, extra <= 8 && depth == 0);
        }
    }
    let stop = |c: &char| matches!(c, '，' | '。' | '；' | '：' | ',' | ';' | ':' | '\n');
    let from = chars[..start].iter().rposition(stop).map_or(0, |p| p + 1);
    let to = chars[end..].iter().position(stop).map_or(chars.len(), |p| end + p);
    let quote: String = chars[from..to].iter().collect::<String>().trim().to_owned();
    let alone = quote.chars().count() <= (end - start) + 14;
    (quote, alone)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn to_ascii_digit(c: char) -> char {
    if ('０'..='９').contains(&c) {
        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
    } else {
        c
    }
}

/// The heading without its limit bracket: “一、案例背景（500字以内）” → “一、案例背景”.
pub fn strip(text: &str, limit: &Limit) -> String {
    let packed: String = text.chars().filter(|c| !matches!(c, ' ' | '\u{3000}' | '\t')).collect();
    packed.replacen(&limit.quote, "", 1).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wordings_of_the_issue() {
        let cases = [
            ("一、案例背景（500字以内）", 500, Scope::Here, false, true),
            ("不超过2000字", 2000, Scope::Here, false, true),
            ("控制在300字左右", 300, Scope::Here, true, true),
            ("原则上不超过3000字", 3000, Scope::Here, true, true),
            ("二、案例简介（总篇幅不超过5000字）", 5000, Scope::Here, false, true),
            ("申报材料正文总字数不超过4000字", 4000, Scope::Document, false, true),
            ("摘要（限400字）", 400, Scope::Here, false, true),
            ("（一）立项依据与研究内容（建议8000字以下）：", 8000, Scope::Here, true, true),
            ("场景概述（不超过５００字）", 500, Scope::Here, false, true),
            ("(不 超 过600字 )", 600, Scope::Here, false, true),
        ];
        for (text, words, scope, soft, alone) in cases {
            let l = find(text).unwrap_or_else(|| panic!("no limit in {text}"));
            assert_eq!((l.words, l.scope, l.soft, l.alone), (words, scope, soft, alone), "{text}: {l:?}");
        }
    }

    #[test]
    fn numbers_that_are_not_limits() {
        for text in ["2024年8月20日", "第3字", "共有25家企业", "字数统计", "总篇幅", "0字以内"] {
            assert_eq!(find(text), None, "{text}");
        }
    }

    #[test]
    fn a_limit_inside_a_long_note_is_not_alone() {
        let l = find("4．完成项目情况（详细说明。另附该项目的研究工作总结摘要（限500字）和相关成果详细目录）。");
        assert!(
            l.is_some_and(|l| l.words == 500 && !l.alone),
            "the bracket is inside another: the limit binds an abstract"
        );
        let l = find("请用不超过200字概括本项目的主要创新点与可推广的经验做法并附必要说明").expect("found");
        assert!(!l.alone, "{l:?}");
    }
}
