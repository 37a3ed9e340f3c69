import type { Problem } from './data-error.js';
import type { ImageCell } from './schema.js';

const textDecoder = new TextDecoder('utf-8', { fatal: true });

function isImageSignature(bytes: Uint8Array): boolean {
  const png = bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const webp = bytes.length >= 12 && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP';
  return png || jpeg || webp;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return 'binary';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}

/**
 * Reads typed cells from one parquet row and records a Problem (with row and column) for every cell that does
 * not fit; it returns a placeholder then, so one pass finds every problem of a row.
 */
export class CellReader {
  private row: Record<string, unknown> = {};
  private rowIndex = 0;

  constructor(
    private readonly file: string,
    private readonly config: string,
    readonly problems: Problem[],
  ) {}

  at(row: Record<string, unknown>, rowIndex: number): this {
    this.row = row;
    this.rowIndex = rowIndex;
    return this;
  }

  report(column: string | null, message: string): void {
    this.problems.push({ file: this.file, config: this.config, row: this.rowIndex, column, message });
  }

  nullableString(column: string): string | null {
    const value = this.row[column];
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    if (value instanceof Uint8Array) {
      try {
        return textDecoder.decode(value);
      } catch {
        this.report(column, 'binary value is not UTF-8 text');
        return '';
      }
    }
    this.report(column, `expected a string, found ${describeValue(value)}`);
    return '';
  }

  /** A required, non-empty (after trimming) string. */
  string(column: string): string {
    const value = this.nullableString(column);
    if (value === null) this.report(column, 'value is null');
    else if (value.trim() === '' && !this.hasProblem(column)) this.report(column, 'value is empty');
    return value ?? '';
  }

  /** A non-empty list of non-empty strings. */
  stringList(column: string): string[] {
    const value = this.row[column];
    if (!Array.isArray(value)) {
      this.report(column, `expected a list of strings, found ${describeValue(value)}`);
      return [];
    }
    if (value.length === 0) this.report(column, 'list is empty');
    const items: string[] = [];
    for (const [index, item] of value.entries()) {
      if (typeof item !== 'string' || item.trim() === '') {
        this.report(column, `item ${index} is ${typeof item === 'string' ? 'empty' : describeValue(item)}, expected a string`);
      } else {
        items.push(item);
      }
    }
    return items;
  }

  nullableImage(column: string): ImageCell | null {
    const value = this.row[column];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
      this.report(column, `expected an image struct {bytes, path}, found ${describeValue(value)}`);
      return null;
    }
    const bytes: unknown = 'bytes' in value ? value.bytes : undefined;
    const path: unknown = 'path' in value ? value.path : undefined;
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      this.report(column, `image bytes are ${bytes instanceof Uint8Array ? 'empty' : describeValue(bytes)}`);
      return null;
    }
    if (!isImageSignature(bytes)) {
      this.report(column, 'image bytes are not a PNG, JPEG or WebP file');
      return null;
    }
    if (path !== null && path !== undefined && typeof path !== 'string') {
      this.report(column, `image path is ${describeValue(path)}, expected a string or null`);
    }
    return { bytes, path: typeof path === 'string' ? path : null };
  }

  image(column: string): ImageCell {
    const value = this.nullableImage(column);
    if (value === null && !this.hasProblem(column)) this.report(column, 'image is null');
    return value ?? { bytes: new Uint8Array(0), path: null };
  }

  /** Whether a problem was already recorded for this row and column. */
  hasProblem(column: string): boolean {
    for (let index = this.problems.length - 1; index >= 0; index--) {
      const problem = this.problems[index];
      if (problem === undefined || problem.row !== this.rowIndex || problem.config !== this.config) return false;
      if (problem.column === column) return true;
    }
    return false;
  }
}
