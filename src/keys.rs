//! Text keys: how a heading, a label cell or a name is compared with the words of a rule file, whatever
//! the numbering, spacing, width and quotes of the document. Pure functions over text.

use unicode_normalization::UnicodeNormalization;

pub mod cn_number;
pub mod people;
pub mod phone;

/// Folds a heading to the words that name it: NFKC, no spaces, no numbering, no trailing limit note
/// ("（300字以内）"), no quotes, no trailing "模板", `×` read as `x`.
pub fn heading_key(text: &str) -> String {
    let folded: String = text
        .nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{FEFF}'))
        .map(|c| if c == '×' { 'x' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    let mut s = strip_numbering(&folded).to_owned();
    loop {
        let before = s.len();
        for suffix in [":", "：", "。", ".", "模板"] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.to_owned();
            }
        }
        if s.ends_with(')') {
            if let Some(open) = s.rfind('(') {
                s.truncate(open);
            }
        }
        if s.len() == before {
            break;
        }
    }
    s.chars().filter(|c| !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '《' | '》' | '「' | '」')).collect()
}

/// Chinese numerals as headings number with them (一、 第二部分 （三）).
pub const CN_DIGITS: &str = "一二三四五六七八九十百零〇两";

/// Removes leading numbering such as "一、", "(一)", "1.", "1.2", "第一部分", "附件1", "①".
fn strip_numbering(s: &str) -> &str {
    let mut rest = s;
    loop {
        let before = rest;
        rest = strip_one_numbering(rest);
        if rest == before {
            return rest;
        }
    }
}

fn strip_one_numbering(s: &str) -> &str {
    let is_num = |c: char| c.is_ascii_digit() || CN_DIGITS.contains(c);
    // 附件1 / 附件:
    if let Some(rest) = s.strip_prefix("附件") {
        let rest = rest.trim_start_matches(|c: char| is_num(c));
        return rest.trim_start_matches([':', '：', '、', '.']);
    }
    // 第一部分 / 第1章 / 第二节 / 第三篇
    if let Some(rest) = s.strip_prefix('第') {
        let digits_end = rest.find(|c: char| !is_num(c)).unwrap_or(rest.len());
        if digits_end > 0 {
            let after = &rest[digits_end..];
            for unit in ["部分", "章", "节", "篇", "条"] {
                if let Some(r) = after.strip_prefix(unit) {
                    return r.trim_start_matches([':', '：', '、', '.']);
                }
            }
        }
    }
    // (一) (1)
    if let Some(rest) = s.strip_prefix('(') {
        if let Some(close) = rest.find(')') {
            let inner = &rest[..close];
            if !inner.is_empty() && inner.chars().all(is_num) {
                return rest[close + 1..].trim_start_matches(['、', '.', ':', '：']);
            }
        }
    }
    // ① … ⑳
    if let Some(c) = s.chars().next() {
        if ('\u{2460}'..='\u{2473}').contains(&c) {
            return &s[c.len_utf8()..];
        }
    }
    // 一、 1、 1. 1.2. 1) 一.
    let digits_end = s.find(|c: char| !(is_num(c) || c == '.')).unwrap_or(s.len());
    if digits_end > 0 {
        let number = &s[..digits_end];
        let after = &s[digits_end..];
        if let Some(r) = after.strip_prefix(['、', ')', '．', ':', '：']) {
            return r;
        }
        // "1.问题描述" keeps its dot inside `number`; "2024年" must stay.
        if number.chars().any(|c| c.is_ascii_digit()) && number.contains('.') {
            return after;
        }
        if number.chars().all(|c| CN_DIGITS.contains(c)) && after.starts_with('.') {
            return &after[1..];
        }
    }
    s
}

/// A label cell's words: the heading key without any parenthetical hint ("申报方向(可选多项)").
pub fn label_key(text: &str) -> String {
    let key = heading_key(text);
    match key.find('(') {
        Some(i) if i > 0 => key[..i].to_owned(),
        _ => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_variants_fold_to_one_key() {
        for text in [
            "一、问题描述",
            "（一）问题描述",
            "(一) 问题描述",
            "1. 问题描述",
            "1、问题描述",
            "问题描述（300字以内）",
            "一、问题描述(300 字以内)",
            "（一）　问题描述：",
            "第一部分 问题描述",
            "问 题 描 述",
        ] {
            assert_eq!(heading_key(text), "问题描述", "{text}");
        }
        assert_eq!(heading_key("二、“数据要素×”典型案例简介模板"), "数据要素x典型案例简介");
        assert_eq!(heading_key("（总篇幅不超过5000字）"), "");
        assert_eq!(heading_key("2024年工作计划"), "2024年工作计划");
    }

    #[test]
    fn labels_fold_spaces_and_hints() {
        assert_eq!(label_key("申报理由 及推广 价值"), "申报理由及推广价值");
        assert_eq!(label_key("申报方向\n(可选多项)"), "申报方向");
        assert_eq!(label_key("负责人  联系方式"), "负责人联系方式");
    }
}
