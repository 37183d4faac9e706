//! The notice's own text read for what the template cannot say: title, issuer, deadlines (Asia/Shanghai),
//! required attachments with default file patterns, quotas and where the dossier goes.

use super::{Attachment, NoticeDraft, QuotaDraft, RoundDraft};
use crate::keys::cn_number::{cn_number, number_prefix};

/// Sentences read from a notice; longer texts are not notices (a notice is 5–40 KB).
pub const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;
/// Longest quote written into a clause, in characters.
const MAX_QUOTE: usize = 90;

/// One sentence with the clause number it stands under.
struct Sentence {
    clause: String,
    /// The words of the clause's own heading (“启动报名” in “（一）启动报名。6月22日—7月21日，…”).
    heading: String,
    text: String,
}

/// The sentences of the notice (split at 。；and line ends), each under the last clause number seen at
/// a line start (“二、”, “（三）”, “附件1”).
fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut top = String::new();
    let mut sub = String::new();
    let mut heading = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with("附件") && line.chars().count() <= 40 {
            top = line.chars().take_while(|c| !matches!(c, '：' | ':' | '　' | ' ')).collect();
            sub.clear();
        } else if let Some((rank, number, rest)) = super::template::numbering(line) {
            heading = rest.split(['。', '，', '：', '；']).next().unwrap_or("").chars().take(20).collect();
            let number = number.trim_end_matches(['、', '．', '.']).to_owned();
            match rank {
                0 | 1 => {
                    top = number;
                    sub.clear();
                }
                _ => sub = number,
            }
        }
        let clause = format!("{top}{sub}");
        for s in line.split_inclusive(['。', '；', ';']) {
            let s = s.trim();
            if !s.is_empty() {
                out.push(Sentence {
                    clause: if clause.is_empty() { "正文".into() } else { clause.clone() },
                    heading: heading.clone(),
                    text: s.to_owned(),
                });
            }
        }
    }
    out
}

fn quote(s: &str) -> String {
    let t = s.trim().trim_end_matches(['。', '；', ';']);
    if t.chars().count() <= MAX_QUOTE {
        t.to_owned()
    } else {
        t.chars().take(MAX_QUOTE).collect::<String>()
    }
}

/// Dates written “2024年8月20日” (year optional), with their position in characters.
fn dates(s: &str) -> Vec<(Option<i16>, i8, i8, usize, usize)> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let num = |i: usize| -> (usize, Option<i64>) {
        let n = c[i..].iter().take_while(|x| x.is_ascii_digit()).count();
        (n, c[i..i + n].iter().collect::<String>().parse().ok())
    };
    let mut i = 0;
    while i < c.len() {
        let (n, v) = num(i);
        if n == 0 {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + n;
        let mut year = None;
        let mut first = v;
        if c.get(j) == Some(&'年') && n == 4 {
            year = v.and_then(|y| i16::try_from(y).ok());
            let (m, mv) = num(j + 1);
            if m == 0 {
                i = j;
                continue;
            }
            first = mv;
            j += 1 + m;
        }
        if c.get(j) == Some(&'月') {
            let (d, dv) = num(j + 1);
            if d > 0 && c.get(j + 1 + d) == Some(&'日') {
                if let (Some(m), Some(day)) =
                    (first.and_then(|m| i8::try_from(m).ok()), dv.and_then(|d| i8::try_from(d).ok()))
                {
                    out.push((year, m, day, start, j + 2 + d));
                }
                i = j + 2 + d;
                continue;
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// “不超过3个”, “不超过两个”, “不少于5个”: (min, max) in a sentence.
fn count_bound(s: &str) -> Option<(Option<u32>, Option<u32>)> {
    for (word, is_max) in
        [("不超过", true), ("不多于", true), ("最多", true), ("限报", true), ("不少于", false), ("至少", false)]
    {
        let Some(at) = s.find(word) else { continue };
        let rest = &s[at + word.len()..];
        let Some((n, len)) = number_prefix(rest) else { continue };
        let unit = &rest[len..];
        let n = u32::try_from(n).ok();
        if let Some(n) = n.filter(|_| unit.starts_with('个') || unit.starts_with('项') || unit.starts_with('家')) {
            return Some(if is_max { (None, Some(n)) } else { (Some(n), None) });
        }
    }
    None
}

/// What the notice text says, drafted; `notes` collects what to check.
pub fn read(text: &str, notes: &mut Vec<String>) -> NoticeDraft {
    let all = sentences(text);
    let mut d = NoticeDraft::default();
    let head: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).take(15).collect();
    for (k, line) in head.iter().enumerate() {
        let titled = line.contains("通知") || line.ends_with('函') || line.ends_with("函》");
        if d.title.is_none() && titled && line.chars().count() <= 80 {
            // A long title wraps: “关于……” on the line before ends in “……的通知”.
            let from = (k.saturating_sub(2)..=k).find(|&j| head[j].contains("关于")).unwrap_or(k);
            d.title = Some(head[from..=k].concat().trim_matches(['《', '》']).to_owned());
        }
        if d.doc_number.is_none() && line.contains('〔') && line.ends_with('号') && line.chars().count() <= 30 {
            d.doc_number = Some((*line).to_owned());
        }
    }
    // The issuer signs above the issue date at the end of the letter.
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if let Some(k) = lines.iter().position(|l| {
        let ds = dates(l);
        ds.len() == 1 && ds[0].0.is_some() && l.chars().count() <= 14
    }) {
        if let Some((Some(y), m, day, _, _)) = dates(lines[k]).first().copied() {
            d.issued = jiff::civil::Date::new(y, m, day).ok();
        }
        for l in lines[k.saturating_sub(3)..k].iter().rev() {
            if l.chars().count() <= 24
                && ["局", "厅", "部", "委", "会", "办公室", "中心", "政府"].iter().any(|e| l.ends_with(e))
            {
                d.issuer.insert(0, (*l).to_owned());
            }
        }
    }
    let default_year = d.issued.map(|i| i.year()).or_else(|| all.iter().flat_map(|s| dates(&s.text)).find_map(|x| x.0));
    for s in &all {
        deadline(s, default_year, &mut d, notes);
        attachments(s, &mut d);
        quota(s, &mut d);
        submission(s, &mut d);
    }
    // “报送至我局”: the issuer.
    if d.recipient.as_deref().is_some_and(|r| matches!(r, "我局" | "本局" | "我厅" | "我委" | "我办")) {
        d.recipient = d.issuer.first().cloned().or(d.recipient.take());
    }
    d
}

/// The part of a sentence between commas that holds `word`: a short quote for a long sentence.
fn phrase(text: &str, word: &str) -> String {
    let Some(at) = text.find(word) else { return quote(text) };
    let from = text[..at].rfind(['，', '：', '。', '；']).map_or(0, |p| p + '，'.len_utf8());
    let to = text[at..].find(['，', '。', '；']).map_or(text.len(), |p| at + p);
    quote(&text[from..to])
}

/// “6月22日—7月21日”: a registration period (a round with its opening day) or a stage of the schedule.
fn period(s: &Sentence, default_year: Option<i16>, d: &mut NoticeDraft) {
    let found = dates(&s.text);
    let chars: Vec<char> = s.text.chars().collect();
    for pair in found.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let between: String = chars[a.4..b.3].iter().collect();
        if !matches!(between.trim(), "—" | "－" | "-" | "至" | "~" | "～" | "——" | "到") {
            continue;
        }
        let Some(y) = a.0.or(default_year) else { continue };
        let (Ok(from), Ok(to)) =
            (jiff::civil::Date::new(y, a.1, a.2), jiff::civil::Date::new(b.0.unwrap_or(y), b.1, b.2))
        else {
            continue;
        };
        if from > to || d.stages.iter().any(|st| st.from == from) || d.rounds.iter().any(|r| r.date == to) {
            continue;
        }
        let quote: String = chars[a.3..b.4].iter().collect();
        // The stage's name: the clause heading's words before the first date (“（一）启动报名。”).
        let name = s.heading.clone();
        let name = if name.is_empty() || name.contains(char::is_numeric) {
            format!("阶段{}", d.stages.len() + 1)
        } else {
            name
        };
        let registration = s.text.contains("报名") || s.text.contains("申报") || s.text.contains("提交");
        if registration && !d.rounds.iter().any(|r| r.opens.is_some()) {
            d.rounds.push(RoundDraft {
                name,
                date: to,
                opens: Some(from),
                approximate: false,
                clause: s.clause.clone(),
                quote,
                unsure: Vec::new(),
            });
        } else {
            d.stages.push(super::StageDraft { name, from, to, clause: s.clause.clone(), quote });
        }
    }
}

/// A month in Chinese numerals or digits: “三” or “3” → 3; “十二” → 12.
fn month_number(s: &str) -> Option<i8> {
    cn_number(s).and_then(|n| i8::try_from(n).ok()).filter(|m| (1..=12).contains(m))
}

/// Recurring rounds: “2026年、2027年的场景建设方案请于每年三月中旬前、九月中旬前报送” → one round per
/// year and month, each on the conservative day (上旬 10, 中旬 15, 下旬 20, else the 1st), approximate.
fn recurring(s: &Sentence, d: &mut NoticeDraft) {
    let t = &s.text;
    let Some(every) = t.find("每年") else { return };
    let years: Vec<i16> = dates_years(&t[..every]);
    if years.is_empty() {
        return;
    }
    let rest = &t[every + "每年".len()..];
    let mut months = Vec::new();
    for piece in rest.split(['、', '，', '和', '及']) {
        let Some(at) = piece.find('月') else { continue };
        let tail = &piece[at + '月'.len_utf8()..];
        let Some(m) = month_number(piece[..at].trim_start_matches(['于', '在'])) else { continue };
        let day = if tail.starts_with("上旬") {
            10
        } else if tail.starts_with("中旬") {
            15
        } else if tail.starts_with("下旬") {
            20
        } else if tail.starts_with("底") || tail.starts_with("末") {
            28
        } else {
            continue;
        };
        months.push((m, day));
    }
    for y in years {
        for (m, day) in &months {
            let Ok(date) = jiff::civil::Date::new(y, *m, *day) else { continue };
            if d.rounds.iter().any(|r| r.date == date) {
                continue;
            }
            d.rounds.push(RoundDraft {
                name: format!("{y}年{m}月批次"),
                date,
                opens: None,
                approximate: true,
                clause: s.clause.clone(),
                quote: quote(t),
                unsure: vec![format!("原文未写具体日期，按 {date} 检查")],
            });
        }
    }
}

/// The years written “2026年、2027年” in a text.
fn dates_years(t: &str) -> Vec<i16> {
    let c: Vec<char> = t.chars().collect();
    let mut out = Vec::new();
    for i in 0..c.len() {
        let four = c.get(i..i + 4).is_some_and(|w| w.iter().all(char::is_ascii_digit));
        let before_digit = i > 0 && c[i - 1].is_ascii_digit();
        if four && !before_digit && c.get(i + 4) == Some(&'年') && c.get(i + 5).is_none_or(|n| !n.is_ascii_digit()) {
            if let Ok(y) = c[i..i + 4].iter().collect::<String>().parse::<i16>() {
                out.push(y);
            }
        }
    }
    out
}

fn deadline(s: &Sentence, default_year: Option<i16>, d: &mut NoticeDraft, notes: &mut Vec<String>) {
    period(s, default_year, d);
    recurring(s, d);
    let chars: Vec<char> = s.text.chars().collect();
    for (year, month, day, start, end) in dates(&s.text) {
        let after: String = chars[end..(end + 3).min(chars.len())].iter().collect();
        let before: String = chars[start.saturating_sub(10)..start].iter().collect();
        let is_deadline = after.starts_with('前')
            || after.starts_with("之前")
            || after.starts_with("截止")
            || before.contains("截止")
            || before.contains("截至");
        if !is_deadline {
            continue;
        }
        let Some(y) = year.or(default_year) else { continue };
        let Ok(date) = jiff::civil::Date::new(y, month, day) else { continue };
        if d.rounds.iter().any(|r| r.date == date) || d.stages.iter().any(|st| st.to == date) {
            continue;
        }
        let batch = s.text.find('第').and_then(|at| {
            let rest = &s.text[at..];
            let end = rest.find('批')?;
            (end <= 12).then(|| rest[..end + '批'.len_utf8()].to_owned())
        });
        let name = batch.unwrap_or_else(|| {
            if d.rounds.is_empty() {
                "申报截止".to_owned()
            } else {
                format!("截止日期{}", d.rounds.len() + 1)
            }
        });
        let mut unsure = Vec::new();
        if year.is_none() {
            unsure.push(format!("原文未写年份，按 {y} 年"));
        }
        if d.rounds.len() == 1 {
            notes.push("通知中有多个截止日期：请核对哪些是申报截止、哪些只是日程".to_owned());
        }
        d.rounds.push(RoundDraft {
            name,
            date,
            opens: None,
            approximate: false,
            clause: s.clause.clone(),
            quote: quote(&s.text),
            unsure,
        });
    }
}

/// Attachments the notice names, with the file patterns a dossier's files are found by.
fn attachments(s: &Sentence, d: &mut NoticeDraft) {
    let t = &s.text;
    let mut add = |id: &str, words: &[&str]| {
        let Some(word) = words.iter().find(|w| t.contains(**w)) else { return };
        if !d.attachments.iter().any(|a| a.id == id) {
            d.attachments.push(Attachment {
                id: id.to_owned(),
                clause: s.clause.clone(),
                quote: phrase(t, word),
                detail: None,
            });
        }
    };
    add("licence", &["营业执照", "法人证书", "组织机构代码证", "单位相关的基本资质", "单位基本资质"]);
    add("stamped_pdf", &["用印PDF", "盖章扫描", "扫描件", "用印版"]);
    add("video", &["MP4", "mp4", "视频"]);
    add("pictures", &["JPG", "jpg", "图片"]);
    if let Some(a) = d.attachments.iter_mut().find(|a| a.id == "video" && a.detail.is_none()) {
        // “时长5分钟左右”, “不超过3分钟”.
        if let Some(at) = t.find("分钟") {
            let head = &t[..at];
            let digits: String =
                head.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
            if let Ok(minutes) = digits.parse::<u32>() {
                a.detail = Some(minutes);
                a.quote = phrase(t, "分钟");
                a.clause = s.clause.clone();
            }
        }
    }
}

fn quota(s: &Sentence, d: &mut NoticeDraft) {
    // One sentence may hold several quotas: “每个地区推荐案例数量不少于5个，每个部门推荐案例数量不少于1个”.
    for t in s.text.split(['，', '；', '。', ',']) {
        let Some((min, max)) = count_bound(t) else { continue };
        let about_dossiers = ["推荐", "申报", "报送", "限报", "项目", "案例"].iter().any(|w| t.contains(w));
        if !about_dossiers || (t.contains("人") && t.contains("团队")) {
            continue;
        }
        // “每个地区” → 地区; “部属高校限报2项” → 部属高校.
        let every = t.find("每个").map(|at| {
            let rest = &t[at + "每个".len()..];
            if let Some(unit) = ["推荐单位", "申报单位"].iter().find(|u| rest.starts_with(**u)) {
                return (*unit).to_owned();
            }
            let end = rest.find(|c: char| "推申报限可".contains(c)).unwrap_or(rest.len());
            rest[..end].to_owned()
        });
        let (scope, applies_to) = match every.as_deref() {
            Some("推荐单位") => ("per_recommender", None),
            Some(w @ ("地区" | "部门" | "市" | "地市" | "区县")) => ("per_recommender", Some(w.to_owned())),
            Some("赛道") => ("per_track", None),
            Some("赛事") => ("per_contest", None),
            Some("单位" | "申报单位" | "企业") => ("per_applicant", None),
            _ if t.contains("各推荐单位") || t.contains("各地") => ("per_recommender", None),
            _ if t.contains("限报") => {
                let head = &t[..t.find("限报").unwrap_or(0)];
                let who = head.rsplit(['（', '(', '、', '：']).next().unwrap_or(head).trim();
                ("per_applicant", (!who.is_empty() && who.chars().count() <= 8).then(|| who.to_owned()))
            }
            _ if t.contains("总") || t.contains("共") => ("total", None),
            _ => continue,
        };
        d.quotas.push(QuotaDraft { scope, applies_to, min, max, clause: s.clause.clone(), quote: quote(t) });
    }
}

fn submission(s: &Sentence, d: &mut NoticeDraft) {
    let t = &s.text;
    if d.email.is_none() {
        if let Some(at) = t.find('@') {
            let is_mail = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
            let head: String =
                t[..at].chars().rev().take_while(|c| is_mail(*c)).collect::<Vec<_>>().into_iter().rev().collect();
            let tail: String = t[at + 1..].chars().take_while(|c| is_mail(*c)).collect();
            let tail = tail.trim_end_matches('.').to_owned();
            if !head.is_empty() && tail.contains('.') {
                d.email = Some(format!("{head}@{tail}"));
                d.submission_quote.get_or_insert_with(|| (s.clause.clone(), quote(t)));
            }
        }
    }
    if let Some(at) = t.find("一式") {
        let n = number_prefix(&t[at + "一式".len()..]).and_then(|(n, _)| u32::try_from(n).ok());
        if let (Some(n), None) = (n, &d.paper_copies) {
            d.paper_copies = Some((n, s.clause.clone(), phrase(t, "一式")));
        }
    }
    for marker in ["报送至", "报送", "提交至", "发送至"] {
        if d.recipient.is_some() {
            break;
        }
        if let Some(at) = t.find(marker) {
            let rest = &t[at + marker.len()..];
            let end = rest.find(['，', '。', '；', '（', '(', '：']).unwrap_or(rest.len());
            let who = rest[..end].trim();
            if (2..=30).contains(&who.chars().count())
                && ["局", "厅", "部", "委", "会", "办", "处", "中心", "我局", "秘书处"].iter().any(|e| who.ends_with(e))
            {
                d.recipient = Some(who.to_owned());
                d.submission_quote.get_or_insert_with(|| (s.clause.clone(), phrase(t, marker)));
            }
        }
    }
    if (t.contains("平台") || t.contains("系统") || t.contains("网站"))
        && (t.contains("报名") || t.contains("填报") || t.contains("上传"))
    {
        d.platform = true;
    }
    if t.contains("推荐单位") && (t.contains("报送") || t.contains("推荐")) {
        d.via_recommender = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_a_quota_and_an_attachment() {
        let mut notes = Vec::new();
        let d = read(
            "关于征集示例案例的通知\n二、申报要求\n（一）申报截止时间为2026年12月31日。每个推荐单位推荐不超过3个案例。\n\
             （二）连同营业执照复印件、用印PDF一并报送至示例局。\n（三）视频时长5分钟左右（MP4格式）。\n",
            &mut notes,
        );
        assert_eq!(d.rounds.len(), 1, "{:?}", d.rounds.iter().map(|r| r.date).collect::<Vec<_>>());
        assert_eq!(d.rounds[0].date, jiff::civil::date(2026, 12, 31));
        assert_eq!(d.rounds[0].clause, "二（一）");
        assert_eq!(d.quotas.len(), 1);
        assert_eq!((d.quotas[0].scope, d.quotas[0].max), ("per_recommender", Some(3)));
        let ids: Vec<&str> = d.attachments.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["licence", "stamped_pdf", "video"]);
        assert_eq!(d.attachments[2].detail, Some(5));
        assert_eq!(d.recipient.as_deref(), Some("示例局"));
    }

    #[test]
    fn counts_and_months_in_numerals() {
        assert_eq!(count_bound("每个推荐单位推荐不超过3个案例"), Some((None, Some(3))));
        assert_eq!(count_bound("每个推荐单位推荐不超过两个案例"), Some((None, Some(2))));
        assert_eq!(count_bound("每单位限报五项"), Some((None, Some(5))));
        assert_eq!(count_bound("至少１个"), Some((Some(1), None)));
        // “十二个” was read as 十 followed by “二个”, which is no unit, and so not at all.
        assert_eq!(count_bound("每省推荐不超过十二个场景"), Some((None, Some(12))));
        assert_eq!(count_bound("推荐不超过三名"), None);
        for (text, m) in [("三", Some(3)), ("3", Some(3)), ("十", Some(10)), ("十二", Some(12)), ("十三", None)] {
            assert_eq!(month_number(text), m, "{text}");
        }
        assert_eq!(month_number("０"), None);
    }
}
