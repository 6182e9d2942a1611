//! Where every key and value of a YAML file stands, read from a YAML event parser's marks and
//! indexed by key path. serde_yaml builds the values; this index only answers "where is
//! `references[0].secton`?", so a diagnostic never has to search the text again.
//!
//! Every lookup is total: a path that is not in the index (a value that came through an alias,
//! a file the event parser could not finish) falls back to the nearest ancestor that is, and
//! ultimately to the start of the file. Lines and columns are 1-based and count characters, as
//! editors do.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// One step of a path into a document: a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    Key(String),
    Item(usize),
}

/// A map key step.
pub(crate) fn key(name: &str) -> Step {
    Step::Key(name.to_string())
}

/// A 1-based line and column, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Mark {
    pub(crate) const START: Mark = Mark { line: 1, column: 1 };

    fn of(span: &Span) -> Mark {
        Mark { line: span.start.line().max(1), column: span.start.col() + 1 }
    }
}

/// How a scalar is written, which decides how an offset inside its text maps to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    /// Plain or quoted on one line: `offset` characters after the value's mark (plus the quote).
    Inline { quoted: bool },
    /// A `|` block: line `n` of the text is line `n` after the value's mark, at its column.
    Literal,
    /// Folded, multi-line, a container or an alias: only the value's mark is known.
    Opaque,
}

/// The place of one entry: its key (for list items, the item itself) and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) key: Mark,
    pub(crate) value: Mark,
    pub(crate) written: Written,
}

impl Place {
    const START: Place = Place { key: Mark::START, value: Mark::START, written: Written::Opaque };

    /// Where byte `offset` of the value's text (as YAML read it) stands in the file: exact for
    /// one-line scalars and `|` blocks, the value's start otherwise.
    pub(crate) fn mark_at(&self, text: &str, offset: usize) -> Mark {
        let Some(before) = text.get(..offset) else { return self.value };
        match self.written {
            Written::Inline { quoted } => Mark { line: self.value.line, column: self.value.column + usize::from(quoted) + before.chars().count() },
            Written::Literal => {
                let (line, column) = line_and_column(text, offset);
                Mark { line: self.value.line + line - 1, column: self.value.column + column - 1 }
            }
            Written::Opaque => self.value,
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// The index of a file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Positions {
    places: HashMap<Vec<Step>, Place>,
    /// Keys met a second time in the same mapping: (path, place of the second one).
    duplicates: Vec<(Vec<Step>, Mark)>,
    /// Where a second document starts, if the file has one.
    second_document: Option<Mark>,
    first_alias: Option<Mark>,
}

impl Positions {
    /// Indexes `text`. Never fails: a syntax error ends the index where the parser stopped.
    pub(crate) fn of(text: &str) -> Positions {
        let mut builder = Builder::default();
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            builder.on(event, &span);
        }
        builder.positions
    }

    /// The place of `path`, or of its nearest ancestor in the index.
    pub(crate) fn place(&self, path: &[Step]) -> Place {
        (0..=path.len()).rev().find_map(|len| self.places.get(&path[..len]).copied()).unwrap_or(Place::START)
    }

    /// Where the key `name` appears for the second time in one mapping.
    pub(crate) fn duplicate_of(&self, name: &str) -> Option<Mark> {
        self.duplicates.iter().find(|(path, _)| path.last() == Some(&Step::Key(name.to_string()))).map(|(_, mark)| *mark)
    }

    /// Where a second document starts.
    pub(crate) fn second_document(&self) -> Option<Mark> {
        self.second_document
    }

    /// The first alias (`*name`) of the file: where an alias bomb is reported.
    pub(crate) fn first_alias(&self) -> Option<Mark> {
        self.first_alias
    }
}

/// One open mapping or sequence while events stream by.
#[derive(Debug)]
enum Frame {
    Map {
        path: Vec<Step>,
        key: Option<(String, Mark)>,
        seen: Vec<String>,
    },
    Seq {
        path: Vec<Step>,
        next: usize,
    },
    /// A mapping or sequence used as a key: nothing inside it is addressable by a path.
    Skip,
}

#[derive(Debug, Default)]
struct Builder {
    positions: Positions,
    stack: Vec<Frame>,
    documents: usize,
}

impl Builder {
    fn on(&mut self, event: Event<'_>, span: &Span) {
        let mark = Mark::of(span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents == 2 {
                    self.positions.second_document = Some(mark);
                }
            }
            Event::Scalar(text, style, ..) => {
                let written = match style {
                    ScalarStyle::Plain => Written::Inline { quoted: false },
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Written::Inline { quoted: true },
                    ScalarStyle::Literal => Written::Literal,
                    ScalarStyle::Folded => Written::Opaque,
                };
                // A quoted or plain scalar that spans lines cannot be mapped offset by offset.
                let written = if span.end.line() != span.start.line() && matches!(written, Written::Inline { .. }) { Written::Opaque } else { written };
                // An empty value (`key:` and nothing) is a zero-width `~`.
                let text = if span.start.index() == span.end.index() { "" } else { &text };
                self.node(mark, written, Some(text), None);
            }
            Event::Alias(_) => {
                self.positions.first_alias.get_or_insert(mark);
                self.node(mark, Written::Opaque, Some("*"), None);
            }
            Event::MappingStart(..) => self.node(mark, Written::Opaque, None, Some(true)),
            Event::SequenceStart(..) => self.node(mark, Written::Opaque, None, Some(false)),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }

    /// A node starts at `mark`: a key, a value or an item. `container` is `Some(true)` for a
    /// mapping, `Some(false)` for a sequence, `None` for a scalar or alias.
    fn node(&mut self, mark: Mark, written: Written, text: Option<&str>, container: Option<bool>) {
        // Only the first document is indexed; serde_yaml refuses the others anyway.
        if self.documents > 1 {
            return;
        }
        let (path, key_mark) = match self.stack.last_mut() {
            None => (Some(Vec::new()), mark),
            Some(Frame::Skip) => (None, mark),
            Some(Frame::Map { key: key @ None, .. }) => {
                *key = Some((text.unwrap_or_default().to_string(), mark));
                if container.is_some() {
                    self.stack.push(Frame::Skip);
                }
                return;
            }
            Some(Frame::Map { path, key: key @ Some(_), seen }) => {
                let (name, key_mark) = key.take().expect("matched Some");
                let mut full = path.clone();
                full.push(Step::Key(name.clone()));
                if seen.contains(&name) {
                    self.positions.duplicates.push((full, key_mark));
                    (None, key_mark)
                } else {
                    seen.push(name);
                    (Some(full), key_mark)
                }
            }
            Some(Frame::Seq { path, next }) => {
                let mut full = path.clone();
                full.push(Step::Item(*next));
                *next += 1;
                (Some(full), mark)
            }
        };
        if let Some(path) = &path {
            // An empty value, or a block under its key, is best shown at the key's line.
            let empty = text.is_some_and(str::is_empty) && written == (Written::Inline { quoted: false });
            let below = container.is_some() && mark.line > key_mark.line;
            let value = if empty || below { key_mark } else { mark };
            self.positions.places.entry(path.clone()).or_insert(Place { key: key_mark, value, written });
        }
        match (container, path) {
            (Some(true), Some(path)) => self.stack.push(Frame::Map { path, key: None, seen: Vec::new() }),
            (Some(false), Some(path)) => self.stack.push(Frame::Seq { path, next: 0 }),
            (Some(_), None) => self.stack.push(Frame::Skip),
            (None, _) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns_in_characters() {
        assert_eq!(line_and_column("ab\nçd [x](y)", 7), (2, 4));
        assert_eq!(line_and_column("abc", 0), (1, 1));
        assert_eq!(line_and_column("abc", 99), (1, 4));
    }

    fn path(steps: &[&str]) -> Vec<Step> {
        steps.iter().map(|s| s.parse().map_or_else(|_| key(s), Step::Item)).collect()
    }

    #[test]
    fn keys_and_values_are_placed_in_characters() {
        let positions = Positions::of("name: \"Kısa özet: x\"\nözet: y\n");
        let place = positions.place(&path(&["özet"]));
        assert_eq!((place.key, place.value), (Mark { line: 2, column: 1 }, Mark { line: 2, column: 7 }));
        assert_eq!(positions.place(&path(&["name"])).value, Mark { line: 1, column: 7 });
    }

    #[test]
    fn bare_dash_items_and_flow_mappings_are_placed() {
        let text = "references:\n  -\n    doc: RFC 5321\n    secton: \"4.2.3\"\n  - { doc: RFC 5321, secton: \"3.3\" }\n";
        let positions = Positions::of(text);
        assert_eq!(positions.place(&path(&["references", "0", "secton"])).key, Mark { line: 4, column: 5 });
        assert_eq!(positions.place(&path(&["references", "1", "secton"])).key, Mark { line: 5, column: 22 });
        assert_eq!(positions.place(&path(&["references", "1"])).value, Mark { line: 5, column: 5 });
    }

    #[test]
    fn missing_paths_fall_back_to_their_nearest_ancestor() {
        let positions = Positions::of("a:\n  b: 1\n");
        assert_eq!(positions.place(&path(&["a"])).value, Mark { line: 1, column: 1 }, "a block is shown at its key");
        assert_eq!(positions.place(&path(&["a", "b", "c", "0"])).value, Mark { line: 2, column: 6 });
        assert_eq!(Positions::of("").place(&path(&["x"])), Place::START);
        assert_eq!(Positions::of("a: [unclosed\n").place(&path(&["a", "3"])).key, Mark { line: 1, column: 1 });
    }

    #[test]
    fn literal_blocks_say_where_their_text_starts() {
        let positions = Positions::of("description: |\n  one\n  two\n");
        let place = positions.place(&path(&["description"]));
        assert_eq!((place.value, place.written), (Mark { line: 2, column: 3 }, Written::Literal));
    }

    #[test]
    fn the_second_occurrence_of_a_key_is_the_duplicate() {
        let positions = Positions::of("a: 1\nb:\n  c: 1\n  c: 2\n");
        assert_eq!(positions.duplicate_of("c"), Some(Mark { line: 4, column: 3 }));
        assert_eq!(positions.place(&path(&["b", "c"])).value, Mark { line: 3, column: 6 });
    }
}
