//! Ranking, phrases, exclusion, prefixes, typos and snippets on small fixtures.

use dossier::archive::search::SearchDoc;

use super::{doc, ids, open_all, search};

const FILLER: &str = "The committee met on Tuesday and discussed several routine matters.";

#[test]
fn exact_form_ranks_above_stem() {
    let index = open_all(
        &[
            doc("stem", "A", &format!("{FILLER} They negotiated for days.")),
            doc(
                "exact",
                "B",
                &format!("{FILLER} They negotiations for days."),
            ),
        ],
        1,
    );
    assert_eq!(ids(&index, "negotiations"), ["exact", "stem"]);
}

#[test]
fn phrase_ranks_above_scattered_words() {
    // Exact positions, and buckets of two words.
    for shift in [0, 1] {
        phrase_ranks_above_scattered_words_with(shift);
    }
    // Default buckets (128 words): "scattered" is further apart than a bucket.
    let far = "filler words here ".repeat(100);
    let index = open_all(
        &[
            doc(
                "scattered",
                "A",
                &format!("The union met. {far} The soviet delegate left."),
            ),
            doc(
                "phrase",
                "B",
                &format!("The soviet union met. {far} The delegate left."),
            ),
        ],
        7,
    );
    assert_eq!(ids(&index, "soviet union"), ["phrase", "scattered"]);
    assert_eq!(ids(&index, "\"soviet union\""), ["phrase"]);
}

fn phrase_ranks_above_scattered_words_with(shift: u8) {
    let index = open_all(
        &[
            doc(
                "scattered",
                "A",
                "The union met. Later the soviet delegate left early today.",
            ),
            doc(
                "phrase",
                "B",
                "The soviet union met. Later the delegate left early today.",
            ),
        ],
        shift,
    );
    assert_eq!(ids(&index, "soviet union"), ["phrase", "scattered"]);
    assert_eq!(ids(&index, "\"soviet union\""), ["phrase"]);
    // Stopwords inside a phrase keep their distance.
    let index = open_all(
        &[
            doc("a", "A", "The Day of the Soviet Army was celebrated."),
            doc("b", "B", "The Soviet Army Day was celebrated of the year."),
        ],
        7,
    );
    assert_eq!(ids(&index, "\"day of the soviet army\""), ["a"]);
}

#[test]
fn title_ranks_above_body() {
    let index = open_all(
        &[
            doc(
                "body",
                "Weather report",
                &format!("{FILLER} Korea was mentioned."),
            ),
            doc(
                "title",
                "Korea",
                &format!("{FILLER} Nothing else was mentioned."),
            ),
        ],
        1,
    );
    assert_eq!(ids(&index, "korea"), ["title", "body"]);
}

#[test]
fn a_title_with_the_query_words_and_its_year_outranks_a_text_full_of_them() {
    // A known-item search: the title's words and the year, against a report that has them
    // all several times (and the title words in another order, another year).
    let report = format!(
        "{} {}",
        FILLER.repeat(3),
        "The telegram from Sofia reached Warsaw in 1964; Warsaw answered Sofia's telegram. "
            .repeat(3)
    );
    let dated = |id: &str, title: &str, body: &str, date: &str, year: i32| SearchDoc {
        date: date.into(),
        year: Some(year),
        ..doc(id, title, body)
    };
    let sought = dated(
        "sought",
        "Telegram from Sofia to Warsaw",
        &format!("{FILLER} {FILLER} The ambassador reported on the talks."),
        "May 24, 1964",
        1964,
    );
    let other_year = dated(
        "other-year",
        "Telegram from Warsaw to Sofia",
        &format!("{FILLER} The delegation left in 1964."),
        "August 2, 1984",
        1984,
    );
    let long = dated(
        "report",
        "Memorandum of Conversation",
        &report,
        "March 5, 1948",
        1948,
    );
    let index = open_all(&[long, other_year, sought], 1);
    assert_eq!(ids(&index, "telegram sofia warsaw 1964")[0], "sought");
    // misspelled, it still comes first
    assert_eq!(ids(&index, "telegarm sofia warsaw 1964")[0], "sought");
}

#[test]
fn a_hyphenated_word_finds_its_words_together_first_and_quoted_only_together() {
    let index = open_all(
        &[
            doc(
                "apart",
                "Notes",
                &format!("Soviet advisers. {FILLER} {FILLER} Korean workers."),
            ),
            doc(
                "together",
                "Notes",
                &format!("{FILLER} Soviet-Korean relations."),
            ),
            doc("one", "Notes", &format!("{FILLER} Soviet relations.")),
        ],
        1,
    );
    assert_eq!(ids(&index, "soviet-korean"), ["together", "apart"]);
    // each word has its forms and typos
    assert_eq!(ids(&index, "soviet-koraen"), ["together", "apart"]);
    assert_eq!(ids(&index, "\"soviet korean\""), ["together"]);
    assert_eq!(ids(&index, "relations -soviet-korean"), ["one"]);
}

#[test]
fn all_words_required_and_exclusion() {
    let index = open_all(
        &[
            doc("a", "A", "Coal and steel from Poland."),
            doc("b", "B", "Coal from China."),
            doc("c", "C", "Steel from China."),
        ],
        3,
    );
    assert_eq!(ids(&index, "coal steel"), ["a"]);
    let mut got = ids(&index, "coal -china");
    got.sort();
    assert_eq!(got, ["a"]);
    let mut got = ids(&index, "from -\"from china\"");
    got.sort();
    assert_eq!(got, ["a"]);
}

#[test]
fn last_word_matches_as_prefix_exact_first() {
    let index = open_all(
        &[
            doc("long", "A", "The Koreans arrived."),
            doc("exact", "B", "The Kor arrived."),
            doc("none", "C", "The Chinese arrived."),
        ],
        1,
    );
    assert_eq!(ids(&index, "kor"), ["exact", "long"]);
    // "kore" begins "koreans" and is one edit from "kor": the prefix ranks first.
    assert_eq!(ids(&index, "kore"), ["long", "exact"]);
    // Only the last word is a prefix ("koreb" is two edits from "kor" and "koreans").
    assert!(ids(&index, "koreb arrived").is_empty());
}

#[test]
fn typos_one_edit_from_four_letters_two_from_eight() {
    let index = open_all(
        &[
            doc(
                "a",
                "A",
                "Brezhnev spoke about the refinery and cooperation.",
            ),
            doc("b", "B", "Nothing of note: a cat sat."),
        ],
        1,
    );
    // One edit, 4 to 7 letters: a substitution, a transposition.
    assert_eq!(ids(&index, "brezhnav spoke"), ["a"]);
    assert_eq!(ids(&index, "spkoe"), ["a"]);
    // Two edits from 8 letters.
    assert_eq!(ids(&index, "cooparatoin"), ["a"]);
    // Counted on the word meant: two letters of an 8-letter word may be missing.
    assert_eq!(ids(&index, "rfinry"), ["a"]);
    // Not two edits below 8 letters.
    assert!(ids(&index, "spaake").is_empty());
    // No typos below 4 letters.
    assert!(ids(&index, "cot").is_empty());
    // The exact match ranks first.
    let index = open_all(
        &[
            doc("typo", "A", "The form was filed."),
            doc("exact", "B", "The from was filed."),
        ],
        1,
    );
    assert_eq!(ids(&index, "from"), ["exact", "typo"]);
}

#[test]
fn snippets_mark_exact_stem_prefix_and_typo_matches() {
    let mut body = String::new();
    for i in 0..40 {
        body.push_str(&format!("Filler sentence number {i} about nothing. "));
    }
    body.push_str("Talks with Yılmaz about deliveries of coal were negotiated in Nižnij. ");
    body.push_str(&"More filler follows here. ".repeat(20));
    let index = open_all(&[doc("a", "A", &body)], 1);
    let results = search(&index, "yilmaz delivery negotiaton niž");
    assert_eq!(results.total, 1);
    let s = results.highlighter.snippet(&body);
    let marked: Vec<&str> = s.spans.iter().map(|r| &s.text[r.clone()]).collect();
    assert_eq!(marked, ["Yılmaz", "deliveries", "negotiated", "Nižnij"]);
    assert!(s.cut_start && s.cut_end);
    assert!(s.text.split_whitespace().count() <= 31, "{}", s.text);
    for r in &s.spans {
        assert!(s.text.is_char_boundary(r.start) && s.text.is_char_boundary(r.end));
    }
    // The full-text highlight finds the same words in the original text.
    let spans = results.highlighter.highlight(&body);
    assert_eq!(spans.len(), 4);
    assert_eq!(&body[spans[0].clone()], "Yılmaz");
}

#[test]
fn did_you_mean_when_nothing_matches() {
    let index = open_all(
        &[
            doc("a", "A", "The ambassador met Brezhnev in Moscow."),
            doc("b", "B", "Nothing."),
        ],
        1,
    );
    // Two edits is too many for a typo in a word of 6 letters, not for a suggestion.
    let r = search(&index, "brezhnev mascaw");
    assert_eq!(r.total, 0);
    let dym = r.did_you_mean.expect("a suggestion");
    assert_eq!(dym.query, "brezhnev moscow");
    assert_eq!(dym.terms[0], "moscow");
    assert_eq!(ids(&index, &dym.query), ["a"]);
    assert!(search(&index, "moscow").did_you_mean.is_none());
}
