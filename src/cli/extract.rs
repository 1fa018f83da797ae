//! `kazcrisis extract CORPUS... [-o FILE]`: read documents (a directory
//! walked recursively for `.txt`, files, or `-` for stdin), extract, merge,
//! and write the timeline JSON (stdout without `-o`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;

use kazcrisis::{ExtractConfig, Lexicon, Options};

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Corpus directories, files, or `-` for standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output file (written atomically); standard output when absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Publication date for every document (overrides the manifest).
    #[arg(long, value_parser = parse_date)]
    pub dct: Option<NaiveDate>,
    /// A manifest.csv elsewhere than the corpus root.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Extra lexicon files (TOML, `[[entry]]` tables); repeatable.
    #[arg(long = "lexicon")]
    pub lexicons: Vec<PathBuf>,
    /// A GeoNames dump (cities500.txt, allCountries.txt) for full coverage.
    #[arg(long)]
    pub gazetteer: Option<PathBuf>,
    /// Turn per-file input errors into warnings and list them in `skipped`.
    #[arg(long)]
    pub skip_bad: bool,
    /// Largest file read, in bytes (default 64 MiB).
    #[arg(long, default_value_t = kazcrisis::corpus::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Indented JSON instead of one record per line.
    #[arg(long)]
    pub pretty: bool,
    /// Record on each mention and event the rule or lexicon entry that fired.
    #[arg(long)]
    pub explain: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print stage times to stderr.
    #[arg(long)]
    pub timings: bool,
}

/// Parse YYYY-MM-DD.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("{s:?} is not a date YYYY-MM-DD"))
}

/// Run `extract`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let t0 = Instant::now();
    let lexicon = Lexicon::load(&a.lexicons, a.gazetteer.as_deref())?;
    let t1 = Instant::now();
    let cfg = ExtractConfig {
        dct: a.dct,
        manifest: a.manifest.clone(),
        skip_bad: a.skip_bad,
        max_file_size: a.max_file_size,
        options: Options {
            explain: a.explain,
            lang: None,
        },
    };
    let (timeline, warnings, st) = kazcrisis::extract_paths_timed(&lexicon, &a.inputs, &cfg)?;
    let t2 = Instant::now();
    for w in &warnings {
        eprintln!("kazcrisis: warning: {w}");
    }
    let text = kazcrisis::output::render(&timeline, a.pretty)?;
    let t3 = Instant::now();
    kazcrisis::output::emit(a.output.as_deref(), &text)?;
    let t4 = Instant::now();
    if a.timings {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        let parts: Vec<String> = lexicon
            .timings
            .iter()
            .map(|(n, ms)| format!("{n} {ms:.1} ms"))
            .collect();
        eprintln!("lexicon: {}", parts.join(", "));
        eprintln!(
            "timings: lexicon {:.1} ms, extract+merge {:.1} ms, write {:.1} ms, documents {}",
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            (t4 - t2).as_secs_f64() * 1e3,
            timeline.documents.len()
        );
        let s = &st.stages;
        eprintln!(
            "stages (thread time summed over documents, {} threads): read+decode {:.1} ms, \
             language {:.1} ms, segmentation {:.1} ms, fold {:.1} ms, \
             mentions {:.1} ms (entities {:.1}, times {:.1}, counts {:.1}), events {:.1} ms, \
             total {:.1} ms",
            rayon::current_num_threads(),
            ms(s.read),
            ms(s.language),
            ms(s.segmentation),
            ms(s.fold),
            ms(s.entities + s.times + s.counts),
            ms(s.entities),
            ms(s.times),
            ms(s.counts),
            ms(s.events),
            ms(s.total()),
        );
        eprintln!(
            "stages (wall): lexicon {:.1} ms, map {:.1} ms, merge {:.1} ms, \
             write {:.1} ms (render {:.1}, file {:.1})",
            ms(t1 - t0),
            ms(st.map_wall),
            ms(st.merge),
            ms(t4 - t2),
            ms(t3 - t2),
            ms(t4 - t3),
        );
    }
    // The process ends here: freeing the lexicon's thousands of entries
    // and every record of the timeline would only delay the exit.
    std::mem::forget(lexicon);
    std::mem::forget(timeline);
    Ok(ExitCode::SUCCESS)
}
