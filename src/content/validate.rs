//! Raw entries → the site model. Every rule of the data format lives here, and every broken rule
//! becomes a diagnostic with its place; validation goes on after a problem so that one run
//! reports them all.

use std::collections::{BTreeMap, HashMap};

use crate::content::settings::{self as config, settings_from_raw};
use crate::error::{Diagnostic, Error, Result};
use crate::source::files::SourceFile;
use crate::source::load::{Loaded, LoadedProtocol};
use crate::content::markdown;
use crate::content::model::{
    BaseUrl, Class, Code, CodeRef, Command, CommandNoun, Commands, Equivalent, Html, Label, Localized, Outcome, PairNote, Protocol, Provider, ProviderNote, Reference, Registration, Site, 
};
use crate::site::pairs::natural_cmp;
use crate::source::raw::{
    RawCode, RawCommand, RawCommands, RawEquivalent, RawPairNote, RawProtocol, RawProtocolTranslation, RawProvider, RawProviderNote, RawProviders, RawReference, RawSearch,
};
use crate::source::positions::{Step, key};

/// Longest code id accepted; ids become file names.
const MAX_CODE_ID_LEN: usize = 32;

/// Turns what was loaded into a validated site, or every problem found. `base_url` replaces the
/// settings' own (`--base-url`, or `serve`'s local address).
pub(crate) fn validate(loaded: Loaded, base_url: Option<BaseUrl>) -> Result<Site> {
    let Loaded { site, providers, protocols, warnings: _, mut diagnostics } = loaded;
    let (settings, languages) = match site {
        Some((source, raw)) => {
            let languages = raw.languages.clone();
            (settings_from_raw(&source, raw, base_url, &mut diagnostics), languages)
        }
        // site.yaml could not be read: its problem is reported, and the translations of other
        // files are not also reported as being for languages the site lacks.
        None => (None, vec!["en".to_string(), config::ANY_LANGUAGE.to_string()]),
    };
    let mut pending: Vec<(Protocol, Vec<PendingRefs>)> = Vec::new();
    for loaded_protocol in protocols {
        if let Some(protocol) = validate_protocol(loaded_protocol, &languages, &mut diagnostics) {
            pending.push(protocol);
        }
    }
    let protocols = resolve_cross_protocol(pending, &languages, &mut diagnostics);
    let providers = providers.map(|(source, raw)| validate_providers(&source, raw, &languages, &mut diagnostics)).unwrap_or_default();
    match settings {
        Some(settings) if diagnostics.is_empty() => Ok(Site { settings, protocols, static_files: Vec::new(), providers }),
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
        self.diagnostics.push(self.source.at(path, message).hint(hint));
    }
}

/// `paired_with` entries wait until every protocol is known.
struct PendingRefs {
    code: usize,
    source: SourceFile,
    paired_with: Vec<String>,
    equivalents: Vec<RawEquivalent>,
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
        pending.push(PendingRefs { code: position, source, paired_with: links.paired_with, equivalents: links.equivalents });
        codes.push(code);
    }
    let notes = validate_notes(notes, &index, &unparsed_stems, languages, diagnostics);
    let fingerprint = protocol_fingerprint(protocol_source.fingerprint, &codes);
    let ProtocolHead { name, prefix, title, description, classes, commands, parties, kinds, search_hints, search_examples, references, .. } = head;
    Some((Protocol { id, name, prefix, title, description, classes, commands, parties, kinds, search_hints, search_examples, references, codes, notes, fingerprint }, pending))
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
    prefix: Localized<String>,
    title: Localized<String>,
    description: Localized<Html>,
    classes: Vec<Class>,
    class_segment: usize,
    categories: BTreeMap<String, Localized<String>>,
    commands: Option<Commands>,
    parties: Vec<Label>,
    kinds: Vec<Label>,
    search_hints: Vec<String>,
    search_examples: Vec<String>,
    references: Vec<Reference>,
}

fn protocol_head(id: &str, source: &SourceFile, raw: RawProtocol, languages: &[String], diagnostics: &mut Vec<Diagnostic>) -> ProtocolHead {
    let RawProtocol {
        name,
        prefix,
        title,
        description,
        classes,
        class_segment,
        ranges,
        categories,
        retryable_classes,
        permanent_classes,
        outcomes,
        commands,
        search,
        parties,
        kinds,
        references,
        translations,
    } = raw;
    let RawSearch { hints: search_hints, examples: search_examples } = search.unwrap_or_default();
    let mut report = Reporter { source, diagnostics };
    check_languages(&translations, languages, &mut report);
    if !classes.is_empty() && !ranges.is_empty() {
        report.at(&[key("ranges")], format!("{id} has both `classes` and `ranges`"), "a protocol describes its codes either by a class digit (`classes`) or by number ranges (`ranges`)");
    }
    let class_outcomes = class_outcomes(id, &classes, &ranges, retryable_classes, permanent_classes, outcomes, &mut report);
    let translated = |pick: fn(&RawProtocolTranslation) -> &BTreeMap<String, String>, key_text: &str, lang: &str| translations.get(lang).and_then(|t| pick(t).get(key_text)).cloned();
    let mut all_classes: Vec<Class> = classes
        .into_iter()
        .map(|(key_text, label)| {
            let label = localize(languages, &label, |lang| translated(|t| &t.classes, &key_text, lang));
            Class { outcome: class_outcomes.get(&key_text).copied(), key: key_text, label, range: None }
        })
        .collect();
    for (key_text, label) in ranges {
        let Some(range) = parse_range(&key_text) else {
            report.at(&[key("ranges"), key(&key_text)], format!("`{key_text}` is not a range of numbers"), "write ranges as \"FROM-TO\", such as \"1000-2999\"");
            continue;
        };
        let label = localize(languages, &label, |lang| translated(|t| &t.ranges, &key_text, lang));
        all_classes.push(Class { outcome: class_outcomes.get(&key_text).copied(), key: key_text, label, range: Some(range) });
    }
    all_classes.sort_by_key(|class| class.range.map_or(0, |(from, _)| from));
    check_overlapping_ranges(&all_classes, &mut report);
    let labels = |map: BTreeMap<String, String>, pick: fn(&RawProtocolTranslation) -> &BTreeMap<String, String>| -> Vec<Label> {
        map.into_iter().map(|(key_text, label)| Label { label: localize(languages, &label, |lang| translated(pick, &key_text, lang)), key: key_text }).collect()
    };
    let categories = labels(categories, |t| &t.categories).into_iter().map(|l| (l.key, l.label)).collect();
    let parties = labels(parties, |t| &t.parties);
    let kinds = labels(kinds, |t| &t.kinds);
    ProtocolHead {
        title: localize(languages, &title, |lang| translations.get(lang).and_then(|t| t.title.clone())),
        description: localize_markdown(languages, &description, |lang| translations.get(lang).and_then(|t| t.description.clone())),
        prefix: match &prefix {
            Some(prefix) => localize(languages, prefix, |lang| translations.get(lang).and_then(|t| t.prefix.clone())),
            None => localize(languages, &name, |lang| translations.get(lang).and_then(|t| t.prefix.clone().or_else(|| t.name.clone()))),
        },
        name: localize(languages, &name, |lang| translations.get(lang).and_then(|t| t.name.clone())),
        classes: all_classes,
        class_segment: class_segment.unwrap_or(0),
        categories,
        commands: commands.and_then(|c| validate_commands(c, languages, &mut report)),
        parties,
        kinds,
        search_hints,
        search_examples,
        references: validate_references(references, languages, &mut report),
    }
}

/// The outcome of each class from `outcomes` and the older `retryable_classes` /
/// `permanent_classes` lists, every key checked against the classes or ranges.
fn class_outcomes(
    id: &str,
    classes: &BTreeMap<String, String>,
    ranges: &BTreeMap<String, String>,
    retryable: Option<Vec<String>>,
    permanent: Option<Vec<String>>,
    outcomes: BTreeMap<String, String>,
    report: &mut Reporter<'_>,
) -> BTreeMap<String, Outcome> {
    let known = |class: &str| classes.contains_key(class) || ranges.contains_key(class);
    let mut found = BTreeMap::new();
    for (field, list, outcome) in [("retryable_classes", retryable, Outcome::Transient), ("permanent_classes", permanent, Outcome::Permanent)] {
        for (position, class) in list.unwrap_or_default().into_iter().enumerate() {
            if known(&class) {
                found.insert(class, outcome);
            } else {
                report.at(&[key(field), Step::Item(position)], format!("`{class}` is not one of the classes of {id}"), "list keys of `classes`");
            }
        }
    }
    for (class, text) in outcomes {
        if !known(&class) {
            report.at(&[key("outcomes"), key(&class)], format!("`{class}` is not one of the classes of {id}"), "use keys of `classes` or `ranges`");
        } else if let Some(outcome) = Outcome::parse(&text) {
            found.insert(class, outcome);
        } else {
            report.at(&[key("outcomes"), key(&class)], format!("unknown outcome `{text}`"), OUTCOME_HINT);
        }
    }
    found
}

const OUTCOME_HINT: &str = "write one of success, intermediate, redirect, transient or permanent";

/// `"1000-2999"` → `(1000, 2999)`.
fn parse_range(text: &str) -> Option<(u64, u64)> {
    let (from, to) = text.split_once('-')?;
    let (from, to): (u64, u64) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
    (from <= to).then_some((from, to))
}

fn check_overlapping_ranges(classes: &[Class], report: &mut Reporter<'_>) {
    let ranges: Vec<(&str, (u64, u64))> = classes.iter().filter_map(|c| Some((c.key.as_str(), c.range?))).collect();
    for pair in ranges.windows(2) {
        if pair[1].1.0 <= pair[0].1.1 {
            report.at(&[key("ranges"), key(pair[1].0)], format!("the range `{}` overlaps `{}`", pair[1].0, pair[0].0), "make the ranges disjoint");
        }
    }
}

fn validate_commands(raw: RawCommands, languages: &[String], report: &mut Reporter<'_>) -> Option<Commands> {
    let RawCommands { noun, list } = raw;
    let Some(noun) = CommandNoun::parse(&noun) else {
        report.at(&[key("commands"), key("noun")], format!("unknown noun `{noun}`"), "write command, method or opcode");
        return None;
    };
    let mut commands: Vec<Command> = Vec::with_capacity(list.len());
    for (position, RawCommand { id, text, translations }) in list.into_iter().enumerate() {
        let path = [key("commands"), key("list"), Step::Item(position)];
        check_languages_at(&translations, languages, &path, report);
        if commands.iter().any(|c| c.id == id) {
            report.at(&[&path[..], &[key("id")]].concat(), format!("`{id}` is listed twice"), "list each command once");
            continue;
        }
        let text = text.map(|text| localize(languages, &text, |lang| translations.get(lang).and_then(|t| t.text.clone())));
        commands.push(Command { id, text });
    }
    Some(Commands { noun, list: commands })
}

/// `related` ids wait until every code of the protocol is known; `paired_with` and
/// `equivalents` until every protocol is.
struct RawLinks {
    related: Vec<String>,
    paired_with: Vec<String>,
    equivalents: Vec<RawEquivalent>,
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
        outcome,
        acts,
        kind,
        first_step,
        registration,
        equivalents,
        translations,
    } = raw;
    if let Err(why) = check_code_id(&code) {
        report.at(&[key("code")], format!("`{code}` cannot be a code: {why}"), "codes are letters, digits, dots and underscores, starting with a letter or digit, such as \"550\" or X.1.1");
        return None;
    }
    let class = code_class(&code, head, report)?;
    for (position, alias) in aliases.iter().enumerate() {
        if let Err(why) = check_code_id(alias) {
            report.at(&[key("aliases"), Step::Item(position)], format!("alias `{alias}` cannot be used: {why}"), "aliases follow the same rules as codes");
        }
    }
    check_commands(&commands, head, report);
    check_languages(&translations, languages, report);
    let segments = code_segments(&code);
    let category = class.filter(|_| head.classes.iter().all(|c| c.range.is_none())).and_then(|_| segments.get(head.class_segment + 1)).and_then(|part| head.categories.get(*part)).cloned();
    let translations = &translations;
    let text = |pick: fn(&crate::source::raw::RawCodeTranslation) -> Option<&String>| move |lang: &str| translations.get(lang).and_then(pick).cloned();
    let provider_notes = provider_notes.into_iter().enumerate().map(|(position, note)| validate_provider_note(note, position, head, languages, report)).collect();
    let own_outcome = outcome.as_deref().and_then(|text| parse_choice(text, Outcome::parse, &[key("outcome")], OUTCOME_HINT, report));
    let code = Code {
        category,
        class_pattern: class.map(|c| class_pattern(&code, head.class_segment, &head.classes[c])),
        outcome: own_outcome.or_else(|| class.and_then(|c| head.classes[c].outcome)),
        acts: acts.as_deref().and_then(|a| label_index(&head.parties, a, "parties", &[key("acts")], report)),
        kind: kind.as_deref().and_then(|k| label_index(&head.kinds, k, "kinds", &[key("kind")], report)),
        first_step: first_step.map(|f| localize(languages, &f, text(|t| t.first_step.as_ref()))),
        registration: registration.as_deref().and_then(|r| parse_choice(r, Registration::parse, &[key("registration")], REGISTRATION_HINT, report)),
        equivalents: Vec::new(),
        class,
        name: localize(languages, &name, text(|t| t.name.as_ref())),
        summary: summary.map(|s| localize(languages, &s, text(|t| t.summary.as_ref()))),
        description: localize_markdown(languages, &description, text(|t| t.description.as_ref())),
        when_seen: localize_markdown(languages, &when_seen, text(|t| t.when_seen.as_ref())),
        how_to_fix: localize_markdown(languages, &how_to_fix, text(|t| t.how_to_fix.as_ref())),
        commands,
        retry: retry.map(|r| localize(languages, &r, text(|t| t.retry.as_ref()))),
        references: validate_references(references, languages, report),
        related: Vec::new(),
        paired_with: Vec::new(),
        aliases,
        provider_notes,
        fingerprint: report.source.fingerprint,
        file: report.source.path.clone(),
        id: code,
    };
    check_visible_text(&code, languages, report);
    Some((code, RawLinks { related, paired_with, equivalents }))
}

const REGISTRATION_HINT: &str = "write one of unused, obsolete, deprecated, temporary, reserved or unregistered";

/// The class of `code`: `None` for a protocol without classes or ranges; `Err` (reported) when
/// the code has no class the protocol knows.
fn code_class(code: &str, head: &ProtocolHead, report: &mut Reporter<'_>) -> Option<Option<usize>> {
    if head.classes.is_empty() {
        return Some(None);
    }
    if head.classes.iter().any(|c| c.range.is_some()) {
        let number: Option<u64> = code.parse().ok().filter(|_| code.bytes().all(|b| b.is_ascii_digit()));
        let Some(number) = number else {
            report.at(&[key("code")], format!("code `{code}` is not a whole number, and the protocol describes its codes by ranges"), "write the code as a number, such as \"1000\"");
            return None;
        };
        let Some(class) = head.classes.iter().position(|c| c.range.is_some_and(|(from, to)| (from..=to).contains(&number))) else {
            let known: Vec<&str> = head.classes.iter().map(|c| c.key.as_str()).collect();
            report.at(&[key("code")], format!("code `{code}` is in none of the protocol's ranges"), format!("the ranges are {}", known.join(", ")));
            return None;
        };
        return Some(Some(class));
    }
    let segments = code_segments(code);
    let Some(class_key) = segments.get(head.class_segment) else {
        report.at(&[key("code")], format!("code `{code}` has no part {} to take its class from", head.class_segment + 1), "check class_segment in _protocol.yaml");
        return None;
    };
    let Some(class) = head.classes.iter().position(|c| &c.key == class_key) else {
        let known: Vec<&str> = head.classes.iter().map(|c| c.key.as_str()).collect();
        report.at(&[key("code")], format!("code `{code}` is in class `{class_key}`, which the protocol does not define"), format!("the classes are {}; fix the code or add the class to _protocol.yaml", known.join(", ")));
        return None;
    };
    Some(Some(class))
}

/// A code's `commands` name the protocol's commands, when the protocol lists them.
fn check_commands(commands: &[String], head: &ProtocolHead, report: &mut Reporter<'_>) {
    // Without a list in _protocol.yaml (the format before lists existed) any name goes.
    let Some(known) = head.commands.as_ref().filter(|c| !c.list.is_empty()) else { return };
    for (position, command) in commands.iter().enumerate() {
        if !known.list.iter().any(|c| &c.id == command) {
            let hint = match closest(command, known.list.iter().map(|c| c.id.as_str())) {
                Some(name) => format!("did you mean `{name}`? The list is under `commands:` in _protocol.yaml"),
                None => "add it to `commands: list:` in _protocol.yaml, or fix the name".to_string(),
            };
            report.at(&[key("commands"), Step::Item(position)], format!("`{command}` is not one of the protocol's commands"), hint);
        }
    }
}

/// The known word closest to `word`, when it is a likely typo of it.
fn closest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known.map(|k| (crate::source::schema::edit_distance(&word.to_ascii_lowercase(), &k.to_ascii_lowercase()), k)).filter(|(d, _)| *d <= 2).min().map(|(_, k)| k)
}

fn parse_choice<T>(text: &str, parse: fn(&str) -> Option<T>, path: &[Step], hint: &str, report: &mut Reporter<'_>) -> Option<T> {
    let choice = parse(text);
    if choice.is_none() {
        report.at(path, format!("unknown value `{text}`"), hint);
    }
    choice
}

fn label_index(labels: &[Label], wanted: &str, field: &str, path: &[Step], report: &mut Reporter<'_>) -> Option<usize> {
    let index = labels.iter().position(|l| l.key == wanted);
    if index.is_none() {
        let known: Vec<&str> = labels.iter().map(|l| l.key.as_str()).collect();
        let hint = if known.is_empty() { format!("the protocol defines no `{field}`; add them to _protocol.yaml") } else { format!("the protocol's {field} are {}", known.join(", ")) };
        report.at(path, format!("`{wanted}` is not one of the protocol's {field}"), hint);
    }
    index
}

fn validate_provider_note(note: RawProviderNote, position: usize, head: &ProtocolHead, languages: &[String], report: &mut Reporter<'_>) -> ProviderNote {
    let RawProviderNote { provider, text, outcome, acts, kind, first_step, translations } = note;
    let path = [key("provider_notes"), Step::Item(position)];
    let at = |field: &str| [&path[..], &[key(field)]].concat();
    check_languages_at(&translations, languages, &path, report);
    ProviderNote {
        provider,
        text: localize_markdown(languages, &text, |lang| translations.get(lang).and_then(|t| t.text.clone())),
        outcome: outcome.as_deref().and_then(|o| parse_choice(o, Outcome::parse, &at("outcome"), OUTCOME_HINT, report)),
        acts: acts.as_deref().and_then(|a| label_index(&head.parties, a, "parties", &at("acts"), report)),
        kind: kind.as_deref().and_then(|k| label_index(&head.kinds, k, "kinds", &at("kind"), report)),
        first_step: first_step.map(|f| localize(languages, &f, |lang| translations.get(lang).and_then(|t| t.first_step.clone()))),
    }
}

/// A required Markdown field made only of raw HTML renders as nothing once sanitized: say so
/// here, at the field, rather than as an empty section of every page that shows it.
fn check_visible_text(code: &Code, languages: &[String], report: &mut Reporter<'_>) {
    for (field, html) in [("description", &code.description), ("when_seen", &code.when_seen), ("how_to_fix", &code.how_to_fix)] {
        for (position, (language, text)) in languages.iter().zip(html.values()).enumerate() {
            // Untranslated languages share the default's HTML, reported once.
            if (position > 0 && (html.is_fallback(position) || text == html.get(0))) || !markdown::is_blank(text) {
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
    if let Some(bad) = id.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '.' && *c != '_') {
        return Err(format!("it contains {bad:?}"));
    }
    if id.starts_with('.') || id.ends_with('.') || id.contains("..") {
        return Err("dots may only stand between other characters".into());
    }
    if id.starts_with('_') {
        return Err("it must start with a letter or a digit".into());
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

/// `354` → `3xx`; `X.1.1` with the class in part 1 → `X.1.x`; a range class → `1000–2999`.
fn class_pattern(code: &str, class_segment: usize, class: &Class) -> String {
    if let Some((from, to)) = class.range {
        return format!("{from}–{to}");
    }
    let segments = code_segments(code);
    let parts: Vec<&str> = segments.iter().enumerate().map(|(i, s)| if i <= class_segment { *s } else { "x" }).collect();
    parts.join(if code.contains('.') { "." } else { "" })
}

fn check_languages<T>(translations: &BTreeMap<String, T>, languages: &[String], report: &mut Reporter<'_>) {
    check_languages_at(translations, languages, &[], report);
}

/// Checks the languages of the `translations` map at `path` (a list item's own translations).
fn check_languages_at<T>(translations: &BTreeMap<String, T>, languages: &[String], path: &[Step], report: &mut Reporter<'_>) {
    for language in config::unknown_languages(translations, languages) {
        report.at(&[path, &[key("translations"), key(language)]].concat(), format!("translation for `{language}`, which is not one of the site's other languages"), format!("the site's languages are {}; add it to site.yaml or remove the translation", languages.join(", ")));
    }
}

fn localize(languages: &[String], default: &str, translated: impl Fn(&str) -> Option<String>) -> Localized<String> {
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
fn fallback_bit(i: usize) -> u64 {
    if i == 0 || i >= 64 { 0 } else { 1 << i }
}

/// Renders the Markdown of each language once; untranslated languages share the default's HTML.
fn localize_markdown(languages: &[String], default: &str, translated: impl Fn(&str) -> Option<String>) -> Localized<Html> {
    let default_html = markdown::render(default);
    let mut fallback = 0u64;
    let values = languages
        .iter()
        .enumerate()
        .map(|(i, lang)| match if i == 0 { None } else { translated(lang) } {
            Some(text) => markdown::render(&text),
            None => {
                fallback |= fallback_bit(i);
                default_html.clone()
            }
        })
        .collect();
    Localized::with_fallback(values, fallback)
}

fn validate_references(references: Vec<RawReference>, languages: &[String], report: &mut Reporter<'_>) -> Vec<Reference> {
    let mut valid = Vec::new();
    for (position, raw) in references.into_iter().enumerate() {
        let path = [key("references"), Step::Item(position)];
        if let Some(reference) = validate_reference(raw, languages, &path, report) {
            valid.push(reference);
        }
    }
    valid
}

/// One `{ doc, section, url, translations }` item at `path`.
fn validate_reference(raw: RawReference, languages: &[String], path: &[Step], report: &mut Reporter<'_>) -> Option<Reference> {
    let RawReference { doc, section, url, translations } = raw;
    check_languages_at(&translations, languages, path, report);
    let url = match url {
        Some(url) if config::parse_base_url(&url).is_ok() || (url.starts_with("https://") && !url.contains(['"', '<', '>', ' '])) => Some(url),
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

fn resolve_cross_protocol(pending: Vec<(Protocol, Vec<PendingRefs>)>, languages: &[String], diagnostics: &mut Vec<Diagnostic>) -> Vec<Protocol> {
    let mut pending = pending;
    pending.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let lookup: Vec<(String, HashMap<String, usize>)> =
        pending.iter().map(|(p, _)| (p.id.clone(), p.codes.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect())).collect();
    let find = |entry: &str| {
        let (p, c) = entry.split_once('/')?;
        let protocol_index = lookup.iter().position(|(id, _)| id == p)?;
        Some(CodeRef { protocol: protocol_index, code: *lookup[protocol_index].1.get(c)? })
    };
    let mut protocols = Vec::with_capacity(pending.len());
    let mut mirrored: Vec<(CodeRef, Equivalent)> = Vec::new();
    for (p, (mut protocol, refs)) in pending.into_iter().enumerate() {
        for PendingRefs { code, source, paired_with, equivalents } in refs {
            let mut report = Reporter { source: &source, diagnostics };
            for (position, entry) in paired_with.iter().enumerate() {
                match find(entry) {
                    Some(target) => protocol.codes[code].paired_with.push(target),
                    None => report.at(&[key("paired_with"), Step::Item(position)], format!("`{entry}` does not name an existing code"), "write protocol/code, such as smtp-enhanced/X.1.1 or smtp/550"),
                }
            }
            for (position, raw) in equivalents.into_iter().enumerate() {
                let path = [key("equivalents"), Step::Item(position)];
                let Some(other) = find(&raw.code).filter(|other| other.protocol != p) else {
                    report.at(&[&path[..], &[key("code")]].concat(), format!("`{}` does not name an existing code of another protocol", raw.code), "write protocol/code, such as http/503");
                    continue;
                };
                let RawEquivalent { code: _, doc, section, url, note, translations } = raw;
                let reference = RawReference { doc, section, url, translations: BTreeMap::new() };
                check_languages_at(&translations, languages, &path, &mut report);
                let Some(source_reference) = validate_reference(reference, languages, &path, &mut report) else { continue };
                let note = note.map(|n| localize_markdown(languages, &n, |lang| translations.get(lang).and_then(|t| t.note.clone())));
                let here = CodeRef { protocol: p, code };
                mirrored.push((other.clone(), Equivalent { other: here, declared_here: false, source: source_reference.clone(), note: note.clone() }));
                protocol.codes[code].equivalents.push(Equivalent { other, declared_here: true, source: source_reference, note });
            }
        }
        protocols.push(protocol);
    }
    // A mapping shows on both codes' pages; the file that declares it is the one to edit.
    for (target, equivalent) in mirrored {
        protocols[target.protocol].codes[target.code].equivalents.push(equivalent);
    }
    protocols
}

fn validate_providers(source: &SourceFile, raw: RawProviders, languages: &[String], diagnostics: &mut Vec<Diagnostic>) -> Vec<Provider> {
    let mut report = Reporter { source, diagnostics };
    let mut providers: Vec<Provider> = Vec::new();
    for (position, RawProvider { id, name, hints, url, translations }) in raw.providers.into_iter().enumerate() {
        let path = [key("providers"), Step::Item(position)];
        check_languages_at(&translations, languages, &path, &mut report);
        if !is_protocol_id(&id) {
            report.at(&[&path[..], &[key("id")]].concat(), format!("`{id}` cannot be a provider id"), "use lower-case letters, digits and dashes, such as gmail or microsoft-365");
            continue;
        }
        if providers.iter().any(|p| p.id == id) {
            report.at(&[&path[..], &[key("id")]].concat(), format!("provider `{id}` is listed twice"), "list each provider once");
            continue;
        }
        if let Some(bad) = url.as_ref().filter(|u| !u.starts_with("https://") || u.contains(['"', '<', '>', ' '])) {
            report.at(&[&path[..], &[key("url")]].concat(), format!("`{bad}` is not an https address"), "write a full https:// URL");
        }
        let name = localize(languages, &name, |lang| translations.get(lang).and_then(|t| t.name.clone()));
        providers.push(Provider { id, name, hints, url });
    }
    providers
}

/// Parses and validates the text of one code file against a fixed SMTP-like protocol in English
/// and Turkish, without touching the disk: the entry point of the fuzz and property tests.
/// Cross-file rules (duplicates, `related`, `paired_with`) are out of its reach.
pub fn check_code_text(text: &str) -> std::result::Result<(), Vec<Diagnostic>> {
    const PROTOCOL: &str = "name: SMTP\ntitle: T\ndescription: D\nclasses: {\"2\": A, \"3\": B, \"4\": C, \"5\": E}\ncategories: {\"0\": S}\n";
    let languages = ["en".to_string(), "tr".to_string()];
    let path = std::path::Path::new("fuzz/code.yaml");
    let mut protocol_source = SourceFile { path: "fuzz/_protocol.yaml".into(), text: PROTOCOL.into(), fingerprint: 0, positions: Default::default() };
    let raw_protocol = crate::source::yaml::parse::<RawProtocol>(&mut protocol_source, crate::source::raw::PROTOCOL_FIELDS).expect("the fixed protocol is valid");
    let mut diagnostics = Vec::new();
    let head = protocol_head("fuzz", &protocol_source, raw_protocol, &languages, &mut diagnostics);
    let mut source = SourceFile { path: path.to_path_buf(), text: text.to_string(), fingerprint: 0, positions: Default::default() };
    match crate::source::yaml::parse::<RawCode>(&mut source, crate::source::raw::CODE_FIELDS) {
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
        let class = |key: &str| Class { key: key.into(), label: Localized::new(vec![String::new()]), outcome: None, range: None };
        assert_eq!(class_pattern("354", 0, &class("3")), "3xx");
        assert_eq!(class_pattern("X.1.10", 1, &class("1")), "X.1.x");
        let range = Class { range: Some((1000, 2999)), ..class("1000-2999") };
        assert_eq!(class_pattern("1006", 0, &range), "1000–2999");
    }
}
