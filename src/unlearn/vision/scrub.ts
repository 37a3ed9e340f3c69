import { z } from 'zod';
import { neg } from '../../engine/index.js';
import { weightedSum } from '../terms.js';
import type { VisionMethod } from './method.js';
import { amLoss, klToOriginal } from './terms.js';

const configSchema = z.strictObject({
  // 'alternating': the SCRUB paper's max-steps (forget) and min-steps (retain); 'simultaneous': the
  // reference's one step -KL_forget + KL_retain + CE_retain.
  mode: z.enum(['alternating', 'simultaneous']).default('alternating'),
  // Initial steps that alternate max / min (even steps max); later steps are min-steps only. null: half.
  maxSteps: z.number().int().nonnegative().nullable().default(null),
  forgetWeight: z.number().nonnegative().default(1),
  retainKlWeight: z.number().nonnegative().default(1),
  retainCeWeight: z.number().nonnegative().default(1),
});
type ScrubConfig = z.infer<typeof configSchema>;

function isMaxStep(step: number, totalSteps: number, config: ScrubConfig): boolean {
  return step < (config.maxSteps ?? Math.floor(totalSteps / 2)) && step % 2 === 0;
}

// SCRUB (Kurmanji et al. 2023): teacher = the original classifier, student = the current one; the student
// moves away from the teacher on forget faces (KL up) and stays with it on retain faces (KL and CE down).
export const scrub: VisionMethod<ScrubConfig> = {
  name: 'scrub',
  label: 'SCRUB',
  aliases: ['scrub_orig'],
  description: 'Teacher-student unlearning on the class distributions: away from the original on forget faces, with it on retain faces.',
  procedure: 'unlearn',
  configSchema,
  loss: (context, config) => {
    const forgetTerm: [number, () => ReturnType<typeof neg>] = [config.forgetWeight, () => neg(klToOriginal(context, context.forget))];
    const minStep: [number, () => ReturnType<typeof neg>][] = [
      [config.retainKlWeight, () => klToOriginal(context, context.retain)],
      [config.retainCeWeight, () => amLoss(context, context.retain)],
    ];
    if (config.mode === 'simultaneous') return weightedSum([forgetTerm, ...minStep]);
    return weightedSum(isMaxStep(context.step, context.totalSteps, config) ? [forgetTerm] : minStep);
  },
};
