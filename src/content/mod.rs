//! Raw values to the validated model: settings, protocols, codes, pair notes, Markdown to HTML.

pub mod markdown;
pub mod model;
pub(crate) mod settings;
pub(crate) mod validate;
