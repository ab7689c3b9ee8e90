//! Names the authority file does not know: people after titles and honorifics ("c. Brezhnev",
//! "Ambassador Dobrynin"), names typed by their context ("in Pyongyang", "Sudarikov, head of",
//! "Korean Press Agency"), acronyms with their expansions, and signatures.

use super::text::{
    is_cap, is_demonym, is_stopword, is_upper, is_weekday, lower, month, one_of, slug,
    starts_sentence, words, Tok,
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

/// What follows a person's name, in any case: "Sudarikov, head of ...", "Boris I. Krylov,
/// Counselor, Embassy of the U.S.S.R." (participants lists).
const PERSON_AFTER: &[&str] = &[
    ", head of",
    ", deputy head",
    ", chief of",
    ", director of",
    ", chairman of",
    ", secretary of",
    ", secretary general",
    ", general secretary",
    ", first secretary",
    ", second secretary",
    ", third secretary",
    ", minister of",
    ", minister for",
    ", foreign minister",
    ", deputy",
    ", ambassador",
    ", counselor",
    ", counsellor",
    ", consul",
    ", attache",
    ", attaché",
    ", interpreter",
    ", member of",
    ", ph.d.",
    ", phd",
    ", m.d.",
];

/// Verbs of speech after a person's name: "KUZNETSOV ALSO PRESENT", "Dobrynin replied".
/// (Not "stated" or "declared": countries and agencies state and declare.)
const SPEECH_AFTER: &[&str] = &[
    "said",
    "replied",
    "told",
    "asked",
    "remarked",
    "answered",
    "added",
    "explained",
    "also present",
    "was also present",
];

/// Capitalized words that are never a person who speaks: "Everyone said", "SPOKESMAN SAID".
const NOT_SPEAKERS: &[&str] = &[
    "everyone",
    "everybody",
    "nobody",
    "somebody",
    "someone",
    "anyone",
    "none",
    "one",
    "both",
    "others",
    "spokesman",
    "spokesmen",
    "source",
    "sources",
    "official",
    "officials",
    "embassy",
    "department",
    "government",
    "ministry",
    "side",
    "delegation",
    "interlocutor",
    "contact",
    "comment",
    "reply",
];

/// Words before a quoted pseudonym: the source "KORAB", agent „Hans“, code name 'Ivan'.
const PSEUDONYM_CUES: &[&str] = &[
    "source",
    "agent",
    "informant",
    "informer",
    "pseudonym",
    "codename",
    "code-name",
    "code-named",
    "cryptonym",
    "alias",
    "IM",
    "GI",
    "collaborator",
    "resident",
];

/// The id of an automatic entity.
pub(crate) fn auto_id(kind: EntityKind, name: &str) -> String {
    format!("auto-{}-{}", kind.as_str(), slug(strip_possessive(name)))
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
        // Initials join a name ("Georgi N. Zaroubin") and "People's" a longer one ("Embassy
        // of the Polish People's Republic").
        let joins = |j: usize| {
            let next_cap = is_cap(w(j + 1)) && !is_stopword(w(j + 1));
            (spaced(text, toks, j) && w(j) == strip_possessive(w(j)))
                || (is_initial(text, toks[j])
                    && next_cap
                    && &text[toks[j].end..toks[j + 1].start] == ". ")
                || (spaced(text, toks, j)
                    && next_cap
                    && one_of(strip_possessive(w(j)), &["people", "peoples"]))
        };
        while j + 1 < n && joins(j) {
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
    if (s..=e).any(|k| {
        !(name_word(w(k)) || CONNECTORS.contains(&w(k)) || k > s && is_initial(text, toks[k]))
    }) || e - s >= 4
    {
        return None;
    }
    if (s..=e).all(|k| is_demonym(w(k))) {
        return None;
    }
    let (start, end) = (toks[s].start, toks[e].end);
    let at_sentence_start = starts_sentence(text, toks, s);
    let after = &text[end..];
    if PERSON_AFTER.iter().any(|p| starts_with_ci(after, p)) && !(at_sentence_start && s == e) {
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

/// Whether `text` starts with `prefix`, ignoring ASCII case.
fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The name that ends at word `e`: up to three name words (initials included) joined by spaces
/// ("Vasily Kuznetsov", "N. S. Khrushchev"); the index of its first word.
fn name_before(text: &str, toks: &[Tok], e: usize) -> Option<usize> {
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    let ok = |i: usize| {
        name_word(w(i)) && !is_demonym(w(i)) && !one_of(strip_possessive(w(i)), NOT_SPEAKERS)
    };
    if !ok(e) || w(e) != strip_possessive(w(e)) {
        return None;
    }
    let mut s = e;
    let mut words = 1;
    while s > 0 && words < 3 {
        let gap = &text[toks[s - 1].end..toks[s].start];
        if is_initial(text, toks[s - 1]) && gap == ". " {
            s -= 1;
        } else if gap == " " && ok(s - 1) && w(s - 1) == strip_possessive(w(s - 1)) {
            s -= 1;
            words += 1;
        } else {
            break;
        }
    }
    Some(s)
}

/// People named by what they do in the sentence: "KUZNETSOV ALSO PRESENT", "Dobrynin
/// replied". In capitals any such word qualifies; in mixed case it must be capitalized.
/// Automatic: a curated place or organization that "said" something wins.
pub(crate) fn speakers(text: &str, toks: &[Tok], caps: bool, out: &mut Vec<Cand>) {
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    for e in 0..toks.len().saturating_sub(1) {
        // Cheap test first: the next word is the first word of a cue.
        let mut buf = [0u8; 32];
        let first_word = matches!(
            lower(w(e + 1), &mut buf),
            "said"
                | "replied"
                | "told"
                | "asked"
                | "remarked"
                | "answered"
                | "added"
                | "explained"
                | "also"
                | "was"
        );
        if !first_word || !spaced(text, toks, e) {
            continue;
        }
        let after = &text[toks[e + 1].start..];
        let cue = SPEECH_AFTER.iter().any(|v| {
            starts_with_ci(after, v)
                && !after[v.len()..].starts_with(char::is_alphanumeric)
                && (!caps || is_upper(&after[..v.len()]))
        });
        if !cue || (!caps && !is_cap(w(e))) {
            continue;
        }
        if let Some(s) = name_before(text, toks, e) {
            // A lone capitalized word that starts a sentence in mixed case may be any word
            // ("Everyone said" is excluded above; "Later Dobrynin said" starts at "Dobrynin").
            if !caps && s == e && starts_sentence(text, toks, s) && is_stopword(w(s)) {
                continue;
            }
            out.push(person(
                text,
                toks[s].start,
                toks[e].end,
                Provenance::Automatic,
            ));
        }
    }
}

/// Pseudonyms in quotes after a cue: the source "KORAB", agent „Hans“, code name 'Ivan'.
pub(crate) fn pseudonyms(text: &str, toks: &[Tok], out: &mut Vec<Cand>) {
    const OPEN: &[char] = &['"', '“', '„', '«', '\'', '‘', '‚'];
    const CLOSE: &[char] = &['"', '”', '“', '»', '\'', '’', '‘'];
    for (i, t) in toks.iter().enumerate() {
        // Cheap test first: a quote soon after the word.
        let next = text[t.end..]
            .bytes()
            .find(|b| !matches!(b, b' ' | b':' | b','));
        let near = matches!(next, Some(b'"' | b'\'' | 0xE2 | 0xC2))
            || text[t.end..].starts_with(" named ")
            || text[t.end..].starts_with(" called ");
        if !near {
            continue;
        }
        let cue = &text[t.start..t.end];
        let exact = matches!(cue, "IM" | "GI");
        // "code name 'Ivan'", "cover name „Hans“" (not any name: the name "Peace").
        let code_name = one_of(cue, &["name", "names"])
            && i > 0
            && one_of(
                &text[toks[i - 1].start..toks[i - 1].end],
                &["code", "cover"],
            );
        if !(exact || code_name || one_of(cue, PSEUDONYM_CUES) && !matches!(cue, "im" | "gi")) {
            continue;
        }
        let rest = text[t.end..].trim_start_matches([' ', ':', ',']);
        let rest = rest
            .strip_prefix("named ")
            .or_else(|| rest.strip_prefix("called "))
            .unwrap_or(rest);
        let Some(open) = rest.chars().next().filter(|c| OPEN.contains(c)) else {
            continue;
        };
        let inner_start = text.len() - rest.len() + open.len_utf8();
        let inner = &text[inner_start..];
        let Some(close) = inner.find(CLOSE).filter(|&c| c > 0 && c <= 40) else {
            continue;
        };
        let name = &inner[..close];
        let words: Vec<&str> = name.split(' ').collect();
        let ok = words.len() <= 3
            && words
                .iter()
                .all(|w| is_cap(w) && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.'));
        if ok && name == name.trim() {
            out.push(person(
                text,
                inner_start,
                inner_start + close,
                Provenance::Rule,
            ));
        }
    }
}

/// Signed names on any line: "/-/ Zbigniew Sołtys", "(signed) J. Smith", "/s/ Dean Rusk",
/// "Sgd. Kohler".
pub(crate) fn signed_lines(text: &str, out: &mut Vec<Cand>) {
    const MARKS: &[&str] = &[
        "/-/", "/–/", "(-)", "(–)", "/s/", "(signed)", "[signed]", "signed:", "sgd.", "sgd:",
        "(sgd.)", "(sgd)",
    ];
    let mut line_start = 0;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let offset = line_start + (line.len() - trimmed.len());
        line_start += line.len() + 1;
        let Some(mark) = MARKS.iter().find(|m| starts_with_ci(trimmed, m)) else {
            continue;
        };
        let rest = &trimmed[mark.len()..];
        let name = rest.trim_start();
        let name_start = offset + mark.len() + (rest.len() - name.len());
        let name = name.trim_end().trim_end_matches(['.', ',']);
        let toks = words(name);
        let ok = !toks.is_empty()
            && toks.len() <= 4
            && toks.iter().all(|t| {
                let w = &name[t.start..t.end];
                is_cap(w) && !is_title(w) && !is_stopword(w)
            });
        if ok {
            let last = toks[toks.len() - 1];
            out.push(person(
                text,
                name_start + toks[0].start,
                name_start + last.end,
                Provenance::Rule,
            ));
        }
    }
}

/// A nation's institution named with the nation: "Soviet government", "Chinese CP", "USSR
/// MFA", "Soviet Embassy" (the nation is a demonym or a curated place at `place`, if given).
pub(crate) fn national_bodies(
    text: &str,
    toks: &[Tok],
    places: &[(usize, usize)],
    out: &mut Vec<Cand>,
) {
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    // (end, order, start), to find the first place ending at a word without a scan per word.
    let mut by_end: Vec<(usize, usize, usize)> = places
        .iter()
        .enumerate()
        .map(|(n, &(s, e))| (e, n, s))
        .collect();
    by_end.sort_unstable();
    for i in 0..toks.len().saturating_sub(1) {
        // Cheap test first: the word after is one of the institutions.
        let next = strip_possessive(w(i + 1));
        let mut buf = [0u8; 32];
        let body_word = matches!(
            lower(next, &mut buf),
            "government" | "govt" | "mfa" | "cp" | "embassy" | "legation" | "consulate" | "foreign"
        );
        if !body_word {
            continue;
        }
        let nation = is_cap(w(i)) && w(i) == strip_possessive(w(i)) && is_demonym(w(i));
        // A curated place ending at word i ("USSR", "Soviet Union").
        let place_start = by_end
            .get(by_end.partition_point(|&(e, _, _)| e < toks[i].end))
            .filter(|&&(e, _, _)| e == toks[i].end)
            .map(|&(_, _, s)| s);
        if !nation && place_start.is_none() {
            continue;
        }
        let start = place_start.unwrap_or(toks[i].start);
        if !spaced(text, toks, i) {
            continue;
        }
        let two = (i + 2 < toks.len() && spaced(text, toks, i + 1)).then(|| w(i + 2));
        let body = one_of(next, &["government", "govt"])
            || matches!(next, "MFA" | "CP")
            || (is_cap(next) && one_of(next, &["embassy", "legation", "consulate"]));
        let end = if body {
            toks[i + 1].end
        } else if next == "Foreign"
            && two.is_some_and(|t| matches!(strip_possessive(t), "Ministry" | "Office"))
        {
            toks[i + 2].end
        } else {
            continue;
        };
        let name = strip_possessive(&text[start..end]);
        out.push(Cand {
            start,
            end: start + name.len(),
            kind: EntityKind::Organization,
            entity: Ent::Auto(auto_id(EntityKind::Organization, name)),
            source: Provenance::Rule,
            value: None,
        });
    }
}

/// A party's Central Committee abbreviated: "CC of the RCP", "CC of the Romanian Communist
/// Party", "CC PUWP", "C.C. CPSU".
pub(crate) fn central_committees(text: &str, toks: &[Tok], out: &mut Vec<Cand>) {
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    let n = toks.len();
    for i in 0..n {
        if !matches!(w(i), "CC" | "C.C.") || i + 1 >= n {
            continue;
        }
        let mut k = i + 1;
        if !spaced(text, toks, i) {
            continue;
        }
        if w(k) == "of"
            && k + 2 < n
            && spaced(text, toks, k)
            && w(k + 1) == "the"
            && spaced(text, toks, k + 1)
        {
            k += 2;
        }
        // The party: an acronym, or capitalized words up to the one that names it a party.
        let end = if is_acronym(w(k)) {
            Some(toks[k].end)
        } else {
            let mut e = None;
            let mut j = k;
            while j < n && j < k + 6 && is_cap(w(j)) {
                let lower = w(j).to_lowercase();
                if lower.starts_with("part") || lower == "league" {
                    e = Some(toks[j].end);
                    break;
                }
                if !spaced(text, toks, j) {
                    break;
                }
                j += 1;
            }
            e
        };
        if let Some(end) = end {
            let start = toks[i].start;
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
}

/// US cable addresses anywhere: "AMEMBASSY MOSCOW", "Amembassy Cairo", "AMCONSUL HONG KONG",
/// "SECSTATE WASHINGTON": the address word and the city after it.
pub(crate) fn cable_addresses(text: &str, toks: &[Tok], out: &mut Vec<Cand>) {
    const ADDRESSES: &[&str] = &[
        "amembassy",
        "amemb",
        "amconsul",
        "amconsulate",
        "amcongen",
        "amlegation",
        "secstate",
        "secdef",
        "usmission",
        "usdel",
        "usdelegation",
    ];
    let w = |i: usize| &text[toks[i].start..toks[i].end];
    let n = toks.len();
    for i in 0..n {
        let b = w(i).as_bytes();
        if b.len() < 5 || !matches!(b[0], b'A' | b'S' | b'U') || !one_of(w(i), ADDRESSES) {
            continue;
        }
        let mut last = None;
        let mut k = i;
        while k + 1 < n && k < i + 3 && spaced(text, toks, k) {
            let next = w(k + 1);
            if !is_cap(next) || is_stopword(next) || !next.chars().all(char::is_alphabetic) {
                break;
            }
            k += 1;
            last = Some(k);
        }
        if let Some(last) = last {
            let (start, end) = (toks[i].start, toks[last].end);
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
}

/// Office symbols in a distribution line ("Copies to: S/S, NEA, EUR", "cc: INR"): each item
/// in capitals is an organization.
pub(crate) fn distribution(text: &str, out: &mut Vec<Cand>) {
    const LABELS: &[&str] = &[
        "copies to",
        "copy to",
        "cc",
        "distribution",
        "info",
        "repeated to",
        "rptd",
        "sent to",
    ];
    let Some(label) = LABELS
        .iter()
        .find(|l| starts_with_ci(text, l) && text[l.len()..].trim_start().starts_with(':'))
    else {
        return;
    };
    let colon = label.len() + text[label.len()..].find(':').unwrap_or(0);
    let mut at = colon + 1;
    for item in text[colon + 1..].split([',', ';', '\n']) {
        let start = at + (item.len() - item.trim_start().len());
        at += item.len() + 1;
        let item = item.trim();
        let letters = item.chars().filter(char::is_ascii_uppercase).count();
        let symbol = (2..=12).contains(&item.len())
            && letters >= 2
            && item
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '/' || c.is_ascii_digit())
            && item.starts_with(|c: char| c.is_ascii_uppercase());
        if symbol {
            out.push(Cand {
                start,
                end: start + item.len(),
                kind: EntityKind::Organization,
                entity: Ent::Auto(auto_id(EntityKind::Organization, item)),
                source: Provenance::Rule,
                value: None,
            });
        }
    }
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
            let letters = w.chars().count();
            // Only the words a definition can take: the text before may be long.
            let mut head_words: Vec<&str> = head.rsplit(' ').take(letters * 2).collect();
            head_words.reverse();
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
