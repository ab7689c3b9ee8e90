//! The seed record, end to end: parsed, turned into a search document, indexed, found.

use dossier::archive::parse_record;
use dossier::archive::search::{body_text, SearchDoc};

use super::{open_all, search};

#[test]
fn the_seed_record_is_found_by_its_words_numbers_and_folded_letters() {
    let text = include_str!("../../seeds/000_35518670e4bcec4c.txt");
    let doc = parse_record("000_35518670e4bcec4c.txt", text).expect("the seed parses");
    let sd = SearchDoc::from_document(&doc, |_| None);
    assert_eq!(sd.year, Some(1967));
    assert_eq!(sd.languages, ["Czech"]);
    assert_eq!(
        sd.archive.as_deref(),
        Some("State Central Archive (Prague)")
    );
    assert_eq!(sd.body, body_text(&doc.body));
    let index = open_all(std::slice::from_ref(&sd), 1);
    for q in [
        "kim il sung",
        "\"coking coal\"",
        "200,000 tons",
        "200000",
        "ozu",
        "gorkyi",
        "soviet-korean",
        "lang:czech year:1967 archive:prague",
    ] {
        assert_eq!(search(&index, q).total, 1, "{q}");
    }
    assert_eq!(search(&index, "\"coal coking\"").total, 0);
    let r = search(&index, "refinery capacity");
    let s = r.highlighter.snippet(&sd.body);
    let marked: Vec<&str> = s.spans.iter().map(|r| &s.text[r.clone()]).collect();
    assert!(
        marked.contains(&"refinery") && marked.contains(&"capacity"),
        "{marked:?}"
    );
}
