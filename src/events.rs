//! What the library tells its caller while it works: progress, waiting for another build, and
//! warnings. The library never prints; the CLI (or any caller) decides how to show these.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::build::BuildReport;
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
