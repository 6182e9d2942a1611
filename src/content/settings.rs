//! `site.yaml` → `Settings`: languages, the base URL and the output layout, checked.

use crate::content::model::{BaseUrl, Settings, UrlStyle};
use crate::error::Diagnostic;
use crate::source::files::SourceFile;
use crate::source::positions::{Step, key};
use crate::source::raw::RawSite;

/// Checks the raw settings; every problem is pushed to `diagnostics`.
pub(crate) fn settings_from_raw(source: &SourceFile, raw: RawSite, base_url_override: Option<BaseUrl>, diagnostics: &mut Vec<Diagnostic>) -> Option<Settings> {
    let RawSite { title, description, base_url, languages, reverse_aliases, url_style, host_files, translations } = raw;
    let mut report = |path: &[&str], message: String, hint: &str| {
        let steps: Vec<Step> = path.iter().map(|k| key(k)).collect();
        diagnostics.push(source.at(&steps, message).hint(hint));
    };
    let base_url = match parse_base_url(&base_url) {
        Ok(url) => Some(base_url_override.unwrap_or(url)),
        Err(why) => {
            report(&["base_url"], format!("`base_url` is not a usable site address: {why}"), "write an absolute URL such as https://example.org/ or https://me.github.io/repo/");
            None
        }
    };
    let mut seen = Vec::new();
    for language in &languages {
        if !is_language_code(language) {
            report(&["languages"], format!("`{language}` is not a language code"), "use codes such as en, tr or pt-BR");
        } else if seen.contains(language) {
            report(&["languages"], format!("language `{language}` is listed twice"), "list each language once");
        }
        seen.push(language.clone());
    }
    let url_style = match url_style.as_deref() {
        None | Some("file") => Some(UrlStyle::File),
        Some("directory") => Some(UrlStyle::Directory),
        Some(other) => {
            report(&["url_style"], format!("unknown url_style `{other}`"), "use `file` (smtp/550.html) or `directory` (smtp/550/index.html)");
            None
        }
    };
    for language in translations.keys() {
        if !languages.iter().skip(1).any(|l| l == language) {
            report(&["translations", language], format!("translation for `{language}`, which is not one of the other languages"), "add it to `languages`, or remove the translation");
        }
    }
    if languages.is_empty() {
        report(&["languages"], "no language is listed".to_string(), "write `languages: [en]`");
        return None;
    }
    let localize = |default: &str, pick: fn(&crate::source::raw::RawSiteTranslation) -> Option<&String>| crate::content::report::localize(&languages, default, |l| translations.get(l).and_then(pick).cloned());
    Some(Settings {
        title: localize(&title, |t| t.title.as_ref()),
        description: localize(&description, |t| t.description.as_ref()),
        base_url: base_url?,
        languages,
        reverse_aliases: reverse_aliases.unwrap_or(true),
        url_style: url_style?,
        host_files: host_files.unwrap_or(false),
        build_date: build_date_from_env(),
        fingerprint: source.fingerprint,
    })
}

/// Language codes: `en`, `tr`, `pt-BR`; they become URL segments and file names.
pub(crate) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase()) && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Splits `https://host[:port][/path/]` into origin and path.
pub(crate) fn parse_base_url(text: &str) -> Result<BaseUrl, String> {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")).ok_or("it must start with https:// or http://")?;
    let scheme_len = text.len() - rest.len();
    if let Some(bad) = text.chars().find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^".contains(*c)) {
        return Err(format!("it contains the character {bad:?}"));
    }
    if text.contains(['?', '#']) {
        return Err("it must not have a query or a fragment".into());
    }
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    let hostname = host.rsplit_once(':').map_or(host, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host });
    if hostname.is_empty() || !hostname.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'[' || b == b']' || b == b':') {
        return Err("it has no valid host name".into());
    }
    let path = path.trim_matches('/');
    if path.split('/').any(|segment| segment == ".." || segment == ".") {
        return Err("its path must not contain . or .. segments".into());
    }
    let path = if path.is_empty() { "/".to_string() } else { format!("/{path}/") };
    Ok(BaseUrl { origin: text[..scheme_len + host.len()].to_string(), path })
}

fn build_date_from_env() -> Option<String> {
    let seconds: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
    Some(civil_date(seconds.div_euclid(86_400)))
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (Howard Hinnant's civil-from-days).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_split_into_origin_and_path() {
        assert_eq!(parse_base_url("https://example.org").unwrap(), BaseUrl { origin: "https://example.org".into(), path: "/".into() });
        assert_eq!(parse_base_url("https://me.github.io/repo/").unwrap().path, "/repo/");
        assert_eq!(parse_base_url("http://127.0.0.1:1111/a/b").unwrap(), BaseUrl { origin: "http://127.0.0.1:1111".into(), path: "/a/b/".into() });
    }

    #[test]
    fn bad_base_urls_are_refused() {
        for bad in ["example.org", "ftp://x", "https://", "https://a b", "https://x/\"><script>", "https://x/?q", "javascript:alert(1)"] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn epoch_days_become_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_000), "2024-10-04");
    }
}
