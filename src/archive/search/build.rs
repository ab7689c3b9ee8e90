//! Building the index: documents in, manifest and part files out. Deterministic: the same
//! documents give the same bytes.

use std::collections::{BTreeMap, HashMap};

use super::analyze::{found_by_stem_prefix, has_digit, is_stopword, stem, tokenize_with};
use super::codec::{fnv64, put_bytes, put_varint, Fnv};
use super::postings::{encode_positions, encode_postings};
use super::table::{self, Columns, EntityRow};
use super::{SearchDoc, FIELDS, NAMES};
use crate::archive::corpus::par_map;
use crate::archive::model::EntityKind;

pub(crate) const MANIFEST_MAGIC: &[u8; 4] = b"DSXM";
pub(crate) const FILE_MAGIC: &[u8; 4] = b"DSXF";
pub(crate) const VERSION: u8 = 4;
/// Longer tokens (in bytes) are not indexed.
pub(crate) const MAX_TERM_BYTES: usize = 48;
/// Gap in positions between two entity names, so that a phrase never spans two names.
const NAME_GAP: u32 = 8;
/// Gap in positions between two fields (in the virtual position space of a document).
pub(crate) const FIELD_GAP: u32 = 64;
/// Bytes of a term that choose its dictionary part.
pub(crate) const GROUP_BYTES: usize = 2;
/// A term's value: its ordinal (its rank among all terms, which places its postings and
/// positions) and its document frequency code (see [`df_code`]), as `ordinal << 8 | code`.
pub(crate) fn term_value(ordinal: u64, df_code: u8) -> u64 {
    (ordinal << 8) | u64::from(df_code)
}

/// The ordinal of a term's value.
pub(crate) fn value_ordinal(v: u64) -> u64 {
    v >> 8
}

/// The document frequency code of a dictionary value (ordered like the frequency).
pub(crate) fn value_df(v: u64) -> u8 {
    v as u8
}

/// A document frequency on a byte: exact below 64, then steps of 5%.
pub(crate) fn df_code(df: u32) -> u8 {
    if df < 64 {
        return df as u8;
    }
    let steps = ((f64::from(df) / 64.0).ln() / 1.05f64.ln()).floor();
    (64.0 + steps).min(255.0) as u8
}

/// The kinds of files an index is made of, in file id order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// A part of the term dictionary: the terms (and stem groups) of a range of two-byte
    /// prefixes.
    Dictionary,
    /// The typo skeleton: every frequent-enough term, for typos that change a word's first
    /// two bytes.
    Skeleton,
    /// Postings (documents and term frequencies) of a range of terms.
    Postings,
    /// Coarse word positions of a range of terms.
    Positions,
    /// The document table: field lengths (for ranking), years, languages and archives (for
    /// filters and facets), by column.
    DocTable,
    /// Id, title and date of a range of documents (fetched for the hits shown).
    DocMeta,
    /// The entities and each one's documents (for entity filters and entity facets, which a
    /// page asks for after its first results).
    DocEntities,
}

impl FileKind {
    /// Every kind, in the order of the file table.
    pub const ALL: [FileKind; 7] = [
        FileKind::Dictionary,
        FileKind::Skeleton,
        FileKind::Postings,
        FileKind::Positions,
        FileKind::DocTable,
        FileKind::DocMeta,
        FileKind::DocEntities,
    ];

    /// Whether the manifest holds the file's hash: files whose decoder (`fst`) trusts its
    /// input are checked against it before use; the others decode defensively.
    pub(crate) fn hashed_in_manifest(self) -> bool {
        matches!(self, FileKind::Dictionary | FileKind::Skeleton)
    }

    /// The first letter of the kind's file names.
    pub fn prefix(self) -> &'static str {
        match self {
            FileKind::Dictionary => "d",
            FileKind::Skeleton => "s",
            FileKind::Postings => "p",
            FileKind::Positions => "q",
            FileKind::DocTable => "t",
            FileKind::DocMeta => "m",
            FileKind::DocEntities => "e",
        }
    }
}

/// How to build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The size a dictionary part aims at (parts hold whole two-byte prefix groups).
    pub dictionary_part_bytes: usize,
    /// The size a postings part aims at.
    pub postings_part_bytes: usize,
    /// The size a positions part aims at.
    pub positions_part_bytes: usize,
    /// Documents per doc-meta part.
    pub meta_docs: u32,
    /// Positions are stored in buckets of `2^position_shift` words (0: exact positions).
    /// Phrases are then confirmed against the documents' text (see
    /// [`super::Outcome::NeedDocs`]).
    pub position_shift: u8,
    /// Terms in at least this many documents go into the typo skeleton.
    pub skeleton_min_df: u32,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            dictionary_part_bytes: 8 * 1024,
            // a rare word's postings or positions cost a query the whole part they are in:
            // 4 KB parts take a two-word query's fetch from 109 to 90 KB gzip at 10,000
            // records (12 KB parts), for 0.0005 more gzip bytes per byte of text
            postings_part_bytes: 4 * 1024,
            positions_part_bytes: 4 * 1024,
            meta_docs: 8,
            position_shift: 7,
            skeleton_min_df: 40,
        }
    }
}

/// A built index: the manifest and the part files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltIndex {
    /// `manifest.bin`.
    pub manifest: Vec<u8>,
    /// `(file name, bytes)` of each file, in file id order. Names carry a content hash, so
    /// they can be cached forever.
    pub files: Vec<(String, Vec<u8>)>,
    /// The kind of each file.
    pub kinds: Vec<FileKind>,
}

impl BuiltIndex {
    /// The manifest's and all files' bytes.
    pub fn total_bytes(&self) -> usize {
        self.manifest.len() + self.files.iter().map(|(_, b)| b.len()).sum::<usize>()
    }
}

/// A term's postings as collected, before coding.
#[derive(Default)]
struct TermBuf {
    docs: Vec<u32>,
    tfs: Vec<[u16; FIELDS]>,
    /// Per document, where its buckets end in `buckets` (empty for stopwords).
    bucket_ends: Vec<u32>,
    buckets: Vec<u32>,
}

impl TermBuf {
    fn append(&mut self, mut other: TermBuf) {
        let base = self.buckets.len() as u32;
        self.docs.append(&mut other.docs);
        self.tfs.append(&mut other.tfs);
        self.bucket_ends
            .extend(other.bucket_ends.iter().map(|e| e + base));
        self.buckets.append(&mut other.buckets);
    }

    fn has_positions(&self) -> bool {
        !self.bucket_ends.is_empty()
    }

    /// Each document's buckets.
    fn per_doc(&self) -> impl Iterator<Item = &[u32]> {
        let starts = std::iter::once(0).chain(self.bucket_ends.iter().copied());
        starts
            .zip(&self.bucket_ends)
            .map(|(a, &b)| &self.buckets[a as usize..b as usize])
    }
}

/// A document's tokens by term: per field term frequencies and virtual positions.
#[derive(Default)]
pub(crate) struct Local {
    pub(crate) tf: [u32; FIELDS],
    /// Positions in the document's virtual position space (fields one after the other,
    /// [`FIELD_GAP`] apart), ascending.
    pub(crate) pos: Vec<u32>,
}

/// Tokens of a document: term → frequencies and positions, and the field lengths (in words,
/// gaps between names not counted).
pub(crate) fn analyze_doc(d: &SearchDoc) -> (HashMap<String, Local>, [u32; FIELDS]) {
    let mut local: HashMap<String, Local> = HashMap::new();
    let mut lens = [0u32; FIELDS];
    let mut base = 0u32;
    let mut add = |field: usize, text: &str, start: u32| -> u32 {
        let mut pos = start;
        tokenize_with(text, |t| {
            if t.term.len() <= MAX_TERM_BYTES {
                let l = local.entry(t.term).or_default();
                l.tf[field] += 1;
                l.pos.push(pos);
            }
            pos = pos.saturating_add(1);
        });
        pos
    };
    for (field, text) in [(0, &d.title), (1, &d.summary), (2, &d.body)] {
        let end = add(field, text, base);
        lens[field] = end - base;
        base = end.saturating_add(FIELD_GAP);
    }
    let mut names: Vec<&str> = d.entities.iter().map(|e| e.name.as_str()).collect();
    if !d.date.is_empty() {
        names.push(&d.date);
    }
    let mut p = base;
    for n in names {
        let end = add(NAMES, n, p);
        lens[NAMES] += end - p;
        p = end.saturating_add(NAME_GAP);
    }
    (local, lens)
}

/// Quantizes a field length to a byte: exact below 32, then steps of 10%.
pub(crate) fn length_code(len: u32) -> u8 {
    if len < 32 {
        return len as u8;
    }
    let steps = ((f64::from(len) / 32.0).ln() / 1.1f64.ln()).round();
    (32.0 + steps).min(255.0) as u8
}

/// The length a [`length_code`] stands for.
pub(crate) fn code_length(code: u8) -> f32 {
    if code < 32 {
        f32::from(code)
    } else {
        32.0 * 1.1f32.powi(i32::from(code) - 32)
    }
}

/// The dictionary group of a term (or stem key): its first [`GROUP_BYTES`] bytes.
pub(crate) fn group(key: &[u8]) -> &[u8] {
    &key[..key.len().min(GROUP_BYTES)]
}

fn intern(map: &mut BTreeMap<String, u32>, s: &str) {
    let n = map.len() as u32;
    map.entry(s.to_string()).or_insert(n);
}

/// Documents analyzed per task, and tasks per round (each round's terms are merged before the
/// next starts, so that memory stays near that of the postings themselves).
const CHUNK_DOCS: usize = 64;
const CHUNKS_PER_ROUND: usize = 32;

/// The postings of `docs` (numbered from `first`) by term, and their field lengths.
fn collect(
    docs: &[SearchDoc],
    first: usize,
    shift: u32,
) -> (HashMap<String, TermBuf>, Vec<[u32; FIELDS]>) {
    let mut terms: HashMap<String, TermBuf> = HashMap::new();
    let mut lens = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let (local, l) = analyze_doc(d);
        lens.push(l);
        for (term, l) in local {
            let with_positions = !is_stopword(&term);
            let buf = terms.entry(term).or_default();
            buf.docs.push((first + i) as u32);
            buf.tfs
                .push(l.tf.map(|t| u16::try_from(t).unwrap_or(u16::MAX)));
            if with_positions {
                let start = buf.buckets.len();
                for p in l.pos {
                    let b = p >> shift;
                    if buf.buckets.len() == start || buf.buckets.last() != Some(&b) {
                        buf.buckets.push(b);
                    }
                }
                buf.bucket_ends.push(buf.buckets.len() as u32);
            }
        }
    }
    (terms, lens)
}

/// The part to append the record of term `ord` to: the last of `parts`, or a new one (whose
/// first term `firsts` notes) once the last has `target` bytes.
fn next_part<'a>(
    parts: &'a mut Vec<Vec<u8>>,
    firsts: &mut Vec<u64>,
    ord: u64,
    target: usize,
) -> &'a mut Vec<u8> {
    if parts.last().is_none_or(|p| p.len() >= target) {
        parts.push(Vec::new());
        firsts.push(ord);
    }
    let last = parts.len() - 1;
    &mut parts[last]
}

/// A file's header: magic, version, kind, number and the build's hash (which names every
/// file of the build and ties them to its manifest).
fn file_header(kind: FileKind, n: u32, build: u32) -> Vec<u8> {
    let mut b = FILE_MAGIC.to_vec();
    b.push(VERSION);
    b.push(kind as u8);
    put_varint(&mut b, u64::from(n));
    b.extend_from_slice(&build.to_le_bytes());
    b
}

/// Builds the index over `docs` (document numbers are their positions in `docs`).
pub fn build(docs: &[SearchDoc], opts: &BuildOptions) -> BuiltIndex {
    let shift = u32::from(opts.position_shift.min(16));
    let n_docs = docs.len() as u32;
    // Facet dictionaries, sorted so the bytes do not depend on document order.
    let mut langs: BTreeMap<String, u32> = BTreeMap::new();
    let mut archives: BTreeMap<String, u32> = BTreeMap::new();
    let mut ents: BTreeMap<(String, u8), (String, u32)> = BTreeMap::new();
    for d in docs {
        d.languages.iter().for_each(|l| intern(&mut langs, l));
        d.archive.iter().for_each(|a| intern(&mut archives, a));
        for e in &d.entities {
            let n = ents.len() as u32;
            ents.entry((e.id.clone(), e.kind as u8))
                .or_insert((e.name.clone(), n));
        }
    }
    for (i, v) in langs.values_mut().enumerate() {
        *v = i as u32;
    }
    for (i, v) in archives.values_mut().enumerate() {
        *v = i as u32;
    }
    for (i, v) in ents.values_mut().enumerate() {
        v.1 = i as u32;
    }

    // Postings by term, documents analyzed on every core (with the `parallel` feature).
    let mut terms: HashMap<String, TermBuf> = HashMap::new();
    let mut lens_all: Vec<[u32; FIELDS]> = Vec::with_capacity(docs.len());
    let chunks: Vec<(usize, &[SearchDoc])> = docs
        .chunks(CHUNK_DOCS)
        .enumerate()
        .map(|(i, c)| (i * CHUNK_DOCS, c))
        .collect();
    for round in chunks.chunks(CHUNKS_PER_ROUND) {
        for (part, lens) in par_map(round, |&(first, c)| collect(c, first, shift)) {
            lens_all.extend(lens);
            for (term, buf) in part {
                match terms.get_mut(&term) {
                    Some(t) => t.append(buf),
                    None => {
                        terms.insert(term, buf);
                    }
                }
            }
        }
    }
    let mut totals = [0u64; FIELDS];
    for l in &lens_all {
        for (t, &l) in totals.iter_mut().zip(l) {
            *t += u64::from(l);
        }
    }
    let mut sorted: Vec<(String, TermBuf)> = terms.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let coded: Vec<(Vec<u8>, Vec<u8>)> = par_map(&sorted, |(_, b)| {
        let postings = encode_postings(&b.docs, &b.tfs, n_docs);
        let positions = if b.has_positions() {
            encode_positions(b.per_doc())
        } else {
            Vec::new()
        };
        (postings, positions)
    });

    // Postings and positions parts: ranges of terms, in term order. A postings record is the
    // term's document frequency and its coded postings; a positions record its coded positions
    // (empty for a stopword).
    let mut postings: Vec<Vec<u8>> = Vec::new();
    let mut positions: Vec<Vec<u8>> = Vec::new();
    let mut postings_first: Vec<u64> = Vec::new();
    let mut positions_first: Vec<u64> = Vec::new();
    let mut values: Vec<u64> = Vec::with_capacity(sorted.len());
    for (ord, ((_, buf), (coded_docs, coded_positions))) in sorted.iter().zip(&coded).enumerate() {
        let ord = ord as u64;
        put_bytes(
            next_part(
                &mut positions,
                &mut positions_first,
                ord,
                opts.positions_part_bytes,
            ),
            coded_positions,
        );
        let out = next_part(
            &mut postings,
            &mut postings_first,
            ord,
            opts.postings_part_bytes,
        );
        put_varint(out, buf.docs.len() as u64);
        put_bytes(out, coded_docs);
        values.push(term_value(ord, df_code(buf.docs.len() as u32)));
    }
    drop(coded);

    // Dictionary parts: whole groups, in order.
    let mut part_starts: Vec<Vec<u8>> = Vec::new();
    let mut part_ranges: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let g = group(sorted[i].0.as_bytes()).to_vec();
        let mut j = i;
        let mut size = 0;
        while j < sorted.len() && group(sorted[j].0.as_bytes()) == g.as_slice() {
            size += sorted[j].0.len() + 4;
            j += 1;
        }
        let start_new = part_ranges.last().is_none_or(|&(a, b)| {
            let cur: usize = sorted[a..b].iter().map(|t| t.0.len() + 4).sum();
            cur + size / 2 > opts.dictionary_part_bytes
        });
        if start_new {
            part_starts.push(g);
            part_ranges.push((i, j));
        } else if let Some(last) = part_ranges.last_mut() {
            last.1 = j;
        }
        i = j;
    }
    if part_starts.is_empty() {
        part_starts.push(Vec::new());
        part_ranges.push((0, 0));
    }
    // The first part starts at the empty key: every key has a part.
    part_starts[0].clear();
    let part_of = |key: &[u8]| -> usize {
        part_starts
            .partition_point(|s| s.as_slice() <= key)
            .saturating_sub(1)
    };
    // Words that share a stem are found at query time among the terms that begin with the
    // stem's prefix; the few that do not (`dying` ← `die`) are listed apart, keyed
    // `stem \0 term` → the term's value, in the stem's part.
    let mut stem_keys: Vec<(String, usize)> = Vec::new();
    {
        let mut by_stem: Vec<(String, usize)> = sorted
            .iter()
            .enumerate()
            .filter(|(_, (t, _))| !has_digit(t))
            .map(|(i, (t, _))| (stem(t), i))
            .collect();
        by_stem.sort_unstable_by(|a, b| (&a.0, &sorted[a.1].0).cmp(&(&b.0, &sorted[b.1].0)));
        let mut i = 0;
        while i < by_stem.len() {
            let mut j = i + 1;
            while j < by_stem.len() && by_stem[j].0 == by_stem[i].0 {
                j += 1;
            }
            // A group matters when it has several terms or its term differs from its stem (a
            // query word whose stem is a term itself finds that term directly).
            if j - i > 1 || by_stem[i].0 != sorted[by_stem[i].1].0 {
                for (s, t) in &by_stem[i..j] {
                    if !found_by_stem_prefix(&sorted[*t].0, s, GROUP_BYTES) {
                        stem_keys.push((format!("{s}\0{}", sorted[*t].0), *t));
                    }
                }
            }
            i = j;
        }
        stem_keys.sort_unstable();
    }
    let mut dict_files: Vec<Vec<u8>> = Vec::with_capacity(part_ranges.len());
    let mut stem_i = 0;
    for (p, &(a, b)) in part_ranges.iter().enumerate() {
        // term → ordinal (consecutive numbers cost the map little), then the document
        // frequency codes of the part's ordinals.
        let mut tb = fst::MapBuilder::memory();
        for (k, (term, _)) in sorted.iter().enumerate().take(b).skip(a) {
            tb.insert(term, k as u64)
                .expect("terms are inserted sorted and unique");
        }
        let mut sb = fst::MapBuilder::memory();
        while stem_i < stem_keys.len() && part_of(stem_keys[stem_i].0.as_bytes()) == p {
            let (key, t) = &stem_keys[stem_i];
            sb.insert(key, values[*t]).expect("stem keys are sorted");
            stem_i += 1;
        }
        let mut f = Vec::new();
        put_varint(&mut f, a as u64);
        put_bytes(&mut f, &tb.into_inner().expect("in-memory fst"));
        f.extend(values[a..b].iter().map(|&v| value_df(v)));
        put_bytes(&mut f, &sb.into_inner().expect("in-memory fst"));
        dict_files.push(f);
    }
    // The typo skeleton.
    let mut sk = fst::MapBuilder::memory();
    for (k, (t, buf)) in sorted.iter().enumerate() {
        if buf.docs.len() as u32 >= opts.skeleton_min_df && t.chars().count() >= 4 && !has_digit(t)
        {
            sk.insert(t, values[k]).expect("terms are sorted");
        }
    }
    let mut skeleton = Vec::new();
    put_bytes(&mut skeleton, &sk.into_inner().expect("in-memory fst"));
    drop(sorted);

    // The document table.
    let columns = Columns {
        lengths: std::array::from_fn(|f| lens_all.iter().map(|l| length_code(l[f])).collect()),
        years: docs.iter().map(|d| d.year).collect(),
        langs: docs
            .iter()
            .map(|d| {
                let mut ls: Vec<u32> = d
                    .languages
                    .iter()
                    .filter_map(|l| langs.get(l).copied())
                    .collect();
                ls.sort_unstable();
                ls.dedup();
                ls
            })
            .collect(),
        archives: docs
            .iter()
            .map(|d| d.archive.as_ref().and_then(|a| archives.get(a).copied()))
            .collect(),
        entity_ids: docs
            .iter()
            .map(|d| {
                let mut ids: Vec<u32> = d
                    .entities
                    .iter()
                    .filter_map(|e| ents.get(&(e.id.clone(), e.kind as u8)).map(|v| v.1))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect(),
        entities: ents
            .iter()
            .map(|((id, kind), (name, _))| EntityRow {
                kind: EntityKind::ALL[usize::from(*kind)],
                id: id.clone(),
                name: name.clone(),
            })
            .collect(),
    };
    let table = table::encode(&columns, langs.len(), archives.len());
    let entity_table = table::encode_entities(&columns);

    // Doc-meta parts.
    let per = opts.meta_docs.max(1) as usize;
    let mut meta_files = Vec::new();
    for chunk in docs.chunks(per) {
        let mut f = Vec::new();
        for d in chunk {
            put_bytes(&mut f, d.id.as_bytes());
            put_bytes(&mut f, d.title.as_bytes());
            put_bytes(&mut f, d.date.as_bytes());
        }
        meta_files.push(f);
    }

    // All files, in file id order; the build's hash over all of them names each.
    let groups: [(FileKind, Vec<Vec<u8>>); FileKind::ALL.len()] = [
        (FileKind::Dictionary, dict_files),
        (FileKind::Skeleton, vec![skeleton]),
        (FileKind::Postings, postings),
        (FileKind::Positions, positions),
        (FileKind::DocTable, vec![table]),
        (FileKind::DocMeta, meta_files),
        (FileKind::DocEntities, vec![entity_table]),
    ];
    let mut hash = Fnv::new();
    for (kind, list) in &groups {
        for payload in list {
            hash.write(&[*kind as u8]);
            hash.write(&(payload.len() as u64).to_le_bytes());
            hash.write(payload);
        }
    }
    let build_hash = {
        let h = hash.finish();
        (h ^ (h >> 32)) as u32
    };
    let mut files = Vec::new();
    let mut kinds = Vec::new();
    let mut counts = [0u32; FileKind::ALL.len()];
    for (kind, list) in groups {
        counts[kind as usize] = list.len() as u32;
        for (n, payload) in list.into_iter().enumerate() {
            let mut b = file_header(kind, n as u32, build_hash);
            b.extend_from_slice(&payload);
            let sum = fnv64(&b);
            b.extend_from_slice(&sum.to_le_bytes());
            files.push((file_name(kind, n as u32, build_hash), b));
            kinds.push(kind);
        }
    }

    // Manifest.
    let mut m = MANIFEST_MAGIC.to_vec();
    m.push(VERSION);
    put_varint(&mut m, docs.len() as u64);
    m.push(shift as u8);
    put_varint(&mut m, per as u64);
    for t in totals {
        put_varint(&mut m, t);
    }
    m.extend_from_slice(&build_hash.to_le_bytes());
    for c in counts {
        put_varint(&mut m, u64::from(c));
    }
    for s in &part_starts {
        put_bytes(&mut m, s);
    }
    for firsts in [&postings_first, &positions_first] {
        let mut prev = 0;
        for &f in firsts {
            put_varint(&mut m, f - prev);
            prev = f;
        }
    }
    for ((_, b), kind) in files.iter().zip(&kinds) {
        if kind.hashed_in_manifest() {
            m.extend_from_slice(&(fnv64(b) as u32).to_le_bytes());
        }
    }
    put_varint(&mut m, langs.len() as u64);
    langs.keys().for_each(|l| put_bytes(&mut m, l.as_bytes()));
    put_varint(&mut m, archives.len() as u64);
    archives
        .keys()
        .for_each(|a| put_bytes(&mut m, a.as_bytes()));
    let sum = fnv64(&m);
    m.extend_from_slice(&sum.to_le_bytes());
    BuiltIndex {
        manifest: m,
        files,
        kinds,
    }
}

/// A file's name: kind letter, number, and the hash of the build it belongs to.
pub(crate) fn file_name(kind: FileKind, n: u32, build: u32) -> String {
    format!("{}{n:04}-{build:08x}.bin", kind.prefix())
}

/// Folded name words, for matching filter values against names.
pub(crate) fn name_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize_with(s, |t| out.push(t.term));
    out
}
