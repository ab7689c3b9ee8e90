//! The entities index: every entity of the collection, filterable by type, sortable by name or
//! by mentions.

use leptos::prelude::*;

use crate::app::components::status::{LoadFailed, Loading};
use crate::app::entities::{entity_state, kind_label, kind_name, kind_plural, EntityLookup};
use crate::app::{EntitySort, Load, Route};
use crate::archive::sort::sort_by;
use crate::archive::{EntityKind, EntitySummary, Provenance};

const NAMED: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Place,
    EntityKind::Organization,
    EntityKind::Event,
];

/// The entities of `lookup` of `kind` (all when `None`), in the order `sort` asks for.
pub fn listed(
    lookup: &EntityLookup,
    kind: Option<EntityKind>,
    sort: EntitySort,
) -> Vec<EntitySummary> {
    let mut list: Vec<EntitySummary> = lookup
        .index
        .entities
        .iter()
        .filter(|e| kind.is_none_or(|k| e.entity.kind == k))
        .cloned()
        .collect();
    match sort {
        EntitySort::Mentions => sort_by(&mut list, &|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.entity.name.cmp(&b.entity.name))
        }),
        EntitySort::Name => {
            let mut keyed: Vec<(String, EntitySummary)> = list
                .into_iter()
                .map(|e| (e.entity.name.to_lowercase(), e))
                .collect();
            sort_by(&mut keyed, &|a, b| a.0.cmp(&b.0));
            list = keyed.into_iter().map(|(_, e)| e).collect();
        }
    }
    list
}

fn row(e: EntitySummary) -> impl IntoView {
    let href = Route::Entity {
        id: e.entity.id.clone(),
    }
    .href();
    view! {
        <tr data-testid="entity-row">
            <th scope="row"><a href=href class=format!("entity-link entity-link--{}", kind_name(e.entity.kind))>{e.entity.name}</a></th>
            <td>{kind_label(e.entity.kind)}</td>
            <td class="num">{e.mentions}</td>
            <td class="num">{e.documents}</td>
            <td>{match e.entity.source { Provenance::Curated => "curated", _ => "automatic" }}</td>
        </tr>
    }
}

fn table(lookup: &EntityLookup, kind: Option<EntityKind>, sort: EntitySort) -> AnyView {
    let list = listed(lookup, kind, sort);
    let filter = move |k: Option<EntityKind>, label: &'static str| {
        let current = k == kind;
        view! {
            <a class="sort__option" class:sort__option--current=current aria-current=current.then_some("true")
               href=Route::Entities { kind: k, sort }.href()
               data-testid=format!("filter-{}", k.map(kind_name).unwrap_or("all"))>{label}</a>
        }
    };
    let order = move |s: EntitySort, label: &'static str| {
        let current = s == sort;
        view! {
            <a class="sort__option" class:sort__option--current=current aria-current=current.then_some("true")
               href=Route::Entities { kind, sort: s }.href()
               data-testid=format!("order-{}", s.as_param())>{label}</a>
        }
    };
    let count = list.len();
    view! {
        <div class="entities-controls">
            <nav class="sort" aria-label="Show entities of one type">
                <span class="sort__label">"Show"</span>
                {filter(None, "All")}
                {NAMED.into_iter().map(|k| filter(Some(k), kind_plural(k))).collect_view()}
            </nav>
            <nav class="sort" aria-label="Order the entities">
                <span class="sort__label">"Order"</span>
                {order(EntitySort::Mentions, "Most mentioned")}
                {order(EntitySort::Name, "Name")}
            </nav>
        </div>
        <p class="library__count" data-testid="entity-count">{match count { 1 => "1 entity".to_string(), n => format!("{n} entities") }}</p>
        <table class="entities-table" data-testid="entities-table">
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col" class="num">"Mentions"</th><th scope="col" class="num">"Documents"</th><th scope="col">"Source"</th></tr></thead>
            <tbody>{list.into_iter().map(row).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

/// The entities index page.
#[component]
pub fn EntitiesPage(kind: Option<EntityKind>, sort: EntitySort) -> impl IntoView {
    crate::app::set_title("Entities");
    let state = entity_state().for_page();
    state.ensure_index();
    let body = move || {
        match state.index() {
        None | Some(Load::Loading) => view! { <Loading what="the entities"/> }.into_any(),
        Some(Load::Failed(error)) => {
            view! { <LoadFailed title="The entities could not be loaded" error=error retry=move || state.load_index()/> }
                .into_any()
        }
        Some(Load::Ready(lookup)) => table(&lookup, kind, sort),
    }
    };
    view! {
        <section class="entities" aria-labelledby="entities-title">
            <header class="library__header">
                <h1 id="entities-title" class="library__title">"People, places and organizations"</h1>
            </header>
            {body}
        </section>
    }
}
