fn main() -> std::process::ExitCode {
    let status = match shenbao::cli::parse() {
        Ok(cli) => shenbao::cli::run(cli),
        Err(status) => status,
    };
    std::process::ExitCode::from(status as u8)
}
