//! Writing timelines: one record per line inside each array (so `grep`
//! yields whole records), or indented with `--pretty`; written atomically
//! through a temporary file in the target directory.

use std::io::Write;
use std::path::Path;

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

/// Write `contents` to `path` atomically: a temporary file in the same
/// directory, then a rename. On failure nothing is left behind and an
/// existing file is untouched.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let shown = path.display().to_string();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".kazcrisis-")
        .tempfile_in(&dir)
        .map_err(|e| {
            Error::output(
                &shown,
                format!("cannot create a temporary file in {}: {e}", dir.display()),
            )
        })?;
    tmp.write_all(contents)
        .and_then(|_| tmp.flush())
        .map_err(|e| Error::output(&shown, format!("cannot write: {e}")))?;
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
