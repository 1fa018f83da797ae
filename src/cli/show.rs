//! `kazcrisis show TIMELINE EVENT_ID`: one event with all its fields and
//! every source sentence, the trigger and the arguments marked (colour on
//! a terminal, `[[trigger]]` and `[argument|kind]` otherwise).

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::anyhow;

use kazcrisis::query::{events_records, find_event, show_text, Format};

use super::query_args::{Input, Output};

/// Arguments of `show`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis events timeline.json --type riot --format table\n  \
    kazcrisis show timeline.json ev-2d64089904b4 --color always | less -R")]
pub struct Args {
    #[command(flatten)]
    input: Input,
    /// The event's id (as `events` lists it).
    event: String,
    /// Colour the marks: auto (on a terminal), always or never.
    #[arg(long, value_parser = ["auto", "always", "never"], default_value = "auto")]
    color: String,
    #[command(flatten)]
    output: Output,
}

/// Run `show`. The default format is the readable view (`table`) wherever
/// stdout goes; json, jsonl and csv give the event as `events` does.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let t = a.input.read()?;
    let e = find_event(&t, &a.event).ok_or_else(|| {
        anyhow!(
            "{}: no event with id {:?}",
            a.input.timeline.display(),
            a.event
        )
    })?;
    let format = a.output.format.as_deref().and_then(Format::from_name);
    if matches!(format, None | Some(Format::Table)) {
        let colour = match a.color.as_str() {
            "always" => true,
            "never" => false,
            _ => std::io::stdout().is_terminal(),
        };
        kazcrisis::output::emit(None, &show_text(&t, e, colour))?;
        return Ok(ExitCode::SUCCESS);
    }
    a.output.write(&events_records(&[e])?)
}
