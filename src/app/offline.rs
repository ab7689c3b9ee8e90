//! Offline: registers the service worker (`sw.js`, written by the build; see `static/sw.js`),
//! which caches the whole build on the first visit, and reloads the page when a new build's
//! worker takes over, so that the app and the corpus on screen always come from one build.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The service worker's script, next to the page.
const WORKER: &str = "sw.js";

/// Registers the service worker where the page can have one (http or https from a secure
/// context). Not from disk: a page opened from `file://` is a secure context too, but it can
/// have no service worker (and the single file carries everything itself). Without one the
/// reader works as before, online.
pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let served = window
        .location()
        .protocol()
        .is_ok_and(|p| p.starts_with("http"));
    let available = served
        && window.is_secure_context()
        && js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !available {
        return;
    }
    let container = navigator.service_worker();
    if container.controller().is_some() {
        // An update: when the new build's worker takes over, show the new build.
        let reload = Closure::<dyn FnMut()>::new(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
        reload.forget();
    }
    // A refused registration (a private window, a full disk) leaves the reader online-only.
    let registered = container.register(WORKER);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(registered).await;
    });
}
