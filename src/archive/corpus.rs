//! Compiling many record files into a corpus: the [`Catalog`] and one [`DocumentFile`] per
//! document, in collection order, with every problem of every file reported; each document's
//! mentions recognized, and the collection's entities aggregated; and the corpus's search
//! index ([`search_index`]), built from the same documents the reader loads ([`search_doc`]).

use std::collections::HashMap;

use serde::Serialize;

use super::diagnostic::{Code, Diagnostic, Related};
use super::model::{
    Block, Catalog, CatalogEntry, CatalogHead, CatalogPage, DatePrecision, Document, DocumentFile,
    EntityIndex, Neighbour, Position, CATALOG_ORDERS, FORMAT_VERSION,
};
use super::ner::aggregate::{aggregate, Entities};
use super::ner::Recognizer;
use super::parse::parse_report;
use super::search::{self, BuildOptions, BuiltIndex, SearchDoc};

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
    compile_with_progress(sources, recognizer, &|_| {})
}

/// A stage of compiling, as [`compile_with_progress`] reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Parsing the records (one item per source).
    Parse,
    /// Recognizing the documents' mentions (one item per document).
    Recognize,
    /// Aggregating the entity index and files (one item per entity).
    Aggregate,
}

impl Stage {
    /// A short lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Parse => "parsing",
            Stage::Recognize => "recognizing",
            Stage::Aggregate => "entities",
        }
    }
}

/// What [`compile_with_progress`] is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A stage begins, with this many items (the previous stage, if any, has ended).
    Begin(Stage, usize),
    /// One more item of the current stage is done.
    Item,
}

/// [`compile_with`], telling `progress` about each stage and each item as it goes. Items may
/// be reported from several threads at once (with the `parallel` feature), in any order.
pub fn compile_with_progress(
    sources: &[Source],
    recognizer: &Recognizer,
    progress: &(dyn Fn(Step) + Sync),
) -> Compiled {
    let mut order: Vec<&Source> = sources.iter().collect();
    order.sort_by(|a, b| a.name.cmp(&b.name));
    let mut diagnostics = Vec::new();
    let mut skipped = Vec::new();
    // (document, line of its id) for each accepted file.
    let mut accepted: Vec<(Document, u32)> = Vec::new();
    // id → index into `accepted`, so duplicate detection stays linear in large collections
    let mut by_id: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    progress(Step::Begin(Stage::Parse, order.len()));
    let reports = par_map(&order, |source| {
        let parsed = parse_report(&source.name, &source.bytes);
        progress(Step::Item);
        parsed
    });
    for (source, parsed) in order.into_iter().zip(reports) {
        diagnostics.extend(parsed.diagnostics);
        let Some(doc) = parsed.document else {
            skipped.push(source.name.clone());
            continue;
        };
        let id_line = parsed.record_id_line.unwrap_or(1);
        if let Some((first, first_line)) = by_id.get(&doc.id).map(|&i| &accepted[i]) {
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
        by_id.insert(doc.id.clone(), accepted.len());
        accepted.push((doc, id_line));
    }
    let mut documents: Vec<Document> = accepted.into_iter().map(|(d, _)| d).collect();
    documents.sort_by(collection_order);
    progress(Step::Begin(Stage::Recognize, documents.len()));
    let mentions = par_map(&documents, |doc| {
        let found = recognizer.recognize(doc);
        progress(Step::Item);
        found
    });
    for (doc, mentions) in documents.iter_mut().zip(mentions) {
        doc.mentions = mentions;
    }
    diagnostics.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    skipped.sort();
    let catalog = Catalog {
        format_version: FORMAT_VERSION,
        documents: documents.iter().map(catalog_entry).collect(),
    };
    let total = documents.len() as u32;
    let neighbour = |d: &Document| Neighbour {
        id: d.id.clone(),
        title: d.meta.title.clone(),
    };
    let positions: Vec<Position> = (0..documents.len())
        .map(|i| Position {
            index: i as u32,
            total,
            prev: i.checked_sub(1).map(|p| neighbour(&documents[p])),
            next: documents.get(i + 1).map(neighbour),
        })
        .collect();
    let documents: Vec<DocumentFile> = documents
        .into_iter()
        .zip(positions)
        .map(|(document, position)| DocumentFile {
            format_version: FORMAT_VERSION,
            document,
            position,
        })
        .collect();
    let entities = aggregate(&documents, recognizer.authority(), progress);
    Compiled {
        catalog,
        documents,
        diagnostics,
        read: sources.len(),
        skipped,
        entities,
    }
}

/// `items` mapped by `f`, in order: on every core with the `parallel` feature (the CLI's), one
/// after the other without it (the core stays free of threads, e.g. in the browser).
pub(crate) fn par_map<'a, T: Sync, U: Send>(
    items: &'a [T],
    f: impl Fn(&'a T) -> U + Sync + Send,
) -> Vec<U> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}

/// The canonical names of a collection's entities by id, from its entity index
/// (`entities.json`).
#[derive(Clone, Debug, Default)]
pub struct EntityNames<'a> {
    by_id: HashMap<&'a str, &'a str>,
}

impl<'a> EntityNames<'a> {
    /// The names of the entities of `index`.
    pub fn new(index: &'a EntityIndex) -> Self {
        EntityNames {
            by_id: index
                .entities
                .iter()
                .map(|e| (e.entity.id.as_str(), e.entity.name.as_str()))
                .collect(),
        }
    }

    /// The canonical name of entity `id`.
    pub fn get(&self, id: &str) -> Option<&'a str> {
        self.by_id.get(id).copied()
    }
}

/// A compiled document as the search index sees it: its mentions' entities named by their
/// canonical names (the surface text for an entity `names` lacks). The compiler indexes this,
/// and whoever confirms phrases or makes snippets on a document read back must use it too.
pub fn search_doc(doc: &Document, names: &EntityNames<'_>) -> SearchDoc {
    SearchDoc::from_document(doc, |id| names.get(id).map(str::to_owned))
}

/// The search index of a compiled corpus, with the default [`BuildOptions`]. Document numbers
/// are positions in [`Compiled::documents`] (and so in the catalog's date order).
/// Deterministic: the same corpus gives the same bytes.
pub fn search_index(compiled: &Compiled) -> BuiltIndex {
    search_index_with(compiled, &BuildOptions::default())
}

/// [`search_index`] with `options`.
pub fn search_index_with(compiled: &Compiled, options: &BuildOptions) -> BuiltIndex {
    search::build(&search_docs(compiled), options)
}

/// The documents of `compiled` as the search index sees them, in their order.
pub fn search_docs(compiled: &Compiled) -> Vec<SearchDoc> {
    let names = EntityNames::new(&compiled.entities.index);
    compiled
        .documents
        .iter()
        .map(|d| search_doc(&d.document, &names))
        .collect()
}

/// Splits `catalog` into its head and its pages of `page_size` entries (at least 1) in each of
/// the [`CATALOG_ORDERS`], named `<order>-<page>.json`. An empty catalog has one empty page.
pub fn catalog_files(
    catalog: &Catalog,
    page_size: usize,
) -> (CatalogHead, Vec<(String, CatalogPage)>) {
    let page_size = page_size.max(1);
    let by_date = catalog.documents.clone();
    let mut by_date_desc = by_date.clone();
    by_date_desc.reverse();
    let mut by_title = by_date.clone();
    // stable: equal titles keep date order
    by_title.sort_by_cached_key(|e| e.title.to_lowercase());
    let pages = by_date.len().div_ceil(page_size).max(1);
    let mut files = Vec::with_capacity(pages * CATALOG_ORDERS.len());
    for (order, entries) in CATALOG_ORDERS.iter().zip([by_date, by_date_desc, by_title]) {
        for page in 0..pages {
            let start = page * page_size;
            let end = (start + page_size).min(entries.len());
            let file = CatalogPage {
                format_version: FORMAT_VERSION,
                order: (*order).to_string(),
                page: page as u32 + 1,
                offset: start as u32,
                entries: entries.get(start..end).unwrap_or_default().to_vec(),
            };
            files.push((format!("{order}-{}.json", page + 1), file));
        }
    }
    let head = CatalogHead {
        format_version: FORMAT_VERSION,
        documents: catalog.documents.len() as u32,
        page_size: page_size as u32,
        pages: pages as u32,
        kiosk: false,
    };
    (head, files)
}

/// The order of a collection's documents (and so of their numbers in the catalog and the
/// search index): by date, undated last, then by title, then by id.
pub fn collection_order(a: &Document, b: &Document) -> std::cmp::Ordering {
    sort_key(a).cmp(&sort_key(b))
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

/// Compact JSON with a trailing newline: what the CLI writes for the files that grow with the
/// collection (documents, entities, catalog pages). Deterministic for the model types, which
/// hold no maps.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut json = serde_json::to_string(value).expect("model types always serialize");
    json.push('\n');
    json
}

/// Serializes `value` as indented JSON ending in a newline, for the small files people read.
/// Deterministic like [`to_json`].
pub fn to_json_pretty<T: Serialize>(value: &T) -> String {
    let mut json = serde_json::to_string_pretty(value).expect("model types always serialize");
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(date: &str, title: &str) -> String {
        format!("{date}\n\n{title}\n\nSummary:\n\nAbout {title}.\n\nThe body of {title}.\n")
    }

    fn sample() -> Compiled {
        let sources: Vec<Source> = [
            ("c.txt", "June 2, 1967", "Charlie"),
            ("a.txt", "1950", "alpha"),
            ("e.txt", "Sometime", "Echo"),
            ("b.txt", "March 1961", "Bravo"),
            ("d.txt", "1961-03-02", "delta"),
        ]
        .iter()
        .map(|(name, date, title)| Source::new(*name, record(date, title)))
        .collect();
        compile(&sources)
    }

    fn titles(page: &CatalogPage) -> Vec<&str> {
        page.entries.iter().map(|e| e.title.as_str()).collect()
    }

    #[test]
    fn documents_know_their_position_and_neighbours_in_date_order() {
        let compiled = sample();
        let order: Vec<&str> = compiled
            .documents
            .iter()
            .map(|d| d.document.meta.title.as_str())
            .collect();
        assert_eq!(order, ["alpha", "Bravo", "delta", "Charlie", "Echo"]); // undated last
        let third = &compiled.documents[2].position;
        assert_eq!((third.index, third.total), (2, 5));
        assert_eq!(third.prev.as_ref().map(|n| n.title.as_str()), Some("Bravo"));
        assert_eq!(
            third.next.as_ref().map(|n| n.title.as_str()),
            Some("Charlie")
        );
        assert_eq!(compiled.documents[0].position.prev, None);
        assert_eq!(compiled.documents[4].position.next, None);
    }

    #[test]
    fn the_catalog_is_paged_in_every_order() {
        let compiled = sample();
        let (head, files) = catalog_files(&compiled.catalog, 2);
        assert_eq!((head.documents, head.page_size, head.pages), (5, 2, 3));
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "date-1.json",
                "date-2.json",
                "date-3.json",
                "date-desc-1.json",
                "date-desc-2.json",
                "date-desc-3.json",
                "title-1.json",
                "title-2.json",
                "title-3.json"
            ]
        );
        let page = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
        assert_eq!(titles(page("date-1.json")), ["alpha", "Bravo"]);
        assert_eq!(titles(page("date-3.json")), ["Echo"]);
        assert_eq!(titles(page("date-desc-1.json")), ["Echo", "Charlie"]);
        // by title, case-insensitively
        assert_eq!(titles(page("title-1.json")), ["alpha", "Bravo"]);
        assert_eq!(titles(page("title-2.json")), ["Charlie", "delta"]);
        assert_eq!(
            (page("title-2.json").page, page("title-2.json").offset),
            (2, 2)
        );
    }

    #[test]
    fn an_empty_catalog_has_one_empty_page_per_order() {
        let compiled = compile(&[]);
        let (head, files) = catalog_files(&compiled.catalog, 50);
        assert_eq!((head.documents, head.pages), (0, 1));
        assert_eq!(files.len(), 3);
        assert!(files.iter().all(|(_, p)| p.entries.is_empty()));
    }

    #[test]
    fn the_search_index_finds_documents_by_number_in_collection_order() {
        use crate::archive::search::{parse_query, Index, Outcome};
        let compiled = sample();
        let built = search_index(&compiled);
        assert_eq!(built, search_index(&compiled), "deterministic");
        let mut index = Index::open(&built.manifest).unwrap();
        for (id, (_, bytes)) in built.files.into_iter().enumerate() {
            index.add_file(id as u32, bytes).unwrap();
        }
        let Ok(Outcome::Done(results)) = index.search(&parse_query("charlie"), 10) else {
            panic!("every file is loaded");
        };
        let hit = &results.hits[0];
        assert_eq!((hit.id.as_str(), hit.title.as_str()), ("c", "Charlie"));
        assert_eq!(compiled.documents[hit.doc as usize].document.id, hit.id);
    }

    #[test]
    fn search_docs_name_entities_canonically() {
        let authority = crate::archive::parse_authority(
            "authority.toml",
            "[[entity]]\nid = \"kim-il-sung\"\nname = \"Kim Il Sung\"\ntype = \"person\"\naliases = [\"Kim Il-sung\"]\n",
        );
        assert!(!authority.has_errors(), "{:?}", authority.diagnostics);
        let src = "1967\n\nA Visit\n\nSummary:\n\nAbout it.\n\nKim Il-sung arrived.\n";
        let compiled = compile_with(
            &[Source::new("a.txt", src)],
            &Recognizer::new(authority.authority),
        );
        let names = EntityNames::new(&compiled.entities.index);
        let doc = search_doc(&compiled.documents[0].document, &names);
        let kim = doc.entities.iter().find(|e| e.id == "kim-il-sung").unwrap();
        assert_eq!(kim.name, "Kim Il Sung");
        assert_eq!(doc.body, "Kim Il-sung arrived.");
    }

    #[test]
    fn catalog_files_round_trip_through_the_reader() {
        let (head, files) = catalog_files(&sample().catalog, 50);
        assert_eq!(
            crate::archive::read_catalog_head(&to_json_pretty(&head)),
            Ok(head)
        );
        for (_, page) in files {
            assert_eq!(
                crate::archive::read_catalog_page(&to_json_pretty(&page)),
                Ok(page)
            );
        }
    }
}
