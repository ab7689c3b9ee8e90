//! Collection-wide entity data from the documents' mentions: `entities.json` ([`EntityIndex`])
//! and `entity/<id>.json` ([`EntityFile`]). Deterministic: maps are ordered, ties broken by id.

use std::collections::{BTreeMap, HashMap};

use super::authority::Authority;
use super::names::strip_possessive;
use super::text_at;
use crate::archive::corpus::{par_map, Stage, Step};
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

/// A document's mentions that name an entity, grouped by the entity's id (sorted by id), each
/// group in the document's order.
fn by_entity(doc: &Document) -> Vec<(&str, Vec<&Mention>)> {
    let mut named: Vec<(&str, &Mention)> = doc
        .mentions
        .iter()
        .filter_map(|m| Some((m.entity.as_deref()?, m)))
        .collect();
    // stable: a group keeps the document's order
    named.sort_by_key(|(id, _)| *id);
    let mut groups: Vec<(&str, Vec<&Mention>)> = Vec::new();
    for (id, m) in named {
        match groups.last_mut() {
            Some((last, ms)) if *last == id => ms.push(m),
            _ => groups.push((id, vec![m])),
        }
    }
    groups
}

/// Whether a mention counts for its entity (dates and quantities do not).
fn is_named(m: &Mention) -> bool {
    !matches!(m.kind, EntityKind::Date | EntityKind::Quantity)
}

/// Builds the entity index and files of `documents` (in collection order): every curated
/// entity mentioned at least once and every automatic one.
/// `progress` hears of the [`Stage::Aggregate`] stage and of each entity file made.
pub fn aggregate(
    documents: &[DocumentFile],
    authority: &Authority,
    progress: &(dyn Fn(Step) + Sync),
) -> Entities {
    let groups = par_map(documents, |file| by_entity(&file.document));
    // id → (mention count, document indices, surfaces with counts, kind)
    struct Acc<'a> {
        mentions: u32,
        docs: Vec<usize>,
        surfaces: BTreeMap<&'a str, u32>,
        kind: EntityKind,
    }
    let mut acc: BTreeMap<&str, Acc<'_>> = BTreeMap::new();
    for (d, doc_groups) in groups.iter().enumerate() {
        for (id, ms) in doc_groups {
            for m in ms.iter().filter(|m| is_named(m)) {
                let a = acc.entry(id).or_insert_with(|| Acc {
                    mentions: 0,
                    docs: Vec::new(),
                    surfaces: BTreeMap::new(),
                    kind: m.kind,
                });
                a.mentions += 1;
                if a.docs.last() != Some(&d) {
                    a.docs.push(d);
                }
                *a.surfaces.entry(strip_possessive(&m.surface)).or_insert(0) += 1;
            }
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
    // The entities each document mentions, by their index in `acc`.
    let ids: Vec<&str> = acc.keys().copied().collect();
    let index_of: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let present: Vec<Vec<usize>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .filter_map(|(id, _)| index_of.get(id).copied())
                .collect()
        })
        .collect();
    let accs: Vec<(&str, &Acc<'_>)> = acc.iter().map(|(id, a)| (*id, a)).collect();
    progress(Step::Begin(Stage::Aggregate, accs.len()));
    let files = par_map(&accs, |&(id, a)| {
        let i = index_of[id];
        let documents_of: Vec<EntityInDocument> = a
            .docs
            .iter()
            .map(|&d| {
                let doc = &documents[d].document;
                let g = &groups[d];
                let contexts = g
                    .binary_search_by_key(&id, |(gid, _)| *gid)
                    .map_or(&[][..], |k| &g[k].1[..]);
                EntityInDocument {
                    id: doc.id.clone(),
                    title: doc.meta.title.clone(),
                    date: doc.meta.date.clone(),
                    contexts: contexts.iter().map(|m| kwic(doc, m)).collect(),
                }
            })
            .collect();
        // Co-occurrence by shared documents.
        let most = a.docs.iter().map(|&d| present[d].len()).sum::<usize>();
        let mut shared: HashMap<usize, u32> = HashMap::with_capacity(most.min(ids.len()));
        for &d in &a.docs {
            for &j in present[d].iter().filter(|&&j| j != i) {
                *shared.entry(j).or_insert(0) += 1;
            }
        }
        let mut rel: Vec<(usize, u32)> = shared.into_iter().collect();
        // `ids` is sorted: comparing indices compares ids.
        let order = |x: &(usize, u32), y: &(usize, u32)| y.1.cmp(&x.1).then(x.0.cmp(&y.0));
        if rel.len() > MAX_RELATED {
            // Select the few kept before sorting: a document may name thousands of entities.
            rel.select_nth_unstable_by(MAX_RELATED, order);
            rel.truncate(MAX_RELATED);
        }
        rel.sort_by(order);
        let related = rel
            .into_iter()
            .map(|(j, n)| Cooccurrence {
                id: ids[j].to_owned(),
                name: summaries[j].entity.name.clone(),
                kind: summaries[j].entity.kind,
                documents: n,
            })
            .collect();
        progress(Step::Item);
        EntityFile {
            format_version: FORMAT_VERSION,
            entity: summaries[i].entity.clone(),
            documents: documents_of,
            related,
        }
    });
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
    // The last KWIC_CHARS characters, when there are more (counted from the end: a mention
    // late in a long paragraph costs no more than an early one).
    let mut from_end = b.char_indices().rev();
    let cut = match from_end.nth(KWIC_CHARS.saturating_sub(1)) {
        Some((cut, _)) if from_end.next().is_some() => cut,
        _ => return b.to_owned(),
    };
    let tail = &b[cut..];
    let from = tail
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    format!("…{}", &tail[from..])
}

fn context_after(a: &str) -> String {
    if a.chars().nth(KWIC_CHARS).is_none() {
        return a.to_owned();
    }
    let cut = a.char_indices().nth(KWIC_CHARS).map_or(a.len(), |(i, _)| i);
    let head = &a[..cut];
    let to = head.rfind(char::is_whitespace).unwrap_or(head.len());
    format!("{}…", &head[..to])
}
