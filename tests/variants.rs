//! The variant kit over every sample dossier: the same content in the shapes applicants' tools give it.
//! A passing dossier keeps its verdict (exit code, and each error and warning by code, severity and
//! file) and every section's count; a failing one keeps its errors. See `tests/support/variants.rs`.

#[path = "support/pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;
mod support;
#[path = "support/variants.rs"]
mod variants;
use rayon::prelude::*;
use std::sync::OnceLock;
use variants::{Chain, Copy, Relayout, Verdict, FIXTURES};

/// What each sample dossier gets as it is, computed once for all the tests here.
fn baselines() -> &'static Vec<Verdict> {
    static BASE: OnceLock<Vec<Verdict>> = OnceLock::new();
    BASE.get_or_init(|| FIXTURES.par_iter().map(|(dir, today)| Copy::of(dir).check(today)).collect::<Vec<_>>())
}

/// How counts may move under a variant.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Counts {
    /// Every section's words, words_low and words_high stay.
    Same,
    /// LibreOffice drops `w:hint="eastAsia"` from runs, which changes how Word itself counts “ ” — … in
    /// them: words_low and words_high stay, words stays between them.
    WithinRange,
    /// `n` full-width colons were written into the form table: a section holding it grows by exactly
    /// `n` in all three, any other stays.
    Grown(usize),
}

/// What is wrong with `variant` compared with `original`, as lines for the failure message.
fn compare(original: &Verdict, variant: &Verdict, counts: Counts) -> Vec<String> {
    let mut problems = Vec::new();
    if variant.exit != original.exit {
        problems.push(format!("exit code {} instead of {}", variant.exit, original.exit));
    }
    if original.exit == 0 {
        let lost: Vec<_> = original.findings.difference(&variant.findings).collect();
        let new: Vec<_> = variant.findings.difference(&original.findings).collect();
        if !lost.is_empty() || !new.is_empty() {
            problems.push(format!("findings lost {lost:?}, new {new:?}"));
        }
        problems.extend(compare_counts(original, variant, counts));
    } else {
        let lost: Vec<_> = original.errors().difference(&variant.findings).cloned().collect();
        if !lost.is_empty() {
            problems.push(format!("errors lost {lost:?}"));
        }
    }
    problems
}

fn compare_counts(original: &Verdict, variant: &Verdict, counts: Counts) -> Vec<String> {
    let mut problems = Vec::new();
    let (a, b): (Vec<_>, Vec<_>) = (original.counts.keys().collect(), variant.counts.keys().collect());
    if a != b {
        problems.push(format!("sections {b:?} instead of {a:?}"));
        return problems;
    }
    for (key, was) in &original.counts {
        let now = &variant.counts[key];
        let ok = match counts {
            Counts::Same => now == was,
            Counts::WithinRange => {
                now.low == was.low && now.high == was.high && (now.low..=now.high).contains(&now.words)
            }
            Counts::Grown(n) => {
                let n = i64::try_from(n).expect("small");
                now == was || (now.words == was.words + n && now.low == was.low + n && now.high == was.high + n)
            }
        };
        if !ok {
            problems.push(format!("{key:?}: {now:?} instead of {was:?}"));
        }
    }
    problems
}

/// `verdict` without the findings on `file`, which a variant removed: its exit code follows the errors left.
fn without_file(verdict: &Verdict, file: &str) -> Verdict {
    let mut v = verdict.clone();
    v.findings.retain(|f| f.2 != file);
    if v.errors().is_empty() {
        v.exit = 0;
    }
    v
}

/// Checks each prepared copy against its fixture's baseline; panics listing every difference.
fn assert_variants(cases: Vec<(usize, String, Copy, Counts)>, known: &[(&str, &str, &str)]) {
    let base = baselines();
    let results: Vec<(String, Vec<String>)> = cases
        .par_iter()
        .map(|(i, name, copy, counts)| {
            let (dir, today) = FIXTURES[*i];
            // Without dossier.toml, what was found in it (two topics chosen, say) cannot be found.
            let expected = if copy.path().join("dossier.toml").exists() {
                base[*i].clone()
            } else {
                without_file(&base[*i], "dossier.toml")
            };
            let problems = compare(&expected, &copy.check(today), *counts);
            (format!("{dir} [{name}]"), problems)
        })
        .collect();
    assert!(!results.is_empty(), "no case was made");
    let mut failures = Vec::new();
    for (case, problems) in results.into_iter().filter(|(_, p)| !p.is_empty()) {
        let excused = known.iter().find(|(d, v, _)| case == format!("{d} [{v}]"));
        match excused {
            Some((_, _, why)) => eprintln!("not asserted: {case}: {why}: {problems:?}"),
            None => failures.push(format!("{case}: {}", problems.join("; "))),
        }
    }
    assert!(failures.is_empty(), "{} variants changed the verdict:\n{}", failures.len(), failures.join("\n"));
}

fn fixtures_with<T>(pick: impl Fn(&Copy) -> Option<T> + Sync) -> Vec<(usize, Copy, T)>
where
    T: Send,
{
    (0..FIXTURES.len())
        .into_par_iter()
        .filter_map(|i| {
            let copy = Copy::of(FIXTURES[i].0);
            pick(&copy).map(|t| (i, copy, t))
        })
        .collect()
}

#[test]
fn libreoffice_resave_keeps_verdicts() {
    if support::soffice().is_none() {
        eprintln!("skipped: soffice (LibreOffice) not installed");
        return;
    }
    let copies: Vec<(usize, Copy, ())> = fixtures_with(|c| (!variants::docx_files(c).is_empty()).then_some(()));
    variants::libreoffice_resave(&copies.iter().map(|(_, c, ())| c).collect::<Vec<_>>());
    let cases = copies.into_iter().map(|(i, c, ())| (i, "libreoffice".to_owned(), c, Counts::WithinRange)).collect();
    assert_variants(cases, &[]);
}

#[test]
fn headings_as_plain_bold_paragraphs_keep_verdicts() {
    let cases = fixtures_with(|copy| {
        let files = variants::docx_files(copy);
        (!files.is_empty()).then(|| {
            unstyle_headings_of(copy, &files);
        })
    });
    let cases = cases.into_iter().map(|(i, c, ())| (i, "plain-headings".to_owned(), c, Counts::Same)).collect();
    assert_variants(cases, &[]);
}

/// Makes the headings of `files` (Word files of `copy`) plain bold paragraphs.
fn unstyle_headings_of(copy: &Copy, files: &[String]) {
    for file in files {
        let path = copy.path().join(file);
        let styles = read_part(&path, "word/styles.xml");
        variants::rewrite_docx(&path, |name, xml| {
            if name == "word/document.xml" {
                variants::unstyle_headings(xml, &styles)
            } else {
                xml.to_owned()
            }
        });
    }
}

fn read_part(docx: &std::path::Path, part: &str) -> String {
    use std::io::Read;
    let bytes = std::fs::read(docx).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = String::new();
    if let Ok(mut entry) = zip.by_name(part) {
        entry.read_to_string(&mut out).expect("UTF-8 part");
    }
    out
}

#[test]
fn form_tables_laid_out_differently_keep_verdicts() {
    let mut cases = Vec::new();
    for how in variants::RELAYOUTS {
        let made = fixtures_with(|copy| {
            let mut colons = 0;
            let mut changed = false;
            for file in variants::docx_files(copy) {
                let path = copy.path().join(&file);
                let document = read_part(&path, "word/document.xml");
                let (relaid, added) = variants::relayout_forms(&document, how);
                if relaid != document {
                    changed = true;
                    colons += added;
                    variants::rewrite_docx(&path, |name, xml| {
                        if name == "word/document.xml" {
                            relaid.clone()
                        } else {
                            xml.to_owned()
                        }
                    });
                }
            }
            changed.then_some(colons)
        });
        for (i, copy, colons) in made {
            let counts = if how == Relayout::LabelInCell { Counts::Grown(colons) } else { Counts::Same };
            cases.push((i, format!("form:{how:?}"), copy, counts));
        }
    }
    assert!(cases.len() >= 3 * variants::RELAYOUTS.len(), "form tables found in too few fixtures");
    assert_variants(cases, &[]);
}

/// Every filter chain at every resolution for these (a passing dossier of each notice with a scan, and
/// the one whose scan has no seal); two of them for the others, to keep the kit's time reasonable.
const EVERY_SCAN_VARIANT: [&str; 3] =
    ["fixtures/cq-2024-cases-2/pass", "fixtures/qh-2025-scenes/pass", "fixtures/cq-2024-cases-2/pdf-no-seal"];

#[test]
fn scans_behind_filter_chains_at_any_resolution_keep_verdicts() {
    const DPIS: [u32; 4] = [60, 100, 150, 300];
    let mut cases = Vec::new();
    for chain in [Chain::Ascii85, Chain::Flate] {
        for dpi in DPIS {
            let everywhere = matches!((chain, dpi), (Chain::Ascii85, 100) | (Chain::Flate, 60));
            let made = fixtures_with(|copy| {
                let scans = variants::scans(copy);
                let wanted = everywhere || EVERY_SCAN_VARIANT.contains(&copy.origin.as_str());
                (wanted && !scans.is_empty()).then(|| {
                    for scan in scans {
                        assert!(variants::rescan_pdf(&copy.path().join(scan), dpi, chain) > 0);
                    }
                })
            });
            let name = format!("scan:{chain:?}@{dpi}dpi");
            cases.extend(made.into_iter().map(|(i, c, ())| (i, name.clone(), c, Counts::Same)));
        }
    }
    assert_variants(cases, &[]);
}

#[test]
fn file_names_folders_and_no_dossier_toml_keep_verdicts() {
    let mut cases = Vec::new();
    type Edit = fn(&mut Copy);
    let edits: [(&str, Edit); 3] =
        [("names", variants::odd_names), ("nested", variants::nested), ("no-dossier.toml", variants::without_toml)];
    for (name, edit) in edits {
        let made = fixtures_with(|_| Some(()));
        for (i, mut copy, ()) in made {
            edit(&mut copy);
            cases.push((i, name.to_owned(), copy, Counts::Same));
        }
    }
    assert_variants(cases, &[]);
}

#[test]
fn the_transformations_change_what_they_say() {
    // ASCII85 as the PDF reference's example gives it, and the all-zero group.
    assert_eq!(variants::ascii85(b"Man "), b"9jqo^~>");
    assert_eq!(variants::ascii85(&[0, 0, 0, 0, 1]), b"z!<~>");
    // The table relayouts: one field per row, label and value in one cell.
    let copy = Copy::of("fixtures/cq-2024-cases-2/pass");
    let document = read_part(&copy.path().join("申报书.docx"), "word/document.xml");
    let (one_per_row, _) = variants::relayout_forms(&document, Relayout::OnePerRow);
    // The 负责人 and 联系人 rows (six cells each) become three rows each.
    assert_eq!(one_per_row.matches("<w:tr>").count(), document.matches("<w:tr>").count() + 4);
    let (in_cell, colons) = variants::relayout_forms(&document, Relayout::LabelInCell);
    assert!(variants::xml_text(&in_cell).contains("联系人：刘洋"));
    assert_eq!(colons, 11);
    let (spaced, _) = variants::relayout_forms(&document, Relayout::SpacedLabels);
    assert!(variants::xml_text(&spaced).contains("负 责 人"));
    let (merged, _) = variants::relayout_forms(&document, Relayout::MergedCells);
    assert!(merged.contains("<w:gridSpan w:val=\"5\" />") && merged.contains("<w:vMerge w:val=\"restart\" />"));
    let (extra, _) = variants::relayout_forms(&document, Relayout::ExtraColumns);
    assert_eq!(extra.matches("<w:tc>").count(), document.matches("<w:tc>").count() + 2 * 7);
}

/// The sample dossiers whose 申报书 is one template shared with another notice and that hold nothing
/// belonging to their own notice only: without a notice named, the notices are named together (SB002),
/// never guessed. The Liaoning contest's samples are told apart (their 申报书's cover says 辽宁分赛, and
/// they hold the 参赛承诺书 only that notice asks for); the national contest's sample holds nothing of its
/// own.
const SHARED_TEMPLATE: [&str; 1] = ["fixtures/national-2024-contest/"];

/// What a dossier without any notice named should get: the verdict it gets under its notice plus SB011
/// on its Word file; or, where the template is shared or the Word file cannot be read (a legacy .doc),
/// SB002 and nothing checked.
fn expected_without_notice(i: usize, copy: &Copy) -> Result<Verdict, &'static str> {
    let (dir, _) = FIXTURES[i];
    let docx = variants::docx_files(copy);
    if docx.is_empty() || SHARED_TEMPLATE.iter().any(|t| dir.starts_with(t)) {
        return Err("SB002");
    }
    let mut expected = without_file(&baselines()[i], "dossier.toml");
    expected.findings.insert(("SB011".to_owned(), "warning".to_owned(), docx[0].clone()));
    Ok(expected)
}

fn assert_inferred(cases: Vec<(usize, Copy)>, counts: Counts) {
    assert!(!cases.is_empty(), "no case was made");
    let failures: Vec<String> = cases
        .par_iter()
        .filter_map(|(i, copy)| {
            let (dir, today) = FIXTURES[*i];
            let got = copy.check(today);
            let problems = match expected_without_notice(*i, copy) {
                Ok(expected) => compare(&expected, &got, counts),
                Err(code) => {
                    let named = got.findings.iter().filter(|f| f.0 == code && f.1 == "error").count();
                    if got.exit == 1 && named == 1 && got.counts.is_empty() {
                        Vec::new()
                    } else {
                        vec![format!("expected one {code} and nothing checked, got {:?}", got.findings)]
                    }
                }
            };
            (!problems.is_empty()).then(|| format!("{dir}: {}", problems.join("; ")))
        })
        .collect();
    assert!(failures.is_empty(), "{} dossiers:\n{}", failures.len(), failures.join("\n"));
}

/// An applicant who drags a folder holding only the 申报书 and its scans onto shenbao names no notice:
/// every sample dossier is checked against the notice its Word file's headings fit, with the same verdict
/// and counts as under that notice and SB011 saying it was inferred; of the two contests, which share one
/// 项目申报书, the Liaoning samples are told apart by what they hold and the national sample gets SB002
/// naming both.
#[test]
fn a_folder_naming_no_notice_is_checked_against_the_notice_its_word_file_fits() {
    let cases = fixtures_with(|copy| {
        std::fs::remove_file(copy.path().join("dossier.toml")).expect("remove dossier.toml");
        Some(())
    });
    assert_inferred(cases.into_iter().map(|(i, c, ())| (i, c)).collect(), Counts::Same);
}

/// The same after LibreOffice re-saved the 申报书 with its headings made plain bold paragraphs: the
/// inference reads the outline as the check does, not the styles.
#[test]
fn the_notice_is_inferred_from_a_resaved_word_file_with_plain_headings() {
    if support::soffice().is_none() {
        eprintln!("skipped: soffice (LibreOffice) not installed");
        return;
    }
    let cases = fixtures_with(|copy| {
        let files = variants::docx_files(copy);
        (copy.origin.ends_with("/pass") && !files.is_empty()).then(|| {
            std::fs::remove_file(copy.path().join("dossier.toml")).expect("remove dossier.toml");
            unstyle_headings_of(copy, &files);
        })
    });
    variants::libreoffice_resave(&cases.iter().map(|(_, c, ())| c).collect::<Vec<_>>());
    assert_inferred(cases.into_iter().map(|(i, c, ())| (i, c)).collect(), Counts::WithinRange);
}
