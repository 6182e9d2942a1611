//! Markdown pages and guides (issue 13) and the decoder page (issue 12): the mini fixture has a
//! site page in English only and an SMTP guide in English and Turkish; it is built for real and
//! its pages parsed.

mod support;

use std::path::Path;

use scraper::{Html, Selector};
use support::*;

fn page(path: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn all(html: &Html, selector: &str, attribute: &str) -> Vec<String> {
    html.select(&Selector::parse(selector).unwrap()).filter_map(|e| e.attr(attribute).map(str::to_string)).collect()
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&Selector::parse(selector).unwrap()).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

fn built_mini() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&mini_content(), &out);
    (dir, out)
}

#[test]
fn a_guide_is_published_in_each_language_with_its_links_made_urls_of_that_language() {
    let (_dir, out) = built_mini();
    let english = page(&out.join("smtp/guides/retry.html"));
    assert_eq!(texts(&english, "main h1"), ["When to retry"]);
    assert_eq!(all(&english, ".prose a", "href"), ["/docs/smtp/450", "/docs/smtp/550", "/docs/smtp/450-vs-550", "#the-rule", "/docs/about"]);
    assert_eq!(all(&english, ".prose h2", "id"), ["the-rule"]);
    let turkish = page(&out.join("tr/smtp/guides/retry.html"));
    assert_eq!(texts(&turkish, "main h1"), ["Ne zaman yeniden denenir"]);
    assert_eq!(all(&turkish, ".prose a", "href"), ["/docs/tr/smtp/450", "/docs/tr/smtp/550", "/docs/tr/smtp/450-vs-550", "#kural"]);
    assert!(all(&turkish, "article", "lang").is_empty(), "a translated guide is not marked as another language's");
    // The breadcrumbs go home, to the protocol, to the guide; the page links its other languages.
    assert_eq!(all(&english, ".breadcrumbs a", "href")[..2], ["/docs/", "/docs/smtp/"]);
    assert!(all(&english, "link[rel=alternate]", "href").contains(&"https://mini.example.org/docs/tr/smtp/guides/retry".to_string()));
}

#[test]
fn a_page_without_a_translation_shows_the_default_language_marked_as_such() {
    let (_dir, out) = built_mini();
    let turkish = page(&out.join("tr/about.html"));
    assert_eq!(texts(&turkish, "main h1"), ["About Mini"]);
    assert_eq!(all(&turkish, "article.document", "lang"), ["en"]);
    assert_eq!(all(&turkish, ".notice", "lang"), ["tr"]);
    // Its links still lead to the Turkish pages.
    assert_eq!(all(&turkish, ".prose a", "href")[..2], ["/docs/tr/smtp/guides/retry", "/docs/tr/decode"]);
    assert!(all(&page(&out.join("about.html")), ".notice", "class").is_empty(), "the default language has no notice");
}

#[test]
fn pages_and_guides_are_listed_found_and_mapped() {
    let (_dir, out) = built_mini();
    let home = page(&out.join("index.html"));
    assert!(all(&home, ".documents a", "href").contains(&"/docs/smtp/guides/retry".to_string()), "the home page lists the guides");
    assert!(all(&home, ".site-footer a", "href").contains(&"/docs/about".to_string()), "the footer links the site's pages");
    assert!(all(&home, ".site-footer a", "href").contains(&"/docs/decode".to_string()), "the footer links the decoder");
    assert!(all(&page(&out.join("smtp/index.html")), ".documents a", "href").contains(&"/docs/smtp/guides/retry".to_string()), "the protocol page lists its guides");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for url in ["https://mini.example.org/docs/about", "https://mini.example.org/docs/tr/smtp/guides/retry", "https://mini.example.org/docs/decode"] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "the sitemap lacks {url}");
    }
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("tr/search-index.json")).unwrap()).unwrap();
    assert_eq!(index["decode_url"], "/docs/tr/decode");
    let titles: Vec<&str> = index["pages"].as_array().unwrap().iter().map(|p| p["t"].as_str().unwrap()).collect();
    assert_eq!(titles, ["About Mini", "Ne zaman yeniden denenir"]);
}

#[test]
fn the_decoder_page_has_its_form_and_reads_the_index_of_its_language() {
    let (_dir, out) = built_mini();
    for (file, index) in [("decode.html", "/docs/search-index.json"), ("tr/decode.html", "/docs/tr/search-index.json")] {
        let html = page(&out.join(file));
        assert_eq!(all(&html, "form#decode", "data-index"), [index], "{file}");
        assert_eq!(all(&html, "label[for=decode-input]", "for").len(), 1, "{file}: the text area has a label");
        assert_eq!(all(&html, "textarea#decode-input", "id").len(), 1, "{file}");
        assert_eq!(all(&html, "#decode-result", "aria-live"), ["polite"], "{file}");
        assert!(out.join(index.trim_start_matches("/docs/")).is_file(), "{file}: its index is published");
    }
    let turkish = page(&out.join("tr/decode.html"));
    assert_eq!(texts(&turkish, "main h1"), ["Geri dönen ileti ve hata çözümleyici"]);
    assert_eq!(texts(&turkish, "title"), ["Geri dönen ileti ve hata çözümleyici | Mini"]);
    assert!(all(&turkish, "meta[name=description]", "content")[0].starts_with("Geri dönen bir iletiyi"), "the decoder has its description");
    assert_eq!(texts(&turkish, ".breadcrumbs [aria-current]"), ["Geri dönen ileti ve hata çözümleyici"]);
    // Every other page's search box leads to it, in the page's language.
    assert_eq!(all(&page(&out.join("smtp/550.html")), ".search-decode a", "href"), ["/docs/decode"]);
    assert_eq!(all(&page(&out.join("tr/smtp/450-vs-550.html")), ".search-decode a", "href"), ["/docs/tr/decode"]);
    assert!(all(&page(&out.join("decode.html")), ".search-decode a", "href").is_empty(), "not on the decoder itself");
}

#[test]
fn documents_follow_the_directory_style() {
    let dir = tempfile::tempdir().unwrap();
    let content = in_directory_style(&mini_content(), dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    for file in ["about/index.html", "decode/index.html", "smtp/guides/retry/index.html", "tr/smtp/guides/retry/index.html"] {
        assert!(out.join(file).is_file(), "{file} is missing");
    }
    let about = page(&out.join("about/index.html"));
    assert_eq!(all(&about, ".prose a", "href")[..2], ["/docs/smtp/guides/retry/", "/docs/decode/"]);
}
