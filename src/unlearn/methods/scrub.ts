import { z } from 'zod';
import { neg, type Tensor } from '../../engine/index.js';
import type { KlDirection } from '../losses/index.js';
import type { RowSelection, UnlearnContext, UnlearnMethod } from '../method.js';
import { answerNll, klToOriginal, weightedSum } from '../terms.js';

const configSchema = z.strictObject({
  // 'alternating': the SCRUB paper's max-steps (forget) and min-steps (retain); 'simultaneous': the
  // reference's single step -beta*KL_forget + KL_retain + CE_retain.
  mode: z.enum(['alternating', 'simultaneous']).default('alternating'),
  // How many initial steps alternate max / min (even steps max, odd steps min); later steps are min-steps
  // only. null: the first half of the run.
  maxSteps: z.number().int().nonnegative().nullable().default(null),
  forgetWeight: z.number().nonnegative().default(1), // beta
  retainKlWeight: z.number().nonnegative().default(1), // alpha
  retainCeWeight: z.number().nonnegative().default(1), // gamma
});
type ScrubConfig = z.infer<typeof configSchema>;

// Teacher = original (the target), student = current. SCRUB's divergence is KL(teacher || student).
function divergence(context: UnlearnContext) {
  // SPEC defect 7: the reference's SCRUB takes KL(student || teacher), over every position (no answer mask).
  const direction: KlDirection = context.compat === 'reference' ? 'current-original' : 'original-current';
  const rows: RowSelection = context.compat === 'reference' ? 'all' : 'answers';
  return { direction, rows };
}

export function isMaxStep(step: number, totalSteps: number, config: ScrubConfig): boolean {
  const alternating = config.maxSteps ?? Math.floor(totalSteps / 2);
  return step < alternating && step % 2 === 0;
}

export const scrub: UnlearnMethod<ScrubConfig> = {
  name: 'scrub',
  label: 'SCRUB',
  aliases: [],
  description: 'Teacher-student unlearning: the student moves away from the original model on the forget set and stays with it on the retain set.',
  configSchema,
  referenceConfig: { mode: 'simultaneous' },
  needsOriginal: () => true,
  loss: (context, config) => {
    const { direction, rows } = divergence(context);
    const forgetKl = () => neg(klToOriginal(context, context.forget, direction, rows));
    const minStep = (): [number, () => Tensor][] => [
      [config.retainKlWeight, () => klToOriginal(context, context.retain, direction, rows)],
      [config.retainCeWeight, () => answerNll(context, context.retain)],
    ];
    if (config.mode === 'simultaneous') return weightedSum([[config.forgetWeight, forgetKl], ...minStep()]);
    if (isMaxStep(context.step, context.totalSteps, config)) return weightedSum([[config.forgetWeight, forgetKl]]);
    return weightedSum(minStep());
  },
};
