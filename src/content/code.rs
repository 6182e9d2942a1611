//! One code file, checked field by field.

use crate::content::ids::{check_code_id, class_pattern, code_segments};
use crate::content::markdown;
use crate::content::model::{Code, Outcome, ProviderNote, Registration};
use crate::content::protocol::{OUTCOME_HINT, ProtocolHead};
use crate::content::references::validate_references;
use crate::content::report::{Reporter, check_languages, check_languages_at, closest, label_index, localize, parse_choice};
use crate::source::positions::{Step, key};
use crate::source::raw::{RawCode, RawEquivalent, RawProviderNote};

/// `related` ids wait until every code of the protocol is known; `paired_with` and
/// `equivalents` until every protocol is.
pub(crate) struct RawLinks {
    pub(crate) related: Vec<String>,
    pub(crate) paired_with: Vec<String>,
    pub(crate) equivalents: Vec<RawEquivalent>,
}

pub(crate) fn validate_code(raw: RawCode, head: &ProtocolHead, languages: &[String], report: &mut Reporter<'_>) -> Option<(Code, RawLinks)> {
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
        description: report.markdown(languages, &[], "description", &description, text(|t| t.description.as_ref())),
        when_seen: report.markdown(languages, &[], "when_seen", &when_seen, text(|t| t.when_seen.as_ref())),
        how_to_fix: report.markdown(languages, &[], "how_to_fix", &how_to_fix, text(|t| t.how_to_fix.as_ref())),
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

pub(crate) const REGISTRATION_HINT: &str = "write one of unused, obsolete, deprecated, temporary, reserved or unregistered";

/// The class of `code`: `None` for a protocol without classes or ranges; `Err` (reported) when
/// the code has no class the protocol knows.
pub(crate) fn code_class(code: &str, head: &ProtocolHead, report: &mut Reporter<'_>) -> Option<Option<usize>> {
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
pub(crate) fn check_commands(commands: &[String], head: &ProtocolHead, report: &mut Reporter<'_>) {
    // Without a list in _protocol.yaml (the format before lists existed) any name goes.
    let Some(known) = head.commands.as_ref().filter(|c| !c.list.is_empty()) else { return };
    for (position, command) in commands.iter().enumerate() {
        if let Some(step) = known.list.iter().find(|c| &c.id == command && !c.classes.is_empty()) {
            let classes: Vec<&str> = step.classes.iter().map(|&k| head.classes[k].key.as_str()).collect();
            report.at(
                &[key("commands"), Step::Item(position)],
                format!("`{command}` is a step that its classes answer, not something a code names"),
                format!("remove it: every code of class {} is drawn at that step", classes.join(", ")),
            );
        } else if !known.list.iter().any(|c| &c.id == command) {
            let hint = match closest(command, known.list.iter().map(|c| c.id.as_str())) {
                Some(name) => format!("did you mean `{name}`? The list is under `commands:` in _protocol.yaml"),
                None => "add it to `commands: list:` in _protocol.yaml, or fix the name".to_string(),
            };
            report.at(&[key("commands"), Step::Item(position)], format!("`{command}` is not one of the protocol's commands"), hint);
        }
    }
}

pub(crate) fn validate_provider_note(note: RawProviderNote, position: usize, head: &ProtocolHead, languages: &[String], report: &mut Reporter<'_>) -> ProviderNote {
    let RawProviderNote { provider, text, outcome, acts, kind, first_step, translations } = note;
    let path = [key("provider_notes"), Step::Item(position)];
    let at = |field: &str| [&path[..], &[key(field)]].concat();
    check_languages_at(&translations, languages, &path, report);
    ProviderNote {
        provider,
        text: report.markdown(languages, &path, "text", &text, |lang| translations.get(lang).and_then(|t| t.text.clone())),
        outcome: outcome.as_deref().and_then(|o| parse_choice(o, Outcome::parse, &at("outcome"), OUTCOME_HINT, report)),
        acts: acts.as_deref().and_then(|a| label_index(&head.parties, a, "parties", &at("acts"), report)),
        kind: kind.as_deref().and_then(|k| label_index(&head.kinds, k, "kinds", &at("kind"), report)),
        first_step: first_step.map(|f| localize(languages, &f, |lang| translations.get(lang).and_then(|t| t.first_step.clone()))),
    }
}

/// A required Markdown field made only of raw HTML renders as nothing once sanitized: say so
/// here, at the field, rather than as an empty section of every page that shows it.
pub(crate) fn check_visible_text(code: &Code, languages: &[String], report: &mut Reporter<'_>) {
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
