//! `shenbao count FILE.docx`

use super::{emit, notice_arg, style, ExitStatus, Format};
use crate::count::Unit;
use crate::diag::Lang;
use crate::read::docx::{self, DocxError};
use crate::report::{CountReport, SectionReport, TotalReport};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .docx to count.
    #[arg(value_name = "FILE.docx")]
    pub file: PathBuf,
    /// Count the notice's parts and sections and show their limits (an embedded id or a rule file).
    #[arg(long, value_name = "ID|FILE")]
    pub notice: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

fn describe(e: &DocxError, lang: Lang) -> String {
    match e {
        DocxError::Ole => lang.pick(
            "这是 Word 97-2003（.doc）、WPS（.wps）或加密文档，请另存为 .docx 并取消打开密码".to_owned(),
            "this is a Word 97-2003 (.doc), WPS (.wps) or encrypted file; save it as .docx without an open password"
                .to_owned(),
        ),
        DocxError::NotZip => lang.pick(
            "不是 .docx 文件（内容不是 Word 文档格式）".to_owned(),
            "not a .docx (the content is not a Word document)".to_owned(),
        ),
        other => other.to_string(),
    }
}

pub fn run(args: Args, lang: Lang) -> ExitStatus {
    let notice = match notice_arg(args.notice.as_deref(), &[], lang) {
        Ok(n) => n,
        Err(status) => return status,
    };
    let display = args.file.display().to_string();
    let doc = match std::fs::read(&args.file)
        .map_err(DocxError::from)
        .and_then(|b| docx::read_docx_with(&b, docx::Scope::Text))
    {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("shenbao: {display}: {}", describe(&e, lang));
            return ExitStatus::Error;
        }
    };
    let total = crate::outline::document_tally(&doc);
    let (unit, sections) = match &notice {
        Some(n) => {
            let outline = crate::outline::locate(&doc, &n.form);
            let sections = outline
                .found
                .iter()
                .filter_map(|l| {
                    let part = &n.form.parts[l.part?];
                    let limit = match l.section {
                        Some(si) => part.sections[si].limit,
                        None => part.limit,
                    };
                    let mut s = SectionReport::new(l.title.clone(), l.level, &l.tally, limit);
                    if l.section.is_some() {
                        s.part = Some(part.title.clone());
                    }
                    Some(s)
                })
                .collect();
            (n.form.unit, sections)
        }
        None => (
            Unit::Word,
            crate::outline::generic(&doc)
                .into_iter()
                .map(|l| SectionReport::new(l.title, l.level, &l.tally, None))
                .collect(),
        ),
    };
    let report = CountReport { file: display, unit, total: TotalReport::from(&total), sections };
    let text = match args.format {
        Format::Human => crate::diag::human::render_count(&report, lang, style()),
        Format::Json => crate::diag::json::render(&report),
    };
    match emit(&text) {
        Ok(()) => ExitStatus::Success,
        Err(status) => status,
    }
}
