//! Helpers shared by the integration tests: fixture sites, builds, and reading output trees.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use replyvs::{BuildOptions, BuildReport};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The default theme of the repository.
pub fn default_theme() -> PathBuf {
    repo().join("themes/default")
}

/// The mini fixture's content: four SMTP codes in English and Turkish.
pub fn mini_content() -> PathBuf {
    repo().join("tests/fixtures/mini/content")
}

/// The mini fixture copied into `dir/content`, so that a test may edit it.
pub fn mini_copy(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    copy_tree(&mini_content(), &content);
    content
}

/// Build options for `content` into `output` with the default theme.
pub fn options(content: &Path, output: &Path) -> BuildOptions {
    BuildOptions { content: content.to_path_buf(), theme: Some(default_theme()), output: output.to_path_buf(), ..BuildOptions::new() }
}

/// Builds `content` into `output` in-process.
pub fn build(content: &Path, output: &Path) -> BuildReport {
    replyvs::build(&options(content, output)).unwrap_or_else(|error| panic!("build of {} failed:\n{error}", content.display()))
}

/// Runs the replyvs binary with `args` in `dir`.
pub fn replyvs(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_replyvs")).args(args).current_dir(dir).output().expect("the replyvs binary runs")
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, by relative path with `/`, with what `read` makes of its bytes.
fn map_tree<T>(dir: &Path, read: impl Fn(Vec<u8>) -> T) -> BTreeMap<String, T> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (relative, read(fs::read(e.path()).unwrap()))
        })
        .collect()
}

/// Every file below `dir`, by relative path with `/`, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    map_tree(dir, |bytes| bytes)
}

/// Paths whose bytes differ between two trees, or that exist in only one of them.
pub fn changed_files(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut changed: Vec<String> = after.iter().filter(|(path, bytes)| before.get(*path) != Some(bytes)).map(|(p, _)| p.clone()).collect();
    changed.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    changed.sort();
    changed
}

/// The file a root-relative URL is served from, the way static hosts with clean URLs do it
/// (`replyvs::urls::clean_url_candidates`, the rule the preview server follows too).
pub fn file_for_url(output: &Path, base_path: &str, url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix(base_path)?;
    replyvs::urls::clean_url_candidates(path).into_iter().map(|c| output.join(c)).find(|p| p.is_file())
}

/// The file a root-relative URL is served from by a host without clean URLs (plain S3 website
/// hosting), which `url_style: directory` is for: a folder's URL gets its `index.html`, any
/// other URL must name a file.
pub fn file_for_url_without_clean_urls(output: &Path, base_path: &str, url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix(base_path)?;
    let file = if path.is_empty() || path.ends_with('/') { output.join(path).join("index.html") } else { output.join(path) };
    file.is_file().then_some(file)
}

/// A copy of `content` in `dir` whose `site.yaml` says `url_style: directory`.
pub fn in_directory_style(content: &Path, dir: &Path) -> PathBuf {
    let copy = dir.join("content");
    copy_tree(content, &copy);
    let site = copy.join("site.yaml");
    let text = fs::read_to_string(&site).unwrap();
    fs::write(&site, format!("{text}url_style: directory\n")).unwrap();
    copy
}

/// Writes a generated content folder of `n` SMTP-like codes in one language.
pub fn generate_site(dir: &Path, n: usize, reverse_aliases: bool) {
    fs::create_dir_all(dir.join("gen")).unwrap();
    fs::write(dir.join("site.yaml"), format!("title: Generated\ndescription: A generated site.\nbase_url: https://gen.example.org/\nlanguages: [en]\nreverse_aliases: {reverse_aliases}\n")).unwrap();
    fs::write(
        dir.join("gen/_protocol.yaml"),
        "name: GEN\ntitle: Generated codes\ndescription: Generated.\nclasses:\n  \"2\": Two\n  \"3\": Three\n  \"4\": Four\n  \"5\": Five\n  \"6\": Six\n  \"7\": Seven\n  \"8\": Eight\n  \"9\": Nine\n",
    )
    .unwrap();
    for i in 0..n {
        let code = 200 + i;
        fs::write(
            dir.join(format!("gen/{code}.yaml")),
            format!(
                "code: \"{code}\"\nname: Generated code {code}\ndescription: |\n  Code **{code}** means something; see `RFC 5321`.\nwhen_seen: |\n  After the `DATA` command.\nhow_to_fix: |\n  - Check the logs.\n  - Retry later.\ncommands: [DATA]\n"
            ),
        )
        .unwrap();
    }
}

/// Every file below `dir` with a hash of its bytes (for trees too large to hold in memory).
pub fn hash_tree(dir: &Path) -> BTreeMap<String, u128> {
    map_tree(dir, |bytes| xxhash_rust::xxh3::xxh3_128(&bytes))
}

/// The bundled content, built once per test binary. It goes under cargo's target tmp folder,
/// one per test binary, and is rebuilt cold on each run: a `TempDir` in a static is never
/// dropped, so each run used to leave a 700 MB copy of the site in /tmp.
pub fn bundled_output() -> &'static Path {
    static OUTPUT: OnceLock<PathBuf> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(concat!("bundled-", env!("CARGO_CRATE_NAME")));
        if dir.exists() {
            fs::remove_dir_all(&dir).unwrap();
        }
        build(&repo().join("content"), &dir.join("out"));
        dir.join("out")
    })
}

/// Every string value of a YAML document, depth first (keys left out).
pub fn yaml_strings(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::String(text) => out.push(text.clone()),
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|item| yaml_strings(item, out)),
        serde_yaml::Value::Mapping(map) => map.values().for_each(|item| yaml_strings(item, out)),
        _ => {}
    }
}
