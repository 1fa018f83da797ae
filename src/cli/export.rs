//! `kazcrisis export TIMELINE --format csv|jsonl|geojson [-o FILE]`: one
//! row per event for spreadsheets and scripts, or a GeoJSON
//! FeatureCollection with a Point per event and place for maps. Takes the
//! filters of `events` (with the same defaults).

use std::path::PathBuf;
use std::process::ExitCode;

use kazcrisis::query::{export_records, geojson, render, select_events, Format};

use super::query_args::{Filters, Input};

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis export timeline.json --format geojson -o events.geojson\n  \
    kazcrisis export timeline.json --type arrest --from 2022-01 -o arrests.csv\n  \
    kazcrisis export timeline.json --format jsonl | jq -r .id")]
pub struct Args {
    #[command(flatten)]
    input: Input,
    /// Output format.
    #[arg(long, value_parser = ["csv", "jsonl", "geojson"], default_value = "csv")]
    format: String,
    /// Output file (written atomically); standard output when absent or `-`.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Keep CSV cells starting with = + - @ tab or CR as they are.
    #[arg(long)]
    raw_csv: bool,
    #[command(flatten)]
    filters: Filters,
}

/// Run `export`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let filter = a.filters.build()?;
    let t = a.input.read()?;
    let events = select_events(&t, &filter);
    let text = match a.format.as_str() {
        "geojson" => {
            let (fc, missing) = geojson(&t, &events);
            if !missing.is_empty() {
                let list: Vec<&str> = missing.iter().map(String::as_str).collect();
                super::ui::note(format!(
                    "no coordinates in the timeline for {}; left out of the map",
                    list.join(", ")
                ));
            }
            let mut s = serde_json::to_string_pretty(&fc)?;
            s.push('\n');
            s
        }
        "jsonl" => render(&export_records(&events), Format::Jsonl, a.raw_csv)?,
        _ => render(&export_records(&events), Format::Csv, a.raw_csv)?,
    };
    kazcrisis::output::emit(a.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
