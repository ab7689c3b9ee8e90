//! Compiling many record files into a corpus: the [`Catalog`] and one [`DocumentFile`] per
//! document, in collection order, with every problem of every file reported; each document's
//! mentions recognized, and the collection's entities aggregated.

use serde::Serialize;

use super::diagnostic::{Code, Diagnostic, Related};
use super::model::{
    Block, Catalog, CatalogEntry, DatePrecision, Document, DocumentFile, FORMAT_VERSION,
};
use super::ner::aggregate::{aggregate, Entities};
use super::ner::Recognizer;
use super::parse::parse_report;

/// One input file: its name (relative to the collection folder, `/`-separated) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// File name, used in diagnostics and for ids of records without a record id.
    pub name: String,
    /// Raw content; need not be UTF-8 (that is reported).
    pub bytes: Vec<u8>,
}

impl Source {
    /// A source from a name and bytes.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Source {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}

/// A compiled corpus.
#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    /// The catalog, one entry per document, in the order of `documents`.
    pub catalog: Catalog,
    /// The documents, sorted by (date, title, id); undated documents last.
    pub documents: Vec<DocumentFile>,
    /// Every diagnostic of every file, by file name then line.
    pub diagnostics: Vec<Diagnostic>,
    /// How many sources were read.
    pub read: usize,
    /// Names of the sources that were skipped because of errors, sorted.
    pub skipped: Vec<String>,
    /// The entity index and one file per entity (see [`aggregate`]).
    pub entities: Entities,
}

impl Compiled {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Compiles `sources` into a corpus with a recognizer that has no authority file (rules and
/// automatic names only). See [`compile_with`].
pub fn compile(sources: &[Source]) -> Compiled {
    compile_with(sources, &Recognizer::default())
}

/// Compiles `sources` into a corpus, recognizing each document's mentions with `recognizer`.
/// Deterministic: the order of `sources` does not matter (they are processed by name). When two
/// files yield the same document id, the one whose name sorts later is skipped with a
/// [`Code::DuplicateId`] error naming both.
pub fn compile_with(sources: &[Source], recognizer: &Recognizer) -> Compiled {
    let mut order: Vec<&Source> = sources.iter().collect();
    order.sort_by(|a, b| a.name.cmp(&b.name));
    let mut diagnostics = Vec::new();
    let mut skipped = Vec::new();
    // (document, line of its id) for each accepted file.
    let mut accepted: Vec<(Document, u32)> = Vec::new();
    for source in order {
        let parsed = parse_report(&source.name, &source.bytes);
        diagnostics.extend(parsed.diagnostics);
        let Some(doc) = parsed.document else {
            skipped.push(source.name.clone());
            continue;
        };
        let id_line = parsed.record_id_line.unwrap_or(1);
        if let Some((first, first_line)) = accepted.iter().find(|(d, _)| d.id == doc.id) {
            let mut d = Diagnostic::error(
                &source.name,
                id_line,
                Code::DuplicateId,
                format!(
                    "document id `{}` is already used by {}:{}; this file is skipped",
                    doc.id, first.source, first_line
                ),
            );
            d.related.push(Related {
                file: first.source.clone(),
                line: *first_line,
                message: format!("`{}` first defined here", doc.id),
            });
            diagnostics.push(d);
            skipped.push(source.name.clone());
            continue;
        }
        accepted.push((doc, id_line));
    }
    let mut documents: Vec<Document> = accepted.into_iter().map(|(d, _)| d).collect();
    documents.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    for doc in &mut documents {
        doc.mentions = recognizer.recognize(doc);
    }
    diagnostics.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    skipped.sort();
    let catalog = Catalog {
        format_version: FORMAT_VERSION,
        documents: documents.iter().map(catalog_entry).collect(),
    };
    let documents: Vec<DocumentFile> = documents
        .into_iter()
        .map(|document| DocumentFile {
            format_version: FORMAT_VERSION,
            document,
        })
        .collect();
    let entities = aggregate(&documents, recognizer.authority());
    Compiled {
        catalog,
        documents,
        diagnostics,
        read: sources.len(),
        skipped,
        entities,
    }
}

fn sort_key(d: &Document) -> (bool, &str, &str, &str) {
    let undated = d.meta.date.precision == DatePrecision::Undated;
    (
        undated,
        d.meta.date.iso.as_deref().unwrap_or(""),
        &d.meta.title,
        &d.id,
    )
}

/// The catalog entry of a document.
pub fn catalog_entry(d: &Document) -> CatalogEntry {
    CatalogEntry {
        id: d.id.clone(),
        date: d.meta.date.clone(),
        title: d.meta.title.clone(),
        summary: d.meta.summary.clone(),
        original_languages: d.meta.original_languages.clone(),
        archive: d.meta.citation.as_ref().and_then(|c| c.archive.clone()),
        words: u32::try_from(word_count(&d.body)).unwrap_or(u32::MAX),
    }
}

/// Whitespace-separated words in all text of the body (list labels not counted).
pub fn word_count(body: &[Block]) -> usize {
    let words = |s: &str| s.split_whitespace().count();
    body.iter()
        .map(|b| match b {
            Block::Apparatus { lines, .. } => lines.iter().map(|l| words(&l.text)).sum(),
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => words(&text.text),
            Block::List { items, .. } => items.iter().map(|i| words(&i.text.text)).sum(),
        })
        .sum()
}

/// Pretty JSON (two-space indent) with a trailing newline: the exact bytes the CLI writes.
/// Deterministic for the model types, which hold no maps.
pub fn to_json_pretty<T: Serialize>(value: &T) -> String {
    let mut json = serde_json::to_string_pretty(value).expect("model types always serialize");
    json.push('\n');
    json
}
