//! `kazcrisis eval TIMELINE --gold GOLD.json`: placeholder until the eval issue lands.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The timeline to score.
    pub timeline: PathBuf,
    /// Gold annotations.
    #[arg(long)]
    pub gold: PathBuf,
}

/// Run `eval`.
pub fn run(_a: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("eval is not built yet")
}
