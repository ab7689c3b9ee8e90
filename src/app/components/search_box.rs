//! The search box in the masthead, on every page. Typing searches as you type: after a short
//! pause the URL becomes `#/search?q=…` (the first time as a new history entry, then in
//! place, so Back leaves the search in one step). Enter searches at once. The `/` key focuses
//! the box from anywhere but a text field.

use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::pages::search::SearchSession;
use crate::app::Route;

/// Pause after the last keystroke before the search runs.
pub const DEBOUNCE_MS: u32 = 150;

/// Goes to the results for `q`: replacing the current entry when already on the results, so
/// that typing makes one history entry.
fn go(q: &str, on_search: bool) {
    let href = Route::Search {
        q: q.to_string(),
        page: 1,
    }
    .href();
    let location = window().location();
    if location.hash().unwrap_or_default() == href {
        return;
    }
    if on_search {
        let _ = location.replace(&href);
    } else {
        let _ = location.set_hash(&href);
    }
}

/// Whether a key press happened in a place that takes text.
fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// The search form. `route` is the current page; the box shows its query when it is a search
/// and the box is not being typed in.
#[component]
pub fn SearchBox(route: ReadSignal<Route>) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let pending = StoredValue::new_local(None::<gloo::timers::callback::Timeout>);
    let on_search = move || matches!(route.get_untracked(), Route::Search { .. });
    // screen readers hear how many records the query found, once the results arrive
    let session = use_context::<SearchSession>();
    let status = move || {
        session
            .and_then(|s| s.last.get())
            .map(|shown| shown.summary())
            .unwrap_or_default()
    };

    // Back/forward or a link changed the query: show it (never while someone types).
    Effect::new(move |_| {
        let q = match route.get() {
            Route::Search { q, .. } => q,
            _ => return,
        };
        let Some(el) = input.get() else { return };
        let focused = document()
            .active_element()
            .is_some_and(|a| &a == el.unchecked_ref::<web_sys::Element>());
        if !focused && el.value() != q {
            el.set_value(&q);
        }
    });

    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "/"
            && !ev.ctrl_key()
            && !ev.meta_key()
            && !ev.alt_key()
            && !typing_in_field(&ev)
        {
            if let Some(el) = input.get_untracked() {
                ev.prevent_default();
                let _ = el.focus();
                el.select();
            }
        }
    });
    on_cleanup(move || handle.remove());

    let on_input = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let q = el.value();
        let timer = gloo::timers::callback::Timeout::new(DEBOUNCE_MS, move || go(&q, on_search()));
        // replacing the stored timer drops (and so cancels) the previous one
        pending.set_value(Some(timer));
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set_value(None);
        if let Some(el) = input.get_untracked() {
            go(&el.value(), on_search());
        }
    };
    view! {
        <form class="searchbox" role="search" aria-label="Search the collection" on:submit=on_submit>
            <label class="visually-hidden" for="search-input">"Search the collection"</label>
            <input
                id="search-input"
                class="searchbox__input"
                type="search"
                name="q"
                placeholder="Search the records"
                autocomplete="off"
                spellcheck="false"
                enterkeyhint="search"
                aria-keyshortcuts="/"
                data-testid="search-input"
                node_ref=input
                on:input=on_input
            />
            <kbd class="searchbox__key" aria-hidden="true">"/"</kbd>
            <button class="searchbox__go" type="submit" data-testid="search-submit">
                <span class="visually-hidden">"Search"</span>
                <svg class="searchbox__icon" aria-hidden="true" viewBox="0 0 20 20" width="18" height="18">
                    <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2"/>
                    <path d="M13 13l4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                </svg>
            </button>
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="search-status">{status}</p>
        </form>
    }
}
