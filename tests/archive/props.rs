//! Property tests: no input makes the parser panic, and marks are always well formed.

use dossier::archive::{compile, parse_record, parse_report, scan_marks, Rich, Source};
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
    ]
}

fn document_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(fragment(), 0..30),
        prop::sample::select(vec!["\n", "\r\n", "\n\n"]),
    )
        .prop_map(|(lines, sep)| lines.join(sep))
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
