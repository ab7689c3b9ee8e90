//! Reading printed dates ("June 2, 1967", "2 June 1967", "June 1967", "1967", "1967-06-02",
//! "c. 1967") into a [`DocDate`].

use super::model::{DatePrecision, DocDate};

/// Reads a printed date. Returns `None` when the text is not a date this parser knows; the
/// caller decides whether that is a problem.
///
/// ```
/// use dossier::archive::{parse_date, DatePrecision};
/// let d = parse_date("June 2, 1967").unwrap();
/// assert_eq!(d.iso.as_deref(), Some("1967-06-02"));
/// assert_eq!(d.precision, DatePrecision::Day);
/// ```
pub fn parse_date(text: &str) -> Option<DocDate> {
    let (iso, precision) = read(text.trim())?;
    Some(DocDate {
        text: text.trim().to_owned(),
        iso: Some(iso),
        precision,
    })
}

/// An undated [`DocDate`] that keeps the printed text.
pub(crate) fn undated(text: &str) -> DocDate {
    DocDate {
        text: text.trim().to_owned(),
        iso: None,
        precision: DatePrecision::Undated,
    }
}

fn read(text: &str) -> Option<(String, DatePrecision)> {
    let text = strip_circa(text);
    if let Some(iso) = read_iso(text) {
        return Some(iso);
    }
    let cleaned: String = text
        .chars()
        .map(|c| if c == ',' { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    match words.as_slice() {
        [y] => Some((format!("{:04}", year(y)?), DatePrecision::Year)),
        [a, b] => {
            let (m, y) = (month(a)?, year(b)?);
            Some((format!("{y:04}-{m:02}"), DatePrecision::Month))
        }
        [a, b, c] => {
            let (m, d) = match month(a) {
                Some(m) => (m, day(b)?),
                None => (month(b)?, day(a)?),
            };
            let y = year(c)?;
            (d <= days_in_month(y, m))
                .then(|| (format!("{y:04}-{m:02}-{d:02}"), DatePrecision::Day))
        }
        _ => None,
    }
}

/// Strips an "approximately" prefix: "c. 1967", "ca. 1967", "circa 1967".
fn strip_circa(text: &str) -> &str {
    for prefix in ["circa ", "ca. ", "c. ", "ca ", "c."] {
        if let Some(head) = text.get(..prefix.len()) {
            if head.eq_ignore_ascii_case(prefix) {
                return text[prefix.len()..].trim_start();
            }
        }
    }
    text
}

/// "1967-06-02" or "1967-06".
fn read_iso(text: &str) -> Option<(String, DatePrecision)> {
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty() || !is_digits(p)) {
        return None;
    }
    let y = year(parts[0])?;
    let m: u32 = parts[1]
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m) && parts[1].len() == 2)?;
    match parts.get(2) {
        None => Some((format!("{y:04}-{m:02}"), DatePrecision::Month)),
        Some(d) if parts.len() == 3 && d.len() == 2 => {
            let d: u32 = d.parse().ok()?;
            (d >= 1 && d <= days_in_month(y, m))
                .then(|| (format!("{y:04}-{m:02}-{d:02}"), DatePrecision::Day))
        }
        Some(_) => None,
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn year(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.');
    (s.len() == 4 && is_digits(s))
        .then(|| s.parse().ok())
        .flatten()
}

fn day(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.');
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
        .unwrap_or(s);
    if digits.len() > 2 || !is_digits(digits) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// English month names, lowercase, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month name or its abbreviation ("Jun", "Jun.", "Sept."), any case.
fn month(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.').to_lowercase();
    if s.len() < 3 {
        return None;
    }
    let idx = MONTHS
        .iter()
        .position(|m| *m == s || (s.len() <= 4 && m.starts_with(&s)))?;
    Some(idx as u32 + 1)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DatePrecision::*;

    fn iso(text: &str) -> Option<(String, DatePrecision)> {
        parse_date(text).map(|d| (d.iso.unwrap(), d.precision))
    }

    fn some(s: &str, p: DatePrecision) -> Option<(String, DatePrecision)> {
        Some((s.to_owned(), p))
    }

    #[test]
    fn reads_month_day_year() {
        assert_eq!(iso("June 2, 1967"), some("1967-06-02", Day));
        assert_eq!(iso("Jun. 2 1967"), some("1967-06-02", Day));
        assert_eq!(iso("December 31st, 1999"), some("1999-12-31", Day));
    }

    #[test]
    fn reads_day_month_year() {
        assert_eq!(iso("2 June 1967"), some("1967-06-02", Day));
        assert_eq!(iso("02 Sept. 1967"), some("1967-09-02", Day));
    }

    #[test]
    fn reads_month_and_year_precisions() {
        assert_eq!(iso("June 1967"), some("1967-06", Month));
        assert_eq!(iso("June, 1967"), some("1967-06", Month));
        assert_eq!(iso("1967"), some("1967", Year));
        assert_eq!(iso("c. 1967"), some("1967", Year));
        assert_eq!(iso("circa June 1967"), some("1967-06", Month));
    }

    #[test]
    fn reads_iso_dates() {
        assert_eq!(iso("1967-06-02"), some("1967-06-02", Day));
        assert_eq!(iso("1967-06"), some("1967-06", Month));
        assert_eq!(iso("1967-13-02"), None);
    }

    #[test]
    fn rejects_impossible_and_unreadable_dates() {
        assert_eq!(iso("February 30, 1967"), None);
        assert_eq!(iso("February 29, 1968"), some("1968-02-29", Day));
        assert_eq!(iso("some time in the sixties"), None);
        assert_eq!(iso("On Some Issues of Soviet-Korean Relations"), None);
        assert_eq!(iso(""), None);
        assert_eq!(iso("Ma 2, 1967"), None);
    }

    #[test]
    fn keeps_the_printed_text() {
        assert_eq!(parse_date("  June 2, 1967 ").unwrap().text, "June 2, 1967");
        assert_eq!(undated("sometime").text, "sometime");
    }
}
