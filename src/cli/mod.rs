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
pub mod completions;
pub mod corpus_jsonl;
pub mod diff;
pub mod eval;
pub mod events;
pub mod export;
pub mod extract;
pub mod lexicon;
pub mod man;
pub mod map;
pub mod merge;
pub mod places;
pub mod query_args;
pub mod report;
pub mod schema;
pub mod show;
pub mod ui;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn English and French news articles into a dated event timeline.
#[derive(Debug, Parser)]
#[command(
    name = "kazcrisis",
    version,
    about,
    after_help = "Example:\n  \
    kazcrisis extract corpus/ -o timeline.json\n  \
    kazcrisis events timeline.json --type riot --from 2022-01-05\n  \
    kazcrisis report timeline.json -o report.html\n\n\
    `kazcrisis COMMAND --help` shows each command's options and examples."
)]
pub struct Cli {
    /// No progress bar, warnings or summary on standard error (errors still print).
    #[arg(short, long, global = true)]
    pub quiet: bool,
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
    #[command(
        subcommand,
        after_help = "Example:\n  \
        kazcrisis lexicon check mycrisis.toml\n  \
        kazcrisis lexicon list --lexicon mycrisis.toml --kind person"
    )]
    Lexicon(lexicon::Command),
    /// Score a timeline against gold annotations (precision, recall, F1).
    Eval(eval::Args),
    /// List events, filtered (type, actor, place, dates, language, ...).
    Events(events::Args),
    /// List actors: name, kind, mentions, documents, events, dates seen.
    #[command(after_help = "Example:\n  \
        kazcrisis actors timeline.json --format table | head -20\n  \
        kazcrisis actors timeline.json --lexicon mycrisis.toml --format csv > actors.csv")]
    Actors(actors::Args),
    /// List places: name, kind, coordinates, mentions, events, dates seen.
    #[command(after_help = "Example:\n  \
        kazcrisis places timeline.json --format table\n  \
        kazcrisis places timeline.json --format json | jq '.[] | select(.lat != null)'")]
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
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::Args),
    /// Print the manual page, or write one per subcommand with `-o DIR`.
    Man(man::Args),
}

/// Dispatch.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    ui::set_quiet(cli.quiet);
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
        Command::Completions(a) => completions::run(a),
        Command::Man(a) => man::run(a),
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

    /// Every command and subcommand, nested ones included, with its path.
    fn all_commands(cmd: &clap::Command, path: String, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            let p = format!("{path} {}", sub.get_name());
            all_commands(sub, p.clone(), out);
            out.push((p, sub.clone()));
        }
    }

    #[test]
    fn every_subcommand_help_ends_with_an_example() {
        let top = Cli::command();
        let mut cmds = Vec::new();
        all_commands(&top, "kazcrisis".to_string(), &mut cmds);
        assert!(cmds.len() >= 18, "{} commands", cmds.len());
        assert!(cmds.iter().any(|(p, _)| p == "kazcrisis lexicon check"));
        assert!(cmds.iter().any(|(p, _)| p == "kazcrisis lexicon list"));
        cmds.push(("kazcrisis".to_string(), top));
        for (path, c) in &cmds {
            let after = c
                .get_after_help()
                .map(|s| s.to_string())
                .unwrap_or_default();
            assert!(
                after.starts_with("Example"),
                "`{path} --help` has no Example block"
            );
            // The example shows the command it documents.
            assert!(
                after.contains(path.as_str()),
                "`{path}`'s example does not run it"
            );
        }
    }
}
