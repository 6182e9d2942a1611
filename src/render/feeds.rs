//! Machine-readable outputs: sitemaps, robots.txt, the search index, the JSON API and the JSON-LD
//! of each page. Written with serde_json or explicit escaping, never through templates.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;
use tera::Value;

use crate::content::model::{Code, Localized, Protocol, Site};
use crate::render::scope::{RenderError, Scope};
use crate::render::views::Link;
use crate::site::plan::{Output, Page};
use crate::site::urls::Urls;

/// Version of the JSON API's schema; bumped on any incompatible change.
pub(crate) const API_VERSION: u32 = 1;

/// Renders a data output: the search index and the JSON API.
pub(crate) fn data(scope: &Scope<'_>, output: Output) -> Vec<u8> {
    match output {
        Output::SearchIndex { lang } => to_json(&search_index(scope, lang)),
        Output::ApiIndex => to_json(&api_index(scope)),
        Output::ApiProtocol(p) => api_protocol(scope.site, scope, p),
        Output::ApiCode(p, c) => to_json(&api_code(scope.site, scope, p, c)),
        other => unreachable!("{other:?} is rendered by a template"),
    }
}

/// JSON that is also safe inside an HTML `<script>` element.
fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut text = script_safe(&serde_json::to_string(value).expect("views serialize"));
    text.push('\n');
    text.into_bytes()
}

fn script_safe(json: &str) -> String {
    let mut safe = String::with_capacity(json.len() + json.len() / 64);
    push_script_safe(&mut safe, json);
    safe
}

/// Appends `json` with `<`, `>` and `&` escaped, in one pass that copies the runs between them.
fn push_script_safe(out: &mut String, json: &str) {
    let mut copied = 0;
    for at in memchr::memchr3_iter(b'<', b'>', b'&', json.as_bytes()) {
        out.push_str(&json[copied..at]);
        out.push_str(match json.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        copied = at + 1;
    }
    out.push_str(&json[copied..]);
}

/// One URL of a sitemap, with its alternates in every language.
#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<SitemapAlternate>,
}

#[derive(Serialize)]
struct SitemapAlternate {
    hreflang: String,
    href: String,
}

/// URLs given to `partials/sitemap-urls.xml` at a time: a template value per URL costs some
/// hundred bytes, so a part of 50,000 URLs is rendered in slices instead of as one list.
const SITEMAP_SLICE: usize = 1_000;

/// Sitemap part `part`, through the `sitemap.xml` template around the `<url>` elements that
/// `partials/sitemap-urls.xml` writes for each slice of the URLs it lists (each canonical page,
/// with the page in every language as an hreflang alternate).
pub(crate) fn sitemap(scope: &Scope<'_>, part: usize) -> Result<Vec<u8>, RenderError> {
    // The template gets a marker where the entries go, and they are written in its place:
    // given to it as a value, the 5 MB of a 50,000-URL part were copied twice more, into the
    // value and then into the output as it grew; written into a list of their own and then
    // spliced, once more (each copy a twentieth of a 1,000-code build's peak).
    let mut context = scope.common_context(0);
    context.insert_value("entries", Value::safe_string(ENTRIES_MARKER));
    let frame = scope.render_template("sitemap.xml", &context)?;
    splice(&frame, ENTRIES_MARKER.as_bytes(), |out| write_sitemap_entries(scope, part, out))
}

/// The `<url>` elements of sitemap part `part`, appended to `out` a slice at a time.
fn write_sitemap_entries(scope: &Scope<'_>, part: usize, out: &mut Vec<u8>) -> Result<(), RenderError> {
    let range = scope.plan.sitemap_range(part);
    let mut start = range.start;
    while start < range.end {
        let end = (start + SITEMAP_SLICE).min(range.end);
        let slice: Vec<SitemapUrl> = (start..end).map(|u| sitemap_url(scope, u)).collect();
        let mut context = scope.common_context(0);
        context.insert("urls", &slice);
        let before = out.len();
        scope.render_template_into("partials/sitemap-urls.xml", &context, out)?;
        if start == range.start {
            // Slices are alike: room for all of them at once, not a doubling per slice.
            out.reserve((out.len() - before) * range.len().div_ceil(SITEMAP_SLICE) * 9 / 8);
        }
        start = end;
    }
    Ok(())
}

/// Stands for the entries in the output of `sitemap.xml`: letters only, so no escaping or
/// filter that leaves text as it is can change it.
const ENTRIES_MARKER: &str = "replyvsSitemapEntries7f3a9c1e";

/// `frame` with every `marker` replaced by the entries `write_entries` appends, in one buffer:
/// they are written once, at the first marker, and copied to any other.
fn splice<E>(frame: &[u8], marker: &[u8], write_entries: impl FnOnce(&mut Vec<u8>) -> Result<(), E>) -> Result<Vec<u8>, E> {
    let mut out = Vec::with_capacity(frame.len());
    let mut write_entries = Some(write_entries);
    let mut entries = 0..0;
    let mut from = 0;
    for at in memchr::memmem::find_iter(frame, marker) {
        out.extend_from_slice(&frame[from..at]);
        match write_entries.take() {
            Some(write) => {
                let start = out.len();
                write(&mut out)?;
                entries = start..out.len();
            }
            None => out.extend_from_within(entries.clone()),
        }
        from = at + marker.len();
    }
    out.extend_from_slice(&frame[from..]);
    Ok(out)
}

/// URL `u` of the sitemaps: page `u / L` in language `u % L`.
fn sitemap_url(scope: &Scope<'_>, u: usize) -> SitemapUrl {
    let (plan, urls, site) = (scope.plan, scope.urls, scope.site);
    let languages = &site.settings.languages;
    let (page, lang) = (plan.canonical(u / languages.len()), u % languages.len());
    let mut alternates: Vec<SitemapAlternate> = Vec::new();
    if languages.len() > 1 {
        alternates.extend(languages.iter().enumerate().map(|(l, code)| SitemapAlternate { hreflang: code.clone(), href: urls.absolute(l, page) }));
        alternates.push(SitemapAlternate { hreflang: "x-default".into(), href: urls.absolute(0, page) });
    }
    SitemapUrl { loc: urls.absolute(lang, page), lastmod: site.settings.build_date.clone(), alternates }
}

/// `sitemap.xml` as an index of the parts, when there is more than one.
pub(crate) fn sitemap_index(scope: &Scope<'_>) -> Result<Vec<u8>, RenderError> {
    let parts: Vec<String> = (0..scope.plan.sitemap_parts()).map(|part| scope.urls.absolute_url(&scope.urls.output_url(scope.plan, Output::Sitemap { part }))).collect();
    let mut context = scope.common_context(0);
    context.insert("sitemaps", &parts);
    scope.render_template("sitemap-index.xml", &context)
}

/// `robots.txt`, through its template, which is given the sitemap's address.
pub(crate) fn robots(scope: &Scope<'_>) -> Result<Vec<u8>, RenderError> {
    let mut context = scope.common_context(0);
    context.insert("sitemap_url", &scope.urls.absolute_url(&scope.urls.output_url(scope.plan, Output::SitemapIndex)));
    scope.render_template("robots.txt", &context)
}

/// One code in the search index (short keys: the index is loaded by every page's search box).
#[derive(Serialize)]
struct SearchCode<'a> {
    /// The code.
    c: &'a str,
    /// Its name.
    n: &'a str,
    /// Its summary.
    s: &'a str,
    /// Its aliases.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    a: &'a [String],
    /// What the decoder's verdict says of it.
    #[serde(flatten)]
    verdict: SearchVerdict<'a>,
    /// How the registry lists it, when not as a plain assignment.
    #[serde(skip_serializing_if = "Option::is_none")]
    g: Option<&'static str>,
    /// Notes of known providers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    p: Vec<SearchProviderNote<'a>>,
}

/// A provider's note on a code, for the decoder's verdict.
#[derive(Serialize)]
struct SearchProviderNote<'a> {
    /// The provider's id.
    v: &'a str,
    /// The note as plain text.
    t: String,
    /// Where the provider's meaning differs from the code's.
    #[serde(flatten)]
    verdict: SearchVerdict<'a>,
}

/// The verdict fields of a code or of a provider's note, each left out when not set.
#[derive(Serialize)]
struct SearchVerdict<'a> {
    /// The outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    o: Option<&'static str>,
    /// The kind of problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<&'a str>,
    /// Who acts first.
    #[serde(skip_serializing_if = "Option::is_none")]
    w: Option<&'a str>,
    /// The first step.
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<&'a str>,
}

fn search_code<'a>(site: &'a Site, protocol: &'a Protocol, code: &'a Code, lang: usize) -> SearchCode<'a> {
    let label = |labels: &'a [crate::content::model::Label], index: Option<usize>| index.map(|i| labels[i].key.as_str());
    let verdict = |outcome: Option<crate::content::model::Outcome>, kind, acts, first_step: Option<&'a crate::content::model::Localized<String>>| SearchVerdict {
        o: outcome.map(|o| o.key()),
        k: label(&protocol.kinds, kind),
        w: label(&protocol.parties, acts),
        f: first_step.map(|f| f.get(lang).as_str()),
    };
    let provider_of = |name: &str| site.providers.iter().find(|p| p.id == name || p.name.get(0) == name).map(|p| p.id.as_str());
    SearchCode {
        c: &code.id,
        n: code.name.get(lang),
        s: code.summary.as_ref().map_or("", |s| s.get(lang).as_str()),
        a: &code.aliases,
        verdict: verdict(code.outcome, code.kind, code.acts, code.first_step.as_ref()),
        g: code.registration.map(|r| r.key()),
        p: code
            .provider_notes
            .iter()
            .filter_map(|note| {
                Some(SearchProviderNote { v: provider_of(&note.provider)?, t: crate::content::markdown::plain_text(note.text.get(lang)), verdict: verdict(note.outcome, note.kind, note.acts, note.first_step.as_ref()) })
            })
            .collect(),
    }
}

/// The strings the search script shows, from the locale: the search's, the decoder's and the
/// verdict's.
fn search_labels<'a>(scope: &'a Scope<'_>, lang: usize) -> BTreeMap<&'a str, &'a str> {
    let wanted = |key: &str| crate::theme::locale::SCRIPT_PREFIXES.iter().any(|prefix| key.starts_with(prefix)) || key == "vs";
    scope.locale(lang).plain().iter().filter(|(key, _)| wanted(key)).map(|(key, text)| (key.as_str(), text.as_str())).collect()
}

fn search_index(scope: &Scope<'_>, lang: usize) -> serde_json::Value {
    let (site, urls) = (scope.site, scope.urls);
    let labels = |items: &[crate::content::model::Label]| -> BTreeMap<String, String> { items.iter().map(|l| (l.key.clone(), l.label.get(lang).clone())).collect() };
    let protocols: Vec<serde_json::Value> = site
        .protocols
        .iter()
        .enumerate()
        .map(|(p, protocol)| {
            let codes: Vec<SearchCode<'_>> = protocol.codes.iter().map(|code| search_code(site, protocol, code, lang)).collect();
            json!({
                "id": protocol.id,
                "name": protocol.name.get(lang),
                "prefix": protocol.prefix.get(lang),
                "url": urls.url(lang, Page::Protocol(p)),
                "code_url": urls.code_url_pattern(lang, p),
                "pair_url": urls.pair_url_pattern(lang, p),
                "hints": protocol.search_hints,
                "examples": protocol.search_examples,
                "kinds": labels(&protocol.kinds),
                "parties": labels(&protocol.parties),
                "codes": codes,
            })
        })
        .collect();
    let providers: Vec<serde_json::Value> = site.providers.iter().map(|p| json!({ "id": p.id, "name": p.name.get(lang), "hints": p.hints })).collect();
    json!({
        "version": SEARCH_INDEX_VERSION,
        "lang": site.settings.languages[lang],
        "labels": search_labels(scope, lang),
        "providers": providers,
        "protocols": protocols,
        "decode_url": urls.url(lang, Page::Decode),
        "pages": document_entries(site, urls, lang),
    })
}

/// The site's pages and guides as the search finds them: title, URL and description.
fn document_entries(site: &Site, urls: Urls<'_>, lang: usize) -> Vec<serde_json::Value> {
    let pages = site.pages.iter().enumerate().map(|(i, page)| (page, Page::SitePage(i)));
    let guides = site.protocols.iter().enumerate().flat_map(|(p, protocol)| protocol.guides.iter().enumerate().map(move |(g, guide)| (guide, Page::Guide(p, g))));
    pages.chain(guides).map(|(document, page)| json!({ "t": document.title.get(lang), "u": urls.url(lang, page), "s": document.description.get(lang) })).collect()
}

/// Version of the search index's schema, read by `search.js`.
const SEARCH_INDEX_VERSION: u32 = 2;

fn per_language<T: Serialize>(site: &Site, value: &Localized<T>) -> BTreeMap<String, serde_json::Value> {
    site.settings.languages.iter().zip(value.values()).map(|(l, v)| (l.clone(), json!(v))).collect()
}

/// HTML in every language, its links to the site made absolute URLs of that language (the API
/// is read from anywhere).
fn per_language_html(scope: &Scope<'_>, value: &Localized<crate::content::model::Html>) -> BTreeMap<String, String> {
    let origin = &scope.site.settings.base_url.origin;
    let languages = scope.site.settings.languages.iter().zip(value.values()).enumerate();
    languages.map(|(lang, (l, v))| (l.clone(), scope.links.resolve(v.as_str(), lang, scope.urls).replace("href=\"/", &format!("href=\"{origin}/")))).collect()
}

fn api_index(scope: &Scope<'_>) -> serde_json::Value {
    let protocols: Vec<serde_json::Value> = scope
        .site
        .protocols
        .iter()
        .enumerate()
        .map(|(p, protocol)| {
            json!({
                "id": protocol.id,
                "name": per_language(scope.site, &protocol.name),
                "codes": protocol.codes.len(),
                "url": scope.urls.output_url(scope.plan, Output::ApiProtocol(p)),
            })
        })
        .collect();
    json!({ "version": API_VERSION, "protocols": protocols })
}

/// The file of a whole protocol: `{"codes":[…],"protocol":{…},"version":1}`, keys in the order
/// serde_json writes them. Written code by code, as `to_json` would write the whole value: at
/// 1,000 codes the value of every code at once was 13 MB at a cold build's peak, the text 1.7 MB.
fn api_protocol(site: &Site, scope: &Scope<'_>, p: usize) -> Vec<u8> {
    let protocol = &site.protocols[p];
    let classes: Vec<serde_json::Value> = protocol.classes.iter().map(|c| json!({ "key": c.key, "label": per_language(site, &c.label), "retryable": c.outcome.and_then(|o| o.retryable()) })).collect();
    let about = json!({
        "id": protocol.id,
        "name": per_language(site, &protocol.name),
        "title": per_language(site, &protocol.title),
        "description_html": per_language_html(scope, &protocol.description),
        "classes": classes,
    });
    let mut text = String::from("{\"codes\":[");
    for c in 0..protocol.codes.len() {
        if c > 0 {
            text.push(',');
        }
        push_script_safe(&mut text, &serde_json::to_string(&api_code(site, scope, p, c)["code"]).expect("views serialize"));
    }
    text.push_str("],\"protocol\":");
    push_script_safe(&mut text, &serde_json::to_string(&about).expect("views serialize"));
    text.push_str(&format!(",\"version\":{API_VERSION}}}\n"));
    text.into_bytes()
}

fn api_code(site: &Site, scope: &Scope<'_>, p: usize, c: usize) -> serde_json::Value {
    let protocol: &Protocol = &site.protocols[p];
    let code: &Code = &protocol.codes[c];
    let urls = scope.urls;
    let pages: BTreeMap<&String, String> = site.settings.languages.iter().enumerate().map(|(l, code)| (code, urls.absolute(l, Page::Code(p, c)))).collect();
    json!({
        "version": API_VERSION,
        "protocol": protocol.id,
        "code": {
            "code": code.id,
            "class": code.class.map(|c| &protocol.classes[c].key),
            "class_pattern": code.class_pattern,
            "category": code.category.as_ref().map(|l| per_language(site, l)),
            "name": per_language(site, &code.name),
            "summary": code.summary.as_ref().map(|l| per_language(site, l)),
            "description_html": per_language_html(scope, &code.description),
            "when_seen_html": per_language_html(scope, &code.when_seen),
            "how_to_fix_html": per_language_html(scope, &code.how_to_fix),
            "commands": code.commands,
            "retry": code.retry.as_ref().map(|l| per_language(site, l)),
            "references": code.references.iter().map(|r| json!({ "doc": r.doc.get(0), "section": r.section.as_ref().map(|s| s.get(0)), "url": r.url })).collect::<Vec<_>>(),
            "related": code.related.iter().map(|&r| &protocol.codes[r].id).collect::<Vec<_>>(),
            "paired_with": code.paired_with.iter().map(|t| format!("{}/{}", site.protocols[t.protocol].id, site.protocols[t.protocol].codes[t.code].id)).collect::<Vec<_>>(),
            "aliases": code.aliases,
            "provider_notes": code.provider_notes.iter().map(|n| json!({ "provider": n.provider, "text_html": per_language_html(scope, &n.text) })).collect::<Vec<_>>(),
            "pages": pages,
        },
    })
}

/// The JSON-LD of a page: a `TechArticle` (a `WebSite` for the home page) and its breadcrumbs.
pub(crate) fn json_ld(scope: &Scope<'_>, lang: usize, title: &str, description: &str, canonical: &str, breadcrumbs: &[Link], page: Page) -> String {
    let kind = match page {
        Page::Home => "WebSite",
        Page::Decode | Page::SitePage(_) => "WebPage",
        _ => "TechArticle",
    };
    let items = breadcrumbs.iter().enumerate().map(|(i, link)| ListItem { kind: "ListItem", item: scope.urls.absolute_url(&link.url), name: &link.label, position: i + 1 }).collect();
    let graph = JsonLd {
        context: "https://schema.org",
        graph: (Article { kind, description, headline: title, in_language: &scope.site.settings.languages[lang], name: title, url: canonical }, BreadcrumbList { kind: "BreadcrumbList", items }),
    };
    script_safe(&serde_json::to_string(&graph).expect("JSON-LD serializes"))
}

// The JSON-LD's objects, their fields in the byte order of their keys: the order the page has
// always had (it was a `serde_json::Value`, whose maps sort their keys), so no page changes.
#[derive(Serialize)]
struct JsonLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: (Article<'a>, BreadcrumbList<'a>),
}

#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'a str,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct BreadcrumbList<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_puts_the_entries_at_every_marker_and_nowhere_else() {
        let entries = |bytes: &'static [u8]| {
            move |out: &mut Vec<u8>| -> Result<(), ()> {
                out.extend_from_slice(bytes);
                Ok(())
            }
        };
        assert_eq!(splice(b"<a>M</a>", b"M", entries(b"xyz")).unwrap(), b"<a>xyz</a>");
        assert_eq!(splice(b"M-M", b"M", entries(b"12")).unwrap(), b"12-12");
        assert_eq!(splice(b"<a></a>", b"M", entries(b"xyz")).unwrap(), b"<a></a>");
        assert_eq!(splice(b"", b"M", entries(b"xyz")).unwrap(), b"");
        assert_eq!(splice(b"<a>M</a>", b"M", |_| Err("no entries")), Err("no entries"));
    }
}
