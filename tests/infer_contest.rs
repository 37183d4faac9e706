//! The Liaoning and national contests share one 项目申报书: a folder naming no notice is told to be one of
//! them only by what it holds that belongs to that notice alone — the words 辽宁分赛 on the 申报书's cover,
//! a 赛题 or 赛道 only one notice sets, a file named as a document only one notice asks for (the Liaoning
//! 参赛承诺书). Then SB011 names the clues; where nothing tells them apart, or the clues disagree, SB002 names
//! both and nothing is guessed. tests/infer_notice.rs holds the inference's other tests.

mod support;
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{copy_dir, rezip, shenbao};

/// A copy of a contest sample without its dossier.toml, in `tmp/name`.
fn sample(tmp: &Path, rel: &str, name: &str) -> PathBuf {
    let dir = tmp.join(name);
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel), &dir);
    std::fs::remove_file(dir.join("dossier.toml")).expect("remove dossier.toml");
    dir
}

/// Replaces text (the first time it occurs) in the 项目申报书's document.xml.
fn edit_document(dir: &Path, from: &str, to: &str) {
    let path = dir.join("项目申报书.docx");
    let bytes = std::fs::read(&path).expect("项目申报书");
    let edited = rezip(&bytes, |name, data| {
        if name != "word/document.xml" {
            return data.to_vec();
        }
        let xml = String::from_utf8(data.to_vec()).expect("utf-8");
        assert!(xml.contains(from), "{from} not in the 项目申报书");
        xml.replacen(from, to, 1).into_bytes()
    });
    std::fs::write(&path, edited).expect("write 项目申报书");
}

/// The check's JSON report of `dir`, in `lang`.
fn report(dir: &Path, lang: &str) -> Value {
    let out = shenbao()
        .arg("check")
        .arg(dir)
        .args(["--format", "json", "--lang", lang, "--today", "2024-07-01"])
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    json["dossiers"][0].clone()
}

/// The notice checked against, and the SB011 or SB002 that says how it was chosen.
fn chosen(dir: &Path, lang: &str) -> (String, Value) {
    let dossier = report(dir, lang);
    let said: Vec<&Value> = dossier["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "SB011" || d["code"] == "SB002")
        .collect();
    assert_eq!(said.len(), 1, "{dossier}");
    (dossier["notice"].as_str().unwrap_or_default().to_owned(), said[0].clone())
}

const COVER: &str = "2024年“数据要素×”大赛辽宁分赛项目申报书";
const NATIONAL_COVER: &str = "2024年“数据要素×”大赛项目申报书";
const COMMITMENT: &str = "证明材料/参赛承诺书.pdf";

#[test]
fn the_liaoning_sample_is_told_apart_by_its_cover_and_its_commitment() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = sample(tmp.path(), "ln-2024-contest/pass", "辽宁参赛材料");
    let (notice, sb011) = chosen(&dir, "zh");
    assert_eq!(notice, "ln-2024-contest");
    assert_eq!(sb011["code"], "SB011");
    assert_eq!(sb011["severity"], "warning", "an inference is never an error");
    assert_eq!(sb011["file"], "项目申报书.docx");
    let message = sb011["message"].as_str().expect("message");
    assert!(message.contains("national-2024-contest《") && message.contains("模板相同"), "{message}");
    assert!(message.contains("“项目申报书.docx”写有“辽宁分赛”"), "{message}");
    assert!(message.contains("“证明材料/参赛承诺书.pdf”是只有该通知要求的参赛承诺书"), "{message}");
    assert!(sb011["help"].as_str().expect("help").contains("notice = \"ln-2024-contest\""));
    let (_, en) = chosen(&dir, "en");
    let message = en["message"].as_str().expect("message");
    assert!(message.contains("says “辽宁分赛”") && message.contains("which only that notice asks for"), "{message}");
}

#[test]
fn each_clue_alone_tells_the_liaoning_contest_apart_and_none_leaves_both_named() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // The cover alone.
    let cover = sample(tmp.path(), "ln-2024-contest/pass", "封面");
    std::fs::remove_file(cover.join(COMMITMENT)).expect("remove 参赛承诺书");
    let (notice, said) = chosen(&cover, "zh");
    assert_eq!((notice.as_str(), &said["code"]), ("ln-2024-contest", &Value::from("SB011")), "{said}");
    assert!(!said["message"].as_str().expect("message").contains("参赛承诺书"), "{said}");
    // The 参赛承诺书 alone.
    let commitment = sample(tmp.path(), "ln-2024-contest/pass", "承诺书");
    edit_document(&commitment, COVER, NATIONAL_COVER);
    let (notice, said) = chosen(&commitment, "zh");
    assert_eq!((notice.as_str(), &said["code"]), ("ln-2024-contest", &Value::from("SB011")), "{said}");
    assert!(!said["message"].as_str().expect("message").contains("辽宁分赛”；"), "{said}");
    // Neither: nothing belongs to one of them only.
    let neither = sample(tmp.path(), "ln-2024-contest/pass", "都没有");
    edit_document(&neither, COVER, NATIONAL_COVER);
    std::fs::remove_file(neither.join(COMMITMENT)).expect("remove 参赛承诺书");
    let (notice, said) = chosen(&neither, "zh");
    assert_eq!((notice.as_str(), &said["code"]), ("", &Value::from("SB002")), "{said}");
}

/// A national dossier may well say that its project came through 辽宁分赛: in its text that is no clue,
/// only on the cover.
#[test]
fn liaoning_named_in_the_text_of_a_national_dossier_is_no_clue() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = sample(tmp.path(), "national-2024-contest/pass", "全国参赛材料");
    edit_document(&dir, "本案例围绕", "本项目经2024年“数据要素×”大赛辽宁分赛推荐。本案例围绕");
    let (notice, said) = chosen(&dir, "zh");
    assert_eq!((notice.as_str(), &said["code"]), ("", &Value::from("SB002")), "{said}");
    let message = said["message"].as_str().expect("message");
    assert!(message.contains("ln-2024-contest《") && message.contains("national-2024-contest《"), "{message}");
}

#[test]
fn a_topic_or_track_only_one_notice_sets_tells_them_apart() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // A 赛题 of the national 赛题指南 written on the 申报书's cover line.
    let written = sample(tmp.path(), "national-2024-contest/pass", "赛题");
    edit_document(
        &written,
        "参赛单位：某某数据科技有限公司",
        "参赛单位：某某数据科技有限公司　赛题：提升港口航道数智服务水平",
    );
    let (notice, said) = chosen(&written, "zh");
    assert_eq!(notice, "national-2024-contest", "{said}");
    let message = said["message"].as_str().expect("message");
    assert!(message.contains("写有只有该通知设置的赛题“提升港口航道数智服务水平”"), "{message}");

    // dossier.toml without a notice: its 赛题 (only Liaoning sets it) or its 赛道 (only the national contest
    // has it) decides.
    let toml_topic = sample(tmp.path(), "national-2024-contest/pass", "toml赛题");
    std::fs::write(toml_topic.join("dossier.toml"), "track = \"金融服务\"\ntopic = \"提升普惠金融服务能力\"\n")
        .expect("write");
    let (notice, said) = chosen(&toml_topic, "zh");
    assert_eq!(notice, "ln-2024-contest", "{said}");
    assert!(said["message"].as_str().expect("message").contains("赛题“提升普惠金融服务能力”"), "{said}");

    let toml_track = sample(tmp.path(), "national-2024-contest/pass", "toml赛道");
    std::fs::write(toml_track.join("dossier.toml"), "track = \"交通运输\"\n").expect("write");
    let (notice, said) = chosen(&toml_track, "en");
    assert_eq!(notice, "national-2024-contest", "{said}");
    assert!(said["message"].as_str().expect("message").contains("赛道 “交通运输” is in that notice only"), "{said}");
}

#[test]
fn clues_for_both_notices_leave_both_named() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // A Liaoning cover and 参赛承诺书, and a 赛道 the Liaoning contest does not have.
    let dir = sample(tmp.path(), "ln-2024-contest/pass", "自相矛盾");
    std::fs::write(dir.join("dossier.toml"), "track = \"交通运输\"\n").expect("write");
    let (notice, said) = chosen(&dir, "zh");
    assert_eq!((notice.as_str(), &said["code"]), ("", &Value::from("SB002")), "{said}");
}
