//! The record of what the last build wrote: for every output file, the hash of its path, the
//! hash of what it was built from and the hash of its bytes. It lives beside the output folder
//! (never served), names the output folder's inode so that a replaced or deleted folder is
//! detected, and is only a cache: without it the next build is simply cold.
//!
//! It holds no paths. A no-op rebuild of half a million pages reads it whole, so it is a text
//! header and then fixed 24-byte records sorted by path hash: read and searched as they lie,
//! 12 MB at that size, where the text form with paths was 38 MB to parse. The paths of stale
//! files are found in the output folder itself (`Writer`).

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use crate::error::{IoContext, Result};
use crate::path_keys::KeyIndex;

const HEADER: &str = "replyvs-manifest 2";
const RECORD_BYTES: usize = 24;

/// One output file as recorded. 16 bytes: half a million of them fit in 8 MB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Hash of the inputs the file was built from; 0 when it is always rebuilt.
    pub input_key: u64,
    /// Hash of the file's bytes. It only decides whether a rendered file is written again, so
    /// 64 bits are plenty: a changed page that kept its hash by chance (one in 2^64) would
    /// leave its old bytes until the next change.
    pub output_hash: u64,
}

/// One recorded file: the hash of its path (see `path_key`) and its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// The hash of the file's path.
    pub key: u64,
    /// What it was built from and what it holds.
    pub entry: Entry,
}

/// The previous build's manifest, sorted by the hash of each output path.
#[derive(Debug, Default)]
pub struct Manifest {
    records: Vec<Record>,
    /// Finds a record in a step or two: every output of a build looks itself up.
    index: KeyIndex,
    /// What every page of that build depended on (`global_fingerprint`).
    global: u64,
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
pub use crate::path_keys::path_key;

impl Manifest {
    /// Reads the manifest at `file` if it describes the folder `output` as it is now and is
    /// whole: a torn or foreign file is no manifest, and the build renders everything.
    pub fn load(file: &Path, output: &Path) -> Option<Manifest> {
        let identity = folder_identity(output)?;
        let handle = std::fs::File::open(file).ok()?;
        let size = usize::try_from(handle.metadata().ok()?.len()).ok()?;
        // Read through a small buffer into the records: the whole file first would be a second
        // 12 MB at a no-op rebuild's peak.
        let mut reader = BufReader::with_capacity(1 << 16, handle);
        let mut header = Vec::new();
        reader.read_until(b'\n', &mut header).ok()?;
        let expected = format!("{HEADER} {} {} ", identity.0, identity.1);
        let global = header.strip_prefix(expected.as_bytes())?.strip_suffix(b"\n")?;
        let global = u64::from_str_radix(std::str::from_utf8(global).ok()?, 16).ok()?;
        let body = size.checked_sub(header.len())?;
        if body % RECORD_BYTES != 0 {
            return None;
        }
        let mut records = Vec::with_capacity(body / RECORD_BYTES);
        let mut record = [0u8; RECORD_BYTES];
        for _ in 0..body / RECORD_BYTES {
            reader.read_exact(&mut record).ok()?;
            records.push(decode(&record));
        }
        let whole = reader.fill_buf().ok()?.is_empty();
        let sorted = records.windows(2).all(|pair| pair[0].key < pair[1].key);
        let index = KeyIndex::new(records.iter().map(|r| r.key));
        (whole && sorted).then_some(Manifest { records, index, global })
    }

    /// Where the record of `path_key` is, and its entry, if the last build wrote that file.
    pub fn find(&self, path_key: u64) -> Option<(usize, Entry)> {
        self.index.find(&self.records, path_key, |r| r.key).map(|i| (i, self.records[i].entry))
    }

    /// What every page of the build that wrote it depended on.
    pub fn global(&self) -> u64 {
        self.global
    }

    /// The records, sorted by key.
    pub fn records(&self) -> &[Record] {
        &self.records
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

fn decode(bytes: &[u8]) -> Record {
    let word = |i: usize| u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().expect("a record is three words"));
    Record { key: word(0), entry: Entry { input_key: word(1), output_hash: word(2) } }
}

/// Writes a manifest for `output` (whose identity is given), built with the fingerprint
/// `global`, from `records`, which come sorted by key; `load` refuses a manifest that is not.
pub fn write(file: &Path, identity: (u64, u64), global: u64, records: impl Iterator<Item = Record>) -> Result<()> {
    let handle = std::fs::File::create(file).at("cannot write", file)?;
    let mut writer = BufWriter::new(handle);
    writeln!(writer, "{HEADER} {} {} {global:016x}", identity.0, identity.1).at("cannot write", file)?;
    for record in records {
        let Record { key, entry: Entry { input_key, output_hash } } = record;
        for word in [key, input_key, output_hash] {
            writer.write_all(&word.to_le_bytes()).at("cannot write", file)?;
        }
    }
    writer.flush().at("cannot write", file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_manifest_reads_back_and_a_torn_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        std::fs::create_dir(&output).unwrap();
        let identity = folder_identity(&output).unwrap();
        let records: Vec<Record> = [3u64, 9, 40].iter().map(|&key| Record { key, entry: Entry { input_key: key * 2, output_hash: key << 40 | 5 } }).collect();
        let file = dir.path().join("manifest");
        write(&file, identity, 77, records.iter().copied()).unwrap();
        let manifest = Manifest::load(&file, &output).unwrap();
        assert_eq!((manifest.records(), manifest.global()), (&records[..], 77));
        assert_eq!(manifest.find(9), Some((1, records[1].entry)));
        assert_eq!(manifest.find(10), None);
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 1]).unwrap();
        assert!(Manifest::load(&file, &output).is_none(), "a torn manifest");
        std::fs::write(&file, &bytes).unwrap();
        assert!(Manifest::load(&file, &dir.path().join("other")).is_none(), "another folder's manifest");
    }

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
