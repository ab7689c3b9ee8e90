//! The library: the documents of the collection as cards, a page at a time, sortable by date
//! and by title. Only the page shown is fetched, so the first load does not grow with the
//! collection.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::components::status::{LoadFailed, Loading};
use crate::app::{load, Load, Route, Sort};
use crate::archive::{CatalogEntry, CatalogHead, CatalogPage};

fn fetch(sort: Sort, page: u32, state: RwSignal<Load<CatalogPage>>) {
    state.set(Load::Loading);
    leptos::task::spawn_local(async move {
        state.set(
            match load::fetch_catalog_page(sort.as_param(), page).await {
                Ok(page) => Load::Ready(page),
                Err(e) => Load::Failed(e),
            },
        );
    });
}

fn card(entry: CatalogEntry) -> impl IntoView {
    let href = Route::Document {
        id: entry.id.clone(),
        entity: None,
        find: None,
    }
    .href();
    let languages = entry.original_languages.join(", ");
    view! {
        <li class="card" data-testid="doc-card">
            <article>
                <p class="card__date">
                    <time datetime=entry.date.iso.clone().unwrap_or_default()>{entry.date.text.clone()}</time>
                </p>
                <h2 class="card__title"><a href=href data-testid="doc-link">{entry.title}</a></h2>
                {entry.summary.map(|s| view! { <p class="card__summary">{s}</p> })}
                <p class="card__facts">
                    {(!languages.is_empty()).then(|| view! {
                        <span class="card__fact"><span class="card__fact-label">"Original: "</span>{languages}</span>
                    })}
                    {entry.archive.map(|a| view! {
                        <span class="card__fact"><span class="card__fact-label">"Archive: "</span>{a}</span>
                    })}
                </p>
            </article>
        </li>
    }
}

/// Links to the previous and next pages, and where this page stands.
fn pager(sort: Sort, page: u32, pages: u32) -> impl IntoView {
    let link = move |to: u32, rel: &'static str, label: &'static str| {
        (to >= 1 && to <= pages).then(|| {
            view! {
                <a class=format!("pager__link pager__link--{rel}") rel=rel href=Route::Library { sort, page: to }.href()
                   data-testid=format!("page-{rel}")>
                    <span class="pager__dir">{label}</span>
                </a>
            }
        })
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pager pager--library" aria-label="Pages of the library">
                {link(page.wrapping_sub(1), "prev", "Previous page")}
                <span class="pager__where" data-testid="page-where">{format!("Page {page} of {pages}")}</span>
                {link(page + 1, "next", "Next page")}
            </nav>
        }
    })
}

/// The library page.
#[component]
pub fn Library(head: Arc<CatalogHead>, sort: Sort, page: u32) -> impl IntoView {
    crate::app::set_title("");
    let count = head.documents;
    let pages = head.pages.max(1);
    let page = page.min(pages);
    let state = RwSignal::new(Load::Loading);
    if count > 0 {
        fetch(sort, page, state);
    }
    let option = move |value: Sort, label: &'static str| {
        let current = value == sort;
        view! {
            <a
                class="sort__option"
                class:sort__option--current=current
                href=Route::Library { sort: value, page: 1 }.href()
                aria-current=current.then_some("true")
                data-testid=format!("sort-{}", value.as_param())
            >
                {label}
            </a>
        }
    };
    let cards = move || {
        match state.get() {
        Load::Loading => view! { <Loading what="the library"/> }.into_any(),
        Load::Failed(error) => view! {
            <LoadFailed title="This page of the library could not be loaded" error=error retry=move || fetch(sort, page, state)/>
        }
        .into_any(),
        Load::Ready(catalog_page) => view! {
            <ol class="cards" data-testid="doc-list-library" start=catalog_page.offset + 1>
                {catalog_page.entries.into_iter().map(card).collect_view()}
            </ol>
            {pager(sort, page, pages)}
        }
        .into_any(),
    }
    };
    view! {
        <section class="library" aria-labelledby="library-title">
            <header class="library__header">
                <h1 id="library-title" class="library__title">"The collection"</h1>
                <p class="library__count" data-testid="doc-count">
                    {match count { 1 => "1 record".to_string(), n => format!("{n} records") }}
                </p>
                <nav class="sort" aria-label="Sort the records">
                    <span class="sort__label">"Sort by"</span>
                    {option(Sort::Date, "Oldest first")}
                    {option(Sort::DateDesc, "Newest first")}
                    {option(Sort::Title, "Title")}
                </nav>
            </header>
            {if count == 0 {
                view! { <p class="library__empty">"This collection has no records yet."</p> }.into_any()
            } else {
                cards.into_any()
            }}
        </section>
    }
}
