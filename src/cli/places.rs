//! `kazcrisis places TIMELINE`: every place id with its display name,
//! kind, coordinates, mentions, documents, events, first and last date seen.

use std::process::ExitCode;

use kazcrisis::query::EntityRole;

/// Arguments of `places`: those of `actors`.
pub use super::actors::Args;

/// Run `places`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    super::actors::summarise(a, EntityRole::Place)
}
