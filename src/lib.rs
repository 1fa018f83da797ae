//! kazcrisis: turn a folder of English and French news articles into a
//! normalised, dated event timeline (see ../shared/CONTRACT.md).
//!
//! The per-document step (`extract::process`, the map) is independent for
//! each document; `merge::merge` (the reduce) is the only step that sees
//! the whole corpus.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod codec;
pub mod corpus;
pub mod diff;
pub mod error;
pub mod eval;
pub mod extract;
pub mod geonames;
pub mod jsonl;
pub mod lang;
pub mod lexicon;
pub mod merge;
pub mod output;
pub mod query;
pub mod report;
pub mod segment;
pub mod text;
pub mod timeline;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use error::{Error, ErrorKind, Result};
pub use extract::{DctPolicy, Options, Partial};
pub use lexicon::Lexicon;
pub use timeline::{Document, Event, Mention, MentionKind, Timeline};

/// What `extract` needs besides the inputs.
#[derive(Debug, Clone, Default)]
pub struct ExtractConfig {
    /// `--dct`: one date for every document.
    pub dct: Option<chrono::NaiveDate>,
    /// `--manifest`: a manifest somewhere else than the corpus root.
    pub manifest: Option<PathBuf>,
    /// `--skip-bad`: per-file input errors become warnings.
    pub skip_bad: bool,
    /// `--max-file-size` in bytes.
    pub max_file_size: u64,
    /// Extraction options.
    pub options: Options,
}

/// Warnings collected during a run (printed by the binary).
pub type Warnings = Vec<String>;

/// What the map step over files produced: partials in document id order,
/// inputs skipped with `--skip-bad`, and warnings.
#[derive(Debug, Default)]
pub struct Mapped<T> {
    /// One result per document read, in document id order.
    pub parts: Vec<T>,
    /// Inputs passed over with `--skip-bad`, sorted by path.
    pub skipped: Vec<timeline::Skipped>,
    /// Warnings for the user.
    pub warnings: Warnings,
}

/// A document read from disk and decoded, with the DCT policy it gets.
#[derive(Debug)]
pub struct Loaded<'a> {
    /// Where it was found.
    pub input: &'a corpus::Input,
    /// Its decoded text.
    pub decoded: corpus::Decoded,
    /// How its DCT is decided (`--dct`, else the manifest's date, else inferred).
    pub dct: DctPolicy,
    /// The manifest's date for it, if any.
    pub published: Option<chrono::NaiveDate>,
    /// How long reading and decoding it took.
    pub read_time: std::time::Duration,
}

/// Told how the map step is going (the binary draws a progress bar with it).
/// Called from the worker threads, in no particular order: it must not
/// change what is computed.
pub trait Progress: Sync {
    /// Whether to report at all (false: `start` and `done` are not called,
    /// and file sizes are not looked up).
    fn enabled(&self) -> bool {
        true
    }
    /// Before any document is read: how many there are and their total size
    /// in bytes (as the file system gives it).
    fn start(&self, _documents: u64, _bytes: u64) {}
    /// One document finished (or failed), `bytes` long.
    fn done(&self, _bytes: u64) {}
}

/// No progress reporting.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn enabled(&self) -> bool {
        false
    }
}

/// Discover, read and decode the inputs exactly as `extract` does (manifest,
/// `--skip-bad`, `--max-file-size`), and run `f` on each document in
/// parallel. Results come back in document id order.
pub fn for_each_document<T, F>(paths: &[PathBuf], cfg: &ExtractConfig, f: F) -> Result<Mapped<T>>
where
    T: Send,
    F: Fn(Loaded<'_>) -> T + Sync,
{
    for_each_document_with(paths, cfg, &NoProgress, f)
}

/// `for_each_document`, telling `progress` about each document.
pub fn for_each_document_with<T, F>(
    paths: &[PathBuf],
    cfg: &ExtractConfig,
    progress: &dyn Progress,
    f: F,
) -> Result<Mapped<T>>
where
    T: Send,
    F: Fn(Loaded<'_>) -> T + Sync,
{
    let mut parts = Vec::new();
    let (skipped, warnings) = for_each_document_chunked(paths, cfg, progress, f, |t| {
        parts.push(t);
        Ok(())
    })?;
    Ok(Mapped {
        parts,
        skipped,
        warnings,
    })
}

/// How many documents are mapped in parallel before their results are
/// handed on (so that a large corpus is never held in memory at once).
pub const CHUNK_DOCUMENTS: usize = 1024;

/// The map step in chunks: `f` runs on each document in parallel, a chunk
/// of [`CHUNK_DOCUMENTS`] at a time, and `sink` receives the results in
/// document id order as each chunk ends, so that it can write them out and
/// let them go. Returns the inputs skipped with `--skip-bad` (sorted by
/// path) and the warnings.
pub fn for_each_document_chunked<T, F, S>(
    paths: &[PathBuf],
    cfg: &ExtractConfig,
    progress: &dyn Progress,
    f: F,
    mut sink: S,
) -> Result<(Vec<timeline::Skipped>, Warnings)>
where
    T: Send,
    F: Fn(Loaded<'_>) -> T + Sync,
    S: FnMut(T) -> Result<()> + Send,
{
    let disc = corpus::discover(paths)?;
    let mut warnings = Vec::new();
    let mut skipped = Vec::new();
    for (p, why) in &disc.problems {
        if cfg.skip_bad {
            warnings.push(format!("{p}: {why} (skipped)"));
            skipped.push(timeline::Skipped {
                path: p.clone(),
                reason: why.clone(),
            });
        } else {
            return Err(Error::input(p, why));
        }
    }
    let manifest = load_manifest(cfg, disc.root.as_deref())?;
    if let Some(m) = &manifest {
        for i in &disc.inputs {
            if cfg.dct.is_none() && !m.dates.contains_key(&i.rel) {
                warnings.push(format!(
                    "{}: not in manifest {}; its date is inferred from the text",
                    i.path, m.path
                ));
            }
        }
    }
    let report = progress.enabled();
    if report {
        let total: u64 = disc
            .inputs
            .iter()
            .map(|i| i.size_hint().min(cfg.max_file_size))
            .sum();
        progress.start(disc.inputs.len() as u64, total);
    }
    let one = |input: &corpus::Input| -> std::result::Result<T, Error> {
        let clock = std::time::Instant::now();
        let bytes = match corpus::read_bytes(input, cfg.max_file_size) {
            Ok(b) => b,
            Err(e) => {
                if report {
                    progress.done(input.size_hint().min(cfg.max_file_size));
                }
                return Err(e);
            }
        };
        let size = bytes.len() as u64;
        let decoded = corpus::decode(&input.path, &bytes);
        drop(bytes);
        let decoded = match decoded {
            Ok(d) => d,
            Err(e) => {
                if report {
                    progress.done(size);
                }
                return Err(e);
            }
        };
        let read_time = clock.elapsed();
        let published = manifest
            .as_ref()
            .and_then(|m| m.dates.get(&input.rel).copied());
        let dct = match cfg.dct {
            Some(d) => DctPolicy::Flag(d),
            None => DctPolicy::Manifest(published),
        };
        let out = f(Loaded {
            input,
            decoded,
            dct,
            published,
            read_time,
        });
        if report {
            progress.done(size);
        }
        Ok(out)
    };
    // Results of one chunk, handed to the sink in document order.
    let mut drain =
        |results: Vec<std::result::Result<T, Error>>, chunk: &[corpus::Input]| -> Result<()> {
            for (r, input) in results.into_iter().zip(chunk) {
                match r {
                    Ok(p) => sink(p)?,
                    Err(e) if cfg.skip_bad && e.kind() == ErrorKind::Input => {
                        warnings.push(format!("{e} (skipped)"));
                        skipped.push(timeline::Skipped {
                            path: input.path.clone(),
                            reason: e.message().to_string(),
                        });
                    }
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        };
    // Each chunk is drained while the next one is mapped: the sink (which
    // writes the spools) holds one worker while the others map, instead of
    // leaving them all idle at every chunk's end.
    let mut pending: Option<(Vec<Result<T>>, &[corpus::Input])> = None;
    for chunk in disc.inputs.chunks(CHUNK_DOCUMENTS) {
        let previous = pending.take();
        let (results, drained) = rayon::join(
            || chunk.par_iter().map(one).collect::<Vec<_>>(),
            || previous.map_or(Ok(()), |(r, c)| drain(r, c)),
        );
        drained?;
        pending = Some((results, chunk));
    }
    if let Some((r, c)) = pending {
        drain(r, c)?;
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((skipped, warnings))
}

/// The map step over files: one partial per document, in id order.
pub fn map_paths(
    lexicon: &Lexicon,
    paths: &[PathBuf],
    cfg: &ExtractConfig,
) -> Result<Mapped<Partial>> {
    map_paths_with(lexicon, paths, cfg, &NoProgress)
}

/// `map_paths`, telling `progress` about each document.
pub fn map_paths_with(
    lexicon: &Lexicon,
    paths: &[PathBuf],
    cfg: &ExtractConfig,
    progress: &dyn Progress,
) -> Result<Mapped<Partial>> {
    for_each_document_with(paths, cfg, progress, |l| l.process(lexicon, cfg.options))
}

impl Loaded<'_> {
    /// Run the per-document pipeline on it (its read time included in the
    /// partial's timings).
    pub fn process(&self, lexicon: &Lexicon, options: Options) -> Partial {
        let mut p = extract::process(
            lexicon,
            &self.input.id,
            &self.input.path,
            &self.decoded.text,
            self.decoded.encoding,
            self.dct,
            options,
        );
        p.timings.read = self.read_time;
        p
    }
}

/// Where `extract_paths_timed` spent its time.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractTimings {
    /// Per-document stages, summed over documents (thread time).
    pub stages: extract::StageTimes,
    /// Wall time of the map step (discovery, reading, per-document stages).
    pub map_wall: std::time::Duration,
    /// Wall time of the reduce step (sorting mentions, merging events).
    pub merge: std::time::Duration,
}

/// `extract_paths`, also saying how long each stage took.
pub fn extract_paths_timed(
    lexicon: &Lexicon,
    paths: &[PathBuf],
    cfg: &ExtractConfig,
) -> Result<(Timeline, Warnings, ExtractTimings)> {
    extract_paths_progress(lexicon, paths, cfg, &NoProgress)
}

/// `extract_paths_timed`, telling `progress` about each document.
pub fn extract_paths_progress(
    lexicon: &Lexicon,
    paths: &[PathBuf],
    cfg: &ExtractConfig,
    progress: &dyn Progress,
) -> Result<(Timeline, Warnings, ExtractTimings)> {
    let clock = std::time::Instant::now();
    let mapped = map_paths_with(lexicon, paths, cfg, progress)?;
    let mut timings = ExtractTimings {
        map_wall: clock.elapsed(),
        ..Default::default()
    };
    for p in &mapped.parts {
        timings.stages.add(&p.timings);
    }
    let clock = std::time::Instant::now();
    let mut t = assemble(mapped.parts, &merge::MergeContext::new(lexicon));
    t.skipped = mapped.skipped;
    timings.merge = clock.elapsed();
    Ok((t, mapped.warnings, timings))
}

/// What a run produced, counted: for the summary line `extract` prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Documents per language code.
    pub langs: std::collections::BTreeMap<String, usize>,
    /// Mentions per kind: time, quantity, actor, place.
    pub mentions: [usize; 4],
    /// Merged events.
    pub events: usize,
    /// Inputs skipped.
    pub skipped: usize,
}

impl Summary {
    /// The counts of a whole timeline.
    pub fn of(t: &Timeline) -> Summary {
        let mut s = Summary::default();
        for d in &t.documents {
            s.add_document(d, &[]);
        }
        for m in &t.mentions {
            s.mentions[Summary::kind(m)] += 1;
        }
        s.events = t.events.len();
        s.skipped = t.skipped.len();
        s
    }

    /// Count one document and its mentions.
    pub fn add_document(&mut self, d: &Document, mentions: &[Mention]) {
        *self.langs.entry(d.lang.clone()).or_default() += 1;
        for m in mentions {
            self.mentions[Summary::kind(m)] += 1;
        }
    }

    /// How many documents.
    pub fn documents(&self) -> usize {
        self.langs.values().sum()
    }

    fn kind(m: &Mention) -> usize {
        match m.kind {
            MentionKind::Time { .. } => 0,
            MentionKind::Quantity { .. } => 1,
            MentionKind::Actor { .. } => 2,
            MentionKind::Place { .. } => 3,
        }
    }
}

/// A timeline being built without holding it in memory: documents and
/// mentions are rendered into spools as each chunk of documents is mapped,
/// sentence-level events wait in an [`merge::EventStore`] with only their
/// merge keys in memory, and merged events are built as they are written.
/// Written out, it is byte for byte what `write_timeline` writes of
/// `extract_paths`.
#[derive(Debug)]
pub struct Spooled {
    documents: output::Spool,
    mentions: output::Spool,
    pretty: bool,
    events: SpooledEvents,
    /// Inputs passed over with `--skip-bad`, sorted by path.
    pub skipped: Vec<timeline::Skipped>,
    /// Warnings for the user.
    pub warnings: Warnings,
    /// What it holds, counted.
    pub summary: Summary,
    /// Where the time went.
    pub timings: ExtractTimings,
}

/// A failure of the temporary spools, naming where they are written.
fn spool_error(e: std::io::Error) -> Error {
    let dir = std::env::temp_dir();
    Error::output(
        format!("temporary file in {}", dir.display()),
        format!("{e} (TMPDIR chooses where large runs keep their spools)"),
    )
}

/// A document's records, rendered on a worker thread.
struct Rendered {
    document: Vec<u8>,
    /// The mentions' records one after the other, each ending at its
    /// offset in `mention_ends` (one buffer per document, not one
    /// allocation grown again and again per record).
    mentions: Vec<u8>,
    mention_ends: Vec<usize>,
    /// The sentence events as the event store keeps them, likewise.
    events: Vec<u8>,
    event_ends: Vec<usize>,
    partial: Partial,
}

/// The records a buffer holds, cut at their end offsets.
fn records<'a>(buf: &'a [u8], ends: &'a [usize]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let starts = std::iter::once(0).chain(ends.iter().copied());
    starts.zip(ends).map(move |(a, &b)| &buf[a..b])
}

#[derive(Debug)]
enum SpooledEvents {
    Sentences(merge::EventStore),
    Merged(merge::MergedEvents),
}

/// The map step of `extract` with documents, mentions and events set
/// aside as they come (`pretty` as `--pretty`): memory holds one chunk of
/// documents and the events' merge keys, not the whole timeline.
pub fn extract_spooled(
    lexicon: &Lexicon,
    paths: &[PathBuf],
    cfg: &ExtractConfig,
    progress: &dyn Progress,
    pretty: bool,
) -> Result<Spooled> {
    let clock = std::time::Instant::now();
    let mut documents = output::Spool::new(pretty);
    let mut mentions = output::Spool::new(pretty);
    let mut events = merge::EventStore::new();
    let mut summary = Summary::default();
    let mut timings = ExtractTimings::default();
    // Records are rendered on the worker threads; the sink only copies
    // their bytes into the spools.
    let map = |l: Loaded<'_>| -> std::io::Result<Rendered> {
        let p = l.process(lexicon, cfg.options);
        // Sized for the usual records: a mention renders to ~300 bytes, a
        // sentence event (its sentence included) to under 1 KB.
        let mut mentions = Vec::with_capacity(p.mentions.len() * 320);
        let mut mention_ends = Vec::with_capacity(p.mentions.len());
        for m in &p.mentions {
            output::render_record_into(&mut mentions, m, pretty)?;
            mention_ends.push(mentions.len());
        }
        let mut events = Vec::with_capacity(p.events.len() * 1024);
        let mut event_ends = Vec::with_capacity(p.events.len());
        for e in &p.events {
            codec::encode_into(&mut events, e);
            event_ends.push(events.len());
        }
        Ok(Rendered {
            document: output::render_record(&p.document, pretty)?,
            mentions,
            mention_ends,
            events,
            event_ends,
            partial: p,
        })
    };
    let (skipped, warnings) = for_each_document_chunked(paths, cfg, progress, map, |r| {
        let r = r.map_err(spool_error)?;
        let p = &r.partial;
        timings.stages.add(&p.timings);
        summary.add_document(&p.document, &p.mentions);
        documents.push_rendered(&r.document).map_err(spool_error)?;
        for m in records(&r.mentions, &r.mention_ends) {
            mentions.push_rendered(m).map_err(spool_error)?;
        }
        for (e, json) in p.events.iter().zip(records(&r.events, &r.event_ends)) {
            events.push_rendered(e, json).map_err(spool_error)?;
        }
        Ok(())
    })?;
    timings.map_wall = clock.elapsed();
    summary.skipped = skipped.len();
    Ok(Spooled {
        documents,
        mentions,
        pretty,
        events: SpooledEvents::Sentences(events),
        skipped,
        warnings,
        summary,
        timings,
    })
}

impl Spooled {
    /// The reduce step: decide how the sentence-level events merge.
    pub fn merge(&mut self, ctx: &merge::MergeContext) -> Result<()> {
        let clock = std::time::Instant::now();
        let events = std::mem::replace(
            &mut self.events,
            SpooledEvents::Sentences(merge::EventStore::new()),
        );
        let merged = match events {
            SpooledEvents::Sentences(store) => store.merge(ctx).map_err(spool_error)?,
            SpooledEvents::Merged(m) => m,
        };
        self.summary.events = merged.len();
        self.events = SpooledEvents::Merged(merged);
        self.timings.merge = clock.elapsed();
        Ok(())
    }

    /// Write the timeline into `w` (once, after [`Spooled::merge`]: the
    /// spools are emptied into it). The merged events are built and
    /// rendered on the worker threads while the documents and mentions
    /// are copied out, a few chunks ahead of the writer at most.
    pub fn write(&mut self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let SpooledEvents::Merged(events) = &self.events else {
            return Err(std::io::Error::other("the events are not merged yet"));
        };
        let documents = std::mem::replace(&mut self.documents, output::Spool::new(self.pretty));
        let mentions = std::mem::replace(&mut self.mentions, output::Spool::new(self.pretty));
        let pretty = self.pretty;
        let (tx, rx) = std::sync::mpsc::sync_channel::<std::io::Result<Vec<Vec<u8>>>>(2);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let sent = events.rendered_chunks(
                    |e| output::render_record(e, pretty),
                    |chunk| {
                        tx.send(Ok(chunk))
                            .map_err(|_| std::io::Error::other("the writer stopped"))
                    },
                );
                // A failure to build reaches the writer; a writer that
                // stopped has its own error to report.
                if let Err(e) = sent {
                    let _ = tx.send(Err(e));
                }
            });
            output::head(w, timeline::SCHEMA_VERSION, pretty)?;
            documents.write_into(w, "documents")?;
            w.write_all(b",\n")?;
            mentions.write_into(w, "mentions")?;
            w.write_all(b",\n")?;
            output::Array::open(w, "events", pretty)?;
            let mut a = output::Array::new(pretty);
            for chunk in rx {
                for body in chunk? {
                    a.item_rendered(w, &body)?;
                }
            }
            a.close(w)?;
            output::tail(w, &self.skipped, pretty)
        })
    }
}

/// Run the map step over discovered inputs and merge into a timeline.
pub fn extract_paths(
    lexicon: &Lexicon,
    paths: &[PathBuf],
    cfg: &ExtractConfig,
) -> Result<(Timeline, Warnings)> {
    extract_paths_timed(lexicon, paths, cfg).map(|(t, w, _)| (t, w))
}

fn load_manifest(cfg: &ExtractConfig, root: Option<&Path>) -> Result<Option<corpus::Manifest>> {
    if let Some(m) = &cfg.manifest {
        let r = m.parent().map(Path::to_path_buf);
        return corpus::read_manifest(m, root.or(r.as_deref())).map(Some);
    }
    match root {
        Some(r) if r.join("manifest.csv").is_file() => {
            corpus::read_manifest(&r.join("manifest.csv"), Some(r)).map(Some)
        }
        _ => Ok(None),
    }
}

/// The reduce step: partials (in any order) into one sorted timeline.
pub fn assemble(mut parts: Vec<Partial>, ctx: &merge::MergeContext) -> Timeline {
    parts.sort_by(|a, b| a.document.id.cmp(&b.document.id));
    let mut documents = Vec::with_capacity(parts.len());
    let mut mentions = Vec::new();
    let mut events = Vec::new();
    for p in parts {
        documents.push(p.document);
        mentions.extend(p.mentions);
        events.extend(p.events);
    }
    extract::sort_mentions(&mut mentions);
    Timeline {
        schema_version: timeline::SCHEMA_VERSION.to_string(),
        documents,
        mentions,
        events: merge::merge(events, ctx),
        skipped: Vec::new(),
    }
}
