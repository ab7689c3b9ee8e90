//! The body of a document: archival apparatus, the document's own title, paragraphs and lists.

use leptos::prelude::*;

use crate::app::RichText;
use crate::archive::{ApparatusKind, Block, Document, Rich};

fn apparatus_label(kind: ApparatusKind) -> &'static str {
    match kind {
        ApparatusKind::Handwritten => "Handwritten note",
        ApparatusKind::Stamp => "Archive stamp",
        ApparatusKind::Classification => "Classification",
        ApparatusKind::Reference => "Reference number",
    }
}

fn apparatus_class(kind: ApparatusKind) -> &'static str {
    match kind {
        ApparatusKind::Handwritten => "apparatus apparatus--handwritten",
        ApparatusKind::Stamp => "apparatus apparatus--stamp",
        ApparatusKind::Classification => "apparatus apparatus--classification",
        ApparatusKind::Reference => "apparatus apparatus--reference",
    }
}

fn rich(text: Rich, id: String) -> impl IntoView {
    view! { <RichText text=text id=id/> }
}

fn block_view(index: usize, block: Block) -> AnyView {
    let id = format!("b{index}");
    match block {
        Block::Apparatus { kind, lines, .. } => view! {
            <aside class=apparatus_class(kind) aria-label=apparatus_label(kind) data-testid="apparatus">
                <span class="apparatus__label" aria-hidden="true">{apparatus_label(kind)}</span>
                {lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| view! { <p class="apparatus__line">{rich(line, format!("{id}-{i}"))}</p> })
                    .collect_view()}
            </aside>
        }
        .into_any(),
        Block::Heading { text, .. } => {
            view! { <h2 class="doc-body__heading" data-testid="doc-heading">{rich(text, id)}</h2> }.into_any()
        }
        Block::Paragraph { text, .. } => view! { <p class="doc-body__para">{rich(text, id)}</p> }.into_any(),
        Block::List { items, .. } => view! {
            <ol class="doc-body__list" data-testid="doc-list">
                {items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        view! {
                            <li class="doc-body__item">
                                <span class="doc-body__label">{item.label}</span>
                                <span class="doc-body__item-text">{rich(item.text, format!("{id}-{i}"))}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any(),
    }
}

/// The body of `document`, block by block.
#[component]
pub fn DocumentView(document: Document) -> impl IntoView {
    view! {
        <div class="doc-body" data-testid="doc-body" lang="en">
            {document.body.into_iter().enumerate().map(|(i, b)| block_view(i, b)).collect_view()}
        </div>
    }
}
