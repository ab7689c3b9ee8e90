//! Parsing one record file into a [`Document`].

use super::body::parse_body;
use super::diagnostic::{Code, Diagnostic, ParseError};
use super::header::parse_header;
use super::model::Document;
use super::Line;

/// The outcome of parsing one file: the document (when there was no error) and every
/// diagnostic, errors and warnings, in line order.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The document; `None` when any diagnostic is an error.
    pub document: Option<Document>,
    /// All problems found, in line order.
    pub diagnostics: Vec<Diagnostic>,
    /// 1-based line of the source URL that gave the record id, if any.
    pub record_id_line: Option<u32>,
}

/// Parses a record from text. Warnings are dropped; use [`parse_report`] to see them.
pub fn parse_record(name: &str, src: &str) -> Result<Document, ParseError> {
    parse_record_bytes(name, src.as_bytes())
}

/// Parses a record from raw bytes (which may not be UTF-8). Warnings are dropped; use
/// [`parse_report`] to see them.
pub fn parse_record_bytes(name: &str, bytes: &[u8]) -> Result<Document, ParseError> {
    let parsed = parse_report(name, bytes);
    parsed.document.ok_or(ParseError {
        diagnostics: parsed.diagnostics,
    })
}

/// Parses a record from raw bytes, reporting every problem. Accepts a UTF-8 byte-order mark
/// and LF, CRLF and CR line endings, mixed. Every other character, control characters and
/// markup included, is kept as it is: the reader shows text as text. `name` is the file name,
/// used in diagnostics and, when the record has no record id, for the document id.
pub fn parse_report(name: &str, bytes: &[u8]) -> Parsed {
    let mut diags = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let fail = |diagnostics| Parsed {
        document: None,
        diagnostics,
        record_id_line: None,
    };
    // Whitespace of any kind (a vertical tab, a no-break space) still makes an empty file.
    if std::str::from_utf8(bytes).is_ok_and(|t| t.trim().is_empty()) {
        diags.push(Diagnostic::error(
            name,
            1,
            Code::EmptyFile,
            "the file is empty",
        ));
        return fail(diags);
    }
    let text = match check_utf8(name, bytes, &mut diags) {
        Some(text) => text,
        None => return fail(diags),
    };
    let lines: Vec<Line<'_>> = text
        .split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        .enumerate()
        .map(|(i, l)| Line {
            no: u32::try_from(i + 1).unwrap_or(u32::MAX),
            text: l.trim(),
        })
        .collect();
    let Some(header) = parse_header(name, &lines, &mut diags) else {
        return fail(diags);
    };
    let body = parse_body(&lines[header.body_start..], &header.meta.title);
    if body.is_empty() {
        let last = lines.last().map_or(1, |l| l.no);
        diags.push(Diagnostic::warning(
            name,
            last,
            Code::EmptyBody,
            "the record has no body text",
        ));
    }
    diags.sort_by_key(|d| d.line);
    if diags.iter().any(Diagnostic::is_error) {
        return fail(diags);
    }
    let id = header
        .meta
        .record_id
        .clone()
        .unwrap_or_else(|| slug_id(name));
    let document = Document {
        id,
        source: name.to_owned(),
        meta: header.meta,
        body,
        mentions: Vec::new(),
    };
    Parsed {
        document: Some(document),
        diagnostics: diags,
        record_id_line: header.record_id_line,
    }
}

/// Checks that `bytes` are UTF-8, with one diagnostic per line holding invalid bytes.
fn check_utf8<'a>(name: &str, bytes: &'a [u8], diags: &mut Vec<Diagnostic>) -> Option<&'a str> {
    let mut at = 0;
    let mut last_line = 0;
    // Lines are counted as the scan goes, so that many bad lines cost no more than one.
    let (mut line, mut line_start, mut counted) = (1u32, 0, 0);
    while at < bytes.len() {
        let Err(e) = std::str::from_utf8(&bytes[at..]) else {
            break;
        };
        let bad = at + e.valid_up_to();
        for i in counted..bad {
            // LF, CRLF (counted at its LF) or a lone CR, as `parse_report` splits lines.
            if bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line = line.saturating_add(1);
                line_start = i + 1;
            }
        }
        counted = bad;
        if line != last_line {
            let mut d = Diagnostic::error(
                name,
                line,
                Code::InvalidUtf8,
                format!(
                    "invalid UTF-8 (byte 0x{:02X} at column {}); save the file as UTF-8",
                    bytes[bad],
                    bad - line_start + 1
                ),
            );
            d.column = Some((bad - line_start + 1) as u32);
            diags.push(d);
            last_line = line;
        }
        at = bad + e.error_len().unwrap_or(bytes.len() - bad);
    }
    std::str::from_utf8(bytes).ok()
}

/// The longest id, in bytes, of a document or an entity: ids name files (`docs/<id>.json`),
/// and file systems allow 255 bytes for a name.
pub(crate) const MAX_ID: usize = 200;

/// FNV-1a: stable across runs and platforms.
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// `slug` (ASCII) cut to [`MAX_ID`] bytes minus `reserve` when longer, ending with a hash of
/// the whole of it so that ids stay distinct.
pub(crate) fn cap_slug(slug: &str, reserve: usize) -> String {
    let max = MAX_ID - reserve;
    if slug.len() <= max {
        return slug.to_owned();
    }
    let cut = slug[..max - 9].trim_end_matches('-');
    format!("{cut}-{:08x}", fnv(slug.as_bytes()) as u32)
}

/// A document id from a file name: the path without its extension, lowercased, with every
/// run of other characters than `[a-z0-9]` turned into one `-` ("000_35518670e4bcec4c.txt" →
/// "000-35518670e4bcec4c"). Names without any such character get "doc-" and a hash; ids
/// longer than [`MAX_ID`] bytes are cut and end with a hash.
pub fn slug_id(name: &str) -> String {
    let stem = name
        .rsplit_once('.')
        .filter(|(s, ext)| !s.is_empty() && !ext.contains('/'))
        .map_or(name, |(s, _)| s);
    let mut slug = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("doc-{:08x}", fnv(name.as_bytes()) as u32)
    } else {
        cap_slug(slug, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_file_names() {
        assert_eq!(slug_id("000_35518670e4bcec4c.txt"), "000-35518670e4bcec4c");
        assert_eq!(slug_id("sub dir/Some File.TXT"), "sub-dir-some-file");
        assert_eq!(slug_id("Ким.txt"), slug_id("Ким.txt"));
        assert!(slug_id("Ким.txt").starts_with("doc-"));
        assert_ne!(slug_id("Ким.txt"), slug_id("Ли.txt"));
    }

    #[test]
    fn reports_every_line_with_invalid_utf8() {
        let parsed = parse_report("x.txt", b"June 1967\n\nT\xff\n\nok\n\xfe\xfe\n");
        let lines: Vec<u32> = parsed.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [3, 6]);
        assert_eq!(parsed.diagnostics[0].column, Some(2));
        assert!(parsed.document.is_none());
    }
}
