// A complete plug-in unlearning method for `clearbench run --method-file examples/my-method.ts` (docs/methods.md).
// Gradient ascent on the forget answers, plus a retain term whose weight ramps up over the run: early steps
// push the forget set away, later steps spend more of each step repairing what the ascent broke elsewhere.
//   loss = -CE(forget) + retainWeight * ramp(step) * CE(retain),  ramp = min(1, (step + 1) / (rampFraction * steps))
import { add, defineMethod, meanTokenNll, neg, scale, z } from 'clearbench';

const configSchema = z.strictObject({
  retainWeight: z.number().nonnegative().default(1), // weight of the retain term once the ramp is done
  rampFraction: z.number().min(0).max(1).default(0.5), // share of the run over which the weight grows; 0: no ramp
});

export default defineMethod({
  name: 'ga_ramp',
  label: 'GA + ramped retain',
  aliases: [],
  description: 'Gradient ascent on the forget answers with a retain cross-entropy term whose weight grows during the run.',
  configSchema,
  needsOriginal: () => false,
  loss: (context, config) => {
    // Mean NLL of the answer tokens only (the prompt and the image carry no loss), as every built-in's CE.
    const forgetTerm = neg(meanTokenNll(context.logits(context.forget), context.forget));
    const rampSteps = config.rampFraction * context.totalSteps;
    const weight = config.retainWeight * (rampSteps <= 0 ? 1 : Math.min(1, (context.step + 1) / rampSteps));
    if (weight === 0) return forgetTerm; // no retain forward pass at all
    return add(forgetTerm, scale(meanTokenNll(context.logits(context.retain), context.retain), weight));
  },
});
