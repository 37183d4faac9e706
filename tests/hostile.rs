//! Hostile inputs: each gets a clear diagnostic, in bounded time and memory, and nothing is written
//! to the dossier. Zip bombs, entity expansion, `../` entry names, an OLE container named .docx, Word
//! lock files, empty files, a truncated MP4, a PDF whose page tree loops, a symlink loop, a FIFO, an
//! unreadable file and file names that are not UTF-8.

mod support;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{copy_dir, shenbao, shenbao_in};

#[path = "support/pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;

// ------------------------------------------------------------------ a zip written by hand

/// CRC-32 (IEEE), bit by bit: the parts written here are small.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// One zip entry: its name, method (0 stored, 8 deflated), the data as stored, the CRC and the sizes the
/// headers declare.
struct Entry {
    name: Vec<u8>,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    declared: u32,
}

fn stored(name: &str, data: &[u8]) -> Entry {
    Entry {
        name: name.as_bytes().to_vec(),
        method: 0,
        data: data.to_vec(),
        crc: crc32(data),
        declared: u32::try_from(data.len()).expect("small"),
    }
}

/// A zip archive of `entries`, exactly as the headers say (whatever they say).
fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = u32::try_from(out.len()).expect("small");
        let compressed = u32::try_from(e.data.len()).expect("small");
        let name_len = u16::try_from(e.name.len()).expect("short");
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, 0, e.method, 0, 0x21] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [e.crc, compressed, e.declared] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&e.name);
        out.extend_from_slice(&e.data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 0, e.method, 0, 0x21] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [e.crc, compressed, e.declared] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name_len, 0, 0, 0, 0] {
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
fn deflated_zeros(matches: usize) -> Vec<u8> {
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

const GIB_MATCHES: usize = 4_161_790; // 1 + 258 × this ≈ 1 GiB

const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A .docx whose document.xml inflates to 1 GiB, declaring `declared` bytes.
fn zip_bomb(declared: u32) -> Vec<u8> {
    let data = deflated_zeros(GIB_MATCHES);
    zip(&[
        stored("_rels/.rels", RELS.as_bytes()),
        Entry { name: b"word/document.xml".to_vec(), method: 8, data, crc: 0, declared },
    ])
}

const CONTENT_TYPES: &str = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;

fn docx_with_document(xml: &str) -> Vec<u8> {
    zip(&[
        stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        stored("_rels/.rels", RELS.as_bytes()),
        stored("word/document.xml", xml.as_bytes()),
    ])
}

// ------------------------------------------------------------------ running under a watch

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident memory of the process in MB, when /usr/bin/time is there to tell.
    peak_mb: Option<f64>,
}

/// Runs the binary with `args` in `dir`, under /usr/bin/time when it exists.
fn watched(dir: &Path, args: &[&str]) -> Run {
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
    cmd.current_dir(dir).args(args).env("LANG", "C.UTF-8").env_remove("SHENBAO_LANG").env_remove("CI");
    let started = Instant::now();
    let out = cmd.output().expect("runs");
    let elapsed = started.elapsed();
    let peak_mb = std::fs::read_to_string(report.path())
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse::<f64>().ok()))
        .map(|kb| kb / 1024.0);
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed,
        peak_mb,
    }
}

/// Bounds for one hostile file. The binary under test is a debug build (dependencies at opt-level 1):
/// a release build is several times faster.
fn assert_bounded(what: &str, run: &Run, secs: f64, mb: f64) {
    eprintln!("{what}: {:.2} s, peak {:?} MB", run.elapsed.as_secs_f64(), run.peak_mb.map(|m| m.round()));
    assert!(run.elapsed.as_secs_f64() < secs, "{what}: {:?} (bound {secs} s)", run.elapsed);
    match run.peak_mb {
        Some(peak) => assert!(peak < mb, "{what}: peak RSS {peak:.0} MB (bound {mb} MB)"),
        None => eprintln!("{what}: /usr/bin/time not found, memory not measured"),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

// ------------------------------------------------------------------ the .docx reader

#[test]
fn a_zip_bomb_is_refused_quickly_and_in_little_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let size = u32::try_from(1 + 258 * GIB_MATCHES).expect("under 4 GiB");
    // Its true size; a small lie; a lie just under shenbao's 64 MiB cap on one part.
    for (declared, name) in [(size, "declared.docx"), (4096, "lying.docx"), ((64 << 20) - 1, "under-cap.docx")] {
        let truthful = declared == size;
        write(dir.path(), name, &zip_bomb(declared));
        let run = watched(dir.path(), &["count", name]);
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        // A true size is refused before inflating; a false one as soon as the data outgrows it.
        let said =
            if truthful { "解压后超过 64 MB" } else { "解压出的数据超过文件自己记录的大小" };
        assert!(run.stderr.contains(said), "{name}: {}", run.stderr);
        // The issue's bound is < 1 s and < 100 MB for a release build.
        assert_bounded(name, &run, 5.0, 100.0);
    }
}

#[test]
fn entity_expansion_is_not_performed() {
    // The “billion laughs”: ten levels of ten references each.
    let mut doctype = String::from(r#"<!DOCTYPE w:document [<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">"#);
    for i in 1..10 {
        let refs = format!("&a{};", i - 1).repeat(10);
        doctype.push_str(&format!(r#"<!ENTITY a{i} "{refs}">"#));
    }
    doctype.push_str("]>");
    let xml = format!(
        r#"<?xml version="1.0"?>{doctype}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "laughs.docx", &docx_with_document(&xml));
    let run = watched(dir.path(), &["count", "laughs.docx", "--format", "json"]);
    assert_bounded("entity expansion", &run, 5.0, 100.0);
    // Either refused with a message, or read without expanding: never 10^10 characters.
    match run.code {
        Some(0) => {
            let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
            assert!(json["total"]["words"].as_u64().expect("words") < 100, "{}", run.stdout);
        }
        Some(2) => assert!(!run.stderr.trim().is_empty()),
        other => panic!("exit {other:?}: {}", run.stderr),
    }
}

#[test]
fn deeply_nested_xml_is_read_without_overflowing_the_stack() {
    let depth = 200_000;
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}<w:p><w:r><w:t>深</w:t></w:r></w:p>{}</w:body></w:document>"#,
        "<w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "deep.docx", &docx_with_document(&xml));
    let run = watched(dir.path(), &["count", "deep.docx", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["total"]["words"], 1);
    assert_bounded("deep nesting", &run, 10.0, 200.0);
}

#[test]
fn entry_names_that_climb_out_are_never_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inner = tempfile::tempdir_in(dir.path()).expect("inner");
    let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>"#;
    let rels = RELS.replace("word/document.xml", "../../evil.xml");
    let bytes = zip(&[
        stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        stored("_rels/.rels", rels.as_bytes()),
        stored("../../evil.xml", xml.as_bytes()),
        stored("word/document.xml", xml.as_bytes()),
    ]);
    write(inner.path(), "climb.docx", &bytes);
    let run = watched(inner.path(), &["count", "climb.docx", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!dir.path().join("evil.xml").exists());
    let listed: Vec<_> = std::fs::read_dir(inner.path()).expect("ls").filter_map(Result::ok).collect();
    assert_eq!(listed.len(), 1, "nothing written beside the file");
}

#[test]
fn a_bundle_with_climbing_names_fails_verification() {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = format!("{:064x}  ../../evil.txt\n", 0);
    let bytes = zip(&[stored("../../evil.txt", b"x"), stored("manifest-sha256.txt", manifest.as_bytes())]);
    write(dir.path(), "bundle.zip", &bytes);
    let run = watched(dir.path(), &["verify", "bundle.zip"]);
    assert_ne!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.is_empty() || !run.stderr.is_empty(), "a message is printed");
    assert!(!dir.path().parent().expect("parent").join("evil.txt").exists());
}

#[test]
fn an_encrypted_word_file_named_docx_is_named_as_such() {
    // Word saves a password-protected .docx as an OLE compound file holding the encrypted package.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(8192, 0);
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "加密.docx", &ole);
    let out = shenbao_in(dir.path()).args(["count", "加密.docx"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("加密"), "{}", String::from_utf8_lossy(&out.stderr));
}

// ------------------------------------------------------------------ dossier folders

/// A copy of the cq-2024-cases-2 sample, with `edit` applied.
fn sample(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/pass"), dir.path());
    edit(dir.path());
    dir
}

fn diagnostics(dir: &Path) -> Vec<(String, String, String)> {
    let out = shenbao()
        .arg("check")
        .arg(dir)
        .args(["--today", "2024-08-10", "--format", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    json["dossiers"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_owned();
            (s("code"), s("file"), s("message"))
        })
        .collect()
}

#[test]
fn lock_files_and_empty_files_are_named() {
    let dir = sample(|d| {
        write(d, "~$申报书.docx", b"\x08owner");
        write(d, "营业执照复印件.jpg", b"");
    });
    let found = diagnostics(dir.path());
    assert!(found.iter().any(|(c, f, _)| c == "SB207" && f == "~$申报书.docx"), "{found:?}");
    assert!(found.iter().any(|(c, f, _)| c == "SB206" && f == "营业执照复印件.jpg"), "{found:?}");
    // `count` named the lock file says what it is, rather than that it is not a .docx.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .arg("count")
        .arg(dir.path().join("~$申报书.docx"))
        .env("SHENBAO_LANG", "zh")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Word 打开文档时留下的锁定文件"), "{stderr}");
}

#[test]
fn a_truncated_mp4_is_a_diagnostic() {
    let dir = sample(|d| {
        let video = d.join("多媒体材料/视频/案例视频.mp4");
        let bytes = std::fs::read(&video).expect("video");
        // Cut inside the moov box, which this sample writes after the media.
        std::fs::write(&video, &bytes[..bytes.len() - 700]).expect("write");
    });
    let found = diagnostics(dir.path());
    let video: Vec<_> = found.iter().filter(|(_, f, _)| f.ends_with("案例视频.mp4")).collect();
    assert!(video.iter().any(|(c, _, _)| c.starts_with("SB3")), "{found:?}");
}

/// A segment of a streamed video saved as .mp4 is a video that cannot play on its own, said in Chinese.
#[test]
fn a_stream_segment_named_mp4_is_an_unreadable_video() {
    let dir = sample(|d| {
        let segment = b"\0\0\0\x18moof\0\0\0\x10mfhd\0\0\0\0\0\0\0\x01";
        write(d, "多媒体材料/视频/案例视频.mp4", segment);
    });
    let found = diagnostics(dir.path());
    let video: Vec<_> = found.iter().filter(|(_, f, _)| f.ends_with("案例视频.mp4")).collect();
    assert!(
        video.iter().any(|(c, _, m)| c == "SB301" && m.contains("流媒体视频的一个分段") && !m.contains("moov)")),
        "{video:?}"
    );
}

#[test]
fn a_pdf_whose_page_tree_loops_is_bounded() {
    let dir = sample(|d| {
        write(d, "申报书（用印）.pdf", &pdf_gen::looping_pdf());
    });
    let started = Instant::now();
    let found = diagnostics(dir.path());
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(found.iter().any(|(_, f, _)| f == "申报书（用印）.pdf"), "{found:?}");
}

#[cfg(unix)]
#[test]
fn links_loops_fifos_and_unreadable_files() {
    use std::os::unix::fs::symlink;
    let dir = sample(|d| {
        symlink(".", d.join("回环")).expect("symlink loop");
        symlink("/nonexistent/证明.pdf", d.join("失效链接.pdf")).expect("dangling link");
        let fifo = std::process::Command::new("mkfifo").arg(d.join("管道.pdf")).status();
        assert!(fifo.is_ok_and(|s| s.success()), "mkfifo");
        // A file that cannot be read even by root: /proc/self/mem of the reading process gives EIO at 0.
        symlink("/proc/self/mem", d.join("不可读.pdf")).expect("symlink");
    });
    let found = diagnostics(dir.path());
    let named = |file: &str| found.iter().filter(|(_, f, _)| f == file).map(|(c, _, _)| c.as_str()).collect::<Vec<_>>();
    assert_eq!(named("失效链接.pdf"), ["SB214"], "{found:?}");
    assert_eq!(named("管道.pdf"), ["SB214"], "{found:?}");
    // A link out of the dossier is not followed (tests/hostile_files.rs has more on it).
    assert_eq!(named("不可读.pdf"), ["SB214"], "{found:?}");
    assert_eq!(named("回环"), ["SB214"], "a linked folder is named, not entered: {found:?}");
}

#[cfg(unix)]
#[test]
fn file_names_in_gbk_are_shown_in_chinese() {
    use std::os::unix::ffi::OsStrExt;
    // “证明材料.pdf” in GBK, as a Windows zip unpacked on Linux leaves it.
    let gbk = b"\xd6\xa4\xc3\xf7\xb2\xc4\xc1\xcf.pdf";
    let dir = sample(|d| {
        std::fs::write(d.join(std::ffi::OsStr::from_bytes(gbk)), b"%PDF-1.4\n%%EOF\n").expect("write");
    });
    let found = diagnostics(dir.path());
    let named: Vec<_> = found.iter().filter(|(_, f, _)| f == "证明材料.pdf").collect();
    assert!(named.iter().any(|(c, _, m)| c == "SB215" && m.contains("GBK")), "{found:?}");
    // Read by its GBK name, it is checked like any file: here a proof the notice does not ask for.
    assert!(named.iter().any(|(c, _, _)| c == "SB208"), "{found:?}");
}

// ------------------------------------------------------------------ sources are never written

fn hashes(root: &Path) -> Vec<(PathBuf, u64, Vec<u8>)> {
    use sha2::Digest;
    let mut out: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read");
            let modified = e.metadata().expect("meta").modified().expect("mtime");
            let secs = modified.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            (e.path().to_owned(), secs, sha2::Sha256::digest(&bytes).to_vec())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_full_check_and_pack_never_write_the_sources() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let before = hashes(&fixtures);
    assert!(before.len() > 100, "the fixtures are there");
    let out_dir = tempfile::tempdir().expect("tempdir");
    for notice in ["ln-2024-cases", "cq-2024-cases-2", "qh-2025-scenes", "ln-2024-contest", "national-2024-contest"] {
        let root = fixtures.join(notice);
        let status = shenbao().arg("check").arg(&root).args(["--format", "json"]).output().expect("runs").status;
        assert!(matches!(status.code(), Some(0 | 1)), "{notice}");
        let summary = out_dir.path().join(format!("{notice}.xlsx"));
        shenbao().arg("summary").arg(&root).arg("-o").arg(&summary).output().expect("runs");
        let report = out_dir.path().join(format!("{notice}.sarif"));
        shenbao().arg("check").arg(&root).args(["--format", "sarif", "-o"]).arg(&report).output().expect("runs");
        let bundle = out_dir.path().join(format!("{notice}.zip"));
        shenbao().args(["pack"]).arg(root.join("pass")).arg("-o").arg(&bundle).output().expect("runs");
    }
    for batch in ["batch/ln-2024-cases", "batch/national-2024-contest"] {
        shenbao().arg("check").arg(fixtures.join(batch)).output().expect("runs");
    }
    assert_eq!(hashes(&fixtures), before, "every fixture byte and mtime unchanged");
}
