//! The fuzz targets in `fuzz/` (see the README's Development section): the in-memory entry points they
//! drive are held to what the file readers give, and every input they find that makes a reader panic,
//! hang or run out of memory is added here, minimised, replayed through that reader (small inputs as
//! byte literals, larger ones under `tests/data/fuzz/`).

use shenbao::read::mp4;
use std::io::Cursor;
use std::path::Path;

#[test]
fn read_mp4_from_bytes_matches_read_mp4() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/pass/多媒体材料/视频/案例视频.mp4");
    let bytes = std::fs::read(&path).expect("fixture video");
    let from_file = mp4::read_mp4(&path).expect("reads the file");
    let from_bytes = mp4::read_mp4_from(Cursor::new(&bytes), bytes.len() as u64).expect("reads the bytes");
    assert_eq!(from_bytes, from_file);
}
