//! `kazcrisis merge PARTS... [-o FILE]`: the reduce step alone. Reads the
//! partials `map` wrote (files, folders of `.jsonl` files, or `-` for
//! standard input), in any order and any split, and writes the timeline
//! exactly as `extract` would have.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `merge`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis map corpus/ > parts.jsonl\n  \
    kazcrisis merge parts.jsonl -o timeline.json\n  \
    cat parts/*.jsonl | kazcrisis merge - --pretty")]
pub struct Args {
    /// Partial files, folders of `.jsonl` files, or `-` for standard input.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Output file (written atomically); standard output when absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Indented JSON instead of one record per line.
    #[arg(long)]
    pub pretty: bool,
    /// The user lexicons `map` was given (the merge reads which actors are
    /// generic groups and which country each place is in).
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    /// The GeoNames dump `map` was given, if any.
    #[arg(long, value_name = "GEONAMES.txt")]
    pub gazetteer: Option<PathBuf>,
}

/// Run `merge`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let lexicon = kazcrisis::Lexicon::load(&a.lexicons, a.gazetteer.as_deref())?;
    let ctx = kazcrisis::merge::MergeContext::new(&lexicon);
    let timeline = kazcrisis::jsonl::merge_paths(&a.parts, &ctx)?;
    let text = kazcrisis::output::render(&timeline, a.pretty)?;
    kazcrisis::output::emit(a.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
