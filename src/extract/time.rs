//! Time expressions: every time rule of the language (data/<lang>/time.toml)
//! run over the folded text, overlaps resolved to the longest, then values
//! computed in document order so that "the next day" can lean on the last
//! date resolved before it. Actions are shared by both languages.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use regex::Captures;

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
    for order in rules.time_set.matches(&folded.text).iter() {
        let rule = &rules.time_rules[order];
        for m in rule.regex.find_iter(&folded.text) {
            if m.start() == m.end() || !ends_at_boundary(&folded.text, m.end()) {
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
        let (os, oe) = folded.original(h.start, h.end);
        // Never across a sentence boundary.
        let i = sentences.partition_point(|s| s.end <= os);
        if sentences.get(i).is_some_and(|s| s.end < oe) {
            continue;
        }
        if is_name(rules, folded, text, &h) {
            continue;
        }
        taken.take(h.start, h.end);
        kept.push(h);
    }
    kept.sort_by_key(|h| h.start);
    let mut anchor = dct;
    let mut out: Vec<(usize, usize, TimeValue, String)> = Vec::new();
    for h in kept {
        let caps = match h.rule.regex.captures(&folded.text[h.start..]) {
            Some(c) => c,
            None => continue,
        };
        let Some(v) = resolve(rules, h.rule, &caps, dct, anchor) else {
            continue;
        };
        if let Some(a) = v.anchor {
            anchor = Some(a);
        }
        let (os, oe) = folded.original(h.start, h.end);
        out.push((os, oe, v, h.rule.name.clone()));
    }
    join_clock_times(text, &mut out);
    out
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
        let gap = text[a.1..b.0].trim().to_lowercase();
        let joinable = matches!(
            gap.as_str(),
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
        let pm = ap.starts_with('p');
        if pm && h < 12 {
            h += 12;
        }
        if !pm && h == 12 {
            h = 0;
        }
    }
    let _ = rules;
    (h < 24 && min < 60).then_some((h, min))
}

/// Compute a rule's value from its captures.
fn resolve(
    rules: &LangRules,
    rule: &TimeRule,
    c: &Captures,
    dct: Option<NaiveDate>,
    anchor: Option<NaiveDate>,
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
                    (Some(w), None, Some(t)) => resolve_weekday(t, w, rel),
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
        "duration" => {
            let u = unit?;
            let n = count(rules, group(c, "n")).unwrap_or(Ok(1));
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

/// Infer a DCT from the text alone: the latest full date (day, month,
/// year) the text gives; more confident when it stands in the first
/// sentence (a dateline).
pub fn infer_dct(
    _lexicon: &Lexicon,
    rules: &LangRules,
    text: &str,
    sentences: &[Span],
) -> Option<(NaiveDate, f64)> {
    let folded = Folded::new(text);
    let found = find(rules, &folded, text, sentences, None);
    let mut best: Option<(NaiveDate, usize)> = None;
    for (s, _, v, _) in &found {
        if let Some(val) = &v.value {
            if val.len() == 10 && v.ttype == "date" {
                if let Ok(d) = NaiveDate::parse_from_str(val, "%Y-%m-%d") {
                    if best.is_none_or(|(b, _)| d > b) {
                        best = Some((d, *s));
                    }
                }
            }
        }
    }
    let (d, at) = best?;
    let first = sentences.first().is_some_and(|s| at < s.end);
    Some((d, if first { 0.8 } else { 0.5 }))
}
