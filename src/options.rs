//! What a command is asked to do: where the content, the theme and the output are, and where its
//! events go.

use std::path::PathBuf;

use crate::events::Events;

/// Where to read and write, and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The content folder. The folder it is in holds the site's own `templates/`, `static/` and
    /// `i18n/`, which override the theme file by file.
    pub content: PathBuf,
    /// The theme folder; `None` for the built-in theme alone. A folder that does not exist is a
    /// usage error.
    pub theme: Option<PathBuf>,
    /// The output folder.
    pub output: PathBuf,
    /// Overrides `base_url` of `site.yaml` (a usage error when it is not a usable address).
    pub base_url: Option<String>,
    /// Build only slice `k` of `n` (1-based `k`).
    pub shard: Option<(usize, usize)>,
    /// Where progress and warnings go.
    pub events: Events,
}

impl BuildOptions {
    /// The defaults: `content/` and `output/` in the current folder, the built-in theme.
    pub fn new() -> Self {
        BuildOptions { content: "content".into(), theme: None, output: "output".into(), base_url: None, shard: None, events: Events::none() }
    }
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self::new()
    }
}
