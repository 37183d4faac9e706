//! Realistic dossiers of each notice's shape, as many as asked for: a 申报书 .docx of thousands of 字
//! across the notice's parts and sections (headings as the rule file names them), its 信息表/基本情况表,
//! tables of figures, mixed Latin and digits (“5G”, “API”, “3.4%”, “2024年”), quotes, dashes and ellipses
//! whose count follows the font hint; and the notice's other files: scanned PDFs, JPG pictures, a small MP4.
//!
//! Everything follows from the seed: the same `(notice, n, seed)` writes the same bytes on every machine.
//! Each dossier passes `shenbao check` on its own (a batch of them may meet the notice's quotas).
//!
//! Used by `benches/count.rs` and `examples/gen_dossiers.rs`:
//! `cargo run --release --example gen_dossiers -- --notice cq-2024-cases-2 --n 100 OUT`.

#[path = "fixtures_gen.rs"]
#[allow(dead_code)]
mod fixtures_gen;

use docx_rs::{Paragraph, Run};
use fixtures_gen::Doc;
pub use fixtures_gen::Result;
use std::path::{Path, PathBuf};

/// The notices a dossier can be shaped for (the embedded rule files).
pub const NOTICES: [&str; 5] =
    ["ln-2024-cases", "cq-2024-cases-2", "qh-2025-scenes", "ln-2024-contest", "national-2024-contest"];

/// Writes `n` dossiers shaped for `notice` to `root/{notice}/dossier-0001` …, returning their folders.
pub fn generate(root: &Path, notice: &str, n: usize, seed: u64) -> Result<Vec<PathBuf>> {
    let mut dirs = Vec::with_capacity(n);
    for i in 1..=n {
        let dir = root.join(notice).join(format!("dossier-{i:04}"));
        std::fs::create_dir_all(&dir)?;
        dossier(&dir, notice, dossier_seed(seed, i), i)?;
        dirs.push(dir);
    }
    Ok(dirs)
}

/// The seed of dossier `i` (1-based) of a `generate` call: [`application`] with it writes that dossier's 申报书.
pub fn dossier_seed(seed: u64, i: usize) -> u64 {
    Rng::new(seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F)).next()
}

/// The file name of `notice`'s 申报书.
pub fn application_name(notice: &str) -> &'static str {
    match notice {
        "qh-2025-scenes" => "建设方案（可编辑版）.docx",
        "ln-2024-contest" | "national-2024-contest" => "项目申报书.docx",
        _ => "申报书.docx",
    }
}

/// Writes only the 申报书 .docx of a dossier shaped for `notice`.
pub fn application(path: &Path, notice: &str, seed: u64) -> Result<()> {
    let facts = Facts::new(notice, seed);
    write_application(path, &facts, &mut Rng::new(seed ^ 0xD0C))
}

fn write_application(path: &Path, f: &Facts, rng: &mut Rng) -> Result<()> {
    let mut w = Writer { rng, facts: f };
    match f.notice {
        "ln-2024-cases" => w.ln_cases(path),
        "cq-2024-cases-2" => w.cq_cases(path),
        "qh-2025-scenes" => w.qh_scenes(path),
        "ln-2024-contest" | "national-2024-contest" => w.contest(path),
        other => Err(format!("no dossier shape for notice {other:?}; one of {}", NOTICES.join(", ")).into()),
    }
}

fn dossier(dir: &Path, notice: &str, seed: u64, index: usize) -> Result<()> {
    let f = Facts::new(notice, seed);
    let mut rng = Rng::new(seed ^ 0xF11E);
    write_application(&dir.join(application_name(notice)), &f, &mut Rng::new(seed ^ 0xD0C))?;
    std::fs::write(dir.join("dossier.toml"), f.toml(index))?;
    let sub = |rel: &str| -> Result<PathBuf> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(p)
    };
    // Sizes vary by a few pixels and seconds per dossier, so no two dossiers share a file.
    let wobble = (seed % 97) as u16;
    let minute = seed % 50 + 10;
    match notice {
        "ln-2024-cases" => {
            let licence = if f.unit_type.contains("高校") || f.unit_type == "事业单位" {
                "事业单位法人证书复印件"
            } else {
                "营业执照复印件"
            };
            fixtures_gen::jpeg(&sub(&format!("{licence}.jpg"))?, 1240 + wobble, 1754)?;
            let pages = rng.range(4, 7) as u32;
            fixtures_gen::scan(
                &sub("申报书（盖章）.pdf")?,
                pages,
                &[1, pages],
                &format!("D:2024022617{minute}00+08'00'"),
            )?;
        }
        "cq-2024-cases-2" => {
            let pages = rng.range(6, 9) as u32;
            fixtures_gen::scan(
                &sub("申报书（用印）.pdf")?,
                pages,
                &[2, pages],
                &format!("D:2024081018{minute}00+08'00'"),
            )?;
            fixtures_gen::jpeg(&sub("营业执照复印件.jpg")?, 1240 + wobble, 1754)?;
            let pictures = ["1-数据要素流向图", "2-商业模式示意图", "3-数据安全技术应用示意图", "4-系统界面呈现图"];
            for (i, p) in pictures.iter().enumerate() {
                fixtures_gen::jpeg(&sub(&format!("多媒体材料/图片/{p}.jpg"))?, 1280 + wobble + i as u16, 720)?;
            }
            let seconds = 270.0 + (seed % 60) as f64;
            fixtures_gen::mp4(&sub("多媒体材料/视频/案例视频.mp4")?, 1920, 1080, seconds, b"avc1", false)?;
        }
        "qh-2025-scenes" => {
            let pages = rng.range(5, 8) as u32;
            fixtures_gen::scan(
                &sub("建设方案（盖章扫描版）.pdf")?,
                pages,
                &[1, pages],
                &format!("D:2027030110{minute}00+08'00'"),
            )?;
            fixtures_gen::pdf(
                &sub("评审意见.pdf")?,
                &format!("Review opinion of the recommending unit, plan {seed:x}"),
            )?;
        }
        _ => {
            let mut proofs =
                vec!["项目资质证明", "申报主体责任声明", "财务审计报告", "信用情况", "应用案例证明", "知识产权证明"];
            if notice == "ln-2024-contest" {
                proofs.push("参赛承诺书");
            }
            for p in proofs {
                fixtures_gen::pdf(
                    &sub(&format!("证明材料/{p}.pdf"))?,
                    &format!("Proof material {p:?} of project {seed:x}"),
                )?;
            }
            fixtures_gen::jpeg(&sub("证明材料/营业执照.jpg")?, 1240 + wobble, 1754)?;
            if rng.chance(50) {
                let seconds = 120.0 + (seed % 180) as f64;
                fixtures_gen::mp4(&sub("其他证明材料/项目效果展示视频.mp4")?, 1920, 1080, seconds, b"avc1", false)?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- randomness

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi.saturating_sub(lo) + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

// ---------------------------------------------------------------- vocabulary

/// Fields of the case notices with the topics a case in them is about.
const FIELDS: &[(&str, &[&str])] = &[
    ("工业制造", &["基于可信数据空间的装备制造供应链协同", "工业互联网平台设备预测性维护", "钢铁行业能耗数据优化"]),
    ("现代农业", &["设施农业环境数据精准调控", "农产品质量安全追溯", "高标准农田遥感监测"]),
    ("商贸流通", &["跨境电商数据服务平台", "商超客流与库存协同", "农村电商物流数据共享"]),
    ("交通运输", &["港口集装箱多式联运数据协同", "城市公交客流智能调度", "危化品运输全程监管"]),
    ("金融服务", &["基于多源数据融合的普惠金融服务", "供应链金融数据风控", "小微企业信用画像"]),
    ("医疗健康", &["区域医疗数据共享与互认", "医学影像数据标注与辅助诊断", "慢病管理数据服务"]),
    ("文化旅游", &["文旅消费大数据监测", "智慧景区客流预警", "非遗数字资源开发利用"]),
    ("绿色低碳", &["企业碳排放数据核算", "园区能源数据综合管理", "新能源汽车充电数据服务"]),
    ("城市治理", &["城市运行一网统管", "城市生命线安全监测", "社区网格数据协同治理"]),
    ("应急管理", &["自然灾害风险数据监测预警", "安全生产风险智能研判", "应急物资数据协同调度"]),
];

/// The Liaoning contest's five tracks, each with one of its 赛题 (a track-specific one: “通用类赛题” is in
/// every track, and SB716 reads one topic named in five tracks as five topics).
const LN_CONTEST_TRACKS: [(&str, &str); 5] = [
    ("工业制造", "提高工业制造产业链供需协同效率"),
    ("现代农业", "提升农业生产数智化水平"),
    ("金融服务", "提升普惠金融服务能力"),
    ("医疗健康", "提升医疗服务便捷性"),
    ("城市治理", "打造精准高效的基层治理能力"),
];

const CITIES_LN: &[&str] = &["沈阳", "大连", "鞍山", "抚顺", "本溪", "丹东", "锦州", "营口", "盘锦", "铁岭"];
const CITIES_CQ: &[&str] = &["渝中", "渝北", "江北", "南岸", "九龙坡", "沙坪坝", "两江新区", "永川", "涪陵", "万州"];
const CITIES_QH: &[&str] = &["西宁", "海东", "海西", "海南", "海北", "黄南", "玉树", "果洛"];
const BRANDS: &[&str] =
    &["华信", "云启", "数联", "智源", "恒通", "天工", "北辰", "瑞达", "国创", "海纳", "博远", "星河"];
const TRADES: &[&str] = &["数据科技", "信息技术", "智能科技", "软件", "数字科技", "网络科技"];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡"];
const GIVEN: &[&str] = &["明", "华", "强", "伟", "芳", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "超", "婷"];

/// Latin terms a Chinese technical text mixes in.
const TERMS: &[&str] = &[
    "5G",
    "API",
    "AI",
    "IoT",
    "GIS",
    "BIM",
    "SaaS",
    "GPU",
    "OCR",
    "ETL",
    "Kafka",
    "Hadoop",
    "Spark",
    "Flink",
    "Python",
    "SQL",
    "RPA",
    "LLM",
    "DCMM",
    "ISO 27001",
    "RESTful",
    "OpenAPI 3.0",
    "Data Mesh",
    "k8s",
    "MPC",
    "TEE",
    "SM4",
];

/// Key phrases quoted in the text (“…”).
const SLOGANS: &[&str] = &[
    "数据可用不可见",
    "可控可计量",
    "一数一源",
    "一网通办",
    "谁投入、谁贡献、谁受益",
    "原始数据不出域",
    "数据多跑路",
    "三高一短",
    "最多跑一次",
    "一屏统览",
];

/// Sentences of the body: `{n}` a count, `{k}` a small count, `{w}` a count of 万, `{p}` `{q}` percentages,
/// `{y}` a year, `{m}` a month, `{t}` `{u}` Latin terms, `{f}` the field, `{c}` `{d}` places, `{s}` a slogan.
const SENTENCES: &[&str] = &[
    "本{x}围绕{f}领域数据资源分散、标准不一、流通不畅等突出问题，汇聚上下游企业的设计、生产、物流和交易数据。",
    "通过{t}接口实现跨部门、跨层级数据实时共享，日均调用量达{w}万次，平均响应时间低于{k}0ms。",
    "项目采用“{s}”的数据流通模式，在保障数据安全的前提下推动数据要素有序流动。",
    "依托{t}与{u}技术，构建了覆盖数据采集、治理、分析和应用的全链条能力……",
    "数据来源包括企业自有生产数据、合作伙伴授权数据以及依法开放的公共数据，共{k}类、{n}项。",
    "平台部署于{c}数据中心，采用{t}架构，支持{n}个业务系统的并发接入。",
    "数据要素价值释放的路径是：采集—治理—流通—应用—收益分配。",
    "在{c}、{d}等{k}个地区开展试点应用，形成了可复制、可推广的经验做法。",
    "建立了数据授权、计量与收益分配机制，按照“{s}”的原则合理分配数据收益。",
    "{y}年以来，项目团队围绕数据确权、定价和交易开展持续攻关，形成技术规范{k}项。",
    "系统通过网络安全等级保护三级测评和{t}认证，全年未发生数据安全事件。",
    "数据治理环节完成清洗、去重、脱敏记录{w}万条，数据质量合格率达到99.{k}%。",
    "模型训练采用{t}框架，在{n}万条标注样本上完成训练与验证。",
    "针对中小企业“不敢用、不会用、用不起”数据的问题，提供低门槛的{t}数据服务。",
    "各参与方在链上完成数据使用的授权、存证和审计，全过程可追溯、可核验。",
    "下一步将把平台能力向{f}全行业推广，力争到2026年底服务企业超过{n}家。",
    "同时，引入{t}和隐私计算技术，实现“{s}”，打通数据流通中的卡点、堵点。",
    "平台提供数据目录、数据沙箱和数据产品交付等功能，用户可按需申请、在线使用。",
    "项目组织{k}场对接活动和培训，参与人员累计{n}人次。",
    "We call this approach data-as-a-service, 即以服务方式交付数据产品。",
];

/// Sentences with figures, for the sections that report effects (应用成效 wants at least three).
const RESULTS: &[&str] = &[
    "平台自{y}年{m}月上线以来，已接入{f}企业{n}家，累计汇聚数据{w}万条。",
    "上线一年，采购成本降低{p}%，交付周期缩短{k}天，库存周转率提升{q}%。",
    "模型准确率由{p}%提升至9{k}.5%，人工审核工作量减少约{q}%。",
    "带动相关产业新增产值{n}亿元，新增就业岗位{n}个，节约财政资金{w}万元。",
    "{y}年平台服务调用量同比增长{p}%，覆盖用户{w}万人，用户满意度达到9{k}%。",
    "以某企业为例，应用后能耗下降{p}%，设备综合效率（OEE）提升{q}%，年节约成本{n}万元。",
    "累计为{n}家中小微企业提供数据服务，帮助企业获得融资{w}万元，不良率控制在1.{k}%以内。",
    "事件平均处置时间由{k}小时缩短至{k}分钟，群众满意度提高{p}个百分点。",
];

// ---------------------------------------------------------------- the facts of one dossier

struct Facts {
    notice: &'static str,
    field: &'static str,
    /// 案例名称, 场景名称 or 项目名称.
    name: String,
    unit: String,
    unit_type: &'static str,
    partner: String,
    cities: &'static [&'static str],
    people: [String; 4],
    /// Runs carry the East Asian font hint (how Word writes Chinese text), or not (pasted, or from WPS).
    hint: bool,
    /// Headings in Heading styles, or hand-numbered body paragraphs.
    styled: bool,
}

fn person(rng: &mut Rng) -> String {
    let mut s = (*rng.pick(SURNAMES)).to_owned();
    s.push_str(rng.pick::<&str>(GIVEN));
    if rng.chance(40) {
        s.push_str(rng.pick::<&str>(GIVEN));
    }
    s
}

impl Facts {
    fn new(notice: &str, seed: u64) -> Self {
        let notice = NOTICES.iter().copied().find(|n| *n == notice).unwrap_or("cq-2024-cases-2");
        let mut rng = Rng::new(seed);
        // The Liaoning contest has five of the tracks.
        let fields: Vec<&(&str, &[&str])> = FIELDS
            .iter()
            .filter(|(f, _)| notice != "ln-2024-contest" || LN_CONTEST_TRACKS.iter().any(|(t, _)| t == f))
            .collect();
        let &&(field, topics) = rng.pick(&fields);
        let topic = *rng.pick(topics);
        let cities = match notice {
            "cq-2024-cases-2" => CITIES_CQ,
            "qh-2025-scenes" => CITIES_QH,
            _ => CITIES_LN,
        };
        let province = match notice {
            "cq-2024-cases-2" => "重庆",
            "qh-2025-scenes" => "青海",
            _ => *rng.pick(CITIES_LN),
        };
        let unit_type = match notice {
            "ln-2024-cases" => *rng.pick(&["企业", "企业", "企业", "事业单位"]),
            _ => "企业",
        };
        let unit = if unit_type == "事业单位" {
            format!("{province}市{}数据发展中心", rng.pick(BRANDS))
        } else {
            format!("{province}{}{}有限公司", rng.pick(BRANDS), rng.pick(TRADES))
        };
        let partner = format!("{}{}{}有限公司", rng.pick(cities), rng.pick(BRANDS), rng.pick(TRADES));
        let name = match notice {
            "ln-2024-cases" | "cq-2024-cases-2" => format!("{field}领域——{topic}"),
            "qh-2025-scenes" => {
                let tail: String = topic.chars().skip(topic.chars().count().saturating_sub(4)).collect();
                format!("{}{tail}数据授权运营服务场景", rng.pick(CITIES_QH))
            }
            _ => format!("{topic}平台"),
        };
        let people = [person(&mut rng), person(&mut rng), person(&mut rng), person(&mut rng)];
        Facts {
            notice,
            field,
            name,
            unit,
            unit_type,
            partner,
            cities,
            people,
            hint: rng.chance(75),
            styled: rng.chance(50),
        }
    }

    fn toml(&self, index: usize) -> String {
        let (name, unit) = (&self.name, &self.unit);
        match self.notice {
            "ln-2024-cases" => format!(
                "notice = \"ln-2024-cases\"\nname = \"{name}\"\nunit = \"{unit}\"\nunit_type = \"{}\"\nfield = \"{}\"\npriority = {index}\n",
                self.unit_type, self.field
            ),
            "cq-2024-cases-2" => format!(
                "notice = \"cq-2024-cases-2\"\nname = \"{name}\"\nunit = \"{unit}\"\nunit_type = \"企业\"\nfield = \"{}\"\npriority = {index}\n",
                self.field
            ),
            "qh-2025-scenes" => format!(
                "notice = \"qh-2025-scenes\"\nname = \"{name}\"\nunit = \"{unit}\"\nrecommender = \"某某市数据局\"\ndirections = [\"公共数据授权运营\"]\nareas = [\"气象服务\", \"农业农村\"]\npriority = {index}\n"
            ),
            notice => {
                let mut t = format!("notice = \"{notice}\"\nname = \"{name}\"\nunit = \"{unit}\"\ntrack = \"{}\"\n", self.field);
                if notice == "ln-2024-contest" {
                    let topic = LN_CONTEST_TRACKS.iter().find(|(t, _)| *t == self.field).map_or("通用类赛题", |(_, topic)| topic);
                    t += &format!("topic = \"{topic}\"\n");
                }
                for (i, p) in self.people.iter().enumerate() {
                    t += &format!("\n[[team]]\nname = \"{p}\"\nphone = \"139{:04}{:04}\"\n", index % 10_000, i);
                }
                t
            }
        }
    }
}

// ---------------------------------------------------------------- writing the 申报书

/// Writes the document deflated, as Word and WPS do: docx-rs stores its parts uncompressed, which
/// would leave a reader nothing to inflate.
fn save(d: Doc, path: &Path) -> Result<()> {
    use std::io::{Read, Write};
    let mut stored = std::io::Cursor::new(Vec::new());
    d.docx.build().pack(&mut stored)?;
    let mut from = zip::ZipArchive::new(stored)?;
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut buf = Vec::new();
    for i in 0..from.len() {
        let mut entry = from.by_index(i)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name()?.into_owned();
        buf.clear();
        entry.read_to_end(&mut buf)?;
        to.start_file(name, options)?;
        to.write_all(&buf)?;
    }
    std::fs::write(path, to.finish()?.into_inner())?;
    Ok(())
}

/// A paragraph as runs: (text, set apart in bold — a Latin term or a lead-in).
type Para = Vec<(String, bool)>;

struct Writer<'a> {
    rng: &'a mut Rng,
    facts: &'a Facts,
}

/// 字数 with every hint-dependent mark read as CJK: the most Word can count for this text.
fn most_words(text: &str) -> u64 {
    shenbao::count::count_text_tally(text, true).high.words
}

impl Writer<'_> {
    /// One sentence from `pool`, split into runs at its Latin term so a paragraph carries formatting changes.
    fn sentence(&mut self, pool: &[&str]) -> Para {
        let template = *self.rng.pick(pool);
        let mut runs: Para = Vec::new();
        let mut current = String::new();
        let mut chars = template.chars();
        while let Some(c) = chars.next() {
            if c != '{' {
                current.push(c);
                continue;
            }
            let key = chars.next().unwrap_or('n');
            chars.next(); // '}'
            let r = &mut *self.rng;
            let value = match key {
                'n' => r.range(12, 980).to_string(),
                'k' => r.range(2, 9).to_string(),
                'w' => r.range(3, 960).to_string(),
                'p' | 'q' => format!("{}.{}", r.range(1, 48), r.range(0, 9)),
                'y' => r.range(2019, 2023).to_string(),
                'm' => r.range(1, 12).to_string(),
                'f' => self.facts.field.to_owned(),
                'c' | 'd' => (*r.pick(self.facts.cities)).to_owned(),
                's' => (*r.pick(SLOGANS)).to_owned(),
                'x' => if self.facts.notice.contains("contest") { "项目" } else { "案例" }.to_owned(),
                _ => {
                    // A Latin term in its own run, now and then in bold.
                    let term = (*r.pick(TERMS)).to_owned();
                    if r.chance(30) {
                        runs.push((std::mem::take(&mut current), false));
                        runs.push((term, true));
                        continue;
                    }
                    term
                }
            };
            current.push_str(&value);
        }
        runs.push((current, false));
        runs.retain(|(t, _)| !t.is_empty());
        runs
    }

    /// Paragraphs of 90–260 字 totalling at most `words` (and within a sentence of it); with `results`,
    /// one sentence in two reports figures.
    fn prose(&mut self, words: u64, results: bool) -> Vec<Para> {
        let mut out = Vec::new();
        let mut total = 0;
        let mut misses = 0;
        while misses < 8 {
            let target = self.rng.range(90, 260);
            let mut para: Para = Vec::new();
            let mut in_para = 0;
            while in_para < target && misses < 8 {
                let pool = if results && self.rng.chance(50) { RESULTS } else { SENTENCES };
                let s = self.sentence(pool);
                let text: String = s.iter().map(|(t, _)| t.as_str()).collect();
                let w = most_words(&text);
                if total + in_para + w > words {
                    misses += 1;
                    continue;
                }
                in_para += w;
                para.extend(s);
            }
            if para.is_empty() {
                break;
            }
            total += in_para;
            out.push(para);
        }
        out
    }

    /// `prose` of `lo..=hi` 字 as plain text, paragraphs joined by '\n' (for a table cell).
    fn cell_text(&mut self, (lo, hi): (u64, u64), results: bool) -> String {
        let words = self.rng.range(lo, hi);
        let paras = self.prose(words, results);
        let lines: Vec<String> = paras.iter().map(|p| p.iter().map(|(t, _)| t.as_str()).collect()).collect();
        lines.join("\n")
    }

    fn add_prose(&self, mut d: Doc, paras: &[Para]) -> Doc {
        for runs in paras {
            let mut p = Paragraph::new();
            for (text, bold) in runs {
                let run: Run = d.run(text);
                p = p.add_run(if *bold { run.bold() } else { run });
            }
            d.docx = d.docx.add_paragraph(p);
        }
        d
    }

    /// Body text of `lo..=hi` percent of `limit`.
    fn section(&mut self, d: Doc, limit: u64, lo: u64, hi: u64, results: bool) -> Doc {
        let words = limit * self.rng.range(lo, hi) / 100;
        let paras = self.prose(words, results);
        self.add_prose(d, &paras)
    }

    fn doc(&self) -> Doc {
        let mut d = Doc::new(self.facts.styled);
        d.hint = self.facts.hint;
        d
    }

    fn phone(&mut self) -> String {
        format!("1{}{:08}", self.rng.range(30, 89), self.rng.range(0, 99_999_999))
    }

    /// A table of yearly figures: what 应用成效 and 应用价值 tables look like.
    fn figures_table(&mut self, d: Doc) -> Doc {
        let years = self.rng.range(3, 5);
        let mut rows: Vec<Vec<String>> = vec![vec![
            "年度".into(),
            "服务企业（家）".into(),
            "数据调用量（万次）".into(),
            "营业收入（万元）".into(),
            "同比增长".into(),
        ]];
        for y in 0..years {
            let r = &mut *self.rng;
            rows.push(vec![
                format!("{}年", 2024 - years + y),
                r.range(20, 900).to_string(),
                format!("{}.{}", r.range(10, 9000), r.range(0, 9)),
                r.range(100, 20_000).to_string(),
                format!("{}.{}%", r.range(1, 90), r.range(0, 9)),
            ]);
        }
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        d.para("主要指标如下表所示：").table(&rows)
    }

    fn ln_cases(&mut self, path: &Path) -> Result<()> {
        let f = self.facts;
        let (p, q) = (self.phone(), self.phone());
        let reason = self.cell_text((100, 190), false);
        let mut d = self
            .doc()
            .centered("“数据要素×”典型案例申报书")
            .para(&format!("案例名称：{}", f.name))
            .para(&format!("申报单位：{}", f.unit))
            .para("2024年2月26日")
            .centered("“数据要素×”典型案例申报表")
            .table(&[
                vec!["案例名称", &f.name],
                vec!["申报单位", &f.unit],
                vec!["负责人", &f.people[0], "职务", "总经理", "联系方式", &p],
                vec!["联系人", &f.people[1], "职务", "项目经理", "联系方式", &q],
                vec!["通讯地址", &format!("辽宁省{}市某某路{}号", self.rng.pick(CITIES_LN), self.rng.range(1, 300))],
                vec!["申报理由及推广价值", &reason],
                vec!["申报单位意见", "（盖章）\n2024年2月26日"],
            ])
            .heading(1, "“数据要素×”典型案例申报材料")
            .para("（总篇幅不超过3000字）");
        let sections = [
            ("一、问题描述（300字以内）", 300),
            ("二、解决方案（1500字以内）", 1500),
            ("三、应用成效（500字以内）", 500),
            ("四、创新点（500字以内）", 500),
            ("五、参与单位情况介绍（200字以内）", 200),
        ];
        for (i, (title, limit)) in sections.into_iter().enumerate() {
            d = d.heading(2, title);
            d = self.section(d, limit, 78, 95, i == 2);
        }
        let d = d
            .heading(1, "申报承诺书")
            .para("本单位提交的“数据要素×”典型案例申报材料内容、数据真实准确，相关佐证材料合法合规且真实有效。如申报材料或相关佐证材料失实、虚假，本单位自愿放弃评审资格，并承担相应责任。")
            .para("（申报单位盖章）")
            .para("2024年2月26日")
            ;
        save(d, path)
    }

    fn cq_cases(&mut self, path: &Path) -> Result<()> {
        let f = self.facts;
        let (p, q) = (self.phone(), self.phone());
        let reason = self.cell_text((120, 240), false);
        let mut d = self.doc();
        d.docx = d.docx.updated_at("2024-08-10T08:00:00Z");
        let mut d = d
            .centered("“数据要素×”典型案例申报书")
            .para(&format!("案例名称：{}", f.name))
            .para(&format!("申报单位：{}", f.unit))
            .para("2024年8月10日")
            .heading(1, "1、“数据要素×”典型案例申报信息表")
            .table(&[
                vec!["申报单位", &f.unit],
                vec!["案例名称", &f.name],
                vec!["负责人", &f.people[0], "部门职务", "数据部总监", "联系方式", &p],
                vec!["联系人", &f.people[1], "部门职务", "项目经理", "联系方式", &q],
                vec!["通讯地址", &format!("重庆市{}区某某大道{}号", self.rng.pick(CITIES_CQ), self.rng.range(1, 300))],
                vec!["申报理由", &reason],
                vec!["申报单位意见", "（盖章）\n2024年8月10日"],
            ])
            .heading(1, "二、“数据要素×”典型案例简介")
            .para("（总篇幅不超过5000字）");
        // Shares of the 5000 the part allows, each section scaled by 80–97 %.
        let jianjie = [
            ("（一）问题描述", 480),
            ("（二）解决方案", 1800),
            ("（三）应用成效", 800),
            ("（四）创新点", 600),
            ("（五）安全合规", 500),
            ("（六）参与单位情况介绍", 360),
        ];
        for (i, (title, share)) in jianjie.into_iter().enumerate() {
            d = d.heading(2, title);
            d = self.section(d, share, 80, 97, i == 2);
            if i == 2 {
                d = self.figures_table(d);
            }
        }
        d = d.heading(1, "三、“数据要素×”典型案例宣传推广材料").para("（总篇幅不超过1500字，有关内容可对外公开）");
        for (i, (title, share)) in [("（一）案例描述", 560), ("（二）主要做法及成效", 840)].into_iter().enumerate()
        {
            d = d.heading(2, title);
            d = self.section(d, share, 80, 97, i == 1);
        }
        save(fixtures_gen::cq_closing(d, "2024年8月10日"), path)
    }

    fn qh_scenes(&mut self, path: &Path) -> Result<()> {
        let f = self.facts;
        let p = self.phone();
        let overview = self.cell_text((380, 480), false);
        let outcome = self.cell_text((400, 560), true);
        let mut d = self.doc();
        d.docx = d.docx.updated_at("2027-03-01T01:00:00Z");
        let d = d
            .centered("公共数据“跑起来”示范场景建设方案")
            .para(&format!("场景名称：{}", f.name))
            .para(&format!("牵头单位：{}", f.unit))
            .para(&format!("参与单位：{}", f.partner))
            .para(&format!("负 责 人：{}", f.people[0]))
            .para(&format!("联系方式：{p}"))
            .para("2026年11月20日")
            .centered("场景基本情况表")
            .table(&[
                vec!["场景名称", &f.name],
                vec!["申报方向\n(可选多项)", "□政务数据共享 □公共数据开放 ☑公共数据授权运营"],
                vec!["应用领域\n(可选多项)", "☑气象服务 ☑农业农村 □其他"],
                vec!["牵头单位", &f.unit, "负责人  联系方式", &format!("{} {p}", f.people[0])],
                vec!["参与单位", &f.partner],
                vec!["场景要点"],
                vec!["场景概述", &overview],
                vec!["开发利用的公共数据", "气象观测数据、农牧业生产数据、草场遥感数据、GIS地理信息数据"],
                vec!["预期成果", &outcome],
            ]);
        // (chapter heading, its sections, the chapter's own 字 as a range)
        type Chapter<'a> = (&'a str, &'a [&'a str], (u64, u64));
        let chapters: [Chapter<'_>; 7] = [
            ("一、工作基础", &[], (600, 1200)),
            ("二、建设目标", &["（一）拟解决的问题", "（二）拟达成的工作目标"], (0, 0)),
            ("三、总体思路", &[], (500, 900)),
            ("四、建设方案", &["（一）场景建设架构图", "（二）主要建设任务"], (0, 0)),
            ("五、预期成果", &[], (400, 800)),
            ("六、实施计划", &[], (200, 400)),
            ("七、组织保障措施", &[], (300, 600)),
        ];
        let mut d = d;
        for (title, sections, (lo, hi)) in chapters {
            d = d.heading(1, title);
            if hi > 0 {
                let words = self.rng.range(lo, hi);
                let paras = self.prose(words, title.contains("预期成果"));
                d = self.add_prose(d, &paras);
            }
            if title.contains("实施计划") {
                d = self.plan_table(d);
            }
            for s in sections {
                d = d.heading(2, s);
                let words = if s.contains("架构图") { self.rng.range(60, 160) } else { self.rng.range(400, 1200) };
                let paras = self.prose(words, false);
                d = self.add_prose(d, &paras);
                if s.contains("架构图") {
                    d.docx = d.docx.add_paragraph(
                        Paragraph::new().add_run(Run::new().add_image(fixtures_gen::architecture_png()?)),
                    );
                }
                if s.contains("主要建设任务") {
                    d = self.data_table(d);
                }
            }
        }
        save(d, path)
    }

    /// 实施计划 in 3-month steps from 2026年12月, as the notice asks.
    fn plan_table(&mut self, d: Doc) -> Doc {
        let steps = ["需求调研，数据归集与治理", "模型开发与平台建设", "试点应用与迭代优化", "推广与验收"];
        let mut rows: Vec<Vec<String>> =
            vec![vec!["时间".into(), "建设内容".into(), "参与单位及分工".into(), "阶段性成果".into()]];
        let mut month = 12; // months counted from 2026年1月 = 1
        for (i, step) in steps.iter().enumerate() {
            let (start, end) = (month, month + 2);
            let ym = |m: u64| (2026 + (m - 1) / 12, (m - 1) % 12 + 1);
            let ((y1, m1), (y2, m2)) = (ym(start), ym(end));
            rows.push(vec![
                format!("{y1}年{m1}月—{y2}年{m2}月"),
                (*step).to_owned(),
                if i % 2 == 0 { self.facts.unit.clone() } else { self.facts.partner.clone() },
                format!("阶段报告{}份、{}模块{}个", i + 1, self.rng.pick(TERMS), self.rng.range(1, 6)),
            ]);
            month += 3;
        }
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        d.para("以3个月为单位的进度计划：").table(&rows)
    }

    /// The 数据资源需求清单 of 主要建设任务.
    fn data_table(&mut self, d: Doc) -> Doc {
        let sources = [
            ("省气象局", "气象观测数据"),
            ("省农业农村厅", "农牧业生产数据"),
            ("省自然资源厅", "草场遥感数据"),
            ("省交通运输厅", "道路运行数据"),
            ("省卫生健康委", "基层医疗服务数据"),
            ("省市场监管局", "市场主体登记数据"),
            ("省应急管理厅", "灾害风险普查数据"),
        ];
        let n = self.rng.range(2, sources.len() as u64) as usize;
        let mut rows: Vec<Vec<String>> = vec![vec!["数据来源".into(), "数据类型".into(), "现状说明".into()]];
        for (source, kind) in sources.iter().take(n) {
            let freq = *self.rng.pick(&["按小时更新", "按日更新", "按月更新", "实时接入（API）"]);
            rows.push(vec![
                (*source).to_owned(),
                (*kind).to_owned(),
                format!("已汇聚{}万条，{freq}", self.rng.range(1, 900)),
            ]);
        }
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        d.para("数据资源需求清单").table(&rows)
    }

    fn contest(&mut self, path: &Path) -> Result<()> {
        let f = self.facts;
        let contest = if f.notice == "ln-2024-contest" {
            "2024年“数据要素×”大赛辽宁分赛"
        } else {
            "2024年“数据要素×”大赛"
        };
        let mut d = self
            .doc()
            .centered(&format!("{contest}项目申报书"))
            .para(&format!("项目名称：{}", f.name))
            .para(&format!("参赛单位：{}", f.unit))
            .para(&format!("参赛赛道：{}", f.field));
        let parts = [
            ("（1）项目概述", (500, 900)),
            ("（2）解决方案", (1200, 2200)),
            ("（3）应用价值", (600, 1200)),
            ("（4）商业模式", (400, 900)),
            ("（5）团队介绍", (200, 500)),
        ];
        for (i, (title, (lo, hi))) in parts.into_iter().enumerate() {
            d = d.heading(1, title);
            let words = self.rng.range(lo, hi);
            let paras = self.prose(words, i == 2);
            d = self.add_prose(d, &paras);
            if i == 2 {
                d = self.figures_table(d);
            }
            if i == 4 {
                let mut rows: Vec<Vec<String>> =
                    vec![vec!["姓名".into(), "职务".into(), "学历".into(), "项目分工".into()]];
                let roles = ["项目负责人", "技术负责人", "数据工程师", "算法工程师"];
                for (person, role) in f.people.iter().zip(roles) {
                    let degree = *self.rng.pick(&["博士", "硕士", "本科"]);
                    rows.push(vec![
                        person.clone(),
                        role.to_owned(),
                        degree.to_owned(),
                        format!("负责{}模块", self.rng.pick(TERMS)),
                    ]);
                }
                let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
                d = d.table(&rows);
            }
        }
        save(d, path)
    }
}
