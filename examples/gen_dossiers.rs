//! Writes realistic dossiers of a notice's shape (see tests/support/dossier_gen.rs):
//! `cargo run --release --example gen_dossiers -- --notice ID --n 100 [--seed 1] OUT`, or `--notice all`
//! for N of each notice. The same arguments write the same files.

#[path = "../tests/support/dossier_gen.rs"]
#[allow(dead_code)]
mod dossier_gen;

use std::path::PathBuf;

const USAGE: &str = "usage: gen_dossiers --notice ID|all --n N [--seed S] OUT";

fn main() -> dossier_gen::Result<()> {
    let mut notice = None;
    let mut n = 10;
    let mut seed = 1;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--notice" => notice = Some(value()?),
            "--n" => n = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "-h" | "--help" => {
                println!("{USAGE}\nnotices: {}", dossier_gen::NOTICES.join(", "));
                return Ok(());
            }
            _ if out.is_none() && !arg.starts_with('-') => out = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg:?}\n{USAGE}").into()),
        }
    }
    let (Some(notice), Some(out)) = (notice, out) else {
        return Err(USAGE.into());
    };
    let notices: Vec<&str> = if notice == "all" {
        dossier_gen::NOTICES.to_vec()
    } else if let Some(known) = dossier_gen::NOTICES.iter().find(|k| **k == notice) {
        vec![*known]
    } else {
        return Err(format!("unknown notice {notice:?}; one of {} or all", dossier_gen::NOTICES.join(", ")).into());
    };
    for notice in notices {
        let dirs = dossier_gen::generate(&out, notice, n, seed)?;
        println!("{} {notice} dossiers written to {}", dirs.len(), out.join(notice).display());
    }
    Ok(())
}
