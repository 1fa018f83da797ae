//! `kazcrisis report TIMELINE -o report.html`: one self-contained HTML
//! page (timeline, tolls as reported, map, filterable event cards, actors)
//! that works offline.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use kazcrisis::Lexicon;

use super::query_args::Input;

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  kazcrisis extract corpus/ -o timeline.json\n  \
    kazcrisis report timeline.json -o report.html\n  \
    kazcrisis extract corpus/ | kazcrisis report - -o report.html"
)]
pub struct Args {
    #[command(flatten)]
    input: Input,
    /// The HTML file to write (atomically); `-` for standard output.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Extra lexicon files for display names (as for `extract`).
    #[arg(long = "lexicon")]
    lexicons: Vec<PathBuf>,
}

/// Run `report`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if a.output.as_os_str().is_empty() {
        bail!("-o: an output file is needed");
    }
    let lexicon = Lexicon::load(&a.lexicons, None)?;
    let t = a.input.read()?;
    // The page names the timeline by its file name (no directories).
    let name = match a.input.timeline.file_name() {
        Some(n) if a.input.timeline.as_os_str() != "-" => n.to_string_lossy().into_owned(),
        _ => "<stdin>".to_string(),
    };
    let html = kazcrisis::report::report_html(t, &lexicon.entities, &name)?;
    kazcrisis::output::emit(Some(&a.output), &html)?;
    Ok(ExitCode::SUCCESS)
}
