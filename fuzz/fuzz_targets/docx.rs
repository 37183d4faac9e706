//! The .docx reader, then the 字数 tally and the generic outline over whatever it read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = shenbao::read::docx::read_docx(data) {
        let _ = shenbao::outline::document_tally(&doc);
        for located in shenbao::outline::generic(&doc) {
            let _ = shenbao::outline::text_of(&doc, &located);
        }
    }
});
