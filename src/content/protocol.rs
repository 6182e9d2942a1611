//! `_protocol.yaml`, checked: what every code of the protocol is checked against.

use std::collections::BTreeMap;

use crate::content::ids::parse_range;
use crate::content::links::LinkIndex;
use crate::content::model::{Class, Code, Command, CommandNoun, Commands, Html, Label, Localized, Outcome, Reference};
use crate::content::references::validate_references;
use crate::content::report::{Reporter, check_languages, check_languages_at, closest, localize};
use crate::error::Diagnostic;
use crate::source::files::SourceFile;
use crate::source::positions::{Step, key};
use crate::source::raw::{RawCommand, RawCommands, RawProtocol, RawProtocolTranslation, RawSearch};

/// What a protocol file says, checked: what every code of the protocol is checked against.
pub(crate) struct ProtocolHead {
    pub(crate) name: Localized<String>,
    pub(crate) prefix: Localized<String>,
    pub(crate) title: Localized<String>,
    pub(crate) description: Localized<Html>,
    pub(crate) classes: Vec<Class>,
    pub(crate) class_segment: usize,
    pub(crate) categories: BTreeMap<String, Localized<String>>,
    pub(crate) commands: Option<Commands>,
    pub(crate) parties: Vec<Label>,
    pub(crate) kinds: Vec<Label>,
    pub(crate) search_hints: Vec<String>,
    pub(crate) search_examples: Vec<String>,
    pub(crate) references: Vec<Reference>,
}

pub(crate) fn protocol_head(id: &str, source: &SourceFile, raw: RawProtocol, languages: &[String], links: &LinkIndex, diagnostics: &mut Vec<Diagnostic>) -> ProtocolHead {
    let RawProtocol { name, prefix, title, description, classes, class_segment, ranges, categories, retryable_classes, permanent_classes, outcomes, commands, session, search, parties, kinds, references, translations } =
        raw;
    let RawSearch { hints: search_hints, examples: search_examples } = search.unwrap_or_default();
    let mut report = Reporter { source, diagnostics, links, base: Some(id) };
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
    let commands = with_session(commands, session, &all_classes, languages, &mut report);
    ProtocolHead {
        title: localize(languages, &title, |lang| translations.get(lang).and_then(|t| t.title.clone())),
        description: report.markdown(languages, &[], "description", &description, |lang| translations.get(lang).and_then(|t| t.description.clone())),
        prefix: match &prefix {
            Some(prefix) => localize(languages, prefix, |lang| translations.get(lang).and_then(|t| t.prefix.clone())),
            None => localize(languages, &name, |lang| translations.get(lang).and_then(|t| t.prefix.clone().or_else(|| t.name.clone()))),
        },
        name: localize(languages, &name, |lang| translations.get(lang).and_then(|t| t.name.clone())),
        classes: all_classes,
        class_segment: class_segment.unwrap_or(0),
        categories,
        commands,
        parties,
        kinds,
        search_hints,
        search_examples,
        references: validate_references(references, languages, &mut report),
    }
}

/// The outcome of each class from `outcomes` and the older `retryable_classes` /
/// `permanent_classes` lists, every key checked against the classes or ranges.
pub(crate) fn class_outcomes(
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

pub(crate) const OUTCOME_HINT: &str = "write one of success, intermediate, redirect, transient or permanent";

pub(crate) fn check_overlapping_ranges(classes: &[Class], report: &mut Reporter<'_>) {
    let ranges: Vec<(&str, (u64, u64))> = classes.iter().filter_map(|c| Some((c.key.as_str(), c.range?))).collect();
    for pair in ranges.windows(2) {
        if pair[1].1.0 <= pair[0].1.1 {
            report.at(&[key("ranges"), key(pair[1].0)], format!("the range `{}` overlaps `{}`", pair[1].0, pair[0].0), "make the ranges disjoint");
        }
    }
}

pub(crate) fn validate_commands(raw: RawCommands, classes: &[Class], languages: &[String], report: &mut Reporter<'_>) -> Option<Commands> {
    let RawCommands { noun, list } = raw;
    let Some(noun) = CommandNoun::parse(&noun) else {
        report.at(&[key("commands"), key("noun")], format!("unknown noun `{noun}`"), "write command, method or opcode");
        return None;
    };
    let mut commands: Vec<Command> = Vec::with_capacity(list.len());
    for (position, RawCommand { id, text, classes: class_keys, translations }) in list.into_iter().enumerate() {
        let path = [key("commands"), key("list"), Step::Item(position)];
        check_languages_at(&translations, languages, &path, report);
        if commands.iter().any(|c| c.id == id) {
            report.at(&[&path[..], &[key("id")]].concat(), format!("`{id}` is listed twice"), "list each command once");
            continue;
        }
        let text = text.map(|text| localize(languages, &text, |lang| translations.get(lang).and_then(|t| t.text.clone())));
        let classes = step_classes(&class_keys, classes, &[&path[..], &[key("classes")]].concat(), report);
        commands.push(Command { id, text, classes });
    }
    Some(Commands { noun, list: commands, session: Vec::new() })
}

/// The classes a step names, as indexes; an unknown key is reported with the known ones.
fn step_classes(keys: &[String], classes: &[Class], path: &[Step], report: &mut Reporter<'_>) -> Vec<usize> {
    let mut found = Vec::with_capacity(keys.len());
    for (position, class_key) in keys.iter().enumerate() {
        let at = [path, &[Step::Item(position)]].concat();
        match classes.iter().position(|c| &c.key == class_key) {
            Some(index) if found.contains(&index) => report.at(&at, format!("the class `{class_key}` is named twice"), "name each class once"),
            Some(index) => found.push(index),
            None => {
                let known: Vec<&str> = classes.iter().map(|c| c.key.as_str()).collect();
                let hint = if known.is_empty() { "the protocol has no `classes` or `ranges`; define them first".to_string() } else { format!("the classes are {}", known.join(", ")) };
                report.at(&at, format!("`{class_key}` is not one of the protocol's classes"), hint);
            }
        }
    }
    found
}

/// `commands:` checked, with `session:` checked against its list: each step a listed id, none
/// twice. A session without a list is reported; with a list whose `noun` is wrong (reported by
/// `validate_commands`) the session is not checked further.
pub(crate) fn with_session(raw: Option<RawCommands>, session: Vec<String>, classes: &[Class], languages: &[String], report: &mut Reporter<'_>) -> Option<Commands> {
    let Some(raw) = raw else {
        if !session.is_empty() {
            report.at(&[key("session")], "`session` names steps, but the protocol has no `commands:`", "list the commands under `commands: { noun, list }`, then name the session's steps by their ids");
        }
        return None;
    };
    let mut commands = validate_commands(raw, classes, languages, report)?;
    for (position, id) in session.iter().enumerate() {
        let path = [key("session"), Step::Item(position)];
        let Some(index) = commands.list.iter().position(|c| &c.id == id) else {
            let hint = match closest(id, commands.list.iter().map(|c| c.id.as_str())) {
                Some(name) => format!("did you mean `{name}`? Each step is an id of `commands: list:`"),
                None => "each step is an id of `commands: list:`; add it there, or fix the name".to_string(),
            };
            report.at(&path, format!("`{id}` is not one of the protocol's commands"), hint);
            continue;
        };
        if commands.session.contains(&index) {
            report.at(&path, format!("`{id}` is a step of the session twice"), "name each step once: the diagram draws one row per step");
            continue;
        }
        commands.session.push(index);
    }
    Some(commands)
}

/// What every page of the protocol shows: its file, its code ids, and each code's `commands`,
/// which the session diagram draws on every page of a protocol with a session. `commands` are
/// hashed for every protocol: a change of them is rare, and rebuilding more than needed is
/// never wrong, while a page left stale would be.
pub(crate) fn protocol_fingerprint(file: u64, codes: &[Code]) -> u64 {
    let mut text = file.to_string();
    for code in codes {
        text.push('\n');
        text.push_str(&code.id);
        for command in &code.commands {
            text.push(' ');
            text.push_str(command);
        }
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}
