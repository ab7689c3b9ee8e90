// What a visitor sees when things go wrong: a corpus that will not load, a corpus this reader
// cannot read, and a panic inside the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, shot } from './harness.mjs';

let server, chrome, page;

before(async () => {
  server = await serve();
  // Requests a service worker answers never reach page.route: these tests stage failures with
  // routes, so the worker (tested in offline.test.mjs) is kept out.
  chrome = await browser({ serviceWorkers: 'block' });
  page = await chrome.context.newPage();
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

test('a catalog that fails to load shows an error screen, and retry recovers', async () => {
  await page.route('**/corpus/catalog.json', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-testid="load-error"]');
  assert.match(await page.innerText('[data-testid="load-error-detail"]'), /catalog\.json could not be fetched \(HTTP 503\)/);
  await shot(page, 'error-catalog');
  await page.unroute('**/corpus/catalog.json');
  await page.click('[data-testid="retry"]');
  await page.waitForSelector('[data-testid="doc-card"]');
});

test('a corrupt catalog names the problem instead of showing a blank page', async () => {
  await page.route('**/corpus/catalog.json', (route) => route.fulfill({ status: 200, body: '{"format_version": 1, "documents": [' }));
  await page.goto(server.base + '/');
  await page.reload();
  await page.waitForSelector('[data-testid="load-error"]');
  assert.match(await page.innerText('[data-testid="load-error-detail"]'), /catalog\.json is not a readable corpus/);
  await page.unroute('**/corpus/catalog.json');
});

test('a corpus from a newer Dossier says so', async () => {
  await page.route('**/corpus/catalog.json', (route) => route.fulfill({ status: 200, body: '{"format_version": 999, "documents": []}' }));
  await page.goto(server.base + '/');
  await page.reload();
  await page.waitForSelector('[data-testid="load-error"]');
  assert.match(await page.innerText('[data-testid="load-error-detail"]'), /newer/);
  await page.unroute('**/corpus/catalog.json');
});

test('a document file that fails to load shows an error with retry', async () => {
  await page.route('**/corpus/docs/*.json', (route) => route.abort('failed'));
  await page.goto(server.base + '/#/doc/113974');
  await page.reload();
  await page.waitForSelector('[data-testid="load-error"]');
  await page.unroute('**/corpus/docs/*.json');
  await page.click('[data-testid="retry"]');
  await page.waitForSelector('[data-testid="doc-body"]');
});

// the browser logs the 404 of the unknown record's file, so this runs on the unwatched page
test('an unknown record or page says so and leads back', async () => {
  for (const hash of ['#/doc/999999999', '#/entity/no-such-entity', '#/no/such/page']) {
    await page.goto(`${server.base}/${hash}`);
    await page.waitForSelector('[data-testid="not-found"]');
  }
  await page.click('[data-testid="not-found"] a');
  await page.waitForSelector('[data-testid="doc-card"]');
});

test('a panic shows the recovery screen, whose button reloads the app', async () => {
  await page.goto(server.base + '/#/');
  await page.waitForSelector('[data-testid="doc-card"]');
  await page.goto(server.base + '/#/debug/panic');
  await page.waitForSelector('[data-testid="recovery"]');
  assert.match(await page.innerText('[data-testid="recovery"]'), /Dossier stopped unexpectedly/);
  await shot(page, 'recovery');
  await page.click('[data-testid="recovery-reload"]');
  await page.waitForSelector('[data-testid="doc-card"]');
});

// A search index the reader cannot use: the search page says why, with a retry, and the rest
// of the reader keeps working.
async function searchFails(pattern, alter, expected) {
  await page.route(pattern, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: alter(await res.body()) });
  });
  await page.goto(server.base + '/#/search?q=soviet');
  await page.reload();
  await page.waitForSelector('[data-testid="load-error"]');
  assert.match(await page.innerText('[data-testid="load-error-detail"]'), expected);
  await page.unroute(pattern);
  await page.click('[data-testid="retry"]');
  await page.waitForSelector('[data-testid="result"]');
}

test('a search index from a newer Dossier says to update the reader', async () => {
  await searchFails('**/corpus/search/manifest.bin', (b) => { const c = Buffer.from(b); c[4] = 99; return c; },
    /newer Dossier \(index format 99\).*update the reader/);
});

test('a truncated part of the search index is named as damaged', async () => {
  await searchFails('**/corpus/search/p*.bin', (b) => b.subarray(0, Math.floor(b.length / 2)),
    /search\/p\d{4}-[0-9a-f]{8}\.bin is damaged/);
});

test('a truncated record file is named, not shown blank', async () => {
  await page.route('**/corpus/docs/*.json', async (route) => {
    const res = await route.fetch();
    const body = await res.text();
    await route.fulfill({ response: res, body: body.slice(0, body.length / 2) });
  });
  await page.goto(server.base + '/#/doc/113974');
  await page.reload();
  await page.waitForSelector('[data-testid="load-error"]');
  assert.match(await page.innerText('[data-testid="load-error-detail"]'), /docs\/113974\.json is not a readable/);
  await page.unroute('**/corpus/docs/*.json');
  await page.click('[data-testid="retry"]');
  await page.waitForSelector('[data-testid="doc-body"]');
});
