//! Subcommands: one module each, each owning its `Args` and one `run`.

/// `println!` into a `String` buffer, printed at the end with
/// `kazcrisis::output::emit` (which exits quietly on a broken pipe, where
/// `println!` would panic: `kazcrisis lexicon list | head -1`).
macro_rules! outln {
    ($buf:expr) => {
        $buf.push('\n')
    };
    ($buf:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($buf, $($arg)*);
    }};
}

pub mod actors;
pub mod casualties;
pub mod corpus_jsonl;
pub mod diff;
pub mod eval;
pub mod events;
pub mod export;
pub mod extract;
pub mod lexicon;
pub mod map;
pub mod merge;
pub mod places;
pub mod query_args;
pub mod report;
pub mod schema;
pub mod show;

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
    /// List events, filtered (type, actor, place, dates, language, ...).
    Events(events::Args),
    /// List actors: name, kind, mentions, documents, events, dates seen.
    Actors(actors::Args),
    /// List places: name, kind, coordinates, mentions, events, dates seen.
    Places(places::Args),
    /// Casualty and other tolls: every reported figure, reconciled.
    Casualties(casualties::Args),
    /// Show one event in full, its source sentences marked.
    Show(show::Args),
    /// Export events as CSV, JSON Lines or GeoJSON.
    Export(export::Args),
    /// Write one self-contained HTML report: timeline, tolls, map, events, actors.
    Report(report::Args),
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
        Command::Events(a) => events::run(a),
        Command::Actors(a) => actors::run(a),
        Command::Places(a) => places::run(a),
        Command::Casualties(a) => casualties::run(a),
        Command::Show(a) => show::run(a),
        Command::Export(a) => export::run(a),
        Command::Report(a) => report::run(a),
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
