//! `shenbao completions SHELL` and `shenbao man`: generated from the clap definition, so never stale.

use super::{Cli, ExitStatus};
use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn completions(args: CompletionsArgs) -> ExitStatus {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "shenbao", &mut out);
    write(&out)
}

/// The man page (roff) of shenbao and its subcommands, on stdout: `shenbao man > shenbao.1`.
pub fn man() -> ExitStatus {
    let cmd = Cli::command();
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(cmd.clone()).render(&mut out) {
        eprintln!("shenbao: {e}");
        return ExitStatus::Error;
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("shenbao-{}", sub.get_name());
        let sub = sub.clone().name(name.clone()).display_name(name);
        if let Err(e) = clap_mangen::Man::new(sub).render(&mut out) {
            eprintln!("shenbao: {e}");
            return ExitStatus::Error;
        }
    }
    write(&out)
}

fn write(bytes: &[u8]) -> ExitStatus {
    match super::emit(&String::from_utf8_lossy(bytes)) {
        Ok(()) => ExitStatus::Success,
        Err(status) => status,
    }
}
