//! `kazcrisis casualties TIMELINE [--policy P] [--by-date] [--figures]`:
//! for each (category, group) every figure reported, reconciled into a
//! range, the lowest and the latest, and a headline chosen by policy; or
//! how each toll evolved from one publication date to the next.

use std::process::ExitCode;

use kazcrisis::query::{
    casualties, casualty_records, documents_mentioning, series_records, Policy,
};

use super::query_args::{Input, Output};

/// Arguments of `casualties`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis casualties timeline.json\n  \
    kazcrisis casualties timeline.json --policy range --by-date --category killed\n  \
    kazcrisis casualties timeline.json --figures --group security_forces --format csv")]
pub struct Args {
    #[command(flatten)]
    input: Input,
    /// Headline figure: the lowest reported (conservative), lowest to
    /// highest (range), or the one of the latest publication date (latest).
    #[arg(long, value_parser = ["conservative", "range", "latest"], default_value = "conservative")]
    policy: String,
    /// The series by publication date: per date the highest figure
    /// reported that day, and the change from the date before.
    #[arg(long, conflicts_with = "figures")]
    by_date: bool,
    /// One row per reported figure, with its document, date and sentence.
    #[arg(long)]
    figures: bool,
    /// Only this category (repeatable: killed, injured, hospitalized,
    /// arrested, participants, deployed).
    #[arg(long = "category", value_name = "CATEGORY")]
    categories: Vec<String>,
    /// Only this group (repeatable: security_forces, protesters, civilians, unspecified).
    #[arg(long = "group", value_name = "GROUP")]
    groups: Vec<String>,
    /// Only figures from this document id.
    #[arg(long, value_name = "ID")]
    doc: Option<String>,
    /// Only figures from documents that mention this place id (to keep
    /// one crisis apart from another in a mixed corpus).
    #[arg(long, value_name = "ID")]
    place: Option<String>,
    #[command(flatten)]
    output: Output,
}

/// Run `casualties`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let policy = Policy::from_name(&a.policy).unwrap_or(Policy::Conservative);
    let t = a.input.read()?;
    let docs = a.place.as_deref().map(|p| documents_mentioning(&t, p));
    let tallies = casualties(&t, |category, group, doc| {
        (a.categories.is_empty() || a.categories.iter().any(|c| c == category))
            && (a.groups.is_empty() || a.groups.iter().any(|g| g == group))
            && a.doc.as_deref().is_none_or(|d| d == doc)
            && docs.as_ref().is_none_or(|ds| ds.contains(doc))
    });
    let records = if a.by_date {
        series_records(&tallies)
    } else {
        casualty_records(&tallies, policy, a.figures)
    };
    a.output.write(&records)
}
