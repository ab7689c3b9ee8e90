//! Entity state shared across pages: the collection's entity index (loaded once, when first
//! needed), which entity kinds are highlighted (remembered across pages and reloads), and which
//! entity the open document has selected.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::reactive::graph::{Source, ToAnySubscriber};

use crate::app::{load, Load, KINDS};
use crate::archive::sort::sort_by;
use crate::archive::{EntityIndex, EntityKind, EntitySummary};

const HIDDEN_KINDS_KEY: &str = "dossier.hidden-kinds";

/// The entity index, by id.
#[derive(Debug, Default)]
pub struct EntityLookup {
    /// The index as loaded.
    pub index: EntityIndex,
    /// Positions in `index.entities`, in id order.
    by_id: Vec<usize>,
}

impl EntityLookup {
    /// Indexes `index` by entity id.
    pub fn new(index: EntityIndex) -> EntityLookup {
        let mut by_id: Vec<usize> = (0..index.entities.len()).collect();
        let id = |i: usize| index.entities[i].entity.id.as_str();
        sort_by(&mut by_id, &|&a, &b| id(a).cmp(id(b)));
        EntityLookup { index, by_id }
    }

    /// The entity with `id`, if the collection has it.
    pub fn get(&self, id: &str) -> Option<&EntitySummary> {
        let entities = &self.index.entities;
        let at = self
            .by_id
            .binary_search_by(|&i| entities[i].entity.id.as_str().cmp(id))
            .ok()?;
        Some(&entities[self.by_id[at]])
    }
}

/// Shared entity state; provided by the app as context, and by each page as [`EntityState::for_page`].
///
/// Reads see `index` and `hidden`; writes go to the app's signals (`store`). The app's state
/// reads its own signals; a page's reads a copy of them that goes with the page.
#[derive(Clone, Copy)]
pub struct EntityState {
    store: Store,
    index: ReadSignal<Option<Load<Arc<EntityLookup>>>>,
    hidden: ReadSignal<KindSet>,
}

/// The app's entity signals.
#[derive(Clone, Copy)]
struct Store {
    /// The entity index, once requested.
    index: RwSignal<Option<Load<Arc<EntityLookup>>>>,
    /// Kinds whose highlighting the reader switched off.
    hidden: RwSignal<KindSet>,
}

impl EntityState {
    /// Creates the app's state, reading the remembered highlight choices.
    pub fn new() -> EntityState {
        let store = Store {
            index: RwSignal::new(None),
            hidden: RwSignal::new(read_hidden()),
        };
        EntityState {
            store,
            index: store.index.read_only(),
            hidden: store.hidden.read_only(),
        }
    }

    /// The state as the current page (the current owner) reads it: its reads follow copies of
    /// the app's signals that go with the page. A page's every mention reads them, and a
    /// signal forgets a dropped subscriber only when it next changes: reading the app's
    /// signals, which may never change again, would keep a little of every page ever shown.
    pub fn for_page(self) -> EntityState {
        EntityState {
            store: self.store,
            index: follow(self.store.index),
            hidden: follow(self.store.hidden),
        }
    }

    /// Starts loading the entity index unless it is loaded or loading.
    pub fn ensure_index(self) {
        if matches!(
            self.store.index.get_untracked(),
            None | Some(Load::Failed(_))
        ) {
            self.load_index();
        }
    }

    /// (Re)loads the entity index.
    pub fn load_index(self) {
        let index = self.store.index;
        index.set(Some(Load::Loading));
        leptos::task::spawn_local(async move {
            index.set(Some(match load::fetch_entity_index().await {
                Ok(loaded) => Load::Ready(Arc::new(EntityLookup::new(loaded))),
                Err(e) => Load::Failed(e),
            }));
        });
    }

    /// The entity index as far as it is loaded (tracked).
    pub fn index(self) -> Option<Load<Arc<EntityLookup>>> {
        self.index.get()
    }

    /// The loaded index, if it is there (tracked).
    pub fn lookup(self) -> Option<Arc<EntityLookup>> {
        match self.index.get() {
            Some(Load::Ready(lookup)) => Some(lookup),
            _ => None,
        }
    }

    /// Whether the highlighting of `kind` is switched off (tracked).
    pub fn is_hidden(self, kind: EntityKind) -> bool {
        self.hidden.with(|h| h.contains(kind))
    }

    /// Shows or hides the highlighting of `kind`, and remembers the choice.
    pub fn toggle(self, kind: EntityKind) {
        let hidden = self.store.hidden;
        hidden.update(|h| h.toggle(kind));
        write_hidden(hidden.get_untracked());
    }

    /// Highlights every kind again, and forgets the choice (a kiosk's next visitor).
    pub fn show_all(self) {
        self.store.hidden.set(KindSet::default());
        write_hidden(KindSet::default());
    }
}

impl Default for EntityState {
    fn default() -> Self {
        EntityState::new()
    }
}

/// A copy of `signal` for the current owner: it follows `signal` until the owner is cleaned
/// up, and then unsubscribes from it, so `signal` keeps nothing of the owner.
fn follow<T: Clone + Send + Sync + 'static>(signal: RwSignal<T>) -> ReadSignal<T> {
    let copy = RwSignal::new(signal.get_untracked());
    let effect = RenderEffect::new(move |_| copy.set(signal.get()));
    let subscriber = effect.to_any_subscriber();
    on_cleanup(move || {
        signal.remove_subscriber(&subscriber);
        drop(effect);
    });
    copy.read_only()
}

/// The entity state from context.
pub fn entity_state() -> EntityState {
    use_context::<EntityState>().unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A set of entity kinds, a bit each (a `BTreeSet` would add its tree code to the wasm).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindSet(u8);

impl KindSet {
    fn bit(kind: EntityKind) -> u8 {
        let i = EntityKind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
        1 << i
    }

    /// Whether `kind` is in the set.
    pub fn contains(self, kind: EntityKind) -> bool {
        self.0 & KindSet::bit(kind) != 0
    }

    /// Adds `kind`, or removes it when it is there.
    pub fn toggle(&mut self, kind: EntityKind) {
        self.0 ^= KindSet::bit(kind);
    }

    /// The kinds in the set, in [`EntityKind::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = EntityKind> {
        EntityKind::ALL
            .into_iter()
            .filter(move |&k| self.contains(k))
    }
}

fn read_hidden() -> KindSet {
    let saved = storage()
        .and_then(|s| s.get_item(HIDDEN_KINDS_KEY).ok().flatten())
        .unwrap_or_default();
    let mut hidden = KindSet::default();
    for kind in KINDS {
        if saved.split(',').any(|name| name == kind_name(kind)) {
            hidden.toggle(kind);
        }
    }
    hidden
}

fn write_hidden(hidden: KindSet) {
    let value: Vec<&str> = hidden.iter().map(kind_name).collect();
    if let Some(storage) = storage() {
        // storage can be full or disabled (private mode, kiosk policy): the choice then lasts
        // for this visit only
        let _ = storage.set_item(HIDDEN_KINDS_KEY, &value.join(","));
    }
}

/// The CSS and URL name of a kind.
pub fn kind_name(kind: EntityKind) -> &'static str {
    kind.as_str()
}

/// The human label of a kind.
pub fn kind_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "Person",
        EntityKind::Place => "Place",
        EntityKind::Organization => "Organization",
        EntityKind::Event => "Event",
        EntityKind::Date => "Date",
        EntityKind::Quantity => "Quantity",
    }
}

/// The plural label of a kind.
pub fn kind_plural(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "People",
        EntityKind::Place => "Places",
        EntityKind::Organization => "Organizations",
        EntityKind::Event => "Events",
        EntityKind::Date => "Dates",
        EntityKind::Quantity => "Quantities",
    }
}
