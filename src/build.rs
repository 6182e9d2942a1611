//! `replyvs build`: load → validate → plan → render in parallel → check each page → write,
//! through the staged and journaled writer of `output`.

use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use crate::check::{self, UrlSet};
use crate::content::model::Site;
use crate::error::{Error, Result};
use crate::events::{BuildReport, Event};
use crate::options::BuildOptions;
use crate::output::manifest::Entry;
use crate::output::{self, Mode, Outcome, OutputPaths, Writer};
use crate::project::load_site;
use crate::render::{Failure, Renderer, failures_to_error, template_of};
use crate::site::deps::{global_fingerprint, input_key};
use crate::site::plan::{Plan, is_html};
use crate::site::urls::Urls;

/// Which outputs of the plan this run builds.
fn selected(plan: &Plan, shard: Option<(usize, usize)>) -> Vec<usize> {
    match shard {
        // Round-robin keeps shards balanced: neighbouring outputs cost about the same.
        Some((k, n)) => (0..plan.len()).filter(|i| i % n == k - 1).collect(),
        None => (0..plan.len()).collect(),
    }
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
    let known_urls = UrlSet::of(&plan, urls);
    let paths = OutputPaths::new(&options.output);
    let _lock = output::lock(&paths, &options.events)?;
    output::recover(&paths)?;
    let writer = Writer::start(paths)?;
    let global = global_fingerprint(&site, &theme);
    let indexes = selected(&plan, options.shard);
    let stage = Stage { site: &site, plan: &plan, urls, renderer: &renderer, writer: &writer, known_urls: &known_urls, global, findings: Mutex::new(Vec::new()), failures: Mutex::new(Vec::new()) };
    options.events.emit(Event::Started { total: indexes.len() });
    // Outputs that fail leave a placeholder; the failures themselves are collected on the side,
    // which keeps this vector at 32 bytes an output.
    let outcomes: Vec<(Outcome, Entry)> = indexes
        .par_iter()
        .map(|&i| {
            let result = stage.build_one(i).unwrap_or_else(|failure| {
                lock(&stage.failures).push(failure);
                (Outcome::Skipped, Entry::new(0, 0))
            });
            options.events.emit(Event::Progress);
            result
        })
        .collect();
    options.events.emit(Event::Finished);
    let failures = stage.failures.into_inner().expect("no thread panicked while holding it");
    if !failures.is_empty() {
        writer.discard();
        return Err(failures_to_error(&theme, failures));
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
    let staged: Vec<(usize, String)> =
        if cold { Vec::new() } else { indexes.iter().zip(&outcomes).filter(|(_, (outcome, _))| *outcome == Outcome::Written).map(|(&i, _)| (i, urls.output_file(&plan, plan.output(i)))).collect() };
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
    known_urls: &'a UrlSet,
    global: u64,
    findings: Mutex<Vec<check::Finding>>,
    failures: Mutex<Vec<Failure>>,
}

impl Stage<'_> {
    /// Skips, renders and stages output `i`, checking the links of a page on the way.
    fn build_one(&self, i: usize) -> std::result::Result<(Outcome, Entry), Failure> {
        let output = self.plan.output(i);
        let route = self.urls.output_route(self.plan, output);
        let file = route.file;
        let key = input_key(self.site, self.global, output);
        if let (Some(key), Some(old)) = (key, self.writer.previous(&file))
            && old.input_key == key
        {
            return Ok((Outcome::Skipped, old));
        }
        let bytes = self.renderer.render(output)?;
        if is_html(output) {
            let mut page_findings = Vec::new();
            let scan = check::scan(&String::from_utf8_lossy(&bytes), &self.site.settings.base_url.origin, template_of(output));
            check::check_page(&route.url, &scan, self.known_urls, &mut page_findings);
            if !page_findings.is_empty() {
                lock(&self.findings).extend(page_findings);
            }
        }
        let output_hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        let outcome = self.writer.stage(i, &file, &bytes, output_hash).map_err(Failure::Io)?;
        Ok((outcome, Entry::new(key.unwrap_or(0), output_hash)))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().expect("no thread panicked while holding it")
}
