//! The PDF reader: structure, pages, seals and text, and the Info date parser on the same bytes.
//!
//! `read_pdf` turns a panic inside lopdf into `PdfError::Damaged` (see `guarded` in src/read/pdf.rs),
//! but libFuzzer's panic hook aborts before that `catch_unwind` is reached. The hook installed here
//! lets a panic raised inside lopdf's own source unwind to `guarded`, as it does in the real program,
//! and aborts on any other: a panic in shenbao's code, in the standard library called from it, or
//! one that escapes `guarded`, is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static HOOK: Once = Once::new();

fn contain_lopdf_panics() {
    HOOK.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_lopdf = info.location().is_some_and(|l| l.file().contains("/lopdf-"));
            if !in_lopdf {
                abort(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    contain_lopdf_panics();
    let _ = shenbao::read::pdf::read_pdf(data);
    let _ = shenbao::read::pdf::pdf_text(data);
    let _ = shenbao::read::pdf::parse_pdf_date(&String::from_utf8_lossy(data));
});
