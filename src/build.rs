//! `replyvs build`: load → validate → plan → render in parallel → check each page → write,
//! through the staged and journaled writer of `output`.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use rayon::prelude::*;

use crate::check::{self, UrlSet};
use crate::content::model::Site;
use crate::error::{Error, Result};
use crate::events::{BuildReport, Event};
use crate::options::BuildOptions;
use crate::output::manifest::{Entry, Record, path_key};
use crate::output::{self, Mode, Outcome, OutputPaths, Writer};
use crate::project::load_site;
use crate::render::{Failure, Renderer, failures_to_error, template_of};
use crate::site::deps::{global_fingerprint, input_key};
use crate::site::plan::{Plan, is_html};
use crate::site::urls::Urls;

/// Whether output `i` is one this run builds: all of them, or every `n`th from the `k`th.
/// Round-robin keeps shards balanced: neighbouring outputs cost about the same.
fn selected(shard: Option<(usize, usize)>, i: usize) -> bool {
    shard.is_none_or(|(k, n)| i % n == k - 1)
}

/// Builds the site into the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let (site, theme) = load_site(options)?;
    let plan = Plan::new(&site);
    let renderer = Renderer::new(&site, &theme, &plan);
    let urls = Urls::new(&site);
    let paths = OutputPaths::new(&options.output);
    let _lock = output::lock(&paths, &options.events)?;
    output::recover(&paths)?;
    // The walk of the output folder in `Writer::start` is one thread that mostly waits for the
    // file system; the hashing of every route takes the other cores meanwhile.
    let ((files, written_twice), writer) = rayon::join(|| check::written_files(&plan, urls), || Writer::start(paths));
    let writer = writer?;
    if !written_twice.is_empty() {
        writer.discard();
        return Err(Error::SiteCheck(written_twice));
    }
    let global = global_fingerprint(&site, &theme);
    let total = (0..plan.len()).filter(|&i| selected(options.shard, i)).count();
    let stage = Stage { site: &site, plan: &plan, urls, renderer: &renderer, writer: &writer, files: &files, known_urls: OnceLock::new(), global, findings: Mutex::new(Vec::new()), failures: Mutex::new(Vec::new()) };
    options.events.emit(Event::Started { total });
    let build = |i: usize| {
        if !selected(options.shard, i) {
            return None;
        }
        let result = stage.build_one(i).unwrap_or_else(|failure| {
            lock(&stage.failures).push(failure);
            None
        });
        options.events.emit(Event::Progress);
        result
    };
    // Only what was rendered is kept: an output skipped because its inputs did not change keeps
    // its record in the previous manifest, so a no-op rebuild holds one manifest, not two. When
    // most outputs will render (a cold build, or a new theme or replyvs), a slot per output,
    // filled in place, costs half of what collecting an unknown number of them does (rayon
    // gathers those in pieces and copies them into one list). Failures go on the side.
    let renders_most = writer.mode() == Mode::Cold || writer.previous_global() != Some(global);
    let changed: Vec<Option<Changed>> = if renders_most { (0..plan.len()).into_par_iter().map(build).collect() } else { (0..plan.len()).into_par_iter().filter_map(build).map(Some).collect() };
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
    let rendered_outputs = || changed.iter().flatten();
    let written_outputs = || rendered_outputs().filter(|c| c.outcome == Outcome::Written);
    let (rendered, written, cold) = (rendered_outputs().count(), written_outputs().count(), writer.mode() == Mode::Cold);
    // A cold build moves its whole tree at once; only an incremental one lists its files.
    let staged: Vec<(usize, String)> = if cold { Vec::new() } else { written_outputs().map(|c| (c.index as usize, urls.output_file(&plan, plan.output(c.index as usize)))).collect() };
    drop(stage.known_urls);
    // The records are collected in place, into the memory of the slots: at half a million
    // outputs a second list would be 12 MB more at the build's peak.
    let records: Vec<Record> = changed.into_iter().filter_map(|c| c.map(|c| c.record)).collect();
    let removed = writer.commit(&staged, records, global)?;
    Ok(BuildReport { total, rendered, written, unchanged: rendered - written, skipped: total - rendered, removed, cold, elapsed: started.elapsed() })
}

/// An output that was rendered: where it is in the plan, whether its bytes changed, and its
/// new record.
struct Changed {
    index: u32,
    outcome: Outcome,
    record: Record,
}

/// What every output of one build shares.
struct Stage<'a> {
    site: &'a Site,
    plan: &'a Plan,
    urls: Urls<'a>,
    renderer: &'a Renderer<'a>,
    writer: &'a Writer,
    files: &'a check::WrittenFiles,
    /// Every URL of the site, for the link checks of rendered pages; made by the first page
    /// rendered, so that a build that renders none (nothing changed) does not hash them all.
    known_urls: OnceLock<UrlSet>,
    global: u64,
    findings: Mutex<Vec<check::Finding>>,
    failures: Mutex<Vec<Failure>>,
}

impl Stage<'_> {
    /// Skips, or renders and stages, output `i`, checking its route, and the links of a page on
    /// the way. `None` when it is skipped: its inputs are those of the file in the output folder.
    fn build_one(&self, i: usize) -> std::result::Result<Option<Changed>, Failure> {
        let output = self.plan.output(i);
        let route = self.urls.output_route(self.plan, output);
        // The second half of the route check, on the route computed here anyway.
        if let Some(finding) = check::not_served(self.urls, &route, self.files) {
            lock(&self.findings).push(finding);
        }
        let file = route.file;
        let file_key = path_key(&file);
        let key = input_key(self.site, self.global, output);
        if let (Some(key), Some(old)) = (key, self.writer.previous(file_key))
            && old.input_key == key
        {
            return Ok(None);
        }
        let bytes = self.renderer.render(output)?;
        if is_html(output) {
            let mut page_findings = Vec::new();
            let scan = check::scan(&page_text(&bytes), &self.site.settings.base_url.origin, template_of(output));
            let known_urls = self.known_urls.get_or_init(|| UrlSet::of(self.plan, self.urls));
            check::check_page(&route.url, &scan, known_urls, &mut page_findings);
            if !page_findings.is_empty() {
                lock(&self.findings).extend(page_findings);
            }
        }
        let output_hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        let outcome = self.writer.stage(i, &file, file_key, &bytes, output_hash).map_err(Failure::Io)?;
        Ok(Some(Changed { index: i as u32, outcome, record: Record { key: file_key, entry: Entry { input_key: key.unwrap_or(0), output_hash } } }))
    }
}

/// The text of a rendered page; pages are UTF-8, and checking that is cheaper than the lossy
/// conversion's walk.
fn page_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    std::str::from_utf8(bytes).map_or_else(|_| String::from_utf8_lossy(bytes), std::borrow::Cow::Borrowed)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().expect("no thread panicked while holding it")
}
