//! Writing the site so that `output/` is never half-written.
//!
//! All new bytes go first into a staging folder beside the output folder (same file system), so a
//! failed or killed build leaves the old site untouched. Then:
//! - cold build (no output folder, or an empty one): the staging tree is renamed into place, one
//!   atomic step;
//! - incremental build: the changed files are moved into place by a short list of renames and
//!   deletions written first as a journal. A build killed during those renames leaves the journal,
//!   and the next run of replyvs finishes it before doing anything else.
//!
//! A lock file keeps two builds from writing the same output folder at once.

mod files;
pub mod manifest;

use std::collections::HashSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, IoContext, Result};
use files::{write_creating_parents, write_synced};
use manifest::{Entry, Manifest, Record};

const JOURNAL_HEADER: &str = "replyvs-journal 1";
const JOURNAL_END: &str = "end";

/// The folders and files that belong to one output folder.
#[derive(Debug, Clone)]
pub struct OutputPaths {
    /// The output folder itself.
    pub output: PathBuf,
    /// `.<name>.replyvs/` beside it: lock, manifest, journal, staging.
    pub state: PathBuf,
}

impl OutputPaths {
    /// The paths for `output`.
    pub fn new(output: &Path) -> Self {
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        OutputPaths { output: output.to_path_buf(), state: parent.join(format!(".{name}.replyvs")) }
    }

    fn lock_file(&self) -> PathBuf {
        self.state.join("lock")
    }
    /// The manifest of the last build.
    pub fn manifest(&self) -> PathBuf {
        self.state.join("manifest")
    }
    fn journal(&self) -> PathBuf {
        self.state.join("journal")
    }
    fn staging(&self) -> PathBuf {
        self.state.join("staging")
    }
}

/// Holds the output folder's lock until dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

/// Takes the lock on the output folder, waiting (with a message) while another build holds it.
pub fn lock(paths: &OutputPaths, events: &crate::events::Events) -> Result<OutputLock> {
    fs::create_dir_all(&paths.state).at("cannot create", &paths.state)?;
    let file = File::options().create(true).truncate(false).write(true).open(paths.lock_file()).at("cannot open", &paths.lock_file())?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            events.emit(crate::events::Event::Waiting { output: &paths.output });
            file.lock().at("cannot lock", &paths.lock_file())?;
        }
        Err(std::fs::TryLockError::Error(error)) => return Err(Error::io("cannot lock", &paths.lock_file(), error)),
    }
    Ok(OutputLock { _file: file })
}

/// Finishes a journal left by a killed build, and removes any staging left by a failed one.
pub fn recover(paths: &OutputPaths) -> Result<()> {
    if let Ok(text) = fs::read_to_string(paths.journal()) {
        if text.ends_with(&format!("{JOURNAL_END}\n")) {
            replay(paths, &text)?;
        }
        fs::remove_file(paths.journal()).at("cannot remove", &paths.journal())?;
    }
    remove_tree(&paths.staging())
}

fn remove_tree(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(Error::io("cannot remove", path, error)),
    }
}

/// How this build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Into a fresh tree that replaces a missing or empty output folder.
    Cold,
    /// Only changed files, through the journal; files the manifest does not know are kept.
    Incremental,
}

/// Writes changed outputs into staging during a build, then commits them.
#[derive(Debug)]
pub struct Writer {
    paths: OutputPaths,
    mode: Mode,
    previous: Manifest,
    /// Per record of `previous`: whether its file is in the output folder now. Found by one walk
    /// of the folder, which at half a million files costs a fraction of asking for each file
    /// (a `statx` per output was a third of a no-op rebuild).
    present: Vec<bool>,
    /// Per record of `previous`: whether this build has an output at its path. The present
    /// records nothing uses are the stale files, removed at the commit.
    used: Vec<AtomicBool>,
}

/// What happened to one output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Written (new or changed).
    Written,
    /// Same bytes as before; not written.
    Unchanged,
}

impl Writer {
    /// Prepares staging and decides the mode from the state of the output folder.
    pub fn start(paths: OutputPaths) -> Result<Writer> {
        let empty_or_missing = match fs::read_dir(&paths.output) {
            Ok(mut entries) => entries.next().is_none(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => true,
            Err(error) => return Err(Error::io("cannot read", &paths.output, error)),
        };
        let (mode, previous) = if empty_or_missing { (Mode::Cold, Manifest::default()) } else { (Mode::Incremental, Manifest::load(&paths.manifest(), &paths.output).unwrap_or_default()) };
        let staging = paths.staging();
        fs::create_dir_all(&staging).at("cannot create", &staging)?;
        let present = present_records(&paths.output, &previous);
        let used = (0..previous.len()).map(|_| AtomicBool::new(false)).collect();
        Ok(Writer { paths, mode, previous, present, used })
    }

    /// Drops everything staged after a failed build. Best effort: the next build's `recover`
    /// removes whatever is left.
    pub fn discard(self) {
        let _ = remove_tree(&self.paths.staging());
    }

    /// The mode chosen.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// What the previous build recorded for the output whose path has `path_key`, if the file
    /// is still there. Every output of the build asks, which is how stale files are told apart.
    pub fn previous(&self, path_key: u64) -> Option<Entry> {
        let (i, entry) = self.previous.find(path_key)?;
        self.used[i].store(true, Ordering::Relaxed);
        self.present[i].then_some(entry)
    }

    /// Stages the bytes of output number `index` (at `path`, whose hash is `path_key`) unless
    /// they equal the old file's.
    pub fn stage(&self, index: usize, path: &str, path_key: u64, bytes: &[u8], output_hash: u64) -> Result<Outcome> {
        if self.previous(path_key).is_some_and(|old| old.output_hash == output_hash) {
            return Ok(Outcome::Unchanged);
        }
        let target = match self.mode {
            Mode::Cold => self.paths.staging().join("tree").join(path),
            Mode::Incremental => self.paths.staging().join(index.to_string()),
        };
        write_creating_parents(&target, bytes)?;
        Ok(Outcome::Written)
    }

    /// The fingerprint every page of the previous build depended on, if there was one.
    pub fn previous_global(&self) -> Option<u64> {
        (!self.previous.is_empty()).then(|| self.previous.global())
    }

    /// Moves everything staged into the output folder and records the new manifest.
    /// `written` lists (index, path) of staged files; `changed` holds the record of every
    /// output that was rendered. Every other output of the build was skipped and keeps its
    /// previous record. `global` is what every page of this build depended on.
    pub fn commit(self, written: &[(usize, String)], mut changed: Vec<Record>, global: u64) -> Result<usize> {
        changed.sort_unstable_by_key(|r| r.key);
        match self.mode {
            Mode::Cold => self.commit_cold(&changed, global),
            Mode::Incremental => self.commit_incremental(written, &changed, global),
        }
    }

    /// The new manifest: the previous records this build's outputs kept, with the changed ones
    /// replaced or added, in key order.
    fn merged<'r>(&'r self, changed: &'r [Record]) -> impl Iterator<Item = Record> + 'r {
        let kept = self.previous.records().iter().enumerate().filter(|(i, _)| self.used[*i].load(Ordering::Relaxed)).map(|(_, record)| *record);
        let mut kept = kept.peekable();
        let mut changed = changed.iter().copied().peekable();
        std::iter::from_fn(move || match (kept.peek(), changed.peek()) {
            (Some(old), Some(new)) if old.key < new.key => kept.next(),
            (Some(old), Some(new)) if old.key == new.key => {
                kept.next();
                changed.next()
            }
            (_, Some(_)) => changed.next(),
            (Some(_), None) => kept.next(),
            (None, None) => None,
        })
    }

    fn commit_cold(self, changed: &[Record], global: u64) -> Result<usize> {
        let tree = self.paths.staging().join("tree");
        fs::create_dir_all(&tree).at("cannot create", &tree)?;
        let identity = manifest::folder_identity(&tree).expect("the staging tree was just created");
        let manifest_file = self.paths.state.join("manifest.new");
        manifest::write(&manifest_file, identity, global, changed.iter().copied())?;
        if self.paths.output.exists() {
            // Empty (checked in `start`): remove it so the tree can take its place.
            fs::remove_dir(&self.paths.output).at("cannot replace", &self.paths.output)?;
        }
        if let Some(parent) = self.paths.output.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).at("cannot create", parent)?;
        }
        fs::rename(&tree, &self.paths.output).at("cannot move the new site into", &self.paths.output)?;
        fs::rename(&manifest_file, self.paths.manifest()).at("cannot write", &self.paths.manifest())?;
        remove_tree(&self.paths.staging())?;
        Ok(0)
    }

    fn commit_incremental(self, written: &[(usize, String)], changed: &[Record], global: u64) -> Result<usize> {
        let stale = self.stale_files();
        let same_records = changed.iter().all(|record| self.previous.find(record.key).is_some_and(|(_, entry)| entry == record.entry));
        let every_record_kept = self.used.iter().all(|used| used.load(Ordering::Relaxed));
        if written.is_empty() && stale.is_empty() && same_records && every_record_kept && self.previous.global() == global {
            remove_tree(&self.paths.staging())?;
            return Ok(0);
        }
        let identity = manifest::folder_identity(&self.paths.output).expect("the output folder exists");
        let staged_manifest = self.paths.staging().join("manifest");
        manifest::write(&staged_manifest, identity, global, self.merged(changed))?;
        let mut journal = format!("{JOURNAL_HEADER}\n");
        for (index, path) in written {
            journal.push_str(&format!("R {index} {path}\n"));
        }
        for path in &stale {
            journal.push_str(&format!("D {path}\n"));
        }
        journal.push_str(&format!("M\n{JOURNAL_END}\n"));
        let pending = self.paths.state.join("journal.new");
        write_synced(&pending, journal.as_bytes())?;
        fs::rename(&pending, self.paths.journal()).at("cannot write", &self.paths.journal())?;
        replay(&self.paths, &journal)?;
        fs::remove_file(self.paths.journal()).at("cannot remove", &self.paths.journal())?;
        remove_tree(&self.paths.staging())?;
        Ok(stale.len())
    }
}

impl Writer {
    /// The files of the previous build that are still in the output folder and that this build
    /// does not make, sorted. Their paths come from a second walk of the folder, done only when
    /// there are any: the manifest keeps no paths.
    fn stale_files(&self) -> Vec<String> {
        let stale: HashSet<u64> = (0..self.previous.len()).filter(|&i| self.present[i] && !self.used[i].load(Ordering::Relaxed)).map(|i| self.previous.records()[i].key).collect();
        let mut paths = Vec::with_capacity(stale.len());
        if !stale.is_empty() {
            each_file(&self.paths.output, |path| {
                if stale.contains(&manifest::path_key(path)) {
                    paths.push(path.to_string());
                }
            });
        }
        paths.sort();
        paths
    }
}

/// Per record of `previous`, whether its file is under `output`. The keys of the files found are
/// sorted and merged with the records, which are sorted too: half a million binary searches of
/// the manifest cost more than the sort.
fn present_records(output: &Path, previous: &Manifest) -> Vec<bool> {
    let mut present = vec![false; previous.len()];
    if previous.is_empty() {
        return present;
    }
    let mut found: Vec<u64> = Vec::with_capacity(previous.len());
    each_file(output, |path| found.push(manifest::path_key(path)));
    found.sort_unstable();
    let mut files = found.into_iter().peekable();
    for (i, record) in previous.records().iter().enumerate() {
        while files.next_if(|&key| key < record.key).is_some() {}
        present[i] = files.next_if_eq(&record.key).is_some();
    }
    present
}

/// Calls `found` with the path of every file under `root`, relative to it and with `/` between
/// its parts, as outputs are named. A folder that cannot be read hides its files: they count as
/// missing, so their outputs are written again. Names that are not UTF-8 are no outputs.
fn each_file(root: &Path, mut found: impl FnMut(&str)) {
    for entry in walkdir::WalkDir::new(root).min_depth(1).into_iter().filter_map(std::result::Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(relative) = entry.path().strip_prefix(root).ok().and_then(Path::to_str) else { continue };
        if std::path::MAIN_SEPARATOR == '/' {
            found(relative);
        } else {
            found(&relative.replace(std::path::MAIN_SEPARATOR, "/"));
        }
    }
}

/// Applies a complete journal. Safe to run twice: a rename whose source is gone was done.
fn replay(paths: &OutputPaths, journal: &str) -> Result<()> {
    for line in journal.lines().skip(1) {
        if let Some(rest) = line.strip_prefix("R ") {
            let (index, path) = rest.split_once(' ').unwrap_or((rest, ""));
            let from = paths.staging().join(index);
            let to = safe_join(&paths.output, path)?;
            if from.exists() {
                if let Some(parent) = to.parent() {
                    fs::create_dir_all(parent).at("cannot create", parent)?;
                }
                fs::rename(&from, &to).at("cannot move into place", &to)?;
            }
        } else if let Some(path) = line.strip_prefix("D ") {
            let target = safe_join(&paths.output, path)?;
            match fs::remove_file(&target) {
                Ok(()) => remove_empty_parents(&paths.output, &target),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(Error::io("cannot remove", &target, error)),
            }
        } else if line == "M" {
            let staged = paths.staging().join("manifest");
            if staged.exists() {
                fs::rename(&staged, paths.manifest()).at("cannot write", &paths.manifest())?;
            }
        }
    }
    Ok(())
}

/// Joins a recorded relative path to the output folder, refusing anything that could leave it.
fn safe_join(root: &Path, relative: &str) -> Result<PathBuf> {
    let ok = !relative.is_empty() && !relative.starts_with('/') && relative.split('/').all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    if !ok {
        return Err(Error::Refused(format!("refusing to write {relative:?}: it is not a path inside {}", root.display())));
    }
    Ok(root.join(relative))
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == root || fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_paths_cannot_leave_the_output_folder() {
        let root = Path::new("/tmp/out");
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a//b", "a\\..\\b"] {
            assert!(safe_join(root, bad).is_err(), "{bad}");
        }
        assert_eq!(safe_join(root, "smtp/550.html").unwrap(), root.join("smtp/550.html"));
    }
}
