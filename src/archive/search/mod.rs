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
//! its input (magic, version, checksum, the build's hash, bounds) and returns [`IndexError`]
//! rather than panicking; the files `fst` reads in place (dictionary parts, skeleton) are
//! checked against their hash in the manifest first, as `fst` trusts its input.
//!
//! # Files
//!
//! The manifest (`manifest.bin`, fetched on the first query, never on the first page: about
//! 2 KB at 10,000 documents) holds the document count, field length totals, the build's hash,
//! the number of files of each kind, the first key of each dictionary part, the first term
//! (by ordinal) of each postings and positions part, the hashes of the dictionary parts and
//! skeleton, and the languages and archives. File ids number the files kind by kind in this
//! order; a file's name is its kind's letter, its number and the build's hash (a hash of every
//! file's content), so that names can be cached forever (a rebuild renames every file):
//!
//! - `dNNNN` dictionary parts: terms grouped by their first two bytes, whole groups per part
//!   (until about 8 KB of terms, some 4 KB once coded). Each holds an `fst` map term → ordinal (a
//!   term's rank among all terms; consecutive numbers cost the map little), the document
//!   frequency code of each of its terms, and an `fst` map `stem \0 term` → value for the few
//!   words of a stem that do not begin with the stem's prefix (the others are found among the
//!   terms that do: see [`analyze`]). A query word needs its part and its stem's (almost
//!   always the same one).
//! - `s0000` the typo skeleton: an `fst` map of the terms of 4+ letters in at least
//!   [`BuildOptions::skeleton_min_df`] documents → value, for typos that change a word's first
//!   two bytes. Fetched only when a query word is not in the dictionary.
//! - `pNNNN` postings parts: the documents and term frequencies of a range of terms (by
//!   ordinal), range coded (see `postings`; ~4 KB).
//! - `qNNNN` positions parts: the coarse positions of a range of terms (buckets of
//!   `2^position_shift` words of a document's virtual position space, fields [`build`]'s
//!   `FIELD_GAP` apart), range coded. Fetched for the words of phrases and, in multi-word
//!   queries, for the proximity bonus.
//! - `t0000` the document table: per document, a quantized length per field (for BM25F), the
//!   year (documents come in date order: coded as the change from the previous one),
//!   languages and archive, and entity by entity its documents (filters and facets); range
//!   coded column by column, with the entities' kinds, ids and names.
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
//! length and the bytes; `stream` is `bytes` range coded (`range`: an adaptive binary coder,
//! every probability starting at one half at the start of each stream).
//!
//! ```text
//! manifest := "DSXM" u8:version n_docs u8:position_shift meta_docs field_total_len×4
//!             u32le:build  n_files×6 (one count per kind, in file order)
//!             bytes:first_key×n_dictionary_parts
//!             first_ordinal_delta×n_postings_parts  first_ordinal_delta×n_positions_parts
//!             u32le:hash×(n_dictionary_parts+1)         -- fnv1a(file) as u32
//!             n_langs str×n  n_archives str×n  u64le:fnv1a(everything before)
//! file     := "DSXF" u8:version u8:kind number u32le:build payload u64le:fnv1a(before)
//! dictionary payload := first_ordinal bytes:terms_fst u8:df_code×n_terms bytes:stems_fst
//! skeleton payload   := bytes:fst
//! postings payload   := (df stream:postings)×terms        -- one record per ordinal
//! positions payload  := (stream:positions)×terms          -- empty for a stopword
//! table payload := min_year n_entities (u8:kind str:id str:name)×n stream:columns
//! meta payload  := (str:id str:title str:date)×meta_docs
//! ```
//!
//! A term's value is `ordinal << 8 | df_code`; the df code is exact below 64, then
//! logarithmic (for ordering candidates); the ordinal finds the term's postings and positions
//! parts (by the manifest's first ordinals) and its record (by skipping the records before
//! it). A postings stream codes each document's gap in Rice code (`k` from the document
//! frequency: nothing to store) and its term frequencies (one bit for "body only, then its
//! frequency", else a field mask and each field's frequency); a positions stream, each
//! document's number of buckets, its first bucket and the gaps between them. The table's
//! stream codes the length codes (exact below 32, then steps of 10%) of each field, the years,
//! languages and archives, then each entity's documents like postings. Stopwords (see
//! [`analyze::is_stopword`]) store no positions.
//!
//! # Phrases
//!
//! With `position_shift` 0 positions are exact and phrases are checked in the index (on
//! their non-stopwords, at their exact distances). Otherwise (the default: buckets of 128
//! words) the index only narrows the candidates to documents whose buckets fit, and quoted
//! phrases (required or excluded) are confirmed word for word on the text of the best
//! candidates ([`Outcome::NeedDocs`], the text the results page needs for snippets anyway)
//! until a page is full; [`Results::exact_total`] then says the total is an upper bound. The
//! stopwords of such a phrase take part through the text only. When every other word of a
//! phrase is in half of the documents or more, its words' positions (the longest there are)
//! usually narrow nothing: the five best candidates without them are confirmed first, and the
//! positions are fetched only when fewer than four of those have the phrase.
//!
//! # Ranking
//!
//! BM25F (k1 = 1.2) over four fields with weights title 4.0 (b 0.5), summary 2.0 (b 0.6), body
//! 1.0 (b 0.75) and names (entity names and the printed date) 2.5 (b 0.5). A query word matches
//! its exact folded form (weight 1.0), other words of the same English stem (0.8), the 16 most
//! frequent dictionary words it begins (0.6, last word only, as it may still be being typed)
//! and words one edit away from 4 letters or two from 8 (0.5 / 0.3, at most 3 of its own
//! dictionary part and one edit when the word is in the dictionary; 0.9 / 0.7 and up to 8,
//! skeleton included, when it is not, where 7 letters already allow two edits and edits are
//! otherwise counted against the longer of the two words, so that six letters typed for an
//! eight-letter word allow two). Prefix and typo forms score with at most the idf of the
//! word's most frequent candidate, so that a rare near-miss never outranks the likely word. A
//! word's score in a document is its best-matching form's; a document's score is the sum over
//! the query's words, plus half of it again when the query's words (or an unknown word's best
//! correction) stand in order in fitting position buckets (next to each other with exact
//! positions): an exact phrase ranks above words scattered further apart than a bucket.

pub mod analyze;
mod build;
mod codec;
mod fold_table;
mod index;
mod postings;
mod query;
mod range;
mod snippet;
mod table;

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
