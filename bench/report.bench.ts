// Time to build every report from one results.json (the sample run: 8 methods x 3 seeds, 4 gallery people):
// the decision rules, the three SVG plots, report.md, report.html and results.csv. One JSON line per stage.
// Usage: node --import tsx bench/report.bench.ts [--iterations N]
import { readFile } from 'node:fs/promises';
import { decide } from '../src/report/decision.js';
import { renderCsv } from '../src/report/csv.js';
import { renderHtml } from '../src/report/html.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderPlots } from '../src/report/plots.js';
import { parseResults } from '../src/report/results.js';

const iterationsFlag = process.argv.indexOf('--iterations');
const iterations = iterationsFlag > 0 ? Number(process.argv[iterationsFlag + 1]) : 7;
const text = await readFile(new URL('../test/fixtures/results-sample.json', import.meta.url), 'utf8');

async function measure(name: string, run: () => unknown): Promise<void> {
  await run(); // warm-up: module initialisation and JIT
  const times: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((first, second) => first - second);
  const medianMs = times[Math.floor(times.length / 2)] ?? Number.NaN;
  process.stdout.write(`${JSON.stringify({ name, backend: 'node', shape: 'sample-8-methods-3-seeds', iterations, medianMs: Number(medianMs.toFixed(2)) })}\n`);
}

const results = parseResults(JSON.parse(text));
const decision = decide(results);
const plots = await renderPlots(results, decision);
await measure('report.parse-results', () => parseResults(JSON.parse(text)));
await measure('report.decide', () => decide(results));
await measure('report.plots', () => renderPlots(results, decision));
await measure('report.markdown', () => renderMarkdown(results, decision));
await measure('report.html', () => renderHtml(results, decision, plots));
await measure('report.csv', () => renderCsv(results));
