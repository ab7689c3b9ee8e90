//! Self-healing: an unattended kiosk must never stay broken. When the reader shows its recovery
//! screen (it panicked), or a page stays on "Loading" or a load error too long, the kiosk
//! reloads itself to the start after a few seconds. A panic of this module does the same: the
//! reload is then left to the browser alone (a timer calling `location.reload`), since no code
//! of a panicked module may run.

use std::cell::Cell;

use wasm_bindgen::JsCast;

use crate::exhibit::window;

/// Seconds the recovery screen shows before the kiosk restarts.
pub const RECOVERY_SECONDS: u32 = 5;
/// Seconds a page may stay loading before the kiosk restarts.
pub const LOADING_SECONDS: u32 = 30;
/// Seconds a load error may stay on screen before the kiosk restarts.
pub const ERROR_SECONDS: u32 = 20;

/// Sets the address to the start (`#/`, without a `hashchange`) and has the browser reload it
/// after `ms` milliseconds.
fn restart_after(ms: i32) {
    let win = window();
    if let Ok(history) = win.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#/"));
    }
    let location = win.location();
    let reload = js_sys::Reflect::get(&location, &"reload".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .map(|f| f.bind0(&location));
    if let Some(reload) = reload {
        let _ = win.set_timeout_with_callback_and_timeout_and_arguments_0(&reload, ms);
    }
}

/// A panic of the kiosk module logs it and restarts the kiosk a few seconds later.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        restart_after(RECOVERY_SECONDS as i32 * 1000);
    }));
}

thread_local! {
    static RECOVERY: Cell<u32> = const { Cell::new(0) };
    static LOADING: Cell<u32> = const { Cell::new(0) };
    static ERROR: Cell<u32> = const { Cell::new(0) };
}

/// Counts the seconds `selector` has been on the page (0 when it is not).
fn seen(
    cell: &'static std::thread::LocalKey<Cell<u32>>,
    doc: &web_sys::Document,
    selector: &str,
) -> u32 {
    let there = doc.query_selector(selector).ok().flatten().is_some();
    cell.with(|c| {
        c.set(if there { c.get() + 1 } else { 0 });
        c.get()
    })
}

/// Watches the reader once a second.
pub fn watch() {
    let interval = gloo::timers::callback::Interval::new(1000, || {
        let Some(doc) = window().document() else {
            return;
        };
        let recovery = seen(&RECOVERY, &doc, "[data-testid=\"recovery\"]");
        if recovery == 1 {
            if let (Ok(Some(screen)), Ok(note)) = (
                doc.query_selector("[data-testid=\"recovery\"]"),
                doc.create_element("p"),
            ) {
                note.set_class_name("recovery__text");
                note.set_attribute("data-testid", "kiosk-heal").ok();
                note.set_text_content(Some(&format!(
                    "The kiosk restarts by itself in {RECOVERY_SECONDS} seconds."
                )));
                let _ = screen.append_child(&note);
            }
        }
        let loading = seen(&LOADING, &doc, "[data-testid=\"loading\"]");
        let error = seen(&ERROR, &doc, "[data-testid=\"load-error\"]");
        if recovery == RECOVERY_SECONDS || loading == LOADING_SECONDS || error == ERROR_SECONDS {
            restart_after(0);
        }
    });
    std::mem::forget(interval);
}
