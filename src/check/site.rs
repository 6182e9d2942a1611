//! `replyvs check`: load, validate and render everything in memory, then check the site as a
//! whole. Writes nothing.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::check::{PageScan, UrlSet, check_page, check_routes, check_site, scan, sitemap_urls};
use crate::error::{Error, Result};
use crate::options::BuildOptions;
use crate::project::load_site;
use crate::render::{Failure, Renderer, failures_to_error, template_of};
use crate::site::plan::{Output, Page, Plan, is_html};
use crate::site::urls::Urls;

/// One output as `check` keeps it: its URL, its links (pages) and listed URLs (sitemaps).
type RenderedForCheck = (String, Option<PageScan>, Option<Vec<String>>);

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
    let mut findings = check_routes(&plan, urls);
    let known_urls = UrlSet::of(&plan, urls);
    let origin = &site.settings.base_url.origin;
    let rendered: Vec<std::result::Result<RenderedForCheck, Failure>> = (0..plan.len())
        .into_par_iter()
        .map(|i| {
            let output = plan.output(i);
            let bytes = renderer.render(output)?;
            let url = urls.output_url(&plan, output);
            let text = String::from_utf8_lossy(&bytes);
            let scan = is_html(output).then(|| scan(&text, origin, template_of(output)));
            let sitemap = matches!(output, Output::Sitemap { .. }).then(|| sitemap_urls(&text, origin));
            Ok((url, scan, sitemap))
        })
        .collect();
    let mut pages: HashMap<String, PageScan> = HashMap::new();
    let mut sitemap: HashSet<String> = HashSet::new();
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok((url, scan, listed)) => {
                if let Some(scan) = scan {
                    check_page(&url, &scan, &known_urls, &mut findings);
                    pages.insert(url, scan);
                }
                sitemap.extend(listed.into_iter().flatten());
            }
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(failures_to_error(&theme, errors));
    }
    let canonical: HashSet<String> = (0..plan.canonical_len()).flat_map(|i| (0..site.settings.languages.len()).map(move |lang| (lang, i))).map(|(lang, i)| urls.url(lang, plan.canonical(i))).collect();
    // Alias and not-found pages are reached by typing or by the server, not by links.
    let linked: HashMap<String, PageScan> = pages.into_iter().filter(|(url, _)| canonical.contains(url)).collect();
    let home = urls.url(0, Page::Home);
    check_site(&linked, &home, &canonical, &sitemap, &mut findings);
    if !findings.is_empty() {
        findings.sort();
        findings.dedup();
        return Err(Error::SiteCheck(findings));
    }
    Ok(CheckReport { outputs: plan.len(), pages: linked.len() })
}
