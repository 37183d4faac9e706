//! `verify` over hostile and broken bundles: bundles written by `shenbao pack` from a fixture and then
//! altered, and zips written by hand. Each says what the user sees — the exit code, the message in
//! Chinese, bounded time and memory — and that an intact result means what `verify --help` says.

#[path = "support/hostile.rs"]
mod hostile_support;
mod support;

#[cfg(unix)]
use hostile_support::mkfifo;
use hostile_support::{
    assert_bounded, deflated_zeros, fixture, sha256, stored, watched, write, zip, Entry, Run, GIB_MATCHES,
};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use support::shenbao;

const TODAY: &str = "2024-08-10";
const PASS: &str = "fixtures/cq-2024-cases-2/pass";
const MANIFEST: &str = "manifest-sha256.txt";

/// No English from the zip crate or the standard library in a Chinese message.
fn assert_chinese(run: &Run) {
    let said = run.said();
    for english in ["Invalid", "EOCD", "checksum", "Could not", "invalid", "error"] {
        assert!(!said.contains(english), "English “{english}” in:\n{said}");
    }
}

// ------------------------------------------------------------------ bundles from pack

/// A bundle packed from the sample dossier: (tempdir, bundle path).
fn packed() -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = fixture(PASS);
    let bundle = tmp.path().join("b.zip");
    let out = shenbao().arg("pack").arg(&dir).args(["--today", TODAY, "-o"]).arg(&bundle).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (tmp, bundle)
}

/// Every entry of a bundle: (name, data), in order.
fn entries_of(bundle: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(bundle).expect("open")).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            (f.name().expect("name").into_owned(), data)
        })
        .collect()
}

fn data_start(bundle: &Path, name: &str) -> usize {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(bundle).expect("open")).expect("zip");
    let entry = archive.by_name(name).expect("entry");
    usize::try_from(entry.data_start().expect("data start")).expect("small")
}

fn fingerprint_of(run: &Run) -> String {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    json["fingerprint"].as_str().expect("fingerprint").to_owned()
}

/// A small bundle by hand: `a.pdf` and its manifest line, plus `more` entries.
fn hand_bundle(more: Vec<Entry>, manifest_extra: &str) -> Vec<u8> {
    let pdf = b"%PDF-1.4 a small stand-in".as_slice();
    let manifest = format!("{}  a.pdf\n{manifest_extra}", sha256(pdf));
    let mut entries = vec![stored("a.pdf", pdf)];
    entries.extend(more);
    entries.push(stored(MANIFEST, manifest.as_bytes()));
    zip(&entries)
}

// ------------------------------------------------------------------ item 7: caps on what is read whole

#[test]
fn a_manifest_that_inflates_to_a_gibibyte_is_damaged_not_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bomb = deflated_zeros(GIB_MATCHES);
    let size = u32::try_from(1 + 258 * GIB_MATCHES).expect("under 4 GiB");
    // The true size, and a lie (a small declared size the data outgrows).
    for (declared, name) in [(size, "declared.zip"), (1000, "lying.zip")] {
        let manifest = Entry {
            name: MANIFEST.as_bytes().to_vec(),
            local_name: None,
            flags: 0x0800,
            method: 8,
            data: bomb.clone(),
            crc: 0,
            declared,
        };
        write(dir.path(), name, &zip(&[stored("a.pdf", b"x"), manifest]));
        let run = watched(dir.path(), &["verify", name]);
        assert_bounded(name, &run, 5.0, 100.0);
        assert_eq!(run.code, Some(1), "{name}: {}", run.said());
        assert!(
            run.stdout.contains("SB611") && run.stdout.contains("manifest-sha256.txt 在压缩包中，但已损坏"),
            "{}",
            run.stdout
        );
        assert!(!run.stdout.contains("✔ 完好") && run.stdout.contains("✘ 不完好"), "{}", run.stdout);
        assert_chinese(&run);
    }
    let run = watched(dir.path(), &["verify", "declared.zip"]);
    assert!(run.stdout.contains("超过 4 MiB"), "{}", run.stdout);
}

#[test]
fn a_report_or_a_payload_that_inflates_to_a_gibibyte_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bomb = deflated_zeros(GIB_MATCHES);
    let size = u32::try_from(1 + 258 * GIB_MATCHES).expect("under 4 GiB");
    let zeros_sha = {
        // SHA-256 of the inflated zeros, so the manifest itself is right about them.
        let mut h = Sha256::new();
        let chunk = vec![0u8; 1 << 20];
        let mut left = 1 + 258 * GIB_MATCHES;
        while left > 0 {
            let n = left.min(chunk.len());
            h.update(&chunk[..n]);
            left -= n;
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    for (inner, name) in [("report.json", "report.zip"), ("申报书.docx", "payload.zip")] {
        let entry = Entry {
            name: inner.as_bytes().to_vec(),
            local_name: None,
            flags: 0x0800,
            method: 8,
            data: bomb.clone(),
            crc: 0,
            declared: size,
        };
        write(dir.path(), name, &hand_bundle(vec![entry], &format!("{zeros_sha}  {inner}\n")));
        let run = watched(dir.path(), &["verify", name]);
        assert_bounded(name, &run, 5.0, 100.0);
        assert_eq!(run.code, Some(1), "{name}: {}", run.said());
        assert!(run.stdout.contains("SB611") && run.stdout.contains(inner), "{}", run.stdout);
        let said = if inner == "report.json" {
            "report.json 已损坏：解压后超过 16 MiB"
        } else {
            "疑似 zip 炸弹，未校验"
        };
        assert!(run.stdout.contains(said), "{}", run.stdout);
        assert_chinese(&run);
    }
}

// ------------------------------------------------------------------ damaged bundles, said in Chinese

#[test]
fn a_flipped_byte_in_the_manifest_says_it_is_damaged_not_missing() {
    let (tmp, bundle) = packed();
    let at = data_start(&bundle, MANIFEST) + 10;
    let mut bytes = std::fs::read(&bundle).expect("read");
    bytes[at] ^= 0x01;
    std::fs::write(&bundle, bytes).expect("write");
    let run = watched(tmp.path(), &["verify", "b.zip"]);
    assert_bounded("flipped manifest", &run, 5.0, 100.0);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("manifest-sha256.txt 在压缩包中，但已损坏"), "{}", run.stdout);
    assert!(!run.stdout.contains("没有 manifest-sha256.txt"), "{}", run.stdout);
    assert_chinese(&run);
}

#[test]
fn a_flipped_payload_byte_a_cut_bundle_and_a_non_zip_are_said_in_chinese() {
    let (tmp, bundle) = packed();
    let video = "多媒体材料/视频/工业制造领域——基于可信数据空间的供应链协同管理-视频.mp4";
    let bytes = std::fs::read(&bundle).expect("read");

    // A flipped byte inside the stored video: the CRC check fails before the hash is compared.
    let mut flipped = bytes.clone();
    flipped[data_start(&bundle, video) + 1000] ^= 0x01;
    write(tmp.path(), "flipped.zip", &flipped);
    let run = watched(tmp.path(), &["verify", "flipped.zip"]);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains(&format!("“{video}”已损坏：CRC 校验不符")), "{}", run.stdout);
    assert_chinese(&run);

    // Cut short (a download that stopped), and not a zip at all.
    write(tmp.path(), "cut.zip", &bytes[..bytes.len() - 100]);
    write(tmp.path(), "text.zip", "这不是压缩包".repeat(100).as_bytes());
    for name in ["cut.zip", "text.zip"] {
        let run = watched(tmp.path(), &["verify", name]);
        assert_bounded(name, &run, 5.0, 100.0);
        assert_eq!(run.code, Some(1), "{name}: {}", run.said());
        assert!(run.stdout.contains("不是 zip 文件，或文件末尾已被截断"), "{name}: {}", run.stdout);
        assert_chinese(&run);
    }
    // In English when asked.
    let run = watched(tmp.path(), &["--lang", "en", "verify", "cut.zip"]);
    assert!(run.stdout.contains("not a zip file, or its end was cut off"), "{}", run.stdout);
}

// ------------------------------------------------------------------ item 14: what intact proves

#[test]
fn a_second_copy_of_a_name_is_seen() {
    // The zip crate keeps only the last copy; the manifest matches that one.
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, last) = (b"%PDF-1.4 what the reviewer opens".as_slice(), b"%PDF-1.4 what was checked".as_slice());
    let manifest = format!("{}  a.pdf\n", sha256(last));
    let bytes = zip(&[stored("a.pdf", first), stored("a.pdf", last), stored(MANIFEST, manifest.as_bytes())]);
    write(dir.path(), "twice.zip", &bytes);
    let run = watched(dir.path(), &["verify", "twice.zip"]);
    assert_bounded("duplicate names", &run, 5.0, 100.0);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("SB613") && run.stdout.contains("“a.pdf”在压缩包中出现了 2 次"), "{}", run.stdout);
}

#[test]
fn names_that_differ_only_in_case_are_seen() {
    // Both listed in the manifest, both right: unpacked on Windows, one file overwrites the other.
    let dir = tempfile::tempdir().expect("tempdir");
    let other = b"%PDF-1.4 another".as_slice();
    let bytes = hand_bundle(vec![stored("A.pdf", other)], &format!("{}  A.pdf\n", sha256(other)));
    write(dir.path(), "case.zip", &bytes);
    let run = watched(dir.path(), &["verify", "case.zip"]);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("“A.pdf”与“a.pdf”只差大小写"), "{}", run.stdout);
}

#[test]
fn a_local_name_unlike_the_central_one_is_seen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = b"%PDF-1.4 a small stand-in".as_slice();
    let mut entry = stored("a.pdf", pdf);
    entry.local_name = Some(b"a.exe".to_vec());
    let manifest = format!("{}  a.pdf\n", sha256(pdf));
    write(dir.path(), "local.zip", &zip(&[entry, stored(MANIFEST, manifest.as_bytes())]));
    let run = watched(dir.path(), &["verify", "local.zip"]);
    assert_bounded("local name", &run, 5.0, 100.0);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("本地文件头中的名称是“a.exe”，与中央目录不同"), "{}", run.stdout);
}

#[test]
fn absolute_and_climbing_names_and_data_in_folders_are_not_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let x = b"x".as_slice();
    for (name, listed) in [("../../evil.txt", true), ("/etc/cron.d/evil", true), ("docs/", false)] {
        let line = if listed { format!("{}  {name}\n", sha256(x)) } else { String::new() };
        let bytes = hand_bundle(vec![stored(name, &x.repeat(100))], &line);
        write(dir.path(), "b.zip", &bytes);
        let run = watched(dir.path(), &["verify", "b.zip"]);
        assert_eq!(run.code, Some(1), "{name}: {}", run.said());
        let said = if listed {
            format!("条目名“{name}”指向解压文件夹之外")
        } else {
            "文件夹条目“docs/”中藏有 100 字节数据".to_owned()
        };
        assert!(run.stdout.contains(&said), "{name}: {}", run.stdout);
        assert!(!dir.path().parent().expect("parent").join("evil.txt").exists());
    }
    // An empty folder entry, as Windows tools add, is fine.
    write(dir.path(), "dirs.zip", &hand_bundle(vec![stored("docs/", b"")], ""));
    let run = watched(dir.path(), &["verify", "dirs.zip"]);
    assert_eq!(run.code, Some(0), "{}", run.said());
}

#[test]
fn control_characters_in_names_are_escaped_in_the_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "b.zip", &hand_bundle(vec![stored("a\u{1b}[2Jb.pdf", b"x")], ""));
    let run = watched(dir.path(), &["verify", "b.zip"]);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("“a\\x1B[2Jb.pdf”不在 manifest-sha256.txt 中"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}

#[test]
fn the_fingerprint_is_printed_and_a_rewritten_manifest_changes_it() {
    let (tmp, bundle) = packed();
    let entries = entries_of(&bundle);
    let manifest = &entries.iter().find(|(n, _)| n == MANIFEST).expect("manifest").1;
    let run = watched(tmp.path(), &["verify", "b.zip", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.said());
    let original = fingerprint_of(&run);
    assert_eq!(original, sha256(manifest));
    let run = watched(tmp.path(), &["verify", "b.zip"]);
    assert!(run.stdout.contains(&format!("指纹（manifest-sha256.txt 的 SHA-256）：{original}")), "{}", run.stdout);
    assert!(run.stdout.contains("清单未签名"), "{}", run.stdout);

    // Tamper with the 申报书 and rewrite the manifest to match: it verifies — the manifest is not
    // signed — but its fingerprint is no longer the one on the paper copy.
    let mut rebuilt = Vec::new();
    let mut text = String::from_utf8(manifest.clone()).expect("utf-8");
    for (name, data) in &entries {
        if name == MANIFEST {
            continue;
        }
        let data = if name.ends_with(".docx") {
            let mut d = data.clone();
            d.extend_from_slice(b"tampered");
            text = text.replace(&sha256(data), &sha256(&d));
            d
        } else {
            data.clone()
        };
        rebuilt.push(stored(name, &data));
    }
    rebuilt.push(stored(MANIFEST, text.as_bytes()));
    write(tmp.path(), "tampered.zip", &zip(&rebuilt));
    let run = watched(tmp.path(), &["verify", "tampered.zip", "--format", "json"]);
    assert_eq!(run.code, Some(0), "a rewritten manifest verifies: {}", run.said());
    assert_ne!(fingerprint_of(&run), original);

    // What --help says, in both languages.
    let help = watched(tmp.path(), &["verify", "--help"]).stdout;
    assert!(help.contains("清单没有签名") && help.contains("盖章纸质件上打印的指纹"), "{help}");
    let help = watched(tmp.path(), &["--lang", "en", "verify", "--help"]).stdout;
    assert!(help.contains("the manifest is not signed") && help.contains("stamped paper copy"), "{help}");
}

#[test]
fn a_bundle_re_zipped_with_gbk_names_verifies_and_names_read_in_chinese() {
    // As a Windows zip tool writes it: GBK names, no UTF-8 flag, a folder entry for every folder.
    let (tmp, bundle) = packed();
    let entries = entries_of(&bundle);
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let mut folders = std::collections::BTreeSet::new();
    let mut rezipped = Vec::new();
    for (name, data) in &entries {
        if let Some((folder, _)) = name.rsplit_once('/') {
            if folders.insert(folder.to_owned()) {
                rezipped.push(Entry { name: gbk(&format!("{folder}/")), flags: 0, ..stored("", b"") });
            }
        }
        rezipped.push(Entry { name: gbk(name), flags: 0, ..stored(name, data) });
    }
    let before = rezipped.len();
    // One more file, named in GBK: the message names it in Chinese.
    rezipped.push(Entry { name: gbk("多媒体材料/图片/补充.jpg"), flags: 0, ..stored("", b"jpeg") });
    assert!(before > entries.len());
    write(tmp.path(), "gbk.zip", &zip(&rezipped[..before]));
    let run = watched(tmp.path(), &["verify", "gbk.zip"]);
    assert_eq!(run.code, Some(0), "{}", run.said());
    assert!(run.stdout.contains("✔ 完好"), "{}", run.stdout);

    write(tmp.path(), "gbk-extra.zip", &zip(&rezipped));
    let run = watched(tmp.path(), &["verify", "gbk-extra.zip"]);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("“多媒体材料/图片/补充.jpg”不在 manifest-sha256.txt 中"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{FFFD}'), "{}", run.stdout);
}

// ------------------------------------------------------------------ item 8: FIFOs and devices

#[cfg(unix)]
#[test]
fn a_fifo_a_device_or_a_folder_named_is_refused_without_waiting() {
    let dir = tempfile::tempdir().expect("tempdir");
    mkfifo(&dir.path().join("pipe.zip"));
    std::fs::create_dir(dir.path().join("folder.zip")).expect("mkdir");
    for (name, said) in [
        ("pipe.zip", "这是命名管道（FIFO），不是普通文件"),
        ("/dev/zero", "这是设备文件"),
        ("folder.zip", "这是文件夹"),
    ] {
        let run = watched(dir.path(), &["verify", name]);
        assert_bounded(name, &run, 5.0, 100.0);
        assert_eq!(run.code, Some(2), "{name}: {}", run.said());
        assert!(run.stderr.contains(said), "{name}: {}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_beside_split_volumes_is_not_opened() {
    let (tmp, dir) = fixture(PASS);
    let out = shenbao()
        .arg("pack")
        .arg(&dir)
        .args(["--today", TODAY, "--split", "200K", "-o"])
        .arg(tmp.path().join("b.zip"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(tmp.path().join("b.part2.zip").exists());
    mkfifo(&tmp.path().join("b.part9.zip"));
    let run = watched(tmp.path(), &["verify", "b.part1.zip"]);
    assert_bounded("FIFO sibling", &run, 5.0, 100.0);
    assert_eq!(run.code, Some(0), "{}", run.said());
    assert!(run.stderr.contains("连同其他分卷一起校验") && !run.stderr.contains("part9"), "{}", run.stderr);
}

// ------------------------------------------------------------------ central directory

#[test]
fn a_central_directory_of_fifty_mib_is_refused_before_it_is_read() {
    // A million empty entries, 90 MB: verify reads the end records (98 bytes) and stops.
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "crowded.zip", &hostile_support::crowded_zip(&[], 1_000_000));
    let run = watched(tmp.path(), &["verify", "crowded.zip"]);
    assert_bounded("crowded.zip", &run, 5.0, 40.0);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("SB611"), "{}", run.stdout);
    assert!(run.stdout.contains("中央目录有 50 MiB，超过 verify 读取的上限 16 MiB"), "{}", run.stdout);
    assert_chinese(&run);
}

#[test]
fn more_entries_than_a_manifest_can_list_are_refused_before_the_directory_is_read() {
    // 100 000 entries in 5 MiB of directory: within the directory cap, but a 4 MiB manifest lists at
    // most 62 601 files, so such a volume can never be intact. Listed, it took 0.95 s and 122 MB.
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "full.zip", &hostile_support::crowded_zip(&[], 100_000));
    let run = watched(tmp.path(), &["verify", "full.zip"]);
    assert_bounded("full.zip", &run, 5.0, 40.0);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("SB611"), "{}", run.stdout);
    assert!(run.stdout.contains("写有 100000 个条目，超过 manifest 最多能列出的 62603 个"), "{}", run.stdout);
    assert_chinese(&run);
    let run = watched(tmp.path(), &["--lang", "en", "verify", "full.zip"]);
    assert!(run.stdout.contains("counts 100000 entries, more than the 62603 a manifest can list"), "{}", run.stdout);
}

#[test]
fn entries_up_to_the_cap_are_read_in_bounded_memory() {
    // 62 603 entries: listed and checked, and not intact (there is no manifest).
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "full.zip", &hostile_support::crowded_zip(&[], 62_603));
    let run = watched(tmp.path(), &["verify", "full.zip"]);
    assert_bounded("full.zip", &run, 10.0, 100.0);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("SB612") && !run.stdout.contains("条目，超过"), "{}", run.stdout);
}
