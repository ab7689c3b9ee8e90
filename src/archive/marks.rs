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
    let mut marks = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let found = match bytes[i] {
            b'[' => square(text, i),
            b'(' => round(text, i),
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

/// `(...)` starting at `open`, balanced; only translator notes become marks.
fn round(text: &str, open: usize) -> Option<Mark> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    let note = translator_note(text[open + 1..i].trim())?;
                    return Some(Mark {
                        start: open,
                        end: i + 1,
                        kind: MarkKind::TranslatorNote { note },
                    });
                }
            }
            _ => {}
        }
    }
    None
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
fn translator_note(inner: &str) -> Option<String> {
    if let Some((head, note)) = inner.split_once(':') {
        if is_tag(head) && !note.trim().is_empty() {
            return Some(note.trim().to_owned());
        }
    }
    let body = inner.trim_end_matches('.');
    for sep in [" - ", " – ", " — ", " -- ", " -", "; ", ", "] {
        if let Some((note, tag)) = body.rsplit_once(sep) {
            if is_tag(tag) && !note.trim().is_empty() {
                return Some(note.trim().to_owned());
            }
        }
    }
    None
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
    fn handles_non_latin_text() {
        let text = "Ким Ир Сен [неразборчиво] 김일성";
        let found = kinds(text);
        assert_eq!(found[0].0, "[неразборчиво]");
        assert!(text.is_char_boundary(scan_marks(text)[0].end));
    }
}
