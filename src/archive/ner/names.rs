//! Names the authority file does not know: people after titles and honorifics ("c. Brezhnev",
//! "Ambassador Dobrynin"), names typed by their context ("in Pyongyang", "Sudarikov, head of",
//! "Korean Press Agency"), acronyms with their expansions, and signatures.

use super::text::{
    is_cap, is_demonym, is_stopword, is_upper, is_weekday, lower, month, one_of, slug,
    starts_sentence, Tok,
};
use super::{Cand, Ent};
use crate::archive::model::{EntityKind, Provenance};

/// Titles and honorifics that introduce a person's name (lowercase; matched on a capitalized
/// word, except the honorifics in [`LOWER_HONORIFICS`]).
const TITLES: &[&str] = &[
    "adm",
    "admiral",
    "amb",
    "ambassador",
    "attache",
    "attaché",
    "bishop",
    "capt",
    "captain",
    "cardinal",
    "chairman",
    "chancellor",
    "chargé",
    "col",
    "colonel",
    "commander",
    "commissar",
    "comrade",
    "congressman",
    "consul",
    "counsellor",
    "counselor",
    "director",
    "dr",
    "emperor",
    "envoy",
    "gen",
    "general",
    "gov",
    "governor",
    "herr",
    "king",
    "lieutenant",
    "lt",
    "madame",
    "maj",
    "major",
    "marshal",
    "mayor",
    "minister",
    "mme",
    "monsieur",
    "mr",
    "mrs",
    "ms",
    "premier",
    "president",
    "prince",
    "princess",
    "prof",
    "professor",
    "queen",
    "secretary",
    "sen",
    "senator",
    "sergeant",
    "shah",
    "sheikh",
    "sir",
    "tov",
    "tovarishch",
];

/// Honorifics that introduce a name even in lowercase: "c. Brezhnev", "comrade Kim".
const LOWER_HONORIFICS: &[&str] = &["c", "comrade", "tov", "tovarishch", "mr", "mrs", "dr"];

/// Words that make a capitalized phrase an organization.
const ORG_WORDS: &[&str] = &[
    "academy",
    "administration",
    "agency",
    "archive",
    "archives",
    "army",
    "assembly",
    "association",
    "bank",
    "brigade",
    "bureau",
    "cabinet",
    "command",
    "commission",
    "committee",
    "company",
    "consulate",
    "corporation",
    "corps",
    "council",
    "court",
    "department",
    "directorate",
    "embassy",
    "enterprise",
    "factory",
    "federation",
    "forces",
    "foundation",
    "front",
    "government",
    "headquarters",
    "institute",
    "league",
    "legation",
    "library",
    "ministry",
    "mission",
    "navy",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "politburo",
    "presidium",
    "press",
    "secretariat",
    "section",
    "senate",
    "service",
    "society",
    "university",
    "works",
];

/// Words that make a capitalized phrase an event.
const EVENT_WORDS: &[&str] = &[
    "anniversary",
    "campaign",
    "conference",
    "congress",
    "crisis",
    "day",
    "festival",
    "games",
    "incident",
    "offensive",
    "olympics",
    "plenary",
    "plenum",
    "revolution",
    "session",
    "summit",
    "uprising",
    "war",
];

/// Words that make a capitalized phrase a place.
const PLACE_WORDS: &[&str] = &[
    "bay",
    "city",
    "county",
    "district",
    "island",
    "islands",
    "kingdom",
    "lake",
    "mountains",
    "oblast",
    "peninsula",
    "port",
    "prefecture",
    "province",
    "region",
    "republic",
    "river",
    "sea",
    "strait",
    "valley",
];

/// Words that join the parts of a name: "Academy of Sciences", "Department of Countries of
/// the Far East".
const CONNECTORS: &[&str] = &["of", "the", "for", "on", "de", "du", "des", "la", "del"];

/// Prepositions after which a capitalized name is a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "to", "from", "at", "near", "via", "visiting"];

/// What follows a person's name: "Sudarikov, head of ...".
const PERSON_AFTER: &[&str] = &[
    ", head of",
    ", chief of",
    ", director of",
    ", chairman of",
    ", secretary of",
    ", minister of",
    ", deputy",
    ", ambassador",
    ", first secretary",
    ", counselor",
    ", Ph.D.",
    ", PhD",
    ", M.D.",
];

pub(crate) fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Organization => "organization",
        EntityKind::Event => "event",
        EntityKind::Date => "date",
        EntityKind::Quantity => "quantity",
    }
}

/// The id of an automatic entity.
pub(crate) fn auto_id(kind: EntityKind, name: &str) -> String {
    format!("auto-{}-{}", kind_name(kind), slug(strip_possessive(name)))
}

pub(crate) fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .or_else(|| w.strip_suffix("'S"))
        .or_else(|| w.strip_suffix("’S"))
        .unwrap_or(w)
}

fn is_title(w: &str) -> bool {
    let mut buf = [0u8; 32];
    TITLES
        .binary_search(&lower(w.trim_end_matches('.'), &mut buf))
        .is_ok()
}

fn keyword_kind(w: &str) -> Option<EntityKind> {
    let mut buf = [0u8; 32];
    let lower = lower(strip_possessive(w), &mut buf);
    if lower.len() < 3 {
        None
    } else if ORG_WORDS.binary_search(&lower).is_ok() {
        Some(EntityKind::Organization)
    } else if EVENT_WORDS.binary_search(&lower).is_ok() {
        Some(EntityKind::Event)
    } else if PLACE_WORDS.binary_search(&lower).is_ok() {
        Some(EntityKind::Place)
    } else {
        None
    }
}

/// A word that can be part of a person's or place's name.
fn name_word(w: &str) -> bool {
    is_cap(w)
        && !is_stopword(w)
        && !is_title(w)
        && keyword_kind(w).is_none()
        && month(w).is_none()
        && !is_weekday(w)
        && w.chars().any(char::is_alphabetic)
}

/// Only spaces between words `i` and `i + 1`.
fn spaced(text: &str, toks: &[Tok], i: usize) -> bool {
    i + 1 < toks.len() && {
        let gap = &text[toks[i].end..toks[i + 1].start];
        !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
    }
}

/// An initial: one capital letter followed by a dot ("N. S. Khrushchev").
fn is_initial(text: &str, tok: Tok) -> bool {
    let w = &text[tok.start..tok.end];
    w.chars().count() == 1 && is_cap(w) && text[tok.end..].starts_with(". ")
}

fn person(text: &str, start: usize, end: usize, source: Provenance) -> Cand {
    let name = strip_possessive(&text[start..end]);
    Cand {
        start,
        end: start + name.len(),
        kind: EntityKind::Person,
        entity: Ent::Auto(auto_id(EntityKind::Person, name)),
        source,
        value: None,
    }
}

/// The name after word `i` (a title): (start, end), initials and up to three name words.
fn name_after(text: &str, toks: &[Tok], i: usize, caps: bool) -> Option<(usize, usize)> {
    let n = toks.len();
    let mut k = i + 1;
    // "c. Brezhnev": the gap after the title may hold its dot.
    let gap_ok = |a: usize| {
        let gap = &text[toks[a].end..toks[a + 1].start];
        let gap = gap.strip_prefix('.').unwrap_or(gap);
        !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
    };
    if k >= n || !gap_ok(i) {
        return None;
    }
    let start = toks[k].start;
    let mut end = None;
    let mut words = 0;
    let max = if caps { 2 } else { 3 };
    while k < n && words < max {
        let tok = toks[k];
        let w = &text[tok.start..tok.end];
        if is_initial(text, tok) && k + 1 < n {
            k += 1;
            continue;
        }
        if !name_word(w) || (words == 0 && is_demonym(w)) {
            break;
        }
        words += 1;
        end = Some(tok.end);
        if w != strip_possessive(w) || k + 1 >= n || !gap_ok(k) || text[tok.end..].starts_with('.')
        {
            break;
        }
        k += 1;
    }
    end.filter(|_| words > 0).map(|e| (start, e))
}

/// People after titles and honorifics.
pub(crate) fn titles(text: &str, toks: &[Tok], caps: bool, out: &mut Vec<Cand>) {
    for i in 0..toks.len() {
        let w = &text[toks[i].start..toks[i].end];
        // A name follows: the next word is capitalized.
        let next_cap = toks
            .get(i + 1)
            .is_some_and(|t| is_cap(&text[t.start..t.end]));
        if !next_cap || !(is_cap(w) || matches!(w.as_bytes()[0], b'c' | b't' | b'm' | b'd')) {
            continue;
        }
        let mut buf = [0u8; 32];
        let lower = lower(w, &mut buf);
        let dotted = text[toks[i].end..].starts_with('.');
        let honorific = LOWER_HONORIFICS.contains(&lower)
            && (lower != "c" || dotted)
            && (lower.len() > 1 || !text[..toks[i].start].ends_with('.'));
        let title = is_title(w) && (is_cap(w) || caps);
        if !(honorific || title) {
            continue;
        }
        // The last of a run of titles: "Deputy Prime Minister", "Foreign Minister".
        if i + 1 < toks.len() && is_title(&text[toks[i + 1].start..toks[i + 1].end]) {
            continue;
        }
        if let Some((s, e)) = name_after(text, toks, i, caps) {
            out.push(person(text, s, e, Provenance::Rule));
        }
    }
}

/// Capitalized phrases typed by what they contain or by their context.
pub(crate) fn proper_names(text: &str, toks: &[Tok], caps: bool, out: &mut Vec<Cand>) {
    let n = toks.len();
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    let ordinal = |s: &str| {
        let digits = s.trim_end_matches(|c: char| c.is_alphabetic());
        !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!(&s[digits.len()..], "st" | "nd" | "rd" | "th")
    };
    let mut i = 0;
    while i < n {
        let first = w(i);
        if !(is_cap(first) || ordinal(first)) || (caps && is_stopword(first)) {
            i += 1;
            continue;
        }
        // The chunk: capitalized words joined by spaces and connectors.
        let mut j = i;
        let mut last_cap = i;
        while j + 1 < n && spaced(text, toks, j) && w(j) == strip_possessive(w(j)) {
            let next = w(j + 1);
            let ok = if caps {
                !is_stopword(next) || one_of(next, CONNECTORS)
            } else {
                is_cap(next) || CONNECTORS.contains(&next)
            };
            if !ok {
                break;
            }
            j += 1;
            if !one_of(w(j), CONNECTORS) {
                last_cap = j;
            }
        }
        let chunk_end = last_cap;
        // Leading words that are not part of a name: "The", "However", "Especially" (and "and"
        // spelled in capitals).
        let mut s = i;
        while s <= chunk_end && (is_stopword(w(s)) || is_title(w(s)) && !caps) {
            s += 1;
        }
        if s > chunk_end {
            i = j + 1;
            continue;
        }
        if let Some(c) = typed_chunk(text, toks, s, chunk_end, caps) {
            out.push(c);
        }
        i = j + 1;
    }
}

fn typed_chunk(text: &str, toks: &[Tok], s: usize, e: usize, caps: bool) -> Option<Cand> {
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    // Keyword phrases: the kind of the last keyword before the first "of" decides
    // ("Day of the Soviet Army" is an event, "Academy of Sciences" an organization).
    let head_end = (s..=e)
        .find(|&k| one_of(w(k), &["of", "for"]))
        .map_or(e, |k| k.saturating_sub(1));
    let keyword = (s..=head_end.max(s))
        .rev()
        .find_map(|k| keyword_kind(w(k)).map(|kind| (k, kind)));
    if keyword.is_none() {
        // "Deputy Prime Minister of the Soviet Government": the name is after the last "of"
        // before the keyword.
        if let Some(k) = (head_end + 1..=e).find(|&k| keyword_kind(w(k)).is_some()) {
            let mut after = (s..k).rev().find(|&c| one_of(w(c), &["of", "for"]))? + 1;
            while after < k && one_of(w(after), CONNECTORS) {
                after += 1;
            }
            return typed_chunk(text, toks, after, e, caps);
        }
    }
    if let Some((k, kind)) = keyword {
        let (mut a, mut b) = (s, e);
        if caps {
            // In capitals every word is capitalized: keep two words before the keyword and a
            // short "of ..." after it.
            a = a.max(k.saturating_sub(2));
            b = if k < e && w(k + 1).eq_ignore_ascii_case("of") {
                e.min(k + 4)
            } else {
                k
            };
            while b > k && one_of(w(b), CONNECTORS) {
                b -= 1;
            }
        }
        let cap_words = (a..=b).filter(|&x| !one_of(w(x), CONNECTORS)).count();
        if cap_words < 2 {
            return None;
        }
        let (start, end) = (toks[a].start, toks[b].end);
        let name = strip_possessive(&text[start..end]);
        return Some(Cand {
            start,
            end: start + name.len(),
            kind,
            entity: Ent::Auto(auto_id(kind, name)),
            source: Provenance::Automatic,
            value: None,
        });
    }
    if caps {
        return None;
    }
    // Person or place names: every word a name word, at most four.
    if (s..=e).any(|k| !name_word(w(k)) && !CONNECTORS.contains(&w(k))) || e - s >= 4 {
        return None;
    }
    if (s..=e).all(|k| is_demonym(w(k))) {
        return None;
    }
    let (start, end) = (toks[s].start, toks[e].end);
    let at_sentence_start = starts_sentence(text, toks, s);
    let after = &text[end..];
    if PERSON_AFTER.iter().any(|p| after.starts_with(p)) && !(at_sentence_start && s == e) {
        return Some(person(text, start, end, Provenance::Automatic));
    }
    let prev = s.checked_sub(1).map(w);
    let prev_is_prep =
        prev.is_some_and(|p| PLACE_PREPOSITIONS.contains(&p)) && s > 0 && spaced(text, toks, s - 1);
    if prev_is_prep && !at_sentence_start && e - s < 3 && !is_demonym(w(s)) {
        let name = strip_possessive(&text[start..end]);
        return Some(Cand {
            start,
            end: start + name.len(),
            kind: EntityKind::Place,
            entity: Ent::Auto(auto_id(EntityKind::Place, name)),
            source: Provenance::Automatic,
            value: None,
        });
    }
    None
}

/// A signature: the last text of a letter or cable, one to three capitalized words
/// ("RUSK", "John Smith").
pub(crate) fn signature(text: &str, toks: &[Tok]) -> Option<Cand> {
    let trimmed = text.trim();
    if toks.is_empty() || toks.len() > 3 || trimmed.len() > 40 {
        return None;
    }
    let ok = toks.iter().all(|t| {
        let w = &text[t.start..t.end];
        name_word(w) && !is_demonym(w)
    }) && trimmed
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '.' || c == '-');
    ok.then(|| {
        let (s, e) = (toks[0].start, toks[toks.len() - 1].end);
        person(text, s, e, Provenance::Rule)
    })
}

/// An acronym word: two to eight capital letters.
pub(crate) fn is_acronym(w: &str) -> bool {
    let letters = w.chars().count();
    (2..=8).contains(&letters) && is_upper(w) && w.chars().all(char::is_alphabetic)
}

/// Whether `acronym` spells the initials of the capitalized words of `phrase` (connectors may
/// be skipped or counted).
pub(crate) fn spells(acronym: &str, phrase: &str) -> bool {
    let words: Vec<&str> = phrase
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 || !words.first().is_some_and(|w| is_cap(w)) {
        return false;
    }
    let initials = |with_connectors: bool| -> String {
        words
            .iter()
            .filter(|w| with_connectors || !CONNECTORS.contains(&w.to_lowercase().as_str()))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let acr: String = acronym.chars().flat_map(char::to_uppercase).collect();
    initials(false) == acr || initials(true) == acr
}

/// Acronym definitions in a text: "Long Name (LN)" and "LN (Long Name)" → (acronym, long
/// name).
pub(crate) fn acronym_definitions(text: &str, toks: &[Tok]) -> Vec<(String, String)> {
    let mut defs = Vec::new();
    for t in toks {
        let w = &text[t.start..t.end];
        if !is_acronym(w) {
            continue;
        }
        let before = text[..t.start].trim_end_matches(' ');
        let after = &text[t.end..];
        // "Long Name (LN)"
        if before.ends_with('(') && after.starts_with(')') {
            let head = before[..before.len() - 1].trim_end();
            let head_words: Vec<&str> = head.split(' ').collect();
            let letters = w.chars().count();
            for take in 2..=(letters * 2).min(head_words.len()) {
                let phrase = head_words[head_words.len() - take..].join(" ");
                if spells(w, &phrase) {
                    defs.push((w.to_owned(), phrase));
                    break;
                }
            }
        }
        // "LN (Long Name)"
        if let Some(rest) = after.strip_prefix(" (").or_else(|| after.strip_prefix('(')) {
            if let Some(close) = rest.find(')') {
                let phrase = rest[..close].trim();
                if spells(w, phrase) {
                    defs.push((w.to_owned(), phrase.to_owned()));
                }
            }
        }
    }
    defs
}

/// The kind of a long name: by its keywords, organization when it has none.
pub(crate) fn phrase_kind(phrase: &str) -> EntityKind {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let head: Vec<&str> = words
        .iter()
        .copied()
        .take_while(|w| !matches!(w.to_lowercase().as_str(), "of" | "for"))
        .collect();
    head.iter()
        .rev()
        .chain(words.iter())
        .find_map(|w| keyword_kind(w))
        .unwrap_or(EntityKind::Organization)
}

/// The address of a cable's routing line ("FROM: AMEMBASSY MOSCOW", "TO: SECSTATE WASHINGTON
/// 1021, NIACT") is an organization: the words after the label, up to a number or comma.
pub(crate) fn routing(text: &str, toks: &[Tok], caps: bool, out: &mut Vec<Cand>) {
    const LABELS: &[&str] = &["from", "to", "info", "cc", "action"];
    let Some(first) = toks.first() else {
        return;
    };
    let label = &text[first.start..first.end];
    if !caps
        || !LABELS.contains(&label.to_lowercase().as_str())
        || !text[first.end..].starts_with(':')
    {
        return;
    }
    let mut last = None;
    for k in 1..toks.len().min(5) {
        let w = &text[toks[k].start..toks[k].end];
        if !w.chars().all(char::is_alphabetic) || is_stopword(w) {
            break;
        }
        last = Some(k);
        if !spaced(text, toks, k) {
            break;
        }
    }
    if let Some(last) = last {
        let (start, end) = (toks[1].start, toks[last].end);
        out.push(Cand {
            start,
            end,
            kind: EntityKind::Organization,
            entity: Ent::Auto(auto_id(EntityKind::Organization, &text[start..end])),
            source: Provenance::Rule,
            value: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_are_sorted_for_binary_search() {
        for list in [TITLES, ORG_WORDS, EVENT_WORDS, PLACE_WORDS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }
}
