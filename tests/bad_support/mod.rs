//! Helpers of the bad-input and hostile-content tests: a minimal valid site written from string
//! literals, runs of the real binary against it, the diagnostics it prints, and snapshots of a
//! whole folder so that a test can prove a failed build wrote nothing anywhere.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `content/site.yaml` of the minimal site.
pub const SITE: &str = "\
title: Bad input
description: A minimal site that each case breaks in one place.
base_url: https://bad.example.org/
languages: [en]
";

/// `content/smtp/_protocol.yaml` of the minimal site.
pub const PROTOCOL: &str = "\
name: SMTP
title: SMTP reply codes
description: Three digits; the first one is the class.
classes:
  \"2\": Positive Completion
  \"4\": Transient Negative Completion
  \"5\": Permanent Negative Completion
retryable_classes: [\"4\"]
permanent_classes: [\"5\"]
";

/// `content/smtp/250.yaml` of the minimal site.
pub const CODE_250: &str = "\
code: \"250\"
name: Requested mail action okay, completed
description: The command worked.
when_seen: After any command that succeeded.
how_to_fix: Nothing to fix.
commands: [MAIL, RCPT]
";

/// `content/smtp/450.yaml` of the minimal site.
pub const CODE_450: &str = "\
code: \"450\"
name: Requested mail action not taken, mailbox unavailable
description: A temporary refusal.
when_seen: In reply to `RCPT`, for example while greylisting.
how_to_fix: Wait and try again.
related: [\"550\"]
";

/// `content/smtp/550.yaml` of the minimal site.
pub const CODE_550: &str = "\
code: \"550\"
name: Requested action not taken, mailbox unavailable
description: A permanent refusal.
when_seen: In reply to `RCPT` for an unknown user.
how_to_fix: Fix the address.
related: [\"450\"]
";

/// The files of the minimal site, by path below `content/`.
pub fn minimal_site() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([("site.yaml", SITE), ("smtp/_protocol.yaml", PROTOCOL), ("smtp/250.yaml", CODE_250), ("smtp/450.yaml", CODE_450), ("smtp/550.yaml", CODE_550)])
}

/// The repository's default theme.
pub fn default_theme() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/default")
}

/// Every file and folder below `dir` (hidden ones included): files with their bytes, folders as
/// `None`.
pub type Snapshot = BTreeMap<String, Option<Vec<u8>>>;

/// Takes a snapshot of `dir`.
pub fn snapshot(dir: &Path) -> Snapshot {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            let bytes = entry.file_type().is_file().then(|| std::fs::read(entry.path()).unwrap());
            (relative, bytes)
        })
        .collect()
}

/// Paths that differ between two snapshots, for a readable failure.
pub fn differences(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut paths: Vec<String> = before.keys().chain(after.keys()).filter(|p| before.get(*p) != after.get(*p)).cloned().collect();
    paths.sort();
    paths.dedup();
    paths
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit status (`None` when killed by a signal, which a test treats as a crash).
    pub status: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// A temporary project folder: `content/` holding the minimal site, `out/` holding a good build
/// of it, and whatever the test adds (a copy of the theme in `theme/`).
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// Writes the minimal site and builds it once with the real binary, so that `out/` holds a
    /// previous good build.
    pub fn new() -> Project {
        let project = Project { dir: tempfile::tempdir().unwrap() };
        for (path, text) in minimal_site() {
            project.write(path, text);
        }
        let run = project.build_with(&default_theme());
        assert_eq!(run.status, Some(0), "the minimal site builds:\n{}", run.stderr);
        project
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The output folder.
    pub fn out(&self) -> PathBuf {
        self.root().join("out")
    }

    /// Writes `bytes` to `content/<relative>`, creating folders.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root().join("content").join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Removes `content/<relative>`.
    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.root().join("content").join(relative)).unwrap();
    }

    /// Replaces `from` by `to` in `content/<relative>` (the text must be there).
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let path = self.root().join("content").join(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} has no {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// Copies the default theme to `theme/`; returns the file of `template` in it.
    pub fn copy_theme(&self) -> PathBuf {
        let target = self.root().join("theme");
        for entry in walkdir::WalkDir::new(default_theme()) {
            let entry = entry.unwrap();
            let to = target.join(entry.path().strip_prefix(default_theme()).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        target
    }

    /// Replaces `from` by `to` in `theme/templates/<name>` (the text must be there).
    pub fn edit_template(&self, name: &str, from: &str, to: &str) {
        let path = self.root().join("theme/templates").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} has no {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// `replyvs build --content content --theme THEME --output out`, run in the project folder.
    pub fn build_with(&self, theme: &Path) -> Run {
        let theme = theme.to_str().unwrap();
        self.run(&["build", "--content", "content", "--theme", theme, "--output", "out"])
    }

    /// The build with the copied theme when there is one, else with the default theme.
    pub fn build(&self) -> Run {
        let theme = if self.root().join("theme").is_dir() { PathBuf::from("theme") } else { default_theme() };
        self.build_with(&theme)
    }

    /// Runs the binary with `args` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_replyvs")).args(args).current_dir(self.root()).env_remove("SOURCE_DATE_EPOCH").output().expect("the replyvs binary runs");
        Run { status: output.status.code(), stdout: String::from_utf8_lossy(&output.stdout).into_owned(), stderr: String::from_utf8_lossy(&output.stderr).into_owned() }
    }
}

/// One printed diagnostic: its `error:` line and the lines below it.
#[derive(Debug, Clone)]
pub struct Printed {
    /// `error: FILE:LINE:COL: message`.
    pub head: String,
    /// The source line, the caret line and the hint, as printed.
    pub body: Vec<String>,
}

impl Printed {
    /// The hint's text, if the diagnostic has one.
    pub fn hint(&self) -> Option<&str> {
        self.body.iter().find_map(|line| line.trim_start().strip_prefix("hint: "))
    }

    /// The quoted source line (`  N | text`), if shown.
    pub fn source_line(&self) -> Option<&str> {
        self.body.first().and_then(|line| line.trim_start().split_once(" | ")).map(|(_, text)| text)
    }

    /// The 1-based column the caret under the source line points at.
    pub fn caret_column(&self) -> Option<usize> {
        let (_, under) = self.body.get(1)?.split_once(" | ")?;
        under.trim_end().ends_with('^').then(|| under.chars().position(|c| c == '^').map(|p| p + 1))?
    }
}

/// Splits standard error into diagnostics; the closing `N problem(s) found` line is returned apart.
pub fn printed(stderr: &str) -> (Vec<Printed>, Option<String>) {
    let mut all: Vec<Printed> = Vec::new();
    let mut footer = None;
    for line in stderr.lines() {
        if line.starts_with("error: ") {
            all.push(Printed { head: line.to_string(), body: Vec::new() });
        } else if line.contains("problem(s) found") {
            footer = Some(line.to_string());
        } else if let Some(last) = all.last_mut() {
            last.body.push(line.to_string());
        }
    }
    (all, footer)
}

/// One diagnostic a case must print.
#[derive(Debug, Clone)]
pub struct Expect {
    /// `FILE:LINE:COL`, `FILE:LINE` or `FILE`.
    pub place: String,
    /// The message after the place, exactly.
    pub message: String,
    /// The offending line, when the place has a line.
    pub line: Option<String>,
}

/// A diagnostic at a place with a message.
pub fn expect(place: &str, message: &str) -> Expect {
    Expect { place: place.to_string(), message: message.to_string(), line: None }
}

impl Expect {
    /// The source line the diagnostic must quote (a caret must follow it).
    pub fn showing(mut self, line: &str) -> Expect {
        self.line = Some(line.to_string());
        self
    }
}

/// Runs the build of `project`, which a test has broken, and checks the exact outcome: exit
/// status 1, exactly the `expected` diagnostics in order, each with its place, message, quoted
/// line and caret (when it has a line) and a hint; and not a byte changed anywhere in the project
/// folder, the previous output and the build state beside it included. Returns the run.
pub fn assert_refused(project: &Project, expected: &[Expect]) -> Run {
    let before = snapshot(project.root());
    let run = project.build();
    let after = snapshot(project.root());
    let context = format!("stderr:\n{}\nstdout:\n{}", run.stderr, run.stdout);
    assert_eq!(run.status, Some(1), "a refused build exits with status 1\n{context}");
    assert!(!run.stderr.contains("panicked"), "{context}");
    let (printed, footer) = printed(&run.stderr);
    let heads: Vec<&str> = printed.iter().map(|p| p.head.as_str()).collect();
    let wanted: Vec<String> = expected.iter().map(|e| format!("error: {}: {}", e.place, e.message)).collect();
    assert_eq!(heads, wanted, "the diagnostics, in order\n{context}");
    assert_eq!(footer, Some(format!("{} problem(s) found; nothing was written", expected.len())), "{context}");
    for (diagnostic, want) in printed.iter().zip(expected) {
        assert!(diagnostic.hint().is_some_and(|h| !h.trim().is_empty()), "every diagnostic has a hint: {diagnostic:?}\n{context}");
        let colons = want.place.matches(':').count();
        if colons == 0 {
            assert!(diagnostic.source_line().is_none(), "a problem with a whole file quotes no line: {diagnostic:?}");
        } else {
            let line = want.line.as_deref().unwrap_or_else(|| panic!("the test must give the offending line of {}", want.place));
            assert_eq!(diagnostic.source_line(), Some(line), "the offending line of {}\n{context}", want.place);
            if colons == 2 {
                let column: usize = want.place.rsplit(':').next().unwrap().parse().unwrap();
                assert_eq!(diagnostic.caret_column(), Some(column), "the caret stands under column {column} of {}\n{context}", want.place);
            }
        }
    }
    assert!(differences(&before, &after).is_empty(), "a refused build changed {:?}", differences(&before, &after));
    run
}

/// Builds and asserts success; returns the run.
pub fn assert_builds(project: &Project) -> Run {
    let run = project.build();
    assert_eq!(run.status, Some(0), "the build succeeds\nstderr:\n{}", run.stderr);
    run
}
