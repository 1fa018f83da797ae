//! Subcommands: one module each, each owning its `Args` and one `run`.

pub mod corpus_jsonl;
pub mod diff;
pub mod eval;
pub mod extract;
pub mod lexicon;
pub mod map;
pub mod merge;
pub mod schema;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn English and French news articles into a dated event timeline.
#[derive(Debug, Parser)]
#[command(name = "kazcrisis", version, about)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a corpus and write the timeline JSON.
    Extract(extract::Args),
    /// Print the JSON Schema of the timeline.
    Schema(schema::Args),
    /// Check or list lexicons.
    #[command(subcommand)]
    Lexicon(lexicon::Command),
    /// Score a timeline against gold annotations (precision, recall, F1).
    Eval(eval::Args),
    /// Compare two timelines: added, removed and changed events and mentions.
    Diff(diff::Args),
    /// The per-document step alone: documents in, one partial per line out.
    Map(map::Args),
    /// The reduce step alone: partials in, the timeline out.
    Merge(merge::Args),
    /// Turn a corpus folder and its manifest into map's JSON Lines input.
    CorpusJsonl(corpus_jsonl::Args),
}

/// Dispatch.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Schema(a) => schema::run(a),
        Command::Lexicon(c) => lexicon::run(c),
        Command::Eval(a) => eval::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Map(a) => map::run(a),
        Command::Merge(a) => merge::run(a),
        Command::CorpusJsonl(a) => corpus_jsonl::run(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
