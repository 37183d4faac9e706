//! The registry of diagnostic codes: each code once, with its default severity and its explanation.
//!
//! Codes are stable: a code is never reused for another meaning; a retired code stays listed.
//! Ranges: SB0xx the run itself (notice, dossier.toml), SB1xx the 申报书's sections and tables,
//! SB2xx files, SB3xx what is inside media, PDFs and copies, SB4xx deadlines, SB5xx batches (quotas,
//! duplicates, ranking across dossiers), SB6xx bundles (pack, verify), SB7xx content a reviewer would see
//! (hidden Word content, template leftovers, personal data).

use super::{Lang, Severity};
use serde::Serialize;

/// A code's registry entry.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: &'static str,
    /// A kebab-case name for configs and SARIF rule names.
    pub name: &'static str,
    pub severity: Severity,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    /// What the check does and how to fix what it finds.
    pub explain_zh: &'static str,
    pub explain_en: &'static str,
}

impl CodeInfo {
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title_zh, self.title_en)
    }

    pub fn explain(&self, lang: Lang) -> &'static str {
        lang.pick(self.explain_zh, self.explain_en)
    }
}

macro_rules! codes {
    ($($(#[doc = $family_doc:literal])* family $family:ident {
        $($variant:ident = $code:literal $name:literal $sev:ident {
            $title_zh:literal, $title_en:literal,
            $explain_zh:literal,
            $explain_en:literal $(,)?
        })*
    })*) => {
        /// A diagnostic code. Serialises as its string, e.g. "SB103"; orders by it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($($variant,)*)* }

        /// The registry, in the order the codes are declared (by family).
        const INFOS: &[CodeInfo] = &[$($(CodeInfo {
            code: $code,
            name: $name,
            severity: Severity::$sev,
            title_zh: $title_zh,
            title_en: $title_en,
            explain_zh: $explain_zh,
            explain_en: $explain_en,
        },)*)*];

        const DECLARED: &[Code] = &[$($(Code::$variant,)*)*];

        /// The codes of each check family, one enum a family: the family file's `clauses` matches on its
        /// own enum without a wildcard, so a code added here does not compile until its family decides
        /// which notice clauses `shenbao explain` cites for it.
        pub mod family {
            $(
                $(#[doc = $family_doc])*
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum $family { $($variant,)* }

                impl From<$family> for super::Code {
                    fn from(code: $family) -> super::Code {
                        match code { $($family::$variant => super::Code::$variant,)* }
                    }
                }
            )*
        }

        /// A code as the code of its family.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Family { $($family(family::$family),)* }

        impl Code {
            /// Every code, by its string ("SB001" first).
            pub const ALL: &'static [Code] = &SORTED;

            pub fn info(self) -> &'static CodeInfo {
                &INFOS[self as usize]
            }

            /// The family that owns this code (and decides its clauses).
            pub fn family(self) -> Family {
                match self { $($(Code::$variant => Family::$family(family::$family::$variant),)*)* }
            }
        }
    };
}

const SORTED: [Code; DECLARED.len()] = sorted();

/// [`DECLARED`] ordered by the code strings, at compile time.
const fn sorted() -> [Code; DECLARED.len()] {
    let mut out = [DECLARED[0]; DECLARED.len()];
    let mut i = 0;
    while i < DECLARED.len() {
        out[i] = DECLARED[i];
        i += 1;
    }
    // Insertion sort: a hundred codes, once, by the compiler.
    let mut i = 1;
    while i < out.len() {
        let mut j = i;
        while j > 0 && before(out[j], out[j - 1]) {
            let t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    out
}

/// Whether `a`'s code string sorts before `b`'s.
const fn before(a: Code, b: Code) -> bool {
    let (x, y) = (INFOS[a as usize].code.as_bytes(), INFOS[b as usize].code.as_bytes());
    let mut i = 0;
    while i < x.len() && i < y.len() {
        if x[i] != y[i] {
            return x[i] < y[i];
        }
        i += 1;
    }
    x.len() < y.len()
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Code {
    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(s) || c.info().name == s)
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

codes! {
    /// The run itself: which notice, dossier.toml, the folder, a Word file that cannot be opened, shenbao.toml waivers (checks/mod.rs).
    family Run {
        NoticeUnknown = "SB001" "notice-unknown" Error {
            "未知的通知", "unknown notice",
            "dossier.toml 或 --notice 指定的通知既不是内置通知的 id，也不是可读取的规则文件。用 `shenbao notices` 查看内置通知，或用 --notice 指向自己的 .toml 规则文件。",
            "The notice named by dossier.toml or --notice is neither an embedded notice id nor a readable rule file. List the embedded ones with `shenbao notices`, or point --notice at your own .toml rule file.",
        }
        NoticeMissing = "SB002" "notice-missing" Error {
            "未指定通知", "no notice given",
            "检查需要知道材料按哪份通知准备。没有指定时，shenbao 先按材料中 Word 文件的章节推断（SB011）；推断不出，或几份通知的模板相同、材料中又没有只属于其中一份的内容（如封面上的“辽宁分赛”）时，报此项。在材料文件夹中放一个 dossier.toml（可用记事本新建），写一行 notice = \"ID\"；在命令行也可加 --notice ID。`shenbao notices` 列出可用的通知，`shenbao init` 从通知的模板开始一份材料。",
            "A check needs to know which notice the dossier answers. When none is named, shenbao first infers it from the headings of the folder's Word files (SB011); this is reported when that finds nothing, or finds several notices that share one template and the folder holds nothing that belongs to one of them only (such as 辽宁分赛 on the cover). Put a dossier.toml (Notepad will do) with the line notice = \"ID\" in the folder, or pass --notice ID. `shenbao notices` lists the notices; `shenbao init` starts a dossier from a notice's template.",
        }
        NoticeInferred = "SB011" "notice-inferred" Warning {
            "通知为推断", "notice inferred",
            "材料没有指定通知（没有 --notice，dossier.toml 和 batch.toml 中也没有 notice），shenbao 按材料中 Word 文件的章节标题推断出它是哪份通知的申报书，并按该通知检查。这是启发式推断：只有章节与某一份通知的模板明显吻合时才采用；几份通知的模板相同（如辽宁分赛与全国大赛的项目申报书）时，只按材料中只属于其中一份通知的内容区分——申报书封面上的“辽宁分赛”、只有一份通知设置的赛题或赛道、只有一份通知要求的材料（如参赛承诺书）——并在消息中写明依据；没有这样的内容，或两边都有时不猜，报 SB002。从不按日期推断。确认无误后在材料文件夹的 dossier.toml 中写一行 notice = \"ID\"，本提示即消失。",
            "The dossier names no notice (no --notice, no `notice` in dossier.toml or batch.toml), so shenbao inferred which notice's 申报书 its Word file is from the file's headings, and checked against that notice. This is a heuristic: a notice is taken only when the headings clearly fit its template; where several notices share one template (the Liaoning and national contests' 项目申报书) they are told apart only by what the folder holds of one of them alone — 辽宁分赛 on the 申报书's cover, a 赛题 or 赛道 only one notice sets, a document only one asks for (the 参赛承诺书) — and the message names it; with nothing of the kind, or clues for both, nothing is guessed and SB002 is reported. The date is never used. Once it is confirmed, write notice = \"ID\" in the folder's dossier.toml and this goes away.",
        }
        DossierTomlInvalid = "SB003" "dossier-toml-invalid" Error {
            "dossier.toml 无法解析", "dossier.toml is invalid",
            "材料文件夹中的 dossier.toml 有语法错误（如缺少引号、误用全角符号“＝”“，”）、未知字段或类型错误。有问题的键或行本次检查忽略，其余照常使用；只有错到无法逐行跳过时，整个文件才不使用。按提示的行列修改；可用字段见 README 的 dossier.toml 一节。",
            "The folder's dossier.toml has a syntax error (a missing quote, a full-width “＝” or “，” typed with a Chinese input method), an unknown key or a wrong type. The key or line in error is ignored and the rest is used; only a file too broken to skip line by line is left unused whole. Fix it at the line shown; the README lists the keys.",
        }
        DossierUnreadable = "SB004" "dossier-unreadable" Error {
            "材料文件夹无法读取", "dossier folder cannot be read",
            "给出的路径不存在、不是文件夹，或没有读取权限。检查路径拼写和权限。",
            "The path does not exist, is not a folder, or cannot be read. Check its spelling and permissions.",
        }
        DocxUnreadable = "SB205" "docx-unreadable" Error {
            "Word 文档已损坏", "Word document is damaged",
            "无法读取该 .docx（压缩包损坏、缺少正文部件或 XML 有误）。在 Word 中打开并重新保存；若打不开，使用备份。",
            "The .docx cannot be read (a damaged zip, no main document part, or malformed XML). Open and save it again in Word, or use a backup.",
        }
        WaiverExpired = "SB008" "waiver-expired" Warning {
            "豁免已过期", "waiver expired",
            "shenbao.toml 中的某条豁免（waivers）写了 expires 日期，该日期已过，豁免不再生效，被豁免的问题重新按原级别报告。确认问题已解决后删除这条豁免，或在有正当理由时更新日期。",
            "A waiver in shenbao.toml has an `expires` date that has passed: it no longer applies and the finding is reported at its own severity again. Remove the waiver once the problem is fixed, or move the date if there is still a good reason.",
        }
    }
    /// Who applies: dossier.toml against the 申报书, team size (checks/identity.rs).
    family Identity {
        FactsDisagree = "SB006" "facts-disagree" Error {
            "dossier.toml 与申报书不一致", "dossier.toml and the 申报书 disagree",
            "dossier.toml 写的名称或申报单位与申报书表格中的不同。汇总表、打包文件名和批量检查（名额、重复）用 dossier.toml 的值，评审专家看到的是申报书：两者必须一致，名称或申报单位不一致是错误（汇总表中标出该行）；申报方向、应用领域的勾选不一致是警告。改正其中写错的一处。",
            "The name or applicant in dossier.toml differs from the one in the 申报书's table. The 汇总表, bundle names and batch rules (quotas, duplicates) use dossier.toml; reviewers read the 申报书. They must agree: a different name or applicant is an error (its 汇总表 row is marked); differently ticked 申报方向 or 应用领域 a warning. Fix the wrong one.",
        }
        TeamOverLimit = "SB007" "team-over-limit" Error {
            "参赛代表人数超限", "too many team representatives",
            "大赛规定每个参赛团队的参赛代表人数不超过 5 人（以规则文件为准），dossier.toml 的 team 列出的人数超过了上限。报名截止后参赛代表不可更改，须在报名前调整。",
            "The contest allows at most 5 representatives per team (as the rule file says); dossier.toml's `team` lists more. Representatives cannot change after registration closes: fix it before registering.",
        }
        MemberTwice = "SB009" "team-member-twice" Warning {
            "同一参赛代表列了两次", "one representative listed twice",
            "dossier.toml 的 team 中同一个人（姓名相同，手机号或身份证号相同或未填）出现了不止一次。人数按不同的人计算，重复的一项不算超员，但报名表上会出现两次。删去重复的一项。",
            "dossier.toml's `team` lists the same person (same name, same or no phone and ID number) more than once. The team is counted by distinct people, so the repeat is not over the limit, but it would show twice on the registration. Delete the repeat.",
        }
        ContactUnreadable = "SB010" "contact-unreadable" Warning {
            "参赛代表的电话或身份证号无法识别", "a representative's phone or ID number cannot be read",
            "同一人是否同时在多个团队（SB506）按姓名加手机号或身份证号核对。电话可写作 +86 139-1234-5678、全角数字或带区号的座机（024-23456789），都会统一识别；无法识别的（位数不对、缺区号、夹有文字）或两者都没有填写时，该参赛代表无法核对。改写为 11 位手机号或带区号的座机，或填写 18 位身份证号。",
            "Whether one person is on several teams (SB506) is checked by name plus phone or ID number. Phones written as +86 139-1234-5678, in full-width digits, or as a 座机 with area code (024-23456789) are all read; one that cannot be read (wrong number of digits, no area code, words mixed in), or neither given, leaves that representative unchecked. Write an 11-digit mobile or a landline with area code, or an 18-character ID number.",
        }
    }
    /// Deadlines and rounds (checks/deadline.rs).
    family Deadline {
        Superseded = "SB005" "notice-supersedes" Info {
            "本通知替代了此前的通知", "this notice supersedes an earlier one",
            "通知声明，按此前文号提交过的材料须按本通知要求重新提交。若曾按旧通知报送过，请按新模板重新整理。",
            "The notice says dossiers sent under the earlier notice must be sent again under this one. If you sent one before, redo it with the new template.",
        }
        DeadlinePassed = "SB401" "deadline-passed" Error {
            "已过申报截止日期", "deadline has passed",
            "按通知的截止日期（北京时间当日 24:00 前），此批次已截止。若通知有后续批次，请在 dossier.toml 中用 round 指明；否则材料将不被受理。--today 可指定检查日期。批次只适用于某类单位（如“高校”）而材料没有写明单位类型（没有 dossier.toml 或其中没有 unit_type）时，不能确定这一批次是它的，只报警告。",
            "The notice's deadline (end of the day, Beijing time) has passed. If the notice has later rounds, name one in dossier.toml `round`; otherwise the dossier will not be accepted. --today sets the date checked. When the round is for one kind of unit only (高校) and the dossier does not say its unit type (no dossier.toml, or no unit_type in it), the round may not be its own: a warning only.",
        }
        DeadlineNear = "SB402" "deadline-near" Warning {
            "临近截止日期", "deadline is near",
            "距截止日期不足 7 天。纸质版邮寄和盖章需要时间，请尽早报送。",
            "Fewer than 7 days to the deadline. Stamping and posting the paper copy take time.",
        }
        DeadlineRound = "SB403" "deadline-round" Info {
            "按此截止日期检查", "deadline checked",
            "说明本次检查所依据的批次和截止日期。",
            "Says which round and deadline this check used.",
        }
        NotYetOpen = "SB404" "not-yet-open" Warning {
            "尚未开始受理", "not open yet",
            "通知规定的报名或受理开始日期尚未到来。",
            "The notice's registration or submission period has not started yet.",
        }
    }
    /// The 申报书's parts and sections and their word limits (checks/sections.rs).
    family Sections {
        PartMissing = "SB101" "part-missing" Error {
            "申报书缺少部分", "a part of the 申报书 is missing",
            "按通知模板，申报书应含此部分（如“案例简介”“宣传推广材料”“申报承诺书”）。shenbao 按标题文字查找，容忍编号、全半角和空格差异。请按模板补上该部分及其标题。",
            "The notice's template has this part (e.g. 案例简介, 宣传推广材料, 申报承诺书). Headings are found by their words, whatever the numbering, width or spacing. Add the part with its heading as in the template.",
        }
        SectionMissing = "SB102" "section-missing" Error {
            "申报书缺少章节", "a section of the 申报书 is missing",
            "模板中的每个章节（如“（一）问题描述”）都要保留标题并填写内容。请按模板顺序补上该章节。",
            "Every section of the template (e.g. （一）问题描述) must keep its heading and have content. Add it where the template has it.",
        }
        SectionOverLimit = "SB103" "section-over-limit" Error {
            "章节超出字数限制", "section over its word limit",
            "按 Word“字数统计”的“字数”口径（中文字符每字计 1，连续的英文、数字计 1 个词），章节正文（不含标题行）超出通知限制。按提示删减相应字数。",
            "Counted as Word's 字数 (each CJK character one, each run of Latin letters or digits one), the section's body (heading line excluded) is over the notice's limit. Cut the number of 字 shown.",
        }
        PartOverLimit = "SB104" "part-over-limit" Error {
            "部分超出总篇幅限制", "part over its total limit",
            "一个部分（如“案例简介，总篇幅不超过5000字”）的全部正文，含各小节标题，超出通知的总篇幅。按提示删减。",
            "All text of a part (e.g. 案例简介, at most 5000 字), sub-section headings included, is over the notice's total. Cut the number of 字 shown.",
        }
        LimitAmbiguous = "SB105" "limit-in-ambiguous-range" Warning {
            "字数限制落在不确定区间内", "limit falls inside the uncertain range",
            "中文引号“”、破折号——、省略号……、间隔号·、乘号×和全角空格的计数取决于文字的字体提示：按中文计则每个计 1 字，按西文计则与相邻英文合并。该章节（或申报表栏目，如“场景概述”）的字数在这些符号的两种计法之间变化，而限制恰在其间，Word 的结果可能与本工具不同。稳妥做法：删减到区间下限以下。",
            "Chinese quotes “”, dashes ——, ellipses ……, middle dots ·, × and the ideographic space count by the run's font hint: as CJK each is one 字, as Latin they join neighbouring Latin words. The section's (or a form field's, such as 场景概述) count moves between those readings and the limit lies within, so Word may disagree. To be safe, cut below the low end.",
        }
        OutOfOrder = "SB106" "out-of-order" Warning {
            "章节顺序与模板不一致", "sections out of template order",
            "评审按模板顺序阅读。请把章节调整为通知模板的顺序。",
            "Reviewers read in the template's order. Put the sections back in that order.",
        }
        SectionEmpty = "SB107" "section-empty" Warning {
            "章节没有内容", "section has no content",
            "章节标题下没有正文。请填写内容，或确认模板不要求该章节。",
            "The section's heading has no text under it. Fill it in.",
        }
    }
    /// The form tables (信息表, 申报表) and their fields (checks/fields.rs).
    family Fields {
        FormTableMissing = "SB108" "form-table-missing" Error {
            "申报书缺少申报表/信息表", "the 申报表 / 信息表 is missing",
            "通知模板的申报表（信息表、基本情况表）须以 Word 表格形式保留在申报书中，栏目名称与模板一致。",
            "The template's 申报表 (信息表, 基本情况表) must stay in the 申报书 as a Word table with the template's labels.",
        }
        FieldMissing = "SB109" "field-missing" Error {
            "申报表缺少栏目", "a 申报表 field is missing",
            "申报表中找不到这个栏目的标签单元格。请使用通知模板的表格，不要删改栏目名称。",
            "No cell of the 申报表 carries this field's label. Use the template's table and keep its labels.",
        }
        FieldEmpty = "SB110" "field-empty" Error {
            "申报表栏目未填写", "a 申报表 field is empty",
            "该栏目在模板中为必填，但其内容单元格为空或仍是模板提示文字；或勾选了“其他”（☑其他、☑其他：____）却没有写明是什么。请填写。",
            "The field is required but its value cell is empty or still holds the template's hint; or “其他” (other) is ticked (☑其他, ☑其他：____) without saying what it is. Fill it in.",
        }
        FieldOverLimit = "SB111" "field-over-limit" Error {
            "申报表栏目超出字数限制", "a 申报表 field is over its word limit",
            "该栏目有字数限制（如“场景概述（不超过500字）”），按 Word“字数”口径超出。只计栏内填写的文字（模板提示文字算未填写）。按提示删减。检查结果在章节表下列出每个有字数限制的栏目及其余量。",
            "The field has a word limit (e.g. 场景概述 at most 500 字) and its value is over it, counted as Word's 字数: the text written in the field only (a template hint counts as unfilled). Cut the number shown. The check lists every limited field and its margin under the sections' table.",
        }
        ContactMalformed = "SB713" "contact-malformed" Warning {
            "联系方式格式有误", "contact details malformed",
            "申报表“联系方式”栏中有既不像电话号码也不像邮箱的内容：手机应为 11 位，座机应带区号，邮箱应写全。评审联系不上申报单位时材料可能被搁置。",
            "The 申报表's 联系方式 holds something that is neither a phone number nor an e-mail address: mobiles have 11 digits, landlines an area code, addresses a full domain. A dossier whose applicant cannot be reached may be set aside.",
        }
    }
    /// The case or project name, and values from the notice's lists (checks/case_name.rs).
    family CaseName {
        NameForm = "SB705" "name-form" Warning {
            "名称不规范", "name not in the notice's form",
            "通知规定了名称的写法：案例名称写成“XX领域——案例名称”（XX 为通知列出的领域），大赛名称只能用规范全称（如“2024年‘数据要素×’大赛”“2024年“数据要素×”大赛辽宁分赛”），不得拆分或改写。按提示改正；大赛名称可用查找替换统一修改。",
            "The notice fixes how names are written: the case name as “XX领域——案例名称” with XX one of its fields, and the contest only by its standard full name (“2024年‘数据要素×’大赛”, “2024年“数据要素×”大赛辽宁分赛”), never shortened or altered. Fix as shown; find-and-replace the contest name.",
        }
        NotInList = "SB706" "not-in-list" Error {
            "取值不在通知列出的范围内", "value not in the notice's list",
            "领域、赛道、赛题、申报方向或应用领域必须是通知列出的值之一（dossier.toml 或信息表中所填）。按提示从列表中选择，注意与通知用字完全一致。",
            "The field, track, topic, direction or area must be one of the values the notice lists (as given in dossier.toml or the 信息表). Pick one from the list, spelled exactly as the notice does.",
        }
        OneChoice = "SB716" "one-choice" Error {
            "只能选一项", "only one may be chosen",
            "通知规定只能选一项，却选了多项：如大赛“每个参赛项目限报一个赛题方向”“应属于且仅属于一个赛道”，或申报表中单选栏勾选了多个方框。只保留一项；赛题一经选定不得更改。",
            "The notice allows one choice and several are made: a contest project enters one 赛题 only and belongs to one 赛道 only (“每个参赛项目限报一个赛题方向”), or a single-choice box in the 申报表 has several ticks. Keep one; a contest's topic cannot be changed once chosen.",
        }
        NameFieldDisagree = "SB717" "name-field-disagree" Warning {
            "案例名称中的领域与所填领域不一致", "the case name's field and the field given disagree",
            "案例名称以“XX领域——”开头（通知规定的格式，或申报单位自己这样写；破折号写作“—”“－”“-”也算），其中的领域与 dossier.toml（或申报表）所填的领域不同。汇总表按所填领域统计和排序，评审看到的是名称：两者须一致。改正写错的一处。",
            "The case name begins with “XX领域——” (as the notice's form asks, or as the applicant wrote it; with any dash: —, －, -), and that field differs from the field given in dossier.toml (or the 申报表). The 汇总表 counts and sorts by the field given; reviewers read the name: make them agree.",
        }
    }
    /// Which file is which document, and what each file is (checks/files.rs).
    family Files {
        DocumentMissing = "SB201" "document-missing" Error {
            "缺少必需材料", "required document missing",
            "通知要求的材料（如用印PDF、营业执照复印件）在文件夹中找不到。shenbao 按文件名（见规则文件 patterns）和文件实际格式查找；也可在 dossier.toml 的 [files] 中指明文件。",
            "A document the notice requires (e.g. the stamped PDF, a licence copy) is not in the folder. Files are found by name (the rule file's patterns) and by real format; you can also name the file in dossier.toml [files].",
        }
        LegacyWord = "SB202" "legacy-word-format" Error {
            "申报书不是 .docx 格式", "the 申报书 is not a .docx",
            "文件是 Word 97-2003（.doc）、WPS（.wps）格式或加密文档，评审要求可编辑的 .docx，shenbao 也无法统计字数。在 Word 或 WPS 中“另存为”Word 文档（*.docx），并去掉打开密码。",
            "The file is Word 97-2003 (.doc), WPS (.wps) or encrypted; reviewers ask for an editable .docx and its words cannot be counted. Save As “Word Document (*.docx)” in Word or WPS, without an open password.",
        }
        ExtensionMismatch = "SB203" "extension-mismatch" Error {
            "扩展名与实际格式不符", "extension does not match the content",
            "文件内容是另一种格式（例如把 PNG 改名为 .jpg，把 .mov 改名为 .mp4）。评审系统按实际格式处理，可能打不开。请用软件真正转换格式（“另存为”或导出），而不是只改扩展名。",
            "The content is another format (a PNG renamed .jpg, a .mov renamed .mp4). Reviewers' systems go by content and may fail. Convert it for real (Save As / Export) instead of renaming.",
        }
        FormatNotAccepted = "SB204" "format-not-accepted" Error {
            "格式不被接受", "format not accepted",
            "找到了这份材料，但格式不在通知接受的范围内（例如要求 JPG，却是 HEIC）。请转换为通知要求的格式。",
            "The document was found but its format is not one the notice accepts (e.g. HEIC where JPG is asked). Convert it.",
        }
        EmptyFile = "SB206" "empty-file" Error {
            "空文件", "empty file",
            "文件大小为 0 字节，可能是复制或下载中断。请重新导出或复制。",
            "The file is 0 bytes, likely a failed copy or download. Export or copy it again.",
        }
        LockFile = "SB207" "office-lock-file" Info {
            "Office 临时锁定文件", "Office lock file",
            "以 ~$ 开头的文件是 Word/WPS 打开文档时生成的临时文件，说明文档可能仍在编辑中。关闭文档后该文件会消失，不要随材料提交。",
            "A file starting with ~$ is a lock file Word/WPS makes while a document is open. Close the document; never submit it.",
        }
        ExtraFile = "SB208" "extra-file" Info {
            "与通知要求无关的文件", "file not asked for",
            "该文件不对应通知要求的任何材料。确认是否需要随材料提交；打包时会列出。",
            "The file matches none of the documents the notice asks for. Check whether it belongs in the submission.",
        }
        SeveralCandidates = "SB209" "several-candidates" Warning {
            "多个文件都可能是这份材料", "several files could be this document",
            "文件夹里有多个文件符合同一材料的命名规则，shenbao 选用了其中一个。请删除旧版本，或在 dossier.toml 的 [files] 中指明。",
            "Several files fit the same document; one was chosen. Remove old versions, or name the right one in dossier.toml [files].",
        }
        AssumedByFormat = "SB210" "assumed-by-format" Info {
            "按格式推定的材料", "document assumed from its format",
            "没有文件名符合这份材料，但只有一个未归属的文件格式相符，shenbao 把它当作这份材料。建议按通知的叫法命名文件，或在 dossier.toml 的 [files] 中指明。",
            "No file name fits this document, but exactly one unclaimed file has the right format, so it was taken. Name files as the notice does, or map them in dossier.toml [files].",
        }
        TooFewFiles = "SB211" "too-few-files" Error {
            "材料数量不足", "too few files",
            "通知要求此类材料至少若干个（如多媒体图片），文件夹中数量不足。",
            "The notice asks for at least this many files of this kind; the folder has fewer.",
        }
        TooManyFiles = "SB212" "too-many-files" Warning {
            "材料数量超过上限", "too many files",
            "此类材料数量超过通知或规则文件给出的上限。",
            "More files of this kind than the notice or rule file allows.",
        }
        FileUnreadable = "SB213" "file-unreadable" Error {
            "文件无法读取", "file cannot be read",
            "文件没有读取权限、是损坏的链接或读取时出错。检查权限或重新复制。",
            "The file cannot be read: permissions, a broken link or an I/O error. Check it or copy it again.",
        }
        NotRead = "SB214" "not-read" Warning {
            "链接或特殊文件未读取", "a link or special file is not read",
            "材料文件夹中有指向文件夹的链接、失效的链接（目标不存在）、指向材料文件夹之外的链接，或管道、设备等特殊文件；或有文件位于第 6 层以下的子文件夹中。shenbao 不进入链接的文件夹（避免循环），不跟随通向文件夹之外的链接（避免把别处的文件当作材料打包），也不读取特殊文件；它们不会被检查，也不会被打包。把真正的文件复制进文件夹、删除链接，把过深的文件移到较浅的文件夹。超过 100 MB 的 .docx 或 PDF 也以此代码提示：文件计为已提交并照常打包，只是不检查其内容。",
            "The dossier holds a link to a folder, a broken link (its target is gone), a link leading outside the dossier folder, or a FIFO, socket or device; or files lie more than 6 levels down. shenbao never enters a linked folder (no loops), never follows a link out of the dossier (no file from elsewhere is packed as a document) and never reads special files: they are neither checked nor packed. Copy the real files in, remove the links, move deep files up. A .docx or PDF over 100 MB gets this code as an info: it counts as present and is packed, only its content is not checked.",
        }
        NameEncoding = "SB215" "name-not-utf8" Warning {
            "文件名编码不是 UTF-8", "file name not in UTF-8",
            "文件名不是 UTF-8 编码，通常是 Windows 上用 GBK 编码打的压缩包在其他系统上解压所致。shenbao 按 GBK 读出名称并照此检查；但在别的电脑、网盘或申报系统中它可能显示为乱码。用正确的名称重新命名该文件。",
            "The file name is not UTF-8, usually because a zip made on Windows with GBK names was unpacked elsewhere. shenbao reads the name as GBK and checks it by that name, but other computers, cloud drives or the submission system may show it garbled. Rename the file.",
        }
    }
    /// Videos and pictures (checks/media.rs).
    family Media {
        VideoUnreadable = "SB301" "video-unreadable" Error {
            "视频无法读取", "video cannot be read",
            "shenbao 只读取 MP4 的结构信息（moov 盒），不读取整段视频。读不到说明文件不完整（下载或复制中断）或已损坏。请重新导出或复制视频，并确认能在电脑上完整播放。",
            "Only the MP4's structure (the moov box) is read, never the whole video. When it cannot be read the file is incomplete (a cut-short copy or download) or damaged. Export or copy it again and check it plays to the end.",
        }
        VideoNoTrack = "SB302" "video-no-video-track" Error {
            "视频文件中没有画面轨道", "video has no video track",
            "文件是 MP4 容器，但只有音频或没有任何画面。请导出包含画面的视频。",
            "The MP4 container holds audio only, or nothing. Export a video with pictures.",
        }
        VideoLowResolution = "SB303" "video-low-resolution" Error {
            "视频分辨率低于高清要求", "video below the HD requirement",
            "通知要求高清视频，规则文件给出的最低分辨率（默认 1280×720）未达到。请用原始素材以 720p 或 1080p 重新导出，不要放大低分辨率视频。",
            "The notice asks for HD video and the rule file's minimum (1280×720 by default) is not met. Export again from the source at 720p or 1080p; do not upscale a small video.",
        }
        VideoTooShort = "SB304" "video-too-short" Error {
            "视频过短", "video far too short",
            "视频时长远低于通知要求（如“5分钟左右”而视频不足 1 分钟），通常是导出了错误的片段或文件不完整。",
            "The video is far shorter than the notice asks (e.g. under a minute for “about 5 minutes”): usually the wrong clip or an incomplete file.",
        }
        VideoDuration = "SB305" "video-duration" Warning {
            "视频时长与要求不符", "video length outside the asked range",
            "通知要求的时长（如“5分钟左右”）在规则文件中表示为目标时长和容差；超出范围时给出警告。请剪辑到要求的时长。",
            "The notice's length (e.g. about 5 minutes) is a target and a tolerance in the rule file; outside it is a warning. Edit the video to length.",
        }
        VideoCodec = "SB306" "video-codec" Info {
            "视频编码可能不被所有播放器支持", "video codec may not play everywhere",
            "H.264（AVC）可在所有电脑和手机上播放；H.265（HEVC）在较旧的 Windows 电脑上可能无法播放，其他编码更少被支持。如评审可能使用旧电脑，请以 H.264 导出。",
            "H.264 (AVC) plays everywhere; H.265 (HEVC) may not play on older Windows PCs, other codecs even less. Export as H.264 if reviewers may use older machines.",
        }
        VideoSummary = "SB307" "video-summary" Info {
            "视频概况", "video summary",
            "列出视频的数量、总大小、时长和分辨率，便于核对。",
            "Lists the videos' number, total size, length and resolution.",
        }
        ImageLowResolution = "SB311" "image-low-resolution" Error {
            "图片分辨率不足", "image resolution too low",
            "通知要求高清图片，或证照复印件需清晰可辨。图片短边低于规则文件给出的像素数（高清图片默认 720，证照复印件默认 800）。高清图片不足为错误；证照复印件只是可能看不清，为警告。请用原图或以更高分辨率重新扫描、导出。",
            "The notice asks for HD pictures, or a licence copy must be legible; the short side is below the rule file's minimum (720 for pictures, 800 for copies by default). A picture below it is an error; a licence copy only risks being illegible and is a warning. Use the original or scan again at a higher resolution.",
        }
        ImageCompat = "SB312" "image-compatibility" Info {
            "图片格式细节可能影响显示", "image details may affect display",
            "CMYK 颜色的 JPEG 在部分看图软件和网页中颜色失真或无法显示；渐进式 JPEG 在个别旧系统中显示异常。如有需要，另存为 RGB 基线 JPEG。",
            "CMYK JPEGs show wrong colours or not at all in some viewers and web pages; progressive JPEGs fail on a few old systems. Save as a baseline RGB JPEG if in doubt.",
        }
        ImageDamaged = "SB313" "image-damaged" Error {
            "图片不完整或已损坏", "image incomplete or damaged",
            "图片文件缺少结尾（复制或下载中断）或头部损坏，打开时可能只显示一部分。请重新导出或复制。",
            "The image lacks its end (a cut-short copy or download) or its header is damaged; it may show only in part. Export or copy it again.",
        }
        PictureCategoryMissing = "SB314" "picture-category-missing" Warning {
            "缺少某类图片", "a picture category is missing",
            "通知的多媒体材料目录列出了几类图片（如数据要素流向图、系统界面呈现图）。shenbao 按文件名或 dossier.toml 的 [pictures] 对应关系识别类别；缺少的类别给出警告。请补充，或在文件名中写明类别。",
            "The notice lists picture categories (数据要素流向图, 系统界面呈现图, ...). Categories are found by file name or by dossier.toml [pictures]; a missing one is a warning. Add it, or name the file after its category.",
        }
    }
    /// The stamped PDF (checks/stamped.rs).
    family Stamped {
        PdfDamaged = "SB321" "pdf-damaged" Error {
            "PDF 已损坏", "PDF is damaged",
            "PDF 无法解析（文件不完整或结构损坏）。请重新导出或扫描。",
            "The PDF cannot be parsed (incomplete or broken structure). Export or scan it again.",
        }
        PdfEncrypted = "SB322" "pdf-encrypted" Error {
            "PDF 设置了打开密码", "PDF has an open password",
            "设置了打开密码的 PDF 评审无法打开。请导出不带密码的 PDF。",
            "Reviewers cannot open a PDF with an open password. Export it without one.",
        }
        PdfRestricted = "SB323" "pdf-restricted" Warning {
            "PDF 限制了打印或复制", "PDF restricts printing or copying",
            "PDF 的权限设置禁止打印（或复制），评审可能需要打印。请导出不带权限限制的 PDF。",
            "The PDF's permissions forbid printing (or copying); reviewers may need to print. Export it without restrictions.",
        }
        PdfNoSeal = "SB324" "pdf-no-seal" Warning {
            "未发现公章", "no seal found",
            "用启发式方法在 PDF 中查找红色公章：扫描图像中的红色圆形印迹、红色矢量图形或印章批注。找不到时给出警告，并指出页码；这一判断不可能完全准确，请人工核对盖章页（申报单位意见、承诺书）。",
            "A heuristic looks for a red seal: a red round blob in scanned images, red vector shapes, or stamp annotations. None found is a warning with the page; it cannot be certain, so check the stamp pages (申报单位意见, 承诺书) by eye.",
        }
        PdfOutdated = "SB325" "pdf-outdated" Warning {
            "用印PDF 可能不是最新版本", "stamped PDF may be out of date",
            "用印PDF 应由最终版 Word 打印盖章后扫描。若 PDF 的文字与 Word 某章节明显不同，或 Word 的修改时间晚于 PDF 的生成时间，说明盖章后 Word 又被修改过。请用最终版重新盖章扫描，或确认两者一致。",
            "The stamped PDF should be made from the final Word file. When a section's text differs from the Word, or the Word was modified after the PDF was made, the Word changed after stamping. Stamp and scan the final version again, or make sure both agree.",
        }
        PdfCompareLimited = "SB326" "pdf-compare-limited" Info {
            "扫描件只能粗略比对", "a scan can only be compared roughly",
            "扫描版 PDF 没有文字层，无法逐节比对文字，只能按页数粗略比较。PDF 超出分析上限（单个数据流、解压总量、绘图操作、图像像素、表单嵌套或文字量，见 README“健壮性与上限”）时也用此代码：消息写明哪条上限、哪些页未做或未完整做公章和文字分析，其余检查照常进行。这类 PDF 多由异常的导出或扫描软件生成：以 150–300 dpi 重新扫描或重新导出，通常即可完整分析。",
            "A scanned PDF has no text layer, so only its page count can be compared with the Word file. The code is also used when a PDF goes past an analysis limit (one stream, all streams inflated, drawing operations, image pixels, form nesting or text; see the README's \"Robustness and limits\"): the message names the limit and the pages whose seal and text were not, or not fully, analysed; every other check still runs. Such PDFs usually come from unusual export or scanning software: scanning again at 150–300 dpi or exporting again usually lets them be analysed in full.",
        }
        PdfEmpty = "SB327" "pdf-empty" Error {
            "PDF 没有页面或内容", "PDF has no pages or content",
            "PDF 没有页面，或所有页面既无文字也无图像（空白页）。请重新导出或扫描。",
            "The PDF has no pages, or every page is blank (no text, no images). Export or scan it again.",
        }
        PdfSummary = "SB328" "pdf-summary" Info {
            "PDF 概况", "PDF summary",
            "列出 PDF 的页数、是否有文字层（或为扫描件）、在哪些页发现了公章。",
            "Lists the PDF's pages, whether it has a text layer or is a scan, and the pages where a seal was found.",
        }
    }
    /// What the 申报书's text says: template leftovers, figures, personal data, dates (checks/text.rs).
    family Text {
        TemplateLeftover = "SB707" "template-leftover" Warning {
            "留有模板文字", "template text left in",
            "申报书中还留着模板的填写说明（如“包括但不限于……”）、示例标记（“示例：”“XX领域”“（若有）”“____”）或未填的日期（“2024年  月  日”）。评审会认为材料未认真填写。删除说明文字，填上实际内容和日期。",
            "The 申报书 still has the template's guidance (“包括但不限于……”), example marks (“示例：”, “XX领域”, “（若有）”, “____”) or blank dates (“2024年  月  日”). Reviewers read that as an unfinished dossier. Delete the guidance and fill in the real content and dates.",
        }
        FewFigures = "SB708" "few-figures" Warning {
            "缺少量化数据", "few figures",
            "通知要求申报材料有量化数据支撑（如 cq-2024-cases-2：“案例申报材料要有量化数据支撑”，应用成效“尽量用数字概括”）。该章节中带单位或百分比的数字少于规则文件给出的数量。用具体数字写出成效。",
            "The notice asks for results backed by figures (cq-2024-cases-2: “案例申报材料要有量化数据支撑”, 应用成效 “尽量用数字概括”). This section has fewer numbers with units or % than the rule file asks. State the results in numbers.",
        }
        PersonalData = "SB709" "personal-data" Info {
            "正文含有个人信息", "personal data in the text",
            "正文中出现了身份证号（校验位正确）、手机号或个人邮箱。通知规定可对外公开的部分（如宣传推广材料）中出现时为错误：公开前必须删除；其他部分为提示。联系方式应写在申报表中，正文用单位电话和单位邮箱。",
            "The text holds an ID number (with a valid check digit), a mobile number or a personal e-mail address. In parts the notice says may be published (宣传推广材料) this is an error: remove it before publication; elsewhere a note. Contacts belong in the 申报表; use the organisation's phone and address in the text.",
        }
        DateInconsistent = "SB714" "date-inconsistent" Warning {
            "日期不合理", "implausible date",
            "申报书中写的日期（封面、申报单位意见、承诺书）晚于检查当天，或晚于本批次的截止日期。核对日期，通常应为盖章当天。",
            "A date written in the 申报书 (cover, 申报单位意见, commitment) is after the day of the check or after the round's deadline. Check it: usually it is the day of the stamp.",
        }
    }
    /// What a plan's sections must hold: pictures, tables, requirements (checks/plan.rs).
    family Plan {
        PictureMissing = "SB710" "picture-missing" Warning {
            "缺少要求的图", "a required picture is missing",
            "通知要求这一节给出图（如 qh-2025-scenes 的“场景建设架构图”），但该节中没有插入图片。在该节插入图片（插入 → 图片）；作为附件另附的图不能代替。",
            "The notice asks for a figure in this section (qh-2025-scenes: 场景建设架构图) and none is inserted there. Insert the picture into the section (Insert → Picture); a separate file does not count.",
        }
        TableMissing = "SB711" "table-missing" Warning {
            "缺少要求的表格或表格未填", "a required table is missing or empty",
            "通知要求这一节列出表格（如 qh-2025-scenes 的数据资源需求清单：数据来源、数据类型、现状说明），但找不到含这些列的表格，或表格没有填写完整的行。按模板的列名制表并逐行填写。",
            "The notice asks for a table here (qh-2025-scenes' data resource list: 数据来源, 数据类型, 现状说明) and no table with those columns is found, or none of its rows is filled in. Build the table with the template's columns and fill in each row.",
        }
        RequirementAtRisk = "SB712" "requirement-at-risk" Warning {
            "内容可能不符合通知要求", "the text may break a requirement",
            "方案文字与通知明确的要求相抵触，例如写明场景“已建成”“已在推广”（qh-2025-scenes 不接受），建设周期超过 1 年（原则上不超过 1 年），或实施计划没有“以3个月为单位”列出进度。核实情况并改写，或说明理由。",
            "The text contradicts a requirement the notice states: the scene is said to be built or in promotion (which qh-2025-scenes excludes), the build period is over a year (one year at most, as a rule), or the 实施计划 is not laid out in 3-month steps (以3个月为单位). Check and reword, or explain.",
        }
    }
    /// Joint applicants' stamp lines (checks/joint.rs).
    family Joint {
        JointStampMissing = "SB715" "joint-stamp-missing" Warning {
            "联合申报单位缺少盖章行", "a joint applicant has no stamp line",
            "通知要求主申报单位和每个联合申报单位都在“申报单位意见”栏和申报承诺书上盖章（如 cq-2024-cases-2：“主申报单位盖章、联合申报单位1盖章”）。dossier.toml 的 joint_units 或申报单位栏列出的某个联合申报单位，在这些位置没有写出单位名称的盖章行。为每个单位各写一行“单位名称（盖章）”，盖章后再扫描。",
            "The notice has the main applicant and every joint applicant stamp the 申报单位意见 cell and the commitment (cq-2024-cases-2: “主申报单位盖章、联合申报单位1盖章”). A joint applicant listed in dossier.toml's joint_units or in the 申报单位 cell has no line with its name there. Write one line “unit name（盖章）” per unit, stamp, then scan.",
        }
    }
    /// Hidden Word content: comments, tracked changes, hidden text, properties (checks/hidden.rs).
    family Hidden {
        WordComments = "SB701" "word-comments" Warning {
            "Word 文件含有批注", "the Word file has comments",
            "可编辑版申报书中留有批注（Word 的“审阅”意见）。批注随文件一起报送，评审专家能看到内部讨论。通知规定部分内容可对外公开（如宣传推广材料）时，这是错误。在 Word 中：审阅 → 删除 → 删除文档中的所有批注；WPS：审阅 → 删除批注。",
            "The editable 申报书 still carries comments. They travel with the file and reviewers see the internal discussion. Where the notice says part of it may be published (宣传推广材料), this is an error. Word: Review → Delete → Delete All Comments in Document; WPS: 审阅 → 删除批注.",
        }
        TrackedChanges = "SB702" "tracked-changes" Warning {
            "Word 文件有未接受的修订", "tracked changes not accepted",
            "申报书中有未接受的修订（插入、删除）。删除的文字仍保存在文件里，任何人打开“修订”视图都能看到；字数按接受修订后的文字计算。审阅 → 接受 → 接受所有修订，关闭“修订”后保存。有可对外公开的内容时为错误。",
            "The 申报书 has tracked insertions or deletions not yet accepted. Deleted text is still in the file for anyone to see; 字数 is counted as if the changes were accepted. Review → Accept → Accept All Changes, turn tracking off and save. An error where part of the file may be published.",
        }
        HiddenText = "SB703" "hidden-text" Warning {
            "Word 文件含有隐藏文字", "hidden text in the Word file",
            "申报书中有设为“隐藏”的文字：屏幕和打印都不显示，也不计入字数，但仍在文件中，可能被他人看到，或让评审看到的内容与纸质版不同。用“检查文档”删除隐藏文字。有可对外公开的内容时为错误。",
            "The 申报书 has text formatted as hidden: not shown, not printed, not counted, but still in the file, where others can find it. Remove it with Inspect Document. An error where part of the file may be published.",
        }
        PropertiesLeak = "SB704" "document-properties" Info {
            "文档属性中有个人信息", "document properties name people or paths",
            "Word 文件的属性记录了作者、最后修改者、单位或模板路径，这些随文件报送。若作者是代写机构或个人、路径含有个人用户名，报送前可用“检查文档 → 文档属性和个人信息 → 全部删除”清除。",
            "The Word file's properties record its author, last editor, company or template path, and travel with it. If they name a consultant or a personal folder, remove them with Inspect Document → Document Properties and Personal Information.",
        }
    }
    /// Rules across the dossiers of a batch (batch/rules.rs).
    family Batch {
        QuotaExceeded = "SB501" "quota-exceeded" Error {
            "超出推荐名额", "quota exceeded",
            "通知对推荐数量设了上限：每个申报单位（如部属高校限报2项、其他高校限报1项）、每个赛道（地方分赛每个赛道不超过2个）、每个赛事或总数（如总推荐案例不超过15个）。本批材料中该组的份数超过了上限。按优先级保留名额内的材料，其余不报送；shenbao 按 dossier.toml 的 priority 指出超出的是哪几份。",
            "The notice caps how many dossiers go forward: per applicant (部属高校 ≤ 2, 其他高校 ≤ 1), per track (≤ 2 per track per sub-contest), per contest, or in total (≤ 15). This batch has more in that group. Keep the ones within the quota by priority and hold back the rest; shenbao names the ones over, by dossier.toml's `priority`.",
        }
        QuotaShort = "SB502" "quota-short" Error {
            "未达到最低推荐数量", "below the minimum quota",
            "通知要求推荐单位至少推荐一定数量（如每个地区不少于5个、每个部门不少于1个）。本批材料中该推荐单位的份数不足。补充推荐，或确认本批不是该单位的全部材料。",
            "The notice asks each recommending unit for a minimum (each 地区 ≥ 5, each 部门 ≥ 1). This batch has fewer for that unit. Recommend more, or make sure the batch holds all of its dossiers.",
        }
        QuotaUnknown = "SB503" "quota-data-missing" Warning {
            "缺少核对名额所需的信息", "data for a quota is missing",
            "名额按单位类型、推荐单位、赛道等分组核对，但这些材料的 dossier.toml 没有写相应字段（unit_type、recommender、region、department、track），或材料没有 dossier.toml、申报书中也看不出，无法归组。补上这些字段。只对高校限额时，申报单位名称不是学校的（如“某某科技有限公司”）不需要单位类型，不提示（按名称判断）。",
            "Quotas are counted per unit type, recommending unit, track and so on, but these dossiers' dossier.toml lack the key (unit_type, recommender, region, department, track), or they have no dossier.toml and the 申报书 does not say, so they cannot be counted. Add it. When the quotas only count 高校, an applicant whose name is not a school's (某某科技有限公司) needs no unit type and is not named (judged by the name).",
        }
        DuplicateName = "SB504" "duplicate-name" Error {
            "名称重复", "duplicate name",
            "两份或多份材料的案例/项目/场景名称相同。同一案例不得重复申报；若是不同案例，改用能区分的名称。",
            "Two or more dossiers carry the same case, project or scene name. One case may be entered once; if they are different cases, give them distinct names.",
        }
        DuplicateChannel = "SB505" "duplicate-channel" Error {
            "同一项目经多个渠道推荐", "one project through several channels",
            "同一项目（名称相同）由不同推荐单位或赛事报送。大赛规定不允许通过多个推荐渠道重复取得参赛资格，每个参赛项目只能在一个分赛参赛；组委会将核验并取消资格。只保留一个渠道。",
            "The same project (by name) comes through different recommending units or contests. The contest forbids entering through several channels or sub-contests, and the secretariat checks for it. Keep one channel.",
        }
        PersonOnTwoTeams = "SB506" "person-on-two-teams" Error {
            "同一人参加多个团队", "one person on several teams",
            "同一参赛代表（姓名加手机号或身份证号相同）出现在多个团队中。大赛规定每个参赛代表只能代表1个团队参加比赛，报名截止后不可更改。",
            "The same representative (same name and phone or ID number) is on several teams. Each person may represent one team only, and representatives cannot change after registration closes.",
        }
        TeamTwoProjects = "SB507" "team-two-projects" Error {
            "同一团队提交多个项目", "one team with several projects",
            "两份材料的参赛代表完全相同，即同一团队提交了多个项目。大赛规定每个参赛团队只能提交1个参赛项目。",
            "Two dossiers list exactly the same representatives: one team entering several projects. Each team may enter one project.",
        }
        SameFile = "SB508" "same-file-in-dossiers" Warning {
            "多份材料含有完全相同的文件", "the same file in several dossiers",
            "这些材料中有内容逐字节相同的文件（按 SHA-256 判断）。同一单位的营业执照出现在多份材料中是正常的，是警告；若是申报书、用印PDF、图片或视频相同，可能是复制材料时放错了文件夹。这些材料分属不同的申报单位（主申报单位和联合申报单位都不相同）时是错误：证照、申报书只属于一个单位，汇总表中标出这些行。",
            "These dossiers hold byte-identical files (by SHA-256). One company's 营业执照 in several of its dossiers is normal, a warning; an identical 申报书, 用印PDF, picture or video usually means a file was copied into the wrong folder. When the dossiers belong to different applicants (no main or joint applicant in common) it is an error: a licence or 申报书 belongs to one unit; their 汇总表 rows are marked.",
        }
        PriorityDuplicate = "SB509" "priority-duplicate" Error {
            "优先级重复", "duplicate priority",
            "通知要求推荐单位按优先级排序。两份或多份材料的 priority 相同，排序不唯一。在 dossier.toml 中给每份材料不同的 priority（1 为最优先）。",
            "The notice asks for the dossiers ranked by priority. Two or more share a priority. Give each dossier its own `priority` in dossier.toml (1 goes first).",
        }
        PriorityGap = "SB510" "priority-gap" Error {
            "优先级不连续或缺失", "gap or hole in the priority ranking",
            "优先级排序应为 1、2、3……连续不断。本批中有的材料没有写 priority，或排序中缺了某些序号。补齐或重新编号。",
            "The ranking should run 1, 2, 3, ... without holes. Some dossiers have no `priority`, or numbers are skipped. Fill in or renumber.",
        }
        MixedNotices = "SB511" "mixed-notices" Info {
            "一批材料对应不同的通知", "one batch, several notices",
            "本批材料按不同的通知检查。名额、重复和排序按每份通知分别核对；若材料本应属于同一通知，检查各自 dossier.toml 的 notice。",
            "The dossiers of this batch answer different notices. Quotas, duplicates and ranking are counted per notice; if they should all answer one notice, check each dossier.toml's `notice`.",
        }
        BatchTomlInvalid = "SB512" "batch-toml-invalid" Error {
            "batch.toml 无法解析", "batch.toml is invalid",
            "批量检查的根文件夹中的 batch.toml 有语法错误、未知字段或类型错误，其中的推荐单位、联系人等信息未被采用。按提示的行列修改；可用字段见 README 的批量检查一节。",
            "The batch root's batch.toml has a syntax error, an unknown key or a wrong type, so its recommending unit, contact and so on were not used. Fix it at the line shown; the README's batch section lists the keys.",
        }
        SummaryBlank = "SB513" "summary-cell-blank" Warning {
            "汇总表有空栏", "a 汇总表 column would be blank",
            "通知规定的汇总表有这一栏（如“推荐意见”“领域名称”），但这些材料的 dossier.toml 和申报书都没有给出，盖章的汇总表中这一格将为空。在 dossier.toml 中补上（如 recommendation = \"同意推荐\"），或在汇总表中手工填写。",
            "The notice's 汇总表 has this column (推荐意见, 领域名称, ...), but neither these dossiers' dossier.toml nor their 申报书 give it, so the stamped table would show an empty cell. Add it to dossier.toml (recommendation = \"同意推荐\") or fill it in by hand.",
        }
    }
    /// Making a bundle (pack/mod.rs).
    family Pack {
        PackRefused = "SB601" "pack-refused" Error {
            "材料有错误，拒绝打包", "pack refused: the dossier has errors",
            "`shenbao pack` 先做与 `check` 相同的检查；材料有错误时不生成压缩包，以免把不合格的材料报送出去。按列出的错误逐条修改后重新打包。确需先打包（如交给推荐单位预审）时加 --force，压缩包内的 report.json 和 清单.txt 会记下这是强制打包及其错误。",
            "`shenbao pack` first runs the same checks as `check`; when the dossier has errors no bundle is written, so a faulty dossier is not sent. Fix the errors listed and pack again. If you must pack anyway (say, for a recommending unit's pre-review), add --force: report.json and 清单.txt inside the bundle record that it was forced, and the errors.",
        }
        BundleOverSize = "SB602" "bundle-over-size-limit" Error {
            "压缩包超过大小上限", "bundle over the size limit",
            "通知规定了电子件大小上限（如邮件附件上限），压缩包超过了它。可用 --split SIZE 分卷打包：每卷都是独立的 zip（NAME.part1.zip、NAME.part2.zip……），各自小于 SIZE，且都带完整的 manifest-sha256.txt 和 report.json；或压缩视频（如 H.264、适当码率）后重新打包；或按通知另行报送视频。单个文件大于上限时无法分卷，只能压缩该文件。",
            "The notice caps the electronic copy (e.g. an e-mail attachment limit) and the bundle is over it. Use --split SIZE to write volumes: each a self-contained zip (NAME.part1.zip, NAME.part2.zip, ...) under SIZE, each with the full manifest-sha256.txt and report.json; or re-encode the video (H.264 at a sensible bitrate) and pack again; or send the video by another route the notice allows. A single file larger than the cap cannot be split: make that file smaller.",
        }
        PackNameFallback = "SB603" "pack-name-fallback" Warning {
            "打包文件名缺少信息", "bundle name lacks a value",
            "规则文件给出的压缩包内文件名含有 {案例名称}、{项目名称}、{场景名称} 或 {申报单位} 等占位符，但 dossier.toml 中没有对应的 name（案例名称）或 unit（申报单位），申报表中也读不出，改用了原文件名。在 dossier.toml 中写上 name = \"…\" 和 unit = \"…\" 后重新打包。",
            "The rule file names files inside the bundle with placeholders such as {案例名称}, {项目名称}, {场景名称} or {申报单位}, but dossier.toml has no `name` or `unit` and the 申报表 gives none either, so the source file's own name was used. Add name = \"…\" and unit = \"…\" to dossier.toml and pack again.",
        }
    }
    /// Verifying a bundle (pack/verify.rs).
    family Verify {
        VerifyCorrupted = "SB611" "verify-corrupted" Error {
            "压缩包内文件已损坏", "bundle entry corrupted",
            "压缩包中该文件的 SHA-256 与 manifest-sha256.txt 记录的不一致，或 zip 校验（CRC）、大小不符；或 manifest-sha256.txt、report.json 本身已损坏；或条目名会解压到文件夹之外（绝对路径、含 ..），文件夹条目中藏有数据，压缩包结构损坏或疑似 zip 炸弹：文件在传输或存储中被改动或损坏，或压缩包是别人构造的。请从原材料文件夹重新打包，或重新下载、拷贝压缩包。",
            "The entry's SHA-256 differs from manifest-sha256.txt, or its zip CRC or size check fails; or manifest-sha256.txt or report.json itself is damaged; or an entry name would unpack outside the folder (absolute, or with ..), a folder entry hides data, the zip's structure is damaged or looks like a zip bomb: it was changed or damaged in transit or storage, or the bundle was made by someone else. Pack again from the dossier folder, or copy or download the bundle again.",
        }
        VerifyMissing = "SB612" "verify-missing" Error {
            "压缩包缺少文件", "bundle entry missing",
            "manifest-sha256.txt 列出的文件不在压缩包（或给出的各分卷）中；或压缩包没有 manifest-sha256.txt。分卷打包时请把所有分卷一起交给 verify。否则请重新打包。",
            "A file listed in manifest-sha256.txt is in none of the volumes given, or the bundle has no manifest-sha256.txt at all. For split bundles pass every volume to verify; otherwise pack again.",
        }
        VerifyExtra = "SB613" "verify-extra" Error {
            "压缩包有清单以外的文件", "bundle entry not in the manifest",
            "压缩包中有 manifest-sha256.txt 未列出的文件，或同一名称出现两次、两个名称只差大小写（Windows 解压时互相覆盖）、本地文件头与中央目录记录的名称不同（不同的解压工具会解出不同的文件）：打包后有人往压缩包里加了文件或改动了它。请确认来源，或从原材料文件夹重新打包。",
            "The bundle holds a file manifest-sha256.txt does not list, or a name twice, two names differing only in case (one overwrites the other when unpacked on Windows), or a local header whose name differs from the central directory's (different unzip tools would unpack different files): something was added or changed after packing. Check where it came from, or pack again from the dossier folder.",
        }
        VerifyRuleFileChanged = "SB614" "verify-rule-file-changed" Warning {
            "打包所用规则文件与当前版本不同", "bundle was packed against another rule file version",
            "report.json 记录的规则文件 SHA-256 与本版 shenbao 内置的同名通知规则不同：打包时用的是旧版或自定义的规则文件。压缩包本身完好；若通知有补充或更正，请用当前版本重新检查、打包。",
            "The rule-file SHA-256 recorded in report.json differs from this build's embedded notice of the same id: the bundle was packed against an older or a custom rule file. The bundle itself is intact; if the notice was amended, check and pack again with this version.",
        }
        VerifyIntact = "SB615" "verify-intact" Info {
            "压缩包完好", "bundle intact",
            "每个文件都在，SHA-256 与 manifest-sha256.txt 一致，没有多余文件。",
            "Every entry is present, matches manifest-sha256.txt, and nothing was added.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for code in Code::ALL {
            let info = code.info();
            assert!(codes.insert(info.code), "duplicate code {}", info.code);
            assert!(names.insert(info.name), "duplicate name {}", info.name);
            assert!(info.code.starts_with("SB") && info.code.len() == 5, "{}", info.code);
            assert!(!info.explain_zh.is_empty() && !info.explain_en.is_empty());
            assert_eq!(Code::parse(info.code), Some(*code));
        }
    }
}
