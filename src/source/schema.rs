//! The data format's shapes, and a check that reports every unknown, missing or mistyped key
//! of a file at once, each at its place. serde reads the values afterwards; by then they fit.

use crate::error::Diagnostic;
use crate::source::files::SourceFile;
use crate::source::positions::Step;
use serde_yaml::Value;

/// What a value must look like.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// A non-empty string.
    Text,
    /// A boolean.
    Flag,
    /// A small non-negative integer.
    Index,
    /// A list of non-empty strings.
    TextList,
    /// A map from string keys to non-empty strings (class labels).
    TextMap,
    /// A list of records.
    Records(&'static [Field]),
    /// One record.
    Record(&'static [Field]),
    /// A map from language codes to records (`translations`).
    PerLanguage(&'static [Field]),
}

/// One key of a record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) required: bool,
    pub(crate) shape: Shape,
}

/// A required field.
pub(crate) const fn required(name: &'static str, shape: Shape) -> Field {
    Field { name, required: true, shape }
}

/// An optional field.
pub(crate) const fn optional(name: &'static str, shape: Shape) -> Field {
    Field { name, required: false, shape }
}

/// Checks `value` against `fields` and returns every problem as a diagnostic at its place.
pub(crate) fn check(value: &Value, fields: &'static [Field], source: &SourceFile) -> Vec<Diagnostic> {
    check_record(value, fields, &mut Vec::new()).into_iter().map(|p| p.into_diagnostic(source)).collect()
}

/// A shape problem, located by its key path.
struct Problem {
    path: Vec<Step>,
    /// Point at the key itself rather than its value (unknown keys).
    at_key: bool,
    message: String,
    hint: String,
}

impl Problem {
    fn into_diagnostic(self, source: &SourceFile) -> Diagnostic {
        let diagnostic = if self.at_key { source.at_key(&self.path, self.message) } else { source.at(&self.path, self.message) };
        diagnostic.hint(self.hint)
    }
}

pub(crate) fn path_text(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Item(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

fn check_record(value: &Value, fields: &'static [Field], path: &mut Vec<Step>) -> Vec<Problem> {
    let Some(map) = value.as_mapping() else {
        return vec![problem(path, false, format!("`{}` must be a mapping of keys to values", path_text(path)), "write `key: value` lines indented under it")];
    };
    let mut problems = Vec::new();
    // A required key that is only misspelled is reported once, as the unknown key with its
    // suggestion, not a second time as missing.
    let mut misspelled: Vec<&str> = Vec::new();
    for (key, _) in map {
        let Some(key) = key.as_str() else {
            problems.push(problem(path, false, "a key must be a plain word".to_string(), "keys are names such as `name` or `description`"));
            continue;
        };
        if !fields.iter().any(|f| f.name == key) {
            let guess = closest_field(key, fields);
            misspelled.extend(guess);
            path.push(Step::Key(key.to_string()));
            problems.push(problem(path, true, format!("unknown key `{}`", path_text(path)), &unknown_key_hint(guess, fields)));
            path.pop();
        }
    }
    for field in fields {
        path.push(Step::Key(field.name.to_string()));
        match map.get(field.name) {
            Some(Value::Null) if field.required => problems.push(problem(path, false, format!("`{}` is empty", path_text(path)), &format!("write the value after `{}:`", field.name))),
            None if field.required && !misspelled.contains(&field.name) => {
                let place = path[..path.len() - 1].to_vec();
                problems.push(Problem { path: place, at_key: true, message: format!("missing required key `{}`", path_text(path)), hint: format!("add `{}:` with a value", field.name) })
            }
            None | Some(Value::Null) => {}
            Some(inner) => problems.extend(check_shape(inner, field.shape, path)),
        }
        path.pop();
    }
    problems
}

fn check_shape(value: &Value, shape: Shape, path: &mut Vec<Step>) -> Vec<Problem> {
    match shape {
        Shape::Text => check_text(value, path).into_iter().collect(),
        Shape::Flag if value.is_bool() => Vec::new(),
        Shape::Flag => vec![problem(path, false, format!("`{}` must be true or false", path_text(path)), "write `true` or `false`")],
        Shape::Index if value.as_u64().is_some_and(|n| n < 16) => Vec::new(),
        Shape::Index => vec![problem(path, false, format!("`{}` must be a small whole number", path_text(path)), "write a number such as 0 or 1")],
        Shape::TextList => check_list(value, path, |item, path| check_text(item, path).into_iter().collect()),
        Shape::TextMap => check_text_map(value, path),
        Shape::Records(fields) => check_list(value, path, |item, path| check_record(item, fields, path)),
        Shape::Record(fields) => check_record(value, fields, path),
        Shape::PerLanguage(fields) => check_per_language(value, fields, path),
    }
}

fn check_text(value: &Value, path: &[Step]) -> Option<Problem> {
    match value {
        Value::String(text) if text.trim().is_empty() => Some(problem(path, false, format!("`{}` is empty", path_text(path)), "write the text, or remove the key if it is optional")),
        Value::String(_) => None,
        Value::Number(_) | Value::Bool(_) => {
            Some(problem(path, false, format!("`{}` must be text, but YAML read it as a {}", path_text(path), if value.is_bool() { "boolean" } else { "number" }), "put the value in double quotes, e.g. \"354\""))
        }
        _ => Some(problem(path, false, format!("`{}` must be text", path_text(path)), "write a single string value")),
    }
}

fn check_list(value: &Value, path: &mut Vec<Step>, check_item: impl Fn(&Value, &mut Vec<Step>) -> Vec<Problem>) -> Vec<Problem> {
    let Some(items) = value.as_sequence() else {
        return vec![problem(path, false, format!("`{}` must be a list", path_text(path)), "write `[a, b]` or one `- item` per line")];
    };
    let mut problems = Vec::new();
    for (index, item) in items.iter().enumerate() {
        path.push(Step::Item(index));
        problems.extend(check_item(item, path));
        path.pop();
    }
    problems
}

fn check_text_map(value: &Value, path: &mut Vec<Step>) -> Vec<Problem> {
    let Some(map) = value.as_mapping() else {
        return vec![problem(path, false, format!("`{}` must be a mapping", path_text(path)), "write `\"5\": Label` lines indented under it")];
    };
    let mut problems = Vec::new();
    for (key, item) in map {
        let key = match key {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => {
                problems.push(problem(path, false, format!("`{}` has a key that is not text", path_text(path)), "quote the key, e.g. \"5\""));
                continue;
            }
        };
        path.push(Step::Key(key));
        problems.extend(check_text(item, path));
        path.pop();
    }
    problems
}

fn check_per_language(value: &Value, fields: &'static [Field], path: &mut Vec<Step>) -> Vec<Problem> {
    let Some(map) = value.as_mapping() else {
        return vec![problem(path, false, format!("`{}` must map language codes to fields", path_text(path)), "write `tr:` with the translated fields indented under it")];
    };
    let mut problems = Vec::new();
    for (key, item) in map {
        let Some(key) = key.as_str() else {
            problems.push(problem(path, false, format!("`{}` has a key that is not a language code", path_text(path)), "write language codes such as `tr:` as keys"));
            continue;
        };
        path.push(Step::Key(key.to_string()));
        problems.extend(check_record(item, fields, path));
        path.pop();
    }
    problems
}

fn problem(path: &[Step], at_key: bool, message: String, hint: &str) -> Problem {
    Problem { path: path.to_vec(), at_key, message, hint: hint.to_string() }
}

/// The field `key` is most likely a misspelling of.
fn closest_field(key: &str, fields: &[Field]) -> Option<&'static str> {
    fields.iter().map(|f| (edit_distance(key, f.name), f.name)).min().filter(|(distance, _)| *distance <= 3).map(|(_, name)| name)
}

fn unknown_key_hint(guess: Option<&str>, fields: &[Field]) -> String {
    match guess {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("the keys allowed here are: {}", fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")),
    }
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
