//! Incremental and safe writing: unchanged rebuilds write nothing, an edit rewrites exactly the
//! pages that show it, a failed, killed or concurrent build never leaves a half-written site,
//! shards add up to a full build, and sitemaps split at 50,000 URLs.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::*;

#[test]
fn rebuild_with_nothing_changed_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    let first = build(&content, &out);
    assert!(first.cold && first.written == first.total);
    let modified: Vec<_> = walkdir::WalkDir::new(&out).into_iter().map(Result::unwrap).map(|e| (e.path().to_path_buf(), e.metadata().unwrap().modified().unwrap())).collect();
    let second = build(&content, &out);
    assert_eq!((second.written, second.removed), (0, 0), "{second}");
    assert!(second.skipped > 0 && !second.cold, "{second}");
    for (path, time) in modified {
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), time, "{} was touched", path.display());
    }
}

#[test]
fn editing_one_code_rewrites_exactly_the_pages_that_show_it() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    let before = read_tree(&out);
    let file = content.join("smtp/354.yaml");
    let text = std::fs::read_to_string(&file).unwrap().replace("end it with a dot line.", "end it with a line holding one dot.");
    std::fs::write(&file, text).unwrap();
    let report = build(&content, &out);
    let changed = changed_files(&before, &read_tree(&out));
    let mut expected: Vec<String> = ["", "tr/"]
        .iter()
        .flat_map(|lang| ["354.html", "250-vs-354.html", "354-vs-450.html", "354-vs-550.html"].iter().map(move |page| format!("{lang}smtp/{page}")))
        .chain(["api/smtp.json".to_string(), "api/smtp/354.json".to_string()])
        .collect();
    expected.sort();
    assert_eq!(changed, expected);
    assert_eq!(report.written, expected.len(), "{report}");
    // Not rendered at all: in both languages the other three code pages, the three pairs without
    // 354 and their reverse aliases, and the alias of 550; the other three codes' API files; and
    // the sitemap, which lists the same URLs as before.
    assert_eq!(report.skipped, 2 * (3 + 3 + 3 + 1) + 3 + 1, "{report}");
}

#[test]
fn removing_a_code_removes_its_pages_and_keeps_files_replyvs_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    std::fs::write(out.join("user-notes.txt"), "mine").unwrap();
    std::fs::remove_file(content.join("smtp/354.yaml")).unwrap();
    std::fs::write(content.join("smtp/250.yaml"), std::fs::read_to_string(content.join("smtp/250.yaml")).unwrap().replace("related: [\"354\"]", "")).unwrap();
    let report = build(&content, &out);
    assert!(report.removed > 0, "{report}");
    assert!(!out.join("smtp/354.html").exists() && !out.join("smtp/354-vs-550.html").exists() && !out.join("tr/smtp/250-vs-354.html").exists());
    assert_eq!(std::fs::read_to_string(out.join("user-notes.txt")).unwrap(), "mine");
    let fresh = dir.path().join("fresh");
    build(&content, &fresh);
    let mut incremental = read_tree(&out);
    incremental.remove("user-notes.txt");
    assert!(incremental == read_tree(&fresh), "{:?}", changed_files(&read_tree(&fresh), &incremental));
}

#[test]
fn a_deleted_manifest_or_output_makes_the_next_build_complete_again() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    let good = read_tree(&out);
    std::fs::remove_file(dir.path().join(".out.replyvs/manifest")).unwrap();
    std::fs::remove_file(out.join("smtp/550.html")).unwrap();
    build(&content, &out);
    assert!(read_tree(&out) == good);
    std::fs::remove_dir_all(&out).unwrap();
    let report = build(&content, &out);
    assert!(report.cold);
    assert!(read_tree(&out) == good);
}

#[test]
fn an_output_file_deleted_by_hand_is_written_again_and_nothing_else_is() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    let good = read_tree(&out);
    // Outputs without an input key (sitemaps, the search index) are rendered on every build.
    let always = build(&content, &out).rendered;
    std::fs::remove_file(out.join("tr/smtp/354-vs-550.html")).unwrap();
    let report = build(&content, &out);
    assert_eq!((report.written, report.rendered, report.removed), (1, always + 1, 0), "{report}");
    assert!(read_tree(&out) == good);
    let again = build(&content, &out);
    assert_eq!((again.written, again.rendered, again.removed), (0, always, 0), "{again}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    let good = read_tree(&out);
    std::fs::write(content.join("smtp/450.yaml"), "code: \"450\"\nname: [unclosed\n").unwrap();
    let error = replyvs::build(&options(&content, &out)).unwrap_err().to_string();
    assert!(error.contains("450.yaml:2:7: YAML syntax error"), "{error}");
    assert!(error.contains("1 problem(s) found"), "a broken file hides no other problem and adds none: {error}");
    assert!(read_tree(&out) == good);
    let state: Vec<_> = std::fs::read_dir(dir.path().join(".out.replyvs")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!state.iter().any(|n| n == "staging" || n == "journal"), "{state:?}");
}

fn large_site(dir: &Path, codes: usize) -> std::path::PathBuf {
    let content = dir.join("content");
    generate_site(&content, codes, true);
    content
}

fn spawn_build(dir: &Path, content: &Path, output: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_replyvs"))
        .args(["build", "--content", content.to_str().unwrap(), "--theme", default_theme().to_str().unwrap(), "--output", output])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn count_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()).count()
}

#[test]
fn a_build_killed_midway_leaves_the_previous_output_complete_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let content = large_site(dir.path(), 220);
    let out = dir.path().join("out");
    build(&content, &out);
    let good = hash_tree(&out);
    // A new title changes every page, so the next build rewrites everything.
    let site = content.join("site.yaml");
    std::fs::write(&site, std::fs::read_to_string(&site).unwrap().replace("title: Generated", "title: Regenerated")).unwrap();
    let mut child = spawn_build(dir.path(), &content, "out");
    let staging = dir.path().join(".out.replyvs/staging");
    let started = Instant::now();
    while count_files(&staging) < 2_000 {
        assert!(child.try_wait().unwrap().is_none(), "the build finished before it could be killed; make the site larger");
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(hash_tree(&out) == good, "the killed build changed the output");
    // The next build cleans up and finishes the job.
    let report = build(&content, &out);
    assert_eq!(report.written, report.total - report.unchanged - report.skipped);
    assert!(std::fs::read_to_string(out.join("index.html")).unwrap().contains("Regenerated"));
    assert!(!staging.exists());
}

#[test]
fn a_build_waits_while_another_holds_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let lock = replyvs::output::lock(&replyvs::output::OutputPaths::new(&dir.path().join("out")), &replyvs::Events::none()).unwrap();
    let mut waiting = spawn_build(dir.path(), &content, "out");
    std::thread::sleep(Duration::from_millis(500));
    assert!(waiting.try_wait().unwrap().is_none(), "the build must wait for the lock");
    assert!(!dir.path().join("out").exists(), "nothing is written while another build holds the lock");
    drop(lock);
    let output = waiting.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("waiting: another replyvs build is writing to out"));
    assert!(dir.path().join("out/index.html").is_file());
}

#[test]
fn two_builds_at_once_on_one_output_folder_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let content = large_site(dir.path(), 150);
    let first = spawn_build(dir.path(), &content, "out");
    let second = spawn_build(dir.path(), &content, "out");
    let (first, second) = (first.wait_with_output().unwrap(), second.wait_with_output().unwrap());
    assert!(first.status.success() && second.status.success());
    let fresh = dir.path().join("fresh");
    build(&content, &fresh);
    assert!(hash_tree(&dir.path().join("out")) == hash_tree(&fresh));
}

#[test]
fn shards_copied_together_equal_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_content();
    let full = dir.path().join("full");
    build(&content, &full);
    let merged = dir.path().join("merged");
    let mut sizes = Vec::new();
    for k in 1..=3 {
        let shard = dir.path().join(format!("shard-{k}"));
        let mut options = options(&content, &shard);
        options.shard = Some((k, 3));
        let report = replyvs::build(&options).unwrap();
        sizes.push(report.total);
        copy_tree(&shard, &merged);
    }
    let full_tree = read_tree(&full);
    assert_eq!(sizes.iter().sum::<usize>(), full_tree.len());
    assert!(sizes.iter().all(|&s| s > 0));
    assert!(read_tree(&merged) == full_tree, "{:?}", changed_files(&full_tree, &read_tree(&merged)));
}

#[test]
fn sitemaps_split_into_an_index_at_fifty_thousand_urls() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    generate_site(&content, 330, false);
    let out = dir.path().join("out");
    build(&content, &out);
    let index = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(index.contains("<sitemapindex"), "{}", &index[..200]);
    let locs = |xml: &str| xml.matches("<loc>").count();
    assert_eq!(locs(&index), 2);
    let first = std::fs::read_to_string(out.join("sitemap-1.xml")).unwrap();
    let second = std::fs::read_to_string(out.join("sitemap-2.xml")).unwrap();
    // The home page, the decoder, the protocol page, the codes and the pairs.
    let pages = 1 + 1 + 1 + 330 + 330 * 329 / 2;
    assert_eq!(locs(&first), 50_000);
    assert_eq!(locs(&first) + locs(&second), pages);
    assert!(std::fs::read_to_string(out.join("robots.txt")).unwrap().contains("Sitemap: https://gen.example.org/sitemap.xml"));
}

#[test]
fn an_interrupted_commit_is_finished_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let out = dir.path().join("out");
    build(&content, &out);
    // What a build killed halfway through its renames leaves: a staged file and a complete journal.
    let state = dir.path().join(".out.replyvs");
    std::fs::create_dir_all(state.join("staging")).unwrap();
    std::fs::write(state.join("staging/7"), "new bytes").unwrap();
    std::fs::write(state.join("journal"), "replyvs-journal 1\nR 7 smtp/new.html\nD smtp/550.html\nend\n").unwrap();
    replyvs::output::recover(&replyvs::output::OutputPaths::new(&out)).unwrap();
    assert_eq!(std::fs::read_to_string(out.join("smtp/new.html")).unwrap(), "new bytes");
    assert!(!out.join("smtp/550.html").exists());
    assert!(!state.join("journal").exists() && !state.join("staging").exists());
    // A journal cut short (no end line) is a commit that never started: it is dropped.
    std::fs::create_dir_all(state.join("staging")).unwrap();
    std::fs::write(state.join("staging/8"), "partial").unwrap();
    std::fs::write(state.join("journal"), "replyvs-journal 1\nR 8 smtp/other.html\n").unwrap();
    replyvs::output::recover(&replyvs::output::OutputPaths::new(&out)).unwrap();
    assert!(!out.join("smtp/other.html").exists());
}
