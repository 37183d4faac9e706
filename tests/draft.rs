//! `shenbao notices new`: a rule file drafted from a notice's own 申报书 template (and its text) — the five
//! built-in notices drafted from the template `init` writes and compared with their hand-written rule
//! files, real templates from the corpus, the draft at work in `check`, `count` without a notice, and
//! bad inputs.

#[path = "support/hostile.rs"]
mod hostile_support;
mod support;

use hostile_support::{assert_bounded, package, watched, zip_stored};
use shenbao::diag::Lang;
use shenbao::notice::{load_str, Notice};
use std::path::{Path, PathBuf};
use support::{shared, shenbao_in};

const IDS: [&str; 5] =
    ["cq-2024-cases-2", "ln-2024-cases", "ln-2024-contest", "national-2024-contest", "qh-2025-scenes"];

/// What a draft cannot know from a template and the notice's text, and the hand-written rule files hold:
/// English titles and names, applicant types and their alternatives (营业执照 | 事业单位法人证书),
/// priority ranking, the recommending unit's 汇总表, team rules, tracks with their topics, naming rules,
/// requirements in prose, value lists printed only in the notice, min_figures and table columns a
/// section asks for, aliases of parts, which parts may be published, and the notice's clause numbers
/// for what the template says (the draft cites the template).
const CANNOT_KNOW: [&str; 14] = [
    "title_en / name_en",
    "documents.any_of and unit_types",
    "ranking",
    "summary (汇总表)",
    "team",
    "lists.tracks",
    "naming",
    "requirements",
    "lists printed only in the notice",
    "sections.min_figures and table_columns",
    "parts.aliases",
    "parts.publish",
    "the notice's clause numbers for template rules",
    "submission.contacts, address and max_bundle_bytes",
];

/// Names compare without spaces, quotes and brackets: “信息表” is found in “1、“数据要素×”典型案例申报信息表”.
fn key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !"“”\"'‘’《》".contains(*c)).collect()
}

fn same_title(drafted: &str, title: &str, aliases: &[String]) -> bool {
    let d = key(drafted);
    std::iter::once(title).chain(aliases.iter().map(String::as_str)).any(|t| {
        let t = key(t);
        !t.is_empty() && (d.contains(&t) || t.contains(&d))
    })
}

/// Runs `shenbao init` for a built-in notice and returns the 申报书 it writes.
fn init_template(root: &Path, id: &str) -> PathBuf {
    let out = shenbao_in(root).args(["init", id, "--notice", id]).output().expect("runs");
    assert!(out.status.success(), "init {id}: {}", String::from_utf8_lossy(&out.stderr));
    walkdir::WalkDir::new(root.join(id))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "docx"))
        .map(|e| e.into_path())
        .expect("init writes a .docx")
}

/// Drafts with `notices new`, asserts exit 0 and a file that `notices lint` accepts, and loads it.
fn draft(root: &Path, args: &[&str], out: &str) -> (Notice, String, String) {
    let o = shenbao_in(root).args(["notices", "new"]).args(args).args(["-o", out]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let lint = shenbao_in(root).args(["notices", "lint", out]).output().expect("runs");
    assert!(lint.status.success(), "the draft fails lint: {}", String::from_utf8_lossy(&lint.stderr));
    let text = std::fs::read_to_string(root.join(out)).expect("written");
    let notice = load_str(out, &text, Lang::Zh).expect("the draft loads");
    (notice, text, stderr)
}

#[test]
fn each_built_in_notice_is_drafted_with_every_section_and_limit_of_its_rule_file() {
    let notices = shared("notices");
    let tmp = tempfile::tempdir().expect("tmp");
    for id in IDS {
        let template = init_template(tmp.path(), id);
        let mut args = vec!["--from".to_owned(), template.display().to_string()];
        if let Some(dir) = &notices {
            args.extend(["--notice-text".to_owned(), dir.join(format!("{id}.txt")).display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (d, text, stderr) = draft(tmp.path(), &args, &format!("{id}.toml"));
        let hand = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/{id}.toml")))
            .expect("rule file");
        let hand = load_str(id, &hand, Lang::Zh).expect("built-in loads");

        assert_eq!(key(&d.form.title), key(&hand.form.title), "{id}: the form's title");
        for part in &hand.form.parts {
            let found = d.form.parts.iter().find(|p| same_title(&p.title, &part.title, &part.aliases));
            let found = found.unwrap_or_else(|| panic!("{id}: part “{}” not drafted:\n{text}", part.title));
            assert_eq!(found.limit, part.limit, "{id}: the limit of part “{}”", part.title);
            assert_eq!(found.stamp, part.stamp, "{id}: the seal of part “{}”", part.title);
            for s in &part.sections {
                let got = found.sections.iter().find(|g| same_title(&g.title, &s.title, &s.aliases));
                let got = got.unwrap_or_else(|| panic!("{id}: section “{}” of “{}” not drafted", s.title, part.title));
                assert_eq!(got.limit, s.limit, "{id}: the limit of “{}”", s.title);
            }
        }
        assert_eq!(d.form.parts.len(), hand.form.parts.len(), "{id}: no part more than the template has");
        for table in &hand.form.tables {
            let fields: Vec<_> = d.form.tables.iter().flat_map(|t| &t.fields).collect();
            for f in &table.fields {
                let got = fields.iter().find(|g| key(&g.title()) == key(&f.title()));
                let got = got.unwrap_or_else(|| panic!("{id}: field “{}” not drafted", f.title()));
                assert_eq!(got.limit, f.limit, "{id}: the limit of field “{}”", f.title());
                assert_eq!(got.kind, f.kind, "{id}: the kind of field “{}”", f.title());
                if let (Some(list), Some(want)) = (&got.list, &f.list) {
                    let (a, b) = (d.lists.by_name(list), hand.lists.by_name(want));
                    assert_eq!(a.map(|l| &l.values), b.map(|l| &l.values), "{id}: the options of “{}”", f.label);
                }
            }
        }
        // Every drafted rule cites where it was found; the 请核对 items are counted on stderr.
        assert!(d.form.parts.iter().all(|p| !p.clause.quote.is_empty()), "{id}");
        let n = text.lines().filter(|l| l.starts_with("# 请核对：")).count();
        assert!(stderr.contains(&format!("请核对 {n} 处")), "{id}: {stderr}");
        if notices.is_some() {
            for r in &hand.deadline.rounds {
                assert!(
                    d.deadline.rounds.iter().any(|g| g.date == r.date && g.opens == r.opens),
                    "{id}: deadline {} ({}) not drafted",
                    r.date,
                    r.name
                );
            }
            for q in &hand.quotas {
                let scope = |s| format!("{s:?}");
                assert!(
                    d.quotas.iter().any(|g| scope(g.scope) == scope(q.scope) && (g.min, g.max) == (q.min, q.max)),
                    "{id}: quota {:?} ≤ {:?} not drafted:\n{text}",
                    q.scope,
                    q.max
                );
            }
            let roles = |n: &Notice| n.documents.iter().map(|x| format!("{:?}", x.role)).collect::<Vec<_>>();
            for role in ["Licence", "StampedCopy", "Video", "Picture"] {
                if roles(&hand).iter().any(|r| r == role) && hand.documents.iter().any(|x| x.required) {
                    let needed = hand.documents.iter().any(|x| format!("{:?}", x.role) == role && x.required);
                    if needed {
                        assert!(roles(&d).iter().any(|r| r == role), "{id}: required {role} not drafted");
                    }
                }
            }
        }
    }
    eprintln!("a draft cannot know: {}", CANNOT_KNOW.join("; "));
}

/// A draft of the 辽宁 template works at once: a dossier made from it with a section over its limit fails `check`.
#[test]
fn the_draft_works_at_once_a_section_over_its_limit_is_found() {
    let tmp = tempfile::tempdir().expect("tmp");
    let template = init_template(tmp.path(), "ln-2024-cases");
    let (d, _, _) = draft(tmp.path(), &["--from", &template.display().to_string(), "--id", "my-notice"], "my.toml");
    assert_eq!(d.id, "my-notice");
    let out = shenbao_in(tmp.path()).args(["init", "dossier", "--notice", "my.toml"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docx = walkdir::WalkDir::new(tmp.path().join("dossier"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "docx"))
        .expect("a 申报书")
        .into_path();
    // 400 字 under “一、问题描述（300字以内）”.
    let bytes = std::fs::read(&docx).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut parts: Vec<(String, String)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).expect("text part");
        parts.push((f.name().expect("name").into_owned(), s));
    }
    let doc = &mut parts.iter_mut().find(|(n, _)| n == "word/document.xml").expect("document").1;
    let at = doc.find("问题描述（300字以内）").expect("the heading");
    let end = at + doc[at..].find("</w:p>").expect("its end") + "</w:p>".len();
    doc.insert_str(end, &format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "数".repeat(400)));
    let refs: Vec<(&str, &str)> = parts.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect();
    std::fs::write(&docx, zip_stored(&refs)).expect("write");

    let out = shenbao_in(tmp.path())
        .args(["check", "dossier", "--notice", "my.toml", "--format", "json", "--today", "2024-01-01"])
        .output()
        .expect("runs");
    let json = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{json}");
    assert!(json.contains("\"SB103\"") && json.contains("问题描述"), "SB103 for the section: {json}");
}

#[test]
fn count_without_a_notice_shows_the_limits_headings_state() {
    let tmp = tempfile::tempdir().expect("tmp");
    let template = init_template(tmp.path(), "ln-2024-cases");
    let out = shenbao_in(tmp.path())
        .args(["count", &template.display().to_string(), "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let sections = report["sections"].as_array().expect("sections");
    let limit = |t: &str| {
        sections.iter().find(|s| s["title"].as_str().is_some_and(|x| x.contains(t))).map(|s| s["limit"].clone())
    };
    assert_eq!(limit("问题描述"), Some(serde_json::json!(300)));
    assert_eq!(limit("申报材料"), Some(serde_json::json!(3000)));
    assert_eq!(limit("申报承诺书"), Some(serde_json::Value::Null));
}

/// The corpus templates: the NSFC 面上项目 正文 and the 广东省自然科学基金 面上项目 申请书.
#[test]
fn real_templates_give_sensible_sections_and_limits() {
    let Some(corpus) = shared("corpus") else { return };
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("manifest");
    let path = |want: &[&str]| {
        manifest
            .lines()
            .map(|l| l.split('\t').next().unwrap_or(""))
            .find(|p| p.ends_with(".docx") && !p.contains("~$") && want.iter().all(|w| p.contains(w)))
    };
    let tmp = tempfile::tempdir().expect("tmp");

    let nsfc = path(&["NSFC_General/template", "2025", "面上项目"]).expect("the NSFC template in the manifest");
    let (d, text, _) = draft(tmp.path(), &["--from", &corpus.join(nsfc).display().to_string()], "nsfc.toml");
    let titles: Vec<&str> = d.form.parts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["立项依据与研究内容", "研究基础与工作条件", "其他需要说明的情况"], "{text}");
    assert_eq!(d.form.parts[0].limit, Some(8000), "（建议8000字以下）");
    assert!(text.contains("# 请核对：立项依据与研究内容：“（建议8000字以下）”是约数"), "a soft limit is flagged");
    assert_eq!(d.form.parts[0].sections.len(), 5, "1．…5． under （一）");
    assert_eq!(d.form.parts[1].sections.len(), 4);
    // “另附…摘要（限500字）” binds the abstract, not the section: flagged, not drafted.
    assert_eq!(d.form.parts[1].sections[3].limit, None);
    assert!(text.contains("“（限500字）”提到 500 字"), "{text}");

    let gd = path(&["GDNSF_General/template", "面上项目"]).expect("the 广东 template in the manifest");
    let (d, text, _) = draft(tmp.path(), &["--from", &corpus.join(gd).display().to_string()], "gd.toml");
    let titles: Vec<&str> = d.form.parts.iter().map(|p| p.title.as_str()).collect();
    for want in ["基本信息", "项目计划进度", "经费申请表", "前期研究基础", "项目绩效目标", "研究内容概述", "报告正文"]
    {
        assert!(titles.contains(&want), "{want} in {titles:?}");
    }
    let part = |t: &str| d.form.parts.iter().find(|p| p.title == t).expect("part");
    assert_eq!(part("研究内容概述").limit, Some(1000), "（不超过1000字）");
    assert_eq!(part("项目绩效目标").limit, None, "its limits are its items', not the part's: {text}");
    let fields: Vec<_> = d.form.tables.iter().flat_map(|t| &t.fields).collect();
    let field = |l: &str| fields.iter().find(|f| f.label.contains(l)).map(|f| f.limit);
    assert_eq!(field("摘要"), Some(Some(400)), "摘要（限400字）");
    assert_eq!(field("主要研究内容"), Some(Some(1000)));
}

/// Bad inputs: a clear message, exit 2, bounded, and no file written (not even a temporary one).
#[test]
fn bad_inputs_are_refused_with_a_message_and_nothing_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let plain = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
                 <w:p><w:r><w:t>这是一段普通文字，没有标题。</w:t></w:r></w:p>\
                 <w:p><w:r><w:t>另一段普通文字。</w:t></w:r></w:p></w:body></w:document>";
    let no_headings = zip_stored(&package(plain));
    support::seed("docx", "draft-no-headings.docx", &no_headings);
    std::fs::write(dir.join("无标题.docx"), &no_headings).expect("write");
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.resize(4096, 0);
    std::fs::write(dir.join("模板.doc"), &doc).expect("write");
    // A PDF of one page with no text: what a scan's text layer gives.
    let scanned =
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
                    3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    support::seed("pdf", "draft-scanned-notice.pdf", scanned);
    std::fs::write(dir.join("通知.pdf"), scanned).expect("write");
    let good = init_template(dir, "ln-2024-cases");
    let good = good.display().to_string();

    let cases: [(&[&str], &str, &str); 3] = [
        (&["--from", "无标题.docx"], "模板中没有找到标题", "has no headings"),
        (&["--from", "模板.doc"], "另存为 .docx", "save it as .docx"),
        (&["--from", &good, "--notice-text", "通知.pdf"], "没有文字层", "no text layer"),
    ];
    for (args, zh, en) in cases {
        for (lang, want) in [("zh", zh), ("en", en)] {
            let mut all: Vec<&str> = vec!["notices", "new"];
            all.extend_from_slice(args);
            all.extend(["-o", "规则.toml", "--lang", lang]);
            let run = watched(dir, &all);
            assert_eq!(run.code, Some(2), "{args:?}: {}", run.said());
            assert!(run.stderr.contains(want), "{args:?} {lang}: {}", run.stderr);
            assert_bounded(&format!("notices new {args:?}"), &run, 5.0, 300.0);
            assert!(!dir.join("规则.toml").exists(), "no rule file after {args:?}");
            let litter: Vec<_> = std::fs::read_dir(dir)
                .expect("ls")
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .collect();
            assert!(litter.is_empty(), "no temporary file left: {litter:?}");
        }
    }
}

/// A template of 20 000 numbered headings and a table of 5 000 rows of label and choice cells: drafted within the bounds,
/// the rest left out with a note.
#[test]
fn a_huge_template_is_drafted_within_bounds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut body = String::new();
    for i in 0..20_000 {
        body.push_str(&format!("<w:p><w:r><w:t>一、标题{i}（500字以内）</w:t></w:r></w:p>"));
    }
    body.push_str("<w:tbl>");
    for i in 0..5_000 {
        body.push_str(&format!(
            "<w:tr><w:tc><w:p><w:r><w:t>栏目{i}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>□甲 □乙</w:t></w:r></w:p></w:tc></w:tr>"
        ));
    }
    body.push_str("</w:tbl>");
    let xml = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let bytes = hostile_support::zip_deflated(&package(&xml));
    if bytes.len() < 512 * 1024 {
        support::seed("docx", "draft-huge-template.docx", &bytes);
    }
    std::fs::write(tmp.path().join("大模板.docx"), &bytes).expect("write");
    let run = watched(tmp.path(), &["notices", "new", "--from", "大模板.docx", "-o", "out.toml"]);
    assert_eq!(run.code, Some(0), "{}", run.said());
    assert_bounded("notices new on a huge template", &run, 5.0, 300.0);
    assert!(run.stderr.contains("模板的部分超过 200 个"), "{}", run.stderr);
    let text = std::fs::read_to_string(tmp.path().join("out.toml")).expect("written");
    assert_eq!(text.matches("[[form.parts]]").count(), 200);
}
