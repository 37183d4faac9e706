//! Typed findings of the files family (SB201–SB215, and SB003 for dossier.toml `[files]`) and of the
//! names-and-lists family (SB705, SB706, SB716): tests assert on each finding's data, run over a fixture
//! or a copy of one changed in the test, and snapshot the wording of every variant in zh and en once.

#[path = "support/findings.rs"]
mod findings_support;
#[path = "support/hostile.rs"]
mod hostile_support;
mod support;
use findings_support::{clause, worded};

use shenbao::checks::case_name::{CaseNameFinding, ListName};
use shenbao::checks::files::{Alternative, Convert, DocumentName, FileFinding, Wanted};
use shenbao::checks::{check_dossier, NoticeChoice, Options};
use shenbao::diag::{Code, Diagnostic, Finding, IoKind, IoProblem, Lang, Severity};
use shenbao::dossier::{NameEncoding, NotRead};
use shenbao::notice::{Format, Notice};
use shenbao::read::sniff::Kind;
use shenbao::report::DossierReport;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn day(today: &str) -> jiff::civil::Date {
    today.parse().expect("a date")
}

/// A fixture dossier as it is, checked on `today`.
fn check(rel: &str, today: &str) -> DossierReport {
    let options = Options { notice: NoticeChoice::FromDossier, today: Some(day(today)), custom: &[] };
    check_dossier(&root().join(rel), rel, &options)
}

/// A copy of a fixture dossier, changed by `edit` (given the copy's folder), checked on `today` against
/// `notice` (its dossier.toml's when `None`).
fn check_edited(rel: &str, today: &str, notice: Option<&Notice>, edit: impl FnOnce(&Path)) -> DossierReport {
    let dir = tempfile::tempdir().expect("tempdir");
    support::copy_dir(&root().join(rel), dir.path());
    edit(dir.path());
    let notice = notice.map_or(NoticeChoice::FromDossier, NoticeChoice::Given);
    let options = Options { notice, today: Some(day(today)), custom: &[] };
    check_dossier(dir.path(), "edited", &options)
}

/// Adds `text` to the dossier.toml in `dir`, or replaces the line starting with `key =` by it.
fn set_toml(dir: &Path, key: &str, line: &str) {
    let path = dir.join("dossier.toml");
    let old = std::fs::read_to_string(&path).expect("dossier.toml");
    let mut lines: Vec<String> =
        old.lines().filter(|l| !l.starts_with(&format!("{key} ="))).map(str::to_owned).collect();
    // Top-level keys go before any table.
    let at = lines.iter().position(|l| l.starts_with('[')).unwrap_or(lines.len());
    lines.insert(at, line.to_owned());
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
}

/// The findings of type `F` in a report, with the diagnostics that word them.
fn found<F: Finding>(report: &DossierReport) -> Vec<(&Diagnostic, &F)> {
    report.diagnostics.iter().filter_map(|d| d.finding::<F>().map(|f| (d, f))).collect()
}

/// The findings of type `F` with code `code`.
fn coded<F: Finding>(report: &DossierReport, code: Code) -> Vec<(&Diagnostic, &F)> {
    found::<F>(report).into_iter().filter(|(d, _)| d.code == code).collect()
}

/// The one finding of type `F` with code `code`.
fn only<F: Finding>(report: &DossierReport, code: Code) -> (&Diagnostic, &F) {
    let all = coded::<F>(report, code);
    assert_eq!(all.len(), 1, "{code:?}: {:#?}", report.diagnostics);
    all[0]
}

fn builtin(id: &str) -> Notice {
    shenbao::notice::builtin(id, Lang::Zh).expect("embedded").expect("loads")
}

// ---- files: SB003 for dossier.toml [files] ----

#[test]
fn dossier_toml_files_naming_an_unknown_id_or_a_missing_file_is_sb003() {
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        let path = dir.join("dossier.toml");
        let text = std::fs::read_to_string(&path).expect("read");
        let files = "[files]\nnonsense = \"x.pdf\"\nsummary_table = \"汇总表.pdf\"\n";
        std::fs::write(&path, text + files).expect("write");
    });
    let found = coded::<FileFinding>(&report, Code::DossierTomlInvalid);
    let data: Vec<&FileFinding> = found.iter().map(|(_, f)| *f).collect();
    assert_eq!(
        data,
        [
            &FileFinding::UnknownDocumentId {
                id: "nonsense".into(),
                known: ["application", "stamped_pdf", "licence", "summary_table"].map(String::from).to_vec(),
            },
            &FileFinding::MappedFileMissing { path: "汇总表.pdf".into() },
        ]
    );
    assert!(found.iter().all(|(d, _)| d.file.as_deref() == Some("dossier.toml")), "{found:?}");
}

// ---- files: SB201 ----

#[test]
fn a_missing_licence_names_the_alternative_for_the_unit_type() {
    let report = check("fixtures/ln-2024-cases/missing-licence", "2024-02-28");
    let (d, f) = only::<FileFinding>(&report, Code::DocumentMissing);
    let FileFinding::DocumentMissing { document, wanted, clause } = f else { panic!("{f:?}") };
    assert_eq!((document.id.as_str(), clause.reference.as_str()), ("licence", "二（二）"));
    let Wanted::ForUnitType { unit_type, name, formats, words, .. } = wanted else { panic!("{wanted:?}") };
    assert_eq!((unit_type.as_str(), name.as_str()), ("其他高校", "事业单位法人证书复印件"));
    assert_eq!(
        (formats.as_slice(), words.as_slice()),
        (&[Format::Pdf, Format::Jpg, Format::Png][..], &["事业单位法人证书".to_owned(), "法人证书".to_owned()][..])
    );
    assert_eq!((d.file.as_deref(), d.severity), (None, Severity::Error));
    assert!(d.help_text(Lang::En).is_some_and(|h| h.starts_with("for a “其他高校”, add the copy of")), "{d:?}");
}

#[test]
fn a_missing_licence_without_a_unit_type_offers_every_alternative() {
    let report = check_edited("fixtures/ln-2024-cases/missing-licence", "2024-02-28", None, |dir| {
        let path = dir.join("dossier.toml");
        let text = std::fs::read_to_string(&path).expect("read");
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("unit_type")).collect();
        std::fs::write(&path, kept.join("\n")).expect("write");
    });
    let (_, f) = only::<FileFinding>(&report, Code::DocumentMissing);
    let FileFinding::DocumentMissing { wanted: Wanted::AnyOf(alternatives), .. } = f else { panic!("{f:?}") };
    let names: Vec<&str> = alternatives.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["营业执照复印件", "事业单位法人证书复印件"]);
}

/// cq names 营业执照或组织机构代码证; a 事业单位 shows its 统一社会信用代码 on its 事业单位法人证书, the
/// certificate that stands for the 组织机构代码证: it is accepted, and when none is there the help names it,
/// its file-name words and dossier.toml [files].
#[test]
fn a_public_institution_in_cq_is_accepted_with_its_certificate_and_told_how_to_declare_one() {
    let cq = "fixtures/cq-2024-cases-2/pass";
    let as_institution = |dir: &Path, licence: Option<&str>| {
        set_toml(dir, "unit_type", "unit_type = \"事业单位\"");
        let jpg = dir.join("营业执照复印件.jpg");
        match licence {
            Some(name) => std::fs::rename(&jpg, dir.join(name)).expect("rename"),
            None => std::fs::remove_file(&jpg).expect("rm"),
        }
    };
    let report = check_edited(cq, "2024-08-10", None, |dir| as_institution(dir, Some("事业单位法人证书复印件.jpg")));
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert!(!codes.contains(&Code::DocumentMissing) && !codes.contains(&Code::ExtraFile), "{codes:?}");

    let report = check_edited(cq, "2024-08-10", None, |dir| as_institution(dir, None));
    let (d, f) = only::<FileFinding>(&report, Code::DocumentMissing);
    let FileFinding::DocumentMissing { wanted: Wanted::ForUnitType { name, words, .. }, .. } = f else {
        panic!("{f:?}")
    };
    assert!(name.starts_with("事业单位法人证书、统一社会信用代码证书或民办非企业单位登记证书"), "{name}");
    assert!(words.contains(&"法人证书".to_owned()), "{words:?}");
    let help = d.help_text(Lang::Zh).expect("help");
    assert!(help.contains("单位类型为“事业单位”，应提交事业单位法人证书"), "{help}");
    assert!(help.contains("在 dossier.toml 的 [files] 中写明 licence = \"文件路径\""), "{help}");
    let help = d.help_text(Lang::En).expect("help");
    assert!(help.contains("declared in dossier.toml [files]: licence = \"path\""), "{help}");
}

/// A Word document renamed .wps is told to be renamed back, not to be saved in an image editor.
#[test]
fn a_docx_named_wps_is_told_to_be_renamed_back() {
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        std::fs::copy(dir.join("申报书.docx"), dir.join("备用.wps")).expect("copy");
    });
    let d = report.diagnostics.iter().find(|d| d.code == Code::ExtensionMismatch).expect("SB203");
    let help = d.help_text(Lang::Zh).expect("help");
    assert!(help.contains("把扩展名改回 .docx，或在 WPS 中打开后“另存为”"), "{help}");
    assert!(!help.contains("画图") && !help.contains("Photoshop"), "{help}");
    assert!(d.help_text(Lang::En).is_some_and(|h| h.contains("rename it back to .docx")), "{d:?}");
}

#[test]
fn a_missing_stamped_pdf_names_its_formats_and_file_name_words() {
    let report = check("fixtures/cq-2024-cases-2/missing-pdf", "2024-08-10");
    let (_, f) = only::<FileFinding>(&report, Code::DocumentMissing);
    let FileFinding::DocumentMissing { document, wanted: Wanted::Formats { formats, words }, .. } = f else {
        panic!("{f:?}")
    };
    assert_eq!((document.name.as_str(), formats.as_slice()), ("用印PDF", &[Format::Pdf][..]));
    assert_eq!(words, &["用印", "盖章", "扫描", "申报书", "申报材料", "文字材料"]);
}

// ---- files: SB202, SB203, SB204 ----

#[test]
fn a_doc_application_is_legacy_word() {
    let report = check("fixtures/cq-2024-cases-2/legacy-doc", "2024-08-10");
    let (d, f) = only::<FileFinding>(&report, Code::LegacyWord);
    assert_eq!(f, &FileFinding::LegacyWord { file: "申报书.doc".into(), kind: Kind::Ole });
    assert_eq!(d.file.as_deref(), Some("申报书.doc"));
}

#[test]
fn a_png_picture_named_jpg_is_a_disguised_document_to_convert_in_an_image_editor() {
    let report = check("fixtures/cq-2024-cases-2/png-renamed-jpg", "2024-08-10");
    let (d, f) = only::<FileFinding>(&report, Code::ExtensionMismatch);
    let FileFinding::DocumentDisguised { file, ext, kind, document, formats, convert } = f else { panic!("{f:?}") };
    assert_eq!((file.as_str(), ext.as_str(), *kind), ("多媒体材料/图片/1-数据要素流向图.jpg", "jpg", Kind::Png));
    assert_eq!((document.id.as_str(), formats.as_slice(), *convert), ("pictures", &[Format::Jpg][..], Convert::Image));
    assert_eq!(d.file.as_deref(), Some(file.as_str()));
}

#[test]
fn an_extra_png_named_jpg_is_an_extension_mismatch_and_an_extra_file() {
    // A PNG signature and nothing after it: a truncated image, named as a JPEG.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    support::seed("image", "files-png-named-jpg.jpg", png);
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        std::fs::write(dir.join("说明.jpg"), png).expect("write");
    });
    let (_, f) = only::<FileFinding>(&report, Code::ExtensionMismatch);
    assert_eq!(f, &FileFinding::ExtensionMismatch { file: "说明.jpg".into(), ext: "jpg".into(), kind: Kind::Png });
    let (_, extra) = only::<FileFinding>(&report, Code::ExtraFile);
    assert_eq!(extra, &FileFinding::ExtraFile { file: "说明.jpg".into() });
}

#[test]
fn a_licence_saved_as_word_is_a_format_not_accepted() {
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        std::fs::remove_file(dir.join("事业单位法人证书复印件.jpg")).expect("rm");
        std::fs::copy(dir.join("申报书.docx"), dir.join("事业单位法人证书复印件.docx")).expect("cp");
    });
    let (_, f) = only::<FileFinding>(&report, Code::FormatNotAccepted);
    let FileFinding::FormatNotAccepted { file, kind, document, formats } = f else { panic!("{f:?}") };
    assert_eq!((file.as_str(), *kind, document.id.as_str()), ("事业单位法人证书复印件.docx", Kind::Docx, "licence"));
    assert_eq!(formats, &[Format::Pdf, Format::Jpg, Format::Png]);
}

// ---- files: SB206–SB210 ----

#[test]
fn an_empty_file_a_lock_file_and_an_extra_file_are_each_named() {
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        std::fs::write(dir.join("备注.pdf"), b"").expect("write");
        std::fs::write(dir.join("~$申报书.docx"), b"x").expect("write");
        std::fs::write(dir.join("readme.txt"), b"hello").expect("write");
    });
    assert_eq!(only::<FileFinding>(&report, Code::EmptyFile).1, &FileFinding::EmptyFile { file: "备注.pdf".into() });
    assert_eq!(only::<FileFinding>(&report, Code::LockFile).1, &FileFinding::LockFile { file: "~$申报书.docx".into() });
    // The empty file is not also an extra file: it is told once.
    assert_eq!(only::<FileFinding>(&report, Code::ExtraFile).1, &FileFinding::ExtraFile { file: "readme.txt".into() });
}

#[test]
fn two_applications_take_the_newest_and_name_the_other() {
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        std::fs::copy(dir.join("申报书.docx"), dir.join("申报书（修改稿）.docx")).expect("cp");
        let old = std::fs::File::options().write(true).open(dir.join("申报书.docx")).expect("open");
        old.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000)).expect("mtime");
    });
    let (d, f) = only::<FileFinding>(&report, Code::SeveralCandidates);
    let FileFinding::SeveralCandidates { file, document, count, others } = f else { panic!("{f:?}") };
    assert_eq!((file.as_str(), document.id.as_str(), *count), ("申报书（修改稿）.docx", "application", 2));
    assert_eq!(others, &["申报书.docx"]);
    assert_eq!((d.file.as_deref(), d.severity), (Some("申报书（修改稿）.docx"), Severity::Warning));
}

#[test]
fn an_application_named_otherwise_is_assumed_by_its_format() {
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        std::fs::rename(dir.join("申报书.docx"), dir.join("abc.docx")).expect("mv");
    });
    let (_, f) = only::<FileFinding>(&report, Code::AssumedByFormat);
    let FileFinding::AssumedByFormat { file, document } = f else { panic!("{f:?}") };
    assert_eq!(
        (file.as_str(), document.id.as_str(), document.name.as_str()),
        ("abc.docx", "application", "申报书（可编辑Word）")
    );
}

// ---- files: SB211, SB212 (no embedded notice counts files this way: the test sets the limits) ----

#[test]
fn too_few_videos_and_too_many_pictures_carry_their_counts_and_limits() {
    let mut notice = builtin("cq-2024-cases-2");
    for doc in &mut notice.documents {
        match doc.id.as_str() {
            "video" => doc.min_count = Some(2),
            "pictures" => doc.max_count = Some(3),
            _ => {}
        }
    }
    let report = check_edited("fixtures/cq-2024-cases-2/pass", "2024-08-10", Some(&notice), |_| {});
    let (d, few) = only::<FileFinding>(&report, Code::TooFewFiles);
    let FileFinding::TooFewFiles { document, count, min, clause } = few else { panic!("{few:?}") };
    assert_eq!((document.id.as_str(), *count, *min), ("video", 1, 2));
    assert!(!clause.reference.is_empty());
    assert_eq!((d.file.as_deref(), d.severity), (None, Severity::Error));
    let (d, many) = only::<FileFinding>(&report, Code::TooManyFiles);
    let FileFinding::TooManyFiles { document, count, max } = many else { panic!("{many:?}") };
    assert_eq!((document.id.as_str(), *count, *max), ("pictures", 4, 3));
    assert_eq!(d.severity, Severity::Warning);
}

// ---- files: SB213, SB214, SB215 ----

/// /proc/self/mem is a regular file that fails to read even for root (see tests/hostile_files.rs).
#[cfg(target_os = "linux")]
#[test]
fn a_file_that_cannot_be_read_carries_the_systems_reason() {
    let notice = builtin("cq-2024-cases-2");
    let options = Options { notice: NoticeChoice::Given(&notice), today: Some(day("2024-08-10")), custom: &[] };
    let report = check_dossier(Path::new("/proc/self"), "/proc/self", &options);
    let mem = coded::<FileFinding>(&report, Code::FileUnreadable)
        .into_iter()
        .find(|(d, _)| d.file.as_deref() == Some("mem"))
        .expect("SB213 for mem");
    let FileFinding::Unreadable { file, error } = mem.1 else { panic!("{:?}", mem.1) };
    assert_eq!(file, "mem");
    assert!(!error.system.is_empty());
    assert_eq!(mem.0.text(Lang::En), format!("cannot read “mem”: {}", error.system));
    // The Chinese message says it in Chinese: the system's English words only after “系统信息：”, if at all.
    let zh = mem.0.text(Lang::Zh);
    let before = zh.split("系统信息：").next().unwrap_or_default();
    assert!(!before.contains(&error.system), "{zh}");
}

#[cfg(unix)]
#[test]
fn links_special_files_and_deep_files_are_not_read_and_say_why() {
    use std::os::unix::fs::symlink;
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        std::fs::create_dir(dir.join("sub")).expect("mkdir");
        symlink(dir.join("sub"), dir.join("linkdir")).expect("symlink");
        symlink("/nonexistent-shenbao", dir.join("broken")).expect("symlink");
        symlink("/etc/hostname", dir.join("outside")).expect("symlink");
        hostile_support::mkfifo(&dir.join("pipe"));
        let deep = dir.join("1/2/3/4/5/6/7");
        std::fs::create_dir_all(&deep).expect("mkdir");
        for i in 0..12 {
            std::fs::write(deep.join(format!("f{i:02}.txt")), b"x").expect("write");
        }
    });
    let mut found: Vec<(&str, &NotRead)> = coded::<FileFinding>(&report, Code::NotRead)
        .into_iter()
        .map(|(_, f)| match f {
            FileFinding::NotRead { file, what } => (file.as_str(), what),
            other => panic!("{other:?}"),
        })
        .collect();
    found.sort_by_key(|(file, _)| *file);
    let (files, whats): (Vec<&str>, Vec<&NotRead>) = found.into_iter().unzip();
    assert_eq!(files, ["1/2/3/4/5/6/7/f00.txt", "broken", "linkdir", "outside", "pipe"]);
    assert_eq!(
        whats[1..],
        [
            &NotRead::BrokenLink,
            &NotRead::LinkedFolder,
            &NotRead::Outside {
                target: std::fs::canonicalize("/etc/hostname").expect("real").to_string_lossy().into_owned()
            },
            &NotRead::Special
        ]
    );
    let NotRead::TooDeep { shown, total, more } = whats[0] else { panic!("{:?}", whats[0]) };
    assert_eq!((shown.len(), *total, *more), (10, 12, false));
}

#[cfg(target_os = "linux")]
#[test]
fn file_names_not_in_utf8_are_read_as_gbk_or_named_unreadable() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        // “中文” in GBK, and bytes that are neither GBK nor UTF-8.
        std::fs::write(dir.join(OsStr::from_bytes(b"gbk\xd6\xd0\xce\xc4.txt")), b"x").expect("write");
        std::fs::write(dir.join(OsStr::from_bytes(b"bad\xff\xfe\x80.txt")), b"x").expect("write");
    });
    let mut found: Vec<(String, NameEncoding)> = coded::<FileFinding>(&report, Code::NameEncoding)
        .into_iter()
        .map(|(_, f)| match f {
            FileFinding::NameEncoding { file, encoding } => (file.clone(), *encoding),
            other => panic!("{other:?}"),
        })
        .collect();
    found.sort_by_key(|(_, e)| *e == NameEncoding::Gbk);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].1, NameEncoding::Unknown);
    assert!(found[0].0.starts_with("bad"), "{found:?}");
    assert_eq!(found[1], ("gbk中文.txt".to_owned(), NameEncoding::Gbk));
}

/// The same hostile folder through the binary: every path named, the check bounded and done.
#[cfg(unix)]
#[test]
fn a_folder_of_links_pipes_and_deep_files_is_checked_in_bounded_time() {
    use std::os::unix::fs::symlink;
    let (_tmp, dir) = hostile_support::fixture("fixtures/ln-2024-cases/pass");
    symlink("/", dir.join("root")).expect("symlink");
    symlink(dir.join("loop"), dir.join("loop")).expect("symlink");
    hostile_support::mkfifo(&dir.join("pipe"));
    let mut deep = dir.clone();
    for i in 0..40 {
        deep = deep.join(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).expect("mkdir");
    std::fs::write(deep.join("f.txt"), b"x").expect("write");
    let run = hostile_support::watched(&dir, &["check", ".", "--today", "2024-02-28", "--lang", "en"]);
    hostile_support::assert_bounded("check links, a pipe and 40 levels", &run, 10.0, 200.0);
    // Paths not read are warnings: the dossier itself still passes.
    assert_eq!(run.code, Some(0), "{}", run.said());
    for line in [
        "“root” is a link to “/”, outside the dossier folder: not read",
        "“loop” is a broken link",
        "“pipe” is not a regular file",
    ] {
        assert!(run.stdout.contains(line), "{line}: {}", run.stdout);
    }
    assert!(run.stdout.contains("1 file lies more than 6 levels down"), "{}", run.stdout);
}

#[test]
fn file_findings_wording() {
    let c = clause("二（二）", "连同申报企业营业执照复印件，报送至推荐单位");
    let licence = DocumentName {
        id: "licence".into(),
        name: "营业执照复印件".into(),
        name_en: "copy of the business licence".into(),
    };
    let application =
        DocumentName { id: "application".into(), name: "申报书".into(), name_en: "application".into() };
    let pdf = vec![Format::Pdf, Format::Jpg];
    let findings = [
        FileFinding::UnknownDocumentId { id: "nonsense".into(), known: vec!["application".into(), "licence".into()] },
        FileFinding::MappedFileMissing { path: "汇总表.pdf".into() },
        FileFinding::DocumentMissing {
            document: licence.clone(),
            wanted: Wanted::Formats { formats: pdf.clone(), words: vec!["营业执照".into(), "执照".into()] },
            clause: c.clone(),
        },
        FileFinding::DocumentMissing {
            document: licence.clone(),
            wanted: Wanted::ForUnitType {
                unit_type: "其他高校".into(),
                name: "事业单位法人证书复印件".into(),
                name_en: "copy of the legal-person certificate".into(),
                formats: pdf.clone(),
                words: vec!["法人证书".into()],
            },
            clause: c.clone(),
        },
        FileFinding::DocumentMissing {
            document: licence.clone(),
            wanted: Wanted::AnyOf(vec![
                Alternative {
                    name: "营业执照复印件".into(),
                    name_en: "licence".into(),
                    formats: pdf.clone(),
                    words: vec!["营业执照".into()],
                },
                Alternative {
                    name: "法人证书".into(),
                    name_en: "certificate".into(),
                    formats: vec![Format::Pdf],
                    words: vec!["法人证书".into(), "统一社会信用代码".into()],
                },
            ]),
            clause: c.clone(),
        },
        FileFinding::LegacyWord { file: "申报书.doc".into(), kind: Kind::Ole },
        FileFinding::LegacyWord { file: "申报书.rtf".into(), kind: Kind::Rtf },
        FileFinding::DocumentDisguised {
            file: "申报书.docx".into(),
            ext: "docx".into(),
            kind: Kind::Jpeg,
            document: application.clone(),
            formats: vec![Format::Docx],
            convert: Convert::Word,
        },
        FileFinding::DocumentDisguised {
            file: "申报书（用印）.pdf".into(),
            ext: "pdf".into(),
            kind: Kind::Docx,
            document: application.clone(),
            formats: vec![Format::Pdf],
            convert: Convert::Pdf,
        },
        FileFinding::DocumentDisguised {
            file: "视频.mp4".into(),
            ext: "mp4".into(),
            kind: Kind::Mov,
            document: application.clone(),
            formats: vec![Format::Mp4],
            convert: Convert::Video,
        },
        FileFinding::DocumentDisguised {
            file: "图.jpg".into(),
            ext: "jpg".into(),
            kind: Kind::Png,
            document: application.clone(),
            formats: vec![Format::Jpg],
            convert: Convert::Image,
        },
        FileFinding::FormatNotAccepted {
            file: "营业执照.docx".into(),
            kind: Kind::Docx,
            document: licence.clone(),
            formats: pdf,
        },
        FileFinding::ExtensionMismatch { file: "说明.jpg".into(), ext: "jpg".into(), kind: Kind::Png },
        FileFinding::EmptyFile { file: "备注.pdf".into() },
        FileFinding::LockFile { file: "~$申报书.docx".into() },
        FileFinding::ExtraFile { file: "readme.txt".into() },
        FileFinding::SeveralCandidates {
            file: "申报书v2.docx".into(),
            document: application.clone(),
            count: 3,
            others: vec!["申报书.docx".into(), "申报书v1.docx".into()],
        },
        FileFinding::AssumedByFormat { file: "abc.docx".into(), document: application },
        FileFinding::TooFewFiles { document: licence.clone(), count: 1, min: 2, clause: c },
        FileFinding::TooManyFiles { document: licence, count: 4, max: 3 },
        FileFinding::Unreadable {
            file: "mem".into(),
            error: IoProblem::new(IoKind::Device, "Input/output error (os error 5)"),
        },
        FileFinding::Unreadable {
            file: "busy".into(),
            error: IoProblem::new(
                IoKind::InUse,
                "The process cannot access the file because it is being used by another process. (os error 32)",
            ),
        },
        FileFinding::Unreadable {
            file: "odd".into(),
            error: IoProblem::new(IoKind::Other, "Stale file handle (os error 116)"),
        },
        FileFinding::NotRead { file: "linkdir".into(), what: NotRead::LinkedFolder },
        FileFinding::NotRead { file: "broken".into(), what: NotRead::BrokenLink },
        FileFinding::NotRead { file: "pipe".into(), what: NotRead::Special },
        FileFinding::NotRead { file: "outside".into(), what: NotRead::Outside { target: "/etc/hostname".into() } },
        FileFinding::NotRead {
            file: "1/2/3/4/5/6".into(),
            what: NotRead::TooDeep { shown: vec!["1/2/3/4/5/6/7/a.txt".into()], total: 1, more: false },
        },
        FileFinding::NotRead {
            file: "1/2/3/4/5/6".into(),
            what: NotRead::TooDeep { shown: vec!["a".into(), "b".into()], total: 10_000, more: true },
        },
        FileFinding::NameEncoding { file: "gbk中文.txt".into(), encoding: NameEncoding::Gbk },
        FileFinding::NameEncoding { file: "bad\u{FFFD}.txt".into(), encoding: NameEncoding::Unknown },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

// ---- names and lists: SB705, SB706, SB716 ----

#[test]
fn a_case_name_without_its_field_is_not_in_the_notices_form() {
    let report = check_edited("fixtures/cq-2024-cases-2/pass", "2024-08-10", None, |dir| {
        set_toml(dir, "name", "name = \"供应链协同管理\"");
    });
    let (d, f) = only::<CaseNameFinding>(&report, Code::NameForm);
    let CaseNameFinding::CaseNameForm { name, form, clause } = f else { panic!("{f:?}") };
    assert_eq!((name.as_str(), form.as_str()), ("供应链协同管理", "{领域}领域——{名称}"));
    assert!(!clause.reference.is_empty());
    assert_eq!((d.file.as_deref(), d.section.as_deref(), d.severity), (None, None, Severity::Warning));
}

#[test]
fn a_case_name_whose_field_is_not_the_field_given_is_sb717() {
    let report = check_edited("fixtures/cq-2024-cases-2/pass", "2024-08-10", None, |dir| {
        set_toml(dir, "name", "name = \"医疗健康领域——基于可信数据空间的供应链协同管理\"");
    });
    let (d, f) = only::<CaseNameFinding>(&report, Code::NameFieldDisagree);
    let CaseNameFinding::NameFieldDisagrees { name, prefix, field, clause } = f else { panic!("{f:?}") };
    assert_eq!(name, "医疗健康领域——基于可信数据空间的供应链协同管理");
    assert_eq!((prefix.as_str(), field.as_str()), ("医疗健康", "工业制造"));
    assert!(!clause.reference.is_empty());
    assert_eq!((d.file.as_deref(), d.severity), (Some("dossier.toml"), Severity::Warning));
    // The same name with its field matching, or with no field given, is not a finding.
    let agreeing = check_edited("fixtures/cq-2024-cases-2/pass", "2024-08-10", None, |dir| {
        set_toml(dir, "field", "field = \"医疗健康\"");
        set_toml(dir, "name", "name = \"医疗健康领域——基于可信数据空间的供应链协同管理\"");
    });
    assert!(found::<CaseNameFinding>(&agreeing).iter().all(|(d, _)| d.code != Code::NameFieldDisagree));
}

#[test]
fn a_misspelt_contest_name_and_two_topics_are_found() {
    let report = check("fixtures/ln-2024-contest/two-topics-misspelt", "2024-07-01");
    let (d, f) = only::<CaseNameFinding>(&report, Code::NameForm);
    let CaseNameFinding::Misspelt { file, wrong, times, right, .. } = f else { panic!("{f:?}") };
    assert_eq!((file.as_str(), wrong.as_str(), *times), ("项目申报书.docx", "2024年数据要素×大赛辽宁分赛", 1));
    assert_eq!(right, "2024年“数据要素×”大赛辽宁分赛");
    assert_eq!(d.file.as_deref(), Some("项目申报书.docx"));

    let (d, f) = only::<CaseNameFinding>(&report, Code::OneChoice);
    let CaseNameFinding::OneChoice { list, value, named, clause } = f else { panic!("{f:?}") };
    assert_eq!((*list, value.as_str()), (ListName::Topic, "提升普惠金融服务能力、降低金融风险"));
    assert_eq!(named, &["提升普惠金融服务能力", "降低金融风险"]);
    assert_eq!(clause.reference, "六（二）1", "the one-topic rule, not the list's clause");
    assert_eq!((d.file.as_deref(), d.section.as_deref()), (Some("dossier.toml"), Some("赛题")));
}

#[test]
fn two_tracks_are_one_choice_too() {
    let report = check_edited("fixtures/ln-2024-contest/pass", "2024-07-01", None, |dir| {
        set_toml(dir, "track", "track = \"金融服务、医疗健康\"");
    });
    let (d, f) = only::<CaseNameFinding>(&report, Code::OneChoice);
    assert!(matches!(f, CaseNameFinding::OneChoice { list: ListName::Track, named, .. } if named.len() == 2), "{f:?}");
    assert_eq!(d.section.as_deref(), Some("赛道"));
}

#[test]
fn values_outside_the_notices_lists_name_the_list_and_its_values() {
    // 领域 and 单位类型.
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", None, |dir| {
        set_toml(dir, "field", "field = \"火星制造\"");
        set_toml(dir, "unit_type", "unit_type = \"外星单位\"");
    });
    let found = coded::<CaseNameFinding>(&report, Code::NotInList);
    let lists: Vec<(ListName, &str, &str)> = found
        .iter()
        .map(|(_, f)| match f {
            CaseNameFinding::NotInList { list, value, file, .. } => (*list, value.as_str(), file.as_str()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        lists,
        [(ListName::Field, "火星制造", "dossier.toml"), (ListName::UnitType, "外星单位", "dossier.toml")]
    );
    let CaseNameFinding::NotInList { values, .. } = found[0].1 else { unreachable!() };
    assert!(values.iter().any(|v| v == "工业制造"), "{values:?}");
    assert_eq!(found[0].0.section.as_deref(), Some("领域"), "the section is the list's Chinese name");

    // 赛道 unknown; then 赛题 not of the chosen track.
    for (key, line, list, value) in [
        ("track", "track = \"太空探索\"", ListName::Track, "太空探索"),
        ("topic", "topic = \"火星金融\"", ListName::Topic, "火星金融"),
    ] {
        let report = check_edited("fixtures/ln-2024-contest/pass", "2024-07-01", None, |dir| set_toml(dir, key, line));
        let (_, f) = only::<CaseNameFinding>(&report, Code::NotInList);
        assert!(matches!(f, CaseNameFinding::NotInList { list: l, value: v, .. } if *l == list && v == value), "{f:?}");
    }

    // 申报方向 and 应用领域 from dossier.toml.
    let report = check_edited("fixtures/qh-2025-scenes/pass", "2025-06-01", None, |dir| {
        set_toml(dir, "directions", "directions = [\"不存在方向\"]");
        set_toml(dir, "areas", "areas = [\"火星\", \"气象服务\"]");
    });
    let found: Vec<(ListName, String)> = coded::<CaseNameFinding>(&report, Code::NotInList)
        .into_iter()
        .map(|(_, f)| match f {
            CaseNameFinding::NotInList { list, value, .. } => (*list, value.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(found, [(ListName::Direction, "不存在方向".to_owned()), (ListName::Area, "火星".to_owned())]);
}

#[test]
fn case_name_findings_wording() {
    let c = clause("六（二）1", "每个参赛项目限报一个赛题方向");
    let many: Vec<String> = (1..=30).map(|i| format!("值{i}")).collect();
    let findings = [
        CaseNameFinding::NotInList {
            file: "dossier.toml".into(),
            list: ListName::Field,
            value: "火星制造".into(),
            values: vec!["工业制造".into(), "现代农业".into()],
            clause: c.clone(),
        },
        // Past 24 values, the help shows the first 24 and the message counts them all.
        CaseNameFinding::NotInList {
            file: "dossier.toml".into(),
            list: ListName::UnitType,
            value: "外星单位".into(),
            values: many,
            clause: c.clone(),
        },
        CaseNameFinding::NotInList {
            file: "dossier.toml".into(),
            list: ListName::Track,
            value: "太空".into(),
            values: vec!["金融服务".into()],
            clause: c.clone(),
        },
        CaseNameFinding::NotInList {
            file: "dossier.toml".into(),
            list: ListName::Topic,
            value: "火星金融".into(),
            values: vec!["降低金融风险".into()],
            clause: c.clone(),
        },
        CaseNameFinding::NotInList {
            file: "申报书.docx".into(),
            list: ListName::Direction,
            value: "x".into(),
            values: vec!["公共数据授权运营".into()],
            clause: c.clone(),
        },
        CaseNameFinding::NotInList {
            file: "dossier.toml".into(),
            list: ListName::Area,
            value: "火星".into(),
            values: vec!["气象服务".into()],
            clause: c.clone(),
        },
        CaseNameFinding::OneChoice {
            list: ListName::Topic,
            value: "提升普惠金融服务能力、降低金融风险".into(),
            named: vec!["提升普惠金融服务能力".into(), "降低金融风险".into()],
            clause: c.clone(),
        },
        CaseNameFinding::OneChoice {
            list: ListName::Track,
            value: "金融服务、医疗健康".into(),
            named: vec!["金融服务".into(), "医疗健康".into()],
            clause: c.clone(),
        },
        CaseNameFinding::CaseNameForm {
            name: "供应链协同管理".into(),
            form: "{领域}领域——{名称}".into(),
            clause: c.clone(),
        },
        // A single dash after the field: the example fixes the dash, not a second field in front.
        CaseNameFinding::CaseNameForm {
            name: "工业制造领域—基于可信数据空间的供应链协同".into(),
            form: "{领域}领域——{名称}".into(),
            clause: c.clone(),
        },
        CaseNameFinding::NameFieldDisagrees {
            name: "医疗健康领域——智慧医院数据协同".into(),
            prefix: "医疗健康".into(),
            field: "工业制造".into(),
            clause: c.clone(),
        },
        CaseNameFinding::Misspelt {
            file: "项目申报书.docx".into(),
            wrong: "数据要素X".into(),
            times: 1,
            right: "“数据要素×”".into(),
            clause: c.clone(),
        },
        CaseNameFinding::Misspelt {
            file: "项目申报书.docx".into(),
            wrong: "数据要素X".into(),
            times: 3,
            right: "“数据要素×”".into(),
            clause: c,
        },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}
