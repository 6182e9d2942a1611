//! The only module that knows which YAML library is in use (serde_yaml today; serde_norway has
//! the same API), plus two things it lacks: a schema check that reports every unknown, missing or
//! mistyped key at once, and a way to find the line and column of a key path in the source.

use std::path::Path;

use serde::de::DeserializeOwned;
pub(crate) use serde_yaml::Value;

use crate::error::Diagnostic;

/// Largest YAML file accepted; a reply code's text is a few kilobytes.
pub(crate) const MAX_FILE_BYTES: usize = 1024 * 1024;

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

/// One step of a path into a document: a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Item(usize),
}

/// Parses `source` (the text of `file`) into `T`, first checking it against `fields` so that all
/// shape problems are reported together with their places.
pub(crate) fn parse<T: DeserializeOwned>(file: &Path, source: &str, fields: &'static [Field]) -> Result<T, Vec<Diagnostic>> {
    let value = parse_value(file, source).map_err(|d| vec![d])?;
    let problems = check_record(&value, fields, &mut Vec::new());
    if !problems.is_empty() {
        return Err(problems.into_iter().map(|p| p.into_diagnostic(file, source)).collect());
    }
    serde_yaml::from_value(value).map_err(|error| vec![Diagnostic::whole_file(file, error.to_string())])
}

/// Parses YAML syntax only, reporting the place of a syntax error.
pub(crate) fn parse_value(file: &Path, source: &str) -> Result<Value, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::whole_file(file, "the file is empty").hint("write the fields described in README.md, \"The data format\""));
    }
    match serde_yaml::from_str::<Value>(source) {
        Ok(Value::Mapping(map)) => Ok(Value::Mapping(map)),
        Ok(_) => Err(Diagnostic::at(file, source, 1, 1, "expected a mapping of `key: value` lines at the top level")
            .hint("each file is a YAML mapping, e.g. `code: \"550\"` on its own line")),
        Err(error) => Err(syntax_diagnostic(file, source, &error)),
    }
}

fn syntax_diagnostic(file: &Path, source: &str, error: &serde_yaml::Error) -> Diagnostic {
    let (mut line, mut column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let full = error.to_string();
    // serde_yaml writes "PROBLEM at line L column C[, CONTEXT at line L column C]"; places are
    // printed separately. The context's place is where an unclosed quote or bracket was opened,
    // which is the useful place when the problem is only found at the end of the file.
    let (problem, context) = full.split_once(", while ").map_or((full.as_str(), None), |(p, c)| (p, Some(c)));
    let mut message = problem.split(" at line ").next().unwrap_or(problem).to_string();
    // Reader errors (a control character, invalid encoding) have a byte offset, not a line.
    if let Some((text, offset)) = message.split_once(" at position ") {
        if let Some(place) = offset.parse().ok().and_then(|offset| place_of_offset(source, offset)) {
            (line, column) = place;
        }
        message = text.to_string();
    }
    if let Some(context) = context {
        let (text, place) = context.split_once(" at line ").map_or((context, None), |(t, p)| (t, Some(p)));
        message.push_str(&format!(" while {text}"));
        let place = place.and_then(|p| p.split_once(" column ")).and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)));
        if let Some(place) = place.filter(|_| line > source.lines().count()) {
            (line, column) = place;
        }
    }
    if let Some(place) = duplicate_key_place(source, line, column, &message).or_else(|| (line == 0).then(|| first_alias_place(source)).flatten()) {
        (line, column) = place;
    }
    let hint = if message.contains("tab") || source.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.starts_with('\t')) {
        "YAML indentation must use spaces, not tabs"
    } else if message.contains("duplicate entry") {
        "a key may appear only once in a mapping; keep one of the two"
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "the document nests or repeats too deeply; write the values out plainly"
    } else {
        "check quotes, colons and indentation on this line and the one before it"
    };
    Diagnostic::at(file, source, line, column, format!("YAML syntax error: {message}")).hint(hint)
}

/// The 1-based line and column of a byte offset.
fn place_of_offset(source: &str, offset: usize) -> Option<(usize, usize)> {
    let before = source.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    Some((before.matches('\n').count() + 1, before[line_start..].chars().count() + 1))
}

/// serde_yaml places a duplicate key at the start of its mapping: find the second occurrence
/// among the keys of that mapping (block style only).
fn duplicate_key_place(source: &str, line: usize, column: usize, message: &str) -> Option<(usize, usize)> {
    let key = message.split_once("duplicate entry with key ")?.1.trim_matches('"');
    let indent = column.checked_sub(1)?;
    let patterns = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")];
    let mut seen = 0;
    for (offset, text) in source.lines().enumerate().skip(line.checked_sub(1)?) {
        if is_blank(text) {
            continue;
        }
        if offset + 1 > line && indent_of(text) < indent {
            break;
        }
        let is_key = text.get(..indent).is_some_and(|lead| lead.trim_matches([' ', '-']).is_empty())
            && text.get(indent..).is_some_and(|rest| patterns.iter().any(|p| rest.starts_with(p.as_str())));
        if is_key {
            seen += 1;
            if seen == 2 {
                return Some((offset + 1, column));
            }
        }
    }
    None
}

/// An alias bomb has no place of its own: point at the first alias (`*name`).
fn first_alias_place(source: &str) -> Option<(usize, usize)> {
    source.lines().enumerate().find_map(|(offset, text)| {
        let bytes = text.as_bytes();
        let position = (0..bytes.len()).find(|&i| {
            bytes[i] == b'*' && (i == 0 || b" \t[{,:-".contains(&bytes[i - 1])) && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        })?;
        Some((offset + 1, text[..position].chars().count() + 1))
    })
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
    fn into_diagnostic(self, file: &Path, source: &str) -> Diagnostic {
        let place = locate(source, &self.path);
        let column = if self.at_key { place.key_column } else { place.value_column };
        Diagnostic::at(file, source, place.line, column, self.message).hint(self.hint)
    }
}

fn path_text(path: &[Step]) -> String {
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
    for (key, _) in map {
        let Some(key) = key.as_str() else {
            problems.push(problem(path, false, "a key must be a plain word".to_string(), "keys are names such as `name` or `description`"));
            continue;
        };
        if !fields.iter().any(|f| f.name == key) {
            path.push(Step::Key(key.to_string()));
            problems.push(problem(path, true, format!("unknown key `{}`", path_text(path)), &unknown_key_hint(key, fields)));
            path.pop();
        }
    }
    for field in fields {
        path.push(Step::Key(field.name.to_string()));
        match map.get(field.name) {
            Some(Value::Null) if field.required => {
                problems.push(problem(path, false, format!("`{}` is empty", path_text(path)), &format!("write the value after `{}:`", field.name)))
            }
            None if field.required => {
                let place = path[..path.len() - 1].to_vec();
                problems.push(Problem {
                    path: place,
                    at_key: true,
                    message: format!("missing required key `{}`", path_text(path)),
                    hint: format!("add `{}:` with a value", field.name),
                })
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
        Value::String(text) if text.trim().is_empty() => {
            Some(problem(path, false, format!("`{}` is empty", path_text(path)), "write the text, or remove the key if it is optional"))
        }
        Value::String(_) => None,
        Value::Number(_) | Value::Bool(_) => Some(problem(
            path,
            false,
            format!("`{}` must be text, but YAML read it as a {}", path_text(path), if value.is_bool() { "boolean" } else { "number" }),
            "put the value in double quotes, e.g. \"354\"",
        )),
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

fn unknown_key_hint(key: &str, fields: &[Field]) -> String {
    let closest = fields.iter().map(|f| (edit_distance(key, f.name), f.name)).min();
    match closest {
        Some((distance, name)) if distance <= 3 => format!("did you mean `{name}`?"),
        _ => format!("the keys allowed here are: {}", fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")),
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

/// Where a key path sits in the source text (1-based; column 0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) line: usize,
    pub(crate) key_column: usize,
    pub(crate) value_column: usize,
}

/// Finds the line of `path` in block-style YAML, also inside one-line flow mappings
/// (`- { doc: RFC 5321, section: "4.2.3" }`). Falls back to the deepest step it found.
pub(crate) fn locate(source: &str, path: &[Step]) -> Place {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Place { line: 1, key_column: 1, value_column: 1 };
    let mut start = 0;
    let mut parent_indent: Option<usize> = None;
    for step in path {
        let hit = match step {
            Step::Key(key) => find_key(&lines, start, parent_indent, key, found),
            Step::Item(index) => find_item(&lines, start, parent_indent, *index),
        };
        let Some((line_index, place)) = hit else { break };
        found = place;
        // A list item's keys stand at its content column; a mapping's keys are deeper than it.
        parent_indent = Some(place.key_column.saturating_sub(if matches!(step, Step::Item(_)) { 2 } else { 1 }));
        start = line_index + 1;
        if matches!(step, Step::Item(_)) || lines[line_index][place.key_column - 1..].contains('{') {
            // Keys of this item may sit on the same line (flow mapping or `- key: value`).
            start = line_index;
        }
    }
    found
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#')
}

fn find_key(lines: &[&str], start: usize, parent_indent: Option<usize>, key: &str, parent: Place) -> Option<(usize, Place)> {
    let patterns = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")];
    for (offset, line) in lines.iter().enumerate().skip(start) {
        if is_blank(line) {
            continue;
        }
        let indent = indent_of(line);
        let same_line_as_parent = offset + 1 == parent.line && offset == start;
        if !same_line_as_parent && parent_indent.is_some_and(|p| indent <= p) {
            return None;
        }
        // A key can follow the start of the line, a `- ` list marker, or `{`/`,` in a flow mapping.
        for pattern in &patterns {
            let mut search_from = if same_line_as_parent { parent.key_column - 1 } else { indent };
            while let Some(position) = line[search_from..].find(pattern.as_str()) {
                let column = search_from + position;
                let before = line[..column].trim_end();
                if column == indent || before.ends_with('-') || before.ends_with('{') || before.ends_with(',') {
                    let after = column + pattern.len();
                    let value_offset = line[after..].len() - line[after..].trim_start().len();
                    let value_column = if line[after..].trim().is_empty() { column + 1 } else { after + value_offset + 1 };
                    return Some((offset, Place { line: offset + 1, key_column: column + 1, value_column }));
                }
                search_from = column + 1;
            }
        }
    }
    None
}

/// The 1-based column of item `index` of the flow list opened at byte `open` of `line`.
fn flow_item_column(line: &str, open: usize, index: usize) -> Option<usize> {
    let (mut seen, mut depth, mut quote, mut escaped, mut at_item_start) = (0, 0, None, false, true);
    for (offset, c) in line[open + 1..].char_indices() {
        if let Some(q) = quote {
            match c {
                _ if escaped => escaped = false,
                '\\' if q == '"' => escaped = true,
                _ if c == q => quote = None,
                _ => {}
            }
            continue;
        }
        if at_item_start && !c.is_whitespace() {
            if seen == index && c != ']' {
                return Some(open + 1 + offset + 1);
            }
            at_item_start = false;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '{' => depth += 1,
            ']' | '}' if depth == 0 => return None,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                seen += 1;
                at_item_start = true;
            }
            _ => {}
        }
    }
    None
}

fn find_item(lines: &[&str], start: usize, parent_indent: Option<usize>, index: usize) -> Option<(usize, Place)> {
    // Flow list on the parent's own line: `related: ["450", "553"]`.
    if let Some(line) = lines.get(start.saturating_sub(1))
        && let Some(open) = line.find('[') {
            let column = flow_item_column(line, open, index).unwrap_or(open + 2);
            return Some((start.saturating_sub(1), Place { line: start, key_column: column, value_column: column }));
        }
    let mut seen = 0;
    for (offset, line) in lines.iter().enumerate().skip(start) {
        if is_blank(line) {
            continue;
        }
        let indent = indent_of(line);
        if parent_indent.is_some_and(|p| indent < p) {
            return None;
        }
        if line[indent..].starts_with("- ") || line[indent..] == *"-" {
            if seen == index {
                let column = indent + 3;
                return Some((offset, Place { line: offset + 1, key_column: column, value_column: column }));
            }
            seen += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(path: &[&str]) -> Vec<Step> {
        path.iter().map(|k| Step::Key(k.to_string())).collect()
    }

    #[test]
    fn nested_keys_are_located_by_line_and_column() {
        let source = "code: \"550\"\nname: x\ntranslations:\n  tr:\n    name: y\n";
        assert_eq!(locate(source, &keys(&["name"])), Place { line: 2, key_column: 1, value_column: 7 });
        assert_eq!(locate(source, &keys(&["translations", "tr", "name"])), Place { line: 5, key_column: 5, value_column: 11 });
    }

    #[test]
    fn keys_inside_flow_mappings_of_list_items_are_located() {
        let source = "references:\n  - { doc: RFC 5321, section: \"4.2.3\" }\n  - { doc: RFC 5321, secton: \"3.3\" }\n";
        let mut path = keys(&["references"]);
        path.push(Step::Item(1));
        path.push(Step::Key("secton".into()));
        assert_eq!(locate(source, &path), Place { line: 3, key_column: 22, value_column: 30 });
    }

    #[test]
    fn unknown_keys_suggest_the_closest_known_key() {
        const FIELDS: &[Field] = &[required("description", Shape::Text), optional("name", Shape::Text)];
        assert_eq!(unknown_key_hint("descripton", FIELDS), "did you mean `description`?");
    }
}
