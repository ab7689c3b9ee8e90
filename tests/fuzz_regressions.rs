//! Inputs the fuzz targets (`fuzz/`, issue #6, "Hardening") found bugs with, each held to what
//! the fixed code does. The exact inputs libFuzzer found are kept in `fuzz/regressions/<target>/`
//! (a fuzz target runs them with `cargo +nightly fuzz run <target> fuzz/regressions/<target>/*`);
//! the cases written out here are the same bugs, made readable.

use std::path::Path;

use dossier::archive::search::parse_query;
use dossier::archive::{compile, parse_report, Code, Source};

/// The bytes of `fuzz/regressions/<target>/<name>`.
fn found(target: &str, name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// A query's canonical text reads back as the same query.
#[track_caller]
fn round_trips(text: &str) -> String {
    let q = parse_query(text);
    let canonical = q.to_string();
    assert_eq!(parse_query(&canonical), q, "{text:?} → {canonical:?}");
    canonical
}

/// Issue #6, target `query_search`: a quoted word that looks like a filter (`"lang:czech"`) was
/// written back without its quotes, so the canonical text (the URL, and the query again after
/// a facet is chosen) turned the word into a filter.
#[test]
fn a_quoted_word_that_reads_as_a_filter_keeps_its_quotes() {
    let input = found("query_search", "quoted-word-reads-as-filter");
    round_trips(&String::from_utf8_lossy(&input));
    assert_eq!(round_trips("\"lang:czech\""), "\"lang:czech\"");
    assert_eq!(round_trips("-\"Person:kim\" coal"), "-\"Person:kim\" coal");
    // a malformed filter's value searched as words
    assert_eq!(round_trips("year:lang:x"), "\"lang:x\"");
    // words with a colon that no filter claims stay as they are
    assert_eq!(round_trips("foo:bar 10:30"), "foo:bar 10:30");
    assert_eq!(round_trips("lang:czech"), "lang:czech");
}

/// Issue #6, target `record`: a file of whitespace that is not ASCII whitespace (a vertical
/// tab, a no-break space) was refused without any diagnostic, so the compiler skipped it
/// without saying why.
#[test]
fn a_file_of_any_whitespace_is_an_empty_file() {
    let found = found("record", "vertical-tab-only");
    let inputs: [&[u8]; 4] = [
        &found,
        b"\x0b",
        "\u{a0}\n\u{2003}".as_bytes(),
        b"\xEF\xBB\xBF\x0c\x0b",
    ];
    for bytes in inputs {
        let parsed = parse_report("blank.txt", bytes);
        assert!(parsed.document.is_none(), "{bytes:?}");
        let codes: Vec<Code> = parsed.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::EmptyFile], "{bytes:?}");
    }
}

/// Issue #6, target `record`: the context before a mention (entity files) was cut one byte
/// after the first whitespace of its last 60 characters, inside that whitespace when it was a
/// no-break space, which panicked: the compiler stopped on such a record.
#[test]
fn a_mention_after_a_no_break_space_has_its_context() {
    let input = found("record", "no-break-space-before-mention");
    let _ = compile(&[Source::new("found.txt", input)]);

    let body = format!("{}\u{a0}and then to Moscow.", "x".repeat(80));
    let record = format!("June 2, 1967\n\nA Title\n\nSummary:\n\nS.\n\n{body}\n");
    let compiled = compile(&[Source::new("a.txt", record)]);
    let contexts: Vec<&str> = compiled
        .entities
        .files
        .iter()
        .flat_map(|f| &f.documents)
        .flat_map(|d| &d.contexts)
        .filter(|k| k.surface == "Moscow")
        .map(|k| k.before.as_str())
        .collect();
    assert_eq!(contexts, ["…and then to "]);
}
