//! The operator screen, behind the configuration's PIN: the idle time and the text size a
//! visitor starts with (for this browser session), start over now, or leave kiosk mode.

use leptos::prelude::*;

use super::{Kiosk, Prefs, TEXT_SIZES};
use crate::exhibit::window;

/// Wrong PINs in a row before the keypad waits.
const TRIES: u32 = 5;
/// How long it waits, in ms.
const LOCKOUT_MS: f64 = 30_000.0;

/// The page's address with kiosk mode off (`?kiosk=0`), at the library.
fn without_kiosk() -> String {
    let here = window().location();
    let kept: Vec<String> = here
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some("kiosk"))
        .map(str::to_string)
        .chain(std::iter::once("kiosk=0".to_string()))
        .collect();
    format!(
        "{}?{}#/",
        here.pathname().unwrap_or_default(),
        kept.join("&")
    )
}

/// The operator screen: the PIN keypad, then the settings.
#[component]
pub fn Operator(kiosk: Kiosk) -> impl IntoView {
    let pin = StoredValue::new(
        kiosk
            .config
            .with_value(|c| c.pin.clone().unwrap_or_default()),
    );
    let entered = RwSignal::new(String::new());
    let unlocked = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let wrong = StoredValue::new(0u32);
    let locked_until = StoredValue::new(0f64);
    let close = move || kiosk.operator.set(false);

    let pin_len = pin.with_value(String::len);
    let check = move || {
        let now = js_sys::Date::now();
        if now < locked_until.get_value() {
            message.set("Too many tries: wait half a minute.".into());
            entered.set(String::new());
            return;
        }
        if pin.with_value(|p| entered.with_untracked(|e| e == p)) {
            unlocked.set(true);
            message.set(String::new());
        } else {
            wrong.update_value(|w| *w += 1);
            if wrong.get_value() >= TRIES {
                wrong.set_value(0);
                locked_until.set_value(now + LOCKOUT_MS);
                message.set("Too many tries: wait half a minute.".into());
            } else {
                message.set("That PIN is not right.".into());
            }
        }
        entered.set(String::new());
    };
    let digit = move |d: char| {
        view! {
            <button type="button" class="kiosk-pad__key" data-key=d.to_string() on:click=move |_| entered.update(|e| if e.len() < 12 { e.push(d) })>
                {d.to_string()}
            </button>
        }
    };
    let keypad = move || {
        view! {
            <p class="kiosk-card__text">"Enter the staff PIN."</p>
            <p class="kiosk-pad__dots" data-testid="kiosk-pin-dots" aria-live="polite">
                {move || {
                    let n = entered.with(String::len);
                    if n == 0 { "–".to_string() } else { "●".repeat(n) }
                }}
            </p>
            <p class="kiosk-pad__message" role="alert" data-testid="kiosk-pin-message">{move || message.get()}</p>
            <div class="kiosk-pad" data-testid="kiosk-pad">
                {"123456789".chars().map(digit).collect_view()}
                <button type="button" class="kiosk-pad__key" data-key="clear" on:click=move |_| entered.set(String::new())>"Clear"</button>
                {digit('0')}
                <button type="button" class="kiosk-pad__key kiosk-pad__key--go" data-key="ok" disabled=move || entered.with(String::len) < pin_len.min(4) on:click=move |_| check()>"OK"</button>
            </div>
        }
    };
    let set_prefs = move |change: &dyn Fn(&mut Prefs)| {
        kiosk.prefs.update(|p| change(p));
        kiosk.prefs.get_untracked().save();
        kiosk.touched();
    };
    let settings = move || {
        let idle = move || kiosk.prefs.get().idle_seconds;
        view! {
            <dl class="kiosk-settings">
                <div class="kiosk-settings__row">
                    <dt>"Still reading? after"</dt>
                    <dd>
                        <button type="button" class="kiosk-button kiosk-button--small" data-testid="kiosk-idle-less" aria-label="Shorter" on:click=move |_| set_prefs(&|p| p.idle_seconds = p.idle_seconds.saturating_sub(30).max(30))>"−"</button>
                        <span class="kiosk-settings__value" data-testid="kiosk-idle-seconds">{move || format!("{} s", idle())}</span>
                        <button type="button" class="kiosk-button kiosk-button--small" data-testid="kiosk-idle-more" aria-label="Longer" on:click=move |_| set_prefs(&|p| p.idle_seconds = (p.idle_seconds + 30).min(3600))>"+"</button>
                    </dd>
                </div>
                <div class="kiosk-settings__row">
                    <dt>"Visitors' text size"</dt>
                    <dd>
                        {TEXT_SIZES
                            .iter()
                            .enumerate()
                            .map(|(i, pct)| {
                                view! {
                                    <button type="button" class="kiosk-button kiosk-button--small" data-testid=format!("kiosk-default-text-{i}")
                                        aria-pressed=move || (kiosk.prefs.get().text_size == i).to_string()
                                        on:click=move |_| { set_prefs(&|p| p.text_size = i); kiosk.text_size.set(i); }>
                                        {format!("{pct} %")}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </dd>
                </div>
            </dl>
            <div class="kiosk-card__actions">
                <button type="button" class="kiosk-button" data-testid="kiosk-restart" on:click=move |_| kiosk.reset()>"Start over now"</button>
                <a class="kiosk-button kiosk-button--quiet" data-testid="kiosk-exit" data-kiosk-exit="" href=without_kiosk()>"Leave kiosk mode"</a>
            </div>
        }
    };
    view! {
        <div class="kiosk-screen" role="dialog" aria-modal="true" aria-labelledby="kiosk-operator-title" data-testid="kiosk-operator">
            <div class="kiosk-card kiosk-operator">
                <h2 id="kiosk-operator-title" class="kiosk-card__title">"Staff"</h2>
                {move || if unlocked.get() { settings().into_any() } else { keypad().into_any() }}
                <button type="button" class="kiosk-button kiosk-button--quiet" data-testid="kiosk-operator-close" on:click=move |_| close()>"Close"</button>
            </div>
        </div>
    }
}
