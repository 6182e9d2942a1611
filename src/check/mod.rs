//! Whole-site checks on rendered pages: every internal link and `#fragment` resolves, every page
//! is reachable from the home page, hreflang alternates exist and are reciprocal, the sitemap
//! lists exactly the pages, and required sections are not empty.
//!
//! `PageScan` reads a page with a small scanner tuned to what templates emit (attributes in double
//! quotes); the tests parse pages with a real HTML parser.

use std::collections::{HashMap, HashSet, VecDeque};

/// What a page links to and defines.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageScan {
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
pub(crate) fn scan(html: &str, origin: &str) -> PageScan {
    let mut page = PageScan::default();
    for (_, id) in attribute_values(html, "id") {
        page.ids.insert(id.to_string());
    }
    for (position, href) in attribute_values(html, "href") {
        let href = href.replace("&amp;", "&");
        let tag_start = html[..position].rfind('<').unwrap_or(0);
        let tag = &html[tag_start..position];
        let local = if let Some(rest) = href.strip_prefix(origin) { rest.to_string() } else { href.clone() };
        if tag.starts_with("<link") && tag.contains("rel=\"alternate\"")
            && let Some((_, lang)) = attribute_values(&html[tag_start..], "hreflang").next() {
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

/// Every URL of a site, kept as hashes so that half a million of them take a few megabytes.
#[derive(Debug, Default)]
pub(crate) struct UrlSet(HashSet<u64>);

impl UrlSet {
    pub(crate) fn insert(&mut self, url: &str) {
        self.0.insert(xxhash_rust::xxh3::xxh3_64(url.as_bytes()));
    }

    pub(crate) fn contains(&self, url: &str) -> bool {
        self.0.contains(&xxhash_rust::xxh3::xxh3_64(url.as_bytes()))
    }
}

/// The checks a single page allows, against the set of every URL of the site.
pub(crate) fn check_page(url: &str, page: &PageScan, urls: &UrlSet, findings: &mut Vec<String>) {
    for (target, fragment) in &page.links {
        if target.is_empty() {
            if let Some(fragment) = fragment.as_ref().filter(|f| !f.is_empty() && !page.ids.contains(*f)) {
                findings.push(format!("{url}: the link #{fragment} points to no element of the page"));
            }
        } else if !urls.contains(target) {
            findings.push(format!("{url}: broken link to {target}"));
        }
    }
    for (lang, target) in &page.alternates {
        if !urls.contains(target) {
            findings.push(format!("{url}: the {lang} alternate {target} does not exist"));
        }
    }
    for section in &page.empty_sections {
        findings.push(format!("{url}: the required section `{section}` is empty"));
    }
}

/// The checks that need every page: fragments into other pages, reachability from `home`,
/// reciprocal alternates, and the sitemap listing exactly `canonical` pages.
pub(crate) fn check_site(pages: &HashMap<String, PageScan>, home: &str, canonical: &HashSet<String>, sitemap: &HashSet<String>, findings: &mut Vec<String>) {
    for (url, page) in pages {
        for (target, fragment) in &page.links {
            let (Some(fragment), Some(target_page)) = (fragment, pages.get(target)) else { continue };
            if !target.is_empty() && !fragment.is_empty() && !target_page.ids.contains(fragment) {
                findings.push(format!("{url}: the link {target}#{fragment} points to no element of that page"));
            }
        }
        for (lang, target) in &page.alternates {
            if let Some(other) = pages.get(target)
                && !other.alternates.iter().any(|(_, back)| back == url) {
                    findings.push(format!("{url}: the {lang} alternate {target} does not link back"));
                }
        }
    }
    let reachable = reachable_from(pages, home);
    let mut orphans: Vec<&String> = pages.keys().filter(|url| !reachable.contains(url.as_str())).collect();
    orphans.sort();
    for orphan in orphans {
        findings.push(format!("{orphan}: no link leads to this page from the home page"));
    }
    let mut missing: Vec<&String> = canonical.difference(sitemap).collect();
    missing.sort();
    for url in missing {
        findings.push(format!("sitemap: {url} is missing"));
    }
    let mut extra: Vec<&String> = sitemap.difference(canonical).collect();
    extra.sort();
    for url in extra {
        findings.push(format!("sitemap: {url} is not a page"));
    }
}

fn reachable_from<'a>(pages: &'a HashMap<String, PageScan>, home: &'a str) -> HashSet<&'a str> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = VecDeque::from([home]);
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url) {
            continue;
        }
        if let Some(page) = pages.get(url) {
            for (target, _) in &page.links {
                if let Some((key, _)) = pages.get_key_value(target.as_str()) {
                    queue.push_back(key);
                }
            }
            for (_, target) in &page.alternates {
                if let Some((key, _)) = pages.get_key_value(target.as_str()) {
                    queue.push_back(key);
                }
            }
        }
    }
    seen
}

/// The `<loc>` URLs of a sitemap, made root-relative.
pub(crate) fn sitemap_urls(xml: &str, origin: &str) -> Vec<String> {
    xml.split("<loc>").skip(1).filter_map(|rest| rest.split_once("</loc>")).map(|(loc, _)| loc.replace("&amp;", "&").strip_prefix(origin).unwrap_or(loc).to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_finds_links_ids_alternates_and_empty_sections() {
        let html = r##"<html><head><link rel="alternate" hreflang="tr" href="https://x.org/tr/a"><link rel="stylesheet" href="/style.css"></head>
<body><a href="/b#top">b</a><a href="#here">h</a><h2 id="here">H</h2><a href="https://rfc-editor.org/x">ext</a>
<h2>Fix</h2><div data-required="fix">  </div></body></html>"##;
        let page = scan(html, "https://x.org");
        assert_eq!(page.alternates, [("tr".to_string(), "/tr/a".to_string())]);
        assert!(page.links.contains(&("/b".to_string(), Some("top".to_string()))));
        assert!(page.links.contains(&("/style.css".to_string(), None)));
        assert!(page.ids.contains("here"));
        assert_eq!(page.empty_sections, ["fix"]);
        let mut urls = UrlSet::default();
        urls.insert("/style.css");
        let mut findings = Vec::new();
        check_page("/a", &page, &urls, &mut findings);
        assert_eq!(findings.len(), 3, "{findings:?}");
    }
}
