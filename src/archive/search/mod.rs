//! Full-text search: an index the corpus compiler builds once, and a reader that opens it in
//! place in the browser, fetching only the parts a query needs.
//!
//! - [`build`]: [`SearchDoc`]s → [`BuiltIndex`] (a manifest and part files, all bytes).
//! - [`Index::open`] over the manifest's bytes; [`Index::search`] runs a query as far as the
//!   loaded parts allow and returns an [`Outcome`]: [`Outcome::NeedFiles`] (fetch them,
//!   [`Index::add_file`] each, search again), [`Outcome::NeedDocs`] (fetch those documents,
//!   [`Index::add_doc`] each, search again) or [`Outcome::Done`] with the [`Results`]. The
//!   app's loop is the same whatever the layout; [`Index::plan`] is the files of the next step.
//! - [`parse_query`] / [`Query`]'s `Display`: the query language and its canonical text.
//! - [`Highlighter`]: snippets and highlights (byte spans, never HTML) for any text of a hit.
//!
//! Bytes in, bytes out: fetching belongs to the app and files to the CLI. Every loader checks
//! its input (magic, version, checksum, length and hash against the manifest, bounds) and
//! returns [`IndexError`] rather than panicking.
//!
//! # Files
//!
//! The manifest (`manifest.bin`, fetched on the first query, never on the first page; it
//! grows with the number of files, not of documents: about 16 KB gzip at 10,000 documents)
//! holds the document count, field length totals, the file table (kind, length, hash: the
//! names are derived), the first key of each dictionary part and the facet values (languages,
//! archives, entities). File ids are positions in the file table; files are ordered by kind:
//!
//! - `dNNNN` dictionary parts: terms grouped by their first two bytes, whole groups per part
//!   (about 8 KB). Each holds an `fst` map term → value (used in place for exact, prefix and
//!   same-prefix typo lookups) and an `fst` map `stem \0 term` → value for the stems in its
//!   range. A query word needs its part and its stem's (almost always the same one).
//! - `s0000` the typo skeleton: an `fst` map of the terms of 4+ letters in at least
//!   [`BuildOptions::skeleton_min_df`] documents, for typos that change a word's first two
//!   bytes. Fetched only when a query word is not in the dictionary.
//! - `pNNNN` postings parts: terms' documents and term frequencies, in term order (~12 KB).
//! - `qNNNN` positions parts: terms' coarse positions (buckets of `2^position_shift` words of a
//!   document's virtual position space, fields [`build`]'s `FIELD_GAP` apart), in term order.
//!   Fetched for the words of phrases and, in multi-word queries, for the proximity bonus.
//! - `t0000` the document table: per document, a quantized length per field (for BM25F) and
//!   the year, languages, archive and entities (filters and facets), column by column.
//! - `mNNNN` doc-meta parts: id, title and date of [`BuildOptions::meta_docs`] documents;
//!   fetched for the hits shown.
//!
//! A query goes: manifest → dictionary parts (→ skeleton, if a word is unknown) → postings,
//! positions and the document table → (documents' text, for quoted phrases) → the page's
//! doc-meta parts.
//!
//! # Layout
//!
//! All integers are LEB128 varints unless said otherwise; `str` and `bytes` are a varint
//! length and the bytes.
//!
//! ```text
//! manifest := "DSXM" u8:version n_docs u8:position_shift meta_docs field_total_len×4
//!             n_files (u8:kind len u32le:hash)×n_files      -- hash: fnv1a(file) as u32
//!             bytes:first_key×n_dictionary_parts
//!             n_langs str×n  n_archives str×n  n_entities (u8:kind str:id str:name)×n
//!             u64le:fnv1a(everything before)
//! file     := "DSXF" u8:version u8:kind number payload u64le:fnv1a(everything before)
//! dictionary payload := bytes:terms_fst bytes:stems_fst
//! skeleton payload   := bytes:fst
//! postings payload   := term_record…
//! term_record := df (0 | positions_part+1 pos_offset pos_len)
//!                bytes:(doc_delta<<2|code [tf | u8:mask tf×popcount(mask)])×df
//! positions payload  := (n first_bucket bucket_delta×(n-1))×df  per term, postings order
//! table payload := u8:length_code×n_docs ×4 fields  min_year (year-min_year+1|0)×n_docs
//!                  (n lang×n)×n_docs  (archive+1|0)×n_docs  (n entity_delta×n)×n_docs
//! meta payload  := (str:id str:title str:date)×meta_docs
//! ```
//!
//! A term's value packs `postings_part << 44 | offset << 24 | (positions_part+1) << 8 |
//! df_code`; the df code is exact below 64, then logarithmic (for ordering candidates). `code`
//! 0: body only, tf 1; 1: body only, tf follows; 2: a field mask (bit per field) and the tf of
//! each field present follow. A length code is exact below 32, then in steps of 10%.
//! Stopwords (see [`analyze::is_stopword`]) store no positions.
//!
//! # Phrases
//!
//! With `position_shift` 0 positions are exact and phrases are checked in the index (on
//! their non-stopwords, at their exact distances). Otherwise (the default: buckets of 128
//! words) the index only narrows the candidates to documents whose buckets fit, and quoted
//! phrases (required or excluded) are confirmed word for word on the text of the best
//! candidates ([`Outcome::NeedDocs`], the text the results page needs for snippets anyway)
//! until a page is full; [`Results::exact_total`] then says the total is an upper bound.
//!
//! # Ranking
//!
//! BM25F (k1 = 1.2) over four fields with weights title 4.0 (b 0.5), summary 2.0 (b 0.6), body
//! 1.0 (b 0.75) and names (entity names and the printed date) 2.5 (b 0.5). A query word matches
//! its exact folded form (weight 1.0), other words of the same English stem (0.8), the 16 most
//! frequent dictionary words it begins (0.6, last word only, as it may still be being typed)
//! and words one edit away from 4 letters or two from 8 (0.5 / 0.3, at most 3 of its own
//! dictionary part and one edit when the word is in the dictionary; 0.9 / 0.7 and up to 8,
//! skeleton included, when it is not, where 7 letters already allow two edits). Prefix and
//! typo forms score with at most the idf of the word's most frequent candidate, so that a
//! rare near-miss never outranks the likely word. A word's score in a document is its
//! best-matching form's; a document's score is the sum over the query's words, plus half of it
//! again when the query's words (or an unknown word's best correction) stand in order in
//! fitting position buckets (next to each other with exact positions): an exact phrase ranks
//! above words scattered further apart than a bucket.

pub mod analyze;
mod build;
mod codec;
mod fold_table;
mod index;
mod query;
mod snippet;

pub use build::{build, BuildOptions, BuiltIndex, FileKind};
pub use index::{
    DidYouMean, EntityFacet, Facets, FileId, Hit, Index, IndexError, Outcome, Results, SearchError,
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchEntity {
    /// The entity's id.
    pub id: String,
    /// Its canonical name (searched, and shown in facets).
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
}

/// One document as the index builder sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
