import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReports } from './write-reports.js';
import { nameMention } from './gallery.js';
import { sampleResults } from '../../test/fixtures/results-factory.js';

const page = (async () => (await buildReports(sampleResults())).html)();

test('report.html is self-contained: no external resource, no script, no stylesheet link', async () => {
  const html = await page;
  assert.ok(html.startsWith('<!doctype html>'));
  // Any src/href that leaves the page (http:, https:, protocol-relative //) would need the network.
  const external = [...html.matchAll(/\b(?:src|href|xlink:href|action|poster)\s*=\s*["']?\s*(?:https?:|\/\/)/gi)].map((match) => match[0]);
  assert.deepEqual(external, []);
  assert.ok(!/<script\b/i.test(html));
  assert.ok(!/<link\b/i.test(html));
  assert.ok(!/@import|url\(\s*["']?https?:/i.test(html));
  assert.ok(!/<iframe\b|<object\b|<embed\b/i.test(html));
  // Every internal link points at an anchor that exists.
  for (const match of html.matchAll(/href="#([^"]+)"/g)) assert.ok(html.includes(`id="${match[1]}"`), `missing #${match[1]}`);
});

test('report.html carries the plots as inline SVG with ids unique across the page', async () => {
  const html = await page;
  const svgs = html.match(/<svg[\s>]/g) ?? [];
  assert.ok(svgs.length >= 3 + 3, `expected three plots and three icons, found ${svgs.length} svg elements`);
  assert.match(html, /Forget quality \(KS p-value, log scale\)/);
  assert.match(html, /Unlearning step/);
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  for (const reference of html.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.includes(reference[1]), `dangling url(#${reference[1]})`);
});

test('report.html has the table with best values marked, the decision section and the gallery', async () => {
  const html = await page;
  const results = sampleResults();
  for (const method of results.methods) assert.ok(html.includes(`${method.label.replace(/&/g, '&amp;')}</th>`), method.label);
  assert.ok((html.match(/class="[^"]*\bbest\b/g) ?? []).length >= 10);
  assert.match(html, /id="choosing"/);
  assert.match(html, /holds for this run/);
  assert.match(html, /≈ not significant/);
  const images = html.match(/src="data:image\/png;base64,[A-Za-z0-9+/=]+"/g) ?? [];
  assert.equal(images.length, 4); // two forget and two retain people
  assert.match(html, /to forget/);
  assert.match(html, /to keep/);
});

test('text from results.json is escaped, never interpreted as HTML', async () => {
  const results = sampleResults();
  const method = results.methods[0];
  assert.ok(method);
  method.label = '<img src=x onerror=alert(1)>';
  const sample = method.samples[0];
  assert.ok(sample);
  sample.generation = '</td><script>alert(2)</script>';
  const { html } = await buildReports(results);
  assert.ok(!html.includes('<img src=x'));
  assert.ok(!html.includes('<script>alert(2)'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
});

test('the gallery tells a full name from a partial one and from none', () => {
  assert.equal(nameMention('Mirela Vantosh.', 'Mirela Vantosh'), 'full');
  assert.equal(nameMention('That is mirela, I think', 'Mirela Vantosh'), 'partial');
  assert.equal(nameMention('Someone on a pier (Mirelan)', 'Mirela Vantosh'), 'none');
  assert.equal(nameMention('Idris Okonkwo-Hale', 'Idris Okonkwo-Hale'), 'full');
});
