//! Problems found while parsing records or compiling a corpus.
//!
//! A [`Diagnostic`] names the file and the 1-based line it is about, carries a stable
//! [`Code`] (for tests and for people searching for it), a [`Severity`] and a message. The
//! core collects every problem of a run instead of stopping at the first one; the CLI renders
//! them with the offending source line.

use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The file cannot be compiled; it is skipped (or the run fails).
    Error,
    /// The file compiles, but something in it was not understood.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// The kind of problem, with a stable kebab-case name (see [`Code::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// The file is empty or holds only whitespace (error).
    EmptyFile,
    /// The file is not valid UTF-8 (error, one per affected line).
    InvalidUtf8,
    /// No metadata header (date line and labelled fields) could be found (error).
    NoHeader,
    /// The header has no title line (error).
    NoTitle,
    /// The date line could not be read; the record is treated as undated (warning).
    UnreadableDate,
    /// The header has no date line (warning).
    MissingDate,
    /// A header field has no value (warning).
    EmptyField,
    /// A header field occurs twice; the second is kept in `meta.extra` (warning).
    DuplicateField,
    /// The record has a header but no body (warning).
    EmptyBody,
    /// Two files yield the same document id; the later one is skipped (error).
    DuplicateId,
    /// The authority file is not valid TOML, or has a field it does not know (error).
    AuthoritySyntax,
    /// An authority entry lacks a required field (`id`, `name`, `type`) or has it empty
    /// (error).
    MissingField,
    /// An authority entry's `type` is not person, place, organization or event (error).
    UnknownEntityType,
    /// An authority entry's id is not `[a-z0-9-]`, is longer than 200 bytes, or starts with the
    /// reserved `auto-` (error).
    InvalidEntityId,
    /// Two authority entries have the same id; the later one is skipped (error).
    DuplicateEntityId,
    /// One name or alias is claimed by two authority entries (error).
    DuplicateAlias,
    /// The configuration (`dossier.toml`) is not valid TOML, has a field it does not know, a
    /// value out of range or an id the corpus does not have (error).
    ConfigInvalid,
}

impl Code {
    /// The stable name of the code, e.g. `"empty-file"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::EmptyFile => "empty-file",
            Code::InvalidUtf8 => "invalid-utf8",
            Code::NoHeader => "no-header",
            Code::NoTitle => "no-title",
            Code::UnreadableDate => "unreadable-date",
            Code::MissingDate => "missing-date",
            Code::EmptyField => "empty-field",
            Code::DuplicateField => "duplicate-field",
            Code::EmptyBody => "empty-body",
            Code::DuplicateId => "duplicate-id",
            Code::AuthoritySyntax => "authority-syntax",
            Code::MissingField => "missing-field",
            Code::UnknownEntityType => "unknown-entity-type",
            Code::InvalidEntityId => "invalid-entity-id",
            Code::DuplicateEntityId => "duplicate-entity-id",
            Code::DuplicateAlias => "duplicate-alias",
            Code::ConfigInvalid => "config-invalid",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Another place a [`Diagnostic`] refers to, e.g. the first file holding a duplicate id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// File name, as given to the parser.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// What is there.
    pub message: String,
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {severity}[{code}]: {message}")]
pub struct Diagnostic {
    /// File name, as given to the parser.
    pub file: String,
    /// 1-based line the problem is on (1 for whole-file problems).
    pub line: u32,
    /// 1-based byte column within the line, when the problem has a precise position.
    pub column: Option<u32>,
    /// Error or warning.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// A sentence describing the problem.
    pub message: String,
    /// Other places involved (e.g. the first of two duplicates).
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// An error at `file:line`.
    pub fn error(file: &str, line: u32, code: Code, message: impl Into<String>) -> Self {
        Self::new(file, line, Severity::Error, code, message.into())
    }

    /// A warning at `file:line`.
    pub fn warning(file: &str, line: u32, code: Code, message: impl Into<String>) -> Self {
        Self::new(file, line, Severity::Warning, code, message.into())
    }

    fn new(file: &str, line: u32, severity: Severity, code: Code, message: String) -> Self {
        Diagnostic {
            file: file.to_owned(),
            line,
            column: None,
            severity,
            code,
            message,
            related: Vec::new(),
        }
    }

    /// Whether this is an [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Parsing a record failed; holds every diagnostic of the file (errors and warnings).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", summary(.diagnostics))]
pub struct ParseError {
    /// All diagnostics of the file, in line order; at least one is an error.
    pub diagnostics: Vec<Diagnostic>,
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let mut errors = diagnostics.iter().filter(|d| d.is_error());
    match (errors.next(), errors.count()) {
        (Some(first), 0) => first.to_string(),
        (Some(first), more) => format!("{first} (and {more} more errors)"),
        (None, _) => "parse failed".to_owned(),
    }
}
