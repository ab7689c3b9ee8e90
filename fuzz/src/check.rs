//! The invariants the targets check on what the core hands back.

use std::ops::Range;

use dossier::archive::find::{find_in, find_in_document, split, Finder};
use dossier::archive::search::{parse_query, Highlighter, Query, Results, Snippet};
use dossier::archive::{segments, texts, Document, Mention, Rich, Span};

use crate::fixture;

/// Byte range `r` lies in `text`, on `char` boundaries.
#[track_caller]
pub fn check_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end),
        "{what} {r:?} is not a range of a text of {} bytes on char boundaries",
        text.len()
    );
}

/// Ascending ranges that do not overlap.
#[track_caller]
pub fn check_disjoint(ranges: &[Range<usize>], what: &str) {
    for w in ranges.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "{what} overlap or are out of order: {w:?}"
        );
    }
}

/// A [`Rich`] text's marks: inside the text on char boundaries, ascending, never overlapping.
#[track_caller]
pub fn check_rich(rich: &Rich) {
    let ranges: Vec<Range<usize>> = rich.marks.iter().map(|m| m.start..m.end).collect();
    for r in &ranges {
        check_range(&rich.text, r, "mark");
    }
    check_disjoint(&ranges, "marks");
}

/// Every text of a parsed document: its marks hold (see [`check_rich`]).
pub fn check_document(doc: &Document) {
    for (_, rich) in texts(doc) {
        check_rich(rich);
    }
}

/// Mentions as the recognizer returns them: each in an existing text, on char boundaries,
/// its surface the text it covers, sorted by text then start, never overlapping, never
/// crossing an editorial mark's edge.
#[track_caller]
pub fn check_mentions(doc: &Document, mentions: &[Mention]) {
    let texts = texts(doc);
    for m in mentions {
        let rich = texts
            .iter()
            .find(|(at, _)| *at == m.at)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("mention {m:?} is in no text"));
        let r = m.start as usize..m.end as usize;
        check_range(&rich.text, &r, "mention");
        assert!(r.start < r.end, "empty mention {m:?}");
        assert_eq!(rich.text[r.clone()], m.surface, "surface of {m:?}");
        for mark in &rich.marks {
            let crosses = mark.start < mark.end
                && r.start < mark.end
                && mark.start < r.end
                && !(mark.start <= r.start && r.end <= mark.end);
            assert!(!crosses, "mention {m:?} crosses mark {mark:?}");
        }
    }
    for w in mentions.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        assert!(
            (a.at, a.start) <= (b.at, b.start),
            "mentions out of order: {w:?}"
        );
        assert!(a.at != b.at || a.end <= b.start, "mentions overlap: {w:?}");
    }
    render(doc, mentions);
}

/// What the reader does with a document it loaded: split each text into segments by its marks
/// and runs by its mentions (which must cover the text exactly once, whatever the input), and
/// find words in it.
pub fn render(doc: &Document, mentions: &[Mention]) {
    for (at, rich) in texts(doc) {
        let mut spans: Vec<Span> = mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.at == at)
            .map(|(id, m)| Span {
                start: m.start as usize,
                end: m.end as usize,
                id,
            })
            .collect();
        spans.sort_by_key(|s| s.start);
        let segs = segments(rich, &spans);
        let joined: String = segs.iter().map(|s| s.text).collect();
        assert_eq!(joined, rich.text, "segments do not cover the text");
        for s in &segs {
            let runs: String = s.runs.iter().map(|r| r.text).collect();
            assert_eq!(runs, s.text, "runs do not cover their segment");
        }
    }
}

/// Finds `finder` in `doc` as the find bar does, checking the matches and the pieces the
/// reader renders.
pub fn find(doc: &Document, finder: &Finder) {
    let mut total = 0;
    for (_, rich) in texts(doc) {
        let ranges = find_in(rich, finder);
        total += ranges.len();
        for r in &ranges {
            check_range(&rich.text, r, "find match");
        }
        check_disjoint(&ranges, "find matches");
        let pieces: String = split(&rich.text, 0, &ranges)
            .iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(pieces, rich.text, "find pieces do not cover the text");
    }
    assert_eq!(find_in_document(doc, finder).total, total, "find total");
}

/// A snippet's spans lie in its text, ascending.
#[track_caller]
pub fn check_snippet(s: &Snippet) {
    for r in &s.spans {
        check_range(&s.text, r, "snippet span");
    }
    check_disjoint(&s.spans, "snippet spans");
}

/// Highlights `text` and checks the ranges.
pub fn highlight(h: &Highlighter, text: &str) {
    let ranges = h.highlight(text);
    for r in &ranges {
        check_range(text, r, "highlight");
    }
    check_disjoint(&ranges, "highlights");
    check_snippet(&h.snippet(text));
    check_snippet(&h.snippet_words(text, 3));
}

/// The results of a search over the fixture: at most `limit` hits, and snippets of each that
/// hold. When `genuine` (no file of the index was replaced), each hit is a document of the
/// fixture with its id and a finite score.
pub fn check_results(r: &Results, limit: usize, genuine: bool) {
    let docs = &fixture().docs;
    assert!(r.hits.len() <= limit, "more hits than asked for");
    assert!(r.total >= r.hits.len(), "total below the hits");
    for hit in &r.hits {
        let doc = docs.get(hit.doc as usize);
        if genuine {
            let doc = doc.expect("a hit beyond the documents");
            assert_eq!(doc.id, hit.id, "hit {}'s id", hit.doc);
            assert!(hit.score.is_finite(), "score {}", hit.score);
        }
        if let Some(doc) = doc {
            check_snippet(&r.highlighter.best(doc));
            highlight(&r.highlighter, &doc.title);
        }
    }
}

/// Parses `text` as a query, checking that its canonical text reads back the same.
pub fn query(text: &str) -> Query {
    let q = parse_query(text);
    let canonical = q.to_string();
    assert_eq!(
        parse_query(&canonical),
        q,
        "the canonical text {canonical:?} reads back differently"
    );
    q
}
