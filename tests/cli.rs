//! Runs the `dossier` binary on the real seeds and on a folder of bad records.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::archive::{
    catalog_files, compile_with, parse_authority, read_catalog_head, read_catalog_page,
    read_document, read_entity_file, read_entity_index, Recognizer, Source,
};

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
    let authority = read(&root().join("seeds/authority.toml"));
    let recognizer = Recognizer::new(parse_authority("authority.toml", &authority).authority);
    let expected = compile_with(
        &[Source::new("000_35518670e4bcec4c.txt", seed)],
        &recognizer,
    );
    let catalog_json = read(&out.join("catalog.json"));
    assert!(catalog_json.ends_with("}\n"));
    let (head, pages) = catalog_files(&expected.catalog, 50);
    assert_eq!(read_catalog_head(&catalog_json).unwrap(), head);
    for (name, page) in pages {
        let written = read(&out.join("catalog").join(&name));
        assert_eq!(read_catalog_page(&written).unwrap(), page, "{name}");
    }
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
    let head = read_catalog_head(&read(&out.join("catalog.json"))).unwrap();
    assert_eq!(head.documents, 2);
    let page = read_catalog_page(&read(&out.join("catalog/date-1.json"))).unwrap();
    let ids: Vec<&str> = page.entries.iter().map(|e| e.id.as_str()).collect();
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

#[test]
fn build_writes_the_entity_index_and_entity_files() {
    let out = temp_out("entities");
    std::fs::create_dir_all(out.join("entity")).unwrap();
    std::fs::write(out.join("entity/stale.json"), "{}").unwrap();
    let run = build("seeds", &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        !out.join("entity/stale.json").exists(),
        "stale entity files are removed"
    );
    let index = read_entity_index(&read(&out.join("entities.json"))).unwrap();
    assert!(index.entities.iter().any(|e| e.entity.id == "kim-il-sung"));
    for e in &index.entities {
        let file =
            read_entity_file(&read(&out.join(format!("entity/{}.json", e.entity.id)))).unwrap();
        assert_eq!(file.entity, e.entity);
    }
    let doc = read_document(&read(&out.join("docs/113974.json"))).unwrap();
    assert!(doc
        .document
        .mentions
        .iter()
        .any(|m| m.entity.as_deref() == Some("north-korea")));
    // The authority file is not a record.
    assert!(stderr(&run).contains("read 1 files"), "{}", stderr(&run));
}

#[test]
fn a_bad_authority_file_fails_with_its_line() {
    let dir = temp_out("bad-authority");
    let file = dir.join("authority.toml");
    std::fs::write(
        &file,
        "[[entity]]\nid = \"x\"\nname = \"X\"\ntype = \"planet\"\n",
    )
    .unwrap();
    let run = dossier(&["check", "seeds", "--authority", file.to_str().unwrap()]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("unknown-entity-type"), "{err}");
    assert!(err.contains(":4:"), "{err}");
}

#[test]
fn score_prints_precision_recall_and_f1_per_kind() {
    let run = dossier(&[
        "score",
        "seeds/000_35518670e4bcec4c.txt",
        "tests/gold/000_35518670e4bcec4c.tsv",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = String::from_utf8_lossy(&run.stdout);
    for kind in [
        "person",
        "place",
        "organization",
        "event",
        "date",
        "quantity",
        "overall",
    ] {
        assert!(out.contains(kind), "{out}");
    }
    let overall = out.lines().find(|l| l.starts_with("overall")).unwrap();
    let f1: f64 = overall.split_whitespace().last().unwrap().parse().unwrap();
    assert!(f1 >= 0.95, "{out}");

    let cable = dossier(&[
        "score",
        "tests/fixtures/ner/1962_cable.txt",
        "tests/fixtures/ner/1962_cable.gold.tsv",
        "--authority",
        "seeds/authority.toml",
    ]);
    assert!(cable.status.success(), "{}", stderr(&cable));
    assert!(String::from_utf8_lossy(&cable.stdout).contains("missed"));

    let bad = dossier(&["score", "seeds/000_35518670e4bcec4c.txt", "README.md"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("gold file has errors"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn entities_lists_automatic_names_by_count_with_an_example() {
    let run = dossier(&["entities", "tests/fixtures/ner"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = String::from_utf8_lossy(&run.stdout);
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(!rows.is_empty(), "{out}");
    let counts: Vec<u32> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{out}");
    let gromyko = rows
        .iter()
        .find(|r| r[3] == "GROMYKO")
        .expect("GROMYKO listed");
    assert_eq!((gromyko[0], gromyko[2]), ("3", "person"));
    assert!(gromyko[5].contains("[GROMYKO]"), "{out}");
    // With the seeds' authority file, names it knows are not listed.
    let known = dossier(&["entities", "seeds"]);
    let known_out = String::from_utf8_lossy(&known.stdout);
    assert!(!known_out.contains("Kim Il Sung"), "{known_out}");
}
