//! Quantities and money: "200,000 tons of grain", "800 million USD", "$2.5 million",
//! "400 Korean professionals", "30 percent", "400,000 of coking coal".

use super::text::{is_cap, is_demonym, is_stopword, Tok};
use super::{Cand, Ent};
use crate::archive::model::{EntityKind, Provenance, Value};

const MULTIPLIERS: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("mln", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
];

/// (word, normalized unit); matched case-insensitively except the short ones.
const UNITS: &[(&str, &str)] = &[
    ("tons", "t"),
    ("ton", "t"),
    ("tonnes", "t"),
    ("tonne", "t"),
    ("t", "t"),
    ("kilograms", "kg"),
    ("kilogram", "kg"),
    ("kg", "kg"),
    ("kilometers", "km"),
    ("kilometres", "km"),
    ("km", "km"),
    ("miles", "mi"),
    ("meters", "m"),
    ("metres", "m"),
    ("hectares", "ha"),
    ("barrels", "bbl"),
    ("kilowatts", "kW"),
    ("megawatts", "MW"),
    ("kw", "kW"),
    ("mw", "MW"),
    ("usd", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("rubles", "RUB"),
    ("roubles", "RUB"),
    ("ruble", "RUB"),
    ("yuan", "CNY"),
    ("yen", "JPY"),
    ("won", "won"),
    ("pounds", "pounds"),
    ("crowns", "CSK"),
    ("korunas", "CSK"),
    ("kcs", "CSK"),
    ("marks", "marks"),
    ("francs", "francs"),
    ("lei", "lei"),
    ("leu", "lei"),
    ("zlotys", "PLN"),
    ("zloty", "PLN"),
    ("złoty", "PLN"),
    ("złotys", "PLN"),
    ("złotych", "PLN"),
    ("forints", "HUF"),
    ("forint", "HUF"),
    ("leva", "BGN"),
    ("levs", "BGN"),
    ("dinars", "dinars"),
    ("rupees", "INR"),
    ("pesos", "pesos"),
    ("lire", "ITL"),
    ("deutschmarks", "DEM"),
    ("dm", "DEM"),
    ("percent", "percent"),
    ("pieces", "pieces"),
    ("units", "pieces"),
    ("sets", "sets"),
];

/// Counted nouns that are people.
const PEOPLE: &[&str] = &[
    "people",
    "persons",
    "professionals",
    "students",
    "specialists",
    "experts",
    "workers",
    "soldiers",
    "troops",
    "men",
    "women",
    "children",
    "refugees",
    "delegates",
    "members",
    "officers",
    "advisers",
    "advisors",
    "technicians",
    "engineers",
    "scientists",
    "teachers",
    "doctors",
    "prisoners",
    "volunteers",
    "personnel",
    "citizens",
    "families",
    "pilots",
];

/// Counted nouns that count the discourse, not the world ("4 points", "three times").
const NOT_COUNTED: &[&str] = &[
    "points",
    "times",
    "cases",
    "ways",
    "sides",
    "parts",
    "questions",
    "issues",
    "reasons",
    "items",
    "paragraphs",
    "pages",
    "copies",
    "years",
    "months",
    "days",
    "weeks",
    "hours",
    "minutes",
    "seconds",
    "decades",
    "centuries",
    "occasions",
    "stages",
    "steps",
    "aspects",
    "proposals",
    "problems",
    "matters",
    "remarks",
    "comments",
    "conditions",
    "tasks",
    "countries",
    "states",
    "nations",
    "governments",
    "powers",
    "parties",
    "sessions",
    "meetings",
    "letters",
    "documents",
    "pp",
    "nos",
];

const WORD_NUMBERS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
    ("several", f64::NAN),
];

/// A number written in digits at byte `at`: "200,000", "2.5", "1 500"? (no: spaces end it).
fn digits_number(text: &str, at: usize) -> Option<(usize, f64)> {
    let b = text.as_bytes();
    let mut i = at;
    let mut s = String::new();
    let mut group = 0;
    let mut seen_sep = false;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            s.push(c as char);
            group += 1;
            i += 1;
        } else if c == b','
            && group > 0
            && b.get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            && (!seen_sep || group == 3)
            && (seen_sep || group <= 3)
        {
            seen_sep = true;
            group = 0;
            i += 1;
        } else if c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) && !s.contains('.') {
            s.push('.');
            i += 1;
        } else if c == b','
            && group > 0
            && !seen_sep
            && !s.contains('.')
            && decimal_comma(&b[i + 1..])
        {
            // A decimal comma: "1,5 billion lei", "12,3 %".
            s.push('.');
            i += 1;
        } else if c == b' '
            && group > 0
            && (if seen_sep { group == 3 } else { group <= 3 })
            && !s.contains('.')
            && b.get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && !b
                .get(i + 4)
                .is_some_and(|c| c.is_ascii_digit() || *c == b'/')
        {
            // Thousands set apart by spaces: "300 000 tons", "2 500 tractors".
            seen_sep = true;
            group = 0;
            i += 1;
        } else {
            break;
        }
    }
    if s.is_empty()
        || b.get(i)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/')
    {
        return None;
    }
    s.parse().ok().map(|v| (i, v))
}

/// After a comma: one or two digits, then a space and a multiplier or unit, or a percent sign.
fn decimal_comma(rest: &[u8]) -> bool {
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&digits) {
        return false;
    }
    let after = &rest[digits..];
    if after.first() == Some(&b'%') || after.starts_with(b" %") {
        return true;
    }
    let Some(word) = after.strip_prefix(b" ") else {
        return false;
    };
    let word: Vec<u8> = word
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .map(u8::to_ascii_lowercase)
        .collect();
    let word = String::from_utf8_lossy(&word);
    MULTIPLIERS.iter().any(|(m, _)| *m == word)
        || UNITS.iter().any(|(u, _)| *u == word && u.len() > 2)
}

/// Finds the quantities of one text.
pub(crate) fn find(text: &str, toks: &[Tok], caps: bool, out: &mut Vec<Cand>) {
    let n = toks.len();
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    let spaced = |i: usize| {
        i + 1 < n && {
            let gap = &text[toks[i].end..toks[i + 1].start];
            !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
        }
    };
    let mut i = 0;
    while i < n {
        let start = toks[i].start;
        let before = text[..start].chars().next_back();
        // Not the middle of a number, a reference ("no. 267", "1981/9") or a decimal.
        if matches!(before, Some('/' | '.' | ',' | '-')) && text[..start].len() > 1 {
            let b2 = text[..start - 1].chars().next_back();
            if b2.is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
                continue;
            }
        }
        let dollar = before == Some('$');
        let (mut value, num_end, word_number) = if w(i).as_bytes()[0].is_ascii_digit() {
            match digits_number(text, start) {
                Some((e, v)) => (v, e, false),
                None => {
                    i += 1;
                    continue;
                }
            }
        } else if let Some((_, v)) = WORD_NUMBERS
            .iter()
            .filter(|_| w(i).len() <= 7)
            .find(|(word, _)| w(i).eq_ignore_ascii_case(word))
        {
            (*v, toks[i].end, true)
        } else {
            i += 1;
            continue;
        };
        // The last word of the number.
        let mut j = i;
        while j + 1 < n && toks[j + 1].start < num_end {
            j += 1;
        }
        let plain_year = !word_number
            && !text[start..num_end].contains([',', '.'])
            && (1800.0..=2099.0).contains(&value)
            && num_end - start == 4;
        let mut end = num_end;
        let mut multiplied = false;
        if spaced(j) {
            if let Some((_, m)) = MULTIPLIERS
                .iter()
                .find(|(word, _)| w(j + 1).eq_ignore_ascii_case(word))
            {
                value *= m;
                j += 1;
                end = toks[j].end;
                multiplied = true;
            }
        }
        let mut unit: Option<&str> = dollar.then_some("USD");
        let mut commodity: Option<String> = None;
        if text[end..].starts_with('%') || text[end..].starts_with(" %") {
            unit = Some("percent");
            end += text[end..].find('%').unwrap_or(0) + 1;
        } else if unit.is_none() && spaced(j) {
            let mut k = j + 1;
            // "US dollars", "U.S. dollars".
            if matches!(w(k), "US" | "U.S." | "U") && k + 1 < n {
                let next = if w(k) == "U" { k + 2 } else { k + 1 };
                if next < n && w(next).eq_ignore_ascii_case("dollars") {
                    k = next;
                }
            }
            let word = w(k);
            let short = word.len() <= 2;
            if let Some((_, u)) = UNITS.iter().find(|(name, _)| {
                if short {
                    word == *name || word == name.to_uppercase()
                } else {
                    word.eq_ignore_ascii_case(name)
                }
            }) {
                if !(word == "t" && text[toks[k].end..].starts_with('.')) || k + 1 >= n {
                    unit = Some(u);
                    j = k;
                    end = toks[k].end;
                }
            }
        }
        // "of coking coal"
        if let Some((e, c)) = commodity_after(text, toks, j, caps, &spaced) {
            if unit.is_some() || !plain_year {
                commodity = Some(c);
                end = e;
            }
        }
        if unit.is_none() && commodity.is_none() && !plain_year && !multiplied {
            // A counted noun: "400 Korean professionals", "100 pieces".
            if let Some((e, noun, people)) = counted(text, toks, j, caps, &spaced) {
                end = e;
                unit = people.then_some("people");
                commodity = Some(noun);
            }
        }
        if (unit.is_some() || commodity.is_some() || (multiplied && !word_number))
            && !(word_number && unit.is_none() && commodity.is_none())
            && !value.is_nan()
        {
            out.push(Cand {
                start: if dollar { start - 1 } else { start },
                end,
                kind: EntityKind::Quantity,
                entity: Ent::None,
                source: Provenance::Rule,
                value: Some(Value::Quantity {
                    value,
                    unit: unit.map(str::to_owned),
                    commodity,
                }),
            });
        }
        while i < n && toks[i].start < end {
            i += 1;
        }
        i = i.max(j + 1);
    }
}

/// "of coking coal" after word `j`: (end, commodity).
fn commodity_after(
    text: &str,
    toks: &[Tok],
    j: usize,
    caps: bool,
    spaced: &dyn Fn(usize) -> bool,
) -> Option<(usize, String)> {
    let n = toks.len();
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    if !spaced(j) || !w(j + 1).eq_ignore_ascii_case("of") {
        return None;
    }
    let mut k = j + 2;
    let mut last = None;
    while k < n && k <= j + 5 && spaced(k - 1) && commodity_word(w(k), caps) {
        last = Some(k);
        k += 1;
    }
    let last = last?;
    Some((
        toks[last].end,
        text[toks[j + 2].start..toks[last].end].to_owned(),
    ))
}

fn commodity_word(w: &str, caps: bool) -> bool {
    w.chars().all(|c| c.is_alphabetic() || c == '-')
        && (caps || !is_cap(w))
        && !is_stopword(w)
        && !matches!(w, "a" | "an" | "the" | "which" | "whom" | "each" | "per")
}

/// "Korean professionals", "pieces" after word `j`: (end, noun phrase, is people).
fn counted(
    text: &str,
    toks: &[Tok],
    j: usize,
    caps: bool,
    spaced: &dyn Fn(usize) -> bool,
) -> Option<(usize, String, bool)> {
    let n = toks.len();
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    if !spaced(j) {
        return None;
    }
    let mut k = j + 1;
    // One adjective: "Korean", "Soviet", "new".
    if k + 1 < n
        && spaced(k)
        && (is_demonym(w(k)) || ((caps || !is_cap(w(k))) && !is_stopword(w(k))))
    {
        let noun = w(k + 1).to_lowercase();
        if plural_noun(w(k + 1), caps) && !NOT_COUNTED.contains(&noun.as_str()) {
            k += 1;
            let people = PEOPLE.contains(&noun.as_str());
            return Some((
                toks[k].end,
                text[toks[j + 1].start..toks[k].end].to_owned(),
                people,
            ));
        }
    }
    let noun = w(k).to_lowercase();
    if plural_noun(w(k), caps) && !NOT_COUNTED.contains(&noun.as_str()) {
        let people = PEOPLE.contains(&noun.as_str());
        k = k.min(n - 1);
        return Some((toks[k].end, w(k).to_owned(), people));
    }
    None
}

/// Counted nouns with no plural "-s".
const INVARIANT: &[&str] = &["aircraft", "cattle", "sheep", "swine", "livestock"];

fn plural_noun(w: &str, caps: bool) -> bool {
    let lower = w.to_lowercase();
    (caps || !is_cap(w))
        && lower.chars().all(char::is_alphabetic)
        && ((lower.len() > 3 && lower.ends_with('s') && !lower.ends_with("ss"))
            || PEOPLE.contains(&lower.as_str())
            || INVARIANT.contains(&lower.as_str()))
        && !is_stopword(&lower)
}
