import { join } from 'node:path';
import { writeFileAtomic } from '../../model/atomic.js';
import type { MeanStd, VisionTrackResults } from './vision-track-results.js';

// The vision-only track's report: one table, method x {forget, retain, test accuracy, U-LIRA}, in Markdown
// and in a small self-contained HTML page, beside vision-results.json.

function meanStd(value: MeanStd): string {
  return value.std > 0 ? `${value.mean.toFixed(3)} ± ${value.std.toFixed(3)}` : value.mean.toFixed(3);
}

function attack(value: { accuracy: number; auc: number } | null): string {
  return value ? `${value.accuracy.toFixed(3)} / ${value.auc.toFixed(3)}` : '—';
}

const HEADER = ['Method', 'Forget acc ≈ gold', 'Retain acc ↑', 'Test acc ↑', 'U-LIRA acc / AUC ≈ 0.5', 'Reference score acc / AUC', 'Seconds per model'];

function rows(results: VisionTrackResults): string[][] {
  return results.methods.map((method) => [
    method.label, meanStd(method.forgetAccuracy), meanStd(method.retainAccuracy), meanStd(method.testAccuracy),
    attack(method.uLira), attack(method.uLiraReference), method.secondsPerModel.toFixed(2),
  ]);
}

function describe(results: VisionTrackResults): string {
  return `A face classifier (ViT, ${results.imageSize}px) learns ${results.people} CLEAR people; each method unlearns ${results.forgetPeople} of them. ` +
    `Means ± std over ${results.splits} random forget/retain splits; U-LIRA membership inference with ${results.shadowModels} shadow models ` +
    `(0.5 = the forget people look unseen, as for the gold model). ${results.seconds.toFixed(0)} s in all.`;
}

export function visionTrackMarkdown(results: VisionTrackResults): string {
  const lines = [
    '# CLEAR vision-only track',
    '',
    describe(results),
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`,
    ...rows(results).map((row) => `| ${row.join(' | ')} |`),
    '',
    ...results.notes.map((note) => `- ${note}`),
    '',
  ];
  return lines.join('\n');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

export function visionTrackHtml(results: VisionTrackResults): string {
  const table = [
    `<tr>${HEADER.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr>`,
    ...rows(results).map((row) => `<tr>${row.map((cell, index) => (index === 0 ? `<th>${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`),
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CLEAR vision-only track</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1f2937}
table{border-collapse:collapse;width:100%}th,td{padding:.35rem .6rem;border-bottom:1px solid #e5e7eb}td{text-align:right;font-variant-numeric:tabular-nums}
tr:nth-child(even){background:#f9fafb}th{text-align:left}</style></head>
<body><h1>CLEAR vision-only track</h1><p>${escapeHtml(describe(results))}</p>
<table>${table}</table>
<ul>${results.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul></body></html>
`;
}

export function writeVisionTrackReports(results: VisionTrackResults, outDirectory: string): void {
  writeFileAtomic(join(outDirectory, 'vision-results.json'), JSON.stringify(results, null, 2));
  writeFileAtomic(join(outDirectory, 'vision-report.md'), visionTrackMarkdown(results));
  writeFileAtomic(join(outDirectory, 'vision-report.html'), visionTrackHtml(results));
}
