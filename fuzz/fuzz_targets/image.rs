//! Image headers (the JPEG marker walk, EXIF orientation, PNG/GIF ends) and content sniffing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = shenbao::read::sniff::sniff(data);
    let _ = shenbao::read::image::read_image_bytes(data);
});
