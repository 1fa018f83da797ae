//! `kazcrisis events TIMELINE [filters] [--format ...]`: the events that
//! pass every filter, sorted by date then id, undated last. JSON and JSON
//! Lines give whole events as in the timeline; table and CSV give the
//! export row.

use std::process::ExitCode;

use super::query_args::{Filters, Input, Output};

/// Arguments of `events`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis events timeline.json --type riot --from 2022-01-05 --to 2022-01-07\n  \
    kazcrisis events timeline.json --actor tokayev --lang fr --format csv > tokayev.csv\n  \
    kazcrisis extract corpus/ | kazcrisis events - --min-sources 2 --format table")]
pub struct Args {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    filters: Filters,
    #[command(flatten)]
    output: Output,
}

/// Run `events`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let filter = a.filters.build()?;
    let t = a.input.read()?;
    let events = kazcrisis::query::select_events(&t, &filter);
    a.output.write(&kazcrisis::query::events_records(&events)?)
}
