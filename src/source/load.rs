//! Walks `content/` and reads every file into raw entries, each with its path and text so that
//! later stages can point at lines. Reading and parsing only: no cross-file rules here.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::source::documents::{RawDocument, is_document, load_documents};
use crate::source::files::{SourceFile, entries_of, file_name, is_yaml, read_source, sorted_subfolders, yaml_files};
use crate::source::raw::{CODE_FIELDS, PAIR_NOTE_FIELDS, PROTOCOL_FIELDS, PROVIDERS_FIELDS, RawCode, RawPairNote, RawProtocol, RawProviders, RawSite, SITE_FIELDS};
use crate::source::schema::Field;
use crate::source::yaml;

/// One parsed file.
pub(crate) type Parsed<T> = (SourceFile, T);

/// A protocol folder as read.
#[derive(Debug)]
pub(crate) struct LoadedProtocol {
    pub(crate) id: String,
    pub(crate) dir: PathBuf,
    pub(crate) protocol: Option<Parsed<RawProtocol>>,
    pub(crate) codes: Vec<Parsed<RawCode>>,
    pub(crate) notes: Vec<Parsed<RawPairNote>>,
    /// The files of `guides/`.
    pub(crate) guides: Vec<RawDocument>,
    /// File stems of code files that could not be parsed: their ids are probably these, so
    /// references to them are not reported a second time.
    pub(crate) unparsed_stems: Vec<String>,
}

/// Everything read from `content/`, plus the problems met while reading.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) site: Option<Parsed<RawSite>>,
    pub(crate) providers: Option<Parsed<RawProviders>>,
    pub(crate) protocols: Vec<LoadedProtocol>,
    /// The files of `pages/`.
    pub(crate) pages: Vec<RawDocument>,
    /// Problems that do not stop the build: files replyvs does not read.
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Reads the content folder.
pub(crate) fn load_content(content: &Path) -> Loaded {
    let mut loaded = Loaded { site: None, providers: None, protocols: Vec::new(), pages: Vec::new(), warnings: Vec::new(), diagnostics: Vec::new() };
    if !content.is_dir() {
        loaded.diagnostics.push(Diagnostic::whole_file(content, "the content folder does not exist").hint("run replyvs in a project folder, or pass --content DIR"));
        return loaded;
    }
    let site_file = content.join("site.yaml");
    match read_and_parse::<RawSite>(&site_file, SITE_FIELDS) {
        Ok(site) => loaded.site = Some(site),
        Err(mut problems) => loaded.diagnostics.append(&mut problems),
    }
    let providers_file = content.join("providers.yaml");
    if providers_file.is_file() {
        match read_and_parse::<RawProviders>(&providers_file, PROVIDERS_FIELDS) {
            Ok(providers) => loaded.providers = Some(providers),
            Err(mut problems) => loaded.diagnostics.append(&mut problems),
        }
    }
    let pages = content.join("pages");
    loaded.pages = load_documents(&pages, &mut loaded.diagnostics);
    loaded.warnings.extend(unread(&pages, is_document, "pages/ holds <slug>.md pages and their translations, <slug>.<lang>.md"));
    for dir in sorted_subfolders(content) {
        let name = file_name(&dir);
        if !RESERVED_FOLDERS.contains(&name.as_str()) && !name.starts_with('.') {
            let protocol = load_protocol(&dir, &mut loaded.diagnostics);
            loaded.warnings.extend(unread_files_of_protocol(&dir));
            loaded.protocols.push(protocol);
        }
    }
    let read_here = |name: &str| name == "site.yaml" || name == "providers.yaml";
    loaded.warnings.extend(unread(content, read_here, "content/ holds site.yaml, providers.yaml, static/, pages/ and one folder per protocol (README.md, \"The data format\")"));
    loaded
}

/// Folders of `content/` that are not protocols: `static/` (the site's own static files, read by
/// the theme stage) and `pages/` (Markdown pages).
pub(crate) const RESERVED_FOLDERS: &[&str] = &["static", "pages"];

/// Folders of a protocol: pair notes and Markdown guides.
const PROTOCOL_FOLDERS: &[&str] = &["pairs", "guides"];

/// Files directly in `dir` that replyvs does not read (`read` says which it does), as warnings;
/// hidden files are left alone.
fn unread(dir: &Path, read: impl Fn(&str) -> bool, hint: &str) -> Vec<Diagnostic> {
    entries_of(dir, false)
        .filter(|path| {
            let name = file_name(path);
            !name.starts_with('.') && !read(&name)
        })
        .map(|path| Diagnostic::whole_file(&path, "replyvs does not read this file").hint(hint))
        .collect()
}

fn unread_files_of_protocol(dir: &Path) -> Vec<Diagnostic> {
    let code_file = |name: &str| name == "_protocol.yaml" || (is_yaml(name) && !name.starts_with('_'));
    let mut warnings = unread(dir, code_file, "a protocol folder holds _protocol.yaml and one <code>.yaml per code");
    warnings.extend(unread(&dir.join("pairs"), |name| is_yaml(name) && !name.starts_with('_'), "pairs/ holds <a>-vs-<b>.yaml notes"));
    warnings.extend(unread(&dir.join("guides"), is_document, "guides/ holds <slug>.md guides and their translations, <slug>.<lang>.md"));
    warnings.extend(
        sorted_subfolders(dir)
            .into_iter()
            .filter(|sub| !PROTOCOL_FOLDERS.contains(&file_name(sub).as_str()) && !file_name(sub).starts_with('.'))
            .map(|sub| Diagnostic::whole_file(&sub, "replyvs does not read this folder").hint("a protocol folder holds pairs/ and guides/")),
    );
    warnings
}

fn load_protocol(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> LoadedProtocol {
    let id = file_name(dir);
    let protocol_file = dir.join("_protocol.yaml");
    let protocol = match read_and_parse::<RawProtocol>(&protocol_file, PROTOCOL_FIELDS) {
        Ok(parsed) => Some(parsed),
        Err(mut problems) => {
            diagnostics.append(&mut problems);
            None
        }
    };
    let code_files = yaml_files(dir);
    let codes = parse_all::<RawCode>(&code_files, CODE_FIELDS, diagnostics);
    let parsed: Vec<&Path> = codes.iter().map(|(source, _)| source.path.as_path()).collect();
    let unparsed_stems = code_files.iter().filter(|file| !parsed.contains(&file.as_path())).filter_map(|file| file.file_stem().map(|s| s.to_string_lossy().into_owned())).collect();
    let notes = parse_all::<RawPairNote>(&yaml_files(&dir.join("pairs")), PAIR_NOTE_FIELDS, diagnostics);
    let guides = load_documents(&dir.join("guides"), diagnostics);
    LoadedProtocol { id, dir: dir.to_path_buf(), protocol, codes, notes, guides, unparsed_stems }
}

fn parse_all<T: serde::de::DeserializeOwned + Send>(files: &[PathBuf], fields: &'static [Field], diagnostics: &mut Vec<Diagnostic>) -> Vec<Parsed<T>> {
    let results: Vec<_> = files.par_iter().map(|file| read_and_parse::<T>(file, fields)).collect();
    let mut parsed = Vec::new();
    for result in results {
        match result {
            Ok(entry) => parsed.push(entry),
            Err(mut problems) => diagnostics.append(&mut problems),
        }
    }
    parsed
}

/// Reads one YAML file and checks it against its fields.
pub(crate) fn read_and_parse<T: serde::de::DeserializeOwned>(file: &Path, fields: &'static [Field]) -> Result<Parsed<T>, Vec<Diagnostic>> {
    let mut source = read_source(file).map_err(|d| vec![d])?;
    let value = yaml::parse(&mut source, fields)?;
    Ok((source, value))
}
