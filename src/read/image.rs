//! Images (scans of licences, photos, seals): format by content, stored size, and for JPEG the
//! facts that make a reviewer's viewer fail or show it wrong — progressive, CMYK, EXIF rotation, a
//! file cut short.
//!
//! Only the head of a file (64 KiB) is read, plus the segments a JPEG's markers point to when its
//! frame header sits further in, plus a few KiB of the tail. imagesize reports the stored size, not
//! the EXIF-rotated one; apply [`ImageInfo::orientation`] where it matters.

use serde::Serialize;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// How much of a file is read for the header.
const HEAD: u64 = 64 << 10;
/// How much of the tail is looked at for the end marker.
const TAIL: u64 = 4 << 10;
/// JPEG markers walked before the first scan; real files have a few dozen.
const MARKER_CAP: usize = 4096;
/// How far past stray bytes a JPEG marker is looked for.
const RESYNC: usize = 64 << 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Jpeg,
    Png,
    Gif,
    Webp,
    Heif,
    Avif,
    Bmp,
    Tiff,
    /// An image format imagesize knows that none of the above names (PSD, ICO, JPEG XL, TGA, …).
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageInfo {
    pub format: ImageFormat,
    /// Stored size, before any EXIF rotation.
    pub width: u32,
    pub height: u32,
    /// JPEG: a progressive frame (SOF2/SOF6/SOF10/SOF14).
    pub progressive: bool,
    /// JPEG: four components (CMYK, or YCCK by the Adobe APP14 transform 2).
    pub cmyk: bool,
    /// JPEG: the EXIF orientation (1–8) of IFD0, when present and valid.
    pub orientation: Option<u8>,
    /// JPEG: ends with the EOI marker (FF D9); PNG: ends with the IEND chunk; GIF: ends with its
    /// trailer (3B). Zero padding after the end is allowed. Other formats: true (not checked).
    pub complete: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    #[error("not an image in a known format")]
    NotAnImage,
    #[error("damaged image: {0}")]
    Damaged(String),
}

impl ImageError {
    /// What is wrong, for a message in `lang` (the `Display` text is English).
    pub fn describe(&self, lang: crate::diag::Lang) -> String {
        match (self, lang) {
            (_, crate::diag::Lang::En) => self.to_string(),
            (ImageError::Io(e), _) => {
                format!("无法读取文件：{}", crate::diag::IoProblem::from(e).worded(crate::diag::Lang::Zh))
            }
            (ImageError::NotAnImage, _) => "不是已知格式的图片".to_owned(),
            (ImageError::Damaged(detail), _) => format!("图片已损坏（系统信息：{detail}）"),
        }
    }
}

/// Reads the header facts of an image file without reading the whole file.
///
/// # Errors
/// [`ImageError::NotAnImage`] when the content is no image format imagesize knows (whatever the
/// extension), [`ImageError::Damaged`] when the header ends or breaks before the image size,
/// [`ImageError::Io`] when the file cannot be read.
pub fn read_image(path: &Path) -> Result<ImageInfo, ImageError> {
    // Regular files only: a FIFO or a device named as a picture is refused, never read.
    let (mut file, len) = super::file::open(path).map_err(io::Error::from)?;
    let mut head = Vec::with_capacity(usize::try_from(len.min(HEAD)).unwrap_or(0));
    (&mut file).take(HEAD).read_to_end(&mut head)?;
    inspect(&mut Source::File { file, len, head })
}

/// The same for an image held in memory (inside a .docx, a PDF, a zip).
///
/// # Errors
/// As [`read_image`].
pub fn read_image_bytes(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    inspect(&mut Source::Bytes(bytes))
}

/// Where the bytes come from: all in memory, or a file of which the head is in memory.
enum Source<'a> {
    Bytes(&'a [u8]),
    File { file: File, len: u64, head: Vec<u8> },
}

impl Source<'_> {
    fn len(&self) -> u64 {
        match self {
            Source::Bytes(b) => b.len() as u64,
            Source::File { len, .. } => *len,
        }
    }

    fn head(&self) -> &[u8] {
        match self {
            Source::Bytes(b) => b,
            Source::File { head, .. } => head,
        }
    }

    /// Up to `n` bytes at `pos` (fewer at the end of the data). `n` is at most 64 KiB.
    fn read_at(&mut self, pos: u64, n: usize) -> io::Result<Vec<u8>> {
        let from_memory = |b: &[u8]| {
            let start = usize::try_from(pos).unwrap_or(usize::MAX).min(b.len());
            b[start..].iter().take(n).copied().collect::<Vec<u8>>()
        };
        match self {
            Source::Bytes(b) => Ok(from_memory(b)),
            Source::File { head, .. } if pos.saturating_add(n as u64) <= head.len() as u64 => Ok(from_memory(head)),
            Source::File { file, .. } => {
                file.seek(SeekFrom::Start(pos))?;
                let mut buf = Vec::with_capacity(n);
                file.take(n as u64).read_to_end(&mut buf)?;
                Ok(buf)
            }
        }
    }

    /// imagesize over the head, then over the whole file through seeks when the header is further in.
    fn size(&mut self) -> imagesize::ImageResult<imagesize::ImageSize> {
        let from_head = imagesize::blob_size(self.head());
        match self {
            Source::File { file, len, head } if from_head.is_err() && *len > head.len() as u64 => {
                file.seek(SeekFrom::Start(0))?;
                imagesize::reader_size(BufReader::new(file))
            }
            _ => from_head,
        }
    }
}

fn inspect(src: &mut Source) -> Result<ImageInfo, ImageError> {
    use imagesize::ImageType as T;
    // Before imagesize, which wants 12 bytes: a JPEG cut short that early is a damaged JPEG.
    if src.head().starts_with(&[0xFF, 0xD8, 0xFF]) {
        return jpeg(src);
    }
    let kind = imagesize::image_type(src.head()).map_err(|_| ImageError::NotAnImage)?;
    // imagesize calls every ISO file (ftyp) HEIF; an MP4 or a .mov is not a picture.
    if matches!(kind, T::Heif(_)) && !has_image_brand(src.head()) {
        return Err(ImageError::NotAnImage);
    }
    let format = match kind {
        T::Jpeg => return jpeg(src),
        T::Png => ImageFormat::Png,
        T::Gif => ImageFormat::Gif,
        T::Webp => ImageFormat::Webp,
        T::Heif(imagesize::Compression::Av1) => ImageFormat::Avif,
        T::Heif(_) => ImageFormat::Heif,
        T::Bmp => ImageFormat::Bmp,
        T::Tiff => ImageFormat::Tiff,
        _ => ImageFormat::Other,
    };
    let size = src.size().map_err(|e| match e {
        imagesize::ImageError::IoError(e) if e.kind() != io::ErrorKind::UnexpectedEof => ImageError::Io(e),
        _ => ImageError::Damaged("the header ends before the image size".into()),
    })?;
    let complete = match format {
        ImageFormat::Png => ends_with(src, 0, b"IEND\xAE\x42\x60\x82")?,
        ImageFormat::Gif => ends_with(src, 0, b"\x3B")?,
        _ => true,
    };
    Ok(ImageInfo {
        format,
        width: u32::try_from(size.width).unwrap_or(u32::MAX),
        height: u32::try_from(size.height).unwrap_or(u32::MAX),
        progressive: false,
        cmyk: false,
        orientation: None,
        complete,
    })
}

/// Whether the ftyp names a HEIF/AVIF image brand, as major or compatible brand.
fn has_image_brand(head: &[u8]) -> bool {
    const IMAGE: [&[u8]; 19] = [
        b"heic", b"heix", b"heis", b"hevs", b"heim", b"hevm", b"hevc", b"hevx", b"mif1", b"mif2", b"msf1", b"miaf",
        b"avif", b"avio", b"avis", b"MA1A", b"MA1B", b"jpeg", b"jpgs",
    ];
    let size = head.get(0..4).map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let brands = head.get(8..size.min(head.len())).unwrap_or(&[]);
    brands.chunks_exact(4).enumerate().any(|(i, b)| i != 1 && IMAGE.contains(&b))
}

/// Whether the data, less trailing zero padding, ends with `end` — looking no earlier than `from`.
fn ends_with(src: &mut Source, from: u64, end: &[u8]) -> io::Result<bool> {
    let start = from.max(src.len().saturating_sub(TAIL));
    let tail = src.read_at(start, TAIL as usize)?;
    let used = tail.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    Ok(tail[..used].ends_with(end))
}

/// Largest JPEG searched for an appended video (motion photos are a few MB).
const TRAILER_SEARCH: u64 = 64 << 20;

/// Phones append data after the image's EOI: a motion photo's MP4 (Google, Apple Live Photo exports: `FF D9`
/// then an `ftyp` box) or Samsung's SEF trailer (the file ends with `SEFT`). Such a JPEG is complete.
fn has_trailer(src: &mut Source, scan: u64) -> io::Result<bool> {
    let len = src.len();
    if ends_with(src, scan, b"SEFT")? {
        return Ok(true);
    }
    if len > TRAILER_SEARCH {
        return Ok(false);
    }
    let data = src.read_at(scan, usize::try_from(len - scan).unwrap_or(usize::MAX))?;
    Ok(data.windows(10).any(|w| w[0] == 0xFF && w[1] == 0xD9 && &w[6..10] == b"ftyp"))
}

/// Walks the JPEG markers from SOI to the first scan (SOS).
fn jpeg(src: &mut Source) -> Result<ImageInfo, ImageError> {
    let len = src.len();
    let mut pos = 2u64;
    let mut frame: Option<(u8, u16, u16, u8)> = None; // (SOF marker, width, height, components)
    let mut adobe_transform = None;
    let mut orientation = None;
    let mut scan = None;
    let mut cut = false; // the data ended inside the header
    for _ in 0..MARKER_CAP {
        let m = src.read_at(pos, 4)?;
        if m.len() < 2 {
            cut = true;
            break;
        }
        let (Some(&0xFF), Some(&marker)) = (m.first(), m.get(1)) else {
            // Stray bytes between segments: skip to the next marker, as libjpeg does.
            let window = src.read_at(pos, RESYNC)?;
            match window.windows(2).position(|w| w[0] == 0xFF && w[1] != 0) {
                Some(skip) => {
                    pos += skip as u64;
                    continue;
                }
                None => {
                    return Err(ImageError::Damaged(format!("no JPEG marker after byte {pos} before the frame header")))
                }
            }
        };
        match marker {
            0xFF => {
                pos += 1; // fill byte
                continue;
            }
            0x01 | 0xD0..=0xD8 => {
                pos += 2; // markers without a segment
                continue;
            }
            0xD9 => break,
            _ => {}
        }
        let Some(seg_len) = m.get(2..4).map(|b| u16::from_be_bytes([b[0], b[1]])) else {
            cut = true;
            break;
        };
        if seg_len < 2 {
            return Err(ImageError::Damaged(format!("a JPEG segment at byte {pos} has length {seg_len}")));
        }
        let body_at = pos + 4;
        let body_len = usize::from(seg_len) - 2;
        match marker {
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF if frame.is_none() => {
                let b = src.read_at(body_at, 6)?;
                if let [_, h0, h1, w0, w1, n] = b[..] {
                    frame = Some((marker, u16::from_be_bytes([w0, w1]), u16::from_be_bytes([h0, h1]), n));
                }
            }
            0xE1 if orientation.is_none() => {
                let b = src.read_at(body_at, body_len)?;
                if let Some(tiff) = b.strip_prefix(b"Exif\0\0") {
                    orientation = exif_orientation(tiff);
                }
            }
            0xEE => {
                let b = src.read_at(body_at, 12)?;
                if b.starts_with(b"Adobe") {
                    adobe_transform = b.get(11).copied();
                }
            }
            0xDA => {
                scan = Some(pos);
                break;
            }
            _ => {}
        }
        pos = body_at + body_len as u64;
        if pos > len {
            cut = true;
            break;
        }
    }
    let Some((sof, width, height, components)) = frame else {
        return Err(ImageError::Damaged(if cut {
            "the file ends before the JPEG frame header (SOF)".into()
        } else {
            "no JPEG frame header (SOF) before the image data".into()
        }));
    };
    let complete = match scan {
        Some(at) => ends_with(src, at, b"\xFF\xD9")? || has_trailer(src, at)?,
        None => false,
    };
    Ok(ImageInfo {
        format: ImageFormat::Jpeg,
        width: u32::from(width),
        height: u32::from(height),
        progressive: matches!(sof, 0xC2 | 0xC6 | 0xCA | 0xCE),
        cmyk: components == 4 || adobe_transform == Some(2),
        orientation,
        complete,
    })
}

/// Tag 0x0112 of IFD0 in an EXIF TIFF block; every offset is checked against the block.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let le = match tiff.get(0..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if le { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if le { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(ifd)?);
    for i in 0..entries {
        let at = ifd.checked_add(2)?.checked_add(i.checked_mul(12)?)?;
        if u16_at(at)? != 0x0112 {
            continue;
        }
        let value = match u16_at(at + 2)? {
            3 => u32::from(u16_at(at + 8)?), // SHORT, as the standard says
            4 => u32_at(at + 8)?,            // LONG, seen from some writers
            _ => return None,
        };
        return u8::try_from(value).ok().filter(|v| (1..=8).contains(v));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_orientation_is_bounds_checked() {
        let mut t = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0".to_vec();
        assert_eq!(exif_orientation(&t), Some(6));
        t[19] = 9;
        assert_eq!(exif_orientation(&t), None);
        assert_eq!(exif_orientation(b"II*\0\xff\xff\xff\xff"), None);
        assert_eq!(exif_orientation(b"MM\0*\0\0\0\x08\xff\xff"), None);
    }

    #[test]
    fn a_motion_photo_is_complete_and_a_cut_jpeg_is_not() {
        // SOI, SOF0 8x8 one component, SOS, two bytes of scan data, EOI.
        let mut jpeg = b"\xFF\xD8\xFF\xC0\0\x0B\x08\0\x08\0\x08\x01\x01\x11\0".to_vec();
        jpeg.extend_from_slice(b"\xFF\xDA\0\x08\x01\x01\0\0\x3F\0\x12\x34\xFF\xD9");
        assert!(read_image_bytes(&jpeg).expect("jpeg").complete);
        let mut motion = jpeg.clone();
        motion.extend_from_slice(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom\0\0\0\x08free");
        assert!(read_image_bytes(&motion).expect("motion photo").complete);
        let cut = &jpeg[..jpeg.len() - 3];
        assert!(!read_image_bytes(cut).expect("cut jpeg").complete);
    }

    #[test]
    fn garbage_is_not_an_image() {
        assert!(matches!(read_image_bytes(b""), Err(ImageError::NotAnImage)));
        assert!(matches!(read_image_bytes(b"%PDF-1.7 hello world"), Err(ImageError::NotAnImage)));
        assert!(matches!(read_image_bytes(b"\xFF\xD8\xFF"), Err(ImageError::Damaged(_))));
        assert!(matches!(read_image_bytes(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Err(ImageError::Damaged(_))));
    }
}
