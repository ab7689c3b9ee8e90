//! Shards on demand, and bad bytes.

use dossier::archive::search::{build, parse_query, BuildOptions, Index, IndexError, SearchError};
use proptest::prelude::*;

use super::doc;

fn built() -> dossier::archive::search::BuiltIndex {
    let docs: Vec<_> = (0..30)
        .map(|i| {
            doc(
                &format!("d{i}"),
                &format!("Report {i}"),
                &format!("Word{i} appears here with coal and steel and grain number {i}."),
            )
        })
        .collect();
    build(
        &docs,
        &BuildOptions {
            shards: Some(8),
            ..BuildOptions::default()
        },
    )
}

#[test]
fn a_query_needs_only_its_shards() {
    let b = built();
    // Eight term shards and eight position shards.
    assert_eq!(b.shards.len(), 16);
    let mut index = Index::open(&b.manifest).unwrap();
    let q = parse_query("coal");
    let plan = index.plan(&q);
    assert_eq!(
        plan.len(),
        1,
        "one word: one term shard, no positions: {plan:?}"
    );
    assert!(plan[0] < 8);
    assert!(matches!(index.search(&q, 10), Err(SearchError::ShardsNotLoaded(ref s)) if *s == plan));
    for &id in &plan {
        index
            .add_shard(id, b.shards[id as usize].1.clone())
            .unwrap();
    }
    assert!(index.plan(&q).is_empty());
    assert_eq!(index.search(&q, 10).unwrap().total, 30);
    // Two words: the other word's term shard, and both words' position shards.
    let q2 = parse_query("coal grain");
    let plan2 = index.plan(&q2);
    assert!(!plan2.is_empty() && plan2.len() <= 3, "{plan2:?}");
    assert!(
        plan2.iter().any(|&s| s >= 8),
        "positions for the proximity bonus"
    );
    for &id in &plan2 {
        index
            .add_shard(id, b.shards[id as usize].1.clone())
            .unwrap();
    }
    assert_eq!(index.search(&q2, 10).unwrap().total, 30);
    // A phrase needs position shards.
    let q3 = parse_query("\"coal and steel\"");
    for id in index.plan(&q3) {
        index
            .add_shard(id, b.shards[id as usize].1.clone())
            .unwrap();
    }
    assert_eq!(index.search(&q3, 10).unwrap().total, 30);
    // Names carry the shard number and a content hash.
    assert!(b.shards[3].0.starts_with("0003-"));
    assert!(b.shards[11].0.starts_with("p0003-"));
    assert_eq!(index.shard_name(3), Some(b.shards[3].0.as_str()));
    // The same input gives the same bytes.
    assert_eq!(built(), b);
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
    flipped[40] ^= 0x10;
    assert_eq!(Index::open(&flipped).unwrap_err(), IndexError::Checksum);
    let mut v2 = b.manifest.clone();
    v2[4] = 9;
    assert_eq!(Index::open(&v2).unwrap_err(), IndexError::Version(9));

    let mut index = Index::open(&b.manifest).unwrap();
    let shard = b.shards[2].1.clone();
    assert!(index
        .add_shard(2, shard[..shard.len() - 3].to_vec())
        .is_err());
    let mut bad = shard.clone();
    bad[10] ^= 1;
    assert_eq!(index.add_shard(2, bad).unwrap_err(), IndexError::Checksum);
    assert!(
        index.add_shard(3, shard.clone()).is_err(),
        "another shard's bytes"
    );
    assert_eq!(
        index.add_shard(99, shard.clone()).unwrap_err(),
        IndexError::NoSuchShard(99)
    );
    assert!(index.add_shard(2, shard).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), at in 0usize..10_000, byte in any::<u8>()) {
        let _ = Index::open(&bytes);
        let b = built();
        let mut m = b.manifest.clone();
        let i = at % m.len();
        m[i] = byte;
        let _ = Index::open(&m);
        let mut with_magic = b"DSXM\x01".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = Index::open(&with_magic);
    }
}
