//! The MP4/QuickTime box walker over bytes in memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Cursor;

fuzz_target!(|data: &[u8]| {
    let _ = shenbao::read::mp4::read_mp4_from(Cursor::new(data), data.len() as u64);
});
