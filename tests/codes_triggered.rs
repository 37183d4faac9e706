//! Diagnostics that no sample dossier shows, each triggered here by the fault it names: a missing part or
//! table, an empty section, file counts, a video without pictures, CMYK and progressive JPEGs, a PDF that
//! restricts printing or is blank, mixed notices in one batch, bundle names and rule-file changes, document
//! properties naming a person, a malformed 联系方式. A last test keeps every code of the registry named
//! by some test.

mod support;
use serde_json::Value;
use std::path::Path;
use support::{copy_dir, shenbao};

#[path = "support/pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;

const CQ_PASS: &str = "fixtures/cq-2024-cases-2/pass";
const CQ_DAY: &str = "2024-08-10";

fn copy_of(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture), dir.path());
    dir
}

fn check_json(args: &[&std::ffi::OsStr]) -> Value {
    let out = shenbao().arg("check").args(args).args(["--format", "json"]).output().expect("runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// (code, message) of the first dossier's diagnostics, checked on the cq sample's day.
fn found(dir: &Path) -> Vec<(String, String)> {
    let json = check_json(&[dir.as_os_str(), "--today".as_ref(), CQ_DAY.as_ref()]);
    json["dossiers"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["code"].as_str().unwrap_or("").to_owned(), d["message"].as_str().unwrap_or("").to_owned()))
        .collect()
}

fn messages(found: &[(String, String)], code: &str) -> Vec<String> {
    found.iter().filter(|(c, _)| c == code).map(|(_, m)| m.clone()).collect()
}

fn para(text: &str) -> docx_rs::Paragraph {
    docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text(text))
}

fn cell(text: &str) -> docx_rs::TableCell {
    docx_rs::TableCell::new().add_paragraph(para(text))
}

/// The cq sample with its 申报书 replaced.
fn cq_with(docx: docx_rs::Docx) -> tempfile::TempDir {
    let dir = copy_of(CQ_PASS);
    let file = std::fs::File::create(dir.path().join("申报书.docx")).expect("create");
    docx.build().pack(file).expect("pack");
    dir
}

#[test]
fn a_missing_part_an_empty_section_a_missing_table() {
    // Only the 案例简介, its 问题描述 heading followed straight by the next heading.
    let docx = ["二、“数据要素×”典型案例简介", "（一）问题描述", "（二）解决方案", "本案例汇聚上下游数据。"]
        .iter()
        .fold(docx_rs::Docx::new(), |d, t| d.add_paragraph(para(t)));
    let dir = cq_with(docx);
    let found = found(dir.path());
    let parts = messages(&found, "SB101");
    assert!(parts.iter().any(|m| m.contains("宣传推广材料")), "{parts:?}");
    assert!(messages(&found, "SB107").iter().any(|m| m.contains("问题描述")), "{found:?}");
    assert_eq!(messages(&found, "SB108"), ["申报书中找不到《“数据要素×”典型案例申报信息表》"]);
}

/// A row of the cq 信息表: label | value pairs, each cell one paragraph.
fn row(cells: &[&str]) -> docx_rs::TableRow {
    docx_rs::TableRow::new(cells.iter().map(|c| cell(c)).collect())
}

/// The cq sample whose 申报书 holds only the 信息表, with these rows.
fn cq_with_info_table(rows: Vec<docx_rs::TableRow>) -> tempfile::TempDir {
    let table = docx_rs::Table::new(rows);
    cq_with(docx_rs::Docx::new().add_paragraph(para("1、“数据要素×”典型案例申报信息表")).add_table(table))
}

#[test]
fn a_table_without_one_of_its_fields_and_a_malformed_contact() {
    let dir = cq_with_info_table(vec![
        row(&["申报单位", "重庆某某科技有限公司"]),
        row(&["案例名称", "工业制造领域——基于可信数据空间的供应链协同管理"]),
        row(&["负责人", "陈刚", "部门职务", "总监", "联系方式", "1380000123"]),
        // The 联系人 row repeats the labels; its own 联系方式 is left empty.
        row(&["联系人", "刘洋", "部门职务", "项目经理", "联系方式", ""]),
        row(&["申报理由", "案例成效显著。"]),
        row(&["申报单位意见", "（盖章）"]),
    ]);
    let found = found(dir.path());
    assert_eq!(messages(&found, "SB109"), ["《“数据要素×”典型案例申报信息表》中没有“通讯地址”栏"]);
    assert_eq!(messages(&found, "SB110"), ["《“数据要素×”典型案例申报信息表》的“联系人的联系方式”栏未填写"]);
    assert_eq!(messages(&found, "SB713"), ["“联系方式”栏的“1380000123”不像电话号码或邮箱"]);
}

#[test]
fn the_contact_row_needs_its_own_post_and_contact_cells() {
    let dir = cq_with_info_table(vec![
        row(&["申报单位", "重庆某某科技有限公司"]),
        row(&["案例名称", "工业制造领域——基于可信数据空间的供应链协同管理"]),
        row(&["负责人", "陈刚", "部门职务", "总监", "联系方式", "13800001234"]),
        row(&["联系人", "刘洋"]),
        row(&["通讯地址", "重庆市渝北区某某大道100号"]),
        row(&["申报理由", "案例成效显著。"]),
        row(&["申报单位意见", "（盖章）"]),
    ]);
    let found = found(dir.path());
    // The 负责人 row's cells do not stand in for the 联系人's; the missing ones in the table's order.
    assert_eq!(
        messages(&found, "SB109"),
        [
            "《“数据要素×”典型案例申报信息表》中没有“联系人的部门职务”栏",
            "《“数据要素×”典型案例申报信息表》中没有“联系人的联系方式”栏"
        ]
    );
    assert!(messages(&found, "SB110").is_empty(), "{found:?}");
}

#[test]
fn document_properties_that_name_a_person() {
    let docx = docx_rs::Docx::new().add_paragraph(para("正文"));
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).expect("pack");
    // docx-rs writes “unknown” as creator; put a person's name and a template path there instead.
    let patched = support::rezip(&bytes.into_inner(), |name, data| {
        if name == "docProps/core.xml" {
            let xml = String::from_utf8_lossy(data).replace(">unknown<", ">张伟<");
            return xml.into_bytes();
        }
        if name == "docProps/app.xml" {
            // docx-rs writes an empty <Properties … />.
            let xml = String::from_utf8_lossy(data);
            let template = "<Template>C:\\Users\\zhangwei\\模板.dotm</Template>";
            return match xml.strip_suffix(" />") {
                Some(open) => format!("{open}>{template}</Properties>").into_bytes(),
                None => xml.replacen("</Properties>", &format!("{template}</Properties>"), 1).into_bytes(),
            };
        }
        data.to_vec()
    });
    let dir = copy_of(CQ_PASS);
    std::fs::write(dir.path().join("申报书.docx"), patched).expect("write");
    let leaks = messages(&found(dir.path()), "SB704");
    assert_eq!(leaks.len(), 1, "{leaks:?}");
    assert!(leaks[0].contains("张伟") && leaks[0].contains("zhangwei"), "{leaks:?}");
}

/// The codes of a check of the cq sample against its rule file with the pictures' `min_count = 1` line
/// replaced by `counts`.
fn codes_with_picture_counts(counts: &str) -> Vec<String> {
    let rule = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/cq-2024-cases-2.toml"))
        .expect("rules");
    let start = rule.find("id = \"pictures\"").expect("pictures");
    let at = start + rule[start..].find("min_count = 1").expect("min_count");
    let edited = format!("{}{counts}{}", &rule[..at], &rule[at + "min_count = 1".len()..]);
    let dir = copy_of(CQ_PASS);
    let rule_path = dir.path().join("counts.toml");
    std::fs::write(&rule_path, edited).expect("write");
    let json = check_json(&[
        dir.path().as_os_str(),
        "--notice".as_ref(),
        rule_path.as_os_str(),
        "--today".as_ref(),
        CQ_DAY.as_ref(),
    ]);
    json["dossiers"][0]["diagnostics"]
        .as_array()
        .expect("d")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .map(str::to_owned)
        .collect()
}

#[test]
fn too_few_and_too_many_files() {
    // The sample has four pictures.
    let few = codes_with_picture_counts("min_count = 5");
    assert!(few.contains(&"SB211".to_owned()), "{few:?}");
    let many = codes_with_picture_counts("min_count = 1\nmax_count = 3");
    assert!(many.contains(&"SB212".to_owned()), "{many:?}");
    assert!(!many.contains(&"SB211".to_owned()), "{many:?}");
}

#[test]
fn a_video_without_pictures() {
    let dir = copy_of(CQ_PASS);
    let video = dir.path().join("多媒体材料/视频/案例视频.mp4");
    let bytes = std::fs::read(&video).expect("video");
    // The video track's handler becomes a text track's: what is left is sound.
    let at = bytes.windows(4).position(|w| w == b"vide").expect("a vide handler");
    let mut patched = bytes.clone();
    patched[at..at + 4].copy_from_slice(b"text");
    std::fs::write(&video, patched).expect("write");
    assert_eq!(messages(&found(dir.path()), "SB302"), ["“多媒体材料/视频/案例视频.mp4”中没有画面，只有声音或为空"]);
}

#[test]
fn cmyk_and_progressive_jpegs_are_noted() {
    let dir = copy_of(CQ_PASS);
    let pixels = vec![128u8; 1280 * 720 * 4];
    let mut cmyk = Vec::new();
    jpeg_encoder::Encoder::new(&mut cmyk, 90).encode(&pixels, 1280, 720, jpeg_encoder::ColorType::Cmyk).expect("cmyk");
    std::fs::write(dir.path().join("多媒体材料/图片/1-数据要素流向图.jpg"), cmyk).expect("write");
    let mut progressive = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut progressive, 90);
    encoder.set_progressive(true);
    encoder.encode(&pixels[..1280 * 720 * 3], 1280, 720, jpeg_encoder::ColorType::Rgb).expect("progressive");
    std::fs::write(dir.path().join("多媒体材料/图片/2-商业模式示意图.jpg"), progressive).expect("write");
    let notes = messages(&found(dir.path()), "SB312");
    assert!(notes.iter().any(|m| m.contains("1-数据要素流向图") && m.contains("CMYK")), "{notes:?}");
    assert!(notes.iter().any(|m| m.contains("2-商业模式示意图")), "{notes:?}");
}

#[test]
fn a_pdf_that_restricts_printing_and_a_blank_one() {
    let dir = copy_of(CQ_PASS);
    std::fs::write(dir.path().join("申报书（用印）.pdf"), pdf_gen::encrypted_pdf_with("", "owner", false, false))
        .expect("write");
    let found_restricted = found(dir.path());
    assert!(!messages(&found_restricted, "SB323").is_empty(), "{found_restricted:?}");

    let dir = copy_of(CQ_PASS);
    std::fs::write(dir.path().join("申报书（用印）.pdf"), pdf_gen::text_pdf(&[], None)).expect("write");
    let blank = found(dir.path());
    assert!(!messages(&blank, "SB327").is_empty(), "{blank:?}");
}

#[test]
fn one_batch_answering_two_notices() {
    let root = tempfile::tempdir().expect("tempdir");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(CQ_PASS), &root.path().join("a"));
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass"), &root.path().join("b"));
    let json = check_json(&[root.path().as_os_str(), "--today".as_ref(), CQ_DAY.as_ref()]);
    let batch: Vec<&str> =
        json["batch"]["diagnostics"].as_array().expect("batch").iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(batch.contains(&"SB511"), "{batch:?}");
}

#[test]
fn bundle_names_without_values_and_a_changed_rule_file() {
    let dir = copy_of(CQ_PASS);
    // No name and unit in dossier.toml or the 申报表: the bundle keeps source names.
    let toml = dir.path().join("dossier.toml");
    let text = std::fs::read_to_string(&toml).expect("toml");
    let kept: String =
        text.lines().filter(|l| !l.starts_with("name") && !l.starts_with("unit =")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&toml, kept).expect("write");
    // Nor the 申报表, whose table would give them otherwise.
    std::fs::remove_file(dir.path().join("申报书.docx")).expect("rm");
    let out_dir = tempfile::tempdir().expect("out");
    let bundle = out_dir.path().join("b.zip");
    let out = shenbao()
        .arg("pack")
        .arg(dir.path())
        .args(["--today", CQ_DAY, "--force", "-o"])
        .arg(&bundle)
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("SB603"), "{said}");

    // Intact: SB615. Packed against a rule file other than this build's: SB614.
    let verify = |path: &Path| {
        let out = shenbao().arg("verify").arg(path).args(["--format", "json"]).output().expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(verify(&bundle).contains("SB615"), "{}", verify(&bundle));
    let rule = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/cq-2024-cases-2.toml"))
        .expect("rules")
        + "\n# a local edit\n";
    let rule_path = out_dir.path().join("cq-edited.toml");
    std::fs::write(&rule_path, rule).expect("write");
    let edited = out_dir.path().join("edited.zip");
    shenbao()
        .arg("pack")
        .arg(copy_of(CQ_PASS).path())
        .arg("--notice")
        .arg(&rule_path)
        .args(["--today", CQ_DAY, "-o"])
        .arg(&edited)
        .output()
        .expect("runs");
    assert!(verify(&edited).contains("SB614"), "{}", verify(&edited));
}

#[test]
fn every_code_is_triggered_by_some_test() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut text = String::new();
    for entry in walkdir::WalkDir::new(&tests).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let name = entry.file_name().to_string_lossy();
        if name.ends_with(".snap") || name.ends_with(".rs") {
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    let missing: Vec<&str> =
        shenbao::diag::Code::ALL.iter().map(|c| c.as_str()).filter(|id| !text.contains(id)).collect();
    assert!(missing.is_empty(), "codes no test names: {missing:?}");
}
