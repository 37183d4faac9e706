//! The rule-file model: one notice (通知), everything it asks of a dossier, each rule with its clause.
//!
//! A rule file is the single place a notice lives. Checks read these types; nothing here opens a file.
//! Unknown keys are rejected everywhere so that a typo in a recommending unit's own rule file is an
//! error, not a silently ignored rule.

use crate::count::Unit;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema version of rule files this build reads.
pub const SCHEMA: u32 = 1;

/// Where a rule comes from in the notice: the clause number as printed and a short quote.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// The clause as the notice numbers it, e.g. "二（三）" or "附件1 申报材料模板".
    #[serde(rename = "ref")]
    pub reference: String,
    /// A short verbatim quote.
    pub quote: String,
}

impl std::fmt::Display for Clause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}：“{}”", self.reference, self.quote)
    }
}

/// A calendar day, written in TOML as a local date (`2024-08-20`) or a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub jiff::civil::Date);

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for Day {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse::<jiff::civil::Date>().map(Day).map_err(|e| format!("not a date (YYYY-MM-DD): {e}"))
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(d)? {
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(date), None) => {
                    let date = jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8)
                        .map_err(|e| D::Error::custom(format!("impossible date: {e}")))?;
                    Ok(Day(date))
                }
                _ => Err(D::Error::custom("expected a date without time, e.g. 2024-08-20")),
            },
            toml::Value::String(s) => s.parse().map_err(D::Error::custom),
            other => Err(D::Error::custom(format!("expected a date, found {}", other.type_str()))),
        }
    }
}

/// Accepted as written: a TOML local date shows up in taplo's JSON view as a "YYYY-MM-DD" string.
impl JsonSchema for Day {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Day".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar day: a TOML local date (2024-08-20) or the string \"2024-08-20\".",
            "type": "string",
            "format": "date",
        })
    }
}

/// What kind of call a notice is; decides wording (案例/项目/场景) and which checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 典型案例征集.
    Cases,
    /// 大赛 (a contest or a sub-contest).
    Contest,
    /// 示范场景建设方案征集.
    Scenes,
}

/// A rule file: one notice (通知) and everything it asks of a dossier, each rule with its clause.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// Rule-file schema version; this build reads [`SCHEMA`].
    pub schema: u32,
    /// Stable id used on the command line, e.g. `cq-2024-cases-2`.
    pub id: String,
    pub title: String,
    /// A short English title for `--lang en`.
    pub title_en: Option<String>,
    /// The issuing authority (印发单位); several for joint notices.
    pub issuer: Vec<String>,
    /// 文号, e.g. "渝大数据发〔2024〕53号".
    pub doc_number: Option<String>,
    pub issued: Option<Day>,
    pub kind: NoticeKind,
    /// The name of the item applied for in this notice: 案例, 项目 or 场景.
    pub item: String,
    /// A forwarding letter (转发函) that adds its own deadline or quota.
    pub forwarded_by: Option<Forwarding>,
    /// Earlier notices this one replaces; dossiers made for them must be re-submitted.
    #[serde(default)]
    pub supersedes: Vec<Supersedes>,
    pub deadline: Deadline,
    pub submission: Submission,
    /// The files of a dossier.
    pub documents: Vec<DocumentRule>,
    /// The 申报书: its tables, parts and sections.
    pub form: Form,
    #[serde(default)]
    pub quotas: Vec<Quota>,
    /// The notice asks for the dossiers ranked by priority (优先级排序).
    pub ranking: Option<Clause>,
    /// The recommending unit's 汇总表, when the notice gives one.
    pub summary: Option<SummaryTable>,
    pub team: Option<TeamRules>,
    #[serde(default)]
    pub lists: Lists,
    #[serde(default)]
    pub naming: Vec<Naming>,
    /// Eligibility and other requirements stated in prose (shown by `notices show`, used by content checks).
    #[serde(default)]
    pub requirements: Vec<Requirement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Forwarding {
    pub issuer: String,
    pub title: String,
    /// Who the forwarding letter addresses, e.g. "省内各高校".
    pub audience: Option<String>,
    pub clause: Clause,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supersedes {
    pub doc_number: String,
    pub clause: Clause,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// IANA time zone the dates are in; notices use Beijing time.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Days before a deadline from which a warning is given.
    #[serde(default = "default_warn_days")]
    pub warn_days: u32,
    /// Submission deadlines: one, or recurring rounds (批次) listed one by one.
    pub rounds: Vec<Round>,
    /// Other dated stages (contest schedules), for information.
    #[serde(default)]
    pub stages: Vec<Stage>,
}

fn default_timezone() -> String {
    "Asia/Shanghai".to_owned()
}

/// A time zone as people say it: 北京时间 for Asia/Shanghai.
pub fn timezone_name(tz: &str, lang: crate::diag::Lang) -> &str {
    use crate::diag::Lang;
    match (tz, lang) {
        ("Asia/Shanghai", Lang::Zh) => "北京时间",
        ("Asia/Shanghai", Lang::En) => "Beijing time",
        _ => tz,
    }
}

fn default_warn_days() -> u32 {
    7
}

/// One submission deadline. Submissions are accepted until the end of `date` in the notice's time zone.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// e.g. "第四批", "2026年3月批次", "高校（经省教育厅）".
    pub name: String,
    /// The last day (inclusive).
    pub date: Day,
    /// First day submissions are accepted, when the notice gives one (contest registration).
    pub opens: Option<Day>,
    /// The notice gives no exact day ("三月中旬前"); `date` is the conservative reading.
    #[serde(default)]
    pub approximate: bool,
    /// Who this round is for, when rounds are alternatives rather than successive batches.
    pub audience: Option<String>,
    pub clause: Clause,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: String,
    pub from: Day,
    pub to: Day,
    pub clause: Clause,
}

/// How the dossier reaches the recipient.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Who receives it, e.g. "重庆市大数据应用发展管理局".
    pub recipient: String,
    /// email, platform (a website), post, or through the recommending unit.
    pub channels: Vec<Channel>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    /// 联系人及联系方式 as the notice gives them.
    #[serde(default)]
    pub contacts: Vec<String>,
    /// What the electronic copy (电子件) contains, as ids of [`DocumentRule`]s.
    #[serde(default)]
    pub electronic: Vec<String>,
    /// Largest electronic bundle accepted, in bytes (an email attachment cap), when the notice gives one.
    pub max_bundle_bytes: Option<u64>,
    pub paper: Option<Paper>,
    pub clause: Clause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Platform,
    Post,
    /// Handed to a 推荐单位, which forwards it.
    Recommender,
}

/// The paper submission (纸质版).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    /// 一式两份 → 2.
    pub copies: u32,
    /// What the paper copy holds, e.g. "文字材料".
    pub contents: Option<String>,
    /// An electronic copy on CD (光盘) goes with the paper.
    #[serde(default)]
    pub cd: bool,
    /// Pages or parts that carry the 公章.
    #[serde(default)]
    pub stamp: Vec<String>,
    pub clause: Clause,
}

/// A file format accepted for a document, checked by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Pdf,
    #[serde(alias = "jpeg")]
    Jpg,
    Png,
    Mp4,
}

impl Format {
    pub fn kind(self) -> crate::read::sniff::Kind {
        use crate::read::sniff::Kind;
        match self {
            Format::Docx => Kind::Docx,
            Format::Pdf => Kind::Pdf,
            Format::Jpg => Kind::Jpeg,
            Format::Png => Kind::Png,
            Format::Mp4 => Kind::Mp4,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Jpg => "jpg",
            Format::Png => "png",
            Format::Mp4 => "mp4",
        }
    }
}

/// What a document is for; checks and the bundle layout key on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The editable 申报书 whose sections are counted.
    Application,
    /// The stamped scan or 用印PDF of the 申报书.
    StampedCopy,
    /// 营业执照 / 组织机构代码证 / 事业单位法人证书 copies.
    Licence,
    /// 承诺书 / 声明 as a separate file.
    Commitment,
    /// Other proof materials (财务审计, 信用情况, 知识产权证明...).
    Proof,
    /// Pictures (JPG).
    Picture,
    /// Video (MP4).
    Video,
    /// 评审意见 from the recommending unit.
    ReviewOpinion,
    Other,
}

/// One file (or group of files) a dossier holds.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRule {
    /// Stable key, used in dossier.toml `[files]` and in diagnostics.
    pub id: String,
    /// Chinese name as the notice says it, e.g. "用印PDF".
    pub name: String,
    pub name_en: String,
    pub role: Role,
    #[serde(default = "yes")]
    pub required: bool,
    /// Accepted formats, checked by content. Empty when `any_of` gives them.
    #[serde(default)]
    pub formats: Vec<Format>,
    /// File-name patterns (`*` and `?`, case-insensitive) matched against the path inside the dossier
    /// folder, e.g. `*营业执照*`. Leave the extension out: the format is checked by content, so a
    /// `申报书.doc` is found and told to be saved as .docx.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Alternatives, any one of which satisfies the rule (营业执照 | 组织机构代码证 | 事业单位法人证书).
    #[serde(default)]
    pub any_of: Vec<Alternative>,
    /// How many files at least / at most (pictures, videos).
    pub min_count: Option<u32>,
    pub max_count: Option<u32>,
    /// The content may be made public (宣传推广材料): personal data and hidden content matter more.
    #[serde(default)]
    pub publish: bool,
    /// Pages or parts inside this file that must carry the 公章.
    #[serde(default)]
    pub stamp: Vec<String>,
    /// Folder inside the submission bundle, e.g. "用印PDF".
    pub bundle_folder: Option<String>,
    /// File name inside the bundle, with `{案例名称}`-style placeholders from dossier.toml.
    pub bundle_name: Option<String>,
    pub video: Option<VideoRule>,
    pub image: Option<ImageRule>,
    /// Picture categories the notice lists (数据要素流向图, ...).
    #[serde(default)]
    pub categories: Vec<Category>,
    pub note: Option<String>,
    pub clause: Clause,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    pub name: String,
    pub name_en: String,
    pub patterns: Vec<String>,
    pub formats: Vec<Format>,
    /// The applicant types this alternative is meant for (企业, 事业单位, 高校...); empty for any.
    #[serde(default)]
    pub unit_types: Vec<String>,
}

/// Video requirements (高清, 时长5分钟左右).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VideoRule {
    /// 高清: smallest acceptable width × height.
    pub min_width: u32,
    pub min_height: u32,
    /// "5分钟左右": the target and the tolerance either side before a warning, in seconds.
    pub duration_target_s: Option<u32>,
    pub duration_tolerance_s: Option<u32>,
    /// Shorter than this is an error, not a warning.
    pub duration_min_s: Option<u32>,
    /// Where the length is asked for (时长5分钟左右).
    pub clause: Clause,
    /// Where 高清 is asked for, when not in `clause`: the resolution's 依据 (SB303).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_clause: Option<Clause>,
}

/// Picture requirements (高清).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageRule {
    /// Smallest acceptable short side in pixels.
    pub min_short_side: u32,
    pub clause: Clause,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub name: String,
    /// File-name patterns that mark a picture as this category.
    pub patterns: Vec<String>,
    /// The notice expects one (a missing one is a warning); "其他" is not expected.
    #[serde(default)]
    pub expected: bool,
}

/// The 申报书.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Id of the [`DocumentRule`] with role `application` that holds it.
    pub document: String,
    /// The template's title line, e.g. "“数据要素×”典型案例申报书".
    pub title: String,
    /// Counting unit of every limit in this form.
    #[serde(default)]
    #[schemars(with = "super::schema::UnitSchema")]
    pub unit: Unit,
    /// The cover's lines (案例名称, 申报单位, 日期...).
    #[serde(default)]
    pub cover: Vec<CoverLine>,
    /// 申报表 / 信息表 / 基本情况表.
    #[serde(default)]
    pub tables: Vec<FormTable>,
    /// Parts in template order. List every part, counted or not: a part heading also ends the one before.
    pub parts: Vec<Part>,
    pub clause: Clause,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverLine {
    pub label: String,
    /// A hint shown in the template, e.g. "示例：XX领域——案例名称".
    pub example: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormTable {
    /// e.g. "“数据要素×”典型案例申报表".
    pub name: String,
    #[serde(default = "yes")]
    pub required: bool,
    pub fields: Vec<Field>,
    pub clause: Clause,
}

/// What a 申报表 field holds, for the checks that look inside values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    #[default]
    Text,
    /// 联系方式: a phone number (and maybe an email).
    Contact,
    Date,
    /// 申报单位意见 (盖章): filled by a stamp on paper, not by text.
    Stamp,
    /// Checkboxes from a list in [`Lists`] (申报方向, 应用领域).
    Choice,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The label as printed in the table's label cell.
    pub label: String,
    /// For a label that recurs in several rows (the 职务 and 联系方式 of both 负责人 and 联系人): the
    /// label of the field whose row this one is in. `{ label = "联系方式", row = "联系人" }` is the
    /// 联系方式 cell of the 联系人 row; without `row` a label is read where it first appears. Matched as
    /// labels are (spaces and a bracketed note aside); a row holds at most two fields besides its head.
    pub row: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub kind: FieldKind,
    /// Word limit for the value (场景概述 不超过500字).
    pub limit: Option<u64>,
    /// For `choice`: the name of the list in [`Lists`] (`fields`, `directions`, `areas`, ...).
    pub list: Option<String>,
    /// More than one choice allowed (可选多项).
    #[serde(default)]
    pub multiple: bool,
    /// The template's hint inside the value cell, e.g. "(不超过500字)"; left unedited it is not a value.
    #[serde(default)]
    pub placeholder: Vec<String>,
    /// For `stamp`: the main applicant and every joint applicant (联合申报单位) stamp here, each on a line
    /// of its own.
    #[serde(default)]
    pub each_applicant: bool,
    pub clause: Option<Clause>,
}

impl Field {
    /// The field as messages and reports name it: its label, or “联系人的联系方式” for one in a row.
    pub fn title(&self) -> String {
        match &self.row {
            Some(row) => format!("{row}的{}", self.label),
            None => self.label.clone(),
        }
    }
}

/// A part of the 申报书 (案例简介, 宣传推广材料, 申报承诺书...).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub title: String,
    /// Other headings that name the same part (a shorter or older wording).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The template's numbering as printed, e.g. "二、" or "(1)" (shown in messages; headings match
    /// whatever their numbering).
    pub number: Option<String>,
    #[serde(default = "yes")]
    pub required: bool,
    /// Total limit of the part (总篇幅不超过5000字).
    pub limit: Option<u64>,
    /// The part may be made public (有关内容可对外公开).
    #[serde(default)]
    pub publish: bool,
    /// The part carries a 公章 and date (承诺书, 申报单位意见).
    #[serde(default)]
    pub stamp: bool,
    /// The main applicant and every joint applicant (联合申报单位) sign and stamp the part.
    #[serde(default)]
    pub each_applicant: bool,
    /// The template's guidance lines under the heading (to be replaced by the applicant's text).
    #[serde(default)]
    pub guidance: Vec<String>,
    /// Wording the template prints under the heading that the applicant keeps and signs, such as the
    /// 承诺书's pledge; `shenbao init` writes it into the generated 申报书.
    #[serde(default)]
    pub text: Vec<String>,
    #[serde(default)]
    pub sections: Vec<Section>,
    pub clause: Clause,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub number: Option<String>,
    #[serde(default = "yes")]
    pub required: bool,
    pub limit: Option<u64>,
    /// The notice asks for figures here (尽量用数字概括): the fewest numbers-with-units expected.
    pub min_figures: Option<u32>,
    /// The notice asks for a picture here (场景建设架构图).
    #[serde(default)]
    pub picture: bool,
    /// The notice asks for a table here, with these column headings (数据资源需求清单).
    #[serde(default)]
    pub table_columns: Vec<String>,
    /// The caption the template prints above that table (数据资源需求清单).
    #[serde(default)]
    pub table_caption: Option<String>,
    #[serde(default)]
    pub guidance: Vec<String>,
    pub clause: Clause,
}

/// A limit on how many dossiers go forward.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub scope: QuotaScope,
    /// For `per_applicant`: the applicant type it binds (部属高校); for `per_recommender`: the kind of
    /// recommending unit (地区, 部门).
    pub applies_to: Option<String>,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub clause: Clause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuotaScope {
    /// Dossiers per 申报单位.
    PerApplicant,
    /// Dossiers per 推荐单位.
    PerRecommender,
    /// Dossiers forwarded in all.
    Total,
    /// Projects per track (赛道) per sub-contest or channel.
    PerTrack,
    /// Projects per recommending contest (其他数据类赛事).
    PerContest,
}

/// A notice's 汇总表: its title and exact columns, each filled from a dossier fact.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryTable {
    pub title: String,
    pub columns: Vec<SummaryColumn>,
    /// Lines under the table: 联系人及联系方式, 推荐单位（盖章）, the date.
    #[serde(default)]
    pub footer: Vec<String>,
    pub clause: Clause,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryColumn {
    /// The column heading as printed in the notice.
    pub title: String,
    /// What fills it: index (序号), name, unit, unit_type, field, track, topic, recommender, region,
    /// department, priority, recommendation (推荐意见), or blank.
    pub source: SummarySource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SummarySource {
    Index,
    Name,
    Unit,
    UnitType,
    Field,
    Track,
    Topic,
    Recommender,
    Region,
    Department,
    Priority,
    Recommendation,
    Blank,
}

/// Contest team rules.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamRules {
    /// 参赛代表人数不超过5人.
    pub max_members: u32,
    /// 每个参赛团队只能提交1个参赛项目.
    pub one_project_per_team: bool,
    /// 每个参赛代表只能代表1个团队.
    pub one_team_per_person: bool,
    /// 每个参赛项目限报一个赛题方向.
    pub one_topic_per_project: bool,
    /// No entry through two channels / sub-contests (不得重复参赛).
    pub one_channel: bool,
    /// Organisers and their affiliates may not enter.
    #[serde(default)]
    pub no_organiser_affiliates: bool,
    pub clause: Clause,
    /// Where `one_topic_per_project` is said, when not in `clause` (每个参赛项目限报一个赛题方向).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_clause: Option<Clause>,
    /// Where `one_channel` is said, when not in `clause` (不允许通过多个推荐渠道重复取得参赛资格).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_clause: Option<Clause>,
}

/// The value lists a notice allows.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lists {
    /// 行业领域.
    pub fields: Option<ValueList>,
    /// 赛道 with their 赛题.
    pub tracks: Option<TrackList>,
    /// 申报方向.
    pub directions: Option<ValueList>,
    /// 应用领域.
    pub areas: Option<ValueList>,
    /// 申报单位类型 the notice distinguishes (部属高校, 其他高校...).
    pub unit_types: Option<ValueList>,
}

impl Lists {
    /// A value list by the name a [`Field::list`] uses.
    pub fn by_name(&self, name: &str) -> Option<&ValueList> {
        match name {
            "fields" => self.fields.as_ref(),
            "directions" => self.directions.as_ref(),
            "areas" => self.areas.as_ref(),
            "unit_types" => self.unit_types.as_ref(),
            _ => None,
        }
    }

    pub const NAMES: [&'static str; 5] = ["fields", "tracks", "directions", "areas", "unit_types"];
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueList {
    pub values: Vec<String>,
    pub clause: Clause,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackList {
    pub tracks: Vec<Track>,
    pub clause: Clause,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Track {
    pub name: String,
    pub topics: Vec<String>,
}

/// A naming rule: the form of a case name, or the only correct spelling of a contest's name.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Naming {
    pub what: NamingTarget,
    /// For `case_name`: the form with `{领域}` and `{名称}`, e.g. "{领域}领域——{名称}".
    /// For `contest_name`: the exact name.
    pub format: String,
    /// Spellings that are wrong and should be replaced by `format`.
    #[serde(default)]
    pub wrong: Vec<String>,
    pub clause: Clause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NamingTarget {
    CaseName,
    ContestName,
    SubcontestName,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// A short id, e.g. "independent-legal-person".
    pub id: String,
    pub text: String,
    pub clause: Clause,
}

impl Notice {
    pub fn document(&self, id: &str) -> Option<&DocumentRule> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// The title in the requested language.
    pub fn title_for(&self, lang: crate::diag::Lang) -> &str {
        match lang {
            crate::diag::Lang::En => self.title_en.as_deref().unwrap_or(&self.title),
            crate::diag::Lang::Zh => &self.title,
        }
    }
}
