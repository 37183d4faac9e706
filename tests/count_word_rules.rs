//! Word's 字数 where its rules are subtle: nested fields, notes no reference points to, and characters
//! whose class follows the font hint. Each document is built here, part by part, and counted by
//! `shenbao count --format json` as a user would.

#[path = "support/hostile.rs"]
mod hostile;
mod support;

use std::path::Path;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn document(body: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#)
}

fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn fld(kind: &str) -> String {
    format!(r#"<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>"#)
}

fn instr(code: &str) -> String {
    format!(r#"<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>"#)
}

/// `shenbao count` of a package made of `parts`: (字数, words_low, words_high).
fn count(dir: &Path, name: &str, parts: &[(&str, &str)]) -> (u64, u64, u64) {
    let path = hostile::write(dir, name, &hostile::zip_stored(parts));
    let out = support::shenbao().args(["count", "--format", "json"]).arg(&path).output().expect("run shenbao");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let total = &json["total"];
    let n = |k: &str| total[k].as_u64().unwrap_or_else(|| panic!("{k} in {total}"));
    (n("words"), n("words_low"), n("words_high"))
}

#[test]
fn only_what_the_outermost_field_shows_is_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 结论： then an IF field whose code holds a nested MERGEFIELD with its stored result 未填写, and
    // whose own result is 已填写: Word shows "结论：已填写", 6 字.
    let nested = format!(
        "<w:p>{}{}{}{}{}{}{}{}{}{}{}{}</w:p>",
        run("结论："),
        fld("begin"),
        instr(" IF "),
        fld("begin"),
        instr(" MERGEFIELD 状态 "),
        fld("separate"),
        run("未填写"),
        fld("end"),
        instr(" = \"\" \"\" \"已填写\" "),
        fld("separate"),
        run("已填写"),
        fld("end"),
    );
    let doc = document(&nested);
    assert_eq!(count(dir.path(), "nested.docx", &hostile::package(&doc)).0, 6);

    // A field with no separate (an index entry) shows nothing; text after its end counts again.
    let xe =
        format!("<w:p>{}{}{}{}{}</w:p>", run("数据"), fld("begin"), instr(" XE \"要素\" "), fld("end"), run("要素"));
    assert_eq!(count(dir.path(), "xe.docx", &hostile::package(&document(&xe))).0, 4);

    // A field's result spanning paragraphs (a table of contents) is counted: it is shown.
    let toc = format!(
        "<w:p>{}{}{}{}</w:p><w:p>{}</w:p><w:p>{}{}</w:p>",
        fld("begin"),
        instr(" TOC \\o \"1-3\" "),
        fld("separate"),
        run("目录一"),
        run("目录二"),
        fld("end"),
        run("正文"),
    );
    assert_eq!(count(dir.path(), "toc.docx", &hostile::package(&document(&toc))).0, 8);

    // Unbalanced field characters (an end without a begin) do not stop the count.
    let stray = format!("<w:p>{}{}{}</w:p>", fld("end"), fld("separate"), run("数据要素"));
    assert_eq!(count(dir.path(), "stray.docx", &hostile::package(&document(&stray))).0, 4);
}

#[test]
fn a_note_no_reference_points_to_is_not_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = document(&format!(r#"<w:p>{}<w:r><w:footnoteReference w:id="2"/></w:r></w:p>"#, run("正文四字")));
    let notes = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}>
        <w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
        <w:footnote w:id="2"><w:p>{}</w:p></w:footnote>
        <w:footnote w:id="3"><w:p>{}</w:p></w:footnote></w:footnotes>"#,
        run("引用的注"),
        run("没有引用的脚注文字")
    );
    let mut parts = hostile::package(&body);
    parts.push(("word/footnotes.xml", &notes));
    // 正文四字 (4) + the referenced note 引用的注 (4); the orphan note's 9 字 are not shown.
    assert_eq!(count(dir.path(), "notes.docx", &parts).0, 8);
}

#[test]
fn ambiguous_width_characters_follow_the_font_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hinted = |text: &str| {
        format!(r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    };
    // EXH.C-◇ typed with a Chinese input method: Word and WPS give 2.
    let doc = document(&format!("<w:p>{}{}</w:p>", run("EXH.C-"), hinted("◇")));
    assert_eq!(count(dir.path(), "diamond.docx", &hostile::package(&doc)), (2, 1, 2));
    // ①②③④⑤ without a hint: 1, as checked in Word; the range reaches 5.
    let doc = document(&format!("<w:p>{}</w:p>", run("①②③④⑤")));
    assert_eq!(count(dir.path(), "circled.docx", &hostile::package(&doc)), (1, 1, 5));
    // 温度≥25℃ with the hint: 温 度 ≥ 25 ℃.
    let doc = document(&format!("<w:p>{}</w:p>", hinted("温度≥25℃")));
    assert_eq!(count(dir.path(), "degrees.docx", &hostile::package(&doc)), (5, 3, 5));
}
