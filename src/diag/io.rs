//! An operating-system error, worded by its kind: the Chinese message says what happened in plain words
//! (权限不足, 文件被占用…) and keeps the system's own (English) text only where nothing better can be said,
//! after the explanation as “系统信息：…”; the English message keeps the system's text.

use std::io;

/// What kind of failure, as far as a user can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoKind {
    PermissionDenied,
    NotFound,
    /// Another program holds the file (Windows sharing or lock violation, a busy file elsewhere).
    InUse,
    StorageFull,
    /// The file ended, or the read stopped, before all was read.
    CutShort,
    /// The disk, the network share or the device failed to read (EIO).
    Device,
    TimedOut,
    /// Anything else: only the system's words can say it.
    Other,
}

/// An I/O error kept as data: its kind and the system's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoProblem {
    pub kind: IoKind,
    /// The system's message, as `io::Error` displays it (English on most systems).
    pub system: String,
}

impl IoProblem {
    pub fn new(kind: IoKind, system: impl Into<String>) -> Self {
        IoProblem { kind, system: system.into() }
    }

    /// The problem in `lang`: plain Chinese words for a known kind, the system's words in English.
    pub fn worded(&self, lang: super::Lang) -> String {
        let zh = match self.kind {
            IoKind::PermissionDenied => "权限不足（没有读取权限）",
            IoKind::NotFound => "文件不存在",
            IoKind::InUse => "文件被占用（可能正被其他程序打开），关闭后再试",
            IoKind::StorageFull => "磁盘已满",
            IoKind::CutShort => "读到一半中断（文件不完整，或读取被打断）",
            IoKind::Device => "磁盘或网络盘读写出错",
            IoKind::TimedOut => "读取超时",
            IoKind::Other => return lang.pick(format!("读取出错（系统信息：{}）", self.system), self.system.clone()),
        };
        lang.pick(zh.to_owned(), self.system.clone())
    }
}

impl From<&io::Error> for IoProblem {
    fn from(e: &io::Error) -> Self {
        IoProblem::new(kind_of(e), e.to_string())
    }
}

fn kind_of(e: &io::Error) -> IoKind {
    // Raw codes first: the kinds std gives them are too broad (EIO is `Other`/`Uncategorized`).
    #[cfg(windows)]
    if matches!(e.raw_os_error(), Some(32 | 33)) {
        return IoKind::InUse;
    }
    #[cfg(unix)]
    match e.raw_os_error() {
        Some(5) => return IoKind::Device,
        Some(16 | 26) => return IoKind::InUse,
        _ => {}
    }
    match e.kind() {
        io::ErrorKind::PermissionDenied => IoKind::PermissionDenied,
        io::ErrorKind::NotFound => IoKind::NotFound,
        io::ErrorKind::ResourceBusy | io::ErrorKind::ExecutableFileBusy => IoKind::InUse,
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => IoKind::StorageFull,
        io::ErrorKind::UnexpectedEof | io::ErrorKind::Interrupted => IoKind::CutShort,
        io::ErrorKind::TimedOut => IoKind::TimedOut,
        _ => IoKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Lang;

    #[test]
    fn known_kinds_are_said_in_chinese_and_the_system_words_kept_in_english() {
        let denied = IoProblem::from(&io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(denied.worded(Lang::Zh), "权限不足（没有读取权限）");
        assert_eq!(denied.worded(Lang::En), "permission denied");
        let odd = IoProblem::from(&io::Error::other("strange"));
        assert_eq!(odd.worded(Lang::Zh), "读取出错（系统信息：strange）");
        assert_eq!(odd.worded(Lang::En), "strange");
    }

    #[cfg(unix)]
    #[test]
    fn eio_is_a_device_error() {
        let eio = IoProblem::from(&io::Error::from_raw_os_error(5));
        assert_eq!(eio.kind, IoKind::Device);
        assert!(eio.worded(Lang::En).contains("os error 5"));
    }
}
