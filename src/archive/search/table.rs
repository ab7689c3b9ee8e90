//! The document table: per document, a quantized length per field (for BM25F) and the year,
//! languages and archive (for filters and facets), range coded column by column (see
//! [`super::range`]). The entities (their kinds, ids and names, and each one's documents) are
//! a file of their own: only entity filters and entity facets need them, and at scale they
//! outweigh the rest of the table many times over.

use super::codec::{put_bytes, put_varint, Reader};
use super::postings::DocGaps;
use super::range::{symbol_bits, Decoder, Encoder, Models};
use super::{IndexError, FIELDS};
use crate::archive::model::EntityKind;

/// An entity of the facets, as the table names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EntityRow {
    pub(crate) kind: EntityKind,
    pub(crate) id: String,
    pub(crate) name: String,
}

/// The table's columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Columns {
    /// Per field, per document: the length code (see `build::length_code`).
    pub(crate) lengths: [Vec<u8>; FIELDS],
    pub(crate) years: Vec<Option<i32>>,
    /// Per document: its languages, ascending (numbers in the manifest's list).
    pub(crate) langs: Vec<Vec<u32>>,
    pub(crate) archives: Vec<Option<u32>>,
    /// Per document: its entities, ascending (numbers in `entities`; stored entity by
    /// entity).
    pub(crate) entity_ids: Vec<Vec<u32>>,
    pub(crate) entities: Vec<EntityRow>,
}

/// The probabilities of the table's stream, one set per column.
struct TableModels {
    lengths: [Models; FIELDS],
    year: Models,
    lang_count: Models,
    lang: Models,
    archive: Models,
}

impl TableModels {
    fn new(lang_bits: u32, archive_bits: u32) -> Self {
        TableModels {
            lengths: std::array::from_fn(|_| Models::for_symbol(8)),
            year: Models::for_exp(),
            lang_count: Models::for_unary(),
            lang: Models::for_symbol(lang_bits),
            archive: Models::for_symbol(archive_bits),
        }
    }
}

/// A signed change as an unsigned number: 0, -1, 1, -2, 2… → 0, 1, 2, 3, 4…
fn zigzag(v: i64) -> u32 {
    u32::try_from(if v < 0 { -2 * v - 1 } else { 2 * v }).unwrap_or(u32::MAX)
}

fn unzigzag(v: u32) -> i64 {
    let v = i64::from(v);
    if v % 2 == 1 {
        -(v + 1) / 2
    } else {
        v / 2
    }
}

fn entity_kind(b: u8) -> Result<EntityKind, IndexError> {
    EntityKind::ALL
        .get(usize::from(b))
        .copied()
        .ok_or(IndexError::Corrupt("unknown entity kind"))
}

/// The number of `kind` in `EntityKind::ALL`, as the files store it.
pub(crate) fn kind_byte(kind: EntityKind) -> u8 {
    EntityKind::ALL.iter().position(|&k| k == kind).unwrap_or(0) as u8
}

/// The table's payload: `min_year bytes:stream`.
pub(crate) fn encode(c: &Columns, n_langs: usize, n_archives: usize) -> Vec<u8> {
    let (lang_bits, archive_bits) = (symbol_bits(n_langs), symbol_bits(n_archives + 1));
    let min_year = c.years.iter().flatten().min().copied().unwrap_or(0).max(0);
    let mut out = Vec::new();
    put_varint(&mut out, u64::from(min_year as u32));
    let mut m = TableModels::new(lang_bits, archive_bits);
    let mut e = Encoder::new();
    for (codes, models) in c.lengths.iter().zip(&mut m.lengths) {
        for &code in codes {
            models.symbol(&mut e, &mut u32::from(code), 8);
        }
    }
    // Documents come in date order: a year is coded as the change from the last year.
    let mut last = 0;
    for y in &c.years {
        let v = y.map_or(0, |y| (y - min_year).max(0) as u32 + 1);
        m.year
            .exp(&mut e, &mut zigzag(i64::from(v) - i64::from(last)));
        last = v;
    }
    for ls in &c.langs {
        m.lang_count.unary(&mut e, &mut (ls.len() as u32));
        for &l in ls {
            m.lang.symbol(&mut e, &mut { l }, lang_bits);
        }
    }
    for a in &c.archives {
        m.archive
            .symbol(&mut e, &mut a.map_or(0, |a| a + 1), archive_bits);
    }
    put_bytes(&mut out, &e.finish());
    out
}

/// The entities' payload: `n_entities (u8:kind str:id str:name)×n bytes:stream`, the stream
/// holding each entity's documents.
pub(crate) fn encode_entities(c: &Columns) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, c.entities.len() as u64);
    for e in &c.entities {
        out.push(kind_byte(e.kind));
        put_bytes(&mut out, e.id.as_bytes());
        put_bytes(&mut out, e.name.as_bytes());
    }
    let mut e = Encoder::new();
    let mut count = Models::for_exp();
    // Entities entity by entity: each one's documents, coded like postings (about the log of
    // the mean gap per document, where rows per document would cost the log of the number of
    // entities).
    let n = c.entity_ids.len() as u32;
    let mut docs_of: Vec<Vec<u32>> = vec![Vec::new(); c.entities.len()];
    for (d, ids) in c.entity_ids.iter().enumerate() {
        for &id in ids {
            docs_of[id as usize].push(d as u32);
        }
    }
    for docs in &docs_of {
        count.exp(&mut e, &mut (docs.len() as u32));
        let mut gaps = DocGaps::new(docs.len(), n);
        for &d in docs {
            gaps.encode(&mut e, d);
        }
    }
    put_bytes(&mut out, &e.finish());
    out
}

/// Decodes [`encode`] for `n` documents, checking every number against the lists it refers to
/// (the entity columns stay empty: see [`decode_entities`]).
pub(crate) fn decode(
    r: &mut Reader<'_>,
    n: usize,
    n_langs: usize,
    n_archives: usize,
) -> Result<Columns, IndexError> {
    let (lang_bits, archive_bits) = (symbol_bits(n_langs), symbol_bits(n_archives + 1));
    let min_year = r.small(100_000, "year")? as i32;
    let stream = r.bytes()?;
    let mut m = TableModels::new(lang_bits, archive_bits);
    let mut d = Decoder::new(stream);
    let mut c = Columns::default();
    for (codes, models) in c.lengths.iter_mut().zip(&mut m.lengths) {
        codes.reserve(n);
        for _ in 0..n {
            let mut v = 0;
            models.symbol(&mut d, &mut v, 8);
            codes.push(v as u8);
        }
    }
    let mut last = 0i64;
    for _ in 0..n {
        let mut change = 0;
        m.year.exp(&mut d, &mut change);
        let v = last + unzigzag(change);
        if !(0..=100_000).contains(&v) {
            return Err(IndexError::Corrupt("year"));
        }
        last = v;
        c.years.push((v > 0).then(|| min_year + (v - 1) as i32));
    }
    for _ in 0..n {
        let mut k = 0;
        m.lang_count.unary(&mut d, &mut k);
        if k as usize > n_langs {
            return Err(IndexError::Corrupt("languages"));
        }
        let mut ls = Vec::with_capacity(k as usize);
        for _ in 0..k {
            let mut l = 0;
            m.lang.symbol(&mut d, &mut l, lang_bits);
            if l as usize >= n_langs {
                return Err(IndexError::Corrupt("language"));
            }
            ls.push(l);
        }
        c.langs.push(ls);
    }
    for _ in 0..n {
        let mut a = 0;
        m.archive.symbol(&mut d, &mut a, archive_bits);
        if a as usize > n_archives {
            return Err(IndexError::Corrupt("archive"));
        }
        c.archives.push(a.checked_sub(1));
    }
    if !d.ok() {
        return Err(IndexError::Truncated);
    }
    Ok(c)
}

/// Decodes [`encode_entities`] for `n` documents: the entities, and each document's entities
/// (ascending).
pub(crate) fn decode_entities(
    r: &mut Reader<'_>,
    n: usize,
) -> Result<(Vec<EntityRow>, Vec<Vec<u32>>), IndexError> {
    let n_entities = r.small(1 << 28, "entity count")? as usize;
    let mut entities = Vec::with_capacity(n_entities.min(r.remaining()));
    for _ in 0..n_entities {
        let kind = entity_kind(r.u8()?)?;
        let id = r.str()?.to_string();
        let name = r.str()?.to_string();
        entities.push(EntityRow { kind, id, name });
    }
    let mut d = Decoder::new(r.bytes()?);
    let mut count = Models::for_exp();
    let mut per_doc = vec![Vec::new(); n];
    for id in 0..entities.len() as u32 {
        let mut df = 0;
        count.exp(&mut d, &mut df);
        if df as usize > n {
            return Err(IndexError::Corrupt("entity documents"));
        }
        let mut gaps = DocGaps::new(df as usize, n as u32);
        for _ in 0..df {
            let doc = gaps.decode(&mut d, n as u32)?;
            per_doc[doc as usize].push(id);
        }
    }
    if !d.ok() {
        return Err(IndexError::Truncated);
    }
    Ok((entities, per_doc))
}
