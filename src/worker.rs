//! The reader's search worker (a Web Worker with its own wasm, loaded on the first query): moves
//! messages between the page and [`Worker`], which holds the index. See
//! [`dossier::archive::search_worker`] for the protocol.

use std::cell::RefCell;

use dossier::archive::search_worker::{Envelope, Reply, Request, Worker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn post(scope: &DedicatedWorkerGlobalScope, rid: u64, body: Reply) {
    let json = serde_json::to_string(&Envelope { rid, body }).unwrap_or_else(|e| {
        format!(r#"{{"rid":{rid},"body":{{"Failed":"the reply could not be encoded: {e}"}}}}"#)
    });
    let _ = scope.post_message(&JsValue::from_str(&json));
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker = RefCell::new(Worker::new());
    let reply_to = scope.clone();
    // A message is `[request as JSON]` or `[request as JSON, bytes]`.
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = js_sys::Array::from(&ev.data());
        let json = data.get(0).as_string().unwrap_or_default();
        let bytes = data
            .get(1)
            .dyn_into::<js_sys::Uint8Array>()
            .ok()
            .map(|b| b.to_vec());
        match serde_json::from_str::<Envelope<Request>>(&json) {
            Ok(env) => {
                let reply = worker.borrow_mut().handle(env.body, bytes);
                post(&reply_to, env.rid, reply);
            }
            Err(e) => post(
                &reply_to,
                0,
                Reply::Failed(format!(
                    "the search worker got a message it does not understand: {e}"
                )),
            ),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the wasm was running were dropped: say when it listens.
    post(&scope, 0, Reply::Ok);
}
