//! Kiosk mode: the reader on a touch screen in a museum, used by one visitor after another.
//!
//! - An idle timer: left alone for the idle time, the kiosk asks "Still reading?" with a
//!   countdown, then returns to the start: the reader forgets the search and the highlight
//!   choices (`dossier:reset`), the URL goes back to `#/`, and the attract loop shows. The timer
//!   is paused while the attract loop runs.
//! - The attract loop ([`attract`]) cycles through the configuration's featured records and
//!   entities until someone touches the screen.
//! - Touch-sized controls (`style/kiosk.css`), a text-size control, an on-screen keyboard
//!   ([`keyboard`]) for the text fields, whose own keyboard is kept hidden (`inputmode=none`).
//! - No way out ([`guard`]): links that leave the reader show their address and a QR code
//!   instead; no new windows, context menu, dragging or text selection.
//! - An operator screen behind the configuration's PIN ([`operator`]).
//! - Self-healing ([`heal`]): a panic or a page stuck loading reloads the kiosk to its start.

mod attract;
mod guard;
mod heal;
pub mod idle;
mod keyboard;
mod operator;
pub mod qr;

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::window;
use crate::archive::Config;

/// The text sizes a visitor can choose, as a percentage of the reader's own.
pub const TEXT_SIZES: [u32; 3] = [100, 125, 150];

/// The kiosk's session settings (the operator may change them; they last until the browser
/// closes, across the kiosk's own reloads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    /// Seconds without a touch before "Still reading?".
    pub idle_seconds: u32,
    /// The text size a visitor starts with (an index into [`TEXT_SIZES`]).
    pub text_size: usize,
}

impl Prefs {
    const KEY: &'static str = "dossier.kiosk";

    /// The settings saved for this session, else the configuration's.
    fn load(config: &crate::archive::config::Kiosk) -> Prefs {
        let saved = storage()
            .and_then(|s| s.get_item(Self::KEY).ok().flatten())
            .unwrap_or_default();
        let mut parts = saved.split(',').map(|p| p.parse::<u32>().ok());
        match (parts.next().flatten(), parts.next().flatten()) {
            (Some(idle), Some(text)) if (10..=86_400).contains(&idle) && text < 3 => Prefs {
                idle_seconds: idle,
                text_size: text as usize,
            },
            _ => Prefs {
                idle_seconds: config.idle_seconds,
                text_size: 0,
            },
        }
    }

    fn save(self) {
        if let Some(s) = storage() {
            let _ = s.set_item(
                Self::KEY,
                &format!("{},{}", self.idle_seconds, self.text_size),
            );
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// The kiosk's state, shared by its parts (a context).
#[derive(Clone, Copy)]
pub struct Kiosk {
    /// The configuration's kiosk settings.
    pub config: StoredValue<Arc<crate::archive::config::Kiosk>>,
    /// The session's settings.
    pub prefs: RwSignal<Prefs>,
    /// The attract loop is showing.
    pub attract: RwSignal<bool>,
    /// "Still reading?" is showing, with this many seconds left.
    pub asking: RwSignal<Option<u32>>,
    /// The address of a link the visitor touched, shown instead of followed.
    pub link: RwSignal<Option<String>>,
    /// The operator screen is open.
    pub operator: RwSignal<bool>,
    /// The on-screen keyboard is showing.
    pub keyboard: RwSignal<bool>,
    /// The text size now (an index into [`TEXT_SIZES`]).
    pub text_size: RwSignal<usize>,
    /// When the kiosk was last touched (`Date.now()`, ms).
    last: StoredValue<f64>,
    /// Seconds the attract loop has shown its current item.
    slide_clock: StoredValue<u32>,
    /// The attract loop's current item.
    pub slide: RwSignal<usize>,
}

impl Kiosk {
    fn new(config: &Config) -> Kiosk {
        let prefs = Prefs::load(&config.kiosk);
        Kiosk {
            config: StoredValue::new(Arc::new(config.kiosk.clone())),
            prefs: RwSignal::new(prefs),
            attract: RwSignal::new(true),
            asking: RwSignal::new(None),
            link: RwSignal::new(None),
            operator: RwSignal::new(false),
            keyboard: RwSignal::new(false),
            text_size: RwSignal::new(prefs.text_size),
            last: StoredValue::new(js_sys::Date::now()),
            slide_clock: StoredValue::new(0),
            slide: RwSignal::new(0),
        }
    }

    /// Someone touched the kiosk: the idle time starts again, and "Still reading?" goes away.
    pub fn touched(self) {
        self.last.set_value(js_sys::Date::now());
        if self.asking.get_untracked().is_some() {
            self.asking.set(None);
        }
    }

    /// Once a second: the idle timer (paused during the attract loop) and the attract loop.
    fn tick(self) {
        if self.attract.get_untracked() {
            self.last.set_value(js_sys::Date::now());
            let seconds = self.slide_clock.get_value() + 1;
            if seconds >= self.config.with_value(|c| c.slide_seconds) {
                self.slide_clock.set_value(0);
                self.slide.update(|s| *s += 1);
            } else {
                self.slide_clock.set_value(seconds);
            }
            return;
        }
        let idle_ms = js_sys::Date::now() - self.last.get_value();
        let countdown = self.config.with_value(|c| c.countdown_seconds);
        match idle::phase(idle_ms, self.prefs.get_untracked().idle_seconds, countdown) {
            idle::Phase::Active => {
                if self.asking.get_untracked().is_some() {
                    self.asking.set(None);
                }
            }
            idle::Phase::Asking(left) => {
                if self.asking.get_untracked() != Some(left) {
                    self.asking.set(Some(left));
                }
            }
            idle::Phase::Expired => self.reset(),
        }
    }

    /// Back to the start for the next visitor: the reader forgets the search and the highlight
    /// choices, the text fields are emptied, the page goes to `#/`, and the attract loop shows.
    pub fn reset(self) {
        let win = window();
        if let Ok(event) = web_sys::Event::new("dossier:reset") {
            let _ = win.dispatch_event(&event);
        }
        if let Some(doc) = win.document() {
            if let Ok(fields) = doc.query_selector_all("input") {
                for i in 0..fields.length() {
                    if let Some(input) = fields
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        input.set_value("");
                    }
                }
            }
            if let Some(active) = doc
                .active_element()
                .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = active.blur();
            }
        }
        let _ = win.location().replace("#/");
        win.scroll_to_with_x_and_y(0.0, 0.0);
        self.asking.set(None);
        self.link.set(None);
        self.operator.set(false);
        self.keyboard.set(false);
        self.text_size.set(self.prefs.get_untracked().text_size);
        self.slide_clock.set_value(0);
        self.attract.set(true);
        self.last.set_value(js_sys::Date::now());
    }
}

/// Starts kiosk mode.
pub fn start(config: &Config) {
    heal::install();
    let Some(doc) = window().document() else {
        return;
    };
    let (Ok(root), Some(body)) = (doc.create_element("div"), doc.body()) else {
        return;
    };
    root.set_id("kiosk");
    if body.append_child(&root).is_err() {
        return;
    }
    let kiosk = Kiosk::new(config);
    // the kiosk's stylesheet comes with this module, not with the reader's start page; the
    // kiosk shows once it has arrived
    let Ok(sheet) = doc.create_element("link") else {
        return;
    };
    let _ = sheet.set_attribute("rel", "stylesheet");
    let _ = sheet.set_attribute("href", "kiosk.css");
    let loaded = std::cell::Cell::new(Some(root));
    gloo::events::EventListener::once(&sheet, "load", move |_| {
        if let Some(root) = loaded.take() {
            mount(root, kiosk);
        }
    })
    .forget();
    if let Some(head) = doc.head() {
        let _ = head.append_child(&sheet);
    }
}

fn mount(root: web_sys::Element, kiosk: Kiosk) {
    let handle = leptos::mount::mount_to(root.unchecked_into(), move || {
        provide_context(kiosk);
        guard::install(kiosk);
        keyboard::install(kiosk);
        heal::watch();
        // any touch, key or wheel anywhere on the page restarts the idle time
        for name in ["pointerdown", "keydown", "wheel", "touchstart", "input"] {
            let options = gloo::events::EventListenerOptions {
                phase: gloo::events::EventListenerPhase::Capture,
                passive: true,
            };
            gloo::events::EventListener::new_with_options(&window(), name, options, move |_| {
                kiosk.touched()
            })
            .forget();
        }
        let tick = gloo::timers::callback::Interval::new(1000, move || kiosk.tick());
        std::mem::forget(tick);
        Effect::new(move |_| {
            let size = kiosk.text_size.get();
            let keyboard = kiosk.keyboard.get();
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("data-text-size", &size.to_string());
                let _ = if keyboard {
                    html.set_attribute("data-keyboard", "")
                } else {
                    html.remove_attribute("data-keyboard")
                };
            }
        });
        view! { <KioskView kiosk=kiosk/> }
    });
    handle.forget();
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-kiosk", "ready");
    }
}

/// The kiosk's own controls and screens, over the reader.
#[component]
fn KioskView(kiosk: Kiosk) -> impl IntoView {
    let has_pin = kiosk.config.with_value(|c| c.pin.is_some());
    let size_button = move |i: usize, label: &'static str| {
        view! {
            <button
                type="button"
                class="kiosk-bar__size"
                data-testid=format!("kiosk-text-{i}")
                aria-pressed=move || (kiosk.text_size.get() == i).to_string()
                on:click=move |_| kiosk.text_size.set(i)
            >
                <span class=format!("kiosk-bar__a kiosk-bar__a--{i}") aria-hidden="true">"A"</span>
                <span class="visually-hidden">{label}</span>
            </button>
        }
    };
    view! {
        <nav class="kiosk-bar" aria-label="Kiosk" data-testid="kiosk-bar">
            <a class="kiosk-bar__button" href="#/" data-testid="kiosk-home">"Start"</a>
            <button
                type="button"
                class="kiosk-bar__button"
                data-testid="kiosk-keys-toggle"
                aria-pressed=move || kiosk.keyboard.get().to_string()
                on:click=move |_| keyboard::toggle(kiosk)
            >
                "Keyboard"
            </button>
            <div class="kiosk-bar__sizes" role="group" aria-label="Text size">
                <span class="kiosk-bar__label" aria-hidden="true">"Text"</span>
                {size_button(0, "Normal text")}
                {size_button(1, "Large text")}
                {size_button(2, "Largest text")}
            </div>
            {has_pin
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="kiosk-bar__button kiosk-bar__button--quiet"
                            data-testid="kiosk-staff"
                            on:click=move |_| kiosk.operator.set(true)
                        >
                            "Staff"
                        </button>
                    }
                })}
        </nav>
        <keyboard::Keyboard kiosk=kiosk/>
        <Show when=move || kiosk.asking.get().is_some()>
            <StillReading kiosk=kiosk/>
        </Show>
        <Show when=move || kiosk.link.get().is_some()>
            <guard::LinkCard kiosk=kiosk/>
        </Show>
        <Show when=move || kiosk.operator.get()>
            <operator::Operator kiosk=kiosk/>
        </Show>
        <Show when=move || kiosk.attract.get()>
            <attract::Attract kiosk=kiosk/>
        </Show>
    }
}

/// "Still reading?" with the countdown to the start.
#[component]
fn StillReading(kiosk: Kiosk) -> impl IntoView {
    let left = move || kiosk.asking.get().unwrap_or(0);
    view! {
        <div class="kiosk-screen kiosk-idle" role="alertdialog" aria-modal="true" aria-labelledby="kiosk-idle-title" data-testid="kiosk-idle">
            <div class="kiosk-card">
                <h2 id="kiosk-idle-title" class="kiosk-card__title">"Still reading?"</h2>
                <p class="kiosk-idle__count" aria-hidden="true" data-testid="kiosk-countdown">{left}</p>
                <p class="kiosk-card__text" aria-live="polite">
                    {move || {
                        let n = left();
                        format!(
                            "This screen returns to the start in {n} second{}.",
                            if n == 1 { "" } else { "s" },
                        )
                    }}
                </p>
                <button type="button" class="kiosk-button" data-testid="kiosk-keep" on:click=move |_| kiosk.touched()>
                    "Keep reading"
                </button>
            </div>
        </div>
    }
}
