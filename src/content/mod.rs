//! Raw values to the validated model: settings, protocols, codes, pair notes, providers, pages
//! and guides, Markdown to HTML with its links checked.

mod code;
mod documents;
mod ids;
pub(crate) mod links;
pub mod markdown;
pub mod model;
mod notes;
mod protocol;
mod providers;
mod refs;
mod report;
pub(crate) mod settings;
pub(crate) mod validate;
