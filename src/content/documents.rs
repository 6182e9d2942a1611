//! The rules of Markdown documents (site pages and guides): names that become URLs, one file per
//! language with the default language's file required, links checked where they are written.

use std::collections::BTreeMap;

use crate::content::ids::{is_protocol_id, is_reserved_device_name};
use crate::content::links::LinkIndex;
use crate::content::markdown;
use crate::content::model::{Document, Html, Localized};
use crate::content::report::fallback_bit;
use crate::error::Diagnostic;
use crate::source::documents::RawDocument;
use crate::source::positions::{key, line_and_column};

/// Which documents are checked: the site's pages or the guides of one protocol.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shelf<'a> {
    /// `content/pages/`, published at `/<slug>`: a slug may not be a name the site already uses
    /// at its root.
    Pages { taken: &'a [&'a str] },
    /// `content/<protocol>/guides/`, published at `/<protocol>/guides/<slug>`.
    Guides { protocol: &'a str },
}

/// Validates the files of one documents folder into documents, in reading order (weight, then
/// title).
pub(crate) fn validate_documents(files: Vec<RawDocument>, shelf: Shelf<'_>, languages: &[String], links: &LinkIndex, diagnostics: &mut Vec<Diagnostic>) -> Vec<Document> {
    let mut by_slug: BTreeMap<String, Vec<(usize, RawDocument)>> = BTreeMap::new();
    for file in files {
        if let Some(lang) = file_language(&file, languages, diagnostics)
            && slug_is_usable(&file, shelf, diagnostics)
        {
            by_slug.entry(file.slug.clone()).or_default().push((lang, file));
        }
    }
    let mut documents: Vec<Document> = by_slug.into_values().filter_map(|files| document(files, shelf, languages, links, diagnostics)).collect();
    // Documents with a weight come first, by weight; the others follow; titles break ties.
    documents.sort_by(|a, b| (a.weight, a.title.get(0)).cmp(&(b.weight, b.title.get(0))));
    documents
}

/// The weight of a document whose front matter sets none: after every weighted one.
const UNWEIGHTED: usize = usize::MAX;

/// The index of the language a file is written in, or a reported problem.
fn file_language(file: &RawDocument, languages: &[String], diagnostics: &mut Vec<Diagnostic>) -> Option<usize> {
    let Some(lang) = &file.lang else { return Some(0) };
    match languages.iter().position(|l| l == lang) {
        Some(0) => {
            diagnostics.push(Diagnostic::whole_file(&file.source.path, format!("`{lang}` is the site's default language, whose files have no language suffix")).hint(format!("rename the file {}.md", file.slug)));
            None
        }
        Some(index) => Some(index),
        None => {
            let hint = match &languages[1..] {
                [] => format!("the site has one language, {}; add `{lang}` to `languages` in site.yaml, or rename the file (a slug has no dots)", languages[0]),
                others => format!("the site's other languages are {}; a translation is named <slug>.<lang>.md, and a slug has no dots", others.join(", ")),
            };
            diagnostics.push(Diagnostic::whole_file(&file.source.path, format!("`{lang}` is not one of the site's languages")).hint(hint));
            None
        }
    }
}

/// Names a site page may not take: they already stand at the root of the output.
const ROOT_NAMES: &[&str] = &["404", "index", "api", "pages", "decode", "static", "search", "sitemap", "robots"];

fn slug_is_usable(file: &RawDocument, shelf: Shelf<'_>, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let slug = file.slug.as_str();
    let problem = if !is_protocol_id(slug) || is_reserved_device_name(slug) {
        Some("a page's file name is lower-case letters, digits and dashes, such as read-a-bounce.md".to_string())
    } else {
        match shelf {
            Shelf::Pages { taken } if ROOT_NAMES.contains(&slug) || taken.contains(&slug) => Some(format!("/{slug} is already a page or folder of the site; choose another file name")),
            _ => None,
        }
    };
    if let Some(hint) = &problem {
        diagnostics.push(Diagnostic::whole_file(&file.source.path, format!("`{slug}` cannot name a page")).hint(hint.clone()));
    }
    problem.is_none()
}

/// One document from its files, one per language; the default language's file is required.
fn document(mut files: Vec<(usize, RawDocument)>, shelf: Shelf<'_>, languages: &[String], links: &LinkIndex, diagnostics: &mut Vec<Diagnostic>) -> Option<Document> {
    files.sort_by_key(|(lang, _)| *lang);
    if files[0].0 != 0 {
        let (_, translation) = &files[0];
        let hint = format!("write {}.md in {}, the site's default language; a language without its file shows that one", translation.slug, languages[0]);
        diagnostics.push(Diagnostic::whole_file(&translation.source.path, "a translation of a page that does not exist").hint(hint));
        return None;
    }
    let base = match shelf {
        Shelf::Pages { .. } => None,
        Shelf::Guides { protocol } => Some(protocol),
    };
    let mut written: Vec<Option<(String, String, Html)>> = vec![None; languages.len()];
    let mut fingerprint = String::new();
    let mut weight = None;
    for (lang, file) in &files {
        if *lang == 0 {
            weight = file.front.weight;
        } else if file.front.weight.is_some() && file.front.weight != weight {
            // A page has one place in every language's lists.
            let hint = format!("remove it, or write the default language's weight ({})", weight.map_or("none".to_string(), |w| w.to_string()));
            diagnostics.push(file.source.at(&[key("weight")], "this translation's `weight` differs from the page's").hint(hint));
        }
        fingerprint.push_str(&format!("{} ", file.source.fingerprint));
        written[*lang] = Some((file.front.title.clone(), file.front.description.clone(), body_html(file, base, links, diagnostics)));
    }
    let default = written[0].clone()?;
    let mut fallback = 0u64;
    let mut titles = Vec::new();
    let mut descriptions = Vec::new();
    let mut bodies = Vec::new();
    for (lang, value) in written.into_iter().enumerate() {
        let (title, description, body) = value.unwrap_or_else(|| {
            fallback |= fallback_bit(lang);
            default.clone()
        });
        titles.push(title);
        descriptions.push(description);
        bodies.push(body);
    }
    Some(Document {
        slug: files[0].1.slug.clone(),
        title: Localized::with_fallback(titles, fallback),
        description: Localized::with_fallback(descriptions, fallback),
        body: Localized::with_fallback(bodies, fallback),
        weight: weight.unwrap_or(UNWEIGHTED),
        fingerprint: xxhash_rust::xxh3::xxh3_64(fingerprint.as_bytes()),
    })
}

/// The body as HTML; a link to nothing and a `#` heading are reported at their line and column.
fn body_html(file: &RawDocument, base: Option<&str>, links: &LinkIndex, diagnostics: &mut Vec<Diagnostic>) -> Html {
    let (html, broken, top_headings) = markdown::render_document(&file.body, |href| links.resolve(href, base));
    let at = |offset: usize, message: String| {
        let (line, column) = line_and_column(&file.body, offset);
        Diagnostic::at(&file.source.path, &file.source.text, file.body_line + line - 1, column, message)
    };
    for link in broken {
        diagnostics.push(
            at(link.offset, format!("the link `{}` leads nowhere: {}", link.href, link.why))
                .hint("write a link to a page of the site as @/protocol/code (@/smtp/550), @/pages/<slug>, @/<protocol>/guides/<slug> or @/decode"),
        );
    }
    for offset in top_headings {
        diagnostics.push(at(offset, "a `#` heading in the text of a page".to_string()).hint("the title is the page's only top heading; start the text's headings at `##`"));
    }
    html
}
