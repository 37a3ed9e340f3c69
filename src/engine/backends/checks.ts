// Argument checks shared by the backends. A typed array silently drops out-of-range writes and reads
// undefined (NaN) past its end, so a wrong size would corrupt results without any error: check first.

export function requireLength(buffer: { readonly length: number }, needed: number, name: string): void {
  if (buffer.length < needed) {
    throw new RangeError(`${name} has ${buffer.length} elements, needs at least ${needed}`);
  }
}

export function requireCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

export function product(shape: readonly number[]): number {
  let size = 1;
  for (const extent of shape) size *= extent;
  return size;
}

// Row-major strides of `shape` read as a broadcast operand of `outShape`: 0 along axes it repeats.
export function broadcastStrides(shape: readonly number[], outShape: readonly number[], name: string): number[] {
  if (shape.length !== outShape.length) {
    throw new RangeError(`${name} has rank ${shape.length}, output has rank ${outShape.length}`);
  }
  const strides = new Array<number>(shape.length).fill(0);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const extent = shape[axis]!;
    const outExtent = outShape[axis]!;
    requireCount(extent, `${name} extent`);
    if (extent !== outExtent && extent !== 1) {
      throw new RangeError(`${name} shape [${shape.join(', ')}] does not broadcast to [${outShape.join(', ')}]`);
    }
    strides[axis] = extent === 1 ? 0 : stride;
    stride *= extent;
  }
  return strides;
}

// Calls visit(outIndex, operandOffsets...) over every element of outShape in row-major order, keeping one
// running offset per operand (an odometer), so no index is ever divided out.
export function forEachBroadcast(outShape: readonly number[], operandStrides: readonly (readonly number[])[],
  visit: (outIndex: number, offsets: readonly number[]) => void): void {
  const rank = outShape.length;
  const size = product(outShape);
  const counter = new Array<number>(rank).fill(0);
  const offsets = new Array<number>(operandStrides.length).fill(0);
  for (let outIndex = 0; outIndex < size; outIndex++) {
    visit(outIndex, offsets);
    for (let axis = rank - 1; axis >= 0; axis--) {
      const extent = outShape[axis]!;
      counter[axis]! += 1;
      for (let operand = 0; operand < operandStrides.length; operand++) offsets[operand]! += operandStrides[operand]![axis]!;
      if (counter[axis]! < extent) break;
      counter[axis] = 0;
      for (let operand = 0; operand < operandStrides.length; operand++) offsets[operand]! -= operandStrides[operand]![axis]! * extent;
    }
  }
}
