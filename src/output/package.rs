//! Rewriting some parts of a zip package (a .docx) and copying the others as they are.
//!
//! The 汇总表 writer marks a row of word/document.xml, `clean` rewrites the XML parts of a 申报书: both go
//! through [`Rewriter`], which keeps the entries in their order and copies every untouched entry raw (its
//! compressed bytes, compression method, timestamp and attributes unchanged).

use std::io::{Cursor, Read, Write};

use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

/// How a rewritten entry is stored.
#[derive(Debug, Clone, Copy)]
pub enum Stored {
    /// With the compression method and timestamp the entry had.
    AsBefore,
    /// With these options (a fixed method and timestamp, for output that does not depend on the input's).
    With(SimpleFileOptions),
}

/// A package being copied entry by entry into a new one.
pub struct Rewriter<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    out: ZipWriter<Cursor<Vec<u8>>>,
}

impl<'a> Rewriter<'a> {
    pub fn new(bytes: &'a [u8]) -> Result<Self, ZipError> {
        let archive = ZipArchive::new(Cursor::new(bytes))?;
        Ok(Rewriter { archive, out: ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len()))) })
    }

    /// The package read, to read parts before deciding what to write.
    pub fn archive(&mut self) -> &mut ZipArchive<Cursor<&'a [u8]>> {
        &mut self.archive
    }

    /// The entries' names in their order (an unreadable name as empty).
    pub fn names(&self) -> Vec<String> {
        (0..self.archive.len())
            .map(|i| self.archive.name_for_index(i).and_then(Result::ok).map(|n| n.into_owned()).unwrap_or_default())
            .collect()
    }

    /// Copies entry `index` as it is.
    pub fn copy(&mut self, index: usize) -> Result<(), ZipError> {
        let file = self.archive.by_index_raw(index)?;
        self.out.raw_copy_file(file)
    }

    /// Writes `content` as entry `index` (under the same name), stored as `stored` says.
    pub fn replace(&mut self, index: usize, content: &[u8], stored: Stored) -> Result<(), ZipError> {
        let (name, options) = {
            let file = self.archive.by_index_raw(index)?;
            let name: String = file.name()?.into_owned();
            let options = match stored {
                Stored::AsBefore => SimpleFileOptions::default()
                    .compression_method(file.compression())
                    .last_modified_time(file.last_modified().unwrap_or_default()),
                Stored::With(options) => options,
            };
            drop(file);
            (name, options)
        };
        self.out.start_file(name, options)?;
        self.out.write_all(content)?;
        Ok(())
    }

    /// The new package's bytes.
    pub fn finish(self) -> Result<Vec<u8>, ZipError> {
        Ok(self.out.finish()?.into_inner())
    }
}

/// Rewrites the one part named `part` through `edit` (its inflated bytes in, the new bytes out), stored as
/// before; every other entry is copied as it is. A package without the part is copied whole; a part that
/// inflates to more than `max_bytes` is an error.
pub fn rewrite_part(
    bytes: &[u8],
    part: &str,
    max_bytes: u64,
    edit: impl FnOnce(Vec<u8>) -> Vec<u8>,
) -> Result<Vec<u8>, ZipError> {
    let mut rewriter = Rewriter::new(bytes)?;
    let mut edit = Some(edit);
    for (index, name) in rewriter.names().into_iter().enumerate() {
        match edit.take_if(|_| name == part) {
            Some(edit) => {
                let mut content = Vec::new();
                rewriter.archive().by_index(index)?.take(max_bytes.saturating_add(1)).read_to_end(&mut content)?;
                if content.len() as u64 > max_bytes {
                    return Err(ZipError::Io(std::io::Error::other(format!("{part}: more than {max_bytes} bytes"))));
                }
                rewriter.replace(index, &edit(content), Stored::AsBefore)?;
            }
            None => rewriter.copy(index)?,
        }
    }
    rewriter.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::{CompressionMethod, DateTime};

    fn package() -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let time = DateTime::from_date_and_time(2024, 5, 6, 7, 8, 10).unwrap_or_default();
        let stored =
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored).last_modified_time(time);
        let deflated = stored.compression_method(CompressionMethod::Deflated);
        for (name, options, text) in [
            ("[Content_Types].xml", deflated, "<Types/>"),
            ("word/document.xml", stored, "<w:document><w:trPr></w:trPr></w:document>"),
            ("word/media/image1.png", deflated, "PNG"),
        ] {
            zip.start_file(name, options).unwrap_or_else(|e| panic!("{e}"));
            zip.write_all(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
    }

    fn entries(bytes: &[u8]) -> Vec<(String, CompressionMethod, Option<DateTime>, String)> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).unwrap_or_else(|e| panic!("{e}"));
                let mut text = String::new();
                file.read_to_string(&mut text).unwrap_or_else(|e| panic!("{e}"));
                (file.name().unwrap_or_default().into_owned(), file.compression(), file.last_modified(), text)
            })
            .collect()
    }

    #[test]
    fn one_part_is_rewritten_in_place_stored_as_before() {
        let before = package();
        let after = rewrite_part(&before, "word/document.xml", 1 << 20, |xml| {
            String::from_utf8_lossy(&xml).replacen("<w:trPr>", "<w:trPr><w:tblHeader />", 1).into_bytes()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let (old, new) = (entries(&before), entries(&after));
        assert_eq!(new.len(), 3);
        assert_eq!(new[0], old[0]);
        assert_eq!(new[2], old[2]);
        assert_eq!((&new[1].0, new[1].1, new[1].2), (&old[1].0, old[1].1, old[1].2));
        assert_eq!(new[1].3, "<w:document><w:trPr><w:tblHeader /></w:trPr></w:document>");
    }

    #[test]
    fn untouched_entries_keep_their_bytes() {
        let before = package();
        let same = rewrite_part(&before, "word/none.xml", 1 << 20, |x| x).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(same, before);
    }

    #[test]
    fn a_rewritten_entry_may_take_fixed_options() {
        let before = package();
        let mut rewriter = Rewriter::new(&before).unwrap_or_else(|e| panic!("{e}"));
        let fixed = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        rewriter.replace(0, b"<Types></Types>", Stored::With(fixed)).unwrap_or_else(|e| panic!("{e}"));
        let after = rewriter.finish().unwrap_or_else(|e| panic!("{e}"));
        let new = entries(&after);
        assert_eq!(new.len(), 1);
        assert_eq!((new[0].1, new[0].3.as_str()), (CompressionMethod::Deflated, "<Types></Types>"));
    }

    #[test]
    fn a_part_past_its_bound_is_an_error() {
        assert!(rewrite_part(&package(), "word/document.xml", 10, |x| x).is_err());
    }

    #[test]
    fn a_file_that_is_not_a_package_is_an_error() {
        assert!(rewrite_part(b"not a zip", "word/document.xml", 1 << 20, |x| x).is_err());
    }
}
