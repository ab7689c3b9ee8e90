//! Building the index: documents in, manifest and shard bytes out. Deterministic: the same
//! documents give the same bytes.

use std::collections::{BTreeMap, HashMap};

use super::analyze::{has_digit, is_stopword, stem, tokenize_with};
use super::codec::{fnv64, put_bytes, put_varint};
use super::{SearchDoc, BODY, FIELDS, NAMES, SUMMARY, TITLE};

pub(crate) const MANIFEST_MAGIC: &[u8; 4] = b"DSXM";
pub(crate) const SHARD_MAGIC: &[u8; 4] = b"DSXS";
pub(crate) const POSITIONS_MAGIC: &[u8; 4] = b"DSXP";
pub(crate) const VERSION: u8 = 1;
/// Longer tokens (in bytes) are not indexed.
pub(crate) const MAX_TERM_BYTES: usize = 48;
/// Gap in positions between two entity names, so that a phrase never spans two names.
const NAME_GAP: u32 = 8;

/// How to build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The number of term shards (there are as many position shards); `None`: enough for
    /// about `target_shard_bytes` of postings each.
    pub shards: Option<u32>,
    /// The size a shard aims at when `shards` is `None`.
    pub target_shard_bytes: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            shards: None,
            target_shard_bytes: 48 * 1024,
        }
    }
}

/// A built index: the manifest and the shards, as the files to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltIndex {
    /// `manifest.bin`.
    pub manifest: Vec<u8>,
    /// `(file name, bytes)` of each shard, in shard id order: the term shards
    /// (`0000-<hash>.bin`…), then the position shards (`p0000-<hash>.bin`…). Names carry a
    /// content hash, so they can be cached forever.
    pub shards: Vec<(String, Vec<u8>)>,
}

impl BuiltIndex {
    /// The manifest's and all shards' bytes.
    pub fn total_bytes(&self) -> usize {
        self.manifest.len() + self.shards.iter().map(|(_, b)| b.len()).sum::<usize>()
    }
}

#[derive(Default)]
struct TermBuf {
    df: u32,
    last_doc: Option<u32>,
    docs: Vec<u8>,
    positions: Vec<u8>,
}

#[derive(Default)]
struct Local {
    tf: [u32; FIELDS],
    pos: [Vec<u32>; FIELDS],
}

struct DocRow {
    id: String,
    lens: [u32; FIELDS],
    year: Option<i32>,
    langs: Vec<u32>,
    archive: Option<u32>,
    entities: Vec<u32>,
}

fn intern(map: &mut BTreeMap<String, u32>, s: &str) {
    let n = map.len() as u32;
    map.entry(s.to_string()).or_insert(n);
}

/// Builds the index over `docs` (document numbers are their positions in `docs`).
pub fn build(docs: &[SearchDoc], opts: &BuildOptions) -> BuiltIndex {
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
    // Renumber in sorted order.
    let renumber = |m: &mut BTreeMap<String, u32>| {
        for (i, v) in m.values_mut().enumerate() {
            *v = i as u32;
        }
    };
    renumber(&mut langs);
    renumber(&mut archives);
    for (i, v) in ents.values_mut().enumerate() {
        v.1 = i as u32;
    }

    let mut terms: HashMap<String, TermBuf> = HashMap::new();
    let mut rows = Vec::with_capacity(docs.len());
    let mut totals = [0u64; FIELDS];
    for (doc_no, d) in docs.iter().enumerate() {
        let doc_no = doc_no as u32;
        let mut local: HashMap<String, Local> = HashMap::new();
        let mut lens = [0u32; FIELDS];
        let mut add = |field: usize, text: &str, base: u32, lens: &mut [u32; FIELDS]| {
            let mut pos = base;
            tokenize_with(text, |t| {
                if t.term.len() <= MAX_TERM_BYTES {
                    let l = local.entry(t.term).or_default();
                    l.tf[field] += 1;
                    l.pos[field].push(pos);
                }
                pos = pos.saturating_add(1);
            });
            lens[field] = pos;
        };
        add(TITLE, &d.title, 0, &mut lens);
        add(SUMMARY, &d.summary, 0, &mut lens);
        add(BODY, &d.body, 0, &mut lens);
        let mut names: Vec<&str> = d.entities.iter().map(|e| e.name.as_str()).collect();
        if !d.date.is_empty() {
            names.push(&d.date);
        }
        let mut base = 0;
        for n in names {
            add(NAMES, n, base, &mut lens);
            base = lens[NAMES].saturating_add(NAME_GAP);
        }
        let mut lens_counted = lens;
        // Gaps between names do not count towards the field's length.
        lens_counted[NAMES] = lens[NAMES].saturating_sub(
            NAME_GAP
                * (d.entities.len() + usize::from(!d.date.is_empty())).saturating_sub(1) as u32,
        );
        for (t, l) in totals.iter_mut().zip(lens_counted) {
            *t += u64::from(l);
        }
        let mut local: Vec<(String, Local)> = local.into_iter().collect();
        local.sort_by(|a, b| a.0.cmp(&b.0));
        for (term, l) in local {
            let buf = terms.entry(term.clone()).or_default();
            encode_posting(buf, doc_no, &l, !is_stopword(&term));
        }
        let mut entity_ids: Vec<u32> = d
            .entities
            .iter()
            .filter_map(|e| ents.get(&(e.id.clone(), e.kind as u8)).map(|v| v.1))
            .collect();
        entity_ids.sort_unstable();
        entity_ids.dedup();
        rows.push(DocRow {
            id: d.id.clone(),
            lens: lens_counted,
            year: d.year,
            langs: d
                .languages
                .iter()
                .filter_map(|l| langs.get(l).copied())
                .collect(),
            archive: d.archive.as_ref().and_then(|a| archives.get(a).copied()),
            entities: entity_ids,
        });
    }

    // Shards.
    let mut sorted: Vec<(String, TermBuf)> = terms.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let total: usize = sorted.iter().map(|(_, b)| b.docs.len() + 6).sum();
    let n_shards = opts
        .shards
        .unwrap_or_else(|| total.div_ceil(opts.target_shard_bytes.max(1)) as u32)
        .clamp(1, u32::from(u16::MAX));
    let header = |magic: &[u8; 4], id: u32| {
        let mut b = magic.to_vec();
        b.push(VERSION);
        put_varint(&mut b, u64::from(id));
        b
    };
    let mut shard_bufs: Vec<Vec<u8>> = (0..n_shards).map(|id| header(SHARD_MAGIC, id)).collect();
    let mut pos_bufs: Vec<Vec<u8>> = (0..n_shards)
        .map(|id| header(POSITIONS_MAGIC, n_shards + id))
        .collect();
    let mut term_builder = fst::MapBuilder::memory();
    let mut stem_keys: Vec<(String, String)> = Vec::new();
    for (term, buf) in &sorted {
        let shard = shard_of(term, n_shards);
        let out = &mut shard_bufs[shard as usize];
        let offset = out.len() as u64;
        put_varint(out, u64::from(buf.df));
        put_varint(out, u64::from(!buf.positions.is_empty()));
        if !buf.positions.is_empty() {
            let pos = &mut pos_bufs[shard as usize];
            put_varint(out, pos.len() as u64);
            put_varint(out, buf.positions.len() as u64);
            pos.extend_from_slice(&buf.positions);
        }
        put_bytes(out, &buf.docs);
        let value = (offset << 32) | (u64::from(shard) << 16) | u64::from(buf.df.min(0xffff));
        term_builder
            .insert(term, value)
            .expect("terms are inserted sorted and unique");
        if !has_digit(term) {
            stem_keys.push((stem(term), term.clone()));
        }
    }
    let terms_fst = term_builder.into_inner().expect("in-memory fst");
    // Stem groups: keys `stem \0 term`.
    stem_keys.sort();
    let mut stem_builder = fst::SetBuilder::memory();
    let mut i = 0;
    while i < stem_keys.len() {
        let mut j = i + 1;
        while j < stem_keys.len() && stem_keys[j].0 == stem_keys[i].0 {
            j += 1;
        }
        // A group is kept when it has several terms or its term differs from its stem (a
        // query word whose stem is a term itself finds that term directly).
        if j - i > 1 || stem_keys[i].0 != stem_keys[i].1 {
            for (s, t) in &stem_keys[i..j] {
                let key = format!("{s}\0{t}");
                stem_builder.insert(key).expect("stem keys are sorted");
            }
        }
        i = j;
    }
    let stems_fst = stem_builder.into_inner().expect("in-memory fst");

    let mut shards = Vec::with_capacity(shard_bufs.len() * 2);
    let all = shard_bufs.into_iter().map(|b| ("", b));
    let all = all.chain(pos_bufs.into_iter().map(|b| ("p", b)));
    for (id, (prefix, mut b)) in all.enumerate() {
        let sum = fnv64(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        let n = id as u32 % n_shards;
        let name = format!("{prefix}{n:04}-{:08x}.bin", fnv64(&b) as u32);
        shards.push((name, b));
    }

    // Manifest.
    let mut m = MANIFEST_MAGIC.to_vec();
    m.push(VERSION);
    put_varint(&mut m, docs.len() as u64);
    put_varint(&mut m, u64::from(n_shards));
    for t in totals {
        put_varint(&mut m, t);
    }
    put_bytes(&mut m, &terms_fst);
    put_bytes(&mut m, &stems_fst);
    for (name, b) in &shards {
        put_bytes(&mut m, name.as_bytes());
        put_varint(&mut m, b.len() as u64);
        m.extend_from_slice(&fnv64(b).to_le_bytes());
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
    for r in &rows {
        put_bytes(&mut m, r.id.as_bytes());
        for l in r.lens {
            put_varint(&mut m, u64::from(l));
        }
        put_varint(&mut m, r.year.map_or(0, |y| u64::from(y.max(0) as u32) + 1));
        put_varint(&mut m, r.langs.len() as u64);
        r.langs
            .iter()
            .for_each(|&l| put_varint(&mut m, u64::from(l)));
        put_varint(&mut m, r.archive.map_or(0, |a| u64::from(a) + 1));
        put_varint(&mut m, r.entities.len() as u64);
        let mut prev = 0;
        for &e in &r.entities {
            put_varint(&mut m, u64::from(e - prev));
            prev = e;
        }
    }
    let sum = fnv64(&m);
    m.extend_from_slice(&sum.to_le_bytes());
    BuiltIndex {
        manifest: m,
        shards,
    }
}

/// The shard of a term: FNV-1a of its folded bytes modulo the shard count.
pub(crate) fn shard_of(term: &str, n_shards: u32) -> u32 {
    (super::codec::fnv64(term.as_bytes()) % u64::from(n_shards.max(1))) as u32
}

fn encode_posting(buf: &mut TermBuf, doc: u32, l: &Local, with_positions: bool) {
    let delta = match buf.last_doc {
        None => u64::from(doc),
        Some(prev) => u64::from(doc - prev),
    };
    buf.last_doc = Some(doc);
    buf.df += 1;
    let body_only = l.tf.iter().enumerate().all(|(f, &tf)| f == BODY || tf == 0);
    if body_only && l.tf[BODY] == 1 {
        put_varint(&mut buf.docs, delta << 2);
    } else if body_only {
        put_varint(&mut buf.docs, (delta << 2) | 1);
        put_varint(&mut buf.docs, u64::from(l.tf[BODY]));
    } else {
        put_varint(&mut buf.docs, (delta << 2) | 2);
        let mask =
            l.tf.iter()
                .enumerate()
                .fold(0u8, |m, (f, &tf)| if tf > 0 { m | (1 << f) } else { m });
        buf.docs.push(mask);
        for &tf in l.tf.iter().filter(|&&tf| tf > 0) {
            put_varint(&mut buf.docs, u64::from(tf));
        }
    }
    if with_positions {
        for p in l.pos.iter().filter(|p| !p.is_empty()) {
            let mut prev = 0;
            for (i, &x) in p.iter().enumerate() {
                put_varint(
                    &mut buf.positions,
                    u64::from(if i == 0 { x } else { x - prev }),
                );
                prev = x;
            }
        }
    }
}

/// Folded name words, for matching filter values against names.
pub(crate) fn name_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize_with(s, |t| out.push(t.term));
    out
}
