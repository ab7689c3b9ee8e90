// What the reader costs to open and to search, in gzip bytes over the wire with an empty
// cache. The start page (everything the library needs, fonts included) must stay within 300 KB
// and the first search (the search worker's wasm and the index parts the query needs) within
// 200 KB, a KB being 1024 bytes (see README, "Size").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { serve, browser, watchedPage } from './harness.mjs';

const START_BUDGET = 300 * 1024;
const SEARCH_BUDGET = 200 * 1024;

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

/** Records every response's URL and gzip size from now on. */
function meter(page) {
  const seen = [];
  page.on('response', async (r) => {
    try {
      const body = await r.body();
      seen.push({ url: r.url().replace(server.base, ''), gzip: zlib.gzipSync(body, { level: 9 }).length });
    } catch { /* redirects and aborted requests have no body */ }
  });
  return {
    take() { const out = seen.splice(0); return out; },
  };
}

const total = (rs) => rs.reduce((n, r) => n + r.gzip, 0);
const table = (rs) => rs.map((r) => `  ${String(r.gzip).padStart(7)}  ${r.url}`).join('\n');

test('the start page and the first search stay within their byte budgets', async () => {
  const { context, close } = await browser();
  try {
    const { page, problems } = await watchedPage(context, server.base);
    const m = meter(page);
    await page.goto(server.base + '/');
    await page.waitForSelector('[data-testid="doc-card"]');
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState('networkidle');
    const start = m.take();
    console.log(`start page: ${total(start)} bytes gzip (budget ${START_BUDGET})\n${table(start)}`);

    await page.keyboard.press('/');
    await page.keyboard.type('soviet');
    await page.waitForSelector('[data-testid="result"]');
    await page.waitForLoadState('networkidle');
    const search = m.take().filter((r) => !r.url.includes('/docs/'));
    console.log(`first search (before the snippets' records): ${total(search)} bytes gzip\n${table(search)}`);

    assert.deepEqual(problems(), { errors: [], foreign: [] });
    assert.ok(total(start) <= START_BUDGET, `the start page loads ${total(start)} bytes gzip`);
    assert.ok(total(search) <= SEARCH_BUDGET, `the first search loads ${total(search)} bytes gzip`);
  } finally {
    await close();
  }
});
