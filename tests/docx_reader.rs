//! The .docx reader: real documents written by docx-rs, hand-written packages for the corners of
//! Word's 字数统计 scope (tracked changes, hidden text, fields, text boxes, notes), hostile input,
//! and the shared real-world corpus when it sits beside the project.

mod support;

use std::io::{Cursor, Write};
use std::time::Instant;

use shenbao::read::docx::{read_docx, Document, DocxError, NoteRef, Place};

const NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps""#,
);

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"#;

/// A package of `parts`, with [Content_Types].xml first when they lack it (Word, and the reader, refuse
/// a package without it).
fn zip_parts(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let has_types = parts.iter().any(|(name, _)| *name == "[Content_Types].xml");
    let types = [("[Content_Types].xml", CONTENT_TYPES)];
    for (name, text) in types.iter().filter(|_| !has_types).chain(parts) {
        zip.start_file(*name, options).expect("start entry");
        zip.write_all(text.as_bytes()).expect("write entry");
    }
    zip.finish().expect("finish zip").into_inner()
}

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

/// A package with document.xml around `body` plus extra parts.
fn package(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let doc = document_xml(body);
    let mut parts = vec![("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", doc.as_str())];
    parts.extend_from_slice(extra);
    zip_parts(&parts)
}

fn read_body(body: &str) -> Document {
    read_docx(&package(body, &[])).expect("reads")
}

fn read_with(body: &str, extra: &[(&str, &str)]) -> Document {
    read_docx(&package(body, extra)).expect("reads")
}

fn texts(doc: &Document) -> Vec<String> {
    doc.paragraphs.iter().map(|p| p.text()).collect()
}

fn styles_xml(styles: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{styles}</w:styles>"#)
}

fn pack(docx: docx_rs::Docx) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    docx.build().pack(&mut buf).expect("docx-rs packs");
    buf.into_inner()
}

// --- documents written by docx-rs -----------------------------------------------------------------

#[test]
fn a_docx_rs_document_reads_with_headings_tables_notes_and_hints() {
    use docx_rs::{Docx, Footnote, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell, TableRow, VMergeType};
    let cell = |text: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)));
    let table = Table::new(vec![
        TableRow::new(vec![cell("姓名").vertical_merge(VMergeType::Restart), cell("张三").grid_span(2)]),
        TableRow::new(vec![cell("").vertical_merge(VMergeType::Continue), cell("甲"), cell("乙")]),
    ]);
    let note = Footnote::new().add_content(Paragraph::new().add_run(Run::new().add_text("脚注正文")));
    let docx = Docx::new()
        .add_style(Style::new("Heading1", StyleType::Paragraph).name("Heading 1").outline_lvl(0))
        .add_style(Style::new("Sub", StyleType::Paragraph).name("Sub").based_on("Heading1"))
        .add_paragraph(Paragraph::new().style("Heading1").add_run(Run::new().add_text("一、项目概述")))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("正文“引号”"))
                .add_run(Run::new().add_text("东亚").fonts(RunFonts::new().hint("eastAsia")))
                .add_run(Run::new().add_text("注").add_footnote_reference(note)),
        )
        .add_paragraph(Paragraph::new().style("Sub").add_run(Run::new().add_text("（一）背景")))
        .add_table(table)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("表后")));
    let doc = read_docx(&pack(docx)).expect("reads");

    let t = texts(&doc);
    assert_eq!(t[..3], ["一、项目概述", "正文“引号”东亚注", "（一）背景"]);
    assert_eq!(doc.paragraphs[0].outline_level, Some(1));
    assert_eq!(doc.paragraphs[0].style_id.as_deref(), Some("Heading1"));
    assert_eq!(doc.paragraphs[0].style_name.as_deref(), Some("Heading 1"));
    assert_eq!(doc.paragraphs[1].outline_level, None);
    assert_eq!(doc.paragraphs[2].outline_level, Some(1), "inherited through basedOn");

    let runs = &doc.paragraphs[1].runs;
    assert!(runs.iter().any(|r| r.east_asian && r.text == "东亚"), "{runs:?}");
    assert!(runs.iter().any(|r| !r.east_asian && r.text.starts_with("正文")), "{runs:?}");

    assert_eq!(doc.tables.len(), 1);
    let table = &doc.tables[0];
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[0][0].text, "姓名");
    assert!(!table.rows[0][0].merged_above);
    assert_eq!(table.rows[0][1].span, 2);
    assert!(table.rows[1][0].merged_above);
    assert_eq!(table.rows[1][2].text, "乙");
    assert_eq!(table.first_paragraph, 3);
    let cell = &table.rows[1][2];
    assert_eq!(doc.paragraphs[cell.paragraphs.clone()].len(), 1);
    assert_eq!(doc.paragraphs[cell.paragraphs.start].place, Place::TableCell { table: 0, row: 1, col: 2 });
    assert_eq!(t.last().map(String::as_str), Some("表后"));
    assert_eq!(doc.paragraphs.last().map(|p| p.place), Some(Place::Body));

    assert_eq!(doc.paragraphs[1].note_refs.len(), 1);
    let NoteRef::Footnote(id) = doc.paragraphs[1].note_refs[0] else { panic!("a footnote reference") };
    let note = doc.footnotes.iter().find(|n| n.id == id).expect("the referenced footnote");
    assert_eq!(note.paragraphs.iter().map(|p| p.text()).collect::<String>(), "脚注正文");
    assert!(doc.footnotes.iter().all(|n| n.id >= 1), "separators are left out: {:?}", doc.footnotes);
}

#[test]
fn docx_rs_tracked_changes_and_hidden_runs() {
    use docx_rs::{Delete, Docx, Insert, Paragraph, Run};
    let docx = Docx::new().add_paragraph(
        Paragraph::new()
            .add_run(Run::new().add_text("保留"))
            .add_insert(Insert::new(Run::new().add_text("新增")))
            .add_delete(Delete::new().add_run(Run::new().add_delete_text("删除")))
            .add_run(Run::new().add_text("隐藏").vanish()),
    );
    let doc = read_docx(&pack(docx)).expect("reads");
    assert_eq!(texts(&doc), ["保留新增"]);
    assert_eq!(doc.hidden.insertions, 1);
    assert_eq!(doc.hidden.deletions, 1);
    assert_eq!(doc.hidden.hidden_runs, 1);
}

// --- hand-written packages ------------------------------------------------------------------------

#[test]
fn deleted_and_inserted_text() {
    let doc = read_body(
        r#"<w:p><w:r><w:t>甲</w:t></w:r>
        <w:ins w:id="1" w:author="a"><w:r><w:t>乙</w:t></w:r></w:ins>
        <w:del w:id="2" w:author="a"><w:r><w:delText>丙</w:delText></w:r></w:del>
        <w:moveFrom w:id="3"><w:r><w:t>丁</w:t></w:r></w:moveFrom>
        <w:moveTo w:id="4"><w:r><w:t>戊</w:t></w:r></w:moveTo></w:p>"#,
    );
    assert_eq!(texts(&doc), ["甲乙戊"]);
    assert_eq!((doc.hidden.insertions, doc.hidden.deletions), (2, 2));
}

#[test]
fn vanished_runs_directly_and_through_styles() {
    let styles = styles_xml(
        r#"<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>
        <w:style w:type="character" w:styleId="NotSecret"><w:name w:val="NotSecret"/><w:basedOn w:val="Secret"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="HiddenPara"><w:name w:val="Hidden Para"/><w:rPr><w:vanish/></w:rPr></w:style>"#,
    );
    let doc = read_with(
        r#"<w:p><w:r><w:t>见</w:t></w:r>
          <w:r><w:rPr><w:vanish/></w:rPr><w:t>隐一</w:t></w:r>
          <w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>显</w:t></w:r>
          <w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>隐二</w:t></w:r>
          <w:r><w:rPr><w:rStyle w:val="NotSecret"/></w:rPr><w:t>露</w:t></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="HiddenPara"/></w:pPr><w:r><w:t>隐三</w:t></w:r>
          <w:r><w:rPr><w:vanish w:val="off"/></w:rPr><w:t>现</w:t></w:r></w:p>
        <w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>段落标记隐藏不影响文字</w:t></w:r></w:p>"#,
        &[("word/styles.xml", &styles)],
    );
    assert_eq!(texts(&doc), ["见显露", "现", "段落标记隐藏不影响文字"]);
    assert_eq!(doc.hidden.hidden_runs, 3);
}

#[test]
fn field_codes_are_skipped_and_results_kept() {
    let doc = read_body(
        r#"<w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r>
        <w:r><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r>
        <w:r><w:t>3</w:t></w:r>
        <w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:t xml:space="preserve"> 页</w:t></w:r>
        <w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>
        <w:hyperlink r:id="rId9" xmlns:r="r"><w:r><w:t>链接</w:t></w:r></w:hyperlink>
        <w:smartTag w:uri="u" w:element="e"><w:r><w:t>标记</w:t></w:r></w:smartTag>
        <w:customXml w:element="x"><w:r><w:t>定制</w:t></w:r></w:customXml>
        <w:sdt><w:sdtPr><w:alias w:val="别名"/></w:sdtPr><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>
        <w:r><w:commentReference w:id="0"/></w:r></w:p>"#,
    );
    assert_eq!(texts(&doc), ["第 3 页9链接标记定制控件"]);
}

#[test]
fn a_text_box_counts_once_and_follows_its_anchor() {
    let box_body = |text: &str| {
        format!(
            r#"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:p><w:r><w:t>框二</w:t></w:r></w:p></w:txbxContent>"#
        )
    };
    let body = format!(
        r#"<w:p><w:r><w:t>锚前</w:t></w:r><w:r><mc:AlternateContent>
          <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
          <mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback>
        </mc:AlternateContent></w:r><w:r><w:t>锚后</w:t></w:r></w:p>
        <w:p><w:r><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></w:r></w:p>
        <w:p><w:r><w:t>正文</w:t></w:r></w:p>"#,
        box_body("框一"),
        box_body("框一"),
        box_body("旧式"),
    );
    let doc = read_body(&body);
    assert_eq!(texts(&doc), ["锚前锚后", "框一", "框二", "", "旧式", "框二", "正文"]);
    let places: Vec<Place> = doc.paragraphs.iter().map(|p| p.place).collect();
    assert_eq!(
        places,
        [Place::Body, Place::TextBox, Place::TextBox, Place::Body, Place::TextBox, Place::TextBox, Place::Body]
    );
}

/// A document set to leave text boxes and notes out of its statistics (Word's 字数统计 box
/// “包括文本框、脚注和尾注” unticked) is counted without them, as Word counts it, and `count` says how
/// much was left out.
#[test]
fn text_boxes_and_notes_left_out_by_the_documents_setting_are_reported() {
    let body = r#"<w:p><w:r><w:t>正文四字</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
        <w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>甲方（盖章）</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#;
    let footnotes = format!(
        r#"<w:footnotes {NS}><w:footnote w:id="1"><w:p><w:r><w:t>注释三字</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let excluded = format!(r#"<w:settings {NS}><w:doNotIncludeSubdocsInStats/></w:settings>"#);
    let counted = |settings: Option<&str>| {
        let mut parts = vec![("word/footnotes.xml", footnotes.as_str())];
        parts.extend(settings.map(|s| ("word/settings.xml", s)));
        let doc = read_docx(&package(body, &parts)).expect("reads");
        let left_out = shenbao::outline::left_out_tally(&doc).map(|t| t.count.words);
        (shenbao::outline::document_tally(&doc).count.words, left_out)
    };
    // 正文四字 4; 甲方（盖章） 6 (the brackets are CJK marks); 注释三字 4.
    assert_eq!(counted(None), (14, None));
    assert_eq!(counted(Some(&excluded)), (4, Some(10)));

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("设置不计文本框.docx");
    std::fs::write(&file, package(body, &[("word/footnotes.xml", &footnotes), ("word/settings.xml", &excluded)]))
        .expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .arg("count")
        .arg(&file)
        .env("SHENBAO_LANG", "zh")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("其中的 10 字未计入上表"), "{text}");
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .arg("count")
        .arg(&file)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!((json["total"]["words"].as_u64(), json["left_out"]["words"].as_u64()), (Some(4), Some(10)));
}

#[test]
fn a_text_box_in_a_table_cell() {
    let doc = read_body(
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r><w:r><w:drawing><wps:txbx><w:txbxContent>
            <w:p><w:r><w:t>框</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>框中表</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        </w:txbxContent></wps:txbx></w:drawing></w:r></w:p><w:p><w:r><w:t>格二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
    );
    assert_eq!(texts(&doc), ["格", "框", "框中表", "格二"]);
    assert_eq!(doc.tables.len(), 1, "a table inside a text box is text-box text");
    assert_eq!(doc.tables[0].rows[0][0].text, "格\n格二");
    assert_eq!(doc.paragraphs[2].place, Place::TextBox);
    assert_eq!(doc.paragraphs[3].place, Place::TableCell { table: 0, row: 0, col: 0 });
}

#[test]
fn nested_tables_are_tables_of_their_own() {
    let doc = read_body(
        r#"<w:p><w:r><w:t>前</w:t></w:r></w:p>
        <w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="1"/></w:tblGrid>
          <w:tr><w:trPr/><w:tc><w:tcPr><w:gridSpan w:val="3"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>外</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>内一</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p/></w:tc>
          <w:tc><w:p><w:r><w:t>右</w:t></w:r></w:p></w:tc></w:tr>
          <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>控件格</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt></w:tr>
        </w:tbl>"#,
    );
    assert_eq!(texts(&doc), ["前", "外", "内一", "内二", "", "右", "", "控件格"]);
    assert_eq!(doc.tables.len(), 2);
    let (outer, inner) = (&doc.tables[0], &doc.tables[1]);
    assert_eq!(outer.first_paragraph, 1);
    assert_eq!(inner.first_paragraph, 2);
    assert_eq!(outer.rows[0][0].span, 3);
    assert!(!outer.rows[0][0].merged_above);
    assert_eq!(outer.rows[0][0].paragraphs, 1..5);
    assert_eq!(outer.rows[0][0].text, "外\n内一\n内二\n");
    assert_eq!(outer.rows[0][1].text, "右");
    assert!(outer.rows[1][0].merged_above);
    assert_eq!(outer.rows[1][1].text, "控件格");
    assert_eq!(inner.rows[0][1].text, "内二");
    assert_eq!(doc.paragraphs[3].place, Place::TableCell { table: 1, row: 0, col: 1 });
    assert_eq!(doc.paragraphs[7].place, Place::TableCell { table: 0, row: 1, col: 1 });
}

#[test]
fn references_symbols_and_special_characters() {
    let doc = read_body(
        r#"<w:p><w:r><w:t>A&amp;B &lt;&#x4E2D;&#25991;&gt; &quot;&apos;&unknown;</w:t>
        <w:tab/><w:br/><w:cr/><w:noBreakHyphen/><w:softHyphen/><w:sym w:font="Wingdings" w:char="F0B7"/><w:t><![CDATA[<&>]]></w:t></w:r>
        <m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath></w:p>"#,
    );
    assert_eq!(texts(&doc), ["A&B <中文> \"'\t\n\n\u{2011}\u{F0B7}<&>x=1"]);
}

#[test]
fn outline_levels_from_paragraphs_style_chains_and_names() {
    let styles = styles_xml(
        r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:rPrDefault></w:docDefaults>
        <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>
        <w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style>
        <w:style w:type="paragraph" w:styleId="Custom"><w:name w:val="My Title"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Derived"><w:name w:val="Derived"/><w:basedOn w:val="Custom"/></w:style>
        <w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop1"/><w:basedOn w:val="Loop2"/></w:style>
        <w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop2"/><w:basedOn w:val="Loop1"/></w:style>"#,
    );
    let p = |style: &str, ppr: &str| {
        format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#)
    };
    let body = [
        p("1", ""),
        p("2", ""),
        p("Custom", ""),
        p("Derived", ""),
        p("a", ""),
        p("a", r#"<w:outlineLvl w:val="0"/>"#),
        p("1", r#"<w:outlineLvl w:val="9"/>"#),
        p("Loop1", ""),
        p("Missing", ""),
        r#"<w:p><w:r><w:t>x</w:t></w:r></w:p>"#.to_owned(),
    ]
    .concat();
    let doc = read_with(&body, &[("word/styles.xml", &styles)]);
    let levels: Vec<Option<u8>> = doc.paragraphs.iter().map(|p| p.outline_level).collect();
    assert_eq!(levels, [Some(1), Some(2), Some(3), Some(3), None, Some(1), None, None, None, None]);
    assert_eq!(doc.paragraphs[0].style_name.as_deref(), Some("heading 1"));
    assert_eq!(doc.paragraphs[8].style_id.as_deref(), Some("Missing"));
    assert_eq!(doc.paragraphs[8].style_name, None);
    assert!(doc.paragraphs.iter().all(|p| p.runs.iter().all(|r| r.east_asian)), "docDefaults hint applies");
}

#[test]
fn east_asian_hints_resolve_and_runs_merge() {
    let styles = styles_xml(
        r#"<w:style w:type="character" w:styleId="EA"><w:name w:val="EA"/><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="EAPara"><w:name w:val="EA Para"/><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:style>"#,
    );
    let doc = read_with(
        r#"<w:p><w:r><w:t>a</w:t></w:r><w:r><w:t>b</w:t></w:r>
          <w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>“</w:t></w:r>
          <w:r><w:rPr><w:rStyle w:val="EA"/></w:rPr><w:t>…</w:t></w:r>
          <w:r><w:rPr><w:rStyle w:val="EA"/><w:rFonts w:hint="default"/></w:rPr><w:t>”</w:t></w:r>
          <w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:t>c</w:t></w:r><w:r><w:t></w:t></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="EAPara"/></w:pPr><w:r><w:t>—</w:t></w:r><w:r><w:rPr><w:rFonts w:hint="cs"/></w:rPr><w:t>x</w:t></w:r></w:p>"#,
        &[("word/styles.xml", &styles)],
    );
    let runs: Vec<(&str, bool)> = doc.paragraphs[0].runs.iter().map(|r| (r.text.as_str(), r.east_asian)).collect();
    assert_eq!(runs, [("ab", false), ("“…", true), ("”c", false)]);
    let runs: Vec<(&str, bool)> = doc.paragraphs[1].runs.iter().map(|r| (r.text.as_str(), r.east_asian)).collect();
    assert_eq!(runs, [("—", true), ("x", false)]);
}

#[test]
fn notes_settings_comments_and_properties() {
    let notes = |kind: &str| {
        format!(
            r#"<?xml version="1.0"?><w:{kind}s {NS}>
            <w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>
            <w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>续</w:t></w:r></w:p></w:{kind}>
            <w:{kind} w:id="1"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> 注一</w:t></w:r></w:p></w:{kind}>
            <w:{kind} w:id="2"><w:p><w:r><w:t>注二</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:{kind}>
            </w:{kind}s>"#
        )
    };
    let (footnotes, endnotes) = (notes("footnote"), notes("endnote"));
    let settings = format!(r#"<w:settings {NS}><w:zoom w:percent="100"/><w:doNotIncludeSubdocsInStats/></w:settings>"#);
    let comments = format!(
        r#"<w:comments {NS}><w:comment w:id="0"><w:p><w:r><w:t>批注</w:t></w:r></w:p></w:comment><w:comment w:id="1"/></w:comments>"#
    );
    let core = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="x">
        <dc:title> 申报书 &amp; 附件 </dc:title><dc:creator>张三</dc:creator><cp:lastModifiedBy></cp:lastModifiedBy>
        <dcterms:created xsi:type="dcterms:W3CDTF">2024-08-01T10:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-08-02T10:00:00Z</dcterms:modified></cp:coreProperties>"#;
    let app = r#"<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="v">
        <Template>Normal.dotm</Template><Application>WPS Office</Application><TitlesOfParts><vt:vector><vt:lpstr>Company</vt:lpstr></vt:vector></TitlesOfParts><Company>某公司</Company></Properties>"#;
    let doc = read_with(
        r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:endnoteReference w:id="2"/></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>"#,
        &[
            ("word/footnotes.xml", &footnotes),
            ("word/endnotes.xml", &endnotes),
            ("word/settings.xml", &settings),
            ("word/comments.xml", &comments),
            ("docProps/core.xml", core),
            ("docProps/app.xml", app),
        ],
    );
    assert_eq!(texts(&doc), ["正文"]);
    assert_eq!(doc.paragraphs[0].note_refs, [NoteRef::Footnote(1), NoteRef::Endnote(2), NoteRef::Footnote(2)]);
    for notes in [&doc.footnotes, &doc.endnotes] {
        assert_eq!(notes.iter().map(|n| n.id).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(notes[0].paragraphs.iter().map(|p| p.text()).collect::<Vec<_>>(), [" 注一"]);
        assert_eq!(notes[1].paragraphs.iter().map(|p| p.text()).collect::<Vec<_>>(), ["注二", "第二段"]);
    }
    assert!(doc.notes_excluded_from_stats);
    assert_eq!(doc.hidden.comments, 2);
    assert_eq!(doc.hidden.deletions, 2, "deletions inside notes count too");
    let p = &doc.properties;
    assert_eq!(p.title.as_deref(), Some("申报书 & 附件"));
    assert_eq!(p.creator.as_deref(), Some("张三"));
    assert_eq!(p.last_modified_by, None);
    assert_eq!(p.created.as_deref(), Some("2024-08-01T10:00:00Z"));
    assert_eq!(p.modified.as_deref(), Some("2024-08-02T10:00:00Z"));
    assert_eq!(p.company.as_deref(), Some("某公司"));
    assert_eq!(p.template.as_deref(), Some("Normal.dotm"));
    assert_eq!(p.application.as_deref(), Some("WPS Office"));

    let off = format!(r#"<w:settings {NS}><w:doNotIncludeSubdocsInStats w:val="false"/></w:settings>"#);
    assert!(!read_with("<w:p/>", &[("word/settings.xml", &off)]).notes_excluded_from_stats);
    assert!(!read_body("<w:p/>").notes_excluded_from_stats);
}

#[test]
fn damaged_side_parts_degrade_and_a_damaged_body_is_an_error() {
    let doc = read_with(
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        &[
            ("word/styles.xml", "<w:styles><w:style></w:styles>"),
            ("word/footnotes.xml", "<w:footnotes><w:footnote w:id=\"1\">"),
            ("word/settings.xml", "<<<"),
            ("docProps/core.xml", "<cp:coreProperties><dc:title>x</dc:creator>"),
        ],
    );
    assert_eq!(texts(&doc), ["正文"]);
    assert!(doc.footnotes.is_empty());
    assert_eq!(doc.properties.title, None);

    let broken = zip_parts(&[("word/document.xml", "<w:document><w:body><w:p></w:body></w:document>")]);
    match read_docx(&broken) {
        Err(DocxError::Xml { part, position, .. }) => {
            assert_eq!(part, "word/document.xml");
            assert!(position > 0);
        }
        other => panic!("expected an XML error, got {other:?}"),
    }
    let truncated = zip_parts(&[("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>半")]);
    assert!(matches!(read_docx(&truncated), Err(DocxError::Xml { .. })));
    let not_utf8 = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(not_utf8);
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).expect("entry");
    zip.write_all(b"<w:document>\xFF\xFE\xFD</w:document>").expect("write");
    let bytes = zip.finish().expect("zip").into_inner();
    assert!(matches!(read_docx(&bytes), Err(DocxError::Xml { .. })));
}

#[test]
fn containers_that_are_not_docx() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    assert!(matches!(read_docx(&ole), Err(DocxError::Ole)));
    let mut noise = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..10_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    assert!(matches!(read_docx(&noise), Err(DocxError::NotZip)));
    assert!(matches!(read_docx(b""), Err(DocxError::NotZip)));
    assert!(matches!(read_docx(b"PK\x03\x04 broken"), Err(DocxError::Zip(_))));
    let no_document = zip_parts(&[("[Content_Types].xml", CONTENT_TYPES), ("word/styles.xml", "<w:styles/>")]);
    assert!(matches!(read_docx(&no_document), Err(DocxError::MissingDocument)));
    // A theme or workbook renamed .docx: the main part is not a w:document.
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="theme/theme/themeManager.xml"/></Relationships>"#;
    let theme =
        zip_parts(&[("_rels/.rels", rels), ("theme/theme/themeManager.xml", "<a:themeManager xmlns:a=\"a\"/>")]);
    assert!(matches!(read_docx(&theme), Err(DocxError::MissingDocument)));
}

#[test]
fn the_main_part_is_found_through_relationships() {
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/word/styles2.xml"/></Relationships>"#;
    let styles = styles_xml(r#"<w:style w:type="paragraph" w:styleId="H"><w:name w:val="heading 3"/></w:style>"#);
    let body = document_xml(r#"<w:p><w:pPr><w:pStyle w:val="H"/></w:pPr><w:r><w:t>网页版</w:t></w:r></w:p>"#);
    let bytes = zip_parts(&[
        ("_rels/.rels", rels),
        ("word/_rels/document2.xml.rels", doc_rels),
        ("word/document2.xml", &body),
        ("word/styles2.xml", &styles),
    ]);
    let doc = read_docx(&bytes).expect("reads");
    assert_eq!(texts(&doc), ["网页版"]);
    assert_eq!(doc.paragraphs[0].outline_level, Some(3));
}

#[test]
fn other_namespace_prefixes_are_understood() {
    let xml = r#"<?xml version="1.0"?><ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w="urn:not-word"><ns0:body>
        <ns0:p><ns0:r><ns0:t>前缀</ns0:t><w:t>不是正文</w:t></ns0:r></ns0:p></ns0:body></ns0:document>"#;
    let doc = read_docx(&zip_parts(&[("word/document.xml", xml)])).expect("reads");
    assert_eq!(texts(&doc), ["前缀"]);
}

#[test]
fn a_half_megabyte_document_reads() {
    let para = "<w:p><w:r><w:t>数据要素乘数效应申报书正文内容</w:t></w:r></w:p>";
    let body = para.repeat(512 * 1024 / para.len() + 1);
    let bytes = package(&body, &[]);
    let mut best = std::time::Duration::MAX;
    let mut doc = Document::default();
    for _ in 0..5 {
        let started = Instant::now();
        doc = read_docx(&bytes).expect("reads");
        best = best.min(started.elapsed());
    }
    assert!(doc.paragraphs.len() > 5000);
    assert!(doc.paragraphs.iter().all(|p| p.text() == "数据要素乘数效应申报书正文内容"));
    eprintln!("{} paragraphs in {best:?}", doc.paragraphs.len());
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 100_000;
    let body = format!(
        "{}<w:p><w:r><w:t>深</w:t></w:r></w:p>{}",
        "<w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    let doc = read_body(&body);
    assert_eq!(texts(&doc), ["深"]);

    // Deep nesting inside a run and inside a skipped subtree, too.
    let body = format!(
        "<w:p><w:r>{}</w:r><w:del>{}</w:del></w:p>",
        "<w:x>".repeat(depth) + &"</w:x>".repeat(depth),
        "<w:r>".repeat(depth) + &"</w:r>".repeat(depth)
    );
    assert_eq!(texts(&read_body(&body)), [""]);
}

#[test]
fn arbitrary_corruptions_never_panic() {
    let good = package(
        r#"<w:p><w:r><w:t>甲乙丙</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>丁</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        &[],
    );
    let mut x: u32 = 7;
    for i in 0..good.len() {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut bad = good.clone();
            bad[i] ^= flip;
            let _ = read_docx(&bad);
        }
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let _ = read_docx(&good[..(x as usize) % good.len()]);
    }
    // Stray structure: cells without rows, rows without tables, text outside runs.
    let doc = read_body(
        r#"<w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tr><w:p><w:t>乙</w:t></w:p></w:tr>
        <w:r><w:t>丙</w:t></w:r><w:p><w:r><w:p><w:r><w:t>丁</w:t></w:r></w:p></w:r></w:p>"#,
    );
    assert_eq!(texts(&doc), ["甲", "", "", "丁"]);
}

// --- the shared real-world corpus -----------------------------------------------------------------

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Han characters in w:t that Word's count leaves out: inside mc:Fallback (the VML copy of a text box)
/// and inside w:del / w:moveFrom (deleted text). Read straight from document.xml.
fn uncounted_han(docx: &[u8]) -> (usize, usize) {
    use quick_xml::events::Event;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(docx)) else { return (0, 0) };
    let Ok(mut part) = zip.by_name("word/document.xml") else { return (0, 0) };
    let mut xml = String::new();
    if std::io::Read::read_to_string(&mut part, &mut xml).is_err() {
        return (0, 0);
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut fallback_depth, mut deleted_depth, mut in_t) = (0usize, 0usize, false);
    let (mut fallback, mut deleted) = (0, 0);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().into_inner() {
                "Fallback" => fallback_depth += 1,
                "del" | "moveFrom" => deleted_depth += 1,
                "t" => in_t = true,
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().into_inner() {
                "Fallback" => fallback_depth = fallback_depth.saturating_sub(1),
                "del" | "moveFrom" => deleted_depth = deleted_depth.saturating_sub(1),
                "t" => in_t = false,
                _ => {}
            },
            Ok(Event::Text(t)) if in_t => {
                let n = AsRef::<str>::as_ref(&t).chars().filter(|&c| is_han(c)).count();
                if fallback_depth > 0 {
                    fallback += n;
                } else if deleted_depth > 0 {
                    deleted += n;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    (fallback, deleted)
}

#[test]
fn the_corpus_reads_without_panics_and_within_the_reference_counts() {
    let Some(corpus) = support::shared("corpus") else {
        return;
    };
    let mut reference = std::collections::HashMap::new();
    if let Ok(manifest) = std::fs::read_to_string(corpus.join("MANIFEST.tsv")) {
        for line in manifest.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(path), Some(info)) = (cols.first(), cols.get(3)) else {
                continue;
            };
            let value = info.split_whitespace().find_map(|kv| kv.strip_prefix("cjk_wt_body="));
            if let Some(n) = value.and_then(|v| v.parse::<usize>().ok()) {
                reference.insert(path.to_string(), n);
            }
        }
    }

    let started = Instant::now();
    let mut slowest: Option<(std::time::Duration, String)> = None;
    let (mut seen, mut refused, mut panicked, mut higher, mut lower, mut unexplained) =
        (0, Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for entry in walkdir::WalkDir::new(&corpus).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if !entry.file_type().is_file() || !matches!(ext.as_str(), "docx" | "docm" | "dotx") {
            continue;
        }
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        seen += 1;
        let rel = path.strip_prefix(&corpus).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let one = Instant::now();
        let result = std::panic::catch_unwind(|| read_docx(&bytes));
        if slowest.as_ref().is_none_or(|(t, _)| one.elapsed() > *t) {
            slowest = Some((one.elapsed(), rel.clone()));
        }
        let doc = match result {
            Err(_) => {
                panicked.push(rel);
                continue;
            }
            Ok(Err(e)) => {
                refused.push(format!("{rel}: {e}"));
                continue;
            }
            Ok(Ok(doc)) => doc,
        };
        let Some(&expected) = reference.get(&rel) else {
            continue;
        };
        let ours: usize =
            doc.paragraphs.iter().flat_map(|p| &p.runs).map(|r| r.text.chars().filter(|&c| is_han(c)).count()).sum();
        let margin = expected / 100;
        if ours > expected + margin {
            higher.push(format!("{rel}: ours {ours} > reference {expected}"));
        } else if ours + margin < expected {
            // The reference counts every w:t; Word does not count the VML fallback copy of a text box
            // (mc:Fallback) nor deleted text (w:del, w:moveFrom). Those must account for the difference.
            let (fallback, deleted) = uncounted_han(&bytes);
            let explained = ours + fallback + deleted;
            let why = format!("text-box fallback copies {fallback}, deleted {deleted}");
            if explained.abs_diff(expected) > margin {
                unexplained.push(format!("{rel}: ours {ours} + {why} ≠ reference {expected}"));
            }
            lower.push(format!("{rel}: ours {ours} < reference {expected} ({why})"));
        }
    }
    let elapsed = started.elapsed();
    eprintln!("{seen} documents in {elapsed:?}: {} refused, {} panicked", refused.len(), panicked.len());
    if let Some((time, rel)) = &slowest {
        eprintln!("  slowest: {rel} in {time:?}");
    }
    for line in &refused {
        eprintln!("  refused: {line}");
    }
    for line in lower.iter().chain(&higher) {
        eprintln!("  differs by >1%: {line}");
    }
    assert!(panicked.is_empty(), "panicked on: {panicked:#?}");
    assert!(higher.is_empty(), "more Han characters than the reference: {higher:#?}");
    assert!(unexplained.is_empty(), "differences not explained: {unexplained:#?}");
    assert!(seen > 500, "only {seen} documents found");
}
