//! Tera templates: compiled once with every syntax error of every file reported, the functions
//! templates call (`say` for sentences of the locale, `pair_url` for a pair's URL from its
//! protocol's pattern), and Tera errors turned into diagnostics at the template's line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::error::Diagnostic;
use crate::theme::locale::Locale;

/// A template's text and the file it came from.
pub(crate) struct TemplateSource {
    pub(crate) name: String,
    pub(crate) path: PathBuf,
    pub(crate) text: String,
}

/// Compiles every template, with the functions registered first (Tera checks calls at load).
pub(crate) fn compile(sources: &[TemplateSource], locales: Arc<Vec<Locale>>, diagnostics: &mut Vec<Diagnostic>) -> Option<Tera> {
    // Parse each template alone first so that every syntax error is reported, not only the first.
    let mut syntax_ok = true;
    for source in sources {
        if let Err(error) = Tera::new().add_raw_template(&source.name, &source.text)
            && matches!(error.kind(), tera::ErrorKind::SyntaxError(_))
        {
            diagnostics.push(template_diagnostic(&error, &source.path, &source.text));
            syntax_ok = false;
        }
    }
    if !syntax_ok {
        return None;
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    register_functions(&mut tera, locales);
    match tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str()))) {
        Ok(()) => Some(tera),
        Err(error) => {
            let located = located_reports(&error.to_string(), sources);
            if !located.is_empty() {
                diagnostics.extend(located);
                return None;
            }
            let reported = match error.kind() {
                tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => Some(report.filename().to_string()),
                tera::ErrorKind::MissingParent { current: name, .. } | tera::ErrorKind::CircularExtend { tpl: name, .. } | tera::ErrorKind::CircularInclude { tpl: name, .. } => Some(name.clone()),
                _ => None,
            };
            let source = sources.iter().find(|s| Some(&s.name) == reported.as_ref()).or(sources.first());
            let (path, text) = source.map(|s| (s.path.clone(), s.text.clone())).unwrap_or_default();
            diagnostics.push(template_diagnostic(&error, &path, &text));
            None
        }
    }
}

/// `say(key="…", count=…, …)`: a sentence of the page's language (`site.lang`) with the other
/// arguments as its placeholders, filled in one pass; `counts=[…]` picks the form of counted
/// sentences. `pair_url(protocol=…, a=…, b=…)`: the URL of a pair, from the protocol's pattern.
fn register_functions(tera: &mut Tera, locales: Arc<Vec<Locale>>) {
    tera.register_function("say", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        let key: String = kwargs.must_get("key")?;
        let lang: String = state.get::<String>("lang")?.unwrap_or_default();
        let locale = locales.iter().find(|l| l.lang() == lang).or(locales.first()).ok_or_else(|| tera::Error::message("the theme has no locale"))?;
        if !locale.has(&key) {
            return Err(tera::Error::message(format!("say(): the locale has no sentence `{key}`")));
        }
        let values: Vec<(String, String)> = kwargs.iter().map(|(k, v)| (k.to_string(), v.to_string())).filter(|(k, _)| k != "key" && k != "counts").collect();
        let counts: Vec<usize> = kwargs.get::<Vec<usize>>("counts")?.unwrap_or_default();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Ok(locale.say_counted(&key, &counts, &pairs))
    });
    tera.register_function("pair_url", |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        let protocol: Value = kwargs.must_get("protocol")?;
        let pattern = protocol.get_from_path("pair_url").and_then(Value::as_str).ok_or_else(|| tera::Error::message("pair_url(): the protocol has no `pair_url` pattern"))?;
        let (a, b): (String, String) = (kwargs.must_get("a")?, kwargs.must_get("b")?);
        Ok(fill_pair_pattern(pattern, &a, &b))
    });
}

/// A pair's URL from the pattern of `Urls::pair_url_pattern`, in one pass.
fn fill_pair_pattern(pattern: &str, a: &str, b: &str) -> String {
    let (before, after) = pattern.split_once("{a}").unwrap_or((pattern, ""));
    let (middle, end) = after.split_once("{b}").unwrap_or((after, ""));
    format!("{before}{a}{middle}{b}{end}")
}

/// Problems Tera finds once every template is loaded (an unknown filter, test, function or
/// included template) come as text reports, `error: MESSAGE` then ` --> NAME:LINE:COLUMN`: one
/// diagnostic per report, in the right file.
fn located_reports(text: &str, sources: &[TemplateSource]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("error: ") {
            message = Some(rest);
            continue;
        }
        let Some(place) = line.trim_start().strip_prefix("--> ") else { continue };
        let mut parts = place.rsplitn(3, ':');
        let (Some(column), Some(row), Some(name)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let (Ok(column), Ok(row), Some(file)) = (column.parse(), row.parse(), sources.iter().find(|s| s.name == name)) else { continue };
        let message = message.take().unwrap_or("the template cannot be used");
        diagnostics.push(Diagnostic::at(&file.path, &file.text, row, column, format!("template error: {message}")).hint("fix the template; it may only use the filters, tests, functions and templates that exist"));
    }
    diagnostics
}

/// A Tera error as a diagnostic with the template's file, line and column.
pub fn template_diagnostic(error: &tera::Error, path: &Path, text: &str) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::at(path, text, span.start_line, span.start_col + 1, format!("template error: {}", report.message()))
                .hint("fix the template; every variable a template uses must be provided by replyvs (see README.md, \"Themes\")")
        }
        tera::ErrorKind::MissingParent { parent, .. } if text.contains(&format!("\"{parent}\"")) => {
            let quoted = format!("\"{parent}\"");
            let (line, column) = text.lines().enumerate().find_map(|(i, l)| Some((i + 1, l.find(&quoted)? + 1))).unwrap_or((0, 0));
            Diagnostic::at(path, text, line, column, format!("template error: {}", error.kind())).hint("extend a template the theme has, such as base.html")
        }
        other => Diagnostic::whole_file(path, format!("template error: {other}")).hint("check the theme's templates"),
    }
}
