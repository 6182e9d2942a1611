//! `replyvs init`: a new site that builds and passes `check` as written. Its files live in
//! `starter/` as they are written, so they read as what the user gets.

use std::path::Path;

use crate::error::Result;
use crate::scaffold::{Existing, Written, write_tree};

/// Every file of a new site, by its path in the site's folder.
const STARTER: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("starter/content/site.yaml")),
    ("content/example/_protocol.yaml", include_str!("starter/content/example/_protocol.yaml")),
    ("content/example/250.yaml", include_str!("starter/content/example/250.yaml")),
    ("content/example/550.yaml", include_str!("starter/content/example/550.yaml")),
    ("content/example/pairs/250-vs-550.yaml", include_str!("starter/content/example/pairs/250-vs-550.yaml")),
    ("content/pages/about.md", include_str!("starter/content/pages/about.md")),
    ("README.md", include_str!("starter/README.md")),
    // Kept as `gitignore` in the source tree, where a `.gitignore` would act on replyvs itself.
    (".gitignore", include_str!("starter/gitignore")),
];

/// Writes a new site into `dir`: settings in one language, one protocol with two codes, a pair
/// note, a page, a README of next steps and a `.gitignore`.
pub fn init(dir: &Path, existing: Existing) -> Result<Written> {
    write_tree(dir, STARTER.iter().map(|(path, text)| (*path, text.as_bytes())), existing)
}
