//! Find in the open document: a box whose words are marked in the text as they are typed, with
//! the current match and "3 of 12". Enter and F3 go to the next match, Shift with either to the
//! previous one; the buttons do the same.

use leptos::prelude::*;

use crate::app::components::rich_text::FindState;
use crate::archive::find::Finder;

/// Scrolls match `n` into the middle of the view.
pub fn reveal_match(n: usize) {
    let Ok(Some(el)) = document().query_selector(&format!("[data-find=\"{n}\"]")) else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// The position line: "3 of 12", "No matches", or nothing before anything is typed.
pub fn position_text(current: usize, total: usize, looking: bool) -> String {
    match (looking, total) {
        (false, _) => String::new(),
        (true, 0) => "No matches".to_string(),
        (true, 1) => "1 of 1".to_string(),
        (true, n) => format!("{} of {n}", current.min(n - 1) + 1),
    }
}

/// The find bar. `initial` is the text it starts with (the words a search matched, when the
/// document was opened from a result); `total` is the number of matches in the document.
#[component]
pub fn FindBar(initial: String, total: Signal<usize>) -> impl IntoView {
    let state = use_context::<FindState>().expect("the document page provides FindState");
    let text = RwSignal::new(initial);
    let step = move |by: isize| {
        let n = total.get_untracked();
        if n == 0 {
            return;
        }
        let next = (state.current.get_untracked() as isize + by).rem_euclid(n as isize) as usize;
        state.current.set(next);
        request_animation_frame(move || reveal_match(next));
    };
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        state.finder.set(Finder::typed(&value));
        state.current.set(0);
        text.set(value);
        request_animation_frame(move || reveal_match(0));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            step(if ev.shift_key() { -1 } else { 1 });
        }
    };
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "F3" {
            ev.prevent_default();
            step(if ev.shift_key() { -1 } else { 1 });
        }
    });
    on_cleanup(move || handle.remove());
    let looking = move || !state.finder.with(Finder::is_empty);
    let position = move || position_text(state.current.get(), total.get(), looking());
    view! {
        <div class="find" role="search" aria-label="Find in this record" data-testid="find-bar">
            <label class="find__label" for="find-input">"Find in this record"</label>
            <div class="find__row">
                <input
                    id="find-input"
                    class="find__input"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    data-testid="find-input"
                    prop:value=move || text.get()
                    on:input=on_input
                    on:keydown=on_key
                />
                <span class="find__count" data-testid="find-count" aria-live="polite">{position}</span>
                <button class="find__step" type="button" data-testid="find-prev" title="Previous match (Shift+Enter)"
                    disabled=move || total.get() < 2 on:click=move |_| step(-1)>
                    <span aria-hidden="true">"↑"</span><span class="visually-hidden">"Previous match"</span>
                </button>
                <button class="find__step" type="button" data-testid="find-next" title="Next match (Enter)"
                    disabled=move || total.get() < 2 on:click=move |_| step(1)>
                    <span aria-hidden="true">"↓"</span><span class="visually-hidden">"Next match"</span>
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::position_text;

    #[test]
    fn the_position_reads_n_of_total() {
        assert_eq!(position_text(0, 12, false), "");
        assert_eq!(position_text(0, 0, true), "No matches");
        assert_eq!(position_text(0, 1, true), "1 of 1");
        assert_eq!(position_text(2, 12, true), "3 of 12");
        assert_eq!(position_text(40, 12, true), "12 of 12");
    }
}
