//! Links from Markdown to pages of the site were checked and written as `replyvs:` markers by
//! the content stage; here each becomes the URL of that page in the language of the page that
//! shows it, under the site's base URL and URL style.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::content::links::{DECODE, GUIDES, MARKER};
use crate::content::model::Site;
use crate::site::plan::Page;
use crate::site::urls::Urls;

/// Protocol ids, code ids, and the slugs of pages and guides to their places in the model.
pub(crate) struct LinkTable {
    protocols: HashMap<String, (usize, HashMap<String, usize>)>,
    pages: HashMap<String, usize>,
    /// (protocol, slug) → guide.
    guides: HashMap<(usize, String), usize>,
    languages: Vec<String>,
}

impl LinkTable {
    pub(crate) fn new(site: &Site) -> Self {
        let protocols = site.protocols.iter().enumerate().map(|(p, protocol)| (protocol.id.clone(), (p, protocol.codes.iter().enumerate().map(|(c, code)| (code.id.clone(), c)).collect()))).collect();
        let pages = site.pages.iter().enumerate().map(|(i, page)| (page.slug.clone(), i)).collect();
        let guides = site.protocols.iter().enumerate().flat_map(|(p, protocol)| protocol.guides.iter().enumerate().map(move |(g, guide)| ((p, guide.slug.clone()), g))).collect();
        LinkTable { protocols, pages, guides, languages: site.settings.languages.clone() }
    }

    /// `html` with every marker replaced by its URL for a page in language `lang`.
    pub(crate) fn resolve<'h>(&self, html: &'h str, lang: usize, urls: Urls<'_>) -> Cow<'h, str> {
        let needle = format!("href=\"{MARKER}");
        if !html.contains(&needle) {
            return Cow::Borrowed(html);
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(at) = rest.find(&needle) {
            out.push_str(&rest[..at + "href=\"".len()]);
            let after = &rest[at + needle.len()..];
            let end = after.find('"').unwrap_or(after.len());
            out.push_str(&self.url(&after[..end], lang, urls));
            rest = &after[end..];
        }
        out.push_str(rest);
        Cow::Owned(out)
    }

    /// The URL of a marker's target (without the scheme): `tr/smtp/550#x`, `smtp/450-vs-550`.
    fn url(&self, target: &str, lang: usize, urls: Urls<'_>) -> String {
        let (path, fragment) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
        let (lang, path) = match path.split_once('/') {
            Some((first, rest)) if self.languages.iter().skip(1).any(|l| l == first) => (self.languages.iter().position(|l| l == first).unwrap_or(lang), rest),
            _ => (lang, path),
        };
        let url = match self.page(path) {
            Some(page) => urls.url(lang, page),
            // A file of the site, published as it is.
            None => urls.asset(path),
        };
        match fragment {
            Some(fragment) => format!("{url}#{fragment}"),
            None => url,
        }
    }

    fn page(&self, path: &str) -> Option<Page> {
        if path.is_empty() {
            return Some(Page::Home);
        }
        if path == DECODE {
            return Some(Page::Decode);
        }
        if let Some(slug) = path.strip_prefix("pages/") {
            return self.pages.get(slug).map(|&i| Page::SitePage(i));
        }
        let (protocol, leaf) = path.split_once('/')?;
        let (p, codes) = self.protocols.get(protocol)?;
        if leaf.is_empty() {
            return Some(Page::Protocol(*p));
        }
        if let Some(slug) = leaf.strip_prefix(GUIDES).and_then(|rest| rest.strip_prefix('/')) {
            return self.guides.get(&(*p, slug.to_string())).map(|&g| Page::Guide(*p, g));
        }
        match crate::content::pairs::split_slug(leaf) {
            Some((a, b)) => {
                let (a, b) = (*codes.get(a)?, *codes.get(b)?);
                Some(Page::Pair(*p, a.min(b), a.max(b)))
            }
            None => Some(Page::Code(*p, *codes.get(leaf)?)),
        }
    }
}
