//! Hostile files and folders handed to shenbao as they are found on disk: sparse 5 GB documents, FIFOs and
//! devices named on the command line, links that leave the dossier, folders nested too deep, a file of
//! zeros, a progressive CMYK JPEG. Each gets a clear message, in bounded time and memory, and what is not
//! read is never packed.

#[path = "support/hostile.rs"]
mod hostile_support;
mod support;
#[cfg(unix)]
use hostile_support::mkfifo;
use hostile_support::{assert_bounded, names_in, sample, watched_for, Run};
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

#[path = "support/pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;

const QUICK: Duration = Duration::from_secs(20);

/// The diagnostics of `check DIR --format json` as (code, severity, file, message), with the run.
fn check_json(dir: &Path, lang: &str) -> (Run, Vec<(String, String, String, String)>) {
    let path = dir.to_str().expect("utf-8 path");
    let run = watched_for(dir, &["check", path, "--today", "2024-08-10", "--format", "json", "--lang", lang], QUICK);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {} {}", run.stdout, run.stderr));
    let found = json["dossiers"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_owned();
            (s("code"), s("severity"), s("file"), s("message"))
        })
        .collect();
    (run, found)
}

/// The diagnostics naming `file`.
fn about<'a>(found: &'a [(String, String, String, String)], file: &str) -> Vec<&'a (String, String, String, String)> {
    found.iter().filter(|d| d.2 == file).collect()
}

/// A file of `len` bytes that takes no disk: `head`, then a hole.
fn sparse(path: &Path, head: &[u8], len: u64) {
    let mut f = std::fs::File::create(path).expect("create");
    f.write_all(head).expect("write");
    f.set_len(len).expect("set_len");
}

const FIVE_GB: u64 = 5 << 30;

fn fixture_file(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/pass").join(name))
        .expect("fixture")
}

// ------------------------------------------------------------------ sparse 5 GB documents

#[test]
fn a_sparse_5gb_docx_named_to_count_is_refused_by_its_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    sparse(&dir.path().join("申报书.docx"), &fixture_file("申报书.docx"), FIVE_GB);
    let run = watched_for(dir.path(), &["count", "申报书.docx"], QUICK);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("申报书.docx") && run.stderr.contains("5.0 GB"), "{}", run.stderr);
    assert!(run.stderr.contains("读取上限 100 MB"), "{}", run.stderr);
    assert_bounded("count 5 GB .docx", &run, 5.0, 100.0);

    let run = watched_for(dir.path(), &["count", "申报书.docx", "--lang", "en"], QUICK);
    assert!(run.stderr.contains("5.0 GB is over shenbao's limit of 100 MB"), "{}", run.stderr);
}

#[test]
fn sparse_5gb_docx_and_pdf_in_a_dossier_count_as_present_and_are_not_analysed() {
    let dir = sample(|d| {
        sparse(&d.join("申报书.docx"), &fixture_file("申报书.docx"), FIVE_GB);
        sparse(&d.join("申报书（用印）.pdf"), &fixture_file("申报书（用印）.pdf"), FIVE_GB);
    });
    let (run, found) = check_json(dir.path(), "zh");
    assert_bounded("check with 5 GB .docx and PDF", &run, 5.0, 100.0);
    for file in ["申报书.docx", "申报书（用印）.pdf"] {
        let named = about(&found, file);
        assert!(
            named.iter().any(|d| d.0 == "SB214" && d.1 == "info" && d.3.contains("5.0 GB") && d.3.contains("100 MB")),
            "{file}: {found:?}"
        );
        assert!(!named.iter().any(|d| d.1 == "error"), "{file} is not called broken: {found:?}");
    }
    // Both are found: nothing is missing, and the run is not refused for them.
    assert!(!found.iter().any(|d| d.0 == "SB201"), "{found:?}");
    assert_eq!(run.code, Some(0), "{found:?}");

    let (_, found) = check_json(dir.path(), "en");
    assert!(
        found.iter().any(|d| d.0 == "SB214" && d.3.contains("over shenbao's reading limit of 100 MB")),
        "{found:?}"
    );
}

// ------------------------------------------------------------------ FIFOs and devices named directly

#[cfg(unix)]
#[test]
fn fifos_named_to_count_and_notices_are_refused_without_hanging() {
    let dir = tempfile::tempdir().expect("tempdir");
    mkfifo(&dir.path().join("申报书.docx"));
    mkfifo(&dir.path().join("rules.toml"));
    let cases: [&[&str]; 5] = [
        &["count", "申报书.docx"],
        &["notices", "lint", "rules.toml"],
        &["notices", "show", "rules.toml"],
        &["notices", "show", "rules.toml", "--format", "toml"],
        &["check", ".", "--notice", "rules.toml"],
    ];
    for args in cases {
        let run = watched_for(dir.path(), args, QUICK);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("不是普通文件，而是管道（FIFO）"), "{args:?}: {}", run.stderr);
        assert_bounded(&format!("{args:?}"), &run, 5.0, 100.0);
    }
    let run = watched_for(dir.path(), &["count", "申报书.docx", "--lang", "en"], QUICK);
    assert!(run.stderr.contains("not a regular file (a FIFO)"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn dev_zero_named_to_count_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = watched_for(dir.path(), &["count", "/dev/zero"], QUICK);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("/dev/zero: 不是普通文件，而是设备文件"), "{}", run.stderr);
    assert_bounded("count /dev/zero", &run, 5.0, 100.0);
}

#[cfg(unix)]
#[test]
fn init_refuses_a_fifo_dossier_toml_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dossier = dir.path().join("案例");
    std::fs::create_dir(&dossier).expect("mkdir");
    mkfifo(&dossier.join("dossier.toml"));
    let run = watched_for(dir.path(), &["init", "案例", "--notice", "cq-2024-cases-2"], QUICK);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("dossier.toml") && run.stderr.contains("管道（FIFO）"), "{}", run.stderr);
    assert!(run.stderr.contains("未生成任何文件"), "{}", run.stderr);
    let left: Vec<_> =
        std::fs::read_dir(&dossier).expect("list").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(left, ["dossier.toml"], "nothing written beside the FIFO");
    assert_bounded("init with a FIFO dossier.toml", &run, 5.0, 100.0);

    // A FIFO where the 申报书 template goes is refused too, instead of waiting for a writer.
    let other = dir.path().join("案例二");
    std::fs::create_dir(&other).expect("mkdir");
    mkfifo(&other.join("申报书.docx"));
    let run = watched_for(dir.path(), &["init", "案例二", "--notice", "cq-2024-cases-2"], QUICK);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("申报书.docx") && run.stderr.contains("FIFO"), "{}", run.stderr);
}

#[test]
fn an_oversized_dossier_toml_is_named_and_not_read() {
    let dir = sample(|d| sparse(&d.join("dossier.toml"), b"notice = \"cq-2024-cases-2\"\n", FIVE_GB));
    let path = dir.path().to_str().expect("utf-8");
    let run = watched_for(dir.path(), &["check", path, "--today", "2024-08-10", "--format", "json"], QUICK);
    assert_bounded("check with a 5 GB dossier.toml", &run, 5.0, 100.0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let diagnostics = json["dossiers"][0]["diagnostics"].as_array().expect("diagnostics");
    assert!(
        diagnostics.iter().any(|d| d["code"] == "SB003" && d["message"].as_str().is_some_and(|m| m.contains("1 MB"))),
        "{diagnostics:?}"
    );
}

// ------------------------------------------------------------------ links that leave the dossier

#[cfg(unix)]
#[test]
fn links_leaving_the_dossier_are_neither_read_nor_packed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tempdir");
    let picture = outside.path().join("别处的图片.jpg");
    std::fs::write(&picture, fixture_file("多媒体材料/图片/1-数据要素流向图.jpg")).expect("write");
    let picture = std::fs::canonicalize(&picture).expect("real path");
    let dir = sample(|d| {
        std::fs::remove_file(d.join("营业执照复印件.jpg")).expect("rm");
        std::fs::create_dir(d.join("证照")).expect("mkdir");
        symlink("/etc/passwd", d.join("证照/营业执照复印件.pdf")).expect("symlink");
        symlink(&picture, d.join("多媒体材料/图片/5-数据要素流向图（补充）.jpg")).expect("symlink");
        // A link inside the folder to a file inside it is followed.
        symlink("../申报书（用印）.pdf", d.join("多媒体材料/用印副本.pdf")).expect("symlink");
    });
    let (run, found) = check_json(dir.path(), "zh");
    assert_bounded("check with outside links", &run, 5.0, 100.0);
    let licence = about(&found, "证照/营业执照复印件.pdf");
    assert_eq!(licence.len(), 1, "{found:?}");
    assert_eq!((licence[0].0.as_str(), licence[0].1.as_str()), ("SB214", "warning"));
    assert!(licence[0].3.contains("材料文件夹之外") && licence[0].3.contains("/etc/passwd"), "{licence:?}");
    let linked = about(&found, "多媒体材料/图片/5-数据要素流向图（补充）.jpg");
    assert_eq!(linked.len(), 1, "{found:?}");
    assert!(linked[0].0 == "SB214" && linked[0].3.contains(picture.to_str().expect("utf-8")), "{linked:?}");
    // The licence linked away is not taken for the licence.
    assert!(found.iter().any(|d| d.0 == "SB201" && d.3.contains("营业执照")), "{found:?}");
    // The link that stays inside is read like any file.
    assert!(about(&found, "多媒体材料/用印副本.pdf").iter().all(|d| d.0 != "SB214"), "{found:?}");
    assert_eq!(run.code, Some(1));

    let (_, found) = check_json(dir.path(), "en");
    assert!(
        found.iter().any(|d| d.0 == "SB214" && d.3.contains("is a link to “/etc/passwd”, outside the dossier folder")),
        "{found:?}"
    );

    // pack (forced past the missing licence): neither link is in the bundle, under any name.
    let out = tempfile::tempdir().expect("tempdir");
    let bundle = out.path().join("b.zip");
    let bundle_arg = bundle.to_str().expect("utf-8");
    let dir_arg = dir.path().to_str().expect("utf-8");
    let run = watched_for(out.path(), &["pack", dir_arg, "--force", "-o", bundle_arg, "--today", "2024-08-10"], QUICK);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let names = names_in(&bundle);
    assert!(!names.iter().any(|n| n.contains("证照") || n.contains("补充")), "{names:?}");
    let pictures = names.iter().filter(|n| n.starts_with("多媒体材料/图片/")).count();
    assert_eq!(pictures, 4, "only the four pictures inside the folder: {names:?}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle).expect("bundle")).expect("zip");
    let passwd = std::fs::read("/etc/passwd").unwrap_or_default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).expect("read");
        assert!(passwd.is_empty() || bytes != passwd, "{:?} holds /etc/passwd", entry.name());
    }
}

// ------------------------------------------------------------------ folders nested too deep

#[test]
fn files_too_deep_are_named_in_one_diagnostic_and_not_packed() {
    let dir = sample(|d| {
        let mut folder = d.join("多媒体材料");
        // A chain 60 folders deep with a file at each level from the seventh on, and one file just in reach.
        for level in 1..=60 {
            folder = folder.join(format!("层{level}"));
            std::fs::create_dir(&folder).expect("mkdir");
            if level >= 4 {
                std::fs::write(folder.join(format!("图{level}.jpg")), b"x").expect("write");
            }
        }
    });
    let (run, found) = check_json(dir.path(), "zh");
    assert_bounded("check with folders 60 deep", &run, 5.0, 100.0);
    let deep: Vec<_> = found.iter().filter(|d| d.0 == "SB214").collect();
    assert_eq!(deep.len(), 1, "one diagnostic for all of them: {found:?}");
    let message = &deep[0].3;
    // 多媒体材料/层1/…/层4/图4.jpg is six levels down and read; 图5.jpg to 图60.jpg are not.
    assert!(message.starts_with("56 个文件位于材料文件夹第 6 层以下，未读取、不打包："), "{message}");
    assert!(message.contains("、多媒体材料/层1/层2/层3/层4/层5/层6/图6.jpg、"), "{message}");
    assert_eq!(message.matches(".jpg").count(), 10, "ten are named, the rest counted: {message}");
    assert!(message.ends_with(" 等"), "{message}");
    assert!(found.iter().any(|d| d.2.ends_with("层4/图4.jpg")), "the file in reach is read: {found:?}");

    let (_, found) = check_json(dir.path(), "en");
    assert!(
        found.iter().any(|d| d.0 == "SB214" && d.3.starts_with("56 files lie more than 6 levels down")),
        "{found:?}"
    );

    let out = tempfile::tempdir().expect("tempdir");
    let bundle = out.path().join("b.zip");
    let args = ["pack", dir.path().to_str().expect("utf-8"), "--force", "-o", bundle.to_str().expect("utf-8")];
    let run = watched_for(out.path(), &args, QUICK);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let names = names_in(&bundle);
    assert!(!names.iter().any(|n| n.contains("层5") || n.contains("图5.jpg")), "{names:?}");
}

#[test]
fn a_tree_far_deeper_than_anyone_nests_is_counted_within_a_budget() {
    let dir = sample(|d| {
        let mut folder = d.join("深");
        std::fs::create_dir(&folder).expect("mkdir");
        for level in 1..=300 {
            folder = folder.join("d");
            if std::fs::create_dir(&folder).is_err() {
                // The path is too long for the system: deep enough.
                eprintln!("stopped at level {level}");
                break;
            }
            for i in 0..40 {
                std::fs::write(folder.join(format!("{i}")), b"").expect("write");
            }
        }
    });
    let (run, found) = check_json(dir.path(), "zh");
    assert_bounded("check with a tree 300 deep", &run, 5.0, 100.0);
    let deep: Vec<_> = found.iter().filter(|d| d.0 == "SB214").collect();
    assert_eq!(deep.len(), 1, "{deep:?}");
    assert!(deep[0].3.starts_with("至少 10000 个文件"), "{:?}", deep[0]);
}

// ------------------------------------------------------------------ a file of zeros

#[test]
fn a_5gb_file_of_zeros_is_not_called_text() {
    let dir = sample(|d| {
        std::fs::remove_file(d.join("营业执照复印件.jpg")).expect("rm");
        sparse(&d.join("营业执照复印件.pdf"), b"", FIVE_GB);
    });
    let (run, found) = check_json(dir.path(), "zh");
    assert_bounded("check with 5 GB of zeros", &run, 5.0, 100.0);
    let named = about(&found, "营业执照复印件.pdf");
    assert!(named.iter().any(|d| d.3.contains("无法识别的格式")), "{found:?}");
    assert!(!found.iter().any(|d| d.3.contains("纯文本")), "{found:?}");
}

// ------------------------------------------------------------------ a progressive CMYK JPEG

/// The header of a progressive (SOF2) four-component JPEG of `w`×`h`, as Photoshop saves a CMYK picture,
/// then a scan and the end marker: enough for every header reader.
fn progressive_cmyk_jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    // APP14 Adobe, transform 0 (CMYK, no colour transform).
    out.extend_from_slice(&[0xFF, 0xEE, 0x00, 0x0E]);
    out.extend_from_slice(b"Adobe\x00\x64\x00\x00\x00\x00\x00");
    // SOF2: precision 8, height, width, four components.
    out.extend_from_slice(&[0xFF, 0xC2, 0x00, 0x14, 0x08]);
    out.extend_from_slice(&h.to_be_bytes());
    out.extend_from_slice(&w.to_be_bytes());
    out.push(4);
    for id in 1..=4u8 {
        out.extend_from_slice(&[id, 0x11, 0x00]);
    }
    // SOS over the DC of all four components, a few bytes of data, EOI.
    out.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x0E, 0x04, 1, 0, 2, 0, 3, 0, 4, 0, 0x00, 0x00, 0x00]);
    out.extend_from_slice(&[0x12, 0x34, 0x56, 0xFF, 0xD9]);
    out
}

#[test]
fn a_progressive_cmyk_jpeg_is_told_both() {
    let jpeg = progressive_cmyk_jpeg(2400, 1600);
    support::seed("image", "progressive-cmyk.jpg", &jpeg);
    let dir = sample(|d| std::fs::write(d.join("营业执照复印件.jpg"), &jpeg).expect("write"));
    let (run, found) = check_json(dir.path(), "zh");
    assert_bounded("check with a progressive CMYK JPEG", &run, 5.0, 100.0);
    let compat: Vec<_> = about(&found, "营业执照复印件.jpg").into_iter().filter(|d| d.0 == "SB312").collect();
    assert_eq!(compat.len(), 1, "{found:?}");
    assert!(compat[0].3.contains("渐进式") && compat[0].3.contains("CMYK"), "{compat:?}");

    let (_, found) = check_json(dir.path(), "en");
    assert!(found.iter().any(|d| d.0 == "SB312" && d.3.contains("progressive CMYK JPEG")), "{found:?}");
}

// ------------------------------------------------------------------ documents just under the limit

/// Incompressible bytes (xorshift), `len` of them.
fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The fixture's 申报书 with a picture of `picture` incompressible bytes added, stored as Word stores
/// JPEGs: a real 申报书 full of photos.
fn docx_with_picture(picture: usize) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(fixture_file("申报书.docx"))).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let entry = archive.by_index(i).expect("entry");
        out.raw_copy_file(entry).expect("copy");
    }
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(false);
    out.start_file("word/media/image99.jpeg", stored).expect("entry");
    out.write_all(&noise(picture)).expect("write");
    out.finish().expect("zip").into_inner()
}

/// A scanned PDF of `pages` pages, each one full-page JPEG of about `jpeg_bytes` bytes (noise, which
/// neither compresses nor looks like a seal).
fn big_scan_pdf(pages: usize, jpeg_bytes: usize) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    // A real JPEG (a small scan) with the noise appended before its end marker, so the seal search tries it.
    let mut jpeg = pdf_gen::scan_jpeg_quality(pdf_gen::ScanPage::default(), 340, 440, 50);
    jpeg.truncate(jpeg.len() - 2);
    jpeg.extend_from_slice(&noise(jpeg_bytes));
    jpeg.extend_from_slice(&[0xFF, 0xD9]);
    let mut kids = Vec::new();
    for _ in 0..pages {
        let image = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 340, "Height" => 440,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
            },
            jpeg.clone(),
        )
        .with_compression(false);
        let image_id = doc.add_object(image);
        let content = doc.add_object(Stream::new(lopdf::Dictionary::new(), b"q 595 0 0 842 0 0 cm /Im1 Do Q".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
        });
        kids.push(Object::from(page));
    }
    let count = i64::try_from(kids.len()).expect("pages");
    doc.objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    out
}

#[test]
fn documents_just_under_the_limit_are_read_in_bounded_memory() {
    // 95 MiB each: just under the 100 MB limit, where the readers hold the most.
    let docx = docx_with_picture(95 << 20);
    let pdf = big_scan_pdf(19, 5 << 20);
    eprintln!("docx {} MB, pdf {} MB", docx.len() >> 20, pdf.len() >> 20);
    assert!(docx.len() < 100 << 20 && pdf.len() < 100 << 20 && pdf.len() > 90 << 20);
    let dir = sample(|d| {
        std::fs::write(d.join("申报书.docx"), &docx).expect("write");
        std::fs::write(d.join("申报书（用印）.pdf"), &pdf).expect("write");
    });
    drop((docx, pdf));
    let run = watched_for(dir.path(), &["count", "申报书.docx"], QUICK);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_bounded("count a 95 MB .docx", &run, 10.0, 300.0);
    let (run, found) = check_json(dir.path(), "zh");
    // Read, not skipped: no SB214 for either, and the PDF's pages are counted.
    assert!(!found.iter().any(|d| d.0 == "SB214"), "{found:?}");
    assert!(found.iter().any(|d| d.0 == "SB328" && d.3.contains("19")), "{found:?}");
    assert_bounded("check a 95 MB .docx and PDF", &run, 30.0, 300.0);
}

// ------------------------------------------------------------------ a file that cannot be read

/// /proc/self, checked as a dossier, is the checking process's own folder: its `mem` is a regular file that
/// gives an I/O error when read at offset 0, even to root (no link involved: links out of the dossier are
/// not read, see above). Each such file is named, and the check goes on.
#[cfg(target_os = "linux")]
#[test]
fn a_file_that_cannot_be_read_is_named_and_the_check_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = ["check", "/proc/self", "--notice", "cq-2024-cases-2", "--today", "2024-08-10", "--format", "json"];
    let run = watched_for(dir.path(), &args, QUICK);
    assert_bounded("check /proc/self", &run, 5.0, 100.0);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let diagnostics = json["dossiers"][0]["diagnostics"].as_array().expect("diagnostics");
    let mem: Vec<_> = diagnostics.iter().filter(|d| d["file"] == "mem").collect();
    assert!(
        mem.iter().any(|d| d["code"] == "SB213" && d["message"].as_str().is_some_and(|m| m.contains("无法读取“mem”"))),
        "{mem:?}"
    );
    // The link /proc/self/root leads out of the folder: named, not followed.
    assert!(diagnostics.iter().any(|d| d["code"] == "SB214" && d["file"] == "root"), "{diagnostics:?}");
}
