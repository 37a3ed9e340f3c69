// Turns one results object into the three report files. Each file is written atomically, so a reader (or a run
// killed half-way) never sees a truncated report; the files are written after all three are built, so a failure
// while building leaves the previous reports untouched.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCsv } from './csv.js';
import { decide } from './decision.js';
import type { DecisionOptions } from './decision.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderPlots } from './plots.js';
import type { Results } from './results.js';
import { writeFileAtomic } from './write-file-atomic.js';

export interface ReportFiles { markdown: string; html: string; csv: string }

export async function buildReports(results: Results, decisionOptions?: DecisionOptions): Promise<ReportFiles> {
  const decision = decide(results, decisionOptions);
  const plots = await renderPlots(results, decision);
  return { markdown: renderMarkdown(results, decision), html: renderHtml(results, decision, plots), csv: renderCsv(results) };
}

// Returns the paths written: report.md, report.html, results.csv.
export async function writeReports(results: Results, outDir: string, decisionOptions?: DecisionOptions): Promise<string[]> {
  const files = await buildReports(results, decisionOptions);
  await mkdir(outDir, { recursive: true });
  const written: Array<[string, string]> = [
    [join(outDir, 'report.md'), files.markdown],
    [join(outDir, 'report.html'), files.html],
    [join(outDir, 'results.csv'), files.csv],
  ];
  for (const [path, contents] of written) await writeFileAtomic(path, contents);
  return written.map(([path]) => path);
}
