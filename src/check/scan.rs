//! Reads what a rendered page links to and defines, with a small scanner tuned to what templates
//! emit (attributes in double quotes); the tests parse pages with a real HTML parser.

use std::collections::HashSet;

/// What a page links to and defines.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageScan {
    /// The template that made the page.
    pub template: &'static str,
    /// Internal link targets: (root-relative URL without fragment, fragment).
    pub links: Vec<(String, Option<String>)>,
    /// `id` attributes.
    pub ids: HashSet<String>,
    /// hreflang alternates: (language, root-relative URL).
    pub alternates: Vec<(String, String)>,
    /// Names of `data-required` sections that have no text.
    pub empty_sections: Vec<String>,
}

fn attribute_values<'a>(html: &'a str, name: &str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let needle = format!(" {name}=\"");
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = html[from..].find(&needle)? + from + needle.len();
        let end = html[start..].find('"')? + start;
        from = end;
        Some((start, &html[start..end]))
    })
}

/// Reads the links, ids and alternates of a page. `origin` is the site's scheme and host, so that
/// absolute links to the site count as internal.
pub(crate) fn scan(html: &str, origin: &str, template: &'static str) -> PageScan {
    let mut page = PageScan { template, ..PageScan::default() };
    for (_, id) in attribute_values(html, "id") {
        page.ids.insert(id.to_string());
    }
    for (position, href) in attribute_values(html, "href") {
        let href = href.replace("&amp;", "&");
        let tag_start = html[..position].rfind('<').unwrap_or(0);
        let tag = &html[tag_start..position];
        let local = if let Some(rest) = href.strip_prefix(origin) { rest.to_string() } else { href.clone() };
        if tag.starts_with("<link")
            && tag.contains("rel=\"alternate\"")
            && let Some((_, lang)) = attribute_values(&html[tag_start..], "hreflang").next()
        {
            page.alternates.push((lang.to_string(), local.clone()));
        }
        if tag.starts_with("<link") && !tag.contains("rel=\"stylesheet\"") && !tag.contains("rel=\"icon\"") {
            continue;
        }
        if let Some(fragment) = local.strip_prefix('#') {
            page.links.push((String::new(), Some(fragment.to_string())));
        } else if local.starts_with('/') {
            let (path, fragment) = match local.split_once('#') {
                Some((path, fragment)) => (path.to_string(), Some(fragment.to_string())),
                None => (local, None),
            };
            page.links.push((path, fragment));
        }
    }
    for (position, name) in attribute_values(html, "data-required") {
        let tag_start = html[..position].rfind('<').unwrap_or(0);
        let tag_name: String = html[tag_start + 1..].chars().take_while(char::is_ascii_alphanumeric).collect();
        let Some(open_end) = html[position..].find('>') else { continue };
        let body_start = position + open_end + 1;
        let body_end = html[body_start..].find(&format!("</{tag_name}>")).map_or(html.len(), |e| body_start + e);
        if strip_tags(&html[body_start..body_end]).is_empty() {
            page.empty_sections.push(name.to_string());
        }
    }
    page
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out
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
}
