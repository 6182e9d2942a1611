//! What the library tells its caller while it works: progress, waiting for another build, and
//! warnings. The library never prints; the CLI (or any caller) decides how to show these.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Diagnostic, Error};

/// Something worth telling while a command runs.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// Rendering starts: `total` outputs.
    Started {
        /// How many outputs this run renders or skips.
        total: usize,
    },
    /// One more output is done (rendered, or skipped because nothing it depends on changed).
    Progress,
    /// Rendering is over.
    Finished,
    /// Another build holds the output folder's lock; this one waits for it.
    Waiting {
        /// The output folder.
        output: &'a Path,
    },
    /// A problem that does not stop the build (a file in `content/` that replyvs does not read).
    Warning(&'a Diagnostic),
    /// `serve` listens at `url`.
    Serving {
        /// The preview's address.
        url: &'a str,
        /// The folder it serves.
        folder: &'a Path,
    },
    /// `serve` rebuilt the site after a change.
    Rebuilt(&'a BuildReport),
    /// `serve` could not rebuild; it keeps serving the last good build.
    RebuildFailed(&'a Error),
}

/// Where events go: a function the caller gives, or nowhere.
#[derive(Clone, Default)]
pub struct Events(Option<Arc<Listener>>);

/// What receives the events of a build.
type Listener = dyn Fn(&Event<'_>) + Send + Sync;

impl Events {
    /// Events handled by `handler`.
    pub fn new(handler: impl Fn(&Event<'_>) + Send + Sync + 'static) -> Self {
        Events(Some(Arc::new(handler)))
    }

    /// Events that go nowhere.
    pub fn none() -> Self {
        Events(None)
    }

    pub(crate) fn emit(&self, event: Event<'_>) {
        if let Some(handler) = &self.0 {
            handler(&event);
        }
    }
}

impl fmt::Debug for Events {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Events(handler)" } else { "Events(none)" })
    }
}

/// What a build did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    /// Outputs in the plan (or in this shard).
    pub total: usize,
    /// Outputs rendered this time.
    pub rendered: usize,
    /// Files written (new or changed).
    pub written: usize,
    /// Rendered but identical to the file already there.
    pub unchanged: usize,
    /// Not rendered: their inputs did not change.
    pub skipped: usize,
    /// Files removed because they are no longer generated.
    pub removed: usize,
    /// Whether the build was cold (a fresh tree) or incremental.
    pub cold: bool,
    /// Wall time.
    pub elapsed: Duration,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        let rate = if seconds > 0.0 { self.rendered as f64 / seconds } else { 0.0 };
        write!(
            f,
            "{} files: {} rendered, {} written, {} unchanged, {} skipped, {} removed in {:.2} s ({:.0} pages/s, {} build)",
            self.total,
            self.rendered,
            self.written,
            self.unchanged,
            self.skipped,
            self.removed,
            seconds,
            rate,
            if self.cold { "cold" } else { "incremental" }
        )
    }
}
