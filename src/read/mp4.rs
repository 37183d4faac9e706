//! MP4 and QuickTime (.mp4/.m4v/.mov): container brand, duration, the first video track and whether
//! there is sound — from the box tree alone, never the media data.
//!
//! The top level is walked header by header with seeks, so a 2 GB recording whose `moov` sits after
//! the `mdat` costs a few kilobytes of reading. The `moov` (capped at [`MOOV_CAP`]) and, for
//! fragmented files, each `moof` are read into memory and walked by the small box reader below.
//!
//! Why not `re_mp4::Mp4::read`: it builds a per-sample table from counts it does not check (a
//! 300-byte `stsz` claiming 4 × 10⁹ samples asks for ~200 GB), panics on files without `stco` or with
//! an empty `stsc` (and on two QuickTime files of the shared corpus), and rejects sound-only files
//! without `dinf`. Here every count is bounded by the bytes that hold it. Codec strings follow the
//! same WebCodecs / ISO 14496-15 conventions re_mp4 uses (`avc1.64001F`, `hvc1.1.6.L93.B0`).

use serde::Serialize;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// The largest `moov` accepted. Two hours of 60 fps video keep theirs near 10 MB.
pub const MOOV_CAP: u64 = 64 << 20;
/// The largest single `moof` read; larger ones are skipped.
const MOOF_CAP: u64 = 16 << 20;
/// All `moof` boxes of a fragmented file together; past this the duration is from what was read.
const FRAGMENT_BUDGET: u64 = 64 << 20;
/// Boxes directly inside all `moof`s together (a `traf` per track per fragment, and `mfhd`): an hour at
/// 60 fps cut into one fragment per frame holds ~430 000. Past this the duration is from what was read.
const FRAGMENT_BOX_BUDGET: usize = 1 << 20;
/// Top-level boxes walked before giving up on finding more (each costs one header read).
const TOP_LEVEL_CAP: usize = 1 << 20;
/// Tracks kept from a moov. Real recordings have a handful; each costs a few hundred bytes, and a
/// hostile 64 MiB moov of minimal `trak` boxes would otherwise ask for ~2 million of them.
const TRACK_CAP: usize = 4096;

/// The container brand family, from `ftyp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Container {
    /// ISO base media / MP4 brands: isom, iso2…iso9, mp41, mp42, avc1, M4V, M4A, dash, …
    Mp4,
    /// `qt  `, or an old QuickTime file without `ftyp`.
    QuickTime,
    /// Any other major brand (3gp4, f4v , XAVC, MSNV, …), as written (trailing spaces trimmed).
    Other(String),
}

/// The video coding family, from the sample entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Codec {
    H264,
    Hevc,
    Av1,
    Vp9,
    /// MPEG-4 Part 2 (`mp4v`), the "mpeg4" of ffprobe.
    Mpeg4,
    Other,
}

/// What a player will find in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VideoInfo {
    /// The container brand family found in `ftyp`.
    pub container: Container,
    /// Seconds: `mvhd`, or the longest track, or the fragments for a fragmented file.
    pub duration_s: f64,
    /// The first video track.
    pub video: Option<VideoTrack>,
    pub has_audio: bool,
    /// The `moov` announces movie fragments (`mvex`) or the file holds `moof` boxes.
    pub fragmented: bool,
    /// Bytes of the file actually read to get this — the proof that only the boxes were read.
    pub bytes_read: u64,
    pub file_size: u64,
}

/// The first video track.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VideoTrack {
    /// A codec string such as `avc1.64001F`, `hvc1.1.6.L93.B0`, `av01.0.08M.08`, or the bare 4CC.
    pub codec: String,
    pub family: Codec,
    /// Coded size from the sample entry (what ffprobe reports), before any rotation or aspect ratio.
    pub width: u32,
    pub height: u32,
    /// Average frames per second over the track, when it has samples.
    pub fps: Option<f64>,
}

#[derive(Debug, thiserror::Error)]
pub enum Mp4Error {
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    #[error("not an MP4 or QuickTime file: it does not begin with ISO media boxes")]
    NotMp4,
    #[error(
        "no movie header (moov): the file ends before it, as when a recording or download is cut short, or it \
         is one segment of a streamed video"
    )]
    NoMoov,
    #[error("damaged MP4: {en}")]
    Damaged {
        /// What is wrong, in English and in Chinese.
        en: String,
        zh: String,
    },
}

/// A [`Mp4Error::Damaged`] said in both languages.
fn damaged(en: String, zh: String) -> Mp4Error {
    Mp4Error::Damaged { en, zh }
}

impl Mp4Error {
    /// What is wrong, for a message in `lang` (the `Display` text is English).
    pub fn describe(&self, lang: crate::diag::Lang) -> String {
        match (self, lang) {
            (_, crate::diag::Lang::En) => self.to_string(),
            (Mp4Error::Io(e), _) => {
                format!("无法读取文件：{}", crate::diag::IoProblem::from(e).worded(crate::diag::Lang::Zh))
            }
            (Mp4Error::NotMp4, _) => "不是 MP4 或 QuickTime 文件（开头不是 ISO 媒体格式的数据块）".to_owned(),
            (Mp4Error::NoMoov, _) => {
                "缺少影片头（moov）：文件在此之前就结束了，常见于录制或下载中断，或它只是流媒体视频的一个分段"
                    .to_owned()
            }
            (Mp4Error::Damaged { zh, .. }, _) => format!("MP4 文件已损坏（{zh}）"),
        }
    }
}

/// Reads the container facts of an MP4/QuickTime file, reading only its boxes.
///
/// # Errors
/// [`Mp4Error::NotMp4`] for other formats (Matroska, AVI, HEIF pictures, text), [`Mp4Error::NoMoov`]
/// when the file ends before its movie header, [`Mp4Error::Damaged`] when the boxes contradict
/// themselves or the media data is cut short, [`Mp4Error::Io`] when the file cannot be read.
pub fn read_mp4(path: &Path) -> Result<VideoInfo, Mp4Error> {
    let file = File::open(path)?;
    let file_size = file.metadata()?.len();
    read_mp4_from(file, file_size)
}

/// [`read_mp4`] over any seekable source of `file_size` bytes (a file, or a `Cursor` over bytes in memory).
///
/// # Errors
/// As [`read_mp4`].
pub fn read_mp4_from<R: Read + Seek>(reader: R, file_size: u64) -> Result<VideoInfo, Mp4Error> {
    let mut src = Counting { inner: reader, read: 0 };
    let top = walk_top_level(&mut src, file_size)?;

    let Some(moov) = top.moov else {
        return Err(if top.image_brand { Mp4Error::NotMp4 } else { Mp4Error::NoMoov });
    };
    if let Some((typ, end)) = top.cut_short {
        let typ = fourcc_str(&typ);
        return Err(damaged(
            format!("the file is cut short: its `{typ}` box runs to byte {end} but the file has {file_size} bytes"),
            format!("文件不完整：其 `{typ}` 数据块应到第 {end} 字节，而文件只有 {file_size} 字节"),
        ));
    }
    let mut movie = parse_moov(&moov)?;
    if top.saw_mdat {
        if let Some(t) = movie.traks.iter().find(|t| t.max_chunk_offset.is_some_and(|o| o >= file_size)) {
            let at = t.max_chunk_offset.unwrap_or_default();
            return Err(damaged(
                format!("track {} has media data at byte {at} but the file has {file_size} bytes (cut short)", t.id),
                format!("轨道 {} 的媒体数据在第 {at} 字节，而文件只有 {file_size} 字节（文件不完整）", t.id),
            ));
        }
    }
    let fragmented = movie.fragmented || !top.moofs.is_empty();
    let mut budget = FRAGMENT_BUDGET;
    let mut boxes = FRAGMENT_BOX_BUDGET;
    let index = FragmentIndex::of(&movie);
    for &(pos, size) in &top.moofs {
        if size > budget || boxes == 0 {
            break;
        }
        budget -= size;
        let moof = src.read_at(pos, size)?;
        add_fragment(&mut movie, &index, &moof, &mut boxes);
    }

    let container = match &top.brand {
        Some(brand) => container_of(brand),
        None => Container::QuickTime,
    };
    Ok(VideoInfo {
        container,
        duration_s: movie.duration_s(fragmented),
        video: movie.traks.iter().find(|t| &t.handler == b"vide").map(Trak::video),
        has_audio: movie.traks.iter().any(|t| &t.handler == b"soun"),
        fragmented,
        bytes_read: src.read,
        file_size,
    })
}

/// A reader that counts the bytes that really come off the disk.
struct Counting<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.inner.seek(to)
    }
}

impl<R: Read + Seek> Counting<R> {
    /// Reads `len` bytes at `pos`; `len` is bounded by the callers' caps.
    fn read_at(&mut self, pos: u64, len: u64) -> io::Result<Vec<u8>> {
        self.seek(SeekFrom::Start(pos))?;
        let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        self.take(len).read_to_end(&mut buf)?;
        if (buf.len() as u64) < len {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "file shorter than its box"));
        }
        Ok(buf)
    }
}

/// What the top-level walk found.
#[derive(Default)]
struct TopLevel {
    brand: Option<[u8; 4]>,
    /// ftyp names an image format (HEIF/AVIF): a still picture, not a movie.
    image_brand: bool,
    moov: Option<Vec<u8>>,
    saw_mdat: bool,
    /// (offset, size) of each `moof`.
    moofs: Vec<(u64, u64)>,
    /// A media box after the `moov` that runs past the end of the file.
    cut_short: Option<([u8; 4], u64)>,
}

/// Box types a movie file may begin with. Anything else (Matroska, RIFF/AVI, text) is not ours.
const FIRST_BOXES: [&[u8; 4]; 11] =
    [b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot", b"styp", b"sidx", b"moof", b"uuid"];

const IMAGE_BRANDS: [&[u8; 4]; 9] = [b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"];

/// The last few kilobytes read around a top-level header: a run of small boxes (`free` padding, the
/// `moof`/`mdat` pairs of a fragmented file) costs one read per window rather than a seek and a read
/// per header, while a header followed by gigabytes of media still costs one small read.
#[derive(Default)]
struct HeaderWindow {
    start: u64,
    bytes: Vec<u8>,
    /// Reads so far: the first few read only what is asked, so a small file's media data stays unread.
    reads: usize,
}

impl HeaderWindow {
    const SIZE: u64 = 4096;
    /// Reads of exactly the bytes asked for before windows are read: real files have a handful of
    /// top-level boxes; only padding or a fragmented file has more.
    const EXACT_READS: usize = 64;

    /// `len` bytes at `pos`, which the caller knows lie inside the file: from the window when they are in
    /// it, else read (a new window when `len` is small).
    fn get<R: Read + Seek>(
        &mut self,
        src: &mut Counting<R>,
        pos: u64,
        len: usize,
        file_size: u64,
    ) -> io::Result<Vec<u8>> {
        let inside = pos >= self.start && pos - self.start + len as u64 <= self.bytes.len() as u64;
        if !inside && len as u64 > Self::SIZE {
            return src.read_at(pos, len as u64);
        }
        if !inside {
            self.reads += 1;
            let size = if self.reads > Self::EXACT_READS { Self::SIZE } else { len as u64 };
            let want = size.max(len as u64).min(file_size.saturating_sub(pos));
            self.bytes = src.read_at(pos, want)?;
            self.start = pos;
        }
        let at = usize::try_from(pos - self.start).unwrap_or(usize::MAX);
        self.bytes
            .get(at..at.saturating_add(len))
            .map(<[u8]>::to_vec)
            .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "file shorter than its box"))
    }
}

fn walk_top_level<R: Read + Seek>(src: &mut Counting<R>, file_size: u64) -> Result<TopLevel, Mp4Error> {
    let mut top = TopLevel::default();
    let mut pos = 0u64;
    let mut first = true;
    let mut window = HeaderWindow::default();
    for _ in 0..TOP_LEVEL_CAP {
        if first && file_size < 8 {
            return Err(Mp4Error::NotMp4);
        }
        if file_size.saturating_sub(pos) < 8 {
            break;
        }
        let mut head = window.get(src, pos, 8, file_size)?;
        let size32 = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let typ = [head[4], head[5], head[6], head[7]];
        if first && !FIRST_BOXES.contains(&&typ) {
            return Err(Mp4Error::NotMp4);
        }
        first = false;
        let (header_len, size) = match size32 {
            0 => (8, file_size - pos),
            1 => {
                if file_size - pos < 16 {
                    break;
                }
                head = window.get(src, pos + 8, 8, file_size)?;
                (16, be_u64(&head, 0).unwrap_or(0))
            }
            n => (8, u64::from(n)),
        };
        if size < header_len || !is_fourcc(&typ) {
            // Not a box: a zero-filled or garbage tail. Before the moov that is a file cut short.
            break;
        }
        let Some(end) = pos.checked_add(size) else { break };
        match &typ {
            b"ftyp" if top.brand.is_none() && size - header_len >= 4 && file_size - pos >= header_len + 4 => {
                let major = window.get(src, pos + header_len, 4, file_size)?;
                let major = [major[0], major[1], major[2], major[3]];
                top.brand = Some(major);
                top.image_brand = IMAGE_BRANDS.contains(&&major);
            }
            b"moov" if top.moov.is_none() => {
                if end > file_size {
                    break;
                }
                if size - header_len > MOOV_CAP {
                    let (mib, cap) = (size >> 20, MOOV_CAP >> 20);
                    return Err(damaged(
                        format!("its moov box is {mib} MiB, more than the {cap} MiB this reader accepts"),
                        format!("影片头（moov）有 {mib} MiB，超过可读取的上限 {cap} MiB"),
                    ));
                }
                let len = usize::try_from(size - header_len).unwrap_or(usize::MAX);
                top.moov = Some(window.get(src, pos + header_len, len, file_size)?);
            }
            b"moof" if size <= MOOF_CAP => top.moofs.push((pos, size)),
            b"mdat" => top.saw_mdat = true,
            _ => {}
        }
        if end > file_size {
            if top.moov.is_some() && matches!(&typ, b"mdat" | b"moof") {
                top.cut_short = Some((typ, end));
            }
            break;
        }
        pos = end;
    }
    Ok(top)
}

fn container_of(brand: &[u8; 4]) -> Container {
    match brand {
        b"qt  " => Container::QuickTime,
        b"isom" | b"iso2" | b"iso3" | b"iso4" | b"iso5" | b"iso6" | b"iso7" | b"iso8" | b"iso9" | b"isoa" | b"mp41"
        | b"mp42" | b"mp71" | b"avc1" | b"M4V " | b"M4VH" | b"M4VP" | b"M4A " | b"M4B " | b"M4P " | b"dash"
        | b"msdh" | b"msix" | b"cmfc" | b"cmf2" => Container::Mp4,
        other => Container::Other(fourcc_str(other).trim_end().to_owned()),
    }
}

/// The facts of the moov, and later of the fragments.
#[derive(Default)]
struct Movie {
    /// (duration, timescale) from mvhd.
    mvhd: Option<(u64, u32)>,
    /// mehd fragment_duration, in the mvhd timescale.
    mehd: Option<u64>,
    fragmented: bool,
    traks: Vec<Trak>,
    /// trex: (track id, default sample duration).
    trex: Vec<(u32, u32)>,
}

#[derive(Default)]
struct Trak {
    id: u32,
    handler: [u8; 4],
    timescale: u32,
    mdhd_duration: Option<u64>,
    /// Samples and ticks from stts, then from the fragments.
    frames: u64,
    ticks: u64,
    /// The latest decode end a fragment reached (tfdt + its durations).
    fragment_end: u64,
    entry: Option<SampleEntry>,
    /// Coded size when the sample entry has none.
    tkhd_size: (u32, u32),
    max_chunk_offset: Option<u64>,
    chunks: u64,
    /// The first_chunk of each stsc entry (a few at most in real files; bounded by the box).
    first_chunks: Vec<u32>,
}

struct SampleEntry {
    codec: String,
    family: Codec,
    width: u16,
    height: u16,
}

impl Movie {
    fn duration_s(&self, fragmented: bool) -> f64 {
        let mvhd = self.mvhd.and_then(|(d, ts)| seconds(d, ts)).unwrap_or(0.0);
        let tracks = || self.traks.iter().map(Trak::duration_s).fold(0.0, f64::max);
        if fragmented {
            let mehd = self.mehd.zip(self.mvhd).and_then(|(d, (_, ts))| seconds(d, ts)).unwrap_or(0.0);
            mvhd.max(mehd).max(tracks())
        } else if mvhd > 0.0 {
            mvhd
        } else {
            tracks()
        }
    }
}

impl Trak {
    fn duration_s(&self) -> f64 {
        let ticks = self.mdhd_duration.unwrap_or(0).max(self.ticks).max(self.fragment_end);
        seconds(ticks, self.timescale).unwrap_or(0.0)
    }

    fn video(&self) -> VideoTrack {
        let (codec, family, mut width, mut height) = match &self.entry {
            Some(e) => (e.codec.clone(), e.family, u32::from(e.width), u32::from(e.height)),
            None => (String::new(), Codec::Other, 0, 0),
        };
        if width == 0 || height == 0 {
            (width, height) = self.tkhd_size;
        }
        let fps = (self.frames > 0 && self.ticks > 0 && self.timescale > 0)
            .then(|| self.frames as f64 * f64::from(self.timescale) / self.ticks as f64);
        VideoTrack { codec, family, width, height, fps }
    }
}

fn seconds(ticks: u64, timescale: u32) -> Option<f64> {
    (timescale > 0 && ticks > 0).then(|| ticks as f64 / f64::from(timescale))
}

fn parse_moov(moov: &[u8]) -> Result<Movie, Mp4Error> {
    let mut movie = Movie::default();
    for b in children(moov) {
        match &b.typ {
            b"mvhd" => movie.mvhd = header_times(b.body),
            b"trak" => {
                if let Some(t) = parse_trak(b.body)? {
                    if movie.traks.len() == TRACK_CAP {
                        return Err(damaged(
                            format!("its moov lists more than {TRACK_CAP} tracks, more than this reader accepts"),
                            format!("影片头（moov）列出的轨道超过 {TRACK_CAP} 条，超出可读取的上限"),
                        ));
                    }
                    movie.traks.push(t);
                }
            }
            b"mvex" => {
                movie.fragmented = true;
                for m in children(b.body) {
                    match &m.typ {
                        b"mehd" => {
                            movie.mehd = if m.body.first() == Some(&1) {
                                be_u64(m.body, 4)
                            } else {
                                be_u32(m.body, 4).map(u64::from)
                            }
                        }
                        b"trex" => {
                            if let (Some(id), Some(d)) = (be_u32(m.body, 4), be_u32(m.body, 12)) {
                                movie.trex.push((id, d));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if movie.mvhd.is_none() && movie.traks.is_empty() {
        return Err(damaged(
            "its moov holds neither a movie header (mvhd) nor a track".into(),
            "影片头（moov）中既没有 mvhd 也没有轨道".into(),
        ));
    }
    Ok(movie)
}

/// (duration, timescale) of an mvhd or mdhd; an all-ones duration means unknown.
fn header_times(body: &[u8]) -> Option<(u64, u32)> {
    let (ts, d) = if body.first() == Some(&1) {
        (be_u32(body, 20)?, be_u64(body, 24)?)
    } else {
        let d = be_u32(body, 16)?;
        (be_u32(body, 12)?, if d == u32::MAX { u64::MAX } else { u64::from(d) })
    };
    Some((if d == u64::MAX { 0 } else { d }, ts))
}

/// A track, or None when it lacks the boxes that say what it is.
fn parse_trak(trak: &[u8]) -> Result<Option<Trak>, Mp4Error> {
    let mut t = Trak::default();
    if let Some(tkhd) = find(trak, b"tkhd") {
        t.id = if tkhd.first() == Some(&1) { be_u32(tkhd, 20) } else { be_u32(tkhd, 12) }.unwrap_or(0);
        let at = tkhd.len().saturating_sub(8);
        if tkhd.len() >= 84 {
            t.tkhd_size = (be_u32(tkhd, at).unwrap_or(0) >> 16, be_u32(tkhd, at + 4).unwrap_or(0) >> 16);
        }
    }
    let Some(mdia) = find(trak, b"mdia") else { return Ok(None) };
    let Some(handler) = find(mdia, b"hdlr").and_then(|h| h.get(8..12)) else { return Ok(None) };
    t.handler = [handler[0], handler[1], handler[2], handler[3]];
    if let Some((d, ts)) = find(mdia, b"mdhd").and_then(header_times) {
        t.mdhd_duration = Some(d);
        t.timescale = ts;
    }
    let stbl = find(mdia, b"minf").and_then(|m| find(m, b"stbl"));
    let Some(stbl) = stbl else {
        if &t.handler == b"vide" {
            return Err(damaged(
                format!("video track {} has no sample table (stbl)", t.id),
                format!("视频轨道 {} 没有样本表（stbl）", t.id),
            ));
        }
        return Ok(Some(t));
    };
    for b in children(stbl) {
        match &b.typ {
            b"stsd" => t.entry = sample_entry(b.body, &t.handler),
            b"stts" => {
                for e in table(b.body, 8) {
                    let (count, delta) = (be_u32(e, 0).unwrap_or(0), be_u32(e, 4).unwrap_or(0));
                    t.frames = t.frames.saturating_add(u64::from(count));
                    t.ticks = t.ticks.saturating_add(u64::from(count) * u64::from(delta));
                }
            }
            b"stsc" => t.first_chunks = table(b.body, 12).take(16).filter_map(|e| be_u32(e, 0)).collect(),
            b"stco" => {
                t.chunks = table(b.body, 4).count() as u64;
                t.max_chunk_offset = table(b.body, 4).filter_map(|e| be_u32(e, 0)).map(u64::from).max();
            }
            b"co64" => {
                t.chunks = table(b.body, 8).count() as u64;
                t.max_chunk_offset = table(b.body, 8).filter_map(|e| be_u64(e, 0)).max();
            }
            _ => {}
        }
    }
    if t.frames > 0 && t.chunks > 0 {
        if let Some(&c) = t.first_chunks.iter().find(|&&c| c == 0 || u64::from(c) > t.chunks) {
            return Err(damaged(
                format!(
                    "track {}'s sample-to-chunk table (stsc) points at chunk {c} of {}: its samples cannot be found",
                    t.id, t.chunks
                ),
                format!("轨道 {} 的样本-块对应表（stsc）指向第 {c} 块，而只有 {} 块：找不到其样本", t.id, t.chunks),
            ));
        }
    }
    if &t.handler == b"vide" && t.entry.is_none() {
        return Err(damaged(
            format!("video track {} has no sample description (stsd)", t.id),
            format!("视频轨道 {} 没有样本描述（stsd）", t.id),
        ));
    }
    Ok(Some(t))
}

/// The entries of a full box table: version/flags, entry_count, then `width`-byte entries — never more
/// entries than the box holds.
fn table(body: &[u8], width: usize) -> impl Iterator<Item = &[u8]> {
    let count = be_u32(body, 4).unwrap_or(0) as usize;
    body.get(8..).unwrap_or(&[]).chunks_exact(width).take(count)
}

/// The first entry of an stsd: its codec, and for video its coded size.
fn sample_entry(stsd: &[u8], handler: &[u8; 4]) -> Option<SampleEntry> {
    let entry = children(stsd.get(8..)?).next()?;
    let mut fourcc = entry.typ;
    let visual = handler == b"vide";
    let (width, height) = if visual { (be_u16(entry.body, 24)?, be_u16(entry.body, 26)?) } else { (0, 0) };
    // Visual sample entries carry 78 bytes before their child boxes; others are not looked into.
    let mut config = None;
    if visual {
        for c in children(entry.body.get(78..).unwrap_or(&[])) {
            match &c.typ {
                b"avcC" | b"hvcC" | b"av1C" | b"vpcC" if config.is_none() => config = Some(c.body),
                // Encrypted (encv): the original format is in sinf/frma.
                b"sinf" => {
                    if let Some(f) = find(c.body, b"frma").and_then(|f| f.get(0..4)) {
                        fourcc = [f[0], f[1], f[2], f[3]];
                    }
                }
                _ => {}
            }
        }
    }
    let (codec, family) = codec_string(&fourcc, config);
    Some(SampleEntry { codec, family, width, height })
}

fn codec_string(fourcc: &[u8; 4], config: Option<&[u8]>) -> (String, Codec) {
    let name = fourcc_str(fourcc);
    let family = match fourcc {
        b"avc1" | b"avc2" | b"avc3" | b"avc4" => Codec::H264,
        b"hvc1" | b"hev1" | b"dvh1" | b"dvhe" => Codec::Hevc,
        b"av01" => Codec::Av1,
        b"vp09" => Codec::Vp9,
        b"mp4v" => Codec::Mpeg4,
        _ => Codec::Other,
    };
    let detail = config.and_then(|c| match family {
        Codec::H264 => Some(format!(".{:02X}{:02X}{:02X}", c.get(1)?, c.get(2)?, c.get(3)?)),
        Codec::Hevc => hevc_detail(c),
        Codec::Av1 => {
            let (b1, b2) = (*c.get(1)?, *c.get(2)?);
            let depth = match (b2 & 0x40 != 0, b2 & 0x20 != 0) {
                (true, true) => 12,
                (true, false) => 10,
                _ => 8,
            };
            let tier = if b2 & 0x80 != 0 { 'H' } else { 'M' };
            Some(format!(".{}.{:02}{tier}.{depth:02}", b1 >> 5, b1 & 0x1F))
        }
        Codec::Vp9 => Some(format!(".{:02}.{:02}.{:02}", c.get(4)?, c.get(5)?, c.get(6)? >> 4)),
        Codec::Mpeg4 | Codec::Other => None,
    });
    (name + detail.as_deref().unwrap_or(""), family)
}

/// ISO/IEC 14496-15 Annex E: `.[A-C]profile.compat.(L|H)level[.constraint bytes]`.
fn hevc_detail(c: &[u8]) -> Option<String> {
    use std::fmt::Write as _;
    let b1 = *c.get(1)?;
    let space = ["", "A", "B", "C"][usize::from(b1 >> 6)];
    let compat = be_u32(c, 2)?.reverse_bits();
    let tier = if b1 & 0x20 != 0 { 'H' } else { 'L' };
    let mut s = format!(".{space}{}.{compat:X}.{tier}{}", b1 & 0x1F, c.get(12)?);
    let constraint = c.get(6..12)?;
    let used = constraint.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    for b in &constraint[..used] {
        let _ = write!(s, ".{b:X}");
    }
    Some(s)
}

/// The tracks and their `trex` defaults by track id, built once: a fragmented file may hold millions
/// of `traf` boxes and, in a hostile one, a moov of hundreds of thousands of `trex` and `trak` boxes, so
/// each `traf` must find its track without a scan. The first of several with one id wins, as a player's
/// lookup would.
struct FragmentIndex {
    trak: HashMap<u32, usize>,
    trex: HashMap<u32, u32>,
}

impl FragmentIndex {
    fn of(movie: &Movie) -> Self {
        let mut trak = HashMap::with_capacity(movie.traks.len());
        for (i, t) in movie.traks.iter().enumerate() {
            trak.entry(t.id).or_insert(i);
        }
        // Only the tracks' own defaults: a moov may hold far more trex than tracks.
        let mut trex = HashMap::with_capacity(trak.len());
        for &(id, duration) in movie.trex.iter().filter(|(id, _)| trak.contains_key(id)) {
            trex.entry(id).or_insert(duration);
        }
        FragmentIndex { trak, trex }
    }
}

/// Adds what one `moof` says about its tracks' samples: linear in the moof's bytes. Each box directly
/// inside it takes one from `boxes`; none are read once it is spent.
fn add_fragment(movie: &mut Movie, index: &FragmentIndex, moof: &[u8], boxes: &mut usize) {
    let header = if be_u32(moof, 0) == Some(1) { 16 } else { 8 };
    let Some(moof) = moof.get(header..) else { return };
    for traf in children(moof) {
        if *boxes == 0 {
            return;
        }
        *boxes -= 1;
        if &traf.typ != b"traf" {
            continue;
        }
        let Some(tfhd) = find(traf.body, b"tfhd") else { continue };
        let (Some(flags), Some(id)) = (be_u32(tfhd, 0), be_u32(tfhd, 4)) else { continue };
        let mut at = 8;
        if flags & 0x01 != 0 {
            at += 8; // base_data_offset
        }
        if flags & 0x02 != 0 {
            at += 4; // sample_description_index
        }
        // A fragment of a track the moov does not have adds nothing: skip it before reading further.
        let Some(&track) = index.trak.get(&id) else { continue };
        let trex = index.trex.get(&id).copied().unwrap_or(0);
        let default_duration = if flags & 0x08 != 0 { be_u32(tfhd, at).unwrap_or(trex) } else { trex };
        // tfdt and the truns in one pass over the traf's children.
        let (mut base, mut frames, mut ticks) = (None, 0u64, 0u64);
        for b in children(traf.body) {
            match &b.typ {
                b"tfdt" if base.is_none() => {
                    base =
                        if b.body.first() == Some(&1) { be_u64(b.body, 4) } else { be_u32(b.body, 4).map(u64::from) };
                }
                b"trun" => {
                    let (f, d) = trun_totals(b.body, default_duration);
                    frames = frames.saturating_add(f);
                    ticks = ticks.saturating_add(d);
                }
                _ => {}
            }
        }
        let Some(t) = movie.traks.get_mut(track) else { continue };
        let start = base.unwrap_or(t.fragment_end.max(t.ticks));
        t.fragment_end = t.fragment_end.max(start.saturating_add(ticks));
        t.frames = t.frames.saturating_add(frames);
        t.ticks = t.ticks.saturating_add(ticks);
    }
}

/// (samples, ticks) of a trun; per-sample records are never read past the box.
fn trun_totals(trun: &[u8], default_duration: u32) -> (u64, u64) {
    let (Some(flags), Some(count)) = (be_u32(trun, 0), be_u32(trun, 4)) else { return (0, 0) };
    let mut at = 8;
    if flags & 0x01 != 0 {
        at += 4; // data_offset
    }
    if flags & 0x04 != 0 {
        at += 4; // first_sample_flags
    }
    let record = [0x100, 0x200, 0x400, 0x800].iter().filter(|&&f| flags & f != 0).count() * 4;
    if flags & 0x100 == 0 || record == 0 {
        return (u64::from(count), u64::from(count) * u64::from(default_duration));
    }
    let records = trun.get(at..).unwrap_or(&[]).chunks_exact(record).take(count as usize);
    let (mut n, mut ticks) = (0u64, 0u64);
    for r in records {
        n += 1;
        ticks = ticks.saturating_add(u64::from(be_u32(r, 0).unwrap_or(0)));
    }
    (n, ticks)
}

/// One box inside a parent's payload.
struct Child<'a> {
    typ: [u8; 4],
    body: &'a [u8],
}

/// The child boxes of a payload, stopping at the first one that does not fit in it.
fn children(payload: &[u8]) -> impl Iterator<Item = Child<'_>> {
    let mut rest = payload;
    std::iter::from_fn(move || {
        let size32 = be_u32(rest, 0)?;
        let typ = match rest {
            [_, _, _, _, a, b, c, d, ..] => [*a, *b, *c, *d],
            _ => return None,
        };
        let (header, size) = match size32 {
            0 => (8, rest.len() as u64),
            1 => (16, be_u64(rest, 8)?),
            n => (8, u64::from(n)),
        };
        let size = usize::try_from(size).ok().filter(|&s| s >= header && s <= rest.len());
        let Some(size) = size else {
            rest = &[];
            return None;
        };
        let body = rest.get(header..size)?;
        rest = rest.get(size..).unwrap_or(&[]);
        Some(Child { typ, body })
    })
}

fn find<'a>(payload: &'a [u8], typ: &[u8; 4]) -> Option<&'a [u8]> {
    children(payload).find(|c| &c.typ == typ).map(|c| c.body)
}

// Slice patterns rather than `try_into`: the walk calls these millions of times on a fragmented file,
// and a debug build (the tests' binary) does not inline the conversion chain.

fn be_u16(b: &[u8], at: usize) -> Option<u16> {
    match b.get(at..)? {
        [a, b, ..] => Some(u16::from_be_bytes([*a, *b])),
        _ => None,
    }
}

fn be_u32(b: &[u8], at: usize) -> Option<u32> {
    match b.get(at..)? {
        [a, b, c, d, ..] => Some(u32::from_be_bytes([*a, *b, *c, *d])),
        _ => None,
    }
}

fn be_u64(b: &[u8], at: usize) -> Option<u64> {
    match b.get(at..)? {
        [a, b, c, d, e, f, g, h, ..] => Some(u64::from_be_bytes([*a, *b, *c, *d, *e, *f, *g, *h])),
        _ => None,
    }
}

/// Box types are printable ASCII (QuickTime's `©nam` and friends only occur below the top level).
fn is_fourcc(t: &[u8; 4]) -> bool {
    t.iter().all(|b| (0x20..0x7F).contains(b))
}

fn fourcc_str(t: &[u8; 4]) -> String {
    t.iter().map(|&b| if (0x20..0x7F).contains(&b) { char::from(b) } else { '?' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hevc_codec_string_follows_annex_e() {
        let mut hvcc = vec![1u8, 0x01, 0x60, 0, 0, 0, 0xB0, 0, 0, 0, 0, 0, 93];
        assert_eq!(codec_string(b"hvc1", Some(&hvcc)).0, "hvc1.1.6.L93.B0");
        hvcc[1] = 0x62; // profile space 1, high tier, profile 2
        hvcc[7] = 0x05;
        assert_eq!(codec_string(b"hev1", Some(&hvcc)).0, "hev1.A2.6.H93.B0.5");
    }

    #[test]
    fn boxes_that_overrun_their_parent_end_the_walk() {
        let mut b = Vec::new();
        b.extend_from_slice(&[0, 0, 0, 9, b'f', b'r', b'e', b'e', 0]);
        b.extend_from_slice(&[0, 0, 0, 99, b't', b'r', b'a', b'k']);
        let kinds: Vec<[u8; 4]> = children(&b).map(|c| c.typ).collect();
        assert_eq!(kinds, vec![*b"free"]);
        assert_eq!(children(&[0, 0, 0, 1, b'x', b'x', b'x', b'x', 0, 0, 0, 0, 0, 0, 0, 4]).count(), 0);
    }

    #[test]
    fn a_huge_sample_count_costs_nothing() {
        // version/flags, one entry of 4 × 10⁹ samples: summed, never materialised.
        let stts = [0, 0, 0, 0, 0, 0, 0, 1, 0xEE, 0x6B, 0x28, 0x00, 0, 0, 0, 1];
        let n: u64 = table(&stts, 8).map(|e| u64::from(be_u32(e, 0).unwrap_or(0))).sum();
        assert_eq!(n, 4_000_000_000);
        assert_eq!(trun_totals(&[0, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 5], 0), (1, 5));
    }
}
