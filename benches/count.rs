//! 字数 over 600 generated 申报书 (120 of each notice's shape, tests/support/dossier_gen.rs): shenbao's
//! reader and counter against the floor — a pass that only opens each zip and inflates
//! word/document.xml, in one call as shenbao's reader does (a row shows the zip crate's streaming
//! reader, slower) — and against the peer a user would script: python-docx for the text of every
//! paragraph (body and table cells) and a Word-rule counter in Python, all files in one process.
//! Plain std: `cargo bench --bench count`. The peer runs when `python3 -c "import docx"` works
//! (`pip install python-docx`); `SHENBAO_BENCH_PYTHON` names another interpreter.
//!
//! One run measures all three, single-threaded, page cache warm: the shenbao and floor passes
//! alternate `SHENBAO_BENCH_RUNS` times (default 5; the best of each is kept), the peer runs once
//! between them. Only ratios measured in the same run are compared: these machines are noisy.
//! `SHENBAO_BENCH_N` sets the number of files.
//!
//! The throughput is measured in-process (`read_docx_with(.., Scope::Text)` + `document_tally`, what
//! `shenbao count` runs): one
//! `shenbao count` process per file spends several milliseconds starting and loading rules, over ten
//! times the count itself, so the CLI runs only once per notice shape, to check it gives the same totals.
//! A phase row times quick-xml's events over document.xml alone, the least any reader built on it pays.
//! Two rows bound any Word-rule counter from below: the parts a count must read, inflated, and then
//! every tag of document.xml found with nothing done with it; the line after the targets says how
//! much of the floor target that leaves for the reading and counting themselves.
//!
//! Targets: shenbao ≥ 30× the peer's throughput, and within 3× of the floor's time.

#[path = "../tests/support/dossier_gen.rs"]
#[allow(dead_code)]
mod dossier_gen;

use shenbao::count::Tally;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const N: usize = 600;
const RUNS: usize = 5;
const SEED: u64 = 2024;
const TARGET_PEER: f64 = 30.0;
const TARGET_FLOOR: f64 = 3.0;

/// The peer: what a user who read the counting rules (../shared/count/README.md) would script. Every CJK
/// character is one word, every run of other non-space characters one word, paragraph and cell
/// boundaries end a run; “ ” — … are left as python-docx gives them, with no font hint, so they read as
/// Latin marks (shenbao's `words_low`). File paths on stdin; `path<TAB>words` lines on stdout; the
/// loop's seconds (without interpreter start and imports) on stderr.
const PEER_PY: &str = r#"import re
import sys
import time

import docx

CJK = (
    "\u1100-\u11ff\u2e80-\u2fff\u3001-\u303f\u3040-\u31ff\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uffef"
    "\U00020000-\U0003ffff"
)
# One CJK character, or a run of anything else that is not white space.
WORD = re.compile("[" + CJK + "]|[^\\s" + CJK + "]+")


def words(text):
    return len(WORD.findall(text))


def paragraphs(container):
    for p in container.paragraphs:
        yield p.text
    for table in container.tables:
        # A merged cell is returned once per grid row and column it spans: count it once.
        seen = []
        for row in table.rows:
            for cell in row.cells:
                if any(cell._tc is tc for tc in seen):
                    continue
                seen.append(cell._tc)
                yield from paragraphs(cell)


def count(path):
    return sum(words(t) for t in paragraphs(docx.Document(path)))


paths = [line.rstrip("\n") for line in sys.stdin if line.strip()]
start = time.perf_counter()
out = [f"{p}\t{count(p)}" for p in paths]
seconds = time.perf_counter() - start
print("\n".join(out))
print(f"{seconds:.6f}", file=sys.stderr)
"#;

fn env_usize(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok()?;
    Some(value.trim().parse().unwrap_or_else(|_| panic!("{name}={value}: not a number")))
}

/// shenbao as the library runs it for `count`: the reader over what the 字数 depends on (document,
/// styles, notes, settings: `Scope::Text`) and the Word-rule tally.
fn shenbao_pass(files: &[PathBuf]) -> (Duration, Vec<Tally>) {
    let start = Instant::now();
    let tallies = files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).expect("read");
            let doc = shenbao::read::docx::read_docx_with(&bytes, shenbao::read::docx::Scope::Text)
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            shenbao::outline::document_tally(&doc)
        })
        .collect();
    (start.elapsed(), tallies)
}

/// Reads `file` and inflates its word/document.xml into `xml` the way shenbao's reader does: the
/// deflated bytes straight from the file's bytes, inflated in one call into a buffer of the declared size.
fn inflate_document(file: &Path, xml: &mut Vec<u8>) {
    let bytes = std::fs::read(file).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("a zip");
    let mut inflater = flate2::Decompress::new(false);
    assert!(inflate_part(&bytes, &mut zip, "word/document.xml", &mut inflater, xml), "{}", file.display());
}

/// Inflates the part `name` of the package `bytes` into `xml` in one call; false when there is none.
fn inflate_part(
    bytes: &[u8],
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    inflater: &mut flate2::Decompress,
    xml: &mut Vec<u8>,
) -> bool {
    let Some(index) = zip.index_for_name(name) else {
        return false;
    };
    let part = zip.by_index_raw(index).expect("the part");
    let start = usize::try_from(part.data_start().expect("located")).expect("fits");
    let raw = &bytes[start..start + usize::try_from(part.compressed_size()).expect("fits")];
    xml.clear();
    if part.compression() == zip::CompressionMethod::Stored {
        xml.extend_from_slice(raw);
        return true;
    }
    xml.reserve(usize::try_from(part.size()).expect("fits") + 1);
    inflater.reset(false);
    let status = inflater.decompress_vec(raw, xml, flate2::FlushDecompress::Finish).expect("inflate");
    assert_eq!(status, flate2::Status::StreamEnd, "{name}");
    true
}

/// The parts any Word-rule count reads besides document.xml: where the parts are (the two
/// relationship parts), the styles (East Asian hints, hidden text), the settings (whether notes are
/// counted) and the notes.
const COUNT_PARTS: [&str; 6] = [
    "_rels/.rels",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
    "word/footnotes.xml",
];

/// How [`bound_pass`] finds the tags of document.xml, if at all.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    /// Inflate only.
    Not,
    /// Plain byte loops to each '<' and '>' (tags are dense in WordprocessingML).
    Loops,
    /// memchr to each '<' and '>'.
    Memchr,
}

/// An estimate of the least a Word-rule counter does: inflate the parts a count depends on
/// (`COUNT_PARTS`, plus endnotes when present), then find every tag of document.xml and count the
/// CJK-range bytes inside `w:t`. Nothing else: no namespaces, properties, hints, hidden or deleted
/// text, tables or paragraphs. Returns the bytes inflated, or the tags of document.xml.
fn bound_pass(files: &[PathBuf], walk: Walk) -> (Duration, u64) {
    let start = Instant::now();
    let mut xml = Vec::new();
    let mut inflater = flate2::Decompress::new(false);
    let (mut total, mut cjk_bytes) = (0, 0);
    let find = |xml: &[u8], from: usize, byte: u8| match walk {
        Walk::Memchr => memchr::memchr(byte, &xml[from..]).map_or(xml.len(), |i| from + i),
        _ => xml[from..].iter().position(|&b| b == byte).map_or(xml.len(), |i| from + i),
    };
    for f in files {
        let bytes = std::fs::read(f).expect("read");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("a zip");
        for name in COUNT_PARTS.iter().chain(&["word/endnotes.xml"]) {
            if !inflate_part(&bytes, &mut zip, name, &mut inflater, &mut xml) {
                continue;
            }
            if walk == Walk::Not {
                total += xml.len() as u64;
                continue;
            }
            if *name != "word/document.xml" {
                continue;
            }
            let (mut at, mut in_text) = (0, false);
            loop {
                let lt = find(&xml, at, b'<');
                if in_text {
                    cjk_bytes += xml[at..lt].iter().filter(|&&b| b >= 0xE0).count() as u64;
                }
                if lt == xml.len() {
                    break;
                }
                let gt = find(&xml, lt + 1, b'>');
                let tag = &xml[lt + 1..gt];
                total += 1;
                in_text = tag.starts_with(b"w:t") && matches!(tag.get(3), None | Some(b' '));
                at = (gt + 1).min(xml.len());
            }
        }
    }
    std::hint::black_box(cjk_bytes);
    (start.elapsed(), total)
}

/// The floor: open the zip and inflate word/document.xml, nothing else. Returns the bytes inflated.
fn floor_pass(files: &[PathBuf]) -> (Duration, u64) {
    let start = Instant::now();
    let mut xml = Vec::new();
    let mut total = 0;
    for f in files {
        inflate_document(f, &mut xml);
        total += xml.len() as u64;
    }
    (start.elapsed(), std::hint::black_box(total))
}

/// The floor as the zip crate's streaming reader gives it (`by_name` + `read_to_end`): what a pass
/// written without looking at the inflate costs.
fn streaming_floor_pass(files: &[PathBuf]) -> (Duration, u64) {
    let start = Instant::now();
    let mut xml = Vec::new();
    let mut total = 0;
    for f in files {
        let bytes = std::fs::read(f).expect("read");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("a zip");
        let mut part = zip.by_name("word/document.xml").expect("word/document.xml");
        xml.clear();
        part.read_to_end(&mut xml).expect("inflate");
        total += xml.len() as u64;
    }
    (start.elapsed(), std::hint::black_box(total))
}

/// The floor and then every event of document.xml through quick-xml, doing nothing with them: what
/// any reader built on quick-xml pays before it looks at an element.
fn events_pass(files: &[PathBuf]) -> (Duration, u64) {
    let start = Instant::now();
    let mut xml = Vec::new();
    let mut events = 0u64;
    for f in files {
        inflate_document(f, &mut xml);
        let mut reader = quick_xml::Reader::from_reader(&xml[..]);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => events += 1,
                Err(e) => panic!("{}: {e}", f.display()),
            }
        }
    }
    (start.elapsed(), std::hint::black_box(events))
}

struct Peer {
    /// The loop over the files, as the script times it.
    time: Duration,
    /// The whole process: interpreter start, imports, the loop.
    process: Duration,
    words: Vec<u64>,
}

fn python() -> String {
    std::env::var("SHENBAO_BENCH_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn peer_available() -> bool {
    Command::new(python())
        .args(["-c", "import docx"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn peer_pass(script: &Path, files: &[PathBuf]) -> Peer {
    let start = Instant::now();
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    child.stdin.take().expect("stdin").write_all(list.as_bytes()).expect("write the file list");
    let output = child.wait_with_output().expect("python ends");
    let process = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "peer failed: {stderr}");
    let seconds: f64 = stderr.lines().last().and_then(|l| l.trim().parse().ok()).expect("the loop's seconds on stderr");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let words: Vec<u64> =
        stdout.lines().map(|l| l.rsplit('\t').next().and_then(|w| w.parse().ok()).expect("path<TAB>words")).collect();
    assert_eq!(words.len(), files.len(), "the peer counts every file");
    Peer { time: Duration::from_secs_f64(seconds), process, words }
}

/// `shenbao count FILE --format json` once per file: the CLI agrees with the library, and what one
/// process per file costs.
fn cli_check(files: &[PathBuf], tallies: &[Tally]) -> Duration {
    let bin = env!("CARGO_BIN_EXE_shenbao");
    let start = Instant::now();
    for (f, t) in files.iter().zip(tallies) {
        let output = Command::new(bin).arg("count").arg(f).args(["--format", "json"]).output().expect("runs");
        assert!(output.status.success(), "shenbao count {}: {}", f.display(), String::from_utf8_lossy(&output.stderr));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let total = &json["total"];
        assert_eq!(total["words"].as_u64(), Some(t.count.words), "{}: CLI and library disagree", f.display());
        assert_eq!(total["words_low"].as_u64(), Some(t.low.words), "{}", f.display());
    }
    start.elapsed()
}

/// `shenbao count DIR --format json`: every file in one process, on every core. Checks each file's
/// totals against the library's.
fn cli_folder(dir: &Path, files: &[PathBuf], tallies: &[Tally]) -> Duration {
    let bin = env!("CARGO_BIN_EXE_shenbao");
    let start = Instant::now();
    let output = Command::new(bin).arg("count").arg(dir).args(["--format", "json"]).output().expect("runs");
    let elapsed = start.elapsed();
    assert!(output.status.success(), "shenbao count {}: {}", dir.display(), String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let reports = json.as_array().expect("an array for a folder");
    assert_eq!(reports.len(), files.len(), "one report per file");
    for ((report, f), t) in reports.iter().zip(files).zip(tallies) {
        assert_eq!(report["file"].as_str(), Some(f.display().to_string().as_str()), "the files' order");
        assert_eq!(report["total"]["words"].as_u64(), Some(t.count.words), "{}: CLI and library disagree", f.display());
    }
    elapsed
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn row(name: &str, files: usize, words: Option<u64>, time: Duration) {
    let secs = time.as_secs_f64();
    println!(
        "{name:<40} {files:>6} {:>12} {secs:>10.3} {:>10.0}",
        words.map_or_else(|| "—".to_owned(), thousands),
        files as f64 / secs
    );
}

fn main() {
    let n = env_usize("SHENBAO_BENCH_N").unwrap_or(N);
    let runs = env_usize("SHENBAO_BENCH_RUNS").unwrap_or(RUNS).max(1);
    assert!(n > 0, "SHENBAO_BENCH_N must be at least 1");
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);

    let bin = env!("CARGO_BIN_EXE_shenbao");
    let target_dir = Path::new(bin).parent().and_then(Path::parent).expect("binary is under target/<profile>/");
    let tmp = tempfile::Builder::new().prefix("shenbao-bench-count-").tempdir_in(target_dir).expect("tempdir");
    let start = Instant::now();
    let notices = dossier_gen::NOTICES;
    let files: Vec<PathBuf> = (0..n)
        .map(|i| {
            let notice = notices[i % notices.len()];
            let path = tmp.path().join(format!("{i:04}-{notice}.docx"));
            dossier_gen::application(&path, notice, dossier_gen::dossier_seed(SEED, i)).expect("generate");
            path
        })
        .collect();
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).expect("meta").len()).sum();
    println!(
        "generated {n} .docx ({} notices' shapes, {:.1} MB) in {:.2?}",
        notices.len(),
        bytes as f64 / 1e6,
        start.elapsed()
    );

    let peer_script = tmp.path().join("peer.py");
    std::fs::write(&peer_script, PEER_PY).expect("write peer.py");
    let peer_ok = peer_available();

    // Warm-up: page cache, allocator, and the tallies the other passes are compared with.
    let (_, tallies) = shenbao_pass(&files);
    let (_, inflated) = floor_pass(&files);
    let mut best_shenbao = Duration::MAX;
    let mut best_floor = Duration::MAX;
    let mut best_streaming = Duration::MAX;
    let mut best_events = Duration::MAX;
    let mut best_parts = Duration::MAX;
    let mut best_walk = Duration::MAX;
    let mut tags = 0;
    let mut peer = None;
    for run in 0..runs {
        best_floor = best_floor.min(floor_pass(&files).0);
        best_streaming = best_streaming.min(streaming_floor_pass(&files).0);
        best_events = best_events.min(events_pass(&files).0);
        best_parts = best_parts.min(bound_pass(&files, Walk::Not).0);
        for walk in [Walk::Loops, Walk::Memchr] {
            let walked = bound_pass(&files, walk);
            (best_walk, tags) = (best_walk.min(walked.0), walked.1);
        }
        best_shenbao = best_shenbao.min(shenbao_pass(&files).0);
        if run == runs / 2 && peer_ok {
            peer = Some(peer_pass(&peer_script, &files));
        }
    }

    // The CLI once per notice shape: a sanity check, not the throughput figure (see below).
    let sample: Vec<usize> = (0..n.min(notices.len())).collect();
    let sample_files: Vec<PathBuf> = sample.iter().map(|&i| files[i].clone()).collect();
    let sample_tallies: Vec<Tally> = sample.iter().map(|&i| tallies[i]).collect();
    let cli = cli_check(&sample_files, &sample_tallies);
    let folder = (0..runs.min(3)).map(|_| cli_folder(tmp.path(), &files, &tallies)).min().unwrap_or_default();

    let words: u64 = tallies.iter().map(|t| t.count.words).sum();
    let per_doc = words / n as u64;
    let ambiguous = tallies.iter().filter(|t| t.low.words != t.high.words).count();
    println!(
        "machine: {cores} cores (one used by each pass); {n} files, {} 字 ({per_doc} per document), word/document.xml {:.1} MB inflated; best of {runs} runs",
        thousands(words),
        inflated as f64 / 1e6
    );
    println!();
    println!("{:<40} {:>6} {:>12} {:>10} {:>10}", "pass", "files", "total 字", "seconds", "files/s");
    row("shenbao (reader + document_tally)", n, Some(words), best_shenbao);
    row("floor (open zip, inflate document.xml)", n, None, best_floor);
    row("  the same via zip's streaming reader", n, None, best_streaming);
    row("  floor + quick-xml events, no work", n, None, best_events);
    row("parts a count reads, inflated", n, None, best_parts);
    row("  + every tag of document.xml, no work", n, None, best_walk);
    match &peer {
        Some(p) => {
            row("peer (python-docx + Word-rule regex)", n, Some(p.words.iter().sum()), p.time);
            row("  the same, whole python process", n, None, p.process);
        }
        None => println!("{:<40} skipped: python-docx is not installed (pip install python-docx)", "peer"),
    }
    println!();

    let floor_ratio = best_shenbao.as_secs_f64() / best_floor.as_secs_f64();
    let met = |ok: bool| if ok { "met" } else { "NOT met" };
    if let Some(p) = &peer {
        let ratio = p.time.as_secs_f64() / best_shenbao.as_secs_f64();
        println!(
            "shenbao/peer throughput   {ratio:>6.1}×   (target ≥ {TARGET_PEER:.0}×: {})",
            met(ratio >= TARGET_PEER)
        );
    } else {
        println!("shenbao/peer throughput   skipped   (pip install python-docx, then run again)");
    }
    println!(
        "shenbao/floor time        {floor_ratio:>6.2}×   (target ≤ {TARGET_FLOOR:.0}×: {}; {:.2}× the streaming floor)",
        met(floor_ratio <= TARGET_FLOOR),
        best_shenbao.as_secs_f64() / best_streaming.as_secs_f64()
    );
    let ratio = |d: Duration| d.as_secs_f64() / best_floor.as_secs_f64();
    println!(
        "lower bound/floor         {:>6.2}×   (the parts a count reads, inflated: {:.2}×; then only finding every tag, the \
         faster of plain loops and memchr, and counting the CJK bytes of w:t; that leaves {:.2}× of the target for all \
         the reading and counting itself: {:.0} ns per tag, {} tags per document)",
        ratio(best_walk),
        ratio(best_parts),
        (TARGET_FLOOR - ratio(best_walk)).max(0.0),
        ((TARGET_FLOOR * best_floor.as_secs_f64() - best_walk.as_secs_f64()) * 1e9 / tags as f64).max(0.0),
        tags / n as u64
    );
    println!(
        "shenbao count CLI         {:>6.1} ms per file, one process each, over {} files (the library: {:.2} ms per file); totals agree",
        cli.as_secs_f64() * 1e3 / sample.len() as f64,
        sample.len(),
        best_shenbao.as_secs_f64() * 1e3 / n as f64
    );
    println!(
        "shenbao count DIR         {:>6.3} s for the {n} files in one process on {cores} cores ({:.0} files/s); totals agree",
        folder.as_secs_f64(),
        n as f64 / folder.as_secs_f64()
    );

    if let Some(p) = &peer {
        let same_low = tallies.iter().zip(&p.words).filter(|(t, w)| t.low.words == **w).count();
        let same_count = tallies.iter().zip(&p.words).filter(|(t, w)| t.count.words == **w).count();
        println!(
            "agreement: the peer's 字数 equals shenbao's words_low (“ ” — … read as Latin marks) on {same_low} of {n} files, \
             and shenbao's 字数 (marks per the run's East Asian font hint, as Word does) on {same_count} of {n}; \
             {ambiguous} files hold such marks, and the peer does not read the hint"
        );
        for (i, (t, w)) in tallies.iter().zip(&p.words).enumerate().filter(|(_, (t, w))| t.low.words != **w).take(3) {
            println!("  differs: {} peer {w}, shenbao words_low {}", files[i].display(), t.low.words);
        }
    }
}
