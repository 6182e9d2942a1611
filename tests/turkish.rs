//! Reads every generated Turkish sentence of the bundled site and fails on the template defects
//! of issue 11: a double "ile" in a pair title, a plural noun before a single item (or a singular
//! one before several), "sonra … daha sonra", two colons in one clause, a class, category or
//! party label capitalised in mid-sentence, "aşağıda" pointing at sections that are above, a
//! registry called a protocol or named in the plural before one code, and an English word left
//! in a Turkish sentence. Three more defects the first run of this test found are checked too:
//! an empty title, a contrast that says the same of both codes, and a noun said twice around a
//! parenthesis.
//!
//! A generated sentence is one the theme's locale (`themes/default/i18n/tr.yaml`) and Rust put
//! together: page titles (`<title>`, `h1`, `og:title`, `twitter:title`), the meta descriptions
//! of the pages that have no hand-written summary, the intro of a pair page, its key
//! differences, the labels and the locale's words in its comparison table, breadcrumbs, the
//! search placeholder, the links to the code pages, the text of the alias pages, and the theme's
//! own headings and paragraphs. What a content author wrote (a code's summary, its retry text, a
//! reference's title, Markdown) is hand-written Turkish, read by `tests/glossary.rs`, not here.
//!
//! Every rule is a small function with a unit test that makes it fire on a bad sentence (the one
//! the issue quotes, where it quotes one) and stay quiet on the good form.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use scraper::{ElementRef, Html, Selector};
use serde_yaml::Value;
use support::*;

// ---------------------------------------------------------------------------------------------
// The rules.

/// Rule 1: a pair title joins two names with "ile"; the names are in parentheses, so that an
/// "ile" inside a name (354's "… ile bitirin") cannot be read as the join. Outside the
/// parentheses a title may hold one "ile" at most.
fn double_ile(title: &str) -> Option<String> {
    let outside = outside_parentheses(title);
    let count = words(&outside).filter(|(_, word)| fold(word) == "ile").count();
    (count > 1).then(|| format!("{count} × \"ile\" outside parentheses: {}", squeeze(&outside)))
}

/// The nouns the locale's sentences count (`difference_*_shared` and `_disjoint`): a stem, and
/// the stem's form before a vowel (`istek` → `isteğine`).
const COUNTED_NOUNS: &[&str] = &["aşama", "istek", "isteğ", "komut", "yöntem", "işlem"];

/// Rule 2: a plural noun with one item, or a singular noun with several. The items are the
/// commands (methods, opcodes) of the data, listed right before the noun ("MAIL ve RCPT
/// aşamalarında") or after a colon that follows it ("şu komutlara yanıt olabilir: DATA.");
/// `,` and `ve` join them. A list joined by "ya da" is left alone: either number reads well.
fn plural_noun_with_single_item(sentence: &str, items: &[String]) -> Option<String> {
    for (at, word) in words(sentence) {
        let Some(plural) = counted_noun(word) else { continue };
        let count = match items_before(&sentence[..at], items) {
            Some(0) => items_after_colon(&sentence[at + word.len()..], items),
            other => other,
        };
        match count {
            Some(1) if plural => return Some(format!("plural \"{word}\" with one item")),
            Some(n) if n > 1 && !plural => return Some(format!("singular \"{word}\" with {n} items")),
            _ => {}
        }
    }
    None
}

/// Whether `word` is one of the counted nouns, and if so whether it is plural (`-lar`/`-ler`
/// right after the stem, whatever case ending follows).
fn counted_noun(word: &str) -> Option<bool> {
    let folded = fold(word);
    let stem = COUNTED_NOUNS.iter().find(|stem| folded.starts_with(*stem))?;
    let rest = &folded[stem.len()..];
    Some(rest.starts_with("lar") || rest.starts_with("ler"))
}

/// How many items end `before` (`HELO, EHLO ve MAIL` → 3); `None` for a list joined by "ya da".
fn items_before(before: &str, items: &[String]) -> Option<usize> {
    let mut rest = before.trim_end();
    let mut count = 0;
    while let Some(item) = items.iter().filter(|item| ends_with_word(rest, item)).max_by_key(|item| item.len()) {
        count += 1;
        rest = rest[..rest.len() - item.len()].trim_end();
        if let Some(shorter) = rest.strip_suffix(',') {
            rest = shorter;
        } else if let Some(shorter) = strip_word_suffix(rest, "ve") {
            rest = shorter;
        } else if strip_word_suffix(rest, "da").is_some_and(|r| strip_word_suffix(r, "ya").is_some()) || strip_word_suffix(rest, "veya").is_some() {
            return None;
        } else {
            break;
        }
    }
    Some(count)
}

/// How many items make up the rest of the clause after a colon that follows the noun
/// ("… komutlara yanıt olabilir: MAIL ve RCPT."); `None` when the clause has no colon or what
/// follows it is not a list of items alone.
fn items_after_colon(after: &str, items: &[String]) -> Option<usize> {
    let clause = after.split([';', '.']).next().unwrap_or("");
    let (_, list) = clause.split_once(':')?;
    let mut rest = list.trim();
    let mut count = 0;
    while !rest.is_empty() {
        let item = items.iter().filter(|item| starts_with_word(rest, item)).max_by_key(|item| item.len())?;
        count += 1;
        rest = rest[item.len()..].trim_start();
        if let Some(shorter) = rest.strip_prefix(',') {
            rest = shorter.trim_start();
        } else if let Some(shorter) = rest.strip_prefix("ve ") {
            rest = shorter.trim_start();
        } else if !rest.is_empty() {
            return None;
        }
    }
    (count > 0).then_some(count)
}

/// Rule 3: "sonra … daha sonra" in one sentence ("İstemci 450 yanıtından sonra … daha sonra
/// yeniden deneyebilir"), and "İki yanıttan sonra da", which reads as "even after two replies".
fn sonra_daha_sonra(sentence: &str) -> Option<String> {
    let folded: Vec<String> = words(sentence).map(|(_, word)| fold(word)).collect();
    let afters: Vec<usize> = folded.iter().enumerate().filter(|(_, w)| *w == "sonra").map(|(i, _)| i).collect();
    if afters.len() > 1 && afters.iter().any(|&i| i > 0 && folded[i - 1] == "daha") {
        return Some("\"sonra\" and \"daha sonra\" in one sentence".into());
    }
    let ablative = |w: &str| ["dan", "den", "tan", "ten"].iter().any(|s| w.ends_with(s));
    let even_after = folded.windows(3).any(|w| w[0].starts_with("yanıt") && ablative(&w[0]) && w[1] == "sonra" && w[2] == "da");
    even_after.then(|| "\"yanıttan sonra da\" reads as \"even after\"".into())
}

/// Rule 4: two colons in one clause ("Farklı komutlara yanıt verirler: 354 kodu şu komuta yanıt
/// verir: DATA"). Clauses are what semicolons separate; a colon inside quotes, parentheses or
/// code, or between digits, or in `://`, does not count.
fn two_colons(sentence: &str) -> Option<String> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut depth = 0usize;
    let mut quoted = false;
    let mut colons = 0;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' | '“' | '«' => depth += 1,
            ')' | '”' | '»' => depth = depth.saturating_sub(1),
            '"' | '`' => quoted = !quoted,
            ';' if depth == 0 && !quoted => colons = 0,
            ':' if depth == 0 && !quoted => {
                let (before, after) = (i.checked_sub(1).map(|j| chars[j]), chars.get(i + 1).copied());
                let between_digits = before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit());
                if !between_digits && after != Some('/') {
                    colons += 1;
                    if colons > 1 {
                        return Some("two colons in one clause".into());
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Rule 5: a label of the data (a class, category, range or party) that a sentence uses after a
/// lowercase word, the way `{category:lower}` puts it, must not start a word with a capital
/// letter there: "İkisi de Posta sistemi kategorisine girer" (the label not lowered), "sınıfı
/// geçici Olumsuz Tamamlanma" (a Title Case label, of which `:lower` lowers only the first
/// letter). An acronym (`NAT`) keeps its capitals; a label in parentheses is quoted as a name.
fn capitalised_label(sentence: &str, labels: &[String]) -> Option<String> {
    // Most sentences have no capitalised word after their first one, and so nothing to find.
    words(sentence).skip(1).find(|(_, word)| is_capitalised(word))?;
    let text: Vec<char> = sentence.chars().collect();
    let folded: Vec<char> = text.iter().map(|&c| fold_char(c)).collect();
    let depths = paren_depths(&text);
    for label in labels {
        let wanted: Vec<char> = label.chars().map(fold_char).collect();
        if wanted.is_empty() || wanted.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - wanted.len() {
            let end = start + wanted.len();
            let bounded = (start == 0 || !text[start - 1].is_alphanumeric()) && text.get(end).is_none_or(|c| !c.is_alphanumeric());
            if !bounded || folded[start..end] != wanted[..] || depths[start] > 0 {
                continue;
            }
            // The token before, as the spaces delimit it: a word in lower case, not `X.0.x`.
            let before: String = text[..start].iter().collect();
            let previous = before.strip_suffix(' ').and_then(|b| b.split(' ').next_back()).unwrap_or("");
            let after_lowercase_word = !previous.is_empty() && previous.chars().all(|c| c.is_alphabetic() && c.is_lowercase());
            if !after_lowercase_word {
                continue;
            }
            let occurrence: String = text[start..end].iter().collect();
            if let Some((_, word)) = words(&occurrence).find(|(_, word)| is_capitalised(word)) {
                return Some(format!("\"{word}\" capitalised in the label \"{occurrence}\" mid-sentence"));
            }
        }
    }
    None
}

/// Rule 6: a key difference comes after the two codes' sections, so "aşağıda" ("below") points
/// the wrong way ("aşağıda anlatılan durumları karşılaştırın").
fn points_below(sentence: &str) -> Option<String> {
    words(sentence).find(|(_, word)| fold(word).starts_with("aşağıda")).map(|(_, word)| format!("\"{word}\" points below"))
}

/// Rule 7: a registry of codes is not a protocol ("SMTP genişletilmiş durum kodları
/// protokolünün 80 kodu").
fn registry_called_protocol(sentence: &str, registries: &[String]) -> Option<String> {
    registries.iter().find_map(|registry| {
        sentence.match_indices(registry.as_str()).find_map(|(at, _)| {
            let next = words(&sentence[at + registry.len()..]).next()?.1;
            fold(next).starts_with("protokol").then(|| format!("\"{registry}\" called a protocol (\"{next}\")"))
        })
    })
}

/// Rule 7, second half: the plural name of a registry stands before one code
/// ("SMTP genişletilmiş durum kodları X.1.1"); a single code takes the protocol's short prefix.
fn registry_before_one_code(sentence: &str, registries: &[String]) -> Option<String> {
    registries.iter().find_map(|registry| {
        sentence.match_indices(registry.as_str()).find_map(|(at, _)| {
            let next = sentence[at + registry.len()..].strip_prefix(' ')?.split(' ').next()?;
            next.chars().any(|c| c.is_ascii_digit()).then(|| format!("plural \"{registry}\" before the code {next}"))
        })
    })
}

/// Rule 7, third half: on the pages of a registry, "bu protokol" ("this protocol") names the
/// registry a protocol too ("Bu protokolün tüm kodları" on every pair page of the enhanced codes).
fn this_protocol(sentence: &str) -> Option<String> {
    let folded: Vec<String> = words(sentence).map(|(_, word)| fold(word)).collect();
    folded.windows(2).find(|w| w[0] == "bu" && w[1].starts_with("protokol")).map(|w| format!("\"bu {}\" on a page of a registry", w[1]))
}

/// Rule 8: a word of the English locale's sentences left in a Turkish sentence. Inline code,
/// URLs, the ids and names of the data (codes, aliases, commands, protocols, search examples) and words
/// in capitals (identifiers such as `NOT_FOUND`) are not prose and are skipped.
fn english_word(sentence: &str, english: &BTreeSet<String>, data_names: &[String]) -> Option<String> {
    let first = |prose: &str| {
        words(prose)
            .filter(|(_, word)| word.chars().all(|c| c.is_ascii_alphabetic()) && !word.chars().all(|c| c.is_ascii_uppercase()))
            .find(|(_, word)| english.contains(&word.to_ascii_lowercase()))
            .map(|(_, word)| format!("English \"{word}\""))
    };
    let mut prose: String = without_code(sentence).split(' ').filter(|token| !token.contains("://")).collect::<Vec<_>>().join(" ");
    // Most sentences have no candidate at all; only those are worth taking the names out of.
    first(&prose)?;
    for name in data_names {
        if prose.contains(name.as_str()) {
            prose = prose.replace(name.as_str(), " ");
        }
    }
    first(&prose)
}

/// Rule 9: a contrast between two codes that says the same of both ("5 yanıtı değiştirmeden
/// yinelemenin düzeltmeyeceği bir hata bildirir; 7 yanıtı ise değiştirmeden yinelemenin
/// düzeltmeyeceği bir hata bildirir"): after the second code, its noun and "ise" comes what came
/// after the first code and its noun. Such a pair needs the locale's "both" sentence.
fn same_said_of_both(sentence: &str) -> Option<String> {
    let tokens: Vec<String> = sentence.split_whitespace().map(|t| fold(t.trim_matches(|c: char| !c.is_alphanumeric()))).filter(|t| !t.is_empty()).collect();
    let is_code = |token: &str| token.chars().any(|c| c.is_ascii_digit());
    let ise = tokens.iter().position(|t| t == "ise")?;
    let b = ise.checked_sub(2).filter(|&b| is_code(&tokens[b]))?;
    let a = tokens[..b].iter().position(|t| is_code(t))?;
    let (first, second) = (&tokens[(a + 2).min(b)..b], &tokens[ise + 1..]);
    (!first.is_empty() && second.starts_with(first)).then(|| format!("\"{}\" said of both codes", first.join(" ")))
}

/// Rule 10: a noun said twice around a parenthesis ("arayan taraf (kullanıcı aracısı istemcisi)
/// tarafına"), which happens when a label that ends in the noun fills `{party} tarafına`.
fn noun_around_parenthesis(sentence: &str) -> Option<String> {
    let chars: Vec<char> = sentence.chars().collect();
    let depths = paren_depths(&chars);
    for open in (0..chars.len()).filter(|&i| chars[i] == '(' && depths[i] == 1) {
        let Some(close) = (open..chars.len()).find(|&i| chars[i] == ')' && depths[i] == 1) else { continue };
        let (before, after): (String, String) = (chars[..open].iter().collect(), chars[close + 1..].iter().collect());
        let (Some((_, last)), Some((_, next))) = (words(&before).last(), words(&after).next()) else { continue };
        let (last, next) = (fold(last), fold(next));
        if last.chars().count() >= 4 && next.starts_with(&last) && after.starts_with(' ') {
            return Some(format!("\"{last} (…) {next}\""));
        }
    }
    None
}

/// Rule 0: a page whose title is empty (`<title> | replyvs</title>`); the home page's title is
/// the site's alone.
fn empty_title(title: &str, site_title: &str) -> Option<String> {
    let own = title.strip_suffix(site_title).and_then(|rest| rest.trim_end().strip_suffix('|')).unwrap_or(title);
    own.trim().is_empty().then(|| "empty title".into())
}

// ---------------------------------------------------------------------------------------------
// Text helpers.

/// Lower case with the Turkish dotted and dotless i, one char for one char.
fn fold_char(c: char) -> char {
    match c {
        'İ' => 'i',
        'I' => 'ı',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The words of `text` (runs of letters and digits) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out.into_iter()
}

/// A word that starts with a capital letter and is not an acronym (`Posta`, not `NAT`).
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.ends_with(word) && text[..text.len() - word.len()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

fn starts_with_word(text: &str, word: &str) -> bool {
    text.starts_with(word) && text[word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// `text` without its last word when that word is `word`.
fn strip_word_suffix<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    ends_with_word(text, word).then(|| text[..text.len() - word.len()].trim_end())
}

/// How deep in parentheses each char is; a parenthesis itself counts as inside.
fn paren_depths(text: &[char]) -> Vec<usize> {
    let mut depth = 0usize;
    text.iter()
        .map(|&c| match c {
            '(' => {
                depth += 1;
                depth
            }
            ')' => {
                let here = depth;
                depth = depth.saturating_sub(1);
                here
            }
            _ => depth,
        })
        .collect()
}

fn outside_parentheses(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().zip(paren_depths(&chars)).map(|(&c, depth)| if depth == 0 { c } else { ' ' }).collect()
}

/// `text` with every span of inline code (marked with backticks) replaced by a space.
fn without_code(text: &str) -> String {
    text.split('`').enumerate().map(|(i, piece)| if i % 2 == 0 { piece } else { " " }).collect()
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentences of `text`: it is cut after `.`, `!` or `?` followed by a space and a capital
/// letter, a digit or an opening quote, except inside quotes and parentheses (a name such as
/// "Kullanıcı adı uygun, parola gerekiyor. Sınama: …" stays in its sentence).
fn sentences(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let (mut start, mut depth) = (0, 0usize);
    for (i, &(at, c)) in chars.iter().enumerate() {
        match c {
            '(' | '“' | '«' => depth += 1,
            ')' | '”' | '»' => depth = depth.saturating_sub(1),
            '.' | '!' | '?' if depth == 0 => {
                let next = chars.get(i + 1).map(|p| p.1);
                let after = chars.get(i + 2).map(|p| p.1);
                if next == Some(' ') && after.is_some_and(|a| a.is_uppercase() || a.is_ascii_digit() || a == '“' || a == '«') {
                    out.push(text[start..=at].trim());
                    start = at + c.len_utf8();
                }
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// What the rules need to know about the data.

/// Read from the content and the locales, so that no list in this file has to follow the data.
struct Data {
    site_title: String,
    /// Turkish labels of classes, ranges, categories and parties.
    labels: Vec<String>,
    /// Turkish names of the protocols that are registries of codes (a plural noun phrase).
    registries: Vec<String>,
    /// Their folders (`smtp-enhanced`).
    registry_ids: Vec<String>,
    /// Command, method and opcode ids, and their Turkish texts.
    commands: Vec<String>,
    /// Ids and names from the data, longest first.
    data_names: Vec<String>,
    /// Words of the English locale's sentences that are not Turkish words too.
    english: BTreeSet<String>,
}

/// English words that are Turkish words too: "can" (life), "at" (horse), "on" (ten), "an"
/// (moment), "in" (lair), "is" (soot), "us" (mind), "it" (dog), "do" (the note), "no" (for
/// numara), "en" (most).
const NOT_ONLY_ENGLISH: &[&str] = &["can", "at", "on", "an", "in", "is", "us", "it", "do", "no", "en"];

/// The words the Turkish locale shares with the English one on purpose: names (replyvs, SMTP,
/// JavaScript, the `Status` and `Diagnostic-Code` fields of a bounce), "site", and the English
/// terms it gives in parentheses ("(hard bounce)"). A unit test keeps this list equal to what
/// the two locales share, so an English word copied into `tr.yaml` is not taken for Turkish.
const SHARED_WORDS: &[&str] = &["replyvs", "smtp", "javascript", "status", "diagnostic", "code", "site", "hard", "soft", "bounce"];

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn str_at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v str> {
    path.iter().try_fold(value, |v, key| v.get(*key))?.as_str()
}

/// The words of a locale's values, without their `{placeholders}`, in lower case.
fn locale_words(file: &Path) -> BTreeSet<String> {
    let mut values = Vec::new();
    yaml_strings(&yaml(file), &mut values);
    let mut found = BTreeSet::new();
    for value in values {
        let text: String = value.split('{').enumerate().map(|(i, piece)| if i == 0 { piece } else { piece.split_once('}').map_or("", |p| p.1) }).collect();
        found.extend(words(&text).filter(|(_, w)| w.chars().all(char::is_alphabetic)).map(|(_, w)| w.to_lowercase()));
    }
    found
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        let content = repo().join("content");
        let site = yaml(&content.join("site.yaml"));
        let site_title = str_at(&site, &["translations", "tr", "title"]).or(str_at(&site, &["title"])).unwrap().to_string();
        let (mut labels, mut registries, mut commands, mut data_names) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut registry_ids = Vec::new();
        let mut protocols: Vec<PathBuf> = std::fs::read_dir(&content).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("_protocol.yaml").is_file()).collect();
        protocols.sort();
        for dir in protocols {
            let protocol = yaml(&dir.join("_protocol.yaml"));
            let turkish = protocol.get("translations").and_then(|t| t.get("tr")).cloned().unwrap_or(Value::Null);
            for key in ["classes", "ranges", "categories", "parties"] {
                turkish.get(key).into_iter().for_each(|v| yaml_strings(v, &mut labels));
            }
            for key in ["name", "prefix"] {
                data_names.extend([str_at(&protocol, &[key]), str_at(&turkish, &[key])].into_iter().flatten().map(String::from));
            }
            let name = str_at(&turkish, &["name"]).or(str_at(&protocol, &["name"])).unwrap();
            if name.split(' ').count() > 1 && words(name).last().is_some_and(|(_, w)| ["lar", "ler", "ları", "leri"].iter().any(|s| w.ends_with(s))) {
                registries.push(name.to_string());
                registry_ids.push(dir.file_name().unwrap().to_string_lossy().into_owned());
            }
            for command in protocol.get("commands").and_then(|c| c.get("list")).and_then(Value::as_sequence).into_iter().flatten() {
                commands.extend(str_at(command, &["id"]).map(String::from));
                commands.extend(str_at(command, &["translations", "tr", "text"]).map(String::from));
                data_names.extend(str_at(command, &["text"]).map(String::from));
            }
            protocol.get("search").and_then(|s| s.get("examples")).into_iter().for_each(|v| yaml_strings(v, &mut data_names));
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let is_code = path.extension().is_some_and(|e| e == "yaml") && !path.file_name().unwrap().to_string_lossy().starts_with('_');
                if !is_code {
                    continue;
                }
                let code = yaml(&path);
                for names in [code.get("code"), code.get("name"), code.get("aliases"), code.get("commands"), code.get("translations").and_then(|t| t.get("tr")).and_then(|t| t.get("name"))] {
                    names.into_iter().for_each(|v| yaml_strings(v, &mut data_names));
                }
                code.get("commands").into_iter().for_each(|v| yaml_strings(v, &mut commands));
            }
        }
        data_names.extend(commands.iter().cloned());
        for list in [&mut labels, &mut registries, &mut commands, &mut data_names] {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            list.dedup();
            list.retain(|s| !s.is_empty());
        }
        let english =
            locale_words(&default_theme().join("i18n/en.yaml")).into_iter().filter(|w| w.chars().count() >= 2 && w.is_ascii() && !SHARED_WORDS.contains(&w.as_str()) && !NOT_ONLY_ENGLISH.contains(&w.as_str())).collect();
        Data { site_title, labels, registries, registry_ids, commands, data_names, english }
    })
}

// ---------------------------------------------------------------------------------------------
// Reading the pages.

/// Where on a page a sentence was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// `<title>`, `h1`, `og:title`, `twitter:title`.
    Title,
    /// The meta descriptions (and their `og:` and `twitter:` copies) of pages without a summary.
    Description,
    /// A pair page's lead (and the lead of the home, protocol, 404 and decoder pages).
    Intro,
    /// A key difference.
    Difference,
    /// A row label of the comparison table.
    TableLabel,
    /// A cell of the comparison table that is not the content's retry text or references.
    TableCell,
    Breadcrumb,
    Placeholder,
    /// A pair page's links to its two code pages and to the protocol page.
    CodeLink,
    /// The text of an alias page.
    AliasText,
    /// The theme's headings and terms (`h2`, `h3`, `dt`).
    Heading,
    /// The theme's paragraphs.
    Paragraph,
}

#[derive(Debug)]
struct Sentence {
    page: String,
    place: Place,
    text: String,
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

/// The text of `element`, with inline code marked by backticks and whitespace runs squeezed.
fn text_of(element: ElementRef<'_>) -> String {
    fn walk(element: ElementRef<'_>, out: &mut String) {
        for child in element.children() {
            if let Some(text) = child.value().as_text() {
                out.push_str(text);
            } else if let Some(inner) = ElementRef::wrap(child) {
                if inner.value().name() == "code" {
                    out.push('`');
                    out.push_str(&inner.text().collect::<String>());
                    out.push('`');
                } else {
                    walk(inner, out);
                }
            }
        }
    }
    let mut out = String::new();
    walk(element, &mut out);
    squeeze(&out)
}

struct Selectors {
    title: Selector,
    meta_title: Selector,
    meta_description: Selector,
    h1: Selector,
    lead: Selector,
    difference: Selector,
    row: Selector,
    row_label: Selector,
    row_cell: Selector,
    crumb: Selector,
    search: Selector,
    code_link: Selector,
    alias_text: Selector,
    heading: Selector,
    paragraph: Selector,
    body: Selector,
    refresh: Selector,
}

impl Selectors {
    fn new() -> Selectors {
        Selectors {
            title: select("title"),
            meta_title: select("meta[property='og:title'], meta[name='twitter:title']"),
            meta_description: select("meta[name=description], meta[property='og:description'], meta[name='twitter:description']"),
            h1: select("h1"),
            lead: select("p.lead"),
            difference: select("ol.differences li"),
            row: select("table.compare tr"),
            row_label: select("th"),
            row_cell: select("td"),
            crumb: select("nav.breadcrumbs li"),
            search: select("input[type=search]"),
            code_link: select("ul.learn-more a[href^='/']"),
            alias_text: select("main p"),
            heading: select("h2, h3, dt"),
            paragraph: select("body p:not(.lead)"),
            body: select("body"),
            refresh: select("meta[http-equiv=refresh]"),
        }
    }
}

/// Every generated sentence of one page. `content_rows` are the labels of the comparison
/// table's rows whose cells hold content (the retry text, the references): their cells are not
/// read, unless they show the locale's "not given".
fn page_sentences(page: &str, html: &str, s: &Selectors, content_rows: &[String], not_given: &str) -> Vec<Sentence> {
    let document = Html::parse_document(html);
    let mut out = Vec::new();
    let mut push = |place: Place, text: String| out.push(Sentence { page: page.to_string(), place, text });
    let kind = document.select(&s.body).next().and_then(|b| b.value().attr("class")).unwrap_or("").to_string();
    let alias = document.select(&s.refresh).next().is_some();
    for element in document.select(&s.title).chain(document.select(&s.h1)) {
        push(Place::Title, text_of(element));
    }
    for element in document.select(&s.meta_title) {
        push(Place::Title, squeeze(element.value().attr("content").unwrap_or("")));
    }
    // A code page's description and lead are its summary, a guide's and a site page's their front
    // matter: what the content author wrote.
    if !["code", "guide", "page"].contains(&kind.as_str()) {
        for element in document.select(&s.meta_description) {
            push(Place::Description, squeeze(element.value().attr("content").unwrap_or("")));
        }
        for element in document.select(&s.lead) {
            push(Place::Intro, text_of(element));
        }
    }
    for element in document.select(&s.difference) {
        push(Place::Difference, text_of(element));
    }
    for row in document.select(&s.row) {
        let label = row.select(&s.row_label).next().map(text_of).unwrap_or_default();
        let content = content_rows.contains(&label);
        if !label.is_empty() {
            push(Place::TableLabel, label);
        }
        for cell in row.select(&s.row_cell) {
            let text = text_of(cell);
            if !text.is_empty() && (!content || text == not_given) {
                push(Place::TableCell, text);
            }
        }
    }
    for element in document.select(&s.crumb) {
        push(Place::Breadcrumb, text_of(element));
    }
    for element in document.select(&s.search) {
        push(Place::Placeholder, squeeze(element.value().attr("placeholder").unwrap_or("")));
    }
    for element in document.select(&s.code_link) {
        push(Place::CodeLink, text_of(element));
    }
    if alias {
        for element in document.select(&s.alias_text) {
            push(Place::AliasText, text_of(element));
        }
    } else {
        // Headings, terms and paragraphs of the theme, not those of Markdown content, of a
        // provider's note or of a list of codes with their summaries.
        let authored = |element: &ElementRef<'_>| element.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().classes().any(|c| c == "prose" || c == "code-list" || c == "provider-note"));
        for element in document.select(&s.heading).filter(|e| !authored(e)) {
            push(Place::Heading, text_of(element));
        }
        for element in document.select(&s.paragraph).filter(|e| !authored(e)) {
            let text = text_of(element);
            // The list of a protocol's references is the titles of the documents it cites.
            if !content_rows.iter().any(|label| text.starts_with(&format!("{label}:"))) {
                push(Place::Paragraph, text);
            }
        }
    }
    out
}

#[derive(Debug)]
struct Finding {
    rule: &'static str,
    sentence: String,
    detail: String,
}

/// Every rule that applies to a text read at `place`, run on each of its sentences.
fn check(place: Place, text: &str, data: &Data) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut report = |rule: &'static str, sentence: &str, detail: Option<String>| {
        if let Some(detail) = detail {
            found.push(Finding { rule, sentence: sentence.to_string(), detail });
        }
    };
    if matches!(place, Place::Title | Place::Breadcrumb) {
        report("empty title", text, empty_title(text, &data.site_title));
        report("double ile", text, double_ile(text));
    }
    for sentence in sentences(text) {
        report("plural noun, single item", sentence, plural_noun_with_single_item(sentence, &data.commands));
        report("sonra … daha sonra", sentence, sonra_daha_sonra(sentence));
        report("two colons", sentence, two_colons(sentence));
        report("capitalised label", sentence, capitalised_label(sentence, &data.labels));
        report("registry called a protocol", sentence, registry_called_protocol(sentence, &data.registries));
        report("registry name before one code", sentence, registry_before_one_code(sentence, &data.registries));
        report("English word", sentence, english_word(sentence, &data.english, &data.data_names));
        report("same said of both", sentence, same_said_of_both(sentence));
        report("noun around a parenthesis", sentence, noun_around_parenthesis(sentence));
        if place == Place::Difference {
            report("points below", sentence, points_below(sentence));
        }
    }
    found
}

const PLACES: [Place; 12] =
    [Place::Title, Place::Description, Place::Intro, Place::Difference, Place::TableLabel, Place::TableCell, Place::Breadcrumb, Place::Placeholder, Place::CodeLink, Place::AliasText, Place::Heading, Place::Paragraph];

#[test]
fn every_generated_turkish_sentence_is_free_of_the_template_defects_of_issue_11() {
    let out = bundled_output();
    let data = data();
    let locale = yaml(&default_theme().join("i18n/tr.yaml"));
    let content_rows: Vec<String> = ["retry", "references"].iter().map(|key| str_at(&locale, &[key]).unwrap().to_string()).collect();
    let not_given = str_at(&locale, &["not_given"]).unwrap().to_string();
    let pages: Vec<PathBuf> =
        walkdir::WalkDir::new(out.join("tr")).sort_by_file_name().into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html")).map(|e| e.into_path()).collect();
    let selectors = Selectors::new();
    let read: Vec<Sentence> = pages
        .par_iter()
        .flat_map_iter(|path| {
            let page = path.strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
            let html = std::fs::read_to_string(path).unwrap();
            page_sentences(&page, &html, &selectors, &content_rows, &not_given)
        })
        .collect();
    // The same sentence is on many pages: each is checked once, and reported with its pages.
    let mut pages_of: BTreeMap<(Place, &str), Vec<&str>> = BTreeMap::new();
    for sentence in &read {
        pages_of.entry((sentence.place, sentence.text.as_str())).or_default().push(sentence.page.as_str());
    }
    let distinct: Vec<(&(Place, &str), &Vec<&str>)> = pages_of.iter().collect();
    let mut findings: Vec<(Finding, Vec<&str>)> = distinct.par_iter().flat_map_iter(|((place, text), pages)| check(*place, text, data).into_iter().map(|f| (f, pages.to_vec()))).collect();
    let on_registry = |page: &&str| data.registry_ids.iter().any(|id| page.starts_with(&format!("tr/{id}/")));
    for ((_, text), pages) in &distinct {
        let registry_pages: Vec<&str> = pages.iter().copied().filter(on_registry).collect();
        if let Some(detail) = this_protocol(text).filter(|_| !registry_pages.is_empty()) {
            findings.push((Finding { rule: "registry called a protocol", sentence: text.to_string(), detail }, registry_pages));
        }
    }
    eprintln!("read {} Turkish pages and {} sentences ({} distinct)", pages.len(), read.len(), pages_of.len());
    for place in PLACES {
        let count = read.iter().filter(|s| s.place == place).count();
        eprintln!("  {place:?}: {count}");
        assert!(count > 0, "no sentence was read at {place:?}: the page structure changed and this test reads nothing there");
    }
    assert!(pages.len() > 10_000 && read.len() > 200_000, "only {} pages and {} sentences read", pages.len(), read.len());
    if !findings.is_empty() {
        let mut by_rule: BTreeMap<&str, (BTreeSet<&str>, Vec<String>)> = BTreeMap::new();
        for (finding, pages) in &findings {
            let (affected, examples) = by_rule.entry(finding.rule).or_default();
            affected.extend(pages.iter().copied());
            examples.push(format!("{} (and {} more): [{}] {}\n    {}", pages[0], pages.len() - 1, finding.rule, finding.detail, finding.sentence));
        }
        let counts: Vec<String> = by_rule.iter().map(|(rule, (affected, _))| format!("{rule}: {} pages", affected.len())).collect();
        // At most 20 examples, taken in turn from each rule.
        let mut examples = Vec::new();
        for i in 0.. {
            let row: Vec<&String> = by_rule.values().filter_map(|(_, e)| e.get(i)).collect();
            if row.is_empty() || examples.len() >= 20 {
                break;
            }
            examples.extend(row.into_iter().take(20 - examples.len()).cloned());
        }
        panic!("{} defective sentences in generated Turkish text ({}), e.g.:\n{}", findings.len(), counts.join(", "), examples.join("\n"));
    }
}

// ---------------------------------------------------------------------------------------------
// Each rule fires on the bad sentence of the issue and stays quiet on the good form.

fn items(list: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    items.sort_by_key(|item| std::cmp::Reverse(item.len()));
    items
}

#[test]
fn a_double_ile_outside_the_parenthesised_names_is_found() {
    let bad = "SMTP 354 Posta girişine başlayın; <CRLF>.<CRLF> ile bitirin ile 550 İstenen işlem yapılmadı: posta kutusu kullanılamıyor karşılaştırması";
    assert!(double_ile(bad).is_some());
    let good = "SMTP 354 (Posta girişine başlayın; <CRLF>.<CRLF> ile bitirin) ile 550 (İstenen işlem yapılmadı: posta kutusu kullanılamıyor) karşılaştırması | replyvs";
    assert_eq!(double_ile(good), None);
    assert_eq!(double_ile("FTP 227 (Pasif kipe geçiliyor (h1,h2,h3,h4,p1,p2)) ile 229 (Genişletilmiş pasif kipe geçildi) karşılaştırması"), None);
    assert_eq!(double_ile("354 ile 550"), None);
}

#[test]
fn a_plural_noun_before_a_single_item_and_a_singular_before_several_are_found() {
    let commands = items(&["DATA", "MAIL", "RCPT", "GET", "HEAD", "QUERY", "USER", "bağlantı karşılaması"]);
    for bad in [
        "İkisi de şu komutlara yanıt olabilir: DATA.",
        "İkisi de DATA aşamalarında görülebilir.",
        "İkisi de GET isteklerine verilen yanıt olabilir.",
        "Farklı isteklere verilirler: 200 kodu GET isteğine, 404 kodu ise HEAD isteklerine.",
        "İkisi de QUERY işlemlerine verilen yanıt olabilir.",
        "İkisi de MAIL ve RCPT aşamasında görülebilir.",
        "İkisi de şu komuta yanıt olabilir: MAIL, RCPT ve DATA.",
    ] {
        assert!(plural_noun_with_single_item(bad, &commands).is_some(), "{bad}");
    }
    for good in [
        "İkisi de şu komutlara yanıt olabilir: MAIL ve RCPT.",
        "İkisi de DATA aşamasında görülebilir.",
        "İkisi de MAIL, RCPT ve DATA aşamalarında görülebilir.",
        "Farklı aşamalarda görülürler: 354 kodu DATA aşamasında, 550 kodu ise MAIL ve RCPT aşamalarında.",
        "Farklı aşamalarda görülürler: 421 kodu bağlantı karşılaması ve USER aşamalarında, 530 kodu ise USER aşamasında.",
        "İkisi de GET isteğine verilen yanıt olabilir.",
        "İkisi de MAIL ya da RCPT aşamasında görülebilir.",
        "İki koddan en az biri için komut listelenmediğinden «Gördüğünüzde» bölümlerindeki durumları karşılaştırın.",
    ] {
        assert_eq!(plural_noun_with_single_item(good, &commands), None, "{good}");
    }
}

#[test]
fn sonra_then_daha_sonra_and_yanittan_sonra_da_are_found() {
    assert!(sonra_daha_sonra("İstemci 450 yanıtından sonra hiçbir şeyi değiştirmeden daha sonra yeniden deneyebilir.").is_some());
    assert!(sonra_daha_sonra("İki yanıttan sonra da istemci hiçbir şeyi değiştirmeden daha sonra yeniden deneyebilir.").is_some());
    assert!(sonra_daha_sonra("İki yanıttan sonra da istemci yeniden denemeden önce bir şeyi değiştirmelidir.").is_some());
    assert_eq!(sonra_daha_sonra("Her iki yanıtta da istemci hiçbir şeyi değiştirmeden bir süre sonra yeniden deneyebilir."), None);
    assert_eq!(sonra_daha_sonra("İstemci 450 yanıtını aldığında hiçbir şeyi değiştirmeden bir süre sonra yeniden deneyebilir; 550 yanıtını aldığında ise önce bir şeyi değiştirmelidir."), None);
}

#[test]
fn two_colons_in_one_clause_are_found() {
    assert!(two_colons("Farklı komutlara yanıt verirler: 354 kodu şu komuta yanıt verir: DATA; 550 kodu ise RCPT komutuna.").is_some());
    assert_eq!(two_colons("Farklı aşamalarda görülürler: 354 kodu DATA aşamasında, 550 kodu ise RCPT aşamasında."), None);
    // One colon in each clause, and the colon inside a quoted name, are fine.
    assert_eq!(two_colons("354 kodunun anlamı: “Posta girişine başlayın”; 550 kodunun anlamı: “İstenen işlem yapılmadı: posta kutusu kullanılamıyor”."), None);
    assert_eq!(two_colons("SMTP 450 (İstenen posta işlemi yapılmadı: posta kutusu kullanılamıyor) ile 550 (İstenen işlem yapılmadı: posta kutusu kullanılamıyor) karşılaştırması"), None);
    assert_eq!(two_colons("Bu sayfa şu adreste yayımlanıyor: https://replyvs.example.org/tr/smtp/354-vs-550."), None);
}

#[test]
fn a_label_capitalised_in_mid_sentence_is_found() {
    let labels = items(&["Posta sistemi", "Geçici Olumsuz Tamamlanma", "Kalıcı Olumsuz Tamamlanma", "Aradaki ağ (güvenlik duvarları, NAT)", "İstemci Hatası"]);
    assert!(capitalised_label("İkisi de Posta sistemi kategorisine girer.", &labels).is_some());
    assert!(capitalised_label("421 kodunun sınıfı geçici Olumsuz Tamamlanma, 530 kodununki ise kalıcı Olumsuz Tamamlanma; yani farklı türden sonuçlar bildirirler.", &labels).is_some());
    assert!(capitalised_label("404 kodunun sınıfı istemci Hatası, 500 kodununki ise sunucu hatası.", &labels).is_some());
    assert_eq!(capitalised_label("İkisi de posta sistemi kategorisine girer.", &labels), None);
    assert_eq!(capitalised_label("421 kodunun sınıfı geçici olumsuz tamamlanma, 530 kodununki ise kalıcı olumsuz tamamlanma.", &labels), None);
    // A label at the start of a sentence, in parentheses or with an acronym keeps its capitals.
    assert_eq!(capitalised_label("421 kodu 4yz sınıfındadır (Geçici Olumsuz Tamamlanma).", &labels), None);
    assert_eq!(capitalised_label("Posta sistemi kategorisindedir.", &labels), None);
    assert_eq!(capitalised_label("İlk adım 425 yanıtında aradaki ağ (güvenlik duvarları, NAT) tarafına düşer.", &labels), None);
    assert_eq!(capitalised_label("SMTP genişletilmiş durum kodları · X.3.x Posta sistemi", &labels), None);
}

#[test]
fn aşağıda_in_a_key_difference_is_found() {
    assert!(points_below("İki koddan en az biri için komut listelenmediğinden aşağıda anlatılan durumları karşılaştırın.").is_some());
    assert_eq!(points_below("İki koddan en az biri için komut listelenmediğinden «Gördüğünüzde» bölümlerindeki durumları karşılaştırın."), None);
}

#[test]
fn a_registry_called_a_protocol_or_named_in_the_plural_before_one_code_is_found() {
    let registries = vec!["SMTP genişletilmiş durum kodları".to_string()];
    assert!(registry_called_protocol("SMTP genişletilmiş durum kodları protokolünün 80 kodu açıklanıyor.", &registries).is_some());
    assert_eq!(registry_called_protocol("SMTP genişletilmiş durum kodları: 80 kodun hepsi açıklanıyor, her ikili yan yana karşılaştırılıyor.", &registries), None);
    assert_eq!(registry_called_protocol("SMTP protokolünün 34 kodu", &registries), None);
    assert!(registry_before_one_code("SMTP genişletilmiş durum kodları X.1.1 Hatalı hedef posta kutusu adresi", &registries).is_some());
    assert_eq!(registry_before_one_code("SMTP X.1.1 Hatalı hedef posta kutusu adresi", &registries), None);
    assert_eq!(registry_before_one_code("SMTP genişletilmiş durum kodları", &registries), None);
}

#[test]
fn this_protocol_is_found() {
    assert!(this_protocol("Bu protokolün tüm kodları").is_some());
    assert_eq!(this_protocol("Tüm kodların listesi"), None);
}

#[test]
fn the_same_thing_said_of_both_codes_is_found() {
    let bad = "5 yanıtı değiştirmeden yinelemenin düzeltmeyeceği bir hata bildirir; 7 yanıtı ise değiştirmeden yinelemenin düzeltmeyeceği bir hata bildirir.";
    assert!(same_said_of_both(bad).is_some());
    assert!(same_said_of_both("İlk adım 421 yanıtında sunucunun yöneticisi tarafına, 530 yanıtında ise sunucunun yöneticisi tarafına düşer.").is_some());
    assert_eq!(same_said_of_both("5 yanıtı geçici bir hata bildirir; 7 yanıtı ise değiştirmeden yinelemenin düzeltmeyeceği bir hata bildirir."), None);
    assert!(same_said_of_both("X.1.1 kodu posta sistemi kategorisine, X.7.1 kodu ise posta sistemi kategorisine girer.").is_some());
    assert_eq!(same_said_of_both("X.1.1 kodu posta sistemi kategorisine, X.7.1 kodu ise bağlantılar kategorisine girer."), None);
    assert_eq!(same_said_of_both("İki yanıt da değiştirmeden yinelemenin düzeltmeyeceği bir hata bildirir."), None);
    assert_eq!(same_said_of_both("İlk adım 421 yanıtında sunucunun yöneticisi tarafına, 530 yanıtında ise istemci ya da kullanıcısı tarafına düşer."), None);
    assert_eq!(same_said_of_both("421 kodu 4yz sınıfındadır (Geçici olumsuz tamamlanma); 530 kodu ise 5yz sınıfındadır (Kalıcı olumsuz tamamlanma)."), None);
}

#[test]
fn a_noun_said_twice_around_a_parenthesis_is_found() {
    assert!(noun_around_parenthesis("Her iki yanıtta da ilk adım arayan taraf (kullanıcı aracısı istemcisi) tarafına düşer.").is_some());
    assert_eq!(noun_around_parenthesis("Her iki yanıtta da ilk adım arayan (kullanıcı aracısı istemcisi) tarafına düşer."), None);
    assert!(noun_around_parenthesis("İlk adım 100 yanıtında istemci (tarayıcı) tarafına, 180 yanıtında ise aranan taraf (kullanıcı aracısı sunucusu) tarafına düşer.").is_some());
    assert_eq!(noun_around_parenthesis("İlk adım 425 yanıtında aradaki ağ (güvenlik duvarları, NAT) tarafına düşer."), None);
}

#[test]
fn an_english_word_outside_code_and_data_names_is_found() {
    let english: BTreeSet<String> = ["vs", "both", "category", "not", "found", "commands"].iter().map(|s| s.to_string()).collect();
    let names = items(&["Not Found", "NOT_FOUND"]);
    assert!(english_word("354 vs 550", &english, &names).is_some());
    assert!(english_word("İkisi de posta sistemi category kategorisine girer.", &english, &names).is_some());
    assert_eq!(english_word("354 ile 550", &english, &names), None);
    assert_eq!(english_word("İkisi de posta sistemi kategorisine girer.", &english, &names), None);
    // A name from the data, an identifier in capitals and inline code are not prose.
    assert_eq!(english_word("HTTP 404 Not Found", &english, &names), None);
    assert_eq!(english_word("gRPC 5 NOT_FOUND", &english, &names), None);
    assert_eq!(english_word("`both` komutu", &english, &names), None);
    assert_eq!(english_word("Bu sayfa şu adreste yayımlanıyor: https://replyvs.example.org/tr/smtp/354-vs-550.", &english, &names), None);
}

#[test]
fn the_words_both_locales_share_are_the_known_ones() {
    let i18n = default_theme().join("i18n");
    let (english, turkish) = (locale_words(&i18n.join("en.yaml")), locale_words(&i18n.join("tr.yaml")));
    let shared: BTreeSet<&str> = english.intersection(&turkish).map(String::as_str).filter(|w| !NOT_ONLY_ENGLISH.contains(w)).collect();
    let known: BTreeSet<&str> = SHARED_WORDS.iter().copied().collect();
    assert_eq!(shared, known, "tr.yaml and en.yaml share other words than SHARED_WORDS: an English word left in Turkish, or a term to add");
}

#[test]
fn the_english_word_list_comes_from_the_english_locale_without_turkish_words() {
    let english = &data().english;
    for word in ["vs", "both", "after", "category", "commands", "differences"] {
        assert!(english.contains(word), "{word} is missing from {english:?}");
    }
    for word in ["site", "replyvs", "smtp", "can", "on", "a"] {
        assert!(!english.contains(word), "{word} is a Turkish or technical word too");
    }
}

#[test]
fn the_data_gives_labels_registries_and_commands() {
    let data = data();
    assert!(data.labels.iter().any(|l| l == "Posta sistemi"), "{:?}", data.labels);
    assert_eq!(data.registries, ["SMTP genişletilmiş durum kodları"]);
    for command in ["DATA", "GET", "INVITE", "QUERY", "bağlantı karşılaması"] {
        assert!(data.commands.iter().any(|c| c == command), "{command} is not a command");
    }
}

#[test]
fn an_empty_title_is_found() {
    assert!(empty_title(" | replyvs", "replyvs").is_some());
    assert!(empty_title("", "replyvs").is_some());
    assert_eq!(empty_title("Geri dönen ileti ve hata çözümleyici | replyvs", "replyvs"), None);
    assert_eq!(empty_title("replyvs", "replyvs"), None);
}

#[test]
fn sentences_are_cut_at_their_ends_but_not_inside_names() {
    assert_eq!(
        sentences("354 kodu 3xx sınıfındadır (Olumlu ara yanıt). 354 kodunun anlamı: “Kullanıcı adı uygun, parola gerekiyor. Sınama: ....”."),
        ["354 kodu 3xx sınıfındadır (Olumlu ara yanıt).", "354 kodunun anlamı: “Kullanıcı adı uygun, parola gerekiyor. Sınama: ....”."]
    );
    assert_eq!(sentences("X.1.1 ile X.7.1"), ["X.1.1 ile X.7.1"]);
}
