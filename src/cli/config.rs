//! `shenbao config show`: the effective repository config and where each value came from.

use super::ExitStatus;
use crate::diag::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Print the effective config (shenbao.toml found from the working directory up) and the dossier folders it names.
    Show,
}

pub fn run(args: Args, lang: Lang) -> ExitStatus {
    match args.command {
        ConfigCommand::Show => {
            let loaded = match super::check::repo_config(lang) {
                Ok(l) => l,
                Err(status) => return status,
            };
            match super::emit(&crate::config::show(loaded.as_ref(), lang)) {
                Ok(()) => ExitStatus::Success,
                Err(status) => status,
            }
        }
    }
}
