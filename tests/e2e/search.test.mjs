// Search in the reader: the box on every page, results as you type with marked snippets,
// facets, "did you mean", the URL as the search's state, and find in the opened record.
// The collection is the seed plus the format-variant and recognizer fixtures (13 records).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serveCollection, browser, watchedPage, axeViolations, shot } from './harness.mjs';

let server, chrome, watched;

before(async () => {
  const fixtures = path.join(ROOT, 'tests', 'fixtures');
  server = await serveCollection([path.join(ROOT, 'seeds'), path.join(fixtures, 'variants'), path.join(fixtures, 'ner')]);
  chrome = await browser();
  watched = await watchedPage(chrome.context, server.base);
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

const results = (page) => page.$$eval('[data-testid="result-link"]', (as) => as.map((a) => a.textContent));
const count = (page) => page.textContent('[data-testid="search-count"]');
const settled = (page) => page.waitForSelector('[data-testid="search-page"][aria-busy="false"]');
const marked = (page) => page.$$eval('[data-testid="snippet"] mark.hit', (ms) => ms.map((m) => m.textContent));

async function searchFor(page, q) {
  await page.goto(`${server.base}/#/search?q=${encodeURIComponent(q)}`);
  await settled(page);
}

function clean() {
  assert.deepEqual(watched.problems(), { errors: [], foreign: [] });
}

test('the / key focuses the search box; results come as you type, marked, in one history entry', async () => {
  const { page } = watched;
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-testid="doc-card"]');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');
  await page.keyboard.type('soviet', { delay: 40 });
  await page.waitForFunction(() => location.hash === '#/search?q=soviet');
  await settled(page);
  assert.equal(await count(page), '4 records match');
  // screen readers hear it from a live region that outlives the page
  assert.equal(await page.textContent('[data-testid="search-status"]'), '4 records match');
  const titles = await results(page);
  assert.equal(titles.length, 4);
  assert.equal(titles[0], 'On Some Issues of Soviet-Korean Relations');
  const words = await marked(page);
  assert.ok(words.length >= 4, `marked: ${words}`);
  for (const w of words) assert.match(w, /^soviet/i);
  // the snippets are text: no markup from the records
  assert.equal(await page.locator('[data-testid="snippet"] :not(mark)').count(), 0);
  await shot(page, 'search-results');
  // typing made one history entry: Back returns to the library
  await page.goBack();
  await page.waitForSelector('[data-testid="doc-card"]');
  assert.equal(await page.evaluate(() => location.hash), '');
  await page.goForward();
  await page.waitForFunction(() => location.hash === '#/search?q=soviet');
  await settled(page);
  assert.equal(await page.inputValue('[data-testid="search-input"]'), 'soviet');
  clean();
});

test('a facet narrows the results and their counts; its chip and Back undo it', async () => {
  const { page } = watched;
  await searchFor(page, 'soviet');
  const english = page.locator('[data-testid="facet-languages"] [data-testid="facet"]', { hasText: 'English' });
  assert.equal(await english.locator('.facet__count').textContent(), '2');
  const years = () => page.$$eval('[data-testid="facet-years"] .facet__label', (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(await years(), ['1956', '1962', '1967', '1978']);
  await english.click();
  await page.waitForFunction(() => location.hash === '#/search?q=soviet%20lang%3AEnglish');
  await settled(page);
  assert.equal(await count(page), '2 records match');
  assert.deepEqual((await results(page)).length, 2);
  assert.deepEqual(await years(), ['1956', '1962']);
  assert.equal(await page.textContent('[data-testid="chip"]'), 'language: English×');
  assert.equal(await page.getAttribute('[data-testid="facet-languages"] .facet--chosen', 'aria-current'), 'true');
  // an entity facet narrows further: both filters hold
  const khrushchev = page.locator('[data-testid="facet-entities"] [data-testid="facet"]', { hasText: 'Nikita Khrushchev' });
  await khrushchev.click();
  await page.waitForFunction(() => location.hash.includes('person%3A'));
  await settled(page);
  assert.equal(await page.locator('[data-testid="chip"]').count(), 2);
  const narrowed = await results(page);
  assert.ok(narrowed.length >= 1 && narrowed.length <= 2, `${narrowed}`);
  await shot(page, 'search-facets');
  // Back undoes the last choice; the chip removes the other
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/search?q=soviet%20lang%3AEnglish');
  await settled(page);
  assert.equal(await count(page), '2 records match');
  await page.click('[data-testid="chip"]');
  await page.waitForFunction(() => location.hash === '#/search?q=soviet');
  await settled(page);
  assert.equal(await count(page), '4 records match');
  clean();
});

test('misspellings, prefixes and diacritics find their records; nothing found suggests what to try', async () => {
  const { page } = watched;
  await searchFor(page, 'sovet');
  assert.ok((await results(page)).length >= 1);
  assert.ok((await marked(page)).some((w) => /^soviet$/i.test(w)));
  await searchFor(page, 'quaran');
  assert.deepEqual(await results(page), ['Telegram from the American Embassy in Moscow on the Soviet Reply']);
  await searchFor(page, 'stefan andrei');
  assert.equal((await results(page))[0], 'Note from the Polish Embassy in Bucharest on a Conversation with Ștefan Andrei');
  // nothing found: did-you-mean, a way out of the filters, tips
  await searchFor(page, 'sovet year:1999');
  assert.equal(await count(page), 'No records match sovet year:1999');
  assert.equal(await page.textContent('[data-testid="did-you-mean-link"]'), 'soviet year:1999');
  await page.click('[data-testid="drop-filters"]');
  await page.waitForFunction(() => location.hash === '#/search?q=sovet');
  await settled(page);
  assert.ok((await results(page)).length >= 1);
  // a page past the last one says so
  await page.goto(`${server.base}/#/search?q=soviet&page=9`);
  await page.waitForSelector('[data-testid="past-last-page"]');
  // malformed queries degrade instead of failing: to a search, or to the search page's start
  for (const q of ['"unbalanced quote', '-', 'person:', '((((', '"', 'x'.repeat(10000)]) {
    await page.goto(`${server.base}/#/search?q=${encodeURIComponent(q)}`);
    await page.waitForSelector('[data-testid="search-start"], [data-testid="search-page"][aria-busy="false"]');
    assert.equal(await page.locator('[data-testid="load-error"]').count(), 0, q);
  }
  clean();
});

test('an opened result has its matches marked; find steps through them by key and by button', async () => {
  const { page } = watched;
  await searchFor(page, 'soviet ships');
  await page.click('[data-testid="result-link"] >> nth=0');
  await page.waitForSelector('mark.found');
  assert.match(await page.evaluate(() => location.hash), /^#\/doc\/1962-cable\?find=soviet/);
  const found = await page.$$eval('mark.found', (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(found.every((w) => w === 'soviet' || w === 'ships'), `${found}`);
  const total = await page.$$eval('mark.found', (ms) => new Set(ms.map((m) => m.dataset.find)).size);
  assert.ok(total >= 3, `${total}`);
  assert.equal(await page.textContent('[data-testid="find-count"]'), `1 of ${total}`);
  const current = () => page.getAttribute('mark.found--current', 'data-find');
  assert.equal(await current(), '0');
  await page.focus('[data-testid="find-input"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.textContent('[data-testid="find-count"]'), `2 of ${total}`);
  assert.equal(await current(), '1');
  await page.keyboard.press('Shift+Enter');
  assert.equal(await current(), '0');
  await page.keyboard.press('Shift+Enter'); // wraps to the last
  assert.equal(await page.textContent('[data-testid="find-count"]'), `${total} of ${total}`);
  await page.click('[data-testid="find-next"]');
  assert.equal(await current(), '0');
  await page.keyboard.press('F3');
  assert.equal(await current(), '1');
  await shot(page, 'search-find');
  // typing a new word finds it as it is typed
  await page.fill('[data-testid="find-input"]', 'gromy');
  await page.waitForFunction(() => document.querySelector('[data-testid="find-count"]')?.textContent === '1 of 3');
  assert.deepEqual(await page.$$eval('mark.found', (ms) => ms.map((m) => m.textContent)), ['GROMYKO', 'GROMYKO', 'GROMYKO']);
  await page.fill('[data-testid="find-input"]', 'zzzz');
  await page.waitForFunction(() => document.querySelector('[data-testid="find-count"]')?.textContent === 'No matches');
  // back through the URL to the same results
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/search?q=soviet%20ships');
  await settled(page);
  assert.equal((await results(page))[0], 'Telegram from the American Embassy in Moscow on the Soviet Reply');
  clean();
});

test('the search page has no accessibility violations', async () => {
  const { page } = watched;
  await searchFor(page, 'soviet');
  assert.deepEqual(await axeViolations(page), []);
  await page.goto(`${server.base}/#/search`);
  await page.waitForSelector('[data-testid="search-start"]');
  assert.deepEqual(await axeViolations(page), []);
  clean();
});

test('a missing search index is reported on the page, Try again searches again, and the reader still works', async () => {
  const manifest = path.join(server.site, 'corpus', 'search', 'manifest.bin');
  fs.renameSync(manifest, `${manifest}.away`);
  const { context, close } = await browser();
  try {
    const { page } = await watchedPage(context, server.base);
    await page.goto(`${server.base}/#/search?q=soviet`);
    await page.waitForSelector('[data-testid="load-error"]');
    assert.match(await page.textContent('[data-testid="load-error-detail"]'), /search/);
    // the index is back: the same page's retry runs the search again
    fs.renameSync(`${manifest}.away`, manifest);
    await page.click('[data-testid="retry"]');
    await page.waitForSelector('[data-testid="search-page"][aria-busy="false"]');
    assert.equal(await count(page), '4 records match');
    await page.click('[data-testid="nav-library"]');
    await page.waitForSelector('[data-testid="doc-card"]');
  } finally {
    if (fs.existsSync(`${manifest}.away`)) fs.renameSync(`${manifest}.away`, manifest);
    await close();
  }
});
