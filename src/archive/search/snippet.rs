//! Snippets and highlights: byte spans of matched words in a text, never HTML.

use std::ops::Range;

use super::analyze::{tokenize, Token};
use super::codec::sort_all;

/// Words in a snippet.
pub const SNIPPET_WORDS: usize = 30;

/// A passage of a text with its matched words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, verbatim from the text (whitespace runs collapsed to one space).
    pub text: String,
    /// Byte ranges of the matched words in `text`, ascending, on `char` boundaries.
    pub spans: Vec<Range<usize>>,
    /// Whether the passage starts after the text's start.
    pub cut_start: bool,
    /// Whether the passage ends before the text's end.
    pub cut_end: bool,
}

/// Knows every dictionary form a search matched (exact, stem, prefix, typo) and marks them in
/// any text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Highlighter {
    terms: Vec<String>,
}

impl Highlighter {
    /// A highlighter for these folded terms.
    pub fn new(terms: impl IntoIterator<Item = String>) -> Self {
        let mut terms: Vec<String> = terms.into_iter().collect();
        sort_all(&mut terms, &|a, b| a.cmp(b));
        terms.dedup();
        Highlighter { terms }
    }

    fn marks(&self, term: &str) -> bool {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(term))
            .is_ok()
    }

    /// The folded terms it marks, sorted.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Byte ranges of every matched word in `text`.
    pub fn highlight(&self, text: &str) -> Vec<Range<usize>> {
        tokenize(text)
            .into_iter()
            .filter(|t| self.marks(&t.term))
            .map(|t| t.start..t.end)
            .collect()
    }

    /// The best passage of `text`: the window of [`SNIPPET_WORDS`] words with the most
    /// distinct matched words, then the most matches, then the tightest, then the earliest.
    /// Without matches, the text's start.
    pub fn snippet(&self, text: &str) -> Snippet {
        self.snippet_words(text, SNIPPET_WORDS)
    }

    /// The passage of a hit to show: from the body, else the summary, else the title,
    /// whichever has a matched word first; the body's start when none has.
    pub fn best(&self, doc: &super::SearchDoc) -> Snippet {
        let body = self.snippet(&doc.body);
        if !body.spans.is_empty() {
            return body;
        }
        for text in [&doc.summary, &doc.title] {
            let s = self.snippet(text);
            if !s.spans.is_empty() {
                return s;
            }
        }
        body
    }

    /// [`Highlighter::snippet`] with a window of `words` words.
    pub fn snippet_words(&self, text: &str, words: usize) -> Snippet {
        let toks = tokenize(text);
        if toks.is_empty() {
            return Snippet::default();
        }
        let words = words.max(1).min(toks.len());
        let hit: Vec<bool> = toks.iter().map(|t| self.marks(&t.term)).collect();
        let mut best = (0usize, 0usize, usize::MAX, 0usize); // (distinct, count, spread, start)
        for start in 0..=toks.len() - words {
            let w = &toks[start..start + words];
            let idx: Vec<usize> = (0..words).filter(|&i| hit[start + i]).collect();
            if idx.is_empty() {
                continue;
            }
            let mut distinct: Vec<&str> = idx.iter().map(|&i| w[i].term.as_str()).collect();
            sort_all(&mut distinct, &|a, b| a.cmp(b));
            distinct.dedup();
            let spread = idx[idx.len() - 1] - idx[0];
            let key = (distinct.len(), idx.len(), spread);
            if (key.0, key.1) > (best.0, best.1)
                || ((key.0, key.1) == (best.0, best.1) && key.2 < best.2)
            {
                best = (key.0, key.1, key.2, start);
            }
        }
        let mut start = best.3;
        if best.0 > 0 {
            // Centre the matches in the window.
            let first = (start..start + words).find(|&i| hit[i]).unwrap_or(start);
            let last = first + best.2;
            let lead = (words - (last - first + 1).min(words)) / 2;
            start = first.saturating_sub(lead).min(toks.len() - words);
        }
        let end = (start + words).min(toks.len());
        make(
            text,
            &toks[start..end],
            &hit[start..end],
            start > 0,
            end < toks.len(),
        )
    }
}

fn make(text: &str, toks: &[Token], hit: &[bool], cut_start: bool, cut_end: bool) -> Snippet {
    let from = toks[0].start;
    let mut to = toks[toks.len() - 1].end;
    // Keep closing punctuation right after the last word.
    for c in text[to..].chars() {
        if matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\u{201d}'
        ) {
            to += c.len_utf8();
        } else {
            break;
        }
    }
    let mut out = String::with_capacity(to - from);
    let mut spans = Vec::new();
    let mut ti = 0;
    let mut last_ws = false;
    let mut span_start = None;
    for (i, c) in text[from..to].char_indices() {
        let abs = from + i;
        if ti < toks.len() && abs == toks[ti].start && hit[ti] {
            span_start = Some(out.len());
        }
        if c.is_whitespace() {
            if !last_ws {
                out.push(' ');
            }
            last_ws = true;
        } else {
            out.push(c);
            last_ws = false;
        }
        if ti < toks.len() && abs + c.len_utf8() == toks[ti].end {
            if let Some(s) = span_start.take() {
                spans.push(s..out.len());
            }
            ti += 1;
        }
    }
    Snippet {
        text: out,
        spans,
        cut_start,
        cut_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_on_char_boundaries() {
        let h = Highlighter::new(["niznij".to_string(), "yilmaz".to_string()]);
        let s = h.snippet("Über   Nižnij and\nYılmaz.");
        assert_eq!(s.text, "Über Nižnij and Yılmaz.");
        let marked: Vec<&str> = s.spans.iter().map(|r| &s.text[r.clone()]).collect();
        assert_eq!(marked, ["Nižnij", "Yılmaz"]);
    }
}
