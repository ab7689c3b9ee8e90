//! The search engine: analysis, ranking, the query language, facets, snippets, file planning
//! and robustness against bad bytes and bad queries.

mod analysis;
mod bytes;
mod facets;
mod query;
mod ranking;
mod seed;

use std::cell::RefCell;

use dossier::archive::search::{
    build, parse_query, BuildOptions, Index, Outcome, Query, Results, SearchDoc,
};
use dossier::archive::EntityKind;

/// A document with a title and a body.
pub fn doc(id: &str, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        id: id.to_string(),
        title: title.to_string(),
        body: body.to_string(),
        ..SearchDoc::default()
    }
}

/// An entity of a document.
pub fn entity(id: &str, name: &str, kind: EntityKind) -> dossier::archive::search::SearchEntity {
    dossier::archive::search::SearchEntity {
        id: id.to_string(),
        name: name.to_string(),
        kind,
    }
}

/// An index over `docs` with every file loaded, and the documents for phrase checks.
pub struct Loaded {
    /// The index.
    pub index: RefCell<Index>,
    /// The documents, by number.
    pub docs: Vec<SearchDoc>,
}

/// Small parts, so that even tiny fixtures have several of each kind.
pub fn small_parts() -> BuildOptions {
    BuildOptions {
        dictionary_part_bytes: 64,
        postings_part_bytes: 64,
        positions_part_bytes: 64,
        meta_docs: 2,
        ..BuildOptions::default()
    }
}

/// An index over `docs` with every file loaded. `shift`: position buckets of `2^shift` words.
pub fn open_all(docs: &[SearchDoc], shift: u8) -> Loaded {
    let built = build(
        docs,
        &BuildOptions {
            position_shift: shift,
            ..small_parts()
        },
    );
    let mut index = Index::open(&built.manifest).expect("manifest opens");
    for (id, (_, bytes)) in built.files.into_iter().enumerate() {
        index.add_file(id as u32, bytes).expect("file loads");
    }
    Loaded {
        index: RefCell::new(index),
        docs: docs.to_vec(),
    }
}

/// Runs a query to the end, giving the index the documents' text it asks for.
pub fn run(index: &mut Index, docs: &[SearchDoc], q: &Query, limit: usize) -> Results {
    for _ in 0..100 {
        match index.search(q, limit).expect("search runs") {
            Outcome::Done(r) => return *r,
            Outcome::NeedDocs(ds) => {
                for (d, _) in ds {
                    index.add_doc(d, &docs[d as usize]);
                }
            }
            Outcome::NeedFiles(ids) => panic!("every file is loaded, yet {ids:?} are needed"),
        }
    }
    panic!("the search does not end")
}

/// Runs a query text.
pub fn search(l: &Loaded, q: &str) -> Results {
    run(&mut l.index.borrow_mut(), &l.docs, &parse_query(q), 100)
}

/// The ids of the hits, best first.
pub fn ids(l: &Loaded, q: &str) -> Vec<String> {
    search(l, q).hits.into_iter().map(|h| h.id).collect()
}
