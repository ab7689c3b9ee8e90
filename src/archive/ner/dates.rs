//! Dates: absolute ("June 2, 1967", "2 June 1967", "2.5.1967", "01/11/02", "in 1967",
//! "summer 1966") and relative to the document's date ("this year", "the summer of last
//! year", "last month", "today").

use super::text::{is_cap, is_digits, month, one_of, starts_sentence, Tok};
use super::{Cand, Ent};
use crate::archive::model::{DatePrecision, EntityKind, Provenance, Value};

/// The document's date, as far as it is known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DocDay {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl DocDay {
    pub(crate) fn from_iso(iso: Option<&str>) -> Self {
        let mut d = DocDay::default();
        if let Some(iso) = iso {
            let mut parts = iso.split('-');
            d.year = parts.next().and_then(|p| p.parse().ok());
            d.month = parts.next().and_then(|p| p.parse().ok());
            d.day = parts.next().and_then(|p| p.parse().ok());
        }
        d
    }

    fn iso(&self) -> Option<String> {
        let y = self.year?;
        Some(match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{y:04}-{m:02}"),
            _ => format!("{y:04}"),
        })
    }
}

const SEASONS: &[&str] = &["spring", "summer", "autumn", "fall", "winter"];
/// Words after which a bare month or year is a date: "in May", "since 1950".
const DATE_CUES: &[&str] = &[
    "in",
    "of",
    "since",
    "until",
    "till",
    "by",
    "from",
    "during",
    "early",
    "late",
    "mid",
    "end",
    "beginning",
    "before",
    "after",
    "through",
    "between",
    "and",
    "to",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "year",
];

fn date_value(y: i32, m: Option<u32>, d: Option<u32>, rel: Option<&DocDay>) -> Value {
    let (iso, precision) = match (m, d) {
        (Some(m), Some(d)) => (format!("{y:04}-{m:02}-{d:02}"), DatePrecision::Day),
        (Some(m), None) => (format!("{y:04}-{m:02}"), DatePrecision::Month),
        _ => (format!("{y:04}"), DatePrecision::Year),
    };
    Value::Date {
        iso,
        precision,
        relative_to: rel.and_then(DocDay::iso),
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn year_of(w: &str) -> Option<i32> {
    (w.len() == 4 && is_digits(w))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

fn day_of(w: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th", "ST", "ND", "RD", "TH"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    (digits.len() <= 2 && is_digits(digits))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// "2.5.1967", "01/11/02", "1967-06-02" starting at byte `at`: (end, year, month, day).
fn numeric_date(text: &str, at: usize, month_first: bool) -> Option<(usize, i32, u32, u32)> {
    let b = text.as_bytes();
    let digits = |mut i: usize| {
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        (s, i)
    };
    let (s1, e1) = digits(at);
    let sep = *b.get(e1)?;
    if !matches!(sep, b'.' | b'/' | b'-') {
        return None;
    }
    let (s2, e2) = digits(e1 + 1);
    if b.get(e2) != Some(&sep) {
        return None;
    }
    let (s3, e3) = digits(e2 + 1);
    // Not followed by more of a number or reference ("1.2.3.4", "12/3/45/6").
    if b.get(e3)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'/')
        || (matches!(b.get(e3), Some(b'.' | b'-')) && b.get(e3 + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let (p1, p2, p3) = (&text[s1..e1], &text[s2..e2], &text[s3..e3]);
    let num = |s: &str| s.parse::<u32>().ok();
    if sep == b'-' {
        // ISO only.
        if p1.len() != 4 || p2.len() != 2 || p3.len() != 2 {
            return None;
        }
        let (y, m, d) = (num(p1)? as i32, num(p2)?, num(p3)?);
        return valid(y, m, d).then_some((e3, y, m, d));
    }
    if !(1..=2).contains(&p1.len()) || !(1..=2).contains(&p2.len()) {
        return None;
    }
    let y = match p3.len() {
        4 => num(p3)? as i32,
        // Two-digit years: archives hold records of the last century and stamps of this one.
        2 => {
            let yy = num(p3)? as i32;
            if yy < 30 {
                2000 + yy
            } else {
                1900 + yy
            }
        }
        _ => return None,
    };
    let (a, c) = (num(p1)?, num(p2)?);
    // Day first (European), unless that cannot be, or the text is an American cable.
    let (m, d) = if a > 12 || (sep == b'.' && c <= 12) || (!month_first && c <= 12) {
        (c, a)
    } else {
        (a, c)
    };
    valid(y, m, d).then_some((e3, y, m, d))
}

/// Finds the dates of one text.
pub(crate) fn find(text: &str, toks: &[Tok], doc: &DocDay, caps_text: bool, out: &mut Vec<Cand>) {
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    // Only spaces (and an optional comma) between words i and i+1.
    let joined = |i: usize, comma: bool| {
        let gap = &text[toks[i].end..toks[i + 1].start];
        let gap = if comma {
            gap.trim_start_matches(',')
        } else {
            gap
        };
        !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
    };
    let push = |out: &mut Vec<Cand>, start: usize, end: usize, v: Value| {
        out.push(Cand {
            start,
            end,
            kind: EntityKind::Date,
            entity: Ent::None,
            source: Provenance::Rule,
            value: Some(v),
        });
    };
    let prev_cue = |i: usize| i > 0 && one_of(w(i - 1), DATE_CUES);
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let word = w(i);
        // Numeric dates.
        if word.as_bytes()[0].is_ascii_digit() {
            let found = numeric_date(text, toks[i].start, caps_text)
                .or_else(|| roman_date(text, toks[i].start));
            if let Some((end, y, m, d)) = found {
                push(
                    out,
                    toks[i].start,
                    end,
                    date_value(y, Some(m), Some(d), None),
                );
                while i < n && toks[i].start < end {
                    i += 1;
                }
                continue;
            }
        }
        // Day Month [Year]: "2 June 1967".
        if let Some(d) = day_of(word) {
            if i + 1 < n && joined(i, false) {
                if let Some(m) = month(w(i + 1)).filter(|_| is_cap(w(i + 1))) {
                    let full_month = w(i + 1).len() > 3 || w(i + 1).eq_ignore_ascii_case("may");
                    let year = (i + 2 < n && joined(i + 1, true))
                        .then(|| year_of(w(i + 2)))
                        .flatten();
                    let (y, end, rel) = match year {
                        Some(y) => (Some(y), toks[i + 2].end, None),
                        None => match relative_year(text, toks, i + 1, doc, &joined) {
                            Some((end, y)) => (Some(y), end, Some(doc)),
                            None => (doc.year, toks[i + 1].end, Some(doc)),
                        },
                    };
                    if let Some(y) = y.filter(|&y| valid(y, m, d) && (full_month || year.is_some()))
                    {
                        push(
                            out,
                            toks[i].start,
                            end,
                            date_value(y, Some(m), Some(d), rel),
                        );
                        while i < n && toks[i].start < end {
                            i += 1;
                        }
                        continue;
                    }
                }
            }
        }
        // Month [Day][,] [Year]: "June 2, 1967", "June 1967", "in May".
        if let Some(m) = month(word).filter(|_| is_cap(word)) {
            let abbreviated =
                word.trim_end_matches('.').len() <= 3 && !word.eq_ignore_ascii_case("may");
            let day = (i + 1 < n && joined(i, false))
                .then(|| day_of(w(i + 1)).filter(|_| year_of(w(i + 1)).is_none()))
                .flatten();
            let year_at = if day.is_some() { i + 2 } else { i + 1 };
            let year = (year_at < n && joined(year_at - 1, true))
                .then(|| year_of(w(year_at)))
                .flatten();
            let end_tok = match (day, year) {
                (_, Some(_)) => Some(year_at),
                (Some(_), None) => Some(i + 1),
                // A bare month needs a cue before it ("in May") and is never a sentence's
                // first word ("May I ask ...").
                (None, None) if !abbreviated && prev_cue(i) && !starts_sentence(text, toks, i) => {
                    Some(i)
                }
                _ => None,
            };
            if let Some(end_tok) = end_tok {
                let rel_year = if year.is_none() {
                    relative_year(text, toks, end_tok, doc, &joined)
                } else {
                    None
                };
                let (y, rel, end) = match (year, rel_year) {
                    (Some(y), _) => (Some(y), None, toks[end_tok].end),
                    (None, Some((end, y))) => (Some(y), Some(doc), end),
                    (None, None) => (doc.year, Some(doc), toks[end_tok].end),
                };
                if let Some(y) = y.filter(|&y| day.is_none_or(|d| valid(y, m, d))) {
                    push(out, toks[i].start, end, date_value(y, Some(m), day, rel));
                    while i < n && toks[i].start < end {
                        i += 1;
                    }
                    continue;
                }
            }
        }
        // Seasons: "summer 1966", "summer of 1966", "summer of last year", "last summer".
        if one_of(word, SEASONS) {
            if let Some((end, y, relative)) = season_year(text, toks, i + 1, doc, &joined) {
                let rel = relative.then_some(doc);
                push(out, toks[i].start, end, date_value(y, None, None, rel));
                while i < n && toks[i].start < end {
                    i += 1;
                }
                continue;
            }
        }
        // A bare year after a cue: "in 1967".
        if let Some(y) = year_of(word) {
            let next_is_slash = text[toks[i].end..].starts_with('/');
            if prev_cue(i) && !next_is_slash {
                push(
                    out,
                    toks[i].start,
                    toks[i].end,
                    date_value(y, None, None, None),
                );
                i += 1;
                continue;
            }
        }
        // Relative: "this year", "last month", "today".
        if let Some((end, v)) = relative(text, toks, i, doc, &joined) {
            push(out, toks[i].start, end, v);
            while i < n && toks[i].start < end {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
}

/// After a season word at `i - 1`: "1966", "of 1966", "of last year".
fn season_year(
    text: &str,
    toks: &[Tok],
    i: usize,
    doc: &DocDay,
    joined: &dyn Fn(usize, bool) -> bool,
) -> Option<(usize, i32, bool)> {
    let n = toks.len();
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    if i >= n || !joined(i - 1, false) {
        return None;
    }
    if let Some(y) = year_of(w(i)) {
        return Some((toks[i].end, y, false));
    }
    if w(i).eq_ignore_ascii_case("of") && i + 1 < n && joined(i, false) {
        if let Some(y) = year_of(w(i + 1)) {
            return Some((toks[i + 1].end, y, false));
        }
        if i + 2 < n && joined(i + 1, false) && w(i + 2).eq_ignore_ascii_case("year") {
            let off = offset(w(i + 1))?;
            let y = doc.year? + off;
            return Some((toks[i + 2].end, y, true));
        }
    }
    None
}

/// "16.III.1978", "2.XII.67": a day, a month in Roman numerals and a year, joined by dots.
fn roman_date(text: &str, at: usize) -> Option<(usize, i32, u32, u32)> {
    let rest = &text[at..];
    let day_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let d: u32 = rest[..day_len].parse().ok()?;
    let rest = rest[day_len..].strip_prefix('.')?;
    let roman_len = rest
        .bytes()
        .take_while(|b| matches!(b, b'I' | b'V' | b'X'))
        .count();
    const ROMAN: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    let m = ROMAN.iter().position(|r| *r == &rest[..roman_len])? as u32 + 1;
    let rest = rest[roman_len..].strip_prefix('.')?.trim_start_matches(' ');
    let year_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let y: i32 = match year_len {
        4 => rest[..4].parse().ok()?,
        2 => 1900 + rest[..2].parse::<i32>().ok()?,
        _ => return None,
    };
    let end = text.len() - rest.len() + year_len;
    if day_len == 0 || day_len > 2 || text[end..].starts_with(char::is_alphanumeric) {
        return None;
    }
    valid(y, m, d).then_some((end, y, m, d))
}

/// "this year", "last year", "next year" right after word `i`: (end, year).
fn relative_year(
    text: &str,
    toks: &[Tok],
    i: usize,
    doc: &DocDay,
    joined: &dyn Fn(usize, bool) -> bool,
) -> Option<(usize, i32)> {
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    if i + 2 >= toks.len() || !joined(i, false) || !joined(i + 1, false) {
        return None;
    }
    if !w(i + 2).eq_ignore_ascii_case("year") {
        return None;
    }
    let off = offset(w(i + 1))?;
    Some((toks[i + 2].end, doc.year? + off))
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// Monday = 0 … Sunday = 6.
fn weekday_index(w: &str) -> Option<i64> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter()
        .position(|d| d.eq_ignore_ascii_case(w))
        .map(|p| p as i64)
}

fn offset(w: &str) -> Option<i32> {
    match w.to_lowercase().as_str() {
        "this" | "current" => Some(0),
        "last" | "previous" | "past" => Some(-1),
        "next" | "coming" => Some(1),
        _ => None,
    }
}

fn relative(
    text: &str,
    toks: &[Tok],
    i: usize,
    doc: &DocDay,
    joined: &dyn Fn(usize, bool) -> bool,
) -> Option<(usize, Value)> {
    let n = toks.len();
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    const RELATIVE: &[&str] = &[
        "today",
        "yesterday",
        "tomorrow",
        "this",
        "current",
        "last",
        "previous",
        "past",
        "next",
        "coming",
    ];
    if !one_of(w(i), RELATIVE) {
        return None;
    }
    let lw = w(i).to_ascii_lowercase();
    let y = doc.year?;
    let rel = Some(doc);
    if matches!(lw.as_str(), "today" | "yesterday" | "tomorrow") {
        // "today's Nizhnyi Novgorod" is the present day, not a date.
        if text[toks[i].end..].starts_with(['\'', '’']) {
            return None;
        }
        let (m, d) = (doc.month?, doc.day?);
        let (y, m, d) = match lw.as_str() {
            "yesterday" => prev_day(y, m, d),
            "tomorrow" => next_day(y, m, d),
            _ => (y, m, d),
        };
        return Some((toks[i].end, date_value(y, Some(m), Some(d), rel)));
    }
    let off = offset(&lw)?;
    if i + 1 >= n || !joined(i, false) {
        return None;
    }
    let unit = w(i + 1).to_lowercase();
    let end = toks[i + 1].end;
    // Not "last year's", but "this year's" is fine; "years" is not a date ("next years").
    match unit.as_str() {
        "year" => Some((end, date_value(y + off, None, None, rel))),
        "month" => {
            let m = doc.month?;
            let (y, m) = match off {
                -1 if m == 1 => (y - 1, 12),
                -1 => (y, m - 1),
                1 if m == 12 => (y + 1, 1),
                1 => (y, m + 1),
                _ => (y, m),
            };
            Some((end, date_value(y, Some(m), None, rel)))
        }
        // "last September": the latest September before the document's month; "next May".
        _ if month(w(i + 1)).is_some()
            && is_cap(w(i + 1))
            && (w(i + 1).len() > 3 || matches!(w(i + 1), "May" | "MAY")) =>
        {
            let m = month(w(i + 1))?;
            let dm = doc.month?;
            let y = match off {
                -1 if m < dm => y,
                -1 => y - 1,
                1 if m > dm => y,
                1 => y + 1,
                _ => y,
            };
            Some((end, date_value(y, Some(m), None, rel)))
        }
        // "last Tuesday": the latest Tuesday before the document's day; "next Friday".
        _ if off != 0 && weekday_index(&unit).is_some() && is_cap(w(i + 1)) => {
            let target = weekday_index(&unit)?;
            let today = days_from_civil(y, doc.month?, doc.day?);
            let wd = (today + 3).rem_euclid(7); // 1970-01-01 was a Thursday (3).
            let delta = if off < 0 {
                -match (wd - target).rem_euclid(7) {
                    0 => 7,
                    back => back,
                }
            } else {
                match (target - wd).rem_euclid(7) {
                    0 => 7,
                    fwd => fwd,
                }
            };
            let (y, m, d) = civil_from_days(today + delta);
            Some((end, date_value(y, Some(m), Some(d), rel)))
        }
        // "this week": its month when the week lies in one month.
        "week" => {
            let today = days_from_civil(y, doc.month?, doc.day?);
            let wd = (today + 3).rem_euclid(7);
            let monday = today - wd + 7 * i64::from(off);
            let (y1, m1, _) = civil_from_days(monday);
            let (y2, m2, _) = civil_from_days(monday + 6);
            // Across a month's end only the year is certain: that of its Thursday (ISO 8601).
            let v = if (y1, m1) == (y2, m2) {
                date_value(y1, Some(m1), None, rel)
            } else {
                date_value(civil_from_days(monday + 3).0, None, None, rel)
            };
            Some((end, v))
        }
        s if SEASONS.contains(&s) => {
            // "last summer" in a December record is this year's summer.
            let this_season_passed = doc.month.is_some_and(|m| m >= 9);
            let y = match off {
                -1 if this_season_passed => y,
                o => y + o,
            };
            Some((end, date_value(y, None, None, rel)))
        }
        _ => None,
    }
}

fn prev_day(y: i32, m: u32, d: u32) -> (i32, u32, u32) {
    if d > 1 {
        (y, m, d - 1)
    } else if m > 1 {
        (y, m - 1, days_in_month(y, m - 1))
    } else {
        (y - 1, 12, 31)
    }
}

fn next_day(y: i32, m: u32, d: u32) -> (i32, u32, u32) {
    if d < days_in_month(y, m) {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    }
}
