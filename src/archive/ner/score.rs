//! Gold annotations and scoring: precision, recall and F1 per kind and overall, counting a
//! mention correct when its text, span and kind all match a gold one.
//!
//! The gold format (see `tests/gold/README.md`): one mention per line, tab-separated,
//!
//! ```text
//! # block  part  kind    surface          [occurrence]
//! 5        0     person  Kim Il Sung
//! 8        0     place   Japan            3
//! ```
//!
//! `occurrence` (default 1) is which whole-word occurrence of `surface` in that text is meant.

use std::fmt::Write as _;

use super::text::whole_words;
use super::text_at;
use crate::archive::model::{Document, EntityKind, Mention, TextRef};

/// One gold mention, resolved to a span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GoldSpan {
    /// Where it is.
    pub at: TextRef,
    /// Byte offset in that text.
    pub start: u32,
    /// Byte offset one past it.
    pub end: u32,
    /// Its kind.
    pub kind: EntityKind,
    /// Its text.
    pub surface: String,
}

/// The kind named in a gold file or on the command line.
pub fn kind_from_str(s: &str) -> Option<EntityKind> {
    EntityKind::parse(s)
}

/// Reads a gold file against the document it annotates. Errors name the gold file's line.
pub fn parse_gold(file: &str, gold: &str, doc: &Document) -> Result<Vec<GoldSpan>, Vec<String>> {
    let mut spans = Vec::new();
    let mut errors = Vec::new();
    for (no, line) in gold.lines().enumerate() {
        let no = no + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line
            .split('\t')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let mut err = |m: String| errors.push(format!("{file}:{no}: {m}"));
        if !(4..=5).contains(&cols.len()) {
            err(format!(
                "expected `block<TAB>part<TAB>kind<TAB>surface[<TAB>occurrence]`, found {} columns",
                cols.len()
            ));
            continue;
        }
        let (Ok(block), Ok(part)) = (cols[0].parse::<u32>(), cols[1].parse::<u32>()) else {
            err("block and part must be numbers".to_owned());
            continue;
        };
        let Some(kind) = kind_from_str(cols[2]) else {
            err(format!("unknown kind `{}`", cols[2]));
            continue;
        };
        let occurrence = match cols.get(4).map(|c| c.parse::<usize>()) {
            None => 1,
            Some(Ok(n)) if n >= 1 => n,
            Some(_) => {
                err("occurrence must be a number from 1".to_owned());
                continue;
            }
        };
        let at = TextRef { block, part };
        let Some(rich) = text_at(doc, at) else {
            err(format!(
                "the document has no text at block {block}, part {part}"
            ));
            continue;
        };
        let surface = cols[3];
        let text = rich.text.as_str();
        let found = text
            .match_indices(surface)
            .filter(|(s, _)| whole_words(text, *s, s + surface.len()))
            .nth(occurrence - 1);
        match found {
            Some((s, _)) => spans.push(GoldSpan {
                at,
                start: u32::try_from(s).unwrap_or(u32::MAX),
                end: u32::try_from(s + surface.len()).unwrap_or(u32::MAX),
                kind,
                surface: surface.to_owned(),
            }),
            None => err(format!(
                "`{surface}` (occurrence {occurrence}) is not a whole word in block {block}, part {part}"
            )),
        }
    }
    spans.sort();
    let before = spans.len();
    spans.dedup();
    if spans.len() != before {
        errors.push(format!("{file}: some gold mentions are listed twice"));
    }
    if errors.is_empty() {
        Ok(spans)
    } else {
        Err(errors)
    }
}

/// True positives, false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted and in the gold.
    pub tp: u32,
    /// Predicted, not in the gold.
    pub fp: u32,
    /// In the gold, not predicted.
    pub missed: u32,
}

impl Counts {
    /// tp / (tp + fp); 1 when nothing was predicted and nothing was expected.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp, self.missed)
    }
    /// tp / (tp + missed).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.missed, self.fp)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: u32, b: u32, other: u32) -> f64 {
    if b == 0 {
        if other == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// Scores per kind (every kind, in [`EntityKind`] order) and overall, with the differences.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    /// Per kind.
    pub by_kind: Vec<(EntityKind, Counts)>,
    /// All kinds together.
    pub overall: Counts,
    /// Gold mentions not predicted.
    pub missed: Vec<GoldSpan>,
    /// Predicted mentions not in the gold.
    pub spurious: Vec<GoldSpan>,
}

/// Compares predicted mentions with gold ones: exact span and kind.
pub fn score(gold: &[GoldSpan], predicted: &[Mention]) -> Scores {
    let predicted: Vec<GoldSpan> = predicted
        .iter()
        .map(|m| GoldSpan {
            at: m.at,
            start: m.start,
            end: m.end,
            kind: m.kind,
            surface: m.surface.clone(),
        })
        .collect();
    let key = |g: &GoldSpan| (g.at, g.start, g.end, g.kind);
    let mut scores = Scores::default();
    for kind in EntityKind::ALL {
        let mut c = Counts::default();
        for p in predicted.iter().filter(|p| p.kind == kind) {
            if gold.iter().any(|g| key(g) == key(p)) {
                c.tp += 1;
            } else {
                c.fp += 1;
                scores.spurious.push(p.clone());
            }
        }
        for g in gold.iter().filter(|g| g.kind == kind) {
            if !predicted.iter().any(|p| key(g) == key(p)) {
                c.missed += 1;
                scores.missed.push(g.clone());
            }
        }
        scores.overall.tp += c.tp;
        scores.overall.fp += c.fp;
        scores.overall.missed += c.missed;
        scores.by_kind.push((kind, c));
    }
    scores.missed.sort();
    scores.spurious.sort();
    scores
}

/// The scores as a table, with the missed and spurious mentions listed after it.
pub fn render(scores: &Scores) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<14} {:>5} {:>5} {:>5} {:>9} {:>7} {:>7}",
        "kind", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    let row = |out: &mut String, name: &str, c: &Counts| {
        let _ = writeln!(
            out,
            "{:<14} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>7.3}",
            name,
            c.tp,
            c.fp,
            c.missed,
            c.precision(),
            c.recall(),
            c.f1()
        );
    };
    for (kind, c) in &scores.by_kind {
        row(&mut out, kind.as_str(), c);
    }
    row(&mut out, "overall", &scores.overall);
    let line = |g: &GoldSpan| {
        format!(
            "{}\t{}\t{}\t{}",
            g.at.block,
            g.at.part,
            g.kind.as_str(),
            g.surface
        )
    };
    if !scores.missed.is_empty() {
        let _ = writeln!(out, "\nmissed (in the gold, not found):");
        for g in &scores.missed {
            let _ = writeln!(out, "  {}", line(g));
        }
    }
    if !scores.spurious.is_empty() {
        let _ = writeln!(out, "\nspurious (found, not in the gold):");
        for g in &scores.spurious {
            let _ = writeln!(out, "  {}", line(g));
        }
    }
    out
}
