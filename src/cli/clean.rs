//! `shenbao clean 申报书.docx [-o OUT.docx]`: a copy with tracked changes accepted, comments and personal
//! data removed. The original is only read.

use super::{emit, Context, ExitStatus};
use crate::clean::{self, Options};
use crate::output::{self, shown};
use crate::read::file;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Word file to clean. It is only read, never changed.
    #[arg(value_name = "FILE.docx")]
    pub file: PathBuf,
    /// The cleaned copy. Default: `NAME（清理后）.docx` beside the file.
    #[arg(short, long, value_name = "OUT.docx")]
    pub output: Option<PathBuf>,
    /// Also remove hidden text (`w:vanish`); by default it is kept, since it may be intended, and reported.
    #[arg(long)]
    pub remove_hidden: bool,
}

fn refuse(message: String) -> ExitStatus {
    eprintln!("{message}");
    ExitStatus::Error
}

/// The same file, seen through links: the original must never be overwritten.
fn same_file(a: &Path, b: &Path) -> bool {
    match (dunce::canonicalize(a), dunce::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub fn run(args: Args, ctx: &Context) -> ExitStatus {
    let lang = ctx.lang;
    let input = &args.file;
    let is_docx = input.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if !is_docx {
        return refuse(lang.pick(
            format!("shenbao: “{}”不是 .docx 文件：clean 只处理 Word 文档（.docx）", shown(input)),
            format!("shenbao: “{}” is not a .docx: clean works on Word documents (.docx)", shown(input)),
        ));
    }
    let target = args.output.clone().unwrap_or_else(|| clean::default_output(input));
    if same_file(input, &target) {
        return refuse(lang.pick(
            format!("shenbao: 输出文件“{}”就是原文件，已拒绝：clean 从不改动原文件；请用 -o 另指一个文件名", shown(&target)),
            format!(
                "shenbao: the output “{}” is the original: clean never changes the original; use -o to name another file",
                shown(&target)
            ),
        ));
    }
    if let Some(message) = output::refusal(&target, &[], lang) {
        return refuse(message);
    }
    let bytes = match file::read(input, file::DOCUMENT_MAX) {
        Ok(bytes) => bytes,
        Err(e) => return refuse(format!("shenbao: {}: {}", shown(input), e.describe(lang))),
    };
    let cleaned = match clean::clean(&bytes, Options { remove_hidden: args.remove_hidden }) {
        Ok(cleaned) => cleaned,
        Err(e) => {
            let advice = lang.pick("；未写出任何文件", "; nothing was written");
            return refuse(format!("shenbao: {}: {}{advice}", shown(input), e.describe(lang)));
        }
    };
    drop(bytes);
    let wrote = match output::write(&target, &cleaned.bytes, "clean") {
        Ok(wrote) => wrote,
        Err(e) => return refuse(format!("shenbao: {}", output::describe(&target, &e, lang))),
    };
    let text = format!("{}\n{}\n", output::wrote_line(&target, wrote, lang), cleaned.tally.summary(lang));
    match emit(&text) {
        Ok(()) | Err(ExitStatus::Success) => ExitStatus::Success,
        Err(status) => status,
    }
}
