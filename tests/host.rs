//! Cache-safe assets and host files (issue 13, points 4 and 7): stylesheets and scripts carry a
//! hash of their content in their names, pages link those names, and `_headers` and `_redirects`
//! say what Netlify and Cloudflare Pages should do with each URL. The mini fixture is built for
//! real; the host files are read the way those hosts read them.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use support::*;

/// The mini fixture copied into `dir/content`, with `extra_settings` added to its `site.yaml`.
fn mini_with(dir: &Path, extra_settings: &str) -> PathBuf {
    let content = mini_copy(dir);
    let site = content.join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}{extra_settings}")).unwrap();
    content
}

/// The output's stylesheets and scripts, by the name the theme gives them: `style.css` →
/// `style.0123456789.css`.
fn fingerprinted(out: &Path) -> BTreeMap<String, String> {
    let pattern = regex::Regex::new(r"^(.+)\.[0-9a-f]{10}\.(css|js|mjs)$").unwrap();
    read_tree(out).into_keys().filter_map(|path| pattern.captures(&path).map(|c| (format!("{}.{}", &c[1], &c[2]), path.clone()))).collect()
}

/// Every stylesheet and script a page links, as files of the output (`None` when missing).
fn linked_assets(out: &Path, base: &str) -> Vec<(String, String, Option<PathBuf>)> {
    let links = Selector::parse("link[rel=stylesheet], script[src]").unwrap();
    let mut found = Vec::new();
    for (path, bytes) in read_tree(out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for element in page.select(&links) {
            let url = element.attr("href").or(element.attr("src")).unwrap().to_string();
            found.push((path.clone(), url.clone(), file_for_url(out, base, &url)));
        }
    }
    found
}

#[test]
fn stylesheets_and_scripts_are_named_by_their_content_and_pages_link_those_names() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    let names = fingerprinted(&out);
    assert_eq!(names.keys().collect::<Vec<_>>(), ["search.js", "style.css"]);
    assert!(!out.join("style.css").exists() && !out.join("search.js").exists(), "no copy under the plain name");
    let linked = linked_assets(&out, "/docs/");
    for name in names.values() {
        assert!(linked.iter().any(|(_, url, _)| *url == format!("/docs/{name}")), "no page links {name}");
    }
    for (page, url, file) in linked {
        assert!(file.is_some(), "{page} links {url}, which is not published");
        assert!(names.values().any(|name| url == format!("/docs/{name}")), "{page} links {url}, which is not fingerprinted");
    }
    // Other static files keep their names: people and other sites link them by name.
    assert!(out.join("CNAME").is_file() && out.join("favicon.svg").is_file());
}

#[test]
fn a_changed_stylesheet_gets_a_new_name_an_unchanged_script_keeps_its_own_and_no_page_links_a_stale_one() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    let before = fingerprinted(&out);
    // The same input builds the same names, cold or incremental.
    build(&content, &out);
    assert_eq!(fingerprinted(&out), before);
    let cold = dir.path().join("cold");
    build(&content, &cold);
    assert_eq!(fingerprinted(&cold), before);

    let theme_css = std::fs::read_to_string(default_theme().join("static/style.css")).unwrap();
    std::fs::write(content.join("static/style.css"), format!("{theme_css}\n.changed {{ color: teal }}\n")).unwrap();
    build(&content, &out);
    let after = fingerprinted(&out);
    assert_ne!(after["style.css"], before["style.css"], "a changed stylesheet gets a new name");
    assert_eq!(after["search.js"], before["search.js"], "an unchanged script keeps its name");
    assert!(!out.join(&before["style.css"]).exists(), "the old stylesheet is removed from the output");
    assert!(std::fs::read_to_string(out.join(&after["style.css"])).unwrap().contains(".changed"));
    let linked = linked_assets(&out, "/docs/");
    assert!(linked.iter().any(|(_, url, _)| *url == format!("/docs/{}", after["style.css"])), "pages link the new stylesheet");
    for (page, url, file) in linked {
        assert!(file.is_some(), "{page} links {url}, which is not published");
    }
    // The incremental build is exactly a cold build of the same input.
    let fresh = dir.path().join("fresh");
    build(&content, &fresh);
    assert!(read_tree(&out) == read_tree(&fresh), "{:?}", changed_files(&read_tree(&fresh), &read_tree(&out)));
}

/// `_headers` as Netlify and Cloudflare Pages read it: a path pattern at the start of a line
/// (exact, or ending in `*`), then indented `Name: value` lines.
fn header_rules(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
        if line.starts_with(char::is_whitespace) {
            let (name, value) = line.trim().split_once(": ").expect("a header line is `Name: value`");
            rules.last_mut().expect("a header follows a path").1.push((name.to_string(), value.to_string()));
        } else {
            rules.push((line.trim().to_string(), Vec::new()));
        }
    }
    rules
}

fn headers_for(rules: &[(String, Vec<(String, String)>)], url: &str) -> Vec<(String, String)> {
    let matches = |pattern: &str| pattern.strip_suffix('*').map_or(pattern == url, |prefix| url.starts_with(prefix));
    rules.iter().filter(|(pattern, _)| matches(pattern)).flat_map(|(_, headers)| headers.clone()).collect()
}

#[test]
fn headers_give_every_response_the_security_headers_fingerprinted_files_a_year_and_pages_a_revalidation() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_with(dir.path(), "host_files: true\n");
    let out = dir.path().join("out");
    build(&content, &out);
    assert!(!out.join("_redirects").exists(), "with alias pages on, reverse pairs have pages and need no redirect");
    let rules = header_rules(&std::fs::read_to_string(out.join("_headers")).unwrap());
    let names = fingerprinted(&out);
    let mut immutable = 0;
    // Every file of the output, by the URL a host serves it at.
    for path in read_tree(&out).into_keys().filter(|p| !p.starts_with('_')) {
        let url = match path.strip_suffix("index.html") {
            Some(folder) => format!("/docs/{folder}"),
            None => format!("/docs/{}", path.strip_suffix(".html").unwrap_or(&path)),
        };
        let headers = headers_for(&rules, &url);
        let csp = headers.iter().filter(|(name, _)| name == "Content-Security-Policy").count();
        assert_eq!(csp, 1, "{url}: one Content-Security-Policy");
        assert!(headers.iter().any(|(name, value)| name == "X-Content-Type-Options" && value == "nosniff"), "{url}");
        assert!(headers.iter().any(|(name, _)| name == "Referrer-Policy"), "{url}");
        let caching: Vec<&str> = headers.iter().filter(|(name, _)| name == "Cache-Control").map(|(_, value)| value.as_str()).collect();
        let is_fingerprinted = names.values().any(|name| path == *name);
        if is_fingerprinted {
            immutable += 1;
            assert_eq!(caching, ["public, max-age=31536000, immutable"], "{url}");
        } else if path.ends_with(".html") || path.ends_with(".json") {
            assert_eq!(caching, ["public, max-age=0, must-revalidate"], "{url}: pages and data are revalidated, by one rule");
        } else {
            assert!(caching.len() <= 1, "{url}: rules that disagree");
        }
    }
    assert_eq!(immutable, names.len(), "every fingerprinted file was among the files checked");
    assert!(immutable > 0);
    let csp = headers_for(&rules, "/docs/").into_iter().find(|(name, _)| name == "Content-Security-Policy").unwrap().1;
    assert!(csp.contains("script-src 'self'") && csp.contains("object-src 'none'") && !csp.contains("unsafe-inline"), "{csp}");
}

#[test]
fn redirects_send_the_reverse_order_of_every_pair_to_its_page_when_alias_pages_are_off() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_with(dir.path(), "host_files: true\nreverse_aliases: false\n");
    let out = dir.path().join("out");
    build(&content, &out);
    let text = std::fs::read_to_string(out.join("_redirects")).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.split(' ').collect()).collect();
    // Four codes: six pairs, in two languages.
    assert_eq!(lines.len(), 12, "{text}");
    for line in &lines {
        let [from, to, status] = line[..] else { panic!("a redirect is `FROM TO STATUS`: {line:?}") };
        assert_eq!(status, "301");
        assert!(file_for_url(&out, "/docs/", from).is_none(), "{from} has no page of its own");
        assert!(file_for_url(&out, "/docs/", to).is_some(), "{to} is a page");
    }
    assert!(text.contains("/docs/smtp/550-vs-450 /docs/smtp/450-vs-550 301\n"), "{text}");
    assert!(text.contains("/docs/tr/smtp/550-vs-450 /docs/tr/smtp/450-vs-550 301\n"), "{text}");
}

#[test]
fn host_files_are_written_only_when_asked_for_and_a_theme_may_widen_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&mini_with(&dir.path().join("off"), "reverse_aliases: false\n"), &out);
    assert!(!out.join("_headers").exists() && !out.join("_redirects").exists());

    let site = dir.path().join("on");
    let content = mini_with(&site, "host_files: true\n");
    let template = default_theme().join("templates/host-headers.txt");
    let widened = std::fs::read_to_string(template).unwrap().replace("font-src 'self'", "font-src 'self' https://fonts.example.org");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("templates/host-headers.txt"), widened).unwrap();
    let mut options = options(&content, &out);
    options.theme = None;
    replyvs::build(&options).unwrap();
    assert!(std::fs::read_to_string(out.join("_headers")).unwrap().contains("font-src 'self' https://fonts.example.org"));
}
