//! Text analysis shared by the index builder, the query parser and the snippet maker: splitting
//! text into tokens with byte offsets, folding case and diacritics, joining digit groups, and
//! English stemming.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::fold_table::FOLD;

/// One token of a text: its folded form and where it stands in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The folded form (lowercase, no diacritics, digit groups joined).
    pub term: String,
    /// Byte offset of the token's first byte in the text.
    pub start: usize,
    /// Byte offset one past the token's last byte.
    pub end: usize,
}

/// Letters that fold to two letters, and ligatures (lowercase input).
fn fold_special(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' | 'ǣ' | 'ǽ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        _ => return None,
    })
}

/// Combining marks (as in text in decomposed form), which folding drops.
pub(crate) fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Appends the folded form of `c` to `out`: lowercase, then the letter without its
/// diacritics (a compact table, which also covers letters decomposition misses: `ı ł ø đ ħ`),
/// `ß æ œ þ` spelled out, combining marks dropped.
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        if is_combining(lower) {
            continue;
        }
        if let Some(s) = fold_special(lower) {
            out.push_str(s);
            continue;
        }
        let folded = u16::try_from(u32::from(lower))
            .ok()
            .and_then(|k| FOLD.binary_search_by_key(&k, |e| e.0).ok())
            .map_or(lower, |i| FOLD[i].1);
        out.push(folded);
    }
}

/// The folded form of a whole string (every character folded, nothing removed but combining
/// marks). `fold("Yılmaz") == "yilmaz"`, `fold("Nižnij") == "niznij"`, `fold("Straße") ==
/// "strasse"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits `text` into tokens: runs of letters and digits. An apostrophe between letters is
/// dropped (`People's` → `peoples`); digit groups of three after a comma or period are joined
/// (`200,000` → `200000`); everything else separates tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_with(text, |t| out.push(t));
    out
}

/// [`tokenize`] calling `f` for each token instead of collecting them.
pub fn tokenize_with(text: &str, mut f: impl FnMut(Token)) {
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut term = String::new();
        fold_char_into(c, &mut term);
        let mut end = start + c.len_utf8();
        let mut all_digits = c.is_ascii_digit();
        while let Some(&(i, d)) = chars.peek() {
            if is_word_char(d) {
                fold_char_into(d, &mut term);
                all_digits &= d.is_ascii_digit();
                end = i + d.len_utf8();
                chars.next();
                continue;
            }
            // Apostrophe inside a word: drop it when a letter follows.
            if is_apostrophe(d) && !all_digits {
                let next = text[i + d.len_utf8()..].chars().next();
                if next.is_some_and(char::is_alphabetic) {
                    chars.next();
                    continue;
                }
            }
            // Thousands separator: `,` or `.` followed by exactly three digits.
            if all_digits && (d == ',' || d == '.') {
                let g = i + 1;
                let three = bytes
                    .get(g..g + 3)
                    .is_some_and(|s| s.iter().all(u8::is_ascii_digit));
                let fourth = bytes.get(g + 3).copied();
                let ends = fourth.is_none_or(|b| !b.is_ascii_alphanumeric() && b < 0x80);
                if three && ends {
                    term.push_str(&text[g..g + 3]);
                    end = g + 3;
                    chars.next();
                    chars.next();
                    chars.next();
                    chars.next();
                    continue;
                }
            }
            break;
        }
        f(Token { term, start, end });
    }
}

/// Whether a term holds a digit (numbers are not stemmed and not matched with typos).
pub fn has_digit(term: &str) -> bool {
    term.bytes().any(|b| b.is_ascii_digit())
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The English (Snowball) stem of a folded term; numbers are their own stem.
pub fn stem(term: &str) -> String {
    if has_digit(term) || !term.is_ascii() {
        return term.to_string();
    }
    stemmer().stem(term).into_owned()
}

/// How much longer than its stem a word may be and still be found by [`stem_prefix`].
pub(crate) const MAX_STEM_SUFFIX: usize = 8;

/// What the words of a stem (almost always) begin with: the stem without a final `e` or `i`,
/// which the stemmer may have put for `e`, `y` or `ies` (`hope` ← `hoping`, `countri` ←
/// `country`).
pub(crate) fn stem_prefix(stem: &str) -> &str {
    stem.trim_end_matches(['e', 'i'])
}

/// Whether `term`, of stem `stem`, is found among the terms that begin with its
/// [`stem_prefix`] (of at least `min_prefix` bytes); the index lists the others apart.
pub(crate) fn found_by_stem_prefix(term: &str, stem: &str, min_prefix: usize) -> bool {
    let p = stem_prefix(stem);
    p.len() >= min_prefix && term.starts_with(p) && term.len() <= stem.len() + MAX_STEM_SUFFIX
}

/// Very common English words. They are indexed and searchable, but their positions are not
/// stored (about half of all tokens); a phrase is checked on its other words, at their exact
/// distances.
pub fn is_stopword(term: &str) -> bool {
    matches!(
        term,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "but"
            | "by"
            | "for"
            | "from"
            | "had"
            | "has"
            | "have"
            | "he"
            | "his"
            | "in"
            | "is"
            | "it"
            | "its"
            | "not"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "their"
            | "this"
            | "to"
            | "was"
            | "were"
            | "which"
            | "will"
            | "with"
            | "would"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn folds_letters_decomposition_misses() {
        for (a, b) in [
            ("Yılmaz", "yilmaz"),
            ("Nižnij", "niznij"),
            ("Łódź", "lodz"),
            ("Dvořák", "dvorak"),
            ("Müller", "muller"),
            ("Ørsted", "orsted"),
            ("Đorđe", "dorde"),
            ("Straße", "strasse"),
            ("Æsir", "aesir"),
            ("Œuvre", "oeuvre"),
            ("Þór", "thor"),
            ("İstanbul", "istanbul"),
            ("OZÚ", "ozu"),
        ] {
            assert_eq!(fold(a), b, "{a}");
        }
    }

    /// The compact table agrees with canonical decomposition (marks dropped) over the Latin,
    /// Greek and Cyrillic blocks, apart from the letters it folds on purpose.
    #[test]
    fn fold_table_matches_unicode_decomposition() {
        use unicode_normalization::char::{decompose_canonical, is_combining_mark};
        assert!(FOLD.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
        let on_purpose = "ıłøđðħŧŀŋĸƒɨʉƶȥɍɇɉƀǥ";
        for cp in (0xC0..=0x24F).chain(0x370..=0x4FF).chain(0x1E00..=0x1FFF) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if !c.is_alphabetic() || c.to_lowercase().next() != Some(c) {
                continue;
            }
            if fold_special(c).is_some() || on_purpose.contains(c) {
                continue;
            }
            let mut expected = String::new();
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    expected.push(d);
                }
            });
            let expected: String = expected
                .chars()
                .map(|d| {
                    if on_purpose.contains(d) {
                        fold(&d.to_string()).chars().next().unwrap()
                    } else {
                        d
                    }
                })
                .collect();
            assert_eq!(fold(&c.to_string()), expected, "U+{cp:04X} {c}");
        }
    }

    #[test]
    fn tokens_have_byte_offsets_and_join_numbers() {
        let text = "Nižnij got 200,000 tons in 1967, People's 2.5.1967 1,5";
        let toks = tokenize(text);
        let got: Vec<(&str, &str)> = toks
            .iter()
            .map(|t| (t.term.as_str(), &text[t.start..t.end]))
            .collect();
        assert_eq!(
            got,
            [
                ("niznij", "Nižnij"),
                ("got", "got"),
                ("200000", "200,000"),
                ("tons", "tons"),
                ("in", "in"),
                ("1967", "1967"),
                ("peoples", "People's"),
                ("2", "2"),
                ("5", "5"),
                ("1967", "1967"),
                ("1", "1"),
                ("5", "5"),
            ]
        );
        assert_eq!(terms("Soviet-Korean"), ["soviet", "korean"]);
        assert_eq!(terms("1,000,000."), ["1000000"]);
    }

    #[test]
    fn stems_english_only_words() {
        assert_eq!(stem("negotiations"), stem("negotiation"));
        assert_eq!(stem("deliveries"), stem("delivery"));
        assert_eq!(stem("1967"), "1967");
    }
}
