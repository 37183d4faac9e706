//! Videos and pictures, judged from their headers: playable, 高清, the right length, every category there.
//!
//! The family file holds, in this order: the checks (typed [`VideoFinding`]s and [`ImageFinding`]s, no
//! language), the clauses `shenbao explain` cites for SB301–SB314, and the zh and en wording of each finding.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang, Severity};
use crate::dossier::Entry;
use crate::notice::{Clause, DocumentRule, Role, VideoRule};
use crate::read::image::{ImageError, ImageInfo};
use crate::read::mp4::{Codec, Mp4Error, VideoInfo, VideoTrack};

/// What this family finds about videos (SB301–SB307), as data. `file` is the video inside the dossier
/// folder; lengths are in seconds.
#[derive(Debug)]
pub enum VideoFinding {
    /// SB301: the file does not read as a video; `error` is the reader's account of why.
    Unreadable { file: String, error: Mp4Error },
    /// SB302: no picture track: sound only, or empty.
    NoTrack { file: String },
    /// SB303: below the notice's 高清 minimum `min_width`×`min_height` (either orientation).
    LowResolution { file: String, width: u32, height: u32, min_width: u32, min_height: u32, clause: Clause },
    /// SB304: shorter than the notice's minimum; `aim_s` is the length to aim for (its target, else its minimum).
    TooShort { file: String, seconds: f64, aim_s: u32, clause: Clause },
    /// SB305: outside the notice's target length `target_s`, allowed from `low_s` to `high_s`.
    Duration { file: String, seconds: f64, target_s: u32, low_s: u32, high_s: u32, clause: Clause },
    /// SB306 (info): H.265/HEVC, which older PCs may not play.
    Hevc { file: String },
    /// SB306 (warning): a codec many players lack; `codec_string` as the file gives it (`av01.0.08M.08`).
    OtherCodec { file: String, codec: Codec, codec_string: String },
    /// SB307: the videos of one document: how many files (readable or not), their bytes, and each
    /// readable one's line.
    Summary { document: String, document_en: String, files: usize, bytes: u64, videos: Vec<VideoLine> },
}

/// One readable video in the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoLine {
    pub file: String,
    pub seconds: f64,
    pub width: u32,
    pub height: u32,
    pub codec: Codec,
    pub sound: bool,
}

/// What this family finds about pictures and scanned copies (SB311–SB314), as data.
#[derive(Debug)]
pub enum ImageFinding {
    /// SB313: the file does not read as an image; `error` is the reader's account of why.
    Unreadable { file: String, error: ImageError },
    /// SB313: no end marker: the picture may show only in part.
    Incomplete { file: String },
    /// SB311: the short side below the notice's minimum. `demanded`: a 高清 picture the notice asks for
    /// (an error); otherwise a copy that should be legible (a warning).
    LowResolution { file: String, width: u32, height: u32, min_short_side: u32, clause: Clause, demanded: bool },
    /// SB312: a CMYK JPEG, progressive too or not.
    Cmyk { file: String, progressive: bool },
    /// SB312: a progressive JPEG.
    Progressive { file: String },
    /// SB314: no file for a picture category the notice expects, by name or by dossier.toml.
    CategoryMissing { category: String, clause: Clause },
}

/// Checks the videos of one document.
pub fn videos(doc: &DocumentRule, files: Vec<(&Entry, Result<VideoInfo, Mp4Error>)>, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    find_videos(doc, files, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
}

/// [`videos`] without the language: each video's findings, then the document's summary.
pub fn find_videos(doc: &DocumentRule, files: Vec<(&Entry, Result<VideoInfo, Mp4Error>)>, out: &mut Vec<VideoFinding>) {
    let count = files.len();
    let mut lines = Vec::new();
    let mut bytes = 0;
    for (entry, info) in files {
        bytes += entry.size;
        let file = entry.rel.clone();
        let info = match info {
            Ok(info) => info,
            Err(error) => {
                out.push(VideoFinding::Unreadable { file, error });
                continue;
            }
        };
        let Some(track) = &info.video else {
            out.push(VideoFinding::NoTrack { file });
            continue;
        };
        let line = VideoLine {
            file,
            seconds: info.duration_s,
            width: track.width,
            height: track.height,
            codec: track.family,
            sound: info.has_audio,
        };
        if let Some(rule) = &doc.video {
            against_rule(rule, &line, out);
        }
        codec(track, &line.file, out);
        lines.push(line);
    }
    if !lines.is_empty() {
        out.push(VideoFinding::Summary {
            document: doc.name.clone(),
            document_en: doc.name_en.clone(),
            files: count,
            bytes,
            videos: lines,
        });
    }
}

/// One video against the notice's rule: 高清 either way round, long enough, near its target length.
fn against_rule(rule: &VideoRule, video: &VideoLine, out: &mut Vec<VideoFinding>) {
    let file = || video.file.clone();
    let (short, long) = (video.width.min(video.height), video.width.max(video.height));
    let (need_short, need_long) = (rule.min_width.min(rule.min_height), rule.min_width.max(rule.min_height));
    if short < need_short || long < need_long {
        out.push(VideoFinding::LowResolution {
            file: file(),
            width: video.width,
            height: video.height,
            min_width: rule.min_width,
            min_height: rule.min_height,
            clause: rule.resolution_clause.as_ref().unwrap_or(&rule.clause).clone(),
        });
    }
    let seconds = video.seconds;
    if rule.duration_min_s.is_some_and(|min| seconds < f64::from(min)) {
        // What length to aim for: the notice's target, else its minimum.
        let aim_s = rule.duration_target_s.or(rule.duration_min_s).unwrap_or(0);
        out.push(VideoFinding::TooShort { file: file(), seconds, aim_s, clause: rule.clause.clone() });
    } else if let (Some(target_s), Some(tolerance)) = (rule.duration_target_s, rule.duration_tolerance_s) {
        let (low_s, high_s) = (target_s.saturating_sub(tolerance), target_s.saturating_add(tolerance));
        if seconds < f64::from(low_s) || seconds > f64::from(high_s) {
            out.push(VideoFinding::Duration {
                file: file(),
                seconds,
                target_s,
                low_s,
                high_s,
                clause: rule.clause.clone(),
            });
        }
    }
}

/// H.264 plays everywhere; HEVC not on older PCs; anything else in few players.
fn codec(track: &VideoTrack, file: &str, out: &mut Vec<VideoFinding>) {
    let file = file.to_owned();
    match track.family {
        Codec::H264 => {}
        Codec::Hevc => out.push(VideoFinding::Hevc { file }),
        codec => out.push(VideoFinding::OtherCodec { file, codec, codec_string: track.codec.clone() }),
    }
}

/// Checks the pictures or scanned copies of one document.
pub fn images(doc: &DocumentRule, files: Vec<(&Entry, Result<ImageInfo, ImageError>)>, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    find_images(doc, files, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
}

/// [`images`] without the language.
pub fn find_images(
    doc: &DocumentRule,
    files: Vec<(&Entry, Result<ImageInfo, ImageError>)>,
    out: &mut Vec<ImageFinding>,
) {
    // A legible copy is advice; 高清 pictures are what the notice demands.
    let demanded = doc.role == Role::Picture;
    for (entry, info) in files {
        let file = || entry.rel.clone();
        let info = match info {
            Ok(info) => info,
            Err(ImageError::NotAnImage) => continue,
            Err(error) => {
                out.push(ImageFinding::Unreadable { file: file(), error });
                continue;
            }
        };
        if !info.complete {
            out.push(ImageFinding::Incomplete { file: file() });
        }
        if let Some(rule) = &doc.image {
            if info.width.min(info.height) < rule.min_short_side {
                out.push(ImageFinding::LowResolution {
                    file: file(),
                    width: info.width,
                    height: info.height,
                    min_short_side: rule.min_short_side,
                    clause: rule.clause.clone(),
                    demanded,
                });
            }
        }
        if info.cmyk {
            // Both said when both hold: saving as RGB alone would leave it progressive.
            out.push(ImageFinding::Cmyk { file: file(), progressive: info.progressive });
        } else if info.progressive {
            out.push(ImageFinding::Progressive { file: file() });
        }
    }
}

/// The picture categories the notice lists: each expected one needs a file, by name or by dossier.toml.
pub fn categories(ctx: &Context<'_>, doc: &DocumentRule, files: &[&Entry], out: &mut Vec<Diagnostic>) {
    let mapped = ctx.dossier.config.as_ref().map(|c| &c.pictures);
    for category in doc.categories.iter().filter(|c| c.expected) {
        let patterns = super::files::Patterns::new(&category.patterns);
        let by_name = files.iter().any(|e| patterns.matches(e));
        let by_config = mapped
            .is_some_and(|m| m.iter().any(|(file, cat)| *cat == category.name && files.iter().any(|e| e.rel == *file)));
        if !by_name && !by_config {
            out.push(Diagnostic::of(ImageFinding::CategoryMissing {
                category: category.name.clone(),
                clause: doc.clause.clone(),
            }));
        }
    }
}

/// The clauses `shenbao explain` cites for this family's codes: the documents' video and picture rules.
pub fn clauses(code: family::Media, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Media::*;
    let mut out = Vec::new();
    match code {
        VideoLowResolution | VideoTooShort | VideoDuration | VideoCodec => {
            for d in &notice.documents {
                if let Some(v) = &d.video {
                    out.push((d.name.clone(), &v.clause));
                }
            }
        }
        ImageLowResolution | PictureCategoryMissing => {
            for d in &notice.documents {
                if let Some(i) = &d.image {
                    out.push((d.name.clone(), &i.clause));
                }
            }
        }
        // Whether a file plays or shows, and what it is, is not a notice's rule.
        VideoUnreadable | VideoNoTrack | VideoSummary | ImageCompat | ImageDamaged => {}
    }
    out
}

// The wording of this family's findings, zh and en together.

impl Finding for VideoFinding {
    fn code(&self) -> Code {
        match self {
            Self::Unreadable { .. } => Code::VideoUnreadable,
            Self::NoTrack { .. } => Code::VideoNoTrack,
            Self::LowResolution { .. } => Code::VideoLowResolution,
            Self::TooShort { .. } => Code::VideoTooShort,
            Self::Duration { .. } => Code::VideoDuration,
            Self::Hevc { .. } | Self::OtherCodec { .. } => Code::VideoCodec,
            Self::Summary { .. } => Code::VideoSummary,
        }
    }

    fn severity(&self) -> Severity {
        match self {
            // Not a hint about old PCs: many players cannot show it at all.
            Self::OtherCodec { .. } => Severity::Warning,
            _ => self.code().info().severity,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::Unreadable { file, .. }
            | Self::NoTrack { file }
            | Self::LowResolution { file, .. }
            | Self::TooShort { file, .. }
            | Self::Duration { file, .. }
            | Self::Hevc { file }
            | Self::OtherCodec { file, .. } => Some(file),
            Self::Summary { .. } => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        let length = |seconds: f64| duration_text(seconds, lang);
        let whole = |seconds: u32| duration_text(f64::from(seconds), lang);
        match self {
            Self::Unreadable { file, error } => {
                let why = error.describe(lang);
                lang.pick(format!("无法读取视频“{file}”：{why}"), format!("cannot read the video “{file}”: {why}"))
            }
            Self::NoTrack { file } => {
                lang.pick(format!("“{file}”中没有画面，只有声音或为空"), format!("“{file}” has no picture track"))
            }
            Self::LowResolution { file, width, height, min_width, min_height, .. } => lang.pick(
                format!("视频“{file}”为 {width}×{height}，低于高清要求 {min_width}×{min_height}"),
                format!("the video “{file}” is {width}×{height}, below the HD minimum {min_width}×{min_height}"),
            ),
            Self::TooShort { file, seconds, .. } => {
                let d = length(*seconds);
                lang.pick(format!("视频“{file}”只有 {d}"), format!("the video “{file}” lasts only {d}"))
            }
            Self::Duration { file, seconds, target_s, low_s, high_s, .. } => {
                let (d, target, low, high) = (length(*seconds), whole(*target_s), whole(*low_s), whole(*high_s));
                lang.pick(
                    format!("视频“{file}”时长 {d}，要求约 {target}（{low}–{high}）"),
                    format!("the video “{file}” lasts {d}; about {target} is asked ({low}–{high})"),
                )
            }
            Self::Hevc { file } => lang.pick(
                format!("“{file}”为 H.265/HEVC 编码，较旧的电脑可能无法播放"),
                format!("“{file}” is H.265/HEVC; older PCs may not play it"),
            ),
            Self::OtherCodec { file, codec, codec_string } => {
                let name = codec_name(*codec);
                lang.pick(
                    format!("“{file}”为 {name} 编码（{codec_string}），很多播放器不支持"),
                    format!("“{file}” uses {name} ({codec_string}), which many players lack"),
                )
            }
            Self::Summary { document, document_en, files, bytes, videos } => {
                let lines: Vec<String> = videos.iter().map(|v| v.worded(lang)).collect();
                let size = size_text(*bytes);
                lang.pick(
                    format!("{document}：{files} 个，共 {size}：{}", lines.join("；")),
                    format!(
                        "{document_en}: {}, {size} in all: {}",
                        crate::diag::counted(*files, "file", "files"),
                        lines.join("; ")
                    ),
                )
            }
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let help = match self {
            Self::Unreadable { .. } => lang.pick(
                "重新导出或复制视频，确认能完整播放",
                "export or copy the video again and check it plays to the end",
            ),
            Self::LowResolution { clause, .. } => {
                return Some(lang.pick(
                    format!("用原始素材以 720p 或 1080p 重新导出；依据：{clause}"),
                    format!("export again from the source at 720p or 1080p; per {clause}"),
                ))
            }
            Self::TooShort { aim_s, clause, .. } => {
                let aim = duration_text(f64::from(*aim_s), lang);
                return Some(lang.pick(
                    format!("重新剪辑或补充内容，使时长约为 {aim}；依据：{clause}"),
                    format!("edit or add footage to about {aim}; per {clause}"),
                ));
            }
            Self::Duration { clause, .. } => {
                return Some(lang.pick(format!("依据：{clause}"), format!("per {clause}")))
            }
            Self::Hevc { .. } => lang
                .pick("如评审可能使用旧电脑，以 H.264 重新导出", "export as H.264 if reviewers may use older machines"),
            Self::OtherCodec { .. } => lang.pick("以 H.264（MP4）重新导出", "export as H.264 in MP4"),
            Self::NoTrack { .. } | Self::Summary { .. } => return None,
        };
        Some(help.to_owned())
    }
}

impl VideoLine {
    /// "案例视频.mp4（5分02秒，1920×1080，H.264，有声音）".
    fn worded(&self, lang: Lang) -> String {
        let VideoLine { file, seconds, width: w, height: h, codec, sound } = self;
        let (duration, codec) = (duration_text(*seconds, lang), codec_name(*codec));
        lang.pick(
            format!("{file}（{duration}，{w}×{h}，{codec}，{}）", if *sound { "有声音" } else { "无声音" }),
            format!("{file} ({duration}, {w}×{h}, {codec}, {})", if *sound { "sound" } else { "silent" }),
        )
    }
}

impl Finding for ImageFinding {
    fn code(&self) -> Code {
        match self {
            Self::Unreadable { .. } | Self::Incomplete { .. } => Code::ImageDamaged,
            Self::LowResolution { .. } => Code::ImageLowResolution,
            Self::Cmyk { .. } | Self::Progressive { .. } => Code::ImageCompat,
            Self::CategoryMissing { .. } => Code::PictureCategoryMissing,
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::LowResolution { demanded: true, .. } => Severity::Error,
            // SB312 stays the info the registry says for CMYK too: most viewers show it, some in odd colours.
            Self::LowResolution { demanded: false, .. } => Severity::Warning,
            _ => self.code().info().severity,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::Unreadable { file, .. }
            | Self::Incomplete { file }
            | Self::LowResolution { file, .. }
            | Self::Cmyk { file, .. }
            | Self::Progressive { file } => Some(file),
            Self::CategoryMissing { .. } => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::Unreadable { file, error } => {
                let why = error.describe(lang);
                lang.pick(format!("无法读取图片“{file}”：{why}"), format!("cannot read the image “{file}”: {why}"))
            }
            Self::Incomplete { file } => lang.pick(
                format!("图片“{file}”不完整（缺少文件结尾），可能只显示一部分"),
                format!("the image “{file}” is incomplete (no end marker) and may show only in part"),
            ),
            Self::LowResolution { file, width, height, min_short_side, .. } => lang.pick(
                format!("“{file}”为 {width}×{height} 像素，短边低于 {min_short_side} 像素"),
                format!("“{file}” is {width}×{height} pixels; its short side is below {min_short_side}"),
            ),
            Self::Cmyk { file, progressive: true } => lang.pick(
                format!("“{file}”是渐进式、CMYK 颜色的 JPEG，部分看图软件和网页显示异常，个别旧系统无法显示"),
                format!("“{file}” is a progressive CMYK JPEG; some viewers and web pages show it wrongly, a few old systems not at all"),
            ),
            Self::Cmyk { file, progressive: false } => lang.pick(
                format!("“{file}”是 CMYK 颜色的 JPEG，部分看图软件和网页显示异常"),
                format!("“{file}” is a CMYK JPEG; some viewers and web pages show it wrongly"),
            ),
            Self::Progressive { file } => lang.pick(
                format!("“{file}”是渐进式 JPEG，个别旧系统显示异常"),
                format!("“{file}” is a progressive JPEG; a few old systems show it wrongly"),
            ),
            Self::CategoryMissing { category, .. } => {
                lang.pick(format!("没有找到“{category}”"), format!("no “{category}” found"))
            }
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let help = match self {
            Self::Incomplete { .. } => lang.pick("重新导出或复制该图片", "export or copy the image again"),
            Self::LowResolution { clause, .. } => {
                return Some(lang.pick(
                    format!("使用原图，或以更高分辨率重新扫描/导出；依据：{clause}"),
                    format!("use the original, or scan/export at a higher resolution; per {clause}"),
                ))
            }
            Self::Cmyk { progressive: true, .. } => {
                lang.pick("另存为 RGB 颜色的基线（非渐进式）JPEG", "save it as a baseline (not progressive) RGB JPEG")
            }
            Self::Cmyk { progressive: false, .. } => lang.pick("另存为 RGB 颜色的 JPEG", "save it as an RGB JPEG"),
            Self::CategoryMissing { category, clause } => {
                return Some(lang.pick(
                    format!("补充该图片，或在文件名中写明“{category}”，或在 dossier.toml 的 [pictures] 中写 \"文件名.jpg\" = \"{category}\"；依据：{clause}"),
                    format!("add it, name the file after “{category}”, or map it in dossier.toml [pictures]; per {clause}"),
                ))
            }
            Self::Unreadable { .. } | Self::Progressive { .. } => return None,
        };
        Some(help.to_owned())
    }
}

/// "5分02秒" / "5 min 02 s".
fn duration_text(seconds: f64, lang: Lang) -> String {
    let total = seconds.round() as u64;
    let (m, s) = (total / 60, total % 60);
    lang.pick(format!("{m}分{s:02}秒"), format!("{m} min {s:02} s"))
}

/// "12.3 MB".
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KB", (bytes as f64 / 1024.0).ceil())
    }
}

fn codec_name(codec: Codec) -> &'static str {
    match codec {
        Codec::H264 => "H.264",
        Codec::Hevc => "H.265/HEVC",
        Codec::Av1 => "AV1",
        Codec::Vp9 => "VP9",
        Codec::Mpeg4 => "MPEG-4 Part 2",
        Codec::Other => "?",
    }
}
