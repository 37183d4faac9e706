//! Files shenbao writes for the user (bundles, the 汇总表, `check -o` reports, `init`'s files): where they
//! may go, how they are written, and what is left behind when a run is cut short.
//!
//! - An output never goes inside a dossier folder being read: `-o DOSSIER/申报书.docx` would replace the
//!   applicant's own file ([`inside`]).
//! - Every write is atomic: a temporary file in the target folder, renamed into place when complete
//!   ([`Temp`]), created with mode 0666 less the umask as any other program's files are.
//! - A temporary file is named `.shenbao-KIND-PID-RANDOM.tmp`. Ctrl-C, SIGTERM and SIGHUP remove the
//!   temporary files of the run before it exits ([`install_cleanup`]); after a kill -9 (which no program can
//!   catch), the next run writing to the same folder removes those whose process is gone ([`remove_stale`]).
//! - A full disk is said in words ([`describe`]), not as the zip crate's Debug text.

pub mod package;

use crate::diag::{printable, Lang};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The temporary files of this process still being written, removed on a termination signal.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A stale temporary file is removed only when it was not modified for this long as well as its process
/// being gone: a process of another PID namespace (a container sharing the folder) may still be writing it.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Exit status after a termination signal: 128 + SIGINT, as shells report an interrupted command.
const INTERRUPTED: i32 = 130;

/// Removes this run's temporary files on Ctrl-C, SIGTERM and SIGHUP, then exits with status 130. Called once
/// at start-up; a second call (or a host that set its own handler) leaves the first in place.
pub fn install_cleanup(lang: Lang) {
    let _ = ctrlc::set_handler(move || {
        // Holding the lock also waits for a rename in progress ([`Temp::persist`]) to finish.
        let live = LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for path in live.iter() {
            let _ = std::fs::remove_file(path);
        }
        let said = if live.is_empty() {
            lang.pick("shenbao: 已中断", "shenbao: interrupted")
        } else {
            lang.pick(
                "shenbao: 已中断，未完成的临时文件已删除",
                "shenbao: interrupted; the unfinished temporary file was removed",
            )
        };
        eprintln!("{said}");
        std::process::exit(INTERRUPTED);
    });
}

fn register(path: &Path) {
    LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(path.to_owned());
}

fn unregister(path: &Path) {
    LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|p| p != path);
}

/// Takes a path off the list when its temporary file is gone (dropped, or renamed into place).
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        unregister(&self.0);
    }
}

/// A temporary file in the target folder, removed when dropped, on a termination signal, or by a later run
/// once its process is gone.
pub struct Temp {
    // Dropped in this order: the file is removed, then taken off the list.
    file: tempfile::NamedTempFile,
    registered: Registered,
}

impl Temp {
    /// Creates `.shenbao-{kind}-{pid}-XXXXXX.tmp` in `dir`, with mode 0666 less the umask (NamedTempFile's
    /// own default, 0600, would keep the bundle from the colleagues who must send it).
    pub fn new_in(dir: &Path, kind: &str) -> std::io::Result<Self> {
        let prefix = format!(".shenbao-{kind}-{}-", std::process::id());
        // Registered before the file exists: a signal between the two finds nothing to remove, never misses it.
        let file = tempfile::Builder::new().prefix(&prefix).suffix(".tmp").make_in(dir, |path| {
            register(path);
            std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(path).inspect_err(|_| {
                unregister(path);
            })
        })?;
        let registered = Registered(file.path().to_owned());
        Ok(Self { file, registered })
    }

    /// The open file.
    pub fn as_file(&self) -> &std::fs::File {
        self.file.as_file()
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Renames the complete file to `target`, replacing what is there. On failure the file is removed.
    pub fn persist(self, target: &Path) -> std::io::Result<()> {
        let Temp { file, registered } = self;
        // Under the lock a signal can neither remove the file halfway through a rename nor miss it.
        let live = LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let result = file.persist(target).map(|_| ()).map_err(|e| e.error);
        drop(live);
        drop(registered);
        result
    }

    /// Renames the complete file to `target` unless something is there already; on failure the temporary
    /// file is given back with the error, to try another name.
    fn persist_kept(self, target: &Path) -> Result<(), (Self, std::io::Error)> {
        let Temp { file, registered } = self;
        let live = LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let result = file.persist_noclobber(target);
        drop(live);
        match result {
            Ok(_) => Ok(()),
            Err(e) => Err((Temp { file: e.file, registered }, e.error)),
        }
    }

    /// Renames the complete file to `target` unless something is there already (even something that
    /// appeared a moment ago). On failure the file is removed.
    pub fn persist_new(self, target: &Path) -> std::io::Result<()> {
        let Temp { file, registered } = self;
        let live = LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let result = file.persist_noclobber(target).map(|_| ()).map_err(|e| e.error);
        drop(live);
        drop(registered);
        result
    }
}

/// What writing an output did to the path it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrote {
    /// A new file.
    Created,
    /// An existing file was replaced.
    Replaced,
    /// Written into a device or pipe (`/dev/stdout`), which stays what it was.
    Streamed,
}

/// Writes `bytes` to `path` atomically (a temporary file in its folder, then a rename). A path that is not a
/// regular file (`/dev/stdout`, a pipe, `/dev/null`) is written directly: renaming over it would replace the
/// device or pipe with a file.
pub fn write(path: &Path, bytes: &[u8], kind: &str) -> std::io::Result<Wrote> {
    use std::io::Write;
    let existing = std::fs::metadata(path).ok();
    if let Some(m) = &existing {
        if m.is_dir() {
            return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a folder"));
        }
        if !m.is_file() {
            let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
            f.write_all(bytes)?;
            f.flush()?;
            return Ok(Wrote::Streamed);
        }
    }
    let dir = folder_of(path);
    remove_stale(dir, kind);
    let temp = Temp::new_in(dir, kind)?;
    let mut f = temp.as_file();
    f.write_all(bytes)?;
    f.flush()?;
    f.sync_all()?;
    temp.persist(path)?;
    Ok(if existing.is_some() { Wrote::Replaced } else { Wrote::Created })
}

/// Writes `bytes` atomically to `path`, or, when something is there (even something that appears while
/// writing), to `NAME-2.EXT`, `NAME-3.EXT`… beside it: never replacing a file. Returns the path written.
pub fn write_numbered(path: &Path, bytes: &[u8], kind: &str) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let dir = folder_of(path);
    remove_stale(dir, kind);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    let mut temp = Temp::new_in(dir, kind)?;
    let mut f = temp.as_file();
    f.write_all(bytes)?;
    f.flush()?;
    f.sync_all()?;
    // Bounded: a folder with ten thousand reports of one folder and day is not waited on forever.
    for n in 1..=10_000u32 {
        let target = if n == 1 { path.to_owned() } else { dir.join(format!("{stem}-{n}{ext}")) };
        if target.symlink_metadata().is_ok() {
            continue;
        }
        match temp.persist_kept(&target) {
            Ok(()) => return Ok(target),
            Err((back, e)) if e.kind() == std::io::ErrorKind::AlreadyExists => temp = back,
            Err((_, e)) => return Err(e),
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "every numbered name is taken"))
}

/// The folder a file goes in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The PID in a temporary name this program gave (`.shenbao-{kind}-{pid}-XXXXXX.tmp`).
fn pid_in(name: &str, kind: &str) -> Option<u32> {
    let rest = name.strip_prefix(".shenbao-")?.strip_prefix(kind)?.strip_prefix('-')?.strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('-')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || random.is_empty() {
        return None;
    }
    pid.parse().ok()
}

/// Whether a process is running, where the system tells (`/proc`); `None` where it cannot tell.
fn alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

/// Removes the temporary files of `kind` in `dir` that an earlier run left when it was killed: named as this
/// program names them, their process gone, and untouched for a minute. Returns how many were removed.
pub fn remove_stale(dir: &Path, kind: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mine = std::process::id();
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| pid_in(n, kind)) else { continue };
        if pid == mine || alive(pid) != Some(false) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let idle = meta.modified().ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age >= STALE_AFTER);
        if meta.is_file() && idle && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The dossier folder among `dossiers` that `output` would be written inside (or would be), if any. The
/// output's folder must exist; symbolic links are resolved, so a link to the dossier is seen through.
pub fn inside<'a>(output: &Path, dossiers: &'a [PathBuf]) -> Option<&'a Path> {
    let folder = dunce::canonicalize(folder_of(output)).ok()?;
    let file = output.file_name().map(|n| folder.join(n));
    dossiers.iter().map(PathBuf::as_path).find(|d| {
        dunce::canonicalize(d).is_ok_and(|d| folder.starts_with(&d) || file.as_ref().is_some_and(|f| *f == d))
    })
}

/// Why `output` cannot be written, if it cannot: its folder is missing, it is inside one of `dossiers` (the
/// folders being read), or it is a folder. Said before any work is done.
pub fn refusal(output: &Path, dossiers: &[PathBuf], lang: Lang) -> Option<String> {
    let folder = folder_of(output);
    if let Err(e) = dunce::canonicalize(folder) {
        return Some(lang.pick(
            format!("shenbao: 输出文件夹“{}”不存在或无法访问（{e}）", shown(folder)),
            format!("shenbao: the output folder “{}” does not exist or cannot be reached ({e})", shown(folder)),
        ));
    }
    if let Some(dossier) = inside(output, dossiers) {
        return Some(refused_inside(output, dossier, lang));
    }
    if output.is_dir() {
        return Some(lang.pick(
            format!("shenbao: “{}”是文件夹：-o 须给出文件名", shown(output)),
            format!("shenbao: “{}” is a folder: -o takes a file name", shown(output)),
        ));
    }
    None
}

/// Why an output cannot go where it was asked, in both languages: it is inside `dossier`.
pub fn refused_inside(output: &Path, dossier: &Path, lang: Lang) -> String {
    let (output, dossier) = (printable(&output.display().to_string()).into_owned(), shown(dossier));
    lang.pick(
        format!(
            "shenbao: 输出文件“{output}”位于材料文件夹“{dossier}”内，已拒绝写入：shenbao 从不改动正在检查的材料\
             （否则会覆盖申报书等文件）；请用 -o 指向材料文件夹以外的位置"
        ),
        format!(
            "shenbao: refusing to write “{output}” inside the dossier folder “{dossier}”: shenbao never changes a \
             dossier it reads (it could replace the 申报书 or another file); use -o to name a place outside it"
        ),
    )
}

/// A path for a message: control characters escaped.
pub fn shown(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// The line said after writing `path`: “已写出 …” or, when a file was replaced, “已覆盖 …”.
pub fn wrote_line(path: &Path, wrote: Wrote, lang: Lang) -> String {
    let p = shown(path);
    match wrote {
        Wrote::Created | Wrote::Streamed => lang.pick(format!("已写出 {p}"), format!("wrote {p}")),
        Wrote::Replaced => {
            lang.pick(format!("已覆盖 {p}（原有文件已替换）"), format!("replaced {p} (the file there was overwritten)"))
        }
    }
}

/// Whether an error is a full disk (or a quota reached).
pub fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded)
        || e.raw_os_error() == Some(28)
}

/// An I/O error writing `path`, in words: a full disk says so and where.
pub fn describe(path: &Path, e: &std::io::Error, lang: Lang) -> String {
    let p = shown(path);
    if is_disk_full(e) {
        let dir = shown(folder_of(path));
        return lang.pick(
            format!("磁盘空间不足：无法写入“{p}”（“{dir}”所在磁盘已满）；请腾出空间或用 -o 写到别的磁盘，未留下不完整的文件"),
            format!(
                "no space left on the disk: cannot write “{p}” (the disk of “{dir}” is full); free some space or use -o \
                 for another disk; no partial file was left"
            ),
        );
    }
    lang.pick(format!("无法写入“{p}”：{e}"), format!("cannot write “{p}”: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_this_program_gives_are_read_as_stale() {
        assert_eq!(pid_in(".shenbao-pack-1234-aB3xYz.tmp", "pack"), Some(1234));
        assert_eq!(pid_in(".shenbao-pack-aB3xYz.tmp", "pack"), None, "an older name without a PID is left alone");
        assert_eq!(pid_in(".shenbao-pack-12x-aB3.tmp", "pack"), None);
        assert_eq!(pid_in(".shenbao-summary-12-aB3.tmp", "pack"), None);
        assert_eq!(pid_in("report-12-aB3.tmp", "pack"), None);
    }

    #[test]
    fn a_full_disk_is_said_in_words() {
        let e = std::io::Error::from_raw_os_error(28);
        let m = describe(Path::new("/mnt/out/a.zip"), &e, Lang::Zh);
        assert!(m.starts_with("磁盘空间不足") && m.contains("/mnt/out"), "{m}");
    }
}
