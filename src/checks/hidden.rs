//! Hidden content in the editable Word: comments (批注), tracked changes not accepted (修订), hidden text,
//! and document properties that name people or paths. A reviewer (or, for material that will be published,
//! the public) receives the file as it is, not as Word shows it on the applicant's screen.

use super::Context;
use crate::diag::{Code, Diagnostic, Severity};
use crate::notice::Form;
use crate::read::docx::Document;

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
fn leaks(p: &crate::read::docx::Properties, lang: crate::diag::Lang) -> Vec<String> {
    let mut leaks = Vec::new();
    let mut add = |zh: &str, en: &str, value: &Option<String>| {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty() && !is_placeholder(v)) {
            leaks.push(lang.pick(format!("{zh}“{v}”"), format!("{en} “{v}”")));
        }
    };
    add("作者", "author", &p.creator);
    add("最后修改者", "last modified by", &p.last_modified_by);
    add("单位", "company", &p.company);
    // A template name alone (Normal.dotm) says nothing; a path names a person's folders.
    let template = p.template.clone().filter(|t| t.contains(['\\', '/']));
    add("模板路径", "template path", &template);
    leaks
}

pub fn check(ctx: &Context<'_>, form: &Form, doc: &Document, file: &str, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let public = publishable(ctx, form);
    let grade = |d: Diagnostic| if public { d.severity(Severity::Error) } else { d };
    let why = if public {
        lang.pick("；其中有可对外公开的内容，必须清除", "; part of it may be published, so this must go")
    } else {
        ""
    };
    let h = &doc.hidden;
    if h.comments > 0 {
        out.push(grade(
            Diagnostic::new(
                Code::WordComments,
                lang.pick(
                    format!("“{file}”含有 {} 条批注{why}", h.comments),
                    format!("“{file}” has {}{why}", crate::diag::counted(h.comments, "comment", "comments")),
                ),
            )
            .file(file)
            .help(lang.pick(
                "Word：审阅 → 删除 → 删除文档中的所有批注；WPS：审阅 → 删除批注 → 删除文档中的所有批注。然后重新保存",
                "Word: Review → Delete → Delete All Comments in Document; WPS: 审阅 → 删除批注. Then save again",
            )),
        ));
    }
    if h.insertions + h.deletions > 0 {
        out.push(grade(
            Diagnostic::new(
                Code::TrackedChanges,
                lang.pick(
                    format!("“{file}”有未接受的修订：插入 {} 处、删除 {} 处{why}", h.insertions, h.deletions),
                    format!(
                        "“{file}” has tracked changes not accepted: {} insertions, {} deletions{why}",
                        h.insertions, h.deletions
                    ),
                ),
            )
            .file(file)
            .help(lang.pick(
                "审阅 → 接受 → 接受所有修订，再关闭“修订”后保存；删除的文字仍留在文件里，任何人都能看到",
                "Review → Accept → Accept All Changes, turn Track Changes off and save; deleted text stays in the file for anyone to see",
            )),
        ));
    }
    if h.hidden_runs > 0 {
        out.push(grade(
            Diagnostic::new(
                Code::HiddenText,
                lang.pick(
                    format!("“{file}”含有 {} 处隐藏文字（屏幕上不显示、不计字数，但仍在文件中）{why}", h.hidden_runs),
                    format!(
                        "“{file}” has {} runs of hidden text (not shown, not counted, still in the file){why}",
                        h.hidden_runs
                    ),
                ),
            )
            .file(file)
            .help(lang.pick(
                "文件 → 信息 → 检查问题 → 检查文档，删除隐藏文字；或显示编辑标记后手动删除",
                "File → Info → Check for Issues → Inspect Document and remove hidden text, or show formatting marks and delete it",
            )),
        ));
    }
    let leaks = leaks(&doc.properties, lang);
    if !leaks.is_empty() {
        let sep = lang.pick("、", ", ");
        out.push(
            Diagnostic::new(
                Code::PropertiesLeak,
                lang.pick(
                    format!("“{file}”的文档属性含有：{}", leaks.join(sep)),
                    format!("“{file}”'s document properties name: {}", leaks.join(sep)),
                ),
            )
            .file(file)
            .help(lang.pick(
                "若不应随材料报送：文件 → 信息 → 检查问题 → 检查文档 → 文档属性和个人信息 → 全部删除",
                "if they should not travel with the dossier: File → Info → Check for Issues → Inspect Document → Document Properties and Personal Information → Remove All",
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Lang;
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
        assert_eq!(
            leaks(&p, Lang::Zh),
            ["作者“张伟”", "单位“某某咨询有限公司”", "模板路径“C:\\Users\\zhangwei\\模板\\申报书.dotx”"]
        );
        let quiet =
            Properties { creator: Some("unknown".into()), template: Some("Normal.dotm".into()), ..Default::default() };
        assert!(leaks(&quiet, Lang::En).is_empty());
    }
}
