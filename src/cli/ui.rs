//! Everything the binary says on standard error besides errors: warnings,
//! notes, the progress bar and the summary line. `--quiet` silences all of
//! it (errors are printed by `main` and never silenced). Nothing here ever
//! writes to standard output.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// A progress bar is drawn only for corpora larger than this.
pub const PROGRESS_MIN_DOCUMENTS: u64 = 20;

static QUIET: AtomicBool = AtomicBool::new(false);

/// Set by `--quiet`.
pub fn set_quiet(q: bool) {
    QUIET.store(q, Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// `kazcrisis: warning: MSG` on standard error, unless `--quiet`.
pub fn warn(msg: impl std::fmt::Display) {
    if !quiet() {
        eprintln!("kazcrisis: warning: {msg}");
    }
}

/// Every warning of a run, in order.
pub fn warn_all(msgs: &[String]) {
    for m in msgs {
        warn(m);
    }
}

/// `kazcrisis: MSG` on standard error, unless `--quiet`.
pub fn note(msg: impl std::fmt::Display) {
    if !quiet() {
        eprintln!("kazcrisis: {msg}");
    }
}

/// A progress bar over the map step (documents done / total, bytes per
/// second, ETA), drawn only when standard error is a terminal, `--quiet`
/// is not given and the corpus has more than `PROGRESS_MIN_DOCUMENTS`
/// documents. It only counts: what is extracted does not depend on it.
#[derive(Debug)]
pub struct Bar {
    bar: Option<ProgressBar>,
    docs: Arc<AtomicU64>,
    total: AtomicU64,
    then: &'static str,
}

impl Bar {
    /// A bar that draws itself once `start` says how large the corpus is;
    /// `then` says what happens once every document is read ("merging events").
    pub fn new(then: &'static str) -> Self {
        let live = !quiet() && std::io::stderr().is_terminal();
        Bar {
            bar: live.then(|| {
                ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
                    .with_finish(ProgressFinish::AndClear)
            }),
            docs: Arc::new(AtomicU64::new(0)),
            total: AtomicU64::new(u64::MAX),
            then,
        }
    }

    /// Remove the bar from the terminal (before warnings and the summary).
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl kazcrisis::Progress for Bar {
    fn enabled(&self) -> bool {
        self.bar.is_some()
    }

    fn start(&self, documents: u64, bytes: u64) {
        let Some(b) = &self.bar else { return };
        if documents <= PROGRESS_MIN_DOCUMENTS {
            return;
        }
        self.total.store(documents, Ordering::Relaxed);
        let docs = Arc::clone(&self.docs);
        let style = ProgressStyle::with_template(
            "{spinner} {elapsed:>4} [{bar:30}] {docs} documents, {decimal_bytes_per_sec}, ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "docs",
            move |_: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}/{documents}", docs.load(Ordering::Relaxed));
            },
        )
        .progress_chars("=> ");
        b.set_style(style);
        b.set_length(bytes.max(1));
        b.set_draw_target(ProgressDrawTarget::stderr());
        b.enable_steady_tick(Duration::from_millis(200));
    }

    fn done(&self, bytes: u64) {
        let n = self.docs.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(b) = &self.bar {
            b.inc(bytes);
            if n == self.total.load(Ordering::Relaxed) {
                // Every document is read: what is left is the merge.
                if let Ok(st) = ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}") {
                    b.set_style(st);
                }
                b.set_message(format!(
                    "{} documents read; {}",
                    thousands(n as usize),
                    self.then
                ));
            }
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 document`, `2 documents`, with thousands separators.
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{} {what}s", thousands(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(count(1, "event"), "1 event");
        assert_eq!(count(1234, "mention"), "1,234 mentions");
    }
}
