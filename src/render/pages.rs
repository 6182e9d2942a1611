//! The pages: each template's context, and what every page carries (title, description,
//! canonical and alternate links, language switcher, breadcrumbs, JSON-LD).

use serde::Serialize;
use tera::{Context, Value};

use crate::render::compare::describe_pair;
use crate::render::diagram::{Marks, session_view};
use crate::render::feeds;
use crate::render::scope::{RenderError, Scope};
use crate::render::views::{self, Link};
use crate::site::plan::{Output, Page};
use crate::site::urls::Place;

/// Largest protocol whose page shows the matrix of every pair.
const MATRIX_MAX_CODES: usize = 100;

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
pub(crate) struct PageMeta<'a> {
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
struct PairView {
    title: String,
    intro: Vec<String>,
    differences: Vec<String>,
    note: Option<Value>,
    others_a: Vec<Link>,
    others_b: Vec<Link>,
    /// Both lists, for a single list of links.
    others: Vec<Link>,
}

impl Scope<'_> {
    pub(crate) fn render_page(&self, lang: usize, page: Page) -> Result<Vec<u8>, RenderError> {
        let mut context = match page {
            Page::Home => self.home_context(lang),
            Page::Protocol(p) => self.protocol_context(lang, p),
            Page::Code(p, c) => self.code_context(lang, p, c),
            Page::Pair(p, a, b) => self.pair_context(lang, p, a, b)?,
            Page::SitePage(_) | Page::Guide(..) => self.document_context(lang, page),
            Page::Decode => self.common_context(lang),
        };
        let template = super::template_of(Output::Page { lang, page });
        let (title, description) = self.title_and_description(lang, page, &context);
        context.insert("page", &self.page_meta(lang, page, title, description));
        self.render_template(template, &context)
    }

    fn home_context(&self, lang: usize) -> Context {
        let mut context = self.common_context(lang);
        let featured: Vec<Link> = self.site.protocols.iter().enumerate().flat_map(|(p, protocol)| protocol.notes.iter().map(move |note| (p, note.a, note.b))).map(|(p, a, b)| self.pair_link(lang, p, a, b)).collect();
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
        context.insert_value("session", self.session(lang, p, Marks::None));
        context
    }

    fn code_context(&self, lang: usize, p: usize, c: usize) -> Context {
        let mut context = self.common_context(lang);
        context.insert_value("protocol", self.views.protocols[p][lang].clone());
        context.insert_value("code", self.views.codes[p][c][lang].clone());
        let n = self.site.protocols[p].codes.len();
        let comparisons: Vec<Link> = (0..n).filter(|&o| o != c).map(|o| self.pair_link(lang, p, c.min(o), c.max(o))).collect();
        context.insert("comparisons", &comparisons);
        context.insert_value("session", self.session(lang, p, Marks::One(c)));
        context
    }

    fn pair_context(&self, lang: usize, p: usize, a: usize, b: usize) -> Result<Context, RenderError> {
        let mut context = self.common_context(lang);
        let protocol = &self.site.protocols[p];
        context.insert_value("protocol", self.views.protocols[p][lang].clone());
        context.insert_value("a", self.views.codes[p][a][lang].clone());
        context.insert_value("b", self.views.codes[p][b][lang].clone());
        context.insert_value("cards", Value::from(vec![self.code_card(lang, p, a)?, self.code_card(lang, p, b)?]));
        let text = describe_pair(protocol, a, b, lang, self.locale(lang));
        let others = |this: usize, skip: usize| -> Vec<Link> { protocol.codes[this].related.iter().filter(|&&r| r != skip).map(|&r| self.pair_link(lang, p, this.min(r), this.max(r))).collect() };
        let (others_a, others_b) = (others(a, b), others(b, a));
        let view = PairView {
            title: text.title,
            intro: text.intro,
            differences: text.differences,
            note: protocol.note(a, b).map(|n| Value::safe_string(&self.links.resolve(n.note.get(lang).as_str(), lang, self.urls))),
            others: others_a.iter().chain(&others_b).cloned().collect(),
            others_a,
            others_b,
        };
        context.insert("pair", &view);
        context.insert_value("session", self.session(lang, p, Marks::Two(a, b)));
        Ok(context)
    }

    fn document_context(&self, lang: usize, page: Page) -> Context {
        let mut context = self.common_context(lang);
        if let Page::Guide(p, _) = page {
            context.insert_value("protocol", self.views.protocols[p][lang].clone());
        }
        context.insert_value("document", views::document_view(self.site, &self.links, lang, page));
        context
    }

    /// The session diagram of protocol `p` marking `marks`, or none.
    fn session(&self, lang: usize, p: usize, marks: Marks) -> Value {
        session_view(&self.site.protocols[p], p, lang, self.locale(lang), self.urls, marks).unwrap_or_else(Value::none)
    }

    fn title_and_description(&self, lang: usize, page: Page, context: &Context) -> (String, String) {
        let settings = &self.site.settings;
        match page {
            Page::Home => (settings.title.get(lang).clone(), settings.description.get(lang).clone()),
            Page::Protocol(p) => {
                let protocol = &self.site.protocols[p];
                let count = protocol.codes.len().to_string();
                (protocol.title.get(lang).clone(), self.locale(lang).say("protocol_description", &[("protocol", protocol.name.get(lang)), ("count", &count)]))
            }
            Page::Code(p, c) => {
                let protocol = &self.site.protocols[p];
                let code = &protocol.codes[c];
                let title = self.locale(lang).say("code_title", &[("protocol", protocol.prefix.get(lang)), ("code", &code.id), ("name", code.name.get(lang))]);
                let description = code.summary.as_ref().map_or_else(|| title.clone(), |s| s.get(lang).clone());
                (title, description)
            }
            Page::Pair(..) => {
                let pair = context.get("pair").expect("pair pages have a pair view");
                let title = pair.get_from_path("title").and_then(Value::as_str).unwrap_or_default().to_string();
                let intro = pair.get_from_path("intro").and_then(Value::as_array).map(|s| s.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" ")).unwrap_or_default();
                (title, intro)
            }
            Page::SitePage(_) | Page::Guide(..) => {
                let document = self.document(page);
                (document.title.get(lang).clone(), document.description.get(lang).clone())
            }
            Page::Decode => (self.t(lang, "decoder_title").to_string(), self.t(lang, "decoder_description").to_string()),
        }
    }

    /// The document a page shows.
    fn document(&self, page: Page) -> &crate::content::model::Document {
        match page {
            Page::Guide(p, g) => &self.site.protocols[p].guides[g],
            Page::SitePage(i) => &self.site.pages[i],
            _ => unreachable!("only pages and guides are documents"),
        }
    }

    fn page_meta(&self, lang: usize, page: Page, title: String, description: String) -> PageMeta<'_> {
        let settings = &self.site.settings;

        let alternates: Vec<Alternate<'_>> = settings.languages.iter().enumerate().map(|(l, code)| Alternate { hreflang: code, href: self.urls.absolute(l, page) }).collect();
        let languages = settings.languages.iter().enumerate().map(|(l, code)| LanguageLink { code, name: self.t(l, "language_name"), url: self.urls.url(l, page), current: l == lang }).collect();
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
                Page::Guide(..) => "guide",
                Page::SitePage(_) => "page",
                Page::Decode => "decode",
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
            Page::Guide(p, _) => vec![home, protocol_link(p), here(self.document(page).title.get(lang).clone())],
            Page::SitePage(_) => vec![home, here(self.document(page).title.get(lang).clone())],
            Page::Decode => vec![home, here(self.t(lang, "decoder_title").to_string())],
        }
    }

    pub(crate) fn render_alias(&self, lang: usize, own: Place, target: Page) -> Result<Vec<u8>, RenderError> {
        let mut context = self.common_context(lang);

        context.insert(
            "alias",
            &AliasView {
                url: self.urls.route(lang, own).url,
                target_url: self.urls.url(lang, target),
                target_absolute: self.urls.absolute(lang, target),
                target_label: match target {
                    Page::Pair(p, a, b) => self.pair_link(lang, p, a, b).label,
                    Page::Code(p, c) => format!("{} {}", self.site.protocols[p].prefix.get(lang), self.site.protocols[p].codes[c].id),
                    _ => String::new(),
                },
            },
        );
        self.render_template("alias.html", &context)
    }

    pub(crate) fn render_not_found(&self, lang: usize) -> Result<Vec<u8>, RenderError> {
        let mut context = self.common_context(lang);
        let settings = &self.site.settings;
        let languages = settings.languages.iter().enumerate().map(|(l, code)| LanguageLink { code, name: self.t(l, "language_name"), url: self.urls.route(l, Place::NotFound).url, current: l == lang }).collect();
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
