'use strict';
// The console's production bundle and its first load (issue 11): what a browser must download
// before the sign-in page can show (the entry script and the modules and styles it preloads,
// gzipped as a server would send them), and how long a cold browser takes on loopback from
// navigation to the sign-in form — beside the same browser fetching the service's smallest
// answer (GET /api/health) in the same run, the floor under any page.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');
const { chromium } = require('playwright-core');
const { startService, ROOT } = require('./lib');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-sync',
  '--disable-component-update',
  '--no-first-run',
];

/** The bytes a page needs before it runs: its entry script, modulepreloads and stylesheets. */
function initialAssets(page) {
  const html = readFileSync(join(ROOT, 'web/dist', page), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const sizes = files.map((f) => {
    const bytes = readFileSync(join(ROOT, 'web/dist', f));
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes).length };
  });
  const sum = (kind, key) => sizes.filter((s) => s.file.endsWith(kind)).reduce((n, s) => n + s[key], 0);
  return {
    jsGzipKB: +(sum('.js', 'gzip') / 1024).toFixed(1),
    jsRawKB: +(sum('.js', 'raw') / 1024).toFixed(1),
    cssGzipKB: +(sum('.css', 'gzip') / 1024).toFixed(1),
    files: sizes.length,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);

module.exports = async function consoleBench({ port = 3461, runs = 10 } = {}) {
  const bundle = { console: initialAssets('index.html'), ballotPage: initialAssets('vote.html') };
  const svc = await startService('sqlite', port);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const timings = { signInFormMs: [], ballotFormMs: [], healthMs: [] };
    for (let i = 0; i < runs; i++) {
      for (const [key, path, ready] of [
        ['healthMs', '/api/health', null],
        ['signInFormMs', '/login', '用户名'],
        ['ballotFormMs', '/vote', '选票码'],
      ]) {
        const context = await browser.newContext(); // a cold cache every time
        const page = await context.newPage();
        const t0 = Date.now();
        await page.goto(`${svc.base}${path}`, { waitUntil: 'load' });
        if (ready) await page.getByLabel(ready).waitFor({ state: 'visible' });
        timings[key].push(Date.now() - t0);
        await context.close();
      }
    }
    const figures = {
      bundle,
      firstLoad: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, { median: median(v), max: max(v) }])),
      runs,
    };
    return {
      name: 'the console: initial JavaScript gzipped, and a cold first load on loopback',
      ok: bundle.console.jsGzipKB <= 500 && figures.firstLoad.signInFormMs.median <= 1000,
      figures,
    };
  } finally {
    await browser.close();
    await svc.stop();
  }
};
