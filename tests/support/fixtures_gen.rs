//! The sample dossiers under `fixtures/`: one that passes for every notice, and faulty ones, each
//! with one fault. Every .docx is written by docx-rs, every JPEG and PNG by an encoder, every PDF by
//! lopdf, the legacy .doc is a real OLE compound file.
//!
//! Shared by `examples/make_fixtures.rs` (which writes them) and `tests/fixtures_fresh.rs` (which
//! checks the committed ones are what this code makes). The output is deterministic.

use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell, TableRow};
use std::io::Write;
use std::path::{Path, PathBuf};

#[path = "mp4_gen.rs"]
#[allow(dead_code)]
mod mp4_gen;
#[path = "pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// On-topic sentences the section bodies are made of.
const SENTENCES: &[&str] = &[
    "本案例围绕工业制造企业供应链协同管理的痛点，汇聚上下游设计数据、生产计划数据和物料供应数据。",
    "通过可信数据空间实现数据可用不可见，保障各参与方的数据安全与合规流通。",
    "平台上线以来已接入企业126家，采购成本降低3.4%，交付周期缩短18天。",
    "项目建立了数据授权、计量与收益分配机制，推动数据要素在产业链内复用增效。",
    "依托隐私计算与区块链存证技术，打通数据流通中的卡点和堵点。",
    "案例形成了可复制、可推广的数据赋能模式，取得了显著的经济效益和社会效益。",
    "数据来源包括企业自有生产数据、合作伙伴授权数据以及依法开放的公共数据。",
    "项目团队由数据工程、行业咨询和安全合规人员组成，累计投入研发人员45人。",
];

const PAD: &str = "数据要素赋能经济社会高质量发展";

/// Chinese text of exactly `words` 字 as Word counts them (no hint-dependent marks inside).
fn text(words: u64, seed: usize) -> String {
    let count = |s: &str| shenbao::count::count_text(s).words;
    let mut out = String::new();
    let mut i = seed;
    loop {
        let next = SENTENCES[i % SENTENCES.len()];
        if count(&out) + count(next) > words {
            break;
        }
        out.push_str(next);
        i += 1;
    }
    let mut pad = PAD.chars().cycle();
    while count(&out) + 1 < words {
        out.push(pad.next().unwrap_or('数'));
    }
    if count(&out) < words {
        out.push('。');
    }
    assert_eq!(count(&out), words, "filler text must hit the count exactly");
    out
}

/// A paragraph or two of body text totalling `words`.
fn body(words: u64, seed: usize) -> Vec<String> {
    if words < 120 {
        return vec![text(words, seed)];
    }
    let first = words / 2;
    vec![text(first, seed), text(words - first, seed + 3)]
}

/// Builds a .docx the way a Chinese Word user's document looks: 宋体 body with the East Asian hint,
/// 黑体 headings, hand-numbered headings in Heading styles (or plain paragraphs when `styled` is off).
pub struct Doc {
    pub docx: Docx,
    pub styled: bool,
    pub hint: bool,
}

impl Doc {
    pub fn new(styled: bool) -> Self {
        let docx = Docx::new()
            .page_size(11906, 16838)
            .default_fonts(RunFonts::new().ascii("Times New Roman").east_asia("宋体"))
            .add_style(Style::new("Heading1", StyleType::Paragraph).name("heading 1").outline_lvl(0).bold().size(32))
            .add_style(Style::new("Heading2", StyleType::Paragraph).name("heading 2").outline_lvl(1).bold().size(28))
            .created_at("2024-08-01T09:00:00Z");
        Doc { docx, styled, hint: true }
    }

    pub fn run(&self, text: &str) -> Run {
        let run = Run::new().add_text(text);
        if self.hint {
            run.fonts(RunFonts::new().east_asia("宋体").hint("eastAsia"))
        } else {
            run
        }
    }

    pub fn para(mut self, text: &str) -> Self {
        let p = Paragraph::new().add_run(self.run(text));
        self.docx = self.docx.add_paragraph(p);
        self
    }

    pub fn centered(mut self, text: &str) -> Self {
        let p = Paragraph::new().add_run(self.run(text).bold()).align(AlignmentType::Center);
        self.docx = self.docx.add_paragraph(p);
        self
    }

    pub fn heading(mut self, level: usize, text: &str) -> Self {
        let mut p = Paragraph::new().add_run(self.run(text).fonts(RunFonts::new().east_asia("黑体").hint("eastAsia")));
        if self.styled {
            p = p.style(if level == 1 { "Heading1" } else { "Heading2" });
        }
        self.docx = self.docx.add_paragraph(p);
        self
    }

    pub fn paras(mut self, texts: Vec<String>) -> Self {
        for t in texts {
            self = self.para(&t);
        }
        self
    }

    /// A table from rows of cell texts; a cell text may hold several lines.
    pub fn table(mut self, rows: &[Vec<&str>]) -> Self {
        let rows: Vec<TableRow> = rows
            .iter()
            .map(|cells| {
                TableRow::new(
                    cells
                        .iter()
                        .map(|text| {
                            text.split('\n').fold(TableCell::new(), |cell, line| {
                                cell.add_paragraph(Paragraph::new().add_run(self.run(line)))
                            })
                        })
                        .collect(),
                )
            })
            .collect();
        self.docx = self.docx.add_table(Table::new(rows));
        self
    }

    pub fn write(self, path: &Path) -> Result<()> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        self.docx.build().pack(&mut bytes)?;
        std::fs::write(path, bytes.into_inner())?;
        Ok(())
    }
}

/// A one-page PDF carrying `label` (ASCII), standing for a stamped scan or a proof copy.
pub fn pdf(path: &Path, label: &str) -> Result<()> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 18.into()]),
            Operation::new("Td", vec![72.into(), 760.into()]),
            Operation::new("Tj", vec![Object::string_literal(label)]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode()?));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set(
        "ID",
        Object::Array(vec![Object::string_literal("shenbao-fixture"), Object::string_literal("shenbao-fixture")]),
    );
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)?;
    std::fs::write(path, bytes)?;
    Ok(())
}

/// A real baseline JPEG of `w`×`h`: coloured blocks, so it is not blank and still compresses small.
pub fn jpeg(path: &Path, w: u16, h: u16) -> Result<()> {
    let mut pixels = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for y in 0..h {
        for x in 0..w {
            pixels.extend_from_slice(&[((x / 160) * 40 % 256) as u8, ((y / 160) * 30 % 256) as u8, 160]);
        }
    }
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, 60).encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)?;
    std::fs::write(path, bytes)?;
    Ok(())
}

/// A real PNG (used where a file is a PNG renamed .jpg).
fn png(path: &Path, w: u32, h: u32) -> Result<()> {
    let file = std::fs::File::create(path)?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header()?;
    let data: Vec<u8> = (0..w * h).flat_map(|i| [(i % 251) as u8, 90, 200]).collect();
    writer.write_image_data(&data)?;
    Ok(())
}

/// The 场景建设架构图: a small PNG drawn into the qh 建设方案.
pub fn architecture_png() -> Result<docx_rs::Pic> {
    let (w, h) = (320u32, 180u32);
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, w, h);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header()?;
        let data: Vec<u8> = (0..w * h).flat_map(|i| [40, (i % 200) as u8, 160]).collect();
        writer.write_image_data(&data)?;
    }
    Ok(docx_rs::Pic::new_with_dimensions(bytes, w, h))
}

/// An OLE compound file with a `WordDocument` stream: what a Word 97-2003 .doc is made of.
fn ole_doc(path: &Path) -> Result<()> {
    let mut comp = cfb::create(path)?;
    let mut stream = comp.create_stream("/WordDocument")?;
    stream.write_all(&[0xEC, 0xA5, 0xC1, 0x00])?;
    stream.write_all(&[0u8; 508])?;
    drop(stream);
    comp.flush()?;
    Ok(())
}

/// A structurally complete MP4 (ftyp, moov with video and audio tracks, mdat) of the given picture
/// size, length and codec ("avc1" H.264, "hvc1" HEVC), or a QuickTime file with `quicktime`.
pub fn mp4(path: &Path, width: u16, height: u16, seconds: f64, codec: &[u8; 4], quicktime: bool) -> Result<()> {
    let mut spec = mp4_gen::Mp4Spec::new(width, height, seconds, 25.0, true, codec);
    if quicktime {
        spec.brand = *b"qt  ";
    }
    std::fs::write(path, mp4_gen::build(&spec))?;
    Ok(())
}

/// A coarse 40 dpi scanned PDF (small files, still enough for the seal heuristic): `seals` lists the
/// 1-based pages that carry a red seal. `created` is a PDF date, e.g. "D:20240810180000+08'00'".
pub fn scan(path: &Path, pages: u32, seals: &[u32], created: &str) -> Result<()> {
    let pages: Vec<pdf_gen::ScanPage> =
        (1..=pages).map(|n| pdf_gen::ScanPage { seal: seals.contains(&n), ..Default::default() }).collect();
    std::fs::write(path, pdf_gen::scanned_pdf_sized(&pages, Some(created), 340, 440, 50))?;
    Ok(())
}

struct Fixture {
    dir: PathBuf,
}

impl Fixture {
    fn new(root: &Path, notice: &str, name: &str) -> Result<Self> {
        let dir = root.join(notice).join(name);
        std::fs::create_dir_all(&dir)?;
        Ok(Fixture { dir })
    }

    fn path(&self, rel: &str) -> Result<PathBuf> {
        let p = self.dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(p)
    }

    fn toml(&self, text: &str) -> Result<()> {
        std::fs::write(self.path("dossier.toml")?, text)?;
        Ok(())
    }
}

// ---------------------------------------------------------------- ln-2024-cases

/// Section word counts of an ln-2024-cases 申报书: 问题描述, 解决方案, 应用成效, 创新点, 参与单位情况介绍.
struct LnCounts([u64; 5]);

const LN_NAME: &str = "工业制造领域——基于可信数据空间的装备制造供应链协同";
const LN_UNIT: &str = "辽宁某某大学";

fn ln_cases_docx(path: &Path, counts: &LnCounts, order: &[usize], hint: bool, ambiguous_first: bool) -> Result<()> {
    ln_cases_docx_as(path, counts, order, hint, ambiguous_first, LN_NAME, LN_UNIT)
}

fn ln_cases_docx_as(
    path: &Path,
    counts: &LnCounts,
    order: &[usize],
    hint: bool,
    ambiguous_first: bool,
    name: &str,
    unit: &str,
) -> Result<()> {
    let titles = [
        "问题描述（300字以内）",
        "解决方案（1500字以内）",
        "应用成效（500字以内）",
        "创新点（500字以内）",
        "参与单位情况介绍（200字以内）",
    ];
    let numbers = ["一", "二", "三", "四", "五"];
    let mut d = Doc::new(true);
    d.hint = hint;
    d = d
        .centered("“数据要素×”典型案例申报书")
        .para(&format!("案例名称：{name}"))
        .para(&format!("申报单位：{unit}"))
        .para("2024年2月26日")
        .centered("“数据要素×”典型案例申报表")
        .table(&[
            vec!["案例名称", name],
            vec!["申报单位", unit],
            vec!["负责人", "王明", "职务", "处长", "联系方式", "024-23456789"],
            vec!["联系人", "李华", "职务", "科员", "联系方式", "13800000000"],
            vec!["通讯地址", "辽宁省沈阳市皇姑区某某路1号"],
            vec!["申报理由及推广价值", &text(120, 2)],
            vec!["申报单位意见", "（盖章）\n2024年2月26日"],
        ])
        .heading(1, "“数据要素×”典型案例申报材料")
        .para("（总篇幅不超过3000字）");
    for &i in order {
        d = d.heading(2, &format!("{}、{}", numbers[i], titles[i]));
        if i == 0 && ambiguous_first {
            // 293 字 of plain text and a sentence whose quotes count 1 or 3 with "AI": 299 or 301 字.
            let mut t = text(293, i);
            t.push_str("使用“AI”技术。");
            d = d.para(&t);
        } else {
            d = d.paras(body(counts.0[i], i));
        }
    }
    d.heading(1, "申报承诺书")
        .para("本单位提交的“数据要素×”典型案例申报材料内容、数据真实准确，相关佐证材料合法合规且真实有效。如申报材料或相关佐证材料失实、虚假，本单位自愿放弃评审资格，并承担相应责任。")
        .para("（申报单位盖章）")
        .para("2024年2月26日")
        .write(path)
}

const LN_TOML: &str = "notice = \"ln-2024-cases\"\nname = \"工业制造领域——基于可信数据空间的装备制造供应链协同\"\nunit = \"辽宁某某大学\"\nunit_type = \"其他高校\"\nfield = \"工业制造\"\npriority = 1\n";

fn ln_cases(root: &Path) -> Result<()> {
    let good = LnCounts([280, 1400, 460, 430, 180]);
    let all = [0, 1, 2, 3, 4];
    let standard =
        |name: &str, counts: &LnCounts, order: &[usize], licence: bool, ambiguous: bool| -> Result<Fixture> {
            let f = Fixture::new(root, "ln-2024-cases", name)?;
            f.toml(LN_TOML)?;
            ln_cases_docx(&f.path("申报书.docx")?, counts, order, !ambiguous, ambiguous)?;
            if licence {
                jpeg(&f.path("事业单位法人证书复印件.jpg")?, 1240, 1754)?;
            }
            Ok(f)
        };
    standard("pass", &good, &all, true, false)?;
    // 问题描述 is 312 字: 12 over its 300.
    standard("over-section", &LnCounts([312, 1400, 460, 430, 180]), &all, true, false)?;
    // The sections add up to 3115 字 (with the two headings inside): over the 3000 total.
    standard("over-total", &LnCounts([300, 1500, 500, 500, 200]), &all, true, false)?;
    standard("missing-licence", &good, &all, false, false)?;
    // 创新点 left out.
    standard("missing-section", &good, &[0, 1, 2, 4], true, false)?;
    // 解决方案 before 问题描述.
    standard("out-of-order", &good, &[1, 0, 2, 3, 4], true, false)?;
    // Runs without the East Asian hint: “AI” counts 299 as Latin quotes, 301 as Chinese ones.
    standard("ambiguous-quotes", &good, &all, true, true)?;
    Ok(())
}

// ---------------------------------------------------------------- cq-2024-cases-2

/// How the stamped PDF of a cq dossier is made.
#[derive(Clone, Copy, PartialEq)]
enum Stamped {
    /// A 6-page scan, sealed on the 信息表 page and the last page (承诺书), made after the Word was saved.
    Scan,
    /// The same scan without any seal.
    ScanNoSeal,
    /// A stamped PDF made before the Word was last saved (and so older than it).
    OlderText,
    /// A PDF with an open password.
    Encrypted,
    Missing,
}

struct CqOptions {
    jianjie: [u64; 6],
    xuanchuan: [u64; 2],
    stamped: Stamped,
    legacy_word: bool,
    png_as_jpg: bool,
    /// (width, height, seconds, codec, QuickTime brand)
    video: (u16, u16, f64, &'static [u8; 4], bool),
    picture_size: (u16, u16),
    /// Leave out the 系统界面呈现图.
    skip_last_picture: bool,
    /// The content faults of a hurried 申报书 (SB7xx): see `cq_cases`.
    careless: bool,
}

impl Default for CqOptions {
    fn default() -> Self {
        CqOptions {
            jianjie: [450, 1800, 700, 500, 450, 300],
            xuanchuan: [500, 800],
            stamped: Stamped::Scan,
            legacy_word: false,
            png_as_jpg: false,
            video: (1920, 1080, 302.0, b"avc1", false),
            picture_size: (1280, 720),
            skip_last_picture: false,
            careless: false,
        }
    }
}

/// The template's 应用成效 example, “如：” cut and two figures changed, as a hurried applicant keeps it.
const CQ_EXAMPLE_KEPT: &str = "本系统自2023年5月上线实施以来，已在高端装备制造业、生物医药、钢铁制造等行业31家工业制造核心企业落地应用使用。以某企业为例，上线后一年采购成本节约4.1%、效率提升13.2%，图纸打印成本节约1000万元/年，质量合格率年度提升3.2%，产业链协同水平显著提升。";

fn cq_docx(path: &Path, o: &CqOptions) -> Result<()> {
    let mut d = Doc::new(false);
    // A hurried 申报书 names a joint applicant without its stamp lines.
    let (units, opinion) = if o.careless {
        ("重庆某某科技有限公司\n重庆某某大学", "重庆某某科技有限公司（盖章）\n2024年8月10日")
    } else {
        ("重庆某某科技有限公司", "（盖章）\n2024年8月10日")
    };
    // Saved 2024-08-10 16:00 Beijing time; the scan is made at 18:00, the stale text PDF on 08-01.
    d.docx = d.docx.updated_at("2024-08-10T08:00:00Z");
    let mut d = d
        .centered("“数据要素×”典型案例申报书")
        .para("案例名称：工业制造领域——基于可信数据空间的供应链协同管理")
        .para("申报单位：重庆某某科技有限公司")
        .para("2024年8月10日")
        .heading(1, "1、“数据要素×”典型案例申报信息表")
        .table(&[
            vec!["申报单位", units],
            vec!["案例名称", "工业制造领域——基于可信数据空间的供应链协同管理"],
            vec!["负责人", "陈刚", "部门职务", "数据部总监", "联系方式", "023-63000000"],
            vec!["联系人", "刘洋", "部门职务", "项目经理", "联系方式", "13900000000"],
            vec!["通讯地址", "重庆市渝北区某某大道100号"],
            vec!["申报理由", &text(150, 4)],
            vec!["申报单位意见", opinion],
        ])
        .heading(1, "二、“数据要素×”典型案例简介")
        .para("（总篇幅不超过5000字）");
    let jianjie = [
        "（一）问题描述",
        "（二）解决方案",
        "（三）应用成效",
        "（四）创新点",
        "（五）安全合规",
        "（六）参与单位情况介绍",
    ];
    for (i, title) in jianjie.iter().enumerate() {
        d = d.heading(2, title);
        if o.careless && i == 0 {
            d = d.para("包括但不限于案例需要解决的所属行业（产业）发展问题、案例需要的数据类别、案例解决的数据流通的卡点、堵点等。");
        }
        if o.careless && i == 2 {
            d = d.para(CQ_EXAMPLE_KEPT);
        }
        d = d.paras(body(o.jianjie[i], i));
    }
    d = d.heading(1, "三、“数据要素×”典型案例宣传推广材料").para("（总篇幅不超过1500字，有关内容可对外公开）");
    for (i, title) in ["（一）案例描述", "（二）主要做法及成效"].iter().enumerate() {
        d = d.heading(2, title).paras(body(o.xuanchuan[i], i + 2));
        if o.careless && i == 0 {
            // A mobile number in the part “有关内容可对外公开”, and a reviewer's comment left on it.
            let comment = docx_rs::Comment::new(1)
                .author("审核人")
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text("公开材料不要留手机号")));
            let run = d.run("详情请联系项目负责人陈刚，手机13800001234。");
            d.docx = d.docx.add_paragraph(Paragraph::new().add_comment_start(comment).add_run(run).add_comment_end(1));
        }
    }
    cq_closing(d, if o.careless { "2024年  月  日" } else { "2024年8月10日" }).write(path)
}

/// The close of a cq-2024-cases-2 申报书: the 多媒体材料目录 and the 承诺书 dated `date`.
pub fn cq_closing(d: Doc, date: &str) -> Doc {
    d.heading(1, "四、“数据要素×”典型案例多媒体材料目录")
        .heading(2, "（一）图片")
        .para("1.数据要素流向图；2.商业模式、运行模式示意图；3.数据安全技术应用示意图；4.系统界面呈现图。")
        .heading(2, "（二）视频")
        .para("案例视频一部，时长5分钟。")
        .heading(1, "五、申报承诺书")
        .para("本单位提交的“数据要素×”典型案例申报材料内容、数据真实准确，相关佐证材料合法合规且真实有效。如申报材料或相关佐证材料失实、虚假，本单位自愿放弃评审资格，并承担相应责任。")
        .para("（申报企业盖章）")
        .para(date)
}

const CQ_TOML: &str = "notice = \"cq-2024-cases-2\"\nname = \"工业制造领域——基于可信数据空间的供应链协同管理\"\nunit = \"重庆某某科技有限公司\"\nunit_type = \"企业\"\nfield = \"工业制造\"\npriority = 1\n";

fn cq_one(root: &Path, name: &str, o: &CqOptions) -> Result<()> {
    let f = Fixture::new(root, "cq-2024-cases-2", name)?;
    f.toml(CQ_TOML)?;
    if o.legacy_word {
        ole_doc(&f.path("申报书.doc")?)?;
    } else {
        cq_docx(&f.path("申报书.docx")?, o)?;
    }
    let stamped = f.path("申报书（用印）.pdf")?;
    match o.stamped {
        Stamped::Scan => scan(&stamped, 6, &[2, 6], "D:20240810180000+08'00'")?,
        Stamped::ScanNoSeal => scan(&stamped, 6, &[], "D:20240810180000+08'00'")?,
        Stamped::OlderText => std::fs::write(&stamped, pdf_gen::vector_seal_pdf(Some("D:20240801093000+08'00'")))?,
        Stamped::Encrypted => std::fs::write(&stamped, pdf_gen::encrypted_pdf(true))?,
        Stamped::Missing => {}
    }
    jpeg(&f.path("营业执照复印件.jpg")?, 1240, 1754)?;
    let pictures = ["1-数据要素流向图", "2-商业模式示意图", "3-数据安全技术应用示意图", "4-系统界面呈现图"];
    let count = if o.skip_last_picture { 3 } else { 4 };
    for (i, p) in pictures.iter().take(count).enumerate() {
        let path = f.path(&format!("多媒体材料/图片/{p}.jpg"))?;
        if o.png_as_jpg && i == 0 {
            png(&path, 1280, 720)?;
        } else {
            jpeg(&path, o.picture_size.0, o.picture_size.1)?;
        }
    }
    let (w, h, seconds, codec, quicktime) = o.video;
    mp4(&f.path("多媒体材料/视频/案例视频.mp4")?, w, h, seconds, codec, quicktime)?;
    Ok(())
}

/// The cq-2024-cases-2 dossier that passes, written to `root/cq-2024-cases-2/{name}` (the batch benchmark
/// makes its dossiers from it).
#[allow(dead_code)]
pub fn cq_pass_dossier(root: &Path, name: &str) -> Result<PathBuf> {
    cq_one(root, name, &CqOptions::default())?;
    Ok(root.join("cq-2024-cases-2").join(name))
}

fn cq_cases(root: &Path) -> Result<()> {
    cq_one(root, "pass", &CqOptions::default())?;
    // 宣传推广材料: 1560 字 with its two headings, over its 1500.
    cq_one(root, "over-part", &CqOptions { xuanchuan: [600, 940], ..Default::default() })?;
    cq_one(root, "missing-pdf", &CqOptions { stamped: Stamped::Missing, ..Default::default() })?;
    cq_one(root, "legacy-doc", &CqOptions { legacy_word: true, ..Default::default() })?;
    cq_one(root, "png-renamed-jpg", &CqOptions { png_as_jpg: true, ..Default::default() })?;
    // Media and PDF faults, one each.
    cq_one(root, "video-short-480p", &CqOptions { video: (854, 480, 40.0, b"avc1", false), ..Default::default() })?;
    cq_one(root, "video-long-hevc", &CqOptions { video: (1920, 1080, 450.0, b"hvc1", false), ..Default::default() })?;
    cq_one(root, "mov-renamed-mp4", &CqOptions { video: (1920, 1080, 300.0, b"avc1", true), ..Default::default() })?;
    cq_one(root, "low-res-pictures", &CqOptions { picture_size: (640, 480), ..Default::default() })?;
    cq_one(root, "missing-picture-category", &CqOptions { skip_last_picture: true, ..Default::default() })?;
    cq_one(root, "pdf-no-seal", &CqOptions { stamped: Stamped::ScanNoSeal, ..Default::default() })?;
    cq_one(root, "pdf-older-than-word", &CqOptions { stamped: Stamped::OlderText, ..Default::default() })?;
    cq_one(root, "pdf-encrypted", &CqOptions { stamped: Stamped::Encrypted, ..Default::default() })?;
    // Content faults: the template's guidance and its example case left in, a mobile number and a
    // comment in the publishable 宣传推广材料, a joint applicant without stamp lines, a blank date.
    cq_one(root, "careless-content", &CqOptions { careless: true, ..Default::default() })?;
    Ok(())
}

// ---------------------------------------------------------------- contests

fn contest_docx(path: &Path, contest: &str) -> Result<()> {
    contest_docx_as(path, contest, "基于多源数据融合的普惠金融服务平台")
}

fn contest_docx_as(path: &Path, contest: &str, project: &str) -> Result<()> {
    let mut d = Doc::new(true)
        .centered(&format!("{contest}项目申报书"))
        .para(&format!("项目名称：{project}"))
        .para("参赛单位：某某数据科技有限公司");
    let parts = [
        ("（1）项目概述", 600),
        ("（2）解决方案", 1500),
        ("（3）应用价值", 800),
        ("（4）商业模式", 600),
        ("（5）团队介绍", 400),
    ];
    for (i, (title, words)) in parts.iter().enumerate() {
        d = d.heading(1, title).paras(body(*words, i));
    }
    d.write(path)
}

fn contest(root: &Path, notice: &str, contest_name: &str, toml: &str, name: &str, with_commitment: bool) -> Result<()> {
    let f = Fixture::new(root, notice, name)?;
    f.toml(toml)?;
    contest_docx(&f.path("项目申报书.docx")?, contest_name)?;
    let mut proofs =
        vec!["项目资质证明", "申报主体责任声明", "财务审计报告", "信用情况", "应用案例证明", "知识产权证明"];
    if with_commitment {
        proofs.push("参赛承诺书");
    }
    for p in proofs {
        pdf(&f.path(&format!("证明材料/{p}.pdf"))?, "Proof material")?;
    }
    jpeg(&f.path("证明材料/营业执照.jpg")?, 1240, 1754)?;
    Ok(())
}

// ---------------------------------------------------------------- qh-2025-scenes

/// `overview` is the 场景概述's 字数 (the notice allows 500); `directions` the 申报方向 cell; `careless`
/// leaves out the 架构图 and the table's rows, calls the scene built, and plans 18 months in two halves.
fn qh_docx(path: &Path, overview: u64, directions: &str, careless: bool) -> Result<()> {
    let mut d = Doc::new(true);
    // Saved at 09:00 Beijing time on the day its stamped scan is made (10:00).
    d.docx = d.docx.updated_at("2027-03-01T01:00:00Z");
    let mut d = d
        .centered("公共数据“跑起来”示范场景建设方案")
        .para("场景名称：高原农牧业气象数据授权运营服务场景")
        .para("牵头单位：青海省某某数据有限公司")
        .para("参与单位：青海某某气象服务中心")
        .para("负 责 人：马强")
        .para("联系方式：0971-6000000")
        .para("2026年11月20日")
        .centered("场景基本情况表")
        .table(&[
            vec!["场景名称", "高原农牧业气象数据授权运营服务场景"],
            vec!["申报方向\n(可选多项)", directions],
            vec!["应用领域\n(可选多项)", "☑气象服务 ☑农业农村 □其他"],
            vec!["牵头单位", "青海省某某数据有限公司", "负责人  联系方式", "马强 0971-6000000"],
            vec!["参与单位", "青海某某气象服务中心"],
            vec!["场景要点"],
            vec!["场景概述", &text(overview, 1)],
            vec!["开发利用的公共数据", "气象观测数据、农牧业生产数据、草场遥感数据"],
            vec!["预期成果", &text(380, 5)],
        ]);
    // (chapter heading, its sections with their word counts, the chapter's own words)
    type Chapter<'a> = (&'a str, &'a [(&'a str, u64)], u64);
    let chapters: [Chapter<'_>; 7] = [
        ("一、工作基础", &[], 600),
        ("二、建设目标", &[("（一）拟解决的问题", 400), ("（二）拟达成的工作目标", 400)], 0),
        ("三、总体思路", &[], 500),
        ("四、建设方案", &[("（一）场景建设架构图", 80), ("（二）主要建设任务", 900)], 0),
        ("五、预期成果", &[], 400),
        ("六、实施计划", &[], 400),
        ("七、组织保障措施", &[], 300),
    ];
    for (i, (title, sections, words)) in chapters.iter().enumerate() {
        d = d.heading(1, title);
        if careless && title.contains("工作基础") {
            d = d.para("本场景已建成并上线运行，服务农牧民3万户。");
        }
        if *words > 0 {
            d = d.paras(body(*words, i));
        }
        if careless && title.contains("实施计划") {
            d = d.para("场景建设周期为18个月：2026年12月—2027年5月完成平台建设，2027年6月—2028年5月推广应用。");
        } else if title.contains("实施计划") {
            d = d.para("以3个月为单位的进度计划：").table(&[
                vec!["时间", "建设内容", "参与单位及分工", "阶段性成果"],
                vec![
                    "2026年12月—2027年2月",
                    "需求调研，数据归集与治理",
                    "某某数据公司牵头，气象服务中心提供数据",
                    "数据资源目录",
                ],
                vec!["2027年3月—5月", "模型开发与平台建设", "某某数据公司", "气象服务模型 2 个"],
                vec!["2027年6月—8月", "试点应用", "气象服务中心、5 个试点合作社", "试点报告"],
                vec!["2027年9月—11月", "推广与验收", "各参与单位", "验收报告"],
            ]);
        }
        for (j, (s, w)) in sections.iter().enumerate() {
            d = d.heading(2, s).paras(body(*w, i + j));
            if s.contains("架构图") && !careless {
                d.docx = d.docx.add_paragraph(Paragraph::new().add_run(Run::new().add_image(architecture_png()?)));
            }
            if s.contains("主要建设任务") {
                let rows: &[Vec<&str>] = if careless {
                    &[vec!["数据来源", "数据类型", "现状说明"], vec!["省气象局", "", ""]]
                } else {
                    &[
                        vec!["数据来源", "数据类型", "现状说明"],
                        vec!["省气象局", "气象观测数据", "已汇聚，按小时更新"],
                        vec!["省农业农村厅", "农牧业生产数据", "已共享，按月更新"],
                    ]
                };
                d = d.para("数据资源需求清单").table(rows);
            }
        }
    }
    d.write(path)
}

const QH_TOML: &str = "notice = \"qh-2025-scenes\"\nname = \"高原农牧业气象数据授权运营服务场景\"\nunit = \"青海省某某数据有限公司\"\nrecommender = \"某某市数据局\"\ndirections = [\"公共数据授权运营\"]\nareas = [\"气象服务\", \"农业农村\"]\npriority = 1\n";

const TICKED: &str = "□政务数据共享 □公共数据开放 ☑公共数据授权运营";

fn qh_one(root: &Path, name: &str, overview: u64, directions: &str) -> Result<()> {
    qh_one_as(root, name, overview, directions, false)
}

fn qh_one_as(root: &Path, name: &str, overview: u64, directions: &str, careless: bool) -> Result<()> {
    let f = Fixture::new(root, "qh-2025-scenes", name)?;
    f.toml(QH_TOML)?;
    qh_docx(&f.path("建设方案（可编辑版）.docx")?, overview, directions, careless)?;
    scan(&f.path("建设方案（盖章扫描版）.pdf")?, 5, &[1, 5], "D:20270301100000+08'00'")?;
    pdf(&f.path("评审意见.pdf")?, "Review opinion of the recommending unit")?;
    Ok(())
}

fn qh_scenes(root: &Path) -> Result<()> {
    qh_one(root, "pass", 420, TICKED)?;
    // 场景概述 in the 基本情况表 is 530 字, over the 500 the table allows.
    qh_one(root, "overview-over-limit", 530, TICKED)?;
    // 申报方向 left with every box empty.
    qh_one(root, "direction-not-ticked", 420, "□政务数据共享 □公共数据开放 □公共数据授权运营")?;
    // No 架构图, an unfilled 数据资源需求清单, a scene “已建成”, 18 months planned in two halves.
    qh_one_as(root, "careless-plan", 420, TICKED, true)?;
    Ok(())
}

// ---------------------------------------------------------------- batches

/// A recommending unit's batch of ln-2024-cases dossiers: a 部属高校 over its 2, a 其他高校 over its 1
/// with the same case twice (same licence file too), a shared and a missing priority, a name that
/// differs between dossier.toml and the 申报表, two 地区 under 5 cases, and one dossier whose Word file
/// is broken and whose unit type is not given.
fn batch_ln(root: &Path) -> Result<()> {
    let dir = root.join("batch/ln-2024-cases");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("batch.toml"),
        "notice = \"ln-2024-cases\"\nrecommender = \"沈阳市数据局\"\nrecommender_kind = \"地区\"\ncontact = \"张伟 024-23456789\"\ndate = 2024-03-05\n",
    )?;
    let good = LnCounts([280, 1400, 460, 430, 180]);
    let all = [0, 1, 2, 3, 4];
    // (folder, name in dossier.toml, name in the 申报表, unit, unit type, field, region, priority, licence width)
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>, &'a str, Option<&'a str>, Option<u32>, u16);
    let rows: [Row; 6] = [
        (
            "01-dlut-supply-chain",
            "工业制造领域——装备制造供应链数据空间",
            "工业制造领域——装备制造供应链数据空间",
            "大连理工大学",
            Some("部属高校"),
            "工业制造",
            Some("大连市"),
            Some(1),
            1240,
        ),
        (
            "02-dlut-medical",
            "医疗健康领域——区域医疗数据共享",
            "医疗健康领域——区域医疗数据共享平台",
            "大连理工大学",
            Some("部属高校"),
            "医疗健康",
            Some("大连市"),
            Some(2),
            1241,
        ),
        (
            "03-dlut-city",
            "城市治理领域——城市运行一网统管",
            "城市治理领域——城市运行一网统管",
            "大连理工大学",
            Some("部属高校"),
            "城市治理",
            Some("大连市"),
            Some(3),
            1242,
        ),
        (
            "04-sy-college-farm",
            "现代农业领域——设施农业数据服务",
            "现代农业领域——设施农业数据服务",
            "沈阳某某学院",
            Some("其他高校"),
            "现代农业",
            None,
            Some(3),
            1243,
        ),
        (
            "05-sy-college-farm-copy",
            "现代农业领域——设施农业数据服务",
            "现代农业领域——设施农业数据服务",
            "沈阳某某学院",
            Some("其他高校"),
            "现代农业",
            None,
            Some(5),
            1243,
        ),
        (
            "06-broken-word",
            "营商环境领域——企业开办一件事",
            "营商环境领域——企业开办一件事",
            "沈阳某某科技有限公司",
            None,
            "营商环境",
            None,
            None,
            1244,
        ),
    ];
    for (folder, name, form_name, unit, unit_type, field, region, priority, width) in rows {
        let f = Fixture::new(root, "batch/ln-2024-cases", folder)?;
        let mut toml =
            format!("notice = \"ln-2024-cases\"\nname = \"{name}\"\nunit = \"{unit}\"\nfield = \"{field}\"\n");
        if let Some(t) = unit_type {
            toml += &format!("unit_type = \"{t}\"\n");
        }
        if let Some(r) = region {
            toml += &format!("region = \"{r}\"\n");
        }
        if let Some(p) = priority {
            toml += &format!("priority = {p}\n");
        }
        toml += "recommendation = \"同意推荐\"\n";
        f.toml(&toml)?;
        if folder.starts_with("06") {
            // A Word file cut off in the middle of a copy: a zip without its central directory.
            let mut bytes = Vec::new();
            let tmp = f.path("申报书.tmp")?;
            ln_cases_docx_as(&tmp, &good, &all, true, false, form_name, unit)?;
            bytes.extend_from_slice(&std::fs::read(&tmp)?[..2000]);
            std::fs::remove_file(&tmp)?;
            std::fs::write(f.path("申报书.docx")?, bytes)?;
        } else {
            ln_cases_docx_as(&f.path("申报书.docx")?, &good, &all, true, false, form_name, unit)?;
        }
        let licence = if unit_type.is_some_and(|t| t.contains("高校")) {
            "事业单位法人证书复印件"
        } else {
            "营业执照复印件"
        };
        jpeg(&f.path(&format!("{licence}.jpg"))?, width, 1754)?;
    }
    Ok(())
}

/// A contest batch (national-2024-contest): three projects in one track of a 分赛 (over its 2), a team of
/// six, a representative on two teams, one project sent through a second channel by the same team,
/// and three projects from one other contest (over its 2).
fn batch_contest(root: &Path) -> Result<()> {
    const SUB: &str = "2024年“数据要素×”大赛辽宁分赛";
    const OTHER: &str = "某某数据创新大赛";
    let team_a = [("赵一", "13800000001"), ("钱二", "13800000002"), ("孙三", "13800000003")];
    let team_b = [
        ("周四", "13900000001"),
        ("吴五", "13900000002"),
        ("郑六", "13900000003"),
        ("王七", "13900000004"),
        ("冯八", "13900000005"),
        ("陈九", "13900000006"),
    ];
    let team_c = [("褚十", "13700000001"), ("钱二", "138-0000-0002"), ("卫十一", "13700000003")];
    let team_d = [("蒋十二", "13600000001"), ("沈十三", "13600000002")];
    let team_e = [("韩十四", "13500000001")];
    // (folder, project, track, channel, priority, team)
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<u32>, &'a [(&'a str, &'a str)]);
    let rows: [Row; 6] = [
        ("01-inclusive-finance", "基于多源数据融合的普惠金融服务平台", "金融服务", SUB, Some(1), &team_a),
        ("02-supply-chain-finance", "供应链金融数据风控平台", "金融服务", SUB, Some(2), &team_b),
        ("03-insurance", "保险理赔数据协同平台", "金融服务", SUB, Some(3), &team_c),
        ("04-inclusive-finance-again", "基于多源数据融合的普惠金融服务平台", "金融服务", OTHER, None, &team_a),
        ("05-quality-inspection", "工业质检数据共享平台", "工业制造", OTHER, None, &team_d),
        ("06-medical-imaging", "医学影像数据标注平台", "医疗健康", OTHER, None, &team_e),
    ];
    for (i, (folder, project, track, channel, priority, team)) in rows.into_iter().enumerate() {
        let f = Fixture::new(root, "batch/national-2024-contest", folder)?;
        let mut toml = format!(
            "notice = \"national-2024-contest\"\nname = \"{project}\"\nunit = \"某某数据科技有限公司{}\"\ntrack = \"{track}\"\nrecommender = \"{channel}\"\n",
            i + 1
        );
        if let Some(p) = priority {
            toml += &format!("priority = {p}\n");
        }
        for (name, phone) in team {
            toml += &format!("\n[[team]]\nname = \"{name}\"\nphone = \"{phone}\"\n");
        }
        f.toml(&toml)?;
        contest_docx_as(&f.path("项目申报书.docx")?, "2024年“数据要素×”大赛", project)?;
        for p in ["项目资质证明", "申报主体责任声明", "财务审计报告", "信用情况", "应用案例证明", "知识产权证明"]
        {
            pdf(&f.path(&format!("证明材料/{p}.pdf"))?, &format!("Proof material of {folder}"))?;
        }
        jpeg(&f.path("证明材料/营业执照.jpg")?, 1240 + i as u16, 1754)?;
    }
    Ok(())
}

/// Writes every sample dossier under `root`.
pub fn write_all(root: &Path) -> Result<()> {
    std::fs::create_dir_all(root)?;
    ln_cases(root)?;
    cq_cases(root)?;
    contest(
        root,
        "ln-2024-contest",
        "2024年“数据要素×”大赛辽宁分赛",
        "notice = \"ln-2024-contest\"\nname = \"基于多源数据融合的普惠金融服务平台\"\nunit = \"某某数据科技有限公司\"\ntrack = \"金融服务\"\ntopic = \"提升普惠金融服务能力\"\n",
        "pass",
        true,
    )?;
    contest(
        root,
        "national-2024-contest",
        "2024年“数据要素×”大赛",
        "notice = \"national-2024-contest\"\nname = \"基于多源数据融合的普惠金融服务平台\"\nunit = \"某某数据科技有限公司\"\ntrack = \"金融服务\"\n",
        "pass",
        false,
    )?;
    // Two 赛题 for one project, and the 分赛's name spelled without its quotes.
    contest(
        root,
        "ln-2024-contest",
        "2024年数据要素×大赛辽宁分赛",
        "notice = \"ln-2024-contest\"\nname = \"基于多源数据融合的普惠金融服务平台\"\nunit = \"某某数据科技有限公司\"\ntrack = \"金融服务\"\ntopic = \"提升普惠金融服务能力、降低金融风险\"\n",
        "two-topics-misspelt",
        true,
    )?;
    qh_scenes(root)?;
    batch_ln(root)?;
    batch_contest(root)?;
    Ok(())
}
