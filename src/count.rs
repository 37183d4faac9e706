//! Word-compatible counting: 字数, 字符数(不计空格) and Han characters, as Microsoft Word's 字数统计 gives them.
//!
//! The rules (see README "How shenbao counts"):
//! - every CJK character is one word: Han ideographs, CJK symbols and punctuation, full-width forms,
//!   kana, Hangul, Bopomofo, Kangxi radicals, enclosed CJK and CJK compatibility;
//! - every maximal run of other non-space characters is one word ("3.43%", "AI-based", "①②③", a URL);
//!   paragraph and table-cell boundaries end a run, formatting changes do not;
//! - 字符数(不计空格) counts code points other than white space, U+200B and U+FEFF;
//! - U+2028/U+2029 each count as a word and a character;
//! - “ ” ‘ ’ — … · ×, every other character of East Asian Width "Ambiguous" (◇ ① Ⅰ α ≥ ℃ → …) and U+3000
//!   follow the run's font hint: with `w:hint="eastAsia"` they count as CJK (U+3000 as a character),
//!   otherwise as ordinary marks (U+3000 as a space). Because no source settles this for every document,
//!   a [`Tally`] also carries the lowest and highest 字数 these marks allow.
//!
//! Everything here is pure: text and hints in, numbers out.

use serde::Serialize;

/// The three figures Word's dialog shows that notices use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WordCount {
    /// 字数: CJK characters plus non-CJK words.
    pub words: u64,
    /// 字符数(不计空格).
    pub chars_no_spaces: u64,
    /// Han ideographs only.
    pub hanzi: u64,
}

impl std::ops::AddAssign for WordCount {
    fn add_assign(&mut self, rhs: Self) {
        self.words += rhs.words;
        self.chars_no_spaces += rhs.chars_no_spaces;
        self.hanzi += rhs.hanzi;
    }
}

/// The unit a notice's limits are stated in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 字数 as Word shows it (the default: "300字以内" is read with Word's 字数统计).
    #[default]
    Word,
    /// 字符数(不计空格).
    CharsNoSpaces,
    /// Han characters only.
    Hanzi,
}

impl Unit {
    pub fn pick(self, count: &WordCount) -> u64 {
        match self {
            Unit::Word => count.words,
            Unit::CharsNoSpaces => count.chars_no_spaces,
            Unit::Hanzi => count.hanzi,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Word => "word",
            Unit::CharsNoSpaces => "chars_no_spaces",
            Unit::Hanzi => "hanzi",
        }
    }
}

/// A count together with the range the hint-dependent marks allow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// The count following each run's font hint, as Word does.
    pub count: WordCount,
    /// 字数 and 字符数 with every hint-dependent mark read as a Latin mark (U+3000 as a space).
    pub low: WordCount,
    /// 字数 and 字符数 with every hint-dependent mark read as CJK.
    pub high: WordCount,
}

impl Tally {
    /// True when the hint-dependent marks could change the figure in `unit`.
    pub fn is_ambiguous(&self, unit: Unit) -> bool {
        unit.pick(&self.low) != unit.pick(&self.high)
    }

    /// The (low, high) range in `unit`.
    pub fn range(&self, unit: Unit) -> (u64, u64) {
        (unit.pick(&self.low), unit.pick(&self.high))
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, rhs: Self) {
        self.count += rhs.count;
        self.low += rhs.low;
        self.high += rhs.high;
    }
}

/// How one character counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Separates runs, counts nothing.
    Space,
    /// Neither separates nor counts (U+200B, U+FEFF).
    Invisible,
    /// One word and one character on its own.
    Cjk,
    /// One word and one character, like CJK (U+2028/U+2029).
    Separator,
    /// Part of a non-CJK run.
    Other,
}

mod ambiguous;

/// Characters whose class follows the run's East Asian font hint: U+3000, and every character of East
/// Asian Width "Ambiguous" that is not CJK already (“ ” ‘ ’ — … · × ◇ □ ● ▲ ★ ① Ⅰ α ≥ ℃ § →, Greek,
/// Cyrillic, box drawing; see [`ambiguous`]).
pub fn is_hint_dependent(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    if c == '\u{3000}' {
        return true;
    }
    let code = u32::from(c);
    let found = ambiguous::AMBIGUOUS
        .binary_search_by(|&(low, high)| {
            if high < code {
                std::cmp::Ordering::Less
            } else if low > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok();
    found && !is_cjk(c)
}

/// Han ideographs in every block Unicode has assigned them.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF      // Extension A
        | 0x4E00..=0x9FFF    // URO
        | 0xF900..=0xFAFF    // Compatibility ideographs
        | 0x20000..=0x2FFFF  // Extensions B–F, compatibility supplement
        | 0x30000..=0x3FFFF  // Extensions G, H
    )
}

/// Characters Word counts one by one, as it does Chinese.
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x1100..=0x11FF      // Hangul Jamo
            | 0x2E80..=0x2EFF    // CJK radicals supplement
            | 0x2F00..=0x2FDF    // Kangxi radicals
            | 0x2FF0..=0x2FFF    // Ideographic description characters
            | 0x3001..=0x303F    // CJK symbols and punctuation (U+3000 is hint-dependent)
            | 0x3040..=0x309F    // Hiragana
            | 0x30A0..=0x30FF    // Katakana
            | 0x3100..=0x312F    // Bopomofo
            | 0x3130..=0x318F    // Hangul compatibility Jamo
            | 0x3190..=0x319F    // Kanbun
            | 0x31A0..=0x31BF    // Bopomofo extended
            | 0x31C0..=0x31EF    // CJK strokes
            | 0x31F0..=0x31FF    // Katakana phonetic extensions
            | 0x3200..=0x32FF    // Enclosed CJK letters and months
            | 0x3300..=0x33FF    // CJK compatibility
            | 0xA960..=0xA97F    // Hangul Jamo extended-A
            | 0xAC00..=0xD7AF    // Hangul syllables
            | 0xD7B0..=0xD7FF    // Hangul Jamo extended-B
            | 0xFE10..=0xFE1F    // Vertical forms
            | 0xFE30..=0xFE4F    // CJK compatibility forms
            | 0xFE50..=0xFE6F    // Small form variants
            | 0xFF00..=0xFFEF    // Half-width and full-width forms
        )
}

fn classify(c: char, east_asian: bool) -> Class {
    if is_hint_dependent(c) {
        return match (c, east_asian) {
            (_, true) => Class::Cjk,
            ('\u{3000}', false) => Class::Space,
            _ => Class::Other,
        };
    }
    if is_cjk(c) {
        return Class::Cjk;
    }
    match c {
        '\u{200B}' | '\u{FEFF}' => Class::Invisible,
        '\u{2028}' | '\u{2029}' => Class::Separator,
        c if c.is_whitespace() => Class::Space,
        // Other zero-width format characters (joiners, direction marks) neither split nor count as
        // spaces; Word counts them as characters of the run they sit in.
        _ => Class::Other,
    }
}

/// One way of reading the hint-dependent marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Follow each run's hint.
    Hinted,
    /// All hint-dependent marks as Latin.
    Low,
    /// All hint-dependent marks as CJK.
    High,
}

#[derive(Debug, Clone, Copy, Default)]
struct Lane {
    count: WordCount,
    in_run: bool,
}

impl Lane {
    fn push(&mut self, class: Class) {
        match class {
            Class::Space => self.in_run = false,
            Class::Invisible => {}
            Class::Cjk | Class::Separator => {
                self.count.words += 1;
                self.count.chars_no_spaces += 1;
                self.in_run = false;
            }
            Class::Other => {
                self.count.chars_no_spaces += 1;
                if !self.in_run {
                    self.count.words += 1;
                    self.in_run = true;
                }
            }
        }
    }
}

/// The UTF-8 lead and second byte of a character in U+4E00..=U+9FFF (E4 B8 80 ..= E9 BF BF).
fn is_uro_han(lead: u8, second: u8) -> bool {
    matches!(lead, 0xE5..=0xE9) || (lead == 0xE4 && second >= 0xB8)
}

/// The UTF-8 bytes of a character in U+3001..=U+303F (、。《》「」) or U+FF00..=U+FFEF (，：；（）！？):
/// the CJK marks of Chinese text, each one word and one character whatever the run's hint.
fn is_cjk_mark(lead: u8, second: u8, third: u8) -> bool {
    match (lead, second) {
        (0xE3, 0x80) => third >= 0x81,
        (0xEF, 0xBC..=0xBE) => true,
        (0xEF, 0xBF) => third <= 0xAF,
        _ => false,
    }
}

/// A streaming counter: feed runs of text with their hint, mark paragraph and cell boundaries.
///
/// Runs of one paragraph are joined (a formatting change does not end a word); [`Counter::end_paragraph`]
/// ends the current word, as a paragraph or table-cell boundary does in Word.
#[derive(Debug, Clone, Default)]
pub struct Counter {
    lanes: [Lane; 3],
    hanzi: u64,
}

impl Counter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a run of text. `east_asian` is the run's `w:rFonts w:hint="eastAsia"`.
    pub fn push(&mut self, text: &str, east_asian: bool) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Stretches of the three classes nearly every character of a 申报书 falls in are counted at
            // once, from the UTF-8 bytes, before the general `classify` (the `fast_paths_agree_with_classify`
            // and `stretches_count_as_single_characters` tests hold them to it).
            let start = i;
            while i < bytes.len() && is_uro_han(bytes[i], bytes.get(i + 1).copied().unwrap_or(0)) {
                i += 3;
            }
            if i > start {
                let n = ((i - start) / 3) as u64;
                self.hanzi += n;
                for lane in &mut self.lanes {
                    lane.count.words += n;
                    lane.count.chars_no_spaces += n;
                    lane.in_run = false;
                }
                continue;
            }
            while i + 2 < bytes.len() && is_cjk_mark(bytes[i], bytes[i + 1], bytes[i + 2]) {
                i += 3;
            }
            if i > start {
                let n = ((i - start) / 3) as u64;
                for lane in &mut self.lanes {
                    lane.count.words += n;
                    lane.count.chars_no_spaces += n;
                    lane.in_run = false;
                }
                continue;
            }
            while i < bytes.len() && bytes[i].is_ascii() && !matches!(bytes[i], b'\t'..=b'\r' | b' ') {
                i += 1;
            }
            if i > start {
                let n = (i - start) as u64;
                for lane in &mut self.lanes {
                    lane.count.chars_no_spaces += n;
                    lane.count.words += u64::from(!lane.in_run);
                    lane.in_run = true;
                }
                continue;
            }
            let Some(c) = text[i..].chars().next() else { break };
            i += c.len_utf8();
            self.push_char(c, east_asian);
        }
    }

    /// One character by the general rules.
    fn push_char(&mut self, c: char, east_asian: bool) {
        if is_hint_dependent(c) {
            for (lane, reading) in self.lanes.iter_mut().zip([Reading::Hinted, Reading::Low, Reading::High]) {
                let as_east_asian = match reading {
                    Reading::Hinted => east_asian,
                    Reading::Low => false,
                    Reading::High => true,
                };
                lane.push(classify(c, as_east_asian));
            }
            return;
        }
        if is_han(c) {
            self.hanzi += 1;
        }
        // One class for the three lanes: it is the same in each.
        let class = classify(c, east_asian);
        for lane in &mut self.lanes {
            lane.push(class);
        }
    }

    /// Ends the current word: a paragraph or table-cell boundary.
    pub fn end_paragraph(&mut self) {
        for lane in &mut self.lanes {
            lane.in_run = false;
        }
    }

    pub fn tally(&self) -> Tally {
        let with_hanzi = |lane: &Lane| WordCount { hanzi: self.hanzi, ..lane.count };
        Tally { count: with_hanzi(&self.lanes[0]), low: with_hanzi(&self.lanes[1]), high: with_hanzi(&self.lanes[2]) }
    }
}

/// Counts plain text as one paragraph per line, every mark read without an East Asian hint.
pub fn count_text(text: &str) -> WordCount {
    count_text_tally(text, false).count
}

/// Counts plain text as one paragraph per line with one hint for all of it.
pub fn count_text_tally(text: &str, east_asian: bool) -> Tally {
    let mut counter = Counter::new();
    for line in text.split('\n') {
        counter.push(line, east_asian);
        counter.end_paragraph();
    }
    counter.tally()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unescape(field: &str) -> String {
        let mut out = String::new();
        let mut chars = field.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).expect("hex escape in vector file");
                    out.push(char::from_u32(code).expect("valid escape"));
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        out
    }

    /// The vectors in ../shared/count, kept verbatim in tests/data so the unit test runs everywhere.
    #[test]
    fn word_vectors() {
        let data = include_str!("../tests/data/word-count-vectors.tsv");
        let mut checked = 0;
        for (line_no, line) in data.lines().enumerate().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(cols.len() >= 4, "line {} malformed", line_no + 1);
            let text = unescape(cols[0]);
            let expected = WordCount {
                words: cols[1].parse().expect("words"),
                chars_no_spaces: cols[2].parse().expect("chars"),
                hanzi: cols[3].parse().expect("hanzi"),
            };
            assert_eq!(count_text(&text), expected, "vector {:?} ({})", cols[0], cols.get(4).unwrap_or(&""));
            checked += 1;
        }
        assert!(checked >= 24, "only {checked} vectors read");
    }

    #[test]
    fn hint_dependent_marks_make_a_range() {
        // “AI” between Han: as Latin marks the quotes join "AI" into one word, as CJK they stand alone.
        let t = count_text_tally("使用“AI”技术", false);
        assert_eq!(t.count.words, 5);
        assert_eq!((t.low.words, t.high.words), (5, 7));
        assert!(t.is_ambiguous(Unit::Word));
        let hinted = count_text_tally("使用“AI”技术", true);
        assert_eq!(hinted.count.words, 7);
        // An em-dash pair between Han: one Latin run, or two CJK marks.
        let dash = count_text_tally("工业制造领域——案例", false);
        assert_eq!((dash.low.words, dash.high.words), (9, 10));
    }

    /// Rows of tests/data/hinted-count-vectors.tsv: text, hint, 字数 by the hint, lowest and highest 字数.
    #[test]
    fn ambiguous_width_characters_follow_the_hint() {
        let data = include_str!("../tests/data/hinted-count-vectors.tsv");
        let mut checked = 0;
        for line in data.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            let text = unescape(cols[0]);
            let hinted = cols[1] == "1";
            let [words, low, high] = [2, 3, 4].map(|i| cols[i].parse::<u64>().expect("a number"));
            let t = count_text_tally(&text, hinted);
            assert_eq!((t.count.words, t.low.words, t.high.words), (words, low, high), "{line}");
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} vectors read");
        // The marks that were hint-dependent before stay so; CJK of the ambiguous table stays CJK.
        for c in ['“', '”', '‘', '’', '—', '…', '·', '×', '\u{3000}', '◇', '①', 'Ⅰ', 'α', '≥', '℃', '§', '→', 'я']
        {
            assert!(is_hint_dependent(c), "{c}");
        }
        for c in ['a', '中', '，', '、', '\u{3248}', '\u{0301}', '\u{E000}'] {
            assert!(!is_hint_dependent(c), "{c:?}");
        }
    }

    #[test]
    fn ideographic_space_counts_only_as_cjk() {
        let plain = count_text_tally("数据\u{3000}要素", false);
        assert_eq!(plain.count, WordCount { words: 4, chars_no_spaces: 4, hanzi: 4 });
        assert_eq!(plain.high.chars_no_spaces, 5);
        let hinted = count_text_tally("数据\u{3000}要素", true);
        assert_eq!(hinted.count.words, 5);
    }

    #[test]
    fn formatting_changes_do_not_split_words() {
        let mut c = Counter::new();
        c.push("Data", false);
        c.push("Space", false);
        c.end_paragraph();
        c.push("x", false);
        assert_eq!(c.tally().count.words, 2);
    }

    /// `Counter::push` decides URO Han and ASCII before `classify`: both ways agree on every char.
    #[test]
    fn fast_paths_agree_with_classify() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for east_asian in [false, true] {
                let mut fast = Counter::new();
                fast.push("a", east_asian);
                fast.push(c.encode_utf8(&mut [0; 4]), east_asian);
                fast.push("a", east_asian);
                let mut slow = Counter::new();
                for ch in ['a', c, 'a'] {
                    if is_han(ch) {
                        slow.hanzi += 1;
                    }
                    for (lane, as_east_asian) in slow.lanes.iter_mut().zip([east_asian, false, true]) {
                        let hinted = if is_hint_dependent(ch) { as_east_asian } else { east_asian };
                        lane.push(classify(ch, hinted));
                    }
                }
                assert_eq!(fast.tally(), slow.tally(), "U+{:04X} east_asian={east_asian}", c as u32);
            }
        }
    }

    /// Text counted in stretches (the URO Han and ASCII fast paths) gives what counting it one
    /// character at a time by `classify` gives, across mixed text, spaces, ambiguous marks and runs.
    #[test]
    fn stretches_count_as_single_characters() {
        let alphabet: Vec<char> =
            "中文字数统计一丁龥鿿㐀A-z09 .,\t\n“”‘’—…·×\u{3000}，。한글かなｶﾅ😀\u{200B}\u{AD}é\u{7F}".chars().collect();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2_000 {
            let len = (next() % 24) as usize;
            let text: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let east_asian = next() % 2 == 0;
            let mut fast = Counter::new();
            fast.push(&text, east_asian);
            let mut slow = Counter::new();
            for ch in text.chars() {
                if is_han(ch) {
                    slow.hanzi += 1;
                }
                for (lane, as_east_asian) in slow.lanes.iter_mut().zip([east_asian, false, true]) {
                    let hinted = if is_hint_dependent(ch) { as_east_asian } else { east_asian };
                    lane.push(classify(ch, hinted));
                }
            }
            assert_eq!(fast.tally(), slow.tally(), "{text:?} east_asian={east_asian}");
        }
    }

    #[test]
    fn unambiguous_text_has_equal_bounds() {
        let t = count_text_tally("本项目基于5G网络，采用AI-based方法。", false);
        assert!(!t.is_ambiguous(Unit::Word));
        assert_eq!(t.low, t.high);
    }
}
