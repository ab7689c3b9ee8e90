//! Find in a document: which words of a text match what the reader typed in the find box, or
//! what a search matched (its [`Highlighter`](super::search::Highlighter) terms).
//!
//! Words are compared folded (case and diacritics, as the search index folds them), so
//! "yilmaz" finds "Yılmaz". A typed word matches the words it begins, so matches appear while
//! it is still being typed; a search's terms match whole words, exactly as they were matched.

use std::ops::Range;

use super::model::{Document, MarkKind, Rich, TextRef};
use super::ner::texts;
use super::search::analyze::tokenize;
use super::sort::sort_by;

/// What to find: folded words matched as prefixes, and folded terms matched whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Finder {
    prefixes: Vec<String>,
    exact: Vec<String>,
}

impl Finder {
    /// A finder for the words typed in a find box (each matches the words it begins).
    pub fn typed(text: &str) -> Finder {
        let mut prefixes: Vec<String> = tokenize(text).into_iter().map(|t| t.term).collect();
        sort_by(&mut prefixes, &|a, b| a.cmp(b));
        prefixes.dedup();
        Finder {
            prefixes,
            exact: Vec::new(),
        }
    }

    /// A finder for the folded terms a search matched (each matches whole words).
    pub fn terms(terms: impl IntoIterator<Item = String>) -> Finder {
        let mut exact: Vec<String> = terms.into_iter().collect();
        sort_by(&mut exact, &|a, b| a.cmp(b));
        exact.dedup();
        Finder {
            prefixes: Vec::new(),
            exact,
        }
    }

    /// Whether it finds nothing whatever the text.
    pub fn is_empty(&self) -> bool {
        self.prefixes.is_empty() && self.exact.is_empty()
    }

    fn matches(&self, term: &str) -> bool {
        self.exact
            .binary_search_by(|t| t.as_str().cmp(term))
            .is_ok()
            || self.prefixes.iter().any(|p| term.starts_with(p.as_str()))
    }

    /// Byte ranges of the matching words of `text`, ascending, on `char` boundaries.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        if self.is_empty() {
            return Vec::new();
        }
        tokenize(text)
            .into_iter()
            .filter(|t| self.matches(&t.term))
            .map(|t| t.start..t.end)
            .collect()
    }
}

/// The matches of `finder` in a rich text that the reader shows as text: matches inside an
/// editorial mark (shown by its label) or touching a page break are left out.
pub fn find_in(rich: &Rich, finder: &Finder) -> Vec<Range<usize>> {
    let hidden: Vec<Range<usize>> = rich
        .marks
        .iter()
        .filter(|m| matches!(m.kind, MarkKind::Editorial { .. } | MarkKind::PageBreak))
        .map(|m| m.start..m.end)
        .collect();
    finder
        .find(&rich.text)
        .into_iter()
        .filter(|r| {
            !hidden
                .iter()
                .any(|h| r.start < h.end.max(h.start + 1) && h.start < r.end)
        })
        .collect()
}

/// The matches in one text: the number of matches in the texts before it, and its matches.
pub type TextMatches = (usize, Vec<Range<usize>>);

/// The matches of a finder in a document's body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Per text, in reading order: the number of matches in the texts before it and its
    /// matches. Texts without matches are absent.
    pub by_text: Vec<(TextRef, TextMatches)>,
    /// All matches.
    pub total: usize,
}

impl Found {
    /// Takes the matches in the text at `at` out: the number of matches before it and its
    /// matches.
    pub fn take(&mut self, at: TextRef) -> Option<TextMatches> {
        let i = self.by_text.iter().position(|(a, _)| *a == at)?;
        Some(self.by_text.remove(i).1)
    }
}

/// Finds `finder` in every text of `doc`'s body, numbering the matches in reading order.
pub fn find_in_document(doc: &Document, finder: &Finder) -> Found {
    let mut found = Found::default();
    if finder.is_empty() {
        return found;
    }
    for (at, rich) in texts(doc) {
        let ranges = find_in(rich, finder);
        if !ranges.is_empty() {
            let n = ranges.len();
            found.by_text.push((at, (found.total, ranges)));
            found.total += n;
        }
    }
    found
}

/// Of `terms` (folded, as a search's highlighter holds them), those that occur as words in
/// `texts`, in order of first occurrence: what to find in a document opened from a result.
pub fn terms_in(terms: &[String], texts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        for t in tokenize(text) {
            if terms.contains(&t.term) && !out.contains(&t.term) {
                out.push(t.term);
            }
        }
    }
    out
}

/// A piece of a run of text, split by matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The text of the piece.
    pub text: &'a str,
    /// Which match (an index into the ranges given) this piece is part of, if any.
    pub hit: Option<usize>,
}

/// Splits the run `text`, which starts at byte `offset` of a larger text, by `ranges` (byte
/// ranges in that larger text, ascending and not overlapping, as [`Finder::find`] returns).
/// A match that crosses the run's edges is cut to the run; the pieces always concatenate to
/// `text`, and ranges out of bounds or off character boundaries are ignored.
pub fn split<'a>(text: &'a str, offset: usize, ranges: &[Range<usize>]) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let end = offset + text.len();
    for (i, r) in ranges.iter().enumerate() {
        if r.end <= offset + pos || r.start >= end || r.start >= r.end {
            continue;
        }
        let a = r.start.saturating_sub(offset).max(pos);
        let b = (r.end - offset).min(text.len());
        if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        if a > pos {
            out.push(Piece {
                text: &text[pos..a],
                hit: None,
            });
        }
        out.push(Piece {
            text: &text[a..b],
            hit: Some(i),
        });
        pos = b;
    }
    if pos < text.len() || out.is_empty() {
        out.push(Piece {
            text: &text[pos..],
            hit: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(f: &Finder, text: &'a str) -> Vec<&'a str> {
        f.find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn typed_words_match_the_words_they_begin_folded() {
        let f = Finder::typed("sov YILM");
        assert_eq!(
            found(
                &f,
                "The Soviet side met Yılmaz; the soviets agreed. Sovkhoz."
            ),
            ["Soviet", "Yılmaz", "soviets", "Sovkhoz"]
        );
        assert_eq!(
            found(&Finder::typed("niznij"), "in Nižnij Novgorod"),
            ["Nižnij"]
        );
        assert_eq!(
            found(&Finder::typed("200,000"), "some 200.000 or 200,000 men"),
            ["200.000", "200,000"]
        );
    }

    #[test]
    fn search_terms_match_whole_words_only() {
        let f = Finder::terms(["soviet".to_string(), "korea".to_string()]);
        assert_eq!(
            found(&f, "Soviet, soviets and Korea; North Korean"),
            ["Soviet", "Korea"]
        );
    }

    #[test]
    fn terms_in_keeps_the_terms_a_text_has_in_reading_order() {
        let terms = ["korea", "soviet", "sovet", "china"].map(String::from);
        assert_eq!(
            terms_in(&terms, &["Soviet aid", "to North Korea and the Soviets"]),
            ["soviet", "korea"]
        );
        assert!(terms_in(&terms, &[""]).is_empty());
    }

    #[test]
    fn an_empty_or_punctuation_query_finds_nothing() {
        for q in ["", "   ", "\"-()", "—"] {
            let f = Finder::typed(q);
            assert!(f.is_empty(), "{q:?}");
            assert!(f.find("Anything at all").is_empty());
        }
    }

    #[test]
    fn split_covers_the_run_and_cuts_matches_at_its_edges() {
        let text = "North Korea and the USSR";
        let f = Finder::typed("korea ussr north");
        let ranges = f.find(text);
        // a run "rth Korea an" starting at byte 2
        let run = &text[2..14];
        let pieces = split(run, 2, &ranges);
        let joined: String = pieces.iter().map(|p| p.text).collect();
        assert_eq!(joined, run);
        assert_eq!(
            pieces,
            [
                Piece {
                    text: "rth",
                    hit: Some(0)
                },
                Piece {
                    text: " ",
                    hit: None
                },
                Piece {
                    text: "Korea",
                    hit: Some(1)
                },
                Piece {
                    text: " an",
                    hit: None
                },
            ]
        );
        // no matches: the run whole
        assert_eq!(
            split("abc", 0, &[]),
            [Piece {
                text: "abc",
                hit: None
            }]
        );
        assert_eq!(
            split("", 0, &[]),
            [Piece {
                text: "",
                hit: None
            }]
        );
    }

    #[test]
    fn matches_hidden_behind_a_mark_label_are_not_counted() {
        let rich = crate::archive::rich("Sent by hand [handwritten] to the handler.");
        let f = Finder::typed("hand");
        assert_eq!(found(&f, &rich.text).len(), 3);
        let shown: Vec<&str> = find_in(&rich, &f)
            .into_iter()
            .map(|r| &rich.text[r])
            .collect();
        assert_eq!(shown, ["hand", "handler"]);
    }

    #[test]
    fn matches_in_a_document_are_numbered_in_reading_order() {
        let src = include_str!("../../seeds/000_35518670e4bcec4c.txt");
        let doc = crate::archive::parse_record("seed.txt", src).expect("the seed parses");
        let found = find_in_document(&doc, &Finder::typed("korea"));
        let mut seen: Vec<(TextRef, usize, usize)> = found
            .by_text
            .iter()
            .map(|(at, (base, r))| (*at, *base, r.len()))
            .collect();
        seen.sort();
        let mut next = 0;
        for (_, base, n) in &seen {
            assert_eq!(*base, next);
            next += n;
        }
        assert_eq!(next, found.total);
        assert!(found.total >= 10, "{}", found.total);
        assert_eq!(find_in_document(&doc, &Finder::typed("")).total, 0);
    }

    #[test]
    fn split_ignores_bad_ranges() {
        let text = "Nižnij";
        let (four, two) = (4, 2); // a reversed range, as damaged input might hold
        #[allow(clippy::single_range_in_vec_init)]
        for ranges in [vec![3..4], vec![9..12], vec![four..two], vec![0..100]] {
            let pieces = split(text, 0, &ranges);
            let joined: String = pieces.iter().map(|p| p.text).collect();
            assert_eq!(joined, text, "{ranges:?}");
        }
    }
}
