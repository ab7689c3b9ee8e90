//! Matching the authority file's names and aliases: one Aho-Corasick automaton for every
//! name, built once per run, then word-boundary and case rules on each match.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::authority::Authority;
use super::text::{fold_diacritics, is_cap, is_upper, whole_words, words};
use super::{Cand, Ent};
use crate::archive::model::Provenance;

/// The compiled names of an [`Authority`].
#[derive(Clone, Debug)]
pub(crate) struct Gazetteer {
    automaton: Option<AhoCorasick>,
    /// For each pattern: the entity's index and the shape of each of its words.
    patterns: Vec<(u32, Vec<WordRule>)>,
}

/// What a word of a curated name requires of the text, by byte range within the name.
#[derive(Clone, Debug)]
struct WordRule {
    start: usize,
    end: usize,
    rule: Rule,
}

#[derive(Clone, Debug)]
enum Rule {
    /// An acronym: exactly this ("USA"); `wordlike` when it is also an English word ("US").
    Exact { word: String, wordlike: bool },
    /// A capitalized word: the text's word must be capitalized too.
    Capitalized,
    /// A lowercase word: any case.
    Any,
}

fn word_rules(alias: &str) -> Vec<WordRule> {
    words(alias)
        .into_iter()
        .map(|w| {
            let a = &alias[w.start..w.end];
            let letters = a.chars().filter(|c| c.is_alphabetic()).count();
            let rule = if is_upper(a) && letters >= 2 {
                Rule::Exact {
                    word: a.to_owned(),
                    wordlike: WORDLIKE_ACRONYMS.contains(&a),
                }
            } else if is_cap(a) {
                Rule::Capitalized
            } else {
                Rule::Any
            };
            WordRule {
                start: w.start,
                end: w.end,
                rule,
            }
        })
        .collect()
}

impl Gazetteer {
    /// Compiles the names of `authority` and `extra` further names (entity index, name).
    pub(crate) fn new(authority: &Authority, extra: &[(u32, String)]) -> Self {
        let mut names: Vec<(u32, String)> = Vec::new();
        let mut keys: HashSet<String> = HashSet::new();
        let all = authority
            .entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(move |n| (i, n))
            })
            .chain(extra.iter().map(|(i, n)| (*i, n)));
        for (i, name) in all {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            for variant in variants(&name) {
                // Variants compare by exact text: "Ceaușescu" and "CEAUȘESCU" are both needed
                // (the automaton folds ASCII case only).
                if variant.is_empty() || !keys.insert(variant.to_ascii_lowercase()) {
                    continue;
                }
                names.push((i, variant));
            }
        }
        let automaton = if names.is_empty() {
            None
        } else {
            // A DFA: built once per run (a few milliseconds, a few megabytes), the fastest to
            // search with thousands of names.
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::Standard)
                .build(names.iter().map(|(_, p)| p.as_str()))
                .ok()
        };
        let patterns = names
            .iter()
            .map(|(i, name)| (*i, word_rules(name)))
            .collect();
        Gazetteer {
            automaton,
            patterns,
        }
    }

    /// Every acceptable match of a curated name in `text`, overlapping ones included (the
    /// overlap resolution picks among them).
    pub(crate) fn find(
        &self,
        authority: &Authority,
        text: &str,
        caps_text: bool,
        out: &mut Vec<Cand>,
    ) {
        let Some(ac) = &self.automaton else {
            return;
        };
        for m in ac.find_overlapping_iter(text) {
            let (entity, rules) = &self.patterns[m.pattern().as_usize()];
            let (start, end) = (m.start(), m.end());
            if !whole_words(text, start, end)
                || in_compound(text, start, end)
                || !case_fits(rules, text, start, end, caps_text)
            {
                continue;
            }
            let kind = authority.entities[*entity as usize].kind;
            out.push(Cand {
                start,
                end,
                kind,
                entity: Ent::Curated(*entity),
                source: Provenance::Curated,
                value: None,
            });
        }
    }
}

/// The spellings a name is matched in: as written; "Kim Il-sung" also as "Kim Il sung" (the
/// curator need not list both); without diacritics ("Ceausescu", "Brasov"); with the Romanian
/// comma and cedilla letters exchanged ("Ceaușescu", "Ceauşescu"); and, for names with
/// non-ASCII letters, in capitals ("CEAUȘESCU"), since the automaton folds ASCII case only.
fn variants(name: &str) -> Vec<String> {
    let mut out = vec![name.to_owned(), name.replace('-', " ")];
    if !name.is_ascii() {
        let swapped: String = name
            .chars()
            .map(|c| match c {
                'ș' => 'ş',
                'ş' => 'ș',
                'ț' => 'ţ',
                'ţ' => 'ț',
                'Ș' => 'Ş',
                'Ş' => 'Ș',
                'Ț' => 'Ţ',
                'Ţ' => 'Ț',
                c => c,
            })
            .collect();
        let folded = fold_diacritics(name);
        for v in [swapped, folded] {
            out.push(v);
        }
        let n = out.len();
        for k in 0..n {
            if !out[k].is_ascii() {
                let upper = out[k].to_uppercase();
                out.push(upper);
            }
        }
    }
    out.dedup();
    out
}

/// Part of a hyphenated compound: "India-rubber", "anti-Soviet", "Sino-Soviet".
fn in_compound(text: &str, start: usize, end: usize) -> bool {
    let mut after = text[end..].chars();
    let mut before = text[..start].chars().rev();
    let hyphen = |c: Option<char>| matches!(c, Some('-' | '‐'));
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    (hyphen(after.next()) && letter(after.next()))
        || (hyphen(before.next()) && letter(before.next()))
}

/// English words that are also short acronyms: in a cable written in capitals "US" is as
/// often the pronoun as the country.
const WORDLIKE_ACRONYMS: &[&str] = &["US", "IT", "AS", "AT", "IN", "ON", "NO", "SO", "TO", "OR"];

/// Words after "US" that make it the country in capitals: "US GOVT", "US POSITION".
const US_CUES: &[&str] = &[
    "GOVT",
    "GOVERNMENT",
    "EMBASSY",
    "EMB",
    "FORCES",
    "POSITION",
    "AID",
    "POLICY",
    "TROOPS",
    "OFFICIALS",
    "SIDE",
    "DELEGATION",
    "DEL",
    "REPRESENTATIVE",
    "REP",
    "AMBASSADOR",
    "NAVY",
    "ARMY",
    "MILITARY",
    "INTERESTS",
    "NATIONALS",
    "CITIZENS",
    "ATTITUDE",
    "VIEW",
    "VIEWS",
];

/// The case rules: an acronym ("USA", "CPSU") matches exactly; a capitalized alias word
/// matches a capitalized word ("Kim", "KIM"); a lowercase alias word ("of") matches any case.
/// The automaton folds ASCII case only, so the match has the name's byte layout.
fn case_fits(rules: &[WordRule], text: &str, start: usize, end: usize, caps_text: bool) -> bool {
    let found = &text[start..end];
    rules.iter().all(|r| {
        let Some(t) = found.get(r.start..r.end) else {
            return false;
        };
        match &r.rule {
            Rule::Exact { word, wordlike } => {
                t == word && !(caps_text && *wordlike && !acronym_in_context(text, start, end))
            }
            Rule::Capitalized => is_cap(t),
            Rule::Any => true,
        }
    })
}

fn acronym_in_context(text: &str, start: usize, end: usize) -> bool {
    let prev = text[..start].split_whitespace().next_back().unwrap_or("");
    let next = text[end..].split_whitespace().next().unwrap_or("");
    let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
    prev == "THE" || US_CUES.contains(&next)
}
