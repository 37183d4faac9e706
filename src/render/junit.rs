//! The JUnit XML view, for GitLab, Jenkins and other test-report viewers.
//!
//! One test suite per dossier (and one "batch" suite for the cross-dossier rules). The test cases are
//! the checks: one per section with a 字数 limit, passed or failed, then one failed case per error.
//! Each error is a failure exactly once, so a viewer's failure count is the report's error count.
//! Warnings are passing cases that carry their message in system-out; info is left out.

use crate::diag::{Code, Diagnostic, Lang, Severity};
use crate::report::{DossierReport, Report};
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use std::collections::HashMap;

/// The report as JUnit XML, with a trailing newline. Deterministic: no times, no ids.
pub fn render(report: &Report, lang: Lang) -> String {
    let mut junit = quick_junit::Report::new("shenbao");
    for dossier in &report.dossiers {
        junit.add_test_suite(dossier_suite(dossier, lang));
    }
    if let Some(batch) = &report.batch {
        let classname = if batch.notices.is_empty() { "batch".to_owned() } else { batch.notices.join(",") };
        let mut cases = Cases::new(&classname);
        for d in &batch.diagnostics {
            let names: Vec<&str> = d.dossiers.iter().map(|p| folder_name(p)).collect();
            let place =
                d.section.clone().or_else(|| d.file.clone()).or_else(|| (!names.is_empty()).then(|| names.join(", ")));
            cases.diagnostic(d, place.as_deref(), lang);
        }
        let mut suite = TestSuite::new("batch");
        suite.add_test_cases(cases.finish("batch"));
        junit.add_test_suite(suite);
    }
    if !report.config.is_empty() {
        // Findings about shenbao.toml itself (an expired waiver): a suite of their own, once per run.
        let name = crate::config::CONFIG_FILE;
        let mut cases = Cases::new(name);
        for d in &report.config {
            let place = d.line.map(|l| format!("{name}:{l}"));
            cases.diagnostic(d, place.as_deref(), lang);
        }
        let mut suite = TestSuite::new(name);
        suite.add_test_cases(cases.finish(name));
        junit.add_test_suite(suite);
    }
    let mut xml = junit.to_string().unwrap_or_else(|e| {
        // Writing to a String cannot fail in practice; still, say so in a form CI reads as a failure.
        let message = e.to_string().replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"shenbao\" tests=\"1\" failures=\"0\" \
             errors=\"1\"><testsuite name=\"shenbao\" tests=\"1\" failures=\"0\" errors=\"1\"><testcase \
             name=\"junit\"><error message=\"{message}\"/></testcase></testsuite></testsuites>"
        )
    });
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    xml
}

/// The last component of a dossier path: enough to tell the dossiers of one batch apart.
fn folder_name(path: &str) -> &str {
    let path = path.trim_end_matches(['/', '\\']);
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn dossier_suite(dossier: &DossierReport, lang: Lang) -> TestSuite {
    let classname = if dossier.notice.is_empty() { "shenbao" } else { dossier.notice.as_str() };
    let mut cases = Cases::new(classname);
    // The 字数 diagnostics become the section's own case; the rest each get a case of their own.
    let mut used = vec![false; dossier.diagnostics.len()];
    for section in dossier.sections.iter().filter(|s| s.count.limit.is_some()) {
        let name = lang.pick(format!("字数 {}", section.title), format!("words {}", section.title));
        let found = dossier.diagnostics.iter().enumerate().find(|(i, d)| {
            !used[*i]
                && matches!(d.code, Code::SectionOverLimit | Code::PartOverLimit)
                && d.section.as_deref() == Some(section.title.as_str())
        });
        match found {
            Some((i, d)) => {
                used[i] = true;
                cases.push(name, status(d, lang));
            }
            None => cases.passed(name),
        }
    }
    for (d, _) in dossier.diagnostics.iter().zip(&used).filter(|(_, used)| !**used) {
        let place = match (&d.file, &d.section) {
            (Some(f), Some(s)) => Some(format!("{f} / {s}")),
            (f, s) => f.clone().or_else(|| s.clone()),
        };
        cases.diagnostic(d, place.as_deref(), lang);
    }
    let mut suite = TestSuite::new(dossier.path.as_str());
    suite.add_test_cases(cases.finish("dossier"));
    suite
}

/// What a case becomes: an error fails it, a warning passes with its message in system-out.
enum Outcome {
    Failure(TestCaseStatus),
    Warning(String),
    Pass,
}

fn status(d: &Diagnostic, lang: Lang) -> Outcome {
    let (message, help) = (d.text(lang), d.help_text(lang));
    let text = match &help {
        Some(help) => format!("{message}\n{help}"),
        None => message.clone().into_owned(),
    };
    match d.severity {
        Severity::Error => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(message.as_ref()).set_type(d.code.as_str());
            if let Some(help) = help {
                status.set_description(help.as_ref());
            }
            Outcome::Failure(status)
        }
        Severity::Warning => Outcome::Warning(text),
        Severity::Info => Outcome::Pass,
    }
}

/// The cases of one suite, with names kept unique (viewers merge cases of the same name).
struct Cases {
    classname: String,
    cases: Vec<TestCase>,
    seen: HashMap<String, usize>,
}

impl Cases {
    fn new(classname: &str) -> Self {
        Self { classname: classname.to_owned(), cases: Vec::new(), seen: HashMap::new() }
    }

    fn unique(&mut self, name: String) -> String {
        let n = self.seen.entry(name.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            name
        } else {
            format!("{name} ({n})")
        }
    }

    fn add(&mut self, name: String, status: TestCaseStatus, out: Option<String>) {
        let name = self.unique(name);
        let mut case = TestCase::new(name, status);
        case.set_classname(self.classname.as_str());
        if let Some(out) = out {
            case.set_system_out(out);
        }
        self.cases.push(case);
    }

    fn passed(&mut self, name: String) {
        self.add(name, TestCaseStatus::success(), None);
    }

    fn push(&mut self, name: String, outcome: Outcome) {
        match outcome {
            Outcome::Failure(status) => self.add(name, status, None),
            Outcome::Warning(text) => self.add(name, TestCaseStatus::success(), Some(text)),
            Outcome::Pass => self.passed(name),
        }
    }

    /// A case of its own for an error or a warning; info is not a check that can fail, so it is left out.
    fn diagnostic(&mut self, d: &Diagnostic, place: Option<&str>, lang: Lang) {
        if d.severity == Severity::Info {
            return;
        }
        let mut name = format!("{} {}", d.code, d.code.info().title(lang));
        if let Some(place) = place {
            name.push_str(lang.pick("：", ": "));
            name.push_str(place);
        }
        self.push(name, status(d, lang));
    }

    /// The cases, or one passing case named `empty` so the suite is not empty.
    fn finish(mut self, empty: &str) -> Vec<TestCase> {
        if self.cases.is_empty() {
            self.passed(empty.to_owned());
        }
        self.cases
    }
}
