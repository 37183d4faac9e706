//! What a plan's sections must hold besides text: the picture a section asks for (场景建设架构图), the table
//! with its columns filled (数据资源需求清单), and the notice's stated requirements a text can break (a
//! scene already built or in promotion, a build period over a year).

use super::Context;
use crate::diag::{Code, Diagnostic};
use crate::notice::Form;
use crate::outline::{heading_key, Outline};
use crate::read::docx::Document;

/// Words that say a scene is finished or already spreading, which qh-2025-scenes excludes.
const BUILT: [&str; 6] = ["已建成", "已建设完成", "已上线运行", "已投入运行", "已全面推广", "已在推广"];

/// Months of a “建设周期” statement: “建设周期为18个月”, “建设周期2年”.
pub fn build_period_months(text: &str) -> Option<u32> {
    let at = text.find("建设周期")?;
    let rest: Vec<char> = text[at + "建设周期".len()..].chars().take(16).collect();
    let start = rest.iter().position(char::is_ascii_digit)?;
    let digits: String = rest[start..].iter().take_while(|c| c.is_ascii_digit()).collect();
    let n: u32 = digits.parse().ok()?;
    let unit: String = rest[start + digits.chars().count()..].iter().collect();
    let unit = unit.trim_start();
    if unit.starts_with("个月") || unit.starts_with('月') {
        Some(n)
    } else if unit.starts_with('年') {
        Some(n.saturating_mul(12))
    } else {
        None
    }
}

pub fn check(ctx: &Context<'_>, form: &Form, doc: &Document, outline: &Outline, file: &str, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    for l in outline.found.iter().filter(|l| l.level == 2) {
        let Some(section) =
            l.part.and_then(|p| form.parts.get(p)).and_then(|p| l.section.and_then(|s| p.sections.get(s)))
        else {
            continue;
        };
        let range = l.heading..l.end.max(l.heading + 1);
        if section.picture {
            let pictures: u32 = doc.paragraphs.get(range.clone()).unwrap_or(&[]).iter().map(|p| p.pictures).sum();
            if pictures == 0 {
                out.push(
                    Diagnostic::new(
                        Code::PictureMissing,
                        lang.pick(format!("“{}”中没有图片", l.title), format!("“{}” has no picture", l.title)),
                    )
                    .file(file)
                    .section(l.title.clone())
                    .help(lang.pick(
                        format!("在这一节插入图（插入 → 图片）；依据：{}", section.clause),
                        format!("insert the figure in this section (Insert → Picture); per {}", section.clause),
                    )),
                );
            }
        }
        if !section.table_columns.is_empty() {
            let wanted: Vec<String> = section.table_columns.iter().map(|c| heading_key(c)).collect();
            let table = doc.tables.iter().find(|t| {
                range.contains(&t.first_paragraph)
                    && t.rows.iter().take(2).any(|row| {
                        let keys: Vec<String> = row.iter().map(|c| heading_key(&c.text)).collect();
                        wanted.iter().all(|w| keys.iter().any(|k| k.contains(w.as_str())))
                    })
            });
            let problem = match table {
                None => Some(lang.pick(
                    format!("“{}”中没有含“{}”各列的表格", l.title, section.table_columns.join("、")),
                    format!("“{}” has no table with the columns {}", l.title, section.table_columns.join(", ")),
                )),
                Some(t) => {
                    let header = t
                        .rows
                        .iter()
                        .position(|row| {
                            wanted.iter().all(|w| row.iter().any(|c| heading_key(&c.text).contains(w.as_str())))
                        })
                        .unwrap_or(0);
                    let data: Vec<_> = t.rows.iter().skip(header + 1).collect();
                    let filled = data.iter().filter(|row| row.iter().all(|c| !c.text.trim().is_empty())).count();
                    (filled == 0).then(|| {
                        lang.pick(
                            format!("“{}”的表格（{}）没有填写完整的行", l.title, section.table_columns.join("、")),
                            format!(
                                "the table ({}) in “{}” has no filled-in row",
                                section.table_columns.join(", "),
                                l.title
                            ),
                        )
                    })
                }
            };
            if let Some(message) = problem {
                out.push(Diagnostic::new(Code::TableMissing, message).file(file).section(l.title.clone()).help(
                    lang.pick(
                        format!("按模板列出并填写每一行；依据：{}", section.clause),
                        format!("list and fill in every row as the template asks; per {}", section.clause),
                    ),
                ));
            }
        }
    }

    // Requirements the notice states that the text itself can break.
    let text: String = doc.paragraphs.iter().map(|p| p.text()).collect::<Vec<_>>().join("\n");
    for req in &ctx.notice.requirements {
        let finding = match req.id.as_str() {
            "not-built-yet" => BUILT.iter().find(|w| text.contains(**w)).map(|w| {
                lang.pick(
                    format!("方案中写有“{w}”：通知不接受已建成或已在推广的场景"),
                    format!("the plan says “{w}”: the notice excludes scenes already built or in promotion"),
                )
            }),
            "build-period-1-year" => build_period_months(&text).filter(|&m| m > 12).map(|m| {
                lang.pick(
                    format!("建设周期 {m} 个月，超过通知“原则上不超过1年”"),
                    format!("a build period of {m} months, over the notice's one year"),
                )
            }),
            _ => None,
        };
        if let Some(message) = finding {
            out.push(Diagnostic::new(Code::RequirementAtRisk, message).file(file).help(
                lang.pick(format!("核实并改写；依据：{}", req.clause), format!("check and reword; per {}", req.clause)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_periods_in_months_and_years() {
        assert_eq!(build_period_months("场景建设周期为18个月，分三个阶段"), Some(18));
        assert_eq!(build_period_months("建设周期：2年"), Some(24));
        assert_eq!(build_period_months("建设周期 12 个月"), Some(12));
        assert_eq!(build_period_months("建设周期较短"), None);
    }
}
