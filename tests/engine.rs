//! The engine knows no protocol (issue 10, point 4): three registries unlike SMTP, written here
//! as data alone, build and pass `check` — one whose codes count from 0, one without classes
//! whose codes are names, one described by number ranges. Their pages are read back.

mod support;

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use support::*;

const SITE: &str = "title: Engine\ndescription: Three registries unlike SMTP.\nbase_url: https://engine.example.org/\nlanguages: [en, tr]\n";

/// A code file: its code, name and outcome, with every required text.
fn code(id: &str, name: &str, extra: &str) -> String {
    format!(
        "code: \"{id}\"\nname: {name}\ndescription: The code {id} says {name}.\nwhen_seen: When the server says {name}.\nhow_to_fix: Read what the server says about {name}.\n{extra}translations:\n  tr:\n    name: {name} (tr)\n    description: \"{id} kodu şunu söyler: {name}.\"\n    when_seen: Sunucu bunu söylediğinde.\n    how_to_fix: Sunucunun söylediğini okuyun.\n"
    )
}

fn write(root: &Path, files: &[(String, String)]) {
    for (path, text) in files {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
}

/// The three registries, in a fresh content folder.
fn engine_site(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    let mut files = vec![("site.yaml".to_string(), SITE.to_string())];
    // Codes from 0 upward, numbers without a class digit (like DNS RCODEs): the outcome is the
    // code's own, and names people paste are aliases.
    files.push(("rcode/_protocol.yaml".to_string(), "name: RCODE\ntitle: Response codes\ndescription: Numbers from zero.\n".to_string()));
    for (id, name, outcome, alias) in
        [("0", "No error", "success", "NOERROR"), ("1", "Format error", "permanent", "FORMERR"), ("2", "Server failure", "transient", "SERVFAIL"), ("10", "Not in zone", "permanent", "NOTZONE")]
    {
        files.push((format!("rcode/{id}.yaml"), code(id, name, &format!("outcome: {outcome}\naliases: [{alias}]\n"))));
    }
    // No classes and codes that are words (like gRPC's names).
    files.push(("status/_protocol.yaml".to_string(), "name: Status\ntitle: Status names\ndescription: Words, not numbers.\n".to_string()));
    for (id, outcome) in [("OK", "success"), ("BUSY", "transient"), ("DENIED", "permanent")] {
        files.push((format!("status/{id}.yaml"), code(id, &format!("{id} status"), &format!("outcome: {outcome}\n"))));
    }
    // Ranges (like WebSocket close codes).
    let ranges = "ranges:\n  \"1000-2999\": Defined by the protocol\n  \"3000-3999\": Registered\n  \"4000-4999\": Private use\noutcomes:\n  \"1000-2999\": permanent\ntranslations:\n  tr:\n    ranges:\n      \"1000-2999\": Protokolün tanımladığı\n      \"3000-3999\": Kayıtlı\n      \"4000-4999\": Özel kullanım\n";
    files.push(("close/_protocol.yaml".to_string(), format!("name: Close\ntitle: Close codes\ndescription: Codes in ranges.\n{ranges}")));
    for (id, name) in [("1000", "Normal"), ("1002", "Protocol error"), ("3000", "Unauthorized"), ("4000", "Private")] {
        let outcome = if id == "1000" { "outcome: success\n" } else { "" };
        files.push((format!("close/{id}.yaml"), code(id, name, outcome)));
    }
    write(&content, &files);
    content
}

fn page(out: &Path, url: &str) -> Html {
    let file = file_for_url(out, "/", url).unwrap_or_else(|| panic!("no page at {url}"));
    Html::parse_document(&std::fs::read_to_string(file).unwrap())
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&Selector::parse(selector).unwrap()).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

#[test]
fn three_registries_unlike_smtp_build_and_pass_check_from_data_alone() {
    let dir = tempfile::tempdir().unwrap();
    let content = engine_site(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    replyvs::check(&options(&content, &out)).unwrap_or_else(|e| panic!("{e}"));
    // Every pair of each registry, in natural order: 2 before 10, 1000 before 4000.
    for url in ["/rcode/0-vs-10", "/rcode/2-vs-10", "/status/BUSY-vs-DENIED", "/close/1000-vs-4000", "/tr/close/1002-vs-3000"] {
        assert!(file_for_url(&out, "/", url).is_some(), "{url}");
    }
    assert!(file_for_url(&out, "/", "/rcode/10-vs-2").is_some(), "the reverse order has its page too");
    assert_eq!(texts(&page(&out, "/rcode/0"), "title"), ["RCODE 0 No error | Engine"]);
    assert_eq!(texts(&page(&out, "/tr/rcode/0-vs-10"), "main h1"), ["RCODE 0 (No error (tr)) ile 10 (Not in zone (tr)) karşılaştırması"]);
}

#[test]
fn a_registry_without_classes_shows_its_codes_in_one_list_and_the_home_page_no_empty_class_list() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&engine_site(dir.path()), &out);
    let status = page(&out, "/status/");
    assert_eq!(texts(&status, ".code-list .code-id"), ["BUSY", "DENIED", "OK"]);
    assert!(!texts(&page(&out, "/close/"), "#codes ~ h3").is_empty(), "the selector finds the class headings of a registry that has them");
    assert!(texts(&status, "#codes ~ h3").is_empty(), "no class headings");
    let home = page(&out, "/");
    let class_lists = texts(&home, "#classes ~ h3");
    assert!(class_lists.contains(&"Close".to_string()), "{class_lists:?}");
    assert!(!class_lists.contains(&"Status".to_string()) && !class_lists.contains(&"RCODE".to_string()), "{class_lists:?}");
}

#[test]
fn comparisons_take_their_facts_from_the_codes_and_ranges_when_no_class_decides() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&engine_site(dir.path()), &out);
    let differences = texts(&page(&out, "/status/BUSY-vs-DENIED"), "ol.differences li").join(" | ");
    assert!(differences.contains("BUSY") && differences.contains("DENIED"), "{differences}");
    let intro = texts(&page(&out, "/close/1002-vs-3000"), "p.lead").join(" | ");
    assert!(intro.contains("Defined by the protocol") && intro.contains("Registered"), "the ranges name the codes' groups: {intro}");
    let turkish = texts(&page(&out, "/tr/close/1002-vs-3000"), "p.lead").join(" | ");
    assert!(turkish.contains("Protokolün tanımladığı"), "{turkish}");
}

#[test]
fn codes_in_one_range_are_not_said_to_report_the_same_kind_of_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&engine_site(dir.path()), &out);
    let same = page(&out, "/close/1000-vs-1002");
    let (intro, differences) = (texts(&same, "p.lead").join(" | "), texts(&same, "ol.differences li").join(" | "));
    assert!(intro.contains("both in the range 1000–2999"), "{intro}");
    assert!(!intro.contains("class") && !differences.contains("same class") && !differences.contains("same kind of outcome"), "a range is not a class: {intro} || {differences}");
    assert!(differences.contains("success"), "the codes' own outcomes are compared: {differences}");
    let apart = texts(&page(&out, "/close/1002-vs-3000"), "ol.differences li").join(" | ");
    assert!(apart.contains("different ranges of the registry, 1000–2999 and 3000–3999"), "{apart}");
    let turkish = texts(&page(&out, "/tr/close/1000-vs-1002"), "p.lead").join(" | ");
    assert!(turkish.contains("ikisi de 1000–2999 aralığındadır") && !turkish.contains("sınıf"), "{turkish}");
}

#[test]
fn a_code_outside_every_range_is_refused_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let content = engine_site(dir.path());
    std::fs::write(content.join("close/5000.yaml"), code("5000", "Too far", "")).unwrap();
    let error = replyvs::build(&options(&content, &dir.path().join("out"))).unwrap_err().to_string();
    assert!(error.contains("close/5000.yaml:1:7") && error.contains("5000"), "{error}");
}
