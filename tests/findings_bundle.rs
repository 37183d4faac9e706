//! The typed findings of batches (SB501–SB512), pack (SB601–SB603) and verify (SB611–SB615): tests on the
//! findings' data, and one snapshot of the wording of every variant in zh and en per family.

#[path = "support/findings.rs"]
mod findings_support;
mod support;
use findings_support::{clause, worded};

use shenbao::batch::config::BatchTomlFinding;
use shenbao::batch::rules::{BatchFinding, FactKey, Group, Ranked};
use shenbao::checks::{check_isolated, NoticeChoice, Options};
use shenbao::diag::{Code, Diagnostic, Finding, IoKind, IoProblem, Lang};
use shenbao::pack::verify::{Damage, VerifyFinding};
use shenbao::pack::PackFinding;
use std::io::Write;
use std::path::{Path, PathBuf};
use support::shenbao;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn options(today: &str) -> Options<'static> {
    let today: jiff::civil::Date = today.parse().expect("a date");
    Options { notice: NoticeChoice::FromDossier, today: Some(today), custom: &[] }
}

/// The findings of type `F` among diagnostics.
fn found<F: Finding>(diagnostics: &[Diagnostic]) -> Vec<(&Diagnostic, &F)> {
    diagnostics.iter().filter_map(|d| d.finding::<F>().map(|f| (d, f))).collect()
}

// ---- batch rules (SB501–SB511) and batch.toml (SB512) ----

/// The cross-dossier diagnostics of a batch over `paths`, checked on `today`.
fn batch(paths: &[PathBuf], today: &str) -> Vec<Diagnostic> {
    let discovery = shenbao::batch::discover(paths);
    let run = shenbao::batch::run(&discovery, &options(today), &|| {});
    run.report.batch.map(|b| b.diagnostics).unwrap_or_default()
}

#[test]
fn a_recommending_units_batch_finds_quotas_names_and_ranking() {
    let all = batch(&[root().join("fixtures/batch/ln-2024-cases")], "2024-03-01");
    let found = found::<BatchFinding>(&all);
    let over: Vec<_> = found.iter().filter(|(d, _)| d.code == Code::QuotaExceeded).collect();
    assert_eq!(over.len(), 2, "{found:#?}");
    let (d, f) = over.iter().find(|(d, _)| d.section.as_deref() == Some("部属高校“大连理工大学”")).expect("dlut");
    let BatchFinding::QuotaExceeded { group, count, max, ranked, over, clause, .. } = f else { panic!("{f:?}") };
    assert_eq!(group, &Group::Unit { kind: "部属高校".into(), name: "大连理工大学".into() });
    assert_eq!((*count, *max, *ranked), (3, 2, Ranked::All));
    assert_eq!(over.len(), 1);
    assert!(over[0].contains("03-dlut-city"), "{over:?}");
    assert!(clause.quote.contains("部属高校限报2项"), "{clause:?}");
    assert_eq!(d.dossiers.len(), 1, "the one to hold back");

    let short: Vec<_> = found.iter().filter(|(_, f)| matches!(f, BatchFinding::QuotaShort { .. })).collect();
    assert!(
        short.iter().any(|(_, f)| matches!(f, BatchFinding::QuotaShort { count: 3, min: 5, group: Group::Unit { kind, name }, .. } if kind == "地区" && name == "大连市")),
        "{short:#?}"
    );
    // The one without a unit type is a company: the 高校 quotas do not count it, so nothing is asked.
    assert!(!found.iter().any(|(_, f)| matches!(f, BatchFinding::QuotaUnknown { .. })), "{found:#?}");
    assert!(found.iter().any(
        |(d, f)| matches!(f, BatchFinding::DuplicateName { name, labels } if name == "现代农业领域——设施农业数据服务" && labels.len() == 2)
            && d.dossiers.len() == 2
    ));
    assert!(found.iter().any(|(_, f)| matches!(f, BatchFinding::PriorityDuplicate { priority: 3, recommender, labels } if recommender == "沈阳市数据局" && labels.len() == 2)));
    let gap = found.iter().find_map(|(_, f)| match f {
        BatchFinding::PriorityGap { recommender, count, missing, unranked, clause, .. } => {
            Some((recommender, count, missing, unranked, clause))
        }
        _ => None,
    });
    let (recommender, count, missing, unranked, clause) = gap.expect("SB510");
    assert_eq!((recommender.as_str(), *count, missing.as_slice(), unranked.len()), ("沈阳市数据局", 6, &[4, 6][..], 1));
    assert!(clause.is_some());
    let same: Vec<_> = found.iter().filter(|(d, _)| d.code == Code::SameFile).collect();
    assert_eq!(same.len(), 2);
    assert!(same
        .iter()
        .all(|(_, f)| matches!(f, BatchFinding::SameFile { places, dossiers: 2, units, .. } if places.len() == 2 && units.is_empty())));
    // Sorted as before: errors first, then by code and the Chinese wording.
    let codes: Vec<&str> = all.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["SB501", "SB501", "SB502", "SB502", "SB504", "SB509", "SB510", "SB508", "SB508"]);
    // One applicant's licence in two of its dossiers is a warning.
    assert!(same.iter().all(|(d, _)| d.severity == shenbao::diag::Severity::Warning));
}

#[test]
fn a_contest_batch_finds_channels_and_teams() {
    let all = batch(&[root().join("fixtures/batch/national-2024-contest")], "2024-09-01");
    let found = found::<BatchFinding>(&all);
    let channel = found.iter().find(|(d, _)| d.code == Code::DuplicateChannel).expect("SB505").1;
    let BatchFinding::DuplicateChannel { channels, labels, clause, .. } = channel else { panic!("{channel:?}") };
    assert_eq!((channels.len(), labels.len()), (2, 2), "{channel:?}");
    assert!(clause.is_some());
    let person = found.iter().find(|(d, _)| d.code == Code::PersonOnTwoTeams).expect("SB506").1;
    let BatchFinding::PersonOnTwoTeams { who, teams, .. } = person else { panic!("{person:?}") };
    assert_eq!(*teams, 2);
    assert!(who.contains('*'), "a contact is masked: {who}");
    assert!(found.iter().any(|(d, f)| d.code == Code::TeamTwoProjects
        && matches!(f, BatchFinding::TeamTwoProjects { labels, .. } if labels.len() == 2)));
    assert_eq!(found.iter().filter(|(d, _)| d.code == Code::QuotaExceeded).count(), 2);
}

#[test]
fn a_batch_of_two_notices_names_both() {
    let paths = [
        root().join("fixtures/batch/ln-2024-cases/01-dlut-supply-chain"),
        root().join("fixtures/cq-2024-cases-2/pass"),
    ];
    let all = batch(&paths, "2024-03-01");
    let (d, f) = *found::<BatchFinding>(&all).iter().find(|(d, _)| d.code == Code::MixedNotices).expect("SB511");
    assert_eq!(
        f,
        &BatchFinding::MixedNotices { notices: vec![("cq-2024-cases-2".into(), 1), ("ln-2024-cases".into(), 1)] }
    );
    assert_eq!(d.dossiers.len(), 2);
}

#[test]
fn an_invalid_batch_toml_is_found_with_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    support::copy_dir(&root().join("fixtures/batch/ln-2024-cases/01-dlut-supply-chain"), &dir.path().join("01"));
    std::fs::write(dir.path().join("batch.toml"), "recomender = \"x\"\ndate = \"2024-03-05\"\n").expect("write");
    let all = batch(&[dir.path().to_owned()], "2024-03-01");
    let found = found::<BatchTomlFinding>(&all);
    assert_eq!(found.len(), 2, "{all:#?}");
    let (d, f) = found[0];
    let BatchTomlFinding::Invalid { file, at, problem, help } = f else { panic!("{f:?}") };
    assert!(file.ends_with("batch.toml"), "{file}");
    assert_eq!(*at, Some((1, 1)));
    assert_eq!(problem.0, "未知的键“recomender”");
    assert_eq!(help.as_ref().map(|h| h.0.as_str()), Some("是否想写 recommender？"));
    assert_eq!((d.code, d.file.as_deref()), (Code::BatchTomlInvalid, Some(file.as_str())));
    assert!(d.text(Lang::En).starts_with(&format!("{file} is invalid and was not used: line 1, column 1: ")));
}

#[test]
fn batch_findings_wording() {
    let c = clause("二（三）", "每个地区推荐案例数量不少于5个");
    let labels: Vec<String> = (1..=10).map(|i| format!("案例{i}（d{i}）")).collect();
    let two = labels[..2].to_vec();
    let unit = Group::Unit { kind: "部属高校".into(), name: "大连理工大学".into() };
    let findings = [
        BatchFinding::QuotaExceeded {
            section: unit.name(),
            group: unit.clone(),
            count: 3,
            max: 2,
            ranked: Ranked::All,
            over: labels[..1].to_vec(),
            clause: c.clone(),
        },
        BatchFinding::QuotaExceeded {
            section: Group::Total.name(),
            group: Group::Total,
            count: 11,
            max: 1,
            ranked: Ranked::None,
            over: labels.clone(),
            clause: c.clone(),
        },
        BatchFinding::QuotaExceeded {
            section: String::new(),
            group: Group::Track { channel: String::new(), track: "数据+金融".into() },
            count: 3,
            max: 1,
            ranked: Ranked::Some,
            over: two.clone(),
            clause: c.clone(),
        },
        BatchFinding::QuotaShort {
            section: String::new(),
            group: Group::Track { channel: "辽宁分赛".into(), track: "数据+金融".into() },
            count: 1,
            min: 2,
            clause: c.clone(),
        },
        BatchFinding::QuotaShort {
            section: String::new(),
            group: Group::Contest { channel: "某某数据大赛".into() },
            count: 3,
            min: 5,
            clause: c.clone(),
        },
        BatchFinding::QuotaUnknown {
            key: FactKey::RegionOrDepartment,
            labels: labels[..1].to_vec(),
            no_toml: false,
            kinds: vec![],
        },
        BatchFinding::QuotaUnknown {
            key: FactKey::UnitType,
            labels: two.clone(),
            no_toml: false,
            kinds: vec!["部属高校".into(), "其他高校".into()],
        },
        BatchFinding::QuotaUnknown {
            key: FactKey::UnitType,
            labels: two.clone(),
            no_toml: true,
            kinds: vec!["部属高校".into(), "其他高校".into()],
        },
        BatchFinding::QuotaUnknown { key: FactKey::Track, labels: two.clone(), no_toml: false, kinds: vec![] },
        BatchFinding::QuotaUnknown { key: FactKey::Track, labels: two.clone(), no_toml: true, kinds: vec![] },
        BatchFinding::DuplicateName { name: "案例".into(), labels: two.clone() },
        BatchFinding::DuplicateChannel {
            name: "案例".into(),
            channels: vec!["辽宁分赛".into(), "行业赛".into()],
            labels: two.clone(),
            clause: Some(c.clone()),
        },
        BatchFinding::PersonOnTwoTeams {
            who: "“张三”（138****1234）".into(),
            teams: 2,
            labels: two.clone(),
            clause: c.clone(),
        },
        BatchFinding::TeamTwoProjects { labels: two.clone(), clause: c.clone() },
        BatchFinding::SameFile {
            name: "申报书.docx".into(),
            places: vec!["d1/申报书.docx".into(), "d2/申报书.docx".into()],
            dossiers: 2,
            units: vec![],
        },
        BatchFinding::SameFile {
            name: "营业执照复印件.jpg".into(),
            places: vec!["d1/营业执照复印件.jpg".into(), "d2/营业执照复印件.jpg".into()],
            dossiers: 2,
            units: vec!["甲科技有限公司".into(), "乙数据有限公司".into()],
        },
        BatchFinding::SummaryBlank { column: "推荐意见".into(), labels: two.clone() },
        BatchFinding::SummaryBlank { column: "联系人".into(), labels: labels[..1].to_vec() },
        BatchFinding::PriorityDuplicate { priority: 3, recommender: "沈阳市数据局".into(), labels: two.clone() },
        BatchFinding::PriorityGap {
            recommender: "沈阳市数据局".into(),
            count: 6,
            missing: vec![4, 6],
            unranked: labels[..1].to_vec(),
            without_toml: 0,
            clause: Some(c.clone()),
        },
        BatchFinding::PriorityGap {
            recommender: "沈阳市数据局".into(),
            count: 3,
            missing: vec![1, 2, 3],
            unranked: two.clone(),
            without_toml: 2,
            clause: Some(c.clone()),
        },
        BatchFinding::PriorityGap {
            recommender: String::new(),
            count: 3,
            missing: vec![],
            unranked: two,
            without_toml: 1,
            clause: None,
        },
        BatchFinding::MixedNotices { notices: vec![("cq-2024-cases-2".into(), 1), ("ln-2024-cases".into(), 2)] },
    ];
    let toml = [
        BatchTomlFinding::Invalid {
            file: "批次/batch.toml".into(),
            at: Some((1, 1)),
            problem: ("未知的键“recomender”".into(), "unknown key `recomender`".into()),
            help: Some(("是否想写 recommender？".into(), "did you mean recommender?".into())),
        },
        BatchTomlFinding::Invalid {
            file: "batch.toml".into(),
            at: None,
            problem: ("无法读取".into(), "cannot be read".into()),
            help: None,
        },
        BatchTomlFinding::Unlisted { file: "batch.toml".into(), unlisted: 3 },
    ];
    assert_eq!(findings[0].section(), Some("部属高校“大连理工大学”"), "a quota's group is its section");
    assert_eq!(Group::Total.name(), "本批合计");
    let mut refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    refs.extend(toml.iter().map(|f| f as &dyn Finding));
    insta::assert_snapshot!(worded(&refs));
}

// ---- pack (SB601–SB603) ----

#[test]
fn a_bundle_name_that_needs_a_missing_key_keeps_the_files_own_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    support::copy_dir(&root().join("fixtures/cq-2024-cases-2/pass"), dir.path());
    let toml = dir.path().join("dossier.toml");
    let text = std::fs::read_to_string(&toml).expect("dossier.toml");
    let without_unit: String = text.lines().filter(|l| !l.starts_with("unit =")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&toml, without_unit).expect("write");
    let checked = check_isolated(dir.path(), "pass", &options("2024-08-10"));
    let (Some(notice), Some(dossier)) = (&checked.notice, &checked.dossier) else { panic!("checked") };
    // The 申报表's 申报单位 stands in for dossier.toml's: no finding, the bundle names carry it.
    let facts = &checked.report.facts;
    assert_eq!(facts.unit.as_deref(), Some("重庆某某科技有限公司"));
    let layout = shenbao::pack::layout(notice, dossier, &checked.assignment, facts);
    assert!(layout.warnings.is_empty(), "{:#?}", layout.warnings);
    assert!(layout.items.iter().any(|i| i.name.contains("-重庆某某科技有限公司-")), "{:#?}", layout.items);
    // Given by neither: each file keeps its own name, and says why.
    let facts = shenbao::report::Facts { unit: None, ..facts.clone() };
    let layout = shenbao::pack::layout(notice, dossier, &checked.assignment, &facts);
    let found = found::<PackFinding>(&layout.warnings);
    assert!(!found.is_empty(), "{:#?}", layout.warnings);
    for (d, f) in &found {
        let PackFinding::NameFallback { file, missing } = f else { panic!("{f:?}") };
        assert_eq!(missing, &["{申报单位}"], "{f:?}");
        assert_eq!((d.code, d.file.as_deref()), (Code::PackNameFallback, Some(file.as_str())));
        // The files keep their own names in the bundle.
        let name = file.rsplit('/').next().unwrap_or(file);
        assert!(layout.items.iter().any(|i| i.name.ends_with(name)), "{name}: {:#?}", layout.items);
    }
}

#[test]
fn a_dossier_with_errors_is_refused_with_its_count() {
    let out = shenbao()
        .args(["pack", "fixtures/ln-2024-cases/over-section", "--today", "2024-02-28", "-o"])
        .arg(tempfile::tempdir().expect("tempdir").path().join("b.zip"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let refused = PackFinding::HasErrors { errors: 1 };
    assert!(stderr.contains(&format!("SB601 错误  {}", refused.message(Lang::Zh))), "{stderr}");
    assert!(stderr.contains(&refused.help(Lang::Zh).expect("help")), "{stderr}");
}

#[test]
fn a_file_larger_than_a_volume_is_refused_in_english_too() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = shenbao()
        .args([
            "--lang",
            "en",
            "pack",
            "fixtures/cq-2024-cases-2/pass",
            "--today",
            "2024-08-10",
            "--split",
            "40K",
            "-o",
        ])
        .arg(tmp.path().join("b.zip"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let help = PackFinding::EntryTooLarge { name: String::new(), size: 0, limit: 0 }.help(Lang::En).expect("help");
    assert!(
        stderr.contains("SB602 error  “") && stderr.contains("alone is over the volume limit of 40 KB"),
        "{stderr}"
    );
    assert!(stderr.contains(&help), "{stderr}");
    assert!(std::fs::read_dir(tmp.path()).expect("dir").next().is_none(), "nothing written");
}

#[test]
fn pack_findings_wording() {
    let findings = [
        PackFinding::Undetermined,
        PackFinding::HasErrors { errors: 1 },
        PackFinding::HasErrors { errors: 3 },
        PackFinding::OverSize { size: 30 << 20, limit: 20 << 20 },
        PackFinding::EntryTooLarge { name: "视频/演示.mp4".into(), size: 30 << 20, limit: 25 << 20 },
        PackFinding::NameFallback {
            file: "申报书.docx".into(), missing: vec!["案例名称".into(), "申报单位".into()]
        },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

// ---- verify (SB611–SB615) ----

/// A zip of `entries` (name, data), deflated, as the zip crate writes it.
fn zip_of(path: &Path, entries: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, data) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).expect("entry");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish");
}

fn sha(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

fn verified(path: &Path) -> Vec<VerifyFinding> {
    let v = shenbao::pack::verify::verify(&[path.to_owned()]).expect("opens");
    found::<VerifyFinding>(&v.diagnostics).into_iter().map(|(_, f)| f.clone()).collect()
}

#[test]
fn a_packed_bundle_is_intact_with_its_entry_count() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = tmp.path().join("b.zip");
    let out = shenbao()
        .args(["pack", "fixtures/cq-2024-cases-2/pass", "--today", "2024-08-10", "-o"])
        .arg(&bundle)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = shenbao::pack::verify::verify(std::slice::from_ref(&bundle)).expect("opens");
    assert!(v.intact);
    assert_eq!(verified(&bundle), [VerifyFinding::Intact { entries: v.intact_entries }]);
    assert!(v.intact_entries > 3);
    // JSON in English is worded in English.
    let out = shenbao().args(["--lang", "en", "verify", "--format", "json"]).arg(&bundle).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let message = json.pointer("/diagnostics/0/message").and_then(|m| m.as_str()).expect("message");
    assert!(message.starts_with("bundle intact: "), "{message}");
}

#[test]
fn entries_that_do_not_match_the_manifest_are_found_by_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = tmp.path().join("b.zip");
    let manifest = format!("{}  a.txt\n{}  b.txt\nnot a line\n", sha(b"other"), sha(b"b"));
    zip_of(
        &bundle,
        &[("a.txt", b"a"), ("c.txt", b"c"), ("C.TXT", b"C"), ("d/", b""), ("manifest-sha256.txt", manifest.as_bytes())],
    );
    let found = verified(&bundle);
    let has = |f: &VerifyFinding| found.contains(f);
    assert!(
        has(&VerifyFinding::HashMismatch {
            name: "a.txt".into(),
            expected: sha(b"other"),
            found: sha(b"a"),
            volume: None
        }),
        "{found:#?}"
    );
    assert!(has(&VerifyFinding::Missing { name: "b.txt".into() }), "{found:#?}");
    assert!(has(&VerifyFinding::NotInManifest { name: "c.txt".into(), volume: None }), "{found:#?}");
    assert!(
        has(&VerifyFinding::CaseCollision { name: "C.TXT".into(), other: "c.txt".into(), volume: None }),
        "{found:#?}"
    );
    assert!(has(&VerifyFinding::ManifestLine { line: "not a line".into() }), "{found:#?}");
    assert!(!found.iter().any(|f| matches!(f, VerifyFinding::Intact { .. })));
}

#[test]
fn a_bundle_without_a_manifest_or_not_a_zip_is_found() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bare = tmp.path().join("bare.zip");
    zip_of(&bare, &[("a.txt", b"a")]);
    assert_eq!(verified(&bare), [VerifyFinding::ManifestMissing]);
    let junk = tmp.path().join("junk.zip");
    std::fs::write(&junk, vec![b'x'; 100]).expect("write");
    assert_eq!(verified(&junk), [VerifyFinding::NotAZip { path: junk.display().to_string(), why: Damage::NotAZip }]);
}

#[test]
fn a_bundle_packed_against_another_rule_file_says_so() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = tmp.path().join("b.zip");
    let report = br#"{"notice": {"id": "ln-2024-cases", "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}}"#;
    let manifest = format!("{}  report.json\n", sha(report));
    zip_of(&bundle, &[("report.json", report), ("manifest-sha256.txt", manifest.as_bytes())]);
    let found = verified(&bundle);
    let changed = found.iter().find(|f| matches!(f, VerifyFinding::RuleFileChanged { .. })).expect("SB614");
    let VerifyFinding::RuleFileChanged { notice, recorded, current } = changed else { unreachable!() };
    assert_eq!((notice.as_str(), recorded.chars().all(|c| c == '0')), ("ln-2024-cases", true));
    assert_eq!(current.len(), 64);
    assert!(found.iter().any(|f| matches!(f, VerifyFinding::Intact { entries: 1 })), "a warning leaves it intact");
}

#[test]
fn verify_findings_wording() {
    let (name, volume) = (String::from("申报书/申报书.docx"), Some(String::from("b.part2.zip")));
    let (a, b) = ("a".repeat(64), "b".repeat(64));
    let damages = [
        Damage::NotAZip,
        Damage::Unreadable(IoProblem::new(IoKind::PermissionDenied, "Permission denied (os error 13)")),
        Damage::Zip64RecordMissing,
        Damage::MultiDisk,
        Damage::DirectoryOutside,
        Damage::DirectoryOverCap { mib: 20, cap: 16 },
        Damage::CountMismatch { recorded: 3, found: 2 },
        Damage::DirectoryDamagedAt(2),
        Damage::DirectoryCutAt(3),
        Damage::Encrypted,
        Damage::NoLocalHeader,
        Damage::LocalNameDiffers("其他.docx".into()),
        Damage::DataPastEnd,
        Damage::StoredSizesDiffer { compressed: 10, size: 12 },
        Damage::Method(12),
        Damage::InflateFailed,
        Damage::SizeMismatch { inflated: 10, recorded: 12 },
        Damage::Crc,
        Damage::OverCap { mib: 4 },
    ];
    let mut findings: Vec<VerifyFinding> =
        damages.into_iter().map(|why| VerifyFinding::EntryDamaged { name: name.clone(), why, volume: None }).collect();
    findings.extend([
        VerifyFinding::NotAZip { path: "b.zip".into(), why: Damage::NotAZip },
        VerifyFinding::ManifestDamaged { volume: volume.clone(), why: Damage::Crc },
        VerifyFinding::ManifestDiffers { path: "out/b.part2.zip".into() },
        VerifyFinding::ManifestLine { line: "xyz".into() },
        VerifyFinding::ReportDamaged { why: Damage::OverCap { mib: 16 } },
        VerifyFinding::NameUndecodable { name: "\u{fffd}.pdf".into(), volume: None },
        VerifyFinding::NameClimbsOut { name: "../x".into(), volume: volume.clone() },
        VerifyFinding::FolderHidesData { name: "d/".into(), bytes: 12, volume: None },
        VerifyFinding::OverBudget { name: name.clone(), size: 3 << 30, left: 300 << 20, volume: None },
        VerifyFinding::PastBudget { name: name.clone(), volume: volume.clone() },
        VerifyFinding::EntryDamaged { name: name.clone(), why: Damage::Crc, volume: volume.clone() },
        VerifyFinding::HashMismatch { name: name.clone(), expected: a.clone(), found: b.clone(), volume: None },
        VerifyFinding::ManifestMissing,
        VerifyFinding::Missing { name: name.clone() },
        VerifyFinding::NotInManifest { name: "x.exe".into(), volume: None },
        VerifyFinding::Twice { name: name.clone(), volume: volume.clone() },
        VerifyFinding::Repeated { name: name.clone(), times: 2, volume: None },
        VerifyFinding::CaseCollision { name: "A.pdf".into(), other: "a.pdf".into(), volume },
        VerifyFinding::RuleFileChanged { notice: "ln-2024-cases".into(), recorded: a, current: b },
        VerifyFinding::Intact { entries: 1 },
        VerifyFinding::Intact { entries: 9 },
    ]);
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}
