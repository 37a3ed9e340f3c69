// Renders the report's Vega-Lite specs to SVG strings in Node, with no DOM, no network and no fonts: the page
// that embeds them needs nothing else. Each SVG's ids are prefixed, because several SVGs inlined in one HTML
// page share one id namespace and Vega numbers its clip paths from 1 in every render.
import { View, parse } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { Decision } from './decision.js';
import { modelColors } from './palette.js';
import { lossCurvesSpec, taskBarsSpec, tradeOffSpec } from './plot-specs.js';
import type { Results } from './results.js';

export interface Plots {
  tradeOff: string; // forget quality (log) vs model utility, with the Pareto front and the reference models
  taskBars: string; // ROUGE-L, probability and truth ratio per task and model
  lossCurves: string | null; // null when no method recorded a loss curve
}

export function namespaceSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}

// Fixed pixel size in the file, but scaled down to fit narrow screens.
function responsive(svg: string): string {
  return svg.replace(/^<svg ([^>]*?)\bwidth="([\d.]+)" height="([\d.]+)"/, (_, attributes: string, width: string, height: string) =>
    `<svg ${attributes}width="${width}" height="${height}" style="max-width:100%;height:auto"`);
}

export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return responsive(namespaceSvgIds(svg, idPrefix));
  } finally {
    view.finalize();
  }
}

export async function renderPlots(results: Results, decision: Decision): Promise<Plots> {
  const colors = modelColors(results);
  const lossSpec = lossCurvesSpec(results, colors);
  return {
    tradeOff: await renderSvg(tradeOffSpec(results, decision, colors), 'trade-off'),
    taskBars: await renderSvg(taskBarsSpec(results, colors), 'task-bars'),
    lossCurves: lossSpec === null ? null : await renderSvg(lossSpec, 'loss-curves'),
  };
}
