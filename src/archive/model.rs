//! The typed document model, shared by the corpus compiler (which writes it as JSON) and the
//! reader (which reads the same JSON back into the same types).
//!
//! Text offsets are **byte ranges** into the `text` of the [`Rich`] that holds them:
//! `&rich.text[mark.start..mark.end]` is the marked source text, and every range lies on
//! `char` boundaries.

use serde::{Deserialize, Serialize};

/// Version of the corpus format written by [`crate::archive::corpus`]. A reader refuses a corpus
/// whose version it does not know; bump this whenever the JSON shape changes.
pub const FORMAT_VERSION: u32 = 1;

/// One archival record: its metadata header and its body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id used in URLs: the archive's record id when the source URL carries one
    /// (`113974`), otherwise a slug of the file name.
    pub id: String,
    /// File name of the record, relative to the collection folder (for diagnostics and credit).
    pub source: String,
    /// Everything in the metadata header.
    pub meta: Metadata,
    /// The body, as typed blocks in reading order.
    pub body: Vec<Block>,
    /// The entities mentioned in the body, sorted by position (see [`Mention`]).
    #[serde(default)]
    pub mentions: Vec<Mention>,
}

/// The metadata header of a record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The record's date as printed, plus its normalized form.
    pub date: DocDate,
    /// The record's title.
    pub title: String,
    /// The citation, in full and in parts.
    pub citation: Option<Citation>,
    /// The record's address at its archive, as given (without angle brackets).
    pub source_url: Option<String>,
    /// The archive's record id, taken from the source URL's last path segment.
    pub record_id: Option<String>,
    /// The archive's summary of the record.
    pub summary: Option<String>,
    /// Funding or credit line.
    pub credits: Option<String>,
    /// Original language(s) of the record, in the order given.
    pub original_languages: Vec<String>,
    /// The versions the archive holds, e.g. "Translation - English".
    pub contents: Vec<String>,
    /// Header fields this parser has no slot for, kept verbatim as (label, value).
    pub extra: Vec<(String, String)>,
}

/// A date as printed and, where it could be read, normalized to ISO 8601.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocDate {
    /// The date as printed in the record, e.g. "June 2, 1967".
    pub text: String,
    /// ISO 8601 form at the given precision: "1967-06-02", "1967-06" or "1967"; `None` when
    /// undated.
    pub iso: Option<String>,
    /// How much of the date is known.
    pub precision: DatePrecision,
}

/// How precise a [`DocDate`] is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// Year, month and day are known.
    Day,
    /// Year and month are known.
    Month,
    /// Only the year is known.
    Year,
    /// No date could be read.
    #[default]
    Undated,
}

/// A citation, kept whole and split into its parts where they could be recognized.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The citation exactly as given.
    pub text: String,
    /// The digital collection that published the record, e.g. "Wilson Center Digital Archive".
    pub collection: Option<String>,
    /// The holding archive, e.g. "State Central Archive (Prague)".
    pub archive: Option<String>,
    /// The archival reference (fond, file, signature), e.g. "File A, Novotny, ...".
    pub reference: Option<String>,
    /// Page count or range, e.g. "pp. 6".
    pub pages: Option<String>,
    /// Who translated the record.
    pub translator: Option<String>,
    /// The project the translation was made for, e.g. "NKIDP".
    pub project: Option<String>,
}

/// A run of text with typed inline marks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rich {
    /// The text, verbatim from the record (a paragraph joined across a page break gets a single
    /// space at the break).
    pub text: String,
    /// Inline marks in ascending `start` order; they never overlap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
}

/// An inline mark: a byte range of [`Rich::text`] and what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Byte offset of the first byte of the mark.
    pub start: usize,
    /// Byte offset one past the mark; equals `start` for a zero-width mark (a page break).
    pub end: usize,
    /// What the mark is.
    pub kind: MarkKind,
}

/// The kinds of inline mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// An editorial mark in brackets such as `[handwritten]`, `[stamp]`, `[illegible]`;
    /// `label` is the text inside the brackets.
    Editorial {
        /// The text inside the brackets, e.g. "illegible".
        label: String,
    },
    /// A gloss such as `[OZU = Section for Special Assignments]`.
    Gloss {
        /// The term explained, e.g. "OZU".
        term: String,
        /// Its expansion, e.g. "Section for Special Assignments".
        expansion: String,
    },
    /// An inline translator note such as `(today's Nizhnyi Novgorod - translator note)`.
    TranslatorNote {
        /// The note without its "- translator note" tag, e.g. "today's Nizhnyi Novgorod".
        note: String,
    },
    /// A page break in the source, joined over; zero width.
    PageBreak,
}

/// A block of the body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// Archival apparatus in front of the text: not the document's own prose.
    Apparatus {
        /// 1-based line in the source file where the block starts.
        line: u32,
        /// What kind of apparatus.
        kind: ApparatusKind,
        /// Its lines.
        lines: Vec<Rich>,
    },
    /// The document's own title line.
    Heading {
        /// 1-based line in the source file.
        line: u32,
        /// The heading text.
        text: Rich,
    },
    /// A paragraph of prose (possibly joined across page breaks, see [`MarkKind::PageBreak`]).
    Paragraph {
        /// 1-based line in the source file where the paragraph starts.
        line: u32,
        /// The paragraph text.
        text: Rich,
    },
    /// A numbered or bulleted list.
    List {
        /// 1-based line in the source file where the list starts.
        line: u32,
        /// The items in order.
        items: Vec<ListItem>,
    },
}

/// What an [`Block::Apparatus`] block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApparatusKind {
    /// A handwritten annotation, e.g. `[handwritten] 2.5.1967`.
    Handwritten,
    /// An archive's stamp block, e.g. a declassification stamp, introduced by `[stamp]`.
    Stamp,
    /// A classification mark, e.g. "CLASSIFIED !", "TOP SECRET".
    Classification,
    /// A reference or file number, e.g. "1981/9".
    Reference,
}

/// One item of a [`Block::List`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    /// The item's label as printed ("1.", "a)", "-").
    pub label: String,
    /// The item's text.
    pub text: Rich,
}

/// A short description of a document for the library: everything the library and the
/// previous/next links need, without the body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEntry {
    /// The document's id (see [`Document::id`]).
    pub id: String,
    /// The date.
    pub date: DocDate,
    /// The title.
    pub title: String,
    /// The summary, if any.
    pub summary: Option<String>,
    /// Original language(s).
    pub original_languages: Vec<String>,
    /// The holding archive, if the citation names one.
    pub archive: Option<String>,
    /// Size of the body in words, for reading-time hints.
    pub words: u32,
}

/// The catalog of a corpus, whole: what the compiler works with. It is written as a small
/// [`CatalogHead`] plus [`CatalogPage`]s, so that the reader's first load does not grow with
/// the collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// One entry per document, in collection order (date, then title, then id).
    pub documents: Vec<CatalogEntry>,
}

/// The orders in which the catalog is written, page by page.
pub const CATALOG_ORDERS: [&str; 3] = ["date", "date-desc", "title"];

/// `catalog.json`: the file the reader loads first. Its size does not depend on the collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogHead {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// Number of documents in the collection.
    pub documents: u32,
    /// Entries per catalog page.
    pub page_size: u32,
    /// Number of pages of each order.
    pub pages: u32,
    /// Whether the collection's configuration turns kiosk mode on (`kiosk.enabled` of
    /// `config.json`, copied here so that the start page reads no other file to know).
    #[serde(default)]
    pub kiosk: bool,
}

/// `catalog/<order>-<page>.json`: one page of the catalog in one of the [`CATALOG_ORDERS`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The order, one of [`CATALOG_ORDERS`].
    pub order: String,
    /// The page number, from 1.
    pub page: u32,
    /// Position (from 0) of the page's first entry in the whole order.
    pub offset: u32,
    /// The entries.
    pub entries: Vec<CatalogEntry>,
}

/// A document next to another in collection order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbour {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// Where a document stands in the collection (date order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Its index, from 0.
    pub index: u32,
    /// The number of documents in the collection.
    pub total: u32,
    /// The document before it, if any.
    pub prev: Option<Neighbour>,
    /// The document after it, if any.
    pub next: Option<Neighbour>,
}

/// The file for one document in a compiled corpus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentFile {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The document.
    pub document: Document,
    /// Where it stands in the collection, for "record 3 of 120" and previous/next.
    #[serde(default)]
    pub position: Position,
}

/// The kinds of named thing the recognizer finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person, e.g. "Kim Il Sung".
    Person,
    /// A place: country, city, region, e.g. "Soviet Union".
    Place,
    /// An organization: party, ministry, agency, e.g. "CPSU".
    Organization,
    /// An event, e.g. "Cultural Revolution".
    Event,
    /// A date, absolute or relative to the document's date.
    Date,
    /// A quantity or sum of money, e.g. "200,000 tons of grain".
    Quantity,
}

impl EntityKind {
    /// Every kind, in the order the interface lists them.
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Organization,
        EntityKind::Event,
        EntityKind::Date,
        EntityKind::Quantity,
    ];

    /// The kind's name as written in the corpus, authority and gold files, URLs and CSS
    /// classes: "person", "place", "organization", "event", "date", "quantity".
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
            EntityKind::Event => "event",
            EntityKind::Date => "date",
            EntityKind::Quantity => "quantity",
        }
    }

    /// The kind named `name`, in any case, also accepting "organisation" and "org".
    pub fn parse(name: &str) -> Option<EntityKind> {
        let name = name.trim().to_ascii_lowercase();
        let name = match name.as_str() {
            "organisation" | "org" => "organization",
            other => other,
        };
        EntityKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether entities of this kind are named things with a page of their own (people,
    /// places, organizations, events), as opposed to dates and quantities.
    pub fn is_named(self) -> bool {
        !matches!(self, EntityKind::Date | EntityKind::Quantity)
    }
}

/// Where a mention or an entity comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// From the curated authority file.
    Curated,
    /// From a rule (titles and honorifics, acronyms, dates, quantities).
    Rule,
    /// A proper name found automatically that the authority file does not know.
    Automatic,
}

/// Where a text lives in a [`Document`]: the block, and within it the line of an apparatus block
/// or the item of a list (0 for headings and paragraphs).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct TextRef {
    /// Index into [`Document::body`].
    pub block: u32,
    /// Index of the line ([`Block::Apparatus`]) or item ([`Block::List`]); 0 otherwise.
    pub part: u32,
}

/// A normalized value of a date or quantity mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// A date at its precision.
    Date {
        /// ISO 8601 at the given precision ("1967-06-02", "1967-06", "1967").
        iso: String,
        /// How precise it is.
        precision: DatePrecision,
        /// For a relative date ("last year"), the document date it was resolved against.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        relative_to: Option<String>,
    },
    /// A quantity: value, unit and what is counted or measured.
    Quantity {
        /// The number, multipliers applied ("800 million" is 800000000).
        value: f64,
        /// The unit, normalized ("t" for tons, "USD", "people"), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        /// What is measured ("grain", "coking coal"), if stated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        commodity: Option<String>,
    },
}

/// One mention of an entity in a document. After resolution the mentions of a document never
/// overlap and never split a word; they are sorted by `at`, then `start`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The text the mention is in.
    pub at: TextRef,
    /// Byte offset of the mention in that text.
    pub start: u32,
    /// Byte offset one past the mention.
    pub end: u32,
    /// What kind of entity.
    pub kind: EntityKind,
    /// The [`Entity::id`] it resolves to (every person, place, organization and event mention
    /// has one; dates and quantities carry a [`Value`] instead and may have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// The text as it stands in the document.
    pub surface: String,
    /// Who found it.
    pub source: Provenance,
    /// The normalized value of a date or quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// A person, place, organization or event: curated in the authority file, or found
/// automatically.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id, safe in URLs and file names (`[a-z0-9-]`): the authority file's id, or
    /// `auto-<kind>-<slug of the name>` for automatic entities.
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Other names and spellings it goes by (transliteration variants, acronyms).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// One line saying who or what it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An identifier elsewhere, e.g. a Wikidata id ("Q39286").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Dates as the curator gave them, e.g. "1912–1994".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<String>,
    /// Curated (authority file) or automatic.
    pub source: Provenance,
}

/// An entity with its counts across the collection: one row of `entities.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitySummary {
    /// The entity.
    pub entity: Entity,
    /// How many times the collection mentions it.
    pub mentions: u32,
    /// How many documents mention it.
    pub documents: u32,
}

/// `entities.json`: every entity of the collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityIndex {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The entities, sorted by id.
    pub entities: Vec<EntitySummary>,
}

/// One mention shown as keyword in context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kwic {
    /// Where the mention is.
    pub at: TextRef,
    /// Byte offset of the mention in that text.
    pub start: u32,
    /// Up to about 60 characters before the mention, cut at a word boundary.
    pub before: String,
    /// The mention as it stands.
    pub surface: String,
    /// Up to about 60 characters after the mention, cut at a word boundary.
    pub after: String,
}

/// The mentions of one entity in one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityInDocument {
    /// The document's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its date.
    pub date: DocDate,
    /// Every mention, in reading order.
    pub contexts: Vec<Kwic>,
}

/// Another entity mentioned in the same documents, with how many documents they share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cooccurrence {
    /// The other entity's id.
    pub id: String,
    /// Its canonical name.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Number of documents that mention both.
    pub documents: u32,
}

/// `entity/<id>.json`: everything the entity page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityFile {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The entity.
    pub entity: Entity,
    /// The documents that mention it, in collection (date) order.
    pub documents: Vec<EntityInDocument>,
    /// Entities mentioned alongside it, most shared documents first.
    pub related: Vec<Cooccurrence>,
}
