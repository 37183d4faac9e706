//! Hostile MP4 files met through `check`: each is read in bounded time and memory and the user sees what
//! the video is, or a Chinese message saying why it cannot be read — never a hang or a crash.

mod support;

#[path = "support/mp4_gen.rs"]
#[allow(dead_code)]
mod mp4_gen;

#[path = "support/hostile.rs"]
mod hostile_support;

use hostile_support::{assert_bounded, sample, watched, Run};
use mp4_gen::{bx, full, Mp4Spec};
use std::path::Path;

const VIDEO: &str = "多媒体材料/视频/案例视频.mp4";

/// The cq-2024-cases-2 sample with its video replaced by `video`, checked in human form.
fn check_with_video(video: &[u8]) -> Run {
    let dir = sample(|d| std::fs::write(d.join(VIDEO), video).expect("write video"));
    watched(dir.path(), &["check", ".", "--today", "2024-08-10"])
}

/// The sample's own video, re-made as a fragmented file: 5 min 2 s, 1920×1080, H.264, with sound.
fn fragmented_sample() -> Vec<u8> {
    let spec = Mp4Spec { fragmented: true, ..Mp4Spec::new(1920, 1080, 302.0, 30.0, true, b"avc1") };
    mp4_gen::build(&spec)
}

/// Splits a file into (bytes before the moov, the moov's payload, bytes after it).
fn split_at_moov(file: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let mut pos = 0;
    while pos + 8 <= file.len() {
        let size = u32::from_be_bytes(file[pos..pos + 4].try_into().expect("4")) as usize;
        if &file[pos + 4..pos + 8] == b"moov" {
            return (file[..pos].to_vec(), file[pos + 8..pos + size].to_vec(), file[pos + size..].to_vec());
        }
        pos += size;
    }
    panic!("no moov");
}

/// A moof of `trafs` minimal track fragments for a track no trak has (each must be looked up and missed).
fn moof_of_strays(trafs: usize) -> Vec<u8> {
    let traf = bx(b"traf", &full(b"tfhd", 0, 0, &999_999u32.to_be_bytes()));
    let mut body = full(b"mfhd", 0, 0, &1u32.to_be_bytes());
    body.reserve(traf.len() * trafs);
    for _ in 0..trafs {
        body.extend_from_slice(&traf);
    }
    bx(b"moof", &body)
}

#[test]
fn millions_of_fragments_and_trex_are_read_in_linear_time() {
    // 200 000 trex for tracks that do not exist, then 4 × 680 000 traf of a stray track: each traf used
    // to scan every trex and every trak (> 60 s).
    let (head, moov, tail) = split_at_moov(&fragmented_sample());
    let trex: Vec<u8> = (0..200_000u32)
        .flat_map(|i| full(b"trex", 0, 0, &[1000 + i, 1, 0, 0, 0].map(u32::to_be_bytes).concat()))
        .collect();
    let moov = bx(b"moov", &[moov, bx(b"mvex", &trex)].concat());
    let stray = moof_of_strays(680_000);
    let mut file = [head, moov, tail].concat();
    for _ in 0..4 {
        file.extend_from_slice(&stray);
    }
    assert!(file.len() > 60 << 20, "{} bytes", file.len());

    let run = check_with_video(&file);
    assert_bounded("2.7 M traf, 200 k trex", &run, 5.0, 300.0);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    // The video is read and described: the stray fragments add nothing.
    assert!(run.stdout.contains("案例视频.mp4（5分02秒，1920×1080，H.264，有声音）"), "{}", run.stdout);
}

#[test]
fn a_moov_of_thousands_of_tracks_is_refused_in_chinese() {
    let (head, moov, tail) = split_at_moov(&fragmented_sample());
    // Minimal sound tracks: trak{mdia{hdlr soun}}, 5 000 of them after the real ones.
    let trak = bx(b"trak", &bx(b"mdia", &full(b"hdlr", 0, 0, &[&[0u8; 4][..], b"soun", &[0; 12]].concat())));
    let many: Vec<u8> = trak.iter().copied().cycle().take(trak.len() * 5000).collect();
    let file = [head, bx(b"moov", &[moov, many].concat()), tail].concat();
    support::seed("mp4", "five-thousand-tracks.mp4", &file);

    let run = check_with_video(&file);
    assert_bounded("5 000 tracks", &run, 5.0, 300.0);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("SB301"), "{}", run.stdout);
    assert!(run.stdout.contains("轨道超过 4096 条"), "{}", run.stdout);
    assert!(!run.stdout.contains("tracks"), "no English in the Chinese message: {}", run.stdout);
}

#[test]
fn a_million_empty_top_level_boxes_are_walked_in_bounded_time() {
    // 1.2 M eight-byte `free` boxes before the movie: the walk gives up after 1 M headers, so the moov
    // is not reached and the video is reported as having none, quickly.
    let (head, moov, tail) = split_at_moov(&fragmented_sample());
    let free = bx(b"free", &[]);
    let padding: Vec<u8> = free.iter().copied().cycle().take(free.len() * 1_200_000).collect();
    let file = [head, padding, bx(b"moov", &moov), tail].concat();

    let run = check_with_video(&file);
    assert_bounded("1.2 M top-level boxes", &run, 5.0, 300.0);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("SB301") && run.stdout.contains("缺少影片头（moov）"), "{}", run.stdout);
}

#[test]
fn a_sample_table_claiming_billions_of_samples_costs_nothing() {
    // The sample's own faststart video with its stts claiming 4 × 10⁹ samples: summed, never allocated.
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/pass").join(VIDEO))
        .expect("sample video");
    let mut file = bytes.clone();
    let at = file.windows(4).position(|w| w == b"stts").expect("stts") + 4;
    // version/flags, entry_count = 1, then the first entry's sample_count.
    file[at + 8..at + 12].copy_from_slice(&4_000_000_000u32.to_be_bytes());
    support::seed("mp4", "stts-four-billion.mp4", &file);

    let run = check_with_video(&file);
    assert_bounded("4 × 10⁹ samples", &run, 5.0, 300.0);
    assert!(run.code == Some(0) || run.code == Some(1), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("案例视频.mp4（"), "the video is still described: {}", run.stdout);
}
