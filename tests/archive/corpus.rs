//! Compiling a corpus: order, determinism, JSON round trip, format versions, snapshots.

use dossier::archive::{
    compile, read_catalog, read_document, to_json_pretty, LoadError, Source, FORMAT_VERSION,
};

use crate::fixture_dir;

const SEED: &str = include_str!("../../seeds/000_35518670e4bcec4c.txt");

fn seed_sources() -> Vec<Source> {
    vec![Source::new("000_35518670e4bcec4c.txt", SEED)]
}

#[test]
fn documents_are_sorted_by_date_then_title_with_undated_last() {
    let compiled = compile(&fixture_dir("variants"));
    assert_eq!(compiled.skipped, Vec::<String>::new());
    let order: Vec<(Option<&str>, &str)> = compiled
        .catalog
        .documents
        .iter()
        .map(|e| (e.date.iso.as_deref(), e.title.as_str()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by_key(|(iso, title)| (iso.is_none(), *iso, *title));
    assert_eq!(order, sorted);
    assert_eq!(order.last().unwrap(), &(None, "Undated Memo"));
    assert_eq!(
        order[0],
        (Some("1950-06-25"), "Телеграмма Ким Ир Сена 김일성 金日成")
    );
    let catalog_ids: Vec<&str> = compiled
        .catalog
        .documents
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    let doc_ids: Vec<&str> = compiled
        .documents
        .iter()
        .map(|d| d.document.id.as_str())
        .collect();
    assert_eq!(catalog_ids, doc_ids);
}

#[test]
fn ids_are_safe_in_file_names_and_urls() {
    for doc in compile(&fixture_dir("variants")).documents {
        let id = &doc.document.id;
        assert!(
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{id}"
        );
    }
}

#[test]
fn compiling_is_deterministic_and_independent_of_input_order() {
    let mut sources = fixture_dir("variants");
    let first = compile(&sources);
    sources.reverse();
    let second = compile(&sources);
    assert_eq!(first, second);
    assert_eq!(
        to_json_pretty(&first.catalog),
        to_json_pretty(&second.catalog)
    );
}

#[test]
fn catalog_counts_body_words() {
    let compiled = compile(&seed_sources());
    let entry = &compiled.catalog.documents[0];
    assert_eq!(entry.words, 1913);
    assert_eq!(
        entry.archive.as_deref(),
        Some("State Central Archive (Prague)")
    );
    let plain: usize = SEED
        .lines()
        .skip(27)
        .map(|l| l.split_whitespace().count())
        .sum();
    // Every body word is counted once, except the four list labels ("1." ... "4.").
    assert_eq!(entry.words as usize, plain - 4);
}

#[test]
fn json_round_trips_through_the_readers() {
    let compiled = compile(&fixture_dir("variants"));
    let json = to_json_pretty(&compiled.catalog);
    assert!(json.ends_with("}\n"));
    assert_eq!(read_catalog(&json).unwrap(), compiled.catalog);
    for doc in &compiled.documents {
        assert_eq!(&read_document(&to_json_pretty(doc)).unwrap(), doc);
    }
}

#[test]
fn readers_refuse_other_format_versions() {
    let compiled = compile(&seed_sources());
    let json = to_json_pretty(&compiled.documents[0]);
    let newer = json.replacen(
        &format!("\"format_version\": {FORMAT_VERSION}"),
        &format!("\"format_version\": {}", FORMAT_VERSION + 1),
        1,
    );
    let err = read_document(&newer).unwrap_err();
    assert_eq!(
        err,
        LoadError::NewerFormat {
            found: FORMAT_VERSION + 1,
            supported: FORMAT_VERSION
        }
    );
    assert!(err.to_string().contains("newer Dossier"));
    let broken = read_catalog("{\"format_version\": 1, \"documents\": [").unwrap_err();
    assert!(
        matches!(broken, LoadError::InvalidJson { line: 1, .. }),
        "{broken:?}"
    );
}

/// The seed compiled as `dossier build seeds` does: with `seeds/authority.toml`.
#[test]
fn seed_corpus_snapshot() {
    let authority = dossier::archive::parse_authority(
        "authority.toml",
        include_str!("../../seeds/authority.toml"),
    );
    assert!(authority.diagnostics.is_empty());
    let recognizer = dossier::archive::Recognizer::new(authority.authority);
    let compiled = dossier::archive::compile_with(&seed_sources(), &recognizer);
    assert!(compiled.diagnostics.is_empty());
    insta::assert_json_snapshot!("seed_catalog", compiled.catalog);
    insta::assert_json_snapshot!("seed_document", compiled.documents[0]);
    insta::assert_json_snapshot!("seed_entities", compiled.entities.index);
    let ussr = compiled
        .entities
        .files
        .iter()
        .find(|f| f.entity.id == "north-korea")
        .unwrap();
    insta::assert_json_snapshot!("seed_entity_north_korea", ussr);
}
