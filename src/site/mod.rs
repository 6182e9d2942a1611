//! The plan of every output, the URL scheme and what each output depends on.

pub(crate) mod deps;
pub mod plan;
pub mod urls;
