//! The query language: words, "quoted phrases", -exclusions and filters. Parsing never fails:
//! anything malformed degrades to words.

use std::fmt;

use crate::archive::model::EntityKind;

use super::analyze::tokenize;

/// At most this many clauses (words, phrases, filters) are kept; the rest is ignored.
pub const MAX_CLAUSES: usize = 32;
/// At most this many characters of a query are read.
pub const MAX_QUERY_CHARS: usize = 1000;

/// A parsed query. `Display` writes its canonical text: `parse_query(&q.to_string()) == q`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Words and phrases, in the order typed. All positive terms are required.
    pub terms: Vec<Term>,
    /// Filters, which narrow the result set without taking part in ranking.
    pub filters: Filters,
}

/// A word or phrase, required or excluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The word or phrase.
    pub clause: Clause,
    /// `true` for `-word` / `-"a phrase"`: documents containing it are left out.
    pub negated: bool,
}

/// A word or a phrase, as typed (analysis happens at search time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    /// One word (no whitespace, no `"`). A word that analyzes to several tokens
    /// (`Soviet-Korean`) is searched as a phrase.
    Word(String),
    /// Words that must appear next to each other in this order.
    Phrase(Vec<String>),
}

/// Filters: within one kind of filter any value may match (years, languages, archives), entity
/// filters must all match, and all kinds must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// `person:`, `place:`, `org:`, `event:`: an entity id or name.
    pub entities: Vec<EntityFilter>,
    /// `year:1967`, `year:1960-1969`, `decade:1960s`.
    pub years: Vec<YearFilter>,
    /// `lang:czech`: an original language.
    pub languages: Vec<String>,
    /// `archive:"State Central Archive (Prague)"`: words of the holding archive's name.
    pub archives: Vec<String>,
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.years.is_empty()
            && self.languages.is_empty()
            && self.archives.is_empty()
    }
}

/// An entity filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityFilter {
    /// Person, place, organization or event.
    pub kind: EntityKind,
    /// The entity's id (`kim-il-sung`), or words of its name (`Kim Il Sung`).
    pub value: String,
}

/// A filter on the document's year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearFilter {
    /// `year:1967`.
    Year(i32),
    /// `year:1960-1969` (inclusive).
    Range(i32, i32),
    /// `decade:1960s`: 1960 to 1969.
    Decade(i32),
}

impl YearFilter {
    /// The inclusive range of years it accepts.
    pub fn range(self) -> (i32, i32) {
        match self {
            YearFilter::Year(y) => (y, y),
            YearFilter::Range(a, b) => (a, b),
            YearFilter::Decade(d) => (d, d + 9),
        }
    }
}

/// The filter keyword of an entity kind (`person`, `place`, `org`, `event`).
pub fn entity_key(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Organization => "org",
        EntityKind::Event => "event",
        EntityKind::Date => "date",
        EntityKind::Quantity => "quantity",
    }
}

fn parse_year(s: &str) -> Option<i32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn year_filter(key: &str, value: &str) -> Option<YearFilter> {
    match key {
        "year" => {
            if let Some(y) = parse_year(value) {
                return Some(YearFilter::Year(y));
            }
            let (a, b) = value.split_once(['-', '\u{2013}'])?;
            let (a, b) = (parse_year(a)?, parse_year(b)?);
            Some(YearFilter::Range(a.min(b), a.max(b)))
        }
        "decade" => {
            let v = value.strip_suffix('s').unwrap_or(value);
            let y = parse_year(v)?;
            Some(YearFilter::Decade(y - y.rem_euclid(10)))
        }
        _ => None,
    }
}

/// Removes characters that would change the meaning of a word in the canonical text.
fn clean_word(w: &str) -> String {
    let w: String = w.chars().filter(|&c| c != '"').collect();
    w.trim_start_matches('-').to_string()
}

fn has_tokens(w: &str) -> bool {
    !tokenize(w).is_empty()
}

/// Parses a query. Never fails: unbalanced quotes close at the end, a lone `-` is ignored,
/// unknown or malformed filters become words, and anything past [`MAX_QUERY_CHARS`]
/// characters or [`MAX_CLAUSES`] clauses is ignored.
pub fn parse_query(input: &str) -> Query {
    let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
    let chars: Vec<char> = input.chars().collect();
    let mut q = Query::default();
    let mut clauses = 0usize;
    let mut i = 0;
    while i < chars.len() && clauses < MAX_CLAUSES {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut negated = false;
        if chars[i] == '-' {
            negated = true;
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                continue;
            }
        }
        if chars[i] == '"' {
            i += 1;
            let start = i;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            let inner: String = chars[start..i].iter().collect();
            i += 1; // closing quote (or past the end)
            let words: Vec<String> = inner
                .split_whitespace()
                .map(clean_word)
                .filter(|w| has_tokens(w))
                .collect();
            let clause = match words.len() {
                0 => continue,
                1 => Clause::Word(words.into_iter().next().unwrap_or_default()),
                _ => Clause::Phrase(words),
            };
            q.terms.push(Term { clause, negated });
            clauses += 1;
            continue;
        }
        // A chunk up to whitespace; a filter value may be quoted and span whitespace.
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
            i += 1;
        }
        let chunk: String = chars[start..i].iter().collect();
        if let Some((key, value)) = chunk.split_once(':') {
            let key = key.to_lowercase();
            if is_filter_key(&key) {
                let value = if value.is_empty() && i < chars.len() && chars[i] == '"' {
                    i += 1;
                    let s = i;
                    while i < chars.len() && chars[i] != '"' {
                        i += 1;
                    }
                    let v: String = chars[s..i].iter().collect();
                    i += 1;
                    v.split_whitespace().collect::<Vec<_>>().join(" ")
                } else {
                    value.to_string()
                };
                if !negated && add_filter(&mut q.filters, &key, &value) {
                    clauses += 1;
                    continue;
                }
                // A malformed or negated filter: its value's words are searched instead.
                for w in value.split_whitespace().map(clean_word) {
                    if has_tokens(&w) && clauses < MAX_CLAUSES {
                        q.terms.push(Term {
                            clause: Clause::Word(w),
                            negated,
                        });
                        clauses += 1;
                    }
                }
                continue;
            }
        }
        let w = clean_word(&chunk);
        if has_tokens(&w) {
            q.terms.push(Term {
                clause: Clause::Word(w),
                negated,
            });
            clauses += 1;
        }
    }
    q
}

fn is_filter_key(key: &str) -> bool {
    matches!(
        key,
        "person"
            | "place"
            | "org"
            | "organization"
            | "event"
            | "year"
            | "decade"
            | "lang"
            | "language"
            | "archive"
    )
}

/// Whether a word, written as is, would read as a filter.
fn is_filter(word: &str) -> bool {
    word.split_once(':')
        .is_some_and(|(key, _)| is_filter_key(&key.to_lowercase()))
}

fn add_filter(f: &mut Filters, key: &str, value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() || value.contains('"') {
        return false;
    }
    let kind = match key {
        "person" => Some(EntityKind::Person),
        "place" => Some(EntityKind::Place),
        "org" | "organization" => Some(EntityKind::Organization),
        "event" => Some(EntityKind::Event),
        _ => None,
    };
    if let Some(kind) = kind {
        f.entities.push(EntityFilter {
            kind,
            value: value.to_string(),
        });
        return true;
    }
    match key {
        "year" | "decade" => match year_filter(key, value) {
            Some(y) => {
                f.years.push(y);
                true
            }
            None => false,
        },
        "lang" | "language" => {
            f.languages.push(value.to_string());
            true
        }
        "archive" => {
            f.archives.push(value.to_string());
            true
        }
        _ => false,
    }
}

fn write_value(f: &mut fmt::Formatter<'_>, v: &str) -> fmt::Result {
    if v.chars().any(char::is_whitespace) {
        write!(f, "\"{v}\"")
    } else {
        f.write_str(v)
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut sep = |f: &mut fmt::Formatter<'_>| {
            let r = if first { Ok(()) } else { f.write_str(" ") };
            first = false;
            r
        };
        for t in &self.terms {
            sep(f)?;
            if t.negated {
                f.write_str("-")?;
            }
            match &t.clause {
                // A word that reads as a filter (`"lang:czech"`, typed quoted) stays quoted.
                Clause::Word(w) if is_filter(w) => write!(f, "\"{w}\"")?,
                Clause::Word(w) => f.write_str(w)?,
                Clause::Phrase(ws) => write!(f, "\"{}\"", ws.join(" "))?,
            }
        }
        for e in &self.filters.entities {
            sep(f)?;
            write!(f, "{}:", entity_key(e.kind))?;
            write_value(f, &e.value)?;
        }
        for y in &self.filters.years {
            sep(f)?;
            match *y {
                YearFilter::Year(y) => write!(f, "year:{y}")?,
                YearFilter::Range(a, b) => write!(f, "year:{a}-{b}")?,
                YearFilter::Decade(d) => write!(f, "decade:{d}s")?,
            }
        }
        for l in &self.filters.languages {
            sep(f)?;
            f.write_str("lang:")?;
            write_value(f, l)?;
        }
        for a in &self.filters.archives {
            sep(f)?;
            f.write_str("archive:")?;
            write_value(f, a)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_construct_and_round_trips() {
        let q = parse_query(
            r#"kim "soviet union" -china person:kim-il-sung year:1960-1969 decade:1950s lang:Czech archive:"State Central Archive (Prague)" Nižnij"#,
        );
        assert_eq!(q.terms.len(), 4);
        assert_eq!(
            q.terms[1].clause,
            Clause::Phrase(vec!["soviet".into(), "union".into()])
        );
        assert!(q.terms[2].negated);
        assert_eq!(
            q.filters.years,
            [YearFilter::Range(1960, 1969), YearFilter::Decade(1950)]
        );
        assert_eq!(q.filters.archives, ["State Central Archive (Prague)"]);
        let text = q.to_string();
        assert_eq!(
            text,
            r#"kim "soviet union" -china Nižnij person:kim-il-sung year:1960-1969 decade:1950s lang:Czech archive:"State Central Archive (Prague)""#
        );
        assert_eq!(parse_query(&text), q);
    }

    #[test]
    fn malformed_input_degrades() {
        assert_eq!(
            parse_query("\"unbalanced quote").to_string(),
            "\"unbalanced quote\""
        );
        assert_eq!(parse_query(" - -- \" \" ").to_string(), "");
        assert_eq!(parse_query("year:abc foo:bar").to_string(), "abc foo:bar");
        assert_eq!(parse_query("-person:x").to_string(), "-x");
        assert_eq!(parse_query(&"a ".repeat(5000)).terms.len(), MAX_CLAUSES);
    }
}
