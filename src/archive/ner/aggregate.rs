//! Collection-wide entity data from the documents' mentions: `entities.json` ([`EntityIndex`])
//! and `entity/<id>.json` ([`EntityFile`]). Deterministic: maps are ordered, ties broken by id.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::authority::Authority;
use super::names::strip_possessive;
use super::text_at;
use crate::archive::model::{
    Cooccurrence, Document, DocumentFile, Entity, EntityFile, EntityInDocument, EntityIndex,
    EntityKind, EntitySummary, Kwic, Mention, Provenance, FORMAT_VERSION,
};

/// How many related entities an entity file lists.
pub const MAX_RELATED: usize = 30;
/// About how many characters of context a [`Kwic`] keeps on each side.
pub const KWIC_CHARS: usize = 60;

/// The entity index and one file per entity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entities {
    /// `entities.json`.
    pub index: EntityIndex,
    /// `entity/<id>.json`, sorted by id.
    pub files: Vec<EntityFile>,
}

impl Default for EntityIndex {
    fn default() -> Self {
        EntityIndex {
            format_version: FORMAT_VERSION,
            entities: Vec::new(),
        }
    }
}

/// Builds the entity index and files of `documents` (in collection order): every curated
/// entity mentioned at least once and every automatic one.
pub fn aggregate(documents: &[DocumentFile], authority: &Authority) -> Entities {
    // id → (mention count, document indices, surfaces with counts, kind)
    struct Acc<'a> {
        mentions: u32,
        docs: BTreeSet<usize>,
        surfaces: BTreeMap<&'a str, u32>,
        kind: EntityKind,
    }
    let mut acc: BTreeMap<&str, Acc<'_>> = BTreeMap::new();
    for (d, file) in documents.iter().enumerate() {
        for m in &file.document.mentions {
            let Some(id) = m.entity.as_deref() else {
                continue;
            };
            if matches!(m.kind, EntityKind::Date | EntityKind::Quantity) {
                continue;
            }
            let a = acc.entry(id).or_insert_with(|| Acc {
                mentions: 0,
                docs: BTreeSet::new(),
                surfaces: BTreeMap::new(),
                kind: m.kind,
            });
            a.mentions += 1;
            a.docs.insert(d);
            *a.surfaces.entry(strip_possessive(&m.surface)).or_insert(0) += 1;
        }
    }
    let curated: HashMap<&str, &Entity> = authority
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e))
        .collect();
    let mut summaries = Vec::with_capacity(acc.len());
    for (id, a) in &acc {
        let entity = match curated.get(id) {
            Some(e) => (*e).clone(),
            None => {
                // The most frequent surface names it; the others are aliases.
                let mut forms: Vec<(&str, u32)> =
                    a.surfaces.iter().map(|(s, n)| (*s, *n)).collect();
                forms.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
                let name = forms[0].0.to_owned();
                let mut aliases: Vec<String> = forms[1..]
                    .iter()
                    .map(|(s, _)| (*s).to_owned())
                    .filter(|s| *s != name)
                    .take(10)
                    .collect();
                aliases.sort();
                aliases.dedup();
                Entity {
                    id: (*id).to_owned(),
                    name,
                    kind: a.kind,
                    aliases,
                    description: None,
                    external_id: None,
                    dates: None,
                    source: Provenance::Automatic,
                }
            }
        };
        summaries.push(EntitySummary {
            entity,
            mentions: a.mentions,
            documents: u32::try_from(a.docs.len()).unwrap_or(u32::MAX),
        });
    }
    // Co-occurrence by shared documents.
    let ids: Vec<&str> = acc.keys().copied().collect();
    let index_of: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut shared: HashMap<(usize, usize), u32> = HashMap::new();
    for file in documents {
        let mut present: Vec<usize> = file
            .document
            .mentions
            .iter()
            .filter_map(|m| m.entity.as_deref().and_then(|id| index_of.get(id).copied()))
            .collect();
        present.sort_unstable();
        present.dedup();
        for (x, &a) in present.iter().enumerate() {
            for &b in &present[x + 1..] {
                *shared.entry((a, b)).or_insert(0) += 1;
            }
        }
    }
    let mut related: Vec<Vec<(usize, u32)>> = vec![Vec::new(); ids.len()];
    for (&(a, b), &n) in &shared {
        related[a].push((b, n));
        related[b].push((a, n));
    }
    let mut files = Vec::with_capacity(ids.len());
    for (i, (id, a)) in acc.iter().enumerate() {
        let documents_of: Vec<EntityInDocument> = a
            .docs
            .iter()
            .map(|&d| {
                let doc = &documents[d].document;
                EntityInDocument {
                    id: doc.id.clone(),
                    title: doc.meta.title.clone(),
                    date: doc.meta.date.clone(),
                    contexts: doc
                        .mentions
                        .iter()
                        .filter(|m| m.entity.as_deref() == Some(*id))
                        .map(|m| kwic(doc, m))
                        .collect(),
                }
            })
            .collect();
        let mut rel = std::mem::take(&mut related[i]);
        rel.sort_by(|x, y| y.1.cmp(&x.1).then(ids[x.0].cmp(ids[y.0])));
        rel.truncate(MAX_RELATED);
        let related = rel
            .into_iter()
            .map(|(j, n)| Cooccurrence {
                id: ids[j].to_owned(),
                name: summaries[j].entity.name.clone(),
                kind: summaries[j].entity.kind,
                documents: n,
            })
            .collect();
        files.push(EntityFile {
            format_version: FORMAT_VERSION,
            entity: summaries[i].entity.clone(),
            documents: documents_of,
            related,
        });
    }
    Entities {
        index: EntityIndex {
            format_version: FORMAT_VERSION,
            entities: summaries,
        },
        files,
    }
}

/// The mention as keyword in context.
pub fn kwic(doc: &Document, m: &Mention) -> Kwic {
    let text = text_at(doc, m.at).map_or("", |r| r.text.as_str());
    let (s, e) = (m.start as usize, m.end as usize);
    let (before, after) = match (text.get(..s), text.get(e..)) {
        (Some(b), Some(a)) => (context_before(b), context_after(a)),
        _ => (String::new(), String::new()),
    };
    Kwic {
        at: m.at,
        start: m.start,
        before,
        surface: m.surface.clone(),
        after,
    }
}

fn context_before(b: &str) -> String {
    let n = b.chars().count();
    if n <= KWIC_CHARS {
        return b.to_owned();
    }
    let cut = b.char_indices().nth(n - KWIC_CHARS).map_or(0, |(i, _)| i);
    let tail = &b[cut..];
    let from = tail.find(char::is_whitespace).map_or(0, |i| i + 1);
    format!("…{}", &tail[from..])
}

fn context_after(a: &str) -> String {
    if a.chars().count() <= KWIC_CHARS {
        return a.to_owned();
    }
    let cut = a.char_indices().nth(KWIC_CHARS).map_or(a.len(), |(i, _)| i);
    let head = &a[..cut];
    let to = head.rfind(char::is_whitespace).unwrap_or(head.len());
    format!("{}…", &head[..to])
}
