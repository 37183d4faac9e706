//! `pack` and `verify` on a 1 GiB generated dossier (the pass fixture with its video grown to ~1 GiB
//! of incompressible data), against `cp` and `sha256sum` on the same bytes, with peak RSS from
//! `/usr/bin/time`. Plain std: `cargo bench --bench pack`. Best of three runs each, page cache warm.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const VIDEO_EXTRA: u64 = 1 << 30;
const RUNS: usize = 3;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Appends a `free` box of pseudo-random bytes: still a valid MP4, and nothing compresses it.
fn grow_video(video: &Path) {
    let mut f = std::io::BufWriter::new(std::fs::OpenOptions::new().append(true).open(video).expect("open"));
    f.write_all(&u32::try_from(VIDEO_EXTRA + 8).expect("fits").to_be_bytes()).expect("write");
    f.write_all(b"free").expect("write");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut chunk = vec![0u8; 1 << 20];
    for _ in 0..VIDEO_EXTRA >> 20 {
        for word in chunk.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        f.write_all(&chunk).expect("write");
    }
    f.flush().expect("flush");
}

/// Runs a command under /usr/bin/time; returns (wall time, peak RSS in KiB when known).
fn timed(program: &str, args: &[&std::ffi::OsStr]) -> (Duration, Option<u64>) {
    let has_time = Path::new("/usr/bin/time").exists();
    let mut cmd = if has_time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args).env("SOURCE_DATE_EPOCH", "1723248000").stdout(std::process::Stdio::null());
    let start = Instant::now();
    let out = cmd.output().expect("runs");
    let elapsed = start.elapsed();
    assert!(
        out.status.success() || program.ends_with("shenbao"),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rss = String::from_utf8_lossy(&out.stderr).lines().last().and_then(|l| l.trim().parse().ok());
    (elapsed, rss)
}

fn best(mut f: impl FnMut() -> (Duration, Option<u64>)) -> (Duration, u64) {
    let mut time = Duration::MAX;
    let mut rss = 0;
    for _ in 0..RUNS {
        let (t, r) = f();
        time = time.min(t);
        rss = rss.max(r.unwrap_or(0));
    }
    (time, rss)
}

fn mb_s(bytes: u64, t: Duration) -> f64 {
    bytes as f64 / t.as_secs_f64() / 1e6
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_shenbao");
    let tmp = tempfile::tempdir_in(std::env::temp_dir()).expect("tempdir");
    let dossier = tmp.path().join("dossier");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/pass"), &dossier);
    grow_video(&dossier.join("多媒体材料/视频/案例视频.mp4"));
    let files: Vec<PathBuf> = walk(&dossier);
    let total: u64 = files.iter().map(|p| std::fs::metadata(p).expect("meta").len()).sum();
    let bundle = tmp.path().join("bundle.zip");
    let copy_to = tmp.path().join("copy");

    // Warm the page cache.
    let _ = timed("cat", &files.iter().map(|p| p.as_os_str()).collect::<Vec<_>>());

    let (cp, _) = best(|| {
        let _ = std::fs::remove_dir_all(&copy_to);
        timed("cp", &[std::ffi::OsStr::new("-r"), dossier.as_os_str(), copy_to.as_os_str()])
    });
    // pack fsyncs the bundle before renaming it into place; cp does not, so give both figures.
    let (cp_sync, _) = best(|| {
        let _ = std::fs::remove_dir_all(&copy_to);
        let script = format!("cp -r '{}' '{}' && sync", dossier.display(), copy_to.display());
        timed("sh", &[std::ffi::OsStr::new("-c"), script.as_ref()])
    });
    let (pack, pack_rss) = best(|| {
        let _ = std::fs::remove_file(&bundle);
        timed(
            bin,
            &[
                "pack".as_ref(),
                dossier.as_os_str(),
                "--today".as_ref(),
                "2024-08-10".as_ref(),
                "-o".as_ref(),
                bundle.as_os_str(),
            ],
        )
    });
    assert!(bundle.is_file(), "pack wrote the bundle");
    let bundle_len = std::fs::metadata(&bundle).expect("meta").len();
    let (sha, _) = best(|| timed("sha256sum", &[bundle.as_os_str()]));
    let (verify, verify_rss) = best(|| timed(bin, &["verify".as_ref(), bundle.as_os_str()]));

    println!("dossier: {} files, {:.1} MB; bundle {:.1} MB", files.len(), total as f64 / 1e6, bundle_len as f64 / 1e6);
    println!("cp -r      {:>8.2?}  {:>7.0} MB/s", cp, mb_s(total, cp));
    println!("cp -r+sync {:>8.2?}  {:>7.0} MB/s", cp_sync, mb_s(total, cp_sync));
    println!(
        "pack       {:>8.2?}  {:>7.0} MB/s  {:>5.0}% of cp, {:>4.0}% of cp+sync  peak RSS {:.1} MB  (check + hash + zip + fsync)",
        pack,
        mb_s(total, pack),
        100.0 * cp.as_secs_f64() / pack.as_secs_f64(),
        100.0 * cp_sync.as_secs_f64() / pack.as_secs_f64(),
        pack_rss as f64 / 1024.0
    );
    println!("sha256sum  {:>8.2?}  {:>7.0} MB/s", sha, mb_s(bundle_len, sha));
    println!(
        "verify     {:>8.2?}  {:>7.0} MB/s  {:>5.0}% of sha256sum  peak RSS {:.1} MB",
        verify,
        mb_s(bundle_len, verify),
        100.0 * sha.as_secs_f64() / verify.as_secs_f64(),
        verify_rss as f64 / 1024.0
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_dir() {
            out.extend(walk(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out.sort();
    out
}
