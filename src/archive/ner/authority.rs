//! The authority file: the curated list of people, places, organizations and events, in TOML.
//!
//! ```toml
//! [[entity]]
//! id = "kim-il-sung"                      # stable, [a-z0-9-], not starting with "auto-", ≤ 200 bytes
//! name = "Kim Il Sung"                    # canonical name
//! type = "person"                         # person | place | organization | event
//! aliases = ["Kim Il-sung", "Kim Ir Sen"] # other names, spellings, acronyms
//! description = "Leader of the DPRK"      # one line
//! external_id = "Q..."                    # optional, e.g. a Wikidata id
//! dates = "1912–1994"                     # optional, as the curator writes them
//! ```
//!
//! Every problem is reported as a [`Diagnostic`] with its line; entries with errors are left
//! out and the rest is kept.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use crate::archive::diagnostic::{Code, Diagnostic, Related};
use crate::archive::model::{Entity, EntityKind, Provenance};
use crate::archive::parse::MAX_ID;

/// The parsed authority file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Authority {
    /// The curated entities, in file order.
    pub entities: Vec<Entity>,
}

impl Authority {
    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }
}

/// The outcome of reading an authority file: the valid entries and every problem.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthorityReport {
    /// The entries without errors.
    pub authority: Authority,
    /// Every problem, in line order.
    pub diagnostics: Vec<Diagnostic>,
}

impl AuthorityReport {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    entity: Vec<Spanned<RawEntity>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    id: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    description: Option<String>,
    external_id: Option<String>,
    dates: Option<String>,
}

/// 1-based line of a byte offset, given the offsets of the text's line feeds (found once, so
/// that a file of thousands of entries is not rescanned for each).
fn line_of(newlines: &[usize], offset: usize) -> u32 {
    u32::try_from(newlines.partition_point(|&n| n < offset) + 1).unwrap_or(u32::MAX)
}

/// The kind named by an authority `type`.
pub fn kind_from_name(name: &str) -> Option<EntityKind> {
    EntityKind::parse(name).filter(|k| k.is_named())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && !id.starts_with("auto-")
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The key two names are compared by: lowercase, whitespace collapsed. "Kim Il Sung" and
/// "KIM IL SUNG" are the same name; "Kim Il-sung" is another spelling.
pub(crate) fn name_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads an authority file. `file` names it in diagnostics.
pub fn parse_authority(file: &str, text: &str) -> AuthorityReport {
    let mut diagnostics = Vec::new();
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(&newlines, s.start));
            diagnostics.push(Diagnostic::error(
                file,
                line,
                Code::AuthoritySyntax,
                format!("the authority file is not valid: {}", e.message()),
            ));
            return AuthorityReport {
                authority: Authority::default(),
                diagnostics,
            };
        }
    };
    let mut entities: Vec<Entity> = Vec::new();
    // (id, line) and (name key, entity id, line) of accepted entries.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: HashMap<String, (String, u32)> = HashMap::new();
    for spanned in raw.entity {
        let entry_line = line_of(&newlines, spanned.span().start);
        let raw = spanned.into_inner();
        let mut ok = true;
        let mut missing = |field: &str| {
            diagnostics.push(Diagnostic::error(
                file,
                entry_line,
                Code::MissingField,
                format!("this entity has no `{field}`"),
            ));
        };
        let id = raw.id.as_ref().filter(|s| !s.get_ref().trim().is_empty());
        let name = raw.name.as_ref().filter(|s| !s.get_ref().trim().is_empty());
        let kind_raw = raw.kind.as_ref();
        if id.is_none() {
            missing("id");
            ok = false;
        }
        if name.is_none() {
            missing("name");
            ok = false;
        }
        if kind_raw.is_none() {
            missing("type");
            ok = false;
        }
        let kind = kind_raw.and_then(|k| {
            let kind = kind_from_name(k.get_ref());
            if kind.is_none() {
                diagnostics.push(Diagnostic::error(
                    file,
                    line_of(&newlines, k.span().start),
                    Code::UnknownEntityType,
                    format!(
                        "unknown type `{}`: use person, place, organization or event",
                        k.get_ref()
                    ),
                ));
            }
            kind
        });
        ok &= kind.is_some();
        if let Some(id) = id {
            let line = line_of(&newlines, id.span().start);
            let value = id.get_ref().trim();
            if !valid_id(value) {
                diagnostics.push(Diagnostic::error(
                    file,
                    line,
                    Code::InvalidEntityId,
                    format!("id `{value}` must be lowercase letters, digits and `-` (at most {MAX_ID}), and must not start with `auto-`"),
                ));
                ok = false;
            } else if let Some(first) = ids.get(value) {
                let mut d = Diagnostic::error(
                    file,
                    line,
                    Code::DuplicateEntityId,
                    format!("id `{value}` is already used on line {first}; this entry is skipped"),
                );
                d.related.push(Related {
                    file: file.to_owned(),
                    line: *first,
                    message: format!("`{value}` first defined here"),
                });
                diagnostics.push(d);
                ok = false;
            }
        }
        // Names: the canonical name and every alias, each claimed once.
        let mut own: Vec<(String, u32)> = Vec::new();
        let mut aliases = Vec::new();
        let all = name
            .into_iter()
            .map(|n| (n, true))
            .chain(raw.aliases.iter().map(|a| (a, false)));
        for (n, is_name) in all {
            let value = n.get_ref().trim();
            let line = line_of(&newlines, n.span().start);
            if value.is_empty() {
                diagnostics.push(Diagnostic::error(
                    file,
                    line,
                    Code::MissingField,
                    "an alias is empty",
                ));
                ok = false;
                continue;
            }
            let key = name_key(value);
            if own.iter().any(|(k, _)| *k == key) {
                continue;
            }
            if let Some((other, first)) = names.get(&key) {
                let mut d = Diagnostic::error(
                    file,
                    line,
                    Code::DuplicateAlias,
                    format!("`{value}` is already a name of `{other}` (line {first}); a name must belong to one entity"),
                );
                d.related.push(Related {
                    file: file.to_owned(),
                    line: *first,
                    message: format!("`{value}` claimed here"),
                });
                diagnostics.push(d);
                ok = false;
                continue;
            }
            own.push((key, line));
            if !is_name {
                aliases.push(value.to_owned());
            }
        }
        if !ok {
            continue;
        }
        let (Some(id), Some(name), Some(kind)) = (id, name, kind) else {
            continue;
        };
        let id = id.get_ref().trim().to_owned();
        ids.insert(id.clone(), entry_line);
        names.extend(own.into_iter().map(|(k, l)| (k, (id.clone(), l))));
        let opt = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        entities.push(Entity {
            id,
            name: name.get_ref().trim().to_owned(),
            kind,
            aliases,
            description: opt(raw.description),
            external_id: opt(raw.external_id),
            dates: opt(raw.dates),
            source: Provenance::Curated,
        });
    }
    diagnostics.sort_by_key(|d| d.line);
    AuthorityReport {
        authority: Authority { entities },
        diagnostics,
    }
}

/// The base gazetteer shipped with Dossier (`world.toml`): countries and territories
/// (historical ones included), regions, capitals and major cities, international organizations,
/// parties, news agencies, newspapers, intelligence services, some events and statesmen. Its
/// entities are curated (`source` is [`Provenance::Curated`]): the list is curated and ships
/// with Dossier. Parsed once per process.
pub fn base_authority() -> &'static Authority {
    static BASE: std::sync::OnceLock<Authority> = std::sync::OnceLock::new();
    BASE.get_or_init(|| parse_authority("world.toml", include_str!("world.toml")).authority)
}

/// A collection's authority merged with the base gazetteer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Merged {
    /// The collection's entities, in file order, then the base entities that are not the
    /// collection's.
    pub authority: Authority,
    /// Further names of collection entities, taken from the base entries that are the same
    /// entity: (entity index, name).
    pub extra_names: Vec<(u32, String)>,
}

/// Merges `collection` with `base`. The collection takes precedence:
///
/// 1. a base entity with the id of a collection entity is left out entirely;
/// 2. a base entity that shares a name or alias (compared by [`name_key`]) with exactly one
///    collection entity is that entity: its other names (those no collection entity claims)
///    find the collection's entity, which keeps its id, name, type and description;
/// 3. a base entity that shares names with several collection entities is left out;
/// 4. every other base entity is added after the collection's, unchanged.
pub(crate) fn merge(collection: &Authority, base: &Authority) -> Merged {
    use std::collections::{HashMap, HashSet};
    let mut owner: HashMap<String, u32> = HashMap::new();
    let ids: HashSet<&str> = collection.entities.iter().map(|e| e.id.as_str()).collect();
    for (i, e) in collection.entities.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            owner.entry(name_key(n)).or_insert(i);
        }
    }
    let mut merged = Merged {
        authority: collection.clone(),
        extra_names: Vec::new(),
    };
    for e in &base.entities {
        if ids.contains(e.id.as_str()) {
            continue;
        }
        let names: Vec<&String> = std::iter::once(&e.name).chain(&e.aliases).collect();
        let mut shared: Vec<u32> = names
            .iter()
            .filter_map(|n| owner.get(&name_key(n)).copied())
            .collect();
        shared.sort_unstable();
        shared.dedup();
        match shared.as_slice() {
            [] => merged.authority.entities.push(e.clone()),
            [i] => merged.extra_names.extend(
                names
                    .iter()
                    .filter(|n| !owner.contains_key(&name_key(n)))
                    .map(|n| (*i, (*n).clone())),
            ),
            _ => {}
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_with_spans() {
        let r = parse_authority(
            "a.toml",
            "[[entity]]\nid = \"x\"\nname = \"X\"\ntype = \"place\"\naliases = [\"Ex\"]\n",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.authority.entities[0].aliases, vec!["Ex"]);
        let bad = parse_authority(
            "a.toml",
            "[[entity]]\nid = \"x\"\nname = \"X\"\ntype = \"thing\"\n",
        );
        assert_eq!(bad.diagnostics[0].code, Code::UnknownEntityType);
        assert_eq!(bad.diagnostics[0].line, 4);
    }

    #[test]
    fn the_base_gazetteer_is_valid() {
        let r = parse_authority("world.toml", include_str!("world.toml"));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(r.authority.entities.len() > 500);
        assert!(r
            .authority
            .entities
            .iter()
            .all(|e| e.source == Provenance::Curated));
    }

    #[test]
    fn the_collection_takes_precedence_over_the_base() {
        let base = parse_authority(
            "b.toml",
            "[[entity]]\nid = \"ussr\"\nname = \"Soviet Union\"\ntype = \"place\"\naliases = [\"USSR\", \"U.S.S.R.\"]\n\
             [[entity]]\nid = \"moscow\"\nname = \"Moscow\"\ntype = \"place\"\n\
             [[entity]]\nid = \"cuba\"\nname = \"Cuba\"\ntype = \"place\"\n",
        )
        .authority;
        let collection = parse_authority(
            "a.toml",
            "[[entity]]\nid = \"soviet-union\"\nname = \"USSR\"\ntype = \"place\"\n\
             [[entity]]\nid = \"moscow\"\nname = \"Moskva\"\ntype = \"place\"\n",
        )
        .authority;
        let m = merge(&collection, &base);
        let ids: Vec<&str> = m.authority.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["soviet-union", "moscow", "cuba"]);
        assert_eq!(
            m.extra_names,
            [(0, "Soviet Union".to_owned()), (0, "U.S.S.R.".to_owned())]
        );
    }
}
