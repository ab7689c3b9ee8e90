//! The search engine: analysis, ranking, the query language, facets, snippets, shard planning
//! and robustness against bad bytes and bad queries.

mod analysis;
mod bytes;
mod facets;
mod query;
mod ranking;
mod seed;

use dossier::archive::search::{build, parse_query, BuildOptions, Index, Results, SearchDoc};
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

/// An index over `docs` with every shard loaded.
pub fn open_all(docs: &[SearchDoc], shards: u32) -> Index {
    let built = build(
        docs,
        &BuildOptions {
            shards: Some(shards),
            ..BuildOptions::default()
        },
    );
    let mut index = Index::open(&built.manifest).expect("manifest opens");
    for (id, (_, bytes)) in built.shards.into_iter().enumerate() {
        index.add_shard(id as u32, bytes).expect("shard loads");
    }
    index
}

/// Runs a query text.
pub fn search(index: &Index, q: &str) -> Results {
    index.search(&parse_query(q), 100).expect("search runs")
}

/// The ids of the hits, best first.
pub fn ids(index: &Index, q: &str) -> Vec<String> {
    search(index, q).hits.into_iter().map(|h| h.id).collect()
}
