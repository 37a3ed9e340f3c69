import { readFileSync } from 'node:fs';
import { Tensor } from '../engine/index.js';
import { writeFileAtomic } from './atomic.js';

// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header naming each
// tensor's dtype, shape and byte range, then the raw little-endian data. Python's `safetensors` reads it.
export function encodeSafetensors(tensors: ReadonlyMap<string, Tensor>, metadata: Record<string, string> = {}): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const names = [...tensors.keys()].sort();
  for (const name of names) {
    const tensor = tensors.get(name)!;
    const bytes = tensor.size * 4;
    header[name] = { dtype: tensor.dtype === 'int32' ? 'I32' : 'F32', shape: [...tensor.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let headerText = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
  headerText += ' '.repeat((8 - ((8 + Buffer.byteLength(headerText)) % 8)) % 8);
  const headerBytes = Buffer.from(headerText, 'utf8');
  const output = Buffer.alloc(8 + headerBytes.length + offset);
  output.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(output, 8);
  let position = 8 + headerBytes.length;
  for (const name of names) {
    const tensor = tensors.get(name)!;
    const values = tensor.dtype === 'int32' ? tensor.ids : tensor.data;
    Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(output, position);
    position += values.byteLength;
  }
  return output;
}

export function decodeSafetensors(bytes: Buffer, source: string): { tensors: Map<string, Tensor>; metadata: Record<string, string> } {
  if (bytes.length < 8) throw new Error(`${source}: not a safetensors file (only ${bytes.length} bytes)`);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (8 + headerLength > bytes.length) throw new Error(`${source}: safetensors header of ${headerLength} bytes runs past the end of the file`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  } catch (error) {
    throw new Error(`${source}: unreadable safetensors header (${(error as Error).message})`);
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, Tensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: [start, end] } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (dtype !== 'F32' && dtype !== 'I32') throw new Error(`${source}: tensor '${name}' has dtype ${dtype}; only F32 and I32 are supported`);
    if (dataStart + end > bytes.length) throw new Error(`${source}: tensor '${name}' runs past the end of the file`);
    const copy = new Uint8Array(bytes.subarray(dataStart + start, dataStart + end));
    const values = dtype === 'F32' ? new Float32Array(copy.buffer) : new Int32Array(copy.buffer);
    tensors.set(name, new Tensor(shape, values));
  }
  return { tensors, metadata };
}

export function saveSafetensors(path: string, tensors: ReadonlyMap<string, Tensor>, metadata: Record<string, string> = {}): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

export function loadSafetensors(path: string): { tensors: Map<string, Tensor>; metadata: Record<string, string> } {
  return decodeSafetensors(readFileSync(path), path);
}
