// One plain sentence per method for readers who do not know the literature: what the method does to the model,
// not how well it works (that is what the measured numbers are for). Keyed by registry name, with the reference
// code's names as aliases; a plug-in method brings its own `description` or gets the fallback.
import type { MethodResult } from './results.js';

const descriptions: ReadonlyMap<string, string> = new Map([
  ['retain_ft', 'fine-tunes on the retain set only, hoping the forget people fade by themselves (a baseline)'],
  ['grad_ascent', 'pushes the likelihood of the forget answers down (gradient ascent) and does nothing to protect the rest'],
  ['grad_diff', 'pushes the forget answers down while training on the retain answers as usual (gradient difference)'],
  ['kl', 'pushes the forget answers down while keeping retain predictions close to the original model (KL)'],
  ['idk', 'teaches the model to answer "I don\'t know" about the forget people while training on the retain set'],
  ['dpo', 'prefers a refusal over the true answer about forget people, relative to the original model (DPO)'],
  ['npo', 'lowers the forget answers\' likelihood relative to the original model, with a bounded loss that avoids collapse (NPO)'],
  ['simnpo', 'like NPO but without a reference model, using length-normalised likelihoods (SimNPO)'],
  ['llmu', 'combines pushing forget answers down, training random or refusal answers, and staying close to the original on retain data (LLMU)'],
  ['scrub', 'a student moves away from the original model (the teacher) on forget data and stays close to it on retain data (SCRUB)'],
  ['rmu', 'scrambles a middle layer\'s activations on forget inputs towards a random direction while keeping them unchanged on retain inputs (RMU)'],
  ['eco', 'leaves the weights alone and corrupts the prompts that concern forget people before the model reads them (ECO)'],
  ['sku', 'learns the harmful knowledge in a separate copy and subtracts it from the model (SKU)'],
  ['undial', 'trains on the model\'s own outputs with the forget answers\' logits lowered, a gentle self-distillation (UNDIAL)'],
]);

const aliases: ReadonlyMap<string, string> = new Map([
  ['ga', 'grad_ascent'], ['gradient_ascent', 'grad_ascent'], ['gd', 'grad_diff'], ['gradient_difference', 'grad_diff'],
  ['eco_ft', 'eco'], ['retain_finetune', 'retain_ft'], ['scrub_alternating', 'scrub'], ['scrub_simultaneous', 'scrub'],
]);

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function methodDescription(method: Pick<MethodResult, 'name' | 'description'>): string {
  const key = normalise(method.name);
  // The reference's six grad_diff variants differ only in their forget and retain terms.
  const canonical = key.startsWith('grad_diff') ? 'grad_diff' : (aliases.get(key) ?? key);
  const known = descriptions.get(canonical);
  if (known !== undefined) return known;
  if (method.description !== undefined && method.description.trim() !== '') return method.description.trim().replace(/\.$/, '');
  return `a method clearbench does not describe (${method.name}); see its own documentation`;
}
