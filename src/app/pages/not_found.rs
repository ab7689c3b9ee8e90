//! The page for a URL that names nothing.

use leptos::prelude::*;

/// Says the page does not exist and leads back to the library.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::app::set_title("Not found");
    view! {
        <section class="status" data-testid="not-found">
            <h1 class="status__title">"There is no page here"</h1>
            <p class="status__text">"The link may be mistyped, or the record may have left the collection."</p>
            <a class="button" href="#/">"Go to the library"</a>
        </section>
    }
}
