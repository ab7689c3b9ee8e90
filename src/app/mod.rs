//! The reader: a Leptos client-side app that loads a compiled corpus and shows the library and
//! each document. Pages own data access; components take plain props.

mod components;
mod entities;
mod exhibit;
mod load;
mod mode;
mod offline;
mod pages;
mod panic;
mod route;
mod search;

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::archive::CatalogHead;
pub use components::document_view::DocumentView;
pub use components::rich_text::RichText;
pub use components::rich_text::Selection;
pub use components::search_box::{SearchBox, DEBOUNCE_MS};
pub use entities::{EntityLookup, EntityState};
pub use load::{FetchError, CORPUS_DIR};
pub use mode::{Mode, Settings};
use pages::{
    document::DocumentPage,
    entities::EntitiesPage,
    entity::EntityPage,
    library::Library,
    not_found::NotFound,
    search::{SearchPage, SearchSession},
};
pub use route::{EntitySort, Route, Sort, KINDS};

/// Starts the reader: installs the recovery screen for panics and mounts [`App`] into the
/// page's `#app` element (or the body when there is none).
pub fn start() {
    panic::install();
    offline::register();
    let doc = document();
    match doc.get_element_by_id("app") {
        Some(root) => {
            root.set_text_content(None);
            leptos::mount::mount_to(root.unchecked_into(), App).forget();
        }
        None => leptos::mount::mount_to_body(App),
    }
}

/// The state of something being loaded.
#[derive(Clone, Debug)]
pub enum Load<T> {
    /// The request is under way.
    Loading,
    /// It arrived and was understood.
    Ready(T),
    /// It failed; the error says why.
    Failed(FetchError),
}

fn current_route() -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

/// Loads the catalog into `state`, replacing whatever was there.
fn load_catalog(state: RwSignal<Load<Arc<CatalogHead>>>) {
    state.set(Load::Loading);
    leptos::task::spawn_local(async move {
        state.set(match load::fetch_catalog().await {
            Ok(catalog) => Load::Ready(Arc::new(catalog)),
            Err(e) => Load::Failed(e),
        });
    });
}

/// The whole reader: masthead, the page for the current URL, footer.
#[component]
pub fn App() -> impl IntoView {
    let route = RwSignal::new(current_route());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(current_route());
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    on_cleanup(move || listener.remove());

    let catalog = RwSignal::new(Load::Loading);
    load_catalog(catalog);
    let (settings, entities, session) = (
        Settings::new(catalog),
        EntityState::new(),
        SearchSession::new(),
    );
    exhibit::watch(settings, session, entities);
    provide_context(settings);
    provide_context(entities);
    provide_context(session);

    let page = move || {
        let route = route.get();
        if route == Route::PanicCheck {
            panic!("recovery screen check requested through #/debug/panic");
        }
        match catalog.get() {
            Load::Loading => components::status::Loading(components::status::LoadingProps {
                what: "the collection",
            })
            .into_any(),
            Load::Failed(error) => view! {
                <components::status::LoadFailed
                    title="The collection could not be loaded"
                    error=error
                    retry=move || load_catalog(catalog)
                />
            }
            .into_any(),
            Load::Ready(catalog) => match route {
                Route::Library { sort, page } => {
                    view! { <Library head=catalog sort=sort page=page/> }.into_any()
                }
                Route::Document { id, entity, find } => {
                    view! { <DocumentPage id=id entity=entity find=find/> }.into_any()
                }
                Route::Search { q, page } => view! { <SearchPage q=q page=page/> }.into_any(),
                Route::Entities { kind, sort } => {
                    view! { <EntitiesPage kind=kind sort=sort/> }.into_any()
                }
                Route::Entity { id } => view! { <EntityPage id=id/> }.into_any(),
                Route::PanicCheck | Route::NotFound { .. } => view! { <NotFound/> }.into_any(),
            },
        }
    };

    view! {
        <header class="masthead">
            <a class="skip-link" href="#/" on:click=|ev| {
                ev.prevent_default();
                focus_main();
            }>"Skip to content"</a>
            <a class="masthead__brand" href="#/" data-testid="home-link">
                <span class="masthead__mark" aria-hidden="true">"D"</span>
                "Dossier"
            </a>
            <span class="masthead__tagline">"Archival records, read offline"</span>
            <SearchBox route=route.read_only()/>
            <nav class="masthead__nav" aria-label="Sections">
                <a href="#/" data-testid="nav-library" aria-current=move || matches!(route.get(), Route::Library { .. } | Route::Document { .. }).then_some("page")>"Library"</a>
                <a href="#/entities" data-testid="nav-entities" aria-current=move || matches!(route.get(), Route::Entities { .. } | Route::Entity { .. }).then_some("page")>"Entities"</a>
            </nav>
        </header>
        <main id="main" class="page" tabindex="-1" data-testid="main">{page}</main>
        <footer class="colophon">
            "Dossier reads a compiled collection entirely in this browser; nothing leaves this page."
        </footer>
    }
}

/// Moves keyboard focus to the main region (used after navigation and by the skip link).
pub(crate) fn focus_main() {
    if let Some(main) = document().get_element_by_id("main") {
        let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// Sets the browser tab's title for the current page.
pub(crate) fn set_title(page: &str) {
    let title = if page.is_empty() {
        "Dossier".to_string()
    } else {
        format!("{page} · Dossier")
    };
    document().set_title(&title);
}
