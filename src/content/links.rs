//! Links inside Markdown fields. One form names a page of the site whatever the base URL and the
//! URL style: `@/smtp/550` (or `/smtp/550`, or relative to the protocol's folder: `550`,
//! `../http/404`). Each is checked against the codes of the site when its field is rendered,
//! so a broken link is reported at its YAML file, line and column, and written into the HTML as
//! a `replyvs:` marker that the render stage turns into the page's URL in each language.

use std::collections::{HashMap, HashSet};

/// What the site has that a link may name: protocol ids, their codes, aliases and guides, the
/// site's pages, and the decoder.
#[derive(Debug, Default)]
pub(crate) struct LinkIndex {
    protocols: HashMap<String, ProtocolLinks>,
    /// Slugs of the site's pages (`@/pages/about`).
    pages: HashSet<String>,
    /// Language codes of the site but the default (`/tr/smtp/550`).
    languages: Vec<String>,
}

/// What a link may name inside one protocol.
#[derive(Debug, Default)]
struct ProtocolLinks {
    codes: HashSet<String>,
    /// Alias → code id.
    aliases: HashMap<String, String>,
    /// Slugs of its guides (`@/smtp/guides/session`).
    guides: HashSet<String>,
}

/// The path of the decoder page (`@/decode`); no protocol may be named so.
pub(crate) const DECODE: &str = "decode";

/// The folder of a protocol's guides (`@/smtp/guides/session`); no code may be named so.
pub(crate) const GUIDES: &str = "guides";

/// The scheme of the markers written into HTML; never published.
pub(crate) const MARKER: &str = "replyvs:";

impl LinkIndex {
    pub(crate) fn new(languages: &[String]) -> Self {
        LinkIndex { protocols: HashMap::new(), pages: HashSet::new(), languages: languages.iter().skip(1).cloned().collect() }
    }

    /// Records protocol `id` with its codes and their aliases.
    pub(crate) fn add_protocol<'a>(&mut self, id: &str, codes: impl Iterator<Item = (&'a str, &'a [String])>) {
        let links = self.protocols.entry(id.to_string()).or_default();
        for (code, code_aliases) in codes {
            links.codes.insert(code.to_string());
            for alias in code_aliases {
                links.aliases.insert(alias.clone(), code.to_string());
            }
        }
    }

    /// Records the guides of protocol `id`.
    pub(crate) fn add_guides<'a>(&mut self, id: &str, slugs: impl Iterator<Item = &'a str>) {
        self.protocols.entry(id.to_string()).or_default().guides.extend(slugs.map(str::to_string));
    }

    /// Records the site's pages.
    pub(crate) fn add_pages<'a>(&mut self, slugs: impl Iterator<Item = &'a str>) {
        self.pages.extend(slugs.map(str::to_string));
    }

    fn code(&self, protocol: &str, id: &str) -> Option<String> {
        let links = self.protocols.get(protocol)?;
        if links.codes.contains(id) { Some(id.to_string()) } else { links.aliases.get(id).cloned() }
    }

    /// Resolves the link `href` written in a field of protocol `base` (None for site pages):
    /// `Ok(None)` for links that leave the site or stay on the page, `Ok(Some(marker))` for a
    /// page of the site, `Err(why)` for a link to nothing.
    pub(crate) fn resolve(&self, href: &str, base: Option<&str>) -> Result<Option<String>, String> {
        let (target, fragment) = href.split_once('#').map_or((href, None), |(t, f)| (t, Some(f)));
        if target.is_empty() || target.contains(':') && !target.starts_with(MARKER) || target.starts_with("//") {
            return Ok(None);
        }
        let path = self.absolute(target, base)?;
        let canonical = self.canonical(&path)?;
        Ok(Some(match fragment {
            Some(fragment) => format!("{MARKER}{canonical}#{fragment}"),
            None => format!("{MARKER}{canonical}"),
        }))
    }

    /// The link as a path from the site's root, without the leading `/`: `@/x` and `/x` are
    /// from the root, anything else from the folder of protocol `base`.
    fn absolute(&self, target: &str, base: Option<&str>) -> Result<String, String> {
        let from_root = target.strip_prefix("@/").or_else(|| target.strip_prefix('/'));
        let mut parts: Vec<&str> = match (from_root, base) {
            (Some(_), _) | (None, None) => Vec::new(),
            (None, Some(base)) => vec![base],
        };
        for segment in from_root.unwrap_or(target).split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err("it climbs above the site's root".into());
                    }
                }
                other => parts.push(other),
            }
        }
        let mut path = parts.join("/");
        if target.ends_with('/') && !path.is_empty() {
            path.push('/');
        }
        Ok(path)
    }

    /// The page a root path names, in the form of the marker: `smtp/550`, `smtp/450-vs-550`
    /// (canonical order is the render stage's job), `smtp/`, ``, or `tr/` before any of them.
    fn canonical(&self, path: &str) -> Result<String, String> {
        let (lang, rest) = match path.split_once('/') {
            Some((first, rest)) if self.languages.iter().any(|l| l == first) => (format!("{first}/"), rest),
            _ if self.languages.iter().any(|l| l == path) => (format!("{path}/"), ""),
            _ => (String::new(), path),
        };
        let segments: Vec<&str> = rest.trim_end_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        let page = match segments.first() {
            None => String::new(),
            Some(first) if self.protocols.contains_key(*first) => match segments[..] {
                [protocol] => format!("{protocol}/"),
                [protocol, leaf] => self.leaf(protocol, leaf)?,
                [protocol, GUIDES, slug] if self.protocols[protocol].guides.contains(slug) => format!("{protocol}/{GUIDES}/{slug}"),
                [protocol, GUIDES, slug] => return Err(format!("{protocol} has no guide `{slug}` (guides are the files of content/{protocol}/guides/)")),
                _ => return Err(format!("`{rest}` is not a page of {first}")),
            },
            Some(&"pages") => match segments[..] {
                [_, slug] if self.pages.contains(slug) => format!("pages/{slug}"),
                [_, slug] => return Err(format!("there is no page `{slug}` (pages are the files of content/pages/)")),
                _ => return Err(format!("`{rest}` is not a page")),
            },
            Some(&DECODE) if segments.len() == 1 => DECODE.to_string(),
            // A file of the site (`/favicon.svg`, `/api/smtp.json`), published as it is.
            Some(_) if segments.last().is_some_and(|s| s.contains('.')) => return Ok(format!("{lang}{rest}")),
            Some(first) => return Err(format!("there is no protocol `{first}`")),
        };
        Ok(format!("{lang}{page}"))
    }

    fn leaf(&self, protocol: &str, leaf: &str) -> Result<String, String> {
        if let Some((a, b)) = crate::content::pairs::split_slug(leaf) {
            let (Some(a), Some(b)) = (self.code(protocol, a), self.code(protocol, b)) else {
                let missing = if self.code(protocol, a).is_none() { a } else { b };
                return Err(format!("{protocol} has no code `{missing}`"));
            };
            if a == b {
                return Err(format!("`{leaf}` compares a code with itself"));
            }
            return Ok(format!("{protocol}/{}", crate::content::pairs::slug(&a, &b)));
        }
        self.code(protocol, leaf).map(|code| format!("{protocol}/{code}")).ok_or_else(|| format!("{protocol} has no code `{leaf}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut index = LinkIndex::new(&["en".into(), "tr".into()]);
        let smtp = [("450".to_string(), vec![]), ("550".to_string(), vec![])];
        index.add_protocol("smtp", smtp.iter().map(|(c, a)| (c.as_str(), a.as_slice())));
        let enhanced = [("X.1.1".to_string(), vec!["5.1.1".to_string()])];
        index.add_protocol("smtp-enhanced", enhanced.iter().map(|(c, a)| (c.as_str(), a.as_slice())));
        index.add_guides("smtp", ["session"].into_iter());
        index.add_pages(["about"].into_iter());
        index
    }

    #[test]
    fn pages_guides_and_the_decoder_have_names_too() {
        let index = index();
        assert_eq!(index.resolve("@/pages/about#why", None), Ok(Some("replyvs:pages/about#why".into())));
        assert_eq!(index.resolve("@/smtp/guides/session", None), Ok(Some("replyvs:smtp/guides/session".into())));
        assert_eq!(index.resolve("guides/session", Some("smtp")), Ok(Some("replyvs:smtp/guides/session".into())));
        assert_eq!(index.resolve("@/tr/decode", None), Ok(Some("replyvs:tr/decode".into())));
        assert_eq!(index.resolve("@/pages/contact", None), Err("there is no page `contact` (pages are the files of content/pages/)".into()));
        assert_eq!(index.resolve("@/smtp/guides/x", None), Err("smtp has no guide `x` (guides are the files of content/smtp/guides/)".into()));
    }

    #[test]
    fn every_written_form_of_a_link_names_the_same_page() {
        let index = index();
        for href in ["@/smtp/550", "/smtp/550", "550", "./550", "../smtp/550"] {
            assert_eq!(index.resolve(href, Some("smtp")), Ok(Some("replyvs:smtp/550".into())), "{href}");
        }
        assert_eq!(index.resolve("@/smtp-enhanced/5.1.1#x", None), Ok(Some("replyvs:smtp-enhanced/X.1.1#x".into())));
        assert_eq!(index.resolve("550-vs-450", Some("smtp")), Ok(Some("replyvs:smtp/550-vs-450".into())));
        assert_eq!(index.resolve("@/tr/smtp/", None), Ok(Some("replyvs:tr/smtp/".into())));
        assert_eq!(index.resolve("@/", None), Ok(Some("replyvs:".into())));
    }

    #[test]
    fn links_to_nothing_say_why() {
        let index = index();
        assert_eq!(index.resolve("@/smtp/551", None), Err("smtp has no code `551`".into()));
        assert_eq!(index.resolve("../../x", Some("smtp")), Err("it climbs above the site's root".into()));
        assert_eq!(index.resolve("@/ftp/226", None), Err("there is no protocol `ftp`".into()));
        assert_eq!(index.resolve("@/smtp/450-vs-450", None), Err("`450-vs-450` compares a code with itself".into()));
    }

    #[test]
    fn external_links_and_fragments_are_left_alone() {
        let index = index();
        for href in ["https://www.rfc-editor.org/rfc/rfc5321", "mailto:postmaster@example.org", "#when-seen", "//cdn.example.org/x"] {
            assert_eq!(index.resolve(href, Some("smtp")), Ok(None), "{href}");
        }
    }
}
