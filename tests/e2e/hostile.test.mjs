// A record and an authority entry with markup and script in every field: the reader shows
// them as text, creates none of their elements, and runs none of their scripts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
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

// The hostile catalogue (tests/fixtures/hostile-catalogue/, with the small cases tests/hostile.rs
// generates: control characters, mixed line endings, right-to-left and zero-width characters,
// thousands of brackets) compiled into one collection, with a configuration that features its
// record and entity in kiosk mode's attract loop: every page, the attract loop among them, shows
// it as text. Its scripts call alert(), which is made to leave a mark.
const CATALOGUE = path.join(ROOT, 'tests', 'fixtures', 'hostile-catalogue');

function catalogueRecords() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-hostile-'));
  for (const f of ['markup.txt', 'authority.toml']) fs.copyFileSync(path.join(CATALOGUE, f), path.join(dir, f));
  const record = (title, body, eol = '\n') =>
    ['June 2, 1967', '', title, '', 'Summary:', '', `A summary of ${title}.`, '', body, ''].join(eol);
  fs.writeFileSync(path.join(dir, 'controls.txt'), record('Controls', 'Before\u0000NUL \u0007BEL \u001b[31mESC \u007fDEL \u0085NEL \u000cFF after.'));
  fs.writeFileSync(path.join(dir, 'rtl.txt'), record('Right to left', 'Text \u202eevil\u202c and \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 with zero\u200bwidth\u200d joiners\ufeff.'));
  fs.writeFileSync(path.join(dir, 'brackets.txt'), record('Brackets', '['.repeat(2000) + 'deep' + ']'.repeat(1000) + ' (('.repeat(500) + ' end'));
  fs.writeFileSync(path.join(dir, 'endings.txt'), record('Line endings', 'First line\r\nsecond line\rthird line', '\r\n'));
  fs.writeFileSync(path.join(dir, 'dossier.toml'), '[kiosk]\nfeatured_documents = ["markup"]\nfeatured_entities = ["evil-name"]\nslide_seconds = 2\n');
  return dir;
}

test('a collection built from the hostile catalogue shows as text everywhere, kiosk attract loop included', async () => {
  const records = catalogueRecords();
  const site = await serveCollection([records]);
  const { context, close } = await browser();
  try {
    await context.addInitScript(() => {
      for (const name of ['alert', 'confirm', 'prompt']) window[name] = (m) => { window.__pwned = `${name}(${m})`; };
    });
    const { page, problems } = await watchedPage(context, site.base);
    await page.goto(site.base + '/');
    await page.waitForSelector('[data-testid="doc-card"]');
    assert.equal(await page.locator('[data-testid="doc-card"]').count(), 5);
    await assertInert(page, 'catalogue: library');
    for (const id of ['markup', 'controls', 'rtl', 'brackets', 'endings']) {
      await page.goto(`${site.base}/#/doc/${id}`);
      await page.waitForSelector('[data-testid="doc-body"]');
      await assertInert(page, `catalogue: record ${id}`);
    }
    assert.ok((await page.textContent('[data-testid="doc-body"]')).includes('third line'));
    await page.goto(`${site.base}/#/doc/markup`);
    await page.waitForSelector('[data-testid="doc-body"]');
    assert.ok((await page.textContent('[data-testid="doc-body"]')).includes('<script>'));
    await page.goto(site.base + '/#/entity/evil-name');
    await page.waitForSelector('[data-testid="entity-page"]');
    await assertInert(page, 'catalogue: entity page');
    await page.goto(`${site.base}/#/search?q=${encodeURIComponent('script alert')}`);
    await page.waitForSelector('[data-testid="search-page"][aria-busy="false"]');
    await page.waitForSelector('[data-testid="result"]');
    await assertInert(page, 'catalogue: search');

    // kiosk mode: the attract loop shows the featured record's and entity's markup as text
    await page.goto(site.base + '/?kiosk#/');
    await page.waitForSelector('[data-testid="kiosk-attract"] [data-testid="kiosk-slide"]');
    const seen = new Set();
    for (let i = 0; i < 10 && seen.size < 2; i++) {
      seen.add(await page.textContent('[data-testid="kiosk-slide"]'));
      await page.waitForTimeout(500);
    }
    const slides = [...seen].join('\n');
    assert.match(slides, /<script>alert\('title'\)<\/script> Report on <img src=x/, slides);
    assert.ok(slides.includes('Evil Name'), slides);
    const injected = await page.$$eval('[data-testid="kiosk-attract"] :is(img, iframe, script, style, b, i, u, svg, a[href^="javascript"])',
      (els) => els.map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(injected, [], 'elements from the corpus appeared in the attract loop');
    await assertInert(page, 'catalogue: kiosk attract loop');
    assert.deepEqual(problems(), { errors: [], foreign: [] });
  } finally {
    await close();
    site.stop();
    fs.rmSync(records, { recursive: true, force: true });
  }
});
