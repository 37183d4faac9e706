//! `verify`: re-hash every entry of a bundle (or of all its volumes) against its manifest.
//!
//! What an intact result proves: every file manifest-sha256.txt lists is in the bundle exactly once,
//! under a name that stays inside the folder it is unpacked to, with the SHA-256 the manifest records,
//! its zip CRC and sizes right, and nothing else is in it. What it does not prove: the manifest is not
//! signed, so whoever can change a file can rewrite the manifest to match, and the result is intact.
//! The bundle's fingerprint — the SHA-256 of manifest-sha256.txt, which `pack` prints and writes on
//! 清单.txt — ties the bundle to the stamped paper copy: the receiving office compares the two.
//!
//! The zip is read here rather than by the zip crate: that crate keeps one entry per name (a second
//! copy of a name is invisible to it, so a "this name appears twice" check never fires), never compares
//! the local header's name with the central directory's, and words its errors in English. Every read
//! is bounded: the central directory ([`CENTRAL_DIRECTORY_CAP`]), the manifest ([`MANIFEST_CAP`]) and
//! report.json ([`REPORT_CAP`]) by caps, all entry data together by [`inflate_budget`]; a volume named
//! must be a regular file, since opening a FIFO waits for a writer that never comes.

use super::{CHUNK, MANIFEST, REPORT};
use crate::diag::{family, Code, Diagnostic, Finding, Lang, Severity};
use crate::hash::{hex, sha256_hex};
use crate::read::file::{self, Special};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The largest manifest-sha256.txt read, once inflated: a line is ~150 bytes, so this is ~25 000 files.
pub const MANIFEST_CAP: u64 = 4 << 20;
/// The largest report.json read, once inflated (pack writes tens of kilobytes).
pub const REPORT_CAP: u64 = 16 << 20;
/// The largest central directory read from one volume (~150 000 entries).
pub const CENTRAL_DIRECTORY_CAP: u64 = 16 << 20;
/// Entry data hashed across a bundle: this much, plus [`INFLATE_RATIO`] times the volumes' size.
pub const INFLATE_FLOOR: u64 = 256 << 20;
/// See [`INFLATE_FLOOR`]. Media are stored and documents compress a few times at most: a bundle
/// `pack` wrote hashes about its own size.
pub const INFLATE_RATIO: u64 = 16;
/// The most entries one volume may list: a manifest within [`MANIFEST_CAP`] lists at most this many
/// files (a line, 64 hex digits, a space, a name and a line end, is at least 67 bytes), beside the manifest and report.json.
/// A volume that lists more can never be intact, and is refused before its directory is read.
pub const ENTRIES_CAP: u64 = MANIFEST_CAP / 67 + 2;

/// The end-of-central-directory record and the longest comment it may carry.
const EOCD_SEARCH: u64 = 22 + 0xFFFF;

/// The result of verifying one bundle.
#[derive(Debug, Serialize)]
pub struct Verification {
    pub volumes: Vec<String>,
    /// Entries hashed and found to match.
    pub intact_entries: usize,
    pub bytes: u64,
    /// SHA-256 of manifest-sha256.txt (lower-case hex): the bundle's fingerprint, to compare with the one
    /// printed on the stamped paper copy. None when the bundle has no readable manifest.
    pub fingerprint: Option<String>,
    /// The notice id and rule-file hash report.json records.
    pub notice: Option<String>,
    pub rule_file_sha256: Option<String>,
    pub intact: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a volume could not be opened at all: the tool cannot run (exit 2), which says nothing of the bundle.
#[derive(Debug)]
pub enum OpenError {
    NotFound,
    /// A named pipe, a device, a socket or a folder: never opened (a FIFO would wait for a writer).
    NotRegular(Special),
    Io(io::Error),
}

/// Parses `sha256  path` lines. Lines that do not parse are returned as errors.
pub fn parse_manifest(text: &str) -> (BTreeMap<String, String>, Vec<String>) {
    let mut entries = BTreeMap::new();
    let mut bad = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match line.split_once(' ') {
            Some((sha, path))
                if sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) && !path.trim_start().is_empty() =>
            {
                let path = path.strip_prefix(' ').unwrap_or(path).trim_start_matches('*');
                entries.insert(path.to_owned(), sha.to_ascii_lowercase());
            }
            _ => bad.push(line.to_owned()),
        }
    }
    (entries, bad)
}

/// The bytes `verify` hashes at most across volumes of `total` bytes.
pub fn inflate_budget(total: u64) -> u64 {
    INFLATE_FLOOR.saturating_add(total.saturating_mul(INFLATE_RATIO))
}

// ------------------------------------------------------------------ the zip, read by hand

/// Why a volume or an entry is not intact, as data (worded with the finding that carries it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// No end-of-central-directory record: not a zip, or cut short.
    NotAZip,
    /// A read failed, with the system's error.
    Unreadable(crate::diag::IoProblem),
    /// The zip64 end-of-central-directory record is missing or damaged.
    Zip64RecordMissing,
    /// A multi-disk split zip of another tool.
    MultiDisk,
    /// The central directory lies outside the file.
    DirectoryOutside,
    /// The central directory is `mib` MiB, over the `cap` MiB verify reads.
    DirectoryOverCap { mib: u64, cap: u64 },
    /// The end record counts `count` entries, more than [`ENTRIES_CAP`].
    TooManyEntries { count: u64, cap: u64 },
    /// The end record counts `recorded` entries, the central directory holds `found`.
    CountMismatch { recorded: u64, found: usize },
    /// The central directory is damaged at entry `n` (1-based).
    DirectoryDamagedAt(usize),
    /// The central directory is cut short at entry `n` (1-based).
    DirectoryCutAt(usize),
    /// The entry is encrypted.
    Encrypted,
    /// The entry's local header is not where the central directory says.
    NoLocalHeader,
    /// The local header names the entry otherwise (the name as read).
    LocalNameDiffers(String),
    /// The entry's data runs past the entries.
    DataPastEnd,
    /// A stored entry whose recorded sizes differ.
    StoredSizesDiffer { compressed: u64, size: u64 },
    /// A compression method verify does not read.
    Method(u16),
    /// Deflated data that cannot be inflated.
    InflateFailed,
    /// The entry inflates to `inflated` bytes where the directory records `recorded`.
    SizeMismatch { inflated: u64, recorded: u64 },
    /// The CRC check fails.
    Crc,
    /// The entry inflates to more than `mib` MiB, the cap verify reads for it.
    OverCap { mib: u64 },
}

/// One entry as the central directory lists it.
struct Entry {
    raw_name: Vec<u8>,
    name: String,
    /// The name is neither UTF-8 nor GBK: shown with replacement characters.
    undecodable: bool,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    local: u64,
}

impl Entry {
    fn is_dir(&self) -> bool {
        self.name.ends_with('/') || self.name.ends_with('\\')
    }
}

/// One volume: its file and its central directory.
struct Volume {
    path: PathBuf,
    file: File,
    size: u64,
    entries: Vec<Entry>,
    /// Where the central directory begins: entry data must end before it.
    directory_at: u64,
}

fn le16(b: &[u8], at: usize) -> u16 {
    match b.get(at..) {
        Some([x, y, ..]) => u16::from_le_bytes([*x, *y]),
        _ => 0,
    }
}

fn le32(b: &[u8], at: usize) -> u32 {
    match b.get(at..) {
        Some([a, b, c, d, ..]) => u32::from_le_bytes([*a, *b, *c, *d]),
        _ => 0,
    }
}

fn le64(b: &[u8], at: usize) -> u64 {
    match b.get(at..) {
        Some([a, b, c, d, e, f, g, h, ..]) => u64::from_le_bytes([*a, *b, *c, *d, *e, *f, *g, *h]),
        _ => 0,
    }
}

/// `len` bytes at `pos` (the callers bound `len`), or fewer at the end of the file.
fn read_at(file: &mut File, pos: u64, len: u64) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(pos))?;
    let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(len).read_to_end(&mut buf)?;
    Ok(buf)
}

fn unreadable(e: &io::Error) -> Damage {
    Damage::Unreadable(crate::diag::IoProblem::from(e))
}

/// Opens one volume and reads its central directory. The outer error is the tool failing to open it;
/// the inner one says the file is not an intact zip.
fn open_volume(path: &Path) -> Result<Result<Volume, Damage>, OpenError> {
    // Regular files only, checked again on the open file: a FIFO is never waited on.
    let (mut file, size) = file::open(path).map_err(|e| match e {
        file::OpenError::NotFound => OpenError::NotFound,
        file::OpenError::NotRegular(kind) => OpenError::NotRegular(kind),
        file::OpenError::Io(e) => OpenError::Io(e),
        other => OpenError::Io(io::Error::other(other.to_string())),
    })?;
    Ok(read_directory(&mut file, size).map(|(entries, directory_at)| Volume {
        path: path.to_owned(),
        file,
        size,
        entries,
        directory_at,
    }))
}

fn not_a_zip() -> Damage {
    Damage::NotAZip
}

/// The central directory's entries and where it begins.
fn read_directory(file: &mut File, size: u64) -> Result<(Vec<Entry>, u64), Damage> {
    if size < 22 {
        return Err(not_a_zip());
    }
    let tail_len = size.min(EOCD_SEARCH);
    let tail_at = size - tail_len;
    let tail = read_at(file, tail_at, tail_len).map_err(|e| unreadable(&e))?;
    // The record whose comment ends where the file ends; else the last one that fits.
    let mut exact = None;
    let mut fits = None;
    for i in (0..=tail.len().saturating_sub(22)).rev() {
        if tail[i..].starts_with(b"PK\x05\x06") {
            let end = i + 22 + usize::from(le16(&tail, i + 20));
            if end == tail.len() {
                exact = Some(i);
                break;
            }
            if fits.is_none() && end <= tail.len() {
                fits = Some(i);
            }
        }
    }
    let Some(i) = exact.or(fits) else { return Err(not_a_zip()) };
    let eocd_at = tail_at + i as u64;
    let (disk, directory_disk) = (le16(&tail, i + 4), le16(&tail, i + 6));
    let mut count = u64::from(le16(&tail, i + 10));
    let mut directory_size = u64::from(le32(&tail, i + 12));
    let mut directory_at = u64::from(le32(&tail, i + 16));
    let mut limit = eocd_at;
    let zip64 = count == 0xFFFF || directory_size == 0xFFFF_FFFF || directory_at == 0xFFFF_FFFF;
    if zip64 {
        let located = eocd_at
            .checked_sub(20)
            .and_then(|at| read_at(file, at, 20).ok())
            .filter(|l| l.starts_with(b"PK\x06\x07"))
            .map(|l| le64(&l, 8))
            .filter(|&at| at.saturating_add(56) <= eocd_at)
            .and_then(|at| read_at(file, at, 56).ok().map(|r| (at, r)))
            .filter(|(_, r)| r.starts_with(b"PK\x06\x06"));
        let Some((at, record)) = located else {
            return Err(Damage::Zip64RecordMissing);
        };
        count = le64(&record, 32);
        directory_size = le64(&record, 40);
        directory_at = le64(&record, 48);
        limit = at;
    } else if disk != 0 || directory_disk != 0 {
        return Err(Damage::MultiDisk);
    }
    if directory_at.checked_add(directory_size).is_none_or(|end| end > limit) {
        return Err(Damage::DirectoryOutside);
    }
    if directory_size > CENTRAL_DIRECTORY_CAP {
        return Err(Damage::DirectoryOverCap { mib: directory_size >> 20, cap: CENTRAL_DIRECTORY_CAP >> 20 });
    }
    if count > ENTRIES_CAP {
        return Err(Damage::TooManyEntries { count, cap: ENTRIES_CAP });
    }
    let directory = read_at(file, directory_at, directory_size).map_err(|e| unreadable(&e))?;
    if (directory.len() as u64) < directory_size {
        return Err(not_a_zip());
    }
    let entries = parse_directory(&directory)?;
    if entries.len() as u64 != count {
        return Err(Damage::CountMismatch { recorded: count, found: entries.len() });
    }
    Ok((entries, directory_at))
}

fn parse_directory(directory: &[u8]) -> Result<Vec<Entry>, Damage> {
    let mut entries = Vec::new();
    let mut pos = 0usize;
    while pos < directory.len() {
        let record = &directory[pos..];
        if record.len() < 46 || !record.starts_with(b"PK\x01\x02") {
            return Err(Damage::DirectoryDamagedAt(entries.len() + 1));
        }
        let flags = le16(record, 8);
        let method = le16(record, 10);
        let crc = le32(record, 16);
        let mut compressed = u64::from(le32(record, 20));
        let mut size = u64::from(le32(record, 24));
        let name_len = usize::from(le16(record, 28));
        let extra_len = usize::from(le16(record, 30));
        let comment_len = usize::from(le16(record, 32));
        let mut local = u64::from(le32(record, 42));
        let end = 46 + name_len + extra_len + comment_len;
        if record.len() < end {
            return Err(Damage::DirectoryCutAt(entries.len() + 1));
        }
        let raw_name = record[46..46 + name_len].to_vec();
        let extra = &record[46 + name_len..46 + name_len + extra_len];
        let mut unicode_path = None;
        for (id, data) in extra_fields(extra) {
            match id {
                // zip64: the 32-bit fields set to all ones, in this order.
                0x0001 => {
                    let mut at = 0;
                    for field in [&mut size, &mut compressed, &mut local] {
                        if *field == 0xFFFF_FFFF {
                            *field = le64(data, at);
                            at += 8;
                        }
                    }
                }
                // Info-ZIP Unicode Path: the UTF-8 name, valid while its CRC matches the header's name.
                0x7075 if data.len() > 5 && data[0] == 1 && le32(data, 1) == crc32fast::hash(&raw_name) => {
                    unicode_path = std::str::from_utf8(&data[5..]).ok().map(str::to_owned);
                }
                _ => {}
            }
        }
        let (name, undecodable) = match unicode_path {
            Some(name) => (name, false),
            None => decode_name(&raw_name, flags),
        };
        entries.push(Entry { raw_name, name, undecodable, flags, method, crc, compressed, size, local });
        pos += end;
    }
    Ok(entries)
}

/// The (id, data) fields of a zip extra block, stopping at the first that overruns it.
fn extra_fields(mut extra: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let (id, len) = (le16(extra, 0), usize::from(le16(extra, 2)));
        let data = extra.get(4..4 + len)?;
        extra = &extra[4 + len..];
        Some((id, data))
    })
}

/// An entry name as text: UTF-8 when flagged or valid, else GBK (what Windows zip tools write for
/// Chinese names), else with replacement characters (and `true`).
fn decode_name(raw: &[u8], flags: u16) -> (String, bool) {
    if let Ok(s) = std::str::from_utf8(raw) {
        return (s.to_owned(), false);
    }
    if flags & 0x0800 == 0 {
        if let Some(s) = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(raw) {
            return (s.into_owned(), false);
        }
    }
    (String::from_utf8_lossy(raw).into_owned(), true)
}

/// A name that leaves the folder it is unpacked into: absolute, a drive, or with a `..` part.
fn climbs_out(name: &str) -> bool {
    let b = name.as_bytes();
    name.starts_with(['/', '\\'])
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        || name.split(['/', '\\']).any(|part| part == "..")
        || name.contains('\0')
}

/// Why an entry's data could not be read whole.
enum EntryError {
    /// More than the cap once inflated.
    OverCap(u64),
    Damaged(Damage),
}

/// Streams an entry's data into `sink`: the local header checked against the central directory, the
/// data inflated when deflated, never more than `cap` bytes, then its size and CRC checked. Returns
/// the bytes produced.
fn stream_entry(
    file: &mut File,
    directory_at: u64,
    e: &Entry,
    cap: u64,
    buf: &mut [u8],
    mut sink: impl FnMut(&[u8]),
) -> Result<u64, EntryError> {
    if e.flags & 0x0001 != 0 {
        return Err(EntryError::Damaged(Damage::Encrypted));
    }
    if e.size > cap {
        return Err(EntryError::OverCap(cap));
    }
    let io_err = |e: io::Error| EntryError::Damaged(unreadable(&e));
    let header = read_at(file, e.local, 30).map_err(io_err)?;
    if e.local >= directory_at || header.len() < 30 || !header.starts_with(b"PK\x03\x04") {
        return Err(EntryError::Damaged(Damage::NoLocalHeader));
    }
    let (name_len, extra_len) = (u64::from(le16(&header, 26)), u64::from(le16(&header, 28)));
    let local_name = read_at(file, e.local + 30, name_len).map_err(io_err)?;
    if local_name != e.raw_name {
        let (shown, _) = decode_name(&local_name, le16(&header, 6));
        return Err(EntryError::Damaged(Damage::LocalNameDiffers(shown)));
    }
    let data_at = e.local + 30 + name_len + extra_len;
    if data_at.checked_add(e.compressed).is_none_or(|end| end > directory_at) {
        return Err(EntryError::Damaged(Damage::DataPastEnd));
    }
    file.seek(SeekFrom::Start(data_at)).map_err(io_err)?;
    let raw = file.take(e.compressed);
    let mut reader: Box<dyn Read + '_> = match e.method {
        0 if e.compressed == e.size => Box::new(raw),
        0 => return Err(EntryError::Damaged(Damage::StoredSizesDiffer { compressed: e.compressed, size: e.size })),
        8 => Box::new(flate2::read::DeflateDecoder::new(raw)),
        m => return Err(EntryError::Damaged(Damage::Method(m))),
    };
    // One byte past the recorded size shows an entry that inflates to more than it says.
    let mut limited = (&mut reader).take(e.size.min(cap) + 1);
    let mut crc = crc32fast::Hasher::new();
    let mut total = 0u64;
    loop {
        match limited.read(buf) {
            Ok(0) => break,
            Ok(n) => {
                crc.update(&buf[..n]);
                sink(&buf[..n]);
                total += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => {
                return Err(if e.method == 8 {
                    EntryError::Damaged(Damage::InflateFailed)
                } else {
                    EntryError::Damaged(unreadable(&err))
                })
            }
        }
    }
    if total > cap {
        return Err(EntryError::OverCap(cap));
    }
    if total != e.size {
        return Err(EntryError::Damaged(Damage::SizeMismatch { inflated: total, recorded: e.size }));
    }
    if crc.finalize() != e.crc {
        return Err(EntryError::Damaged(Damage::Crc));
    }
    Ok(total)
}

/// An entry read into memory, under `cap`.
fn read_whole(volume: &mut Volume, index: usize, cap: u64, buf: &mut [u8]) -> Result<Vec<u8>, EntryError> {
    let mut bytes = Vec::new();
    stream_entry(&mut volume.file, volume.directory_at, &volume.entries[index], cap, buf, |chunk| {
        bytes.extend_from_slice(chunk);
    })?;
    Ok(bytes)
}

fn over_cap(cap: u64) -> Damage {
    Damage::OverCap { mib: cap >> 20 }
}

// ------------------------------------------------------------------ verify

/// What `verify` finds (SB611–SB615), as data. `volume`: the volume's file name, when the bundle has
/// several (each finding then names the one it is in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyFinding {
    /// SB611: a volume (`path` as given) is not an intact zip.
    NotAZip { path: String, why: Damage },
    /// SB611: manifest-sha256.txt is there but cannot be read.
    ManifestDamaged { volume: Option<String>, why: Damage },
    /// SB611: the manifest of volume `path` differs from the other volumes'.
    ManifestDiffers { path: String },
    /// SB611: a line of the manifest that does not parse.
    ManifestLine { line: String },
    /// SB611: report.json inflates past its cap.
    ReportDamaged { why: Damage },
    /// SB611: an entry name neither UTF-8 nor GBK.
    NameUndecodable { name: String, volume: Option<String> },
    /// SB611: an entry name that leads out of the folder it is unpacked into.
    NameClimbsOut { name: String, volume: Option<String> },
    /// SB611: a folder entry holding `bytes` bytes of data.
    FolderHidesData { name: String, bytes: u64, volume: Option<String> },
    /// SB611: an entry that inflates to `size` bytes, more than the `left` of the bundle's budget.
    OverBudget { name: String, size: u64, left: u64, volume: Option<String> },
    /// SB611: an entry that inflates past the bundle's budget while it is read.
    PastBudget { name: String, volume: Option<String> },
    /// SB611: an entry whose data is damaged.
    EntryDamaged { name: String, why: Damage, volume: Option<String> },
    /// SB611: an entry whose SHA-256 is not the manifest's (both lower-case hex).
    HashMismatch { name: String, expected: String, found: String, volume: Option<String> },
    /// SB612: no manifest-sha256.txt in the bundle.
    ManifestMissing,
    /// SB612: a file the manifest lists is not in the bundle.
    Missing { name: String },
    /// SB613: an entry the manifest does not list.
    NotInManifest { name: String, volume: Option<String> },
    /// SB613: an entry met again in another volume.
    Twice { name: String, volume: Option<String> },
    /// SB613: a name the central directory lists `times` times.
    Repeated { name: String, times: usize, volume: Option<String> },
    /// SB613: two names that differ only in case.
    CaseCollision { name: String, other: String, volume: Option<String> },
    /// SB614: packed against a built-in rule file for `notice` other than this build's (sha256 hex each).
    RuleFileChanged { notice: String, recorded: String, current: String },
    /// SB615: every one of `entries` entries matches the manifest.
    Intact { entries: usize },
}

/// Verifies the volumes of one bundle together. `Err` only when a volume cannot be opened at all
/// (missing, not a regular file, no permission): that is the tool failing, not the bundle.
pub fn verify(volumes: &[PathBuf]) -> Result<Verification, (PathBuf, OpenError)> {
    let out = Verification {
        volumes: volumes.iter().map(|p| p.display().to_string()).collect(),
        intact_entries: 0,
        bytes: 0,
        fingerprint: None,
        notice: None,
        rule_file_sha256: None,
        intact: false,
        diagnostics: Vec::new(),
    };
    let mut pass = Pass { several: false, buf: vec![0u8; CHUNK], out };
    let mut archives = pass.open_all(volumes)?;
    pass.several = archives.len() > 1;
    let first_copy: Vec<Vec<bool>> = archives.iter().map(|v| pass.names_in_directory(v)).collect();
    let Some((manifest_bytes, expected)) = pass.manifest(&mut archives) else {
        return Ok(finish(pass.out));
    };
    pass.out.fingerprint = Some(sha256_hex(&manifest_bytes));
    pass.report_json(&mut archives);
    pass.rule_file_changed();
    let mut hashing = Hashing {
        expected: &expected,
        seen: BTreeSet::new(),
        budget: inflate_budget(archives.iter().map(|v| v.size).sum()),
    };
    for (v, firsts) in archives.iter_mut().zip(&first_copy) {
        let here = pass.at(v);
        for (e, &first_here) in v.entries.iter().zip(firsts) {
            pass.entry(&mut v.file, v.directory_at, e, first_here, here.as_deref(), &mut hashing);
        }
    }
    for name in expected.keys().filter(|n| !hashing.seen.contains(*n)) {
        pass.push(VerifyFinding::Missing { name: name.clone() });
    }
    Ok(finish(pass.out))
}

/// What the steps of [`verify`] share: whether the bundle has several volumes (then each finding names
/// its volume), one read buffer, and the verification being built.
struct Pass {
    several: bool,
    buf: Vec<u8>,
    out: Verification,
}

/// The manifest's entries being hashed against, within one inflate budget for the whole bundle.
struct Hashing<'m> {
    expected: &'m BTreeMap<String, String>,
    /// Names already hashed once, across volumes.
    seen: BTreeSet<String>,
    budget: u64,
}

impl Pass {
    fn push(&mut self, finding: VerifyFinding) {
        self.out.diagnostics.push(Diagnostic::of(finding));
    }

    /// The volume's file name when the bundle has several; `None` for one.
    fn at(&self, v: &Volume) -> Option<String> {
        self.several.then(|| v.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
    }

    /// Opens every volume: one that is not an intact zip is a finding, and the others are still verified.
    fn open_all(&mut self, volumes: &[PathBuf]) -> Result<Vec<Volume>, (PathBuf, OpenError)> {
        let mut archives = Vec::new();
        for path in volumes {
            match open_volume(path).map_err(|e| (path.clone(), e))? {
                Ok(v) => archives.push(v),
                Err(why) => self.push(VerifyFinding::NotAZip { path: path.display().to_string(), why }),
            }
        }
        Ok(archives)
    }

    /// What the central directory says of names, before any data is read: a name listed twice (unzip tools
    /// differ on which copy they keep) or twice up to case. Returns, per entry, whether it is the first
    /// copy of its name in this volume.
    fn names_in_directory(&mut self, v: &Volume) -> Vec<bool> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for e in &v.entries {
            *counts.entry(e.name.as_str()).or_default() += 1;
        }
        let mut reported = BTreeSet::new();
        let mut firsts = Vec::with_capacity(v.entries.len());
        let mut seen_here = BTreeSet::new();
        for e in &v.entries {
            firsts.push(seen_here.insert(e.name.as_str()));
            let n = counts[e.name.as_str()];
            if n > 1 && reported.insert(e.name.as_str()) {
                self.push(VerifyFinding::Repeated { name: e.name.clone(), times: n, volume: self.at(v) });
            }
        }
        self.case_collisions(v);
        firsts
    }

    /// Names that differ only in case are one file on Windows and macOS: unpacking keeps one of them.
    fn case_collisions(&mut self, v: &Volume) {
        let mut folded: HashMap<String, &str> = HashMap::new();
        for e in v.entries.iter().filter(|e| !e.is_dir()) {
            let Some(other) = folded.insert(e.name.to_lowercase(), e.name.as_str()) else { continue };
            if other != e.name {
                let (name, other) = (e.name.clone(), other.to_owned());
                self.push(VerifyFinding::CaseCollision { name, other, volume: self.at(v) });
            }
        }
    }

    /// The manifest, the same in every volume: its bytes and its entries. `None` (with a finding) when no
    /// volume holds a readable one: then nothing can be verified.
    fn manifest(&mut self, archives: &mut [Volume]) -> Option<(Vec<u8>, BTreeMap<String, String>)> {
        let mut manifest: Option<(Vec<u8>, BTreeMap<String, String>)> = None;
        let mut manifest_damaged = false;
        for v in archives.iter_mut() {
            let Some(index) = v.entries.iter().position(|e| e.name == MANIFEST) else { continue };
            let bytes = match read_whole(v, index, MANIFEST_CAP, &mut self.buf) {
                Ok(bytes) => bytes,
                Err(e) => {
                    manifest_damaged = true;
                    let why = match e {
                        EntryError::OverCap(cap) => over_cap(cap),
                        EntryError::Damaged(why) => why,
                    };
                    self.push(VerifyFinding::ManifestDamaged { volume: self.at(v), why });
                    continue;
                }
            };
            match &manifest {
                None => manifest = Some(self.parse_manifest(bytes)),
                Some((first, _)) if *first != bytes => {
                    self.push(VerifyFinding::ManifestDiffers { path: v.path.display().to_string() });
                }
                Some(_) => {}
            }
        }
        if manifest.is_none() && !archives.is_empty() && !manifest_damaged {
            self.push(VerifyFinding::ManifestMissing);
        }
        manifest
    }

    /// The first manifest's entries; a line that does not parse is a finding.
    fn parse_manifest(&mut self, bytes: Vec<u8>) -> (Vec<u8>, BTreeMap<String, String>) {
        let text = String::from_utf8_lossy(&bytes);
        let (entries, bad) = parse_manifest(&text);
        for line in bad {
            self.push(VerifyFinding::ManifestLine { line });
        }
        (bytes, entries)
    }

    /// report.json: the rule file it was packed against.
    fn report_json(&mut self, archives: &mut [Volume]) {
        let Some(v) = archives.iter_mut().find(|v| v.entries.iter().any(|e| e.name == REPORT)) else { return };
        let Some(index) = v.entries.iter().position(|e| e.name == REPORT) else { return };
        // A damaged report.json is named where every entry is hashed; over the cap it is named here.
        match read_whole(v, index, REPORT_CAP, &mut self.buf) {
            Ok(bytes) => {
                if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                    self.out.notice = value.pointer("/notice/id").and_then(|v| v.as_str()).map(str::to_owned);
                    self.out.rule_file_sha256 =
                        value.pointer("/notice/sha256").and_then(|v| v.as_str()).map(str::to_owned);
                }
            }
            Err(EntryError::OverCap(cap)) => self.push(VerifyFinding::ReportDamaged { why: over_cap(cap) }),
            Err(EntryError::Damaged(_)) => {}
        }
    }

    /// A bundle packed against a built-in rule file other than this build's says so: its findings may differ.
    fn rule_file_changed(&mut self) {
        let (Some(id), Some(recorded)) = (&self.out.notice, &self.out.rule_file_sha256) else { return };
        let Some(text) = crate::notice::embedded::text(id) else { return };
        let current = sha256_hex(text.as_bytes());
        if current == *recorded {
            return;
        }
        let (notice, recorded) = (id.clone(), recorded.clone());
        self.push(VerifyFinding::RuleFileChanged { notice, recorded, current });
    }

    /// One entry of one volume: a name that can be unpacked safely, listed in the manifest once, and
    /// hashing to what the manifest says.
    fn entry(
        &mut self,
        file: &mut File,
        directory_at: u64,
        e: &Entry,
        first_here: bool,
        here: Option<&str>,
        hashing: &mut Hashing<'_>,
    ) {
        let name = e.name.clone();
        let volume = here.map(str::to_owned);
        if !self.safe_entry(e, &volume) {
            return;
        }
        // 清单.txt carries the manifest's fingerprint and so is outside it (older bundles listed it).
        let outside = name == super::CHECKLIST && !hashing.expected.contains_key(&name);
        if name == MANIFEST || outside || !first_here {
            return;
        }
        let Some(want) = hashing.expected.get(&name) else {
            self.push(VerifyFinding::NotInManifest { name, volume });
            return;
        };
        // report.json and 清单.txt are in every volume; each copy is hashed like any entry.
        let carried_by_all = name == REPORT || name == super::CHECKLIST;
        let first = hashing.seen.insert(name.clone());
        if !first && !carried_by_all {
            self.push(VerifyFinding::Twice { name, volume });
            return;
        }
        self.hash_entry(file, directory_at, e, want, first, volume, &mut hashing.budget);
    }

    /// An entry whose name cannot be read, leads out of the folder, or a folder entry hiding data, is a
    /// finding and is not hashed. Returns whether the entry goes on to be hashed.
    fn safe_entry(&mut self, e: &Entry, volume: &Option<String>) -> bool {
        let (name, volume) = (e.name.clone(), volume.clone());
        if e.undecodable {
            self.push(VerifyFinding::NameUndecodable { name, volume });
            return false;
        }
        if climbs_out(&name) {
            self.push(VerifyFinding::NameClimbsOut { name, volume });
            return false;
        }
        if e.is_dir() {
            if e.size > 0 || e.compressed > 0 {
                self.push(VerifyFinding::FolderHidesData { name, bytes: e.compressed, volume });
            }
            return false;
        }
        true
    }

    /// Streams an entry through SHA-256 within what is left of the bundle's inflate budget, and compares
    /// it with the manifest. An intact first copy counts towards the intact entries and bytes.
    #[allow(clippy::too_many_arguments)]
    fn hash_entry(
        &mut self,
        file: &mut File,
        directory_at: u64,
        e: &Entry,
        want: &str,
        first: bool,
        volume: Option<String>,
        budget: &mut u64,
    ) {
        let name = e.name.clone();
        if e.size > *budget {
            self.push(VerifyFinding::OverBudget { name, size: e.size, left: *budget, volume });
            return;
        }
        let mut hasher = Sha256::new();
        let read = stream_entry(file, directory_at, e, *budget, &mut self.buf, |chunk| hasher.update(chunk));
        match read {
            Err(EntryError::OverCap(_)) => self.push(VerifyFinding::PastBudget { name, volume }),
            Err(EntryError::Damaged(why)) => self.push(VerifyFinding::EntryDamaged { name, why, volume }),
            Ok(total) => {
                *budget -= total.min(*budget);
                let got = hex(hasher.finalize().as_slice());
                if got != *want {
                    let expected = want.to_owned();
                    self.push(VerifyFinding::HashMismatch { name, expected, found: got, volume });
                } else if first {
                    self.out.intact_entries += 1;
                    self.out.bytes += total;
                }
            }
        }
    }
}

fn finish(mut out: Verification) -> Verification {
    out.intact = !out.diagnostics.iter().any(|d| d.severity == Severity::Error);
    if out.intact {
        out.diagnostics.push(Diagnostic::of(VerifyFinding::Intact { entries: out.intact_entries }));
    }
    out.diagnostics.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.file.cmp(&b.file)));
    out
}

/// Whether `path` names a bundle volume verify can take.
pub fn is_volume(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// The clauses `shenbao explain` cites for verify's codes: none, a bundle's integrity is the tool's own.
pub fn clauses(code: family::Verify, _notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Verify::*;
    match code {
        VerifyCorrupted | VerifyMissing | VerifyExtra | VerifyRuleFileChanged | VerifyIntact => Vec::new(),
    }
}

// The wording of this family's findings, zh and en together.

impl Finding for VerifyFinding {
    fn code(&self) -> Code {
        match self {
            Self::NotAZip { .. }
            | Self::ManifestDamaged { .. }
            | Self::ManifestDiffers { .. }
            | Self::ManifestLine { .. }
            | Self::ReportDamaged { .. }
            | Self::NameUndecodable { .. }
            | Self::NameClimbsOut { .. }
            | Self::FolderHidesData { .. }
            | Self::OverBudget { .. }
            | Self::PastBudget { .. }
            | Self::EntryDamaged { .. }
            | Self::HashMismatch { .. } => Code::VerifyCorrupted,
            Self::ManifestMissing | Self::Missing { .. } => Code::VerifyMissing,
            Self::NotInManifest { .. } | Self::Twice { .. } | Self::Repeated { .. } | Self::CaseCollision { .. } => {
                Code::VerifyExtra
            }
            Self::RuleFileChanged { .. } => Code::VerifyRuleFileChanged,
            Self::Intact { .. } => Code::VerifyIntact,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::NotAZip { path, .. } => Some(path),
            Self::ManifestDamaged { .. }
            | Self::ManifestDiffers { .. }
            | Self::ManifestLine { .. }
            | Self::ManifestMissing => Some(MANIFEST),
            Self::ReportDamaged { .. } | Self::RuleFileChanged { .. } => Some(REPORT),
            Self::NameUndecodable { name, .. }
            | Self::NameClimbsOut { name, .. }
            | Self::FolderHidesData { name, .. }
            | Self::OverBudget { name, .. }
            | Self::PastBudget { name, .. }
            | Self::EntryDamaged { name, .. }
            | Self::HashMismatch { name, .. }
            | Self::Missing { name }
            | Self::NotInManifest { name, .. }
            | Self::Twice { name, .. }
            | Self::Repeated { name, .. }
            | Self::CaseCollision { name, .. } => Some(name),
            Self::Intact { .. } => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        let at = |volume: &Option<String>| at(volume, lang);
        let short = |sha: &str| sha.chars().take(12).collect::<String>();
        let size = |bytes: &u64| super::human_size(*bytes);
        match self {
            Self::NotAZip { path, why } => {
                let why = why.worded(lang);
                lang.pick(format!("“{path}”不是完好的 zip：{why}"), format!("“{path}” is not an intact zip: {why}"))
            }
            Self::ManifestDamaged { volume, why } => {
                let (at, why) = (at(volume), why.worded(lang));
                lang.pick(
                    format!("{MANIFEST} 在压缩包中，但已损坏{at}：{why}；无法据此校验"),
                    format!("{MANIFEST} is in the bundle but damaged{at}: {why}; nothing can be verified against it"),
                )
            }
            Self::ManifestDiffers { path } => lang.pick(
                format!("“{path}”的 {MANIFEST} 与其他分卷不同"),
                format!("the {MANIFEST} of “{path}” differs from the other volumes'"),
            ),
            Self::ManifestLine { line } => lang.pick(
                format!("{MANIFEST} 中有无法解析的行：“{line}”"),
                format!("{MANIFEST} has a line that does not parse: {line}"),
            ),
            Self::ReportDamaged { why } => {
                let why = why.worded(lang);
                lang.pick(format!("{REPORT} 已损坏：{why}"), format!("{REPORT} is damaged: {why}"))
            }
            Self::NameUndecodable { name, volume } => {
                let at = at(volume);
                lang.pick(
                    format!("条目名“{name}”既不是 UTF-8 也不是 GBK 编码，无法识别{at}"),
                    format!("the entry name “{name}” is neither UTF-8 nor GBK{at}"),
                )
            }
            Self::NameClimbsOut { name, volume } => {
                let at = at(volume);
                lang.pick(
                    format!("条目名“{name}”指向解压文件夹之外（绝对路径或含 ..）{at}：解压时可能写到别处"),
                    format!("the entry name “{name}” leads outside the folder it is unpacked into (absolute or with ..){at}"),
                )
            }
            Self::FolderHidesData { name, bytes, volume } => {
                let at = at(volume);
                lang.pick(
                    format!("文件夹条目“{name}”中藏有 {bytes} 字节数据{at}：解压工具不会显示它"),
                    format!("the folder entry “{name}” holds {bytes} bytes of data{at}, which unzip tools hide"),
                )
            }
            Self::OverBudget { name, size: bytes, left, volume } => {
                let (at, bytes, left) = (at(volume), size(bytes), size(left));
                lang.pick(
                    format!("“{name}”解压后为 {bytes}，超出 verify 对这个压缩包的读取上限（还剩 {left}）{at}：疑似 zip 炸弹，未校验"),
                    format!("“{name}” inflates to {bytes}, more than verify reads for this bundle ({left} left){at}: a zip bomb, not verified"),
                )
            }
            Self::PastBudget { name, volume } => {
                let at = at(volume);
                lang.pick(
                    format!("“{name}”解压后超出 verify 对这个压缩包的读取上限{at}：疑似 zip 炸弹，未校验"),
                    format!("“{name}” inflates past what verify reads for this bundle{at}: a zip bomb, not verified"),
                )
            }
            Self::EntryDamaged { name, why, volume } => {
                let (at, why) = (at(volume), why.worded(lang));
                lang.pick(format!("“{name}”已损坏{at}：{why}"), format!("“{name}” is damaged{at}: {why}"))
            }
            Self::HashMismatch { name, expected, found, volume } => {
                let (at, expected, found) = (at(volume), short(expected), short(found));
                lang.pick(
                    format!("“{name}”的 SHA-256 与清单不符{at}：应为 {expected}…，实为 {found}…"),
                    format!("“{name}” does not match the manifest{at}: expected {expected}…, found {found}…"),
                )
            }
            Self::ManifestMissing => lang.pick(
                format!("压缩包中没有 {MANIFEST}，无法校验"),
                format!("the bundle has no {MANIFEST}; nothing to verify against"),
            ),
            Self::Missing { name } => lang.pick(
                format!("{MANIFEST} 列出的“{name}”不在压缩包中"),
                format!("“{name}”, listed in {MANIFEST}, is not in the bundle"),
            ),
            Self::NotInManifest { .. } | Self::Twice { .. } | Self::Repeated { .. } | Self::CaseCollision { .. } => {
                self.extra_message(lang)
            }
            Self::RuleFileChanged { notice, recorded, current } => {
                let (recorded, current) = (short(recorded), short(current));
                lang.pick(
                    format!("打包所用规则文件（{notice}，sha256 {recorded}…）与本版内置的不同（{current}…）"),
                    format!("packed against a rule file for {notice} (sha256 {recorded}…) other than this build's ({current}…)"),
                )
            }
            Self::Intact { entries } => lang.pick(
                format!("压缩包完好：{entries} 个文件与 {MANIFEST} 一致"),
                format!("bundle intact: {} match {MANIFEST}", crate::diag::counted(*entries, "entry", "entries")),
            ),
        }
    }
}

impl VerifyFinding {
    /// The wording of SB613, entries that should not be there.
    fn extra_message(&self, lang: Lang) -> String {
        let at = |volume: &Option<String>| at(volume, lang);
        match self {
            Self::NotInManifest { name, volume } => {
                let at = at(volume);
                lang.pick(format!("“{name}”不在 {MANIFEST} 中{at}"), format!("“{name}” is not in {MANIFEST}{at}"))
            }
            Self::Twice { name, volume } => {
                let at = at(volume);
                lang.pick(format!("“{name}”重复出现{at}"), format!("“{name}” appears twice{at}"))
            }
            Self::Repeated { name, times, volume } => {
                let at = at(volume);
                lang.pick(
                    format!("“{name}”在压缩包中出现了 {times} 次{at}：不同的解压工具会取不同的一份"),
                    format!("“{name}” appears {times} times{at}: unzip tools differ on which copy they keep"),
                )
            }
            Self::CaseCollision { name, other, volume } => {
                let at = at(volume);
                lang.pick(
                    format!("“{name}”与“{other}”只差大小写{at}：在 Windows 上解压时一个会覆盖另一个"),
                    format!(
                        "“{name}” and “{other}” differ only in case{at}: unpacked on Windows, one overwrites the other"
                    ),
                )
            }
            _ => String::new(),
        }
    }
}

/// ` (in NAME)` after a finding when the bundle has several volumes; nothing for one.
fn at(volume: &Option<String>, lang: Lang) -> String {
    match volume {
        Some(name) => lang.pick(format!("（{name}）"), format!(" (in {name})")),
        None => String::new(),
    }
}

impl Damage {
    fn worded(&self, lang: Lang) -> String {
        match self {
            Damage::NotAZip => lang
                .pick(
                    "不是 zip 文件，或文件末尾已被截断（找不到 zip 的目录结尾记录）",
                    "not a zip file, or its end was cut off (no end-of-central-directory record)",
                )
                .to_owned(),
            Damage::Unreadable(e) => lang.pick(format!("读取时出错，{}", e.worded(lang)), format!("a read failed ({})", e.worded(lang))),
            Damage::Zip64RecordMissing => lang
                .pick("zip64 目录结尾记录缺失或已损坏", "the zip64 end-of-central-directory record is missing or damaged")
                .to_owned(),
            Damage::MultiDisk => lang
                .pick(
                    "这是其他工具生成的多磁盘分卷 zip，无法单独读取（shenbao 的分卷每卷都是完整的 zip）",
                    "a multi-disk split zip made by another tool, which cannot be read alone (shenbao's volumes are each a whole zip)",
                )
                .to_owned(),
            Damage::DirectoryOutside => lang
                .pick(
                    "zip 的中央目录超出了文件范围：文件被截断，或前面被拼接了别的数据",
                    "the zip's central directory lies outside the file: it was cut short or joined to other data",
                )
                .to_owned(),
            Damage::DirectoryOverCap { mib, cap } => lang.pick(
                format!("zip 的中央目录有 {mib} MiB，超过 verify 读取的上限 {cap} MiB：不是 shenbao pack 写出的压缩包"),
                format!("the zip's central directory is {mib} MiB, over the {cap} MiB verify reads: not a bundle shenbao pack wrote"),
            ),
            Damage::TooManyEntries { count, cap } => lang.pick(
                format!("zip 的目录结尾记录写有 {count} 个条目，超过 manifest 最多能列出的 {cap} 个：不是 shenbao pack 写出的压缩包"),
                format!("the zip's end record counts {count} entries, more than the {cap} a manifest can list: not a bundle shenbao pack wrote"),
            ),
            Damage::CountMismatch { recorded, found } => lang.pick(
                format!("zip 的目录结尾记录写有 {recorded} 个条目，中央目录中却有 {found} 个"),
                format!("the zip's end record counts {recorded} entries but its central directory holds {found}"),
            ),
            Damage::DirectoryDamagedAt(n) => lang.pick(
                format!("zip 的中央目录在第 {n} 个条目处已损坏"),
                format!("the zip's central directory is damaged at entry {n}"),
            ),
            Damage::DirectoryCutAt(n) => lang.pick(
                format!("zip 的中央目录在第 {n} 个条目处被截断"),
                format!("the zip's central directory is cut short at entry {n}"),
            ),
            Damage::Encrypted => lang.pick("已加密，无法校验", "it is encrypted and cannot be verified").to_owned(),
            Damage::NoLocalHeader => lang
                .pick("在中央目录所指的位置找不到它的本地文件头", "its local header is not where the central directory says")
                .to_owned(),
            Damage::LocalNameDiffers(shown) => lang.pick(
                format!("本地文件头中的名称是“{shown}”，与中央目录不同：不同的解压工具会解出不同的文件"),
                format!("its local header names it “{shown}”, unlike the central directory: unzip tools would disagree on it"),
            ),
            Damage::DataPastEnd => lang
                .pick(
                    "数据超出了文件范围（压缩包被截断或已损坏）",
                    "its data runs past the end of the entries (the bundle is cut short or damaged)",
                )
                .to_owned(),
            Damage::StoredSizesDiffer { compressed, size } => lang.pick(
                format!("未压缩存储，但目录记录的大小不一（{compressed} 与 {size} 字节）"),
                format!("it is stored, yet its recorded sizes differ ({compressed} and {size} bytes)"),
            ),
            Damage::Method(m) => lang.pick(
                format!("使用了 verify 不支持的压缩方法（{m}）；shenbao pack 只用存储和 deflate"),
                format!("it uses compression method {m}, which verify does not read; shenbao pack uses only stored and deflate"),
            ),
            Damage::InflateFailed => lang
                .pick("压缩数据已损坏，无法解压", "its compressed data is damaged and cannot be inflated")
                .to_owned(),
            Damage::SizeMismatch { inflated, recorded } => lang.pick(
                format!("解压后为 {inflated} 字节，与目录记录的 {recorded} 字节不符"),
                format!("it inflates to {inflated} bytes where the directory records {recorded}"),
            ),
            Damage::Crc => lang
                .pick("CRC 校验不符：内容在传输或存储中被改动", "its CRC check fails: it was changed in transit or storage")
                .to_owned(),
            Damage::OverCap { mib } => lang.pick(
                format!("解压后超过 {mib} MiB，超出 verify 读取的上限，不是 shenbao pack 写出的"),
                format!("it inflates to more than {mib} MiB, over what verify reads, which is not what shenbao pack writes"),
            ),
        }
    }
}

impl OpenError {
    /// What is wrong, for a message in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            OpenError::NotFound => lang.pick("找不到该文件", "not found").to_owned(),
            OpenError::NotRegular(kind) => {
                let (zh, en) = match kind {
                    Special::Folder => ("文件夹", "a folder"),
                    Special::Fifo => ("命名管道（FIFO）", "a named pipe (FIFO)"),
                    Special::Device => ("设备文件", "a device"),
                    Special::Socket => ("套接字", "a socket"),
                    Special::Other => ("特殊文件", "a special file"),
                };
                lang.pick(
                    format!("这是{zh}，不是普通文件：verify 只读取压缩包文件"),
                    format!("this is {en}, not a regular file: verify reads only bundle files"),
                )
            }
            OpenError::Io(e) => {
                let e = crate::diag::IoProblem::from(e).worded(lang);
                lang.pick(format!("无法读取：{e}"), format!("cannot be read ({e})"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_climb_out() {
        for bad in ["../x", "a/../../x", "/etc/passwd", "\\x", "C:/x", "c:x", "a\\..\\x", "a\0b"] {
            assert!(climbs_out(bad), "{bad}");
        }
        for good in ["a/b.pdf", "..a/b", "a../b", "申报书.docx", "a/b..c"] {
            assert!(!climbs_out(good), "{good}");
        }
    }

    #[test]
    fn names_are_read_as_utf8_then_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("证明材料.pdf");
        assert_eq!(decode_name(&gbk, 0), ("证明材料.pdf".to_owned(), false));
        assert_eq!(decode_name("申报书.docx".as_bytes(), 0x0800), ("申报书.docx".to_owned(), false));
        // Flagged UTF-8 but not: not guessed as GBK.
        assert!(decode_name(&gbk, 0x0800).1);
        assert!(decode_name(&[0xFF, 0xFF, 0xFF], 0).1);
    }

    #[test]
    fn extra_fields_stop_at_an_overrun() {
        let extra = [0x01, 0x00, 0x04, 0x00, 1, 2, 3, 4, 0x75, 0x70, 0xFF, 0x00, 1];
        let fields: Vec<(u16, usize)> = extra_fields(&extra).map(|(id, d)| (id, d.len())).collect();
        assert_eq!(fields, vec![(1, 4)]);
    }
}
