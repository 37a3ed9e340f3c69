// The unlearning layer's public surface: run a method, list or resolve methods, and the types around them.
export { runUnlearning, copyModel, filterModality } from './run-unlearning.js';
export type { UnlearnOptions, UnlearnResult, LoraSettings, Modality } from './run-unlearning.js';
export { METHODS, resolveMethod } from './registry.js';
export type { ResolvedMethod } from './registry.js';
export { configureMethod, describeOptions } from './method-config.js';
export type { ConfiguredMethod } from './method-config.js';
export type { Compat, MethodAlias, PrepareSetup, RowSelection, UnlearnContext, UnlearnMethod } from './method.js';
export type { RegulariserConfig } from './regularisers.js';
export { validateMethod, defineMethod, MethodShapeError } from './validate-method.js';
export { answerNll, klToOriginal, meanEntropy, policyLogProbs, originalLogProbs, refusalBatch, weightedSum } from './terms.js';
