//! No English inside a Chinese message. The wording tests (tests/findings*.rs) render every finding in both
//! languages into the `*_findings_wording` snapshots; this test reads each Chinese message and its help there
//! and fails on an English word (3 or more ASCII letters in a row) that is not one a Chinese user is meant
//! to read as it is: a code, a file name or path, a quoted value, a command, a TOML key, a notice id, or a
//! format name from [`ALLOWED`].
//!
//! Left out before looking: “…” and `…` and "…" spans (names and values from the user's files, commands),
//! and the system's own words after “系统信息：” up to the closing “）” (kept for a user to pass on to IT).

use std::path::Path;

/// Words a Chinese message may hold as they are, each group with why.
#[rustfmt::skip]
const ALLOWED: &[&str] = &[
    // Formats, encodings and units, written this way in the notices and in Chinese software.
    "PDF", "JPEG", "JPG", "PNG", "MP4", "MOV", "HEVC", "VP9", "AV1", "QuickTime", "CMYK", "RGB", "dpi", "UTF",
    "GBK", "CRC", "SHA", "sha256", "MiB", "KB", "MB", "GB", "TOML", "zip", "zip64", "deflate", "RTF", "UTC",
    "moov", "Word", "WPS", "Windows", "Excel", "HTML", "JSON",
    // Programs a user is told to open, by their own names.
    "Photoshop",
    // The program, its subcommands and its documentation, named so that a user can type or find them;
    // SIZE is the placeholder of --split SIZE as the help prints it.
    "shenbao", "check", "pack", "verify", "init", "notices", "explain", "count", "summary", "clean", "README",
    "SIZE",
    // dossier.toml and batch.toml keys and tables, written as the user must write them.
    "notice", "name", "unit", "unit_type", "team", "track", "region", "department", "priority", "round",
    "directions", "joint_units", "files", "licence", "application", "pictures", "field", "recommendation",
    "recommender",
];

/// The Chinese text of one snapshot: each `SBnnn … Zh…:` message and the `help:` lines under it, without
/// those labels.
fn chinese_lines(snap: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_zh = false;
    for line in snap.lines().skip_while(|l| *l != "---").skip(1).skip_while(|l| *l != "---").skip(1) {
        if line.starts_with("SB") {
            let head = line.split(':').next().unwrap_or_default();
            in_zh = head.split_whitespace().any(|w| w == "Zh");
            if in_zh {
                out.push(line.split_once(": ").map_or("", |(_, text)| text));
            }
        } else if in_zh {
            out.push(line.trim_start().strip_prefix("help:").unwrap_or(line).trim_start());
        }
    }
    out
}

/// `line` with quoted spans and the system's words blanked out.
fn without_quoted(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    let pairs: &[(&str, &str)] = &[("“", "”"), ("`", "`"), ("\"", "\""), ("系统信息：", "）")];
    loop {
        let next = pairs.iter().filter_map(|(open, close)| rest.find(open).map(|i| (i, *open, *close))).min();
        let Some((i, open, close)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        out.push(' ');
        let after = &rest[i + open.len()..];
        // The system's words may hold ASCII parentheses, never a full-width one: the last “）” of the span.
        rest = match after.find(close) {
            Some(j) => &after[j + close.len()..],
            None => "",
        };
    }
}

fn is_allowed(token: &str) -> bool {
    let letters_run = token.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() >= 3);
    if !letters_run {
        return true;
    }
    let code = token.len() == 5 && token.starts_with("SB") && token[2..].bytes().all(|b| b.is_ascii_digit());
    // A path or a file name: a slash, a backslash or an extension.
    let file = token.starts_with('.')
        || token.contains(['/', '\\'])
        || token.rsplit_once('.').is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
    // A notice id (ln-2024-cases) or a command-line flag (--notice).
    let id = token.starts_with("--")
        || token.split('-').nth(1).is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    // A hash shown to compare (sha256 prefixes).
    let hex = token.len() >= 8 && token.bytes().all(|b| b.is_ascii_hexdigit());
    code || file || id || hex || token.split('-').all(|w| ALLOWED.contains(&w) || w.bytes().all(|b| b.is_ascii_digit()))
}

/// Every `*_findings_wording` snapshot, by file name.
fn wording_snapshots() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/snapshots") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if name.starts_with("findings") && name.ends_with("_wording.snap") {
            out.push((name, std::fs::read_to_string(&path).expect("snapshot")));
        }
    }
    assert!(out.len() >= 10, "found only {} wording snapshots in {}", out.len(), dir.display());
    out
}

/// An optional part left out must take its brackets and its space with it, in both languages.
#[test]
fn no_message_has_empty_brackets_or_a_space_before_punctuation() {
    let mut bad = Vec::new();
    for (name, snap) in wording_snapshots() {
        for line in snap.lines() {
            if ["（）", "()", " ,", " ;", " ：", " ，"].iter().any(|p| line.contains(p)) {
                bad.push(format!("{name}: {line}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn chinese_messages_hold_no_english_words() {
    let mut bad = Vec::new();
    for (name, snap) in wording_snapshots() {
        for line in chinese_lines(&snap) {
            let plain = without_quoted(line);
            let token_char = |c: char| c.is_ascii_alphanumeric() || "_-./\\:@[]".contains(c);
            for token in plain
                .split(|c: char| !token_char(c))
                .map(|t| t.trim_start_matches('[').trim_end_matches(['.', ':', ']']))
            {
                if !is_allowed(token) {
                    bad.push(format!("{name}: “{token}” in: {line}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "English words in Chinese messages:\n{}", bad.join("\n"));
}

#[test]
fn the_guard_sees_english_and_lets_names_pass() {
    let line = "SB999 Zh: 无法读取“a b c”：Permission denied，见 `shenbao check` 和 申报书.docx（系统信息：Is a directory (os error 21)）";
    let plain = without_quoted(line);
    let words: Vec<&str> = plain.split(|c: char| !c.is_ascii_alphanumeric() && !"_-./".contains(c)).collect();
    let flagged: Vec<&&str> = words.iter().filter(|t| !is_allowed(t)).collect();
    assert_eq!(flagged, [&"Permission", &"denied"]);
    assert_eq!(chinese_lines("---\nx\n---\nSB001 Zh: 甲\n    help: 乙\nSB001 En: a\n    help: b\n"), ["甲", "乙"]);
}
