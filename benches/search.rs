//! Search benchmark over a synthetic corpus made from the public-domain FRUS volumes in
//! `../shared/corpora/frus-plaintext-volumes/` (read at run time, never copied).
//!
//! ```sh
//! DOSSIER_BENCH_DOCS=10000 cargo bench --bench search
//! ```
//!
//! Prints build time, index size per MB of text (raw and gzip), the manifest's size and the
//! time to open it, and p50/p95 latency per kind of query; then runs criterion on a few of them.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::Criterion;
use dossier::archive::search::{build, parse_query, BuildOptions, Index, SearchDoc};
use dossier::archive::{parse_record, synth};

const QUERIES: &[(&str, &[&str])] = &[
    (
        "word",
        &[
            "delegation",
            "refinery",
            "guatemala",
            "khrushchev",
            "embassy",
        ],
    ),
    ("common word", &["the", "soviet", "government"]),
    (
        "two words",
        &[
            "soviet delegation",
            "economic cooperation",
            "foreign minister",
        ],
    ),
    (
        "phrase",
        &[
            "\"economic cooperation\"",
            "\"the soviet union\"",
            "\"foreign minister\"",
        ],
    ),
    ("prefix", &["negot", "deleg", "sov", "emb"]),
    (
        "typo",
        &["delegaton", "goverment", "khrushchov", "refinary"],
    ),
    (
        "diacritics",
        &["yilmaz", "nizhnij novgorod", "lodz", "dvorak"],
    ),
    ("numbers", &["200,000", "1967", "tons 1962"]),
    ("exclusion", &["coal -china", "soviet -union"]),
    (
        "filters",
        &[
            "coal year:1960-1969",
            "lang:czech decade:1950s",
            "embassy archive:prague",
        ],
    ),
    ("no result", &["zzyzzq", "brezhnev mascaw"]),
];

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
    let docs: Vec<SearchDoc> = records
        .iter()
        .filter_map(|(name, text)| parse_record(name, text).ok())
        .map(|d| SearchDoc::from_document(&d, |_| None))
        .collect();
    let parse_time = t.elapsed();
    let text_bytes: usize = docs
        .iter()
        .map(|d| d.title.len() + d.summary.len() + d.body.len() + d.date.len())
        .sum();
    let t = Instant::now();
    let built = build(&docs, &BuildOptions::default());
    let build_time = t.elapsed();
    let raw = built.total_bytes();
    let shard_gz: Vec<usize> = built.shards.iter().map(|s| gzip_len(&s.1)).collect();
    let manifest_gz = gzip_len(&built.manifest);
    let half = built.shards.len() / 2;
    let terms_gz: usize = shard_gz[..half].iter().sum();
    let pos_gz: usize = shard_gz[half..].iter().sum();
    let gz = manifest_gz + terms_gz + pos_gz;
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
        "build {:.2?} | index raw {:.1} MB ({:.3} B per byte of text) | gzip {:.1} MB ({:.3})",
        build_time,
        raw as f64 / 1e6,
        per(raw),
        gz as f64 / 1e6,
        per(gz)
    );
    println!(
        "gzip by part: manifest {:.2} MB ({:.3}) + term shards {:.2} MB ({:.3}) + position shards {:.2} MB ({:.3})",
        manifest_gz as f64 / 1e6,
        per(manifest_gz),
        terms_gz as f64 / 1e6,
        per(terms_gz),
        pos_gz as f64 / 1e6,
        per(pos_gz)
    );
    let t = Instant::now();
    let mut index = Index::open(&built.manifest).expect("manifest opens");
    println!(
        "manifest {:.0} KB raw, {:.0} KB gzip, opened in {:.2?} | {} + {} shards | {} terms",
        built.manifest.len() as f64 / 1e3,
        manifest_gz as f64 / 1e3,
        t.elapsed(),
        half,
        half,
        index.term_count()
    );
    // What a query fetches, cold (nothing loaded but the manifest).
    println!(
        "{:<12} {:>8} {:>12}  (cold fetch per query, mean)",
        "kind", "shards", "KB gzip"
    );
    for (kind, qs) in QUERIES {
        let (mut n, mut bytes) = (0usize, 0usize);
        for q in *qs {
            let plan = index.plan(&parse_query(q));
            n += plan.len();
            bytes += plan.iter().map(|&id| shard_gz[id as usize]).sum::<usize>();
        }
        println!(
            "{:<12} {:>8.1} {:>12.0}",
            kind,
            n as f64 / qs.len() as f64,
            bytes as f64 / qs.len() as f64 / 1e3
        );
    }
    for (id, (_, bytes)) in built.shards.into_iter().enumerate() {
        index.add_shard(id as u32, bytes).expect("shard loads");
    }
    println!(
        "{:<12} {:>9} {:>9} {:>9}  (search only, shards loaded)",
        "kind", "p50", "p95", "max"
    );
    for (kind, qs) in QUERIES {
        let mut times = Vec::new();
        for q in *qs {
            let parsed = parse_query(q);
            for _ in 0..15 {
                let t = Instant::now();
                let r = index.search(&parsed, 20).expect("search runs");
                if let Some(h) = r.hits.first() {
                    std::hint::black_box(h);
                }
                times.push(t.elapsed());
            }
        }
        times.sort();
        println!(
            "{:<12} {:>9.2?} {:>9.2?} {:>9.2?}",
            kind,
            pct(&times, 0.5),
            pct(&times, 0.95),
            times[times.len() - 1]
        );
    }
    Some(Fixture { index })
}

fn bench(c: &mut Criterion, f: &Fixture) {
    for (name, q) in [
        ("word", "delegation"),
        ("phrase", "\"economic cooperation\""),
        ("prefix", "negot"),
        ("typo", "goverment"),
        ("filters", "coal year:1960-1969"),
    ] {
        let parsed = parse_query(q);
        c.bench_function(&format!("search/{name}"), |b| {
            b.iter(|| f.index.search(&parsed, 20).expect("search runs").total)
        });
    }
}

fn main() {
    let Some(f) = setup() else { return };
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .configure_from_args();
    bench(&mut c, &f);
    c.final_summary();
}
