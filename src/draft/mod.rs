//! `shenbao notices new`: a rule file drafted from a notice's own 申报书 template and, when given, the
//! notice's text. Every drafted rule cites where it was found; what the draft is unsure of is written as
//! a `# 请核对：…` comment and listed for the user.
//!
//! Reading files is the caller's: this module takes a read template ([`Document`]) and the notice's
//! text, and returns the TOML text.

pub mod limits;
pub mod notice_text;
pub mod template;
mod write;

use crate::read::docx::Document;

/// A part or a section as its heading and the lines under it give it.
#[derive(Debug, Clone, Default)]
pub struct Heading {
    pub number: Option<String>,
    pub title: String,
    /// The heading line as printed.
    pub quote: String,
    /// The limit and the words that state it.
    pub limit: Option<(u64, String)>,
    pub guidance: Vec<String>,
    /// Lines kept and signed (a 承诺书's pledge).
    pub text: Vec<String>,
    pub stamp: bool,
    pub each_applicant: bool,
    pub sections: Vec<Heading>,
    /// What to check, written as `# 请核对：` above it.
    pub unsure: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct FieldDraft {
    pub label: String,
    pub row: Option<String>,
    /// text, contact, date, stamp or choice.
    pub kind: &'static str,
    pub limit: Option<u64>,
    pub options: Vec<String>,
    pub multiple: bool,
    pub each_applicant: bool,
    pub placeholder: Vec<String>,
    /// The label cell (or the limit) as printed.
    pub quote: String,
}

#[derive(Debug, Clone, Default)]
pub struct TableDraft {
    pub name: String,
    pub fields: Vec<FieldDraft>,
}

#[derive(Debug, Clone, Default)]
pub struct FormDraft {
    pub title: String,
    pub cover: Vec<String>,
    pub tables: Vec<TableDraft>,
    pub parts: Vec<Heading>,
    /// A limit on the whole 申报书 (申报材料正文总字数不超过4000字).
    pub document_limit: Option<limits::Limit>,
}

#[derive(Debug, Clone)]
pub struct RoundDraft {
    pub name: String,
    pub date: jiff::civil::Date,
    pub opens: Option<jiff::civil::Date>,
    /// The notice gives no exact day (三月中旬前).
    pub approximate: bool,
    pub clause: String,
    pub quote: String,
    pub unsure: Vec<String>,
}

/// A dated stage of a contest's schedule (初赛评审 7月22日—7月30日).
#[derive(Debug, Clone)]
pub struct StageDraft {
    pub name: String,
    pub from: jiff::civil::Date,
    pub to: jiff::civil::Date,
    pub clause: String,
    pub quote: String,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    /// licence, stamped_pdf, video or pictures.
    pub id: String,
    pub clause: String,
    pub quote: String,
    /// For the video: its length in minutes (时长5分钟左右).
    pub detail: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct QuotaDraft {
    pub scope: &'static str,
    /// The applicant type or kind of recommending unit it binds (部属高校, 地区).
    pub applies_to: Option<String>,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub clause: String,
    pub quote: String,
}

#[derive(Debug, Clone, Default)]
pub struct NoticeDraft {
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub issued: Option<jiff::civil::Date>,
    pub issuer: Vec<String>,
    pub rounds: Vec<RoundDraft>,
    pub stages: Vec<StageDraft>,
    pub attachments: Vec<Attachment>,
    pub quotas: Vec<QuotaDraft>,
    pub recipient: Option<String>,
    pub email: Option<String>,
    pub platform: bool,
    pub via_recommender: bool,
    pub paper_copies: Option<(u32, String, String)>,
    /// The clause that says where the dossier goes.
    pub submission_quote: Option<(String, String)>,
}

/// What the draft is made from.
pub struct Input<'a> {
    pub template: &'a Document,
    /// The template's file name, cited in clauses (“附件 申报书模板”).
    pub template_name: &'a str,
    pub notice_text: Option<&'a str>,
    pub id: Option<&'a str>,
}

/// A drafted rule file.
#[derive(Debug, Clone)]
pub struct Draft {
    pub toml: String,
    /// Every item to check, in the order of the file.
    pub to_check: Vec<String>,
    pub parts: usize,
    pub sections: usize,
    pub limits: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// No heading by style or by numbering: the template's parts cannot be told apart.
    #[error("the template has no headings")]
    NoHeadings,
}

impl DraftError {
    pub fn describe(&self, lang: crate::diag::Lang) -> String {
        match self {
            DraftError::NoHeadings => lang
                .pick(
                    "模板中没有找到标题：既没有标题样式（标题 1、标题 2），也没有“一、”“（一）”“1.”编号的短行，无法分出申报书的各部分。请确认这是申报书模板，或在 Word 中给各部分标题设置标题样式后重试",
                    "the template has no headings: no heading styles (Heading 1, Heading 2) and no short lines numbered “一、” “（一）” “1.”, so its parts cannot be told apart. Check that this is the application template, or give its part titles heading styles in Word and try again",
                )
                .to_owned(),
        }
    }
}

/// The draft of a rule file.
pub fn draft(input: &Input<'_>) -> Result<Draft, DraftError> {
    let mut notes = Vec::new();
    let form = template::read(input.template, &mut notes);
    if form.parts.is_empty() {
        return Err(DraftError::NoHeadings);
    }
    let notice = input.notice_text.map(|t| notice_text::read(t, &mut notes)).unwrap_or_default();
    Ok(write::rule_file(input, form, &notice, notes))
}

/// The limit a heading states (“一、案例背景（500字以内）” → 500), for `count` without a notice.
pub fn heading_limit(heading: &str) -> Option<u64> {
    limits::find(heading).filter(|l| l.alone && l.scope == limits::Scope::Here).map(|l| l.words)
}
