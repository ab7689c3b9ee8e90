// A collection of several records (the seed plus the format-variant fixtures): ordering,
// previous/next, non-Latin titles and undated records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, serveCollection, browser, watchedPage, axeViolations, shot } from './harness.mjs';

let server, chrome, watched;

before(async () => {
  server = await serveCollection([path.join(ROOT, 'seeds'), path.join(ROOT, 'tests', 'fixtures', 'variants')]);
  chrome = await browser();
  watched = await watchedPage(chrome.context, server.base);
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

const titles = (page) => page.$$eval('[data-testid="doc-link"]', (as) => as.map((a) => a.textContent));
// the library re-renders after the hash changes and fetches the page of the new order: wait
// until it shows `first` at the top before reading the list
const headedBy = (page, first) => page.waitForFunction(
  (t) => document.querySelector('[data-testid="doc-link"]')?.textContent === t, first);

test('the library orders records by date, newest first and by title', async () => {
  const { page } = watched;
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-testid="doc-card"]');
  assert.equal(await page.textContent('[data-testid="doc-count"]'), '10 records');
  const byDate = await titles(page);
  assert.equal(byDate[0], 'Телеграмма Ким Ир Сена 김일성 金日成'); // 1950-06-25
  assert.equal(byDate.at(-1), 'Undated Memo'); // undated records come last
  await shot(page, 'collection-library');

  await page.click('[data-testid="sort-date-desc"]');
  await page.waitForFunction(() => location.hash === '#/?sort=date-desc');
  await headedBy(page, byDate.at(-1));
  assert.deepEqual(await titles(page), [...byDate].reverse());

  await page.click('[data-testid="sort-title"]');
  await page.waitForFunction(() => location.hash === '#/?sort=title');
  const expected = [...byDate].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en'));
  await headedBy(page, expected[0]);
  assert.deepEqual(await titles(page), expected);

  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/?sort=date-desc');
  await headedBy(page, byDate.at(-1));
  assert.deepEqual(await titles(page), [...byDate].reverse());
});

test('previous and next walk the collection in date order', async () => {
  const { page } = watched;
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-testid="doc-card"]');
  const order = await titles(page);
  await page.click('[data-testid="doc-link"] >> nth=0');
  await page.waitForSelector('[data-testid="doc-body"]');
  assert.equal(await page.locator('[data-testid="prev-doc"]').count(), 0);
  for (let i = 1; i < order.length; i++) {
    await page.click('[data-testid="next-doc"]');
    await page.waitForFunction((t) => document.querySelector('[data-testid="doc-title"]')?.textContent === t, order[i]);
  }
  assert.equal(await page.locator('[data-testid="next-doc"]').count(), 0);
  assert.match(await page.textContent('[data-testid="metadata"]'), /Sometime in the sixties/);
  await page.click('[data-testid="prev-doc"]');
  await page.waitForFunction((t) => document.querySelector('[data-testid="doc-title"]')?.textContent === t, order.at(-2));
});

test('a record in Cyrillic, Korean and Chinese reads correctly and passes axe', async () => {
  const { page } = watched;
  await page.goto(server.base + '/#/doc/200004');
  await page.waitForSelector('[data-testid="doc-body"]');
  assert.equal(await page.textContent('[data-testid="doc-title"]'), 'Телеграмма Ким Ир Сена 김일성 金日成');
  assert.match(await page.textContent('[data-testid="metadata"]'), /Russian, Korean, Chinese/);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'collection-non-latin');
});

test('the library pages through the collection, fetching only the page it shows', async () => {
  const paged = await serveCollection(
    [path.join(ROOT, 'seeds'), path.join(ROOT, 'tests', 'fixtures', 'variants')], ['--page-size', '4']);
  const { page, problems } = await watchedPage(chrome.context, paged.base);
  try {
    const catalogRequests = [];
    page.on('request', (r) => { if (r.url().includes('/corpus/catalog')) catalogRequests.push(new URL(r.url()).pathname); });
    await page.goto(paged.base + '/');
    await page.waitForSelector('[data-testid="doc-card"]');
    assert.deepEqual(catalogRequests, ['/corpus/catalog.json', '/corpus/catalog/date-1.json']);
    assert.equal(await page.textContent('[data-testid="doc-count"]'), '10 records');
    assert.equal(await page.textContent('[data-testid="page-where"]'), 'Page 1 of 3');
    const seen = await titles(page);
    assert.equal(seen.length, 4);
    assert.equal(await page.locator('[data-testid="page-prev"]').count(), 0);
    for (const expected of ['Page 2 of 3', 'Page 3 of 3']) {
      await page.click('[data-testid="page-next"]');
      await page.waitForFunction((t) => document.querySelector('[data-testid="page-where"]')?.textContent === t, expected);
      seen.push(...await titles(page));
    }
    assert.equal(await page.locator('[data-testid="page-next"]').count(), 0);
    assert.equal(new URL(page.url()).hash, '#/?page=3');
    // the pages together are the whole collection in date order, each record once
    assert.equal(seen.length, 10);
    assert.equal(new Set(seen).size, 10);
    assert.equal(seen.at(-1), 'Undated Memo');
    await page.click('[data-testid="sort-title"]');
    await page.waitForFunction(() => location.hash === '#/?sort=title');
  await page.waitForSelector('[data-testid="doc-card"]'); // the page of that order has arrived
    await page.waitForFunction(() => document.querySelector('[data-testid="page-where"]')?.textContent === 'Page 1 of 3');
    const byTitle = await titles(page);
    assert.deepEqual(byTitle, [...seen].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en')).slice(0, 4));
    await page.goBack();
    await page.waitForFunction(() => location.hash === '#/?page=3');
    assert.equal(await page.textContent('[data-testid="page-where"]'), 'Page 3 of 3');
    assert.deepEqual(problems(), { errors: [], foreign: [] });
  } finally {
    await page.close();
    paged.stop();
  }
});

test('no console errors and no request outside the origin', () => {
  assert.deepEqual(watched.problems(), { errors: [], foreign: [] });
});
