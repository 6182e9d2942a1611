//! `replyvs new code` and `replyvs new pair`: a content file with every field of the data format
//! (`template`), in every language of the site, that fails `check` until its required text is
//! written. Ids are checked by the data format's own rules before any path is made of them.

use std::path::{Path, PathBuf};

use crate::content::code::code_class;
use crate::content::ids::{check_code_id, is_protocol_id};
use crate::content::links::LinkIndex;
use crate::content::model::Label;
use crate::content::pairs::{natural_cmp, slug};
use crate::content::protocol::{ProtocolHead, protocol_head};
use crate::content::report::Reporter;
use crate::error::{Error, Result};
use crate::scaffold::template::Template;
use crate::scaffold::write_new_file;
use crate::source::files::{SourceFile, file_name, sorted_subfolders, yaml_files};
use crate::source::load::read_and_parse;
use crate::source::raw::{CODE_FIELDS, PAIR_NOTE_FIELDS, PROTOCOL_FIELDS, RawProtocol, RawSite, SITE_FIELDS};
use crate::source::schema::Field;

/// Writes `<content>/<protocol>/<code>.yaml`, a template of every field of a code. Refuses a code
/// the protocol cannot have, and a code it already has.
pub fn new_code(content: &Path, protocol: &str, code: &str) -> Result<PathBuf> {
    check_id(code)?;
    let target = Target::open(content, protocol)?;
    target.check_class(code)?;
    // Ids that differ only in letter case would share a file on Windows and macOS.
    if let Some(existing) = target.code_file(|stem| stem.eq_ignore_ascii_case(code)) {
        return Err(Error::Usage(format!("{} already exists; edit it, or choose another code", existing.display())));
    }
    let file = target.dir.join(format!("{code}.yaml"));
    let header = format!(
        "# {name} {code}. Write the text of every field marked `required`: until then `replyvs check`\n\
         # names each one that is still empty. The other fields are commented out; to use one, remove\n\
         # the `# ` before it and before the lines under it.\n{TEXT_HELP}",
        name = target.name(),
    );
    let values = vec![("code", format!("\"{code}\""))];
    target.write(&file, &header, values, CODE_FIELDS)
}

/// Writes `<content>/<protocol>/pairs/<a>-vs-<b>.yaml` (the codes in natural order), a template
/// of a pair note. Refuses codes the protocol does not have, and a pair that has its note.
pub fn new_pair(content: &Path, protocol: &str, a: &str, b: &str) -> Result<PathBuf> {
    check_id(a)?;
    check_id(b)?;
    if a == b {
        return Err(Error::Usage(format!("a pair note compares two different codes, not `{a}` with itself")));
    }
    let target = Target::open(content, protocol)?;
    for code in [a, b] {
        if target.code_file(|stem| stem == code).is_none() {
            return Err(Error::Usage(format!("{} has no code `{code}` (no {code}.yaml in {}); add it first with `replyvs new code {protocol} {code}`", target.id, target.dir.display())));
        }
    }
    let (a, b) = if natural_cmp(a, b).is_le() { (a, b) } else { (b, a) };
    let pairs = target.dir.join("pairs");
    let named = |stem: &str| yaml_files(&pairs).into_iter().find(|file| file.file_stem().is_some_and(|s| s == stem));
    if let Some(existing) = named(&slug(a, b)).or_else(|| named(&slug(b, a))) {
        return Err(Error::Usage(format!("{} already exists; edit it", existing.display())));
    }
    let file = pairs.join(format!("{}.yaml", slug(a, b)));
    let header = format!(
        "# A note for {name} {a} vs {b}: what only these two codes need explained. The comparison\n\
         # page shows it beside the facts it computes from the two codes. Write the text of `note`:\n\
         # until then `replyvs check` says that it is empty.\n{TEXT_HELP}",
        name = target.name(),
    );
    let values = vec![("codes", format!("[\"{a}\", \"{b}\"]"))];
    target.write(&file, &header, values, PAIR_NOTE_FIELDS)
}

/// How to write the text, the end of every header; `{protocol}` is the protocol's id.
const TEXT_HELP: &str = "\
# Text of one line follows its key (`name: Mailbox unavailable`); Markdown of several lines goes
# on the lines below `key: |`, indented by two spaces. Link to a page of the site as
# @/{protocol}/ (the protocol) or @/{protocol}/<code>. README.md of replyvs, \"The data format\",
# describes every field.

";

fn check_id(code: &str) -> Result<()> {
    check_code_id(code).map_err(|why| Error::Usage(format!("`{code}` cannot be a code: {why}; codes are letters, digits, dots and underscores, such as 550 or X.1.1")))
}

/// The protocol a new file is for, with what its template says about it.
struct Target {
    id: String,
    dir: PathBuf,
    /// The site's languages, the default first.
    languages: Vec<String>,
    source: SourceFile,
    head: ProtocolHead,
}

impl Target {
    /// Reads the site's languages and the protocol `id` of `content`.
    fn open(content: &Path, id: &str) -> Result<Target> {
        if !is_protocol_id(id) {
            return Err(Error::Usage(format!("`{id}` cannot be a protocol: protocols are lower-case letters, digits and dashes, such as smtp or smtp-enhanced")));
        }
        if !content.is_dir() {
            return Err(Error::Usage(format!("the content folder {} does not exist; run replyvs new in a site's folder (replyvs init makes one), or pass --content DIR", content.display())));
        }
        let dir = content.join(id);
        let protocol_file = dir.join("_protocol.yaml");
        if !protocol_file.is_file() {
            let known: Vec<String> = sorted_subfolders(content).into_iter().filter(|d| d.join("_protocol.yaml").is_file()).map(|d| file_name(&d)).collect();
            let known = if known.is_empty() { format!("{} has none yet", content.display()) } else { format!("the protocols in {} are {}", content.display(), known.join(", ")) };
            return Err(Error::Usage(format!("there is no protocol `{id}`: {} does not exist; {known}", protocol_file.display())));
        }
        // Its problems are reported as `check` reports them.
        let (_, site) = read_and_parse::<RawSite>(&content.join("site.yaml"), SITE_FIELDS).map_err(Error::data)?;
        let (source, raw) = read_and_parse::<RawProtocol>(&protocol_file, PROTOCOL_FIELDS).map_err(Error::data)?;
        let languages = site.languages;
        // The protocol's own problems (a broken link in its description) are for `check` to report.
        let head = protocol_head(id, &source, raw, &languages, &LinkIndex::new(&languages), &mut Vec::new());
        Ok(Target { id: id.to_string(), dir, languages, source, head })
    }

    /// The protocol's name on one line, to stand in a comment.
    fn name(&self) -> String {
        self.head.name.get(0).split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Refuses a code whose class the protocol does not have, with the message `check` would give.
    fn check_class(&self, code: &str) -> Result<()> {
        let (links, mut problems) = (LinkIndex::new(&self.languages), Vec::new());
        let mut report = Reporter { source: &self.source, diagnostics: &mut problems, links: &links, base: Some(&self.id) };
        if code_class(code, &self.head, &mut report).is_some() {
            return Ok(());
        }
        let why = problems.pop().map(|problem| match problem.hint {
            Some(hint) => format!("{}; {hint}", problem.message),
            None => problem.message,
        });
        Err(Error::Usage(format!("cannot add `{code}` to {}: {}", self.id, why.unwrap_or_default())))
    }

    /// The code file of the protocol whose stem `matches`.
    fn code_file(&self, matches: impl Fn(&str) -> bool) -> Option<PathBuf> {
        yaml_files(&self.dir).into_iter().find(|file| file.file_stem().is_some_and(|stem| matches(&stem.to_string_lossy())))
    }

    /// What the template says about this protocol beyond the schema: the keys its fields take.
    fn notes(&self) -> Vec<(&'static str, String)> {
        let mut notes = Vec::new();
        if let Some(commands) = self.head.commands.as_ref().filter(|c| !c.list.is_empty()) {
            let ids: Vec<&str> = commands.list.iter().filter(|c| c.classes.is_empty()).map(|c| c.id.as_str()).collect();
            notes.push(("commands", format!("the protocol lists {}", ids.join(", "))));
        }
        for (path, labels, what) in
            [("acts", &self.head.parties, "parties"), ("kind", &self.head.kinds, "kinds"), ("provider_notes.acts", &self.head.parties, "parties"), ("provider_notes.kind", &self.head.kinds, "kinds")]
        {
            notes.push((path, one_of(labels, what)));
        }
        notes
    }

    /// Writes the template of `fields` below `header` into `file`, which must not exist.
    fn write(&self, file: &Path, header: &str, values: Vec<(&'static str, String)>, fields: &'static [Field]) -> Result<PathBuf> {
        let template = Template { languages: &self.languages, values, notes: self.notes() };
        let text = format!("{}{}", header.replace("{protocol}", &self.id), template.render(fields));
        if !write_new_file(file, text.as_bytes())? {
            return Err(Error::Usage(format!("{} already exists; edit it", file.display())));
        }
        Ok(file.to_path_buf())
    }
}

/// `one of client, server`, or where to define the keys when the protocol has none.
fn one_of(labels: &[Label], what: &str) -> String {
    if labels.is_empty() {
        return format!("the protocol defines no {what} yet (`{what}:` in _protocol.yaml)");
    }
    let keys: Vec<&str> = labels.iter().map(|l| l.key.as_str()).collect();
    format!("one of the protocol's {what}: {}", keys.join(", "))
}
