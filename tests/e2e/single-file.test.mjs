// The single file (`dossier build … --single-file`): the reader and the seed collection in one
// HTML file, opened from disk (file://) in Chromium with no flags, no server and the network cut.
// The library shows in its own fonts; a record opens with its entities highlighted; hash links,
// Back and Forward and a cold deep link work; an entity page opens; a search (in its worker)
// returns marked results and its entity facets. No request goes anywhere but the file itself
// and the blob: of the search worker; no console error, no Content-Security-Policy violation.
//
// The file is made here from the release build (DOSSIER_DIST) and the seeds, with the dossier
// binary trunk's pre-build hook built (DOSSIER_BIN), unless DOSSIER_SINGLE_FILE names one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, browser, shot } from './harness.mjs';

const DOC = '113974';
let dir, file, url, chrome, page;
const errors = [];
const requests = [];

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-single-file-'));
  file = path.join(dir, 'alone', 'Dossier.html');
  fs.mkdirSync(path.dirname(file));
  if (process.env.DOSSIER_SINGLE_FILE) {
    fs.copyFileSync(process.env.DOSSIER_SINGLE_FILE, file);
  } else {
    const bin = process.env.DOSSIER_BIN || path.join(ROOT, 'target', 'release', 'dossier');
    // built beside the corpus, then moved alone into a folder of its own: it needs no other file
    const built = path.join(dir, 'Dossier.html');
    execFileSync(bin, ['build', path.join(ROOT, 'seeds'), '--out', path.join(dir, 'corpus'),
      '--single-file', built, '--app', DIST], { stdio: ['ignore', 'ignore', 'pipe'] });
    fs.renameSync(built, file);
  }
  url = pathToFileURL(file).href;
  chrome = await browser({ offline: true });
  chrome.context.on('request', (req) => requests.push(req.url()));
  page = await chrome.context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective}: ${e.blockedURI || 'inline'}`);
    });
    // a page from disk is a secure context with navigator.serviceWorker, but no origin to
    // register one for: the reader must not try
    window.__registered = [];
    const container = window.ServiceWorkerContainer?.prototype;
    if (container) {
      const register = container.register;
      container.register = function (...args) { window.__registered.push(String(args[0])); return register.apply(this, args); };
    }
  });
});

after(async () => {
  await chrome?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The policy of the file, by directive. */
function policy(html) {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'a Content-Security-Policy');
  return Object.fromEntries(m[1].split('; ').map((d) => d.split(' ')).map(([n, ...v]) => [n, v]));
}

test('one file: no link to another file, a strict policy naming its inline scripts by hash', () => {
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['Dossier.html']);
  const html = fs.readFileSync(file, 'utf8');
  assert.doesNotMatch(html, /<(?:link|script|img)\b[^>]*\b(?:src|href)=(?!"?data:)/i, 'nothing loaded from elsewhere');
  const csp = policy(html);
  assert.deepEqual(csp['default-src'], ["'none'"]);
  assert.deepEqual(csp['worker-src'], ['blob:']);
  assert.deepEqual(csp['font-src'], ['data:']);
  assert.deepEqual(csp['img-src'], ['data:']);
  assert.equal(csp['connect-src'], undefined, 'no connections: default-src none');
  assert.deepEqual(csp['object-src'], ["'none'"]);
  const hash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  // the scripts that run (not the data blocks), and only those, by hash
  const running = [...html.matchAll(/<script( type=module)?>([\s\S]*?)<\/script>/g)].map((m) => hash(m[2]));
  assert.equal(running.length, 2, 'the file server and the app');
  assert.deepEqual(csp['script-src'], [...running, "'wasm-unsafe-eval'"]);
  const style = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  assert.equal(style.length, 1);
  assert.deepEqual(csp['style-src'], [hash(style[0][1])]);
  assert.match(style[0][1], /src:url\(data:font\/woff2;base64,/);
});

test('opened from disk with the network cut, the library shows, in its own fonts', async () => {
  await page.goto(url);
  await page.waitForSelector('[data-testid="doc-card"]');
  await page.evaluate(() => document.fonts.ready);
  const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
  assert.ok(fonts.some((f) => /Dossier Serif/.test(f)) && fonts.some((f) => /Dossier Sans/.test(f)), `fonts: ${fonts}`);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  await shot(page, 'single-file-library');
});

test('a record opens with its entities highlighted; hash links, Back and Forward work', async () => {
  await page.click('[data-testid="doc-link"]');
  await page.waitForSelector('[data-testid="doc-body"]');
  assert.equal(new URL(page.url()).hash, `#/doc/${DOC}`);
  assert.equal(new URL(page.url()).pathname, new URL(url).pathname, 'routing keeps the file');
  for (const kind of ['person', 'place', 'organization', 'date']) {
    assert.ok(await page.locator(`mark.entity[data-kind="${kind}"]`).count() > 0, `no ${kind} highlighted`);
  }
  const kim = page.locator('mark.entity[data-entity="kim-il-sung"]').first();
  await kim.click();
  assert.match(await kim.locator('[data-testid="entity-card"]').innerText(), /Kim Il Sung: person/);
  await shot(page, 'single-file-document');
  await page.goBack();
  await page.waitForSelector('[data-testid="doc-card"]');
  assert.equal(await page.locator('[data-testid="doc-body"]').count(), 0);
  await page.goForward();
  await page.waitForSelector('[data-testid="doc-body"]');
  assert.equal(new URL(page.url()).hash, `#/doc/${DOC}`);
});

test('an entity page opens from the record, and the entities index from the menu', async () => {
  const kim = page.locator('mark.entity[data-entity="kim-il-sung"]').first();
  await kim.click();
  await kim.locator('[data-testid="entity-card-link"]').click();
  await page.waitForSelector('[data-testid="kwic-line"]');
  assert.equal(await page.textContent('[data-testid="entity-name"]'), 'Kim Il Sung');
  assert.equal(new URL(page.url()).hash, '#/entity/kim-il-sung');
  await page.click('[data-testid="kwic-doc-link"]');
  await page.waitForSelector('[data-testid="doc-body"]');
  await page.click('[data-testid="nav-entities"]');
  await page.waitForSelector('[data-testid="entity-row"]');
});

test('a search runs in its worker: marked results, entity facets, the opened result found', async () => {
  await page.keyboard.press('/');
  await page.keyboard.type('soviet');
  await page.waitForSelector('[data-testid="result"]');
  const marked = await page.$$eval('[data-testid="snippet"] mark.hit', (ms) => ms.map((m) => m.textContent));
  assert.ok(marked.some((w) => /^soviet$/i.test(w)), `marked: ${marked}`);
  await page.waitForSelector('[data-testid="facet-entities"]');
  await shot(page, 'single-file-search');
  await page.click('[data-testid="result"] a');
  await page.waitForSelector('mark.found');
  assert.match(new URL(page.url()).hash, new RegExp(`^#/doc/${DOC}\\?find=`));
});

test('a cold deep link opens the record, and a missing one says so', async () => {
  const fresh = await chrome.context.newPage();
  fresh.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  fresh.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await fresh.goto(`${url}#/entity/soviet-union`);
  await fresh.waitForSelector('[data-testid="kwic-line"]');
  await fresh.goto(`${url}#/doc/no-such-record`);
  await fresh.waitForSelector('[data-testid="not-found"]');
  await fresh.close();
});

test('nothing but the file and the worker\'s blob was requested; no error, no violation', async () => {
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  const elsewhere = requests.filter((r) => !r.startsWith('file:') && !r.startsWith('blob:') && !r.startsWith('data:'));
  assert.deepEqual(elsewhere, []);
  assert.ok(requests.some((r) => r.startsWith('blob:')), `the search worker came from a blob: ${requests}`);
  assert.ok(requests.every((r) => !r.startsWith('file:') || r.split('#')[0] === url), `only the file itself: ${requests}`);
  assert.deepEqual(await page.evaluate(() => window.__registered), [], 'no service worker from disk');
});
