use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = shenbao::cli::Cli::parse();
    std::process::ExitCode::from(shenbao::cli::run(cli) as u8)
}
