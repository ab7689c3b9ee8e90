//! Runs the `dossier` binary on the real seeds and on a folder of bad records.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::archive::{compile, read_catalog, read_document, Source};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder under the system temp dir, unique to this test.
fn temp_out(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn build(seeds: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", seeds, "--out", out.to_str().unwrap()];
    args.extend(extra);
    dossier(&args)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

#[test]
fn build_writes_catalog_and_documents() {
    let out = temp_out("seeds");
    std::fs::create_dir_all(out.join("docs")).unwrap();
    std::fs::write(out.join("docs/stale.json"), "{}").unwrap();
    let run = build("seeds", &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("read 1 files, compiled 1, skipped 0"),
        "{}",
        stderr(&run)
    );
    assert!(
        !out.join("docs/stale.json").exists(),
        "stale documents are removed"
    );

    let seed = std::fs::read(root().join("seeds/000_35518670e4bcec4c.txt")).unwrap();
    let expected = compile(&[Source::new("000_35518670e4bcec4c.txt", seed)]);
    let catalog_json = read(&out.join("catalog.json"));
    assert!(catalog_json.ends_with("}\n"));
    assert_eq!(read_catalog(&catalog_json).unwrap(), expected.catalog);
    let doc = read_document(&read(&out.join("docs/113974.json"))).unwrap();
    assert_eq!(doc, expected.documents[0]);
    let names: Vec<_> = std::fs::read_dir(out.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["113974.json"]);

    let first = (catalog_json, read(&out.join("docs/113974.json")));
    let again = build("seeds", &out, &[]);
    assert!(again.status.success());
    let second = (
        read(&out.join("catalog.json")),
        read(&out.join("docs/113974.json")),
    );
    assert_eq!(first, second, "a second build writes the same bytes");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn bad_records_fail_the_build_with_located_messages() {
    let out = temp_out("bad");
    let run = build("tests/fixtures/bad", &out, &[]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    for needle in [
        "empty.txt:1",
        "no_header.txt:1",
        "no_title.txt:1",
        "invalid_utf8.txt:7",
        "duplicate_b.txt:8",
        "duplicate_a.txt:8",
        "error[invalid-utf8]",
        "error[duplicate-id]",
        "<https://digitalarchive.example.org/document/300001>",
        "read 7 files, compiled 2, skipped 5",
        "--skip-bad",
    ] {
        assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
    }
    assert!(
        !out.join("catalog.json").exists(),
        "a failed build writes nothing"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn skip_bad_compiles_the_good_records() {
    let out = temp_out("skip");
    let run = build("tests/fixtures/bad", &out, &["--skip-bad"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(err.contains("read 7 files, compiled 2, skipped 5"), "{err}");
    assert!(
        err.contains("skipped (errors): duplicate_b.txt, empty.txt, invalid_utf8.txt"),
        "{err}"
    );
    let catalog = read_catalog(&read(&out.join("catalog.json"))).unwrap();
    let ids: Vec<&str> = catalog.documents.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["300001", "good"]);
    assert!(out.join("docs/good.json").exists() && out.join("docs/300001.json").exists());
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn check_reports_without_writing() {
    let good = dossier(&["check", "seeds"]);
    assert!(good.status.success(), "{}", stderr(&good));
    assert!(stderr(&good).contains("read 1 files, compiled 1, skipped 0"));
    let bad = dossier(&["check", "tests/fixtures/bad"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("no_title.txt"));
    let warned = dossier(&["check", "tests/fixtures/variants"]);
    assert!(
        warned.status.success(),
        "warnings never fail: {}",
        stderr(&warned)
    );
    assert!(
        stderr(&warned).contains("warning[unreadable-date]"),
        "{}",
        stderr(&warned)
    );
}

#[test]
fn missing_folder_is_an_io_error_naming_the_path() {
    let run = dossier(&["check", "no/such/folder"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("no/such/folder"), "{}", stderr(&run));
}
