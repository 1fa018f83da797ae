//! `kazcrisis diff OLD NEW`: compare two timelines semantically and say
//! what changed: documents, events (matched by id, then by type, date and
//! overlapping sources) and mentions (by document, span and kind). Exit 0
//! when equal, 1 when they differ, 2 when a file cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use kazcrisis::diff::{diff, read_timeline, Scope};

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis diff old.json new.json\n  \
    kazcrisis diff old.json new.json --summary\n  \
    kazcrisis diff old.json new.json --only events --format json")]
pub struct Args {
    /// The old timeline (`-` for standard input).
    pub old: PathBuf,
    /// The new timeline (`-` for standard input).
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
    /// Counts only.
    #[arg(long)]
    pub summary: bool,
    /// Compare only events or only mentions (default: documents, events and mentions).
    #[arg(long, value_parser = ["events", "mentions"])]
    pub only: Option<String>,
}

/// Run `diff`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if a.old.as_os_str() == "-" && a.new.as_os_str() == "-" {
        anyhow::bail!("only one of OLD and NEW can be standard input");
    }
    let old = read_timeline(&a.old)?;
    let new = read_timeline(&a.new)?;
    let scope = match a.only.as_deref() {
        Some("events") => Scope {
            documents: false,
            events: true,
            mentions: false,
        },
        Some("mentions") => Scope {
            documents: false,
            events: false,
            mentions: true,
        },
        _ => Scope::all(),
    };
    let report = diff(&old, &new, scope);
    let text = if a.format == "json" {
        let mut s = serde_json::to_string_pretty(&report.to_json(a.summary))?;
        s.push('\n');
        s
    } else if a.summary {
        report.summary_text()
    } else {
        report.text()
    };
    kazcrisis::output::emit(None, &text)?;
    Ok(if report.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
