//! Whole-site checks on rendered pages, shared by `build` (per page, as pages are rendered) and
//! `check` (the whole site): every URL is served by its own file, every internal link and
//! `#fragment` resolves, every page is reachable from the home page, hreflang alternates exist
//! and are reciprocal, the sitemap lists exactly the pages, and required sections are not empty.

mod findings;
mod scan;
pub(crate) mod site;

use std::collections::{HashMap, HashSet, VecDeque};

use rayon::prelude::*;

use crate::content::model::StaticOrigin;
use crate::path_keys::{KeySet, path_key};
use crate::site::plan::{Output, Plan};
use crate::site::urls::{Route, Urls};

pub use findings::Finding;
pub(crate) use findings::report;
pub(crate) use scan::{PageScan, scan};

/// Every URL of a site, kept as hashes so that half a million of them take a few megabytes.
#[derive(Debug, Default)]
pub(crate) struct UrlSet(KeySet);

impl UrlSet {
    /// Every URL the outputs of `plan` are served at. On one thread: a build makes the set
    /// inside `OnceLock::get_or_init` on a rayon thread, and a parallel loop there could lead
    /// that thread, while it waits, into another page that asks for the same set.
    pub(crate) fn of(plan: &Plan, urls: Urls<'_>) -> UrlSet {
        UrlSet(KeySet::new((0..plan.len()).map(|i| path_key(&urls.output_url(plan, plan.output(i)))).collect()))
    }

    pub(crate) fn contains(&self, url: &str) -> bool {
        self.0.contains(path_key(url))
    }
}

/// What an output is, as its author knows it: a static file by its path, a host file by the
/// setting that asks for it, anything else by its kind.
fn what_writes(urls: Urls<'_>, output: Output) -> String {
    match output {
        Output::Static(i) => match &urls.site().static_files[i].origin {
            StaticOrigin::Disk(path) => format!("the static file {}", path.display()),
            StaticOrigin::Embedded(_) => format!("the theme's static file {}", urls.site().static_files[i].name),
        },
        Output::HostHeaders | Output::HostRedirects => "the host file that `host_files: true` in site.yaml writes".to_string(),
        other => format!("{other:?}"),
    }
}

/// Every output has a file of its own, and a static host of the chosen URL style serves that
/// file at the output's URL.
pub(crate) fn check_routes(plan: &Plan, urls: Urls<'_>) -> Vec<Finding> {
    let (files, mut findings) = written_files(plan, urls);
    let not_served: Vec<Finding> = (0..plan.len()).into_par_iter().filter_map(|i| not_served(urls, &urls.output_route(plan, plan.output(i)), &files)).collect();
    findings.extend(not_served);
    findings
}

/// The files the outputs of a plan are written to, as sorted hashes: at half a million outputs
/// a list of their paths would be the largest allocation of a build.
pub(crate) struct WrittenFiles(KeySet);

impl WrittenFiles {
    fn contains(&self, file: &str) -> bool {
        self.0.contains(path_key(file))
    }
}

/// The first half of the route check: every file the plan writes, and a finding for each file
/// that two outputs write. A build checks the other half, `not_served`, on each output as it
/// builds it, with the route it computes anyway.
pub(crate) fn written_files(plan: &Plan, urls: Urls<'_>) -> (WrittenFiles, Vec<Finding>) {
    let mut files: Vec<(u64, usize)> = (0..plan.len()).into_par_iter().map(|i| (path_key(&urls.output_file(plan, plan.output(i))), i)).collect();
    files.par_sort_unstable();
    let mut twice: Vec<(usize, usize)> = files.windows(2).filter(|pair| pair[0].0 == pair[1].0).map(|pair| (pair[0].1, pair[1].1)).collect();
    twice.sort_unstable_by_key(|&(_, second)| second);
    let findings = twice
        .into_iter()
        .map(|(first, second)| Finding::WrittenTwice { file: urls.output_file(plan, plan.output(second)), first: what_writes(urls, plan.output(first)), second: what_writes(urls, plan.output(second)) })
        .collect();
    (WrittenFiles(KeySet::new(files.into_iter().map(|(key, _)| key).collect())), findings)
}

/// A finding when a static host would not serve `route.file` at `route.url`: it would serve
/// another written file there first, or none.
pub(crate) fn not_served(urls: Urls<'_>, route: &Route, files: &WrittenFiles) -> Option<Finding> {
    let served = urls.served_files(&route.url).into_iter().find(|candidate| files.contains(candidate));
    (served.as_ref() != Some(&route.file)).then(|| Finding::NotServed { url: route.url.clone(), file: route.file.clone(), served })
}

/// The checks a single page allows, against the set of every URL of the site.
pub(crate) fn check_page(url: &str, page: &PageScan, urls: &UrlSet, findings: &mut Vec<Finding>) {
    let template = page.template.to_string();
    for (target, fragment) in &page.links {
        if target.is_empty() {
            if let Some(fragment) = fragment.as_ref().filter(|f| !f.is_empty() && !page.ids.contains(f)) {
                findings.push(Finding::MissingFragment { template: template.clone(), page: url.into(), target: String::new(), fragment: fragment.clone() });
            }
        } else if !urls.contains(target) {
            findings.push(Finding::BrokenLink { template: template.clone(), page: url.into(), target: target.clone() });
        }
    }
    for (lang, target) in &page.alternates {
        if !urls.contains(target) {
            findings.push(Finding::BadAlternate { page: url.into(), lang: lang.clone(), target: target.clone(), exists: false });
        }
    }
    for section in &page.empty_sections {
        findings.push(Finding::EmptySection { template: template.clone(), page: url.into(), section: section.clone() });
    }
}

/// The checks that need every page: fragments into other pages, reachability from `home`,
/// reciprocal alternates, and the sitemap listing exactly `canonical` pages.
pub(crate) fn check_site(pages: &HashMap<String, PageScan>, home: &str, canonical: &HashSet<String>, sitemap: &HashSet<String>, findings: &mut Vec<Finding>) {
    for (url, page) in pages {
        for (target, fragment) in &page.links {
            let (Some(fragment), Some(target_page)) = (fragment, pages.get(target)) else { continue };
            if !target.is_empty() && !fragment.is_empty() && !target_page.ids.contains(fragment) {
                findings.push(Finding::MissingFragment { template: page.template.into(), page: url.clone(), target: target.clone(), fragment: fragment.clone() });
            }
        }
        for (lang, target) in &page.alternates {
            if let Some(other) = pages.get(target)
                && !other.alternates.iter().any(|(_, back)| back == url)
            {
                findings.push(Finding::BadAlternate { page: url.clone(), lang: lang.clone(), target: target.clone(), exists: true });
            }
        }
    }
    let reachable = reachable_from(pages, home);
    findings.extend(pages.keys().filter(|url| !reachable.contains(url.as_str())).map(|page| Finding::Orphan { page: page.clone() }));
    findings.extend(canonical.difference(sitemap).map(|url| Finding::Sitemap { url: url.clone(), missing: true }));
    findings.extend(sitemap.difference(canonical).map(|url| Finding::Sitemap { url: url.clone(), missing: false }));
}

fn reachable_from<'a>(pages: &'a HashMap<String, PageScan>, home: &'a str) -> HashSet<&'a str> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = VecDeque::from([home]);
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url) {
            continue;
        }
        if let Some(page) = pages.get(url) {
            for (target, _) in &page.links {
                if let Some((key, _)) = pages.get_key_value(target.as_str()) {
                    queue.push_back(key);
                }
            }
            for (_, target) in &page.alternates {
                if let Some((key, _)) = pages.get_key_value(target.as_str()) {
                    queue.push_back(key);
                }
            }
        }
    }
    seen
}

/// The `<loc>` URLs of a sitemap, made root-relative.
pub(crate) fn sitemap_urls(xml: &str, origin: &str) -> Vec<String> {
    xml.split("<loc>").skip(1).filter_map(|rest| rest.split_once("</loc>")).map(|(loc, _)| loc.replace("&amp;", "&").strip_prefix(origin).unwrap_or(loc).to_string()).collect()
}
