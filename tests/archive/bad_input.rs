//! Bad input: each fixture in `tests/fixtures/bad/` yields a clear diagnostic, never a panic.

use dossier::archive::{compile, parse_record_bytes, parse_report, Code, Diagnostic, Severity};

use crate::{fixture, fixture_dir};

fn errors(name: &str) -> Vec<Diagnostic> {
    let parsed = parse_report(name, &fixture(&format!("bad/{name}")));
    assert!(parsed.document.is_none(), "{name} should not compile");
    parsed
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

fn single(name: &str) -> Diagnostic {
    let errors = errors(name);
    let [d] = errors.as_slice() else {
        panic!("{name}: {errors:?}")
    };
    assert_eq!(d.file, name);
    assert_eq!(d.severity, Severity::Error);
    d.clone()
}

#[test]
fn empty_file_is_an_error() {
    let d = single("empty.txt");
    assert_eq!((d.code, d.line), (Code::EmptyFile, 1));
    assert_eq!(d.code.as_str(), "empty-file");
    assert_eq!(
        d.to_string(),
        "empty.txt:1: error[empty-file]: the file is empty"
    );
    assert_eq!(
        parse_report("blank.txt", b" \n\r\n\t\n").diagnostics[0].code,
        Code::EmptyFile
    );
}

#[test]
fn file_without_header_is_an_error() {
    let d = single("no_header.txt");
    assert_eq!((d.code, d.line), (Code::NoHeader, 1));
    assert!(d.message.contains("no metadata header"));
}

#[test]
fn header_without_title_is_an_error() {
    let d = single("no_title.txt");
    assert_eq!((d.code, d.line), (Code::NoTitle, 1));
    assert!(d.message.contains("title"));
}

#[test]
fn invalid_utf8_reports_the_line_of_the_first_bad_byte() {
    let d = single("invalid_utf8.txt");
    assert_eq!((d.code, d.line, d.column), (Code::InvalidUtf8, 7, Some(4)));
    assert!(d.message.contains("0xE9"), "{}", d.message);
    let err = parse_record_bytes("invalid_utf8.txt", &fixture("bad/invalid_utf8.txt")).unwrap_err();
    assert_eq!(err.diagnostics, vec![d]);
    assert!(err
        .to_string()
        .starts_with("invalid_utf8.txt:7: error[invalid-utf8]"));
}

#[test]
fn duplicate_record_ids_across_files_skip_the_second() {
    let sources: Vec<_> = fixture_dir("bad")
        .into_iter()
        .filter(|s| s.name.starts_with("duplicate"))
        .collect();
    let compiled = compile(&sources);
    assert_eq!(compiled.documents.len(), 1);
    assert_eq!(compiled.documents[0].document.source, "duplicate_a.txt");
    assert_eq!(compiled.skipped, ["duplicate_b.txt"]);
    let [d] = compiled.diagnostics.as_slice() else {
        panic!("{:?}", compiled.diagnostics)
    };
    assert_eq!(
        (d.code, d.file.as_str(), d.line),
        (Code::DuplicateId, "duplicate_b.txt", 8)
    );
    assert!(
        d.message.contains("`300001`") && d.message.contains("duplicate_a.txt:8"),
        "{}",
        d.message
    );
    assert_eq!(
        (d.related[0].file.as_str(), d.related[0].line),
        ("duplicate_a.txt", 8)
    );
}

#[test]
fn one_run_reports_every_problem() {
    let compiled = compile(&fixture_dir("bad"));
    assert_eq!(compiled.read, 7);
    let mut codes: Vec<(&str, Code)> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.file.as_str(), d.code))
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            ("duplicate_b.txt", Code::DuplicateId),
            ("empty.txt", Code::EmptyFile),
            ("invalid_utf8.txt", Code::InvalidUtf8),
            ("no_header.txt", Code::NoHeader),
            ("no_title.txt", Code::NoTitle),
        ]
    );
    let ids: Vec<&str> = compiled
        .documents
        .iter()
        .map(|d| d.document.id.as_str())
        .collect();
    assert_eq!(ids, ["300001", "good"]);
    assert_eq!(compiled.skipped.len(), 5);
    assert!(compiled.has_errors());
}

#[test]
fn unbalanced_brackets_keep_their_text() {
    let src = "1967\n\nT\n\nSummary:\n\nS.\n\nOpen [bracket and (paren - translator note\n\nClose] too).\n";
    let doc = dossier::archive::parse_record("u.txt", src).unwrap();
    let json = serde_json::to_string(&doc.body).unwrap();
    assert!(json.contains("Open [bracket and (paren - translator note"));
    assert!(json.contains("Close] too)."));
}
