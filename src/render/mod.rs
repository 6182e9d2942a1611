//! Renders one output of the plan to bytes: pages through Tera with views built once
//! (`pages`), machine-readable files from the same views (`feeds`), static files as they are.

mod compare;
mod diagram;
mod feeds;
mod host;
mod links;
mod pages;
mod scope;
pub(crate) mod views;

use crate::content::model::{Site, StaticOrigin};
use crate::site::plan::{Output, Page, Plan};
use crate::site::urls::Place;
use crate::theme::Theme;
pub(crate) use scope::RenderError;
use scope::Scope;

/// Why an output could not be made.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A template failed.
    Template(RenderError),
    /// A file could not be read or written.
    Io(crate::error::Error),
}

/// The error a build or a check stops with: the first I/O error if there is one (it names its
/// file), else the first error of each template as a diagnostic with its place.
pub(crate) fn failures_to_error(theme: &Theme, failures: Vec<Failure>) -> crate::error::Error {
    let mut seen = std::collections::HashSet::new();
    let mut diagnostics = Vec::new();
    for failure in failures {
        match failure {
            Failure::Io(error) => return error,
            Failure::Template(RenderError { template, error }) => {
                let file = theme.template_files.get(&template).cloned().unwrap_or_else(|| std::path::PathBuf::from(&template));
                let text = theme.template_text(&template).unwrap_or_default();
                let diagnostic = crate::theme::template_diagnostic(&error, &file, text);
                if seen.insert((diagnostic.file.clone(), diagnostic.line, diagnostic.column, diagnostic.message.clone())) {
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
    crate::error::Error::data(diagnostics)
}

/// The template an HTML output is rendered with.
pub(crate) fn template_of(output: Output) -> &'static str {
    match output {
        Output::Page { page: Page::Home, .. } => "index.html",
        Output::Page { page: Page::Protocol(_), .. } => "protocol.html",
        Output::Page { page: Page::Code(..), .. } => "code.html",
        Output::Page { page: Page::Pair(..), .. } => "pair.html",
        Output::Page { page: Page::SitePage(_) | Page::Guide(..), .. } => "document.html",
        Output::Page { page: Page::Decode, .. } => "decode.html",
        Output::ReversePair { .. } | Output::CodeAlias { .. } => "alias.html",
        Output::NotFound { .. } => "404.html",
        Output::Sitemap { .. } => "sitemap.xml",
        Output::SitemapIndex => "sitemap-index.xml",
        Output::Robots => "robots.txt",
        Output::HostHeaders => "host-headers.txt",
        Output::HostRedirects => "host-redirects.txt",
        _ => "",
    }
}

/// Renders any output; shared read-only by all threads.
pub(crate) struct Renderer<'a> {
    scope: Scope<'a>,
}

impl<'a> Renderer<'a> {
    /// Prepares views for every code and protocol.
    pub(crate) fn new(site: &'a Site, theme: &'a Theme, plan: &'a Plan) -> Self {
        Renderer { scope: Scope::new(site, theme, plan) }
    }

    /// The bytes of output `output`.
    pub(crate) fn render(&self, output: Output) -> Result<Vec<u8>, Failure> {
        let scope = &self.scope;
        let page = match output {
            Output::Page { lang, page } => scope.render_page(lang, page),
            Output::ReversePair { lang, protocol, a, b } => scope.render_alias(lang, Place::ReversePair(protocol, a, b), Page::Pair(protocol, a, b)),
            Output::CodeAlias { lang, protocol, code, alias } => scope.render_alias(lang, Place::Alias(protocol, code, alias), Page::Code(protocol, code)),
            Output::NotFound { lang } => scope.render_not_found(lang),
            Output::Sitemap { part } => feeds::sitemap(scope, part),
            Output::SitemapIndex => feeds::sitemap_index(scope),
            Output::Robots => feeds::robots(scope),
            Output::HostHeaders => host::headers(scope),
            Output::HostRedirects => host::redirects(scope),
            Output::Static(i) => return read_static(scope.site, i),
            other => return Ok(feeds::data(scope, other)),
        };
        page.map_err(Failure::Template)
    }
}

/// A static file's bytes; a file that cannot be read stops the build with its name.
fn read_static(site: &Site, i: usize) -> Result<Vec<u8>, Failure> {
    match &site.static_files[i].origin {
        StaticOrigin::Embedded(bytes) => Ok(bytes.to_vec()),
        StaticOrigin::Disk(path) => std::fs::read(path).map_err(|error| Failure::Io(crate::error::Error::io("cannot read", path, error))),
    }
}
