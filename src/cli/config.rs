//! `shenbao config show`: the effective repository config and where each value came from.

use super::ExitStatus;

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

pub fn run(args: Args, ctx: &super::Context) -> ExitStatus {
    match args.command {
        ConfigCommand::Show => {
            let loaded = match ctx.repo() {
                Ok(l) => l,
                Err(status) => return status,
            };
            match super::emit(&crate::config::show(loaded, ctx.lang)) {
                Ok(()) => ExitStatus::Success,
                Err(status) => status,
            }
        }
    }
}
