// Vega-Lite cannot move a point's text label out of its neighbours' way, and methods with near-identical
// scores sit on top of each other on the trade-off plot. With the scales fixed in advance we know every point's
// pixel position, so each label takes the first of a few positions around its point that hits no other label,
// no point and no edge (greedy, in the order given: put the important points first).

export interface LabelPoint { key: string; text: string; x: number; y: number } // pixels, origin top-left
export type LabelAlign = 'left' | 'right' | 'center';
export interface PlacedLabel { key: string; x: number; y: number; align: LabelAlign } // the text anchor, in pixels

export interface Box { left: number; top: number; right: number; bottom: number }

const candidates: Array<{ dx: number; dy: number; align: LabelAlign }> = [
  { dx: 9, dy: 0, align: 'left' }, { dx: -9, dy: 0, align: 'right' },
  { dx: 7, dy: -12, align: 'left' }, { dx: 7, dy: 12, align: 'left' },
  { dx: -7, dy: -12, align: 'right' }, { dx: -7, dy: 12, align: 'right' },
  { dx: 0, dy: -15, align: 'center' }, { dx: 0, dy: 15, align: 'center' },
  { dx: 16, dy: -22, align: 'left' }, { dx: 16, dy: 22, align: 'left' },
];

function labelBox(x: number, y: number, align: LabelAlign, width: number, height: number): Box {
  const left = align === 'left' ? x : align === 'right' ? x - width : x - width / 2;
  return { left, top: y - height / 2, right: left + width, bottom: y + height / 2 };
}

function overlap(first: Box, second: Box): number {
  const width = Math.min(first.right, second.right) - Math.max(first.left, second.left);
  const height = Math.min(first.bottom, second.bottom) - Math.max(first.top, second.top);
  return width > 0 && height > 0 ? width * height : 0;
}

export function placeLabels(
  points: readonly LabelPoint[],
  area: { width: number; height: number },
  font: { characterWidth: number; lineHeight: number } = { characterWidth: 6.3, lineHeight: 13 },
  pointRadius = 6,
  fixed: readonly Box[] = [], // other text already on the plot
): PlacedLabel[] {
  const obstacles: Box[] = [...fixed, ...points.map((point) => ({
    left: point.x - pointRadius, top: point.y - pointRadius, right: point.x + pointRadius, bottom: point.y + pointRadius,
  }))];
  // Labels may spill a little past the plot area (the SVG grows to fit its marks), but not over the axes.
  const frame: Box = { left: 0, top: -12, right: area.width + 40, bottom: area.height };
  const placed: PlacedLabel[] = [];
  for (const point of points) {
    const width = point.text.length * font.characterWidth;
    let best: { cost: number; label: PlacedLabel; box: Box } | null = null;
    for (const candidate of candidates) {
      const x = point.x + candidate.dx;
      const y = point.y + candidate.dy;
      const box = labelBox(x, y, candidate.align, width, font.lineHeight);
      const outside = width * font.lineHeight - overlap(box, frame);
      const cost = outside * 2 + obstacles.reduce((sum, obstacle) => sum + overlap(box, obstacle), 0);
      if (best === null || cost < best.cost) best = { cost, label: { key: point.key, x, y, align: candidate.align }, box };
      if (cost === 0) break;
    }
    if (best !== null) {
      placed.push(best.label);
      obstacles.push(best.box);
    }
  }
  return placed;
}
