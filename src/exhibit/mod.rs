//! Kiosk mode and embedding, a wasm module of its own (`dossier-exhibit`).
//!
//! The reader (`src/app/exhibit.rs`) loads it with a dynamic `import()` only when its mode says
//! kiosk or embed, so the reader's start page never carries this code. It talks to the reader
//! only through the page: the DOM (`data-testid`s, `<html data-mode>`), the URL hash
//! (`#/doc/<id>`, `#/search?q=…`, `#/entity/<id>`) and DOM events (`dossier:reset` asks the
//! reader to forget the visitor's search and highlight choices). It reads the mode and the
//! configuration (`corpus/config.json`) itself, with the pure core.

pub mod embed;
pub mod kiosk;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::archive::{read_config, Config, Mode, FORMAT_VERSION};

/// Starts whatever the page's mode asks for: kiosk mode, embedding, or both.
pub fn start() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let config = match fetch_text("corpus/config.json").await {
            Some(json) => read_config(&json).unwrap_or_else(|e| {
                web_sys::console::warn_1(
                    &format!("corpus/config.json: {e}; using the default configuration").into(),
                );
                defaults()
            }),
            None => defaults(),
        };
        let search = window().location().search().unwrap_or_default();
        let mode = Mode::of(&search, &config);
        if mode.kiosk {
            kiosk::start(&config);
        }
        if mode.embed {
            embed::start(&config);
        }
    });
}

fn defaults() -> Config {
    Config {
        format_version: FORMAT_VERSION,
        ..Config::default()
    }
}

/// The browser window (the module runs only in a page).
pub(crate) fn window() -> web_sys::Window {
    web_sys::window().expect("the exhibit module runs in a page")
}

/// The text of a file of the site (relative to the page), or `None` when it cannot be fetched
/// (missing, or the request failed).
pub(crate) async fn fetch_text(path: &str) -> Option<String> {
    let response = JsFuture::from(window().fetch_with_str(path)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}
