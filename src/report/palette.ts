// One colour per model, the same in every plot, the table and the gallery, so a reader matches them by eye.
// Reference models get neutral colours (target: slate, gold: gold) so methods stand out against them.
import type { Results } from './results.js';

export const targetColor = '#5b6472';
export const goldColor = '#c99a06';
export const baseColor = '#9aa3ae';

// Colour-blind-friendly, distinct from the two reference colours; cycles past twelve methods.
const methodColors = [
  '#3a6fd8', '#e4572e', '#17a398', '#8e44ad', '#e83f8b', '#2e86ab', '#f28e2b', '#59a14f', '#b0563c', '#6b5fd3', '#0f8b5f', '#c2410c',
];

export function modelColors(results: Results): Map<string, string> {
  const colors = new Map<string, string>([['Target', targetColor], ['Gold', goldColor]]);
  if (results.references.base) colors.set('Base', baseColor);
  results.methods.forEach((method, index) => colors.set(method.label, methodColors[index % methodColors.length] ?? '#333333'));
  return colors;
}
