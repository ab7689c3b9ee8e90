//! Splitting a [`Rich`] text into the runs the reader renders: plain text and marked text.
//!
//! The reader never computes offsets itself; it renders what this returns, as text nodes.

use super::model::{MarkKind, Rich};

/// One run of a [`Rich`] text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Unmarked text.
    Plain(&'a str),
    /// Marked text (empty for a zero-width mark such as a page break), with its kind.
    Marked(&'a str, &'a MarkKind),
}

/// Splits `rich` into segments that cover its text exactly once, in order.
///
/// Marks that are out of range, not on character boundaries, out of order or overlapping an
/// earlier mark are ignored rather than trusted, so a damaged corpus can never make the reader
/// panic or lose text: concatenating the segments always gives back `rich.text`.
pub fn segments(rich: &Rich) -> Vec<Segment<'_>> {
    let text = rich.text.as_str();
    let mut out = Vec::with_capacity(rich.marks.len() * 2 + 1);
    let mut pos = 0;
    for mark in &rich.marks {
        let (start, end) = (mark.start, mark.end);
        let valid = start >= pos
            && start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !valid {
            continue;
        }
        if start > pos {
            out.push(Segment::Plain(&text[pos..start]));
        }
        out.push(Segment::Marked(&text[start..end], &mark.kind));
        pos = end;
    }
    if pos < text.len() || out.is_empty() {
        out.push(Segment::Plain(&text[pos..]));
    }
    out
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

    fn joined(segments: &[Segment<'_>]) -> String {
        segments
            .iter()
            .map(|s| match s {
                Segment::Plain(t) | Segment::Marked(t, _) => *t,
            })
            .collect()
    }

    #[test]
    fn marks_split_the_text_into_plain_and_marked_runs() {
        let note = MarkKind::Editorial {
            label: "illegible".into(),
        };
        let r = rich("Signature: [illegible] end", &[(11, 22, note.clone())]);
        assert_eq!(
            segments(&r),
            vec![
                Segment::Plain("Signature: "),
                Segment::Marked("[illegible]", &note),
                Segment::Plain(" end")
            ]
        );
    }

    #[test]
    fn a_page_break_is_an_empty_marked_run_between_the_halves() {
        let r = rich("are also energizing", &[(8, 8, MarkKind::PageBreak)]);
        assert_eq!(
            segments(&r),
            vec![
                Segment::Plain("are also"),
                Segment::Marked("", &MarkKind::PageBreak),
                Segment::Plain(" energizing")
            ]
        );
    }

    #[test]
    fn damaged_marks_are_ignored_and_no_text_is_lost() {
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
        let segs = segments(&r);
        assert_eq!(joined(&segs), "Nižnij Novgorod");
        assert_eq!(
            segs.iter()
                .filter(|s| matches!(s, Segment::Marked(..)))
                .count(),
            1
        );
    }

    #[test]
    fn empty_text_gives_one_empty_run() {
        assert_eq!(segments(&Rich::default()), vec![Segment::Plain("")]);
    }
}
