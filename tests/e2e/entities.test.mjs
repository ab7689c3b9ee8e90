// Entities in the reader: highlighting with a legend, the keyboard-reachable entity card, the
// per-document entity panel, entity pages and the entities index.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, watchedPage, axeViolations, shot } from './harness.mjs';

const DOC = '113974';
let server, chrome, watched;

before(async () => {
  server = await serve();
  chrome = await browser();
  watched = await watchedPage(chrome.context, server.base);
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

async function openDocument(page) {
  await page.goto(`${server.base}/#/doc/${DOC}`);
  await page.reload();
  await page.waitForSelector('[data-testid="doc-body"]');
  await page.waitForSelector('[data-testid="entity-chip"]');
}

test('mentions of every type are highlighted, with their type for screen readers', async () => {
  const { page } = watched;
  await openDocument(page);
  for (const kind of ['person', 'place', 'organization', 'date', 'quantity']) {
    assert.ok(await page.locator(`mark.entity[data-kind="${kind}"]`).count() > 0, `no ${kind} highlighted`);
  }
  const kim = page.locator('mark.entity[data-entity="kim-il-sung"]').first();
  assert.equal((await kim.locator('.visually-hidden').textContent()).trim(), '(person)');
  // the underline style differs per type: a cue that is not colour
  const styles = await page.evaluate(() => Object.fromEntries(['person', 'place', 'organization', 'event', 'date'].map((k) => {
    const el = document.querySelector(`mark.entity[data-kind="${k}"]`) || Object.assign(document.createElement('mark'), { className: `entity entity--${k}` });
    if (!el.isConnected) document.body.appendChild(el);
    return [k, getComputedStyle(el).textDecorationStyle];
  })));
  assert.equal(new Set(Object.values(styles)).size, 5, JSON.stringify(styles));
  await shot(page, 'entities-document');
});

test('a type toggle hides its highlighting and is remembered across pages and reloads', async () => {
  const { page } = watched;
  await openDocument(page);
  const toggle = page.locator('[data-testid="toggle-place"]');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  const offCount = await page.locator('mark.entity[data-kind="place"].entity--off').count();
  assert.equal(offCount, await page.locator('mark.entity[data-kind="place"]').count());
  assert.equal(await page.locator('mark.entity[data-kind="person"].entity--off').count(), 0);
  await page.reload();
  await page.waitForSelector('[data-testid="toggle-place"]');
  assert.equal(await page.getAttribute('[data-testid="toggle-place"]', 'aria-pressed'), 'false');
  assert.ok(await page.locator('mark.entity[data-kind="place"].entity--off').count() > 0);
  await page.click('[data-testid="toggle-place"]');
  assert.equal(await page.locator('mark.entity[data-kind="place"].entity--off').count(), 0);
});

test('the entity card opens from the keyboard and leads to the entity page and back', async () => {
  const { page } = watched;
  await openDocument(page);
  const kim = page.locator('mark.entity[data-entity="kim-il-sung"]').first();
  const card = kim.locator('[data-testid="entity-card"]');
  assert.equal(await card.isVisible(), false);
  await kim.focus();
  assert.equal(await card.isVisible(), true);
  const text = await card.innerText();
  assert.match(text, /Kim Il Sung: person, curated/);
  assert.match(text, /Kim Il-sung/); // an alias
  assert.match(text, /Mentioned in 1 document/);
  await shot(page, 'entities-card');
  await page.keyboard.press('Tab'); // into the card's link
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'entity-card-link');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="entity-page"]');
  assert.equal(new URL(page.url()).hash, '#/entity/kim-il-sung');
  assert.equal(await page.textContent('[data-testid="entity-name"]'), 'Kim Il Sung');
  await page.goBack();
  await page.waitForSelector('[data-testid="doc-body"]');
  assert.equal(new URL(page.url()).hash, `#/doc/${DOC}`);
});

test('choosing an entity in the panel marks its mentions and steps through them', async () => {
  const { page } = watched;
  await openDocument(page);
  const chip = page.locator('[data-testid="entity-chip"][data-entity="soviet-union"]');
  const total = Number(await chip.locator('.chip__count').textContent());
  assert.ok(total >= 10, `the Soviet Union mentioned ${total} times`);
  await chip.click();
  assert.equal(await chip.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('mark.entity--selected').count(), total);
  assert.equal(await page.textContent('[data-testid="step-count"]'), `1 of ${total}`);
  const first = await page.getAttribute('mark.entity--current', 'data-mention');
  await page.click('[data-testid="step-next"]');
  assert.equal(await page.textContent('[data-testid="step-count"]'), `2 of ${total}`);
  assert.notEqual(await page.getAttribute('mark.entity--current', 'data-mention'), first);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('entity--current')), true);
  await page.click('[data-testid="step-prev"]');
  await page.click('[data-testid="step-prev"]');
  assert.equal(await page.textContent('[data-testid="step-count"]'), `${total} of ${total}`);
});

test('an entity page lists mentions in context by document, and related entities', async () => {
  const { page } = watched;
  await page.goto(`${server.base}/#/entity/soviet-union`);
  await page.waitForSelector('[data-testid="entity-page"]');
  assert.equal(await page.textContent('[data-testid="entity-name"]'), 'Soviet Union');
  assert.equal(await page.locator('[data-testid="kwic-doc"]').count(), 1);
  const lines = await page.locator('[data-testid="kwic-line"]').count();
  assert.ok(lines >= 10, `${lines} lines`);
  assert.match(await page.textContent('[data-testid="entity-counts"]'), new RegExp(`^${lines} mentions in 1 document$`));
  assert.ok(await page.locator('[data-testid="related"] li').count() > 3);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'entities-page');
  // from a context line's document link to the document, with the entity marked
  await page.click('[data-testid="kwic-doc-link"]');
  await page.waitForSelector('mark.entity--current');
  assert.equal(new URL(page.url()).hash, `#/doc/${DOC}?entity=soviet-union`);
  assert.equal(await page.getAttribute('[data-testid="entity-chip"][data-entity="soviet-union"]', 'aria-pressed'), 'true');
});

test('the entities index filters by type and orders by name or mentions', async () => {
  const { page } = watched;
  await page.goto(`${server.base}/#/entities`);
  await page.waitForSelector('[data-testid="entity-row"]');
  const counts = await page.$$eval('[data-testid="entity-row"] td:nth-child(3)', (tds) => tds.map((td) => Number(td.textContent)));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
  await page.click('[data-testid="filter-person"]');
  await page.waitForFunction(() => location.hash === '#/entities?kind=person');
  const kinds = await page.$$eval('[data-testid="entity-row"] td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
  assert.ok(kinds.length > 5 && kinds.every((k) => k === 'Person'), kinds.join());
  await page.click('[data-testid="order-name"]');
  await page.waitForFunction(() => location.hash === '#/entities?kind=person&sort=name');
  const names = await page.$$eval('[data-testid="entity-row"] th a', (as) => as.map((a) => a.textContent.toLowerCase()));
  assert.deepEqual(names, [...names].sort());
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'entities-index');
});

test('reading records and the entities index over and over keeps no memory', async () => {
  // Every mention follows the highlight choices and the entity index; a page that kept a
  // little of each mention in them (they may never change again) would grow the reader's
  // memory with every record opened: about 22 KB a time for this one before the fix.
  const page = await chrome.context.newPage();
  try {
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => { window.__appWasm = e.detail.wasm; });
    });
    await page.goto(`${server.base}/#/`);
    await page.waitForSelector('[data-testid="doc-card"]');
    const memory = () => page.evaluate(() => window.__appWasm.memory.buffer.byteLength);
    const visit = async (hash, selector) => {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator(selector).first().waitFor();
    };
    const round = async () => {
      await visit(`#/doc/${DOC}`, 'mark.entity');
      await visit('#/entities', '[data-testid="entity-row"]');
      await visit('#/', '[data-testid="doc-card"]');
    };
    for (let i = 0; i < 20; i++) await round();
    const warm = await memory();
    for (let i = 0; i < 80; i++) await round();
    const end = await memory();
    console.log(`reader wasm memory: ${warm} bytes after 20 rounds, ${end} after 100`);
    // memory grows by whole 64 KB pages: allow one
    assert.ok(end - warm <= 65536, `the reader's memory grew by ${end - warm} bytes in 80 rounds`);
  } finally {
    await page.close();
  }
});

test('no console errors and no request outside the origin', () => {
  assert.deepEqual(watched.problems(), { errors: [], foreign: [] });
});
