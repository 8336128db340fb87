#!/usr/bin/env node
// tests/browser/serve.mjs: `dossier serve` in a real headless Chromium
// (issue #3), driven by playwright-core.
//
// Serves a copy of tests/fixtures/full on a free port, opens a brief, and
// then only edits files on disk: the open page must follow by itself (the
// test never reloads it), show the error overlay when the front matter
// breaks, and come back when it is fixed.
//
//   node tests/browser/serve.mjs
//
// Needs `../shared/tools/install-validators.sh a11y` (Debian chromium, and
// playwright-core in ${SITE_VALIDATORS_DIR:-${XDG_CACHE_HOME:-~/.cache}/site-validators})
// and a built binary. Environment: DOSSIER (default target/debug/dossier),
// CHROMIUM_PATH (default /usr/bin/chromium), BROWSER_SHOTS (where a failing
// step leaves a screenshot; default target/browser).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = env.SITE_VALIDATORS_DIR ||
  path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'site-validators');
const dossier = path.resolve(repo, env.DOSSIER || 'target/debug/dossier');
const shots = path.resolve(repo, env.BROWSER_SHOTS || 'target/browser');
const STEP_MS = 20000;

function fail(message) {
  console.error(`browser/serve: FAIL: ${message}`);
  process.exitCode = 1;
}

let chromium;
try {
  ({ chromium } = createRequire(path.join(cacheDir, 'package.json'))('playwright-core'));
} catch (e) {
  console.error(`browser/serve: playwright-core not found under ${cacheDir}: run install-validators.sh a11y (${e.code || e.message})`);
  process.exit(2);
}

// The site: a copy of the full fixture, edited by the test.
const work = mkdtempSync(path.join(os.tmpdir(), 'dossier-browser-'));
const site = path.join(work, 'site');
cpSync(path.join(repo, 'tests/fixtures/full'), site, { recursive: true });
const briefFile = path.join(site, 'content/briefs/cooperation-militaire.md');
const original = readFileSync(briefFile, 'utf8');
const oldTitle = 'Sénégal–Mali : Dakar et Bamako resserrent leur coopération militaire';
const newTitle = 'Dakar et Bamako signent un pacte de défense';
if (!original.includes(oldTitle)) throw new Error('the fixture brief changed: update this test');

// The server, on a free port; its URL is on its standard output.
const server = spawn(dossier, ['--root', site, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let printed = '';
server.stdout.on('data', (d) => { printed += d; });
server.stderr.on('data', (d) => { printed += d; });
const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => {
    server.kill();
    reject(new Error(`serve printed no URL:\n${printed}`));
  }, 60000);
  server.stdout.on('data', () => {
    const m = printed.match(/serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${printed}`)));
});

const browser = await chromium.launch({
  executablePath: env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));

// Polls `test` (run in the page) until it holds; the page may reload
// meanwhile, which is the point.
async function until(what, test, arg) {
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    try {
      if (await page.evaluate(test, arg)) return;
    } catch {
      // the page was navigating: try again
    }
    if (Date.now() > deadline) {
      mkdirSync(shots, { recursive: true });
      const shot = path.join(shots, `serve-${what.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      throw new Error(`${what}: not seen within ${STEP_MS} ms (screenshot ${shot})\nserver output:\n${printed}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
// French pages set a narrow no-break space before `:` (issue 15): the
// title is compared as written, with any space as a space.
const h1Has = (text) =>
  document.querySelector('main h1')?.textContent.replace(/[\u00a0\u202f]/g, ' ').includes(text);
const overlayShows = (where) => {
  const panel = document.getElementById('dossier-problems');
  return !!panel && panel.getBoundingClientRect().height > 0 && panel.textContent.includes(where);
};
const noOverlay = () => document.readyState === 'complete' && !document.getElementById('dossier-problems');

try {
  const url = new URL('briefs/cooperation-militaire/', base).href;
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response.status() !== 200) throw new Error(`${url}: HTTP ${response.status()}`);
  await until('the brief is open', h1Has, oldTitle);
  // Marks this document: a reload replaces it with one without the mark.
  await page.evaluate(() => { window.openedByTheTest = true; });

  // 1. The title changes on disk; the open page follows by itself.
  writeFileSync(briefFile, original.replace(oldTitle, newTitle));
  await until('the new title', h1Has, newTitle);
  if (await page.evaluate(() => window.openedByTheTest)) {
    throw new Error('the new title is shown in the document the test opened: who changed it?');
  }
  console.log('browser/serve: ok: the open page reloaded itself and shows the new title');

  // 2. The front matter breaks: the overlay names the place.
  const broken = original.replace(oldTitle, newTitle).replace('date: 2025-12-01', 'date: 2025-13-45');
  writeFileSync(briefFile, broken);
  await until('the error overlay', overlayShows, 'content/briefs/cooperation-militaire.md:3:7');
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'serve-overlay.png') });
  const panel = await page.textContent('#dossier-problems');
  if (!panel.includes('date: 2025-13-45')) throw new Error(`the overlay lacks the source line:\n${panel}`);
  console.log('browser/serve: ok: the overlay shows content/briefs/cooperation-militaire.md:3:7 and its line');

  // 3. The fix brings the page back, without the overlay.
  writeFileSync(briefFile, original.replace(oldTitle, newTitle));
  await until('the page back', noOverlay);
  await until('the title after the fix', h1Has, newTitle);
  console.log('browser/serve: ok: the fixed page is back without the overlay');
  if (errors.length) throw new Error(`JavaScript errors in the page: ${errors.join('; ')}`);
} catch (e) {
  fail(e.message);
} finally {
  await browser.close();
  server.kill('SIGINT');
  rmSync(work, { recursive: true, force: true });
}
if (!process.exitCode) console.log('browser/serve: passed');
