//! The build's stages, one at a time, through the public library API (issue 4):
//!
//! - `load_site`: read, parse and validate the content and the theme;
//! - `plan`: `Plan::new` and every `plan.output(i)` (with and without its file path);
//! - `markdown_one_pair`: the six Markdown fields one pair page shows, through `markdown::render`;
//! - `check`: load, plan and render every output in memory (with the site checks), write nothing;
//! - `build_cold`: a whole `replyvs::build` into a fresh, empty folder;
//! - `build_nothing_changed` / `build_one_code_edited`: `replyvs::build` over an existing output.
//!
//! The content is the peer benchmark's registry (`../shared/bench/gen_data.py`, converted by
//! `scripts/bench-data.py`) at 25 and 100 codes (300 and 4,950 pair pages); when Python or the kit
//! is missing, the same shape of data is written from Rust instead. Run with
//! `cargo bench --bench stages` (add `-- build` to run only the benches whose name has `build`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use divan::Bencher;
use replyvs::plan::Plan;
use replyvs::urls::Urls;
use replyvs::{BuildOptions, markdown};
use tempfile::TempDir;

const SIZES: [usize; 2] = [25, 100];

fn main() {
    divan::main();
}

/// Generated content folders, one per size and purpose, kept for the whole run.
fn content(n: usize, purpose: &str) -> PathBuf {
    static DIRS: OnceLock<Mutex<Vec<(usize, String, TempDir)>>> = OnceLock::new();
    let mut dirs = DIRS.get_or_init(|| Mutex::new(Vec::new())).lock().expect("not poisoned");
    if let Some((_, _, dir)) = dirs.iter().find(|(size, p, _)| *size == n && p == purpose) {
        return dir.path().join("content");
    }
    let dir = tempfile::Builder::new().prefix("replyvs-stages-").tempdir().expect("a temporary folder");
    let folder = dir.path().join("content");
    generate(n, &folder);
    dirs.push((n, purpose.to_string(), dir));
    folder
}

fn generate(n: usize, folder: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/bench-data.py");
    let ran = Command::new("python3").arg(&script).arg(n.to_string()).arg(folder).output();
    match ran {
        Ok(out) if out.status.success() => {}
        other => {
            let why = match other {
                Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_string(),
                Err(error) => error.to_string(),
            };
            eprintln!("stages: scripts/bench-data.py failed ({why}); writing the same shape of data from Rust");
            write_fallback(n, folder);
        }
    }
}

/// The registry's shape without Python: codes in 200..999, classes 2..9, three Markdown fields
/// with **bold**, `code` and a list, deterministic.
fn write_fallback(n: usize, folder: &Path) {
    let smtp = folder.join("smtp");
    std::fs::create_dir_all(&smtp).expect("create the content folder");
    std::fs::write(folder.join("site.yaml"), "title: replyvs benchmark\ndescription: Synthetic reply codes.\nbase_url: https://bench.example.org/\nlanguages: [en]\nreverse_aliases: false\n").expect("write site.yaml");
    let classes: String = (2..=9).map(|c| format!("  \"{c}\": Class {c}\n")).collect();
    std::fs::write(smtp.join("_protocol.yaml"), format!("name: SMTP\ntitle: SMTP reply codes\ndescription: Synthetic **codes**.\nclasses:\n{classes}retryable_classes: [\"4\"]\npermanent_classes: [\"5\"]\n"))
        .expect("write _protocol.yaml");
    let words = ["relay", "mailbox", "quota", "policy", "session", "header", "greylist", "domain"];
    let mut state: u64 = 2026;
    let mut next = |m: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m
    };
    let step = 800 / n.max(1);
    for i in 0..n.min(800) {
        let code = 200 + i * step.max(1);
        let (w1, w2, w3) = (words[next(8)], words[next(8)], words[next(8)]);
        let filler = "Operators usually see it in bursts rather than as single events, and logs on both sides record it verbatim.";
        std::fs::write(
            smtp.join(format!("{code}.yaml")),
            format!(
                "code: \"{code}\"\nname: \"{w1} {w2}\"\ndescription: |\n  The **{code} {w1}** reply means the server reports a {w2} problem after `RCPT TO`, usually **{w3}**. {filler} {filler}\nwhen_seen: |\n  It usually shows up during migrations between two mail providers, after `DATA`. {filler}\nhow_to_fix: |\n  Check the logs on both ends first. Then work through these steps:\n\n  - Verify the `MAIL FROM` argument\n  - Check the **DNS records** for the domain\n  - Retry after the interval given by the server\n\n  {filler}\n"
            ),
        )
        .expect("write a code");
    }
}

fn options(content: PathBuf, output: PathBuf) -> BuildOptions {
    BuildOptions { content, theme: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default")), output, ..BuildOptions::new() }
}

/// Read, parse and validate the content and the theme.
#[divan::bench(args = SIZES, sample_count = 20)]
fn load_site(bencher: Bencher, n: usize) {
    let options = options(content(n, "read"), PathBuf::from("unused"));
    bencher.bench(|| replyvs::load_site(&options).expect("the generated site is valid"));
}

/// `Plan::new` and every output of the plan.
#[divan::bench(args = SIZES)]
fn plan_outputs(bencher: Bencher, n: usize) {
    let (site, _theme) = replyvs::load_site(&options(content(n, "read"), PathBuf::from("unused"))).expect("valid");
    bencher.bench(|| {
        let plan = Plan::new(&site);
        for i in 0..plan.len() {
            divan::black_box(plan.output(i));
        }
        plan
    });
}

/// `Plan::new`, every output and the file it is written to.
#[divan::bench(args = SIZES)]
fn plan_output_files(bencher: Bencher, n: usize) {
    let (site, _theme) = replyvs::load_site(&options(content(n, "read"), PathBuf::from("unused"))).expect("valid");
    let urls = Urls::new(&site);
    bencher.bench(|| {
        let plan = Plan::new(&site);
        (0..plan.len()).map(|i| urls.output_file(&plan, plan.output(i)).len()).sum::<usize>()
    });
}

/// The six Markdown fields of one pair page (description, when_seen, how_to_fix of both codes).
#[divan::bench]
fn markdown_one_pair(bencher: Bencher) {
    let smtp = content(25, "read").join("smtp");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&smtp).expect("read").map(|e| e.expect("entry").path()).filter(|p| !p.ends_with("_protocol.yaml")).collect();
    files.sort();
    let fields: Vec<String> = files[..2]
        .iter()
        .flat_map(|file| {
            let value: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(file).expect("read a code")).expect("YAML");
            ["description", "when_seen", "how_to_fix"].map(|key| value[key].as_str().expect("a Markdown field").to_string())
        })
        .collect();
    bencher.bench(|| fields.iter().map(|field| markdown::render(divan::black_box(field)).as_str().len()).sum::<usize>());
}

/// Load, plan, render every output in memory and check the site; nothing is written.
#[divan::bench(args = SIZES, sample_count = 10)]
fn check(bencher: Bencher, n: usize) {
    let options = options(content(n, "read"), PathBuf::from("unused"));
    bencher.bench(|| replyvs::check(&options).expect("the generated site passes its checks"));
}

/// A whole build into a fresh, empty folder (the folder is made and removed outside the timing).
#[divan::bench(args = SIZES, sample_count = 10)]
fn build_cold(bencher: Bencher, n: usize) {
    let content = content(n, "read");
    bencher.with_inputs(|| tempfile::Builder::new().prefix("replyvs-stages-out-").tempdir().expect("a temporary folder")).bench_values(|dir| {
        let report = replyvs::build(&options(content.clone(), dir.path().join("site"))).expect("build");
        assert!(report.cold);
        dir
    });
}

/// A build over an existing output with nothing changed.
#[divan::bench(args = SIZES, sample_count = 20)]
fn build_nothing_changed(bencher: Bencher, n: usize) {
    let dir = tempfile::Builder::new().prefix("replyvs-stages-out-").tempdir().expect("a temporary folder");
    let options = options(content(n, "read"), dir.path().join("site"));
    replyvs::build(&options).expect("first build");
    bencher.bench(|| {
        let report = replyvs::build(&options).expect("build");
        assert_eq!(report.written, 0);
        report
    });
}

/// A build over an existing output after one code file was edited (a sentence appended to its
/// description, outside the timing).
#[divan::bench(args = SIZES, sample_count = 20)]
fn build_one_code_edited(bencher: Bencher, n: usize) {
    let content = content(n, "edit");
    let dir = tempfile::Builder::new().prefix("replyvs-stages-out-").tempdir().expect("a temporary folder");
    let options = options(content.clone(), dir.path().join("site"));
    replyvs::build(&options).expect("first build");
    let mut codes: Vec<PathBuf> = std::fs::read_dir(content.join("smtp")).expect("read").map(|e| e.expect("entry").path()).filter(|p| !p.ends_with("_protocol.yaml")).collect();
    codes.sort();
    let edited = codes[codes.len() / 2].clone();
    let mut run = 0u64;
    bencher
        .with_inputs(|| {
            run += 1;
            let text = std::fs::read_to_string(&edited).expect("read the code");
            let at = text.find("\nwhen_seen:").expect("a description block before when_seen");
            std::fs::write(&edited, format!("{} Edited in run {run}.{}", &text[..at], &text[at..])).expect("write the code");
        })
        .bench_local_values(|()| {
            let report = replyvs::build(&options).expect("build");
            assert!(report.written > 0 && !report.cold);
            report
        });
}
