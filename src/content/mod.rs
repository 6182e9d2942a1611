//! Raw values to the validated model: settings, protocols, codes, pair notes, providers, pages
//! and guides, Markdown to HTML with its links checked.

pub(crate) mod code;
mod cross_references;
mod documents;
pub(crate) mod ids;
pub(crate) mod links;
pub mod markdown;
pub mod model;
mod notes;
pub(crate) mod pairs;
pub(crate) mod protocol;
mod providers;
mod references;
pub(crate) mod report;
pub(crate) mod settings;
pub(crate) mod validate;
