import { Module, Rng, noGrad } from '../engine/index.js';
import { Linear, LoraAdapter, type LoraConfig } from './layers.js';
import type { VisionLanguageModel } from './vlm.js';

export interface LoraOptions extends LoraConfig {
  // Module-name fragments an adapted linear layer must contain ('attention', 'mlp', 'projector', ...);
  // empty = every linear layer. The LM head never gets one (SPEC section 2).
  targets: readonly string[];
  seed: number;
}

export function namedLinears(module: Module, prefix = ''): [string, Linear][] {
  const found: [string, Linear][] = [];
  const visit = (name: string, value: unknown) => {
    if (value instanceof Linear) found.push([name, value]);
    else if (value instanceof Module) for (const [key, child] of Object.entries(value)) visit(name ? `${name}.${key}` : key, child);
    else if (Array.isArray(value)) value.forEach((child, index) => visit(`${name}.${index}`, child));
  };
  visit(prefix, module);
  return found;
}

// Adds adapters and makes them the only trainable parameters. Returns the adapted layers' names.
export function attachLora(model: VisionLanguageModel, options: LoraOptions): string[] {
  const rng = new Rng(options.seed);
  model.freeze();
  const adapted: string[] = [];
  for (const [name, layer] of namedLinears(model)) {
    if (name === 'head') continue;
    if (options.targets.length > 0 && !options.targets.some((target) => name.includes(target))) continue;
    layer.lora = new LoraAdapter(layer.inFeatures, layer.outFeatures, options, rng);
    layer.merged = false;
    adapted.push(name);
  }
  if (adapted.length === 0) throw new Error(`LoRA: no linear layer matches targets [${options.targets.join(', ')}]`);
  return adapted;
}

// W += scaling * B A in place, and the adapter is set aside (kept, so unmerge can undo it).
export function mergeLora(model: VisionLanguageModel): void {
  noGrad(() => {
    for (const [, layer] of namedLinears(model)) {
      if (!layer.lora || layer.merged) continue;
      layer.weight.backend.axpy(1, layer.lora.delta().data, layer.weight.data);
      layer.merged = true;
    }
  });
}

export function unmergeLora(model: VisionLanguageModel): void {
  noGrad(() => {
    for (const [, layer] of namedLinears(model)) {
      if (!layer.lora || !layer.merged) continue;
      layer.weight.backend.axpy(-1, layer.lora.delta().data, layer.weight.data);
      layer.merged = false;
    }
  });
}

// Merges and removes every adapter: the model is plain again (the reference merges after fine-tuning).
export function mergeAndDropLora(model: VisionLanguageModel): void {
  mergeLora(model);
  for (const [, layer] of namedLinears(model)) {
    layer.lora = null;
    layer.merged = false;
  }
}

export function loraParameters(model: VisionLanguageModel) {
  return namedLinears(model).flatMap(([, layer]) => (layer.lora ? [layer.lora.a, layer.lora.b] : []));
}
