#!/usr/bin/env node
// Trunk's post-build hook, after scripts/csp.mjs (see Trunk.toml): writes the service worker
// (static/sw.js with this build's version and files) next to index.html. The version is a hash
// of every file's path and content, so any change to the app or the corpus makes a new worker,
// and with it a new cache (see static/sw.js).
//
//   node scripts/precache.mjs [dir]     (dir: $TRUNK_STAGING_DIR, else dist)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const here = path.dirname(fileURLToPath(import.meta.url));
const template = fs.readFileSync(path.join(here, '..', 'static', 'sw.js'), 'utf8');
const WORKER = 'sw.js';

function walk(d, out = []) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const files = walk(dir)
  .map((p) => path.relative(dir, p).split(path.sep).join('/'))
  .filter((f) => f !== WORKER)
  .sort();
const hash = createHash('sha256');
for (const f of files) {
  hash.update(f).update('\0').update(fs.readFileSync(path.join(dir, f))).update('\0');
}
const version = hash.digest('hex').slice(0, 16);
// The page itself is cached as the folder ("./"), which is what a visitor opens.
const urls = files.map((f) => (f === 'index.html' ? './' : `./${f.split('/').map(encodeURIComponent).join('/')}`));
fs.writeFileSync(path.join(dir, WORKER), template
  .replace("'__VERSION__'", JSON.stringify(version))
  .replace('__FILES__', JSON.stringify(urls)));
console.log(`${path.join(dir, WORKER)}: build ${version}, ${urls.length} files to cache`);
