//! The command line in Chinese: clap's help pages and its usage errors, for the default language.
//!
//! The English texts are the doc comments on the argument structs (they also make the man page);
//! here each subcommand and argument gets its Chinese text by name, and clap's own words (headings,
//! `--help`, `--version`, its error messages) are replaced. A test holds every argument to a text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The Chinese text of a subcommand, by name.
fn about(name: &str) -> Option<&'static str> {
    Some(match name {
        "shenbao" => "申报材料检查与打包：按通知规则检查材料文件夹，按 Word 字数统计口径逐节计数",
        "init" => "新建一份申报材料：通知要求的文件夹、dossier.toml，以及按规则文件生成的申报书",
        "check" => "按通知检查申报材料文件夹",
        "count" => "按 Word 字数统计的口径逐节统计 .docx 的字数",
        "clean" => "生成 .docx 的清理后副本：接受全部修订，删除批注和个人信息（作者、单位、自定义属性等）",
        "notices" => "列出内置的通知，或显示其中一个",
        "show" => "显示一个通知：截止日期、所需材料、申报书各部分及字数限制、名额和取值清单",
        "new" => "为 shenbao 尚不认识的通知起草规则文件：各部分、章节和字数限制取自申报书模板，截止日期、材料和名额取自通知原文；须核对之处标“# 请核对”并列在标准错误输出上",
        "lint" => "按 --notice FILE 的读取方式检查规则文件，逐条列出问题及其在 TOML 中的位置",
        "explain" => "解释一个诊断代码：检查什么、为什么、怎样改",
        "pack" => "把申报材料打包为可复现的 zip 压缩包，附 SHA-256 清单",
        "verify" => "按清单核对压缩包（或分卷压缩包的全部分卷）",
        "summary" => "为一批材料生成推荐单位的申报汇总表（.xlsx、.csv 或 .docx）",
        "config" => "显示仓库配置（shenbao.toml）",
        "completions" => "输出命令行补全脚本：shenbao completions bash > /etc/bash_completion.d/shenbao",
        "man" => "输出 man 手册页（roff 格式）：shenbao man > shenbao.1",
        "help" => "显示本说明，或某个子命令的用法",
        _ => return None,
    })
}

/// clap's help layout with the usage heading in Chinese.
const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

const LONG_ABOUT: &str = "shenbao（申报）按申报材料所响应的通知检查“数据要素×”申报材料：所需文件是否齐全、\
格式是否名副其实，申报书每一节的字数（与 Word 字数统计一致）是否超限，申报表各栏是否填写，是否已过截止日期。\n\n\
退出码：0 全部通过，1 有材料存在错误，2 工具无法运行。";

/// The Chinese help of an argument: (subcommand, argument id).
fn arg_help(command: &str, id: &str) -> Option<&'static str> {
    const NOTICE: &str = "通知：内置通知的编号（见 shenbao notices）或规则文件";
    const TODAY: &str =
        "以这一天（北京时间）检查截止日期，而不是今天；写作 YYYY-MM-DD，也可写 2024/8/10、2024年8月10日";
    Some(match (command, id) {
        (_, "lang") => "消息语言：zh（中文，默认）或 en（英文）；也可用环境变量 SHENBAO_LANG",
        (_, "format") if command == "check" => {
            "输出格式：human（默认，表格和说明）、json（稳定的 JSON，见 README“输出”）、sarif（SARIF 2.1.0）、\
             junit（JUnit XML）、github（GitHub Actions 注释和摘要表）、html（可在浏览器中打开的单个网页，配合 --output FILE）"
        }
        (_, "format") => "输出格式：human（默认）或 json",
        ("init", "dir") => "要新建的申报材料文件夹（不存在时创建；已有的文件保留）",
        ("init", "notice") => NOTICE,
        ("init", "unit") => "申报单位（牵头单位、参赛单位），写入封面、申报表和 dossier.toml",
        ("init", "name") => "案例名称（项目名称、场景名称）",
        ("init", "force") => "重新生成 shenbao 生成后未改动过的文件（记录在 dossier.toml 中）；改动过的文件从不覆盖",
        ("init", "list") => "列出各通知及其生成的模板包含什么（与 --notice 一起用时只列出该通知）",
        ("check", "dirs") => {
            "申报材料文件夹，或其子文件夹为申报材料的批量根目录（见 README“批量检查”）。\
             默认：shenbao.toml 中 [[dossiers]] 所列的文件夹"
        }
        ("check", "notice") => "通知：内置通知的编号（见 shenbao notices）或规则文件。默认：各文件夹 dossier.toml 中写明的通知",
        ("check", "output") => "另把 --format 格式的报告写入 FILE；终端仍显示表格",
        ("check", "deny") => "warnings：警告也像错误一样使材料不通过",
        ("check", "shard") => "只检查 N 份中的第 I 份（如 2/4），按文件夹路径稳定划分，供 CI 并行",
        ("check" | "summary", "today") => TODAY,
        ("check" | "summary", "batch") => "把给出的每个文件夹都当作批量根目录：其下每个子文件夹是一份材料",
        ("check" | "summary", "single") => "把给出的每个文件夹都当作一份材料，即使它看起来像批量根目录",
        ("count", "files") => {
            "要统计的 .docx；给出文件夹时统计其中全部 .docx（不含 Word 锁文件 ~$… 和 __MACOSX 等系统文件）。\
             多个文件并行统计，按给出的顺序报告"
        }
        ("clean", "file") => "要清理的 Word 文件（.docx）。只读取，从不改动",
        ("clean", "output") => "清理后的副本。默认：原文件旁的“文件名（清理后）.docx”",
        ("clean", "remove_hidden") => "同时删除隐藏文字（w:vanish）；默认保留（可能是有意隐藏的）并报告",
        ("count", "notice") => "按通知的部分和章节统计并显示字数限制（内置通知的编号或规则文件）",
        ("show", "id") => "内置通知的编号或规则文件",
        ("lint", "files") => "规则文件（.toml）",
        ("new", "from") => "通知的申报书模板（.docx）",
        ("new", "notice_text") => "通知原文：.txt、.docx 或带文字层的 PDF",
        ("new", "id") => "规则文件的编号（小写字母、数字和连字符）",
        ("new", "output") => "起草的规则文件写到这里",
        ("explain", "code") => "诊断代码，如 SB103，或其名称，如 section-over-limit",
        ("explain", "list") => "列出全部诊断代码及其标题",
        ("explain", "notice") => "只显示这个通知中的依据条文（内置通知的编号或规则文件）；默认显示全部内置通知",
        ("pack", "dir") => "申报材料文件夹。只读取，从不改动",
        ("pack", "notice") => "通知：内置通知的编号或规则文件。默认：文件夹中 dossier.toml 写明的通知",
        ("pack", "output") => "要写出的压缩包。默认：文件夹旁的“{名称}-{申报单位}.zip”",
        ("pack", "clean") => "压缩包中放入清理后的申报书（.docx）：接受全部修订，删除批注和个人信息，同 shenbao clean；文件夹中的原文件只读不改，report.json 和 清单.txt 记下清理了什么",
        ("pack", "force") => "检查有错误时也打包；压缩包中的 report.json 和 清单.txt 会记下这一点",
        ("pack", "split") => "分卷：写出可各自独立解压的 NAME.part1.zip、NAME.part2.zip……，每卷不超过 SIZE（如 25M、20MB、1G）",
        ("pack", "today") => {
            "以这一天检查截止日期（YYYY-MM-DD，也可写 2024/8/10）。默认：设置了 SOURCE_DATE_EPOCH 时取其日期，否则为今天"
        }
        ("verify", "bundles") => {
            "压缩包，或分卷压缩包的每一卷（NAME.part1.zip NAME.part2.zip …）；只给出一卷时，同时核对旁边的其他 NAME.partN.zip"
        }
        ("summary", "dirs") => "批量根目录（或多个申报材料文件夹）",
        ("summary", "output") => "输出文件：.xlsx（Excel、WPS）、.csv（带 BOM 的 UTF-8）或 .docx",
        ("summary", "notice") => "按哪个通知的表格输出（默认：材料所响应的通知；材料响应多个通知时须写明）",
        ("summary", "only_passed") => "不列出有错误的材料（默认列出并标明）",
        ("completions", "shell") => "bash、zsh、fish、powershell 或 elvish",
        _ => return None,
    })
}

/// The command line in Chinese.
pub fn localize(command: Command) -> Command {
    let mut command = localize_unbuilt(command, true);
    // clap adds its `help` subcommands when it builds the command: relabel them after. Only texts
    // change then; arguments are never touched once built (clap indexes them at build time).
    command.build();
    relabel_help_subcommands(command)
}

fn localize_unbuilt(command: Command, root: bool) -> Command {
    let name = command.get_name().to_owned();
    let mut command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("子命令")
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示本说明").help_heading("选项"))
        .long_about(if root { Some(LONG_ABOUT) } else { None });
    if root {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本号")
                .help_heading("选项"),
        );
    }
    if let Some(text) = about(&name) {
        command = command.about(text);
    }
    if name == "verify" {
        command = command.after_help(super::verify::AFTER_HELP_ZH);
    }
    let ids: Vec<(String, bool, bool)> = command
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|a| (a.get_id().to_string(), a.is_positional(), a.get_action().takes_values()))
        .collect();
    for (id, positional, takes_values) in ids {
        let text = arg_help(&name, &id);
        command = command.mut_arg(&id, |a| {
            let a = a.help_heading(if positional { "参数" } else { "选项" });
            // The Chinese texts name the values and the default themselves: clap's bracketed
            // "[possible values: …]" and "[default: …]" would stay English.
            let a = if takes_values { a.hide_possible_values(true).hide_default_value(true) } else { a };
            match text {
                Some(text) => a.help(text).long_help(None),
                None => a,
            }
        });
    }
    let subcommands: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for sub in subcommands {
        command = command.mut_subcommand(&sub, |s| localize_unbuilt(s, false));
    }
    command
}

fn relabel_help_subcommands(mut command: Command) -> Command {
    let subcommands: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for sub in subcommands {
        command = command.mut_subcommand(&sub, |s| {
            let s = if sub == "help" {
                s.about(about("help")).help_template(TEMPLATE).subcommand_help_heading("子命令")
            } else {
                s
            };
            relabel_help_subcommands(s)
        });
    }
    command
}

/// clap's usage error in Chinese, for the kinds a user meets; `None` leaves clap's English message.
pub fn error_message(e: &clap::Error) -> Option<String> {
    let one = |kind: ContextKind| {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join("、")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            _ => None,
        }
        .filter(|v| !v.is_empty())
    };
    let arg = one(ContextKind::InvalidArg);
    let value = one(ContextKind::InvalidValue);
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => {
            let arg = arg?;
            // clap's tip for a value that looks like an option (a file named "-x.docx"), which names
            // only the option clap read ("-x"): said here without the name.
            let dashes = e.get(ContextKind::SuggestedArg).is_none() && e.get(ContextKind::Suggested).is_some();
            let tip = if dashes { "；若这是以 - 开头的文件名或取值，在它前面写 --" } else { "" };
            format!("没有参数 {arg}{tip}")
        }
        ErrorKind::InvalidSubcommand => format!("没有子命令 {}", one(ContextKind::InvalidSubcommand)?),
        ErrorKind::InvalidValue => {
            let valid = one(ContextKind::ValidValue).map(|v| format!("；可用的值：{v}")).unwrap_or_default();
            match value.as_deref() {
                Some("") | None => format!("{} 需要一个值{valid}", arg?),
                Some(value) => format!("{} 不接受“{value}”{valid}", arg?),
            }
        }
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(e)
                .map(|s| match s.downcast_ref::<super::ArgError>() {
                    Some(refused) => format!("：{}", refused.zh),
                    None => format!("：{s}"),
                })
                .unwrap_or_default();
            format!("{} 的值“{}”无效{source}", arg?, value.unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必须给出的参数：{}", arg?),
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            match one(ContextKind::PriorArg) {
                Some(prior) if prior == arg => format!("{arg} 只能给出一次"),
                Some(prior) => format!("{arg} 与 {prior} 不能同时使用"),
                None => format!("{arg} 不能与已给出的参数同时使用"),
            }
        }
        ErrorKind::MissingSubcommand => "缺少子命令".to_owned(),
        ErrorKind::TooManyValues => format!("{} 给出的值过多", arg?),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码的文字）".to_owned(),
        _ => return None,
    };
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue] {
        if let Some(suggested) = one(kind) {
            text.push_str(&format!("；是否想写 {suggested}？"));
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn walk(command: &Command, seen: &mut Vec<String>) {
        for a in command.get_arguments().filter(|a| !matches!(a.get_id().as_str(), "help" | "version")) {
            if arg_help(command.get_name(), a.get_id().as_str()).is_none() {
                seen.push(format!("{} {}", command.get_name(), a.get_id()));
            }
        }
        if about(command.get_name()).is_none() {
            seen.push(command.get_name().to_owned());
        }
        for s in command.get_subcommands() {
            walk(s, seen);
        }
    }

    #[test]
    fn every_subcommand_and_argument_has_a_chinese_text() {
        let mut command = crate::cli::Cli::command();
        command.build();
        let mut missing = Vec::new();
        walk(&command, &mut missing);
        assert!(missing.is_empty(), "no Chinese text for: {missing:?}");
    }

    #[test]
    fn help_pages_read_in_chinese() {
        let mut command = localize(crate::cli::Cli::command());
        let help = command.render_help().to_string();
        for expected in ["用法：", "子命令", "选项", "显示本说明", "显示版本号", "按通知检查申报材料文件夹"]
        {
            assert!(help.contains(expected), "{expected} in\n{help}");
        }
        assert!(!help.contains("Usage:") && !help.contains("Options:"), "{help}");
        // What `shenbao help help` shows: the help subcommand clap adds, listing the subcommands.
        let help_help = command.find_subcommand_mut("help").map(|h| h.render_help()).expect("help").to_string();
        assert!(
            help_help.contains("用法：shenbao help") && help_help.contains("按通知检查申报材料文件夹"),
            "{help_help}"
        );
        assert!(!help_help.contains("Usage:") && !help_help.contains("Commands:"), "{help_help}");
        let count = command.find_subcommand_mut("count").expect("count").render_long_help().to_string();
        assert!(
            count.contains("按 Word 字数统计的口径") && count.contains("输出格式：human（默认）或 json"),
            "{count}"
        );
    }

    #[test]
    fn usage_errors_read_in_chinese() {
        let parse =
            |args: &[&str]| localize(crate::cli::Cli::command()).try_get_matches_from(args).expect_err("refused");
        let e = parse(&["shenbao", "check", "--formt", "json"]);
        assert_eq!(error_message(&e).as_deref(), Some("没有参数 --formt；是否想写 --format？"));
        let e = parse(&["shenbao", "count", "a.docx", "--format", "xml"]);
        assert_eq!(error_message(&e).as_deref(), Some("--format <FORMAT> 不接受“xml”；可用的值：human、json"));
        let e = parse(&["shenbao", "count", "--notice"]);
        assert_eq!(error_message(&e).as_deref(), Some("--notice <ID|FILE> 需要一个值"));
        let e = parse(&["shenbao", "count", "a.docx", "--format", "json", "--format", "human"]);
        assert_eq!(error_message(&e).as_deref(), Some("--format <FORMAT> 只能给出一次"));
        let e = parse(&["shenbao", "count", "-x.docx"]);
        assert_eq!(error_message(&e).as_deref(), Some("没有参数 -x；若这是以 - 开头的文件名或取值，在它前面写 --"));
        let e = parse(&["shenbao", "chek"]);
        assert_eq!(error_message(&e).as_deref(), Some("没有子命令 chek；是否想写 check？"));
        let e = parse(&["shenbao", "check", "--today", "2024-13-40"]);
        let text = error_message(&e).expect("a Chinese message");
        assert_eq!(
            text,
            "--today <YYYY-MM-DD> 的值“2024-13-40”无效：不是有效的日期，应写成 YYYY-MM-DD，如 2024-08-10。"
        );
        // A two-digit year would be the year 24 and pass every deadline.
        let e = parse(&["shenbao", "check", "--today", "24-8-21"]);
        let text = error_message(&e).expect("a Chinese message");
        assert_eq!(text, "--today <YYYY-MM-DD> 的值“24-8-21”无效：年份“24”须写满四位，如 2024-08-21。");
        let accepted = localize(crate::cli::Cli::command()).try_get_matches_from([
            "shenbao",
            "check",
            "d",
            "--today",
            "2024年8月21日",
        ]);
        assert!(accepted.is_ok(), "{accepted:?}");
        let e = parse(&["shenbao", "pack", "d", "--split", "25Q"]);
        assert_eq!(
            error_message(&e).as_deref(),
            Some("--split <SIZE> 的值“25Q”无效：不是可用的大小，应写成数字加单位，如 25M、20MB、1G")
        );
        let e = parse(&["shenbao", "check", "--shard", "5/4"]);
        assert_eq!(error_message(&e).as_deref(), Some("--shard <I/N> 的值“5/4”无效：分片 5/4：须 1 ≤ I ≤ N"));
    }
}
