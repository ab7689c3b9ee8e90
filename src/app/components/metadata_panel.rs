//! Every header field of a document, as a description list.

use leptos::prelude::*;

use crate::app::components::copy_button::CopyButton;
use crate::archive::{DatePrecision, Metadata};

fn row(label: &'static str, value: Option<String>) -> Option<impl IntoView> {
    value.filter(|v| !v.is_empty()).map(|value| {
        view! {
            <div class="meta__row">
                <dt>{label}</dt>
                <dd>{value}</dd>
            </div>
        }
    })
}

/// A link for web addresses only; anything else (a `javascript:` URL in a hostile record, say)
/// is shown as text and never becomes a link.
fn source_link(url: String) -> AnyView {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        let href = url.clone();
        view! { <a class="meta__url" href=href rel="external noopener noreferrer">{url}</a> }
            .into_any()
    } else {
        view! { <span class="meta__url">{url}</span> }.into_any()
    }
}

fn precision_note(precision: DatePrecision) -> &'static str {
    match precision {
        DatePrecision::Day => "",
        DatePrecision::Month => " (month known)",
        DatePrecision::Year => " (year known)",
        DatePrecision::Undated => " (undated)",
    }
}

/// The metadata of a document: date, citation (with a copy button) and its parts, source,
/// summary, credits, languages, contents and any extra fields.
#[component]
pub fn MetadataPanel(meta: Metadata, #[prop(into)] source_file: String) -> impl IntoView {
    let citation = meta.citation.clone().unwrap_or_default();
    let date = format!(
        "{}{}",
        meta.date
            .iso
            .clone()
            .unwrap_or_else(|| meta.date.text.clone()),
        precision_note(meta.date.precision)
    );
    let citation_text = citation.text.clone();
    let has_citation = !citation_text.is_empty();
    view! {
        <section class="meta" aria-labelledby="meta-heading" data-testid="metadata">
            <h2 id="meta-heading" class="meta__heading">"About this record"</h2>
            {has_citation.then(|| view! {
                <figure class="meta__citation">
                    <figcaption class="meta__caption">"Citation"</figcaption>
                    <blockquote class="meta__cite-text" data-testid="citation">{citation_text.clone()}</blockquote>
                    <CopyButton text=citation_text.clone() label="Copy citation"/>
                </figure>
            })}
            <dl class="meta__list">
                {row("Date", Some(date))}
                {row("As printed", Some(meta.date.text.clone()).filter(|t| Some(t) != meta.date.iso.as_ref()))}
                {row("Archive", citation.archive)}
                {row("Reference", citation.reference)}
                {row("Pages", citation.pages)}
                {row("Collection", citation.collection)}
                {row("Translator", citation.translator)}
                {row("Project", citation.project)}
                {row("Original language", Some(meta.original_languages.join(", ")))}
                {row("Contents", Some(meta.contents.join("; ")))}
                {row("Record id", meta.record_id)}
                {meta.source_url.map(|url| view! {
                    <div class="meta__row">
                        <dt>"Source"</dt>
                        <dd>{source_link(url)}</dd>
                    </div>
                })}
                {row("Credits", meta.credits)}
                {meta.extra.into_iter().map(|(label, value)| view! {
                    <div class="meta__row"><dt>{label}</dt><dd>{value}</dd></div>
                }).collect_view()}
                {row("Source file", Some(source_file))}
            </dl>
        </section>
    }
}
