// Embedding (README, "Embedding"): the example host page (examples/embed/), served from an
// origin of its own, embeds the reader (?embed) in an iframe and drives it with postMessage.
// The reader shows no chrome and fits its frame (wide or narrow), takes its theme from the
// configuration and the URL, says it is ready, obeys open, search, highlight, theme and reset,
// reports every navigation and its idleness, refuses a wrong theme, never scrolls its host page,
// and ignores a host page whose origin the configuration does not list and a window that is not
// its parent. Nothing is requested outside the origins; no policy violation, no console error,
// no axe-core violation, in the host page or in the frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, serveCollection, browser, shot, axeViolations, ROOT } from './harness.mjs';

const DOC = '113974';
const IDLE = 5;
let host, stranger, reader, chrome, records;
const problems = { errors: [], foreign: [] };

// Every policy violation of a document, host page or frame (set before its scripts run).
const RECORD = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${location.origin} ${e.effectiveDirective}: ${e.blockedURI || 'inline'}`);
  });
};

before(async () => {
  // the host page on one origin, the same page on an origin the configuration does not list
  host = await serve(path.join(ROOT, 'examples', 'embed'));
  stranger = await serve(path.join(ROOT, 'examples', 'embed'));
  records = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-embed-'));
  for (const f of fs.readdirSync(path.join(ROOT, 'seeds'))) {
    fs.copyFileSync(path.join(ROOT, 'seeds', f), path.join(records, f));
  }
  fs.writeFileSync(path.join(records, 'dossier.toml'), `[embed]
allowed_origins = ["${host.base}"]
idle_seconds = ${IDLE}

[embed.theme]
paper = "#fbfaf7"
accent = "#5a2d82"
`);
  reader = await serveCollection([records]);
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  reader?.stop();
  host?.stop();
  stranger?.stop();
  if (records) fs.rmSync(records, { recursive: true, force: true });
});

/** Opens the example host page at `base`, embedding the reader; resolves to the page. */
async function hostPage(base, query = '') {
  const page = await chrome.context.newPage();
  const origins = [host.base, stranger.base, reader.base];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.errors.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!origins.includes(url.origin) && url.protocol !== 'data:' && url.protocol !== 'blob:') {
      problems.foreign.push(req.url());
    }
  });
  await page.addInitScript(RECORD);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/index.html?reader=${encodeURIComponent(reader.base + '/')}${query}`);
  return page;
}

/** The reader's frame in `page`, once its document has loaded. */
async function readerFrame(page) {
  await page.waitForFunction(() => document.getElementById('reader').src !== '');
  for (;;) {
    const frame = page.frames().find((f) => f.url().startsWith(reader.base));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
}

/** The events the host page has logged so far, oldest first, as { type, ...fields }. */
async function events(page) {
  const items = await page.$$eval('#log li', (lis) => lis.map((li) => li.textContent).reverse());
  return items.map((text) => {
    const space = text.indexOf(' ');
    return { type: text.slice(0, space), ...JSON.parse(text.slice(space + 1)) };
  });
}

/** Waits for the host page's log to hold `count` events, and returns the last. */
async function nthEvent(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('#log li').length >= n, count);
  return (await events(page))[count - 1];
}

/**
 * Runs `action` and resolves to the next event the host page logs, other than `idle` (which a
 * slow machine may log in between: the host's commands do not count as touches).
 */
async function next(page, action) {
  const before = (await events(page)).length;
  await action();
  await page.waitForFunction((n) => [...document.querySelectorAll('#log li')].reverse().slice(n)
    .some((li) => !li.textContent.startsWith('idle ')), before);
  return (await events(page)).slice(before).find((e) => e.type !== 'idle');
}

const submit = (page, form, button = 'button') => page.click(`#${form} ${button}`);
const cssVar = (frame, name) =>
  frame.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);

test('the host page embeds the reader and drives it', async () => {
  const page = await hostPage(host.base, `&start=${encodeURIComponent('#/doc/' + DOC)}` +
    `&theme=${encodeURIComponent('accent:#aa0000;radius:0')}`);
  const frame = await readerFrame(page);

  // ready, on the record it was opened on
  const ready = await nthEvent(page, 1);
  assert.deepEqual(ready, { type: 'ready', route: `#/doc/${DOC}` });
  await frame.waitForSelector('[data-testid="doc-body"]');

  // no chrome; the page fills the frame and nothing sticks out sideways
  assert.equal(await frame.evaluate(() => document.documentElement.dataset.mode), 'embed');
  for (const chrome of ['.masthead', '.colophon', '.skip-link']) {
    assert.equal(await frame.isVisible(chrome), false, chrome);
  }
  const fit = await frame.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    main: document.getElementById('main').getBoundingClientRect().width,
  }));
  const frameBox = await page.locator('#reader').boundingBox();
  assert.ok(fit.scroll <= fit.client, `content ${fit.scroll} px wide in a ${fit.client} px frame`);
  assert.ok(fit.main >= fit.client - 1 && fit.client >= frameBox.width - 20, JSON.stringify({ fit, frameBox }));

  // the theme: the configuration's, and the URL's over it
  assert.equal(await cssVar(frame, '--paper'), '#fbfaf7');
  assert.equal(await cssVar(frame, '--accent'), '#aa0000');
  assert.equal(await cssVar(frame, '--radius'), '0');
  assert.equal(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(251, 250, 247)');

  // open an entity's page, then a record
  let event = await next(page, async () => {
    await page.fill('#open-id', 'kim-il-sung');
    await submit(page, 'open', 'button[value="entity"]');
  });
  assert.deepEqual(event, { type: 'navigated', route: '#/entity/kim-il-sung' });
  await frame.waitForSelector('[data-testid="kwic-line"]');

  // search
  event = await next(page, async () => {
    await page.fill('#search-query', 'soviet "kim il sung"');
    await submit(page, 'search');
  });
  assert.deepEqual(event, { type: 'navigated', route: '#/search?q=soviet%20%22kim%20il%20sung%22' });
  await frame.waitForSelector('[data-testid="result"]');

  // highlight: no record is open, so it is refused; then in a record named
  event = await next(page, async () => {
    await page.fill('#highlight-entity', 'kim-il-sung');
    await submit(page, 'highlight');
  });
  assert.deepEqual(event, { type: 'error', command: 'highlight', message: 'no record is open: say which with `document`' });
  event = await next(page, async () => {
    await page.fill('#highlight-document', DOC);
    await submit(page, 'highlight');
  });
  assert.deepEqual(event, { type: 'navigated', route: `#/doc/${DOC}?entity=kim-il-sung` });
  await frame.waitForSelector('mark.entity--selected[data-entity="kim-il-sung"]');
  // and in the record open. The host's window is now too short to show all of the frame, and
  // the host page is at its top: bringing the mention into view scrolls the frame's page, never
  // the host's.
  await page.setViewportSize({ width: 1280, height: 420 });
  await page.fill('#highlight-entity', 'leonid-brezhnev');
  await page.fill('#highlight-document', '');
  event = await next(page, () => page.evaluate(() => {
    window.scrollTo(0, 0);
    document.getElementById('highlight').requestSubmit();
  }));
  assert.deepEqual(event, { type: 'navigated', route: `#/doc/${DOC}?entity=leonid-brezhnev` });
  await frame.waitForSelector('mark.entity--selected[data-entity="leonid-brezhnev"]');
  assert.equal(await frame.locator('mark.entity--selected[data-entity="kim-il-sung"]').count(), 0);
  await page.waitForTimeout(300);
  const view = await frame.evaluate(() => {
    const r = document.querySelector('mark.entity--selected').getBoundingClientRect();
    return { scrolled: window.scrollY, top: r.top, bottom: r.bottom, height: innerHeight };
  });
  assert.ok(view.scrolled > 0 && view.top >= 0 && view.bottom <= view.height + 1, JSON.stringify(view));
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the host page scrolled');
  await page.setViewportSize({ width: 1280, height: 900 });

  // the theme, then a wrong one: refused whole, the theme stays
  await page.selectOption('#theme-key', 'accent');
  event = await next(page, async () => {
    await page.fill('#theme-value', '#1d4e89');
    await submit(page, 'theme');
    await frame.waitForFunction(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() === '#1d4e89');
    // the theme answers with no event: make one to wait for
    await page.fill('#open-id', DOC);
    await submit(page, 'open', 'button[value="document"]');
  });
  assert.deepEqual(event, { type: 'navigated', route: `#/doc/${DOC}` });
  for (const [key, value] of [
    ['accent', 'red; background: url(http://192.0.2.1/x.png)'],
    ['ink', 'expression(alert(1))'],
    ['paper', 'var(--stamp)'],
  ]) {
    await page.selectOption('#theme-key', key);
    event = await next(page, async () => {
      await page.fill('#theme-value', value);
      await submit(page, 'theme');
    });
    assert.equal(event.type, 'error', value);
    assert.equal(event.command, 'theme');
    assert.match(event.message, new RegExp(`^\`${key} = `));
  }
  assert.equal(await cssVar(frame, '--accent'), '#1d4e89');
  assert.equal(await cssVar(frame, '--paper'), '#fbfaf7');

  // reset: back to the first record, the first theme
  event = await next(page, async () => {
    await page.fill('#search-query', 'korea');
    await submit(page, 'search');
  });
  assert.equal(event.route, '#/search?q=korea');
  await frame.waitForSelector('[data-testid="result"]');
  event = await next(page, () => page.click('#reset'));
  assert.deepEqual(event, { type: 'navigated', route: `#/doc/${DOC}` });
  await frame.waitForSelector('[data-testid="doc-body"]');
  assert.equal(await cssVar(frame, '--accent'), '#aa0000');
  assert.equal(await frame.evaluate(() => location.hash), `#/doc/${DOC}`);
  // reset where it already is: answered all the same
  event = await next(page, () => page.click('#reset'));
  assert.deepEqual(event, { type: 'navigated', route: `#/doc/${DOC}` });

  // a link followed inside the frame is reported too
  const kim = frame.locator('mark.entity[data-entity="kim-il-sung"]').first();
  event = await next(page, async () => {
    await kim.focus();
    await kim.locator('[data-testid="entity-card-link"]').click();
  });
  assert.deepEqual(event, { type: 'navigated', route: '#/entity/kim-il-sung' });

  // idle: the visitor's last touch, then IDLE seconds of nothing
  const idleBefore = (await events(page)).filter((e) => e.type === 'idle').length;
  await frame.click('h1');
  const touched = Date.now();
  await page.waitForFunction((n) =>
    [...document.querySelectorAll('#log li')].filter((li) => li.dataset.type === 'idle').length > n,
  idleBefore, { timeout: (IDLE + 5) * 1000 });
  const waited = (Date.now() - touched) / 1000;
  assert.ok(waited >= IDLE - 0.5 && waited < IDLE + 3, `idle after ${waited} s`);
  assert.deepEqual((await events(page)).at(-1), { type: 'idle', seconds: IDLE });

  await page.evaluate(() => window.scrollTo(0, 0));
  await frame.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'embed-host');
  // the example host page is accessible, and so is the reader in its frame, themed and without
  // its chrome
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(await axeViolations(frame), []);
  const violations = [...await page.evaluate(() => window.__violations), ...await frame.evaluate(() => window.__violations)];
  assert.deepEqual(violations, []);
  await page.close();
});

test('a wrong theme in the URL is refused whole', async () => {
  const page = await hostPage(host.base, `&theme=${encodeURIComponent('accent:#00aa00;ink:url(http://192.0.2.1/x)')}`);
  const frame = await readerFrame(page);
  assert.deepEqual(await nthEvent(page, 1), { type: 'ready', route: '#/' });
  await frame.waitForSelector('[data-testid="doc-card"]');
  assert.equal(await cssVar(frame, '--accent'), '#5a2d82', 'the configuration\'s accent');
  assert.equal(await frame.evaluate(() => document.documentElement.style.getPropertyValue('--ink')), '');
  // a narrow frame (a phone's host page): still nothing sticks out sideways, on any kind of page
  await page.setViewportSize({ width: 400, height: 800 });
  for (const [route, shown] of [['#/', 'doc-card'], [`#/doc/${DOC}`, 'doc-body'],
    ['#/entity/kim-il-sung', 'kwic-line'], ['#/search?q=soviet', 'result']]) {
    await frame.evaluate((r) => { location.hash = r; }, route);
    await frame.waitForSelector(`[data-testid="${shown}"]`);
    const fit = await frame.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(fit[0] <= fit[1] && fit[1] < 400, `${route}: ${fit}`);
  }
  await page.close();
});

test('a host page whose origin is not listed is ignored', async () => {
  const page = await hostPage(stranger.base, `&start=${encodeURIComponent('#/doc/' + DOC)}`);
  const frame = await readerFrame(page);
  await frame.waitForSelector('[data-testid="doc-body"]');
  // the reader is embedded and themed, but speaks to nobody and obeys nobody
  await frame.waitForFunction(() => document.documentElement.dataset.mode === 'embed');
  await frame.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() === '#5a2d82');
  await page.fill('#search-query', 'soviet');
  await submit(page, 'search');
  await page.fill('#open-id', 'kim-il-sung');
  await submit(page, 'open', 'button[value="entity"]');
  await page.selectOption('#theme-key', 'accent');
  await page.fill('#theme-value', '#00ff00');
  await submit(page, 'theme');
  await page.waitForTimeout(1000);
  assert.equal(await frame.evaluate(() => location.hash), `#/doc/${DOC}`);
  assert.equal(await cssVar(frame, '--accent'), '#5a2d82');
  assert.deepEqual(await events(page), []);
  // a message from the allowed origin, but not from the reader's parent window, is ignored too:
  // the allowed host page opens the reader in a window of its own and sends it a command
  const allowed = await hostPage(host.base);
  await nthEvent(allowed, 1);
  const opened = chrome.context.waitForEvent('page');
  await allowed.evaluate((url) => { window.__other = window.open(url); }, `${reader.base}/?embed#/doc/${DOC}`);
  const popup = await opened;
  await popup.waitForSelector('[data-testid="doc-body"]');
  await popup.waitForFunction(() => document.documentElement.dataset.mode === 'embed');
  await popup.waitForTimeout(500);
  await allowed.evaluate((origin) =>
    window.__other.postMessage({ dossier: 1, type: 'open', entity: 'kim-il-sung' }, origin), reader.base);
  await popup.waitForTimeout(1000);
  assert.equal(await popup.evaluate(() => location.hash), `#/doc/${DOC}`);
  await popup.close();
  await page.close();
  await allowed.close();
});

test('no request left the two origins, no console error', () => {
  assert.deepEqual(problems, { errors: [], foreign: [] });
});
