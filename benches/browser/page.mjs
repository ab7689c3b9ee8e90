// The in-browser search benchmark's page: loads a built corpus, then builds and queries
// Dossier's engine (wasm), MiniSearch and FlexSearch on the same documents with the same
// queries. run.mjs drives it step by step (window.bench.*) and prints the tables.
import MiniSearch from '/lib/minisearch.js';
import { Document, Charset } from '/lib/flexsearch.js';

const PAGE = 20;
const RUNS = 15;
const MISSPELLING_RUNS = 5;
const TOP = 10;

const state = { docs: [], queries: [], textBytes: 0 };

const gc = async () => {
  for (let i = 0; i < 3; i++) {
    window.gc();
    await new Promise((r) => setTimeout(r, 0));
  }
};
const heap = () => performance.memory.usedJSHeapSize;

/**
 * Counts the raw and gzip bytes (CompressionStream, zlib's default level) of what is written
 * to it: `write(chunk)` (string or bytes), then `close()` resolves to `{ raw, gzip }`.
 */
function counter() {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reading = (async () => {
    let n = 0;
    const reader = stream.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return n;
      n += value.byteLength;
    }
  })();
  const enc = new TextEncoder();
  let raw = 0;
  return {
    async write(chunk) {
      const bytes = typeof chunk === 'string' ? enc.encode(chunk) : chunk;
      raw += bytes.byteLength;
      await writer.write(bytes);
    },
    async close() {
      await writer.close();
      return { raw, gzip: await reading };
    },
  };
}

/** Raw and gzip bytes of a sequence of chunks compressed as one file. */
async function sizes(chunks) {
  const c = counter();
  for (const chunk of chunks) await c.write(chunk);
  return c.close();
}

/** JSON.stringify(value) in pieces, for values too large for one string. */
function* jsonPieces(value, depth = 0) {
  if (depth < 2 && Array.isArray(value) && value.length > 64) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i) yield ',';
      yield* jsonPieces(value[i], depth + 1);
    }
    yield ']';
  } else if (depth < 2 && value && typeof value === 'object' && !Array.isArray(value)) {
    yield '{';
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      yield `${first ? '' : ','}${JSON.stringify(k)}:`;
      first = false;
      yield* jsonPieces(v, depth + 1);
    }
    yield '}';
  } else {
    yield JSON.stringify(value);
  }
}

/** Joins small pieces into chunks of about 1 MB. */
function* batched(pieces) {
  let buf = [];
  let len = 0;
  for (const p of pieces) {
    buf.push(p);
    len += p.length;
    if (len > 1 << 20) {
      yield buf.join('');
      buf = [];
      len = 0;
    }
  }
  if (buf.length) yield buf.join('');
}

async function fetchOk(url, init) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

/** Runs `f` over `items` with at most `width` at a time; results in order. */
async function pool(items, width, f) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i], i);
    }
  }));
  return out;
}

function pct(sorted, p) {
  const i = Math.round((sorted.length - 1) * p);
  return sorted[Math.min(i, sorted.length - 1)];
}

/** p50/p95/max per kind of query, and over all, in ms. */
function latency(times) {
  const out = {};
  const all = [];
  for (const [kind, ts] of Object.entries(times)) {
    ts.sort((a, b) => a - b);
    all.push(...ts);
    out[kind] = { p50: pct(ts, 0.5), p95: pct(ts, 0.95), max: ts[ts.length - 1], n: ts.length };
  }
  all.sort((a, b) => a - b);
  out.all = { p50: pct(all, 0.5), p95: pct(all, 0.95), max: all[all.length - 1], n: all.length };
  return out;
}

/**
 * Times `search(q)` (which returns ids, best first) on every query: a first pass runs each
 * query once, untimed (`prepare(q)` first: Dossier fetches what it asks for), and decides
 * whether each misspelling found its document; then each query is timed RUNS times
 * (MISSPELLING_RUNS for the misspelled titles), so that every engine is measured warm.
 */
async function measure(search, prepare = async () => {}, memory = () => 0) {
  let found = 0;
  let control = 0;
  let targets = 0;
  const missed = [];
  const grew = [];
  for (const { q, target, right } of state.queries) {
    const before = memory();
    await prepare(q);
    const hits = search(q);
    grew.push({ q, bytes: memory() - before });
    if (target !== null) {
      targets++;
      if (hits.slice(0, TOP).includes(target)) found++;
      else missed.push(q);
      await prepare(right);
      if (search(right).slice(0, TOP).includes(target)) control++;
    }
  }
  grew.sort((a, b) => b.bytes - a.bytes);
  const times = {};
  const queries = [];
  for (const { kind, q, target } of state.queries) {
    const runs = target === null ? RUNS : MISSPELLING_RUNS;
    const ts = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      search(q);
      ts.push(performance.now() - t);
    }
    (times[kind] ||= []).push(...ts);
    ts.sort((a, b) => a - b);
    queries.push({ kind, q, p50: pct(ts, 0.5), max: ts[ts.length - 1] });
  }
  return {
    latency: latency(times), misspellings: { found, of: targets, control, missed }, queries,
    memoryGrowth: grew.slice(0, 5).filter((g) => g.bytes > 0),
  };
}

/** Loads the corpus: the documents in the index's order, their fields, the queries. */
async function prepare(perKind) {
  const builder = await import('/pkg/bench-engine.js?builder');
  const searcher = await import('/pkg/bench-engine.js?searcher');
  state.builder = builder;
  state.builderWasm = await builder.default();
  state.searcher = searcher;
  state.searcherWasm = await searcher.default();
  const head = await (await fetchOk('/corpus/catalog.json')).json();
  const pages = await pool(Array.from({ length: head.pages }, (_, i) => i + 1), 8,
    async (p) => (await fetchOk(`/corpus/catalog/date-${p}.json`)).json());
  const ids = pages.flatMap((p) => p.entries.map((e) => e.id));
  state.corpus = new builder.Corpus(await (await fetchOk('/corpus/entities.json')).text());
  const texts = [];
  const CHUNK = 256;
  for (let i = 0; i < ids.length; i += CHUNK) {
    texts.push(...await pool(ids.slice(i, i + CHUNK), 16,
      async (id) => (await fetchOk(`/corpus/docs/${id}.json`)).text()));
    while (texts.length) {
      const [id, title, summary, body, names, date] = state.corpus.add(texts.shift());
      // The peers index the entity names and the printed date together, as Dossier does.
      state.docs.push({ n: state.docs.length, id, title, summary, body, names: `${names}\n${date}`, date });
    }
  }
  state.textBytes = state.corpus.text_bytes();
  state.queries = JSON.parse(state.corpus.queries(perKind));
  const kinds = {};
  for (const q of state.queries) kinds[q.kind] = (kinds[q.kind] || 0) + 1;
  return { docs: state.docs.length, textBytes: state.textBytes, queries: kinds, isolated: crossOriginIsolated };
}

/**
 * Fetches a corpus file with an empty cache, counting its gzip size (told by the server): all
 * of it in `bytes`, the documents' text (and the entity names it needs) also in `textBytes`.
 */
async function coldFetch(url, count) {
  const res = await fetchOk(url, { cache: 'no-store' });
  const n = Number(res.headers.get('x-gzip-bytes'));
  count.bytes += n;
  if (!url.includes('/search/')) count.textBytes += n;
  count.requests++;
  return res;
}

/** Runs the reader's search loop on `engine`, fetching what each step asks for. */
async function loop(engine, q, count, fetcher) {
  for (;;) {
    const step = engine.step(q);
    const what = step[0];
    if (what === 'hits') return step.slice(1);
    count.trips++;
    if (what === 'files') {
      const ids = step.slice(1);
      const bytes = await Promise.all(ids.map(async (id) =>
        new Uint8Array(await (await fetcher(`/corpus/search/${engine.file_name(id)}`)).arrayBuffer())));
      ids.forEach((id, i) => engine.add_file(id, bytes[i]));
      count.files += ids.length;
    } else {
      if (!engine.has_entities()) engine.set_entities(await (await fetcher('/corpus/entities.json')).text());
      const pairs = [];
      for (let i = 1; i < step.length; i += 2) pairs.push([step[i], step[i + 1]]);
      const texts = await Promise.all(pairs.map(async ([, id]) => (await fetcher(`/corpus/docs/${id}.json`)).text()));
      pairs.forEach(([n], i) => engine.add_doc(n, texts[i]));
      count.docs += pairs.length;
    }
  }
}

async function dossier() {
  const { corpus, searcher, searcherWasm } = state;
  const t = performance.now();
  corpus.build();
  const buildMs = performance.now() - t;
  let built = corpus.manifest().length;
  for (let i = 0; i < corpus.file_count(); i++) built += corpus.file(i).length;
  const builtManifest = corpus.manifest();
  corpus.clear();

  // Warm: every file the compiler wrote loaded, as a reader that has fetched everything;
  // then the latencies.
  await gc();
  const heap0 = heap();
  const wasm0 = searcherWasm.memory.buffer.byteLength;
  const manifest = new Uint8Array(await (await fetchOk('/corpus/search/manifest.bin')).arrayBuffer());
  const warm = new searcher.Engine(manifest);
  const files = new Array(warm.file_count());
  await pool(Array.from({ length: warm.file_count() }, (_, i) => i), 16, async (id) => {
    files[id] = new Uint8Array(await (await fetchOk(`/corpus/search/${warm.file_name(id)}`)).arrayBuffer());
    warm.add_file(id, files[id]);
  });
  // Sizes of what the compiler wrote, each file compressed on its own, as it is transferred.
  let raw = manifest.length;
  let gzip = (await sizes([manifest])).gzip;
  for (const f of files) {
    raw += f.length;
    gzip += (await sizes([f])).gzip;
  }
  const same = builtManifest.length === manifest.length && builtManifest.every((b, i) => b === manifest[i]);
  const fileCount = files.length + 1;
  files.length = 0;
  await gc();
  const memory = { wasm: searcherWasm.memory.buffer.byteLength, wasmBefore: wasm0, jsHeap: heap() - heap0 };
  const count = { bytes: 0, textBytes: 0, requests: 0, files: 0, docs: 0, trips: 0 };
  const plain = (url) => fetchOk(url);
  const timed = await measure((q) => warm.search(q), (q) => loop(warm, q, count, plain),
    () => searcherWasm.memory.buffer.byteLength);
  memory.wasmAfterQueries = searcherWasm.memory.buffer.byteLength;
  await gc();
  memory.jsHeapAfterQueries = heap() - heap0;
  warm.free();

  // Cold: a fresh engine and an empty cache per query, counting what it transfers.
  const cold = {};
  for (const { kind, q } of state.queries) {
    const c = { bytes: 0, textBytes: 0, requests: 0, files: 0, docs: 0, trips: 1 };
    const fetcher = (url) => coldFetch(url, c);
    const m = new Uint8Array(await (await fetcher('/corpus/search/manifest.bin')).arrayBuffer());
    const engine = new searcher.Engine(m);
    await loop(engine, q, c, fetcher);
    engine.free();
    (cold[kind] ||= []).push({ q, ...c });
  }
  return {
    buildMs, raw, gzip, builtRaw: built, files: fileCount, sameAsServed: same, memory,
    ...timed, cold,
  };
}

/** Folds a term the way Dossier does for Latin letters: lowercase, diacritics dropped. */
const SPECIAL = { ł: 'l', ı: 'i', ø: 'o', đ: 'd', ħ: 'h', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th' };
const fold = (term) => term.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
  .replace(/[łıøđħßæœþ]/g, (c) => SPECIAL[c]);

/** A query for the peers: words without quotes; a phrase needs all its words. */
function peerQuery(q) {
  const phrase = q.startsWith('"');
  return { text: q.replaceAll('"', ''), phrase };
}

/**
 * Builds a peer's index from the documents (timed; JS heap growth measured after a GC), sizes
 * its serialized form (`serialize(index)` resolves to `{ raw, gzip }`) and times its searches
 * (`search(index, { text, phrase })` returns document numbers, best first).
 */
async function peer(build, serialize, search) {
  await gc();
  const heap0 = heap();
  const t = performance.now();
  let index = build(state.docs);
  const buildMs = performance.now() - t;
  await gc();
  const memory = { jsHeap: heap() - heap0 };
  const size = await serialize(index);
  const timed = await measure((q) => search(index, peerQuery(q)).map((n) => state.docs[n].id));
  await gc();
  memory.jsHeapAfterQueries = heap() - heap0;
  index = null;
  await gc();
  return { buildMs, raw: size.raw, gzip: size.gzip, firstResult: size.gzip, memory, ...timed };
}

/** MiniSearch with prefix and fuzzy search on, fields boosted like Dossier's. */
const minisearch = () => peer(
  (docs) => {
    const ms = new MiniSearch({
      fields: ['title', 'summary', 'body', 'names'],
      storeFields: ['title', 'date'],
      idField: 'n',
      processTerm: (term) => fold(term),
      searchOptions: { boost: { title: 4, summary: 2, names: 2.5 }, prefix: true, fuzzy: 0.2 },
    });
    ms.addAll(docs);
    return ms;
  },
  (ms) => sizes(batched(jsonPieces(ms.toJSON()))),
  (ms, { text, phrase }) => ms.search(text, phrase ? { combineWith: 'AND' } : {}).slice(0, PAGE).map((r) => r.id),
);

/**
 * FlexSearch's Document index: forward tokenization (prefixes), the LatinBalance encoder
 * (diacritics folded, basic phonetic matching), suggestions (results when a word is not found).
 */
const flexsearch = () => peer(
  (docs) => {
    const index = new Document({
      tokenize: 'forward',
      encoder: Charset.LatinBalance,
      resolution: 9,
      document: { id: 'n', index: ['title', 'summary', 'body', 'names'], store: ['title', 'date'] },
    });
    for (const d of docs) index.add(d);
    return index;
  },
  async (index) => {
    const c = counter();
    await index.export((key, data) => c.write(data));
    return c.close();
  },
  (index, { text, phrase }) => index.search(text, { limit: PAGE, suggest: !phrase, merge: true }).map((r) => r.id),
);

window.bench = { prepare, dossier, minisearch, flexsearch };
