//! The card that opens on a mention's hover, tap or keyboard focus: who or what it is.

use leptos::prelude::*;

use crate::app::entities::{entity_state, kind_label};
use crate::app::Route;
use crate::archive::{DatePrecision, EntityKind, Mention, Provenance, Value};

fn provenance(source: Provenance) -> &'static str {
    match source {
        Provenance::Curated => "Curated",
        Provenance::Rule => "Found by rule",
        Provenance::Automatic => "Found automatically, not curated",
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Date {
            iso,
            precision,
            relative_to,
        } => {
            let precision = match precision {
                DatePrecision::Day => "day",
                DatePrecision::Month => "month",
                DatePrecision::Year => "year",
                DatePrecision::Undated => "undated",
            };
            match relative_to {
                Some(base) => format!("{iso} ({precision}, counted from {base})"),
                None => format!("{iso} ({precision})"),
            }
        }
        Value::Quantity {
            value,
            unit,
            commodity,
        } => {
            let mut text = format_number(*value);
            if let Some(unit) = unit {
                text = format!("{text} {unit}");
            }
            if let Some(commodity) = commodity {
                text = format!("{text} of {commodity}");
            }
            text
        }
    }
}

/// Formats a number with thousands separators, without a fraction when it is whole.
pub fn format_number(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e15 {
        return value.to_string();
    }
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// The card for `mention`. Its first line (`id`) describes the mention to screen readers.
#[component]
pub fn EntityCard(mention: Mention, #[prop(into)] id: String) -> impl IntoView {
    let state = entity_state();
    let kind = mention.kind;
    let named = !matches!(kind, EntityKind::Date | EntityKind::Quantity);
    let body = move || {
        let summary = mention
            .entity
            .as_deref()
            .and_then(|e| state.lookup().and_then(|l| l.get(e).cloned()));
        let name = summary
            .as_ref()
            .map(|s| s.entity.name.clone())
            .unwrap_or_else(|| mention.surface.clone());
        let source = summary
            .as_ref()
            .map(|s| s.entity.source)
            .unwrap_or(mention.source);
        let line = format!(
            "{name}: {}, {}",
            kind_label(kind).to_lowercase(),
            provenance(source).to_lowercase()
        );
        view! {
            <span class="entity-card__name" id=id.clone()>{line}</span>
            {mention.value.as_ref().map(|v| view! { <span class="entity-card__row">{value_text(v)}</span> })}
            {summary.map(|s| {
                let aliases = s.entity.aliases.join(", ");
                let documents = match s.documents { 1 => "Mentioned in 1 document".to_string(), n => format!("Mentioned in {n} documents") };
                let href = Route::Entity { id: s.entity.id.clone() }.href();
                view! {
                    {(!aliases.is_empty()).then(|| view! { <span class="entity-card__row">"Also: " {aliases}</span> })}
                    {s.entity.description.clone().map(|d| view! { <span class="entity-card__row entity-card__desc">{d}</span> })}
                    <span class="entity-card__row entity-card__meta">{documents}</span>
                    {named.then(|| view! { <a class="entity-card__link" href=href data-testid="entity-card-link">"Open its page"</a> })}
                }
            })}
        }
    };
    view! { <span class="entity-card" role="group" data-testid="entity-card">{body}</span> }
}
