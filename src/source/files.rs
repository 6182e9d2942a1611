//! Reading files: text with what identifies it, and the listing of folders. Symbolic links are
//! never followed, so nothing outside the content or theme folders is read.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Diagnostic;
use crate::source::positions::{Mark, Positions, Step};

/// Largest text file accepted; a reply code's text is a few kilobytes.
pub(crate) const MAX_FILE_BYTES: usize = 1024 * 1024;

/// A file's text, with what identifies its content and, once parsed, where its keys are.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// The path, as found under the content folder.
    pub(crate) path: PathBuf,
    /// The text, without a byte-order mark.
    pub(crate) text: String,
    /// Hash of the bytes.
    pub(crate) fingerprint: u64,
    /// Where each key path stands (empty until the file is parsed as YAML).
    pub(crate) positions: Positions,
}

impl SourceFile {
    /// A problem with the value at `path` (or its nearest ancestor).
    pub(crate) fn at(&self, path: &[Step], message: impl Into<String>) -> Diagnostic {
        let mark = self.positions.place(path).value;
        Diagnostic::at(&self.path, &self.text, mark.line, mark.column, message)
    }

    /// A problem at a mark of the file.
    pub(crate) fn at_mark(&self, mark: Mark, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.path, &self.text, mark.line, mark.column, message)
    }

    /// A problem with the key at `path` itself (unknown or misplaced keys).
    pub(crate) fn at_key(&self, path: &[Step], message: impl Into<String>) -> Diagnostic {
        let mark = self.positions.place(path).key;
        Diagnostic::at(&self.path, &self.text, mark.line, mark.column, message)
    }
}

/// Reads a text file: at most `MAX_FILE_BYTES`, UTF-8, without a byte-order mark.
pub(crate) fn read_source(file: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(file).map_err(|error| {
        let hint = if error.kind() == std::io::ErrorKind::NotFound { "create it; README.md describes its fields" } else { "check the file's permissions" };
        Diagnostic::whole_file(file, format!("cannot read the file: {error}")).hint(hint)
    })?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::whole_file(file, format!("the file is {} bytes; the limit is {MAX_FILE_BYTES}", bytes.len())).hint("a reply code's text fits in a few kilobytes; split or shorten it"));
    }
    let fingerprint = xxhash_rust::xxh3::xxh3_64(&bytes);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| not_utf8(file, bytes, &error))?;
    Ok(SourceFile { path: file.to_path_buf(), text: text.to_string(), fingerprint, positions: Positions::default() })
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
pub(crate) fn entries_of(dir: &Path, want_folders: bool) -> impl Iterator<Item = PathBuf> {
    WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(move |entry| if want_folders { entry.file_type().is_dir() } else { entry.file_type().is_file() })
        .map(|entry| entry.into_path())
}

pub(crate) fn sorted_subfolders(dir: &Path) -> Vec<PathBuf> {
    entries_of(dir, true).collect()
}

/// The `.yaml`/`.yml` files directly inside `dir`, except `_protocol.yaml`, in name order.
pub(crate) fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    entries_of(dir, false)
        .filter(|path| {
            let name = file_name(path);
            !name.starts_with('_') && !name.starts_with('.') && is_yaml(&name)
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

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The name of a file without its extension, as a string.
pub(crate) fn file_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Whether a file name is that of a YAML file.
pub(crate) fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}
