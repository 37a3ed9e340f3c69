// End to end: report.html opened in headless Chromium, as a reader would. Writes the screenshots in docs/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { writeReports } from './write-reports.js';
import { sampleResults } from '../../test/fixtures/results-factory.js';

const chromiumPath = '/usr/bin/chromium';
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const skip = existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath} (Debian package "chromium"): the browser check of report.html is skipped`;

test('report.html opens in headless Chromium without console errors or network requests', { skip, timeout: 120_000 }, async () => {
  const directory = await mkdtemp(join(tmpdir(), 'clearbench-page-'));
  await writeReports(sampleResults(), directory);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`); });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => { if (!/^(file|data):/.test(request.url())) problems.push(`request: ${request.url()}`); });
    await page.goto(pathToFileURL(join(directory, 'report.html')).href, { waitUntil: 'load' });
    assert.deepEqual(problems, []);
    // A string, because this project's TypeScript has no DOM types; it runs in the page.
    const layout = await page.evaluate<{ overflow: number; plots: number[]; images: boolean[] }>(`({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      plots: [...document.querySelectorAll('figure svg')].map((svg) => svg.getBoundingClientRect().width),
      images: [...document.querySelectorAll('img')].map((image) => image.complete && image.naturalWidth > 0),
    })`);
    assert.ok(layout.overflow <= 0, `the page scrolls sideways by ${layout.overflow}px`);
    assert.equal(layout.plots.length, 3);
    assert.ok(layout.plots.every((width) => width > 300), `plots too narrow: ${layout.plots.join(', ')}`);
    assert.ok(layout.images.length > 0 && layout.images.every(Boolean), 'an image failed to decode');
    await mkdir(docs, { recursive: true });
    // Palette PNGs: a third of the size, so the committed screenshots stay small.
    const save = async (png: Buffer, name: string) => writeFile(join(docs, name), await sharp(png).png({ palette: true, quality: 90, effort: 8 }).toBuffer());
    await save(await page.screenshot({ fullPage: true }), 'report-screenshot.png');
    await save(await page.locator('#choosing').screenshot(), 'decision-screenshot.png');
    assert.ok((await stat(join(docs, 'report-screenshot.png'))).size > 50_000);
    // A phone: the page reflows instead of scrolling sideways (wide tables scroll inside their own box).
    await page.setViewportSize({ width: 420, height: 900 });
    assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'), 0);
  } finally {
    await browser.close();
  }
});
