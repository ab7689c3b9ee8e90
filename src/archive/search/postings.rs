//! How a term's documents, term frequencies and position buckets become bits, and back (see
//! [`super::range`] for the coder).
//!
//! - Documents ([`DocGaps`]): the gap to the previous document (less one) in Rice code: the
//!   quotient in adaptive unary, the `k` low bits at one half, `k` from the list's length
//!   (about the log of the mean gap), so that neither side stores it.
//! - Term frequencies: one adaptive bit "body only"; then the body's frequency less one in
//!   adaptive unary, or a 4-bit field mask (adaptive tree) and each field's frequency less one.
//! - Positions (a separate stream, fetched only when needed): per document, the number of
//!   buckets less one (adaptive unary), the first bucket and each gap less one (adaptive
//!   Exp-Golomb).
//!
//! Every probability starts at one half at the start of each term's stream, so a term decodes
//! on its own.

use super::range::{Decoder, Encoder, Models};
use super::{IndexError, BODY, FIELDS};

/// Term frequencies above this are stored as this (BM25 has long saturated).
pub(crate) const MAX_TF: u32 = u16::MAX as u32;
/// A document has at most this many position buckets per term.
const MAX_BUCKETS: u32 = 1 << 20;

/// The Rice parameter of a term in `df` of `n_docs` documents: about the log of its mean gap.
fn rice_k(df: usize, n_docs: u32) -> u32 {
    let mean = (u64::from(n_docs) * 11 / 16) / (df.max(1) as u64);
    (63 - mean.max(1).leading_zeros()).min(24)
}

/// Ascending document numbers as gaps in Rice code (see the module's documentation).
pub(crate) struct DocGaps {
    k: u32,
    quotient: Models,
    next: u64,
}

impl DocGaps {
    /// For a list of `df` of `n_docs` documents.
    pub(crate) fn new(df: usize, n_docs: u32) -> Self {
        DocGaps {
            k: rice_k(df, n_docs),
            quotient: Models::for_unary(),
            next: 0,
        }
    }

    /// Codes the next document (greater than the previous one).
    pub(crate) fn encode(&mut self, e: &mut Encoder, doc: u32) {
        let gap = u64::from(doc) - self.next;
        self.next = u64::from(doc) + 1;
        let mut q = u32::try_from(gap >> self.k).unwrap_or(u32::MAX);
        self.quotient.unary(e, &mut q);
        e.direct((gap & ((1 << self.k) - 1)) as u32, self.k);
    }

    /// Reads the next document, which must be below `n_docs`.
    #[inline(always)]
    pub(crate) fn decode(&mut self, d: &mut Decoder<'_>, n_docs: u32) -> Result<u32, IndexError> {
        let mut q = 0;
        self.quotient.unary(d, &mut q);
        let r = d.direct(self.k);
        let doc = self.next + (u64::from(q) << self.k) + u64::from(r);
        if doc >= u64::from(n_docs) {
            return Err(IndexError::Corrupt("document number"));
        }
        self.next = doc + 1;
        Ok(doc as u32)
    }
}

/// The probabilities of one term's postings stream.
struct PostingModels {
    body_only: Models,
    body_tf: Models,
    mask: Models,
    field_tf: [Models; FIELDS],
}

impl PostingModels {
    fn new() -> Self {
        PostingModels {
            body_only: Models::for_symbol(1),
            body_tf: Models::for_unary(),
            mask: Models::for_symbol(FIELDS as u32),
            field_tf: std::array::from_fn(|_| Models::for_unary()),
        }
    }
}

/// The postings stream of a term: `docs` ascending, each with its per-field frequencies.
pub(crate) fn encode_postings(docs: &[u32], tfs: &[[u16; FIELDS]], n_docs: u32) -> Vec<u8> {
    let mut gaps = DocGaps::new(docs.len(), n_docs);
    let mut m = PostingModels::new();
    let mut e = Encoder::new();
    for (&doc, tf) in docs.iter().zip(tfs) {
        gaps.encode(&mut e, doc);
        let tf = tf.map(u32::from);
        let body_only = tf.iter().enumerate().all(|(f, &t)| f == BODY || t == 0);
        let mut b = u32::from(body_only);
        m.body_only.symbol(&mut e, &mut b, 1);
        if body_only {
            let mut t = tf[BODY].clamp(1, MAX_TF) - 1;
            m.body_tf.unary(&mut e, &mut t);
        } else {
            let mut mask = (0..FIELDS).fold(0u32, |a, f| a | (u32::from(tf[f] > 0) << f));
            m.mask.symbol(&mut e, &mut mask, FIELDS as u32);
            for (f, models) in m.field_tf.iter_mut().enumerate() {
                if tf[f] > 0 {
                    let mut t = tf[f].min(MAX_TF) - 1;
                    models.unary(&mut e, &mut t);
                }
            }
        }
    }
    e.finish()
}

/// Decodes [`encode_postings`]: `df` documents below `n_docs`, ascending, and their
/// frequencies.
pub(crate) fn decode_postings(
    bytes: &[u8],
    df: usize,
    n_docs: u32,
) -> Result<(Vec<u32>, Vec<[u32; FIELDS]>), IndexError> {
    let mut gaps = DocGaps::new(df, n_docs);
    let mut m = PostingModels::new();
    let mut d = Decoder::new(bytes);
    let mut docs = Vec::with_capacity(df);
    let mut tfs = Vec::with_capacity(df);
    for _ in 0..df {
        docs.push(gaps.decode(&mut d, n_docs)?);
        let mut tf = [0u32; FIELDS];
        let mut b = 0;
        m.body_only.symbol(&mut d, &mut b, 1);
        if b == 1 {
            let mut t = 0;
            m.body_tf.unary(&mut d, &mut t);
            tf[BODY] = t.min(MAX_TF) + 1;
        } else {
            let mut mask = 0;
            m.mask.symbol(&mut d, &mut mask, FIELDS as u32);
            for (f, models) in m.field_tf.iter_mut().enumerate() {
                if mask & (1 << f) != 0 {
                    let mut t = 0;
                    models.unary(&mut d, &mut t);
                    tf[f] = t.min(MAX_TF) + 1;
                }
            }
        }
        tfs.push(tf);
    }
    if !d.ok() {
        return Err(IndexError::Truncated);
    }
    Ok((docs, tfs))
}

/// The probabilities of one term's positions stream.
struct PositionModels {
    count: Models,
    first: Models,
    gap: Models,
}

impl PositionModels {
    fn new() -> Self {
        PositionModels {
            count: Models::for_unary(),
            first: Models::for_exp(),
            gap: Models::for_exp(),
        }
    }
}

/// The positions stream of a term: for each of its documents, its buckets (ascending, at
/// least one).
pub(crate) fn encode_positions<'a>(per_doc: impl Iterator<Item = &'a [u32]>) -> Vec<u8> {
    let mut m = PositionModels::new();
    let mut e = Encoder::new();
    for buckets in per_doc {
        let mut n = buckets.len().saturating_sub(1) as u32;
        m.count.unary(&mut e, &mut n);
        let mut prev = 0;
        for (i, &b) in buckets.iter().enumerate() {
            let mut v = if i == 0 { b } else { b - prev - 1 };
            if i == 0 {
                m.first.exp(&mut e, &mut v);
            } else {
                m.gap.exp(&mut e, &mut v);
            }
            prev = b;
        }
    }
    e.finish()
}

/// Decodes [`encode_positions`] for `df` documents: where each document's buckets start in
/// the second vector (and, last, where they end), and the buckets.
pub(crate) fn decode_positions(
    bytes: &[u8],
    df: usize,
) -> Result<(Vec<u32>, Vec<u32>), IndexError> {
    let mut m = PositionModels::new();
    let mut d = Decoder::new(bytes);
    let mut starts = Vec::with_capacity(df + 1);
    let mut buckets = Vec::with_capacity(df);
    // Each bucket costs at least one bit decision, and a decision at least 1/190 bit: more
    // buckets than that are garbage (and must not exhaust memory).
    let max_buckets = (bytes.len() + 8).saturating_mul(8 * 190).saturating_add(df);
    for _ in 0..df {
        starts.push(buckets.len() as u32);
        let mut n = 0;
        m.count.unary(&mut d, &mut n);
        if n >= MAX_BUCKETS || buckets.len() + n as usize > max_buckets {
            return Err(IndexError::Corrupt("position count"));
        }
        let mut b = 0u32;
        for i in 0..=n {
            let mut v = 0;
            if i == 0 {
                m.first.exp(&mut d, &mut v);
                b = v;
            } else {
                m.gap.exp(&mut d, &mut v);
                b = b
                    .checked_add(v)
                    .and_then(|b| b.checked_add(1))
                    .ok_or(IndexError::Corrupt("position"))?;
            }
            buckets.push(b);
        }
    }
    starts.push(buckets.len() as u32);
    if !d.ok() {
        return Err(IndexError::Truncated);
    }
    Ok((starts, buckets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_and_positions_round_trip() {
        let n_docs = 5000;
        let docs: Vec<u32> = (0..n_docs).filter(|d| d % 7 == 0 || d % 11 == 3).collect();
        let tfs: Vec<[u16; FIELDS]> = docs
            .iter()
            .map(|&d| match d % 5 {
                0 => [0, 0, 1, 0],
                1 => [0, 0, d as u16 % 40 + 1, 0],
                2 => [1, 0, 2, 0],
                3 => [0, 3, 0, 1],
                _ => [2, 1, u16::MAX, 4],
            })
            .collect();
        let bytes = encode_postings(&docs, &tfs, n_docs);
        let (d, t) = decode_postings(&bytes, docs.len(), n_docs).unwrap();
        assert_eq!(d, docs);
        let wide: Vec<[u32; FIELDS]> = tfs.iter().map(|t| t.map(u32::from)).collect();
        assert_eq!(t, wide);
        // A document past the end is an error, not a panic.
        assert!(decode_postings(&bytes, docs.len(), 10).is_err());

        let lists: Vec<Vec<u32>> = docs
            .iter()
            .map(|&d| (0..d % 4 + 1).map(|i| d % 13 + i * (d % 9 + 1)).collect())
            .collect();
        let bytes = encode_positions(lists.iter().map(Vec::as_slice));
        let (starts, buckets) = decode_positions(&bytes, lists.len()).unwrap();
        for (i, l) in lists.iter().enumerate() {
            assert_eq!(&buckets[starts[i] as usize..starts[i + 1] as usize], &l[..]);
        }
        assert!(decode_positions(&bytes[..bytes.len() / 2], lists.len()).is_err());
    }
}
