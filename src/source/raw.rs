//! What serde reads from the YAML files, before validation, and the schemas that describe the
//! same shapes for the all-problems-at-once check in `yaml`. A raw value is never rendered:
//! `validate` turns it into the model.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::source::schema::{Field, Shape, optional, required};

/// `content/site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSite {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) base_url: String,
    pub(crate) languages: Vec<String>,
    pub(crate) reverse_aliases: Option<bool>,
    pub(crate) url_style: Option<String>,
    pub(crate) host_files: Option<bool>,
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, RawSiteTranslation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSiteTranslation {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
}

pub(crate) const SITE_FIELDS: &[Field] = &[
    required("title", Shape::Text),
    required("description", Shape::Text),
    required("base_url", Shape::Text),
    required("languages", Shape::TextList),
    optional("reverse_aliases", Shape::Flag),
    optional("url_style", Shape::Text),
    optional("host_files", Shape::Flag),
    optional("translations", Shape::PerLanguage(&[optional("title", Shape::Text), optional("description", Shape::Text)])),
];

/// `content/<protocol>/_protocol.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProtocol {
    pub(crate) name: String,
    pub(crate) prefix: Option<String>,
    pub(crate) title: String,
    pub(crate) description: String,
    #[serde(default)]
    pub(crate) classes: BTreeMap<String, String>,
    pub(crate) class_segment: Option<usize>,
    #[serde(default)]
    pub(crate) ranges: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) categories: BTreeMap<String, String>,
    pub(crate) retryable_classes: Option<Vec<String>>,
    pub(crate) permanent_classes: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) outcomes: BTreeMap<String, String>,
    pub(crate) commands: Option<RawCommands>,
    /// The steps of a typical session, in order: ids of `commands.list`.
    #[serde(default)]
    pub(crate) session: Vec<String>,
    pub(crate) search: Option<RawSearch>,
    #[serde(default)]
    pub(crate) parties: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) kinds: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) references: Vec<RawReference>,
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, RawProtocolTranslation>,
}

/// `search:` of a protocol: what shows that a pasted text is this protocol's, and examples.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSearch {
    #[serde(default)]
    pub(crate) hints: Vec<String>,
    #[serde(default)]
    pub(crate) examples: Vec<String>,
}

/// `content/providers.yaml`: mail and service providers the decoder recognises.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProviders {
    pub(crate) providers: Vec<RawProvider>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProvider {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) hints: Vec<String>,
    pub(crate) url: Option<String>,
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, RawProviderTranslation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProviderTranslation {
    pub(crate) name: Option<String>,
}

pub(crate) const PROVIDERS_FIELDS: &[Field] = &[required(
    "providers",
    Shape::Records(&[
        required("id", Shape::Text),
        required("name", Shape::Text),
        optional("hints", Shape::TextList),
        optional("url", Shape::Text),
        optional("translations", Shape::PerLanguage(&[optional("name", Shape::Text)])),
    ]),
)];

/// `commands:` of a protocol: what elicits its codes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCommands {
    pub(crate) noun: String,
    #[serde(default)]
    pub(crate) list: Vec<RawCommand>,
}

/// One command (or a step that is not a command, with plain words to show instead).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCommand {
    pub(crate) id: String,
    pub(crate) text: Option<String>,
    /// Classes whose every code answers this step (HTTP's final response), beside the codes
    /// that name it.
    #[serde(default)]
    pub(crate) classes: Vec<String>,
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, RawCommandTranslation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCommandTranslation {
    pub(crate) text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProtocolTranslation {
    pub(crate) name: Option<String>,
    pub(crate) prefix: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) classes: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) ranges: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) categories: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) parties: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) kinds: BTreeMap<String, String>,
}

const REFERENCE_FIELDS: &[Field] =
    &[required("doc", Shape::Text), optional("section", Shape::Text), optional("url", Shape::Text), optional("translations", Shape::PerLanguage(&[optional("doc", Shape::Text), optional("section", Shape::Text)]))];

const COMMANDS_FIELDS: &[Field] = &[
    required("noun", Shape::Text),
    optional("list", Shape::Records(&[required("id", Shape::Text), optional("text", Shape::Text), optional("classes", Shape::TextList), optional("translations", Shape::PerLanguage(&[optional("text", Shape::Text)]))])),
];

pub(crate) const PROTOCOL_FIELDS: &[Field] = &[
    required("name", Shape::Text),
    optional("prefix", Shape::Text),
    required("title", Shape::Text),
    required("description", Shape::Text),
    optional("classes", Shape::TextMap),
    optional("class_segment", Shape::Index),
    optional("ranges", Shape::TextMap),
    optional("categories", Shape::TextMap),
    optional("retryable_classes", Shape::TextList),
    optional("permanent_classes", Shape::TextList),
    optional("outcomes", Shape::TextMap),
    optional("commands", Shape::Record(COMMANDS_FIELDS)),
    optional("session", Shape::TextList),
    optional("search", Shape::Record(&[optional("hints", Shape::TextList), optional("examples", Shape::TextList)])),
    optional("parties", Shape::TextMap),
    optional("kinds", Shape::TextMap),
    optional("references", Shape::Records(REFERENCE_FIELDS)),
    optional(
        "translations",
        Shape::PerLanguage(&[
            optional("name", Shape::Text),
            optional("prefix", Shape::Text),
            optional("title", Shape::Text),
            optional("description", Shape::Text),
            optional("classes", Shape::TextMap),
            optional("ranges", Shape::TextMap),
            optional("categories", Shape::TextMap),
            optional("parties", Shape::TextMap),
            optional("kinds", Shape::TextMap),
        ]),
    ),
];

/// A `{ doc, section, url }` reference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReference {
    pub(crate) doc: String,
    pub(crate) section: Option<String>,
    pub(crate) url: Option<String>,
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, RawReferenceTranslation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReferenceTranslation {
    pub(crate) doc: Option<String>,
    pub(crate) section: Option<String>,
}

/// `content/<protocol>/<code>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCode {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) summary: Option<String>,
    pub(crate) description: String,
    pub(crate) when_seen: String,
    pub(crate) how_to_fix: String,
    #[serde(default)]
    pub(crate) commands: Vec<String>,
    pub(crate) retry: Option<String>,
    #[serde(default)]
    pub(crate) references: Vec<RawReference>,
    #[serde(default)]
    pub(crate) related: Vec<String>,
    #[serde(default)]
    pub(crate) paired_with: Vec<String>,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) provider_notes: Vec<RawProviderNote>,
    pub(crate) outcome: Option<String>,
    pub(crate) acts: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) first_step: Option<String>,
    pub(crate) registration: Option<String>,
    #[serde(default)]
    pub(crate) equivalents: Vec<RawEquivalent>,
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, RawCodeTranslation>,
}

/// A code of another protocol that a document defines as this code's counterpart.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEquivalent {
    pub(crate) code: String,
    pub(crate) doc: String,
    pub(crate) section: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) note: Option<String>,
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, RawNoteTranslation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCodeTranslation {
    pub(crate) name: Option<String>,
    pub(crate) summary: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) when_seen: Option<String>,
    pub(crate) how_to_fix: Option<String>,
    pub(crate) retry: Option<String>,
    pub(crate) first_step: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProviderNote {
    pub(crate) provider: String,
    pub(crate) text: String,
    pub(crate) outcome: Option<String>,
    pub(crate) acts: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) first_step: Option<String>,
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, RawTextTranslation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTextTranslation {
    pub(crate) text: Option<String>,
    pub(crate) first_step: Option<String>,
}

pub(crate) const CODE_FIELDS: &[Field] = &[
    required("code", Shape::Text),
    required("name", Shape::Text),
    optional("summary", Shape::Text),
    required("description", Shape::Text),
    required("when_seen", Shape::Text),
    required("how_to_fix", Shape::Text),
    optional("commands", Shape::TextList),
    optional("retry", Shape::Text),
    optional("references", Shape::Records(REFERENCE_FIELDS)),
    optional("related", Shape::TextList),
    optional("paired_with", Shape::TextList),
    optional("aliases", Shape::TextList),
    optional(
        "provider_notes",
        Shape::Records(&[
            required("provider", Shape::Text),
            required("text", Shape::Text),
            optional("outcome", Shape::Text),
            optional("acts", Shape::Text),
            optional("kind", Shape::Text),
            optional("first_step", Shape::Text),
            optional("translations", Shape::PerLanguage(&[optional("text", Shape::Text), optional("first_step", Shape::Text)])),
        ]),
    ),
    optional("outcome", Shape::Text),
    optional("acts", Shape::Text),
    optional("kind", Shape::Text),
    optional("first_step", Shape::Text),
    optional("registration", Shape::Text),
    optional(
        "equivalents",
        Shape::Records(&[
            required("code", Shape::Text),
            required("doc", Shape::Text),
            optional("section", Shape::Text),
            optional("url", Shape::Text),
            optional("note", Shape::Text),
            optional("translations", Shape::PerLanguage(&[optional("note", Shape::Text)])),
        ]),
    ),
    optional(
        "translations",
        Shape::PerLanguage(&[
            optional("name", Shape::Text),
            optional("summary", Shape::Text),
            optional("description", Shape::Text),
            optional("when_seen", Shape::Text),
            optional("how_to_fix", Shape::Text),
            optional("retry", Shape::Text),
            optional("first_step", Shape::Text),
        ]),
    ),
];

/// `content/<protocol>/pairs/<a>-vs-<b>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPairNote {
    pub(crate) codes: Vec<String>,
    pub(crate) note: String,
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, RawNoteTranslation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNoteTranslation {
    pub(crate) note: Option<String>,
}

pub(crate) const PAIR_NOTE_FIELDS: &[Field] = &[required("codes", Shape::TextList), required("note", Shape::Text), optional("translations", Shape::PerLanguage(&[optional("note", Shape::Text)]))];
