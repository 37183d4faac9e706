//! What the hostile-input tests share: running the binary under a watch (time, peak memory, a hang
//! timeout), the bounds they assert, a zip writer whose headers say whatever a test wants, a deflate
//! stream of a gibibyte of zeros, minimal Word packages, and copies of the fixture dossiers.
//!
//! Included by each test file with `#[path = "support/hostile.rs"] mod hostile_support;` beside
//! `mod support;` (it uses `crate::support::copy_dir`).
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// ------------------------------------------------------------------ running under a watch

/// One run of the binary, with its time and peak memory.
pub struct Run {
    /// The exit code; `None` when a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// Peak resident memory of the process in MB, when /usr/bin/time is there to tell.
    pub peak_mb: Option<f64>,
}

impl Run {
    /// Everything the run printed, stdout then stderr.
    pub fn said(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// How long [`watched`] lets a run go before it is called a hang.
pub const HANG: Duration = Duration::from_secs(30);

/// Runs the binary with `args` in `dir`, under /usr/bin/time when it exists, killed after [`HANG`].
pub fn watched<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Run {
    watched_for(dir, args, HANG)
}

/// Runs the binary with `args` in `dir`, under /usr/bin/time when it exists, with stdin closed and the
/// language, locale, colour and CI variables cleared. A run still going after `limit` (say, waiting on a
/// FIFO) is killed and fails the test, rather than hanging the suite. Output goes through files, so a
/// run that prints a lot never blocks on a full pipe.
pub fn watched_for<S: AsRef<OsStr>>(dir: &Path, args: &[S], limit: Duration) -> Run {
    let time = Path::new("/usr/bin/time");
    let report = tempfile::NamedTempFile::new().expect("temp");
    let bin = assert_cmd::cargo::cargo_bin("shenbao");
    let mut cmd = if time.exists() {
        let mut c = std::process::Command::new(time);
        c.arg("-f").arg("%M").arg("-o").arg(report.path()).arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    cmd.current_dir(dir).args(args).env("LANG", "C.UTF-8").env("NO_COLOR", "1");
    for name in ["SHENBAO_LANG", "LC_ALL", "LC_MESSAGES", "CI", "GITHUB_STEP_SUMMARY"] {
        cmd.env_remove(name);
    }
    let out_file = tempfile::NamedTempFile::new().expect("temp");
    let err_file = tempfile::NamedTempFile::new().expect("temp");
    cmd.stdin(std::process::Stdio::null());
    cmd.stdout(out_file.reopen().expect("stdout")).stderr(err_file.reopen().expect("stderr"));
    let started = Instant::now();
    let mut child = cmd.spawn().expect("runs");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let text = |file: &tempfile::NamedTempFile| {
        String::from_utf8_lossy(&std::fs::read(file.path()).unwrap_or_default()).into_owned()
    };
    let (stdout, stderr) = (text(&out_file), text(&err_file));
    let shown: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect();
    assert!(status.is_some(), "{shown:?} still running after {limit:?} (a hang): {stderr}");
    let peak_mb = std::fs::read_to_string(report.path())
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse::<f64>().ok()))
        .map(|kb| kb / 1024.0);
    Run { code: status.and_then(|s| s.code()), stdout, stderr, elapsed, peak_mb }
}

/// Bounds for one hostile input. The binary under test is a debug build (dependencies at opt-level 1):
/// a release build is several times faster. The project's standard is 5 s and 300 MB for a release build.
pub fn assert_bounded(what: &str, run: &Run, secs: f64, mb: f64) {
    eprintln!("{what}: {:.2} s, peak {:?} MB", run.elapsed.as_secs_f64(), run.peak_mb.map(f64::round));
    assert!(run.elapsed.as_secs_f64() < secs, "{what}: {:?} (bound {secs} s)", run.elapsed);
    match run.peak_mb {
        Some(peak) => assert!(peak < mb, "{what}: peak RSS {peak:.0} MB (bound {mb} MB)"),
        None => eprintln!("{what}: /usr/bin/time not found, memory not measured"),
    }
}

// ------------------------------------------------------------------ files and dossiers

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// The crate's folder (where `fixtures/` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh copy of a fixture dossier in its own temporary folder: (tempdir, dossier path).
pub fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("dossier");
    crate::support::copy_dir(&root().join(name), &dir);
    (tmp, dir)
}

/// A copy of the passing cq-2024-cases-2 sample as the temporary folder itself, changed by `edit`.
pub fn sample(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::support::copy_dir(&root().join("fixtures/cq-2024-cases-2/pass"), dir.path());
    edit(dir.path());
    dir
}

/// Makes the dossier's video 400 MB larger (a `free` box; sparse, so quick to make), so a pack runs long
/// enough to be interrupted.
pub fn grow_video(dir: &Path) {
    let video = dir.join("多媒体材料/视频/案例视频.mp4");
    let extra: u64 = 400 << 20;
    let mut f = std::fs::OpenOptions::new().append(true).open(&video).expect("open");
    let size = u32::try_from(extra + 8).expect("fits");
    f.write_all(&size.to_be_bytes()).expect("write");
    f.write_all(b"free").expect("write");
    let len = f.metadata().expect("meta").len();
    f.set_len(len + extra).expect("grow");
}

/// The SHA-256 of `bytes` in lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The entry names of a zip, in the order of its central directory.
pub fn names_in(zip_path: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).expect("open")).expect("zip");
    (0..archive.len()).map(|i| archive.by_index(i).expect("entry").name().expect("name").into_owned()).collect()
}

/// Makes a FIFO at `path`.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

// ------------------------------------------------------------------ a zip written by hand

/// CRC-32 (IEEE), bit by bit: the parts written here are small.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// One zip entry exactly as its headers will say (whatever they say).
pub struct Entry {
    pub name: Vec<u8>,
    /// The local header's name, when it differs from the central directory's.
    pub local_name: Option<Vec<u8>>,
    /// General purpose flags: 0x0800 says the name is UTF-8.
    pub flags: u16,
    /// 0 stored, 8 deflated.
    pub method: u16,
    /// The data as stored.
    pub data: Vec<u8>,
    pub crc: u32,
    /// The uncompressed size the headers declare.
    pub declared: u32,
}

/// A stored entry with a true CRC and size, its name marked UTF-8.
pub fn stored(name: &str, data: &[u8]) -> Entry {
    Entry {
        name: name.as_bytes().to_vec(),
        local_name: None,
        flags: 0x0800,
        method: 0,
        data: data.to_vec(),
        crc: crc32(data),
        declared: u32::try_from(data.len()).expect("small"),
    }
}

/// A zip archive of `entries`, exactly as the headers say: the zip crate refuses to write a name twice
/// or a size that lies.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = u32::try_from(out.len()).expect("small");
        let compressed = u32::try_from(e.data.len()).expect("small");
        let local_name = e.local_name.as_ref().unwrap_or(&e.name);
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, e.flags, e.method, 0, 0x21] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [e.crc, compressed, e.declared] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&u16::try_from(local_name.len()).expect("short").to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(local_name);
        out.extend_from_slice(&e.data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, e.flags, e.method, 0, 0x21] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [e.crc, compressed, e.declared] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [u16::try_from(e.name.len()).expect("short"), 0, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(&e.name);
    }
    let count = u16::try_from(entries.len()).expect("few");
    let (cd_offset, cd_size) = (u32::try_from(out.len()).expect("small"), u32::try_from(central.len()).expect("small"));
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, count, count] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A zip of `parts` (name, text), stored, in the order given, names as they are (a name may repeat).
pub fn zip_stored(parts: &[(&str, &str)]) -> Vec<u8> {
    let entries: Vec<Entry> = parts.iter().map(|(name, text)| stored(name, text.as_bytes())).collect();
    zip(&entries)
}

/// A zip of `parts` (name, text), deflated by the zip crate, in the order given.
pub fn zip_deflated(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(*name, options).expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

// ------------------------------------------------------------------ a gibibyte of zeros

/// Bits written least significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn push(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, which deflate writes most significant bit first.
    fn code(&mut self, code: u64, len: u32) {
        let reversed = (0..len).fold(0, |r, i| r | (((code >> i) & 1) << (len - 1 - i)));
        self.push(reversed, len);
    }
}

/// A deflate stream of `1 + 258 × matches` zero bytes: a literal 0, then copies of the longest length at
/// distance 1, in one fixed-Huffman block (13 bits for every 258 bytes).
pub fn deflated_zeros(matches: usize) -> Vec<u8> {
    let mut b = Bits { out: Vec::new(), acc: 0, n: 0 };
    b.push(1, 1); // BFINAL
    b.push(1, 2); // BTYPE = 01, fixed Huffman codes
    b.code(0x30, 8); // literal 0
    for _ in 0..matches {
        b.code(0xC5, 8); // length code 285: 258 bytes
        b.code(0, 5); // distance code 0: distance 1
    }
    b.code(0, 7); // end of block
    b.push(0, 7);
    b.out
}

/// 1 + 258 × this ≈ 1 GiB of zeros.
pub const GIB_MATCHES: usize = 4_161_790;

// ------------------------------------------------------------------ Word packages

/// The content types of a minimal package: XML by default, `word/document.xml` as the main document.
pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

/// The package relationships: the main document is `word/document.xml`.
pub const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// The parts of a minimal package whose `word/document.xml` is `document`.
pub fn package(document: &str) -> Vec<(&'static str, &str)> {
    vec![("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("word/document.xml", document)]
}

/// A zip of `parts` (name, text, stored) followed by `empty` empty entries named `x/0`, `x/1`, …, with
/// zip64 end records: a million entries take 90 MB. The headers are written directly (the zip crate
/// takes seconds per hundred thousand entries); every entry is as a zip tool would write it.
pub fn crowded_zip(parts: &[(&str, &str)], empty: usize) -> Vec<u8> {
    let named: Vec<(String, Vec<u8>)> = parts
        .iter()
        .map(|(n, t)| ((*n).to_owned(), t.as_bytes().to_vec()))
        .chain((0..empty).map(|i| (format!("x/{i:x}"), Vec::new())))
        .collect();
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in &named {
        let offset = u32::try_from(out.len()).expect("under 4 GiB");
        let (crc, len) = (crc32(data), u32::try_from(data.len()).expect("small"));
        let name_len = u16::try_from(name.len()).expect("short").to_le_bytes();
        out.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\x21\0");
        for v in [crc, len, len] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&name_len);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\x21\0");
        for v in [crc, len, len] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&name_len);
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let (count, cd_at, cd_size) = (named.len() as u64, out.len() as u64, central.len() as u64);
    out.extend_from_slice(&central);
    let record_at = out.len() as u64;
    out.extend_from_slice(b"PK\x06\x06");
    out.extend_from_slice(&44u64.to_le_bytes());
    out.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    for v in [count, count, cd_size, cd_at] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(b"PK\x06\x07\0\0\0\0");
    out.extend_from_slice(&record_at.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0\xFF\xFF\xFF\xFF");
    out.extend_from_slice(&u32::try_from(cd_size).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(&u32::try_from(cd_at).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}
