import { escapeHtml, scientificHtml } from '../../report/html-escape.js';
import { pageStyle } from '../../report/html-style.js';
import { formatBytes, formatFraction, formatPValue, missing } from '../../report/format.js';
import type { AuditItem, AuditReport } from './audit-data.js';
import { AUDIT_READING_GUIDE, modelCostText, signedFraction } from './audit-markdown.js';

// audit.html: the same audit as audit.md, one self-contained page with the named people's pictures beside
// the answers before (target) and after (each method).

const TASK_TITLES: Record<AuditItem['task'], string> = { forgetFaces: 'Face naming', forgetCaptions: 'Caption', forgetText: 'Text QA' };

const auditStyle = `
table.audit { border-collapse: collapse; width: 100%; font-size: .84rem; }
table.audit th, table.audit td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.audit thead th { background: #f8fafc; font-weight: 600; position: sticky; top: 0; }
table.audit.numbers th:not(:first-child) { text-align: right; }
table.audit td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.audit tr.reference td { background: var(--reference-bg); font-style: italic; color: #475569; }
table.audit td.named { background: var(--warn-bg); }
table.audit img { width: 72px; height: 72px; image-rendering: pixelated; border-radius: 6px; display: block; }
.note { background: var(--warn-bg); color: var(--warn); border-radius: 8px; padding: 8px 12px; margin: 0 0 12px; }
`;

const text = (value: string | null) => (value === null ? missing : escapeHtml(value) || '<span class="muted">(empty)</span>');

export function auditHtml(audit: AuditReport): string {
  const { provenance, split } = audit;
  const title = `Forget request audit: ${audit.people.join(', ')}`;
  const evidence = audit.models.map((model) => `<tr class="${model.kind === 'method' ? 'method' : 'reference'}">
<td>${escapeHtml(model.label)}</td><td class="number">${scientificHtml(formatPValue(model.forgetQualityKs))}</td><td class="number">${formatFraction(model.forgetQualityOneMinusJs)}</td>
<td class="number">${formatFraction(model.miaAuc)}</td><td class="number">${formatFraction(model.modelUtility)}</td>
<td class="number">${model.kind === 'target' ? missing : signedFraction(model.utilityChange)}</td><td class="number">${escapeHtml(modelCostText(model))}</td><td class="number">${formatBytes(model.peakMemoryBytes)}</td></tr>`).join('\n');

  const persons = audit.persons.map((person) => {
    const figures = person.figures.map((figure) => `<tr class="${figure.label === 'Target' || figure.label === 'Gold' ? 'reference' : 'method'}"><td>${escapeHtml(figure.label)}</td>
<td class="number">${figure.namingAccuracy === null ? missing : `${Math.round(figure.namingAccuracy * 100)}%`}</td><td class="number">${formatFraction(figure.captionRougeL)}</td><td class="number">${formatFraction(figure.qaRougeL)}</td></tr>`).join('\n');
    const labels = person.items[0]?.answers.map((answer) => answer.label) ?? [];
    const items = person.items.map((item) => `<tr><td>${item.picture !== null && audit.pictures[item.picture] ? `<img src="${audit.pictures[item.picture]}" alt="picture ${item.picture + 1} of ${escapeHtml(person.name)}">` : ''}</td>
<td>${TASK_TITLES[item.task]}</td><td>${escapeHtml(item.question)}</td><td>${escapeHtml(item.answer)}</td>
${item.answers.map((answer) => `<td${answer.namesPerson ? ' class="named" title="the answer names the person"' : ''}>${text(answer.generation)}</td>`).join('')}</tr>`).join('\n');
    return `<section class="card"><h2>${escapeHtml(person.name)}</h2>
<table class="audit numbers"><thead><tr><th>Model</th><th>Names the face</th><th>Caption ROUGE-L</th><th>QA ROUGE-L</th></tr></thead><tbody>${figures}</tbody></table>
<h3>Questions and answers, before (target) and after</h3><p class="muted">Highlighted: the answer names the person.</p>
<div class="table-scroll"><table class="audit"><thead><tr><th>Picture</th><th>Task</th><th>Question</th><th>True answer</th>${labels.map((label) => `<th>${escapeHtml(label === 'Target' ? 'Target (before)' : label)}</th>`).join('')}</tr></thead>
<tbody>${items}</tbody></table></div></section>`;
  }).join('\n');

  const hashes = Object.entries(provenance.dataHashes).map(([file, hash]) => `<tr><td><code>${escapeHtml(file)}</code></td><td><code>${hash}</code></td></tr>`).join('');
  const environment = provenance.environment;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${pageStyle}${auditStyle}</style></head>
<body><header class="hero"><div class="wrap"><p class="kicker">clearbench forget request</p><h1>${escapeHtml(title)}</h1>
<div class="chips"><span>preset ${escapeHtml(provenance.preset)}</span><span>${escapeHtml(provenance.dataSource)} data</span><span>seed${provenance.seeds.length > 1 ? 's' : ''} ${provenance.seeds.join(', ')}</span><span>${escapeHtml(audit.createdAt)}</span></div></div></header>
<main class="wrap">
<section class="card"><h2>Request</h2>
<p class="lead"><strong>Forget set</strong>: ${split.forgetPictures} pictures${split.qaMapped ? ` and ${split.forgetQaRows} QA rows` : ''} of ${audit.people.length} ${audit.people.length === 1 ? 'person' : 'people'} (${split.forgetSamples} training samples).
<strong>Retain set</strong>: everyone else (${split.retainSamples} samples). The target model was trained on everyone; the gold model was retrained on the retain set only.</p>
${audit.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('\n')}</section>
<section class="card"><h2>Evidence per method</h2>
<div class="table-scroll"><table class="audit numbers"><thead><tr><th>Model</th><th>Forget quality (KS p)</th><th>1 − JS</th><th>MIA AUC</th><th>Model utility</th><th>Δ utility</th><th>Time</th><th>Peak memory</th></tr></thead>
<tbody>${evidence}</tbody></table></div>
<ul>${AUDIT_READING_GUIDE.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section>
${persons}
<section class="card"><h2>Reproduce</h2>
<p>Code: clearbench ${escapeHtml(provenance.clearbenchVersion)}, git commit <code>${escapeHtml(provenance.gitCommit ?? 'unknown (not a git checkout)')}</code>.
Machine: Node ${escapeHtml(environment.nodeVersion)}, ${escapeHtml(environment.platform)}, ${escapeHtml(environment.cpuModel)} (${environment.cpuCores} cores), backend ${escapeHtml(environment.backendName)}.
Data: <code>${escapeHtml(provenance.dataDirectory)}</code> (${escapeHtml(provenance.dataSource)}).</p>
<p>Command as given (in <code>${escapeHtml(provenance.workingDirectory)}</code>):</p><pre>${escapeHtml(provenance.command)}</pre>
<p>Exact re-run from the resolved config written beside this audit, into a directory of its own (add <code>--fresh</code> to recompute every cached stage):</p><pre>${escapeHtml(provenance.rerunCommand)}</pre>
<h3>Data hashes (sha256)</h3><div class="table-scroll"><table class="audit"><tbody>${hashes}</tbody></table></div>
<h3>Config (<code>${escapeHtml(provenance.configFile)}</code>)</h3><pre>${escapeHtml(JSON.stringify(provenance.config, null, 2))}</pre></section>
</main></body></html>
`;
}
