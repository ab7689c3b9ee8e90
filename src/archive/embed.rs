//! The embedding protocol: how a host page drives a reader embedded in its iframe
//! (`?embed` in the reader's URL) with `postMessage`, and what the reader tells it.
//!
//! Every message of the protocol, both ways, is a plain object with `"dossier": 1` (the
//! protocol's version) and a `"type"`; anything else posted to the reader is not for it and is
//! ignored. The host's commands:
//!
//! | command | fields | the reader |
//! |---|---|---|
//! | `open` | `document` or `entity` (an id) | opens `#/doc/<id>` or `#/entity/<id>` |
//! | `search` | `query` (the search box's language) | opens `#/search?q=<query>` |
//! | `highlight` | `entity`, optional `document` | marks the entity in that document, or in the one open |
//! | `theme` | `theme`: `{ "<key>": "<css value>" }` | sets the custom properties `--<key>` |
//! | `reset` | | back to the page it was opened on, with its first theme |
//!
//! and its events: `ready` (`route`: it takes commands from now on), `navigated` (`route`, after
//! every navigation and every command that navigates, even to the page already open), `idle`
//! (`seconds` without interaction) and `error` (`command`, `message`: a command refused, nothing
//! done). [`Session`] is the reader's whole logic, pure: the wasm side only moves messages, sets
//! the URL and the theme, and keeps the time.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::config::{theme_entry, Config};

/// The protocol's version: the value of `"dossier"` in every message.
pub const PROTOCOL: u32 = 1;

/// The longest query a `search` command may carry, in bytes.
pub const MAX_QUERY: usize = 2000;

/// The longest id (of a record or an entity), in bytes: the compiler's limit.
const MAX_ID: usize = 200;

/// A theme: (key of [`super::config::THEME_KEYS`], CSS value) pairs, in order.
pub type Theme = Vec<(String, String)>;

/// A command from the host page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Open a record.
    OpenDocument { id: String },
    /// Open an entity's page.
    OpenEntity { id: String },
    /// Search.
    Search { query: String },
    /// Mark an entity's mentions in a record (`document`), or in the record open.
    Highlight {
        entity: String,
        document: Option<String>,
    },
    /// Set these theme properties (the others keep their values).
    Theme { theme: Theme },
    /// Back to the start: the page the reader was opened on, its first theme.
    Reset,
}

impl Command {
    /// The command's `type`, as the host wrote it.
    pub fn name(&self) -> &'static str {
        match self {
            Command::OpenDocument { .. } | Command::OpenEntity { .. } => "open",
            Command::Search { .. } => "search",
            Command::Highlight { .. } => "highlight",
            Command::Theme { .. } => "theme",
            Command::Reset => "reset",
        }
    }
}

/// A command the reader refuses: which (its `type`, when it had one) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The command's `type` (empty when it had none).
    pub command: String,
    /// Why, in a sentence.
    pub message: String,
}

impl Refusal {
    fn new(command: &str, message: impl Into<String>) -> Refusal {
        Refusal {
            command: command.to_string(),
            message: message.into(),
        }
    }
}

/// Just enough of a message to tell whether it is for the reader.
#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    dossier: Option<de::IgnoredAny>,
}

/// A command as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    dossier: u32,
    #[serde(rename = "type")]
    kind: String,
    document: Option<String>,
    entity: Option<String>,
    query: Option<String>,
    theme: Option<Pairs>,
}

/// A JSON object of strings, its entries in order.
struct Pairs(Theme);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        d.deserialize_map(V)
    }
}

/// Reads a message posted to the reader (as JSON, e.g. `JSON.stringify(event.data)`): `None`
/// when it is not for the reader (not an object with `"dossier"`), else the command or why it
/// is refused.
pub fn parse_command(json: &str) -> Option<Result<Command, Refusal>> {
    let head: Head = super::json::from_str(json).ok()?;
    head.dossier?;
    Some(read_command(json))
}

fn read_command(json: &str) -> Result<Command, Refusal> {
    let raw: Raw = super::json::from_str(json).map_err(|e| {
        Refusal::new(
            "",
            format!(
                "not a command: {}",
                e.to_string().replace(" at line 1", " at")
            ),
        )
    })?;
    let refuse = |message: String| Refusal::new(&raw.kind, message);
    if raw.dossier != PROTOCOL {
        return Err(refuse(format!(
            "this reader speaks version {PROTOCOL} of the protocol, not {}",
            raw.dossier
        )));
    }
    let id = |what: &str, value: &Option<String>| -> Result<Option<String>, Refusal> {
        match value {
            Some(v) if !is_id(v) => Err(refuse(format!(
                "`{what}` must be an id (letters, digits, - and _; at most {MAX_ID})"
            ))),
            v => Ok(v.clone()),
        }
    };
    let document = id("document", &raw.document)?;
    let entity = id("entity", &raw.entity)?;
    let allowed: &[&str] = match raw.kind.as_str() {
        "open" => &["document", "entity"],
        "search" => &["query"],
        "highlight" => &["document", "entity"],
        "theme" => &["theme"],
        "reset" => &[],
        other => {
            return Err(refuse(format!(
                "no command `{other}`: use open, search, highlight, theme or reset"
            )))
        }
    };
    let given = [
        ("document", document.is_some()),
        ("entity", entity.is_some()),
        ("query", raw.query.is_some()),
        ("theme", raw.theme.is_some()),
    ];
    if let Some((field, _)) = given
        .iter()
        .find(|(field, present)| *present && !allowed.contains(field))
    {
        return Err(refuse(format!("`{}` takes no `{field}`", raw.kind)));
    }
    match raw.kind.as_str() {
        "open" => match (document, entity) {
            (Some(id), None) => Ok(Command::OpenDocument { id }),
            (None, Some(id)) => Ok(Command::OpenEntity { id }),
            _ => Err(refuse("`open` takes a `document` or an `entity`".into())),
        },
        "search" => {
            let query = raw
                .query
                .ok_or_else(|| refuse("`search` takes a `query`".into()))?;
            if query.len() > MAX_QUERY {
                return Err(refuse(format!(
                    "the query is longer than {MAX_QUERY} bytes"
                )));
            }
            Ok(Command::Search { query })
        }
        "highlight" => Ok(Command::Highlight {
            entity: entity.ok_or_else(|| refuse("`highlight` takes an `entity`".into()))?,
            document,
        }),
        "theme" => {
            let theme = raw
                .theme
                .ok_or_else(|| refuse("`theme` takes a `theme` object".into()))?
                .0;
            check_theme(&theme).map_err(refuse)?;
            Ok(Command::Theme {
                theme: theme
                    .into_iter()
                    .map(|(k, v)| (k, v.trim().to_string()))
                    .collect(),
            })
        }
        _ => Ok(Command::Reset),
    }
}

/// Checks every entry of a theme as the configuration's are checked; the first wrong one says
/// why (a theme is taken whole or not at all).
pub fn check_theme(theme: &[(String, String)]) -> Result<(), String> {
    theme.iter().try_for_each(|(k, v)| theme_entry(k, v))
}

/// Ids are what the compiler writes: ASCII letters, digits, `-` and `_`, at most 200 bytes.
fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An event for the host page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Event {
    /// The reader has started and takes commands; `route` is the page open.
    Ready { route: String },
    /// The reader went to `route` (a URL fragment such as `#/doc/113974`).
    Navigated { route: String },
    /// Nobody has touched the reader for `seconds`.
    Idle { seconds: u32 },
    /// A command was refused; nothing was done.
    Error { command: String, message: String },
}

impl Event {
    /// The event as the JSON object posted to the host: `{"dossier":1,"type":…,…}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Tagged<'a> {
            dossier: u32,
            #[serde(flatten)]
            event: &'a Event,
        }
        serde_json::to_string(&Tagged {
            dossier: PROTOCOL,
            event: self,
        })
        .expect("events serialize")
    }
}

/// What the reader does for a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Go to this route (a URL fragment starting with `#/`).
    Navigate(String),
    /// Show this theme: set these properties, and remove the theme properties not in it.
    Theme(Theme),
    /// Both: the theme, then the route.
    Reset { route: String, theme: Theme },
}

/// The embedded reader's state: who may drive it, where it started, its theme.
#[derive(Clone, Debug)]
pub struct Session {
    own_origin: String,
    allowed: Vec<String>,
    start: String,
    first_theme: Theme,
    theme: Theme,
    idle_seconds: u32,
}

impl Session {
    /// The session of a reader at `own_origin` opened on the fragment `hash` with the URL query
    /// `search` (`?embed&theme=…`): allowed origins, idle time and theme from `config`, the
    /// URL's theme over the configuration's. A URL theme with a wrong entry is refused whole
    /// (the error says why) and the configuration's stays.
    pub fn new(
        config: &Config,
        own_origin: &str,
        hash: &str,
        search: &str,
    ) -> (Session, Option<String>) {
        let mut theme = config.embed.theme.clone();
        let url = theme_of_query(search);
        let problem = match url {
            Ok(entries) => {
                for (k, v) in entries {
                    set(&mut theme, k, v);
                }
                None
            }
            Err(why) => Some(format!("the theme in the URL is refused: {why}")),
        };
        let start = match hash.trim_start_matches('#') {
            "" | "/" => "#/".to_string(),
            h => format!("#{h}"),
        };
        let session = Session {
            own_origin: own_origin.to_string(),
            allowed: config.embed.allowed_origins.clone(),
            start,
            first_theme: theme.clone(),
            theme,
            idle_seconds: config.embed.idle_seconds,
        };
        (session, problem)
    }

    /// Whether messages from `origin` are obeyed: the configuration's `allowed_origins` and the
    /// reader's own origin (a page of the same origin could script the reader anyway); never
    /// the opaque origin `null` (a sandboxed frame, a file).
    pub fn allows(&self, origin: &str) -> bool {
        origin != "null"
            && !origin.is_empty()
            && (origin == self.own_origin || self.allowed.iter().any(|a| a == origin))
    }

    /// The origin to post events to, from what the browser says of the embedding page (its
    /// `location.ancestorOrigins[0]`, else `document.referrer`): that origin when it is
    /// allowed, else none (events then wait for the host's first command).
    pub fn host_origin(&self, ancestor: Option<&str>, referrer: &str) -> Option<String> {
        let origin = match ancestor {
            Some(a) if !a.is_empty() => a.to_string(),
            _ => origin_of(referrer)?,
        };
        self.allows(&origin).then_some(origin)
    }

    /// Seconds without interaction before the `idle` event.
    pub fn idle_seconds(&self) -> u32 {
        self.idle_seconds
    }

    /// The theme now shown.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// What to do for `command`, the reader being at `route` (its URL fragment).
    pub fn handle(&mut self, command: Command, route: &str) -> Result<Action, Refusal> {
        let name = command.name();
        Ok(match command {
            Command::OpenDocument { id } => Action::Navigate(format!("#/doc/{id}")),
            Command::OpenEntity { id } => Action::Navigate(format!("#/entity/{id}")),
            Command::Search { query } => Action::Navigate(format!("#/search?q={}", encode(&query))),
            Command::Highlight { entity, document } => {
                let document = document.or_else(|| open_document(route)).ok_or_else(|| {
                    Refusal::new(name, "no record is open: say which with `document`")
                })?;
                Action::Navigate(format!("#/doc/{document}?entity={entity}"))
            }
            Command::Theme { theme } => {
                for (k, v) in theme {
                    set(&mut self.theme, k, v);
                }
                Action::Theme(self.theme.clone())
            }
            Command::Reset => {
                self.theme = self.first_theme.clone();
                Action::Reset {
                    route: self.start.clone(),
                    theme: self.theme.clone(),
                }
            }
        })
    }
}

fn set(theme: &mut Theme, key: String, value: String) {
    match theme.iter_mut().find(|(k, _)| *k == key) {
        Some(entry) => entry.1 = value,
        None => theme.push((key, value)),
    }
}

/// The record open at `route` (`#/doc/<id>…`), if any.
fn open_document(route: &str) -> Option<String> {
    let path = route.trim_start_matches('#');
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    match (segments.next(), segments.next(), segments.next()) {
        (Some("doc"), Some(id), None) if is_id(id) => Some(id.to_string()),
        _ => None,
    }
}

/// The theme in a URL query: every `theme=key:value;key:value` parameter (percent-encoded),
/// checked like the configuration's.
pub fn theme_of_query(search: &str) -> Result<Theme, String> {
    let mut theme = Theme::new();
    for pair in search.trim_start_matches('?').split('&') {
        let Some(("theme", value)) = pair.split_once('=') else {
            continue;
        };
        for entry in decode(value).split(';').filter(|e| !e.trim().is_empty()) {
            let (k, v) = entry
                .split_once(':')
                .ok_or_else(|| format!("`{entry}` is not key:value"))?;
            let (k, v) = (k.trim().to_string(), v.trim().to_string());
            theme_entry(&k, &v)?;
            set(&mut theme, k, v);
        }
    }
    Ok(theme)
}

/// The origin (`scheme://host[:port]`) of an http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    (matches!(scheme, "http" | "https") && !authority.is_empty() && !authority.contains('@'))
        .then(|| format!("{scheme}://{authority}"))
}

/// A URL query value: UTF-8, percent-encoded but for letters, digits and `-_.~` (as the
/// reader's own links write it).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A URL query value decoded: `+` is a space, `%XX` a byte, a malformed escape kept as typed.
fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|b| (*b as char).to_digit(16));
        match bytes[i] {
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
