//! Runs the `dossier` binary on the real seeds and on a folder of bad records, and searches
//! built corpora with `dossier search`.

mod common;

use common::{dossier, root, stderr, temp_dir};

use std::path::{Path, PathBuf};
use std::process::Output;

use dossier::archive::{
    catalog_files, compile_with, parse_authority, read_catalog_head, read_catalog_page,
    read_config, read_document, read_entity_file, read_entity_index, search_index, Recognizer,
    Source,
};

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
    let out = temp_dir("seeds");
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
    let out = temp_dir("bad");
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
    let out = temp_dir("skip");
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
    let out = temp_dir("entities");
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
    let dir = temp_dir("bad-authority");
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

    // a gold mention the recognizer cannot find ("HOURS" is no person) is listed as missed
    let dir = temp_dir("score-missed");
    std::fs::create_dir_all(&dir).unwrap();
    let gold = dir.join("cable.gold.tsv");
    let mut text = read(&root().join("tests/fixtures/ner/1962_cable.gold.tsv"));
    text.push_str("5\t0\tperson\tHOURS\n");
    std::fs::write(&gold, text).unwrap();
    let cable = dossier(&[
        "score",
        "tests/fixtures/ner/1962_cable.txt",
        gold.to_str().unwrap(),
        "--authority",
        "seeds/authority.toml",
    ]);
    assert!(cable.status.success(), "{}", stderr(&cable));
    let cable_out = String::from_utf8_lossy(&cable.stdout);
    let missed = cable_out.split("missed").nth(1).unwrap_or_default();
    assert!(missed.contains("person\tHOURS"), "{cable_out}");
    let _ = std::fs::remove_dir_all(&dir);

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
    // the ambassador is no one the built-in list or an authority file knows
    let kohler = rows
        .iter()
        .find(|r| r[3] == "KOHLER")
        .expect("KOHLER listed");
    assert_eq!((kohler[0], kohler[2]), ("3", "person"));
    assert!(kohler[5].contains("[KOHLER]"), "{out}");
    // names the built-in list knows (the Soviet foreign minister) are not listed
    assert!(!rows.iter().any(|r| r[3] == "GROMYKO"), "{out}");
    // With the seeds' authority file, names it knows are not listed.
    let known = dossier(&["entities", "seeds"]);
    let known_out = String::from_utf8_lossy(&known.stdout);
    assert!(!known_out.contains("Kim Il Sung"), "{known_out}");
}

/// The seeds, the variant fixtures and a record with diacritics, built once into a corpus
/// shared by the search tests.
fn search_corpus() -> &'static Path {
    static CORPUS: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = temp_dir("search-corpus");
        let records = dir.join("records");
        copy_records(&records);
        let out = dir.join("out");
        let run = build(records.to_str().unwrap(), &out, &[]);
        assert!(run.status.success(), "{}", stderr(&run));
        out
    })
}

/// Copies the seeds (with their authority file) and the variant fixtures into `records`, and
/// adds a record whose names carry diacritics.
fn copy_records(records: &Path) {
    std::fs::create_dir_all(records).unwrap();
    for dir in ["seeds", "tests/fixtures/variants"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, records.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(
        records.join("diacritics.txt"),
        "August 21, 1968\n\nTelegram on Alexander Dubček\n\nSummary:\n\nA report from \
         Bratislava.\n\nOriginal Language:\n\nSlovak\n\nAlexander Dubček met Władysław Gomułka \
         in Bratislava; the Straße was closed.\n",
    )
    .unwrap();
}

/// One result line of `dossier search`: rank, score, and the rest (`date  title  (id)`).
#[derive(Debug)]
struct Hit {
    rank: usize,
    score: f64,
    line: String,
    id: String,
    snippet: String,
}

/// Runs `dossier search` on the shared corpus: exit code, stdout, and the hits parsed from it.
fn search(query: &str, extra: &[&str]) -> (Option<i32>, String, Vec<Hit>) {
    let mut args = vec!["search", search_corpus().to_str().unwrap(), query];
    args.extend(extra);
    let run = dossier(&args);
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(run.stderr.is_empty(), "{query}: {}", stderr(&run));
    let lines: Vec<&str> = out.lines().collect();
    let mut hits = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((rank, rest)) = line.split_once(". ") else {
            continue;
        };
        let Ok(rank) = rank.parse::<usize>() else {
            continue;
        };
        let (score, _) = rest.split_once("  ").unwrap();
        let id = line.rsplit_once('(').unwrap().1.trim_end_matches(')');
        hits.push(Hit {
            rank,
            score: score.parse().unwrap(),
            line: (*line).to_string(),
            id: id.to_string(),
            snippet: lines.get(i + 1).unwrap_or(&"").trim().to_string(),
        });
    }
    (run.status.code(), out, hits)
}

fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn search_finds_a_word_with_its_snippet_and_facets() {
    let (code, out, hits) = search("coking", &[]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(ids(&hits), ["113974"], "{out}");
    let seed = &hits[0];
    assert_eq!(seed.rank, 1);
    assert!(seed.score > 0.0, "{out}");
    assert!(
        seed.line
            .ends_with("June 2, 1967  On Some Issues of Soviet-Korean Relations  (113974)"),
        "{out}"
    );
    assert!(seed.snippet.contains("**coking** coal"), "{out}");
    for line in [
        "1 result",
        "years: 1967 (1)",
        "languages: Czech (1)",
        "archives: State Central Archive (Prague) (1)",
    ] {
        assert!(out.lines().any(|l| l == line), "no line {line:?}:\n{out}");
    }
    let kinds = out
        .lines()
        .find(|l| l.starts_with("entity kinds: "))
        .unwrap();
    assert!(kinds.contains("person (1)"), "{out}");
    let entities = out.lines().find(|l| l.starts_with("entities: ")).unwrap();
    // Canonical names from the authority file (the text says "Kosygin").
    assert!(entities.contains("Alexei Kosygin [person] (1)"), "{out}");
}

#[test]
fn search_matches_stems_and_typos() {
    let (code, out, hits) = search("deliveries", &[]);
    assert_eq!((code, ids(&hits)), (Some(0), vec!["113974"]), "{out}");
    assert!(hits[0].snippet.contains("**deliveries**"), "{out}");
    assert!(
        hits[0].snippet.contains("**delivery**") || hits[0].snippet.contains("**delivered**"),
        "other forms of the stem are marked: {out}"
    );
    let (code, out, hits) = search("Brezhnv", &[]);
    assert_eq!((code, ids(&hits)), (Some(0), vec!["113974"]), "{out}");
    assert!(hits[0].snippet.contains("**Brezhnev**"), "{out}");
}

#[test]
fn search_ranks_and_limits() {
    let (code, out, hits) = search("parties", &[]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(ids(&hits), ["several-languages", "113974"], "{out}");
    assert!(hits[0].score >= hits[1].score, "{out}");
    assert_eq!(hits.iter().map(|h| h.rank).collect::<Vec<_>>(), [1, 2]);
    assert!(out.lines().any(|l| l == "2 results"), "{out}");
    let (_, out, hits) = search("parties", &["--limit", "1"]);
    assert_eq!(ids(&hits), ["several-languages"], "{out}");
    assert!(
        out.lines().any(|l| l == "2 results, showing the first 1"),
        "{out}"
    );
}

#[test]
fn search_understands_phrases_exclusions_and_filters() {
    let (code, out, hits) = search("\"coking coal\"", &[]);
    assert_eq!((code, ids(&hits)), (Some(0), vec!["113974"]), "{out}");
    assert!(hits[0].snippet.contains("**coking** **coal**"), "{out}");
    // The phrase in another order is not there.
    let (code, out, hits) = search("\"coal coking\"", &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(hits.is_empty(), "{out}");

    let (_, out, hits) = search("parties -trade", &[]);
    assert_eq!(ids(&hits), ["113974"], "{out}");

    let (code, out, hits) = search("year:1967", &[]);
    assert_eq!(code, Some(0), "{out}");
    let mut found = ids(&hits);
    found.sort_unstable();
    assert_eq!(
        found,
        ["113974", "bom", "crlf", "extra-blank-lines"],
        "{out}"
    );
    assert!(out.lines().any(|l| l == "years: 1967 (4)"), "{out}");

    let (_, out, hits) = search("lang:czech", &[]);
    assert_eq!(ids(&hits), ["113974"], "{out}");
    let (_, out, hits) = search("parties lang:korean", &[]);
    assert_eq!(ids(&hits), ["several-languages"], "{out}");
}

#[test]
fn search_folds_case_and_diacritics() {
    // Diacritics in the text, none in the query.
    let (code, out, hits) = search("dubcek gomulka", &[]);
    assert_eq!((code, ids(&hits)), (Some(0), vec!["diacritics"]), "{out}");
    assert!(
        hits[0]
            .snippet
            .contains("**Dubček** met Władysław **Gomułka**"),
        "{out}"
    );
    assert!(out.lines().any(|l| l == "languages: Slovak (1)"), "{out}");
    let (_, out, hits) = search("strasse", &[]);
    assert!(hits[0].snippet.contains("**Straße**"), "{out}");
    // Diacritics in the query, none in the text.
    let (_, out, hits) = search("Kosýgin", &[]);
    assert_eq!(ids(&hits), ["113974"], "{out}");
    // Cyrillic, in capitals.
    let (_, out, hits) = search("ТЕЛЕГРАММА", &[]);
    assert_eq!(ids(&hits), ["200004"], "{out}");
    assert!(
        hits[0].snippet.contains("**Телеграмма** Ким Ир Сена"),
        "{out}"
    );
    assert!(out.lines().any(|l| l == "archives: АВП РФ (1)"), "{out}");
}

#[test]
fn search_without_results_suggests_a_correction() {
    let (code, out, hits) = search("kosygin consull", &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(hits.is_empty(), "{out}");
    for line in [
        "0 results",
        "no results for kosygin consull",
        "did you mean: kosygin consul",
    ] {
        assert!(out.lines().any(|l| l == line), "no line {line:?}:\n{out}");
    }
}

#[test]
fn search_files_are_written_and_deterministic() {
    let dir = temp_dir("search-determinism");
    let records = dir.join("records");
    copy_records(&records);
    let (a, b) = (dir.join("a"), dir.join("b"));
    std::fs::create_dir_all(a.join("search")).unwrap();
    std::fs::write(a.join("search/p9999-00000000.bin"), "stale").unwrap();
    std::fs::write(a.join("search/notes.txt"), "kept").unwrap();
    for out in [&a, &b, &a] {
        let run = build(records.to_str().unwrap(), out, &[]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(stderr(&run).contains("search index: "), "{}", stderr(&run));
    }
    assert!(
        !a.join("search/p9999-00000000.bin").exists(),
        "stale index files are removed"
    );
    assert!(a.join("search/notes.txt").exists(), "other files are kept");
    let files = |out: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(out.join("search"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "bin"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let written = files(&a);
    assert_eq!(written, files(&b), "two builds write the same bytes");

    // What was written is what the library builds: the manifest and every file by its name.
    let sources: Vec<Source> = std::fs::read_dir(&records)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            Source::new(name, std::fs::read(&p).unwrap())
        })
        .collect();
    let authority = read(&records.join("authority.toml"));
    let recognizer = Recognizer::new(parse_authority("authority.toml", &authority).authority);
    let index = search_index(&compile_with(&sources, &recognizer));
    let mut expected = index.files.clone();
    expected.push(("manifest.bin".to_string(), index.manifest.clone()));
    expected.sort();
    assert_eq!(written, expected);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn search_errors_name_the_file() {
    let dir = temp_dir("search-errors");
    // No index.
    let run = dossier(&["search", dir.to_str().unwrap(), "coking"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(err.contains("has no search index"), "{err}");
    assert!(err.contains("manifest.bin"), "{err}");

    let out = dir.join("out");
    let run = build("seeds", &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    // A damaged part file.
    let part = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with('d'))
        .unwrap();
    let mut bytes = std::fs::read(&part).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&part, &bytes).unwrap();
    let run = dossier(&["search", out.to_str().unwrap(), "coking"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    let name = part.file_name().unwrap().to_string_lossy().into_owned();
    assert!(err.contains(&name) && err.contains("damaged"), "{err}");
    // A missing part file.
    std::fs::remove_file(&part).unwrap();
    let run = dossier(&["search", out.to_str().unwrap(), "coking"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains(&name), "{}", stderr(&run));
    // A damaged manifest.
    std::fs::write(out.join("search/manifest.bin"), b"DSXM garbage").unwrap();
    let run = dossier(&["search", out.to_str().unwrap(), "coking"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(err.contains("manifest.bin"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn build_writes_the_configuration_and_refuses_a_wrong_one() {
    let seeds = temp_dir("config-seeds");
    std::fs::copy(
        root().join("seeds/000_35518670e4bcec4c.txt"),
        seeds.join("000_35518670e4bcec4c.txt"),
    )
    .unwrap();
    let out = temp_dir("config-out");

    // none: the defaults
    let run = build(seeds.to_str().unwrap(), &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let config = read_config(&read(&out.join("config.json"))).unwrap();
    assert!(!config.kiosk.enabled);
    assert!(
        !read_catalog_head(&read(&out.join("catalog.json")))
            .unwrap()
            .kiosk
    );

    std::fs::write(
        seeds.join("dossier.toml"),
        "[kiosk]\nenabled = true\nfeatured_documents = [\"113974\"]\npin = \"1234\"\n",
    )
    .unwrap();
    let run = build(seeds.to_str().unwrap(), &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let config = read_config(&read(&out.join("config.json"))).unwrap();
    assert!(config.kiosk.enabled);
    // the start page learns it from the catalog's head
    assert!(
        read_catalog_head(&read(&out.join("catalog.json")))
            .unwrap()
            .kiosk
    );
    assert_eq!(config.kiosk.featured_documents, ["113974"]);
    assert_eq!(config.kiosk.pin.as_deref(), Some("1234"));

    // a wrong one fails the build at its line, even with --skip-bad, and writes nothing new
    std::fs::write(
        seeds.join("dossier.toml"),
        "[kiosk]\nenabled = true\nfeatured_documents = [\"nowhere\"]\n",
    )
    .unwrap();
    let fresh = temp_dir("config-out-bad");
    let run = build(seeds.to_str().unwrap(), &fresh, &["--skip-bad"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("config-invalid"), "{err}");
    assert!(err.contains("dossier.toml:3:"), "{err}");
    assert!(err.contains("no record has the id `nowhere`"), "{err}");
    assert!(err.contains("error: fix the configuration"), "{err}");
    assert!(!fresh.join("config.json").exists());
}
