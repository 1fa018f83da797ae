//! `kazcrisis lexicon check FILE` validates a user lexicon; `kazcrisis
//! lexicon list` prints every loaded actor and place with its source.

use std::path::PathBuf;
use std::process::ExitCode;

use kazcrisis::lexicon::entities::{parse_entity_file, Origin};
use kazcrisis::Lexicon;

/// `lexicon` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Validate lexicon files (syntax, fields, ids, aliases, coordinates).
    #[command(after_help = "Example:\n  \
        kazcrisis lexicon check mycrisis.toml\n  \
        kazcrisis lexicon check data/*.toml mycrisis.toml")]
    Check {
        /// Lexicon files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print what is loaded: sources, then one entry per line.
    #[command(after_help = "Example:\n  \
        kazcrisis lexicon list --kind city | head\n  \
        kazcrisis lexicon list --lexicon mycrisis.toml | grep -i tokayev")]
    List {
        /// Extra lexicon files, as with `extract --lexicon`.
        #[arg(long = "lexicon")]
        lexicons: Vec<PathBuf>,
        /// Only entries of this kind (person, organisation, group, country, city, region).
        #[arg(long)]
        kind: Option<String>,
    },
}

/// Run `lexicon`.
pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Check { files } => {
            for f in &files {
                let shown = f.display().to_string();
                let src = std::fs::read_to_string(f)
                    .map_err(|e| anyhow::anyhow!("{shown}: cannot read: {e}"))?;
                let n = parse_entity_file(&shown, &src, Origin::User)?;
                let line = format!("{shown}: ok, {} entries\n", n.len());
                kazcrisis::output::emit(None, &line)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::List { lexicons, kind } => {
            let lex = Lexicon::load(&lexicons, None)?;
            let mut buf = String::new();
            for s in &lex.sources() {
                outln!(buf, "# {s}");
            }
            for e in lex.entities.entries.iter().chain(lex.entities.homonyms()) {
                if kind.as_deref().is_some_and(|k| k != e.kind.as_str()) {
                    continue;
                }
                let coords = match (e.lat, e.lon) {
                    (Some(a), Some(b)) => format!("\t{a},{b}"),
                    _ => String::new(),
                };
                outln!(
                    buf,
                    "{}\t{}\t{}{}",
                    e.id,
                    e.kind.as_str(),
                    e.display_name(),
                    coords
                );
            }
            kazcrisis::output::emit(None, &buf)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
