// Kiosk mode (README, "Kiosk mode"): the reader loads its kiosk module only when the mode is on,
// under the page's Content-Security-Policy. Configured by tests/fixtures/kiosk/dossier.toml
// (idle 60 s, countdown 120 s (long, so that a slow machine cannot let it run out while it looks
// and touches), slides 5 s, PIN 2468). The idle timer is driven by Playwright's
// fake clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, ARTIFACTS, serve, serveCollection, browser, watchedPage } from './harness.mjs';
import fs from 'node:fs';

let plain, site, chrome;

const VIOLATIONS = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.effectiveDirective}: ${e.blockedURI || 'inline'}`);
  });
};

before(async () => {
  plain = await serve();
  site = await serveCollection(['seeds', 'tests/fixtures/variants', 'tests/fixtures/kiosk'].map((d) => path.join(ROOT, d)));
  chrome = await browser({ viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await chrome?.close();
  plain?.stop();
  site?.stop();
});

/** A kiosk page of the configured collection, with a fake clock; waits for the attract loop. */
async function kiosk(url = '/#/') {
  const watched = await watchedPage(chrome.context, site.base);
  await watched.page.addInitScript(VIOLATIONS);
  await watched.page.clock.install();
  await watched.page.goto(site.base + url);
  await watched.page.waitForSelector('[data-testid="kiosk-attract"] [data-testid="kiosk-slide"]');
  return watched;
}

/** Saves what the kiosk's screen shows (its bar and screens are fixed to it) for people to look at. */
async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

const clean = async ({ page, problems }) => {
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems(), { errors: [], foreign: [] });
};

test('?kiosk loads the kiosk module under the policy; a plain page never fetches it', async () => {
  const { page, problems } = await watchedPage(chrome.context, plain.base);
  await page.addInitScript(VIOLATIONS);
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));

  await page.goto(plain.base + '/');
  await page.waitForSelector('[data-testid="doc-card"]');
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getAttribute('html', 'data-mode'), null);
  assert.deepEqual(fetched.filter((u) => /exhibit|kiosk/.test(u)), []);

  await page.goto(plain.base + '/?kiosk#/');
  await page.waitForSelector('html[data-mode="kiosk"][data-kiosk="ready"]', { state: 'attached' });
  assert.ok(fetched.some((u) => u.endsWith('/dossier-exhibit_bg.wasm')), 'the module was loaded');
  // without featured items the attract loop still welcomes, with the collection's size
  await page.waitForSelector('[data-testid="kiosk-attract"]');
  await page.waitForFunction(() => /1 declassified/.test(document.querySelector('.kiosk-attract__lead').textContent));
  await clean({ page, problems });
  await page.close();
});

test('the attract loop cycles the featured items until touched; the idle timer waits meanwhile', async () => {
  const w = await kiosk();
  const { page } = w;
  assert.match(await page.textContent('[data-testid="kiosk-slide"]'), /On Some Issues of Soviet-Korean Relations/);
  const hrefs = [];
  for (let i = 0; i < 5; i++) {
    hrefs.push(await page.getAttribute('[data-testid="kiosk-slide"]', 'data-href'));
    await page.clock.runFor(5_000);
  }
  assert.deepEqual(hrefs, ['#/doc/113974', '#/doc/200001', '#/entity/kim-il-sung', '#/entity/soviet-union', '#/doc/113974']);
  await shot(page, 'kiosk-attract');
  // ten minutes of the loop: no "Still reading?"
  await page.clock.runFor(600_000);
  assert.equal(await page.locator('[data-testid="kiosk-idle"]').count(), 0);
  assert.equal(await page.locator('[data-testid="kiosk-attract"]').count(), 1);
  // touching the featured item opens it
  const shown = await page.getAttribute('[data-testid="kiosk-slide"]', 'data-href');
  await page.click('[data-testid="kiosk-slide"]');
  await page.waitForSelector('main [data-testid="doc-body"], main [data-testid="kwic-line"]');
  assert.equal(await page.locator('[data-testid="kiosk-attract"]').count(), 0);
  assert.ok(page.url().endsWith(shown), `${page.url()} opens ${shown}`);
  await clean(w);
  await page.close();
});

test('left alone, "Still reading?" counts down, a touch keeps reading, then it returns to the start with the state cleared', async () => {
  const w = await kiosk();
  const { page } = w;
  await page.click('[data-testid="kiosk-attract"] .kiosk-attract__touch');
  await page.waitForSelector('[data-testid="doc-card"]');
  // a visitor hides the people and searches
  await page.goto(site.base + '/#/doc/113974');
  await page.waitForSelector('[data-testid="doc-body"]');
  await page.click('[data-testid="toggle-person"]');
  assert.equal(await page.evaluate(() => localStorage.getItem('dossier.hidden-kinds')), 'person');
  await page.fill('#search-input', 'soviet');
  await page.clock.runFor(500);
  await page.waitForSelector('[data-testid="result"]');

  // a touch 40 s on starts the idle time again
  await page.clock.runFor(40_000);
  await page.locator('main').click({ position: { x: 4, y: 4 } });
  await page.clock.runFor(59_000);
  assert.equal(await page.locator('[data-testid="kiosk-idle"]').count(), 0);
  await page.clock.runFor(2_000);
  await page.waitForSelector('[data-testid="kiosk-idle"]');
  // (the timer ticks each second, so the touch falls somewhere inside one)
  assert.match(await page.textContent('[data-testid="kiosk-countdown"]'), /^(119|120)$/);
  await shot(page, 'kiosk-still-reading');
  await page.click('[data-testid="kiosk-keep"]');
  await page.waitForSelector('[data-testid="kiosk-idle"]', { state: 'detached' });
  assert.ok(page.url().includes('#/search?q=soviet'), 'still on the results');

  // the timer ticks each second, so the touch falls somewhere inside one: 65 s later 115 or
  // 116 seconds are left
  await page.clock.runFor(65_000);
  assert.match(await page.textContent('[data-testid="kiosk-countdown"]'), /^11[56]$/);
  await page.clock.runFor(116_000);
  await page.waitForSelector('[data-testid="kiosk-attract"]');
  assert.ok(page.url().endsWith('/#/'), page.url());
  assert.equal(await page.inputValue('#search-input'), '');
  assert.equal(await page.evaluate(() => localStorage.getItem('dossier.hidden-kinds')), '');
  await page.click('[data-testid="kiosk-attract"] .kiosk-attract__touch');
  await page.goto(site.base + '/#/doc/113974');
  await page.waitForSelector('[data-testid="doc-body"]');
  assert.ok(await page.locator('mark.entity[data-kind="person"]').count() > 0, 'people highlighted again');
  await clean(w);
  await page.close();
});

test('the on-screen keyboard types into the search box, whose own keyboard stays hidden', async () => {
  const w = await kiosk();
  const { page } = w;
  await page.click('.kiosk-attract__touch');
  await page.click('#search-input');
  await page.waitForSelector('[data-testid="kiosk-keyboard"]:not([hidden])');
  assert.equal(await page.getAttribute('#search-input', 'inputmode'), 'none');
  for (const k of 'sovietx') await page.click(`[data-testid="kiosk-keyboard"] [data-key="${k}"]`);
  await page.click('[data-key="backspace"]');
  assert.equal(await page.inputValue('#search-input'), 'soviet');
  await page.clock.runFor(500);
  await page.waitForSelector('[data-testid="result"]');
  assert.ok(page.url().includes('#/search?q=soviet'));
  await shot(page, 'kiosk-keyboard');
  await page.click('[data-key="enter"]');
  await page.waitForSelector('[data-testid="kiosk-keyboard"][hidden]', { state: 'attached' });
  await clean(w);
  await page.close();
});

test('a link out of the reader shows its address and a QR code, and is not followed; nothing else leads out', async () => {
  const w = await kiosk('/#/entity/soviet-union');
  const { page } = w;
  const pages = chrome.context.pages().length;
  await page.click('.kiosk-attract__touch');
  await page.goto(site.base + '/#/entity/soviet-union');
  const link = page.locator('a[href*="wikidata"]');
  await link.click();
  await page.waitForSelector('[data-testid="kiosk-link"]');
  assert.equal(await page.textContent('[data-testid="kiosk-link-url"]'), 'https://www.wikidata.org/wiki/Q15180');
  const modules = await page.evaluate(() => document.querySelector('[data-testid="kiosk-qr"] path').getAttribute('d').split('M').length - 1);
  assert.ok(modules > 200, `${modules} dark modules`);
  assert.ok(page.url().endsWith('#/entity/soviet-union'), 'still in the reader');
  await shot(page, 'kiosk-link');
  await page.click('[data-testid="kiosk-link-close"]');
  // window.open shows the address too, and opens nothing
  const opened = await page.evaluate(() => window.open('https://example.org/x'));
  assert.equal(opened, null);
  assert.equal(await page.textContent('[data-testid="kiosk-link-url"]'), 'https://example.org/x');
  await page.click('[data-testid="kiosk-link-close"]');
  // no context menu, no dragging, no selection outside the text fields
  const refused = await page.evaluate(() => ['contextmenu', 'dragstart', 'selectstart'].map((type) => {
    const e = new Event(type, { bubbles: true, cancelable: true });
    document.querySelector('main').dispatchEvent(e);
    return e.defaultPrevented;
  }));
  assert.deepEqual(refused, [true, true, true]);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).userSelect), 'none');
  assert.equal(chrome.context.pages().length, pages, 'no window opened');
  await clean(w);
  await page.close();
});

test('controls are at least 44 px; the text size grows', async () => {
  const w = await kiosk();
  const { page } = w;
  await page.click('.kiosk-attract__touch');
  for (const route of ['#/', '#/doc/113974', '#/entities', '#/entity/kim-il-sung']) {
    await page.goto(site.base + '/' + route);
    await page.waitForSelector('main [data-testid]');
    const small = await page.evaluate(() => [...document.querySelectorAll('a, button, input, select, summary')]
      .filter((el) => el.offsetParent !== null && !el.closest('p, li p, .doc-body, .kwic, [hidden]'))
      .map((el) => [el, el.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(([el, r]) => `${el.tagName} ${el.className} "${el.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`));
    assert.deepEqual(small, [], route);
  }
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  await page.click('[data-testid="kiosk-text-2"]');
  assert.ok(await size() > normal * 1.4, 'largest text');
  await page.click('[data-testid="kiosk-text-0"]');
  assert.equal(await size(), normal);
  await clean(w);
  await page.close();
});

test('the operator screen opens with the PIN only, changes the idle time, and leaves kiosk mode', async () => {
  const w = await kiosk();
  const { page } = w;
  await page.click('.kiosk-attract__touch');
  await page.click('[data-testid="kiosk-staff"]');
  for (const d of '1111') await page.click(`[data-testid="kiosk-pad"] [data-key="${d}"]`);
  await page.click('[data-key="ok"]');
  assert.equal(await page.textContent('[data-testid="kiosk-pin-message"]'), 'That PIN is not right.');
  assert.equal(await page.locator('[data-testid="kiosk-exit"]').count(), 0);
  await shot(page, 'kiosk-operator-pin');
  for (const d of '2468') await page.click(`[data-testid="kiosk-pad"] [data-key="${d}"]`);
  await page.click('[data-key="ok"]');
  await page.click('[data-testid="kiosk-idle-more"]');
  assert.equal(await page.textContent('[data-testid="kiosk-idle-seconds"]'), '90 s');
  await shot(page, 'kiosk-operator');
  await page.click('[data-testid="kiosk-operator-close"]');
  // the new idle time holds: nothing at 80 s, "Still reading?" after 90
  await page.clock.runFor(80_000);
  assert.equal(await page.locator('[data-testid="kiosk-idle"]').count(), 0);
  await page.clock.runFor(11_000);
  await page.waitForSelector('[data-testid="kiosk-idle"]');
  await page.click('[data-testid="kiosk-keep"]');
  await page.click('[data-testid="kiosk-staff"]');
  for (const d of '2468') await page.click(`[data-testid="kiosk-pad"] [data-key="${d}"]`);
  await page.click('[data-key="ok"]');
  await page.click('[data-testid="kiosk-exit"]');
  await page.waitForSelector('[data-testid="doc-card"]');
  assert.ok(page.url().includes('?kiosk=0'));
  assert.equal(await page.getAttribute('html', 'data-mode'), null);
  assert.equal(await page.locator('#kiosk').count(), 0);
  await clean(w);
  await page.close();
});

test('after a panic the kiosk restarts itself at the start', async () => {
  const w = await kiosk();
  const { page, problems } = w;
  await page.click('.kiosk-attract__touch');
  await page.goto(site.base + '/#/debug/panic');
  await page.waitForSelector('[data-testid="kiosk-heal"]');
  await page.clock.runFor(6_000);
  await page.waitForSelector('[data-testid="kiosk-attract"]');
  assert.ok(page.url().endsWith('/#/'), page.url());
  // the panic was logged (on purpose); nothing else was
  assert.ok(problems().errors.length > 0);
  assert.ok(problems().errors.every((e) => /recovery screen check|unreachable/.test(e)), problems().errors.join('\n'));
  await page.close();
});
