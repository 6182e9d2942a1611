//! The URL scheme: the one place that gives every output its file in the output folder and the
//! URL it is served at, in either style, and the inverse: which file a static host serves for a
//! URL. Plan, render, check, serve, the search index (through URL patterns) and the tests all
//! call it; nothing else joins paths or knows the `-vs-` pattern.
//!
//! | output | `file` style | `directory` style |
//! |---|---|---|
//! | home | `index.html` at `/` | same |
//! | protocol | `smtp/index.html` at `/smtp/` | same |
//! | code | `smtp/550.html` at `/smtp/550` | `smtp/550/index.html` at `/smtp/550/` |
//! | pair | `smtp/354-vs-550.html` at `/smtp/354-vs-550` | `smtp/354-vs-550/index.html` at `/smtp/354-vs-550/` |
//! | guide | `smtp/guides/session.html` at `/smtp/guides/session` | `smtp/guides/session/index.html` at `/smtp/guides/session/` |
//! | site page | `about.html` at `/about` | `about/index.html` at `/about/` |
//! | decoder | `decode.html` at `/decode` | `decode/index.html` at `/decode/` |
//! | not found | `404.html` at `/404` | `404.html` at `/404.html` |
//! | other files | as they are, at `/` + file | same |
//!
//! Every language but the first lives under `/<lang>/`; the base URL's path comes first.

use crate::content::links::{DECODE, GUIDES};
use crate::content::model::{Protocol, Settings, Site, UrlStyle};
use crate::content::pairs::{slug, slug_parts};
use crate::site::plan::{Output, Page, Plan};

/// A page of one language that the scheme can place (canonical pages and the pages that point
/// to them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A canonical page.
    Page(Page),
    /// `/p/b-vs-a`: the reverse order of the pair `(p, a, b)`.
    ReversePair(usize, usize, usize),
    /// `/p/<alias>`: alias `k` of code `(p, c)`.
    Alias(usize, usize, usize),
    /// The not-found page.
    NotFound,
}

/// Where a file of the output lives and where it is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Path inside the output folder, with `/`.
    pub file: String,
    /// Root-relative URL, the base URL's path included.
    pub url: String,
}

/// A place as folders and a last segment: `tr/smtp/` + `550`, or a folder's index (`leaf` None).
/// Its pieces are borrowed from the site, so that a route is two allocations, its file and its
/// URL: a page asks for about twenty URLs.
struct Location<'s> {
    /// Up to three folders, each followed by `/` when joined; empty ones are left out.
    folders: [&'s str; 3],
    /// The last segment in up to three pieces (`354`, `-vs-`, `550`).
    leaf: Option<[&'s str; 3]>,
}

impl Location<'_> {
    /// `start`, the folders, the leaf and `end`, in one string sized once.
    fn join(&self, start: &[&str], end: &str) -> String {
        let folders = self.folders.iter().filter(|f| !f.is_empty());
        let leaf = self.leaf.iter().flatten();
        let len = start.iter().map(|s| s.len()).sum::<usize>() + folders.clone().map(|f| f.len() + 1).sum::<usize>() + leaf.clone().map(|p| p.len()).sum::<usize>() + end.len();
        let mut out = String::with_capacity(len);
        start.iter().for_each(|s| out.push_str(s));
        for folder in folders {
            out.push_str(folder);
            out.push('/');
        }
        leaf.for_each(|piece| out.push_str(piece));
        out.push_str(end);
        out
    }
}

/// The URL scheme of one site.
#[derive(Debug, Clone, Copy)]
pub struct Urls<'a> {
    site: &'a Site,
    settings: &'a Settings,
    protocols: &'a [Protocol],
}

impl<'a> Urls<'a> {
    /// The scheme of a site.
    pub fn new(site: &'a Site) -> Self {
        Urls { site, settings: &site.settings, protocols: &site.protocols }
    }

    /// The site the scheme places.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// The folder of language `lang`, without its slash: none for the first language.
    fn lang_segment(&self, lang: usize) -> &'a str {
        if lang == 0 { "" } else { &self.settings.languages[lang] }
    }

    /// The folder of language `lang` with its slash, to put before a path.
    fn lang_folder(&self, lang: usize) -> String {
        Location { folders: [self.lang_segment(lang), "", ""], leaf: None }.join(&[], "")
    }

    fn location(&self, lang: usize, place: Place) -> Location<'a> {
        let lang_folder = self.lang_segment(lang);
        let top = |leaf: &'a str| Location { folders: [lang_folder, "", ""], leaf: Some([leaf, "", ""]) };
        let in_protocol = |p: usize, leaf: [&'a str; 3]| Location { folders: [lang_folder, &self.protocols[p].id, ""], leaf: Some(leaf) };
        let code = |p: usize, c: usize| -> &'a str { &self.protocols[p].codes[c].id };
        match place {
            Place::Page(Page::Home) => Location { folders: [lang_folder, "", ""], leaf: None },
            Place::Page(Page::Decode) => top(DECODE),
            Place::Page(Page::SitePage(i)) => top(&self.site.pages[i].slug),
            Place::Page(Page::Guide(p, g)) => Location { folders: [lang_folder, &self.protocols[p].id, GUIDES], leaf: Some([&self.protocols[p].guides[g].slug, "", ""]) },
            Place::Page(Page::Protocol(p)) => Location { folders: [lang_folder, &self.protocols[p].id, ""], leaf: None },
            Place::Page(Page::Code(p, c)) => in_protocol(p, [code(p, c), "", ""]),
            Place::Page(Page::Pair(p, a, b)) => in_protocol(p, slug_parts(code(p, a), code(p, b))),
            Place::ReversePair(p, a, b) => in_protocol(p, slug_parts(code(p, b), code(p, a))),
            Place::Alias(p, c, k) => in_protocol(p, [&self.protocols[p].codes[c].aliases[k], "", ""]),
            Place::NotFound => top("404"),
        }
    }

    /// The file and URL of a page.
    pub fn route(&self, lang: usize, place: Place) -> Route {
        let location = self.location(lang, place);
        Route { file: self.file_of(&location, place), url: self.url_of(&location, place, "") }
    }

    fn file_of(&self, location: &Location<'_>, place: Place) -> String {
        let end = match location.leaf {
            None => "index.html",
            // The not-found page is a file in every style: hosts look for `404.html` by name.
            Some(_) if place == Place::NotFound => ".html",
            Some(_) if self.directory_style() => "/index.html",
            Some(_) => ".html",
        };
        location.join(&[], end)
    }

    /// The URL of a location, after `origin` (empty for a root-relative URL).
    fn url_of(&self, location: &Location<'_>, place: Place, origin: &str) -> String {
        let end = match location.leaf {
            None => "",
            // The not-found page is a file in every style, so in directory style its URL names it.
            Some(_) if place == Place::NotFound && self.directory_style() => ".html",
            Some(_) if place == Place::NotFound => "",
            Some(_) if self.directory_style() => "/",
            Some(_) => "",
        };
        location.join(&[origin, &self.settings.base_url.path], end)
    }

    fn directory_style(&self) -> bool {
        self.settings.url_style == UrlStyle::Directory
    }

    /// The root-relative URL of a canonical page.
    pub fn url(&self, lang: usize, page: Page) -> String {
        let place = Place::Page(page);
        self.url_of(&self.location(lang, place), place, "")
    }

    /// The absolute URL of a canonical page.
    pub fn absolute(&self, lang: usize, page: Page) -> String {
        let place = Place::Page(page);
        self.url_of(&self.location(lang, place), place, &self.settings.base_url.origin)
    }

    /// A root-relative URL made absolute.
    pub fn absolute_url(&self, url: &str) -> String {
        format!("{}{url}", self.settings.base_url.origin)
    }

    /// The root-relative URL of a file of the output that is served as it is (CSS, JSON, XML);
    /// a static file is named as in its folder, and its URL carries its fingerprint if it has one.
    pub fn asset(&self, file: &str) -> String {
        format!("{}{}", self.settings.base_url.path, self.site.asset_path(file))
    }

    /// The URL of any code of protocol `p` in language `lang`, with `{code}` for the code:
    /// `/smtp/{code}`. The search index carries it, so the script builds URLs the same way.
    pub fn code_url_pattern(&self, lang: usize, p: usize) -> String {
        self.pattern(lang, p, "{code}")
    }

    /// The URL of any pair of protocol `p`, with `{a}` and `{b}`: `/smtp/{a}-vs-{b}`.
    pub fn pair_url_pattern(&self, lang: usize, p: usize) -> String {
        self.pattern(lang, p, &slug("{a}", "{b}"))
    }

    fn pattern(&self, lang: usize, p: usize, leaf: &str) -> String {
        let base = &self.settings.base_url.path;
        let folders = format!("{}{}/", self.lang_folder(lang), self.protocols[p].id);
        match self.settings.url_style {
            UrlStyle::Directory => format!("{base}{folders}{leaf}/"),
            UrlStyle::File => format!("{base}{folders}{leaf}"),
        }
    }

    /// The file and URL of output `output` of `plan`.
    pub fn output_route(&self, plan: &Plan, output: Output) -> Route {
        let page = |lang: usize, place: Place| self.route(lang, place);
        match output {
            Output::Page { lang, page: p } => page(lang, Place::Page(p)),
            Output::ReversePair { lang, protocol, a, b } => page(lang, Place::ReversePair(protocol, a, b)),
            Output::CodeAlias { lang, protocol, code, alias } => page(lang, Place::Alias(protocol, code, alias)),
            Output::NotFound { lang } => page(lang, Place::NotFound),
            other => {
                let file = self.data_file(plan, other);
                Route { url: self.asset(&file), file }
            }
        }
    }

    /// The file of an output that is not a page.
    fn data_file(&self, plan: &Plan, output: Output) -> String {
        let protocols = self.protocols;
        match output {
            Output::SearchIndex { lang } => format!("{}search-index.json", self.lang_folder(lang)),
            Output::Sitemap { part } if plan.sitemap_parts() == 1 && part == 0 => "sitemap.xml".to_string(),
            Output::Sitemap { part } => format!("sitemap-{}.xml", part + 1),
            Output::SitemapIndex => "sitemap.xml".to_string(),
            Output::Robots => "robots.txt".to_string(),
            Output::HostHeaders => "_headers".to_string(),
            Output::HostRedirects => "_redirects".to_string(),
            Output::ApiIndex => "api/index.json".to_string(),
            Output::ApiProtocol(p) => format!("api/{}.json", protocols[p].id),
            Output::ApiCode(p, c) => format!("api/{}/{}.json", protocols[p].id, protocols[p].codes[c].id),
            Output::Static(i) => self.site.static_files[i].output_path.clone(),
            Output::Page { .. } | Output::ReversePair { .. } | Output::CodeAlias { .. } | Output::NotFound { .. } => {
                unreachable!("pages are placed by `route`")
            }
        }
    }

    /// The file an output is written to.
    pub fn output_file(&self, plan: &Plan, output: Output) -> String {
        self.output_route(plan, output).file
    }

    /// The URL an output is served at.
    pub fn output_url(&self, plan: &Plan, output: Output) -> String {
        self.output_route(plan, output).url
    }

    /// The files a static host of this site's style may serve for `url`, in the order it tries
    /// them; empty when the URL is outside the site. `file` style hosts serve clean URLs
    /// (`/smtp/550` from `smtp/550.html`); `directory` style hosts only add `index.html` to a
    /// folder's URL.
    pub fn served_files(&self, url: &str) -> Vec<String> {
        let Some(path) = url.split(['?', '#']).next().and_then(|u| u.strip_prefix(&self.settings.base_url.path)) else {
            return Vec::new();
        };
        if path.is_empty() || path.ends_with('/') {
            return vec![format!("{path}index.html")];
        }
        match self.settings.url_style {
            UrlStyle::File => vec![path.to_string(), format!("{path}.html")],
            UrlStyle::Directory => vec![path.to_string()],
        }
    }
}

/// The files a static host with clean URLs (GitHub Pages, Netlify, Cloudflare Pages) tries for a
/// request path below the site's root, in order: `a/` → `a/index.html`; `a/b` → `a/b`, then
/// `a/b.html`, then `a/b/index.html`. The preview server and the tests serve the same way.
pub fn clean_url_candidates(path: &str) -> Vec<String> {
    if path.is_empty() || path.ends_with('/') { vec![format!("{path}index.html")] } else { vec![path.to_string(), format!("{path}.html"), format!("{path}/index.html")] }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{BaseUrl, Localized};

    fn site(style: UrlStyle, base: &str) -> Site {
        Site { settings: settings(style, base), protocols: Vec::new(), static_files: Vec::new(), providers: Vec::new(), pages: Vec::new() }
    }

    fn settings(style: UrlStyle, base: &str) -> Settings {
        Settings {
            title: Localized::new(vec![String::new(); 2]),
            description: Localized::new(vec![String::new(); 2]),
            base_url: BaseUrl { origin: "https://x.org".into(), path: base.into() },
            languages: vec!["en".into(), "tr".into()],
            reverse_aliases: true,
            url_style: style,
            host_files: false,
            build_date: None,
            fingerprint: 0,
        }
    }

    #[test]
    fn every_url_is_served_by_its_own_file_in_both_styles() {
        for style in [UrlStyle::File, UrlStyle::Directory] {
            for base in ["/", "/repo/"] {
                let site = site(style, base);
                let urls = Urls::new(&site);
                for lang in 0..2 {
                    for place in [Place::Page(Page::Home), Place::Page(Page::Decode), Place::NotFound] {
                        let route = urls.route(lang, place);
                        assert!(urls.served_files(&route.url).contains(&route.file), "{style:?} {base} {route:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_not_found_page_is_a_file_in_both_styles() {
        let file = site(UrlStyle::File, "/");
        let directory = site(UrlStyle::Directory, "/");
        assert_eq!(Urls::new(&file).route(1, Place::NotFound), Route { file: "tr/404.html".into(), url: "/tr/404".into() });
        assert_eq!(Urls::new(&directory).route(1, Place::NotFound), Route { file: "tr/404.html".into(), url: "/tr/404.html".into() });
    }
}
