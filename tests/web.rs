//! Component tests in headless Chromium (wasm-bindgen-test): the document view mounted with the
//! real seed record, parsed by the same parser the compiler uses.
#![cfg(target_arch = "wasm32")]

use dossier::app::{DocumentView, RichText, Route, SearchBox, Sort, DEBOUNCE_MS};
use dossier::archive::{parse_record, Mark, MarkKind, Rich};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("../seeds/000_35518670e4bcec4c.txt");

fn container() -> web_sys::HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn all(root: &web_sys::Element, sel: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn document_view_renders_every_block_of_the_seed() {
    let doc = parse_record("000_35518670e4bcec4c.txt", SEED).expect("the seed parses");
    let root = container();
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <DocumentView document=doc.clone()/> },
    );
    leptos::task::tick().await;

    let apparatus: Vec<String> = all(&root, "[data-testid=apparatus]")
        .iter()
        .map(|e| e.class_name())
        .collect();
    assert_eq!(
        apparatus,
        [
            "apparatus apparatus--handwritten",
            "apparatus apparatus--stamp",
            "apparatus apparatus--classification",
            "apparatus apparatus--reference"
        ]
    );
    let stamp = text(&all(&root, ".apparatus--stamp")[0]);
    assert!(stamp.contains("DEGREE OF SECRECY CANCELED"), "{stamp}");
    assert_eq!(
        text(&all(&root, "[data-testid=doc-heading]")[0]),
        "On some issues of Soviet-Korean relations"
    );
    assert_eq!(all(&root, ".doc-body__para").len(), 22);
    let items: Vec<String> = all(&root, "[data-testid=doc-list] li .doc-body__label")
        .iter()
        .map(text)
        .collect();
    assert_eq!(items, ["1.", "2.", "3.", "4."]);
    assert_eq!(all(&root, "[data-mark=page-break]").len(), 2);
    let note = text(&all(&root, "[data-mark=translator-note] .mark__text")[0]);
    assert_eq!(note, "(today's Nizhnyi Novgorod - translator note)");
    // no text is rendered as markup: the body holds no element the view did not create
    assert!(all(&root, "script, img, iframe, b, i").is_empty());
    root.remove();
}

#[wasm_bindgen_test]
async fn rich_text_shows_markup_as_text_and_marks_as_focusable_spans() {
    let rich = Rich {
        text: "<b>bold</b> <script>window.pwned=1</script> [illegible] end".to_string(),
        marks: vec![Mark {
            start: 44,
            end: 55,
            kind: MarkKind::Editorial {
                label: "illegible".into(),
            },
        }],
    };
    assert_eq!(&rich.text[44..55], "[illegible]");
    let root = container();
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <RichText text=rich.clone() id="t"/> },
    );
    leptos::task::tick().await;

    assert!(
        all(&root, "b, script").is_empty(),
        "markup in the text became elements"
    );
    assert!(text(&root).starts_with("<b>bold</b> <script>window.pwned=1</script> illegible"));
    let mark = &all(&root, "[data-mark=editorial]")[0];
    assert_eq!(mark.get_attribute("tabindex").as_deref(), Some("0"));
    let tip = &all(&root, "[role=tooltip]")[0];
    assert_eq!(
        mark.get_attribute("aria-describedby"),
        tip.get_attribute("id")
    );
    assert_eq!(text(tip), "Illegible in the original");
    assert!(js_sys::Reflect::get(&window(), &"pwned".into())
        .unwrap()
        .is_undefined());
    root.remove();
}

#[wasm_bindgen_test]
async fn highlighted_text_marks_every_mention_with_its_type_and_card() {
    use dossier::app::EntityState;
    use dossier::archive::{parse_authority, Recognizer};

    let report = parse_authority("authority.toml", include_str!("../seeds/authority.toml"));
    let mut doc = parse_record("000_35518670e4bcec4c.txt", SEED).expect("the seed parses");
    doc.mentions = Recognizer::new(report.authority).recognize(&doc);
    let expected = doc.mentions.len();
    let people = doc
        .mentions
        .iter()
        .filter(|m| m.kind == dossier::archive::EntityKind::Person)
        .count();
    assert!(
        expected > 100 && people > 10,
        "{expected} mentions, {people} people"
    );

    let root = container();
    let state = EntityState::new();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        // as a page reads it: following the app's state
        provide_context(state.for_page());
        view! { <DocumentView document=doc.clone()/> }
    });
    leptos::task::tick().await;

    let marks = all(&root, "mark.entity");
    assert_eq!(marks.len(), expected, "every mention is highlighted once");
    let person = all(&root, "mark.entity[data-kind=person]");
    assert_eq!(person.len(), people);
    let kim = &all(&root, "mark.entity[data-entity=kim-il-sung]")[0];
    assert_eq!(text(&all(kim, ".visually-hidden")[0]), " (person)");
    let card = &all(kim, "[data-testid=entity-card]")[0];
    assert_eq!(
        kim.get_attribute("aria-describedby"),
        all(card, ".entity-card__name")[0].get_attribute("id")
    );
    assert_eq!(kim.get_attribute("tabindex").as_deref(), Some("0"));

    // switching a kind off marks its mentions off and leaves the others alone
    state.toggle(dossier::archive::EntityKind::Person);
    leptos::task::tick().await;
    assert_eq!(all(&root, "mark.entity.entity--off").len(), people);
    state.toggle(dossier::archive::EntityKind::Person);
    leptos::task::tick().await;
    assert!(all(&root, "mark.entity.entity--off").is_empty());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_search_box_searches_as_you_type_and_slash_focuses_it() {
    let root = container();
    let route = RwSignal::new(Route::Library {
        sort: Sort::Date,
        page: 1,
    });
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <SearchBox route=route.read_only()/> },
    );
    leptos::task::tick().await;
    let input: web_sys::HtmlInputElement = all(&root, "[data-testid=search-input]")
        .remove(0)
        .unchecked_into();
    assert_eq!(input.placeholder(), "Search the records");

    // "/" anywhere but a text field focuses the box
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("/");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let slash =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document().body().unwrap().dispatch_event(&slash).unwrap();
    assert!(
        slash.default_prevented(),
        "the / is not typed into the page"
    );
    let active = document().active_element().expect("something has focus");
    assert_eq!(active.id(), "search-input");

    // typing searches after a pause: the URL becomes the search's
    window().location().set_hash("#/").unwrap();
    for partial in ["k", "kim", "kim il sung"] {
        input.set_value(partial);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    }
    assert_eq!(
        window().location().hash().unwrap(),
        "#/",
        "not before the pause"
    );
    gloo::timers::future::TimeoutFuture::new(DEBOUNCE_MS + 150).await;
    assert_eq!(
        window().location().hash().unwrap(),
        "#/search?q=kim%20il%20sung"
    );

    // a query from the URL (back/forward, a link) shows in the box when nobody types in it
    input.blur().unwrap();
    route.set(Route::Search {
        q: "year:1967 \"aid\"".into(),
        page: 1,
    });
    leptos::task::tick().await;
    assert_eq!(input.value(), "year:1967 \"aid\"");
    window().location().set_hash("").unwrap();
}
