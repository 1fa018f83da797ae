//! `kazcrisis events TIMELINE [filters] [--format ...]`: the events that
//! pass every filter, sorted by date then id, undated last. JSON and JSON
//! Lines give whole events as in the timeline; table and CSV give the
//! export row.

use std::process::ExitCode;

use super::query_args::{Filters, Input, Output};

/// Arguments of `events`.
#[derive(Debug, clap::Args)]
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
