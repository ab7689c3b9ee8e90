//! The library: every document of the collection as a card, sortable by date and by title.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::{Route, Sort};
use crate::archive::{Catalog, CatalogEntry};

/// The entries of `catalog` in the order `sort` asks for. Ties keep collection order.
pub fn sorted(catalog: &Catalog, sort: Sort) -> Vec<CatalogEntry> {
    let mut entries = catalog.documents.clone();
    match sort {
        Sort::Date => {}
        Sort::DateDesc => entries.reverse(),
        Sort::Title => entries.sort_by_cached_key(|e| e.title.to_lowercase()),
    }
    entries
}

fn card(entry: CatalogEntry) -> impl IntoView {
    let href = Route::Document {
        id: entry.id.clone(),
        entity: None,
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

/// The library page.
#[component]
pub fn Library(catalog: Arc<Catalog>, sort: Sort) -> impl IntoView {
    crate::app::set_title("");
    let count = catalog.documents.len();
    let option = move |value: Sort, label: &'static str| {
        let current = value == sort;
        view! {
            <a
                class="sort__option"
                class:sort__option--current=current
                href=Route::Library { sort: value }.href()
                aria-current=current.then_some("true")
                data-testid=format!("sort-{}", value.as_param())
            >
                {label}
            </a>
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
                view! {
                    <ol class="cards" data-testid="doc-list-library">
                        {sorted(&catalog, sort).into_iter().map(card).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
