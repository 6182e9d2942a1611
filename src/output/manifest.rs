//! The record of what the last build wrote: for every output file, the hash of what it was built
//! from and the hash of its bytes. It lives beside the output folder (never served), names the
//! output folder's inode so that a replaced or deleted folder is detected, and is only a cache:
//! without it the next build is simply cold.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use crate::error::{IoContext, Result};

const HEADER: &str = "replyvs-manifest 1";

/// One output file as recorded. 24 bytes: half a million of them fit in 12 MB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Hash of the inputs the file was built from; 0 when it is always rebuilt.
    pub input_key: u64,
    /// 128-bit hash of the file's bytes, as two halves (a `u128` would pad the entry to 32 bytes).
    pub output_hash: [u64; 2],
}

impl Entry {
    /// An entry for a file built from `input_key` whose bytes hash to `output_hash`.
    pub fn new(input_key: u64, output_hash: u128) -> Self {
        Entry { input_key, output_hash: [(output_hash >> 64) as u64, output_hash as u64] }
    }

    /// The hash of the file's bytes.
    pub fn output_hash(&self) -> u128 {
        (u128::from(self.output_hash[0]) << 64) | u128::from(self.output_hash[1])
    }
}

/// One recorded file: the hash of its path, its entry, and where its path is in `paths`.
#[derive(Debug, Clone, Copy)]
struct Record {
    key: u64,
    entry: Entry,
    offset: u32,
    len: u32,
}

/// The previous build's manifest, sorted by the hash of each output path.
#[derive(Debug, Default)]
pub struct Manifest {
    records: Vec<Record>,
    /// All recorded paths, back to back.
    paths: String,
}

/// Identity of the output folder, so that a manifest is trusted only for the folder it
/// describes (a folder replaced by hand, or restored from a copy, is built cold): device and
/// inode.
#[cfg(unix)]
pub fn folder_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    meta.is_dir().then(|| (meta.dev(), meta.ino()))
}

/// Identity of the output folder where there are no inodes (Windows): its creation time, which a
/// folder made anew does not share.
#[cfg(not(unix))]
pub fn folder_identity(path: &Path) -> Option<(u64, u64)> {
    creation_identity(path)
}

#[cfg_attr(unix, allow(dead_code))]
fn creation_identity(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    let created = meta.created().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    meta.is_dir().then(|| (created.as_secs(), u64::from(created.subsec_nanos())))
}

/// Hash of an output path, the manifest's key.
pub fn path_key(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes())
}

impl Manifest {
    /// Reads the manifest at `file` if it describes the folder `output` as it is now.
    pub fn load(file: &Path, output: &Path) -> Option<Manifest> {
        let identity = folder_identity(output)?;
        let reader = BufReader::new(std::fs::File::open(file).ok()?);
        let mut lines = reader.lines();
        let header = lines.next()?.ok()?;
        let expected = format!("{HEADER} {} {}", identity.0, identity.1);
        if header != expected {
            return None;
        }
        let mut manifest = Manifest::default();
        for line in lines {
            let line = line.ok()?;
            let mut fields = line.splitn(3, ' ');
            let input_key = u64::from_str_radix(fields.next()?, 16).ok()?;
            let output_hash = u128::from_str_radix(fields.next()?, 16).ok()?;
            let path = fields.next()?;
            let offset = u32::try_from(manifest.paths.len()).ok()?;
            manifest.paths.push_str(path);
            manifest.records.push(Record { key: path_key(path), entry: Entry::new(input_key, output_hash), offset, len: path.len() as u32 });
        }
        manifest.records.sort_unstable_by_key(|r| r.key);
        manifest.paths.shrink_to_fit();
        Some(manifest)
    }

    /// The entry for `path_key`, if the last build wrote that file.
    pub fn get(&self, path_key: u64) -> Option<Entry> {
        self.records.binary_search_by_key(&path_key, |r| r.key).ok().map(|i| self.records[i].entry)
    }

    /// Recorded paths whose keys are not in `keep`.
    pub fn paths_not_in(&self, keep: &std::collections::HashSet<u64>) -> Vec<String> {
        let mut stale: Vec<String> = self.records.iter().filter(|r| !keep.contains(&r.key)).map(|r| self.paths[r.offset as usize..(r.offset + r.len) as usize].to_string()).collect();
        stale.sort();
        stale
    }

    /// How many files are recorded.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether no file is recorded.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// Writes a manifest for `output` (whose identity is given) from `(path, entry)` items.
pub fn write(file: &Path, identity: (u64, u64), items: impl Iterator<Item = (String, Entry)>) -> Result<()> {
    let handle = std::fs::File::create(file).at("cannot write", file)?;
    let mut writer = BufWriter::new(handle);
    writeln!(writer, "{HEADER} {} {}", identity.0, identity.1).at("cannot write", file)?;
    for (path, entry) in items {
        writeln!(writer, "{:016x} {:032x} {path}", entry.input_key, entry.output_hash()).at("cannot write", file)?;
    }
    writer.flush().at("cannot write", file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_creation_time_identity_is_stable_for_a_folder_and_new_for_a_folder_made_anew() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("output");
        std::fs::create_dir(&folder).unwrap();
        let first = creation_identity(&folder).expect("this file system records creation times");
        assert_eq!(creation_identity(&folder), Some(first));
        std::fs::remove_dir(&folder).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::create_dir(&folder).unwrap();
        assert_ne!(creation_identity(&folder), Some(first));
        assert_eq!(creation_identity(&dir.path().join("missing")), None);
    }
}
