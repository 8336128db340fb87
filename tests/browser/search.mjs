#!/usr/bin/env node
// search.mjs BASE_URL: the search page in a real headless Chromium (issue 4).
//
// Types queries into BASE_URL/search/ as a reader would and checks the
// results: accent- and case-insensitive matching, grouping by kind, marked
// words, the empty state, arrow keys, and ?q= in the address. Uses
// playwright-core from the validators' cache (install-validators.sh a11y).
// Closes with "search: N passed, M failed"; exits 1 on any failure.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = process.env;
const cacheDir = env.SITE_VALIDATORS_DIR ||
  path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'site-validators');
const { chromium } = createRequire(path.join(cacheDir, 'package.json'))('playwright-core');
const base = (process.argv[2] || '').replace(/\/?$/, '/');
if (!process.argv[2]) {
  console.error('usage: search.mjs BASE_URL');
  process.exit(2);
}
const executablePath = env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok: ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL: ${name}: ${e.message}`);
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const page = await browser.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));

async function search(query) {
  await page.fill('#search-query', '');
  await page.type('#search-query', query);
  await page.waitForFunction(
    (q) => document.getElementById('search-status').textContent !== '' &&
      new URL(location.href).searchParams.get('q') === q,
    query, { timeout: 5000 });
}

await page.goto(`${base}search/`);

await check('"senegal cedeao" finds the brief on Sénégal and the Cédéao, marked', async () => {
  await search('senegal cedeao');
  const titles = await page.$$eval('.search-group a.search-title', (as) => as.map((a) => a.textContent));
  expect(titles.some((t) => t.includes('Sénégal')), `titles: ${titles}`);
  const marks = await page.$$eval('.search-results mark', (ms) => ms.map((m) => m.textContent));
  expect(marks.some((m) => m === 'Sénégal' || m === 'sénégal'), `marks: ${marks}`);
});

await check('"cedeao" finds the Cédéao actor and the withdrawal event, grouped by kind', async () => {
  await search('cedeao');
  const groups = await page.$$eval('.search-group h2', (hs) => hs.map((h) => h.textContent));
  expect(groups.some((g) => g.startsWith('Acteurs')), `groups: ${groups}`);
  expect(groups.some((g) => g.startsWith('Événements')), `groups: ${groups}`);
  const titles = await page.$$eval('a.search-title', (as) => as.map((a) => a.textContent));
  expect(titles.includes('Cédéao'), `titles: ${titles}`);
  expect(titles.includes('Retrait du Mali de la Cédéao'), `titles: ${titles}`);
});

await check('case and accents are ignored: "SÉNÉGAL" and "senegal" give the same results', async () => {
  await search('SÉNÉGAL');
  const upper = await page.$$eval('a.search-title', (as) => as.map((a) => a.href));
  await search('senegal');
  const lower = await page.$$eval('a.search-title', (as) => as.map((a) => a.href));
  expect(upper.length > 0 && JSON.stringify(upper) === JSON.stringify(lower), `${upper.length} vs ${lower.length}`);
});

await check('a query matching nothing says so', async () => {
  await search('zzzxqw');
  const status = await page.textContent('#search-status');
  expect(status.includes('Aucun résultat'), `status: ${status}`);
  expect((await page.$$('a.search-title')).length === 0, 'results shown');
});

await check('arrow keys move from the box to the results and back', async () => {
  await search('mali');
  await page.focus('#search-query');
  await page.keyboard.press('ArrowDown');
  const first = await page.evaluate(() => document.activeElement.className);
  expect(first === 'search-title', `focused: ${first}`);
  await page.keyboard.press('ArrowUp');
  const back = await page.evaluate(() => document.activeElement.id);
  expect(back === 'search-query', `focused: ${back}`);
});

await check('the header box of any page lands on the results', async () => {
  await page.goto(`${base}countries/mali/`);
  await page.fill('#header-search', 'jnim');
  await page.press('#header-search', 'Enter');
  await page.waitForURL(/search\/\?q=jnim/);
  await page.waitForSelector('a.search-title', { timeout: 5000 });
  const titles = await page.$$eval('a.search-title', (as) => as.map((a) => a.textContent));
  expect(titles.includes('JNIM'), `titles: ${titles}`);
});

await check('words of a body are found, accents ignored, with the passage around them (issue 15)', async () => {
  await page.goto(`${base}search/`);
  await search('turbulences regionales');
  const titles = await page.$$eval('a.search-title', (as) => as.map((a) => a.textContent));
  expect(titles.some((t) => t.includes('Dakar et Bamako')), `titles: ${titles}`);
  await page.waitForSelector('.search-passage mark', { timeout: 5000 });
  const marks = await page.$$eval('.search-passage mark', (ms) => ms.map((m) => m.textContent));
  expect(marks.includes('régionales') && marks.includes('turbulences'), `marks: ${marks}`);
  const passage = await page.textContent('.search-passage');
  expect(passage.includes('Malgré les turbulences régionales'), `passage: ${passage}`);
});

await check('a word found only in bodies is matched by its start: "pragmati" finds "pragmatique"', async () => {
  await search('pragmati');
  const titles = await page.$$eval('a.search-title', (as) => as.map((a) => a.textContent));
  expect(titles.some((t) => t.includes('Dakar et Bamako')), `titles: ${titles}`);
  await search('ragmatique');
  expect((await page.$$('a.search-title')).length === 0, 'the middle of a word matched');
});

await check('without JavaScript, the search page says so and links to the lists', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const bare = await context.newPage();
  await bare.goto(`${base}search/`);
  const note = await bare.textContent('.search-note');
  expect(note.includes('JavaScript'), `note: ${note}`);
  const links = await bare.$$eval('.search-browse a', (as) => as.map((a) => a.getAttribute('href')));
  expect(links.length >= 4 && links.every((h) => h.startsWith('/')), `links: ${links}`);
  expect(await bare.isVisible('.search-browse'), 'the links are not shown');
  await context.close();
});

await check('no script error on the page', async () => {
  expect(errors.length === 0, errors.join('; '));
});

await browser.close();
console.log(`search: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
