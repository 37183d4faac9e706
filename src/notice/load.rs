//! Loading a rule file: parse with serde (unknown keys and wrong types fail with their span), then a
//! second phase that collects every impossible value before stopping, each pointed at in the TOML.

use super::model::*;
use crate::diag::Lang;
use crate::keys::label_key;
use crate::read::file;
use miette::{Diagnostic, NamedSource, SourceSpan};
use std::collections::HashSet;
use std::path::Path;

/// One problem in a rule file, with the place in the TOML it points at.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct Problem {
    pub message: String,
    #[source_code]
    src: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
}

impl Problem {
    /// The byte range in the rule file, when known.
    pub fn span(&self) -> Option<std::ops::Range<usize>> {
        self.span.map(|s| s.offset()..s.offset() + s.len())
    }
}

/// A rule file that cannot be used; every problem found is listed.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{summary}")]
#[diagnostic(code(shenbao::rule_file))]
pub struct RuleFileError {
    summary: String,
    #[related]
    pub problems: Vec<Problem>,
}

/// A step in a path through the TOML document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

/// A problem found by validation, not yet placed in the source.
struct Found {
    path: Vec<Seg>,
    message: String,
}

/// Reads a rule file the user named: a regular file of at most [`file::RULE_FILE_MAX`], UTF-8. A FIFO, a
/// device or a huge file is refused before it is read, with why in `lang`.
pub fn read_rule_file(path: &Path, lang: Lang) -> Result<String, super::NoticeError> {
    file::read_text(path, file::RULE_FILE_MAX).map_err(|e| super::NoticeError::Io {
        path: crate::diag::printable(&path.display().to_string()).into_owned(),
        source: std::io::Error::other(e.describe(lang)),
    })
}

/// Parses and validates a rule file. `name` is what messages call it (a path or an embedded id).
pub fn load_str(name: &str, text: &str, lang: Lang) -> Result<Notice, RuleFileError> {
    let src = || NamedSource::new(name, text.to_owned()).with_language("TOML");
    let mut notice: Notice = match toml::from_str(text) {
        Ok(notice) => notice,
        Err(e) => {
            let message = e.message().trim().to_owned();
            let problem = Problem {
                label: match lang {
                    Lang::Zh => "这里".into(),
                    Lang::En => "here".into(),
                },
                span: e.span().map(|r| SourceSpan::from(r.start..r.end)),
                message,
                src: src(),
            };
            return Err(RuleFileError { summary: summary(name, 1, lang), problems: vec![problem] });
        }
    };
    name_rows_by_their_heads(&mut notice);
    let found = validate(&notice, lang);
    if found.is_empty() {
        return Ok(notice);
    }
    let spans = SpanIndex::new(text);
    let problems: Vec<Problem> = found
        .into_iter()
        .map(|f| Problem {
            span: spans.find(&f.path).map(SourceSpan::from),
            label: path_label(&f.path),
            message: f.message,
            src: src(),
        })
        .collect();
    Err(RuleFileError { summary: summary(name, problems.len(), lang), problems })
}

/// A field's `row` names its head as `check` finds labels ("联 系 人" is the row of “联系人（必填）”);
/// it is rewritten to the head's label, so messages and titles name the row as the table does.
fn name_rows_by_their_heads(notice: &mut Notice) {
    for table in &mut notice.form.tables {
        let heads: Vec<(String, String)> =
            table.fields.iter().filter(|f| f.row.is_none()).map(|f| (label_key(&f.label), f.label.clone())).collect();
        for field in &mut table.fields {
            if let Some(row) = &mut field.row {
                let key = label_key(row);
                if let Some((_, label)) = heads.iter().find(|(k, _)| *k == key) {
                    row.clone_from(label);
                }
            }
        }
    }
}

fn summary(name: &str, n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("规则文件 {name} 无效：发现 {n} 处问题"),
        Lang::En => format!("rule file {name} is invalid: {n} problem(s)"),
    }
}

fn path_label(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Byte spans of values in the TOML source, looked up by path.
struct SpanIndex<'a> {
    root: Option<toml::Spanned<toml::de::DeTable<'a>>>,
}

impl<'a> SpanIndex<'a> {
    fn new(text: &'a str) -> Self {
        Self { root: toml::de::DeTable::parse(text).ok() }
    }

    /// The span of the deepest value along `path` that exists.
    fn find(&self, path: &[Seg]) -> Option<std::ops::Range<usize>> {
        let root = self.root.as_ref()?;
        let mut span = None;
        let mut table: Option<&toml::de::DeTable<'_>> = Some(root.get_ref());
        let mut array: Option<&toml::de::DeArray<'_>> = None;
        for seg in path {
            let value = match (seg, table, array) {
                (Seg::Key(k), Some(t), _) => {
                    t.iter().find(|(key, _)| key.get_ref() == k).map(|(key, v)| {
                        // Point at the key when the value is a whole table (clearer than the table body).
                        if matches!(v.get_ref(), toml::de::DeValue::Table(_)) {
                            span = Some(key.span());
                        }
                        v
                    })
                }
                (Seg::Index(i), _, Some(a)) => a.get(*i),
                _ => None,
            };
            let Some(value) = value else { break };
            if !matches!(value.get_ref(), toml::de::DeValue::Table(_)) || span.is_none() {
                span = Some(value.span());
            }
            match value.get_ref() {
                toml::de::DeValue::Table(t) => {
                    table = Some(t);
                    array = None;
                }
                toml::de::DeValue::Array(a) => {
                    array = Some(a);
                    table = None;
                }
                _ => {
                    table = None;
                    array = None;
                }
            }
        }
        span
    }
}

struct Validator {
    lang: Lang,
    found: Vec<Found>,
}

impl Validator {
    fn report(&mut self, path: Vec<Seg>, zh: String, en: String) {
        let message = match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        };
        self.found.push(Found { path, message });
    }

    fn non_empty(&mut self, path: Vec<Seg>, value: &str) {
        if value.trim().is_empty() {
            self.report(path, "不能为空".into(), "must not be empty".into());
        }
    }

    fn clause(&mut self, mut path: Vec<Seg>, clause: &Clause) {
        path.push(Seg::Key("clause"));
        if clause.reference.trim().is_empty() || clause.quote.trim().is_empty() {
            self.report(
                path,
                "条款出处须写明条款号（ref）和原文摘录（quote）".into(),
                "a clause needs both `ref` (the clause number) and `quote` (a verbatim quote)".into(),
            );
        }
    }

    fn limit(&mut self, path: Vec<Seg>, limit: Option<u64>) {
        if limit == Some(0) {
            self.report(path, "字数限制不能为 0".into(), "a word limit of 0 is impossible".into());
        }
    }

    fn patterns(&mut self, path: Vec<Seg>, patterns: &[String]) {
        for (i, p) in patterns.iter().enumerate() {
            let mut at = path.clone();
            at.push(Seg::Index(i));
            if let Err(e) = globset::Glob::new(p) {
                self.report(at, format!("文件名模式无效：{e}"), format!("invalid file-name pattern: {e}"));
            }
        }
    }

    /// Reports names that occur twice in one list.
    fn unique<'a>(&mut self, path: &[Seg], key: &'static str, names: impl Iterator<Item = &'a str>, what_zh: &str) {
        let mut seen = HashSet::new();
        for (i, name) in names.enumerate() {
            if !seen.insert(normalize_key(name)) {
                let mut at = path.to_vec();
                at.extend([Seg::Index(i), Seg::Key(key)]);
                self.report(at, format!("{what_zh}“{name}”重复出现"), format!("“{name}” is listed twice"));
            }
        }
    }
}

/// Names compare without spaces and case.
fn normalize_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The second phase: every rule the schema cannot state, each problem collected with its path so that
/// one run lists them all. Each step checks one table of the rule file.
fn validate(n: &Notice, lang: Lang) -> Vec<Found> {
    let mut v = Validator { lang, found: Vec::new() };
    header(&mut v, n);
    deadlines(&mut v, n);
    documents(&mut v, n);
    submission(&mut v, n);
    form_parts(&mut v, n);
    form_tables(&mut v, n);
    quotas_and_team(&mut v, n);
    lists_naming_and_requirements(&mut v, n);
    v.found
}

/// The notice itself: a schema this build reads, an id usable in file names, who issued it and the
/// clauses it forwards or supersedes.
fn header(v: &mut Validator, n: &Notice) {
    use Seg::{Index as I, Key as K};
    if n.schema != SCHEMA {
        v.report(
            vec![K("schema")],
            format!("本程序读取第 {SCHEMA} 版规则文件，此文件为第 {} 版", n.schema),
            format!("this build reads rule-file schema {SCHEMA}, the file says {}", n.schema),
        );
    }
    if n.id.is_empty() || !n.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        v.report(
            vec![K("id")],
            "id 只能由小写字母、数字和连字符组成，例如 cq-2024-cases-2".into(),
            "an id is lower-case letters, digits and hyphens, e.g. cq-2024-cases-2".into(),
        );
    }
    v.non_empty(vec![K("title")], &n.title);
    v.non_empty(vec![K("item")], &n.item);
    if n.issuer.is_empty() {
        v.report(vec![K("issuer")], "须写明印发单位".into(), "name at least one issuer".into());
    }
    if let Some(f) = &n.forwarded_by {
        v.clause(vec![K("forwarded_by")], &f.clause);
    }
    for (i, s) in n.supersedes.iter().enumerate() {
        v.clause(vec![K("supersedes"), I(i)], &s.clause);
    }
}

/// Deadlines: a real time zone, at least one round, and no round or stage that ends before it opens.
fn deadlines(v: &mut Validator, n: &Notice) {
    use Seg::{Index as I, Key as K};
    if jiff::tz::TimeZone::get(&n.deadline.timezone).is_err() {
        v.report(
            vec![K("deadline"), K("timezone")],
            format!("未知时区“{}”，应为 IANA 时区名，如 Asia/Shanghai", n.deadline.timezone),
            format!("unknown time zone “{}”; use an IANA name such as Asia/Shanghai", n.deadline.timezone),
        );
    }
    if n.deadline.rounds.is_empty() {
        v.report(
            vec![K("deadline"), K("rounds")],
            "至少需要一个截止日期".into(),
            "at least one round is needed".into(),
        );
    }
    v.unique(&[K("deadline"), K("rounds")], "name", n.deadline.rounds.iter().map(|r| r.name.as_str()), "批次");
    for (i, r) in n.deadline.rounds.iter().enumerate() {
        let at = vec![K("deadline"), K("rounds"), I(i)];
        v.clause(at.clone(), &r.clause);
        if let Some(opens) = r.opens {
            if opens > r.date {
                let mut p = at.clone();
                p.push(K("opens"));
                v.report(
                    p,
                    format!("开始日期 {opens} 晚于截止日期 {}", r.date),
                    format!("opens {opens} after its deadline {}", r.date),
                );
            }
        }
    }
    for (i, s) in n.deadline.stages.iter().enumerate() {
        let at = vec![K("deadline"), K("stages"), I(i)];
        v.clause(at.clone(), &s.clause);
        if s.from > s.to {
            let mut p = at;
            p.push(K("to"));
            v.report(p, format!("结束日期早于开始日期 {}", s.from), format!("ends before it starts ({})", s.from));
        }
    }
}

/// Documents: each can be found (patterns), has accepted formats and sane counts, and names its clauses.
fn documents(v: &mut Validator, n: &Notice) {
    use Seg::{Index as I, Key as K};
    v.unique(&[K("documents")], "id", n.documents.iter().map(|d| d.id.as_str()), "材料 id");
    for (i, d) in n.documents.iter().enumerate() {
        let at = vec![K("documents"), I(i)];
        v.clause(at.clone(), &d.clause);
        v.non_empty([at.clone(), vec![K("name")]].concat(), &d.name);
        if d.patterns.is_empty() && d.any_of.is_empty() {
            v.report(
                at.clone(),
                format!("材料“{}”须给出 patterns 或 any_of", d.name),
                format!("document “{}” needs `patterns` or `any_of`", d.name),
            );
        }
        if d.formats.is_empty() && (d.any_of.is_empty() || d.any_of.iter().any(|a| a.formats.is_empty())) {
            v.report(
                at.clone(),
                format!("材料“{}”须给出可接受的格式（formats）", d.name),
                format!("document “{}” needs accepted `formats`", d.name),
            );
        }
        v.patterns([at.clone(), vec![K("patterns")]].concat(), &d.patterns);
        for (j, alt) in d.any_of.iter().enumerate() {
            v.patterns([at.clone(), vec![K("any_of"), I(j), K("patterns")]].concat(), &alt.patterns);
        }
        for (j, cat) in d.categories.iter().enumerate() {
            v.patterns([at.clone(), vec![K("categories"), I(j), K("patterns")]].concat(), &cat.patterns);
        }
        if let (Some(min), Some(max)) = (d.min_count, d.max_count) {
            if min > max {
                v.report(
                    [at.clone(), vec![K("min_count")]].concat(),
                    format!("最少数量 {min} 大于最多数量 {max}"),
                    format!("min_count {min} exceeds max_count {max}"),
                );
            }
        }
        if let Some(video) = &d.video {
            v.clause([at.clone(), vec![K("video")]].concat(), &video.clause);
            if video.min_width == 0 || video.min_height == 0 {
                v.report(
                    [at.clone(), vec![K("video")]].concat(),
                    "视频最低分辨率须大于 0".into(),
                    "video minimum resolution must be above 0".into(),
                );
            }
        }
        if let Some(image) = &d.image {
            v.clause([at.clone(), vec![K("image")]].concat(), &image.clause);
        }
    }
}

/// What is submitted: electronic entries name real documents; paper copies are at least one.
fn submission(v: &mut Validator, n: &Notice) {
    use Seg::{Index as I, Key as K};
    let doc_ids: HashSet<&str> = n.documents.iter().map(|d| d.id.as_str()).collect();
    for (i, id) in n.submission.electronic.iter().enumerate() {
        if !doc_ids.contains(id.as_str()) {
            v.report(
                vec![K("submission"), K("electronic"), I(i)],
                format!("没有 id 为“{id}”的材料"),
                format!("no document has id “{id}”"),
            );
        }
    }
    v.clause(vec![K("submission")], &n.submission.clause);
    if let Some(paper) = &n.submission.paper {
        v.clause(vec![K("submission"), K("paper")], &paper.clause);
        if paper.copies == 0 {
            v.report(
                vec![K("submission"), K("paper"), K("copies")],
                "纸质版份数不能为 0".into(),
                "paper copies cannot be 0".into(),
            );
        }
    }
}

/// The 申报书: it names an application document in docx, and its parts and sections are unique with
/// limits that fit inside their part.
fn form_parts(v: &mut Validator, n: &Notice) {
    use Seg::{Index as I, Key as K};
    let form = &n.form;
    v.clause(vec![K("form")], &form.clause);
    match n.document(&form.document) {
        None => v.report(
            vec![K("form"), K("document")],
            format!("没有 id 为“{}”的材料", form.document),
            format!("no document has id “{}”", form.document),
        ),
        Some(d) if d.role != Role::Application || !d.formats.contains(&Format::Docx) => v.report(
            vec![K("form"), K("document")],
            format!("申报书须指向 role = \"application\"、格式含 docx 的材料，而“{}”不是", d.id),
            format!("the form must name a document with role \"application\" accepting docx; “{}” is not", d.id),
        ),
        Some(_) => {}
    }
    if form.parts.is_empty() {
        v.report(
            vec![K("form"), K("parts")],
            "申报书至少要有一个部分".into(),
            "the form needs at least one part".into(),
        );
    }
    v.unique(&[K("form"), K("parts")], "title", form.parts.iter().map(|p| p.title.as_str()), "部分");
    for (i, part) in form.parts.iter().enumerate() {
        let at = vec![K("form"), K("parts"), I(i)];
        v.clause(at.clone(), &part.clause);
        v.non_empty([at.clone(), vec![K("title")]].concat(), &part.title);
        v.limit([at.clone(), vec![K("limit")]].concat(), part.limit);
        v.unique(
            &[at.clone(), vec![K("sections")]].concat(),
            "title",
            part.sections.iter().map(|s| s.title.as_str()),
            "章节",
        );
        for (j, s) in part.sections.iter().enumerate() {
            let sat = [at.clone(), vec![K("sections"), I(j)]].concat();
            v.clause(sat.clone(), &s.clause);
            v.non_empty([sat.clone(), vec![K("title")]].concat(), &s.title);
            v.limit([sat.clone(), vec![K("limit")]].concat(), s.limit);
            if let (Some(sl), Some(pl)) = (s.limit, part.limit) {
                if sl > pl {
                    v.report(
                        [sat.clone(), vec![K("limit")]].concat(),
                        format!("章节限制 {sl} 字超过所在部分的总限制 {pl} 字"),
                        format!("section limit {sl} exceeds its part's total {pl}"),
                    );
                }
            }
        }
    }
}

/// The 申报书's tables: unique field titles, rows that name a head of the same table, choice fields
/// that name a list.
fn form_tables(v: &mut Validator, n: &Notice) {
    use Seg::{Index as I, Key as K};
    let form = &n.form;
    for (i, t) in form.tables.iter().enumerate() {
        let at = vec![K("form"), K("tables"), I(i)];
        v.clause(at.clone(), &t.clause);
        // A label may recur in other rows (`row`): what must be unique is the field's title.
        let titles: Vec<String> = t.fields.iter().map(Field::title).collect();
        v.unique(&[at.clone(), vec![K("fields")]].concat(), "label", titles.iter().map(String::as_str), "栏目");
        for (j, f) in t.fields.iter().enumerate() {
            let fat = [at.clone(), vec![K("fields"), I(j)]].concat();
            v.limit([fat.clone(), vec![K("limit")]].concat(), f.limit);
            if let Some(row) = &f.row {
                // `name_rows_by_their_heads` has rewritten a row that names a head to the head's label.
                let heads_a_row = t.fields.iter().any(|g| g.row.is_none() && g.label == *row);
                let earlier_in_row = t.fields[..j].iter().filter(|g| g.row.as_ref() == Some(row));
                if !heads_a_row {
                    v.report(
                        [fat.clone(), vec![K("row")]].concat(),
                        format!("本表没有“{row}”栏，row 须写本表中另一栏目的名称"),
                        format!("this table has no field “{row}”: `row` names another field of the table"),
                    );
                } else if earlier_in_row.count() >= 2 {
                    // The 申报表 template's row holds its head and two more label/value pairs.
                    v.report(
                        [fat.clone(), vec![K("row")]].concat(),
                        format!("“{row}”这一行已有两栏，一行最多再放两栏"),
                        format!(
                            "the row of “{row}” already holds two fields: a row holds at most two besides its head"
                        ),
                    );
                }
            }
            match (&f.list, f.kind) {
                (Some(list), _) if n.lists.by_name(list).is_none() => v.report(
                    [fat.clone(), vec![K("list")]].concat(),
                    format!("lists 中没有“{list}”（可用：{}）", Lists::NAMES.join("、")),
                    format!("no list “{list}” in [lists] (known: {})", Lists::NAMES.join(", ")),
                ),
                (None, FieldKind::Choice) => v.report(
                    fat.clone(),
                    "选择类栏目须用 list 指明取值列表".into(),
                    "a choice field needs `list`".into(),
                ),
                _ => {}
            }
        }
    }
}

/// Quotas have a bound and do not contradict themselves; a team has room for at least one member.
fn quotas_and_team(v: &mut Validator, n: &Notice) {
    use Seg::{Index as I, Key as K};
    for (i, q) in n.quotas.iter().enumerate() {
        let at = vec![K("quotas"), I(i)];
        v.clause(at.clone(), &q.clause);
        match (q.min, q.max) {
            (None, None) => v.report(at, "名额须给出 min 或 max".into(), "a quota needs `min` or `max`".into()),
            (Some(min), Some(max)) if min > max => {
                v.report(at, format!("min {min} 大于 max {max}"), format!("min {min} exceeds max {max}"))
            }
            _ => {}
        }
    }
    if let Some(team) = &n.team {
        v.clause(vec![K("team")], &team.clause);
        if team.max_members == 0 {
            v.report(
                vec![K("team"), K("max_members")],
                "团队人数上限不能为 0".into(),
                "max_members cannot be 0".into(),
            );
        }
    }
}

/// Value lists hold no duplicates, a case-name format has its {名称} slot, and every requirement cites its clause.
fn lists_naming_and_requirements(v: &mut Validator, n: &Notice) {
    use Seg::{Index as I, Key as K};
    for (name, list) in [
        ("fields", &n.lists.fields),
        ("directions", &n.lists.directions),
        ("areas", &n.lists.areas),
        ("unit_types", &n.lists.unit_types),
    ] {
        if let Some(list) = list {
            v.clause(vec![K("lists"), K(name)], &list.clause);
            let path = [K("lists"), K(name)];
            let mut seen = HashSet::new();
            for (i, value) in list.values.iter().enumerate() {
                if !seen.insert(value.as_str()) {
                    v.report(
                        vec![path[0].clone(), path[1].clone(), K("values"), I(i)],
                        format!("“{value}”重复出现"),
                        format!("“{value}” is listed twice"),
                    );
                }
            }
        }
    }
    if let Some(tracks) = &n.lists.tracks {
        v.clause(vec![K("lists"), K("tracks")], &tracks.clause);
        v.unique(
            &[K("lists"), K("tracks"), K("tracks")],
            "name",
            tracks.tracks.iter().map(|t| t.name.as_str()),
            "赛道",
        );
    }
    for (i, rule) in n.naming.iter().enumerate() {
        let at = vec![K("naming"), I(i)];
        v.clause(at.clone(), &rule.clause);
        if rule.what == NamingTarget::CaseName && !rule.format.contains("{名称}") {
            v.report(
                [at, vec![K("format")]].concat(),
                "案例名称格式须含 {名称}".into(),
                "a case-name format needs {名称}".into(),
            );
        }
    }
    for (i, r) in n.requirements.iter().enumerate() {
        v.clause(vec![K("requirements"), I(i)], &r.clause);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
schema = 1
id = "demo"
title = "示例通知"
issuer = ["某局"]
kind = "cases"
item = "案例"

[deadline]
rounds = [{ name = "唯一批次", date = 2026-12-31, clause = { ref = "二", quote = "12月31日前" } }]

[submission]
recipient = "某局"
channels = ["email"]
clause = { ref = "二", quote = "报送至某局" }

[[documents]]
id = "application"
name = "申报书"
name_en = "application form"
role = "application"
formats = ["docx"]
patterns = ["*申报书*"]
clause = { ref = "附件1", quote = "申报书" }

[form]
document = "application"
title = "申报书"
clause = { ref = "附件1", quote = "申报书" }

[[form.parts]]
title = "申报材料"
limit = 3000
clause = { ref = "附件1", quote = "总篇幅不超过3000字" }

[[form.parts.sections]]
title = "问题描述"
limit = 300
clause = { ref = "附件1", quote = "问题描述(300字以内)" }
"#;

    #[test]
    fn minimal_rule_file_loads() {
        let n = load_str("demo.toml", MINIMAL, Lang::Zh).expect("loads");
        assert_eq!(n.form.parts[0].sections[0].limit, Some(300));
        assert_eq!(n.deadline.timezone, "Asia/Shanghai");
    }

    #[test]
    fn unknown_key_is_rejected_with_its_span() {
        let text = MINIMAL.replace("item = \"案例\"", "item = \"案例\"\nitme = 1");
        let err = load_str("demo.toml", &text, Lang::En).expect_err("unknown key");
        assert_eq!(err.problems.len(), 1);
        let span = err.problems[0].span().expect("span");
        assert_eq!(&text[span], "itme");
        assert!(err.problems[0].message.contains("unknown field"), "{}", err.problems[0].message);
    }

    #[test]
    fn negative_limit_is_a_type_error() {
        let text = MINIMAL.replace("limit = 300\n", "limit = -300\n");
        let err = load_str("demo.toml", &text, Lang::En).expect_err("negative");
        let span = err.problems[0].span().expect("span");
        assert_eq!(&text[span], "-300");
    }

    #[test]
    fn all_semantic_problems_are_collected_with_spans() {
        let text = MINIMAL
            .replace("limit = 300\n", "limit = 0\n")
            .replace("document = \"application\"", "document = \"missing\"")
            + "\n[[form.parts.sections]]\ntitle = \"问题描述\"\nclause = { ref = \"附件1\", quote = \"x\" }\n";
        let err = load_str("demo.toml", &text, Lang::Zh).expect_err("invalid");
        let messages: Vec<&str> = err.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(err.problems.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("重复")));
        assert!(messages.iter().any(|m| m.contains("不能为 0")));
        assert!(messages.iter().any(|m| m.contains("missing")));
        let spans: Vec<&str> = err.problems.iter().filter_map(|p| p.span()).map(|s| &text[s]).collect();
        assert!(spans.contains(&"0"), "{spans:?}");
        assert!(spans.contains(&"\"missing\""), "{spans:?}");
        assert!(spans.contains(&"\"问题描述\""), "{spans:?}");
    }

    /// A minimal rule file with one 申报表 of these fields (TOML inline tables).
    fn table(fields: &str) -> String {
        format!(
            "{MINIMAL}\n[[form.tables]]\nname = \"申报表\"\nclause = {{ ref = \"附件1\", quote = \"申报表\" }}\nfields = [{fields}]\n"
        )
    }

    /// A label may recur in another row (`row`), but `row` must name a field of the table, and one
    /// label cannot appear twice in the same row.
    #[test]
    fn a_recurring_label_needs_a_row_that_exists() {
        let ok = table(
            r#"{ label = "负责人" }, { label = "联系方式" }, { label = "联系人" }, { label = "联系方式", row = "联系人" }"#,
        );
        let n = load_str("demo.toml", &ok, Lang::Zh).expect("a label in another row loads");
        let titles: Vec<String> = n.form.tables[0].fields.iter().map(Field::title).collect();
        assert_eq!(titles, ["负责人", "联系方式", "联系人", "联系人的联系方式"]);

        let bad = table(r#"{ label = "联系方式" }, { label = "联系方式", row = "联络人" }, { label = "联系方式" }"#);
        let err = load_str("demo.toml", &bad, Lang::Zh).expect_err("invalid");
        let messages: Vec<&str> = err.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages, ["栏目“联系方式”重复出现", "本表没有“联络人”栏，row 须写本表中另一栏目的名称"]);
        let spans: Vec<&str> = err.problems.iter().filter_map(|p| p.span()).map(|s| &bad[s]).collect();
        assert!(spans.contains(&"\"联络人\""), "{spans:?}");
    }

    /// `row` names its head as `check` finds labels (spaces and a trailing note aside),
    /// and a row holds at most two fields besides its head, as the 申报表 template lays it out.
    #[test]
    fn a_row_holds_two_fields_besides_its_head() {
        let two = table(
            r#"{ label = "联系人（必填）" }, { label = "手机", kind = "contact", row = "联 系 人" }, { label = "邮箱", row = "联系人" }"#,
        );
        let n = load_str("demo.toml", &two, Lang::Zh).expect("two fields in a row load");
        let titles: Vec<String> = n.form.tables[0].fields.iter().map(Field::title).collect();
        assert_eq!(
            titles,
            ["联系人（必填）", "联系人（必填）的手机", "联系人（必填）的邮箱"],
            "rows named by their heads"
        );
        let three = table(
            r#"{ label = "联系人" }, { label = "手机", row = "联系人" }, { label = "邮箱", row = "联系人" }, { label = "传真", row = "联系人" }"#,
        );
        let err = load_str("demo.toml", &three, Lang::En).expect_err("three fields in a row");
        let messages: Vec<&str> = err.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            ["the row of “联系人” already holds two fields: a row holds at most two besides its head"]
        );
        let spans: Vec<&str> = err.problems.iter().filter_map(|p| p.span()).map(|s| &three[s]).collect();
        assert_eq!(spans, ["\"联系人\""], "the third field's `row`");
    }
}
