//! Splitting a [`Rich`] text into what the reader renders: segments for its editorial marks,
//! and within each segment, runs for the entity mentions it contains.
//!
//! The reader never computes offsets itself; it renders what this returns, as text nodes.

use super::model::{MarkKind, Rich};

/// A stretch of a [`Rich`] text: unmarked, or one editorial mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The text of the segment (empty for a zero-width mark such as a page break).
    pub text: &'a str,
    /// The mark, if the segment is one.
    pub mark: Option<&'a MarkKind>,
    /// `text` split by the mentions inside it; the runs' texts concatenate to `text`.
    pub runs: Vec<Run<'a>>,
}

/// A run of text inside a [`Segment`], inside one mention or outside all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run<'a> {
    /// The text of the run.
    pub text: &'a str,
    /// Byte offset of the run in the [`Rich`] text.
    pub start: usize,
    /// The caller's identifier of the mention this run is, if it is one.
    pub mention: Option<usize>,
}

/// A span to highlight: byte range in the [`Rich`] text and the caller's identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The caller's identifier, handed back in [`Run::mention`].
    pub id: usize,
}

fn valid(text: &str, pos: usize, start: usize, end: usize) -> bool {
    start >= pos
        && start <= end
        && end <= text.len()
        && text.is_char_boundary(start)
        && text.is_char_boundary(end)
}

/// Splits `rich` into segments that cover its text exactly once, in order, and each segment
/// into runs by `spans` (sorted by start).
///
/// Marks or spans that are out of range, not on character boundaries, out of order or
/// overlapping an earlier one are ignored rather than trusted, and so is a span that crosses a
/// mark's edge. A damaged corpus can never make the reader panic or lose text: the segments'
/// texts always concatenate to `rich.text`, and so do each segment's runs to its text.
pub fn segments<'a>(rich: &'a Rich, spans: &[Span]) -> Vec<Segment<'a>> {
    let text = rich.text.as_str();
    let mut bounds: Vec<(usize, usize, Option<&MarkKind>)> =
        Vec::with_capacity(rich.marks.len() * 2 + 1);
    let mut pos = 0;
    for mark in &rich.marks {
        if !valid(text, pos, mark.start, mark.end) {
            continue;
        }
        if mark.start > pos {
            bounds.push((pos, mark.start, None));
        }
        bounds.push((mark.start, mark.end, Some(&mark.kind)));
        pos = mark.end;
    }
    if pos < text.len() || bounds.is_empty() {
        bounds.push((pos, text.len(), None));
    }

    let mut spans = spans.iter().peekable();
    let mut span_pos = 0;
    bounds
        .into_iter()
        .map(|(start, end, mark)| {
            let mut runs = Vec::new();
            let mut at = start;
            while let Some(&&span) = spans.peek() {
                if span.start >= end {
                    break;
                }
                spans.next();
                let inside = span.start >= at && span.end <= end && span.start < span.end;
                if !inside || !valid(text, span_pos, span.start, span.end) {
                    continue;
                }
                if span.start > at {
                    runs.push(Run {
                        text: &text[at..span.start],
                        start: at,
                        mention: None,
                    });
                }
                runs.push(Run {
                    text: &text[span.start..span.end],
                    start: span.start,
                    mention: Some(span.id),
                });
                at = span.end;
                span_pos = span.end;
            }
            if at < end || runs.is_empty() {
                runs.push(Run {
                    text: &text[at..end],
                    start: at,
                    mention: None,
                });
            }
            Segment {
                text: &text[start..end],
                mark,
                runs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::model::Mark;

    fn rich(text: &str, marks: &[(usize, usize, MarkKind)]) -> Rich {
        Rich {
            text: text.to_string(),
            marks: marks
                .iter()
                .map(|(s, e, k)| Mark {
                    start: *s,
                    end: *e,
                    kind: k.clone(),
                })
                .collect(),
        }
    }

    fn spans(list: &[(usize, usize)]) -> Vec<Span> {
        list.iter()
            .enumerate()
            .map(|(id, (start, end))| Span {
                start: *start,
                end: *end,
                id,
            })
            .collect()
    }

    fn joined(segments: &[Segment<'_>]) -> String {
        segments.iter().map(|s| s.text).collect()
    }

    /// Per segment: whether it is a mark, and its runs as (text, mention).
    type Shape<'a> = Vec<(bool, Vec<(&'a str, Option<usize>)>)>;

    fn shape<'a>(segments: &[Segment<'a>]) -> Shape<'a> {
        segments
            .iter()
            .map(|s| {
                (
                    s.mark.is_some(),
                    s.runs.iter().map(|r| (r.text, r.mention)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn marks_split_the_text_into_plain_and_marked_segments() {
        let note = MarkKind::Editorial {
            label: "illegible".into(),
        };
        let r = rich("Signature: [illegible] end", &[(11, 22, note.clone())]);
        let segs = segments(&r, &[]);
        assert_eq!(
            segs.iter().map(|s| (s.text, s.mark)).collect::<Vec<_>>(),
            vec![
                ("Signature: ", None),
                ("[illegible]", Some(&note)),
                (" end", None)
            ]
        );
    }

    #[test]
    fn mentions_split_segments_into_runs_including_inside_a_mark() {
        let note = MarkKind::TranslatorNote {
            note: "today's Nizhnyi Novgorod".into(),
        };
        let text = "visiting Gorkyi (today's Nizhnyi Novgorod - translator note), the";
        let r = rich(text, &[(16, 60, note)]);
        let segs = segments(&r, &spans(&[(9, 15), (25, 41)]));
        assert_eq!(
            shape(&segs),
            vec![
                (
                    false,
                    vec![("visiting ", None), ("Gorkyi", Some(0)), (" ", None)]
                ),
                (
                    true,
                    vec![
                        ("(today's ", None),
                        ("Nizhnyi Novgorod", Some(1)),
                        (" - translator note)", None)
                    ]
                ),
                (false, vec![(", the", None)]),
            ]
        );
        assert_eq!(segs[1].runs[1].start, 25);
    }

    #[test]
    fn a_page_break_is_an_empty_marked_segment_between_the_halves() {
        let r = rich("are also energizing", &[(8, 8, MarkKind::PageBreak)]);
        let segs = segments(&r, &spans(&[(9, 19)]));
        assert_eq!(
            shape(&segs),
            vec![
                (false, vec![("are also", None)]),
                (true, vec![("", None)]),
                (false, vec![(" ", None), ("energizing", Some(0))]),
            ]
        );
    }

    #[test]
    fn damaged_marks_and_spans_are_ignored_and_no_text_is_lost() {
        let k = MarkKind::PageBreak;
        // out of range, inside a multi-byte char, overlapping, reversed
        let r = rich(
            "Nižnij Novgorod",
            &[
                (3, 3, k.clone()),
                (0, 99, k.clone()),
                (7, 15, k.clone()),
                (8, 9, k.clone()),
                (5, 2, k),
            ],
        );
        let segs = segments(
            &r,
            &spans(&[(3, 5), (0, 2), (1, 6), (6, 9), (9, 99), (14, 12)]),
        );
        assert_eq!(joined(&segs), "Nižnij Novgorod");
        assert_eq!(segs.iter().filter(|s| s.mark.is_some()).count(), 1);
        for seg in &segs {
            assert_eq!(
                seg.runs.iter().map(|r| r.text).collect::<String>(),
                seg.text
            );
        }
        // (0, 2) is the only span that is valid, ordered and inside one segment
        let ids: Vec<usize> = segs
            .iter()
            .flat_map(|s| s.runs.iter().filter_map(|r| r.mention))
            .collect();
        assert_eq!(ids, vec![1]);
    }

    #[test]
    fn empty_text_gives_one_empty_segment() {
        let r = Rich::default();
        assert_eq!(shape(&segments(&r, &[])), vec![(false, vec![("", None)])]);
    }
}
