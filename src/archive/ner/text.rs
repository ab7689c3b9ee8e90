//! Words, their shapes and the small lexicons the rules share.

use crate::archive::parse::{cap_slug, fnv};

/// A word of a text: a run of letters and digits, with `'`, `’`, `-` or `.` kept inside it
/// when a letter or digit follows ("Il-sung", "People's", "2.5.1967", "200,000" is split at
/// the comma but see [`number_at`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
}

/// The words of `text`.
pub(crate) fn words(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        // A dotted acronym is one word, its last dot included: "U.S.S.R.", "D.P.R.K.", "U.S.".
        if let Some(len) = dotted_acronym(&text[i..]) {
            end = i + len;
            while iter.peek().is_some_and(|&(j, _)| j < end) {
                iter.next();
            }
            out.push(Tok { start, end });
            continue;
        }
        while let Some(&(j, d)) = iter.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                iter.next();
            } else if matches!(d, '\'' | '’' | '-' | '‐') {
                let next = text[j + d.len_utf8()..].chars().next();
                if next.is_some_and(char::is_alphanumeric) {
                    iter.next();
                    end = j + d.len_utf8();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        out.push(Tok { start, end });
    }
    out
}

/// The byte length of a dotted acronym at the start of `s`: two or more single capital letters
/// each followed by a dot ("U.S.", "U.S.S.R."), not followed by a letter or digit.
fn dotted_acronym(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut letters = 0;
    while i + 1 < b.len() && b[i].is_ascii_uppercase() && b[i + 1] == b'.' {
        letters += 1;
        i += 2;
    }
    let next_alnum = s[i..].chars().next().is_some_and(char::is_alphanumeric);
    (letters >= 2 && !next_alnum).then_some(i)
}

/// Whether the char before `at` and the char at `at` are both letters or digits, i.e. a
/// boundary at `at` would split a word.
pub(crate) fn splits_word(text: &str, at: usize) -> bool {
    if at == 0 || at >= text.len() || !text.is_char_boundary(at) {
        return false;
    }
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    matches!((before, after), (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric())
}

/// Whether `start..end` is a whole-word span of `text`: on char boundaries, not splitting a
/// word at either end.
pub(crate) fn whole_words(text: &str, start: usize, end: usize) -> bool {
    start < end
        && end <= text.len()
        && text.is_char_boundary(start)
        && text.is_char_boundary(end)
        && !splits_word(text, start)
        && !splits_word(text, end)
}

/// Starts with an uppercase letter.
pub(crate) fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Has letters, and all of them are uppercase.
pub(crate) fn is_upper(w: &str) -> bool {
    let mut letters = w.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// All ASCII digits.
pub(crate) fn is_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a text is written in capitals (a cable): at most one lowercase letter in twenty.
pub(crate) fn is_caps_text(text: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    upper >= 8 && lower * 20 <= upper
}

/// Whether the word at `tok` starts a sentence (or the text, or a clause after a colon).
pub(crate) fn starts_sentence(text: &str, toks: &[Tok], i: usize) -> bool {
    let before = text[..toks[i].start].trim_end();
    let Some(c) = before.chars().next_back() else {
        return true;
    };
    match c {
        '.' => {
            // An abbreviation or an initial does not end a sentence.
            if i == 0 {
                return true;
            }
            let prev = &text[toks[i - 1].start..toks[i - 1].end];
            let is_abbrev = prev.chars().count() == 1
                || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(prev));
            !is_abbrev
        }
        '!' | '?' | ':' | ';' | '"' | '“' | '(' | '[' | '•' | '—' | '\'' | '‘' => true,
        _ => false,
    }
}

/// Abbreviations ending in a dot that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "c", "mr", "mrs", "ms", "dr", "st", "no", "nos", "gen", "col", "capt", "adm", "lt", "sen",
    "gov", "prof", "tov", "amb", "vs", "cf", "ca", "pp", "p", "vol", "sgd", "jr", "sr", "mme",
    "messrs", "rep", "dept", "approx", "etc", "e.g", "i.e", "ph.d",
];

/// `w` in ASCII lowercase, in `buf`; empty when `w` is not ASCII or longer than `buf` (the
/// lexicons hold only short ASCII words, so nothing is missed and nothing is allocated).
pub(crate) fn lower<'b>(w: &str, buf: &'b mut [u8; 32]) -> &'b str {
    if w.len() > buf.len() || !w.is_ascii() {
        return "";
    }
    let out = &mut buf[..w.len()];
    out.copy_from_slice(w.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).unwrap_or("")
}

/// Whether `w` is one of `list` (lowercase), ignoring ASCII case.
pub(crate) fn one_of(w: &str, list: &[&str]) -> bool {
    list.iter()
        .any(|x| x.len() == w.len() && x.eq_ignore_ascii_case(w))
}

/// Lowercase words that are never part of a name, even when capitalized (sentence starts,
/// headings, cables in capitals).
pub(crate) fn is_stopword(w: &str) -> bool {
    let mut buf = [0u8; 32];
    let l = lower(w, &mut buf);
    !l.is_empty() && STOPWORDS.binary_search(&l).is_ok()
}

// Sorted (checked by a test).
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "according",
    "action",
    "after",
    "afterward",
    "afterwards",
    "again",
    "against",
    "all",
    "already",
    "also",
    "although",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "as",
    "asked",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "besides",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "cc",
    "citation",
    "classified",
    "comrades",
    "concerning",
    "confidential",
    "contents",
    "control",
    "copy",
    "could",
    "credits",
    "date",
    "dear",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "earlier",
    "either",
    "especially",
    "even",
    "every",
    "eyes",
    "file",
    "finally",
    "following",
    "for",
    "from",
    "further",
    "furthermore",
    "gave",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "immediate",
    "in",
    "info",
    "initially",
    "instead",
    "into",
    "is",
    "it",
    "its",
    "last",
    "lately",
    "later",
    "limdis",
    "many",
    "may",
    "me",
    "meanwhile",
    "members",
    "memorandum",
    "might",
    "more",
    "moreover",
    "most",
    "much",
    "must",
    "my",
    "neither",
    "nevertheless",
    "next",
    "niact",
    "no",
    "nodis",
    "nor",
    "not",
    "note",
    "now",
    "of",
    "on",
    "only",
    "or",
    "other",
    "our",
    "page",
    "para",
    "participants",
    "place",
    "please",
    "priority",
    "re",
    "reason",
    "received",
    "recently",
    "ref",
    "reftel",
    "regarding",
    "repeated",
    "rptd",
    "said",
    "secret",
    "sent",
    "shall",
    "she",
    "should",
    "signature",
    "signed",
    "since",
    "so",
    "some",
    "soon",
    "still",
    "stop",
    "subj",
    "subject",
    "subsequently",
    "such",
    "summary",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "though",
    "thus",
    "time",
    "to",
    "today",
    "told",
    "tomorrow",
    "tonight",
    "top",
    "translation",
    "unclassified",
    "under",
    "until",
    "upon",
    "urgent",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "yes",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Nationality and language adjectives and demonyms: "Soviet comrades", "Koreans".
pub(crate) fn is_demonym(w: &str) -> bool {
    if !w.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    let mut buf = [0u8; 32];
    let lower = lower(w, &mut buf);
    let base = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(lower);
    let base = base.strip_suffix('s').unwrap_or(base);
    if DEMONYMS.binary_search(&base).is_ok() {
        return true;
    }
    base.len() > 4 && (base.ends_with("ese") || base.ends_with("ian") || base.ends_with("ean"))
}

// Sorted (checked by a test); singular forms.
const DEMONYMS: &[&str] = &[
    "afghan",
    "african",
    "albanian",
    "american",
    "anglo",
    "arab",
    "arabic",
    "asian",
    "british",
    "bulgarian",
    "chinese",
    "cuban",
    "czech",
    "czechoslovak",
    "danish",
    "dutch",
    "east",
    "english",
    "european",
    "finnish",
    "french",
    "german",
    "greek",
    "hungarian",
    "indian",
    "iranian",
    "iraqi",
    "israeli",
    "italian",
    "japanese",
    "korean",
    "latin",
    "mongolian",
    "north",
    "northern",
    "pakistani",
    "polish",
    "romanian",
    "russian",
    "slovak",
    "south",
    "southern",
    "soviet",
    "spanish",
    "swedish",
    "swiss",
    "thai",
    "turkish",
    "ukrainian",
    "vietnamese",
    "west",
    "western",
    "yugoslav",
];

/// Month number of a month name or abbreviation ("June", "JUNE", "Sept.", "Jan").
pub(crate) fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    if !(3..=9).contains(&w.len()) || !w.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let mut buf = [0u8; 32];
    let lower = lower(w, &mut buf);
    if let Some(i) = crate::archive::date::MONTHS
        .iter()
        .position(|n| *n == lower)
    {
        return Some(i as u32 + 1);
    }
    const ABBR: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if lower == "sept" {
        return Some(9);
    }
    ABBR.iter().position(|n| *n == lower).map(|i| i as u32 + 1)
}

/// Weekday names are not names of places or people.
pub(crate) fn is_weekday(w: &str) -> bool {
    let mut buf = [0u8; 32];
    matches!(
        lower(w, &mut buf),
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// A URL- and file-safe slug: lowercase ASCII letters and digits joined by `-`, with common
/// accented letters folded ("OZÚ" → "ozu"); a long one is cut and ends with a hash (see
/// [`cap_slug`]).
pub(crate) fn slug(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        let c = fold(c);
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') && !matches!(c, '\'' | '’' | '.') {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        s = format!("x{:08x}", fnv(text.as_bytes()) as u32);
    }
    // Room for "auto-organization-" in an automatic entity's id.
    cap_slug(&s, 20)
}

/// `text` with the common accented Latin letters folded to ASCII, case kept ("Ceaușescu" →
/// "Ceausescu", "Łódź" → "Lodz").
pub(crate) fn fold_diacritics(text: &str) -> String {
    text.chars()
        .map(|c| {
            let f = fold(c);
            if c.is_uppercase() {
                f.to_ascii_uppercase()
            } else {
                f
            }
        })
        .collect()
}

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => 'a',
        'č' | 'ç' | 'ć' | 'Č' | 'Ç' | 'Ć' => 'c',
        'ď' | 'Ď' | 'đ' | 'Đ' => 'd',
        'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ē' | 'ę' | 'É' | 'È' | 'Ê' | 'Ë' | 'Ě' | 'Ē' | 'Ę' => {
            'e'
        }
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ň' | 'ñ' | 'ń' | 'Ň' | 'Ñ' | 'Ń' => 'n',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō'
        | 'Ő' => 'o',
        'ř' | 'Ř' => 'r',
        'š' | 'ś' | 'ș' | 'ş' | 'Š' | 'Ś' | 'Ș' | 'Ş' => 's',
        'ť' | 'ț' | 'ţ' | 'Ť' | 'Ț' | 'Ţ' => 't',
        'ú' | 'ù' | 'û' | 'ü' | 'ů' | 'ū' | 'ű' | 'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ů' | 'Ū' | 'Ű' => {
            'u'
        }
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ž' | 'ź' | 'ż' | 'Ž' | 'Ź' | 'Ż' => 'z',
        'ł' | 'Ł' => 'l',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(DEMONYMS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let t = "Kim Il-sung's People's (x) 200,000";
        let w: Vec<&str> = words(t).iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(w, ["Kim", "Il-sung's", "People's", "x", "200", "000"]);
        let t = "the U.S.S.R. and U.S. policy, N. S. Khrushchev";
        let w: Vec<&str> = words(t).iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(
            w,
            [
                "the",
                "U.S.S.R.",
                "and",
                "U.S.",
                "policy",
                "N",
                "S",
                "Khrushchev"
            ]
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("OZÚ"), "ozu");
        assert_eq!(slug("Mao Zedong's"), "mao-zedongs");
        assert_eq!(slug("Kim Il-sung"), "kim-il-sung");
    }
}
