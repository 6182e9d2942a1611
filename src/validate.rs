//! Raw entries → the site model. Every rule of the data format lives here, and every broken rule
//! becomes a diagnostic with its place; validation goes on after a problem so that one run
//! reports them all.

use std::collections::{BTreeMap, HashMap};

use crate::config::{self, settings_from_raw};
use crate::error::{Diagnostic, Error, Result};
use crate::load::{Loaded, LoadedProtocol, SourceFile};
use crate::markdown;
use crate::model::{Class, Code, CodeRef, Html, Localized, PairNote, Protocol, ProviderNote, Reference, Site, StaticFile, StaticOrigin};
use crate::pairs::natural_cmp;
use crate::raw::{RawCode, RawPairNote, RawProtocol, RawReference};
use crate::yaml::{Step, locate};

/// Longest code id accepted; ids become file names.
const MAX_CODE_ID_LEN: usize = 32;

/// Turns what was loaded into a validated site, or every problem found.
pub(crate) fn validate(loaded: Loaded, theme_static: Vec<StaticFile>) -> Result<Site> {
    let Loaded { site, protocols, static_files, mut diagnostics } = loaded;
    let (settings, languages) = match site {
        Some((source, raw)) => {
            let languages = raw.languages.clone();
            (settings_from_raw(&source, raw, &mut diagnostics), languages)
        }
        None => (None, vec!["en".to_string()]),
    };
    let mut pending: Vec<(Protocol, Vec<PendingRefs>)> = Vec::new();
    for loaded_protocol in protocols {
        if let Some(protocol) = validate_protocol(loaded_protocol, &languages, &mut diagnostics) {
            pending.push(protocol);
        }
    }
    let protocols = resolve_cross_protocol(pending, &mut diagnostics);
    let static_files = merge_static_files(theme_static, static_files, &mut diagnostics);
    match settings {
        Some(settings) if diagnostics.is_empty() => Ok(Site { settings, protocols, static_files }),
        _ => Err(Error::data(diagnostics)),
    }
}

/// Reports problems against one source file.
struct Reporter<'a> {
    source: &'a SourceFile,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    fn at(&mut self, path: &[Step], message: impl Into<String>, hint: impl Into<String>) {
        let place = locate(&self.source.text, path);
        self.diagnostics.push(Diagnostic::at(&self.source.path, &self.source.text, place.line, place.value_column, message).hint(hint));
    }
}

fn key(name: &str) -> Step {
    Step::Key(name.to_string())
}

/// `paired_with` entries wait until every protocol is known.
struct PendingRefs {
    code: usize,
    source: SourceFile,
    paired_with: Vec<String>,
}

fn validate_protocol(loaded: LoadedProtocol, languages: &[String], diagnostics: &mut Vec<Diagnostic>) -> Option<(Protocol, Vec<PendingRefs>)> {
    let LoadedProtocol { id, dir, protocol, codes, notes, unparsed_stems } = loaded;
    if let Some((why, hint)) = protocol_id_problem(&id, languages) {
        diagnostics.push(Diagnostic::whole_file(&dir, format!("`{id}` cannot be a protocol folder name{why}")).hint(hint));
        return None;
    }
    let (protocol_source, raw) = protocol?;
    let head = protocol_head(&id, &protocol_source, raw, languages, diagnostics);
    let mut checked: Vec<(Code, SourceFile, RawLinks)> = Vec::new();
    let mut first_file: HashMap<String, std::path::PathBuf> = HashMap::new();
    for (source, raw) in codes {
        let mut report = Reporter { source: &source, diagnostics };
        let Some((code, links)) = validate_code(raw, &head, languages, &mut report) else { continue };
        // Ids that differ only in case would share their output files on Windows and macOS.
        if let Some(first) = first_file.get(&code.id.to_ascii_lowercase()) {
            report.at(&[key("code")], format!("code `{}` is defined twice in {id}", code.id), format!("it is already defined in {} (letter case does not count); keep one of the two files", first.display()));
            continue;
        }
        first_file.insert(code.id.to_ascii_lowercase(), source.path.clone());
        checked.push((code, source, links));
    }
    checked.sort_by(|a, b| natural_cmp(&a.0.id, &b.0.id));
    let index: HashMap<String, usize> = checked.iter().enumerate().map(|(i, c)| (c.0.id.clone(), i)).collect();
    check_aliases(&checked, &index, diagnostics);
    let mut codes = Vec::with_capacity(checked.len());
    let mut pending = Vec::new();
    for (position, (mut code, source, links)) in checked.into_iter().enumerate() {
        let mut report = Reporter { source: &source, diagnostics };
        code.related = resolve_related(&links.related, position, &index, &unparsed_stems, &mut report);
        pending.push(PendingRefs { code: position, source, paired_with: links.paired_with });
        codes.push(code);
    }
    let notes = validate_notes(notes, &index, &unparsed_stems, languages, diagnostics);
    let fingerprint = protocol_fingerprint(protocol_source.fingerprint, &codes);
    let ProtocolHead { name, title, description, classes, references, .. } = head;
    Some((Protocol { id, name, title, description, classes, references, codes, notes, fingerprint }, pending))
}

fn is_protocol_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') && !id.starts_with('-')
}

/// Why a folder name cannot be a protocol id (it becomes a folder of the output), with a hint.
fn protocol_id_problem(id: &str, languages: &[String]) -> Option<(String, &'static str)> {
    if !is_protocol_id(id) {
        return Some((String::new(), "use lower-case letters, digits and dashes, such as smtp or smtp-enhanced"));
    }
    if is_reserved_device_name(id) {
        return Some((": it is a reserved device name on Windows".into(), "rename the folder"));
    }
    // The pages of every language but the first live under /<lang>/.
    if languages.iter().skip(1).any(|language| language.eq_ignore_ascii_case(id)) {
        return Some((format!(": the pages in language `{id}` live under /{id}/"), "rename the folder"));
    }
    None
}

fn protocol_fingerprint(file: u64, codes: &[Code]) -> u64 {
    let mut text = file.to_string();
    for code in codes {
        text.push('\n');
        text.push_str(&code.id);
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// What a protocol file says, checked: what every code of the protocol is checked against.
struct ProtocolHead {
    name: Localized<String>,
    title: Localized<String>,
    description: Localized<Html>,
    classes: Vec<Class>,
    class_segment: usize,
    categories: BTreeMap<String, Localized<String>>,
    references: Vec<Reference>,
}

fn protocol_head(id: &str, source: &SourceFile, raw: RawProtocol, languages: &[String], diagnostics: &mut Vec<Diagnostic>) -> ProtocolHead {
    let RawProtocol { name, title, description, classes, class_segment, categories, retryable_classes, permanent_classes, references, translations } = raw;
    let mut report = Reporter { source, diagnostics };
    check_languages(&translations, languages, &mut report);
    let retryable = retryable_classes.unwrap_or_default();
    let permanent = permanent_classes.unwrap_or_default();
    for (field, list) in [("retryable_classes", &retryable), ("permanent_classes", &permanent)] {
        for (position, class) in list.iter().enumerate() {
            if !classes.contains_key(class) {
                report.at(&[key(field), Step::Item(position)], format!("`{class}` is not one of the classes of {id}"), "list keys of `classes`");
            }
        }
    }
    let classes = classes
        .into_iter()
        .map(|(key_text, label)| {
            let label = localize(languages, &label, |lang| translations.get(lang).and_then(|t| t.classes.get(&key_text)).cloned());
            let retryable = if retryable.contains(&key_text) {
                Some(true)
            } else if permanent.contains(&key_text) {
                Some(false)
            } else {
                None
            };
            Class { key: key_text, label, retryable }
        })
        .collect();
    let categories = categories
        .into_iter()
        .map(|(key_text, label)| {
            let label = localize(languages, &label, |lang| translations.get(lang).and_then(|t| t.categories.get(&key_text)).cloned());
            (key_text, label)
        })
        .collect();
    ProtocolHead {
        title: localize(languages, &title, |lang| translations.get(lang).and_then(|t| t.title.clone())),
        description: localize_markdown(languages, &description, |lang| translations.get(lang).and_then(|t| t.description.clone())),
        name: localize(languages, &name, |lang| translations.get(lang).and_then(|t| t.name.clone())),
        classes,
        class_segment: class_segment.unwrap_or(0),
        categories,
        references: validate_references(references, &mut report),
    }
}

/// `related` ids wait until every code of the protocol is known.
struct RawLinks {
    related: Vec<String>,
    paired_with: Vec<String>,
}

fn validate_code(raw: RawCode, head: &ProtocolHead, languages: &[String], report: &mut Reporter<'_>) -> Option<(Code, RawLinks)> {
    let RawCode {
        code,
        name,
        summary,
        description,
        when_seen,
        how_to_fix,
        commands,
        retry,
        references,
        related,
        paired_with,
        aliases,
        provider_notes,
        translations,
    } = raw;
    if let Err(why) = check_code_id(&code) {
        report.at(&[key("code")], format!("`{code}` cannot be a code: {why}"), "codes are letters, digits and dots, starting with a letter or digit, such as \"550\" or X.1.1");
        return None;
    }
    let segments = code_segments(&code);
    let Some(class_key) = segments.get(head.class_segment) else {
        report.at(&[key("code")], format!("code `{code}` has no part {} to take its class from", head.class_segment + 1), "check class_segment in _protocol.yaml");
        return None;
    };
    let Some(class) = head.classes.iter().position(|c| &c.key == class_key) else {
        let known: Vec<&str> = head.classes.iter().map(|c| c.key.as_str()).collect();
        report.at(&[key("code")], format!("code `{code}` is in class `{class_key}`, which the protocol does not define"), format!("the classes are {}; fix the code or add the class to _protocol.yaml", known.join(", ")));
        return None;
    };
    for (position, alias) in aliases.iter().enumerate() {
        if let Err(why) = check_code_id(alias) {
            report.at(&[key("aliases"), Step::Item(position)], format!("alias `{alias}` cannot be used: {why}"), "aliases follow the same rules as codes");
        }
    }
    check_languages(&translations, languages, report);
    let category = segments.get(head.class_segment + 1).and_then(|part| head.categories.get(*part)).cloned();
    let translations = &translations;
    let text = |pick: fn(&crate::raw::RawCodeTranslation) -> Option<&String>| move |lang: &str| translations.get(lang).and_then(pick).cloned();
    let provider_notes = provider_notes
        .into_iter()
        .map(|note| {
            let text = localize_markdown(languages, &note.text, |lang| note.translations.get(lang).and_then(|t| t.text.clone()));
            ProviderNote { provider: note.provider, text }
        })
        .collect();
    let code = Code {
        class,
        category,
        class_pattern: class_pattern(&code, head.class_segment),
        name: localize(languages, &name, text(|t| t.name.as_ref())),
        summary: summary.map(|s| localize(languages, &s, text(|t| t.summary.as_ref()))),
        description: localize_markdown(languages, &description, text(|t| t.description.as_ref())),
        when_seen: localize_markdown(languages, &when_seen, text(|t| t.when_seen.as_ref())),
        how_to_fix: localize_markdown(languages, &how_to_fix, text(|t| t.how_to_fix.as_ref())),
        commands,
        retry: retry.map(|r| localize(languages, &r, text(|t| t.retry.as_ref()))),
        references: validate_references(references, report),
        related: Vec::new(),
        paired_with: Vec::new(),
        aliases,
        provider_notes,
        fingerprint: report.source.fingerprint,
        file: report.source.path.clone(),
        id: code,
    };
    check_visible_text(&code, languages, report);
    Some((code, RawLinks { related, paired_with }))
}

/// A required Markdown field made only of raw HTML renders as nothing once sanitized: say so
/// here, at the field, rather than as an empty section of every page that shows it.
fn check_visible_text(code: &Code, languages: &[String], report: &mut Reporter<'_>) {
    for (field, html) in [("description", &code.description), ("when_seen", &code.when_seen), ("how_to_fix", &code.how_to_fix)] {
        for (position, (language, text)) in languages.iter().zip(&html.0).enumerate() {
            // Untranslated languages share the default's HTML, reported once.
            if (position > 0 && text == &html.0[0]) || !markdown::is_blank(text) {
                continue;
            }
            let path = if position == 0 { vec![key(field)] } else { vec![key("translations"), key(language), key(field)] };
            report.at(&path, format!("`{field}` has no text once its raw HTML is removed"), "Markdown fields cannot hold raw HTML; write the text in Markdown");
        }
    }
}

/// Code ids become URL segments and file names on every common file system.
pub(crate) fn check_code_id(id: &str) -> std::result::Result<(), String> {
    if id.is_empty() || id.len() > MAX_CODE_ID_LEN {
        return Err(format!("it must have 1 to {MAX_CODE_ID_LEN} characters"));
    }
    if let Some(bad) = id.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '.') {
        return Err(format!("it contains {bad:?}"));
    }
    if id.starts_with('.') || id.ends_with('.') || id.contains("..") {
        return Err("dots may only stand between other characters".into());
    }
    let stem = id.split('.').next().unwrap_or(id).to_ascii_uppercase();
    if is_reserved_device_name(&stem) {
        return Err("it is a reserved device name on Windows".into());
    }
    Ok(())
}

/// `CON`, `nul`, `COM1`, `lpt9`, …: names Windows keeps for devices, whatever the extension.
fn is_reserved_device_name(stem: &str) -> bool {
    let stem = stem.to_ascii_uppercase();
    ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str()) || ((stem.starts_with("COM") || stem.starts_with("LPT")) && stem.len() == 4 && stem.as_bytes()[3].is_ascii_digit())
}

fn code_segments(code: &str) -> Vec<&str> {
    if code.contains('.') {
        code.split('.').collect()
    } else {
        (0..code.len()).map(|i| &code[i..i + 1]).collect()
    }
}

/// `354` → `3xx`; `X.1.1` with the class in part 1 → `X.1.x`.
fn class_pattern(code: &str, class_segment: usize) -> String {
    let segments = code_segments(code);
    let parts: Vec<&str> = segments.iter().enumerate().map(|(i, s)| if i <= class_segment { *s } else { "x" }).collect();
    parts.join(if code.contains('.') { "." } else { "" })
}

fn check_languages<T>(translations: &BTreeMap<String, T>, languages: &[String], report: &mut Reporter<'_>) {
    for language in config::unknown_languages(translations, languages) {
        report.at(&[key("translations"), key(language)], format!("translation for `{language}`, which is not one of the site's other languages"), format!("the site's languages are {}; add it to site.yaml or remove the translation", languages.join(", ")));
    }
}

fn localize(languages: &[String], default: &str, translated: impl Fn(&str) -> Option<String>) -> Localized<String> {
    Localized(languages.iter().enumerate().map(|(i, lang)| if i == 0 { None } else { translated(lang) }.unwrap_or_else(|| default.to_string())).collect())
}

/// Renders the Markdown of each language once; untranslated languages share the default's HTML.
fn localize_markdown(languages: &[String], default: &str, translated: impl Fn(&str) -> Option<String>) -> Localized<Html> {
    let default_html = markdown::render(default);
    Localized(
        languages
            .iter()
            .enumerate()
            .map(|(i, lang)| match if i == 0 { None } else { translated(lang) } {
                Some(text) => markdown::render(&text),
                None => default_html.clone(),
            })
            .collect(),
    )
}

fn validate_references(references: Vec<RawReference>, report: &mut Reporter<'_>) -> Vec<Reference> {
    let mut valid = Vec::new();
    for (position, RawReference { doc, section, url }) in references.into_iter().enumerate() {
        let url = match url {
            Some(url) if config::parse_base_url(&url).is_ok() || (url.starts_with("https://") && !url.contains(['"', '<', '>', ' '])) => Some(url),
            Some(url) => {
                report.at(&[key("references"), Step::Item(position), key("url")], format!("`{url}` is not an http(s) address"), "write a full https:// URL, or leave `url` out for RFCs");
                continue;
            }
            None => rfc_url(&doc, section.as_deref()),
        };
        valid.push(Reference { doc, section, url });
    }
    valid
}

/// RFCs link to the RFC Editor's HTML copy, at the section when one is given.
fn rfc_url(doc: &str, section: Option<&str>) -> Option<String> {
    let number = doc.strip_prefix("RFC ")?.trim();
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let anchor = section.filter(|s| s.bytes().all(|b| b.is_ascii_digit() || b == b'.')).map(|s| format!("#section-{s}")).unwrap_or_default();
    Some(format!("https://www.rfc-editor.org/rfc/rfc{number}{anchor}"))
}

fn resolve_related(related: &[String], this: usize, index: &HashMap<String, usize>, unparsed: &[String], report: &mut Reporter<'_>) -> Vec<usize> {
    let mut resolved = Vec::new();
    for (position, id) in related.iter().enumerate() {
        match index.get(id) {
            Some(&other) if other == this => report.at(&[key("related"), Step::Item(position)], format!("code `{id}` lists itself as related"), "remove it from `related`"),
            Some(&other) if !resolved.contains(&other) => resolved.push(other),
            Some(_) => {}
            None if unparsed.contains(id) => {}
            None => report.at(&[key("related"), Step::Item(position)], format!("related code `{id}` does not exist in this protocol"), "name an existing code of the same folder; use `paired_with` for other protocols"),
        }
    }
    resolved
}

fn check_aliases(codes: &[(Code, SourceFile, RawLinks)], index: &HashMap<String, usize>, diagnostics: &mut Vec<Diagnostic>) {
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for (code, source, _) in codes {
        let mut report = Reporter { source, diagnostics };
        for (position, alias) in code.aliases.iter().enumerate() {
            let clash = index.get(alias).map(|_| alias.as_str()).or_else(|| owner.get(alias.as_str()).copied());
            if let Some(other) = clash {
                report.at(&[key("aliases"), Step::Item(position)], format!("alias `{alias}` is already taken by code `{other}`"), "an alias must be unique among the codes and aliases of the protocol");
            } else {
                owner.insert(alias, &code.id);
            }
        }
    }
}

fn validate_notes(notes: Vec<(SourceFile, RawPairNote)>, index: &HashMap<String, usize>, unparsed: &[String], languages: &[String], diagnostics: &mut Vec<Diagnostic>) -> Vec<PairNote> {
    let mut valid: Vec<PairNote> = Vec::new();
    for (source, RawPairNote { codes, note, translations }) in notes {
        let mut report = Reporter { source: &source, diagnostics };
        check_languages(&translations, languages, &mut report);
        let found: Vec<Option<usize>> = codes.iter().map(|c| index.get(c).copied()).collect();
        for (position, (id, hit)) in codes.iter().zip(&found).enumerate() {
            if hit.is_none() && !unparsed.contains(id) {
                report.at(&[key("codes"), Step::Item(position)], format!("code `{id}` does not exist in this protocol"), "a pair note names two existing codes");
            }
        }
        let [Some(x), Some(y)] = found[..] else {
            if codes.len() != 2 {
                report.at(&[key("codes")], format!("a pair note names exactly two codes, not {}", codes.len()), "write `codes: [\"450\", \"550\"]`");
            }
            continue;
        };
        if x == y {
            report.at(&[key("codes")], "a pair note needs two different codes", "name two different codes");
            continue;
        }
        let (a, b) = (x.min(y), x.max(y));
        if valid.iter().any(|n| (n.a, n.b) == (a, b)) {
            report.at(&[key("codes")], format!("the pair {} has a second note", codes.join(" and ")), "keep one note file per pair");
            continue;
        }
        let note = localize_markdown(languages, &note, |lang| translations.get(lang).and_then(|t| t.note.clone()));
        valid.push(PairNote { a, b, note, fingerprint: source.fingerprint });
    }
    valid.sort_by_key(|n| (n.a, n.b));
    valid
}

fn resolve_cross_protocol(pending: Vec<(Protocol, Vec<PendingRefs>)>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Protocol> {
    let mut pending = pending;
    pending.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let lookup: Vec<(String, HashMap<String, usize>)> =
        pending.iter().map(|(p, _)| (p.id.clone(), p.codes.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect())).collect();
    let mut protocols = Vec::with_capacity(pending.len());
    for (mut protocol, refs) in pending {
        for PendingRefs { code, source, paired_with } in refs {
            let mut report = Reporter { source: &source, diagnostics };
            for (position, entry) in paired_with.iter().enumerate() {
                let target = entry.split_once('/').and_then(|(p, c)| {
                    let protocol_index = lookup.iter().position(|(id, _)| id == p)?;
                    Some(CodeRef { protocol: protocol_index, code: *lookup[protocol_index].1.get(c)? })
                });
                match target {
                    Some(target) => protocol.codes[code].paired_with.push(target),
                    None => report.at(&[key("paired_with"), Step::Item(position)], format!("`{entry}` does not name an existing code"), "write protocol/code, such as smtp-enhanced/X.1.1 or smtp/550"),
                }
            }
        }
        protocols.push(protocol);
    }
    protocols
}

fn merge_static_files(theme: Vec<StaticFile>, content: Vec<(String, std::path::PathBuf)>, diagnostics: &mut Vec<Diagnostic>) -> Vec<StaticFile> {
    let mut files: BTreeMap<String, StaticFile> = theme.into_iter().map(|f| (f.output_path.clone(), f)).collect();
    for (output_path, source) in content {
        if output_path.split('/').any(|part| part.starts_with('.') || part.is_empty()) {
            diagnostics.push(Diagnostic::whole_file(&source, "hidden files are not copied into the site").hint("rename it, or keep it out of content/static/"));
            continue;
        }
        // A site's own static file overrides the theme's file of the same name.
        files.insert(output_path.clone(), StaticFile { output_path, origin: StaticOrigin::Disk(source) });
    }
    files.into_values().collect()
}

/// Parses and validates the text of one code file against a fixed SMTP-like protocol in English
/// and Turkish, without touching the disk: the entry point of the fuzz and property tests.
/// Cross-file rules (duplicates, `related`, `paired_with`) are out of its reach.
pub fn check_code_text(text: &str) -> std::result::Result<(), Vec<Diagnostic>> {
    const PROTOCOL: &str = "name: SMTP\ntitle: T\ndescription: D\nclasses: {\"2\": A, \"3\": B, \"4\": C, \"5\": E}\ncategories: {\"0\": S}\n";
    let languages = ["en".to_string(), "tr".to_string()];
    let path = std::path::Path::new("fuzz/code.yaml");
    let protocol_source = SourceFile { path: "fuzz/_protocol.yaml".into(), text: PROTOCOL.into(), fingerprint: 0 };
    let raw_protocol = crate::yaml::parse::<RawProtocol>(&protocol_source.path, PROTOCOL, crate::raw::PROTOCOL_FIELDS).expect("the fixed protocol is valid");
    let mut diagnostics = Vec::new();
    let head = protocol_head("fuzz", &protocol_source, raw_protocol, &languages, &mut diagnostics);
    let source = SourceFile { path: path.to_path_buf(), text: text.to_string(), fingerprint: 0 };
    match crate::yaml::parse::<RawCode>(path, text, crate::raw::CODE_FIELDS) {
        Ok(raw) => {
            let mut report = Reporter { source: &source, diagnostics: &mut diagnostics };
            validate_code(raw, &head, &languages, &mut report);
        }
        Err(mut problems) => diagnostics.append(&mut problems),
    }
    if diagnostics.is_empty() { Ok(()) } else { Err(diagnostics) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_ids_that_could_escape_or_break_file_systems_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/b", ".", "..", "CON", "con.1", "LPT1", "５５０", "55О", "a b", "x.", ""] {
            assert!(check_code_id(bad).is_err(), "{bad}");
        }
        for good in ["550", "X.1.1", "5.7.26", "CONNECT", "COM"] {
            assert!(check_code_id(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn class_patterns_hide_the_parts_after_the_class() {
        assert_eq!(class_pattern("354", 0), "3xx");
        assert_eq!(class_pattern("X.1.10", 1), "X.1.x");
    }
}
