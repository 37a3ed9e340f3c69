import { formatBytes, formatFraction, formatPValue, formatSeconds, missing } from '../../report/format.js';
import type { AuditItem, AuditModel, AuditReport } from './audit-data.js';

// audit.md: the forget request's audit as plain Markdown, readable in a terminal, a ticket or a pull request.

const TASK_TITLES: Record<AuditItem['task'], string> = { forgetFaces: 'Face naming', forgetCaptions: 'Caption', forgetText: 'Text QA' };

const cell = (text: string | null) => (text === null ? missing : text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim() || '(empty)');
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

export function signedFraction(value: number | null): string {
  if (value === null) return missing;
  const text = Math.abs(value).toFixed(3);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

export function modelCostText(model: AuditModel): string {
  if (model.kind === 'target') return `${formatSeconds(model.seconds)} (training)`;
  if (model.kind === 'gold') return `${formatSeconds(model.seconds)} (retraining)`;
  return `${formatSeconds(model.seconds)}${model.seeds > 1 ? ` (mean of ${model.seeds} seeds)` : ''}`;
}

export const AUDIT_READING_GUIDE = [
  'Forget quality: the p-value of a KS test between the truth ratios of this model and of the gold model (retrained without the named people) on their pictures; near 1 = indistinguishable from never having trained on them, tiny = they are still recognisable.',
  'MIA AUC: the strongest of four membership-inference attacks (loss, zlib, Min-K%, Min-K%++) telling the named people\'s answers from those of held-out people no model saw; 0.5 = indistinguishable.',
  'Δ utility: the change in model utility (harmonic mean of probability, ROUGE-L and truth ratio on the four non-forget tasks) from the target model; negative = the method damaged what it should keep.',
];

export function auditMarkdown(audit: AuditReport): string {
  const lines: string[] = [];
  const { provenance, split } = audit;
  lines.push(`# Forget request audit: ${audit.people.join(', ')}`, '');
  lines.push(`Created ${audit.createdAt} by clearbench ${provenance.clearbenchVersion}. Preset \`${provenance.preset}\`, ${provenance.dataSource} data, seed${provenance.seeds.length > 1 ? 's' : ''} ${provenance.seeds.join(', ')}.`, '');
  lines.push(`**Forget set**: ${split.forgetPictures} pictures${split.qaMapped ? ` and ${split.forgetQaRows} QA rows` : ''} of ${audit.people.length} ${audit.people.length === 1 ? 'person' : 'people'} (${split.forgetSamples} training samples). `
    + `**Retain set**: everyone else (${split.retainSamples} samples). The target model was trained on everyone; the gold model was retrained on the retain set only.`, '');
  for (const note of audit.notes) lines.push(`> ${note}`, '');

  lines.push('## Evidence per method', '');
  lines.push(row(['Model', 'Forget quality (KS p)', '1 − JS', 'MIA AUC', 'Model utility', 'Δ utility', 'Time', 'Peak memory']));
  lines.push(row(Array.from({ length: 8 }, () => '---')));
  for (const model of audit.models) {
    const name = model.kind === 'method' ? model.label : `*${model.label}*`;
    lines.push(row([
      name, formatPValue(model.forgetQualityKs), formatFraction(model.forgetQualityOneMinusJs), formatFraction(model.miaAuc),
      formatFraction(model.modelUtility), model.kind === 'target' ? missing : signedFraction(model.utilityChange),
      modelCostText(model), formatBytes(model.peakMemoryBytes),
    ]));
  }
  lines.push('');
  for (const text of AUDIT_READING_GUIDE) lines.push(`- ${text}`);
  lines.push('');

  lines.push('## Per person', '');
  for (const person of audit.persons) {
    lines.push(`### ${person.name}`, '');
    lines.push(row(['Model', 'Names the face', 'Caption ROUGE-L', 'QA ROUGE-L']), row(['---', '---', '---', '---']));
    for (const figures of person.figures) {
      lines.push(row([figures.label, figures.namingAccuracy === null ? missing : `${Math.round(figures.namingAccuracy * 100)}%`, formatFraction(figures.captionRougeL), formatFraction(figures.qaRougeL)]));
    }
    lines.push('');
    const labels = person.items[0]?.answers.map((answer) => answer.label) ?? [];
    lines.push(row(['Task', 'Question', 'True answer', ...labels.map((label) => (label === 'Target' ? 'Target (before)' : label))]));
    lines.push(row(Array.from({ length: 3 + labels.length }, () => '---')));
    for (const item of person.items) {
      lines.push(row([
        `${TASK_TITLES[item.task]}${item.picture !== null ? ` (picture ${item.picture + 1})` : ''}`, cell(item.question), cell(item.answer),
        ...item.answers.map((answer) => `${cell(answer.generation)}${answer.namesPerson === true ? ' (names them)' : ''}`),
      ]));
    }
    lines.push('');
  }

  lines.push('## Reproduce', '');
  lines.push(`- Code: clearbench ${provenance.clearbenchVersion}, git commit \`${provenance.gitCommit ?? 'unknown (not a git checkout)'}\`${provenance.gitCommit?.endsWith('-dirty') ? ' (the checkout had uncommitted changes)' : ''}`);
  const environment = provenance.environment;
  lines.push(`- Machine: Node ${environment.nodeVersion}, ${environment.platform}, ${environment.cpuModel} (${environment.cpuCores} cores), backend ${environment.backendName}, GEMM ${environment.gemmPath}`);
  lines.push(`- Data: \`${provenance.dataDirectory}\` (${provenance.dataSource})`);
  lines.push(`- Command as given (in \`${provenance.workingDirectory}\`):`, '', '```sh', provenance.command, '```', '');
  lines.push('- Exact re-run from the resolved config written beside this audit, into a directory of its own (add `--fresh` to recompute every cached stage):', '', '```sh', provenance.rerunCommand, '```', '');
  lines.push('### Data hashes (sha256)', '', row(['File', 'sha256']), row(['---', '---']));
  for (const [file, hash] of Object.entries(provenance.dataHashes)) lines.push(row([`\`${file}\``, `\`${hash}\``]));
  lines.push('', `### Config (\`${provenance.configFile}\`)`, '', '```json', JSON.stringify(provenance.config, null, 2), '```', '');
  return `${lines.join('\n')}\n`;
}
