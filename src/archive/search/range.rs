//! Adaptive binary range coding (the coder of LZMA): postings, positions and the document
//! table are coded bit by bit, each bit with a probability that learns from the bits before it
//! in the same stream, so that a term whose documents mostly hold it once costs a fraction of
//! a bit per document for that.
//!
//! Values are turned into bits by a few fixed schemes ([`Models::unary`], [`Models::exp`],
//! [`Models::symbol`]); a stream's probabilities start at one half and are never stored.
//! The decoder reads past the end of its bytes as zeros (the encoder drops trailing zeros) and
//! reports, rather than panics on, streams that end too early.

/// Bits of precision of a probability.
const PROB_BITS: u32 = 12;
/// A probability of one half.
const HALF: u16 = 1 << (PROB_BITS - 1);
/// How fast probabilities adapt: each bit moves them `1/2^ADAPT` of the way.
const ADAPT: u32 = 4;
/// Below this, the range is renormalized (one byte out or in).
const TOP: u32 = 1 << 24;
/// Zero bytes the decoder may read past the end of a stream (the encoder drops at most
/// this many); more means the stream is corrupt.
const MAX_PADDING: usize = 4;

/// Writes bits with adaptive probabilities.
pub(crate) struct Encoder {
    low: u64,
    range: u32,
    cache: u8,
    pending: u64,
    out: Vec<u8>,
}

impl Encoder {
    pub(crate) fn new() -> Self {
        Encoder {
            low: 0,
            range: u32::MAX,
            cache: 0,
            pending: 1,
            out: Vec::new(),
        }
    }

    fn shift_low(&mut self) {
        if self.low < 0xFF00_0000 || self.low >= 1 << 32 {
            let carry = (self.low >> 32) as u8;
            let mut byte = self.cache;
            while self.pending > 0 {
                self.out.push(byte.wrapping_add(carry));
                byte = 0xFF;
                self.pending -= 1;
            }
            self.cache = (self.low >> 24) as u8;
        }
        self.pending += 1;
        self.low = (self.low & 0x00FF_FFFF) << 8;
    }

    /// Codes `bit` with probability `p` (of a zero), then adapts `p`.
    pub(crate) fn bit(&mut self, p: &mut u16, bit: bool) {
        let bound = (self.range >> PROB_BITS) * u32::from(*p);
        if bit {
            self.low += u64::from(bound);
            self.range -= bound;
            *p -= *p >> ADAPT;
        } else {
            self.range = bound;
            *p += ((1 << PROB_BITS) - *p) >> ADAPT;
        }
        while self.range < TOP {
            self.range <<= 8;
            self.shift_low();
        }
    }

    /// Codes the low `n` bits of `v` (at most 32), most significant first, at one half each.
    pub(crate) fn direct(&mut self, v: u32, n: u32) {
        for i in (0..n).rev() {
            self.range >>= 1;
            if (v >> i) & 1 == 1 {
                self.low += u64::from(self.range);
            }
            while self.range < TOP {
                self.range <<= 8;
                self.shift_low();
            }
        }
    }

    /// The coded bytes: the first (always zero) and trailing zeros left out.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        // Any value in [low, low + range) decodes the same: take the one with the most
        // trailing zero bits, so that the bytes flushed end in zeros.
        let high = self.low + u64::from(self.range) - 1;
        for k in (0..=32).rev() {
            let mask = (1u64 << k) - 1;
            let v = (self.low + mask) & !mask;
            if v <= high {
                self.low = v;
                break;
            }
        }
        for _ in 0..5 {
            self.shift_low();
        }
        let mut out = self.out;
        for _ in 0..MAX_PADDING {
            if out.last() == Some(&0) {
                out.pop();
            }
        }
        if out.is_empty() {
            return out;
        }
        debug_assert_eq!(out[0], 0, "a range coder's first byte is zero");
        out.remove(0);
        out
    }
}

/// Reads what an [`Encoder`] wrote, with the same probabilities.
pub(crate) struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
    range: u32,
    code: u32,
}

impl<'a> Decoder<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        let mut d = Decoder {
            bytes,
            pos: 0,
            range: u32::MAX,
            code: 0,
        };
        for _ in 0..4 {
            d.code = (d.code << 8) | u32::from(d.next_byte());
        }
        d
    }

    #[inline(always)]
    fn next_byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// Whether the stream was read within its bytes (and the few zeros the encoder drops).
    pub(crate) fn ok(&self) -> bool {
        self.pos <= self.bytes.len() + MAX_PADDING
    }

    #[inline(always)]
    fn normalize(&mut self) {
        while self.range < TOP {
            self.range <<= 8;
            self.code = (self.code << 8) | u32::from(self.next_byte());
        }
    }

    /// Reads a bit coded with probability `p`, adapting `p` as the encoder did.
    #[inline(always)]
    pub(crate) fn bit(&mut self, p: &mut u16) -> bool {
        let bound = (self.range >> PROB_BITS) * u32::from(*p);
        let bit = if self.code < bound {
            self.range = bound;
            *p += ((1 << PROB_BITS) - *p) >> ADAPT;
            false
        } else {
            self.code -= bound;
            self.range -= bound;
            *p -= *p >> ADAPT;
            true
        };
        self.normalize();
        bit
    }

    /// Reads `n` bits (at most 32) coded with [`Encoder::direct`].
    #[inline(always)]
    pub(crate) fn direct(&mut self, n: u32) -> u32 {
        let mut v = 0u32;
        for _ in 0..n {
            self.range >>= 1;
            let bit = self.code >= self.range;
            if bit {
                self.code -= self.range;
            }
            v = (v << 1) | u32::from(bit);
            self.normalize();
        }
        v
    }
}

/// Unary steps before an escape to Elias-gamma coded bits.
const UNARY_STEPS: usize = 12;
/// Length bits (of Exp-Golomb codes) with their own probability.
const EXP_LENGTHS: usize = 33;

/// Bits into and out of values. One model per kind of value in a stream; its probabilities
/// start at one half.
#[derive(Clone)]
pub(crate) struct Models(Vec<u16>);

/// Either side of a stream, so that each scheme is written once for both.
pub(crate) trait Coder {
    /// Codes (or decodes into) `bit` with probability `p`.
    fn bit(&mut self, p: &mut u16, bit: &mut bool);
    /// Codes (or decodes into) the low `n` bits of `v`.
    fn direct(&mut self, v: &mut u32, n: u32);
}

impl Coder for Encoder {
    fn bit(&mut self, p: &mut u16, bit: &mut bool) {
        Encoder::bit(self, p, *bit);
    }
    fn direct(&mut self, v: &mut u32, n: u32) {
        Encoder::direct(self, *v, n);
    }
}

impl Coder for Decoder<'_> {
    #[inline(always)]
    fn bit(&mut self, p: &mut u16, bit: &mut bool) {
        *bit = Decoder::bit(self, p);
    }
    #[inline(always)]
    fn direct(&mut self, v: &mut u32, n: u32) {
        *v = Decoder::direct(self, n);
    }
}

/// The bit length of `v` (0 for 0).
fn bit_len(v: u32) -> u32 {
    32 - v.leading_zeros()
}

impl Models {
    /// Models for [`Models::unary`].
    pub(crate) fn for_unary() -> Self {
        Models(vec![HALF; UNARY_STEPS])
    }

    /// Models for [`Models::exp`].
    pub(crate) fn for_exp() -> Self {
        Models(vec![HALF; 2 * EXP_LENGTHS + 2])
    }

    /// Models for [`Models::symbol`] of `bits` bits.
    pub(crate) fn for_symbol(bits: u32) -> Self {
        Models(vec![HALF; 1 << bits])
    }

    /// `v` in unary, each step with its own probability (small values cost little once
    /// learned); from [`UNARY_STEPS`] on, the rest in Elias-gamma at one half.
    #[inline(always)]
    pub(crate) fn unary(&mut self, c: &mut impl Coder, v: &mut u32) {
        let mut n = 0u32;
        for p in &mut self.0 {
            let mut more = *v > n;
            c.bit(p, &mut more);
            if !more {
                *v = n;
                return;
            }
            n += 1;
        }
        let mut rest = v.saturating_sub(n);
        gamma(c, &mut rest);
        *v = n.saturating_add(rest);
    }

    /// `v` in Exp-Golomb: the bit length of `v + 1` in unary with a probability per step,
    /// the first bit after the leading one with a probability per length, the rest at one
    /// half.
    #[inline(always)]
    pub(crate) fn exp(&mut self, c: &mut impl Coder, v: &mut u32) {
        let x = u64::from(*v) + 1;
        let len = 64 - x.leading_zeros();
        let (lengths, firsts) = self.0.split_at_mut(EXP_LENGTHS + 1);
        let mut l = 1u32;
        while (l as usize) < EXP_LENGTHS {
            let mut more = len > l;
            c.bit(&mut lengths[l as usize], &mut more);
            if !more {
                break;
            }
            l += 1;
        }
        let l = l.min(33);
        if l == 1 {
            *v = 0;
            return;
        }
        let mut first = (x >> (l - 2)) & 1 == 1;
        c.bit(&mut firsts[l as usize], &mut first);
        let mut rest = (x & ((1u64 << (l - 2)) - 1)) as u32;
        c.direct(&mut rest, l - 2);
        let x = (1u64 << (l - 1)) | (u64::from(first) << (l - 2)) | u64::from(rest);
        *v = u32::try_from(x - 1).unwrap_or(u32::MAX);
    }

    /// A value below `2^bits`, bit by bit from the top, each bit with a probability per
    /// prefix (a binary tree): any distribution over few values is learned.
    #[inline(always)]
    pub(crate) fn symbol(&mut self, c: &mut impl Coder, v: &mut u32, bits: u32) {
        let mut node = 1usize;
        let mut out = 0u32;
        for i in (0..bits).rev() {
            let mut b = (*v >> i) & 1 == 1;
            c.bit(&mut self.0[node], &mut b);
            node = (node << 1) | usize::from(b);
            out = (out << 1) | u32::from(b);
        }
        *v = out;
    }
}

/// `v` (any `u32`) in Elias-gamma of `v + 1`, at one half per bit.
fn gamma(c: &mut impl Coder, v: &mut u32) {
    let x = u64::from(*v) + 1;
    let mut len = 64 - x.leading_zeros();
    let mut n = 0u32;
    loop {
        let mut more = len > n + 1;
        let mut m = u32::from(more);
        c.direct(&mut m, 1);
        more = m == 1;
        if !more || n >= 32 {
            break;
        }
        n += 1;
    }
    len = n + 1;
    let mut rest = (x & ((1u64 << (len - 1)) - 1)) as u32;
    c.direct(&mut rest, len - 1);
    let x = (1u64 << (len - 1)) | u64::from(rest);
    *v = u32::try_from(x - 1).unwrap_or(u32::MAX);
}

/// The number of bits of a symbol below `n` (at least 1).
pub(crate) fn symbol_bits(n: usize) -> u32 {
    bit_len(u32::try_from(n.saturating_sub(1)).unwrap_or(u32::MAX)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_and_values_round_trip() {
        let values: Vec<u32> = (0..2000)
            .map(|i: u32| match i % 7 {
                0 => 0,
                1 => 1,
                2 => i,
                3 => i * 977,
                4 => u32::MAX - i,
                5 => 3,
                _ => i % 13,
            })
            .collect();
        let models = || {
            (
                Models::for_unary(),
                Models::for_exp(),
                Models::for_symbol(5),
                HALF,
            )
        };
        let mut e = Encoder::new();
        let (mut u, mut x, mut s, mut p) = models();
        for &v in &values {
            let mut a = v;
            u.unary(&mut e, &mut a);
            let mut a = v;
            x.exp(&mut e, &mut a);
            let mut a = v % 32;
            s.symbol(&mut e, &mut a, 5);
            e.bit(&mut p, v % 3 == 0);
            e.direct(v, 32);
        }
        let bytes = e.finish();
        let mut d = Decoder::new(&bytes);
        let (mut u, mut x, mut s, mut p) = models();
        for &v in &values {
            let mut a = 0;
            u.unary(&mut d, &mut a);
            assert_eq!(a, v);
            let mut a = 0;
            x.exp(&mut d, &mut a);
            assert_eq!(a, v);
            let mut a = 0;
            s.symbol(&mut d, &mut a, 5);
            assert_eq!(a, v % 32);
            assert_eq!(d.bit(&mut p), v % 3 == 0);
            assert_eq!(d.direct(32), v);
        }
        assert!(d.ok());
    }

    #[test]
    fn learned_bits_cost_little_and_garbage_never_panics() {
        let mut e = Encoder::new();
        let mut u = Models::for_unary();
        for _ in 0..10_000 {
            u.unary(&mut e, &mut 0);
        }
        let bytes = e.finish();
        assert!(bytes.len() < 60, "{} bytes", bytes.len());
        assert!(Encoder::new().finish().is_empty());
        for garbage in [&[][..], &[0xff; 3], &[0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc]] {
            let mut d = Decoder::new(garbage);
            let mut x = Models::for_exp();
            for _ in 0..100 {
                let mut v = 0;
                x.exp(&mut d, &mut v);
            }
            let _ = d.ok();
        }
    }
}
