//! The fuzz targets' bodies. Each takes libFuzzer's input and panics on a broken invariant.

use std::sync::{Mutex, OnceLock};

use dossier::archive::find::Finder;
use dossier::archive::ner::aggregate::kwic;
use dossier::archive::search::{FileKind, Index};
use dossier::archive::{
    catalog_entry, parse_authority, parse_report, read_catalog, read_catalog_head,
    read_catalog_page, read_document, read_entity_file, read_entity_index, to_json, Block,
    Document, DocumentFile, Position, Recognizer, Rich, Value, FORMAT_VERSION,
};

use crate::check::{check_document, check_mentions, check_results, find, highlight, query, render};
use crate::search::{file_around, manifest_around, run, End};
use crate::{fixture, QUERIES};

/// The fixture document of record `source`.
fn document(source: &str) -> &'static Document {
    let docs = &fixture().compiled.documents;
    docs.iter()
        .map(|d| &d.document)
        .find(|d| d.source == source)
        .expect("the fixture has the record")
}

/// The fixture document the `authority` target's recognizers read: a cable with people,
/// places, organizations, dates and quantities.
fn sample() -> &'static Document {
    document("ner_1962_cable.txt")
}

/// `record`: the record parser on any bytes, then what the compiler does with a record it
/// accepts (recognize its entities, write its JSON, cut its mentions' contexts) and what the
/// reader does with the result (read the JSON back, render the text by its marks and
/// mentions).
pub fn record(data: &[u8]) {
    let parsed = parse_report("fuzz.txt", data);
    let Some(mut doc) = parsed.document else {
        assert!(
            parsed.diagnostics.iter().any(|d| d.is_error()),
            "a record refused without an error"
        );
        return;
    };
    check_document(&doc);
    let f = fixture();
    doc.mentions = f.recognizer.recognize(&doc);
    check_mentions(&doc, &doc.mentions);
    let _ = catalog_entry(&doc);

    // What the compiler writes, the reader reads back as it was.
    let file = DocumentFile {
        format_version: FORMAT_VERSION,
        document: doc,
        position: Position::default(),
    };
    let mut back = read_document(&to_json(&file)).expect("the reader reads the document");
    // serde_json reads a float back to within one unit in the last place, not always exactly.
    for (b, m) in back
        .document
        .mentions
        .iter_mut()
        .zip(&file.document.mentions)
    {
        if let (Some(Value::Quantity { value: b, .. }), Some(Value::Quantity { value: m, .. })) =
            (&mut b.value, &m.value)
        {
            assert!((*b - *m).abs() <= m.abs() * 1e-15, "{m} reads back as {b}");
            *b = *m;
        }
    }
    assert_eq!(back, file, "the document reads back differently");
    render(&back.document, &back.document.mentions);

    // Each mention in context, as the entity files show it.
    for m in &back.document.mentions {
        let k = kwic(&back.document, m);
        assert_eq!(k.surface, m.surface);
    }
}

/// `authority`: the authority-file parser on any text; an authority it yields compiled into a
/// recognizer (without the base gazetteer, whose automaton is too slow to build per run) and
/// run over a text: the input after a NUL byte, if any (TOML has no NUL), else a fixture
/// record.
pub fn authority(data: &[u8]) {
    let (toml, text) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let toml = String::from_utf8_lossy(toml);
    let report = parse_authority("authority.toml", &toml);
    let lines = toml.split('\n').count() as u32;
    for d in &report.diagnostics {
        assert!(d.line >= 1 && d.line <= lines, "{d:?} is past the end");
    }
    if report.authority.entities.is_empty() {
        return;
    }
    let recognizer = Recognizer::without_base(report.authority);
    let own;
    let doc = match text {
        Some(text) => {
            let mut doc = sample().clone();
            doc.body = vec![Block::Paragraph {
                line: 1,
                text: Rich {
                    text: String::from_utf8_lossy(text).into_owned(),
                    marks: Vec::new(),
                },
            }];
            own = doc;
            &own
        }
        None => sample(),
    };
    let mentions = recognizer.recognize(doc);
    check_mentions(doc, &mentions);
}

/// The exact-positions index with every file loaded (the document texts it is given for
/// phrases are cleared before each run).
fn exact() -> &'static Mutex<Index> {
    static EXACT: OnceLock<Mutex<Index>> = OnceLock::new();
    EXACT.get_or_init(|| {
        let built = &fixture().exact;
        let mut index = Index::open(&built.manifest).expect("the fixture opens");
        for (id, (_, bytes)) in built.files.iter().enumerate() {
            let loaded = index.add_file(id as u32, bytes.clone());
            loaded.expect("a fixture file loads");
        }
        Mutex::new(index)
    })
}

/// `query_search`: the query parser on any text (its canonical text must read back the same),
/// then the search as the reader runs it over a small fixed index, to the end: without entity
/// facets on an index that fetches its files as asked, with snippets and highlights of the
/// hits and of the text; with entity facets on an index with exact positions; and the text
/// typed in the find bar.
pub fn query_search(data: &[u8]) {
    let f = fixture();
    let text = String::from_utf8_lossy(data);
    let q = query(&text);
    let limit = 3;

    // Results as the page first asks for them (without entity facets), from an empty cache.
    let mut index = Index::open(&f.coarse.manifest).expect("the fixture opens");
    match run(&mut index, &f.coarse, None, &q, limit, false) {
        End::Done(r) => {
            check_results(&r, limit, true);
            highlight(&r.highlighter, &text);
        }
        End::BadFile | End::Failed => panic!("the fixture index fails on {q}"),
    }
    // With entity facets, on the index with exact positions.
    let mut exact = exact().lock().unwrap_or_else(|e| e.into_inner());
    exact.clear_docs();
    match run(&mut exact, &f.exact, None, &q, limit, true) {
        End::Done(r) => assert!(r.hits.len() <= limit),
        End::BadFile | End::Failed => panic!("the exact fixture index fails on {q}"),
    }
    drop(exact);

    // A short document (find reads it all), in Cyrillic and Latin.
    find(document("variant_non_latin.txt"), &Finder::typed(&text));
}

/// Opens a manifest and, if it opens, asks what a few queries need (nothing can be fetched).
fn open(manifest: &[u8]) {
    let Ok(index) = Index::open(manifest) else {
        return;
    };
    for id in 0..index.file_count().min(64) {
        assert!(index.file_kind(id).is_some(), "file {id} has no kind");
        assert!(index.file_name(id).is_some(), "file {id} has no name");
    }
    assert!(index.file_kind(index.file_count()).is_none());
    for q in ["soviet", "\"the soviet union\"", "sovet person:kim"] {
        let q = query(q);
        let _ = index.plan(&q, 10);
        let _ = index.search(&q, 10);
    }
}

/// Runs query `pick` of [`QUERIES`] with file `id` of the fixture replaced by `bytes`.
fn search_with_file(id: u32, pick: u8, bytes: &[u8]) {
    let f = fixture();
    let mut index = Index::open(&f.coarse.manifest).expect("the fixture opens");
    let q = query(QUERIES[usize::from(pick) % QUERIES.len()]);
    if let End::Done(r) = run(&mut index, &f.coarse, Some((id, bytes)), &q, 3, true) {
        check_results(&r, 3, false);
    }
}

/// The files of the fixture index that the manifest holds no hash of: decoded defensively.
pub fn defensive_files() -> Vec<usize> {
    let f = fixture();
    (0..f.coarse.files.len())
        .filter(|&i| !matches!(f.coarse.kinds[i], FileKind::Dictionary | FileKind::Skeleton))
        .collect()
}

/// `corpus_loader`: the loaders the reader runs on what it fetches. The first byte picks one:
///
/// - 0 to 5: the rest as text, read as a whole catalog, `catalog.json` (the catalog's head), a
///   catalog page, `docs/<id>.json`, `entities.json`, `entity/<id>.json`; a document read is
///   rendered and found in as the reader does;
/// - 6: the search index's manifest, as is;
/// - 7: a manifest around the rest, with the right checksum (to get past it);
/// - 8: a file of the fixture index (the second byte picks which) replaced by the rest (after
///   a third byte), as is;
/// - 9: the same, with the right frame and checksum around the rest, for the files whose hash
///   the manifest does not hold.
///
/// For 8 and 9, one of the fixture's [`QUERIES`] (the third byte picks which) runs to the end,
/// fetching the other files as asked.
pub fn corpus_loader(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 10 {
        m @ 0..=5 => {
            let json = String::from_utf8_lossy(rest);
            match m {
                0 => drop(read_catalog(&json)),
                1 => drop(read_catalog_head(&json)),
                2 => drop(read_catalog_page(&json)),
                3 => {
                    if let Ok(file) = read_document(&json) {
                        let doc = &file.document;
                        render(doc, &doc.mentions);
                        find(doc, &Finder::typed("the so"));
                        find(doc, &Finder::terms(["soviet".to_string()]));
                    }
                }
                4 => drop(read_entity_index(&json)),
                _ => drop(read_entity_file(&json)),
            }
        }
        6 => open(rest),
        7 => open(&manifest_around(rest)),
        m => {
            let [pick, query, bytes @ ..] = rest else {
                return;
            };
            if m == 8 {
                let id = u32::from(*pick) % fixture().coarse.files.len() as u32;
                search_with_file(id, *query, bytes);
            } else {
                let ids = defensive_files();
                let id = ids[usize::from(*pick) % ids.len()];
                search_with_file(id as u32, *query, &file_around(id, bytes));
            }
        }
    }
}
