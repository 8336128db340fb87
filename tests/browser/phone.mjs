#!/usr/bin/env node
// phone.mjs BASE_URL PATH...: each page on a phone's screen, in a real
// headless Chromium. A page wider than the screen makes the reader scroll
// sideways to read every line; what is wide on purpose (a table, a chart)
// scrolls inside its own box instead. So at 390 × 844 CSS pixels the page
// must not be wider than the screen: each failure names the widest
// elements that stick out. Uses playwright-core from the validators' cache
// (install-validators.sh a11y). Closes with "phone: N passed, M failed";
// exits 1 on any failure.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = process.env;
const cacheDir = env.SITE_VALIDATORS_DIR ||
  path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'site-validators');
const { chromium } = createRequire(path.join(cacheDir, 'package.json'))('playwright-core');
const [baseArg, ...pages] = process.argv.slice(2);
if (!baseArg || pages.length === 0) {
  console.error('usage: phone.mjs BASE_URL PATH...');
  process.exit(2);
}
const base = baseArg.replace(/\/?$/, '/');
const executablePath = env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
let passed = 0;
let failed = 0;
for (const p of pages) {
  await page.goto(new URL(p.replace(/^\//, ''), base).href, { waitUntil: 'load' });
  const found = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1) {
        // Only the outermost element that sticks out says where to look.
        if (!wide.some((w) => w.el.contains(el))) wide.push({ el, right: Math.round(box.right) });
      }
    }
    return {
      width,
      scroll: document.documentElement.scrollWidth,
      wide: wide.slice(0, 5).map(({ el, right }) =>
        `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${[...el.classList].map((c) => '.' + c).join('')} (to ${right} px)`),
    };
  });
  if (found.scroll > found.width) {
    failed++;
    console.log(`FAIL: ${p}: ${found.scroll} px wide on a ${found.width} px screen: ${found.wide.join(', ')}`);
  } else {
    passed++;
    console.log(`ok: ${p}`);
  }
}
await browser.close();
console.log(`phone: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
