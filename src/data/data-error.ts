/** One thing wrong with a dataset, located as precisely as is known. Rows are 0-based. */
export interface Problem {
  file: string;
  config: string;
  row: number | null;
  column: string | null;
  message: string;
}

export function formatProblem(problem: Problem): string {
  const where = [`config ${problem.config}`, `file ${problem.file}`];
  if (problem.row !== null) where.push(`row ${problem.row}`);
  if (problem.column !== null) where.push(`column ${problem.column}`);
  return `${where.join(', ')}: ${problem.message}`;
}

/** Every data-layer failure: the message names the file, config, row and column. */
export class DataError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(formatProblem(problem));
    this.name = 'DataError';
    this.problem = problem;
  }
}
