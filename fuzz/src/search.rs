//! Index bytes with the right frame and checksum around fuzzed ones, and the app's search
//! loop.

use dossier::archive::search::{BuiltIndex, Index, Outcome, Query, Results};

use crate::fixture;

/// FNV-1a, 64 bits: the checksum that ends the manifest and every index file.
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Appends the checksum to `bytes`.
pub fn seal(mut bytes: Vec<u8>) -> Vec<u8> {
    let sum = fnv64(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// The length of a valid index file's frame head: magic, version, kind, number (a varint) and
/// build. What follows, up to the 8-byte checksum, is the payload.
pub fn file_head_len(file: &[u8]) -> usize {
    let number = file[6..].iter().position(|b| b & 0x80 == 0).unwrap_or(0) + 1;
    6 + number + 4
}

/// A manifest made of a valid manifest's magic and version, `body`, and the right checksum.
pub fn manifest_around(body: &[u8]) -> Vec<u8> {
    let mut m = fixture().coarse.manifest[..5].to_vec();
    m.extend_from_slice(body);
    seal(m)
}

/// File `id` of the coarse index with `payload` in place of its own, and the right checksum.
pub fn file_around(id: usize, payload: &[u8]) -> Vec<u8> {
    let valid = &fixture().coarse.files[id].1;
    let mut f = valid[..file_head_len(valid)].to_vec();
    f.extend_from_slice(payload);
    seal(f)
}

/// Where a search loop ended.
pub enum End {
    /// The results.
    Done(Box<Results>),
    /// A file could not be added (its bytes were bad).
    BadFile,
    /// The search reported an error (a loaded file turned out to be corrupt).
    Failed,
}

/// The app's search loop on an index: search, add the files or documents it asks for (the
/// coarse fixture's files, or `replace`'s bytes for that file id), until it is done. Checks
/// that [`Index::plan`] names the files each step asks for, that the documents asked for are
/// the fixture's (unless a file was replaced: then the search may be wrong, but must end) and
/// that the loop ends.
pub fn run(
    index: &mut Index,
    files: &BuiltIndex,
    replace: Option<(u32, &[u8])>,
    q: &Query,
    limit: usize,
    entity_facets: bool,
) -> End {
    let docs = &fixture().docs;
    for _ in 0..64 {
        let outcome = match index.search_with(q, limit, entity_facets) {
            Ok(o) => o,
            Err(_) => return End::Failed,
        };
        match outcome {
            Outcome::Done(r) => return End::Done(r),
            Outcome::NeedDocs(ds) => {
                assert!(!ds.is_empty(), "asks for no documents");
                for (d, id) in ds {
                    let doc = docs.get(d as usize).filter(|doc| doc.id == id);
                    let Some(doc) = doc else {
                        // Only a replaced file may name a document that is not there (the app
                        // fails to fetch it).
                        assert!(replace.is_some(), "asks for document {d} {id:?}");
                        return End::Failed;
                    };
                    index.add_doc(d, doc);
                }
            }
            Outcome::NeedFiles(ids) => {
                assert!(!ids.is_empty(), "asks for no files");
                if entity_facets {
                    assert_eq!(index.plan(q, limit), ids, "plan and search disagree");
                }
                for id in ids {
                    assert!(!index.is_loaded(id), "asks again for file {id}");
                    let bytes = match replace {
                        Some((r, bytes)) if r == id => bytes.to_vec(),
                        _ => files.files[id as usize].1.clone(),
                    };
                    if index.add_file(id, bytes).is_err() {
                        return End::BadFile;
                    }
                }
            }
        }
    }
    panic!("the search loop does not end: {q}");
}
