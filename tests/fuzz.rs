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
const SPICE: &[&str] = &[
    ":",
    " ",
    "\n",
    "\t",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    "- ",
    "&a ",
    "*a",
    "!!binary ",
    "---\n",
    "...",
    "#",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\u{feff}",
    "\u{0}",
    "é",
    "../",
    "CON",
    "{{ x }}",
    "<script>",
    "\r\n",
    "~",
    "null",
    "0x1F",
    "1e9",
    "  ",
    "?",
];

fn check(text: &str) {
    if let Err(diagnostics) = replyvs::check_code_text(text) {
        assert!(!diagnostics.is_empty());
        let lines = text.lines().count().max(1);
        for diagnostic in diagnostics {
            assert!(diagnostic.line <= lines + 1, "line {} of a {lines}-line file: {diagnostic}", diagnostic.line);
            // Columns count characters: the caret stands on the line or just after its end.
            let width = text.lines().nth(diagnostic.line.saturating_sub(1)).map_or(0, |l| l.trim_end_matches('\r').chars().count());
            assert!(diagnostic.line == 0 || diagnostic.column <= width + 1, "column {} of a {width}-character line: {diagnostic}", diagnostic.column);
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

/// A YAML node as a person might write it, from which files of every structural shape are made.
#[derive(Debug, Clone)]
enum Node {
    Scalar(String),
    /// Block mapping (`flow` false) or `{ k: v }`.
    Map {
        entries: Vec<(String, Node)>,
        flow: bool,
    },
    /// Block sequence, with items after a bare `-` on their own line when `bare`, or `[a, b]`.
    Seq {
        items: Vec<Node>,
        flow: bool,
        bare: bool,
    },
    /// `&a value`, then `*a` where the same anchor is used again.
    Anchored(Box<Node>),
    Alias,
}

/// Keys of the data format, misspellings, non-ASCII keys and keys that YAML reads as other types.
const KEYS: &[&str] = &[
    "code",
    "name",
    "summary",
    "description",
    "when_seen",
    "how_to_fix",
    "commands",
    "retry",
    "references",
    "doc",
    "section",
    "secton",
    "url",
    "related",
    "aliases",
    "provider_notes",
    "provider",
    "text",
    "translations",
    "tr",
    "en",
    "özet",
    "açıklama",
    "İsim",
    "ключ",
    "名前",
    "1",
    "true",
    "~",
    "? x",
    "a b",
    "\"quoted key\"",
    "'single'",
    "outcome",
    "first_step",
];

/// Scalars: ordinary text, Turkish, quoting, and values YAML reads as numbers, booleans or nulls.
const SCALARS: &[&str] = &[
    "550",
    "\"550\"",
    "X.1.1",
    "Requested action",
    "Kısa özet: x",
    "çğıöşü ÇĞİÖŞÜ",
    "'it''s'",
    "\"a \\\" b\"",
    "~",
    "null",
    "yes",
    "0x1F",
    "1e9",
    ".inf",
    "!!binary aGk=",
    "!!str 5",
    "\"\\u00e9\"",
    "|\n  literal",
    ">\n  folded",
    "- not a list",
    "a: b",
    "{{ x }}",
    "<b>x</b>",
    "\t",
    "",
    "#comment",
];

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![prop::sample::select(SCALARS).prop_map(|s| Node::Scalar(s.to_string())), Just(Node::Alias)];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            (prop::collection::vec((prop::sample::select(KEYS), inner.clone()), 0..5), any::<bool>())
                .prop_map(|(entries, flow)| Node::Map { entries: entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect(), flow }),
            (prop::collection::vec(inner.clone(), 0..4), any::<bool>(), any::<bool>()).prop_map(|(items, flow, bare)| Node::Seq { items, flow, bare }),
            inner.prop_map(|n| Node::Anchored(Box::new(n))),
        ]
    })
}

/// Writes `node` as the value that follows a key (or a `-`) at `indent`.
fn write(node: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Node::Scalar(text) if text.contains('\n') => out.push_str(&text.replace('\n', &format!("\n{pad}  "))),
        Node::Scalar(text) => out.push_str(text),
        Node::Alias => out.push_str("*a"),
        Node::Anchored(inner) => {
            out.push_str("&a ");
            write(inner, indent, out);
        }
        Node::Map { entries, flow: true } | Node::Map { entries, flow: false } if entries.is_empty() => out.push_str("{}"),
        Node::Map { entries, flow: true } => {
            out.push_str("{ ");
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&format!("{key}: "));
                write(value, indent, out);
            }
            out.push_str(" }");
        }
        Node::Map { entries, flow: false } => {
            for (key, value) in entries {
                out.push_str(&format!("\n{pad}{key}: "));
                write(value, indent + 2, out);
            }
        }
        Node::Seq { items, flow: true, .. } | Node::Seq { items, .. } if items.is_empty() => out.push_str("[]"),
        Node::Seq { items, flow: true, .. } => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(item, indent, out);
            }
            out.push(']');
        }
        Node::Seq { items, bare, .. } => {
            for item in items {
                out.push_str(&format!("\n{pad}-"));
                if *bare {
                    out.push_str(&format!("\n{pad}  "));
                } else {
                    out.push(' ');
                }
                write(item, indent + 2, out);
            }
        }
    }
}

/// A whole file: the valid seed's top-level keys with generated values, plus the odd shapes a
/// file can take as a whole (tabs, a second document, a repeated key).
fn file() -> impl Strategy<Value = String> {
    (prop::collection::vec((prop::sample::select(KEYS), node()), 1..8), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(entries, keep_seed, tabs, second_document, repeat)| {
        let mut out = if keep_seed { VALID.to_string() } else { String::new() };
        for (key, value) in &entries {
            out.push_str(&format!("{key}: "));
            write(value, 2, &mut out);
            out.push('\n');
        }
        if repeat {
            out.push_str(&format!("{}: again\n", entries[0].0));
        }
        if tabs {
            out = out.replacen("\n  ", "\n\t", 1);
        }
        if second_document {
            out.push_str("---\ncode: \"551\"\n");
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))), ..ProptestConfig::default() })]

    #[test]
    fn files_of_every_structural_shape_get_placed_diagnostics_and_never_panic(text in file()) {
        check(&text);
    }
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
