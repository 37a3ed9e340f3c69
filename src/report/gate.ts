// A pass/fail gate for pipelines (issue 10): a method's measured numbers against bounds the team sets. A criterion
// whose value was not measured FAILS: a gate must never pass for lack of evidence.
import type { MethodResult, Results } from './results.js';
import { metricStatistic, pickForgetQuality, pickUtility } from './statistics.js';

export interface GateOptions {
  method: string; // a label ("GA + L1") or a registry name that only one method of the run has
  minForgetQuality?: number; // forget quality (KS p-value) must be >= this
  maxUtilityDrop?: number; // (target utility - method utility) / target utility must be <= this (0.1 = 10%)
  maxMiaAuc?: number; // the strongest membership-inference attack's AUC, folded to >= 0.5, must be <= this
}

export interface GateCriterion {
  id: 'forgetQuality' | 'utilityDrop' | 'miaAuc';
  name: string;
  measured: number | null;
  comparison: '>=' | '<=';
  bound: number;
  pass: boolean;
  note: string; // how the value was measured, or why it is missing
}

export class GateError extends Error {
  override name = 'GateError';
}

export function findMethod(results: Results, nameOrLabel: string): MethodResult {
  const byLabel = results.methods.find((method) => method.label === nameOrLabel);
  if (byLabel) return byLabel;
  const byName = results.methods.filter((method) => method.name === nameOrLabel);
  const [only] = byName;
  if (byName.length === 1 && only) return only;
  const labels = results.methods.map((method) => JSON.stringify(method.label)).join(', ');
  if (byName.length > 1) {
    throw new GateError(`several methods are named ${nameOrLabel}: pass one of their labels: ${byName.map((method) => JSON.stringify(method.label)).join(', ')}`);
  }
  throw new GateError(`no method ${JSON.stringify(nameOrLabel)} in this run; methods: ${labels === '' ? '(none)' : labels}`);
}

// An AUC of 0.3 leaks as much as 0.7 (the forget people stand out by being too unfamiliar), so fold it.
export function strongestMiaAuc(mia: NonNullable<MethodResult['metrics']['mia']>): number {
  const aucs = [mia.lossAuc, mia.zlibAuc, mia.minKAuc, mia.minKPlusPlusAuc, ...(mia.uLiraAuc == null ? [] : [mia.uLiraAuc])];
  return Math.max(...aucs.map((auc) => Math.max(auc, 1 - auc)));
}

export function evaluateGate(results: Results, options: GateOptions): GateCriterion[] {
  const method = findMethod(results, options.method);
  const seeds = method.seedRuns?.length ?? 0;
  const over = seeds >= 2 ? `mean over ${seeds} seeds` : 'one seed';
  const criteria: GateCriterion[] = [];
  const criterion = (partial: Omit<GateCriterion, 'pass'>): GateCriterion => ({
    ...partial,
    pass: partial.measured !== null && (partial.comparison === '>=' ? partial.measured >= partial.bound : partial.measured <= partial.bound),
  });
  if (options.minForgetQuality !== undefined) {
    const measured = metricStatistic(method, pickForgetQuality)?.mean ?? null;
    criteria.push(criterion({
      id: 'forgetQuality', name: 'forget quality (KS p-value)', measured, comparison: '>=', bound: options.minForgetQuality,
      note: measured === null ? 'forget quality was not measured' : over,
    }));
  }
  if (options.maxUtilityDrop !== undefined) {
    const utility = metricStatistic(method, pickUtility)?.mean ?? null;
    const targetUtility = results.references.target.metrics.modelUtility;
    const measured = utility === null || targetUtility === null || targetUtility <= 0 ? null : (targetUtility - utility) / targetUtility;
    criteria.push(criterion({
      id: 'utilityDrop', name: 'model utility drop vs the target (fraction)', measured, comparison: '<=', bound: options.maxUtilityDrop,
      note: measured === null ? 'model utility of the method or the target was not measured' : `utility ${utility?.toFixed(4)} vs target ${targetUtility?.toFixed(4)}, ${over}`,
    }));
  }
  if (options.maxMiaAuc !== undefined) {
    const runs = (method.seedRuns ?? []).length >= 2 ? (method.seedRuns ?? []).map((run) => run.metrics) : [method.metrics];
    const aucs = runs.map((metrics) => (metrics.mia === null ? null : strongestMiaAuc(metrics.mia)));
    const measured = aucs.every((auc): auc is number => auc !== null) ? aucs.reduce((sum, auc) => sum + auc, 0) / aucs.length : null;
    criteria.push(criterion({
      id: 'miaAuc', name: 'membership-inference AUC (strongest attack, folded to >= 0.5)', measured, comparison: '<=', bound: options.maxMiaAuc,
      note: measured === null ? 'membership inference was not measured' : over,
    }));
  }
  return criteria;
}

export function formatMeasured(value: number | null): string {
  if (value === null) return 'not measured';
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

// "FAIL forget quality (KS p-value): measured 0.0172, bound >= 0.05 (mean over 3 seeds)"
export function describeCriterion(criterion: GateCriterion): string {
  return `${criterion.pass ? 'PASS' : 'FAIL'} ${criterion.name}: measured ${formatMeasured(criterion.measured)}, bound ${criterion.comparison} ${formatMeasured(criterion.bound)} (${criterion.note})`;
}

// XML 1.0 forbids most control characters even when escaped; drop them along with lone surrogates.
function escapeXml(text: string): string {
  return text
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export interface JunitOptions { method: string; timestamp?: string; suiteName?: string }

export function junitXml(criteria: readonly GateCriterion[], options: JunitOptions): string {
  const failures = criteria.filter((criterion) => !criterion.pass).length;
  const suite = options.suiteName ?? 'clearbench gate';
  const timestamp = options.timestamp === undefined ? '' : ` timestamp="${escapeXml(options.timestamp)}"`;
  const cases = criteria.map((criterion) => {
    const name = escapeXml(`${criterion.name} ${criterion.comparison} ${formatMeasured(criterion.bound)}`);
    const head = `    <testcase classname="${escapeXml(`clearbench.gate.${options.method}`)}" name="${name}" time="0"`;
    if (criterion.pass) return `${head}>\n      <system-out>${escapeXml(describeCriterion(criterion))}</system-out>\n    </testcase>`;
    const message = escapeXml(`measured ${formatMeasured(criterion.measured)}, bound ${criterion.comparison} ${formatMeasured(criterion.bound)}`);
    return `${head}>\n      <failure message="${message}" type="GateCriterionFailed">${escapeXml(describeCriterion(criterion))}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suite)}" tests="${criteria.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${escapeXml(`${suite}: ${options.method}`)}" tests="${criteria.length}" failures="${failures}" errors="0" skipped="0"${timestamp}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
