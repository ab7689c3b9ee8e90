//! The query language: canonical text, malformed input, any input.

use dossier::archive::search::{parse_query, Clause, YearFilter};
use proptest::prelude::*;

use super::{doc, open_all};

#[test]
fn canonical_text_round_trips() {
    for q in [
        "kim",
        "\"soviet union\" -china coal",
        "person:kim-il-sung place:\"Nižnij Novgorod\" org:cpsu event:x",
        "year:1967 year:1960-1969 decade:1950s lang:czech archive:\"State Central Archive (Prague)\"",
    ] {
        let parsed = parse_query(q);
        assert_eq!(parsed.to_string(), q);
        assert_eq!(parse_query(&parsed.to_string()), parsed);
    }
    let q = parse_query("  decade:1967   year:1969–1960 ");
    assert_eq!(
        q.filters.years,
        [YearFilter::Decade(1960), YearFilter::Range(1960, 1969)]
    );
    assert_eq!(q.to_string(), "decade:1960s year:1960-1969");
}

#[test]
fn malformed_queries_degrade() {
    assert_eq!(
        parse_query("\"open phrase").terms[0].clause,
        Clause::Phrase(vec!["open".into(), "phrase".into()])
    );
    assert!(parse_query("-").terms.is_empty());
    assert!(parse_query("\"\"").terms.is_empty());
    assert_eq!(parse_query("year:").to_string(), "");
    assert_eq!(parse_query("year:soon").to_string(), "soon");
    let long = "ab".repeat(5000);
    let _ = parse_query(&long);
}

fn fixture() -> super::Loaded {
    open_all(
        &[
            doc(
                "a",
                "Soviet Korean relations",
                "Kim Il Sung visited Moscow in 1967 and Nižnij.",
            ),
            doc("b", "Coal", "200,000 tons of coking coal for the DPRK."),
        ],
        2,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_query_runs(q in "\\PC{0,80}") {
        let index = fixture();
        let parsed = parse_query(&q);
        // Canonical text is stable.
        prop_assert_eq!(parse_query(&parsed.to_string()), parsed.clone());
        let r = index.index.borrow().search(&parsed, 10);
        prop_assert!(r.is_ok());
    }

    #[test]
    fn any_query_of_operators_runs(q in "[\"\\- a-z:0-9ıž]{0,40}") {
        let index = fixture();
        let parsed = parse_query(&q);
        prop_assert_eq!(parse_query(&parsed.to_string()), parsed.clone());
        prop_assert!(index.index.borrow().search(&parsed, 10).is_ok());
    }
}
