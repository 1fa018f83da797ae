//! One event in full for people: every field, then every source sentence
//! with the trigger and the event's arguments marked (ANSI colour, or
//! brackets: `[[trigger]]`, `[argument|kind]`).

use std::fmt::Write;

use crate::timeline::{Event, Mention, MentionKind, Source, Timeline};

/// The event with this id.
pub fn find_event<'t>(t: &'t Timeline, id: &str) -> Option<&'t Event> {
    t.events.iter().find(|e| e.id == id)
}

/// A span to mark in a sentence: document byte offsets, its label, and
/// its ANSI colour.
#[derive(Debug, Clone)]
struct Mark {
    start: usize,
    end: usize,
    label: &'static str,
    colour: &'static str,
}

const RESET: &str = "\x1b[0m";

/// Whether a mention is one of the event's arguments as this source gives it.
fn is_argument(e: &Event, s: &Source, m: &Mention) -> Option<Mark> {
    let (label, colour, yes) = match &m.kind {
        MentionKind::Actor { id, .. } => ("actor", "\x1b[36m", e.actors.contains(id)),
        MentionKind::Place { id, .. } => ("place", "\x1b[32m", e.places.contains(id)),
        MentionKind::Time { value, .. } => (
            "time",
            "\x1b[33m",
            value.is_some() && (value == &s.date || value == &e.date),
        ),
        MentionKind::Quantity {
            category, group, ..
        } => (
            "count",
            "\x1b[35m",
            e.counts
                .iter()
                .any(|c| &c.category == category && &c.group == group),
        ),
    };
    yes.then_some(Mark {
        start: m.start,
        end: m.end,
        label,
        colour,
    })
}

/// The marks of a source sentence that can be drawn: inside the sentence,
/// on character boundaries, made relative to it, and nesting (spans that
/// cross one another are dropped, the trigger winning; duplicates too).
fn kept_marks(s: &Source, mut marks: Vec<Mark>) -> Vec<Mark> {
    let text = s.text.as_str();
    // Keep spans inside the sentence on character boundaries, relative to it.
    marks.retain_mut(|m| {
        if m.start < s.start || m.end > s.end || m.start >= m.end {
            return false;
        }
        m.start -= s.start;
        m.end -= s.start;
        text.is_char_boundary(m.start) && text.is_char_boundary(m.end)
    });
    // The trigger first, then outer spans before inner ones.
    marks.sort_by_key(|m| (m.label != "trigger", m.start, std::cmp::Reverse(m.end)));
    let mut kept: Vec<Mark> = Vec::new();
    for m in marks {
        let fits = kept.iter().all(|k| {
            let disjoint = m.end <= k.start || m.start >= k.end;
            let inside = k.start <= m.start && m.end <= k.end;
            let around = m.start <= k.start && k.end <= m.end;
            disjoint || inside || around
        });
        if fits && !kept.iter().any(|k| k.start == m.start && k.end == m.end) {
            kept.push(m);
        }
    }
    kept
}

/// The trigger and the event's arguments among `mentions` (those of the
/// source's document), as marks that can be drawn.
fn source_marks<'m>(
    e: &Event,
    s: &Source,
    mentions: impl IntoIterator<Item = &'m Mention>,
) -> Vec<Mark> {
    let mut marks = vec![Mark {
        start: s.trigger.start,
        end: s.trigger.end,
        label: "trigger",
        colour: "\x1b[1;31m",
    }];
    marks.extend(
        mentions
            .into_iter()
            .filter(|m| m.doc == s.doc && m.start >= s.start && m.end <= s.end)
            .filter_map(|m| is_argument(e, s, m)),
    );
    kept_marks(s, marks)
}

/// A source sentence cut into pieces for display: each piece's text and
/// what marks it (`trigger`, `actor`, `place`, `time`, `count`; several
/// when marks nest, outer first). `mentions` are searched for the event's
/// arguments (pass the source document's mentions, or all of them).
pub fn source_pieces<'m>(
    e: &Event,
    s: &Source,
    mentions: impl IntoIterator<Item = &'m Mention>,
) -> Vec<(String, Vec<&'static str>)> {
    let kept = source_marks(e, s, mentions);
    let text = s.text.as_str();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in &kept {
        cuts.push(m.start);
        cuts.push(m.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(String, Vec<&'static str>)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let mut covering: Vec<&Mark> = kept.iter().filter(|m| m.start <= a && b <= m.end).collect();
        covering.sort_by_key(|m| std::cmp::Reverse(m.end - m.start));
        let labels: Vec<&'static str> = covering.iter().map(|m| m.label).collect();
        match out.last_mut() {
            Some((t, l)) if *l == labels => t.push_str(piece),
            _ => out.push((piece.to_string(), labels)),
        }
    }
    out
}

/// A source sentence with marks; spans that cross one another (rather
/// than nest) are left unmarked, the trigger winning.
fn marked(s: &Source, kept: Vec<Mark>, colour: bool) -> String {
    let text = s.text.as_str();
    // Opening and closing points; at one offset, closings come first, and
    // outer spans open before inner ones.
    let mut points: Vec<(usize, bool, usize, usize)> = Vec::new();
    for (i, m) in kept.iter().enumerate() {
        points.push((m.start, true, usize::MAX - (m.end - m.start), i));
        points.push((m.end, false, m.end - m.start, i));
    }
    points.sort_by_key(|&(at, open, size, _)| (at, open, size));
    let mut out = String::with_capacity(text.len() + 16 * kept.len());
    let mut stack: Vec<usize> = Vec::new();
    let mut at = 0;
    for (pos, open, _, i) in points {
        out.push_str(text.get(at..pos).unwrap_or(""));
        at = pos;
        let m = &kept[i];
        let trigger = m.label == "trigger";
        if open {
            stack.push(i);
            if colour {
                out.push_str(m.colour);
            } else {
                out.push_str(if trigger { "[[" } else { "[" });
            }
        } else {
            stack.retain(|&j| j != i);
            if colour {
                out.push_str(RESET);
                for &j in &stack {
                    out.push_str(kept[j].colour);
                }
            } else if trigger {
                out.push_str("]]");
            } else {
                out.push('|');
                out.push_str(m.label);
                out.push(']');
            }
        }
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out.replace(['\n', '\r'], " ")
}

/// The event as readable text: fields, counts with every reported figure,
/// merge notes, and each source sentence marked.
pub fn show_text(t: &Timeline, e: &Event, colour: bool) -> String {
    let mut o = String::new();
    let or_dash = |v: Option<&str>| v.unwrap_or("-").to_string();
    let _ = writeln!(o, "id          {}", e.id);
    let _ = writeln!(o, "type        {}", e.etype);
    let _ = writeln!(
        o,
        "date        {}{}{}",
        or_dash(e.date.as_deref()),
        e.date_precision
            .as_deref()
            .map_or(String::new(), |p| format!(" ({p})")),
        e.date_end
            .as_deref()
            .map_or(String::new(), |d| format!(" to {d}"))
    );
    let _ = writeln!(o, "modality    {}", e.modality);
    let _ = writeln!(o, "actors      {}", e.actors.join(", "));
    let _ = writeln!(o, "places      {}", e.places.join(", "));
    if let Some(r) = &e.rule {
        let _ = writeln!(o, "rule        {r}");
    }
    if !e.counts.is_empty() {
        let _ = writeln!(o, "counts");
        for c in &e.counts {
            let n = |v: Option<u64>| v.map_or("open".to_string(), |v| v.to_string());
            let _ = writeln!(
                o,
                "  {}/{}: min {} max {}{}",
                c.category,
                c.group,
                n(c.min),
                n(c.max),
                if c.approximate { " (approximate)" } else { "" }
            );
            for r in c.reported.iter().flatten() {
                let _ = writeln!(
                    o,
                    "    reported by {} at byte {}: min {} max {}",
                    r.doc,
                    r.start,
                    n(r.min),
                    n(r.max)
                );
            }
        }
    }
    for m in &e.merge {
        let _ = writeln!(
            o,
            "merge       source {}: agreed [{}] conflicts [{}]",
            m.source + 1,
            m.agreed.join(", "),
            m.conflicts.join(", ")
        );
    }
    let _ = writeln!(o, "sources     {}", e.sources.len());
    for (i, s) in e.sources.iter().enumerate() {
        let marks = source_marks(e, s, &t.mentions);
        let _ = writeln!(
            o,
            "\n[{}] {} sentence {} ({}, date {})",
            i + 1,
            s.doc,
            s.sentence,
            s.lang,
            or_dash(s.date.as_deref())
        );
        let _ = writeln!(o, "    {}", marked(s, marks, colour));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Span;

    fn source(text: &str) -> Source {
        Source {
            doc: "d".into(),
            sentence: 0,
            start: 100,
            end: 100 + text.len(),
            text: text.into(),
            date: None,
            lang: "en".into(),
            trigger: Span { start: 0, end: 0 },
        }
    }

    fn marked_raw(s: &Source, marks: Vec<Mark>, colour: bool) -> String {
        marked(s, kept_marks(s, marks), colour)
    }

    fn mark(start: usize, end: usize, label: &'static str) -> Mark {
        Mark {
            start: 100 + start,
            end: 100 + end,
            label,
            colour: "",
        }
    }

    #[test]
    fn nested_spans_nest_and_crossing_ones_drop() {
        let s = source("police shot dead 14 protesters in Zhanaozen");
        let out = marked_raw(
            &s,
            vec![
                mark(7, 30, "trigger"),
                mark(17, 19, "count"),
                mark(20, 30, "actor"),
                mark(34, 43, "place"),
                mark(25, 40, "time"),
            ],
            false,
        );
        assert_eq!(
            out,
            "police [[shot dead [14|count] [protesters|actor]]] in [Zhanaozen|place]"
        );
    }

    #[test]
    fn pieces_cover_the_sentence_with_nested_labels() {
        let s = source("police shot dead 14 protesters");
        let mut e = crate::timeline::Event {
            id: "e".into(),
            etype: "armed_clash".into(),
            date: None,
            date_precision: None,
            date_end: None,
            modality: "asserted".into(),
            actors: vec!["protesters".into()],
            places: Vec::new(),
            counts: Vec::new(),
            sources: Vec::new(),
            merge: Vec::new(),
            rule: None,
        };
        e.sources.push(Source {
            trigger: Span {
                start: 107,
                end: 116,
            },
            ..s.clone()
        });
        let m = Mention {
            doc: "d".into(),
            sentence: 0,
            start: 120,
            end: 130,
            text: "protesters".into(),
            kind: MentionKind::Actor {
                id: "protesters".into(),
                known: true,
            },
            rule: None,
        };
        let pieces = source_pieces(&e, &e.sources[0], [&m]);
        let text: String = pieces.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(text, s.text);
        assert_eq!(
            pieces,
            vec![
                ("police ".to_string(), vec![]),
                ("shot dead".to_string(), vec!["trigger"]),
                (" 14 ".to_string(), vec![]),
                ("protesters".to_string(), vec!["actor"]),
            ]
        );
    }

    #[test]
    fn spans_outside_the_sentence_or_inside_a_character_are_ignored() {
        let s = source("Tokaïev spoke");
        let out = marked_raw(&s, vec![mark(0, 5, "actor"), mark(50, 60, "place")], false);
        assert_eq!(out, "Tokaïev spoke");
    }
}
