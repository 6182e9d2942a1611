//! Machine-readable outputs: sitemaps, robots.txt, the search index, the JSON API and the JSON-LD
//! of each page. Written with serde_json or explicit escaping, never through templates.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use crate::content::model::{Code, Localized, Protocol, Site};
use crate::site::plan::{Output, Page};
use crate::render::Renderer;
use crate::render::views::Link;

/// Version of the JSON API's schema; bumped on any incompatible change.
pub(crate) const API_VERSION: u32 = 1;

/// Renders a non-page output.
pub(crate) fn render(renderer: &Renderer<'_>, output: Output) -> Vec<u8> {
    match output {
        Output::Sitemap { part } => sitemap(renderer, part).into_bytes(),
        Output::SitemapIndex => sitemap_index(renderer).into_bytes(),
        Output::Robots => robots(renderer).into_bytes(),
        Output::SearchIndex { lang } => to_json(&search_index(renderer, lang)),
        Output::ApiIndex => to_json(&api_index(renderer)),
        Output::ApiProtocol(p) => to_json(&api_protocol(renderer.site, renderer, p)),
        Output::ApiCode(p, c) => to_json(&api_code(renderer.site, renderer, p, c)),
        other => unreachable!("{other:?} is rendered by templates"),
    }
}

/// JSON that is also safe inside an HTML `<script>` element.
fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut text = serde_json::to_string(value).expect("views serialize");
    text = script_safe(&text);
    text.push('\n');
    text.into_bytes()
}

fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

fn xml_escape(text: &str) -> String {
    crate::content::markdown::escape(text)
}

fn sitemap(renderer: &Renderer<'_>, part: usize) -> String {
    let (plan, urls, site) = (renderer.plan, renderer.urls, renderer.site);
    let languages = &site.settings.languages;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for u in plan.sitemap_range(part) {
        let (page, lang) = (plan.canonical(u / languages.len()), u % languages.len());
        out.push_str(&format!("<url><loc>{}</loc>", xml_escape(&urls.absolute(lang, page))));
        if let Some(date) = &site.settings.build_date {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        if languages.len() > 1 {
            for (l, code) in languages.iter().enumerate() {
                out.push_str(&format!("<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>", xml_escape(&urls.absolute(l, page))));
            }
            out.push_str(&format!("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>", xml_escape(&urls.absolute(0, page))));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn sitemap_index(renderer: &Renderer<'_>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for part in 0..renderer.plan.sitemap_parts() {
        let file = renderer.urls.output_file(renderer.plan, Output::Sitemap { part });
        let url = renderer.urls.absolute_url(&renderer.urls.asset(&file));
        out.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", xml_escape(&url)));
    }
    out.push_str("</sitemapindex>\n");
    out
}

fn robots(renderer: &Renderer<'_>) -> String {
    let sitemap = renderer.urls.absolute_url(&renderer.urls.asset("sitemap.xml"));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
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
    /// Its outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    o: Option<&'static str>,
    /// Its kind of problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<&'a str>,
    /// Who acts first.
    #[serde(skip_serializing_if = "Option::is_none")]
    w: Option<&'a str>,
    /// The first step.
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<&'a str>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    o: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    w: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<&'a str>,
}

fn search_code<'a>(site: &'a Site, protocol: &'a Protocol, code: &'a Code, lang: usize) -> SearchCode<'a> {
    let label = |labels: &'a [crate::content::model::Label], index: Option<usize>| index.map(|i| labels[i].key.as_str());
    let provider_of = |name: &str| site.providers.iter().find(|p| p.id == name || p.name.get(0) == name).map(|p| p.id.as_str());
    SearchCode {
        c: &code.id,
        n: code.name.get(lang),
        s: code.summary.as_ref().map_or("", |s| s.get(lang).as_str()),
        a: &code.aliases,
        o: code.outcome.map(|o| o.key()),
        k: label(&protocol.kinds, code.kind),
        w: label(&protocol.parties, code.acts),
        f: code.first_step.as_ref().map(|f| f.get(lang).as_str()),
        g: code.registration.map(|r| r.key()),
        p: code
            .provider_notes
            .iter()
            .filter_map(|note| {
                Some(SearchProviderNote {
                    v: provider_of(&note.provider)?,
                    t: crate::content::markdown::plain_text(note.text.get(lang)),
                    o: note.outcome.map(|o| o.key()),
                    k: label(&protocol.kinds, note.kind),
                    w: label(&protocol.parties, note.acts),
                    f: note.first_step.as_ref().map(|f| f.get(lang).as_str()),
                })
            })
            .collect(),
    }
}

/// The strings the search script shows, from the locale: the search's, the decoder's and the
/// verdict's.
fn search_labels<'a>(renderer: &'a Renderer<'_>, lang: usize) -> BTreeMap<&'a str, &'a str> {
    let wanted = |key: &str| ["search_", "decode_", "verdict_", "bounce_"].iter().any(|prefix| key.starts_with(prefix)) || key == "vs";
    renderer.theme.locales[lang].iter().filter(|(key, _)| wanted(key)).map(|(key, text)| (key.as_str(), text.as_str())).collect()
}

fn search_index(renderer: &Renderer<'_>, lang: usize) -> serde_json::Value {
    let (site, urls) = (renderer.site, renderer.urls);
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
        "labels": search_labels(renderer, lang),
        "providers": providers,
        "protocols": protocols,
    })
}

/// Version of the search index's schema, read by `search.js`.
const SEARCH_INDEX_VERSION: u32 = 2;

fn per_language<T: Serialize>(site: &Site, value: &Localized<T>) -> BTreeMap<String, serde_json::Value> {
    site.settings.languages.iter().zip(&value.0).map(|(l, v)| (l.clone(), json!(v))).collect()
}

fn per_language_html(site: &Site, value: &Localized<crate::content::model::Html>) -> BTreeMap<String, String> {
    site.settings.languages.iter().zip(&value.0).map(|(l, v)| (l.clone(), v.as_str().to_string())).collect()
}

fn api_index(renderer: &Renderer<'_>) -> serde_json::Value {
    let protocols: Vec<serde_json::Value> = renderer
        .site
        .protocols
        .iter()
        .enumerate()
        .map(|(p, protocol)| {
            json!({
                "id": protocol.id,
                "name": per_language(renderer.site, &protocol.name),
                "codes": protocol.codes.len(),
                "url": renderer.urls.output_url(renderer.plan, Output::ApiProtocol(p)),
            })
        })
        .collect();
    json!({ "version": API_VERSION, "protocols": protocols })
}

fn api_protocol(site: &Site, renderer: &Renderer<'_>, p: usize) -> serde_json::Value {
    let protocol = &site.protocols[p];
    let classes: Vec<serde_json::Value> = protocol.classes.iter().map(|c| json!({ "key": c.key, "label": per_language(site, &c.label), "retryable": c.outcome.and_then(|o| o.retryable()) })).collect();
    let codes: Vec<serde_json::Value> = (0..protocol.codes.len()).map(|c| api_code(site, renderer, p, c)["code"].clone()).collect();
    json!({
        "version": API_VERSION,
        "protocol": {
            "id": protocol.id,
            "name": per_language(site, &protocol.name),
            "title": per_language(site, &protocol.title),
            "description_html": per_language_html(site, &protocol.description),
            "classes": classes,
        },
        "codes": codes,
    })
}

fn api_code(site: &Site, renderer: &Renderer<'_>, p: usize, c: usize) -> serde_json::Value {
    let protocol: &Protocol = &site.protocols[p];
    let code: &Code = &protocol.codes[c];
    let urls = renderer.urls;
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
            "description_html": per_language_html(site, &code.description),
            "when_seen_html": per_language_html(site, &code.when_seen),
            "how_to_fix_html": per_language_html(site, &code.how_to_fix),
            "commands": code.commands,
            "retry": code.retry.as_ref().map(|l| per_language(site, l)),
            "references": code.references.iter().map(|r| json!({ "doc": r.doc.get(0), "section": r.section.as_ref().map(|s| s.get(0)), "url": r.url })).collect::<Vec<_>>(),
            "related": code.related.iter().map(|&r| &protocol.codes[r].id).collect::<Vec<_>>(),
            "paired_with": code.paired_with.iter().map(|t| format!("{}/{}", site.protocols[t.protocol].id, site.protocols[t.protocol].codes[t.code].id)).collect::<Vec<_>>(),
            "aliases": code.aliases,
            "provider_notes": code.provider_notes.iter().map(|n| json!({ "provider": n.provider, "text_html": per_language_html(site, &n.text) })).collect::<Vec<_>>(),
            "pages": pages,
        },
    })
}

/// The JSON-LD of a page: a `TechArticle` (a `WebSite` for the home page) and its breadcrumbs.
pub(crate) fn json_ld(renderer: &Renderer<'_>, lang: usize, title: &str, description: &str, canonical: &str, breadcrumbs: &[Link], page: Page) -> String {
    let origin = &renderer.site.settings.base_url.origin;
    let kind = if page == Page::Home { "WebSite" } else { "TechArticle" };
    let items: Vec<serde_json::Value> = breadcrumbs
        .iter()
        .enumerate()
        .map(|(i, link)| json!({ "@type": "ListItem", "position": i + 1, "name": link.label, "item": format!("{origin}{}", link.url) }))
        .collect();
    let graph = json!({
        "@context": "https://schema.org",
        "@graph": [
            { "@type": kind, "headline": title, "name": title, "description": description, "inLanguage": renderer.site.settings.languages[lang], "url": canonical },
            { "@type": "BreadcrumbList", "itemListElement": items },
        ],
    });
    script_safe(&serde_json::to_string(&graph).expect("JSON-LD serializes"))
}
