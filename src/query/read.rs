//! Reading a timeline file or standard input, refusing newer schemas, and
//! finding sentence texts that the timeline does not carry.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::timeline::{Document, Mention, Timeline};

/// The newest schema major version this build reads.
const MAJOR: u64 = 1;

/// Read and parse a timeline from a file, or standard input for `-`.
pub fn read_timeline(path: &Path) -> Result<Timeline> {
    let stdin = path.as_os_str() == "-";
    let shown = if stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut text = String::new();
    let read = if stdin {
        std::io::stdin().lock().read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|e| Error::timeline(&shown, format!("cannot read: {e}")))?;
    parse_timeline(&shown, &text)
}

/// Parse timeline JSON; `shown` names the source in errors, which also give
/// the JSON path of the value at fault (`events[3].sources[0].doc`).
pub fn parse_timeline(shown: &str, text: &str) -> Result<Timeline> {
    #[derive(Deserialize)]
    struct Probe {
        schema_version: Option<serde_json::Value>,
    }
    match from_str_with_path::<Timeline>(text) {
        Ok(t) => {
            check_schema(shown, &t.schema_version)?;
            Ok(t)
        }
        Err(e) => {
            // A newer schema may not fit our types: say so rather than
            // report the first field that differs.
            if let Ok(Probe {
                schema_version: Some(serde_json::Value::String(v)),
            }) = serde_json::from_str::<Probe>(text)
            {
                check_schema(shown, &v)?;
            }
            Err(Error::timeline(
                shown,
                format!("not a kazcrisis timeline: {e}"),
            ))
        }
    }
}

/// `serde_json::from_str`, its error prefixed with the JSON path where it
/// happened (a missing field's name appended to its object's path).
pub fn from_str_with_path<T: serde::de::DeserializeOwned>(
    text: &str,
) -> std::result::Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner().to_string();
        let mut path = e.path().to_string();
        if let Some(field) = inner
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            path = if path == "." {
                field.to_string()
            } else {
                format!("{path}.{field}")
            };
        }
        if path == "." {
            inner
        } else {
            format!("at {path}: {inner}")
        }
    })?;
    de.end().map_err(|e| e.to_string())?;
    Ok(value)
}

/// Refuse a schema version whose major number is newer than this build's.
pub fn check_schema(shown: &str, version: &str) -> Result<()> {
    let major = version
        .split('.')
        .next()
        .and_then(|m| m.trim().parse::<u64>().ok())
        .ok_or_else(|| {
            Error::timeline(
                shown,
                format!("schema_version {version:?} is not MAJOR.MINOR"),
            )
        })?;
    if major > MAJOR {
        return Err(Error::timeline(
            shown,
            format!(
                "schema_version {version} is newer than this kazcrisis reads ({MAJOR}.x); \
                 upgrade kazcrisis or re-run `extract` with this version"
            ),
        ));
    }
    Ok(())
}

/// Sentence texts by (document, sentence index): from event sources first,
/// else read from the document's path when that file is still there and
/// its sentence spans fit it (loaded lazily, once per document).
#[derive(Debug)]
pub struct SentenceTexts<'t> {
    documents: HashMap<&'t str, &'t Document>,
    known: HashMap<(&'t str, usize), &'t str>,
    loaded: BTreeMap<String, Option<String>>,
}

impl<'t> SentenceTexts<'t> {
    /// Index the sentences that event sources carry.
    pub fn new(timeline: &'t Timeline) -> SentenceTexts<'t> {
        let mut known = HashMap::new();
        for e in &timeline.events {
            for s in &e.sources {
                known
                    .entry((s.doc.as_str(), s.sentence))
                    .or_insert(s.text.as_str());
            }
        }
        SentenceTexts {
            documents: timeline
                .documents
                .iter()
                .map(|d| (d.id.as_str(), d))
                .collect(),
            known,
            loaded: BTreeMap::new(),
        }
    }

    /// The text of the sentence a mention sits in, if it can be found.
    pub fn of(&mut self, m: &Mention) -> Option<String> {
        if let Some(t) = self.known.get(&(m.doc.as_str(), m.sentence)) {
            return Some((*t).to_string());
        }
        let doc = *self.documents.get(m.doc.as_str())?;
        let text = self
            .loaded
            .entry(doc.id.clone())
            .or_insert_with(|| {
                let bytes = std::fs::read(&doc.path).ok()?;
                crate::corpus::decode(&doc.path, &bytes)
                    .ok()
                    .map(|d| d.text)
            })
            .as_deref()?;
        // The file may have changed since extraction: trust it only if the
        // mention is still its byte slice.
        if text.get(m.start..m.end) != Some(m.text.as_str()) {
            return None;
        }
        let span = doc.sentences.get(m.sentence)?;
        text.get(span.start..span.end).map(str::to_string)
    }
}
