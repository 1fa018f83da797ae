//! Reading a GeoNames dump a user downloaded (`cities500.txt`,
//! `allCountries.txt`: tab-separated, 19 columns) into place entries.

use std::path::Path;

use crate::error::{Error, Result};
use crate::lexicon::entities::{Entry, EntryKind, Origin};
use crate::text::slug;

/// Read populated places (feature class P) and first-level regions (A/ADM1)
/// from a GeoNames dump; a malformed row is an error with file and line.
pub fn read_dump(path: &Path) -> Result<Vec<Entry>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::lexicon(&shown, format!("cannot read: {e}")))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |m: String| Error::lexicon(&shown, format!("line {}: {m}", i + 1));
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 15 {
            return Err(bad(format!(
                "expected 19 tab-separated GeoNames columns, found {}",
                c.len()
            )));
        }
        let kind = match (c[6], c[7]) {
            ("P", _) => EntryKind::City,
            ("A", "ADM1") => EntryKind::Region,
            _ => continue,
        };
        let lat: f64 = c[4]
            .parse()
            .map_err(|_| bad(format!("bad latitude {:?}", c[4])))?;
        let lon: f64 = c[5]
            .parse()
            .map_err(|_| bad(format!("bad longitude {:?}", c[5])))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(bad(format!("invalid coordinates {lat}, {lon}")));
        }
        let gid: u64 = c[0]
            .parse()
            .map_err(|_| bad(format!("bad geonameid {:?}", c[0])))?;
        let mut names = vec![c[1].to_string()];
        if c[2] != c[1] && !c[2].is_empty() {
            names.push(c[2].to_string());
        }
        let id = slug(c[2]);
        if id.is_empty() {
            continue;
        }
        out.push(Entry {
            id: format!("{id}_{}", c[8].to_lowercase()),
            kind,
            name: Some(c[1].to_string()),
            names,
            acronyms: vec![],
            demonyms: vec![],
            metonyms: vec![],
            lat: Some(lat),
            lon: Some(lon),
            country: Some(c[8].to_string()),
            capital_of: None,
            geonames_id: Some(gid),
            population: c[14].parse().ok(),
            common_word: false,
            homonym: false,
            admin1: Some(c[10].trim())
                .filter(|a| !a.is_empty())
                .map(String::from),
            origin: Some(Origin::Gazetteer),
            provenance: format!("{shown}:{}", i + 1),
        });
    }
    // The most populous place of a name and country keeps `<slug>_<cc>`;
    // a namesake in another region gets `<slug>_<cc>_<admin1>` (Paris,
    // Texas and Paris, Tennessee both stay, for "Paris, Tennessee").
    out.sort_by(|a, b| a.id.cmp(&b.id).then(b.population.cmp(&a.population)));
    let mut seen = std::collections::HashSet::new();
    out.retain_mut(|e| {
        if seen.insert(e.id.clone()) {
            return true;
        }
        let a1 = e.admin1.as_deref().map(slug).unwrap_or_default();
        if a1.is_empty() {
            return false;
        }
        e.id = format!("{}_{a1}", e.id);
        seen.insert(e.id.clone())
    });
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
