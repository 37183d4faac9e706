//! Rule-file loading: TOML parsing with spans, then the second-phase validation, in both languages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao::diag::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for lang in [Lang::Zh, Lang::En] {
        if let Err(e) = shenbao::notice::load_str("fuzz.toml", text, lang) {
            let _ = e.to_string();
        }
    }
});
