//! Byte-level encoding: LEB128 varints, length-prefixed strings and a checksum, with a reader
//! that returns an error on truncated or malformed input instead of panicking.

use std::cmp::Ordering;

use super::IndexError;

/// Appends `v` as an unsigned LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a varint length then the bytes.
pub(crate) fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// FNV-1a, 64 bits: the checksum of the manifest and of each file.
pub(crate) fn fnv64(bytes: &[u8]) -> u64 {
    let mut h = Fnv::new();
    h.write(bytes);
    h.finish()
}

/// FNV-1a over several pieces: the hash of a whole build, which names its files.
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

/// A cursor over bytes; every read checks bounds.
#[derive(Clone, Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub(crate) fn varint(&mut self) -> Result<u64, IndexError> {
        let mut v: u64 = 0;
        let mut shift = 0u32;
        loop {
            let b = *self.bytes.get(self.pos).ok_or(IndexError::Truncated)?;
            self.pos += 1;
            if shift >= 64 || (shift == 63 && b > 1) {
                return Err(IndexError::Corrupt("varint overflows 64 bits"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    /// A varint that must fit in `u32` and be at most `max`.
    pub(crate) fn small(&mut self, max: u64, what: &'static str) -> Result<u32, IndexError> {
        let v = self.varint()?;
        if v > max || v > u64::from(u32::MAX) {
            return Err(IndexError::Corrupt(what));
        }
        Ok(v as u32)
    }

    /// Bytes left to read.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, IndexError> {
        let b = *self.bytes.get(self.pos).ok_or(IndexError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        let end = self.pos.checked_add(n).ok_or(IndexError::Truncated)?;
        let s = self.bytes.get(self.pos..end).ok_or(IndexError::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], IndexError> {
        let n = self.varint()?;
        let n = usize::try_from(n).map_err(|_| IndexError::Truncated)?;
        self.take(n)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str, IndexError> {
        std::str::from_utf8(self.bytes()?).map_err(|_| IndexError::Corrupt("string is not UTF-8"))
    }

    pub(crate) fn u32_le(&mut self) -> Result<u32, IndexError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u64_le(&mut self) -> Result<u64, IndexError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

/// Orders `v` so that its first `keep` elements are the smallest by `cmp`, in order (all of
/// them when `keep >= v.len()`); the rest follow in no particular order. Every sort of the
/// engine goes through here: one selection and one sort instance over `u32` indices with a
/// `dyn` comparator, instead of one per element type and closure, keeps the wasm small.
pub(crate) fn sort_top<T>(v: &mut Vec<T>, keep: usize, cmp: &dyn Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut idx: Vec<u32> = (0..v.len() as u32).collect();
    sort_indices(&mut idx, keep, &|a, b| cmp(&v[a as usize], &v[b as usize]));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(idx.iter().filter_map(|&i| slots[i as usize].take()));
}

/// [`sort_top`] with every element in order.
pub(crate) fn sort_all<T>(v: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    sort_top(v, usize::MAX, cmp);
}

fn sort_indices(idx: &mut [u32], keep: usize, cmp: &dyn Fn(u32, u32) -> Ordering) {
    let by = |a: &u32, b: &u32| cmp(*a, *b);
    let keep = keep.min(idx.len());
    if keep == 0 {
        return;
    }
    if keep < idx.len() {
        idx.select_nth_unstable_by(keep - 1, by);
    }
    idx[..keep].sort_unstable_by(by);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_reject_garbage() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            put_varint(&mut out, v);
        }
        let mut r = Reader::new(&out);
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.varint().unwrap(), v);
        }
        assert!(r.is_empty());
        assert!(Reader::new(&[0x80]).varint().is_err());
        assert!(Reader::new(&[0xff; 11]).varint().is_err());
    }

    #[test]
    fn sorts_all_or_the_top() {
        let mut v: Vec<i32> = vec![5, 3, 9, 1, 7, 2];
        sort_top(&mut v, 2, &|a, b| a.cmp(b));
        assert_eq!(&v[..2], [1, 2]);
        let mut rest = v[2..].to_vec();
        rest.sort();
        assert_eq!(rest, [3, 5, 7, 9]);
        sort_all(&mut v, &|a, b| b.cmp(a));
        assert_eq!(v, [9, 7, 5, 3, 2, 1]);
    }
}
