// Writes the README's screenshot of a run's report.html: opens it in headless Chromium, offline
// (test/browser/browser.ts), fails on any page error or request outside the page, and saves a
// full-page PNG. Usage (after `autopeer run flash-crowd`):
//   npx vite-node scripts/screenshot-report.ts [out/flash-crowd/seed-1/report.html] [docs/report-html.png]
import { resolve } from 'node:path';
import { ensureChromium, openOffline } from '../test/browser/browser.js';

const [page = 'out/flash-crowd/seed-1/report.html', png = 'docs/report-html.png'] = process.argv.slice(2);

if (!png.endsWith('.png')) throw new Error(`the screenshot's file name must end in .png: ${png}`);
ensureChromium();
const opened = await openOffline(resolve(page));
try {
  await opened.page.waitForFunction(() => document.documentElement.getAttribute('data-charts') !== null, { timeout: 60_000 });
  const state = await opened.page.evaluate(() => document.documentElement.getAttribute('data-charts'));
  const problems = [...opened.errors, ...opened.blocked.map((url) => `requested ${url}`), ...(state === 'drawn' ? [] : [`charts: ${state}`])];
  if (problems.length) throw new Error(`${page} is not right in Chromium:\n${problems.join('\n')}`);
  await opened.page.screenshot({ path: resolve(png) as `${string}.png`, fullPage: true });
  console.log(`wrote ${png}`);
} finally {
  await opened.browser.close();
}
