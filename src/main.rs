fn main() -> std::process::ExitCode {
    let status = match shenbao::cli::parse() {
        Ok(invocation) => {
            // Ctrl-C or SIGTERM while a bundle or table is being written removes its temporary file.
            shenbao::output::install_cleanup(invocation.lang());
            shenbao::cli::run(invocation)
        }
        Err(status) => status,
    };
    std::process::ExitCode::from(status as u8)
}
