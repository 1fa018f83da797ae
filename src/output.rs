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
    let mut out = Vec::with_capacity(1 << 16);
    write_timeline(&mut out, t, pretty).map_err(|e| Error::output("<timeline>", e.to_string()))?;
    String::from_utf8(out).map_err(|e| Error::output("<timeline>", e.to_string()))
}

/// Write a timeline as text into `w`, record by record (nothing the size
/// of the whole output is held in memory).
pub fn write_timeline(w: &mut dyn Write, t: &Timeline, pretty: bool) -> std::io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *w, t)?;
        return w.write_all(b"\n");
    }
    w.write_all(b"{\n\"schema_version\":")?;
    serde_json::to_writer(&mut *w, &t.schema_version)?;
    w.write_all(b",\n")?;
    array(w, "documents", &t.documents)?;
    w.write_all(b",\n")?;
    array(w, "mentions", &t.mentions)?;
    w.write_all(b",\n")?;
    array(w, "events", &t.events)?;
    if !t.skipped.is_empty() {
        w.write_all(b",\n")?;
        array(w, "skipped", &t.skipped)?;
    }
    w.write_all(b"\n}\n")
}

fn array<T: Serialize>(w: &mut dyn Write, name: &str, items: &[T]) -> std::io::Result<()> {
    write!(w, "\"{name}\":[")?;
    for (i, it) in items.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, it)?;
    }
    if !items.is_empty() {
        w.write_all(b"\n")?;
    }
    w.write_all(b"]")
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
    write_atomic_with(path, |w| w.write_all(contents))
}

/// Write what `fill` writes to `path` atomically (see [`write_atomic`]).
///
/// A symbolic link is followed: the file it points to is replaced, the link
/// stays. A path that is not a regular file (`/dev/null`, a FIFO) is
/// written in place, never replaced by a file. A new file gets the usual
/// permissions (0666 less the umask); a replaced file keeps its own.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let shown = path.display().to_string();
    let cannot_write = |e: std::io::Error| Error::output(&shown, format!("cannot write: {e}"));
    let interrupted = || Error::output(&shown, "interrupted");
    let existing = std::fs::metadata(path).ok();
    if let Some(m) = &existing {
        if m.is_dir() {
            return Err(Error::output(&shown, "is a directory"));
        }
        if !m.is_file() {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::output(&shown, format!("cannot open: {e}")))?;
            return fill(&mut f).and_then(|_| f.flush()).map_err(cannot_write);
        }
    }
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)
            .map_err(|e| Error::output(&shown, format!("cannot follow the link: {e}")))?,
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kazcrisis-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = {
        // Created and registered under one lock, so `interrupt` sees it.
        let mut p = pending();
        if p.1 {
            return Err(interrupted());
        }
        let tmp = builder.tempfile_in(&dir).map_err(|e| {
            Error::output(
                &shown,
                format!("cannot create a temporary file in {}: {e}", dir.display()),
            )
        })?;
        p.0.push(tmp.path().to_path_buf());
        tmp
    };
    let tmp_path = tmp.path().to_path_buf();
    let written = (|| {
        if let Some(m) = &existing {
            tmp.as_file().set_permissions(m.permissions())?;
        }
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp);
        fill(&mut w).and_then(|_| w.flush())?;
        w.into_inner().map_err(|e| e.into_error())
    })()
    .map_err(cannot_write);
    let mut p = pending();
    p.0.retain(|f| f != &tmp_path);
    if p.1 {
        // `interrupt` removed it already; the drop of `tmp` finds nothing.
        return Err(interrupted());
    }
    drop(p);
    written?
        .persist(&target)
        .map_err(|e| Error::output(&shown, format!("cannot rename into place: {}", e.error)))?;
    Ok(())
}

/// Write to a file atomically, or to stdout when `path` is None or `-`.
pub fn emit(path: Option<&Path>, contents: &str) -> Result<()> {
    emit_with(path, |w| w.write_all(contents.as_bytes()))
}

/// Like [`emit`], with the output written by `fill` as it goes. A closed
/// pipe on stdout (`| head`) is no error.
pub fn emit_with(
    path: Option<&Path>,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match path {
        Some(p) if p.as_os_str() != "-" => write_atomic_with(p, fill),
        _ => {
            let mut so = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match fill(&mut so).and_then(|_| so.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::output("<stdout>", e.to_string())),
            }
        }
    }
}
