//! Search results: the count, the facets that narrow them, the hits with their snippets, "did
//! you mean" and an empty state. The whole state is the URL (`#/search?q=…&page=…`): facets
//! add filters to the query text, so a search is shareable and back/forward retrace it.
//!
//! While a new query runs, the previous results stay on screen, dimmed, so typing never
//! blanks the page.

use std::cell::Cell;
use std::sync::Arc;

use leptos::prelude::*;

use crate::app::components::status::LoadFailed;
use crate::app::entities::kind_plural;
use crate::app::{search, FetchError, Route};
use crate::archive::search::{
    entity_key, parse_query, EntityFilter, Facets, Highlighter, Hit, Query, Results, Snippet,
    YearFilter,
};
use crate::archive::EntityKind;

/// Hits per page of results.
pub const PAGE: usize = 20;

/// Results on screen, with the query and page they answer.
#[derive(Debug)]
pub struct Shown {
    query: String,
    page: u32,
    results: Results,
    /// The facets with the entity facets, once they come (asked for after the results).
    /// (Reference counted: dropped with the results, never leaked by a kiosk's thousands of
    /// searches.)
    facets: ArcRwSignal<Option<Facets>>,
}

impl Shown {
    /// What the results come to, in words ("4 records match"), for the count and for screen
    /// readers.
    pub fn summary(&self) -> String {
        count_text(&self.results, &self.query)
    }
}

/// What the search pages share: the results last shown (kept while the next query runs).
#[derive(Clone, Copy)]
pub struct SearchSession {
    /// The results on screen (kept while the next query runs).
    pub last: RwSignal<Option<Arc<Shown>>>,
}

impl SearchSession {
    /// A session with nothing shown yet.
    pub fn new() -> SearchSession {
        SearchSession {
            last: RwSignal::new(None),
        }
    }
}

impl Default for SearchSession {
    fn default() -> Self {
        SearchSession::new()
    }
}

thread_local! {
    /// The newest query started; answers to older ones are dropped.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

/// A filter a facet adds to (or removes from) the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    /// `year:`
    Year(i32),
    /// `decade:`
    Decade(i32),
    /// `year:a-b`
    Years(i32, i32),
    /// `lang:`
    Language(String),
    /// `archive:`
    Archive(String),
    /// `person:`, `place:`, `org:`, `event:` with an entity id.
    Entity(EntityKind, String),
}

impl Filter {
    fn is_in(&self, q: &Query) -> bool {
        let f = &q.filters;
        match self {
            Filter::Year(y) => f.years.contains(&YearFilter::Year(*y)),
            Filter::Decade(d) => f.years.contains(&YearFilter::Decade(*d)),
            Filter::Years(a, b) => f.years.contains(&YearFilter::Range(*a, *b)),
            Filter::Language(l) => f.languages.iter().any(|x| x.eq_ignore_ascii_case(l)),
            Filter::Archive(a) => f.archives.contains(a),
            Filter::Entity(k, id) => f.entities.iter().any(|e| e.kind == *k && &e.value == id),
        }
    }

    fn remove_from(&self, q: &mut Query) {
        let f = &mut q.filters;
        match self {
            Filter::Year(y) => f.years.retain(|x| *x != YearFilter::Year(*y)),
            Filter::Decade(d) => f.years.retain(|x| *x != YearFilter::Decade(*d)),
            Filter::Years(a, b) => f.years.retain(|x| *x != YearFilter::Range(*a, *b)),
            Filter::Language(l) => f.languages.retain(|x| !x.eq_ignore_ascii_case(l)),
            Filter::Archive(a) => f.archives.retain(|x| x != a),
            Filter::Entity(k, id) => f.entities.retain(|e| !(e.kind == *k && &e.value == id)),
        }
    }

    fn add_to(&self, q: &mut Query) {
        let f = &mut q.filters;
        match self {
            Filter::Year(y) => f.years.push(YearFilter::Year(*y)),
            Filter::Decade(d) => f.years.push(YearFilter::Decade(*d)),
            Filter::Years(a, b) => f.years.push(YearFilter::Range(*a, *b)),
            Filter::Language(l) => f.languages.push(l.clone()),
            Filter::Archive(a) => f.archives.push(a.clone()),
            Filter::Entity(k, id) => f.entities.push(EntityFilter {
                kind: *k,
                value: id.clone(),
            }),
        }
    }
}

/// The query text with `filter` switched: added when absent, removed when present.
pub fn toggled(q: &str, filter: &Filter) -> String {
    let mut query = parse_query(q);
    if filter.is_in(&query) {
        filter.remove_from(&mut query);
    } else {
        filter.add_to(&mut query);
    }
    query.to_string()
}

/// The filters of a query, each with its label (entity ids named from `facets` when they are
/// there).
pub fn active_filters(q: &Query, facets: &Facets) -> Vec<(String, Filter)> {
    let mut out = Vec::new();
    for e in &q.filters.entities {
        let name = facets
            .entities
            .iter()
            .find(|f| f.id == e.value)
            .map_or_else(|| e.value.clone(), |f| f.name.clone());
        out.push((
            format!("{}: {name}", entity_key(e.kind)),
            Filter::Entity(e.kind, e.value.clone()),
        ));
    }
    for y in &q.filters.years {
        out.push(match *y {
            YearFilter::Year(y) => (format!("year: {y}"), Filter::Year(y)),
            YearFilter::Decade(d) => (format!("decade: {d}s"), Filter::Decade(d)),
            YearFilter::Range(a, b) => (format!("years: {a}–{b}"), Filter::Years(a, b)),
        });
    }
    for l in &q.filters.languages {
        out.push((format!("language: {l}"), Filter::Language(l.clone())));
    }
    for a in &q.filters.archives {
        out.push((format!("archive: {a}"), Filter::Archive(a.clone())));
    }
    out
}

/// The query text without its filters (what "search everything" means after no results).
fn without_filters(q: &Query) -> String {
    Query {
        terms: q.terms.clone(),
        filters: Default::default(),
    }
    .to_string()
}

fn search_href(q: &str) -> String {
    Route::Search {
        q: q.to_string(),
        page: 1,
    }
    .href()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The count line: how many records match.
fn count_text(r: &Results, q: &str) -> String {
    if r.total == 0 {
        return format!("No records match {q}");
    }
    let records = plural(r.total, "record matches", "records match");
    if r.exact_total {
        records
    } else {
        format!("At most {records} (phrases are checked on the records shown)")
    }
}

/// A snippet as text nodes with its matched words in `<mark>`; never HTML.
fn snippet_view(s: Snippet) -> AnyView {
    let mut parts: Vec<AnyView> = Vec::new();
    if s.cut_start {
        parts.push("… ".into_any());
    }
    let mut pos = 0;
    for span in &s.spans {
        let (Some(before), Some(word)) = (s.text.get(pos..span.start), s.text.get(span.clone()))
        else {
            continue;
        };
        parts.push(before.to_string().into_any());
        parts.push(view! { <mark class="hit">{word.to_string()}</mark> }.into_any());
        pos = span.end;
    }
    parts.push(s.text.get(pos..).unwrap_or_default().to_string().into_any());
    if s.cut_end {
        parts.push(" …".into_any());
    }
    parts.into_any()
}

/// One hit: date, title linking to the record (with the matched words to find), snippet.
#[component]
fn ResultItem(hit: Hit, rank: usize, highlighter: Arc<Highlighter>) -> impl IntoView {
    let snippet = RwSignal::new(None::<Snippet>);
    let find = RwSignal::new(None::<String>);
    let id = hit.id.clone();
    leptos::task::spawn_local(async move {
        // A record that cannot be fetched still shows its title; the snippet stays empty.
        if let Ok((s, found)) = search::snippet(&id, &highlighter).await {
            let _ = snippet.try_set(Some(s));
            let _ = find.try_set((!found.is_empty()).then(|| found.join(" ")));
        }
    });
    let id = hit.id.clone();
    let href = move || {
        Route::Document {
            id: id.clone(),
            entity: None,
            find: find.get(),
        }
        .href()
    };
    let date = if hit.date.is_empty() {
        "Undated".to_string()
    } else {
        hit.date.clone()
    };
    view! {
        <li class="result" data-testid="result" data-rank=rank>
            <p class="result__date">{date}</p>
            <h2 class="result__title">
                <a href=href data-testid="result-link">{hit.title}</a>
            </h2>
            <p class="result__snippet" data-testid="snippet">
                {move || snippet.get().map(snippet_view)}
            </p>
        </li>
    }
}

/// One facet value: a link that adds (or, when chosen, removes) its filter.
fn facet_link(q: &str, label: String, count: u32, filter: Filter, chosen: bool) -> AnyView {
    let href = search_href(&toggled(q, &filter));
    view! {
        <li>
            <a class="facet" class:facet--chosen=chosen href=href data-testid="facet"
               aria-current=chosen.then_some("true")>
                <span class="facet__label">{label}</span>
                {chosen.then(|| view! { <span class="visually-hidden">" (chosen: select to remove)"</span> })}
                <span class="facet__count">{count}</span>
            </a>
        </li>
    }
    .into_any()
}

fn facet_group(title: String, testid: &'static str, items: Vec<AnyView>) -> Option<AnyView> {
    (!items.is_empty()).then(|| {
        view! {
            <section class="facets__group" data-testid=testid>
                <h3 class="facets__title">{title}</h3>
                <ul class="facets__list">{items}</ul>
            </section>
        }
        .into_any()
    })
}

/// The facet panel: decades and years, languages, archives, and the entities most mentioned
/// by the matches, by type (each type with the number of matches mentioning one).
fn facets_view(q: &str, query: &Query, f: &Facets) -> AnyView {
    let link = |label: String, count: u32, filter: Filter| {
        let chosen = filter.is_in(query);
        facet_link(q, label, count, filter, chosen)
    };
    let decade_chosen = query
        .filters
        .years
        .iter()
        .any(|y| matches!(y, YearFilter::Decade(_)));
    let mut groups: Vec<AnyView> = Vec::new();
    let decades: Vec<AnyView> = f
        .decades
        .iter()
        .map(|&(d, n)| link(format!("{d}s"), n, Filter::Decade(d)))
        .collect();
    if f.decades.len() > 1 || decade_chosen {
        groups.extend(facet_group("Decade".into(), "facet-decades", decades));
    }
    let years: Vec<AnyView> = f
        .years
        .iter()
        .map(|&(y, n)| link(y.to_string(), n, Filter::Year(y)))
        .collect();
    if f.years.len() <= 12 || decade_chosen {
        groups.extend(facet_group("Year".into(), "facet-years", years));
    }
    let langs = f
        .languages
        .iter()
        .map(|(l, n)| link(l.clone(), *n, Filter::Language(l.clone())))
        .collect();
    groups.extend(facet_group(
        "Original language".into(),
        "facet-languages",
        langs,
    ));
    let archives = f
        .archives
        .iter()
        .map(|(a, n)| link(a.clone(), *n, Filter::Archive(a.clone())))
        .collect();
    groups.extend(facet_group("Archive".into(), "facet-archives", archives));
    for &(kind, n) in &f.kinds {
        let items = f
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| link(e.name.clone(), e.count, Filter::Entity(kind, e.id.clone())))
            .collect();
        let title = format!(
            "{} ({})",
            kind_plural(kind),
            plural(n as usize, "match", "matches")
        );
        groups.extend(facet_group(title, "facet-entities", items));
    }
    if groups.is_empty() {
        return ().into_any();
    }
    view! {
        <aside class="facets" aria-label="Narrow the results" data-testid="facets">
            <h2 class="facets__heading">"Narrow by"</h2>
            {groups}
        </aside>
    }
    .into_any()
}

/// The chosen filters, each a link that removes it.
fn chips(q: &str, query: &Query, facets: &Facets) -> AnyView {
    let active = active_filters(query, facets);
    if active.is_empty() {
        return ().into_any();
    }
    let items: Vec<AnyView> = active
        .into_iter()
        .map(|(label, filter)| {
            let href = search_href(&toggled(q, &filter));
            let remove = format!("Remove the filter {label}");
            view! {
                <li>
                    <a class="filter-chip" href=href data-testid="chip" aria-label=remove>
                        {label}<span class="filter-chip__x" aria-hidden="true">"×"</span>
                    </a>
                </li>
            }
            .into_any()
        })
        .collect();
    view! { <ul class="chips" aria-label="Filters">{items}</ul> }.into_any()
}

fn pager(q: &str, page: u32, pages: u32) -> Option<AnyView> {
    (pages > 1).then(|| {
        let link = |to: u32, rel: &'static str, label: &'static str| {
            (to >= 1 && to <= pages).then(|| {
                let href = Route::Search {
                    q: q.to_string(),
                    page: to,
                }
                .href();
                view! {
                    <a class=format!("pager__link pager__link--{rel}") rel=rel href=href data-testid=format!("results-{rel}")>
                        <span class="pager__dir">{label}</span>
                    </a>
                }
            })
        };
        view! {
            <nav class="pager pager--library" aria-label="Pages of results">
                {link(page - 1, "prev", "Previous results")}
                <span class="pager__where">{format!("Page {page} of {pages}")}</span>
                {link(page + 1, "next", "More results")}
            </nav>
        }
        .into_any()
    })
}

/// What to try when nothing matches.
fn nothing_found(query: &Query, r: &Results) -> AnyView {
    let dym = r.did_you_mean.as_ref().map(|d| {
        view! {
            <p class="search__dym" data-testid="did-you-mean">
                "Did you mean "
                <a href=search_href(&d.query) data-testid="did-you-mean-link">{d.query.clone()}</a>
                "?"
            </p>
        }
    });
    let unfiltered = (!query.filters.is_empty()).then(|| {
        view! {
            <li>
                <a href=search_href(&without_filters(query)) data-testid="drop-filters">"Search without the filters"</a>
            </li>
        }
    });
    view! {
        <section class="search__empty" data-testid="no-results">
            {dym}
            <ul class="search__tips">
                {unfiltered}
                <li>"Check the spelling, or use fewer words."</li>
                <li>"Search a name as it is written in the records, or only part of it."</li>
                <li>"Leave out words in quotes or after a minus sign."</li>
            </ul>
        </section>
    }
    .into_any()
}

/// Shown before anything is typed: what can be searched, and how.
fn start_view() -> AnyView {
    view! {
        <section class="search__start" data-testid="search-start">
            <h1 class="page-title">"Search the collection"</h1>
            <p class="search__lead">
                "Type in the search box above. Results appear as you type; press "
                <kbd>"/"</kbd>" on any page to get there."
            </p>
            <dl class="search__syntax">
                <dt><code>"kim il sung"</code></dt><dd>"records with all these words, in any form (“relation” also finds “relations”); small spelling mistakes are forgiven"</dd>
                <dt><code>"\"economic aid\""</code></dt><dd>"the exact phrase"</dd>
                <dt><code>"-china"</code></dt><dd>"leave out records with this word"</dd>
                <dt><code>"year:1967"</code>" "<code>"decade:1960s"</code></dt><dd>"records of that year or decade"</dd>
                <dt><code>"lang:czech"</code></dt><dd>"records by their original language"</dd>
                <dt><code>"person:"</code>" "<code>"place:"</code>" "<code>"org:"</code></dt><dd>"records that mention that person, place or organization"</dd>
            </dl>
        </section>
    }
    .into_any()
}

fn results_view(shown: &Shown) -> AnyView {
    let q = shown.query.as_str();
    let query = parse_query(q);
    let r = &shown.results;
    let page = shown.page.max(1);
    let pages = r.total.div_ceil(PAGE).max(1) as u32;
    let first = (page as usize - 1) * PAGE;
    let highlighter = Arc::new(r.highlighter.clone());
    let hits: Vec<AnyView> = r
        .hits
        .iter()
        .enumerate()
        .skip(first)
        .map(|(i, hit)| {
            view! { <ResultItem hit=hit.clone() rank=i + 1 highlighter=highlighter.clone()/> }
                .into_any()
        })
        .collect();
    let list = if r.total == 0 {
        nothing_found(&query, r)
    } else if hits.is_empty() {
        // a page past the last one (an old link, a hand-edited URL)
        view! {
            <p class="search__pending" data-testid="past-last-page">
                {format!("There is no page {page} of these results. ")}
                <a href=search_href(q)>"Back to the first page"</a>
            </p>
        }
        .into_any()
    } else {
        view! { <ol class="results" start=first + 1 data-testid="results">{hits}</ol> }.into_any()
    };
    view! {
        <header class="search__head">
            <h1 class="search__count" data-testid="search-count">{count_text(r, q)}</h1>
            {chips(q, &query, &r.facets)}
        </header>
        <div class="search__layout">
            <div class="search__main">
                {list}
                {pager(q, page, pages)}
            </div>
            {
                let (q, base, more) = (q.to_string(), r.facets.clone(), shown.facets.clone());
                move || {
                    let facets = more.get().unwrap_or_else(|| base.clone());
                    facets_view(&q, &parse_query(&q), &facets)
                }
            }
        </div>
    }
    .into_any()
}

/// Runs query `q` for page `page` in the background: `busy` while it runs, then the results
/// into the session (unless a newer query started meanwhile) or the failure into `error`.
fn run_search(
    q: String,
    page: u32,
    session: SearchSession,
    error: RwSignal<Option<FetchError>>,
    busy: RwSignal<bool>,
) {
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    error.set(None);
    busy.set(true);
    let limit = PAGE * page.max(1) as usize;
    let current = move || GENERATION.with(Cell::get) == generation;
    leptos::task::spawn_local(async move {
        let outcome = search::search(&q, limit, false).await;
        if !current() {
            return; // a newer query is under way
        }
        let facets = ArcRwSignal::new(None);
        match outcome {
            Ok(results) => session.last.set(Some(Arc::new(Shown {
                query: q.clone(),
                page,
                results,
                facets: facets.clone(),
            }))),
            Err(e) => {
                let _ = error.try_set(Some(e));
                let _ = busy.try_set(false);
                return;
            }
        }
        let _ = busy.try_set(false);
        // The entity facets: the same search again, now with the entities (the files it
        // read are loaded). Without them the other facets stay, and the page still works.
        if let Ok(full) = search::search(&q, limit, true).await {
            if current() {
                let _ = facets.try_set(Some(full.facets));
            }
        }
    });
}

/// The search page for query `q`, page `page`.
#[component]
pub fn SearchPage(q: String, page: u32) -> impl IntoView {
    let session = use_context::<SearchSession>().unwrap_or_default();
    let query = parse_query(&q);
    let blank = query.terms.iter().all(|t| t.negated) && query.filters.is_empty();
    crate::app::set_title(if blank { "Search" } else { "Search results" });
    let error = RwSignal::new(None::<FetchError>);
    let busy = RwSignal::new(false);
    let run = move || run_search(q.clone(), page, session, error, busy);
    if !blank {
        run();
    }
    move || {
        if blank {
            return start_view();
        }
        if let Some(e) = error.get() {
            let run = run.clone();
            return view! { <LoadFailed title="The search could not be run" error=e retry=move || run()/> }
                .into_any();
        }
        let shown = session.last.get();
        let stale = busy.get();
        view! {
            <section class="search" class:search--busy=stale aria-busy=move || stale.to_string() data-testid="search-page">
                {match shown {
                    Some(shown) => results_view(&shown),
                    None => view! { <p class="search__pending" data-testid="search-pending">"Searching…"</p> }.into_any(),
                }}
            </section>
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::search::EntityFacet;

    #[test]
    fn facets_toggle_filters_in_the_query_text() {
        let q = "soviet aid";
        let with_year = toggled(q, &Filter::Year(1967));
        assert_eq!(with_year, "soviet aid year:1967");
        let with_both = toggled(&with_year, &Filter::Language("Czech".into()));
        assert_eq!(with_both, "soviet aid year:1967 lang:Czech");
        assert_eq!(
            toggled(&with_both, &Filter::Year(1967)),
            "soviet aid lang:Czech"
        );
        let person = Filter::Entity(EntityKind::Person, "kim-il-sung".into());
        let with_person = toggled(q, &person);
        assert_eq!(with_person, "soviet aid person:kim-il-sung");
        assert_eq!(toggled(&with_person, &person), q);
        let archive = Filter::Archive("State Central Archive (Prague)".into());
        let with_archive = toggled(q, &archive);
        assert_eq!(toggled(&with_archive, &archive), q);
    }

    #[test]
    fn chosen_filters_are_named_and_removable() {
        let query = parse_query("aid person:kim-il-sung decade:1960s lang:Czech");
        let facets = Facets {
            entities: vec![EntityFacet {
                id: "kim-il-sung".into(),
                name: "Kim Il Sung".into(),
                kind: EntityKind::Person,
                count: 3,
            }],
            ..Facets::default()
        };
        let active = active_filters(&query, &facets);
        let labels: Vec<&str> = active.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            labels,
            ["person: Kim Il Sung", "decade: 1960s", "language: Czech"]
        );
        let mut q = query.to_string();
        for (_, filter) in &active {
            q = toggled(&q, filter);
        }
        assert_eq!(q, "aid");
        assert_eq!(without_filters(&query), "aid");
    }
}
