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
  assert.deepEqual(await titles(page), [...byDate].reverse());

  await page.click('[data-testid="sort-title"]');
  await page.waitForFunction(() => location.hash === '#/?sort=title');
  const byTitle = await titles(page);
  assert.deepEqual(byTitle, [...byDate].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en')));

  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/?sort=date-desc');
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

test('no console errors and no request outside the origin', () => {
  assert.deepEqual(watched.problems(), { errors: [], foreign: [] });
});
