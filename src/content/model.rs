//! The validated site model. Everything downstream of `validate` relies on these invariants:
//! codes are unique and sorted in canonical order, classes exist, references resolve, Markdown
//! is already rendered and sanitized, and every localized value has one entry per language.

use std::path::PathBuf;

/// HTML that is safe to insert into a page: rendered from Markdown and sanitized, or escaped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Html(String);

impl Html {
    /// Wraps HTML that the caller has sanitized.
    pub(crate) fn trusted(html: String) -> Self {
        Html(html)
    }

    /// The HTML text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A value in every language of the site, indexed by the language's position in `languages`,
/// knowing which languages show the default language's value because they have no translation
/// (pages mark such text with its language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized<T> {
    values: Vec<T>,
    /// Bit `l` is set when language `l` falls back to the default language's value.
    fallback: u64,
}

impl<T> Localized<T> {
    /// A value written in every language.
    pub fn new(values: Vec<T>) -> Self {
        Localized { values, fallback: 0 }
    }

    /// Values where the languages whose bit is set in `fallback` show the default's.
    pub(crate) fn with_fallback(values: Vec<T>, fallback: u64) -> Self {
        Localized { values, fallback }
    }

    /// The value in language `lang` (an index into `Settings::languages`).
    pub fn get(&self, lang: usize) -> &T {
        &self.values[lang]
    }

    /// Whether language `lang` shows the default language's value.
    pub fn is_fallback(&self, lang: usize) -> bool {
        lang > 0 && lang < 64 && self.fallback & (1 << lang) != 0
    }

    /// The values, in language order.
    pub fn values(&self) -> &[T] {
        &self.values
    }
}

/// How output files are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlStyle {
    /// `/smtp/550` is the file `smtp/550.html`: one file system entry per page.
    File,
    /// `/smtp/550/` is the file `smtp/550/index.html`.
    Directory,
}

/// The public address of the site, split so that links can be made root-relative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash: `https://example.org`.
    pub origin: String,
    /// Path of the site's root, starting and ending with `/`: `/` or `/repo/`.
    pub path: String,
}

/// Site-wide settings from `site.yaml`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site's name.
    pub title: Localized<String>,
    /// The home page's meta description.
    pub description: Localized<String>,
    /// Where the site is hosted.
    pub base_url: BaseUrl,
    /// Language codes; the first is the default.
    pub languages: Vec<String>,
    /// Whether `/p/b-vs-a` alias pages are written.
    pub reverse_aliases: bool,
    /// File layout.
    pub url_style: UrlStyle,
    /// Whether `_headers` (and `_redirects`, when reverse pairs have no pages) are written for
    /// Netlify and Cloudflare Pages.
    pub host_files: bool,
    /// Fixed build date for the sitemap (from `SOURCE_DATE_EPOCH`), as `YYYY-MM-DD`.
    pub build_date: Option<String>,
    /// Hash of `site.yaml`: every page depends on it.
    pub fingerprint: u64,
}

/// A reference to a specification section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The document, e.g. `RFC 5321`.
    pub doc: Localized<String>,
    /// The section, e.g. `4.2.3`.
    pub section: Option<Localized<String>>,
    /// A link to the section, given or derived for RFCs.
    pub url: Option<String>,
}

/// What a code reports, as far as a client's next step is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The request succeeded.
    Success,
    /// More is coming, or more input is needed.
    Intermediate,
    /// The client is sent elsewhere.
    Redirect,
    /// A failure that may go away with no change: the same request may be repeated later.
    Transient,
    /// A failure: the request must not be repeated unchanged.
    Permanent,
}

impl Outcome {
    /// Every outcome with its spelling in the data.
    pub const ALL: [(&'static str, Outcome); 5] =
        [("success", Outcome::Success), ("intermediate", Outcome::Intermediate), ("redirect", Outcome::Redirect), ("transient", Outcome::Transient), ("permanent", Outcome::Permanent)];

    /// The outcome spelled `text` in the data.
    pub fn parse(text: &str) -> Option<Outcome> {
        Outcome::ALL.iter().find(|(name, _)| *name == text).map(|(_, outcome)| *outcome)
    }

    /// Its spelling in the data.
    pub fn key(self) -> &'static str {
        Outcome::ALL.iter().find(|(_, outcome)| *outcome == self).map_or("", |(name, _)| name)
    }

    /// For failures, whether the same request may be repeated later; `None` for non-failures.
    pub fn retryable(self) -> Option<bool> {
        match self {
            Outcome::Transient => Some(true),
            Outcome::Permanent => Some(false),
            _ => None,
        }
    }
}

/// How a registry lists a code when it is not a plain assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// Listed as "(Unused)".
    Unused,
    /// Marked obsoleted.
    Obsolete,
    /// Deprecated.
    Deprecated,
    /// A temporary registration.
    Temporary,
    /// Reserved: not to be used, or never to be sent.
    Reserved,
    /// Defined by no specification, but sent by implementations.
    Unregistered,
}

impl Registration {
    /// Every registration with its spelling in the data.
    pub const ALL: [(&'static str, Registration); 6] = [
        ("unused", Registration::Unused),
        ("obsolete", Registration::Obsolete),
        ("deprecated", Registration::Deprecated),
        ("temporary", Registration::Temporary),
        ("reserved", Registration::Reserved),
        ("unregistered", Registration::Unregistered),
    ];

    /// The registration spelled `text` in the data.
    pub fn parse(text: &str) -> Option<Registration> {
        Registration::ALL.iter().find(|(name, _)| *name == text).map(|(_, r)| *r)
    }

    /// Its spelling in the data.
    pub fn key(self) -> &'static str {
        Registration::ALL.iter().find(|(_, r)| *r == self).map_or("", |(name, _)| name)
    }
}

/// A reply-code class (`5` → Permanent Negative Completion), or a range of numbers.
#[derive(Debug, Clone)]
pub struct Class {
    /// The key as it appears in codes, or `FROM-TO` for a range.
    pub key: String,
    /// Its label.
    pub label: Localized<String>,
    /// What its codes report, when the class decides it.
    pub outcome: Option<Outcome>,
    /// The numbers a range class covers.
    pub range: Option<(u64, u64)>,
}

/// A key with a label in every language (parties, kinds).
#[derive(Debug, Clone)]
pub struct Label {
    /// The key used in code files.
    pub key: String,
    /// Its label.
    pub label: Localized<String>,
}

/// What a protocol calls the things that elicit its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandNoun {
    /// SMTP, FTP.
    Command,
    /// HTTP, SIP.
    Method,
    /// DNS.
    Opcode,
}

impl CommandNoun {
    /// The noun spelled `text` in the data.
    pub fn parse(text: &str) -> Option<CommandNoun> {
        match text {
            "command" => Some(CommandNoun::Command),
            "method" => Some(CommandNoun::Method),
            "opcode" => Some(CommandNoun::Opcode),
            _ => None,
        }
    }

    /// Its spelling in the data.
    pub fn key(self) -> &'static str {
        match self {
            CommandNoun::Command => "command",
            CommandNoun::Method => "method",
            CommandNoun::Opcode => "opcode",
        }
    }
}

/// A command, or a step of a session that is not a command (shown as plain words).
#[derive(Debug, Clone)]
pub struct Command {
    /// The id codes use.
    pub id: String,
    /// Plain words to show instead of the id.
    pub text: Option<Localized<String>>,
    /// Indexes into `Protocol::classes` of the classes whose every code answers this step: a
    /// step of the session that no code names, such as HTTP's interim and final responses.
    pub classes: Vec<usize>,
}

/// What elicits a protocol's codes.
#[derive(Debug, Clone)]
pub struct Commands {
    /// What they are called.
    pub noun: CommandNoun,
    /// Every known one, in session order; empty when the protocol does not list them.
    pub list: Vec<Command>,
    /// The steps of a typical session, in order, as indexes into `list`; empty when the protocol
    /// has no session to draw (DNS has opcodes, gRPC and WebSocket no commands).
    pub session: Vec<usize>,
}

/// A code of another protocol that a document defines as this code's counterpart.
#[derive(Debug, Clone)]
pub struct Equivalent {
    /// The other code.
    pub other: CodeRef,
    /// Whether this code's file declares the mapping (else the other code's file does).
    pub declared_here: bool,
    /// The document that defines the mapping.
    pub source: Reference,
    /// Its direction and limits.
    pub note: Option<Localized<Html>>,
}

/// A provider's own use of a code.
#[derive(Debug, Clone)]
pub struct ProviderNote {
    /// The provider's name.
    pub provider: String,
    /// What differs from the specification.
    pub text: Localized<Html>,
    /// The provider's outcome, when it differs from the code's.
    pub outcome: Option<Outcome>,
    /// Who must act first, when it differs from the code's.
    pub acts: Option<usize>,
    /// The kind of problem, when it differs from the code's.
    pub kind: Option<usize>,
    /// The first thing to do, when it differs from the code's.
    pub first_step: Option<Localized<String>>,
}

/// A reference to a code of another protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRef {
    /// Index of the protocol in `Site::protocols`.
    pub protocol: usize,
    /// Index of the code in that protocol's `codes`.
    pub code: usize,
}

/// One reply code.
#[derive(Debug, Clone)]
pub struct Code {
    /// The code as written (`354`, `X.1.1`).
    pub id: String,
    /// Index into the protocol's `classes`, when it has classes or ranges.
    pub class: Option<usize>,
    /// Label of the category part, when the protocol has categories.
    pub category: Option<Localized<String>>,
    /// The code with the parts after its class replaced by `x` (`3xx`, `X.1.x`), or the range
    /// (`1000–2999`).
    pub class_pattern: Option<String>,
    /// What it reports: the code's own outcome, else its class's.
    pub outcome: Option<Outcome>,
    /// Index into the protocol's `parties`: who must act first.
    pub acts: Option<usize>,
    /// Index into the protocol's `kinds`.
    pub kind: Option<usize>,
    /// The first thing to do.
    pub first_step: Option<Localized<String>>,
    /// How the registry lists it, when it is not a plain assignment.
    pub registration: Option<Registration>,
    /// Counterparts in other protocols, defined by a document.
    pub equivalents: Vec<Equivalent>,
    /// Its meaning, as the specification words it.
    pub name: Localized<String>,
    /// One plain sentence.
    pub summary: Option<Localized<String>>,
    /// What it means.
    pub description: Localized<Html>,
    /// When you see it.
    pub when_seen: Localized<Html>,
    /// How to fix it.
    pub how_to_fix: Localized<Html>,
    /// Commands that can elicit it.
    pub commands: Vec<String>,
    /// What a client should do next.
    pub retry: Option<Localized<String>>,
    /// Specification sections.
    pub references: Vec<Reference>,
    /// Indexes of related codes in the same protocol.
    pub related: Vec<usize>,
    /// Codes of other protocols usually seen with it.
    pub paired_with: Vec<CodeRef>,
    /// Other spellings people search for; each gets a page pointing here.
    pub aliases: Vec<String>,
    /// Provider-specific uses.
    pub provider_notes: Vec<ProviderNote>,
    /// Hash of the source file: what pages built from this code depend on.
    pub fingerprint: u64,
    /// The source file.
    pub file: PathBuf,
}

/// An optional note for one pair of codes.
#[derive(Debug, Clone)]
pub struct PairNote {
    /// Index of the first code (canonical order: `a < b`).
    pub a: usize,
    /// Index of the second code.
    pub b: usize,
    /// The note.
    pub note: Localized<Html>,
    /// Hash of the source file.
    pub fingerprint: u64,
}

/// A protocol and its codes.
#[derive(Debug, Clone)]
pub struct Protocol {
    /// Folder name and URL segment (`smtp`).
    pub id: String,
    /// Short name for titles (`SMTP`).
    pub name: Localized<String>,
    /// What stands before a single code in titles (`SMTP` for `SMTP X.1.1`): `prefix`, else the
    /// name.
    pub prefix: Localized<String>,
    /// Title of the protocol page.
    pub title: Localized<String>,
    /// Introduction.
    pub description: Localized<Html>,
    /// Classes in key order (or ranges in numeric order); empty when the protocol has none.
    pub classes: Vec<Class>,
    /// What elicits its codes.
    pub commands: Option<Commands>,
    /// Who can be the one to act.
    pub parties: Vec<Label>,
    /// Kinds of problem.
    pub kinds: Vec<Label>,
    /// Text that shows a pasted message is this protocol's (case-insensitive).
    pub search_hints: Vec<String>,
    /// Example queries for the search box.
    pub search_examples: Vec<String>,
    /// Specification sections about the protocol as a whole.
    pub references: Vec<Reference>,
    /// Codes in canonical order.
    pub codes: Vec<Code>,
    /// Pair notes, sorted by `(a, b)`.
    pub notes: Vec<PairNote>,
    /// Guides (`<protocol>/guides/*.md`), in reading order.
    pub guides: Vec<Document>,
    /// Hash of `_protocol.yaml` and the list of code ids: what every page of the protocol shows.
    pub fingerprint: u64,
}

impl Protocol {
    /// What elicits the protocol's codes, if anything does: the declared noun, else `command`
    /// when codes list commands (the data format before `commands:` existed), else none.
    pub fn command_noun(&self) -> Option<CommandNoun> {
        match &self.commands {
            Some(commands) => Some(commands.noun),
            None => self.codes.iter().any(|c| !c.commands.is_empty()).then_some(CommandNoun::Command),
        }
    }

    /// How a command is shown: its plain words (`the connection greeting`) or its id.
    pub fn command_text<'a>(&'a self, id: &'a str, lang: usize) -> &'a str {
        let listed = self.commands.iter().flat_map(|c| &c.list).find(|c| c.id == id);
        listed.and_then(|c| c.text.as_ref()).map_or(id, |text| text.get(lang).as_str())
    }

    /// The note for the pair `(a, b)` with `a < b`, if any.
    pub fn note(&self, a: usize, b: usize) -> Option<&PairNote> {
        self.notes.binary_search_by(|n| (n.a, n.b).cmp(&(a, b))).ok().map(|i| &self.notes[i])
    }

    /// The index of the code with this id or alias.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.codes.iter().position(|c| c.id == id)
    }
}

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticOrigin {
    /// A file on disk (the theme's or the site's `static/` folder).
    Disk(PathBuf),
    /// A file of the default theme, built into the binary.
    Embedded(&'static [u8]),
}

/// A file copied as is into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Its path in the static folder, with `/` separators: what templates and links name.
    pub name: String,
    /// Path inside the output folder: the name, with a hash of the content before the extension
    /// for stylesheets and scripts (`style.3f2a9c1b07.css`).
    pub output_path: String,
    /// Where it comes from.
    pub origin: StaticOrigin,
}

impl Site {
    /// The output path of the static file `name`, or `name` itself when it is not a static file
    /// (a file another stage writes, such as `api/smtp.json`).
    pub fn asset_path<'a>(&'a self, name: &'a str) -> &'a str {
        match self.static_files.binary_search_by(|file| file.name.as_str().cmp(name)) {
            Ok(i) => &self.static_files[i].output_path,
            Err(_) => name,
        }
    }
}

/// A provider the decoder recognises in a pasted message.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Its id.
    pub id: String,
    /// Its name; provider notes naming it (or its id) belong to it.
    pub name: Localized<String>,
    /// Text that shows a message comes from it (case-insensitive).
    pub hints: Vec<String>,
    /// Its own documentation.
    pub url: Option<String>,
}

/// The whole validated site.
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings.
    pub settings: Settings,
    /// Protocols sorted by id.
    pub protocols: Vec<Protocol>,
    /// Static files from the theme and from `content/static/`, sorted by name.
    pub static_files: Vec<StaticFile>,
    /// Providers from `content/providers.yaml`.
    pub providers: Vec<Provider>,
    /// Site pages (`content/pages/*.md`), in reading order.
    pub pages: Vec<Document>,
}

/// A page written in Markdown: a site page or a guide of a protocol.
#[derive(Debug, Clone)]
pub struct Document {
    /// The last segment of its URL (`read-a-bounce`).
    pub slug: String,
    /// Its title (the page's `h1`).
    pub title: Localized<String>,
    /// One sentence for lists, search results and the meta description.
    pub description: Localized<String>,
    /// The text, with links to pages of the site as markers.
    pub body: Localized<Html>,
    /// Order in lists: smaller first, then by title.
    pub weight: usize,
    /// Hash of its files: what its pages show.
    pub fingerprint: u64,
}
