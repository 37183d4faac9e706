//! One run's context, built once before any subcommand runs and handed to each of them, as `just` builds
//! its `Config` from the arguments and passes it to `subcommand.execute(&config)`: the language,
//! shenbao.toml (found and read once), the custom rules it names, the policy (severities, waivers, `deny`),
//! today in Beijing time and the output style. A subcommand takes what it needs from here instead of
//! furnishing its own, so that `check`, `pack` and `summary` judge a dossier by the same rules.

use super::ExitStatus;
use crate::config::{self, Deny, Invalid, Loaded, Policy};
use crate::diag::Lang;
use crate::notice::Notice;
use crate::render::human::Style;
use std::cell::{Cell, OnceCell};
use std::path::{Path, PathBuf};

/// shenbao.toml as found from the working folder, read once: before the command line is parsed, its
/// `lang` decides the language of clap's messages; after, the same text is validated.
#[derive(Debug, Default)]
pub enum RepoFile {
    /// No shenbao.toml in the working folder or above it.
    #[default]
    Absent,
    Read {
        path: PathBuf,
        text: String,
    },
    /// Found but not readable as a config (a FIFO, over the size cap, not UTF-8…).
    Unreadable {
        path: PathBuf,
        invalid: Invalid,
    },
}

impl RepoFile {
    /// Finds shenbao.toml from the working folder up and reads it.
    pub fn find() -> Self {
        let Some(path) = std::env::current_dir().ok().and_then(|cwd| config::find(&cwd)) else {
            return RepoFile::Absent;
        };
        match config::read_config(&path) {
            Ok(text) => RepoFile::Read { path, text },
            Err(invalid) => RepoFile::Unreadable { path, invalid },
        }
    }

    /// Its `lang`, when it has a valid one, whatever else is wrong with the file.
    pub fn lang(&self) -> Option<Lang> {
        match self {
            RepoFile::Read { text, .. } => config::lang_in(text),
            _ => None,
        }
    }
}

/// A rule file shenbao.toml lists under `rules`, with where it was found (the bundle records its SHA-256).
struct Custom {
    file: Option<PathBuf>,
    notice: Notice,
}

/// What every subcommand is given.
pub struct Context {
    pub lang: Lang,
    /// Today in Beijing time, for deadlines and waiver expiry when no `--today` is given.
    pub today: jiff::civil::Date,
    /// How human output is styled on stdout (colour on a terminal unless NO_COLOR is set).
    pub style: Style,
    /// shenbao.toml, validated; its problems are reported when a subcommand first needs it.
    repo: Result<Option<Loaded>, Box<config::ConfigError>>,
    /// The problems of an invalid shenbao.toml have been printed (they are printed once a run).
    reported: Cell<bool>,
    /// The custom rules, loaded when first needed; `None` when one could not be loaded (reported then).
    custom: OnceCell<Option<Vec<Custom>>>,
    /// The notices of `custom`, as the checks take them.
    notices: OnceCell<Vec<Notice>>,
}

impl Context {
    /// The context of a run in `lang`, with the shenbao.toml read before parsing.
    pub fn new(lang: Lang, file: RepoFile) -> Self {
        let repo = match file {
            RepoFile::Absent => Ok(None),
            RepoFile::Read { path, text } => config::load_text(&path, &text, lang).map(Some),
            RepoFile::Unreadable { path, invalid } => {
                Err(Box::new(invalid.error(&path.display().to_string(), config::CONFIG_FILE, lang)))
            }
        };
        Context {
            lang,
            today: crate::checks::today_in("Asia/Shanghai"),
            style: Style { color: super::terminal::stdout_color() },
            repo,
            reported: Cell::new(false),
            custom: OnceCell::new(),
            notices: OnceCell::new(),
        }
    }

    /// The repository config, when there is one. An invalid shenbao.toml is reported (once a run) and
    /// ends the subcommand with exit code 2: a dossier is never judged without the rules its repository set.
    pub fn repo(&self) -> Result<Option<&Loaded>, ExitStatus> {
        match &self.repo {
            Ok(loaded) => Ok(loaded.as_ref()),
            Err(e) => {
                if !self.reported.replace(true) {
                    super::report_config_error(e);
                }
                Err(ExitStatus::Error)
            }
        }
    }

    /// The rule files shenbao.toml lists under `rules` (relative to its folder), loaded once. An invalid
    /// one is reported with its TOML context and ends the subcommand with exit code 2.
    pub fn custom(&self) -> Result<&[Notice], ExitStatus> {
        let loaded = self.repo()?;
        let custom = self.custom.get_or_init(|| {
            let Some(l) = loaded else { return Some(Vec::new()) };
            let mut custom = Vec::new();
            for spec in &l.config.rules {
                match crate::notice::resolve(spec, Some(l.dir()), self.lang) {
                    Ok(notice) => custom.push(Custom { file: rule_file(spec, l.dir()), notice }),
                    Err(e) => {
                        super::report_notice_error(e);
                        return None;
                    }
                }
            }
            Some(custom)
        });
        match custom {
            Some(custom) => Ok(self.notices.get_or_init(|| custom.iter().map(|c| c.notice.clone()).collect())),
            None => Err(ExitStatus::Error),
        }
    }

    /// The rule file of a custom notice, by the id a dossier or `--notice` names it by.
    pub fn custom_file(&self, id: &str) -> Option<&Path> {
        let custom = self.custom.get()?.as_ref()?;
        custom.iter().find(|c| c.notice.id == id)?.file.as_deref()
    }

    /// The notice named by `--notice`, if any: a custom rule of shenbao.toml by id, an embedded id or a
    /// rule file. An unknown id or an invalid rule file is reported with its TOML context (exit code 2).
    pub fn notice(&self, spec: Option<&str>) -> Result<Option<Notice>, ExitStatus> {
        let Some(spec) = spec else { return Ok(None) };
        let custom = self.custom()?;
        match crate::notice::resolve_in(spec, None, custom, self.lang) {
            Ok(n) => Ok(Some(n)),
            Err(e) => {
                super::report_notice_error(e);
                Err(ExitStatus::Error)
            }
        }
    }

    /// What changes findings after the checks: shenbao.toml's `[severity]`, `[[waivers]]` and `deny`, and
    /// `deny` given on the command line.
    pub fn policy(&self, deny: &[Deny]) -> Result<Policy, ExitStatus> {
        Ok(Policy::new(self.repo()?.map(|l| &l.config), deny))
    }
}

/// Where `resolve` found a rule file named in shenbao.toml: none for an embedded id, else the path as
/// written, else beside shenbao.toml.
fn rule_file(spec: &str, base: &Path) -> Option<PathBuf> {
    if crate::notice::embedded::text(spec).is_some() {
        return None;
    }
    [PathBuf::from(spec), base.join(spec)].into_iter().find(|p| p.is_file())
}
