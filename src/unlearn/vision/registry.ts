import type { VisionMethod } from './method.js';
import { dpo } from './dpo.js';
import { gold } from './gold.js';
import { llmu } from './llmu.js';
import { negGrad } from './neggrad.js';
import { original } from './original.js';
import { retainFt } from './retain-ft.js';
import { rmu } from './rmu.js';
import { scrubBio } from './scrub-bio.js';
import { scrub } from './scrub.js';
import { sparsity } from './sparsity.js';
import { twins } from './twins.js';

// Every vision-track method, in the order reports list them (the paper's table). An explicit list.
export const VISION_METHODS: readonly VisionMethod[] = Object.freeze([
  original, gold, retainFt, negGrad, scrub, scrubBio, twins, dpo, llmu, rmu, sparsity,
]);

// A method by name or by the reference's script name, case-insensitive.
export function resolveVisionMethod(nameOrAlias: string, methods: readonly VisionMethod[] = VISION_METHODS): VisionMethod {
  const wanted = nameOrAlias.trim().toLowerCase();
  const found = methods.find((method) => method.name === wanted || method.aliases.includes(wanted));
  if (!found) {
    throw new Error(`unknown vision method '${nameOrAlias}'. Known: ${methods.map((method) => method.aliases.length > 0 ? `${method.name} (${method.aliases.join(', ')})` : method.name).join(', ')}`);
  }
  return found;
}

// A method's options: its schema's defaults under the user's, unknown keys rejected.
export function configureVisionMethod(method: VisionMethod, options: Readonly<Record<string, unknown>> = {}): unknown {
  const parsed = method.configSchema.safeParse(options);
  if (!parsed.success) throw new Error(`vision method '${method.name}': ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
