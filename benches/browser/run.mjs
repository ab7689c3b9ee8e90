// Runs the in-browser search benchmark: serves the page, the engines and a built corpus on
// 127.0.0.1 (cross-origin isolated, for 5 µs timers), drives headless Chromium through
// page.mjs, prints the tables (markdown) and writes them as JSON.
//
//   node run.mjs <corpus-dir> <wasm-bindgen-out-dir> <results.json>
//
// scripts/bench-browser prepares all three and runs this.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const [corpusDir, pkgDir, resultsPath] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!corpusDir || !pkgDir || !resultsPath) {
  console.error('usage: node run.mjs <corpus-dir> <wasm-bindgen-out-dir> <results.json>');
  process.exit(2);
}
const PER_KIND = Number(process.env.DOSSIER_BENCH_PER_KIND || 20);
const PROFILE = process.env.DOSSIER_BENCH_PROFILE || 'wasm-search';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
  // room for the peers' indexes, a gc() to call between measurements, exact heap sizes
  '--js-flags=--expose-gc --max-old-space-size=8192', '--enable-precise-memory-info'];

const LIB = {
  'minisearch.js': path.join(here, 'node_modules/minisearch/dist/es/index.js'),
  'flexsearch.js': path.join(here, 'node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs'),
};
const TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript',
  '.json': 'application/json', '.wasm': 'application/wasm', '.bin': 'application/octet-stream' };
const gzipLen = (bytes) => zlib.gzipSync(bytes).length;
const gzipped = new Map();

/** The file a URL path names, or null. */
function resolve(urlPath) {
  const p = decodeURIComponent(urlPath);
  if (p === '/') return path.join(here, 'index.html');
  if (p === '/page.mjs') return path.join(here, 'page.mjs');
  const inside = (root, rest) => {
    const f = path.resolve(root, `.${rest}`);
    return f.startsWith(root + path.sep) ? f : null;
  };
  if (p.startsWith('/lib/')) return LIB[p.slice(5)] || null;
  if (p.startsWith('/pkg/')) return inside(pkgDir, p.slice(4));
  if (p.startsWith('/corpus/')) return inside(corpusDir, p.slice(7));
  return null;
}

/** Serves the page, engines and corpus; each response says its gzip size in x-gzip-bytes. */
function serve() {
  const server = http.createServer((req, res) => {
    const file = resolve(new URL(req.url, 'http://x').pathname);
    let body;
    try {
      body = file && fs.readFileSync(file);
    } catch {
      body = null;
    }
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    };
    if (!body) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'x-gzip-bytes': String(gzipped.get(file) ?? gzipped.set(file, gzipLen(body)).get(file)),
    }).end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

async function main() {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const errors = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.bench);
    const step = async (name, arg) => {
      const t = Date.now();
      log(`${name}…`);
      const out = await page.evaluate(([n, a]) => window.bench[n](a), [name, arg]);
      log(`${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      return out;
    };
    const corpus = await step('prepare', PER_KIND);
    log(`${corpus.docs} documents, ${(corpus.textBytes / 1e6).toFixed(1)} MB of text, queries`, corpus.queries);
    if (!corpus.isolated) log('warning: the page is not cross-origin isolated; timers are coarse (100 µs)');
    const engines = {
      Dossier: await step('dossier'),
      MiniSearch: await step('minisearch'),
      FlexSearch: await step('flexsearch'),
    };
    const wasm = fs.readdirSync(pkgDir).filter((f) => /\.(wasm|js)$/.test(f));
    const code = {
      Dossier: wasm.reduce((n, f) => n + gzipLen(fs.readFileSync(path.join(pkgDir, f))), 0),
      MiniSearch: gzipLen(fs.readFileSync(LIB['minisearch.js'])),
      FlexSearch: gzipLen(fs.readFileSync(LIB['flexsearch.js'])),
    };
    const results = { corpus, engines, code, profile: PROFILE, browser: browser.version(), errors };
    fs.mkdirSync(path.dirname(resultsPath), { recursive: true });
    fs.writeFileSync(resultsPath, `${JSON.stringify(results, null, 1)}\n`);
    console.log(report(results));
    log(`results written to ${path.relative(process.cwd(), resultsPath)}`);
    if (errors.length) {
      log('errors in the page:', errors);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    server.close();
  }
}

// ---- the report

const KINDS = ['word', 'two words', 'prefix', 'phrase', 'misspelling', 'diacritics'];
const TARGETS = { p95: 5, max: 50, gzip: 0.12, firstKB: 200 };
const f = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
const kb = (b) => b / 1000;
const table = (head, rows) => [
  `| ${head.join(' | ')} |`,
  `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');

/** What Dossier's search loop fetched on an empty cache, over all queries / per kind. */
function coldStats(cold, kinds = Object.keys(cold)) {
  const cs = kinds.flatMap((k) => cold[k] || []);
  const mean = (g) => cs.reduce((n, c) => n + g(c), 0) / cs.length;
  return {
    n: cs.length,
    meanBytes: mean((c) => c.bytes),
    maxBytes: Math.max(...cs.map((c) => c.bytes)),
    worst: cs.reduce((a, c) => (c.bytes > a.bytes ? c : a), cs[0]),
    textBytes: mean((c) => c.textBytes),
    files: mean((c) => c.files),
    docs: mean((c) => c.docs),
    trips: mean((c) => c.trips),
  };
}

function report({ corpus, engines, code, profile, browser }) {
  const text = corpus.textBytes;
  const names = Object.keys(engines);
  const row = {};
  for (const name of names) {
    const e = engines[name];
    const first = name === 'Dossier' ? coldStats(e.cold) : { maxBytes: e.firstResult, meanBytes: e.firstResult };
    const mem = name === 'Dossier' ? e.memory.wasm + Math.max(0, e.memory.jsHeap) : e.memory.jsHeap;
    const memAfter = name === 'Dossier'
      ? e.memory.wasmAfterQueries + Math.max(0, e.memory.jsHeapAfterQueries) : e.memory.jsHeapAfterQueries;
    row[name] = {
      build: e.buildMs / 1000, raw: e.raw / text, gzip: e.gzip / text,
      firstMax: kb(first.maxBytes), firstMean: kb(first.meanBytes),
      p50: e.latency.all.p50, p95: e.latency.all.p95, max: e.latency.all.max,
      mem: mem / 1e6, memAfter: memAfter / 1e6, found: e.misspellings.found, of: e.misspellings.of,
      control: e.misspellings.control, code: kb(code[name]),
    };
  }
  const cells = (r) => [f(r.build, 2), f(r.raw, 3), f(r.gzip, 4), `${f(r.firstMax, 1)} / ${f(r.firstMean, 1)}`,
    `${f(r.p50)} / ${f(r.p95)} / ${f(r.max, 1)}`, `${f(r.mem, 1)} / ${f(r.memAfter, 1)}`,
    `${r.found}/${r.of} (${r.control})`, f(r.code, 1)];
  const ratio = (a, b) => {
    const x = (k) => a[k] / b[k];
    return [`${f(x('build'))}×`, `${f(x('raw'))}×`, `${f(x('gzip'))}×`, `${f(x('firstMax'), 3)}× / ${f(x('firstMean'), 3)}×`,
      `${f(x('p50'))}× / ${f(x('p95'))}× / ${f(x('max'))}×`, `${f(x('mem'))}× / ${f(x('memAfter'))}×`, `${a.found - b.found >= 0 ? '+' : ''}${a.found - b.found}`,
      `${f(x('code'))}×`];
  };
  const head = ['engine', 'build (s)', 'index raw (B/B of text)', 'index gzip (B/B of text)',
    'before 1st result, empty cache (KB gzip, max / mean)', 'latency p50 / p95 / max (ms, all queries)',
    'memory (MB, loaded / after the queries)', 'misspellings found in the top 10 (spelled right)', 'engine code (KB gzip)'];
  const rows = names.map((n) => [n, ...cells(row[n])]);
  for (const peer of names.filter((n) => n !== 'Dossier')) rows.push([`Dossier / ${peer}`, ...ratio(row.Dossier, row[peer])]);
  const out = [];
  out.push(`## Search in headless Chromium: ${corpus.docs} documents, ${f(text / 1e6, 1)} MB of text, ` +
    `${Object.values(corpus.queries).reduce((a, b) => a + b, 0)} queries (Chromium ${browser}, Dossier's wasm: ${profile})`);
  out.push('');
  out.push(table(head, rows));
  out.push('');
  const lat = (e, k) => (e.latency[k] ? `${f(e.latency[k].p50)} / ${f(e.latency[k].p95)} / ${f(e.latency[k].max, 1)}` : '–');
  out.push(table(['kind (p50 / p95 / max ms)', 'queries', ...names, ...names.filter((n) => n !== 'Dossier').map((n) => `p95 Dossier / ${n}`)],
    [...KINDS, 'all'].map((k) => [k, String(corpus.queries[k] ?? Object.values(corpus.queries).reduce((a, b) => a + b, 0)),
      ...names.map((n) => lat(engines[n], k)),
      ...names.filter((n) => n !== 'Dossier').map((n) => `${f(engines.Dossier.latency[k]?.p95 / engines[n].latency[k]?.p95)}×`)])));
  out.push('');
  const cold = engines.Dossier.cold;
  out.push(table(['Dossier, empty cache, to the first page', 'index files', 'KB gzip (mean)', 'KB gzip (max)',
    'documents', 'of which documents\' text (KB, mean)', 'round trips'],
  [...KINDS, 'all'].map((k) => {
    const s = coldStats(cold, k === 'all' ? undefined : [k]);
    return [k, f(s.files, 1), f(kb(s.meanBytes), 1), f(kb(s.maxBytes), 1), f(s.docs, 1), f(kb(s.textBytes), 1), f(s.trips, 1)];
  })));
  const d = row.Dossier;
  const worst = coldStats(cold).worst;
  const ok = (b) => (b ? 'met' : '**missed**');
  out.push('');
  out.push(`Targets: p95 ≤ ${TARGETS.p95} ms: ${f(d.p95)} ms, ${ok(d.p95 <= TARGETS.p95)}; ` +
    `max ≤ ${TARGETS.max} ms: ${f(d.max, 1)} ms, ${ok(d.max <= TARGETS.max)}; ` +
    `index ≤ ${TARGETS.gzip} gzip B/B: ${f(d.gzip, 4)}, ${ok(d.gzip <= TARGETS.gzip)}; ` +
    `≤ ${TARGETS.firstKB} KB before the first result: ${f(d.firstMax, 1)} KB (worst: ${JSON.stringify(worst.q)}), ` +
    `${ok(d.firstMax <= TARGETS.firstKB)}; every misspelling found: ${d.found}/${d.of}, ${ok(d.found === d.of)}.`);
  const e = engines.Dossier;
  out.push(`Dossier's index built in the browser: ${f(e.builtRaw / 1e6, 3)} MB raw, ` +
    `${e.sameAsServed ? 'byte for byte the one the compiler wrote' : `the compiler's ${f(e.raw / 1e6, 3)} MB (not byte for byte)`}; ` +
    `index files ${e.files}; memory: wasm ${f(e.memory.wasm / 1e6, 1)} MB (${f(e.memory.wasmBefore / 1e6, 1)} MB before opening the index, ` +
    `${f(e.memory.wasmAfterQueries / 1e6, 1)} MB after the queries), JS heap ${f(e.memory.jsHeap / 1e6, 1)} MB.`);
  out.push(`Dossier's memory grew most on: ${e.memoryGrowth.map((g) => `${JSON.stringify(g.q)} +${f(g.bytes / 1e6, 1)} MB`).join(', ')}.`);
  const slow = [...e.queries].sort((a, b) => b.max - a.max).slice(0, 5);
  out.push(`Dossier's slowest queries (max ms): ${slow.map((x) => `${JSON.stringify(x.q)} ${f(x.max, 1)}`).join(', ')}.`);
  for (const n of names) {
    const missed = engines[n].misspellings.missed;
    if (missed.length) out.push(`${n} missed: ${missed.slice(0, 8).map((q) => JSON.stringify(q)).join(', ')}${missed.length > 8 ? ', …' : ''}`);
  }
  return out.join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
