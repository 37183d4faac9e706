//! Hostile inputs: each gets a clear diagnostic, in bounded time and memory, and nothing is written
//! to the dossier. Zip bombs, entity expansion, `../` entry names, an OLE container named .docx, Word
//! lock files, empty files, a truncated MP4, a PDF whose page tree loops, a symlink loop, a FIFO, an
//! unreadable file and file names that are not UTF-8.

#[path = "support/hostile.rs"]
mod hostile_support;
mod support;
use hostile_support::{
    assert_bounded, deflated_zeros, package, sample, stored, watched, write, zip, zip_stored, Entry, CONTENT_TYPES,
    GIB_MATCHES, RELS,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{shenbao, shenbao_in};

#[path = "support/pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;

// ------------------------------------------------------------------ Word files written by hand

/// A .docx whose document.xml inflates to 1 GiB, declaring `declared` bytes.
fn zip_bomb(declared: u32) -> Vec<u8> {
    let data = deflated_zeros(GIB_MATCHES);
    zip(&[
        stored("_rels/.rels", RELS.as_bytes()),
        Entry { method: 8, data, crc: 0, declared, ..stored("word/document.xml", b"") },
    ])
}

fn docx_with_document(xml: &str) -> Vec<u8> {
    zip_stored(&package(xml))
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
