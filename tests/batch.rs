//! Batch mode as a recommending unit meets it: a root folder of dossiers, checked together, with the
//! cross-dossier rules (quotas, duplicates, ranking) reported in the `batch` object.

use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;
use std::path::Path;
mod support;
use support::{copy_dir, shenbao};

/// Runs `check --format json`; returns (exit code, JSON, stderr).
fn check_json(args: &[&str]) -> (i32, Value, String) {
    let output = shenbao().arg("check").args(args).args(["--format", "json"]).output().expect("runs");
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON on stdout ({e}): {}", String::from_utf8_lossy(&output.stdout)));
    (output.status.code().expect("exit code"), json, String::from_utf8_lossy(&output.stderr).into_owned())
}

fn snapshot(name: &str, json: &Value) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_json_snapshot!(name, json, { ".version" => "[version]" });
    });
}

/// The batch findings as (code, [dossier folder names]) in report order.
fn batch_findings(json: &Value) -> Vec<(String, Vec<String>)> {
    json["batch"]["diagnostics"]
        .as_array()
        .expect("batch diagnostics")
        .iter()
        .map(|d| {
            let dossiers = d["dossiers"]
                .as_array()
                .map(|a| {
                    a.iter().map(|p| p.as_str().expect("path").rsplit('/').next().expect("name").to_owned()).collect()
                })
                .unwrap_or_default();
            (d["code"].as_str().expect("code").to_owned(), dossiers)
        })
        .collect()
}

fn find<'a>(json: &'a Value, code: &str, containing: &str) -> &'a Value {
    json["batch"]["diagnostics"]
        .as_array()
        .expect("batch diagnostics")
        .iter()
        .find(|d| d["code"] == code && d["message"].as_str().is_some_and(|m| m.contains(containing)))
        .unwrap_or_else(|| panic!("no {code} mentioning {containing}: {:#}", json["batch"]))
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn ln_batch_snapshot_and_findings() {
    let (code, json, stderr) = check_json(&["fixtures/batch/ln-2024-cases", "--today", "2024-03-01"]);
    assert_eq!(code, 1, "batch errors fail the run");
    assert!(stderr.is_empty(), "no progress bar when stderr is not a terminal: {stderr}");
    snapshot("batch__ln-2024-cases", &json);

    assert_eq!(json["summary"]["dossiers"], 6, "every dossier is reported, the broken one too");
    assert_eq!(json["batch"]["recommender"], "沈阳市数据局");
    assert_eq!(json["batch"]["passed"], false);
    let found = batch_findings(&json);
    let expect = |code: &str, dossiers: &[&str]| {
        assert!(
            found.contains(&(code.to_owned(), names(dossiers))),
            "expected {code} naming {dossiers:?} in {found:#?}"
        );
    };
    // 部属高校 限报2项: three from 大连理工大学, the third by priority is over.
    expect("SB501", &["03-dlut-city"]);
    assert!(find(&json, "SB501", "大连理工大学")["message"].as_str().expect("msg").ends_with("03-dlut-city）"));
    // 其他高校 限报1项, and the same case twice.
    expect("SB501", &["05-sy-college-farm-copy"]);
    expect("SB504", &["04-sy-college-farm", "05-sy-college-farm-copy"]);
    // 每个地区不少于5个: 大连市 (given per dossier) and the batch's own 沈阳市数据局 each have 3.
    expect("SB502", &["01-dlut-supply-chain", "02-dlut-medical", "03-dlut-city"]);
    expect("SB502", &["04-sy-college-farm", "05-sy-college-farm-copy", "06-broken-word"]);
    // Ranking: priority 3 twice; 4 and 6 missing, 06 unranked.
    expect("SB509", &["03-dlut-city", "04-sy-college-farm"]);
    expect("SB510", &["06-broken-word"]);
    assert!(find(&json, "SB510", "缺少 4、6").is_object());
    // The broken dossier has no unit type, but it is a company: the 高校 quotas do not count it.
    assert!(!found.iter().any(|(code, _)| code == "SB503"), "{found:#?}");
    // The copied case shares its licence scan and its Word file byte for byte.
    expect("SB508", &["04-sy-college-farm", "05-sy-college-farm-copy"]);

    // The broken Word file is that dossier's own error; 02's name that differs from its 申报表 is its own
    // error too; the others still pass on their own.
    let dossiers = json["dossiers"].as_array().expect("dossiers");
    let broken = dossiers.iter().find(|d| d["path"].as_str().expect("path").ends_with("06-broken-word")).expect("06");
    assert!(broken["diagnostics"].as_array().expect("diags").iter().any(|d| d["code"] == "SB205"));
    assert_eq!(dossiers.iter().filter(|d| d["passed"] == true).count(), 4);
    let medical = &dossiers[1];
    assert_eq!(medical["passed"], false);
    assert!(medical["diagnostics"].as_array().expect("diags").iter().any(|d| d["code"] == "SB006"
        && d["severity"] == "error"
        && d["message"].as_str().expect("msg").contains("区域医疗数据共享平台")));
}

#[test]
fn contest_batch_snapshot_and_findings() {
    let (code, json, _) = check_json(&["fixtures/batch/national-2024-contest", "--today", "2024-09-01"]);
    assert_eq!(code, 1);
    snapshot("batch__national-2024-contest", &json);
    let found = batch_findings(&json);
    let expect = |code: &str, dossiers: &[&str]| {
        assert!(
            found.contains(&(code.to_owned(), names(dossiers))),
            "expected {code} naming {dossiers:?} in {found:#?}"
        );
    };
    // 地方分赛每个赛道不超过2个.
    expect("SB501", &["03-insurance"]);
    // 每个赛事推荐优秀项目不超过2个.
    expect("SB501", &["06-medical-imaging"]);
    // The same project through the 分赛 and another contest, by the same team.
    expect("SB505", &["01-inclusive-finance", "04-inclusive-finance-again"]);
    expect("SB507", &["01-inclusive-finance", "04-inclusive-finance-again"]);
    // 钱二 (same phone, written differently) is also on team C.
    expect("SB506", &["01-inclusive-finance", "03-insurance", "04-inclusive-finance-again"]);
    let person = find(&json, "SB506", "钱二");
    assert!(person["message"].as_str().expect("msg").contains("138****0002"), "phones are masked");
    assert!(!json.to_string().contains("13800000002"), "no full phone number anywhere in the report");
    // A team of six is that dossier's own error.
    let dossiers = json["dossiers"].as_array().expect("dossiers");
    assert!(dossiers[1]["diagnostics"].as_array().expect("diags").iter().any(|d| d["code"] == "SB007"));
    assert_eq!(dossiers[1]["facts"]["team_size"], 6);
}

#[test]
fn english_batch_messages() {
    let output = shenbao()
        .args(["--lang", "en", "check", "fixtures/batch/national-2024-contest", "--today", "2024-09-01"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Across the batch (quotas, duplicates, ranking)"), "{text}");
    assert!(text.contains("representative “钱二”（138****0002） appears in 3 dossiers of 2 different teams"), "{text}");
    assert!(text.contains("tightest margin"));
}

#[test]
fn human_batch_report_ends_with_a_table_by_priority() {
    let output =
        shenbao().args(["check", "fixtures/batch/ln-2024-cases", "--today", "2024-03-01"]).output().expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let table_start = text.find("优先级  名称").expect("summary table");
    let rows: Vec<&str> = text[table_start..].lines().skip(1).take(6).collect();
    let first_cols: Vec<&str> = rows.iter().map(|r| r.split_whitespace().next().expect("rank")).collect();
    assert_eq!(first_cols, ["1", "2", "3", "3", "5", "-"], "{rows:#?}");
    assert!(rows[5].contains("未通过"));
    assert!(rows[0].contains("+20 问题描述"), "the tightest section margin: {}", rows[0]);
    assert!(text.contains("共 6 份材料：1 份通过，3 份批量有误，2 份未通过"), "as the table counts them: {text}");
    // A dossier that passed takes one line, naming its warnings' codes.
    assert!(text.contains("01-dlut-supply-chain  通过（警告 1 个：SB402）"), "{text}");
}

#[test]
fn several_folders_on_the_command_line_are_a_batch() {
    let (code, json, _) = check_json(&[
        "fixtures/batch/ln-2024-cases/04-sy-college-farm",
        "fixtures/batch/ln-2024-cases/05-sy-college-farm-copy",
        "--today",
        "2024-03-01",
    ]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["dossiers"], 2);
    let found = batch_findings(&json);
    assert!(found.iter().any(|(c, _)| c == "SB504"), "{found:?}");
    // A lone dossier has no batch object.
    let (_, single, _) = check_json(&["fixtures/ln-2024-cases/pass", "--today", "2024-02-28"]);
    assert!(single.get("batch").is_none());
}

#[test]
fn the_total_quota_of_fifteen_names_the_sixteenth() {
    let root = tempfile::tempdir().expect("tempdir");
    let pass = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/pass");
    let toml = std::fs::read_to_string(pass.join("dossier.toml")).expect("toml");
    for i in 1..=16 {
        let dir = root.path().join(format!("case-{i:02}"));
        copy_dir(&pass, &dir);
        let edited = toml.replace("priority = 1", &format!("priority = {i}"));
        std::fs::write(dir.join("dossier.toml"), edited).expect("write");
    }
    let root_arg = root.path().to_str().expect("utf-8 path");
    let (code, json, _) = check_json(&[root_arg, "--today", "2024-08-10"]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["dossiers"], 16);
    let total = find(&json, "SB501", "16 份");
    assert!(total["message"].as_str().expect("msg").contains("超过 15 份"));
    assert!(total["message"].as_str().expect("msg").ends_with("case-16）"), "{total:#}");
    assert_eq!(total["dossiers"].as_array().expect("dossiers").len(), 1, "only the one over the quota is named");
    // Sixteen copies of one case: one name, the same files.
    assert!(batch_findings(&json).iter().any(|(c, d)| c == "SB504" && d.len() == 16));
    assert!(batch_findings(&json).iter().any(|(c, d)| c == "SB508" && d.len() == 16));
    assert!(!batch_findings(&json).iter().any(|(c, _)| c == "SB509" || c == "SB510"), "ranked 1 to 16");
}

#[test]
fn batch_toml_gives_the_notice_and_a_bad_one_is_reported() {
    let root = tempfile::tempdir().expect("tempdir");
    let pass = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass");
    for name in ["a", "b"] {
        let dir = root.path().join(name);
        copy_dir(&pass, &dir);
        std::fs::remove_file(dir.join("dossier.toml")).expect("rm");
    }
    std::fs::write(root.path().join("batch.toml"), "notice = \"ln-2024-cases\"\n").expect("write");
    let root_arg = root.path().to_str().expect("utf-8 path");
    let (_, json, _) = check_json(&[root_arg, "--today", "2024-02-28"]);
    assert_eq!(json["summary"]["dossiers"], 2, "a batch.toml makes the folder a batch root");
    for d in json["dossiers"].as_array().expect("dossiers") {
        assert_eq!(d["notice"], "ln-2024-cases", "the notice comes from batch.toml");
    }

    std::fs::write(root.path().join("batch.toml"), "notice = \"ln-2024-cases\"\nrecomender = \"x\"\n").expect("write");
    let (code, json, _) = check_json(&[root_arg, "--today", "2024-02-28"]);
    assert_eq!(code, 1);
    assert!(batch_findings(&json).iter().any(|(c, _)| c == "SB512"), "{:#}", json["batch"]);
}

#[test]
fn each_batch_root_reads_its_own_batch_toml() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let roots = [
        ("沈阳", "ln-2024-cases", "沈阳市数据局", &["a", "b"][..]),
        ("重庆", "cq-2024-cases-2", "重庆市大数据发展局", &["c"][..]),
    ];
    for (root, notice, recommender, dossiers) in roots {
        let dir = tmp.path().join(root);
        for name in dossiers {
            copy_dir(&fixtures.join(notice).join("pass"), &dir.join(name));
            std::fs::remove_file(dir.join(name).join("dossier.toml")).expect("rm");
        }
        let toml = format!("notice = \"{notice}\"\nrecommender = \"{recommender}\"\nrecommender_kind = \"地区\"\n");
        std::fs::write(dir.join("batch.toml"), toml).expect("write");
    }
    let arg = |root: &str| tmp.path().join(root).to_str().expect("utf-8 path").to_owned();
    let (_, json, _) = check_json(&[&arg("沈阳"), &arg("重庆"), "--today", "2024-02-28"]);
    let seen: Vec<(String, String, String)> = json["dossiers"]
        .as_array()
        .expect("dossiers")
        .iter()
        .map(|d| {
            let path = d["path"].as_str().expect("path");
            let root = path.rsplit('/').nth(1).expect("root").to_owned();
            let notice = d["notice"].as_str().expect("notice").to_owned();
            (root, notice, d["facts"]["recommender"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    // The second root's dossiers answer its own notice and recommending unit, not the first root's.
    assert_eq!(
        seen,
        [
            ("沈阳".to_owned(), "ln-2024-cases".to_owned(), "沈阳市数据局".to_owned()),
            ("沈阳".to_owned(), "ln-2024-cases".to_owned(), "沈阳市数据局".to_owned()),
            ("重庆".to_owned(), "cq-2024-cases-2".to_owned(), "重庆市大数据发展局".to_owned()),
        ]
    );
    assert!(batch_findings(&json).iter().any(|(c, _)| c == "SB511"), "two notices in one run: {:#}", json["batch"]);
}

#[test]
fn roots_that_disagree_on_the_summary_footer_are_named() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for (root, recommender, contact) in
        [("沈阳", "沈阳市数据局", "张伟 024-23456789"), ("大连", "大连市数据局", "张伟 024-23456789")]
    {
        let dir = tmp.path().join(root);
        copy_dir(&fixtures.join("ln-2024-cases").join("pass"), &dir.join("a"));
        std::fs::remove_file(dir.join("a").join("dossier.toml")).expect("rm");
        let toml = format!("notice = \"ln-2024-cases\"\nrecommender = \"{recommender}\"\ncontact = \"{contact}\"\n");
        std::fs::write(dir.join("batch.toml"), toml).expect("write");
    }
    let csv = tmp.path().join("汇总表.csv");
    let out = shenbao()
        .arg("summary")
        .args([tmp.path().join("沈阳"), tmp.path().join("大连")])
        .args(["--today", "2024-02-28", "-o"])
        .arg(&csv)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "batch.toml 中推荐单位不同（沈阳市数据局、大连市数据局），汇总表表尾用了第一个根目录的“沈阳市数据局”"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("联系人及联系方式不同"), "the contact is the same in both: {stderr}");
    let table = std::fs::read_to_string(&csv).expect("written");
    assert!(table.contains("推荐单位：沈阳市数据局（盖章）"), "{table}");
    // The check's JSON names no single recommending unit for the batch; each dossier keeps its root's.
    let (_, json, _) = check_json(&[
        tmp.path().join("沈阳").to_str().expect("utf-8"),
        tmp.path().join("大连").to_str().expect("utf-8"),
        "--today",
        "2024-02-28",
    ]);
    assert!(json["batch"]["recommender"].is_null(), "{:#}", json["batch"]);
    let units: Vec<&str> = json["dossiers"]
        .as_array()
        .expect("dossiers")
        .iter()
        .filter_map(|d| d["facts"]["recommender"].as_str())
        .collect();
    assert_eq!(units, ["沈阳市数据局", "大连市数据局"], "in the order the roots were given");
}

/// Reads the first sheet of an .xlsx as rows of strings.
fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).expect("opens as xlsx");
    let range = book.worksheet_range("汇总表").expect("sheet 汇总表");
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

#[test]
fn summary_xlsx_has_the_notice_columns_in_priority_order_with_errors_marked() {
    let out = tempfile::tempdir().expect("tempdir");
    let file = out.path().join("汇总表.xlsx");
    let output = shenbao()
        .args(["summary", "fixtures/batch/ln-2024-cases", "--today", "2024-03-01", "-o"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "rows with errors: exit 1, table written");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("6 行，5 行有错误已标红"), "{stderr}");
    let rows = xlsx_rows(&file);
    assert_eq!(rows[0][0], "“数据要素×”典型案例申报汇总表");
    assert_eq!(rows[1][..5], ["序号", "领域名称", "案例名称", "申报单位", "推荐意见"], "附件2's columns");
    assert_eq!(rows[1][5], "检查结果（报送前删除）");
    let body: Vec<&Vec<String>> = rows[2..8].iter().collect();
    let cases: Vec<&str> = body.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        cases,
        [
            "工业制造领域——装备制造供应链数据空间",
            "医疗健康领域——区域医疗数据共享",
            "城市治理领域——城市运行一网统管",
            "现代农业领域——设施农业数据服务",
            "现代农业领域——设施农业数据服务",
            "营商环境领域——企业开办一件事",
        ],
        "rows by priority, the unranked last"
    );
    assert_eq!(body.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(body[0][1], "工业制造");
    assert_eq!(body[0][3], "大连理工大学");
    assert_eq!(body[0][4], "同意推荐");
    // Within its quota and ranked once: not marked. Over the quota, or broken: marked with why.
    assert_eq!(body[0][5], "");
    assert!(body[2][5].contains("SB501"), "{:?}", body[2]);
    // Its name differs from the 申报书's: the row fails (SB006 is an error for a name or a unit).
    assert_eq!(body[1][5], "未通过：1 个错误", "{:?}", body[1]);
    assert!(body[5][5].contains("1 个错误"), "the damaged Word file: {:?}", body[5]);
    let footer: Vec<&str> = rows[8..].iter().map(|r| r[0].as_str()).filter(|s| !s.is_empty()).collect();
    assert_eq!(footer, ["联系人及联系方式：张伟 024-23456789", "推荐单位：沈阳市数据局（盖章）", "2024年3月5日"]);
}

/// A .csv has no colours: the rows with errors are explained in its last column, and it says so.
#[test]
fn summary_csv_points_to_the_explaining_column() {
    let out = tempfile::tempdir().expect("tempdir");
    let file = out.path().join("汇总表.csv");
    let output = shenbao()
        .args(["summary", "fixtures/batch/ln-2024-cases", "--today", "2024-03-01", "-o"])
        .arg(&file)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("6 行，5 行有错误，见最后一列"), "{stderr}");
    let text = std::fs::read_to_string(&file).expect("csv");
    let header = text.lines().nth(1).expect("header");
    assert!(header.ends_with("检查结果（报送前删除）"), "{header}");
}

#[test]
fn summary_only_passed_leaves_out_marked_rows_and_csv_opens_in_excel() {
    let out = tempfile::tempdir().expect("tempdir");
    let file = out.path().join("汇总表.csv");
    let output = shenbao()
        .args(["summary", "fixtures/batch/ln-2024-cases", "--today", "2024-03-01", "--only-passed", "-o"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let bytes = std::fs::read(&file).expect("written");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "序号,领域名称,案例名称,申报单位,推荐意见", "no check-result column when nothing is marked");
    assert!(lines[2].starts_with("1,工业制造,工业制造领域——装备制造供应链数据空间,大连理工大学"));
    let rows = lines[2..].iter().filter(|l| l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(',')).count();
    assert_eq!(rows, 1, "one row passes: {lines:#?}");
    assert!(!text.contains("区域医疗数据共享"), "the name that differs from the 申报书 fails");
    assert!(!text.contains("城市运行一网统管"), "the one over the quota is left out");
    assert!(!text.contains("企业开办一件事"), "the broken dossier is left out");
}

#[test]
fn summary_docx_and_bad_extension() {
    let out = tempfile::tempdir().expect("tempdir");
    let file = out.path().join("汇总表.docx");
    shenbao()
        .args(["summary", "fixtures/batch/national-2024-contest", "--today", "2024-09-01", "-o"])
        .arg(&file)
        .assert()
        .code(1);
    let reader = std::fs::File::open(&file).expect("written");
    let mut zip = zip::ZipArchive::new(reader).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").expect("document.xml"), &mut xml)
        .expect("read");
    for text in ["项目名称", "赛道", "供应链金融数据风控平台", "2024年“数据要素×”大赛辽宁分赛"]
    {
        assert!(xml.contains(text), "{text} in the .docx table");
    }
    shenbao()
        .args(["summary", "fixtures/batch/ln-2024-cases", "-o"])
        .arg(out.path().join("汇总表.txt"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".xlsx"));
}

#[test]
fn a_folder_named_twice_is_checked_once() {
    let (_, json, _) = check_json(&[
        "fixtures/batch/ln-2024-cases/",
        "fixtures/batch/ln-2024-cases/01-dlut-supply-chain/",
        "--today",
        "2024-03-01",
    ]);
    assert_eq!(json["summary"]["dossiers"], 6);
    assert_eq!(json["dossiers"][0]["path"], "fixtures/batch/ln-2024-cases/01-dlut-supply-chain");
}

#[test]
fn summary_refuses_a_missing_output_folder_before_checking() {
    shenbao()
        .args(["summary", "fixtures/batch/ln-2024-cases", "-o", "no/such/folder/汇总表.xlsx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/folder"));
}

#[test]
fn summary_of_a_missing_folder_names_the_folder_and_writes_nothing() {
    let out = tempfile::tempdir().expect("tempdir");
    let table = out.path().join("汇总表.xlsx");
    let table_arg = table.to_str().expect("utf-8");
    shenbao()
        .args(["summary", "fixtures/batch/没有这个目录", "-o", table_arg])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("找不到文件夹：fixtures/batch/没有这个目录（请检查路径；未生成汇总表）"))
        .stderr(predicates::str::contains("通知").not());
    // Beside a folder that exists too: the table would lack the mistyped one's dossiers.
    shenbao()
        .args(["--lang", "en", "summary", "fixtures/batch/ln-2024-cases", "fixtures/batch/typo", "-o", table_arg])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no such folder: fixtures/batch/typo (check the path; no table written)"));
    assert!(!table.exists(), "no table is written");
}

#[test]
fn a_misspelt_unit_type_is_named_not_silently_uncounted() {
    let root = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch/ln-2024-cases/01-dlut-supply-chain");
    copy_dir(&src, root.path());
    let toml = std::fs::read_to_string(root.path().join("dossier.toml")).expect("toml");
    std::fs::write(root.path().join("dossier.toml"), toml.replace("部属高校", "部署高校")).expect("write");
    let (_, json, _) = check_json(&[root.path().to_str().expect("utf-8"), "--today", "2024-03-01"]);
    let diags = json["dossiers"][0]["diagnostics"].as_array().expect("diags");
    assert!(diags.iter().any(|d| d["code"] == "SB706" && d["message"].as_str().expect("m").contains("部署高校")));
}
