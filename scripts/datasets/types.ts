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
