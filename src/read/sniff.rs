//! What a file really is, from its first bytes — never from its name.
//!
//! A renamed PNG, a `.doc` saved as `.docx`, a `.mov` called `.mp4`: reviewers' systems reject these,
//! so the checks compare this with the extension and with what the notice accepts.

use serde::Serialize;
use std::io::{Read, Seek};

/// The formats a dossier holds, as found by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Docx,
    /// A zip container that is not a Word document (xlsx, pptx, odt, a plain archive).
    Zip,
    /// OLE compound file: Word 97-2003 .doc, WPS .wps, .xls, or an encrypted .docx.
    Ole,
    Pdf,
    Jpeg,
    Png,
    Gif,
    Webp,
    Heic,
    Avif,
    Bmp,
    Tiff,
    Mp4,
    Mov,
    Mkv,
    Avi,
    Rtf,
    Text,
    Empty,
    Unknown,
}

impl Kind {
    /// The extension a file of this kind should carry (lower case, no dot).
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Docx => "docx",
            Kind::Zip => "zip",
            Kind::Ole => "doc",
            Kind::Pdf => "pdf",
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
            Kind::Heic => "heic",
            Kind::Avif => "avif",
            Kind::Bmp => "bmp",
            Kind::Tiff => "tiff",
            Kind::Mp4 => "mp4",
            Kind::Mov => "mov",
            Kind::Mkv => "mkv",
            Kind::Avi => "avi",
            Kind::Rtf => "rtf",
            Kind::Text => "txt",
            Kind::Empty => "",
            Kind::Unknown => "",
        }
    }

    /// The kind an extension promises, when it promises one we know.
    pub fn from_extension(ext: &str) -> Option<Kind> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "docx" | "docm" | "dotx" => Kind::Docx,
            "doc" | "wps" | "dot" | "et" | "xls" => Kind::Ole,
            "pdf" => Kind::Pdf,
            "jpg" | "jpeg" | "jpe" | "jfif" => Kind::Jpeg,
            "png" => Kind::Png,
            "gif" => Kind::Gif,
            "webp" => Kind::Webp,
            "heic" | "heif" => Kind::Heic,
            "avif" => Kind::Avif,
            "bmp" => Kind::Bmp,
            "tif" | "tiff" => Kind::Tiff,
            "mp4" | "m4v" => Kind::Mp4,
            "mov" | "qt" => Kind::Mov,
            "mkv" | "webm" => Kind::Mkv,
            "avi" => Kind::Avi,
            "rtf" => Kind::Rtf,
            "zip" | "xlsx" | "pptx" | "odt" => Kind::Zip,
            "txt" | "md" | "csv" => Kind::Text,
            _ => return None,
        })
    }

    /// A short Chinese name for messages.
    pub fn name_zh(self) -> &'static str {
        match self {
            Kind::Docx => "Word 文档（.docx）",
            Kind::Zip => "ZIP 压缩包或其他 Office 文件",
            Kind::Ole => "旧版 Word/WPS 文档（.doc/.wps）或加密文档",
            Kind::Pdf => "PDF",
            Kind::Jpeg => "JPEG 图片",
            Kind::Png => "PNG 图片",
            Kind::Gif => "GIF 图片",
            Kind::Webp => "WebP 图片",
            Kind::Heic => "HEIC 图片（苹果手机照片）",
            Kind::Avif => "AVIF 图片",
            Kind::Bmp => "BMP 图片",
            Kind::Tiff => "TIFF 图片",
            Kind::Mp4 => "MP4 视频",
            Kind::Mov => "QuickTime 视频（.mov）",
            Kind::Mkv => "Matroska/WebM 视频（.mkv）",
            Kind::Avi => "AVI 视频",
            Kind::Rtf => "RTF 文档",
            Kind::Text => "纯文本",
            Kind::Empty => "空文件",
            Kind::Unknown => "无法识别的格式",
        }
    }

    /// A short English name for messages.
    pub fn name_en(self) -> &'static str {
        match self {
            Kind::Docx => "Word document (.docx)",
            Kind::Zip => "zip archive or another Office file",
            Kind::Ole => "legacy Word/WPS document (.doc/.wps) or an encrypted document",
            Kind::Pdf => "PDF",
            Kind::Jpeg => "JPEG image",
            Kind::Png => "PNG image",
            Kind::Gif => "GIF image",
            Kind::Webp => "WebP image",
            Kind::Heic => "HEIC image (iPhone photo)",
            Kind::Avif => "AVIF image",
            Kind::Bmp => "BMP image",
            Kind::Tiff => "TIFF image",
            Kind::Mp4 => "MP4 video",
            Kind::Mov => "QuickTime video (.mov)",
            Kind::Mkv => "Matroska/WebM video (.mkv)",
            Kind::Avi => "AVI video",
            Kind::Rtf => "RTF document",
            Kind::Text => "plain text",
            Kind::Empty => "empty file",
            Kind::Unknown => "unrecognised format",
        }
    }
}

/// How many leading bytes [`sniff`] needs.
pub const HEAD_LEN: usize = 64;

/// Classifies by the leading bytes. A zip is reported as [`Kind::Zip`]; telling a .docx apart needs the
/// central directory, see [`sniff_file`].
pub fn sniff(head: &[u8]) -> Kind {
    if head.is_empty() {
        return Kind::Empty;
    }
    let starts = |m: &[u8]| head.starts_with(m);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return Kind::Zip;
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Kind::Ole;
    }
    if head.len() >= 5 && head[..head.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Kind::Pdf;
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Kind::Jpeg;
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Kind::Png;
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Kind::Gif;
    }
    if starts(b"RIFF") && head.len() >= 12 {
        match &head[8..12] {
            b"WEBP" => return Kind::Webp,
            b"AVI " => return Kind::Avi,
            _ => {}
        }
    }
    if starts(b"BM") && head.len() >= 14 {
        return Kind::Bmp;
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Kind::Tiff;
    }
    if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return Kind::Mkv;
    }
    if starts(b"{\\rtf") {
        return Kind::Rtf;
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return match &head[8..12] {
            b"qt  " => Kind::Mov,
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" => Kind::Heic,
            b"avif" | b"avis" => Kind::Avif,
            _ => Kind::Mp4,
        };
    }
    // QuickTime files without ftyp start with a moov/mdat/wide/free atom.
    if head.len() >= 8 && matches!(&head[4..8], b"moov" | b"mdat" | b"wide" | b"free" | b"skip") {
        return Kind::Mov;
    }
    // A segment of a streamed video (DASH/HLS .m4s): MP4 boxes, but not a whole video on its own.
    if head.len() >= 8 && matches!(&head[4..8], b"styp" | b"moof" | b"sidx") {
        return Kind::Mp4;
    }
    if looks_like_text(head) {
        return Kind::Text;
    }
    Kind::Unknown
}

/// Text has no NUL bytes and few control bytes, whether UTF-8 (which may be cut at the end of the head) or
/// GBK. NUL is valid UTF-8, so a file of zeros (a disk image, a failed copy) must not pass for text.
fn looks_like_text(head: &[u8]) -> bool {
    !head.iter().any(|&b| b < 0x09 || (0x0E..0x20).contains(&b) && b != 0x1B)
}

/// Classifies a file on disk from its first [`HEAD_LEN`] bytes, opening a zip's central directory (found
/// from the end of the file, never by reading it through) to tell a .docx from other zips. Regular files
/// only: a FIFO or a device is refused, never read.
pub fn sniff_file(path: &std::path::Path) -> std::io::Result<Kind> {
    let (mut file, _) = super::file::open(path)?;
    let mut head = [0u8; HEAD_LEN];
    let mut filled = 0;
    while filled < HEAD_LEN {
        match file.read(&mut head[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    let kind = sniff(&head[..filled]);
    if kind != Kind::Zip {
        return Ok(kind);
    }
    let named_docx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    // A directory beyond any .docx's is not listed (the zip crate would hold all of it in memory): named
    // .docx, the reader refuses it in words; otherwise it is some zip.
    let extent = super::zip_extent::extent(&mut file)?;
    if extent.is_some_and(|e| !e.within(super::zip_extent::DOCX_MAX_ENTRIES, super::zip_extent::DOCX_MAX_DIRECTORY)) {
        return Ok(if named_docx { Kind::Docx } else { Kind::Zip });
    }
    file.seek(std::io::SeekFrom::Start(0))?;
    Ok(match zip::ZipArchive::new(file) {
        Ok(archive) if archive.index_for_name("word/document.xml").is_some() => Kind::Docx,
        Ok(_) => Kind::Zip,
        // A zip too damaged to list (cut short in a download): named .docx, it is taken for one, so
        // that the reader says it is damaged rather than that it is some other kind of file.
        Err(_) if named_docx => Kind::Docx,
        Err(_) => Kind::Zip,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_magic_numbers() {
        assert_eq!(sniff(b""), Kind::Empty);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Kind::Png);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Kind::Jpeg);
        assert_eq!(sniff(b"%PDF-1.7\n"), Kind::Pdf);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), Kind::Ole);
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0\x02\0"), Kind::Mp4);
        assert_eq!(sniff(b"\0\0\0\x14ftypqt  \0\0\x02\0"), Kind::Mov);
        assert_eq!(sniff(b"\0\0\0\x6cmoof\0\0\0\x10mfhd"), Kind::Mp4, "a stream segment is MP4 boxes");
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Kind::Heic);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Kind::Webp);
        assert_eq!(sniff(b"PK\x03\x04\x14\0"), Kind::Zip);
        assert_eq!(sniff("申报书".as_bytes()), Kind::Text);
        assert_eq!(sniff("申报书\r\n\t第一部分".as_bytes()), Kind::Text);
    }

    #[test]
    fn zeros_are_not_text() {
        assert_eq!(sniff(&[0u8; HEAD_LEN]), Kind::Unknown);
        assert_eq!(sniff(b"abc\0def"), Kind::Unknown);
    }

    #[test]
    fn extension_round_trip() {
        for kind in [Kind::Docx, Kind::Pdf, Kind::Jpeg, Kind::Png, Kind::Mp4, Kind::Mov] {
            assert_eq!(Kind::from_extension(kind.extension()), Some(kind));
        }
        assert_eq!(Kind::from_extension("JPG"), Some(Kind::Jpeg));
        assert_eq!(Kind::from_extension("wps"), Some(Kind::Ole));
    }
}
