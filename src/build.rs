//! The pipeline: load → validate → plan → render in parallel → write, plus `check`, which renders
//! everything in memory and verifies the site as a whole.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};
use crate::source::load::load_content;
use crate::output::manifest::Entry;
use crate::content::model::Site;
use crate::output::{self, Mode, Outcome, OutputPaths, Writer};
use crate::site::plan::{Output, Page, Plan, is_html};
use crate::site::urls::Urls;
use crate::render::{RenderError, Renderer};
use crate::check::{self, PageScan};
use crate::theme::{Theme, load_theme, template_diagnostic};
use crate::content::validate::validate;

/// Where to read and write, and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The content folder.
    pub content: PathBuf,
    /// The theme folder.
    pub theme: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Build only slice `k` of `n` (1-based `k`).
    pub shard: Option<(usize, usize)>,
    /// Show a progress bar on a terminal.
    pub progress: bool,
}

impl BuildOptions {
    /// The defaults: `content/`, `themes/default`, `output/` in the current folder.
    pub fn new() -> Self {
        BuildOptions { content: "content".into(), theme: "themes/default".into(), output: "output".into(), base_url: None, shard: None, progress: false }
    }
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self::new()
    }
}

/// What a build did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    /// Outputs in the plan (or in this shard).
    pub total: usize,
    /// Outputs rendered this time.
    pub rendered: usize,
    /// Files written (new or changed).
    pub written: usize,
    /// Rendered but identical to the file already there.
    pub unchanged: usize,
    /// Not rendered: their inputs did not change.
    pub skipped: usize,
    /// Files removed because they are no longer generated.
    pub removed: usize,
    /// Whether the build was cold (a fresh tree) or incremental.
    pub cold: bool,
    /// Wall time.
    pub elapsed: Duration,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        let rate = if seconds > 0.0 { self.rendered as f64 / seconds } else { 0.0 };
        write!(
            f,
            "{} files: {} rendered, {} written, {} unchanged, {} skipped, {} removed in {:.2} s ({:.0} pages/s, {} build)",
            self.total,
            self.rendered,
            self.written,
            self.unchanged,
            self.skipped,
            self.removed,
            seconds,
            rate,
            if self.cold { "cold" } else { "incremental" }
        )
    }
}

/// Loads and validates the content and the theme; all problems of both are reported together.
pub fn load_site(options: &BuildOptions) -> Result<(Site, Theme)> {
    let loaded = load_content(&options.content);
    let languages = loaded.site.as_ref().map(|(_, raw)| raw.languages.clone()).unwrap_or_else(|| vec!["en".into()]);
    let theme = load_theme(&options.theme, &languages);
    let theme_static = theme.as_ref().map(|t| t.static_files.clone()).unwrap_or_default();
    let site = validate(loaded, theme_static);
    let (mut site, theme) = match (site, theme) {
        (Ok(site), Ok(theme)) => (site, theme),
        (site, theme) => {
            let mut diagnostics = match site {
                Err(Error::Data(d)) => d,
                Err(other) => return Err(other),
                Ok(_) => Vec::new(),
            };
            diagnostics.extend(theme.err().unwrap_or_default());
            return Err(Error::data(diagnostics));
        }
    };
    if let Some(base_url) = &options.base_url {
        site.settings.base_url = crate::content::settings::parse_base_url(base_url).map_err(|why| {
            Error::data(vec![Diagnostic::whole_file(Path::new("--base-url"), format!("`{base_url}` is not a usable site address: {why}")).hint("write an absolute URL such as https://example.org/")])
        })?;
    }
    Ok((site, theme))
}

/// The hash of everything output `output` is built from, when that is known without rendering;
/// `None` for outputs that are always rendered (indexes, search, static files).
fn input_key(site: &Site, global: u64, output: Output) -> Option<u64> {
    let protocols = &site.protocols;
    let parts: Vec<u64> = match output {
        Output::Page { lang, page: Page::Code(p, c) } => vec![1, lang as u64, protocols[p].codes[c].fingerprint],
        Output::Page { lang, page: Page::Pair(p, a, b) } => {
            let note = protocols[p].note(a, b).map_or(0, |n| n.fingerprint);
            vec![2, lang as u64, p as u64, protocols[p].codes[a].fingerprint, protocols[p].codes[b].fingerprint, note]
        }
        Output::ReversePair { lang, protocol, a, b } => {
            vec![3, lang as u64, protocol as u64, protocols[protocol].codes[a].fingerprint, protocols[protocol].codes[b].fingerprint]
        }
        Output::CodeAlias { lang, protocol, code, alias } => vec![4, lang as u64, protocols[protocol].codes[code].fingerprint, alias as u64],
        Output::ApiCode(p, c) => vec![5, protocols[p].codes[c].fingerprint],
        Output::Sitemap { part } => vec![6, part as u64],
        _ => return None,
    };
    let mut bytes = global.to_le_bytes().to_vec();
    for part in parts {
        bytes.extend_from_slice(&part.to_le_bytes());
    }
    // 0 means "no key" in the manifest.
    Some(xxhash_rust::xxh3::xxh3_64(&bytes).max(1))
}

/// What every page depends on: the theme, the settings and every protocol's file and code ids.
fn global_fingerprint(site: &Site, theme: &Theme) -> u64 {
    let mut text = format!("{} {} {:?} {:?}", theme.fingerprint, site.settings.fingerprint, site.settings.base_url, site.settings.build_date);
    for protocol in &site.protocols {
        text.push_str(&format!(" {}", protocol.fingerprint));
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Which outputs of the plan this run builds.
fn selected(plan: &Plan, shard: Option<(usize, usize)>) -> Vec<usize> {
    match shard {
        // Round-robin keeps shards balanced: neighbouring outputs cost about the same.
        Some((k, n)) => (0..plan.len()).filter(|i| i % n == k - 1).collect(),
        None => (0..plan.len()).collect(),
    }
}

/// Turns the first rendering error of each template into a diagnostic with its place.
fn template_errors(theme: &Theme, errors: Vec<RenderError>) -> Error {
    let mut seen = HashSet::new();
    let mut diagnostics = Vec::new();
    for RenderError { template, error } in errors {
        let file = theme.template_files.get(&template).cloned().unwrap_or_else(|| PathBuf::from(&template));
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let diagnostic = template_diagnostic(&error, &file, &text);
        if seen.insert((diagnostic.file.clone(), diagnostic.line, diagnostic.column, diagnostic.message.clone())) {
            diagnostics.push(diagnostic);
        }
    }
    Error::data(diagnostics)
}

/// All URLs the site serves, for link checks.
fn all_urls(plan: &Plan, urls: Urls<'_>) -> check::UrlSet {
    let mut set = check::UrlSet::default();
    for i in 0..plan.len() {
        set.insert(&urls.output_url(plan, plan.output(i)));
    }
    set
}

/// Builds the site into the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let (site, theme) = load_site(options)?;
    let plan = Plan::new(&site);
    let renderer = Renderer::new(&site, &theme, &plan);
    let urls = Urls::new(&site);
    let route_findings = check::check_routes(&plan, urls);
    if !route_findings.is_empty() {
        return Err(Error::SiteCheck(route_findings));
    }
    let known_urls = all_urls(&plan, urls);
    let paths = OutputPaths::new(&options.output);
    let _lock = output::lock(&paths)?;
    output::recover(&paths)?;
    let writer = Writer::start(paths)?;
    let global = global_fingerprint(&site, &theme);
    let indexes = selected(&plan, options.shard);
    let progress = progress_bar(options.progress, indexes.len());
    let stage = Stage { site: &site, plan: &plan, urls, renderer: &renderer, writer: &writer, known_urls: &known_urls, global, findings: Mutex::new(Vec::new()), failures: Mutex::new(Vec::new()) };
    // Outputs that fail leave a placeholder; the failures themselves are collected on the side,
    // which keeps this vector at 32 bytes an output.
    let outcomes: Vec<(Outcome, Entry)> = indexes
        .par_iter()
        .map(|&i| {
            let result = stage.build_one(i).unwrap_or_else(|failure| {
                lock(&stage.failures).push(failure);
                (Outcome::Skipped, Entry::new(0, 0))
            });
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            result
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let failures = stage.failures.into_inner().expect("no thread panicked while holding it");
    if !failures.is_empty() {
        writer.discard();
        return Err(collect_failures(&theme, failures));
    }
    let mut findings = stage.findings.into_inner().expect("no thread panicked while holding it");
    if !findings.is_empty() {
        findings.sort();
        writer.discard();
        return Err(Error::SiteCheck(findings));
    }
    let count = |wanted: Outcome| outcomes.iter().filter(|(o, _)| *o == wanted).count();
    let (written, unchanged, skipped) = (count(Outcome::Written), count(Outcome::Unchanged), count(Outcome::Skipped));
    let cold = writer.mode() == Mode::Cold;
    // A cold build moves its whole tree at once; only an incremental one lists its files.
    let staged: Vec<(usize, String)> = if cold {
        Vec::new()
    } else {
        indexes.iter().zip(&outcomes).filter(|(_, (outcome, _))| *outcome == Outcome::Written).map(|(&i, _)| (i, urls.output_file(&plan, plan.output(i)))).collect()
    };
    let entries = indexes.iter().zip(&outcomes).map(|(&i, (_, entry))| (urls.output_file(&plan, plan.output(i)), *entry));
    let removed = writer.commit(&staged, entries)?;
    Ok(BuildReport { total: indexes.len(), rendered: indexes.len() - skipped, written, unchanged, skipped, removed, cold, elapsed: started.elapsed() })
}

/// What every output of one build shares.
struct Stage<'a> {
    site: &'a Site,
    plan: &'a Plan,
    urls: Urls<'a>,
    renderer: &'a Renderer<'a>,
    writer: &'a Writer,
    known_urls: &'a check::UrlSet,
    global: u64,
    findings: Mutex<Vec<check::Finding>>,
    failures: Mutex<Vec<BuildFailure>>,
}

impl Stage<'_> {
    /// Skips, renders and stages output `i`, checking the links of a page on the way.
    fn build_one(&self, i: usize) -> std::result::Result<(Outcome, Entry), BuildFailure> {
        let output = self.plan.output(i);
        let file = self.urls.output_file(self.plan, output);
        let key = input_key(self.site, self.global, output);
        if let (Some(key), Some(old)) = (key, self.writer.previous(&file))
            && old.input_key == key
        {
            return Ok((Outcome::Skipped, old));
        }
        let bytes = self.renderer.render(output).map_err(BuildFailure::Render)?;
        if is_html(output) {
            let mut page_findings = Vec::new();
            let scan = check::scan(&String::from_utf8_lossy(&bytes), &self.site.settings.base_url.origin, crate::render::template_of(output));
            check::check_page(&self.urls.output_url(self.plan, output), &scan, self.known_urls, &mut page_findings);
            if !page_findings.is_empty() {
                lock(&self.findings).extend(page_findings);
            }
        }
        let output_hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        let outcome = self.writer.stage(i, &file, &bytes, output_hash).map_err(BuildFailure::Write)?;
        Ok((outcome, Entry::new(key.unwrap_or(0), output_hash)))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().expect("no thread panicked while holding it")
}

/// Why one output failed.
#[derive(Debug)]
enum BuildFailure {
    Render(RenderError),
    Write(Error),
}

fn collect_failures(theme: &Theme, failures: Vec<BuildFailure>) -> Error {
    let mut render_errors = Vec::new();
    for failure in failures {
        match failure {
            BuildFailure::Render(error) => render_errors.push(error),
            BuildFailure::Write(error) => return error,
        }
    }
    template_errors(theme, render_errors)
}

fn progress_bar(enabled: bool, total: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages ({per_sec}, {eta} left)").expect("the template is valid"));
    Some(bar)
}

/// One output as `check` keeps it: what it is, its URL, its links (pages) and listed URLs (sitemaps).
type RenderedForCheck = (Output, String, Option<PageScan>, Option<Vec<String>>);

/// The outcome of `replyvs check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Outputs rendered.
    pub outputs: usize,
    /// HTML pages checked.
    pub pages: usize,
}

/// Loads, validates and renders everything in memory, then checks the site as a whole. Writes
/// nothing.
pub fn check(options: &BuildOptions) -> Result<CheckReport> {
    let (site, theme) = load_site(options)?;
    let plan = Plan::new(&site);
    let renderer = Renderer::new(&site, &theme, &plan);
    let urls = Urls::new(&site);
    let mut findings = check::check_routes(&plan, urls);
    let known_urls = all_urls(&plan, urls);
    let origin = &site.settings.base_url.origin;
    let rendered: Vec<std::result::Result<RenderedForCheck, RenderError>> = (0..plan.len())
        .into_par_iter()
        .map(|i| {
            let output = plan.output(i);
            let bytes = renderer.render(output)?;
            let url = urls.output_url(&plan, output);
            let text = String::from_utf8_lossy(&bytes);
            let scan = is_html(output).then(|| check::scan(&text, origin, crate::render::template_of(output)));
            let sitemap = matches!(output, Output::Sitemap { .. }).then(|| check::sitemap_urls(&text, origin));
            Ok((output, url, scan, sitemap))
        })
        .collect();
    let mut pages: HashMap<String, PageScan> = HashMap::new();
    let mut sitemap: HashSet<String> = HashSet::new();
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok((_, url, scan, listed)) => {
                if let Some(scan) = scan {
                    check::check_page(&url, &scan, &known_urls, &mut findings);
                    pages.insert(url, scan);
                }
                sitemap.extend(listed.into_iter().flatten());
            }
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(template_errors(&theme, errors));
    }
    let canonical: HashSet<String> = (0..plan.canonical_len()).flat_map(|i| (0..site.settings.languages.len()).map(move |lang| (lang, i))).map(|(lang, i)| urls.url(lang, plan.canonical(i))).collect();
    // Alias and not-found pages are reached by typing or by the server, not by links.
    let linked: HashMap<String, PageScan> = pages.into_iter().filter(|(url, _)| canonical.contains(url)).collect();
    let home = urls.url(0, Page::Home);
    check::check_site(&linked, &home, &canonical, &sitemap, &mut findings);
    if !findings.is_empty() {
        findings.sort();
        findings.dedup();
        return Err(Error::SiteCheck(findings));
    }
    Ok(CheckReport { outputs: plan.len(), pages: linked.len() })
}
