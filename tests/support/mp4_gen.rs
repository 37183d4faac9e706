//! Small, structurally valid MP4 files built by hand: ftyp + moov{mvhd, trak(video), trak(audio)} + mdat,
//! or moov after the mdat, or a fragmented file (moov{mvex} + moof/mdat pairs). The sample data is
//! filler — a player would show nothing — but every box a reader looks at is what an encoder writes.
//!
//! Shared by the media reader tests and the fixture generator: `#[path]`-include it under
//! `#[allow(dead_code)]`, since each includer uses a part.

/// What to build.
#[derive(Debug, Clone)]
pub struct Mp4Spec {
    pub width: u16,
    pub height: u16,
    pub seconds: f64,
    pub fps: f64,
    pub with_audio: bool,
    /// The video sample entry: avc1/avc3 (gets an avcC), hvc1/hev1 (hvcC), av01 (av1C), vp09 (vpcC),
    /// mp4v, or any other 4CC (no configuration box).
    pub codec: [u8; 4],
    /// ftyp major brand: `isom`, `qt  `, `3gp4`, …
    pub brand: [u8; 4],
    pub moov_at_end: bool,
    pub fragmented: bool,
    /// Write one stsz entry per sample, as encoders do (a moov of realistic size), instead of one
    /// constant sample size.
    pub size_table: bool,
}

impl Mp4Spec {
    pub fn new(width: u16, height: u16, seconds: f64, fps: f64, with_audio: bool, codec: &[u8; 4]) -> Self {
        Mp4Spec {
            width,
            height,
            seconds,
            fps,
            with_audio,
            codec: *codec,
            brand: *b"isom",
            moov_at_end: false,
            fragmented: false,
            size_table: false,
        }
    }

    /// Video samples: one per frame, at least one.
    pub fn frames(&self) -> u32 {
        ((self.seconds * self.fps).round() as u32).max(1)
    }

    /// Video ticks per frame at [`VIDEO_TIMESCALE`].
    pub fn frame_delta(&self) -> u32 {
        (f64::from(VIDEO_TIMESCALE) / self.fps).round() as u32
    }

    /// AAC frames of 1024 samples at 48 kHz.
    pub fn audio_frames(&self) -> u32 {
        if self.with_audio {
            (self.seconds * f64::from(AUDIO_TIMESCALE) / f64::from(AUDIO_DELTA)).ceil() as u32
        } else {
            0
        }
    }

    /// Bytes of media data (the mdat payload).
    pub fn media_len(&self) -> u64 {
        u64::from(self.frames()) * VIDEO_SAMPLE + u64::from(self.audio_frames()) * AUDIO_SAMPLE
    }
}

pub const VIDEO_TIMESCALE: u32 = 90_000;
pub const AUDIO_TIMESCALE: u32 = 48_000;
pub const AUDIO_DELTA: u32 = 1024;
const VIDEO_SAMPLE: u64 = 8;
const AUDIO_SAMPLE: u64 = 6;

/// A faststart MP4 (ftyp, moov, mdat) with one video track and, if asked, one AAC track.
pub fn mp4_fixture(width: u16, height: u16, seconds: f64, fps: f64, with_audio: bool, codec: &[u8; 4]) -> Vec<u8> {
    build(&Mp4Spec::new(width, height, seconds, fps, with_audio, codec))
}

/// The whole file for a spec.
pub fn build(spec: &Mp4Spec) -> Vec<u8> {
    if spec.fragmented {
        return build_fragmented(spec);
    }
    let ftyp = ftyp(&spec.brand);
    let mdat = mdat(spec.media_len());
    if spec.moov_at_end {
        let data_at = (ftyp.len() + mdat_header(spec.media_len()).len()) as u64;
        return [ftyp, mdat, moov(spec, data_at)].concat();
    }
    let moov_len = moov(spec, 0).len();
    let data_at = (ftyp.len() + moov_len + mdat_header(spec.media_len()).len()) as u64;
    [ftyp, moov(spec, data_at), mdat].concat()
}

pub fn ftyp(major: &[u8; 4]) -> Vec<u8> {
    let mut body = major.to_vec();
    body.extend_from_slice(&0x200u32.to_be_bytes());
    for compat in [major, b"isom", b"iso2", b"mp41"] {
        body.extend_from_slice(compat);
    }
    bx(b"ftyp", &body)
}

/// An mdat header for `payload` bytes (a 64-bit size when it needs one).
pub fn mdat_header(payload: u64) -> Vec<u8> {
    if payload + 8 > u64::from(u32::MAX) {
        [&1u32.to_be_bytes()[..], b"mdat", &(payload + 16).to_be_bytes()].concat()
    } else {
        [&((payload + 8) as u32).to_be_bytes()[..], b"mdat"].concat()
    }
}

fn mdat(payload: u64) -> Vec<u8> {
    let mut b = mdat_header(payload);
    b.resize(b.len() + payload as usize, 0x5A);
    b
}

/// The moov of a non-fragmented file whose media data starts at `data_at` (video chunk, then audio).
pub fn moov(spec: &Mp4Spec, data_at: u64) -> Vec<u8> {
    let ms = (spec.seconds * 1000.0).round() as u32;
    let mut parts = vec![mvhd(ms)];
    let frames = spec.frames();
    parts.push(video_trak(spec, &[(frames, spec.frame_delta())], frames, data_at));
    if spec.with_audio {
        let audio_at = data_at + u64::from(frames) * VIDEO_SAMPLE;
        let n = spec.audio_frames();
        parts.push(audio_trak(&[(n, AUDIO_DELTA)], n, audio_at, spec.size_table));
    }
    bx(b"moov", &parts.concat())
}

fn build_fragmented(spec: &Mp4Spec) -> Vec<u8> {
    let mut trex = full(b"trex", 0, 0, &[1u32, 1, 0, 0, 0].map(u32::to_be_bytes).concat());
    let mut traks = video_trak(spec, &[], 0, 0);
    if spec.with_audio {
        trex.extend(full(b"trex", 0, 0, &[2u32, 1, 0, 0, 0].map(u32::to_be_bytes).concat()));
        traks.extend(audio_trak(&[], 0, 0, false));
    }
    let mvex = bx(b"mvex", &trex);
    let mut out = [ftyp(b"iso5"), bx(b"moov", &[mvhd(0), traks, mvex].concat())].concat();
    // One fragment per second of video; audio rides along in the same fragment.
    let fps = spec.fps.round().max(1.0) as u32;
    let (mut v_left, mut a_left) = (spec.frames(), spec.audio_frames());
    let (mut v_time, mut a_time) = (0u64, 0u64);
    let mut seq = 1u32;
    while v_left > 0 || a_left > 0 {
        let v = v_left.min(fps);
        let a = if v_left <= fps { a_left } else { a_left.min(AUDIO_TIMESCALE / AUDIO_DELTA) };
        let mut trafs = Vec::new();
        if v > 0 {
            trafs.push(traf(1, spec.frame_delta(), v_time, v, VIDEO_SAMPLE as u32));
        }
        if a > 0 {
            trafs.push(traf(2, AUDIO_DELTA, a_time, a, AUDIO_SAMPLE as u32));
        }
        let moof = bx(b"moof", &[full(b"mfhd", 0, 0, &seq.to_be_bytes()), trafs.concat()].concat());
        out.extend(moof);
        out.extend(mdat(u64::from(v) * VIDEO_SAMPLE + u64::from(a) * AUDIO_SAMPLE));
        v_left -= v;
        a_left -= a;
        v_time += u64::from(v) * u64::from(spec.frame_delta());
        a_time += u64::from(a) * u64::from(AUDIO_DELTA);
        seq += 1;
    }
    out
}

fn traf(track: u32, delta: u32, base: u64, samples: u32, size: u32) -> Vec<u8> {
    // default-base-is-moof, default duration and size in tfhd; the trun lists only the count.
    let tfhd = full(b"tfhd", 0, 0x02_0018, &[track, delta, size].map(u32::to_be_bytes).concat());
    let tfdt = full(b"tfdt", 1, 0, &base.to_be_bytes());
    let trun = full(b"trun", 0, 0, &samples.to_be_bytes());
    bx(b"traf", &[tfhd, tfdt, trun].concat())
}

fn mvhd(duration_ms: u32) -> Vec<u8> {
    let mut b = Vec::new();
    for v in [0u32, 0, 1000, duration_ms, 0x0001_0000] {
        b.extend_from_slice(&v.to_be_bytes());
    }
    b.extend_from_slice(&[0x01, 0x00, 0, 0]);
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&MATRIX);
    b.extend_from_slice(&[0; 24]);
    b.extend_from_slice(&3u32.to_be_bytes());
    full(b"mvhd", 0, 0, &b)
}

const MATRIX: [u8; 36] =
    [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0];

fn tkhd(id: u32, width: u16, height: u16, audio: bool) -> Vec<u8> {
    let mut b = Vec::new();
    for v in [0u32, 0, id, 0, 0, 0, 0] {
        b.extend_from_slice(&v.to_be_bytes());
    }
    b.extend_from_slice(&[0, 0, 0, 0, if audio { 1 } else { 0 }, 0, 0, 0]);
    b.extend_from_slice(&MATRIX);
    b.extend_from_slice(&(u32::from(width) << 16).to_be_bytes());
    b.extend_from_slice(&(u32::from(height) << 16).to_be_bytes());
    full(b"tkhd", 0, 3, &b)
}

fn mdhd(timescale: u32, duration: u64) -> Vec<u8> {
    let mut b = Vec::new();
    for v in [0u32, 0, timescale, duration as u32] {
        b.extend_from_slice(&v.to_be_bytes());
    }
    b.extend_from_slice(&[0x55, 0xC4, 0, 0]);
    full(b"mdhd", 0, 0, &b)
}

fn hdlr(kind: &[u8; 4], name: &str) -> Vec<u8> {
    let b = [&[0u8; 4][..], kind, &[0; 12], name.as_bytes(), &[0]].concat();
    full(b"hdlr", 0, 0, &b)
}

fn dinf() -> Vec<u8> {
    let dref = full(b"dref", 0, 0, &[&1u32.to_be_bytes()[..], &full(b"url ", 0, 1, &[])].concat());
    bx(b"dinf", &dref)
}

/// stts/stsc/stsz/stco for `samples` of `size` bytes in one chunk at `chunk_at` (none when 0 samples).
fn sample_tables(stts: &[(u32, u32)], samples: u32, size: u32, chunk_at: u64, size_table: bool) -> Vec<u8> {
    let mut t = (stts.len() as u32).to_be_bytes().to_vec();
    for (n, d) in stts {
        t.extend_from_slice(&n.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    let chunks = u32::from(samples > 0);
    let stsc = if samples > 0 { [1u32, 1, samples, 1].map(u32::to_be_bytes).concat() } else { vec![0; 4] };
    let stsz = if size_table {
        let mut t = [0, samples].map(u32::to_be_bytes).concat();
        for _ in 0..samples {
            t.extend_from_slice(&size.to_be_bytes());
        }
        t
    } else {
        [size, samples].map(u32::to_be_bytes).concat()
    };
    let offsets = if chunk_at > u64::from(u32::MAX) {
        full(b"co64", 0, 0, &[&chunks.to_be_bytes()[..], &chunk_at.to_be_bytes()[..chunks as usize * 8]].concat())
    } else {
        full(
            b"stco",
            0,
            0,
            &[&chunks.to_be_bytes()[..], &(chunk_at as u32).to_be_bytes()[..chunks as usize * 4]].concat(),
        )
    };
    [full(b"stts", 0, 0, &t), full(b"stsc", 0, 0, &stsc), full(b"stsz", 0, 0, &stsz), offsets].concat()
}

fn video_trak(spec: &Mp4Spec, stts: &[(u32, u32)], samples: u32, chunk_at: u64) -> Vec<u8> {
    let ticks: u64 = stts.iter().map(|&(n, d)| u64::from(n) * u64::from(d)).sum();
    let stsd = full(b"stsd", 0, 0, &[&1u32.to_be_bytes()[..], &visual_entry(spec)].concat());
    let stbl =
        bx(b"stbl", &[stsd, sample_tables(stts, samples, VIDEO_SAMPLE as u32, chunk_at, spec.size_table)].concat());
    let vmhd = full(b"vmhd", 0, 1, &[0; 8]);
    let minf = bx(b"minf", &[vmhd, dinf(), stbl].concat());
    let mdia = bx(b"mdia", &[mdhd(VIDEO_TIMESCALE, ticks), hdlr(b"vide", "VideoHandler"), minf].concat());
    bx(b"trak", &[tkhd(1, spec.width, spec.height, false), mdia].concat())
}

fn audio_trak(stts: &[(u32, u32)], samples: u32, chunk_at: u64, size_table: bool) -> Vec<u8> {
    let ticks: u64 = stts.iter().map(|&(n, d)| u64::from(n) * u64::from(d)).sum();
    let mut entry = vec![0u8; 6];
    entry.extend_from_slice(&1u16.to_be_bytes());
    entry.extend_from_slice(&[0; 8]);
    entry.extend_from_slice(&[0, 2, 0, 16, 0, 0, 0, 0]);
    entry.extend_from_slice(&(AUDIO_TIMESCALE << 16).to_be_bytes());
    let es = [
        0x03, 0x19, 0, 1, 0, 0x04, 0x11, 0x40, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x02, 0x11, 0x90, 0x06,
        0x01, 0x02,
    ];
    entry.extend(full(b"esds", 0, 0, &es));
    let stsd = full(b"stsd", 0, 0, &[&1u32.to_be_bytes()[..], &bx(b"mp4a", &entry)].concat());
    let stbl = bx(b"stbl", &[stsd, sample_tables(stts, samples, AUDIO_SAMPLE as u32, chunk_at, size_table)].concat());
    let smhd = full(b"smhd", 0, 0, &[0; 4]);
    let minf = bx(b"minf", &[smhd, dinf(), stbl].concat());
    let mdia = bx(b"mdia", &[mdhd(AUDIO_TIMESCALE, ticks), hdlr(b"soun", "SoundHandler"), minf].concat());
    bx(b"trak", &[tkhd(2, 0, 0, true), mdia].concat())
}

fn visual_entry(spec: &Mp4Spec) -> Vec<u8> {
    let mut b = vec![0u8; 6];
    b.extend_from_slice(&1u16.to_be_bytes());
    b.extend_from_slice(&[0; 16]);
    b.extend_from_slice(&spec.width.to_be_bytes());
    b.extend_from_slice(&spec.height.to_be_bytes());
    b.extend_from_slice(&0x0048_0000u32.to_be_bytes());
    b.extend_from_slice(&0x0048_0000u32.to_be_bytes());
    b.extend_from_slice(&[0; 4]);
    b.extend_from_slice(&1u16.to_be_bytes());
    b.extend_from_slice(&[0; 32]);
    b.extend_from_slice(&[0x00, 0x18, 0xFF, 0xFF]);
    match &spec.codec {
        b"avc1" | b"avc3" => {
            b.extend(bx(b"avcC", &[1, 0x64, 0x00, 0x1F, 0xFF, 0xE1, 0, 4, 0x67, 0x64, 0x00, 0x1F, 1, 0, 2, 0x68, 0xEB]))
        }
        b"hvc1" | b"hev1" => b.extend(bx(
            b"hvcC",
            &[1, 0x01, 0x60, 0, 0, 0, 0xB0, 0, 0, 0, 0, 0, 93, 0xF0, 0, 0xFC, 0xFD, 0xF8, 0xF8, 0, 0, 0x0F, 0],
        )),
        b"av01" => b.extend(bx(b"av1C", &[0x81, 0x08, 0x0C, 0x00])),
        b"vp09" => b.extend(full(b"vpcC", 1, 0, &[0, 31, 0x82, 1, 1, 1, 0, 0])),
        b"mp4v" => b.extend(full(
            b"esds",
            0,
            0,
            &[0x03, 0x15, 0, 1, 0, 0x04, 0x0D, 0x20, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x06, 0x01, 0x02],
        )),
        _ => {}
    }
    bx(&spec.codec, &b)
}

/// A box: 32-bit size, type, body.
pub fn bx(typ: &[u8; 4], body: &[u8]) -> Vec<u8> {
    [&((body.len() + 8) as u32).to_be_bytes()[..], typ, body].concat()
}

/// A full box: version and 24-bit flags before the body.
pub fn full(typ: &[u8; 4], version: u8, flags: u32, body: &[u8]) -> Vec<u8> {
    let vf = (u32::from(version) << 24 | (flags & 0x00FF_FFFF)).to_be_bytes();
    bx(typ, &[&vf[..], body].concat())
}
