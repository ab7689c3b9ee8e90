//! The attract loop: between visitors, the kiosk cycles through the configuration's featured
//! records and entities until someone touches it. Touching an item opens it; touching anywhere
//! else starts at the library.

use leptos::prelude::*;

use super::Kiosk;
use crate::archive::{read_catalog_head, read_document, read_entity_file};
use crate::exhibit::fetch_text;

/// One featured item, as the loop shows it.
#[derive(Clone, Debug, PartialEq)]
struct Slide {
    /// "Featured record", "Person", …
    kicker: String,
    title: String,
    /// The record's date, or the entity's description.
    line: String,
    /// The record's summary, or how many records mention the entity.
    detail: String,
    /// Where touching it goes (`#/doc/<id>`, `#/entity/<id>`).
    href: String,
}

/// The featured items, fetched from the corpus (those that cannot be read are left out).
async fn slides(documents: Vec<String>, entities: Vec<String>) -> Vec<Slide> {
    let mut out = Vec::new();
    for id in documents {
        let Some(file) = fetch_text(&format!("corpus/docs/{id}.json"))
            .await
            .and_then(|json| read_document(&json).ok())
        else {
            continue;
        };
        let meta = file.document.meta;
        out.push(Slide {
            kicker: "Featured record".into(),
            title: meta.title,
            line: meta.date.text,
            detail: meta.summary.unwrap_or_default(),
            href: format!("#/doc/{id}"),
        });
    }
    for id in entities {
        let Some(file) = fetch_text(&format!("corpus/entity/{id}.json"))
            .await
            .and_then(|json| read_entity_file(&json).ok())
        else {
            continue;
        };
        let n = file.documents.len();
        let kind = format!("{:?}", file.entity.kind);
        out.push(Slide {
            kicker: kind,
            title: file.entity.name,
            line: file.entity.description.unwrap_or_default(),
            detail: format!("Mentioned in {n} record{}", if n == 1 { "" } else { "s" }),
            href: format!("#/entity/{id}"),
        });
    }
    out
}

/// The attract screen.
#[component]
pub fn Attract(kiosk: Kiosk) -> impl IntoView {
    let items = RwSignal::new(Vec::<Slide>::new());
    let count = RwSignal::new(None::<u32>);
    let (documents, entities) = kiosk
        .config
        .with_value(|c| (c.featured_documents.clone(), c.featured_entities.clone()));
    leptos::task::spawn_local(async move {
        let loaded = slides(documents, entities).await;
        items.try_set(loaded);
        let head = fetch_text("corpus/catalog.json")
            .await
            .and_then(|json| read_catalog_head(&json).ok());
        count.try_set(head.map(|h| h.documents));
    });
    let current = move || {
        items.with(|all| {
            (!all.is_empty()).then(|| {
                let i = kiosk.slide.get() % all.len();
                (i, all[i].clone())
            })
        })
    };
    let start = move |href: String| {
        kiosk.attract.set(false);
        kiosk.touched();
        let _ = super::window().location().set_hash(&href);
    };
    view! {
        <div
            class="kiosk-screen kiosk-attract"
            role="dialog"
            aria-modal="true"
            aria-labelledby="kiosk-attract-title"
            data-testid="kiosk-attract"
            on:click=move |_| start("#/".into())
        >
            <div class="kiosk-attract__head">
                <p class="kiosk-attract__brand"><span class="kiosk-attract__mark" aria-hidden="true">"D"</span>"Dossier"</p>
                <h1 id="kiosk-attract-title" class="kiosk-attract__title">"Read the records of the archive"</h1>
                <p class="kiosk-attract__lead">
                    {move || match count.get() {
                        Some(n) => format!("{n} declassified and translated record{} to read, search and explore.", if n == 1 { "" } else { "s" }),
                        None => "Declassified and translated records to read, search and explore.".into(),
                    }}
                </p>
            </div>
            {move || {
                current()
                    .map(|(i, slide)| {
                        let href = slide.href.clone();
                        view! {
                            <button
                                type="button"
                                class="kiosk-slide"
                                data-testid="kiosk-slide"
                                data-href=slide.href.clone()
                                data-index=i.to_string()
                                on:click=move |ev| {
                                    ev.stop_propagation();
                                    start(href.clone());
                                }
                            >
                                <span class="kiosk-slide__kicker">{slide.kicker}</span>
                                <span class="kiosk-slide__title">{slide.title}</span>
                                <span class="kiosk-slide__line">{slide.line}</span>
                                <span class="kiosk-slide__detail">{slide.detail}</span>
                                <span class="kiosk-slide__open">"Touch to open"</span>
                            </button>
                        }
                    })
            }}
            <div class="kiosk-attract__dots" aria-hidden="true">
                {move || {
                    let n = items.with(Vec::len);
                    let at = if n == 0 { 0 } else { kiosk.slide.get() % n };
                    (0..n)
                        .map(|i| view! { <span class="kiosk-attract__dot" class:kiosk-attract__dot--on=i == at></span> })
                        .collect_view()
                }}
            </div>
            <p class="kiosk-attract__touch">"Touch the screen to begin"</p>
        </div>
    }
}
