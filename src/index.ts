// clearbench's package root: the public API other programs import.
export { harmonicMean, jensenShannon, ksTwoSample, rougeScores } from './eval/metrics/index.js';

// What a plug-in unlearning method (`clearbench run --method-file`) is written against; docs/methods.md.
export { z } from 'zod'; // the schema library of configSchema, the same copy clearbench validates with
export {
  Tensor, add, sub, mul, div, neg, exp, log, scale, addScalar, logSigmoid, sigmoid, square, abs, sum, mean, max, noGrad,
  meanSquaredError, crossEntropy, crossEntropyPerRow,
} from './engine/index.js';
export type { TrainBatch, TrainSample } from './train/samples.js';
export {
  tokenNll, meanTokenNll, sumPerSequence, sequenceLogProbs, answerLengths, meanKl, entropyPerRow, softCrossEntropyPerRow,
  dpoLoss, npoLoss, simNpoLoss, activationMse, realTokenRows,
} from './unlearn/losses/index.js';
export type { KlDirection } from './unlearn/losses/index.js';
export {
  METHODS, resolveMethod, configureMethod, describeOptions, runUnlearning, validateMethod, defineMethod, MethodShapeError,
  answerNll, klToOriginal, meanEntropy, policyLogProbs, originalLogProbs, refusalBatch, weightedSum,
} from './unlearn/index.js';
export type {
  Compat, MethodAlias, PrepareSetup, RowSelection, UnlearnContext, UnlearnMethod, UnlearnOptions, UnlearnResult, Modality,
} from './unlearn/index.js';
