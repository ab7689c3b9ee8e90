//! The pure core: parsing archival records into the typed [`model`] and compiling a corpus.
//!
//! No I/O, no clock, no regex: hand-written scanners that compile natively and to `wasm32`.
//!
//! - [`parse_record`] / [`parse_record_bytes`] / [`parse_report`]: one file → [`Document`]
//!   (plus [`Diagnostic`]s);
//! - [`compile`]: many [`Source`]s → [`Compiled`] (catalog, documents, diagnostics);
//! - [`to_json_pretty`], [`read_catalog`], [`read_document`]: the JSON the CLI writes and the
//!   reader loads.
//! - [`search`]: the full-text index (built by the compiler, read in place by the reader);
//!   [`synth`]: a deterministic generator of large test corpora; [`find`]: find in a
//!   document.
//!
//! ```
//! use dossier::archive::{compile, read_catalog, to_json_pretty, Source};
//! let src = "June 2, 1967\n\nA Title\n\nSummary:\n\nWhat it is about.\n\nThe body.\n";
//! let compiled = compile(&[Source::new("a.txt", src)]);
//! let json = to_json_pretty(&compiled.catalog);
//! assert_eq!(read_catalog(&json).unwrap(), compiled.catalog);
//! ```

mod body;
mod citation;
pub mod config;
pub mod corpus;
mod date;
mod diagnostic;
pub mod embed;
pub mod find;
mod header;
pub mod json;
mod load;
mod marks;
pub mod model;
pub mod ner;
mod parse;
pub mod search;
pub mod search_worker;
mod segment;
pub mod sort;
pub mod synth;

pub use citation::parse_citation;
pub use config::{parse_config, Config, ConfigReport, KnownIds, Mode, CONFIG_FILE};
pub use corpus::{
    catalog_entry, catalog_files, compile, compile_with, search_doc, search_docs, search_index,
    search_index_with, to_json, to_json_pretty, word_count, Compiled, EntityNames, Source,
};
pub use date::parse_date;
pub use diagnostic::{Code, Diagnostic, ParseError, Related, Severity};
pub use load::{
    read_catalog, read_catalog_head, read_catalog_page, read_config, read_document,
    read_entity_file, read_entity_index, LoadError,
};
pub use marks::{rich, scan_marks};
pub use model::*;
pub use ner::{parse_authority, resolve_overlaps, texts, Authority, AuthorityReport, Recognizer};
pub use parse::{parse_record, parse_record_bytes, parse_report, slug_id, Parsed};
pub use segment::{segments, Run, Segment, Span};

/// One source line: its 1-based number and its text without line ending and surrounding
/// whitespace.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    pub(crate) no: u32,
    pub(crate) text: &'a str,
}
