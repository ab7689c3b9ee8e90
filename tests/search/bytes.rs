//! Files on demand, and bad bytes.

use dossier::archive::search::{
    build, parse_query, BuildOptions, BuiltIndex, FileKind, Index, IndexError, Outcome, SearchDoc,
};
use proptest::prelude::*;

use super::{doc, run, small_parts};

fn docs() -> Vec<dossier::archive::search::SearchDoc> {
    (0..30)
        .map(|i| {
            doc(
                &format!("d{i}"),
                &format!("Report {i}"),
                &format!("Word{i} appears here with coal and steel and grain number {i}."),
            )
        })
        .collect()
}

fn built() -> BuiltIndex {
    build(&docs(), &small_parts())
}

/// Runs a query from an empty cache, counting the files it fetches by kind.
fn fetches(b: &BuiltIndex, index: &mut Index, q: &str) -> Vec<FileKind> {
    fetches_in(b, index, &docs(), q).0
}

/// [`fetches`] over `docs`, with the ids of the hits.
fn fetches_in(
    b: &BuiltIndex,
    index: &mut Index,
    docs: &[SearchDoc],
    q: &str,
) -> (Vec<FileKind>, Vec<String>) {
    let q = parse_query(q);
    let mut kinds = Vec::new();
    for _ in 0..20 {
        match index.search(&q, 5).unwrap() {
            Outcome::Done(r) => return (kinds, r.hits.into_iter().map(|h| h.id).collect()),
            Outcome::NeedDocs(ds) => ds
                .iter()
                .for_each(|(d, _)| index.add_doc(*d, &docs[*d as usize])),
            Outcome::NeedFiles(ids) => {
                assert_eq!(index.plan(&q, 5), ids);
                for id in ids {
                    assert!(!index.is_loaded(id));
                    kinds.push(index.file_kind(id).unwrap());
                    index.add_file(id, b.files[id as usize].1.clone()).unwrap();
                }
            }
        }
    }
    panic!("the search does not end");
}

#[test]
fn a_query_fetches_only_its_files() {
    let b = built();
    let n = |k: FileKind| b.kinds.iter().filter(|&&x| x == k).count();
    assert!(n(FileKind::Dictionary) > 1 && n(FileKind::Postings) > 1 && n(FileKind::Positions) > 1);
    assert_eq!(n(FileKind::Skeleton), 1);
    assert_eq!(n(FileKind::DocTable), 1);
    assert_eq!(n(FileKind::DocMeta), 15);
    let mut index = Index::open(&b.manifest).unwrap();
    // One known word: its dictionary part, its postings, the table, the page's meta parts.
    let k = fetches(&b, &mut index, "coal");
    assert_eq!(
        k.iter().filter(|&&k| k == FileKind::Dictionary).count(),
        1,
        "{k:?}"
    );
    assert!(
        !k.contains(&FileKind::Skeleton) && !k.contains(&FileKind::Positions),
        "{k:?}"
    );
    assert!(
        k.contains(&FileKind::DocTable) && k.contains(&FileKind::DocMeta),
        "{k:?}"
    );
    assert!(index.plan(&parse_query("coal"), 5).is_empty());
    // Two words: positions for the proximity bonus.
    let k = fetches(&b, &mut index, "coal steel");
    assert!(k.contains(&FileKind::Positions), "{k:?}");
    // An unknown word with a typo in reach in its own dictionary part: not the skeleton.
    let k = fetches(&b, &mut index, "stele");
    assert!(!k.contains(&FileKind::Skeleton), "{k:?}");
    // One whose first letters are wrong: the typo skeleton.
    let k = fetches(&b, &mut index, "xteel");
    assert_eq!(
        k.iter().filter(|&&k| k == FileKind::Skeleton).count(),
        1,
        "{k:?}"
    );
    // Names carry the kind, the number and a content hash.
    for (id, (name, _)) in b.files.iter().enumerate() {
        assert_eq!(index.file_name(id as u32).as_deref(), Some(name.as_str()));
        assert!(name.starts_with(b.kinds[id].prefix()));
    }
    // The same input gives the same bytes.
    assert_eq!(built(), b);
}

#[test]
fn phrases_are_confirmed_on_the_text() {
    let docs = vec![
        doc("a", "A", "coal and steel"),
        doc("b", "B", "steel and coal"),
        doc("c", "C", "coal, then a long way further on, steel and more"),
    ];
    for shift in [0, 2, 7] {
        let b = build(
            &docs,
            &BuildOptions {
                position_shift: shift,
                ..small_parts()
            },
        );
        let mut index = Index::open(&b.manifest).unwrap();
        for (id, (_, bytes)) in b.files.iter().enumerate() {
            index.add_file(id as u32, bytes.clone()).unwrap();
        }
        let q = parse_query("\"coal and steel\"");
        match index.search(&q, 10).unwrap() {
            Outcome::NeedDocs(ds) => assert!(shift > 0 && !ds.is_empty()),
            Outcome::Done(r) => assert_eq!(shift, 0, "{r:?}"),
            Outcome::NeedFiles(ids) => panic!("{ids:?}"),
        }
        let r = run(&mut index, &docs, &q, 10);
        let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a"], "shift {shift}");
        let r = run(
            &mut index,
            &docs,
            &parse_query("coal -\"steel and coal\""),
            10,
        );
        let mut ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["a", "c"], "shift {shift}");
    }
}

#[test]
fn phrases_of_frequent_words_fetch_positions_only_when_they_narrow() {
    // "coal" and "steel" are in every document: the best candidates are confirmed on their
    // text before their positions are fetched.
    let far = "with many other words in between them here".repeat(2);
    let corpus = |adjacent: usize| -> Vec<SearchDoc> {
        (0..12)
            .map(|i| {
                let body = if i < adjacent {
                    format!("Coal steel and more. {far}")
                } else {
                    format!("Coal first, {far} steel last.")
                };
                doc(&format!("d{i}"), &format!("Report {i}"), &body)
            })
            .collect()
    };
    let opts = BuildOptions {
        position_shift: 2,
        ..small_parts()
    };
    // Next to each other nearly everywhere: the text alone confirms them.
    let docs = corpus(11);
    let b = build(&docs, &opts);
    let mut index = Index::open(&b.manifest).unwrap();
    let (kinds, hits) = fetches_in(&b, &mut index, &docs, "\"coal steel\"");
    assert!(!kinds.contains(&FileKind::Positions), "{kinds:?}");
    assert_eq!(hits.len(), 5);
    // Next to each other in one document only: the positions narrow the candidates.
    let docs = corpus(1);
    let b = build(&docs, &opts);
    let mut index = Index::open(&b.manifest).unwrap();
    let (kinds, hits) = fetches_in(&b, &mut index, &docs, "\"coal steel\"");
    assert!(kinds.contains(&FileKind::Positions), "{kinds:?}");
    assert_eq!(hits, ["d0"]);
}

#[test]
fn corrupt_and_truncated_bytes_are_errors() {
    let b = built();
    assert_eq!(Index::open(b"").unwrap_err(), IndexError::Truncated);
    assert_eq!(
        Index::open(b"nope, not an index").unwrap_err(),
        IndexError::BadMagic
    );
    for cut in [5, 13, b.manifest.len() / 2, b.manifest.len() - 1] {
        assert!(Index::open(&b.manifest[..cut]).is_err(), "cut at {cut}");
    }
    let mut flipped = b.manifest.clone();
    flipped[20] ^= 0x10;
    assert_eq!(Index::open(&flipped).unwrap_err(), IndexError::Checksum);
    let mut v9 = b.manifest.clone();
    v9[4] = 9;
    assert_eq!(Index::open(&v9).unwrap_err(), IndexError::Version(9));
    // The message says which side to update.
    let newer = IndexError::Version(99).to_string();
    assert!(
        newer.contains("newer Dossier") && newer.contains("update the reader"),
        "{newer}"
    );
    let older = IndexError::Version(1).to_string();
    assert!(
        older.contains("older Dossier") && older.contains("rebuild the corpus"),
        "{older}"
    );

    let mut index = Index::open(&b.manifest).unwrap();
    for id in 0..b.files.len() as u32 {
        let file = b.files[id as usize].1.clone();
        assert!(index.add_file(id, file[..file.len() - 3].to_vec()).is_err());
        let mut bad = file.clone();
        bad[7] ^= 1;
        assert!(index.add_file(id, bad).is_err());
        let other = (id + 1) % b.files.len() as u32;
        assert!(
            index.add_file(other, file.clone()).is_err(),
            "another file's bytes"
        );
    }
    assert_eq!(
        index.add_file(9999, b.files[0].1.clone()).unwrap_err(),
        IndexError::NoSuchFile(9999)
    );
    // The same kind and number of another build: refused.
    let other = build(&docs()[..10], &small_parts());
    let meta = |b: &BuiltIndex| {
        b.kinds
            .iter()
            .position(|&k| k == FileKind::DocMeta)
            .unwrap()
    };
    assert!(index
        .add_file(meta(&b) as u32, other.files[meta(&other)].1.clone())
        .is_err());
    assert!(index.add_file(2, b.files[2].1.clone()).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), at in 0usize..10_000, byte in any::<u8>(), file in 0usize..1000) {
        let _ = Index::open(&bytes);
        let b = built();
        let mut m = b.manifest.clone();
        let i = at % m.len();
        m[i] = byte;
        let _ = Index::open(&m);
        let mut with_magic = b"DSXM\x03".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = Index::open(&with_magic);
        // A file with a byte changed and its checksum fixed: decoding must not panic either.
        let mut index = Index::open(&b.manifest).unwrap();
        let f = file % b.files.len();
        let mut bytes = b.files[f].1.clone();
        let n = bytes.len() - 8;
        bytes[at % n] = byte;
        let sum = fnv64(&bytes[..n]);
        bytes[n..].copy_from_slice(&sum.to_le_bytes());
        let _ = index.add_file(f as u32, bytes);
        for q in ["coal", "steel grain", "\"coal and steel\"", "stele"] {
            let _ = index.search(&parse_query(q), 5);
        }
    }
}

fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
