//! Hash routing. Every page has a URL of the form `#/…`, so deep links, reloads and
//! back/forward work on any static file server with no rewrite rules, and from `file://`.
//!
//! | URL                      | page                         |
//! |--------------------------|------------------------------|
//! | `#/` or empty            | library, sorted by date      |
//! | `#/?sort=title`          | library, sorted by title     |
//! | `#/doc/<id>`             | one document                 |
//! | anything else            | not found                    |

/// How the library is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Oldest first (the collection's order).
    #[default]
    Date,
    /// Newest first.
    DateDesc,
    /// By title, A to Z.
    Title,
}

impl Sort {
    /// The value used in the URL.
    pub fn as_param(self) -> &'static str {
        match self {
            Sort::Date => "date",
            Sort::DateDesc => "date-desc",
            Sort::Title => "title",
        }
    }

    fn from_param(value: &str) -> Option<Sort> {
        [Sort::Date, Sort::DateDesc, Sort::Title]
            .into_iter()
            .find(|s| s.as_param() == value)
    }
}

/// A page of the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The library of all documents.
    Library { sort: Sort },
    /// One document by id.
    Document { id: String },
    /// A page that deliberately panics, to check the recovery screen.
    PanicCheck,
    /// Anything else: the raw hash, for the not-found page.
    NotFound { hash: String },
}

impl Route {
    /// Reads a route from `location.hash` (with or without the leading `#`).
    pub fn from_hash(hash: &str) -> Route {
        let raw = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => {
                let sort = query
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .find(|(k, _)| *k == "sort")
                    .and_then(|(_, v)| Sort::from_param(v))
                    .unwrap_or_default();
                Route::Library { sort }
            }
            ["doc", id] if is_valid_id(id) => Route::Document {
                id: (*id).to_string(),
            },
            ["debug", "panic"] => Route::PanicCheck,
            _ => Route::NotFound {
                hash: raw.to_string(),
            },
        }
    }

    /// The `href` of this route, starting with `#`.
    pub fn href(&self) -> String {
        match self {
            Route::Library { sort: Sort::Date } => "#/".to_string(),
            Route::Library { sort } => format!("#/?sort={}", sort.as_param()),
            Route::Document { id } => format!("#/doc/{id}"),
            Route::PanicCheck => "#/debug/panic".to_string(),
            Route::NotFound { hash } => format!("#{hash}"),
        }
    }
}

/// Document ids are what the compiler writes: ASCII letters, digits, `-` and `_`.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_root_hashes_open_the_library_by_date() {
        for hash in ["", "#", "#/", "#/?", "#/?sort=nonsense"] {
            assert_eq!(
                Route::from_hash(hash),
                Route::Library { sort: Sort::Date },
                "{hash:?}"
            );
        }
    }

    #[test]
    fn every_route_round_trips_through_its_href() {
        let routes = [
            Route::Library { sort: Sort::Date },
            Route::Library {
                sort: Sort::DateDesc,
            },
            Route::Library { sort: Sort::Title },
            Route::Document {
                id: "113974".into(),
            },
            Route::Document {
                id: "memo-1962_a".into(),
            },
            Route::PanicCheck,
        ];
        for route in routes {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
    }

    #[test]
    fn ids_that_could_escape_the_corpus_folder_are_not_documents() {
        for hash in [
            "#/doc/..",
            "#/doc/a%2Fb",
            "#/doc/<script>",
            "#/doc/",
            "#/doc/a/b",
        ] {
            assert!(
                matches!(Route::from_hash(hash), Route::NotFound { .. }),
                "{hash}"
            );
        }
    }
}
