//! What every output of a build is rendered from, shared read-only by all threads: the site, the
//! theme, the plan, the URL scheme and the views built once.

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};

use crate::content::model::Site;
use crate::render::links::LinkTable;
use crate::render::views::{Link, Views, build_views};
use crate::site::plan::{Output, Page, Plan};
use crate::site::urls::Urls;
use crate::theme::{Locale, Theme};

/// Bytes a page's buffer starts with: a pair page is 9 to 15 KB.
const PAGE_CAPACITY: usize = 16 * 1024;

/// The card of one code, which every pair page of the code shows as it is.
const CODE_CARD: &str = "partials/code-card.html";

/// A rendering failure: which template, and Tera's error.
#[derive(Debug)]
pub(crate) struct RenderError {
    /// The template being rendered.
    pub(crate) template: String,
    /// What went wrong.
    pub(crate) error: tera::Error,
}

/// Everything needed to render any output.
pub(crate) struct Scope<'a> {
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) plan: &'a Plan,
    pub(crate) urls: Urls<'a>,
    pub(crate) views: Views,
    /// Where links from Markdown to the site lead.
    pub(crate) links: LinkTable,
    /// Locale strings per language, as the templates' `t`.
    labels: Vec<Value>,
    /// The templates' `site` per language: the same on every page, so made once.
    site_views: Vec<Value>,
    /// Each code's card per language, rendered by the first pair page that shows it: a code is
    /// on hundreds of pair pages, and its card was about a tenth of the instructions of each.
    cards: Vec<Vec<Vec<OnceLock<Value>>>>,
}

#[derive(Serialize)]
struct SiteMeta<'a> {
    title: &'a str,
    description: &'a str,
    lang: &'a str,
    home: String,
    stylesheet: String,
    favicon: String,
    script: String,
    search_index: String,
    search_placeholder: String,
    /// The decoder page.
    decode: String,
    protocols: Vec<Value>,
    /// The site's pages (`content/pages/`), in reading order.
    pages: Value,
    /// Every protocol's guides, protocol by protocol.
    guides: Value,
    /// The URL of every fingerprinted static file by its name: `site.assets["custom.css"]`.
    assets: Value,
}

impl<'a> Scope<'a> {
    /// Builds the views of every code and protocol once.
    pub(crate) fn new(site: &'a Site, theme: &'a Theme, plan: &'a Plan) -> Self {
        let labels = theme.locales.iter().map(|l| Value::from_serializable(l.plain())).collect();
        let links = LinkTable::new(site);
        let urls = Urls::new(site);
        let views = build_views(site, &theme.locales, &links);
        let cards = views.codes.iter().map(|codes| codes.iter().map(|languages| languages.iter().map(|_| OnceLock::new()).collect()).collect()).collect();
        let mut scope = Scope { site, theme, plan, urls, views, links, labels, site_views: Vec::new(), cards };
        scope.site_views = (0..site.settings.languages.len()).map(|lang| scope.site_view(lang)).collect();
        scope
    }

    pub(crate) fn locale(&self, lang: usize) -> &Locale {
        &self.theme.locales[lang]
    }

    /// A label of the locale.
    pub(crate) fn t(&self, lang: usize, key: &str) -> &str {
        self.locale(lang).text(key)
    }

    /// What every template sees: `t`, `site` and `lang` (for `say()`).
    pub(crate) fn common_context(&self, lang: usize) -> Context {
        let mut context = Context::new();
        context.insert_value("t", self.labels[lang].clone());
        context.insert("lang", &self.site.settings.languages[lang]);
        context.insert_value("site", self.site_views[lang].clone());
        context
    }

    fn site_view(&self, lang: usize) -> Value {
        let settings = &self.site.settings;
        let assets: std::collections::BTreeMap<&str, String> = self.site.static_files.iter().filter(|f| f.name != f.output_path).map(|f| (f.name.as_str(), self.urls.asset(&f.name))).collect();
        Value::from_serializable(&SiteMeta {
            title: settings.title.get(lang),
            description: settings.description.get(lang),
            lang: &settings.languages[lang],
            home: self.urls.url(lang, Page::Home),
            stylesheet: self.urls.asset("style.css"),
            favicon: self.urls.asset("favicon.svg"),
            script: self.urls.asset("search.js"),
            search_index: self.urls.output_url(self.plan, Output::SearchIndex { lang }),
            search_placeholder: self.search_placeholder(lang),
            decode: self.urls.url(lang, Page::Decode),
            protocols: self.views.protocols.iter().map(|views| views[lang].clone()).collect(),
            pages: self.views.pages[lang].clone(),
            guides: self.views.guides[lang].clone(),
            assets: Value::from_serializable(&assets),
        })
    }

    /// The search box's placeholder: one example of each protocol (its first `search.examples`
    /// entry, else its first code), at most four, in the locale's sentence.
    fn search_placeholder(&self, lang: usize) -> String {
        const SHOWN: usize = 4;
        let examples: Vec<&str> = self.site.protocols.iter().filter_map(|p| p.search_examples.first().or_else(|| p.codes.first().map(|c| &c.id))).map(String::as_str).take(SHOWN).collect();
        self.locale(lang).say("search_placeholder", &[("examples", &examples.join(", "))])
    }

    pub(crate) fn render_template(&self, template: &str, context: &Context) -> Result<Vec<u8>, RenderError> {
        // Into bytes of our own: `Tera::render` starts from the template's size (a page grows
        // its buffer three or four times) and checks that its output is UTF-8, which the page
        // scan checks again.
        let mut page = Vec::with_capacity(PAGE_CAPACITY);
        self.render_template_into(template, context, &mut page)?;
        Ok(page)
    }

    /// Renders `template`, appending to `out`.
    pub(crate) fn render_template_into(&self, template: &str, context: &Context, out: &mut Vec<u8>) -> Result<(), RenderError> {
        self.theme.tera.render_to(template, context, out).map_err(|error| RenderError { template: template.to_string(), error })
    }

    /// The card of code `c` of protocol `p`: `partials/code-card.html` with `protocol` and `code`.
    /// A failure is not kept, so that every page that shows the card reports it.
    pub(crate) fn code_card(&self, lang: usize, p: usize, c: usize) -> Result<Value, RenderError> {
        let cell = &self.cards[p][c][lang];
        if let Some(card) = cell.get() {
            return Ok(card.clone());
        }
        let mut context = self.common_context(lang);
        context.insert_value("protocol", self.views.protocols[p][lang].clone());
        context.insert_value("code", self.views.codes[p][c][lang].clone());
        let html = self.render_template(CODE_CARD, &context)?;
        // Tera writes UTF-8 from UTF-8 templates and values.
        let card = Value::safe_string(&String::from_utf8_lossy(&html));
        Ok(cell.get_or_init(|| card).clone())
    }

    /// A link to the pair `(a, b)` of protocol `p`, labelled `354 vs 550`.
    pub(crate) fn pair_link(&self, lang: usize, p: usize, a: usize, b: usize) -> Link {
        let codes = &self.site.protocols[p].codes;
        Link { label: self.locale(lang).say("pair_label", &[("a", &codes[a].id), ("b", &codes[b].id)]), url: self.urls.url(lang, Page::Pair(p, a, b)) }
    }
}
