// A record and an authority entry with markup and script in every field: the reader shows
// them as text, creates none of their elements, and runs none of their scripts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, serveCollection, browser, watchedPage } from './harness.mjs';

let server, chrome, watched;

before(async () => {
  server = await serveCollection([path.join(ROOT, 'tests', 'fixtures', 'hostile')]);
  chrome = await browser();
  watched = await watchedPage(chrome.context, server.base);
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

// (the search box's magnifier is the reader's own, and the only svg it draws)
const INJECTED = 'img, iframe, svg:not(.searchbox__icon), script, style, b, i, u, a[href^="javascript"]';

async function assertInert(page, where) {
  // give any injected handler (onerror, onload) the chance to run
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `${where}: an injected script ran`);
  const injected = await page.$$eval(INJECTED.split(', ').map((sel) => `#app ${sel}`).join(', '), (els) => els.map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(injected, [], `${where}: elements from the corpus appeared`);
}

test('the library shows the hostile record as text', async () => {
  const { page } = watched;
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-testid="doc-card"]');
  assert.match(await page.textContent('[data-testid="doc-link"]'), /^<img src=x onerror="window.__pwned='title'"> Report on <b>Markup<\/b>$/);
  await assertInert(page, 'library');
});

test('the document, its metadata, marks, highlights and cards stay text', async () => {
  const { page } = watched;
  await page.click('[data-testid="doc-link"]');
  await page.waitForSelector('[data-testid="doc-body"]');
  const body = await page.textContent('[data-testid="doc-body"]');
  assert.ok(body.includes("<script>window.__pwned='body'</script>"), body);
  const meta = await page.textContent('[data-testid="metadata"]');
  assert.ok(meta.includes("<script>window.__pwned='citation'</script>"), meta);
  // the source "URL" is a javascript: address: shown, never a link
  assert.equal(await page.locator('[data-testid="metadata"] a[href^="javascript"]').count(), 0);
  assert.ok(meta.includes("javascript:window.__pwned='url'"));
  for (const mark of await page.locator('mark.entity').all()) {
    await mark.focus();
  }
  await assertInert(page, 'document');
});

test('the entity page and the entities index stay text', async () => {
  const { page } = watched;
  await page.goto(server.base + '/#/entity/evil-name');
  await page.waitForSelector('[data-testid="entity-page"]');
  assert.equal(await page.textContent('[data-testid="entity-name"]'), "Evil Name<script>window.__pwned='authority-name'</script>");
  assert.ok((await page.textContent('[data-testid="entity-page"]')).includes(`<img src=x onerror="window.__pwned='description'"><b>bold</b>`));
  await assertInert(page, 'entity page');
  await page.goto(server.base + '/#/entities');
  await page.waitForSelector('[data-testid="entity-row"]');
  await assertInert(page, 'entities index');
});

test('search results, facets, snippets and find stay text, and so does a query of markup', async () => {
  const { page } = watched;
  const q = '<img src=x onerror="window.__pwned=\'query\'"> markup';
  await page.goto(`${server.base}/#/search?q=${encodeURIComponent(q)}`);
  await page.waitForSelector('[data-testid="search-page"][aria-busy="false"]');
  assert.ok((await page.textContent('[data-testid="search-count"]')).includes('<img src=x'));
  await assertInert(page, 'search with a query of markup');
  await page.goto(`${server.base}/#/search?q=markup`);
  await page.waitForSelector('[data-testid="result"] mark.hit');
  assert.match(await page.textContent('[data-testid="result-link"]'), /<b>Markup<\/b>/);
  await assertInert(page, 'search results');
  await page.click('[data-testid="result-link"]');
  await page.waitForSelector('[data-testid="doc-body"]');
  await page.fill('[data-testid="find-input"]', '<script>window.__pwned="find"</script> script');
  await page.waitForSelector('mark.found');
  await assertInert(page, 'find in the record');
});

test('no console errors and no request outside the origin', () => {
  assert.deepEqual(watched.problems(), { errors: [], foreign: [] });
});
