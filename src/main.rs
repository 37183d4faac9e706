fn main() -> std::process::ExitCode {
    let status = match shenbao::cli::parse() {
        Ok(cli) => {
            // Ctrl-C or SIGTERM while a bundle or table is being written removes its temporary file.
            shenbao::output::install_cleanup(cli.lang.unwrap_or_default());
            shenbao::cli::run(cli)
        }
        Err(status) => status,
    };
    std::process::ExitCode::from(status as u8)
}
