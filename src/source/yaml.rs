//! The only module that names the YAML deserializer (serde_yaml; serde_norway has the same API).
//! A file is parsed twice: by serde_yaml into values, and by an event parser into the index of
//! positions (`positions`) that every diagnostic takes its place from.

use serde::de::DeserializeOwned;
pub(crate) use serde_yaml::Value;

use crate::error::Diagnostic;
use crate::source::files::SourceFile;
use crate::source::positions::{Mark, Positions};
use crate::source::schema::{self, Field};

/// Parses `source` into `T`, first checking it against `fields` so that all shape problems are
/// reported together with their places. On success the file's positions are kept in `source`.
pub(crate) fn parse<T: DeserializeOwned>(source: &mut SourceFile, fields: &'static [Field]) -> Result<T, Vec<Diagnostic>> {
    let value = parse_value(source).map_err(|d| vec![d])?;
    let problems = schema::check(&value, fields, source);
    if !problems.is_empty() {
        return Err(problems);
    }
    // The schema check has seen every key and type serde is about to read.
    serde_yaml::from_value(value).map_err(|error| vec![Diagnostic::whole_file(&source.path, format!("cannot read the file: {error}"))])
}

/// Parses YAML syntax only: a top-level mapping, or the place and reason of a syntax error. The
/// file's positions are indexed on the way.
pub(crate) fn parse_value(source: &mut SourceFile) -> Result<Value, Diagnostic> {
    if source.text.trim().is_empty() {
        return Err(Diagnostic::whole_file(&source.path, "the file is empty").hint("write the fields described in README.md, \"The data format\""));
    }
    source.positions = Positions::of(&source.text);
    match serde_yaml::from_str::<Value>(&source.text) {
        Ok(Value::Mapping(map)) => Ok(Value::Mapping(map)),
        Ok(_) => Err(Diagnostic::at(&source.path, &source.text, 1, 1, "expected a mapping of `key: value` lines at the top level").hint("each file is a YAML mapping, e.g. `code: \"550\"` on its own line")),
        Err(error) => Err(syntax_diagnostic(source, &error)),
    }
}

/// serde_yaml writes "PROBLEM at line L column C[, while CONTEXT at line L column C]" with
/// 1-based lines and columns in characters; places are printed separately, so they are cut out.
fn syntax_diagnostic(source: &SourceFile, error: &serde_yaml::Error) -> Diagnostic {
    let mut mark = error.location().map(|l| Mark { line: l.line(), column: l.column() });
    let full = error.to_string();
    let (problem, context) = full.split_once(", while ").map_or((full.as_str(), None), |(p, c)| (p, Some(c)));
    let mut message = problem.split(" at line ").next().unwrap_or(problem).to_string();
    // Reader errors (a control character, invalid encoding) have a byte offset, not a line.
    if let Some((text, offset)) = message.split_once(" at position ") {
        mark = offset.parse().ok().and_then(|offset| mark_of_byte(&source.text, offset)).or(mark);
        message = text.to_string();
    }
    if let Some(context) = context {
        let (text, place) = context.split_once(" at line ").map_or((context, None), |(t, p)| (t, Some(p)));
        message.push_str(&format!(" while {text}"));
        // The context's place is where an unclosed quote or bracket was opened: the useful place
        // when the problem itself is only found at the end of the file.
        let opened = place.and_then(|p| p.split_once(" column ")).and_then(|(l, c)| Some(Mark { line: l.parse().ok()?, column: c.parse().ok()? }));
        if mark.is_none_or(|m| m.line > source.text.lines().count()) {
            mark = opened.or(mark);
        }
    }
    let positions = &source.positions;
    if let Some(key) = message.split_once("duplicate entry with key ").map(|(_, key)| key.trim_matches('"')) {
        mark = positions.duplicate_of(key).or(mark);
    } else if message.contains("more than one document") {
        mark = positions.second_document().or(mark);
    } else if mark.is_none() {
        mark = positions.first_alias();
    }
    let mark = mark.unwrap_or(Mark::START);
    let line_text = source.text.lines().nth(mark.line.saturating_sub(1)).unwrap_or_default();
    let hint = if message.contains("tab") || line_text.starts_with('\t') {
        "YAML indentation must use spaces, not tabs"
    } else if message.contains("duplicate entry") {
        "a key may appear only once in a mapping; keep one of the two"
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "the document nests or repeats too deeply; write the values out plainly"
    } else if message.contains("more than one document") {
        "a file holds one document: remove the `---` line and what follows, or move it to its own file"
    } else {
        "check quotes, colons and indentation on this line and the one before it"
    };
    Diagnostic::at(&source.path, &source.text, mark.line, mark.column, format!("YAML syntax error: {message}")).hint(hint)
}

/// The mark of a byte offset; `None` when the offset is not on a character boundary of `text`.
fn mark_of_byte(text: &str, offset: usize) -> Option<Mark> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    Some(Mark { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile { path: "t.yaml".into(), text: text.into(), fingerprint: 0, positions: Positions::default() }
    }

    #[test]
    fn syntax_errors_are_placed_in_characters_on_non_ascii_lines() {
        let diagnostic = parse_value(&mut source("name: \"Kısa özet\" x: y\n")).unwrap_err();
        assert_eq!((diagnostic.line, diagnostic.column), (1, 19), "{diagnostic}");
    }

    #[test]
    fn a_duplicate_key_is_reported_where_it_is_repeated() {
        let diagnostic = parse_value(&mut source("a: 1\nb:\n  c: 1\n  c: 2\n")).unwrap_err();
        assert_eq!((diagnostic.line, diagnostic.column), (4, 3), "{diagnostic}");
    }

    #[test]
    fn byte_offsets_inside_a_character_have_no_mark() {
        assert_eq!(mark_of_byte("ö", 1), None);
        assert_eq!(mark_of_byte("aö\nb", 4), Some(Mark { line: 2, column: 1 }));
    }
}
