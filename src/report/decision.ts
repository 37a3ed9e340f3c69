// "Choosing a method" (issue 10): three priorities, each ranking the methods of THIS run by a rule that fits in one
// sentence, so a privacy or product team can check the advice against the numbers beside it. Nothing here comes
// from published claims about the methods; a method's standing is whatever it measured here.
import { formatBytes, formatPValue, formatPercent, formatSeconds, formatStatistic } from './format.js';
import { methodDescription } from './method-descriptions.js';
import type { MethodResult, Results } from './results.js';
import { intervalsOverlap, metricStatistic, pickForgetQuality, pickUtility, secondsStatistic, statisticOf } from './statistics.js';
import type { Statistic } from './statistics.js';

export interface DecisionOptions {
  utilityBound: number; // cost first keeps methods with utility >= utilityBound x the target's
  forgetProgressBound: number; // ... and normalised forget quality >= this (0.5: half the target's log-distance to p = 1)
}
export const defaultDecisionOptions: DecisionOptions = { utilityBound: 0.9, forgetProgressBound: 0.5 };

// How a ranked method compares with the one just above it, on the key that decided their order.
export type Comparison = 'tie' | 'not significant' | 'significant' | 'single run';

export interface RankedMethod {
  label: string;
  name: string;
  figures: string; // the numbers the rule used, formatted
  comparedWithPrevious: Comparison | null; // null for the first
}
export interface ExcludedMethod { label: string; reason: string }
export interface Priority {
  id: 'forgetting' | 'balanced' | 'cost';
  title: string;
  audience: string;
  rule: string; // one sentence
  ranked: RankedMethod[];
  excluded: ExcludedMethod[];
}
export interface MethodLine { label: string; name: string; line: string }
export interface Decision {
  priorities: Priority[];
  methodLines: MethodLine[];
  scope: string;
  seedsNote: string;
  warnings: string[];
}

interface Candidate {
  method: MethodResult;
  forgetQuality: Statistic | null;
  utility: Statistic | null;
  score: Statistic | null;
  progress: number | null;
  seconds: Statistic;
}

// Where the normalised forget-quality scale puts 0: the target's p-value, or 0.05 when the target is already that
// close to the gold model (then the run barely separates them and the warning says so).
const separationLevel = 0.05;
const logFloor = 1e-300;

export function forgetProgress(forgetQuality: number, targetForgetQuality: number | null): number {
  const anchor = Math.min(targetForgetQuality ?? separationLevel, separationLevel);
  const progress = 1 - Math.log10(Math.max(forgetQuality, logFloor)) / Math.log10(Math.max(anchor, logFloor));
  return Math.min(1, Math.max(0, progress));
}

export function tradeOffScore(forgetQuality: number, utility: number, targetForgetQuality: number | null, targetUtility: number | null): number {
  const progress = forgetProgress(forgetQuality, targetForgetQuality);
  const kept = targetUtility !== null && targetUtility > 0 ? Math.min(1, utility / targetUtility) : utility;
  return progress + kept === 0 ? 0 : (2 * progress * kept) / (progress + kept);
}

function compare(first: Statistic | null, second: Statistic | null): Comparison {
  if (first === null || second === null) return 'single run';
  if (first.mean === second.mean && first.std === second.std) return 'tie';
  const overlap = intervalsOverlap(first, second);
  if (overlap === null) return 'single run';
  return overlap ? 'not significant' : 'significant';
}

// Orders by a list of keys (each a statistic and a direction); the comparison of neighbours uses the first key
// on which their means differ, since that is the key that decided the step.
function rank(
  candidates: Candidate[],
  keys: Array<{ pick: (candidate: Candidate) => Statistic | null; higherIsBetter: boolean }>,
  figures: (candidate: Candidate) => string,
): RankedMethod[] {
  const value = (statistic: Statistic | null, higherIsBetter: boolean) =>
    statistic === null ? Number.NEGATIVE_INFINITY : higherIsBetter ? statistic.mean : -statistic.mean;
  const sorted = [...candidates].sort((first, second) => {
    for (const key of keys) {
      const difference = value(key.pick(second), key.higherIsBetter) - value(key.pick(first), key.higherIsBetter);
      if (difference !== 0) return difference;
    }
    return first.method.label.localeCompare(second.method.label);
  });
  return sorted.map((candidate, index) => {
    const previous = sorted[index - 1];
    let comparedWithPrevious: Comparison | null = null;
    if (previous !== undefined) {
      const decidingKey = keys.find((key) => key.pick(previous)?.mean !== key.pick(candidate)?.mean);
      comparedWithPrevious = decidingKey === undefined ? 'tie' : compare(decidingKey.pick(previous), decidingKey.pick(candidate));
    }
    return { label: candidate.method.label, name: candidate.method.name, figures: figures(candidate), comparedWithPrevious };
  });
}

function dominates(first: Candidate, second: Candidate): boolean {
  const [fq1, mu1, fq2, mu2] = [first.forgetQuality?.mean, first.utility?.mean, second.forgetQuality?.mean, second.utility?.mean];
  if (fq1 === undefined || mu1 === undefined || fq2 === undefined || mu2 === undefined) return false;
  return fq1 >= fq2 && mu1 >= mu2 && (fq1 > fq2 || mu1 > mu2);
}

function candidatesOf(results: Results): Candidate[] {
  const targetMetrics = results.references.target.metrics;
  return results.methods.map((method) => {
    const forgetQuality = metricStatistic(method, pickForgetQuality);
    const utility = metricStatistic(method, pickUtility);
    // The score per seed run, so the ordering of the front can be judged for significance like the other rules.
    const scoreOf = (fq: number | null, mu: number | null) =>
      fq === null || mu === null ? null : tradeOffScore(fq, mu, targetMetrics.forgetQualityKs, targetMetrics.modelUtility);
    const runs = method.seedRuns ?? [];
    const runScores = runs.map((run) => scoreOf(run.metrics.forgetQualityKs, run.metrics.modelUtility));
    const score = runs.length >= 2 && runScores.every((value): value is number => value !== null)
      ? statisticOf(runScores)
      : forgetQuality && utility ? { mean: scoreOf(forgetQuality.mean, utility.mean) ?? 0, std: null, runs: 1 } : null;
    const progress = forgetQuality === null ? null : forgetProgress(forgetQuality.mean, targetMetrics.forgetQualityKs);
    return { method, forgetQuality, utility, score, progress, seconds: secondsStatistic(method) };
  });
}

const fq = (candidate: Candidate) => `forget quality ${formatStatistic(candidate.forgetQuality, formatPValue)}`;
const mu = (candidate: Candidate) => `utility ${formatStatistic(candidate.utility)}`;

function forgettingFirst(candidates: Candidate[]): Priority {
  const measured = candidates.filter((candidate) => candidate.forgetQuality !== null);
  return {
    id: 'forgetting', title: 'Forgetting first', audience: 'strict compliance: the person must be gone, whatever it costs',
    rule: 'Methods are ranked by forget quality (the KS-test p-value against the gold model, higher means closer to a model that never saw the forget people), ties broken by model utility.',
    ranked: rank(measured, [
      { pick: (candidate) => candidate.forgetQuality, higherIsBetter: true },
      { pick: (candidate) => candidate.utility, higherIsBetter: true },
    ], (candidate) => `${fq(candidate)}, ${mu(candidate)}`),
    excluded: candidates.filter((candidate) => candidate.forgetQuality === null)
      .map((candidate) => ({ label: candidate.method.label, reason: 'forget quality was not measured' })),
  };
}

function balanced(candidates: Candidate[], targetForgetQuality: number | null): Priority {
  const measured = candidates.filter((candidate) => candidate.forgetQuality !== null && candidate.utility !== null);
  const front = measured.filter((candidate) => !measured.some((other) => dominates(other, candidate)));
  const excluded: ExcludedMethod[] = measured.filter((candidate) => !front.includes(candidate)).map((candidate) => {
    const dominating = measured.filter((other) => dominates(other, candidate)).map((other) => other.method.label);
    return { label: candidate.method.label, reason: `not on the front: ${dominating.join(', ')} ${dominating.length === 1 ? 'has' : 'have'} both better forget quality and better utility` };
  });
  for (const candidate of candidates.filter((candidate) => !measured.includes(candidate))) {
    excluded.push({ label: candidate.method.label, reason: 'forget quality or utility was not measured' });
  }
  const zeroPoint = targetForgetQuality !== null && targetForgetQuality < separationLevel
    ? 'the target model' : `p = ${separationLevel}, since the target's own p-value is too high to anchor the scale`;
  return {
    id: 'balanced', title: 'Balanced', audience: 'forget the person while keeping the product working',
    rule: `Only methods on the Pareto front of forget quality and model utility count (no other method is at least as good on both and better on one), ordered by the harmonic mean of forget progress (log10 of the KS p-value, 0 at ${zeroPoint} and 1 at p = 1) and utility kept (model utility / the target's, at most 1).`,
    ranked: rank(front, [{ pick: (candidate) => candidate.score, higherIsBetter: true }],
      (candidate) => `score ${formatStatistic(candidate.score)} (${fq(candidate)}, ${mu(candidate)})`),
    excluded,
  };
}

function costFirst(candidates: Candidate[], results: Results, options: DecisionOptions): Priority {
  const targetUtility = results.references.target.metrics.modelUtility;
  const targetForgetQuality = results.references.target.metrics.forgetQualityKs;
  const utilityFloor = targetUtility === null ? null : options.utilityBound * targetUtility;
  const anchor = Math.min(targetForgetQuality ?? separationLevel, separationLevel);
  const forgetFloor = anchor ** (1 - options.forgetProgressBound); // progress >= bound <=> p >= anchor^(1 - bound)
  const eligible: Candidate[] = [];
  const excluded: ExcludedMethod[] = [];
  for (const candidate of candidates) {
    const reasons: string[] = [];
    if (utilityFloor === null) reasons.push('the target\'s utility is unknown');
    else if (candidate.utility === null) reasons.push('utility was not measured');
    else if (candidate.utility.mean < utilityFloor) reasons.push(`utility ${formatStatistic(candidate.utility)} < ${utilityFloor.toFixed(3)}`);
    if (candidate.progress === null) reasons.push('forget quality was not measured');
    else if (candidate.progress < options.forgetProgressBound) reasons.push(`forget quality ${formatStatistic(candidate.forgetQuality, formatPValue)} < ${formatPValue(forgetFloor)}`);
    if (reasons.length === 0) eligible.push(candidate);
    else excluded.push({ label: candidate.method.label, reason: reasons.join('; ') });
  }
  const memory = (candidate: Candidate): Statistic | null =>
    candidate.method.peakMemoryBytes === null ? null : { mean: candidate.method.peakMemoryBytes, std: null, runs: 1 };
  const utilityText = utilityFloor === null ? 'unknown' : utilityFloor.toFixed(3);
  return {
    id: 'cost', title: 'Cost first', audience: 'a quick, cheap answer to a request, as long as the model stays usable',
    rule: `Among methods that keep model utility at or above ${Math.round(options.utilityBound * 100)}% of the target's (${utilityText}) and reach forget progress ${options.forgetProgressBound} (KS p-value at least ${formatPValue(forgetFloor)}), the fastest comes first, then the one with the lower peak memory.`,
    ranked: rank(eligible, [
      { pick: (candidate) => candidate.seconds, higherIsBetter: false },
      { pick: memory, higherIsBetter: false },
    ], (candidate) => `${formatStatistic(candidate.seconds, formatSeconds)}, peak memory ${formatBytes(candidate.method.peakMemoryBytes)}`),
    excluded,
  };
}

function methodLine(candidate: Candidate, results: Results): string {
  const { method } = candidate;
  const regularisers: string[] = [];
  if (method.settings.l1Lambda !== null && method.settings.l1Lambda > 0) regularisers.push(`an L1 penalty (λ = ${method.settings.l1Lambda}) on the weight change`);
  if (method.settings.l0Lambda !== null && method.settings.l0Lambda > 0) regularisers.push(`an L0 penalty (λ = ${method.settings.l0Lambda})`);
  const withRegularisers = regularisers.length > 0 ? `, with ${regularisers.join(' and ')}` : '';
  const targetUtility = results.references.target.metrics.modelUtility;
  const change = candidate.utility !== null && targetUtility !== null && targetUtility > 0
    ? ` (${formatPercent(candidate.utility.mean / targetUtility - 1)} vs the target)` : '';
  const description = methodDescription(method);
  return `${description.charAt(0).toUpperCase()}${description.slice(1)}${withRegularisers}. Here it took ${formatStatistic(candidate.seconds, formatSeconds)} and ${formatBytes(method.peakMemoryBytes)} at peak, reached ${fq(candidate)} and kept ${mu(candidate)}${change}.`;
}

function scopeOf(results: Results): string {
  const { run } = results;
  const model = run.modelDescription ?? 'this model';
  const data = run.dataSource === 'parquet' ? 'the CLEAR files given' : run.dataSource === 'generated' ? 'the generated CLEAR data' : 'this data';
  const split = run.forgetSplit === 'custom' ? `a forget request for ${(run.forgetPeople ?? []).join(', ')}` : `forget${run.forgetSplit} (${Number(run.forgetSplit)}% of the people)`;
  return `This advice holds for this run: ${model}, ${data}, ${split}, ${run.track} track, preset ${run.preset}. Another model, dataset or forget request can order the methods differently; re-run clearbench on yours before relying on it.`;
}

export function decide(results: Results, options: DecisionOptions = defaultDecisionOptions): Decision {
  const candidates = candidatesOf(results);
  const seedCounts = results.methods.map((method) => method.seedRuns?.length ?? 0);
  const seeded = seedCounts.length > 0 && seedCounts.every((count) => count >= 2);
  const seedsNote = seeded
    ? `Figures are mean ± standard deviation over ${Math.min(...seedCounts)} seeds; a step in a ranking is marked "not significant" where the two methods' intervals (mean ± std) overlap.`
    : 'Each method ran with one seed, so these rankings carry no error estimate: run with --seeds N to see which steps are significant.';
  const warnings: string[] = [];
  const targetForgetQuality = results.references.target.metrics.forgetQualityKs;
  if (targetForgetQuality !== null && targetForgetQuality >= separationLevel) {
    warnings.push(`The target model's own forget quality is already ${formatPValue(targetForgetQuality)}: this run barely tells the target from the gold model, so rankings by forget quality are weak.`);
  }
  if (results.methods.length === 0) warnings.push('No unlearning method was run, so there is nothing to choose from.');
  return {
    priorities: [forgettingFirst(candidates), balanced(candidates, results.references.target.metrics.forgetQualityKs), costFirst(candidates, results, options)],
    methodLines: candidates.map((candidate) => ({ label: candidate.method.label, name: candidate.method.name, line: methodLine(candidate, results) })),
    scope: scopeOf(results),
    seedsNote,
    warnings,
  };
}
