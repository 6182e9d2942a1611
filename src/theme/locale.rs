//! The theme's words. A language's locale is the built-in file merged key by key with the
//! theme's and the site's files of the same name, so a site overrides one key without copying the
//! rest. It is typed: every key that Rust or the templates use must be there, unknown keys are
//! reported with a suggestion, and a sentence may only use the `{placeholders}` it is given.
//! Sentences are parsed once into pieces and filled in one pass, so the values put into a
//! sentence (code names, which are data) are never scanned for placeholders themselves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::error::Diagnostic;
use crate::source::files::SourceFile;
use crate::source::positions::{Positions, Step, key};
use crate::source::schema::edit_distance;
use crate::source::yaml::{self, Value};
use crate::theme::layers::ThemeFile;

/// A key Rust reads, and for a sentence the placeholders Rust gives it.
pub(crate) struct KeySpec {
    pub(crate) name: &'static str,
    pub(crate) placeholders: &'static [&'static str],
    /// How many of the placeholders are lists whose length picks the sentence's form (`one` or
    /// `other`): 0 for a sentence with one form.
    pub(crate) counts: usize,
}

const fn text(name: &'static str) -> KeySpec {
    KeySpec { name, placeholders: &[], counts: 0 }
}

const fn sentence(name: &'static str, placeholders: &'static [&'static str]) -> KeySpec {
    KeySpec { name, placeholders, counts: 0 }
}

const fn counted(name: &'static str, placeholders: &'static [&'static str], counts: usize) -> KeySpec {
    KeySpec { name, placeholders, counts }
}

const PAIR: &[&str] = &["a", "b"];

/// Every key the Rust code reads. The keys templates read are found in the templates.
pub(crate) const RUST_KEYS: &[KeySpec] = &[
    text("language_name"),
    text("og_locale"),
    text("home"),
    text("and"),
    text("vs"),
    text("not_found_title"),
    text("not_found_text"),
    text("decoder_title"),
    text("decoder_description"),
    sentence("pair_title", &["protocol", "a", "a_name", "b", "b_name"]),
    sentence("pair_label", &["a", "b"]),
    sentence("code_title", &["protocol", "code", "name"]),
    sentence("search_placeholder", &["examples"]),
    sentence("protocol_description", &["protocol", "count"]),
    sentence("intro_classes", &["a", "b", "a_class_pattern", "a_class", "b_class_pattern", "b_class"]),
    sentence("intro_same_class", &["a", "b", "class_pattern", "class"]),
    sentence("intro_ranges", &["a", "b", "a_range_pattern", "a_range", "b_range_pattern", "b_range"]),
    sentence("intro_same_range", &["a", "b", "range_pattern", "range"]),
    sentence("difference_meaning", &["a", "b", "a_name", "b_name"]),
    sentence("difference_class", &["a", "b", "a_class", "b_class"]),
    sentence("difference_same_class", &["a", "b", "class_pattern", "class"]),
    sentence("difference_range", &["a", "b", "a_range_pattern", "a_range", "b_range_pattern", "b_range"]),
    sentence("difference_category", &["a", "b", "a_category", "b_category"]),
    sentence("difference_same_category", &["a", "b", "category"]),
    sentence("difference_retry_first", PAIR),
    sentence("difference_retry_second", PAIR),
    sentence("difference_retry_both", PAIR),
    sentence("difference_retry_neither", PAIR),
    sentence("difference_retry_only_transient", &["failed"]),
    sentence("difference_retry_only_permanent", &["failed"]),
    sentence("difference_outcome", &["a", "b", "a_outcome", "b_outcome"]),
    sentence("difference_same_outcome", &["a", "b", "outcome"]),
    sentence("difference_acts", &["a", "b", "a_party", "b_party"]),
    sentence("difference_same_acts", &["a", "b", "party"]),
    counted("difference_commands_shared", &["a", "b", "commands"], 1),
    counted("difference_commands_disjoint", &["a", "b", "a_commands", "b_commands"], 2),
    sentence("difference_commands_unknown", PAIR),
    counted("difference_methods_shared", &["a", "b", "commands"], 1),
    counted("difference_methods_disjoint", &["a", "b", "a_commands", "b_commands"], 2),
    sentence("difference_methods_unknown", PAIR),
    counted("difference_opcodes_shared", &["a", "b", "commands"], 1),
    counted("difference_opcodes_disjoint", &["a", "b", "a_commands", "b_commands"], 2),
    sentence("difference_opcodes_unknown", PAIR),
    sentence("session_title", &["protocol"]),
    sentence("session_steps", &["steps"]),
    sentence("session_marked", &["code", "steps"]),
    sentence("session_unmarked", &["code"]),
    counted("session_step_marked", &["codes"], 1),
    sentence("session_more", &["count"]),
    text("session_none"),
    text("elicited_by_command"),
    text("elicited_by_method"),
    text("elicited_by_opcode"),
    text("outcome_success"),
    text("outcome_intermediate"),
    text("outcome_redirect"),
    text("outcome_transient"),
    text("outcome_permanent"),
    text("registration_unused"),
    text("registration_obsolete"),
    text("registration_deprecated"),
    text("registration_temporary"),
    text("registration_reserved"),
    text("registration_unregistered"),
];

/// Keys read by prefix (the search script's strings, which the search index carries).
pub(crate) const SCRIPT_PREFIXES: &[&str] = &["search_", "decode_", "verdict_", "bounce_"];

/// One piece of a parsed sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// A placeholder; `lower` (`{category:lower}`) lowers its first letter, for a label used
    /// inside a sentence.
    Slot {
        name: String,
        lower: bool,
    },
}

/// A parsed sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    pieces: Vec<Piece>,
}

impl Sentence {
    /// Parses `{name}` and `{name:lower}` placeholders; `{{` and `}}` stand for braces.
    fn parse(text: &str) -> Result<Sentence, (usize, String)> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().is_some_and(|(_, n)| *n == '{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().is_some_and(|(_, n)| *n == '}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let rest = &text[at + 1..];
                    let end = rest.find('}').ok_or((at, "a `{` is never closed".to_string()))?;
                    let inside = &rest[..end];
                    let (name, modifier) = inside.split_once(':').map_or((inside, None), |(n, m)| (n, Some(m)));
                    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                        return Err((at, format!("`{{{inside}}}` is not a placeholder")));
                    }
                    if modifier.is_some_and(|m| m != "lower") {
                        return Err((at, format!("`{{{inside}}}` has an unknown modifier; the only one is `:lower`")));
                    }
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Slot { name: name.to_string(), lower: modifier.is_some() });
                    for _ in 0..=inside.chars().count() {
                        chars.next();
                    }
                }
                '}' => return Err((at, "a `}` closes nothing; write `}}` for a brace".to_string())),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Sentence { pieces })
    }

    fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Slot { name, .. } => Some(name.as_str()),
            Piece::Text(_) => None,
        })
    }

    /// Fills the placeholders in one pass; a placeholder without a value stays empty.
    pub(crate) fn fill(&self, lang: &str, values: &[(&str, &str)]) -> String {
        let value_of = |name: &str| values.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| *v);
        // Sized once: a pair page fills a few dozen sentences.
        let len = self.pieces.iter().map(|piece| match piece {
            Piece::Text(text) => text.len(),
            Piece::Slot { name, .. } => value_of(name).len(),
        });
        let mut out = String::with_capacity(len.sum());
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Slot { name, lower: true } => push_lower_first(&mut out, value_of(name), lang),
                Piece::Slot { name, lower: false } => out.push_str(value_of(name)),
            }
        }
        out
    }
}

/// `Mail system` → `mail system`, `İleti içeriği` → `ileti içeriği` in Turkish; `SMTP hata`
/// stays as it is (an acronym).
fn push_lower_first(out: &mut String, text: &str, lang: &str) {
    let mut chars = text.chars();
    let (Some(first), second) = (chars.next(), chars.clone().next()) else { return };
    if second.is_some_and(char::is_uppercase) {
        out.push_str(text);
        return;
    }
    match (lang.split('-').next(), first) {
        (Some("tr" | "az"), 'I') => out.push('ı'),
        (Some("tr" | "az"), 'İ') => out.push('i'),
        _ => out.extend(first.to_lowercase()),
    }
    out.push_str(chars.as_str());
}

/// A locale entry: one sentence, or its forms by the number of items it lists.
#[derive(Debug, Clone)]
enum Entry {
    One(Sentence),
    /// `one`/`other`, or for two lists `one_one`, `one_other`, `other_one`, `other_other`.
    Forms(BTreeMap<String, Sentence>),
}

/// The words of one language.
#[derive(Debug, Clone)]
pub struct Locale {
    lang: String,
    entries: BTreeMap<String, Entry>,
    /// Every key as plain text (the `other` form of counted sentences), for templates' `t`.
    plain: BTreeMap<String, String>,
}

impl Locale {
    /// A locale with no words, for a language code that is not one.
    pub(crate) fn empty(lang: &str) -> Locale {
        Locale { lang: lang.to_string(), entries: BTreeMap::new(), plain: BTreeMap::new() }
    }

    /// The language code.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// A key's text, with no placeholders filled (labels); empty for a key that is not there,
    /// which the typed check at load makes impossible for the keys Rust reads.
    pub fn text(&self, key: &str) -> &str {
        self.plain.get(key).map_or("", String::as_str)
    }

    /// Every key with its plain text, as templates see it.
    pub(crate) fn plain(&self) -> &BTreeMap<String, String> {
        &self.plain
    }

    /// The sentence `key` with `values` filled in.
    pub fn say(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.say_counted(key, &[], values)
    }

    /// The sentence `key` in the form for lists of `counts` items, with `values` filled in.
    pub fn say_counted(&self, key: &str, counts: &[usize], values: &[(&str, &str)]) -> String {
        match self.entries.get(key) {
            Some(Entry::One(sentence)) => sentence.fill(&self.lang, values),
            Some(Entry::Forms(forms)) => forms.get(form_name(counts)).or_else(|| forms.values().next()).map_or_else(String::new, |s| s.fill(&self.lang, values)),
            None => String::new(),
        }
    }

    /// Whether the sentence exists (for the template function).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }
}

/// The form for lists of `counts` items: `one`, `other_one`, … (a locale has forms for one or two
/// counted lists, see `forms`).
fn form_name(counts: &[usize]) -> &'static str {
    let one = |n: &usize| *n == 1;
    match counts {
        [a] if one(a) => "one",
        [_] => "other",
        [a, b] => match (one(a), one(b)) {
            (true, true) => "one_one",
            (true, false) => "one_other",
            (false, true) => "other_one",
            (false, false) => "other_other",
        },
        _ => "",
    }
}

/// The forms a sentence with `counts` counted lists must have.
fn forms(counts: usize) -> Vec<String> {
    match counts {
        0 => Vec::new(),
        1 => vec!["one".into(), "other".into()],
        _ => vec!["one_one".into(), "one_other".into(), "other_one".into(), "other_other".into()],
    }
}

/// One locale file as read: its entries, each with its place.
struct Read {
    source: SourceFile,
    entries: Vec<(String, Value)>,
}

fn read_file(file: &ThemeFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Read> {
    let text = file.text().map_err(|d| diagnostics.push(d)).ok()?;
    let mut source = SourceFile { path: file.path.clone(), text, fingerprint: 0, positions: Positions::default() };
    let value = yaml::parse_value(&mut source).map_err(|d| diagnostics.push(d)).ok()?;
    let mut entries = Vec::new();
    for (name, entry) in value.as_mapping().into_iter().flatten() {
        match name.as_str() {
            Some(name) => entries.push((name.to_string(), entry.clone())),
            None => diagnostics.push(source.at_key(&[], "a locale key must be a word").hint("write `key: text` lines")),
        }
    }
    Some(Read { source, entries })
}

/// The keys a locale must have: Rust's, and those the templates read (`t.key` labels and
/// `say(key="…")` sentences, whose placeholders the template call supplies).
pub(crate) struct Required<'a> {
    pub(crate) labels: &'a BTreeSet<String>,
    pub(crate) sentences: &'a BTreeSet<String>,
}

impl Required<'_> {
    fn spec(&self, name: &str) -> Option<&'static KeySpec> {
        RUST_KEYS.iter().find(|k| k.name == name)
    }

    fn known(&self, name: &str) -> bool {
        self.spec(name).is_some() || self.labels.contains(name) || self.sentences.contains(name) || SCRIPT_PREFIXES.iter().any(|p| name.starts_with(p))
    }

    fn names(&self) -> BTreeSet<&str> {
        RUST_KEYS.iter().map(|k| k.name).chain(self.labels.iter().chain(self.sentences).map(String::as_str)).collect()
    }
}

/// Builds the locale of `language` from its files in every layer, most general first; every
/// problem is reported at its place. `fallback` names where a missing file should be written.
pub(crate) fn load(language: &str, files: &[ThemeFile], required: &Required<'_>, fallback: PathBuf, diagnostics: &mut Vec<Diagnostic>) -> Locale {
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut plain: BTreeMap<String, String> = BTreeMap::new();
    let reads: Vec<Read> = files.iter().filter_map(|file| read_file(file, diagnostics)).collect();
    for read in &reads {
        for (name, value) in &read.entries {
            if let Some((entry, text)) = check_entry(name, value, &read.source, required, diagnostics) {
                entries.insert(name.clone(), entry);
                plain.insert(name.clone(), text);
            }
        }
    }
    let last = reads.last().map_or(fallback, |r| r.source.path.clone());
    for name in required.names() {
        if !entries.contains_key(name) {
            diagnostics.push(Diagnostic::whole_file(&last, format!("locale key `{name}` is missing for language `{language}`")).hint(format!("add `{name}: …` to {}", last.display())));
        }
    }
    Locale { lang: language.to_string(), entries, plain }
}

/// Checks one entry against what it is given; returns it parsed, with its plain text.
fn check_entry(name: &str, value: &Value, source: &SourceFile, required: &Required<'_>, diagnostics: &mut Vec<Diagnostic>) -> Option<(Entry, String)> {
    let path = [key(name)];
    if !required.known(name) {
        let known = required.names();
        let hint = match known.iter().map(|k| (edit_distance(name, k), *k)).min().filter(|(d, _)| *d <= 3) {
            Some((_, close)) => format!("did you mean `{close}`?"),
            None => "a locale holds the keys the templates and replyvs use; remove it or use it in a template".to_string(),
        };
        diagnostics.push(source.at_key(&path, format!("unknown locale key `{name}`")).hint(hint));
        return None;
    }
    let spec = required.spec(name);
    // A template's `say()` gives what its call site gives: checked when the page renders.
    let free = spec.is_none() && required.sentences.contains(name);
    let allowed: Option<&[&str]> = spec.map(|s| s.placeholders);
    let wanted_forms = forms(spec.map_or(0, |s| s.counts));
    let parse = |text: &str, path: &[Step], diagnostics: &mut Vec<Diagnostic>| -> Option<Sentence> {
        match Sentence::parse(text) {
            Err((_, why)) => {
                diagnostics.push(source.at(path, format!("locale key `{name}`: {why}")).hint("placeholders are `{name}`; write `{{` for a brace"));
                None
            }
            Ok(sentence) => {
                let given = allowed.unwrap_or(&[]);
                // Labels that templates print through `t.key` are given nothing: a placeholder
                // there would be printed as it is.
                let unknown: Vec<&str> = sentence.placeholders().filter(|p| !given.contains(p)).collect();
                if !unknown.is_empty() && !free {
                    let offered = if given.is_empty() { "this text is given no placeholders".to_string() } else { format!("it is given {}", given.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")) };
                    diagnostics.push(source.at(path, format!("locale key `{name}` uses {}", unknown.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", "))).hint(offered));
                    return None;
                }
                Some(sentence)
            }
        }
    };
    match value {
        Value::String(text) => {
            let sentence = parse(text, &path, diagnostics)?;
            Some((Entry::One(sentence), text.clone()))
        }
        Value::Mapping(map) if !wanted_forms.is_empty() => {
            let mut found = BTreeMap::new();
            for (form, text) in map {
                let (Some(form), Some(text)) = (form.as_str(), text.as_str()) else {
                    diagnostics.push(source.at(&path, format!("locale key `{name}`: each form must be `form: text`")).hint(format!("write the forms {}", wanted_forms.join(", "))));
                    return None;
                };
                if !wanted_forms.iter().any(|w| w == form) {
                    diagnostics.push(source.at_key(&[key(name), key(form)], format!("locale key `{name}` has no form `{form}`")).hint(format!("its forms are {}", wanted_forms.join(", "))));
                    continue;
                }
                found.insert(form.to_string(), parse(text, &[key(name), key(form)], diagnostics)?);
            }
            if let Some(missing) = wanted_forms.iter().find(|w| !found.contains_key(*w)) {
                diagnostics.push(source.at(&path, format!("locale key `{name}` lacks its form `{missing}`")).hint(format!("write the forms {} (or one text for all)", wanted_forms.join(", "))));
                return None;
            }
            let plain = map.iter().last().and_then(|(_, t)| t.as_str()).unwrap_or_default().to_string();
            Some((Entry::Forms(found), plain))
        }
        _ => {
            let hint = if wanted_forms.is_empty() { "write the text, in quotes if it has a colon".to_string() } else { format!("write one text, or the forms {}", wanted_forms.join(", ")) };
            diagnostics.push(source.at(&path, format!("locale key `{name}` must be text")).hint(hint));
            None
        }
    }
}

/// The sentences a template fills with `say(key="name", …)`.
pub(crate) fn sentences_said_by(template: &str) -> BTreeSet<String> {
    template.match_indices("say(key=\"").filter_map(|(at, call)| template[at + call.len()..].split_once('"').map(|(name, _)| name.to_string())).collect()
}

/// The labels a template reads from the locale: every `t.key` in its text.
pub(crate) fn keys_read_by(template: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let bytes = template.as_bytes();
    let mut i = 0;
    while let Some(found) = template[i..].find("t.") {
        let at = i + found;
        let starts_word = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b'.');
        let name: String = template[at + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if starts_word && !name.is_empty() {
            keys.insert(name.clone());
        }
        i = at + 2 + name.len();
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_one_pass_so_values_are_never_read_as_placeholders() {
        let sentence = Sentence::parse("{a} vs {b}").unwrap();
        assert_eq!(sentence.fill("en", &[("a", "{b}"), ("b", "550")]), "{b} vs 550");
    }

    #[test]
    fn braces_are_doubled_and_bad_placeholders_refused() {
        assert_eq!(Sentence::parse("{{literal}} {a}").unwrap().fill("en", &[("a", "x")]), "{literal} x");
        assert!(Sentence::parse("{a").is_err());
        assert!(Sentence::parse("a}").is_err());
        assert!(Sentence::parse("{A B}").is_err());
        assert!(Sentence::parse("{a:upper}").is_err());
    }

    #[test]
    fn lower_keeps_acronyms_and_knows_the_turkish_dotted_i() {
        let lower_first = |text: &str, lang: &str| {
            let mut out = String::new();
            push_lower_first(&mut out, text, lang);
            out
        };
        assert_eq!(lower_first("Mail system", "en"), "mail system");
        assert_eq!(lower_first("İleti içeriği", "tr"), "ileti içeriği");
        assert_eq!(lower_first("Işık", "tr"), "ışık");
        assert_eq!(lower_first("SMTP hata", "tr"), "SMTP hata");
    }

    #[test]
    fn the_form_follows_whether_each_count_is_one() {
        assert_eq!(form_name(&[1]), "one");
        assert_eq!(form_name(&[3]), "other");
        assert_eq!(form_name(&[1, 0]), "one_other");
        assert_eq!(form_name(&[2, 1]), "other_one");
    }

    #[test]
    fn templates_are_read_for_the_keys_they_use() {
        let keys = keys_read_by("{{ t.description }} {% if x %}{{ t.when_seen }}{% endif %} {{ site.t.not }} {{ at.x }}");
        assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["description", "when_seen"]);
        assert_eq!(sentences_said_by("{{ say(key=\"guide_count\", count=3) }}").into_iter().collect::<Vec<_>>(), ["guide_count"]);
    }

    /// Rust asks the locale for keys by name; a name missing from `RUST_KEYS` is never required
    /// of a theme and would print as nothing, so every literal key in the sources must be listed.
    #[test]
    fn every_key_the_sources_ask_for_is_a_declared_rust_key() {
        let asked = regex_lite_keys(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
        assert!(asked.len() > 20, "the scan found only {asked:?}");
        let undeclared: Vec<&String> = asked.iter().filter(|key| !RUST_KEYS.iter().any(|k| k.name == key.as_str())).collect();
        assert!(undeclared.is_empty(), "keys asked for in src/ but not in RUST_KEYS: {undeclared:?}");
    }

    /// The literal keys of `.t(lang, "key")`, `.say("key"`, `.say_counted("key"` and
    /// `.text("key")` calls in the Rust sources below `dir`.
    fn regex_lite_keys(dir: &std::path::Path) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "rs")) {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for call in [".say(\"", ".say_counted(\"", ".text(\"", "t(lang, \"", "t(l, \""] {
                for (at, _) in text.match_indices(call) {
                    let rest = &text[at + call.len()..];
                    let key: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
                    if rest[key.len()..].starts_with('"') && !key.is_empty() && !entry.path().ends_with("locale.rs") {
                        keys.insert(key);
                    }
                }
            }
        }
        keys
    }
}
