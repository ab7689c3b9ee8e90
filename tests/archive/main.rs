//! Native integration tests of the pure core (`dossier::archive`): the real seed, format
//! variants, bad input, corpus compilation, JSON snapshots and property tests.

mod bad_input;
mod config;
mod corpus;
mod embed;
mod ner;
mod props;
mod seed;
mod variants;

use std::path::PathBuf;

use dossier::archive::{Block, Document, Rich, Source};

/// Path of a file under `tests/fixtures/`.
pub fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Bytes of a file under `tests/fixtures/`.
pub fn fixture(rel: &str) -> Vec<u8> {
    let path = fixture_path(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every `*.txt` in a fixture folder as sources, named by file name.
pub fn fixture_dir(rel: &str) -> Vec<Source> {
    let mut names: Vec<String> = std::fs::read_dir(fixture_path(rel))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| Source::new(n.clone(), fixture(&format!("{rel}/{n}"))))
        .collect()
}

/// Every rich text of the body, in order.
pub fn all_rich(doc: &Document) -> Vec<&Rich> {
    let mut out = Vec::new();
    for block in &doc.body {
        match block {
            Block::Apparatus { lines, .. } => out.extend(lines),
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => out.push(text),
            Block::List { items, .. } => out.extend(items.iter().map(|i| &i.text)),
        }
    }
    out
}

/// The texts of the body as the source printed them: list items with their labels.
pub fn body_texts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &doc.body {
        match block {
            Block::Apparatus { lines, .. } => out.extend(lines.iter().map(|l| l.text.clone())),
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
                out.push(text.text.clone())
            }
            Block::List { items, .. } => {
                out.extend(items.iter().map(|i| format!("{} {}", i.label, i.text.text)));
            }
        }
    }
    out
}

/// Asserts that every mark lies within its text on char boundaries, sorted, not overlapping.
pub fn assert_marks_well_formed(rich: &Rich) {
    let text = &rich.text;
    for m in &rich.marks {
        assert!(
            m.start <= m.end && m.end <= text.len(),
            "{m:?} outside {text:?}"
        );
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "{m:?} in {text:?}"
        );
    }
    for pair in rich.marks.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "overlap or disorder {pair:?} in {text:?}"
        );
    }
}
