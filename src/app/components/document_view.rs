//! The body of a document: archival apparatus, the document's own title, paragraphs and lists,
//! with the document's entity mentions highlighted.

use leptos::prelude::*;

use crate::app::RichText;
use crate::archive::find::Found;
use crate::archive::{ApparatusKind, Block, Document, Mention, Rich, TextRef};

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

/// What each text of the body shows besides its words: the document's mentions grouped by the
/// text they are in (each with its index in the document), and the find matches.
struct Marked {
    /// In the order the texts first appear in the mentions (a list, not a map: a map would add
    /// its code to the wasm for a few hundred texts at most).
    mentions: Vec<(TextRef, Vec<(usize, Mention)>)>,
    found: Found,
}

fn rich(text: Rich, at: TextRef, marked: &mut Marked) -> impl IntoView {
    let id = format!("t{}-{}", at.block, at.part);
    let mentions = marked
        .mentions
        .iter_mut()
        .find(|(a, _)| *a == at)
        .map(|(_, m)| std::mem::take(m))
        .unwrap_or_default();
    let found = marked.found.take(at);
    match found {
        Some(found) => {
            view! { <RichText text=text id=id mentions=mentions found=found/> }.into_any()
        }
        None => view! { <RichText text=text id=id mentions=mentions/> }.into_any(),
    }
}

fn block_view(index: usize, block: Block, mentions: &mut Marked) -> AnyView {
    let at = |part: usize| TextRef {
        block: index as u32,
        part: part as u32,
    };
    match block {
        Block::Apparatus { kind, lines, .. } => view! {
            <aside class=apparatus_class(kind) aria-label=apparatus_label(kind) data-testid="apparatus">
                <span class="apparatus__label" aria-hidden="true">{apparatus_label(kind)}</span>
                {lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| view! { <p class="apparatus__line">{rich(line, at(i), mentions)}</p> })
                    .collect_view()}
            </aside>
        }
        .into_any(),
        Block::Heading { text, .. } => {
            view! { <h2 class="doc-body__heading" data-testid="doc-heading">{rich(text, at(0), mentions)}</h2> }
                .into_any()
        }
        Block::Paragraph { text, .. } => {
            view! { <p class="doc-body__para">{rich(text, at(0), mentions)}</p> }.into_any()
        }
        Block::List { items, .. } => view! {
            <ol class="doc-body__list" data-testid="doc-list">
                {items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        view! {
                            <li class="doc-body__item">
                                <span class="doc-body__label">{item.label}</span>
                                <span class="doc-body__item-text">{rich(item.text, at(i), mentions)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any(),
    }
}

/// The body of `document`, block by block, with its mentions highlighted and the matches of
/// find in the document (see [`crate::archive::find::find_in_document`]) marked.
#[component]
pub fn DocumentView(document: Document, #[prop(optional)] found: Found) -> impl IntoView {
    let mut mentions = Marked {
        mentions: Vec::new(),
        found,
    };
    for (i, mention) in document.mentions.into_iter().enumerate() {
        // mentions come sorted by text, so the group is nearly always the last one
        match mentions
            .mentions
            .iter_mut()
            .rev()
            .find(|(a, _)| *a == mention.at)
        {
            Some((_, group)) => group.push((i, mention)),
            None => mentions.mentions.push((mention.at, vec![(i, mention)])),
        }
    }
    let blocks: Vec<AnyView> = document
        .body
        .into_iter()
        .enumerate()
        .map(|(i, b)| block_view(i, b, &mut mentions))
        .collect();
    view! {
        <div class="doc-body" data-testid="doc-body" lang="en">
            {blocks}
        </div>
    }
}
