//! Fetching the compiled corpus: the catalog once at start, each document when it is opened,
//! the search index's parts when a query needs them.

use std::fmt;

use crate::archive::{self, CatalogHead, CatalogPage, DocumentFile, EntityFile, EntityIndex};

/// Where the compiled corpus lives, relative to the page (so the app works under any path).
pub const CORPUS_DIR: &str = "corpus";

/// Why a part of the corpus could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// The request did not complete (server down, offline, blocked).
    Network { url: String, detail: String },
    /// The server answered with an error status.
    Status { url: String, status: u16 },
    /// The file arrived but is not a corpus this reader understands.
    Corpus { url: String, detail: String },
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network { url, detail } => {
                write!(f, "{url} could not be fetched: {detail}")
            }
            FetchError::Status { url, status: 404 } => write!(f, "{url} was not found (HTTP 404)"),
            FetchError::Status { url, status } => {
                write!(f, "{url} could not be fetched (HTTP {status})")
            }
            FetchError::Corpus { url, detail } => {
                write!(f, "{url} is not a readable corpus: {detail}")
            }
        }
    }
}

impl FetchError {
    /// A file that arrived but is not what this reader understands.
    pub fn corpus(url: &str, detail: impl fmt::Display) -> FetchError {
        FetchError::Corpus {
            url: url.to_string(),
            detail: detail.to_string(),
        }
    }

    fn network(url: &str, detail: impl fmt::Display) -> FetchError {
        FetchError::Network {
            url: url.to_string(),
            detail: detail.to_string(),
        }
    }

    /// True when the thing asked for does not exist (as opposed to a broken corpus or network).
    pub fn is_not_found(&self) -> bool {
        matches!(self, FetchError::Status { status: 404, .. })
    }
}

async fn fetch_ok(url: &str) -> Result<gloo::net::http::Response, FetchError> {
    let response = gloo::net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| FetchError::network(url, e))?;
    if !response.ok() {
        return Err(FetchError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
    Ok(response)
}

async fn fetch_text(url: &str) -> Result<String, FetchError> {
    fetch_ok(url)
        .await?
        .text()
        .await
        .map_err(|e| FetchError::network(url, e))
}

/// Fetches a binary file (a part of the search index).
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, FetchError> {
    fetch_ok(url)
        .await?
        .binary()
        .await
        .map_err(|e| FetchError::network(url, e))
}

/// Fetches `corpus/<path>` and reads it with `read`, naming the file in any error.
async fn fetch_json<T>(
    path: &str,
    read: fn(&str) -> Result<T, archive::LoadError>,
) -> Result<T, FetchError> {
    let url = format!("{CORPUS_DIR}/{path}");
    let text = fetch_text(&url).await?;
    read(&text).map_err(|e| FetchError::corpus(&url, e))
}

/// Fetches and checks `corpus/catalog.json`, the catalog's head.
pub async fn fetch_catalog() -> Result<CatalogHead, FetchError> {
    fetch_json("catalog.json", archive::read_catalog_head).await
}

/// Fetches and checks one page of the catalog, `corpus/catalog/<order>-<page>.json`.
pub async fn fetch_catalog_page(order: &str, page: u32) -> Result<CatalogPage, FetchError> {
    fetch_json(
        &format!("catalog/{order}-{page}.json"),
        archive::read_catalog_page,
    )
    .await
}

/// Fetches and checks `corpus/docs/<id>.json`.
pub async fn fetch_document(id: &str) -> Result<DocumentFile, FetchError> {
    fetch_json(&format!("docs/{id}.json"), archive::read_document).await
}

/// Fetches and checks `corpus/entities.json`.
pub async fn fetch_entity_index() -> Result<EntityIndex, FetchError> {
    fetch_json("entities.json", archive::read_entity_index).await
}

/// Fetches and checks `corpus/entity/<id>.json`.
pub async fn fetch_entity(id: &str) -> Result<EntityFile, FetchError> {
    fetch_json(&format!("entity/{id}.json"), archive::read_entity_file).await
}
