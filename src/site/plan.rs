//! The list of everything the build writes, as an indexable plan rather than a materialized list:
//! output `i` is computed from `i`, so half a million pair pages cost no memory until rendered.

use crate::content::model::Site;

/// Most URLs in one sitemap file (the sitemaps.org limit).
pub const SITEMAP_URL_LIMIT: usize = 50_000;

/// A canonical page, the same in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The home page.
    Home,
    /// The decoder of pasted messages.
    Decode,
    /// A site page (`content/pages/`).
    SitePage(usize),
    /// A protocol page.
    Protocol(usize),
    /// A code page: protocol, code.
    Code(usize, usize),
    /// A pair page: protocol, first code, second code (canonical order).
    Pair(usize, usize, usize),
    /// A guide: protocol, guide.
    Guide(usize, usize),
}

/// One file of the output. Fields: `lang` indexes the site's languages, `protocol`/`code`
/// index the model, `a < b` are the codes of a pair in canonical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Output {
    /// A canonical page in one language.
    Page { lang: usize, page: Page },
    /// `/p/b-vs-a`, pointing to the pair page `(p, a, b)`.
    ReversePair { lang: usize, protocol: usize, a: usize, b: usize },
    /// `/p/<alias>`, pointing to a code page.
    CodeAlias { lang: usize, protocol: usize, code: usize, alias: usize },
    /// The not-found page of a language.
    NotFound { lang: usize },
    /// The search index of a language.
    SearchIndex { lang: usize },
    /// One sitemap file (`sitemap.xml` when there is one, `sitemap-N.xml` otherwise).
    Sitemap { part: usize },
    /// `sitemap.xml` as an index of the parts, when there is more than one part.
    SitemapIndex,
    /// `robots.txt`.
    Robots,
    /// `_headers` for Netlify and Cloudflare Pages.
    HostHeaders,
    /// `_redirects` for Netlify and Cloudflare Pages: the reverse order of every pair.
    HostRedirects,
    /// `api/index.json`.
    ApiIndex,
    /// `api/<protocol>.json`.
    ApiProtocol(usize),
    /// `api/<protocol>/<code>.json`.
    ApiCode(usize, usize),
    /// A theme or site static file.
    Static(usize),
}

#[derive(Debug, Clone, Copy)]
enum CanonicalBlock {
    Home,
    Decode,
    SitePages,
    Protocol(usize),
    Guides(usize),
    Codes(usize),
    PairsFrom(usize, usize),
}

#[derive(Debug, Clone, Copy)]
enum OutputBlock {
    Canonical { lang: usize },
    Reverse { lang: usize, protocol: usize, a: usize },
    Aliases { lang: usize, protocol: usize },
    Single(Output),
    Sitemaps,
    ApiCodes(usize),
    Static,
}

/// Contiguous ranges of indexes, each with what its items are.
#[derive(Debug)]
struct Blocks<T> {
    starts: Vec<usize>,
    kinds: Vec<T>,
    total: usize,
}

impl<T> Default for Blocks<T> {
    fn default() -> Self {
        Blocks { starts: Vec::new(), kinds: Vec::new(), total: 0 }
    }
}

impl<T: Copy> Blocks<T> {
    fn push(&mut self, kind: T, count: usize) {
        if count > 0 {
            self.starts.push(self.total);
            self.kinds.push(kind);
            self.total += count;
        }
    }

    /// The block of index `i` and the offset of `i` inside it.
    fn find(&self, i: usize) -> (T, usize) {
        assert!(i < self.total, "index {i} is outside the plan of {}", self.total);
        let block = self.starts.partition_point(|&start| start <= i) - 1;
        (self.kinds[block], i - self.starts[block])
    }
}

/// Everything the build writes, with paths and URLs.
#[derive(Debug)]
pub struct Plan {
    canonical: Blocks<CanonicalBlock>,
    outputs: Blocks<OutputBlock>,
    /// Per protocol: (code, alias index) of every alias, in order.
    aliases: Vec<Vec<(usize, usize)>>,
    sitemap_parts: usize,
    language_count: usize,
}

impl Plan {
    /// Plans the site.
    pub fn new(site: &Site) -> Self {
        let mut canonical = Blocks::default();
        canonical.push(CanonicalBlock::Home, 1);
        canonical.push(CanonicalBlock::Decode, 1);
        canonical.push(CanonicalBlock::SitePages, site.pages.len());
        for (p, protocol) in site.protocols.iter().enumerate() {
            canonical.push(CanonicalBlock::Protocol(p), 1);
            canonical.push(CanonicalBlock::Guides(p), protocol.guides.len());
            canonical.push(CanonicalBlock::Codes(p), protocol.codes.len());
        }
        for (p, protocol) in site.protocols.iter().enumerate() {
            for a in 0..protocol.codes.len() {
                canonical.push(CanonicalBlock::PairsFrom(p, a), protocol.codes.len() - a - 1);
            }
        }
        let aliases: Vec<Vec<(usize, usize)>> = site.protocols.iter().map(|protocol| protocol.codes.iter().enumerate().flat_map(|(c, code)| (0..code.aliases.len()).map(move |k| (c, k))).collect()).collect();
        let language_count = site.settings.languages.len();
        let sitemap_parts = (canonical.total * language_count).div_ceil(SITEMAP_URL_LIMIT).max(1);
        let mut outputs = Blocks::default();
        for lang in 0..language_count {
            outputs.push(OutputBlock::Canonical { lang }, canonical.total);
            for (p, protocol) in site.protocols.iter().enumerate() {
                if site.settings.reverse_aliases {
                    for a in 0..protocol.codes.len() {
                        outputs.push(OutputBlock::Reverse { lang, protocol: p, a }, protocol.codes.len() - a - 1);
                    }
                }
                outputs.push(OutputBlock::Aliases { lang, protocol: p }, aliases[p].len());
            }
            outputs.push(OutputBlock::Single(Output::NotFound { lang }), 1);
            outputs.push(OutputBlock::Single(Output::SearchIndex { lang }), 1);
        }
        outputs.push(OutputBlock::Sitemaps, sitemap_parts);
        if sitemap_parts > 1 {
            outputs.push(OutputBlock::Single(Output::SitemapIndex), 1);
        }
        outputs.push(OutputBlock::Single(Output::Robots), 1);
        if site.settings.host_files {
            outputs.push(OutputBlock::Single(Output::HostHeaders), 1);
            // With alias pages on, every reverse URL has its own page.
            if !site.settings.reverse_aliases {
                outputs.push(OutputBlock::Single(Output::HostRedirects), 1);
            }
        }
        outputs.push(OutputBlock::Single(Output::ApiIndex), 1);
        for (p, protocol) in site.protocols.iter().enumerate() {
            outputs.push(OutputBlock::Single(Output::ApiProtocol(p)), 1);
            outputs.push(OutputBlock::ApiCodes(p), protocol.codes.len());
        }
        outputs.push(OutputBlock::Static, site.static_files.len());
        Plan { canonical, outputs, aliases, sitemap_parts, language_count }
    }

    /// How many canonical pages there are (in one language).
    pub fn canonical_len(&self) -> usize {
        self.canonical.total
    }

    /// Canonical page `i`.
    pub fn canonical(&self, i: usize) -> Page {
        match self.canonical.find(i) {
            (CanonicalBlock::Home, _) => Page::Home,
            (CanonicalBlock::Decode, _) => Page::Decode,
            (CanonicalBlock::SitePages, offset) => Page::SitePage(offset),
            (CanonicalBlock::Protocol(p), _) => Page::Protocol(p),
            (CanonicalBlock::Guides(p), offset) => Page::Guide(p, offset),
            (CanonicalBlock::Codes(p), offset) => Page::Code(p, offset),
            (CanonicalBlock::PairsFrom(p, a), offset) => Page::Pair(p, a, a + 1 + offset),
        }
    }

    /// How many files the build writes.
    pub fn len(&self) -> usize {
        self.outputs.total
    }

    /// Whether the plan is empty (it never is: there is always a home page).
    pub fn is_empty(&self) -> bool {
        self.outputs.total == 0
    }

    /// Output `i`.
    pub fn output(&self, i: usize) -> Output {
        match self.outputs.find(i) {
            (OutputBlock::Canonical { lang }, offset) => Output::Page { lang, page: self.canonical(offset) },
            (OutputBlock::Reverse { lang, protocol, a }, offset) => Output::ReversePair { lang, protocol, a, b: a + 1 + offset },
            (OutputBlock::Aliases { lang, protocol }, offset) => {
                let (code, alias) = self.aliases[protocol][offset];
                Output::CodeAlias { lang, protocol, code, alias }
            }
            (OutputBlock::Single(output), _) => output,
            (OutputBlock::Sitemaps, part) => Output::Sitemap { part },
            (OutputBlock::ApiCodes(p), offset) => Output::ApiCode(p, offset),
            (OutputBlock::Static, offset) => Output::Static(offset),
        }
    }

    /// How many sitemap files list pages.
    pub fn sitemap_parts(&self) -> usize {
        self.sitemap_parts
    }

    /// The canonical pages and languages listed by sitemap `part`: URL `u` is page `u / L` in
    /// language `u % L`.
    pub fn sitemap_range(&self, part: usize) -> std::ops::Range<usize> {
        let total = self.canonical.total * self.language_count;
        let start = part * SITEMAP_URL_LIMIT;
        start..(start + SITEMAP_URL_LIMIT).min(total)
    }
}

/// Whether an output is an HTML page.
pub fn is_html(output: Output) -> bool {
    matches!(output, Output::Page { .. } | Output::ReversePair { .. } | Output::CodeAlias { .. } | Output::NotFound { .. })
}
