//! Builds real sites and inspects the output: page counts, the sections of a pair page in both
//! languages, links and anchors, doubled words, determinism and the golden copy of a fixture.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use scraper::{Html, Selector};
use support::*;

fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

fn parse(file: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
}

fn texts(page: &Html, selector: &str) -> Vec<String> {
    page.select(&select(selector)).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

#[test]
fn pair_pages_cover_every_unordered_couple_once_with_a_reverse_alias_each() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&mini_content(), &out);
    let codes = ["250", "354", "450", "550"];
    for prefix in ["", "tr/"] {
        let pairs: BTreeSet<String> = std::fs::read_dir(out.join(format!("{prefix}smtp"))).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|name| name.contains("-vs-")).collect();
        let n = codes.len();
        assert_eq!(pairs.len(), n * (n - 1), "n(n-1)/2 pair pages plus as many aliases in {prefix:?}: {pairs:?}");
        for (i, a) in codes.iter().enumerate() {
            for b in &codes[i + 1..] {
                let canonical = out.join(format!("{prefix}smtp/{a}-vs-{b}.html"));
                let alias = out.join(format!("{prefix}smtp/{b}-vs-{a}.html"));
                let page = parse(&canonical);
                assert_eq!(texts(&page, "h1").len(), 1);
                let alias_page = parse(&alias);
                let href = alias_page.select(&select("link[rel=canonical]")).next().unwrap().attr("href").unwrap().to_string();
                assert_eq!(href, format!("https://mini.example.org/docs/{prefix}smtp/{a}-vs-{b}"));
                let refresh = alias_page.select(&select("meta[http-equiv=refresh]")).next().unwrap().attr("content").unwrap().to_string();
                assert_eq!(refresh, format!("0; url=/docs/{prefix}smtp/{a}-vs-{b}"));
            }
        }
    }
}

#[test]
fn the_354_vs_550_page_has_every_section_in_both_languages() {
    let out = bundled_output();
    let english = parse(&out.join("smtp/354-vs-550.html"));
    let h1 = texts(&english, "h1").join("");
    assert!(h1.starts_with("SMTP 354 Start mail input"), "{h1}");
    assert!(h1.contains(" vs 550 Requested action not taken: mailbox unavailable"), "{h1}");
    let lead = texts(&english, "p.lead").join(" ");
    assert!(lead.contains("354 is in class 3xx (Positive Intermediate)") && lead.contains("550 is in class 5xx (Permanent Negative Completion)"), "{lead}");
    let turkish = parse(&out.join("tr/smtp/354-vs-550.html"));
    for (page, labels) in [
        (&english, ["Description", "When You See It", "How to Fix", "Key Differences", "Which to Use When", "Learn More"]),
        (&turkish, ["Açıklama", "Gördüğünüzde", "Nasıl Düzeltilir", "Temel Farklar", "Hangisini Ne Zaman Kullanmalı", "Daha Fazla Öğren"]),
    ] {
        let headings = texts(page, "h2, h3");
        for label in labels {
            assert!(headings.iter().any(|h| h == label), "missing heading {label:?} in {headings:?}");
        }
        // Description, When You See It and How to Fix for each of the two codes.
        assert_eq!(texts(page, ".code-card").len(), 2);
        for card in page.select(&select(".code-card")) {
            let sections: Vec<_> = card.select(&select("[data-required]")).collect();
            assert_eq!(sections.len(), 3);
            assert!(sections.iter().all(|s| s.text().collect::<String>().split_whitespace().count() > 10));
        }
        let differences = texts(page, "ol.differences li");
        assert!(differences.len() >= 4, "{differences:?}");
        let learn_more: Vec<String> = page.select(&select("ul.learn-more a")).map(|a| a.attr("href").unwrap().to_string()).collect();
        for wanted in ["/smtp/354", "/smtp/550", "https://www.rfc-editor.org/rfc/rfc5321#section-4.2.3"] {
            assert!(learn_more.iter().any(|h| h.ends_with(wanted)), "learn more lacks {wanted}: {learn_more:?}");
        }
        let table = texts(page, "table.compare th[scope=row]");
        assert!(table.len() >= 5, "{table:?}");
    }
    assert_eq!(texts(&turkish, "html").len(), 1);
    assert_eq!(turkish.select(&select("html")).next().unwrap().attr("lang"), Some("tr"));
    let turkish_text = texts(&turkish, ".code-card").join(" ");
    assert!(turkish_text.contains("posta kutusu"), "the Turkish page uses the Turkish content");
}

#[test]
fn every_page_has_lang_canonical_description_alternates_and_a_switcher() {
    let out = bundled_output();
    for file in ["index.html", "smtp/index.html", "smtp/550.html", "smtp/354-vs-550.html", "tr/smtp-enhanced/X.1.1-vs-X.7.1.html"] {
        let page = parse(&out.join(file));
        let html = page.select(&select("html")).next().unwrap();
        assert!(html.attr("lang").is_some_and(|l| !l.is_empty()), "{file}");
        assert_eq!(page.select(&select("link[rel=canonical]")).count(), 1, "{file}");
        let description = page.select(&select("meta[name=description]")).next().unwrap().attr("content").unwrap();
        assert!(description.len() > 20, "{file}");
        let alternates: BTreeSet<&str> = page.select(&select("link[rel=alternate]")).map(|l| l.attr("hreflang").unwrap()).collect();
        assert_eq!(alternates, BTreeSet::from(["en", "tr", "x-default"]), "{file}");
        assert_eq!(page.select(&select("nav.languages li")).count(), 2, "{file}");
    }
}

/// Every `href` of every page of the bundled site leads to a file, and every `#fragment` to an id.
#[test]
fn every_internal_link_and_anchor_resolves() {
    let out = bundled_output();
    let mut broken = Vec::new();
    let mut checked = 0;
    let link = select("a[href], link[href]");
    for (path, bytes) in read_tree(out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for element in page.select(&link) {
            let href = element.attr("href").unwrap();
            let href = href.strip_prefix("https://replyvs.example.org").unwrap_or(href);
            if href.starts_with("http") {
                continue;
            }
            checked += 1;
            let (target, fragment) = href.split_once('#').map_or((href, None), |(t, f)| (t, Some(f)));
            let target_file = if target.is_empty() { Some(out.join(&path)) } else { file_for_url(out, "/", target) };
            let Some(target_file) = target_file else {
                broken.push(format!("{path}: {href}"));
                continue;
            };
            if let Some(fragment) = fragment {
                let target_page = parse(&target_file);
                if target_page.select(&select(&format!("[id='{fragment}']"))).next().is_none() {
                    broken.push(format!("{path}: {href} (no such anchor)"));
                }
            }
        }
    }
    assert!(checked > 100_000, "only {checked} links checked");
    assert!(broken.is_empty(), "{} broken links, e.g. {:?}", broken.len(), &broken[..broken.len().min(10)]);
}

/// The known comparison site prints "You encounter 550 when when sending…"; ours never doubles a word.
#[test]
fn no_generated_page_has_doubled_words() {
    let out = bundled_output();
    let blocks = select("title, h1, h2, h3, p, li, dt, dd, td, th");
    let mut doubled = Vec::new();
    for (path, bytes) in read_tree(out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for block in page.select(&blocks) {
            let text = own_text(block);
            if let Some(word) = doubled_word(&text) {
                doubled.push(format!("{path}: \"{word} {word}\" in {:?}", text.chars().take(160).collect::<String>()));
            }
        }
    }
    doubled.dedup();
    assert!(doubled.is_empty(), "{} doubled words, e.g. {:?}", doubled.len(), &doubled[..doubled.len().min(10)]);
}

/// The text of a block without the text of the blocks inside it (a list item's name and the
/// paragraph under it are two sentences, not one).
fn own_text(block: scraper::ElementRef<'_>) -> String {
    const BLOCKS: &[&str] = &["title", "h1", "h2", "h3", "p", "li", "dt", "dd", "td", "th", "ul", "ol", "dl", "div", "section"];
    let mut text = String::new();
    for node in block.descendants() {
        let Some(piece) = node.value().as_text() else { continue };
        let nested = node.ancestors().take_while(|a| a.id() != block.id()).any(|a| a.value().as_element().is_some_and(|e| BLOCKS.contains(&e.name())));
        if !nested {
            text.push(' ');
            text.push_str(piece);
        }
    }
    text
}

/// Turkish doubles these words on purpose ("tek tek": one by one; "tekrar tekrar": over and
/// over; "aktarım aktarım": transfer by transfer).
const TURKISH_REDUPLICATIONS: &[&str] = &["tek", "teker", "ayrı", "sık", "zaman", "adım", "yavaş", "tekrar", "düzey", "aktarım"];

/// The first word written twice in a row: two neighbouring words, with nothing but a space
/// between them (a number, a code or punctuation in between makes them not neighbours).
fn doubled_word(text: &str) -> Option<String> {
    let mut previous: Option<String> = None;
    for token in text.split_whitespace() {
        let word = token.trim_matches(|c: char| !c.is_alphabetic());
        let is_word = !word.is_empty() && word.chars().all(char::is_alphabetic) && token.starts_with(|c: char| c.is_alphabetic() || c == '(' || c == '“' || c == '"');
        let current = is_word.then(|| word.to_lowercase());
        // An opening bracket or quote starts a new clause: "remember it (it is cacheable)".
        let opens = token.starts_with(['(', '“', '"']);
        let reduplication = current.as_deref().is_some_and(|w| TURKISH_REDUPLICATIONS.contains(&w));
        if current.is_some() && current == previous && word.chars().count() > 1 && !opens && !reduplication {
            return current;
        }
        let ends_clause = token.ends_with(|c: char| !c.is_alphabetic());
        previous = if ends_clause { None } else { current };
    }
    None
}

#[test]
fn the_doubled_word_scan_catches_the_known_bad_sentence() {
    assert_eq!(doubled_word("You encounter 550 when when sending"), Some("when".into()));
    assert_eq!(doubled_word("Bir de De Morgan"), Some("de".into()));
    assert_eq!(doubled_word("RFC 5321, RFC 7505 and the address, the text"), None);
    assert_eq!(doubled_word("clients may remember it (it is cacheable)"), None);
    assert_eq!(doubled_word("kayıtları tek tek belirten"), None);
}

#[test]
fn two_builds_are_byte_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let content = repo().join("content");
    let content = content.to_str().unwrap();
    let theme = default_theme();
    let theme = theme.to_str().unwrap();
    let one = replyvs(dir.path(), &["build", "--content", content, "--theme", theme, "--output", "one", "--jobs", "1"]);
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    let many = replyvs(dir.path(), &["build", "--content", content, "--theme", theme, "--output", "many"]);
    assert!(many.status.success(), "{}", String::from_utf8_lossy(&many.stderr));
    let (one, many) = (read_tree(&dir.path().join("one")), read_tree(&dir.path().join("many")));
    assert!(one.len() > 10_000);
    assert!(one == many, "differences: {:?}", changed_files(&one, &many));
}

/// The whole output of the mini fixture, compared file by file with `tests/fixtures/mini/expected`
/// (and `expected-directory` in directory style). Regenerate with
/// `UPDATE_GOLDEN=1 cargo test --release --test site golden`.
#[test]
fn golden_site_matches_expected_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&mini_content(), &out);
    compare_with_golden(&out, &repo().join("tests/fixtures/mini/expected"));
}

#[test]
fn golden_site_in_directory_style_matches_expected_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&in_directory_style(&mini_content(), dir.path()), &out);
    compare_with_golden(&out, &repo().join("tests/fixtures/mini/expected-directory"));
}

/// In directory style, every link of every page is served by a file even by a host without
/// clean URLs; the fixture adds a protocol whose codes include 404, which once got `.html` files.
#[test]
fn directory_style_links_are_served_by_files_on_disk_even_for_a_code_named_404() {
    let dir = tempfile::tempdir().unwrap();
    let content = in_directory_style(&mini_content(), dir.path());
    let http = content.join("http");
    std::fs::create_dir_all(&http).unwrap();
    std::fs::write(http.join("_protocol.yaml"), "name: HTTP\ntitle: HTTP status codes\ndescription: Three digits.\nclasses: { \"4\": Client Error }\n").unwrap();
    for (code, name) in [("403", "Forbidden"), ("404", "Not Found")] {
        std::fs::write(http.join(format!("{code}.yaml")), format!("code: \"{code}\"\nname: {name}\ndescription: The {name} status.\nwhen_seen: When it is sent.\nhow_to_fix: Fix the request.\n")).unwrap();
    }
    let out = dir.path().join("out");
    build(&content, &out);
    assert!(out.join("http/404/index.html").is_file() && out.join("http/403-vs-404/index.html").is_file() && out.join("tr/404.html").is_file());
    let link = select("a[href], link[href]");
    let mut checked = 0;
    for (path, bytes) in read_tree(&out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for href in page.select(&link).filter_map(|e| e.attr("href")) {
            let local = href.strip_prefix("https://mini.example.org").unwrap_or(href);
            let target = local.split('#').next().unwrap();
            if local.starts_with("http") || target.is_empty() {
                continue;
            }
            checked += 1;
            assert!(file_for_url_without_clean_urls(&out, "/docs/", target).is_some(), "{path}: {href} is served by no file");
        }
    }
    assert!(checked > 500, "{checked} links");
    replyvs::check(&options(&content, &out)).unwrap_or_else(|e| panic!("{e}"));
}

/// Compares `out` with the golden tree file by file. Files the theme publishes as they are
/// (`style.css`, `search.js`) are compared with the theme's own file instead of a copy, and the
/// fingerprints in their names are taken out of names and pages, so that the golden trees hold
/// only what replyvs generates and an edit of the stylesheet does not change them (the tests of
/// `fingerprints` check the names).
fn compare_with_golden(out: &Path, expected_dir: &Path) {
    let theme_static = read_tree(&default_theme().join("static"));
    let mut actual = without_fingerprints(read_tree(out));
    for (path, bytes) in &theme_static {
        assert_eq!(actual.remove(path).as_ref(), Some(bytes), "{path} is published as the theme has it");
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(expected_dir);
        for (path, bytes) in &actual {
            let file = expected_dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, bytes).unwrap();
        }
        return;
    }
    let expected = read_tree(expected_dir);
    let missing: Vec<&String> = expected.keys().filter(|k| !actual.contains_key(*k)).collect();
    let unexpected: Vec<&String> = actual.keys().filter(|k| !expected.contains_key(*k)).collect();
    assert!(missing.is_empty(), "expected files not produced: {missing:?}");
    assert!(unexpected.is_empty(), "files produced but not in expected/: {unexpected:?}");
    for (path, bytes) in &expected {
        if &actual[path] != bytes {
            let (want, got) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(&actual[path]));
            let line = want.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!("{path} differs from the golden copy at line {}:\n- {}\n+ {}", line + 1, want.lines().nth(line).unwrap_or(""), got.lines().nth(line).unwrap_or(""));
        }
    }
}

/// The tree with `style.0123456789.css` named and linked as `style.css`.
fn without_fingerprints(tree: std::collections::BTreeMap<String, Vec<u8>>) -> std::collections::BTreeMap<String, Vec<u8>> {
    let fingerprint = regex::bytes::Regex::new(r"\.[0-9a-f]{10}\.(css|js|mjs)\b").unwrap();
    tree.into_iter()
        .map(|(path, bytes)| {
            let path = String::from_utf8(fingerprint.replace_all(path.as_bytes(), &b".$1"[..]).into_owned()).unwrap();
            let bytes = if path.ends_with(".html") || path.ends_with(".json") || path == "_headers" { fingerprint.replace_all(&bytes, &b".$1"[..]).into_owned() } else { bytes };
            (path, bytes)
        })
        .collect()
}

#[test]
fn site_static_files_such_as_cname_are_published() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&mini_content(), &out);
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "mini.example.org\n");
    let names: Vec<String> = read_tree(&out).into_keys().filter(|p| !p.contains('/')).collect();
    assert!(names.iter().any(|n| n.starts_with("style.") && n.ends_with(".css")) && names.iter().any(|n| n.starts_with("search.") && n.ends_with(".js")), "{names:?}");
}

#[test]
fn base_url_with_a_path_prefixes_every_internal_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&mini_content(), &out);
    for (path, bytes) in read_tree(&out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for element in page.select(&select("a[href], link[href], script[src]")) {
            let target = element.attr("href").or(element.attr("src")).unwrap();
            if target.starts_with('/') {
                assert!(target.starts_with("/docs/"), "{path}: {target}");
                let (file_url, _) = target.split_once('#').unwrap_or((target, ""));
                assert!(file_for_url(&out, "/docs/", file_url).is_some(), "{path}: {target} has no file");
            }
        }
    }
}

/// A Turkish page that shows English text because a field has no translation marks it `lang="en"`.
#[test]
fn text_that_falls_back_to_the_default_language_carries_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&mini_content(), &content);
    let code = content.join("smtp/450.yaml");
    let text = std::fs::read_to_string(&code).unwrap();
    std::fs::write(&code, text.replace("    description: Geçici bir ret. Aynı komut daha sonra işe yarayabilir.\n", "")).unwrap();
    let out = dir.path().join("out");
    build(&content, &out);
    let turkish = parse(&out.join("tr/smtp/450.html"));
    let description = turkish.select(&select("[data-required=description]")).next().unwrap();
    assert_eq!(description.value().attr("lang"), Some("en"));
    let when_seen = turkish.select(&select("[data-required=when_seen]")).next().unwrap();
    assert_eq!(when_seen.value().attr("lang"), None, "translated text has the page's language");
    let english = parse(&out.join("smtp/450.html"));
    assert_eq!(english.select(&select("[data-required=description]")).next().unwrap().value().attr("lang"), None);
}

/// The card of a code is rendered once per language and shown on each of its pair pages, so a
/// site that restyles `partials/code-card.html` sees its card there, with that pair's two codes in
/// order and in the page's language.
#[test]
fn a_site_that_restyles_the_code_card_sees_it_on_every_pair_page_for_both_codes() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let content = mini_copy(&site);
    std::fs::create_dir_all(site.join("templates/partials")).unwrap();
    let card = "<section class=\"code-card mine\" data-code=\"{{ code.id }}\" aria-labelledby=\"{{ code.anchor }}\">\
                <h2 id=\"{{ code.anchor }}\">{{ protocol.prefix }} {{ code.id }}</h2><p>{{ t.description }}</p></section>\n";
    std::fs::write(site.join("templates/partials/code-card.html"), card).unwrap();
    let out = dir.path().join("out");
    let mut options = options(&content, &out);
    options.theme = None;
    replyvs::build(&options).unwrap();

    let codes = ["250", "354", "450", "550"];
    for (prefix, description) in [("", "Description"), ("tr/", "Açıklama")] {
        for (i, a) in codes.iter().enumerate() {
            for b in &codes[i + 1..] {
                let page = parse(&out.join(format!("{prefix}smtp/{a}-vs-{b}.html")));
                let shown: Vec<&str> = page.select(&select(".side-by-side > .code-card.mine")).map(|card| card.attr("data-code").unwrap()).collect();
                assert_eq!(shown, [*a, *b], "{prefix}smtp/{a}-vs-{b}");
                assert_eq!(texts(&page, ".code-card.mine h2"), [format!("SMTP {a}"), format!("SMTP {b}")]);
                assert_eq!(texts(&page, ".code-card.mine p"), [description, description]);
            }
        }
    }
}
