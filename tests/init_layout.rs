//! The 申报书 template `init` writes, as the applicant opens and prints it: Normal defined once and named on
//! every paragraph, empty table cells at the table's size, and — rendered by LibreOffice — a phone number
//! and the longest label on one line each, and page numbers in the footer.

mod support;
use std::io::Read;
use std::path::Path;
use support::shenbao;

/// The template `init` writes for `notice`, as bytes.
fn template(dir: &Path, notice: &str) -> Vec<u8> {
    let out = shenbao().args(["init"]).arg(dir).args(["--notice", notice]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docx = std::fs::read_dir(dir)
        .expect("the folder")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .expect("a .docx");
    std::fs::read(docx).expect("read")
}

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut text = String::new();
    zip.by_name(name).expect(name).read_to_string(&mut text).expect("utf-8");
    text
}

/// The same package with `document.xml` replaced.
fn with_document(docx: &[u8], document: &str) -> Vec<u8> {
    support::rezip(docx, |name, data| match name {
        "word/document.xml" => document.as_bytes().to_vec(),
        _ => data.to_vec(),
    })
}

#[test]
fn normal_is_defined_once_and_named_on_every_paragraph() {
    for notice in ["cq-2024-cases-2", "qh-2025-scenes"] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let docx = template(&tmp.path().join("x"), notice);
        let styles = part(&docx, "word/styles.xml");
        assert_eq!(styles.matches("w:styleId=\"Normal\"").count(), 1, "{notice}: {styles}");
        let document = part(&docx, "word/document.xml");
        let paragraphs = document.matches("<w:p ").count() + document.matches("<w:p>").count();
        assert!(paragraphs > 20, "{notice}: {paragraphs}");
        assert_eq!(document.matches("<w:pStyle ").count(), paragraphs, "{notice}: a paragraph without a style");
        // Every table paragraph's mark is 小四 (24 half-points), so what is typed into an empty cell is too.
        for cell in document.split("<w:tc>").skip(1) {
            let mark = cell.split("</w:pPr>").next().unwrap_or_default();
            assert!(mark.contains("<w:sz w:val=\"24\" />"), "{notice}: {mark}");
        }
        assert!(part(&docx, "word/footer1.xml").contains("PAGE"), "{notice}: no page number");
    }
}

#[test]
fn printed_by_libreoffice_a_phone_number_and_the_longest_label_stay_on_one_line() {
    let Some(soffice) = support::soffice() else {
        eprintln!("skipped: soffice is not installed");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let docx = template(&tmp.path().join("x"), "cq-2024-cases-2");
    // The applicant types a phone number into the first 联系方式 cell, at the size the cell carries.
    let mut document = part(&docx, "word/document.xml");
    let label = document.find("联系方式</w:t>").expect("a 联系方式 label");
    let end = label + document[label..].find("</w:pPr></w:p>").expect("its value cell") + "</w:pPr>".len();
    document.insert_str(end, "<w:r><w:rPr><w:sz w:val=\"24\" /></w:rPr><w:t>023-67891234</w:t></w:r>");
    let filled = tmp.path().join("filled.docx");
    std::fs::write(&filled, with_document(&docx, &document)).expect("write");
    let out = std::process::Command::new(soffice)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(tmp.path())
        .arg(&filled)
        .output()
        .expect("soffice runs");
    let pdf = std::fs::read(tmp.path().join("filled.pdf"))
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let text = shenbao::read::pdf::pdf_text(&pdf).expect("pdf text");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    assert!(lines.iter().any(|l| l.contains("023-67891234")), "the phone number is broken: {lines:?}");
    assert!(lines.iter().any(|l| l.contains("申报单位意见")), "申报单位意见 wraps: {lines:?}");
    // Page numbers: the page after the cover is 2, and the cover has none.
    assert!(lines.contains(&"2"), "no page number: {lines:?}");
    // The cover ends with its date; the next page starts with the heading “1、…申报信息表”, no “1” before it.
    let date = lines.iter().position(|l| *l == "年  月  日").expect("the cover's date");
    let next: Vec<&&str> = lines[date + 1..].iter().filter(|l| !l.is_empty()).take(2).collect();
    assert_eq!(next, [&"1", &"、“数据要素"], "a page number on the cover: {lines:?}");
}

/// The `[files]` example in the dossier.toml `init` writes names a document the notice has: qh asks for no
/// licence, so its example is another of its documents.
#[test]
fn the_files_example_names_a_document_of_the_notice() {
    for (notice, expected) in [("cq-2024-cases-2", "# licence = "), ("qh-2025-scenes", "# [files]\n# ")] {
        let tmp = tempfile::tempdir().expect("tempdir");
        template(&tmp.path().join("x"), notice);
        let toml = std::fs::read_to_string(tmp.path().join("x/dossier.toml")).expect("dossier.toml");
        assert!(toml.contains(expected), "{notice}: {toml}");
        if notice.starts_with("qh") {
            assert!(!toml.contains("licence"), "{notice}: {toml}");
        }
    }
}

/// The template keeps what the notice's own template prints: cq's （一）图片 catalogue, qh's caption above the
/// 数据资源需求清单, and qh's cover names the 建设方案, not the 编制大纲 it follows.
#[test]
fn the_template_keeps_the_notices_catalogue_caption_and_title() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cq = part(&template(&tmp.path().join("cq"), "cq-2024-cases-2"), "word/document.xml");
    let at = |text: &str| cq.find(text).unwrap_or_else(|| panic!("{text} missing"));
    assert!(at("（一）图片") < at("1.数据要素流向图"));
    assert!(at("1.数据要素流向图") < at("5.其他能反映案例特色和数据要素价值的图片"));
    assert!(at("5.其他能反映案例特色和数据要素价值的图片") < at("（二）视频"));

    let qh = part(&template(&tmp.path().join("qh"), "qh-2025-scenes"), "word/document.xml");
    let caption = qh.find(">数据资源需求清单<").expect("the caption");
    assert!(caption < qh.find(">数据来源<").expect("the table"), "the caption stands above the table");
    assert!(qh.contains(">公共数据“跑起来”示范场景建设方案<"), "the cover's title");
    assert!(!qh.contains("编制大纲"), "the cover names the plan, not its outline");
}

/// qh's 应用领域 ends with “□其他” and a blank to say what it is, as the notice's form has it. Left unticked
/// it is no finding of its own; ticked with words it is a value of the list; ticked with the blank left, the
/// check asks for the words (SB110).
#[test]
fn the_other_box_has_a_blank_and_ticked_with_words_it_is_in_the_list() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("qh");
    let docx = template(&dir, "qh-2025-scenes");
    let document = part(&docx, "word/document.xml");
    assert!(document.contains("□其他：________"), "the blank after 其他");

    let messages = |document: &str| -> Vec<(String, String)> {
        std::fs::write(dir.join("可编辑版方案.docx"), with_document(&docx, document)).expect("write");
        let out = shenbao()
            .arg("check")
            .arg(&dir)
            .args(["--today", "2025-09-01", "--format", "json"])
            .output()
            .expect("runs");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["dossiers"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| (d["code"].as_str().unwrap_or_default().to_owned(), d["message"].to_string()))
            .collect()
    };
    let about_other = |found: &[(String, String)]| -> Vec<(String, String)> {
        found.iter().filter(|(c, m)| m.contains("其他") && (c == "SB110" || c == "SB706")).cloned().collect()
    };

    assert_eq!(about_other(&messages(&document)), [], "unticked: nothing about 其他");
    let stated = document.replacen("□其他：________", "☑其他：低空物流", 1);
    assert_eq!(about_other(&messages(&stated)), [], "ticked with its words: a value of the list");
    let unstated = document.replacen("□其他：________", "☑其他：________", 1);
    let found = about_other(&messages(&unstated));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "SB110");
    assert!(found[0].1.contains("勾选了“其他”，但没有写明"), "{found:?}");
}
