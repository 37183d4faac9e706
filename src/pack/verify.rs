//! `verify`: re-hash every entry of a bundle (or of all its volumes) against its manifest.

use super::{CHUNK, MANIFEST, REPORT};
use crate::diag::{Code, Diagnostic, Lang, Severity};
use crate::hash::{hex, sha256_hex};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The result of verifying one bundle.
#[derive(Debug, Serialize)]
pub struct Verification {
    pub volumes: Vec<String>,
    /// Entries hashed and found to match.
    pub intact_entries: usize,
    pub bytes: u64,
    /// The notice id and rule-file hash report.json records.
    pub notice: Option<String>,
    pub rule_file_sha256: Option<String>,
    pub intact: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `sha256  path` lines. Lines that do not parse are returned as errors.
pub fn parse_manifest(text: &str) -> (BTreeMap<String, String>, Vec<String>) {
    let mut entries = BTreeMap::new();
    let mut bad = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match line.split_once(' ') {
            Some((sha, path))
                if sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) && !path.trim_start().is_empty() =>
            {
                let path = path.strip_prefix(' ').unwrap_or(path).trim_start_matches('*');
                entries.insert(path.to_owned(), sha.to_ascii_lowercase());
            }
            _ => bad.push(line.to_owned()),
        }
    }
    (entries, bad)
}

fn read_entry<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let mut file = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Verifies the volumes of one bundle together. `Err` only when a volume cannot be opened at all
/// (missing file, no permission): that is the tool failing, not the bundle.
pub fn verify(volumes: &[PathBuf], lang: Lang) -> Result<Verification, (PathBuf, std::io::Error)> {
    let mut out = Verification {
        volumes: volumes.iter().map(|p| p.display().to_string()).collect(),
        intact_entries: 0,
        bytes: 0,
        notice: None,
        rule_file_sha256: None,
        intact: false,
        diagnostics: Vec::new(),
    };
    let mut archives = Vec::new();
    for path in volumes {
        let file = std::fs::File::open(path).map_err(|e| (path.clone(), e))?;
        match zip::ZipArchive::new(std::io::BufReader::with_capacity(CHUNK, file)) {
            Ok(a) => archives.push((path.clone(), a)),
            Err(e) => out.diagnostics.push(
                Diagnostic::new(
                    Code::VerifyCorrupted,
                    lang.pick(
                        format!("“{}”不是完好的 zip：{e}", path.display()),
                        format!("“{}” is not an intact zip: {e}", path.display()),
                    ),
                )
                .file(path.display().to_string()),
            ),
        }
    }

    // The manifest: the same in every volume.
    let mut manifest: Option<(String, BTreeMap<String, String>)> = None;
    for (path, archive) in &mut archives {
        let Some(bytes) = read_entry(archive, MANIFEST) else { continue };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match &manifest {
            None => {
                let (entries, bad) = parse_manifest(&text);
                for line in bad {
                    out.diagnostics.push(
                        Diagnostic::new(
                            Code::VerifyCorrupted,
                            lang.pick(
                                format!("{MANIFEST} 中有无法解析的行：{line}"),
                                format!("{MANIFEST} has a line that does not parse: {line}"),
                            ),
                        )
                        .file(MANIFEST),
                    );
                }
                manifest = Some((text, entries));
            }
            Some((first, _)) if *first != text => out.diagnostics.push(
                Diagnostic::new(
                    Code::VerifyCorrupted,
                    lang.pick(
                        format!("“{}”的 {MANIFEST} 与其他分卷不同", path.display()),
                        format!("the {MANIFEST} of “{}” differs from the other volumes'", path.display()),
                    ),
                )
                .file(MANIFEST),
            ),
            Some(_) => {}
        }
    }
    let Some((_, expected)) = manifest else {
        if !archives.is_empty() {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::VerifyMissing,
                    lang.pick(
                        format!("压缩包中没有 {MANIFEST}，无法校验"),
                        format!("the bundle has no {MANIFEST}; nothing to verify against"),
                    ),
                )
                .file(MANIFEST),
            );
        }
        return Ok(finish(out, lang));
    };

    // report.json: the rule file it was packed against.
    for (_, archive) in &mut archives {
        let Some(bytes) = read_entry(archive, REPORT) else { continue };
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            out.notice = value.pointer("/notice/id").and_then(|v| v.as_str()).map(str::to_owned);
            out.rule_file_sha256 = value.pointer("/notice/sha256").and_then(|v| v.as_str()).map(str::to_owned);
        }
        break;
    }
    if let (Some(id), Some(recorded)) = (&out.notice, &out.rule_file_sha256) {
        if let Some(text) = crate::notice::embedded::text(id) {
            let current = sha256_hex(text.as_bytes());
            if current != *recorded {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::VerifyRuleFileChanged,
                        lang.pick(
                            format!(
                                "打包所用规则文件（{id}，sha256 {}…）与本版内置的不同（{}…）",
                                &recorded[..recorded.len().min(12)],
                                &current[..12]
                            ),
                            format!(
                                "packed against a rule file for {id} (sha256 {}…) other than this build's ({}…)",
                                &recorded[..recorded.len().min(12)],
                                &current[..12]
                            ),
                        ),
                    )
                    .file(REPORT),
                );
            }
        }
    }

    // Every entry, streamed.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut buf = vec![0u8; CHUNK];
    let several = archives.len() > 1;
    for (path, archive) in &mut archives {
        let volume = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let at = |lang: Lang| {
            if several {
                lang.pick(format!("（{volume}）"), format!(" (in {volume})"))
            } else {
                String::new()
            }
        };
        for index in 0..archive.len() {
            let mut file = match archive.by_index(index) {
                Ok(f) => f,
                Err(e) => {
                    out.diagnostics.push(Diagnostic::new(
                        Code::VerifyCorrupted,
                        lang.pick(
                            format!("第 {} 个条目无法读取{}：{e}", index + 1, at(Lang::Zh)),
                            format!("entry {} cannot be read{}: {e}", index + 1, at(Lang::En)),
                        ),
                    ));
                    continue;
                }
            };
            let name = match file.name() {
                Ok(n) => n.into_owned(),
                Err(e) => {
                    out.diagnostics.push(Diagnostic::new(
                        Code::VerifyCorrupted,
                        lang.pick(format!("条目名无法读取：{e}"), format!("an entry name cannot be read: {e}")),
                    ));
                    continue;
                }
            };
            // 清单.txt carries the manifest's fingerprint and so is outside it (older bundles listed it).
            let outside = name == super::CHECKLIST && !expected.contains_key(&name);
            if name == MANIFEST || outside || file.is_dir() {
                continue;
            }
            let Some(want) = expected.get(&name) else {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::VerifyExtra,
                        lang.pick(
                            format!("“{name}”不在 {MANIFEST} 中{}", at(Lang::Zh)),
                            format!("“{name}” is not in {MANIFEST}{}", at(Lang::En)),
                        ),
                    )
                    .file(name),
                );
                continue;
            };
            // report.json and 清单.txt are in every volume; each copy is hashed like any entry.
            let carried_by_all = name == REPORT || name == super::CHECKLIST;
            let first = seen.insert(name.clone());
            if !first && !carried_by_all {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::VerifyExtra,
                        lang.pick(
                            format!("“{name}”重复出现{}", at(Lang::Zh)),
                            format!("“{name}” appears twice{}", at(Lang::En)),
                        ),
                    )
                    .file(name),
                );
                continue;
            }
            let mut hasher = Sha256::new();
            let mut total = 0u64;
            let read = loop {
                match file.read(&mut buf) {
                    Ok(0) => break Ok(()),
                    Ok(n) => {
                        hasher.update(&buf[..n]);
                        total += n as u64;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => break Err(e),
                }
            };
            let got = hex(hasher.finalize().as_slice());
            match read {
                Err(e) => out.diagnostics.push(
                    Diagnostic::new(
                        Code::VerifyCorrupted,
                        lang.pick(
                            format!("“{name}”已损坏{}：{e}", at(Lang::Zh)),
                            format!("“{name}” is damaged{}: {e}", at(Lang::En)),
                        ),
                    )
                    .file(name),
                ),
                Ok(()) if got != *want => out.diagnostics.push(
                    Diagnostic::new(
                        Code::VerifyCorrupted,
                        lang.pick(
                            format!(
                                "“{name}”的 SHA-256 与清单不符{}：应为 {}…，实为 {}…",
                                at(Lang::Zh),
                                &want[..12],
                                &got[..12]
                            ),
                            format!(
                                "“{name}” does not match the manifest{}: expected {}…, found {}…",
                                at(Lang::En),
                                &want[..12],
                                &got[..12]
                            ),
                        ),
                    )
                    .file(name),
                ),
                Ok(()) if !first => {}
                Ok(()) => {
                    out.intact_entries += 1;
                    out.bytes += total;
                }
            }
        }
    }
    for name in expected.keys().filter(|n| !seen.contains(*n)) {
        out.diagnostics.push(
            Diagnostic::new(
                Code::VerifyMissing,
                lang.pick(
                    format!("{MANIFEST} 列出的“{name}”不在压缩包中"),
                    format!("“{name}”, listed in {MANIFEST}, is not in the bundle"),
                ),
            )
            .file(name.clone()),
        );
    }
    Ok(finish(out, lang))
}

fn finish(mut out: Verification, lang: Lang) -> Verification {
    out.intact = !out.diagnostics.iter().any(|d| d.severity == Severity::Error);
    if out.intact {
        let n = out.intact_entries;
        out.diagnostics.push(Diagnostic::new(
            Code::VerifyIntact,
            lang.pick(
                format!("压缩包完好：{n} 个文件与 {MANIFEST} 一致"),
                format!("bundle intact: {} match {MANIFEST}", crate::diag::counted(n, "entry", "entries")),
            ),
        ));
    }
    out.diagnostics.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.file.cmp(&b.file)));
    out
}

/// Whether `path` names a bundle volume verify can take.
pub fn is_volume(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}
