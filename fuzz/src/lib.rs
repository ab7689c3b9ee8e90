//! What the fuzz targets share, and the targets themselves (`fuzz_targets/` only hands them
//! libFuzzer's input): a small corpus compiled once per process from records and an authority
//! file of the checked-in seeds, its search index, the app's search loop, and the invariants
//! every target checks on what the core hands back.
//!
//! A broken invariant panics, which libFuzzer reports as a crash with the input that caused it.

pub mod check;
pub mod search;
pub mod targets;

use std::sync::OnceLock;

use dossier::archive::search::{build, BuildOptions, BuiltIndex, SearchDoc};
use dossier::archive::{compile_with, parse_authority, search_docs, Compiled, Recognizer, Source};

/// The records of the fixture corpus (also seeds of the `record` target): small ones, as
/// phrase searches and snippets read whole texts.
const RECORDS: [(&str, &[u8]); 6] = [
    (
        "ner_1956_memcon.txt",
        include_bytes!("../seeds/record/ner_1956_memcon.txt"),
    ),
    (
        "ner_1962_cable.txt",
        include_bytes!("../seeds/record/ner_1962_cable.txt"),
    ),
    (
        "ner_1978_embassy_note.txt",
        include_bytes!("../seeds/record/ner_1978_embassy_note.txt"),
    ),
    (
        "variant_non_latin.txt",
        include_bytes!("../seeds/record/variant_non_latin.txt"),
    ),
    (
        "variant_several_languages.txt",
        include_bytes!("../seeds/record/variant_several_languages.txt"),
    ),
    (
        "variant_undated.txt",
        include_bytes!("../seeds/record/variant_undated.txt"),
    ),
];

/// The fixture's authority file (also a seed of the `authority` target).
pub const AUTHORITY: &str = include_str!("../seeds/authority/seed.toml");

/// Queries that between them need every kind of index file: words, phrases, exclusions,
/// prefixes, typos (known and unknown words), and every kind of filter.
pub const QUERIES: [&str; 12] = [
    "soviet",
    "\"economic cooperation\"",
    "kim il sung",
    "korea -china",
    "sovet delegaton",
    "coop",
    "person:kim-il-sung",
    "place:moscow soviet",
    "year:1960-1969 lang:czech",
    "decade:1950s archive:prague",
    "\"the soviet union\" -\"north korea\"",
    "org:cpsu event:x ambassador",
];

/// The fixture: a compiled corpus, the search view of its documents and two indexes of them.
pub struct Fixture {
    /// The compiled corpus.
    pub compiled: Compiled,
    /// The documents as the index sees them, by number.
    pub docs: Vec<SearchDoc>,
    /// The index with coarse positions (the default: phrases are confirmed on the text), in
    /// small parts so that there are several files of each kind.
    pub coarse: BuiltIndex,
    /// The index with exact positions.
    pub exact: BuiltIndex,
    /// The recognizer of the fixture's authority file with the base gazetteer.
    pub recognizer: Recognizer,
}

/// Small parts, so that even this small corpus has several files of each kind; every term in
/// the typo skeleton.
fn options(position_shift: u8) -> BuildOptions {
    BuildOptions {
        dictionary_part_bytes: 512,
        postings_part_bytes: 512,
        positions_part_bytes: 512,
        meta_docs: 3,
        position_shift,
        skeleton_min_df: 1,
    }
}

/// The fixture, built on first use.
pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let report = parse_authority("authority.toml", AUTHORITY);
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        let recognizer = Recognizer::new(report.authority);
        let sources: Vec<Source> = RECORDS
            .iter()
            .map(|(name, bytes)| Source::new(*name, *bytes))
            .collect();
        let compiled = compile_with(&sources, &recognizer);
        assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
        let docs = search_docs(&compiled);
        let coarse = build(&docs, &options(7));
        let exact = build(&docs, &options(0));
        Fixture {
            compiled,
            docs,
            coarse,
            exact,
            recognizer,
        }
    })
}
