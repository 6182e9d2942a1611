//! Fuzzing the loading and validation of one code file. cargo-fuzz needs a nightly toolchain,
//! which this project's machines cannot fetch, so the fuzzer is proptest (structured mutations of
//! a valid file, and arbitrary text), plus a time-boxed random run for longer sessions:
//!
//! ```sh
//! PROPTEST_CASES=20000 cargo test --release --test fuzz
//! REPLYVS_FUZZ_SECONDS=300 cargo test --release --test fuzz -- --ignored --nocapture
//! ```
//!
//! The property: the parser and the validator never panic, and every diagnostic points inside the
//! file (a line that exists, or 0 for the whole file) and carries a hint. Failing inputs that
//! proptest finds are kept in `tests/fuzz.proptest-regressions` and replayed on every run.

use proptest::prelude::*;

const VALID: &str = r#"code: "550"
name: Requested action not taken, mailbox unavailable
summary: The mailbox cannot be used.
description: |
  A permanent refusal with **bold** and `code`.
when_seen: After `RCPT TO`.
how_to_fix: |
  - Check the address.
  - Check SPF.
commands: [RCPT, DATA]
retry: Do not repeat it unchanged.
references:
  - { doc: RFC 5321, section: "4.2.3" }
aliases: ["550x"]
provider_notes:
  - provider: Example
    text: Uses it for spam.
translations:
  tr:
    name: Posta kutusu kullanılamıyor
    description: Kalıcı bir ret.
"#;

/// Pieces that tend to break YAML or the rules: structure, quoting, anchors, odd whitespace.
const SPICE: &[&str] = &[":", " ", "\n", "\t", "\"", "'", "{", "}", "[", "]", "- ", "&a ", "*a", "!!binary ", "---\n", "...", "#", "|", ">", "%", "@", "`", "\u{feff}", "\u{0}", "é", "../", "CON", "{{ x }}", "<script>", "\r\n", "~", "null", "0x1F", "1e9", "  ", "?"];

fn check(text: &str) {
    if let Err(diagnostics) = replyvs::check_code_text(text) {
        assert!(!diagnostics.is_empty());
        let lines = text.lines().count().max(1);
        for diagnostic in diagnostics {
            assert!(diagnostic.line <= lines + 1, "line {} of a {lines}-line file: {diagnostic}", diagnostic.line);
            assert!(!diagnostic.message.is_empty());
            assert!(diagnostic.hint.is_some(), "no hint: {diagnostic}");
            let _ = diagnostic.to_string();
        }
    }
}

#[test]
fn the_valid_seed_is_valid() {
    replyvs::check_code_text(VALID).unwrap();
}

/// Found by `fuzz_for_a_while`: an explicit `? key` made a mapping the key of `translations`,
/// which the shape check skipped, so serde's error came out with no place and no hint.
#[test]
fn regression_a_mapping_as_a_language_key_is_reported_with_its_place() {
    let text = VALID.replace("    description: Kalıcı bir ret.\n", "  ?  description: Kalıcı bi ret.\n");
    let diagnostics = replyvs::check_code_text(&text).unwrap_err();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].line > 0 && diagnostics[0].hint.is_some(), "{}", diagnostics[0]);
    check(&text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))), ..ProptestConfig::default() })]

    #[test]
    fn mutated_code_files_never_panic(edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..3usize, prop::sample::select(SPICE)), 1..8)) {
        let mut text = VALID.to_string();
        for (at, action, spice) in edits {
            let mut position = at.index(text.len() + 1);
            while !text.is_char_boundary(position) { position -= 1; }
            match action {
                0 => text.insert_str(position, spice),
                1 => { let end = (position + spice.len()).min(text.len()); if text.is_char_boundary(end) { text.replace_range(position..end, ""); } }
                _ => { let end = (position + 1).min(text.len()); if text.is_char_boundary(end) { text.replace_range(position..end, spice); } }
            }
        }
        check(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(&text);
    }

    #[test]
    fn arbitrary_values_in_every_field_never_panic(value in "\\PC{0,80}", field in prop::sample::select(&["code", "name", "summary", "description", "when_seen", "how_to_fix", "retry"][..])) {
        let line = format!("{field}: ");
        let text: String = VALID.lines().map(|l| if l.starts_with(&line) { format!("{field}: {}", serde_json::to_string(&value).unwrap()) } else { l.to_string() }).collect::<Vec<_>>().join("\n");
        check(&text);
    }
}

/// A time-boxed run for longer fuzzing sessions (ignored by default).
#[test]
#[ignore]
fn fuzz_for_a_while() {
    let seconds: u64 = std::env::var("REPLYVS_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let started = std::time::Instant::now();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut runs, mut messages) = (0u64, std::collections::BTreeSet::new());
    while started.elapsed().as_secs() < seconds {
        let mut text = VALID.to_string();
        for _ in 0..(1 + next() % 6) {
            let spice = SPICE[(next() % SPICE.len() as u64) as usize];
            let mut position = (next() % (text.len() as u64 + 1)) as usize;
            while !text.is_char_boundary(position) {
                position -= 1;
            }
            if next() % 2 == 0 {
                text.insert_str(position, spice);
            } else {
                let end = (position + 1 + (next() % 8) as usize).min(text.len());
                if text.is_char_boundary(end) {
                    text.replace_range(position..end, "");
                }
            }
        }
        if std::panic::catch_unwind(|| check(&text)).is_err() {
            panic!("failing input, keep it as a regression test:\n{text:?}");
        }
        if let Err(diagnostics) = replyvs::check_code_text(&text) {
            for d in diagnostics {
                let kind: String = d.message.chars().take_while(|c| *c != '`' && *c != ':').collect();
                messages.insert(kind);
            }
        }
        runs += 1;
    }
    println!("{runs} inputs in {seconds} s, {} distinct kinds of diagnostic", messages.len());
    for message in messages {
        println!("  {message}");
    }
}
