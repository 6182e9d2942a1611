//! The `replyvs` command: parse the arguments, run the library, print errors, set the exit code
//! (0 success, 1 a problem with the site, 2 a usage error).

mod cli;

use std::process::ExitCode;

use clap::Parser;
use replyvs::{BuildOptions, Error};

use cli::{BuildArgs, Cli, Command, ServeArgs, SiteArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Build(BuildArgs {
        site: SiteArgs { content: "content".into(), theme: "themes/default".into(), base_url: None, jobs: None },
        output: "output".into(),
        shard: None,
    }));
    let jobs = match &command {
        Command::Build(args) => args.site.jobs,
        Command::Check(args) => args.jobs,
        Command::Serve(args) => args.site.jobs,
    };
    if let Some(jobs) = jobs
        && rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global().is_err() {
            eprintln!("error: cannot start {jobs} worker threads");
            return ExitCode::from(2);
        }
    let result = match command {
        Command::Build(args) => run_build(args),
        Command::Check(args) => run_check(args),
        Command::Serve(args) => run_serve(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            print_error_chain(&error);
            ExitCode::from(1)
        }
    }
}

fn options(site: SiteArgs, output: std::path::PathBuf, shard: Option<(usize, usize)>) -> BuildOptions {
    BuildOptions { content: site.content, theme: site.theme, output, base_url: site.base_url, shard, progress: true }
}

fn run_build(args: BuildArgs) -> Result<(), Error> {
    let report = replyvs::build(&options(args.site, args.output.clone(), args.shard))?;
    println!("{report}");
    println!("site written to {}", args.output.display());
    Ok(())
}

fn run_check(args: SiteArgs) -> Result<(), Error> {
    let report = replyvs::check(&options(args, "output".into(), None))?;
    println!("check passed: {} outputs rendered, {} pages verified, nothing written", report.outputs, report.pages);
    Ok(())
}

fn run_serve(args: ServeArgs) -> Result<(), Error> {
    let build = options(args.site, args.output, None);
    replyvs::serve::serve(replyvs::serve::ServeOptions { build, port: args.port })
}

/// Prints the error and every `source()` below it: Tera keeps the useful part there.
fn print_error_chain(error: &Error) {
    eprintln!("{error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}
