//! Sets of 64-bit hashes (of paths and URLs), sorted and indexed by their leading bits.
//!
//! Hashes are spread evenly, so an index of where each run of equal leading bits starts puts
//! any key within a few places: about four keys per run, 4 bytes of index per run. Half a
//! million URL hashes take 4.5 MB this way, where a `HashSet<u64>` took 9.4 MB (its table
//! doubles past seven eighths full, to 2^20 buckets of 9 bytes) and doubled again while filling.

/// The key of a path or a URL: the hash every set here and the manifest hold.
pub fn path_key(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Where each run of keys with the same leading bits starts, in a list sorted by key.
#[derive(Debug, Clone)]
pub(crate) struct KeyIndex {
    /// 64 minus the number of leading bits that pick a run.
    shift: u32,
    /// `starts[b]` is the position of the first key whose leading bits are `b` or more; one
    /// more entry closes the last run.
    starts: Vec<u32>,
}

impl KeyIndex {
    /// The index of keys given in ascending order.
    pub(crate) fn new(sorted: impl ExactSizeIterator<Item = u64>) -> KeyIndex {
        let len = sorted.len();
        let bits = (usize::BITS - (len / 4).leading_zeros()).clamp(1, 24);
        let (runs, shift) = (1usize << bits, 64 - bits);
        let mut starts = Vec::with_capacity(runs + 1);
        for (position, key) in sorted.enumerate() {
            let run = (key >> shift) as usize;
            while starts.len() <= run {
                starts.push(position as u32);
            }
        }
        starts.resize(runs + 1, len as u32);
        KeyIndex { shift, starts }
    }

    /// Where `key` is in `sorted` (the list the index was made from), if it is there.
    pub(crate) fn find<T>(&self, sorted: &[T], key: u64, key_of: impl Fn(&T) -> u64) -> Option<usize> {
        let run = (key >> self.shift) as usize;
        let (start, end) = (self.starts[run] as usize, self.starts[run + 1] as usize);
        sorted[start..end].binary_search_by_key(&key, key_of).ok().map(|i| start + i)
    }
}

impl Default for KeyIndex {
    fn default() -> KeyIndex {
        KeyIndex::new(std::iter::empty())
    }
}

/// A set of hashes: sorted, without repeats, indexed.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeySet {
    keys: Vec<u64>,
    index: KeyIndex,
}

impl KeySet {
    /// The set of `keys`, in any order and with repeats.
    pub(crate) fn new(mut keys: Vec<u64>) -> KeySet {
        keys.sort_unstable();
        keys.dedup();
        keys.shrink_to_fit();
        let index = KeyIndex::new(keys.iter().copied());
        KeySet { keys, index }
    }

    pub(crate) fn contains(&self, key: u64) -> bool {
        self.index.find(&self.keys, key, |k| *k).is_some()
    }

    /// How many keys the set holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::path_key as hash;

    #[test]
    fn finds_every_key_and_no_other() {
        for n in [0usize, 1, 3, 4, 17, 1_000, 50_000] {
            let keys: Vec<u64> = (0..n).map(|i| hash(&format!("/smtp/{i}-vs-{}", i + 1))).collect();
            let set = KeySet::new(keys.iter().rev().copied().chain(keys.iter().copied()).collect());
            assert!(keys.iter().all(|&k| set.contains(k)), "n = {n}");
            assert!((0..2_000).map(|i| hash(&format!("/absent/{i}"))).all(|k| !set.contains(k)), "n = {n}");
        }
    }

    #[test]
    fn keys_at_the_ends_of_the_range_and_unevenly_spread_are_found() {
        let keys = vec![0, 1, 2, 3, u64::MAX - 1, u64::MAX, 1 << 63, (1 << 63) + 1];
        let set = KeySet::new(keys.clone());
        assert!(keys.iter().all(|&k| set.contains(k)));
        assert!(![4, u64::MAX - 2, (1 << 63) - 1].iter().any(|&k| set.contains(k)));
    }

    #[test]
    fn an_index_finds_records_by_their_key() {
        let records: Vec<(u64, &str)> = vec![(5, "a"), (9, "b"), (u64::MAX, "c")];
        let index = KeyIndex::new(records.iter().map(|r| r.0));
        assert_eq!(index.find(&records, 9, |r| r.0), Some(1));
        assert_eq!(index.find(&records, u64::MAX, |r| r.0), Some(2));
        assert_eq!(index.find(&records, 6, |r| r.0), None);
    }
}
