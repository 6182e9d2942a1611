//! How the command shows what the library reports: a progress bar on terminals, warnings and the
//! preview server's messages, and errors with their causes, each said once.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use replyvs::{Error, Event, Events};

/// `println!` that loses the line, not the build, when standard output is closed
/// (`replyvs build | head -1`) or full: `println!` panics there.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprint!` that never panics, for the same reason; the text brings its own line ends.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

pub(crate) use {say, tell};

/// Events shown on the terminal: progress (only when standard error is a terminal), warnings,
/// waiting for another build, and the preview server's lines.
pub(crate) fn terminal_events() -> Events {
    let bar: Arc<Mutex<Option<indicatif::ProgressBar>>> = Arc::new(Mutex::new(None));
    Events::new(move |event| {
        let mut bar = bar.lock().expect("no thread panicked while holding it");
        match event {
            Event::Started { total } if std::io::stderr().is_terminal() => {
                let progress = indicatif::ProgressBar::new(*total as u64);
                progress.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages ({per_sec}, {eta} left)").expect("the template is valid"));
                *bar = Some(progress);
            }
            Event::Progress => {
                if let Some(progress) = bar.as_ref() {
                    progress.inc(1);
                }
            }
            Event::Finished => {
                if let Some(progress) = bar.take() {
                    progress.finish_and_clear();
                }
            }
            Event::Waiting { output } => tell!("waiting: another replyvs build is writing to {}\n", output.display()),
            Event::Warning(diagnostic) => tell!("{}", diagnostic.to_string().replacen("error: ", "warning: ", 1)),
            Event::Serving { url, folder } => say!("serving {} at {url} (Ctrl-C to stop)", folder.display()),
            Event::Rebuilt(report) => say!("{report}"),
            Event::RebuildFailed(error) => tell!("{}still serving the last good build\n", error_chain(error)),
            _ => {}
        }
    })
}

/// The error and every `source()` below it that adds something: Tera keeps the useful part of
/// its errors there, while an I/O error's cause is already in its message.
pub(crate) fn error_chain(error: &Error) -> String {
    let mut text = format!("{error}\n");
    let mut said = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let line = cause.to_string();
        if !said.contains(&line) {
            text.push_str(&format!("  caused by: {line}\n"));
            said.push_str(&line);
        }
        source = cause.source();
    }
    text
}
