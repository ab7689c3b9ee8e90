//! One document: title, metadata, the body, and links to the previous and next records.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::components::entity_panel::{doc_entities, reveal_mention, EntityPanel, Legend};
use crate::app::components::find_bar::{reveal_match, FindBar};
use crate::app::components::metadata_panel::MetadataPanel;
use crate::app::components::rich_text::{FindState, Selection};
use crate::app::components::status::{LoadFailed, Loading};
use crate::app::entities::entity_state;
use crate::app::pages::not_found::NotFound;
use crate::app::{load, DocumentView, Load, Route};
use crate::archive::find::{find_in_document, Finder};
use crate::archive::{DocumentFile, Neighbour};

fn fetch(id: String, state: RwSignal<Load<Arc<DocumentFile>>>) {
    state.set(Load::Loading);
    leptos::task::spawn_local(async move {
        state.set(match load::fetch_document(&id).await {
            Ok(doc) => Load::Ready(Arc::new(doc)),
            Err(e) => Load::Failed(e),
        });
    });
}

fn neighbour(entry: Option<Neighbour>, rel: &'static str, label: &'static str) -> impl IntoView {
    entry.map(|e| {
        let href = Route::Document { id: e.id.clone(), entity: None, find: None }.href();
        view! {
            <a class=format!("pager__link pager__link--{rel}") href=href rel=rel data-testid=format!("{rel}-doc")>
                <span class="pager__dir">{label}</span>
                <span class="pager__title">{e.title}</span>
            </a>
        }
    })
}

fn loaded(file: Arc<DocumentFile>, entity: Option<String>, find: Option<String>) -> AnyView {
    let DocumentFile {
        document: doc,
        position,
        ..
    } = Arc::unwrap_or_clone(file);
    let entities = doc_entities(&doc.mentions);
    // a link from an entity page marks that entity and brings its first mention into view
    let chosen = entity.and_then(|id| entities.iter().find(|e| e.id == id));
    if let Some(chosen) = chosen {
        let selection = use_context::<Selection>().unwrap_or_default();
        let first = chosen.mentions[0];
        selection.entity.set(Some(chosen.id.clone()));
        selection.current.set(Some(first));
        request_animation_frame(move || reveal_mention(first));
    }
    crate::app::set_title(&doc.meta.title);
    // find in the document: the words a search matched, when opened from a result
    let find_state = FindState::new(Finder::typed(find.as_deref().unwrap_or_default()));
    provide_context(find_state);
    let found = {
        let doc = doc.clone();
        Memo::new(move |_| find_state.finder.with(|f| find_in_document(&doc, f)))
    };
    let total = Signal::derive(move || found.with(|f| f.total));
    if chosen.is_none() && found.with_untracked(|f| f.total > 0) {
        request_animation_frame(|| reveal_match(0));
    }
    let body = {
        let doc = doc.clone();
        move || view! { <DocumentView document=doc.clone() found=found.get()/> }
    };
    let (prev, next) = (position.prev, position.next);
    let of = (position.total > 0)
        .then(|| format!("Record {} of {}", position.index + 1, position.total));
    let meta = doc.meta.clone();
    view! {
        <article class="doc" data-testid="document">
            <header class="doc__header">
                <p class="doc__kicker">
                    <a href="#/" class="doc__back" data-testid="back-to-library">"Library"</a>
                    {of.map(|t| view! { <span class="doc__position">{t}</span> })}
                </p>
                <p class="doc__date">
                    <time datetime=meta.date.iso.clone().unwrap_or_default()>{meta.date.text.clone()}</time>
                </p>
                <h1 class="doc__title" data-testid="doc-title">{meta.title.clone()}</h1>
                {meta.summary.clone().map(|s| view! { <p class="doc__summary" data-testid="doc-summary">{s}</p> })}
            </header>
            <div class="doc__layout">
                <div class="doc__text">
                    <FindBar initial=find.unwrap_or_default() total=total/>
                    {body}
                </div>
                <div class="doc__aside">
                    <div class="panel">
                        <Legend mentions=doc.mentions.clone()/>
                        <EntityPanel entities=entities/>
                    </div>
                    <MetadataPanel meta=meta source_file=doc.source.clone()/>
                </div>
            </div>
            <nav class="pager" aria-label="Other records">
                {neighbour(prev, "prev", "Previous record")}
                {neighbour(next, "next", "Next record")}
            </nav>
        </article>
    }
    .into_any()
}

/// The document page for `id`: fetches the document's file and shows it.
#[component]
pub fn DocumentPage(id: String, entity: Option<String>, find: Option<String>) -> impl IntoView {
    provide_context(Selection::new());
    let entities = entity_state().for_page();
    provide_context(entities);
    entities.ensure_index();
    let state = RwSignal::new(Load::Loading);
    fetch(id.clone(), state);
    move || match state.get() {
        Load::Loading => view! { <Loading what="the record"/> }.into_any(),
        Load::Failed(error) if error.is_not_found() => view! { <NotFound/> }.into_any(),
        Load::Failed(error) => {
            let id = id.clone();
            view! {
                <LoadFailed title="This record could not be loaded" error=error retry=move || fetch(id.clone(), state)/>
            }
            .into_any()
        }
        Load::Ready(file) => loaded(file, entity.clone(), find.clone()),
    }
}
