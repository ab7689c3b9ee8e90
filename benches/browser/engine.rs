//! Dossier's side of the in-browser search benchmark (`scripts/bench-browser`), compiled to
//! wasm and bound with wasm-bindgen (`--target web`).
//!
//! - [`Corpus`] reads a built corpus's documents the way a reader does (`docs/<id>.json`, entity
//!   names from `entities.json`), hands their fields to the peers, builds Dossier's index from
//!   them (timed by the page, like the peers' builds) and draws the queries.
//! - [`Engine`] opens an index from its manifest and runs the reader's search loop one step at
//!   a time: the page fetches the files and documents a step asks for, so that it can count
//!   what a query transfers on an empty cache; [`Engine::search`] is the loop on a loaded index,
//!   timed by the page.
//!
//! The page loads this module twice: one instance builds, the other searches, so that the
//! searching instance's memory is not the builder's high-water mark (wasm memory never shrinks).

use std::collections::HashMap;

use dossier::archive::read_document;
use dossier::archive::search::{
    build, parse_query, BuildOptions, BuiltIndex, Index, Outcome, SearchDoc,
};
use dossier::archive::EntityIndex;
use js_sys::Array;
use wasm_bindgen::prelude::*;

#[path = "../common/mod.rs"]
mod common;

/// The page size of the results list, as in the native benchmark.
const PAGE: usize = 20;

/// Misspelled title queries, as in the native benchmark.
const MISSPELLINGS: usize = 100;

/// Canonical entity names by id, read from `entities.json`.
fn entity_names(entities_json: &str) -> Result<HashMap<String, String>, JsError> {
    let index: EntityIndex = dossier::archive::read_entity_index(entities_json)?;
    Ok(index
        .entities
        .into_iter()
        .map(|e| (e.entity.id, e.entity.name))
        .collect())
}

/// A document's search view from its `docs/<id>.json`, as the compiler indexed it.
fn search_doc(json: &str, names: &HashMap<String, String>) -> Result<SearchDoc, JsError> {
    let file = read_document(json)?;
    Ok(SearchDoc::from_document(&file.document, |id| {
        names.get(id).cloned()
    }))
}

/// The documents of a built corpus, and the index built from them in the browser.
#[wasm_bindgen]
pub struct Corpus {
    names: HashMap<String, String>,
    docs: Vec<SearchDoc>,
    built: Option<BuiltIndex>,
}

#[wasm_bindgen]
impl Corpus {
    /// An empty collection whose entities are named by `entities.json`.
    #[wasm_bindgen(constructor)]
    pub fn new(entities_json: &str) -> Result<Corpus, JsError> {
        Ok(Corpus {
            names: entity_names(entities_json)?,
            docs: Vec::new(),
            built: None,
        })
    }

    /// Adds the next document (in the catalog's date order, the index's document numbers)
    /// from its `docs/<id>.json`. Returns the fields the peers index: `[id, title, summary,
    /// body, names, date]`, `names` being the entity names one per line.
    pub fn add(&mut self, json: &str) -> Result<Array, JsError> {
        let doc = search_doc(json, &self.names)?;
        let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        let fields = Array::new();
        for s in [
            doc.id.as_str(),
            &doc.title,
            &doc.summary,
            &doc.body,
            &names.join("\n"),
            &doc.date,
        ] {
            fields.push(&JsValue::from_str(s));
        }
        self.docs.push(doc);
        Ok(fields)
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Bytes of indexed text (title, summary, body and printed date, as the native benchmark
    /// counts them).
    pub fn text_bytes(&self) -> f64 {
        self.docs
            .iter()
            .map(|d| d.title.len() + d.summary.len() + d.body.len() + d.date.len())
            .sum::<usize>() as f64
    }

    /// Builds the index with the compiler's default options (the page times this call).
    pub fn build(&mut self) {
        self.built = Some(build(&self.docs, &BuildOptions::default()));
    }

    /// The built manifest.
    pub fn manifest(&self) -> Vec<u8> {
        self.built
            .as_ref()
            .map(|b| b.manifest.clone())
            .unwrap_or_default()
    }

    /// How many part files the built index has.
    pub fn file_count(&self) -> usize {
        self.built.as_ref().map_or(0, |b| b.files.len())
    }

    /// The name of built file `i`.
    pub fn file_name(&self, i: usize) -> String {
        self.built
            .as_ref()
            .and_then(|b| b.files.get(i))
            .map(|f| f.0.clone())
            .unwrap_or_default()
    }

    /// The bytes of built file `i`.
    pub fn file(&self, i: usize) -> Vec<u8> {
        self.built
            .as_ref()
            .and_then(|b| b.files.get(i))
            .map(|f| f.1.clone())
            .unwrap_or_default()
    }

    /// Drops the built index and the documents (their memory stays with this instance).
    pub fn clear(&mut self) {
        self.built = None;
        self.docs = Vec::new();
    }

    /// The benchmark's queries as JSON: `[{kind, q, target}]`, `q` in Dossier's query
    /// language (phrases quoted), `target` the id of the document a misspelling must find (or
    /// null) and `right` the misspelling spelled right (a control). Kinds: `word`, `two words`,
    /// `prefix`, `phrase`, `misspelling`, `diacritics`, each the native benchmark's fixed
    /// queries of that kind and `per_kind` drawn from the corpus; misspellings add the native
    /// benchmark's misspelled titles.
    pub fn queries(&self, per_kind: usize) -> String {
        let mut out: Vec<(&str, String)> = Vec::new();
        for (kind, qs) in common::QUERIES {
            let kind = match *kind {
                "word" | "common word" => "word",
                "typo" => "misspelling",
                "two words" | "prefix" | "phrase" | "diacritics" => kind,
                _ => continue,
            };
            out.extend(qs.iter().map(|q| (kind, q.to_string())));
        }
        out.extend(common::drawn(&self.docs, per_kind));
        let mut out: Vec<serde_json::Value> = out
            .into_iter()
            .map(|(kind, q)| serde_json::json!({ "kind": kind, "q": q, "target": null }))
            .collect();
        let (set, right) = common::misspellings(&self.docs, MISSPELLINGS);
        for ((q, d), right) in set.iter().zip(&right) {
            out.push(serde_json::json!({
                "kind": "misspelling",
                "q": q,
                "target": self.docs[*d as usize].id,
                "right": right,
            }));
        }
        serde_json::Value::Array(out).to_string()
    }
}

/// An index opened from its manifest, searched the way the reader does.
#[wasm_bindgen]
pub struct Engine {
    index: Index,
    names: HashMap<String, String>,
}

#[wasm_bindgen]
impl Engine {
    /// Opens the index from `manifest.bin`; entities are named by `entities.json` when the
    /// search needs documents' text (see [`Engine::add_doc`]).
    #[wasm_bindgen(constructor)]
    pub fn new(manifest: Vec<u8>) -> Result<Engine, JsError> {
        Ok(Engine {
            index: Index::open(&manifest)?,
            names: HashMap::new(),
        })
    }

    /// Reads the entity names from `entities.json`.
    pub fn set_entities(&mut self, entities_json: &str) -> Result<(), JsError> {
        self.names = entity_names(entities_json)?;
        Ok(())
    }

    /// Whether the entity names have been read.
    pub fn has_entities(&self) -> bool {
        !self.names.is_empty()
    }

    /// How many part files the index has.
    pub fn file_count(&self) -> u32 {
        self.index.file_count()
    }

    /// The name of file `id` below `search/`.
    pub fn file_name(&self, id: u32) -> String {
        self.index.file_name(id).unwrap_or_default()
    }

    /// Adds a fetched file.
    pub fn add_file(&mut self, id: u32, bytes: Vec<u8>) -> Result<(), JsError> {
        Ok(self.index.add_file(id, bytes)?)
    }

    /// Adds document number `doc`'s text from its `docs/<id>.json`.
    pub fn add_doc(&mut self, doc: u32, json: &str) -> Result<(), JsError> {
        let text = search_doc(json, &self.names)?;
        self.index.add_doc(doc, &text);
        Ok(())
    }

    /// One step of the search loop for `query`: `["files", id…]` to fetch and
    /// [`Engine::add_file`], `["docs", number, id, number, id…]` to fetch and
    /// [`Engine::add_doc`], or `["hits", id…]` (the first page, best first). As the reader's
    /// first answer to a query: without the entity facets, which it asks for next.
    pub fn step(&self, query: &str) -> Result<Array, JsError> {
        let out = Array::new();
        match self.index.search_with(&parse_query(query), PAGE, false)? {
            Outcome::NeedFiles(ids) => {
                out.push(&"files".into());
                ids.iter().for_each(|&id| {
                    out.push(&id.into());
                });
            }
            Outcome::NeedDocs(docs) => {
                out.push(&"docs".into());
                for (d, id) in docs {
                    out.push(&d.into());
                    out.push(&id.into());
                }
            }
            Outcome::Done(results) => {
                out.push(&"hits".into());
                for h in &results.hits {
                    out.push(&JsValue::from_str(&h.id));
                }
            }
        }
        Ok(out)
    }

    /// The search on a loaded index (every file, and the documents' text it asks for): parses
    /// `query` and returns the ids of the first page, best first. An error when it still
    /// needs something. With every facet, entity facets included (what the reader computes
    /// in its two answers, in one).
    pub fn search(&self, query: &str) -> Result<Array, JsError> {
        match self.index.search(&parse_query(query), PAGE)? {
            Outcome::Done(results) => Ok(results
                .hits
                .iter()
                .map(|h| JsValue::from_str(&h.id))
                .collect()),
            _ => Err(JsError::new("the index is not loaded for this query")),
        }
    }
}

fn main() {}
