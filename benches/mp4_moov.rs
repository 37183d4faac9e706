//! read_mp4 on a sparse 2 GB recording whose moov sits after the mdat: median time over 100 runs,
//! bytes read, and peak RSS. Plain std: `cargo bench --bench mp4_moov`.

#[path = "../tests/support/mp4_gen.rs"]
#[allow(dead_code)]
mod mp4_gen;

use mp4_gen::Mp4Spec;
use shenbao::read::mp4;
use std::io::{Seek, SeekFrom, Write};
use std::time::{Duration, Instant};

const PAYLOAD: u64 = 2 << 30;
const RUNS: usize = 100;

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("recording.mp4");
    // 30 minutes of 4K at 30 fps with sound, a size per sample as encoders write (a ~550 KB moov);
    // the media data is left as a hole.
    let spec = Mp4Spec { moov_at_end: true, size_table: true, ..Mp4Spec::new(3840, 2160, 1800.0, 30.0, true, b"avc1") };
    let head = [mp4_gen::ftyp(b"isom"), mp4_gen::mdat_header(PAYLOAD)].concat();
    let moov = mp4_gen::moov(&spec, head.len() as u64);
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(&head).expect("write");
    let end = head.len() as u64 + PAYLOAD;
    f.set_len(end).expect("set_len");
    f.seek(SeekFrom::Start(end)).expect("seek");
    f.write_all(&moov).expect("write moov");
    drop(f);

    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        let info = mp4::read_mp4(&path).expect("reads");
        times.push(started.elapsed());
        last = Some(info);
    }
    times.sort();
    let info = last.expect("ran");
    let median = times[RUNS / 2];
    let max = times.last().copied().unwrap_or(Duration::ZERO);
    println!("mp4_moov: {} byte file, moov {} bytes at the end", info.file_size, moov.len());
    println!("  read_mp4 median {median:?} (min {:?}, max {max:?}) over {RUNS} runs", times[0]);
    println!(
        "  bytes_read {} ({:.5}% of the file)",
        info.bytes_read,
        info.bytes_read as f64 * 100.0 / info.file_size as f64
    );
    println!("  duration {:.1} s, video {:?}", info.duration_s, info.video);
    println!("  peak RSS (VmHWM) {}", peak_rss().unwrap_or_else(|| "unknown (no /proc/self/status)".into()));
}

fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).map(|v| v.trim().to_owned())
}
