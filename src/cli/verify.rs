//! `shenbao verify BUNDLE.zip [MORE.zip ...]`

use super::{emit, ExitStatus, Format};
use crate::diag::{printable, Lang, Severity};
use crate::pack;
use std::path::PathBuf;

/// What verify proves, after the options in `verify --help` (the Chinese text is [`AFTER_HELP_ZH`]).
const AFTER_HELP: &str = "What an intact result proves: every file manifest-sha256.txt lists is in the bundle \
exactly once, under a safe name, with the SHA-256 the manifest records, and nothing else is in it.\n\n\
What it does not prove: the manifest is not signed. Whoever can change a file in the bundle can rewrite \
manifest-sha256.txt to match, and the bundle verifies. verify therefore prints the bundle's fingerprint, \
the SHA-256 of manifest-sha256.txt, which shenbao pack also prints and writes on 清单.txt: compare it with \
the fingerprint on the stamped paper copy.";

/// [`AFTER_HELP`] in Chinese, for the Chinese help (src/cli/zh.rs).
pub const AFTER_HELP_ZH: &str = "“完好”证明的是：manifest-sha256.txt 列出的每个文件都在压缩包中、只出现一次、\
名称安全（不会解压到别处），SHA-256 与清单一致，且没有清单以外的文件。\n\n\
它不能证明的是：清单没有签名。能改动压缩包中文件的人，也能照着改写 manifest-sha256.txt，压缩包照样“完好”。\
因此 verify 会显示压缩包的指纹，即 manifest-sha256.txt 的 SHA-256；shenbao pack 打包时也显示它并写入 清单.txt。\
请把它与盖章纸质件上打印的指纹核对。";

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
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
    // Regular files only: a FIFO or a device named like a volume is never opened.
    let mut volumes: Vec<(u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.metadata().is_ok_and(|m| m.is_file()))
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
        let list: Vec<String> = bundles.iter().map(|p| printable(&p.display().to_string()).into_owned()).collect();
        eprintln!(
            "shenbao: {}",
            lang.pick(
                format!("这是分卷压缩包的一卷，连同其他分卷一起校验：{}", list.join("、")),
                format!("one volume of a split bundle: verifying all its volumes, {}", list.join(", ")),
            )
        );
    }
    let mut result = match pack::verify::verify(&bundles) {
        Ok(r) => r,
        Err((path, e)) => {
            eprintln!("shenbao: {}: {}", printable(&path.display().to_string()), e.describe(lang));
            return ExitStatus::Error;
        }
    };
    let text = match args.format {
        Format::Json => {
            // Worded in the run's language before it is serialised, as `check --format json` is.
            for d in &mut result.diagnostics {
                d.reword(lang);
            }
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
                s.push_str(&format!("{mark} {} {}  {}\n", d.code, d.severity.label(lang), printable(&d.text(lang))));
            }
            if let Some(fingerprint) = &result.fingerprint {
                s.push_str(&lang.pick(
                    format!(
                        "指纹（manifest-sha256.txt 的 SHA-256）：{fingerprint}\n  \
                         清单未签名：“完好”只说明文件与清单一致；请将此指纹与盖章纸质件上的指纹核对\n"
                    ),
                    format!(
                        "fingerprint (SHA-256 of manifest-sha256.txt): {fingerprint}\n  \
                         The manifest is not signed: intact means the files match it; compare this fingerprint \
                         with the one on the stamped paper copy\n"
                    ),
                ));
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
