//! Filters and facet counts.

use dossier::archive::search::{build, parse_query, FileKind, Index, Outcome, SearchDoc};
use dossier::archive::EntityKind;

use super::{doc, entity, open_all, search, small_parts};

fn corpus() -> Vec<SearchDoc> {
    let mk = |id: &str, year: i32, lang: &str, archive: &str, ents: Vec<_>| SearchDoc {
        year: Some(year),
        languages: vec![lang.to_string()],
        archive: Some(archive.to_string()),
        entities: ents,
        ..doc(id, "Report", "A report on coal deliveries.")
    };
    let kim = || entity("kim-il-sung", "Kim Il Sung", EntityKind::Person);
    let moscow = || entity("moscow", "Moscow", EntityKind::Place);
    vec![
        mk(
            "a",
            1967,
            "Czech",
            "State Central Archive (Prague)",
            vec![kim(), moscow()],
        ),
        mk(
            "b",
            1968,
            "Czech",
            "State Central Archive (Prague)",
            vec![kim()],
        ),
        mk(
            "c",
            1955,
            "Russian",
            "Archive of Foreign Policy (Moscow)",
            vec![moscow()],
        ),
        mk(
            "d",
            1961,
            "Polish",
            "Central Archives of Modern Records (Warsaw)",
            vec![],
        ),
    ]
}

fn sorted_ids(q: &str) -> Vec<String> {
    let index = open_all(&corpus(), 2);
    let mut v: Vec<String> = search(&index, q).hits.into_iter().map(|h| h.id).collect();
    v.sort();
    v
}

#[test]
fn filters_narrow() {
    assert_eq!(sorted_ids("coal year:1967"), ["a"]);
    assert_eq!(sorted_ids("coal year:1960-1969"), ["a", "b", "d"]);
    assert_eq!(sorted_ids("decade:1960s"), ["a", "b", "d"]);
    assert_eq!(sorted_ids("coal lang:czech"), ["a", "b"]);
    assert_eq!(sorted_ids("coal lang:czech lang:polish"), ["a", "b", "d"]);
    assert_eq!(sorted_ids("archive:prague"), ["a", "b"]);
    assert_eq!(
        sorted_ids("archive:\"State Central Archive (Prague)\""),
        ["a", "b"]
    );
    assert_eq!(sorted_ids("person:kim-il-sung"), ["a", "b"]);
    assert_eq!(sorted_ids("person:\"kim il sung\" place:moscow"), ["a"]);
    assert_eq!(sorted_ids("place:kim-il-sung"), Vec::<String>::new());
    // Entity names are searchable words too.
    assert_eq!(sorted_ids("kim"), ["a", "b"]);
}

#[test]
fn facet_counts_follow_the_result_set() {
    let index = open_all(&corpus(), 2);
    let all = search(&index, "coal");
    assert_eq!(all.total, 4);
    let f = &all.facets;
    assert_eq!(f.years, [(1955, 1), (1961, 1), (1967, 1), (1968, 1)]);
    assert_eq!(f.decades, [(1950, 1), (1960, 3)]);
    assert_eq!(f.languages[0], ("Czech".to_string(), 2));
    assert_eq!(
        f.archives[0],
        ("State Central Archive (Prague)".to_string(), 2)
    );
    assert_eq!(f.kinds, [(EntityKind::Person, 2), (EntityKind::Place, 2)]);
    assert_eq!(f.entities.len(), 2);
    assert_eq!(f.entities[0].count, 2);

    let narrowed = search(&index, "coal decade:1960s");
    assert_eq!(narrowed.total, 3);
    let f = &narrowed.facets;
    assert_eq!(f.decades, [(1960, 3)]);
    assert_eq!(f.kinds, [(EntityKind::Person, 2), (EntityKind::Place, 1)]);
    let narrower = search(&index, "coal decade:1960s person:kim-il-sung place:moscow");
    assert_eq!(narrower.total, 1);
    assert_eq!(narrower.facets.years, [(1967, 1)]);
}

/// Runs `q` on a cold index (only the manifest), loading what it asks for: the results and
/// the kinds of the files it read.
fn cold(q: &str, entity_facets: bool) -> (dossier::archive::search::Results, Vec<FileKind>) {
    let docs = corpus();
    let built = build(&docs, &small_parts());
    let mut index = Index::open(&built.manifest).expect("manifest opens");
    let mut read = Vec::new();
    let q = parse_query(q);
    for _ in 0..100 {
        match index
            .search_with(&q, 10, entity_facets)
            .expect("search runs")
        {
            Outcome::Done(r) => return (*r, read),
            Outcome::NeedFiles(ids) => {
                for id in ids {
                    read.push(built.kinds[id as usize]);
                    let bytes = built.files[id as usize].1.clone();
                    index.add_file(id, bytes).expect("file loads");
                }
            }
            Outcome::NeedDocs(ds) => {
                for (d, _) in ds {
                    index.add_doc(d, &docs[d as usize]);
                }
            }
        }
    }
    panic!("the search does not end")
}

#[test]
fn entity_facets_come_in_a_second_step_that_reads_the_entities() {
    let (first, read) = cold("coal", false);
    assert!(!read.contains(&FileKind::DocEntities), "{read:?}");
    assert_eq!(first.total, 4);
    assert!(first.facets.entities.is_empty() && first.facets.kinds.is_empty());
    assert_eq!(first.facets.decades, [(1950, 1), (1960, 3)]);

    let (full, read) = cold("coal", true);
    assert!(read.contains(&FileKind::DocEntities), "{read:?}");
    assert_eq!(full.hits, first.hits);
    assert_eq!(full.facets.years, first.facets.years);
    assert_eq!(
        full.facets.kinds,
        [(EntityKind::Person, 2), (EntityKind::Place, 2)]
    );

    // An entity filter needs the entities at once (and then gives their facets too).
    let (filtered, read) = cold("coal person:kim-il-sung", false);
    assert!(read.contains(&FileKind::DocEntities), "{read:?}");
    let mut ids: Vec<String> = filtered.hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(
        filtered.facets.kinds,
        [(EntityKind::Person, 2), (EntityKind::Place, 1)]
    );
}
