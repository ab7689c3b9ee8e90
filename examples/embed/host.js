// The example host page's side of the embedding protocol (README, "Embedding"): it loads the
// reader in an iframe with ?embed, sends it commands with postMessage to the reader's origin
// only, and lists the events the reader sends back, from that origin and that frame only.
// Nothing received is ever written as HTML: the log shows text.
//
// This page's own URL says where the reader is and how it starts:
//   index.html?reader=http://127.0.0.1:8080/&start=%23/doc/113974&theme=accent:%231d4e89
// (reader: the reader's address, default http://127.0.0.1:8080/; start: its first page; theme:
// key:value pairs separated by ';', passed on to the reader's URL).

const params = new URLSearchParams(location.search);
const reader = new URL(params.get('reader') || 'http://127.0.0.1:8080/', location.href);
const READER_ORIGIN = reader.origin;

const frame = document.getElementById('reader');
const log = document.getElementById('log');
const status = document.getElementById('status');

const src = new URL(reader);
src.search = '?embed';
if (params.get('theme')) src.search += '&theme=' + encodeURIComponent(params.get('theme'));
src.hash = params.get('start') || '#/';
frame.src = src.href;

/** Sends one command to the reader (protocol version 1). */
function send(command) {
  frame.contentWindow.postMessage({ dossier: 1, ...command }, READER_ORIGIN);
}

window.addEventListener('message', (event) => {
  // only the reader in our frame, from its origin, speaking the protocol
  if (event.origin !== READER_ORIGIN || event.source !== frame.contentWindow) return;
  const data = event.data;
  if (!data || typeof data !== 'object' || data.dossier !== 1) return;
  const item = document.createElement('li');
  item.dataset.type = String(data.type);
  const { dossier, type, ...fields } = data;
  item.textContent = `${type} ${JSON.stringify(fields)}`;
  log.prepend(item);
  if (data.type === 'ready') status.textContent = `The reader is ready (${data.route}).`;
  if (data.type === 'navigated') status.textContent = `The reader shows ${data.route}.`;
  if (data.type === 'idle') status.textContent = `Nobody has touched the reader for ${data.seconds} s.`;
  if (data.type === 'error') status.textContent = `The reader refused "${data.command}": ${data.message}`;
});

/** Runs `handler(fields)` on a form's submit, with the button that submitted it as `what`. */
function onSubmit(id, handler) {
  const form = document.getElementById(id);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = Object.fromEntries(new FormData(form, event.submitter));
    handler(fields);
  });
}

onSubmit('open', ({ id, what }) => send({ type: 'open', [what]: id.trim() }));
onSubmit('search', ({ query }) => send({ type: 'search', query }));
onSubmit('highlight', ({ entity, document }) =>
  send({ type: 'highlight', entity: entity.trim(), ...(document.trim() ? { document: document.trim() } : {}) }));
onSubmit('theme', ({ key, value }) => send({ type: 'theme', theme: { [key]: value } }));
document.getElementById('reset').addEventListener('click', () => send({ type: 'reset' }));
