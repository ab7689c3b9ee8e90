//! Format variants real collections have: each fixture in `tests/fixtures/variants/`.

use dossier::archive::{
    parse_record_bytes, parse_report, ApparatusKind, Block, Code, DatePrecision, Document,
    MarkKind, Severity,
};

use crate::{all_rich, assert_marks_well_formed, fixture};

fn parse(name: &str) -> Document {
    let bytes = fixture(&format!("variants/{name}"));
    let doc = parse_record_bytes(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    for rich in all_rich(&doc) {
        assert_marks_well_formed(rich);
    }
    doc
}

fn kinds(doc: &Document) -> Vec<&'static str> {
    doc.body
        .iter()
        .map(|b| match b {
            Block::Apparatus {
                kind: ApparatusKind::Classification,
                ..
            } => "classification",
            Block::Apparatus {
                kind: ApparatusKind::Reference,
                ..
            } => "reference",
            Block::Apparatus { .. } => "apparatus",
            Block::Heading { .. } => "heading",
            Block::Paragraph { .. } => "paragraph",
            Block::List { .. } => "list",
        })
        .collect()
}

#[test]
fn optional_fields_may_be_missing() {
    let doc = parse("missing_optional.txt");
    let m = &doc.meta;
    assert_eq!(doc.id, "missing-optional");
    assert_eq!(
        (m.date.iso.as_deref(), m.date.precision),
        (Some("1950-08"), DatePrecision::Month)
    );
    assert_eq!(m.title, "Letter from a Consul");
    assert_eq!(m.source_url, None);
    assert_eq!(m.record_id, None);
    assert_eq!(m.credits, None);
    assert!(m.original_languages.is_empty() && m.contents.is_empty() && m.extra.is_empty());
    let c = m.citation.as_ref().unwrap();
    assert_eq!(c.archive.as_deref(), Some("National Archives"));
    assert_eq!(c.reference.as_deref(), Some("RG 59"));
    assert_eq!(
        m.summary.as_deref(),
        Some("A short letter about the harbour.")
    );
    assert_eq!(kinds(&doc), ["paragraph", "paragraph"]);
}

#[test]
fn fields_may_come_in_any_order_and_unknown_ones_are_kept() {
    let doc = parse("reordered.txt");
    let m = &doc.meta;
    assert_eq!(doc.id, "200001");
    assert_eq!(
        (m.date.iso.as_deref(), m.date.precision),
        (Some("1956"), DatePrecision::Year)
    );
    assert_eq!(m.summary.as_deref(), Some("Notes taken at a conference."));
    assert_eq!(m.original_languages, ["German"]);
    assert_eq!(m.contents, ["Translation - English"]);
    assert_eq!(m.credits.as_deref(), Some("Funded by a grant."));
    assert_eq!(
        m.extra,
        [("Restrictions".to_owned(), "None known.".to_owned())]
    );
    let c = m.citation.as_ref().unwrap();
    assert_eq!(
        c.collection.as_deref(),
        Some("History and Public Policy Program Digital Archive")
    );
    assert_eq!(c.archive.as_deref(), Some("Federal Archives (Koblenz)"));
    assert_eq!(c.translator.as_deref(), Some("Jane Roe"));
    assert_eq!(c.project, None);
    assert_eq!(kinds(&doc), ["classification", "heading", "paragraph"]);
}

#[test]
fn several_contents_entries_and_language_lines() {
    let doc = parse("several_contents.txt");
    let m = &doc.meta;
    assert_eq!(m.date.iso.as_deref(), Some("1961-03-02"));
    assert_eq!(
        m.contents,
        [
            "Translation - English",
            "Original Scan",
            "Transcript - Russian"
        ]
    );
    assert_eq!(m.original_languages, ["Russian", "Korean"]);
    let c = m.citation.as_ref().unwrap();
    assert_eq!(c.pages.as_deref(), Some("pp. 3-5"));
    assert_eq!(c.reference.as_deref(), Some("f. 0102, op. 17"));
    assert_eq!(c.project.as_deref(), Some("CWIHP"));
    assert_eq!(c.translator.as_deref(), Some("Sergey Radchenko"));
    assert_eq!(kinds(&doc), ["reference", "heading", "list", "paragraph"]);
    let Block::List { items, .. } = &doc.body[2] else {
        unreachable!()
    };
    assert_eq!(
        items.iter().map(|i| i.label.as_str()).collect::<Vec<_>>(),
        ["-", "-"]
    );
}

#[test]
fn several_original_languages_on_one_line() {
    let doc = parse("several_languages.txt");
    assert_eq!(doc.meta.original_languages, ["Russian", "Korean"]);
    assert_eq!(doc.meta.contents, ["Original Scan", "Transcript - Korean"]);
    assert_eq!(kinds(&doc), ["list"]);
    let Block::List { items, .. } = &doc.body[0] else {
        unreachable!()
    };
    assert_eq!(items[1].label, "b)");
    assert_eq!(items[1].text.text, "The parties agree on culture.");
}

#[test]
fn crlf_line_endings_parse_like_lf() {
    let bytes = fixture("variants/crlf.txt");
    assert!(
        bytes.windows(2).any(|w| w == b"\r\n"),
        "fixture must keep CRLF"
    );
    let doc = parse("crlf.txt");
    let lf = String::from_utf8(bytes).unwrap().replace("\r\n", "\n");
    assert_eq!(parse_record_bytes("crlf.txt", lf.as_bytes()).unwrap(), doc);
    assert_eq!(doc.meta.title, "A Record With Windows Line Endings");
    assert!(all_rich(&doc).iter().all(|r| !r.text.contains('\r')));
    let Block::Paragraph { text, .. } = &doc.body[0] else {
        unreachable!()
    };
    assert!(text
        .text
        .ends_with("without a stop so the page break is joined."));
    assert_eq!(
        text.marks
            .iter()
            .filter(|m| m.kind == MarkKind::PageBreak)
            .count(),
        1
    );
}

#[test]
fn byte_order_mark_is_skipped() {
    assert!(fixture("variants/bom.txt").starts_with(b"\xEF\xBB\xBF"));
    let doc = parse("bom.txt");
    assert_eq!(doc.meta.date.text, "1967-06-02");
    assert_eq!(doc.meta.date.precision, DatePrecision::Day);
    assert_eq!(doc.meta.title, "A Record With a Byte-Order Mark");
}

#[test]
fn extra_blank_lines_are_ignored() {
    let doc = parse("extra_blank_lines.txt");
    assert_eq!(doc.meta.date.iso.as_deref(), Some("1967-06"));
    assert_eq!(doc.meta.title, "A Record With Many Blank Lines");
    assert_eq!(doc.meta.summary.as_deref(), Some("Spaced out."));
    assert_eq!(doc.meta.credits.as_deref(), Some("Someone."));
    assert_eq!(kinds(&doc), ["classification", "heading", "paragraph"]);
    assert_eq!(doc.body[0].clone(), {
        let Block::Apparatus { lines, .. } = &doc.body[0] else {
            unreachable!()
        };
        Block::Apparatus {
            line: 26,
            kind: ApparatusKind::Classification,
            lines: lines.clone(),
        }
    });
}

#[test]
fn non_latin_script_is_kept_intact() {
    let doc = parse("non_latin.txt");
    assert_eq!(doc.meta.title, "Телеграмма Ким Ир Сена 김일성 金日成");
    assert_eq!(
        doc.meta.original_languages,
        ["Russian", "Korean", "Chinese"]
    );
    let c = doc.meta.citation.as_ref().unwrap();
    assert_eq!(c.archive.as_deref(), Some("АВП РФ"));
    assert_eq!(c.reference.as_deref(), Some("ф. 059а"));
    assert_eq!(c.translator.as_deref(), Some("Ли Мин"));
    assert_eq!(kinds(&doc), ["heading", "paragraph"]);
    let Block::Paragraph { text, .. } = &doc.body[1] else {
        unreachable!()
    };
    assert!(text.text.contains("毛泽东"));
    let [mark] = text.marks.as_slice() else {
        panic!("{:?}", text.marks)
    };
    assert_eq!(&text.text[mark.start..mark.end], "[illegible]");
}

#[test]
fn unreadable_date_is_a_warning_and_keeps_the_text() {
    let parsed = parse_report("undated.txt", &fixture("variants/undated.txt"));
    let doc = parsed.document.expect("still compiles");
    assert_eq!(doc.meta.date.text, "Sometime in the sixties");
    assert_eq!(
        (doc.meta.date.iso, doc.meta.date.precision),
        (None, DatePrecision::Undated)
    );
    let [d] = parsed.diagnostics.as_slice() else {
        panic!("{:?}", parsed.diagnostics)
    };
    assert_eq!(
        (d.code, d.severity, d.line),
        (Code::UnreadableDate, Severity::Warning, 1)
    );
}
