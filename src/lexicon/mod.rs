//! Lexicons and rules as data: the embedded files under `data/` (one folder
//! per language plus the shared entity lists), user `--lexicon` files, all
//! loaded once and compiled into matchers before any document is read.

pub mod entities;
pub mod rules;

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
pub use entities::{EntityLexicon, Entry, EntryKind, Origin};
pub use rules::LangRules;

/// The embedded curated actors and places.
pub const ENTITIES_TOML: &str = include_str!("../../data/entities.toml");
/// The embedded world gazetteer (GeoNames, CC BY 4.0).
pub const GAZETTEER_TSV: &str = include_str!("../../data/gazetteer.tsv");

/// Embedded per-language rule files, by language code and file name.
pub const LANG_FILES: &[(&str, &str, &str)] = &[
    ("en", "lang.toml", include_str!("../../data/en/lang.toml")),
    ("en", "time.toml", include_str!("../../data/en/time.toml")),
    (
        "en",
        "numbers.toml",
        include_str!("../../data/en/numbers.toml"),
    ),
    (
        "en",
        "quantity.toml",
        include_str!("../../data/en/quantity.toml"),
    ),
    (
        "en",
        "events.toml",
        include_str!("../../data/en/events.toml"),
    ),
    ("fr", "lang.toml", include_str!("../../data/fr/lang.toml")),
    ("fr", "time.toml", include_str!("../../data/fr/time.toml")),
    (
        "fr",
        "numbers.toml",
        include_str!("../../data/fr/numbers.toml"),
    ),
    (
        "fr",
        "quantity.toml",
        include_str!("../../data/fr/quantity.toml"),
    ),
    (
        "fr",
        "events.toml",
        include_str!("../../data/fr/events.toml"),
    ),
];

/// Everything the extractor knows, compiled.
#[derive(Debug)]
pub struct Lexicon {
    /// Actors and places.
    pub entities: EntityLexicon,
    /// Rules per language code.
    pub langs: BTreeMap<String, LangRules>,
    /// Where each loaded source came from, for `lexicon list`.
    pub sources: Vec<String>,
    /// How long each loading step took, in milliseconds (for `--timings`).
    pub timings: Vec<(&'static str, f64)>,
}

impl Lexicon {
    /// Load the embedded data plus user lexicon files (later files override
    /// entries with the same id) and an optional GeoNames dump.
    pub fn load(user_files: &[impl AsRef<Path>], gazetteer: Option<&Path>) -> Result<Lexicon> {
        let mut lists = Vec::new();
        let mut sources = Vec::new();
        let mut timings = Vec::new();
        let mut clock = std::time::Instant::now();
        let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, f64)>| {
            let now = std::time::Instant::now();
            timings.push((name, (now - clock).as_secs_f64() * 1e3));
            clock = now;
        };
        let gaz = entities::parse_gazetteer("data/gazetteer.tsv", GAZETTEER_TSV)?;
        sources.push(format!(
            "data/gazetteer.tsv ({} entries, and homonyms read on first use; GeoNames, https://www.geonames.org, CC BY 4.0)",
            gaz.len()
        ));
        lists.push(gaz);
        lap("gazetteer", &mut timings);
        if let Some(g) = gazetteer {
            let list = crate::geonames::read_dump(g)?;
            sources.push(format!(
                "{} ({} entries, GeoNames dump)",
                g.display(),
                list.len()
            ));
            lists.push(list);
        }
        let curated =
            entities::parse_entity_file("data/entities.toml", ENTITIES_TOML, Origin::Curated)?;
        sources.push(format!("data/entities.toml ({} entries)", curated.len()));
        lists.push(curated);
        for f in user_files {
            let p = f.as_ref();
            let shown = p.display().to_string();
            let src = std::fs::read_to_string(p)
                .map_err(|e| Error::lexicon(&shown, format!("cannot read: {e}")))?;
            let list = entities::parse_entity_file(&shown, &src, Origin::User)?;
            sources.push(format!("{shown} ({} entries)", list.len()));
            lists.push(list);
        }
        lap("lexicon files", &mut timings);
        let entities = EntityLexicon::build(lists)?
            .with_deferred_homonyms("data/gazetteer.tsv", GAZETTEER_TSV);
        lap("entity index", &mut timings);
        let mut langs = BTreeMap::new();
        for code in ["en", "fr"] {
            let files: Vec<(&str, &str)> = LANG_FILES
                .iter()
                .filter(|(l, _, _)| *l == code)
                .map(|(_, n, s)| (*n, *s))
                .collect();
            langs.insert(code.to_string(), LangRules::build(code, &files)?);
            sources.push(format!("data/{code}/*.toml"));
        }
        lap("rules", &mut timings);
        Ok(Lexicon {
            entities,
            langs,
            sources,
            timings,
        })
    }

    /// The rules for a language code (English when unknown).
    pub fn rules(&self, code: &str) -> &LangRules {
        self.langs
            .get(code)
            .or_else(|| self.langs.get("en"))
            .unwrap_or_else(|| unreachable!("the English rules are always loaded"))
    }
}
