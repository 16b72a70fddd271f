/** Load problems as data: each names the file, the position when known, the field path and what was wrong. */

export interface LoadIssue {
  code: string;
  file: string;
  line?: number;
  column?: number;
  /** Field path such as `actors[3].posture.balancing`. */
  path: string;
  message: string;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; issues: LoadIssue[] };

/** `file:line:col: path: message`, the one-line form the CLI prints. */
export function formatIssue(i: LoadIssue): string {
  const where = i.line ? `${i.file}:${i.line}:${i.column ?? 1}` : i.file;
  return `${where}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

/** Render a path array as `a.b[2].c`. */
export function pathString(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}
