//! The reader's configuration (`dossier.toml`): every setting read, every mistake named at its
//! line, and `config.json` read back as written.

use dossier::archive::{
    compile, parse_config, read_config, to_json_pretty, Code, Config, KnownIds, Severity, Source,
    FORMAT_VERSION,
};

/// Ids a corpus could have.
fn known() -> KnownIds<'static> {
    KnownIds {
        documents: ["35518670e4bcec4c", "other-record"].into(),
        entities: ["kim-il-sung", "pyongyang"].into(),
    }
}

/// The problems of `text`, as (line, message).
fn problems(text: &str) -> Vec<(u32, String)> {
    let report = parse_config("dossier.toml", text, &known());
    for d in &report.diagnostics {
        assert_eq!(d.code, Code::ConfigInvalid);
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.file, "dossier.toml");
    }
    report
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.clone()))
        .collect()
}

#[test]
fn reads_every_setting() {
    let text = r##"# a museum's kiosk
[kiosk]
enabled = true
idle_seconds = 120
countdown_seconds = 20
slide_seconds = 6
featured_documents = ["35518670e4bcec4c", "other-record"]
featured_entities = ["pyongyang", "kim-il-sung"]
pin = "02468"

[embed]
allowed_origins = ["https://Museum.example/", "http://localhost:8000"]

[embed.theme]
accent = "#1d4e89"
paper = "rgb(255, 250, 240)"
radius = "0"
"##;
    let report = parse_config("dossier.toml", text, &known());
    assert_eq!(report.diagnostics, []);
    let c = report.config;
    assert_eq!(c.format_version, FORMAT_VERSION);
    assert!(c.kiosk.enabled);
    assert_eq!(
        (
            c.kiosk.idle_seconds,
            c.kiosk.countdown_seconds,
            c.kiosk.slide_seconds
        ),
        (120, 20, 6)
    );
    assert_eq!(
        c.kiosk.featured_documents,
        ["35518670e4bcec4c", "other-record"]
    );
    assert_eq!(c.kiosk.featured_entities, ["pyongyang", "kim-il-sung"]);
    assert_eq!(c.kiosk.pin.as_deref(), Some("02468"));
    assert_eq!(
        c.embed.allowed_origins,
        ["https://museum.example", "http://localhost:8000"]
    );
    let theme: Vec<(&str, &str)> = c
        .embed
        .theme
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        theme,
        [
            ("accent", "#1d4e89"),
            ("paper", "rgb(255, 250, 240)"),
            ("radius", "0")
        ]
    );

    // config.json reads back as written
    assert_eq!(read_config(&to_json_pretty(&c)).unwrap(), c);
}

#[test]
fn an_empty_file_is_the_defaults() {
    let report = parse_config("dossier.toml", "", &known());
    assert_eq!(report.diagnostics, []);
    let c = report.config;
    assert!(!c.kiosk.enabled);
    assert_eq!(
        (
            c.kiosk.idle_seconds,
            c.kiosk.countdown_seconds,
            c.kiosk.slide_seconds
        ),
        (90, 15, 8)
    );
    assert_eq!(c.kiosk.pin, None);
    assert!(c.kiosk.featured_documents.is_empty() && c.embed.allowed_origins.is_empty());
    assert!(c.embed.theme.is_empty());
    assert_eq!(
        c,
        Config {
            format_version: FORMAT_VERSION,
            ..Config::default()
        }
    );
}

#[test]
fn names_each_mistake_at_its_line_and_keeps_the_rest() {
    let text = r##"[kiosk]
idle_seconds = 2
countdown_seconds = 20
featured_documents = ["35518670e4bcec4c", "no-such-record"]
featured_entities = ["atlantis"]
pin = "12ab"

[embed]
allowed_origins = ["museum.example", "https://ok.example", "https://a.example/path"]

[embed.theme]
accent = "red; background: url(https://cdn.example/x.png)"
font = "Comic Sans"
paper = "#fff"
ink = "expression(alert(1))"
"##;
    assert_eq!(
        problems(text),
        [
            (2, "seconds must be from 10 to 86400, not 2".to_string()),
            (4, "no record has the id `no-such-record`".to_string()),
            (5, "no entity has the id `atlantis`".to_string()),
            (6, "the PIN must be 4 to 12 digits".to_string()),
            (9, "`museum.example` is not an origin: write scheme://host or scheme://host:port, with no path".to_string()),
            (9, "`https://a.example/path` is not an origin: write scheme://host or scheme://host:port, with no path".to_string()),
            (12, "`accent = \"red; background: url(https://cdn.example/x.png)\"` is not a plain CSS colour or length (at most 64 characters of letters, digits and # % . , ( ) - + /)".to_string()),
            (13, "the theme has no `font`: use paper, surface, ink, ink-muted, rule, accent, accent-ink, stamp, hand, tint, focus, radius, measure".to_string()),
            (15, "`ink = \"expression(alert(1))\"` is not a plain CSS colour or length (at most 64 characters of letters, digits and # % . , ( ) - + /)".to_string()),
        ]
    );
    // what was right is kept
    let c = parse_config("dossier.toml", text, &known()).config;
    assert_eq!(c.kiosk.idle_seconds, 90);
    assert_eq!(c.kiosk.countdown_seconds, 20);
    assert_eq!(c.kiosk.featured_documents, ["35518670e4bcec4c"]);
    assert_eq!(c.embed.allowed_origins, ["https://ok.example"]);
    assert_eq!(c.embed.theme, [("paper".to_string(), "#fff".to_string())]);
}

#[test]
fn a_syntax_error_or_an_unknown_field_is_named_at_its_line() {
    let syntax = problems("[kiosk]\nenabled = true\nidle_seconds = \n");
    assert_eq!(syntax.len(), 1);
    assert_eq!(syntax[0].0, 3);
    assert!(
        syntax[0].1.starts_with("the configuration is not valid"),
        "{syntax:?}"
    );

    let unknown = problems("[kiosk]\nenabled = true\nidle_secs = 30\n");
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].0, 3, "{unknown:?}");
    assert!(unknown[0].1.contains("idle_secs"), "{unknown:?}");

    let section = problems("[attract]\nspeed = 3\n");
    assert_eq!(section[0].0, 1, "{section:?}");
    assert!(section[0].1.contains("attract"), "{section:?}");

    let wrong_type = problems("[kiosk]\n\nenabled = \"yes\"\n");
    assert_eq!(wrong_type[0].0, 3, "{wrong_type:?}");
}

#[test]
fn featured_ids_are_checked_against_the_compiled_corpus() {
    let seed = include_str!("../../seeds/000_35518670e4bcec4c.txt");
    let compiled = compile(&[Source::new("seed.txt", seed)]);
    let id = compiled.documents[0].document.id.clone();
    let entity = compiled.entities.index.entities[0].entity.id.clone();
    let text =
        format!("[kiosk]\nfeatured_documents = [\"{id}\"]\nfeatured_entities = [\"{entity}\"]\n");
    let report = parse_config("dossier.toml", &text, &KnownIds::of(&compiled));
    assert_eq!(report.diagnostics, []);
    assert_eq!(report.config.kiosk.featured_documents, [id]);
    assert_eq!(report.config.kiosk.featured_entities, [entity]);
}

#[test]
fn config_json_of_another_format_is_refused() {
    let json = r#"{"format_version": 999, "kiosk": {}, "embed": {}}"#;
    assert!(read_config(json)
        .unwrap_err()
        .to_string()
        .contains("newer Dossier"));
}

#[test]
fn the_embedded_readers_idle_time_is_checked() {
    let c = parse_config("dossier.toml", "[embed]\nidle_seconds = 5\n", &known()).config;
    assert_eq!(c.embed.idle_seconds, 5);
    assert_eq!(Config::default().embed.idle_seconds, 60);
    assert_eq!(
        problems("[embed]\n\nidle_seconds = 4\n"),
        [(3, "seconds must be from 5 to 86400, not 4".to_string())]
    );
    assert_eq!(
        problems("[embed]\nidle_seconds = -1\n"),
        [(2, "seconds must be from 5 to 86400, not -1".to_string())]
    );
    // config.json written before the setting existed reads with the default
    let json = format!(
        r#"{{"format_version": {FORMAT_VERSION}, "kiosk": {}, "embed": {{"allowed_origins": [], "theme": []}}}}"#,
        to_json_pretty(&Config::default().kiosk)
    );
    assert_eq!(read_config(&json).unwrap().embed.idle_seconds, 60);
}
