// Membership-inference attacks on single samples, and the privacy leak relative to the gold model, as
// open-unlearning computes them (src/evals/metrics/mia/*.py, privacy.py). Each attack turns one sample's
// per-token statistics into a score oriented like a loss: HIGHER means the model finds the text LESS
// likely, i.e. the sample looks like a non-member. The AUC then follows open-unlearning's convention
// (forget samples labelled 0, held-out samples 1): 1 when the model clearly knows the forget set better
// than text it never saw (the target model), about 0.5 when it does not (the gold model).
import { deflateSync } from 'node:zlib';
import type { MetricResult } from './metric-result.js';
import { mean, requireFiniteNumbers, requireNonEmpty, requireSameLength } from './metric-result.js';
import { rocAuc } from './roc-auc.js';

/** What the task code supplies for one scored answer (natural logarithms, one entry per answer token). */
export interface MembershipSample {
  /** log p(x_t | x_<t) of each answer token under the model. */
  tokenLogProbs: readonly number[];
  /** mu_t = sum_v p_t(v) log p_t(v): the expected log-probability under the model's own distribution at t. */
  tokenMeanLogProbs: readonly number[];
  /** sigma_t = sqrt(sum_v p_t(v) log^2 p_t(v) - mu_t^2) at t (clamp a slightly negative variance to 0). */
  tokenStdLogProbs: readonly number[];
  /** The answer text the tokens spell, for the zlib attack. */
  text: string;
}

export type MembershipAttack = 'loss' | 'zlib' | 'minK' | 'minKPlusPlus';

export interface MembershipAttackOptions {
  /** Share of lowest-scoring tokens that Min-K% and Min-K%++ average (open-unlearning's k, 0.2). */
  fraction?: number;
}

// open-unlearning clamps the Min-K%++ variance at 1e-6, i.e. sigma at 1e-3, so near-deterministic
// positions do not divide by zero.
const minimumStandardDeviation = 1e-3;
const defaultFraction = 0.2;

function requireTokens(sample: MembershipSample | undefined, attack: string): readonly number[] {
  if (sample === undefined || sample === null) throw new TypeError(`${attack}: sample is missing`);
  requireFiniteNumbers(sample.tokenLogProbs, attack, 'tokenLogProbs');
  return sample.tokenLogProbs;
}

// -mean of the floor(T * fraction) smallest values (at least one), as open-unlearning's min_k.py.
function negatedMeanOfLowest(values: readonly number[], fraction: number, attack: string): number {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`${attack}: fraction must be in (0, 1], got ${fraction}`);
  const count = Math.max(1, Math.floor(values.length * fraction));
  const lowest = [...values].sort((first, second) => first - second).slice(0, count);
  return -mean(lowest, attack);
}

/** LOSS attack (Yeom et al. 2018): the mean negative log-likelihood of the answer tokens. */
export function lossAttackScore(sample: MembershipSample): number {
  return -mean(requireTokens(sample, 'lossAttackScore'), 'lossAttackScore');
}

/** Byte length of the zlib stream (header and checksum included) of the UTF-8 text, Python's len(zlib.compress(...)). */
export function zlibLength(text: string): number {
  if (typeof text !== 'string') throw new TypeError('zlibLength: text must be a string');
  return deflateSync(Buffer.from(text, 'utf8')).length;
}

/**
 * zlib attack (Carlini et al. 2021): mean NLL divided by the zlib-compressed length of the text in bytes,
 * as open-unlearning's zlib.py (the mean, not the sum, of the token NLLs). Node's bundled zlib can compress
 * a text a few bytes differently from CPython's, so scores can differ from open-unlearning's in the third
 * significant digit; AUC and privacy leak compare our own scores with each other and are unaffected in kind.
 */
export function zlibAttackScore(sample: MembershipSample): number {
  const loss = lossAttackScore(sample);
  return loss / zlibLength(sample.text);
}

/** Min-K% Prob (Shi et al. 2024): minus the mean of the lowest k% token log-probabilities. */
export function minKAttackScore(sample: MembershipSample, options: MembershipAttackOptions = {}): number {
  return negatedMeanOfLowest(requireTokens(sample, 'minKAttackScore'), options.fraction ?? defaultFraction, 'minKAttackScore');
}

/**
 * Min-K%++ (Zhang et al. 2024): each token's log-probability standardised by the mean and standard
 * deviation of log p over the vocabulary under the model's own distribution at that position, then minus
 * the mean of the lowest k%.
 */
export function minKPlusPlusAttackScore(sample: MembershipSample, options: MembershipAttackOptions = {}): number {
  const attack = 'minKPlusPlusAttackScore';
  const logProbs = requireTokens(sample, attack);
  requireSameLength(logProbs, sample.tokenMeanLogProbs, attack, 'tokenLogProbs', 'tokenMeanLogProbs');
  requireSameLength(logProbs, sample.tokenStdLogProbs, attack, 'tokenLogProbs', 'tokenStdLogProbs');
  requireFiniteNumbers(sample.tokenMeanLogProbs, attack, 'tokenMeanLogProbs');
  requireFiniteNumbers(sample.tokenStdLogProbs, attack, 'tokenStdLogProbs');
  const standardised = logProbs.map((logProb, index) => {
    const standardDeviation = Math.max(sample.tokenStdLogProbs[index] ?? 0, minimumStandardDeviation);
    return (logProb - (sample.tokenMeanLogProbs[index] ?? 0)) / standardDeviation;
  });
  return negatedMeanOfLowest(standardised, options.fraction ?? defaultFraction, attack);
}

/** One attack's score for each sample; the aggregate is their mean (open-unlearning's agg_value). */
export function membershipAttackScores(
  attack: MembershipAttack,
  samples: readonly MembershipSample[],
  options: MembershipAttackOptions = {},
): MetricResult {
  requireNonEmpty(samples, 'membershipAttackScores', 'samples');
  const scoreOne = (sample: MembershipSample): number => {
    switch (attack) {
      case 'loss': return lossAttackScore(sample);
      case 'zlib': return zlibAttackScore(sample);
      case 'minK': return minKAttackScore(sample, options);
      case 'minKPlusPlus': return minKPlusPlusAttackScore(sample, options);
    }
  };
  const perExample = samples.map(scoreOne);
  return { aggregate: mean(perExample, 'membershipAttackScores'), perExample };
}

/**
 * Attack AUC in open-unlearning's convention: roc_auc_score with forget samples labelled 0 and held-out
 * samples 1, so the held-out (never trained on) scores are the positives: 1 when the model finds forget
 * answers much likelier than held-out ones.
 */
export function membershipAttackAuc(forgetScores: readonly number[], holdoutScores: readonly number[]): number {
  return rocAuc(holdoutScores, forgetScores);
}

/**
 * Privacy leak of an unlearned model against the gold (retrained) model, open-unlearning's privleak
 * (MUSE's PrivLeak) as a fraction: with MUSE's AUC = 1 - AUC in our convention,
 * (AUC_muse(model) - AUC_muse(gold)) / AUC_muse(gold). Near 0 is good; strongly negative means the model
 * still knows the forget set (the target model gives about -1), positive means it over-unlearned.
 * Multiply by 100 for the percent open-unlearning prints; like it, 1e-10 keeps the denominator non-zero.
 */
export function privacyLeak(aucModel: number, aucGold: number): number {
  for (const [name, value] of [['aucModel', aucModel], ['aucGold', aucGold]] as const) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`privacyLeak: ${name} must be an AUC in [0, 1], got ${value}`);
  }
  const modelScore = 1 - aucModel;
  const goldScore = 1 - aucGold;
  return (modelScore - goldScore) / (goldScore + 1e-10);
}
