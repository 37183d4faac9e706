//! The dossier.toml `init` writes: what is known filled in, every other key the notice uses commented out
//! with its choices (a value that is not known is never invented, so `check` reports what is missing
//! instead of tripping on a placeholder), the list of documents to add, and the `[shenbao]` record.
//!
//! The comments are in Chinese: the file is for applicants.

use super::Request;
use crate::dossier::{CreatedFile, DossierConfig};
use crate::notice::{Format, Notice, NoticeKind};
use std::fmt::Write as _;

/// The comment line above the `[shenbao]` record.
pub const RECORD_COMMENT: &str =
    "# 以下由 shenbao init 维护：它生成的文件及其 SHA-256。init --force 只重新生成其中内容未改动的文件，请勿手改。";
const RECORD_HEADER: &str = "[shenbao]";

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn list(values: &[String]) -> String {
    values.join("、")
}

fn formats(fs: &[Format]) -> String {
    fs.iter().map(|f| f.as_str().to_uppercase()).collect::<Vec<_>>().join("/")
}

/// The words of file-name patterns: `*营业执照*` → “营业执照”.
fn words(patterns: &[String]) -> String {
    let words: Vec<String> = patterns
        .iter()
        .map(|p| p.trim_matches('*'))
        .filter(|p| !p.is_empty() && !p.contains(['*', '?', '/']) && !p.starts_with('.'))
        .take(3)
        .map(|p| format!("“{p}”"))
        .collect();
    words.join("或")
}

/// A key the applicant may fill in: written out when known, else commented out.
fn key(out: &mut String, comment: &str, name: &str, value: Option<&str>, example: &str) {
    let _ = writeln!(out, "\n# {comment}");
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => {
            let _ = writeln!(out, "{name} = {}", quoted(v));
        }
        None => {
            let _ = writeln!(out, "# {name} = {example}");
        }
    }
}

/// dossier.toml without its `[shenbao]` record.
pub fn text(request: &Request<'_>, application: &str, folders: &[String]) -> String {
    let n: &Notice = request.notice;
    let mut out = String::new();
    let _ = writeln!(out, "# 申报材料信息，供 shenbao 检查、打包和汇总使用。");
    let _ = writeln!(out, "# 以 # 开头的行是注释；填写某一项时，去掉该行行首的“# ”。");
    let _ =
        writeln!(out, "# 通知：{}{}", n.title, n.doc_number.as_deref().map(|d| format!("（{d}）")).unwrap_or_default());
    for r in &n.deadline.rounds {
        let about = if r.approximate { "（约）" } else { "" };
        let _ = writeln!(out, "# 截止：{}{about} {}", r.date, r.name);
    }
    let _ = writeln!(out, "notice = {}", quoted(request.notice_spec));

    let item = n.item.as_str();
    let mut name_comment = format!("{item}名称（与申报书封面、申报表一致）");
    if let Some(rule) = n.naming.iter().find(|r| r.what == crate::notice::NamingTarget::CaseName) {
        let _ = write!(
            name_comment,
            "。通知要求的形式：{}",
            rule.format.replace("{领域}", "XX").replace("{名称}", &format!("{item}名称"))
        );
    }
    key(&mut out, &name_comment, "name", request.name, "\"\"");
    let unit_word = match n.kind {
        NoticeKind::Contest => "参赛单位（牵头参赛单位）",
        NoticeKind::Scenes => "牵头单位",
        NoticeKind::Cases => "申报单位（主申报单位）",
    };
    key(&mut out, unit_word, "unit", request.unit, "\"\"");

    // The notice's list when it has one; else the type still decides which 证照 is asked for.
    if let Some(types) = &n.lists.unit_types {
        key(&mut out, &format!("单位类型，可选：{}", list(&types.values)), "unit_type", None, "\"\"");
    } else if n.documents.iter().any(|d| d.any_of.iter().any(|a| !a.unit_types.is_empty())) {
        key(&mut out, "单位类型（如 企业、事业单位；决定应提交哪种证照）", "unit_type", None, "\"\"");
    }
    let joint = match n.kind {
        NoticeKind::Scenes => "参与单位",
        NoticeKind::Contest => "合作组队的其他参赛单位",
        NoticeKind::Cases => "联合申报单位",
    };
    key(&mut out, joint, "joint_units", None, "[\"\"]");
    if let Some(fields) = &n.lists.fields {
        key(&mut out, &format!("领域，可选：{}", list(&fields.values)), "field", None, "\"\"");
    }
    if let Some(tracks) = &n.lists.tracks {
        let names: Vec<String> = tracks.tracks.iter().map(|t| t.name.clone()).collect();
        key(&mut out, &format!("赛道，可选：{}", list(&names)), "track", None, "\"\"");
        let _ = writeln!(out, "\n# 赛题（每个项目限报一个，选定后不得更改）：");
        for t in &tracks.tracks {
            let _ = writeln!(out, "#   {}：{}", t.name, list(&t.topics));
        }
        let _ = writeln!(out, "# topic = \"\"");
    }
    if let Some(d) = &n.lists.directions {
        key(&mut out, &format!("申报方向（可多选）：{}", list(&d.values)), "directions", None, "[\"\"]");
    }
    if let Some(a) = &n.lists.areas {
        key(&mut out, &format!("应用领域（可多选）：{}", list(&a.values)), "areas", None, "[\"\"]");
    }
    if n.ranking.is_some()
        || n.summary.is_some()
        || n.quotas.iter().any(|q| q.scope != crate::notice::QuotaScope::PerApplicant)
    {
        key(&mut out, "推荐单位", "recommender", None, "\"\"");
        key(&mut out, "地区（按地区计名额时）", "region", None, "\"\"");
        key(&mut out, "部门（按部门计名额时）", "department", None, "\"\"");
    }
    if n.ranking.is_some() {
        key(&mut out, "优先级排序：1 为最优先（通知要求按优先级排序报送）", "priority", None, "1");
    }
    if n.deadline.rounds.len() > 1 {
        let names: Vec<String> = n.deadline.rounds.iter().map(|r| r.name.clone()).collect();
        key(&mut out, &format!("针对的批次（默认为下一个未截止的批次）：{}", list(&names)), "round", None, "\"\"");
    }

    let _ =
        writeln!(out, "\n# 材料清单。shenbao 按文件名查找材料，可放在子文件夹中；文件名对不上时，在 [files] 中指定：");
    for d in &n.documents {
        let need = if d.required { "必需" } else { "可选" };
        let name = &d.name;
        let how = if d.id == n.form.document {
            format!("{application}（已生成，按模板填写）")
        } else if let Some(folder) = super::document_folder(n, d).filter(|f| folders.contains(f)) {
            let mut s = format!("{}，放入 {folder}/", formats(&d.formats));
            let expected: Vec<String> = d.categories.iter().filter(|c| c.expected).map(|c| c.name.clone()).collect();
            if !expected.is_empty() {
                let _ = write!(s, "，文件名写明类别：{}", list(&expected));
            }
            s
        } else if !d.any_of.is_empty() {
            let alts: Vec<String> = d
                .any_of
                .iter()
                .map(|a| format!("{}（{}，文件名含{}）", a.name, formats(&a.formats), words(&a.patterns)))
                .collect();
            format!("任一：{}", alts.join("；"))
        } else {
            format!("{}，文件名含{}", formats(&d.formats), words(&d.patterns))
        };
        let _ = writeln!(out, "#   [{need}] {name}（{}）：{how}", d.id);
        if let Some(note) = &d.note {
            let _ = writeln!(out, "#          {note}");
        }
    }
    files_example(&mut out, n);

    if let Some(team) = &n.team {
        let _ = writeln!(out, "\n# 参赛代表（不超过 {} 人），每人一段：", team.max_members);
        let _ = writeln!(out, "# [[team]]\n# name = \"\"\n# phone = \"\"\n# role = \"\"");
    }
    out
}

/// The `[shenbao]` record as written at the end of dossier.toml.
pub fn record_block(record: &[CreatedFile]) -> String {
    let mut out = format!("\n{RECORD_COMMENT}\n{RECORD_HEADER}\ncreated = [\n");
    for r in record {
        let _ = writeln!(out, "    {{ path = {}, sha256 = {} }},", quoted(&r.path), quoted(&r.sha256));
    }
    out.push_str("]\n");
    out
}

/// `text` with its `[shenbao]` record replaced by `record` (or added at the end), everything else as it
/// was. Refused when the result would not read back with exactly that record.
pub fn with_record(text: &str, record: &[CreatedFile]) -> Result<String, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_header = |l: &str| {
        let t = l.trim_start();
        t.starts_with('[') && !t.starts_with("[shenbao") && !t.starts_with("[[shenbao")
    };
    let block = record_block(record);
    let updated = match lines.iter().position(|l| l.trim() == RECORD_HEADER) {
        Some(header) => {
            let start = if header > 0 && lines[header - 1].trim() == RECORD_COMMENT { header - 1 } else { header };
            let end = lines[header + 1..].iter().position(|l| is_header(l)).map_or(lines.len(), |i| header + 1 + i);
            let before = lines[..start].concat();
            let before = before.trim_end_matches('\n');
            format!("{before}\n{}{}", block.trim_start_matches('\n'), lines[end..].concat())
        }
        None => {
            let body = text.trim_end_matches('\n');
            format!("{body}\n{block}")
        }
    };
    match toml::from_str::<DossierConfig>(&updated) {
        Ok(c) if c.shenbao.as_ref().map(|s| s.created.as_slice()) == Some(record) => Ok(updated),
        Ok(_) => Err("dossier.toml: [shenbao] is written in a form shenbao does not rewrite".to_owned()),
        Err(e) => Err(crate::dossier::describe_toml_error(&updated, &e)),
    }
}

/// The `[files]` example: a document this notice has, the licence where there is one (qh has none), else
/// the first one besides the 申报书 written here.
fn files_example(out: &mut String, n: &Notice) {
    let example =
        n.documents.iter().find(|d| d.id == "licence").or_else(|| n.documents.iter().find(|d| d.id != n.form.document));
    if let Some(d) = example {
        let ext = d.formats.first().map_or("pdf", |f| f.as_str());
        let _ = writeln!(out, "# [files]");
        let _ = writeln!(out, "# {} = \"{}.{ext}\"", d.id, d.name.trim_end_matches("复印件"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(sha: &str) -> Vec<CreatedFile> {
        vec![CreatedFile { path: "申报书.docx".to_owned(), sha256: sha.to_owned() }]
    }

    #[test]
    fn the_record_is_added_then_replaced_in_place() {
        let user = "notice = \"ln-2024-cases\"\n# 我的备注\n[files]\nlicence = \"证照/执照.pdf\"\n";
        let once = with_record(user, &record("aa")).expect("added");
        assert!(once.starts_with(user), "{once}");
        let twice = with_record(&once, &record("bb")).expect("replaced");
        assert_eq!(twice.matches("[shenbao]").count(), 1, "{twice}");
        assert_eq!(twice.matches(RECORD_COMMENT).count(), 1, "{twice}");
        assert!(twice.contains("\"bb\"") && !twice.contains("\"aa\""), "{twice}");
        assert!(twice.starts_with(user), "{twice}");
    }

    #[test]
    fn a_record_followed_by_other_tables_keeps_them() {
        let text = "notice = \"x\"\n[shenbao]\ncreated = []\n[files]\nlicence = \"a.pdf\"\n";
        let updated = with_record(text, &record("cc")).expect("replaced");
        let config: DossierConfig = toml::from_str(&updated).expect("parses");
        assert_eq!(config.files["licence"].paths(), vec!["a.pdf"]);
        assert_eq!(config.shenbao.expect("record").created, record("cc"));
    }

    #[test]
    fn a_record_written_otherwise_is_not_rewritten() {
        let text = "notice = \"x\"\nshenbao.created = []\n";
        assert!(with_record(text, &record("dd")).is_err());
    }
}
