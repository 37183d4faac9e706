//! The cross-dossier rules as a recommending unit meets them, on copies of the sample batches edited the
//! way applicants write: one person's phone typed differently in two teams, a name with another dash, a
//! licence of one company in another's folder, a 推荐意见 left out, a field that is not the name's.

mod support;

use serde_json::Value;
use std::path::Path;
use support::{copy_dir, shenbao};

fn copy_of(batch: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch").join(batch), &dir.path().join(batch));
    dir
}

/// Edits one dossier's dossier.toml.
fn edit(dossier: &Path, change: impl Fn(String) -> String) {
    let toml = dossier.join("dossier.toml");
    std::fs::write(&toml, change(std::fs::read_to_string(&toml).expect("dossier.toml"))).expect("write");
}

fn check_json(root: &Path, today: &str) -> Value {
    let out = shenbao().arg("check").arg(root).args(["--today", today, "--format", "json"]).output().expect("runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The batch diagnostics with `code`: (severity, message, the dossiers' folder names).
fn batch_found(json: &Value, code: &str) -> Vec<(String, String, Vec<String>)> {
    let all = json["batch"]["diagnostics"].as_array().expect("batch diagnostics");
    all.iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let folders = d["dossiers"].as_array().expect("dossiers").iter();
            let folders = folders.map(|p| p.as_str().expect("path").rsplit('/').next().expect("name").to_owned());
            (
                d["severity"].as_str().expect("sev").to_owned(),
                d["message"].as_str().expect("msg").to_owned(),
                folders.collect(),
            )
        })
        .collect()
}

/// The codes of one dossier's own diagnostics.
fn own_codes(json: &Value, folder: &str) -> Vec<String> {
    let dossiers = json["dossiers"].as_array().expect("dossiers");
    let d = dossiers.iter().find(|d| d["path"].as_str().is_some_and(|p| p.ends_with(folder))).expect("the dossier");
    d["diagnostics"].as_array().expect("diags").iter().map(|x| x["code"].as_str().expect("code").to_owned()).collect()
}

/// The 汇总表 written as .csv: its rows as cells, BOM dropped.
fn summary_csv(root: &Path, out: &Path) -> (String, Vec<Vec<String>>) {
    let file = out.join("汇总表.csv");
    let output =
        shenbao().arg("summary").arg(root).args(["--today", "2024-03-01", "-o"]).arg(&file).output().expect("runs");
    let text = std::fs::read_to_string(&file).expect("written");
    let rows = text.trim_start_matches('\u{feff}').lines().map(|l| l.split(',').map(str::to_owned).collect()).collect();
    (String::from_utf8_lossy(&output.stderr).into_owned(), rows)
}

#[test]
fn one_person_is_known_however_the_phone_is_written() {
    let tmp = copy_of("national-2024-contest");
    let root = tmp.path().join("national-2024-contest");
    // 孙三 of team A (13800000003) again on team D, with +86 and full-width digits; 韩十四 of team E on
    // team D by ID number, lower-case x in one and full-width in the other; a phone no one can read.
    edit(&root.join("05-quality-inspection"), |t| {
        t + "\n[[team]]\nname = \"孙三\"\nphone = \"+86 １３８-００００-０００３\"\n"
            + "\n[[team]]\nname = \"韩十四\"\nid_number = \"21010219900101123x\"\n"
            + "\n[[team]]\nname = \"周五\"\nphone = \"2345678\"\n"
    });
    edit(&root.join("06-medical-imaging"), |t| t + "id_number = \"２１０１０２１９９００１０１１２３Ｘ\"\n");
    let json = check_json(&root, "2024-09-01");
    let people = batch_found(&json, "SB506");
    let sun = people.iter().find(|(_, m, _)| m.contains("孙三")).unwrap_or_else(|| panic!("{people:#?}"));
    assert_eq!(sun.2, ["01-inclusive-finance", "04-inclusive-finance-again", "05-quality-inspection"], "{sun:?}");
    assert!(sun.1.contains("138****0003"), "masked as read, not as typed: {}", sun.1);
    let han = people.iter().find(|(_, m, _)| m.contains("韩十四")).unwrap_or_else(|| panic!("{people:#?}"));
    assert_eq!(han.2, ["05-quality-inspection", "06-medical-imaging"]);
    // The unreadable phone is said, in that dossier, not dropped.
    assert!(own_codes(&json, "05-quality-inspection").contains(&"SB010".to_owned()));
    let text = json.to_string();
    assert!(text.contains("参赛代表“周五”的电话“234**78”无法识别，无法核对其是否同时在其他团队"), "{text}");
}

#[test]
fn a_person_listed_twice_is_one_person_not_a_team_too_large() {
    let tmp = copy_of("national-2024-contest");
    let root = tmp.path().join("national-2024-contest");
    // Team D has two people; 蒋十二 listed again, with the phone written another way.
    edit(&root.join("05-quality-inspection"), |t| t + "\n[[team]]\nname = \"蒋十二\"\nphone = \"136 0000 0001\"\n");
    let json = check_json(&root, "2024-09-01");
    let codes = own_codes(&json, "05-quality-inspection");
    assert!(codes.contains(&"SB009".to_owned()) && !codes.contains(&"SB007".to_owned()), "{codes:?}");
    assert!(json.to_string().contains("参赛代表“蒋十二”在 team 中列了 2 次"));
    let dossiers = json["dossiers"].as_array().expect("dossiers");
    assert_eq!(dossiers[4]["facts"]["team_size"], 2);
    assert!(batch_found(&json, "SB506").iter().all(|(_, m, _)| !m.contains("蒋十二")), "one team, not two");
}

#[test]
fn another_companys_licence_is_an_error_and_marks_both_rows() {
    let tmp = copy_of("ln-2024-cases");
    let root = tmp.path().join("ln-2024-cases");
    let licence = "事业单位法人证书复印件.jpg";
    // 沈阳某某学院's folder holds 大连理工大学's certificate; 大连理工大学's two dossiers share theirs.
    std::fs::copy(root.join("01-dlut-supply-chain").join(licence), root.join("04-sy-college-farm").join(licence))
        .expect("copy");
    std::fs::copy(root.join("01-dlut-supply-chain").join(licence), root.join("03-dlut-city").join(licence))
        .expect("copy");
    let json = check_json(&root, "2024-03-01");
    let same = batch_found(&json, "SB508");
    let licence_group = same.iter().find(|(_, m, _)| m.contains(licence) && m.contains("04-sy")).expect("the licence");
    assert_eq!(licence_group.0, "error", "{licence_group:?}");
    assert!(licence_group.1.contains("不同申报单位（大连理工大学、沈阳某某学院）"), "{}", licence_group.1);
    let help = json["batch"]["diagnostics"]
        .as_array()
        .expect("diags")
        .iter()
        .find(|d| d["code"] == "SB508" && d["severity"] == "error")
        .expect("SB508")["help"]
        .clone();
    assert!(!help.as_str().expect("help").contains("同一单位的证照可以相同"), "{help}");

    let out = tempfile::tempdir().expect("tempdir");
    let (_, rows) = summary_csv(&root, out.path());
    let row = |case: &str| rows.iter().find(|r| r.get(2).is_some_and(|c| c.contains(case))).expect("row").clone();
    // 01 passes on its own and within its quota: marked only for the shared certificate.
    assert!(row("装备制造供应链").last().expect("note").contains("SB508"), "{rows:#?}");
}

#[test]
fn one_companys_licence_twice_is_a_warning_its_row_to_check() {
    let tmp = copy_of("ln-2024-cases");
    let root = tmp.path().join("ln-2024-cases");
    let licence = "事业单位法人证书复印件.jpg";
    std::fs::copy(root.join("01-dlut-supply-chain").join(licence), root.join("02-dlut-medical").join(licence))
        .expect("copy");
    let json = check_json(&root, "2024-03-01");
    let same = batch_found(&json, "SB508");
    let group = same.iter().find(|(_, _, d)| d.contains(&"01-dlut-supply-chain".to_owned())).expect("01 and 02");
    assert_eq!(group.0, "warning");
    let out = tempfile::tempdir().expect("tempdir");
    let (stderr, rows) = summary_csv(&root, out.path());
    let first = rows.iter().find(|r| r.first().is_some_and(|c| c == "1")).expect("row 1");
    assert_eq!(first.last().map(String::as_str), Some("请核对：SB508"), "{rows:#?}");
    assert!(stderr.contains("1 行请核对"), "{stderr}");
}

#[test]
fn blank_and_inconsistent_table_contents_are_warned() {
    let tmp = copy_of("ln-2024-cases");
    let root = tmp.path().join("ln-2024-cases");
    // No 推荐意见; a field that is not the name's; the copy's name with a single dash.
    edit(&root.join("01-dlut-supply-chain"), |t| {
        t.replace("recommendation = \"同意推荐\"\n", "").replace("field = \"工业制造\"", "field = \"医疗健康\"")
    });
    edit(&root.join("05-sy-college-farm-copy"), |t| t.replace("现代农业领域——设施", "现代农业领域—设施"));
    let json = check_json(&root, "2024-03-01");
    let blank = batch_found(&json, "SB513");
    assert_eq!(blank.len(), 1, "{blank:#?}");
    assert_eq!(blank[0].0, "warning");
    assert!(blank[0].1.contains("“推荐意见”栏为空"), "{}", blank[0].1);
    assert_eq!(blank[0].2, ["01-dlut-supply-chain"]);
    let codes = own_codes(&json, "01-dlut-supply-chain");
    assert!(codes.contains(&"SB717".to_owned()), "{codes:?}");
    let dup = batch_found(&json, "SB504");
    assert_eq!(dup[0].2, ["04-sy-college-farm", "05-sy-college-farm-copy"], "— and —— are one name");
    assert!(!own_codes(&json, "05-sy-college-farm-copy").contains(&"SB006".to_owned()), "nor differ from the 申报书");

    let out = tempfile::tempdir().expect("tempdir");
    let (_, rows) = summary_csv(&root, out.path());
    let first = rows.iter().find(|r| r.first().is_some_and(|c| c == "1")).expect("row 1");
    assert_eq!(first[4], "", "the blank 推荐意见");
    assert_eq!(first.last().map(String::as_str), Some("请核对：SB513、SB717"), "{first:?}");
}

/// An applicant's own folders checked together (no recommending unit named, each with its dossier.toml) are
/// not a 汇总表 to fill in: no SB513 for the 推荐意见 only a recommending unit writes.
#[test]
fn an_applicants_own_dossiers_are_not_asked_for_the_tables_columns() {
    let tmp = copy_of("ln-2024-cases");
    let root = tmp.path().join("ln-2024-cases");
    std::fs::remove_file(root.join("batch.toml")).expect("rm batch.toml");
    for d in ["01-dlut-supply-chain", "02-dlut-medical"] {
        edit(&root.join(d), |t| t.replace("recommendation = \"同意推荐\"\n", ""));
    }
    let out = shenbao()
        .arg("check")
        .arg(root.join("01-dlut-supply-chain"))
        .arg(root.join("02-dlut-medical"))
        .args(["--today", "2024-03-01", "--format", "json"])
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(batch_found(&json, "SB513").is_empty(), "{:#}", json["batch"]);
    // With the recommending unit's batch.toml back, the same blanks are named.
    std::fs::write(root.join("batch.toml"), "recommender = \"沈阳市数据局\"\n").expect("write");
    let json = check_json(&root, "2024-03-01");
    assert_eq!(batch_found(&json, "SB513")[0].2, ["01-dlut-supply-chain", "02-dlut-medical"]);
}

/// In the .xlsx a row only to be checked is explained in the last column and counted apart from the failing.
#[test]
fn rows_to_check_are_explained_in_the_xlsx() {
    use calamine::{open_workbook, Reader, Xlsx};
    let tmp = copy_of("ln-2024-cases");
    let root = tmp.path().join("ln-2024-cases");
    edit(&root.join("01-dlut-supply-chain"), |t| t.replace("recommendation = \"同意推荐\"\n", ""));
    let file = tmp.path().join("汇总表.xlsx");
    let output =
        shenbao().arg("summary").arg(&root).args(["--today", "2024-03-01", "-o"]).arg(&file).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("5 行有错误已标红，1 行请核对（见最后一列）"), "{stderr}");
    let mut book: Xlsx<_> = open_workbook(&file).expect("xlsx");
    let range = book.worksheet_range("汇总表").expect("sheet");
    let first: Vec<String> = range.rows().nth(2).expect("row 1").iter().map(ToString::to_string).collect();
    assert_eq!(first.last().map(String::as_str), Some("请核对：SB513"), "{first:?}");
}

/// The same in .docx: only the five failing rows are shaded (every cell of them), not the row to check.
#[test]
fn rows_to_check_are_not_shaded_in_the_docx() {
    let tmp = copy_of("ln-2024-cases");
    let root = tmp.path().join("ln-2024-cases");
    edit(&root.join("01-dlut-supply-chain"), |t| t.replace("recommendation = \"同意推荐\"\n", ""));
    let file = tmp.path().join("汇总表.docx");
    shenbao().arg("summary").arg(&root).args(["--today", "2024-03-01", "-o"]).arg(&file).output().expect("runs");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).expect("written")).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").expect("document.xml"), &mut xml)
        .expect("read");
    assert!(xml.contains("请核对：SB513"), "the row to check is explained");
    // 6 columns: the notice's 5 and 检查结果.
    assert_eq!(xml.matches("FFC7CE").count(), 5 * 6);
}
