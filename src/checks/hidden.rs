//! Hidden content in the editable Word: comments (批注), tracked changes not accepted (修订), hidden text,
//! and document properties that name people or paths. A reviewer (or, for material that will be published,
//! the public) receives the file as it is, not as Word shows it on the applicant's screen.

//!
//! The family file holds, in this order: the check (typed [`HiddenFinding`]s, no language) and the zh and en
//! wording of each finding. SB701–SB704 cite no clause of a notice (`explain` decides so).

use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang, Severity};
use crate::notice::Form;
use crate::read::docx::Document;

/// What this family finds (SB701–SB704), as data. `public`: part of the file may be published, which
/// makes the finding an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HiddenFinding {
    /// SB701: 批注 left in the file.
    Comments { file: String, count: usize, public: bool },
    /// SB702: 修订 not accepted.
    TrackedChanges { file: String, insertions: usize, deletions: usize, public: bool },
    /// SB703: runs of hidden text.
    HiddenText { file: String, runs: usize, public: bool },
    /// SB704: document properties that name people or paths.
    PropertiesLeak { file: String, leaks: Vec<Leak> },
}

/// One document property that names a person, a company or a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    pub property: Property,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Property {
    Author,
    LastModifiedBy,
    Company,
    TemplatePath,
}

/// Whether the notice says some of this Word file may be published (宣传推广材料 “有关内容可对外公开”).
fn publishable(ctx: &Context<'_>, form: &Form) -> bool {
    form.parts.iter().any(|p| p.publish) || ctx.notice.documents.iter().any(|d| d.id == form.document && d.publish)
}

/// Names software writes when it knows no person: they reveal nothing.
fn is_placeholder(value: &str) -> bool {
    const DEFAULTS: [&str; 9] = [
        "unknown",
        "administrator",
        "admin",
        "user",
        "microsoft office user",
        "microsoft office 用户",
        "作者",
        "python-docx",
        "lenovo",
    ];
    DEFAULTS.contains(&value.to_lowercase().as_str())
}

/// What the document properties reveal: author, last editor, company, a template path.
fn leaks(p: &crate::read::docx::Properties) -> Vec<Leak> {
    let mut leaks = Vec::new();
    let mut add = |property: Property, value: &Option<String>| {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty() && !is_placeholder(v)) {
            leaks.push(Leak { property, value: v.to_owned() });
        }
    };
    add(Property::Author, &p.creator);
    add(Property::LastModifiedBy, &p.last_modified_by);
    add(Property::Company, &p.company);
    // A template name alone (Normal.dotm) says nothing; a path names a person's folders.
    let template = p.template.clone().filter(|t| t.contains(['\\', '/']));
    add(Property::TemplatePath, &template);
    leaks
}

pub fn check(ctx: &Context<'_>, form: &Form, doc: &Document, file: &str, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    find(publishable(ctx, form), doc, file, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
}

/// [`check`] without the language. `public`: the notice says some of this file may be published.
pub fn find(public: bool, doc: &Document, file: &str, out: &mut Vec<HiddenFinding>) {
    let h = &doc.hidden;
    let file = file.to_owned();
    if h.comments > 0 {
        out.push(HiddenFinding::Comments { file: file.clone(), count: h.comments, public });
    }
    if h.insertions + h.deletions > 0 {
        out.push(HiddenFinding::TrackedChanges {
            file: file.clone(),
            insertions: h.insertions,
            deletions: h.deletions,
            public,
        });
    }
    if h.hidden_runs > 0 {
        out.push(HiddenFinding::HiddenText { file: file.clone(), runs: h.hidden_runs, public });
    }
    let leaks = leaks(&doc.properties);
    if !leaks.is_empty() {
        out.push(HiddenFinding::PropertiesLeak { file, leaks });
    }
}

// The wording of this family's findings, zh and en together.

impl Finding for HiddenFinding {
    fn code(&self) -> Code {
        match self {
            Self::Comments { .. } => Code::WordComments,
            Self::TrackedChanges { .. } => Code::TrackedChanges,
            Self::HiddenText { .. } => Code::HiddenText,
            Self::PropertiesLeak { .. } => Code::PropertiesLeak,
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::Comments { public: true, .. }
            | Self::TrackedChanges { public: true, .. }
            | Self::HiddenText { public: true, .. } => Severity::Error,
            _ => self.code().info().severity,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::Comments { file, .. }
            | Self::TrackedChanges { file, .. }
            | Self::HiddenText { file, .. }
            | Self::PropertiesLeak { file, .. } => Some(file),
        }
    }

    fn message(&self, lang: Lang) -> String {
        let why = |public: bool| {
            if public {
                lang.pick("；其中有可对外公开的内容，必须清除", "; part of it may be published, so this must go")
            } else {
                ""
            }
        };
        match self {
            Self::Comments { file, count, public } => {
                let why = why(*public);
                lang.pick(
                    format!("“{file}”含有 {count} 条批注{why}"),
                    format!("“{file}” has {}{why}", crate::diag::counted(*count, "comment", "comments")),
                )
            }
            Self::TrackedChanges { file, insertions, deletions, public } => {
                let why = why(*public);
                lang.pick(
                    format!("“{file}”有未接受的修订：插入 {insertions} 处、删除 {deletions} 处{why}"),
                    format!(
                        "“{file}” has tracked changes not accepted: {insertions} insertions, {deletions} deletions{why}"
                    ),
                )
            }
            Self::HiddenText { file, runs, public } => {
                let why = why(*public);
                lang.pick(
                    format!("“{file}”含有 {runs} 处隐藏文字（屏幕上不显示、不计字数，但仍在文件中）{why}"),
                    format!("“{file}” has {runs} runs of hidden text (not shown, not counted, still in the file){why}"),
                )
            }
            Self::PropertiesLeak { file, leaks } => {
                let named: Vec<String> = leaks.iter().map(|l| l.worded(lang)).collect();
                let named = named.join(lang.pick("、", ", "));
                lang.pick(
                    format!("“{file}”的文档属性含有：{named}"),
                    format!("“{file}”'s document properties name: {named}"),
                )
            }
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let (zh, en) = match self {
            Self::Comments { .. } => (
                "运行 shenbao clean 申报书.docx 生成清理后的副本（打包时用 shenbao pack --clean）；或在 Word 中：审阅 → 删除 → 删除文档中的所有批注（WPS：审阅 → 删除批注），然后重新保存",
                "run shenbao clean 申报书.docx to write a cleaned copy (shenbao pack --clean when packing); or in Word: Review → Delete → Delete All Comments in Document (WPS: 审阅 → 删除批注), then save again",
            ),
            Self::TrackedChanges { .. } => (
                "运行 shenbao clean 申报书.docx 生成接受全部修订的副本（打包时用 shenbao pack --clean）；或审阅 → 接受 → 接受所有修订，再关闭“修订”后保存；删除的文字仍留在文件里，任何人都能看到",
                "run shenbao clean 申报书.docx to write a copy with all changes accepted (shenbao pack --clean when packing); or Review → Accept → Accept All Changes, turn Track Changes off and save; deleted text stays in the file for anyone to see",
            ),
            Self::HiddenText { .. } => (
                "运行 shenbao clean --remove-hidden 申报书.docx 生成删除隐藏文字的副本；或文件 → 信息 → 检查问题 → 检查文档，删除隐藏文字",
                "run shenbao clean --remove-hidden 申报书.docx to write a copy without hidden text; or File → Info → Check for Issues → Inspect Document and remove hidden text",
            ),
            Self::PropertiesLeak { .. } => (
                "若不应随材料报送：运行 shenbao clean 申报书.docx 生成清理后的副本（打包时用 shenbao pack --clean）；或文件 → 信息 → 检查问题 → 检查文档 → 文档属性和个人信息 → 全部删除",
                "if they should not travel with the dossier: run shenbao clean 申报书.docx to write a cleaned copy (shenbao pack --clean when packing); or File → Info → Check for Issues → Inspect Document → Document Properties and Personal Information → Remove All",
            ),
        };
        Some(lang.pick(zh, en).to_owned())
    }
}

impl Leak {
    fn worded(&self, lang: Lang) -> String {
        let (zh, en) = match self.property {
            Property::Author => ("作者", "author"),
            Property::LastModifiedBy => ("最后修改者", "last modified by"),
            Property::Company => ("单位", "company"),
            Property::TemplatePath => ("模板路径", "template path"),
        };
        let v = &self.value;
        lang.pick(format!("{zh}“{v}”"), format!("{en} “{v}”"))
    }
}

/// The clauses `shenbao explain` cites for this family's codes: none a notice states. Hidden content is
/// graded by where the text goes (a part the notice publishes), which each finding's help names.
pub fn clauses(code: family::Hidden, _notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Hidden::*;
    match code {
        WordComments | TrackedChanges | HiddenText | PropertiesLeak => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::docx::Properties;

    #[test]
    fn people_and_paths_leak_defaults_do_not() {
        let p = Properties {
            creator: Some("张伟".into()),
            last_modified_by: Some("Administrator".into()),
            company: Some("某某咨询有限公司".into()),
            template: Some("C:\\Users\\zhangwei\\模板\\申报书.dotx".into()),
            ..Default::default()
        };
        let found = leaks(&p);
        let named: Vec<(Property, &str)> = found.iter().map(|l| (l.property, l.value.as_str())).collect();
        assert_eq!(
            named,
            [
                (Property::Author, "张伟"),
                (Property::Company, "某某咨询有限公司"),
                (Property::TemplatePath, "C:\\Users\\zhangwei\\模板\\申报书.dotx")
            ]
        );
        assert_eq!(leaks(&p)[0].worded(Lang::Zh), "作者“张伟”");
        let quiet =
            Properties { creator: Some("unknown".into()), template: Some("Normal.dotm".into()), ..Default::default() };
        assert!(leaks(&quiet).is_empty());
    }
}
