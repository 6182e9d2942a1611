//! Reporting problems against a source file, and turning text fields into localized values
//! (Markdown rendered once per language, its links checked against the site).

use std::collections::BTreeMap;

use crate::content::links::LinkIndex;
use crate::content::markdown;
use crate::content::model::{Html, Label, Localized};
use crate::error::Diagnostic;
use crate::source::files::SourceFile;
use crate::source::positions::{Step, key};

/// Reports problems against one source file, and renders its Markdown fields with their links
/// checked against the site.
pub(crate) struct Reporter<'a> {
    pub(crate) source: &'a SourceFile,
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
    pub(crate) links: &'a LinkIndex,
    /// The protocol whose folder relative links start from; `None` for the site's root.
    pub(crate) base: Option<&'a str>,
}

impl Reporter<'_> {
    pub(crate) fn at(&mut self, path: &[Step], message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics.push(self.source.at(path, message).hint(hint));
    }

    /// Renders the Markdown field `field` of the record at `at` in every language: the default
    /// text stands at `at.field`, a translation at `at.translations.<lang>.field`. Each language
    /// is rendered once; untranslated languages share the default's HTML. A link to nothing is
    /// reported where it is written.
    pub(crate) fn markdown(&mut self, languages: &[String], at: &[Step], field: &str, default: &str, translated: impl Fn(&str) -> Option<String>) -> Localized<Html> {
        let default_html = self.render(default, &[at, &[key(field)]].concat());
        let mut fallback = 0u64;
        let values = languages
            .iter()
            .enumerate()
            .map(|(i, lang)| match if i == 0 { None } else { translated(lang) } {
                Some(text) => self.render(&text, &[at, &[key("translations"), key(lang), key(field)]].concat()),
                None => {
                    fallback |= fallback_bit(i);
                    default_html.clone()
                }
            })
            .collect();
        Localized::with_fallback(values, fallback)
    }

    fn render(&mut self, text: &str, path: &[Step]) -> Html {
        let (links, base) = (self.links, self.base);
        let (html, broken) = markdown::render_with_links(text, |href| links.resolve(href, base));
        let place = self.source.positions.place(path);
        for link in broken {
            let mark = place.mark_at(text, link.offset);
            let diagnostic = self.source.at_mark(mark, format!("the link `{}` leads nowhere: {}", link.href, link.why));
            self.diagnostics.push(diagnostic.hint("write a link to a page of the site as @/protocol/code, such as @/smtp/550 or @/smtp/450-vs-550"));
        }
        html
    }
}

/// Stands for "every language" when site.yaml could not be read and the languages are unknown.
pub(crate) const ANY_LANGUAGE: &str = "*";

/// Languages other than the default that a `translations` map may name.
pub(crate) fn unknown_languages<'a, T>(translations: &'a BTreeMap<String, T>, languages: &[String]) -> Vec<&'a str> {
    if languages.iter().any(|l| l == ANY_LANGUAGE) {
        return Vec::new();
    }
    translations.keys().filter(|l| !languages.iter().skip(1).any(|k| k == *l)).map(String::as_str).collect()
}

pub(crate) fn check_languages<T>(translations: &BTreeMap<String, T>, languages: &[String], report: &mut Reporter<'_>) {
    check_languages_at(translations, languages, &[], report);
}

/// Checks the languages of the `translations` map at `path` (a list item's own translations).
pub(crate) fn check_languages_at<T>(translations: &BTreeMap<String, T>, languages: &[String], path: &[Step], report: &mut Reporter<'_>) {
    for language in unknown_languages(translations, languages) {
        report.at(
            &[path, &[key("translations"), key(language)]].concat(),
            format!("translation for `{language}`, which is not one of the site's other languages"),
            format!("the site's languages are {}; add it to site.yaml or remove the translation", languages.join(", ")),
        );
    }
}

pub(crate) fn localize(languages: &[String], default: &str, translated: impl Fn(&str) -> Option<String>) -> Localized<String> {
    let mut fallback = 0u64;
    let values = languages
        .iter()
        .enumerate()
        .map(|(i, lang)| match if i == 0 { None } else { translated(lang) } {
            Some(text) => text,
            None => {
                fallback |= fallback_bit(i);
                default.to_string()
            }
        })
        .collect();
    Localized::with_fallback(values, fallback)
}

/// The bit of language `i` in a fallback mask; the default language never falls back.
pub(crate) fn fallback_bit(i: usize) -> u64 {
    if i == 0 || i >= 64 { 0 } else { 1 << i }
}

pub(crate) fn parse_choice<T>(text: &str, parse: fn(&str) -> Option<T>, path: &[Step], hint: &str, report: &mut Reporter<'_>) -> Option<T> {
    let choice = parse(text);
    if choice.is_none() {
        report.at(path, format!("unknown value `{text}`"), hint);
    }
    choice
}

/// The known word closest to `word`, when it is a likely typo of it.
pub(crate) fn closest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known.map(|k| (crate::source::schema::edit_distance(&word.to_ascii_lowercase(), &k.to_ascii_lowercase()), k)).filter(|(d, _)| *d <= 2).min().map(|(_, k)| k)
}

pub(crate) fn label_index(labels: &[Label], wanted: &str, field: &str, path: &[Step], report: &mut Reporter<'_>) -> Option<usize> {
    let index = labels.iter().position(|l| l.key == wanted);
    if index.is_none() {
        let known: Vec<&str> = labels.iter().map(|l| l.key.as_str()).collect();
        let hint = if known.is_empty() { format!("the protocol defines no `{field}`; add them to _protocol.yaml") } else { format!("the protocol's {field} are {}", known.join(", ")) };
        report.at(path, format!("`{wanted}` is not one of the protocol's {field}"), hint);
    }
    index
}
