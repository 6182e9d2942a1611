//! Raw entries → the site model. The rules of the data format live in the modules beside this
//! one (a module per kind of file); this one runs them in order and gathers every problem, so
//! that one run reports them all.

use std::collections::HashMap;

use crate::content::code::{RawLinks, validate_code};
use crate::content::cross_references::{PendingRefs, check_aliases, resolve_cross_protocol, resolve_related};
use crate::content::documents::{Shelf, validate_documents};
use crate::content::ids::protocol_id_problem;
use crate::content::links::{GUIDES, LinkIndex};
use crate::content::model::{BaseUrl, Code, Protocol, Site};
use crate::content::notes::validate_notes;
use crate::content::pairs::natural_cmp;
use crate::content::protocol::{ProtocolHead, protocol_fingerprint, protocol_head};
use crate::content::providers::validate_providers;
use crate::content::report::ANY_LANGUAGE;
use crate::content::report::Reporter;
use crate::content::settings::settings_from_raw;
use crate::error::{Diagnostic, Error, Result};
use crate::source::documents::RawDocument;
use crate::source::files::{SourceFile, file_name, file_stem};
use crate::source::load::{Loaded, LoadedProtocol};
use crate::source::positions::key;
use crate::source::raw::{RawCode, RawProtocol};

/// Turns what was loaded into a validated site, or every problem found. `base_url` replaces the
/// settings' own (`--base-url`, or `serve`'s local address).
pub(crate) fn validate(loaded: Loaded, base_url: Option<BaseUrl>) -> Result<Site> {
    let Loaded { site, providers, protocols, pages, warnings: _, mut diagnostics } = loaded;
    let (settings, languages) = match site {
        Some((source, raw)) => {
            let languages = raw.languages.clone();
            (settings_from_raw(&source, raw, base_url, &mut diagnostics), languages)
        }
        // site.yaml could not be read: its problem is reported, and the translations of other
        // files are not also reported as being for languages the site lacks.
        None => (None, vec!["en".to_string(), ANY_LANGUAGE.to_string()]),
    };
    let links = link_index(&protocols, &pages, &languages);
    let mut taken: Vec<&str> = protocols.iter().map(|p| p.id.as_str()).chain(languages.iter().map(String::as_str)).collect();
    taken.sort_unstable();
    let pages = validate_documents(pages, Shelf::Pages { taken: &taken }, &languages, &links, &mut diagnostics);
    let mut pending: Vec<(Protocol, Vec<PendingRefs>)> = Vec::new();
    for loaded_protocol in protocols {
        if let Some(protocol) = validate_protocol(loaded_protocol, &languages, &links, &mut diagnostics) {
            pending.push(protocol);
        }
    }
    let protocols = resolve_cross_protocol(pending, &languages, &links, &mut diagnostics);
    let providers = providers.map(|(source, raw)| validate_providers(&source, raw, &languages, &links, &mut diagnostics)).unwrap_or_default();
    match settings {
        Some(settings) if diagnostics.is_empty() => Ok(Site { settings, protocols, static_files: Vec::new(), providers, pages }),
        _ => Err(Error::data(diagnostics)),
    }
}

/// What links in Markdown may name: every protocol and code read, known before any field is
/// rendered so that a link to another protocol is checked like one to the same protocol.
fn link_index(protocols: &[LoadedProtocol], pages: &[RawDocument], languages: &[String]) -> LinkIndex {
    let mut links = LinkIndex::new(languages);
    for protocol in protocols {
        links.add_protocol(&protocol.id, protocol.codes.iter().map(|(_, raw)| (raw.code.as_str(), raw.aliases.as_slice())));
        // A code whose file could not be read is reported once, not again by every link to it.
        links.add_protocol(&protocol.id, protocol.unparsed_stems.iter().map(|stem| (stem.as_str(), &[][..])));
        links.add_guides(&protocol.id, protocol.guides.iter().map(|guide| guide.slug.as_str()));
    }
    links.add_pages(pages.iter().map(|page| page.slug.as_str()));
    links
}

fn validate_protocol(loaded: LoadedProtocol, languages: &[String], links: &LinkIndex, diagnostics: &mut Vec<Diagnostic>) -> Option<(Protocol, Vec<PendingRefs>)> {
    let LoadedProtocol { id, dir, protocol, codes, notes, guides, unparsed_stems } = loaded;
    if let Some((why, hint)) = protocol_id_problem(&id, languages) {
        diagnostics.push(Diagnostic::whole_file(&dir, format!("`{id}` cannot be a protocol folder name{why}")).hint(hint));
        return None;
    }
    let (protocol_source, raw) = protocol?;
    let head = protocol_head(&id, &protocol_source, raw, languages, links, diagnostics);
    let mut checked: Vec<(Code, SourceFile, RawLinks)> = Vec::new();
    let mut first_file: HashMap<String, std::path::PathBuf> = HashMap::new();
    for (source, raw) in codes {
        let mut report = Reporter { source: &source, diagnostics, links, base: Some(&id) };
        let Some((code, refs)) = validate_code(raw, &head, languages, &mut report) else { continue };
        check_file_name(&source, &code.id, &mut report);
        // Ids that differ only in case would share their output files on Windows and macOS.
        if let Some(first) = first_file.get(&code.id.to_ascii_lowercase()) {
            report.at(&[key("code")], format!("code `{}` is defined twice in {id}", code.id), format!("it is already defined in {} (letter case does not count); keep one of the two files", first.display()));
            continue;
        }
        first_file.insert(code.id.to_ascii_lowercase(), source.path.clone());
        checked.push((code, source, refs));
    }
    checked.sort_by(|a, b| natural_cmp(&a.0.id, &b.0.id));
    let index: HashMap<String, usize> = checked.iter().enumerate().map(|(i, c)| (c.0.id.clone(), i)).collect();
    check_aliases(&checked, &index, links, diagnostics);
    let mut codes = Vec::with_capacity(checked.len());
    let mut pending = Vec::new();
    for (position, (mut code, source, refs)) in checked.into_iter().enumerate() {
        let mut report = Reporter { source: &source, diagnostics, links, base: Some(&id) };
        code.related = resolve_related(&refs.related, position, &index, &unparsed_stems, &mut report);
        pending.push(PendingRefs { code: position, source, paired_with: refs.paired_with, equivalents: refs.equivalents });
        codes.push(code);
    }
    let notes = validate_notes(notes, &checked_ids(&codes), &unparsed_stems, languages, links, &id, diagnostics);
    let guides = validate_documents(guides, Shelf::Guides { protocol: &id }, languages, links, diagnostics);
    if !guides.is_empty() {
        check_guides_folder_is_free(&codes, &pending, &id, links, diagnostics);
    }
    let fingerprint = protocol_fingerprint(protocol_source.fingerprint, &codes);
    let ProtocolHead { name, prefix, title, description, classes, commands, parties, kinds, search_hints, search_examples, references, .. } = head;
    Some((Protocol { id, name, prefix, title, description, classes, commands, parties, kinds, search_hints, search_examples, references, codes, notes, guides, fingerprint }, pending))
}

/// The guides live at `/<protocol>/guides/`, so no code or alias of the protocol may be called
/// `guides`.
fn check_guides_folder_is_free(codes: &[Code], pending: &[PendingRefs], protocol: &str, links: &LinkIndex, diagnostics: &mut Vec<Diagnostic>) {
    for (code, refs) in codes.iter().zip(pending) {
        let named = code.id == GUIDES || code.aliases.iter().any(|a| a == GUIDES);
        if named {
            let mut report = Reporter { source: &refs.source, diagnostics, links, base: Some(protocol) };
            report.at(&[key("code")], format!("`{GUIDES}` names the folder of {protocol}'s guides"), format!("/{protocol}/{GUIDES}/ holds the guides; give the code or alias another name"));
        }
    }
}

fn checked_ids(codes: &[Code]) -> Vec<&str> {
    codes.iter().map(|c| c.id.as_str()).collect()
}

/// A code file is named after its code, so that people find it where they look for it.
fn check_file_name(source: &SourceFile, id: &str, report: &mut Reporter<'_>) {
    let stem = file_stem(&source.path);
    if stem != id {
        let name = file_name(&source.path);
        report.at(&[key("code")], format!("`{name}` holds code `{id}`"), format!("name the file {id}.yaml, or correct `code`"));
    }
}

/// Parses and validates the text of one code file against a fixed SMTP-like protocol in English
/// and Turkish, without touching the disk: the entry point of the fuzz and property tests.
/// Cross-file rules (duplicates, `related`, `paired_with`) are out of its reach.
pub fn check_code_text(text: &str) -> std::result::Result<(), Vec<Diagnostic>> {
    const PROTOCOL: &str = "name: SMTP\ntitle: T\ndescription: D\nclasses: {\"2\": A, \"3\": B, \"4\": C, \"5\": E}\ncategories: {\"0\": S}\n";
    let languages = ["en".to_string(), "tr".to_string()];
    let path = std::path::Path::new("fuzz/code.yaml");
    let mut protocol_source = SourceFile { path: "fuzz/_protocol.yaml".into(), text: PROTOCOL.into(), fingerprint: 0, positions: Default::default() };
    let raw_protocol = crate::source::yaml::parse::<RawProtocol>(&mut protocol_source, crate::source::raw::PROTOCOL_FIELDS).expect("the fixed protocol is valid");
    let mut diagnostics = Vec::new();
    let links = LinkIndex::new(&languages);
    let head = protocol_head("fuzz", &protocol_source, raw_protocol, &languages, &links, &mut diagnostics);
    let mut source = SourceFile { path: path.to_path_buf(), text: text.to_string(), fingerprint: 0, positions: Default::default() };
    match crate::source::yaml::parse::<RawCode>(&mut source, crate::source::raw::CODE_FIELDS) {
        Ok(raw) => {
            let mut report = Reporter { source: &source, diagnostics: &mut diagnostics, links: &links, base: Some("fuzz") };
            validate_code(raw, &head, &languages, &mut report);
        }
        Err(mut problems) => diagnostics.append(&mut problems),
    }
    if diagnostics.is_empty() { Ok(()) } else { Err(diagnostics) }
}
