//! Writes the sample dossiers: `cargo run --example make_fixtures [-- OUT_DIR]` (default `fixtures`).

#[path = "../tests/support/fixtures_gen.rs"]
mod fixtures_gen;

fn main() -> fixtures_gen::Result<()> {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fixtures".to_owned()));
    fixtures_gen::write_all(&root)?;
    println!("fixtures written to {}", root.display());
    Ok(())
}
