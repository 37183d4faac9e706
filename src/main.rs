use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = match shenbao::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return std::process::ExitCode::from(shenbao::cli::usage_error(e) as u8),
    };
    std::process::ExitCode::from(shenbao::cli::run(cli) as u8)
}
