//! Reading a compiled corpus back: `catalog.json` and `docs/<id>.json`, checked against
//! [`FORMAT_VERSION`].

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::config::Config;
use super::model::{
    Catalog, CatalogHead, CatalogPage, DocumentFile, EntityFile, EntityIndex, FORMAT_VERSION,
};

/// Why a corpus file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file is not valid JSON, or not the expected shape.
    #[error("the corpus file is not valid: {message}")]
    InvalidJson {
        /// serde_json's message, including line and column.
        message: String,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
    },
    /// The corpus was written by a newer Dossier.
    #[error("this corpus was written by a newer Dossier (format {found}); this reader supports format {supported}")]
    NewerFormat {
        /// The file's `format_version`.
        found: u32,
        /// [`FORMAT_VERSION`].
        supported: u32,
    },
    /// The corpus was written by an older Dossier; rebuild it.
    #[error("this corpus was written by an older Dossier (format {found}); this reader supports format {supported}: rebuild the corpus")]
    OlderFormat {
        /// The file's `format_version`.
        found: u32,
        /// [`FORMAT_VERSION`].
        supported: u32,
    },
}

impl From<serde_json::Error> for LoadError {
    fn from(e: serde_json::Error) -> Self {
        LoadError::InvalidJson {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        }
    }
}

#[derive(Deserialize)]
struct Probe {
    format_version: u32,
}

fn read<T: DeserializeOwned>(json: &str) -> Result<T, LoadError> {
    let probe: Probe = super::json::from_str(json)?;
    let (found, supported) = (probe.format_version, FORMAT_VERSION);
    if found > supported {
        return Err(LoadError::NewerFormat { found, supported });
    }
    if found < supported {
        return Err(LoadError::OlderFormat { found, supported });
    }
    Ok(super::json::from_str(json)?)
}

/// Reads `catalog.json`.
///
/// ```
/// use dossier::archive::{read_catalog, LoadError};
/// let err = read_catalog(r#"{"format_version": 999, "documents": []}"#).unwrap_err();
/// assert!(matches!(err, LoadError::NewerFormat { found: 999, .. }));
/// ```
pub fn read_catalog(json: &str) -> Result<Catalog, LoadError> {
    read(json)
}

/// Reads `catalog.json`: the [`CatalogHead`].
pub fn read_catalog_head(json: &str) -> Result<CatalogHead, LoadError> {
    read(json)
}

/// Reads `catalog/<order>-<page>.json`.
pub fn read_catalog_page(json: &str) -> Result<CatalogPage, LoadError> {
    read(json)
}

/// Reads `docs/<id>.json`.
pub fn read_document(json: &str) -> Result<DocumentFile, LoadError> {
    read(json)
}

/// Reads `entities.json`.
pub fn read_entity_index(json: &str) -> Result<EntityIndex, LoadError> {
    read(json)
}

/// Reads `config.json`.
pub fn read_config(json: &str) -> Result<Config, LoadError> {
    read(json)
}

/// Reads `entity/<id>.json`.
pub fn read_entity_file(json: &str) -> Result<EntityFile, LoadError> {
    read(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_json_errors_with_position() {
        let err = read_catalog("{\n  \"format_version\": 1,\n  \"documents\": [}").unwrap_err();
        let LoadError::InvalidJson {
            line,
            column,
            message,
        } = err
        else {
            panic!("{err:?}")
        };
        assert_eq!(line, 3);
        assert!(column > 0);
        assert!(message.contains("line 3"));
    }

    #[test]
    fn checks_the_format_version() {
        let old = read_document(r#"{"format_version": 0}"#).unwrap_err();
        assert_eq!(
            old,
            LoadError::OlderFormat {
                found: 0,
                supported: FORMAT_VERSION
            }
        );
        let new = read_catalog(r#"{"format_version": 7, "something": "else"}"#).unwrap_err();
        assert_eq!(
            new.to_string(),
            format!("this corpus was written by a newer Dossier (format 7); this reader supports format {FORMAT_VERSION}")
        );
        assert!(matches!(
            read_catalog("{}"),
            Err(LoadError::InvalidJson { .. })
        ));
    }
}
