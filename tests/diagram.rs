//! The session diagram (issue 13, item 6) on real builds of the mini fixture: where it appears,
//! what it marks, that its text alternative says what the drawing shows, that it holds no
//! script, that an edit of a code's `commands` redraws every page that shows it, and that a step
//! its classes answer (HTTP's final response) draws every code of them.

mod support;

use std::path::Path;

use scraper::{ElementRef, Html, Selector};
use support::*;

fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

fn page(out: &Path, file: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}")))
}

fn text(element: ElementRef<'_>) -> String {
    element.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn texts(root: ElementRef<'_>, selector: &str) -> Vec<String> {
    root.select(&select(selector)).map(text).collect()
}

/// What a page shows of the session: per step, as drawn and as listed.
#[derive(Debug, PartialEq)]
struct Session {
    /// The words of each step in the drawing.
    drawn: Vec<String>,
    /// The reply ids linked from each step of the drawing.
    drawn_replies: Vec<Vec<String>>,
    /// The marks (`a`, `b`) on each step of the drawing.
    drawn_marks: Vec<Vec<String>>,
    /// The words of each step in the text alternative.
    listed: Vec<String>,
    /// The reply ids linked from each step of the text alternative.
    listed_replies: Vec<Vec<String>>,
    /// The words of the steps the text alternative marks.
    listed_marked: Vec<String>,
}

fn session(html: &Html) -> Option<Session> {
    let section = html.select(&select("section.session")).next()?;
    let svg = section.select(&select("svg.session-diagram")).next().expect("the section holds the drawing");
    let steps: Vec<ElementRef<'_>> = svg.select(&select("g.step")).collect();
    let replies: Vec<ElementRef<'_>> = svg.select(&select("g.replies")).collect();
    let items: Vec<ElementRef<'_>> = section.select(&select("details.session-list > ol > li")).collect();
    Some(Session {
        drawn: steps.iter().map(|s| texts(*s, "text.step-label").join(" ")).collect(),
        drawn_replies: replies.iter().map(|g| texts(*g, "a")).collect(),
        drawn_marks: steps.iter().map(|s| s.select(&select("rect.band")).filter_map(|r| r.value().attr("class").and_then(|c| c.strip_prefix("band band-")).map(str::to_string)).collect()).collect(),
        listed: items.iter().map(|li| step_words(*li)).collect(),
        listed_replies: items.iter().map(|li| texts(*li, "a")).collect(),
        listed_marked: items.iter().filter(|li| li.value().has_class("marked", scraper::CaseSensitivity::CaseSensitive)).map(|li| step_words(*li)).collect(),
    })
}

/// The words of a step of the text alternative: its own `span.step`, not those of nested lists.
fn step_words(item: ElementRef<'_>) -> String {
    item.children().filter_map(ElementRef::wrap).find(|e| e.value().has_class("step", scraper::CaseSensitivity::CaseSensitive)).map(text).unwrap_or_default()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const STEPS_EN: [&str; 6] = ["the connection greeting", "MAIL", "RCPT", "DATA", "end of data", "QUIT"];
const STEPS_TR: [&str; 6] = ["bağlantı karşılaması", "MAIL", "RCPT", "DATA", "verinin sonu", "QUIT"];

#[test]
fn the_diagram_is_on_the_protocol_code_and_pair_pages_in_both_languages_without_script() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&mini_content(), &out);
    for (prefix, steps, title) in [("", STEPS_EN, "A typical SMTP session, step by step"), ("tr/", STEPS_TR, "Adım adım tipik bir SMTP oturumu")] {
        for file in ["smtp/index.html", "smtp/550.html", "smtp/354-vs-550.html"] {
            let html = page(&out, &format!("{prefix}{file}"));
            let shown = session(&html).unwrap_or_else(|| panic!("{prefix}{file} has no session diagram"));
            assert_eq!(shown.drawn, steps, "{prefix}{file}");
            let svg = html.select(&select("svg.session-diagram")).next().unwrap();
            let image = svg.select(&select("g[role=img]")).next().expect("the drawing is one image");
            let title_id = image.value().attr("aria-labelledby").unwrap();
            let named = svg.select(&select(&format!("title#{title_id}"))).next().expect("aria-labelledby points at the drawing's title");
            assert_eq!(text(named), title, "{prefix}{file}");
            let desc_id = image.value().attr("aria-describedby").unwrap();
            let described = text(svg.select(&select(&format!("desc#{desc_id}"))).next().unwrap());
            assert!(steps.iter().all(|step| described.contains(step)), "{prefix}{file}: the description names every step: {described}");
            let section = html.select(&select("section.session")).next().unwrap();
            assert_eq!(section.select(&select("script")).count(), 0, "{prefix}{file}: no script in the diagram");
            assert!(svg.select(&select("*")).all(|e| e.value().attrs().all(|(name, _)| !name.starts_with("on"))), "{prefix}{file}: no event handler in the drawing");
            for link in svg.select(&select("a")) {
                assert_eq!((link.value().attr("tabindex"), link.value().attr("aria-hidden")), (Some("-1"), Some("true")), "{prefix}{file}: the drawing's links are for pointers; the list has them for everyone else");
                assert!(!text(link).is_empty(), "{prefix}{file}: each link of the drawing has a name");
            }
        }
    }
}

#[test]
fn the_text_alternative_lists_the_steps_and_replies_of_the_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&mini_content(), &out);
    for prefix in ["", "tr/"] {
        for file in ["smtp/index.html", "smtp/250.html", "smtp/450-vs-550.html"] {
            let shown = session(&page(&out, &format!("{prefix}{file}"))).unwrap();
            assert_eq!(shown.listed, shown.drawn, "{prefix}{file}");
            assert_eq!(shown.listed_replies, shown.drawn_replies, "{prefix}{file}: the same links in the same order");
        }
    }
    let shown = session(&page(&out, "smtp/index.html")).unwrap();
    let replies: Vec<Vec<String>> = [&[][..], &["250", "550"], &["250", "450", "550"], &["354"], &["250", "450", "550"], &[]].iter().map(|r| strings(r)).collect();
    assert_eq!(shown.drawn_replies, replies, "each step has the codes whose `commands` name it, in code order");
    assert!(shown.drawn_marks.iter().all(Vec::is_empty) && shown.listed_marked.is_empty(), "the protocol page marks nothing");
}

#[test]
fn a_code_page_marks_the_steps_of_its_commands_and_a_pair_page_those_of_both_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&mini_content(), &out);
    let none = || Vec::<String>::new();
    let a = || strings(&["a"]);
    let b = || strings(&["b"]);
    // 550 lists RCPT, END_OF_DATA and MAIL: marked in session order.
    let code = session(&page(&out, "smtp/550.html")).unwrap();
    assert_eq!(code.drawn_marks, [none(), a(), a(), none(), a(), none()]);
    assert_eq!(code.listed_marked, ["MAIL", "RCPT", "end of data"]);
    let turkish = session(&page(&out, "tr/smtp/550.html")).unwrap();
    assert_eq!(turkish.listed_marked, ["MAIL", "RCPT", "verinin sonu"]);
    // 354 (DATA) solid, 550 dashed; a step of both carries both marks.
    let pair = session(&page(&out, "smtp/354-vs-550.html")).unwrap();
    assert_eq!(pair.drawn_marks, [none(), b(), b(), a(), b(), none()]);
    assert_eq!(pair.listed_marked, ["MAIL", "RCPT", "DATA", "end of data"]);
    let both = session(&page(&out, "smtp/250-vs-550.html")).unwrap();
    assert_eq!(both.drawn_marks[1], ["a", "b"]);
    let legend = page(&out, "smtp/354-vs-550.html");
    let figure = text(legend.select(&select("section.session figcaption")).next().unwrap());
    assert!(figure.contains("354") && figure.contains("550") && figure.contains("DATA"), "the caption says what is marked: {figure}");
}

#[test]
fn marks_and_replies_change_on_every_page_when_a_codes_commands_change() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    let before = session(&page(&out, "smtp/450.html")).unwrap();
    assert_eq!(before.listed_marked, ["RCPT", "end of data"]);
    // 450 moves from RCPT and the end of data to MAIL; an incremental rebuild of the same output.
    let file = content.join("smtp/450.yaml");
    let text = std::fs::read_to_string(&file).unwrap().replace("commands: [RCPT, END_OF_DATA]", "commands: [MAIL]");
    std::fs::write(&file, text).unwrap();
    let report = build(&content, &out);
    assert!(!report.cold, "{report}");
    for prefix in ["", "tr/"] {
        let own = session(&page(&out, &format!("{prefix}smtp/450.html"))).unwrap();
        assert_eq!(own.drawn_marks.iter().filter(|m| !m.is_empty()).count(), 1, "{prefix}: one step marked");
        assert_eq!(own.listed_marked, ["MAIL"], "{prefix}");
        // Pages of other codes draw 450 at its new step: they were rebuilt too.
        for file in ["smtp/index.html", "smtp/250.html", "smtp/354-vs-550.html"] {
            let other = session(&page(&out, &format!("{prefix}{file}"))).unwrap();
            assert_eq!(other.drawn_replies[1], ["250", "450", "550"], "{prefix}{file}: MAIL");
            assert_eq!(other.drawn_replies[2], ["250", "550"], "{prefix}{file}: RCPT");
            assert_eq!(other.listed_replies, other.drawn_replies, "{prefix}{file}");
        }
    }
}

#[test]
fn a_code_no_step_lists_has_no_diagram_while_its_pairs_mark_the_other_code() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let file = content.join("smtp/354.yaml");
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("commands: [DATA]\n", "")).unwrap();
    let out = dir.path().join("out");
    build(&content, &out);
    assert_eq!(session(&page(&out, "smtp/354.html")), None);
    let pair = page(&out, "smtp/354-vs-550.html");
    let shown = session(&pair).unwrap();
    assert_eq!(shown.listed_marked, ["MAIL", "RCPT", "end of data"]);
    assert_eq!(shown.listed_replies[3], Vec::<String>::new(), "DATA now gets no listed reply");
    let caption = text(pair.select(&select("section.session figcaption")).next().unwrap());
    assert!(caption.contains("No step of this session lists 354."), "{caption}");
}

/// The mini fixture with a step that classes answer, as HTTP's interim and final responses are:
/// no code names it, every code of classes 4 and 5 is drawn at it.
fn with_refusal_step(content: &Path) {
    let file = content.join("smtp/_protocol.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replace("    - { id: QUIT }\n", "    - { id: QUIT }\n    - { id: REFUSAL, text: a refusal, classes: [\"4\", \"5\"], translations: { tr: { text: bir ret } } }\n");
    let text = text.replace("session: [CONNECT, MAIL, RCPT, DATA, END_OF_DATA, QUIT]", "session: [CONNECT, MAIL, RCPT, DATA, END_OF_DATA, QUIT, REFUSAL]");
    assert!(text.contains("session: [CONNECT, MAIL, RCPT, DATA, END_OF_DATA, QUIT, REFUSAL]") && text.contains("id: REFUSAL"), "the fixture's session moved: {text}");
    std::fs::write(&file, text).unwrap();
}

#[test]
fn a_step_its_classes_answer_draws_every_code_of_them_and_marks_their_pages() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    with_refusal_step(&content);
    let out = dir.path().join("out");
    build(&content, &out);
    for (prefix, words) in [("", "a refusal"), ("tr/", "bir ret")] {
        let protocol = session(&page(&out, &format!("{prefix}smtp/index.html"))).unwrap();
        assert_eq!(protocol.drawn.last().map(String::as_str), Some(words), "{prefix}");
        assert_eq!(protocol.drawn_replies.last().unwrap(), &strings(&["450", "550"]), "{prefix}: the codes of classes 4 and 5, and no other");
        assert_eq!(protocol.listed_replies, protocol.drawn_replies, "{prefix}");
    }
    // 450 is at RCPT and the end of data by its `commands`, and at the refusal by its class.
    let code = session(&page(&out, "smtp/450.html")).unwrap();
    assert_eq!(code.listed_marked, ["RCPT", "end of data", "a refusal"]);
    // 250 is in neither class: the refusal step is drawn on its page, unmarked.
    let success = session(&page(&out, "smtp/250.html")).unwrap();
    assert_eq!(success.drawn_marks.last().unwrap(), &Vec::<String>::new());
    let pair = session(&page(&out, "smtp/250-vs-550.html")).unwrap();
    assert_eq!(pair.drawn_marks.last().unwrap(), &strings(&["b"]), "only 550 is marked at the refusal");
}

#[test]
fn the_bundled_protocols_with_a_session_draw_it_and_http_draws_one_request_and_its_responses() {
    let out = bundled_output();
    for prefix in ["", "tr/"] {
        for (protocol, code, pair) in [("smtp", "550", "354-vs-550"), ("ftp", "550", "530-vs-550"), ("sip", "486", "486-vs-600"), ("http", "404", "100-vs-404")] {
            for file in ["index".to_string(), code.to_string(), pair.to_string()] {
                let file = format!("{prefix}{protocol}/{file}.html");
                let shown = session(&page(out, &file)).unwrap_or_else(|| panic!("{file} has no session diagram"));
                assert!(shown.drawn.len() >= 2, "{file}: {:?}", shown.drawn);
                for (drawn, listed) in shown.drawn_replies.iter().zip(&shown.listed_replies) {
                    assert!(drawn.iter().all(|id| listed.contains(id)), "{file}: the list has every reply the drawing shows: {drawn:?} in {listed:?}");
                }
            }
        }
        for file in ["dns/index.html", "dns/3.html", "grpc/14.html", "websocket/1006.html"] {
            assert_eq!(session(&page(out, &format!("{prefix}{file}"))), None, "{prefix}{file}: a protocol without a session draws none");
        }
    }
    // HTTP: every 1xx as an interim response to the request, then every other code as the one
    // final response (RFC 9110 §15).
    let http = session(&page(out, "http/index.html")).unwrap();
    assert_eq!(http.listed, ["interim responses to the request (zero or more)", "the final response (always exactly one)"]);
    assert!(http.listed_replies[0].iter().all(|id| id.starts_with('1')) && http.listed_replies[0].contains(&"100".to_string()), "{:?}", http.listed_replies[0]);
    assert!(http.listed_replies[1].iter().all(|id| !id.starts_with('1')) && http.listed_replies[1].contains(&"404".to_string()), "{:?}", http.listed_replies[1]);
    let file_names: Vec<String> = std::fs::read_dir(repo().join("content/http")).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let codes_of_the_registry = file_names.iter().filter(|name| name.ends_with(".yaml") && !name.starts_with('_')).count();
    assert_eq!(http.listed_replies[0].len() + http.listed_replies[1].len(), codes_of_the_registry, "every code is at one of the two response steps");
    let pair = session(&page(out, "tr/http/100-vs-404.html")).unwrap();
    assert_eq!(pair.drawn_marks, [strings(&["a"]), strings(&["b"])]);
    assert_eq!(pair.listed_marked, ["isteğe verilen ara yanıtlar (sıfır ya da daha fazla)", "nihai yanıt (her zaman tam olarak bir tane)"]);
}
