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

/// Formats a number with thousands separators and at most six decimals, without a fraction when
/// it rounds to a whole number: "200,000", "1.5", "1,100,000" (not 1100000.0000000002, which
/// "1.1 million" can become). Integer arithmetic only: formatting a float would add core's
/// float printer to the reader's wasm. Magnitudes beyond 2^64 print as 2^64 - 1.
pub fn format_number(value: f64) -> String {
    let abs = value.abs();
    let mut whole = abs.trunc() as u64;
    let mut micros = ((abs - abs.trunc()) * 1e6).round() as u32;
    if micros == 1_000_000 {
        whole = whole.saturating_add(1);
        micros = 0;
    }
    let digits = whole.to_string();
    let mut out = String::new();
    if value < 0.0 && (whole, micros) != (0, 0) {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if micros > 0 {
        let fraction = format!("{micros:06}");
        out.push('.');
        out.push_str(fraction.trim_end_matches('0'));
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

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(200_000.0), "200,000");
        assert_eq!(format_number(-1234.0), "-1,234");
        assert_eq!(format_number(1.5), "1.5");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(1.1 * 1e6), "1,100,000");
        assert_eq!(format_number(2.999_999_9), "3");
        assert_eq!(format_number(-0.000_000_1), "0");
        assert_eq!(format_number(1e300), "18,446,744,073,709,551,615");
    }
}
