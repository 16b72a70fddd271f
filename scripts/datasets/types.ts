/**
 * The contract of one dataset extractor (scripts/datasets/<id>.ts). Its provenance record is
 * data/datasets/<id>.yaml (what the dataset is, where each raw file came from, its sha256); the raw
 * files, as fetched, live in data/datasets/raw/<id>/ (not in git). `npm run data:extract` checks each
 * raw file's sha256 against the record, then writes what `extract` returns into data/datasets/.
 */
export interface Extractor {
  /** The dataset id: the record is data/datasets/<id>.yaml, the raw files data/datasets/raw/<id>/. */
  id: string;
  /** Reads the raw files in `rawDir`; returns each extract's file name (in data/datasets/) and its CSV text. */
  extract(rawDir: string): Record<string, string> | Promise<Record<string, string>>;
}

/** One CSV field: quoted (with quotes doubled) when it holds a comma, a quote or a line end. */
export function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * An extract's CSV text: a header of `cols`, then `rows` sorted by the `key` columns (compared as
 * text, in order), LF line ends and a final newline.
 */
export function csvText<T extends { [K in keyof T]: string }>(
  rows: T[],
  cols: readonly (keyof T & string)[],
  key: readonly (keyof T & string)[],
): string {
  const sorted = [...rows].sort((a, b) => {
    for (const k of key) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
    return 0;
  });
  return [cols.join(','), ...sorted.map((r) => cols.map((c) => csvField(r[c])).join(','))].join('\n') + '\n';
}
