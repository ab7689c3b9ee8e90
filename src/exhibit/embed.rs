//! Embedding in another page's iframe (`?embed`): the host page drives the reader with
//! `postMessage` and hears where it is. The protocol and its checks are the pure core's
//! ([`crate::archive::embed`]); this side moves messages, sets the URL hash and the theme's
//! custom properties on `<html>`, and keeps the idle time.
//!
//! - Commands are obeyed only from the parent window, and only when their origin is allowed
//!   ([`Session::allows`]); anything else is ignored without a word.
//! - Events go only to the parent, with an allowed origin as the target (never `*`): the
//!   embedding page's origin as the browser gives it, else the origin of the first command.
//! - Nothing the host sends becomes HTML: ids and queries go into the URL hash, which the
//!   reader reads like any link; theme values, once checked, into CSS custom properties.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::window;
use crate::archive::config::THEME_KEYS;
use crate::archive::embed::{parse_command, Action, Event, Session, Theme};
use crate::archive::Config;

/// The visitor's doings that count as interaction (not the host's commands).
const INTERACTION: [&str; 4] = ["pointerdown", "keydown", "wheel", "touchstart"];

struct State {
    session: Session,
    /// Where events go; none until the host is known.
    host: Option<String>,
    ready: bool,
    idle: Option<Timeout>,
}

type Shared = Rc<RefCell<State>>;

/// Starts embed mode: the theme, the host's commands, the events.
pub fn start(config: &Config) {
    let w = window();
    let location = w.location();
    let (session, problem) = Session::new(
        config,
        &location.origin().unwrap_or_default(),
        &location.hash().unwrap_or_default(),
        &location.search().unwrap_or_default(),
    );
    if let Some(problem) = problem {
        web_sys::console::warn_1(&problem.into());
    }
    keep_scrolling_in_frame();
    show_theme(session.theme());
    let ancestor = Reflect::get(&location, &"ancestorOrigins".into())
        .ok()
        .filter(|list| !list.is_undefined())
        .and_then(|list| Reflect::get(&list, &0.into()).ok())
        .and_then(|first| first.as_string());
    let referrer = w.document().map(|d| d.referrer()).unwrap_or_default();
    let host = session.host_origin(ancestor.as_deref(), &referrer);
    let state: Shared = Rc::new(RefCell::new(State {
        session,
        host,
        ready: false,
        idle: None,
    }));

    let on_message = state.clone();
    EventListener::new(&w, "message", move |e| {
        if let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() {
            message(&on_message, e);
        }
    })
    .forget();
    let on_hash = state.clone();
    EventListener::new(&w, "hashchange", move |_| {
        post(&on_hash, &Event::Navigated { route: route() });
    })
    .forget();
    for kind in INTERACTION {
        let on_touch = state.clone();
        let options = EventListenerOptions::run_in_capture_phase();
        EventListener::new_with_options(&w, kind, options, move |_| arm_idle(&on_touch)).forget();
    }
    arm_idle(&state);
    announce(&state);
}

/// The reader's route now: its URL fragment (`#/` for none).
fn route() -> String {
    match window().location().hash().unwrap_or_default().as_str() {
        "" | "#" => "#/".to_string(),
        h => h.to_string(),
    }
}

/// Posts `ready` once, when the host is known.
fn announce(state: &Shared) {
    let send = {
        let mut s = state.borrow_mut();
        let send = s.host.is_some() && !s.ready;
        s.ready |= send;
        send
    };
    if send {
        post(state, &Event::Ready { route: route() });
    }
}

/// Posts `event` to the parent window at the host's origin (nothing while it is unknown).
fn post(state: &Shared, event: &Event) {
    let Some(host) = state.borrow().host.clone() else {
        return;
    };
    let Some(parent) = parent() else { return };
    if let Ok(value) = js_sys::JSON::parse(&event.to_json()) {
        let _ = parent.post_message(&value, &host);
    }
}

/// The window embedding this one, if any.
fn parent() -> Option<web_sys::Window> {
    let w = window();
    w.parent()
        .ok()
        .flatten()
        .filter(|p| !js_sys::Object::is(p, &w))
}

/// One message posted to the reader.
fn message(state: &Shared, e: &web_sys::MessageEvent) {
    let from_parent = match (e.source(), parent()) {
        (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
        _ => false,
    };
    let origin = e.origin();
    if !from_parent || !state.borrow().session.allows(&origin) {
        return;
    }
    let Some(json) = js_sys::JSON::stringify(&e.data())
        .ok()
        .and_then(|s| s.as_string())
    else {
        return;
    };
    let Some(command) = parse_command(&json) else {
        return;
    };
    state.borrow_mut().host = Some(origin);
    announce(state);
    let action = command.and_then(|c| {
        let route = route();
        state.borrow_mut().session.handle(c, &route)
    });
    match action {
        Ok(Action::Navigate(route)) => navigate(state, &route),
        Ok(Action::Theme(theme)) => show_theme(&theme),
        Ok(Action::Reset { route, theme }) => {
            show_theme(&theme);
            // the reader forgets the visitor's search and highlight choices
            if let Ok(event) = web_sys::Event::new("dossier:reset") {
                let _ = window().dispatch_event(&event);
            }
            navigate(state, &route);
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        Err(refusal) => post(
            state,
            &Event::Error {
                command: refusal.command,
                message: refusal.message,
            },
        ),
    }
}

/// Goes to `to`; when the reader is there already (no `hashchange` will come), says so at once,
/// so that every command that navigates is answered by `navigated`.
fn navigate(state: &Shared, to: &str) {
    if route() == to {
        post(
            state,
            &Event::Navigated {
                route: to.to_string(),
            },
        );
    } else {
        let _ = window().location().set_hash(to);
    }
}

/// Sets the theme's custom properties on `<html>` (over the stylesheet's, light or dark) and
/// removes those the theme does not set. Every value has been checked
/// ([`crate::archive::config::theme_entry`]).
fn show_theme(theme: &Theme) {
    let Some(root) = window().document().and_then(|d| d.document_element()) else {
        return;
    };
    let Ok(style) = Reflect::get(&root, &"style".into()) else {
        return;
    };
    let call = |method: &str, args: &[&str]| {
        let Ok(f) = Reflect::get(&style, &method.into()) else {
            return;
        };
        let Some(f) = f.dyn_ref::<js_sys::Function>() else {
            return;
        };
        let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
        let _ = f.apply(&style, &args);
    };
    for key in THEME_KEYS {
        if !theme.iter().any(|(k, _)| k == key) {
            call("removeProperty", &[&format!("--{key}")]);
        }
    }
    for (key, value) in theme {
        call("setProperty", &[&format!("--{key}"), value]);
    }
}

/// Starts (again) the wait for `idle`: the visitor did something, or the reader just started.
fn arm_idle(state: &Shared) {
    let seconds = state.borrow().session.idle_seconds();
    let fire = state.clone();
    let timeout = Timeout::new(seconds.saturating_mul(1000), move || {
        post(&fire, &Event::Idle { seconds });
    });
    // the previous wait, if any, is cancelled as it drops
    state.borrow_mut().idle = Some(timeout);
}

/// The reader brings what it marks or finds into view (`scrollIntoView`, `focus`), and a browser
/// scrolls every scrollable ancestor to do so, the host page too: in a frame, the reader would
/// jerk its host's page about (a highlight moved it by 250 px). From here on both scroll the
/// frame's own page only: `scrollIntoView` with `container: "nearest"`, and `focus` without
/// scrolling, then, when the element is out of sight, `scrollIntoView` as above. (Proxies of the
/// browser's own methods, whose `apply` trap sees `this`: no script of its own, which the page's
/// policy would refuse, and no wasm-bindgen snippet, which every start page would preload.) A
/// browser that does not know `container` scrolls as before.
fn keep_scrolling_in_frame() {
    let proxy = |class: &str, method: &str, trap: fn(&Function, &JsValue, &Array) -> JsValue| {
        let prototype = Reflect::get(&js_sys::global(), &class.into())
            .and_then(|c| Reflect::get(&c, &"prototype".into()));
        let Ok(prototype) = prototype else { return };
        let Ok(original) = Reflect::get(&prototype, &method.into()) else {
            return;
        };
        let Some(original) = original.dyn_ref::<Function>() else {
            return;
        };
        let handler = Object::new();
        let apply = Closure::<dyn Fn(Function, JsValue, Array) -> JsValue>::new(
            move |target: Function, this: JsValue, args: Array| trap(&target, &this, &args),
        );
        let _ = Reflect::set(&handler, &"apply".into(), apply.as_ref());
        apply.forget();
        let _ = Reflect::set(
            &prototype,
            &method.into(),
            &js_sys::Proxy::new(original, &handler),
        );
    };
    proxy("Element", "scrollIntoView", |target, this, args| {
        let arg = args.get(0);
        let options = Object::new();
        if arg.is_object() {
            Object::assign(&options, arg.unchecked_ref());
        } else {
            let block = if arg == JsValue::FALSE {
                "end"
            } else {
                "start"
            };
            let _ = Reflect::set(&options, &"block".into(), &block.into());
        }
        let _ = Reflect::set(&options, &"container".into(), &"nearest".into());
        target.call1(this, &options).unwrap_or(JsValue::UNDEFINED)
    });
    proxy("HTMLElement", "focus", |target, this, args| {
        let arg = args.get(0);
        let options = Object::new();
        if arg.is_object() {
            Object::assign(&options, arg.unchecked_ref());
        }
        let asked = Reflect::get(&options, &"preventScroll".into()).is_ok_and(|v| v.is_truthy());
        let _ = Reflect::set(&options, &"preventScroll".into(), &JsValue::TRUE);
        let done = target.call1(this, &options).unwrap_or(JsValue::UNDEFINED);
        if !asked && out_of_sight(this) {
            let options = Object::new();
            let _ = Reflect::set(&options, &"block".into(), &"nearest".into());
            let _ = call(this, "scrollIntoView", &options);
        }
        done
    });
}

/// Whether `element` is above or below the frame's view.
fn out_of_sight(element: &JsValue) -> bool {
    let edge = |rect: &JsValue, side: &str| {
        Reflect::get(rect, &side.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    let Ok(rect) = call(element, "getBoundingClientRect", &JsValue::UNDEFINED) else {
        return false;
    };
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(f64::INFINITY);
    edge(&rect, "top") < 0.0 || edge(&rect, "bottom") > height
}

/// `object.method(arg)`.
fn call(object: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    Reflect::get(object, &method.into())?
        .dyn_into::<Function>()?
        .call1(object, arg)
}
