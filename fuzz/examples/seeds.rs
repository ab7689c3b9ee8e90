//! Writes the seeds of `query_search` and `corpus_loader` from the fixture corpus (the seeds
//! of `record` and `authority` are records and authority files, copied by hand):
//!
//! ```sh
//! cd fuzz && cargo run --release --example seeds
//! ```

use std::fs;
use std::path::Path;

use dossier::archive::search::{FileKind, Index};
use dossier::archive::{catalog_files, to_json, to_json_pretty};
use dossier_fuzz::search::{file_head_len, run, End};
use dossier_fuzz::targets::defensive_files;
use dossier_fuzz::{fixture, QUERIES};

/// Whether query `q` of [`QUERIES`] reads file `id` of the fixture index (it fails when the
/// file is replaced by nothing).
fn reads(id: usize, q: usize) -> bool {
    let f = fixture();
    let mut index = Index::open(&f.coarse.manifest).expect("the fixture opens");
    let query = dossier_fuzz::check::query(QUERIES[q]);
    let empty = Some((id as u32, &[][..]));
    matches!(
        run(&mut index, &f.coarse, empty, &query, 3, true),
        End::BadFile
    )
}

fn write(dir: &Path, name: &str, mode: &[u8], bytes: &[u8]) {
    let mut b = mode.to_vec();
    b.extend_from_slice(bytes);
    fs::write(dir.join(name), b).expect("writes a seed");
}

fn main() {
    let f = fixture();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");

    let dir = root.join("query_search");
    fs::create_dir_all(&dir).expect("creates the folder");
    let more = [
        "\"open phrase",
        "-",
        "Nižnij Novgorod YILMAZ",
        "year:1967 year:1960-1969 decade:1960s",
        "person:\"Kim Il Sung\" lang:English archive:\"State Central Archive (Prague)\"",
        "soviet-korean \"economic aid\" -\"kim\" org: place:",
        "kosygin brezhnev ambassador moscow pyongyang",
    ];
    for (i, q) in QUERIES.iter().chain(&more).enumerate() {
        write(&dir, &format!("q{i:02}"), &[], q.as_bytes());
    }

    let dir = root.join("corpus_loader");
    fs::create_dir_all(&dir).expect("creates the folder");
    let c = &f.compiled;
    let (head, pages) = catalog_files(&c.catalog, 3);
    write(&dir, "0-catalog", &[0], to_json(&c.catalog).as_bytes());
    write(&dir, "1-head", &[1], to_json_pretty(&head).as_bytes());
    for (name, page) in pages.iter().take(2) {
        write(&dir, &format!("2-{name}"), &[2], to_json(page).as_bytes());
    }
    // the smaller documents (the seed record's file is large)
    for d in c
        .documents
        .iter()
        .filter(|d| d.document.source != "seed.txt")
    {
        let name = format!("3-{}", d.document.id);
        write(&dir, &name, &[3], to_json(d).as_bytes());
    }
    write(
        &dir,
        "4-entities",
        &[4],
        to_json(&c.entities.index).as_bytes(),
    );
    for e in c.entities.files.iter().step_by(20).take(4) {
        let name = format!("5-{}", e.entity.id);
        write(&dir, &name, &[5], to_json(e).as_bytes());
    }
    let manifest = &f.coarse.manifest;
    write(&dir, "6-manifest", &[6], manifest);
    write(&dir, "7-manifest", &[7], &manifest[5..manifest.len() - 8]);
    // one file of each kind, as is and as a payload, with a query that reads it
    let defensive = defensive_files();
    for kind in FileKind::ALL {
        let Some(id) = f.coarse.kinds.iter().position(|&k| k == kind) else {
            continue;
        };
        let Some(query) = (0..QUERIES.len()).find(|&q| reads(id, q)) else {
            println!("no query reads the first {kind:?} file");
            continue;
        };
        let file = &f.coarse.files[id].1;
        let prefix = kind.prefix();
        write(
            &dir,
            &format!("8-{prefix}"),
            &[8, id as u8, query as u8],
            file,
        );
        if let Some(pick) = defensive.iter().position(|&i| i == id) {
            let payload = &file[file_head_len(file)..file.len() - 8];
            let name = format!("9-{prefix}");
            write(&dir, &name, &[9, pick as u8, query as u8], payload);
        }
    }
    println!(
        "{} index files ({} decoded defensively)",
        f.coarse.files.len(),
        defensive.len()
    );
}
