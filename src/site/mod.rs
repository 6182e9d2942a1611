//! The plan of every output, the URL scheme, pairs and what each output depends on.

pub(crate) mod deps;
pub(crate) mod pairs;
pub mod plan;
pub mod urls;
