//! The drafted rule file as TOML text, written by hand (no `toml_edit` in the lock file) so that each
//! rule keeps its comments; strings are quoted by the `toml` crate's own escaper.

use super::{Draft, FormDraft, Heading, Input, NoticeDraft};
use std::fmt::Write as _;

/// A TOML basic string.
fn q(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "))
}

fn clause(reference: &str, quote: &str) -> String {
    let quote = if quote.trim().is_empty() { reference } else { quote };
    format!("{{ ref = {}, quote = {} }}", q(reference), q(quote.trim()))
}

/// Collects `# 请核对：` lines and the list shown on stderr.
struct Out {
    text: String,
    to_check: Vec<String>,
}

impl Out {
    fn check(&mut self, what: &str) {
        // A comment is one line: a newline in a quote would end it.
        let what = what.replace(['\n', '\r'], " ");
        let _ = writeln!(self.text, "# 请核对：{what}");
        self.to_check.push(what);
    }
    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }
}

/// Numbering as a clause reference: “二、” → “二”, “（一）” stays.
fn clause_number(number: Option<&String>) -> String {
    number.map(|n| n.trim_end_matches(['、', '．', '.', ' ']).to_owned()).unwrap_or_default()
}

fn kind_and_item(title: &str) -> (&'static str, &'static str) {
    if title.contains("大赛") || title.contains("竞赛") || title.contains("赛") && title.contains("参赛") {
        ("contest", "项目")
    } else if title.contains("场景") {
        ("scenes", "场景")
    } else if title.contains("案例") {
        ("cases", "案例")
    } else {
        ("cases", "项目")
    }
}

pub(super) fn rule_file(input: &Input<'_>, mut form: FormDraft, notice: &NoticeDraft, notes: Vec<String>) -> Draft {
    let mut out = Out { text: String::new(), to_check: Vec::new() };
    let tpl = format!("申报书模板（{}）", input.template_name);
    let title = notice.title.clone().unwrap_or_else(|| form.title.clone());
    let (kind, item) = kind_and_item(&format!("{title}{}", form.title));

    out.line(
        "# 由 `shenbao notices new` 起草：各部分、章节和字数限制取自申报书模板，截止日期、材料和名额取自通知原文。",
    );
    out.line("# 每条规则的 clause 注明出处；标“# 请核对”的内容须对照通知改正后再使用。");
    out.line(&format!("# Drafted by `shenbao notices new` from {}.", input.template_name.replace('\n', " ")));
    out.line("");
    out.line("schema = 1");
    match input.id {
        Some(id) => out.line(&format!("id = {}", q(id))),
        None => {
            out.check("id 为占位，请改为稳定的编号（小写字母、数字和连字符），或用 --id 指定");
            let year = notice.issued.map_or(String::new(), |d| format!("-{}", d.year()));
            out.line(&format!("id = {}", q(&format!("new-notice{year}"))));
        }
    }
    if notice.title.is_none() {
        out.check("title 取自模板标题，请改为通知的标题");
    }
    out.line(&format!("title = {}", q(&title)));
    if notice.issuer.is_empty() {
        out.check("印发单位（issuer）为占位，请按通知落款填写");
        out.line(&format!("issuer = {}", list(&["（印发单位）".to_owned()])));
    } else {
        out.line(&format!("issuer = {}", list(&notice.issuer)));
    }
    if let Some(n) = &notice.doc_number {
        out.line(&format!("doc_number = {}", q(n)));
    }
    if let Some(d) = notice.issued {
        out.line(&format!("issued = {d}"));
    }
    out.check(&format!("征集类型按标题推断为 {kind}（cases 典型案例 / contest 大赛 / scenes 示范场景）"));
    out.line(&format!("kind = {}", q(kind)));
    out.line(&format!("item = {}", q(item)));

    deadline(&mut out, notice);
    let docs = documents(notice);
    submission(&mut out, notice, &docs);
    for d in &docs {
        out.text.push_str(d);
        out.to_check.extend(d.lines().filter_map(|l| l.strip_prefix("# 请核对：")).map(str::to_owned));
    }
    let (parts, sections, limits) = form_text(&mut out, &mut form, &tpl);
    for qd in &notice.quotas {
        out.line("");
        out.line("[[quotas]]");
        out.line(&format!("scope = {}", q(qd.scope)));
        if let Some(a) = &qd.applies_to {
            out.line(&format!("applies_to = {}", q(a)));
        }
        if let Some(m) = qd.min {
            out.line(&format!("min = {m}"));
        }
        if let Some(m) = qd.max {
            out.line(&format!("max = {m}"));
        }
        out.line(&format!("clause = {}", clause(&qd.clause, &qd.quote)));
    }
    lists(&mut out, &form, &tpl);
    let mut to_check = out.to_check;
    for n in notes {
        if !to_check.iter().any(|c| c.contains(&n) || n.contains(c.as_str())) {
            out.text.push_str(&format!("# 请核对：{}\n", n.replace(['\n', '\r'], " ")));
            to_check.push(n);
        }
    }
    Draft { toml: out.text, to_check, parts, sections, limits }
}

fn deadline(out: &mut Out, notice: &NoticeDraft) {
    out.line("");
    out.line("[deadline]");
    out.line("timezone = \"Asia/Shanghai\"");
    if notice.rounds.is_empty() {
        out.check("未找到截止日期（未给出通知原文，或原文中没有“X月X日前”）：下面的日期是占位，请按通知填写");
        out.line("rounds = [");
        out.line(&format!(
            "    {{ name = \"申报截止\", date = {}, clause = {} }},",
            jiff::civil::date(2099, 12, 31),
            clause("（待填）", "（请摘录通知中写截止日期的原文）")
        ));
        out.line("]");
        return;
    }
    out.line("rounds = [");
    for r in &notice.rounds {
        for u in &r.unsure {
            out.check(&format!("{}：{u}", r.name));
        }
        let mut opens = r.opens.map_or(String::new(), |o| format!("opens = {o}, "));
        if r.approximate {
            opens.push_str("approximate = true, ");
        }
        out.line(&format!(
            "    {{ name = {}, date = {}, {opens}clause = {} }},",
            q(&r.name),
            r.date,
            clause(&r.clause, &r.quote)
        ));
    }
    out.line("]");
    if !notice.stages.is_empty() {
        out.line("stages = [");
        for st in &notice.stages {
            out.line(&format!(
                "    {{ name = {}, from = {}, to = {}, clause = {} }},",
                q(&st.name),
                st.from,
                st.to,
                clause(&st.clause, &st.quote)
            ));
        }
        out.line("]");
    }
}

/// The `[[documents]]` tables: the editable 申报书 always, then what the notice text asks for.
fn documents(notice: &NoticeDraft) -> Vec<String> {
    let mut docs = Vec::new();
    let mut d = String::new();
    let _ = writeln!(d, "\n[[documents]]\nid = \"application\"\nname = \"申报书\"\nname_en = \"application form\"");
    let _ = writeln!(d, "role = \"application\"\nformats = [\"docx\"]");
    let _ = writeln!(d, "patterns = [\"*申报书*\", \"*申请书*\", \"*申报材料*\", \"*可编辑*\", \"*word*\"]");
    let _ = writeln!(d, "clause = {}", clause("申报书模板", "申报书"));
    docs.push(d);
    for a in &notice.attachments {
        let c = clause(&a.clause, &a.quote);
        let text = match a.id.as_str() {
            "licence" => format!(
                "\n[[documents]]\nid = \"licence\"\nname = \"营业执照或法人证书复印件\"\nname_en = \"business licence or legal-person certificate copy\"\nrole = \"licence\"\n\
                 formats = [\"pdf\", \"jpg\", \"png\"]\npatterns = [\"*营业执照*\", \"*执照*\", \"*法人证书*\", \"*组织机构代码*\"]\nclause = {c}\n"
            ),
            "stamped_pdf" => format!(
                "\n[[documents]]\nid = \"stamped_pdf\"\nname = \"用印PDF\"\nname_en = \"stamped PDF\"\nrole = \"stamped_copy\"\n\
                 formats = [\"pdf\"]\npatterns = [\"*用印*\", \"*盖章*\", \"*扫描*\", \"*申报书*\", \"*申报材料*\"]\nclause = {c}\n"
            ),
            "video" => {
                let mut t = String::from(
                    "\n[[documents]]\nid = \"video\"\nname = \"视频\"\nname_en = \"video\"\nrole = \"video\"\nformats = [\"mp4\"]\n\
                     patterns = [\"*视频*\", \"*.mp4\", \"*.mov\", \"*.avi\", \"*.wmv\", \"*.flv\", \"*.mkv\", \"*.m4v\"]\n",
                );
                if let Some(minutes) = a.detail {
                    let _ = writeln!(
                        t,
                        "# 请核对：“高清”按 1280×720 检查；时长按 {minutes} 分钟、前后 1 分钟内不提示\n\
                         video = {{ min_width = 1280, min_height = 720, duration_target_s = {}, duration_tolerance_s = 60, clause = {c} }}",
                        minutes * 60
                    );
                }
                let _ = writeln!(t, "clause = {c}");
                t
            }
            "pictures" => format!(
                "\n[[documents]]\nid = \"pictures\"\nname = \"图片\"\nname_en = \"pictures\"\nrole = \"picture\"\nrequired = false\n\
                 formats = [\"jpg\"]\npatterns = [\"*图片*\", \"*.jpg\", \"*.jpeg\"]\nclause = {c}\n"
            ),
            _ => continue,
        };
        docs.push(text);
    }
    docs
}

fn submission(out: &mut Out, notice: &NoticeDraft, docs: &[String]) {
    out.line("");
    out.line("[submission]");
    match &notice.recipient {
        Some(r) => out.line(&format!("recipient = {}", q(r))),
        None => {
            out.check("接收单位（recipient）为占位，请按通知填写");
            out.line("recipient = \"（接收单位）\"");
        }
    }
    let mut channels = Vec::new();
    if notice.email.is_some() {
        channels.push("email".to_owned());
    }
    if notice.platform {
        channels.push("platform".to_owned());
    }
    if notice.paper_copies.is_some() {
        channels.push("post".to_owned());
    }
    if notice.via_recommender {
        channels.push("recommender".to_owned());
    }
    if channels.is_empty() {
        out.check("报送方式（channels）未能从通知中读出，暂写 email");
        channels.push("email".to_owned());
    }
    out.line(&format!("channels = {}", list(&channels)));
    if let Some(e) = &notice.email {
        out.line(&format!("email = {}", q(e)));
    }
    let ids: Vec<String> = docs
        .iter()
        .filter_map(|d| d.lines().find_map(|l| l.strip_prefix("id = ")).map(|s| s.trim_matches('"').to_owned()))
        .filter(|id| id != "licence" || notice.paper_copies.is_none())
        .collect();
    out.line(&format!("electronic = {}", list(&ids)));
    if let Some((n, c, quote)) = &notice.paper_copies {
        out.line(&format!("paper = {{ copies = {n}, clause = {} }}", clause(c, quote)));
    }
    match &notice.submission_quote {
        Some((c, quote)) => out.line(&format!("clause = {}", clause(c, quote))),
        None => {
            out.check("报送方式的出处为占位");
            out.line(&format!("clause = {}", clause("（待填）", "（请摘录通知中写报送方式的原文）")));
        }
    }
}

/// `[form]`, its tables and parts. Returns (parts, sections, limits) written.
fn form_text(out: &mut Out, form: &mut FormDraft, tpl: &str) -> (usize, usize, usize) {
    place_document_limit(out, form);
    out.line("");
    out.line("[form]");
    out.line("document = \"application\"");
    out.line(&format!("title = {}", q(&form.title)));
    out.line("unit = \"word\"");
    if !form.cover.is_empty() {
        let cover: Vec<String> = form.cover.iter().map(|c| format!("{{ label = {} }}", q(c))).collect();
        out.line(&format!("cover = [{}]", cover.join(", ")));
    }
    out.line(&format!("clause = {}", clause(tpl, &form.title)));
    let mut used_lists: Vec<&'static str> = Vec::new();
    for t in &form.tables {
        out.line("");
        out.line("[[form.tables]]");
        out.line(&format!("name = {}", q(&t.name)));
        out.line("fields = [");
        for f in &t.fields {
            let mut kv = vec![format!("label = {}", q(&f.label))];
            if let Some(r) = &f.row {
                kv.push(format!("row = {}", q(r)));
            }
            let mut kind = f.kind;
            if kind == "choice" {
                match choice_list(&f.label).filter(|l| !used_lists.contains(l)) {
                    Some(l) => {
                        used_lists.push(l);
                        kv.push(format!("list = {}", q(l)));
                        if f.multiple {
                            kv.push("multiple = true".to_owned());
                        }
                    }
                    None => {
                        kind = "text";
                        out.check(&format!(
                            "“{}”是选择栏（{}），但取值列表已用完，暂作文字栏",
                            f.label,
                            f.options.join("、")
                        ));
                    }
                }
            }
            if kind != "text" && !kind.is_empty() {
                kv.push(format!("kind = {}", q(kind)));
            }
            if let Some(l) = f.limit {
                kv.push(format!("limit = {l}"));
            }
            if f.each_applicant {
                kv.push("each_applicant = true".to_owned());
            }
            if !f.placeholder.is_empty() {
                kv.push(format!("placeholder = {}", list(&f.placeholder)));
            }
            out.line(&format!("    {{ {} }},", kv.join(", ")));
        }
        out.line("]");
        let first = t.fields.first().map_or(t.name.as_str(), |f| f.quote.as_str());
        out.line(&format!("clause = {}", clause(&format!("{tpl} {}", t.name), first)));
    }
    let (mut sections, mut limits) = (0, 0);
    let mut titles: Vec<String> = Vec::new();
    for part in &mut form.parts {
        if titles.contains(&part.title) {
            part.unsure.push(format!("模板中“{}”出现两次，第二次改名", part.title));
            part.title = format!("{}（{}）", part.title, titles.len() + 1);
        }
        titles.push(part.title.clone());
        if let (Some((pl, _)), Some(max)) =
            (&part.limit, part.sections.iter().filter_map(|s| s.limit.as_ref().map(|l| l.0)).max())
        {
            if max > *pl {
                part.unsure.push(format!("章节限制 {max} 字大于本部分总限制 {pl} 字，总限制未写入"));
                part.limit = None;
            }
        }
        let part_ref = format!("{tpl} {}", clause_number(part.number.as_ref()));
        heading_text(out, "[[form.parts]]", part, part_ref.trim(), "本部分的总限制");
        limits += usize::from(part.limit.is_some());
        let mut seen: Vec<String> = Vec::new();
        for s in &mut part.sections {
            if seen.contains(&s.title) {
                s.title = format!("{}（{}）", s.title, seen.len() + 1);
            }
            seen.push(s.title.clone());
            let r = format!("{part_ref}{}", clause_number(s.number.as_ref()));
            heading_text(out, "[[form.parts.sections]]", s, r.trim(), "本节的限制");
            sections += 1;
            limits += usize::from(s.limit.is_some());
        }
    }
    (form.parts.len(), sections, limits)
}

/// A document-wide limit has no key of its own in a rule file: it goes to the only part, or to the
/// part holding the sections (say which).
fn place_document_limit(out: &mut Out, form: &mut FormDraft) {
    let Some(l) = form.document_limit.take() else { return };
    let target = if form.parts.len() == 1 {
        Some(0)
    } else {
        form.parts.iter().position(|p| p.limit.is_none() && !p.sections.is_empty())
    };
    match target {
        Some(i) => {
            let p = &mut form.parts[i];
            p.unsure.push(format!("全文限制“{}”写作“{}”的总限制（规则文件没有全文限制）", l.quote, p.title));
            if p.limit.is_none() {
                p.limit = Some((l.words, l.quote));
            }
        }
        None => out.check(&format!("全文限制“{}”（{} 字）没有可写入的部分，未写入", l.quote, l.words)),
    }
}

fn heading_text(out: &mut Out, table: &str, h: &Heading, reference: &str, which: &str) {
    out.line("");
    for u in &h.unsure {
        out.check(&format!("{}：{u}", h.title));
    }
    if let Some((words, quote)) = &h.limit {
        out.line(&format!("# 字数限制 {words} 字，取自“{quote}”，作为{which}"));
    }
    out.line(table);
    out.line(&format!("title = {}", q(&h.title)));
    if let Some(n) = &h.number {
        out.line(&format!("number = {}", q(n)));
    }
    if let Some((words, _)) = &h.limit {
        out.line(&format!("limit = {words}"));
    }
    if h.stamp {
        out.line("stamp = true");
    }
    if h.each_applicant {
        out.line("each_applicant = true");
    }
    if !h.guidance.is_empty() {
        out.line(&format!("guidance = {}", list(&h.guidance)));
    }
    if !h.text.is_empty() {
        out.line(&format!("text = {}", list(&h.text)));
    }
    let quote = h.limit.as_ref().map_or(h.quote.as_str(), |(_, q)| q.as_str());
    out.line(&format!("clause = {}", clause(reference, quote)));
}

/// The value list a choice field's label names.
fn choice_list(label: &str) -> Option<&'static str> {
    if label.contains("应用领域") || label.contains("应用场景") {
        Some("areas")
    } else if label.contains("领域") || label.contains("行业") {
        Some("fields")
    } else if label.contains("方向") || label.contains("赛题") {
        Some("directions")
    } else if label.contains("类型") || label.contains("性质") {
        Some("unit_types")
    } else {
        Some("areas")
    }
}

fn lists(out: &mut Out, form: &FormDraft, tpl: &str) {
    let mut used: Vec<&'static str> = Vec::new();
    for t in &form.tables {
        for f in t.fields.iter().filter(|f| f.kind == "choice") {
            let Some(l) = choice_list(&f.label).filter(|l| !used.contains(l)) else { continue };
            used.push(l);
            let mut values: Vec<String> = Vec::new();
            for o in &f.options {
                if !values.contains(o) {
                    values.push(o.clone());
                }
            }
            out.line("");
            out.line(&format!("[lists.{l}]"));
            out.line(&format!("values = {}", list(&values)));
            out.line(&format!("clause = {}", clause(&format!("{tpl} {}", t.name), &f.quote)));
        }
    }
}
