//! `check --format html`: the self-contained page a bureau opens in the browser. Its structure is checked
//! here in Rust (balanced tags, one row per dossier, filters, nothing fetched, escaping, the footer's JSON
//! hash); when Chromium is installed, the page is also loaded in it (the script runs without errors and
//! the screenshot is not blank).

use std::path::{Path, PathBuf};
mod support;
use support::{copy_dir, shenbao};

const BATCH: &str = "fixtures/batch/ln-2024-cases";
const TODAY: &str = "2024-02-28";

/// Runs `check ARGS --format html -o OUT` and returns (exit code, the page).
fn html(args: &[&str], out: &Path) -> (i32, String) {
    let output = shenbao()
        .arg("check")
        .args(args)
        .args(["--format", "html", "--today", TODAY, "-o"])
        .arg(out)
        .output()
        .expect("runs");
    let page =
        std::fs::read_to_string(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().expect("exit code"), page)
}

/// Elements HTML writes without a closing tag.
const VOID: &[&str] = &["meta", "br", "input", "img", "link", "hr"];

/// The start tags of the page in order, as (name, the whole tag), after checking that every element is
/// closed in order (what a browser would otherwise repair silently). Text of `<style>` and `<script>` is
/// skipped as the browser skips it.
fn tags(page: &str) -> Vec<(String, String)> {
    let mut open: Vec<String> = Vec::new();
    let mut starts = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').expect("every tag ends with >");
        let tag = &rest[..=end];
        rest = &rest[end + 1..];
        if tag.starts_with("<!DOCTYPE") {
            continue;
        }
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(!name.is_empty(), "a `<` that starts no tag: {tag}");
        if tag.starts_with("</") {
            assert_eq!(open.pop().as_deref(), Some(name.as_str()), "closing {tag} out of order");
            continue;
        }
        starts.push((name.clone(), tag.to_owned()));
        if name == "style" || name == "script" {
            let close = format!("</{name}>");
            let body_end = rest.find(&close).expect("style and script are closed");
            rest = &rest[body_end + close.len()..];
            continue;
        }
        if !VOID.contains(&name.as_str()) {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "elements left open: {open:?}");
    starts
}

/// The value of `attr` in a start tag.
fn attr<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let key = format!(" {attr}=\"");
    let at = tag.find(&key)? + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The table rows of the dossier table.
fn rows(tags: &[(String, String)]) -> Vec<&str> {
    tags.iter().filter(|(n, t)| n == "tr" && t.contains("data-result=")).map(|(_, t)| t.as_str()).collect()
}

#[test]
fn a_batch_page_has_one_row_per_dossier_its_filters_and_the_batch_findings_on_top() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.html");
    let (code, page) = html(&[BATCH], &out);
    assert_eq!(code, 1, "the batch has errors: exit as check");
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"), "{}", &page[..80]);
    let tags = tags(&page);
    let rows = rows(&tags);
    assert_eq!(rows.len(), 6, "one row per dossier");
    let results: Vec<&str> = rows.iter().filter_map(|r| attr(r, "data-result")).collect();
    assert!(results.contains(&"passed") && results.contains(&"failed") && results.contains(&"batch"), "{results:?}");
    assert!(rows.iter().any(|r| attr(r, "data-unit") == Some("大连理工大学")), "{rows:?}");
    assert!(rows.iter().any(|r| attr(r, "data-field") == Some("工业制造")), "{rows:?}");
    for id in ["f-result", "f-unit", "f-field", "f-text"] {
        assert!(tags.iter().any(|(_, t)| attr(t, "id") == Some(id)), "filter {id}");
    }
    // Every unit of the table is an option of its filter, and so on.
    assert!(page.contains("<option value=\"大连理工大学\">大连理工大学</option>"));
    assert!(page.contains("<option value=\"failed\">未通过</option>"));
    let sortable = tags.iter().filter(|(n, t)| n == "th" && attr(t, "data-sort").is_some()).count();
    assert_eq!(sortable, 9, "every column sorts");
    // The batch findings come before the table, each dossier after it, closed, with an anchor the row links.
    let (batch, table, details) = (
        page.find("id=\"batch\"").expect("batch"),
        page.find("id=\"dossier-table\"").expect("table"),
        page.find("id=\"details\"").expect("details"),
    );
    assert!(batch < table && table < details);
    assert!(page[batch..table].contains("SB501") && page[batch..table].contains("SB504"));
    let dossiers = tags.iter().filter(|(n, t)| n == "details" && t.contains("class=\"dossier\"")).count();
    assert_eq!(dossiers, 6);
    assert!(page.contains("<a href=\"#d-0\">") && page.contains("id=\"d-0\""));
    assert!(page.contains("@media print") && page.contains("size:A4"), "an A4 print layout");
    assert!(page.contains("检查日期：2024-02-28"), "the footer names the check day");
}

#[test]
fn nothing_is_fetched_everything_is_inline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, page) = html(&[BATCH], &dir.path().join("r.html"));
    for (name, tag) in tags(&page) {
        assert!(!matches!(name.as_str(), "link" | "img" | "iframe" | "object" | "embed"), "{tag}");
        assert!(attr(&tag, "src").is_none(), "{tag}");
        if let Some(href) = attr(&tag, "href") {
            assert!(href.starts_with('#'), "only links within the page: {tag}");
        }
    }
    for fetch in ["http://", "https://", "url(", "@import", "fetch(", "XMLHttpRequest"] {
        assert!(!page.contains(fetch), "{fetch}");
    }
}

#[test]
fn a_case_name_with_markup_shows_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dossier = dir.path().join("a<b>");
    copy_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass").as_path(), &dossier);
    let toml = dossier.join("dossier.toml");
    let text = std::fs::read_to_string(&toml).expect("dossier.toml");
    let evil = "<script>alert(\\\"x\\\")</script><img src=x onerror=alert(1)> & '引号'";
    let text: String = text
        .lines()
        .map(|l| if l.starts_with("name") { format!("name = \"{evil}\"") } else { l.to_owned() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&toml, text).expect("write");
    let out = dir.path().join("r.html");
    let (_, page) = html(&[dossier.to_str().expect("utf-8")], &out);
    let tags = tags(&page);
    assert_eq!(tags.iter().filter(|(n, _)| n == "script").count(), 1, "only the page's own script");
    assert!(!tags.iter().any(|(n, _)| n == "img"));
    assert!(page.contains(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;引号&#39;"
    ));
    assert!(page.contains("a&lt;b&gt;"), "the folder name too");
    assert_eq!(rows(&tags).len(), 1);
}

#[test]
fn the_footer_gives_the_sha256_of_the_json_of_the_same_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in ["zh", "en"] {
        let out = dir.path().join(format!("r-{lang}.html"));
        let (_, page) = html(&[BATCH, "--lang", lang], &out);
        let json = shenbao()
            .args(["check", BATCH, "--format", "json", "--today", TODAY, "--lang", lang])
            .output()
            .expect("runs")
            .stdout;
        let sha = shenbao::hash::sha256_hex(&json);
        assert!(page.contains(&format!("<code id=\"json-sha256\">{sha}</code>")), "{lang}: {sha}");
    }
}

#[test]
fn english_on_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, page) = html(&[BATCH, "--lang", "en"], &dir.path().join("r.html"));
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("<h1>Dossier check report</h1>") && page.contains("Across the batch"));
    assert!(page.contains("<option value=\"failed\">failed</option>"));
    assert!(!page.contains("未通过") && !page.contains("（+"), "no Chinese label left");
}

#[test]
fn sections_are_bars_coloured_by_their_margin_with_the_ambiguity_range() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, over) = html(&["fixtures/ln-2024-cases/over-section"], &dir.path().join("o.html"));
    assert!(over.contains("class=\"s-over\""), "a section over its limit is red");
    assert!(over.contains("<details class=\"dossier\" id=\"d-0\" open>"), "a lone dossier is open");
    let (_, ambiguous) = html(&["fixtures/ln-2024-cases/ambiguous-quotes"], &dir.path().join("a.html"));
    let json = shenbao()
        .args(["check", "fixtures/ln-2024-cases/ambiguous-quotes", "--format", "json", "--today", TODAY])
        .output()
        .expect("runs")
        .stdout;
    let json: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    let s = json["dossiers"][0]["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["words_low"] != s["words_high"])
        .expect("a section whose count depends on the marks");
    let range = format!("（{}–{}，视字体而定）", s["words_low"], s["words_high"]);
    assert!(ambiguous.contains(&range), "{range}");
    let crosses =
        s["limit"].as_u64().is_some_and(|l| s["words_low"].as_u64() <= Some(l) && s["words_high"].as_u64() > Some(l));
    if crosses {
        assert!(ambiguous.contains("class=\"s-amb\""));
    }
}

/// Chromium, when installed.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].iter().find_map(|name| {
        let ok = std::process::Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success());
        ok.then(|| PathBuf::from(name))
    })
}

fn headless(browser: &Path, profile: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(browser);
    cmd.args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"])
        .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

#[test]
fn the_page_loads_in_chromium_its_script_runs_and_it_is_not_blank() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: chromium is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("report.html");
    html(&[BATCH], &page);
    let url = format!("file://{}", page.display());
    let dom = headless(&browser, &dir.path().join("p1"))
        .args(["--enable-logging=stderr", "--v=0", "--dump-dom"])
        .arg(&url)
        .output()
        .expect("chromium runs");
    let (dom_text, log) = (String::from_utf8_lossy(&dom.stdout), String::from_utf8_lossy(&dom.stderr));
    assert!(dom_text.contains("data-shenbao-ready=\"1\""), "the script ran to its end\n{log}");
    for line in log.lines().filter(|l| l.contains("CONSOLE")) {
        assert!(!line.contains("Uncaught") && !line.contains("Error"), "a script error: {line}");
    }
    let shot = dir.path().join("shot.png");
    let status = headless(&browser, &dir.path().join("p2"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,1000")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).expect("screenshot")));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let px = info.color_type.samples();
    let pixels: std::collections::HashSet<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
    assert!(pixels.len() > 16, "the screenshot is not blank: {} colours", pixels.len());
}
