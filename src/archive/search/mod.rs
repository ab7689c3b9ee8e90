//! Full-text search: an index the corpus compiler builds once, and a reader that opens it in
//! place in the browser, fetching only the shards a query needs.
//!
//! - [`build`]: [`SearchDoc`]s → [`BuiltIndex`] (a manifest and term shards, all bytes).
//! - [`Index::open`] over the manifest's bytes; [`Index::plan`] names the shards a query needs
//!   that are not loaded yet; [`Index::add_shard`] adds one; [`Index::search`] runs the query.
//! - [`parse_query`] / [`Query`]'s `Display`: the query language and its canonical text.
//! - [`Highlighter`]: snippets and highlights (byte spans, never HTML) for any text of a hit.
//!
//! Bytes in, bytes out: fetching belongs to the app and files to the CLI. Every loader checks
//! its input (magic, version, checksum, bounds) and returns [`IndexError`] rather than
//! panicking.
//!
//! # Files
//!
//! The manifest (`search/manifest.bin`, fetched on the first query, never on the first page)
//! holds everything but the postings: the term dictionary (an `fst` map from folded term to
//! its shard, offset and document frequency, used in place for exact, prefix and typo
//! lookups), the stem dictionary (an `fst` set of `stem \0 term` keys), the shard table (file
//! name, length, checksum), the facet values (languages, archives, entities) and one row per
//! document (id, field lengths, year, languages, archive, entities).
//!
//! Postings live in `n` term shards (`NNNN-<hash>.bin`: documents and term frequencies) and
//! `n` position shards (`pNNNN-<hash>.bin`: word positions, fetched only for phrases and
//! multi-word queries). A term's shard is the FNV-1a hash of its folded form modulo `n`, in
//! both; shard ids are `0..n` for term shards and `n..2n` for position shards. A query loads
//! only the shards of the terms it touches, decoding only those terms' postings.
//!
//! # Layout
//!
//! All integers are LEB128 varints unless said otherwise; `str` and `bytes` are a varint
//! length and the bytes.
//!
//! ```text
//! manifest := "DSXM" u8:version
//!             n_docs n field_total_len×4
//!             bytes:terms_fst bytes:stems_fst
//!             (str:file_name len u64le:fnv1a(file))×2n
//!             n_langs str×n  n_archives str×n  n_entities (u8:kind str:id str:name)×n
//!             doc×n_docs
//!             u64le:fnv1a(everything before)
//! doc      := str:id len×4 year+1|0 n_langs lang×n archive+1|0 n_ents ent_delta×n
//! term_shard     := "DSXS" u8:version shard_id term_record… u64le:fnv1a(everything before)
//! position_shard := "DSXP" u8:version shard_id positions… u64le:fnv1a(everything before)
//! term_record := df flags [pos_offset pos_len]            -- positions if flags bit 0
//!                bytes:(doc_delta<<2|code [tf | u8:mask tf×popcount(mask)])×df
//! positions   := (first_pos pos_delta…)  per document, per field present, tf of them
//! ```
//!
//! A term's fst value packs `offset << 32 | shard << 16 | min(df, 65535)`. `code` 0: body
//! only, tf 1; 1: body only, tf follows; 2: a field mask (bit per field) and the tf of each
//! field present follow. Stopwords (see [`analyze::is_stopword`]) store no positions; phrases
//! are checked on their other words at their exact distances.
//!
//! # Ranking
//!
//! BM25F (k1 = 1.2) over four fields with weights title 4.0 (b 0.5), summary 2.0 (b 0.6), body
//! 1.0 (b 0.75) and names (entity names and the printed date) 2.5 (b 0.5). A query word matches
//! its exact folded form (weight 1.0), other words of the same English stem (0.8), the
//! dictionary words it begins (0.6, last word only, as it may still be being typed) and words
//! one edit away from 4 letters or two from 8 (0.5 / 0.3). A word's score in a document is its
//! best-matching form's; a document's score is the sum over the query's words, plus half of it
//! again when the query's words stand next to each other in order (an exact phrase ranks above
//! scattered words).

pub mod analyze;
mod build;
mod codec;
mod fold_table;
mod index;
mod query;
mod snippet;

pub use build::{build, BuildOptions, BuiltIndex};
pub use index::{
    DidYouMean, EntityFacet, Facets, Hit, Index, IndexError, Results, SearchError, ShardId,
};
pub use query::{
    entity_key, parse_query, Clause, EntityFilter, Filters, Query, Term, YearFilter, MAX_CLAUSES,
    MAX_QUERY_CHARS,
};
pub use snippet::{Highlighter, Snippet, SNIPPET_WORDS};

use crate::archive::model::{Block, Document, EntityKind};

/// The four indexed fields.
pub const FIELDS: usize = 4;
/// Field index of the title.
pub const TITLE: usize = 0;
/// Field index of the summary.
pub const SUMMARY: usize = 1;
/// Field index of the body.
pub const BODY: usize = 2;
/// Field index of the names: entity names and the printed date.
pub const NAMES: usize = 3;

/// An entity a document mentions, as the index sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchEntity {
    /// The entity's id.
    pub id: String,
    /// Its canonical name (searched, and shown in facets).
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
}

/// One document as the index builder sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchDoc {
    /// The document's id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The summary (empty if none).
    pub summary: String,
    /// All body text, one block (or apparatus line, or list item) per line: see
    /// [`body_text`].
    pub body: String,
    /// The date as printed (indexed with the names).
    pub date: String,
    /// The year, for filters and facets.
    pub year: Option<i32>,
    /// Original languages.
    pub languages: Vec<String>,
    /// The holding archive.
    pub archive: Option<String>,
    /// The persons, places, organizations and events mentioned, each once.
    pub entities: Vec<SearchEntity>,
}

impl SearchDoc {
    /// The search view of a document. `entity_name` gives the canonical name of an entity id
    /// (`None`: the first mention's surface text is used).
    pub fn from_document(doc: &Document, entity_name: impl Fn(&str) -> Option<String>) -> Self {
        let mut entities: Vec<SearchEntity> = Vec::new();
        for m in &doc.mentions {
            if matches!(m.kind, EntityKind::Date | EntityKind::Quantity) {
                continue;
            }
            let Some(id) = &m.entity else { continue };
            if entities.iter().any(|e| &e.id == id) {
                continue;
            }
            entities.push(SearchEntity {
                id: id.clone(),
                name: entity_name(id).unwrap_or_else(|| m.surface.clone()),
                kind: m.kind,
            });
        }
        let year = doc
            .meta
            .date
            .iso
            .as_deref()
            .and_then(|iso| iso.get(..4))
            .and_then(|y| y.parse().ok());
        SearchDoc {
            id: doc.id.clone(),
            title: doc.meta.title.clone(),
            summary: doc.meta.summary.clone().unwrap_or_default(),
            body: body_text(&doc.body),
            date: doc.meta.date.text.clone(),
            year,
            languages: doc.meta.original_languages.clone(),
            archive: doc.meta.citation.as_ref().and_then(|c| c.archive.clone()),
            entities,
        }
    }
}

/// The body's text flattened: each apparatus line, heading, paragraph and list item on its own
/// line, in reading order. Snippets of a hit are made from this text.
pub fn body_text(body: &[Block]) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(s);
    };
    for b in body {
        match b {
            Block::Apparatus { lines, .. } => lines.iter().for_each(|l| line(&l.text)),
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => line(&text.text),
            Block::List { items, .. } => items.iter().for_each(|i| line(&i.text.text)),
        }
    }
    out
}
