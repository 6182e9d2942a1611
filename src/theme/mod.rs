//! The theme: Tera templates, locale files and static files. Each file comes from the theme folder
//! when it has it and from the default theme built into the binary otherwise (one function,
//! `theme_file`), so a theme overrides only what it needs to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::error::Diagnostic;
use crate::source::files::{list_static_files, read_source};
use crate::content::model::{StaticFile, StaticOrigin};
use crate::source::yaml;

/// Templates every theme has (from the theme folder or the built-in default).
pub const TEMPLATE_NAMES: &[&str] = &["base.html", "index.html", "protocol.html", "code.html", "pair.html", "alias.html", "404.html"];

macro_rules! embedded {
    ($($name:literal),* $(,)?) => { &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*] };
}

const EMBEDDED_FILES: &[(&str, &str)] = embedded!(
    "templates/base.html",
    "templates/index.html",
    "templates/protocol.html",
    "templates/code.html",
    "templates/pair.html",
    "templates/alias.html",
    "templates/404.html",
    "i18n/en.yaml",
    "i18n/tr.yaml",
);

const EMBEDDED_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../themes/default/static/style.css")),
    ("search.js", include_bytes!("../../themes/default/static/search.js")),
    ("favicon.svg", include_bytes!("../../themes/default/static/favicon.svg")),
];

/// Sentences the generator assembles itself (pair facts), so every locale must have them.
pub const SENTENCE_KEYS: &[&str] = &[
    "intro_classes",
    "intro_same_class",
    "difference_class",
    "difference_same_class",
    "difference_category",
    "difference_same_category",
    "difference_retry_first",
    "difference_retry_second",
    "difference_retry_both",
    "difference_retry_neither",
    "difference_retry_only_transient",
    "difference_retry_only_permanent",
    "difference_commands_shared",
    "difference_commands_disjoint",
    "difference_commands_unknown",
    "difference_meaning",
];

/// A loaded theme.
pub struct Theme {
    /// Compiled templates.
    pub tera: Tera,
    /// Locale strings per site language, in language order.
    pub locales: Vec<BTreeMap<String, String>>,
    /// Static files of the theme.
    pub static_files: Vec<StaticFile>,
    /// Hash of every template, locale and static file: pages depend on all of them.
    pub fingerprint: u64,
    /// Template name → the file it came from, for error messages.
    pub template_files: BTreeMap<String, PathBuf>,
}

/// A theme file's text and where it came from.
struct ThemeText {
    path: PathBuf,
    text: String,
}

/// Finds `relative` in the theme folder, else in the built-in default theme.
fn theme_file(dir: &Path, relative: &str) -> Result<Option<ThemeText>, Diagnostic> {
    let path = dir.join(relative);
    if path.is_file() {
        let source = read_source(&path)?;
        return Ok(Some(ThemeText { path, text: source.text }));
    }
    let embedded = EMBEDDED_FILES.iter().find(|(name, _)| *name == relative);
    Ok(embedded.map(|(name, text)| ThemeText { path: Path::new("themes/default").join(name), text: text.to_string() }))
}

/// Loads and compiles the theme in `dir` for the given languages.
pub fn load_theme(dir: &Path, languages: &[String]) -> Result<Theme, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    let mut sources = Vec::new();
    for name in template_names(dir) {
        match theme_file(dir, &format!("templates/{name}")) {
            Ok(Some(file)) => sources.push((name, file)),
            Ok(None) => diagnostics.push(Diagnostic::whole_file(&dir.join("templates").join(&name), "template not found").hint("add it to the theme")),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    for (name, file) in &sources {
        hasher.update(name.as_bytes());
        hasher.update(file.text.as_bytes());
    }
    let tera = compile(&sources, &mut diagnostics);
    let locales = load_locales(dir, languages, &mut diagnostics, &mut hasher);
    let static_files = theme_static_files(dir, &mut hasher);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let template_files = sources.into_iter().map(|(name, file)| (name, file.path)).collect();
    Ok(Theme { tera: tera.expect("templates compiled without diagnostics"), locales, static_files, fingerprint: hasher.digest(), template_files })
}

/// The standard template names plus any other `.html` file of the theme (partials).
fn template_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = TEMPLATE_NAMES.iter().map(|n| n.to_string()).collect();
    for (name, _) in list_static_files(&dir.join("templates")) {
        if name.ends_with(".html") && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn compile(sources: &[(String, ThemeText)], diagnostics: &mut Vec<Diagnostic>) -> Option<Tera> {
    // Parse each template alone first so that every syntax error is reported, not only the first.
    let mut syntax_ok = true;
    for (name, file) in sources {
        if let Err(error) = Tera::new().add_raw_template(name, &file.text)
            && matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) {
                diagnostics.push(template_diagnostic(&error, &file.path, &file.text));
                syntax_ok = false;
            }
    }
    if !syntax_ok {
        return None;
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    match tera.add_raw_templates(sources.iter().map(|(name, file)| (name.as_str(), file.text.as_str()))) {
        Ok(()) => Some(tera),
        Err(error) => {
            let located = located_reports(&error.to_string(), sources);
            if !located.is_empty() {
                diagnostics.extend(located);
                return None;
            }
            let reported = match error.kind() {
                tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => Some(report.filename().to_string()),
                tera::ErrorKind::MissingParent { current: name, .. } | tera::ErrorKind::CircularExtend { tpl: name, .. } | tera::ErrorKind::CircularInclude { tpl: name, .. } => Some(name.clone()),
                _ => None,
            };
            let source = sources.iter().find(|(name, _)| Some(name) == reported.as_ref()).or(sources.first());
            let (path, text) = source.map(|(_, f)| (f.path.clone(), f.text.clone())).unwrap_or_default();
            diagnostics.push(template_diagnostic(&error, &path, &text));
            None
        }
    }
}

/// Problems Tera finds once every template is loaded (an unknown filter, test, function or
/// included template) come as text reports, `error: MESSAGE` then ` --> NAME:LINE:COLUMN`: one
/// diagnostic per report, in the right file.
fn located_reports(text: &str, sources: &[(String, ThemeText)]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("error: ") {
            message = Some(rest);
            continue;
        }
        let Some(place) = line.trim_start().strip_prefix("--> ") else { continue };
        let mut parts = place.rsplitn(3, ':');
        let (Some(column), Some(row), Some(name)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let (Ok(column), Ok(row), Some((_, file))) = (column.parse(), row.parse(), sources.iter().find(|(n, _)| n == name)) else { continue };
        let message = message.take().unwrap_or("the template cannot be used");
        diagnostics.push(Diagnostic::at(&file.path, &file.text, row, column, format!("template error: {message}")).hint("fix the template; it may only use the filters, tests, functions and templates that exist"));
    }
    diagnostics
}

/// A Tera error as a diagnostic with the template's file, line and column.
pub fn template_diagnostic(error: &tera::Error, path: &Path, text: &str) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::at(path, text, span.start_line, span.start_col + 1, format!("template error: {}", report.message()))
                .hint("fix the template; every variable a template uses must be provided by replyvs (see README.md, \"Themes\")")
        }
        tera::ErrorKind::MissingParent { parent, .. } if text.contains(&format!("\"{parent}\"")) => {
            let quoted = format!("\"{parent}\"");
            let (line, column) = text.lines().enumerate().find_map(|(i, l)| Some((i + 1, l.find(&quoted)? + 1))).unwrap_or((0, 0));
            Diagnostic::at(path, text, line, column, format!("template error: {}", error.kind())).hint("extend a template the theme has, such as base.html")
        }
        other => Diagnostic::whole_file(path, format!("template error: {other}")).hint("check the theme's templates"),
    }
}

fn load_locales(dir: &Path, languages: &[String], diagnostics: &mut Vec<Diagnostic>, hasher: &mut xxhash_rust::xxh3::Xxh3) -> Vec<BTreeMap<String, String>> {
    let mut locales = Vec::new();
    for language in languages {
        if !crate::content::settings::is_language_code(language) {
            // Reported with its place in site.yaml; never a path to look up (`../x`).
            locales.push(BTreeMap::new());
            continue;
        }
        let relative = format!("i18n/{language}.yaml");
        let file = match theme_file(dir, &relative) {
            Ok(Some(file)) => file,
            Ok(None) => {
                diagnostics.push(Diagnostic::whole_file(&dir.join(&relative), format!("no locale file for language `{language}`")).hint(format!("copy themes/default/i18n/en.yaml to {relative} and translate its values")));
                locales.push(BTreeMap::new());
                continue;
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                locales.push(BTreeMap::new());
                continue;
            }
        };
        hasher.update(file.text.as_bytes());
        locales.push(parse_locale(&file, diagnostics));
    }
    check_locale_keys(dir, languages, &locales, diagnostics);
    locales
}

fn parse_locale(file: &ThemeText, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<String, String> {
    let mut source = crate::source::files::SourceFile { path: file.path.clone(), text: file.text.clone(), fingerprint: 0, positions: Default::default() };
    let value = match yaml::parse_value(&mut source) {
        Ok(value) => value,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return BTreeMap::new();
        }
    };
    let mut strings = BTreeMap::new();
    for (key, text) in value.as_mapping().into_iter().flatten() {
        match (key.as_str(), text.as_str()) {
            (Some(key), Some(text)) => {
                strings.insert(key.to_string(), text.to_string());
            }
            _ => {
                let path = [crate::source::positions::key(key.as_str().unwrap_or_default())];
                diagnostics.push(source.at(&path, "a locale entry must be `key: text`").hint("quote the text"));
            }
        }
    }
    strings
}

fn check_locale_keys(dir: &Path, languages: &[String], locales: &[BTreeMap<String, String>], diagnostics: &mut Vec<Diagnostic>) {
    let Some(default) = locales.first() else { return };
    for key in SENTENCE_KEYS {
        if !default.contains_key(*key) && !default.is_empty() {
            diagnostics.push(Diagnostic::whole_file(&dir.join(format!("i18n/{}.yaml", languages[0])), format!("locale key `{key}` is missing")).hint("every locale needs the sentences listed in src/templates.rs SENTENCE_KEYS"));
        }
    }
    for (language, locale) in languages.iter().zip(locales).skip(1) {
        if locale.is_empty() {
            continue;
        }
        for key in default.keys().filter(|k| !locale.contains_key(*k)) {
            diagnostics.push(Diagnostic::whole_file(&dir.join(format!("i18n/{language}.yaml")), format!("locale key `{key}` is missing")).hint(format!("translate `{key}` from the {} locale", languages[0])));
        }
    }
}

fn theme_static_files(dir: &Path, hasher: &mut xxhash_rust::xxh3::Xxh3) -> Vec<StaticFile> {
    let mut files: BTreeMap<String, StaticFile> = EMBEDDED_STATIC
        .iter()
        .map(|(name, bytes)| (name.to_string(), StaticFile { output_path: name.to_string(), origin: StaticOrigin::Embedded(bytes) }))
        .collect();
    for (output_path, source) in list_static_files(&dir.join("static")) {
        files.insert(output_path.clone(), StaticFile { output_path, origin: StaticOrigin::Disk(source) });
    }
    for file in files.values() {
        hasher.update(file.output_path.as_bytes());
        match &file.origin {
            StaticOrigin::Embedded(bytes) => hasher.update(bytes),
            StaticOrigin::Disk(path) => hasher.update(&std::fs::read(path).unwrap_or_default()),
        }
    }
    files.into_values().collect()
}
