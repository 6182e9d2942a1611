//! A commented YAML template of a record, generated from its schema (`source::raw`), so that a
//! field added to the data format appears in every new file without anyone remembering to add it
//! here. Required fields come first, live and empty: the schema check names each one until its
//! text is written. Optional fields follow, commented out, each with a one-line explanation.
//! `translations` ends the file, live, with a block for every language of the site but the
//! default one.

use crate::source::schema::{Field, Shape};

/// What a template is written for, beside its schema.
pub(crate) struct Template<'a> {
    /// The site's languages; the first is the default.
    pub(crate) languages: &'a [String],
    /// Values known in advance, by field path (`code` → `"599"`).
    pub(crate) values: Vec<(&'static str, String)>,
    /// Words added to a field's explanation for this protocol, by field path (`commands` → the
    /// protocol's list).
    pub(crate) notes: Vec<(&'static str, String)>,
}

/// One line of a template.
#[derive(Debug)]
struct Line {
    /// Commented out: an optional field, or a line inside one.
    commented: bool,
    /// The YAML, indentation included.
    yaml: String,
    /// What the field is for.
    comment: Option<String>,
}

/// Comments start in the same column up to this width of YAML; longer lines push theirs along.
const COMMENT_COLUMN: usize = 28;

impl Template<'_> {
    /// The template of a record of `fields`, as the text of a file.
    pub(crate) fn render(&self, fields: &'static [Field]) -> String {
        let lines = self.lines(fields);
        let shown = |line: &Line| if line.commented { format!("# {}", line.yaml) } else { line.yaml.clone() };
        let width = lines.iter().filter(|l| l.comment.is_some()).map(|l| shown(l).chars().count()).max().unwrap_or(0).min(COMMENT_COLUMN);
        let mut text = String::new();
        for line in &lines {
            match &line.comment {
                Some(comment) => text.push_str(&format!("{:<width$}  # {comment}\n", shown(line))),
                None => text.push_str(&format!("{}\n", shown(line))),
            }
        }
        text
    }

    fn lines(&self, fields: &'static [Field]) -> Vec<Line> {
        let per_language = |field: &&Field| matches!(field.shape, Shape::PerLanguage(_));
        let mut lines = Vec::new();
        for field in fields.iter().filter(|f| f.required && !per_language(f)) {
            let yaml = match self.values.iter().find(|(path, _)| *path == field.name) {
                Some((_, value)) => format!("{}: {value}", field.name),
                None => format!("{}:", field.name),
            };
            lines.push(Line { commented: false, yaml, comment: Some(self.explain(field, field.name)) });
        }
        let mut optional = fields.iter().filter(|f| !f.required && !per_language(f)).peekable();
        if optional.peek().is_some() {
            lines.push(blank());
        }
        for field in optional {
            self.field(field, field.name, "", true, &mut lines);
        }
        for field in fields.iter().filter(per_language) {
            lines.push(blank());
            self.translations(field, &mut lines);
        }
        lines
    }

    /// The lines of `field` at `path`, its key preceded by `lead` (indentation, and `- ` for the
    /// first key of a list item).
    fn field(&self, field: &Field, path: &str, lead: &str, commented: bool, lines: &mut Vec<Line>) {
        let key = format!("{lead}{}:", field.name);
        let comment = explanation(path).map(|_| self.explain(field, path));
        let indent = " ".repeat(lead.len() + 2);
        let mut push = |yaml: String| lines.push(Line { commented, yaml, comment: comment.clone() });
        match field.shape {
            Shape::Text => push(key),
            Shape::Flag => push(format!("{key} false")),
            Shape::Index => push(format!("{key} 0")),
            Shape::TextList => push(format!("{key} []")),
            Shape::TextMap => push(format!("{key} {{}}")),
            Shape::Record(fields) => {
                push(key);
                for inner in fields {
                    self.field(inner, &format!("{path}.{}", inner.name), &indent, commented, lines);
                }
            }
            Shape::Records(fields) => {
                push(key);
                for (position, inner) in fields.iter().enumerate() {
                    let lead = if position == 0 { format!("{indent}- ") } else { format!("{indent}  ") };
                    self.field(inner, &format!("{path}.{}", inner.name), &lead, commented, lines);
                }
            }
            Shape::PerLanguage(fields) => {
                push(key);
                for language in self.languages.iter().skip(1) {
                    lines.push(Line { commented, yaml: format!("{indent}{language}:"), comment: None });
                    for inner in fields {
                        self.field(inner, &format!("{path}.{language}.{}", inner.name), &format!("{indent}  "), commented, lines);
                    }
                }
            }
        }
    }

    /// `translations` at the top of the file: live, one block per language but the default, each
    /// field empty, which shows the default language's text.
    fn translations(&self, field: &Field, lines: &mut Vec<Line>) {
        let default = self.languages.first().map_or("en", String::as_str);
        if self.languages.len() < 2 {
            let comment = format!("{}; site.yaml lists one language, {default}", self.explain(field, field.name));
            lines.push(Line { commented: true, yaml: format!("{}:", field.name), comment: Some(comment) });
            return;
        }
        let comment = format!("{}; an empty field shows the {default} text", self.explain(field, field.name));
        lines.push(Line { commented: false, yaml: format!("{}:", field.name), comment: Some(comment) });
        let Shape::PerLanguage(fields) = field.shape else { return };
        for language in self.languages.iter().skip(1) {
            lines.push(Line { commented: false, yaml: format!("  {language}:"), comment: None });
            for inner in fields {
                self.field(inner, &format!("{}.{language}.{}", field.name, inner.name), "    ", false, lines);
            }
        }
    }

    /// The explanation of the field at `path`, marked when required, with this protocol's note.
    fn explain(&self, field: &Field, path: &str) -> String {
        let mut text = explanation(path).unwrap_or_default().to_string();
        if let Some((_, note)) = self.notes.iter().find(|(at, _)| *at == path) {
            text.push_str("; ");
            text.push_str(note);
        }
        match (field.required, text.is_empty()) {
            (true, true) => "required".to_string(),
            (true, false) => format!("required: {text}"),
            (false, _) => text,
        }
    }
}

fn blank() -> Line {
    Line { commented: false, yaml: String::new(), comment: None }
}

/// What each field of a code file and a pair note is for, by its path; fields under
/// `translations` are the same fields in another language and need none.
const EXPLANATIONS: &[(&str, &str)] = &[
    ("code", "the code as text; the file is named after it"),
    ("name", "its meaning as the specification words it, not a folk title"),
    ("summary", "one plain sentence, used in meta descriptions and lists"),
    ("description", "what the code means (Markdown)"),
    ("when_seen", "when you encounter it (Markdown)"),
    ("how_to_fix", "what to do about it (Markdown)"),
    ("commands", "the commands that can elicit it, as a list"),
    ("retry", "one or two plain sentences: what a client should do next"),
    ("references", "the documents that define it"),
    ("references.doc", "the document, such as RFC 5321"),
    ("references.section", "its section, such as 4.2.3"),
    ("references.url", "its address; RFCs get one without it"),
    ("references.translations", "the document's name and section in other languages, when they are words"),
    ("related", "codes of this protocol worth reading next, such as [\"450\"]"),
    ("paired_with", "codes of other protocols usually seen with it, as protocol/code"),
    ("aliases", "other spellings people search for; each gets a page that points here"),
    ("provider_notes", "how a provider's use of the code differs from the specification"),
    ("provider_notes.provider", "the provider's name"),
    ("provider_notes.text", "what the provider does differently (Markdown)"),
    ("provider_notes.outcome", "the outcome, when the provider's differs"),
    ("provider_notes.acts", "who acts first, when it differs for this provider"),
    ("provider_notes.kind", "the kind of problem, when it differs for this provider"),
    ("provider_notes.first_step", "the first thing to do with this provider"),
    ("provider_notes.translations", "the text and first step in other languages"),
    ("outcome", "when the class does not decide it: success, intermediate, redirect, transient or permanent"),
    ("acts", "who must act first"),
    ("kind", "the kind of problem it reports"),
    ("first_step", "one plain sentence: the first thing to do"),
    ("registration", "when the registry lists it otherwise than as assigned: unused, obsolete, deprecated, temporary, reserved or unregistered"),
    ("equivalents", "codes of other protocols that a document defines as its counterpart"),
    ("equivalents.code", "the other code, as protocol/code, such as http/503"),
    ("equivalents.doc", "the document that defines the mapping"),
    ("equivalents.section", "its section"),
    ("equivalents.url", "its address"),
    ("equivalents.note", "in which direction it maps, and with what limits (Markdown)"),
    ("equivalents.translations", "the note in other languages"),
    ("codes", "the two codes, in any order"),
    ("note", "what only this pair needs explained (Markdown)"),
    ("translations", "the text in the site's other languages"),
];

fn explanation(path: &str) -> Option<&'static str> {
    EXPLANATIONS.iter().find(|(at, _)| *at == path).map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::raw::{CODE_FIELDS, PAIR_NOTE_FIELDS, PROTOCOL_FIELDS};
    use crate::source::yaml::Value;

    /// Every field path of `fields` outside `translations`, which needs an explanation.
    fn explained_paths(fields: &'static [Field], prefix: &str, paths: &mut Vec<String>) {
        for field in fields {
            let path = if prefix.is_empty() { field.name.to_string() } else { format!("{prefix}.{}", field.name) };
            if let Shape::Record(inner) | Shape::Records(inner) = field.shape {
                explained_paths(inner, &path, paths);
            }
            paths.push(path);
        }
    }

    #[test]
    fn every_field_of_a_code_and_a_pair_note_is_explained_and_every_explanation_is_of_a_field() {
        let mut paths = Vec::new();
        explained_paths(CODE_FIELDS, "", &mut paths);
        explained_paths(PAIR_NOTE_FIELDS, "", &mut paths);
        for path in &paths {
            assert!(explanation(path).is_some(), "`{path}` has no explanation in EXPLANATIONS");
        }
        for (path, _) in EXPLANATIONS {
            assert!(paths.iter().any(|p| p == path), "`{path}` is explained but no schema has it");
        }
    }

    /// The template with every line uncommented and no comments: YAML that holds every key.
    fn uncommented(template: &Template<'_>, fields: &'static [Field]) -> Value {
        let text: String = template.lines(fields).iter().map(|line| format!("{}\n", line.yaml)).collect();
        serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{error}\n{text}"))
    }

    /// Whether `value` has exactly the keys of `fields`, at every depth.
    fn mirrors(value: &Value, fields: &'static [Field], languages: &[String], at: &str) {
        let map = value.as_mapping().unwrap_or_else(|| panic!("`{at}` is not a mapping"));
        let keys: Vec<&str> = map.keys().filter_map(Value::as_str).collect();
        let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
        assert_eq!(keys.len(), names.len(), "`{at}` has {keys:?}, the schema {names:?}");
        for field in fields {
            let inner = map.get(field.name).unwrap_or_else(|| panic!("`{at}` lacks `{}`", field.name));
            let path = format!("{at}.{}", field.name);
            match field.shape {
                Shape::Record(fields) => mirrors(inner, fields, languages, &path),
                Shape::Records(fields) => mirrors(&inner.as_sequence().expect("a list")[0], fields, languages, &path),
                Shape::PerLanguage(fields) => {
                    for language in &languages[1..] {
                        mirrors(inner.get(language.as_str()).expect("a block per language"), fields, languages, &path);
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn the_templates_hold_every_key_of_their_schema_at_every_depth() {
        let languages = ["en".to_string(), "tr".to_string(), "de".to_string()];
        let template = Template { languages: &languages, values: vec![("code", "\"599\"".into())], notes: Vec::new() };
        for fields in [CODE_FIELDS, PAIR_NOTE_FIELDS, PROTOCOL_FIELDS] {
            mirrors(&uncommented(&template, fields), fields, &languages, "");
        }
    }

    #[test]
    fn required_fields_come_first_live_and_the_others_commented_out() {
        let languages = ["en".to_string(), "tr".to_string()];
        let template = Template { languages: &languages, values: vec![("code", "\"599\"".into())], notes: vec![("commands", "the protocol lists SEND, QUIT".into())] };
        let text = template.render(CODE_FIELDS);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("code: \"599\"") && lines[0].ends_with("# required: the code as text; the file is named after it"), "{text}");
        assert!(lines[1].starts_with("name: ") && lines[1].contains("# required: "), "{text}");
        assert!(text.contains("\n# commands: []"), "{text}");
        assert!(text.contains("# the commands that can elicit it, as a list; the protocol lists SEND, QUIT\n"), "{text}");
        assert!(text.contains("\n#   - doc:"), "{text}");
        assert!(text.contains("\ntranslations:"), "{text}");
        assert!(text.contains("\n  tr:\n    name:\n"), "{text}");
    }

    #[test]
    fn a_site_of_one_language_gets_translations_commented_out() {
        let languages = ["en".to_string()];
        let template = Template { languages: &languages, values: Vec::new(), notes: Vec::new() };
        let text = template.render(PAIR_NOTE_FIELDS);
        assert!(text.contains("\n# translations:"), "{text}");
        assert!(!text.contains("\ntranslations:"), "{text}");
    }
}
