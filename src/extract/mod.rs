//! The per-document step (the "map"): language, sentences, mentions and
//! sentence-level events for one document, independent of every other.

pub mod entity;
pub mod event;
pub mod numbers;
pub mod quantity;
pub mod time;

use chrono::NaiveDate;

use crate::lexicon::{LangRules, Lexicon};
use crate::text::Folded;
use crate::timeline::{Document, Event, Mention, MentionKind, Span};

/// How a document's DCT is decided.
#[derive(Debug, Clone, Copy)]
pub enum DctPolicy {
    /// Every document gets this date (`--dct`).
    Flag(NaiveDate),
    /// From the manifest, else inferred.
    Manifest(Option<NaiveDate>),
}

/// Options that change what is extracted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Record the rule that fired on each mention and event.
    pub explain: bool,
    /// Force the rules of one language ("en" or "fr") instead of detecting it.
    pub lang: Option<&'static str>,
}

/// Working state while one document is processed.
pub struct Ctx<'a> {
    /// Document id.
    pub doc: &'a str,
    /// The decoded text.
    pub text: &'a str,
    /// Its folded view.
    pub folded: Folded,
    /// Sentence spans.
    pub sentences: Vec<Span>,
    /// The language's rules.
    pub rules: &'a LangRules,
    /// Everything known.
    pub lexicon: &'a Lexicon,
    /// Mentions found so far.
    pub mentions: Vec<Mention>,
    /// The document creation time.
    pub dct: Option<NaiveDate>,
    /// Options.
    pub options: Options,
}

impl Ctx<'_> {
    /// Index of the sentence containing byte `at`.
    pub fn sentence_of(&self, at: usize) -> usize {
        match self.sentences.binary_search_by(|s| {
            if s.end <= at {
                std::cmp::Ordering::Less
            } else if s.start > at {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i
                .saturating_sub(1)
                .min(self.sentences.len().saturating_sub(1)),
        }
    }

    /// Record a mention over original bytes `start..end`.
    pub fn push(&mut self, start: usize, end: usize, kind: MentionKind, rule: &str) {
        if start >= end || end > self.text.len() {
            return;
        }
        let sentence = self.sentence_of(start);
        self.mentions.push(Mention {
            doc: self.doc.to_string(),
            sentence,
            start,
            end,
            text: self.text[start..end].to_string(),
            kind,
            rule: self.options.explain.then(|| rule.to_string()),
        });
    }
}

/// What the map step produces for one document.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Partial {
    /// The document record.
    pub document: Document,
    /// Its mentions, sorted.
    pub mentions: Vec<Mention>,
    /// Its sentence-level events (unmerged).
    pub events: Vec<Event>,
}

/// Run the whole per-document pipeline.
pub fn process(
    lexicon: &Lexicon,
    id: &str,
    path: &str,
    text: &str,
    encoding: &str,
    dct: DctPolicy,
    options: Options,
) -> Partial {
    let stops: Vec<(&'static str, &[String])> = ["en", "fr"]
        .into_iter()
        .filter_map(|c| lexicon.langs.get(c).map(|r| (c, r.stopwords.as_slice())))
        .collect();
    let mut guess = crate::lang::detect_with(text, &stops);
    if let Some(l) = options.lang {
        guess = crate::lang::LangGuess {
            code: l,
            rules: l,
            confidence: 1.0,
        };
    }
    let rules = lexicon.rules(guess.rules);
    let sentences = crate::segment::sentences(text, &rules.abbreviations);
    let (mut dct_value, mut dct_source, mut dct_conf) = match dct {
        DctPolicy::Flag(d) => (Some(d), Some("flag"), None),
        DctPolicy::Manifest(Some(d)) => (Some(d), Some("manifest"), None),
        DctPolicy::Manifest(None) => (None, None, None),
    };
    if dct_value.is_none() {
        if let Some((d, conf)) = time::infer_dct(lexicon, rules, text, &sentences) {
            dct_value = Some(d);
            dct_source = Some("inferred");
            dct_conf = Some(conf);
        }
    }
    let mut ctx = Ctx {
        doc: id,
        text,
        folded: Folded::new(text),
        sentences,
        rules,
        lexicon,
        mentions: Vec::new(),
        dct: dct_value,
        options,
    };
    entity::extract(&mut ctx);
    entity::open_vocabulary(&mut ctx);
    time::extract(&mut ctx);
    quantity::extract(&mut ctx);
    sort_mentions(&mut ctx.mentions);
    let events = event::extract(&ctx, guess.code);
    let document = Document {
        id: id.to_string(),
        path: path.to_string(),
        lang: guess.code.to_string(),
        lang_confidence: guess.confidence,
        dct: dct_value.map(|d| d.format("%Y-%m-%d").to_string()),
        dct_source: dct_source.map(String::from),
        dct_confidence: dct_conf,
        encoding: encoding.to_string(),
        sentences: ctx.sentences.clone(),
    };
    Partial {
        document,
        mentions: ctx.mentions,
        events,
    }
}

/// Sort mentions by doc, start, end, kind (the contract's order).
pub fn sort_mentions(ms: &mut [Mention]) {
    ms.sort_by(|a, b| {
        a.doc
            .cmp(&b.doc)
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
            .then(kind_rank(&a.kind).cmp(&kind_rank(&b.kind)))
            .then(kind_id(&a.kind).cmp(kind_id(&b.kind)))
    });
}

fn kind_rank(k: &MentionKind) -> u8 {
    match k {
        MentionKind::Actor { .. } => 0,
        MentionKind::Place { .. } => 1,
        MentionKind::Quantity { .. } => 2,
        MentionKind::Time { .. } => 3,
    }
}

fn kind_id(k: &MentionKind) -> &str {
    match k {
        MentionKind::Actor { id, .. } | MentionKind::Place { id, .. } => id,
        MentionKind::Quantity { category, .. } => category,
        MentionKind::Time { .. } => "",
    }
}
