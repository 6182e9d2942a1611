//! Renders one output of the plan to bytes. Pages go through Tera with views built once;
//! machine-readable files (sitemap, search index, API) are written by `feeds`.

pub(crate) mod compare;
pub(crate) mod feeds;
pub(crate) mod views;

use serde::Serialize;
use tera::{Context, Value};

use crate::render::compare::describe_pair;
use crate::content::model::{Site, StaticOrigin};
use crate::site::plan::{Output, Page, Plan};
use crate::site::urls::{Place, Urls};
use crate::theme::Theme;
use crate::render::views::{Link, Views, build_views};

/// Largest protocol whose page shows the matrix of every pair.
const MATRIX_MAX_CODES: usize = 100;

/// The template an HTML output is rendered with.
pub(crate) fn template_of(output: Output) -> &'static str {
    match output {
        Output::Page { page: Page::Home, .. } => "index.html",
        Output::Page { page: Page::Protocol(_), .. } => "protocol.html",
        Output::Page { page: Page::Code(..), .. } => "code.html",
        Output::Page { page: Page::Pair(..), .. } => "pair.html",
        Output::ReversePair { .. } | Output::CodeAlias { .. } => "alias.html",
        Output::NotFound { .. } => "404.html",
        _ => "",
    }
}

/// A rendering failure: which template, and Tera's error.
#[derive(Debug)]
pub(crate) struct RenderError {
    /// The template being rendered.
    pub template: String,
    /// What went wrong.
    pub error: tera::Error,
}

/// Everything needed to render any output; shared read-only by all threads.
pub(crate) struct Renderer<'a> {
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) plan: &'a Plan,
    pub(crate) urls: Urls<'a>,
    views: Views,
    /// Locale strings per language, as template values.
    locales: Vec<Value>,
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate<'a> {
    hreflang: &'a str,
    href: String,
}

#[derive(Serialize)]
struct PageMeta<'a> {
    title: String,
    description: String,
    canonical: Option<String>,
    url: String,
    kind: &'static str,
    alternates: Vec<Alternate<'a>>,
    x_default: Option<String>,
    languages: Vec<LanguageLink<'a>>,
    breadcrumbs: Vec<Link>,
    json_ld: Value,
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
    protocols: Vec<Value>,
}

#[derive(Serialize)]
struct PairView {
    title: String,
    intro: Vec<String>,
    differences: Vec<String>,
    note: Option<Value>,
    others_a: Vec<Link>,
    others_b: Vec<Link>,
}

impl<'a> Renderer<'a> {
    /// Prepares views for every code and protocol.
    pub(crate) fn new(site: &'a Site, theme: &'a Theme, plan: &'a Plan) -> Self {
        let locales = theme.locales.iter().map(Value::from_serializable).collect();
        Renderer { site, theme, plan, urls: Urls::new(site), views: build_views(site), locales }
    }

    /// The bytes of output `output`.
    pub(crate) fn render(&self, output: Output) -> Result<Vec<u8>, RenderError> {
        match output {
            Output::Page { lang, page } => self.render_page(lang, page),
            Output::ReversePair { lang, protocol, a, b } => {
                self.render_alias(lang, Place::ReversePair(protocol, a, b), Page::Pair(protocol, a, b))
            }
            Output::CodeAlias { lang, protocol, code, alias } => {
                self.render_alias(lang, Place::Alias(protocol, code, alias), Page::Code(protocol, code))
            }
            Output::NotFound { lang } => self.render_not_found(lang),
            Output::Static(i) => Ok(match &self.site.static_files[i].origin {
                StaticOrigin::Embedded(bytes) => bytes.to_vec(),
                StaticOrigin::Disk(path) => std::fs::read(path).unwrap_or_default(),
            }),
            other => Ok(feeds::render(self, other)),
        }
    }

    fn t<'k>(&'k self, lang: usize, key: &'k str) -> &'k str {
        self.theme.locales[lang].get(key).map_or(key, String::as_str)
    }

    fn render_page(&self, lang: usize, page: Page) -> Result<Vec<u8>, RenderError> {
        let (template, mut context) = match page {
            Page::Home => ("index.html", self.home_context(lang)),
            Page::Protocol(p) => ("protocol.html", self.protocol_context(lang, p)),
            Page::Code(p, c) => ("code.html", self.code_context(lang, p, c)),
            Page::Pair(p, a, b) => ("pair.html", self.pair_context(lang, p, a, b)),
        };
        let (title, description) = self.title_and_description(lang, page, &context);
        context.insert("page", &self.page_meta(lang, page, title, description));
        self.render_template(template, &context)
    }

    fn render_template(&self, template: &str, context: &Context) -> Result<Vec<u8>, RenderError> {
        self.theme.tera.render(template, context).map(String::into_bytes).map_err(|error| RenderError { template: template.to_string(), error })
    }

    fn common_context(&self, lang: usize) -> Context {
        let mut context = Context::new();
        let settings = &self.site.settings;
        context.insert_value("t", self.locales[lang].clone());
        context.insert(
            "site",
            &SiteMeta {
                title: settings.title.get(lang),
                description: settings.description.get(lang),
                lang: &settings.languages[lang],
                home: self.urls.url(lang, Page::Home),
                stylesheet: self.urls.asset("style.css"),
                favicon: self.urls.asset("favicon.svg"),
                script: self.urls.asset("search.js"),
                search_index: self.urls.asset(&self.urls.output_file(self.plan, Output::SearchIndex { lang })),
                protocols: self.views.protocols.iter().map(|views| views[lang].clone()).collect(),
            },
        );
        context
    }

    fn home_context(&self, lang: usize) -> Context {
        let mut context = self.common_context(lang);
        let featured: Vec<Link> = self
            .site
            .protocols
            .iter()
            .enumerate()
            .flat_map(|(p, protocol)| protocol.notes.iter().map(move |note| (p, note.a, note.b)))
            .map(|(p, a, b)| self.pair_link(lang, p, a, b))
            .collect();
        context.insert("featured_pairs", &featured);
        context
    }

    fn protocol_context(&self, lang: usize, p: usize) -> Context {
        let mut context = self.common_context(lang);
        context.insert_value("protocol", self.views.protocols[p][lang].clone());
        let codes: Vec<Value> = self.views.codes[p].iter().map(|views| views[lang].clone()).collect();
        let protocol = &self.site.protocols[p];
        // A protocol without classes shows its codes as one group without a heading.
        let classes: Vec<Option<usize>> = if protocol.classes.is_empty() { vec![None] } else { (0..protocol.classes.len()).map(Some).collect() };
        let groups: Vec<Value> = classes
            .into_iter()
            .map(|class| {
                let members: Vec<Value> = protocol.codes.iter().zip(&codes).filter(|(code, _)| code.class == class).map(|(_, view)| view.clone()).collect();
                let mut group = tera::Map::new();
                group.insert("class".into(), class_view(&self.views.protocols[p][lang], class));
                group.insert("codes".into(), Value::from(members));
                Value::from(group)
            })
            .collect();
        context.insert_value("groups", Value::from(groups));
        context.insert_value("codes", Value::from(codes));
        // The matrix is built by the template from code ids, so it costs no memory here; above
        // MATRIX_MAX_CODES it would be a page of megabytes, and code pages list every comparison.
        let n = protocol.codes.len();
        context.insert("show_matrix", &(n <= MATRIX_MAX_CODES));
        let (prefix, suffix) = self.urls.pair_url_pattern(lang, p).split_once("{a}-vs-{b}").map(|(a, b)| (a.to_string(), b.to_string())).unwrap_or_default();
        context.insert("pair_url_prefix", &prefix);
        context.insert("pair_url_suffix", &suffix);
        context
    }

    fn code_context(&self, lang: usize, p: usize, c: usize) -> Context {
        let mut context = self.common_context(lang);
        context.insert_value("protocol", self.views.protocols[p][lang].clone());
        context.insert_value("code", self.views.codes[p][c][lang].clone());
        let n = self.site.protocols[p].codes.len();
        let comparisons: Vec<Link> = (0..n).filter(|&o| o != c).map(|o| self.pair_link(lang, p, c.min(o), c.max(o))).collect();
        context.insert("comparisons", &comparisons);
        context
    }

    fn pair_context(&self, lang: usize, p: usize, a: usize, b: usize) -> Context {
        let mut context = self.common_context(lang);
        let protocol = &self.site.protocols[p];
        context.insert_value("protocol", self.views.protocols[p][lang].clone());
        context.insert_value("a", self.views.codes[p][a][lang].clone());
        context.insert_value("b", self.views.codes[p][b][lang].clone());
        let text = describe_pair(protocol, a, b, lang, &self.theme.locales[lang]);
        let others = |this: usize, skip: usize| -> Vec<Link> {
            protocol.codes[this].related.iter().filter(|&&r| r != skip).map(|&r| self.pair_link(lang, p, this.min(r), this.max(r))).collect()
        };
        let view = PairView {
            title: text.title,
            intro: text.intro,
            differences: text.differences,
            note: protocol.note(a, b).map(|n| Value::safe_string(n.note.get(lang).as_str())),
            others_a: others(a, b),
            others_b: others(b, a),
        };
        context.insert("pair", &view);
        context
    }

    fn pair_link(&self, lang: usize, p: usize, a: usize, b: usize) -> Link {
        let protocol = &self.site.protocols[p];
        Link {
            label: format!("{} {} {}", protocol.codes[a].id, self.t(lang, "vs"), protocol.codes[b].id),
            url: self.urls.url(lang, Page::Pair(p, a, b)),
        }
    }

    fn title_and_description(&self, lang: usize, page: Page, context: &Context) -> (String, String) {
        let settings = &self.site.settings;
        match page {
            Page::Home => (settings.title.get(lang).clone(), settings.description.get(lang).clone()),
            Page::Protocol(p) => {
                let protocol = &self.site.protocols[p];
                (protocol.title.get(lang).clone(), crate::render::compare::fill(self.t(lang, "protocol_description"), &[("protocol", protocol.name.get(lang)), ("count", &protocol.codes.len().to_string())]))
            }
            Page::Code(p, c) => {
                let protocol = &self.site.protocols[p];
                let code = &protocol.codes[c];
                let title = format!("{} {} {}", protocol.name.get(lang), code.id, code.name.get(lang));
                let description = code.summary.as_ref().map_or_else(|| title.clone(), |s| s.get(lang).clone());
                (title, description)
            }
            Page::Pair(..) => {
                let pair = context.get("pair").expect("pair pages have a pair view");
                let title = pair.get_from_path("title").and_then(Value::as_str).unwrap_or_default().to_string();
                let intro = pair.get_from_path("intro").and_then(Value::as_array).map(|s| s.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" ")).unwrap_or_default();
                (title, intro)
            }
        }
    }

    fn page_meta(&self, lang: usize, page: Page, title: String, description: String) -> PageMeta<'_> {
        let settings = &self.site.settings;

        let alternates: Vec<Alternate<'_>> = settings
            .languages
            .iter()
            .enumerate()
            .map(|(l, code)| Alternate { hreflang: code, href: self.urls.absolute(l, page) })
            .collect();
        let languages = settings
            .languages
            .iter()
            .enumerate()
            .map(|(l, code)| LanguageLink { code, name: self.t(l, "language_name"), url: self.urls.url(l, page), current: l == lang })
            .collect();
        let breadcrumbs = self.breadcrumbs(lang, page);
        let canonical = self.urls.absolute(lang, page);
        let json_ld = Value::safe_string(&feeds::json_ld(self, lang, &title, &description, &canonical, &breadcrumbs, page));
        PageMeta {
            title,
            description,
            canonical: Some(canonical),
            url: self.urls.url(lang, page),
            kind: match page {
                Page::Home => "home",
                Page::Protocol(_) => "protocol",
                Page::Code(..) => "code",
                Page::Pair(..) => "pair",
            },
            alternates,
            x_default: Some(self.urls.absolute(0, page)),
            languages,
            breadcrumbs,
            json_ld,
        }
    }

    fn breadcrumbs(&self, lang: usize, page: Page) -> Vec<Link> {
        let home = Link { label: self.t(lang, "home").to_string(), url: self.urls.url(lang, Page::Home) };
        let protocol_link = |p: usize| Link { label: self.site.protocols[p].name.get(lang).clone(), url: self.urls.url(lang, Page::Protocol(p)) };
        let here = |label: String| Link { label, url: self.urls.url(lang, page) };
        match page {
            Page::Home => vec![home],
            Page::Protocol(p) => vec![home, protocol_link(p)],
            Page::Code(p, c) => vec![home, protocol_link(p), here(self.site.protocols[p].codes[c].id.clone())],
            Page::Pair(p, a, b) => vec![home, protocol_link(p), here(self.pair_link(lang, p, a, b).label)],
        }
    }

    fn render_alias(&self, lang: usize, own: Place, target: Page) -> Result<Vec<u8>, RenderError> {
        let mut context = self.common_context(lang);

        context.insert(
            "alias",
            &AliasView {
                url: self.urls.route(lang, own).url,
                target_url: self.urls.url(lang, target),
                target_absolute: self.urls.absolute(lang, target),
                target_label: match target {
                    Page::Pair(p, a, b) => self.pair_link(lang, p, a, b).label,
                    Page::Code(p, c) => format!("{} {}", self.site.protocols[p].name.get(lang), self.site.protocols[p].codes[c].id),
                    _ => String::new(),
                },
            },
        );
        self.render_template("alias.html", &context)
    }

    fn render_not_found(&self, lang: usize) -> Result<Vec<u8>, RenderError> {
        let mut context = self.common_context(lang);
        let settings = &self.site.settings;
        let languages = settings
            .languages
            .iter()
            .enumerate()
            .map(|(l, code)| LanguageLink { code, name: self.t(l, "language_name"), url: self.urls.route(l, Place::NotFound).url, current: l == lang })
            .collect();
        let meta = PageMeta {
            title: self.t(lang, "not_found_title").to_string(),
            description: self.t(lang, "not_found_text").to_string(),
            canonical: None,
            url: self.urls.route(lang, Place::NotFound).url,
            kind: "not-found",
            alternates: Vec::new(),
            x_default: None,
            languages,
            breadcrumbs: self.breadcrumbs(lang, Page::Home),
            json_ld: Value::safe_string(""),
        };
        context.insert("page", &meta);
        self.render_template("404.html", &context)
    }
}

/// The view of class number `class` inside a protocol view.
fn class_view(protocol: &Value, class: Option<usize>) -> Value {
    let Some(class) = class else { return Value::none() };
    protocol.get_from_path("classes").and_then(Value::as_array).and_then(|classes| classes.get(class)).cloned().unwrap_or_else(Value::none)
}

#[derive(Serialize)]
struct AliasView {
    url: String,
    target_url: String,
    target_absolute: String,
    target_label: String,
}
