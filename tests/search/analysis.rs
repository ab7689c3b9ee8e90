//! Folding, stemming and numbers, seen through search.

use dossier::archive::search::analyze::{fold, stem, tokenize};

use super::{doc, ids, open_all};

#[test]
fn fold_table_covers_letters_decomposition_misses() {
    let cases = [
        ("Yılmaz", "yilmaz"),
        ("Nižnij", "niznij"),
        ("Łódź", "lodz"),
        ("Dvořák", "dvorak"),
        ("Müller", "muller"),
        ("Søren Nørgaard", "soren norgaard"),
        ("Đorđe", "dorde"),
        ("Straße", "strasse"),
        ("Æther", "aether"),
        ("Cœur", "coeur"),
        ("Þórður", "thordur"),
        ("Ceaușescu", "ceausescu"),
        ("İzmir", "izmir"),
    ];
    for (input, folded) in cases {
        assert_eq!(fold(input), folded, "{input}");
    }
}

#[test]
fn folded_queries_find_accented_text_and_back() {
    let index = open_all(
        &[
            doc(
                "a",
                "Talks with Ahmet Yılmaz",
                "He came from Nižnij Novgorod to Łódź.",
            ),
            doc("b", "Weather", "Rain in Brno."),
        ],
        2,
    );
    for q in [
        "yilmaz",
        "YILMAZ",
        "nizhnij",
        "nižnij",
        "niznij novgorod",
        "lodz",
        "Łódź",
    ] {
        let got = ids(&index, q);
        // "nizhnij" is one edit (a typo) from "niznij".
        assert_eq!(got, ["a"], "{q}");
    }
}

#[test]
fn stemming_matches_other_forms_and_numbers_are_words() {
    assert_eq!(stem("negotiations"), stem("negotiated"));
    let toks: Vec<String> = tokenize("200,000 tons in 1967; 75.000 and 1.5")
        .into_iter()
        .map(|t| t.term)
        .collect();
    assert_eq!(
        toks,
        ["200000", "tons", "in", "1967", "75000", "and", "1", "5"]
    );
    let index = open_all(
        &[
            doc(
                "a",
                "Grain",
                "The delegation asked for 200,000 tons of grain in 1967.",
            ),
            doc("b", "Coal", "They negotiated the delivery of coal in 1968."),
        ],
        1,
    );
    assert_eq!(ids(&index, "200000"), ["a"]);
    assert_eq!(ids(&index, "200,000"), ["a"]);
    assert_eq!(ids(&index, "1967"), ["a"]);
    assert_eq!(ids(&index, "1968"), ["b"], "numbers get no typo tolerance");
    assert_eq!(ids(&index, "negotiations"), ["b"]);
    assert_eq!(ids(&index, "deliveries"), ["b"]);
}

#[test]
fn words_of_a_stem_are_found_whether_or_not_they_begin_with_it() {
    // "country" and "countries" share the stem "countri"; "hoping" and "hopes" share "hope";
    // "dying" is "die" to the stemmer without beginning with it (the index lists it apart).
    assert_eq!(stem("country"), stem("countries"));
    assert_eq!(stem("hoping"), stem("hopes"));
    assert_eq!(stem("dying"), stem("died"));
    let index = open_all(
        &[
            doc("a", "A", "Both countries signed."),
            doc("b", "B", "They were hoping for more."),
            doc("c", "C", "The old order was dying."),
            doc("d", "D", "Nothing of the kind."),
        ],
        1,
    );
    assert_eq!(ids(&index, "country"), ["a"]);
    assert_eq!(ids(&index, "hopes"), ["b"]);
    assert_eq!(ids(&index, "died"), ["c"]);
}
