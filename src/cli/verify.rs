//! `shenbao verify BUNDLE.zip [MORE.zip ...]`

use super::{emit, ExitStatus, Format};
use crate::diag::{Lang, Severity};
use crate::pack;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bundle, or every volume of a split bundle (NAME.part1.zip NAME.part2.zip …); one volume
    /// named alone is verified with the other NAME.partN.zip beside it.
    #[arg(required = true, value_name = "BUNDLE.zip")]
    pub bundles: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// One volume named alone (`NAME.part2.zip`) stands for every `NAME.partN.zip` beside it: a split
/// bundle is verified whole, as it will be submitted.
fn with_sibling_volumes(named: &[PathBuf]) -> Vec<PathBuf> {
    let [one] = named else {
        return named.to_vec();
    };
    let part_of = crate::pack::volume_number;
    let Some((stem, _)) = part_of(one) else {
        return named.to_vec();
    };
    let folder = one.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let Ok(entries) = std::fs::read_dir(folder) else {
        return named.to_vec();
    };
    let mut volumes: Vec<(u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| {
            part_of(&p)
                .filter(|(s, _)| *s == stem)
                .map(|(_, n)| (n, one.with_file_name(p.file_name().unwrap_or_default())))
        })
        .collect();
    volumes.sort();
    if volumes.len() < 2 {
        return named.to_vec();
    }
    volumes.into_iter().map(|(_, p)| p).collect()
}

pub fn run(args: Args, ctx: &super::Context) -> ExitStatus {
    let lang: Lang = ctx.lang;
    let bundles = with_sibling_volumes(&args.bundles);
    if bundles.len() > args.bundles.len() {
        let list: Vec<String> = bundles.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "shenbao: {}",
            lang.pick(
                format!("这是分卷压缩包的一卷，连同其他分卷一起校验：{}", list.join("、")),
                format!("one volume of a split bundle: verifying all its volumes, {}", list.join(", ")),
            )
        );
    }
    let result = match pack::verify::verify(&bundles, lang) {
        Ok(r) => r,
        Err((path, e)) => {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => lang.pick("找不到该文件".to_owned(), "not found".to_owned()),
                _ => lang.pick(format!("无法读取（{e}）"), format!("cannot be read ({e})")),
            };
            eprintln!("shenbao: {}: {why}", path.display());
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
                        "✔ 完好：{} 个条目（材料文件及 清单.txt、report.json）与 manifest-sha256.txt 一致，解压后共 {}\n",
                        result.intact_entries,
                        pack::human_size(result.bytes)
                    ),
                    format!(
                        "✔ intact: {} entries (the dossier's files, 清单.txt and report.json) match manifest-sha256.txt, \
                         {} unzipped\n",
                        result.intact_entries,
                        pack::human_size(result.bytes)
                    ),
                )
            } else {
                lang.pick(
                    format!("✘ 不完好：{errors} 处不符\n"),
                    format!("✘ not intact: {errors} mismatch{}\n", if errors == 1 { "" } else { "es" }),
                )
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
