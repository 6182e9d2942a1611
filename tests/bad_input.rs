//! The corpus of bad input (issue 5, point 1). Each case writes the minimal site of
//! `bad_support`, builds it once with the real binary so that `out/` holds a good site, breaks one
//! thing (or several), builds again and checks the exact outcome: exit status 1, every problem
//! with its `FILE:LINE:COL`, message, offending line, caret and hint, all of them in one run, and
//! not a byte changed in the project folder, the old output and the build state included.
//! Legitimate oddities (a byte-order mark, CRLF line ends) must build, and render safely.

mod bad_support;

use bad_support::*;

const C250: &str = "content/smtp/250.yaml";
const C450: &str = "content/smtp/450.yaml";
const C550: &str = "content/smtp/550.yaml";
const PROTO: &str = "content/smtp/_protocol.yaml";
const SITE_FILE: &str = "content/site.yaml";

fn at(file: &str, line: usize, column: usize) -> String {
    format!("{file}:{line}:{column}")
}

/// Breaks a fresh project with `break_it` and checks that the build refuses it with `expected`.
fn refused(break_it: impl FnOnce(&Project), expected: &[Expect]) -> Run {
    let project = Project::new();
    break_it(&project);
    assert_refused(&project, expected)
}

// ---------------------------------------------------------------------------------------------
// Malformed YAML

#[test]
fn an_unclosed_quote_is_reported_where_the_quote_opens() {
    refused(|p| p.edit("smtp/250.yaml", "code: \"250\"", "code: \"250"), &[expect(&at(C250, 1, 7), "YAML syntax error: found unexpected end of stream while scanning a quoted scalar").showing("code: \"250")]);
}

#[test]
fn an_unclosed_quote_mid_file_is_reported_where_the_next_quote_breaks_the_mapping() {
    // YAML quoted strings may span lines: the parser only stops at the next quote, four lines on.
    let run = refused(
        |p| p.edit("smtp/550.yaml", "name: Requested", "name: \"Requested"),
        &[expect(&at(C550, 6, 12), "YAML syntax error: did not find expected key while parsing a block mapping").showing("related: [\"450\"]")],
    );
    assert!(run.stderr.contains("hint: check quotes"), "{}", run.stderr);
}

#[test]
fn an_unclosed_flow_list_is_reported_where_the_bracket_opens() {
    refused(
        |p| p.edit("smtp/450.yaml", "related: [\"550\"]", "related: [\"550\""),
        &[expect(&at(C450, 6, 10), "YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence").showing("related: [\"550\"")],
    );
}

#[test]
fn tab_indentation_is_reported_with_a_hint_about_tabs() {
    let run = refused(
        |p| p.edit("smtp/250.yaml", "how_to_fix: Nothing to fix.", "how_to_fix:\n\tNothing to fix."),
        &[expect(&at(C250, 6, 1), "YAML syntax error: found character that cannot start any token while scanning for the next token").showing("\tNothing to fix.")],
    );
    assert!(run.stderr.contains("hint: YAML indentation must use spaces, not tabs"), "{}", run.stderr);
}

#[test]
fn a_key_indented_with_a_tab_is_reported_on_its_line() {
    let run = refused(
        |p| p.edit("smtp/250.yaml", "name: Requested", "\tname: Requested"),
        &[expect(&at(C250, 2, 1), "YAML syntax error: found character that cannot start any token while scanning for the next token").showing("\tname: Requested mail action okay, completed")],
    );
    assert!(run.stderr.contains("hint: YAML indentation must use spaces, not tabs"), "{}", run.stderr);
}

#[test]
fn a_colon_inside_a_plain_value_is_a_bad_mapping() {
    refused(
        |p| p.edit("smtp/550.yaml", "how_to_fix: Fix the address.", "how_to_fix: Fix it: check the address."),
        &[expect(&at(C550, 5, 19), "YAML syntax error: mapping values are not allowed in this context").showing("how_to_fix: Fix it: check the address.")],
    );
}

#[test]
fn a_list_item_among_keys_is_a_bad_mapping() {
    refused(|p| p.edit("smtp/550.yaml", "related:", "- stray item\nrelated:"), &[expect(&at(C550, 6, 1), "YAML syntax error: did not find expected key while parsing a block mapping").showing("- stray item")]);
}

#[test]
fn a_key_given_twice_is_reported_at_its_second_occurrence() {
    let run = refused(|p| p.edit("smtp/450.yaml", "how_to_fix:", "name: Again\nhow_to_fix:"), &[expect(&at(C450, 5, 1), "YAML syntax error: duplicate entry with key \"name\"").showing("name: Again")]);
    assert!(run.stderr.contains("hint: a key may appear only once in a mapping"), "{}", run.stderr);
}

#[test]
fn a_nested_key_given_twice_is_reported_at_its_second_occurrence() {
    refused(
        |p| p.edit("smtp/_protocol.yaml", "retryable_classes:", "  \"4\": Twice\nretryable_classes:"),
        &[expect(&at(PROTO, 8, 3), "YAML syntax error: classes: duplicate entry with key \"4\"").showing("  \"4\": Twice")],
    );
}

#[test]
fn a_file_that_is_a_list_is_not_a_mapping() {
    refused(|p| p.write("smtp/250.yaml", "- code: \"250\"\n- name: x\n"), &[expect(&at(C250, 1, 1), "expected a mapping of `key: value` lines at the top level").showing("- code: \"250\"")]);
}

#[test]
fn a_file_with_only_a_comment_is_not_a_mapping() {
    refused(|p| p.write("smtp/250.yaml", "# to be written\n"), &[expect(&at(C250, 1, 1), "expected a mapping of `key: value` lines at the top level").showing("# to be written")]);
}

#[test]
fn a_control_character_is_reported_where_it_stands() {
    refused(
        |p| p.edit("smtp/250.yaml", "The command worked.", "The command\u{7} worked."),
        &[expect(&at(C250, 3, 25), "YAML syntax error: control characters are not allowed").showing("description: The command\\u{7} worked.")],
    );
}

#[test]
fn a_terminal_escape_in_a_file_is_shown_escaped_not_sent_to_the_terminal() {
    let run = refused(|p| p.edit("smtp/250.yaml", "commands:", "\u{1b}[2Jcommands:"), &[expect(&at(C250, 6, 1), "YAML syntax error: control characters are not allowed").showing("\\u{1b}[2Jcommands: [MAIL, RCPT]")]);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Wrong types, unknown keys, missing and empty fields

#[test]
fn a_code_written_as_a_number_must_be_quoted() {
    let run = refused(|p| p.edit("smtp/250.yaml", "code: \"250\"", "code: 250"), &[expect(&at(C250, 1, 7), "`code` must be text, but YAML read it as a number").showing("code: 250")]);
    assert!(run.stderr.contains("hint: put the value in double quotes"), "{}", run.stderr);
}

#[test]
fn a_name_that_yaml_reads_as_a_boolean_must_be_quoted() {
    refused(
        |p| p.edit("smtp/250.yaml", "name: Requested mail action okay, completed", "name: yes\nsummary: true"),
        &[expect(&at(C250, 3, 10), "`summary` must be text, but YAML read it as a boolean").showing("summary: true")],
    );
}

#[test]
fn a_list_field_given_one_string_must_be_a_list() {
    refused(|p| p.edit("smtp/250.yaml", "commands: [MAIL, RCPT]", "commands: MAIL"), &[expect(&at(C250, 6, 11), "`commands` must be a list").showing("commands: MAIL")]);
}

#[test]
fn a_text_field_given_a_mapping_must_be_text() {
    refused(|p| p.edit("smtp/550.yaml", "description: A permanent refusal.", "description:\n  en: A permanent refusal."), &[expect(&at(C550, 3, 1), "`description` must be text").showing("description:")]);
}

#[test]
fn nested_values_of_the_wrong_type_are_located_inside_their_list_item() {
    refused(
        |p| p.write("smtp/550.yaml", format!("{CODE_550}references:\n  - doc: RFC 5321\n    section: 4.2\n  - {{ doc: RFC 5321, section: [3] }}\n")),
        &[
            expect(&at(C550, 9, 14), "`references[0].section` must be text, but YAML read it as a number").showing("    section: 4.2"),
            expect(&at(C550, 10, 31), "`references[1].section` must be text").showing("  - { doc: RFC 5321, section: [3] }"),
        ],
    );
}

#[test]
fn a_protocol_setting_of_the_wrong_type_is_reported() {
    refused(|p| p.write("smtp/_protocol.yaml", format!("{PROTOCOL}class_segment: first\n")), &[expect(&at(PROTO, 10, 16), "`class_segment` must be a small whole number").showing("class_segment: first")]);
}

#[test]
fn a_yes_is_not_a_boolean() {
    refused(|p| p.write("site.yaml", format!("{SITE}reverse_aliases: yes\n")), &[expect(&at(SITE_FILE, 5, 18), "`reverse_aliases` must be true or false").showing("reverse_aliases: yes")]);
}

#[test]
fn an_unknown_key_is_reported_with_the_closest_known_key_and_not_also_as_missing() {
    let run = refused(|p| p.edit("smtp/250.yaml", "description:", "descripton:"), &[expect(&at(C250, 3, 1), "unknown key `descripton`").showing("descripton: The command worked.")]);
    assert!(run.stderr.contains("hint: did you mean `description`?"), "{}", run.stderr);
}

#[test]
fn an_unknown_key_far_from_any_known_key_lists_the_allowed_keys() {
    let run = refused(|p| p.write("smtp/250.yaml", format!("{CODE_250}severity: high\n")), &[expect(&at(C250, 7, 1), "unknown key `severity`").showing("severity: high")]);
    assert!(run.stderr.contains("hint: the keys allowed here are: code, name, summary, description,"), "{}", run.stderr);
}

#[test]
fn an_unknown_key_inside_a_list_item_is_located_in_its_flow_mapping() {
    refused(
        |p| p.write("smtp/450.yaml", format!("{CODE_450}references:\n  - {{ doc: RFC 5321, secton: \"4.2.3\" }}\n")),
        &[expect(&at(C450, 8, 22), "unknown key `references[0].secton`").showing("  - { doc: RFC 5321, secton: \"4.2.3\" }")],
    );
}

#[test]
fn a_misspelled_required_key_in_site_settings_is_reported_once_as_unknown() {
    refused(|p| p.edit("site.yaml", "base_url:", "baseurl:"), &[expect(&at(SITE_FILE, 3, 1), "unknown key `baseurl`").showing("baseurl: https://bad.example.org/")]);
}

#[test]
fn a_missing_required_field_is_reported_at_the_top_of_the_file() {
    let run = refused(|p| p.edit("smtp/450.yaml", "how_to_fix: Wait and try again.\n", ""), &[expect(&at(C450, 1, 1), "missing required key `how_to_fix`").showing("code: \"450\"")]);
    assert!(run.stderr.contains("hint: add `how_to_fix:` with a value"), "{}", run.stderr);
}

#[test]
fn a_missing_required_nested_field_is_reported_at_its_list_item() {
    refused(|p| p.write("smtp/550.yaml", format!("{CODE_550}provider_notes:\n  - provider: Gmail\n")), &[expect(&at(C550, 8, 5), "missing required key `provider_notes[0].text`").showing("  - provider: Gmail")]);
}

#[test]
fn an_empty_string_is_an_empty_field() {
    refused(|p| p.edit("smtp/250.yaml", "when_seen: After any command that succeeded.", "when_seen: \"\""), &[expect(&at(C250, 4, 12), "`when_seen` is empty").showing("when_seen: \"\"")]);
}

#[test]
fn a_key_without_a_value_is_an_empty_field_on_its_own_line() {
    let run = refused(|p| p.edit("smtp/250.yaml", "when_seen: After any command that succeeded.", "when_seen:"), &[expect(&at(C250, 4, 1), "`when_seen` is empty").showing("when_seen:")]);
    assert!(run.stderr.contains("hint: write the value after `when_seen:`"), "{}", run.stderr);
}

#[test]
fn a_field_of_blanks_is_empty() {
    refused(|p| p.edit("smtp/250.yaml", "name: Requested mail action okay, completed", "name: \"   \""), &[expect(&at(C250, 2, 7), "`name` is empty").showing("name: \"   \"")]);
}

#[test]
fn an_empty_item_of_a_flow_list_is_located_at_that_item() {
    refused(|p| p.edit("smtp/250.yaml", "commands: [MAIL, RCPT]", "commands: [MAIL, \"\", RCPT]"), &[expect(&at(C250, 6, 18), "`commands[1]` is empty").showing("commands: [MAIL, \"\", RCPT]")]);
}

#[test]
fn an_empty_class_label_is_located_at_its_key() {
    refused(|p| p.edit("smtp/_protocol.yaml", "\"4\": Transient Negative Completion", "\"4\": \"\""), &[expect(&at(PROTO, 6, 8), "`classes.4` is empty").showing("  \"4\": \"\"")]);
}

#[test]
fn a_markdown_field_of_raw_html_only_is_empty() {
    let run = refused(
        |p| p.edit("smtp/250.yaml", "description: The command worked.", "description: \"<script>alert(1)</script>\""),
        &[expect(&at(C250, 3, 14), "`description` has no text once its raw HTML is removed").showing("description: \"<script>alert(1)</script>\"")],
    );
    assert!(run.stderr.contains("hint: Markdown fields cannot hold raw HTML"), "{}", run.stderr);
}

#[test]
fn a_translation_of_raw_html_only_is_empty_at_the_translation() {
    refused(
        |p| {
            p.edit("site.yaml", "languages: [en]", "languages: [en, tr]");
            p.write("smtp/250.yaml", format!("{CODE_250}translations:\n  tr:\n    how_to_fix: \"<img src=x onerror=alert(1)>\"\n"));
        },
        &[expect(&at(C250, 9, 17), "`how_to_fix` has no text once its raw HTML is removed").showing("    how_to_fix: \"<img src=x onerror=alert(1)>\"")],
    );
}

// ---------------------------------------------------------------------------------------------
// Rules across files

#[test]
fn a_code_defined_in_two_files_is_reported_in_the_second() {
    let run = refused(
        |p| p.write("smtp/251.yaml", CODE_250),
        &[expect(&at("content/smtp/251.yaml", 1, 7), "`251.yaml` holds code `250`").showing("code: \"250\""), expect(&at("content/smtp/251.yaml", 1, 7), "code `250` is defined twice in smtp").showing("code: \"250\"")],
    );
    assert!(run.stderr.contains("hint: it is already defined in content/smtp/250.yaml"), "{}", run.stderr);
}

#[test]
fn codes_that_differ_only_in_letter_case_are_the_same_file_on_windows_and_macos() {
    let code = |id: &str| CODE_250.replace("\"250\"", &format!("\"{id}\""));
    refused(
        |p| {
            p.write("smtp/2AB.yaml", code("2AB"));
            p.write("smtp/2ab.yaml", code("2ab"));
        },
        &[expect(&at("content/smtp/2ab.yaml", 1, 7), "code `2ab` is defined twice in smtp").showing("code: \"2ab\"")],
    );
}

#[test]
fn a_code_whose_first_character_is_not_a_class_is_refused() {
    let run = refused(|p| p.edit("smtp/250.yaml", "code: \"250\"", "code: \"350\""), &[expect(&at(C250, 1, 7), "code `350` is in class `3`, which the protocol does not define").showing("code: \"350\"")]);
    assert!(run.stderr.contains("hint: the classes are 2, 4, 5; fix the code or add the class to _protocol.yaml"), "{}", run.stderr);
}

#[test]
fn a_code_starting_with_a_letter_that_is_no_class_is_refused() {
    refused(|p| p.edit("smtp/250.yaml", "code: \"250\"", "code: \"X50\""), &[expect(&at(C250, 1, 7), "code `X50` is in class `X`, which the protocol does not define").showing("code: \"X50\"")]);
}

#[test]
fn a_related_code_that_does_not_exist_is_located_at_its_list_item() {
    let run =
        refused(|p| p.edit("smtp/450.yaml", "related: [\"550\"]", "related: [\"550\", \"551\"]"), &[expect(&at(C450, 6, 18), "related code `551` does not exist in this protocol").showing("related: [\"550\", \"551\"]")]);
    assert!(run.stderr.contains("use `paired_with` for other protocols"), "{}", run.stderr);
}

#[test]
fn a_related_code_in_block_style_is_located_at_its_line() {
    refused(|p| p.edit("smtp/450.yaml", "related: [\"550\"]", "related:\n  - \"550\"\n  - \"999\""), &[expect(&at(C450, 8, 5), "related code `999` does not exist in this protocol").showing("  - \"999\"")]);
}

#[test]
fn a_code_related_to_itself_is_refused() {
    refused(|p| p.edit("smtp/450.yaml", "related: [\"550\"]", "related: [\"450\"]"), &[expect(&at(C450, 6, 11), "code `450` lists itself as related").showing("related: [\"450\"]")]);
}

#[test]
fn a_paired_code_of_a_missing_protocol_is_refused() {
    refused(
        |p| p.write("smtp/550.yaml", format!("{CODE_550}paired_with: [smtp-enhanced/X.1.1]\n")),
        &[expect(&at(C550, 7, 15), "`smtp-enhanced/X.1.1` does not name an existing code").showing("paired_with: [smtp-enhanced/X.1.1]")],
    );
}

#[test]
fn a_pair_note_naming_a_missing_code_is_refused() {
    refused(
        |p| p.write("smtp/pairs/450-vs-551.yaml", "codes: [\"450\", \"551\"]\nnote: Only one of them exists.\n"),
        &[expect(&at("content/smtp/pairs/450-vs-551.yaml", 1, 16), "code `551` does not exist in this protocol").showing("codes: [\"450\", \"551\"]")],
    );
}

#[test]
fn an_alias_that_is_another_code_is_refused() {
    refused(|p| p.write("smtp/550.yaml", format!("{CODE_550}aliases: [\"5.1.1\", \"450\"]\n")), &[expect(&at(C550, 7, 20), "alias `450` is already taken by code `450`").showing("aliases: [\"5.1.1\", \"450\"]")]);
}

#[test]
fn a_translation_for_a_language_the_site_does_not_have_is_refused() {
    refused(
        |p| p.write("smtp/550.yaml", format!("{CODE_550}translations:\n  fr:\n    name: Boîte indisponible\n")),
        &[expect(&at(C550, 8, 3), "translation for `fr`, which is not one of the site's other languages").showing("  fr:")],
    );
}

#[test]
fn a_class_listed_as_retryable_must_exist() {
    refused(
        |p| p.edit("smtp/_protocol.yaml", "retryable_classes: [\"4\"]", "retryable_classes: [\"4\", \"6\"]"),
        &[expect(&at(PROTO, 8, 26), "`6` is not one of the classes of smtp").showing("retryable_classes: [\"4\", \"6\"]")],
    );
}

#[test]
fn a_session_step_must_be_one_of_the_listed_commands_and_come_once() {
    let commands = "commands:\n  noun: command\n  list: [{ id: MAIL }, { id: RCPT }, { id: DATA }]\nsession: [MAIL, RCTP, DATA, MAIL]\n";
    let run = refused(
        |p| p.write("smtp/_protocol.yaml", format!("{PROTOCOL}{commands}")),
        &[
            expect(&at(PROTO, 13, 17), "`RCTP` is not one of the protocol's commands").showing("session: [MAIL, RCTP, DATA, MAIL]"),
            expect(&at(PROTO, 13, 29), "`MAIL` is a step of the session twice").showing("session: [MAIL, RCTP, DATA, MAIL]"),
        ],
    );
    assert!(run.stderr.contains("hint: did you mean `RCPT`?"), "{}", run.stderr);
}

#[test]
fn a_step_answered_by_classes_names_known_classes_and_no_code_names_it() {
    let commands = "commands:\n  noun: command\n  list: [{ id: MAIL }, { id: RCPT }, { id: REFUSAL, classes: [\"4\", \"6\", \"4\"] }]\nsession: [RCPT, REFUSAL]\n";
    let run = refused(
        |p| {
            p.write("smtp/_protocol.yaml", format!("{PROTOCOL}{commands}"));
            p.write("smtp/550.yaml", format!("{CODE_550}commands: [RCPT, REFUSAL]\n"));
        },
        &[
            expect(&at(C550, 7, 18), "`REFUSAL` is a step that its classes answer, not something a code names").showing("commands: [RCPT, REFUSAL]"),
            expect(&at(PROTO, 12, 68), "`6` is not one of the protocol's classes").showing("  list: [{ id: MAIL }, { id: RCPT }, { id: REFUSAL, classes: [\"4\", \"6\", \"4\"] }]"),
            expect(&at(PROTO, 12, 73), "the class `4` is named twice").showing("  list: [{ id: MAIL }, { id: RCPT }, { id: REFUSAL, classes: [\"4\", \"6\", \"4\"] }]"),
        ],
    );
    assert!(run.stderr.contains("hint: the classes are 2, 4, 5"), "{}", run.stderr);
    assert!(run.stderr.contains("hint: remove it: every code of class 4 is drawn at that step"), "{}", run.stderr);
}

#[test]
fn a_session_needs_a_list_of_commands() {
    refused(|p| p.write("smtp/_protocol.yaml", format!("{PROTOCOL}session: [MAIL, RCPT]\n")), &[expect(&at(PROTO, 10, 10), "`session` names steps, but the protocol has no `commands:`").showing("session: [MAIL, RCPT]")]);
}

// ---------------------------------------------------------------------------------------------
// Files that are empty, not UTF-8, too large, or built to exhaust the parser

#[test]
fn an_empty_file_is_refused() {
    let run = refused(|p| p.write("smtp/250.yaml", ""), &[expect(C250, "the file is empty")]);
    assert!(run.stderr.contains("hint: write the fields described in README.md"), "{}", run.stderr);
}

#[test]
fn a_file_of_blank_lines_is_empty() {
    refused(|p| p.write("smtp/250.yaml", "\n   \n\t\n"), &[expect(C250, "the file is empty")]);
}

#[test]
fn an_empty_protocol_file_is_refused() {
    refused(|p| p.write("smtp/_protocol.yaml", ""), &[expect(PROTO, "the file is empty")]);
}

#[test]
fn a_missing_protocol_file_is_refused() {
    refused(|p| p.remove("smtp/_protocol.yaml"), &[expect(PROTO, "cannot read the file: No such file or directory (os error 2)")]);
}

#[test]
fn a_latin1_file_is_reported_at_its_first_bad_byte() {
    let run = refused(
        |p| p.write("smtp/250.yaml", CODE_250.replace("completed", "termin#").bytes().map(|b| if b == b'#' { 0xE9 } else { b }).collect::<Vec<u8>>()),
        &[expect(&at(C250, 2, 41), "the file is not valid UTF-8").showing("name: Requested mail action okay, termin\u{fffd}")],
    );
    assert!(run.stderr.contains("hint: save the file with UTF-8 encoding"), "{}", run.stderr);
}

#[test]
fn a_utf16_file_is_not_utf8() {
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(CODE_250.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    // Each ASCII character is followed by a NUL byte, which the report shows escaped.
    let shown = format!("\u{fffd}\u{fffd}{}", "code: \"250\"".chars().map(|c| format!("{c}\\u{{0}}")).collect::<String>());
    refused(|p| p.write("smtp/250.yaml", utf16), &[expect(&at(C250, 1, 1), "the file is not valid UTF-8").showing(&shown)]);
}

#[test]
fn a_file_of_ten_megabytes_is_refused_before_it_is_parsed() {
    let field = format!("{CODE_250}summary: {}\n", "a".repeat(10 * 1024 * 1024));
    let size = field.len();
    let run = refused(|p| p.write("smtp/250.yaml", field), &[expect(C250, &format!("the file is {size} bytes; the limit is 1048576"))]);
    assert!(run.stderr.contains("hint: a reply code's text fits in a few kilobytes"), "{}", run.stderr);
}

#[test]
fn a_file_one_byte_over_the_limit_is_refused() {
    let mut text = format!("{CODE_250}summary: ");
    text.push_str(&"b".repeat(1024 * 1024 + 1 - text.len()));
    assert_eq!(text.len(), 1024 * 1024 + 1);
    refused(|p| p.write("smtp/250.yaml", text), &[expect(C250, "the file is 1048577 bytes; the limit is 1048576")]);
}

/// Nine levels of nine aliases each: a billion "lol"s if expanded.
fn billion_laughs() -> String {
    let mut text = String::from("lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        text.push_str(&format!("lol{level}: &a{level} [{}]\n", vec![previous; 9].join(", ")));
    }
    text
}

#[test]
fn an_alias_bomb_is_refused_at_its_first_alias() {
    let run = refused(
        |p| p.write("smtp/250.yaml", format!("{CODE_250}{}", billion_laughs())),
        &[expect(&at(C250, 8, 12), "YAML syntax error: repetition limit exceeded").showing("lol1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]")],
    );
    assert!(run.stderr.contains("hint: the document nests or repeats too deeply"), "{}", run.stderr);
}

#[test]
fn an_alias_bomb_inside_a_field_is_refused_too() {
    let bomb = billion_laughs().replace("lol9: ", "commands: ");
    refused(
        |p| p.write("smtp/250.yaml", format!("{}{bomb}", CODE_250.replace("commands: [MAIL, RCPT]\n", ""))),
        &[expect(&at(C250, 7, 12), "YAML syntax error: repetition limit exceeded").showing("lol1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]")],
    );
}

#[test]
fn deep_flow_nesting_is_refused_where_the_limit_is_passed() {
    let depth = 5_000;
    let line = format!("summary: {}{}", "[".repeat(depth), "]".repeat(depth));
    let run = refused(|p| p.write("smtp/250.yaml", format!("{CODE_250}{line}\n")), &[expect(&at(C250, 7, 137), "YAML syntax error: recursion limit exceeded").showing(&line)]);
    assert!(run.stderr.contains("hint: the document nests or repeats too deeply"), "{}", run.stderr);
}

#[test]
fn deep_block_nesting_is_refused_where_the_limit_is_passed() {
    let mut text = format!("{CODE_250}summary:\n");
    for depth in 1..200 {
        text.push_str(&format!("{}k:\n", "  ".repeat(depth)));
    }
    let line = format!("{}k:", "  ".repeat(128));
    refused(|p| p.write("smtp/250.yaml", text), &[expect(&at(C250, 135, 257), "YAML syntax error: recursion limit exceeded").showing(&line)]);
}

// ---------------------------------------------------------------------------------------------
// Code ids and folder names that could escape the output folder or mislead a reader

#[test]
fn code_ids_that_try_to_escape_or_look_alike_are_refused() {
    let cases: &[(&str, &str, &str)] = &[
        ("\"../x\"", "../x", "it contains '/'"),
        ("\"/etc/passwd\"", "/etc/passwd", "it contains '/'"),
        ("\"a/b\"", "a/b", "it contains '/'"),
        ("'2\\50'", "2\\50", "it contains '\\\\'"),
        ("\".\"", ".", "dots may only stand between other characters"),
        ("\"..\"", "..", "dots may only stand between other characters"),
        ("\"2..5\"", "2..5", "dots may only stand between other characters"),
        ("\"250.\"", "250.", "dots may only stand between other characters"),
        ("CON", "CON", "it is a reserved device name on Windows"),
        ("\"nul.2\"", "nul.2", "it is a reserved device name on Windows"),
        ("COM1", "COM1", "it is a reserved device name on Windows"),
        ("lpt9", "lpt9", "it is a reserved device name on Windows"),
        ("\"２５０\"", "２５０", "it contains '２'"),
        ("\"25\u{41e}\"", "25\u{41e}", "it contains '\u{41e}'"),
        ("\"2\u{39f}0\"", "2\u{39f}0", "it contains '\u{39f}'"),
        ("\"250\\u200B\"", "250\u{200b}", "it contains '\\u{200b}'"),
        ("\"\\u202E052\"", "\\u{202e}052", "it contains '\\u{202e}'"),
        ("\"25\\0\"", "25\\u{0}", "it contains '\\0'"),
        ("\"25\\e[2J\"", "25\\u{1b}[2J", "it contains '\\u{1b}'"),
        ("\"2 50\"", "2 50", "it contains ' '"),
        ("\"250%2F..\"", "250%2F..", "it contains '%'"),
        ("\"2500000000000000000000000000000000\"", "2500000000000000000000000000000000", "it must have 1 to 32 characters"),
    ];
    for (yaml, shown, why) in cases {
        let line = format!("code: {yaml}");
        refused(|p| p.edit("smtp/250.yaml", "code: \"250\"", &line), &[expect(&at(C250, 1, 7), &format!("`{shown}` cannot be a code: {why}")).showing(&line)]);
    }
}

#[test]
fn aliases_follow_the_rules_of_code_ids() {
    let line = "aliases: [\"5.1.1\", \"../../etc/x\", \"aux\", \"5\u{ff10}0\"]";
    refused(
        |p| p.write("smtp/550.yaml", format!("{CODE_550}{line}\n")),
        &[
            expect(&at(C550, 7, 20), "alias `../../etc/x` cannot be used: it contains '/'").showing(line),
            expect(&at(C550, 7, 35), "alias `aux` cannot be used: it is a reserved device name on Windows").showing(line),
            expect(&at(C550, 7, 42), "alias `5\u{ff10}0` cannot be used: it contains '\u{ff10}'").showing(line),
        ],
    );
}

#[test]
fn protocol_folders_that_cannot_be_url_segments_are_refused() {
    let cases: &[(&str, &str)] = &[
        ("Smtp", "`Smtp` cannot be a protocol folder name"),
        ("-smtp", "`-smtp` cannot be a protocol folder name"),
        ("smtp_x", "`smtp_x` cannot be a protocol folder name"),
        ("ｓｍｔｐ", "`ｓｍｔｐ` cannot be a protocol folder name"),
        ("con", "`con` cannot be a protocol folder name: it is a reserved device name on Windows"),
        ("com3", "`com3` cannot be a protocol folder name: it is a reserved device name on Windows"),
    ];
    for (folder, message) in cases {
        refused(
            |p| {
                for (file, text) in [("_protocol.yaml", PROTOCOL), ("250.yaml", CODE_250)] {
                    p.write(&format!("{folder}/{file}"), text);
                }
            },
            &[expect(&format!("content/{folder}"), message)],
        );
    }
}

#[test]
fn a_protocol_folder_named_like_a_language_is_refused() {
    refused(
        |p| {
            p.edit("site.yaml", "languages: [en]", "languages: [en, tr]");
            p.write("tr/_protocol.yaml", PROTOCOL);
            p.write("tr/250.yaml", CODE_250);
        },
        &[expect("content/tr", "`tr` cannot be a protocol folder name: the pages in language `tr` live under /tr/")],
    );
}

#[test]
fn files_outside_the_content_folder_are_never_read_through_links() {
    let project = Project::new();
    let secret = project.root().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-BYTES").unwrap();
    let content = project.root().join("content");
    std::fs::create_dir_all(content.join("static")).unwrap();
    std::os::unix::fs::symlink(&secret, content.join("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(&secret, content.join("smtp/251.yaml")).unwrap();
    std::os::unix::fs::symlink(project.root().join("content/smtp"), content.join("linked")).unwrap();
    assert_builds(&project);
    for (path, bytes) in snapshot(&project.out()) {
        let text = String::from_utf8_lossy(bytes.as_deref().unwrap_or_default()).into_owned();
        assert!(!text.contains("TOP-SECRET-BYTES"), "{path} holds the linked file");
        assert!(!path.starts_with("linked"), "{path}: a linked folder became a protocol");
    }
}

// ---------------------------------------------------------------------------------------------
// Site settings

#[test]
fn base_urls_that_are_not_site_addresses_are_refused() {
    let cases: &[(&str, &str)] = &[
        ("example.org", "it must start with https:// or http://"),
        ("ftp://example.org/", "it must start with https:// or http://"),
        ("javascript:alert(1)", "it must start with https:// or http://"),
        ("//example.org/", "it must start with https:// or http://"),
        ("https://", "it has no valid host name"),
        ("https:///path/", "it has no valid host name"),
        ("https://exa_mple.org/", "it has no valid host name"),
        ("https://example.org/a b/", "it contains the character ' '"),
        ("\"https://example.org/\\\"><script>alert(1)</script>\"", "it contains the character '\"'"),
        ("https://example.org/?utm=1", "it must not have a query or a fragment"),
        ("https://example.org/#top", "it must not have a query or a fragment"),
        ("https://example.org/../up/", "its path must not contain . or .. segments"),
    ];
    for (url, why) in cases {
        let line = format!("base_url: {url}");
        let run = refused(|p| p.edit("site.yaml", "base_url: https://bad.example.org/", &line), &[expect(&at(SITE_FILE, 3, 11), &format!("`base_url` is not a usable site address: {why}")).showing(&line)]);
        assert!(run.stderr.contains("hint: write an absolute URL such as https://example.org/"), "{}", run.stderr);
    }
}

#[test]
fn a_base_url_of_the_wrong_type_is_refused() {
    refused(
        |p| p.edit("site.yaml", "base_url: https://bad.example.org/", "base_url: [https://bad.example.org/]"),
        &[expect(&at(SITE_FILE, 3, 11), "`base_url` must be text").showing("base_url: [https://bad.example.org/]")],
    );
}

#[test]
fn a_bad_base_url_on_the_command_line_is_refused() {
    let project = Project::new();
    let before = snapshot(project.root());
    let theme = default_theme();
    let run = project.run(&["build", "--content", "content", "--theme", theme.to_str().unwrap(), "--output", "out", "--base-url", "javascript:alert(1)"]);
    assert_eq!(run.status, Some(2), "a bad option is a usage error\n{}", run.stderr);
    assert_eq!(run.stderr, "--base-url `javascript:alert(1)` is not a usable site address: it must start with https:// or http://; write an absolute URL such as https://example.org/\n");
    assert!(differences(&before, &snapshot(project.root())).is_empty());
}

#[test]
fn a_theme_folder_that_does_not_exist_is_a_usage_error() {
    let project = Project::new();
    let before = snapshot(project.root());
    let run = project.run(&["build", "--content", "content", "--theme", "no-such-theme", "--output", "out"]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert_eq!(run.stderr, "the theme folder no-such-theme does not exist; pass --theme with an existing folder, or leave it out for the built-in theme\n");
    assert!(differences(&before, &snapshot(project.root())).is_empty());
}

#[test]
fn bad_language_lists_are_refused() {
    refused(
        |p| p.edit("site.yaml", "languages: [en]", "languages: [en, \"../x\", en]"),
        &[expect(&at(SITE_FILE, 4, 12), "`../x` is not a language code").showing("languages: [en, \"../x\", en]"), expect(&at(SITE_FILE, 4, 12), "language `en` is listed twice").showing("languages: [en, \"../x\", en]")],
    );
    refused(|p| p.edit("site.yaml", "languages: [en]", "languages: []"), &[expect(&at(SITE_FILE, 4, 12), "no language is listed").showing("languages: []")]);
}

#[test]
fn an_unknown_url_style_is_refused() {
    refused(|p| p.write("site.yaml", format!("{SITE}url_style: pretty\n")), &[expect(&at(SITE_FILE, 5, 12), "unknown url_style `pretty`").showing("url_style: pretty")]);
}

#[test]
fn a_missing_site_file_is_refused() {
    refused(|p| p.remove("site.yaml"), &[expect(SITE_FILE, "cannot read the file: No such file or directory (os error 2)")]);
}

// ---------------------------------------------------------------------------------------------
// Themes

#[test]
fn a_template_syntax_error_is_reported_in_the_theme_file() {
    let run = refused(
        |p| {
            p.copy_theme();
            p.edit_template("code.html", "{{ code.name }}", "{{ code.name }");
        },
        &[expect(&at("theme/templates/code.html", 6, 118), "template error: Found `}` but expected }}.")
            .showing("<h1><span class=\"code-id\">{{ code.id }}</span> {% if code.name_lang %}<span lang=\"{{ code.name_lang }}\">{{ code.name }</span>{% else %}{{ code.name }}{% endif %}</h1>")],
    );
    assert!(run.stderr.contains("hint: fix the template"), "{}", run.stderr);
}

#[test]
fn an_unclosed_template_block_is_reported_where_tera_notices_it() {
    // Tera notices at the `endblock` that closes the `if` instead, wherever the template has it.
    let pair = std::fs::read_to_string(default_theme().join("templates/pair.html")).unwrap();
    let line_of_endblock = 1 + pair.lines().position(|line| line == "{% endblock content %}").unwrap();
    refused(
        |p| {
            p.copy_theme();
            p.edit_template("pair.html", "{% block content %}", "{% block content %}{% if page.title %}");
        },
        &[expect(&at("theme/templates/pair.html", line_of_endblock, 4), "template error: Unknown tag").showing("{% endblock content %}")],
    );
}

#[test]
fn a_template_using_a_missing_variable_is_reported_where_it_uses_it() {
    refused(
        |p| {
            p.copy_theme();
            p.edit_template("code.html", "{% block content %}", "{% block content %}{{ no_such_variable }}");
        },
        &[expect(&at("theme/templates/code.html", 2, 23), "template error: Variable `no_such_variable` is not defined. Available variables: code, comparisons, lang, page, protocol, session, site, t")
            .showing("{% block content %}{{ no_such_variable }}")],
    );
}

#[test]
fn a_template_using_a_missing_field_is_reported_where_it_uses_it() {
    refused(
        |p| {
            p.copy_theme();
            p.edit_template("pair.html", "{% block content %}", "{% block content %}{{ page.no_such_field }}");
        },
        &[expect(
            &at("theme/templates/pair.html", 2, 28),
            "template error: Field `no_such_field` is not defined. Available fields: alternates, breadcrumbs, canonical, description, json_ld, kind, languages, title, url, x_default",
        )
        .showing("{% block content %}{{ page.no_such_field }}")],
    );
}

/// Line `n` of the default theme's code card.
fn card_line(n: usize) -> String {
    let card = std::fs::read_to_string(default_theme().join("templates/partials/code-card.html")).unwrap();
    card.lines().nth(n - 1).unwrap().to_string()
}

/// A code's card is rendered once, apart from its pair pages: it sees the code, not the pair, and
/// its error is reported in its own file.
#[test]
fn a_code_card_using_a_pair_variable_is_reported_in_the_card_template() {
    refused(
        |p| {
            p.copy_theme();
            p.edit_template("partials/code-card.html", "<h2 ", "{{ pair.title }}<h2 ");
        },
        &[expect(&at("theme/templates/partials/code-card.html", 2, 4), "template error: Variable `pair` is not defined. Available variables: code, lang, protocol, site, t")
            .showing(&format!("{{{{ pair.title }}}}{}", card_line(2)))],
    );
}

#[test]
fn templates_using_a_missing_filter_test_or_include_are_reported_in_their_own_file() {
    let line = "{% block content %}{{ page.title | shout }}{% if page is weird %}{% endif %}{% include \"missing.html\" %}";
    refused(
        |p| {
            p.copy_theme();
            p.edit_template("pair.html", "{% block content %}", line);
        },
        &[
            expect(&at("theme/templates/pair.html", 2, 36), "template error: Unknown filter `shout`").showing(line),
            expect(&at("theme/templates/pair.html", 2, 58), "template error: Unknown test `weird`").showing(line),
            expect(&at("theme/templates/pair.html", 2, 88), "template error: Unknown template `missing.html`").showing(line),
        ],
    );
}

#[test]
fn a_template_extending_a_missing_template_is_reported_at_the_extends_tag() {
    refused(
        |p| {
            p.copy_theme();
            p.edit_template("404.html", "{% extends \"base.html\" %}", "{% extends \"layout.html\" %}");
        },
        &[expect(&at("theme/templates/404.html", 1, 12), "template error: Template '404.html' is inheriting from 'layout.html', which doesn't exist or isn't loaded.").showing("{% extends \"layout.html\" %}")],
    );
}

#[test]
fn a_locale_of_a_language_with_no_built_in_locale_must_have_every_key() {
    refused(
        |p| {
            p.edit("site.yaml", "languages: [en]", "languages: [en, de]");
            let theme = p.copy_theme();
            let text = std::fs::read_to_string(theme.join("i18n/en.yaml")).unwrap();
            let kept: String = text.lines().filter(|l| !l.starts_with("difference_meaning:")).map(|l| format!("{l}\n")).collect();
            std::fs::write(theme.join("i18n/de.yaml"), kept).unwrap();
        },
        &[expect("theme/i18n/de.yaml", "locale key `difference_meaning` is missing for language `de`")],
    );
}

#[test]
fn a_locale_that_overrides_one_key_keeps_the_others_of_the_built_in_locale() {
    let project = Project::new();
    std::fs::create_dir_all(project.root().join("i18n")).unwrap();
    std::fs::write(project.root().join("i18n/en.yaml"), "footer_text: Our own footer.\n").unwrap();
    let run = project.build();
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let page = std::fs::read_to_string(project.root().join("out/smtp/550.html")).unwrap();
    assert!(page.contains("<p>Our own footer.</p>") && page.contains("When You See It"), "{page}");
}

#[test]
fn a_misspelled_locale_key_is_reported_at_its_line_with_a_suggestion() {
    let run = refused(
        |p| {
            std::fs::create_dir_all(p.root().join("i18n")).unwrap();
            std::fs::write(p.root().join("i18n/en.yaml"), "# ours\nfooter_txt: Our own footer.\n").unwrap();
        },
        &[expect("i18n/en.yaml:2:1", "unknown locale key `footer_txt`").showing("footer_txt: Our own footer.")],
    );
    assert!(run.stderr.contains("hint: did you mean `footer_text`?"), "{}", run.stderr);
}

#[test]
fn a_sentence_with_a_placeholder_it_is_not_given_is_reported_at_its_line() {
    let run = refused(
        |p| {
            std::fs::create_dir_all(p.root().join("i18n")).unwrap();
            std::fs::write(p.root().join("i18n/en.yaml"), "difference_same_class: \"Both are in {klass}.\"\n").unwrap();
        },
        &[expect("i18n/en.yaml:1:24", "locale key `difference_same_class` uses {klass}").showing("difference_same_class: \"Both are in {klass}.\"")],
    );
    assert!(run.stderr.contains("hint: it is given {a}, {b}, {class_pattern}, {class}"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Many problems at once

#[test]
fn problems_in_different_files_are_all_reported_in_one_run() {
    refused(
        |p| {
            p.copy_theme();
            p.edit_template("code.html", "{{ code.name }}", "{{ code.name }");
            p.edit("site.yaml", "base_url: https://bad.example.org/", "base_url: bad.example.org");
            p.edit("smtp/_protocol.yaml", "permanent_classes: [\"5\"]", "permanent_classes: [\"7\"]");
            p.edit("smtp/250.yaml", "description:", "descripton:");
            p.edit("smtp/450.yaml", "related: [\"550\"]", "related: [\"550\", \"999\"]");
            p.edit("smtp/550.yaml", "how_to_fix: Fix the address.", "how_to_fix: Fix it: check the address.");
            p.write("smtp/551.yaml", "");
        },
        &[
            expect(&at(SITE_FILE, 3, 11), "`base_url` is not a usable site address: it must start with https:// or http://").showing("base_url: bad.example.org"),
            expect(&at(C250, 3, 1), "unknown key `descripton`").showing("descripton: The command worked."),
            expect(&at(C450, 6, 18), "related code `999` does not exist in this protocol").showing("related: [\"550\", \"999\"]"),
            expect(&at(C550, 5, 19), "YAML syntax error: mapping values are not allowed in this context").showing("how_to_fix: Fix it: check the address."),
            expect("content/smtp/551.yaml", "the file is empty"),
            expect(&at(PROTO, 9, 21), "`7` is not one of the classes of smtp").showing("permanent_classes: [\"7\"]"),
            expect(&at("theme/templates/code.html", 6, 118), "template error: Found `}` but expected }}.")
                .showing("<h1><span class=\"code-id\">{{ code.id }}</span> {% if code.name_lang %}<span lang=\"{{ code.name_lang }}\">{{ code.name }</span>{% else %}{{ code.name }}{% endif %}</h1>"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Legitimate input that looks odd: it must build, and render safely

#[test]
fn a_byte_order_mark_is_legitimate_and_changes_nothing() {
    let project = Project::new();
    let before = snapshot(&project.out());
    project.write("smtp/250.yaml", format!("\u{feff}{CODE_250}"));
    project.write("site.yaml", format!("\u{feff}{SITE}"));
    assert_builds(&project);
    assert!(differences(&before, &snapshot(&project.out())).is_empty(), "the mark is not content: the output is the same");
}

#[test]
fn windows_line_ends_are_legitimate_and_change_nothing() {
    let project = Project::new();
    let before = snapshot(&project.out());
    project.write("smtp/450.yaml", format!("\u{feff}{}", CODE_450.replace('\n', "\r\n")));
    assert_builds(&project);
    assert!(differences(&before, &snapshot(&project.out())).is_empty(), "CRLF is not content: the output is the same");
}

#[test]
fn a_problem_in_a_crlf_file_is_still_located() {
    refused(|p| p.write("smtp/450.yaml", CODE_450.replace("description:", "descriptoin:").replace('\n', "\r\n")), &[expect(&at(C450, 3, 1), "unknown key `descriptoin`").showing("descriptoin: A temporary refusal.")]);
}

// ---------------------------------------------------------------------------------------------
// Usage errors: status 2, and nothing written

#[test]
fn usage_errors_exit_with_status_2_and_write_nothing() {
    let project = Project::new();
    let before = snapshot(project.root());
    for args in [
        &["build", "--no-such-flag"][..],
        &["build", "--output"],
        &["build", "--shard", "3/2", "--output", "out"],
        &["build", "--shard", "one", "--output", "out"],
        &["build", "--jobs", "many", "--output", "out"],
        &["publish"],
    ] {
        let run = project.run(args);
        assert_eq!(run.status, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{args:?}: {}", run.stderr);
    }
    assert!(differences(&before, &snapshot(project.root())).is_empty());
}

#[test]
fn a_closed_standard_output_loses_the_report_not_the_build() {
    // `replyvs build | head -1` closes the pipe before the report is printed; the report's
    // lines used to panic ("failed printing to stdout") and exit 101.
    let project = Project::new();
    let theme = default_theme();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_replyvs"))
        .args(["build", "--content", "content", "--theme", theme.to_str().unwrap(), "--output", "out"])
        .current_dir(project.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the replyvs binary runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("replyvs finishes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(project.out().join("index.html").is_file(), "the site is written whatever happened to the report");
}

#[test]
fn a_missing_content_folder_is_a_problem_not_a_crash() {
    let project = Project::new();
    let before = snapshot(project.root());
    let theme = default_theme();
    let run = project.run(&["build", "--content", "nowhere", "--theme", theme.to_str().unwrap(), "--output", "out"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.starts_with("error: nowhere: the content folder does not exist\n  hint: "), "{}", run.stderr);
    assert!(differences(&before, &snapshot(project.root())).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Shapes a person writes that once crashed the locator (issue 9): places come from the parser

#[test]
fn a_misspelled_key_under_a_bare_dash_item_is_reported_at_the_key() {
    refused(
        |p| p.edit("smtp/550.yaml", "related: [\"450\"]", "related: [\"450\"]\nreferences:\n  -\n    doc: RFC 5321\n    secton: \"4.2.3\""),
        &[expect(&at(C550, 10, 5), "unknown key `references[0].secton`").showing("    secton: \"4.2.3\"")],
    );
}

#[test]
fn an_unknown_non_ascii_key_whose_text_appears_earlier_in_a_value_is_reported_at_the_key() {
    let run = refused(|p| p.edit("smtp/550.yaml", "name: Requested action not taken, mailbox unavailable", "name: \"Kısa özet: x\"\nözet: y"), &[expect(&at(C550, 3, 1), "unknown key `özet`").showing("özet: y")]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn the_caret_stands_under_the_right_character_on_a_turkish_line() {
    let line = "translations: { tr: { name: \"Kısa özet çğış\", özetçe: çğıöşü } }";
    let column = line[..line.find("özetçe").unwrap()].chars().count() + 1;
    assert_ne!(column, line.find("özetçe").unwrap() + 1, "the line must have characters of more than one byte before the key");
    let run = refused(|p| p.edit("smtp/550.yaml", "how_to_fix: Fix the address.", &format!("how_to_fix: Fix the address.\n{line}")), &[expect(&at(C550, 6, column), "unknown key `translations.tr.özetçe`").showing(line)]);
    let (diagnostics, _) = printed(&run.stderr);
    assert_eq!(diagnostics[0].caret_column(), Some(column), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Names a user can rely on (issue 9, point 8)

#[test]
fn a_code_file_named_after_another_code_is_refused() {
    let run = refused(
        |p| {
            let text = std::fs::read_to_string(p.root().join("content/smtp/250.yaml")).unwrap();
            p.remove("smtp/250.yaml");
            p.write("smtp/251.yaml", text);
        },
        &[expect("content/smtp/251.yaml:1:7", "`251.yaml` holds code `250`").showing("code: \"250\"")],
    );
    assert!(run.stderr.contains("hint: name the file 250.yaml, or correct `code`"), "{}", run.stderr);
}

#[test]
fn a_pair_note_not_named_after_its_codes_is_refused() {
    let run = refused(
        |p| p.write("smtp/pairs/450_550.yaml", "codes: [\"550\", \"450\"]\nnote: The first digit is the difference.\n"),
        &[expect("content/smtp/pairs/450_550.yaml:1:8", "`450_550.yaml` is the note of 450 and 550").showing("codes: [\"550\", \"450\"]")],
    );
    assert!(run.stderr.contains("hint: name the file 450-vs-550.yaml"), "{}", run.stderr);
}

#[test]
fn files_replyvs_does_not_read_are_reported_without_failing_the_build() {
    let project = Project::new();
    project.write("smtp/200.txt", "code: \"200\"\n");
    project.write("smtp/drafts/x.yaml", "code: \"200\"\n");
    let run = project.build();
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("warning: content/smtp/200.txt: replyvs does not read this file\n  hint: a protocol folder holds _protocol.yaml and one <code>.yaml per code"), "{}", run.stderr);
    assert!(run.stderr.contains("warning: content/smtp/drafts: replyvs does not read this folder"), "{}", run.stderr);
}

#[test]
fn a_misspelled_key_in_site_yaml_is_reported_first_and_alone() {
    // `languages` misspelled: the translations of the other files are not reported as being for
    // a language the site lacks.
    refused(
        |p| {
            p.edit("site.yaml", "languages: [en]", "langauges: [en, tr]");
            p.edit("smtp/550.yaml", "how_to_fix: Fix the address.", "how_to_fix: Fix the address.\ntranslations:\n  tr:\n    name: Posta kutusu kullanılamıyor");
        },
        &[expect(&at(SITE_FILE, 4, 1), "unknown key `langauges`").showing("langauges: [en, tr]")],
    );
}

// ---------------------------------------------------------------------------------------------
// Pages and guides (issue 13)

const GUIDE: &str = "content/smtp/guides/retry.md";

#[test]
fn every_problem_of_pages_and_guides_is_reported_at_once_with_its_place() {
    refused(
        |p| {
            p.write("smtp/guides/retry.md", "---\ntitle: Retry\ndescription: When to retry.\n---\nSee [451](@/smtp/451) and\n[the page](@/pages/missing).\n\n# A second title\n");
            p.write("smtp/guides/retry.de.md", "---\ntitle: Wiederholen\ndescription: D.\n---\nText.\n");
            p.write("smtp/guides/orphan.tr.md", "---\ntitle: Yetim\ndescription: D.\n---\nMetin.\n");
            p.write("pages/smtp.md", "---\ntitle: SMTP\ndescription: D.\n---\nText.\n");
            p.write("pages/no-front.md", "Just text.\n");
            p.write("pages/untitled.md", "---\ndescription: D.\nwieght: 3\n---\nText.\n");
        },
        &[
            expect("content/pages/no-front.md:1:1", "a page starts with its front matter between two `---` lines").showing("Just text."),
            expect("content/pages/smtp.md", "`smtp` cannot name a page"),
            expect("content/pages/untitled.md:2:1", "missing required key `title`").showing("description: D."),
            expect("content/pages/untitled.md:3:1", "unknown key `wieght`").showing("wieght: 3"),
            expect("content/smtp/guides/orphan.tr.md", "`tr` is not one of the site's languages"),
            expect("content/smtp/guides/retry.de.md", "`de` is not one of the site's languages"),
            expect(&at(GUIDE, 5, 5), "the link `@/smtp/451` leads nowhere: smtp has no code `451`").showing("See [451](@/smtp/451) and"),
            expect(&at(GUIDE, 6, 1), "the link `@/pages/missing` leads nowhere: there is no page `missing` (pages are the files of content/pages/)").showing("[the page](@/pages/missing)."),
            expect(&at(GUIDE, 8, 1), "a `#` heading in the text of a page").showing("# A second title"),
        ],
    );
}

#[test]
fn a_translation_needs_the_page_in_the_default_language() {
    refused(
        |p| {
            p.edit("site.yaml", "languages: [en]", "languages: [en, tr]");
            p.write("pages/orphan.tr.md", "---\ntitle: Yetim\ndescription: D.\n---\nMetin.\n");
            p.write("pages/about.en.md", "---\ntitle: About\ndescription: D.\n---\nText.\n");
        },
        &[expect("content/pages/about.en.md", "`en` is the site's default language, whose files have no language suffix"), expect("content/pages/orphan.tr.md", "a translation of a page that does not exist")],
    );
}

#[test]
fn a_good_guide_builds_and_raw_html_in_it_is_dropped() {
    let project = Project::new();
    project.write("smtp/guides/retry.md", "---\ntitle: Retry\ndescription: When to retry.\n---\n<script>alert(1)</script>\n\nSee [450](@/smtp/450) <img src=x onerror=alert(1)>.\n\n## {{ secret }}\n");
    assert_builds(&project);
    let html = std::fs::read_to_string(project.out().join("smtp/guides/retry.html")).unwrap();
    let body = &html[html.find("<div class=\"prose\">").unwrap()..html.find("</article>").unwrap()];
    assert!(!body.contains("<script") && !body.contains("onerror") && !body.contains("<img"), "{body}");
    assert!(body.contains("<h2 id=\"secret\">{{ secret }}</h2>"), "template syntax in a page is text: {body}");
}
