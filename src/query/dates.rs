//! Partial dates as day ranges: `2022` is the whole year, `2022-01` the
//! whole month, `2022-W01` the ISO week, so coarser dates overlap finer
//! bounds.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::timeline::Event;

/// The first and last day a partial date (YYYY, YYYY-MM, YYYY-MM-DD,
/// YYYY-Www) covers; None when it is none of these.
pub fn date_range(s: &str) -> Option<(NaiveDate, NaiveDate)> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some((d, d));
    }
    if let Some((y, w)) = s.split_once("-W") {
        let (y, w) = (y.parse::<i32>().ok()?, w.parse::<u32>().ok()?);
        let start = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?;
        return Some((start, start + Duration::days(6)));
    }
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = y.parse::<i32>().ok()?;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ))
        }
        [y, m] if y.len() == 4 && m.len() == 2 => {
            let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
            let start = NaiveDate::from_ymd_opt(y, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            Some((start, next.pred_opt()?))
        }
        _ => None,
    }
}

/// The days an event covers: its date's range (a day date of `week`
/// precision runs to the end of its ISO week), extended to the end of
/// `date_end`; None if undated.
pub fn event_range(e: &Event) -> Option<(NaiveDate, NaiveDate)> {
    let (start, mut end) = date_range(e.date.as_deref()?)?;
    if e.date_precision.as_deref() == Some("week") && start == end {
        end = start + Duration::days(6 - i64::from(start.weekday().num_days_from_monday()));
    }
    if let Some((_, de)) = e.date_end.as_deref().and_then(date_range) {
        end = end.max(de);
    }
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn partial_dates_cover_their_days() {
        assert_eq!(
            date_range("2022-01-06"),
            Some((d("2022-01-06"), d("2022-01-06")))
        );
        assert_eq!(
            date_range("2022-02"),
            Some((d("2022-02-01"), d("2022-02-28")))
        );
        assert_eq!(
            date_range("2021-12"),
            Some((d("2021-12-01"), d("2021-12-31")))
        );
        assert_eq!(date_range("2022"), Some((d("2022-01-01"), d("2022-12-31"))));
        assert_eq!(
            date_range("2022-W01"),
            Some((d("2022-01-03"), d("2022-01-09")))
        );
        assert_eq!(date_range("P1W"), None);
        assert_eq!(date_range("2022-13"), None);
        assert_eq!(date_range("22"), None);
    }
}
