/** Errors the CLI turns into one line on stderr and an exit code. */
import { formatIssue, type LoadIssue } from '../scenarios/issues';

/** The exit codes of the command line contract. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

/** Bad input (a file, a flag, a save): exit code 2. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** Turn load issues into an InputError: the first line summarises, the rest list each issue. */
export function issuesError(issues: readonly LoadIssue[]): InputError {
  const lines = issues.map(formatIssue);
  if (lines.length === 1) return new InputError(lines[0]);
  return new InputError(`${issues.length} problems:`, lines);
}
