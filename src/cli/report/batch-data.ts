/**
 * What a batch report reads from a batch directory: summary.json (the statistics), bands.csv (the
 * per-turn quantiles) and manifest.json (the command line), each checked so that a damaged or
 * foreign file is one message naming it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors';
import { FILES } from '../batch/files';

/** An interval; JSON writes an undefined bound (too few runs) as null. */
const Interval = z.tuple([z.number().nullable(), z.number().nullable()]);
const Share = z.object({ count: z.number(), share: z.number(), wilson95: Interval });
const Metric = z.object({
  label: z.string().optional(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  meanCi95: Interval.nullable(),
  p5: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
});

const Quantiles = z.object({
  mean: z.number(),
  p5: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p95: z.number(),
});
/** The world at the end of the runs: the mean alignment matrix (row-major, FROM x TO) and each actor's tilt. */
const Final = z.object({
  actors: z.array(z.string()),
  alignmentMean: z.array(z.number()),
  tilt: z.record(z.string(), Quantiles),
});

const PointSchema = z.object({
  point: z.number().int(),
  params: z.record(z.string(), z.string()),
  runs: z.number().int(),
  metrics: z.record(z.string(), Metric),
  outcomes: z.record(z.string(), Share.extend({ text: z.string() })),
  events: z.record(z.string(), Share.extend({ meanCount: z.number() })),
  final: Final.optional(),
});

const Difference = z.object({
  diff: z.number().nullable(),
  pairedCi95: Interval.nullable(),
  unpairedCi95: Interval.nullable(),
  sdDiff: z.number().nullable(),
  pairs: z.number(),
});
const Comparison = z.object({
  point: z.number().int(),
  baseline: z.number().int(),
  pairs: z.number(),
  metrics: z.record(z.string(), Difference),
  outcomes: z.record(z.string(), Difference),
});

export const SummarySchema = z.object({
  format: z.literal('seastate-batch-summary'),
  scenario: z.object({ id: z.string(), title: z.string(), hash: z.string() }),
  seed: z.string(),
  runsPerPoint: z.number().int(),
  sets: z.record(z.string(), z.string()),
  sweeps: z.array(z.object({ key: z.string(), values: z.array(z.string()) })),
  watch: z.array(z.string()),
  shard: z.unknown(),
  runs: z.number().int(),
  method: z.record(z.string(), z.string()),
  points: z.array(PointSchema).min(1),
  baseline: z.number().int().optional(),
  design: z
    .object({
      method: z.string(),
      samples: z.number().int(),
      ranges: z.array(z.object({ key: z.string(), lo: z.number(), hi: z.number() })),
    })
    .optional(),
  sensitivity: z
    .object({
      method: z.string(),
      error: z.string().optional(),
      byOutput: z
        .record(
          z.string(),
          z.array(
            z.object({
              key: z.string(),
              prcc: z.number(),
              ci95: Interval,
              p: z.number(),
              spearman: z.number(),
              degenerate: z.string().nullable().optional(),
            }),
          ),
        )
        .optional(),
    })
    .optional(),
  comparisons: z.array(Comparison).optional(),
});

export type Summary = z.infer<typeof SummarySchema>;
export type PointStats = z.infer<typeof PointSchema>;
export type Comparison = z.infer<typeof Comparison>;

/** One row of bands.csv. */
export interface BandRow {
  point: number;
  series: string;
  turn: number;
  date: string;
  running: number;
  p5: number;
  p50: number;
  p95: number;
}

export interface BatchData {
  dir: string;
  summary: Summary;
  bands: BandRow[];
  /** The command line that made the batch, when the manifest is there to say. */
  command: string[] | undefined;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: cannot read the ${what} (${code === 'ENOENT' ? 'no such file; is this a finished batch directory?' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable')})`,
    );
  }
}

function parseJson(file: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(`${file}: the ${what} is not valid JSON (cut short or edited?)`);
  }
}

const BANDS_COLUMNS = ['series', 'turn', 'date', 'running', 'p5', 'p50', 'p95'] as const;

/** bands.csv as rows (point, the parameter columns set.KEY, then BANDS_COLUMNS); a line that is not a band row is an error naming its line. */
export function parseBands(file: string, text: string): BandRow[] {
  const lines = text.split('\n');
  const head = lines[0].split(',');
  const params = head.slice(1).findIndex((c) => !c.startsWith('set.'));
  if (head[0] !== 'point' || params < 0 || head.slice(1 + params).join(',') !== BANDS_COLUMNS.join(','))
    throw new InputError(
      `${file}:1: not a batch's bands.csv (expected the header point,set.KEY...,${BANDS_COLUMNS.join(',')})`,
    );
  const at = 1 + params;
  const rows: BandRow[] = [];
  for (let k = 1; k < lines.length; k++) {
    if (lines[k] === '' && k === lines.length - 1) break;
    const f = lines[k].split(',');
    const nums = [f[0], f[at + 1], f[at + 3], f[at + 4], f[at + 5], f[at + 6]].map(Number);
    if (f.length !== head.length || nums.some((x) => !Number.isFinite(x)) || !/^\d{4}-\d{2}-\d{2}$/.test(f[at + 2]))
      throw new InputError(`${file}:${k + 1}: not a band row (${head.join(',')})`);
    rows.push({
      point: nums[0],
      series: f[at],
      turn: nums[1],
      date: f[at + 2],
      running: nums[2],
      p5: nums[3],
      p50: nums[4],
      p95: nums[5],
    });
  }
  return rows;
}

/** Read and check what the report needs from a finished batch directory. */
export function readBatchDir(dir: string): BatchData {
  const file = path.join(dir, FILES.summary);
  const raw = parseJson(file, readText(file, 'batch summary'), 'batch summary');
  const parsed = SummarySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${file}: not a seastate batch summary (${issue.path.join('.') || 'top level'}: ${issue.message})`,
    );
  }
  const summary = parsed.data;
  if (summary.shard)
    throw new InputError(
      `${file}: is one shard of a batch; \`seastate merge\` the shards, then report the merged directory`,
    );
  const points = new Set(summary.points.map((p) => p.point));
  const missing = [summary.baseline, ...(summary.comparisons ?? []).flatMap((c) => [c.point, c.baseline])].find(
    (k) => k !== undefined && !points.has(k),
  );
  if (missing !== undefined) throw new InputError(`${file}: names point ${missing}, which it does not hold (edited?)`);
  const bandsFile = path.join(dir, FILES.bands);
  const bands = parseBands(bandsFile, readText(bandsFile, 'bands'));
  const stray = bands.find((b) => !points.has(b.point));
  if (stray)
    throw new InputError(`${bandsFile}: point ${stray.point} is not in summary.json (files from different batches?)`);
  let command: string[] | undefined;
  try {
    const m = JSON.parse(readFileSync(path.join(dir, FILES.manifest), 'utf8')) as { command?: unknown };
    if (Array.isArray(m.command) && m.command.every((x) => typeof x === 'string')) command = m.command;
  } catch {
    command = undefined; // the command line is a courtesy: a report is made without it
  }
  return { dir, summary, bands, command };
}
