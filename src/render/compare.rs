//! What makes each pair page its own: facts computed from the two codes (same class or not,
//! what each reports and whether a client may retry, who acts, shared commands) turned into
//! sentences of the page's language. The sentences are the locale's; this module only picks
//! which one fits and what fills it, so no word order is decided here.

use crate::content::model::{Code, CommandNoun, Outcome, Protocol};
use crate::theme::Locale;

/// The generated text of a pair page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PairText {
    /// `<title>` and `<h1>`.
    pub(crate) title: String,
    /// The opening sentences: the classes and the meanings.
    pub(crate) intro: Vec<String>,
    /// The key differences, most important first.
    pub(crate) differences: Vec<String>,
}

/// Describes the pair `(a, b)` of `protocol` in `locale`'s language.
pub(crate) fn describe_pair(protocol: &Protocol, a: usize, b: usize, lang: usize, locale: &Locale) -> PairText {
    let (code_a, code_b) = (&protocol.codes[a], &protocol.codes[b]);
    let ids = Ids(code_a.id.as_str(), code_b.id.as_str());
    let title = locale.say("pair_title", &[("protocol", protocol.prefix.get(lang)), ("a", &code_a.id), ("a_name", code_a.name.get(lang)), ("b", &code_b.id), ("b_name", code_b.name.get(lang))]);
    let meaning = locale.say("difference_meaning", &ids.with(&[("a_name", code_a.name.get(lang)), ("b_name", code_b.name.get(lang))]));
    let mut intro = Vec::new();
    let mut differences = Vec::new();
    let classes = class_of(protocol, code_a).zip(class_of(protocol, code_b));
    match classes {
        // A registry's number ranges say who may define a code, not what it reports: the
        // outcome is compared on its own, as for a protocol without classes.
        Some(((class_a, pattern_a), (class_b, pattern_b))) if class_a.range.is_some() => {
            let (label_a, label_b) = (class_a.label.get(lang).as_str(), class_b.label.get(lang).as_str());
            if class_a.key == class_b.key {
                intro.push(locale.say("intro_same_range", &ids.with(&[("range_pattern", pattern_a), ("range", label_a)])));
            } else {
                let values = ids.with(&[("a_range_pattern", pattern_a), ("a_range", label_a), ("b_range_pattern", pattern_b), ("b_range", label_b)]);
                intro.push(locale.say("intro_ranges", &values));
                differences.push(locale.say("difference_range", &values));
            }
            differences.extend(outcome_difference(code_a, code_b, locale, ids));
        }
        Some(((class_a, pattern_a), (class_b, pattern_b))) => {
            let (label_a, label_b) = (class_a.label.get(lang).as_str(), class_b.label.get(lang).as_str());
            if class_a.key == class_b.key {
                let values = ids.with(&[("class_pattern", pattern_a), ("class", label_a)]);
                intro.push(locale.say("intro_same_class", &values));
                differences.push(locale.say("difference_same_class", &values));
            } else {
                intro.push(locale.say("intro_classes", &ids.with(&[("a_class_pattern", pattern_a), ("a_class", label_a), ("b_class_pattern", pattern_b), ("b_class", label_b)])));
                differences.push(locale.say("difference_class", &ids.with(&[("a_class", label_a), ("b_class", label_b)])));
            }
        }
        // Without a class digit, what each code reports is the first fact to compare.
        None => differences.extend(outcome_difference(code_a, code_b, locale, ids)),
    }
    intro.push(meaning.clone());
    differences.extend(retry_difference(code_a, code_b, locale, ids));
    if let (Some(category_a), Some(category_b)) = (&code_a.category, &code_b.category) {
        let (category_a, category_b) = (category_a.get(lang), category_b.get(lang));
        differences.push(if category_a == category_b {
            locale.say("difference_same_category", &ids.with(&[("category", category_a)]))
        } else {
            locale.say("difference_category", &ids.with(&[("a_category", category_a), ("b_category", category_b)]))
        });
    }
    differences.extend(acts_difference(protocol, code_a, code_b, lang, locale, ids));
    if let Some(noun) = protocol.command_noun() {
        differences.push(command_difference(protocol, code_a, code_b, noun, lang, locale, ids));
    }
    differences.push(meaning);
    PairText { title, intro, differences }
}

/// The two codes' ids, which every sentence about the pair is given as `{a}` and `{b}`.
#[derive(Clone, Copy)]
struct Ids<'c>(&'c str, &'c str);

impl<'c> Ids<'c> {
    fn with<'v>(self, extra: &[(&'static str, &'v str)]) -> Vec<(&'static str, &'v str)>
    where
        'c: 'v,
    {
        let mut values = vec![("a", self.0), ("b", self.1)];
        values.extend_from_slice(extra);
        values
    }
}

/// A code's class and its pattern (`5xx`), when the protocol has classes.
fn class_of<'p>(protocol: &'p Protocol, code: &'p Code) -> Option<(&'p crate::content::model::Class, &'p str)> {
    Some((&protocol.classes[code.class?], code.class_pattern.as_deref()?))
}

fn outcome_difference(a: &Code, b: &Code, locale: &Locale, ids: Ids<'_>) -> Option<String> {
    let phrase = |outcome: Outcome| locale.text(&format!("outcome_{}", outcome.key()));
    let (outcome_a, outcome_b) = (a.outcome?, b.outcome?);
    // "X reports a failure; Y reports a failure" would contrast two codes by what they share.
    if outcome_a == outcome_b {
        return Some(locale.say("difference_same_outcome", &ids.with(&[("outcome", phrase(outcome_a))])));
    }
    Some(locale.say("difference_outcome", &ids.with(&[("a_outcome", phrase(outcome_a)), ("b_outcome", phrase(outcome_b))])))
}

fn retry_difference(a: &Code, b: &Code, locale: &Locale, ids: Ids<'_>) -> Option<String> {
    let retryable = |code: &Code| code.outcome.and_then(Outcome::retryable);
    let key = match (retryable(a), retryable(b)) {
        (Some(true), Some(true)) => "difference_retry_both",
        (Some(true), Some(false)) => "difference_retry_first",
        (Some(false), Some(true)) => "difference_retry_second",
        (Some(false), Some(false)) => "difference_retry_neither",
        (Some(transient), None) | (None, Some(transient)) => {
            let failed = if retryable(a).is_some() { &a.id } else { &b.id };
            let key = if transient { "difference_retry_only_transient" } else { "difference_retry_only_permanent" };
            return Some(locale.say(key, &[("failed", failed)]));
        }
        (None, None) => return None,
    };
    Some(locale.say(key, &ids.with(&[])))
}

fn acts_difference(protocol: &Protocol, a: &Code, b: &Code, lang: usize, locale: &Locale, ids: Ids<'_>) -> Option<String> {
    let (party_a, party_b) = (protocol.parties[a.acts?].label.get(lang), protocol.parties[b.acts?].label.get(lang));
    Some(if a.acts == b.acts { locale.say("difference_same_acts", &ids.with(&[("party", party_a)])) } else { locale.say("difference_acts", &ids.with(&[("a_party", party_a), ("b_party", party_b)])) })
}

fn command_difference(protocol: &Protocol, a: &Code, b: &Code, noun: CommandNoun, lang: usize, locale: &Locale, ids: Ids<'_>) -> String {
    let key = |sentence: &str| format!("difference_{}s_{sentence}", noun.key());
    if a.commands.is_empty() || b.commands.is_empty() {
        return locale.say(&key("unknown"), &ids.with(&[]));
    }
    let and = locale.text("and");
    let shown = |id: &String| protocol.command_text(id, lang).to_string();
    let shared: Vec<String> = a.commands.iter().filter(|c| b.commands.contains(c)).map(shown).collect();
    if shared.is_empty() {
        let list_a: Vec<String> = a.commands.iter().map(shown).collect();
        let list_b: Vec<String> = b.commands.iter().map(shown).collect();
        let (joined_a, joined_b) = (join_list(&list_a, and), join_list(&list_b, and));
        locale.say_counted(&key("disjoint"), &[list_a.len(), list_b.len()], &ids.with(&[("a_commands", &joined_a), ("b_commands", &joined_b)]))
    } else {
        let joined = join_list(&shared, and);
        locale.say_counted(&key("shared"), &[shared.len()], &ids.with(&[("commands", &joined)]))
    }
}

/// Joins items as a list in the locale's words: `A, B and C`.
pub(crate) fn join_list<T: AsRef<str>>(items: &[T], and: &str) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    match items[..] {
        [] => String::new(),
        [only] => only.to_string(),
        [ref init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_naturally() {
        assert_eq!(join_list(&["RCPT"], "and"), "RCPT");
        assert_eq!(join_list::<&str>(&[], "and"), "");
        assert_eq!(join_list(&["MAIL", "RCPT"], "ve"), "MAIL ve RCPT");
        assert_eq!(join_list(&["MAIL", "RCPT", "DATA"], "and"), "MAIL, RCPT and DATA");
    }
}
