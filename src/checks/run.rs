//! The run's own findings: which notice, dossier.toml, the folder, the 申报书 as a file (read or not), and
//! shenbao.toml's waivers. None of them is a notice's rule; they say what the check could and could not do.
//!
//! The family file holds, in this order: the findings (typed [`RunFinding`]s, no language; the checks that
//! make them are in [`crate::checks`] and [`crate::config`]), the clauses `shenbao explain` cites for
//! SB001–SB004, SB008 and SB205 (none), and the zh and en wording of each finding.

use crate::diag::{family, Code, Finding, Lang, Severity};
use crate::dossier::{self, ConfigProblem, ConfigProblemKind, Ignored, SyntaxError, TomlType};
use crate::notice::{Clause, Notice};
use crate::read::docx::DocxError;
use crate::read::file;
use crate::read::sniff::Kind;

/// What the run itself finds, as data.
#[derive(Debug)]
pub enum RunFinding {
    /// SB001: the notice dossier.toml names cannot be had.
    NoticeUnknown { spec: String, problem: NoticeProblem },
    /// SB002: no notice at all; `config_unreadable`: dossier.toml is there but it, or its `notice` line,
    /// could not be read (SB003).
    NoticeMissing {
        config_unreadable: bool,
        /// The folder above, when it holds a dossier.toml: this one is a subfolder of a dossier (多媒体材料).
        inside: Option<String>,
        /// The notices a Word file of the folder fits equally well (one template, several notices), with
        /// that file; empty when none fits.
        alike: Vec<NoticeName>,
        alike_file: Option<String>,
    },
    /// SB011: no notice named; the Word file `file`'s headings fit this one (`found` of its `total`). When
    /// they fit the notices `apart` as well (one template), `clues` are what in the dossier belongs to this
    /// one only (the words 辽宁分赛 on the 申报书's cover, a 赛题 only it sets).
    NoticeInferred {
        file: String,
        notice: NoticeName,
        found: usize,
        total: usize,
        apart: Vec<NoticeName>,
        clues: Vec<super::clues::Clue>,
    },
    /// SB003: one problem in dossier.toml.
    DossierToml(ConfigProblem),
    /// SB004: the dossier folder cannot be scanned; `path` as given on the command line.
    FolderUnreadable { path: String, problem: FolderProblem },
    /// SB004: shenbao failed inside while checking this dossier (a bug caught, the batch goes on).
    Internal,
    /// SB202: the 申报书 is an encrypted or legacy (OLE) Word file.
    LegacyWord { file: String },
    /// SB205: the 申报书 cannot be read as a .docx.
    DocxUnreadable { file: String, error: DocxError },
    /// SB214 (as an info): a .docx or PDF over [`file::DOCUMENT_MAX`], found and packed but not read.
    TooLarge { file: String, kind: Kind, size: u64, limit: u64 },
    /// SB008: a waiver of `file` (shenbao.toml) past its `expires` date; `date` as written there.
    WaiverExpired { file: String, code: String, date: String, reason: String },
}

/// A notice as a finding names it: its id and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeName {
    pub id: String,
    pub title: String,
    pub title_en: String,
}

impl NoticeName {
    pub fn of(notice: &Notice) -> Self {
        Self { id: notice.id.clone(), title: notice.title.clone(), title_en: notice.title_for(Lang::En).to_owned() }
    }

    fn shown(&self, lang: Lang) -> String {
        lang.pick(format!("{}《{}》", self.id, self.title), format!("{} ({})", self.id, self.title_en))
    }
}

/// Why the notice named could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeProblem {
    /// Neither an embedded notice nor a rule file.
    Unknown,
    /// A rule file that cannot be read or is invalid, in the rule-file loader's words in each language.
    Unloadable { zh: String, en: String },
}

/// Why the dossier folder cannot be scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderProblem {
    NotFound,
    NotAFolder,
    /// The system's words.
    Io(crate::diag::IoProblem),
}

impl From<&dossier::ScanError> for RunFinding {
    fn from(e: &dossier::ScanError) -> Self {
        let (path, problem) = match e {
            dossier::ScanError::NotFound(p) => (p, FolderProblem::NotFound),
            dossier::ScanError::NotADirectory(p) => (p, FolderProblem::NotAFolder),
            dossier::ScanError::Io(p, io) => (p, FolderProblem::Io(crate::diag::IoProblem::from(io))),
        };
        Self::FolderUnreadable { path: path.clone(), problem }
    }
}

/// The clauses `shenbao explain` cites for the run's own codes: none. Which notice, dossier.toml, the
/// folder and shenbao.toml are the tool's own contract, not a notice's rule.
pub fn clauses(code: family::Run, _notice: &Notice) -> Vec<(String, &Clause)> {
    use family::Run::*;
    match code {
        NoticeUnknown | NoticeMissing | NoticeInferred | DossierTomlInvalid | DossierUnreadable | DocxUnreadable
        | WaiverExpired => Vec::new(),
    }
}

// The wording of this family's findings, zh and en together.

impl Finding for RunFinding {
    fn code(&self) -> Code {
        match self {
            Self::NoticeUnknown { .. } => Code::NoticeUnknown,
            Self::NoticeMissing { .. } => Code::NoticeMissing,
            Self::NoticeInferred { .. } => Code::NoticeInferred,
            Self::DossierToml(_) => Code::DossierTomlInvalid,
            Self::FolderUnreadable { .. } | Self::Internal => Code::DossierUnreadable,
            Self::LegacyWord { .. } => Code::LegacyWord,
            Self::DocxUnreadable { .. } => Code::DocxUnreadable,
            Self::TooLarge { .. } => Code::NotRead,
            Self::WaiverExpired { .. } => Code::WaiverExpired,
        }
    }

    fn severity(&self) -> Severity {
        match self {
            // Found, counted as present and packed: only what is inside is unchecked.
            Self::TooLarge { .. } => Severity::Info,
            _ => self.code().info().severity,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::NoticeUnknown { .. } | Self::DossierToml(_) => Some(dossier::CONFIG_FILE),
            Self::LegacyWord { file }
            | Self::DocxUnreadable { file, .. }
            | Self::TooLarge { file, .. }
            | Self::WaiverExpired { file, .. }
            | Self::NoticeInferred { file, .. } => Some(file),
            Self::NoticeMissing { alike_file, .. } => alike_file.as_deref(),
            Self::FolderUnreadable { .. } | Self::Internal => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::NoticeUnknown { spec, problem: NoticeProblem::Unknown } => {
                crate::notice::NoticeError::Unknown { spec: spec.clone(), lang }.to_string()
            }
            Self::NoticeUnknown { problem: NoticeProblem::Unloadable { zh, en }, .. } => lang.pick(zh, en).clone(),
            Self::NoticeMissing { alike, .. } if !alike.is_empty() => {
                let (zh, en): (Vec<String>, Vec<String>) =
                    alike.iter().map(|n| (n.shown(Lang::Zh), n.shown(Lang::En))).unzip();
                lang.pick(
                    format!("未指定通知：这份申报书的章节同时符合 {}，几份通知的模板相同，无法自动判断按哪份检查", zh.join("、")),
                    format!(
                        "no notice given: the 申报书's headings fit {} alike (one template, several notices); which one applies cannot be told",
                        en.join(" and ")
                    ),
                )
            }
            Self::NoticeInferred { file, notice, apart, clues, .. } if !apart.is_empty() => {
                let others = |l: Lang| apart.iter().map(|n| n.shown(l)).collect::<Vec<_>>();
                let seen = |l: Lang| clues.iter().map(|c| c.describe(l)).collect::<Vec<_>>();
                lang.pick(
                    format!(
                        "未指定通知：“{file}”的章节同时符合 {}、{}（模板相同），但材料中有只属于前者的内容：{}；推断为前者，本次按它检查。这是推断，请确认",
                        notice.shown(Lang::Zh),
                        others(Lang::Zh).join("、"),
                        seen(Lang::Zh).join("；")
                    ),
                    format!(
                        "no notice given: the headings of “{file}” fit {} and {} alike (one template), but the dossier holds what belongs to the former only: {}; it is taken to be the former, and checked against it. This is an inference: confirm it",
                        notice.shown(Lang::En),
                        others(Lang::En).join(" and "),
                        seen(Lang::En).join("; ")
                    ),
                )
            }
            Self::NoticeInferred { file, notice, found, total, .. } => lang.pick(
                format!(
                    "未指定通知：按“{file}”的章节（找到该通知模板 {total} 个标题中的 {found} 个）推断为 {}，本次按它检查。这是推断，请确认",
                    notice.shown(Lang::Zh)
                ),
                format!(
                    "no notice given: from the headings of “{file}” ({found} of the template's {total} found) this is taken to be {}, and checked against it. This is an inference: confirm it",
                    notice.shown(Lang::En)
                ),
            ),
            Self::NoticeMissing { config_unreadable: true, .. } => lang
                .pick(
                    "未指定通知：没有 --notice，dossier.toml 中的 notice 又无法读取（见 SB003）",
                    "no notice: no --notice, and the notice in dossier.toml cannot be read (see SB003)",
                )
                .to_owned(),
            Self::NoticeMissing { config_unreadable: false, .. } => lang
                .pick(
                    "未指定通知：既没有 --notice，dossier.toml 中也没有 notice",
                    "no notice: neither --notice nor `notice` in dossier.toml",
                )
                .to_owned(),
            Self::DossierToml(problem) => config_problem_message(problem, lang),
            Self::FolderUnreadable { path, problem } => folder_message(path, problem, lang),
            Self::Internal => lang
                .pick(
                    "检查这份材料时 shenbao 内部出错，已跳过；其他材料不受影响。请报告此问题",
                    "shenbao failed inside while checking this dossier and skipped it; the others are unaffected. Please report it",
                )
                .to_owned(),
            Self::LegacyWord { file } => lang.pick(
                format!("“{file}”是加密或旧版格式的 Word 文档，无法统计字数"),
                format!("“{file}” is an encrypted or legacy Word file; its words cannot be counted"),
            ),
            Self::DocxUnreadable { file, error } => {
                let why = error.describe(lang);
                lang.pick(format!("无法读取“{file}”：{why}"), format!("cannot read “{file}”: {why}"))
            }
            Self::TooLarge { file, kind, size, limit } => {
                let (size, limit) = (file::size_text(*size), file::size_text(*limit));
                let (zh_what, en_what) = match kind {
                    Kind::Pdf => ("页数、印章和文字", "its pages, seal and text"),
                    _ => ("章节、字数和表格", "its sections, 字数 and tables"),
                };
                lang.pick(
                    format!("“{file}”有 {size}，超过 shenbao 的读取上限 {limit}，未检查其{zh_what}；文件本身计为已提交，照常打包"),
                    format!(
                        "“{file}” is {size}, over shenbao's reading limit of {limit}: {en_what} are not checked; the file counts as present and is packed"
                    ),
                )
            }
            Self::WaiverExpired { code, date, reason, .. } => lang.pick(
                format!("{code} 的豁免已于 {date} 到期，不再生效（理由：{reason}）"),
                format!("the waiver of {code} expired on {date} and no longer applies (reason: {reason})"),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let (zh, en) = match self {
            Self::NoticeUnknown { .. } => ("`shenbao notices` 列出内置通知", "`shenbao notices` lists the embedded notices"),
            Self::NoticeMissing { inside: Some(parent), .. } => {
                return Some(lang.pick(
                    format!("这是材料中的子文件夹：检查整份材料用 shenbao check \"{parent}\""),
                    format!("this is a folder inside a dossier: check the whole dossier with shenbao check \"{parent}\""),
                ));
            }
            Self::NoticeMissing { alike, .. } if !alike.is_empty() => {
                let lines: Vec<String> = alike.iter().map(|n| format!("notice = \"{}\"", n.id)).collect();
                return Some(lang.pick(
                    format!(
                        "在材料文件夹中放一个 dossier.toml（可用记事本新建），写一行 {}；在命令行也可加 --notice ID",
                        lines.join(" 或 ")
                    ),
                    format!(
                        "put a dossier.toml (Notepad will do) in the folder with the line {}; or pass --notice ID",
                        lines.join(" or ")
                    ),
                ));
            }
            Self::NoticeMissing { config_unreadable: true, .. } => {
                let ids = crate::notice::embedded::ids();
                return Some(lang.pick(
                    format!(
                        "按 SB003 改正 dossier.toml 中 notice 那一行，写成 notice = \"ID\"（英文双引号），ID 为 {} 之一；在命令行也可加 --notice ID",
                        ids.join("、")
                    ),
                    format!(
                        "fix the notice line of dossier.toml as SB003 says: notice = \"ID\" (straight quotes), ID one of {}; or pass --notice ID",
                        ids.join(", ")
                    ),
                ));
            }
            Self::NoticeMissing { .. } => {
                let ids = crate::notice::embedded::ids();
                return Some(lang.pick(
                    format!(
                        "在材料文件夹中放一个 dossier.toml（可用记事本新建），写一行 notice = \"ID\"，ID 为 {} 之一（`shenbao notices` 列出它们的标题）；或用 shenbao init 从通知的模板开始；在命令行也可加 --notice ID",
                        ids.join("、")
                    ),
                    format!(
                        "put a dossier.toml (Notepad will do) in the folder with the line notice = \"ID\", ID one of {} (`shenbao notices` gives their titles); or start from the notice's template with shenbao init; or pass --notice ID",
                        ids.join(", ")
                    ),
                ));
            }
            Self::NoticeInferred { notice, .. } => {
                let id = &notice.id;
                return Some(lang.pick(
                    format!(
                        "确认无误后，在材料文件夹中放一个 dossier.toml（可用记事本新建），写一行 notice = \"{id}\"，就不再推断；若不是这份通知，写上正确的 id（`shenbao notices` 列出全部）"
                    ),
                    format!(
                        "once confirmed, put a dossier.toml (Notepad will do) in the folder with the line notice = \"{id}\" and nothing is inferred; if it is another notice, write that one's id (`shenbao notices` lists them)"
                    ),
                ));
            }
            Self::DossierToml(problem) => return config_problem_help(&problem.kind, lang),
            Self::FolderUnreadable { path, problem: FolderProblem::NotAFolder } => {
                return Some(not_a_folder_help(path, lang));
            }
            Self::FolderUnreadable { .. } => ("检查路径是否正确、是否为文件夹", "check the path and that it is a folder"),
            Self::DocxUnreadable { .. } => {
                ("在 Word 中打开并重新保存；若打不开，使用备份", "open and save it again in Word, or use a backup")
            }
            Self::TooLarge { kind: Kind::Pdf, .. } => (
                "用印PDF 很少超过几十 MB：以 150–300 dpi 重新扫描，或导出时压缩图片，再检查",
                "a stamped PDF is rarely over a few tens of MB: scan again at 150–300 dpi or compress its images on export, then check again",
            ),
            Self::TooLarge { .. } => (
                "真实的申报书很少超过几十 MB：压缩其中的图片（Word“文件 → 压缩图片”）或重新导出后再检查",
                "a real 申报书 is rarely over a few tens of MB: compress its pictures (Word: File → Compress Pictures), then check again",
            ),
            Self::Internal | Self::LegacyWord { .. } | Self::WaiverExpired { .. } => return None,
        };
        Some(lang.pick(zh, en).to_owned())
    }
}

/// What to run instead when `check` was given a file: a bundle is verified, a Word file counted, any other
/// file's folder checked.
fn not_a_folder_help(path: &str, lang: Lang) -> String {
    let lower = path.to_lowercase();
    let parent = std::path::Path::new(path).parent().map(|p| p.display().to_string()).filter(|p| !p.is_empty());
    let parent = parent.unwrap_or_else(|| ".".to_owned());
    if lower.ends_with(".zip") {
        lang.pick(
            format!("这是一个压缩包：核对打包好的材料用 shenbao verify \"{path}\"；检查材料请给出解压后的文件夹"),
            format!(
                "this is a bundle: run shenbao verify \"{path}\" to verify it; to check a dossier, give its folder"
            ),
        )
    } else if [".docx", ".doc", ".wps"].iter().any(|ext| lower.ends_with(ext)) {
        lang.pick(
            format!("这是一个 Word 文件：统计字数用 shenbao count \"{path}\"；检查整份材料用 shenbao check \"{parent}\""),
            format!("this is a Word file: run shenbao count \"{path}\" for its 字数, or shenbao check \"{parent}\" for the whole dossier"),
        )
    } else {
        lang.pick(
            format!("给出材料文件夹，例如 shenbao check \"{parent}\""),
            format!("give the dossier's folder, e.g. shenbao check \"{parent}\""),
        )
    }
}

fn folder_message(path: &str, problem: &FolderProblem, lang: Lang) -> String {
    match (problem, lang) {
        (FolderProblem::NotFound, Lang::Zh) => format!("找不到材料文件夹“{path}”"),
        (FolderProblem::NotAFolder, Lang::Zh) => format!("“{path}”不是文件夹"),
        (FolderProblem::Io(io), Lang::Zh) => format!("无法读取材料文件夹“{path}”：{}", io.worded(lang)),
        // The folder scan's own words (its `ScanError`), as they always were.
        (FolderProblem::NotFound, Lang::En) => format!("cannot read the dossier folder: {path}: not found"),
        (FolderProblem::NotAFolder, Lang::En) => format!("cannot read the dossier folder: {path}: not a folder"),
        (FolderProblem::Io(io), Lang::En) => format!("cannot read the dossier folder: {path}: {}", io.worded(lang)),
    }
}

/// SB003's message for one problem in dossier.toml: where it is, what is wrong, what this check leaves out,
/// and the likely key.
fn config_problem_message(problem: &ConfigProblem, lang: Lang) -> String {
    use ConfigProblemKind as Kind;
    let at = problem.at.map_or_else(String::new, |(l, c)| {
        lang.pick(format!("第 {l} 行第 {c} 列："), format!("line {l}, column {c}: "))
    });
    let (what, fix) = match &problem.kind {
        Kind::Unreadable { zh, en } => (lang.pick(format!("无法读取（{zh}）"), format!("cannot be read ({en})")), None),
        Kind::Syntax(syntax) => (syntax_message(syntax, lang), None),
        Kind::FullWidth { found, meant } => (
            lang.pick(
                format!("全角符号“{found}”，TOML 要用英文（半角）的 {meant}"),
                format!("full-width “{found}” (a Chinese input method's): TOML needs the ASCII {meant}"),
            ),
            None,
        ),
        Kind::UnknownKey { key, nearest } => (
            lang.pick(format!("未知的键“{key}”"), format!("unknown key `{key}`")),
            nearest.as_ref().map(|n| lang.pick(format!("。是否想写 {n}？"), format!(". Did you mean `{n}`?"))),
        ),
        Kind::WrongType { key, expected, found } => {
            let (want, got) = (type_name(*expected, lang), found.map(|f| type_name(f, lang)));
            let what = match got {
                Some(got) => lang.pick(
                    format!("键“{key}”的值应为{want}，这里是{got}"),
                    format!("`{key}` must be {want}, not {got}"),
                ),
                None => lang.pick(format!("键“{key}”的值应为{want}"), format!("`{key}` must be {want}")),
            };
            (what, None)
        }
        Kind::Duplicate { key, field } => (
            lang.pick(
                format!("“{key}”和“{field}”是同一个键，只能写一个"),
                format!("`{key}` is the same key as `{field}`"),
            ),
            None,
        ),
        Kind::InvalidValue { key, detail } if key.is_empty() => (detail.clone(), None),
        Kind::InvalidValue { key, detail } => (
            lang.pick(
                format!("键“{key}”的值无效（系统信息：{detail}）"),
                format!("invalid value for `{key}` ({detail})"),
            ),
            None,
        ),
    };
    let key = match &problem.kind {
        Kind::UnknownKey { key, .. }
        | Kind::WrongType { key, .. }
        | Kind::Duplicate { key, .. }
        | Kind::InvalidValue { key, .. } => Some(key),
        Kind::Unreadable { .. } | Kind::Syntax(_) | Kind::FullWidth { .. } => None,
    };
    let ignored = match &problem.ignored {
        Ignored::File => lang
            .pick("，本次检查未使用 dossier.toml".to_owned(), "; dossier.toml is not used for this check".to_owned()),
        Ignored::Key(top) if Some(top) == key => {
            lang.pick("，本次检查忽略此键".to_owned(), "; ignored for this check".to_owned())
        }
        Ignored::Key(top) => {
            lang.pick(format!("，本次检查忽略“{top}”"), format!("; `{top}` is ignored for this check"))
        }
        Ignored::Line => {
            lang.pick("，本次检查忽略这一行".to_owned(), "; the line is ignored for this check".to_owned())
        }
    };
    format!("{at}{what}{ignored}{}", fix.unwrap_or_default())
}

/// A TOML syntax error in plain words: in Chinese by what is wrong, in English in the parser's words.
fn syntax_message(syntax: &SyntaxError, lang: Lang) -> String {
    use SyntaxError as S;
    let detail = syntax.detail();
    let zh = match syntax {
        S::UnclosedString(_) => "字符串缺少结尾的英文引号（引号要成对）",
        S::Unquoted(_) => "字符串值没有加英文双引号",
        S::NoValue(_) => "键后面缺少等号 = 和值",
        S::UnclosedTable(_) => "表头 [ ] 不完整（缺少 ] 或写法有误）",
        S::BadArray(_) => "数组 [ … ] 写法有误（元素之间用英文逗号，以 ] 结束）",
        S::Trailing(_) => "值后面还有多余的内容（一行只写一个 键 = 值）",
        S::DuplicateKey(_) => "同一个键写了两次",
        S::BadKey(_) => "键名里有不能直接写的字符（中文键要加英文双引号）",
        S::Other(_) => {
            return lang.pick(format!("TOML 语法错误（系统信息：{detail}）"), format!("TOML syntax error ({detail})"))
        }
    };
    lang.pick(format!("TOML 语法错误：{zh}"), format!("TOML syntax error ({detail})"))
}

/// SB003's help line for one problem in dossier.toml, when there is one.
fn config_problem_help(kind: &ConfigProblemKind, lang: Lang) -> Option<String> {
    use ConfigProblemKind as Kind;
    match kind {
        Kind::FullWidth { found, meant } => Some(lang.pick(
            format!("把“{found}”改成英文的 {meant}（关闭中文输入法的全角标点再输入）"),
            format!("replace “{found}” with the ASCII {meant} (switch the input method to half-width punctuation)"),
        )),
        Kind::Syntax(_) => Some(
            lang.pick(
                "字符串值加英文双引号（notice = \"ln-2024-cases\"），中文键也加引号（\"申报单位\" = \"…\"）",
                "quote string values (notice = \"ln-2024-cases\") and Chinese keys (\"申报单位\" = \"…\")",
            )
            .to_owned(),
        ),
        Kind::UnknownKey { nearest: None, .. } => Some(
            lang.pick("可用的键见 README 的 dossier.toml 一节", "the README's dossier.toml section lists the keys")
                .to_owned(),
        ),
        Kind::WrongType { key, expected, .. } => {
            match expected {
                TomlType::Integer => Some(lang.pick(
                    format!("写数字，不加引号：{key} = 1"),
                    format!("write the number without quotes: {key} = 1"),
                )),
                TomlType::String => {
                    Some(lang.pick(format!("加英文双引号：{key} = \"…\""), format!("quote it: {key} = \"…\"")))
                }
                TomlType::Array => {
                    Some(lang.pick(format!("写成数组：{key} = [\"…\"]"), format!("write a list: {key} = [\"…\"]")))
                }
                _ => None,
            }
        }
        Kind::Unreadable { .. } | Kind::UnknownKey { .. } | Kind::Duplicate { .. } | Kind::InvalidValue { .. } => None,
    }
}

/// A TOML value type in plain words.
fn type_name(t: TomlType, lang: Lang) -> &'static str {
    use TomlType as T;
    match t {
        T::String => lang.pick("字符串", "a string"),
        T::Integer => lang.pick("整数", "an integer"),
        T::Float => lang.pick("小数", "a decimal number"),
        T::Boolean => lang.pick("布尔值（true 或 false）", "true or false"),
        T::Datetime => lang.pick("日期时间", "a date-time"),
        T::Array => lang.pick("数组（[…]）", "a list ([…])"),
        T::Table => lang.pick("表", "a table"),
    }
}
