//! Reading the index in place and running queries over it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use fst::{Automaton, IntoStreamer, Map, Set, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};

use crate::archive::model::EntityKind;

use super::analyze::{fold, has_digit, is_stopword, stem, tokenize};
use super::build::{name_words, MANIFEST_MAGIC, POSITIONS_MAGIC, SHARD_MAGIC, VERSION};
use super::codec::{fnv64, sort_all, sort_top, Reader};
use super::query::{Clause, Query};
use super::snippet::Highlighter;
use super::{BODY, FIELDS, NAMES, SUMMARY, TITLE};

/// A shard's number.
pub type ShardId = u32;

/// Why index bytes could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    /// The bytes end too early.
    #[error("the index data is truncated")]
    Truncated,
    /// The bytes do not start with the expected magic number.
    #[error("not a search index file")]
    BadMagic,
    /// Written by a version of the index format this reader does not know.
    #[error("unsupported search index version {0}")]
    Version(u8),
    /// The checksum does not match: the bytes were damaged.
    #[error("the index data is damaged (checksum mismatch)")]
    Checksum,
    /// Something inside does not make sense.
    #[error("the index data is corrupt: {0}")]
    Corrupt(&'static str),
    /// A shard number the manifest does not have.
    #[error("no shard {0} in this index")]
    NoSuchShard(ShardId),
}

/// Why a search could not run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// These shards must be added first (see [`Index::plan`]).
    #[error("shards not loaded: {0:?}")]
    ShardsNotLoaded(Vec<ShardId>),
    /// A loaded shard turned out to be corrupt.
    #[error(transparent)]
    Index(#[from] IndexError),
}

const K1: f32 = 1.2;
const WEIGHT: [f32; FIELDS] = [4.0, 2.0, 1.0, 2.5];
const B: [f32; FIELDS] = [0.5, 0.6, 0.75, 0.5];
const W_EXACT: f32 = 1.0;
const W_STEM: f32 = 0.8;
const W_PREFIX: f32 = 0.6;
const W_TYPO1: f32 = 0.5;
const W_TYPO2: f32 = 0.3;
const MAX_PREFIX_TERMS: usize = 20;
const MAX_TYPO_TERMS: usize = 10;
const PROXIMITY_CANDIDATES: usize = 200;
const TOP_ENTITIES: usize = 20;

#[derive(Clone, Debug)]
struct DocRow {
    id: String,
    lens: [u32; FIELDS],
    year: Option<i32>,
    langs: Vec<u32>,
    archive: Option<u32>,
    entities: Vec<u32>,
}

#[derive(Clone, Debug)]
struct EntityRow {
    kind: EntityKind,
    id: String,
    name: String,
}

#[derive(Clone, Debug)]
struct ShardInfo {
    name: String,
    len: u64,
    checksum: u64,
}

/// An opened index: the manifest read, shards added as they arrive.
pub struct Index {
    terms: Map<Vec<u8>>,
    stems: Set<Vec<u8>>,
    avg: [f32; FIELDS],
    /// Term shards, then as many position shards.
    shards: Vec<ShardInfo>,
    term_shards: u32,
    loaded: Vec<Option<Vec<u8>>>,
    langs: Vec<String>,
    archives: Vec<String>,
    entities: Vec<EntityRow>,
    docs: Vec<DocRow>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("docs", &self.docs.len())
            .field("terms", &self.terms.len())
            .field("shards", &self.shards.len())
            .finish_non_exhaustive()
    }
}

fn entity_kind(b: u8) -> Result<EntityKind, IndexError> {
    Ok(match b {
        0 => EntityKind::Person,
        1 => EntityKind::Place,
        2 => EntityKind::Organization,
        3 => EntityKind::Event,
        4 => EntityKind::Date,
        5 => EntityKind::Quantity,
        _ => return Err(IndexError::Corrupt("unknown entity kind")),
    })
}

fn check_frame<'a>(bytes: &'a [u8], magic: &[u8; 4]) -> Result<&'a [u8], IndexError> {
    if bytes.len() < 4 || &bytes[..4] != magic {
        return Err(if bytes.len() < 4 {
            IndexError::Truncated
        } else {
            IndexError::BadMagic
        });
    }
    if bytes.len() < 4 + 1 + 8 {
        return Err(IndexError::Truncated);
    }
    if bytes[4] != VERSION {
        return Err(IndexError::Version(bytes[4]));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    let mut r = Reader::new(sum);
    if r.u64_le()? != fnv64(body) {
        return Err(IndexError::Checksum);
    }
    Ok(&body[5..])
}

/// How a dictionary term was reached from a query word.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Expansion {
    value: u64,
    weight: f32,
}

/// A query word or phrase, analyzed and expanded.
#[derive(Debug)]
enum Unit {
    /// One token: the dictionary terms it matches (term → expansion).
    Word {
        token: String,
        forms: BTreeMap<String, Expansion>,
    },
    /// Several tokens next to each other: each token's exact term, if in the dictionary.
    Phrase { tokens: Vec<(String, Option<u64>)> },
}

#[derive(Debug)]
struct Plan {
    required: Vec<Unit>,
    excluded: Vec<Unit>,
    /// Several words, each in the dictionary as typed: their positions give a bonus when
    /// they stand next to each other.
    proximity: bool,
}

/// One decoded postings list; positions stay encoded until a document's are asked for.
struct Postings<'a> {
    docs: Vec<u32>,
    tfs: Vec<[u32; FIELDS]>,
    /// The term's positions, still encoded.
    pos_bytes: &'a [u8],
    /// For each doc, the byte offset of its positions in `pos_bytes` (fields in order, `tf`
    /// each).
    pos_start: Vec<u32>,
    has_positions: bool,
}

impl Postings<'_> {
    /// The positions of the `i`th document in `field`, ascending.
    fn positions(&self, i: usize, field: usize) -> Vec<u32> {
        let mut out = Vec::new();
        if !self.has_positions {
            return out;
        }
        let (Some(tf), Some(&start)) = (self.tfs.get(i), self.pos_start.get(i)) else {
            return out;
        };
        let mut r = Reader::new(self.pos_bytes.get(start as usize..).unwrap_or(&[]));
        let before: u32 = tf[..field].iter().sum();
        if r.skip_varints(u64::from(before)).is_err() {
            return out;
        }
        let mut pos = 0u32;
        for j in 0..tf[field] {
            let Ok(x) = r.varint() else { break };
            pos = if j == 0 {
                x as u32
            } else {
                pos.saturating_add(x as u32)
            };
            out.push(pos);
        }
        out
    }

    fn find(&self, doc: u32) -> Option<usize> {
        self.docs.binary_search(&doc).ok()
    }
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The document's number (its position in the documents given to [`super::build`]).
    pub doc: u32,
    /// The document's id.
    pub id: String,
    /// Its score (higher is better; 0 when the query has no words).
    pub score: f32,
}

/// A facet value of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityFacet {
    /// The entity's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// How many results mention it.
    pub count: u32,
}

/// Counts over the whole result set (not just the page shown).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// (year, results), by year.
    pub years: Vec<(i32, u32)>,
    /// (first year of the decade, results), by decade.
    pub decades: Vec<(i32, u32)>,
    /// (original language, results), most results first.
    pub languages: Vec<(String, u32)>,
    /// (archive, results), most results first.
    pub archives: Vec<(String, u32)>,
    /// (entity kind, results mentioning at least one entity of that kind).
    pub kinds: Vec<(EntityKind, u32)>,
    /// The entities most results mention, most first (at most 20).
    pub entities: Vec<EntityFacet>,
}

/// "Did you mean": a query with its unknown words replaced by the closest dictionary words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DidYouMean {
    /// The corrected query's canonical text.
    pub query: String,
    /// The closest dictionary words to the first unknown word, closest first.
    pub terms: Vec<String>,
}

/// What a search found.
#[derive(Clone, Debug)]
pub struct Results {
    /// How many documents match.
    pub total: usize,
    /// The best `limit` documents, best first.
    pub hits: Vec<Hit>,
    /// Counts per facet value over all `total` documents.
    pub facets: Facets,
    /// Highlights every form of every query word that matched (exact, stem, prefix, typo).
    pub highlighter: Highlighter,
    /// When nothing matched: a corrected query.
    pub did_you_mean: Option<DidYouMean>,
}

fn lev_builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    if distance <= 1 {
        ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
    } else {
        TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true))
    }
}

/// A Levenshtein DFA as an `fst` automaton.
struct Lev<'a>(&'a DFA);

impl Automaton for Lev<'_> {
    type State = u32;
    fn start(&self) -> u32 {
        self.0.initial_state()
    }
    fn is_match(&self, s: &u32) -> bool {
        matches!(self.0.distance(*s), Distance::Exact(_))
    }
    fn can_match(&self, s: &u32) -> bool {
        *s != levenshtein_automata::SINK_STATE
    }
    fn accept(&self, s: &u32, b: u8) -> u32 {
        self.0.transition(*s, b)
    }
}

/// Edits allowed for a word of `chars` characters: none below 4, one from 4, two from 8.
fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

fn shard_of_value(v: u64) -> u32 {
    ((v >> 16) & 0xffff) as u32
}

impl Index {
    /// Opens an index from its manifest bytes. Checks magic, version and checksum, and reads
    /// the document table; postings stay in the shards.
    pub fn open(manifest: &[u8]) -> Result<Index, IndexError> {
        let body = check_frame(manifest, MANIFEST_MAGIC)?;
        let mut r = Reader::new(body);
        let n_docs = r.small(u64::from(u32::MAX), "document count")? as usize;
        let n_shards = r.small(0xffff, "shard count")? as usize;
        let mut avg = [0f32; FIELDS];
        for a in &mut avg {
            let total = r.varint()?;
            *a = if n_docs == 0 {
                1.0
            } else {
                (total as f64 / n_docs as f64).max(1.0) as f32
            };
        }
        let terms =
            Map::new(r.bytes()?.to_vec()).map_err(|_| IndexError::Corrupt("term dictionary"))?;
        let stems =
            Set::new(r.bytes()?.to_vec()).map_err(|_| IndexError::Corrupt("stem dictionary"))?;
        let mut shards = Vec::with_capacity(n_shards.min(body.len()));
        for _ in 0..2 * n_shards {
            let name = r.str()?.to_string();
            let len = r.varint()?;
            let checksum = r.u64_le()?;
            shards.push(ShardInfo {
                name,
                len,
                checksum,
            });
        }
        let strings = |r: &mut Reader<'_>| -> Result<Vec<String>, IndexError> {
            let n = r.varint()?;
            let mut v = Vec::new();
            for _ in 0..n {
                v.push(r.str()?.to_string());
            }
            Ok(v)
        };
        let langs = strings(&mut r)?;
        let archives = strings(&mut r)?;
        let n_ents = r.varint()?;
        let mut entities = Vec::new();
        for _ in 0..n_ents {
            let kind = entity_kind(r.u8()?)?;
            let id = r.str()?.to_string();
            let name = r.str()?.to_string();
            entities.push(EntityRow { kind, id, name });
        }
        let mut docs = Vec::with_capacity(n_docs.min(body.len()));
        for _ in 0..n_docs {
            let id = r.str()?.to_string();
            let mut lens = [0u32; FIELDS];
            for l in &mut lens {
                *l = r.small(u64::from(u32::MAX), "field length")?;
            }
            let year = match r.small(100_000, "year")? {
                0 => None,
                y => Some(y as i32 - 1),
            };
            let n = r.varint()?;
            let mut dl = Vec::new();
            for _ in 0..n {
                dl.push(r.small(langs.len() as u64, "language")?);
            }
            if dl.iter().any(|&l| l as usize >= langs.len()) {
                return Err(IndexError::Corrupt("language"));
            }
            let archive = match r.small(archives.len() as u64, "archive")? {
                0 => None,
                a => Some(a - 1),
            };
            let n = r.varint()?;
            let mut de = Vec::new();
            let mut prev = 0u32;
            for _ in 0..n {
                prev = prev
                    .checked_add(r.small(u64::from(u32::MAX), "entity")?)
                    .ok_or(IndexError::Corrupt("entity"))?;
                if prev as usize >= entities.len() {
                    return Err(IndexError::Corrupt("entity"));
                }
                de.push(prev);
            }
            docs.push(DocRow {
                id,
                lens,
                year,
                langs: dl,
                archive,
                entities: de,
            });
        }
        if !r.is_empty() {
            return Err(IndexError::Corrupt("trailing bytes in manifest"));
        }
        Ok(Index {
            terms,
            stems,
            avg,
            loaded: vec![None; shards.len()],
            term_shards: n_shards as u32,
            shards,
            langs,
            archives,
            entities,
            docs,
        })
    }

    /// How many documents the index holds.
    pub fn doc_count(&self) -> usize {
        self.docs.len()
    }

    /// How many terms the dictionary holds.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// How many shards the index has: term shards `0..n/2`, position shards `n/2..n`.
    pub fn shard_count(&self) -> u32 {
        self.shards.len() as u32
    }

    /// The file name of a shard (as in [`super::BuiltIndex::shards`]).
    pub fn shard_name(&self, id: ShardId) -> Option<&str> {
        self.shards.get(id as usize).map(|s| s.name.as_str())
    }

    /// The id of document number `doc`.
    pub fn doc_id(&self, doc: u32) -> Option<&str> {
        self.docs.get(doc as usize).map(|d| d.id.as_str())
    }

    /// Whether a shard is loaded.
    pub fn is_loaded(&self, id: ShardId) -> bool {
        self.loaded.get(id as usize).is_some_and(Option::is_some)
    }

    /// Adds a shard's bytes, checking them against the manifest.
    pub fn add_shard(&mut self, id: ShardId, bytes: Vec<u8>) -> Result<(), IndexError> {
        let info = self
            .shards
            .get(id as usize)
            .ok_or(IndexError::NoSuchShard(id))?;
        let magic = if id < self.term_shards {
            SHARD_MAGIC
        } else {
            POSITIONS_MAGIC
        };
        let body = check_frame(&bytes, magic)?;
        if bytes.len() as u64 != info.len || fnv64(&bytes) != info.checksum {
            return Err(IndexError::Checksum);
        }
        let mut r = Reader::new(body);
        if r.varint()? != u64::from(id) {
            return Err(IndexError::Corrupt("shard number does not match"));
        }
        self.loaded[id as usize] = Some(bytes);
        Ok(())
    }

    /// The shards `query` needs that are not loaded yet, in ascending order: the term shards
    /// of every dictionary word it matches, and the position shards of the words of its
    /// phrases (and of its words, when it has several, for the proximity bonus).
    pub fn plan(&self, query: &Query) -> Vec<ShardId> {
        self.needed(&self.expand(query))
    }

    fn needed(&self, plan: &Plan) -> Vec<ShardId> {
        let mut need: Vec<ShardId> = Vec::new();
        let pos = |v: u64| self.term_shards + shard_of_value(v);
        for (unit, required) in plan
            .required
            .iter()
            .map(|u| (u, true))
            .chain(plan.excluded.iter().map(|u| (u, false)))
        {
            match unit {
                Unit::Word { token, forms } => {
                    for (term, e) in forms {
                        need.push(shard_of_value(e.value));
                        if required && plan.proximity && term == token && !is_stopword(term) {
                            need.push(pos(e.value));
                        }
                    }
                }
                Unit::Phrase { tokens } => {
                    for (t, v) in tokens {
                        if let Some(v) = v {
                            need.push(shard_of_value(*v));
                            if !is_stopword(t) {
                                need.push(pos(*v));
                            }
                        }
                    }
                }
            }
        }
        need.retain(|&s| !self.is_loaded(s));
        sort_all(&mut need, &|a, b| a.cmp(b));
        need.dedup();
        need
    }

    fn expand(&self, query: &Query) -> Plan {
        let mut required = Vec::new();
        let mut excluded = Vec::new();
        let last_word = query
            .terms
            .iter()
            .rposition(|t| !t.negated && matches!(t.clause, Clause::Word(_)));
        let last_is_final = last_word.is_some_and(|i| i + 1 == query.terms.len());
        for (i, t) in query.terms.iter().enumerate() {
            let tokens: Vec<String> = match &t.clause {
                Clause::Word(w) => tokenize(w).into_iter().map(|t| t.term).collect(),
                Clause::Phrase(ws) => ws
                    .iter()
                    .flat_map(|w| tokenize(w).into_iter().map(|t| t.term))
                    .collect(),
            };
            let unit = match tokens.len() {
                0 => continue,
                1 if matches!(t.clause, Clause::Word(_)) => {
                    let prefix = !t.negated && last_is_final && Some(i) == last_word;
                    let token = tokens.into_iter().next().unwrap_or_default();
                    let forms = self.forms(&token, prefix, !t.negated);
                    Unit::Word { token, forms }
                }
                _ => Unit::Phrase {
                    tokens: tokens
                        .into_iter()
                        .map(|tok| {
                            let v = self.terms.get(&tok);
                            (tok, v)
                        })
                        .collect(),
                },
            };
            if t.negated {
                excluded.push(unit);
            } else {
                required.push(unit);
            }
        }
        let proximity = required.len() > 1
            && required.iter().all(|u| match u {
                Unit::Word { token, forms } => forms.contains_key(token),
                Unit::Phrase { .. } => false,
            });
        Plan {
            required,
            excluded,
            proximity,
        }
    }

    /// The dictionary terms a query word matches, with their weights.
    fn forms(&self, token: &str, prefix: bool, fuzzy: bool) -> BTreeMap<String, Expansion> {
        let mut forms: BTreeMap<String, Expansion> = BTreeMap::new();
        let mut add = |term: String, value: u64, weight: f32| {
            let e = forms.entry(term).or_insert(Expansion { value, weight });
            if weight > e.weight {
                e.weight = weight;
            }
        };
        if let Some(v) = self.terms.get(token) {
            add(token.to_string(), v, W_EXACT);
        }
        if !has_digit(token) {
            let s = stem(token);
            if let Some(v) = self.terms.get(&s) {
                add(s.clone(), v, W_STEM);
            }
            let key = format!("{s}\0");
            let mut stream = self
                .stems
                .search(fst::automaton::Str::new(&key).starts_with())
                .into_stream();
            while let Some(k) = stream.next() {
                if let Ok(term) = std::str::from_utf8(&k[key.len()..]) {
                    if let Some(v) = self.terms.get(term) {
                        add(term.to_string(), v, W_STEM);
                    }
                }
            }
        }
        if !fuzzy {
            return forms;
        }
        if prefix && token.chars().count() >= 2 {
            let mut cands: Vec<(String, u64)> = Vec::new();
            let mut stream = self
                .terms
                .search(fst::automaton::Str::new(token).starts_with())
                .into_stream();
            let mut seen = 0;
            while let Some((k, v)) = stream.next() {
                seen += 1;
                if seen > 20_000 {
                    break;
                }
                if let Ok(t) = std::str::from_utf8(k) {
                    cands.push((t.to_string(), v));
                }
            }
            sort_top(&mut cands, MAX_PREFIX_TERMS, &|a, b| {
                (b.1 & 0xffff, &a.0).cmp(&(a.1 & 0xffff, &b.0))
            });
            for (t, v) in cands.into_iter().take(MAX_PREFIX_TERMS) {
                add(t, v, W_PREFIX);
            }
        }
        let budget = typo_budget(token.chars().count());
        if budget > 0 && !has_digit(token) {
            let dfa = lev_builder(budget).build_dfa(token);
            let mut cands: Vec<(u8, String, u64)> = Vec::new();
            let mut stream = self.terms.search(Lev(&dfa)).into_stream();
            while let Some((k, v)) = stream.next() {
                let Ok(t) = std::str::from_utf8(k) else {
                    continue;
                };
                if let Distance::Exact(d) = dfa.eval(t) {
                    if d > 0 && !has_digit(t) {
                        cands.push((d, t.to_string(), v));
                    }
                }
            }
            sort_top(&mut cands, MAX_TYPO_TERMS, &|a, b| {
                (a.0, b.2 & 0xffff, &a.1).cmp(&(b.0, a.2 & 0xffff, &b.1))
            });
            for (d, t, v) in cands.into_iter().take(MAX_TYPO_TERMS) {
                add(t, v, if d == 1 { W_TYPO1 } else { W_TYPO2 });
            }
        }
        forms
    }

    fn postings(&self, value: u64, with_positions: bool) -> Result<Postings<'_>, SearchError> {
        let shard = shard_of_value(value);
        let bytes = self
            .loaded
            .get(shard as usize)
            .and_then(Option::as_ref)
            .ok_or_else(|| SearchError::ShardsNotLoaded(vec![shard]))?;
        let offset = (value >> 32) as usize;
        let body_end = bytes.len().saturating_sub(8);
        let rec = bytes
            .get(offset..body_end)
            .ok_or(IndexError::Corrupt("term offset"))?;
        let mut r = Reader::new(rec);
        let n_docs = self.docs.len() as u64;
        let df = r.small(n_docs, "document frequency")? as usize;
        let flags = r.varint()?;
        let mut pos_bytes: &[u8] = &[];
        if flags & 1 == 1 {
            let pos_offset = usize::try_from(r.varint()?).unwrap_or(usize::MAX);
            let pos_len = usize::try_from(r.varint()?).unwrap_or(usize::MAX);
            if with_positions {
                let id = self.term_shards + shard;
                let bytes = self
                    .loaded
                    .get(id as usize)
                    .and_then(Option::as_ref)
                    .ok_or_else(|| SearchError::ShardsNotLoaded(vec![id]))?;
                let end = pos_offset
                    .checked_add(pos_len)
                    .ok_or(IndexError::Truncated)?;
                let slice = bytes
                    .get(pos_offset..end)
                    .filter(|_| end <= bytes.len().saturating_sub(8))
                    .ok_or(IndexError::Corrupt("position offset"))?;
                pos_bytes = slice;
            }
        }
        let docs_bytes = r.bytes()?;
        let mut d = Reader::new(docs_bytes);
        let mut p = Postings {
            docs: Vec::with_capacity(df),
            tfs: Vec::with_capacity(df),
            pos_bytes,
            pos_start: Vec::new(),
            has_positions: flags & 1 == 1 && with_positions,
        };
        let mut doc: u64 = 0;
        for i in 0..df {
            let x = d.varint()?;
            let delta = x >> 2;
            if i > 0 && delta == 0 {
                return Err(IndexError::Corrupt("document order").into());
            }
            doc = doc
                .checked_add(delta)
                .ok_or(IndexError::Corrupt("document"))?;
            if doc >= n_docs {
                return Err(IndexError::Corrupt("document number").into());
            }
            let mut tf = [0u32; FIELDS];
            match x & 3 {
                0 => tf[BODY] = 1,
                1 => tf[BODY] = d.small(1 << 24, "term frequency")?,
                2 => {
                    let mask = d.u8()?;
                    for (f, t) in tf.iter_mut().enumerate() {
                        if mask & (1 << f) != 0 {
                            *t = d.small(1 << 24, "term frequency")?;
                        }
                    }
                }
                _ => return Err(IndexError::Corrupt("posting code").into()),
            }
            p.docs.push(doc as u32);
            p.tfs.push(tf);
        }
        if p.has_positions {
            // Where each document's positions start: a scan over the bytes, no decoding.
            p.pos_start.reserve(df);
            let mut r = Reader::new(pos_bytes);
            for tf in &p.tfs {
                p.pos_start.push(r.position() as u32);
                r.skip_varints(tf.iter().map(|&t| u64::from(t)).sum())?;
            }
        }
        Ok(p)
    }

    /// The inverse document frequency of a term in `df` documents.
    fn idf(&self, df: usize) -> f32 {
        let n = self.docs.len() as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25F of one term in one document.
    fn bm25f(&self, doc: u32, tf: &[u32; FIELDS], idf: f32) -> f32 {
        let lens = &self.docs[doc as usize].lens;
        let mut t = 0.0f32;
        for f in 0..FIELDS {
            if tf[f] > 0 {
                let norm = 1.0 - B[f] + B[f] * lens[f] as f32 / self.avg[f];
                t += WEIGHT[f] * tf[f] as f32 / norm.max(0.01);
            }
        }
        idf * t * (K1 + 1.0) / (K1 + t)
    }

    /// Runs `query`, returning the best `limit` hits and facet counts over all matches. Fails
    /// with [`SearchError::ShardsNotLoaded`] when [`Index::plan`] is not empty.
    pub fn search(&self, query: &Query, limit: usize) -> Result<Results, SearchError> {
        let plan = self.expand(query);
        let missing = self.needed(&plan);
        if !missing.is_empty() {
            return Err(SearchError::ShardsNotLoaded(missing));
        }
        let n = self.docs.len();
        // Documents allowed by the filters.
        let mut ok: Vec<bool> = self.filter_mask(query);
        // Excluded words and phrases.
        for unit in &plan.excluded {
            for doc in self.unit_docs(unit)? {
                ok[doc as usize] = false;
            }
        }
        let mut score = vec![0f32; n];
        let mut highlight: Vec<String> = Vec::new();
        // Per required word: its exact term's postings, for the proximity bonus.
        let mut exact_terms: Vec<Option<Postings<'_>>> = Vec::new();
        let mut word_tokens: Vec<String> = Vec::new();
        for unit in &plan.required {
            let mut unit_score = vec![0f32; n];
            let mut matched = vec![false; n];
            match unit {
                Unit::Word { token, forms } => {
                    word_tokens.push(token.clone());
                    let mut exact = None;
                    for (term, e) in forms {
                        let is_exact = term == token;
                        let positions = plan.proximity && is_exact && !is_stopword(term);
                        let p = self.postings(e.value, positions)?;
                        let idf = e.weight * self.idf(p.docs.len());
                        for (i, &doc) in p.docs.iter().enumerate() {
                            if !ok[doc as usize] {
                                continue;
                            }
                            let s = self.bm25f(doc, &p.tfs[i], idf);
                            let u = &mut unit_score[doc as usize];
                            *u = u.max(s);
                            matched[doc as usize] = true;
                        }
                        highlight.push(term.clone());
                        if is_exact {
                            exact = Some(p);
                        }
                    }
                    exact_terms.push(exact);
                }
                Unit::Phrase { tokens } => {
                    word_tokens.push(String::new());
                    exact_terms.push(None);
                    let lists = self.phrase_lists(tokens)?;
                    let Some(lists) = lists else {
                        // A word of the phrase is not in the dictionary: nothing matches.
                        ok.iter_mut().for_each(|o| *o = false);
                        continue;
                    };
                    for doc in phrase_docs(&lists, &ok) {
                        let mut s = 0.0;
                        for (_, p) in &lists {
                            if let Some(i) = p.find(doc) {
                                s += self.bm25f(doc, &p.tfs[i], self.idf(p.docs.len()));
                            }
                        }
                        unit_score[doc as usize] = s * 1.5;
                        matched[doc as usize] = true;
                    }
                    for (t, _) in tokens {
                        highlight.push(t.clone());
                    }
                }
            }
            for d in 0..n {
                if matched[d] {
                    score[d] += unit_score[d];
                } else {
                    ok[d] = false;
                }
            }
        }
        let mut hits: Vec<(u32, f32)> = (0..n as u32)
            .filter(|&d| ok[d as usize])
            .map(|d| (d, score[d as usize]))
            .collect();
        let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        // Only the best need ordering: the page, and the candidates for the proximity bonus.
        let keep = limit.max(PROXIMITY_CANDIDATES).min(hits.len());
        sort_top(&mut hits, keep, &by_score);
        // Proximity: the query's words next to each other, in order, in one field.
        if exact_terms.len() > 1 && exact_terms.iter().all(Option::is_some) {
            let lists: Vec<(i64, &Postings<'_>)> = exact_terms
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.as_ref().map(|p| (i as i64, p)))
                .filter(|(i, _)| !is_stopword(&word_tokens[*i as usize]))
                .collect();
            if lists.len() > 1 {
                let top = hits.len().min(PROXIMITY_CANDIDATES);
                for h in &mut hits[..top] {
                    if adjacent(&lists, h.0) {
                        h.1 *= 1.5;
                    }
                }
                // Boosts only raise scores: the best `top` stay the same documents.
                sort_top(&mut hits, top, &by_score);
            }
        }
        let facets = self.facets(hits.iter().map(|h| h.0));
        let total = hits.len();
        let did_you_mean = if total == 0 {
            self.did_you_mean(query)
        } else {
            None
        };
        let hits = hits
            .into_iter()
            .take(limit)
            .map(|(doc, score)| Hit {
                doc,
                id: self.docs[doc as usize].id.clone(),
                score,
            })
            .collect();
        Ok(Results {
            total,
            hits,
            facets,
            highlighter: Highlighter::new(highlight),
            did_you_mean,
        })
    }

    /// Postings (with positions) of each token of a phrase, with the token's offset in it;
    /// `None` when a token is not in the dictionary.
    fn phrase_lists(
        &self,
        tokens: &[(String, Option<u64>)],
    ) -> Result<Option<Vec<(i64, Postings<'_>)>>, SearchError> {
        let mut lists = Vec::new();
        for (i, (t, v)) in tokens.iter().enumerate() {
            let Some(v) = v else { return Ok(None) };
            lists.push((i as i64, self.postings(*v, !is_stopword(t))?));
        }
        Ok(Some(lists))
    }

    /// The documents a word or phrase matches (for exclusions).
    fn unit_docs(&self, unit: &Unit) -> Result<Vec<u32>, SearchError> {
        Ok(match unit {
            Unit::Word { forms, .. } => {
                let mut out = Vec::new();
                for e in forms.values() {
                    out.extend(self.postings(e.value, false)?.docs);
                }
                out
            }
            Unit::Phrase { tokens } => match self.phrase_lists(tokens)? {
                None => Vec::new(),
                Some(lists) => phrase_docs(&lists, &vec![true; self.docs.len()]),
            },
        })
    }

    fn filter_mask(&self, query: &Query) -> Vec<bool> {
        let f = &query.filters;
        let n = self.docs.len();
        let mut ok = vec![true; n];
        if f.is_empty() {
            return ok;
        }
        // Entities each filter accepts.
        let entity_sets: Vec<Vec<bool>> = f
            .entities
            .iter()
            .map(|ef| {
                let value = fold(ef.value.trim());
                let words = name_words(&ef.value);
                self.entities
                    .iter()
                    .map(|e| {
                        e.kind == ef.kind
                            && (e.id == ef.value || fold(&e.name) == value || {
                                let nw = name_words(&e.name);
                                !words.is_empty() && words.iter().all(|w| nw.contains(w))
                            })
                    })
                    .collect()
            })
            .collect();
        let langs: Vec<bool> = self
            .langs
            .iter()
            .map(|l| f.languages.iter().any(|v| fold(v) == fold(l)))
            .collect();
        let archives: Vec<bool> = self
            .archives
            .iter()
            .map(|a| {
                let aw = name_words(a);
                f.archives.iter().any(|v| {
                    let vw = name_words(v);
                    !vw.is_empty() && vw.iter().all(|w| aw.contains(w))
                })
            })
            .collect();
        let has = |set: &[bool], i: u32| set.get(i as usize).copied().unwrap_or(false);
        for (d, row) in self.docs.iter().enumerate() {
            let years_ok = f.years.is_empty()
                || row.year.is_some_and(|y| {
                    f.years.iter().any(|yf| {
                        let (a, b) = yf.range();
                        (a..=b).contains(&y)
                    })
                });
            let langs_ok = f.languages.is_empty() || row.langs.iter().any(|&l| has(&langs, l));
            let arch_ok = f.archives.is_empty() || row.archive.is_some_and(|a| has(&archives, a));
            let ents_ok = entity_sets
                .iter()
                .all(|set| row.entities.iter().any(|&e| has(set, e)));
            ok[d] = years_ok && langs_ok && arch_ok && ents_ok;
        }
        ok
    }

    fn facets(&self, docs: impl Iterator<Item = u32>) -> Facets {
        let mut years: BTreeMap<i32, u32> = BTreeMap::new();
        let mut decades: BTreeMap<i32, u32> = BTreeMap::new();
        let mut langs = vec![0u32; self.langs.len()];
        let mut archives = vec![0u32; self.archives.len()];
        let mut kinds: BTreeMap<EntityKind, u32> = BTreeMap::new();
        let mut ents = vec![0u32; self.entities.len()];
        for d in docs {
            let row = &self.docs[d as usize];
            if let Some(y) = row.year {
                *years.entry(y).or_default() += 1;
                *decades.entry(y - y.rem_euclid(10)).or_default() += 1;
            }
            for &l in &row.langs {
                langs[l as usize] += 1;
            }
            if let Some(a) = row.archive {
                archives[a as usize] += 1;
            }
            let mut seen_kinds: Vec<EntityKind> = Vec::new();
            for &e in &row.entities {
                ents[e as usize] += 1;
                let k = self.entities[e as usize].kind;
                if !seen_kinds.contains(&k) {
                    seen_kinds.push(k);
                    *kinds.entry(k).or_default() += 1;
                }
            }
        }
        let named = |m: Vec<u32>, names: &[String]| {
            let mut v: Vec<(String, u32)> = m
                .into_iter()
                .zip(names)
                .filter(|(c, _)| *c > 0)
                .map(|(c, name)| (name.clone(), c))
                .collect();
            sort_all(&mut v, &|a, b| (b.1, &a.0).cmp(&(a.1, &b.0)));
            v
        };
        let mut entities: Vec<EntityFacet> = ents
            .into_iter()
            .zip(&self.entities)
            .filter(|(count, _)| *count > 0)
            .map(|(count, e)| EntityFacet {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind,
                count,
            })
            .collect();
        sort_top(&mut entities, TOP_ENTITIES, &|a, b| {
            (b.count, &a.name, &a.id).cmp(&(a.count, &b.name, &b.id))
        });
        entities.truncate(TOP_ENTITIES);
        Facets {
            years: years.into_iter().collect(),
            decades: decades.into_iter().collect(),
            languages: named(langs, &self.langs),
            archives: named(archives, &self.archives),
            kinds: kinds.into_iter().collect(),
            entities,
        }
    }

    /// The closest dictionary words to `word` (folded), closest and most frequent first.
    pub fn closest_terms(&self, word: &str, max: usize) -> Vec<String> {
        let token = fold(word);
        let chars = token.chars().count();
        if chars < 3 || has_digit(&token) {
            return Vec::new();
        }
        let budget = if chars < 6 { 1 } else { 2 };
        let dfa = lev_builder(budget).build_dfa(&token);
        let mut cands: Vec<(u8, u64, String)> = Vec::new();
        let mut stream = self.terms.search(Lev(&dfa)).into_stream();
        while let Some((k, v)) = stream.next() {
            let Ok(t) = std::str::from_utf8(k) else {
                continue;
            };
            if let Distance::Exact(d) = dfa.eval(t) {
                if d > 0 {
                    cands.push((d, v & 0xffff, t.to_string()));
                }
            }
        }
        sort_top(&mut cands, max, &|a, b| {
            (a.0, b.1, &a.2).cmp(&(b.0, a.1, &b.2))
        });
        cands.into_iter().take(max).map(|c| c.2).collect()
    }

    fn did_you_mean(&self, query: &Query) -> Option<DidYouMean> {
        let mut q = query.clone();
        let mut first: Option<Vec<String>> = None;
        let mut changed = false;
        for t in q.terms.iter_mut().filter(|t| !t.negated) {
            let words: Vec<&mut String> = match &mut t.clause {
                Clause::Word(w) => vec![w],
                Clause::Phrase(ws) => ws.iter_mut().collect(),
            };
            for w in words {
                let toks = tokenize(w);
                if toks.len() != 1 || self.terms.contains_key(&toks[0].term) {
                    continue;
                }
                let close = self.closest_terms(&toks[0].term, 5);
                if let Some(best) = close.first() {
                    *w = best.clone();
                    changed = true;
                    first.get_or_insert(close);
                }
            }
        }
        changed.then(|| DidYouMean {
            query: q.to_string(),
            terms: first.unwrap_or_default(),
        })
    }
}

/// Documents (allowed by `ok`) where the phrase's tokens stand at their offsets in one field.
/// Tokens without positions (stopwords) only need to be in the document.
fn phrase_docs(lists: &[(i64, Postings<'_>)], ok: &[bool]) -> Vec<u32> {
    let Some((_, shortest)) = lists.iter().min_by_key(|(_, p)| p.docs.len()) else {
        return Vec::new();
    };
    let positional: Vec<(i64, &Postings<'_>)> = lists
        .iter()
        .filter(|(_, p)| p.has_positions)
        .map(|(o, p)| (*o, p))
        .collect();
    shortest
        .docs
        .iter()
        .copied()
        .filter(|&d| ok.get(d as usize).copied().unwrap_or(false))
        .filter(|&d| lists.iter().all(|(_, p)| p.find(d).is_some()))
        .filter(|&d| positional.len() < 2 || adjacent(&positional, d))
        .collect()
}

/// Whether, in some field of `doc`, every list has a position at `p + offset`.
fn adjacent(lists: &[(i64, &Postings<'_>)], doc: u32) -> bool {
    let Some(idx): Option<Vec<usize>> = lists.iter().map(|(_, p)| p.find(doc)).collect() else {
        return false;
    };
    for f in [TITLE, SUMMARY, BODY, NAMES] {
        if lists.iter().zip(&idx).any(|((_, p), &i)| p.tfs[i][f] == 0) {
            continue;
        }
        let pos: Vec<Vec<u32>> = lists
            .iter()
            .zip(&idx)
            .map(|((_, p), &i)| p.positions(i, f))
            .collect();
        let o0 = lists[0].0;
        'start: for &x in &pos[0] {
            let base = i64::from(x) - o0;
            for (k, (o, _)) in lists.iter().enumerate().skip(1) {
                let want = base + o;
                if want < 0 || pos[k].binary_search(&(want as u32)).is_err() {
                    continue 'start;
                }
            }
            return true;
        }
    }
    false
}
