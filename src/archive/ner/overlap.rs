//! The one overlap resolution: candidate mentions of a text → mentions that never overlap and
//! never split a word.

use std::collections::BTreeMap;

use super::text::whole_words;
use crate::archive::model::{EntityKind, Mention, Provenance};

fn rank(source: Provenance) -> u8 {
    match source {
        Provenance::Curated => 0,
        Provenance::Rule => 1,
        Provenance::Automatic => 2,
    }
}

/// Keeps a non-overlapping subset of `items` (spans into `text`), sorted by start.
///
/// Spans that are empty, out of range, off char boundaries or that split a word are dropped.
/// Among overlapping spans the winner is: curated over rule over automatic, then the longest,
/// then the earliest. One exception keeps names whole: an organization or event phrase, or a
/// quantity, that strictly contains a curated name ("18th Plenary of the CPSU" around "CPSU",
/// "500 U.S. dollars" around "U.S.") competes at the curated rank.
pub(crate) fn resolve_by<T>(
    text: &str,
    items: Vec<T>,
    key: impl Fn(&T) -> (usize, usize, Provenance, EntityKind),
) -> Vec<T> {
    let mut items: Vec<(u8, T)> = items
        .into_iter()
        .filter(|t| {
            let (s, e, _, _) = key(t);
            whole_words(text, s, e)
        })
        .map(|t| (rank(key(&t).2), t))
        .collect();
    let mut curated: Vec<(usize, usize)> = items
        .iter()
        .filter(|(r, _)| *r == 0)
        .map(|(_, t)| {
            let (s, e, _, _) = key(t);
            (s, e)
        })
        .collect();
    // Sorted, so that each span looks only at the curated names starting inside it.
    curated.sort_unstable();
    for (r, t) in &mut items {
        let (s, e, _, kind) = key(t);
        if *r > 0
            && matches!(
                kind,
                EntityKind::Organization | EntityKind::Event | EntityKind::Quantity
            )
            && curated[curated.partition_point(|&(cs, _)| cs < s)..]
                .iter()
                .take_while(|&&(cs, _)| cs < e)
                .any(|&(cs, ce)| ce <= e && (s, e) != (cs, ce))
        {
            *r = 0;
        }
    }
    items.sort_by_key(|(r, t)| {
        let (s, e, _, _) = key(t);
        (*r, std::cmp::Reverse(e - s), s)
    });
    // Accepted spans, start → end (a map: thousands of mentions in one text stay fast).
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (_, t) in items {
        let (s, e, _, _) = key(&t);
        let clash_before = taken.range(..s).next_back().is_some_and(|(_, &te)| te > s);
        let clash_after = taken.range(s..).next().is_some_and(|(&ts, _)| ts < e);
        if clash_before || clash_after {
            continue;
        }
        taken.insert(s, e);
        out.push((s, t));
    }
    out.sort_by_key(|(s, _)| *s);
    out.into_iter().map(|(_, t)| t).collect()
}

/// Resolves the overlaps among mentions of one text (all with the same
/// [`TextRef`](crate::archive::TextRef)): see the rules above. The result is sorted by start.
///
/// ```
/// use dossier::archive::{resolve_overlaps, EntityKind, Mention, Provenance, TextRef};
/// let m = |start: u32, end: u32, source| Mention {
///     at: TextRef::default(), start, end, kind: EntityKind::Place, entity: None,
///     surface: String::new(), source, value: None,
/// };
/// let text = "the Soviet Union";
/// let kept = resolve_overlaps(text, vec![m(4, 10, Provenance::Automatic), m(4, 16, Provenance::Curated)]);
/// assert_eq!((kept[0].start, kept[0].end), (4, 16));
/// ```
pub fn resolve_overlaps(text: &str, mentions: Vec<Mention>) -> Vec<Mention> {
    resolve_by(text, mentions, |m| {
        (m.start as usize, m.end as usize, m.source, m.kind)
    })
}
