//! The commands that start a site, run as a new user runs them: `replyvs init` and
//! `replyvs theme export`, with the real binary in a temporary folder.

mod support;

use std::path::Path;
use std::process::Output;

use support::{default_theme, file_for_url, read_tree, replyvs};

/// The files of a new site, by path in its folder.
const STARTER_FILES: &[&str] = &[
    ".gitignore",
    "README.md",
    "content/example/250.yaml",
    "content/example/550.yaml",
    "content/example/_protocol.yaml",
    "content/example/pairs/250-vs-550.yaml",
    "content/pages/about.md",
    "content/site.yaml",
];

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

/// `replyvs init mysite` in `dir`; returns the site's folder.
fn new_site(dir: &Path) -> std::path::PathBuf {
    succeeds(&replyvs(dir, &["init", "mysite"]));
    dir.join("mysite")
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
fn theme_export_writes_every_file_of_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(&replyvs(dir.path(), &["theme", "export", "mytheme"]));
    assert_eq!(read_tree(&dir.path().join("mytheme")), read_tree(&default_theme()));
}

#[test]
fn an_exported_theme_builds_the_same_bytes_as_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
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
