//! A small pull scanner for the XML of OOXML parts, in place of a general XML reader.
//!
//! It hands out tags, end tags, character data and CDATA as slices of the part, and does nothing
//! else until asked: attributes are split only when one is looked up, character data is unescaped
//! only where the caller keeps it. That is what keeps counting within a small multiple of merely
//! inflating document.xml (benches/count.rs): a general reader's events alone cost more than that.
//!
//! What it checks is what the .docx reader relies on: tags are closed, end tags match the open
//! element, the part does not end inside an element, and (in [`Scanner::new`]) the part is UTF-8.
//! Comments, processing instructions and the DOCTYPE (with any entity declarations) are skipped;
//! only the five predefined entities and character references are resolved, so a hostile
//! "billion laughs" DTD expands to nothing.

use std::borrow::Cow;

use memchr::{memchr, memmem};

/// What the scanner hands out. Every slice borrows from the part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// `<name attributes>`
    Start(Tag<'a>),
    /// `<name attributes/>`
    Empty(Tag<'a>),
    /// `</name>`
    End,
    /// Character data as written: references unresolved, line ends not normalised (see [`text`]).
    Text(&'a str),
    /// The content of `<![CDATA[…]]>`.
    CData(&'a str),
}

/// A start or empty-element tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    name: &'a str,
    /// Everything between the name and the closing `>` or `/>`.
    attrs: &'a str,
}

impl<'a> Tag<'a> {
    /// The qualified name as written (`w:p`).
    pub(crate) fn name(&self) -> &'a str {
        self.name
    }

    /// The attributes as written, between the name and the closing `>` or `/>`.
    pub(crate) fn raw_attrs(&self) -> &'a str {
        self.attrs
    }

    /// The prefix (`w`) if any, and the local name (`p`).
    pub(crate) fn split(&self) -> (Option<&'a str>, &'a str) {
        // Prefixes are a few bytes: a plain loop, not memchr.
        match self.name.bytes().position(|b| b == b':') {
            Some(i) => (Some(&self.name[..i]), &self.name[i + 1..]),
            None => (None, self.name),
        }
    }

    pub(crate) fn local(&self) -> &'a str {
        self.split().1
    }

    /// The attributes as (qualified name, raw value) pairs. Iteration stops at the first malformed one.
    pub(crate) fn attrs(&self) -> Attrs<'a> {
        Attrs { rest: self.attrs }
    }

    /// The value of the attribute with this local name (`w:val` → "val"), references resolved.
    pub(crate) fn attr(&self, local: &str) -> Option<Cow<'a, str>> {
        self.attrs().find(|(name, _)| has_local_name(name, local)).map(|(_, v)| value(v))
    }
}

/// `w:val` and `val` have the local name "val".
fn has_local_name(name: &str, local: &str) -> bool {
    match name.len().checked_sub(local.len()) {
        Some(0) => name == local,
        Some(colon) => name.as_bytes()[colon - 1] == b':' && name.ends_with(local),
        None => false,
    }
}

/// The attributes of a [`Tag`].
pub(crate) struct Attrs<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        // One pass of index loops (attributes are short; `w:rFonts` is looked up in every run):
        // `name`, optional space, '=', optional space, a quoted value.
        let bytes = self.rest.as_bytes();
        let skip_space = |mut i: usize| {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            i
        };
        let start = skip_space(0);
        let mut name_end = start;
        while name_end < bytes.len() && bytes[name_end] != b'=' && !is_space(bytes[name_end]) {
            name_end += 1;
        }
        let eq = skip_space(name_end);
        let open = skip_space(eq + 1);
        let quote = bytes.get(open).copied().filter(|&q| q == b'"' || q == b'\'');
        let close = quote.and_then(|q| memchr(q, &bytes[open + 1..])).map(|i| open + 1 + i);
        let (true, Some(close)) = (name_end > start && bytes.get(eq) == Some(&b'='), close) else {
            self.rest = "";
            return None;
        };
        // Every index above is at an ASCII byte, so each slice falls on character boundaries.
        let name = &self.rest[start..name_end];
        let value = &self.rest[open + 1..close];
        self.rest = &self.rest[close + 1..];
        Some((name, value))
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn trim_space_end(s: &str) -> &str {
    s.trim_end_matches([' ', '\t', '\n', '\r'])
}

/// Deepest element nesting the scanner follows. Each open element costs the scanner and the .docx
/// walker a few dozen bytes, so without a bound 64 MiB of `<a>` would cost over a gigabyte. Real
/// parts nest a few dozen deep; the cap stays far above that (and above the 200 000-level hostile
/// tests that must still read), while keeping the stacks under about 40 MB.
pub(crate) const MAX_DEPTH: usize = 1_000_000;

/// A malformed part: the byte offset in the scanned text and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Error {
    pub(crate) position: u64,
    pub(crate) message: String,
    /// Elements nest deeper than [`MAX_DEPTH`]: not malformed, but refused.
    pub(crate) too_deep: bool,
}

impl Error {
    fn at(position: usize, message: impl Into<String>) -> Self {
        Self { position: position as u64, message: message.into(), too_deep: false }
    }
}

/// An element name from the part, as shown in a message: a hostile part's names can be megabytes long.
fn shown(name: &str) -> &str {
    const SHOWN: usize = 64;
    if name.len() <= SHOWN {
        return name;
    }
    let mut end = SHOWN;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// The part as text. Invalid UTF-8 is an error at the first bad byte.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => {
            let valid = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
            Err(Error::at(valid, "not valid UTF-8"))
        }
    }
}

pub(crate) struct Scanner<'a> {
    xml: &'a str,
    pos: usize,
    /// Names of the open elements, innermost last.
    open: Vec<&'a str>,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(xml: &'a str) -> Self {
        Self { xml, pos: 0, open: Vec::new() }
    }

    /// The next token, `None` at the end of a well-formed part.
    #[allow(clippy::should_implement_trait)] // fallible: not an Iterator
    pub(crate) fn next(&mut self) -> Result<Option<Token<'a>>, Error> {
        let bytes = self.xml.as_bytes();
        loop {
            let start = self.pos;
            let Some(&first) = bytes.get(start) else {
                return match self.open.last() {
                    Some(name) => Err(Error::at(start, format!("the part ends inside <{}>", shown(name)))),
                    None => Ok(None),
                };
            };
            if first != b'<' {
                let end = memchr(b'<', &bytes[start..]).map_or(bytes.len(), |i| start + i);
                self.pos = end;
                return Ok(Some(Token::Text(&self.xml[start..end])));
            }
            match bytes.get(start + 1) {
                Some(b'/') => return self.end_tag(start).map(Some),
                Some(b'!') => {
                    if let Some(token) = self.declaration(start)? {
                        return Ok(Some(token));
                    }
                }
                Some(b'?') => {
                    let end = find(bytes, start + 2, b"?>")
                        .ok_or_else(|| Error::at(start, "unclosed processing instruction"))?;
                    self.pos = end + 2;
                }
                _ => return self.start_tag(start).map(Some),
            }
        }
    }

    fn start_tag(&mut self, start: usize) -> Result<Token<'a>, Error> {
        let bytes = self.xml.as_bytes();
        let name_start = start + 1;
        let name_end = bytes[name_start..]
            .iter()
            .position(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>'))
            .map_or(bytes.len(), |i| name_start + i);
        if name_end == name_start {
            return Err(Error::at(start, "a tag without a name"));
        }
        // The closing '>', stepping over quoted attribute values (which may hold '>'). Tags are short,
        // so a plain loop; memchr's set-up costs more than it saves over a few dozen bytes.
        // Two tight loops, outside and inside a value, rather than one that tests a quote state at
        // every byte: this loop is the scanner's hottest.
        let mut at = name_end;
        let gt = loop {
            match bytes.get(at) {
                None => return Err(Error::at(start, "unclosed tag")),
                Some(b'>') => break at,
                Some(&quote @ (b'"' | b'\'')) => {
                    let open = at;
                    at += 1;
                    while bytes.get(at).ok_or_else(|| Error::at(open, "unclosed attribute value"))? != &quote {
                        at += 1;
                    }
                }
                Some(_) => {}
            }
            at += 1;
        };
        self.pos = gt + 1;
        let name = &self.xml[name_start..name_end];
        let empty = gt > name_end && bytes[gt - 1] == b'/';
        let attrs = &self.xml[name_end..if empty { gt - 1 } else { gt }];
        let tag = Tag { name, attrs };
        if empty {
            Ok(Token::Empty(tag))
        } else {
            if self.open.len() >= MAX_DEPTH {
                let mut e = Error::at(start, format!("elements nested more than {MAX_DEPTH} deep"));
                e.too_deep = true;
                return Err(e);
            }
            self.open.push(name);
            Ok(Token::Start(tag))
        }
    }

    fn end_tag(&mut self, start: usize) -> Result<Token<'a>, Error> {
        let bytes = self.xml.as_bytes();
        let Some(i) = memchr(b'>', &bytes[start + 2..]) else {
            return Err(Error::at(start, "unclosed end tag"));
        };
        let gt = start + 2 + i;
        let name = trim_space_end(&self.xml[start + 2..gt]);
        match self.open.pop() {
            Some(open) if open == name => {
                self.pos = gt + 1;
                Ok(Token::End)
            }
            Some(open) => Err(Error::at(start, format!("expected </{}>, found </{}>", shown(open), shown(name)))),
            None => Err(Error::at(start, format!("</{}> closes nothing", shown(name)))),
        }
    }

    /// `<!--…-->` and `<!DOCTYPE…>` are skipped (`None`); `<![CDATA[…]]>` is a token.
    fn declaration(&mut self, start: usize) -> Result<Option<Token<'a>>, Error> {
        let bytes = self.xml.as_bytes();
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            let end = find(bytes, start + 4, b"-->").ok_or_else(|| Error::at(start, "unclosed comment"))?;
            self.pos = end + 3;
            return Ok(None);
        }
        if rest.starts_with(b"<![CDATA[") {
            let body = start + 9;
            let end = find(bytes, body, b"]]>").ok_or_else(|| Error::at(start, "unclosed CDATA section"))?;
            self.pos = end + 3;
            return Ok(Some(Token::CData(&self.xml[body..end])));
        }
        // A DOCTYPE: up to the '>' outside its internal subset and outside quotes.
        let mut depth = 0usize;
        let mut quote = None;
        for (i, &b) in bytes.iter().enumerate().skip(start + 2) {
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'[') => depth += 1,
                (None, b']') => depth = depth.saturating_sub(1),
                (None, b'>') if depth == 0 => {
                    self.pos = i + 1;
                    return Ok(None);
                }
                _ => {}
            }
        }
        Err(Error::at(start, "unclosed declaration"))
    }
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memmem::find(&bytes[from..], needle).map(|i| from + i)
}

/// Character data as the document means it: references resolved, line ends normalised to '\n'.
/// Entities other than the five predefined ones (declared in a DTD) are dropped.
pub(crate) fn text(raw: &str) -> Cow<'_, str> {
    if memchr::memchr2(b'&', b'\r', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '\r']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix('\r') {
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
            continue;
        }
        // A reference is a name (or `#` and digits) closed by ';'; anything else is a bare '&'.
        let name_len = rest[1..].bytes().take(32).take_while(|&b| b.is_ascii_alphanumeric() || b == b'#').count();
        if name_len > 0 && rest.as_bytes().get(1 + name_len) == Some(&b';') {
            if let Some(c) = reference(&rest[1..=name_len]) {
                out.push(c);
            }
            rest = &rest[name_len + 2..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// An attribute value as the document means it: references resolved, white space normalised to spaces.
pub(crate) fn value(raw: &str) -> Cow<'_, str> {
    if !raw.as_bytes().iter().any(|&b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')) {
        return Cow::Borrowed(raw);
    }
    let resolved = text(raw);
    Cow::Owned(resolved.replace(['\t', '\n', '\r'], " "))
}

/// `lt`, `#20013`, `#x4E2D` → the character; `None` for other entities and bad references.
fn reference(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x") {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse::<u32>().ok()?
    } else {
        return match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "quot" => Some('"'),
            _ => None,
        };
    };
    char::from_u32(code).filter(|&c| c != '\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(xml: &str) -> Result<Vec<String>, Error> {
        let mut scanner = Scanner::new(xml);
        let mut out = Vec::new();
        while let Some(token) = scanner.next()? {
            out.push(match token {
                Token::Start(t) => format!("<{}{}>", t.name(), attr_list(&t)),
                Token::Empty(t) => format!("<{}{}/>", t.name(), attr_list(&t)),
                Token::End => "</>".to_owned(),
                Token::Text(t) => format!("{:?}", text(t)),
                Token::CData(t) => format!("cdata {t:?}"),
            });
        }
        Ok(out)
    }

    fn attr_list(tag: &Tag<'_>) -> String {
        tag.attrs().map(|(k, v)| format!(" {k}={:?}", value(v))).collect()
    }

    #[test]
    fn tags_text_and_attributes() {
        let xml = "<?xml version=\"1.0\"?>\n<w:p a='1' w:val = \"x &amp; y\"><w:t xml:space=\"preserve\">中 &lt;b&gt; &#x4E2D;&#25991;</w:t><w:br/><w:sym w:char=\"F0B7\" /></w:p>";
        assert_eq!(
            tokens(xml).expect("well-formed"),
            [
                "\"\\n\"",
                "<w:p a=\"1\" w:val=\"x & y\">",
                "<w:t xml:space=\"preserve\">",
                "\"中 <b> 中文\"",
                "</>",
                "<w:br/>",
                "<w:sym w:char=\"F0B7\"/>",
                "</>",
            ]
        );
        let mut scanner = Scanner::new("<w:rFonts w:ascii=\"宋体\" w:hint=\"eastAsia\"/>");
        let Ok(Some(Token::Empty(tag))) = scanner.next() else { panic!("an empty tag") };
        assert_eq!(tag.split(), (Some("w"), "rFonts"));
        assert_eq!(tag.attr("hint").as_deref(), Some("eastAsia"));
        assert_eq!(tag.attr("eastAsia"), None);
    }

    #[test]
    fn quoted_values_may_hold_markup_characters() {
        assert_eq!(tokens("<a b=\"x>y\" c='\"/>'/>").expect("well-formed"), ["<a b=\"x>y\" c=\"\\\"/>\"/>"]);
    }

    #[test]
    fn comments_instructions_cdata_and_doctype() {
        let xml =
            "<!DOCTYPE d [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]><d><!-- <x> --><?pi x?><![CDATA[<中>]]>&b;</d>";
        assert_eq!(tokens(xml).expect("well-formed"), ["<d>", "cdata \"<中>\"", "\"\"", "</>"]);
    }

    #[test]
    fn line_ends_and_bare_ampersands() {
        assert_eq!(text("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(text("AT&T &unknown; &#0; &#xZZ;"), "AT&T   ");
        assert_eq!(value("a\tb\nc"), "a b c");
    }

    #[test]
    fn malformed_parts_are_errors_with_positions() {
        let err = |xml: &str| tokens(xml).expect_err(xml);
        assert_eq!(err("<a><b></a>").position, 6);
        assert!(err("<a><b></a>").message.contains("expected </b>"));
        assert_eq!(err("<a>").message, "the part ends inside <a>");
        assert!(err("</a>").message.contains("closes nothing"));
        assert_eq!(err("<a b=\"x></a>").message, "unclosed attribute value");
        assert_eq!(err("<a").message, "unclosed tag");
        assert_eq!(err("<>").message, "a tag without a name");
        assert_eq!(err("<a><!-- x").message, "unclosed comment");
        assert_eq!(err("<a><![CDATA[x").message, "unclosed CDATA section");
        assert_eq!(utf8(b"<a>\xFF</a>").expect_err("bad byte").position, 3);
    }

    #[test]
    fn deep_nesting_is_a_stack_not_recursion() {
        let xml = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
        assert_eq!(tokens(&xml).expect("well-formed").len(), 200_000);
    }

    #[test]
    fn nesting_past_the_cap_is_refused_and_long_names_are_cut_in_messages() {
        let xml = format!("{}{}", "<a>".repeat(MAX_DEPTH + 1), "</a>".repeat(MAX_DEPTH + 1));
        let err = tokens(&xml).expect_err("too deep");
        assert!(err.too_deep);
        assert_eq!(err.position, 3 * MAX_DEPTH as u64);
        let at_cap = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(tokens(&at_cap).is_ok());

        let long = "x".repeat(10_000);
        let err = tokens(&format!("<{long}></y>")).expect_err("mismatch");
        assert!(!err.too_deep);
        assert!(err.message.len() < 200, "{}", err.message);
    }

    // --- against quick-xml ------------------------------------------------------------------------

    /// A part as quick-xml reads it, in the form [`ours`] gives: tags with their attributes resolved,
    /// and character data joined between tags (quick-xml splits it at every reference). `None` when
    /// quick-xml finds the part malformed.
    fn reference_tokens(xml: &str) -> Option<Vec<String>> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut out = Vec::new();
        let mut pending = String::new();
        let tag = |e: &quick_xml::events::BytesStart<'_>| -> Option<String> {
            let mut s = e.name().as_ref().to_owned();
            for a in e.attributes().with_checks(false) {
                let a = a.ok()?;
                let key: &str = a.key.as_ref();
                // quick-xml normalises line ends in values; the XML spec (and the scanner) make every
                // white-space character a space.
                let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?.replace(['\t', '\n', '\r'], " ");
                s.push_str(&format!(" {key}={v:?}"));
            }
            Some(s)
        };
        loop {
            let event = reader.read_event().ok()?;
            if matches!(event, Event::Start(_) | Event::Empty(_) | Event::End(_) | Event::Eof) && !pending.is_empty() {
                out.push(format!("{:?}", std::mem::take(&mut pending)));
            }
            match event {
                Event::Start(e) => out.push(format!("<{}>", tag(&e)?)),
                Event::Empty(e) => out.push(format!("<{}/>", tag(&e)?)),
                Event::End(_) => out.push("</>".to_owned()),
                Event::Text(t) => pending.push_str(&t.xml10_content()),
                Event::CData(t) => pending.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let c = if r.is_char_ref() { r.resolve_char_ref().ok().flatten() } else { reference(&r) };
                    pending.extend(c);
                }
                Event::Eof => return Some(out),
                _ => {}
            }
        }
    }

    fn ours(xml: &str) -> Result<Vec<String>, Error> {
        let mut scanner = Scanner::new(xml);
        let mut out = Vec::new();
        let mut pending = String::new();
        while let Some(token) = scanner.next()? {
            if !matches!(token, Token::Text(_) | Token::CData(_)) && !pending.is_empty() {
                out.push(format!("{:?}", std::mem::take(&mut pending)));
            }
            match token {
                Token::Start(t) => out.push(format!("<{}{}>", t.name(), attr_list(&t))),
                Token::Empty(t) => out.push(format!("<{}{}/>", t.name(), attr_list(&t))),
                Token::End => out.push("</>".to_owned()),
                Token::Text(t) => pending.push_str(&text(t)),
                Token::CData(t) => pending.push_str(&text(t)),
            }
        }
        if !pending.is_empty() {
            out.push(format!("{pending:?}"));
        }
        Ok(out)
    }

    /// Every XML part of every .docx in ../shared/corpus: wherever quick-xml reads a part, the scanner
    /// reads the same tags, attributes and text; and the scanner refuses no part quick-xml reads.
    #[test]
    fn the_corpus_scans_as_quick_xml_reads_it() {
        use std::io::Read;
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        if !corpus.is_dir() {
            eprintln!("skipped: {} not found", corpus.display());
            return;
        }
        let (mut parts, mut compared) = (0, 0);
        for entry in walkdir::WalkDir::new(&corpus).into_iter().filter_map(Result::ok) {
            let path = entry.path();
            if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")) {
                continue;
            }
            let Ok(bytes) = std::fs::read(path) else { continue };
            let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { continue };
            for i in 0..zip.len() {
                let Ok(mut file) = zip.by_index(i) else { continue };
                let Ok(name) = file.name().map(|n| n.into_owned()) else { continue };
                if !(name.ends_with(".xml") || name.ends_with(".rels")) || file.size() > 16 << 20 {
                    continue;
                }
                let mut raw = Vec::new();
                if file.read_to_end(&mut raw).is_err() {
                    continue;
                }
                let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&raw);
                let Ok(xml) = std::str::from_utf8(raw) else { continue };
                parts += 1;
                let Some(expected) = reference_tokens(xml) else { continue };
                compared += 1;
                let got = ours(xml).unwrap_or_else(|e| panic!("{} {name}: {e:?}", path.display()));
                if got != expected {
                    let at =
                        got.iter().zip(&expected).position(|(a, b)| a != b).unwrap_or(got.len().min(expected.len()));
                    panic!(
                        "{} {name}: token {at} differs: ours {:?}, quick-xml {:?}",
                        path.display(),
                        got.get(at),
                        expected.get(at)
                    );
                }
            }
        }
        eprintln!("{compared} of {parts} XML parts compared with quick-xml");
        assert!(compared > 1000, "the corpus holds thousands of XML parts; compared {compared}");
    }
}
