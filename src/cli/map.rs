//! `kazcrisis map [CORPUS...]`: the per-document step alone. Reads a JSON
//! Lines corpus on standard input (`{"id", "text", "published"?, "lang"?}`
//! per line, as `corpus-jsonl` writes it), or files exactly as `extract`
//! reads them, and writes one partial per document (its record, mentions
//! and sentence-level events) as a JSON line on standard output, for
//! `merge` to assemble.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;

use kazcrisis::{ExtractConfig, Lexicon, Options};

use super::ui;

/// Arguments of `map`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis map corpus/ > parts.jsonl\n  \
    kazcrisis corpus-jsonl corpus/ -o corpus.jsonl\n  \
    split -l 1000 corpus.jsonl chunk-\n  \
    for f in chunk-*; do kazcrisis map < \"$f\" > \"$f.parts\"; done\n  \
    kazcrisis merge chunk-*.parts -o timeline.json")]
pub struct Args {
    /// Corpus directories or files, read as `extract` reads them; none (or
    /// `-`) reads a JSON Lines corpus on standard input.
    pub inputs: Vec<PathBuf>,
    /// Publication date for every document (overrides the manifest and `published`).
    #[arg(long, value_parser = super::extract::parse_date)]
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
    /// Turn bad lines and unreadable files into warnings and `skipped` lines.
    #[arg(long)]
    pub skip_bad: bool,
    /// Largest file read, in bytes (default 64 MiB).
    #[arg(long, default_value_t = kazcrisis::corpus::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Record on each mention and event the rule or lexicon entry that fired.
    #[arg(long)]
    pub explain: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Run `map`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let lexicon = Lexicon::load(&a.lexicons, a.gazetteer.as_deref())?;
    let options = Options {
        explain: a.explain,
        lang: None,
    };
    let stdin_corpus =
        a.inputs.is_empty() || (a.inputs.len() == 1 && a.inputs[0].as_os_str() == "-");
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if stdin_corpus {
        let rep = kazcrisis::jsonl::map_lines(
            &lexicon,
            "-",
            std::io::stdin().lock(),
            &mut out,
            a.dct,
            options,
            a.skip_bad,
        )?;
        ui::warn_all(&rep.warnings);
    } else {
        let cfg = ExtractConfig {
            dct: a.dct,
            manifest: a.manifest.clone(),
            skip_bad: a.skip_bad,
            max_file_size: a.max_file_size,
            options,
        };
        let bar = ui::Bar::new("writing partials");
        let mapped = kazcrisis::map_paths_with(&lexicon, &a.inputs, &cfg, &bar)?;
        bar.finish();
        ui::warn_all(&mapped.warnings);
        let mut text = String::new();
        for s in &mapped.skipped {
            text.push_str(&kazcrisis::jsonl::skipped_line(s)?);
        }
        for p in &mapped.parts {
            text.push_str(&kazcrisis::jsonl::partial_line(p)?);
        }
        if let Err(e) = out.write_all(text.as_bytes()) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                return Err(e).context("cannot write to standard output");
            }
        }
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
