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
    head(w, &t.schema_version, pretty)?;
    whole_array(w, "documents", &t.documents, pretty)?;
    w.write_all(b",\n")?;
    whole_array(w, "mentions", &t.mentions, pretty)?;
    w.write_all(b",\n")?;
    whole_array(w, "events", &t.events, pretty)?;
    tail(w, &t.skipped, pretty)
}

/// The timeline's opening, up to its first array.
pub fn head(w: &mut dyn Write, schema_version: &str, pretty: bool) -> std::io::Result<()> {
    w.write_all(if pretty {
        b"{\n  \"schema_version\": "
    } else {
        b"{\n\"schema_version\":"
    })?;
    serde_json::to_writer(&mut *w, schema_version)?;
    w.write_all(b",\n")
}

/// The timeline's end, after the events: `skipped` when there are any.
pub fn tail(
    w: &mut dyn Write,
    skipped: &[crate::timeline::Skipped],
    pretty: bool,
) -> std::io::Result<()> {
    if !skipped.is_empty() {
        w.write_all(b",\n")?;
        whole_array(w, "skipped", skipped, pretty)?;
    }
    w.write_all(b"\n}\n")
}

fn whole_array<T: Serialize>(
    w: &mut dyn Write,
    name: &str,
    items: &[T],
    pretty: bool,
) -> std::io::Result<()> {
    Array::open(w, name, pretty)?;
    let mut a = Array::new(pretty);
    for it in items {
        a.item(w, it)?;
    }
    a.close(w)
}

/// The records of one of the timeline's arrays, written one at a time:
/// one record per line, or indented as `serde_json`'s pretty printer
/// would indent them inside the timeline object.
#[derive(Debug, Clone, Copy)]
pub struct Array {
    pretty: bool,
    n: usize,
}

impl Array {
    /// An array with no record written yet.
    pub fn new(pretty: bool) -> Array {
        Array { pretty, n: 0 }
    }

    /// Write the array's key and opening bracket.
    pub fn open(w: &mut dyn Write, name: &str, pretty: bool) -> std::io::Result<()> {
        if pretty {
            write!(w, "  \"{name}\": [")
        } else {
            write!(w, "\"{name}\":[")
        }
    }

    /// Write one record, with the separator before it.
    pub fn item<T: Serialize + ?Sized>(
        &mut self,
        w: &mut dyn Write,
        it: &T,
    ) -> std::io::Result<()> {
        if !self.pretty {
            self.separator(w)?;
            return serde_json::to_writer(&mut *w, it).map_err(std::io::Error::from);
        }
        let body = render_record(it, true)?;
        self.item_rendered(w, &body)
    }

    /// Write one record rendered by [`render_record`] (with the same
    /// `pretty`), with the separator before it.
    pub fn item_rendered(&mut self, w: &mut dyn Write, body: &[u8]) -> std::io::Result<()> {
        self.separator(w)?;
        w.write_all(body)
    }

    fn separator(&mut self, w: &mut dyn Write) -> std::io::Result<()> {
        let first = self.n == 0;
        self.n += 1;
        w.write_all(match (first, self.pretty) {
            (true, false) => b"\n",
            (false, false) => b",\n",
            (true, true) => b"\n    ",
            (false, true) => b",\n    ",
        })
    }

    /// How many records were written.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether no record was written.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Write the closing bracket.
    pub fn close(&self, w: &mut dyn Write) -> std::io::Result<()> {
        if self.n > 0 {
            w.write_all(if self.pretty { b"\n  " } else { b"\n" })?;
        }
        w.write_all(b"]")
    }
}

/// One record as [`Array::item`] writes it (without the separator): so
/// that worker threads can render records for a spool.
pub fn render_record<T: Serialize + ?Sized>(it: &T, pretty: bool) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    render_record_into(&mut out, it, pretty)?;
    Ok(out)
}

/// [`render_record`], appended to `out`.
pub fn render_record_into<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    it: &T,
    pretty: bool,
) -> std::io::Result<()> {
    if !pretty {
        return Ok(serde_json::to_writer(out, it)?);
    }
    let body = serde_json::to_vec_pretty(it)?;
    out.reserve(body.len() + body.len() / 8);
    // JSON strings hold no raw newline: every one is the printer's.
    for (i, line) in body.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\n    ");
        }
        out.extend_from_slice(line);
    }
    Ok(())
}

/// An array's records rendered ahead of the output: in memory up to
/// [`SPOOL_MEMORY`] bytes, then in an anonymous temporary file (removed by
/// the system when the process ends, even on a signal).
pub struct Spool {
    array: Array,
    buf: std::io::BufWriter<tempfile::SpooledTempFile>,
}

/// How much of a spool stays in memory before it moves to a file.
pub const SPOOL_MEMORY: usize = 8 << 20;

impl std::fmt::Debug for Spool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spool({} records)", self.array.len())
    }
}

impl Spool {
    /// An empty spool for records rendered as `pretty` says.
    pub fn new(pretty: bool) -> Spool {
        Spool::with_memory(pretty, SPOOL_MEMORY)
    }

    /// An empty spool that moves to a file past `limit` bytes.
    pub fn with_memory(pretty: bool, limit: usize) -> Spool {
        Spool {
            array: Array::new(pretty),
            buf: std::io::BufWriter::with_capacity(1 << 16, tempfile::spooled_tempfile(limit)),
        }
    }

    /// Render one record into the spool.
    pub fn push<T: Serialize + ?Sized>(&mut self, it: &T) -> std::io::Result<()> {
        self.array.item(&mut self.buf, it)
    }

    /// Add one record rendered by [`render_record`].
    pub fn push_rendered(&mut self, body: &[u8]) -> std::io::Result<()> {
        self.array.item_rendered(&mut self.buf, body)
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.array.len()
    }

    /// Whether it holds no record.
    pub fn is_empty(&self) -> bool {
        self.array.is_empty()
    }

    /// Write the whole array (key, records, brackets) into `w`.
    pub fn write_into(self, w: &mut dyn Write, name: &str) -> std::io::Result<()> {
        use std::io::Seek;
        let array = self.array;
        let mut file = self.buf.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        Array::open(w, name, array.pretty)?;
        std::io::copy(&mut file, w)?;
        array.close(w)
    }
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
