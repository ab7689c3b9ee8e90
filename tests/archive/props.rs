//! Property tests: no input makes the parser panic, marks, mentions and the runs the reader
//! renders are always well formed, highlights and find matches never overlap or lose text, and
//! any query runs to the end.

use std::ops::Range;
use std::sync::OnceLock;

use dossier::archive::find::{find_in, split, Finder};
use dossier::archive::search::analyze::tokenize;
use dossier::archive::search::{
    build, parse_query, BuildOptions, Highlighter, Index, Outcome, SearchDoc,
};
use dossier::archive::{
    compile, parse_record, parse_report, scan_marks, segments, texts, Recognizer, Rich, Source,
    Span,
};
use proptest::prelude::*;

use crate::{all_rich, assert_marks_well_formed};

/// Lines that exercise every part of the parser.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("June 2, 1967".to_owned()),
        Just("c. 1967".to_owned()),
        Just("Citation:".to_owned()),
        Just("Summary:".to_owned()),
        Just("Contents:".to_owned()),
        Just("Original Language:".to_owned()),
        Just("<https://example.org/document/1>".to_owned()),
        Just("Translation - English".to_owned()),
        Just("[handwritten] 2.5.1967".to_owned()),
        Just("[stamp]".to_owned()),
        Just("[OZU = Section]".to_owned()),
        Just("CLASSIFIED !".to_owned()),
        Just("1981/9".to_owned()),
        Just("1. An item;".to_owned()),
        Just("- a bullet".to_owned()),
        Just("\"T\", 1967, A, B, pp. 1. Translated for P by X.".to_owned()),
        "[a-zA-Zа-я김 .,:;()\\[\\]=-]{0,60}",
        "\\PC{0,30}",
        hostile_fragment(),
    ]
}

/// What hostile records hold: brackets that never close, control characters, bidi controls
/// and zero-width characters inside words, markup, names the recognizer takes apart.
fn hostile_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[[[[[[[[".to_owned()),
        Just("]]]] ))))".to_owned()),
        Just("((((x - translator note)".to_owned()),
        Just("(a (b [c) d] - translator note)".to_owned()),
        Just("NUL\0 BEL\u{7} ESC\u{1b}[2J DEL\u{7f} C1\u{85}\u{9b}".to_owned()),
        Just("lone\rCR".to_owned()),
        Just("\u{202e}Kim Il Sung\u{202c} שלום مرحبا \u{2066}x\u{2069}".to_owned()),
        Just("Kim\u{200b}Il\u{200d}Sung b\u{feff}om".to_owned()),
        Just("<script>alert(1)</script> <img src=x onerror=alert(1)> {{ x }}".to_owned()),
        Just(
            "c. Kim Il Sung, Ambassador Kohler and the USSR MFA (Ministry of Foreign Affairs)"
                .to_owned()
        ),
        "(?s).{0,20}",
    ]
}

fn document_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(fragment(), 0..30),
        prop::sample::select(vec!["\n", "\r\n", "\n\n", "\r", "\r\r", " "]),
    )
        .prop_map(|(lines, sep)| lines.join(sep))
}

/// The recognizer with the base gazetteer only, built once.
fn recognizer() -> &'static Recognizer {
    static R: OnceLock<Recognizer> = OnceLock::new();
    R.get_or_init(Recognizer::default)
}

/// Asserts that `ranges` lie in `text` on char boundaries, ascending and apart.
fn assert_ranges_well_formed(text: &str, ranges: &[Range<usize>]) {
    for r in ranges {
        assert!(r.start < r.end && r.end <= text.len(), "{r:?} in {text:?}");
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{r:?} in {text:?}"
        );
    }
    for w in ranges.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "overlap or disorder {w:?} in {text:?}"
        );
    }
}

/// Asserts that `split` keeps every one of `ranges` (ascending, apart) as one piece and that
/// the pieces give back `text`.
fn assert_split_whole(text: &str, ranges: &[Range<usize>]) {
    let pieces = split(text, 0, ranges);
    assert_eq!(pieces.iter().map(|p| p.text).collect::<String>(), text);
    let hits: Vec<&str> = pieces
        .iter()
        .filter(|p| p.hit.is_some())
        .map(|p| p.text)
        .collect();
    let want: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(hits, want, "in {text:?}");
}

/// Whitespace runs collapsed to one space, as snippets show text.
fn collapse(text: &str) -> String {
    let mut out = String::new();
    for (i, word) in text
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// An index's files: (name, bytes) by file id.
type Files = Vec<(String, Vec<u8>)>;

/// Runs `query` on `index` to the end, handing it the documents and files it asks for.
fn run_to_end(index: &mut Index, docs: &[SearchDoc], files: &Files, query: &str) {
    let parsed = parse_query(query);
    for _ in 0..100 {
        match index.search(&parsed, 10).expect("search runs") {
            Outcome::Done(r) => {
                for hit in &r.hits {
                    let doc = &docs[hit.doc as usize];
                    for text in [&doc.title, &doc.summary, &doc.body] {
                        assert_ranges_well_formed(text, &r.highlighter.highlight(text));
                    }
                    let s = r.highlighter.best(doc);
                    assert_ranges_well_formed(&s.text, &s.spans);
                }
                return;
            }
            Outcome::NeedDocs(ds) => {
                for (d, _) in ds {
                    index.add_doc(d, &docs[d as usize]);
                }
            }
            Outcome::NeedFiles(ids) => {
                for id in ids {
                    let bytes = files[id as usize].1.clone();
                    index.add_file(id, bytes).expect("file loads");
                }
            }
        }
    }
    panic!("the search for {query:?} does not end");
}

/// A small index over hostile and ordinary documents, with every file loaded.
fn small_index() -> (Index, Vec<SearchDoc>, Files) {
    let doc = |id: &str, title: &str, body: &str| SearchDoc {
        id: id.to_owned(),
        title: title.to_owned(),
        body: body.to_owned(),
        year: Some(1967),
        ..SearchDoc::default()
    };
    let docs = vec![
        doc(
            "a",
            "Soviet Korean relations",
            "Kim Il Sung visited Moscow in 1967 and Nižnij.",
        ),
        doc(
            "b",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)> {{ x }} \u{202e}evil",
        ),
        doc(
            "c",
            "Zero\u{200b}width",
            "NUL\0 ESC\u{1b}[2J [[[[ (((( \"quoted",
        ),
    ];
    let built = build(&docs, &BuildOptions::default());
    let mut index = Index::open(&built.manifest).expect("manifest opens");
    for (id, (_, bytes)) in built.files.iter().enumerate() {
        index
            .add_file(id as u32, bytes.clone())
            .expect("file loads");
    }
    (index, docs, built.files)
}

/// Query text: anything, or the language's operators in any order.
fn query_text() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "\"",
        "-",
        "-\"",
        ":",
        "year:",
        "year:1960-",
        "decade:",
        "person:",
        "lang:",
        "(",
        ")",
        "*",
        "OR",
        "kim",
        "soviet",
        "sov",
        "\u{202e}",
        "\u{200b}",
        "\0",
        "\u{1b}",
        " ",
        "  ",
        "<script>",
        "{{",
    ]);
    prop_oneof![
        prop::collection::vec(any::<char>(), 0..200).prop_map(String::from_iter),
        prop::collection::vec(token, 0..60).prop_map(|t| t.concat()),
        prop::collection::vec(any::<char>(), 5_000..10_000).prop_map(String::from_iter),
    ]
}

fn check_all_marks(src: &str) {
    if let Ok(doc) = parse_record("p.txt", src) {
        for rich in all_rich(&doc) {
            assert_marks_well_formed(rich);
        }
    }
}

proptest! {
    #[test]
    fn parse_never_panics_and_marks_are_well_formed(src in document_text()) {
        check_all_marks(&src);
    }

    #[test]
    fn any_string_is_handled(src in "\\PC*") {
        check_all_marks(&src);
        assert_marks_well_formed(&Rich { marks: scan_marks(&src), text: src });
    }

    #[test]
    fn any_bytes_are_handled(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let parsed = parse_report("b.txt", &bytes);
        prop_assert!(parsed.document.is_some() || parsed.diagnostics.iter().any(|d| d.is_error()));
        let compiled = compile(&[Source::new("b.txt", bytes.clone()), Source::new("c.txt", bytes)]);
        prop_assert!(compiled.documents.len() <= 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every mention lies in its text on char boundaries, and the runs the reader renders
    /// (marks, and mentions within them) give back each text whole.
    #[test]
    fn mentions_and_rendered_runs_cover_every_text(src in document_text()) {
        let Ok(doc) = parse_record("p.txt", &src) else {
            return Ok(());
        };
        let mentions = recognizer().recognize(&doc);
        for (at, rich) in texts(&doc) {
            let text = rich.text.as_str();
            let mut spans = Vec::new();
            for (id, m) in mentions.iter().enumerate().filter(|(_, m)| m.at == at) {
                let (s, e) = (m.start as usize, m.end as usize);
                prop_assert!(s < e && e <= text.len(), "{:?} in {:?}", m, text);
                prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                prop_assert_eq!(&text[s..e], m.surface.as_str());
                spans.push(Span { start: s, end: e, id });
            }
            let segs = segments(rich, &spans);
            prop_assert_eq!(segs.iter().map(|s| s.text).collect::<String>(), text);
            for seg in &segs {
                prop_assert_eq!(seg.runs.iter().map(|r| r.text).collect::<String>(), seg.text);
                for run in &seg.runs {
                    prop_assert_eq!(text.get(run.start..run.start + run.text.len()), Some(run.text));
                    if let Some(id) = run.mention {
                        let span = spans.iter().find(|s| s.id == id).expect("a span's run");
                        prop_assert_eq!((run.start, run.start + run.text.len()), (span.start, span.end));
                    }
                }
            }
        }
    }

    /// Highlights, snippets and find matches are ascending, apart and on char boundaries; a
    /// snippet is a passage of its text; split pieces give back the text with every match.
    #[test]
    fn highlights_and_find_matches_never_overlap_or_lose_text(
        parts in prop::collection::vec(fragment(), 1..20),
        sep in prop::sample::select(vec![" ", "\n", "  \t", "\r\n", ""]),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        typed in "(?s).{0,12}",
        words in 1usize..40,
    ) {
        let text = parts.join(sep);
        let toks = tokenize(&text);
        let terms: Vec<String> = if toks.is_empty() {
            Vec::new()
        } else {
            picks.iter().map(|i| toks[i.index(toks.len())].term.clone()).collect()
        };
        let h = Highlighter::new(terms.clone());
        let marked = h.highlight(&text);
        assert_ranges_well_formed(&text, &marked);
        assert_split_whole(&text, &marked);
        let snippet = h.snippet_words(&text, words);
        assert_ranges_well_formed(&snippet.text, &snippet.spans);
        assert_split_whole(&snippet.text, &snippet.spans);
        prop_assert!(collapse(&text).contains(&snippet.text), "{:?} from {:?}", snippet.text, text);
        prop_assert_eq!(snippet.spans.is_empty(), marked.is_empty());
        let rich = dossier::archive::rich(&text);
        for finder in [Finder::typed(&typed), Finder::terms(terms)] {
            let found = finder.find(&text);
            assert_ranges_well_formed(&text, &found);
            assert_split_whole(&text, &found);
            let shown = find_in(&rich, &finder);
            assert_ranges_well_formed(&text, &shown);
            // A run of the rendered text, cut anywhere on char boundaries, still splits whole.
            let cut = text.char_indices().map(|(i, _)| i).nth(text.chars().count() / 2).unwrap_or(0);
            for (run, offset) in [(&text[..cut], 0), (&text[cut..], cut)] {
                let pieces = split(run, offset, &found);
                prop_assert_eq!(pieces.iter().map(|p| p.text).collect::<String>(), run);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any query (any Unicode up to 10,000 characters, unbalanced quotes, lone operators,
    /// control characters) parses and runs to the end, with well-formed highlights.
    #[test]
    fn any_query_runs_to_the_end(q in query_text()) {
        let (mut index, docs, files) = small_index();
        run_to_end(&mut index, &docs, &files, &q);
    }
}
