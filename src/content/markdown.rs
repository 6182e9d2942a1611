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
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut broken = Vec::new();
    let events = Parser::new_ext(markdown, options).into_offset_iter().map(|(event, range)| match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = match resolve(&dest_url) {
                Ok(Some(resolved)) => CowStr::from(resolved),
                Ok(None) => dest_url,
                Err(why) => {
                    broken.push(BrokenLink { offset: range.start, href: dest_url.to_string(), why });
                    dest_url
                }
            };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    (Html::trusted(sanitizer().clean(&unsafe_html).to_string()), broken)
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

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "p", "br", "hr", "ul", "ol", "li", "strong", "em", "del", "code", "pre", "blockquote", "a", "h3", "h4", "table",
            "thead", "tbody", "tr", "th", "td",
        ]
        .into_iter()
        .collect();
        let mut builder = ammonia::Builder::default();
        builder
            .tags(tags)
            .clean_content_tags(["script", "style"].into_iter().collect())
            // `replyvs:` marks a link to a page of the site until the render stage gives it the
            // page's URL; it is never published.
            .url_schemes(["http", "https", "mailto", "replyvs"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"))
            .generic_attributes(HashSet::new())
            .tag_attributes(
                [("a", ["href"].into_iter().collect::<HashSet<_>>()), ("ol", ["start"].into_iter().collect()), ("th", ["align"].into_iter().collect()), ("td", ["align"].into_iter().collect())]
                    .into_iter()
                    .collect(),
            );
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
    fn template_syntax_in_data_is_plain_text() {
        let html = render("{{ secret }} {% include \"x\" %}");
        assert_eq!(html.as_str(), "<p>{{ secret }} {% include \"x\" %}</p>\n");
    }
}
