//! Reads what a rendered page links to and defines, with a small scanner tuned to what templates
//! emit (attributes in double quotes); the tests parse pages with a real HTML parser.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::path_keys::{KeySet, path_key};

/// What a page links to and defines.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageScan {
    /// The template that made the page.
    pub template: &'static str,
    /// Internal link targets: (root-relative URL without fragment, fragment).
    pub links: Vec<(String, Option<String>)>,
    /// `id` attributes.
    pub ids: Ids,
    /// hreflang alternates: (language, root-relative URL).
    pub alternates: Vec<(String, String)>,
    /// Names of `data-required` sections that have no text.
    pub empty_sections: Vec<String>,
}

/// The `id`s of a page as a set of hashes: only membership is asked, and a page has dozens, which
/// as strings in a `HashSet` were a tenth of the scan. Two ids of one page would have to share a
/// 64-bit hash for a missing anchor to pass unseen.
#[derive(Debug, Default, Clone)]
pub(crate) struct Ids(KeySet);

impl Ids {
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.0.contains(path_key(id))
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Where attribute values start: `="`.
static VALUE_OPENER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"=\""));

/// A double-quoted value of a page and what stands before its `=`.
struct Attribute<'a> {
    /// The page up to the `=`.
    before: &'a [u8],
    /// Where the value starts in the page.
    start: usize,
    value: &'a str,
}

impl Attribute<'_> {
    /// Whether the attribute is `name`: the name ends at the `=` and follows a space, so that a
    /// value's own text (`?a="`) is not an attribute. The space is tested first: most attributes
    /// are not the one asked for.
    fn is(&self, name: &str) -> bool {
        let name = name.as_bytes();
        self.before.len() > name.len() && self.before[self.before.len() - name.len() - 1] == b' ' && self.before.ends_with(name)
    }
}

/// Every double-quoted value of `html`, in document order, found in one pass: a cold build scans
/// half a million pages, and a search per attribute name went over each page once per name. A
/// value runs to the next quote, and the search goes on after it, so a value's own text
/// (`title="a="`) cannot shift the attributes after it.
fn attributes(html: &str) -> impl Iterator<Item = Attribute<'_>> + '_ {
    let bytes = html.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let equals = from + VALUE_OPENER.find(&bytes[from..])?;
        let start = equals + 2;
        let end = start + memchr::memchr(b'"', &bytes[start..])?;
        from = end + 1;
        Some(Attribute { before: &bytes[..equals], start, value: &html[start..end] })
    })
}

fn attribute_values<'a>(html: &'a str, wanted: &'a str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    attributes(html).filter(move |attribute| attribute.is(wanted)).map(|attribute| (attribute.start, attribute.value))
}

/// Reads the links, ids and alternates of a page. `origin` is the site's scheme and host, so that
/// absolute links to the site count as internal.
pub(crate) fn scan(html: &str, origin: &str, template: &'static str) -> PageScan {
    let mut page = PageScan { template, ..PageScan::default() };
    let mut ids = Vec::new();
    for attribute in attributes(html) {
        let (position, value) = (attribute.start, attribute.value);
        if attribute.is("id") {
            ids.push(path_key(value));
        } else if attribute.is("href") {
            read_link(html, origin, position, value, &mut page);
        } else if attribute.is("data-required") {
            read_required_section(html, position, value, &mut page);
        }
    }
    page.ids = Ids(KeySet::new(ids));
    page
}

fn read_link(html: &str, origin: &str, position: usize, href: &str, page: &mut PageScan) {
    let href = if href.contains('&') { Cow::Owned(href.replace("&amp;", "&")) } else { Cow::Borrowed(href) };
    let local = href.strip_prefix(origin).unwrap_or(&href);
    let tag_start = html[..position].rfind('<').unwrap_or(0);
    let tag = &html[tag_start..position];
    if tag.starts_with("<link")
        && tag.contains("rel=\"alternate\"")
        && let Some((_, lang)) = attribute_values(&html[tag_start..], "hreflang").next()
    {
        page.alternates.push((lang.to_string(), local.to_string()));
    }
    if tag.starts_with("<link") && !tag.contains("rel=\"stylesheet\"") && !tag.contains("rel=\"icon\"") {
        return;
    }
    if let Some(fragment) = local.strip_prefix('#') {
        page.links.push((String::new(), Some(fragment.to_string())));
    } else if local.starts_with('/') {
        let (path, fragment) = match local.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string())),
            None => (local, None),
        };
        page.links.push((path.to_string(), fragment));
    }
}

fn read_required_section(html: &str, position: usize, name: &str, page: &mut PageScan) {
    let tag_start = html[..position].rfind('<').unwrap_or(0);
    let after_bracket = &html[tag_start + 1..];
    let tag_name = &after_bracket[..after_bracket.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(after_bracket.len())];
    let Some(open_end) = html[position..].find('>') else { return };
    if !has_text_before_closing(&html[position + open_end + 1..], tag_name) {
        page.empty_sections.push(name.to_string());
    }
}

/// Whether `body` has a character outside tags that is not white space before the first
/// `</tag_name>` (or its end). It stops at the first such character: a required section is
/// usually long and not empty, so its end need not be searched for.
fn has_text_before_closing(body: &str, tag_name: &str) -> bool {
    let closes_here = |rest: &str| rest.strip_prefix("</").and_then(|r| r.strip_prefix(tag_name)).is_some_and(|r| r.starts_with('>'));
    let mut in_tag = false;
    for (at, c) in body.char_indices() {
        match c {
            '<' if closes_here(&body[at..]) => return false,
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_finds_links_ids_alternates_and_empty_sections() {
        let html = r##"<html><head><link rel="alternate" hreflang="tr" href="https://x.org/tr/a"><link rel="stylesheet" href="/style.css"></head>
<body><a href="/b#top">b</a><a href="#here">h</a><h2 id="here">H</h2><a href="https://rfc-editor.org/x">ext</a>
<h2>Fix</h2><div data-required="fix">  </div></body></html>"##;
        let page = scan(html, "https://x.org", "t.html");
        assert_eq!(page.alternates, [("tr".to_string(), "/tr/a".to_string())]);
        assert!(page.links.contains(&("/b".to_string(), Some("top".to_string()))));
        assert!(page.links.contains(&("/style.css".to_string(), None)));
        assert!(page.ids.contains("here"));
        assert_eq!(page.empty_sections, ["fix"]);
    }

    #[test]
    fn a_section_ends_at_its_first_closing_tag_and_only_text_counts() {
        let html = concat!(
            r#"<div data-required="tags-only"><p> <br> </p></div>"#,
            r#"<div data-required="text-in-a-child"><p>x</p></div>"#,
            r#"<div data-required="text-after-the-end"><div></div>late</div>"#,
            r#"<section data-required="other-closers"><p></p></div>text</section>"#,
            "<div data-required=\"no-break-space\">\u{a0}</div>",
        );
        let page = scan(html, "https://x.org", "t.html");
        assert_eq!(page.empty_sections, ["tags-only", "text-after-the-end", "no-break-space"]);
    }

    #[test]
    fn a_value_that_ends_in_an_equals_sign_does_not_shift_the_attributes_after_it() {
        let html = r#"<p>He said "hi"</p><a title="a=" href="/x" id="y">x</a><p data-x="q id=">t</p><span id="z"></span>"#;
        let page = scan(html, "https://x.org", "t.html");
        assert_eq!(page.links, [("/x".to_string(), None)]);
        assert!(page.ids.contains("y") && page.ids.contains("z"), "{:?}", page.ids);
        assert!(!page.ids.contains("x") && !page.ids.contains("q id="));
        assert_eq!(page.ids.len(), 2);
    }
}
