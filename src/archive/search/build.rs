//! Building the index: documents in, manifest and part files out. Deterministic: the same
//! documents give the same bytes.

use std::collections::{BTreeMap, HashMap};

use super::analyze::{has_digit, is_stopword, stem, tokenize_with};
use super::codec::{fnv64, put_bytes, put_varint};
use super::{SearchDoc, FIELDS, NAMES};

pub(crate) const MANIFEST_MAGIC: &[u8; 4] = b"DSXM";
pub(crate) const FILE_MAGIC: &[u8; 4] = b"DSXF";
pub(crate) const VERSION: u8 = 2;
/// Longer tokens (in bytes) are not indexed.
pub(crate) const MAX_TERM_BYTES: usize = 48;
/// Gap in positions between two entity names, so that a phrase never spans two names.
const NAME_GAP: u32 = 8;
/// Gap in positions between two fields (in the virtual position space of a document).
pub(crate) const FIELD_GAP: u32 = 64;
/// Bytes of a term that choose its dictionary part.
pub(crate) const GROUP_BYTES: usize = 2;
/// A dictionary value: postings part (20 bits), offset in it (20 bits), positions part + 1
/// (16 bits, 0: none) and a document frequency code (8 bits, see [`df_code`]).
pub(crate) const VALUE_OFFSET_BITS: u32 = 20;
const MAX_POSTINGS_PARTS: usize = 1 << 20;
const MAX_POSITIONS_PARTS: usize = (1 << 16) - 1;

/// Packs a dictionary value.
fn pack_value(part: usize, offset: usize, pos_part: Option<usize>, df: u32) -> u64 {
    ((part as u64) << 44)
        | ((offset as u64) << 24)
        | (pos_part.map_or(0, |p| p as u64 + 1) << 8)
        | u64::from(df_code(df))
}

/// The postings part of a dictionary value.
pub(crate) fn value_part(v: u64) -> u32 {
    (v >> 44) as u32
}

/// The offset in its postings part of a dictionary value.
pub(crate) fn value_offset(v: u64) -> usize {
    ((v >> 24) & ((1 << VALUE_OFFSET_BITS) - 1)) as usize
}

/// The positions part of a dictionary value.
pub(crate) fn value_positions(v: u64) -> Option<u32> {
    let p = ((v >> 8) & 0xffff) as u32;
    p.checked_sub(1)
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
    /// The document table: field lengths (for ranking), years, languages, archives and
    /// entities (for filters and facets), by column.
    DocTable,
    /// Id, title and date of a range of documents (fetched for the hits shown).
    DocMeta,
}

impl FileKind {
    pub(crate) const ALL: [FileKind; 6] = [
        FileKind::Dictionary,
        FileKind::Skeleton,
        FileKind::Postings,
        FileKind::Positions,
        FileKind::DocTable,
        FileKind::DocMeta,
    ];

    /// The first letter of the kind's file names.
    pub fn prefix(self) -> &'static str {
        match self {
            FileKind::Dictionary => "d",
            FileKind::Skeleton => "s",
            FileKind::Postings => "p",
            FileKind::Positions => "q",
            FileKind::DocTable => "t",
            FileKind::DocMeta => "m",
        }
    }

    pub(crate) fn from_u8(b: u8) -> Option<FileKind> {
        FileKind::ALL.get(usize::from(b)).copied()
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
            postings_part_bytes: 12 * 1024,
            positions_part_bytes: 12 * 1024,
            meta_docs: 32,
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

#[derive(Default)]
struct TermBuf {
    df: u32,
    last_doc: Option<u32>,
    docs: Vec<u8>,
    positions: Vec<u8>,
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

fn file_header(kind: FileKind, n: u32) -> Vec<u8> {
    let mut b = FILE_MAGIC.to_vec();
    b.push(VERSION);
    b.push(kind as u8);
    put_varint(&mut b, u64::from(n));
    b
}

/// Builds the index over `docs` (document numbers are their positions in `docs`).
pub fn build(docs: &[SearchDoc], opts: &BuildOptions) -> BuiltIndex {
    let shift = u32::from(opts.position_shift.min(16));
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

    let mut terms: HashMap<String, TermBuf> = HashMap::new();
    let mut lens_all: Vec<[u32; FIELDS]> = Vec::with_capacity(docs.len());
    let mut totals = [0u64; FIELDS];
    let mut buckets: Vec<u32> = Vec::new();
    for (doc_no, d) in docs.iter().enumerate() {
        let (local, lens) = analyze_doc(d);
        for (t, l) in totals.iter_mut().zip(lens) {
            *t += u64::from(l);
        }
        lens_all.push(lens);
        let mut local: Vec<(String, Local)> = local.into_iter().collect();
        local.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (term, l) in local {
            let with_positions = !is_stopword(&term);
            let buf = match terms.get_mut(&term) {
                Some(b) => b,
                None => terms.entry(term).or_default(),
            };
            encode_posting(buf, doc_no as u32, &l.tf);
            if with_positions {
                buckets.clear();
                buckets.extend(l.pos.iter().map(|&p| p >> shift));
                buckets.dedup();
                put_varint(&mut buf.positions, buckets.len() as u64);
                let mut prev = 0;
                for (i, &b) in buckets.iter().enumerate() {
                    put_varint(
                        &mut buf.positions,
                        u64::from(if i == 0 { b } else { b - prev }),
                    );
                    prev = b;
                }
            }
        }
    }

    let mut sorted: Vec<(String, TermBuf)> = terms.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // Postings and positions parts, in term order.
    let mut postings: Vec<Vec<u8>> = Vec::new();
    let mut positions: Vec<Vec<u8>> = Vec::new();
    let mut values: Vec<u64> = Vec::with_capacity(sorted.len());
    let part_cap = (1usize << VALUE_OFFSET_BITS) - 64;
    // Parts grow when the counts would not fit in a value.
    let total_postings: usize = sorted.iter().map(|(_, b)| b.docs.len() + 8).sum();
    let total_positions: usize = sorted.iter().map(|(_, b)| b.positions.len()).sum();
    let postings_target = opts
        .postings_part_bytes
        .max(total_postings / (MAX_POSTINGS_PARTS / 2))
        .min(part_cap);
    let positions_target = opts
        .positions_part_bytes
        .max(total_positions / (MAX_POSITIONS_PARTS / 2))
        .min(part_cap);
    for (_, buf) in &sorted {
        let mut pos_ref = None;
        if !buf.positions.is_empty() {
            let full = positions.last().is_none_or(|p| p.len() >= positions_target);
            if full {
                positions.push(file_header(FileKind::Positions, positions.len() as u32));
            }
            let n = positions.len() - 1;
            let out = &mut positions[n];
            pos_ref = Some((n, out.len(), buf.positions.len()));
            out.extend_from_slice(&buf.positions);
        }
        let full = postings.last().is_none_or(|p| p.len() >= postings_target);
        if full {
            postings.push(file_header(FileKind::Postings, postings.len() as u32));
        }
        let n = postings.len() - 1;
        let out = &mut postings[n];
        let offset = out.len() as u64;
        put_varint(out, u64::from(buf.df));
        match pos_ref {
            None => put_varint(out, 0),
            Some((part, off, len)) => {
                put_varint(out, part as u64 + 1);
                put_varint(out, off as u64);
                put_varint(out, len as u64);
            }
        }
        put_bytes(out, &buf.docs);
        values.push(pack_value(n, offset as usize, pos_ref.map(|r| r.0), buf.df));
    }

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
    // Stem groups, keyed `stem \0 term` → the term's value, in the stem's part.
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
            // A group is kept when it has several terms or its term differs from its stem (a
            // query word whose stem is a term itself finds that term directly).
            if j - i > 1 || by_stem[i].0 != sorted[by_stem[i].1].0 {
                for (s, t) in &by_stem[i..j] {
                    stem_keys.push((format!("{s}\0{}", sorted[*t].0), *t));
                }
            }
            i = j;
        }
        stem_keys.sort_unstable();
    }
    let mut dict_files: Vec<Vec<u8>> = Vec::with_capacity(part_ranges.len());
    let mut stem_i = 0;
    for (p, &(a, b)) in part_ranges.iter().enumerate() {
        let mut tb = fst::MapBuilder::memory();
        for k in a..b {
            tb.insert(&sorted[k].0, values[k])
                .expect("terms are inserted sorted and unique");
        }
        let mut sb = fst::MapBuilder::memory();
        while stem_i < stem_keys.len() && part_of(stem_keys[stem_i].0.as_bytes()) == p {
            let (key, t) = &stem_keys[stem_i];
            sb.insert(key, values[*t]).expect("stem keys are sorted");
            stem_i += 1;
        }
        let mut f = file_header(FileKind::Dictionary, p as u32);
        put_bytes(&mut f, &tb.into_inner().expect("in-memory fst"));
        put_bytes(&mut f, &sb.into_inner().expect("in-memory fst"));
        dict_files.push(f);
    }
    // The typo skeleton.
    let mut sk = fst::MapBuilder::memory();
    for (k, (t, buf)) in sorted.iter().enumerate() {
        if buf.df >= opts.skeleton_min_df && t.chars().count() >= 4 && !has_digit(t) {
            sk.insert(t, values[k]).expect("terms are sorted");
        }
    }
    let mut skeleton = file_header(FileKind::Skeleton, 0);
    put_bytes(&mut skeleton, &sk.into_inner().expect("in-memory fst"));

    // The document table, by column.
    let mut table = file_header(FileKind::DocTable, 0);
    for f in 0..FIELDS {
        table.extend(lens_all.iter().map(|l| length_code(l[f])));
    }
    let min_year = docs.iter().filter_map(|d| d.year).min().unwrap_or(0);
    put_varint(&mut table, u64::from(min_year.max(0) as u32));
    for d in docs {
        put_varint(
            &mut table,
            d.year
                .map_or(0, |y| u64::from((y - min_year).max(0) as u32) + 1),
        );
    }
    for d in docs {
        let mut ls: Vec<u32> = d
            .languages
            .iter()
            .filter_map(|l| langs.get(l).copied())
            .collect();
        ls.sort_unstable();
        ls.dedup();
        put_varint(&mut table, ls.len() as u64);
        ls.iter()
            .for_each(|&l| put_varint(&mut table, u64::from(l)));
    }
    for d in docs {
        let a = d.archive.as_ref().and_then(|a| archives.get(a).copied());
        put_varint(&mut table, a.map_or(0, |a| u64::from(a) + 1));
    }
    for d in docs {
        let mut ids: Vec<u32> = d
            .entities
            .iter()
            .filter_map(|e| ents.get(&(e.id.clone(), e.kind as u8)).map(|v| v.1))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        put_varint(&mut table, ids.len() as u64);
        let mut prev = 0;
        for e in ids {
            put_varint(&mut table, u64::from(e - prev));
            prev = e;
        }
    }

    // Doc-meta parts.
    let per = opts.meta_docs.max(1) as usize;
    let mut meta_files = Vec::new();
    for (n, chunk) in docs.chunks(per).enumerate() {
        let mut f = file_header(FileKind::DocMeta, n as u32);
        for d in chunk {
            put_bytes(&mut f, d.id.as_bytes());
            put_bytes(&mut f, d.title.as_bytes());
            put_bytes(&mut f, d.date.as_bytes());
        }
        meta_files.push(f);
    }

    // All files, sealed and named.
    let mut files = Vec::new();
    let mut kinds = Vec::new();
    let groups: [(FileKind, Vec<Vec<u8>>); 6] = [
        (FileKind::Dictionary, dict_files),
        (FileKind::Skeleton, vec![skeleton]),
        (FileKind::Postings, postings),
        (FileKind::Positions, positions),
        (FileKind::DocTable, vec![table]),
        (FileKind::DocMeta, meta_files),
    ];
    for (kind, list) in groups {
        for (n, mut b) in list.into_iter().enumerate() {
            let sum = fnv64(&b);
            b.extend_from_slice(&sum.to_le_bytes());
            files.push((file_name(kind, n as u32, fnv64(&b) as u32), b));
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
    put_varint(&mut m, files.len() as u64);
    for ((_, b), kind) in files.iter().zip(&kinds) {
        m.push(*kind as u8);
        put_varint(&mut m, b.len() as u64);
        m.extend_from_slice(&(fnv64(b) as u32).to_le_bytes());
    }
    for s in &part_starts {
        put_bytes(&mut m, s);
    }
    put_varint(&mut m, langs.len() as u64);
    langs.keys().for_each(|l| put_bytes(&mut m, l.as_bytes()));
    put_varint(&mut m, archives.len() as u64);
    archives
        .keys()
        .for_each(|a| put_bytes(&mut m, a.as_bytes()));
    put_varint(&mut m, ents.len() as u64);
    for ((id, kind), (name, _)) in &ents {
        m.push(*kind);
        put_bytes(&mut m, id.as_bytes());
        put_bytes(&mut m, name.as_bytes());
    }
    let sum = fnv64(&m);
    m.extend_from_slice(&sum.to_le_bytes());
    BuiltIndex {
        manifest: m,
        files,
        kinds,
    }
}

/// A file's name: kind letter, number, and a hash of its bytes.
pub(crate) fn file_name(kind: FileKind, n: u32, hash: u32) -> String {
    format!("{}{n:04}-{hash:08x}.bin", kind.prefix())
}

fn encode_posting(buf: &mut TermBuf, doc: u32, tf: &[u32; FIELDS]) {
    let delta = match buf.last_doc {
        None => u64::from(doc),
        Some(prev) => u64::from(doc - prev),
    };
    buf.last_doc = Some(doc);
    buf.df += 1;
    let body_only = tf
        .iter()
        .enumerate()
        .all(|(f, &t)| f == super::BODY || t == 0);
    if body_only && tf[super::BODY] == 1 {
        put_varint(&mut buf.docs, delta << 2);
    } else if body_only {
        put_varint(&mut buf.docs, (delta << 2) | 1);
        put_varint(&mut buf.docs, u64::from(tf[super::BODY]));
    } else {
        put_varint(&mut buf.docs, (delta << 2) | 2);
        let mask = tf
            .iter()
            .enumerate()
            .fold(0u8, |m, (f, &t)| if t > 0 { m | (1 << f) } else { m });
        buf.docs.push(mask);
        for &t in tf.iter().filter(|&&t| t > 0) {
            put_varint(&mut buf.docs, u64::from(t));
        }
    }
}

/// Folded name words, for matching filter values against names.
pub(crate) fn name_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize_with(s, |t| out.push(t.term));
    out
}
