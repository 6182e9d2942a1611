//! The `replyvs` command: parse the arguments, run the library, show its events and errors, set
//! the exit code (0 success, 1 a problem with the site, 2 a usage error).

mod cli;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use replyvs::scaffold::{Existing, Written};
use replyvs::{BuildOptions, Error};

use cli::{BuildArgs, Cli, Command, InitArgs, NewCommand, ServeArgs, SiteArgs, ThemeCommand};
use report::{say, tell};

/// Large allocations (the manifest, the list of rendered outputs) get their own mapping, which is
/// returned to the system when freed. glibc raises this threshold each time it frees such a
/// mapping, after which later large allocations come from the heap and stay resident as
/// fragments: a full re-render of 500,000 pages peaked at 110 MB with the moving threshold and
/// at 83 MB with a fixed one. Setting it fixes it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_large_allocations_mapped() {
    // SAFETY: mallopt only sets a parameter of the allocator; it is called before any thread
    // exists and with a documented parameter and value.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_large_allocations_mapped() {}

fn main() -> ExitCode {
    keep_large_allocations_mapped();
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Build(BuildArgs { site: SiteArgs { content: "content".into(), theme: None, base_url: None, jobs: None }, output: "output".into(), shard: None }));
    let jobs = match &command {
        Command::Build(args) => args.site.jobs,
        Command::Check(args) => args.jobs,
        Command::Serve(args) => args.site.jobs,
        Command::Init(_) | Command::New(_) | Command::Theme(_) => None,
    };
    if let Some(jobs) = jobs
        && rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global().is_err()
    {
        tell!("error: cannot start {jobs} worker threads\n");
        return ExitCode::from(2);
    }
    let result = match command {
        Command::Build(args) => run_build(args),
        Command::Check(args) => run_check(args),
        Command::Serve(args) => run_serve(args),
        Command::Init(args) => run_init(args),
        Command::New(what) => run_new(what),
        Command::Theme(ThemeCommand::Export { dir, force }) => run_theme_export(&dir, force),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tell!("{}", report::error_chain(&error));
            ExitCode::from(if matches!(error, Error::Usage(_)) { 2 } else { 1 })
        }
    }
}

/// The theme folder: the one given, else `themes/default` when the current folder has one (a
/// checkout of replyvs itself, where editing it should show in `serve`), else the built-in theme.
fn theme_folder(given: Option<PathBuf>) -> Option<PathBuf> {
    given.or_else(|| Path::new("themes/default").is_dir().then(|| PathBuf::from("themes/default")))
}

fn options(site: SiteArgs, output: PathBuf, shard: Option<(usize, usize)>) -> BuildOptions {
    BuildOptions { content: site.content, theme: theme_folder(site.theme), output, base_url: site.base_url, shard, events: report::terminal_events() }
}

fn run_build(args: BuildArgs) -> Result<(), Error> {
    let report = replyvs::build(&options(args.site, args.output.clone(), args.shard))?;
    say!("{report}");
    say!("site written to {}", args.output.display());
    Ok(())
}

fn run_check(args: SiteArgs) -> Result<(), Error> {
    let report = replyvs::check(&options(args, "output".into(), None))?;
    say!("check passed: {} outputs rendered, {} pages verified, nothing written", report.outputs, report.pages);
    Ok(())
}

fn run_serve(args: ServeArgs) -> Result<(), Error> {
    let build = options(args.site, args.output, None);
    replyvs::serve::serve(replyvs::serve::ServeOptions { build, port: args.port })
}

fn existing(force: bool) -> Existing {
    if force { Existing::Keep } else { Existing::Refuse }
}

/// How many files were written into `dir`, and each one skipped because it was already there.
fn show_written(written: &Written, dir: &Path) {
    say!("wrote {} file(s) into {}", written.written.len(), dir.display());
    for file in &written.kept {
        say!("skipped {}: it already exists, and was left as it was", file.display());
    }
}

fn run_init(args: InitArgs) -> Result<(), Error> {
    let written = replyvs::scaffold::init(&args.dir, existing(args.force))?;
    show_written(&written, &args.dir);
    let cd = if args.dir == Path::new(".") { String::new() } else { format!("cd {} && ", args.dir.display()) };
    say!("next: {cd}replyvs serve, then open http://127.0.0.1:1111/ (README.md lists the next steps)");
    Ok(())
}

fn run_new(what: NewCommand) -> Result<(), Error> {
    let (file, required) = match what {
        NewCommand::Code { protocol, code, content } => (replyvs::scaffold::new_code(&content, &protocol, &code)?, "every field marked `required`"),
        NewCommand::Pair { protocol, a, b, content } => (replyvs::scaffold::new_pair(&content, &protocol, &a, &b)?, "`note`"),
    };
    say!("wrote {}: write the text of {required}, then run replyvs check", file.display());
    Ok(())
}

fn run_theme_export(dir: &Path, force: bool) -> Result<(), Error> {
    let written = replyvs::scaffold::export_theme(dir, existing(force))?;
    show_written(&written, dir);
    say!("use it with --theme {} (replyvs uses themes/default without being told, when it exists)", dir.display());
    Ok(())
}
