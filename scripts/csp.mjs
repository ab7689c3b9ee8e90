#!/usr/bin/env node
// Trunk's post-build hook (see Trunk.toml): gives the built page a strict Content-Security-Policy.
// Everything comes from the page's own origin; the one inline script, Trunk's loader of the
// reader's wasm, runs by its hash; wasm may be compiled, nothing may be eval'ed; no plugins, no
// <base>, no form posts. The policy goes into index.html as a <meta> element, so it holds on any
// static server and from disk, with no server configuration.
//
//   node scripts/csp.mjs [dir]     (dir: $TRUNK_STAGING_DIR, else dist)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');

// A policy from an earlier run of this hook is replaced, never stacked.
html = html.replace(/<meta[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/gi, '');

// The text of every inline script (one without src), hashed as the browser hashes it.
const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/i.test(m[1])) continue;
  hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
}

const policy = [
  "default-src 'none'",
  `script-src 'self' ${hashes.join(' ')} 'wasm-unsafe-eval'`.replace(/\s+/g, ' '),
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
const charset = /<meta\s+charset=["']?utf-8["']?\s*\/?>/i;
if (!charset.test(html)) {
  console.error(`${file}: no <meta charset=utf-8> to put the Content-Security-Policy after`);
  process.exit(1);
}
// Right after the charset, before anything it governs.
html = html.replace(charset, (m) => m + meta);
fs.writeFileSync(file, html);
console.log(`${file}: Content-Security-Policy with ${hashes.length} hashed inline script(s)`);
