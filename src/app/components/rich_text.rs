//! Renders a [`Rich`] text: plain runs as text nodes, editorial marks as focusable spans whose
//! meaning shows on hover and keyboard focus and is announced to screen readers.

use leptos::prelude::*;

use crate::archive::{segments, MarkKind, Rich, Segment};

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

fn class_of(kind: &MarkKind) -> &'static str {
    match kind {
        MarkKind::Editorial { .. } => "mark mark--editorial",
        MarkKind::Gloss { .. } => "mark mark--gloss",
        MarkKind::TranslatorNote { .. } => "mark mark--note",
        MarkKind::PageBreak => "mark mark--pagebreak",
    }
}

fn kind_name(kind: &MarkKind) -> &'static str {
    match kind {
        MarkKind::Editorial { .. } => "editorial",
        MarkKind::Gloss { .. } => "gloss",
        MarkKind::TranslatorNote { .. } => "translator-note",
        MarkKind::PageBreak => "page-break",
    }
}

/// The visible text of a mark: editorial labels without their brackets (styled as a label),
/// a page break as a short marker, everything else verbatim.
fn shown(source: &str, kind: &MarkKind) -> String {
    match kind {
        MarkKind::Editorial { label } => label.clone(),
        MarkKind::PageBreak => "page break".to_string(),
        _ => source.to_string(),
    }
}

/// Renders `text`. `id` must be unique on the page; tooltips get ids derived from it.
#[component]
pub fn RichText(text: Rich, #[prop(into)] id: String) -> impl IntoView {
    segments(&text)
        .into_iter()
        .enumerate()
        .map(|(i, segment)| match segment {
            Segment::Plain(t) => t.to_string().into_any(),
            Segment::Marked(source, kind) => {
                let tip_id = format!("{id}-tip{i}");
                let described_by = tip_id.clone();
                // a page break sits between two words: keep them apart in the text itself
                let gap = matches!(kind, MarkKind::PageBreak).then_some(" ");
                view! {
                    {gap}
                    <span
                        class=class_of(kind)
                        tabindex="0"
                        data-mark=kind_name(kind)
                        aria-describedby=described_by
                    >
                        <span class="mark__text">{shown(source, kind)}</span>
                        <span class="mark__tip" role="tooltip" id=tip_id>{explain(kind)}</span>
                    </span>
                }
                .into_any()
            }
        })
        .collect_view()
}
