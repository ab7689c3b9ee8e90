//! Reading the index in place and running queries over it.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use fst::{Automaton, IntoStreamer, Map, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};

use crate::archive::model::EntityKind;

use super::analyze::{fold, has_digit, is_stopword, stem, tokenize};
use super::build::{
    analyze_doc, code_length, file_name, group, name_words, value_df, value_offset, value_part,
    value_positions, FileKind, FILE_MAGIC, MANIFEST_MAGIC, VERSION,
};
use super::codec::{fnv64, sort_all, sort_top, Reader};
use super::query::{Clause, Query};
use super::snippet::Highlighter;
use super::{SearchDoc, BODY, FIELDS};

type Fst = Map<Vec<u8>>;

/// A file's number: its position in the manifest's file table.
pub type FileId = u32;

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
    /// A file number the manifest does not have.
    #[error("no file {0} in this index")]
    NoSuchFile(FileId),
}

/// Why a search could not run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// A loaded file turned out to be corrupt.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// What [`Index::search`] needs next, or what it found.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Fetch these files and [`Index::add_file`] them, then search again.
    NeedFiles(Vec<FileId>),
    /// Fetch the text of these documents and [`Index::add_doc`] them, then search again:
    /// quoted phrases are confirmed on the text (the index only keeps coarse positions).
    /// Each is the document's number and id (its file is `docs/<id>.json`).
    NeedDocs(Vec<(u32, String)>),
    /// The results.
    Done(Box<Results>),
}

const K1: f32 = 1.2;
const WEIGHT: [f32; FIELDS] = [4.0, 2.0, 1.0, 2.5];
const B: [f32; FIELDS] = [0.5, 0.6, 0.75, 0.5];
const W_EXACT: f32 = 1.0;
const W_STEM: f32 = 0.8;
const W_PREFIX: f32 = 0.6;
const W_TYPO1: f32 = 0.5;
const W_TYPO2: f32 = 0.3;
const MAX_PREFIX_TERMS: usize = 16;
const MAX_TYPO_TERMS: usize = 8;
const MAX_KNOWN_TYPO_TERMS: usize = 3;
const W_UNKNOWN_TYPO1: f32 = 0.9;
const W_UNKNOWN_TYPO2: f32 = 0.7;
const PROXIMITY_CANDIDATES: usize = 200;
const TOP_ENTITIES: usize = 20;
/// Documents checked for phrases per page: at most this many times the page size.
const VERIFY_FACTOR: usize = 4;

#[derive(Clone, Debug)]
struct EntityRow {
    kind: EntityKind,
    id: String,
    name: String,
}

#[derive(Clone, Copy, Debug)]
struct FileInfo {
    kind: FileKind,
    len: u64,
    hash: u32,
}

/// The document table, decoded.
#[derive(Debug)]
struct DocTable {
    /// Per document and field: `1 - b + b * len / avg`.
    norms: Vec<[f32; FIELDS]>,
    years: Vec<Option<i32>>,
    langs: Vec<Vec<u32>>,
    archives: Vec<Option<u32>>,
    entities: Vec<Vec<u32>>,
}

#[derive(Clone, Debug)]
struct MetaRow {
    id: String,
    title: String,
    date: String,
}

/// A loaded file, decoded as far as useful.
enum Part {
    Dictionary {
        terms: Map<Vec<u8>>,
        stems: Map<Vec<u8>>,
    },
    Skeleton(Map<Vec<u8>>),
    /// Postings or positions: read in place.
    Raw(Vec<u8>),
    Table(Box<DocTable>),
    Meta(Vec<MetaRow>),
}

/// An opened index: the manifest read, files added as they arrive.
pub struct Index {
    n_docs: u32,
    shift: u32,
    meta_docs: u32,
    avg: [f32; FIELDS],
    files: Vec<FileInfo>,
    first: [u32; 6],
    count: [u32; 6],
    dict_starts: Vec<Vec<u8>>,
    loaded: Vec<Option<Part>>,
    langs: Vec<String>,
    archives: Vec<String>,
    entities: Vec<EntityRow>,
    /// Texts added for phrase checks: per document, term → exact virtual positions.
    texts: HashMap<u32, HashMap<String, Vec<u32>>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("docs", &self.n_docs)
            .field("files", &self.files.len())
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
    if bytes.len() < 4 {
        return Err(IndexError::Truncated);
    }
    if &bytes[..4] != magic {
        return Err(IndexError::BadMagic);
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
    /// Typo and prefix forms score with no more than the idf of a term in this many
    /// documents (the most frequent candidate's): a rare near-miss or completion must not
    /// outrank the likely word.
    idf_df: u32,
}

/// A query word or phrase, analyzed and expanded.
#[derive(Debug)]
enum Unit {
    /// One token: the dictionary terms it matches (term → expansion).
    Word {
        /// The word as typed, or (not in the dictionary) its best correction: the form whose
        /// positions give the proximity bonus.
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
    /// For each doc, the byte offset of its positions in `pos_bytes`.
    pos_start: Vec<u32>,
    has_positions: bool,
}

impl Postings<'_> {
    /// The position buckets of the `i`th document, ascending.
    fn buckets(&self, i: usize, out: &mut Vec<u32>) {
        out.clear();
        let Some(&start) = self.pos_start.get(i) else {
            return;
        };
        let mut r = Reader::new(self.pos_bytes.get(start as usize..).unwrap_or(&[]));
        let Ok(n) = r.varint() else { return };
        let mut b = 0u32;
        for j in 0..n {
            let Ok(x) = r.varint() else { break };
            b = if j == 0 {
                x as u32
            } else {
                b.saturating_add(x as u32)
            };
            out.push(b);
        }
    }

    fn find(&self, doc: u32) -> Option<usize> {
        self.docs.binary_search(&doc).ok()
    }
}

/// One result.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hit {
    /// The document's number (its position in the documents given to [`super::build`]).
    pub doc: u32,
    /// The document's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its date as printed.
    pub date: String,
    /// Its score (higher is better; 0 when the query has no words).
    pub score: f32,
}

/// A facet value of an entity.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DidYouMean {
    /// The corrected query's canonical text.
    pub query: String,
    /// The closest dictionary words to the first unknown word, closest first.
    pub terms: Vec<String>,
}

/// What a search found.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Results {
    /// How many documents match (an upper bound when `exact_total` is false).
    pub total: usize,
    /// Whether `total` is exact: false when the query has phrases and only the documents
    /// shown were checked on their text.
    pub exact_total: bool,
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

/// About as many documents as a [`value_df`] code stands for (the fewest it may).
fn df_from_code(code: u8) -> u32 {
    if code < 64 {
        u32::from(code)
    } else {
        (64.0 * 1.05f64.powi(i32::from(code) - 64)) as u32
    }
}

/// Whether a word of a query gets typo candidates.
fn fuzzy_word(token: &str) -> bool {
    typo_budget(token.chars().count()) > 0 && !has_digit(token)
}

impl Index {
    /// Opens an index from its manifest bytes. Checks magic, version and checksum.
    pub fn open(manifest: &[u8]) -> Result<Index, IndexError> {
        let body = check_frame(manifest, MANIFEST_MAGIC)?;
        let mut r = Reader::new(body);
        let n_docs = r.small(u64::from(u32::MAX), "document count")?;
        let shift = u32::from(r.u8()?);
        if shift > 16 {
            return Err(IndexError::Corrupt("position shift"));
        }
        let meta_docs = r.small(1 << 20, "documents per meta part")?.max(1);
        let mut avg = [0f32; FIELDS];
        for a in &mut avg {
            let total = r.varint()?;
            *a = if n_docs == 0 {
                1.0
            } else {
                (total as f64 / f64::from(n_docs)).max(1.0) as f32
            };
        }
        let n_files = r.small(1 << 24, "file count")? as usize;
        let mut files = Vec::with_capacity(n_files.min(body.len()));
        let mut first = [0u32; 6];
        let mut count = [0u32; 6];
        for i in 0..n_files {
            let kind = FileKind::from_u8(r.u8()?).ok_or(IndexError::Corrupt("file kind"))?;
            if files.last().is_some_and(|f: &FileInfo| f.kind > kind) {
                return Err(IndexError::Corrupt("file order"));
            }
            if count[kind as usize] == 0 {
                first[kind as usize] = i as u32;
            }
            count[kind as usize] += 1;
            let len = r.varint()?;
            let hash = r.take(4)?;
            let hash = u32::from_le_bytes([hash[0], hash[1], hash[2], hash[3]]);
            files.push(FileInfo { kind, len, hash });
        }
        if count[FileKind::Dictionary as usize] == 0
            || count[FileKind::Skeleton as usize] != 1
            || count[FileKind::DocTable as usize] != 1
            || u64::from(count[FileKind::DocMeta as usize])
                != u64::from(n_docs).div_ceil(u64::from(meta_docs))
        {
            return Err(IndexError::Corrupt("file table"));
        }
        let mut dict_starts = Vec::new();
        for _ in 0..count[FileKind::Dictionary as usize] {
            let s = r.bytes()?.to_vec();
            if dict_starts.last().is_some_and(|p: &Vec<u8>| *p >= s) {
                return Err(IndexError::Corrupt("dictionary part order"));
            }
            dict_starts.push(s);
        }
        if dict_starts.first().is_some_and(|s| !s.is_empty()) {
            return Err(IndexError::Corrupt("dictionary part order"));
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
        if !r.is_empty() {
            return Err(IndexError::Corrupt("trailing bytes in manifest"));
        }
        let mut loaded = Vec::new();
        loaded.resize_with(files.len(), || None);
        Ok(Index {
            n_docs,
            shift,
            meta_docs,
            avg,
            files,
            first,
            count,
            dict_starts,
            loaded,
            langs,
            archives,
            entities,
            texts: HashMap::new(),
        })
    }

    /// How many documents the index holds.
    pub fn doc_count(&self) -> usize {
        self.n_docs as usize
    }

    /// How many files the index has (besides the manifest).
    pub fn file_count(&self) -> u32 {
        self.files.len() as u32
    }

    /// The kind of a file.
    pub fn file_kind(&self, id: FileId) -> Option<FileKind> {
        self.files.get(id as usize).map(|f| f.kind)
    }

    /// The name of a file (as in [`super::BuiltIndex::files`]).
    pub fn file_name(&self, id: FileId) -> Option<String> {
        let f = self.files.get(id as usize)?;
        Some(file_name(f.kind, id - self.first[f.kind as usize], f.hash))
    }

    /// Whether a file is loaded.
    pub fn is_loaded(&self, id: FileId) -> bool {
        self.loaded.get(id as usize).is_some_and(Option::is_some)
    }

    fn id(&self, kind: FileKind, n: u32) -> Option<FileId> {
        (n < self.count[kind as usize]).then(|| self.first[kind as usize] + n)
    }

    fn part(&self, kind: FileKind, n: u32) -> Option<&Part> {
        self.loaded.get(self.id(kind, n)? as usize)?.as_ref()
    }

    /// Adds a file's bytes, checking them against the manifest and decoding what needs it.
    pub fn add_file(&mut self, id: FileId, bytes: Vec<u8>) -> Result<(), IndexError> {
        let info = *self
            .files
            .get(id as usize)
            .ok_or(IndexError::NoSuchFile(id))?;
        let body = check_frame(&bytes, FILE_MAGIC)?;
        if bytes.len() as u64 != info.len || fnv64(&bytes) as u32 != info.hash {
            return Err(IndexError::Checksum);
        }
        let mut r = Reader::new(body);
        if r.u8()? != info.kind as u8 {
            return Err(IndexError::Corrupt("file kind does not match"));
        }
        let n = id - self.first[info.kind as usize];
        if r.varint()? != u64::from(n) {
            return Err(IndexError::Corrupt("file number does not match"));
        }
        if matches!(info.kind, FileKind::Postings | FileKind::Positions) {
            self.loaded[id as usize] = Some(Part::Raw(bytes));
            return Ok(());
        }
        let part = match info.kind {
            FileKind::Dictionary => {
                let terms = Map::new(r.bytes()?.to_vec())
                    .map_err(|_| IndexError::Corrupt("term dictionary"))?;
                let stems = Map::new(r.bytes()?.to_vec())
                    .map_err(|_| IndexError::Corrupt("stem dictionary"))?;
                Part::Dictionary { terms, stems }
            }
            FileKind::Skeleton => Part::Skeleton(
                Map::new(r.bytes()?.to_vec()).map_err(|_| IndexError::Corrupt("skeleton"))?,
            ),
            FileKind::Postings | FileKind::Positions => unreachable_part()?,
            FileKind::DocTable => Part::Table(Box::new(self.read_table(&mut r)?)),
            FileKind::DocMeta => {
                let start = u64::from(n) * u64::from(self.meta_docs);
                let rows = (u64::from(self.n_docs) - start).min(u64::from(self.meta_docs));
                let mut v = Vec::with_capacity(rows as usize);
                for _ in 0..rows {
                    v.push(MetaRow {
                        id: r.str()?.to_string(),
                        title: r.str()?.to_string(),
                        date: r.str()?.to_string(),
                    });
                }
                Part::Meta(v)
            }
        };
        if !r.is_empty() {
            return Err(IndexError::Corrupt("trailing bytes"));
        }
        self.loaded[id as usize] = Some(part);
        Ok(())
    }

    fn read_table(&self, r: &mut Reader<'_>) -> Result<DocTable, IndexError> {
        let n = self.n_docs as usize;
        let mut norms = vec![[0f32; FIELDS]; n];
        for f in 0..FIELDS {
            let codes = r.take(n)?;
            for (row, &c) in norms.iter_mut().zip(codes) {
                row[f] = (1.0 - B[f] + B[f] * code_length(c) / self.avg[f]).max(0.01);
            }
        }
        let min_year = r.small(100_000, "year")? as i32;
        let mut years = Vec::with_capacity(n);
        for _ in 0..n {
            years.push(match r.small(100_000, "year")? {
                0 => None,
                y => Some(min_year + y as i32 - 1),
            });
        }
        let mut langs = Vec::with_capacity(n);
        for _ in 0..n {
            let k = r.small(self.langs.len() as u64, "languages")?;
            let mut v = Vec::with_capacity(k as usize);
            for _ in 0..k {
                v.push(r.small(self.langs.len().saturating_sub(1) as u64, "language")?);
            }
            langs.push(v);
        }
        let mut archives = Vec::with_capacity(n);
        for _ in 0..n {
            archives.push(match r.small(self.archives.len() as u64, "archive")? {
                0 => None,
                a => Some(a - 1),
            });
        }
        let mut entities = Vec::with_capacity(n);
        for _ in 0..n {
            let k = r.small(self.entities.len() as u64, "entities")?;
            let mut v = Vec::with_capacity(k as usize);
            let mut prev = 0u32;
            for _ in 0..k {
                prev = prev
                    .checked_add(r.small(u64::from(u32::MAX), "entity")?)
                    .filter(|&e| (e as usize) < self.entities.len())
                    .ok_or(IndexError::Corrupt("entity"))?;
                v.push(prev);
            }
            entities.push(v);
        }
        Ok(DocTable {
            norms,
            years,
            langs,
            archives,
            entities,
        })
    }

    /// Adds the text of a document (as asked by [`Outcome::NeedDocs`]), for checking phrases
    /// exactly.
    pub fn add_doc(&mut self, doc: u32, text: &SearchDoc) {
        let (local, _) = analyze_doc(text);
        let map = local.into_iter().map(|(t, l)| (t, l.pos)).collect();
        self.texts.insert(doc, map);
    }

    /// Forgets the texts added with [`Index::add_doc`].
    pub fn clear_docs(&mut self) {
        self.texts.clear();
    }

    /// The files `query` needs next that are not loaded yet (empty when it can run, or only
    /// needs documents' text). Searching again after adding them may name more.
    pub fn plan(&self, query: &Query, limit: usize) -> Vec<FileId> {
        match self.search(query, limit) {
            Ok(Outcome::NeedFiles(ids)) => ids,
            _ => Vec::new(),
        }
    }

    fn dict_part(&self, key: &[u8]) -> u32 {
        let g = group(key);
        self.dict_starts
            .partition_point(|s| s.as_slice() <= g)
            .saturating_sub(1) as u32
    }

    /// The terms and stems maps of the dictionary part of `key`, if loaded.
    fn dict(&self, key: &[u8]) -> Option<(&Fst, &Fst)> {
        match self.part(FileKind::Dictionary, self.dict_part(key))? {
            Part::Dictionary { terms, stems } => Some((terms, stems)),
            _ => None,
        }
    }

    fn skeleton(&self) -> Option<&Map<Vec<u8>>> {
        match self.part(FileKind::Skeleton, 0)? {
            Part::Skeleton(m) => Some(m),
            _ => None,
        }
    }

    fn table(&self) -> Option<&DocTable> {
        match self.part(FileKind::DocTable, 0)? {
            Part::Table(t) => Some(t),
            _ => None,
        }
    }

    fn lookup(&self, term: &str) -> Option<u64> {
        self.dict(term.as_bytes())?.0.get(term)
    }

    /// Dictionary parts (and the skeleton) the words of `query` need.
    fn dictionary_needs(&self, query: &Query) -> Vec<FileId> {
        let mut need = Vec::new();
        for t in &query.terms {
            let words: Vec<&String> = match &t.clause {
                Clause::Word(w) => vec![w],
                Clause::Phrase(ws) => ws.iter().collect(),
            };
            for w in words {
                for tok in tokenize(w) {
                    let s = stem(&tok.term);
                    for key in [tok.term.as_bytes(), s.as_bytes()] {
                        need.extend(self.id(FileKind::Dictionary, self.dict_part(key)));
                    }
                }
            }
        }
        need
    }

    /// The postings and positions files a plan needs, and the document table.
    fn postings_needs(&self, plan: &Plan) -> Vec<FileId> {
        let mut need: Vec<FileId> = self.id(FileKind::DocTable, 0).into_iter().collect();
        let mut add = |v: u64, positions: bool| {
            need.extend(self.id(FileKind::Postings, value_part(v)));
            if positions {
                if let Some(p) = value_positions(v) {
                    need.extend(self.id(FileKind::Positions, p));
                }
            }
        };
        let phrases_in_index = self.shift == 0;
        for (unit, required) in plan
            .required
            .iter()
            .map(|u| (u, true))
            .chain(plan.excluded.iter().map(|u| (u, false)))
        {
            match unit {
                Unit::Word { token, forms } => {
                    for (term, e) in forms {
                        let pos = required && plan.proximity && term == token && !is_stopword(term);
                        add(e.value, pos);
                    }
                }
                Unit::Phrase { tokens } => {
                    if !required && !phrases_in_index {
                        continue; // checked on the text
                    }
                    for (t, v) in tokens {
                        if let Some(v) = v {
                            add(*v, !is_stopword(t));
                        }
                    }
                }
            }
        }
        need
    }

    fn missing(&self, mut need: Vec<FileId>) -> Vec<FileId> {
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
                    let token = if forms.contains_key(&token) {
                        token
                    } else {
                        // The best correction: the heaviest form, then the most frequent.
                        forms
                            .iter()
                            .max_by(|a, b| {
                                (a.1.weight, value_df(a.1.value))
                                    .partial_cmp(&(b.1.weight, value_df(b.1.value)))
                                    .unwrap_or(std::cmp::Ordering::Equal)
                                    .then(b.0.cmp(a.0))
                            })
                            .map_or(token, |f| f.0.clone())
                    };
                    Unit::Word { token, forms }
                }
                _ => Unit::Phrase {
                    tokens: tokens
                        .into_iter()
                        .map(|tok| {
                            let v = self.lookup(&tok);
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
        let mut add = |term: &str, value: u64, weight: f32, idf_df: u32| {
            if let Some(e) = forms.get_mut(term) {
                if weight > e.weight {
                    e.weight = weight;
                    e.idf_df = idf_df;
                }
            } else {
                forms.insert(
                    term.to_string(),
                    Expansion {
                        value,
                        weight,
                        idf_df,
                    },
                );
            }
        };
        let own = self.dict(token.as_bytes());
        let exact = own.and_then(|d| d.0.get(token));
        if let Some(v) = exact {
            add(token, v, W_EXACT, 0);
        }
        if !has_digit(token) {
            let s = stem(token);
            if let Some(v) = self.lookup(&s) {
                add(&s, v, W_STEM, 0);
            }
            if let Some((_, stems)) = self.dict(s.as_bytes()) {
                let key = format!("{s}\0");
                let mut stream = stems
                    .search(fst::automaton::Str::new(&key).starts_with())
                    .into_stream();
                while let Some((k, v)) = stream.next() {
                    if let Ok(term) = std::str::from_utf8(&k[key.len()..]) {
                        add(term, v, W_STEM, 0);
                    }
                }
            }
        }
        if !fuzzy {
            return forms;
        }
        // Whether the word begins dictionary words (it may still be being typed).
        let mut completed = false;
        if let (true, Some((terms, _))) = (prefix && token.chars().count() >= 2, own) {
            let mut cands: Vec<(String, u64)> = Vec::new();
            let mut stream = terms
                .search(fst::automaton::Str::new(token).starts_with())
                .into_stream();
            while let Some((k, v)) = stream.next() {
                if let Ok(t) = std::str::from_utf8(k) {
                    cands.push((t.to_string(), v));
                }
            }
            sort_top(&mut cands, MAX_PREFIX_TERMS, &|a, b| {
                (value_df(b.1), &a.0).cmp(&(value_df(a.1), &b.0))
            });
            completed = !cands.is_empty();
            // Completions score with no more than the idf of the most frequent one (or of the
            // word itself): a rare completion must not outrank the word typed.
            let top = cands.first().map_or(0, |c| df_from_code(value_df(c.1)));
            let idf_df = top.max(exact.map_or(0, |v| df_from_code(value_df(v))));
            for (t, v) in cands.into_iter().take(MAX_PREFIX_TERMS) {
                add(&t, v, W_PREFIX, idf_df);
            }
        }
        if fuzzy_word(token) {
            // A word in the dictionary as typed: only one edit, its own part, a few terms.
            let known = exact.is_some();
            let unknown_w = if completed {
                (W_TYPO1, W_TYPO2)
            } else {
                (W_UNKNOWN_TYPO1, W_UNKNOWN_TYPO2)
            };
            let chars = token.chars().count();
            let (budget, max, w1, w2) = if known {
                (1, MAX_KNOWN_TYPO_TERMS, W_TYPO1, W_TYPO2)
            } else {
                // A word not in the dictionary has no exact form to rank below; seven
                // letters may be an eight-letter word missing one.
                let budget = if chars >= 7 { 2 } else { typo_budget(chars) };
                (budget, MAX_TYPO_TERMS, unknown_w.0, unknown_w.1)
            };
            let mut cands = self.typo_candidates(token, budget, !known);
            cands.retain(|c| c.0 > 0 && !has_digit(&c.2));
            sort_top(&mut cands, max, &|a, b| {
                (a.0, value_df(b.1), &a.2).cmp(&(b.0, value_df(a.1), &b.2))
            });
            let idf_df = cands.first().map_or(0, |c| df_from_code(value_df(c.1)));
            for (d, v, t) in cands.into_iter().take(max) {
                add(&t, v, if d == 1 { w1 } else { w2 }, idf_df);
            }
        }
        forms
    }

    /// Terms within `budget` edits of `token`: from its own dictionary part (any frequency)
    /// and from the skeleton (frequent terms, whatever their first letters). (distance,
    /// value, term), each term once.
    fn typo_candidates(&self, token: &str, budget: u8, skeleton: bool) -> Vec<(u8, u64, String)> {
        let dfa = lev_builder(budget).build_dfa(token);
        let mut out: Vec<(u8, u64, String)> = Vec::new();
        let own = self.dict(token.as_bytes()).map(|d| d.0);
        let skeleton = if skeleton { self.skeleton() } else { None };
        for m in own.into_iter().chain(skeleton) {
            let mut stream = m.search(Lev(&dfa)).into_stream();
            while let Some((k, v)) = stream.next() {
                let Ok(t) = std::str::from_utf8(k) else {
                    continue;
                };
                if let Distance::Exact(d) = dfa.eval(t) {
                    out.push((d, v, t.to_string()));
                }
            }
        }
        sort_all(&mut out, &|a, b| (&a.2, a.0).cmp(&(&b.2, b.0)));
        out.dedup_by(|a, b| a.2 == b.2);
        out
    }

    fn raw(&self, kind: FileKind, n: u32) -> Result<&[u8], IndexError> {
        match self.part(kind, n) {
            Some(Part::Raw(b)) => Ok(b),
            _ => Err(IndexError::Corrupt("a needed part is not loaded")),
        }
    }

    fn postings(&self, value: u64, with_positions: bool) -> Result<Postings<'_>, SearchError> {
        let bytes = self.raw(FileKind::Postings, value_part(value))?;
        let body_end = bytes.len().saturating_sub(8);
        let rec = bytes
            .get(value_offset(value)..body_end)
            .ok_or(IndexError::Corrupt("term offset"))?;
        let mut r = Reader::new(rec);
        let n_docs = u64::from(self.n_docs);
        let df = r.small(n_docs, "document frequency")? as usize;
        let pos_part = r.varint()?;
        let mut pos_bytes: &[u8] = &[];
        if pos_part > 0 {
            let pos_offset = usize::try_from(r.varint()?).unwrap_or(usize::MAX);
            let pos_len = usize::try_from(r.varint()?).unwrap_or(usize::MAX);
            if with_positions {
                let part = u32::try_from(pos_part - 1).unwrap_or(u32::MAX);
                let bytes = self.raw(FileKind::Positions, part)?;
                let end = pos_offset
                    .checked_add(pos_len)
                    .ok_or(IndexError::Truncated)?;
                pos_bytes = bytes
                    .get(pos_offset..end)
                    .filter(|_| end <= bytes.len().saturating_sub(8))
                    .ok_or(IndexError::Corrupt("position offset"))?;
            }
        }
        let docs_bytes = r.bytes()?;
        let mut d = Reader::new(docs_bytes);
        let mut p = Postings {
            docs: Vec::with_capacity(df),
            tfs: Vec::with_capacity(df),
            pos_bytes,
            pos_start: Vec::new(),
            has_positions: pos_part > 0 && with_positions,
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
            // Where each document's buckets start: a scan over the bytes.
            p.pos_start.reserve(df);
            let mut r = Reader::new(pos_bytes);
            for _ in 0..df {
                p.pos_start.push(r.position() as u32);
                let n = r.varint()?;
                r.skip_varints(n)?;
            }
        }
        Ok(p)
    }

    /// The inverse document frequency of a term in `df` documents.
    fn idf(&self, df: usize) -> f32 {
        let n = self.n_docs as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// Runs `query` as far as the loaded files allow: what it still needs, or the best `limit`
    /// hits with facet counts over all matches. The app's loop: fetch what is asked, add it,
    /// search again, until [`Outcome::Done`].
    pub fn search(&self, query: &Query, limit: usize) -> Result<Outcome, SearchError> {
        let need = self.missing(self.dictionary_needs(query));
        if !need.is_empty() {
            return Ok(Outcome::NeedFiles(need));
        }
        // Unknown words look for typos whose first letters differ in the skeleton.
        let unknown = query.terms.iter().filter(|t| !t.negated).any(|t| {
            let words: Vec<&String> = match &t.clause {
                Clause::Word(w) => vec![w],
                Clause::Phrase(ws) => ws.iter().collect(),
            };
            words.iter().any(|w| {
                tokenize(w).iter().any(|tok| {
                    tok.term.chars().count() >= 3
                        && !has_digit(&tok.term)
                        && self.lookup(&tok.term).is_none()
                })
            })
        });
        if unknown {
            let need = self.missing(self.id(FileKind::Skeleton, 0).into_iter().collect());
            if !need.is_empty() {
                return Ok(Outcome::NeedFiles(need));
            }
        }
        let plan = self.expand(query);
        let need = self.missing(self.postings_needs(&plan));
        if !need.is_empty() {
            return Ok(Outcome::NeedFiles(need));
        }
        let table = self
            .table()
            .ok_or(IndexError::Corrupt("document table not loaded"))?;
        self.run(query, &plan, table, limit)
    }

    fn run(
        &self,
        query: &Query,
        plan: &Plan,
        table: &DocTable,
        limit: usize,
    ) -> Result<Outcome, SearchError> {
        let n = self.n_docs as usize;
        let exact_phrases = self.shift == 0;
        let mut ok: Vec<bool> = self.filter_mask(query, table);
        for unit in &plan.excluded {
            if matches!(unit, Unit::Phrase { .. }) && !exact_phrases {
                continue;
            }
            for doc in self.unit_docs(unit)? {
                ok[doc as usize] = false;
            }
        }
        let text_check = !exact_phrases
            && plan
                .required
                .iter()
                .chain(&plan.excluded)
                .any(|u| matches!(u, Unit::Phrase { .. }));
        let mut score = vec![0f32; n];
        let mut unit_score = vec![0f32; n];
        let mut highlight: Vec<String> = Vec::new();
        let mut exact_terms: Vec<Option<Postings<'_>>> = Vec::new();
        let mut word_tokens: Vec<&str> = Vec::new();
        let mut buf = Vec::new();
        for unit in &plan.required {
            unit_score.iter_mut().for_each(|s| *s = -1.0);
            match unit {
                Unit::Word { token, forms } => {
                    word_tokens.push(token);
                    let mut exact = None;
                    for (term, e) in forms {
                        let is_exact = term == token;
                        let positions = plan.proximity && is_exact && !is_stopword(term);
                        let p = self.postings(e.value, positions)?;
                        let idf = e.weight * self.idf(p.docs.len().max(e.idf_df as usize));
                        for (i, &doc) in p.docs.iter().enumerate() {
                            if !ok[doc as usize] {
                                continue;
                            }
                            let s = bm25f(&table.norms[doc as usize], &p.tfs[i], idf);
                            let u = &mut unit_score[doc as usize];
                            *u = u.max(s);
                        }
                        highlight.push(term.clone());
                        if is_exact {
                            exact = Some(p);
                        }
                    }
                    exact_terms.push(exact);
                }
                Unit::Phrase { tokens } => {
                    word_tokens.push("");
                    exact_terms.push(None);
                    let Some(lists) = self.phrase_lists(tokens)? else {
                        // A word of the phrase is not in the dictionary: nothing matches.
                        ok.iter_mut().for_each(|o| *o = false);
                        continue;
                    };
                    for doc in self.phrase_docs(&lists, &ok, &mut buf) {
                        let mut s = 0.0;
                        for (_, p) in &lists {
                            if let Some(i) = p.find(doc) {
                                s += bm25f(
                                    &table.norms[doc as usize],
                                    &p.tfs[i],
                                    self.idf(p.docs.len()),
                                );
                            }
                        }
                        unit_score[doc as usize] = s * 1.5;
                    }
                    for (t, _) in tokens {
                        highlight.push(t.clone());
                    }
                }
            }
            for d in 0..n {
                if unit_score[d] >= 0.0 && ok[d] {
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
        let mut keep = limit.max(PROXIMITY_CANDIDATES).min(hits.len());
        sort_top(&mut hits, keep, &by_score);
        // Proximity: the query's words next to each other, in order, in one field.
        if exact_terms.len() > 1 && exact_terms.iter().all(Option::is_some) {
            let lists: Vec<(i64, &Postings<'_>)> = exact_terms
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.as_ref().map(|p| (i as i64, p)))
                .filter(|(i, _)| !is_stopword(word_tokens[*i as usize]))
                .collect();
            if lists.len() > 1 {
                let top = hits.len().min(PROXIMITY_CANDIDATES);
                for h in &mut hits[..top] {
                    if self.adjacent(&lists, h.0, &mut buf) {
                        h.1 *= 1.5;
                    }
                }
                sort_top(&mut hits, top, &by_score);
            }
        }
        let mut total = hits.len();
        if text_check {
            // Confirm the phrases of the best hits on their text, in score order.
            let budget = limit.saturating_mul(VERIFY_FACTOR).max(limit);
            let mut want = Vec::new();
            let mut page = Vec::new();
            let mut checked = 0;
            let mut i = 0;
            while i < hits.len() && page.len() + want.len() < limit && checked < budget {
                if i >= keep {
                    keep = hits.len();
                    sort_top(&mut hits, keep, &by_score);
                }
                let doc = hits[i].0;
                match self.texts.get(&doc) {
                    None => want.push(doc),
                    Some(text) => {
                        if confirms(plan, text) {
                            page.push(hits[i]);
                        } else {
                            total -= 1;
                        }
                    }
                }
                checked += 1;
                i += 1;
            }
            if !want.is_empty() {
                let need = self.missing(
                    want.iter()
                        .filter_map(|&d| self.id(FileKind::DocMeta, d / self.meta_docs))
                        .collect(),
                );
                if !need.is_empty() {
                    return Ok(Outcome::NeedFiles(need));
                }
                let mut docs = Vec::with_capacity(want.len());
                for doc in want {
                    docs.push((doc, self.meta_row(doc)?.id.clone()));
                }
                return Ok(Outcome::NeedDocs(docs));
            }
            hits = page;
        }
        let facets = self.facets(table, hits.iter().map(|h| h.0));
        let did_you_mean = if total == 0 {
            self.did_you_mean(query)
        } else {
            None
        };
        hits.truncate(limit);
        // The page's titles.
        let need: Vec<FileId> = hits
            .iter()
            .filter_map(|h| self.id(FileKind::DocMeta, h.0 / self.meta_docs))
            .collect();
        let need = self.missing(need);
        if !need.is_empty() {
            return Ok(Outcome::NeedFiles(need));
        }
        let mut out = Vec::with_capacity(hits.len());
        for (doc, score) in hits {
            let row = self.meta_row(doc)?;
            out.push(Hit {
                doc,
                id: row.id.clone(),
                title: row.title.clone(),
                date: row.date.clone(),
                score,
            });
        }
        Ok(Outcome::Done(Box::new(Results {
            total,
            exact_total: !text_check,
            hits: out,
            facets,
            highlighter: Highlighter::new(highlight),
            did_you_mean,
        })))
    }

    /// The id, title and date of a loaded document meta row.
    fn meta_row(&self, doc: u32) -> Result<&MetaRow, IndexError> {
        match self.part(FileKind::DocMeta, doc / self.meta_docs) {
            Some(Part::Meta(rows)) => rows.get((doc % self.meta_docs) as usize),
            _ => None,
        }
        .ok_or(IndexError::Corrupt("document meta"))
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
                Some(lists) => {
                    self.phrase_docs(&lists, &vec![true; self.n_docs as usize], &mut Vec::new())
                }
            },
        })
    }

    /// Documents (allowed by `ok`) where the phrase's tokens stand at their offsets, as far
    /// as the positions tell (exactly with exact positions, else in compatible buckets).
    fn phrase_docs(
        &self,
        lists: &[(i64, Postings<'_>)],
        ok: &[bool],
        buf: &mut Vec<u32>,
    ) -> Vec<u32> {
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
            .filter(|&d| positional.len() < 2 || self.adjacent(&positional, d, buf))
            .collect()
    }

    /// Whether, in `doc`, the lists have positions at their offsets from a common start (in
    /// compatible buckets when positions are bucketed).
    fn adjacent(&self, lists: &[(i64, &Postings<'_>)], doc: u32, buf: &mut Vec<u32>) -> bool {
        let Some(idx): Option<Vec<usize>> = lists.iter().map(|(_, p)| p.find(doc)).collect() else {
            return false;
        };
        let s = self.shift;
        let mut all: Vec<Vec<u32>> = Vec::with_capacity(lists.len());
        for ((_, p), &i) in lists.iter().zip(&idx) {
            p.buckets(i, buf);
            all.push(buf.clone());
        }
        let o0 = lists[0].0;
        'start: for &b0 in &all[0] {
            for (k, (o, _)) in lists.iter().enumerate().skip(1) {
                let d = (o - o0).max(0) as u64;
                let lo = u64::from(b0) + (d >> s);
                let hi = u64::from(b0) + ((d + (1 << s) - 1) >> s);
                let j = all[k].partition_point(|&b| u64::from(b) < lo);
                if all[k].get(j).is_none_or(|&b| u64::from(b) > hi) {
                    continue 'start;
                }
            }
            return true;
        }
        false
    }

    fn filter_mask(&self, query: &Query, table: &DocTable) -> Vec<bool> {
        let f = &query.filters;
        let n = self.n_docs as usize;
        let mut ok = vec![true; n];
        if f.is_empty() {
            return ok;
        }
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
        for (d, o) in ok.iter_mut().enumerate() {
            let years_ok = f.years.is_empty()
                || table.years[d].is_some_and(|y| {
                    f.years.iter().any(|yf| {
                        let (a, b) = yf.range();
                        (a..=b).contains(&y)
                    })
                });
            let langs_ok = f.languages.is_empty() || table.langs[d].iter().any(|&l| has(&langs, l));
            let arch_ok =
                f.archives.is_empty() || table.archives[d].is_some_and(|a| has(&archives, a));
            let ents_ok = entity_sets
                .iter()
                .all(|set| table.entities[d].iter().any(|&e| has(set, e)));
            *o = years_ok && langs_ok && arch_ok && ents_ok;
        }
        ok
    }

    fn facets(&self, table: &DocTable, docs: impl Iterator<Item = u32>) -> Facets {
        let mut years: BTreeMap<i32, u32> = BTreeMap::new();
        let mut decades: BTreeMap<i32, u32> = BTreeMap::new();
        let mut langs = vec![0u32; self.langs.len()];
        let mut archives = vec![0u32; self.archives.len()];
        let mut kinds: BTreeMap<EntityKind, u32> = BTreeMap::new();
        let mut ents = vec![0u32; self.entities.len()];
        let mut seen_kinds: Vec<EntityKind> = Vec::new();
        for d in docs {
            let d = d as usize;
            if let Some(y) = table.years[d] {
                *years.entry(y).or_default() += 1;
                *decades.entry(y - y.rem_euclid(10)).or_default() += 1;
            }
            for &l in &table.langs[d] {
                langs[l as usize] += 1;
            }
            if let Some(a) = table.archives[d] {
                archives[a as usize] += 1;
            }
            seen_kinds.clear();
            for &e in &table.entities[d] {
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

    /// The closest dictionary words to `word` (folded), closest and most frequent first, among
    /// the loaded dictionary parts and the skeleton.
    pub fn closest_terms(&self, word: &str, max: usize) -> Vec<String> {
        let token = fold(word);
        let chars = token.chars().count();
        if chars < 3 || has_digit(&token) {
            return Vec::new();
        }
        let budget = if chars < 6 { 1 } else { 2 };
        let mut cands = self.typo_candidates(&token, budget, true);
        cands.retain(|c| c.0 > 0);
        sort_top(&mut cands, max, &|a, b| {
            (a.0, value_df(b.1), &a.2).cmp(&(b.0, value_df(a.1), &b.2))
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
                if toks.len() != 1 || self.lookup(&toks[0].term).is_some() {
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

fn unreachable_part() -> Result<Part, IndexError> {
    Err(IndexError::Corrupt("raw part"))
}

/// BM25F of one term in one document.
fn bm25f(norms: &[f32; FIELDS], tf: &[u32; FIELDS], idf: f32) -> f32 {
    let mut t = 0.0f32;
    for f in 0..FIELDS {
        if tf[f] > 0 {
            t += WEIGHT[f] * tf[f] as f32 / norms[f];
        }
    }
    idf * t * (K1 + 1.0) / (K1 + t)
}

/// Whether a document's text has every required phrase and no excluded one, word for word.
fn confirms(plan: &Plan, text: &HashMap<String, Vec<u32>>) -> bool {
    let has = |tokens: &[(String, Option<u64>)]| {
        let Some(first) = text.get(&tokens[0].0) else {
            return false;
        };
        first.iter().any(|&p| {
            tokens.iter().enumerate().skip(1).all(|(i, (t, _))| {
                text.get(t)
                    .is_some_and(|ps| ps.binary_search(&(p + i as u32)).is_ok())
            })
        })
    };
    let phrases = |units: &[Unit]| -> Vec<bool> {
        units
            .iter()
            .filter_map(|u| match u {
                Unit::Phrase { tokens } if !tokens.is_empty() => Some(has(tokens)),
                _ => None,
            })
            .collect()
    };
    phrases(&plan.required).iter().all(|&b| b) && !phrases(&plan.excluded).iter().any(|&b| b)
}
