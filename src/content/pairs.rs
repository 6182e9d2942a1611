//! Every unordered pair of codes, in one canonical order, with its URL slug. Pure functions.

use std::cmp::Ordering;

/// Compares code ids in natural order: runs of digits compare as numbers, so `X.1.2 < X.1.10`
/// and, when both ids are numbers, the order is numeric.
pub(crate) fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut left, mut right) = (a, b);
    loop {
        match (left.is_empty(), right.is_empty()) {
            (true, true) => return a.cmp(b),
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let (left_run, left_rest) = split_run(left);
        let (right_run, right_rest) = split_run(right);
        let order = match (is_digits(left_run), is_digits(right_run)) {
            (true, true) => compare_numbers(left_run, right_run),
            _ => left_run.cmp(right_run),
        };
        if order != Ordering::Equal {
            return order;
        }
        (left, right) = (left_rest, right_rest);
    }
}

fn is_digits(run: &str) -> bool {
    run.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

fn split_run(text: &str) -> (&str, &str) {
    let digits = is_digits(text);
    let end = text.bytes().position(|b| b.is_ascii_digit() != digits).unwrap_or(text.len());
    text.split_at(end)
}

fn compare_numbers(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// How many unordered pairs `n` codes make.
pub(crate) fn pair_count(n: usize) -> usize {
    n * n.saturating_sub(1) / 2
}

/// The URL slug of a pair: `354-vs-550`.
pub(crate) fn slug(a: &str, b: &str) -> String {
    slug_parts(a, b).concat()
}

/// The pieces of a pair slug, for a caller that joins it into a longer string.
pub(crate) fn slug_parts<'a>(a: &'a str, b: &'a str) -> [&'a str; 3] {
    [a, "-vs-", b]
}

/// The two codes of a pair slug (`354-vs-550`), or `None` for a leaf that is not a pair.
pub(crate) fn split_slug(leaf: &str) -> Option<(&str, &str)> {
    leaf.split_once("-vs-")
}

/// Every pair `(a, b)` with `a < b` of `n` codes, in canonical order.
#[cfg(test)]
fn all_pairs(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).flat_map(move |a| (a + 1..n).map(move |b| (a, b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_numerically_and_dotted_codes_naturally() {
        let mut ids = vec!["X.1.10", "550", "X.1.2", "354", "99", "X.1.1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["99", "354", "550", "X.1.1", "X.1.2", "X.1.10"]);
    }

    #[test]
    fn pairs_cover_every_unordered_couple_once() {
        for n in 0..12 {
            let pairs: Vec<_> = all_pairs(n).collect();
            assert_eq!(pairs.len(), pair_count(n));
            let unique: std::collections::BTreeSet<_> = pairs.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
            assert_eq!(unique.len(), pairs.len());
            assert!(pairs.iter().all(|&(a, b)| a < b && b < n));
        }
    }
}
