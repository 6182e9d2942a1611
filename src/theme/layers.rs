//! Where theme files come from, in one function: the site's own folders (`templates/`,
//! `static/` and `i18n/` beside `content/`) over the theme's over the default theme built into
//! the binary, file by file. A site changes one template of a theme without copying the others.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::content::model::{StaticFile, StaticOrigin};
use crate::error::Diagnostic;
use crate::source::files::{MAX_FILE_BYTES, list_static_files};

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// One file of the theme, from the layer that has it.
#[derive(Debug, Clone)]
pub(crate) struct ThemeFile {
    /// Where it came from, as shown in messages (`themes/default/…` for built-in files).
    pub(crate) path: PathBuf,
    pub(crate) bytes: Vec<u8>,
}

/// The folders a theme is read from.
#[derive(Debug, Clone)]
pub(crate) struct Layers {
    site: PathBuf,
    /// `content/static/`, the site's static files of the first data format.
    content_static: PathBuf,
    theme: Option<PathBuf>,
}

/// Where built-in files are said to come from in messages.
const BUILT_IN: &str = "themes/default";

impl Layers {
    /// `site` holds the site's own `templates/`, `static/` and `i18n/`; `theme` is the theme
    /// folder, if any (the built-in theme is always the last layer).
    pub(crate) fn new(site: &Path, content: &Path, theme: Option<&Path>) -> Layers {
        Layers { site: site.to_path_buf(), content_static: content.join("static"), theme: theme.map(Path::to_path_buf) }
    }

    /// The site's folder, then the theme's: most specific first.
    fn folders(&self) -> impl Iterator<Item = &Path> {
        std::iter::once(self.site.as_path()).chain(self.theme.as_deref())
    }

    /// The file at `relative` (`templates/base.html`) from the first layer that has it.
    pub(crate) fn file(&self, relative: &str) -> Result<Option<ThemeFile>, Diagnostic> {
        for folder in self.folders() {
            let path = folder.join(relative);
            if path.is_file() {
                return read(&path).map(|bytes| Some(ThemeFile { path, bytes }));
            }
        }
        Ok(built_in(relative))
    }

    /// The same file in every layer that has it, most general first (locale files merge this way).
    pub(crate) fn every(&self, relative: &str) -> Result<Vec<ThemeFile>, Diagnostic> {
        let mut found: Vec<ThemeFile> = built_in(relative).into_iter().collect();
        let folders: Vec<&Path> = self.folders().collect();
        for folder in folders.into_iter().rev() {
            let path = folder.join(relative);
            if path.is_file() {
                found.push(ThemeFile { bytes: read(&path)?, path });
            }
        }
        Ok(found)
    }

    /// Where the locale file of `language` belongs: the theme's `i18n/` when there is a theme,
    /// else the site's.
    pub(crate) fn locale_path(&self, language: &str) -> PathBuf {
        self.theme.as_deref().unwrap_or(&self.site).join("i18n").join(format!("{language}.yaml"))
    }

    /// The paths below `folder` (`templates`, `static`) that any layer has, relative to it.
    pub(crate) fn names(&self, folder: &str) -> BTreeSet<String> {
        let prefix = format!("{folder}/");
        let mut names: BTreeSet<String> = EMBEDDED_THEME.iter().filter_map(|(name, _)| name.strip_prefix(&prefix)).map(str::to_string).collect();
        for root in self.folders() {
            names.extend(list_static_files(&root.join(folder)).into_iter().map(|(relative, _)| relative));
        }
        names
    }
}

impl Layers {
    /// Every static file, from the most specific layer that has it: the site's `static/` and
    /// `content/static/` (which must not both have a file), the theme's, the built-in ones.
    /// Hidden files are refused rather than published.
    pub(crate) fn static_files(&self) -> Result<Vec<StaticFile>, Vec<Diagnostic>> {
        let mut files: BTreeMap<String, StaticFile> = EMBEDDED_THEME
            .iter()
            .filter_map(|(name, bytes)| Some((name.strip_prefix("static/")?.to_string(), *bytes)))
            .map(|(name, bytes)| (name.clone(), StaticFile { output_path: name.clone(), name, origin: StaticOrigin::Embedded(bytes) }))
            .collect();
        let mut diagnostics = Vec::new();
        let site_folders = [self.site.join("static"), self.content_static.clone()];
        let theme_folders = self.theme.iter().map(|t| t.join("static"));
        let mut from_site: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (is_site, folder) in theme_folders.map(|f| (false, f)).chain(site_folders.into_iter().map(|f| (true, f))) {
            for (output_path, source) in list_static_files(&folder) {
                if output_path.split('/').any(|part| part.starts_with('.') || part.is_empty()) {
                    diagnostics.push(Diagnostic::whole_file(&source, "hidden files are not copied into the site").hint("rename it, or keep it out of the static folder"));
                    continue;
                }
                if is_site && let Some(first) = from_site.insert(output_path.clone(), source.clone()) {
                    diagnostics.push(Diagnostic::whole_file(&source, format!("`{output_path}` is also in {}", first.display())).hint("keep one of the two files"));
                }
                files.insert(output_path.clone(), StaticFile { name: output_path.clone(), output_path, origin: StaticOrigin::Disk(source) });
            }
        }
        if diagnostics.is_empty() { Ok(files.into_values().collect()) } else { Err(diagnostics) }
    }
}

/// A file of the built-in theme, shown as coming from `themes/default`.
fn built_in(relative: &str) -> Option<ThemeFile> {
    EMBEDDED_THEME.iter().find(|(name, _)| *name == relative).map(|(name, bytes)| ThemeFile { path: Path::new(BUILT_IN).join(name), bytes: bytes.to_vec() })
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|error| Diagnostic::whole_file(path, format!("cannot read the file: {error}")).hint("check the file's permissions"))
}

impl ThemeFile {
    /// The file as text (templates, locales): UTF-8, at most `MAX_FILE_BYTES`.
    pub(crate) fn text(&self) -> Result<String, Diagnostic> {
        if self.bytes.len() > MAX_FILE_BYTES {
            return Err(Diagnostic::whole_file(&self.path, format!("the file is {} bytes; the limit is {MAX_FILE_BYTES}", self.bytes.len())).hint("split it into smaller files"));
        }
        let bytes = self.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.bytes);
        String::from_utf8(bytes.to_vec()).map_err(|_| Diagnostic::whole_file(&self.path, "the file is not valid UTF-8").hint("save the file with UTF-8 encoding"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_file_overrides_the_theme_which_overrides_the_built_in_one() {
        let dir = std::env::temp_dir().join(format!("replyvs-layers-{}", std::process::id()));
        let (site, theme) = (dir.join("site"), dir.join("theme"));
        std::fs::create_dir_all(site.join("templates")).unwrap();
        std::fs::create_dir_all(theme.join("templates")).unwrap();
        std::fs::write(site.join("templates/code.html"), "site").unwrap();
        std::fs::write(theme.join("templates/code.html"), "theme").unwrap();
        std::fs::write(theme.join("templates/pair.html"), "theme").unwrap();
        let layers = Layers::new(&site, &site.join("content"), Some(&theme));
        assert_eq!(layers.file("templates/code.html").unwrap().unwrap().bytes, b"site");
        assert_eq!(layers.file("templates/pair.html").unwrap().unwrap().path, theme.join("templates/pair.html"));
        assert_eq!(layers.file("templates/base.html").unwrap().unwrap().path, Path::new("themes/default/templates/base.html"));
        let every: Vec<PathBuf> = layers.every("templates/code.html").unwrap().into_iter().map(|f| f.path).collect();
        assert_eq!(every, [Path::new("themes/default/templates/code.html").to_path_buf(), theme.join("templates/code.html"), site.join("templates/code.html")]);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
