//! One entity across the collection: who or what it is, every mention as keyword in context
//! grouped by document (in date order), and the entities mentioned alongside it.

use leptos::prelude::*;

use crate::app::components::status::{LoadFailed, Loading};
use crate::app::entities::{kind_label, kind_name};
use crate::app::pages::not_found::NotFound;
use crate::app::{load, Load, Route};
use crate::archive::{EntityFile, EntityInDocument, Provenance};

fn fetch(id: String, state: RwSignal<Load<EntityFile>>) {
    state.set(Load::Loading);
    leptos::task::spawn_local(async move {
        state.set(match load::fetch_entity(&id).await {
            Ok(file) => Load::Ready(file),
            Err(e) => Load::Failed(e),
        });
    });
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn document_group(entity_id: &str, doc: EntityInDocument) -> impl IntoView {
    let href = Route::Document {
        id: doc.id.clone(),
        entity: Some(entity_id.to_string()),
        find: None,
    }
    .href();
    let count = doc.contexts.len();
    view! {
        <li class="kwic-doc" data-testid="kwic-doc">
            <h3 class="kwic-doc__title">
                <time class="kwic-doc__date" datetime=doc.date.iso.clone().unwrap_or_default()>{doc.date.text.clone()}</time>
                <a href=href.clone() data-testid="kwic-doc-link">{doc.title.clone()}</a>
                <span class="kwic-doc__count">{plural(count, "mention", "mentions")}</span>
            </h3>
            <ul class="kwic">
                {doc.contexts.into_iter().map(|k| view! {
                    <li class="kwic__line" data-testid="kwic-line">
                        <span class="kwic__before">{k.before}</span>
                        <mark class="kwic__hit">{k.surface}</mark>
                        <span class="kwic__after">{k.after}</span>
                    </li>
                }).collect_view()}
            </ul>
        </li>
    }
}

fn loaded(file: EntityFile) -> AnyView {
    let entity = file.entity;
    crate::app::set_title(&entity.name);
    let mentions: usize = file.documents.iter().map(|d| d.contexts.len()).sum();
    let counts = format!(
        "{} in {}",
        plural(mentions, "mention", "mentions"),
        plural(file.documents.len(), "document", "documents")
    );
    let external = entity.external_id.clone().map(|id| {
        let is_wikidata =
            id.starts_with('Q') && id[1..].bytes().all(|b| b.is_ascii_digit()) && id.len() > 1;
        if is_wikidata {
            let href = format!("https://www.wikidata.org/wiki/{id}");
            view! { <a href=href rel="external noopener noreferrer">{format!("Wikidata {id}")}</a> }
                .into_any()
        } else {
            id.into_any()
        }
    });
    let id = entity.id.clone();
    view! {
        <article class="entity-page" data-testid="entity-page">
            <header class="entity-page__header">
                <p class="doc__kicker">
                    <a href=Route::Entities { kind: None, sort: Default::default() }.href() class="doc__back">"All entities"</a>
                </p>
                <p class=format!("entity-page__kind entity-page__kind--{}", kind_name(entity.kind)) data-testid="entity-kind">
                    {kind_label(entity.kind)}
                    {(entity.source == Provenance::Automatic).then_some(" · found automatically")}
                </p>
                <h1 class="entity-page__name" data-testid="entity-name">{entity.name.clone()}</h1>
                {entity.description.clone().map(|d| view! { <p class="entity-page__desc">{d}</p> })}
                <dl class="entity-page__facts">
                    {(!entity.aliases.is_empty()).then(|| view! { <div><dt>"Also written"</dt><dd>{entity.aliases.join(", ")}</dd></div> })}
                    {entity.dates.clone().map(|d| view! { <div><dt>"Dates"</dt><dd>{d}</dd></div> })}
                    {external.map(|e| view! { <div><dt>"Elsewhere"</dt><dd>{e}</dd></div> })}
                    <div><dt>"In this collection"</dt><dd data-testid="entity-counts">{counts}</dd></div>
                </dl>
            </header>
            <div class="entity-page__layout">
                <section aria-labelledby="mentions-heading">
                    <h2 id="mentions-heading" class="entity-page__section">"Mentions"</h2>
                    <ol class="kwic-docs">
                        {file.documents.into_iter().map(|d| document_group(&id, d)).collect_view()}
                    </ol>
                </section>
                <section aria-labelledby="related-heading" class="entity-page__related">
                    <h2 id="related-heading" class="entity-page__section">"Mentioned alongside"</h2>
                    {if file.related.is_empty() {
                        view! { <p class="panel__empty">"No other entity shares its documents."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="related" data-testid="related">
                                {file.related.into_iter().map(|r| view! {
                                    <li class="related__item">
                                        <a class=format!("chip chip--{}", kind_name(r.kind)) href=Route::Entity { id: r.id.clone() }.href()>
                                            <span class="chip__name">{r.name}</span>
                                            <span class="chip__count" aria-label=plural(r.documents as usize, "shared document", "shared documents")>{r.documents}</span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </div>
        </article>
    }
    .into_any()
}

/// The entity page for `id`.
#[component]
pub fn EntityPage(id: String) -> impl IntoView {
    let state = RwSignal::new(Load::Loading);
    fetch(id.clone(), state);
    move || match state.get() {
        Load::Loading => view! { <Loading what="the entity"/> }.into_any(),
        Load::Failed(error) if error.is_not_found() => view! { <NotFound/> }.into_any(),
        Load::Failed(error) => {
            let id = id.clone();
            view! { <LoadFailed title="This entity could not be loaded" error=error retry=move || fetch(id.clone(), state)/> }
                .into_any()
        }
        Load::Ready(file) => loaded(file),
    }
}
