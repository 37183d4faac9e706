//! `check ROOT` over a generated batch of 1,000 and then 2,000 cq-2024-cases-2 dossiers (申报书.docx, a
//! scanned 申报书（用印）.pdf, 营业执照复印件.jpg + 4 pictures, a small MP4), with peak RSS from
//! `/usr/bin/time`. Plain std: `cargo bench --bench batch`. Best of three runs at 1,000 and of two at
//! 2,000, page cache warm. `SHENBAO_BENCH_N=100` sets the first size (the second is twice it),
//! `SHENBAO_BENCH_RUNS=1` the runs per size.
//!
//! benches/html.rs makes its batch with `make_batch`.
//!
//! Targets: 1,000 dossiers in ≤ 10 s on 2 cores, peak RSS ≤ 200 MB, twice the dossiers in ≤ 2.1× the time.

#[path = "../tests/support/fixtures_gen.rs"]
#[allow(dead_code)]
pub mod fixtures_gen;

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const N: usize = 1000;
const RUNS_FIRST: usize = 3;
const RUNS_SECOND: usize = 2;
const TODAY: &str = "2024-08-15";
const TARGET_SECS_AT_1000: f64 = 10.0;
const TARGET_RSS_MB: f64 = 200.0;
const TARGET_RATIO: f64 = 2.1;

fn env_usize(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok()?;
    Some(value.trim().parse().unwrap_or_else(|_| panic!("{name}={value}: not a number")))
}

/// Every file under `dir`, relative to it, sorted.
pub fn walk(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let entry = entry.expect("entry");
        let rel = rel.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            walk(&entry.path(), &rel, out);
        } else {
            out.push(rel);
        }
    }
    out.sort();
}

/// Pseudo-random bytes (xorshift), different for every seed.
fn filler(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

fn append(path: &Path, bytes: &[u8]) {
    let mut f = std::fs::OpenOptions::new().append(true).open(path).expect("open for append");
    f.write_all(bytes).expect("append");
}

/// dossier.toml with this dossier's own 案例名称, 申报单位 and priority; the other lines as in the base.
fn dossier_toml(base: &str, i: usize) -> String {
    let mut out = String::new();
    for line in base.lines() {
        let key = line.split('=').next().unwrap_or_default().trim();
        match key {
            "name" => out.push_str(&format!("name = \"工业制造领域——供应链协同案例{i:04}\"")),
            "unit" => out.push_str(&format!("unit = \"重庆某某科技有限公司{i:04}\"")),
            "priority" => out.push_str(&format!("priority = {i}")),
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Copies the base dossier to `to` and makes every file but the .docx its own, the way the files of
/// a real batch differ: a JPEG gets a comment segment, the PDF a comment after `%%EOF`, the MP4 a
/// top-level `free` box — all ignored by readers, and of varying length, so sizes rarely match.
fn make_dossier(base: &Path, files: &[PathBuf], toml: &str, to: &Path, i: usize) {
    let mut jpeg_no: usize = 0;
    for rel in files {
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().expect("a file has a parent")).expect("mkdir");
        let ext = rel.extension().and_then(OsStr::to_str).unwrap_or_default().to_ascii_lowercase();
        if rel == Path::new("dossier.toml") {
            std::fs::write(&target, dossier_toml(toml, i)).expect("write dossier.toml");
            continue;
        }
        let seed = (i as u64) << 8 | jpeg_no as u64;
        if ext != "jpg" && ext != "jpeg" {
            std::fs::copy(base.join(rel), &target).expect("copy");
        }
        match ext.as_str() {
            "jpg" | "jpeg" => {
                // Not after the EOI marker: shenbao takes a JPEG that does not end with FF D9 (less zero
                // padding) as cut off (SB313). A COM segment after SOI differs the way EXIF blocks do.
                let mut payload = format!("shenbao bench dossier {i:04} picture {jpeg_no}\n").into_bytes();
                payload.extend(filler(seed, (i * 5 + jpeg_no) % 4099));
                let bytes = std::fs::read(base.join(rel)).expect("read JPEG");
                assert!(bytes.starts_with(b"\xFF\xD8"), "{}: a JPEG starts with SOI", rel.display());
                let mut jpeg = Vec::with_capacity(bytes.len() + payload.len() + 4);
                jpeg.extend_from_slice(b"\xFF\xD8\xFF\xFE");
                jpeg.extend_from_slice(&u16::try_from(payload.len() + 2).expect("a segment fits 64 KiB").to_be_bytes());
                jpeg.extend(payload);
                jpeg.extend_from_slice(&bytes[2..]);
                std::fs::write(&target, jpeg).expect("write JPEG");
                jpeg_no += 1;
            }
            "pdf" => {
                // lopdf looks for `startxref` in the last 512 bytes: keep the comment well short of that.
                let hex: String = filler(seed | 0x80, (i * 7) % 257).iter().map(|b| format!("{:x}", b & 15)).collect();
                append(&target, format!("\n% dossier {i:04}\n% {hex}\n").as_bytes());
            }
            "mp4" => {
                let mut payload = format!("shenbao bench dossier {i:04}").into_bytes();
                payload.extend(filler(seed | 0x40, (i * 11) % 4093));
                let mut free = u32::try_from(payload.len() + 8).expect("fits").to_be_bytes().to_vec();
                free.extend_from_slice(b"free");
                free.extend(payload);
                append(&target, &free);
            }
            _ => {}
        }
    }
}

/// `ROOT/dossier-0001` … `ROOT/dossier-{n}`; returns the folders and their total size in bytes.
pub fn make_batch(base: &Path, files: &[PathBuf], root: &Path, n: usize) -> (Vec<PathBuf>, u64) {
    let toml = std::fs::read_to_string(base.join("dossier.toml")).expect("base dossier.toml");
    let dirs: Vec<PathBuf> = (1..=n).map(|i| root.join(format!("dossier-{i:04}"))).collect();
    for (i, dir) in dirs.iter().enumerate() {
        make_dossier(base, files, &toml, dir, i + 1);
    }
    let mut total = 0;
    for dir in &dirs {
        for rel in files {
            total += std::fs::metadata(dir.join(rel)).expect("meta").len();
        }
    }
    (dirs, total)
}

struct Run {
    time: Duration,
    rss_kib: Option<u64>,
    report: serde_json::Value,
}

/// Runs `shenbao check ARGS --format json --today …` under /usr/bin/time, stdout to `out`.
fn check(bin: &str, targets: &[OsString], out: &Path) -> Run {
    let has_time = Path::new("/usr/bin/time").exists();
    let mut cmd = if has_time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("check").args(targets).args(["--format", "json", "--today", TODAY]);
    cmd.env("CI", "1").stdout(Stdio::from(std::fs::File::create(out).expect("create stdout file")));
    let start = Instant::now();
    let output = cmd.output().expect("runs");
    let time = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // 1 is expected: the cross-dossier rules (the total quota, the shared .docx) fire on such a batch.
    assert!(matches!(output.status.code(), Some(0 | 1)), "shenbao check: {}\n{stderr}", output.status);
    let rss_kib = if has_time { stderr.lines().last().and_then(|l| l.trim().parse().ok()) } else { None };
    let file = std::fs::File::open(out).expect("open stdout file");
    let report = serde_json::from_reader(std::io::BufReader::new(file)).expect("stdout is JSON");
    Run { time, rss_kib, report }
}

fn dossier_count(report: &serde_json::Value) -> usize {
    report["dossiers"].as_array().expect("`dossiers` is an array").len()
}

/// Diagnostic codes with their counts (and the files they name, when few), most frequent first: what
/// fired, to see that the batch is as meant.
fn codes(diagnostics: impl Iterator<Item = serde_json::Value>) -> String {
    let mut counts = std::collections::BTreeMap::<String, (usize, std::collections::BTreeSet<String>)>::new();
    for d in diagnostics {
        let entry = counts.entry(d["code"].as_str().unwrap_or("?").to_owned()).or_default();
        entry.0 += 1;
        if let Some(file) = d["file"].as_str() {
            entry.1.insert(file.to_owned());
        }
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    let text: Vec<String> = counts
        .iter()
        .map(|(code, (n, files))| {
            if files.is_empty() || files.len() > 3 {
                format!("{code} ×{n}")
            } else {
                format!("{code} ×{n} ({})", files.iter().cloned().collect::<Vec<_>>().join(", "))
            }
        })
        .collect();
    if text.is_empty() {
        "none".to_owned()
    } else {
        text.join(", ")
    }
}

struct Measure {
    n: usize,
    bytes: u64,
    time: Duration,
    rss_kib: u64,
    /// Set when `check ROOT` did not treat ROOT as a batch and the folders were given one by one.
    fallback: bool,
}

fn measure(bin: &str, root: &Path, dirs: &[PathBuf], bytes: u64, runs: usize, out: &Path) -> Measure {
    let n = dirs.len();
    let mut targets: Vec<OsString> = vec![root.as_os_str().to_owned()];
    let mut fallback = false;
    let mut time = Duration::MAX;
    let mut rss_kib = 0;
    let mut described = false;
    let mut run = 0;
    while run < runs {
        let r = check(bin, &targets, out);
        let got = dossier_count(&r.report);
        if got != n {
            assert!(!fallback && got == 1, "check {}: {got} dossiers in the JSON, expected {n}", root.display());
            println!(
                "note: `check ROOT` reported 1 dossier, not {n}: batch mode is not there yet; timing `check DIR...` (sequential) instead"
            );
            targets = dirs.iter().map(|d| d.as_os_str().to_owned()).collect();
            fallback = true;
            continue;
        }
        if !described {
            let dossiers = r.report["dossiers"].as_array().expect("array");
            let passed = dossiers.iter().filter(|d| d["passed"].as_bool() == Some(true)).count();
            let per_dossier =
                codes(dossiers.iter().flat_map(|d| d["diagnostics"].as_array().cloned().unwrap_or_default()));
            let batch = codes(r.report["batch"]["diagnostics"].as_array().cloned().unwrap_or_default().into_iter());
            println!("  N={n}: {passed} of {n} dossiers pass on their own; per-dossier findings: {per_dossier}; batch findings: {batch}");
            for d in r.report["batch"]["diagnostics"].as_array().into_iter().flatten().take(5) {
                let message: String = d["message"].as_str().unwrap_or_default().chars().take(110).collect();
                println!("    {}: {message}…", d["code"].as_str().unwrap_or("?"));
            }
            described = true;
        }
        time = time.min(r.time);
        rss_kib = rss_kib.max(r.rss_kib.unwrap_or(0));
        run += 1;
    }
    Measure { n, bytes, time, rss_kib, fallback }
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_shenbao");
    let n1 = env_usize("SHENBAO_BENCH_N").unwrap_or(N);
    assert!(n1 > 0, "SHENBAO_BENCH_N must be at least 1");
    let n2 = n1 * 2;
    let runs = env_usize("SHENBAO_BENCH_RUNS");
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);

    // Under target/ (next to the binary), not /tmp: 2,000 dossiers are a few GB.
    let target_dir = Path::new(bin).parent().and_then(Path::parent).expect("binary is under target/<profile>/");
    let tmp = tempfile::Builder::new().prefix("shenbao-bench-batch-").tempdir_in(target_dir).expect("tempdir");
    let base = fixtures_gen::cq_pass_dossier(tmp.path(), "base").expect("generate the base dossier");
    let mut files = Vec::new();
    walk(&base, Path::new(""), &mut files);
    let jpegs = files.iter().filter(|f| f.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg"))).count();
    assert_eq!(jpegs, 5, "the base dossier has the licence and 4 pictures as JPEG");
    let out = tmp.path().join("stdout.json");

    let mut results = Vec::new();
    for (n, default_runs) in [(n1, RUNS_FIRST), (n2, RUNS_SECOND)] {
        let root = tmp.path().join(format!("batch-{n}"));
        let start = Instant::now();
        let (dirs, bytes) = make_batch(&base, &files, &root, n);
        println!(
            "generated {n} dossiers ({} files, {:.1} MB) in {:.2?}",
            n * files.len(),
            bytes as f64 / 1e6,
            start.elapsed()
        );
        // Write the batch back now, so the writeback of a GB of dirty pages does not run during the timing.
        let _ = Command::new("sync").status();
        results.push(measure(bin, &root, &dirs, bytes, runs.unwrap_or(default_runs).max(1), &out));
        // The first batch is not needed any more: keep the disk footprint to one batch at a time.
        std::fs::remove_dir_all(&root).expect("remove batch");
    }

    println!(
        "machine: {cores} cores; dossier: {} files (dossier.toml, docx, scanned PDF, 5 JPG, MP4), {:.2} MB each",
        files.len(),
        results[0].bytes as f64 / results[0].n as f64 / 1e6
    );
    for m in &results {
        let secs = m.time.as_secs_f64();
        let time_target = if m.n == N { format!("target ≤ {TARGET_SECS_AT_1000:.0} s, ") } else { String::new() };
        println!(
            "check ROOT  N={:<5} {:>8.2?}  {:>6.0} dossiers/s  {:>6.0} MB/s  peak RSS {:>6.1} MB  ({time_target}≤ {TARGET_RSS_MB:.0} MB){}",
            m.n,
            m.time,
            m.n as f64 / secs,
            m.bytes as f64 / secs / 1e6,
            m.rss_kib as f64 / 1024.0,
            if m.fallback { "  [check DIR... sequential: batch mode not merged]" } else { "" }
        );
    }
    let ratio = results[1].time.as_secs_f64() / results[0].time.as_secs_f64();
    println!("time({n2})/time({n1})  {ratio:.2}×  (target ≤ {TARGET_RATIO}×)");
}
