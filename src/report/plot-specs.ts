// The report's Vega-Lite specs, built from results and nothing else (no data URLs, no fonts to fetch), so plots.ts
// can render them to SVG offline. Scales are fixed here rather than left to Vega, because the trade-off plot
// places its labels in pixels and needs to know where every point lands.
import type { TopLevelSpec } from 'vega-lite';
import type { Decision } from './decision.js';
import { placeLabels } from './label-placement.js';
import type { Results, TaskName } from './results.js';
import { taskNames } from './results.js';
import { metricStatistic, pickForgetQuality, pickUtility } from './statistics.js';
import { rowsOf, taskTitles } from './tables.js';

export const plotFont = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const config = {
  font: plotFont,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: { labelColor: '#4b5563', titleColor: '#1f2937', titleFontWeight: 600, titleFontSize: 12, labelFontSize: 11, gridColor: '#eceff3', domainColor: '#9ca3af', tickColor: '#9ca3af' },
  header: { labelFontSize: 12, labelFontWeight: 600, labelColor: '#1f2937', titleFontSize: 0 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelColor: '#374151', symbolSize: 90 },
} as const;

// KS p-values can underflow to 0; the log axis stops here and such points sit on its floor.
const forgetQualityFloor = 1e-30;

function colorScale(colors: Map<string, string>) {
  return { domain: [...colors.keys()], range: [...colors.values()] };
}

export function tradeOffSpec(results: Results, decision: Decision, colors: Map<string, string>): TopLevelSpec {
  const width = 600;
  const height = 390;
  const front = new Set(decision.priorities.find((priority) => priority.id === 'balanced')?.ranked.map((entry) => entry.label) ?? []);
  const points = rowsOf(results).flatMap((row) => {
    const forgetQuality = metricStatistic(row.model, pickForgetQuality);
    const utility = metricStatistic(row.model, pickUtility);
    if (forgetQuality === null || utility === null) return [];
    const clampQuality = (value: number) => Math.min(1, Math.max(forgetQualityFloor, value));
    const qualityStd = forgetQuality.std ?? 0;
    const utilityStd = utility.std ?? 0;
    return [{
      label: row.label, kind: row.kind === 'method' ? 'method' : row.kind, onFront: front.has(row.label),
      forgetQuality: clampQuality(forgetQuality.mean), utility: utility.mean, hasSpread: forgetQuality.std !== null || utility.std !== null,
      forgetQualityLow: clampQuality(forgetQuality.mean - qualityStd), forgetQualityHigh: clampQuality(forgetQuality.mean + qualityStd),
      utilityLow: utility.mean - utilityStd, utilityHigh: utility.mean + utilityStd,
    }];
  });
  const utilities = points.flatMap((point) => [point.utilityLow, point.utilityHigh]);
  const xMin = Math.max(0, Math.floor((Math.min(...utilities, 1) - 0.03) * 20) / 20);
  const xMax = Math.min(1, Math.ceil((Math.max(...utilities, 0) + 0.03) * 20) / 20);
  const lowestQuality = Math.min(...points.map((point) => point.forgetQualityLow), 0.01);
  const yMin = 10 ** Math.floor(Math.log10(lowestQuality) - 0.3);
  const yMax = 10 ** 0.45; // headroom above p = 1 for the gold model's label
  // One tick per decade, or per few decades when the range is wide, so the labels never crowd.
  const decadeStep = Math.max(1, Math.ceil((Math.log10(yMax) - Math.log10(yMin)) / 9));
  const decades: number[] = [];
  for (let exponent = 0; exponent >= Math.log10(yMin); exponent -= decadeStep) decades.push(10 ** exponent);
  const toPixels = (utility: number, quality: number) => ({
    x: ((utility - xMin) / (xMax - xMin)) * width,
    y: height - ((Math.log10(quality) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * height,
  });
  const fromPixels = (x: number, y: number) => ({
    utility: xMin + (x / width) * (xMax - xMin),
    forgetQuality: 10 ** (Math.log10(yMin) + ((height - y) / height) * (Math.log10(yMax) - Math.log10(yMin))),
  });
  // References first, then the front, then the rest: the points a reader looks for get the best label spots.
  const priority = (point: (typeof points)[number]) => (point.kind !== 'method' ? 0 : point.onFront ? 1 : 2);
  const ordered = [...points].sort((first, second) => priority(first) - priority(second));
  const labelText = (point: (typeof points)[number]) => point.kind === 'target' ? 'Target (before)' : point.kind === 'gold' ? 'Gold (retrained)' : point.label;
  const betterNote = { left: width - 60, top: 2, right: width, bottom: 18 }; // the "better ↗" text in the corner
  // The front's staircase: horizontal from each front point to the next one's utility, then down to it.
  const stairs = points.filter((point) => point.onFront).sort((first, second) => first.utility - second.utility).flatMap((point, index, front) => {
    const next = front[index + 1];
    if (next === undefined) return [];
    const from = toPixels(point.utility, point.forgetQuality);
    const to = toPixels(next.utility, next.forgetQuality);
    return [
      { left: from.x, right: to.x, top: from.y - 1, bottom: from.y + 1 },
      { left: to.x - 1, right: to.x + 1, top: Math.min(from.y, to.y), bottom: Math.max(from.y, to.y) },
    ];
  });
  const placed = placeLabels(ordered.map((point) => ({ key: point.label, text: labelText(point), ...toPixels(point.utility, point.forgetQuality) })), { width, height }, undefined, undefined, [betterNote, ...stairs]);
  const labels = placed.map((label) => {
    const point = points.find((candidate) => candidate.label === label.key);
    return { ...fromPixels(label.x, label.y), align: label.align, text: point ? labelText(point) : label.key, bold: point?.onFront ?? false };
  });
  const x = { field: 'utility', type: 'quantitative' as const, title: 'Model utility →', scale: { domain: [xMin, xMax], nice: false, zero: false } };
  const y = {
    field: 'forgetQuality', type: 'quantitative' as const, title: 'Forget quality (KS p-value, log scale) →',
    scale: { type: 'log' as const, domain: [yMin, yMax], nice: false },
    axis: { values: decades, labelExpr: "datum.value >= 0.001 ? format(datum.value, '~g') : format(datum.value, '.0e')" },
  };
  // Text alignment and weight are mark properties, not channels: one layer per combination.
  const textLayer = (align: 'left' | 'right' | 'center', bold: boolean) => ({
    data: { values: labels.filter((label) => label.align === align && label.bold === bold) },
    mark: { type: 'text' as const, align, baseline: 'middle' as const, fontSize: 11, fontWeight: bold ? ('bold' as const) : ('normal' as const), color: '#1f2937' },
    encoding: { x: { field: 'utility', type: 'quantitative' as const }, y: { field: 'forgetQuality', type: 'quantitative' as const }, text: { field: 'text' } },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width, height, config,
    data: { values: points },
    encoding: { x, y },
    layer: [
      {
        transform: [{ filter: 'datum.onFront' }, { window: [{ op: 'rank', as: 'order' }], sort: [{ field: 'utility' }] }],
        mark: { type: 'line', interpolate: 'step-after', strokeDash: [6, 4], color: '#64748b', strokeWidth: 1.6 },
        encoding: { order: { field: 'utility', type: 'quantitative' } },
      },
      { transform: [{ filter: 'datum.hasSpread' }], mark: { type: 'rule', strokeWidth: 1.4, opacity: 0.7 }, encoding: { x: { ...x, field: 'utilityLow' }, x2: { field: 'utilityHigh' }, color: { field: 'label', type: 'nominal', scale: colorScale(colors), legend: null } } },
      { transform: [{ filter: 'datum.hasSpread' }], mark: { type: 'rule', strokeWidth: 1.4, opacity: 0.7 }, encoding: { y: { ...y, field: 'forgetQualityLow' }, y2: { field: 'forgetQualityHigh' }, color: { field: 'label', type: 'nominal', scale: colorScale(colors), legend: null } } },
      {
        mark: { type: 'point', filled: true, size: 130, opacity: 1, stroke: 'white', strokeWidth: 1.5 },
        encoding: {
          color: { field: 'label', type: 'nominal', scale: colorScale(colors), legend: null },
          shape: { field: 'kind', type: 'nominal', scale: { domain: ['method', 'target', 'gold', 'base'], range: ['circle', 'square', 'diamond', 'triangle-up'] }, legend: null },
          tooltip: [{ field: 'label' }, { field: 'utility', format: '.3f' }, { field: 'forgetQuality', format: '.2e' }],
        },
      },
      ...(['left', 'right', 'center'] as const).flatMap((align) => [textLayer(align, false), textLayer(align, true)]),
      {
        data: { values: [{ utility: xMax, forgetQuality: yMax, text: 'better ↗' }] },
        mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, dy: 4, fontSize: 11, fontStyle: 'italic', color: '#6b7280' },
        encoding: { x: { field: 'utility', type: 'quantitative' }, y: { field: 'forgetQuality', type: 'quantitative' }, text: { field: 'text' } },
      },
    ],
  } satisfies TopLevelSpec;
}

// "Forget text QA" -> ["Forget", "text QA"]: two-line facet headers that fit narrow panels.
const firstSpaceToNewline = "indexof(datum.value, ' ') > 0 ? [slice(datum.value, 0, indexof(datum.value, ' ')), slice(datum.value, indexof(datum.value, ' ') + 1)] : datum.value";

const metricNames = { rougeL: 'ROUGE-L', probability: 'Probability', truthRatio: 'Truth ratio' } as const;

export function taskBarsSpec(results: Results, colors: Map<string, string>): TopLevelSpec {
  const rows = rowsOf(results);
  const present = taskNames.filter((task: TaskName) => rows.some((row) => row.model.metrics.tasks[task] !== undefined));
  const values = rows.flatMap((row) => present.flatMap((task) => (Object.keys(metricNames) as Array<keyof typeof metricNames>).flatMap((metric) => {
    const statistic = metricStatistic(row.model, (metrics) => metrics.tasks[task]?.[metric] ?? null);
    if (statistic === null) return [];
    const spread = statistic.std ?? 0;
    return [{ model: row.label, task: taskTitles[task], metric: metricNames[metric], value: statistic.mean, low: Math.max(0, statistic.mean - spread), high: Math.min(1, statistic.mean + spread), hasSpread: statistic.std !== null }];
  })));
  const modelOrder = rows.map((row) => row.label);
  const color = { field: 'model', type: 'nominal', scale: colorScale(colors), sort: modelOrder, legend: { title: null, orient: 'bottom', columns: 10, symbolType: 'square' } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...config, facet: { spacing: 10 } },
    data: { values },
    facet: {
      row: { field: 'metric', type: 'nominal', sort: Object.values(metricNames), header: { labelAngle: 0, labelAlign: 'left', labelPadding: 6 }, title: null },
      column: { field: 'task', type: 'nominal', sort: present.map((task) => taskTitles[task]), title: null, header: { labelExpr: firstSpaceToNewline, labelLineHeight: 14 } },
    },
    spec: {
      width: 96, height: 92,
      encoding: { x: { field: 'model', type: 'nominal', sort: modelOrder, axis: null } },
      layer: [
        { mark: { type: 'bar', cornerRadiusTopLeft: 1.5, cornerRadiusTopRight: 1.5 }, encoding: { y: { field: 'value', type: 'quantitative', title: null, scale: { domain: [0, 1] }, axis: { tickCount: 3, format: '.1f' } }, color } },
        { transform: [{ filter: 'datum.hasSpread' }], mark: { type: 'rule', color: '#111827', strokeWidth: 1 }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
      ],
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  } satisfies TopLevelSpec;
}

export function lossCurvesSpec(results: Results, colors: Map<string, string>): TopLevelSpec | null {
  const values = results.methods.flatMap((method) => method.lossCurve.map((point) => ({ model: method.label, step: point.step, loss: point.loss })));
  if (values.length === 0) return null;
  const order = results.methods.map((method) => method.label);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 600, height: 260, config,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'Unlearning step' },
      y: { field: 'loss', type: 'quantitative', title: 'Training loss', scale: { zero: false } },
      color: { field: 'model', type: 'nominal', sort: order, scale: { domain: order, range: order.map((label) => colors.get(label) ?? '#333333') }, legend: { title: null, orient: 'right' } },
    },
  } satisfies TopLevelSpec;
}
