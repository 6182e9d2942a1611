//! Hostile content is inert (issue 5, point 2). Raw HTML and `<script>` in Markdown fields,
//! `javascript:` and `data:` links, event-handler attributes, `{{ }}` and `{% %}`, and HTML
//! special characters go into every text field of a small two-language site; the built pages are
//! parsed with a real HTML parser and must hold no script but the theme's, no `on*` attribute, no
//! `javascript:`/`data:` URL, no element or attribute that a neutral build of the same site does
//! not have, and the template syntax as literal text. Then proptest feeds arbitrary strings into
//! every text field of a code and checks the same, or that the build fails with diagnostics.

mod bad_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use replyvs::{BuildOptions, Error};
use scraper::{ElementRef, Html, Selector};

/// Payloads tried in every text field of the fixed hostile site.
const PAYLOADS: &[&str] = &[
    "Before <script>alert(1)</script> after",
    "Before <SCRIPT SRC=//evil.example/x.js></SCRIPT> after",
    "Before </script><script>alert(1)</script> after",
    "Before <img src=x onerror=alert(1)> after",
    "Before <svg onload=alert(1)><circle r=1 /></svg> after",
    "Before <iframe src=\"javascript:alert(1)\"></iframe> after",
    "Before <a href=\"javascript:alert(1)\" onclick=\"alert(2)\">click</a> after",
    "Before <a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a> after",
    "[link](javascript:alert(1)) and [LINK](JaVaScRiPt:alert(1)) and [tab](java\tscript:alert(1))",
    "[entity](&#106;avascript:alert(1)) and [spaced](  javascript:alert(1))",
    "[data](data:text/html,<script>alert(1)</script>) and ![image](data:image/png;base64,AAAA)",
    "<javascript:alert(1)> and <data:text/html,x> autolinks",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    "[vb](vbscript:msgbox(1)) and [file](file:///etc/passwd)",
    "Before <div onmouseover=\"alert(1)\" style=\"position:fixed\">hover</div> after",
    "Before <details open ontoggle=alert(1)>x</details> after",
    "Before <input autofocus onfocus=alert(1)> after",
    "Before <form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(2)\">go</button></form> after",
    "Before <math><mi xlink:href=\"javascript:alert(1)\">x</mi></math> after",
    "Before <object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\"> after",
    "Before <meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"> after",
    "Before <base href=\"https://evil.example/\"> after",
    "Before <style>body { display: none }</style> after",
    "Before <link rel=stylesheet href=//evil.example/x.css> after",
    "Before <!-- comment --> <![CDATA[ x ]]> after",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)' x='",
    "\" onmouseover=\"alert(1)\" x=\"",
    "{{ site.title }} and {{ 7*7 }} and {{ page }}",
    "{% include \"base.html\" %} and {% for x in [1,2] %}{{ x }}{% endfor %}",
    "{# a Tera comment #} and {%- raw -%} and {{- x -}}",
    "${7*7} and #{7*7} and <%= 7*7 %>",
    "Fish & Chips < Steak > \"Soup\" 'Tea' &amp; &lt;b&gt; &#60;i&#62;",
    "`<script>alert(1)</script>` in code and\n\n```\n<script>alert(1)</script>\n```",
    "Text with \u{202e}override\u{202c} and zero\u{200b}width and emoji 📬",
];

/// Every Markdown construct the sanitizer lets through: a neutral build with it in the Markdown
/// fields shows every element and attribute that Markdown may legitimately add to a page.
const SHOWCASE: &str = "Plain **strong** *em* ~~del~~ `code` [link](https://example.org/x) <https://example.org/auto>  \nbreak\n\n\
                        - item\n\n3. third\n\n> quote\n\n### Three\n\n#### Four\n\n---\n\n| left | right |\n|:-----|------:|\n| a | b |\n\n```\npre\n```\n";

/// The JSON-LD script and `/search.<fingerprint>.js` are the theme's; no other script may appear.
fn is_search_script(src: &str) -> bool {
    src.strip_prefix("/search.").and_then(|rest| rest.strip_suffix(".js")).is_some_and(|hash| hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

// ---------------------------------------------------------------------------------------------
// Writing sites

/// A YAML double-quoted scalar holding exactly `text`: everything outside printable ASCII is
/// escaped, so the parser reads back the very same string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// The text fields of one code.
#[derive(Debug, Clone)]
struct CodeTexts {
    name: String,
    summary: String,
    description: String,
    when_seen: String,
    how_to_fix: String,
    retry: String,
    provider: String,
    provider_note: String,
}

impl CodeTexts {
    fn all(text: &str) -> CodeTexts {
        let t = || text.to_string();
        CodeTexts { name: t(), summary: t(), description: t(), when_seen: t(), how_to_fix: t(), retry: t(), provider: t(), provider_note: t() }
    }

    /// Plain words in plain fields, and in Markdown fields every construct the sanitizer lets
    /// through, so that a neutral build shows every element and attribute Markdown may produce.
    fn neutral() -> CodeTexts {
        CodeTexts {
            name: "Plain name".into(),
            summary: "Plain summary.".into(),
            description: SHOWCASE.into(),
            when_seen: SHOWCASE.into(),
            how_to_fix: SHOWCASE.into(),
            retry: "Plain retry.".into(),
            provider: "Plain provider".into(),
            provider_note: SHOWCASE.into(),
        }
    }
}

/// Writes a site of three SMTP codes whose code 250 carries `texts` and every other text field
/// `other` (in two languages when `translated`).
fn write_site(content: &Path, texts: &CodeTexts, other: &str, translated: bool) {
    let q = |text: &str| quoted(text);
    let o = q(other);
    std::fs::create_dir_all(content.join("smtp/pairs")).unwrap();
    let (languages, site_tr, protocol_tr) = if translated {
        (
            "[en, tr]",
            format!("translations:\n  tr:\n    title: {o}\n    description: {o}\n"),
            format!("translations:\n  tr:\n    title: {o}\n    description: {o}\n    classes: {{ \"2\": {o} }}\n    categories: {{ \"5\": {o} }}\n"),
        )
    } else {
        ("[en]", String::new(), String::new())
    };
    std::fs::write(content.join("site.yaml"), format!("title: {o}\ndescription: {o}\nbase_url: https://hostile.example.org/\nlanguages: {languages}\n{site_tr}")).unwrap();
    std::fs::write(
        content.join("smtp/_protocol.yaml"),
        format!(
            "name: {o}\ntitle: {o}\ndescription: {o}\nclasses:\n  \"2\": {o}\n  \"4\": {o}\n  \"5\": {o}\ncategories:\n  \"5\": {o}\nretryable_classes: [\"4\"]\npermanent_classes: [\"5\"]\n\
             references:\n  - {{ doc: {o}, section: {o} }}\n{protocol_tr}"
        ),
    )
    .unwrap();
    let code = |id: &str, t: &CodeTexts, related: &str| {
        let translation = if translated {
            format!(
                "translations:\n  tr:\n    name: {}\n    summary: {}\n    description: {}\n    when_seen: {}\n    how_to_fix: {}\n    retry: {}\n",
                q(&t.name),
                q(&t.summary),
                q(&t.description),
                q(&t.when_seen),
                q(&t.how_to_fix),
                q(&t.retry)
            )
        } else {
            String::new()
        };
        let note_tr = if translated { format!("\n    translations: {{ tr: {{ text: {} }} }}", q(&t.provider_note)) } else { String::new() };
        format!(
            "code: \"{id}\"\nname: {}\nsummary: {}\ndescription: {}\nwhen_seen: {}\nhow_to_fix: {}\ncommands: [{}, RCPT]\nretry: {}\n\
             references:\n  - {{ doc: {o}, section: {o} }}\n  - {{ doc: RFC 5321, url: \"https://example.org/x'onmouseover='alert(1)'\" }}\n\
             related: [\"{related}\"]\naliases: [\"{id}x\"]\nprovider_notes:\n  - provider: {}\n    text: {}{note_tr}\n{translation}",
            q(&t.name),
            q(&t.summary),
            q(&t.description),
            q(&t.when_seen),
            q(&t.how_to_fix),
            q(&t.name),
            q(&t.retry),
            q(&t.provider),
            q(&t.provider_note),
        )
    };
    let others = CodeTexts::all(other);
    std::fs::write(content.join("smtp/250.yaml"), code("250", texts, "450")).unwrap();
    std::fs::write(content.join("smtp/450.yaml"), code("450", &others, "550")).unwrap();
    std::fs::write(content.join("smtp/550.yaml"), code("550", &others, "250")).unwrap();
    let note_tr = if translated { format!("translations:\n  tr:\n    note: {o}\n") } else { String::new() };
    std::fs::write(content.join("smtp/pairs/450-vs-550.yaml"), format!("codes: [\"450\", \"550\"]\nnote: {o}\n{note_tr}")).unwrap();
}

fn options(content: &Path, output: &Path) -> BuildOptions {
    BuildOptions { content: content.to_path_buf(), theme: Some(bad_support::default_theme()), output: output.to_path_buf(), ..BuildOptions::new() }
}

// ---------------------------------------------------------------------------------------------
// Reading what was built

/// Every element name, and every (element, attribute) name pair, of a page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Shape {
    elements: BTreeSet<String>,
    attributes: BTreeSet<(String, String)>,
}

fn shape(page: &Html) -> Shape {
    let mut shape = Shape::default();
    for element in page.root_element().descendants().filter_map(ElementRef::wrap) {
        let name = element.value().name().to_string();
        for (attribute, _) in element.value().attrs() {
            shape.attributes.insert((name.clone(), attribute.to_string()));
        }
        shape.elements.insert(name);
    }
    shape
}

/// Every output file of a build: HTML pages parsed, other files as bytes.
struct Built {
    pages: BTreeMap<String, String>,
    others: BTreeMap<String, Vec<u8>>,
}

fn read_built(out: &Path) -> Built {
    let mut built = Built { pages: BTreeMap::new(), others: BTreeMap::new() };
    for (path, bytes) in bad_support::snapshot(out) {
        let Some(bytes) = bytes else { continue };
        if path.ends_with(".html") {
            built.pages.insert(path, String::from_utf8(bytes).expect("pages are UTF-8"));
        } else {
            built.others.insert(path, bytes);
        }
    }
    built
}

/// URL-bearing attributes; their values must not run script or embed a document.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "srcset", "cite"];

fn is_dangerous_url(value: &str) -> bool {
    // Browsers ignore ASCII white space and control characters inside a scheme.
    let squeezed: String = value.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"].iter().any(|scheme| squeezed.starts_with(scheme))
}

/// Checks one page: only the theme's scripts, no event handler, no dangerous URL, and an
/// element/attribute shape inside `allowed`. Returns what is wrong.
fn page_problems(path: &str, html: &str, allowed: Option<&Shape>) -> Vec<String> {
    let page = Html::parse_document(html);
    let mut problems = Vec::new();
    for element in page.root_element().descendants().filter_map(ElementRef::wrap) {
        let value = element.value();
        for (attribute, content) in value.attrs() {
            if attribute.to_ascii_lowercase().starts_with("on") {
                problems.push(format!("{path}: <{} {attribute}=\"{content}\">", value.name()));
            }
            if URL_ATTRIBUTES.contains(&attribute) && is_dangerous_url(content) {
                problems.push(format!("{path}: <{} {attribute}=\"{content}\">", value.name()));
            }
        }
        if value.name() == "meta"
            && value.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
            && value.attr("content").is_some_and(|c| c.to_ascii_lowercase().contains("script:") || c.to_ascii_lowercase().contains("data:"))
        {
            problems.push(format!("{path}: refresh to a script URL"));
        }
    }
    for script in page.select(&Selector::parse("script").unwrap()) {
        let text: String = script.text().collect();
        match (script.value().attr("type"), script.value().attr("src")) {
            (Some("application/ld+json"), None) => {
                if let Err(error) = serde_json::from_str::<serde_json::Value>(&text) {
                    problems.push(format!("{path}: the JSON-LD does not parse ({error}): {text}"));
                }
            }
            (None, Some(src)) if is_search_script(src) && text.trim().is_empty() => {}
            other => problems.push(format!("{path}: a script the theme did not write: {other:?} {text:?}")),
        }
    }
    if let Some(allowed) = allowed {
        let found = shape(&page);
        let elements: Vec<_> = found.elements.difference(&allowed.elements).collect();
        let attributes: Vec<_> = found.attributes.difference(&allowed.attributes).collect();
        if !elements.is_empty() || !attributes.is_empty() {
            problems.push(format!("{path}: elements {elements:?} and attributes {attributes:?} that the neutral build does not have"));
        }
    }
    problems
}

/// Checks the JSON outputs: they parse, and hold no raw `<` (they are safe to inline in HTML).
fn json_problems(built: &Built) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = 0;
    for (path, bytes) in &built.others {
        if !path.ends_with(".json") {
            continue;
        }
        seen += 1;
        if let Err(error) = serde_json::from_slice::<serde_json::Value>(bytes) {
            problems.push(format!("{path}: does not parse: {error}"));
        }
        if bytes.contains(&b'<') {
            problems.push(format!("{path}: holds a raw <"));
        }
    }
    assert!(seen >= 5, "the search index and the API files are there");
    problems
}

/// The sitemaps and robots.txt only ever hold URLs built from ids, never field text.
fn text_file_problems(built: &Built) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in &built.others {
        if path.ends_with(".xml") || path.ends_with(".txt") {
            let text = String::from_utf8_lossy(bytes);
            for needle in ["script", "javascript:", "{{", "{%", "onerror", "\""] {
                if path.ends_with(".xml") && needle == "\"" {
                    continue;
                }
                if text.contains(needle) {
                    problems.push(format!("{path}: holds {needle:?}"));
                }
            }
        }
    }
    problems
}

/// The shapes of a neutral build of the same site, by page path: the fixed hostile site (two
/// languages, every field hostile) is compared with a build whose every field is neutral, the
/// property tests' site (one language, code 250 arbitrary) with one whose code 250 is neutral.
fn neutral_shapes(translated: bool) -> &'static BTreeMap<String, Shape> {
    static ONE: OnceLock<BTreeMap<String, Shape>> = OnceLock::new();
    static TWO: OnceLock<BTreeMap<String, Shape>> = OnceLock::new();
    let cell = if translated { &TWO } else { &ONE };
    cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (content, out) = (dir.path().join("content"), dir.path().join("out"));
        write_site(&content, &CodeTexts::neutral(), if translated { SHOWCASE } else { "Plain words." }, translated);
        replyvs::build(&options(&content, &out)).unwrap_or_else(|error| panic!("the neutral site builds:\n{error}"));
        let built = read_built(&out);
        let shapes: BTreeMap<String, Shape> = built.pages.iter().map(|(path, html)| (path.clone(), shape(&Html::parse_document(html)))).collect();
        let all = shapes.values().fold(Shape::default(), |mut all, s| {
            all.elements.extend(s.elements.iter().cloned());
            all.attributes.extend(s.attributes.iter().cloned());
            all
        });
        for tag in ["strong", "em", "del", "code", "a", "br", "ul", "ol", "li", "blockquote", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td", "pre"] {
            assert!(all.elements.contains(tag), "the neutral build shows Markdown's <{tag}>");
        }
        shapes
    })
}

fn assert_inert(built: &Built, translated: bool, context: &str) {
    let neutral = neutral_shapes(translated);
    let mut problems = Vec::new();
    for (path, html) in &built.pages {
        let allowed = neutral.get(path);
        assert!(allowed.is_some(), "{path} is not a page of the neutral build ({context})");
        problems.extend(page_problems(path, html, allowed));
    }
    assert_eq!(built.pages.keys().collect::<Vec<_>>(), neutral.keys().collect::<Vec<_>>(), "the same pages as the neutral build ({context})");
    problems.extend(json_problems(built));
    problems.extend(text_file_problems(built));
    assert!(problems.is_empty(), "{context}:\n{}", problems.join("\n"));
}

fn text_of(html: &str, selector: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    page.select(&Selector::parse(selector).unwrap()).map(|e| e.text().collect::<String>()).collect()
}

// ---------------------------------------------------------------------------------------------
// The fixed payloads

#[test]
fn hostile_payloads_in_every_field_are_escaped_or_removed_in_every_output() {
    for payload in PAYLOADS {
        let dir = tempfile::tempdir().unwrap();
        let (content, out) = (dir.path().join("content"), dir.path().join("out"));
        write_site(&content, &CodeTexts::all(payload), payload, true);
        let report = replyvs::build(&options(&content, &out)).unwrap_or_else(|error| panic!("{payload:?} must build:\n{error}"));
        assert!(report.written > 0);
        let built = read_built(&out);
        assert_inert(&built, true, &format!("payload {payload:?}"));

        // Plain fields are escaped, not stripped: the reader sees the payload as it was written.
        for prefix in ["", "tr/"] {
            let page = &built.pages[&format!("{prefix}smtp/250.html")];
            let h1 = text_of(page, "h1").concat();
            assert!(h1.contains(payload), "the heading shows {payload:?} as text: {h1:?}");
            let title = text_of(page, "title").concat();
            assert!(title.contains(payload), "the title shows {payload:?} as text: {title:?}");
            let lead = text_of(page, "p.lead").concat();
            assert_eq!(lead, *payload, "the summary is plain text");
            let provider = text_of(page, ".provider-note h3").concat();
            assert_eq!(provider, *payload, "the provider's name is plain text");
            let commands = text_of(page, "dl.facts code");
            assert!(commands.iter().any(|c| c == payload), "the command is plain text: {commands:?}");
            let description = Html::parse_document(page);
            let meta = description.select(&Selector::parse("meta[name=description]").unwrap()).next().unwrap().value().attr("content").unwrap().to_string();
            assert!(meta.contains(payload.lines().next().unwrap()), "the meta description holds the summary as text: {meta:?}");
        }
        // Template syntax in any field stays text: nothing was evaluated.
        if payload.contains("{{") || payload.contains("{%") {
            let page = &built.pages["smtp/250.html"];
            let prose = text_of(page, "[data-required=description]").concat();
            assert!(prose.contains("{{") || prose.contains("{%"), "template syntax shows as text in Markdown: {prose:?}");
            assert!(!text_of(page, "main").concat().contains("49"), "{{{{ 7*7 }}}} was not evaluated");
        }
    }
}

#[test]
fn raw_html_in_markdown_is_removed_but_its_text_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = (dir.path().join("content"), dir.path().join("out"));
    let texts = CodeTexts { description: "Keep <b onclick=\"x()\">bold</b> and <script>drop()</script>this.".into(), ..CodeTexts::neutral() };
    write_site(&content, &texts, "Plain words.", false);
    replyvs::build(&options(&content, &out)).unwrap();
    let page = std::fs::read_to_string(out.join("smtp/250.html")).unwrap();
    let prose = text_of(&page, "[data-required=description]").concat();
    assert_eq!(prose.trim(), "Keep bold and this.");
    assert!(!page.contains("drop()"), "the content of a script element goes with it");
}

#[test]
fn a_markdown_field_made_only_of_html_is_reported_at_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = (dir.path().join("content"), dir.path().join("out"));
    let texts = CodeTexts { when_seen: "<script>alert(1)</script><img src=x onerror=alert(1)>".into(), ..CodeTexts::neutral() };
    write_site(&content, &texts, "Plain words.", true);
    let Err(Error::Data(diagnostics)) = replyvs::build(&options(&content, &out)) else { panic!("an empty section is refused") };
    let places: Vec<String> = diagnostics.iter().map(|d| format!("{}:{}:{}: {}", d.file.file_name().unwrap().to_string_lossy(), d.line, d.column, d.message)).collect();
    // The translation says the same as the default: one report, at the default.
    assert_eq!(places, ["250.yaml:5:12: `when_seen` has no text once its raw HTML is removed"]);
    assert!(!out.exists(), "nothing was written");
}

// ---------------------------------------------------------------------------------------------
// Property tests

/// Pieces that Markdown, HTML, YAML and Tera give a meaning to, for `arbitrary_text`.
const PIECES: &[&str] = &[
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">",
    "</a>",
    "<svg onload=alert(1)>",
    "<",
    ">",
    "&",
    "&amp;",
    "&#60;",
    "\"",
    "'",
    "`",
    "```",
    "*",
    "**",
    "_",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "](",
    "javascript:",
    "data:text/html,",
    "vbscript:",
    "https://example.org/",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "\n",
    "\n\n",
    "  \n",
    "\t",
    "- ",
    "1. ",
    "> ",
    "# ",
    "### ",
    "|",
    "|---|",
    "\\",
    "<!--",
    "-->",
    "]]>",
    "\u{0}",
    "\u{1b}",
    "\u{85}",
    "\u{2028}",
    "\u{202e}",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "📬",
    " ",
    "x",
    "550",
];

fn arbitrary_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        2 => "[a-zA-Z0-9 .,]{1,6}",
        1 => any::<String>(),
    ];
    prop_oneof![
        4 => proptest::collection::vec(piece, 1..10).prop_map(|pieces| pieces.concat()),
        1 => any::<String>(),
    ]
}

fn arbitrary_texts() -> impl Strategy<Value = CodeTexts> {
    (arbitrary_text(), arbitrary_text(), arbitrary_text(), arbitrary_text(), arbitrary_text(), arbitrary_text(), arbitrary_text(), arbitrary_text())
        .prop_map(|(name, summary, description, when_seen, how_to_fix, retry, provider, provider_note)| CodeTexts { name, summary, description, when_seen, how_to_fix, retry, provider, provider_note })
}

/// What a build of arbitrary text may legitimately end in, besides success.
fn assert_reported(error: &Error, context: &str) {
    match error {
        Error::Data(diagnostics) => {
            assert!(!diagnostics.is_empty(), "{context}");
            for diagnostic in diagnostics {
                assert!(diagnostic.hint.is_some(), "every diagnostic has a hint: {diagnostic:?} ({context})");
                assert!(!diagnostic.message.is_empty(), "{context}");
            }
            let _ = error.to_string();
        }
        // Markdown links to pages or anchors of the site that do not exist are found by the
        // whole-site check.
        Error::SiteCheck(findings) => assert!(findings.iter().all(|f| matches!(f, replyvs::Finding::BrokenLink { .. } | replyvs::Finding::MissingFragment { .. })), "{findings:?} ({context})"),
        other => panic!("{other} ({context})"),
    }
}

/// The fields that, blank, make the build fail (`summary`, `retry` and the provider are checked
/// the same way: optional fields, when present, must not be empty either).
fn has_blank_field(texts: &CodeTexts) -> bool {
    [&texts.name, &texts.summary, &texts.description, &texts.when_seen, &texts.how_to_fix, &texts.retry, &texts.provider, &texts.provider_note].iter().any(|t| t.trim().is_empty())
}

/// With HOSTILE_TRACE set, prints each case's outcome, to see how often arbitrary text builds.
fn trace(kind: &str, result: &replyvs::Result<replyvs::BuildReport>) {
    if std::env::var_os("HOSTILE_TRACE").is_some() {
        let outcome = match result {
            Ok(_) => "ok".to_string(),
            Err(error) => error.to_string().lines().next().unwrap_or_default().to_string(),
        };
        eprintln!("OUTCOME {kind} {outcome}");
    }
}

fn proptest_config() -> ProptestConfig {
    // 24 cases keep the suite fast; PROPTEST_CASES=2000 explores further.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Arbitrary strings, correctly quoted, in every text field of a code: the site builds (or
    /// names the blank field, or the broken internal link), and every page holds nothing the
    /// theme did not put there.
    #[test]
    fn arbitrary_text_in_every_field_builds_an_inert_site(texts in arbitrary_texts()) {
        let dir = tempfile::tempdir().unwrap();
        let (content, out) = (dir.path().join("content"), dir.path().join("out"));
        write_site(&content, &texts, "Plain words.", false);
        let context = format!("{texts:?}");
        let result = replyvs::build(&options(&content, &out));
        trace("quoted", &result);
        match result {
            Ok(_) => assert_inert(&read_built(&out), false, &context),
            Err(error) => {
                assert_reported(&error, &context);
                if let Error::Data(diagnostics) = &error {
                    assert!(has_blank_field(&texts) || diagnostics.iter().all(|d| d.message.contains("has no text once its raw HTML is removed")), "only blank fields are refused: {error}\n{context}");
                }
                assert!(!out.exists(), "a failed build writes nothing");
            }
        }
    }

    /// Arbitrary text pasted unquoted into a code file: never a panic; a failure is a list of
    /// diagnostics, each inside the file and with a hint; a success is an inert site.
    #[test]
    fn arbitrary_unquoted_text_never_crashes_the_build(field in proptest::sample::select(&["name", "summary", "description", "when_seen", "how_to_fix", "retry"][..]), text in arbitrary_text()) {
        let dir = tempfile::tempdir().unwrap();
        let (content, out) = (dir.path().join("content"), dir.path().join("out"));
        write_site(&content, &CodeTexts::neutral(), "Plain words.", false);
        let file = content.join("smtp/250.yaml");
        let yaml = std::fs::read_to_string(&file).unwrap();
        let yaml: String = yaml.lines().map(|line| if line.starts_with(&format!("{field}: ")) { format!("{field}: {text}\n") } else { format!("{line}\n") }).collect();
        std::fs::write(&file, &yaml).unwrap();
        let context = format!("{field}: {text:?}");
        let result = replyvs::build(&options(&content, &out));
        trace("raw", &result);
        match result {
            Ok(_) => assert_inert(&read_built(&out), false, &context),
            Err(error) => {
                assert_reported(&error, &context);
                if let Error::Data(diagnostics) = &error {
                    let lines = yaml.lines().count();
                    for d in diagnostics {
                        assert!(d.line <= lines, "{d:?} is past the end of the file ({lines} lines; {context})");
                        assert!(d.line == 0 || d.source_line.is_some(), "{d:?} quotes its line ({context})");
                    }
                }
            }
        }
    }
}

/// One proptest-style run per payload piece, quoted into each field alone: the cheapest way to
/// see each piece on its own, in a field where it may do harm.
#[test]
fn each_piece_alone_in_each_field_is_inert() {
    let mut tried = 0;
    for piece in PIECES {
        let text = format!("Text {piece} end");
        let mut texts = CodeTexts::neutral();
        // One build per piece with the piece in every field keeps the test fast.
        for field in [&mut texts.name, &mut texts.summary, &mut texts.description, &mut texts.when_seen, &mut texts.how_to_fix, &mut texts.retry, &mut texts.provider, &mut texts.provider_note] {
            *field = text.clone();
        }
        let dir = tempfile::tempdir().unwrap();
        let (content, out) = (dir.path().join("content"), dir.path().join("out"));
        write_site(&content, &texts, "Plain words.", false);
        match replyvs::build(&options(&content, &out)) {
            Ok(_) => assert_inert(&read_built(&out), false, &format!("piece {piece:?}")),
            Err(error) => panic!("piece {piece:?} must build:\n{error}"),
        }
        tried += 1;
    }
    assert_eq!(tried, PIECES.len());
}

/// The checks above are only worth what they catch: feed them a page with each kind of harm.
#[test]
fn the_page_checks_catch_each_kind_of_harm() {
    let neutral = shape(&Html::parse_document("<html><head></head><body><p><a href=\"/x\">x</a></p></body></html>"));
    let harms = [
        ("an inline script", "<p><script>alert(1)</script></p>"),
        ("a foreign script", "<p><script src=\"//evil.example/x.js\"></script></p>"),
        ("an event handler", "<p onclick=\"alert(1)\">x</p>"),
        ("a javascript: link", "<p><a href=\" java\tscript:alert(1)\">x</a></p>"),
        ("a data: link", "<p><a href=\"DATA:text/html,x\">x</a></p>"),
        ("a JSON-LD that does not parse", "<script type=\"application/ld+json\">{\"a\": </script>"),
        ("an element the theme has not", "<p><img alt=\"x\"></p>"),
        ("an attribute the theme has not", "<p><a href=\"/x\" title=\"t\">x</a></p>"),
    ];
    for (harm, body) in harms {
        let page = format!("<html><head></head><body>{body}</body></html>");
        assert!(!page_problems("page.html", &page, Some(&neutral)).is_empty(), "{harm} goes unnoticed");
    }
    let clean = "<html><head><script type=\"application/ld+json\">{\"a\": 1}</script></head><body><p><a href=\"/x\">x</a></p><script src=\"/search.0123456789.js\" defer></script></body></html>";
    let allowed = shape(&Html::parse_document(clean));
    assert_eq!(page_problems("page.html", clean, Some(&allowed)), Vec::<String>::new());
    let json = Built { pages: BTreeMap::new(), others: (0..5).map(|i| (format!("api/{i}.json"), if i == 0 { b"{\"a\": \"<b>\"}".to_vec() } else { b"{}".to_vec() })).collect() };
    assert_eq!(json_problems(&json), ["api/0.json: holds a raw <"]);
}
