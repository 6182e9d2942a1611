//! Links written in Markdown fields (issue 9, point 8): one form, `@/protocol/code`, and the
//! forms relative to the protocol's folder, become the page's URL under any base URL, in either
//! URL style and in every language; a link to nothing is reported at its YAML file, line and
//! column. Fixture sites are built for real and their pages parsed.

mod support;

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use support::*;

/// The mini fixture, with links of every form in 450's description (a `|` block) and its
/// Turkish translation, and `base_url` and `url_style` as given.
fn site_with_links(dir: &Path, base_url: &str, directory: bool) -> PathBuf {
    let content = mini_copy(dir);
    let site = content.join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap().replace("base_url: https://mini.example.org/docs/", &format!("base_url: {base_url}"));
    std::fs::write(&site, if directory { format!("{text}url_style: directory\n") } else { text }).unwrap();
    let code = content.join("smtp/450.yaml");
    let text = std::fs::read_to_string(&code).unwrap();
    let english = "description: |\n  See [550](@/smtp/550), [the pair](550-vs-450), [250](./250#when-seen), [the protocol](@/smtp/),\n  [home](@/), [the Turkish page](@/tr/smtp/550) and [the RFC](https://www.rfc-editor.org/rfc/rfc5321).\n";
    let text = text.replace("description: A temporary refusal. The same command may work later.\n", english);
    let text = text.replace("    description: Geçici bir ret. Aynı komut daha sonra işe yarayabilir.\n", "    description: |\n      Bakın: [550](@/smtp/550).\n");
    std::fs::write(&code, text).unwrap();
    content
}

fn hrefs(page: &Path, selector: &str) -> Vec<String> {
    let html = Html::parse_document(&std::fs::read_to_string(page).unwrap());
    html.select(&Selector::parse(selector).unwrap()).filter_map(|a| a.attr("href").map(str::to_string)).collect()
}

#[test]
fn every_form_of_an_internal_link_becomes_the_page_url_under_a_base_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&site_with_links(dir.path(), "https://me.github.io/repo/", false), &out);
    let links = hrefs(&out.join("smtp/450.html"), "[data-required=description] a");
    assert_eq!(links, ["/repo/smtp/550", "/repo/smtp/450-vs-550", "/repo/smtp/250#when-seen", "/repo/smtp/", "/repo/", "/repo/tr/smtp/550", "https://www.rfc-editor.org/rfc/rfc5321"]);
    // The Turkish page links to the Turkish page, and so does a pair page showing the field.
    assert_eq!(hrefs(&out.join("tr/smtp/450.html"), "[data-required=description] a"), ["/repo/tr/smtp/550"]);
    assert!(hrefs(&out.join("smtp/354-vs-450.html"), "[data-required=description] a").contains(&"/repo/smtp/550".to_string()));
}

#[test]
fn internal_links_follow_the_directory_style_and_the_preview_address() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let content = site_with_links(dir.path(), "https://example.org/", true);
    build(&content, &out);
    assert_eq!(hrefs(&out.join("smtp/450/index.html"), "[data-required=description] a")[..3], ["/smtp/550/", "/smtp/450-vs-550/", "/smtp/250/#when-seen"]);
    // serve builds with its own address as the base URL: the links follow it.
    let mut options = options(&content, &dir.path().join("preview"));
    options.base_url = Some("http://127.0.0.1:1111/".into());
    replyvs::build(&options).unwrap();
    replyvs::check(&options).unwrap();
    let preview = dir.path().join("preview/smtp/450/index.html");
    assert_eq!(hrefs(&preview, "[data-required=description] a")[..3], ["/smtp/550/", "/smtp/450-vs-550/", "/smtp/250/#when-seen"]);
    assert_eq!(hrefs(&preview, "link[rel=canonical]"), ["http://127.0.0.1:1111/smtp/450/"]);
}

#[test]
fn a_link_to_a_missing_code_is_reported_at_its_line_and_column_in_a_block() {
    let dir = tempfile::tempdir().unwrap();
    let content = site_with_links(dir.path(), "https://example.org/", false);
    let code = content.join("smtp/450.yaml");
    let text = std::fs::read_to_string(&code).unwrap().replace("[250](./250#when-seen)", "[251](./251#when-seen)");
    std::fs::write(&code, text).unwrap();
    let Err(replyvs::Error::Data(diagnostics)) = replyvs::build(&options(&content, &dir.path().join("out"))) else { panic!("a broken link fails the build") };
    let found: Vec<String> = diagnostics.iter().map(|d| format!("{}:{}:{}: {}", d.file.file_name().unwrap().to_string_lossy(), d.line, d.column, d.message)).collect();
    assert_eq!(found, ["450.yaml:5:50: the link `./251#when-seen` leads nowhere: smtp has no code `251`"]);
    assert_eq!(diagnostics[0].source_line.as_deref().map(|l| &l[49..54]), Some("[251]"), "the column points at the link");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_relative_link_that_climbs_out_of_the_site_is_reported_in_a_pair_note() {
    let dir = tempfile::tempdir().unwrap();
    let content = site_with_links(dir.path(), "https://example.org/", false);
    let note = content.join("smtp/pairs/450-vs-550.yaml");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text.replacen("note:", "note: \"Read [this](../../x) first.\"\nold_note:", 1).replace("old_note:", "# old note:")).unwrap();
    let Err(replyvs::Error::Data(diagnostics)) = replyvs::build(&options(&content, &dir.path().join("out"))) else { panic!("refused") };
    let found: Vec<String> = diagnostics.iter().map(|d| format!("{}:{}:{}: {}", d.file.file_name().unwrap().to_string_lossy(), d.line, d.column, d.message)).collect();
    assert!(found.iter().any(|f| f.starts_with("450-vs-550.yaml:") && f.ends_with("the link `../../x` leads nowhere: it climbs above the site's root")), "{found:?}");
}
