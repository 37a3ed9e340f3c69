import { encodeAnswer, formatPrompt } from '../../model/chat.js';
import { generateGreedy, scoreCandidates, type TokenScores } from '../../model/inference.js';
import type { Tokenizer } from '../../model/tokenizer.js';
import type { VisionLanguageModel } from '../../model/vlm.js';
import type { CandidateLosses, MembershipSample, MetricCompatibility } from '../metrics/index.js';
import { answerProbability, faceNamingAccuracy, rougeScores, truthRatioScore, truthRatios } from '../metrics/index.js';

export type TaskName =
  | 'forgetCaptions' | 'retainCaptions' | 'forgetFaces' | 'retainFaces' | 'realFaces' | 'realWorld' | 'forgetText' | 'retainText'
  | 'heldOutCaptions' | 'heldOutText';

export interface EvalItem {
  person: string | null;
  question: string;
  answer: string;
  paraphrased: string; // the true answer again where the task has no paraphrase (names, options)
  perturbed: readonly string[]; // perturbed answers or wrong options
  image: Float32Array | null;
}

export interface EvalTask {
  name: TaskName;
  role: 'forget' | 'retain'; // forget tasks report the forget form of the truth ratio
  probabilityForm: 'caption' | 'options';
  // naming: the generation must contain the name; choice: the true option has the lowest loss.
  accuracy: 'naming' | 'choice' | null;
  generate: boolean; // held-out tasks are only scored (membership inference)
  items: readonly EvalItem[];
}

export interface ItemRecord {
  person: string | null;
  question: string;
  answer: string;
  generation: string | null;
  losses: CandidateLosses;
  truthRatio: number;
  rougeLRecall: number | null;
  membership: MembershipSample; // token statistics of the true answer
}

export interface TaskSummary {
  rougeL: number | null;
  probability: number;
  truthRatio: number;
  accuracy: number | null;
  count: number;
}

export interface TaskEvaluation {
  task: EvalTask;
  records: ItemRecord[];
  summary: TaskSummary;
}

export interface EvaluateOptions {
  maxNewTokens: number;
  batchSize: number;
  compat: MetricCompatibility; // 'reference': generation without the image, pooled truth ratios
}

function meanLoss(scores: TokenScores): number {
  let sum = 0;
  for (const value of scores.logProbs) sum -= value;
  return sum / scores.logProbs.length;
}

// Scores the true, paraphrased and perturbed answers of every item with the image in the prompt, generates
// greedily, and reduces the records to the task's numbers (SPEC sections 3 and 4).
export function evaluateTask(model: VisionLanguageModel, tokenizer: Tokenizer, task: EvalTask, options: EvaluateOptions): TaskEvaluation {
  const records: ItemRecord[] = [];
  const prompts = task.items.map((item) => formatPrompt({ question: item.question, hasImage: item.image !== null }, tokenizer));
  // A smaller scoring batch: each item expands to 2 + perturbed candidate rows.
  const scoringBatch = Math.max(1, Math.floor(options.batchSize / 4));
  for (let start = 0; start < task.items.length; start += scoringBatch) {
    const chunk = task.items.slice(start, start + scoringBatch);
    const scores = scoreCandidates(model, tokenizer, chunk.map((item, offset) => ({
      prompt: prompts[start + offset]!,
      image: item.image,
      candidates: [item.answer, item.paraphrased, ...item.perturbed].map((text) => encodeAnswer(text, tokenizer)),
    })));
    chunk.forEach((item, offset) => {
      const itemScores = scores[offset]!;
      const losses: CandidateLosses = {
        answerLoss: meanLoss(itemScores[0]!),
        paraphrasedLoss: meanLoss(itemScores[1]!),
        perturbedLosses: itemScores.slice(2).map(meanLoss),
      };
      const truth = itemScores[0]!;
      records.push({
        person: item.person, question: item.question, answer: item.answer, generation: null, losses, truthRatio: Number.NaN, rougeLRecall: null,
        membership: { tokenLogProbs: [...truth.logProbs], tokenMeanLogProbs: [...truth.meanLogProbs], tokenStdLogProbs: [...truth.stdLogProbs], text: item.answer },
      });
    });
  }
  if (task.generate) {
    for (let start = 0; start < task.items.length; start += options.batchSize) {
      const chunk = task.items.slice(start, start + options.batchSize);
      // Compat: the reference generates from the question alone, without the image (its defect 5).
      const withImage = options.compat === 'default';
      // Greedy decoding stops at <eos>; a model that never emits it (an unlearned one that babbles) is cut at
      // twice the longest answer of the batch, which no ROUGE recall can gain from, or at maxNewTokens.
      const longestAnswer = Math.max(...chunk.map((item) => encodeAnswer(item.answer, tokenizer).length));
      const generated = generateGreedy(model, tokenizer, chunk.map((item, offset) => ({
        prompt: withImage ? prompts[start + offset]! : formatPrompt({ question: item.question, hasImage: false }, tokenizer),
        image: withImage ? item.image : null,
      })), Math.min(options.maxNewTokens, 2 * longestAnswer + 4));
      generated.forEach((tokens, offset) => {
        const record = records[start + offset]!;
        record.generation = tokenizer.decode(tokens).trim();
        record.rougeLRecall = rougeScores(record.generation, record.answer).rougeL.recall;
      });
    }
  }
  const losses = records.map((record) => record.losses);
  const ratios = truthRatios(losses, options.compat);
  records.forEach((record, index) => (record.truthRatio = ratios[index]!));
  const generations = records.map((record) => record.generation ?? '');
  let accuracy: number | null = null;
  if (task.accuracy === 'naming' && task.generate) accuracy = faceNamingAccuracy(generations, records.map((record) => record.answer)).aggregate;
  if (task.accuracy === 'choice') {
    accuracy = losses.filter((loss) => loss.perturbedLosses.every((other) => loss.answerLoss < other)).length / Math.max(1, losses.length);
  }
  const rougeValues = records.flatMap((record) => (record.rougeLRecall === null ? [] : [record.rougeLRecall]));
  return {
    task,
    records,
    summary: {
      rougeL: rougeValues.length > 0 ? rougeValues.reduce((sum, value) => sum + value, 0) / rougeValues.length : null,
      probability: answerProbability(losses, task.probabilityForm).aggregate,
      truthRatio: truthRatioScore(losses, task.role, options.compat).aggregate,
      accuracy,
      count: records.length,
    },
  };
}
