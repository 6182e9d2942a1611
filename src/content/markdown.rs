//! Markdown to HTML in one place: CommonMark with tables and strikethrough, then sanitized so that
//! no markup or script from the data reaches a page.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

use crate::content::model::Html;

/// Renders a Markdown field and removes everything the theme did not ask for: raw HTML, event
/// handlers, `javascript:` and `data:` URLs, images, headings above level 3. Links are kept as
/// written.
pub fn render(markdown: &str) -> Html {
    render_with_links(markdown, |_| Ok(None)).0
}

/// A link that leads nowhere: where it starts in the Markdown text (a byte offset), what it
/// says, and why it leads nowhere.
pub(crate) struct BrokenLink {
    pub(crate) offset: usize,
    pub(crate) href: String,
    pub(crate) why: String,
}

/// Renders like `render`, passing every link's destination to `resolve`: `Ok(Some(new))`
/// replaces it (a marker for a page of the site), `Ok(None)` keeps it, `Err(why)` reports it.
pub(crate) fn render_with_links(markdown: &str, resolve: impl Fn(&str) -> Result<Option<String>, String>) -> (Html, Vec<BrokenLink>) {
    let mut broken = Vec::new();
    let events: Vec<Event<'_>> = parse(markdown).map(|(event, start)| resolve_link(event, start, &resolve, &mut broken)).collect();
    (clean(events, sanitizer(Allowed::Field)), broken)
}

/// A document's body as HTML: like a field, with headings from `##` on, each with an `id` made
/// from its text so that links may point at it. Also returns where each `#` heading starts: the
/// title is the page's only `h1`.
pub(crate) fn render_document(markdown: &str, resolve: impl Fn(&str) -> Result<Option<String>, String>) -> (Html, Vec<BrokenLink>, Vec<usize>) {
    let mut broken = Vec::new();
    let mut top_headings = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    for (event, start) in parse(markdown) {
        match event {
            Event::Start(Tag::Heading { level: pulldown_cmark::HeadingLevel::H1, .. }) => top_headings.push(start),
            // Raw HTML is dropped before it is parsed, so no id but the headings' own reaches
            // the page.
            Event::Html(_) | Event::InlineHtml(_) => continue,
            _ => {}
        }
        events.push(resolve_link(event, start, &resolve, &mut broken));
    }
    give_headings_ids(&mut events);
    (clean(events, sanitizer(Allowed::Document)), broken, top_headings)
}

fn parse(markdown: &str) -> impl Iterator<Item = (Event<'_>, usize)> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    Parser::new_ext(markdown, options).into_offset_iter().map(|(event, range)| (event, range.start))
}

fn resolve_link<'e>(event: Event<'e>, start: usize, resolve: &impl Fn(&str) -> Result<Option<String>, String>, broken: &mut Vec<BrokenLink>) -> Event<'e> {
    let Event::Start(Tag::Link { link_type, dest_url, title, id }) = event else { return event };
    let dest_url = match resolve(&dest_url) {
        Ok(Some(resolved)) => CowStr::from(resolved),
        Ok(None) => dest_url,
        Err(why) => {
            broken.push(BrokenLink { offset: start, href: dest_url.to_string(), why });
            dest_url
        }
    };
    Event::Start(Tag::Link { link_type, dest_url, title, id })
}

/// Gives every heading without an explicit id one made from its text (`## Who sends it` →
/// `who-sends-it`), numbered when two headings say the same.
fn give_headings_ids(events: &mut [Event<'_>]) {
    let mut used: HashSet<String> = HashSet::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id: None, .. }) = &events[i] else { continue };
        let text: String = events[i + 1..]
            .iter()
            .take_while(|e| !matches!(e, Event::End(pulldown_cmark::TagEnd::Heading(_))))
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let stem = heading_id(&text);
        let mut candidate = stem.clone();
        let mut n = 1;
        while !used.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{stem}-{n}");
        }
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
            *id = Some(CowStr::from(candidate));
        }
    }
}

/// The id of a heading: its letters and digits in lower case, words joined by `-`.
pub(crate) fn heading_id(text: &str) -> String {
    let words: Vec<String> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    if words.is_empty() { "section".to_string() } else { words.join("-") }
}

fn clean(events: Vec<Event<'_>>, sanitizer: &ammonia::Builder<'_>) -> Html {
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, events.into_iter());
    Html::trusted(sanitizer.clean(&unsafe_html).to_string())
}

/// Whether sanitized HTML shows no text at all (only tags and white space).
pub(crate) fn is_blank(html: &Html) -> bool {
    let mut in_tag = false;
    !html.as_str().chars().any(|c| match c {
        '<' => {
            in_tag = true;
            false
        }
        '>' => {
            in_tag = false;
            false
        }
        _ => !in_tag && !c.is_whitespace(),
    })
}

/// The text of sanitized HTML without its tags and with its character references decoded, for
/// places that take plain text (the search index).
pub(crate) fn plain_text(html: &Html) -> String {
    let mut out = String::with_capacity(html.as_str().len());
    let mut in_tag = false;
    for c in html.as_str().chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for HTML (plain fields are escaped by the templates; this is for generated HTML).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// What a piece of Markdown may contain.
#[derive(Clone, Copy, PartialEq)]
enum Allowed {
    /// A field of a data file: paragraphs, lists, tables, code, links, `h3` and `h4`.
    Field,
    /// A document's body: a field's tags, and `h2` to `h4` with ids to link to.
    Document,
}

const FIELD_TAGS: &[&str] = &["p", "br", "hr", "ul", "ol", "li", "strong", "em", "del", "code", "pre", "blockquote", "a", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td"];

fn sanitizer(allowed: Allowed) -> &'static ammonia::Builder<'static> {
    static FIELD: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    static DOCUMENT: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cell = if allowed == Allowed::Document { &DOCUMENT } else { &FIELD };
    cell.get_or_init(|| {
        let mut tags: HashSet<&str> = FIELD_TAGS.iter().copied().collect();
        let mut attributes: std::collections::HashMap<&str, HashSet<&str>> =
            [("a", ["href"].into_iter().collect::<HashSet<_>>()), ("ol", ["start"].into_iter().collect()), ("th", ["align"].into_iter().collect()), ("td", ["align"].into_iter().collect())].into_iter().collect();
        if allowed == Allowed::Document {
            tags.insert("h2");
            for heading in ["h2", "h3", "h4"] {
                attributes.insert(heading, ["id"].into_iter().collect());
            }
        }
        let mut builder = ammonia::Builder::default();
        builder
            .tags(tags)
            .clean_content_tags(["script", "style"].into_iter().collect())
            // `replyvs:` marks a link to a page of the site until the render stage gives it the
            // page's URL; it is never published.
            .url_schemes(["http", "https", "mailto", "replyvs"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"))
            .generic_attributes(HashSet::new())
            .tag_attributes(attributes);
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_emphasis_code_and_lists() {
        let html = render("Use **EHLO** and `RCPT TO`:\n\n- one\n- two\n");
        assert_eq!(html.as_str(), "<p>Use <strong>EHLO</strong> and <code>RCPT TO</code>:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
    }

    #[test]
    fn raw_html_scripts_and_dangerous_links_are_removed() {
        let html = render("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)> [d](data:text/html,hi) [ok](https://example.org/)");
        let text = html.as_str();
        assert!(!text.contains("<script"), "{text}");
        assert!(!text.contains("href=\"javascript:"), "{text}");
        assert!(!text.contains("onerror"), "{text}");
        assert!(!text.contains("href=\"data:"), "{text}");
        assert!(!text.contains("<img"), "{text}");
        assert!(text.contains("<a href=\"https://example.org/\" rel=\"noopener noreferrer\">ok</a>"), "{text}");
    }

    #[test]
    fn document_headings_get_ids_from_their_text_and_a_top_heading_is_reported() {
        let (html, broken, top) = render_document("# Title\n\n## Who sends it\n\n## Who sends it\n\n### `DSN` fields\n", |_| Ok(None));
        assert!(broken.is_empty());
        assert_eq!(top, vec![0]);
        let text = html.as_str();
        assert!(text.contains("<h2 id=\"who-sends-it\">Who sends it</h2>"), "{text}");
        assert!(text.contains("<h2 id=\"who-sends-it-2\">"), "{text}");
        assert!(text.contains("<h3 id=\"dsn-fields\">"), "{text}");
        assert!(!text.contains("<h1"), "{text}");
        assert_eq!(heading_id("Kim gönderir, kime?"), "kim-gönderir-kime");
    }

    #[test]
    fn raw_html_in_a_document_brings_no_ids_and_no_script() {
        let (html, _, _) = render_document("<h2 id=\"search-input\">x</h2>\n\n<script>alert(1)</script>\n\nText <b onclick=\"x\">bold</b>", |_| Ok(None));
        let text = html.as_str();
        assert!(!text.contains("search-input") && !text.contains("script") && !text.contains("onclick"), "{text}");
    }

    #[test]
    fn a_field_keeps_no_ids_and_no_second_level_headings() {
        let text = render("## Big\n\n<h3 id=\"x\">y</h3>").as_str().to_string();
        assert!(!text.contains("<h2") && !text.contains("id="), "{text}");
    }

    #[test]
    fn template_syntax_in_data_is_plain_text() {
        let html = render("{{ secret }} {% include \"x\" %}");
        assert_eq!(html.as_str(), "<p>{{ secret }} {% include \"x\" %}</p>\n");
    }
}
