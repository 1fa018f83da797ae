//! The contract's types (../shared/CONTRACT.md): what `extract` writes and
//! every query command reads back. Field order here is output order.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema version written in every timeline.
pub const SCHEMA_VERSION: &str = "1.0";

/// The contract's event types (../shared/CONTRACT.md).
pub const EVENT_TYPES: &[&str] = &[
    "protest",
    "riot",
    "armed_clash",
    "seizure",
    "deployment",
    "assistance_request",
    "arrest",
    "resignation",
    "emergency_measure",
    "internet_shutdown",
    "price_change",
    "casualty_report",
    "statement",
];
/// A whole timeline: documents, their mentions, and merged events.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Timeline {
    /// Contract version ("1.0").
    pub schema_version: String,
    /// Every document read, sorted by id.
    pub documents: Vec<Document>,
    /// Every mention, sorted by document, start, end, kind.
    pub mentions: Vec<Mention>,
    /// Merged events, sorted by date then first source.
    pub events: Vec<Event>,
    /// Inputs passed over with `--skip-bad`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// An input file that could not be read and was skipped.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Skipped {
    /// The path as given or discovered.
    pub path: String,
    /// Why it was skipped.
    pub reason: String,
}

/// One article.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Document {
    /// Path relative to the input root, without extension.
    pub id: String,
    /// Path as read.
    pub path: String,
    /// "en", "fr" or "und".
    pub lang: String,
    /// Confidence of the language decision, 0..1.
    pub lang_confidence: f64,
    /// Document creation time (publication date), YYYY-MM-DD.
    pub dct: Option<String>,
    /// Where the DCT came from: "manifest", "flag", "inferred".
    pub dct_source: Option<String>,
    /// Confidence of an inferred DCT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dct_confidence: Option<f64>,
    /// How the bytes were decoded.
    pub encoding: String,
    /// Sentence byte spans.
    pub sentences: Vec<Span>,
}

/// A byte span.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
pub struct Span {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// A typed span of a document: a time, a quantity, an actor or a place.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Mention {
    /// Document id.
    pub doc: String,
    /// Sentence index in the document.
    pub sentence: usize,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Exactly the byte slice `start..end` of the document.
    pub text: String,
    /// What kind of mention, with its kind-specific fields.
    #[serde(flatten)]
    pub kind: MentionKind,
    /// The rule or lexicon entry that fired (with `--explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// The kind-specific part of a mention.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum MentionKind {
    /// A time expression.
    Time {
        /// TIMEX3-like value, null when unresolvable.
        value: Option<String>,
        /// "date", "time", "duration" or "set".
        #[serde(rename = "type")]
        ttype: String,
        /// End of a range ("du 5 au 19 janvier").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end_value: Option<String>,
        /// A weekday that contradicts the date it stands with.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        conflict: bool,
    },
    /// A count.
    Quantity {
        /// killed, injured, hospitalized, arrested, participants, deployed, other.
        category: String,
        /// security_forces, protesters, civilians, unspecified.
        group: String,
        /// Lower bound, null when open.
        min: Option<u64>,
        /// Upper bound, null when open.
        max: Option<u64>,
        /// Whether the figure is vague or bounded.
        approximate: bool,
    },
    /// An actor.
    Actor {
        /// Actor id (slug).
        id: String,
        /// False for open-vocabulary actors no lexicon knows.
        #[serde(default = "yes", skip_serializing_if = "Clone::clone")]
        known: bool,
    },
    /// A place.
    Place {
        /// Place id (slug).
        id: String,
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
    },
}

fn yes() -> bool {
    true
}

/// A count attached to an event.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Count {
    /// Quantity category.
    pub category: String,
    /// Quantity group.
    pub group: String,
    /// Lower bound.
    pub min: Option<u64>,
    /// Upper bound.
    pub max: Option<u64>,
    /// Vague or bounded.
    pub approximate: bool,
    /// Reconciled across sources: the lowest reported lower bound (conservative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<Vec<ReportedCount>>,
}

/// One figure as one source reported it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ReportedCount {
    /// Document id.
    pub doc: String,
    /// Byte offset of the figure.
    pub start: usize,
    /// Lower bound.
    pub min: Option<u64>,
    /// Upper bound.
    pub max: Option<u64>,
}

/// One sentence that reports an event.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Source {
    /// Document id.
    pub doc: String,
    /// Sentence index.
    pub sentence: usize,
    /// Sentence start byte.
    pub start: usize,
    /// Sentence end byte.
    pub end: usize,
    /// The sentence text.
    pub text: String,
    /// The date this document gives the event.
    pub date: Option<String>,
    /// The document's language.
    pub lang: String,
    /// The trigger's byte span in the document.
    pub trigger: Span,
}

/// Why sources were merged.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct MergeNote {
    /// Index of the source in `sources`.
    pub source: usize,
    /// Fields that agreed with the event.
    pub agreed: Vec<String>,
    /// Fields that conflicted.
    pub conflicts: Vec<String>,
}

/// A typed, dated event with every source that reports it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Event {
    /// Stable id derived from type, date and earliest source.
    pub id: String,
    /// Event type (contract vocabulary).
    #[serde(rename = "type")]
    pub etype: String,
    /// YYYY-MM-DD, YYYY-MM, YYYY, or null.
    pub date: Option<String>,
    /// "day", "week", "month", "year".
    pub date_precision: Option<String>,
    /// End of a dated range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
    /// asserted, negated, hypothetical, reported.
    pub modality: String,
    /// Actor ids.
    pub actors: Vec<String>,
    /// Place ids.
    pub places: Vec<String>,
    /// Counts of contract categories.
    pub counts: Vec<Count>,
    /// Every sentence reporting it.
    pub sources: Vec<Source>,
    /// Why sources were merged (one note per source after the first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge: Vec<MergeNote>,
    /// The rule that typed it (with `--explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}
