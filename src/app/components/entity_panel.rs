//! Beside a document: the legend (a highlight toggle per entity type, remembered) and the list
//! of entities the document mentions, with counts; choosing one marks its mentions and steps
//! through them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::components::rich_text::Selection;
use crate::app::entities::{entity_state, kind_name, kind_plural};
use crate::app::{Route, KINDS};
use crate::archive::sort::sort_by;
use crate::archive::{EntityKind, Mention};

/// One entity of the document: its id, kind, the first surface form and its mentions' indices.
#[derive(Clone, Debug, PartialEq)]
pub struct DocEntity {
    /// The entity id.
    pub id: String,
    /// Its kind.
    pub kind: EntityKind,
    /// How the document first names it (shown until the index gives the canonical name).
    pub surface: String,
    /// Indices into the document's mentions, in reading order.
    pub mentions: Vec<usize>,
}

/// The entities of a document with their mentions, most mentioned first within each kind.
pub fn doc_entities(mentions: &[Mention]) -> Vec<DocEntity> {
    // a document names a few dozen entities: a list searched in place is enough (a map would
    // add its code to the wasm)
    let mut list: Vec<DocEntity> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some(id) = m.entity.as_deref() else {
            continue;
        };
        match list.iter_mut().find(|e| e.id == id) {
            Some(e) => e.mentions.push(i),
            None => list.push(DocEntity {
                id: id.to_string(),
                kind: m.kind,
                surface: m.surface.clone(),
                mentions: vec![i],
            }),
        }
    }
    sort_by(&mut list, &|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.mentions.len().cmp(&a.mentions.len()))
            .then(a.surface.cmp(&b.surface))
            .then(a.id.cmp(&b.id))
    });
    list
}

/// Scrolls to mention `index` and gives it keyboard focus.
pub fn reveal_mention(index: usize) {
    let selector = format!("[data-mention=\"{index}\"]");
    if let Ok(Some(el)) = document().query_selector(&selector) {
        let el: web_sys::HtmlElement = el.unchecked_into();
        el.scroll_into_view_with_bool(false);
        let _ = el.focus();
    }
}

/// The highlight legend: a toggle per kind, with this document's count of each.
#[component]
pub fn Legend(mentions: Vec<Mention>) -> impl IntoView {
    let state = entity_state();
    let toggles = KINDS
        .into_iter()
        .map(|kind| {
            let count = mentions.iter().filter(|m| m.kind == kind).count();
            let on = move || !state.is_hidden(kind);
            view! {
                <button
                    type="button"
                    class=format!("legend__toggle legend__toggle--{}", kind_name(kind))
                    aria-pressed=move || if on() { "true" } else { "false" }
                    data-testid=format!("toggle-{}", kind_name(kind))
                    on:click=move |_| state.toggle(kind)
                >
                    <span class=format!("legend__swatch entity--{}", kind_name(kind)) aria-hidden="true">"Aa"</span>
                    <span class="legend__name">{kind_plural(kind)}</span>
                    <span class="legend__count">{count}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="legend" aria-labelledby="legend-heading" data-testid="legend">
            <h2 id="legend-heading" class="panel__heading">"Highlight"</h2>
            <div class="legend__toggles">{toggles}</div>
        </section>
    }
}

/// The document's entities; choosing one marks its mentions and steps through them.
#[component]
pub fn EntityPanel(entities: Vec<DocEntity>) -> impl IntoView {
    let state = entity_state();
    let selection = use_context::<Selection>().unwrap_or_default();
    if entities.is_empty() {
        return view! { <p class="panel__empty">"No people, places, organizations or events recognized."</p> }.into_any();
    }
    let chosen = {
        let entities = entities.clone();
        move || {
            let id = selection.entity.get()?;
            entities.iter().find(|e| e.id == id).cloned()
        }
    };
    let step = {
        let chosen = chosen.clone();
        move |delta: isize| {
            let Some(entity) = chosen() else { return };
            let now = selection.current.get_untracked();
            let pos = entity
                .mentions
                .iter()
                .position(|&m| Some(m) == now)
                .map(|p| p as isize)
                .unwrap_or(-1);
            let len = entity.mentions.len() as isize;
            let next = (pos + delta).rem_euclid(len) as usize;
            selection.current.set(Some(entity.mentions[next]));
            reveal_mention(entity.mentions[next]);
        }
    };
    let stepper = {
        let chosen = chosen.clone();
        let step = step.clone();
        move || {
            chosen().map(|entity| {
                let pos = selection.current.get().and_then(|c| entity.mentions.iter().position(|&m| m == c));
                let (back, forward) = (step.clone(), step.clone());
                view! {
                    <div class="stepper" data-testid="stepper">
                        <button type="button" class="button button--small button--quiet" data-testid="step-prev" on:click=move |_| back(-1)>"Previous"</button>
                        <span class="stepper__count" aria-live="polite" data-testid="step-count">
                            {match pos { Some(p) => format!("{} of {}", p + 1, entity.mentions.len()), None => format!("{} mentions", entity.mentions.len()) }}
                        </span>
                        <button type="button" class="button button--small button--quiet" data-testid="step-next" on:click=move |_| forward(1)>"Next"</button>
                        <a class="stepper__page" href=Route::Entity { id: entity.id.clone() }.href() data-testid="entity-page-link">"Its page"</a>
                    </div>
                }
            })
        }
    };
    let groups = KINDS
        .into_iter()
        .filter_map(|kind| {
            let group: Vec<DocEntity> = entities.iter().filter(|e| e.kind == kind).cloned().collect();
            (!group.is_empty()).then(|| {
                let items = group
                    .into_iter()
                    .map(|entity| {
                        let id = entity.id.clone();
                        let pressed = {
                            let id = id.clone();
                            move || selection.entity.with(|s| s.as_deref() == Some(id.as_str()))
                        };
                        let name = {
                            let (id, surface) = (id.clone(), entity.surface.clone());
                            move || state.lookup().and_then(|l| l.get(&id).map(|s| s.entity.name.clone())).unwrap_or_else(|| surface.clone())
                        };
                        let first = entity.mentions[0];
                        let choose = move |_| {
                            if selection.entity.get_untracked().as_deref() == Some(id.as_str()) {
                                selection.entity.set(None);
                                selection.current.set(None);
                            } else {
                                selection.entity.set(Some(id.clone()));
                                selection.current.set(Some(first));
                                reveal_mention(first);
                            }
                        };
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class=format!("chip chip--{}", kind_name(kind))
                                    aria-pressed=move || if pressed() { "true" } else { "false" }
                                    data-testid="entity-chip"
                                    data-entity=entity.id.clone()
                                    on:click=choose
                                >
                                    <span class="chip__name">{name}</span>
                                    <span class="chip__count" aria-label=format!("{} mentions", entity.mentions.len())>{entity.mentions.len()}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="entity-group">
                        <h3 class="entity-group__title">{kind_plural(kind)}</h3>
                        <ul class="entity-group__list">{items}</ul>
                    </div>
                }
            })
        })
        .collect_view();
    view! {
        <section class="entities-panel" aria-labelledby="entities-heading" data-testid="entity-panel">
            <h2 id="entities-heading" class="panel__heading">"In this record"</h2>
            {stepper}
            {groups}
        </section>
    }
    .into_any()
}
