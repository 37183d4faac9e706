//! The deadline round of a dossier without dossier.toml, as applicants send them: chosen from what the
//! 申报书 says. ln-2024-cases' only round is for 高校 (set by the 教育厅's letter): a university's dossier is
//! checked against it, a company's is not. Said by the 申报表's unit type, a passed round is an error;
//! guessed from the 申报单位's name (大学/学院), a warning that says it is a guess.

mod support;
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{copy_dir, rezip, shenbao};

/// The ln sample dossier without its dossier.toml, its 申报单位 renamed to `unit`, in `tmp/name`.
fn ln_sample(tmp: &Path, name: &str, unit: &str) -> PathBuf {
    let dir = tmp.join(name);
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass"), &dir);
    std::fs::remove_file(dir.join("dossier.toml")).expect("remove dossier.toml");
    edit_document(&dir, &[("辽宁某某大学", unit)]);
    dir
}

/// Replaces text in the 申报书's document.xml.
fn edit_document(dir: &Path, pairs: &[(&str, &str)]) {
    let path = dir.join("申报书.docx");
    let bytes = std::fs::read(&path).expect("申报书");
    let edited = rezip(&bytes, |name, data| {
        if name != "word/document.xml" {
            return data.to_vec();
        }
        let mut xml = String::from_utf8(data.to_vec()).expect("utf-8");
        for (from, to) in pairs {
            assert!(xml.contains(from), "{from} not in the 申报书");
            xml = xml.replace(from, to);
        }
        xml.into_bytes()
    });
    std::fs::write(&path, edited).expect("write 申报书");
}

/// The JSON report of one dossier checked on `today` (with `--notice` when given).
fn report(dir: &Path, today: &str, notice: Option<&Path>) -> Value {
    let mut cmd = shenbao();
    cmd.arg("check").arg(dir).args(["--format", "json", "--today", today]);
    if let Some(notice) = notice {
        cmd.arg("--notice").arg(notice);
    }
    let out = cmd.output().expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    json["dossiers"][0].clone()
}

fn with_code<'a>(dossier: &'a Value, code: &str) -> Vec<&'a Value> {
    dossier["diagnostics"].as_array().expect("diagnostics").iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn a_university_named_so_is_checked_against_the_universities_round_as_a_guess() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = ln_sample(tmp.path(), "大学", "辽宁某某大学");
    // Three days after the 高校 round closed.
    let after = report(&dir, "2024-03-10", None);
    assert_eq!(after["notice"], "ln-2024-cases");
    let deadline = &after["deadline"];
    assert_eq!(deadline["round"], "高校（经省教育厅）");
    assert_eq!(deadline["days_left"], -3);
    assert_eq!(deadline["chosen_by"], "unit_name");
    let passed = with_code(&after, "SB401");
    assert_eq!(passed.len(), 1, "{after}");
    assert_eq!(passed[0]["severity"], "warning", "a round chosen by a guess is never an error");
    let message = passed[0]["message"].as_str().expect("message");
    assert!(message.contains("“辽宁某某大学”从名称看是高校") && message.contains("按名称推断"), "{message}");
    assert!(passed[0]["help"].as_str().expect("help").contains("unit_type"));
    assert_eq!(after["passed"], true);
    // Six days before: the same round, still open.
    let before = report(&dir, "2024-03-01", None);
    assert_eq!(before["deadline"]["round"], "高校（经省教育厅）");
    assert_eq!(before["deadline"]["days_left"], 6);
    assert!(with_code(&before, "SB401").is_empty(), "{before}");
}

#[test]
fn a_company_has_no_deadline_in_a_notice_whose_only_round_is_for_universities() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = ln_sample(tmp.path(), "企业", "辽宁某某科技有限公司");
    for today in ["2024-03-01", "2024-03-10"] {
        let dossier = report(&dir, today, None);
        assert_eq!(dossier["notice"], "ln-2024-cases");
        assert!(dossier["deadline"].is_null(), "{today}: {}", dossier["deadline"]);
        assert!(with_code(&dossier, "SB401").is_empty(), "{today}: {dossier}");
        let round = with_code(&dossier, "SB403");
        assert_eq!(round.len(), 1, "{dossier}");
        assert_eq!(round[0]["severity"], "info");
        let message = round[0]["message"].as_str().expect("message");
        assert!(
            message.contains("“辽宁某某科技有限公司”从名称看不是高校（按名称推断）")
                && message.contains("“高校（经省教育厅）”（2024-03-07）"),
            "{message}"
        );
    }
}

#[test]
fn a_unit_type_in_dossier_toml_still_decides_and_a_passed_round_is_an_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // The sample as it is: its dossier.toml says unit_type = "其他高校".
    let dir = tmp.path().join("toml");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass"), &dir);
    let dossier = report(&dir, "2024-03-10", None);
    assert_eq!(dossier["deadline"]["round"], "高校（经省教育厅）");
    assert!(dossier["deadline"].get("chosen_by").is_none(), "{}", dossier["deadline"]);
    let passed = with_code(&dossier, "SB401");
    assert_eq!(passed.len(), 1, "{dossier}");
    assert_eq!(passed[0]["severity"], "error");
    assert_eq!(dossier["passed"], false);
}

/// A rule file like ln-2024-cases with a second round for every applicant (2024-03-20) and, when `form`,
/// a 单位类型 field in the 申报表 (in place of 通讯地址) reading from the notice's unit types.
fn two_rounds(tmp: &Path, form: bool) -> PathBuf {
    let rules = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/ln-2024-cases.toml"))
        .expect("rule file");
    let round = "    { name = \"高校（经省教育厅）\", date = 2024-03-07";
    assert!(rules.contains(round));
    let everyone = "    { name = \"其他申报单位\", date = 2024-03-20, clause = { ref = \"二（二）\", quote = \"报送至推荐单位\" } },\n";
    let mut rules = rules.replacen(round, &format!("{everyone}{round}"), 1);
    if form {
        let field = "    { label = \"通讯地址\" },";
        assert!(rules.contains(field));
        rules = rules.replacen(field, "    { label = \"单位类型\", list = \"unit_types\" },", 1);
    }
    let path = tmp.join(if form { "form.toml" } else { "two.toml" });
    std::fs::write(&path, rules).expect("write rule file");
    path
}

#[test]
fn between_two_rounds_a_university_has_passed_its_own_and_a_company_has_not() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let notice = two_rounds(tmp.path(), false);
    let university = ln_sample(tmp.path(), "大学", "辽宁某某学院");
    let company = ln_sample(tmp.path(), "企业", "辽宁某某科技有限公司");

    let uni = report(&university, "2024-03-10", Some(&notice));
    assert_eq!(uni["deadline"]["round"], "高校（经省教育厅）", "its own round, not the later one for everyone");
    assert_eq!(uni["deadline"]["days_left"], -3);
    assert_eq!(uni["deadline"]["chosen_by"], "unit_name");
    let passed = with_code(&uni, "SB401");
    assert_eq!(passed.len(), 1, "{uni}");
    assert_eq!(passed[0]["severity"], "warning");

    let firm = report(&company, "2024-03-10", Some(&notice));
    assert_eq!(firm["deadline"]["round"], "其他申报单位");
    assert_eq!(firm["deadline"]["days_left"], 10);
    assert_eq!(firm["deadline"]["chosen_by"], "unit_name");
    assert!(with_code(&firm, "SB401").is_empty(), "{firm}");

    // After both: the company's round has passed too, still a warning since it rests on the name.
    let late = report(&company, "2024-03-25", Some(&notice));
    assert_eq!(late["deadline"]["round"], "其他申报单位");
    let passed = with_code(&late, "SB401");
    assert_eq!(passed.len(), 1, "{late}");
    assert_eq!(passed[0]["severity"], "warning");
    let message = passed[0]["message"].as_str().expect("message");
    assert!(message.contains("从名称看不是高校") && message.contains("按名称推断"), "{message}");
}

#[test]
fn the_unit_type_the_form_gives_beats_the_name_and_a_passed_round_is_an_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let notice = two_rounds(tmp.path(), true);
    // A name that reads as a company's, a 申报表 that says 其他高校: the form is a fact, the name a guess.
    let dir = ln_sample(tmp.path(), "表", "辽宁某某科技有限公司");
    edit_document(&dir, &[("通讯地址", "单位类型"), ("辽宁省沈阳市皇姑区某某路1号", "其他高校")]);
    let dossier = report(&dir, "2024-03-10", Some(&notice));
    assert_eq!(dossier["deadline"]["round"], "高校（经省教育厅）");
    assert_eq!(dossier["deadline"]["chosen_by"], "form");
    assert_eq!(dossier["facts"]["unit_type"], "其他高校");
    let passed = with_code(&dossier, "SB401");
    assert_eq!(passed.len(), 1, "{dossier}");
    assert_eq!(passed[0]["severity"], "error");
    assert_eq!(dossier["passed"], false);
}

#[test]
fn a_libreoffice_resave_is_read_the_same() {
    let Some(soffice) = support::soffice() else {
        eprintln!("skipped: soffice (LibreOffice) is not on PATH");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = ln_sample(tmp.path(), "企业", "辽宁某某科技有限公司");
    let out_dir = tmp.path().join("resaved");
    let status = std::process::Command::new(soffice)
        .args(["--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out_dir)
        .arg(dir.join("申报书.docx"))
        .env("HOME", tmp.path())
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    std::fs::copy(out_dir.join("申报书.docx"), dir.join("申报书.docx")).expect("copy back");
    let dossier = report(&dir, "2024-03-10", Some(Path::new("ln-2024-cases")));
    assert!(dossier["deadline"].is_null(), "{}", dossier["deadline"]);
    let round = with_code(&dossier, "SB403");
    assert!(round[0]["message"].as_str().expect("message").contains("辽宁某某科技有限公司"), "{dossier}");
}
