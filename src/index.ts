// clearbench's package root: the public API other programs import.
export { harmonicMean, jensenShannon, ksTwoSample, rougeScores } from './eval/metrics/index.js';
