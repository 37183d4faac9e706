//! The XML scanner and the document walker over arbitrary bytes as word/document.xml (stored, so
//! every mutation reaches the XML instead of breaking the zip), then the 字数 tally and the outline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    if zip.start_file("word/document.xml", stored).is_err() || zip.write_all(data).is_err() {
        return;
    }
    let Ok(cursor) = zip.finish() else { return };
    for scope in [shenbao::read::docx::Scope::Full, shenbao::read::docx::Scope::Text] {
        if let Ok(doc) = shenbao::read::docx::read_docx_with(cursor.get_ref(), scope) {
            let _ = shenbao::outline::document_tally(&doc);
            for located in shenbao::outline::generic(&doc) {
                let _ = shenbao::outline::text_of(&doc, &located);
            }
        }
    }
});
