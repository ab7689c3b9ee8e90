//! Hash routing. Every page has a URL of the form `#/…`, so deep links, reloads and
//! back/forward work on any static file server with no rewrite rules, and from `file://`.
//!
//! | URL                                   | page                                         |
//! |---------------------------------------|----------------------------------------------|
//! | `#/` or empty, `#/?sort=title`        | library (sorted by date, newest, or title)   |
//! | `#/doc/<id>`, `#/doc/<id>?entity=<e>` | one document (with entity `e` marked)        |
//! | `#/doc/<id>?find=<words>`             | one document with these words found          |
//! | `#/search?q=<query>&page=<n>`         | search results (the query holds the filters) |
//! | `#/entities?kind=person&sort=name`    | the entities index (filter, order)           |
//! | `#/entity/<id>`                       | one entity across the collection             |
//! | anything else                         | not found                                    |

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::archive::EntityKind;

/// What a query parameter's value escapes: everything but letters, digits and `-_.~`.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A value for a URL's query: percent-encoded UTF-8.
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, VALUE).to_string()
}

/// A query parameter's value decoded (`+` is a space; malformed escapes are kept as typed).
fn decode(value: &str) -> String {
    percent_decode_str(&value.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

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
    /// One document by id, optionally with one entity's mentions marked, and with words found
    /// (typed, or the folded terms a search matched, space-separated).
    Document {
        id: String,
        entity: Option<String>,
        find: Option<String>,
    },
    /// Search results: the query (filters included) and the page of results.
    Search { q: String, page: u32 },
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

fn page_param(query: &str) -> u32 {
    param(query, "page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
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
                page: page_param(query),
            },
            ["doc", id] if is_valid_id(id) => Route::Document {
                id: (*id).to_string(),
                entity: param(query, "entity")
                    .filter(|e| is_valid_id(e))
                    .map(str::to_string),
                find: param(query, "find")
                    .map(decode)
                    .filter(|f| !f.trim().is_empty()),
            },
            ["search"] => Route::Search {
                q: param(query, "q").map(decode).unwrap_or_default(),
                page: page_param(query),
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
            Route::Document { id, entity, find } => {
                let mut params = Vec::new();
                if let Some(e) = entity {
                    params.push(format!("entity={e}"));
                }
                if let Some(f) = find {
                    params.push(format!("find={}", encode(f)));
                }
                with_params(format!("#/doc/{id}"), &params)
            }
            Route::Search { q, page } => {
                let mut params = vec![format!("q={}", encode(q))];
                if *page > 1 {
                    params.push(format!("page={page}"));
                }
                with_params("#/search".to_string(), &params)
            }
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

fn with_params(path: String, params: &[String]) -> String {
    if params.is_empty() {
        path
    } else {
        format!("{path}?{}", params.join("&"))
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
                find: None,
            },
            Route::Document {
                id: "memo-1962_a".into(),
                entity: Some("kim-il-sung".into()),
                find: None,
            },
            Route::Document {
                id: "113974".into(),
                entity: Some("kim-il-sung".into()),
                find: Some("soviet ümit & 100% = ?#/".into()),
            },
            Route::Search {
                q: String::new(),
                page: 1,
            },
            Route::Search {
                q: "\"north korea\" -china year:1967 person:kim-il-sung Nižnij & ? # / % +".into(),
                page: 3,
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
                entity: None,
                find: None
            }
        );
    }

    #[test]
    fn search_urls_typed_by_hand_are_read_leniently() {
        assert_eq!(
            Route::from_hash("#/search?q=north+korea&page=2"),
            Route::Search {
                q: "north korea".into(),
                page: 2
            }
        );
        assert_eq!(
            Route::from_hash("#/search?q=100%&page=-1"),
            Route::Search {
                q: "100%".into(),
                page: 1
            }
        );
        assert_eq!(
            Route::from_hash("#/search"),
            Route::Search {
                q: String::new(),
                page: 1
            }
        );
        assert_eq!(
            Route::from_hash("#/search?q=%C5%BE%FF"),
            Route::Search {
                q: "ž\u{fffd}".into(),
                page: 1
            }
        );
    }
}
