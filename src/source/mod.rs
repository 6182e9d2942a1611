//! Files to text to raw values: reading `content/`, parsing YAML with positions, and the schemas
//! of the data format. The only stage that names the YAML crate.

pub(crate) mod load;
pub(crate) mod raw;
pub(crate) mod yaml;
