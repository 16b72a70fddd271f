/**
 * A batch's directory (docs/BATCH.md):
 *   runs.csv         one row per run, in run order, appended as runs complete
 *   summary.json     statistics per point (no timings, no paths: the same batch gives the same bytes)
 *   bands.csv        per-turn p5/p50/p95 of each series, per point, in long form for R and pandas
 *   manifest.json    what was run and how: scenario and its hash, version, command line, seeds, timing
 *   checkpoint.json  how many runs are done and the band stores, for --resume and merge
 *   series.csv       with --series: every run's per-turn series in long form, in run order, appended as runs.csv is
 * Everything but runs.csv and series.csv is replaced atomically; those two are cut back to the
 * checkpoint on resume.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors';
import { writeOrFail } from '../session/write';
import { addMonths } from '../../engine';
import { NO_END, type RowValues } from './aggregate';
import { paramKeys, type BatchPlan, type Point } from './plan';
import type { Layout, RunRecord } from './runner';

export const FILES = {
  runs: 'runs.csv',
  summary: 'summary.json',
  bands: 'bands.csv',
  manifest: 'manifest.json',
  checkpoint: 'checkpoint.json',
  series: 'series.csv',
} as const;

/** A number as CSV and JSON write it: the shortest text that reads back as the same double. */
const num = (x: number) => (Number.isNaN(x) ? 'NaN' : String(x));

/** The header of runs.csv. Fields never need quoting: ids, numbers and checked parameter values. */
export function runsHeader(plan: BatchPlan, layout: Layout): string {
  return [
    'run',
    'point',
    'replicate',
    'seed',
    ...paramKeys(plan).map((k) => `set.${k}`),
    'turns',
    'outcome',
    ...layout.metricIds,
    ...layout.ladderIds.map((id) => `peak.${id}`),
    ...layout.eventIds.map((id) => `fired.${id}`),
  ].join(',');
}

export function runsRow(plan: BatchPlan, point: Point, r: RunRecord): string {
  return [
    r.run,
    r.point,
    r.replicate,
    r.seed,
    ...paramKeys(plan).map((k) => point.params[k] ?? ''),
    r.turns,
    r.outcome || NO_END,
    ...r.metrics.map(num),
    ...r.peaks.map(num),
    ...r.fired,
  ].join(',');
}

/** Read a row of runs.csv back into what the aggregates need; undefined if it is not a row of this batch. */
export function parseRunsRow(line: string, plan: BatchPlan, layout: Layout, run: number): RowValues | undefined {
  const f = line.split(',');
  const p = paramKeys(plan).length;
  const nm = layout.metricIds.length;
  const nl = layout.ladderIds.length;
  if (f.length !== 6 + p + nm + nl + layout.eventIds.length || Number(f[0]) !== run) return undefined;
  const numbers = (a: number, b: number) => f.slice(a, b).map(Number);
  const at = 4 + p;
  const row: RowValues = {
    turns: Number(f[at]),
    outcome: f[at + 1] === NO_END ? '' : f[at + 1],
    metrics: numbers(at + 2, at + 2 + nm),
    peaks: numbers(at + 2 + nm, at + 2 + nm + nl),
    fired: numbers(at + 2 + nm + nl, f.length),
  };
  if (!Number.isInteger(row.turns) || [...row.peaks, ...row.fired].some((x) => !Number.isFinite(x))) return undefined;
  return row;
}

/**
 * Read the first `count` data rows of a runs.csv, a chunk at a time (a shard's file can be larger
 * than a string can hold); returns the byte length they end at, for cutting the file back.
 */
export function readRuns(
  file: string,
  header: string,
  count: number,
  firstRun: number,
  onRow: (line: string, run: number) => boolean,
): number {
  return readRows(
    file,
    header,
    count,
    'runs',
    (text, line) =>
      onRow(text, firstRun + line) ? undefined : `line ${line + 2} is not run ${firstRun + line} of this batch`,
    (line) => `holds ${line} complete runs, but checkpoint.json says ${count}; the directory was changed`,
  );
}

/**
 * Read the first `count` data rows of a CSV file of the batch (runs.csv, series.csv); `onRow` says
 * what is wrong with a row, if anything. Returns the byte length the rows end at.
 */
function readRows(
  file: string,
  header: string,
  count: number,
  what: string,
  onRow: (text: string, line: number) => string | undefined,
  short: (lines: number) => string,
): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: cannot read the batch's ${what} (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`,
    );
  }
  try {
    const chunk = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    let offset = 0; // bytes of complete lines consumed
    let line = -1; // -1: the header
    let position = 0;
    for (;;) {
      if (line >= count) return offset;
      const got = readSync(fd, chunk, 0, chunk.length, position);
      position += got;
      const buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, got)]) : chunk.subarray(0, got);
      let at = 0;
      for (let nl = buf.indexOf(10, at); nl >= 0 && line < count; nl = buf.indexOf(10, at)) {
        const text = buf.toString('utf8', at, nl);
        if (line < 0) {
          if (text !== header)
            throw new InputError(
              `${file}: the header does not match this batch's columns; the file was changed or belongs to another batch`,
            );
        } else {
          const problem = onRow(text, line);
          if (problem) throw new InputError(`${file}: ${problem}`);
        }
        offset += nl + 1 - at;
        at = nl + 1;
        line++;
      }
      if (line >= count) return offset;
      if (got === 0) {
        if (line < 0) throw new InputError(`${file}: is empty or cut short before its header`);
        throw new InputError(`${file}: ${short(line)}`);
      }
      carry = Buffer.from(buf.subarray(at));
    }
  } finally {
    closeSync(fd);
  }
}

/** The header of series.csv. */
export const SERIES_HEADER = 'run,point,replicate,turn,date,metric,value';

/** Per layout, the `turn,date,metric,` part of each of a run's series.csv rows, in row order. */
const seriesCells = new WeakMap<Layout, string[]>();
function seriesPrefixes(layout: Layout): string[] {
  let cells = seriesCells.get(layout);
  if (!cells) {
    cells = [];
    for (let t = 0; t <= layout.turns; t++) {
      const date = addMonths(layout.startDate, t * layout.turnMonths);
      for (const id of layout.seriesIds) cells.push(`${t},${date},${id},`);
    }
    seriesCells.set(layout, cells);
  }
  return cells;
}

/**
 * A run's rows of series.csv, as one text without the last newline: per turn (0 first), each of the
 * layout's series. A run stopped by an end condition keeps its last values to the end, as in bands.csv.
 */
export function seriesRows(layout: Layout, r: RunRecord): string {
  const cells = seriesPrefixes(layout);
  const lead = `${r.run},${r.point},${r.replicate},`;
  let text = '';
  for (let k = 0; k < cells.length; k++) text += `${k ? '\n' : ''}${lead}${cells[k]}${num(r.series[k])}`;
  return text;
}

/**
 * Check the rows of `completed` runs from run `from` in a series.csv (`layouts` per point, `runs`
 * per point), passing each to `onRow`; returns the byte length they end at, for cutting the file back.
 */
export function readSeries(
  file: string,
  layouts: readonly Layout[],
  runs: number,
  from: number,
  completed: number,
  onRow?: (line: string) => void,
): number {
  let count = 0;
  for (let run = from; run < from + completed; run++) count += seriesPrefixes(layouts[Math.floor(run / runs)]).length;
  let run = from;
  let k = 0; // the row within the run
  return readRows(
    file,
    SERIES_HEADER,
    count,
    'per-turn series',
    (text, line) => {
      const point = Math.floor(run / runs);
      const cells = seriesPrefixes(layouts[point]);
      const lead = `${run},${point},${run % runs},${cells[k]}`;
      const value = text.slice(lead.length);
      const ok = text.startsWith(lead) && value !== '' && String(Number(value)) === value;
      const was = run;
      if (++k === cells.length) [k, run] = [0, run + 1];
      if (!ok) return `line ${line + 2} is not a row of run ${was} of this batch (${lead}VALUE)`;
      onRow?.(text);
      return undefined;
    },
    (line) =>
      `holds ${line} complete rows, but the ${completed} runs checkpoint.json names need ${count}; the directory was changed`,
  );
}

/** Appends rows to runs.csv (or series.csv); sync() makes what was written durable before a checkpoint names it. */
export class RunsWriter {
  private fd: number;
  private at: number;
  private buffer: string[] = [];
  private readonly what: string;

  constructor(
    readonly file: string,
    opts: { header?: string; truncateTo?: number; what?: string },
  ) {
    this.what = opts.what ?? 'runs';
    try {
      if (opts.header !== undefined) {
        this.fd = openSync(file, 'w');
        this.at = writeSync(this.fd, opts.header + '\n', 0);
      } else {
        this.fd = openSync(file, 'r+');
        ftruncateSync(this.fd, opts.truncateTo);
        this.at = opts.truncateTo ?? 0;
      }
    } catch (e) {
      throw new InputError(
        `${file}: cannot write the batch's ${this.what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
  }

  private flushed = Date.now();

  /** Queue a row (or several, joined by newlines); rows reach the file at least once a second, so `tail -f runs.csv` follows a batch. */
  add(line: string): void {
    this.buffer.push(line);
    if (this.buffer.length >= 256 || Date.now() - this.flushed > 1000) this.flush();
  }

  private flush(): void {
    if (!this.buffer.length) return;
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.flushed = Date.now();
    try {
      this.at += writeSync(this.fd, text, this.at);
    } catch (e) {
      throw new InputError(
        `${this.file}: cannot write the batch's ${this.what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the runs of the last checkpoint are kept`,
      );
    }
  }

  sync(): void {
    this.flush();
    try {
      fsyncSync(this.fd);
    } catch (e) {
      throw new InputError(
        `${this.file}: cannot write the batch's ${this.what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the runs of the last checkpoint are kept`,
      );
    }
  }

  close(): void {
    this.sync();
    closeSync(this.fd);
  }
}

export const ManifestSchema = z.object({
  format: z.literal('seastate-batch-manifest'),
  version: z.literal(1),
  seastate: z.string(),
  /** SHA-256 of the engine, loader and batch code (CODE_HASH). */
  code: z.string().optional(),
  command: z.array(z.string()),
  scenario: z.object({
    ref: z.string(),
    file: z.string().optional(),
    id: z.string(),
    title: z.string(),
    hash: z.string(),
  }),
  seed: z.string(),
  runsPerPoint: z.number().int().min(1),
  sets: z.array(z.string()),
  sweeps: z.array(z.object({ key: z.string(), values: z.array(z.string()) })),
  watch: z.array(z.string()),
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).nullable(),
  runIndices: z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }),
  points: z.array(
    z.object({
      point: z.number().int(),
      params: z.record(z.string(), z.string()),
      hash: z.string(),
      changes: z.array(z.string()).optional(),
      rerun: z.string(),
    }),
  ),
  seeds: z.object({ rule: z.string(), replicates: z.array(z.string()) }),
  status: z.enum(['running', 'interrupted', 'complete']),
  completed: z.number().int().min(0),
  workers: z.number().int().min(1),
  node: z.string().optional(),
  started: z.string(),
  updated: z.string(),
  elapsedSeconds: z.number(),
  /** This session's time until the first runs came back, and its rate after that. */
  startupSeconds: z.number().optional(),
  steadyRunsPerSecond: z.number().optional(),
  /** The process's peak resident memory so far, workers included (threads share it). */
  peakRssMiB: z.number().optional(),
  mergedFrom: z.array(z.string()).optional(),
  /** Whether the batch writes series.csv (--series). */
  series: z.boolean().optional(),
  /** The point the others are compared with (--baseline). */
  baseline: z.number().int().min(0).optional(),
  /** A sampled design (--sample lhs): its size and ranges as KEY=LO:HI. */
  design: z
    .object({ method: z.literal('lhs'), samples: z.number().int().min(2), ranges: z.array(z.string()) })
    .optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** A quantile store as a checkpoint keeps it (stats.ts StoreJson). */
const StoreSchema = z.object({
  n: z.number().int().min(0),
  min: z.number().nullable(),
  max: z.number().nullable(),
  values: z.array(z.number()).optional(),
  zero: z.number().optional(),
  pos: z.array(z.tuple([z.number().int(), z.number()])).optional(),
  neg: z.array(z.tuple([z.number().int(), z.number()])).optional(),
});

export const CheckpointSchema = z.object({
  format: z.literal('seastate-batch-checkpoint'),
  version: z.literal(1),
  completed: z.number().int().min(0),
  points: z.array(
    z.object({
      bands: z.array(StoreSchema),
      /** The final world (aggregate.ts FinalJson): each alignment cell's exact sum as its parts, each actor's tilt store; none past FINAL_WORLD_POINTS points. */
      final: z.object({ sums: z.array(z.array(z.number())), tilt: z.array(StoreSchema) }).optional(),
    }),
  ),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** Read and check one of the batch's JSON files; any problem is one InputError naming the file. */
export function readJson<S extends z.ZodType>(file: string, schema: S, what: string): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: cannot read the ${what} (${code === 'ENOENT' ? 'no such file; is this a batch directory?' : (code ?? 'unreadable')})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(`${file}: the ${what} is not valid JSON (cut short or edited?)`);
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new InputError(`${file}: not a seastate batch ${what}: ${i.path.join('.') || '(top)'}: ${i.message}`);
  }
  return r.data;
}

export function writeJson(dir: string, name: string, value: unknown, what: string): void {
  writeOrFail(path.join(dir, name), JSON.stringify(value, null, 1) + '\n', what);
}

export function writeCheckpoint(dir: string, completed: number, points: Checkpoint['points']): void {
  const c: Checkpoint = { format: 'seastate-batch-checkpoint', version: 1, completed, points };
  // Compact: the band stores are the bulk of it and nobody reads it by eye.
  writeOrFail(path.join(dir, FILES.checkpoint), JSON.stringify(c) + '\n', 'checkpoint');
}

/**
 * Create `dir` and any missing parents. Done one level at a time: Node 20's recursive mkdir never
 * returns for some impossible paths (under /proc), where this fails at once.
 */
export function makeDirs(dir: string, flag: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  while (!existsSync(d)) {
    missing.unshift(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing)
    try {
      mkdirSync(m);
    } catch (e) {
      throw new InputError(
        `${flag} ${dir}: cannot create the directory ${m} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
}

/** Make `dir` ready for a new batch: created if missing; refused if it already holds one. */
export function prepareOutDir(
  dir: string,
  hint = `continue it with \`seastate batch --resume ${dir}\`, or choose another --out`,
): void {
  if (existsSync(dir)) {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      /* reported below */
    }
    if (!isDir) throw new InputError(`--out ${dir}: exists and is not a directory`);
    const clash = readdirSync(dir).filter((f) => (Object.values(FILES) as string[]).includes(f));
    if (clash.length && !clash.includes(FILES.manifest))
      throw new InputError(
        `--out ${dir}: holds files with a batch's names (${clash.join(', ')}) but no manifest.json, so it is not a batch to resume; move them or choose another --out`,
      );
    if (clash.length) throw new InputError(`--out ${dir}: already holds a batch (${clash.join(', ')}); ${hint}`);
  }
}

/** The rows of bands.csv for every point. */
export function bandsCsv(plan: BatchPlan, points: readonly Point[], rows: (string | number)[][][]): string {
  const keys = paramKeys(plan);
  const lines = [
    ['point', ...keys.map((k) => `set.${k}`), 'series', 'turn', 'date', 'running', 'p5', 'p50', 'p95'].join(','),
  ];
  points.forEach((p, k) => {
    for (const r of rows[k])
      lines.push(
        [
          p.point,
          ...keys.map((key) => p.params[key] ?? ''),
          ...r.map((x) => (typeof x === 'number' ? num(x) : x)),
        ].join(','),
      );
  });
  return lines.join('\n') + '\n';
}
