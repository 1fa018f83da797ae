//! `kazcrisis schema`: the JSON Schema of the timeline, generated from the
//! Rust types so it never drifts from what `extract` writes.

use std::process::ExitCode;

/// Arguments of `schema` (none).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis schema > timeline.schema.json")]
pub struct Args {}

/// The schema as a JSON value.
pub fn schema_json() -> anyhow::Result<String> {
    let schema = schemars::schema_for!(kazcrisis::Timeline);
    Ok(serde_json::to_string_pretty(&schema)?)
}

/// Run `schema`.
pub fn run(_a: Args) -> anyhow::Result<ExitCode> {
    let mut text = schema_json()?;
    text.push('\n');
    kazcrisis::output::emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}
