// The reader end to end, against the release build served by a plain static file server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, watchedPage, axeViolations, shot } from './harness.mjs';

const SEED_ID = '113974';
const SEED_TITLE = 'On Some Issues of Soviet-Korean Relations';
let server, chrome, clean;

before(async () => {
  server = await serve();
  chrome = await browser({ permissions: ['clipboard-read', 'clipboard-write'] });
  clean = await watchedPage(chrome.context, server.base);
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

// textContent, not innerText: what the page says, independent of CSS text-transform
const text = async (page, sel) => (await page.locator(sel).first().textContent()).replace(/\s+/g, ' ').trim();

test('the library lists the seed record as a card with its date, title, summary, language and archive', async () => {
  const { page } = clean;
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-testid="doc-card"]');
  assert.equal(await page.locator('[data-testid="doc-card"]').count(), 1);
  assert.equal(await text(page, '[data-testid="doc-count"]'), '1 record');
  const card = await text(page, '[data-testid="doc-card"]');
  for (const expected of ['June 2, 1967', SEED_TITLE, 'The Czechoslovak Ambassador to Moscow reports',
    'Original: Czech', 'Archive: State Central Archive (Prague)']) {
    assert.ok(card.includes(expected), `card lacks ${JSON.stringify(expected)}:\n${card}`);
  }
  assert.equal(await page.title(), 'Dossier');
  await shot(page, 'library-1280');
});

test('sorting by title and by date changes the URL and marks the current order', async () => {
  const { page } = clean;
  await page.click('[data-testid="sort-title"]');
  await page.waitForFunction(() => location.hash === '#/?sort=title');
  assert.equal(await page.getAttribute('[data-testid="sort-title"]', 'aria-current'), 'true');
  assert.equal(await page.getAttribute('[data-testid="sort-date"]', 'aria-current'), null);
  await page.click('[data-testid="sort-date"]');
  await page.waitForFunction(() => location.hash === '#/');
});

test('library → document → back → forward, with the whole record shown', async () => {
  const { page } = clean;
  await page.goto(server.base + '/');
  await page.click('[data-testid="doc-link"]');
  await page.waitForSelector('[data-testid="doc-body"]');
  assert.equal(new URL(page.url()).hash, `#/doc/${SEED_ID}`);
  assert.equal(await text(page, '[data-testid="doc-title"]'), SEED_TITLE);
  assert.equal(await page.title(), `${SEED_TITLE} · Dossier`);

  // metadata panel: every header field
  const meta = await text(page, '[data-testid="metadata"]');
  for (const expected of ['1967-06-02', 'State Central Archive (Prague)', 'File A, Novotny, foreign affairs, KPDR. Sign., 82 b. 8',
    'pp. 6', 'Adolf Kotlik', 'NKIDP', 'Wilson Center Digital Archive', 'Czech', 'Translation - English', SEED_ID,
    'https://digitalarchive.umd.edu/document/113974', 'Leon Levy Foundation', '000_35518670e4bcec4c.txt']) {
    assert.ok(meta.includes(expected), `metadata lacks ${JSON.stringify(expected)}`);
  }
  assert.ok((await text(page, '[data-testid="citation"]')).startsWith('"On Some Issues of Soviet-Korean Relations", June 2, 1967'));

  // body: apparatus, heading, paragraphs, list, marks
  const kinds = await page.$$eval('[data-testid="apparatus"]', (els) => els.map((e) => e.className));
  assert.deepEqual(kinds, ['apparatus apparatus--handwritten', 'apparatus apparatus--stamp',
    'apparatus apparatus--classification', 'apparatus apparatus--reference']);
  assert.equal(await text(page, '[data-testid="doc-heading"]'), 'On some issues of Soviet-Korean relations');
  assert.equal(await page.locator('.doc-body__para').count(), 22);
  assert.equal(await page.locator('[data-testid="doc-list"] li').count(), 4);
  assert.equal(await page.locator('[data-mark="page-break"]').count(), 2);
  assert.equal(await page.locator('[data-mark="gloss"]').count(), 1);
  assert.equal(await page.locator('[data-mark="translator-note"]').count(), 1);
  assert.ok(await page.locator('[data-mark="editorial"]').count() >= 3);
  // the paragraph split by a page break reads as one, with the break marked where it was
  const joined = await page.locator('.doc-body__para', { hasText: 'are also' }).evaluate((p) => {
    const copy = p.cloneNode(true);
    copy.querySelectorAll('[role="tooltip"], .entity-card, .visually-hidden').forEach((t) => t.remove());
    return copy.textContent;
  });
  assert.match(joined, /China are also page break energizing provocative actions/);
  await shot(page, 'document-1280');

  await page.goBack();
  await page.waitForSelector('[data-testid="doc-card"]');
  assert.equal(new URL(page.url()).hash, '');
  await page.goForward();
  await page.waitForSelector('[data-testid="doc-body"]');
  assert.equal(await text(page, '[data-testid="doc-title"]'), SEED_TITLE);
});

test('an editorial mark explains itself on keyboard focus', async () => {
  const { page } = clean;
  const gloss = page.locator('[data-mark="gloss"]');
  const tip = gloss.locator('[role="tooltip"]');
  assert.equal(await tip.isVisible(), false);
  await gloss.focus();
  assert.equal(await tip.isVisible(), true);
  assert.equal(await tip.innerText(), "Translator's gloss: OZU stands for Section for Special Assignments");
  const describedBy = await gloss.getAttribute('aria-describedby');
  assert.equal(await tip.getAttribute('id'), describedBy);
});

test('the copy button puts the citation on the clipboard', async () => {
  const { page } = clean;
  await page.click('[data-testid="copy-citation"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="copy-citation"]').textContent === 'Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await text(page, '[data-testid="citation"]'));
});

test('a deep link opened cold shows the document', async () => {
  const cold = await browser();
  try {
    const { page, problems } = await watchedPage(cold.context, server.base);
    await page.goto(`${server.base}/#/doc/${SEED_ID}`);
    await page.waitForSelector('[data-testid="doc-body"]');
    assert.equal(await text(page, '[data-testid="doc-title"]'), SEED_TITLE);
    assert.deepEqual(problems(), { errors: [], foreign: [] });
  } finally {
    await cold.close();
  }
});

test('bundled fonts load from the app itself', async () => {
  const { page } = clean;
  await page.goto(`${server.base}/#/doc/${SEED_ID}`);
  await page.waitForSelector('[data-testid="doc-body"]');
  await page.evaluate(() => document.fonts.ready);
  const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
  assert.ok(loaded.some((f) => f.includes('Dossier Serif')), `fonts loaded: ${loaded}`);
  assert.ok(loaded.some((f) => f.includes('Dossier Sans')), `fonts loaded: ${loaded}`);
});

test('axe-core finds no accessibility violations on the library and the document', async () => {
  const { page } = clean;
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-testid="doc-card"]');
  assert.deepEqual(await axeViolations(page), []);
  await page.goto(`${server.base}/#/doc/${SEED_ID}`);
  await page.reload();
  await page.waitForSelector('[data-testid="doc-body"]');
  assert.deepEqual(await axeViolations(page), []);
});

test('it fits a 360 px phone and a 1920 px kiosk without sideways scrolling', async () => {
  const { page } = clean;
  for (const [width, height] of [[360, 740], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    for (const hash of ['#/', `#/doc/${SEED_ID}`]) {
      await page.goto(`${server.base}/${hash}`);
      await page.reload();
      await page.waitForSelector(hash === '#/' ? '[data-testid="doc-card"]' : '[data-testid="doc-body"]');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${width}px ${hash}: ${overflow}px of sideways overflow`);
      await shot(page, `${hash === '#/' ? 'library' : 'document'}-${width}`);
    }
  }
  // about 70 characters a line in the text column at desktop width: count the line boxes of
  // the long paragraphs
  await page.setViewportSize({ width: 1280, height: 900 });
  const perLine = await page.evaluate(() => {
    const rates = [];
    for (const p of document.querySelectorAll('.doc-body__para')) {
      const copy = p.cloneNode(true);
      copy.querySelectorAll('[role="tooltip"], .entity-card, .visually-hidden').forEach((t) => t.remove());
      const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
      if (lines >= 6) rates.push(copy.textContent.length / (lines - 0.5)); // the last line is about half full
    }
    return rates.reduce((a, b) => a + b, 0) / rates.length;
  });
  assert.ok(perLine > 62 && perLine < 80, `about ${perLine.toFixed(1)} characters a line`);
});

test('the clean pages logged no console errors and made no request outside the origin', () => {
  assert.deepEqual(clean.problems(), { errors: [], foreign: [] });
});
