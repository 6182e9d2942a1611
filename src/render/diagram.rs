//! The session diagram (issue 13, item 6): the steps of a protocol's typical session, top to
//! bottom, each with the codes whose `commands` name it and the codes of the classes it lists
//! (HTTP's interim and final responses), drawn as inline SVG from the data. A
//! code page marks the steps that can get its code, a pair page marks both codes' steps in two
//! styles. Nothing runs in the browser: the drawing is laid out here, with text widths estimated
//! from character counts (code ids are set in a monospace font), and coloured by the theme's
//! CSS variables through classes, so dark mode and a theme's own colours apply.
//!
//! To assistive technology the drawing is one image, a `<g role="img">` named by its `<title>`
//! and described by its `<desc>` (the steps in order, and what is marked). The pills of the
//! replies are links for pointers only, beside that image rather than inside it (an image's
//! content is presentational, so a link inside one is a nested control), out of the tab order
//! and hidden: the same links, in the same order, are in the text alternative that the template
//! writes from `steps`, an ordered list that keyboard and screen reader users reach without
//! walking through every pill of the drawing.

use std::fmt::Write;

use serde::Serialize;
use tera::Value;

use crate::content::markdown::escape;
use crate::content::model::{Code, Commands, Outcome, Protocol};
use crate::render::compare::join_list;
use crate::site::plan::Page;
use crate::site::urls::Urls;
use crate::theme::Locale;

/// Which codes a page marks: none on the protocol page, its code on a code page, both on a pair
/// page (`a` drawn solid, `b` dashed).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Marks {
    None,
    One(usize),
    Two(usize, usize),
}

impl Marks {
    /// The marked codes with the style each is drawn in.
    fn codes(self) -> Vec<(usize, &'static str)> {
        match self {
            Marks::None => Vec::new(),
            Marks::One(a) => vec![(a, "a")],
            Marks::Two(a, b) => vec![(a, "a"), (b, "b")],
        }
    }

    fn of(self, code: usize) -> Option<&'static str> {
        self.codes().into_iter().find(|(c, _)| *c == code).map(|(_, style)| style)
    }
}

#[derive(Serialize)]
struct ReplyView<'a> {
    id: &'a str,
    url: String,
    /// What the code reports (its own outcome, else its class's), which picks its colour.
    tone: &'static str,
    /// `a` or `b` when the page marks this code.
    mark: Option<&'static str>,
}

/// The codes of one class that a step can get.
#[derive(Serialize)]
struct GroupView<'a> {
    #[serde(skip)]
    class: Option<usize>,
    /// `2xx`, or none for a protocol without classes.
    pattern: Option<&'a str>,
    /// What the class reports when the class decides it (`success` … `permanent`), else
    /// `unknown`: the colour of its label.
    tone: &'static str,
    replies: Vec<ReplyView<'a>>,
}

#[derive(Serialize)]
struct StepView<'a> {
    number: usize,
    text: &'a str,
    /// A command as typed (`EHLO`, set as code), not plain words.
    literal: bool,
    /// The styles of the marks on this step (`a`, `b`).
    marks: Vec<&'static str>,
    /// Which marked codes can come at this step, as a sentence.
    marked: Option<String>,
    groups: Vec<GroupView<'a>>,
}

#[derive(Serialize)]
struct SessionView<'a> {
    svg: Value,
    /// What the page marks, as sentences (empty on the protocol page).
    marks: Vec<String>,
    steps: Vec<StepView<'a>>,
}

/// What a page shows of the session of protocol `p`: `None` when the protocol has no session,
/// or when the page marks codes and no step lists any of them.
pub(crate) fn session_view(protocol: &Protocol, p: usize, lang: usize, locale: &Locale, urls: Urls<'_>, marks: Marks) -> Option<Value> {
    let commands = protocol.commands.as_ref().filter(|c| !c.session.is_empty())?;
    let steps = steps(protocol, commands, p, lang, locale, urls, marks);
    if !marks.codes().is_empty() && steps.iter().all(|s| s.marks.is_empty()) {
        return None;
    }
    let and = locale.text("and");
    let mark_sentences: Vec<String> = marks
        .codes()
        .into_iter()
        .map(|(code, style)| {
            let id = protocol.codes[code].id.as_str();
            let at: Vec<&str> = steps.iter().filter(|s| s.marks.contains(&style)).map(|s| s.text).collect();
            if at.is_empty() { locale.say("session_unmarked", &[("code", id)]) } else { locale.say("session_marked", &[("code", id), ("steps", &join_list(&at, and))]) }
        })
        .collect();
    let title = locale.say("session_title", &[("protocol", protocol.name.get(lang))]);
    let all: Vec<&str> = steps.iter().map(|s| s.text).collect();
    let mut description = locale.say("session_steps", &[("steps", &all.join(", "))]);
    for sentence in &mark_sentences {
        description.push(' ');
        description.push_str(sentence);
    }
    let legend: Vec<Legend<'_>> = marks
        .codes()
        .into_iter()
        .map(|(c, style)| {
            let code = &protocol.codes[c];
            Legend { id: &code.id, style, tone: tone(code.outcome) }
        })
        .collect();
    let svg = draw(&steps, &legend, &title, &description, locale);
    Some(Value::from_serializable(&SessionView { svg: Value::safe_string(&svg), marks: mark_sentences, steps }))
}

fn steps<'a>(protocol: &'a Protocol, commands: &'a Commands, p: usize, lang: usize, locale: &Locale, urls: Urls<'_>, marks: Marks) -> Vec<StepView<'a>> {
    let and = locale.text("and");
    commands
        .session
        .iter()
        .enumerate()
        .map(|(position, &index)| {
            let step = &commands.list[index];
            let id = step.id.as_str();
            let text = protocol.command_text(id, lang);
            let answers = |code: &Code| code.commands.iter().any(|command| command == id) || code.class.is_some_and(|class| step.classes.contains(&class));
            let answering: Vec<usize> = (0..protocol.codes.len()).filter(|&c| answers(&protocol.codes[c])).collect();
            let mut groups: Vec<GroupView<'a>> = Vec::new();
            for &c in &answering {
                let code = &protocol.codes[c];
                let reply = ReplyView { id: &code.id, url: urls.url(lang, Page::Code(p, c)), tone: tone(code.outcome), mark: marks.of(c) };
                match groups.last_mut() {
                    Some(group) if group.class == code.class => group.replies.push(reply),
                    _ => groups.push(GroupView { class: code.class, pattern: code.class_pattern.as_deref(), tone: tone(code.class.and_then(|k| protocol.classes[k].outcome)), replies: vec![reply] }),
                }
            }
            let marked: Vec<(&str, &'static str)> = marks.codes().into_iter().filter(|(c, _)| answering.contains(c)).map(|(c, style)| (protocol.codes[c].id.as_str(), style)).collect();
            let ids: Vec<&str> = marked.iter().map(|(id, _)| *id).collect();
            StepView {
                number: position + 1,
                literal: text == id,
                text,
                marks: marked.iter().map(|(_, style)| *style).collect(),
                marked: (!ids.is_empty()).then(|| locale.say_counted("session_step_marked", &[ids.len()], &[("codes", &join_list(&ids, and))])),
                groups,
            }
        })
        .collect()
}

/// A marked code as the legend of a pair page shows it: its pill in its mark's style.
struct Legend<'a> {
    id: &'a str,
    style: &'static str,
    tone: &'static str,
}

fn tone(outcome: Option<Outcome>) -> &'static str {
    outcome.map_or("unknown", Outcome::key)
}

// The drawing's geometry, in user units: 1 unit is 1 px when the drawing is 22.5em wide, the
// width of a 390 px phone's column.
const WIDTH: f64 = 360.0;
const DOT_X: f64 = 16.0;
const DOT_R: f64 = 11.0;
const TEXT_X: f64 = 36.0;
const LABEL_SIZE: f64 = 15.0;
const LABEL_LINE: f64 = 20.0;
const REPLY_SIZE: f64 = 12.0;
const REPLY_LINE: f64 = 25.0;
const PILL_H: f64 = 19.0;
const PILL_GAP: f64 = 5.0;
const PATTERN_W: f64 = 34.0;
const ROW_GAP: f64 = 8.0;
const LEGEND_H: f64 = 34.0;
/// Width of one character of a monospace font, in ems: 0.6 in the common ones.
const MONO_EM: f64 = 0.6;
/// A generous average for a bold proportional font, so that estimated text is never too short.
const SANS_EM: f64 = 0.58;
const MONO: &str = "ui-monospace, Menlo, Consolas, monospace";

/// A coordinate as the drawing writes it: to a tenth of a unit, without float noise.
struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round() / 10.0;
        if tenths.fract() == 0.0 { write!(f, "{}", tenths as i64) } else { write!(f, "{tenths:.1}") }
    }
}

fn pill_width(id: &str) -> f64 {
    10.0 + id.chars().count() as f64 * REPLY_SIZE * MONO_EM
}

/// The replies of one line: all of them if they fit, else as many as fit beside the "+N more"
/// text, the marked ones always among them, in their order.
fn fitting<'v>(replies: &'v [ReplyView<'v>], start: f64, more: &dyn Fn(usize) -> String) -> (Vec<&'v ReplyView<'v>>, usize) {
    let room = WIDTH - 6.0 - start;
    let width = |shown: &[&ReplyView<'_>]| shown.iter().map(|r| pill_width(r.id) + PILL_GAP).sum::<f64>();
    let all: Vec<&ReplyView<'_>> = replies.iter().collect();
    if width(&all) <= room {
        return (all, 0);
    }
    let marked = replies.iter().filter(|r| r.mark.is_some()).count();
    let mut keep = replies.len();
    loop {
        keep -= 1;
        let mut others = keep.saturating_sub(marked);
        let shown: Vec<&ReplyView<'_>> = replies
            .iter()
            .filter(|r| {
                if r.mark.is_some() {
                    return true;
                }
                let take = others > 0;
                others = others.saturating_sub(1);
                take
            })
            .collect();
        let hidden = replies.len() - shown.len();
        let more_width = more(hidden).chars().count() as f64 * REPLY_SIZE * SANS_EM;
        if keep <= marked.max(1) || width(&shown) + more_width <= room {
            return (shown, hidden);
        }
    }
}

/// Splits plain words into lines that fit beside the dots.
fn wrap(text: &str, literal: bool) -> Vec<String> {
    let per_char = LABEL_SIZE * if literal { MONO_EM } else { SANS_EM };
    let fit = ((WIDTH - TEXT_X - 6.0) / per_char).floor() as usize;
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= fit => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The SVG: an optional legend (pair pages), then one row per step with its number on a line
/// that joins the steps, its words, and its replies a line per class.
fn draw(steps: &[StepView<'_>], legend: &[Legend<'_>], title: &str, description: &str, locale: &Locale) -> String {
    let more = |count: usize| locale.say("session_more", &[("count", &count.to_string())]);
    let mut body = String::new();
    // The pills of the replies, drawn last: links, outside the image (see the module's note).
    let mut links = String::new();
    let mut y = 8.0;
    if legend.len() > 1 {
        let mut x = 4.0;
        for Legend { id, style, tone } in legend {
            let w = pill_width(id) + 16.0;
            let _ = write!(body, r#"<rect class="band band-{style}" x="{}" y="{}" width="{}" height="27" rx="8"/>"#, Num(x), Num(y), Num(w));
            let _ = write!(body, r#"<rect class="reply tone-{tone} mark-{style}" x="{}" y="{}" width="{}" height="{PILL_H}" rx="9.5"/>"#, Num(x + 8.0), Num(y + 4.0), Num(w - 16.0));
            let _ = write!(
                body,
                r#"<text class="reply-id tone-{tone} mark-{style}" x="{}" y="{}" text-anchor="middle" font-family="{MONO}" font-size="{REPLY_SIZE}" font-weight="700">{}</text>"#,
                Num(x + w / 2.0),
                Num(y + 17.5),
                escape(id)
            );
            x += w + 10.0;
        }
        y += LEGEND_H;
    }
    let mut dots: Vec<f64> = Vec::new();
    for step in steps {
        body.push_str(r#"<g class="step">"#);
        links.push_str(r#"<g class="replies">"#);
        let top = y;
        let lines = wrap(step.text, step.literal);
        let reply_lines = step.groups.len().max(1) as f64;
        let height = 6.0 + LABEL_LINE * lines.len() as f64 + 6.0 + REPLY_LINE * reply_lines + 2.0;
        for style in &step.marks {
            let inset = if *style == "b" && step.marks.len() > 1 { 3.5 } else { 0.0 };
            let _ = write!(body, r#"<rect class="band band-{style}" x="{}" y="{}" width="{}" height="{}" rx="8"/>"#, Num(2.0 + inset), Num(top + inset), Num(WIDTH - 4.0 - 2.0 * inset), Num(height - 2.0 * inset));
        }
        let dot_y = top + 18.0;
        dots.push(dot_y);
        let marked = if step.marks.is_empty() { "" } else { " marked" };
        let _ = write!(body, r#"<circle class="dot{marked}" cx="{DOT_X}" cy="{}" r="{DOT_R}"/>"#, Num(dot_y));
        let _ = write!(body, r#"<text class="dot-number{marked}" x="{DOT_X}" y="{}" text-anchor="middle" font-size="12" font-weight="700">{}</text>"#, Num(dot_y + 4.2), step.number);
        let font = if step.literal { format!(r#" font-family="{MONO}""#) } else { String::new() };
        for (i, line) in lines.iter().enumerate() {
            let _ = write!(body, r#"<text class="step-label" x="{TEXT_X}" y="{}"{font} font-size="{LABEL_SIZE}" font-weight="700">{}</text>"#, Num(top + 23.0 + LABEL_LINE * i as f64), escape(line));
        }
        let mut line_y = top + 6.0 + LABEL_LINE * lines.len() as f64 + 6.0;
        if step.groups.is_empty() {
            let _ = write!(body, r#"<text class="no-reply" x="{TEXT_X}" y="{}" font-size="{REPLY_SIZE}">{}</text>"#, Num(line_y + 13.5), escape(locale.text("session_none")));
        }
        for group in &step.groups {
            let mut x = TEXT_X;
            if let Some(pattern) = group.pattern {
                let _ = write!(body, r#"<text class="pattern tone-{}" x="{}" y="{}" font-family="{MONO}" font-size="{REPLY_SIZE}">{}</text>"#, group.tone, Num(x), Num(line_y + 13.5), escape(pattern));
                x += PATTERN_W;
            }
            let (shown, hidden) = fitting(&group.replies, x, &more);
            for reply in shown {
                let w = pill_width(reply.id);
                let (tone, mark) = (reply.tone, reply.mark.map(|style| format!(" mark-{style}")).unwrap_or_default());
                let _ = write!(
                    links,
                    r#"<a href="{}" tabindex="-1" aria-hidden="true" class="reply-link"><rect class="reply tone-{tone}{mark}" x="{}" y="{}" width="{}" height="{PILL_H}" rx="9.5"/><text class="reply-id tone-{tone}{mark}" x="{}" y="{}" text-anchor="middle" font-family="{MONO}" font-size="{REPLY_SIZE}">{}</text></a>"#,
                    escape(&reply.url),
                    Num(x),
                    Num(line_y),
                    Num(w),
                    Num(x + w / 2.0),
                    Num(line_y + 13.5),
                    escape(reply.id)
                );
                x += w + PILL_GAP;
            }
            if hidden > 0 {
                let _ = write!(body, r#"<text class="more" x="{}" y="{}" font-size="{REPLY_SIZE}">{}</text>"#, Num(x + 2.0), Num(line_y + 13.5), escape(&more(hidden)));
            }
            line_y += REPLY_LINE;
        }
        body.push_str("</g>");
        links.push_str("</g>");
        y = top + height + ROW_GAP;
    }
    let mut joints = String::new();
    for pair in dots.windows(2) {
        let _ = write!(joints, r#"<line class="joint" x1="{DOT_X}" y1="{}" x2="{DOT_X}" y2="{}"/>"#, Num(pair[0] + DOT_R), Num(pair[1] - DOT_R));
    }
    // A whole number of half ems tall, so that the size in ems is exact.
    let height = ((y - ROW_GAP + 4.0) / 8.0).ceil() * 8.0;
    format!(
        r#"<svg class="session-diagram" role="none" viewBox="0 0 {WIDTH} {}" width="{}em" height="{}em" font-family="system-ui, sans-serif"><g role="img" aria-labelledby="session-title" aria-describedby="session-desc"><title id="session-title">{}</title><desc id="session-desc">{}</desc>{joints}{body}</g>{links}</svg>"#,
        Num(height),
        Num(WIDTH / 16.0),
        Num(height / 16.0),
        escape(title),
        escape(description)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(id: &'static str, mark: Option<&'static str>) -> ReplyView<'static> {
        ReplyView { id, url: String::new(), tone: "permanent", mark }
    }

    #[test]
    fn a_crowded_line_keeps_its_marked_reply_and_counts_the_rest() {
        let ids = ["500", "501", "503", "525", "530", "550", "551", "552", "553", "555", "556"];
        let replies: Vec<ReplyView<'_>> = ids.iter().map(|id| reply(id, (*id == "556").then_some("a"))).collect();
        let (shown, hidden) = fitting(&replies, TEXT_X + PATTERN_W, &|n| format!("+{n} more"));
        assert!(hidden > 0 && shown.len() + hidden == ids.len(), "{} shown, {hidden} hidden", shown.len());
        assert_eq!(shown.last().map(|r| r.id), Some("556"));
        let (all, none) = fitting(&replies[..4], TEXT_X + PATTERN_W, &|n| format!("+{n} more"));
        assert_eq!((all.len(), none), (4, 0));
    }

    #[test]
    fn long_step_words_wrap_and_commands_stay_whole() {
        assert_eq!(wrap("end of data (the final dot)", false), ["end of data (the final dot)"]);
        let long = wrap("the reply that comes once the very long message has ended", false);
        assert!(long.len() > 1, "{long:?}");
        assert_eq!(wrap("STARTTLS", true), ["STARTTLS"]);
    }
}
