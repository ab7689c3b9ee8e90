//! Named-entity recognition at compile time: people, places, organizations, events, dates and
//! quantities in the body of a [`Document`], as [`Mention`]s with byte spans.
//!
//! - [`authority`]: the curated authority file (TOML) → [`Authority`], with diagnostics;
//! - [`Recognizer`]: built once per run from an [`Authority`] merged with the base gazetteer
//!   shipped with Dossier (`world.toml`: countries, historical states, regions, cities,
//!   international organizations, parties, agencies, newspapers, services, statesmen; the
//!   collection's entries take precedence, see `authority::merge`), one Aho-Corasick
//!   automaton for every curated name, then [`Recognizer::recognize`] per document;
//! - the rules: curated names (`gazetteer`, also without diacritics and in capitals), titles
//!   and honorifics, acronyms and expansions, names typed by context (`names`: participants
//!   lists, speakers, pseudonyms, signed lines, cable addresses, distribution lines, national
//!   bodies, Central Committees), dates (`dates`, relative ones against the document's date),
//!   quantities (`quantity`);
//! - [`resolve_overlaps`]: the one overlap resolution (curated > rule > automatic, then
//!   longest);
//! - [`aggregate`]: `entities.json` and `entity/<id>.json`;
//! - [`score`]: gold annotations and precision / recall / F1.
//!
//! ```
//! use dossier::archive::{parse_authority, parse_record, EntityKind, Recognizer};
//! let authority = parse_authority("a.toml", r#"
//! [[entity]]
//! id = "ussr"
//! name = "Soviet Union"
//! type = "place"
//! aliases = ["USSR"]
//! "#).authority;
//! let doc = parse_record("a.txt", "June 2, 1967\n\nT\n\nSummary:\n\nS.\n\nThe USSR promised 200,000 tons of grain this year.\n").unwrap();
//! let mentions = Recognizer::new(authority).recognize(&doc);
//! let found: Vec<(&str, EntityKind)> = mentions.iter().map(|m| (m.surface.as_str(), m.kind)).collect();
//! assert_eq!(found, [("USSR", EntityKind::Place), ("200,000 tons of grain", EntityKind::Quantity), ("this year", EntityKind::Date)]);
//! ```

pub mod aggregate;
pub mod authority;
mod dates;
mod gazetteer;
mod names;
mod overlap;
mod quantity;
pub mod score;
mod text;

use std::collections::{HashMap, HashSet};

pub use authority::{parse_authority, Authority, AuthorityReport};
pub use overlap::resolve_overlaps;

use self::authority::name_key;
use self::gazetteer::Gazetteer;
use self::text::{fold_diacritics, is_caps_text, whole_words, words};
use crate::archive::model::{
    Block, Document, EntityKind, MarkKind, Mention, Provenance, Rich, TextRef, Value,
};

/// What a candidate mention refers to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ent {
    /// Nothing (dates, quantities).
    None,
    /// The authority entity at this index.
    Curated(u32),
    /// An automatic entity id (`auto-<kind>-<slug>`).
    Auto(String),
}

/// A candidate mention in one text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    pub entity: Ent,
    pub source: Provenance,
    pub value: Option<Value>,
}

/// Every text of a document's body with its [`TextRef`], in reading order: apparatus lines,
/// the heading, paragraphs, list items.
pub fn texts(doc: &Document) -> Vec<(TextRef, &Rich)> {
    let mut out = Vec::new();
    for (b, block) in doc.body.iter().enumerate() {
        let block_no = u32::try_from(b).unwrap_or(u32::MAX);
        let at = |part: usize| TextRef {
            block: block_no,
            part: u32::try_from(part).unwrap_or(u32::MAX),
        };
        match block {
            Block::Apparatus { lines, .. } => {
                out.extend(lines.iter().enumerate().map(|(i, l)| (at(i), l)));
            }
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => out.push((at(0), text)),
            Block::List { items, .. } => {
                out.extend(items.iter().enumerate().map(|(i, it)| (at(i), &it.text)));
            }
        }
    }
    out
}

/// The text at `at` in `doc`, if there is one.
pub fn text_at(doc: &Document, at: TextRef) -> Option<&Rich> {
    match doc.body.get(at.block as usize)? {
        Block::Apparatus { lines, .. } => lines.get(at.part as usize),
        Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
            (at.part == 0).then_some(text)
        }
        Block::List { items, .. } => items.get(at.part as usize).map(|i| &i.text),
    }
}

/// The recognizer: an [`Authority`] compiled for matching. Build it once per run.
#[derive(Clone, Debug)]
pub struct Recognizer {
    authority: Authority,
    gazetteer: Gazetteer,
    /// Name key of every curated name and alias → entity index.
    names: HashMap<String, u32>,
}

impl Default for Recognizer {
    fn default() -> Self {
        Recognizer::new(Authority::default())
    }
}

impl Recognizer {
    /// Compiles a collection's `authority` together with the base gazetteer shipped with
    /// Dossier ([`authority::base_authority`]). The collection takes precedence: a base entity
    /// with a collection entity's id is left out, and one that shares a name with a collection
    /// entity finds that entity (see `world.toml` for the rules).
    pub fn new(authority: Authority) -> Self {
        let merged = authority::merge(&authority, authority::base_authority());
        Recognizer::compile(merged.authority, &merged.extra_names)
    }

    /// Compiles `authority` alone, without the base gazetteer.
    pub fn without_base(authority: Authority) -> Self {
        Recognizer::compile(authority, &[])
    }

    fn compile(authority: Authority, extra_names: &[(u32, String)]) -> Self {
        let gazetteer = Gazetteer::new(&authority, extra_names);
        let mut names = HashMap::new();
        for (i, e) in authority.entities.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                names.entry(name_key(n)).or_insert(i);
            }
        }
        for (i, n) in extra_names {
            names.entry(name_key(n)).or_insert(*i);
        }
        Recognizer {
            authority,
            gazetteer,
            names,
        }
    }

    /// The authority this recognizer was built from, merged with the base gazetteer: the
    /// collection's entities first, then the base's.
    pub fn authority(&self) -> &Authority {
        &self.authority
    }

    fn entity_id(&self, ent: &Ent) -> Option<String> {
        match ent {
            Ent::None => None,
            Ent::Curated(i) => Some(self.authority.entities[*i as usize].id.clone()),
            Ent::Auto(id) => Some(id.clone()),
        }
    }

    /// The mentions in `doc`'s body, sorted by text then start; they never overlap and never
    /// split a word. Relative dates resolve against the document's date.
    pub fn recognize(&self, doc: &Document) -> Vec<Mention> {
        let doc_day = dates::DocDay::from_iso(doc.meta.date.iso.as_deref());
        let texts = texts(doc);
        // Acronyms and their expansions defined anywhere in the document, and glosses.
        let mut defs: Vec<(String, EntityKind, Ent)> = Vec::new();
        for (_, rich) in &texts {
            let mut pairs = names::acronym_definitions(&rich.text, &words(&rich.text));
            for m in &rich.marks {
                if let MarkKind::Gloss { term, expansion } = &m.kind {
                    let first_cap = expansion.chars().next().is_some_and(char::is_uppercase);
                    if first_cap && expansion.split_whitespace().count() >= 2 {
                        pairs.push((term.clone(), expansion.clone()));
                    }
                }
            }
            for (acr, long) in pairs {
                let curated = self
                    .names
                    .get(&name_key(&long))
                    .or_else(|| self.names.get(&name_key(&acr)));
                let (kind, ent) = match curated {
                    Some(&i) => (self.authority.entities[i as usize].kind, Ent::Curated(i)),
                    None => {
                        let kind = names::phrase_kind(&long);
                        (kind, Ent::Auto(names::auto_id(kind, &long)))
                    }
                };
                for surface in [acr, long] {
                    if !defs.iter().any(|(s, _, _)| *s == surface) {
                        defs.push((surface, kind, ent.clone()));
                    }
                }
            }
        }
        let last = texts.len().saturating_sub(1);
        let mut per_text: Vec<Vec<Cand>> = Vec::with_capacity(texts.len());
        for (n, (_, rich)) in texts.iter().enumerate() {
            let text = rich.text.as_str();
            let caps = is_caps_text(text);
            let toks = words(text);
            let mut cands = Vec::new();
            self.gazetteer.find(&self.authority, text, caps, &mut cands);
            names::titles(text, &toks, caps, &mut cands);
            names::proper_names(text, &toks, caps, &mut cands);
            dates::find(text, &toks, &doc_day, caps, &mut cands);
            quantity::find(text, &toks, caps, &mut cands);
            names::routing(text, &toks, caps, &mut cands);
            names::speakers(text, &toks, caps, &mut cands);
            names::pseudonyms(text, &toks, &mut cands);
            names::signed_lines(text, &mut cands);
            names::central_committees(text, &toks, &mut cands);
            names::cable_addresses(text, &toks, &mut cands);
            names::distribution(text, &mut cands);
            let places: Vec<(usize, usize)> = cands
                .iter()
                .filter(|c| c.source == Provenance::Curated && c.kind == EntityKind::Place)
                .map(|c| (c.start, c.end))
                .collect();
            names::national_bodies(text, &toks, &places, &mut cands);
            for (surface, kind, ent) in &defs {
                push_occurrences(text, surface, *kind, ent, Provenance::Rule, &mut cands);
            }
            // "OZÚ" is the "OZU" a gloss defines.
            for t in toks.iter().filter(|t| !text[t.start..t.end].is_ascii()) {
                let folded = fold_diacritics(&text[t.start..t.end]);
                if let Some((_, kind, ent)) = defs.iter().find(|(s, _, _)| *s == folded) {
                    cands.push(Cand {
                        start: t.start,
                        end: t.end,
                        kind: *kind,
                        entity: ent.clone(),
                        source: Provenance::Rule,
                        value: None,
                    });
                }
            }
            if n == last && n > 0 {
                cands.extend(names::signature(text, &toks));
            }
            per_text.push(cands);
        }
        // Names found by context anywhere in the document are names everywhere in it.
        let mut known: Vec<(String, EntityKind, Ent)> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for ((_, rich), cands) in texts.iter().zip(&per_text) {
            if !cands.iter().any(|c| matches!(c.entity, Ent::Auto(_))) {
                continue;
            }
            for c in overlap::resolve_by(&rich.text, cands.clone(), cand_key) {
                if let Ent::Auto(_) = c.entity {
                    let surface = &rich.text[c.start..c.end];
                    if surface.chars().count() >= 3 && seen.insert(surface) {
                        known.push((surface.to_owned(), c.kind, c.entity.clone()));
                    }
                }
            }
        }
        // One automaton over the document's known names: one pass per text.
        let known_ac = if known.is_empty() {
            None
        } else {
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(known.iter().map(|(s, _, _)| s.as_str()))
                .ok()
        };
        let mut mentions = Vec::new();
        for ((at, rich), mut cands) in texts.iter().zip(per_text) {
            let text = rich.text.as_str();
            if let Some(ac) = &known_ac {
                for m in ac.find_iter(text) {
                    let (s, e) = (m.start(), m.end());
                    if whole_words(text, s, e) {
                        let (_, kind, ent) = &known[m.pattern().as_usize()];
                        cands.push(Cand {
                            start: s,
                            end: e,
                            kind: *kind,
                            entity: ent.clone(),
                            source: Provenance::Automatic,
                            value: None,
                        });
                    }
                }
            }
            let kept = overlap::resolve_by(text, cands, cand_key);
            for c in kept {
                if crosses_mark(rich, c.start, c.end) {
                    continue;
                }
                mentions.push(Mention {
                    at: *at,
                    start: u32::try_from(c.start).unwrap_or(u32::MAX),
                    end: u32::try_from(c.end).unwrap_or(u32::MAX),
                    kind: c.kind,
                    entity: self.entity_id(&c.entity),
                    surface: text[c.start..c.end].to_owned(),
                    source: c.source,
                    value: c.value,
                });
            }
        }
        link_surnames(&mut mentions);
        mentions.sort_by_key(|m| (m.at, m.start));
        mentions
    }
}

fn cand_key(c: &Cand) -> (usize, usize, Provenance, EntityKind) {
    (c.start, c.end, c.source, c.kind)
}

/// Every whole-word, same-case occurrence of `surface` in `text`.
fn push_occurrences(
    text: &str,
    surface: &str,
    kind: EntityKind,
    ent: &Ent,
    source: Provenance,
    out: &mut Vec<Cand>,
) {
    if surface.is_empty() {
        return;
    }
    for (s, _) in text.match_indices(surface) {
        let e = s + surface.len();
        if whole_words(text, s, e) {
            out.push(Cand {
                start: s,
                end: e,
                kind,
                entity: ent.clone(),
                source,
                value: None,
            });
        }
    }
}

/// Whether `start..end` overlaps an editorial mark, gloss or note without lying inside it.
fn crosses_mark(rich: &Rich, start: usize, end: usize) -> bool {
    rich.marks.iter().any(|m| {
        m.start < m.end && start < m.end && m.start < end && !(m.start <= start && end <= m.end)
    })
}

/// A one-word automatic person ("Dobrynin") is the person of the document whose longer name
/// ends with it ("Anatoly Dobrynin").
fn link_surnames(mentions: &mut [Mention]) {
    let full: Vec<(String, String)> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.surface.contains(' '))
        .filter_map(|m| {
            let last = m.surface.rsplit(' ').next()?.to_lowercase();
            Some((last, m.entity.clone()?))
        })
        .collect();
    for m in mentions.iter_mut() {
        let auto = m.entity.as_deref().is_some_and(|e| e.starts_with("auto-"));
        if m.kind == EntityKind::Person && auto && !m.surface.contains(' ') {
            let key = m.surface.to_lowercase();
            let mut ids = full.iter().filter(|(l, _)| *l == key).map(|(_, id)| id);
            if let (Some(id), None) = (ids.next(), ids.next()) {
                m.entity = Some(id.clone());
            }
        }
    }
}
