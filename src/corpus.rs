//! Inputs: discover documents (directories walked recursively, files,
//! stdin), decode their bytes (UTF-8, BOM, UTF-16, Windows-1252), read the
//! manifest of publication dates, and decide which DCT each document gets.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// The default largest file `extract` reads (64 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A document located but not yet read.
#[derive(Debug, Clone)]
pub struct Input {
    /// Contract id: relative path without extension.
    pub id: String,
    /// Path as shown to the user.
    pub path: String,
    /// Path relative to the corpus root, with extension, `/`-separated (manifest key).
    pub rel: String,
    /// Where to read it: a file or standard input.
    pub source: InputSource,
}

impl Input {
    /// Its size in bytes as the file system gives it (0 when it cannot be
    /// looked up); only for progress reporting, never for reading.
    pub fn size_hint(&self) -> u64 {
        match &self.source {
            InputSource::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            InputSource::Memory(b) => b.len() as u64,
        }
    }
}

/// Where a document's bytes come from.
#[derive(Debug, Clone)]
pub enum InputSource {
    /// A file on disk.
    File(PathBuf),
    /// Bytes already in memory (standard input, JSON Lines).
    Memory(Vec<u8>),
}

/// A decoded document.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// Which decoding was used.
    pub encoding: &'static str,
}

/// Discovered inputs plus the directory manifests are looked for in.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Documents in id order.
    pub inputs: Vec<Input>,
    /// Per-path problems found while walking (unreadable dirs, FIFOs, loops).
    pub problems: Vec<(String, String)>,
    /// The corpus root (the directory given, or the files' common parent).
    pub root: Option<PathBuf>,
}

/// Walk the given paths into a sorted list of documents.
pub fn discover(paths: &[PathBuf]) -> Result<Discovery> {
    let mut d = Discovery::default();
    for p in paths {
        if p.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::input("-", format!("cannot read standard input: {e}")))?;
            d.inputs.push(Input {
                id: "stdin".into(),
                path: "-".into(),
                rel: "stdin".into(),
                source: InputSource::Memory(buf),
            });
            continue;
        }
        let shown = p.display().to_string();
        let meta = match fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                d.problems.push((shown, describe_meta_error(p, &e)));
                continue;
            }
        };
        if meta.is_dir() {
            if d.root.is_none() {
                d.root = Some(p.clone());
            }
            let (inputs, problems) = (d.inputs.len(), d.problems.len());
            let mut visited = Vec::new();
            walk(p, p, &mut d, &mut visited)?;
            if d.inputs.len() == inputs && d.problems.len() == problems {
                d.problems
                    .push((shown, "no .txt file in this directory".into()));
            }
        } else if meta.is_file() {
            let parent = p.parent().map(Path::to_path_buf).unwrap_or_default();
            if d.root.is_none() {
                d.root = Some(if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent
                });
            }
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = p
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            d.inputs.push(Input {
                id: stem,
                path: p.display().to_string(),
                rel: name,
                source: InputSource::File(p.clone()),
            });
        } else {
            d.problems.push((
                shown,
                "not a regular file or directory (FIFO, socket or device)".into(),
            ));
        }
    }
    d.inputs
        .sort_by(|a, b| a.id.cmp(&b.id).then(a.path.cmp(&b.path)));
    for w in d.inputs.windows(2) {
        if w[0].id == w[1].id {
            return Err(Error::input(
                &w[1].path,
                format!("document id {:?} is also the id of {}", w[1].id, w[0].path),
            ));
        }
    }
    Ok(d)
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Why `fs::metadata` (which follows symbolic links) failed on `p`: a
/// dangling link or a link loop is named as such.
fn describe_meta_error(p: &Path, e: &std::io::Error) -> String {
    let is_link = fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    match (is_link, e.kind()) {
        (true, std::io::ErrorKind::NotFound) => {
            "dangling symbolic link (its target does not exist)".into()
        }
        (true, _) => format!("cannot follow symbolic link (a loop?): {e}"),
        _ => describe_io(e),
    }
}

fn walk(root: &Path, dir: &Path, d: &mut Discovery, visited: &mut Vec<PathBuf>) -> Result<()> {
    let canon = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if visited.contains(&canon) {
        d.problems.push((
            dir.display().to_string(),
            "symbolic link loop: directory already visited".into(),
        ));
        return Ok(());
    }
    visited.push(canon);
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            d.problems
                .push((dir.display().to_string(), describe_io(&e)));
            return Ok(());
        }
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        // fs::metadata follows symlinks; a dangling one fails here.
        let meta = match fs::metadata(&p) {
            Ok(m) => m,
            Err(e) => {
                if p.extension().is_some_and(|x| x == "txt") {
                    d.problems
                        .push((p.display().to_string(), describe_meta_error(&p, &e)));
                }
                continue;
            }
        };
        if meta.is_dir() {
            walk(root, &p, d, visited)?;
        } else if p.extension().is_some_and(|x| x == "txt") {
            if !meta.is_file() {
                d.problems.push((
                    p.display().to_string(),
                    "not a regular file (FIFO, socket or device)".into(),
                ));
                continue;
            }
            let rel_path = p.strip_prefix(root).unwrap_or(&p);
            let rel = rel_path
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let id = rel.strip_suffix(".txt").unwrap_or(&rel).to_string();
            d.inputs.push(Input {
                id,
                path: p.display().to_string(),
                rel,
                source: InputSource::File(p.clone()),
            });
        }
    }
    visited.pop();
    Ok(())
}

/// Read an input's bytes, refusing files over `max_size`.
pub fn read_bytes(input: &Input, max_size: u64) -> Result<Vec<u8>> {
    match &input.source {
        InputSource::Memory(b) => {
            if b.len() as u64 > max_size {
                return Err(Error::input(
                    &input.path,
                    format!("larger than --max-file-size ({max_size} bytes)"),
                ));
            }
            Ok(b.clone())
        }
        InputSource::File(p) => {
            let too_big = |len: u64| {
                Error::input(
                    &input.path,
                    format!("file is {len} bytes, larger than --max-file-size ({max_size} bytes)"),
                )
            };
            // Checked before opening: opening a FIFO would block.
            let meta = fs::metadata(p).map_err(|e| Error::input(&input.path, describe_io(&e)))?;
            if !meta.is_file() {
                return Err(Error::input(
                    &input.path,
                    "not a regular file (FIFO, socket or device)",
                ));
            }
            if meta.len() > max_size {
                return Err(too_big(meta.len()));
            }
            let f = fs::File::open(p).map_err(|e| Error::input(&input.path, describe_io(&e)))?;
            // The file may have grown since: never read more than the limit.
            let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
            f.take(max_size.saturating_add(1))
                .read_to_end(&mut buf)
                .map_err(|e| Error::input(&input.path, describe_io(&e)))?;
            if buf.len() as u64 > max_size {
                return Err(too_big(buf.len() as u64));
            }
            Ok(buf)
        }
    }
}

/// Decode bytes: BOMs first, then strict UTF-8, then Windows-1252.
/// Text with NUL bytes or mostly control characters is refused.
pub fn decode(path: &str, bytes: &[u8]) -> Result<Decoded> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let t = std::str::from_utf8(rest).map_err(|e| {
            Error::input(
                path,
                format!("invalid UTF-8 after BOM at byte {}", e.valid_up_to() + 3),
            )
        })?;
        (t.to_string(), "utf-8-bom")
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let enc = if le {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (t, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(Error::input(
                path,
                "invalid UTF-16 (unpaired surrogate or odd length)",
            ));
        }
        (t.into_owned(), if le { "utf-16le" } else { "utf-16be" })
    } else {
        match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_string(), "utf-8"),
            Err(_) => {
                if bytes.contains(&0) {
                    return Err(Error::input(path, "not text: contains NUL bytes"));
                }
                let (t, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                (t.into_owned(), "windows-1252")
            }
        }
    };
    if text.contains('\0') {
        return Err(Error::input(path, "not text: contains NUL bytes"));
    }
    // The first 65,536 characters, counted as they are read.
    let (mut sampled, mut control) = (0usize, 0usize);
    for c in text.chars().take(65_536) {
        sampled += 1;
        control += usize::from(c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    }
    if control * 10 > sampled {
        return Err(Error::input(path, "not text: mostly control characters"));
    }
    Ok(Decoded { text, encoding })
}

/// Publication dates read from a manifest, by relative path.
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    /// Relative path (`/`-separated, with extension) to date.
    pub dates: BTreeMap<String, NaiveDate>,
    /// Where it was read from.
    pub path: String,
}

/// Read `manifest.csv`: header `file,published` (more columns allowed).
/// Every bad row is an error naming the file and line.
pub fn read_manifest(path: &Path, root: Option<&Path>) -> Result<Manifest> {
    let shown = path.display().to_string();
    let bytes = fs::read(path).map_err(|e| Error::manifest(&shown, describe_io(&e)))?;
    let text = decode(&shown, &bytes)?.text;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Error::manifest(&shown, format!("line 1: {e}")))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (fi, pi) = match (col("file"), col("published")) {
        (Some(f), Some(p)) => (f, p),
        _ => {
            return Err(Error::manifest(
                &shown,
                format!(
                    "line 1: header must name columns `file` and `published`, found {:?}",
                    headers.iter().collect::<Vec<_>>()
                ),
            ))
        }
    };
    let mut m = Manifest {
        path: shown.clone(),
        ..Manifest::default()
    };
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            let why = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("{len} columns, the header has {expected_len}"),
                _ => e.to_string(),
            };
            Error::manifest(&shown, format!("line {line}: {why}"))
        })?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let bad = |msg: String| Error::manifest(&shown, format!("line {line}: {msg}"));
        let file = rec.get(fi).unwrap_or("").trim();
        let published = rec.get(pi).unwrap_or("").trim();
        if file.is_empty() {
            return Err(bad("empty `file`".into()));
        }
        let fp = Path::new(file);
        if fp.is_absolute()
            || fp.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            })
        {
            return Err(bad(format!("`file` {file:?} is outside the corpus root")));
        }
        let date = NaiveDate::parse_from_str(published, "%Y-%m-%d").map_err(|_| {
            bad(format!(
                "`published` {published:?} is not a date YYYY-MM-DD"
            ))
        })?;
        if let Some(root) = root {
            if !root.join(fp).is_file() {
                return Err(bad(format!(
                    "`file` {file:?} does not exist under {}",
                    root.display()
                )));
            }
        }
        // `./a.txt` and `a.txt` are one key (the documents' `rel`).
        let key = fp
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
            .replace('\\', "/");
        if m.dates.insert(key, date).is_some() {
            return Err(bad(format!("duplicate row for {file:?}")));
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        assert_eq!(decode("x", b"abc").unwrap().encoding, "utf-8");
        let d = decode("x", b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("abc", "utf-8-bom"));
        let d = decode("x", b"\xFF\xFEa\x00b\x00").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("ab", "utf-16le"));
        let d = decode("x", b"\xFE\xFF\x00a\x00b").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("ab", "utf-16be"));
        let d = decode("x", b"caf\xe9").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("café", "windows-1252"));
        assert!(decode("x", b"a\x00\xff").is_err());
    }
}
