//! The two texts a bundle carries besides its files: `report.json` (machine) and `清单.txt` (people).

use super::{human_size, Item, Layout};
use crate::diag::{Diagnostic, Lang};
use crate::notice::Notice;
use crate::report::DossierReport;
use serde::Serialize;
use std::collections::HashMap;

/// Version of the report.json contract inside bundles.
pub const SCHEMA: u32 = 1;

#[derive(Debug, Serialize)]
pub struct BundleReport<'a> {
    pub schema: u32,
    pub tool: &'static str,
    pub version: &'static str,
    /// SOURCE_DATE_EPOCH as RFC 3339 when it was set; otherwise null (no clock time, for reproducibility).
    pub created: Option<String>,
    /// Packed with --force despite errors.
    pub forced: bool,
    pub notice: NoticeRef<'a>,
    pub check: &'a DossierReport,
    pub entries: Vec<EntryRef<'a>>,
    /// Files of the folder that no document claimed; not packed.
    pub not_packed: &'a [String],
    pub warnings: &'a [Diagnostic],
    /// Number of volumes (1 unless --split).
    pub volumes: usize,
    /// The 申报书 packed cleaned (`pack --clean`); absent without it, so such a bundle is unchanged.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub cleaned: &'a [super::clean::CleanedEntry],
}

#[derive(Debug, Serialize)]
pub struct NoticeRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// "embedded" or "file".
    pub source: &'a str,
    /// SHA-256 of the rule file's text.
    pub sha256: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EntryRef<'a> {
    pub path: &'a str,
    /// The file's path inside the dossier folder.
    pub source: &'a str,
    pub document: &'a str,
    pub size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<usize>,
}

/// Builds report.json.
#[allow(clippy::too_many_arguments)]
pub fn report_json(
    notice: &Notice,
    rule_source: &str,
    rule_sha256: Option<String>,
    check: &DossierReport,
    layout: &Layout,
    forced: bool,
    epoch: Option<i64>,
    volume_of: &HashMap<usize, usize>,
    volumes: usize,
) -> Vec<u8> {
    let report = BundleReport {
        schema: SCHEMA,
        tool: "shenbao",
        version: env!("CARGO_PKG_VERSION"),
        created: epoch.and_then(|s| jiff::Timestamp::from_second(s).ok()).map(|t| t.to_string()),
        forced,
        notice: NoticeRef { id: &notice.id, title: &notice.title, source: rule_source, sha256: rule_sha256 },
        check,
        entries: layout
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| EntryRef {
                path: &item.name,
                source: &item.rel,
                document: &item.document,
                size: item.size,
                volume: volume_of.get(&i).copied(),
            })
            .collect(),
        not_packed: &layout.left_out,
        warnings: &layout.warnings,
        volumes,
        cleaned: &layout.cleaned,
    };
    let mut bytes = serde_json::to_vec_pretty(&report).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// What the dossier is called, for 清单.txt and the default bundle name.
pub struct Titles<'a> {
    pub name: Option<&'a str>,
    pub unit: Option<&'a str>,
}

fn document_name<'a>(notice: &'a Notice, id: &str, lang: Lang) -> &'a str {
    notice.document(id).map_or("", |d| lang.pick(d.name.as_str(), d.name_en.as_str()))
}

/// Builds 清单.txt: what is inside, what is not, what must still go by paper, and the bundle's fingerprint
/// (SHA-256 of manifest-sha256.txt). A bundle's 清单.txt is always Chinese (`pack` passes [`Lang::Zh`]): its
/// bytes must not depend on the language of the run's messages.
#[allow(clippy::too_many_arguments)]
pub fn checklist(
    notice: &Notice,
    titles: &Titles<'_>,
    check: &DossierReport,
    layout: &Layout,
    forced: bool,
    volume_of: &HashMap<usize, usize>,
    volumes: usize,
    fingerprint: &str,
    lang: Lang,
) -> Vec<u8> {
    let mut s = String::new();
    let zh = lang == Lang::Zh;
    let push = |s: &mut String, line: String| {
        s.push_str(&line);
        s.push_str("\r\n"); // Notepad on older Windows shows a bare LF file as one line.
    };
    push(&mut s, if zh { "申报材料清单".into() } else { "Dossier contents".into() });
    push(&mut s, String::new());
    push(&mut s, format!("{}{}（{}）", if zh { "通知：" } else { "Notice: " }, notice.title_for(lang), notice.id));
    if let Some(n) = titles.name {
        push(&mut s, format!("{}{n}", if zh { format!("{}名称：", notice.item) } else { "Name: ".into() }));
    }
    if let Some(u) = titles.unit {
        push(&mut s, format!("{}{u}", if zh { "申报单位：" } else { "Applicant: " }));
    }
    let errors = check.count(crate::diag::Severity::Error);
    let warnings = check.count(crate::diag::Severity::Warning);
    let verdict = match (errors, forced, zh) {
        (0, _, true) => format!("检查结果：通过（警告 {warnings} 个）"),
        (0, _, false) => format!("Check: passed ({})", crate::diag::counted(warnings, "warning", "warnings")),
        (e, true, true) => format!("检查结果：未通过，有 {e} 个错误；按 --force 强制打包，报送前须改正"),
        (e, true, false) => {
            format!(
                "Check: FAILED with {}; packed with --force, fix before sending",
                crate::diag::counted(e, "error", "errors")
            )
        }
        (e, false, true) => format!("检查结果：未通过，有 {e} 个错误"),
        (e, false, false) => format!("Check: failed with {}", crate::diag::counted(e, "error", "errors")),
    };
    push(&mut s, verdict);
    push(
        &mut s,
        if zh {
            format!("压缩包指纹（manifest-sha256.txt 的 SHA-256）：{fingerprint}")
        } else {
            format!("Bundle fingerprint (SHA-256 of manifest-sha256.txt): {fingerprint}")
        },
    );
    push(&mut s, String::new());

    let total: u64 = layout.items.iter().map(|i| i.size).sum();
    push(
        &mut s,
        if zh {
            format!("一、电子件（{} 个文件，共 {}）", layout.items.len(), human_size(total))
        } else {
            format!("1. Electronic copy ({} files, {})", layout.items.len(), human_size(total))
        },
    );
    for (i, item) in layout.items.iter().enumerate() {
        push(&mut s, entry_line(notice, item, volume_of.get(&i).copied(), volumes, lang));
    }
    for cleaned in &layout.cleaned {
        push(&mut s, format!("  {}", cleaned.line(lang)));
    }
    push(
        &mut s,
        if zh {
            "  另有 report.json（检查结果）与 manifest-sha256.txt（以上文件及 report.json 的 SHA-256，可用 shenbao verify 校验）"
                .into()
        } else {
            "  plus report.json (the check result) and manifest-sha256.txt (SHA-256 of the files above and report.json; \
             `shenbao verify`)"
                .into()
        },
    );
    push(
        &mut s,
        if zh {
            "  本清单记有压缩包指纹，因而不列入 manifest-sha256.txt；指纹应与纸质件上打印的一致".into()
        } else {
            "  this list carries the fingerprint and so is not in manifest-sha256.txt; the fingerprint should match \
             the one printed on the paper copy"
                .into()
        },
    );
    let missing: Vec<&str> = notice
        .submission
        .electronic
        .iter()
        .filter(|id| !layout.items.iter().any(|i| &i.document == *id))
        .map(|id| document_name(notice, id, lang))
        .collect();
    if !missing.is_empty() {
        push(
            &mut s,
            if zh {
                format!("  电子件应含但未打包：{}", missing.join("、"))
            } else {
                format!("  asked for but not packed: {}", missing.join(", "))
            },
        );
    }
    push(&mut s, String::new());

    push(&mut s, if zh { "二、未打包的文件".into() } else { "2. Files not packed".into() });
    if layout.left_out.is_empty() {
        push(&mut s, if zh { "  无".into() } else { "  none".into() });
    }
    for rel in &layout.left_out {
        push(&mut s, format!("  {rel}"));
    }
    push(&mut s, String::new());

    push(&mut s, if zh { "三、还须另行报送".into() } else { "3. Still to send otherwise".into() });
    let sub = &notice.submission;
    match &sub.paper {
        Some(paper) => {
            let contents = paper.contents.as_deref().unwrap_or(if zh { "纸质件" } else { "paper copy" });
            push(
                &mut s,
                if zh {
                    format!("  纸质件：{}，一式{}份", contents, chinese_count(paper.copies))
                } else {
                    format!("  Paper: {contents}, {} copies", paper.copies)
                },
            );
            if paper.cd {
                push(
                    &mut s,
                    if zh {
                        "  光盘：将本压缩包内的电子件刻录光盘，随纸质件报送".into()
                    } else {
                        "  CD: burn the electronic copy onto a CD and send it with the paper".into()
                    },
                );
            }
            if !paper.stamp.is_empty() {
                push(&mut s, if zh { "  须加盖公章：".into() } else { "  To be stamped (公章):".into() });
                for page in &paper.stamp {
                    push(&mut s, format!("    - {page}"));
                }
            }
            push(&mut s, format!("  {}{}", if zh { "依据：" } else { "Clause: " }, paper.clause));
        }
        None => {
            push(&mut s, if zh { "  通知未要求纸质件".into() } else { "  the notice asks for no paper copy".into() })
        }
    }
    for rule in notice.documents.iter().filter(|d| !d.stamp.is_empty()) {
        push(
            &mut s,
            format!(
                "  {}{}：{}",
                if zh { "用印：" } else { "Stamp in " },
                lang.pick(&rule.name, &rule.name_en),
                rule.stamp.join(if zh { "；" } else { "; " })
            ),
        );
    }
    push(&mut s, format!("  {}{}", if zh { "报送对象：" } else { "Recipient: " }, sub.recipient));
    for (label_zh, label_en, value) in
        [("邮箱", "E-mail", &sub.email), ("网址", "Website", &sub.website), ("地址", "Address", &sub.address)]
    {
        if let Some(v) = value {
            push(&mut s, format!("  {}：{v}", lang.pick(label_zh, label_en)));
        }
    }
    for c in &sub.contacts {
        push(&mut s, format!("  {}{c}", if zh { "联系人：" } else { "Contact: " }));
    }
    s.into_bytes()
}

fn entry_line(notice: &Notice, item: &Item, volume: Option<usize>, volumes: usize, lang: Lang) -> String {
    let vol = match volume {
        Some(v) if volumes > 1 => lang.pick(format!("  [第 {v} 卷]"), format!("  [volume {v}]")),
        _ => String::new(),
    };
    format!(
        "  {}  {}  ← {}（{}）{vol}",
        item.name,
        human_size(item.size),
        item.rel,
        document_name(notice, &item.document, lang)
    )
}

fn chinese_count(n: u32) -> String {
    const DIGITS: [&str; 11] = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];
    usize::try_from(n).ok().and_then(|i| DIGITS.get(i)).map_or_else(|| n.to_string(), |d| (*d).to_owned())
}
