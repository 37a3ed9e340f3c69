export { tokenNll, meanTokenNll } from './token-nll.js';
export { sumPerSequence, sequenceLogProbs, answerLengths } from './sequence-log-prob.js';
export { meanKl, entropyPerRow, softCrossEntropyPerRow } from './divergence.js';
export type { KlDirection } from './divergence.js';
export { dpoLoss, npoLoss, simNpoLoss } from './preference.js';
export { wholeVocabularyNpoLoss } from './reference-npo.js';
export { activationMse, realTokenRows } from './activation-mse.js';
