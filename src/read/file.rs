//! Opening a user's file: regular files only, and never more than a known number of bytes.
//!
//! Every read of something a user hands shenbao (a dossier's files, dossier.toml, rule files, batch.toml,
//! shenbao.toml, a .docx named to `count`) goes through here, so that a FIFO never blocks a run, a device
//! such as /dev/zero is never read until memory runs out, and a sparse 5 GB file is refused by its size
//! before a byte of it is read.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Largest .docx or PDF read for the deep checks (sections, 字数, seals, text). A real 申报书 with its
/// pictures reaches tens of MB; the readers hold the file in memory and stay under 300 MB at this size.
/// A larger file is still found, counted as present and packed: only what is inside it goes unchecked.
pub const DOCUMENT_MAX: u64 = 100 << 20;
/// Largest dossier.toml, batch.toml or shenbao.toml read: real ones are a few KB.
pub const CONFIG_MAX: u64 = 1 << 20;
/// Largest rule file read: the embedded ones are under 100 KB.
pub const RULE_FILE_MAX: u64 = 4 << 20;

/// Why a user's file was not read.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("not found")]
    NotFound,
    /// A folder, FIFO, socket or device: reading it could block, never end, or make no sense.
    #[error("not a regular file ({})", .0.name_en())]
    NotRegular(Special),
    /// Larger than the limit for its kind of file, by its size on disk or by what reading it gave.
    #[error("{} is over shenbao's limit of {} for this kind of file", size_text(*.size), size_text(*.limit))]
    TooLarge { size: u64, limit: u64 },
    /// A text file that is not UTF-8.
    #[error("not UTF-8 text")]
    NotUtf8,
    #[error("{0}")]
    Io(io::Error),
}

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Folder,
    Fifo,
    Socket,
    Device,
    Other,
}

impl Special {
    fn of(file_type: std::fs::FileType) -> Option<Special> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(Special::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(Special::Fifo);
            }
            if file_type.is_socket() {
                return Some(Special::Socket);
            }
            if file_type.is_block_device() || file_type.is_char_device() {
                return Some(Special::Device);
            }
        }
        Some(Special::Other)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Special::Folder => "文件夹",
            Special::Fifo => "管道（FIFO）",
            Special::Socket => "套接字",
            Special::Device => "设备文件",
            Special::Other => "特殊文件",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Special::Folder => "a folder",
            Special::Fifo => "a FIFO",
            Special::Socket => "a socket",
            Special::Device => "a device",
            Special::Other => "a special file",
        }
    }
}

impl OpenError {
    /// What is wrong, for a message in `lang` (the `Display` text is English).
    pub fn describe(&self, lang: crate::diag::Lang) -> String {
        match (self, lang) {
            (_, crate::diag::Lang::En) => self.to_string(),
            (OpenError::NotFound, _) => "文件不存在".to_owned(),
            (OpenError::NotRegular(what), _) => format!("不是普通文件，而是{}", what.name_zh()),
            (OpenError::TooLarge { size, limit }, _) => {
                format!("文件有 {}，超过 shenbao 对此类文件的读取上限 {}", size_text(*size), size_text(*limit))
            }
            (OpenError::NotUtf8, _) => "不是 UTF-8 编码的文本".to_owned(),
            (OpenError::Io(e), _) => {
                format!("读取出错：{}", crate::diag::IoProblem::from(e).worded(crate::diag::Lang::Zh))
            }
        }
    }
}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::NotFound => OpenError::NotFound,
            _ => OpenError::Io(e),
        }
    }
}

impl From<OpenError> for io::Error {
    fn from(e: OpenError) -> Self {
        match e {
            OpenError::Io(e) => e,
            OpenError::NotFound => io::Error::new(io::ErrorKind::NotFound, e.to_string()),
            other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// A size for people: “512 KB”, “100 MB”, “5.0 GB”.
pub fn size_text(bytes: u64) -> String {
    const KB: u64 = 1 << 10;
    const MB: u64 = 1 << 20;
    const GB: u64 = 1 << 30;
    match bytes {
        b if b >= GB => format!("{:.1} GB", b as f64 / GB as f64),
        b if b >= MB => format!("{} MB", b / MB),
        b if b >= KB => format!("{} KB", b / KB),
        b => format!("{b} B"),
    }
}

/// `O_NONBLOCK` where its value is known: opening a FIFO with it returns at once instead of waiting for a
/// writer. Elsewhere the type is checked before opening only.
#[cfg(unix)]
#[allow(unreachable_code)]
fn nonblocking_flag() -> Option<i32> {
    #[cfg(all(
        any(target_os = "linux", target_os = "android"),
        any(
            target_arch = "x86",
            target_arch = "x86_64",
            target_arch = "arm",
            target_arch = "aarch64",
            target_arch = "riscv64",
            target_arch = "loongarch64",
            target_arch = "powerpc",
            target_arch = "powerpc64",
            target_arch = "s390x"
        )
    ))]
    return Some(0o4000);
    #[cfg(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly"
    ))]
    return Some(0x0004);
    None
}

fn open_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if let Some(flag) = nonblocking_flag() {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(flag);
    }
    options
}

/// Opens a user's file for reading, regular files only (links are followed). The type is checked before
/// opening (a device is never opened), and again on the open file, which is opened without blocking so
/// that a FIFO swapped in meanwhile cannot hang the run. Returns the file and its size.
///
/// # Errors
/// [`OpenError::NotRegular`] for a folder, FIFO, socket or device; [`OpenError::NotFound`]; [`OpenError::Io`].
pub fn open(path: &Path) -> Result<(File, u64), OpenError> {
    let before = std::fs::metadata(path)?;
    if let Some(what) = Special::of(before.file_type()) {
        return Err(OpenError::NotRegular(what));
    }
    let file = open_options().open(path)?;
    let meta = file.metadata()?;
    if let Some(what) = Special::of(meta.file_type()) {
        return Err(OpenError::NotRegular(what));
    }
    // O_NONBLOCK means nothing to a regular file's reads on the systems above; it stays set.
    Ok((file, meta.len()))
}

/// Reads a whole user's file of at most `limit` bytes: refused by its size before reading, and reading
/// stops one byte past the limit should the file have grown meanwhile.
///
/// # Errors
/// As [`open`], and [`OpenError::TooLarge`] past `limit`.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, OpenError> {
    let (file, size) = open(path)?;
    if size > limit {
        return Err(OpenError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(OpenError::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// [`read`] for a UTF-8 text file (a UTF-8 BOM is dropped, as Windows Notepad writes one).
///
/// # Errors
/// As [`read`], and [`OpenError::NotUtf8`].
pub fn read_text(path: &Path, limit: u64) -> Result<String, OpenError> {
    let bytes = read(path, limit)?;
    let mut text = String::from_utf8(bytes).map_err(|_| OpenError::NotUtf8)?;
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_within_its_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("dossier.toml");
        std::fs::write(&path, "\u{FEFF}notice = \"x\"\n").expect("write");
        assert_eq!(read_text(&path, 100).expect("read"), "notice = \"x\"\n");
        assert!(matches!(read(&path, 4), Err(OpenError::TooLarge { size: 16, limit: 4 })));
        assert!(matches!(read(dir.path(), 100), Err(OpenError::NotRegular(Special::Folder))));
        assert!(matches!(read(&dir.path().join("none"), 100), Err(OpenError::NotFound)));
        std::fs::write(&path, b"\xff\xfe").expect("write");
        assert!(matches!(read_text(&path, 100), Err(OpenError::NotUtf8)));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_without_blocking() {
        assert!(matches!(open(Path::new("/dev/zero")), Err(OpenError::NotRegular(Special::Device))));
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(read(&fifo, 100), Err(OpenError::NotRegular(Special::Fifo))));
        }
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(100 << 20), "100 MB");
        assert_eq!(size_text(5 << 30), "5.0 GB");
        assert_eq!(size_text(512), "512 B");
    }
}
