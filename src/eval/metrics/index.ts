// The evaluation metrics: pure functions over numbers and strings. Task code (src/eval/tasks) measures
// losses, token log-probabilities and generations; everything here turns them into reported numbers.
export type { MetricResult } from './metric-result.js';
export { porterStem } from './porter-stemmer.js';
export type { RougeScore, RougeScores } from './rouge.js';
export { longestCommonSubsequenceLength, rougeLRecall, rougeScores, rougeTokenize } from './rouge.js';
export type { KsTwoSampleResult } from './ks-two-sample.js';
export { ksTwoSample } from './ks-two-sample.js';
export { kolmogorovSmirnovSurvival, smirnovSurvival } from './kolmogorov-distribution.js';
export { jensenShannon } from './jensen-shannon.js';
export { harmonicMean } from './harmonic-mean.js';
export { rocAuc } from './roc-auc.js';
export type { CandidateLosses, MetricCompatibility } from './candidate-losses.js';
export type { TaskRole } from './truth-ratio.js';
export { forgetTruthRatioScore, retainTruthRatioScore, truthRatioScore, truthRatios } from './truth-ratio.js';
export type { ProbabilityForm } from './answer-probability.js';
export { answerProbability } from './answer-probability.js';
export type { ForgetQuality } from './forget-quality.js';
export { forgetQuality, forgetQualityFromTruthRatios } from './forget-quality.js';
export type {
  ColumnTaskScores, ModelUtility, NonForgetTaskScores, PaperColumnInputs, PaperColumns, TaskScores, UtilityComponent,
} from './model-utility.js';
export { modelUtility, modelUtilityWithText, paperColumns } from './model-utility.js';
export { faceNamingAccuracy, namesPerson } from './face-naming-accuracy.js';
export type { MembershipAttack, MembershipAttackOptions, MembershipSample } from './membership-inference.js';
export {
  lossAttackScore, membershipAttackAuc, membershipAttackScores, minKAttackScore, minKPlusPlusAttackScore,
  privacyLeak, zlibAttackScore, zlibLength,
} from './membership-inference.js';
