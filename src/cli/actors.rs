//! `kazcrisis actors TIMELINE`: every actor id with its display name,
//! kind, mentions, documents, events, and first and last date seen.

use std::path::PathBuf;
use std::process::ExitCode;

use kazcrisis::query::{entity_records, entity_summaries, EntityRole};
use kazcrisis::Lexicon;

use super::query_args::{Input, Output};

/// Arguments of `actors` (and `places`).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: Input,
    /// Extra lexicon files for display names and kinds (as for `extract`).
    #[arg(long = "lexicon")]
    lexicons: Vec<PathBuf>,
    #[command(flatten)]
    output: Output,
}

/// Run `actors`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    summarise(a, EntityRole::Actor)
}

/// Summarise actors or places.
pub fn summarise(a: Args, role: EntityRole) -> anyhow::Result<ExitCode> {
    let lexicon = Lexicon::load(&a.lexicons, None)?;
    let t = a.input.read()?;
    let list = entity_summaries(&t, role, &lexicon.entities);
    a.output.write(&entity_records(&list, role))
}
