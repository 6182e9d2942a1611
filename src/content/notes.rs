//! Pair notes, checked: two existing codes, named in the file name in natural order.

use std::collections::HashMap;

use crate::content::links::LinkIndex;
use crate::content::model::PairNote;
use crate::content::report::{Reporter, check_languages};
use crate::error::Diagnostic;
use crate::source::files::{SourceFile, file_name, file_stem};
use crate::source::positions::{Step, key};
use crate::source::raw::RawPairNote;

/// `ids` are the protocol's codes in canonical order; `protocol` is its id.
pub(crate) fn validate_notes(notes: Vec<(SourceFile, RawPairNote)>, ids: &[&str], unparsed: &[String], languages: &[String], links: &LinkIndex, protocol: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<PairNote> {
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut valid: Vec<PairNote> = Vec::new();
    for (source, RawPairNote { codes, note, translations }) in notes {
        let mut report = Reporter { source: &source, diagnostics, links, base: Some(protocol) };
        check_languages(&translations, languages, &mut report);
        let found: Vec<Option<usize>> = codes.iter().map(|c| index.get(c.as_str()).copied()).collect();
        for (position, (id, hit)) in codes.iter().zip(&found).enumerate() {
            if hit.is_none() && !unparsed.contains(id) {
                report.at(&[key("codes"), Step::Item(position)], format!("code `{id}` does not exist in this protocol"), "a pair note names two existing codes");
            }
        }
        let [Some(x), Some(y)] = found[..] else {
            if codes.len() != 2 {
                report.at(&[key("codes")], format!("a pair note names exactly two codes, not {}", codes.len()), "write `codes: [\"450\", \"550\"]`");
            }
            continue;
        };
        if x == y {
            report.at(&[key("codes")], "a pair note needs two different codes", "name two different codes");
            continue;
        }
        let (a, b) = (x.min(y), x.max(y));
        check_file_name(&source, ids[a], ids[b], &mut report);
        if valid.iter().any(|n| (n.a, n.b) == (a, b)) {
            report.at(&[key("codes")], format!("the pair {} has a second note", codes.join(" and ")), "keep one note file per pair");
            continue;
        }
        let note = report.markdown(languages, &[], "note", &note, |lang| translations.get(lang).and_then(|t| t.note.clone()));
        valid.push(PairNote { a, b, note, fingerprint: source.fingerprint });
    }
    valid.sort_by_key(|n| (n.a, n.b));
    valid
}

/// A pair note is named after its two codes in canonical order, so that one file name stands for
/// one pair.
fn check_file_name(source: &SourceFile, a: &str, b: &str, report: &mut Reporter<'_>) {
    let expected = crate::content::pairs::slug(a, b);
    let stem = file_stem(&source.path);
    if stem != expected {
        let name = file_name(&source.path);
        report.at(&[key("codes")], format!("`{name}` is the note of {a} and {b}"), format!("name the file {expected}.yaml (the codes in natural order, joined by -vs-)"));
    }
}
