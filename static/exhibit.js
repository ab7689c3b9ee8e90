// Starts Dossier's kiosk and embed module (src/exhibit/), which the reader adds to the page
// only when a mode is on: the wasm-bindgen glue, then its wasm, both beside this file. Like
// Trunk's loader for the reader, it announces the started module (the soak test reads its
// memory).
import init from './dossier-exhibit.js';
const wasm = await init({ module_or_path: new URL('./dossier-exhibit_bg.wasm', import.meta.url) });
dispatchEvent(new CustomEvent('DossierExhibitStarted', { detail: { wasm } }));
