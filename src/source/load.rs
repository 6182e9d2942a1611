//! Walks `content/` and reads every file into raw entries, each with its path and text so that
//! later stages can point at lines. Reading and parsing only: no cross-file rules here.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::Diagnostic;
use crate::source::raw::{CODE_FIELDS, PAIR_NOTE_FIELDS, PROTOCOL_FIELDS, RawCode, RawPairNote, RawProtocol, RawSite, SITE_FIELDS};
use crate::source::yaml::{self, MAX_FILE_BYTES};

/// A file's text, with what identifies its content.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// The path, as found under the content folder.
    pub path: PathBuf,
    /// The text, without a byte-order mark.
    pub text: String,
    /// Hash of the bytes.
    pub fingerprint: u64,
}

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
    /// File stems of code files that could not be parsed: their ids are probably these, so
    /// references to them are not reported a second time.
    pub(crate) unparsed_stems: Vec<String>,
}

/// Everything read from `content/`, plus the problems met while reading.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) site: Option<Parsed<RawSite>>,
    pub(crate) protocols: Vec<LoadedProtocol>,
    /// Files of `content/static/`: (path inside the output, source).
    pub(crate) static_files: Vec<(String, PathBuf)>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Reads the content folder.
pub(crate) fn load_content(content: &Path) -> Loaded {
    let mut loaded = Loaded { site: None, protocols: Vec::new(), static_files: Vec::new(), diagnostics: Vec::new() };
    if !content.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::whole_file(content, "the content folder does not exist")
                .hint("run replyvs in a project folder, or pass --content DIR"),
        );
        return loaded;
    }
    let site_file = content.join("site.yaml");
    match read_and_parse::<RawSite>(&site_file, SITE_FIELDS) {
        Ok(site) => loaded.site = Some(site),
        Err(mut problems) => loaded.diagnostics.append(&mut problems),
    }
    for dir in sorted_subfolders(content) {
        let name = file_name(&dir);
        if name == "static" {
            loaded.static_files = list_static_files(&dir);
        } else if !name.starts_with('.') {
            let protocol = load_protocol(&dir, &mut loaded.diagnostics);
            loaded.protocols.push(protocol);
        }
    }
    loaded
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
    let unparsed_stems = code_files
        .iter()
        .filter(|file| !parsed.contains(&file.as_path()))
        .filter_map(|file| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let notes = parse_all::<RawPairNote>(&yaml_files(&dir.join("pairs")), PAIR_NOTE_FIELDS, diagnostics);
    LoadedProtocol { id, dir: dir.to_path_buf(), protocol, codes, notes, unparsed_stems }
}

fn parse_all<T: serde::de::DeserializeOwned + Send>(files: &[PathBuf], fields: &'static [yaml::Field], diagnostics: &mut Vec<Diagnostic>) -> Vec<Parsed<T>> {
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

fn read_and_parse<T: serde::de::DeserializeOwned>(file: &Path, fields: &'static [yaml::Field]) -> Result<Parsed<T>, Vec<Diagnostic>> {
    let source = read_source(file).map_err(|d| vec![d])?;
    let value = yaml::parse(&source.path, &source.text, fields)?;
    Ok((source, value))
}

/// Reads a text file: at most `MAX_FILE_BYTES`, UTF-8, without a byte-order mark.
pub(crate) fn read_source(file: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(file).map_err(|error| {
        let hint = if error.kind() == std::io::ErrorKind::NotFound { "create it; README.md describes its fields" } else { "check the file's permissions" };
        Diagnostic::whole_file(file, format!("cannot read the file: {error}")).hint(hint)
    })?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::whole_file(file, format!("the file is {} bytes; the limit is {MAX_FILE_BYTES}", bytes.len()))
            .hint("a reply code's text fits in a few kilobytes; split or shorten it"));
    }
    let fingerprint = xxhash_rust::xxh3::xxh3_64(&bytes);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| not_utf8(file, bytes, &error))?;
    Ok(SourceFile { path: file.to_path_buf(), text: text.to_string(), fingerprint })
}

fn not_utf8(file: &Path, bytes: &[u8], error: &std::str::Utf8Error) -> Diagnostic {
    let valid = &bytes[..error.valid_up_to()];
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
    let shown = String::from_utf8_lossy(bytes);
    Diagnostic::at(file, &shown, line, column, "the file is not valid UTF-8").hint("save the file with UTF-8 encoding")
}

/// The entries directly inside `dir` that are folders (`want_folders`) or files, in name order.
/// Symbolic links are neither, so nothing outside the content folder is read.
fn entries_of(dir: &Path, want_folders: bool) -> impl Iterator<Item = PathBuf> {
    WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(move |entry| if want_folders { entry.file_type().is_dir() } else { entry.file_type().is_file() })
        .map(|entry| entry.into_path())
}

fn sorted_subfolders(dir: &Path) -> Vec<PathBuf> {
    entries_of(dir, true).collect()
}

/// The `.yaml`/`.yml` files directly inside `dir`, except `_protocol.yaml`, in name order.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    entries_of(dir, false)
        .filter(|path| {
            let name = file_name(path);
            !name.starts_with('_') && !name.starts_with('.') && (name.ends_with(".yaml") || name.ends_with(".yml"))
        })
        .collect()
}

/// Every regular file below `dir`, as (output path, source); symbolic links are not followed,
/// so nothing outside the content folder is copied.
pub(crate) fn list_static_files(dir: &Path) -> Vec<(String, PathBuf)> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(dir).ok()?;
            let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            Some((parts.join("/"), entry.into_path()))
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
