//! Finding the parts and sections of a 申报书 and counting each as Word would.
//!
//! A heading is found by its text, tolerantly: "一、问题描述", "（一）问题描述", "(一) 问题描述",
//! "1. 问题描述", "问题描述（300字以内）", full- and half-width forms and stray spaces all name the
//! section 问题描述. Heading styles help choose among candidates but are not required: many Chinese
//! templates number headings by hand in body-text paragraphs.
//!
//! What a count includes: everything after the heading paragraph up to the next heading of the same
//! or higher rank — body paragraphs, tables, text boxes, the footnotes referenced there, and the
//! headings of sub-sections. The heading line itself is never counted. A run-in heading
//! ("（一）问题描述：本案例……") counts the text after its colon.

use crate::count::{Counter, Tally};
use crate::keys::{heading_key, CN_DIGITS};
use crate::notice::Form;
use crate::read::docx::{Document, Note, NoteRef, Paragraph, Place};
use std::collections::{HashMap, HashSet};

/// A part or section located in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The rule's title (with a notice) or the heading text (without one).
    pub title: String,
    /// 1 for a part, 2 for a section (or the heading's outline level without a notice).
    pub level: u8,
    /// Index into the rule's parts, and into the part's sections for a section.
    pub part: Option<usize>,
    pub section: Option<usize>,
    /// The heading paragraph.
    pub heading: usize,
    /// Byte offset into the heading paragraph's text where a run-in heading's body begins.
    pub run_in: Option<usize>,
    /// The counted paragraphs: `heading + 1 .. end`.
    pub end: usize,
    pub tally: Tally,
    /// Pictures in `heading .. end` (a picture is content that no word count sees).
    pub pictures: u32,
}

/// The result of matching a form's outline against a document.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Found parts and sections, in rule order (parts each followed by their sections).
    pub found: Vec<Located>,
    /// Rule parts not found (indices into `form.parts`).
    pub missing_parts: Vec<usize>,
    /// Rule sections not found: (part index, section index).
    pub missing_sections: Vec<(usize, usize)>,
    /// Pairs of headings found in an order other than the template's: (earlier in the rule, later in the rule).
    pub out_of_order: Vec<(String, String)>,
}

/// The whole document as Word's 字数统计 counts it.
pub fn document_tally(doc: &Document) -> Tally {
    let counted = !doc.notes_excluded_from_stats;
    tally_where(doc, |p| counted || p.place != Place::TextBox, counted)
}

/// What [`document_tally`] leaves out because the document says so (`w:doNotIncludeSubdocsInStats`):
/// its text boxes, footnotes and endnotes. `None` when they are counted or hold no text.
pub fn left_out_tally(doc: &Document) -> Option<Tally> {
    if !doc.notes_excluded_from_stats {
        return None;
    }
    let tally = tally_where(doc, |p| p.place == Place::TextBox, true);
    (tally.high.words > 0 || tally.count.chars_no_spaces > 0).then_some(tally)
}

/// The body paragraphs `keep` accepts, then, when `notes`, every footnote and endnote a reference in
/// the text points to.
fn tally_where(doc: &Document, keep: impl Fn(&Paragraph) -> bool, notes: bool) -> Tally {
    let mut counter = Counter::new();
    for p in doc.paragraphs.iter().filter(|p| keep(p)) {
        push_paragraph(&mut counter, p, 0);
    }
    if notes {
        let (index, mut counted) = (NoteIndex::new(doc), HashSet::new());
        for p in &doc.paragraphs {
            index.push_referenced(&mut counter, p, &mut counted);
        }
    }
    counter.tally()
}

/// The footnotes and endnotes by id, built once per document.
///
/// Word counts the notes a reference in the text points to, each once: a footnote or endnote that no
/// reference points to is not shown anywhere, so it is not counted ("what the document shows").
struct NoteIndex<'d>(HashMap<(bool, i64), &'d Note>);

impl<'d> NoteIndex<'d> {
    fn new(doc: &'d Document) -> Self {
        let footnotes = doc.footnotes.iter().map(|n| ((false, n.id), n));
        let endnotes = doc.endnotes.iter().map(|n| ((true, n.id), n));
        Self(footnotes.chain(endnotes).collect())
    }

    /// Counts the notes `p` references that are not in `counted` yet, and adds them to it.
    fn push_referenced(&self, counter: &mut Counter, p: &Paragraph, counted: &mut HashSet<(bool, i64)>) {
        for r in &p.note_refs {
            let key = match *r {
                NoteRef::Footnote(id) => (false, id),
                NoteRef::Endnote(id) => (true, id),
            };
            let Some(note) = self.0.get(&key) else { continue };
            if counted.insert(key) {
                for np in &note.paragraphs {
                    push_paragraph(counter, np, 0);
                }
            }
        }
    }
}

fn push_paragraph(counter: &mut Counter, p: &Paragraph, skip_bytes: usize) {
    let mut skip = skip_bytes;
    for run in &p.runs {
        if skip >= run.text.len() {
            skip -= run.text.len();
            continue;
        }
        let text = run.text.get(skip..).unwrap_or("");
        skip = 0;
        counter.push(text, run.east_asian);
    }
    counter.end_paragraph();
}

/// Counts paragraphs `start..end`, skipping the first `skip_bytes` of the first one, with the notes
/// they reference.
fn tally_range(
    doc: &Document,
    notes: &NoteIndex<'_>,
    start: usize,
    end: usize,
    skip_first: Option<(usize, usize)>,
) -> Tally {
    let mut counter = Counter::new();
    let include_subdocs = !doc.notes_excluded_from_stats;
    let mut counted = HashSet::new();
    if let Some((index, offset)) = skip_first {
        if let Some(p) = doc.paragraphs.get(index) {
            push_paragraph(&mut counter, p, offset);
            if include_subdocs {
                notes.push_referenced(&mut counter, p, &mut counted);
            }
        }
    }
    for p in doc.paragraphs.get(start..end).unwrap_or(&[]) {
        if p.place == Place::TextBox && !include_subdocs {
            continue;
        }
        push_paragraph(&mut counter, p, 0);
        if include_subdocs {
            notes.push_referenced(&mut counter, p, &mut counted);
        }
    }
    counter.tally()
}

/// Pictures in paragraphs `start..end` (text boxes and table cells included).
fn pictures_in(doc: &Document, start: usize, end: usize) -> u32 {
    doc.paragraphs.get(start..end.max(start)).unwrap_or(&[]).iter().map(|p| p.pictures).fold(0, u32::saturating_add)
}

/// The visible text of a located part or section (its heading line excluded), paragraphs joined by '\n'.
pub fn text_of(doc: &Document, located: &Located) -> String {
    let mut out = String::new();
    if let Some(offset) = located.run_in {
        if let Some(p) = doc.paragraphs.get(located.heading) {
            out.push_str(p.text().get(offset..).unwrap_or(""));
        }
    }
    for p in doc.paragraphs.get(located.heading + 1..located.end).unwrap_or(&[]) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&p.text());
    }
    out
}

/// A heading paragraph and, for a run-in heading, the byte offset where its body starts.
type Head = (usize, Option<usize>);

/// How well a paragraph's text names a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    /// The heading with decoration around it ("“数据要素×”典型案例申报材料模板" for 申报材料).
    Loose,
    /// The heading followed by a colon and the body ("问题描述：本案例……").
    RunIn,
    Exact,
}

/// Longest text a heading line can have beyond the words of its title.
const LOOSE_EXTRA_CHARS: usize = 16;

/// Paragraphs longer than this are body text; only a run-in heading can start one.
const HEADING_MAX_CHARS: usize = 200;

/// A paragraph that can be a heading, read once per document: its text and, for a short line, its
/// heading key.
struct Candidate {
    text: String,
    key: Option<String>,
    outlined: bool,
}

impl Candidate {
    fn from_text(text: String, outlined: bool) -> Self {
        let key = (text.chars().count() <= HEADING_MAX_CHARS).then(|| heading_key(&text));
        Candidate { text, key, outlined }
    }

    /// Body paragraphs that can be headings: not table cells, not a table of contents.
    fn of(p: &Paragraph) -> Option<Self> {
        candidate_text(p).map(|text| Candidate::from_text(text, p.outline_level.is_some()))
    }
}

/// Every paragraph's [`Candidate`], indexed like `doc.paragraphs`.
fn candidates(doc: &Document) -> Vec<Option<Candidate>> {
    doc.paragraphs.iter().map(Candidate::of).collect()
}

fn fit(c: &Candidate, keys: &[String]) -> Option<(Fit, Option<usize>)> {
    let text = c.text.as_str();
    let Some(key) = &c.key else {
        return run_in(text, keys).map(|offset| (Fit::RunIn, Some(offset)));
    };
    if key.is_empty() {
        return None;
    }
    if keys.contains(key) {
        return Some((Fit::Exact, None));
    }
    if let Some(offset) = run_in(text, keys) {
        return Some((Fit::RunIn, Some(offset)));
    }
    let sentence = text.contains('。') || text.contains('；') || text.contains('，');
    let loose = keys.iter().any(|k| {
        !k.is_empty() && key.contains(k.as_str()) && key.chars().count() <= k.chars().count() + LOOSE_EXTRA_CHARS
    });
    (loose && !sentence).then_some((Fit::Loose, None))
}

/// A run-in heading: the part before the first colon names the heading; returns the byte offset of
/// the body in `text`.
fn run_in(text: &str, keys: &[String]) -> Option<usize> {
    let (colon, colon_len) =
        text.char_indices().take(40).find(|(_, c)| matches!(c, '：' | ':')).map(|(i, c)| (i, c.len_utf8()))?;
    let head = heading_key(&text[..colon]);
    let rest = text[colon + colon_len..].trim();
    (!rest.is_empty() && keys.contains(&head)).then_some(colon + colon_len)
}

fn keys_for(title: &str, aliases: &[String]) -> Vec<String> {
    std::iter::once(title)
        .chain(aliases.iter().map(String::as_str))
        .map(heading_key)
        .filter(|k| !k.is_empty())
        .collect()
}

/// The text of a paragraph that can be a heading: body text, not a table cell, not a table of contents.
fn candidate_text(p: &Paragraph) -> Option<String> {
    if !matches!(p.place, Place::Body) {
        return None;
    }
    if let Some(name) = p.style_name.as_deref().or(p.style_id.as_deref()) {
        let lower = name.to_lowercase();
        if lower.starts_with("toc") || lower.starts_with("目录") || lower.contains("toc heading") {
            return None;
        }
    }
    let text = p.text();
    let trimmed = text.trim_end();
    // A hand-made table of contents line ends with dot leaders or a tab and a page number.
    let tail: String = trimmed.chars().rev().take_while(|c| c.is_ascii_digit()).collect();
    if !tail.is_empty() {
        let before = trimmed[..trimmed.len() - tail.len()].trim_end();
        if before.ends_with(['\t', '.', '…', '·']) || trimmed[..trimmed.len() - tail.len()].ends_with('\t') {
            return None;
        }
    }
    (!trimmed.is_empty()).then_some(text)
}

/// Finds the best heading for `keys` among paragraphs `range`, preferring (in order) a better fit,
/// a paragraph with an outline level, and the first one at or after `after`.
fn find_heading(
    candidates: &[Option<Candidate>],
    range: std::ops::Range<usize>,
    keys: &[String],
    after: usize,
    taken: &[usize],
) -> Option<Head> {
    let mut best: Option<(Head, (Fit, bool, bool))> = None;
    for i in range {
        if taken.contains(&i) {
            continue;
        }
        let Some(slot) = candidates.get(i) else {
            break;
        };
        let Some(c) = slot else {
            continue;
        };
        let Some((quality, offset)) = fit(c, keys) else {
            continue;
        };
        let rank = (quality, c.outlined, i >= after);
        if best.is_none_or(|(_, best_rank)| rank > best_rank) {
            best = Some(((i, offset), rank));
        }
    }
    best.map(|(head, _)| head)
}

/// A rule's part (`at` = (part, None)) or section (`at` = (part, section)) found at `head`, its content
/// running to `end`, counted.
fn found(
    doc: &Document,
    notes: &NoteIndex<'_>,
    title: &str,
    at: (Option<usize>, Option<usize>),
    head: Head,
    end: usize,
) -> Located {
    let (h, run_in) = head;
    Located {
        title: title.to_owned(),
        level: if at.1.is_some() { 2 } else { 1 },
        part: at.0,
        section: at.1,
        heading: h,
        run_in,
        end,
        tally: tally_range(doc, notes, h + 1, end, run_in.map(|o| (h, o))),
        pictures: pictures_in(doc, h, end),
    }
}

/// Matches a rule form's parts and sections against the document.
pub fn locate(doc: &Document, form: &Form) -> Outline {
    let notes = NoteIndex::new(doc);
    let n = doc.paragraphs.len();
    let candidates = candidates(doc);
    let mut outline = Outline::default();

    // Parts first, in rule order.
    let mut part_heads: Vec<Option<Head>> = Vec::with_capacity(form.parts.len());
    let mut taken = Vec::new();
    let mut cursor = 0;
    for part in &form.parts {
        let keys = keys_for(&part.title, &part.aliases);
        let head = find_heading(&candidates, 0..n, &keys, cursor, &taken);
        if let Some((i, _)) = head {
            taken.push(i);
            cursor = cursor.max(i + 1);
        }
        part_heads.push(head);
    }

    // Each part's search region for its sections: up to the next found part heading in document order.
    let mut sorted: Vec<usize> = part_heads.iter().flatten().map(|(i, _)| *i).collect();
    sorted.sort_unstable();
    let next_head_after = |i: usize| sorted.iter().copied().find(|&h| h > i).unwrap_or(n);

    let mut section_heads: Vec<Vec<Option<Head>>> = Vec::with_capacity(form.parts.len());
    for (pi, part) in form.parts.iter().enumerate() {
        let region = match part_heads[pi] {
            Some((h, _)) => h + 1..next_head_after(h),
            None => {
                // A missing part heading: look between the neighbouring parts that were found.
                let prev = part_heads[..pi].iter().rev().flatten().next().map_or(0, |(h, _)| h + 1);
                let next = part_heads[pi + 1..].iter().flatten().map(|(h, _)| *h).min().unwrap_or(n);
                prev..next.max(prev)
            }
        };
        let mut cursor = region.start;
        let mut heads = Vec::with_capacity(part.sections.len());
        for section in &part.sections {
            let keys = keys_for(&section.title, &section.aliases);
            let head = find_heading(&candidates, region.clone(), &keys, cursor, &taken);
            if let Some((i, _)) = head {
                taken.push(i);
                cursor = cursor.max(i + 1);
            }
            heads.push(head);
        }
        section_heads.push(heads);
    }

    // Boundaries: every found part heading, plus the first section of a part whose heading is missing.
    let mut part_starts: Vec<usize> = sorted.clone();
    for (pi, heads) in section_heads.iter().enumerate() {
        if part_heads[pi].is_none() {
            if let Some(first) = heads.iter().flatten().map(|(i, _)| *i).min() {
                part_starts.push(first);
            }
        }
    }
    part_starts.sort_unstable();
    let part_end = |h: usize| part_starts.iter().copied().find(|&s| s > h).unwrap_or(n);

    for (pi, part) in form.parts.iter().enumerate() {
        let sections_found: Vec<usize> = section_heads[pi].iter().flatten().map(|(i, _)| *i).collect();
        match part_heads[pi] {
            Some((h, run_in)) => {
                let end = part_end(h);
                outline.found.push(found(doc, &notes, &part.title, (Some(pi), None), (h, run_in), end));
            }
            None => outline.missing_parts.push(pi),
        }
        let mut sorted_sections = sections_found.clone();
        sorted_sections.sort_unstable();
        let limit_of_part = part_heads[pi]
            .map(|(h, _)| part_end(h))
            .or_else(|| sorted_sections.first().map(|&f| part_end(f)))
            .unwrap_or(n);
        for (si, section) in part.sections.iter().enumerate() {
            match section_heads[pi][si] {
                Some((h, run_in)) => {
                    let end = sorted_sections
                        .iter()
                        .copied()
                        .find(|&s| s > h)
                        .unwrap_or(limit_of_part)
                        .min(limit_of_part.max(h + 1));
                    outline.found.push(found(doc, &notes, &section.title, (Some(pi), Some(si)), (h, run_in), end));
                }
                None => outline.missing_sections.push((pi, si)),
            }
        }
        // Sections out of template order within this part.
        let order: Vec<(usize, usize)> =
            section_heads[pi].iter().enumerate().filter_map(|(si, h)| h.map(|(i, _)| (si, i))).collect();
        push_inversions(&mut outline.out_of_order, &order, |si| part.sections[si].title.clone());
    }
    let order: Vec<(usize, usize)> =
        part_heads.iter().enumerate().filter_map(|(pi, h)| h.map(|(i, _)| (pi, i))).collect();
    push_inversions(&mut outline.out_of_order, &order, |pi| form.parts[pi].title.clone());
    outline
}

/// For (rule index, paragraph index) pairs in rule order, reports each adjacent pair found reversed.
fn push_inversions(out: &mut Vec<(String, String)>, order: &[(usize, usize)], title: impl Fn(usize) -> String) {
    for pair in order.windows(2) {
        let [(a, pa), (b, pb)] = [pair[0], pair[1]];
        if pb < pa {
            out.push((title(a), title(b)));
        }
    }
}

/// Headings found without a notice: paragraphs with an outline level, or hand-numbered Chinese
/// headings ("一、…" level 1, "（一）…" level 2, "1．…" level 3) on a short line of their own.
///
/// A line is short when, without the guidance in brackets that templates append ("1．项目的立项依据
/// （研究意义、国内外研究现状……）"), it has at most 40 characters; one ending in "。" is a sentence
/// unless the "。" closes such a note. Numbered items ("1．", "2．", …) under one heading are taken
/// together, so that a list is never split unevenly, one item counting the next ones' text: all of
/// them are headings when one is short and none is a sentence or runs past 150 characters (a
/// template's item may spell out at length what to write), and none is otherwise.
pub fn generic(doc: &Document) -> Vec<Located> {
    let notes = NoteIndex::new(doc);
    let mut heads: Vec<(usize, u8, String)> = Vec::new();
    // Level-3 items, grouped into lists below.
    let mut items: Vec<Item> = Vec::new();
    // The last heading of level 1 or 2: items under different ones are different lists.
    let mut parent = usize::MAX;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let Some(text) = candidate_text(p) else {
            continue;
        };
        let title = text.trim().to_owned();
        if let Some(level) = p.outline_level {
            if level <= 2 {
                parent = i;
            }
            heads.push((i, level, title));
            continue;
        }
        match numbered_level(&title) {
            Some(3) => {
                if let Some((number, separator)) = item_number(&title) {
                    items.push(Item { paragraph: i, parent, number, separator, shape: shape(&title), title });
                }
            }
            Some(level) if shape(&title).is_short() => {
                parent = i;
                heads.push((i, level, title));
            }
            _ => {}
        }
    }
    // Lists: consecutive numbers with one separator under one heading; a list of one is its item.
    let mut start = 0;
    while start < items.len() {
        let mut end = start + 1;
        while end < items.len()
            && items[end].parent == items[start].parent
            && items[end].separator == items[start].separator
            && items[end - 1].number.checked_add(1) == Some(items[end].number)
        {
            end += 1;
        }
        let list = &mut items[start..end];
        if list.iter().any(|item| item.shape.is_short())
            && list.iter().all(|item| !item.shape.sentence && item.shape.core <= LONGEST_ITEM)
        {
            heads.extend(list.iter_mut().map(|item| (item.paragraph, 3, std::mem::take(&mut item.title))));
        }
        start = end;
    }
    heads.sort_by_key(|(i, _, _)| *i);
    let n = doc.paragraphs.len();
    heads
        .iter()
        .enumerate()
        .map(|(k, (i, level, title))| {
            let end = heads[k + 1..].iter().find(|(_, l, _)| l <= level).map_or(n, |(j, _, _)| *j);
            Located {
                title: title.clone(),
                level: *level,
                part: None,
                section: None,
                heading: *i,
                run_in: None,
                end,
                tally: tally_range(doc, &notes, i + 1, end, None),
                pictures: pictures_in(doc, *i, end),
            }
        })
        .collect()
}

/// A numbered line of level 3 ("1．…") found without a notice.
struct Item {
    paragraph: usize,
    /// The heading of level 1 or 2 above it (`usize::MAX` before any).
    parent: usize,
    number: u32,
    separator: char,
    shape: Shape,
    title: String,
}

/// The longest numbered item, bracketed guidance left out, that a list of headings may hold.
const LONGEST_ITEM: usize = 150;

/// What tells a heading from body text.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// Characters, bracketed guidance after the start left out.
    core: usize,
    /// Ends in "。", other than one closing bracketed guidance.
    sentence: bool,
}

impl Shape {
    /// At most 40 characters and not a sentence.
    fn is_short(self) -> bool {
        self.core <= 40 && !self.sentence
    }
}

fn shape(title: &str) -> Shape {
    let mut core = 0usize;
    let mut depth = 0usize;
    for (k, c) in title.chars().enumerate() {
        match c {
            // A leading bracket is the number itself: "（一）".
            '（' | '(' if k > 0 => depth += 1,
            '）' | ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => core += 1,
            _ => {}
        }
    }
    let sentence = title.ends_with('。') && !title.trim_end_matches('。').ends_with(['）', ')']);
    Shape { core, sentence }
}

/// "3．…" → (3, '．'); "12、…" → (12, '、').
fn item_number(title: &str) -> Option<(u32, char)> {
    let digits: String = title.chars().take_while(char::is_ascii_digit).collect();
    let separator = title[digits.len()..].chars().next()?;
    Some((digits.parse().ok()?, separator))
}

/// "一、" → 1, "（一）"/"(一)" → 2, "1." / "1、" → 3.
fn numbered_level(title: &str) -> Option<u8> {
    let mut chars = title.chars();
    let first = chars.next()?;
    let is_cn = |c: char| CN_DIGITS.contains(c);
    if is_cn(first) {
        let rest: String = title.chars().skip_while(|&c| is_cn(c)).take(1).collect();
        return (rest == "、").then_some(1);
    }
    if first == '（' || first == '(' {
        let inner: String = chars.clone().take_while(|&c| is_cn(c)).collect();
        let after = chars.nth(inner.chars().count());
        return (!inner.is_empty() && matches!(after, Some('）' | ')'))).then_some(2);
    }
    if first.is_ascii_digit() {
        let rest: String = title.chars().skip_while(char::is_ascii_digit).take(1).collect();
        return matches!(rest.as_str(), "、" | "." | "．").then_some(3);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::docx::Run;

    fn para(text: &str) -> Paragraph {
        Paragraph { runs: vec![Run { text: text.into(), east_asian: false }], ..Default::default() }
    }

    fn fit(text: &str, keys: &[String]) -> Option<(Fit, Option<usize>)> {
        super::fit(&Candidate::from_text(text.to_owned(), false), keys)
    }

    #[test]
    fn fits_exact_loose_and_run_in() {
        let keys = keys_for("申报材料", &[]);
        assert_eq!(fit("“数据要素x”典型案例申报材料模板", &keys).map(|f| f.0), Some(Fit::Loose));
        assert_eq!(fit("本单位提交的申报材料内容、数据真实准确。", &keys), None);
        let keys = keys_for("问题描述", &[]);
        assert_eq!(fit("（一）问题描述", &keys).map(|f| f.0), Some(Fit::Exact));
        let (quality, offset) = fit("（一）问题描述：本案例解决了数据孤岛。", &keys).expect("run-in");
        assert_eq!(quality, Fit::RunIn);
        assert_eq!(&"（一）问题描述：本案例解决了数据孤岛。"[offset.expect("offset")..], "本案例解决了数据孤岛。");
    }

    #[test]
    fn toc_lines_are_not_headings() {
        assert!(candidate_text(&para("一、问题描述\t3")).is_none());
        assert!(candidate_text(&para("一、问题描述……………3")).is_none());
        assert!(candidate_text(&para("一、问题描述")).is_some());
    }

    #[test]
    fn generic_takes_a_numbered_list_whole() {
        // The NSFC 面上项目 template's outline: every line in Normal style, guidance in brackets.
        let lines = [
            "报告正文",
            "（一）立项依据与研究内容（建议8000字以下）：",
            "1．项目的立项依据（研究意义、国内外研究现状及发展动态分析，需结合科学研究发展趋势来论述科学意义；或结合国民经济和社会发展中迫切需要解决的关键科技问题来论述其应用前景。附主要参考文献目录）；",
            "立项依据的正文。",
            "2．项目的研究内容、研究目标，以及拟解决的关键科学问题（此部分为重点阐述内容）；",
            "3．拟采取的研究方案及可行性分析（包括研究方法、技术路线、实验手段、关键技术等说明）；",
            "4．本项目的特色与创新之处；",
            "5．年度研究计划及预期研究结果（包括拟组织的重要学术交流活动、国际合作与交流计划等）。",
            "（二）研究基础与工作条件",
            "1. 研究基础",
            "正文第一点：数据共享。",
            "2. 这是一句完整的正文，说明本单位近三年来在数据治理方面做了大量工作并取得明显成效，不是标题。",
            "（三）其他需要说明的情况",
            "1、数据来源",
        ];
        let doc = Document { paragraphs: lines.iter().map(|l| para(l)).collect(), ..Default::default() };
        let found = generic(&doc);
        let titles: Vec<(u8, &str)> =
            found.iter().map(|l| (l.level, l.title.split(['（', '(']).next().unwrap_or(""))).collect();
        assert_eq!(
            titles,
            [
                (2, ""),
                (3, "1．项目的立项依据"),
                (3, "2．项目的研究内容、研究目标，以及拟解决的关键科学问题"),
                (3, "3．拟采取的研究方案及可行性分析"),
                (3, "4．本项目的特色与创新之处；"),
                (3, "5．年度研究计划及预期研究结果"),
                (2, ""),
                (2, ""),
                (3, "1、数据来源"),
            ],
            "all five items of the first list, none of the second (its item 2 is a sentence), a list of one"
        );
        // Item 1 counts its own text, not items 2–5 as well.
        assert_eq!(found[1].tally.count.words, 8, "立项依据的正文。");
        // The second 研究基础 list is not split: （二） counts all its lines.
        assert_eq!(found[6].end, 12);

        // One item spelling out at length what to write does not hide its list; a number too large
        // for a list is an item of its own.
        let lines = [
            "一、研究内容",
            "1．研究目标",
            "2．拟解决的关键问题，包括数据采集、清洗、标注、共享和开放利用等各个环节中存在的主要瓶颈",
            "3．创新之处",
            "4294967295、甲",
            "正文内容。",
            "1、乙",
        ];
        let doc = Document { paragraphs: lines.iter().map(|l| para(l)).collect(), ..Default::default() };
        let levels: Vec<(usize, u8)> = generic(&doc).iter().map(|l| (l.heading, l.level)).collect();
        assert_eq!(levels, [(0, 1), (1, 3), (2, 3), (3, 3), (4, 3), (6, 3)]);
    }

    #[test]
    fn generic_outline_numbers() {
        assert_eq!(numbered_level("一、工作基础"), Some(1));
        assert_eq!(numbered_level("（二）拟达成的工作目标"), Some(2));
        assert_eq!(numbered_level("1.数据来源"), Some(3));
        assert_eq!(numbered_level("2024年"), None);
        assert_eq!(numbered_level("一是文字材料"), None);
    }
}
