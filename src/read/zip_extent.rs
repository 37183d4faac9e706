//! How big a zip's central directory says it is, read from its end records before anything opens it.
//!
//! The zip crate reads a whole central directory into memory (a few hundred bytes per entry) before a
//! caller can look at a single entry: a package of a million empty entries, 90 MB on disk, costs it
//! seconds and hundreds of MB. The end-of-central-directory record (and its zip64 twin) says how many
//! entries there are and how many bytes they take, in 22 + 56 + 20 bytes at the end of the file, so a
//! caller can refuse such a package before opening it.

use std::io::{self, Read, Seek, SeekFrom};

/// The end-of-central-directory record and the longest comment it may carry.
const EOCD_SEARCH: u64 = 22 + 0xFFFF;

/// The most entries a .docx may list. Word writes a dozen parts plus one per picture, chart or embedded
/// object; a document with thousands of pictures stays far below.
pub const DOCX_MAX_ENTRIES: u64 = 20_000;

/// The largest central directory a .docx may have: 20 000 entries with names of 150 bytes.
pub const DOCX_MAX_DIRECTORY: u64 = 4 << 20;

/// What the end records say about the central directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    /// Entries the directory holds, as recorded.
    pub entries: u64,
    /// Bytes of the directory, as recorded.
    pub bytes: u64,
}

impl Extent {
    /// Whether the directory stays within `max_entries` and `max_bytes`.
    pub fn within(self, max_entries: u64, max_bytes: u64) -> bool {
        self.entries <= max_entries && self.bytes <= max_bytes
    }
}

fn le16(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 2).map_or(0, |s| u64::from(u16::from_le_bytes([s[0], s[1]])))
}

fn le32(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 4).map_or(0, |s| u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])))
}

fn le64(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8).map_or(0, |s| u64::from_le_bytes(s.try_into().unwrap_or([0; 8])))
}

/// Reads `len` bytes at `pos` (fewer at the end of the input).
fn read_at<R: Read + Seek>(input: &mut R, pos: u64, len: u64) -> io::Result<Vec<u8>> {
    input.seek(SeekFrom::Start(pos))?;
    let mut buf = Vec::new();
    input.take(len).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The directory's extent as the end records give it; `None` when there is no end record (not a zip, or
/// cut short: the zip crate then says what is wrong). The record is chosen as `verify` chooses it: the
/// one whose comment ends where the input ends, else the last one that fits. Reads at most
/// 64 KiB + 76 bytes, whatever the input's size.
pub fn extent<R: Read + Seek>(input: &mut R) -> io::Result<Option<Extent>> {
    let size = input.seek(SeekFrom::End(0))?;
    if size < 22 {
        return Ok(None);
    }
    let tail_len = size.min(EOCD_SEARCH);
    let tail_at = size - tail_len;
    let tail = read_at(input, tail_at, tail_len)?;
    let (mut exact, mut fits) = (None, None);
    for i in (0..=tail.len().saturating_sub(22)).rev() {
        if tail[i..].starts_with(b"PK\x05\x06") {
            let end = i + 22 + usize::try_from(le16(&tail, i + 20)).unwrap_or(usize::MAX - 22);
            if end == tail.len() {
                exact = Some(i);
                break;
            }
            if fits.is_none() && end <= tail.len() {
                fits = Some(i);
            }
        }
    }
    let Some(i) = exact.or(fits) else { return Ok(None) };
    let extent = Extent { entries: le16(&tail, i + 10), bytes: le32(&tail, i + 12) };
    if extent.entries == 0xFFFF || extent.bytes == 0xFFFF_FFFF || le32(&tail, i + 16) == 0xFFFF_FFFF {
        return Ok(zip64_extent(input, tail_at + i as u64)?.or(Some(extent)));
    }
    Ok(Some(extent))
}

/// The zip64 end record's extent, found through the locator just before the end record at `eocd_at`.
fn zip64_extent<R: Read + Seek>(input: &mut R, eocd_at: u64) -> io::Result<Option<Extent>> {
    let Some(locator_at) = eocd_at.checked_sub(20) else { return Ok(None) };
    let locator = read_at(input, locator_at, 20)?;
    if !locator.starts_with(b"PK\x06\x07") {
        return Ok(None);
    }
    let record_at = le64(&locator, 8);
    if record_at.saturating_add(56) > locator_at {
        return Ok(None);
    }
    let record = read_at(input, record_at, 56)?;
    if record.len() < 56 || !record.starts_with(b"PK\x06\x06") {
        return Ok(None);
    }
    Ok(Some(Extent { entries: le64(&record, 32), bytes: le64(&record, 40) }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn zip_of(names: &[&str]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for name in names {
            zip.start_file(*name, options).expect("start");
            zip.write_all(b"x").expect("write");
        }
        zip.finish().expect("finish");
        out.into_inner()
    }

    #[test]
    fn reads_the_count_and_size_the_zip_crate_wrote() {
        let bytes = zip_of(&["a.xml", "b/c.xml"]);
        let extent = extent(&mut Cursor::new(&bytes)).expect("io").expect("a zip");
        assert_eq!(extent.entries, 2);
        assert_eq!(extent.bytes, 2 * 46 + 5 + 7);
        assert!(extent.within(2, 104) && !extent.within(1, 104) && !extent.within(2, 103));
    }

    #[test]
    fn no_end_record_is_none() {
        assert_eq!(extent(&mut Cursor::new(b"PK\x03\x04 not a whole zip at all")).expect("io"), None);
        assert_eq!(extent(&mut Cursor::new(b"")).expect("io"), None);
    }

    #[test]
    fn a_zip64_record_is_followed() {
        let mut bytes = zip_of(&["a.xml"]);
        let eocd = bytes.len() - 22;
        let (cd_size, cd_at) = (le32(&bytes, eocd + 12), le32(&bytes, eocd + 16));
        bytes.truncate(eocd);
        let record_at = bytes.len() as u64;
        bytes.extend_from_slice(b"PK\x06\x06");
        bytes.extend_from_slice(&44u64.to_le_bytes());
        bytes.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        for v in [5_000_000u64, 5_000_000, cd_size, cd_at] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        bytes.extend_from_slice(b"PK\x06\x07\0\0\0\0");
        bytes.extend_from_slice(&record_at.to_le_bytes());
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(b"PK\x05\x06\0\0\0\0\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\0\0");
        let extent = extent(&mut Cursor::new(&bytes)).expect("io").expect("a zip");
        assert_eq!(extent, Extent { entries: 5_000_000, bytes: cd_size });
    }
}
