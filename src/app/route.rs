//! Hash routing. Every page has a URL of the form `#/…`, so deep links, reloads and
//! back/forward work on any static file server with no rewrite rules, and from `file://`.
//!
//! | URL                                   | page                                         |
//! |---------------------------------------|----------------------------------------------|
//! | `#/` or empty, `#/?sort=title`        | library (sorted by date, newest, or title)   |
//! | `#/doc/<id>`, `#/doc/<id>?entity=<e>` | one document (with entity `e` marked)        |
//! | `#/entities?kind=person&sort=name`    | the entities index (filter, order)           |
//! | `#/entity/<id>`                       | one entity across the collection             |
//! | anything else                         | not found                                    |

use crate::archive::EntityKind;

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

/// How the entities index is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EntitySort {
    /// Most mentioned first.
    #[default]
    Mentions,
    /// By name, A to Z.
    Name,
}

impl EntitySort {
    /// The value used in the URL.
    pub fn as_param(self) -> &'static str {
        match self {
            EntitySort::Mentions => "mentions",
            EntitySort::Name => "name",
        }
    }
}

/// Every entity kind, in the order the interface lists them.
pub const KINDS: [EntityKind; 6] = EntityKind::ALL;

fn kind_from_param(value: &str) -> Option<EntityKind> {
    KINDS.into_iter().find(|k| k.as_str() == value)
}

/// A page of the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The library of all documents, one page of it.
    Library { sort: Sort, page: u32 },
    /// One document by id, optionally with one entity's mentions marked.
    Document { id: String, entity: Option<String> },
    /// The index of all entities.
    Entities {
        kind: Option<EntityKind>,
        sort: EntitySort,
    },
    /// One entity by id.
    Entity { id: String },
    /// A page that deliberately panics, to check the recovery screen.
    PanicCheck,
    /// Anything else: the raw hash, for the not-found page.
    NotFound { hash: String },
}

fn param<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

impl Route {
    /// Reads a route from `location.hash` (with or without the leading `#`).
    pub fn from_hash(hash: &str) -> Route {
        let raw = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Library {
                sort: param(query, "sort")
                    .and_then(Sort::from_param)
                    .unwrap_or_default(),
                page: param(query, "page")
                    .and_then(|p| p.parse().ok())
                    .filter(|p| *p >= 1)
                    .unwrap_or(1),
            },
            ["doc", id] if is_valid_id(id) => Route::Document {
                id: (*id).to_string(),
                entity: param(query, "entity")
                    .filter(|e| is_valid_id(e))
                    .map(str::to_string),
            },
            ["entities"] => Route::Entities {
                kind: param(query, "kind").and_then(kind_from_param),
                sort: match param(query, "sort") {
                    Some("name") => EntitySort::Name,
                    _ => EntitySort::Mentions,
                },
            },
            ["entity", id] if is_valid_id(id) => Route::Entity {
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
            Route::Library { sort, page } => {
                let mut params = Vec::new();
                if *sort != Sort::Date {
                    params.push(format!("sort={}", sort.as_param()));
                }
                if *page > 1 {
                    params.push(format!("page={page}"));
                }
                if params.is_empty() {
                    "#/".to_string()
                } else {
                    format!("#/?{}", params.join("&"))
                }
            }
            Route::Document { id, entity: None } => format!("#/doc/{id}"),
            Route::Document {
                id,
                entity: Some(e),
            } => format!("#/doc/{id}?entity={e}"),
            Route::Entities { kind, sort } => {
                let mut params = Vec::new();
                if let Some(kind) = kind {
                    params.push(format!("kind={}", kind.as_str()));
                }
                if *sort != EntitySort::default() {
                    params.push(format!("sort={}", sort.as_param()));
                }
                if params.is_empty() {
                    "#/entities".to_string()
                } else {
                    format!("#/entities?{}", params.join("&"))
                }
            }
            Route::Entity { id } => format!("#/entity/{id}"),
            Route::PanicCheck => "#/debug/panic".to_string(),
            Route::NotFound { hash } => format!("#{hash}"),
        }
    }
}

/// Ids are what the compiler writes: ASCII letters, digits, `-` and `_`.
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
        for hash in [
            "",
            "#",
            "#/",
            "#/?",
            "#/?sort=nonsense",
            "#/?page=0",
            "#/?page=x",
        ] {
            assert_eq!(
                Route::from_hash(hash),
                Route::Library {
                    sort: Sort::Date,
                    page: 1
                },
                "{hash:?}"
            );
        }
    }

    #[test]
    fn every_route_round_trips_through_its_href() {
        let routes = [
            Route::Library {
                sort: Sort::Date,
                page: 1,
            },
            Route::Library {
                sort: Sort::DateDesc,
                page: 1,
            },
            Route::Library {
                sort: Sort::Title,
                page: 7,
            },
            Route::Library {
                sort: Sort::Date,
                page: 2,
            },
            Route::Document {
                id: "113974".into(),
                entity: None,
            },
            Route::Document {
                id: "memo-1962_a".into(),
                entity: Some("kim-il-sung".into()),
            },
            Route::Entities {
                kind: None,
                sort: EntitySort::Mentions,
            },
            Route::Entities {
                kind: Some(EntityKind::Place),
                sort: EntitySort::Name,
            },
            Route::Entities {
                kind: Some(EntityKind::Quantity),
                sort: EntitySort::Mentions,
            },
            Route::Entity {
                id: "auto-person-kim-chaek".into(),
            },
            Route::PanicCheck,
        ];
        for route in routes {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
    }

    #[test]
    fn ids_that_could_escape_the_corpus_folder_are_not_pages() {
        for hash in [
            "#/doc/..",
            "#/doc/a%2Fb",
            "#/doc/<script>",
            "#/doc/",
            "#/doc/a/b",
            "#/entity/../x",
        ] {
            assert!(
                matches!(Route::from_hash(hash), Route::NotFound { .. }),
                "{hash}"
            );
        }
        assert_eq!(
            Route::from_hash("#/doc/1?entity=../x"),
            Route::Document {
                id: "1".into(),
                entity: None
            }
        );
    }
}
