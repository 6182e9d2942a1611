//! What makes each pair page its own: facts computed from the two codes (same class or not,
//! shared commands, which one a client may retry) turned into sentences of the page's language.
//! Sentences come from the theme's locale files with `{name}` placeholders; values are plain text
//! and the templates escape them.

use std::collections::BTreeMap;

use crate::content::model::{Code, Protocol};

/// The generated text of a pair page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PairText {
    /// `<title>` and `<h1>`.
    pub title: String,
    /// The opening sentences: the classes and the meanings.
    pub intro: Vec<String>,
    /// The key differences, most important first.
    pub differences: Vec<String>,
}

/// Fills `{name}` placeholders; unknown placeholders stay as they are, so a theme mistake shows.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Joins items as a list in the locale's words: `A, B and C`.
pub(crate) fn join_list(items: &[&str], and: &str) -> String {
    match items {
        [] => String::new(),
        [only] => only.to_string(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// Describes the pair `(a, b)` of `protocol` in the language whose strings are `locale`.
pub(crate) fn describe_pair(protocol: &Protocol, a: usize, b: usize, lang: usize, locale: &BTreeMap<String, String>) -> PairText {
    let (code_a, code_b) = (&protocol.codes[a], &protocol.codes[b]);
    let say = |key: &str, values: &[(&str, &str)]| fill(locale.get(key).map_or(key, String::as_str), values);
    let names = [("a", code_a.id.as_str()), ("b", code_b.id.as_str())];
    let title = say(
        "pair_title",
        &[("protocol", protocol.name.get(lang)), ("a", &code_a.id), ("a_name", code_a.name.get(lang)), ("b", &code_b.id), ("b_name", code_b.name.get(lang))],
    );
    let meaning = say("difference_meaning", &[names[0], names[1], ("a_name", code_a.name.get(lang)), ("b_name", code_b.name.get(lang))]);
    let mut intro = Vec::new();
    let mut differences = Vec::new();
    if let (Some((class_a, pattern_a)), Some((class_b, pattern_b))) = (class_of(protocol, code_a), class_of(protocol, code_b)) {
        let (label_a, label_b) = (class_a.label.get(lang).as_str(), class_b.label.get(lang).as_str());
        if class_a.key == class_b.key {
            intro.push(say("intro_same_class", &[names[0], names[1], ("class_pattern", pattern_a), ("class", label_a)]));
            differences.push(say("difference_same_class", &[names[0], names[1], ("class_pattern", pattern_a), ("class", label_a)]));
        } else {
            intro.push(say("intro_classes", &[names[0], names[1], ("a_class_pattern", pattern_a), ("a_class", label_a), ("b_class_pattern", pattern_b), ("b_class", label_b)]));
            differences.push(say("difference_class", &[names[0], names[1], ("a_class", label_a), ("b_class", label_b)]));
        }
    }
    intro.push(meaning.clone());
    if let Some(sentence) = retry_difference(code_a, code_b, &say, names) {
        differences.push(sentence);
    }
    if let (Some(category_a), Some(category_b)) = (&code_a.category, &code_b.category) {
        let (category_a, category_b) = (category_a.get(lang), category_b.get(lang));
        differences.push(if category_a == category_b {
            say("difference_same_category", &[names[0], names[1], ("category", category_a)])
        } else {
            say("difference_category", &[names[0], names[1], ("a_category", category_a), ("b_category", category_b)])
        });
    }
    // A protocol whose codes name no commands (gRPC, WebSocket) has nothing to compare here.
    if protocol.commands.is_some() || protocol.codes.iter().any(|c| !c.commands.is_empty()) {
        differences.push(command_difference(code_a, code_b, &say, locale, names));
    }
    differences.push(meaning);
    PairText { title, intro, differences }
}

/// A code's class and its pattern (`5xx`), when the protocol has classes.
fn class_of<'p>(protocol: &'p Protocol, code: &'p Code) -> Option<(&'p crate::content::model::Class, &'p str)> {
    Some((&protocol.classes[code.class?], code.class_pattern.as_deref()?))
}

fn retry_difference(a: &Code, b: &Code, say: &impl Fn(&str, &[(&str, &str)]) -> String, names: [(&str, &str); 2]) -> Option<String> {
    let retryable = |code: &Code| code.outcome.and_then(|o| o.retryable());
    let key = match (retryable(a), retryable(b)) {
        (Some(true), Some(true)) => "difference_retry_both",
        (Some(true), Some(false)) => "difference_retry_first",
        (Some(false), Some(true)) => "difference_retry_second",
        (Some(false), Some(false)) => "difference_retry_neither",
        (Some(transient), None) | (None, Some(transient)) => {
            let failed = if retryable(a).is_some() { names[0].1 } else { names[1].1 };
            let key = if transient { "difference_retry_only_transient" } else { "difference_retry_only_permanent" };
            return Some(say(key, &[("failed", failed)]));
        }
        (None, None) => return None,
    };
    Some(say(key, &names))
}

fn command_difference(a: &Code, b: &Code, say: &impl Fn(&str, &[(&str, &str)]) -> String, locale: &BTreeMap<String, String>, names: [(&str, &str); 2]) -> String {
    let and = locale.get("and").map_or("and", String::as_str);
    if a.commands.is_empty() || b.commands.is_empty() {
        return say("difference_commands_unknown", &names);
    }
    let shared: Vec<&str> = a.commands.iter().filter(|c| b.commands.contains(c)).map(String::as_str).collect();
    if shared.is_empty() {
        let list_a: Vec<&str> = a.commands.iter().map(String::as_str).collect();
        let list_b: Vec<&str> = b.commands.iter().map(String::as_str).collect();
        say("difference_commands_disjoint", &[names[0], names[1], ("a_commands", &join_list(&list_a, and)), ("b_commands", &join_list(&list_b, and))])
    } else {
        say("difference_commands_shared", &[names[0], names[1], ("commands", &join_list(&shared, and))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_naturally() {
        assert_eq!(join_list(&["RCPT"], "and"), "RCPT");
        assert_eq!(join_list(&["MAIL", "RCPT"], "ve"), "MAIL ve RCPT");
        assert_eq!(join_list(&["MAIL", "RCPT", "DATA"], "and"), "MAIL, RCPT and DATA");
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_left_visible() {
        assert_eq!(fill("{a} vs {b} {c}", &[("a", "354"), ("b", "550")]), "354 vs 550 {c}");
    }
}
