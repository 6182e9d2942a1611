//! replyvs: a static site generator for protocol reply codes and their pairwise comparisons.
//!
//! The pipeline, one folder per stage: `source` (files to raw values) → `content` (the validated
//! model) → `theme` → `site` (the plan of outputs and their URLs) → `render` → `check` →
//! `output`, orchestrated by `build`; `serve` is the preview server.

#![warn(missing_docs)]

mod check;
mod content;
mod path_keys;
mod project;
mod render;
mod site;
mod source;

pub mod build;
pub mod error;
pub mod events;
pub mod options;
pub mod output;
pub mod scaffold;
pub mod serve;
pub mod theme;

pub use build::build;
pub use check::Finding;
pub use check::site::{CheckReport, check};
pub use content::markdown;
pub use content::model;
pub use content::validate::check_code_text;
pub use error::{Diagnostic, Error, Result};
pub use events::BuildReport;
pub use events::{Event, Events};
pub use options::BuildOptions;
pub use project::load_site;
pub use site::{plan, urls};
