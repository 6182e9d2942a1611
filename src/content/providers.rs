//! `content/providers.yaml`, checked.

use crate::content::ids::is_protocol_id;
use crate::content::links::LinkIndex;
use crate::content::model::Provider;
use crate::content::report::{Reporter, check_languages_at, localize};
use crate::error::Diagnostic;
use crate::source::files::SourceFile;
use crate::source::positions::{Step, key};
use crate::source::raw::{RawProvider, RawProviders};

pub(crate) fn validate_providers(source: &SourceFile, raw: RawProviders, languages: &[String], links: &LinkIndex, diagnostics: &mut Vec<Diagnostic>) -> Vec<Provider> {
    let mut report = Reporter { source, diagnostics, links, base: None };
    let mut providers: Vec<Provider> = Vec::new();
    for (position, RawProvider { id, name, hints, url, translations }) in raw.providers.into_iter().enumerate() {
        let path = [key("providers"), Step::Item(position)];
        check_languages_at(&translations, languages, &path, &mut report);
        if !is_protocol_id(&id) {
            report.at(&[&path[..], &[key("id")]].concat(), format!("`{id}` cannot be a provider id"), "use lower-case letters, digits and dashes, such as gmail or microsoft-365");
            continue;
        }
        if providers.iter().any(|p| p.id == id) {
            report.at(&[&path[..], &[key("id")]].concat(), format!("provider `{id}` is listed twice"), "list each provider once");
            continue;
        }
        if let Some(bad) = url.as_ref().filter(|u| !crate::content::references::is_https_address(u)) {
            report.at(&[&path[..], &[key("url")]].concat(), format!("`{bad}` is not an https address"), "write a full https:// URL");
        }
        let name = localize(languages, &name, |lang| translations.get(lang).and_then(|t| t.name.clone()));
        providers.push(Provider { id, name, hints, url });
    }
    providers
}
