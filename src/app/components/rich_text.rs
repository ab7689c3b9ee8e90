//! Renders a [`Rich`] text as text nodes: editorial marks as focusable spans whose meaning shows
//! on hover and keyboard focus, and entity mentions as highlighted, focusable marks with an
//! entity card. Screen readers hear each mark's meaning and each mention's type.

use leptos::prelude::*;

use std::ops::Range;

use crate::app::components::entity_card::EntityCard;
use crate::app::entities::{entity_state, kind_label, kind_name};
use crate::archive::find::{split, Finder};
use crate::archive::{segments, MarkKind, Mention, Rich, Span};

/// Which entity the open document has selected, and which of its mentions is current; provided
/// as context by the document page.
#[derive(Clone, Copy)]
pub struct Selection {
    /// The selected entity's id.
    pub entity: RwSignal<Option<String>>,
    /// The index (into `Document::mentions`) of the mention stepped to.
    pub current: RwSignal<Option<usize>>,
}

impl Selection {
    /// Nothing selected.
    pub fn new() -> Selection {
        Selection {
            entity: RwSignal::new(None),
            current: RwSignal::new(None),
        }
    }
}

impl Default for Selection {
    fn default() -> Self {
        Selection::new()
    }
}

/// Find in the open document: what is looked for, how many matches there are and which one is
/// current; provided as context by the document page.
#[derive(Clone, Copy)]
pub struct FindState {
    /// What is looked for.
    pub finder: RwSignal<Finder>,
    /// The number (in reading order) of the current match.
    pub current: RwSignal<usize>,
}

impl FindState {
    /// Looking for `finder`, at its first match.
    pub fn new(finder: Finder) -> FindState {
        FindState {
            finder: RwSignal::new(finder),
            current: RwSignal::new(0),
        }
    }
}

/// A run of text with the find matches in it marked: `matches` are byte ranges in the whole
/// rich text, numbered from `base`; the run starts at byte `offset`.
fn found_view(text: &str, offset: usize, base: usize, matches: &[Range<usize>]) -> AnyView {
    if matches.is_empty() {
        return text.to_string().into_any();
    }
    let current = use_context::<FindState>().map(|f| f.current);
    split(text, offset, matches)
        .into_iter()
        .map(|piece| match piece.hit {
            None => piece.text.to_string().into_any(),
            Some(i) => {
                let n = base + i;
                let is_current = move || current.is_some_and(|c| c.get() == n);
                view! {
                    <mark class="found" class:found--current=is_current data-find=n>{piece.text.to_string()}</mark>
                }
                .into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// What a mark means, in words, for its tooltip.
pub fn explain(kind: &MarkKind) -> String {
    match kind {
        MarkKind::Editorial { label } => match label.to_lowercase().as_str() {
            "handwritten" => "Handwritten in the original".to_string(),
            "stamp" => "A stamp in the original".to_string(),
            "illegible" => "Illegible in the original".to_string(),
            _ => format!("Editorial note: {label}"),
        },
        MarkKind::Gloss { term, expansion } => {
            format!("Translator's gloss: {term} stands for {expansion}")
        }
        MarkKind::TranslatorNote { .. } => {
            "Note by the translator, not part of the original".to_string()
        }
        MarkKind::PageBreak => "The original continues on a new page here".to_string(),
    }
}

fn mark_name(kind: &MarkKind) -> &'static str {
    match kind {
        MarkKind::Editorial { .. } => "editorial",
        MarkKind::Gloss { .. } => "gloss",
        MarkKind::TranslatorNote { .. } => "translator-note",
        MarkKind::PageBreak => "page-break",
    }
}

fn mark_class(kind: &MarkKind) -> &'static str {
    match kind {
        MarkKind::Editorial { .. } => "mark mark--editorial",
        MarkKind::Gloss { .. } => "mark mark--gloss",
        MarkKind::TranslatorNote { .. } => "mark mark--note",
        MarkKind::PageBreak => "mark mark--pagebreak",
    }
}

/// One highlighted mention: a focusable `<mark>` with its type for screen readers and its card.
fn mention_view(text: AnyView, index: usize, mention: Mention, id: String) -> AnyView {
    let state = entity_state();
    let selection = use_context::<Selection>().unwrap_or_default();
    let kind = mention.kind;
    let entity = mention.entity.clone();
    let hidden = move || state.is_hidden(kind);
    let selected = {
        let entity = entity.clone();
        move || entity.is_some() && selection.entity.with(|s| s.as_ref() == entity.as_ref())
    };
    let current = move || selection.current.get() == Some(index);
    let card_id = format!("{id}-card");
    let described_by = card_id.clone();
    view! {
        <mark
            class=format!("entity entity--{}", kind_name(kind))
            class:entity--off=hidden
            class:entity--selected=selected
            class:entity--current=current
            tabindex="0"
            data-kind=kind_name(kind)
            data-entity=entity.unwrap_or_default()
            data-mention=index
            aria-describedby=described_by
        >
            {text}
            <span class="visually-hidden">{format!(" ({})", kind_label(kind).to_lowercase())}</span>
            <EntityCard mention=mention id=card_id/>
        </mark>
    }
    .into_any()
}

/// Renders `text`. `id` must be unique on the page (tooltip and card ids derive from it);
/// `mentions` are the document's mentions in this text, with their index in the document;
/// `found` the find matches in it (byte ranges) and the number of the first.
#[component]
pub fn RichText(
    text: Rich,
    #[prop(into)] id: String,
    #[prop(optional)] mentions: Vec<(usize, Mention)>,
    #[prop(optional)] found: Option<(usize, Vec<Range<usize>>)>,
) -> impl IntoView {
    let (base, matches) = found.unwrap_or_default();
    let spans: Vec<Span> = mentions
        .iter()
        .enumerate()
        .map(|(i, (_, m))| Span {
            start: m.start as usize,
            end: m.end as usize,
            id: i,
        })
        .collect();
    let mut views = Vec::new();
    for (i, segment) in segments(&text, &spans).into_iter().enumerate() {
        let runs: Vec<AnyView> = segment
            .runs
            .iter()
            .enumerate()
            .map(|(j, run)| match run.mention {
                Some(m) => {
                    let (index, mention) = mentions[m].clone();
                    mention_view(
                        found_view(run.text, run.start, base, &matches),
                        index,
                        mention,
                        format!("{id}-s{i}-{j}"),
                    )
                }
                None => found_view(run.text, run.start, base, &matches),
            })
            .collect();
        let Some(kind) = segment.mark else {
            views.push(runs.into_any());
            continue;
        };
        let tip_id = format!("{id}-tip{i}");
        let described_by = tip_id.clone();
        let shown = match kind {
            // a label stands for the bracketed mark; a page break is a short marker
            MarkKind::Editorial { label } => label.clone().into_any(),
            MarkKind::PageBreak => "page break".into_any(),
            _ => runs.into_any(),
        };
        // a page break sits between two words: keep them apart in the text itself
        let gap = matches!(kind, MarkKind::PageBreak).then_some(" ");
        views.push(
            view! {
                {gap}
                <span class=mark_class(kind) tabindex="0" data-mark=mark_name(kind) aria-describedby=described_by>
                    <span class="mark__text">{shown}</span>
                    <span class="mark__tip" role="tooltip" id=tip_id>{explain(kind)}</span>
                </span>
            }
            .into_any(),
        );
    }
    views
}
