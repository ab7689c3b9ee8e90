//! The real seed record, field by field and block by block.

use dossier::archive::{
    parse_record, parse_report, ApparatusKind, Block, DatePrecision, Document, Mark, MarkKind, Rich,
};

use crate::{all_rich, assert_marks_well_formed, body_texts};

const SEED: &str = include_str!("../../seeds/000_35518670e4bcec4c.txt");
const NAME: &str = "000_35518670e4bcec4c.txt";
/// 1-based line where the body starts (`[handwritten] 2.5.1967`).
const BODY_LINE: usize = 28;

fn seed() -> Document {
    parse_record(NAME, SEED).expect("the seed parses")
}

fn paragraphs(doc: &Document) -> Vec<(u32, &Rich)> {
    doc.body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { line, text } => Some((*line, text)),
            _ => None,
        })
        .collect()
}

fn editorial(label: &str) -> MarkKind {
    MarkKind::Editorial {
        label: label.to_owned(),
    }
}

#[test]
fn seed_parses_without_diagnostics() {
    let parsed = parse_report(NAME, SEED.as_bytes());
    assert_eq!(parsed.diagnostics, vec![]);
    assert_eq!(parsed.record_id_line, Some(10));
}

#[test]
fn seed_header_fields_are_exact() {
    let doc = seed();
    let m = &doc.meta;
    assert_eq!(doc.id, "113974");
    assert_eq!(doc.source, NAME);
    assert_eq!(m.date.text, "June 2, 1967");
    assert_eq!(m.date.iso.as_deref(), Some("1967-06-02"));
    assert_eq!(m.date.precision, DatePrecision::Day);
    assert_eq!(m.title, "On Some Issues of Soviet-Korean Relations");
    let c = m.citation.as_ref().expect("citation");
    assert_eq!(
        c.text,
        "\"On Some Issues of Soviet-Korean Relations\", June 2, 1967, Wilson Center Digital \
         Archive, State Central Archive (Prague), File A, Novotny, foreign affairs, KPDR. Sign., \
         82 b. 8, pp. 6. Translated for NKIDP by Adolf Kotlik."
    );
    assert_eq!(
        c.collection.as_deref(),
        Some("Wilson Center Digital Archive")
    );
    assert_eq!(c.archive.as_deref(), Some("State Central Archive (Prague)"));
    assert_eq!(
        c.reference.as_deref(),
        Some("File A, Novotny, foreign affairs, KPDR. Sign., 82 b. 8")
    );
    assert_eq!(c.pages.as_deref(), Some("pp. 6"));
    assert_eq!(c.translator.as_deref(), Some("Adolf Kotlik"));
    assert_eq!(c.project.as_deref(), Some("NKIDP"));
    assert_eq!(
        m.source_url.as_deref(),
        Some("https://digitalarchive.umd.edu/document/113974")
    );
    assert_eq!(m.record_id.as_deref(), Some("113974"));
    assert_eq!(
        m.summary.as_deref(),
        Some(
            "The Czechoslovak Ambassador to Moscow reports on Soviet-North Korean relations, \
             describing a visit to the Soviet Union by Kim Il Sung and a North Korean delegation \
             which was meant to increase economic cooperation between the two countries."
        )
    );
    assert_eq!(
        m.credits.as_deref(),
        Some("This document was made possible with support from Leon Levy Foundation")
    );
    assert_eq!(m.original_languages, ["Czech"]);
    assert_eq!(m.contents, ["Translation - English"]);
    assert!(m.extra.is_empty());
}

#[test]
fn seed_apparatus_blocks_come_first_in_order() {
    let doc = seed();
    let kinds: Vec<(u32, ApparatusKind, usize)> = doc.body[..4]
        .iter()
        .map(|b| match b {
            Block::Apparatus { line, kind, lines } => (*line, *kind, lines.len()),
            other => panic!("expected apparatus, got {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (28, ApparatusKind::Handwritten, 1),
            (30, ApparatusKind::Stamp, 7),
            (44, ApparatusKind::Classification, 1),
            (46, ApparatusKind::Reference, 1),
        ]
    );
    let Block::Apparatus {
        lines: handwritten, ..
    } = &doc.body[0]
    else {
        unreachable!()
    };
    assert_eq!(handwritten[0].text, "[handwritten] 2.5.1967");
    assert_eq!(
        handwritten[0].marks,
        [Mark {
            start: 0,
            end: 13,
            kind: editorial("handwritten")
        }]
    );

    let Block::Apparatus { lines: stamp, .. } = &doc.body[1] else {
        unreachable!()
    };
    let texts: Vec<&str> = stamp.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "[stamp]",
            "STATE CENTRAL ARCHIVE in Prague",
            "DEGREE OF SECRECY CANCELED",
            "Reason: file no. 267 261/01- OZÚ",
            "[OZU = Section for Special Assignments]",
            "Date: 01/11/02 Alena Noskova, Ph.D.",
            "Signature: [illegible]",
        ]
    );
    assert_eq!(
        stamp[0].marks,
        [Mark {
            start: 0,
            end: 7,
            kind: editorial("stamp")
        }]
    );
    let gloss = MarkKind::Gloss {
        term: "OZU".into(),
        expansion: "Section for Special Assignments".into(),
    };
    assert_eq!(
        stamp[4].marks,
        [Mark {
            start: 0,
            end: 39,
            kind: gloss
        }]
    );
    assert_eq!(
        stamp[6].marks,
        [Mark {
            start: 11,
            end: 22,
            kind: editorial("illegible")
        }]
    );
    assert!(stamp[1..4]
        .iter()
        .chain(&stamp[5..6])
        .all(|l| l.marks.is_empty()));

    let Block::Apparatus { lines, .. } = &doc.body[2] else {
        unreachable!()
    };
    assert_eq!(lines[0].text, "CLASSIFIED !");
    let Block::Apparatus { lines, .. } = &doc.body[3] else {
        unreachable!()
    };
    assert_eq!(lines[0].text, "1981/9");
}

#[test]
fn seed_heading_paragraphs_and_list() {
    let doc = seed();
    assert_eq!(
        doc.body[4],
        Block::Heading {
            line: 48,
            text: Rich {
                text: "On some issues of Soviet-Korean relations".into(),
                marks: vec![]
            }
        }
    );
    assert_eq!(doc.body.len(), 28);
    let paras = paragraphs(&doc);
    assert_eq!(paras.len(), 22);
    assert_eq!(paras[0].0, 50);
    assert_eq!(paras.last().unwrap().0, 101);
    assert!(paras[5].1.text.ends_with("can be summarized in 4 points:"));

    let Block::List { line, items } = &doc.body[11] else {
        panic!("{:?}", doc.body[11])
    };
    assert_eq!(*line, 64);
    let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["1.", "2.", "3.", "4."]);
    assert_eq!(
        items[0].text.text,
        "Aid of the USSR with construction and expansion of Korean factories;"
    );
    assert_eq!(
        items[3].text.text,
        "Shipments for securing the defense of the DPRK."
    );
}

#[test]
fn seed_translator_note_is_typed() {
    let doc = seed();
    let first = paragraphs(&doc)[0].1;
    let [mark] = first.marks.as_slice() else {
        panic!("{:?}", first.marks)
    };
    assert_eq!(
        &first.text[mark.start..mark.end],
        "(today's Nizhnyi Novgorod - translator note)"
    );
    assert_eq!(
        mark.kind,
        MarkKind::TranslatorNote {
            note: "today's Nizhnyi Novgorod".into()
        }
    );
}

#[test]
fn seed_page_breaks_are_joined_exactly_twice() {
    let doc = seed();
    let joined: Vec<(u32, &Rich)> = paragraphs(&doc)
        .into_iter()
        .filter(|(_, t)| t.marks.iter().any(|m| m.kind == MarkKind::PageBreak))
        .collect();
    assert_eq!(joined.len(), 2);
    for ((line, text), (expect_line, before, after)) in joined.iter().zip([
        (
            56,
            "developments in China are also",
            "energizing provocative actions",
        ),
        (
            71,
            "such a capacity is not for the",
            "DPRK currently necessary.",
        ),
    ]) {
        assert_eq!(*line, expect_line);
        let breaks: Vec<&Mark> = text
            .marks
            .iter()
            .filter(|m| m.kind == MarkKind::PageBreak)
            .collect();
        let [at] = breaks.as_slice() else {
            panic!("{breaks:?}")
        };
        assert_eq!(at.start, at.end);
        assert!(
            text.text[..at.start].ends_with(before),
            "{}",
            &text.text[..at.start]
        );
        assert_eq!(&text.text[at.start..at.start + 1], " ");
        assert!(text.text[at.start + 1..].starts_with(after));
    }
    assert!(joined[0].1.text.contains("are also energizing"));
    assert!(joined[1].1.text.contains("not for the DPRK currently"));
}

#[test]
fn seed_body_loses_no_text() {
    let doc = seed();
    let texts = body_texts(&doc);
    let all = texts.join("\n");
    for (i, line) in SEED.lines().enumerate().skip(BODY_LINE - 1) {
        let line = line.trim();
        if !line.is_empty() {
            assert!(all.contains(line), "line {} lost: {line}", i + 1);
        }
    }
    for rich in all_rich(&doc) {
        assert_marks_well_formed(rich);
    }
}

#[test]
fn seed_header_loses_no_text() {
    let doc = seed();
    let json = serde_json::to_string(&doc.meta).unwrap();
    for line in SEED.lines().take(BODY_LINE - 1).map(str::trim) {
        let inner = line.trim_start_matches('<').trim_end_matches('>');
        let is_label = line.ends_with(':') && !line.contains(' ') || line == "Original Language:";
        if !line.is_empty() && !is_label {
            let escaped = serde_json::to_string(inner).unwrap();
            assert!(
                json.contains(escaped.trim_matches('"')),
                "header line lost: {line}"
            );
        }
    }
}
