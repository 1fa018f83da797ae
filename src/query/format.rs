//! Rendering query results: an aligned table for people, JSON (one
//! array), JSON Lines (one object a line) or CSV (RFC 4180, lists joined
//! with `;`, formula-looking text neutralised).

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns, long cells truncated.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

impl Format {
    /// The format named `table`, `json`, `jsonl` or `csv`.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Results: columns with flat rows (table, CSV) and objects (JSON, JSONL).
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Column names of the flat view.
    pub columns: Vec<String>,
    /// Flat rows, one value per column.
    pub rows: Vec<Vec<Value>>,
    /// The same results as JSON objects, possibly richer than the rows.
    pub objects: Vec<Value>,
    /// Columns (indices) the table shows; all when empty.
    pub table_columns: Vec<usize>,
}

impl Records {
    /// Records whose flat rows are the objects' values for `columns`.
    pub fn from_objects(columns: &[&str], objects: Vec<Map<String, Value>>) -> Records {
        let rows = objects
            .iter()
            .map(|o| {
                columns
                    .iter()
                    .map(|c| o.get(*c).cloned().unwrap_or(Value::Null))
                    .collect()
            })
            .collect();
        Records {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
            objects: objects.into_iter().map(Value::Object).collect(),
            table_columns: Vec::new(),
        }
    }
}

/// The widest a table cell gets before it is truncated with `…`.
const TABLE_CELL: usize = 60;

/// Render records; `raw_csv` keeps formula-looking CSV cells as they are.
pub fn render(r: &Records, format: Format, raw_csv: bool) -> Result<String> {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&r.objects)
                .map_err(|e| Error::output("<stdout>", e.to_string()))?;
            s.push('\n');
            Ok(s)
        }
        Format::Jsonl => {
            let mut s = String::new();
            for o in &r.objects {
                s.push_str(
                    &serde_json::to_string(o)
                        .map_err(|e| Error::output("<stdout>", e.to_string()))?,
                );
                s.push('\n');
            }
            Ok(s)
        }
        Format::Csv => csv(r, raw_csv),
        Format::Table => Ok(table(r)),
    }
}

fn csv(r: &Records, raw: bool) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let err = |e: csv::Error| Error::output("<csv>", e.to_string());
    w.write_record(&r.columns).map_err(err)?;
    for row in &r.rows {
        w.write_record(row.iter().map(|v| csv_cell(v, raw)))
            .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::output("<csv>", e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::output("<csv>", e.to_string()))
}

/// A value as one CSV cell: text (neutralised unless `raw`), numbers as
/// written, null empty, lists joined with `;`, objects as JSON.
fn csv_cell(v: &Value, raw: bool) -> String {
    match v {
        Value::String(s) if raw => s.clone(),
        Value::String(s) => neutralise(s).into_owned(),
        Value::Array(items) => items
            .iter()
            .map(|i| csv_cell(i, raw))
            .collect::<Vec<_>>()
            .join(";"),
        _ => plain(v),
    }
}

/// A scalar as plain text (strings unquoted, null empty).
fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// Prefix `'` to text a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or carriage return), as OWASP advises.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn table(r: &Records) -> String {
    let cols: Vec<usize> = if r.table_columns.is_empty() {
        (0..r.columns.len()).collect()
    } else {
        r.table_columns.clone()
    };
    let cell = |v: &Value| -> String {
        let s: String = plain(v)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if s.chars().count() > TABLE_CELL {
            let mut t: String = s.chars().take(TABLE_CELL - 1).collect();
            t.push('…');
            t
        } else {
            s
        }
    };
    let header: Vec<String> = cols
        .iter()
        .map(|&c| r.columns.get(c).cloned().unwrap_or_default())
        .collect();
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| {
            cols.iter()
                .map(|&c| row.get(c).map(cell).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &body {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&body) {
        let last = row.len().saturating_sub(1);
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            out.push_str(c);
            if i < last {
                let pad = w.saturating_sub(c.chars().count()) + 2;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formula_cells_are_neutralised_but_numbers_are_not() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("Almaty"), "Almaty");
        assert_eq!(csv_cell(&json!(-76.5), false), "-76.5");
        assert_eq!(csv_cell(&json!(["a", "@b"]), false), "a;'@b");
        assert_eq!(csv_cell(&json!(["a", "@b"]), true), "a;@b");
        assert_eq!(csv_cell(&Value::Null, false), "");
    }

    #[test]
    fn table_truncates_long_cells() {
        let mut o = Map::new();
        o.insert("text".into(), json!("x".repeat(100)));
        let t = table(&Records::from_objects(&["text"], vec![o]));
        let line = t.lines().nth(1).expect("a row");
        assert_eq!(line.chars().count(), TABLE_CELL);
        assert!(line.ends_with('…'));
    }
}
