//! Splitting a citation into its parts.
//!
//! Digital-archive citations follow one template:
//! `"Title", Date, Collection, Archive, reference parts..., pp. N. Translated for P by X.`
//! Every part is optional; what cannot be recognized stays in [`Citation::text`] only.

use super::date::parse_date;
use super::model::Citation;

/// Words that open the credit sentence(s) after the archival reference.
const CREDIT_WORDS: [&str; 7] = [
    "Translated",
    "Obtained",
    "Contributed",
    "Donated",
    "Transcribed",
    "Edited",
    "Provided",
];

/// Parses a citation. `text` is kept verbatim in [`Citation::text`].
///
/// ```
/// let c = dossier::archive::parse_citation(
///     "\"T\", June 2, 1967, Wilson Center Digital Archive, State Archive, File A, pp. 6. \
///      Translated for NKIDP by Adolf Kotlik.",
/// );
/// assert_eq!(c.archive.as_deref(), Some("State Archive"));
/// assert_eq!(c.translator.as_deref(), Some("Adolf Kotlik"));
/// ```
pub fn parse_citation(text: &str) -> Citation {
    let mut citation = Citation {
        text: text.to_owned(),
        ..Citation::default()
    };
    let rest = skip_title(text.trim());
    let (main, credits) = split_credits(rest);
    read_main(main, &mut citation);
    read_credits(credits, &mut citation);
    citation
}

/// Skips a leading quoted title and the comma after it.
fn skip_title(text: &str) -> &str {
    let Some(first) = text.chars().next() else {
        return text;
    };
    if !matches!(first, '"' | '“' | '„') {
        return text;
    }
    for close in ["\",", "”,", "“,"] {
        if let Some(pos) = text[first.len_utf8()..].find(close) {
            return &text[first.len_utf8() + pos + close.len()..];
        }
    }
    text
}

/// Splits off the credit sentences ("Translated for ... by ...").
fn split_credits(text: &str) -> (&str, &str) {
    let mut best: Option<usize> = None;
    for word in CREDIT_WORDS {
        let mut from = 0;
        while let Some(pos) = text[from..].find(word) {
            let at = from + pos;
            let before = text[..at].trim_end();
            if before.is_empty() || before.ends_with('.') || before.ends_with(',') {
                best = Some(best.map_or(at, |b| b.min(at)));
                break;
            }
            from = at + word.len();
        }
    }
    match best {
        Some(at) => (&text[..at], &text[at..]),
        None => (text, ""),
    }
}

/// Splits on ", " outside parentheses.
fn split_parts(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth <= 0 => {
                parts.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

fn is_collection(part: &str) -> bool {
    [
        "Digital Archive",
        "Digital Library",
        "Wilson Center",
        "Policy Program",
    ]
    .iter()
    .any(|k| part.contains(k))
}

fn is_pages(part: &str) -> bool {
    let p = part.trim_end_matches('.');
    let rest = p
        .strip_prefix("pp.")
        .or_else(|| p.strip_prefix("p."))
        .map(str::trim_start);
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

fn read_main(main: &str, citation: &mut Citation) {
    let main = main.trim().trim_end_matches('.').trim();
    let mut parts = split_parts(main);
    // The date: the longest run of leading parts (up to three) that reads as a date.
    if let Some(k) = (1..=parts.len().min(3))
        .rev()
        .find(|&k| parse_date(&parts[..k].join(", ")).is_some())
    {
        parts.drain(..k);
    }
    if let Some(last) = parts.last() {
        if is_pages(last) {
            citation.pages = Some(last.trim_end_matches('.').to_owned());
            parts.pop();
        }
    }
    let mut parts = parts.into_iter();
    let mut next = parts.next();
    if let Some(part) = next.filter(|p| is_collection(p)) {
        citation.collection = Some(part.to_owned());
        next = parts.next();
    }
    citation.archive = next.map(str::to_owned);
    let reference: Vec<&str> = parts.collect();
    if !reference.is_empty() {
        citation.reference = Some(reference.join(", "));
    }
}

fn read_credits(credits: &str, citation: &mut Citation) {
    for sentence in sentences(credits) {
        let lower = sentence.to_ascii_lowercase();
        let (Some(by), for_at) = (find_word(&lower, "by"), find_word(&lower, "for")) else {
            continue;
        };
        let translated = lower.contains("translated");
        match for_at {
            // "... for P by X"
            Some(f) if f < by => {
                citation
                    .project
                    .get_or_insert_with(|| sentence[f + 4..by].trim().to_owned());
                if translated {
                    citation
                        .translator
                        .get_or_insert_with(|| sentence[by + 3..].trim().to_owned());
                }
            }
            // "... by X for P"
            Some(f) => {
                citation
                    .project
                    .get_or_insert_with(|| sentence[f + 4..].trim().to_owned());
                if translated {
                    citation
                        .translator
                        .get_or_insert_with(|| sentence[by + 3..f].trim().to_owned());
                }
            }
            None if translated => {
                citation
                    .translator
                    .get_or_insert_with(|| sentence[by + 3..].trim().to_owned());
            }
            None => {}
        }
    }
}

/// Byte offset of ` word ` in `lower` (an ASCII-lowercased sentence, so offsets match).
fn find_word(lower: &str, word: &str) -> Option<usize> {
    let needle = format!(" {word} ");
    lower.find(&needle).map(|i| i + 1)
}

/// Splits credit text into sentences without their final period. A period ends a sentence
/// unless it follows a single-letter initial ("S. Radchenko").
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('.') {
        let at_end = i + 1 == text.len() || bytes[i + 1] == b' ';
        let word_before = text[start..i].rsplit(' ').next().unwrap_or("");
        if at_end && word_before.chars().count() > 1 {
            out.push(text[start..i].trim());
            start = i + 1;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str =
        "\"On Some Issues of Soviet-Korean Relations\", June 2, 1967, Wilson Center \
        Digital Archive, State Central Archive (Prague), File A, Novotny, foreign affairs, KPDR. \
        Sign., 82 b. 8, pp. 6. Translated for NKIDP by Adolf Kotlik.";

    #[test]
    fn splits_the_seed_citation_into_parts() {
        let c = parse_citation(SEED);
        assert_eq!(c.text, SEED);
        assert_eq!(
            c.collection.as_deref(),
            Some("Wilson Center Digital Archive")
        );
        assert_eq!(c.archive.as_deref(), Some("State Central Archive (Prague)"));
        assert_eq!(
            c.reference.as_deref(),
            Some("File A, Novotny, foreign affairs, KPDR. Sign., 82 b. 8")
        );
        assert_eq!(c.pages.as_deref(), Some("pp. 6"));
        assert_eq!(c.translator.as_deref(), Some("Adolf Kotlik"));
        assert_eq!(c.project.as_deref(), Some("NKIDP"));
    }

    #[test]
    fn reads_other_credit_forms() {
        let c = parse_citation("\"T\", 1967, Archive X, f. 1. Translated by S. Radchenko.");
        assert_eq!(c.translator.as_deref(), Some("S. Radchenko"));
        assert_eq!(c.project, None);
        assert_eq!(c.collection, None);
        assert_eq!(c.archive.as_deref(), Some("Archive X"));
        assert_eq!(c.reference.as_deref(), Some("f. 1"));

        let c = parse_citation(
            "\"T\", 1967, History and Public Policy Program Digital Archive, AVPRF. Obtained and \
             translated for CWIHP by Gary Goldberg.",
        );
        assert_eq!(
            c.collection.as_deref(),
            Some("History and Public Policy Program Digital Archive")
        );
        assert_eq!(c.archive.as_deref(), Some("AVPRF"));
        assert_eq!(c.project.as_deref(), Some("CWIHP"));
        assert_eq!(c.translator.as_deref(), Some("Gary Goldberg"));

        let c = parse_citation("\"T\", 1967, A. Contributed by James Person for NKIDP.");
        assert_eq!(c.project.as_deref(), Some("NKIDP"));
        assert_eq!(c.translator, None);
    }

    #[test]
    fn tolerates_citations_without_structure() {
        let c = parse_citation("just some words");
        assert_eq!(c.archive.as_deref(), Some("just some words"));
        assert_eq!(parse_citation("").archive, None);
        assert_eq!(parse_citation("\"unclosed title").text, "\"unclosed title");
    }
}
