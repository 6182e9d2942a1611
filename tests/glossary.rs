//! The Turkish glossary, `docs/GLOSSARY.tr.md`, names one term for each concept; every Turkish
//! text of the bundled content must avoid the variants it rejects. A variant is searched at the
//! start of a word, so the same stem with Turkish suffixes is caught ("selamla" catches
//! "selamlamayı"), but a variant inside a longer word is not. Letter case is folded the Turkish way
//! (İ/i, I/ı), whitespace runs count as one space, and inline code in backticks is not checked.

use std::fs;
use std::path::{Path, PathBuf};

use serde_yaml::Value;
use support::{default_theme, repo, yaml_strings};
use walkdir::WalkDir;

mod support;

/// One row of the glossary table.
#[derive(Debug)]
struct Term {
    english: String,
    turkish: String,
    rejected: Vec<String>,
}

fn content_dir() -> PathBuf {
    repo().join("content")
}

fn glossary() -> Vec<Term> {
    let path = repo().join("docs").join("GLOSSARY.tr.md");
    let markdown = fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    parse_glossary(&markdown)
}

/// The rows of the Markdown table `English | Türkçe | Kullanma | Not`, without the header and the
/// separator line.
fn parse_glossary(markdown: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut seen_header = false;
    for line in markdown.lines().map(str::trim).filter(|line| line.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 4, "a glossary row needs four cells: {line}");
        if !seen_header {
            assert_eq!(cells, ["English", "Türkçe", "Kullanma", "Not"], "unexpected glossary header");
            seen_header = true;
            continue;
        }
        if cells.iter().all(|cell| cell.chars().all(|c| c == '-' || c == ':')) {
            continue;
        }
        let rejected = cells[2].split(',').map(|variant| variant.replace('`', "").trim().to_string()).filter(|variant| !variant.is_empty()).collect();
        terms.push(Term { english: cells[0].to_string(), turkish: cells[1].to_string(), rejected });
    }
    terms
}

/// Lower case with the Turkish dotted and dotless i.
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'İ' => folded.push('i'),
            'I' => folded.push('ı'),
            _ => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// The text as it is compared: inline code replaced by a space, case folded, whitespace runs
/// turned into single spaces.
fn normalize(text: &str) -> String {
    let mut prose = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
            prose.push(' ');
        } else if in_code {
            prose.push(' ');
        } else {
            prose.push(c);
        }
    }
    fold(&prose).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `variant` occurs in `text` at the start of a word.
fn starts_a_word(text: &str, variant: &str) -> bool {
    let text = normalize(text);
    let variant = normalize(variant);
    if variant.is_empty() {
        return false;
    }
    text.match_indices(&variant).any(|(at, _)| text[..at].chars().next_back().is_none_or(|before| !before.is_alphanumeric()))
}

/// The rejected variants that `text` uses, with the term each belongs to.
fn rejected_in<'a>(text: &str, terms: &'a [Term]) -> Vec<(&'a Term, &'a str)> {
    let mut found = Vec::new();
    for term in terms {
        for variant in &term.rejected {
            if starts_a_word(text, variant) {
                found.push((term, variant.as_str()));
            }
        }
    }
    found
}

/// Every string under a `translations: { tr: … }` mapping, at any depth: code fields, provider
/// notes, reference labels, pair notes, protocol and site settings.
fn turkish_strings(value: &Value, in_turkish: bool, out: &mut Vec<String>) {
    match value {
        Value::String(text) if in_turkish => out.push(text.clone()),
        Value::Sequence(items) => items.iter().for_each(|item| turkish_strings(item, in_turkish, out)),
        Value::Mapping(map) => {
            for (key, child) in map {
                let entering = !in_turkish && key.as_str() == Some("translations");
                match (entering, child) {
                    (true, Value::Mapping(languages)) => {
                        for (language, texts) in languages {
                            turkish_strings(texts, language.as_str() == Some("tr"), out);
                        }
                    }
                    _ => turkish_strings(child, in_turkish, out),
                }
            }
        }
        Value::Tagged(tagged) => turkish_strings(&tagged.value, in_turkish, out),
        _ => {}
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        WalkDir::new(dir).into_iter().map(|entry| entry.expect("the content folder is readable").into_path()).filter(|path| path.extension().is_some_and(|extension| extension == "yaml")).collect();
    files.sort();
    files
}

#[test]
fn the_glossary_parses_and_has_the_terms_of_issue_11() {
    let terms = glossary();
    assert!(terms.len() >= 11, "the glossary has only {} rows", terms.len());
    for term in &terms {
        assert!(!term.english.is_empty() && !term.turkish.is_empty(), "a glossary row lacks a term: {term:?}");
        let own = rejected_in(&term.turkish, std::slice::from_ref(term));
        assert!(own.is_empty(), "the accepted term of {:?} contains its own rejected variant {:?}", term.english, own[0].1);
    }
    for english in ["greeting", "argument", "challenge", "mechanism", "bounce", "log", "library", "host name", "subject", "persistent transient", "not implemented"] {
        let term = terms.iter().find(|term| term.english.starts_with(english)).unwrap_or_else(|| panic!("the glossary has no row for {english:?}"));
        assert!(!term.rejected.is_empty(), "the glossary row for {english:?} rejects nothing");
    }
}

#[test]
fn no_turkish_text_uses_a_rejected_variant() {
    let terms = glossary();
    let content = content_dir();
    let mut problems = Vec::new();
    for file in yaml_files(&content) {
        let source = fs::read_to_string(&file).unwrap_or_else(|error| panic!("cannot read {}: {error}", file.display()));
        let value: Value = serde_yaml::from_str(&source).unwrap_or_else(|error| panic!("{} is not YAML: {error}", file.display()));
        let mut texts = Vec::new();
        turkish_strings(&value, false, &mut texts);
        let name = file.strip_prefix(&content).unwrap_or(&file).display().to_string();
        for text in &texts {
            for (term, variant) in rejected_in(text, &terms) {
                problems.push(format!("{name}: \"{variant}\" is rejected for \"{}\"; write \"{}\"", term.english, term.turkish));
            }
        }
    }
    assert!(problems.is_empty(), "{} rejected variant(s) in Turkish texts:\n{}", problems.len(), problems.join("\n"));
}

/// Every Turkish text that is not in a data file: pages and guides (`*.tr.md`) and the default
/// theme's Turkish locale.
fn turkish_documents_and_labels() -> Vec<(String, String)> {
    let root = repo();
    let mut texts = Vec::new();
    for entry in WalkDir::new(content_dir()).sort_by_file_name() {
        let path = entry.expect("the content folder is readable").into_path();
        if path.to_string_lossy().ends_with(".tr.md") {
            let text = fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
            texts.push((path.strip_prefix(&root).unwrap_or(&path).display().to_string(), text));
        }
    }
    let locale = default_theme().join("i18n/tr.yaml");
    let value: Value = serde_yaml::from_str(&fs::read_to_string(&locale).expect("the Turkish locale is readable")).expect("the Turkish locale is YAML");
    let mut labels = Vec::new();
    yaml_strings(&value, &mut labels);
    texts.extend(labels.into_iter().map(|label| ("themes/default/i18n/tr.yaml".to_string(), label)));
    texts
}

#[test]
fn no_turkish_page_guide_or_label_uses_a_rejected_variant() {
    let terms = glossary();
    let texts = turkish_documents_and_labels();
    assert!(texts.iter().any(|(name, _)| name.ends_with(".tr.md")), "no Turkish page was found under content/");
    let problems: Vec<String> =
        texts.iter().flat_map(|(name, text)| rejected_in(text, &terms).into_iter().map(move |(term, variant)| format!("{name}: \"{variant}\" is rejected for \"{}\"; write \"{}\"", term.english, term.turkish))).collect();
    assert!(problems.is_empty(), "{} rejected variant(s) in Turkish pages and labels:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_matcher_fires_on_a_rejected_stem_with_suffixes_and_not_on_accepted_words() {
    let terms = vec![
        Term { english: "greeting".into(), turkish: "karşılama".into(), rejected: vec!["selamla".into()] },
        Term { english: "log".into(), turkish: "günlük".into(), rejected: vec!["logla".into(), "kayıt dosya".into()] },
        Term { english: "argument".into(), turkish: "argüman".into(), rejected: vec!["bağımsız değişken".into()] },
    ];
    let fires = |text: &str| !rejected_in(text, &terms).is_empty();

    // A rejected stem, alone or followed by Turkish suffixes, in any letter case.
    assert!(fires("Sunucu selamlamayı geciktirir."));
    assert!(fires("Selamla ve bekle."));
    assert!(fires("Sunucunun loglarına bakın."));
    assert!(fires("BAĞIMSIZ DEĞİŞKENLERİ denetleyin."));
    assert!(fires("Diski dolduran KAYIT DOSYALARI."));
    // A phrase broken over a line still counts as one phrase.
    assert!(fires("eski kayıt\n      dosyalarını silin"));

    // The accepted terms, a rejected stem inside a longer word, and inline code do not fire.
    assert!(!fires("Sunucu karşılama mesajını geciktirir; günlüğe bakın."));
    assert!(!fires("Diyaloglar ve katalogların listesi."));
    assert!(!fires("Komut argümanları geçersiz."));
    assert!(!fires("Yapılandırmada `logla = yes` satırını arayın."));
    assert!(!fires("DNS kaydı ve kayıt defteri."));

    // Turkish case folding: I is the capital of ı, İ the capital of i.
    assert_eq!(fold("KAYIT İZİ"), "kayıt izi");
}

#[test]
fn glossary_rows_are_read_from_the_markdown_table() {
    let markdown = "Giriş.\n\n| English | Türkçe | Kullanma | Not |\n|---|---|---|---|\n| log | günlük | logla, `log dosya` | Not. |\n| library | kütüphane | kitaplık | |\n";
    let terms = parse_glossary(markdown);
    assert_eq!(terms.len(), 2);
    assert_eq!(terms[0].english, "log");
    assert_eq!(terms[0].rejected, ["logla", "log dosya"]);
    assert_eq!(terms[1].turkish, "kütüphane");
}
