//! Actor and place entries: the embedded curated list (`data/entities.toml`),
//! the world gazetteer (`data/gazetteer.tsv`) and user `--lexicon` files,
//! merged by id (later wins) and compiled into one alias index.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::text::{fold_str, is_word_char};

/// The longest alias a lexicon may carry.
pub const MAX_ALIAS_LEN: usize = 200;

/// What an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A named person.
    Person,
    /// An organisation, agency, alliance, news agency.
    Organisation,
    /// A collective actor (police, protesters).
    Group,
    /// A country: an actor and a place.
    Country,
    /// A city.
    City,
    /// A region or province.
    Region,
}

impl EntryKind {
    /// Whether entries of this kind are places.
    pub fn is_place(self) -> bool {
        matches!(
            self,
            EntryKind::Country | EntryKind::City | EntryKind::Region
        )
    }
    /// Whether entries of this kind are actors by themselves.
    pub fn is_actor(self) -> bool {
        matches!(
            self,
            EntryKind::Person | EntryKind::Organisation | EntryKind::Group | EntryKind::Country
        )
    }
    /// Lowercase name, as written in data.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Person => "person",
            EntryKind::Organisation => "organisation",
            EntryKind::Group => "group",
            EntryKind::Country => "country",
            EntryKind::City => "city",
            EntryKind::Region => "region",
        }
    }
}

/// Where an entry was loaded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// The world gazetteer: guarded matching.
    Gazetteer,
    /// The curated embedded lexicon.
    Curated,
    /// A user `--lexicon` file.
    User,
}

/// One actor or place.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Lowercase ASCII slug id.
    pub id: String,
    /// What it is.
    pub kind: EntryKind,
    /// Display name (defaults to the first name).
    #[serde(default)]
    pub name: Option<String>,
    /// Surface forms, matched whole-word, accent- and case-folded, capitalised
    /// in the text for proper nouns.
    #[serde(default)]
    pub names: Vec<String>,
    /// Forms matched with their exact case (CSTO, OTSC).
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// Adjectives and demonyms: make an actor mention only (Russian, russes).
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Names of the entity used for its government (Kremlin): actor only.
    #[serde(default)]
    pub metonyms: Vec<String>,
    /// Latitude for places.
    #[serde(default)]
    pub lat: Option<f64>,
    /// Longitude for places.
    #[serde(default)]
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2 code of the country it is in.
    #[serde(default)]
    pub country: Option<String>,
    /// For a capital city: the country id whose government it can stand for.
    #[serde(default)]
    pub capital_of: Option<String>,
    /// GeoNames id where known.
    #[serde(default)]
    pub geonames_id: Option<u64>,
    /// Population where known (ambiguity resolution).
    #[serde(default)]
    pub population: Option<u64>,
    /// The name is also a common word: needs a locative preposition before it.
    #[serde(default)]
    pub common_word: bool,
    /// A smaller namesake (Moscow, Idaho): never matched by its name alone,
    /// only when an apposition names its country or region.
    #[serde(default)]
    pub homonym: bool,
    /// GeoNames admin1 code of its first-level region, where known (`TX`).
    #[serde(default)]
    pub admin1: Option<String>,
    /// Where it came from (not in files).
    #[serde(skip, default = "default_origin")]
    pub origin: Option<Origin>,
    /// File and line it came from (not in files).
    #[serde(skip)]
    pub provenance: String,
}

fn default_origin() -> Option<Origin> {
    None
}

impl Entry {
    /// The display name.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .or(self.names.first().map(String::as_str))
            .or(self.acronyms.first().map(String::as_str))
            .unwrap_or(&self.id)
    }
}

/// A lexicon file: `[[entry]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityFile {
    #[serde(default)]
    entry: Vec<toml::Spanned<Entry>>,
}

/// The role an alias plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A name: actor and/or place by entry kind.
    Name,
    /// An exact-case acronym: like a name.
    Acronym,
    /// An adjective: actor only.
    Demonym,
    /// A metonym: actor only.
    Metonym,
}

/// One compiled alias.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Index into `EntityLexicon::entries`.
    pub entry: usize,
    /// What the alias is.
    pub role: Role,
    /// Its position in the entry's list for `role` (see [`Pattern::surface`]).
    pub alias: usize,
}

impl Pattern {
    /// The alias as written in its entry (for exact-case checks).
    pub fn surface<'e>(&self, e: &'e Entry) -> &'e str {
        let list = match self.role {
            Role::Name => &e.names,
            Role::Acronym => &e.acronyms,
            Role::Demonym => &e.demonyms,
            Role::Metonym => &e.metonyms,
        };
        list.get(self.alias).map_or("", String::as_str)
    }
}

/// Every actor and place, compiled.
#[derive(Debug, Default)]
pub struct EntityLexicon {
    /// Entries sorted by id.
    pub entries: Vec<Entry>,
    /// Patterns, indexed by the ids `index` gives.
    pub patterns: Vec<Pattern>,
    /// The folded aliases, looked up at word bounds.
    pub index: AliasIndex,
    /// Country entry index by ISO code.
    pub by_iso: BTreeMap<String, usize>,
    /// Person surnames (folded, 6+ letters) for one-edit folding.
    pub surnames: Vec<(String, usize)>,
    /// Places of `entries` matched only through an apposition: homonyms
    /// (the gazetteer's regions named like a country or a city, Georgia in
    /// the US; those of lexicon files), and places a curated or user entry
    /// took a name of.
    pub qualified_only: Vec<usize>,
    /// Their folded names, indexed on first use.
    qualified_names: std::sync::OnceLock<FxHashMap<Box<str>, Vec<usize>>>,
    /// The gazetteer whose homonym towns (Moscow in Idaho) are read on
    /// first use, not at start-up: path, text.
    deferred: Option<(&'static str, &'static str)>,
    /// Those towns, once read.
    towns: std::sync::OnceLock<Towns>,
}

/// The deferred homonym towns and their folded names.
#[derive(Debug, Default)]
struct Towns {
    /// The rows (entry `entries.len() + k` is `entries[k]` here).
    entries: Vec<Entry>,
    /// Folded name -> entries.
    names: FxHashMap<Box<str>, Vec<usize>>,
}

/// Folded name -> the entries of `list` (with their indices) that have it.
fn index_names<'a>(
    list: impl Iterator<Item = (usize, &'a Entry)>,
) -> FxHashMap<Box<str>, Vec<usize>> {
    let mut names: FxHashMap<Box<str>, Vec<usize>> = FxHashMap::default();
    for (i, e) in list {
        for n in &e.names {
            let ids = names.entry(fold_str(n).into()).or_default();
            if ids.last() != Some(&i) {
                ids.push(i);
            }
        }
    }
    names
}

/// Parse a TOML lexicon file into entries, naming `path` and the line of
/// any problem.
pub fn parse_entity_file(path: &str, src: &str, origin: Origin) -> Result<Vec<Entry>> {
    let file: EntityFile = toml::from_str(src).map_err(|e| {
        let line = e
            .span()
            .map(|s| line_of(src, s.start))
            .map(|l| format!("line {l}: "))
            .unwrap_or_default();
        Error::lexicon(path, format!("{line}{}", e.message()))
    })?;
    let mut out = Vec::with_capacity(file.entry.len());
    for spanned in file.entry {
        let line = entry_line(src, spanned.span());
        let mut e = spanned.into_inner();
        e.origin = Some(origin);
        e.provenance = format!("{path}:{line}");
        validate(&e)
            .map_err(|m| Error::lexicon(path, format!("line {line}: entry {:?}: {m}", e.id)))?;
        out.push(e);
    }
    let mut seen = BTreeMap::new();
    for e in &out {
        if let Some(prev) = seen.insert(e.id.clone(), e.provenance.clone()) {
            let line = e.provenance.rsplit(':').next().unwrap_or("0");
            return Err(Error::lexicon(
                path,
                format!("line {line}: duplicate id {:?} (also at {prev})", e.id),
            ));
        }
    }
    Ok(out)
}

fn line_of(src: &str, byte: usize) -> usize {
    src.get(..byte.min(src.len()))
        .map_or(0, |s| s.matches('\n').count())
        + 1
}

/// The line of an entry's `id` key (else of its start), from where the
/// entry starts in the file: its lines up to the next table header (the
/// parser's span may cover the header alone).
fn entry_line(src: &str, span: std::ops::Range<usize>) -> usize {
    let body = src.get(span.start..).unwrap_or("");
    let mut offset = 0;
    for (i, l) in body.split_inclusive('\n').enumerate() {
        let t = l.trim_start();
        if i > 0 && t.starts_with('[') && offset >= span.len() {
            break;
        }
        if t.strip_prefix("id")
            .is_some_and(|r| r.trim_start().starts_with('='))
        {
            return line_of(src, span.start + offset);
        }
        offset += l.len();
    }
    line_of(src, span.start)
}

fn validate(e: &Entry) -> std::result::Result<(), String> {
    if e.id.is_empty()
        || !e
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err("id must be a lowercase ASCII slug (a-z, 0-9, _)".into());
    }
    if e.names.is_empty() && e.acronyms.is_empty() && e.demonyms.is_empty() && e.metonyms.is_empty()
    {
        return Err("no names, acronyms, demonyms or metonyms".into());
    }
    for a in e
        .names
        .iter()
        .chain(&e.acronyms)
        .chain(&e.demonyms)
        .chain(&e.metonyms)
    {
        if a.trim().is_empty() {
            return Err("an alias is empty".into());
        }
        if a.len() > MAX_ALIAS_LEN && a.chars().count() > MAX_ALIAS_LEN {
            return Err(format!("alias longer than {MAX_ALIAS_LEN} characters"));
        }
    }
    if e.kind.is_place() {
        match (e.lat, e.lon) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(format!("invalid coordinates {lat}, {lon}"));
                }
            }
            _ => return Err("a place needs lat and lon".into()),
        }
    }
    Ok(())
}

/// Parse the gazetteer TSV (columns: id kind country lat lon geonames_id
/// population common_word names demonyms capital admin1), all but its
/// homonym towns (`common_word` 2, see `parse_gazetteer_homonyms`); a capital
/// city (`1` in `capital`) gets `capital_of` = the id of its country's row.
pub fn parse_gazetteer(path: &str, src: &str) -> Result<Vec<Entry>> {
    parse_gazetteer_rows(path, src, false)
}

/// Parse only the homonym towns of the gazetteer TSV (cities with
/// `common_word` 2: Moscow in Idaho), which are read through appositions
/// only: the extractor reads them on first use, not at start-up.
pub fn parse_gazetteer_homonyms(path: &str, src: &str) -> Result<Vec<Entry>> {
    parse_gazetteer_rows(path, src, true)
}

/// The pieces of `s` between ASCII separator bytes (like `str::split`
/// with a char, cheaper on the short fields of a gazetteer row).
fn fields(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == sep) {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `path:line`, without the formatting machinery (once per gazetteer row).
fn provenance(path: &str, line: usize) -> String {
    let mut digits = [0u8; 20];
    let mut n = line;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(path.len() + 1 + digits.len() - i);
    out.push_str(path);
    out.push(':');
    out.extend(digits[i..].iter().map(|&d| d as char));
    out
}

/// The rows of the gazetteer TSV that are homonym towns, or all the others.
fn parse_gazetteer_rows(path: &str, src: &str, homonyms: bool) -> Result<Vec<Entry>> {
    // Two halves at a line break, the second on a thread of its own: at
    // start-up the index is built while the first document is read, and
    // the parse would otherwise be the last thing the document waits for.
    // (Not rayon: the workers may be waiting for this very index.)
    let mid = src.len() / 2;
    let cut = src
        .get(mid..)
        .and_then(|r| r.find('\n'))
        .map_or(src.len(), |i| mid + i + 1);
    let (head, tail) = src.split_at(cut);
    let tail_first_line = head.bytes().filter(|&b| b == b'\n').count();
    let (a, b) = std::thread::scope(|scope| {
        let second = std::thread::Builder::new()
            .name("gazetteer".into())
            .spawn_scoped(scope, || {
                gazetteer_rows_from(path, tail, tail_first_line, homonyms)
            });
        let a = gazetteer_rows_from(path, head, 0, homonyms);
        let b = match second {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            // No thread to be had: parse it here.
            Err(_) => gazetteer_rows_from(path, tail, tail_first_line, homonyms),
        };
        (a, b)
    });
    let mut out = a?;
    out.extend(b?);
    let countries: BTreeMap<String, String> = out
        .iter()
        .filter(|(e, _)| e.kind == EntryKind::Country)
        .filter_map(|(e, _)| Some((e.country.clone()?, e.id.clone())))
        .collect();
    Ok(out
        .into_iter()
        .map(|(mut e, capital)| {
            if capital && e.kind == EntryKind::City {
                e.capital_of = e.country.as_ref().and_then(|c| countries.get(c)).cloned();
            }
            e
        })
        .collect())
}

/// The rows of `src`, lines of the gazetteer from line index `first` on
/// (index 0 is the header), with whether each is a capital.
fn gazetteer_rows_from(
    path: &str,
    src: &str,
    first: usize,
    homonyms: bool,
) -> Result<Vec<(Entry, bool)>> {
    // A row per line: one allocation, not a dozen doublings of ~10,000
    // large entries (each a copy).
    let mut out = Vec::with_capacity(src.bytes().filter(|&b| b == b'\n').count() + 1);
    let mut cols: Vec<&str> = Vec::with_capacity(12);
    for (i, line) in (first..).zip(src.lines()) {
        if i == 0 || line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let lineno = i + 1;
        let bad = |m: &str| Error::lexicon(path, format!("line {lineno}: {m}"));
        cols.clear();
        cols.extend(fields(line, b'\t'));
        if cols.len() < 9 {
            return Err(bad(&format!(
                "expected 12 tab-separated columns, found {}",
                cols.len()
            )));
        }
        if (cols[7] == "2" && cols[1] == "city") != homonyms {
            continue;
        }
        let kind = match cols[1] {
            "country" => EntryKind::Country,
            "city" => EntryKind::City,
            "region" => EntryKind::Region,
            k => return Err(bad(&format!("unknown kind {k:?}"))),
        };
        let num = |s: &str, what: &str| {
            s.parse::<f64>()
                .map_err(|_| bad(&format!("bad {what} {s:?}")))
        };
        let split = |s: &str| -> Vec<String> {
            let mut out = Vec::with_capacity(s.bytes().filter(|&b| b == b'|').count() + 1);
            out.extend(
                fields(s, b'|')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(String::from),
            );
            out
        };
        let e = Entry {
            id: cols[0].to_string(),
            kind,
            name: None,
            names: split(cols[8]),
            acronyms: vec![],
            demonyms: cols.get(9).map(|s| split(s)).unwrap_or_default(),
            metonyms: vec![],
            lat: Some(num(cols[3], "latitude")?),
            lon: Some(num(cols[4], "longitude")?),
            country: Some(cols[2].to_string()),
            capital_of: None,
            geonames_id: cols[5].parse().ok(),
            population: cols[6].parse().ok(),
            common_word: cols[7] == "1",
            homonym: cols[7] == "2",
            admin1: cols
                .get(11)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(String::from),
            origin: Some(Origin::Gazetteer),
            provenance: provenance(path, lineno),
        };
        validate(&e).map_err(|m| bad(&m))?;
        out.push((e, cols.get(10).is_some_and(|c| c.trim() == "1")));
    }
    Ok(out)
}

impl EntityLexicon {
    /// Merge entry lists (later lists override earlier ones by id) and compile.
    pub fn build(lists: Vec<Vec<Entry>>) -> Result<EntityLexicon> {
        // By id; of entries with the same id, the last list's wins.
        let mut all: Vec<Option<Entry>> = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        all.extend(lists.into_iter().flatten().map(Some));
        let mut order: Vec<usize> = (0..all.len()).collect();
        let id = |i: usize| all[i].as_ref().map_or("", |e| e.id.as_str());
        order.sort_by(|&a, &b| id(a).cmp(id(b)).then(b.cmp(&a)));
        order.dedup_by(|later, kept| id(*later) == id(*kept));
        let mut entries: Vec<Entry> = Vec::with_capacity(order.len());
        entries.extend(order.into_iter().filter_map(|i| all[i].take()));
        drop(all);
        let mut by_iso: BTreeMap<String, usize> = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            if e.kind == EntryKind::Country {
                if let Some(cc) = &e.country {
                    // Curated and user entries win over the gazetteer's.
                    let replace = match by_iso.get(cc).copied() {
                        Some(j) => {
                            let prev: Option<Origin> = entries[j].origin;
                            prev < e.origin
                        }
                        None => true,
                    };
                    if replace {
                        by_iso.insert(cc.clone(), i);
                    }
                }
            }
        }
        // Every alias folded once, with its entry and role.
        let alias_count = entries
            .iter()
            .map(|e| e.names.len() + e.acronyms.len() + e.demonyms.len() + e.metonyms.len())
            .sum();
        let mut aliases: Vec<(usize, Role, usize, String)> = Vec::with_capacity(alias_count);
        let mut qualified_only = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if e.homonym {
                qualified_only.push(i);
                continue;
            }
            for (list, role) in [
                (&e.names, Role::Name),
                (&e.acronyms, Role::Acronym),
                (&e.demonyms, Role::Demonym),
                (&e.metonyms, Role::Metonym),
            ] {
                aliases.extend(
                    list.iter()
                        .enumerate()
                        .map(|(k, a)| (i, role, k, fold_str(a))),
                );
            }
        }
        // A folded alias claimed by a curated entry is not also given to a
        // gazetteer entry (curated overrides). Only the aliases above the
        // gazetteer's origin (the lowest) can claim one: a few hundred.
        let origin = |i: usize| entries[i].origin.unwrap_or(Origin::Curated);
        let mut claimed: FxHashMap<&str, Origin> = FxHashMap::default();
        for (i, _, _, f) in &aliases {
            let o = origin(*i);
            if o == Origin::Gazetteer {
                continue;
            }
            let cur = claimed.entry(f.as_str()).or_insert(o);
            if o > *cur {
                *cur = o;
            }
        }
        let keep: Vec<bool> = aliases
            .iter()
            .map(|(i, _, _, f)| claimed.get(f.as_str()).is_none_or(|c| *c <= origin(*i)))
            .collect();
        drop(claimed);
        let mut patterns = Vec::with_capacity(alias_count);
        let mut folded = Vec::with_capacity(alias_count);
        let mut surnames = Vec::new();
        for ((i, role, a, f), keep) in aliases.into_iter().zip(keep) {
            if role == Role::Name && entries[i].kind == EntryKind::Person {
                if let Some(last) = f.split([' ', '-']).next_back() {
                    if last.chars().count() >= 6 {
                        surnames.push((last.to_string(), i));
                    }
                }
            }
            if keep {
                patterns.push(Pattern {
                    entry: i,
                    role,
                    alias: a,
                });
                folded.push(f);
            } else if role == Role::Name && entries[i].kind.is_place() {
                qualified_only.push(i);
            }
        }
        surnames.sort();
        surnames.dedup();
        qualified_only.sort_unstable();
        qualified_only.dedup();
        let index = AliasIndex::new(folded);
        Ok(EntityLexicon {
            entries,
            patterns,
            index,
            by_iso,
            surnames,
            qualified_only,
            qualified_names: std::sync::OnceLock::new(),
            deferred: None,
            towns: std::sync::OnceLock::new(),
        })
    }

    /// Read the homonym rows of gazetteer `src` (`path` names it) on first
    /// use instead of now; a row whose id another list defines is left out.
    pub fn with_deferred_homonyms(mut self, path: &'static str, src: &'static str) -> Self {
        self.deferred = Some((path, src));
        self
    }

    /// The deferred homonym towns, read and indexed on the first call.
    fn towns(&self) -> &Towns {
        self.towns.get_or_init(|| {
            let Some((path, src)) = self.deferred else {
                return Towns::default();
            };
            // The embedded rows are checked by tests/gazetteer.rs.
            let mut entries = parse_gazetteer_homonyms(path, src).unwrap_or_default();
            entries.retain(|e| self.index_of(&e.id).is_none());
            let names = index_names((self.entries.len()..).zip(&entries));
            Towns { entries, names }
        })
    }

    /// The places of `entries` matched only through an apposition that
    /// have this folded name (not the deferred towns: nothing is read).
    pub fn qualified_named(&self, folded: &str) -> &[usize] {
        self.qualified_names
            .get_or_init(|| index_names(self.qualified_only.iter().map(|&i| (i, &self.entries[i]))))
            .get(folded)
            .map_or(&[], Vec::as_slice)
    }

    /// The deferred homonym towns that have this folded name (read and
    /// indexed on the first call).
    pub fn homonym_towns_named(&self, folded: &str) -> &[usize] {
        self.towns().names.get(folded).map_or(&[], Vec::as_slice)
    }

    /// The entry at index `i`: one of `entries`, or past them a deferred
    /// homonym town (an index `homonym_towns_named` gave).
    pub fn entry(&self, i: usize) -> &Entry {
        match self.entries.get(i) {
            Some(e) => e,
            None => self
                .towns()
                .entries
                .get(i - self.entries.len())
                .unwrap_or_else(|| unreachable!("entry {i} comes from homonym_towns_named")),
        }
    }

    /// The deferred homonym towns of the gazetteer (read now if not yet).
    pub fn homonyms(&self) -> &[Entry] {
        &self.towns().entries
    }

    /// The index in `entries` of the entry with this id (entries are
    /// sorted by id; deferred homonyms are not searched).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
    }

    /// The entry with this id, deferred homonyms included.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        match self.index_of(id) {
            Some(i) => self.entries.get(i),
            None => self.homonyms().iter().find(|e| e.id == id),
        }
    }

    /// The country entry an entry belongs to, if any.
    pub fn country_of(&self, e: &Entry) -> Option<usize> {
        if e.kind == EntryKind::Country {
            return self.index_of(&e.id);
        }
        e.country
            .as_ref()
            .and_then(|cc| self.by_iso.get(cc).copied())
    }
}

/// Folded aliases in two hash maps, for finding every alias that stands as
/// whole words in a folded text.
///
/// Every such occurrence starts where no word character precedes and ends
/// where none follows, so the text is only probed there: at each possible
/// start, its first segment (up to the first possible end) must begin some
/// alias, and the spans up to that alias group's longest length are looked
/// up whole. Building it is a hash insert per alias (an automaton over the
/// ~28,000 gazetteer aliases took most of the start-up time); a lookup per
/// word and a few per alias-starting word keep the search linear.
#[derive(Debug, Default)]
pub struct AliasIndex {
    /// Whole folded alias -> the ids of the patterns spelled so, in order.
    whole: FxHashMap<Box<str>, Ids>,
    /// First segment -> the lengths of the aliases it starts.
    first: FxHashMap<Box<str>, Lengths>,
}

/// The lengths in bytes of the aliases one first segment starts: the
/// longest, and a bit per length below 63 (bit 63: any longer one), so
/// that a text's span is looked up only at lengths some alias has.
#[derive(Debug, Clone, Copy)]
struct Lengths {
    longest: usize,
    bits: u64,
}

impl Lengths {
    fn bit(len: usize) -> u64 {
        1 << len.min(63)
    }

    fn of(len: usize) -> Lengths {
        Lengths {
            longest: len,
            bits: Lengths::bit(len),
        }
    }

    fn add(&mut self, len: usize) {
        self.longest = self.longest.max(len);
        self.bits |= Lengths::bit(len);
    }

    /// Whether an alias may be `len` bytes long.
    fn may(&self, len: usize) -> bool {
        self.bits & Lengths::bit(len) != 0
    }
}

/// The pattern ids of one alias: most aliases have one, which needs no
/// allocation of its own.
#[derive(Debug)]
enum Ids {
    One(usize),
    Many(Vec<usize>),
}

impl Ids {
    fn as_slice(&self) -> &[usize] {
        match self {
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(ids) => ids,
        }
    }

    fn push(&mut self, id: usize) {
        match self {
            Ids::One(first) => *self = Ids::Many(vec![*first, id]),
            Ids::Many(ids) => ids.push(id),
        }
    }
}

/// Where a span starting at byte 0 of `s` may end: after at least one char,
/// where the next char is no word character (or at the end).
fn ends(s: &str) -> impl Iterator<Item = usize> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            // The length of the char at `i` from its leading byte.
            i += match b[i] {
                0..=0x7f => 1,
                0x80..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            let next_is_word = match b.get(i) {
                None => false,
                Some(&x) if x < 0x80 => x.is_ascii_alphanumeric(),
                Some(_) => s
                    .get(i..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(is_word_char),
            };
            if !next_is_word {
                return Some(i);
            }
        }
        None
    })
}

impl AliasIndex {
    /// The ids of the patterns whose folded alias is exactly `folded`.
    pub fn get(&self, folded: &str) -> &[usize] {
        self.whole.get(folded).map_or(&[], Ids::as_slice)
    }

    /// Index folded aliases; an alias's id is its position in `folded`.
    pub fn new(folded: Vec<String>) -> AliasIndex {
        let mut index = AliasIndex {
            whole: FxHashMap::with_capacity_and_hasher(folded.len(), Default::default()),
            first: FxHashMap::with_capacity_and_hasher(folded.len() / 2, Default::default()),
        };
        for (id, alias) in folded.into_iter().enumerate() {
            let Some(k) = ends(&alias).next() else {
                continue;
            };
            match index.first.get_mut(&alias[..k]) {
                Some(lengths) => lengths.add(alias.len()),
                None => {
                    index
                        .first
                        .insert(alias[..k].into(), Lengths::of(alias.len()));
                }
            }
            match index.whole.get_mut(alias.as_str()) {
                Some(ids) => ids.push(id),
                None => {
                    index.whole.insert(alias.into(), Ids::One(id));
                }
            }
        }
        index
    }

    /// Every `(start, end, id)` where an alias occurs in `text` with no word
    /// character right before or after it, by start then end.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut after_word = false;
        for (s, c) in text.char_indices() {
            let starts = !after_word;
            after_word = is_word_char(c);
            if !starts {
                continue;
            }
            let rest = &text[s..];
            let mut spans = ends(rest);
            let Some(k) = spans.next() else {
                continue;
            };
            let Some(&lengths) = self.first.get(&rest[..k]) else {
                continue;
            };
            for e in std::iter::once(k)
                .chain(spans)
                .take_while(|&e| e <= lengths.longest)
                .filter(|&e| lengths.may(e))
            {
                if let Some(ids) = self.whole.get(&rest[..e]) {
                    out.extend(ids.as_slice().iter().map(|&id| (s, s + e, id)));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod alias_index_tests {
    use super::{fields, provenance, AliasIndex};

    #[test]
    fn fields_split_like_str_split() {
        for s in ["a\tb\t\tc", "", "\t", "é\tà|x", "abc\t"] {
            let ours: Vec<&str> = fields(s, b'\t').collect();
            let std: Vec<&str> = s.split('\t').collect();
            assert_eq!(ours, std, "{s:?}");
        }
        assert_eq!(provenance("data/g.tsv", 0), "data/g.tsv:0");
        assert_eq!(provenance("p", 1207), "p:1207");
    }

    fn index(aliases: &[&str]) -> AliasIndex {
        AliasIndex::new(aliases.iter().map(|a| a.to_string()).collect())
    }

    #[test]
    fn finds_whole_words_only_overlapping_and_duplicates() {
        let ix = index(&["almaty", "new york", "york", "u.s.", "york", "nur-sultan"]);
        let text = "in new york, almatyx almaty; the u.s. and nur-sultan";
        let found: Vec<(&str, usize)> = ix
            .find(text)
            .into_iter()
            .map(|(s, e, id)| (&text[s..e], id))
            .collect();
        assert_eq!(
            found,
            vec![
                ("new york", 1),
                ("york", 2),
                ("york", 4),
                ("almaty", 0),
                ("u.s.", 3),
                ("nur-sultan", 5)
            ]
        );
    }

    #[test]
    fn an_alias_inside_a_word_is_not_found() {
        let ix = index(&["aktau", "tau"]);
        assert!(ix.find("aktaux taux xtau").is_empty());
        assert_eq!(ix.find("aktau").len(), 1);
    }
}
