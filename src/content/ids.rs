//! The rules for ids: code ids and protocol folder names become file names and URL segments on
//! every common file system; classes are read from one part of a code.

use crate::content::model::Class;

/// Longest code id accepted; ids become file names.
pub(crate) const MAX_CODE_ID_LEN: usize = 32;

/// Code ids become URL segments and file names on every common file system.
pub(crate) fn check_code_id(id: &str) -> std::result::Result<(), String> {
    if id.is_empty() || id.len() > MAX_CODE_ID_LEN {
        return Err(format!("it must have 1 to {MAX_CODE_ID_LEN} characters"));
    }
    if let Some(bad) = id.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '.' && *c != '_') {
        return Err(format!("it contains {bad:?}"));
    }
    if id.starts_with('.') || id.ends_with('.') || id.contains("..") {
        return Err("dots may only stand between other characters".into());
    }
    if id.starts_with('_') {
        return Err("it must start with a letter or a digit".into());
    }
    let stem = id.split('.').next().unwrap_or(id).to_ascii_uppercase();
    if is_reserved_device_name(&stem) {
        return Err("it is a reserved device name on Windows".into());
    }
    Ok(())
}

/// `CON`, `nul`, `COM1`, `lpt9`, …: names Windows keeps for devices, whatever the extension.
pub(crate) fn is_reserved_device_name(stem: &str) -> bool {
    let stem = stem.to_ascii_uppercase();
    ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str()) || ((stem.starts_with("COM") || stem.starts_with("LPT")) && stem.len() == 4 && stem.as_bytes()[3].is_ascii_digit())
}

pub(crate) fn code_segments(code: &str) -> Vec<&str> {
    if code.contains('.') { code.split('.').collect() } else { (0..code.len()).map(|i| &code[i..i + 1]).collect() }
}

/// `354` → `3xx`; `X.1.1` with the class in part 1 → `X.1.x`; a range class → `1000–2999`.
pub(crate) fn class_pattern(code: &str, class_segment: usize, class: &Class) -> String {
    if let Some((from, to)) = class.range {
        return format!("{from}–{to}");
    }
    let segments = code_segments(code);
    let parts: Vec<&str> = segments.iter().enumerate().map(|(i, s)| if i <= class_segment { *s } else { "x" }).collect();
    parts.join(if code.contains('.') { "." } else { "" })
}

pub(crate) fn is_protocol_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') && !id.starts_with('-')
}

/// Why a folder name cannot be a protocol id (it becomes a folder of the output), with a hint.
pub(crate) fn protocol_id_problem(id: &str, languages: &[String]) -> Option<(String, &'static str)> {
    if !is_protocol_id(id) {
        return Some((String::new(), "use lower-case letters, digits and dashes, such as smtp or smtp-enhanced"));
    }
    if is_reserved_device_name(id) {
        return Some((": it is a reserved device name on Windows".into(), "rename the folder"));
    }
    if ["api", "decode"].contains(&id) {
        return Some((format!(": /{id} is a part of every site"), "rename the folder"));
    }
    // The pages of every language but the first live under /<lang>/.
    if languages.iter().skip(1).any(|language| language.eq_ignore_ascii_case(id)) {
        return Some((format!(": the pages in language `{id}` live under /{id}/"), "rename the folder"));
    }
    None
}

/// `"1000-2999"` → `(1000, 2999)`.
pub(crate) fn parse_range(text: &str) -> Option<(u64, u64)> {
    let (from, to) = text.split_once('-')?;
    let (from, to): (u64, u64) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
    (from <= to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::Localized;

    #[test]
    fn code_ids_that_could_escape_or_break_file_systems_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/b", ".", "..", "CON", "con.1", "LPT1", "５５０", "55О", "a b", "x.", ""] {
            assert!(check_code_id(bad).is_err(), "{bad}");
        }
        for good in ["550", "X.1.1", "5.7.26", "CONNECT", "COM"] {
            assert!(check_code_id(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn class_patterns_hide_the_parts_after_the_class() {
        let class = |key: &str| Class { key: key.into(), label: Localized::new(vec![String::new()]), outcome: None, range: None };
        assert_eq!(class_pattern("354", 0, &class("3")), "3xx");
        assert_eq!(class_pattern("X.1.10", 1, &class("1")), "X.1.x");
        let range = Class { range: Some((1000, 2999)), ..class("1000-2999") };
        assert_eq!(class_pattern("1006", 0, &range), "1000–2999");
    }
}
