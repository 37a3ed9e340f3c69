// What every per-task metric returns (STYLE rule 6), and the input checks they share: a metric that
// quietly returns NaN or 0 for an empty task would put a wrong number in a report, so they throw instead.

export interface MetricResult {
  /** The task-level number that goes into tables. */
  aggregate: number;
  /** One value per sample, in input order, so reports can show where a number comes from. */
  perExample: number[];
}

export function requireNonEmpty(values: readonly unknown[] | undefined, metric: string, what: string): void {
  if (values === undefined || values === null || !Array.isArray(values)) {
    throw new TypeError(`${metric}: ${what} is missing (expected an array)`);
  }
  if (values.length === 0) throw new RangeError(`${metric}: ${what} is empty`);
}

export function requireNumbers(values: readonly number[] | undefined, metric: string, what: string): void {
  requireNonEmpty(values, metric, what);
  values?.forEach((value, index) => {
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new TypeError(`${metric}: ${what}[${index}] is ${String(value)}, not a number`);
    }
  });
}

export function requireFiniteNumbers(values: readonly number[] | undefined, metric: string, what: string): void {
  requireNumbers(values, metric, what);
  values?.forEach((value, index) => {
    if (!Number.isFinite(value)) throw new RangeError(`${metric}: ${what}[${index}] is ${value}, not finite`);
  });
}

export function requireSameLength(
  first: readonly unknown[] | undefined,
  second: readonly unknown[] | undefined,
  metric: string,
  firstName: string,
  secondName: string,
): void {
  requireNonEmpty(first, metric, firstName);
  requireNonEmpty(second, metric, secondName);
  if (first?.length !== second?.length) {
    throw new RangeError(`${metric}: ${firstName} has ${first?.length} entries but ${secondName} has ${second?.length}`);
  }
}

export function mean(values: readonly number[], metric: string): number {
  requireNumbers(values, metric, 'values');
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
