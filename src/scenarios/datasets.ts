/**
 * The dataset extracts in `data/datasets/` and the check of data/'s numbers against them.
 *
 *   data/datasets/<id>.yaml   a dataset's provenance record: what it is, its version and licence,
 *                             where each raw file came from (repository, path, commit, sha256) and
 *                             how the extract was made
 *   data/datasets/*.csv       the extracts: our actors' rows, values as the source writes them
 *   data/datasets/checks.yaml which cited values rest on which extract cell, and how the cell
 *                             becomes the value (a scale and a number of significant figures)
 *
 * `checkValues` is pure: it takes the cited values, the sources, the rules and a reader of extracts,
 * and returns every value it checked and every problem, so the command decides what to print.
 */
import { parse } from 'csv-parse/sync';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { pathString, type LoadIssue, type Loaded } from './issues';
import type { Source } from './world-schema';
import { readTextFile, readYamlFile, validate } from './yaml-file';

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`), `${n} lower-case hex digits`);

/** `data/datasets/<id>.yaml`. */
export const DatasetRecord = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id'),
  name: z.string().min(3),
  publisher: z.string().min(2),
  version: z.string().min(1),
  year: z.union([z.number().int(), z.string().min(4), z.array(z.number().int()).min(1)]),
  licence: z.string().min(3),
  citation: z.string().min(3),
  raw: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name'),
        path: z.string().min(1),
        commit: hex(40),
        sha256: hex(64),
        bytes: z.number().int().positive(),
      }),
    )
    .min(1),
  extraction: z.string().min(8),
  extracts: z
    .array(
      z.strictObject({
        file: z.string().regex(/^[a-z0-9][a-z0-9-]*\.csv$/, 'a kebab-case .csv file name'),
        key: z.array(z.string()).min(1),
        columns: z.array(z.strictObject({ name: z.string(), unit: z.string(), meaning: z.string() })).min(1),
      }),
    )
    .min(1),
  coverage: z.string().min(3),
});
export type DatasetRecord = z.infer<typeof DatasetRecord>;

/** One rule of `data/datasets/checks.yaml`. */
export const CheckRule = z.strictObject({
  /** The values it checks: those citing this source id... */
  source: z.string().min(1),
  /** ...at a field path ending in this, such as `capabilities.military`. */
  field: z.string().min(1),
  /** The extract (a file in data/datasets/) and the row: column → value, `{actor}` standing for the value's actor. */
  extract: z.string().regex(/\.csv$/, 'a .csv file in data/datasets'),
  match: z.record(z.string(), z.union([z.string(), z.number()])),
  column: z.string().min(1),
  /** The mean of the column over a span of rows (`year` from 2024 to 2028) instead of one row. */
  mean: z
    .strictObject({ over: z.string().min(1), from: z.number().int(), to: z.number().int() })
    .refine((m) => m.to >= m.from, 'to must not be before from')
    .optional(),
  /** value = cell × scale, to `sig` significant figures. */
  scale: z.number().positive().default(1),
  sig: z.number().int().min(1).max(8),
});
export type CheckRule = z.infer<typeof CheckRule>;
export const ChecksFile = z.strictObject({ checks: z.array(CheckRule) });

/** A cited value as the loader's provenance gives it. */
export interface CitedValue {
  file: string;
  path: string;
  actors: string[];
  value: number | null;
  source: string;
  rationale?: string;
}

export interface CheckedValue {
  entry: CitedValue;
  /** The extract and the cell it was checked against, e.g. `sipri-milex.csv[iso3=JPN, year=2023].milex`. */
  cell: string;
  /** The cell as the extract writes it, and the value it implies (cell × scale). */
  raw: string;
  expected: number;
}

export interface CheckProblem {
  entry: CitedValue;
  message: string;
}

/** The CSV rows of an extract, or undefined if there is no such file. */
export type ExtractReader = (file: string) => Record<string, string>[] | undefined;

/** Is `value` `expected` to `sig` significant figures? */
export function matchesTo(value: number, expected: number, sig: number): boolean {
  if (expected === 0) return value === 0;
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(expected))) - sig + 1);
  return Math.abs(value - expected) <= unit / 2 + 1e-9 * Math.abs(expected);
}

/** `expected` rounded to `sig` significant figures, as data/ should write it. */
export function roundTo(expected: number, sig: number): number {
  return Number(expected.toPrecision(sig));
}

/**
 * Check every cited value that rests on a dataset (its source's kind is `dataset`) against its
 * extract. A rule for the value's source and field makes it a dataset figure, checked against its
 * cell; a value no rule covers must carry a rationale (a number judged from the dataset's facts, not
 * one of its figures) and is listed as judged. A figure with no rule, a rule whose row is missing or
 * ambiguous, an empty cell and a value that differs from its cell are problems, each naming the
 * value and the cell.
 */
export function checkValues(
  entries: readonly CitedValue[],
  sources: readonly Source[],
  rules: readonly CheckRule[],
  read: ExtractReader,
) {
  const datasets = new Set(sources.filter((s) => s.kind === 'dataset').map((s) => s.id));
  const checked: CheckedValue[] = [];
  const judged: CitedValue[] = [];
  const problems: CheckProblem[] = [];
  for (const entry of entries) {
    if (entry.value === null || !datasets.has(entry.source)) continue;
    const rule = rules.find(
      (r) => r.source === entry.source && (entry.path === r.field || entry.path.endsWith(`.${r.field}`)),
    );
    if (!rule) {
      if (entry.rationale) judged.push(entry);
      else
        problems.push({
          entry,
          message: `cites dataset ${entry.source} with no rationale, so it is one of its figures, but no rule in data/datasets/checks.yaml checks its ${fieldOf(entry.path)}`,
        });
      continue;
    }
    const r = checkOne(entry, rule, read);
    if ('message' in r) problems.push({ entry, message: r.message });
    else checked.push({ entry, ...r });
  }
  return { checked, judged, problems };
}

/** One value against its rule's cell (or the mean of its cells). */
function checkOne(
  entry: CitedValue,
  rule: CheckRule,
  read: ExtractReader,
): { message: string } | Omit<CheckedValue, 'entry'> {
  const rows = read(rule.extract);
  if (!rows) return { message: `its check reads data/datasets/${rule.extract}, which is missing` };
  const want = Object.entries(rule.match).map(
    ([col, v]) => [col, String(v).replace('{actor}', entry.actors[0] ?? '')] as const,
  );
  const span = rule.mean ? [`${rule.mean.over}=${rule.mean.from}..${rule.mean.to}`] : [];
  const cell = `${rule.extract}[${[...want.map(([c, v]) => `${c}=${v}`), ...span].join(', ')}].${rule.column}${rule.mean ? ' (mean)' : ''}`;
  const m = rule.mean;
  const hits = rows.filter(
    (row) =>
      want.every(([c, v]) => row[c] === v) && (!m || (Number(row[m.over]) >= m.from && Number(row[m.over]) <= m.to)),
  );
  const need = m ? m.to - m.from + 1 : 1;
  if (hits.length !== need)
    return { message: hits.length ? `${cell}: ${hits.length} rows match, not ${need}` : `${cell}: no such row` };
  if (m && new Set(hits.map((h) => Number(h[m.over]))).size !== need)
    return { message: `${cell}: the rows do not cover every ${m.over} from ${m.from} to ${m.to} once` };
  const cells = hits.map((h) => h[rule.column]);
  if (cells.some((c) => c === undefined)) return { message: `${cell}: the extract has no column "${rule.column}"` };
  const bad = cells.find((c) => c.trim() === '' || !Number.isFinite(Number(c)));
  if (bad !== undefined) return { message: `${cell}: the extract has no number there (${JSON.stringify(bad)})` };
  const raw = cells.join(' ');
  const expected = (cells.reduce((a, c) => a + Number(c), 0) / cells.length) * rule.scale;
  if (!matchesTo(entry.value!, expected, rule.sig)) {
    const shown =
      m || rule.scale !== 1
        ? ` (${m ? 'mean' : ''}${m && rule.scale !== 1 ? ' ' : ''}${rule.scale !== 1 ? `× ${rule.scale}` : ''} = ${Number(expected.toPrecision(12))})`
        : '';
    return {
      message: `is ${entry.value}, but ${cell} is ${raw}${shown}: ${roundTo(expected, rule.sig)} to ${rule.sig} significant figures`,
    };
  }
  return { cell, raw, expected };
}

function fieldOf(p: string): string {
  return p.replace(/^actors\[\d+\]\./, '');
}

/** The extracts, records and rules in a datasets folder, validated. */
export interface DatasetsFolder {
  records: DatasetRecord[];
  rules: CheckRule[];
  read: ExtractReader;
}

/** Read `dir` (data/datasets): every record, the rules, and its extracts, parsed. */
export function loadDatasets(dir: string): Loaded<DatasetsFolder> {
  const issues: LoadIssue[] = [];
  const label = (f: string) => `data/datasets/${f}`;
  const records: DatasetRecord[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch (e) {
    return {
      ok: false,
      issues: [
        {
          code: 'dataset/folder',
          file: dir,
          path: '',
          message: `cannot read the datasets folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        },
      ],
    };
  }
  for (const f of files.filter((f) => f.endsWith('.yaml') && f !== 'checks.yaml')) {
    const parsed = readYamlFile(path.join(dir, f), label(f));
    const r = parsed.ok ? validate(parsed.value, DatasetRecord) : parsed;
    if (!r.ok) issues.push(...r.issues);
    else if (`${r.value.id}.yaml` !== f)
      issues.push({
        code: 'dataset/id',
        file: label(f),
        path: 'id',
        message: `id "${r.value.id}" is not the file's name`,
      });
    else {
      for (const [i, e] of r.value.extracts.entries())
        if (!files.includes(e.file))
          issues.push({
            code: 'dataset/extract',
            file: label(f),
            path: pathString(['extracts', i, 'file']),
            message: `no ${label(e.file)}`,
          });
      records.push(r.value);
    }
  }
  const parsed = readYamlFile(path.join(dir, 'checks.yaml'), label('checks.yaml'));
  const checks = parsed.ok ? validate(parsed.value, ChecksFile) : parsed;
  if (!checks.ok) issues.push(...checks.issues);
  const extracts = new Map<string, Record<string, string>[]>();
  for (const file of new Set(records.flatMap((r) => r.extracts.map((e) => e.file)))) {
    if (!files.includes(file)) continue;
    const text = readTextFile(path.join(dir, file), label(file));
    if (!text.ok) {
      issues.push(...text.issues);
      continue;
    }
    try {
      extracts.set(file, parse(text.value, { columns: true, skip_empty_lines: true }) as Record<string, string>[]);
    } catch (e) {
      issues.push({ code: 'dataset/csv', file: label(file), path: '', message: `not CSV: ${(e as Error).message}` });
    }
  }
  if (issues.length || !checks.ok) return { ok: false, issues };
  return { ok: true, value: { records, rules: checks.value.checks, read: (file) => extracts.get(file) } };
}

/**
 * The registry's own consistency: every dataset source with an extract names a record that exists,
 * every rule names a dataset source and an extract some record describes, and no two rules cover the
 * same source and field. Returns one message for each problem.
 */
export function checkRegistry(
  sources: readonly Source[],
  records: readonly DatasetRecord[],
  rules: readonly CheckRule[],
): string[] {
  const problems: string[] = [];
  const recordIds = new Set(records.map((r) => r.id));
  const files = new Set(records.flatMap((r) => r.extracts.map((e) => e.file)));
  const byId = new Map(sources.map((s) => [s.id, s]));
  for (const s of sources)
    if (s.dataset !== undefined && !recordIds.has(s.dataset))
      problems.push(
        `data/sources.yaml: source ${s.id} names dataset record "${s.dataset}", but there is no data/datasets/${s.dataset}.yaml`,
      );
  const seen = new Set<string>();
  for (const [i, r] of rules.entries()) {
    const at = `data/datasets/checks.yaml: checks[${i}]`;
    const s = byId.get(r.source);
    if (!s) problems.push(`${at}: unknown source "${r.source}" (not in data/sources.yaml)`);
    else if (s.kind !== 'dataset') problems.push(`${at}: source ${r.source} is a ${s.kind}, not a dataset`);
    else if (s.dataset === undefined)
      problems.push(`${at}: source ${r.source} names no dataset record (its "dataset" field in data/sources.yaml)`);
    else if (!records.find((rec) => rec.id === s.dataset)?.extracts.some((e) => e.file === r.extract))
      problems.push(
        `${at}: ${r.extract} is not an extract of data/datasets/${s.dataset}.yaml, the record of source ${r.source}`,
      );
    if (!files.has(r.extract)) problems.push(`${at}: no record in data/datasets/ describes ${r.extract}`);
    const key = `${r.source}\0${r.field}`;
    if (seen.has(key)) problems.push(`${at}: a second rule for ${r.source} at ${r.field}`);
    seen.add(key);
  }
  return problems;
}
