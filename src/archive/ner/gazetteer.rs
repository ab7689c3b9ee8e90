//! Matching the authority file's names and aliases: one Aho-Corasick automaton for every
//! name, built once per run, then word-boundary and case rules on each match.

use aho_corasick::{AhoCorasick, MatchKind};

use super::authority::{name_key, Authority};
use super::text::{is_cap, is_upper, whole_words, words};
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
    pub(crate) fn new(authority: &Authority) -> Self {
        let mut names: Vec<(u32, String)> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for (i, e) in authority.entities.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                // "Kim Il-sung" is also written "Kim Il sung"; the curator need not list both.
                let spaced = name.replace('-', " ");
                for variant in [name.clone(), spaced] {
                    let key = name_key(&variant);
                    if variant.is_empty() || keys.contains(&key) {
                        continue;
                    }
                    keys.push(key);
                    names.push((i, variant));
                }
            }
        }
        let automaton = if names.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
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
            if !whole_words(text, start, end) || !case_fits(rules, text, start, end, caps_text) {
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
