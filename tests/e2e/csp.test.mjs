// The built page's Content-Security-Policy (scripts/csp.mjs, Trunk's post-build hook): only its
// own origin, its one inline script by hash, wasm but no eval. Going through every kind of page
// (library, record, entity, entities, search, find, the search worker) records no violation; a
// script injected into the page is refused, and so is a request to another origin. (Eval is
// refused too, as 'unsafe-eval' is not in the policy; the test cannot show it, because code that
// the test runs in the page through DevTools may eval.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { serve, browser, watchedPage, tour } from './harness.mjs';

let server, chrome, watched;

// Every violation the page reports, in order (set before any script of the page runs).
const RECORD = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.effectiveDirective}: ${e.blockedURI || 'inline'}`);
  });
};

before(async () => {
  server = await serve();
  chrome = await browser();
  watched = await watchedPage(chrome.context, server.base);
  await watched.page.addInitScript(RECORD);
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

const violations = (page) => page.evaluate(() => window.__violations);

test('the page carries a strict policy whose hash matches its one inline script', async () => {
  const html = await (await fetch(server.base + '/')).text();
  const policies = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.equal(policies.length, 1, 'one policy');
  const policy = Object.fromEntries(policies[0][1].split('; ').map((d) => {
    const [name, ...values] = d.split(' ');
    return [name, values];
  }));
  assert.deepEqual(policy['default-src'], ["'none'"]);
  for (const d of ['style-src', 'img-src', 'font-src', 'connect-src', 'worker-src']) {
    assert.deepEqual(policy[d], ["'self'"], d);
  }
  assert.deepEqual(policy['object-src'], ["'none'"]);
  assert.deepEqual(policy['base-uri'], ["'none'"]);
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/src=/.test(m[1]));
  assert.equal(inline.length, 1, 'Trunk\'s loader is the only inline script');
  const hash = `'sha256-${createHash('sha256').update(inline[0][2]).digest('base64')}'`;
  assert.deepEqual(policy['script-src'], ["'self'", hash, "'wasm-unsafe-eval'"]);
  // The policy comes before anything it governs.
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'));
});

test('reading, entities, search and find run with no violation', async () => {
  const { page, problems } = watched;
  await page.goto(server.base + '/');
  await tour(page, server.base);
  await page.waitForTimeout(300);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems(), { errors: [], foreign: [] });
});

test('an injected inline script and a foreign request are refused', async () => {
  const { context } = chrome;
  const page = await context.newPage();
  await page.addInitScript(RECORD);
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-testid="doc-card"]');
  const outcome = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.body.append(s);
    let fetched = true;
    try { await fetch('http://192.0.2.1/'); } catch { fetched = false; }
    await new Promise((r) => setTimeout(r, 200));
    return { ran: window.__ran === true, fetched, violations: window.__violations };
  });
  await page.close();
  assert.equal(outcome.ran, false, 'the injected script ran');
  assert.equal(outcome.fetched, false, 'a request left the origin');
  assert.deepEqual(outcome.violations.map((v) => v.split(':')[0]).sort(), ['connect-src', 'script-src-elem']);
});
