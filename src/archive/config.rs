//! The reader's configuration: `dossier.toml` beside the records, checked by the compiler and
//! written into the corpus as `config.json` for the reader. It sets up kiosk mode (the idle
//! timer, the attract loop's featured records and entities, the operator's PIN) and embedding
//! (the host pages allowed to drive the reader, the theme).
//!
//! ```toml
//! [kiosk]
//! enabled = true                      # or add ?kiosk to the reader's URL
//! idle_seconds = 90                   # untouched this long: "Still reading?"
//! countdown_seconds = 15              # then back to the start screen
//! slide_seconds = 8                   # each featured item of the attract loop
//! featured_documents = ["113974"]
//! featured_entities = ["kim-il-sung"]
//! pin = "2468"                        # the operator screen (4 to 12 digits)
//!
//! [embed]
//! allowed_origins = ["https://museum.example"]
//! idle_seconds = 60                   # untouched this long: the host is told
//!
//! [embed.theme]                       # CSS custom properties of the reader
//! accent = "#1d4e89"
//! paper = "#ffffff"
//! ```

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::corpus::Compiled;
use super::diagnostic::{Code, Diagnostic};
use super::model::FORMAT_VERSION;

/// The configuration file's name, beside the records.
pub const CONFIG_FILE: &str = "dossier.toml";

/// The theme's custom properties: each key `k` sets the reader's CSS property `--k`.
pub const THEME_KEYS: [&str; 13] = [
    "paper",
    "surface",
    "ink",
    "ink-muted",
    "rule",
    "accent",
    "accent-ink",
    "stamp",
    "hand",
    "tint",
    "focus",
    "radius",
    "measure",
];

/// The longest theme value, in bytes.
const MAX_THEME_VALUE: usize = 64;

/// `config.json`: the configuration as the reader reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// [`FORMAT_VERSION`] of the corpus it belongs to.
    pub format_version: u32,
    /// Kiosk mode.
    pub kiosk: Kiosk,
    /// Embedding in another page.
    pub embed: Embed,
}

/// Kiosk mode's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kiosk {
    /// Kiosk mode for every visitor (else only with `?kiosk` in the URL).
    pub enabled: bool,
    /// Seconds without a touch before "Still reading?" shows.
    pub idle_seconds: u32,
    /// Seconds the "Still reading?" countdown runs before the reader returns to the start.
    pub countdown_seconds: u32,
    /// Seconds each featured item shows in the attract loop.
    pub slide_seconds: u32,
    /// Records the attract loop shows, by id.
    pub featured_documents: Vec<String>,
    /// Entities the attract loop shows, by id.
    pub featured_entities: Vec<String>,
    /// The operator screen's PIN (digits); none: no operator screen.
    pub pin: Option<String>,
}

impl Default for Kiosk {
    fn default() -> Self {
        Kiosk {
            enabled: false,
            idle_seconds: 90,
            countdown_seconds: 15,
            slide_seconds: 8,
            featured_documents: Vec::new(),
            featured_entities: Vec::new(),
            pin: None,
        }
    }
}

/// Embedding's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Embed {
    /// Origins (`scheme://host[:port]`) whose messages the embedded reader obeys.
    pub allowed_origins: Vec<String>,
    /// Theme: ([`THEME_KEYS`] key, CSS value) pairs, by key.
    pub theme: Vec<(String, String)>,
    /// Seconds without interaction before the embedded reader tells its host it is idle.
    #[serde(default = "default_embed_idle")]
    pub idle_seconds: u32,
}

fn default_embed_idle() -> u32 {
    60
}

impl Default for Embed {
    fn default() -> Self {
        Embed {
            allowed_origins: Vec::new(),
            theme: Vec::new(),
            idle_seconds: default_embed_idle(),
        }
    }
}

/// Where the reader is running.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mode {
    /// Kiosk mode: idle timer, attract loop, touch-sized controls, no way out.
    pub kiosk: bool,
    /// Embedded in another page's iframe: no masthead or footer, driven by its host.
    pub embed: bool,
}

impl Mode {
    /// The mode for a URL query (`location.search`, e.g. `?kiosk` or `?embed=1`) and the
    /// configuration: kiosk when the configuration enables it or the URL asks for it
    /// (`?kiosk=0` turns it off), embed when the URL asks for it.
    pub fn of(search: &str, config: &Config) -> Mode {
        Mode::from_url(search, config.kiosk.enabled)
    }

    /// [`Mode::of`] given only whether the configuration enables kiosk mode (what the reader
    /// reads of it, from the catalog's head: [`crate::archive::CatalogHead::kiosk`]).
    pub fn from_url(search: &str, kiosk_enabled: bool) -> Mode {
        let flag = |name: &str| {
            search
                .trim_start_matches('?')
                .split('&')
                .filter_map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (key == name).then_some(!matches!(value, "0" | "false" | "off" | "no"))
                })
                .next_back()
        };
        Mode {
            kiosk: flag("kiosk").unwrap_or(kiosk_enabled),
            embed: flag("embed").unwrap_or(false),
        }
    }
}

/// What [`parse_config`] found: the configuration (defaults where the file is silent or
/// wrong) and what was wrong.
#[derive(Clone, Debug, Default)]
pub struct ConfigReport {
    /// The configuration.
    pub config: Config,
    /// Problems, each at its line.
    pub diagnostics: Vec<Diagnostic>,
}

impl ConfigReport {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    kiosk: Option<RawKiosk>,
    #[serde(default)]
    embed: Option<RawEmbed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKiosk {
    enabled: Option<bool>,
    idle_seconds: Option<Spanned<i64>>,
    countdown_seconds: Option<Spanned<i64>>,
    slide_seconds: Option<Spanned<i64>>,
    #[serde(default)]
    featured_documents: Vec<Spanned<String>>,
    #[serde(default)]
    featured_entities: Vec<Spanned<String>>,
    pin: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmbed {
    #[serde(default)]
    allowed_origins: Vec<Spanned<String>>,
    idle_seconds: Option<Spanned<i64>>,
    #[serde(default)]
    theme: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// Reads `dossier.toml` (named `file` in diagnostics), checking every value and every featured
/// id against `known`.
pub fn parse_config(file: &str, text: &str, known: &KnownIds) -> ConfigReport {
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line = |at: usize| newlines.partition_point(|&n| n < at) as u32 + 1;
    let mut diagnostics = Vec::new();
    let mut error = |at: usize, message: String| {
        diagnostics.push(Diagnostic::error(
            file,
            line(at),
            Code::ConfigInvalid,
            message,
        ));
    };
    let mut config = Config {
        format_version: FORMAT_VERSION,
        ..Config::default()
    };
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            error(
                e.span().map_or(0, |s| s.start),
                format!("the configuration is not valid: {}", e.message().trim()),
            );
            return ConfigReport {
                config,
                diagnostics,
            };
        }
    };
    if let Some(k) = raw.kiosk {
        let kiosk = &mut config.kiosk;
        kiosk.enabled = k.enabled.unwrap_or(false);
        for (value, field, min, max) in [
            (k.idle_seconds, &mut kiosk.idle_seconds, 10, 86_400),
            (k.countdown_seconds, &mut kiosk.countdown_seconds, 3, 600),
            (k.slide_seconds, &mut kiosk.slide_seconds, 2, 600),
        ] {
            if let Some(v) = value {
                match seconds(&v, min, max) {
                    Ok(n) => *field = n,
                    Err(why) => error(v.span().start, why),
                }
            }
        }
        for (ids, have, featured, what) in [
            (
                k.featured_documents,
                &known.documents,
                &mut kiosk.featured_documents,
                "record",
            ),
            (
                k.featured_entities,
                &known.entities,
                &mut kiosk.featured_entities,
                "entity",
            ),
        ] {
            for id in ids {
                if have.contains(id.get_ref().as_str()) {
                    featured.push(id.into_inner());
                } else {
                    error(
                        id.span().start,
                        format!("no {what} has the id `{}`", id.get_ref()),
                    );
                }
            }
        }
        if let Some(pin) = k.pin {
            let p = pin.get_ref();
            if (4..=12).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
                kiosk.pin = Some(pin.into_inner());
            } else {
                error(pin.span().start, "the PIN must be 4 to 12 digits".into());
            }
        }
    }
    if let Some(e) = raw.embed {
        if let Some(v) = e.idle_seconds {
            match seconds(&v, 5, 86_400) {
                Ok(n) => config.embed.idle_seconds = n,
                Err(why) => error(v.span().start, why),
            }
        }
        for origin in e.allowed_origins {
            match normal_origin(origin.get_ref()) {
                Some(o) => config.embed.allowed_origins.push(o),
                None => error(
                    origin.span().start,
                    format!(
                        "`{}` is not an origin: write scheme://host or scheme://host:port, \
                         with no path",
                        origin.get_ref()
                    ),
                ),
            }
        }
        for (key, value) in e.theme {
            match theme_entry(key.get_ref(), value.get_ref()) {
                Ok(()) => config
                    .embed
                    .theme
                    .push((key.into_inner(), value.get_ref().trim().to_string())),
                Err(why) => error(key.span().start, why),
            }
        }
    }
    ConfigReport {
        config,
        diagnostics,
    }
}

/// A number of seconds from `min` to `max`, or why it is not one.
fn seconds(value: &Spanned<i64>, min: u32, max: u32) -> Result<u32, String> {
    let v = *value.get_ref();
    u32::try_from(v)
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("seconds must be from {min} to {max}, not {v}"))
}

/// Whether `value` is a safe value for theme key `key`: a known key, and a plain CSS value
/// (a colour, a length) that cannot end the declaration, fetch anything or call a function
/// other than a colour's. The configuration's theme, the embedded reader's URL and its host's
/// `theme` command are all held to it.
pub fn theme_entry(key: &str, value: &str) -> Result<(), String> {
    if !THEME_KEYS.contains(&key) {
        return Err(format!(
            "the theme has no `{key}`: use {}",
            THEME_KEYS.join(", ")
        ));
    }
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let plain = v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " #%.,()-+/".contains(c));
    let functions_ok = lower.split('(').rev().skip(1).all(|f| {
        ["rgb", "rgba", "hsl", "hsla", "oklch", "lab", "lch", "oklab"]
            .iter()
            .any(|ok| f.trim_end().ends_with(ok))
    });
    if v.is_empty() || v.len() > MAX_THEME_VALUE || !plain || !functions_ok {
        return Err(format!(
            "`{key} = {value:?}` is not a plain CSS colour or length (at most \
             {MAX_THEME_VALUE} characters of letters, digits and # % . , ( ) - + /)"
        ));
    }
    Ok(())
}

/// `origin` as a browser writes an origin (`scheme://host[:port]`, lower case, no trailing
/// slash), or `None` when it is not one.
fn normal_origin(origin: &str) -> Option<String> {
    let o = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = o.split_once("://")?;
    let host_ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    (matches!(scheme, "http" | "https") && host_ok).then_some(o)
}

/// The ids of a corpus's records and entities, for [`parse_config`].
#[derive(Debug, Default)]
pub struct KnownIds<'a> {
    /// Record ids.
    pub documents: HashSet<&'a str>,
    /// Entity ids.
    pub entities: HashSet<&'a str>,
}

impl<'a> KnownIds<'a> {
    /// The ids of a compiled corpus.
    pub fn of(compiled: &'a Compiled) -> Self {
        KnownIds {
            documents: compiled
                .documents
                .iter()
                .map(|d| d.document.id.as_str())
                .collect(),
            entities: compiled
                .entities
                .index
                .entities
                .iter()
                .map(|e| e.entity.id.as_str())
                .collect(),
        }
    }
}
