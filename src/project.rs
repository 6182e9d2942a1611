//! A project as the commands see it: the options checked, the content validated and the theme
//! loaded, with every problem of both reported together.

use std::path::Path;

use crate::content::model::{BaseUrl, Site};
use crate::content::settings::parse_base_url;
use crate::content::validate::validate;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::options::BuildOptions;
use crate::source::load::load_content;
use crate::theme::layers::Layers;
use crate::theme::{Theme, load_theme};

/// The folder whose `templates/`, `static/` and `i18n/` are the site's own layer of the theme:
/// the one that holds the content folder.
pub(crate) fn site_folder(content: &Path) -> &Path {
    // `content` gives the empty path, which joins to paths relative to the current folder.
    content.parent().unwrap_or(Path::new(""))
}

/// The options' own problems: usage errors, reported before anything is read.
fn check_options(options: &BuildOptions) -> Result<Option<BaseUrl>> {
    if let Some(theme) = options.theme.as_ref().filter(|t| !t.is_dir()) {
        return Err(Error::Usage(format!("the theme folder {} does not exist; pass --theme with an existing folder, or leave it out for the built-in theme", theme.display())));
    }
    options
        .base_url
        .as_deref()
        .map(|url| parse_base_url(url).map_err(|why| Error::Usage(format!("--base-url `{url}` is not a usable site address: {why}; write an absolute URL such as https://example.org/"))))
        .transpose()
}

/// Loads and validates the content and the theme; all problems of both are reported together.
pub fn load_site(options: &BuildOptions) -> Result<(Site, Theme)> {
    let base_url = check_options(options)?;
    let loaded = load_content(&options.content);
    for warning in &loaded.warnings {
        options.events.emit(Event::Warning(warning));
    }
    // Without a readable site.yaml the languages are unknown; the theme is loaded for English so
    // that its own problems are still reported.
    let languages = loaded.site.as_ref().map_or_else(|| vec!["en".to_string()], |(_, raw)| raw.languages.clone());
    let layers = Layers::new(site_folder(&options.content), &options.content, options.theme.as_deref());
    let theme = load_theme(&layers, &languages);
    match (validate(loaded, base_url), theme) {
        (Ok(mut site), Ok(mut theme)) => {
            site.static_files = std::mem::take(&mut theme.static_files);
            Ok((site, theme))
        }
        (site, theme) => {
            let mut diagnostics = match site {
                Err(Error::Data(d)) => d,
                Err(other) => return Err(other),
                Ok(_) => Vec::new(),
            };
            diagnostics.extend(theme.err().unwrap_or_default());
            Err(Error::data(diagnostics))
        }
    }
}
