//! Kiosk mode and embedding live in a wasm module of their own (`src/exhibit/`), loaded here
//! only when the mode asks for one, so that the start page of the plain reader does not carry
//! them. The module drives the reader through the page: the DOM, the URL hash and events.

use leptos::prelude::*;

use crate::app::pages::search::SearchSession;
use crate::app::{EntityState, Settings};

/// Marks `<html data-mode>` with the mode ("kiosk", "embed" or both) and, the first time a
/// mode is on, adds the module's starter (`exhibit.js`, a same-origin ES module, which the
/// Content-Security-Policy allows) to the page. On the module's `dossier:reset` event, forgets
/// the visitor's search results and highlight choices.
pub fn watch(settings: Settings, session: SearchSession, entities: EntityState) {
    Effect::new(move |loaded: Option<bool>| {
        let mode = settings.mode.get();
        let value = match (mode.kiosk, mode.embed) {
            (true, true) => "kiosk embed",
            (true, false) => "kiosk",
            (false, true) => "embed",
            (false, false) => return loaded.unwrap_or(false),
        };
        let doc = document();
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("data-mode", value);
        }
        if loaded != Some(true) {
            if let (Ok(script), Some(head)) = (doc.create_element("script"), doc.head()) {
                let _ = script.set_attribute("type", "module");
                let _ = script.set_attribute("src", "exhibit.js");
                let _ = head.append_child(&script);
            }
        }
        true
    });
    let reset = window_event_listener_untyped("dossier:reset", move |_| {
        session.last.set(None);
        entities.show_all();
    });
    on_cleanup(move || reset.remove());
}
