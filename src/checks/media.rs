//! Videos and pictures, judged from their headers: playable, 高清, the right length, every category there.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Severity};
use crate::dossier::Entry;
use crate::notice::{DocumentRule, Role};
use crate::read::image::{ImageError, ImageInfo};
use crate::read::mp4::{Codec, Mp4Error, VideoInfo};

/// "5分02秒" / "5 min 02 s".
fn duration_text(seconds: f64, lang: crate::diag::Lang) -> String {
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

/// Checks the videos of one document.
pub fn videos(
    ctx: &Context<'_>,
    doc: &DocumentRule,
    files: &[(&Entry, Result<VideoInfo, Mp4Error>)],
    out: &mut Vec<Diagnostic>,
) {
    let lang = ctx.lang;
    let mut lines = Vec::new();
    let mut total_bytes = 0;
    for (entry, info) in files {
        total_bytes += entry.size;
        let info = match info {
            Ok(info) => info,
            Err(e) => {
                out.push(
                    Diagnostic::new(
                        Code::VideoUnreadable,
                        lang.pick(
                            format!("无法读取视频“{}”：{}", entry.rel, e.describe(lang)),
                            format!("cannot read the video “{}”: {e}", entry.rel),
                        ),
                    )
                    .file(entry.rel.clone())
                    .help(lang.pick(
                        "重新导出或复制视频，确认能完整播放",
                        "export or copy the video again and check it plays to the end",
                    )),
                );
                continue;
            }
        };
        let Some(track) = &info.video else {
            out.push(
                Diagnostic::new(
                    Code::VideoNoTrack,
                    lang.pick(
                        format!("“{}”中没有画面，只有声音或为空", entry.rel),
                        format!("“{}” has no picture track", entry.rel),
                    ),
                )
                .file(entry.rel.clone()),
            );
            continue;
        };
        let (duration, codec) = (duration_text(info.duration_s, lang), codec_name(track.family));
        let (w, h) = (track.width, track.height);
        lines.push(lang.pick(
            format!(
                "{}（{duration}，{w}×{h}，{codec}，{}）",
                entry.rel,
                if info.has_audio { "有声音" } else { "无声音" }
            ),
            format!(
                "{} ({duration}, {w}×{h}, {codec}, {})",
                entry.rel,
                if info.has_audio { "sound" } else { "silent" }
            ),
        ));
        if let Some(rule) = &doc.video {
            let (short, long) = (track.width.min(track.height), track.width.max(track.height));
            let (need_short, need_long) = (rule.min_width.min(rule.min_height), rule.min_width.max(rule.min_height));
            if short < need_short || long < need_long {
                out.push(
                    Diagnostic::new(
                        Code::VideoLowResolution,
                        lang.pick(
                            format!(
                                "视频“{}”为 {}×{}，低于高清要求 {}×{}",
                                entry.rel, track.width, track.height, rule.min_width, rule.min_height
                            ),
                            format!(
                                "the video “{}” is {}×{}, below the HD minimum {}×{}",
                                entry.rel, track.width, track.height, rule.min_width, rule.min_height
                            ),
                        ),
                    )
                    .file(entry.rel.clone())
                    .help({
                        let clause = rule.resolution_clause.as_ref().unwrap_or(&rule.clause);
                        lang.pick(
                            format!("用原始素材以 720p 或 1080p 重新导出；依据：{clause}"),
                            format!("export again from the source at 720p or 1080p; per {clause}"),
                        )
                    }),
                );
            }
            let d = info.duration_s;
            let too_short = rule.duration_min_s.is_some_and(|min| d < f64::from(min));
            if too_short {
                out.push(
                    Diagnostic::new(
                        Code::VideoTooShort,
                        lang.pick(
                            format!("视频“{}”只有 {}", entry.rel, duration_text(d, lang)),
                            format!("the video “{}” lasts only {}", entry.rel, duration_text(d, lang)),
                        ),
                    )
                    .file(entry.rel.clone())
                    .help({
                        // What length to aim for: the notice's target, else its minimum.
                        let aim = rule.duration_target_s.or(rule.duration_min_s).unwrap_or(0);
                        let aim = duration_text(f64::from(aim), lang);
                        lang.pick(
                            format!("重新剪辑或补充内容，使时长约为 {aim}；依据：{}", rule.clause),
                            format!("edit or add footage to about {aim}; per {}", rule.clause),
                        )
                    }),
                );
            } else if let (Some(target), Some(tol)) = (rule.duration_target_s, rule.duration_tolerance_s) {
                let (lo, hi) = (f64::from(target.saturating_sub(tol)), f64::from(target + tol));
                if d < lo || d > hi {
                    out.push(
                        Diagnostic::new(
                            Code::VideoDuration,
                            lang.pick(
                                format!(
                                    "视频“{}”时长 {}，要求约 {}（{}–{}）",
                                    entry.rel,
                                    duration_text(d, lang),
                                    duration_text(f64::from(target), lang),
                                    duration_text(lo, lang),
                                    duration_text(hi, lang)
                                ),
                                format!(
                                    "the video “{}” lasts {}; about {} is asked ({}–{})",
                                    entry.rel,
                                    duration_text(d, lang),
                                    duration_text(f64::from(target), lang),
                                    duration_text(lo, lang),
                                    duration_text(hi, lang)
                                ),
                            ),
                        )
                        .file(entry.rel.clone())
                        .help(lang.pick(format!("依据：{}", rule.clause), format!("per {}", rule.clause))),
                    );
                }
            }
        }
        match track.family {
            Codec::H264 => {}
            Codec::Hevc => out.push(
                Diagnostic::new(
                    Code::VideoCodec,
                    lang.pick(
                        format!("“{}”为 H.265/HEVC 编码，较旧的电脑可能无法播放", entry.rel),
                        format!("“{}” is H.265/HEVC; older PCs may not play it", entry.rel),
                    ),
                )
                .file(entry.rel.clone())
                .help(lang.pick(
                    "如评审可能使用旧电脑，以 H.264 重新导出",
                    "export as H.264 if reviewers may use older machines",
                )),
            ),
            other => out.push(
                Diagnostic::new(
                    Code::VideoCodec,
                    lang.pick(
                        format!("“{}”为 {} 编码（{}），很多播放器不支持", entry.rel, codec_name(other), track.codec),
                        format!(
                            "“{}” uses {} ({}), which many players lack",
                            entry.rel,
                            codec_name(other),
                            track.codec
                        ),
                    ),
                )
                .severity(Severity::Warning)
                .file(entry.rel.clone())
                .help(lang.pick("以 H.264（MP4）重新导出", "export as H.264 in MP4")),
            ),
        }
    }
    if !lines.is_empty() {
        out.push(Diagnostic::new(
            Code::VideoSummary,
            lang.pick(
                format!("{}：{} 个，共 {}：{}", doc.name, files.len(), size_text(total_bytes), lines.join("；")),
                format!(
                    "{}: {}, {} in all: {}",
                    doc.name_en,
                    crate::diag::counted(files.len(), "file", "files"),
                    size_text(total_bytes),
                    lines.join("; ")
                ),
            ),
        ));
    }
}

/// Checks the pictures or scanned copies of one document.
pub fn images(
    ctx: &Context<'_>,
    doc: &DocumentRule,
    files: &[(&Entry, Result<ImageInfo, ImageError>)],
    out: &mut Vec<Diagnostic>,
) {
    let lang = ctx.lang;
    // A legible copy is advice; 高清 pictures are what the notice demands.
    let low_res_severity = if doc.role == Role::Picture { Severity::Error } else { Severity::Warning };
    for (entry, info) in files {
        let info = match info {
            Ok(info) => info,
            Err(ImageError::NotAnImage) => continue,
            Err(e) => {
                out.push(
                    Diagnostic::new(
                        Code::ImageDamaged,
                        lang.pick(
                            format!("无法读取图片“{}”：{}", entry.rel, e.describe(lang)),
                            format!("cannot read the image “{}”: {e}", entry.rel),
                        ),
                    )
                    .file(entry.rel.clone()),
                );
                continue;
            }
        };
        if !info.complete {
            out.push(
                Diagnostic::new(
                    Code::ImageDamaged,
                    lang.pick(
                        format!("图片“{}”不完整（缺少文件结尾），可能只显示一部分", entry.rel),
                        format!("the image “{}” is incomplete (no end marker) and may show only in part", entry.rel),
                    ),
                )
                .file(entry.rel.clone())
                .help(lang.pick("重新导出或复制该图片", "export or copy the image again")),
            );
        }
        if let Some(rule) = &doc.image {
            let short = info.width.min(info.height);
            if short < rule.min_short_side {
                out.push(
                    Diagnostic::new(
                        Code::ImageLowResolution,
                        lang.pick(
                            format!(
                                "“{}”为 {}×{} 像素，短边低于 {} 像素",
                                entry.rel, info.width, info.height, rule.min_short_side
                            ),
                            format!(
                                "“{}” is {}×{} pixels; its short side is below {}",
                                entry.rel, info.width, info.height, rule.min_short_side
                            ),
                        ),
                    )
                    .severity(low_res_severity)
                    .file(entry.rel.clone())
                    .help(lang.pick(
                        format!("使用原图，或以更高分辨率重新扫描/导出；依据：{}", rule.clause),
                        format!("use the original, or scan/export at a higher resolution; per {}", rule.clause),
                    )),
                );
            }
        }
        if info.cmyk {
            // Both said when both hold: saving as RGB alone would leave it progressive.
            let (zh, en, help_zh, help_en) = if info.progressive {
                (
                    "是渐进式、CMYK 颜色的 JPEG，部分看图软件和网页显示异常，个别旧系统无法显示",
                    "is a progressive CMYK JPEG; some viewers and web pages show it wrongly, a few old systems not at all",
                    "另存为 RGB 颜色的基线（非渐进式）JPEG",
                    "save it as a baseline (not progressive) RGB JPEG",
                )
            } else {
                (
                    "是 CMYK 颜色的 JPEG，部分看图软件和网页显示异常",
                    "is a CMYK JPEG; some viewers and web pages show it wrongly",
                    "另存为 RGB 颜色的 JPEG",
                    "save it as an RGB JPEG",
                )
            };
            out.push(
                Diagnostic::new(
                    Code::ImageCompat,
                    lang.pick(format!("“{}”{zh}", entry.rel), format!("“{}” {en}", entry.rel)),
                )
                .severity(Severity::Warning)
                .file(entry.rel.clone())
                .help(lang.pick(help_zh, help_en)),
            );
        } else if info.progressive {
            out.push(
                Diagnostic::new(
                    Code::ImageCompat,
                    lang.pick(
                        format!("“{}”是渐进式 JPEG，个别旧系统显示异常", entry.rel),
                        format!("“{}” is a progressive JPEG; a few old systems show it wrongly", entry.rel),
                    ),
                )
                .file(entry.rel.clone()),
            );
        }
    }
}

/// The picture categories the notice lists: each expected one needs a file, by name or by dossier.toml.
pub fn categories(ctx: &Context<'_>, doc: &DocumentRule, files: &[&Entry], out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let mapped = ctx.dossier.config.as_ref().map(|c| &c.pictures);
    for category in doc.categories.iter().filter(|c| c.expected) {
        let patterns = super::files::Patterns::new(&category.patterns);
        let by_name = files.iter().any(|e| patterns.matches(e));
        let by_config = mapped
            .is_some_and(|m| m.iter().any(|(file, cat)| *cat == category.name && files.iter().any(|e| e.rel == *file)));
        if !by_name && !by_config {
            out.push(
                Diagnostic::new(
                    Code::PictureCategoryMissing,
                    lang.pick(format!("没有找到“{}”", category.name), format!("no “{}” found", category.name)),
                )
                .help(lang.pick(
                    format!("补充该图片，或在文件名中写明“{}”，或在 dossier.toml 的 [pictures] 中写 \"文件名.jpg\" = \"{}\"；依据：{}", category.name, category.name, doc.clause),
                    format!("add it, name the file after “{}”, or map it in dossier.toml [pictures]; per {}", category.name, doc.clause),
                )),
            );
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
