//! No way out of the reader: a link that would leave it shows its address and a QR code
//! instead of being followed; new windows, the context menu, dragging and text selection are
//! refused.

use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{qr, Kiosk};
use crate::exhibit::window;

/// Whether following `href` (resolved against the page) stays in the reader: the same page,
/// only its `#/…` route changing. Reloading the page itself (the recovery screen's link) stays
/// too.
pub fn stays(href: &str, here: &web_sys::Location) -> bool {
    let Ok(url) = web_sys::Url::new_with_base(href, &here.href().unwrap_or_default()) else {
        return false;
    };
    url.origin() == here.origin().unwrap_or_default()
        && url.pathname() == here.pathname().unwrap_or_default()
        && url.search() == here.search().unwrap_or_default()
}

fn capture() -> EventListenerOptions {
    EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: false,
    }
}

fn in_text_field(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"))
}

/// Installs the guards for the life of the page.
pub fn install(kiosk: Kiosk) {
    let win = window();
    let doc = win.document().expect("a page has a document");
    // links: before the reader (or the browser) sees the click
    EventListener::new_with_options(&doc, "click", capture(), move |ev| {
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        let here = window().location();
        let new_window = link
            .get_attribute("target")
            .is_some_and(|t| !t.is_empty() && t != "_self");
        let exit = link.has_attribute("data-kiosk-exit");
        if !exit && (new_window || link.has_attribute("download") || !stays(&href, &here)) {
            ev.prevent_default();
            ev.stop_immediate_propagation();
            let shown = web_sys::Url::new_with_base(&href, &here.href().unwrap_or_default())
                .map(|u| u.href())
                .unwrap_or(href);
            kiosk.link.set(Some(shown));
        }
    })
    .forget();
    // a middle click or a modified click would open a tab
    EventListener::new_with_options(&doc, "auxclick", capture(), |ev| ev.prevent_default())
        .forget();
    for name in ["contextmenu", "dragstart", "drop"] {
        EventListener::new_with_options(&doc, name, capture(), |ev| ev.prevent_default()).forget();
    }
    EventListener::new_with_options(&doc, "selectstart", capture(), |ev| {
        if !in_text_field(ev.target()) {
            ev.prevent_default();
        }
    })
    .forget();
    // window.open shows the address like a link
    let open = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |url: JsValue| {
        kiosk.link.set(Some(url.as_string().unwrap_or_default()));
        JsValue::NULL
    });
    let _ = js_sys::Reflect::set(&win, &"open".into(), open.as_ref());
    open.forget();
}

/// The address of a link the visitor touched, as text and as a QR code.
#[component]
pub fn LinkCard(kiosk: Kiosk) -> impl IntoView {
    let url = kiosk.link.get_untracked().unwrap_or_default();
    let code = qr::svg_path(&url);
    let close = move |_| kiosk.link.set(None);
    view! {
        <div class="kiosk-screen" role="dialog" aria-modal="true" aria-labelledby="kiosk-link-title" data-testid="kiosk-link">
            <div class="kiosk-card kiosk-link">
                <h2 id="kiosk-link-title" class="kiosk-card__title">"This link leads outside the exhibit"</h2>
                {code
                    .map(|(path, size)| {
                        view! {
                            <p class="kiosk-card__text">"Scan the code with your phone to open it there."</p>
                            <svg
                                class="kiosk-link__qr"
                                data-testid="kiosk-qr"
                                viewBox=format!("0 0 {size} {size}")
                                role="img"
                                aria-label="QR code of the address"
                                shape-rendering="crispEdges"
                            >
                                <rect width=size.to_string() height=size.to_string() fill="#fff"></rect>
                                <path d=path fill="#000"></path>
                            </svg>
                        }
                    })}
                <p class="kiosk-link__url" data-testid="kiosk-link-url">{url}</p>
                <button type="button" class="kiosk-button" data-testid="kiosk-link-close" on:click=close>
                    "Back to reading"
                </button>
            </div>
        </div>
    }
}
