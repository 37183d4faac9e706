//! `check ROOT --format html -o FILE` over a generated batch of 1,000 cq-2024-cases-2 dossiers (the batch of
//! benches/batch.rs), beside `--format json -o FILE` over the same batch, so the page's own cost shows; then
//! the page's size, and its load in headless Chromium when installed: the time from navigation to the end
//! of the page's script (`data-shenbao-ms`, set by the script from `performance.now()`), and the wall time
//! of a whole `chromium --headless --dump-dom` beside the same for an empty page.
//!
//! Plain std: `cargo bench --bench html`. `SHENBAO_BENCH_N=100` sets the size, `SHENBAO_BENCH_RUNS=1` the
//! runs (best of three by default).
//!
//! Targets: 1,000 dossiers with HTML output in ≤ 5 s on 2 cores; the page ≤ 10 MB; loaded in Chromium in ≤ 2 s.

#[path = "batch.rs"]
#[allow(dead_code)]
mod batch;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const N: usize = 1000;
const RUNS: usize = 3;
const TODAY: &str = "2024-08-15";
const TARGET_SECS: f64 = 5.0;
const TARGET_MB: f64 = 10.0;
const TARGET_LOAD_SECS: f64 = 2.0;

fn env_usize(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok()?;
    Some(value.trim().parse().unwrap_or_else(|_| panic!("{name}={value}: not a number")))
}

/// The best time of `runs` runs of `check ROOT --format FORMAT -o OUT`.
fn check(bin: &str, root: &Path, format: &str, out: &Path, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(bin)
                .arg("check")
                .arg(root)
                .args(["--format", format, "--today", TODAY, "-o"])
                .arg(out)
                .env("CI", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("runs");
            let time = start.elapsed();
            // 1 is expected: the cross-dossier rules (the total quota, the shared .docx) fire on such a batch.
            assert!(matches!(status.code(), Some(0 | 1)), "shenbao check --format {format}: {status}");
            time
        })
        .min()
        .expect("at least one run")
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        let ok = Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success());
        ok.then(|| PathBuf::from(name))
    })
}

/// One headless `--dump-dom` of `page`: (wall time, the script's own `data-shenbao-ms` when it ran).
fn load(browser: &Path, page: &Path, profile: &Path) -> (Duration, Option<u64>) {
    let start = Instant::now();
    let out = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stderr(Stdio::null())
        .output()
        .expect("chromium runs");
    let time = start.elapsed();
    let dom = String::from_utf8_lossy(&out.stdout);
    let ms = dom.split("data-shenbao-ms=\"").nth(1).and_then(|r| r.split('"').next()).and_then(|v| v.parse().ok());
    (time, ms)
}

/// The renderers alone, in-process, over the report of the same batch: what the page adds to a check,
/// free of the noise of a whole run.
fn renderers(root: &Path, n: usize, runs: usize) {
    use shenbao::checks::{NoticeChoice, Options};
    let found = shenbao::batch::discover_as(&[root.to_owned()], shenbao::batch::Layout::Auto);
    let today = Some(TODAY.parse().expect("a day"));
    let options = Options { notice: NoticeChoice::FromDossier, today, custom: &[] };
    let report = shenbao::batch::run_with(&found, &options, true, &|| {}).report;
    assert_eq!(report.dossiers.len(), n);
    let lang = shenbao::diag::Lang::Zh;
    let best = |f: &dyn Fn() -> usize| {
        (0..runs.max(3))
            .map(|_| {
                let start = Instant::now();
                assert!(f() > 0);
                start.elapsed()
            })
            .min()
            .expect("runs")
    };
    let json = best(&|| shenbao::render::json::render_report(&report, lang).len());
    let footer = shenbao::render::html::Footer { today: TODAY.to_owned(), json_sha256: String::new() };
    let html = best(&|| shenbao::render::html::render(&report, lang, &footer).len());
    let human = best(&|| {
        shenbao::render::human::render_check(&report, lang, shenbao::render::human::Style { color: false }).len()
    });
    println!(
        "in-process, N={n}: JSON {json:.2?}, HTML page {html:.2?} (+ the JSON for its hash), human view {human:.2?}"
    );
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_shenbao");
    let n = env_usize("SHENBAO_BENCH_N").unwrap_or(N);
    let runs = env_usize("SHENBAO_BENCH_RUNS").unwrap_or(RUNS).max(1);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let target_dir = Path::new(bin).parent().and_then(Path::parent).expect("binary is under target/<profile>/");
    let tmp = tempfile::Builder::new().prefix("shenbao-bench-html-").tempdir_in(target_dir).expect("tempdir");
    let base = batch::fixtures_gen::cq_pass_dossier(tmp.path(), "base").expect("generate the base dossier");
    let mut files = Vec::new();
    batch::walk(&base, Path::new(""), &mut files);
    let root = tmp.path().join(format!("batch-{n}"));
    let (_, bytes) = batch::make_batch(&base, &files, &root, n);
    println!("generated {n} dossiers ({:.1} MB); machine: {cores} cores", bytes as f64 / 1e6);
    let _ = Command::new("sync").status();

    let json_out = tmp.path().join("report.json");
    let html_out = tmp.path().join("report.html");
    let json = check(bin, &root, "json", &json_out, runs);
    let html = check(bin, &root, "html", &html_out, runs);
    let size = std::fs::metadata(&html_out).expect("the page").len() as f64 / 1e6;
    let json_size = std::fs::metadata(&json_out).expect("the JSON").len() as f64 / 1e6;
    println!(
        "check ROOT --format json -o  N={n}  {json:>8.2?}  ({:.0} dossiers/s; JSON {json_size:.2} MB)",
        n as f64 / json.as_secs_f64()
    );
    println!(
        "check ROOT --format html -o  N={n}  {html:>8.2?}  ({:.0} dossiers/s; target ≤ {TARGET_SECS:.0} s at 1,000)",
        n as f64 / html.as_secs_f64()
    );
    println!("  the page's own cost: {:+.2?} over JSON", html.as_secs_f64() - json.as_secs_f64());
    println!("page size {size:.2} MB ({:.1} KB per dossier; target ≤ {TARGET_MB:.0} MB)", size * 1e3 / n as f64);

    renderers(&root, n, runs);

    let Some(browser) = chromium() else {
        println!("chromium not installed: the load time is not measured");
        return;
    };
    let empty = tmp.path().join("empty.html");
    std::fs::write(&empty, "<!DOCTYPE html><title>x</title>").expect("write");
    let mut best = (Duration::MAX, u64::MAX, Duration::MAX);
    for run in 0..runs {
        let (wall, ms) = load(&browser, &html_out, &tmp.path().join(format!("profile-{run}")));
        let (empty_wall, _) = load(&browser, &empty, &tmp.path().join(format!("profile-empty-{run}")));
        let ms = ms.expect("the page's script ran to its end");
        best = (best.0.min(wall), best.1.min(ms), best.2.min(empty_wall));
    }
    println!(
        "Chromium: navigation to the end of the page's script {} ms (target ≤ {:.0} ms); whole headless run {:.2?} \
         (an empty page: {:.2?})",
        best.1,
        TARGET_LOAD_SECS * 1e3,
        best.0,
        best.2
    );
}
