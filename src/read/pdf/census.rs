//! A cheap count of a PDF's objects before lopdf parses it.
//!
//! lopdf keeps every number, name and string of a file as an `Object` of about 60 bytes (more while a
//! long array grows): a 40 MB file of `1 1 1 …` took 2.5 GB to load. This pass walks the bytes once,
//! without allocating, and counts the objects the parse would make, so a file that would take more memory
//! than a check may spend is refused with a message instead. Stream data is skipped (it stays bytes), except
//! that of object streams (`/Type /ObjStm`), whose objects are parsed at load time: those are decoded
//! through whatever filters they name, each under [`MAX_OBJECT_STREAM_BYTES`] and all together under
//! [`MAX_OBJECT_STREAMS_TOTAL`], and counted too.
//!
//! The count errs high (it counts what lopdf folds together, like the two numbers of `12 0 R`): it is a
//! bound, not a census of record.

use memchr::memmem;

/// Objects a PDF may hold, counted as above, a dictionary as [`DICTIONARY_WEIGHT`]. Measured on a release
/// build, lopdf holds about 125 bytes per object so counted: 2 million numbers in an array took 250 MB, as
/// did 100,000 plain pages (2.0 million). With the rest of a check this keeps a file under 300 MB.
pub const MAX_OBJECTS: usize = 2_100_000;

/// A dictionary costs lopdf about five plain objects before its first entry (400,000 one-entry
/// dictionaries took 280 MB).
const DICTIONARY_WEIGHT: usize = 5;

/// An object stream is inflated for counting up to this size; lopdf is told the same bound when it loads.
pub const MAX_OBJECT_STREAM_BYTES: usize = 16 << 20;

/// Bytes decoded from all object streams of one file together, the same as the file's budget for the
/// streams a check inflates later. lopdf decodes every object stream when it loads a file, so a file of many
/// small bombs (each stopped at [`MAX_OBJECT_STREAM_BYTES`]) would cost time out of proportion: past this
/// total, the file is refused as too complex.
pub const MAX_OBJECT_STREAMS_TOTAL: usize = 256 << 20;

/// What the census found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tally {
    /// The objects counted, stopping early once past the limit.
    Objects(usize),
    /// An object stream decodes to more than [`MAX_OBJECT_STREAM_BYTES`] (which lopdf's load refuses too),
    /// or all of them to more than [`MAX_OBJECT_STREAMS_TOTAL`]: the bound passed, in MiB.
    StreamsOverBudget(usize),
}

/// How many objects a PDF would make when parsed, stopping early once past `limit`; or that its object
/// streams decode to more than a stream or a file may.
pub fn survey(bytes: &[u8], limit: usize) -> Tally {
    let mut census = Census { count: 0, limit, decoded_left: MAX_OBJECT_STREAMS_TOTAL, over_budget: None };
    census.scan(bytes, true);
    match census.over_budget {
        Some(bound) => Tally::StreamsOverBudget(bound >> 20),
        None => Tally::Objects(census.count),
    }
}

struct Census {
    count: usize,
    limit: usize,
    /// What is left of [`MAX_OBJECT_STREAMS_TOTAL`].
    decoded_left: usize,
    /// The decoding bound an object stream passed.
    over_budget: Option<usize>,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

impl Census {
    fn over(&self) -> bool {
        self.count > self.limit || self.over_budget.is_some()
    }

    /// Counts the objects in `bytes`. `file` is true for the file itself (whose streams are skipped and
    /// whose object streams are counted), false for the inside of an object stream.
    fn scan(&mut self, bytes: &[u8], file: bool) {
        let mut i = 0;
        // The last outermost dictionary, to look at it when a stream follows.
        let mut depth = 0usize;
        let mut last_dict_start = 0;
        let mut last_dict_end = 0;
        while i < bytes.len() && !self.over() {
            let b = bytes[i];
            match b {
                _ if is_white(b) => i += 1,
                b'%' => {
                    while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                        i += 1;
                    }
                }
                b'(' => {
                    self.count += 1;
                    i = skip_literal_string(bytes, i + 1);
                }
                b'<' if bytes.get(i + 1) == Some(&b'<') => {
                    self.count += DICTIONARY_WEIGHT;
                    if depth == 0 {
                        last_dict_start = i;
                    }
                    depth += 1;
                    i += 2;
                }
                b'<' => {
                    self.count += 1;
                    i = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |at| i + at + 1);
                }
                b'>' => {
                    if bytes.get(i + 1) == Some(&b'>') {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            last_dict_end = i + 2;
                        }
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                b'[' => {
                    self.count += 1;
                    i += 1;
                }
                b'/' => {
                    self.count += 1;
                    i += 1;
                    while i < bytes.len() && is_regular(bytes[i]) {
                        i += 1;
                    }
                }
                _ if is_delimiter(b) => i += 1,
                _ => {
                    let start = i;
                    while i < bytes.len() && is_regular(bytes[i]) {
                        i += 1;
                    }
                    match &bytes[start..i] {
                        // `12 0 R` is one object, not three.
                        b"R" => self.count = self.count.saturating_sub(1),
                        // A new object starts afresh, whatever the last one left open.
                        b"obj" | b"endobj" => depth = 0,
                        b"trailer" | b"startxref" => {}
                        b"stream" if file => {
                            let data_start = i;
                            let end = memmem::find(&bytes[data_start..], b"endstream")
                                .map_or(bytes.len(), |at| data_start + at);
                            let dict_before = last_dict_end <= start && last_dict_end > last_dict_start;
                            if dict_before && is_object_stream(&bytes[last_dict_start..last_dict_end]) {
                                self.object_stream(&bytes[last_dict_start..last_dict_end], &bytes[data_start..end]);
                            }
                            i = (end + b"endstream".len()).min(bytes.len());
                        }
                        // A classic cross-reference table is not parsed into objects.
                        b"xref" if file => {
                            i = memmem::find(&bytes[i..], b"trailer").map_or(bytes.len(), |at| i + at);
                        }
                        _ => self.count += 1,
                    }
                }
            }
        }
    }

    /// Counts the objects inside an object stream, decoded through its filters (any lopdf knows, in any
    /// chain) within [`MAX_OBJECT_STREAM_BYTES`] and what is left of the file's total. Past either bound
    /// the file is not parsed: lopdf's load, told the same bound, fails on such a stream anyway.
    fn object_stream(&mut self, dict: &[u8], data: &[u8]) {
        // The data begins after `stream` and its end of line.
        let data = data.strip_prefix(b"\r\n").or_else(|| data.strip_prefix(b"\n")).unwrap_or(data);
        let allowance = MAX_OBJECT_STREAM_BYTES.min(self.decoded_left);
        match super::raw_stream::decode(dict, data, allowance) {
            Ok(decoded) => {
                self.decoded_left -= decoded.len();
                self.scan(&decoded, false);
            }
            Err(super::raw_stream::Undecoded::OverLimit) => {
                let whole_file = allowance < MAX_OBJECT_STREAM_BYTES;
                self.over_budget = Some(if whole_file { MAX_OBJECT_STREAMS_TOTAL } else { MAX_OBJECT_STREAM_BYTES });
            }
            // Damaged, or a filter lopdf does not know: its load fails on it the same way.
            Err(super::raw_stream::Undecoded::Unreadable) => {}
        }
    }
}

fn is_object_stream(dict: &[u8]) -> bool {
    memmem::find_iter(dict, b"/ObjStm").any(|at| dict.get(at + 7).is_none_or(|&b| !is_regular(b)))
}

/// The position after a literal string whose opening parenthesis is just before `i`.
fn skip_literal_string(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 1usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The end of the next piece of a content stream that starts at `start`: the end of the first operation
/// that ends at least `size` bytes on, or the end of the stream. Pieces end between operations, so each
/// parses on its own and the walk can stop without lexing what it will not read.
///
/// `true` with it when a run of more than `max` operands without an operator begins before that: the piece
/// then ends where the run begins. lopdf gathers an operator's operands into one `Vec` before handing the
/// operation over, so `1 1 1 … m` inflated to 64 MB would cost gigabytes. Real pages have a few operands per
/// operator (a `TJ` array: some hundreds).
pub fn next_piece(content: &[u8], start: usize, size: usize, max: usize) -> (usize, bool) {
    let mut i = start;
    let mut run = 0usize;
    let mut run_start = start;
    while i < content.len() {
        let b = content[i];
        let token_start = i;
        match b {
            _ if is_white(b) => {
                i += 1;
                continue;
            }
            b'%' => {
                while i < content.len() && content[i] != b'\n' && content[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'(' => i = skip_literal_string(content, i + 1),
            b'<' if content.get(i + 1) == Some(&b'<') => i += 2,
            b'<' => i = memchr::memchr(b'>', &content[i..]).map_or(content.len(), |at| i + at + 1),
            b'[' => i += 1,
            b'/' => {
                i += 1;
                while i < content.len() && is_regular(content[i]) {
                    i += 1;
                }
            }
            _ if is_delimiter(b) => {
                i += 1;
                continue;
            }
            _ => {
                while i < content.len() && is_regular(content[i]) {
                    i += 1;
                }
                let word = &content[token_start..i];
                let operand =
                    matches!(word[0], b'0'..=b'9' | b'+' | b'-' | b'.') || matches!(word, b"true" | b"false" | b"null");
                if !operand {
                    if word == b"ID" {
                        i = inline_image_end(content, i);
                    }
                    if i - start >= size {
                        return (i, false);
                    }
                    run = 0;
                    run_start = i;
                    continue;
                }
            }
        }
        run += 1;
        if run > max {
            return (run_start, true);
        }
    }
    (content.len(), false)
}

/// Where in a content stream a run of more than `max` operands without an operator begins, if one does.
#[cfg(test)]
fn operand_overflow(content: &[u8], max: usize) -> Option<usize> {
    let (end, overflow) = next_piece(content, 0, usize::MAX, max);
    overflow.then_some(end)
}

/// The end of an inline image's data that starts at `i` (after `ID`): past the first `EI` that stands
/// alone between white space, as lopdf finds it.
fn inline_image_end(content: &[u8], i: usize) -> usize {
    let mut from = i;
    while let Some(at) = memmem::find(&content[from..], b"EI") {
        let at = from + at;
        let before = at > 0 && is_white(content[at - 1]);
        let after = content.get(at + 2).is_none_or(|&b| is_white(b));
        if before && after {
            return at + 2;
        }
        from = at + 2;
    }
    content.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_objects(bytes: &[u8], limit: usize) -> usize {
        match survey(bytes, limit) {
            Tally::Objects(n) => n,
            Tally::StreamsOverBudget(_) => usize::MAX,
        }
    }

    #[test]
    fn counts_what_the_parse_makes() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
            4 0 obj\n<< /Length 8 >>\nstream\n[1 2 3 4]\nendstream\nendobj\n\
            xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R (a (nested) string) >>\nstartxref\n9\n%%EOF\n";
        // 1 0 obj: << (5), /Type, /Catalog, /Pages, ref = 9, and the 1 0 before `obj` (counted high): 11;
        // 4 0 obj: 4 0 << /Length 8 = 9; trailer: <<, /Root, ref, string = 8; the offset after
        // startxref: 1. The stream and the xref table are not counted.
        assert_eq!(count_objects(pdf, usize::MAX), 29);
    }

    #[test]
    fn a_long_array_is_counted_and_the_count_stops_early() {
        let mut pdf = b"%PDF-1.7\n1 0 obj\n[".to_vec();
        pdf.extend(b"1 ".repeat(1000));
        pdf.extend(b"]\nendobj\n");
        assert!(count_objects(&pdf, usize::MAX) > 1000);
        assert_eq!(count_objects(&pdf, 10), 11);
    }

    #[test]
    fn a_run_of_operands_is_found_where_it_starts() {
        let content = b"q 1 0 0 1 0 0 cm BT /F1 12 Tf [(a) -120 (b)] TJ ET Q 0 0 m 1 2 3 4 5 6 7 8 9";
        assert_eq!(operand_overflow(content, 8), Some(content.len() - 18));
        assert_eq!(operand_overflow(content, 9), None);
        // Inline image data is not read as operands, nor a string as operators.
        let image = b"BI /W 4 /H 1 ID 1 2 3 4 5 6 7 8 EI (Q q Q) Tj";
        assert_eq!(operand_overflow(image, 4), None);
        assert_eq!(operand_overflow(image, 3), Some(2));
    }

    #[test]
    fn pieces_end_between_operations() {
        let content = b"0 0 m 10 10 l S (a) Tj 1 0 0 RG";
        assert_eq!(next_piece(content, 0, 1, 10), (5, false));
        assert_eq!(next_piece(content, 5, 8, 10), (13, false));
        assert_eq!(next_piece(content, 0, 1000, 10), (content.len(), false));
    }

    #[test]
    fn objects_inside_an_object_stream_are_counted() {
        use std::io::Write;
        let inner = b"1 0 ".iter().chain(b"1 ".repeat(5000).iter()).copied().collect::<Vec<u8>>();
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&inner).expect("deflate");
        let data = encoder.finish().expect("deflate");
        let mut pdf = b"%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n".to_vec();
        pdf.extend(&data);
        pdf.extend(b"\nendstream\nendobj\n");
        assert!(count_objects(&pdf, usize::MAX) > 5000);
    }
}
