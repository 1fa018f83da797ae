//! Flags every query command shares (the timeline to read, the output
//! format, the event filters), turned once into the library's types.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use regex::Regex;

use kazcrisis::query::{self, EventFilter, Format, Records, MODALITIES};
use kazcrisis::Timeline;

/// The timeline to read.
#[derive(Debug, clap::Args)]
pub struct Input {
    /// Timeline JSON written by `extract`, or `-` for standard input.
    pub timeline: PathBuf,
}

impl Input {
    /// Read and check the timeline.
    pub fn read(&self) -> anyhow::Result<Timeline> {
        Ok(query::read_timeline(&self.timeline)?)
    }
}

/// How results are written.
#[derive(Debug, clap::Args)]
pub struct Output {
    /// Output format [default: table on a terminal, jsonl otherwise].
    #[arg(long, value_parser = ["table", "json", "jsonl", "csv"])]
    pub format: Option<String>,
    /// Keep CSV cells starting with = + - @ tab or CR as they are
    /// (by default they get a leading ' so spreadsheets do not run them).
    #[arg(long)]
    pub raw_csv: bool,
}

impl Output {
    /// The chosen format, or the default for where stdout goes.
    pub fn format(&self) -> Format {
        match self.format.as_deref().and_then(Format::from_name) {
            Some(f) => f,
            None if std::io::stdout().is_terminal() => Format::Table,
            None => Format::Jsonl,
        }
    }

    /// Render and print records; an empty result is still a success.
    pub fn write(&self, records: &Records) -> anyhow::Result<ExitCode> {
        let text = query::render(records, self.format(), self.raw_csv)?;
        kazcrisis::output::emit(None, &text)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Which events to keep; filters combine with AND.
#[derive(Debug, clap::Args)]
pub struct Filters {
    /// Only events of this type (repeatable: any of them).
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
    /// Only events with this actor id.
    #[arg(long, value_name = "ID")]
    pub actor: Option<String>,
    /// Only events with this place id.
    #[arg(long, value_name = "ID")]
    pub place: Option<String>,
    /// Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD; an
    /// event with a coarser date overlapping it is kept; undated events are
    /// dropped).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only events on or before this date (inclusive; as --from).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only events with a source in this language.
    #[arg(long, value_parser = ["en", "fr", "und"])]
    pub lang: Option<String>,
    /// Only events with a source from this document id.
    #[arg(long, value_name = "ID")]
    pub doc: Option<String>,
    /// Only events reported by at least N distinct documents.
    #[arg(long, value_name = "N")]
    pub min_sources: Option<usize>,
    /// Only these modalities (repeatable; `all` for every one)
    /// [default: asserted and reported].
    #[arg(long, value_parser = ["asserted", "reported", "negated", "hypothetical", "all"])]
    pub modality: Vec<String>,
    /// Only events with a source sentence matching this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub text: Option<String>,
    /// Hide undated events (listed last otherwise).
    #[arg(long)]
    pub dated: bool,
}

fn bound(flag: &str, s: &str, end: bool) -> anyhow::Result<NaiveDate> {
    match query::date_range(s) {
        Some((a, b)) => Ok(if end { b } else { a }),
        None => bail!("--{flag} {s:?}: expected YYYY, YYYY-MM or YYYY-MM-DD"),
    }
}

impl Filters {
    /// Build the library filter: dates parsed, the regex compiled once.
    pub fn build(&self) -> anyhow::Result<EventFilter> {
        let modalities = if self.modality.is_empty() {
            vec!["asserted".to_string(), "reported".to_string()]
        } else if self.modality.iter().any(|m| m == "all") {
            MODALITIES.iter().map(|m| m.to_string()).collect()
        } else {
            self.modality.clone()
        };
        if let Some(t) = self
            .types
            .iter()
            .find(|t| !kazcrisis::timeline::EVENT_TYPES.contains(&t.as_str()))
        {
            bail!(
                "--type {t:?}: not an event type (one of {})",
                kazcrisis::timeline::EVENT_TYPES.join(", ")
            );
        }
        let text = match &self.text {
            Some(r) => Some(Regex::new(r).with_context(|| format!("--text {r:?}"))?),
            None => None,
        };
        Ok(EventFilter {
            types: self.types.clone(),
            actor: self.actor.clone(),
            place: self.place.clone(),
            from: self
                .from
                .as_deref()
                .map(|s| bound("from", s, false))
                .transpose()?,
            to: self
                .to
                .as_deref()
                .map(|s| bound("to", s, true))
                .transpose()?,
            lang: self.lang.clone(),
            doc: self.doc.clone(),
            min_sources: self.min_sources,
            modalities,
            text,
            dated: self.dated,
        })
    }
}
