//! A button that copies a text to the clipboard and says whether it worked.

use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Copied,
    Failed,
}

/// Copies `text` when pressed; the label confirms the copy for a few seconds.
#[component]
pub fn CopyButton(text: String, #[prop(into)] label: String) -> impl IntoView {
    let state = RwSignal::new(State::Idle);
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            let clipboard = window().navigator().clipboard();
            let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
                .await
                .is_ok();
            state.set(if copied { State::Copied } else { State::Failed });
            gloo::timers::future::TimeoutFuture::new(2_500).await;
            state.set(State::Idle);
        });
    };
    let caption = move || match state.get() {
        State::Idle => label.clone(),
        State::Copied => "Copied".to_string(),
        State::Failed => "Select the text to copy it".to_string(),
    };
    view! {
        <button class="button button--small" type="button" data-testid="copy-citation" on:click=copy>
            <span aria-live="polite">{caption}</span>
        </button>
    }
}
