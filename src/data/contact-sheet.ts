import { createCanvas } from '@napi-rs/canvas';
import { decodeImageRgb } from './decode-image.js';

export interface SheetRow {
  label: string;
  images: readonly Uint8Array[];
}

export interface SheetOptions {
  /** Pixels per image on the sheet. */
  cellSize?: number;
  /** Shrink each image to this resolution first (then enlarge without smoothing) to see what a model sees. */
  resolution?: number;
  labelWidth?: number;
}

/** A PNG with one row of images per person, the person's name on the left. */
export async function renderContactSheet(rows: readonly SheetRow[], options: SheetOptions = {}): Promise<Uint8Array> {
  const cellSize = options.cellSize ?? 64;
  const labelWidth = options.labelWidth ?? 150;
  const columns = Math.max(1, ...rows.map((row) => row.images.length));
  const width = labelWidth + columns * (cellSize + 2);
  const height = Math.max(1, rows.length * (cellSize + 2));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = 'rgb(250,250,250)';
  context.fillRect(0, 0, width, height);
  const source = options.resolution ?? cellSize;
  for (const [rowIndex, row] of rows.entries()) {
    const top = rowIndex * (cellSize + 2);
    context.fillStyle = 'rgb(20,20,20)';
    context.font = '12px sans-serif';
    context.fillText(row.label, 4, top + cellSize / 2 + 4, labelWidth - 8);
    for (const [columnIndex, bytes] of row.images.entries()) {
      const rgb = await decodeImageRgb(bytes, source);
      const cell = context.createImageData(cellSize, cellSize);
      for (let y = 0; y < cellSize; y++) {
        for (let x = 0; x < cellSize; x++) {
          const from = (Math.floor((y * source) / cellSize) * source + Math.floor((x * source) / cellSize)) * 3;
          const to = (y * cellSize + x) * 4;
          cell.data[to] = rgb[from] ?? 0;
          cell.data[to + 1] = rgb[from + 1] ?? 0;
          cell.data[to + 2] = rgb[from + 2] ?? 0;
          cell.data[to + 3] = 255;
        }
      }
      context.putImageData(cell, labelWidth + columnIndex * (cellSize + 2), top);
    }
  }
  return canvas.encodeSync('png');
}
