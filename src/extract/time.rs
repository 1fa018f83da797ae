//! Time expressions: every time rule of the language (data/<lang>/time.toml)
//! run over the folded text, overlaps resolved to the longest, then values
//! computed in document order so that "the next day" can lean on the last
//! date resolved before it. Actions are shared by both languages.

use crate::lexicon::rx::Caps as Captures;
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

use crate::extract::numbers;
use crate::extract::Ctx;
use crate::lexicon::rules::TimeRule;
use crate::lexicon::{LangRules, Lexicon};
use crate::text::Folded;
use crate::timeline::{MentionKind, Span};

/// A resolved time value.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeValue {
    /// TIMEX3-like value, None when unresolvable.
    pub value: Option<String>,
    /// date, time, duration, set.
    pub ttype: &'static str,
    /// End of a range.
    pub end: Option<String>,
    /// A weekday contradicts the date.
    pub conflict: bool,
    /// A day this value anchors later relative expressions on.
    pub anchor: Option<NaiveDate>,
}

/// One rule match on the folded text.
struct Hit<'r> {
    start: usize,
    end: usize,
    rule: &'r TimeRule,
    order: usize,
}

/// Find and resolve every time expression in the document.
pub fn extract(ctx: &mut Ctx) {
    let found = find(ctx.rules, &ctx.folded, ctx.text, &ctx.sentences, ctx.dct);
    for (s, e, v, rule) in found {
        ctx.push(
            s,
            e,
            MentionKind::Time {
                value: v.value,
                ttype: v.ttype.to_string(),
                end_value: v.end,
                conflict: v.conflict,
            },
            &format!("time:data/{}/time.toml#{}", ctx.rules.code, rule),
        );
    }
}

/// Rule matches, resolved, as original spans: (start, end, value, rule name).
pub fn find(
    rules: &LangRules,
    folded: &Folded,
    text: &str,
    sentences: &[Span],
    dct: Option<NaiveDate>,
) -> Vec<(usize, usize, TimeValue, String)> {
    let mut hits = Vec::new();
    // Rules run sentence by sentence, each only where the set says it may
    // match (a time expression never spans two sentences).
    let set = rules.time_set();
    for s in sentences {
        let (fs, fe) = folded.folded_range(s.start, s.end);
        for order in set.matches_in(&folded.text, fs..fe).iter() {
            let rule = &rules.time_rules[order];
            for m in rule.regex.find_iter_in(&folded.text, fs..fe) {
                if m.start() == m.end() || !ends_at_boundary(&folded.text, m.end()) {
                    continue;
                }
                let next = &folded.text[m.end()..fe];
                if rule.unless_next.as_ref().is_some_and(|u| u.is_match(next))
                    || rule.if_next.as_ref().is_some_and(|u| !u.is_match(next))
                {
                    continue;
                }
                hits.push(Hit {
                    start: m.start(),
                    end: m.end(),
                    rule,
                    order,
                });
            }
        }
    }
    hits.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.order.cmp(&b.order))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Hit> = Vec::new();
    let mut taken = crate::text::Occupied::default();
    for h in hits {
        if taken.overlaps(h.start, h.end) {
            continue;
        }
        // (Never across a sentence boundary: the rules ran inside each.)
        let (os, oe) = folded.original(h.start, h.end);
        if is_name(rules, folded, text, &h) {
            continue;
        }
        // "ce matin-là" is the anchor's morning; "ce matin la police", today's.
        if let Some(a) = &h.rule.accent {
            if !text[os..oe].to_lowercase().contains(a.as_str()) {
                continue;
            }
        }
        taken.take(h.start, h.end);
        kept.push(h);
    }
    kept.sort_by_key(|h| h.start);
    let mut anchor = dct;
    // The sentence the anchor comes from (None: the DCT).
    let mut anchor_sentence: Option<usize> = None;
    let mut out: Vec<(usize, usize, TimeValue, String)> = Vec::new();
    let starts: Vec<usize> = kept
        .iter()
        .map(|h| folded.original(h.start, h.end).0)
        .collect();
    for (hi, h) in kept.into_iter().enumerate() {
        let caps = match h.rule.regex.captures(&folded.text[h.start..]) {
            Some(c) => c,
            None => continue,
        };
        let (os, oe) = folded.original(h.start, h.end);
        let k = sentences.partition_point(|s| s.end <= os);
        // A bare clock time takes the last date before it in its own
        // sentence, or in the sentence before when it opens its own ("At
        // 9 p.m., police fired"); else the DCT's day, never a date from
        // further back ("The vote is on 3 February. A curfew from 11 p.m.").
        // A date right after it joins it ("11 p.m. on Wednesday").
        let bare_clock = h.rule.action == "clock" && h.rule.offset.unwrap_or(0) == 0;
        let mut base = anchor;
        if bare_clock {
            let opens = sentences
                .get(k)
                .is_some_and(|s| opens_sentence(rules, folded, s.start, os));
            let same = anchor_sentence == Some(k);
            let cont = opens && k > 0 && anchor_sentence == Some(k - 1);
            if !same && !cont {
                base = dct;
            }
        }
        // A bare weekday the clause puts ahead ("will speak on Tuesday",
        // "entrera en vigueur jeudi") is the next such day, not the last.
        let bare_weekday = (group(&caps, "wd").is_some()
            && group(&caps, "d").is_none()
            && group(&caps, "rel").is_none())
            || h.rule.action == "weekend";
        let ahead = bare_weekday && {
            let ss = sentences.get(k).map_or(0, |x| x.start);
            let se = sentences.get(k).map_or(text.len(), |x| x.end);
            let prev = out.last().map(|x| x.1).filter(|&p| p >= ss && p <= os);
            let next = starts.get(hi + 1).copied().filter(|&n| n >= oe && n <= se);
            is_ahead(
                rules,
                folded,
                (prev.unwrap_or(ss), os),
                (oe, next.unwrap_or(se.max(oe))),
            )
        };
        let Some(v) = resolve(rules, h.rule, &caps, dct, base, ahead) else {
            continue;
        };
        if let Some(a) = v.anchor {
            anchor = Some(a);
            anchor_sentence = Some(k);
        }
        out.push((os, oe, v, h.rule.name.clone()));
    }
    join_clock_times(text, &mut out);
    out
}

/// Whether only narrative words ("then", "puis") stand between the start
/// of a sentence and byte `at`.
fn opens_sentence(rules: &LangRules, folded: &Folded, start: usize, at: usize) -> bool {
    let (fs, fa) = folded.folded_range(start, at);
    let before = folded
        .text
        .get(fs..fa)
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    before.is_empty() || rules.narrative.iter().any(|w| w == before)
}

/// Whether a match ending at `end` ends a word (or ends on punctuation).
fn ends_at_boundary(text: &str, end: usize) -> bool {
    let last = text[..end].chars().next_back();
    let next = text[end..].chars().next();
    !(last.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric))
}

/// A bare weekday or month that is part of a name: "The Sunday Times",
/// "Pierre Janvier" (a capitalised word on both sides, or a listed word before).
fn is_name(rules: &LangRules, folded: &Folded, text: &str, h: &Hit) -> bool {
    let matched = &folded.text[h.start..h.end];
    let bare = rules.weekdays.contains_key(matched) || rules.months.contains_key(matched);
    if !bare {
        return false;
    }
    let prev = crate::extract::entity::prev_word(&folded.text, h.start);
    if rules.not_before.contains(&prev) {
        return true;
    }
    let (os, oe) = folded.original(h.start, h.end);
    let next_cap = text[oe..]
        .strip_prefix(' ')
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_uppercase);
    let prev_cap = text[..os]
        .strip_suffix(' ')
        .map(|b| {
            let w: Vec<char> = b.chars().rev().take_while(|c| c.is_alphabetic()).collect();
            let before = b[..b.len() - w.iter().map(|c| c.len_utf8()).sum::<usize>()].trim_end();
            w.last().is_some_and(|c| c.is_uppercase())
                && !before.is_empty()
                && !before.ends_with(['.', '!', '?', ':'])
        })
        .unwrap_or(false);
    // A weekday after a capitalised word is still a day ("chef de l'État
    // vendredi"); a month after one is a surname ("Pierre Janvier").
    next_cap || (prev_cap && rules.months.contains_key(matched))
}

/// Join a clock time with the date right next to it ("mercredi à 23H00",
/// "11 p.m. on Wednesday") into one `time` mention.
fn join_clock_times(text: &str, out: &mut Vec<(usize, usize, TimeValue, String)>) {
    let mut i = 0;
    while i + 1 < out.len() {
        let (a, b) = (&out[i], &out[i + 1]);
        // The joining words are short: a longer gap (often a paragraph) is
        // not lowercased only to be compared with them.
        let gap = text[a.1..b.0].trim();
        let joinable = gap.len() <= "at around".len()
            && matches!(
                gap.to_lowercase().as_str(),
                "" | "on" | "," | "à" | "a" | "at" | "le" | "vers" | "around" | "at around"
            );
        let pair = if a.2.ttype == "time" && b.2.ttype == "date" {
            Some((&a.2, &b.2))
        } else if a.2.ttype == "date" && b.2.ttype == "time" {
            Some((&b.2, &a.2))
        } else {
            None
        };
        if let (true, Some((clock, date))) = (joinable, pair) {
            if let (Some(c), Some(d)) = (&clock.value, &date.value) {
                if let (Some(t), true) = (c.split_once('T').map(|x| x.1), d.len() == 10) {
                    let v = TimeValue {
                        value: Some(format!("{d}T{t}")),
                        ttype: "time",
                        end: None,
                        conflict: date.conflict,
                        anchor: date.anchor,
                    };
                    let name = format!("{}+{}", a.3, b.3);
                    out[i] = (a.0, b.1, v, name);
                    out.remove(i + 1);
                    continue;
                }
            }
        }
        i += 1;
    }
}

fn fmt_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn day_value(d: NaiveDate) -> TimeValue {
    TimeValue {
        value: Some(fmt_day(d)),
        ttype: "date",
        end: None,
        conflict: false,
        anchor: Some(d),
    }
}

fn plain(value: Option<String>, ttype: &'static str) -> TimeValue {
    TimeValue {
        value,
        ttype,
        end: None,
        conflict: false,
        anchor: None,
    }
}

fn weekday_of(n: u32) -> Option<Weekday> {
    match n {
        1 => Some(Weekday::Mon),
        2 => Some(Weekday::Tue),
        3 => Some(Weekday::Wed),
        4 => Some(Weekday::Thu),
        5 => Some(Weekday::Fri),
        6 => Some(Weekday::Sat),
        7 => Some(Weekday::Sun),
        _ => None,
    }
}

/// The weekday `wd` relative to `dct`: rel None = on or before, -1 =
/// strictly before, +1 = strictly after, 0 = in the same ISO week.
pub fn resolve_weekday(dct: NaiveDate, wd: u32, rel: Option<i64>) -> Option<NaiveDate> {
    let target = weekday_of(wd)?;
    let cur = dct.weekday().number_from_monday() as i64;
    let t = target.number_from_monday() as i64;
    let delta = match rel {
        None => -((cur - t).rem_euclid(7)),
        Some(r) if r < 0 => {
            let back = (cur - t).rem_euclid(7);
            -(if back == 0 { 7 } else { back })
        }
        Some(r) if r > 0 => {
            let fwd = (t - cur).rem_euclid(7);
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        Some(_) => t - cur,
    };
    dct.checked_add_signed(Duration::days(delta))
}

/// The year for a day and month with no year: the one nearest the DCT
/// (a tie goes to the past).
pub fn nearest_year(dct: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let mut best: Option<(i64, NaiveDate)> = None;
    for y in [dct.year() - 1, dct.year(), dct.year() + 1] {
        if let Some(d) = NaiveDate::from_ymd_opt(y, month, day) {
            let dist = (d - dct).num_days();
            let key = dist.abs() * 2 + i64::from(dist > 0);
            if best.is_none_or(|(k, _)| key < k) {
                best = Some((key, d));
            }
        }
    }
    best.map(|(_, d)| d)
}

fn nearest_month_year(dct: NaiveDate, month: u32) -> i32 {
    let mut best = (i64::MAX, dct.year());
    for y in [dct.year() - 1, dct.year(), dct.year() + 1] {
        let dist = (y as i64 * 12 + month as i64) - (dct.year() as i64 * 12 + dct.month() as i64);
        let key = dist.abs() * 2 + i64::from(dist > 0);
        if key < best.0 {
            best = (key, y);
        }
    }
    best.1
}

fn group<'t>(c: &Captures<'t>, name: &str) -> Option<&'t str> {
    c.name(name).map(|m| m.as_str())
}

fn lookup_month(rules: &LangRules, s: Option<&str>) -> Option<u32> {
    s.and_then(|m| {
        rules
            .months
            .get(m)
            .or_else(|| rules.months.get(m.trim_end_matches('.')))
            .copied()
    })
    .or_else(|| {
        s.and_then(|m| m.parse::<u32>().ok())
            .filter(|m| (1..=12).contains(m))
    })
}

fn lookup_rel(rules: &LangRules, s: Option<&str>) -> Option<i64> {
    s.and_then(|r| rules.relative.get(r.trim()).copied())
}

fn parse_year(s: Option<&str>) -> Option<i32> {
    let s = s?;
    let y: i32 = s.parse().ok()?;
    Some(if s.len() == 2 { 2000 + y } else { y })
}

/// Count for durations and offsets: digits, number words, or X for vague words.
fn count(rules: &LangRules, s: Option<&str>) -> Option<Result<u64, ()>> {
    let s = s?.trim();
    if rules.vague_words.iter().any(|v| v == s) {
        return Some(Err(()));
    }
    numbers::parse_number(rules, s).map(Ok)
}

fn unit_code(rules: &LangRules, s: Option<&str>) -> Option<String> {
    s.and_then(|u| rules.units.get(u.trim()).cloned())
}

/// Shift a date by n units (D, W, M, Y, DEC, H).
fn shift(d: NaiveDate, n: i64, unit: &str) -> Option<NaiveDate> {
    match unit {
        "D" => d.checked_add_signed(Duration::days(n)),
        "W" => d.checked_add_signed(Duration::weeks(n)),
        "M" => {
            if n >= 0 {
                d.checked_add_months(Months::new(n as u32))
            } else {
                d.checked_sub_months(Months::new((-n) as u32))
            }
        }
        "Y" => NaiveDate::from_ymd_opt(d.year() + n as i32, d.month(), d.day().min(28)),
        "DEC" => NaiveDate::from_ymd_opt(d.year() + 10 * n as i32, d.month(), d.day().min(28)),
        "H" => Some(d),
        _ => None,
    }
}

/// A value at the granularity of its unit: years give YYYY, months YYYY-MM,
/// weeks an ISO week, days a date.
fn at_granularity(d: NaiveDate, unit: &str) -> TimeValue {
    match unit {
        "Y" | "DEC" => plain(Some(format!("{:04}", d.year())), "date"),
        "M" => plain(Some(format!("{:04}-{:02}", d.year(), d.month())), "date"),
        "W" => iso_week(d),
        _ => day_value(d),
    }
}

fn iso_week(d: NaiveDate) -> TimeValue {
    let w = d.iso_week();
    plain(Some(format!("{:04}-W{:02}", w.year(), w.week())), "date")
}

fn hour_minute(rules: &LangRules, c: &Captures) -> Option<(u32, u32)> {
    let mut h: u32 = match group(c, "h") {
        Some(h) => h.parse().ok()?,
        None => match group(c, "noon") {
            Some(_) => 12,
            None => match group(c, "midnight") {
                Some(_) => 0,
                None => return None,
            },
        },
    };
    let min: u32 = group(c, "min").and_then(|m| m.parse().ok()).unwrap_or(0);
    if let Some(ap) = group(c, "ampm") {
        let pm = rules.pm.iter().any(|w| w == ap);
        if pm && h < 12 {
            h += 12;
        }
        if !pm && h == 12 {
            h = 0;
        }
    }
    (h < 24 && min < 60).then_some((h, min))
}

/// Compute a rule's value from its captures.
fn resolve(
    rules: &LangRules,
    rule: &TimeRule,
    c: &Captures,
    dct: Option<NaiveDate>,
    anchor: Option<NaiveDate>,
    ahead: bool,
) -> Option<TimeValue> {
    let off = rule.offset.unwrap_or(0);
    let rel = lookup_rel(rules, group(c, "rel"));
    let month = lookup_month(rules, group(c, "m"));
    let day: Option<u32> = group(c, "d").and_then(|d| d.parse().ok());
    let year = parse_year(group(c, "y"));
    let wd = group(c, "wd").and_then(|w| rules.weekdays.get(w).copied());
    let unit = unit_code(rules, group(c, "u"));
    Some(match rule.action.as_str() {
        "date" | "night" | "range" => {
            // Day + month (+ year), optionally with a weekday; or weekday alone.
            let d2: Option<u32> = group(c, "d2").and_then(|d| d.parse().ok());
            let wd2 = group(c, "wd2").and_then(|w| rules.weekdays.get(w).copied());
            let start = match (day, month) {
                (Some(d), Some(m)) => match year {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                    None => dct.and_then(|t| nearest_year(t, m, d)),
                },
                _ => match (wd, wd2, dct) {
                    (Some(w), Some(w2), Some(t)) => resolve_weekday(t, w2, rel)
                        .and_then(|e| resolve_weekday(e - Duration::days(1), w, None)),
                    (Some(w), None, Some(t)) => resolve_weekday(t, w, rel).map(|d| {
                        if ahead && rel.is_none() && d < t {
                            d + Duration::days(7)
                        } else {
                            d
                        }
                    }),
                    _ => None,
                },
            };
            let Some(start) = start else {
                let known = day.is_some() && month.is_some() && year.is_some();
                return if known {
                    None
                } else {
                    Some(plain(None, "date"))
                };
            };
            let mut v = day_value(start);
            if let (Some(w), Some(_)) = (wd, day) {
                v.conflict = start.weekday().number_from_monday() != w;
            }
            if let Some(d2) = d2 {
                let m2 = lookup_month(rules, group(c, "m2")).unwrap_or(start.month());
                let mut end = NaiveDate::from_ymd_opt(start.year(), m2, d2);
                if let Some(e) = end {
                    if e < start {
                        end = NaiveDate::from_ymd_opt(start.year() + 1, m2, d2);
                    }
                }
                v.end = end.map(fmt_day);
            } else if wd2.is_some() || rule.action == "night" {
                v.end = start.succ_opt().map(fmt_day);
            }
            v
        }
        "month" => {
            let m = month?;
            let y = match year {
                Some(y) => y,
                None => nearest_month_year(dct?, m),
            };
            plain(Some(format!("{y:04}-{m:02}")), "date")
        }
        "year" => plain(Some(format!("{:04}", year?)), "date"),
        "decade" => {
            let y = year?;
            plain(Some(format!("{:03}", y / 10)), "date")
        }
        "deictic" => match dct {
            Some(t) => day_value(t.checked_add_signed(Duration::days(off))?),
            None => plain(None, "date"),
        },
        "fixed_day" => {
            // A named day of the year (New Year's Day): month and day in `offset` as MMDD.
            let (m, d) = ((off / 100) as u32, (off % 100) as u32);
            match dct.and_then(|t| nearest_year(t, m, d)) {
                Some(x) => day_value(x),
                None => plain(None, "date"),
            }
        }
        "anchor" => {
            // Relative to the narrative: n units (default 1) times the rule's sign.
            let n = match count(rules, group(c, "n")) {
                Some(Ok(n)) => n as i64 * off.signum(),
                Some(Err(())) => return Some(plain(None, "date")),
                None => off,
            };
            let u = unit.unwrap_or_else(|| "D".into());
            match anchor {
                Some(a) => at_granularity(shift(a, n, &u)?, &u),
                None => plain(None, "date"),
            }
        }
        "ago" | "in" => {
            let sign = if rule.action == "ago" { -1 } else { 1 };
            let n = match count(rules, group(c, "n")) {
                Some(Ok(n)) => n as i64,
                Some(Err(())) => return Some(plain(None, "date")),
                None => 1,
            };
            let u = unit?;
            match dct {
                Some(t) => at_granularity(shift(t, sign * n, &u)?, &u),
                None => plain(None, "date"),
            }
        }
        // The weekend just past (ahead: the coming one; on a Saturday or
        // Sunday, this one), or the one before or after it.
        "weekend" => match dct {
            Some(t) => {
                let back = (t.weekday().number_from_monday() as i64 - 6).rem_euclid(7);
                let sat = t - Duration::days(back);
                let on_weekend = back <= 1;
                let sat = match rel {
                    Some(r) if r < 0 && on_weekend => sat - Duration::weeks(1),
                    Some(r) if r > 0 => sat + Duration::weeks(1),
                    None | Some(0) if ahead && !on_weekend => sat + Duration::weeks(1),
                    _ => sat,
                };
                let w = sat.iso_week();
                plain(Some(format!("{:04}-W{:02}-WE", w.year(), w.week())), "date")
            }
            None => plain(None, "date"),
        },
        "week" => match dct {
            Some(t) => iso_week(t.checked_add_signed(Duration::weeks(rel.unwrap_or(off)))?),
            None => plain(None, "date"),
        },
        "month_rel" => match dct {
            Some(t) => at_granularity(shift(t, rel.unwrap_or(off), "M")?, "M"),
            None => plain(None, "date"),
        },
        "year_rel" => match dct {
            Some(t) => plain(
                Some(format!("{:04}", t.year() as i64 + rel.unwrap_or(off))),
                "date",
            ),
            None => plain(None, "date"),
        },
        "duration" | "vague_duration" => {
            let u = unit?;
            // "for years", "depuis des décennies": an unknown number of units.
            let n = if rule.action == "vague_duration" {
                Err(())
            } else {
                count(rules, group(c, "n")).unwrap_or(Ok(1))
            };
            let v = match (n, u.as_str()) {
                (Ok(n), "H") => format!("PT{n}H"),
                (Err(()), "H") => "PTXH".into(),
                (Ok(n), "DEC") => format!("P{}Y", n * 10),
                (Err(()), "DEC") => "PXDE".into(),
                (Ok(n), u) => format!("P{n}{u}"),
                (Err(()), u) => format!("PX{u}"),
            };
            plain(Some(v), "duration")
        }
        "set" => match wd {
            Some(w) => plain(Some(format!("XXXX-WXX-{w}")), "set"),
            None => plain(
                Some(format!("P1{}", unit.unwrap_or_else(|| "D".into()))),
                "set",
            ),
        },
        "clock" => {
            let (h, m) = hour_minute(rules, c)?;
            let base = if off == 0 {
                anchor.or(dct)
            } else {
                dct.and_then(|t| t.checked_add_signed(Duration::days(off)))
            };
            match base {
                Some(d) => TimeValue {
                    value: Some(format!("{}T{h:02}:{m:02}", fmt_day(d))),
                    ttype: "time",
                    end: None,
                    conflict: false,
                    anchor: None,
                },
                None => plain(None, "time"),
            }
        }
        "clock_set" => plain(Some("P1D".into()), "set"),
        "vague" => plain(None, "date"),
        _ => return None,
    })
}

/// How the text reports a full date: scheduled, unmarked, or past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Future,
    Unknown,
    Past,
}

/// A full date (day, month, year) of the value, if it is one.
fn full_date(v: &TimeValue) -> Option<NaiveDate> {
    let val = v.value.as_deref()?;
    if v.ttype != "date" || val.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(val, "%Y-%m-%d").ok()
}

/// The tense the text gives mention `i` of `found`: cues in its clause
/// before it (after the previous time mention of its sentence and after the
/// last clause boundary), then after it up to the end of that clause.
fn tense_of(
    rules: &LangRules,
    folded: &Folded,
    sentences: &[Span],
    found: &[(usize, usize, TimeValue, String)],
    i: usize,
) -> Tense {
    let (s, e) = (found[i].0, found[i].1);
    let k = sentences.partition_point(|x| x.end <= s);
    let (ss, se) = sentences
        .get(k)
        .map_or((0, folded.text.len()), |x| (x.start, x.end));
    let prev_end = i
        .checked_sub(1)
        .map(|j| found[j].1)
        .filter(|&p| p >= ss && p <= s)
        .unwrap_or(ss);
    let next_start = found
        .get(i + 1)
        .map(|n| n.0)
        .filter(|&n| n >= e && n <= se)
        .unwrap_or(se.max(e));
    let cues = &rules.dct;
    let (before, after) = clause_around(rules, folded, (prev_end, s), (e, next_start));
    if cues.future.is_match(before) {
        return Tense::Future;
    }
    if cues.past.is_match(before) {
        return Tense::Past;
    }
    if cues.future.is_match(after) {
        Tense::Future
    } else if cues.past.is_match(after) {
        Tense::Past
    } else {
        Tense::Unknown
    }
}

/// The folded clause text before a mention (from `bs`, after the last
/// clause boundary) and after it (to `ae`, up to the next boundary).
fn clause_around<'f>(
    rules: &LangRules,
    folded: &'f Folded,
    (bs, be): (usize, usize),
    (as_, ae): (usize, usize),
) -> (&'f str, &'f str) {
    let region = |a: usize, b: usize| {
        let (fa, fb) = folded.folded_range(a, b);
        folded.text.get(fa..fb).unwrap_or("")
    };
    let cues = &rules.dct;
    let mut before = region(bs, be);
    if let Some(last) = cues.clause_end.find_iter(before).last() {
        before = &before[last.end()..];
    }
    let mut after = region(as_, ae).trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    if let Some(m) = cues.clause_end.find(after) {
        after = &after[..m.start()];
    }
    (before, after)
}

/// Whether the clause around a mention puts it in the future: the last
/// tense cue before it (in `before`, after the last clause boundary) is a
/// `future` one, or, with none before, the first one after it (in `after`,
/// up to the next clause boundary) is. "said they would meet on Tuesday":
/// ahead; "on Monday he said he would resign": not.
fn is_ahead(
    rules: &LangRules,
    folded: &Folded,
    (bs, be): (usize, usize),
    (as_, ae): (usize, usize),
) -> bool {
    let cues = &rules.dct;
    let (before, after) = clause_around(rules, folded, (bs, be), (as_, ae));
    let last_end = |r: &crate::lexicon::rx::Rx, t: &str| r.find_iter(t).last().map(|m| m.end());
    match (last_end(&cues.future, before), last_end(&cues.past, before)) {
        (Some(f), p) => return p.is_none_or(|p| f >= p),
        (None, Some(_)) => return false,
        (None, None) => {}
    }
    match (cues.future.find(after), cues.past.find(after)) {
        (Some(f), p) => p.is_none_or(|p| f.start() <= p.start()),
        _ => false,
    }
}

/// The weekday a mention names, if its words include one.
fn weekday_in(rules: &LangRules, text: &str) -> Option<u32> {
    crate::text::fold_str(text)
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|w| rules.weekdays.get(w).copied())
}

/// The first day `month`/`day` on or after `from` (`after`), or on or
/// before it.
fn day_near(from: NaiveDate, month: u32, day: u32, after: bool) -> Option<NaiveDate> {
    let x = nearest_year(from, month, day)?;
    match (after, x < from, x > from) {
        (true, true, _) => NaiveDate::from_ymd_opt(x.year() + 1, month, day),
        (false, _, true) => NaiveDate::from_ymd_opt(x.year() - 1, month, day),
        _ => Some(x),
    }
}

/// Infer a DCT from the text alone (time.toml `[dct]` documents the
/// evidence): a dateline (0.9; 0.7 when its year comes from another date of
/// the text), a full date next to "today" (0.85), else the latest full date
/// reported as past (0.6) or not marked (0.4); scheduled or future dates
/// never count. A weekday agreeing with the date adds 0.1, one naming
/// another day takes 0.2 away; a bare weekday that lands, counted back from
/// the DCT, on a date the text gives adds 0.05.
pub fn infer_dct(
    _lexicon: &Lexicon,
    rules: &LangRules,
    text: &str,
    sentences: &[Span],
) -> Option<(NaiveDate, f64)> {
    let folded = Folded::new(text);
    let found = find(rules, &folded, text, sentences, None);
    // A dateline opens one of the first lines (a headline may come first).
    let is_dateline = |s: usize, e: usize| {
        let ls = text[..s].rfind('\n').map_or(0, |p| p + 1);
        let (_, fe) = folded.folded_range(s, e);
        ls < 400
            && s - ls <= 60
            && !text[ls..s].contains(['.', '!', '?'])
            && folded
                .text
                .get(fe..)
                .is_some_and(|rest| rules.dct.dateline_end.is_match(rest))
    };
    let rule_of = |name: &str| rules.time_rules.iter().find(|r| r.name == name);
    let mut dateline: Option<(usize, Option<NaiveDate>)> = None;
    let mut deictic: Option<(usize, NaiveDate)> = None;
    let mut past: Option<(usize, NaiveDate)> = None;
    let mut unknown: Option<(usize, NaiveDate)> = None;
    let mut future: Option<NaiveDate> = None;
    let mut all_full = Vec::new();
    for (i, (s, e, v, name)) in found.iter().enumerate() {
        let d = full_date(v);
        if dateline.is_none() && (d.is_some() || v.value.is_none()) && is_dateline(*s, *e) {
            dateline = Some((i, d));
        }
        let Some(d) = d else {
            // "Today, Friday 7 January 2022": a deictic day right next to a full date.
            if let Some(off) = rule_of(name)
                .filter(|r| r.action == "deictic")
                .and_then(|r| r.offset)
            {
                let near = [i.checked_sub(1), Some(i + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| found.get(j).map(|x| (j, x)))
                    .find(|(_, x)| {
                        let (a, b) = if x.0 >= *e { (*e, x.0) } else { (x.1, *s) };
                        a <= b
                            && text[a..b]
                                .chars()
                                .all(|c| c.is_whitespace() || ",;:()-\u{2013}\u{2014}".contains(c))
                            && full_date(&x.2).is_some()
                    });
                if let (None, Some((j, x))) = (deictic, near) {
                    deictic = full_date(&x.2)
                        .and_then(|d| d.checked_sub_signed(Duration::days(off)))
                        .map(|t| (j, t));
                }
            }
            continue;
        };
        all_full.push(d);
        let slot = match tense_of(rules, &folded, sentences, &found, i) {
            Tense::Future => {
                future = Some(future.map_or(d, |f| f.min(d)));
                continue;
            }
            Tense::Past => &mut past,
            Tense::Unknown => &mut unknown,
        };
        if slot.is_none_or(|(_, b)| d > b) {
            *slot = Some((i, d));
        }
    }
    let reported = past.or(unknown);
    let (at, d, mut conf): (Option<usize>, NaiveDate, f64) = match (dateline, deictic) {
        (Some((i, Some(d))), _) => (Some(i), d, 0.9),
        (_, Some((i, d))) => (Some(i), d, 0.85),
        (Some((i, None)), _) => {
            // A dateline without a year: the year of the dates the text reports.
            let with_ref = find(
                rules,
                &folded,
                text,
                sentences,
                reported.map(|r| r.1).or(future),
            );
            let md = with_ref
                .iter()
                .find(|x| (x.0, x.1) == (found[i].0, found[i].1))
                .and_then(|x| full_date(&x.2));
            let day = match (md, reported, future) {
                (Some(x), Some((_, r)), _) => day_near(r, x.month(), x.day(), true),
                (Some(x), None, Some(f)) => day_near(f, x.month(), x.day(), false),
                _ => None,
            };
            match day {
                Some(d) => (Some(i), d, 0.7),
                None => return None,
            }
        }
        (None, None) => match (past, unknown) {
            (Some((i, d)), _) => (Some(i), d, 0.6),
            (None, Some((i, d))) => (Some(i), d, 0.4),
            (None, None) => return None,
        },
    };
    if let Some(i) = at {
        if let Some(w) = weekday_in(rules, &text[found[i].0..found[i].1]) {
            if d.weekday().number_from_monday() == w {
                conf += 0.1;
            } else {
                conf -= 0.2;
            }
        }
    }
    // A bare weekday ("on Thursday") that lands on a date the text gives.
    let agrees = found.iter().any(|(s, e, v, _)| {
        let t = &text[*s..*e];
        v.value.is_none()
            && !t.contains(|c: char| c.is_ascii_digit())
            && weekday_in(rules, t).is_some_and(|w| {
                resolve_weekday(d, w, None).is_some_and(|x| x != d && all_full.contains(&x))
            })
    });
    if agrees {
        conf += 0.05;
    }
    Some((d, conf.clamp(0.1, 0.95)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dct(lang: &str, text: &str) -> Option<(NaiveDate, f64)> {
        let lex = Lexicon::load(&Vec::<std::path::PathBuf>::new(), None).expect("lexicon");
        let rules = lex.rules(lang);
        let sentences = crate::segment::sentences(text, &rules.abbreviations);
        infer_dct(&lex, rules, text, &sentences)
    }

    #[test]
    fn today_and_agreeing_weekdays_are_stronger_evidence() {
        let plain = dct("en", "Police fired on the crowd on 7 January 2022.").expect("plain");
        let today = dct("en", "Today, 7 January 2022, police fired on the crowd.").expect("today");
        let friday = dct("en", "Today, Friday 7 January 2022, police fired.").expect("friday");
        let wrong =
            dct("en", "Police fired on the crowd on Monday 7 January 2022.").expect("wrong");
        let right =
            dct("en", "Police fired on the crowd on Friday 7 January 2022.").expect("right");
        for (d, _) in [plain, today, friday, wrong, right] {
            assert_eq!(d, NaiveDate::from_ymd_opt(2022, 1, 7).expect("date"));
        }
        assert!(
            today.1 > plain.1 && friday.1 > today.1,
            "{plain:?} {today:?} {friday:?}"
        );
        assert!(
            right.1 > plain.1 && wrong.1 < plain.1,
            "{wrong:?} {plain:?} {right:?}"
        );
        let fr = dct(
            "fr",
            "Aujourd'hui, vendredi 7 janvier 2022, la police a tiré.",
        )
        .expect("fr");
        assert!(fr.1 > plain.1);
        // "Yesterday, 6 January 2022": the day after.
        let y = dct("en", "Yesterday, 6 January 2022, police fired.").expect("yesterday");
        assert_eq!(y.0, NaiveDate::from_ymd_opt(2022, 1, 7).expect("date"));
    }

    #[test]
    fn a_bare_weekday_landing_on_a_given_date_agrees() {
        let base = dct(
            "en",
            "Protests began on 5 January 2022. Police fired on 6 January 2022.",
        );
        let wd = dct(
            "en",
            "Protests began on 5 January 2022. Police fired on 6 January 2022. On Wednesday crowds grew.",
        );
        let (b, w) = (base.expect("base"), wd.expect("wd"));
        assert_eq!(b.0, w.0);
        assert!(w.1 > b.1, "{b:?} {w:?}");
    }
}
