//! What templates see: per-language views of protocols and codes, built once as Tera values and
//! shared (Tera values are reference-counted) by every page that shows them. Views hold ids and
//! URLs of other codes, never their text, so a pair page depends only on its own two codes.

use serde::Serialize;
use tera::Value;

use crate::content::model::{Code, Protocol, Reference, Site};
use crate::site::plan::Page;
use crate::site::urls::Urls;

/// A link with its label.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    /// Visible text.
    pub label: String,
    /// Root-relative URL.
    pub url: String,
}

#[derive(Serialize)]
struct ReferenceView<'a> {
    doc: &'a str,
    section: Option<&'a str>,
    url: Option<&'a str>,
    label: String,
}

#[derive(Serialize)]
struct CodeView<'a> {
    id: &'a str,
    anchor: String,
    url: String,
    name: &'a str,
    summary: Option<&'a str>,
    description: Value,
    when_seen: Value,
    how_to_fix: Value,
    class_key: Option<&'a str>,
    class_label: Option<&'a str>,
    class_pattern: Option<&'a str>,
    category: Option<&'a str>,
    retryable: Option<bool>,
    outcome: Option<&'static str>,
    registration: Option<&'static str>,
    acts: Option<&'a str>,
    first_step: Option<&'a str>,
    equivalents: Vec<EquivalentView<'a>>,
    commands: &'a [String],
    retry: Option<&'a str>,
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
}

#[derive(Serialize)]
struct ProviderNoteView<'a> {
    provider: &'a str,
    text: Value,
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
    title: &'a str,
    url: String,
    description: Value,
    classes: Vec<ClassView<'a>>,
    references: Vec<ReferenceView<'a>>,
    code_count: usize,
    pair_count: usize,
    has_commands: bool,
}

/// Prebuilt views: `codes[p][c][lang]`, `protocols[p][lang]`.
pub(crate) struct Views {
    /// Code views.
    pub codes: Vec<Vec<Vec<Value>>>,
    /// Protocol views.
    pub protocols: Vec<Vec<Value>>,
}

/// Builds every view once.
pub(crate) fn build_views(site: &Site) -> Views {
    let urls = Urls::new(site);
    let languages = site.settings.languages.len();
    let codes = site
        .protocols
        .iter()
        .enumerate()
        .map(|(p, protocol)| {
            (0..protocol.codes.len()).map(|c| (0..languages).map(|lang| code_view(site, urls, lang, p, c)).collect()).collect()
        })
        .collect();
    let protocols = site
        .protocols
        .iter()
        .enumerate()
        .map(|(p, protocol)| (0..languages).map(|lang| protocol_view(urls, lang, p, protocol)).collect())
        .collect();
    Views { codes, protocols }
}

fn safe(html: &str) -> Value {
    Value::safe_string(html)
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

fn code_view(site: &Site, urls: Urls<'_>, lang: usize, p: usize, c: usize) -> Value {
    let protocol = &site.protocols[p];
    let code: &Code = &protocol.codes[c];
    let class = code.class.map(|c| &protocol.classes[c]);
    let code_link = |target: &crate::content::model::CodeRef| Link {
        label: format!("{} {}", site.protocols[target.protocol].name.get(lang), site.protocols[target.protocol].codes[target.code].id),
        url: urls.url(lang, Page::Code(target.protocol, target.code)),
    };
    let view = CodeView {
        id: &code.id,
        anchor: anchor_of(&code.id),
        url: urls.url(lang, Page::Code(p, c)),
        name: code.name.get(lang),
        summary: code.summary.as_ref().map(|s| s.get(lang).as_str()),
        description: safe(code.description.get(lang).as_str()),
        when_seen: safe(code.when_seen.get(lang).as_str()),
        how_to_fix: safe(code.how_to_fix.get(lang).as_str()),
        class_key: class.map(|c| c.key.as_str()),
        class_label: class.map(|c| c.label.get(lang).as_str()),
        class_pattern: code.class_pattern.as_deref(),
        category: code.category.as_ref().map(|l| l.get(lang).as_str()),
        retryable: code.outcome.and_then(|o| o.retryable()),
        outcome: code.outcome.map(|o| o.key()),
        registration: code.registration.map(|r| r.key()),
        acts: code.acts.map(|a| protocol.parties[a].label.get(lang).as_str()),
        first_step: code.first_step.as_ref().map(|f| f.get(lang).as_str()),
        equivalents: code
            .equivalents
            .iter()
            .map(|e| EquivalentView { link: code_link(&e.other), source: reference_view(&e.source, lang), note: e.note.as_ref().map(|n| safe(n.get(lang).as_str())) })
            .collect(),
        commands: &code.commands,
        retry: code.retry.as_ref().map(|r| r.get(lang).as_str()),
        references: reference_views(&code.references, lang),
        related: code
            .related
            .iter()
            .map(|&r| Link { label: protocol.codes[r].id.clone(), url: urls.url(lang, Page::Code(p, r)) })
            .collect(),
        paired_with: code
            .paired_with
            .iter()
            .map(code_link)
            .collect(),
        aliases: &code.aliases,
        provider_notes: code.provider_notes.iter().map(|n| ProviderNoteView { provider: &n.provider, text: safe(n.text.get(lang).as_str()) }).collect(),
    };
    Value::from_serializable(&view)
}

fn protocol_view(urls: Urls<'_>, lang: usize, p: usize, protocol: &Protocol) -> Value {
    let pattern_of = |key: &str| {
        protocol.codes.iter().find(|c| c.class.is_some_and(|k| protocol.classes[k].key == key)).and_then(|c| c.class_pattern.clone()).unwrap_or_else(|| key.to_string())
    };
    let view = ProtocolView {
        id: &protocol.id,
        name: protocol.name.get(lang),
        title: protocol.title.get(lang),
        url: urls.url(lang, Page::Protocol(p)),
        description: safe(protocol.description.get(lang).as_str()),
        classes: protocol.classes.iter().map(|c| ClassView { key: &c.key, label: c.label.get(lang), pattern: pattern_of(&c.key) }).collect(),
        references: reference_views(&protocol.references, lang),
        code_count: protocol.codes.len(),
        pair_count: crate::site::pairs::pair_count(protocol.codes.len()),
        has_commands: protocol.commands.is_some() || protocol.codes.iter().any(|c| !c.commands.is_empty()),
    };
    Value::from_serializable(&view)
}

/// An HTML id for a code: `code-X-1-1`. Ids never contain dots, which CSS selectors dislike.
pub(crate) fn anchor_of(id: &str) -> String {
    format!("code-{}", id.replace('.', "-"))
}
