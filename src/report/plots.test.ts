import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from './decision.js';
import { placeLabels } from './label-placement.js';
import { modelColors } from './palette.js';
import { tradeOffSpec } from './plot-specs.js';
import { namespaceSvgIds, renderPlots } from './plots.js';
import { handMadeResults, sampleResults } from '../../test/fixtures/results-factory.js';

test('the plots render to SVG offline, with every method and both reference models labelled', async () => {
  const results = sampleResults();
  const plots = await renderPlots(results, decide(results));
  for (const svg of [plots.tradeOff, plots.taskBars, plots.lossCurves ?? '']) {
    assert.match(svg, /^<svg [^>]*style="max-width:100%;height:auto"/);
    assert.ok(svg.endsWith('</svg>'));
    assert.ok(!/href="https?:/.test(svg));
  }
  for (const label of ['Target (before)', 'Gold (retrained)', ...results.methods.map((method) => method.label)]) {
    assert.ok(plots.tradeOff.includes(`>${label.replace(/&/g, '&amp;')}<`), label);
  }
  for (const task of ['Forget', 'captions', 'Real', 'world', 'ROUGE-L', 'Truth ratio']) assert.ok(plots.taskBars.includes(`>${task}<`), task);
});

test('the trade-off plot uses a log forget-quality axis and draws the Pareto front through the front only', () => {
  const results = sampleResults();
  const decision = decide(results);
  const spec = JSON.stringify(tradeOffSpec(results, decision, modelColors(results)));
  assert.match(spec, /"type":"log"/);
  assert.match(spec, /"interpolate":"step-after"/);
  const values = JSON.parse(spec).data.values as Array<{ label: string; onFront: boolean; hasSpread: boolean }>;
  assert.deepEqual(values.filter((point) => point.onFront).map((point) => point.label).sort(), ['IDK', 'LLMU + L1', 'Retain FT', 'SCRUB']);
  // Error bars exist for the seeded methods, not for the single-run reference models.
  assert.equal(values.find((point) => point.label === 'GA')?.hasSpread, true);
  assert.equal(values.find((point) => point.label === 'Target')?.hasSpread, false);
});

test('a single-seed run draws no error bars, and p-values of 0 stay on the log axis', async () => {
  const results = handMadeResults([
    { label: 'Zero', forgetQualityKs: 0, modelUtility: 0.5 },
    { label: 'Some', forgetQualityKs: 0.1, modelUtility: 0.55 },
  ]);
  const spec = tradeOffSpec(results, decide(results), modelColors(results));
  const values = JSON.parse(JSON.stringify(spec)).data.values as Array<{ label: string; forgetQuality: number; hasSpread: boolean }>;
  assert.ok(values.every((point) => !point.hasSpread));
  assert.ok((values.find((point) => point.label === 'Zero')?.forgetQuality ?? 0) > 0);
  const plots = await renderPlots(results, decide(results));
  assert.ok(!plots.tradeOff.includes('NaN'));
});

test('ids are namespaced so several SVGs can share one page', () => {
  const svg = '<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"></g><use href="#clip1"/></svg>';
  assert.equal(namespaceSvgIds(svg, 'plot'), '<svg><clipPath id="plot-clip1"><rect/></clipPath><g clip-path="url(#plot-clip1)"></g><use href="#plot-clip1"/></svg>');
});

test('labels of crowded points are moved apart', () => {
  const points = [
    { key: 'a', text: 'GA + L1', x: 300, y: 100 },
    { key: 'b', text: 'NPO', x: 302, y: 102 },
    { key: 'c', text: 'GD', x: 304, y: 98 },
  ];
  const placed = placeLabels(points, { width: 600, height: 400 });
  assert.equal(placed.length, 3);
  const boxes = placed.map((label) => {
    const width = (points.find((point) => point.key === label.key)?.text.length ?? 0) * 6.3;
    const left = label.align === 'left' ? label.x : label.align === 'right' ? label.x - width : label.x - width / 2;
    return { left, right: left + width, top: label.y - 6.5, bottom: label.y + 6.5 };
  });
  for (let first = 0; first < boxes.length; first += 1) {
    for (let second = first + 1; second < boxes.length; second += 1) {
      const [one, two] = [boxes[first], boxes[second]];
      assert.ok(one && two);
      const overlaps = one.left < two.right && two.left < one.right && one.top < two.bottom && two.top < one.bottom;
      assert.ok(!overlaps, `labels ${first} and ${second} overlap`);
    }
  }
});
