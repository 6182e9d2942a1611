//! `replyvs check` finds what is wrong with a site as a whole. Each case is the mini fixture with
//! one theme template changed to break the site in one way.

mod support;

use std::path::Path;

use support::*;

/// Copies the default theme into `dir` with `from` replaced by `to` in one template.
fn broken_theme(dir: &Path, template: &str, from: &str, to: &str) -> std::path::PathBuf {
    broken_theme_in(dir, &[(template, from, to)])
}

/// Copies the default theme into `dir` with each `(template, from, to)` replacement applied.
fn broken_theme_in(dir: &Path, changes: &[(&str, &str, &str)]) -> std::path::PathBuf {
    let theme = dir.join("theme");
    if !theme.exists() {
        copy_tree(&default_theme(), &theme);
    }
    for (template, from, to) in changes {
        let file = theme.join("templates").join(template);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{template} no longer contains {from:?}");
        std::fs::write(&file, text.replace(from, to)).unwrap();
    }
    theme
}

fn check_findings(theme: &Path) -> String {
    let mut options = options(&mini_content(), Path::new("unused"));
    options.theme = Some(theme.to_path_buf());
    match replyvs::check(&options) {
        Ok(report) => panic!("check passed: {report:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn check_passes_on_the_mini_fixture() {
    let report = replyvs::check(&options(&mini_content(), Path::new("unused"))).unwrap();
    assert!(report.pages > 10);
}

#[test]
fn check_finds_a_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    let theme = broken_theme(dir.path(), "index.html", "<h1>{{ site.title }}</h1>", "<h1>{{ site.title }}</h1><a href=\"{{ site.home }}smtp/999\">gone</a>");
    let findings = check_findings(&theme);
    assert!(findings.contains("index.html: broken link to /docs/smtp/999 (1 page: /docs/)"), "{findings}");
    assert!(findings.contains("index.html: broken link to /docs/tr/smtp/999 (1 page: /docs/tr/)"), "{findings}");
}

#[test]
fn check_finds_a_missing_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let theme = broken_theme(dir.path(), "code.html", "<h1>", "<a href=\"#history\">history</a><h1>");
    let findings = check_findings(&theme);
    assert!(findings.contains("code.html: the link #history points to no element of the page (8 pages: /docs/smtp/250, /docs/smtp/354, /docs/smtp/450, and 5 more)"), "{findings}");
}

#[test]
fn check_finds_a_missing_anchor_on_another_page() {
    let dir = tempfile::tempdir().unwrap();
    let theme = broken_theme(dir.path(), "index.html", "<h1>{{ site.title }}</h1>", "<h1>{{ site.title }}</h1><a href=\"{{ site.home }}smtp/550#history\">h</a>");
    let findings = check_findings(&theme);
    assert!(findings.contains("index.html: the link /docs/smtp/550#history points to no element of that page (1 page: /docs/)"), "{findings}");
}

#[test]
fn check_finds_orphan_pages() {
    let dir = tempfile::tempdir().unwrap();
    // The protocol page no longer lists 250 nor links pairs, and code pages no longer list their
    // comparisons: the pairs of 250 (which no code names as related to 250) are cut off.
    let theme = broken_theme_in(
        dir.path(),
        &[
            ("protocol.html", "{% for code in group.codes %}<li>", "{% for code in group.codes %}{% if code.id != \"250\" %}<li>"),
            ("protocol.html", "{% endif %}</li>{% endfor %}</ul>", "{% endif %}</li>{% endif %}{% endfor %}</ul>"),
            ("protocol.html", "<td><a href=\"{{ pair_url(", "<td><a data-href=\"{{ pair_url("),
            ("code.html", "{% set links = comparisons %}", "{% set links = [] %}"),
        ],
    );
    let findings = check_findings(&theme);
    assert!(findings.contains("/docs/smtp/250-vs-450: no link leads to this page from the home page"), "{findings}");
    assert!(findings.contains("/docs/tr/smtp/250-vs-354: no link leads to this page from the home page"), "{findings}");
    assert!(!findings.contains("/docs/smtp/: no link leads"), "the protocol page is still linked: {findings}");
    assert!(!findings.contains("/docs/smtp/550: no link leads"), "550 is linked from the protocol page: {findings}");
}

#[test]
fn check_finds_an_alternate_that_does_not_link_back() {
    let dir = tempfile::tempdir().unwrap();
    let theme = broken_theme(
        dir.path(),
        "partials/head.html",
        "{% endfor %}{% if page.x_default %}",
        "{% endfor %}{% if page.kind == \"code\" and site.lang == \"en\" %}<link rel=\"alternate\" hreflang=\"tr-TR\" href=\"https://mini.example.org/docs/tr/\">\n{% endif %}{% if page.x_default %}",
    );
    let findings = check_findings(&theme);
    assert!(findings.contains("/docs/smtp/550: the tr-TR alternate /docs/tr/ does not link back"), "{findings}");
}

#[test]
fn the_check_command_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let theme = broken_theme(dir.path(), "index.html", "<h1>{{ site.title }}</h1>", "<h1>{{ site.title }}</h1><a href=\"{{ site.home }}smtp/999\">gone</a>");
    let content = mini_content();
    let output = replyvs(dir.path(), &["check", "--content", content.to_str().unwrap(), "--theme", theme.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("broken link to /docs/smtp/999"));
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(entries, ["theme"]);
}
