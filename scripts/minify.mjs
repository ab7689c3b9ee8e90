#!/usr/bin/env node
// Trunk's post-build hook, before scripts/csp.mjs (see Trunk.toml): minifies the JS glue that
// wasm-bindgen writes as ES modules, for the reader and the exhibit module (Trunk's own
// minifier gives up on it: it cannot parse `export default`), and puts the new files' hashes
// into the integrity attributes index.html holds for them. The reader's glue is on the start
// page: about 3 KB less gzip.
//
//   node scripts/minify.mjs [dir]     (dir: $TRUNK_STAGING_DIR, else dist)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const here = path.dirname(fileURLToPath(import.meta.url));
// terser is installed with the end-to-end tests' tools (.ci/setup)
const { minify } = createRequire(path.join(here, '..', 'tests', 'e2e', 'package.json'))('terser');

const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
const index = path.join(dir, 'index.html');
let html = fs.readFileSync(index, 'utf8');
for (const name of fs.readdirSync(dir).filter((f) => /^dossier-.*\.js$/.test(f))) {
  const file = path.join(dir, name);
  const source = fs.readFileSync(file, 'utf8');
  // ES modules only: the search worker's classic-script glue is minified by Trunk, and as a
  // module its global `wasm_bindgen` would look unused
  if (!/^export /m.test(source)) continue;
  const { code } = await minify(source, { module: true, ecma: 2020, compress: true, mangle: true });
  if (!code) throw new Error(`${name}: terser returned nothing`);
  fs.writeFileSync(file, code);
  html = html.split(sri(source)).join(sri(code));
  console.log(`minify: ${name} ${source.length} → ${code.length} bytes`);
}
fs.writeFileSync(index, html);
