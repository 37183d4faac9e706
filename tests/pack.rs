//! `pack` and `verify` as a user meets them: the real binary over copies of the fixture dossiers.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
#[path = "support/hostile.rs"]
mod hostile_support;
mod support;
use hostile_support::{fixture, grow_video, names_in};
use support::shenbao;

const TODAY: &str = "2024-08-10";
const PASS: &str = "fixtures/cq-2024-cases-2/pass";
const BUNDLE: &str = "工业制造领域——基于可信数据空间的供应链协同管理-重庆某某科技有限公司.zip";
const VIDEO: &str = "多媒体材料/视频/工业制造领域——基于可信数据空间的供应链协同管理-视频.mp4";

fn pack(dir: &Path, extra: &[&str]) -> std::process::Output {
    shenbao().arg("pack").arg(dir).args(["--today", TODAY]).args(extra).output().expect("runs")
}

fn verify(bundles: &[&Path]) -> (i32, String) {
    let out = shenbao().arg("verify").args(bundles).output().expect("runs");
    (out.status.code().expect("code"), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Every file under a folder with its SHA-256 and mtime.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (String, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_dir() {
                stack.push(entry.path());
            } else {
                let bytes = std::fs::read(entry.path()).expect("read");
                let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
                let mtime = entry.metadata().expect("meta").modified().expect("mtime");
                out.insert(entry.path(), (sha, mtime));
            }
        }
    }
    out
}

/// Rewrites a bundle through the zip crate: every entry but `drop`, plus `add` when given.
fn rewrite(from: &Path, to: &Path, drop: Option<&str>, add: Option<(&str, &[u8])>) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).expect("open")).expect("zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(to).expect("create"));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).expect("entry");
        if Some(file.name().expect("name").as_ref()) == drop {
            continue;
        }
        writer.raw_copy_file(file).expect("copy");
    }
    if let Some((name, bytes)) = add {
        writer.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
        writer.write_all(bytes).expect("write");
    }
    writer.finish().expect("finish");
}

#[test]
fn packing_twice_gives_identical_bytes_and_verifies() {
    let (tmp, dir) = fixture(PASS);
    let a = tmp.path().join("a.zip");
    let b = tmp.path().join("b.zip");
    for target in [&a, &b] {
        let out = pack(&dir, &["-o", target.to_str().expect("utf-8")]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (a_bytes, b_bytes) = (std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    assert_eq!(a_bytes, b_bytes, "same input, same bytes");

    // SOURCE_DATE_EPOCH sets every timestamp; still reproducible.
    let c = tmp.path().join("c.zip");
    let d = tmp.path().join("d.zip");
    for target in [&c, &d] {
        let out = shenbao()
            .env("SOURCE_DATE_EPOCH", "1723248000")
            .arg("pack")
            .arg(&dir)
            .args(["-o", target.to_str().expect("utf-8")])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(std::fs::read(&c).expect("c"), std::fs::read(&d).expect("d"));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&c).expect("open")).expect("zip");
    let first = archive.by_index(0).expect("entry");
    let t = first.last_modified().expect("time");
    assert_eq!((t.year(), t.month(), t.day()), (2024, 8, 10));

    let (code, stdout) = verify(&[&a]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("完好"), "{stdout}");
}

#[test]
fn default_name_layout_and_stored_media() {
    let (tmp, dir) = fixture(PASS);
    let out = pack(&dir, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bundle = tmp.path().join(BUNDLE);
    assert!(bundle.is_file(), "default name beside the folder");
    let names = names_in(&bundle);
    assert!(names.contains(&VIDEO.to_owned()), "{names:?}");
    assert!(names.contains(
        &"用印PDF/工业制造领域——基于可信数据空间的供应链协同管理-重庆某某科技有限公司-申报书.pdf".to_owned()
    ));
    assert!(names.contains(&"证照/重庆某某科技有限公司-证照复印件.jpg".to_owned()), "extension from the source");
    assert!(names.contains(&"多媒体材料/图片/1-数据要素流向图.jpg".to_owned()), "pictures keep their names");
    assert_eq!(&names[names.len() - 3..], ["report.json", "清单.txt", "manifest-sha256.txt"]);
    let mut sorted = names[..names.len() - 3].to_vec();
    sorted.sort();
    assert_eq!(sorted, names[..names.len() - 3]);

    let mut archive = zip::ZipArchive::new(std::fs::File::open(&bundle).expect("open")).expect("zip");
    assert_eq!(archive.by_name(VIDEO).expect("video").compression(), zip::CompressionMethod::Stored);
    let pdf = archive
        .by_name("用印PDF/工业制造领域——基于可信数据空间的供应链协同管理-重庆某某科技有限公司-申报书.pdf")
        .expect("pdf")
        .compression();
    assert_eq!(pdf, zip::CompressionMethod::Deflated);
    let mut report = String::new();
    archive.by_name("report.json").expect("report").read_to_string(&mut report).expect("utf-8");
    let report: serde_json::Value = serde_json::from_str(&report).expect("json");
    assert_eq!(report["notice"]["id"], "cq-2024-cases-2");
    assert_eq!(report["notice"]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(report["forced"], false);
    assert_eq!(report["check"]["passed"], true);
    assert_eq!(report["check"]["path"], "dossier", "no absolute path");
    let mut list = String::new();
    archive.by_name("清单.txt").expect("清单").read_to_string(&mut list).expect("utf-8");
    assert!(list.contains("一式两份") && list.contains("须加盖公章"), "{list}");
}

#[test]
fn chinese_names_round_trip_through_python_and_unzip() {
    let (tmp, dir) = fixture(PASS);
    assert!(pack(&dir, &[]).status.success());
    let bundle = tmp.path().join(BUNDLE);
    let mut expected = names_in(&bundle);
    expected.sort();
    let python = std::process::Command::new("python3")
        .args(["-c", "import sys, zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist():\n    assert i.flag_bits & 0x800 or i.filename.isascii(), i.filename\n    print(i.filename)"])
        .arg(&bundle)
        .output();
    match python {
        Ok(out) if out.status.success() => {
            let mut got: Vec<String> =
                String::from_utf8(out.stdout).expect("utf-8").lines().map(str::to_owned).collect();
            got.sort();
            assert_eq!(got, expected);
        }
        Ok(out) => panic!("python zipfile: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => eprintln!("python3 not installed; skipped"),
    }
    if let Ok(out) = std::process::Command::new("unzip").arg("-l").arg(&bundle).env("LC_ALL", "C.UTF-8").output() {
        let listing = String::from_utf8_lossy(&out.stdout);
        for name in &expected {
            assert!(listing.contains(name.as_str()), "unzip -l shows {name}:\n{listing}");
        }
    }
}

#[test]
fn a_flipped_byte_fails_verify_naming_the_entry() {
    let (tmp, dir) = fixture(PASS);
    let bundle = tmp.path().join("b.zip");
    assert!(pack(&dir, &["-o", bundle.to_str().expect("utf-8")]).status.success());
    let start = {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&bundle).expect("open")).expect("zip");
        let entry = archive.by_name(VIDEO).expect("video");
        entry.data_start().expect("data start") + 1000
    };
    let mut bytes = std::fs::read(&bundle).expect("read");
    bytes[usize::try_from(start).expect("offset")] ^= 0x01;
    std::fs::write(&bundle, bytes).expect("write");
    let (code, stdout) = verify(&[&bundle]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("SB611") && stdout.contains(VIDEO), "{stdout}");
}

#[test]
fn a_removed_or_added_entry_fails_verify() {
    let (tmp, dir) = fixture(PASS);
    let bundle = tmp.path().join("b.zip");
    assert!(pack(&dir, &["-o", bundle.to_str().expect("utf-8")]).status.success());

    let removed = tmp.path().join("removed.zip");
    rewrite(&bundle, &removed, Some(VIDEO), None);
    let (code, stdout) = verify(&[&removed]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("SB612") && stdout.contains(VIDEO), "{stdout}");

    let added = tmp.path().join("added.zip");
    rewrite(&bundle, &added, None, Some(("多媒体材料/图片/5-额外.jpg", b"not in the manifest")));
    let (code, stdout) = verify(&[&added]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("SB613") && stdout.contains("5-额外.jpg"), "{stdout}");

    // A faithful copy through another writer is still intact.
    let copied = tmp.path().join("copied.zip");
    rewrite(&bundle, &copied, None, None);
    assert_eq!(verify(&[&copied]).0, 0);
}

#[test]
fn a_dossier_with_errors_is_refused_unless_forced() {
    let (tmp, dir) = fixture("fixtures/cq-2024-cases-2/missing-pdf");
    let before = snapshot(tmp.path());
    let out = pack(&dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SB601"));
    assert_eq!(snapshot(tmp.path()), before, "nothing written anywhere");

    let bundle = tmp.path().join("forced.zip");
    let out = pack(&dir, &["--force", "-o", bundle.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&bundle).expect("open")).expect("zip");
    let mut report = String::new();
    archive.by_name("report.json").expect("report").read_to_string(&mut report).expect("utf-8");
    let report: serde_json::Value = serde_json::from_str(&report).expect("json");
    assert_eq!(report["forced"], true);
    assert_eq!(report["check"]["passed"], false);
}

#[test]
fn sources_are_untouched() {
    let (tmp, dir) = fixture(PASS);
    let before = snapshot(&dir);
    assert!(pack(&dir, &[]).status.success());
    assert!(pack(&dir, &["--split", "200K"]).status.success());
    assert_eq!(snapshot(&dir), before, "same files, same bytes, same mtimes");
    let inside = dir.join("x.zip");
    let out = pack(&dir, &["-o", inside.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2), "no bundle inside the dossier folder");
    assert_eq!(snapshot(&dir), before);
    drop(tmp);
}

#[test]
fn split_volumes_stay_under_the_size_and_verify_together() {
    let (tmp, dir) = fixture(PASS);
    let out = pack(&dir, &["--split", "200K"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stem = BUNDLE.trim_end_matches(".zip");
    let mut volumes = Vec::new();
    for n in 1.. {
        let p = tmp.path().join(format!("{stem}.part{n}.zip"));
        if !p.exists() {
            break;
        }
        volumes.push(p);
    }
    assert!(volumes.len() >= 2, "{volumes:?}");
    let mut manifests = Vec::new();
    for v in &volumes {
        assert!(std::fs::metadata(v).expect("meta").len() <= 200 * 1024, "{}", v.display());
        let mut archive = zip::ZipArchive::new(std::fs::File::open(v).expect("open")).expect("zip");
        let mut m = String::new();
        archive.by_name("manifest-sha256.txt").expect("manifest").read_to_string(&mut m).expect("utf-8");
        manifests.push(m);
    }
    assert!(manifests.windows(2).all(|w| w[0] == w[1]), "every volume carries the whole manifest");
    let refs: Vec<&Path> = volumes.iter().map(PathBuf::as_path).collect();
    let (code, stdout) = verify(&refs);
    assert_eq!(code, 0, "{stdout}");
    // The entries counted are more than the files packed: the list and the report are in the manifest too.
    assert!(stdout.contains("个条目（材料文件及 清单.txt、report.json）") && stdout.contains("解压后共"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("压缩包共"), "{}", String::from_utf8_lossy(&out.stdout));
    // One volume named alone: the others beside it are verified with it.
    let out = shenbao().arg("verify").arg(refs[1]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("连同其他分卷一起校验"));
    std::fs::remove_file(refs[refs.len() - 1]).expect("rm");
    let (code, stdout) = verify(&refs[..refs.len() - 1]);
    assert_eq!(code, 1, "a missing volume: {stdout}");
    assert!(stdout.contains("SB612"), "{stdout}");

    // A file larger than a volume cannot be split.
    let out = pack(&dir, &["--split", "100K"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SB602"));
}

#[test]
fn a_killed_pack_leaves_no_bundle() {
    let (tmp, dir) = fixture(PASS);
    // A large video: the fixture's MP4 followed by a 400 MB `free` box, still a valid MP4.
    grow_video(&dir);
    let target = tmp.path().join("big.zip");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("shenbao"))
        .arg("pack")
        .arg(&dir)
        .args(["--today", TODAY, "--force", "-o"])
        .arg(&target)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // Wait until the temporary bundle is well under way, then kill.
    let started = std::time::Instant::now();
    let mut killed_mid_write = false;
    while started.elapsed() < std::time::Duration::from_secs(60) {
        let temp_size: u64 = std::fs::read_dir(tmp.path())
            .expect("read_dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".shenbao-pack-"))
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum();
        if temp_size > 20 << 20 {
            child.kill().expect("kill");
            killed_mid_write = true;
            break;
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let _ = child.wait();
    assert!(killed_mid_write, "pack finished before it could be killed; make the video larger");
    assert!(!target.exists(), "no bundle at the target after a kill");
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "dossier")
        .collect();
    assert!(leftovers.iter().all(|n| n.starts_with(".shenbao-pack-") && n.ends_with(".tmp")), "{leftovers:?}");
}
