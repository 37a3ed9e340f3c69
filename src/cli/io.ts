export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

// Bad usage (unknown option, missing argument): exit code 2, as Node's own CLI and most Unix tools do.
export class UsageError extends Error {
  override name = 'UsageError';
}
