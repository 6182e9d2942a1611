//! The commands that start a site, run as a new user runs them: `replyvs init`, `replyvs new code`
//! and `new pair`, `replyvs theme export`, each with the real binary in a temporary folder.

mod support;

use std::path::Path;
use std::process::Output;

use support::{default_theme, file_for_url, read_tree, replyvs};

/// The files of a new site, by path in its folder.
const STARTER_FILES: &[&str] =
    &[".gitignore", "README.md", "content/example/250.yaml", "content/example/550.yaml", "content/example/_protocol.yaml", "content/example/pairs/250-vs-550.yaml", "content/pages/about.md", "content/site.yaml"];

/// Standard output of a run that must succeed.
fn succeeds(output: &Output) -> String {
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "exit {:?}\nstdout:\n{stdout}\nstderr:\n{stderr}", output.status.code());
    stdout.into_owned()
}

/// Standard error of a run that must fail with exit status `code`.
fn fails_with(code: i32, output: &Output) -> String {
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(code), "stdout:\n{stdout}\nstderr:\n{stderr}");
    stderr.into_owned()
}

/// Writes `value` after the first line of `file` that starts with `key` (`name:`, or `    name:`
/// for a translation), as a user fills a template.
fn fill(file: &Path, key: &str, value: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut done = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if !done && line.starts_with(key) {
                done = true;
                format!("{key} {value}")
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(done, "{} has no line starting with {key:?}:\n{text}", file.display());
    std::fs::write(file, lines.join("\n") + "\n").unwrap();
}

/// `replyvs init mysite` in `dir`; returns the site's folder.
fn new_site(dir: &Path) -> std::path::PathBuf {
    succeeds(&replyvs(dir, &["init", "mysite"]));
    dir.join("mysite")
}

/// Adds code 599 to the site's protocol and writes its required fields.
fn add_code_599(site: &Path) {
    succeeds(&replyvs(site, &["new", "code", "example", "599"]));
    let file = site.join("content/example/599.yaml");
    fill(&file, "name:", "Requested action aborted for good");
    fill(&file, "description:", "|\n  A permanent failure that this site's protocol adds to [550](@/example/550).");
    fill(&file, "when_seen:", "In reply to `SEND`.");
    fill(&file, "how_to_fix:", "|\n  - Read the text of the reply.\n  - Change what it names, then send again.");
}

#[test]
fn init_writes_a_site_that_builds_and_passes_check_as_created() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let files: Vec<String> = read_tree(&site).into_keys().collect();
    assert_eq!(files, STARTER_FILES);
    succeeds(&replyvs(&site, &["check"]));
    succeeds(&replyvs(&site, &["build"]));
    for page in ["/", "/example/", "/example/250", "/example/550", "/example/250-vs-550"] {
        assert!(file_for_url(&site.join("output"), "/", page).is_some(), "{page} was not built");
    }
    // The .gitignore names what a build and a preview write beside content/.
    succeeds(&replyvs(&site, &["build", "--output", ".replyvs-serve"]));
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    for folder in ["output", ".output.replyvs", ".replyvs-serve", "..replyvs-serve.replyvs"] {
        assert!(site.join(folder).is_dir(), "{folder} was not written");
        assert!(ignored.lines().any(|line| line == format!("/{folder}/")), "{folder} is not in .gitignore:\n{ignored}");
    }
}

#[test]
fn init_writes_into_the_current_folder_when_given_none() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = succeeds(&replyvs(dir.path(), &["init"]));
    assert!(stdout.contains("wrote 8 file(s) into ."), "{stdout}");
    assert!(dir.path().join("content/site.yaml").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("mysite")).unwrap();
    std::fs::write(dir.path().join("mysite/notes.txt"), "mine").unwrap();
    let stderr = fails_with(2, &replyvs(dir.path(), &["init", "mysite"]));
    assert!(stderr.contains("mysite is not empty") && stderr.contains("--force"), "{stderr}");
    assert_eq!(read_tree(&dir.path().join("mysite")).into_keys().collect::<Vec<_>>(), ["notes.txt"]);
}

#[test]
fn init_takes_a_fresh_clone_whose_only_entries_are_hidden_for_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("mysite/.git")).unwrap();
    succeeds(&replyvs(dir.path(), &["init", "mysite"]));
    assert!(dir.path().join("mysite/content/site.yaml").is_file());
}

#[test]
fn init_with_force_skips_every_file_that_is_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("mysite");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("README.md"), "my own notes\n").unwrap();
    let stdout = succeeds(&replyvs(dir.path(), &["init", "mysite", "--force"]));
    assert!(stdout.contains("wrote 7 file(s) into mysite"), "{stdout}");
    assert!(stdout.contains(&format!("skipped {}: it already exists", Path::new("mysite").join("README.md").display())), "{stdout}");
    assert_eq!(std::fs::read_to_string(site.join("README.md")).unwrap(), "my own notes\n");
    let files: Vec<String> = read_tree(&site).into_keys().collect();
    assert_eq!(files, STARTER_FILES);
    succeeds(&replyvs(&site, &["check"]));
}

#[test]
fn a_new_code_fails_check_naming_each_empty_required_field_until_its_text_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let stdout = succeeds(&replyvs(&site, &["new", "code", "example", "599"]));
    let file = site.join("content/example/599.yaml");
    assert!(stdout.contains(&file.strip_prefix(&site).unwrap().display().to_string()), "{stdout}");
    let template = std::fs::read_to_string(&file).unwrap();
    assert!(template.contains("\ncode: \"599\" "), "{template}");
    for required in ["name", "description", "when_seen", "how_to_fix"] {
        assert!(template.lines().any(|line| line.starts_with(&format!("{required}: ")) && line.contains("# required")), "{required} is not marked:\n{template}");
    }
    let stderr = fails_with(1, &replyvs(&site, &["check"]));
    for required in ["name", "description", "when_seen", "how_to_fix"] {
        assert!(stderr.contains("599.yaml:") && stderr.contains(&format!("`{required}` is empty")), "{required}:\n{stderr}");
    }
    fill(&file, "name:", "Requested action aborted for good");
    let stderr = fails_with(1, &replyvs(&site, &["check"]));
    assert!(!stderr.contains("`name` is empty") && stderr.contains("`description` is empty"), "{stderr}");
    fill(&file, "description:", "A permanent failure.");
    fill(&file, "when_seen:", "In reply to `SEND`.");
    fill(&file, "how_to_fix:", "|\n  Change what the reply names, then send again.");
    succeeds(&replyvs(&site, &["build"]));
    succeeds(&replyvs(&site, &["check"]));
    let page = std::fs::read_to_string(file_for_url(&site.join("output"), "/", "/example/599").expect("the page of 599")).unwrap();
    assert!(page.contains("Requested action aborted for good"), "{page}");
    assert!(file_for_url(&site.join("output"), "/", "/example/550-vs-599").is_some());
}

#[test]
fn a_new_user_starts_a_site_adds_a_code_writes_a_guide_and_build_and_check_pass() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    add_code_599(&site);
    let guide = site.join("content/example/guides/first.md");
    std::fs::create_dir_all(guide.parent().unwrap()).unwrap();
    std::fs::write(
        &guide,
        "---\ntitle: Reading a first reply\ndescription: How to tell a success from a refusal by the first digit of a reply.\nweight: 10\n---\n\
         A reply starts with three digits, and the first one is its class: [250](@/example/250) is a\n\
         success, [550](@/example/550) and [599](@/example/599) are refusals.\n\n\
         ## When the first digit is 5\n\nRead [how the two differ](@/example/550-vs-599) before you send again.\n",
    )
    .unwrap();
    succeeds(&replyvs(&site, &["build"]));
    succeeds(&replyvs(&site, &["check"]));
    let output = site.join("output");
    let page = std::fs::read_to_string(file_for_url(&output, "/", "/example/guides/first").expect("the guide's page")).unwrap();
    assert!(page.contains("Reading a first reply"), "{page}");
    assert!(page.contains("/example/599") && page.contains("/example/550-vs-599"), "{page}");
    assert!(file_for_url(&output, "/", "/about").is_some(), "the page of content/pages/about.md");
}

#[test]
fn a_new_code_has_a_block_for_every_other_language_of_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    fill(&site.join("content/site.yaml"), "languages:", "[en, tr]");
    add_code_599(&site);
    let file = site.join("content/example/599.yaml");
    let template = std::fs::read_to_string(&file).unwrap();
    assert!(template.contains("\ntranslations:") && template.contains("\n  tr:\n    name:\n"), "{template}");
    // An empty translation shows the default language's text; a written one is published.
    succeeds(&replyvs(&site, &["check"]));
    fill(&file, "    name:", "Kalıcı olarak iptal edilen istek");
    succeeds(&replyvs(&site, &["build"]));
    let page = std::fs::read_to_string(file_for_url(&site.join("output"), "/", "/tr/example/599").expect("the Turkish page of 599")).unwrap();
    assert!(page.contains("Kalıcı olarak iptal edilen istek"), "{page}");
}

#[test]
fn new_code_refuses_a_code_that_has_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let before = read_tree(&site);
    let stderr = fails_with(2, &replyvs(&site, &["new", "code", "example", "250"]));
    assert!(stderr.contains("250.yaml already exists"), "{stderr}");
    assert_eq!(read_tree(&site), before);
}

#[test]
fn new_code_refuses_an_unknown_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let stderr = fails_with(2, &replyvs(&site, &["new", "code", "smtp", "550"]));
    assert!(stderr.contains("there is no protocol `smtp`") && stderr.contains("the protocols in content are example"), "{stderr}");
    assert!(!site.join("content/smtp").exists());
}

#[test]
fn new_code_refuses_ids_and_classes_that_the_data_format_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let before = read_tree(dir.path());
    for (code, why) in [("../x", "`../x` cannot be a code"), ("5 5", "`5 5` cannot be a code"), ("CON", "reserved device name"), ("699", "class `6`, which the protocol does not define")] {
        let stderr = fails_with(2, &replyvs(&site, &["new", "code", "example", code]));
        assert!(stderr.contains(why), "{code}: {stderr}");
    }
    let stderr = fails_with(2, &replyvs(&site, &["new", "code", "../example", "599"]));
    assert!(stderr.contains("cannot be a protocol"), "{stderr}");
    assert_eq!(read_tree(dir.path()), before);
}

#[test]
fn new_pair_names_its_note_in_natural_order_and_fails_check_until_the_note_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    add_code_599(&site);
    succeeds(&replyvs(&site, &["new", "pair", "example", "599", "250"]));
    let file = site.join("content/example/pairs/250-vs-599.yaml");
    let template = std::fs::read_to_string(&file).unwrap();
    assert!(template.contains("\ncodes: [\"250\", \"599\"] "), "{template}");
    let stderr = fails_with(1, &replyvs(&site, &["check"]));
    assert!(stderr.contains("250-vs-599.yaml:") && stderr.contains("`note` is empty"), "{stderr}");
    fill(&file, "note:", "|\n  Both answer `SEND`; only 250 means the message was taken.");
    succeeds(&replyvs(&site, &["check"]));
    let stderr = fails_with(2, &replyvs(&site, &["new", "pair", "example", "550", "250"]));
    assert!(stderr.contains("250-vs-550.yaml already exists"), "{stderr}");
    let stderr = fails_with(2, &replyvs(&site, &["new", "pair", "example", "250", "777"]));
    assert!(stderr.contains("no code `777`"), "{stderr}");
}

#[test]
fn theme_export_writes_every_file_of_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(&replyvs(dir.path(), &["theme", "export", "mytheme"]));
    assert_eq!(read_tree(&dir.path().join("mytheme")), read_tree(&default_theme()));
}

#[test]
fn an_exported_theme_builds_the_same_bytes_as_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    add_code_599(&site);
    succeeds(&replyvs(&site, &["build", "--output", "built-in"]));
    succeeds(&replyvs(&site, &["theme", "export", "mytheme"]));
    succeeds(&replyvs(&site, &["build", "--theme", "mytheme", "--output", "exported"]));
    let (built_in, exported) = (read_tree(&site.join("built-in")), read_tree(&site.join("exported")));
    assert!(built_in.len() > 15, "{:?}", built_in.keys());
    assert!(built_in == exported, "the outputs differ in {:?}", support::changed_files(&built_in, &exported));
}

#[test]
fn theme_export_refuses_a_folder_that_is_not_empty_and_with_force_keeps_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("mytheme");
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(theme.join("static/style.css"), "body { color: teal }\n").unwrap();
    let stderr = fails_with(2, &replyvs(dir.path(), &["theme", "export", "mytheme"]));
    assert!(stderr.contains("is not empty"), "{stderr}");
    let stdout = succeeds(&replyvs(dir.path(), &["theme", "export", "mytheme", "--force"]));
    assert!(stdout.contains("style.css: it already exists"), "{stdout}");
    assert_eq!(std::fs::read_to_string(theme.join("static/style.css")).unwrap(), "body { color: teal }\n");
    assert!(theme.join("templates/base.html").is_file());
}
