//! Finding inline marks in a run of text: editorial brackets (`[illegible]`), glosses
//! (`[OZU = Section for Special Assignments]`) and translator notes
//! (`(today's Nizhnyi Novgorod - translator note)`).
//!
//! The text is never changed; a mark covers the whole bracketed expression. Unbalanced brackets
//! simply yield no mark.

use super::model::{Mark, MarkKind, Rich};

/// Builds a [`Rich`] from `text`, with the marks found by [`scan_marks`].
pub fn rich(text: &str) -> Rich {
    Rich {
        text: text.to_owned(),
        marks: scan_marks(text),
    }
}

/// Finds the inline marks of `text`, in ascending order and without overlaps.
///
/// ```
/// use dossier::archive::{scan_marks, MarkKind};
/// let marks = scan_marks("Signature: [illegible]");
/// assert_eq!((marks[0].start, marks[0].end), (11, 22));
/// assert_eq!(marks[0].kind, MarkKind::Editorial { label: "illegible".into() });
/// ```
pub fn scan_marks(text: &str) -> Vec<Mark> {
    let bytes = text.as_bytes();
    let pairs = balanced_parens(bytes);
    let mut marks = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let found = match bytes[i] {
            b'[' => square(text, i),
            b'(' => round(text, i, &pairs),
            _ => None,
        };
        match found {
            Some(mark) => {
                i = mark.end;
                marks.push(mark);
            }
            None => i += 1,
        }
    }
    marks
}

/// `[...]` starting at `open`: the nearest `]` with no `[` before it.
fn square(text: &str, open: usize) -> Option<Mark> {
    let inner_start = open + 1;
    let close = inner_start + text[inner_start..].find([']', '['])?;
    if text.as_bytes()[close] != b']' {
        return None;
    }
    let inner = text[inner_start..close].trim();
    if inner.is_empty() {
        return None;
    }
    let kind = if let Some(note) = translator_note(inner) {
        MarkKind::TranslatorNote { note }
    } else if let Some((term, expansion)) = inner.split_once(" = ") {
        MarkKind::Gloss {
            term: term.trim().to_owned(),
            expansion: expansion.trim().to_owned(),
        }
    } else {
        MarkKind::Editorial {
            label: inner.to_owned(),
        }
    };
    Some(Mark {
        start: open,
        end: close + 1,
        kind,
    })
}

/// Every balanced `(` ... `)` of `bytes` as (open, close) byte offsets, sorted by open: one
/// pass, so that thousands of unbalanced or nested parentheses stay linear.
fn balanced_parens(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => open.push(i),
            b')' => pairs.extend(open.pop().map(|o| (o, i))),
            _ => {}
        }
    }
    pairs.sort_unstable();
    pairs
}

/// `(...)` starting at `open`, balanced (`pairs` from [`balanced_parens`]); only translator
/// notes become marks.
fn round(text: &str, open: usize, pairs: &[(usize, usize)]) -> Option<Mark> {
    let at = pairs.binary_search_by_key(&open, |&(o, _)| o).ok()?;
    let close = pairs[at].1;
    let note = translator_note(text[open + 1..close].trim())?;
    Some(Mark {
        start: open,
        end: close + 1,
        kind: MarkKind::TranslatorNote { note },
    })
}

/// Tags that mark a note as the translator's once punctuation and spaces are removed.
const TAGS: [&str; 8] = [
    "translatornote",
    "translatorsnote",
    "translatornotes",
    "transnote",
    "translnote",
    "trnote",
    "notebytranslator",
    "translator",
];

fn is_tag(s: &str) -> bool {
    let squashed: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    TAGS.contains(&squashed.as_str())
}

/// The note of a translator's note, in either form: "note - translator note" (also with
/// en/em dashes, "trans. note", "translator's note") or "Translator's note: note".
///
/// Only the first and last [`MAX_TAG`] bytes are searched for the tag, so that a long
/// bracket's text is not read again for every bracket nested in it.
fn translator_note(inner: &str) -> Option<String> {
    if let Some(colon) = head(inner, MAX_TAG + 1).find(':') {
        let (tag, note) = (&inner[..colon], &inner[colon + 1..]);
        if is_tag(tag) && !note.trim().is_empty() {
            return Some(note.trim().to_owned());
        }
    }
    let body = inner.trim_end_matches('.');
    for sep in [" - ", " – ", " — ", " -- ", " -", "; ", ", "] {
        let end = tail(body, MAX_TAG + sep.len());
        if let Some((before, tag)) = end.rsplit_once(sep) {
            let note = &body[..body.len() - end.len() + before.len()];
            if is_tag(tag) && !note.trim().is_empty() {
                return Some(note.trim().to_owned());
            }
        }
    }
    None
}

/// The longest a tag ("translator's note", "trans. note") is taken to be, in bytes.
const MAX_TAG: usize = 64;

/// The first `n` bytes of `s` at most, cut on a char boundary.
fn head(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last `n` bytes of `s` at most, cut on a char boundary.
fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, MarkKind)> {
        scan_marks(text)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.kind))
            .collect()
    }

    fn note(s: &str) -> MarkKind {
        MarkKind::TranslatorNote { note: s.to_owned() }
    }

    #[test]
    fn finds_editorial_marks_and_glosses() {
        let text = "[stamp] a [OZU = Section for Special Assignments] b [illegible]";
        let found = kinds(text);
        assert_eq!(
            found[0],
            (
                "[stamp]",
                MarkKind::Editorial {
                    label: "stamp".into()
                }
            )
        );
        assert_eq!(
            found[1].1,
            MarkKind::Gloss {
                term: "OZU".into(),
                expansion: "Section for Special Assignments".into()
            }
        );
        assert_eq!(found[2].0, "[illegible]");
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn finds_translator_notes_in_all_forms() {
        let t = "Gorkyi (today's Nizhnyi Novgorod - translator note), x";
        assert_eq!(
            kinds(t),
            vec![(
                "(today's Nizhnyi Novgorod - translator note)",
                note("today's Nizhnyi Novgorod")
            )]
        );
        assert_eq!(kinds("(a city — translator's note)")[0].1, note("a city"));
        assert_eq!(kinds("(a city - trans. note)")[0].1, note("a city"));
        assert_eq!(kinds("(Translator's note: a city)")[0].1, note("a city"));
        assert_eq!(kinds("[Translator's note: a city]")[0].1, note("a city"));
    }

    #[test]
    fn ignores_ordinary_parentheses_but_looks_inside_them() {
        assert!(kinds("(500 million USD in credit)").is_empty());
        assert_eq!(kinds("(see [illegible] here)")[0].0, "[illegible]");
        assert!(kinds("(nested (x) - no)").is_empty());
    }

    #[test]
    fn unbalanced_brackets_yield_no_mark() {
        assert!(kinds("[open only").is_empty());
        assert!(kinds("close only]").is_empty());
        assert!(kinds("(today - translator note").is_empty());
        assert!(kinds("[]").is_empty());
        assert_eq!(kinds("[a [b] c")[0].0, "[b]");
    }

    #[test]
    fn long_notes_and_deep_parentheses_are_found() {
        let long = "a note of many words ".repeat(20);
        let text = format!("x ({long}- translator note) y");
        assert_eq!(kinds(&text)[0].1, note(long.trim()));
        // Unclosed parentheses before a note, each once scanned to the end of the text.
        let deep = format!("{}(a city - translator note) y", "( ".repeat(50_000));
        assert_eq!(
            kinds(&deep),
            [("(a city - translator note)", note("a city"))]
        );
    }

    #[test]
    fn handles_non_latin_text() {
        let text = "Ким Ир Сен [неразборчиво] 김일성";
        let found = kinds(text);
        assert_eq!(found[0].0, "[неразборчиво]");
        assert!(text.is_char_boundary(scan_marks(text)[0].end));
    }
}
