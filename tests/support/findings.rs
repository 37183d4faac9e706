//! Helpers of the findings tests: a clause, and the wording of findings in both languages for a snapshot.
#![allow(dead_code)]

use shenbao::diag::{Finding, Lang};

pub fn clause(reference: &str, quote: &str) -> shenbao::notice::Clause {
    shenbao::notice::Clause { reference: reference.into(), quote: quote.into() }
}

/// Both languages of a finding's message and help, for a wording snapshot.
pub fn worded(findings: &[&dyn Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        for lang in [Lang::Zh, Lang::En] {
            out += &format!("{} {:?}: {}\n", f.code().as_str(), lang, f.message(lang));
            if let Some(help) = f.help(lang) {
                out += &format!("    help: {help}\n");
            }
        }
    }
    out
}
