//! The configuration files of static hosts that read them (Netlify, Cloudflare Pages): `_headers`
//! and `_redirects`, rendered from the theme's `host-headers.txt` and `host-redirects.txt` so that
//! a theme that loads something from elsewhere can widen its Content-Security-Policy.

use serde::Serialize;

use crate::render::scope::{RenderError, Scope};
use crate::site::plan::{Output, Page};
use crate::site::urls::Place;

/// `_headers`: the URL of the site's root, of every fingerprinted file, and the URL patterns
/// that cover every page and data file (a folder per protocol and language, and the pages at
/// the root one by one, so that no pattern also covers a fingerprinted file).
pub(crate) fn headers(scope: &Scope<'_>) -> Result<Vec<u8>, RenderError> {
    let (site, urls) = (scope.site, scope.urls);
    let root = &site.settings.base_url.path;
    let fingerprinted: Vec<String> = site.static_files.iter().filter(|f| f.name != f.output_path).map(|f| urls.asset(&f.name)).collect();
    let mut revalidated = vec![urls.url(0, Page::Home), urls.url(0, Page::Decode), urls.route(0, Place::NotFound).url];
    revalidated.extend((0..site.pages.len()).map(|i| urls.url(0, Page::SitePage(i))));
    revalidated.extend((1..site.settings.languages.len()).map(|lang| format!("{}*", urls.url(lang, Page::Home))));
    revalidated.extend((0..site.protocols.len()).map(|p| format!("{}*", urls.url(0, Page::Protocol(p)))));
    revalidated.push(format!("{root}api/*"));
    revalidated.push(urls.output_url(scope.plan, Output::SearchIndex { lang: 0 }));
    let mut context = scope.common_context(0);
    context.insert("root", root);
    context.insert("fingerprinted", &fingerprinted);
    context.insert("revalidated", &revalidated);
    scope.render_template("host-headers.txt", &context)
}

#[derive(Serialize)]
struct Redirect {
    from: String,
    to: String,
}

/// `_redirects`: `/smtp/550-vs-354 /smtp/354-vs-550 301` for every pair in every language.
pub(crate) fn redirects(scope: &Scope<'_>) -> Result<Vec<u8>, RenderError> {
    let urls = scope.urls;
    let mut redirects = Vec::new();
    for lang in 0..scope.site.settings.languages.len() {
        for (p, protocol) in scope.site.protocols.iter().enumerate() {
            let n = protocol.codes.len();
            for a in 0..n {
                for b in a + 1..n {
                    redirects.push(Redirect { from: urls.route(lang, Place::ReversePair(p, a, b)).url, to: urls.url(lang, Page::Pair(p, a, b)) });
                }
            }
        }
    }
    let mut context = scope.common_context(0);
    context.insert("redirects", &redirects);
    scope.render_template("host-redirects.txt", &context)
}
