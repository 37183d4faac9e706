//! `shenbao verify BUNDLE.zip [MORE.zip ...]`

use super::{emit, ExitStatus, Format};
use crate::diag::{Lang, Severity};
use crate::pack;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bundle, or every volume of a split bundle (NAME.part1.zip NAME.part2.zip …).
    #[arg(required = true, value_name = "BUNDLE.zip")]
    pub bundles: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: Args, lang: Lang) -> ExitStatus {
    let result = match pack::verify::verify(&args.bundles, lang) {
        Ok(r) => r,
        Err((path, e)) => {
            eprintln!("shenbao: {}: {e}", path.display());
            return ExitStatus::Error;
        }
    };
    let text = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&result).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Human => {
            let mut s = String::new();
            // The closing line says what SB615 says.
            for d in result.diagnostics.iter().filter(|d| d.code != crate::diag::Code::VerifyIntact) {
                let mark = match d.severity {
                    Severity::Error => "✘",
                    Severity::Warning => "⚠",
                    Severity::Info => "ℹ",
                };
                s.push_str(&format!("{mark} {} {}  {}\n", d.code, d.severity.label(lang), d.message));
            }
            let errors = result.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            s.push_str(&if result.intact {
                lang.pick(
                    format!(
                        "✔ 完好：{} 个文件与 manifest-sha256.txt 一致，共 {}\n",
                        result.intact_entries,
                        pack::human_size(result.bytes)
                    ),
                    format!(
                        "✔ intact: {} entries match manifest-sha256.txt, {}\n",
                        result.intact_entries,
                        pack::human_size(result.bytes)
                    ),
                )
            } else {
                lang.pick(format!("✘ 不完好：{errors} 处不符\n"), format!("✘ not intact: {errors} mismatches\n"))
            });
            s
        }
    };
    if let Err(status) = emit(&text) {
        return status;
    }
    if result.intact {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}
