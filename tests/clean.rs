//! `shenbao clean`: revision documents generated here (every kind of tracked change, comments with their
//! parts, properties, rsids, hidden text) are cleaned through the binary; the copy must open (every
//! relationship target exists, every part has a content type), count as the original counts, pass
//! `check` without SB701/SB702/SB704, and read in LibreOffice as the original with its changes accepted.

#[path = "support/hostile.rs"]
mod hostile_support;
mod support;

use hostile_support::{assert_bounded, watched};

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:v=\"urn:schemas-microsoft-com:vml\"";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

/// The body of the revision document: every kind of tracked change Word writes.
fn body() -> String {
    let del = |id: u32, text: &str| {
        format!("<w:del w:id=\"{id}\" w:author=\"王五\" w:date=\"2024-08-01T10:00:00Z\"><w:r w:rsidDel=\"00A1\"><w:delText>{text}</w:delText></w:r></w:del>")
    };
    let ins = |id: u32, inner: &str| format!("<w:ins w:id=\"{id}\" w:author=\"王五\">{inner}</w:ins>");
    let mark_del = "<w:rPr><w:del w:id=\"90\" w:author=\"王五\"/></w:rPr>";
    [
        // insertion and deletion in one paragraph, rsids everywhere
        format!("<w:p w:rsidR=\"00AB12CD\" w:rsidRDefault=\"00AB12CD\">{}{}{}</w:p>", run("保留文字"), ins(1, &run("插入文字")), del(2, "删除文字")),
        // a move: the moved text kept once, where it went
        format!("<w:p><w:moveFromRangeStart w:id=\"3\" w:name=\"m1\" w:author=\"王五\"/><w:moveFrom w:id=\"4\" w:author=\"王五\">{}</w:moveFrom><w:moveFromRangeEnd w:id=\"3\"/>{}</w:p>", run("移动的句子"), run("原地文字")),
        format!("<w:p><w:moveToRangeStart w:id=\"5\" w:name=\"m1\" w:author=\"王五\"/><w:moveTo w:id=\"6\" w:author=\"王五\">{}</w:moveTo><w:moveToRangeEnd w:id=\"5\"/></w:p>", run("移动的句子")),
        // a deleted paragraph mark: the two paragraphs become one, with the second's properties
        format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/>{mark_del}</w:pPr>{}</w:p>", run("前半段")),
        format!("<w:p><w:pPr><w:jc w:val=\"left\"/><w:pPrChange w:id=\"7\" w:author=\"王五\"><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:pPrChange></w:pPr>{}</w:p>", run("后半段")),
        // a wholly deleted paragraph (text and mark), then the next paragraph
        format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/>{mark_del}</w:pPr>{}</w:p>", del(8, "整段删除的标题")),
        format!("<w:p>{}</w:p>", run("下一段正文")),
        // formatting change, comment anchors and reference, hidden text
        format!("<w:p><w:commentRangeStart w:id=\"0\"/><w:r><w:rPr><w:b/><w:rPrChange w:id=\"9\" w:author=\"王五\"><w:rPr/></w:rPrChange></w:rPr><w:t>加粗的字</w:t></w:r><w:commentRangeEnd w:id=\"0\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"0\"/></w:r><w:commentRangeStart w:id=\"1\"/>{}<w:commentRangeEnd w:id=\"1\"/><w:r><w:commentReference w:id=\"1\"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r></w:p>", run("批注所指")),
        // a table: property change, a deleted row, an inserted row, insertion in a cell
        format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblPrChange w:id=\"10\" w:author=\"王五\"><w:tblPr/></w:tblPrChange></w:tblPr><w:tblGrid><w:gridCol w:w=\"4000\"/></w:tblGrid>\
             <w:tr><w:tc><w:p>{}{}</w:p></w:tc></w:tr>\
             <w:tr><w:trPr><w:del w:id=\"11\" w:author=\"王五\"/></w:trPr><w:tc><w:p>{}</w:p></w:tc></w:tr>\
             <w:tr><w:trPr><w:ins w:id=\"12\" w:author=\"王五\"/></w:trPr><w:tc><w:p>{}</w:p></w:tc></w:tr></w:tbl>",
            run("单元格"),
            ins(13, &run("格内插入")),
            del(14, "删除的行"),
            run("插入的行")
        ),
        // a text box holding an insertion and a deletion
        format!(
            "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p>{}{}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>{}</w:p>",
            ins(15, &run("框内插入")),
            del(16, "框内删除"),
            run("锚定段落")
        ),
        // a footnote reference
        "<w:p><w:r><w:t>脚注在此</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>".to_owned(),
        "<w:sectPr w:rsidR=\"00AB12CD\"><w:headerReference w:type=\"default\" r:id=\"rId8\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:sectPrChange w:id=\"17\" w:author=\"王五\"><w:sectPr/></w:sectPrChange></w:sectPr>".to_owned(),
    ]
    .concat()
}

/// The body's visible text with every change accepted, paragraph by paragraph (hidden text kept).
const ACCEPTED: &[&str] = &[
    "保留文字插入文字",
    "原地文字",
    "移动的句子",
    "前半段后半段",
    "下一段正文",
    "加粗的字批注所指隐藏文字",
    "单元格格内插入",
    "插入的行",
    "框内插入",
    "锚定段落",
    "脚注在此",
];

fn part(name: &str, xml: &str) -> (String, Vec<u8>) {
    (name.to_owned(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n{xml}").into_bytes())
}

/// A complete revision document: body, header, footnotes, comments with their extended parts and people,
/// settings with rsids and an attached template, core, app and custom properties.
fn revision_docx(body: &str) -> Vec<u8> {
    let ct = "application/vnd.openxmlformats-officedocument";
    let overrides = [
        ("/word/document.xml", "wordprocessingml.document.main+xml"),
        ("/word/styles.xml", "wordprocessingml.styles+xml"),
        ("/word/settings.xml", "wordprocessingml.settings+xml"),
        ("/word/comments.xml", "wordprocessingml.comments+xml"),
        ("/word/commentsExtended.xml", "wordprocessingml.commentsExtended+xml"),
        ("/word/commentsIds.xml", "wordprocessingml.commentsIds+xml"),
        ("/word/people.xml", "wordprocessingml.people+xml"),
        ("/word/footnotes.xml", "wordprocessingml.footnotes+xml"),
        ("/word/header1.xml", "wordprocessingml.header+xml"),
        ("/docProps/core.xml", "package.core-properties+xml"),
        ("/docProps/app.xml", "extended-properties+xml"),
        ("/docProps/custom.xml", "custom-properties+xml"),
    ];
    let overrides: String = overrides
        .iter()
        .map(|(p, t)| {
            let t = if t.starts_with("package.") {
                format!("application/vnd.openxmlformats-{t}")
            } else {
                format!("{ct}.{t}")
            };
            format!("<Override PartName=\"{p}\" ContentType=\"{t}\"/>")
        })
        .collect();
    let rels = |list: &[(&str, &str, &str)]| {
        let items: String = list
            .iter()
            .map(|(id, kind, target)| {
                let external = if target.starts_with("file:") { " TargetMode=\"External\"" } else { "" };
                let kind = if kind.starts_with("http") { (*kind).to_owned() } else { format!("{REL}/{kind}") };
                format!("<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{target}\"{external}/>")
            })
            .collect();
        format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{items}</Relationships>")
    };
    let parts = vec![
        part("[Content_Types].xml", &format!("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>{overrides}</Types>")),
        part("_rels/.rels", &rels(&[
            ("rId1", "officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
            ("rId3", "extended-properties", "docProps/app.xml"),
            ("rId4", "custom-properties", "docProps/custom.xml"),
        ])),
        part("word/document.xml", &format!("<w:document {W}><w:body>{body}</w:body></w:document>")),
        part("word/_rels/document.xml.rels", &rels(&[
            ("rId1", "styles", "styles.xml"),
            ("rId2", "settings", "settings.xml"),
            ("rId3", "comments", "comments.xml"),
            ("rId4", "http://schemas.microsoft.com/office/2011/relationships/commentsExtended", "commentsExtended.xml"),
            ("rId5", "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds", "commentsIds.xml"),
            ("rId6", "http://schemas.microsoft.com/office/2011/relationships/people", "people.xml"),
            ("rId7", "footnotes", "footnotes.xml"),
            ("rId8", "header", "header1.xml"),
        ])),
        part("word/styles.xml", &format!("<w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style></w:styles>")),
        part("word/settings.xml", &format!("<w:settings {W}><w:zoom w:percent=\"100\"/><w:attachedTemplate r:id=\"rId1\"/><w:trackRevisions/><w:rsids><w:rsidRoot w:val=\"00AB12CD\"/><w:rsid w:val=\"00A1\"/></w:rsids></w:settings>")),
        part("word/_rels/settings.xml.rels", &rels(&[("rId1", "attachedTemplate", "file:///C:/Users/wangwu/AppData/Roaming/Microsoft/Templates/Normal.dotm")])),
        part("word/comments.xml", &format!("<w:comments {W}><w:comment w:id=\"0\" w:author=\"王五\"><w:p><w:r><w:annotationRef/></w:r>{}</w:p></w:comment><w:comment w:id=\"1\" w:author=\"李四\"><w:p>{}</w:p></w:comment></w:comments>", run("这里还要改"), run("数据待核实"))),
        part("word/commentsExtended.xml", "<w15:commentsEx xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"><w15:commentEx w15:paraId=\"1\" w15:done=\"0\"/></w15:commentsEx>"),
        part("word/commentsIds.xml", "<w16cid:commentsIds xmlns:w16cid=\"http://schemas.microsoft.com/office/word/2016/wordml/cid\"><w16cid:commentId w16cid:paraId=\"1\" w16cid:durableId=\"2\"/></w16cid:commentsIds>"),
        part("word/people.xml", "<w15:people xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"><w15:person w15:author=\"王五\"/></w15:people>"),
        part("word/footnotes.xml", &format!("<w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id=\"1\"><w:p>{}{}</w:p></w:footnote></w:footnotes>", run("脚注原文"), "<w:del w:id=\"30\" w:author=\"王五\"><w:r><w:delText>脚注删除</w:delText></w:r></w:del><w:ins w:id=\"31\" w:author=\"王五\"><w:r><w:t>脚注插入</w:t></w:r></w:ins>")),
        part("word/header1.xml", &format!("<w:hdr {W}><w:p>{}<w:ins w:id=\"40\" w:author=\"王五\">{}</w:ins><w:del w:id=\"41\" w:author=\"王五\"><w:r><w:delText>页眉删除</w:delText></w:r></w:del></w:p></w:hdr>", run("页眉"), run("页眉插入"))),
        part("docProps/core.xml", "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>申报书</dc:title><dc:creator>王五</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy><dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-08-01T10:00:00Z</dcterms:created></cp:coreProperties>"),
        part("docProps/app.xml", "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Template>C:\\Users\\wangwu\\Templates\\Normal.dotm</Template><Company>某某科技有限公司</Company><Manager>赵六</Manager><Application>Microsoft Office Word</Application></Properties>"),
        part("docProps/custom.xml", "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"审核人\"><vt:lpwstr>王五</vt:lpwstr></property><property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"3\" name=\"KSOProductBuildVer\"><vt:lpwstr>2052-11.1</vt:lpwstr></property></Properties>"),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(name, opts).expect("entry");
        zip.write_all(&data).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// Every part of a package, by name.
fn parts_of(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the copy is a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("inflates");
        out.insert(name, String::from_utf8_lossy(&data).into_owned());
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The copy opens: every internal relationship target exists, every part has a content type.
fn assert_opens(parts: &BTreeMap<String, String>) {
    let lower: HashSet<String> = parts.keys().map(|k| k.to_ascii_lowercase()).collect();
    let types = &parts["[Content_Types].xml"];
    let defaults: HashSet<String> =
        types.split("<Default").skip(1).filter_map(|t| attr(t, "Extension")).map(str::to_ascii_lowercase).collect();
    let overrides: HashSet<String> = types
        .split("<Override")
        .skip(1)
        .filter_map(|t| attr(t, "PartName"))
        .map(|p| p.trim_start_matches('/').to_ascii_lowercase())
        .collect();
    for o in &overrides {
        assert!(lower.contains(o), "a content type names a missing part {o}");
    }
    for name in parts.keys().filter(|n| !n.ends_with('/') && *n != "[Content_Types].xml") {
        let ext = name.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
        assert!(
            defaults.contains(&ext) || overrides.contains(&name.to_ascii_lowercase()),
            "{name} has no content type"
        );
    }
    for (name, xml) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let dir = name.split("_rels/").next().unwrap_or_default();
        for rel in xml.split("<Relationship").skip(1).filter(|r| r.starts_with(' ')) {
            if rel.contains("TargetMode=\"External\"") {
                continue;
            }
            let target = attr(rel, "Target").expect("target");
            let mut path: Vec<&str> = Vec::new();
            let joined =
                if let Some(abs) = target.strip_prefix('/') { abs.to_owned() } else { format!("{dir}{target}") };
            for seg in joined.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        path.pop();
                    }
                    s => path.push(s),
                }
            }
            let resolved = path.join("/").to_ascii_lowercase();
            assert!(lower.contains(&resolved), "{name}: relationship to missing {resolved}");
        }
    }
}

fn count_json(dir: &Path, file: &Path) -> serde_json::Value {
    let out = support::shenbao_in(dir).arg("count").arg(file).args(["--format", "json"]).output().expect("runs");
    assert!(out.status.success(), "count {}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut v = v;
    strip_paths(&mut v);
    v
}

/// The JSON without the file names (which differ between the original and the copy).
fn strip_paths(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.remove("file");
            map.remove("path");
            map.values_mut().for_each(strip_paths);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_paths),
        _ => {}
    }
}

#[test]
fn every_kind_of_revision_is_accepted_and_comments_and_personal_data_go() {
    let tmp = tempfile::tempdir().expect("tmp");
    let original = tmp.path().join("申报书.docx");
    let bytes = revision_docx(&body());
    std::fs::write(&original, &bytes).expect("write");
    support::seed("docx", "clean-revisions.docx", &bytes);

    let run = watched(tmp.path(), &["clean", "申报书.docx"]);
    assert_eq!(run.code, Some(0), "{}", run.said());
    let copy = tmp.path().join("申报书（清理后）.docx");
    assert!(run.stdout.contains("已写出") && run.stdout.contains("申报书（清理后）.docx"), "{}", run.stdout);
    // 2 comments; 6 properties: creator, lastModifiedBy, Company, Manager, the template's path, 2 custom
    // properties and the attached template make 8.
    assert!(run.stdout.contains("删除批注 2 条，清除文档属性 8 项"), "{}", run.stdout);
    assert!(run.stdout.contains("接受修订 "), "{}", run.stdout);
    assert!(run.stdout.contains("保留隐藏文字 1 处") && run.stdout.contains("--remove-hidden"), "{}", run.stdout);
    assert_eq!(std::fs::read(&original).expect("original"), bytes, "the original is never changed");

    let parts = parts_of(&std::fs::read(&copy).expect("copy"));
    assert_opens(&parts);
    for gone in [
        "word/comments.xml",
        "word/commentsExtended.xml",
        "word/commentsIds.xml",
        "word/people.xml",
        "docProps/custom.xml",
    ] {
        assert!(!parts.contains_key(gone), "{gone} is still in the copy");
    }
    for (name, xml) in &parts {
        for mark in [
            "<w:ins ",
            "<w:del ",
            "<w:moveFrom",
            "<w:moveTo",
            "Change ",
            "<w:delText",
            "commentRange",
            "commentReference",
            "rsid",
            "王五",
            "李四",
            "赵六",
            "某某科技",
            "wangwu",
            "comments",
            "people.xml",
            "custom",
        ] {
            assert!(!xml.contains(mark), "{name} still holds {mark:?}: {xml}");
        }
    }
    // The runs that held only a comment reference go with it, not left behind empty.
    let doc = &parts["word/document.xml"];
    for empty in ["<w:r></w:r>", "<w:r/>", "CommentReference"] {
        assert!(!doc.contains(empty), "an emptied run is left: {empty:?} in {doc}");
    }
    let settings = &parts["word/settings.xml"];
    assert!(settings.contains("<w:zoom w:percent=\"100\"/><w:removePersonalInformation/>"), "{settings}");
    assert!(!settings.contains("attachedTemplate"), "{settings}");
    assert!(parts["docProps/app.xml"].contains("<Template>Normal.dotm</Template>"), "{}", parts["docProps/app.xml"]);
    assert!(parts["docProps/core.xml"].contains("<dc:title>申报书</dc:title>"), "the title stays");

    // The body's text, paragraph by paragraph, is the accepted text.
    let doc = &parts["word/document.xml"];
    let paragraphs: Vec<String> = visible_paragraphs(doc);
    assert_eq!(paragraphs, ACCEPTED, "{doc}");
    // The joined paragraph takes the surviving (second) paragraph's properties, the deleted heading's are gone.
    assert!(doc.contains("<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr><w:r><w:t xml:space=\"preserve\">前半段"), "{doc}");
    assert!(!doc.contains("Heading1"), "{doc}");
    assert!(parts["word/header1.xml"].contains("页眉插入") && !parts["word/header1.xml"].contains("页眉删除"));
    assert!(parts["word/footnotes.xml"].contains("脚注插入") && !parts["word/footnotes.xml"].contains("脚注删除"));

    // The totals: the reader does not join paragraphs over a deleted mark, so the deleted heading still
    // opens a section in the original's outline (not in the copy's); the 字数 are the same.
    let total = |file: &Path| count_json(tmp.path(), file)["total"].clone();
    assert_eq!(total(&original), total(&copy), "count of the copy == count of the original");
    // LibreOffice's text export leaves text boxes out: the box's paragraph is compared in the XML above.
    let outside_boxes: Vec<&str> = ACCEPTED.iter().copied().filter(|p| *p != "框内插入").collect();
    libreoffice_text_is(tmp.path(), &copy, &outside_boxes);
}

/// The text of each body paragraph (`w:t` only), text-box paragraphs in their place, in order.
fn visible_paragraphs(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = doc;
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        let end = rest[i..].find('>').expect("tag") + i;
        let tag = &rest[i + 1..end];
        rest = &rest[end + 1..];
        if let Some(last) = stack.last_mut() {
            if !text.is_empty() {
                last.push_str(text);
            }
        }
        let name = tag.trim_end_matches('/').split_whitespace().next().unwrap_or_default();
        if name == "w:p" && !tag.ends_with('/') {
            stack.push(String::new());
        } else if name == "/w:p" {
            out.push(stack.pop().unwrap_or_default());
        }
    }
    // A text box's paragraphs close before the paragraph anchoring it: they come first.
    out.retain(|p| !p.is_empty());
    out
}

/// LibreOffice converts the copy (when installed), and its text is `expected` (paragraph by paragraph,
/// blank lines and the header/footnote left out).
fn libreoffice_text_is(dir: &Path, copy: &Path, expected: &[&str]) {
    let Some(soffice) = support::soffice() else {
        eprintln!("note: soffice not found, LibreOffice conversion skipped");
        return;
    };
    let out_dir = dir.join("lo");
    let profile = dir.join("lo-profile");
    let pdftotext = which("pdftotext").ok();
    let target = if pdftotext.is_some() { "pdf" } else { "txt:Text (encoded):UTF8" };
    let status = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", target, "--outdir"])
        .arg(&out_dir)
        .arg(copy)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice: {}", String::from_utf8_lossy(&status.stderr));
    let stem = copy.file_stem().expect("stem").to_string_lossy().into_owned();
    let text = if let Some(pdftotext) = pdftotext {
        let pdf = out_dir.join(format!("{stem}.pdf"));
        let out = std::process::Command::new(pdftotext).arg(&pdf).arg("-").output().expect("pdftotext");
        String::from_utf8_lossy(&out.stdout).into_owned()
    } else {
        eprintln!("note: pdftotext not found, LibreOffice's own text export compared instead");
        std::fs::read_to_string(out_dir.join(format!("{stem}.txt"))).expect("LibreOffice wrote the text")
    };
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '\u{feff}').collect::<String>();
    let got = squash(&text);
    let want = squash(&expected.concat());
    // LibreOffice's text keeps body order; the footnote and header texts may come around it.
    // The footnote's number and text may follow the body.
    assert!(got.starts_with(&want), "LibreOffice reads {got:?}, expected {want:?}");
    for gone in ["删除文字", "整段删除", "删除的行", "框内删除", "这里还要改"] {
        assert!(!got.contains(gone), "LibreOffice still shows {gone:?}: {got}");
    }
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(program)).find(|p| p.is_file()))
        .ok_or(())
}

#[test]
fn bad_input_is_refused_with_exit_2_and_nothing_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("假的.docx"), "这不是 Word 文件").expect("write");
    let run = watched(tmp.path(), &["clean", "假的.docx"]);
    assert_eq!(run.code, Some(2), "{}", run.said());
    assert!(run.stderr.contains("不是 .docx 文件") && run.stderr.contains("未写出任何文件"), "{}", run.stderr);
    assert!(!tmp.path().join("假的（清理后）.docx").exists());

    std::fs::write(tmp.path().join("a.docx"), revision_docx(&body())).expect("write");
    let run = watched(tmp.path(), &["clean", "a.docx", "-o", "a.docx", "--lang", "en"]);
    assert_eq!(run.code, Some(2), "{}", run.said());
    assert!(run.stderr.contains("is the original"), "{}", run.stderr);

    let run = watched(tmp.path(), &["clean", "notes.txt"]);
    assert_eq!(run.code, Some(2), "{}", run.said());
    assert!(run.stderr.contains("clean 只处理 Word 文档"), "{}", run.stderr);
}

#[test]
fn english_summary_and_hidden_text_removed_on_request() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("a.docx"), revision_docx(&body())).expect("write");
    let run = watched(tmp.path(), &["clean", "a.docx", "-o", "b.docx", "--remove-hidden", "--lang", "en"]);
    assert_eq!(run.code, Some(0), "{}", run.said());
    assert!(run.stdout.contains("removed 2 comment(s), cleared 8 document properties"), "{}", run.stdout);
    assert!(run.stdout.contains("removed 1 run(s) of hidden text"), "{}", run.stdout);
    let parts = parts_of(&std::fs::read(tmp.path().join("b.docx")).expect("copy"));
    assert!(!parts["word/document.xml"].contains("隐藏文字"));
}

/// A chain of 100 000 paragraphs joined over deleted marks is rewritten in linear time; paragraphs
/// nested past the cap are refused with exit 2.
#[test]
fn hostile_revision_documents_stay_bounded() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mark = "<w:p><w:pPr><w:rPr><w:del w:id=\"1\" w:author=\"x\"/></w:rPr></w:pPr><w:r><w:t>字</w:t></w:r></w:p>";
    let chain = format!("{}<w:p><w:r><w:t>尾</w:t></w:r></w:p>", mark.repeat(100_000));
    let bytes = revision_docx(&chain);
    support::seed("docx", "clean-joined-chain.docx", &bytes[..bytes.len().min(500 << 10)]);
    std::fs::write(tmp.path().join("chain.docx"), &bytes).expect("write");
    let run = watched(tmp.path(), &["clean", "chain.docx"]);
    assert_eq!(run.code, Some(0), "{}", run.said());
    assert_bounded("100 000 joined paragraphs", &run, 10.0, 300.0);
    let parts = parts_of(&std::fs::read(tmp.path().join("chain（清理后）.docx")).expect("copy"));
    assert_eq!(visible_paragraphs(&parts["word/document.xml"]), [format!("{}尾", "字".repeat(100_000))]);

    let deep = format!("{}{}", "<w:tbl><w:tr><w:tc>".repeat(300), "<w:p/></w:tc></w:tr></w:tbl>".repeat(300));
    let header_deep = revision_docx(&format!("<w:p/>{deep}"));
    support::seed("docx", "clean-deep-tables.docx", &header_deep);
    std::fs::write(tmp.path().join("deep.docx"), &header_deep).expect("write");
    let run = watched(tmp.path(), &["clean", "deep.docx"]);
    assert_eq!(run.code, Some(2), "{}", run.said());
    assert!(run.stderr.contains("嵌套层数超过 256 层"), "{}", run.stderr);
    assert_bounded("tables 300 deep", &run, 10.0, 300.0);
}

/// Every Chinese .docx of ../shared/corpus: cleaning never fails where reading succeeds, the copy reads,
/// and its count is the original's.
#[test]
fn the_corpus_cleans_with_counts_unchanged() {
    let Some(corpus) = support::shared("corpus") else {
        eprintln!("skipped: ../shared/corpus not found");
        return;
    };
    let Ok(manifest) = std::fs::read_to_string(corpus.join("MANIFEST.tsv")) else {
        eprintln!("skipped: MANIFEST.tsv not found");
        return;
    };
    let mut cleaned = 0;
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [path, "docx", _, info] = cols[..] else { continue };
        let chinese = info.split(' ').any(|f| f.strip_prefix("cjk_wt_body=").is_some_and(|n| n != "0"));
        if !chinese {
            continue;
        }
        let Ok(bytes) = std::fs::read(corpus.join(path)) else { continue };
        let Ok(before) = shenbao::read::docx::read_docx(&bytes) else { continue };
        let copy =
            shenbao::clean::clean(&bytes, shenbao::clean::Options::default()).unwrap_or_else(|e| panic!("{path}: {e}"));
        let after = shenbao::read::docx::read_docx(&copy.bytes).unwrap_or_else(|e| panic!("{path}: the copy: {e}"));
        assert_eq!(
            shenbao::outline::document_tally(&before),
            shenbao::outline::document_tally(&after),
            "{path}: count changed"
        );
        assert_eq!(after.hidden.comments + after.hidden.insertions + after.hidden.deletions, 0, "{path}");
        assert_opens(&parts_of(&copy.bytes));
        cleaned += 1;
    }
    eprintln!("{cleaned} Chinese corpus documents cleaned");
    assert!(cleaned > 50, "cleaned {cleaned}");
}
