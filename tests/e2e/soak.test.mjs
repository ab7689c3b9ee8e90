// Kiosk soak test: an automated visitor makes 5,000 random interactions (opens records, types
// searches on the on-screen keyboard, toggles entity types, follows entities, goes idle until
// the kiosk returns to the start) in one page, with a fake clock. The page's memory (the JS heap
// after a garbage collection, plus the reader's and the kiosk module's wasm memories) at the end
// must be within 10% of its level after the first 500. Prints the figures.
//
// Run alone with `DOSSIER_DIST=<dist> node --test soak.test.mjs` (DOSSIER_SOAK=<n> for fewer
// interactions); scripts/test runs all 5,000 (about 6 minutes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, serveCollection, browser, watchedPage } from './harness.mjs';

const TOTAL = Number(process.env.DOSSIER_SOAK || 5000);
const WARM = 500;

let site, chrome;
before(async () => {
  site = await serveCollection(['seeds', 'tests/fixtures/variants', 'tests/fixtures/kiosk'].map((d) => path.join(ROOT, d)));
  chrome = await browser({ viewport: { width: 1280, height: 900 } });
});
after(async () => {
  await chrome?.close();
  site?.stop();
});

/** A deterministic random number generator (mulberry32). */
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Waits for `selector` without keeping hold of what it found: the element handle that
 * page.waitForSelector returns keeps its element, and with it the whole page it was part of,
 * alive after the reader has replaced it (until the handle is disposed), which would be
 * counted here as the reader's memory.
 */
const waiter = (page) => (selector, options = {}) => page.locator(selector).first().waitFor(options);

async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const usedSize = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  const wasm = await page.evaluate(() => ({
    app: window.__appWasm?.memory.buffer.byteLength ?? 0,
    kiosk: window.__kioskWasm?.memory.buffer.byteLength ?? 0,
  }));
  return { heap: usedSize, ...wasm, total: usedSize + wasm.app + wasm.kiosk };
}

test(`${TOTAL} random interactions leave memory where it was after ${WARM}`, { timeout: 30 * 60_000 }, async () => {
  const { page, problems } = await watchedPage(chrome.context, site.base);
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__appWasm = e.detail.wasm; });
    addEventListener('DossierExhibitStarted', (e) => { window.__kioskWasm = e.detail.wasm; });
  });
  const seen = waiter(page);
  await page.clock.install();
  await page.goto(site.base + '/#/');
  await seen('[data-testid="kiosk-slide"]');
  // time moves only when the visitor waits (runFor), never by itself: the run does not depend
  // on how fast the machine is
  await page.clock.pauseAt(Date.now() + 1000);
  const cdp = await chrome.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const random = rng(5);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const docs = ['113974', '200001', '200002', '200004', 'bom', 'crlf', 'undated', 'several-languages'];
  const entities = ['kim-il-sung', 'soviet-union', 'leonid-brezhnev', 'moscow', 'north-korea', 'prague'];
  const words = ['soviet', 'korea', 'party', 'china', 'moscow', 'note', 'year:1967', 'kim', 'aid'];
  const counts = {};
  let warm;

  // Chromium hands a wheel to the page's listeners (all passive) after mouse.wheel has returned.
  // With the clock paused, a wheel still on its way would reach the kiosk seconds into the next
  // runFor, as a touch made then, and restart its idle time there: wait until it has arrived.
  const wheel = async (dy) => {
    await page.evaluate(() => {
      window.__wheeled = new Promise((r) => addEventListener('wheel', () => r(), { once: true, capture: true, passive: true }));
    });
    await page.mouse.wheel(0, dy);
    await page.evaluate(() => window.__wheeled);
  };
  const touchToStart = async () => {
    if (await page.locator('[data-testid="kiosk-attract"]').count()) await page.click('.kiosk-attract__touch');
  };
  const actions = {
    async open() { await page.evaluate((id) => { location.hash = `#/doc/${id}`; }, pick(docs)); await seen('main [data-testid="doc-body"], main [data-testid="load-error"]'); },
    async library() { await page.click('[data-testid="kiosk-home"]'); await seen('main [data-testid="doc-card"]'); },
    async openFromLibrary() {
      if (!(await page.locator('main [data-testid="doc-link"]').count())) return actions.library();
      await page.locator('main [data-testid="doc-link"]').nth(Math.floor(random() * 3) % await page.locator('main [data-testid="doc-link"]').count()).click();
      await seen('main [data-testid="doc-body"]');
    },
    async search() {
      await page.click('#search-input');
      await seen('[data-testid="kiosk-keyboard"]:not([hidden])');
      // the keys are touched where they are on the screen (one look at the keyboard, not one per key)
      const keys = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid="kiosk-keyboard"] [data-key]')]
        .map((b) => { const r = b.getBoundingClientRect(); return [b.dataset.key, [r.left + r.width / 2, r.top + r.height / 2]]; })));
      const word = pick(words);
      for (const k of ['clear', ...word]) await page.mouse.click(...keys[k]);
      // the search runs a moment after the last key: its results (or none) for this word
      await page.clock.runFor(300);
      await (await page.waitForFunction((w) => decodeURIComponent(location.hash) === `#/search?q=${w}`
        && !!document.querySelector('main [data-testid="search-page"][aria-busy="false"] :is([data-testid="results"], [data-testid="no-results"])'), word)).dispose();
      await page.mouse.click(...keys.hide);
      await seen('[data-testid="kiosk-keyboard"][hidden]', { state: 'attached' });
    },
    async toggle() {
      const toggles = page.locator('[data-testid^="toggle-"]');
      if (!(await toggles.count())) return actions.open();
      const toggle = toggles.nth(Math.floor(random() * await toggles.count()));
      await toggle.scrollIntoViewIfNeeded();
      await toggle.click();
    },
    async entity() { await page.evaluate((id) => { location.hash = `#/entity/${id}`; }, pick(entities)); await seen('main [data-testid="kwic-line"], main [data-testid="load-error"]'); },
    async mention() {
      // a visitor touches a highlighted name they can see (not one under the find bar)
      const spots = await page.evaluate(() => [...document.querySelectorAll('main mark.entity')].map((m) => {
        const r = m.getClientRects()[0];
        if (!r || r.top < 0 || r.bottom > innerHeight - 100) return null;
        const [x, y] = [r.left + Math.min(r.width / 2, 8), r.top + r.height / 2];
        const hit = document.elementFromPoint(x, y);
        return hit && (hit === m || m.contains(hit)) ? [x, y] : null;
      }).filter(Boolean));
      if (!spots.length) return wheel(300 + Math.floor(random() * 600));
      const [x, y] = pick(spots);
      await page.mouse.click(x, y);
    },
    async idle() {
      // the last touch (opening a record by its address touched nothing), then nothing
      await page.dispatchEvent('main', 'pointerdown');
      await page.clock.runFor(61_000);
      if (!(await page.locator('[data-testid="kiosk-idle"]').count())) throw new Error('no "Still reading?" 61 s after the last touch');
      if (random() < 0.5) { await page.click('[data-testid="kiosk-keep"]'); return; }
      await page.clock.runFor(121_000); // the configured countdown, 120 s
      await seen('[data-testid="kiosk-attract"]');
      await page.clock.runFor(5_000 * Math.ceil(random() * 4));
      await touchToStart();
    },
  };
  const weighted = ['open', 'open', 'openFromLibrary', 'library', 'search', 'search', 'toggle', 'entity', 'mention', 'mention', 'idle'];
  const started = Date.now();
  const recent = [];
  for (let i = 1; i <= TOTAL; i++) {
    await touchToStart();
    const name = pick(weighted);
    counts[name] = (counts[name] || 0) + 1;
    recent.push(name);
    try {
      await actions[name]();
    } catch (e) {
      await page.screenshot({ path: path.join(ROOT, 'tests/e2e/artifacts/soak-failure.png') });
      const state = await page.evaluate(() => ({ idle: document.querySelector('[data-testid="kiosk-idle"]')?.outerHTML.slice(0, 300), now: Date.now(), kiosk: document.querySelector('#kiosk')?.children.length, html: document.documentElement.getAttribute('data-mode') })).catch(() => null);
      throw new Error(`after ${JSON.stringify(recent.slice(-6))}: interaction ${i} (${name}) at ${page.url()}: ${e.message}; ${JSON.stringify(state)}; ${problems().errors.join('; ').slice(0, 2000)}`);
    }
    if (i === WARM) warm = await memory(page, cdp);
  }
  const end = await memory(page, cdp);
  const mb = (n) => (n / 1048576).toFixed(2);
  console.log(`soak: ${TOTAL} interactions in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(counts)}`);
  for (const [label, m] of [[`after ${WARM}`, warm], [`after ${TOTAL}`, end]]) {
    console.log(`  ${label}: JS heap ${mb(m.heap)} MB + reader wasm ${mb(m.app)} MB + kiosk wasm ${mb(m.kiosk)} MB = ${mb(m.total)} MB`);
  }
  assert.ok(warm.app > 0 && warm.kiosk > 0, 'both wasm memories read');
  assert.deepEqual(problems(), { errors: [], foreign: [] });
  assert.ok(end.total <= warm.total * 1.1, `memory grew from ${warm.total} to ${end.total} bytes`);
});
