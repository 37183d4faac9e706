//! Folders as recommending units receive them: a folder of applicants' folders, Word files and no TOML,
//! is a batch; an empty folder is named and left out; `--batch` and `--single` decide by hand.

mod support;

use serde_json::Value;
use std::path::Path;

/// A folder holding `names` applicants' folders, each with a copy of a passing 申报书, and one empty folder.
fn received(dir: &Path, names: &[&str]) {
    let docx = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass/申报书.docx");
    for name in names {
        std::fs::create_dir_all(dir.join(name)).expect("mkdir");
        std::fs::copy(&docx, dir.join(name).join("申报书.docx")).expect("copy");
    }
    std::fs::create_dir_all(dir.join("空文件夹/附件")).expect("mkdir");
}

fn check_json(args: &[&str]) -> (i32, Value) {
    let out = support::shenbao()
        .args(["check", "--notice", "ln-2024-cases", "--today", "2024-02-28", "--format", "json"])
        .args(args)
        .output()
        .expect("run");
    let json =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), json)
}

#[test]
fn a_folder_of_applicants_folders_is_a_batch_and_says_why() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("收到的材料");
    received(&root, &["单位甲", "单位乙", "单位丙"]);
    let (_, json) = check_json(&[root.to_str().expect("utf-8")]);
    let dossiers = json["dossiers"].as_array().expect("dossiers");
    assert_eq!(dossiers.len(), 3, "{json:#}");
    assert!(dossiers.iter().all(|d| !d["path"].as_str().unwrap_or("").ends_with("空文件夹")));
    let batch = &json["batch"];
    assert_eq!(batch["roots"][0]["recognised_by"]["kind"], "word-files", "{batch:#}");
    assert_eq!(batch["roots"][0]["recognised_by"]["folders"], 3);
    let empty = batch["empty"].as_array().expect("empty folders listed");
    assert_eq!(empty.len(), 1);
    assert!(empty[0].as_str().expect("a path").ends_with("空文件夹"));
    // The 32 "matches nothing" notes of a whole batch read as one dossier are gone.
    let extra = dossiers.iter().flat_map(|d| d["diagnostics"].as_array().cloned().unwrap_or_default());
    assert_eq!(extra.filter(|d| d["code"] == "SB208").count(), 0);

    // The human view says how the root was recognised and names the empty folder on one line.
    let out = support::shenbao()
        .args(["check", "--notice", "ln-2024-cases", "--today", "2024-02-28"])
        .arg(&root)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("按批量目录检查") && text.contains("3 个子文件夹各有 Word 文件"), "{text}");
    assert!(text.contains("空文件夹：文件夹为空，未计入"), "{text}");
    assert!(text.contains("共 3 份材料"), "{text}");
}

#[test]
fn single_and_batch_decide_by_hand() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("收到的材料");
    received(&root, &["单位甲", "单位乙"]);
    let (_, json) = check_json(&["--single", root.to_str().expect("utf-8")]);
    assert_eq!(json["dossiers"].as_array().map(Vec::len), Some(1), "{json:#}");
    assert!(json["batch"].is_null());

    // A dossier whose 申报书 sits at its top is one dossier, whatever its subfolders hold ...
    let docx = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass/申报书.docx");
    std::fs::copy(&docx, root.join("申报书.docx")).expect("copy");
    let (_, json) = check_json(&[root.to_str().expect("utf-8")]);
    assert_eq!(json["dossiers"].as_array().map(Vec::len), Some(1), "{json:#}");
    // ... unless --batch says otherwise.
    let (_, json) = check_json(&["--batch", root.to_str().expect("utf-8")]);
    assert_eq!(json["dossiers"].as_array().map(Vec::len), Some(2), "{json:#}");
    assert_eq!(json["batch"]["roots"][0]["recognised_by"]["kind"], "asked");

    // The two cannot be asked together.
    let out = support::shenbao().args(["check", "--batch", "--single"]).arg(&root).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn one_folder_with_a_word_file_is_not_a_batch() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("材料");
    received(&root, &["单位甲"]);
    let (_, json) = check_json(&[root.join("单位甲").to_str().expect("utf-8")]);
    assert!(json["batch"].is_null(), "{json:#}");
    // One applicant's folder beside an empty one is not a batch either: it takes two.
    let (_, json) = check_json(&[root.to_str().expect("utf-8")]);
    assert!(json["batch"].is_null(), "{json:#}");
}

/// Folders without dossier.toml are spoken of as such: what is missing in the applicant's terms, nothing
/// about keys of a file they do not have, and the 汇总表's blank column named once for all.
#[test]
fn folders_without_dossier_toml_are_told_what_is_missing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("收到的材料");
    received(&root, &["单位甲", "单位乙"]);
    let (_, json) = check_json(&[root.to_str().expect("utf-8")]);
    let batch = json["batch"]["diagnostics"].as_array().expect("batch diagnostics");
    let text = serde_json::to_string(batch).expect("json");
    assert!(!text.contains("dossier.toml 没有"), "no key of a file they do not have: {text}");
    let unknown = batch.iter().find(|d| d["code"] == "SB503").expect("SB503: the 申报单位 is a 高校");
    let message = unknown["message"].as_str().expect("message");
    assert!(
        message.starts_with("2 份材料没有 dossier.toml，申报书也没有说明单位类型（部属高校或其他高校）"),
        "{message}"
    );
    assert!(unknown["help"].as_str().expect("help").contains("新建 dossier.toml"), "{unknown}");
    let gap = batch.iter().find(|d| d["code"] == "SB510").expect("SB510");
    assert!(gap["message"].as_str().expect("message").contains("2 份没有写 priority（都没有 dossier.toml）"), "{gap}");
    let blank: Vec<&Value> = batch.iter().filter(|d| d["code"] == "SB513").collect();
    assert_eq!(blank.len(), 1, "{blank:#?}");
    assert!(blank[0]["message"].as_str().expect("message").contains("“推荐意见”栏为空"));
    // The empty folder brings nothing: no dossier, no deadline note of its own.
    let per_dossier = json["dossiers"].as_array().expect("dossiers");
    assert_eq!(per_dossier.len(), 2);
    for d in per_dossier {
        let deadline = d["diagnostics"]
            .as_array()
            .expect("diags")
            .iter()
            .filter(|x| x["code"].as_str().is_some_and(|c| c.starts_with("SB40")));
        assert!(deadline.count() <= 1, "one deadline note per dossier: {d:#}");
    }
}

/// A copy of a .docx with `from` replaced by `to` in its document.xml.
fn docx_with(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    support::rezip(bytes, |name, data| match name {
        "word/document.xml" => String::from_utf8(data.to_vec()).expect("utf-8").replace(from, to).into_bytes(),
        _ => data.to_vec(),
    })
}

/// Folders as applicants send them, their 申报书 saved again by LibreOffice: a university is asked whether it
/// is a 部属高校 or another 高校 (the quotas differ), a company is asked nothing (the quotas count 高校 only).
#[test]
fn libreoffice_saved_folders_without_toml_are_asked_only_what_their_quota_needs() {
    let Some(soffice) = support::soffice() else {
        eprintln!("skipped: soffice (LibreOffice) is not on PATH");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let original = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass/申报书.docx"))
        .expect("sample");
    let edited = docx_with(&original, "辽宁某某大学", "沈阳某某科技有限公司");
    let drafts = tmp.path().join("drafts");
    let root = tmp.path().join("收到的材料");
    let profile = format!("-env:UserInstallation=file://{}", tmp.path().join("lo-profile").display());
    for (folder, bytes) in [("某某大学", &original), ("某某科技有限公司", &edited)] {
        let draft = drafts.join(folder);
        std::fs::create_dir_all(&draft).expect("mkdir");
        std::fs::write(draft.join("申报书.docx"), bytes).expect("write");
        std::fs::create_dir_all(root.join(folder)).expect("mkdir");
        let out = std::process::Command::new(soffice)
            .args([profile.as_str(), "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
            .arg(root.join(folder))
            .arg(draft.join("申报书.docx"))
            .output()
            .expect("soffice runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (_, json) = check_json(&[root.to_str().expect("utf-8")]);
    let units: Vec<&str> =
        json["dossiers"].as_array().expect("dossiers").iter().filter_map(|d| d["facts"]["unit"].as_str()).collect();
    assert_eq!(units, ["辽宁某某大学", "沈阳某某科技有限公司"], "the 申报单位 read from the re-saved 申报书");
    let batch = json["batch"]["diagnostics"].as_array().expect("batch diagnostics");
    let unknown: Vec<&Value> = batch.iter().filter(|d| d["code"] == "SB503").collect();
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    assert_eq!(unknown[0]["dossiers"].as_array().map(Vec::len), Some(1));
    assert!(unknown[0]["dossiers"][0].as_str().expect("path").ends_with("某某大学"), "{:#}", unknown[0]);
    assert!(unknown[0]["message"].as_str().expect("message").contains("部属高校或其他高校"));
}

/// After the 高校 round has closed, folders that do not say their unit type are warned, not failed: the round
/// may not be theirs.
#[test]
fn a_closed_round_for_another_unit_type_is_a_warning_when_the_type_is_unknown() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("收到的材料");
    received(&root, &["单位甲", "单位乙"]);
    let out = support::shenbao()
        .args(["check", "--notice", "ln-2024-cases", "--today", "2024-03-10", "--format", "json"])
        .arg(&root)
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    for d in json["dossiers"].as_array().expect("dossiers") {
        let passed = d["diagnostics"].as_array().expect("diags").iter().find(|x| x["code"] == "SB401").expect("SB401");
        assert_eq!(passed["severity"], "warning", "{passed:#}");
        assert!(passed["message"].as_str().expect("message").contains("若不是高校则不受此限"), "{passed:#}");
    }
    // A dossier.toml that says 部属高校: the round is its own, and closed.
    let toml = "notice = \"ln-2024-cases\"\nunit_type = \"部属高校\"\n";
    std::fs::write(root.join("单位甲").join("dossier.toml"), toml).expect("write");
    let out = support::shenbao()
        .args(["check", "--today", "2024-03-10", "--format", "json"])
        .arg(root.join("单位甲"))
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = &json["dossiers"][0]["diagnostics"];
    let passed = d.as_array().expect("diags").iter().find(|x| x["code"] == "SB401").expect("SB401");
    assert_eq!(passed["severity"], "error");
}
