//! Files to text to raw values: reading `content/`, parsing YAML with positions from an event
//! parser, and the schemas of the data format. The only stage that names the YAML crates.

pub(crate) mod documents;
pub(crate) mod files;
pub(crate) mod load;
pub(crate) mod positions;
pub(crate) mod raw;
pub(crate) mod schema;
pub(crate) mod yaml;
