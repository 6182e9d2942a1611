//! What a whole-site check can find, as data: each finding names the output it is about and,
//! for pages, the template that made the page, so that a report points at a file to edit. Many
//! pages of one template usually share one mistake, so findings are reported grouped.

use std::collections::BTreeMap;
use std::fmt;

/// One problem of the rendered site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Finding {
    /// Two outputs claim the same file.
    WrittenTwice {
        /// The file.
        file: String,
        /// What the two outputs are.
        first: String,
        /// The second.
        second: String,
    },
    /// A static host of the chosen URL style would not serve `file` at `url`.
    NotServed {
        /// The URL of the output.
        url: String,
        /// Its file.
        file: String,
        /// The file the host would serve instead, if any.
        served: Option<String>,
    },
    /// A link to a URL that no output is served at.
    BrokenLink {
        /// The template that wrote the link.
        template: String,
        /// The page.
        page: String,
        /// The link.
        target: String,
    },
    /// A link to `#fragment` of a page that has no such element.
    MissingFragment {
        /// The template that wrote the link.
        template: String,
        /// The page.
        page: String,
        /// The linked page (empty for the same page).
        target: String,
        /// The fragment.
        fragment: String,
    },
    /// An hreflang alternate that does not exist or does not link back.
    BadAlternate {
        /// The page.
        page: String,
        /// The alternate's language.
        lang: String,
        /// The alternate's URL.
        target: String,
        /// Whether it exists (then it does not link back).
        exists: bool,
    },
    /// A required section of a page has no text.
    EmptySection {
        /// The template.
        template: String,
        /// The page.
        page: String,
        /// The section's name.
        section: String,
    },
    /// No link leads to the page from the home page.
    Orphan {
        /// The page.
        page: String,
    },
    /// The sitemap misses a page, or lists a URL that is not a page.
    Sitemap {
        /// The URL.
        url: String,
        /// Whether it is missing (else it should not be listed).
        missing: bool,
    },
}

impl Finding {
    /// Findings that differ only in the page they were found on, as one key; `None` for
    /// findings that are reported one by one.
    fn group(&self) -> Option<String> {
        match self {
            Finding::BrokenLink { template, target, .. } => Some(format!("{template}: broken link to {target}")),
            Finding::MissingFragment { template, target, fragment, .. } => Some(format!("{template}: the link {target}#{fragment} points to no element of {}", if target.is_empty() { "the page" } else { "that page" })),
            Finding::EmptySection { template, section, .. } => Some(format!("{template}: the required section `{section}` is empty")),
            _ => None,
        }
    }

    fn page(&self) -> &str {
        match self {
            Finding::BrokenLink { page, .. } | Finding::MissingFragment { page, .. } | Finding::EmptySection { page, .. } => page,
            _ => "",
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(group) = self.group() {
            return write!(f, "{group} (on {})", self.page());
        }
        match self {
            Finding::WrittenTwice { file, first, second } => write!(f, "{file}: written by two outputs ({first} and {second})"),
            Finding::NotServed { url, file, served: Some(other) } => write!(f, "{url}: a static host serves {other} there, not {file}"),
            Finding::NotServed { url, file, served: None } => write!(f, "{url}: no static host of this URL style serves {file} there"),
            Finding::BadAlternate { page, lang, target, exists: false } => write!(f, "{page}: the {lang} alternate {target} does not exist"),
            Finding::BadAlternate { page, lang, target, exists: true } => write!(f, "{page}: the {lang} alternate {target} does not link back"),
            Finding::Orphan { page } => write!(f, "{page}: no link leads to this page from the home page"),
            Finding::Sitemap { url, missing: true } => write!(f, "sitemap: {url} is missing"),
            Finding::Sitemap { url, missing: false } => write!(f, "sitemap: {url} is not a page"),
            Finding::BrokenLink { .. } | Finding::MissingFragment { .. } | Finding::EmptySection { .. } => unreachable!("grouped above"),
        }
    }
}

/// The report of a failed check: grouped findings first (with how many pages and the first
/// few), then the others, each once, in a stable order.
pub(crate) fn report(findings: &[Finding]) -> String {
    const SHOWN: usize = 3;
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut single: Vec<String> = Vec::new();
    for finding in findings {
        match finding.group() {
            Some(group) => groups.entry(group).or_default().push(finding.page()),
            None => single.push(finding.to_string()),
        }
    }
    single.sort();
    single.dedup();
    let mut lines = Vec::new();
    for (group, mut pages) in groups {
        pages.sort_unstable();
        pages.dedup();
        let shown = pages.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
        let more = if pages.len() > SHOWN { format!(", and {} more", pages.len() - SHOWN) } else { String::new() };
        let count = if pages.len() == 1 { "1 page".to_string() } else { format!("{} pages", pages.len()) };
        lines.push(format!("{group} ({count}: {shown}{more})"));
    }
    lines.extend(single);
    format!("the site failed {} check(s):\n{}", lines.len(), lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_broken_link_on_many_pages_is_reported_once_with_its_template() {
        let findings: Vec<Finding> =
            (0..12).map(|i| Finding::BrokenLink { template: "code.html".into(), page: format!("/ftp/{}", 200 + i), target: "/ftp/227".into() }).chain([Finding::Orphan { page: "/x".into() }]).collect();
        let text = report(&findings);
        assert_eq!(text, "the site failed 2 check(s):\ncode.html: broken link to /ftp/227 (12 pages: /ftp/200, /ftp/201, /ftp/202, and 9 more)\n/x: no link leads to this page from the home page");
    }
}
