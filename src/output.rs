//! Writing timelines: one record per line inside each array (so `grep`
//! yields whole records), or indented with `--pretty`; written atomically
//! through a temporary file in the target directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::timeline::Timeline;

/// Render a timeline as text.
pub fn render(t: &Timeline, pretty: bool) -> Result<String> {
    if pretty {
        let mut s = serde_json::to_string_pretty(t)
            .map_err(|e| Error::output("<timeline>", e.to_string()))?;
        s.push('\n');
        return Ok(s);
    }
    let mut out = String::with_capacity(1 << 16);
    out.push_str("{\n\"schema_version\":");
    out.push_str(&json(&t.schema_version)?);
    out.push_str(",\n");
    array(&mut out, "documents", &t.documents)?;
    out.push_str(",\n");
    array(&mut out, "mentions", &t.mentions)?;
    out.push_str(",\n");
    array(&mut out, "events", &t.events)?;
    if !t.skipped.is_empty() {
        out.push_str(",\n");
        array(&mut out, "skipped", &t.skipped)?;
    }
    out.push_str("\n}\n");
    Ok(out)
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::output("<timeline>", e.to_string()))
}

fn array<T: Serialize>(out: &mut String, name: &str, items: &[T]) -> Result<()> {
    out.push('"');
    out.push_str(name);
    out.push_str("\":[");
    for (i, it) in items.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&json(it)?);
    }
    if !items.is_empty() {
        out.push('\n');
    }
    out.push(']');
    Ok(())
}

/// Temporary files being written now, and whether `interrupt` was called.
/// A temporary file is removed by its `Drop`, which a signal skips: the
/// binary's signal handler calls `interrupt` to remove them.
static PENDING: Mutex<(Vec<PathBuf>, bool)> = Mutex::new((Vec::new(), false));

fn pending() -> MutexGuard<'static, (Vec<PathBuf>, bool)> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// For a signal handler that then exits: remove every temporary file that
/// `write_atomic` is writing, and let none be renamed into place or created
/// afterwards. A rename already under way finishes first, so the target is
/// either the previous file or the complete new one.
pub fn interrupt() {
    let mut p = pending();
    p.1 = true;
    for f in p.0.drain(..) {
        let _ = std::fs::remove_file(f);
    }
}

/// Write `contents` to `path` atomically: a temporary file in the same
/// directory, then a rename. On failure (or `interrupt`) nothing is left
/// behind and an existing file is untouched.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let shown = path.display().to_string();
    let interrupted = || Error::output(&shown, "interrupted");
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = {
        // Created and registered under one lock, so `interrupt` sees it.
        let mut p = pending();
        if p.1 {
            return Err(interrupted());
        }
        let tmp = tempfile::Builder::new()
            .prefix(".kazcrisis-")
            .tempfile_in(&dir)
            .map_err(|e| {
                Error::output(
                    &shown,
                    format!("cannot create a temporary file in {}: {e}", dir.display()),
                )
            })?;
        p.0.push(tmp.path().to_path_buf());
        tmp
    };
    let tmp_path = tmp.path().to_path_buf();
    let written = tmp
        .write_all(contents)
        .and_then(|_| tmp.flush())
        .map_err(|e| Error::output(&shown, format!("cannot write: {e}")));
    let mut p = pending();
    p.0.retain(|f| f != &tmp_path);
    if p.1 {
        // `interrupt` removed it already; the drop of `tmp` finds nothing.
        return Err(interrupted());
    }
    written?;
    tmp.persist(path)
        .map_err(|e| Error::output(&shown, format!("cannot rename into place: {}", e.error)))?;
    Ok(())
}

/// Write to a file atomically, or to stdout when `path` is None or `-`.
pub fn emit(path: Option<&Path>, contents: &str) -> Result<()> {
    match path {
        Some(p) if p.as_os_str() != "-" => write_atomic(p, contents.as_bytes()),
        _ => {
            let mut so = std::io::stdout().lock();
            match so.write_all(contents.as_bytes()).and_then(|_| so.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::output("<stdout>", e.to_string())),
            }
        }
    }
}
