//! A dossier.toml with TOML syntax errors: each broken line is named (full-width punctuation as such) and
//! left out, and the rest of the file is read, so that one typo does not lose the `notice` or the `[files]`.

use super::{line_column, ConfigProblem, ConfigProblemKind, Ignored, SyntaxError};

/// How many broken lines are left out before the file is given up: a file that broken is not a typo.
pub const MAX_BROKEN_LINES: usize = 20;

/// Full-width (Chinese input method) punctuation that TOML needs in its ASCII form, with that form.
const FULL_WIDTH: &[(char, char)] = &[
    ('＝', '='),
    ('“', '"'),
    ('”', '"'),
    ('＂', '"'),
    ('‘', '\''),
    ('’', '\''),
    ('［', '['),
    ('］', ']'),
    ('【', '['),
    ('】', ']'),
    ('，', ','),
    ('：', '='),
    ('＃', '#'),
    ('．', '.'),
    ('\u{3000}', ' '),
];

/// The text with every broken line blanked (bytes turned into spaces, so that every other problem keeps its
/// line, column and byte offsets) and one problem per broken line; `Err` with the first problem when the file
/// cannot be read even so.
pub fn salvage(text: &str) -> Result<(String, Vec<ConfigProblem>), ConfigProblem> {
    let mut blanked = text.to_owned();
    let mut problems = Vec::new();
    // Each round either returns or leaves out one more line: at most MAX_BROKEN_LINES + 1 rounds.
    loop {
        let (_, errors) = toml::de::DeTable::parse_recoverable(&blanked);
        // The first error in the text only: those after it may be its echoes.
        let Some(first) = errors.iter().min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start)) else {
            return Ok((blanked, problems));
        };
        let mut at = first.span().map_or(blanked.len(), |s| s.start.min(blanked.len()));
        while !blanked.is_char_boundary(at) {
            at -= 1;
        }
        let (start, end, message, at) = culprit(&blanked, at, first.message().trim());
        let line = &blanked[start..end];
        let mut problem = match full_width(line) {
            Some((offset, found, meant)) => ConfigProblem {
                at: Some(line_column(&blanked, start + offset)),
                ignored: Ignored::File,
                kind: ConfigProblemKind::FullWidth { found, meant },
            },
            None => ConfigProblem {
                at: Some(line_column(&blanked, at)),
                ignored: Ignored::File,
                kind: ConfigProblemKind::Syntax(SyntaxError::of(&message)),
            },
        };
        if problems.len() == MAX_BROKEN_LINES || line.trim().is_empty() {
            // Nothing on the line to leave out (an unclosed string or array runs on), or too many lines.
            return Err(give_up(problems, problem));
        }
        let (ignored, end) = match header(line) {
            Some(table) => (table, section_end(&blanked, end)),
            None if opens_array(line) => (key_of(line, current_table(&blanked, start)), array_end(&blanked, end)),
            None => (key_of(line, current_table(&blanked, start)), end),
        };
        problem.ignored = ignored.map_or(Ignored::Line, Ignored::Key);
        problems.push(problem);
        blank(&mut blanked, start, end);
    }
}

/// The first problem found, now that the whole file is left unused.
fn give_up(problems: Vec<ConfigProblem>, last: ConfigProblem) -> ConfigProblem {
    let mut first = problems.into_iter().next().unwrap_or(last);
    first.ignored = Ignored::File;
    first
}

/// The line to blame for an error the parser found at `at`, as its byte range, the error and where it is. The
/// parser finds an unclosed list or string only on a later line; that line, read alone, is fine, so the blame
/// goes up to the nearest line that is not fine alone. A line fine alone and nothing broken above it (a key
/// written twice) keeps the blame.
fn culprit(text: &str, at: usize, message: &str) -> (usize, usize, String, usize) {
    let (start, end) = line_bounds(text, at);
    // The error's line, then each line above it in turn.
    let (mut s, mut e) = (start, end);
    let blamed = loop {
        let found = alone_error(&text[s..e]).map(|(m, offset)| (s, e, m, s + offset));
        if found.is_some() || s == 0 {
            break found;
        }
        (s, e) = line_bounds(text, s - 1);
    };
    let Some((s, e, m, at)) = blamed else { return (start, end, message.to_owned(), at) };
    opener(text, s).unwrap_or((s, e, m, at))
}

/// When the line starting at `start` is an element of a list, the line that opened the list (and left it
/// open), with its error.
fn opener(text: &str, start: usize) -> Option<(usize, usize, String, usize)> {
    let mut up = start;
    loop {
        let (s, e) = line_bounds(text, up);
        if up == 0 || !is_element(&text[s..e]) {
            return None;
        }
        let (s, e) = line_bounds(text, s - 1);
        if opens_array(&text[s..e]) {
            return alone_error(&text[s..e]).map(|(m, offset)| (s, e, m, s + offset));
        }
        up = s;
    }
}

/// The first syntax error of one line read alone, and its byte offset in the line.
fn alone_error(line: &str) -> Option<(String, usize)> {
    let (_, errors) = toml::de::DeTable::parse_recoverable(line);
    let first = errors.iter().min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start))?;
    Some((first.message().trim().to_owned(), first.span().map_or(0, |s| s.start.min(line.len()))))
}

/// The byte range of the line that `at` falls in, without its line break.
fn line_bounds(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    (start, end)
}

/// The first full-width punctuation mark outside quotes on a line: its byte offset, and the mark meant.
fn full_width(line: &str) -> Option<(usize, char, char)> {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return None,
            None => {
                if let Some(&(found, meant)) = FULL_WIDTH.iter().find(|(f, _)| *f == c) {
                    return Some((i, found, meant));
                }
            }
        }
    }
    None
}

/// The table a `[header]` line opens (`[files` too, its bracket missing), unquoted.
fn header(line: &str) -> Option<Option<String>> {
    let rest = line.trim_start().strip_prefix(['[', '［', '【'])?;
    let name = rest.trim_start_matches('[').split([']', '］', '】', '#']).next().unwrap_or_default();
    Some(unquote(name))
}

/// The key a `key = value` line sets, dotted with the table it is in.
fn key_of(line: &str, table: Option<String>) -> Option<String> {
    let key = unquote(line.split(['=', '＝', '：', ':']).next().unwrap_or_default())?;
    if key.chars().any(char::is_whitespace) {
        return None;
    }
    Some(table.map_or_else(|| key.clone(), |t| format!("{t}.{key}")))
}

fn unquote(text: &str) -> Option<String> {
    let key = text.trim().trim_matches(['"', '\'', '“', '”']).trim();
    (!key.is_empty()).then(|| key.to_owned())
}

/// The table the line starting at `start` is in: the last header above it.
fn current_table(text: &str, start: usize) -> Option<String> {
    text[..start].lines().rev().find_map(header).flatten()
}

/// Where a table whose header line ends at `end` ends: before the next header, or at the end of the text.
fn section_end(text: &str, end: usize) -> usize {
    let mut offset = end;
    for line in text[end..].split_inclusive('\n') {
        if line.trim_start().starts_with('[') && offset > end {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

/// Whether a `key = [` line leaves its list open: then its elements on the lines below go with it.
fn opens_array(line: &str) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => break,
            (None, '[') => depth += 1,
            (None, ']') => depth -= 1,
            _ => {}
        }
    }
    depth > 0 && line.contains(['=', '＝'])
}

/// Where the elements of a list left open on the line ending at `end` stop: before the first line that is
/// not an element (`"b",`, `{ name = "…" },`, `]`).
fn array_end(text: &str, end: usize) -> usize {
    // `end` is at the line break of the line that opened the list.
    let mut offset = (end + 1).min(text.len());
    for line in text[offset..].split_inclusive('\n') {
        if !is_element(line) {
            break;
        }
        offset += line.len();
    }
    // Without its line break: the line after keeps its place.
    text[..offset].strip_suffix('\n').map_or(offset, str::len).max(end)
}

/// Whether a line is an element of a list written over several lines (`"b",`, `{ name = "…" },`, `]`).
fn is_element(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with([']', '{', ','])
        || trimmed.starts_with(['"', '\'']) && {
            // A quoted element, not a quoted key: no `=` after the closing quote.
            let quote = trimmed.chars().next().unwrap_or('"');
            let after = trimmed[1..].find(quote).map_or("", |i| &trimmed[i + 2..]);
            !after.trim_start().starts_with(['=', '＝'])
        }
}

/// Turns the bytes of `start..end` into spaces, line breaks kept.
fn blank(text: &mut String, start: usize, end: usize) {
    let replaced: String =
        text[start..end].chars().map(|c| if c == '\n' { "\n".to_owned() } else { " ".repeat(c.len_utf8()) }).collect();
    text.replace_range(start..end, &replaced);
}
