//! The bundled content is complete and fact-checked: every registry code is there in both
//! languages, with references, a class that agrees with the code, real sentences, and none of the
//! known factual pitfalls.

mod support;

use replyvs::model::{Code, Protocol, Site};
use support::*;

const BASIC: &[&str] = &[
    "211", "214", "220", "221", "250", "251", "252", "354", "421", "450", "451", "452", "455", "500", "501", "502", "503", "504", "550", "551",
    "552", "553", "554", "555", "235", "334", "432", "454", "530", "534", "535", "538", "521", "556",
];

/// Rows of the IANA SMTP Enhanced Status Codes registry (X.7.30 left out: not verifiable here).
fn enhanced() -> Vec<String> {
    let details = [(0, 0), (1, 10), (2, 4), (3, 6), (4, 7), (5, 6), (6, 10), (7, 29)];
    let mut rows = Vec::new();
    for (subject, last) in details {
        for detail in 0..=last {
            if subject == 0 && detail > 0 {
                break;
            }
            rows.push(format!("X.{subject}.{detail}"));
        }
    }
    rows
}

fn site() -> Site {
    replyvs::load_site(&options(&repo().join("content"), &repo().join("output"))).expect("the bundled content is valid").0
}

fn protocol<'a>(site: &'a Site, id: &str) -> &'a Protocol {
    site.protocols.iter().find(|p| p.id == id).unwrap()
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
    let mut texts = vec![
        ("name", code.name.get(lang).clone()),
        ("description", plain(code.description.get(lang).as_str())),
        ("when_seen", plain(code.when_seen.get(lang).as_str())),
        ("how_to_fix", plain(code.how_to_fix.get(lang).as_str())),
    ];
    if let Some(summary) = &code.summary {
        texts.push(("summary", summary.get(lang).clone()));
    }
    if let Some(retry) = &code.retry {
        texts.push(("retry", retry.get(lang).clone()));
    }
    texts
}

#[test]
fn every_registry_code_is_present_in_both_protocols() {
    let site = site();
    let smtp = protocol(&site, "smtp");
    let mut ids: Vec<&str> = smtp.codes.iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    let mut expected = BASIC.to_vec();
    expected.sort();
    assert_eq!(ids, expected);
    let enhanced_ids: Vec<String> = protocol(&site, "smtp-enhanced").codes.iter().map(|c| c.id.clone()).collect();
    assert_eq!(enhanced_ids, enhanced());
}

#[test]
fn every_text_field_is_written_in_both_languages_in_real_sentences() {
    let raw_files = read_tree(&repo().join("content"));
    let site = site();
    for protocol in &site.protocols {
        for code in &protocol.codes {
            let source = String::from_utf8(raw_files[&code.file.strip_prefix(repo().join("content")).unwrap().to_string_lossy().to_string()].clone()).unwrap();
            let turkish_block = source.split("\ntranslations:").nth(1).unwrap_or_else(|| panic!("{} has no translations", code.id));
            for field in ["name", "summary", "description", "when_seen", "how_to_fix"] {
                assert!(turkish_block.contains(&format!("\n    {field}:")), "{}: no Turkish {field}", code.id);
            }
            assert!(code.summary.is_some(), "{}: no summary", code.id);
            for lang in 0..2 {
                let texts = texts(code, lang);
                for (field, text) in &texts {
                    assert!(!text.contains("TODO") && !text.to_lowercase().contains("lorem"), "{} {field}: placeholder", code.id);
                    if *field != "name" {
                        assert!(text.len() >= 30 && text.contains(' '), "{} {field} [{lang}] is not a real sentence: {text:?}", code.id);
                        assert!(text.trim_end().ends_with(['.', '!', '?', ')', '"', '”', '»', ':']), "{} {field} [{lang}] does not end like a sentence: {text:?}", code.id);
                    }
                }
                let english = texts.iter().find(|(f, _)| *f == "description").unwrap();
                if lang == 1 {
                    let original = plain(code.description.get(0).as_str());
                    assert_ne!(english.1, original, "{}: the Turkish description is the English one", code.id);
                }
            }
        }
    }
}

#[test]
fn every_code_cites_a_section_and_its_class_agrees_with_the_code() {
    let site = site();
    for protocol in &site.protocols {
        for code in &protocol.codes {
            assert!(code.references.iter().any(|r| r.section.is_some()), "{} has no reference with a section", code.id);
            let class = &protocol.classes[code.class.expect("SMTP codes have a class")].key;
            let expected = if protocol.id == "smtp" { &code.id[..1] } else { code.id.split('.').nth(1).unwrap() };
            assert_eq!(class, expected, "{}", code.id);
            if protocol.id == "smtp" {
                let second = code.id.as_bytes()[1];
                assert!((b'0'..=b'5').contains(&second), "{}: the second digit of a reply code is 0 to 5", code.id);
            }
        }
    }
}

#[test]
fn no_known_pitfall_is_stated() {
    let site = site();
    let smtp = protocol(&site, "smtp");
    let all_text: Vec<(String, String)> = site
        .protocols
        .iter()
        .flat_map(|p| p.codes.iter())
        .flat_map(|c| (0..2).flat_map(move |lang| texts(c, lang).into_iter().map(move |(_, t)| (c.id.clone(), t.to_lowercase()))))
        .collect();
    // 1. 550 means "mailbox unavailable", which includes policy rejections.
    let c550 = code(smtp, "550");
    assert!(c550.name.get(0).to_lowercase().contains("mailbox unavailable"));
    assert!(plain(c550.description.get(0).as_str()).to_lowercase().contains("policy"));
    for (id, text) in &all_text {
        assert!(!text.contains("550 mailbox not found") && !text.contains("550 (mailbox not found)"), "{id} calls 550 Mailbox Not Found");
        // 11. No invented codes in the 1yz class or with a second digit above 5.
        for invented in ["571 ", "557 ", "1xx"] {
            assert!(!text.contains(&format!(" {invented}")), "{id} mentions the invented code {invented:?}: {text}");
        }
        // 2. The bare-dot myth: dot-stuffing is automatic.
        assert!(!text.contains("avoid a bare") && !text.contains("avoid lines containing only"), "{id}: bare-dot advice");
    }
    // 553 is "mailbox name not allowed", not "invalid".
    assert!(code(smtp, "553").name.get(0).to_lowercase().contains("not allowed"));
    // 2. 354 answers DATA only.
    assert_eq!(code(smtp, "354").commands, ["DATA"]);
    // 10. x3z and x4z are "Unspecified", not "authentication".
    let categories = code(smtp, "530").category.as_ref().unwrap();
    assert_eq!(categories.get(0), "Unspecified");
    // 8. 421 closes the connection.
    assert!(plain(code(smtp, "421").description.get(0).as_str()).to_lowercase().contains("clos"));
    // 4. "Too many recipients" is 452, and a 552 there is read as temporary.
    assert!(all_text.iter().any(|(id, t)| id == "452" && t.contains("too many recipients")));
    assert!(all_text.iter().any(|(id, t)| id == "552" && t.contains("temporar")));
    // 7. 555 is not deprecated.
    assert!(!all_text.iter().any(|(id, t)| id == "555" && t.contains("deprecated") && !t.contains("not deprecated")));
    // 5. 551 carries an address; it does not mean "user does not exist".
    assert!(code(smtp, "551").name.get(0).contains("User not local"));
    // 9. RFC 5321's two texts for 451 are pointed out.
    assert!(plain(code(smtp, "451").description.get(0).as_str()).contains("local"));
    // 14. Provider-specific reuse is labelled as such.
    let x110 = code(protocol(&site, "smtp-enhanced"), "X.1.10");
    assert!(x110.name.get(0).to_lowercase().contains("null mx"));
    assert!(x110.provider_notes.iter().any(|n| n.provider.contains("Microsoft")));
}

#[test]
fn the_pairs_people_confuse_have_their_own_notes() {
    let site = site();
    let wanted = [
        ("smtp", "450", "550"),
        ("smtp", "421", "450"),
        ("smtp", "451", "550"),
        ("smtp", "452", "552"),
        ("smtp", "550", "554"),
        ("smtp", "550", "553"),
        ("smtp", "251", "551"),
        ("smtp", "521", "556"),
        ("smtp", "530", "535"),
        ("smtp", "250", "354"),
        ("smtp-enhanced", "X.1.1", "X.7.1"),
    ];
    for (protocol_id, a, b) in wanted {
        let protocol = protocol(&site, protocol_id);
        let (a, b) = (protocol.find(a).unwrap(), protocol.find(b).unwrap());
        let note = protocol.note(a.min(b), a.max(b)).unwrap_or_else(|| panic!("no note for {protocol_id} {a} {b}"));
        assert_ne!(note.note.get(0), note.note.get(1), "the note is translated");
    }
}

#[test]
fn the_bundled_site_builds_and_checks_without_a_finding() {
    let report = replyvs::check(&options(&repo().join("content"), &repo().join("output"))).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.pages > 7_000);
}
