import type { CommandIo } from './io.js';

export type OutputMode = 'human' | 'quiet' | 'json';

export interface ProgressUpdate {
  done: number;
  total: number;
  loss?: number;
  detail?: string;
}

// One line per stage: a bar, ETA and current loss, redrawn in place on a terminal and printed at most every
// few seconds otherwise (CI logs). --json emits one event object per line on stdout; --quiet prints nothing
// but errors.
export class Progress {
  private stageStarted = 0;
  private lastDraw = 0;
  private stage = '';
  constructor(private readonly io: CommandIo, private readonly mode: OutputMode, private readonly isTerminal: boolean) {}

  startStage(stage: string, detail = ''): void {
    this.stage = stage;
    this.stageStarted = performance.now();
    this.lastDraw = 0;
    if (this.mode === 'json') this.event({ event: 'stage-start', stage, detail });
    else if (this.mode === 'human' && !this.isTerminal) this.io.stderr.write(`${stage}${detail ? `: ${detail}` : ''}\n`);
  }

  update(update: ProgressUpdate): void {
    const now = performance.now();
    const final = update.done >= update.total;
    const interval = this.isTerminal ? 100 : 5000;
    if (!final && now - this.lastDraw < interval) return;
    this.lastDraw = now;
    if (this.mode === 'json') {
      this.event({ event: 'progress', stage: this.stage, ...update });
      return;
    }
    if (this.mode === 'quiet') return;
    const fraction = update.total > 0 ? Math.min(1, update.done / update.total) : 1;
    const elapsed = (now - this.stageStarted) / 1000;
    const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const loss = update.loss !== undefined ? ` loss ${update.loss.toFixed(4)}` : '';
    const line = `${this.stage.padEnd(22)} ${bar} ${String(update.done).padStart(5)}/${update.total} ${formatSeconds(elapsed)} eta ${formatSeconds(eta)}${loss}${update.detail ? ` ${update.detail}` : ''}`;
    this.io.stderr.write(this.isTerminal ? `\r${line}\x1b[K` : `${line}\n`);
  }

  endStage(summary = ''): void {
    const seconds = (performance.now() - this.stageStarted) / 1000;
    if (this.mode === 'json') this.event({ event: 'stage-end', stage: this.stage, seconds, summary });
    else if (this.mode === 'human') this.io.stderr.write(`${this.isTerminal ? '\r\x1b[K' : ''}✓ ${this.stage.padEnd(22)} ${formatSeconds(seconds)}${summary ? `  ${summary}` : ''}\n`);
  }

  info(message: string): void {
    if (this.mode === 'json') this.event({ event: 'info', message });
    else if (this.mode === 'human') this.io.stderr.write(`${this.isTerminal ? '\r\x1b[K' : ''}${message}\n`);
  }

  event(payload: Record<string, unknown>): void {
    this.io.stdout.write(`${JSON.stringify(payload)}\n`);
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.round(seconds - minutes * 60)).padStart(2, '0')}s`;
}
