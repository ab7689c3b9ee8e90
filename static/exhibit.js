// Starts Dossier's kiosk and embed module (src/exhibit/), which the reader adds to the page
// only when a mode is on: the wasm-bindgen glue, then its wasm, both beside this file.
import init from './dossier-exhibit.js';
init({ module_or_path: new URL('./dossier-exhibit_bg.wasm', import.meta.url) });
