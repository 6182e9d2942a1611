//! Command-line arguments (clap derive types only).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Build a reference site of protocol reply codes and every pairwise comparison.
#[derive(Debug, Parser)]
#[command(name = "replyvs", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (the default command).
    Build(BuildArgs),
    /// Load, validate and render everything in memory, check the whole site, write nothing.
    Check(SiteArgs),
    /// Build, serve on 127.0.0.1, rebuild on every change and reload open pages.
    Serve(ServeArgs),
    /// Start a new site: settings, one protocol with two codes, a pair note, a page, a README of
    /// next steps and a .gitignore.
    Init(InitArgs),
    /// Write a new content file with every field of the data format, the required ones first.
    #[command(subcommand)]
    New(NewCommand),
    /// Work with themes.
    #[command(subcommand)]
    Theme(ThemeCommand),
}

/// Where the site comes from.
#[derive(Debug, Args, Clone)]
pub(crate) struct SiteArgs {
    /// The content folder.
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
    /// The theme folder (default: themes/default when it exists, else the built-in theme).
    #[arg(long)]
    pub(crate) theme: Option<PathBuf>,
    /// Overrides base_url from site.yaml (for example for a preview deployment).
    #[arg(long)]
    pub(crate) base_url: Option<String>,
    /// Worker threads (default: one per core). Output never depends on it.
    #[arg(long)]
    pub(crate) jobs: Option<usize>,
}

#[derive(Debug, Args, Clone)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// The output folder.
    #[arg(long, default_value = "output")]
    pub(crate) output: PathBuf,
    /// Build only a deterministic slice of the outputs, K of N (for example 2/4).
    #[arg(long, value_parser = parse_shard)]
    pub(crate) shard: Option<(usize, usize)>,
}

#[derive(Debug, Args, Clone)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Where the preview is built (kept apart from the deployable output folder).
    #[arg(long, default_value = ".replyvs-serve")]
    pub(crate) output: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
}

#[derive(Debug, Args, Clone)]
pub(crate) struct InitArgs {
    /// The folder of the new site; it is created when it does not exist.
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Write into a folder that already holds files, keeping every file that is already there.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum NewCommand {
    /// A code: <content>/<protocol>/<code>.yaml.
    Code {
        /// The protocol (its folder in the content folder, such as smtp).
        protocol: String,
        /// The code (such as 550 or X.1.1).
        code: String,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// A note for a pair of codes: <content>/<protocol>/pairs/<a>-vs-<b>.yaml.
    Pair {
        /// The protocol (its folder in the content folder, such as smtp).
        protocol: String,
        /// One code of the pair.
        a: String,
        /// The other code, in either order.
        b: String,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ThemeCommand {
    /// Write every file of the built-in theme into DIR, to start a theme of one's own.
    Export {
        /// The folder to write the theme into; it is created when it does not exist.
        dir: PathBuf,
        /// Write into a folder that already holds files, keeping every file that is already there.
        #[arg(long)]
        force: bool,
    },
}

fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let (k, n) = text.split_once('/').ok_or("write K/N, for example 1/4")?;
    let (k, n): (usize, usize) = (k.parse().map_err(|_| "K must be a number")?, n.parse().map_err(|_| "N must be a number")?);
    if n == 0 || k == 0 || k > n {
        return Err("K/N needs 1 <= K <= N".into());
    }
    Ok((k, n))
}
