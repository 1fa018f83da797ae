//! The map/merge seam as JSON Lines, so a cluster engine can run the map:
//! documents in (`corpus-jsonl` writes them, `map` reads them on standard
//! input), partials out (`map`, one line per document), partials back in
//! (`merge`, which assembles the timeline exactly as `extract` does).

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::extract::{self, DctPolicy, Options, Partial};
use crate::lexicon::Lexicon;
use crate::timeline::{Document, Event, Mention, Skipped, Timeline};

/// Encodings a document line may name (the contract's `documents[].encoding`).
pub const ENCODINGS: &[&str] = &["utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"];

/// Documents processed in parallel per batch when mapping standard input.
const BATCH_DOCS: usize = 512;
/// Bytes of text per batch when mapping standard input.
const BATCH_BYTES: usize = 16 << 20;

/// One input document of `map`: a line of the JSON Lines corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocLine {
    /// The document id (as `extract` would give it: path without extension).
    pub id: String,
    /// The decoded text; offsets are bytes into it.
    pub text: String,
    /// Publication date YYYY-MM-DD (the manifest's date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Force the rules of one language ("en" or "fr").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The path the document was read from (default: its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// How its bytes were decoded (default "utf-8").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// A document line checked and ready for the map step.
#[derive(Debug, Clone)]
struct Checked {
    line: DocLine,
    published: Option<NaiveDate>,
    lang: Option<&'static str>,
}

/// Parse and check one document line; the error says what is wrong.
fn check_doc_line(text: &str) -> std::result::Result<Checked, String> {
    let line: DocLine = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if line.id.trim().is_empty() {
        return Err("empty `id`".into());
    }
    let published = match line.published.as_deref() {
        None => None,
        Some(p) => Some(
            NaiveDate::parse_from_str(p, "%Y-%m-%d")
                .map_err(|_| format!("`published` {p:?} is not a date YYYY-MM-DD"))?,
        ),
    };
    let lang = match line.lang.as_deref() {
        None => None,
        Some("en") => Some("en"),
        Some("fr") => Some("fr"),
        Some(l) => return Err(format!("`lang` {l:?} is not \"en\" or \"fr\"")),
    };
    if let Some(e) = line.encoding.as_deref() {
        if !ENCODINGS.contains(&e) {
            return Err(format!(
                "`encoding` {e:?} is not one of {}",
                ENCODINGS.join(", ")
            ));
        }
    }
    Ok(Checked {
        line,
        published,
        lang,
    })
}

fn map_checked(
    lexicon: &Lexicon,
    c: &Checked,
    dct: Option<NaiveDate>,
    options: Options,
) -> Partial {
    let policy = match dct {
        Some(d) => DctPolicy::Flag(d),
        None => DctPolicy::Manifest(c.published),
    };
    let options = Options {
        lang: c.lang.or(options.lang),
        ..options
    };
    extract::process(
        lexicon,
        &c.line.id,
        c.line.path.as_deref().unwrap_or(&c.line.id),
        &c.line.text,
        c.line.encoding.as_deref().unwrap_or("utf-8"),
        policy,
        options,
    )
}

/// One line of `map`'s output: a document's partial, or an input skipped
/// with `--skip-bad` (`{"skipped": {"path", "reason"}}`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PartLine {
    /// The document record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// Its mentions.
    #[serde(default)]
    pub mentions: Vec<Mention>,
    /// Its sentence-level events.
    #[serde(default)]
    pub events: Vec<Event>,
    /// An input that was skipped instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Skipped>,
}

/// A partial as one JSON line (with its newline).
pub fn partial_line(p: &Partial) -> Result<String> {
    let mut s = serde_json::to_string(p).map_err(|e| Error::output("<partial>", e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// A skipped input as one JSON line (with its newline).
pub fn skipped_line(s: &Skipped) -> Result<String> {
    let v = serde_json::json!({ "skipped": s });
    Ok(format!("{v}\n"))
}

/// What mapping standard input did besides writing partials.
#[derive(Debug, Default)]
pub struct MapReport {
    /// Documents mapped.
    pub documents: usize,
    /// Warnings (bad lines skipped).
    pub warnings: Vec<String>,
}

/// Write to `out`, treating a closed pipe as the end of the run.
fn write_out(out: &mut dyn Write, s: &str) -> Result<bool> {
    match out.write_all(s.as_bytes()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Error::output("<stdout>", e.to_string())),
    }
}

/// The map step over a JSON Lines corpus: read document lines from
/// `input` (named `name` in messages), write one partial line per document
/// to `out`, in input order, processing batches in parallel. A bad line is
/// an error naming its line number, or with `skip_bad` a warning and a
/// `skipped` line.
pub fn map_lines(
    lexicon: &Lexicon,
    name: &str,
    input: impl BufRead,
    out: &mut dyn Write,
    dct: Option<NaiveDate>,
    options: Options,
    skip_bad: bool,
) -> Result<MapReport> {
    let mut report = MapReport::default();
    // Each batch entry: a checked document, or a skipped line.
    let mut batch: Vec<std::result::Result<Checked, Skipped>> = Vec::new();
    let mut bytes = 0usize;
    let flush = |batch: &mut Vec<std::result::Result<Checked, Skipped>>,
                 out: &mut dyn Write|
     -> Result<bool> {
        let lines: Vec<Result<String>> = batch
            .par_iter()
            .map(|b| match b {
                Ok(c) => partial_line(&map_checked(lexicon, c, dct, options)),
                Err(s) => skipped_line(s),
            })
            .collect();
        batch.clear();
        for l in lines {
            if !write_out(out, &l?)? {
                return Ok(false);
            }
        }
        Ok(true)
    };
    for (i, line) in input.lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| Error::input(name, format!("line {n}: cannot read: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        match check_doc_line(&line) {
            Ok(c) => {
                bytes += c.line.text.len();
                report.documents += 1;
                batch.push(Ok(c));
            }
            Err(why) if skip_bad => {
                report
                    .warnings
                    .push(format!("{name}: line {n}: {why} (skipped)"));
                batch.push(Err(Skipped {
                    path: format!("{name}:{n}"),
                    reason: format!("line {n}: {why}"),
                }));
            }
            Err(why) => return Err(Error::input(name, format!("line {n}: {why}"))),
        }
        if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
            bytes = 0;
            if !flush(&mut batch, out)? {
                return Ok(report);
            }
        }
    }
    flush(&mut batch, out)?;
    Ok(report)
}

/// Expand `merge`'s arguments: files as given, folders to their `.jsonl`
/// files (recursively, sorted), `-` for standard input.
pub fn part_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let shown = p.display().to_string();
        let meta = fs::metadata(p).map_err(|e| Error::input(&shown, e.to_string()))?;
        if meta.is_dir() {
            let before = out.len();
            walk_jsonl(p, &mut out)?;
            if out.len() == before {
                return Err(Error::input(shown, "no .jsonl file in this directory"));
            }
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk_jsonl(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let shown = dir.display().to_string();
    let rd = fs::read_dir(dir).map_err(|e| Error::input(&shown, e.to_string()))?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk_jsonl(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "jsonl") {
            out.push(p);
        }
    }
    Ok(())
}

/// Partials and skipped inputs read back from `map`'s output.
#[derive(Debug, Default)]
pub struct Parts {
    /// Every partial.
    pub partials: Vec<Partial>,
    /// Every skipped input.
    pub skipped: Vec<Skipped>,
    /// Where each document id was read (file and line), to name duplicates.
    seen: BTreeMap<String, String>,
}

impl Parts {
    /// Read partial lines from `input` (named `name` in messages). A line
    /// that is not a partial, or a document id seen before, is an error
    /// naming the file and line.
    pub fn read(&mut self, name: &str, input: impl BufRead) -> Result<()> {
        for (i, line) in input.lines().enumerate() {
            let n = i + 1;
            let line =
                line.map_err(|e| Error::input(name, format!("line {n}: cannot read: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |why: String| Error::timeline(name, format!("line {n}: {why}"));
            let p: PartLine = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
            match (p.document, p.skipped) {
                (Some(document), None) => {
                    let here = format!("{name}:{n}");
                    if let Some(first) = self.seen.insert(document.id.clone(), here) {
                        return Err(bad(format!(
                            "document {:?} was already read at {first}",
                            document.id
                        )));
                    }
                    self.partials.push(Partial {
                        document,
                        mentions: p.mentions,
                        events: p.events,
                        timings: Default::default(),
                    });
                }
                (None, Some(s)) => self.skipped.push(s),
                _ => {
                    return Err(bad(
                        "a partial has either `document` or `skipped`, exactly one".into(),
                    ))
                }
            }
        }
        Ok(())
    }

    /// The reduce step, as `extract` does it.
    pub fn assemble(mut self, ctx: &crate::merge::MergeContext) -> Timeline {
        let mut t = crate::assemble(self.partials, ctx);
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        t.skipped = self.skipped;
        t
    }
}

/// Read every partial from `paths` (see [`part_files`]) and assemble the
/// timeline exactly as `extract` does (with the same lexicon's context).
pub fn merge_paths(paths: &[PathBuf], ctx: &crate::merge::MergeContext) -> Result<Timeline> {
    let mut parts = Parts::default();
    for p in part_files(paths)? {
        if p.as_os_str() == "-" {
            parts.read("-", std::io::stdin().lock())?;
        } else {
            let shown = p.display().to_string();
            let f = fs::File::open(&p).map_err(|e| Error::input(&shown, e.to_string()))?;
            parts.read(&shown, std::io::BufReader::new(f))?;
        }
    }
    Ok(parts.assemble(ctx))
}

/// A document read by `extract`'s rules as one JSON Lines corpus line.
pub fn doc_line(l: &crate::Loaded<'_>) -> DocLine {
    DocLine {
        id: l.input.id.clone(),
        text: l.decoded.text.clone(),
        published: l.published.map(|d| d.format("%Y-%m-%d").to_string()),
        lang: None,
        path: Some(l.input.path.clone()),
        encoding: Some(l.decoded.encoding.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_are_checked() {
        assert!(check_doc_line(r#"{"id":"a","text":"x"}"#).is_ok());
        let bad = [
            (r#"{"id":"","text":"x"}"#, "empty `id`"),
            (r#"{"id":"a","text":"x","published":"6 Jan"}"#, "published"),
            (r#"{"id":"a","text":"x","lang":"de"}"#, "lang"),
            (r#"{"id":"a","text":"x","encoding":"latin1"}"#, "encoding"),
            (r#"{"id":"a"}"#, "text"),
            ("not json", "expected"),
        ];
        for (line, why) in bad {
            let e = check_doc_line(line).expect_err(line);
            assert!(e.contains(why), "{line}: {e}");
        }
    }
}
