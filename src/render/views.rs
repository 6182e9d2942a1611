//! What templates see: per-language views of protocols and codes, built once as Tera values and
//! shared (Tera values are reference-counted) by every page that shows them. Views hold ids and
//! URLs of other codes, never their text, so a pair page depends only on its own two codes.
//! A text that falls back to the default language has a `*_lang` beside it, so that a page can
//! mark it with its language.

use serde::Serialize;
use tera::Value;

use crate::content::model::{Code, CodeRef, Document, Html, Localized, Protocol, Reference, Site};
use crate::render::links::LinkTable;
use crate::site::plan::Page;
use crate::site::urls::Urls;
use crate::theme::Locale;

/// A link with its label.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    /// Visible text.
    pub(crate) label: String,
    /// Root-relative URL.
    pub(crate) url: String,
}

#[derive(Serialize)]
struct ReferenceView<'a> {
    doc: &'a str,
    section: Option<&'a str>,
    url: Option<&'a str>,
    label: String,
}

/// A command as a page shows it: a literal command (`DATA`, shown as code) or plain words.
#[derive(Serialize)]
struct CommandView<'a> {
    text: &'a str,
    literal: bool,
}

#[derive(Serialize)]
struct CodeView<'a> {
    id: &'a str,
    anchor: String,
    url: String,
    name: &'a str,
    name_lang: Option<&'a str>,
    summary: Option<&'a str>,
    summary_lang: Option<&'a str>,
    description: Value,
    description_lang: Option<&'a str>,
    when_seen: Value,
    when_seen_lang: Option<&'a str>,
    how_to_fix: Value,
    how_to_fix_lang: Option<&'a str>,
    class_key: Option<&'a str>,
    class_label: Option<&'a str>,
    class_pattern: Option<&'a str>,
    category: Option<&'a str>,
    retryable: Option<bool>,
    outcome: Option<&'static str>,
    outcome_label: Option<&'a str>,
    registration: Option<&'static str>,
    registration_label: Option<&'a str>,
    acts: Option<&'a str>,
    kind: Option<&'a str>,
    first_step: Option<&'a str>,
    first_step_lang: Option<&'a str>,
    equivalents: Vec<EquivalentView<'a>>,
    commands: &'a [String],
    command_labels: Vec<CommandView<'a>>,
    retry: Option<&'a str>,
    retry_lang: Option<&'a str>,
    references: Vec<ReferenceView<'a>>,
    related: Vec<Link>,
    paired_with: Vec<Link>,
    aliases: &'a [String],
    provider_notes: Vec<ProviderNoteView<'a>>,
}

#[derive(Serialize)]
struct EquivalentView<'a> {
    link: Link,
    source: ReferenceView<'a>,
    note: Option<Value>,
    note_lang: Option<&'a str>,
}

#[derive(Serialize)]
struct ProviderNoteView<'a> {
    provider: &'a str,
    text: Value,
    text_lang: Option<&'a str>,
}

#[derive(Serialize)]
struct ClassView<'a> {
    key: &'a str,
    label: &'a str,
    pattern: String,
}

#[derive(Serialize)]
struct ProtocolView<'a> {
    id: &'a str,
    name: &'a str,
    prefix: &'a str,
    title: &'a str,
    title_lang: Option<&'a str>,
    url: String,
    description: Value,
    description_lang: Option<&'a str>,
    classes: Vec<ClassView<'a>>,
    references: Vec<ReferenceView<'a>>,
    code_count: usize,
    pair_count: usize,
    has_commands: bool,
    commands_label: &'a str,
    code_url: String,
    pair_url: String,
    /// Its guides, in reading order.
    guides: Vec<DocumentLink<'a>>,
}

/// A document in a list: what links to it say.
#[derive(Serialize)]
pub(crate) struct DocumentLink<'a> {
    title: &'a str,
    title_lang: Option<&'a str>,
    description: &'a str,
    url: String,
}

/// A document's own page.
#[derive(Serialize)]
struct DocumentView<'a> {
    slug: &'a str,
    title: &'a str,
    description: &'a str,
    body: Value,
    /// Set when the whole document shows the default language's text.
    lang: Option<&'a str>,
    url: String,
}

/// Prebuilt views: `codes[p][c][lang]`, `protocols[p][lang]`, `pages[i][lang]` (the links to
/// the site's pages).
pub(crate) struct Views {
    /// Code views.
    pub(crate) codes: Vec<Vec<Vec<Value>>>,
    /// Protocol views.
    pub(crate) protocols: Vec<Vec<Value>>,
    /// Links to the site's pages, per language.
    pub(crate) pages: Vec<Value>,
    /// Links to every protocol's guides, per language.
    pub(crate) guides: Vec<Value>,
}

/// Builds every view once.
pub(crate) fn build_views(site: &Site, locales: &[Locale], links: &LinkTable) -> Views {
    let urls = Urls::new(site);
    let ctx = ViewContext { site, urls, links };
    let languages = site.settings.languages.len();
    let codes = site.protocols.iter().enumerate().map(|(p, protocol)| (0..protocol.codes.len()).map(|c| (0..languages).map(|lang| code_view(&ctx, &locales[lang], lang, p, c)).collect()).collect()).collect();
    let protocols = site.protocols.iter().enumerate().map(|(p, protocol)| (0..languages).map(|lang| protocol_view(&ctx, &locales[lang], lang, p, protocol)).collect()).collect();
    let pages = (0..languages)
        .map(|lang| {
            let links: Vec<DocumentLink<'_>> = site.pages.iter().enumerate().map(|(i, page)| document_link(site, urls, lang, page, Page::SitePage(i))).collect();
            Value::from_serializable(&links)
        })
        .collect();
    let guides = (0..languages)
        .map(|lang| {
            let all = site.protocols.iter().enumerate().flat_map(|(p, protocol)| protocol.guides.iter().enumerate().map(move |(g, guide)| (guide, Page::Guide(p, g))));
            let links: Vec<DocumentLink<'_>> = all.map(|(guide, page)| document_link(site, urls, lang, guide, page)).collect();
            Value::from_serializable(&links)
        })
        .collect();
    Views { codes, protocols, pages, guides }
}

fn document_link<'a>(site: &'a Site, urls: Urls<'_>, lang: usize, document: &'a Document, page: Page) -> DocumentLink<'a> {
    DocumentLink { title: document.title.get(lang), title_lang: fallback_lang(site, &document.title, lang), description: document.description.get(lang), url: urls.url(lang, page) }
}

/// The view of a document's page (`Page::SitePage` or `Page::Guide`), built when the page is
/// rendered: each body is shown on one page per language.
pub(crate) fn document_view(site: &Site, links: &LinkTable, lang: usize, page: Page) -> Value {
    let urls = Urls::new(site);
    let document = match page {
        Page::SitePage(i) => &site.pages[i],
        Page::Guide(p, g) => &site.protocols[p].guides[g],
        _ => unreachable!("only pages and guides are documents"),
    };
    let view = DocumentView {
        slug: &document.slug,
        title: document.title.get(lang),
        description: document.description.get(lang),
        body: Value::safe_string(&links.resolve(document.body.get(lang).as_str(), lang, urls)),
        lang: fallback_lang(site, &document.body, lang),
        url: urls.url(lang, page),
    };
    Value::from_serializable(&view)
}

/// What every view is built with.
struct ViewContext<'a> {
    site: &'a Site,
    urls: Urls<'a>,
    links: &'a LinkTable,
}

impl ViewContext<'_> {
    /// Sanitized HTML from the content, with its links to the site made URLs of language `lang`.
    fn html(&self, html: &Html, lang: usize) -> Value {
        Value::safe_string(&self.links.resolve(html.as_str(), lang, self.urls))
    }
}

/// The language a text is shown in when it falls back to the default language, else `None`.
fn fallback_lang<'a, T>(site: &'a Site, value: &Localized<T>, lang: usize) -> Option<&'a str> {
    value.is_fallback(lang).then(|| site.settings.languages[0].as_str())
}

fn reference_views(references: &[Reference], lang: usize) -> Vec<ReferenceView<'_>> {
    references.iter().map(|r| reference_view(r, lang)).collect()
}

fn reference_view(r: &Reference, lang: usize) -> ReferenceView<'_> {
    let doc = r.doc.get(lang);
    let section = r.section.as_ref().map(|s| s.get(lang).as_str());
    ReferenceView {
        doc,
        section,
        url: r.url.as_deref(),
        label: match section {
            Some(section) => format!("{doc} §{section}"),
            None => doc.clone(),
        },
    }
}

fn code_link(site: &Site, urls: Urls<'_>, lang: usize, target: &CodeRef) -> Link {
    let protocol = &site.protocols[target.protocol];
    Link { label: format!("{} {}", protocol.prefix.get(lang), protocol.codes[target.code].id), url: urls.url(lang, Page::Code(target.protocol, target.code)) }
}

fn code_view(ctx: &ViewContext<'_>, locale: &Locale, lang: usize, p: usize, c: usize) -> Value {
    let (site, urls) = (ctx.site, ctx.urls);
    let protocol = &site.protocols[p];
    let code: &Code = &protocol.codes[c];
    let class = code.class.map(|c| &protocol.classes[c]);
    let fallback = |value: &Localized<_>| fallback_lang(site, value, lang);
    let html = |value: &Localized<Html>| ctx.html(value.get(lang), lang);
    let view = CodeView {
        id: &code.id,
        anchor: anchor_of(&code.id),
        url: urls.url(lang, Page::Code(p, c)),
        name: code.name.get(lang),
        name_lang: fallback(&code.name),
        summary: code.summary.as_ref().map(|s| s.get(lang).as_str()),
        summary_lang: code.summary.as_ref().and_then(|s| fallback_lang(site, s, lang)),
        description: html(&code.description),
        description_lang: fallback_lang(site, &code.description, lang),
        when_seen: html(&code.when_seen),
        when_seen_lang: fallback_lang(site, &code.when_seen, lang),
        how_to_fix: html(&code.how_to_fix),
        how_to_fix_lang: fallback_lang(site, &code.how_to_fix, lang),
        class_key: class.map(|c| c.key.as_str()),
        class_label: class.map(|c| c.label.get(lang).as_str()),
        class_pattern: code.class_pattern.as_deref(),
        category: code.category.as_ref().map(|l| l.get(lang).as_str()),
        retryable: code.outcome.and_then(|o| o.retryable()),
        outcome: code.outcome.map(|o| o.key()),
        outcome_label: code.outcome.map(|o| locale.text(&format!("outcome_{}", o.key()))),
        registration: code.registration.map(|r| r.key()),
        registration_label: code.registration.map(|r| locale.text(&format!("registration_{}", r.key()))),
        acts: code.acts.map(|a| protocol.parties[a].label.get(lang).as_str()),
        kind: code.kind.map(|k| protocol.kinds[k].label.get(lang).as_str()),
        first_step: code.first_step.as_ref().map(|f| f.get(lang).as_str()),
        first_step_lang: code.first_step.as_ref().and_then(|f| fallback_lang(site, f, lang)),
        equivalents: code
            .equivalents
            .iter()
            .map(|e| EquivalentView {
                link: code_link(site, urls, lang, &e.other),
                source: reference_view(&e.source, lang),
                note: e.note.as_ref().map(|n| ctx.html(n.get(lang), lang)),
                note_lang: e.note.as_ref().and_then(|n| fallback_lang(site, n, lang)),
            })
            .collect(),
        commands: &code.commands,
        command_labels: code.commands.iter().map(|id| command_view(protocol, id, lang)).collect(),
        retry: code.retry.as_ref().map(|r| r.get(lang).as_str()),
        retry_lang: code.retry.as_ref().and_then(fallback),
        references: reference_views(&code.references, lang),
        related: code.related.iter().map(|&r| Link { label: protocol.codes[r].id.clone(), url: urls.url(lang, Page::Code(p, r)) }).collect(),
        paired_with: code.paired_with.iter().map(|target| code_link(site, urls, lang, target)).collect(),
        aliases: &code.aliases,
        provider_notes: code.provider_notes.iter().map(|n| ProviderNoteView { provider: &n.provider, text: ctx.html(n.text.get(lang), lang), text_lang: fallback_lang(site, &n.text, lang) }).collect(),
    };
    Value::from_serializable(&view)
}

fn command_view<'a>(protocol: &'a Protocol, id: &'a str, lang: usize) -> CommandView<'a> {
    let text = protocol.command_text(id, lang);
    CommandView { literal: text == id, text }
}

fn protocol_view(ctx: &ViewContext<'_>, locale: &Locale, lang: usize, p: usize, protocol: &Protocol) -> Value {
    let (site, urls) = (ctx.site, ctx.urls);
    let pattern_of = |key: &str| protocol.codes.iter().find(|c| c.class.is_some_and(|k| protocol.classes[k].key == key)).and_then(|c| c.class_pattern.clone()).unwrap_or_else(|| key.to_string());
    let noun = protocol.command_noun();
    let view = ProtocolView {
        id: &protocol.id,
        name: protocol.name.get(lang),
        prefix: protocol.prefix.get(lang),
        title: protocol.title.get(lang),
        title_lang: fallback_lang(site, &protocol.title, lang),
        url: urls.url(lang, Page::Protocol(p)),
        description: ctx.html(protocol.description.get(lang), lang),
        description_lang: fallback_lang(site, &protocol.description, lang),
        classes: protocol.classes.iter().map(|c| ClassView { key: &c.key, label: c.label.get(lang), pattern: pattern_of(&c.key) }).collect(),
        references: reference_views(&protocol.references, lang),
        code_count: protocol.codes.len(),
        pair_count: crate::content::pairs::pair_count(protocol.codes.len()),
        has_commands: noun.is_some(),
        commands_label: noun.map_or("", |noun| locale.text(&format!("elicited_by_{}", noun.key()))),
        code_url: urls.code_url_pattern(lang, p),
        pair_url: urls.pair_url_pattern(lang, p),
        guides: protocol.guides.iter().enumerate().map(|(g, guide)| document_link(site, urls, lang, guide, Page::Guide(p, g))).collect(),
    };
    Value::from_serializable(&view)
}

/// An HTML id for a code: `code-X-1-1`. Ids never contain dots, which CSS selectors dislike.
pub(crate) fn anchor_of(id: &str) -> String {
    format!("code-{}", id.replace('.', "-"))
}
