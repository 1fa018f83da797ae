//! Reading a timeline back and querying it: the shared engine behind
//! `events`, `actors`, `places`, `casualties`, `show` and `export`.
//!
//! A timeline is read once into [`Timeline`](crate::Timeline) (file or
//! stdin, schema version checked), filtered and summarised here into
//! [`Records`], and rendered as a table, JSON, JSON Lines or CSV by
//! [`render`]. The command modules in `src/cli/` only turn flags into these
//! calls.

mod casualties;
mod dates;
mod entities;
mod events;
mod format;
mod read;
mod show;

pub use casualties::{
    casualties, casualty_records, documents_mentioning, series_records, Figure, Policy, Tally,
};
pub use dates::{date_range, event_range};
pub use entities::{entity_records, entity_summaries, EntityRole, EntitySummary};
pub use events::{
    event_row, events_records, export_records, geojson, select_events, EventFilter, CATEGORIES,
    MODALITIES,
};
pub use format::{neutralise, render, Format, Records};
pub use read::{check_schema, parse_timeline, read_timeline, SentenceTexts};
pub use show::{find_event, show_text, source_pieces};
