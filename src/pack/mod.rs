//! Bundles: the submission dossier as a deterministic zip with a SHA-256 manifest, and `verify`.
//!
//! A bundle holds the files the notice asks for, laid out and named as its rule file says
//! (`bundle_folder`, `bundle_name`), then `report.json` (the check result and the rule file's hash),
//! `manifest-sha256.txt` (BagIt style, `sha256  path`, covering the files and report.json) and `清单.txt`
//! (what is inside, what must still go by paper, and the bundle's fingerprint). Payload entries come first,
//! sorted by name; the three metadata entries follow in a fixed order.
//!
//! The fingerprint is the SHA-256 of manifest-sha256.txt: one short value that stands for every byte of
//! every file, printed by `pack` and `verify` and in 清单.txt, so the receiving office can compare it with the
//! fingerprint on the stamped paper copy. 清单.txt carries it and so cannot be listed in the manifest (its
//! hash would change the manifest, and so the fingerprint): it is the one entry outside the manifest, and
//! says so. Split volumes share one manifest, hence one fingerprint.
//!
//! The bundle's bytes depend on the dossier and the day only: report.json and 清单.txt are always written
//! in Chinese, whatever `--lang` the run's messages use.
//!
//! The same input gives the same bytes: entries are sorted, every entry has one timestamp
//! (SOURCE_DATE_EPOCH when set, otherwise 1980-01-01 00:00, the zip epoch), `System::Unix` and mode
//! 0644, and nothing absolute or time-dependent is written. Sources are read once, in 1 MiB chunks,
//! hashed and written in the same loop, so memory stays flat whatever the video size. The bundle is
//! written to `.shenbao-pack-PID-*.tmp` in the target folder and renamed into place when complete
//! ([`crate::output::Temp`]: removed on Ctrl-C or SIGTERM, and by the next pack after a kill -9).

pub mod clean;
pub mod contents;
pub mod entry_names;
pub mod verify;

use crate::checks::files::Assignment;
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::dossier::Dossier;
use crate::hash::{hex, sha256_hex};
use crate::notice::Notice;
use crate::read::sniff::Kind;
use crate::report::Facts;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// The manifest's name inside a bundle.
pub const MANIFEST: &str = "manifest-sha256.txt";
/// The check result and rule-file hash.
pub const REPORT: &str = "report.json";
/// The human list of contents and paper obligations.
pub const CHECKLIST: &str = "清单.txt";

/// Bytes read per step when hashing and copying.
const CHUNK: usize = 1 << 20;

/// Why a bundle could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("“{0}” changed while it was being packed; pack again")]
    SourceChanged(String),
    /// A single entry (with the metadata every volume carries) does not fit in one volume.
    #[error("“{name}” ({size} bytes) does not fit in a volume of {limit} bytes")]
    EntryTooLarge { name: String, size: u64, limit: u64 },
    /// The written bundle is over the limit (the rule file's cap, or --split when an estimate was off).
    #[error("the bundle is {size} bytes, over the limit of {limit} bytes")]
    OverSize { size: u64, limit: u64 },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> PackError + '_ {
    move |source| PackError::Io { path: path.display().to_string(), source }
}

/// One source file and where it goes in the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The path inside the bundle, `/`-separated, NFC, Windows-safe.
    pub name: String,
    /// The path inside the dossier folder.
    pub rel: String,
    pub source: PathBuf,
    /// The document id of the rule file it answers.
    pub document: String,
    pub size: u64,
    /// Stored rather than deflated: media are compressed already.
    pub stored: bool,
}

/// Where each file of a dossier goes.
#[derive(Debug, Default)]
pub struct Layout {
    /// Sorted by `name`.
    pub items: Vec<Item>,
    /// Files of the folder no document claimed; not packed, listed in 清单.txt.
    pub left_out: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    /// The 申报书 packed as `pack --clean` cleaned them (their items point at the cleaned copies).
    pub cleaned: Vec<clean::CleanedEntry>,
}

/// What `pack` finds (SB601–SB603), as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackFinding {
    /// SB601: the dossier or its notice could not be told: nothing packed.
    Undetermined,
    /// SB601: the dossier has `errors` errors: nothing packed without `--force`.
    HasErrors { errors: usize },
    /// SB602: the bundle, about `size` bytes, is over the notice's cap of `limit`.
    OverSize { size: u64, limit: u64 },
    /// SB602: the entry `name` (`size` bytes) alone is over the volume limit.
    EntryTooLarge { name: String, size: u64, limit: u64 },
    /// SB603: the rule file's bundle name needs dossier.toml keys it lacks (`missing`, as the template
    /// names them): `file` keeps its own name in the bundle.
    NameFallback { file: String, missing: Vec<String> },
}

/// Media formats that are compressed already and so stored.
fn is_media(kind: Kind) -> bool {
    matches!(kind, Kind::Mp4 | Kind::Mov | Kind::Jpeg | Kind::Png | Kind::Gif | Kind::Webp | Kind::Heic | Kind::Avif)
}

/// Lays the assigned files out as the rule file says; `{案例名称}` and `{申报单位}` are the check's facts
/// (dossier.toml's, else what the 申报表 says).
pub fn layout(notice: &Notice, dossier: &Dossier, assignment: &Assignment, facts: &Facts) -> Layout {
    let values = entry_names::Values {
        name: facts.name.as_deref().filter(|s| !s.trim().is_empty()),
        unit: facts.unit.as_deref().filter(|s| !s.trim().is_empty()),
    };
    let mut out = Layout::default();
    let mut used: BTreeSet<usize> = BTreeSet::new();
    // Windows compares names without case: two entries differing only in case would overwrite each other.
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for rule in &notice.documents {
        let Some(indices) = assignment.by_document.get(&rule.id) else { continue };
        let indices: Vec<usize> = indices.iter().copied().filter(|i| used.insert(*i)).collect();
        let folder = entry_names::path(rule.bundle_folder.as_deref().unwrap_or(&rule.name));
        for &i in &indices {
            let entry = &dossier.files[i];
            let own = entry_names::component(entry.file_name());
            let file = match (&rule.bundle_name, indices.len()) {
                (Some(template), 1) => match entry_names::fill(template, &values) {
                    Ok(filled) => with_extension(&entry_names::component(&filled), entry.ext.as_deref()),
                    Err(missing) => {
                        let found = PackFinding::NameFallback { file: entry.rel.clone(), missing };
                        out.warnings.push(Diagnostic::of(found));
                        own
                    }
                },
                _ => own,
            };
            let name = unique(&format!("{folder}/{file}"), &mut taken);
            out.items.push(Item {
                name,
                rel: entry.rel.clone(),
                source: entry.path.clone(),
                document: rule.id.clone(),
                size: entry.size,
                stored: is_media(entry.kind),
            });
        }
    }
    out.items.sort_by(|a, b| a.name.cmp(&b.name));
    out.left_out =
        dossier.files.iter().enumerate().filter(|(i, _)| !used.contains(i)).map(|(_, e)| e.rel.clone()).collect();
    out.left_out.sort();
    out
}

/// The rule file's name with the source's own extension: `{申报单位}-证照复印件` + `.jpg`, and a
/// `.docx` in the rule file does not rename a `.doc` into a lie.
fn with_extension(name: &str, ext: Option<&str>) -> String {
    let (stem, old) = entry_names::split_ext(name);
    let known = [".docx", ".doc", ".pdf", ".mp4", ".mov", ".jpg", ".jpeg", ".png", ".xlsx", ".xls", ".zip"];
    let stem = if known.contains(&old.to_ascii_lowercase().as_str()) { stem } else { name };
    match ext {
        Some(ext) if !ext.is_empty() => entry_names::component(&format!("{stem}.{ext}")),
        _ => stem.to_owned(),
    }
}

fn unique(name: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = name.to_owned();
    let (stem, ext) = entry_names::split_ext(name);
    let mut n = 2;
    while !taken.insert(candidate.to_lowercase()) {
        candidate = format!("{stem}-{n}{ext}");
        n += 1;
    }
    candidate
}

/// The zip timestamp of every entry: SOURCE_DATE_EPOCH (UTC) when set and after 1980, else 1980-01-01.
pub fn timestamp(source_date_epoch: Option<i64>) -> zip::DateTime {
    source_date_epoch
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).datetime())
        .and_then(|dt| {
            zip::DateTime::from_date_and_time(
                u16::try_from(dt.year()).ok()?,
                u8::try_from(dt.month()).ok()?,
                u8::try_from(dt.day()).ok()?,
                u8::try_from(dt.hour()).ok()?,
                u8::try_from(dt.minute()).ok()?,
                u8::try_from(dt.second()).ok()?,
            )
            .ok()
        })
        .unwrap_or_default()
}

/// SOURCE_DATE_EPOCH from the environment, when set to a number.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok())
}

/// How to write a bundle.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    pub time: zip::DateTime,
    /// Write numbered volumes, each at most this many bytes.
    pub split: Option<u64>,
    /// The notice's cap on one bundle (or volume).
    pub max_bytes: Option<u64>,
}

/// Builds 清单.txt from the bundle's fingerprint.
pub type ChecklistFn<'a> = Box<dyn Fn(&str) -> Vec<u8> + 'a>;

/// The metadata every volume carries. `volumes` tells the text builders which volume holds each item.
pub struct Metadata<'a> {
    pub report_json: Vec<u8>,
    /// 清单.txt, given the bundle's fingerprint (known only once the manifest is).
    pub checklist: ChecklistFn<'a>,
}

/// A written bundle: its volumes and their sizes.
#[derive(Debug)]
pub struct Written {
    pub volumes: Vec<(PathBuf, u64)>,
    /// SHA-256 of manifest-sha256.txt (the same in every volume).
    pub fingerprint: String,
}

/// The name of volume `n` (1-based) of a split bundle: `NAME.part1.zip`.
pub fn volume_path(target: &Path, n: usize) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(".zip").or_else(|| name.strip_suffix(".ZIP")).unwrap_or(&name);
    target.with_file_name(format!("{stem}.part{n}.zip"))
}

/// The inverse of [`volume_path`]: `NAME.part3.zip` → ("NAME", 3); `None` for a file not named as a volume.
pub fn volume_number(path: &Path) -> Option<(String, u32)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".zip").or_else(|| name.strip_suffix(".ZIP"))?;
    let (stem, n) = stem.rsplit_once(".part")?;
    // As `volume_path` writes it: digits, no sign, no leading zero.
    if n.is_empty() || n.starts_with('0') || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((stem.to_owned(), n.parse().ok()?))
}

/// An upper bound of what an entry costs in a zip: headers (local, zip64 extra, data descriptor,
/// central) and data; deflate never grows data by more than a few bytes per 16 KiB block.
fn entry_cost(name: &str, size: u64, stored: bool) -> u64 {
    let name = name.len() as u64;
    let data = if stored { size } else { size + size / 16_000 * 5 + 64 };
    30 + name + 20 + data + 24 + 46 + name + 28 + 64
}

/// Splits items into volumes that each stay under `limit` with the metadata they all carry.
/// Returns, per volume, the indices of its items.
pub fn plan_volumes(items: &[Item], metadata_cost: u64, limit: u64) -> Result<Vec<Vec<usize>>, PackError> {
    let room = limit.saturating_sub(metadata_cost + 22 + 56 + 20);
    let mut volumes: Vec<Vec<usize>> = Vec::new();
    let mut used = 0u64;
    for (i, item) in items.iter().enumerate() {
        let cost = entry_cost(&item.name, item.size, item.stored);
        if cost > room {
            return Err(PackError::EntryTooLarge { name: item.name.clone(), size: item.size, limit });
        }
        match volumes.last_mut() {
            Some(v) if used + cost <= room => {
                v.push(i);
                used += cost;
            }
            _ => {
                volumes.push(vec![i]);
                used = cost;
            }
        }
    }
    if volumes.is_empty() {
        volumes.push(Vec::new());
    }
    Ok(volumes)
}

/// What the metadata entries cost in each volume, for planning: the texts plus the manifest.
pub fn metadata_cost(items: &[Item], report_len: usize, checklist_len: usize) -> u64 {
    let manifest: u64 = items.iter().map(|i| 64 + 2 + i.name.len() as u64 + 1).sum::<u64>() + 2 * 100;
    entry_cost(REPORT, report_len as u64, false)
        + entry_cost(CHECKLIST, checklist_len as u64, false)
        + entry_cost(MANIFEST, manifest, false)
}

fn options(item_stored: bool, size: u64, time: zip::DateTime) -> SimpleFileOptions {
    let method = if item_stored { CompressionMethod::Stored } else { CompressionMethod::Deflated };
    SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(time)
        .system(zip::System::Unix)
        .unix_permissions(0o644)
        .large_file(size >= 0xFFFF_FFFF)
}

/// Buffers in flight between the reading/writing thread and the hashing thread.
const PIPELINE: usize = 4;

/// Copies one source into the open zip entry in one read of the file. SHA-256 runs on a second thread:
/// the main thread reads a chunk and writes it into the zip (CRC32 and copy), then hands the chunk to
/// the hasher, which returns the buffer. A byte then costs the slower of the two stages instead of
/// their sum (`cargo bench --bench pack`). `buf` is the first buffer of the small pool.
fn copy_hashing<W: Write + Seek>(
    zip: &mut zip::ZipWriter<W>,
    item: &Item,
    time: zip::DateTime,
    buf: &mut Vec<u8>,
    bundle: &Path,
) -> Result<[u8; 32], PackError> {
    use std::sync::mpsc::sync_channel;
    let mut file = std::fs::File::open(&item.source).map_err(io_err(&item.source))?;
    zip.start_file(item.name.as_str(), options(item.stored, item.size, time)).map_err(zip_err(bundle))?;
    let (to_hash, hash_rx) = sync_channel::<(Vec<u8>, usize)>(PIPELINE);
    let (free_tx, free) = sync_channel::<Vec<u8>>(PIPELINE + 1);
    std::thread::scope(|scope| {
        let hasher = scope.spawn(move || {
            let mut hasher = Sha256::new();
            for (chunk, n) in hash_rx {
                hasher.update(&chunk[..n]);
                // The copier may have stopped early; a closed pool is fine.
                let _ = free_tx.send(chunk);
            }
            <[u8; 32]>::from(hasher.finalize())
        });
        let mut spare = Some(std::mem::take(buf));
        let mut allocated = 1;
        let mut total = 0u64;
        let copied: Result<(), PackError> = loop {
            let mut chunk = match spare.take() {
                Some(chunk) => chunk,
                None if allocated < PIPELINE => {
                    allocated += 1;
                    vec![0u8; CHUNK]
                }
                None => match free.recv() {
                    Ok(chunk) => chunk,
                    Err(_) => {
                        break Err(PackError::Io {
                            path: item.rel.clone(),
                            source: std::io::Error::other("hashing thread stopped"),
                        })
                    }
                },
            };
            let n = match file.read(&mut chunk) {
                Ok(0) => {
                    spare = Some(chunk);
                    break Ok(());
                }
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                    spare = Some(chunk);
                    continue;
                }
                Err(e) => break Err(io_err(&item.source)(e)),
            };
            // A write error is the bundle's (a full disk), not the source's.
            if let Err(e) = zip.write_all(&chunk[..n]) {
                break Err(io_err(bundle)(e));
            }
            total += n as u64;
            if to_hash.send((chunk, n)).is_err() {
                break Err(PackError::Io {
                    path: item.rel.clone(),
                    source: std::io::Error::other("hashing thread stopped"),
                });
            }
        };
        drop(to_hash);
        let digest = hasher.join().map_err(|_| PackError::Io {
            path: item.rel.clone(),
            source: std::io::Error::other("hashing thread panicked"),
        });
        // Keep one buffer for the next file.
        *buf = spare.or_else(|| free.try_recv().ok()).unwrap_or_else(|| vec![0u8; CHUNK]);
        copied?;
        if total != item.size {
            return Err(PackError::SourceChanged(item.rel.clone()));
        }
        digest
    })
}

/// Hashes a file in one streaming pass.
pub fn hash_file(path: &Path, buf: &mut [u8]) -> std::io::Result<([u8; 32], u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut total = 0u64;
    loop {
        match file.read(buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                total += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((hasher.finalize().into(), total))
}

/// The manifest text: `sha256  path` lines sorted by path.
pub fn manifest_text(hashes: &BTreeMap<String, String>) -> String {
    hashes.iter().map(|(path, sha)| format!("{sha}  {path}\n")).collect()
}

/// The kind of temporary file a pack writes: `.shenbao-pack-PID-*.tmp`.
pub const TEMP_KIND: &str = "pack";

fn temp_in(dir: &Path) -> Result<crate::output::Temp, PackError> {
    crate::output::Temp::new_in(dir, TEMP_KIND).map_err(io_err(dir))
}

/// An error of the zip writer: an I/O error (a full disk) is kept as one, with the bundle's path.
fn zip_err(path: &Path) -> impl Fn(zip::result::ZipError) -> PackError + '_ {
    move |e| match e {
        zip::result::ZipError::Io(source) => PackError::Io { path: path.display().to_string(), source },
        other => PackError::Zip(other),
    }
}

/// Writes one volume into `temp`: its items, then report.json, 清单.txt and the manifest. With `expected`,
/// the hashes were taken before (split bundles need the whole manifest in every volume) and each copy is
/// checked against them; without, the manifest is built from this pass. Returns the fingerprint. Errors
/// name `bundle`, the path the user asked for, rather than the temporary file.
fn write_volume(
    temp: &crate::output::Temp,
    bundle: &Path,
    items: &[&Item],
    metadata: &Metadata<'_>,
    expected: Option<&BTreeMap<String, String>>,
    time: zip::DateTime,
) -> Result<String, PackError> {
    let file = temp.as_file();
    let mut zip = zip::ZipWriter::new(BufWriter::with_capacity(CHUNK, file));
    match write_entries(&mut zip, bundle, items, metadata, expected, time) {
        Ok(fingerprint) => {
            let mut inner = zip.finish().map_err(zip_err(bundle))?;
            inner.flush().map_err(io_err(bundle))?;
            // On disk before the rename, so a crash after it cannot leave a short bundle under the real name.
            file.sync_all().map_err(io_err(bundle))?;
            Ok(fingerprint)
        }
        Err(e) => {
            // The zip writer's Drop would try to finish the archive anyway and print its Debug text to stderr
            // when that fails too (a full disk): the half-written volume is abandoned instead (its temporary
            // file is removed by the caller; the writer's buffer goes with the process, which ends on an error).
            std::mem::forget(zip);
            Err(e)
        }
    }
}

fn write_entries<W: Write + Seek>(
    zip: &mut zip::ZipWriter<W>,
    bundle: &Path,
    items: &[&Item],
    metadata: &Metadata<'_>,
    expected: Option<&BTreeMap<String, String>>,
    time: zip::DateTime,
) -> Result<String, PackError> {
    let mut buf = vec![0u8; CHUNK];
    let mut hashes: BTreeMap<String, String> = BTreeMap::new();
    for item in items {
        let sha = hex(&copy_hashing(zip, item, time, &mut buf, bundle)?);
        if let Some(expected) = expected {
            if expected.get(&item.name) != Some(&sha) {
                return Err(PackError::SourceChanged(item.rel.clone()));
            }
        }
        hashes.insert(item.name.clone(), sha);
    }
    let report = &metadata.report_json;
    zip.start_file(REPORT, options(false, report.len() as u64, time)).map_err(zip_err(bundle))?;
    zip.write_all(report).map_err(io_err(bundle))?;
    hashes.insert(REPORT.to_owned(), sha256_hex(report));
    let manifest = match expected {
        Some(all) => {
            let mut all = all.clone();
            all.insert(REPORT.to_owned(), sha256_hex(report));
            manifest_text(&all)
        }
        None => manifest_text(&hashes),
    };
    let fingerprint = sha256_hex(manifest.as_bytes());
    let checklist = (metadata.checklist)(&fingerprint);
    zip.start_file(CHECKLIST, options(false, checklist.len() as u64, time)).map_err(zip_err(bundle))?;
    zip.write_all(&checklist).map_err(io_err(bundle))?;
    zip.start_file(MANIFEST, options(false, manifest.len() as u64, time)).map_err(zip_err(bundle))?;
    zip.write_all(manifest.as_bytes()).map_err(io_err(bundle))?;
    Ok(fingerprint)
}

/// Writes the bundle (or its volumes, with `split`) beside `target`, atomically: each volume is a
/// temporary `.shenbao-pack-*.tmp` in the target folder until every one is complete.
///
/// `volumes` is the plan from [`plan_volumes`] when splitting; `metadata` must already list it.
/// Temporary files an earlier, killed pack left in the folder are removed first.
pub fn write_bundle(
    target: &Path,
    layout: &Layout,
    metadata: &Metadata<'_>,
    volumes: Option<&[Vec<usize>]>,
    opts: WriteOptions,
) -> Result<Written, PackError> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    crate::output::remove_stale(&dir, TEMP_KIND);
    let mut temps = Vec::new();
    let fingerprint = match volumes {
        None => {
            let temp = temp_in(&dir)?;
            let items: Vec<&Item> = layout.items.iter().collect();
            let fingerprint = write_volume(&temp, target, &items, metadata, None, opts.time)?;
            temps.push((temp, target.to_owned()));
            fingerprint
        }
        Some(plan) => {
            // Every volume carries the whole manifest, so hash everything first.
            let mut buf = vec![0u8; CHUNK];
            let mut all = BTreeMap::new();
            for item in &layout.items {
                let (sha, size) = hash_file(&item.source, &mut buf).map_err(io_err(&item.source))?;
                if size != item.size {
                    return Err(PackError::SourceChanged(item.rel.clone()));
                }
                all.insert(item.name.clone(), hex(&sha));
            }
            let mut fingerprint = String::new();
            for (n, indices) in plan.iter().enumerate() {
                let temp = temp_in(&dir)?;
                let items: Vec<&Item> = indices.iter().map(|&i| &layout.items[i]).collect();
                let path = volume_path(target, n + 1);
                fingerprint = write_volume(&temp, &path, &items, metadata, Some(&all), opts.time)?;
                temps.push((temp, path));
            }
            fingerprint
        }
    };
    let limit = match (opts.split, opts.max_bytes) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut written = Vec::new();
    for (temp, _) in &temps {
        let size = temp.as_file().metadata().map_err(io_err(temp.path()))?.len();
        if let Some(limit) = limit {
            if size > limit {
                return Err(PackError::OverSize { size, limit });
            }
        }
        written.push(size);
    }
    let mut volumes_out = Vec::new();
    for ((temp, path), size) in temps.into_iter().zip(written) {
        temp.persist(&path).map_err(io_err(&path))?;
        volumes_out.push((path, size));
    }
    Ok(Written { volumes: volumes_out, fingerprint })
}

/// The rule file's text, for its hash: the embedded text for an embedded id, else the file.
pub fn rule_file_text(spec: &str, base: Option<&Path>) -> Option<(String, &'static str)> {
    if let Some(text) = crate::notice::embedded::text(spec) {
        return Some((text.to_owned(), "embedded"));
    }
    let mut candidates = vec![PathBuf::from(spec)];
    if let Some(base) = base {
        candidates.push(base.join(spec));
    }
    candidates.into_iter().find(|p| p.is_file()).and_then(|p| std::fs::read_to_string(p).ok()).map(|t| (t, "file"))
}

/// Human byte sizes for messages: 1.5 MB, 143 KB.
pub fn human_size(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    if bytes >= 1 << 30 {
        format!("{:.2} GB", b / f64::from(1u32 << 30))
    } else if bytes >= 1 << 20 {
        format!("{:.1} MB", b / f64::from(1u32 << 20))
    } else if bytes >= 1 << 10 {
        format!("{} KB", bytes.div_ceil(1 << 10))
    } else {
        format!("{bytes} B")
    }
}

/// Parses a size: `25M`, `20MiB`, `1.5G`, `10MB` (K/M/G and KiB/MiB/GiB are binary; KB/MB/GB decimal).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: f64 = num.parse().map_err(|_| format!("not a size: {s:?} (e.g. 25M, 20MB, 1G)"))?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kib" => 1024.0,
        "m" | "mib" => 1024.0 * 1024.0,
        "g" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        _ => return Err(format!("unknown size unit in {s:?} (use K, M, G, KB, MB, GB)")),
    };
    let bytes = (num * mult).floor();
    if !(1.0..1.0e18).contains(&bytes) {
        return Err(format!("size out of range: {s:?}"));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(bytes as u64)
}

/// Which volume holds each item, for 清单.txt (1-based).
pub fn volume_of(plan: Option<&[Vec<usize>]>) -> HashMap<usize, usize> {
    let mut out = HashMap::new();
    if let Some(plan) = plan {
        for (v, indices) in plan.iter().enumerate() {
            for &i in indices {
                out.insert(i, v + 1);
            }
        }
    }
    out
}

/// The clauses `shenbao explain` cites for pack's codes: none a notice states (a bundle's size limit is
/// the notice's `[bundle]`, named in the finding itself).
pub fn clauses(code: family::Pack, _notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Pack::*;
    match code {
        PackRefused | BundleOverSize | PackNameFallback => Vec::new(),
    }
}

// The wording of this family's findings, zh and en together.

impl Finding for PackFinding {
    fn code(&self) -> Code {
        match self {
            Self::Undetermined | Self::HasErrors { .. } => Code::PackRefused,
            Self::OverSize { .. } | Self::EntryTooLarge { .. } => Code::BundleOverSize,
            Self::NameFallback { .. } => Code::PackNameFallback,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::NameFallback { file, .. } => Some(file),
            _ => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::Undetermined => lang
                .pick("无法确定材料或通知，不能打包", "cannot tell the dossier or its notice; nothing packed")
                .to_owned(),
            Self::HasErrors { errors } => lang.pick(
                format!("材料有 {errors} 个错误，未打包"),
                format!("the dossier has {}; nothing packed", crate::diag::counted(*errors, "error", "errors")),
            ),
            Self::OverSize { size, limit } => {
                let (size, limit) = (human_size(*size), human_size(*limit));
                lang.pick(
                    format!("压缩包约 {size}，超过通知规定的上限 {limit}"),
                    format!("the bundle is about {size}, over the notice's cap of {limit}"),
                )
            }
            Self::EntryTooLarge { name, size, limit } => {
                let (size, limit) = (human_size(*size), human_size(*limit));
                lang.pick(
                    format!("“{name}”（{size}）单个文件就超过了每卷上限 {limit}"),
                    format!("“{name}” ({size}) alone is over the volume limit of {limit}"),
                )
            }
            Self::NameFallback { file, missing } => lang.pick(
                format!("dossier.toml 和申报表都没有写 {}，“{file}”在压缩包中沿用原文件名", missing.join("、")),
                format!(
                    "neither dossier.toml nor the 申报表 gives {}; “{file}” keeps its own name in the bundle",
                    missing.join(", ")
                ),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let (zh, en) = match self {
            Self::Undetermined => return None,
            Self::HasErrors { .. } => (
                "改正上述错误后重新打包；确需先打包时加 --force（压缩包会记下强制打包）",
                "fix the errors above and pack again; --force packs anyway and records that in the bundle",
            ),
            Self::OverSize { .. } => (
                "用 --split SIZE 分卷（每卷为独立 zip，均带清单），或压缩视频后重新打包",
                "use --split SIZE for self-contained volumes, or re-encode the video and pack again",
            ),
            Self::EntryTooLarge { .. } => (
                "单个文件无法分卷：压缩该文件（如视频降低码率）后重新打包，或加大 --split",
                "a single file cannot be split: make it smaller (re-encode the video) or raise --split",
            ),
            Self::NameFallback { .. } => (
                "在 dossier.toml 中写上 name = \"…\"（案例名称）和 unit = \"…\"（申报单位）",
                "add name = \"…\" and unit = \"…\" to dossier.toml",
            ),
        };
        Some(lang.pick(zh, en).to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_names_read_back() {
        let target = Path::new("out/数据要素-某公司.zip");
        let third = volume_path(target, 3);
        assert_eq!(third, Path::new("out/数据要素-某公司.part3.zip"));
        assert_eq!(volume_number(&third), Some(("数据要素-某公司".to_owned(), 3)));
        assert_eq!(volume_number(Path::new("a.part.zip")), None);
        assert_eq!(volume_number(Path::new("a.zip")), None);
        assert_eq!(volume_number(Path::new("a.part03.zip")), None, "volume_path writes part3");
        assert_eq!(volume_number(Path::new("a.part+3.zip")), None);
        assert_eq!(volume_number(Path::new("a.part2.ZIP")), Some(("a".to_owned(), 2)));
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("25M"), Ok(25 << 20));
        assert_eq!(parse_size("20MB"), Ok(20_000_000));
        assert_eq!(parse_size("1024"), Ok(1024));
        assert!(parse_size("x").is_err());
    }

    #[test]
    fn extensions_follow_the_source() {
        assert_eq!(with_extension("单位-证照复印件", Some("jpg")), "单位-证照复印件.jpg");
        assert_eq!(with_extension("a-申报书.docx", Some("doc")), "a-申报书.doc");
        assert_eq!(with_extension("a-申报书.pdf", Some("pdf")), "a-申报书.pdf");
    }
}
