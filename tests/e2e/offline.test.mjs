// Offline: the service worker caches the whole build on the first visit, in one cache named by
// the build's version; a new build replaces it cleanly; with the server stopped and the network
// cut, the reader still opens, reads, searches and shows entities.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, ROOT, serve, browser, watchedPage, shot, tour } from './harness.mjs';

let site, server, chrome, watched;

before(async () => {
  // a copy, so that a test can make a new build of it
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-offline-'));
  fs.cpSync(DIST, site, { recursive: true });
  server = await serve(site);
  chrome = await browser();
  watched = await watchedPage(chrome.context, server.base);
});

after(async () => {
  await chrome?.close();
  server?.stop();
  fs.rmSync(site, { recursive: true, force: true });
});

/** The version and files the served worker caches. */
function worker() {
  const text = fs.readFileSync(path.join(site, 'sw.js'), 'utf8');
  return {
    version: JSON.parse(/const VERSION = ("[0-9a-f]+");/.exec(text)[1]),
    files: JSON.parse(/const FILES = (\[.*\]);/.exec(text)[1]),
  };
}

/** The page's caches: name → number of entries. */
const caches = (page) => page.evaluate(async () => {
  const out = {};
  for (const key of await window.caches.keys()) out[key] = (await (await window.caches.open(key)).keys()).length;
  return out;
});

test('the first visit caches the whole build, in a cache named by its version', async () => {
  const { page } = watched;
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-testid="doc-card"]');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const { version, files } = worker();
  assert.ok(files.includes('./') && files.some((f) => f.startsWith('./corpus/search/manifest')), 'app and corpus listed');
  assert.ok(files.some((f) => f.endsWith('.wasm')) && files.some((f) => f.startsWith('./corpus/docs/')));
  assert.deepEqual(await caches(page), { [`dossier-${version}`]: files.length });
});

test('a web app manifest makes it installable, and is cached with the rest', async () => {
  const { page } = watched;
  const href = await page.getAttribute('link[rel="manifest"]', 'href');
  const manifest = await page.evaluate(async (h) => (await fetch(h)).json(), href);
  assert.equal(manifest.name, 'Dossier');
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.display, 'standalone');
  for (const icon of manifest.icons) {
    const ok = await page.evaluate(async (src) => (await fetch(src)).ok, icon.src);
    assert.ok(ok, `icon ${icon.src}`);
    assert.ok(worker().files.includes(`./${icon.src}`), `icon ${icon.src} cached`);
  }
  assert.ok(worker().files.includes(`./${href}`), 'manifest cached');
});

test('a new build takes over whole: new cache, old one gone, page reloaded', async () => {
  const { page } = watched;
  // a page the worker already controls (the first one was opened before it existed)
  await page.reload();
  await page.waitForSelector('[data-testid="doc-card"]');
  const before = worker().version;
  // a new build: the corpus changes (trailing space: still the same JSON), and the worker with it
  const changed = 'corpus/catalog.json';
  fs.appendFileSync(path.join(site, changed), ' \t \n');
  execFileSync('node', [path.join(ROOT, 'scripts', 'precache.mjs'), site], { stdio: 'ignore' });
  const { version, files } = worker();
  assert.notEqual(version, before);
  const reloaded = page.waitForEvent('load');
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await reloaded;
  await page.waitForSelector('[data-testid="doc-card"]');
  assert.deepEqual(await caches(page), { [`dossier-${version}`]: files.length });
  const served = await page.evaluate(async (f) => (await fetch(f)).text(), changed);
  assert.ok(served.endsWith(' \t \n'), 'the new build is what the page gets');
});

test('with the server stopped and the network cut, it opens, reads, searches and shows entities', async () => {
  const { page, problems } = watched;
  server.stop();
  await chrome.context.setOffline(true);
  await page.reload();
  await tour(page, server.base);
  await shot(page, 'offline-search');
  assert.deepEqual(problems(), { errors: [], foreign: [] });
});
