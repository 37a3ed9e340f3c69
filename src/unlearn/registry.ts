import type { UnlearnMethod } from './method.js';
import { dpo } from './methods/dpo.js';
import { eco } from './methods/eco.js';
import { ga } from './methods/ga.js';
import { gd } from './methods/gd.js';
import { gradProjection } from './methods/grad-projection.js';
import { idk } from './methods/idk.js';
import { kl } from './methods/kl.js';
import { llmu } from './methods/llmu.js';
import { npo } from './methods/npo.js';
import { retainFt } from './methods/retain-ft.js';
import { rmu } from './methods/rmu.js';
import { salun } from './methods/salun.js';
import { scrub } from './methods/scrub.js';
import { simnpo } from './methods/simnpo.js';
import { sku } from './methods/sku.js';
import { undial } from './methods/undial.js';

// Every unlearning method, in the order reports list them. An explicit list: nothing registers itself.
export const METHODS: readonly UnlearnMethod[] = Object.freeze([
  retainFt, ga, gd, kl, idk, dpo, npo, simnpo, llmu, scrub, rmu, undial, sku, eco, salun, gradProjection,
]);

export interface ResolvedMethod {
  name: string; // the method's own name (an alias resolves to it)
  label: string; // for tables: the method's label, with the alias when one was used
  description: string;
  method: UnlearnMethod;
  // Options the name fixes (an alias such as grad_diff_forget_kl_retain_ce), before the user's own.
  preset: Readonly<Record<string, unknown>>;
  // The name as given, when it was an alias.
  alias: string | null;
}

// A method by its name or one of its aliases (case-insensitive, as the reference lower-cases its names).
export function resolveMethod(nameOrAlias: string, methods: readonly UnlearnMethod[] = METHODS): ResolvedMethod {
  const wanted = nameOrAlias.trim().toLowerCase();
  for (const method of methods) {
    const common = { name: method.name, description: method.description, method };
    if (method.name === wanted) return { ...common, label: method.label, preset: {}, alias: null };
    const alias = method.aliases.find((candidate) => candidate.name === wanted);
    if (alias) return { ...common, label: `${method.label} (${alias.name})`, preset: alias.config, alias: alias.name };
  }
  const known = methods.map((method) => method.aliases.length > 0 ? `${method.name} (aliases: ${method.aliases.map((alias) => alias.name).join(', ')})` : method.name);
  throw new Error(`unknown unlearning method '${nameOrAlias}'. Known methods:\n  ${known.join('\n  ')}`);
}
