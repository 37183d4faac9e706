//! What the terminal can show. On Windows the console is asked once to read ANSI escapes (Windows 10 and
//! later can); a console that cannot (or a run with NO_COLOR set) gets plain text, never raw "←[31m".
//! Text itself needs nothing: Rust writes to a Windows console as UTF-16, whatever its code page, and to a
//! file or pipe as UTF-8.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// Whether ANSI escapes show as styles where output is a terminal: always outside Windows; on Windows once
/// the console has accepted virtual-terminal processing.
fn escapes_read() -> bool {
    static READ: OnceLock<bool> = OnceLock::new();
    *READ.get_or_init(|| anstyle_query::windows::enable_ansi_colors().unwrap_or(true))
}

/// Whether the environment variable `name` is set to something (set but empty counts as unset, as
/// NO_COLOR's convention and CI systems have it).
pub fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Under CI (`CI` set): no progress bar, no browser opened.
pub fn under_ci() -> bool {
    env_set("CI")
}

/// NO_COLOR (https://no-color.org): set and not empty turns colour off.
fn no_color() -> bool {
    env_set("NO_COLOR")
}

/// Colour on stdout: a terminal that reads escapes, and NO_COLOR not set.
pub fn stdout_color() -> bool {
    std::io::stdout().is_terminal() && !no_color() && escapes_read()
}

/// The handler for problems shown with their TOML context on stderr: lines unwrapped (a path or a quote
/// is never broken), and plain where the console would show escapes as text.
pub fn miette_handler() -> miette::MietteHandler {
    let opts = miette::MietteHandlerOpts::new().wrap_lines(false);
    if escapes_read() { opts } else { opts.color(false) }.build()
}
