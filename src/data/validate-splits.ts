import { FORGET_PERCENTS, retainPercent } from './configs.js';
import type { Problem } from './data-error.js';
import type { CaptionRow, PerturbedCaptionRow, TofuRow } from './schema.js';

// Checks across configs: forget and retain never share a person, together they cover everyone, the perturbed
// and `+tofu` configs hold rows of their own split, and no text question is on both sides of a split.

export interface ParsedConfig<Row> {
  file: string;
  rows: Row[];
}

/** Configs that parsed cleanly, by name; a missing entry means the config is missing or broken. */
export interface ParsedClear {
  caption: Map<string, ParsedConfig<CaptionRow>>;
  perturbed: Map<string, ParsedConfig<PerturbedCaptionRow>>;
  tofu: Map<string, ParsedConfig<TofuRow>>;
}

function firstRowOf<Row extends { name: string }>(rows: readonly Row[], name: string): number {
  return rows.findIndex((row) => row.name === name);
}

export function checkSplits(parsed: ParsedClear): Problem[] {
  const problems: Problem[] = [];
  const full = parsed.caption.get('full');
  for (const percent of FORGET_PERCENTS) {
    const forgetName = `forget${percent}`;
    const retainName = `retain${retainPercent(percent)}`;
    const forget = parsed.caption.get(forgetName);
    const retain = parsed.caption.get(retainName);
    if (forget === undefined || retain === undefined) continue;
    const forgetPeople = new Set(forget.rows.map((row) => row.name));
    const retainPeople = new Set(retain.rows.map((row) => row.name));
    for (const name of forgetPeople) {
      if (!retainPeople.has(name)) continue;
      const row = firstRowOf(retain.rows, name);
      problems.push({ file: retain.file, config: retainName, row, column: 'name', message: `person "${name}" is in both ${forgetName} and ${retainName}` });
    }
    if (full !== undefined) {
      for (const name of new Set(full.rows.map((row) => row.name))) {
        if (forgetPeople.has(name) || retainPeople.has(name)) continue;
        const row = firstRowOf(full.rows, name);
        problems.push({ file: full.file, config: 'full', row, column: 'name', message: `person "${name}" is in neither ${forgetName} nor ${retainName}` });
      }
    }
    // The real forget10_perturbed lacks one row of forget10, so a perturbed config need only be a subset.
    const perturbedName = `forget${percent}_perturbed`;
    const perturbed = parsed.perturbed.get(perturbedName);
    const forgetRows = new Set(forget.rows.map((row) => `${row.name}\n${row.caption}`));
    perturbed?.rows.forEach((row, index) => {
      if (!forgetRows.has(`${row.name}\n${row.caption}`)) {
        problems.push({ file: perturbed.file, config: perturbedName, row: index, column: 'caption', message: `row is not a row of ${forgetName}` });
      }
    });
    const retainPerturbed = parsed.perturbed.get('retain_perturbed');
    retainPerturbed?.rows.forEach((row, index) => {
      if (forgetPeople.has(row.name)) {
        problems.push({ file: retainPerturbed.file, config: 'retain_perturbed', row: index, column: 'name', message: `person "${row.name}" is forgotten in ${forgetName}` });
      }
    });
    const forgetTofu = parsed.tofu.get(`${forgetName}+tofu`);
    const retainTofu = parsed.tofu.get(`${retainName}+tofu`);
    if (forgetTofu !== undefined && retainTofu !== undefined) {
      const forgetQuestions = new Set(forgetTofu.rows.flatMap((row) => (row.question === null ? [] : [row.question])));
      const forgetCaptions = new Set(forget.rows.map((row) => row.caption));
      retainTofu.rows.forEach((row, index) => {
        if (row.question !== null && forgetQuestions.has(row.question)) {
          problems.push({ file: retainTofu.file, config: `${retainName}+tofu`, row: index, column: 'question', message: `question is also in ${forgetName}+tofu` });
        }
        if (row.question === null && row.caption !== null && forgetCaptions.has(row.caption)) {
          problems.push({ file: retainTofu.file, config: `${retainName}+tofu`, row: index, column: 'caption', message: `caption belongs to a person of ${forgetName}` });
        }
      });
    }
  }
  return problems;
}
