//! replyvs: a static site generator for protocol reply codes and their pairwise comparisons.
//!
//! The pipeline, one module per stage: `load` → `validate` → `plan` → `render` → `output`.

#![warn(missing_docs)]

mod compare;
mod config;
mod feeds;
mod load;
mod raw;
mod render;
mod sitecheck;
mod validate;
mod views;
mod yaml;

pub mod build;
pub mod error;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pairs;
pub mod plan;
pub mod serve;
pub mod templates;

pub use build::{BuildOptions, BuildReport, CheckReport, build, check, load_site};
pub use validate::check_code_text;
pub use error::{Diagnostic, Error, Result};
