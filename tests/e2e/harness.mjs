// Shared harness for the end-to-end tests: serves the release build (dist/) with Python's
// plain static file server (no rewrite rules, as a museum's server might be), launches Debian's
// headless Chromium, and watches every page for console errors and requests leaving the origin.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const DIST = path.resolve(process.env.DOSSIER_DIST || path.join(here, '..', '..', 'dist'));
export const ARTIFACTS = path.join(here, 'artifacts');
export const ROOT = path.resolve(here, '..', '..');
export const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions'];

/** Starts `python3 -m http.server` on a free loopback port; resolves to { base, stop }. */
export async function serve(dir = DIST) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`no build in ${dir}: run trunk build first`);
  const proc = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('static server did not start')), 10_000);
    proc.stdout.on('data', (chunk) => {
      const m = /port (\d+)/.exec(String(chunk));
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    });
    proc.on('exit', (code) => reject(new Error(`static server exited with ${code}`)));
  });
  proc.stderr.resume();
  return { base, stop: () => proc.kill() };
}

/**
 * Builds a copy of the release build whose corpus is compiled from `recordDirs` with the
 * `dossier` CLI (as built by trunk's pre-build hook), and serves it.
 */
export async function serveCollection(recordDirs, buildArgs = []) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-collection-'));
  const records = path.join(root, 'records');
  const site = path.join(root, 'site');
  fs.cpSync(DIST, site, { recursive: true });
  fs.rmSync(path.join(site, 'corpus'), { recursive: true, force: true });
  fs.mkdirSync(records);
  for (const dir of recordDirs) {
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.txt') || f === 'authority.toml' || f === 'dossier.toml')) {
      fs.copyFileSync(path.join(dir, f), path.join(records, f));
    }
  }
  const bin = process.env.DOSSIER_BIN || path.join(here, '..', '..', 'target', 'release', 'dossier');
  execFileSync(bin, ['build', records, '--out', path.join(site, 'corpus'), ...buildArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  // the service worker of this build (its corpus is another)
  execFileSync('node', [path.join(ROOT, 'scripts', 'precache.mjs'), site], { stdio: 'ignore' });
  const server = await serve(site);
  return { ...server, site, stop: () => { server.stop(); fs.rmSync(root, { recursive: true, force: true }); } };
}

/** Launches a fresh Chromium profile; resolves to { context, close }. */
export async function browser(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, ...options,
  });
  return {
    context,
    close: async () => { await context.close(); fs.rmSync(profile, { recursive: true, force: true }); },
  };
}

/**
 * Opens a page that records console errors, uncaught exceptions and every request that leaves
 * `origin`. `problems()` lists them; a clean page has none.
 */
export async function watchedPage(context, origin) {
  const page = await context.newPage();
  const errors = [];
  const foreign = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:') foreign.push(req.url());
  });
  return { page, problems: () => ({ errors, foreign }) };
}

/**
 * Goes through every kind of page of the seed collection, the library being open in `page`: a
 * record and an entity card in it, the entities index, an entity page, a search (the worker,
 * the index, the later entity facets) and the opened result with its matches found.
 */
export async function tour(page, base) {
  await page.waitForSelector('[data-testid="doc-card"]');
  await page.click('[data-testid="doc-link"]');
  await page.waitForSelector('[data-testid="doc-body"]');
  await page.locator('mark.entity[data-entity="kim-il-sung"]').first().click();
  await page.goto(base + '/#/entities');
  await page.waitForSelector('[data-testid="entity-row"]');
  await page.goto(base + '/#/entity/soviet-union');
  await page.waitForSelector('[data-testid="kwic-line"]');
  await page.keyboard.press('/');
  await page.keyboard.type('soviet');
  await page.waitForSelector('[data-testid="result"]');
  await page.waitForSelector('[data-testid="facet-entities"]');
  await page.click('[data-testid="result"] a');
  await page.waitForSelector('mark.found');
}

/**
 * Runs axe-core in the page and returns its violations as readable strings. (Evaluated through
 * DevTools: the page's Content-Security-Policy refuses a script element that carries it.)
 */
export async function axeViolations(page) {
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations);
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Saves a screenshot into tests/e2e/artifacts/ for people to look at. */
export async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
