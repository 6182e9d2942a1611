//! `references` lists: the documents and sections a statement follows, checked the same way
//! wherever they stand (a code, a protocol, an equivalent).

use crate::content::model::Reference;
use crate::content::report::{Reporter, check_languages_at, localize};
use crate::content::settings as config;
use crate::source::positions::{Step, key};
use crate::source::raw::RawReference;

/// The `references` list of a file.
pub(crate) fn validate_references(references: Vec<RawReference>, languages: &[String], report: &mut Reporter<'_>) -> Vec<Reference> {
    let mut valid = Vec::new();
    for (position, raw) in references.into_iter().enumerate() {
        let path = [key("references"), Step::Item(position)];
        if let Some(reference) = validate_reference(raw, languages, &path, report) {
            valid.push(reference);
        }
    }
    valid
}

/// Whether `url` is an https address that can stand in an attribute as it is.
pub(crate) fn is_https_address(url: &str) -> bool {
    url.starts_with("https://") && !url.contains(['"', '<', '>', ' '])
}

/// One `{ doc, section, url, translations }` item at `path`.
pub(crate) fn validate_reference(raw: RawReference, languages: &[String], path: &[Step], report: &mut Reporter<'_>) -> Option<Reference> {
    let RawReference { doc, section, url, translations } = raw;
    check_languages_at(&translations, languages, path, report);
    let url = match url {
        Some(url) if config::parse_base_url(&url).is_ok() || is_https_address(&url) => Some(url),
        Some(url) => {
            report.at(&[path, &[key("url")]].concat(), format!("`{url}` is not an http(s) address"), "write a full https:// URL, or leave `url` out for RFCs");
            return None;
        }
        None => rfc_url(&doc, section.as_deref()),
    };
    let section = section.map(|s| localize(languages, &s, |lang| translations.get(lang).and_then(|t| t.section.clone())));
    Some(Reference { doc: localize(languages, &doc, |lang| translations.get(lang).and_then(|t| t.doc.clone())), section, url })
}

/// RFCs link to the RFC Editor's HTML copy, at the section when one is given.
pub(crate) fn rfc_url(doc: &str, section: Option<&str>) -> Option<String> {
    let number = doc.strip_prefix("RFC ")?.trim();
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let anchor = section.filter(|s| s.bytes().all(|b| b.is_ascii_digit() || b == b'.')).map(|s| format!("#section-{s}")).unwrap_or_default();
    Some(format!("https://www.rfc-editor.org/rfc/rfc{number}{anchor}"))
}
