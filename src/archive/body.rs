//! The body: apparatus in front of the text (handwritten notes, stamps, classification and
//! reference lines), the document's own heading, paragraphs and lists, with paragraphs that
//! a page break split joined back together.

use super::marks::rich;
use super::model::{ApparatusKind, Block, ListItem, Mark, MarkKind, Rich};
use super::Line;

/// A paragraph shorter than this many words is not prose, so it is never joined over a
/// page break (signatures, addresses).
const MIN_PROSE_WORDS: usize = 8;
/// Lines longer than this (in chars) are prose, not a title or stamp line.
const MAX_SHORT_LINE: usize = 120;

/// A run of consecutive non-blank lines.
struct Group<'a> {
    lines: Vec<&'a Line<'a>>,
}

impl Group<'_> {
    fn first(&self) -> &str {
        self.lines[0].text
    }
    fn line(&self) -> u32 {
        self.lines[0].no
    }
    fn joined(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn groups<'a>(lines: &'a [Line<'a>]) -> Vec<Group<'a>> {
    let mut out: Vec<Group<'a>> = Vec::new();
    let mut current: Vec<&'a Line<'a>> = Vec::new();
    for line in lines {
        if line.text.is_empty() {
            if !current.is_empty() {
                out.push(Group {
                    lines: std::mem::take(&mut current),
                });
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(Group { lines: current });
    }
    out
}

/// Parses the body `lines` into blocks; `title` is the header's title (to spot the heading).
pub(crate) fn parse_body(lines: &[Line<'_>], title: &str) -> Vec<Block> {
    let groups = groups(lines);
    let mut blocks = Vec::new();
    let mut front = true;
    let mut i = 0;
    while i < groups.len() {
        let g = &groups[i];
        i += 1;
        if starts_with_mark(g.first(), "handwritten") {
            blocks.push(apparatus(
                g.line(),
                ApparatusKind::Handwritten,
                g.lines.iter().map(|l| l.text),
            ));
            continue;
        }
        if starts_with_mark(g.first(), "stamp") {
            let mut texts: Vec<&str> = g.lines.iter().map(|l| l.text).collect();
            while let Some(next) = groups.get(i) {
                if !next.lines.iter().all(|l| is_stamp_line(l.text, title)) {
                    break;
                }
                texts.extend(next.lines.iter().map(|l| l.text));
                i += 1;
            }
            blocks.push(apparatus(g.line(), ApparatusKind::Stamp, texts.into_iter()));
            continue;
        }
        if front && g.lines.len() == 1 {
            let text = g.first();
            if is_classification(text) {
                blocks.push(apparatus(
                    g.line(),
                    ApparatusKind::Classification,
                    [text].into_iter(),
                ));
                continue;
            }
            if is_reference(text) {
                blocks.push(apparatus(
                    g.line(),
                    ApparatusKind::Reference,
                    [text].into_iter(),
                ));
                continue;
            }
            // A heading is never continued by a lowercase paragraph (that is a page break).
            let continued = groups
                .get(i)
                .is_some_and(|n| n.first().starts_with(char::is_lowercase));
            if is_title_like(text) && !continued && list_label(text).is_none() {
                blocks.push(Block::Heading {
                    line: g.line(),
                    text: rich(text),
                });
                front = false;
                continue;
            }
        }
        front = false;
        if list_label(g.first()).is_some() {
            // Consecutive list groups form one list.
            let mut items = list_items(g);
            while let Some(next) = groups.get(i).filter(|n| list_label(n.first()).is_some()) {
                items.extend(list_items(next));
                i += 1;
            }
            if items.len() >= 2 {
                blocks.push(Block::List {
                    line: g.line(),
                    items,
                });
                continue;
            }
            // A single labelled line is a numbered paragraph; nothing was merged.
        }
        blocks.push(Block::Paragraph {
            line: g.line(),
            text: rich(&g.joined()),
        });
    }
    join_page_breaks(blocks)
}

fn apparatus<'a>(line: u32, kind: ApparatusKind, texts: impl Iterator<Item = &'a str>) -> Block {
    Block::Apparatus {
        line,
        kind,
        lines: texts.map(rich).collect(),
    }
}

/// Whether `text` starts with `[word...]`, e.g. `[handwritten]` or `[stamp: ...]`.
fn starts_with_mark(text: &str, word: &str) -> bool {
    let Some(inner) = text.strip_prefix('[') else {
        return false;
    };
    inner.len() >= word.len()
        && inner.as_bytes()[..word.len()].eq_ignore_ascii_case(word.as_bytes())
        && inner.contains(']')
}

fn upper_ratio(text: &str) -> f32 {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (upper, all) = letters.fold((0, 0), |(u, a), c| {
        (u + usize::from(c.is_uppercase()), a + 1)
    });
    if all == 0 {
        0.0
    } else {
        upper as f32 / all as f32
    }
}

/// A line of a stamp: short and not prose-like (mostly capitals, `Label: value`, a bracketed
/// note or a number), and neither a classification, a reference nor the title.
fn is_stamp_line(text: &str, title: &str) -> bool {
    text.chars().count() <= MAX_SHORT_LINE
        && !is_classification(text)
        && !is_reference(text)
        && !text.eq_ignore_ascii_case(title)
        && (upper_ratio(text) >= 0.6
            || text.contains(':')
            || text.starts_with('[')
            || text.chars().any(|c| c.is_ascii_digit()))
}

const CLASSIFICATION_CORE: [&str; 6] = [
    "SECRET",
    "CONFIDENTIAL",
    "RESTRICTED",
    "CLASSIFIED",
    "NOFORN",
    "UNCLASSIFIED",
];
const CLASSIFICATION_WORDS: [&str; 11] = [
    "TOP", "STRICTLY", "HIGHLY", "VERY", "PERSONAL", "EYES", "ONLY", "FOR", "OFFICIAL", "USE",
    "URGENT",
];

/// "CLASSIFIED !", "TOP SECRET", "Strictly confidential", ...
pub(crate) fn is_classification(text: &str) -> bool {
    let upper = text.to_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().any(|w| CLASSIFICATION_CORE.contains(w))
        && words
            .iter()
            .all(|w| CLASSIFICATION_CORE.contains(w) || CLASSIFICATION_WORDS.contains(w))
}

/// A file or reference number: "1981/9", "No. 123", "Nr. 0045/67".
pub(crate) fn is_reference(text: &str) -> bool {
    if text.chars().count() > 30 {
        return false;
    }
    let rest = ["No.", "No ", "Nr.", "Ref.", "№", "Copy No."]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text)
        .trim();
    rest.chars().any(|c| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || "/.-, ".contains(c) || c.is_ascii_uppercase())
        && rest.chars().filter(char::is_ascii_uppercase).count() <= 3
}

/// A short line that is not a sentence: a candidate for the document's own title.
fn is_title_like(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '\'', '”', '’', ')']);
    !text.starts_with(char::is_lowercase)
        && text.chars().count() <= MAX_SHORT_LINE
        && text.split_whitespace().count() <= 20
        && !trimmed.ends_with(['.', ':', ';', ','])
}

/// The list label at the start of `line` and the text after it: "1.", "1)", "(1)", "a)",
/// "-", "•".
pub(crate) fn list_label(line: &str) -> Option<(&str, &str)> {
    let label_end = if let Some(rest) = line.strip_prefix('(') {
        let close = rest.find(')')?;
        let inner = &rest[..close];
        (!inner.is_empty() && inner.len() <= 3 && inner.chars().all(|c| c.is_ascii_alphanumeric()))
            .then_some(close + 2)?
    } else if line.starts_with(['-', '•', '*', '–', '—', '·']) {
        line.chars().next()?.len_utf8()
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let letter = usize::from(digits == 0 && line.bytes().next()?.is_ascii_lowercase());
        let n = digits + letter;
        let punct = *line.as_bytes().get(n)?;
        let ok = (1..=3).contains(&digits) && (punct == b'.' || punct == b')')
            || letter == 1 && punct == b')';
        ok.then_some(n + 1)?
    };
    let rest = line.get(label_end..)?;
    let text = rest.strip_prefix(' ')?.trim_start();
    (!text.is_empty()).then(|| (&line[..label_end], text))
}

fn list_items(g: &Group<'_>) -> Vec<ListItem> {
    let mut items: Vec<(String, String)> = Vec::new();
    for line in &g.lines {
        match (list_label(line.text), items.last_mut()) {
            (Some((label, text)), _) => items.push((label.to_owned(), text.to_owned())),
            (None, Some(last)) => {
                last.1.push('\n');
                last.1.push_str(line.text);
            }
            (None, None) => items.push((String::new(), line.text.to_owned())),
        }
    }
    items
        .into_iter()
        .map(|(label, text)| ListItem {
            label,
            text: rich(&text),
        })
        .collect()
}

/// Whether prose ends a sentence: `. ! ? : ;` or an ellipsis, possibly followed by closing
/// quotes or brackets.
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
        .ends_with(['.', '!', '?', ':', ';', '…'])
}

/// Joins a prose paragraph that ends mid-sentence with the paragraph after it, recording a
/// zero-width [`MarkKind::PageBreak`] at the inserted space.
pub(crate) fn join_page_breaks(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let (Some(Block::Paragraph { text: prev, .. }), Block::Paragraph { text: next, .. }) =
            (out.last_mut(), &block)
        {
            // `nth`, not `count`: a paragraph joined over thousands of breaks is not recounted.
            let prose = prev
                .text
                .split_whitespace()
                .nth(MIN_PROSE_WORDS - 1)
                .is_some();
            if prose && !ends_sentence(&prev.text) {
                append_over_break(prev, next);
                continue;
            }
        }
        out.push(block);
    }
    out
}

fn append_over_break(prev: &mut Rich, next: &Rich) {
    let at = prev.text.len();
    prev.marks.push(Mark {
        start: at,
        end: at,
        kind: MarkKind::PageBreak,
    });
    prev.text.push(' ');
    let shift = at + 1;
    prev.marks.extend(next.marks.iter().map(|m| Mark {
        start: m.start + shift,
        end: m.end + shift,
        kind: m.kind.clone(),
    }));
    prev.text.push_str(&next.text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::Paragraph {
            line: 1,
            text: rich(text),
        }
    }

    #[test]
    fn joins_a_paragraph_split_by_a_page_break() {
        let first = "Members of the delegation mentioned that the developments are also";
        let blocks = join_page_breaks(vec![
            para(first),
            para("energizing [x] actions."),
            para("Next one."),
        ]);
        assert_eq!(blocks.len(), 2);
        let Block::Paragraph { text, .. } = &blocks[0] else {
            panic!("not a paragraph")
        };
        assert!(text.text.contains("are also energizing"));
        assert_eq!(
            text.marks[0],
            Mark {
                start: first.len(),
                end: first.len(),
                kind: MarkKind::PageBreak
            }
        );
        assert_eq!(&text.text[text.marks[1].start..text.marks[1].end], "[x]");
    }

    #[test]
    fn keeps_finished_and_short_paragraphs_apart() {
        let colon = "Proposals of the Korean delegation can be summarized in 4 points:";
        assert_eq!(join_page_breaks(vec![para(colon), para("more")]).len(), 2);
        assert_eq!(
            join_page_breaks(vec![para("Ambassador"), para("J. Novak")]).len(),
            2
        );
        let quoted = "He said that this is what they want and what they \"need.\"";
        assert_eq!(join_page_breaks(vec![para(quoted), para("more")]).len(), 2);
    }

    #[test]
    fn reads_list_labels() {
        assert_eq!(
            list_label("1. Aid of the USSR"),
            Some(("1.", "Aid of the USSR"))
        );
        assert_eq!(list_label("12) x"), Some(("12)", "x")));
        assert_eq!(list_label("a) x"), Some(("a)", "x")));
        assert_eq!(list_label("(b) x"), Some(("(b)", "x")));
        assert_eq!(list_label("- x"), Some(("-", "x")));
        assert_eq!(list_label("• x"), Some(("•", "x")));
        assert_eq!(list_label("1981/9"), None);
        assert_eq!(list_label("2.5.1967"), None);
        assert_eq!(list_label("c. Kim Il Sung"), None);
        assert_eq!(list_label("1."), None);
    }

    #[test]
    fn recognizes_apparatus_lines() {
        assert!(is_classification("CLASSIFIED !"));
        assert!(is_classification("TOP SECRET"));
        assert!(is_classification("Strictly confidential!"));
        assert!(!is_classification("DEGREE OF SECRECY CANCELED"));
        assert!(is_reference("1981/9"));
        assert!(is_reference("No. 123"));
        assert!(!is_reference("On some issues"));
        assert!(is_stamp_line("STATE CENTRAL ARCHIVE in Prague", "x"));
        assert!(!is_stamp_line(
            "On some issues of Soviet-Korean relations",
            "x"
        ));
    }
}
