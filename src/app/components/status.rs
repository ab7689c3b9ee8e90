//! Loading and error states.

use leptos::prelude::*;

use crate::app::FetchError;

/// Shown while something loads. Announced politely to screen readers.
#[component]
pub fn Loading(what: &'static str) -> impl IntoView {
    view! {
        <div class="status status--loading" role="status" aria-live="polite" data-testid="loading">
            <span class="status__spinner" aria-hidden="true"></span>
            {format!("Loading {what}…")}
        </div>
    }
}

/// Shown when loading failed: what failed, why, and a way to try again.
#[component]
pub fn LoadFailed(
    title: &'static str,
    error: FetchError,
    #[prop(into)] retry: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="status status--error" role="alert" data-testid="load-error">
            <h1 class="status__title">{title}</h1>
            <p class="status__text">
                "The reader is working, but this part of the collection could not be read. "
                "If you are offline, reconnect and try again; if it keeps failing, the collection "
                "may need to be rebuilt."
            </p>
            <p class="status__detail" data-testid="load-error-detail">{error.to_string()}</p>
            <div class="status__actions">
                <button class="button" type="button" data-testid="retry" on:click=move |_| retry.run(())>
                    "Try again"
                </button>
                <a class="button button--quiet" href="#/">"Back to the library"</a>
            </div>
        </section>
    }
}
