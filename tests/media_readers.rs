//! The MP4 and image readers over files built here (hand-made MP4 boxes, JPEGs from jpeg-encoder, PNGs
//! from png), a sparse 2 GB recording with its moov at the end, and the shared real-world corpus
//! compared with ffprobe's and Pillow's readings in its MANIFEST.tsv.

mod support;

#[path = "support/mp4_gen.rs"]
#[allow(dead_code)]
mod mp4_gen;

use mp4_gen::{mp4_fixture, Mp4Spec};
use shenbao::read::image::{self, ImageError, ImageFormat};
use shenbao::read::mp4::{self, Codec, Container, Mp4Error, VideoInfo};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

fn read_mp4_bytes(bytes: &[u8]) -> Result<VideoInfo, Mp4Error> {
    let dir = tempfile::tempdir().expect("tempdir");
    mp4::read_mp4(&write(dir.path(), "v.mp4", bytes))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.1_f64.max(b * 0.02)
}

// ---------------------------------------------------------------- MP4

#[test]
fn faststart_h264_with_sound() {
    let bytes = mp4_fixture(1280, 720, 3.0, 30.0, true, b"avc1");
    let info = read_mp4_bytes(&bytes).expect("reads");
    assert_eq!(info.container, Container::Mp4);
    assert!((info.duration_s - 3.0).abs() < 1e-9, "{info:?}");
    let video = info.video.as_ref().expect("video track");
    assert_eq!(video.codec, "avc1.64001F");
    assert_eq!(video.family, Codec::H264);
    assert_eq!((video.width, video.height), (1280, 720));
    assert!((video.fps.expect("fps") - 30.0).abs() < 1e-9);
    assert!(info.has_audio);
    assert!(!info.fragmented);
    assert_eq!(info.file_size, bytes.len() as u64);
    assert!(info.bytes_read < info.file_size, "{} of {}", info.bytes_read, info.file_size);
}

#[test]
fn codec_strings_and_families() {
    for (codec, string, family) in [
        (b"avc3", "avc3.64001F", Codec::H264),
        (b"hvc1", "hvc1.1.6.L93.B0", Codec::Hevc),
        (b"hev1", "hev1.1.6.L93.B0", Codec::Hevc),
        (b"av01", "av01.0.08M.08", Codec::Av1),
        (b"vp09", "vp09.00.31.08", Codec::Vp9),
        (b"mp4v", "mp4v", Codec::Mpeg4),
        (b"apcn", "apcn", Codec::Other),
    ] {
        let info = read_mp4_bytes(&mp4_fixture(640, 360, 1.0, 25.0, false, codec)).expect("reads");
        let video = info.video.expect("video");
        assert_eq!((video.codec.as_str(), video.family), (string, family));
        assert_eq!((video.width, video.height), (640, 360));
        assert!(!info.has_audio);
    }
}

#[test]
fn non_integer_frame_rate() {
    let info = read_mp4_bytes(&mp4_fixture(1920, 1080, 10.0, 29.97, true, b"avc1")).expect("reads");
    let fps = info.video.expect("video").fps.expect("fps");
    assert!((fps - 29.97).abs() < 0.01, "{fps}");
}

#[test]
fn brands() {
    for (brand, container) in [
        (b"qt  ", Container::QuickTime),
        (b"mp42", Container::Mp4),
        (b"M4V ", Container::Mp4),
        (b"3gp4", Container::Other("3gp4".into())),
    ] {
        let spec = Mp4Spec { brand: *brand, ..Mp4Spec::new(320, 240, 1.0, 30.0, true, b"avc1") };
        assert_eq!(read_mp4_bytes(&mp4_gen::build(&spec)).expect("reads").container, container);
    }
}

#[test]
fn moov_at_the_end_is_found_by_seeking() {
    let spec = Mp4Spec { moov_at_end: true, ..Mp4Spec::new(1920, 1080, 600.0, 60.0, true, b"hvc1") };
    let bytes = mp4_gen::build(&spec);
    assert!(bytes.len() > 300_000, "{}", bytes.len());
    let info = read_mp4_bytes(&bytes).expect("reads");
    assert!((info.duration_s - 600.0).abs() < 1e-6);
    assert_eq!(info.video.expect("video").codec, "hvc1.1.6.L93.B0");
    assert!(info.bytes_read < 64 << 10, "read {} bytes", info.bytes_read);
}

#[test]
fn fragmented_duration_comes_from_the_fragments() {
    let spec = Mp4Spec { fragmented: true, ..Mp4Spec::new(1280, 720, 5.0, 25.0, true, b"avc1") };
    let info = read_mp4_bytes(&mp4_gen::build(&spec)).expect("reads");
    assert!(info.fragmented);
    assert!((info.duration_s - 5.0).abs() < 0.03, "{}", info.duration_s);
    assert!(info.has_audio);
    let video = info.video.expect("video");
    assert!((video.fps.expect("fps") - 25.0).abs() < 1e-9);
    assert_eq!((video.width, video.height), (1280, 720));
}

#[test]
fn other_containers_are_not_mp4() {
    let mkv = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81];
    let avi = b"RIFF\x24\x10\0\0AVI LIST\x04\x01\0\0hdrlavih";
    for bytes in [&mkv[..], &avi[..], b"", b"ftyp", b"hello, this is a text file\n", &[0u8; 64][..]] {
        assert!(matches!(read_mp4_bytes(bytes), Err(Mp4Error::NotMp4)), "{bytes:?}");
    }
    // A HEIC photo is an ISO file too, but a picture.
    let heic = [mp4_gen::ftyp(b"heic"), mp4_gen::bx(b"meta", &[0; 32])].concat();
    assert!(matches!(read_mp4_bytes(&heic), Err(Mp4Error::NotMp4)));
}

#[test]
fn truncation() {
    let faststart = mp4_fixture(640, 480, 4.0, 30.0, true, b"avc1");
    let moov_at = faststart.windows(4).position(|w| w == b"moov").expect("moov") - 4;
    let mdat_at = faststart.windows(4).position(|w| w == b"mdat").expect("mdat") - 4;
    // Cut inside the moov, or right after the ftyp: the movie header is missing.
    for cut in [moov_at + 100, moov_at, 28, 10] {
        assert!(matches!(read_mp4_bytes(&faststart[..cut]), Err(Mp4Error::NoMoov)), "cut at {cut}");
    }
    // The moov survived but the media data did not.
    let r = read_mp4_bytes(&faststart[..mdat_at + 50]);
    assert!(matches!(&r, Err(Mp4Error::Damaged { en: m, .. }) if m.contains("cut short")), "{r:?}");

    // A recording stopped before it wrote its moov.
    let spec = Mp4Spec { moov_at_end: true, ..Mp4Spec::new(640, 480, 4.0, 30.0, true, b"avc1") };
    let at_end = mp4_gen::build(&spec);
    let moov_at = at_end.windows(4).rposition(|w| w == b"moov").expect("moov") - 4;
    for cut in [moov_at, moov_at - 10, moov_at + 40] {
        assert!(matches!(read_mp4_bytes(&at_end[..cut]), Err(Mp4Error::NoMoov)), "cut at {cut}");
    }
    // …and one whose unwritten tail is zeros (space reserved by the recorder).
    let mut zeros = at_end[..moov_at].to_vec();
    zeros.resize(at_end.len(), 0);
    assert!(matches!(read_mp4_bytes(&zeros), Err(Mp4Error::NoMoov)));
}

#[test]
fn no_input_makes_it_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f.mp4");
    let samples = [
        mp4_fixture(320, 240, 1.0, 10.0, true, b"avc1"),
        mp4_gen::build(&Mp4Spec { fragmented: true, ..Mp4Spec::new(320, 240, 2.0, 5.0, true, b"hvc1") }),
    ];
    for bytes in &samples {
        for cut in 0..bytes.len() {
            std::fs::write(&path, &bytes[..cut]).expect("write");
            let _ = mp4::read_mp4(&path);
        }
        // Deterministic byte corruption: every position, a few values each.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for i in 0..bytes.len() {
            for _ in 0..3 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let mut b = bytes.clone();
                b[i] = match seed % 4 {
                    0 => 0xFF,
                    1 => 0x00,
                    2 => 0x01,
                    _ => (seed >> 8) as u8,
                };
                std::fs::write(&path, &b).expect("write");
                let _ = mp4::read_mp4(&path);
            }
        }
    }
}

#[test]
fn sparse_two_gigabyte_recording_reads_only_its_boxes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.mp4");
    let Some(file_size) = sparse_recording(&path, 2 << 30) else {
        eprintln!("skipped: the temp filesystem does not keep sparse files sparse");
        return;
    };
    let started = Instant::now();
    let info = mp4::read_mp4(&path).expect("reads");
    let took = started.elapsed();
    eprintln!("2 GB moov-at-end: {took:?}, {} bytes read of {}", info.bytes_read, info.file_size);
    assert_eq!(info.file_size, file_size);
    assert!(info.bytes_read < 1 << 20, "read {} bytes", info.bytes_read);
    assert!(took < Duration::from_millis(50), "took {took:?}");
    assert!((info.duration_s - 1800.0).abs() < 1e-6);
    let video = info.video.expect("video");
    assert_eq!((video.width, video.height, video.codec.as_str()), (3840, 2160, "avc1.64001F"));
}

/// ftyp, an mdat declaring `payload` bytes left as a hole, then the moov. None when the hole took space.
fn sparse_recording(path: &Path, payload: u64) -> Option<u64> {
    let spec = Mp4Spec { moov_at_end: true, size_table: true, ..Mp4Spec::new(3840, 2160, 1800.0, 30.0, true, b"avc1") };
    let head = [mp4_gen::ftyp(b"isom"), mp4_gen::mdat_header(payload)].concat();
    let mut f = std::fs::File::create(path).expect("create");
    f.write_all(&head).expect("write");
    let end = head.len() as u64 + payload;
    f.set_len(end).expect("set_len");
    f.seek(SeekFrom::Start(end)).expect("seek");
    f.write_all(&mp4_gen::moov(&spec, head.len() as u64)).expect("write moov");
    f.sync_all().expect("sync");
    let meta = f.metadata().expect("metadata");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.blocks() * 512 > 16 << 20 {
            return None;
        }
    }
    Some(meta.len())
}

// ---------------------------------------------------------------- images

fn jpeg(w: u16, h: u16, progressive: bool) -> Vec<u8> {
    let pixels: Vec<u8> = (0..usize::from(w) * usize::from(h) * 3).map(|i| (i * 7 % 251) as u8).collect();
    let mut buf = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut buf, 80);
    enc.set_progressive(progressive);
    enc.encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb).expect("encode");
    buf
}

/// A JPEG with an APP1 Exif segment carrying only IFD0 orientation, spliced in after SOI.
fn with_orientation(jpeg: &[u8], orientation: u16, little_endian: bool) -> Vec<u8> {
    let mut tiff: Vec<u8> = if little_endian { b"II*\0\x08\0\0\0".to_vec() } else { b"MM\0*\0\0\0\x08".to_vec() };
    let u16b = |v: u16| if little_endian { v.to_le_bytes() } else { v.to_be_bytes() };
    let u32b = |v: u32| if little_endian { v.to_le_bytes() } else { v.to_be_bytes() };
    tiff.extend(u16b(2)); // two entries: ImageWidth (a decoy) then Orientation
    tiff.extend([u16b(0x0100), u16b(4)].concat());
    tiff.extend(u32b(1));
    tiff.extend(u32b(640));
    tiff.extend([u16b(0x0112), u16b(3)].concat());
    tiff.extend(u32b(1));
    tiff.extend([u16b(orientation), [0, 0]].concat());
    tiff.extend(u32b(0));
    let payload = [&b"Exif\0\0"[..], &tiff].concat();
    let app1 = [&[0xFF, 0xE1][..], &((payload.len() + 2) as u16).to_be_bytes(), &payload].concat();
    [&jpeg[..2], &app1, &jpeg[2..]].concat()
}

#[test]
fn baseline_and_progressive_jpeg() {
    let baseline = image::read_image_bytes(&jpeg(64, 48, false)).expect("reads");
    assert_eq!((baseline.format, baseline.width, baseline.height), (ImageFormat::Jpeg, 64, 48));
    assert!(!baseline.progressive && !baseline.cmyk && baseline.complete);
    assert_eq!(baseline.orientation, None);
    let progressive = image::read_image_bytes(&jpeg(64, 48, true)).expect("reads");
    assert!(progressive.progressive && progressive.complete);
}

#[test]
fn cmyk_jpeg() {
    let pixels = vec![128u8; 16 * 16 * 4];
    for color in [jpeg_encoder::ColorType::Cmyk, jpeg_encoder::ColorType::CmykAsYcck] {
        let mut buf = Vec::new();
        jpeg_encoder::Encoder::new(&mut buf, 80).encode(&pixels, 16, 16, color).expect("encode");
        assert!(image::read_image_bytes(&buf).expect("reads").cmyk);
    }
}

#[test]
fn exif_orientation() {
    let plain = jpeg(40, 30, false);
    for (o, le) in [(6, false), (8, true), (1, true), (3, false)] {
        let info = image::read_image_bytes(&with_orientation(&plain, o, le)).expect("reads");
        assert_eq!(info.orientation, Some(o as u8));
        assert_eq!((info.width, info.height), (40, 30), "stored size, not rotated");
    }
    let bad = image::read_image_bytes(&with_orientation(&plain, 9, false)).expect("reads");
    assert_eq!(bad.orientation, None);
}

#[test]
fn truncated_jpeg() {
    let full = jpeg(200, 150, false);
    let cut = image::read_image_bytes(&full[..full.len() * 2 / 3]).expect("header is intact");
    assert!(!cut.complete);
    assert_eq!((cut.width, cut.height), (200, 150));
    // A download cut short into space the browser had reserved: zeros after the data.
    let mut zero_tail = full[..full.len() / 2].to_vec();
    zero_tail.resize(full.len(), 0);
    assert!(!image::read_image_bytes(&zero_tail).expect("reads").complete);
    // Padding after a real end marker is fine.
    let mut padded = full.clone();
    padded.extend([0; 100]);
    assert!(image::read_image_bytes(&padded).expect("reads").complete);
    // Cut inside the header, before the frame size.
    assert!(matches!(image::read_image_bytes(&full[..20]), Err(ImageError::Damaged(_))));
    for n in 0..full.len() {
        let _ = image::read_image_bytes(&full[..n]);
    }
}

#[test]
fn frame_header_beyond_the_first_64k() {
    // Three 60 KB APP2 segments (an ICC profile would look like this) before the frame header.
    let plain = jpeg(90, 70, false);
    let app2 = [&[0xFF, 0xE2, 0xEA, 0x62][..], &vec![0x11; 60_000]].concat();
    let big = [&plain[..2], &app2, &app2, &app2, &plain[2..]].concat();
    let dir = tempfile::tempdir().expect("tempdir");
    let info = image::read_image(&write(dir.path(), "big.jpg", &big)).expect("reads");
    assert_eq!((info.width, info.height, info.complete), (90, 70, true));
    assert_eq!(image::read_image_bytes(&big).expect("reads"), info);
}

#[test]
fn png_and_others() {
    let mut buf = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut buf, 33, 21);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("header");
        w.write_image_data(&vec![200u8; 33 * 21 * 3]).expect("data");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    // Named .jpg: the content decides.
    let info = image::read_image(&write(dir.path(), "renamed.jpg", &buf)).expect("reads");
    assert_eq!((info.format, info.width, info.height, info.complete), (ImageFormat::Png, 33, 21, true));
    assert!(!image::read_image_bytes(&buf[..buf.len() - 12]).expect("reads").complete);

    let gif = b"GIF89a\x05\0\x03\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x05\0\x03\0\0\x02\x03\x84\x8f\x05\0;";
    let info = image::read_image_bytes(gif).expect("reads");
    assert_eq!((info.format, info.width, info.height, info.complete), (ImageFormat::Gif, 5, 3, true));

    for junk in
        [&b""[..], b"%PDF-1.7\n", b"PK\x03\x04 not an image at all", &mp4_fixture(16, 16, 1.0, 1.0, false, b"avc1")]
    {
        assert!(
            matches!(image::read_image_bytes(junk), Err(ImageError::NotAnImage)),
            "{:?}",
            &junk[..junk.len().min(8)]
        );
    }
}

// ---------------------------------------------------------------- corpus

#[derive(Default)]
struct Expect {
    kind: String,
    info: String,
}

fn field<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.split(' ').find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

#[test]
fn corpus_matches_ffprobe_and_pillow() {
    let Some(corpus) = support::shared("corpus") else {
        return;
    };
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("the corpus has its MANIFEST.tsv");
    let expected: std::collections::HashMap<String, Expect> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let path = cols.next()?.to_owned();
            let kind = cols.next()?.to_owned();
            let _bytes = cols.next();
            Some((path, Expect { kind, info: cols.next().unwrap_or("").to_owned() }))
        })
        .collect();
    // ffprobe_error files this reader reads, and why that is right.
    let readable_despite_ffprobe = [(
        "sine-3s-xhe-aac-44khz-mono.mp4",
        "xHE-AAC (USAC) sound that ffprobe 5.1 has no decoder for; its boxes are sound",
    )];

    let (mut videos, mut video_ok, mut video_err, mut images, mut failures) = (0, 0, 0, 0, Vec::new());
    for entry in walkdir::WalkDir::new(&corpus).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let rel = path.strip_prefix(&corpus).unwrap_or(path).to_string_lossy().into_owned();
        let exp = expected.get(&rel);
        if matches!(ext.as_str(), "mp4" | "m4v" | "m4a" | "3gp" | "m4s" | "mov") {
            videos += 1;
            let p = path.to_path_buf();
            let got = std::panic::catch_unwind(move || mp4::read_mp4(&p));
            let got = match got {
                Ok(r) => r,
                Err(_) => panic!("{rel}: read_mp4 panicked"),
            };
            let Some(exp) = exp.filter(|e| e.kind == "mp4") else {
                eprintln!("  (not in MANIFEST) {rel}: {}", summary(&got));
                continue;
            };
            if exp.info.contains("ffprobe_error") {
                match &got {
                    Err(_) => video_err += 1,
                    Ok(_) => match readable_despite_ffprobe.iter().find(|(name, _)| rel.ends_with(name)) {
                        Some((_, why)) => {
                            video_ok += 1;
                            eprintln!("  ffprobe failed but read: {rel}: {why}; {}", summary(&got));
                        }
                        None => failures.push(format!("{rel}: ffprobe_error but read {}", summary(&got))),
                    },
                }
                continue;
            }
            let streams = field(&exp.info, "streams").unwrap_or("");
            let ff_duration = field(&exp.info, "duration").and_then(|d| d.parse::<f64>().ok());
            // Cover art (attached pictures) is a "video stream" to ffprobe but no track to a player.
            let ff_video = streams
                .split(';')
                .filter_map(|s| s.strip_prefix("video:"))
                .find(|v| !v.starts_with("mjpeg_") && !v.starts_with("png_"));
            let info = match got {
                Ok(info) => info,
                Err(e) if streams.is_empty() => {
                    video_err += 1;
                    eprintln!("  refused, ffprobe found no streams either: {rel}: {e}");
                    continue;
                }
                Err(e) => {
                    failures.push(format!("{rel}: {e} (ffprobe: {})", exp.info));
                    continue;
                }
            };
            video_ok += 1;
            if let Some(d) = ff_duration {
                if !close(info.duration_s, d) {
                    failures.push(format!("{rel}: duration {} vs ffprobe {d}", info.duration_s));
                }
            }
            if let Some(v) = ff_video {
                let size = v.rsplit('_').next().unwrap_or("");
                match &info.video {
                    Some(t) if format!("{}x{}", t.width, t.height) == size => {}
                    other => failures.push(format!("{rel}: video {other:?} vs ffprobe {v}")),
                }
            }
            if info.has_audio != streams.contains("audio:") {
                failures.push(format!("{rel}: has_audio {} vs ffprobe {streams}", info.has_audio));
            }
        } else if matches!(ext.as_str(), "jpg" | "jpeg") {
            images += 1;
            let p = path.to_path_buf();
            let got = match std::panic::catch_unwind(move || image::read_image(&p)) {
                Ok(r) => r,
                Err(_) => panic!("{rel}: read_image panicked"),
            };
            let Some(exp) = exp.filter(|e| e.kind == "jpeg") else { continue };
            match got {
                Ok(info) => {
                    let size = format!("{}x{}", info.width, info.height);
                    let progressive = if info.progressive { "True" } else { "False" };
                    if field(&exp.info, "size") != Some(size.as_str())
                        || field(&exp.info, "progressive") != Some(progressive)
                        || (field(&exp.info, "mode") == Some("CMYK")) != info.cmyk
                    {
                        failures.push(format!("{rel}: {info:?} vs Pillow {}", exp.info));
                    }
                    if !info.complete {
                        eprintln!("  incomplete JPEG (no end marker): {rel}");
                    }
                }
                Err(e) => failures.push(format!("{rel}: {e} (Pillow: {})", exp.info)),
            }
        }
    }
    eprintln!("corpus: {videos} MP4-family files ({video_ok} read, {video_err} refused), {images} JPEGs");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

fn summary(r: &Result<VideoInfo, Mp4Error>) -> String {
    match r {
        Ok(i) => format!(
            "{:?} {:.3}s video={:?} audio={} frag={} read {}/{}",
            i.container, i.duration_s, i.video, i.has_audio, i.fragmented, i.bytes_read, i.file_size
        ),
        Err(e) => format!("error: {e}"),
    }
}
