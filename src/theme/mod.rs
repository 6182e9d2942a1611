//! The theme: templates, locales and static files, each resolved file by file from the site's
//! own folders over the theme folder over the default theme built into the binary (`layers`).
//! Locales are typed (`locale`); templates are compiled once (`templates`).

pub(crate) mod layers;
pub(crate) mod locale;
pub(crate) mod templates;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use tera::Tera;

use crate::content::model::{StaticFile, StaticOrigin};
use crate::error::Diagnostic;
use layers::Layers;
pub use locale::Locale;
use templates::TemplateSource;
pub use templates::template_diagnostic;

/// Templates of the pages and files replyvs renders; every theme has them, from one layer or
/// another. Other templates of a theme are partials and layouts they include or extend.
pub const PAGE_TEMPLATES: &[&str] =
    &["index.html", "protocol.html", "code.html", "pair.html", "document.html", "decode.html", "alias.html", "404.html", "sitemap.xml", "sitemap-index.xml", "robots.txt", "host-headers.txt", "host-redirects.txt"];

/// What changes how any page looks, beside the theme's own files: this build of replyvs.
pub const BUILD_ID: &str = env!("REPLYVS_BUILD_ID");

/// A loaded theme.
pub struct Theme {
    /// Compiled templates.
    pub tera: Tera,
    /// Locales per site language, in language order.
    pub locales: Arc<Vec<Locale>>,
    /// Static files of every layer, sorted by output path.
    pub static_files: Vec<StaticFile>,
    /// Hash of every template, locale and static file and of the build: pages depend on it.
    pub fingerprint: u64,
    /// Template name → the file it came from, for messages.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Template name → its text, for the source line of a rendering error.
    template_texts: BTreeMap<String, String>,
}

impl Theme {
    /// The text of template `name`, as it was compiled.
    pub fn template_text(&self, name: &str) -> Option<&str> {
        self.template_texts.get(name).map(String::as_str)
    }
}

/// Loads and compiles the theme of `layers` for the site's languages; every problem of every
/// file is reported together.
pub(crate) fn load_theme(layers: &Layers, languages: &[String]) -> Result<Theme, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(BUILD_ID.as_bytes());
    let sources = template_sources(layers, &mut diagnostics);
    for source in &sources {
        hasher.update(source.name.as_bytes());
        hasher.update(source.text.as_bytes());
    }
    let labels: BTreeSet<String> = sources.iter().flat_map(|s| locale::keys_read_by(&s.text)).collect();
    let sentences: BTreeSet<String> = sources.iter().flat_map(|s| locale::sentences_said_by(&s.text)).collect();
    let required = locale::Required { labels: &labels, sentences: &sentences };
    let locales = Arc::new(load_locales(layers, languages, &required, &mut hasher, &mut diagnostics));
    let tera = templates::compile(&sources, Arc::clone(&locales), &mut diagnostics);
    let static_files = layers.static_files().unwrap_or_else(|mut problems| {
        diagnostics.append(&mut problems);
        Vec::new()
    });
    let mut static_files = static_files;
    for file in &mut static_files {
        hash_static(file, &mut hasher, &mut diagnostics);
    }
    match tera {
        Some(tera) if diagnostics.is_empty() => {
            let template_files = sources.iter().map(|s| (s.name.clone(), s.path.clone())).collect();
            let template_texts = sources.into_iter().map(|s| (s.name, s.text)).collect();
            Ok(Theme { tera, locales, static_files, fingerprint: hasher.digest(), template_files, template_texts })
        }
        _ => Err(diagnostics),
    }
}

/// Every template any layer has, from the most specific layer; a page template no layer has is
/// reported.
fn template_sources(layers: &Layers, diagnostics: &mut Vec<Diagnostic>) -> Vec<TemplateSource> {
    let names = layers.names("templates");
    for missing in PAGE_TEMPLATES.iter().filter(|name| !names.contains(**name)) {
        diagnostics.push(Diagnostic::whole_file(&PathBuf::from("templates").join(missing), "template not found").hint("add it to the theme"));
    }
    let mut sources = Vec::new();
    for name in names.into_iter().filter(|n| n.ends_with(".html") || n.ends_with(".xml") || n.ends_with(".txt")) {
        match layers.file(&format!("templates/{name}")).and_then(|file| file.map(|f| f.text().map(|text| (f.path, text))).transpose()) {
            Ok(Some((path, text))) => sources.push(TemplateSource { name, path, text }),
            Ok(None) => {}
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    sources
}

fn load_locales(layers: &Layers, languages: &[String], required: &locale::Required<'_>, hasher: &mut xxhash_rust::xxh3::Xxh3, diagnostics: &mut Vec<Diagnostic>) -> Vec<Locale> {
    languages
        .iter()
        .map(|language| {
            // A language code that is not one (`../x`) is reported with its place in site.yaml,
            // and is never a path to look up.
            if !crate::content::settings::is_language_code(language) {
                return Locale::empty(language);
            }
            let relative = format!("i18n/{language}.yaml");
            let files = layers.every(&relative).unwrap_or_else(|d| {
                diagnostics.push(d);
                Vec::new()
            });
            for file in &files {
                hasher.update(&file.bytes);
            }
            // A language no layer has a file for is asked for at the theme's (or the site's) folder.
            locale::load(language, &files, required, layers.locale_path(language), diagnostics)
        })
        .collect()
}

/// Static files count in the theme's hash; one that cannot be read stops the build here, with
/// its name, instead of being published empty. Stylesheets and scripts get their content's hash
/// in their output name.
fn hash_static(file: &mut StaticFile, hasher: &mut xxhash_rust::xxh3::Xxh3, diagnostics: &mut Vec<Diagnostic>) {
    let content = match &file.origin {
        StaticOrigin::Embedded(bytes) => xxhash_rust::xxh3::xxh3_64(bytes),
        StaticOrigin::Disk(path) => match layers::read(path) {
            Ok(bytes) => xxhash_rust::xxh3::xxh3_64(&bytes),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return;
            }
        },
    };
    if let Some(name) = fingerprinted_name(&file.name, content) {
        file.output_path = name;
    }
    hasher.update(file.output_path.as_bytes());
    hasher.update(&content.to_le_bytes());
}

/// Kinds of static file whose output name carries a hash of their content, so that a host may
/// cache them for a year: a changed file gets a new name, and pages link that name. Other files
/// keep their names, since people and other sites link them by name (`CNAME`, images, PDFs).
const FINGERPRINTED_EXTENSIONS: &[&str] = &["css", "js", "mjs"];

/// `style.css` → `style.3f2a9c1b07.css` (ten hex digits of the content's hash).
pub(crate) fn fingerprinted_name(name: &str, content: u64) -> Option<String> {
    let (stem, extension) = name.rsplit_once('.')?;
    if stem.is_empty() || stem.ends_with('/') || !FINGERPRINTED_EXTENSIONS.contains(&extension) {
        return None;
    }
    Some(format!("{stem}.{:010x}.{extension}", content >> 24))
}
