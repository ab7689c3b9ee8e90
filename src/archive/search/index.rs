//! Reading the index in place and running queries over it.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use fst::{Automaton, IntoStreamer, Map, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};

use crate::archive::model::EntityKind;

use super::analyze::{fold, has_digit, is_stopword, stem, stem_prefix, tokenize, MAX_STEM_SUFFIX};
use super::build::{
    analyze_doc, code_length, file_name, group, name_words, term_value, value_df, value_ordinal,
    FileKind, FILE_MAGIC, GROUP_BYTES, MANIFEST_MAGIC, VERSION,
};
use super::codec::{fnv64, sort_all, sort_top, Reader};
use super::postings::{decode_positions, decode_postings};
use super::query::{Clause, Query};
use super::snippet::Highlighter;
use super::table::{self, EntityRow};
use super::{SearchDoc, FIELDS, NAMES, TITLE};

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
    #[error("{}", version_text(*.0))]
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

/// What an index of format `found` means to this reader: the corpus or the reader to update.
fn version_text(found: u8) -> String {
    if found > VERSION {
        format!(
            "this search index was written by a newer Dossier (index format {found}); this \
             reader reads format {VERSION}: update the reader"
        )
    } else {
        format!(
            "this search index was written by an older Dossier (index format {found}); this \
             reader reads format {VERSION}: rebuild the corpus"
        )
    }
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
/// What a title with every word of the query multiplies a document's score by, less one.
const TITLE_BONUS: f32 = 1.0;
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
/// The best candidates of a phrase of dense words confirmed on their text before deciding
/// whether the words' positions are worth fetching.
const PROBE: usize = 5;

/// The document table, decoded.
#[derive(Debug)]
struct DocTable {
    /// Per document and field: `1 - b + b * len / avg`.
    norms: Vec<[f32; FIELDS]>,
    years: Vec<Option<i32>>,
    langs: Vec<Vec<u32>>,
    archives: Vec<Option<u32>>,
}

/// The entities file, decoded: each document's entities in one flat list.
#[derive(Debug)]
struct Entities {
    rows: Vec<EntityRow>,
    /// Where each document's entities start in `ids` (and, last, where they end).
    starts: Vec<u32>,
    /// Numbers in `rows`, ascending per document.
    ids: Vec<u32>,
    /// Per document, the kinds of its entities: bit `k` for `EntityKind::ALL[k]`.
    kinds: Vec<u8>,
}

impl Entities {
    fn of(&self, doc: usize) -> &[u32] {
        &self.ids[self.starts[doc] as usize..self.starts[doc + 1] as usize]
    }
}

/// The document table, and the entities when the query needs them.
#[derive(Clone, Copy)]
struct Tables<'a> {
    doc: &'a DocTable,
    entities: Option<&'a Entities>,
}

#[derive(Clone, Debug)]
struct MetaRow {
    id: String,
    title: String,
    date: String,
}

/// A loaded dictionary part.
struct Dict {
    /// Term → ordinal.
    terms: Fst,
    /// The ordinal of the part's first term.
    base: u64,
    /// The document frequency code of each term of the part, by ordinal.
    dfs: Vec<u8>,
    /// `stem \0 term` → value, for the words of a stem that do not begin with its prefix.
    stems: Fst,
}

impl Dict {
    /// The value of the term with this ordinal.
    fn value(&self, ordinal: u64) -> u64 {
        let df = ordinal
            .checked_sub(self.base)
            .and_then(|i| self.dfs.get(usize::try_from(i).ok()?))
            .copied()
            .unwrap_or(0);
        term_value(ordinal, df)
    }

    fn get(&self, term: &str) -> Option<u64> {
        self.terms.get(term).map(|o| self.value(o))
    }

    /// The part's terms that begin with `prefix`, with their values, in order.
    fn starting_with(&self, prefix: &str) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut stream = self
            .terms
            .search(fst::automaton::Str::new(prefix).starts_with())
            .into_stream();
        while let Some((k, o)) = stream.next() {
            if let Ok(t) = std::str::from_utf8(k) {
                out.push((t.to_string(), self.value(o)));
            }
        }
        out
    }
}

/// A loaded file, decoded as far as useful.
enum Part {
    Dictionary(Box<Dict>),
    Skeleton(Map<Vec<u8>>),
    /// Postings or positions: read in place (the payload starts at `start`).
    Raw {
        bytes: Vec<u8>,
        start: usize,
    },
    Table(Box<DocTable>),
    Meta(Vec<MetaRow>),
    Entities(Box<Entities>),
}

/// An opened index: the manifest read, files added as they arrive.
pub struct Index {
    n_docs: u32,
    shift: u32,
    meta_docs: u32,
    avg: [f32; FIELDS],
    /// The hash of the build, in every file's name and header.
    build: u32,
    /// The hash of each file of the kinds [`FileKind::hashed_in_manifest`], in file order.
    hashes: Vec<u32>,
    first: [u32; FileKind::ALL.len()],
    count: [u32; FileKind::ALL.len()],
    dict_starts: Vec<Vec<u8>>,
    /// The ordinal of the first term of each postings part, and of each positions part.
    postings_first: Vec<u64>,
    positions_first: Vec<u64>,
    loaded: Vec<Option<Part>>,
    langs: Vec<String>,
    archives: Vec<String>,
    /// Texts added for phrase checks: per document, term → exact virtual positions.
    texts: HashMap<u32, HashMap<String, Vec<u32>>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("docs", &self.n_docs)
            .field("files", &self.loaded.len())
            .finish_non_exhaustive()
    }
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
    /// Whether phrases whose words are all dense (see [`Index::phrase_positions`]) narrow
    /// their candidates by position buckets (else the text alone confirms them).
    narrow_dense: bool,
    /// Whether the entities are needed: for entity facets, or for the query's entity filters.
    entities: bool,
}

/// The documents that match, best first as far as `keep`, before phrases are confirmed.
struct Ranked {
    hits: Vec<(u32, f32)>,
    keep: usize,
    highlight: Vec<String>,
    /// Whether phrases are to be confirmed on the text.
    text_check: bool,
}

/// One decoded postings list, with its position buckets when they were asked for.
struct Postings {
    docs: Vec<u32>,
    tfs: Vec<[u32; FIELDS]>,
    /// Where the `i`th document's buckets start in `buckets` (and, last, where they end);
    /// empty without positions.
    bucket_starts: Vec<u32>,
    buckets: Vec<u32>,
}

impl Postings {
    /// Whether the positions were decoded.
    fn has_positions(&self) -> bool {
        !self.bucket_starts.is_empty()
    }

    /// The position buckets of the `i`th document, ascending.
    fn buckets(&self, i: usize) -> &[u32] {
        match (self.bucket_starts.get(i), self.bucket_starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.buckets[a as usize..b as usize],
            _ => &[],
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

/// Edits allowed for a word not in the dictionary, which has no exact form to rank below:
/// seven letters may be an eight-letter word missing one, six one missing two.
fn unknown_budget(chars: usize) -> u8 {
    if chars >= 6 {
        2
    } else {
        typo_budget(chars)
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

/// Whether an unknown word is worth looking up in the typo skeleton (by [`Index::closest_terms`]
/// or as a query word).
fn wants_skeleton(token: &str) -> bool {
    token.chars().count() >= 3 && !has_digit(token)
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
        let build = r.u32_le()?;
        let mut first = [0u32; FileKind::ALL.len()];
        let mut count = [0u32; FileKind::ALL.len()];
        let mut n_files = 0u32;
        for kind in FileKind::ALL {
            let n = r.small(1 << 24, "file count")?;
            first[kind as usize] = n_files;
            count[kind as usize] = n;
            n_files += n;
        }
        if count[FileKind::Dictionary as usize] == 0
            || count[FileKind::Skeleton as usize] != 1
            || count[FileKind::DocTable as usize] != 1
            || count[FileKind::DocEntities as usize] != 1
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
        let mut firsts = |kind: FileKind| -> Result<Vec<u64>, IndexError> {
            let mut v = Vec::new();
            let mut at = 0u64;
            for i in 0..count[kind as usize] {
                let d = r.varint()?;
                if (i == 0) != (d == 0) {
                    return Err(IndexError::Corrupt("term ranges"));
                }
                at = at
                    .checked_add(d)
                    .ok_or(IndexError::Corrupt("term ranges"))?;
                v.push(at);
            }
            Ok(v)
        };
        let postings_first = firsts(FileKind::Postings)?;
        let positions_first = firsts(FileKind::Positions)?;
        let mut hashes = Vec::new();
        for kind in FileKind::ALL.into_iter().filter(|k| k.hashed_in_manifest()) {
            for _ in 0..count[kind as usize] {
                hashes.push(r.u32_le()?);
            }
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
        if !r.is_empty() {
            return Err(IndexError::Corrupt("trailing bytes in manifest"));
        }
        let mut loaded = Vec::new();
        loaded.resize_with(n_files as usize, || None);
        Ok(Index {
            n_docs,
            shift,
            meta_docs,
            avg,
            build,
            first,
            count,
            hashes,
            dict_starts,
            postings_first,
            positions_first,
            loaded,
            langs,
            archives,
            texts: HashMap::new(),
        })
    }

    /// How many documents the index holds.
    pub fn doc_count(&self) -> usize {
        self.n_docs as usize
    }

    /// How many files the index has (besides the manifest).
    pub fn file_count(&self) -> u32 {
        self.loaded.len() as u32
    }

    /// The kind of a file.
    pub fn file_kind(&self, id: FileId) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|&k| {
            let first = self.first[k as usize];
            id >= first && id - first < self.count[k as usize]
        })
    }

    /// The name of a file (as in [`super::BuiltIndex::files`]).
    pub fn file_name(&self, id: FileId) -> Option<String> {
        let kind = self.file_kind(id)?;
        Some(file_name(kind, id - self.first[kind as usize], self.build))
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
        let kind = self.file_kind(id).ok_or(IndexError::NoSuchFile(id))?;
        let body = check_frame(&bytes, FILE_MAGIC)?;
        if kind.hashed_in_manifest() {
            let hashed = FileKind::ALL.into_iter().take_while(|&k| k != kind);
            let before: u32 = hashed
                .filter(|k| k.hashed_in_manifest())
                .map(|k| self.count[k as usize])
                .sum();
            let at = (before + id - self.first[kind as usize]) as usize;
            if self.hashes.get(at) != Some(&(fnv64(&bytes) as u32)) {
                return Err(IndexError::Checksum);
            }
        }
        let mut r = Reader::new(body);
        if r.u8()? != kind as u8 {
            return Err(IndexError::Corrupt("file kind does not match"));
        }
        let n = id - self.first[kind as usize];
        if r.varint()? != u64::from(n) {
            return Err(IndexError::Corrupt("file number does not match"));
        }
        if r.u32_le()? != self.build {
            return Err(IndexError::Corrupt("the file belongs to another build"));
        }
        if matches!(kind, FileKind::Postings | FileKind::Positions) {
            let header = bytes.len() - 8 - r.remaining();
            self.loaded[id as usize] = Some(Part::Raw {
                bytes,
                start: header,
            });
            return Ok(());
        }
        let part = match kind {
            FileKind::Dictionary => {
                let base = r.varint()?;
                let terms = Map::new(r.bytes()?.to_vec())
                    .map_err(|_| IndexError::Corrupt("term dictionary"))?;
                let dfs = r.take(terms.len())?.to_vec();
                let stems = Map::new(r.bytes()?.to_vec())
                    .map_err(|_| IndexError::Corrupt("stem dictionary"))?;
                Part::Dictionary(Box::new(Dict {
                    terms,
                    base,
                    dfs,
                    stems,
                }))
            }
            FileKind::Skeleton => Part::Skeleton(
                Map::new(r.bytes()?.to_vec()).map_err(|_| IndexError::Corrupt("skeleton"))?,
            ),
            FileKind::Postings | FileKind::Positions => unreachable_part()?,
            FileKind::DocTable => Part::Table(Box::new(self.read_table(&mut r)?)),
            FileKind::DocEntities => {
                let (rows, per_doc) = table::decode_entities(&mut r, self.n_docs as usize)?;
                let mut e = Entities {
                    starts: Vec::with_capacity(per_doc.len() + 1),
                    ids: Vec::with_capacity(per_doc.iter().map(Vec::len).sum()),
                    kinds: Vec::with_capacity(per_doc.len()),
                    rows,
                };
                for ids in per_doc {
                    e.starts.push(e.ids.len() as u32);
                    let kinds = ids.iter().fold(0u8, |k, &id| {
                        k | 1 << table::kind_byte(e.rows[id as usize].kind)
                    });
                    e.kinds.push(kinds);
                    e.ids.extend(ids);
                }
                e.starts.push(e.ids.len() as u32);
                Part::Entities(Box::new(e))
            }
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
        let c = table::decode(
            r,
            self.n_docs as usize,
            self.langs.len(),
            self.archives.len(),
        )?;
        let mut norms = vec![[0f32; FIELDS]; self.n_docs as usize];
        for (f, codes) in c.lengths.iter().enumerate() {
            for (row, &code) in norms.iter_mut().zip(codes) {
                row[f] = (1.0 - B[f] + B[f] * code_length(code) / self.avg[f]).max(0.01);
            }
        }
        Ok(DocTable {
            norms,
            years: c.years,
            langs: c.langs,
            archives: c.archives,
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

    /// The dictionary part of `key`, if loaded.
    fn dict(&self, key: &[u8]) -> Option<&Dict> {
        match self.part(FileKind::Dictionary, self.dict_part(key))? {
            Part::Dictionary(d) => Some(d),
            _ => None,
        }
    }

    /// The part of `kind` (postings or positions) that holds the term with this ordinal, and
    /// the ordinal of its first term.
    fn part_of(&self, kind: FileKind, ordinal: u64) -> Option<(u32, u64)> {
        let firsts = match kind {
            FileKind::Postings => &self.postings_first,
            _ => &self.positions_first,
        };
        let n = firsts.partition_point(|&f| f <= ordinal).checked_sub(1)?;
        Some((n as u32, firsts[n]))
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

    fn entities(&self) -> Option<&Entities> {
        match self.part(FileKind::DocEntities, 0)? {
            Part::Entities(e) => Some(e),
            _ => None,
        }
    }

    fn lookup(&self, term: &str) -> Option<u64> {
        self.dict(term.as_bytes())?.get(term)
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

    /// The postings and positions files a plan needs, and the document table (and the
    /// entities, when the plan needs them).
    fn postings_needs(&self, plan: &Plan) -> Vec<FileId> {
        let mut need: Vec<FileId> = self.id(FileKind::DocTable, 0).into_iter().collect();
        if plan.entities {
            need.extend(self.id(FileKind::DocEntities, 0));
        }
        let mut add = |v: u64, positions: bool| {
            let kinds: &[FileKind] = if positions {
                &[FileKind::Postings, FileKind::Positions]
            } else {
                &[FileKind::Postings]
            };
            for &kind in kinds {
                if let Some((n, _)) = self.part_of(kind, value_ordinal(v)) {
                    need.extend(self.id(kind, n));
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
                        if let (Some(v), true) = (v, self.phrase_token_listed(tokens, t)) {
                            add(*v, self.phrase_positions(tokens, t, plan.narrow_dense));
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

    fn expand(&self, query: &Query, entity_facets: bool) -> Plan {
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
            // A word of several tokens ("soviet-korean", not quoted) is its words, each with
            // its other forms, as Lucene's query parser has it: the proximity bonus ranks
            // them written together first, and no text is fetched to check them. Quoted, or
            // excluded, it is a phrase.
            let n = tokens.len();
            let as_words = matches!(t.clause, Clause::Word(_)) && (!t.negated || n == 1);
            let unit = match n {
                0 => continue,
                _ if as_words => {
                    for (j, token) in tokens.into_iter().enumerate() {
                        let prefix =
                            !t.negated && last_is_final && Some(i) == last_word && j + 1 == n;
                        let unit = self.word_unit(token, prefix, !t.negated);
                        if t.negated {
                            excluded.push(unit);
                        } else {
                            required.push(unit);
                        }
                    }
                    continue;
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
            narrow_dense: true,
            entities: entity_facets || !query.filters.entities.is_empty(),
        }
    }

    /// The dictionary terms a query word matches, with their weights.
    fn forms(&self, token: &str, prefix: bool, fuzzy: bool) -> BTreeMap<String, Expansion> {
        let mut forms: BTreeMap<String, Expansion> = BTreeMap::new();
        let own = self.dict(token.as_bytes());
        let exact = own.and_then(|d| d.get(token));
        if let Some(v) = exact {
            add_form(&mut forms, token, v, W_EXACT, 0);
        }
        if !has_digit(token) {
            let s = stem(token);
            if let Some(v) = self.lookup(&s) {
                add_form(&mut forms, &s, v, W_STEM, 0);
            }
            if let Some(dict) = self.dict(s.as_bytes()) {
                // The stem's other words: those that begin with its prefix, and those listed
                // apart.
                let p = stem_prefix(&s);
                if p.len() >= GROUP_BYTES {
                    for (t, v) in dict.starting_with(p) {
                        if t.len() <= s.len() + MAX_STEM_SUFFIX && !has_digit(&t) && stem(&t) == s {
                            add_form(&mut forms, &t, v, W_STEM, 0);
                        }
                    }
                }
                let key = format!("{s}\0");
                let mut stream = dict
                    .stems
                    .search(fst::automaton::Str::new(&key).starts_with())
                    .into_stream();
                while let Some((k, v)) = stream.next() {
                    if let Ok(term) = std::str::from_utf8(&k[key.len()..]) {
                        add_form(&mut forms, term, v, W_STEM, 0);
                    }
                }
            }
        }
        if !fuzzy {
            return forms;
        }
        // Whether the word begins dictionary words (it may still be being typed).
        let mut completed = false;
        if let (true, Some(dict)) = (prefix && token.chars().count() >= 2, own) {
            let mut cands = dict.starting_with(token);
            sort_top(&mut cands, MAX_PREFIX_TERMS, &|a, b| {
                (value_df(b.1), &a.0).cmp(&(value_df(a.1), &b.0))
            });
            completed = !cands.is_empty();
            // Completions score with no more than the idf of the most frequent one (or of the
            // word itself): a rare completion must not outrank the word typed.
            let top = cands.first().map_or(0, |c| df_from_code(value_df(c.1)));
            let idf_df = top.max(exact.map_or(0, |v| df_from_code(value_df(v))));
            for (t, v) in cands.into_iter().take(MAX_PREFIX_TERMS) {
                add_form(&mut forms, &t, v, W_PREFIX, idf_df);
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
                (
                    unknown_budget(chars),
                    MAX_TYPO_TERMS,
                    unknown_w.0,
                    unknown_w.1,
                )
            };
            let mut cands = self.typo_candidates(token, budget, !known);
            // Edits are counted against the longer of the two words: an eight-letter word
            // allows two, even when typed with two letters missing.
            let allowed = |term: &str| {
                let longer = chars.max(term.chars().count());
                if known || chars >= 7 {
                    budget
                } else {
                    typo_budget(longer).min(budget)
                }
            };
            cands.retain(|c| c.0 > 0 && c.0 <= allowed(&c.2) && !has_digit(&c.2));
            sort_top(&mut cands, max, &|a, b| {
                (a.0, value_df(b.1), &a.2).cmp(&(b.0, value_df(a.1), &b.2))
            });
            let idf_df = cands.first().map_or(0, |c| df_from_code(value_df(c.1)));
            for (d, v, t) in cands.into_iter().take(max) {
                add_form(&mut forms, &t, v, if d == 1 { w1 } else { w2 }, idf_df);
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
        let own = self.dict(token.as_bytes());
        let skeleton = if skeleton { self.skeleton() } else { None };
        // The own part maps terms to ordinals, the skeleton to values.
        let maps = own
            .map(|d| (&d.terms, Some(d)))
            .into_iter()
            .chain(skeleton.map(|m| (m, None)));
        for (m, dict) in maps {
            let mut stream = m.search(Lev(&dfa)).into_stream();
            while let Some((k, v)) = stream.next() {
                let Ok(t) = std::str::from_utf8(k) else {
                    continue;
                };
                if let Distance::Exact(d) = dfa.eval(t) {
                    out.push((d, dict.map_or(v, |d| d.value(v)), t.to_string()));
                }
            }
        }
        sort_all(&mut out, &|a, b| (&a.2, a.0).cmp(&(&b.2, b.0)));
        out.dedup_by(|a, b| a.2 == b.2);
        out
    }

    /// The payload of a loaded postings or positions part.
    fn raw(&self, kind: FileKind, n: u32) -> Result<&[u8], IndexError> {
        match self.part(kind, n) {
            Some(Part::Raw { bytes, start }) => Ok(&bytes[*start..bytes.len() - 8]),
            _ => Err(IndexError::Corrupt("a needed part is not loaded")),
        }
    }

    /// The record of the term with this ordinal in its part of `kind` (whose records are
    /// `skip` each).
    fn record(
        &self,
        kind: FileKind,
        ordinal: u64,
        skip: fn(&mut Reader<'_>) -> Result<(), IndexError>,
    ) -> Result<Reader<'_>, IndexError> {
        let (n, first) = self
            .part_of(kind, ordinal)
            .ok_or(IndexError::Corrupt("term ordinal"))?;
        let mut r = Reader::new(self.raw(kind, n)?);
        for _ in first..ordinal {
            skip(&mut r)?;
        }
        Ok(r)
    }

    /// A term's postings (decoded), and its position buckets when asked for (for a term that
    /// has them: not a stopword).
    fn postings(&self, value: u64, with_positions: bool) -> Result<Postings, SearchError> {
        let ordinal = value_ordinal(value);
        let mut r = self.record(FileKind::Postings, ordinal, |r| {
            r.varint()?;
            r.bytes().map(|_| ())
        })?;
        let df = r.small(u64::from(self.n_docs), "document frequency")? as usize;
        let (docs, tfs) = decode_postings(r.bytes()?, df, self.n_docs)?;
        let (bucket_starts, buckets) = if with_positions {
            let mut r = self.record(FileKind::Positions, ordinal, |r| r.bytes().map(|_| ()))?;
            decode_positions(r.bytes()?, df)?
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Postings {
            docs,
            tfs,
            bucket_starts,
            buckets,
        })
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
        self.search_with(query, limit, true)
    }

    /// [`Index::search`], with entity facets or without: the entities (the largest file a
    /// query may need, and a facet count per entity of every match) are left out of the first
    /// answer to a query when `entity_facets` is off, so that results come sooner; the page
    /// asks again with it on for the facets.
    pub fn search_with(
        &self,
        query: &Query,
        limit: usize,
        entity_facets: bool,
    ) -> Result<Outcome, SearchError> {
        let need = self.missing(self.dictionary_needs(query));
        if !need.is_empty() {
            return Ok(Outcome::NeedFiles(need));
        }
        // An unknown word with no typo in reach in its own part looks for typos whose first
        // letters differ in the skeleton.
        if self.has_unknown_word(query, true) {
            if let Some(need) = self.skeleton_needed() {
                return Ok(Outcome::NeedFiles(need));
            }
        }
        let mut plan = self.expand(query, entity_facets);
        let probe = self.shift > 0
            && plan.required.iter().any(|u| match u {
                Unit::Phrase { tokens } => self.dense_phrase(tokens),
                Unit::Word { .. } => false,
            });
        if probe {
            // Phrases of dense words: rank without their positions and confirm the best few
            // on their text (which the page needs anyway); narrow by positions only when too
            // few of them have the phrase.
            plan.narrow_dense = false;
            let table = match self.ranking_files(&plan)? {
                Ok(table) => table,
                Err(next) => return Ok(next),
            };
            let ranked = self.rank(query, &plan, table, limit)?;
            let best: Vec<u32> = ranked
                .hits
                .iter()
                .take(limit.min(PROBE))
                .map(|h| h.0)
                .collect();
            if let Some(next) = self.texts_needed(best.clone())? {
                return Ok(next);
            }
            let confirmed = best
                .iter()
                .filter(|d| self.texts.get(d).is_some_and(|t| confirms(&plan, t)))
                .count();
            plan.narrow_dense = confirmed * 4 < best.len() * 3;
        }
        match self.ranking_files(&plan)? {
            Ok(table) => self.run(query, &plan, table, limit),
            Err(next) => Ok(next),
        }
    }

    /// Whether the own dictionary part of an unknown word holds a typo of it in reach.
    fn own_typo(&self, token: &str) -> bool {
        let budget = unknown_budget(token.chars().count());
        budget > 0 && !self.typo_candidates(token, budget, false).is_empty()
    }

    /// A word of the query with its other forms (`prefix`: completions too; `fuzzy`: typos
    /// too), under its best correction when it is not in the dictionary.
    fn word_unit(&self, token: String, prefix: bool, fuzzy: bool) -> Unit {
        let forms = self.forms(&token, prefix, fuzzy);
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

    /// The skeleton, when it is not loaded yet.
    fn skeleton_needed(&self) -> Option<Vec<FileId>> {
        let need = self.missing(self.id(FileKind::Skeleton, 0).into_iter().collect());
        (!need.is_empty()).then_some(need)
    }

    /// Whether a required word of `query` (or of its phrases) is not in the dictionary; with
    /// `unreached`, only one that also has no typo in reach in its own dictionary part (its
    /// typos would then change its first letters, which only the skeleton finds).
    fn has_unknown_word(&self, query: &Query, unreached: bool) -> bool {
        query.terms.iter().filter(|t| !t.negated).any(|t| {
            let words: Vec<&String> = match &t.clause {
                Clause::Word(w) => vec![w],
                Clause::Phrase(ws) => ws.iter().collect(),
            };
            words.iter().any(|w| {
                tokenize(w).iter().any(|tok| {
                    let t = tok.term.as_str();
                    wants_skeleton(t)
                        && self.lookup(t).is_none()
                        && !(unreached && self.own_typo(t))
                })
            })
        })
    }

    /// The matching documents with their scores, the best `limit` (and at least
    /// [`PROXIMITY_CANDIDATES`]) sorted and given their proximity bonus.
    fn rank(
        &self,
        query: &Query,
        plan: &Plan,
        table: Tables<'_>,
        limit: usize,
    ) -> Result<Ranked, SearchError> {
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
        // How many of the query's words each document has in its title (or, for a number,
        // its date).
        let mut in_title = vec![0u32; n];
        // the word last counted for each document (its number from 1), so that a document
        // counts once per word whichever of its forms it has
        let mut counted = vec![0u32; n];
        let mut words = 0u32;
        let mut highlight: Vec<String> = Vec::new();
        let mut exact_terms: Vec<Option<Postings>> = Vec::new();
        let mut word_tokens: Vec<&str> = Vec::new();
        for unit in &plan.required {
            unit_score.iter_mut().for_each(|s| *s = -1.0);
            match unit {
                Unit::Word { token, forms } => {
                    word_tokens.push(token);
                    words += 1;
                    // a number among the names is the document's date (or in it)
                    let dated = has_digit(token);
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
                            let s = bm25f(&table.doc.norms[doc as usize], &p.tfs[i], idf);
                            let u = &mut unit_score[doc as usize];
                            *u = u.max(s);
                            let titled = p.tfs[i][TITLE] > 0 || (dated && p.tfs[i][NAMES] > 0);
                            if titled && counted[doc as usize] != words {
                                counted[doc as usize] = words;
                                in_title[doc as usize] += 1;
                            }
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
                    let Some(lists) = self.phrase_lists(tokens, plan.narrow_dense)? else {
                        // A word of the phrase is not in the dictionary: nothing matches.
                        ok.iter_mut().for_each(|o| *o = false);
                        continue;
                    };
                    for doc in self.phrase_docs(&lists, &ok) {
                        let mut s = 0.0;
                        for (_, p) in &lists {
                            if let Some(i) = p.find(doc) {
                                s += bm25f(
                                    &table.doc.norms[doc as usize],
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
        // A title (and date) that has the query's words is what a known-item search looks
        // for: the more of them, the more it outranks a long text that has them all many
        // times.
        let title_bonus = |d: usize| match words {
            0 => 1.0,
            w => 1.0 + TITLE_BONUS * in_title[d] as f32 / w as f32,
        };
        let mut hits: Vec<(u32, f32)> = (0..n as u32)
            .filter(|&d| ok[d as usize])
            .map(|d| (d, score[d as usize] * title_bonus(d as usize)))
            .collect();
        let keep = limit.max(PROXIMITY_CANDIDATES).min(hits.len());
        sort_top(&mut hits, keep, &by_score);
        // Proximity: the query's words next to each other, in order, in one field.
        if exact_terms.len() > 1 && exact_terms.iter().all(Option::is_some) {
            let lists: Vec<(i64, &Postings)> = exact_terms
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.as_ref().map(|p| (i as i64, p)))
                .filter(|(i, _)| !is_stopword(word_tokens[*i as usize]))
                .collect();
            if lists.len() > 1 {
                let top = hits.len().min(PROXIMITY_CANDIDATES);
                for h in &mut hits[..top] {
                    if self.adjacent(&lists, h.0) {
                        h.1 *= 1.5;
                    }
                }
                sort_top(&mut hits, top, &by_score);
            }
        }
        Ok(Ranked {
            hits,
            keep,
            highlight,
            text_check,
        })
    }

    /// Ranks the documents and, when the query has phrases, confirms the best on their text
    /// (asking for it) until a page is full: the page with facets, or what it needs next.
    fn run(
        &self,
        query: &Query,
        plan: &Plan,
        table: Tables<'_>,
        limit: usize,
    ) -> Result<Outcome, SearchError> {
        let Ranked {
            mut hits,
            mut keep,
            highlight,
            text_check,
        } = self.rank(query, plan, table, limit)?;
        let mut total = hits.len();
        if text_check {
            // Confirm the phrases of the best hits on their text, in score order. The texts
            // asked for are expected to confirm at the rate those read so far did: enough are
            // asked at once to fill the page, not one round trip per missing hit.
            let budget = limit.saturating_mul(VERIFY_FACTOR).max(limit);
            let mut want = Vec::new();
            let mut page = Vec::new();
            let (mut checked, mut rejected) = (0, 0);
            let mut i = 0;
            let expected = |want: usize, page: usize, rejected: usize| {
                want * (page + 1) / (page + rejected + 1)
            };
            while i < hits.len()
                && page.len() + expected(want.len(), page.len(), rejected) < limit
                && checked < budget
            {
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
                            rejected += 1;
                        }
                    }
                }
                checked += 1;
                i += 1;
            }
            if let Some(next) = self.texts_needed(want)? {
                return Ok(next);
            }
            hits = page;
        }
        let facets = self.facets(table, hits.iter().map(|h| h.0));
        if total == 0 && self.has_unknown_word(query, false) {
            // "Did you mean" looks for typos whatever their first letters.
            if let Some(need) = self.skeleton_needed() {
                return Ok(Outcome::NeedFiles(need));
            }
        }
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

    /// What it takes to have the text of `docs`: their ids (doc-meta parts), then the texts;
    /// `None` when every text is loaded.
    /// The document table, once the postings (and positions) `plan` ranks with are loaded;
    /// otherwise the files to fetch first.
    fn ranking_files(&self, plan: &Plan) -> Result<Result<Tables<'_>, Outcome>, IndexError> {
        let need = self.missing(self.postings_needs(plan));
        if !need.is_empty() {
            return Ok(Err(Outcome::NeedFiles(need)));
        }
        let doc = self
            .table()
            .ok_or(IndexError::Corrupt("document table not loaded"))?;
        let entities = match plan.entities {
            true => Some(
                self.entities()
                    .ok_or(IndexError::Corrupt("entities not loaded"))?,
            ),
            false => None,
        };
        Ok(Ok(Tables { doc, entities }))
    }

    fn texts_needed(&self, mut docs: Vec<u32>) -> Result<Option<Outcome>, IndexError> {
        docs.retain(|d| !self.texts.contains_key(d));
        if docs.is_empty() {
            return Ok(None);
        }
        let need = self.missing(
            docs.iter()
                .filter_map(|&d| self.id(FileKind::DocMeta, d / self.meta_docs))
                .collect(),
        );
        if !need.is_empty() {
            return Ok(Some(Outcome::NeedFiles(need)));
        }
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            out.push((doc, self.meta_row(doc)?.id.clone()));
        }
        Ok(Some(Outcome::NeedDocs(out)))
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
        narrow_dense: bool,
    ) -> Result<Option<Vec<(i64, Postings)>>, SearchError> {
        let mut lists = Vec::new();
        for (i, (t, v)) in tokens.iter().enumerate() {
            let Some(v) = v else { return Ok(None) };
            if self.phrase_token_listed(tokens, t) {
                let positions = self.phrase_positions(tokens, t, narrow_dense);
                lists.push((i as i64, self.postings(*v, positions)?));
            }
        }
        Ok(Some(lists))
    }

    /// Whether a phrase's token takes part through its postings. A stopword does not when
    /// phrases are confirmed on the text and the phrase has other words: it is in nearly every
    /// document, has no positions and next to no weight, and its list is among the longest.
    fn phrase_token_listed(&self, tokens: &[(String, Option<u64>)], token: &str) -> bool {
        self.shift == 0 || !is_stopword(token) || tokens.iter().all(|(t, _)| is_stopword(t))
    }

    /// Whether a phrase's token narrows the candidates by its positions: exact positions
    /// always; buckets unless every word of the phrase is dense (in half of the documents or
    /// more) and `narrow_dense` is off. Dense words often stand in buckets next to each other
    /// in nearly every document that has them all (`the soviet union`), and their positions
    /// are the longest there are; but not always (`cuban-soviet`): [`Index::search`] probes
    /// the best candidates' text first and narrows only when too few of them confirm.
    fn phrase_positions(
        &self,
        tokens: &[(String, Option<u64>)],
        token: &str,
        narrow_dense: bool,
    ) -> bool {
        !is_stopword(token) && (self.shift == 0 || narrow_dense || !self.dense_phrase(tokens))
    }

    /// Whether every word of a phrase (stopwords aside) is in half of the documents or more.
    fn dense_phrase(&self, tokens: &[(String, Option<u64>)]) -> bool {
        let dense = |v: u64| u64::from(df_from_code(value_df(v))) * 2 >= u64::from(self.n_docs);
        tokens
            .iter()
            .filter(|(t, _)| !is_stopword(t))
            .all(|(_, v)| v.is_some_and(dense))
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
            Unit::Phrase { tokens } => match self.phrase_lists(tokens, true)? {
                None => Vec::new(),
                Some(lists) => self.phrase_docs(&lists, &vec![true; self.n_docs as usize]),
            },
        })
    }

    /// Documents (allowed by `ok`) where the phrase's tokens stand at their offsets, as far
    /// as the positions tell (exactly with exact positions, else in compatible buckets).
    fn phrase_docs(&self, lists: &[(i64, Postings)], ok: &[bool]) -> Vec<u32> {
        let Some((_, shortest)) = lists.iter().min_by_key(|(_, p)| p.docs.len()) else {
            return Vec::new();
        };
        let positional: Vec<(i64, &Postings)> = lists
            .iter()
            .filter(|(_, p)| p.has_positions())
            .map(|(o, p)| (*o, p))
            .collect();
        shortest
            .docs
            .iter()
            .copied()
            .filter(|&d| ok.get(d as usize).copied().unwrap_or(false))
            .filter(|&d| lists.iter().all(|(_, p)| p.find(d).is_some()))
            .filter(|&d| positional.len() < 2 || self.adjacent(&positional, d))
            .collect()
    }

    /// Whether, in `doc`, the lists have positions at their offsets from a common start (in
    /// compatible buckets when positions are bucketed).
    fn adjacent(&self, lists: &[(i64, &Postings)], doc: u32) -> bool {
        let Some(idx): Option<Vec<usize>> = lists.iter().map(|(_, p)| p.find(doc)).collect() else {
            return false;
        };
        let s = self.shift;
        let all: Vec<&[u32]> = lists
            .iter()
            .zip(&idx)
            .map(|((_, p), &i)| p.buckets(i))
            .collect();
        let o0 = lists[0].0;
        'start: for &b0 in all[0] {
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

    fn filter_mask(&self, query: &Query, t: Tables<'_>) -> Vec<bool> {
        let table = t.doc;
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
                t.entities
                    .map_or(&[][..], |e| &e.rows)
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
            let ents_ok = entity_sets.iter().all(|set| {
                t.entities
                    .is_some_and(|es| es.of(d).iter().any(|&e| has(set, e)))
            });
            *o = years_ok && langs_ok && arch_ok && ents_ok;
        }
        ok
    }

    /// Facet counts over `docs`; without entity facets when the entities are not loaded.
    fn facets(&self, t: Tables<'_>, docs: impl Iterator<Item = u32>) -> Facets {
        let table = t.doc;
        let rows = t.entities.map_or(&[][..], |e| &e.rows);
        let mut years: BTreeMap<i32, u32> = BTreeMap::new();
        let mut decades: BTreeMap<i32, u32> = BTreeMap::new();
        let mut langs = vec![0u32; self.langs.len()];
        let mut archives = vec![0u32; self.archives.len()];
        let mut kinds = [0u32; EntityKind::ALL.len()];
        let mut ents = vec![0u32; rows.len()];
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
            if let Some(es) = t.entities {
                for &e in es.of(d) {
                    ents[e as usize] += 1;
                }
                let mut k = es.kinds[d];
                while k != 0 {
                    kinds[k.trailing_zeros() as usize] += 1;
                    k &= k - 1;
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
            .zip(rows)
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
            kinds: EntityKind::ALL
                .into_iter()
                .zip(kinds)
                .filter(|&(_, n)| n > 0)
                .collect(),
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

/// Best score first, then the lower document number.
fn by_score(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Adds (or, when heavier, reweighs) a form of a query word.
fn add_form(
    forms: &mut BTreeMap<String, Expansion>,
    term: &str,
    value: u64,
    weight: f32,
    idf_df: u32,
) {
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
