// Starts Dossier's search worker: the wasm-bindgen glue, then the engine's wasm (which listens
// for the page's messages and says when it does). Both files sit next to this one.
importScripts('./dossier-search.js');
wasm_bindgen({ module_or_path: './dossier-search_bg.wasm' });
