//! What each output depends on, as a hash: an incremental build skips an output whose hash is
//! the one the manifest recorded. Pair pages depend only on their two codes, their note and what
//! every page shows (the theme, with the build id of replyvs in it, the settings, the protocol
//! files, the list of code ids, and the titles of pages and guides).

use crate::content::model::Site;
use crate::site::plan::{Output, Page};
use crate::theme::Theme;

/// The fingerprints of all of a protocol's codes, as one.
fn every_code(protocol: &crate::content::model::Protocol) -> u64 {
    let bytes: Vec<u8> = protocol.codes.iter().flat_map(|code| code.fingerprint.to_le_bytes()).collect();
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

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
    let code = |p: usize, c: usize| protocols[p].codes[c].fingerprint;
    // At most six parts; kept on the stack, as this runs for every output of every build.
    let (parts, count): ([u64; 6], usize) = match output {
        Output::Page { lang, page: Page::Code(p, c) } => ([1, lang as u64, code(p, c), 0, 0, 0], 3),
        Output::Page { lang, page: Page::Pair(p, a, b) } => {
            let note = protocols[p].note(a, b).map_or(0, |n| n.fingerprint);
            ([2, lang as u64, p as u64, code(p, a), code(p, b), note], 6)
        }
        Output::ReversePair { lang, protocol, a, b } => ([3, lang as u64, protocol as u64, code(protocol, a), code(protocol, b), 0], 5),
        Output::CodeAlias { lang, protocol, code: c, alias } => ([4, lang as u64, code(protocol, c), alias as u64, 0, 0], 4),
        Output::ApiCode(p, c) => ([5, code(p, c), 0, 0, 0, 0], 2),
        // The protocol's file is in `global`; its codes are all in this file, like each in its own.
        Output::ApiProtocol(p) => ([7, p as u64, every_code(&protocols[p]), 0, 0, 0], 3),
        Output::Sitemap { part } => ([6, part as u64, 0, 0, 0, 0], 2),
        _ => return None,
    };
    let mut bytes = [0u8; 56];
    bytes[..8].copy_from_slice(&global.to_le_bytes());
    for (slot, part) in bytes[8..].chunks_exact_mut(8).zip(&parts[..count]) {
        slot.copy_from_slice(&part.to_le_bytes());
    }
    // 0 means "no key" in the manifest.
    Some(xxhash_rust::xxh3::xxh3_64(&bytes[..8 + 8 * count]).max(1))
}
