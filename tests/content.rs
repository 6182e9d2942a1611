//! The bundled content is complete and fact-checked, for every protocol alike: every registered
//! code has a page named as registered, every text field is written in both languages in real
//! sentences, every code cites a section, its class or range agrees with the code, and none of
//! the misconceptions listed per protocol in `tests/pitfalls/` is stated in any language.
//!
//! The registries (`tests/registries/<protocol>.tsv`, `code<TAB>name`) and the pitfalls
//! (`tests/pitfalls/<protocol>.yaml`) are data copied from the primary sources, so a new
//! protocol is covered by adding two files.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use regex::RegexBuilder;
use replyvs::model::{Code, Html, Localized, Protocol, Site};
use support::*;

fn site() -> Site {
    replyvs::load_site(&options(&repo().join("content"), &repo().join("output"))).expect("the bundled content is valid").0
}

fn protocol<'a>(site: &'a Site, id: &str) -> &'a Protocol {
    site.protocols.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no protocol {id}"))
}

fn code<'a>(protocol: &'a Protocol, id: &str) -> &'a Code {
    protocol.codes.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("{} lacks {id}", protocol.id))
}

fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every text of a code in language `lang`, as plain text, with the field's name.
fn texts(code: &Code, lang: usize) -> Vec<(&'static str, String)> {
    let html = |field: &Localized<Html>| plain(field.get(lang).as_str());
    let mut texts = vec![("name", code.name.get(lang).clone()), ("description", html(&code.description)), ("when_seen", html(&code.when_seen)), ("how_to_fix", html(&code.how_to_fix))];
    texts.extend(code.summary.as_ref().map(|s| ("summary", s.get(lang).clone())));
    texts.extend(code.retry.as_ref().map(|s| ("retry", s.get(lang).clone())));
    texts.extend(code.first_step.as_ref().map(|s| ("first_step", s.get(lang).clone())));
    texts.extend(code.provider_notes.iter().map(|n| ("provider_notes", html(&n.text))));
    texts.extend(code.equivalents.iter().filter(|e| e.declared_here).filter_map(|e| e.note.as_ref()).map(|n| ("equivalents", html(n))));
    texts
}

/// Every text of a protocol in every language: its own, its codes' and its pair notes'.
fn protocol_texts(protocol: &Protocol) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for lang in 0..2 {
        all.push(("_protocol".to_string(), plain(protocol.description.get(lang).as_str())));
        for code in &protocol.codes {
            all.extend(texts(code, lang).into_iter().map(|(field, text)| (format!("{} {field}", code.id), text)));
        }
        for note in &protocol.notes {
            let label = format!("pair {}-vs-{}", protocol.codes[note.a].id, protocol.codes[note.b].id);
            all.push((label, plain(note.note.get(lang).as_str())));
        }
    }
    all
}

/// `tests/<folder>/<protocol>.<extension>` for every protocol that has one.
fn data_files(folder: &str, extension: &str) -> BTreeMap<String, String> {
    let dir = repo().join("tests").join(folder);
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == extension) {
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            files.insert(id, std::fs::read_to_string(&path).unwrap());
        }
    }
    files
}

/// A registered name matches the page's name as it is, or without a trailing parenthetical
/// status that the registry adds to the name ("Not Extended (OBSOLETED)").
fn registered_as(registered: &str, name: &str) -> bool {
    let without_status = registered.rsplit_once(" (").filter(|(_, rest)| rest.ends_with(')')).map(|(head, _)| head);
    registered == name || without_status == Some(name)
}

#[test]
fn every_protocol_has_a_registry_and_a_pitfall_list() {
    let site = site();
    let (registries, pitfalls) = (data_files("registries", "tsv"), data_files("pitfalls", "yaml"));
    for protocol in &site.protocols {
        assert!(registries.contains_key(&protocol.id), "tests/registries/{}.tsv is missing", protocol.id);
        assert!(pitfalls.contains_key(&protocol.id), "tests/pitfalls/{}.yaml is missing", protocol.id);
    }
}

#[test]
fn every_registered_code_has_a_page_named_as_registered_and_no_page_is_invented() {
    let site = site();
    for (id, tsv) in data_files("registries", "tsv") {
        let protocol = protocol(&site, &id);
        let rows: Vec<(&str, &str)> = tsv.lines().filter(|l| !l.trim().is_empty()).map(|l| l.split_once('\t').unwrap_or_else(|| panic!("{id}.tsv: {l:?} has no tab"))).collect();
        for (number, registered) in &rows {
            let page = code(protocol, number);
            assert!(registered_as(registered, page.name.get(0)), "{id} {number}: the page says {:?}, the registry {registered:?}", page.name.get(0));
        }
        for page in &protocol.codes {
            let unregistered = page.registration.is_some_and(|r| r.key() == "unregistered");
            assert!(unregistered || rows.iter().any(|(number, _)| *number == page.id), "{id} {} is in no registry row; mark it `registration: unregistered`", page.id);
        }
    }
}

#[test]
fn every_text_field_is_written_in_both_languages_in_real_sentences() {
    let site = site();
    for protocol in &site.protocols {
        for code in &protocol.codes {
            let raw: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&code.file).unwrap()).unwrap();
            let turkish = &raw["translations"]["tr"];
            for field in ["name", "summary", "description", "when_seen", "how_to_fix", "retry", "first_step"] {
                if !raw[field].is_null() {
                    assert!(turkish[field].as_str().is_some_and(|t| !t.trim().is_empty()), "{}/{}: no Turkish {field}", protocol.id, code.id);
                }
            }
            assert!(code.summary.is_some(), "{}/{}: no summary", protocol.id, code.id);
            for lang in 0..2 {
                for (field, text) in texts(code, lang) {
                    assert!(!text.contains("TODO") && !text.to_lowercase().contains("lorem"), "{} {field}: placeholder", code.id);
                    if field != "name" {
                        assert!(text.len() >= 30 && text.contains(' '), "{}/{} {field} [{lang}] is not a real sentence: {text:?}", protocol.id, code.id);
                        assert!(text.trim_end().ends_with(['.', '!', '?', ')', '"', '”', '»', ':']), "{}/{} {field} [{lang}] does not end like a sentence: {text:?}", protocol.id, code.id);
                    }
                }
            }
            assert_ne!(plain(code.description.get(1).as_str()), plain(code.description.get(0).as_str()), "{}/{}: the Turkish description is the English one", protocol.id, code.id);
        }
    }
}

#[test]
fn every_code_cites_a_section_and_its_class_or_range_agrees_with_the_code() {
    let site = site();
    for protocol in &site.protocols {
        for code in &protocol.codes {
            assert!(code.references.iter().any(|r| r.section.is_some()), "{}/{} has no reference with a section", protocol.id, code.id);
            let Some(class) = code.class.map(|c| &protocol.classes[c]) else {
                assert!(protocol.classes.is_empty(), "{}/{} has no class", protocol.id, code.id);
                continue;
            };
            match class.range {
                Some((from, to)) => assert!((from..=to).contains(&code.id.parse::<u64>().unwrap()), "{}/{} is outside {}", protocol.id, code.id, class.key),
                None if code.id.contains('.') => assert_eq!(Some(class.key.as_str()), code.id.split('.').nth(1), "{}/{}", protocol.id, code.id),
                None => assert_eq!(class.key, code.id[..1], "{}/{}", protocol.id, code.id),
            }
        }
    }
}

#[test]
fn no_listed_pitfall_is_stated_in_any_language() {
    let site = site();
    for (id, yaml) in data_files("pitfalls", "yaml") {
        let texts = protocol_texts(protocol(&site, &id));
        let pitfalls: Vec<BTreeMap<String, String>> = serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("tests/pitfalls/{id}.yaml: {e}"));
        assert!(!pitfalls.is_empty(), "tests/pitfalls/{id}.yaml lists nothing");
        for pitfall in pitfalls {
            let pattern = RegexBuilder::new(&pitfall["pattern"]).case_insensitive(true).build().unwrap_or_else(|e| panic!("{id}: {e}"));
            for (place, text) in &texts {
                assert!(!pattern.is_match(text), "{id} {place} states a pitfall ({}): {text}", pitfall["why"]);
            }
        }
    }
}

#[test]
fn the_pitfall_lists_catch_the_misconceptions_the_issues_name() {
    let lists = data_files("pitfalls", "yaml");
    let catches = |id: &str, wrong: &str| {
        let pitfalls: Vec<BTreeMap<String, String>> = serde_yaml::from_str(&lists[id]).unwrap();
        pitfalls.iter().any(|p| RegexBuilder::new(&p["pattern"]).case_insensitive(true).build().unwrap().is_match(wrong))
    };
    for (id, wrong) in [
        ("http", "418 is an official status code"),
        ("http", "403 means you are not logged in"),
        ("dns", "NXDOMAIN means the server is down"),
        ("grpc", "UNAVAILABLE must never be retried"),
        ("websocket", "1006 is sent by the server"),
        ("smtp", "550 Mailbox not found"),
    ] {
        assert!(catches(id, wrong), "tests/pitfalls/{id}.yaml does not catch {wrong:?}");
    }
}

#[test]
fn smtp_facts_that_a_pattern_cannot_check_hold() {
    let site = site();
    let smtp = protocol(&site, "smtp");
    let english = |id: &str| plain(code(smtp, id).description.get(0).as_str()).to_lowercase();
    // 550 means "mailbox unavailable", which includes policy rejections.
    assert!(code(smtp, "550").name.get(0).to_lowercase().contains("mailbox unavailable"));
    assert!(english("550").contains("policy"));
    // 553 is "mailbox name not allowed", not "invalid"; 551 carries an address.
    assert!(code(smtp, "553").name.get(0).to_lowercase().contains("not allowed"));
    assert!(code(smtp, "551").name.get(0).contains("User not local"));
    // 354 answers DATA only; x3z and x4z are "Unspecified", not "authentication".
    assert_eq!(code(smtp, "354").commands, ["DATA"]);
    assert_eq!(code(smtp, "530").category.as_ref().unwrap().get(0), "Unspecified");
    // 421 closes the connection; RFC 5321's two texts for 451 are pointed out.
    assert!(english("421").contains("clos"));
    assert!(english("451").contains("local"));
    // "Too many recipients" is 452, and a 552 there is read as temporary.
    assert!(texts(code(smtp, "452"), 0).iter().any(|(_, t)| t.to_lowercase().contains("too many recipients")));
    assert!(texts(code(smtp, "552"), 0).iter().any(|(_, t)| t.to_lowercase().contains("temporar")));
    // Provider-specific reuse is labelled as such.
    let x110 = code(protocol(&site, "smtp-enhanced"), "X.1.10");
    assert!(x110.name.get(0).to_lowercase().contains("null mx"));
    assert!(x110.provider_notes.iter().any(|n| n.provider.contains("Microsoft")));
}

#[test]
fn codes_whose_class_does_not_decide_it_state_their_outcome() {
    let site = site();
    for protocol in &site.protocols {
        for code in &protocol.codes {
            let reserved = code.registration.is_some_and(|r| matches!(r.key(), "reserved" | "unused"));
            // An enhanced status code's outcome is the class of its concrete form (5.1.1, 4.1.1);
            // an FTP 6yz reply carries the outcome of the reply protected inside it.
            let carried = code.id.starts_with("X.") || (protocol.id == "ftp" && code.id.starts_with('6'));
            assert!(code.outcome.is_some() || reserved || carried, "{}/{} has no outcome", protocol.id, code.id);
        }
    }
}

#[test]
fn the_pairs_people_confuse_have_their_own_notes() {
    let site = site();
    let wanted: &[(&str, &[(&str, &str)])] = &[
        ("smtp", &[("450", "550"), ("421", "450"), ("451", "550"), ("452", "552"), ("550", "554"), ("550", "553"), ("251", "551"), ("521", "556"), ("530", "535"), ("250", "354")]),
        ("smtp-enhanced", &[("X.1.1", "X.7.1")]),
        ("http", &[("401", "403"), ("301", "308"), ("302", "307"), ("404", "410"), ("400", "422"), ("502", "504"), ("429", "503")]),
        ("dns", &[("2", "3"), ("2", "5")]),
        ("sip", &[("486", "600"), ("486", "603")]),
        ("ftp", &[("425", "426"), ("530", "532")]),
        ("grpc", &[("4", "14"), ("9", "10"), ("3", "11")]),
        ("websocket", &[("1001", "1006"), ("1000", "1005")]),
    ];
    let mut total = 0;
    for (protocol_id, pairs) in wanted {
        let protocol = protocol(&site, protocol_id);
        for (a, b) in *pairs {
            let (a, b) = (protocol.find(a).unwrap(), protocol.find(b).unwrap());
            let note = protocol.note(a.min(b), a.max(b)).unwrap_or_else(|| panic!("no note for {protocol_id} {a} {b}"));
            assert_ne!(note.note.get(0), note.note.get(1), "the note is translated");
        }
        total += protocol.notes.len();
    }
    assert!(total >= 40 + 11, "{total} pair notes");
}

#[test]
fn the_bundled_site_builds_and_checks_without_a_finding() {
    let report = replyvs::check(&options(&repo().join("content"), Path::new("unused"))).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.pages > 20_000);
}
