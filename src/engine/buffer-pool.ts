// Float32 buffers recycled between ops (issue 3). A training step of the default vision-language model
// creates a few hundred typed arrays of up to megabytes each; every fresh one costs a zero-fill and page
// faults, and their sheer volume makes V8 run a full mark-compact every few steps ("external memory
// pressure"): 16% of a step went to the garbage collector. The pool hands out buffers that backward has
// finished with instead, the way PyTorch's caching allocator does.
//
// Only the engine releases buffers, and only ones it acquired here and knows nobody else can see (a
// gradient of an intermediate tensor once its op's backward has run, an op's scratch array). Buffers are
// kept per size class (eight classes per power of two, so a batch a few tokens longer than the last one
// still finds its buffers, and a shorter one takes a buffer up to twice as large before a new one is made),
// and a caller gets a view of exactly the length it asked for.

// Below this many floats a fresh array is as cheap as a lookup, and small arrays do not press the GC.
const SMALLEST_POOLED = 1024;

function classStep(size: number): number {
  return Math.max(1, 2 ** (31 - Math.clz32(size)) / 8);
}

function capacityFor(size: number): number {
  const step = classStep(size);
  return Math.ceil(size / step) * step;
}

export class BufferPool {
  // Idle ArrayBuffers by capacity in floats.
  private readonly idle = new Map<number, ArrayBuffer[]>();
  private readonly idleSet = new Set<ArrayBuffer>();
  // Every ArrayBuffer this pool created: nothing else is ever taken in, so a view of a user's array or a
  // slice of a larger buffer can never be handed to a second owner.
  private readonly created = new WeakSet<ArrayBuffer>();
  private idleBytes = 0;

  // maxIdleBytes bounds what the pool holds between uses; releases beyond it are left to the GC.
  constructor(private readonly maxIdleBytes: number) {}

  // A buffer of `size` floats with unspecified contents: for outputs a kernel overwrites entirely.
  acquire(size: number): Float32Array {
    if (size < SMALLEST_POOLED) return new Float32Array(size);
    return new Float32Array(this.reuse(capacityFor(size)) ?? this.create(capacityFor(size)), 0, size);
  }

  // A buffer of `size` zeros: for outputs a kernel accumulates into.
  acquireZeroed(size: number): Float32Array {
    if (size < SMALLEST_POOLED) return new Float32Array(size);
    const reused = this.reuse(capacityFor(size));
    // A fresh ArrayBuffer is zeroed already; only a reused one needs the fill.
    return reused ? new Float32Array(reused, 0, size).fill(0) : new Float32Array(this.create(capacityFor(size)), 0, size);
  }

  // Gives a buffer back. The caller promises that nothing reads or writes it any more.
  release(buffer: Float32Array): void {
    const storage = buffer.buffer;
    if (!(storage instanceof ArrayBuffer) || !this.created.has(storage)) return;
    if (this.idleSet.has(storage)) throw new Error('buffer pool: a buffer was released twice');
    if (this.idleBytes + storage.byteLength > this.maxIdleBytes) return;
    const capacity = storage.byteLength / 4;
    let free = this.idle.get(capacity);
    if (!free) {
      free = [];
      this.idle.set(capacity, free);
    }
    free.push(storage);
    this.idleSet.add(storage);
    this.idleBytes += storage.byteLength;
  }

  // Drops every idle buffer (for a long pause between training phases of very different shapes).
  clear(): void {
    this.idle.clear();
    this.idleSet.clear();
    this.idleBytes = 0;
  }

  get bytesIdle(): number {
    return this.idleBytes;
  }

  // The smallest idle buffer of at least `capacity` floats and at most twice that.
  private reuse(capacity: number): ArrayBuffer | undefined {
    for (let candidate = capacity; candidate <= 2 * capacity; candidate += classStep(candidate)) {
      const storage = this.idle.get(candidate)?.pop();
      if (storage) {
        this.idleSet.delete(storage);
        this.idleBytes -= storage.byteLength;
        return storage;
      }
    }
    return undefined;
  }

  private create(capacity: number): ArrayBuffer {
    const storage = new ArrayBuffer(capacity * 4);
    this.created.add(storage);
    return storage;
  }
}
