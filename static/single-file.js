// Dossier in one file (`dossier build … --single-file`): the page carries the build's files as
// data blocks, script elements that do not run, their path in `data-f` and their type
// application/json (the text) or application/octet-stream (base64); this script serves them, as
// the served build's service worker serves its cache. Opened from disk, the browser fetches
// no other file and starts no worker from one, so:
// - a fetch of a file of the build (the app's wasm, `corpus/…`) gets the inlined file, and a
//   file the build does not have gets a 404, as from a static server;
// - the search worker (`search-worker.js`) starts from a Blob holding its glue and its wasm.
// The reader itself does not know the difference.
(() => {
  const base = new URL('./', location.href).href;
  let files = null;
  const file = (path) => {
    if (files === null) {
      files = new Map();
      for (const el of document.querySelectorAll('script[data-f]')) files.set(el.dataset.f, el);
    }
    return files.get(path);
  };
  // The path of `url` in the build (no query, no fragment), or null when it lies outside.
  const pathOf = (url) => {
    const u = new URL(url, location.href);
    u.search = '';
    u.hash = '';
    return u.href.startsWith(base) ? decodeURIComponent(u.href.slice(base.length)) : null;
  };
  const binary = (el) => el.type === 'application/octet-stream';
  const bytes = (el) => Uint8Array.from(atob(el.textContent), (c) => c.charCodeAt(0));
  const TYPES = { json: 'application/json', wasm: 'application/wasm', js: 'text/javascript' };

  const fetchFromNetwork = window.fetch;
  window.fetch = (input, init) => {
    const request = new Request(input, init);
    const path = request.method === 'GET' ? pathOf(request.url) : null;
    if (path === null) return fetchFromNetwork.call(window, request);
    const el = file(path);
    if (!el) return Promise.resolve(new Response(`${path}: not found`, { status: 404, statusText: 'Not Found' }));
    const type = TYPES[path.slice(path.lastIndexOf('.') + 1)] || 'application/octet-stream';
    return Promise.resolve(new Response(binary(el) ? bytes(el) : el.textContent, { headers: { 'Content-Type': type } }));
  };

  const WORKER = 'search-worker.js';
  const PlainWorker = window.Worker;
  let workerUrl = null;
  const workerScript = () => {
    const glue = file('dossier-search.js');
    const wasm = file('dossier-search_bg.wasm');
    if (!glue || !wasm) throw new Error('this file carries no search worker');
    // The served starter (search-worker.js) loads the glue, then the wasm next to it; here
    // both travel in the Blob (the wasm as base64).
    return URL.createObjectURL(new Blob([
      bytes(glue),
      `;\nwasm_bindgen({ module_or_path: Uint8Array.from(atob(${JSON.stringify(wasm.textContent)}), (c) => c.charCodeAt(0)) });\n`,
    ], { type: 'text/javascript' }));
  };
  window.Worker = class extends PlainWorker {
    constructor(url, options) {
      if (pathOf(url) === WORKER) url = workerUrl ??= workerScript();
      super(url, options);
    }
  };
})();
