//! What each output depends on, as a hash: an incremental build skips an output whose hash is
//! the one the manifest recorded. Pair pages depend only on their two codes, their note and what
//! every page shows (the theme, with the build id of replyvs in it, the settings, the protocol
//! files, the list of code ids, and the titles of pages and guides).

use crate::content::model::Site;
use crate::site::plan::{Output, Page};
use crate::theme::Theme;

/// What every page depends on.
pub(crate) fn global_fingerprint(site: &Site, theme: &Theme) -> u64 {
    let mut text = format!("{} {} {:?} {:?}", theme.fingerprint, site.settings.fingerprint, site.settings.base_url, site.settings.build_date);
    for protocol in &site.protocols {
        text.push_str(&format!(" {}", protocol.fingerprint));
    }
    // Every page's footer and lists link the site's pages and guides by title; their bodies
    // are only on their own pages, which are always rendered.
    let guides = site.protocols.iter().flat_map(|protocol| &protocol.guides);
    for document in site.pages.iter().chain(guides) {
        text.push_str(&format!(" {} {:?}", document.slug, document.title.values()));
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// The hash of everything `output` is built from, when that is known without rendering;
/// `None` for outputs that are always rendered (indexes, search, static files).
pub(crate) fn input_key(site: &Site, global: u64, output: Output) -> Option<u64> {
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
