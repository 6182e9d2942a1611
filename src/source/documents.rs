//! Markdown documents: site pages (`content/pages/<slug>.md`) and guides
//! (`content/<protocol>/guides/<slug>.md`), each with a front matter of YAML between `---`
//! lines, and each translation in a file of its own (`<slug>.tr.md`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::source::files::{SourceFile, entries_of, file_name, read_source};
use crate::source::schema::{Field, Shape, optional, required};
use crate::source::yaml;

/// The front matter of a document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) weight: Option<usize>,
}

const FRONT_MATTER_FIELDS: &[Field] = &[required("title", Shape::Text), required("description", Shape::Text), optional("weight", Shape::Index)];

/// One file of a document: its front matter, and its Markdown body with the line it starts on.
#[derive(Debug)]
pub(crate) struct RawDocument {
    /// The whole file, with the positions of its front matter's keys.
    pub(crate) source: SourceFile,
    pub(crate) front: RawFrontMatter,
    pub(crate) body: String,
    /// The 1-based line of the file where the body starts.
    pub(crate) body_line: usize,
    /// The slug (`read-a-bounce`) and the language the file is written in (`None` for the
    /// default language).
    pub(crate) slug: String,
    pub(crate) lang: Option<String>,
}

/// The documents of `dir`: every `<slug>.md` and `<slug>.<lang>.md` in it.
pub(crate) fn load_documents(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawDocument> {
    let files: Vec<PathBuf> = entries_of(dir, false).filter(|p| is_document(&file_name(p))).collect();
    let mut documents = Vec::new();
    for file in files {
        match read_document(&file) {
            Ok(document) => documents.push(document),
            Err(mut problems) => diagnostics.append(&mut problems),
        }
    }
    documents
}

/// Whether a file of a documents folder is a document.
pub(crate) fn is_document(name: &str) -> bool {
    name.ends_with(".md") && !name.starts_with('.')
}

fn read_document(file: &Path) -> Result<RawDocument, Vec<Diagnostic>> {
    let mut source = read_source(file).map_err(|d| vec![d])?;
    let name = file_name(file);
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    let (slug, lang) = match stem.split_once('.') {
        Some((slug, lang)) => (slug.to_string(), Some(lang.to_string())),
        None => (stem.to_string(), None),
    };
    let (front, body, body_line) = split_front_matter(&source.text).ok_or_else(|| {
        vec![Diagnostic::at(file, &source.text, 1, 1, "a page starts with its front matter between two `---` lines").hint("write `---`, then `title: …` and `description: …`, then `---`, then the text")]
    })?;
    // The front matter is parsed with its `---` lines blanked, so that its positions are those
    // of the file; the file keeps its whole text for reports about the body.
    let whole_text = std::mem::replace(&mut source.text, front);
    let front_matter = yaml::parse::<RawFrontMatter>(&mut source, FRONT_MATTER_FIELDS)?;
    source.text = whole_text;
    Ok(RawDocument { source, front: front_matter, body, body_line, slug, lang })
}

/// Splits `---\nfront\n---\nbody`: the front matter with its `---` lines made blank (so its line
/// numbers stay those of the file), the body, and the line the body starts on.
fn split_front_matter(text: &str) -> Option<(String, String, usize)> {
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut front = String::from("\n");
    let mut line = 1;
    for next in lines.by_ref() {
        line += 1;
        if next.trim_end() == "---" {
            let body: String = lines.collect();
            return Some((front, body, line + 1));
        }
        front.push_str(next);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_matter_keeps_its_line_numbers_and_the_body_knows_where_it_starts() {
        let (front, body, line) = split_front_matter("---\ntitle: T\ndescription: D\n---\nBody\ntext\n").unwrap();
        assert_eq!(front, "\ntitle: T\ndescription: D\n");
        assert_eq!((body.as_str(), line), ("Body\ntext\n", 5));
        assert!(split_front_matter("title: T\n").is_none());
        assert!(split_front_matter("---\ntitle: T\n").is_none(), "an unclosed front matter");
    }
}
