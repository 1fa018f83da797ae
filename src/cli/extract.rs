//! `kazcrisis extract CORPUS... [-o FILE]`: read documents (a directory
//! walked recursively for `.txt`, files, or `-` for stdin), extract, merge,
//! and write the timeline JSON (stdout without `-o`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;

use kazcrisis::{ExtractConfig, Lexicon, Options, Summary};

use super::ui;

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis extract corpus/ -o timeline.json\n  \
    kazcrisis extract corpus/ --lexicon mycrisis.toml --skip-bad -o timeline.json\n  \
    kazcrisis extract article.txt --dct 2022-01-06 --pretty --explain\n  \
    cat article.txt | kazcrisis extract - --dct 2022-01-06 -q | jq '.events | length'")]
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
    let bad = || format!("{s:?} is not a date YYYY-MM-DD");
    // chrono also takes `2022-1-6`; the flag promises the full form.
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape {
        return Err(bad());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad())
}

/// The line printed at the end of a run: `22 documents (12 en, 9 fr, 1 und),
/// 1,234 mentions (412 time, 301 quantity, 380 actor, 141 place), 96 events,
/// 0 skipped, 0.41 s`.
pub fn summary(sum: &Summary, elapsed: std::time::Duration) -> String {
    let mut langs: Vec<(&str, usize)> = sum.langs.iter().map(|(l, n)| (l.as_str(), *n)).collect();
    let rank = |l: &str| match l {
        "en" => 0,
        "fr" => 1,
        "und" => 3,
        _ => 2,
    };
    langs.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.0.cmp(b.0)));
    let mut s = ui::count(sum.documents(), "document");
    if !langs.is_empty() {
        let parts: Vec<String> = langs
            .iter()
            .map(|(l, n)| format!("{} {l}", ui::thousands(*n)))
            .collect();
        s.push_str(&format!(" ({})", parts.join(", ")));
    }
    let kinds = sum.mentions;
    s.push_str(&format!(
        ", {} ({} time, {} quantity, {} actor, {} place), {}, {} skipped, {:.2} s",
        ui::count(kinds.iter().sum(), "mention"),
        ui::thousands(kinds[0]),
        ui::thousands(kinds[1]),
        ui::thousands(kinds[2]),
        ui::thousands(kinds[3]),
        ui::count(sum.events, "event"),
        ui::thousands(sum.skipped),
        elapsed.as_secs_f64(),
    ));
    s
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
    let bar = ui::Bar::new("merging events");
    // Documents and mentions are rendered into spools chunk by chunk;
    // only the sentence-level events stay in memory for the merge.
    let mut spooled = kazcrisis::extract_spooled(&lexicon, &a.inputs, &cfg, &bar, a.pretty)?;
    spooled.merge(&kazcrisis::merge::MergeContext::new(&lexicon))?;
    bar.finish();
    let t2 = Instant::now();
    ui::warn_all(&spooled.warnings);
    kazcrisis::output::emit_with(a.output.as_deref(), |w| spooled.write(w))?;
    let t4 = Instant::now();
    ui::note(summary(&spooled.summary, t4 - t0));
    let st = spooled.timings;
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
            spooled.summary.documents()
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
             write {:.1} ms (render and file)",
            ms(t1 - t0),
            ms(st.map_wall),
            ms(st.merge),
            ms(t4 - t2),
        );
    }
    // The process ends here: freeing the lexicon's thousands of entries
    // and every record of the timeline would only delay the exit.
    std::mem::forget(lexicon);
    std::mem::forget(spooled);
    Ok(ExitCode::SUCCESS)
}
