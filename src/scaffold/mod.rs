//! Files written for the user to start from: a new site (`init`), a new code or pair note with
//! every field of the data format (`new`), and the built-in theme (`theme export`). Nothing here
//! ever replaces a file that is already there.

mod new;
mod starter;
mod template;

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, IoContext, Result};
use crate::theme::layers::EMBEDDED_THEME;

pub use new::{new_code, new_pair};
pub use starter::init;

/// What to do when the folder to write into already holds files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse the folder (a usage error). Hidden entries such as `.git` do not count, so a freshly
    /// cloned repository is still an empty folder.
    Refuse,
    /// Write into it anyway, keeping every file that is already there as it is.
    Keep,
}

/// What a command that writes a tree of files did.
#[derive(Debug, Default)]
pub struct Written {
    /// The files written, in the order they were written.
    pub written: Vec<PathBuf>,
    /// The files left as they were because they already existed.
    pub kept: Vec<PathBuf>,
}

/// Writes every file of the built-in theme (templates, partials, locales, static files) into
/// `dir`, to start a theme of one's own from.
pub fn export_theme(dir: &Path, existing: Existing) -> Result<Written> {
    write_tree(dir, EMBEDDED_THEME.iter().copied(), existing)
}

/// Writes `files` (paths relative to `dir`, with `/`) into `dir`, creating it when needed.
fn write_tree<'a>(dir: &Path, files: impl Iterator<Item = (&'a str, &'a [u8])>, existing: Existing) -> Result<Written> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!("{} is a file, not a folder; name a new or empty folder", dir.display())));
    }
    if existing == Existing::Refuse && holds_visible_entries(dir)? {
        return Err(Error::Usage(format!("{} is not empty; name a new or empty folder, or pass --force to write into it anyway (files already there are kept)", dir.display())));
    }
    let mut report = Written::default();
    for (relative, bytes) in files {
        let path = dir.join(relative);
        if write_new_file(&path, bytes)? { report.written.push(path) } else { report.kept.push(path) }
    }
    Ok(report)
}

/// Whether `dir` holds anything but hidden entries; a folder that does not exist holds nothing.
fn holds_visible_entries(dir: &Path) -> Result<bool> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(error) => return Err(Error::io("cannot read", dir, error)),
    };
    for entry in entries {
        let entry = entry.at("cannot read", dir)?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Writes a file that does not exist yet, with its folders; `false` when it exists. The check and
/// the creation are one step (`create_new`), so a file made meanwhile is never replaced either.
fn write_new_file(path: &Path, bytes: &[u8]) -> Result<bool> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).at("cannot create", parent)?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(error) => return Err(Error::io("cannot write", path, error)),
    };
    file.write_all(bytes).at("cannot write", path)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_only_hidden_entries_counts_as_empty() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        assert!(!holds_visible_entries(dir).unwrap());
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        assert!(holds_visible_entries(dir).unwrap());
        assert!(!holds_visible_entries(&dir.join("missing")).unwrap());
    }

    #[test]
    fn an_existing_file_is_kept_as_it_is() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        std::fs::write(dir.join("a.txt"), "mine").unwrap();
        assert!(!write_new_file(&dir.join("a.txt"), b"theirs").unwrap());
        assert!(write_new_file(&dir.join("b/c.txt"), b"new").unwrap());
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"mine");
        assert_eq!(std::fs::read(dir.join("b/c.txt")).unwrap(), b"new");
    }
}
