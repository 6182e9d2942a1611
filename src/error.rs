//! Typed errors. Data problems carry their place (file, line, column), the offending line and a
//! hint, and are always reported together; I/O errors name the path they happened on.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in `content/`, a theme file or the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given on the command line or found under the content folder.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The text of the offending line, when there is one.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem at a place in `source`, which is the text of `file`. The place is kept inside
    /// the file: parsers that count other line breaks than `\n` (YAML also breaks lines at
    /// U+2028) may name a line or column past the end, which is moved back to the last one.
    pub fn at(file: &Path, source: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        let lines = source.lines().count();
        let line = if line > lines { lines } else { line };
        let source_line = (line > 0).then(|| source.lines().nth(line - 1)).flatten().map(|text| text.trim_end().to_string());
        let width = source_line.as_ref().map_or(0, |text| text.chars().count());
        let column = if line == 0 { 0 } else { column.min(width + 1) };
        Self { file: file.to_path_buf(), line, column, message: message.into(), hint: None, source_line }
    }

    /// A problem with a file as a whole (unreadable, not UTF-8, too large).
    pub fn whole_file(file: &Path, message: impl Into<String>) -> Self {
        Self { file: file.to_path_buf(), line: 0, column: 0, message: message.into(), hint: None, source_line: None }
    }

    /// Adds a hint to the diagnostic.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sort key so that reports come out in a stable, readable order: the settings first,
    /// since a mistake there (a misspelled `languages`) explains problems found elsewhere.
    fn sort_key(&self) -> (bool, &Path, usize, usize, &str) {
        let settings = self.file.file_name().is_some_and(|name| name == "site.yaml");
        (!settings, &self.file, self.line, self.column, &self.message)
    }
}

/// Content can hold terminal escapes and bidirectional overrides; a report shows them as
/// `\u{1b}` instead of letting them act on the terminal or reorder the line.
fn printable(text: &str) -> String {
    let acts = |c: char| (c.is_control() && c != '\t') || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(acts) {
        return text.to_string();
    }
    text.chars().map(|c| if acts(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = printable(&self.file.display().to_string());
        let message = printable(&self.message);
        match (self.line, self.column) {
            (0, _) => writeln!(f, "error: {file}: {message}")?,
            (line, 0) => writeln!(f, "error: {file}:{line}: {message}")?,
            (line, column) => writeln!(f, "error: {file}:{line}:{column}: {message}")?,
        }
        if let Some(text) = &self.source_line {
            let gutter = self.line.to_string();
            writeln!(f, "  {gutter} | {}", printable(text))?;
            if self.column > 0 {
                let pad = " ".repeat(gutter.len());
                let indent: String = text.chars().take(self.column - 1).map(|c| if c == '\t' { "\t".to_string() } else { " ".repeat(printable(&c.to_string()).chars().count()) }).collect();
                writeln!(f, "  {pad} | {indent}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every way a replyvs command can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the content, the theme or the settings; all of them, sorted.
    #[error("{}", render_diagnostics(.0))]
    Data(Vec<Diagnostic>),
    /// The finished site failed a whole-site check (broken link, orphan page, …).
    #[error("{}", crate::check::report(.0))]
    SiteCheck(Vec<crate::check::Finding>),
    /// A file system operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done ("cannot write", "cannot read").
        action: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The command was asked something it cannot do (a theme folder that does not exist, a
    /// base URL that is not one); the CLI exits with status 2.
    #[error("{0}")]
    Usage(String),
    /// The machine refused something the command needs: a port, a file watcher, or a recorded
    /// path that would lead outside the output folder.
    #[error("{0}")]
    Refused(String),
}

impl Error {
    /// Data errors, sorted by place so that the report reads top to bottom.
    pub fn data(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diagnostics.dedup();
        Error::Data(diagnostics)
    }

    /// An I/O error on `path`.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io { action, path: path.to_path_buf(), source }
    }
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.to_string());
    }
    out.push_str(&format!("{} problem(s) found; nothing was written", diagnostics.len()));
    out
}

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds the path to an I/O result.
pub(crate) trait IoContext<T> {
    fn at(self, action: &'static str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, action: &'static str, path: &Path) -> Result<T> {
        self.map_err(|source| Error::io(action, path, source))
    }
}
