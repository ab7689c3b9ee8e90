//! The metadata header: a date line, a title line, then labelled fields (`Citation:`, `Summary:`,
//! ...), each a `Label:` line followed by its value lines. The header ends when, after a field
//! value, the next non-blank line is not a field label.

use super::citation::parse_citation;
use super::date::{parse_date, undated};
use super::diagnostic::{Code, Diagnostic};
use super::model::Metadata;
use super::parse::MAX_ID;
use super::Line;

/// How many non-blank lines may come before the first field label.
const MAX_LEADING: usize = 4;

/// A parsed header.
pub(crate) struct Header {
    pub(crate) meta: Metadata,
    /// Index into the lines where the body starts.
    pub(crate) body_start: usize,
    /// Line of the source URL that carries the record id.
    pub(crate) record_id_line: Option<u32>,
}

/// The field label of a `Label:` line, e.g. "Original Language".
pub(crate) fn label(line: &str) -> Option<&str> {
    let name = line.strip_suffix(':')?.trim_end();
    let words = name.split_whitespace().count();
    let first = name.chars().next()?;
    let ok_chars = name
        .chars()
        .all(|c| c.is_alphabetic() || " -'/&()".contains(c));
    (first.is_uppercase() && (1..=4).contains(&words) && name.len() <= 40 && ok_chars)
        .then_some(name)
}

/// Known fields, by lowercased label.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Citation,
    Summary,
    Credits,
    Languages,
    Contents,
    Other,
}

fn field(label: &str) -> Field {
    match label.to_lowercase().as_str() {
        "citation" => Field::Citation,
        "summary" => Field::Summary,
        "credits" | "credit" => Field::Credits,
        "original language" | "original languages" | "language" | "languages" => Field::Languages,
        "contents" | "content" => Field::Contents,
        _ => Field::Other,
    }
}

/// A line that looks like an entry of `Contents:` ("Translation - English", "Original Scan").
fn is_contents_entry(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    [
        "Translation",
        "Transcript",
        "Transcription",
        "Original",
        "Scan",
    ]
    .contains(&first)
        && line.split_whitespace().count() <= 6
}

fn next_non_blank(lines: &[Line<'_>], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| !lines[i].text.is_empty())
}

/// Parses the header of `lines`. Pushes diagnostics; returns `None` when there is no header.
pub(crate) fn parse_header(
    file: &str,
    lines: &[Line<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Option<Header> {
    let first = next_non_blank(lines, 0)?;
    // Leading lines (date, title) come before the first label.
    let mut leading = Vec::new();
    let mut i = Some(first);
    while let Some(at) = i {
        if label(lines[at].text).is_some() || leading.len() > MAX_LEADING {
            break;
        }
        leading.push(at);
        i = next_non_blank(lines, at + 1);
    }
    let has_fields = i.is_some_and(|at| label(lines[at].text).is_some());
    let first_is_date = parse_date(lines[first].text).is_some();
    if !(has_fields || first_is_date && leading.len() >= 2) {
        diags.push(Diagnostic::error(
            file,
            lines[first].no,
            Code::NoHeader,
            "no metadata header: expected a date line, a title line and labelled fields such as `Summary:`",
        ));
        return None;
    }
    let mut meta = Metadata::default();
    let title_lines: &[usize] = match leading.as_slice() {
        [] => &[],
        [only] if first_is_date => {
            meta.date = parse_date(lines[*only].text).unwrap_or_default();
            &[]
        }
        [_] => &leading[..],
        [date, rest @ ..] if has_fields => {
            meta.date = read_date(file, &lines[*date], diags);
            rest
        }
        // Date and title only, no fields: the body follows the title.
        [date, title, ..] => {
            meta.date = read_date(file, &lines[*date], diags);
            std::slice::from_ref(title)
        }
    };
    if meta.date.text.is_empty() {
        diags.push(Diagnostic::warning(
            file,
            lines[first].no,
            Code::MissingDate,
            "the header has no date line",
        ));
    }
    meta.title = title_lines
        .iter()
        .map(|&t| lines[t].text)
        .collect::<Vec<_>>()
        .join(" ");
    if meta.title.is_empty() {
        diags.push(Diagnostic::error(
            file,
            lines[first].no,
            Code::NoTitle,
            "the header has no title line (expected it right after the date line)",
        ));
    }
    let mut header = Header {
        meta,
        body_start: lines.len(),
        record_id_line: None,
    };
    if !has_fields {
        header.body_start = title_lines.last().map_or(first + 1, |t| t + 1);
        return Some(header);
    }
    read_fields(file, lines, i.unwrap_or(lines.len()), &mut header, diags);
    Some(header)
}

fn read_date(file: &str, line: &Line<'_>, diags: &mut Vec<Diagnostic>) -> super::model::DocDate {
    parse_date(line.text).unwrap_or_else(|| {
        diags.push(Diagnostic::warning(
            file,
            line.no,
            Code::UnreadableDate,
            format!(
                "cannot read the date `{}`; the record is treated as undated",
                line.text
            ),
        ));
        undated(line.text)
    })
}

/// Reads `Label:` fields starting at `at` (a label line).
fn read_fields(
    file: &str,
    lines: &[Line<'_>],
    mut at: usize,
    header: &mut Header,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<Field> = Vec::new();
    loop {
        let name = label(lines[at].text).unwrap_or_default();
        let kind = field(name);
        let label_line = lines[at].no;
        // The value: consecutive non-blank lines after the label (blank lines skipped first).
        let mut value: Vec<&Line<'_>> = Vec::new();
        let mut next = next_non_blank(lines, at + 1);
        if let Some(v) = next.filter(|&v| label(lines[v].text).is_none()) {
            let mut j = v;
            while j < lines.len() && !lines[j].text.is_empty() {
                value.push(&lines[j]);
                j += 1;
            }
            next = next_non_blank(lines, j);
            // Contents entries may also be separated by blank lines.
            while let Some(n) =
                next.filter(|&n| kind == Field::Contents && is_contents_entry(lines[n].text))
            {
                value.push(&lines[n]);
                next = next_non_blank(lines, n + 1);
            }
        }
        if value.is_empty() {
            diags.push(Diagnostic::warning(
                file,
                label_line,
                Code::EmptyField,
                format!("the field `{name}:` has no value"),
            ));
        }
        let duplicate = kind != Field::Other && seen.contains(&kind);
        if duplicate {
            diags.push(Diagnostic::warning(
                file,
                label_line,
                Code::DuplicateField,
                format!(
                    "the field `{name}:` occurs twice; the second one is kept as an extra field"
                ),
            ));
        }
        seen.push(kind);
        store(
            if duplicate { Field::Other } else { kind },
            name,
            &value,
            header,
        );
        match next {
            Some(n) if label(lines[n].text).is_some() => at = n,
            Some(n) => {
                header.body_start = n;
                return;
            }
            None => return,
        }
    }
}

fn is_url(line: &str) -> bool {
    let l = line.trim_start_matches('<');
    l.starts_with("http://") || l.starts_with("https://")
}

/// The last all-digit path segment of a URL (of at most [`MAX_ID`] digits).
fn record_id(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let seg = path.split('/').rev().find(|s| !s.is_empty())?;
    (seg.len() <= MAX_ID && seg.bytes().all(|b| b.is_ascii_digit())).then(|| seg.to_owned())
}

fn store(kind: Field, name: &str, value: &[&Line<'_>], header: &mut Header) {
    let texts = || value.iter().map(|l| l.text);
    let joined = texts().collect::<Vec<_>>().join("\n");
    let meta = &mut header.meta;
    match kind {
        _ if value.is_empty() => {}
        Field::Citation => {
            let (urls, text): (Vec<&Line<'_>>, Vec<&Line<'_>>) =
                value.iter().partition(|l| is_url(l.text));
            let text = text.iter().map(|l| l.text).collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                meta.citation = Some(parse_citation(&text));
            }
            if let Some(url) = urls.first() {
                let url_text = url
                    .text
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .trim();
                meta.source_url = Some(url_text.to_owned());
                meta.record_id = record_id(url_text);
                header.record_id_line = meta.record_id.as_ref().map(|_| url.no);
            }
            for extra in urls.iter().skip(1) {
                meta.extra.push((name.to_owned(), extra.text.to_owned()));
            }
        }
        Field::Summary => meta.summary = Some(joined),
        Field::Credits => meta.credits = Some(joined),
        Field::Languages => {
            for line in texts() {
                let line = line.replace(" and ", ",").replace(';', ",");
                meta.original_languages.extend(
                    line.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                );
            }
        }
        Field::Contents => meta.contents.extend(texts().map(str::to_owned)),
        Field::Other => meta.extra.push((name.to_owned(), joined)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_field_labels() {
        assert_eq!(label("Citation:"), Some("Citation"));
        assert_eq!(label("Original Language:"), Some("Original Language"));
        assert_eq!(label("Источник:"), Some("Источник"));
        assert_eq!(
            label("Proposals of the Korean delegation can be summarized in 4 points:"),
            None
        );
        assert_eq!(label("citation:"), None);
        assert_eq!(label("Reason: file no. 267"), None);
    }

    #[test]
    fn takes_the_record_id_from_the_last_numeric_segment() {
        assert_eq!(
            record_id("https://example.org/document/113974").as_deref(),
            Some("113974")
        );
        assert_eq!(
            record_id("https://example.org/document/113974/").as_deref(),
            Some("113974")
        );
        assert_eq!(
            record_id("https://example.org/document/113974?x=1").as_deref(),
            Some("113974")
        );
        assert_eq!(record_id("https://example.org/document/on-x"), None);
    }
}
