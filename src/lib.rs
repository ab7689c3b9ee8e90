//! Dossier: an offline, in-browser reader for collections of archival documents.
//!
//! - [`archive`] is the pure core: parsing records into the typed model and compiling a corpus.
//!   It does no I/O and compiles natively and to `wasm32`.
//! - `cli` (feature `cli`) is the corpus compiler's command line: it reads folders and writes
//!   the corpus.
//! - `app` (feature `app`) is the Leptos reader that runs in the browser.
//! - `exhibit` (feature `exhibit`) is kiosk mode and embedding: a wasm module of its own that
//!   the reader loads only when one of those modes is on.
//!
//! ```
//! let src = "June 2, 1967\n\nA Title\n\nSummary:\n\nWhat it is about.\n\nThe body.\n";
//! let doc = dossier::archive::parse_record("a.txt", src).unwrap();
//! assert_eq!(doc.meta.title, "A Title");
//! assert_eq!(doc.meta.date.iso.as_deref(), Some("1967-06-02"));
//! ```

#[cfg(feature = "app")]
pub mod app;
pub mod archive;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "exhibit")]
pub mod exhibit;
