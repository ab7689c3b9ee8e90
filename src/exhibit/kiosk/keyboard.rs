//! The on-screen keyboard: a kiosk's touch screen has no keyboard, and the system's own may not
//! come up (the text fields ask for none: `inputmode="none"`). It types into the text field
//! last touched, as typing would: the field's value changes and an `input` event follows (the
//! reader's search box searches a moment after the last one).

use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::Kiosk;
use crate::exhibit::window;

const ROWS: [&str; 4] = ["1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm\":"];

thread_local! {
    /// The text field the keyboard types into.
    static TARGET: std::cell::RefCell<Option<HtmlInputElement>> = const { std::cell::RefCell::new(None) };
}

fn text_field(target: Option<web_sys::EventTarget>) -> Option<HtmlInputElement> {
    let input = target?.dyn_into::<HtmlInputElement>().ok()?;
    matches!(input.type_().as_str(), "search" | "text").then_some(input)
}

/// Keeps the system keyboard away from the text fields and opens this one when a field is
/// touched or focused.
pub fn install(kiosk: Kiosk) {
    let doc = window().document().expect("a page has a document");
    if let Ok(Some(search)) = doc.query_selector("#search-input") {
        let _ = search.set_attribute("inputmode", "none");
    }
    let capture = || EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: true,
    };
    // before the field takes focus (and a system keyboard would come up)
    EventListener::new_with_options(&doc, "pointerdown", capture(), |ev| {
        if let Some(input) = text_field(ev.target()) {
            let _ = input.set_attribute("inputmode", "none");
        }
    })
    .forget();
    EventListener::new_with_options(&doc, "focusin", capture(), move |ev| {
        if let Some(input) = text_field(ev.target()) {
            let _ = input.set_attribute("inputmode", "none");
            TARGET.with(|t| *t.borrow_mut() = Some(input));
            kiosk.keyboard.set(true);
        }
    })
    .forget();
}

/// Opens the keyboard on the search box, or closes it.
pub fn toggle(kiosk: Kiosk) {
    if kiosk.keyboard.get_untracked() {
        kiosk.keyboard.set(false);
        return;
    }
    let search = window()
        .document()
        .and_then(|d| d.get_element_by_id("search-input"))
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
    if let Some(search) = search {
        let _ = search.focus();
        TARGET.with(|t| *t.borrow_mut() = Some(search));
    }
    kiosk.keyboard.set(true);
}

/// Edits the target field's text and tells the page, as typing does.
fn edit(change: impl FnOnce(&mut String)) {
    let Some(input) = TARGET.with(|t| t.borrow().clone()) else {
        return;
    };
    let mut value = input.value();
    change(&mut value);
    input.set_value(&value);
    let _ = input.focus();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = input.dispatch_event(&event);
    }
}

/// Enter: the field's form is submitted (the search box searches at once), or, in a field of
/// no form (the find box), an Enter key press goes to it.
fn enter(kiosk: Kiosk) {
    let Some(input) = TARGET.with(|t| t.borrow().clone()) else {
        return;
    };
    if let Some(form) = input.form() {
        let submit = js_sys::Reflect::get(&form, &"requestSubmit".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(submit) = submit {
            let _ = submit.call0(&form);
        }
        kiosk.keyboard.set(false);
        let _ = input.blur();
    } else {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_bubbles(true);
        if let Ok(event) =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        {
            let _ = input.dispatch_event(&event);
        }
    }
}

/// The keyboard (shown while [`Kiosk::keyboard`] is on).
#[component]
pub fn Keyboard(kiosk: Kiosk) -> impl IntoView {
    // the field keeps its focus (and its caret) while keys are touched
    let keep_focus = |ev: leptos::ev::PointerEvent| ev.prevent_default();
    let key = move |c: char| {
        let label = c.to_string();
        view! {
            <button
                type="button"
                class="kiosk-key"
                data-key=label.clone()
                on:pointerdown=keep_focus
                on:click=move |_| edit(|v| v.push(c))
            >
                {label.clone()}
            </button>
        }
    };
    let rows = ROWS
        .iter()
        .map(|row| view! { <div class="kiosk-keys__row">{row.chars().map(key).collect_view()}</div> })
        .collect_view();
    view! {
        <div
            class="kiosk-keys"
            role="group"
            aria-label="On-screen keyboard"
            data-testid="kiosk-keyboard"
            hidden=move || !kiosk.keyboard.get()
        >
            {rows}
            <div class="kiosk-keys__row">
                <button type="button" class="kiosk-key kiosk-key--wide" data-key="clear" on:pointerdown=keep_focus on:click=move |_| edit(String::clear)>
                    "Clear"
                </button>
                <button type="button" class="kiosk-key kiosk-key--space" data-key="space" aria-label="Space" on:pointerdown=keep_focus on:click=move |_| edit(|v| v.push(' '))>
                    "space"
                </button>
                <button type="button" class="kiosk-key kiosk-key--wide" data-key="backspace" aria-label="Delete" on:pointerdown=keep_focus on:click=move |_| edit(|v| { v.pop(); })>
                    "⌫"
                </button>
                <button type="button" class="kiosk-key kiosk-key--wide kiosk-key--go" data-key="enter" on:pointerdown=keep_focus on:click=move |_| enter(kiosk)>
                    "Search"
                </button>
                <button type="button" class="kiosk-key kiosk-key--wide" data-key="hide" on:click=move |_| kiosk.keyboard.set(false)>
                    "Hide"
                </button>
            </div>
        </div>
    }
}
