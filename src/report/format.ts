// Number formatting shared by every report, so a figure reads the same in the table, the text and the CSV's
// neighbours. Missing values print as an em dash, never as 0.
import type { Statistic } from './statistics.js';

export const missing = '—';

export function formatFraction(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? missing : value.toFixed(digits);
}

// KS p-values span many orders of magnitude: two significant digits, scientific below 0.001.
export function formatPValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return missing;
  if (value === 0) return '0';
  if (value >= 0.001) return value.toPrecision(2);
  return value.toExponential(1);
}

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return missing;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 600) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(1)} min`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')} min`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return missing;
  const mebibytes = bytes / 1048576;
  if (mebibytes < 1024) return `${Math.round(mebibytes)} MiB`;
  return `${(mebibytes / 1024).toFixed(1)} GiB`;
}

export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  const text = Math.abs(percent).toFixed(Math.abs(percent) < 10 ? 1 : 0);
  return `${percent > 0 ? '+' : percent < 0 ? '−' : ''}${text}%`;
}

// "0.546 ± 0.002": the std gets the mean's formatter so both carry the same precision.
export function formatStatistic(statistic: Statistic | null, formatter: (value: number) => string = (value) => formatFraction(value)): string {
  if (statistic === null) return missing;
  if (statistic.std === null) return formatter(statistic.mean);
  return `${formatter(statistic.mean)} ± ${formatter(statistic.std)}`;
}

// Settings such as learning rates: 1e-5 rather than 0.00001.
export function formatNumber(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}
