//! Search benchmark over a synthetic corpus made from the public-domain FRUS volumes in
//! `../shared/corpora/frus-plaintext-volumes/` (read at run time, never copied).
//!
//! ```sh
//! DOSSIER_BENCH_DOCS=10000 cargo bench --bench search
//! ```
//!
//! Prints build time, index size per byte of text (raw and gzip, by kind of file), what each
//! kind of query fetches on an empty cache before its first page (index files, and the
//! documents' text quoted phrases are confirmed on; `DOSSIER_BENCH_COLD=1`: per query and kind
//! of file), p50/p95/max latency per kind of query, and how many realistic misspellings find
//! their document in the top 10 (and how many do when spelled right); then runs criterion on a
//! few queries. Documents are numbered in the collection's order, as the compiler numbers them.
//! `DOSSIER_BENCH_SHIFT`, `_SKELETON_DF`, `_PART`, `_DICT_PART`, `_META_DOCS` change the build
//! options.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::Criterion;
use dossier::archive::corpus::collection_order;
use dossier::archive::search::{
    build, parse_query, BuildOptions, FileKind, Index, Outcome, Query, Results, SearchDoc,
};
use dossier::archive::{parse_record, synth};

mod common;
use common::{misspellings, QUERIES};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/frus-plaintext-volumes")
}

fn load_source() -> Option<String> {
    let dir = corpus_dir();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let mut all = String::new();
    for p in names {
        let text = std::fs::read_to_string(&p).ok()?;
        all.push_str(text.rsplit('\t').next().unwrap_or(&text));
        all.push(' ');
    }
    (!all.is_empty()).then_some(all)
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("in memory");
    e.finish().expect("in memory").len()
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct Fixture {
    index: Index,
    docs: Vec<SearchDoc>,
}

/// The page size of the results list.
const PAGE: usize = 20;

/// What a query fetches on an empty cache: (index files, their gzip bytes, documents, their
/// gzip bytes, round trips).
struct Cold {
    files: usize,
    bytes: usize,
    docs: usize,
    doc_bytes: usize,
    trips: usize,
    /// Gzip bytes by kind of file (manifest not included).
    by_kind: Vec<(FileKind, usize)>,
}

fn doc_text(d: &SearchDoc) -> String {
    format!("{}\n{}\n{}\n{}", d.title, d.date, d.summary, d.body)
}

/// Runs a query on an index with only the manifest, fetching what it asks for.
fn cold(
    manifest: &[u8],
    files: &[(String, Vec<u8>)],
    gz: &[usize],
    docs: &[SearchDoc],
    q: &str,
) -> Cold {
    let mut index = Index::open(manifest).expect("manifest opens");
    let mut c = Cold {
        files: 0,
        bytes: gzip_len(manifest),
        docs: 0,
        doc_bytes: 0,
        trips: 1,
        by_kind: Vec::new(),
    };
    let q = parse_query(q);
    loop {
        match index.search(&q, PAGE).expect("search runs") {
            Outcome::Done(_) => return c,
            Outcome::NeedFiles(ids) => {
                c.trips += 1;
                for id in ids {
                    c.files += 1;
                    c.bytes += gz[id as usize];
                    let kind = index.file_kind(id).expect("a file of the index");
                    match c.by_kind.iter_mut().find(|(k, _)| *k == kind) {
                        Some((_, b)) => *b += gz[id as usize],
                        None => c.by_kind.push((kind, gz[id as usize])),
                    }
                    index
                        .add_file(id, files[id as usize].1.clone())
                        .expect("file loads");
                }
            }
            Outcome::NeedDocs(ds) => {
                c.trips += 1;
                for (d, _) in ds {
                    c.docs += 1;
                    c.doc_bytes += gzip_len(doc_text(&docs[d as usize]).as_bytes());
                    index.add_doc(d, &docs[d as usize]);
                }
            }
        }
    }
}

/// Runs a query to the end on a fully loaded index (adding documents' text when asked).
fn run(index: &mut Index, docs: &[SearchDoc], q: &Query) -> Results {
    loop {
        match index.search(q, PAGE).expect("search runs") {
            Outcome::Done(r) => return *r,
            Outcome::NeedDocs(ds) => ds
                .into_iter()
                .for_each(|(d, _)| index.add_doc(d, &docs[d as usize])),
            Outcome::NeedFiles(ids) => panic!("files {ids:?} missing"),
        }
    }
}

fn setup() -> Option<Fixture> {
    let Some(source) = load_source() else {
        eprintln!(
            "search bench skipped: no FRUS text in {} (the shared corpora are missing)",
            corpus_dir().display()
        );
        return None;
    };
    let n: usize = std::env::var("DOSSIER_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let t = Instant::now();
    let records = synth::generate(n, 1967, &source);
    let record_bytes: usize = records.iter().map(|r| r.1.len()).sum();
    let gen_time = t.elapsed();
    let t = Instant::now();
    let mut parsed: Vec<_> = records
        .iter()
        .filter_map(|(name, text)| parse_record(name, text).ok())
        .collect();
    // Numbered as the compiler numbers them: in the collection's (date) order.
    parsed.sort_by(collection_order);
    let docs: Vec<SearchDoc> = parsed
        .iter()
        .map(|d| SearchDoc::from_document(d, |_| None))
        .collect();
    let parse_time = t.elapsed();
    let text_bytes: usize = docs
        .iter()
        .map(|d| d.title.len() + d.summary.len() + d.body.len() + d.date.len())
        .sum();
    let t = Instant::now();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<usize>().ok());
    let mut opts = BuildOptions::default();
    if let Some(v) = env("DOSSIER_BENCH_SHIFT") {
        opts.position_shift = v as u8;
    }
    if let Some(v) = env("DOSSIER_BENCH_SKELETON_DF") {
        opts.skeleton_min_df = v as u32;
    }
    if let Some(v) = env("DOSSIER_BENCH_PART") {
        opts.postings_part_bytes = v;
        opts.positions_part_bytes = v;
    }
    if let Some(v) = env("DOSSIER_BENCH_DICT_PART") {
        opts.dictionary_part_bytes = v;
    }
    if let Some(v) = env("DOSSIER_BENCH_META_DOCS") {
        opts.meta_docs = v as u32;
    }
    println!("{opts:?}");
    let built = build(&docs, &opts);
    let build_time = t.elapsed();
    let raw = built.total_bytes();
    let gz: Vec<usize> = built.files.iter().map(|s| gzip_len(&s.1)).collect();
    let manifest_gz = gzip_len(&built.manifest);
    let total_gz = manifest_gz + gz.iter().sum::<usize>();
    let mb = text_bytes as f64 / 1e6;
    let per = |b: usize| b as f64 / text_bytes as f64;
    println!(
        "docs {} | records {:.1} MB (generated in {:.2?}, parsed in {:.2?}) | indexed text {:.1} MB",
        docs.len(),
        record_bytes as f64 / 1e6,
        gen_time,
        parse_time,
        mb
    );
    println!(
        "build {:.2?} | index raw {:.1} MB ({:.3} B per byte of text) | gzip {:.2} MB ({:.4})",
        build_time,
        raw as f64 / 1e6,
        per(raw),
        total_gz as f64 / 1e6,
        per(total_gz)
    );
    let mut line = format!(
        "gzip by part: manifest {:.1} KB ({:.4})",
        manifest_gz as f64 / 1e3,
        per(manifest_gz)
    );
    for kind in FileKind::ALL {
        let ids: Vec<usize> = (0..gz.len()).filter(|&i| built.kinds[i] == kind).collect();
        let b: usize = ids.iter().map(|&i| gz[i]).sum();
        let largest = ids.iter().map(|&i| gz[i]).max().unwrap_or(0);
        line.push_str(&format!(
            " | {kind:?} {} files {:.1} KB ({:.4}, largest {:.1} KB)",
            ids.len(),
            b as f64 / 1e3,
            per(b),
            largest as f64 / 1e3
        ));
    }
    println!("{line}");
    let t = Instant::now();
    let mut index = Index::open(&built.manifest).expect("manifest opens");
    println!(
        "manifest {:.1} KB raw, {:.1} KB gzip, opened in {:.2?} | {} files",
        built.manifest.len() as f64 / 1e3,
        manifest_gz as f64 / 1e3,
        t.elapsed(),
        index.file_count(),
    );
    // What a query fetches, cold (nothing loaded but the manifest), to its first page.
    println!(
        "{:<12} {:>6} {:>10} {:>10} {:>6} {:>10} {:>10} {:>8}  (cold, to the first page of {PAGE}: mean / max KB; all: index and documents)",
        "kind", "files", "KB gzip", "max KB", "docs", "docs KB", "max all KB", "trips"
    );
    let detail = std::env::var_os("DOSSIER_BENCH_COLD").is_some();
    for (kind, qs) in QUERIES {
        let cs: Vec<Cold> = qs
            .iter()
            .map(|q| cold(&built.manifest, &built.files, &gz, &docs, q))
            .collect();
        let k = cs.len() as f64;
        println!(
            "{:<12} {:>6.1} {:>10.1} {:>10.1} {:>6.1} {:>10.1} {:>10.1} {:>8.1}",
            kind,
            cs.iter().map(|c| c.files).sum::<usize>() as f64 / k,
            cs.iter().map(|c| c.bytes).sum::<usize>() as f64 / k / 1e3,
            cs.iter().map(|c| c.bytes).max().unwrap_or(0) as f64 / 1e3,
            cs.iter().map(|c| c.docs).sum::<usize>() as f64 / k,
            cs.iter().map(|c| c.doc_bytes).sum::<usize>() as f64 / k / 1e3,
            cs.iter().map(|c| c.bytes + c.doc_bytes).max().unwrap_or(0) as f64 / 1e3,
            cs.iter().map(|c| c.trips).sum::<usize>() as f64 / k,
        );
        if detail {
            for (q, c) in qs.iter().zip(&cs) {
                let parts: Vec<String> = c
                    .by_kind
                    .iter()
                    .map(|(k, b)| format!("{k:?} {:.1}", *b as f64 / 1e3))
                    .collect();
                println!(
                    "    {q:?}: {:.1} KB: {} | documents {} {:.1}",
                    (c.bytes + c.doc_bytes) as f64 / 1e3,
                    parts.join(", "),
                    c.docs,
                    c.doc_bytes as f64 / 1e3
                );
            }
        }
    }
    for (id, (_, bytes)) in built.files.into_iter().enumerate() {
        index.add_file(id as u32, bytes).expect("file loads");
    }
    println!(
        "{:<12} {:>9} {:>9} {:>9}  (search only, files and asked-for texts loaded)",
        "kind", "p50", "p95", "max"
    );
    let mut all = Vec::new();
    for (kind, qs) in QUERIES {
        let mut times = Vec::new();
        for q in *qs {
            let parsed = parse_query(q);
            run(&mut index, &docs, &parsed);
            for _ in 0..15 {
                let t = Instant::now();
                let r = index.search(&parsed, PAGE).expect("search runs");
                std::hint::black_box(&r);
                times.push(t.elapsed());
            }
        }
        times.sort();
        all.extend_from_slice(&times);
        println!(
            "{:<12} {:>9.2?} {:>9.2?} {:>9.2?}",
            kind,
            pct(&times, 0.5),
            pct(&times, 0.95),
            times[times.len() - 1]
        );
    }
    all.sort();
    println!(
        "{:<12} {:>9.2?} {:>9.2?} {:>9.2?}",
        "all",
        pct(&all, 0.5),
        pct(&all, 0.95),
        all[all.len() - 1]
    );
    if let Ok(q) = std::env::var("DOSSIER_BENCH_DEBUG") {
        let r = run(&mut index, &docs, &parse_query(&q));
        println!(
            "debug {q:?}: total {} forms {:?}",
            r.total,
            r.highlighter.terms()
        );
        for h in r.hits.iter().take(10) {
            println!("  {} {:.2} {} {}", h.doc, h.score, h.title, h.date);
        }
    }
    // Misspellings.
    let (set, right) = misspellings(&docs, 100);
    let control_missed: Vec<&String> = right
        .iter()
        .zip(&set)
        .filter(|(q, (_, d))| {
            !run(&mut index, &docs, &parse_query(q))
                .hits
                .iter()
                .take(10)
                .any(|h| h.doc == *d)
        })
        .map(|(q, _)| q)
        .collect();
    println!(
        "misspellings control: {}/{} find their document in the top 10 when spelled right; missed: {control_missed:?}",
        set.len() - control_missed.len(),
        set.len()
    );
    let mut found = 0;
    let mut times = Vec::new();
    let mut missed = Vec::new();
    for (q, d) in &set {
        let parsed = parse_query(q);
        let t = Instant::now();
        let r = run(&mut index, &docs, &parsed);
        times.push(t.elapsed());
        if r.hits.iter().take(10).any(|h| h.doc == *d) {
            found += 1;
        } else {
            missed.push(q.clone());
        }
    }
    times.sort();
    println!(
        "misspellings: {found}/{} find their document in the top 10 (p50 {:.2?}, p95 {:.2?}, max {:.2?}); e.g. {:?}; missed: {:?}",
        set.len(),
        pct(&times, 0.5),
        pct(&times, 0.95),
        times[times.len() - 1],
        set.iter().take(6).map(|s| s.0.as_str()).collect::<Vec<_>>(),
        missed
    );
    Some(Fixture { index, docs })
}

fn bench(c: &mut Criterion, f: &mut Fixture) {
    for (name, q) in [
        ("word", "delegation"),
        ("phrase", "\"economic cooperation\""),
        ("prefix", "negot"),
        ("typo", "goverment"),
        ("filters", "coal year:1960-1969"),
    ] {
        let parsed = parse_query(q);
        run(&mut f.index, &f.docs, &parsed);
        let index = &f.index;
        c.bench_function(&format!("search/{name}"), |b| {
            b.iter(|| index.search(&parsed, PAGE).expect("search runs"))
        });
    }
}

fn main() {
    let Some(mut f) = setup() else { return };
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .configure_from_args();
    bench(&mut c, &mut f);
    c.final_summary();
}
