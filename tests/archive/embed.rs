//! The embedding protocol (`archive::embed`): the host page's commands read and checked, the
//! routes they lead to, who may send them, the theme from the URL and from a command held to
//! the configuration's rules, and the events as the host receives them.

use dossier::archive::embed::{
    check_theme, parse_command, theme_of_query, Action, Command, Event, Refusal, Session,
};
use dossier::archive::{parse_config, Config, KnownIds};

/// A configuration as `dossier.toml` would give it.
fn config(toml: &str) -> Config {
    let report = parse_config("dossier.toml", toml, &KnownIds::default());
    assert_eq!(report.diagnostics, [], "{toml}");
    report.config
}

fn museum() -> Config {
    config(
        r##"[embed]
allowed_origins = ["https://museum.example", "http://127.0.0.1:8000"]
idle_seconds = 30
[embed.theme]
accent = "#1d4e89"
paper = "#ffffff"
"##,
    )
}

fn theme(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The command in `json`, which must be one.
fn command(json: &str) -> Command {
    parse_command(json)
        .unwrap_or_else(|| panic!("not for the reader: {json}"))
        .unwrap_or_else(|e| panic!("refused: {json}: {e:?}"))
}

/// Why `json`, which is for the reader, is refused.
fn refusal(json: &str) -> Refusal {
    match parse_command(json) {
        Some(Err(refusal)) => refusal,
        other => panic!("{json}: {other:?}"),
    }
}

#[test]
fn reads_every_command() {
    assert_eq!(
        command(r#"{"dossier":1,"type":"open","document":"113974"}"#),
        Command::OpenDocument {
            id: "113974".into()
        }
    );
    assert_eq!(
        command(r#"{"dossier":1,"type":"open","entity":"kim-il-sung"}"#),
        Command::OpenEntity {
            id: "kim-il-sung".into()
        }
    );
    assert_eq!(
        command(r#"{"dossier":1,"type":"search","query":"soviet \"economic aid\""}"#),
        Command::Search {
            query: "soviet \"economic aid\"".into()
        }
    );
    assert_eq!(
        command(r#"{"dossier":1,"type":"highlight","entity":"kim-il-sung"}"#),
        Command::Highlight {
            entity: "kim-il-sung".into(),
            document: None
        }
    );
    assert_eq!(
        command(r#"{"dossier":1,"type":"highlight","entity":"pyongyang","document":"a_1"}"#),
        Command::Highlight {
            entity: "pyongyang".into(),
            document: Some("a_1".into())
        }
    );
    assert_eq!(
        command(
            r#"{"dossier":1,"type":"theme","theme":{"paper":" #fffdf0 ","accent":"rgb(10, 20, 30)"}}"#
        ),
        Command::Theme {
            theme: theme(&[("paper", "#fffdf0"), ("accent", "rgb(10, 20, 30)")])
        }
    );
    assert_eq!(command(r#"{"dossier":1,"type":"reset"}"#), Command::Reset);
}

#[test]
fn messages_for_someone_else_are_not_read() {
    for json in [
        r#"{"type":"open","document":"113974"}"#,
        r#"{"dossier":null,"type":"reset"}"#,
        r#"{"source":"react-devtools","payload":{}}"#,
        r#""open""#,
        "[1,2]",
        "null",
        "42",
        "not json",
        "",
    ] {
        assert_eq!(parse_command(json), None, "{json}");
    }
}

#[test]
fn refuses_wrong_commands_saying_why() {
    let cases = [
        (
            r#"{"dossier":2,"type":"reset"}"#,
            "reset",
            "this reader speaks version 1 of the protocol, not 2",
        ),
        (
            r#"{"dossier":1,"type":"explode"}"#,
            "explode",
            "no command `explode`: use open, search, highlight, theme or reset",
        ),
        (
            r#"{"dossier":1,"type":"open"}"#,
            "open",
            "`open` takes a `document` or an `entity`",
        ),
        (
            r#"{"dossier":1,"type":"open","document":"a","entity":"b"}"#,
            "open",
            "`open` takes a `document` or an `entity`",
        ),
        (
            r#"{"dossier":1,"type":"open","document":"../config"}"#,
            "open",
            "`document` must be an id (letters, digits, - and _; at most 200)",
        ),
        (
            r#"{"dossier":1,"type":"open","document":"<img src=x onerror=alert(1)>"}"#,
            "open",
            "`document` must be an id (letters, digits, - and _; at most 200)",
        ),
        (
            r#"{"dossier":1,"type":"highlight","entity":"a b"}"#,
            "highlight",
            "`entity` must be an id (letters, digits, - and _; at most 200)",
        ),
        (
            r#"{"dossier":1,"type":"highlight","document":"a"}"#,
            "highlight",
            "`highlight` takes an `entity`",
        ),
        (
            r#"{"dossier":1,"type":"search"}"#,
            "search",
            "`search` takes a `query`",
        ),
        (
            r#"{"dossier":1,"type":"search","query":"x","document":"a"}"#,
            "search",
            "`search` takes no `document`",
        ),
        (
            r#"{"dossier":1,"type":"reset","theme":{}}"#,
            "reset",
            "`reset` takes no `theme`",
        ),
        (
            r#"{"dossier":1,"type":"theme"}"#,
            "theme",
            "`theme` takes a `theme` object",
        ),
    ];
    for (json, command, message) in cases {
        assert_eq!(
            refusal(json),
            Refusal {
                command: command.into(),
                message: message.into()
            },
            "{json}"
        );
    }
    let long = format!(
        r#"{{"dossier":1,"type":"search","query":"{}"}}"#,
        "a".repeat(2001)
    );
    assert_eq!(
        refusal(&long).message,
        "the query is longer than 2000 bytes"
    );
    let id = "a".repeat(201);
    assert!(refusal(&format!(
        r#"{{"dossier":1,"type":"open","document":"{id}"}}"#
    ))
    .message
    .contains("must be an id"));
    // fields of the wrong type or unknown: serde's words, with the column
    let typed = refusal(r#"{"dossier":1,"type":"open","document":113974}"#);
    assert_eq!(typed.command, "");
    assert!(
        typed
            .message
            .starts_with("not a command: invalid type: integer `113974`"),
        "{typed:?}"
    );
    let unknown = refusal(r#"{"dossier":1,"type":"open","url":"https://evil.example"}"#);
    assert!(
        unknown.message.contains("unknown field `url`"),
        "{unknown:?}"
    );
}

#[test]
fn a_theme_is_checked_like_the_configurations_and_taken_whole_or_not_at_all() {
    let bad = [
        (
            r#"{"accent":"red; background: url(https://x.example/a.png)"}"#,
            "accent",
        ),
        (r##"{"accent":"#123","ink":"expression(alert(1))"}"##, "ink"),
        (r#"{"paper":"var(--x)"}"#, "paper"),
        (r#"{"accent":"url(x)"}"#, "accent"),
        (r#"{"accent":"</style><script>"}"#, "accent"),
        (r#"{"accent":""}"#, "accent"),
        (r#"{"font":"Comic Sans"}"#, "font"),
        (r#"{"--accent":"red"}"#, "--accent"),
    ];
    for (theme, key) in bad {
        let json = format!(r#"{{"dossier":1,"type":"theme","theme":{theme}}}"#);
        let r = refusal(&json);
        assert_eq!(r.command, "theme");
        assert!(r.message.contains(&format!("`{key}")), "{json}: {r:?}");
    }
    // the same words as the configuration's check
    let from_config = parse_config(
        "dossier.toml",
        "[embed.theme]\nink = \"expression(alert(1))\"\n",
        &KnownIds::default(),
    );
    let r = refusal(r#"{"dossier":1,"type":"theme","theme":{"ink":"expression(alert(1))"}}"#);
    assert_eq!(r.message, from_config.diagnostics[0].message);
    // values that are not strings
    assert!(
        refusal(r#"{"dossier":1,"type":"theme","theme":{"radius":0}}"#)
            .message
            .contains("invalid type")
    );
    assert_eq!(
        check_theme(&theme(&[("radius", "0"), ("measure", "60ch")])),
        Ok(())
    );
}

#[test]
fn the_url_theme_is_read_and_checked() {
    assert_eq!(theme_of_query(""), Ok(vec![]));
    assert_eq!(theme_of_query("?embed"), Ok(vec![]));
    assert_eq!(
        theme_of_query("?embed&theme=accent:%231d4e89"),
        Ok(theme(&[("accent", "#1d4e89")]))
    );
    assert_eq!(
        theme_of_query("?theme=accent:%231d4e89;paper:rgb(1,+2,+3)&embed&theme=accent:%23000"),
        Ok(theme(&[("accent", "#000"), ("paper", "rgb(1, 2, 3)")]))
    );
    for bad in [
        "?theme=accent",
        "?theme=accent:red%3B%20background:url(x)",
        "?theme=font:serif",
        "?theme=accent:%231d4e89;ink:url(https%3A%2F%2Fx.example)",
    ] {
        assert!(theme_of_query(bad).is_err(), "{bad}");
    }
}

#[test]
fn commands_lead_to_the_readers_routes() {
    let (mut s, problem) = Session::new(&museum(), "https://reader.example", "#/doc/1", "?embed");
    assert_eq!(problem, None);
    let mut go = |json: &str, route: &str| s.handle(command(json), route);
    assert_eq!(
        go(r##"{"dossier":1,"type":"open","document":"113974"}"##, "#/"),
        Ok(Action::Navigate("#/doc/113974".into()))
    );
    assert_eq!(
        go(
            r##"{"dossier":1,"type":"open","entity":"kim-il-sung"}"##,
            "#/"
        ),
        Ok(Action::Navigate("#/entity/kim-il-sung".into()))
    );
    assert_eq!(
        go(
            r#"{"dossier":1,"type":"search","query":"\"north korea\" -china year:1967 & ? # / % + ü"}"#,
            "#/"
        ),
        Ok(Action::Navigate(
            "#/search?q=%22north%20korea%22%20-china%20year%3A1967%20%26%20%3F%20%23%20%2F%20%25%20%2B%20%C3%BC"
                .into()
        ))
    );
    // in the record open, whatever was marked or found there before
    assert_eq!(
        go(
            r#"{"dossier":1,"type":"highlight","entity":"pyongyang"}"#,
            "#/doc/113974?entity=kim-il-sung&find=aid"
        ),
        Ok(Action::Navigate("#/doc/113974?entity=pyongyang".into()))
    );
    assert_eq!(
        go(
            r#"{"dossier":1,"type":"highlight","entity":"pyongyang","document":"a_1"}"#,
            "#/search?q=x"
        ),
        Ok(Action::Navigate("#/doc/a_1?entity=pyongyang".into()))
    );
    for route in ["#/", "#/search?q=doc", "#/entity/x", "#/doc/a/b", ""] {
        assert_eq!(
            go(
                r#"{"dossier":1,"type":"highlight","entity":"pyongyang"}"#,
                route
            ),
            Err(Refusal {
                command: "highlight".into(),
                message: "no record is open: say which with `document`".into()
            }),
            "{route}"
        );
    }
}

/// Every route a command makes is the page the reader's own router reads from it.
#[cfg(feature = "app")]
#[test]
fn the_readers_router_reads_the_routes_as_meant() {
    use dossier::app::Route;
    let (mut s, _) = Session::new(&museum(), "https://reader.example", "", "");
    let query = "\"north korea\" -china year:1960-1969 person:kim-il-sung Nižnij & ? # / % + =";
    let cases = [
        (
            Command::OpenDocument {
                id: "113974".into(),
            },
            Route::Document {
                id: "113974".into(),
                entity: None,
                find: None,
            },
        ),
        (
            Command::OpenEntity {
                id: "auto-person-kim_chaek".into(),
            },
            Route::Entity {
                id: "auto-person-kim_chaek".into(),
            },
        ),
        (
            Command::Search {
                query: query.into(),
            },
            Route::Search {
                q: query.into(),
                page: 1,
            },
        ),
        (
            Command::Highlight {
                entity: "kim-il-sung".into(),
                document: Some("memo-1962_a".into()),
            },
            Route::Document {
                id: "memo-1962_a".into(),
                entity: Some("kim-il-sung".into()),
                find: None,
            },
        ),
    ];
    for (command, route) in cases {
        let Ok(Action::Navigate(href)) = s.handle(command.clone(), "#/") else {
            panic!("{command:?}")
        };
        assert_eq!(Route::from_hash(&href), route, "{href}");
        assert_eq!(href, route.href());
    }
}

#[test]
fn the_theme_starts_from_the_configuration_and_the_url_and_reset_goes_back() {
    let (mut s, problem) = Session::new(
        &museum(),
        "https://reader.example",
        "#/doc/113974",
        "?embed&theme=accent:%23aa0000;radius:0",
    );
    assert_eq!(problem, None);
    let first = theme(&[("accent", "#aa0000"), ("paper", "#ffffff"), ("radius", "0")]);
    assert_eq!(s.theme(), &first);
    assert_eq!(s.idle_seconds(), 30);
    assert_eq!(
        s.handle(
            command(r##"{"dossier":1,"type":"theme","theme":{"ink":"#111","accent":"hsl(200, 50%, 30%)"}}"##),
            "#/doc/113974"
        ),
        Ok(Action::Theme(theme(&[
            ("accent", "hsl(200, 50%, 30%)"),
            ("paper", "#ffffff"),
            ("radius", "0"),
            ("ink", "#111")
        ])))
    );
    assert_eq!(
        s.handle(Command::Reset, "#/search?q=aid"),
        Ok(Action::Reset {
            route: "#/doc/113974".into(),
            theme: first.clone()
        })
    );
    assert_eq!(s.theme(), &first);

    // a wrong URL theme is refused whole: the configuration's stays, and the reason is given
    let (s, problem) = Session::new(
        &museum(),
        "https://reader.example",
        "",
        "?embed&theme=accent:%23aa0000;ink:url(x)",
    );
    assert_eq!(
        s.theme(),
        &theme(&[("accent", "#1d4e89"), ("paper", "#ffffff")])
    );
    assert!(problem
        .unwrap()
        .starts_with("the theme in the URL is refused: `ink"));
    // opened with no page: the start is the library
    let (mut s, _) = Session::new(&Config::default(), "https://r.example", "#", "");
    assert_eq!(
        s.handle(Command::Reset, "#/entity/x"),
        Ok(Action::Reset {
            route: "#/".into(),
            theme: vec![]
        })
    );
}

#[test]
fn only_the_allowed_origins_and_the_readers_own_are_obeyed() {
    let (s, _) = Session::new(&museum(), "https://reader.example", "", "");
    assert!(s.allows("https://museum.example"));
    assert!(s.allows("http://127.0.0.1:8000"));
    assert!(s.allows("https://reader.example"));
    for origin in [
        "https://museum.example.evil.example",
        "http://museum.example",
        "https://museum.example:8443",
        "http://127.0.0.1:8001",
        "null",
        "",
        "HTTPS://MUSEUM.EXAMPLE",
    ] {
        assert!(!s.allows(origin), "{origin}");
    }
    // no list: only the reader's own origin; a reader opened from a file (origin "null")
    // obeys nobody
    let (own, _) = Session::new(&Config::default(), "https://reader.example", "", "");
    assert!(own.allows("https://reader.example"));
    assert!(!own.allows("https://museum.example"));
    let (file, _) = Session::new(&Config::default(), "null", "", "");
    assert!(!file.allows("null"));
}

#[test]
fn events_go_only_to_an_allowed_host() {
    let (s, _) = Session::new(&museum(), "https://reader.example", "", "");
    assert_eq!(
        s.host_origin(Some("https://museum.example"), ""),
        Some("https://museum.example".into())
    );
    assert_eq!(
        s.host_origin(None, "http://127.0.0.1:8000/kiosk/index.html?x=1#y"),
        Some("http://127.0.0.1:8000".into())
    );
    assert_eq!(
        s.host_origin(Some(""), "https://museum.example/"),
        Some("https://museum.example".into())
    );
    assert_eq!(s.host_origin(Some("https://evil.example"), ""), None);
    assert_eq!(
        s.host_origin(None, "https://evil.example/museum.example"),
        None
    );
    assert_eq!(s.host_origin(None, "https://user@museum.example/"), None);
    assert_eq!(s.host_origin(None, ""), None);
    assert_eq!(s.host_origin(None, "file:///home/x.html"), None);
}

#[test]
fn events_are_tagged_objects() {
    let events = [
        (
            Event::Ready {
                route: "#/doc/113974".into(),
            },
            r##"{"dossier":1,"type":"ready","route":"#/doc/113974"}"##,
        ),
        (
            Event::Navigated {
                route: "#/search?q=%22aid%22".into(),
            },
            r##"{"dossier":1,"type":"navigated","route":"#/search?q=%22aid%22"}"##,
        ),
        (
            Event::Idle { seconds: 60 },
            r#"{"dossier":1,"type":"idle","seconds":60}"#,
        ),
        (
            Event::Error {
                command: "theme".into(),
                message: "`x` \"quoted\" </script>".into(),
            },
            r#"{"dossier":1,"type":"error","command":"theme","message":"`x` \"quoted\" </script>"}"#,
        ),
    ];
    for (event, json) in events {
        assert_eq!(event.to_json(), json);
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever a page posts, reading it ends in "not for the reader", a command or a refusal.
        #[test]
        fn any_message_is_read_without_panic(text in "\\PC{0,200}") {
            let _ = parse_command(&text);
            let json = serde_json::json!({"dossier": 1, "type": "search", "query": text});
            prop_assert!(matches!(parse_command(&json.to_string()), Some(Ok(_))));
            let json = serde_json::json!({"dossier": 1, "type": "open", "document": text});
            let _ = parse_command(&json.to_string());
            let json = serde_json::json!({"dossier": 1, "type": "theme", "theme": {"accent": text}});
            let _ = parse_command(&json.to_string());
        }

        /// Any query a host searches for reaches the reader's router as typed.
        #[cfg(feature = "app")]
        #[test]
        fn any_query_reaches_the_router_as_typed(query in "\\PC{0,300}") {
            let (mut s, _) = Session::new(&Config::default(), "https://r.example", "", "");
            let Ok(Action::Navigate(href)) = s.handle(Command::Search { query: query.clone() }, "#/")
            else {
                panic!("{query:?}")
            };
            prop_assert_eq!(
                dossier::app::Route::from_hash(&href),
                dossier::app::Route::Search { q: query, page: 1 }
            );
        }
    }
}
