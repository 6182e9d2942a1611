//! References between codes: `related` within a protocol, `paired_with` and `equivalents`
//! across protocols, and aliases that must not clash.

use std::collections::{BTreeMap, HashMap};

use crate::content::code::RawLinks;
use crate::content::links::LinkIndex;
use crate::content::model::{Code, CodeRef, Equivalent, Protocol};
use crate::content::references::validate_reference;
use crate::content::report::{Reporter, check_languages_at};
use crate::error::Diagnostic;
use crate::source::files::SourceFile;
use crate::source::positions::{Step, key};
use crate::source::raw::{RawEquivalent, RawReference};

/// `paired_with` entries wait until every protocol is known.
pub(crate) struct PendingRefs {
    pub(crate) code: usize,
    pub(crate) source: SourceFile,
    pub(crate) paired_with: Vec<String>,
    pub(crate) equivalents: Vec<RawEquivalent>,
}

pub(crate) fn resolve_related(related: &[String], this: usize, index: &HashMap<String, usize>, unparsed: &[String], report: &mut Reporter<'_>) -> Vec<usize> {
    let mut resolved = Vec::new();
    for (position, id) in related.iter().enumerate() {
        match index.get(id) {
            Some(&other) if other == this => report.at(&[key("related"), Step::Item(position)], format!("code `{id}` lists itself as related"), "remove it from `related`"),
            Some(&other) if !resolved.contains(&other) => resolved.push(other),
            Some(_) => {}
            None if unparsed.contains(id) => {}
            None => report.at(&[key("related"), Step::Item(position)], format!("related code `{id}` does not exist in this protocol"), "name an existing code of the same folder; use `paired_with` for other protocols"),
        }
    }
    resolved
}

pub(crate) fn check_aliases(codes: &[(Code, SourceFile, RawLinks)], index: &HashMap<String, usize>, links: &LinkIndex, diagnostics: &mut Vec<Diagnostic>) {
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for (code, source, _) in codes {
        let mut report = Reporter { source, diagnostics, links, base: None };
        for (position, alias) in code.aliases.iter().enumerate() {
            let clash = index.get(alias).map(|_| alias.as_str()).or_else(|| owner.get(alias.as_str()).copied());
            if let Some(other) = clash {
                report.at(&[key("aliases"), Step::Item(position)], format!("alias `{alias}` is already taken by code `{other}`"), "an alias must be unique among the codes and aliases of the protocol");
            } else {
                owner.insert(alias, &code.id);
            }
        }
    }
}

pub(crate) fn resolve_cross_protocol(pending: Vec<(Protocol, Vec<PendingRefs>)>, languages: &[String], links: &LinkIndex, diagnostics: &mut Vec<Diagnostic>) -> Vec<Protocol> {
    let mut pending = pending;
    pending.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let lookup: Vec<(String, HashMap<String, usize>)> = pending.iter().map(|(p, _)| (p.id.clone(), p.codes.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect())).collect();
    let find = |entry: &str| {
        let (p, c) = entry.split_once('/')?;
        let protocol_index = lookup.iter().position(|(id, _)| id == p)?;
        Some(CodeRef { protocol: protocol_index, code: *lookup[protocol_index].1.get(c)? })
    };
    let mut protocols = Vec::with_capacity(pending.len());
    let mut mirrored: Vec<(CodeRef, Equivalent)> = Vec::new();
    for (p, (mut protocol, refs)) in pending.into_iter().enumerate() {
        for PendingRefs { code, source, paired_with, equivalents } in refs {
            let mut report = Reporter { source: &source, diagnostics, links, base: Some(&protocol.id) };
            for (position, entry) in paired_with.iter().enumerate() {
                match find(entry) {
                    Some(target) => protocol.codes[code].paired_with.push(target),
                    None => report.at(&[key("paired_with"), Step::Item(position)], format!("`{entry}` does not name an existing code"), "write protocol/code, such as smtp-enhanced/X.1.1 or smtp/550"),
                }
            }
            for (position, raw) in equivalents.into_iter().enumerate() {
                let path = [key("equivalents"), Step::Item(position)];
                let Some(other) = find(&raw.code).filter(|other| other.protocol != p) else {
                    report.at(&[&path[..], &[key("code")]].concat(), format!("`{}` does not name an existing code of another protocol", raw.code), "write protocol/code, such as http/503");
                    continue;
                };
                let RawEquivalent { code: _, doc, section, url, note, translations } = raw;
                let reference = RawReference { doc, section, url, translations: BTreeMap::new() };
                check_languages_at(&translations, languages, &path, &mut report);
                let Some(source_reference) = validate_reference(reference, languages, &path, &mut report) else { continue };
                let note = note.map(|n| report.markdown(languages, &path, "note", &n, |lang| translations.get(lang).and_then(|t| t.note.clone())));
                let here = CodeRef { protocol: p, code };
                mirrored.push((other.clone(), Equivalent { other: here, declared_here: false, source: source_reference.clone(), note: note.clone() }));
                protocol.codes[code].equivalents.push(Equivalent { other, declared_here: true, source: source_reference, note });
            }
        }
        protocols.push(protocol);
    }
    // A mapping shows on both codes' pages; the file that declares it is the one to edit.
    for (target, equivalent) in mirrored {
        protocols[target.protocol].codes[target.code].equivalents.push(equivalent);
    }
    protocols
}
