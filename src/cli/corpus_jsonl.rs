//! `kazcrisis corpus-jsonl CORPUS... [-o FILE]`: a folder of articles plus
//! its manifest as one JSON Lines file (`{"id", "text", "published"?,
//! "path", "encoding"}` per line, in id order), the input `map` reads on
//! standard input, so a corpus can be uploaded to a cluster as one file.

use std::path::PathBuf;
use std::process::ExitCode;

use kazcrisis::ExtractConfig;

/// Arguments of `corpus-jsonl`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis corpus-jsonl corpus/ -o corpus.jsonl\n  \
    kazcrisis map < corpus.jsonl | kazcrisis merge - -o timeline.json")]
pub struct Args {
    /// Corpus directories or files, read as `extract` reads them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output file (written atomically); standard output when absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// A manifest.csv elsewhere than the corpus root.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Turn unreadable files into warnings (they are left out).
    #[arg(long)]
    pub skip_bad: bool,
    /// Largest file read, in bytes (default 64 MiB).
    #[arg(long, default_value_t = kazcrisis::corpus::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

/// Run `corpus-jsonl`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let cfg = ExtractConfig {
        dct: None,
        manifest: a.manifest.clone(),
        skip_bad: a.skip_bad,
        max_file_size: a.max_file_size,
        options: kazcrisis::Options::default(),
    };
    let mapped = kazcrisis::for_each_document(&a.inputs, &cfg, |l| {
        serde_json::to_string(&kazcrisis::jsonl::doc_line(&l))
    })?;
    super::ui::warn_all(&mapped.warnings);
    let mut text = String::new();
    for line in mapped.parts {
        text.push_str(&line?);
        text.push('\n');
    }
    kazcrisis::output::emit(a.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
