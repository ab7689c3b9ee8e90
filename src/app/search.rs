//! Search in the reader: the index opened on the first query (never on the first page), each
//! query run to the end by fetching the parts it needs, and the hits' snippets made from the
//! documents' text, which is fetched as each hit is shown.
//!
//! The engine is pure ([`crate::archive::search`]); this module only fetches what it asks for.
//! The engine runs in a Web Worker ([`crate::archive::search_worker`]), started on the first
//! query; this page fetches what it asks for (files concurrently within a step) and hands it
//! over. A document's search text is kept for the next queries (a bounded cache, so that a
//! kiosk running for months does not grow).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures_util::future::join_all;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::load::{self, FetchError, CORPUS_DIR};
use crate::archive::search::{Results, SearchDoc, Snippet};
use crate::archive::search_worker::{Envelope, Reply, Request};

/// Documents' search texts kept between queries.
const TEXT_CACHE: usize = 256;
/// Steps of a search before it is given up (each step loads at least one more file).
const MAX_STEPS: usize = 1000;
/// The search worker's script, written by the build next to the page.
const WORKER_SCRIPT: &str = "search-worker.js";

/// The running worker and what it is owed.
struct Engine {
    worker: web_sys::Worker,
    /// Resolves when the worker listens and the index is open.
    ready: js_sys::Promise,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static ENGINE: RefCell<Option<Rc<Engine>>> = const { RefCell::new(None) };
    /// Requests sent, by id: the function that resolves each one's promise with the reply.
    static PENDING: RefCell<HashMap<u64, js_sys::Function>> = RefCell::new(HashMap::new());
    static NEXT_RID: Cell<u64> = const { Cell::new(1) };
    static TEXTS: RefCell<HashMap<String, Rc<SearchDoc>>> = RefCell::new(HashMap::new());
}

fn failed_json(rid: u64, message: &str) -> String {
    serde_json::to_string(&Envelope {
        rid,
        body: Reply::Failed(message.to_string()),
    })
    .unwrap_or_default()
}

/// A promise and the function that resolves it.
fn promise() -> (js_sys::Promise, js_sys::Function) {
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |res, _| resolve = Some(res));
    (promise, resolve.expect("a promise's executor runs at once"))
}

/// Settles every pending request with `message`, and forgets the worker (the next query starts
/// a new one).
fn fail_all(message: &str) {
    let pending: Vec<(u64, js_sys::Function)> = PENDING.with_borrow_mut(|p| p.drain().collect());
    for (rid, resolve) in pending {
        let _ = resolve.call1(
            &JsValue::NULL,
            &JsValue::from_str(&failed_json(rid, message)),
        );
    }
    if let Some(engine) = ENGINE.with_borrow_mut(Option::take) {
        engine.worker.terminate();
    }
}

/// Starts the worker; its promise resolves with its first ("listening") message.
fn spawn() -> Result<Rc<Engine>, FetchError> {
    let worker = web_sys::Worker::new(WORKER_SCRIPT)
        .map_err(|_| FetchError::corpus(WORKER_SCRIPT, "the search worker could not be started"))?;
    let (listening, resolve) = promise();
    PENDING.with_borrow_mut(|p| p.insert(0, resolve));
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
            let json = ev.data().as_string().unwrap_or_default();
            let rid = crate::archive::json::from_str::<Envelope<serde::de::IgnoredAny>>(&json)
                .map(|e| e.rid)
                .unwrap_or(0);
            if let Some(resolve) = PENDING.with_borrow_mut(|p| p.remove(&rid)) {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&json));
            }
        });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
        ev.prevent_default();
        let detail = ev
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "it could not be loaded".to_string());
        fail_all(&format!("the search worker stopped: {detail}"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Ready once it listens and has the manifest (this runs after `spawn` returns).
    let ready = wasm_bindgen_futures::future_to_promise(async move {
        wasm_bindgen_futures::JsFuture::from(listening).await?;
        let url = format!("{CORPUS_DIR}/search/manifest.bin");
        let bytes = load::fetch_bytes(&url)
            .await
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        match call(Request::Open, Some(bytes)).await {
            Ok(Reply::Ok) => Ok(JsValue::NULL),
            Ok(Reply::Failed(m)) => Err(JsValue::from_str(&format!("{url}: {m}"))),
            Ok(_) => Err(JsValue::from_str("the search worker answered out of turn")),
            Err(e) => Err(JsValue::from_str(&e.to_string())),
        }
    });
    Ok(Rc::new(Engine {
        worker,
        ready,
        _on_message: on_message,
        _on_error: on_error,
    }))
}

/// Sends one request (with the bytes of a file, if any) and waits for its reply.
async fn call(request: Request, bytes: Option<Vec<u8>>) -> Result<Reply, FetchError> {
    let engine = ENGINE
        .with_borrow(Clone::clone)
        .ok_or_else(|| FetchError::corpus(WORKER_SCRIPT, "the search worker is not running"))?;
    let rid = NEXT_RID.with(|n| {
        let rid = n.get();
        n.set(rid + 1);
        rid
    });
    let json = serde_json::to_string(&Envelope { rid, body: request })
        .map_err(|e| FetchError::corpus(WORKER_SCRIPT, e))?;
    let (answer, resolve) = promise();
    PENDING.with_borrow_mut(|p| p.insert(rid, resolve));
    let message = js_sys::Array::of1(&JsValue::from_str(&json));
    let transfer = js_sys::Array::new();
    if let Some(bytes) = bytes {
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        transfer.push(&array.buffer());
        message.push(&array);
    }
    engine
        .worker
        .post_message_with_transfer(&message, &transfer)
        .map_err(|_| FetchError::corpus(WORKER_SCRIPT, "the search worker cannot be reached"))?;
    let reply = wasm_bindgen_futures::JsFuture::from(answer)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    crate::archive::json::from_str::<Envelope<Reply>>(&reply)
        .map(|e| e.body)
        .map_err(|e| FetchError::corpus(WORKER_SCRIPT, e))
}

/// The worker, started (and the index opened) on first use.
async fn engine() -> Result<(), FetchError> {
    let engine = match ENGINE.with_borrow(Clone::clone) {
        Some(engine) => engine,
        None => {
            let engine = spawn()?;
            ENGINE.with_borrow_mut(|e| *e = Some(engine.clone()));
            engine
        }
    };
    if let Err(e) = wasm_bindgen_futures::JsFuture::from(engine.ready.clone()).await {
        // start afresh next time (the server may be back)
        fail_all("the search index could not be opened");
        let detail = e
            .as_string()
            .unwrap_or_else(|| "it could not be loaded".into());
        return Err(FetchError::corpus(&format!("{CORPUS_DIR}/search"), detail));
    }
    Ok(())
}

/// The search text of document `id`, fetched once.
pub async fn doc_text(id: &str) -> Result<Rc<SearchDoc>, FetchError> {
    if let Some(doc) = TEXTS.with_borrow(|t| t.get(id).cloned()) {
        return Ok(doc);
    }
    let file = load::fetch_document(id).await?;
    let doc = Rc::new(SearchDoc::from_document(&file.document, |_| None));
    TEXTS.with_borrow_mut(|t| {
        if t.len() >= TEXT_CACHE {
            t.clear();
        }
        t.insert(id.to_string(), doc.clone());
    });
    Ok(doc)
}

/// Runs `query` to the end: the best `limit` hits with facets over all matches, with the
/// entity facets or without (they need the largest file of the index: the page shows its
/// results first and asks for them next).
pub async fn search(query: &str, limit: usize, entities: bool) -> Result<Results, FetchError> {
    engine().await?;
    let failed = |m: String| FetchError::corpus(&format!("{CORPUS_DIR}/search"), m);
    for _ in 0..MAX_STEPS {
        let request = Request::Search {
            query: query.to_string(),
            limit,
            entities,
        };
        match call(request, None).await? {
            Reply::Done(results) => return Ok(*results),
            Reply::NeedFiles(files) => {
                let urls: Vec<String> = files
                    .iter()
                    .map(|(_, name)| format!("{CORPUS_DIR}/search/{name}"))
                    .collect();
                let fetched = join_all(urls.iter().map(|url| load::fetch_bytes(url))).await;
                for ((id, _), bytes) in files.into_iter().zip(fetched) {
                    match call(Request::AddFile { id }, Some(bytes?)).await? {
                        Reply::Failed(m) => return Err(failed(m)),
                        _ => continue,
                    }
                }
            }
            Reply::NeedDocs(docs) => {
                let texts = join_all(docs.iter().map(|(_, id)| doc_text(id))).await;
                for ((doc, _), text) in docs.into_iter().zip(texts) {
                    let text = SearchDoc::clone(&*text?);
                    if let Reply::Failed(m) = call(Request::AddDoc { doc, text }, None).await? {
                        return Err(failed(m));
                    }
                }
            }
            Reply::Failed(m) => return Err(failed(m)),
            Reply::Ok => return Err(failed("the search worker answered out of turn".into())),
        }
    }
    Err(failed("the search did not finish".into()))
}

/// A hit's snippet, and the matched words its document holds (what to find when it is
/// opened).
pub async fn snippet(
    id: &str,
    highlighter: &crate::archive::search::Highlighter,
) -> Result<(Snippet, Vec<String>), FetchError> {
    let doc = doc_text(id).await?;
    let found =
        crate::archive::find::terms_in(highlighter.terms(), &[&doc.title, &doc.summary, &doc.body]);
    Ok((highlighter.best(&doc), found))
}
