import type { Parameter, Tensor } from '../engine/index.js';

// Methods that act on the weights' gradients rather than on a loss (SalUn's saliency mask, gradient
// projection) do it through the engine's parameter hooks, which run when a parameter's gradient of one
// backward pass is complete (that is, after every micro-batch: the trainer accumulates into the same buffer).
//
// A hook acts once for each arm() call, on the first backward pass after it that reaches its parameter: the
// method arms its hooks in loss(), so they act on the trainer's backward of that loss. Once unlearning is
// over nobody arms them any more and they stay attached but inert (the engine cannot remove a hook), except
// that a parameter the last armed pass did not reach would still be acted on once by a later backward.
export class ArmedGradientHooks {
  private readonly attached = new Set<Parameter>();
  private readonly actedOn = new Map<Parameter, number>();
  private armed = 0;
  private suspended = false;

  constructor(private readonly act: (parameter: Parameter, gradient: Tensor) => void) {}

  // Registers the hook on parameters that do not have it yet.
  attach(parameters: readonly Parameter[]): void {
    for (const parameter of parameters) {
      if (this.attached.has(parameter)) continue;
      this.attached.add(parameter);
      parameter.registerHook((gradient) => this.run(parameter, gradient));
    }
  }

  has(parameter: Parameter): boolean {
    return this.attached.has(parameter);
  }

  // The next backward pass is one the hooks act on.
  arm(): void {
    this.armed++;
  }

  // Back-propagates `loss` into gradients of its own, leaving the parameters' gradient buffers (the
  // trainer's accumulation) as they were and the hooks inert: a method's second gradient per step.
  // Returns the gradient of every given parameter that the loss reaches.
  privateGradients(loss: Tensor, parameters: readonly Parameter[]): Map<Parameter, Float32Array> {
    const saved = parameters.map((parameter) => parameter.grad);
    for (const parameter of parameters) parameter.grad = null;
    const gradients = new Map<Parameter, Float32Array>();
    this.suspended = true;
    try {
      loss.backward();
      for (const parameter of parameters) if (parameter.grad) gradients.set(parameter, parameter.grad.data);
    } finally {
      this.suspended = false;
      parameters.forEach((parameter, index) => (parameter.grad = saved[index]!));
    }
    return gradients;
  }

  private run(parameter: Parameter, gradient: Tensor): void {
    if (this.suspended || this.armed === 0 || this.actedOn.get(parameter) === this.armed) return;
    this.actedOn.set(parameter, this.armed);
    this.act(parameter, gradient);
  }
}
