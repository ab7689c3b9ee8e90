//! The recovery screen shown when the app panics.
//!
//! A panic leaves the wasm instance unusable, so the screen is built with plain DOM calls from
//! inside the panic hook, and its button is an ordinary link that reloads the page: it needs no
//! Rust code to work.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// Installs a panic hook that logs the panic to the console and replaces the page with the
/// recovery screen.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_recovery_screen();
    }));
}

fn element(document: &Document, tag: &str, class: &str, text: &str) -> Option<Element> {
    let el = document.create_element(tag).ok()?;
    el.set_class_name(class);
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    Some(el)
}

fn recovery_screen(document: &Document) -> Option<Element> {
    let screen = element(document, "main", "recovery", "")?;
    screen.set_attribute("role", "alert").ok()?;
    screen.set_attribute("data-testid", "recovery").ok()?;
    let title = element(
        document,
        "h1",
        "recovery__title",
        "Dossier stopped unexpectedly",
    )?;
    screen.append_child(&title).ok()?;
    let text = element(
        document,
        "p",
        "recovery__text",
        "Something went wrong inside the reader. Nothing you did caused it, and the collection is safe. \
         Reload to start again at the library.",
    )?;
    screen.append_child(&text).ok()?;
    // the page's address without its `#/…` route: following it reloads the app at the library
    let here = web_sys::window()?.location();
    let base = format!("{}{}", here.pathname().ok()?, here.search().ok()?);
    let reload = element(document, "a", "button recovery__reload", "Reload Dossier")?;
    reload.set_attribute("href", &base).ok()?;
    reload
        .set_attribute("data-testid", "recovery-reload")
        .ok()?;
    screen.append_child(&reload).ok()?;
    Some(screen)
}

fn show_recovery_screen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Some(screen)) = (document.body(), recovery_screen(&document)) else {
        return;
    };
    body.set_text_content(None);
    if body.append_child(&screen).is_ok() {
        if let Ok(Some(link)) = screen.query_selector("a") {
            let _ = link.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    }
}
