//! The search benchmarks' queries, shared by the native benchmark (`benches/search.rs`) and the
//! in-browser one (`benches/browser/`): fixed queries by kind, queries drawn from the corpus,
//! and realistic misspellings of documents' titles with the document each should find.
// Each benchmark uses part of it.
#![allow(dead_code)]

use dossier::archive::search::{analyze, SearchDoc};

/// Fixed queries by kind, written for corpora made from the FRUS volumes.
pub const QUERIES: &[(&str, &[&str])] = &[
    (
        "word",
        &[
            "delegation",
            "refinery",
            "guatemala",
            "khrushchev",
            "embassy",
        ],
    ),
    ("common word", &["the", "soviet", "government"]),
    (
        "two words",
        &[
            "soviet delegation",
            "economic cooperation",
            "foreign minister",
        ],
    ),
    (
        "phrase",
        &[
            "\"economic cooperation\"",
            "\"the soviet union\"",
            "\"foreign minister\"",
        ],
    ),
    ("prefix", &["negot", "deleg", "sov", "emb"]),
    (
        "typo",
        &["delegaton", "goverment", "khrushchov", "refinary"],
    ),
    (
        "diacritics",
        &["yilmaz", "nizhnij novgorod", "lodz", "dvorak"],
    ),
    ("numbers", &["200,000", "1967", "tons 1962"]),
    ("exclusion", &["coal -china", "soviet -union"]),
    (
        "filters",
        &[
            "coal year:1960-1969",
            "lang:czech decade:1950s",
            "embassy archive:prague",
        ],
    ),
    ("no result", &["zzyzzq", "brezhnev mascaw"]),
];

/// A realistic misspelling of `w` (ASCII letters): one edit below 8 letters, one or two from
/// 8, anywhere in the word (the first letter about one time in five).
pub fn misspell(rng: &mut fastrand::Rng, w: &str) -> String {
    const NEAR: [&str; 26] = [
        "qsz", "vgn", "xdv", "sfe", "wrd", "dgr", "fht", "gjy", "uok", "hkn", "jlm", "kop", "njk",
        "bmh", "ipl", "ol", "wa", "etf", "adw", "ryg", "yij", "cbf", "qes", "zcs", "tuh", "xa",
    ];
    let mut c: Vec<u8> = w.bytes().collect();
    let edits = if c.len() >= 8 { rng.usize(1..=2) } else { 1 };
    for e in 0..edits {
        let at = if e == 0 && rng.u8(..5) == 0 {
            0
        } else {
            rng.usize(1..c.len())
        };
        match rng.u8(..4) {
            0 if at + 1 < c.len() && c[at] != c[at + 1] => c.swap(at, at + 1),
            1 if c.len() > 5 => {
                c.remove(at);
            }
            2 => {
                let x = c[at];
                c.insert(at, x);
            }
            _ => {
                let near = NEAR[usize::from(c[at].wrapping_sub(b'a')).min(25)].as_bytes();
                c[at] = near[rng.usize(..near.len())];
            }
        }
    }
    String::from_utf8(c).unwrap_or_default()
}

/// A title's words as people type them: lowercase, punctuation trimmed, no stopwords, at
/// least 3 letters.
fn title_words(title: &str) -> Vec<String> {
    title
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.len() >= 3 && !analyze::is_stopword(w))
        .collect()
}

/// Misspelled title queries: a document's title words with one word misspelled, and the year;
/// found when the document (its position in `docs`) is in the top 10. Also returns the same
/// queries spelled right, as a control.
pub fn misspellings(docs: &[SearchDoc], n: usize) -> (Vec<(String, u32)>, Vec<String>) {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut out = Vec::new();
    let mut out_right = Vec::new();
    while out.len() < n && !docs.is_empty() {
        let d = rng.usize(..docs.len());
        let words = title_words(&docs[d].title);
        let typo: Vec<usize> = (0..words.len())
            .filter(|&i| words[i].len() >= 5 && words[i].bytes().all(|b| b.is_ascii_lowercase()))
            .collect();
        if typo.is_empty() {
            continue;
        }
        let at = typo[rng.usize(..typo.len())];
        let wrong = misspell(&mut rng, &words[at]);
        if wrong == words[at] {
            continue;
        }
        let mut q: Vec<&str> = words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == at { wrong.as_str() } else { w.as_str() })
            .collect();
        // The year, as people remember it.
        let year = docs[d].year.map(|y| y.to_string()).unwrap_or_default();
        q.push(&year);
        out.push((q.join(" "), d as u32));
        let mut right = words.clone();
        right.push(year.clone());
        out_right.push(right.join(" "));
    }
    (out, out_right)
}

/// The words of a text as runs between spaces, lowercased; `None` for a run that is not all
/// ASCII letters (punctuation, digits, names with diacritics), so that neighbours in the list
/// are neighbours in the text.
fn plain_words(text: &str) -> Vec<Option<String>> {
    text.split_whitespace()
        .map(|w| {
            w.bytes()
                .all(|b| b.is_ascii_alphabetic())
                .then(|| w.to_ascii_lowercase())
        })
        .collect()
}

/// Queries drawn from the corpus, `n` of each kind (fewer when the corpus has too few):
/// `word` (a word of 4+ letters of a document's body), `two words` (two neighbouring words),
/// `prefix` (the first 3 to 5 letters of a word of 6+ letters), `phrase` (2 or 3 neighbouring
/// words, quoted, neither end a stopword) and `diacritics` (the name of an entity spelled with
/// diacritics, typed without them). Deterministic: the same documents give the same queries.
pub fn drawn(docs: &[SearchDoc], n: usize) -> Vec<(&'static str, String)> {
    let mut rng = fastrand::Rng::with_seed(11);
    let mut out: Vec<(&'static str, String)> = Vec::new();
    if docs.is_empty() {
        return out;
    }
    type Draw = fn(&mut fastrand::Rng, &SearchDoc) -> Option<String>;
    let kinds: [(&'static str, Draw); 5] = [
        ("word", |rng, d| {
            let ws = plain_words(&d.body);
            let w = ws.get(rng.usize(..ws.len().max(1)))?;
            w.as_ref()
                .filter(|w| w.len() >= 4 && !analyze::is_stopword(w))
                .cloned()
        }),
        ("two words", |rng, d| {
            let ws = plain_words(&d.body);
            let i = rng.usize(..ws.len().max(2) - 1);
            let (a, b) = (ws.get(i)?.as_ref()?, ws.get(i + 1)?.as_ref()?);
            (a.len() >= 3 && b.len() >= 3 && !analyze::is_stopword(a) && !analyze::is_stopword(b))
                .then(|| format!("{a} {b}"))
        }),
        ("prefix", |rng, d| {
            let ws = plain_words(&d.body);
            let w = ws.get(rng.usize(..ws.len().max(1)))?.as_ref()?;
            let len = rng.usize(3..=5);
            (w.len() >= 6).then(|| w[..len].to_string())
        }),
        ("phrase", |rng, d| {
            let ws = plain_words(&d.body);
            let len = rng.usize(2..=3);
            let i = rng.usize(..ws.len().max(len) - len + 1);
            let run: Option<Vec<&String>> =
                ws.get(i..i + len)?.iter().map(Option::as_ref).collect();
            let run = run?;
            let ends = [run[0], run[len - 1]];
            ends.iter()
                .all(|w| w.len() >= 3 && !analyze::is_stopword(w))
                .then(|| {
                    format!(
                        "\"{}\"",
                        run.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" ")
                    )
                })
        }),
        ("diacritics", |rng, d| {
            let names: Vec<&str> = d
                .entities
                .iter()
                .map(|e| e.name.as_str())
                .filter(|n| !n.is_ascii())
                .collect();
            let name = names.get(rng.usize(..names.len().max(1)))?;
            let folded = analyze::fold(name);
            folded.is_ascii().then_some(folded)
        }),
    ];
    for (kind, draw) in kinds {
        let mut seen = std::collections::HashSet::new();
        let mut tries = 0;
        while seen.len() < n && tries < n * 200 {
            tries += 1;
            let d = &docs[rng.usize(..docs.len())];
            if let Some(q) = draw(&mut rng, d).filter(|q| seen.insert(q.clone())) {
                out.push((kind, q));
            }
        }
    }
    out
}
