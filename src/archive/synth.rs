//! A deterministic generator of large corpora in the archive record format, for benchmarks and
//! scale tests. Pure: the caller reads a plain-text source (e.g. a public-domain FRUS volume)
//! and passes it in; records come back as strings.
//!
//! ```
//! use dossier::archive::{parse_record, synth};
//! let source = "The delegation arrived in Moscow. Talks went well. The Soviet side agreed.";
//! let records = synth::generate(3, 7, source);
//! assert_eq!(records.len(), 3);
//! assert_eq!(records, synth::generate(3, 7, source)); // same seed, same records
//! let doc = parse_record(&records[0].0, &records[0].1).unwrap();
//! assert!(!doc.meta.title.is_empty());
//! ```

use fastrand::Rng;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const PERSONS: &[&str] = &[
    "Ahmet Yılmaz",
    "Antonín Dvořák",
    "Hans Müller",
    "Józef Łukasiewicz",
    "Jiří Hájek",
    "Đorđe Petrović",
    "Søren Nørgaard",
    "Gustáv Husák",
    "Kim Il Sung",
    "Leonid Brezhnev",
    "Alexei Kosygin",
    "Zhou Enlai",
    "János Kádár",
    "Todor Zhivkov",
    "Władysław Gomułka",
    "Nicolae Ceaușescu",
    "Walter Ulbricht",
    "Josip Broz Tito",
    "Antonín Novotný",
    "Adolf Kotlík",
    "Þórður Guðmundsson",
    "Ludvík Svoboda",
    "Otto Grotewohl",
    "Enver Hoxha",
];

const PLACES: &[&str] = &[
    "Nižnij Novgorod",
    "Łódź",
    "Kraków",
    "Brno",
    "Plzeň",
    "Gdańsk",
    "Košice",
    "İzmir",
    "Târgu Mureș",
    "Pyongyang",
    "Moscow",
    "Prague",
    "Warsaw",
    "Belgrade",
    "Budapest",
    "Sofia",
    "Bucharest",
    "East Berlin",
    "Hanoi",
    "Havana",
    "Ulaanbaatar",
    "Tiranë",
];

const COUNTRIES: &[&str] = &[
    "Soviet",
    "Czechoslovak",
    "Polish",
    "Hungarian",
    "Korean",
    "Chinese",
    "Bulgarian",
    "Romanian",
    "Yugoslav",
    "Cuban",
    "Vietnamese",
    "East German",
    "Albanian",
    "Mongolian",
];

const ORGS: &[&str] = &[
    "CPSU",
    "Korean Workers' Party",
    "Ministry of Foreign Affairs",
    "Warsaw Pact",
    "Comecon",
    "State Planning Commission",
    "Central Committee",
    "Politburo",
];

const LANGUAGES: &[&str] = &[
    "Czech",
    "Russian",
    "Polish",
    "German",
    "Hungarian",
    "Korean",
    "Chinese",
    "Bulgarian",
    "Romanian",
    "Serbo-Croatian",
    "Turkish",
    "English",
];

const ARCHIVES: &[&str] = &[
    "State Central Archive (Prague)",
    "Archive of Foreign Policy of the Russian Federation (Moscow)",
    "Central Archives of Modern Records (Warsaw)",
    "Hungarian National Archives (Budapest)",
    "Central State Archive (Sofia)",
    "Political Archive of the Foreign Office (Berlin)",
    "Archiv bezpečnostních složek (Praha)",
    "National Archives of Romania (București)",
];

const COMMODITIES: &[&str] = &[
    "grain",
    "coking coal",
    "crude oil",
    "steel",
    "cotton",
    "sulphur",
    "fertilizer",
    "rolled metal",
];

const TOPICS: &[&str] = &[
    "Economic Cooperation",
    "Relations",
    "the Border Question",
    "Trade Negotiations",
    "the Visit of a Governmental Delegation",
    "the Situation in the Party",
    "Military Assistance",
    "Cultural Exchanges",
];

const FUNDERS: &[&str] = &[
    "Leon Levy Foundation",
    "Henry Luce Foundation",
    "Korea Foundation",
    "MacArthur Foundation",
];

fn pick<'a>(rng: &mut Rng, xs: &[&'a str]) -> &'a str {
    xs[rng.usize(..xs.len())]
}

/// The text of a source: the last tab-separated field (the FRUS plain-text files are one line
/// of tab-separated fields with the volume's text last), whitespace collapsed.
fn source_sentences(source: &str) -> Vec<&str> {
    let text = source.rsplit('\t').next().unwrap_or(source);
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // A sentence ends at `.`, `?` or `!` followed by a space and an uppercase ASCII letter.
        if matches!(b, b'.' | b'?' | b'!')
            && bytes.get(i + 1) == Some(&b' ')
            && bytes.get(i + 2).is_some_and(u8::is_ascii_uppercase)
        {
            let s = text[start..=i].trim();
            if s.len() > 20 && s.len() < 1200 && s.as_bytes()[0].is_ascii_uppercase() {
                out.push(s);
            }
            start = i + 2;
            i += 2;
            continue;
        }
        i += 1;
    }
    let rest = text[start.min(text.len())..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn date(rng: &mut Rng) -> (String, i32, u32, u32) {
    let year = rng.i32(1945..=1989);
    let month = rng.u32(1..=12);
    let day = rng.u32(1..=28);
    let text = if rng.u8(..10) == 0 {
        format!("{} {year}", MONTHS[month as usize - 1])
    } else {
        format!("{} {day}, {year}", MONTHS[month as usize - 1])
    };
    (text, year, month, day)
}

/// A number with thousands separators: 200000 → "200,000".
fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn invented_sentence(rng: &mut Rng, year: i32) -> String {
    let n = rng.u64(1..=400) * 5_000;
    match rng.u8(..6) {
        0 => format!(
            "The {} side asked for delivery of {} tons of {} in {year}.",
            pick(rng, COUNTRIES),
            grouped(n),
            pick(rng, COMMODITIES)
        ),
        1 => format!(
            "C. {} received the delegation in {} and spoke with c. {}.",
            pick(rng, PERSONS),
            pick(rng, PLACES),
            pick(rng, PERSONS)
        ),
        2 => format!(
            "According to the {}, the talks in {} on {} {} went well.",
            pick(rng, ORGS),
            pick(rng, PLACES),
            MONTHS[rng.usize(..12)],
            rng.u8(1..=28)
        ),
        3 => format!(
            "Comrade {} reported that {} people had been resettled near {} since {}.",
            pick(rng, PERSONS),
            grouped(n / 10),
            pick(rng, PLACES),
            year - rng.i32(1..=5)
        ),
        4 => format!(
            "The {} promised credits of {} million USD to {}.",
            pick(rng, ORGS),
            rng.u16(1..=900),
            pick(rng, PLACES)
        ),
        _ => format!(
            "{} (today's {} - translator note) was visited by {}.",
            pick(rng, PLACES),
            pick(rng, PLACES),
            pick(rng, PERSONS)
        ),
    }
}

fn paragraph(rng: &mut Rng, sentences: &[&str], year: i32) -> String {
    let mut p = String::new();
    let n = rng.usize(3..=9);
    let start = if sentences.is_empty() {
        0
    } else {
        rng.usize(..sentences.len())
    };
    for k in 0..n {
        let s: String = if sentences.is_empty() || rng.u8(..5) == 0 {
            invented_sentence(rng, year)
        } else {
            sentences[(start + k) % sentences.len()].to_string()
        };
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(&s);
    }
    // A paragraph must not look like a list item, an editorial mark or a header label.
    let p = p
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .to_string();
    p.replace(':', ";")
}

fn record(rng: &mut Rng, i: usize, sentences: &[&str]) -> (String, String) {
    let (date_text, year, month, day) = date(rng);
    let a = pick(rng, COUNTRIES);
    let title = match rng.u8(..3) {
        0 => format!(
            "On {} of {a}-{} Relations",
            pick(rng, TOPICS),
            pick(rng, COUNTRIES)
        ),
        1 => format!(
            "Memorandum of Conversation between {} and {}",
            pick(rng, PERSONS),
            pick(rng, PERSONS)
        ),
        _ => format!(
            "Telegram from {} to {}",
            pick(rng, PLACES),
            pick(rng, PLACES)
        ),
    };
    let archive = pick(rng, ARCHIVES);
    let lang = pick(rng, LANGUAGES);
    let record_id = 200_000 + i;
    let translator = pick(rng, PERSONS);
    let pages = rng.u8(1..=24);
    let mut r = String::new();
    r.push_str(&format!("{date_text}\n\n{title}\n\nCitation:\n\n"));
    r.push_str(&format!(
        "\"{title}\", {date_text}, Wilson Center Digital Archive, {archive}, File {}, {}. Sign. {}/{}, pp. {pages}. Translated for NKIDP by {translator}.\n",
        rng.u16(1..=999),
        pick(rng, ORGS),
        rng.u16(1..=400),
        year % 100,
    ));
    r.push_str(&format!(
        "<https://digitalarchive.example/document/{record_id}>\n\n"
    ));
    r.push_str(&format!(
        "Summary:\n\nThe {a} {} reports on talks between {} and {} in {}, concerning {} and the delivery of {} tons of {}.\n\n",
        pick(rng, &["Ambassador", "Embassy", "Foreign Ministry", "Consul"]),
        pick(rng, PERSONS),
        pick(rng, PERSONS),
        pick(rng, PLACES),
        pick(rng, TOPICS).to_lowercase(),
        grouped(rng.u64(1..=100) * 10_000),
        pick(rng, COMMODITIES),
    ));
    r.push_str(&format!(
        "Credits:\n\nThis document was made possible with support from {}\n\n",
        pick(rng, FUNDERS)
    ));
    r.push_str(&format!(
        "Original Language:\n\n{lang}\n\nContents:\n\nTranslation - English\n\n"
    ));
    if rng.bool() {
        r.push_str(&format!("[handwritten] {day}.{month}.{year}\n\n"));
    }
    if rng.u8(..3) == 0 {
        r.push_str(&format!(
            "[stamp]\n\n{}\n\nDEGREE OF SECRECY CANCELED\n\n",
            archive.to_uppercase()
        ));
    }
    if rng.bool() {
        r.push_str(pick(rng, &["CLASSIFIED !", "TOP SECRET", "SECRET"]));
        r.push_str("\n\n");
    }
    r.push_str(&format!("{}/{}\n\n", year, rng.u16(1..=99)));
    r.push_str(&title);
    r.push_str("\n\n");
    let target = rng.usize(4_000..=18_000);
    let start_len = r.len();
    while r.len() - start_len < target {
        r.push_str(&paragraph(rng, sentences, year));
        r.push_str("\n\n");
    }
    r.truncate(r.trim_end().len());
    r.push('\n');
    let name = format!("{i:06}_{:016x}.txt", rng.u64(..));
    (name, r)
}

/// Generates `n_docs` records from `seed`, slicing paragraphs from `source_text` (sentences
/// taken in order from a random place, with invented sentences mixed in that carry names with
/// diacritics, dates and grouped numbers). Each record is about 4–18 KB of body (10,000
/// records are about 110 MB). Same arguments, same records, on every platform.
pub fn generate(n_docs: usize, seed: u64, source_text: &str) -> Vec<(String, String)> {
    let sentences = source_sentences(source_text);
    let mut rng = Rng::with_seed(seed);
    (0..n_docs)
        .map(|i| record(&mut rng, i, &sentences))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::parse_record;

    #[test]
    fn records_parse_and_are_deterministic() {
        let src = "x\ty\tThe delegation arrived in Moscow. Talks went well in Brno. The Soviet side agreed to deliver 200,000 tons. Nothing else happened that day.";
        let a = generate(20, 1, src);
        assert_eq!(a, generate(20, 1, src));
        assert_ne!(a, generate(20, 2, src));
        for (name, text) in &a {
            let doc = parse_record(name, text).unwrap();
            assert!(doc.meta.summary.is_some(), "{name}");
            assert_eq!(doc.meta.original_languages.len(), 1);
            assert!(
                doc.meta.citation.as_ref().unwrap().archive.is_some(),
                "{name}"
            );
            assert!(doc.meta.date.iso.is_some());
        }
        assert_eq!(grouped(200000), "200,000");
        assert_eq!(grouped(999), "999");
    }
}
