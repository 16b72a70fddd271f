/**
 * Bad input to `seastate batch` and `seastate merge`: every bad flag, scenario, output directory,
 * batch directory and shard is refused with exit code 2 and one message (a first line, perhaps with
 * indented detail lines) that names the flag or file and what is wrong, with no stack trace; and
 * nothing is written, cut back or changed. Cases refused while the flags are read run in this
 * process, with one of each kind also through the real CLI; the cases on batch directories all run
 * through the real CLI, a few processes at a time, after the small real batches they start from.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliMany, hasStack, inProcess, snapshot, type CliResult } from './spawn';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'seastate-batch-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const at = (...p: string[]) => path.join(tmp, ...p);
const YAML_ERROR = path.join(__dirname, '../fixtures/batch-bad/yaml-error.yaml');

/** A file's bytes (as a hash: quicker to compare) and modification time. */
function fileState(f: string) {
  const { bytes, mtime } = snapshot(f);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), mtime };
}
/** Every file of a directory (or one file), to show it was left alone. */
function snapshotOf(target: string) {
  if (!existsSync(target)) return undefined;
  if (!statSync(target).isDirectory()) return fileState(target);
  return Object.fromEntries(
    readdirSync(target)
      .sort()
      .map((f) => [f, fileState(path.join(target, f))]),
  );
}

interface Case {
  /** What is wrong, for the test's name. */
  name: string;
  args: string[];
  /** The message must match each of these (the flag or file, and the problem). */
  message: RegExp[];
  /** Files or directories that must be exactly as they were. */
  untouched?: string[];
  /** Paths that must still not exist. */
  absent?: string[];
  /** Run in this process (quick) unless set: 'also' through the real CLI as well, 'only' just there. */
  cli?: 'also' | 'only';
}
const also = (c: Case): Case => ({ ...c, cli: 'also' });
const real = (c: Case): Case => ({ ...c, cli: 'only' });

/** A batch case with an --out that must never be created. */
let outs = 0;
const batch = (name: string, args: string[], message: RegExp[]): Case => {
  const out = at(`never-${++outs}`);
  return { name, args: ['batch', ...args, '--out', out], message, absent: [out] };
};
const TT = ['teach-threat', '--runs', '2', '--workers', '1'];
const DEF = ['default', '--runs', '2', '--workers', '1'];

// ---------------------------------------------------------------------------------------------
// Cases that need nothing but the built-in scenarios.

const setCases: Case[] = [
  // Keys that name nothing.
  also(batch('--set an unknown key', [...TT, '--set', 'foo=1'], [/--set foo=1/, /unknown parameter "foo"/])),
  batch(
    '--set a misspelt model key',
    [...TT, '--set', 'model.weights.nosie=1'],
    [/--set model\.weights\.nosie=1/, /nosie/],
  ),
  batch(
    '--set an actor not in the scenario',
    [...TT, '--set', 'actors.XXX.posture.balancing=0.5'],
    [/--set actors\.XXX\.posture\.balancing=0\.5/, /"XXX"/],
  ),
  batch(
    '--set an event not in the scenario',
    [...DEF, '--set', 'events.nope.chance=0.5'],
    [/--set events\.nope\.chance=0\.5/, /no event "nope"/],
  ),
  batch(
    '--set a ladder not in the scenario',
    [...TT, '--set', 'ladders.nope=1'],
    [/--set ladders\.nope=1/, /no ladder "nope"/],
  ),
  // Values the schema refuses.
  batch(
    '--set a word for a number',
    [...TT, '--set', 'model.weights.noise=abc'],
    [/--set model\.weights\.noise=abc/, /expected number, found "abc"/],
  ),
  batch(
    '--set a posture out of range',
    [...DEF, '--set', 'actors.JPN.posture.balancing=5'],
    [/--set actors\.JPN\.posture\.balancing=5/, /between 0 and 1, found 5/],
  ),
  batch(
    '--set a chance above 1',
    [...DEF, '--set', 'events.nk-launch.chance=1.5'],
    [/--set events\.nk-launch\.chance=1\.5/, /at most 1, found 1\.5/],
  ),
  batch('--set turns=0', [...TT, '--set', 'turns=0'], [/--set turns=0/, /at least 1, found 0/]),
  // Not KEY=VALUE at all.
  batch('--set without "="', [...TT, '--set', 'noequals'], [/--set noequals/, /expected KEY=VALUE/]),
  batch('--set without a key', [...TT, '--set', '=3'], [/--set =3/, /expected KEY=VALUE/]),
  batch('--set with nothing', [...TT, '--set', ''], [/--set/, /expected KEY=VALUE/]),
  // Several at once: one summary line, each problem on an indented line of its own.
  batch(
    'two bad --set keys',
    [...TT, '--set', 'foo=1', '--set', 'ladders.nope=1'],
    [/^seastate: 2 problems:\n/, /\n {2}--set foo=1: /, /\n {2}--set ladders\.nope=1: /],
  ),
];

const sweepCases: Case[] = [
  also(
    batch(
      '--sweep a word among the numbers',
      [...TT, '--sweep', 'model.weights.noise=0,abc'],
      [/--sweep model\.weights\.noise=/, /"abc"/],
    ),
  ),
  batch(
    '--sweep a misspelt key',
    [...TT, '--sweep', 'model.weights.nosie=0,1'],
    [/--sweep model\.weights\.nosie=/, /nosie/],
  ),
  batch(
    '--sweep an empty value',
    [...TT, '--sweep', 'model.weights.noise=0,,1'],
    [/--sweep model\.weights\.noise=0,,1/, /empty value/],
  ),
  batch(
    '--sweep a value twice',
    [...TT, '--sweep', 'model.weights.noise=0,0.5,0'],
    [/--sweep model\.weights\.noise=0,0\.5,0/, /0 appears twice/],
  ),
  batch('--sweep without a key', [...TT, '--sweep', '=0,1'], [/--sweep =0,1/, /expected KEY=V1,V2/]),
  batch(
    'the same key in --set and --sweep',
    [...TT, '--set', 'model.weights.noise=0', '--sweep', 'model.weights.noise=0.5,1'],
    [/"model\.weights\.noise"/, /--set/, /--sweep/, /more than once/],
  ),
];

const flagCases: Case[] = [
  also(batch('--runs 0', ['teach-threat', '--runs', '0'], [/--runs/, /'0'/, /whole number from 1 to/])),
  batch('--runs abc', ['teach-threat', '--runs', 'abc'], [/--runs/, /'abc'/, /whole number from 1 to/]),
  batch('no --runs', ['teach-threat'], [/--runs N/]),
  batch('no scenario', ['--runs', '2'], [/needs a scenario/]),
  batch('--workers 0', [...TT, '--workers', '0'], [/--workers/, /'0'/, /from 1 to 64/]),
  batch('--shard 0/3', [...TT, '--shard', '0/3'], [/--shard/, /'0\/3'/, /1 <= I <= N/]),
  batch('--shard 4/3', [...TT, '--shard', '4/3'], [/--shard/, /'4\/3'/, /1 <= I <= N/]),
  batch('--shard x', [...TT, '--shard', 'x'], [/--shard/, /'x'/, /I\/N/]),
  batch('--watch an actor not in the scenario', [...TT, '--watch', 'XXX:JPN'], [/--watch XXX:JPN/, /no actor "XXX"/]),
  batch('--watch one actor', [...TT, '--watch', 'JPN'], [/--watch JPN\b/, /FROM:TO/]),
  batch('--watch an actor toward itself', [...TT, '--watch', 'JPN:JPN'], [/--watch JPN:JPN/, /toward itself/]),
  batch('--seed -1', [...TT, '--seed', '-1'], [/--seed/, /'-1'/, /non-negative integer/]),
  batch('an unknown option', [...TT, '--frobnicate'], [/unknown option '--frobnicate'/]),
  // An empty value is not a directory: it must not quietly mean "no output" or "no resume".
  { name: '--out with an empty value', args: ['batch', ...TT, '--out', ''], message: [/--out/, /empty/i], cli: 'only' },
  {
    name: '--resume with an empty value',
    args: ['batch', '--resume', ''],
    message: [/--resume/, /empty/i],
    cli: 'only',
  },
];

const scenarioCases: Case[] = [
  batch(
    'an unknown built-in scenario',
    ['teach-thraet', '--runs', '2'],
    [/teach-thraet/, /no built-in scenario "teach-thraet"/],
  ),
  also(
    batch(
      'a scenario file with a YAML error',
      [YAML_ERROR, '--runs', '2'],
      [/^seastate: \S*tests\/fixtures\/batch-bad\/yaml-error\.yaml:7:8: Nested mappings/],
    ),
  ),
  batch(
    'a scenario file that does not exist',
    [path.join(tmp, 'nowhere.yaml'), '--runs', '2'],
    [/nowhere\.yaml: no such file/],
  ),
];

// The batch that the --out, --resume and merge cases start from: small, but real.
const SETUP: [string, string[]][] = [
  ['batch', ['teach-threat', '--runs', '3', '--workers', '1']],
  ['s1', ['teach-threat', '--runs', '3', '--workers', '1', '--shard', '1/3']],
  ['s2', ['teach-threat', '--runs', '3', '--workers', '1', '--shard', '2/3']],
  ['s3', ['teach-threat', '--runs', '3', '--workers', '1', '--shard', '3/3']],
  // The same shard of another batch: a different seed.
  ['other', ['teach-threat', '--runs', '3', '--workers', '1', '--shard', '2/3', '--seed', '2']],
];

// ---------------------------------------------------------------------------------------------
// Cases on the directories the set-up batches wrote (copied and damaged just before they run).

const outCases: Case[] = [
  real({
    name: '--out is a regular file',
    args: ['batch', ...TT, '--out', at('a-file')],
    message: [/--out \S*a-file: exists and is not a directory/],
    untouched: [at('a-file')],
  }),
  real({
    name: '--out already holds a batch',
    args: ['batch', ...TT, '--out', at('batch')],
    message: [/--out \S*batch: already holds a batch/, /--resume/],
    untouched: [at('batch')],
  }),
];

const resumeCases: Case[] = [
  {
    name: '--resume a directory that does not exist',
    args: ['batch', '--resume', at('nowhere')],
    message: [/nowhere/, /cannot read the manifest/],
    absent: [at('nowhere')],
  },
  real({
    name: '--resume a manifest that is not JSON',
    args: ['batch', '--resume', at('r-json')],
    message: [/r-json\/manifest\.json: /, /not valid JSON/],
    untouched: [at('r-json')],
  }),
  real({
    name: '--resume a manifest cut short',
    args: ['batch', '--resume', at('r-cut')],
    message: [/r-cut\/manifest\.json: /, /not valid JSON/],
    untouched: [at('r-cut')],
  }),
  real({
    name: '--resume a manifest with the wrong format',
    args: ['batch', '--resume', at('r-format')],
    message: [/r-format\/manifest\.json: /, /not a seastate batch manifest: format/],
    untouched: [at('r-format')],
  }),
  {
    name: '--resume with --runs',
    args: ['batch', '--resume', at('batch'), '--runs', '5'],
    message: [/--resume/, /drop --runs/],
    untouched: [at('batch')],
  },
  {
    name: '--resume with a scenario',
    args: ['batch', 'teach-threat', '--resume', at('batch')],
    message: [/--resume/, /drop the scenario/],
    untouched: [at('batch')],
  },
  {
    name: '--resume with --out',
    args: ['batch', '--resume', at('batch'), '--out', at('elsewhere')],
    message: [/--resume/, /drop --out/],
    untouched: [at('batch')],
    absent: [at('elsewhere')],
  },
  real({
    name: "--resume where runs.csv's header was edited",
    args: ['batch', '--resume', at('r-header'), '--workers', '1'],
    message: [/r-header\/runs\.csv: the header does not match/],
    untouched: [at('r-header')],
  }),
  // Interrupted after 2 of 3 runs: a resume cuts runs.csv back to the checkpoint, but not before the file is checked.
  real({
    name: "--resume an interrupted batch whose runs.csv's header was edited",
    args: ['batch', '--resume', at('r-int-header'), '--workers', '1'],
    message: [/r-int-header\/runs\.csv: the header does not match/],
    untouched: [at('r-int-header')],
  }),
  real({
    name: '--resume an interrupted batch whose runs.csv has an edited row',
    args: ['batch', '--resume', at('r-int-row'), '--workers', '1'],
    message: [/r-int-row\/runs\.csv: line 3 is not run 1/],
    untouched: [at('r-int-row')],
  }),
];

const SHARDS = ['s1', 's2', 's3', 'other', 's3-interrupted', 's2-header'].map((d) => at(d));
const merge = (name: string, dirs: string[], out: string, message: RegExp[]): Case => ({
  name,
  args: ['merge', ...dirs.map((d) => at(d)), '--out', at(out)],
  message,
  untouched: [...SHARDS, at('batch')],
  // A new --out must not be created; an existing one is among the untouched.
  absent: ['batch', 's2'].includes(out) ? [] : [at(out)],
  cli: 'only',
});

const mergeCases: Case[] = [
  merge('merge a batch that is not a shard', ['batch'], 'm-not-shard', [/\S*batch: is not a shard/]),
  merge('merge shards of different batches', ['s1', 'other', 's3'], 'm-different', [
    /\S*other: is a shard of a different batch than \S*s1/,
  ]),
  merge('merge with a shard missing', ['s1', 's3'], 'm-missing', [/shard 2\/3 missing/]),
  merge('merge the same shard twice', ['s1', 's2', 's2', 's3'], 'm-twice', [/\S*s2: shard 2\/3 is given twice/]),
  merge('merge an incomplete shard', ['s1', 's2', 's3-interrupted'], 'm-incomplete', [
    /\S*s3-interrupted: shard 3\/3 is not complete/,
  ]),
  merge('merge with --out one of the shards', ['s1', 's2', 's3'], 's2', [
    /--out \S*s2: (already holds a batch|is one of the shards)/,
    /new directory/,
  ]),
  merge('merge with --out a directory holding a batch', ['s1', 's2', 's3'], 'batch', [
    /--out \S*batch: already holds a batch/,
  ]),
  // The problem is found only while the shards are read: the new --out must not be left half-written.
  merge("merge a shard whose runs.csv's header was edited", ['s1', 's2-header', 's3'], 'm-corrupt', [
    /s2-header\/runs\.csv: the header does not match/,
  ]),
  {
    name: 'merge without --out',
    args: ['merge', at('s1'), at('s2'), at('s3')],
    message: [/--out/, /not specified/],
    untouched: SHARDS,
  },
];

// ---------------------------------------------------------------------------------------------

const results = new Map<string, CliResult>();
const before = new Map<string, ReturnType<typeof snapshotOf>>();
let setup: CliResult[] = [];
let debug: CliResult;
const DEBUG = ['batch', ...TT, '--set', 'foo=1', '--debug'];
const REAL = ' (real CLI)';

function remember(cases: Case[]) {
  for (const c of cases) for (const f of c.untouched ?? []) if (!before.has(f)) before.set(f, snapshotOf(f));
}

async function inProcessAll(cases: Case[]) {
  for (const c of cases.filter((c) => c.cli !== 'only')) {
    const r = await inProcess(c.args);
    results.set(c.name, { code: r.code, stdout: r.out, stderr: r.err });
  }
}

/** Spawn `prefix` (set-up, results returned) and then the cases, a few at a time. */
async function spawnAll(cases: Case[], prefix: string[][] = []): Promise<CliResult[]> {
  const got = await cliMany([...prefix, ...cases.map((c) => c.args)], 3);
  cases.forEach((c, k) => results.set(c.name + REAL, got[prefix.length + k]));
  return got.slice(0, prefix.length);
}

/** Copy a set-up batch and change one of its files. */
function damaged(
  from: string,
  to: string,
  edits: Partial<Record<'manifest.json' | 'checkpoint.json' | 'runs.csv', (text: string) => string>>,
) {
  cpSync(at(from), at(to), { recursive: true });
  for (const [file, edit] of Object.entries(edits))
    writeFileSync(at(to, file), edit(readFileSync(at(to, file), 'utf8')));
}
/** Make a complete batch look interrupted after `completed` runs (its runs.csv still holds them all). */
const interrupted = (completed: number) => ({
  'manifest.json': (t: string) =>
    JSON.stringify({ ...JSON.parse(t), status: 'interrupted', completed }, null, 1) + '\n',
  'checkpoint.json': (t: string) => JSON.stringify({ ...JSON.parse(t), completed }) + '\n',
});
const editHeader = (t: string) => t.replace(/^run,point,replicate,seed,/, 'run,point,replicate,seed_edited,');

beforeAll(async () => {
  writeFileSync(at('a-file'), 'not a directory\n');
  remember(outCases.slice(0, 1));
  // The set-up batches start first, beside the cases that need none of them.
  const firstCases = [...setCases, ...sweepCases, ...flagCases, ...scenarioCases];
  const spawning = spawnAll(
    firstCases.filter((c) => c.cli),
    [...SETUP.map(([dir, args]) => ['batch', ...args, '--out', at(dir)]), DEBUG],
  );
  await inProcessAll(firstCases);
  const first = await spawning;
  setup = first.slice(0, SETUP.length);
  debug = first[SETUP.length];
  setup.forEach((r, k) => expect(r.code, `${SETUP[k][0]}: ${r.stderr}`).toBe(0));

  damaged('batch', 'r-json', { 'manifest.json': () => 'this is not JSON\n' });
  damaged('batch', 'r-cut', { 'manifest.json': (t) => t.slice(0, Math.floor(t.length / 2)) });
  damaged('batch', 'r-format', {
    'manifest.json': (t) => t.replace('"seastate-batch-manifest"', '"seastate-batch-summary"'),
  });
  damaged('batch', 'r-header', { 'runs.csv': editHeader });
  damaged('batch', 'r-int-header', { ...interrupted(2), 'runs.csv': editHeader });
  damaged('batch', 'r-int-row', { ...interrupted(2), 'runs.csv': (t) => t.replace(/\n1,0,1,/, '\n7,0,1,') });
  damaged('s3', 's3-interrupted', {
    'manifest.json': (t) => t.replace('"status": "complete"', '"status": "interrupted"'),
  });
  damaged('s2', 's2-header', { 'runs.csv': editHeader });
  // The damage is really there (so each case tests what its name says).
  expect(readFileSync(at('s3-interrupted', 'manifest.json'), 'utf8')).toContain('"status": "interrupted"');
  expect(readFileSync(at('r-int-row', 'runs.csv'), 'utf8')).toMatch(/\n7,0,1,/);
  for (const d of ['r-header', 'r-int-header', 's2-header'])
    expect(readFileSync(at(d, 'runs.csv'), 'utf8')).toMatch(/^run,point,replicate,seed_edited,/);

  remember([...outCases, ...resumeCases, ...mergeCases]);
  const secondCases = [...outCases, ...resumeCases, ...mergeCases];
  const spawning2 = spawnAll(secondCases.filter((c) => c.cli));
  await inProcessAll(secondCases);
  await spawning2;
}, 240_000);

function refused(label: string, c: Case) {
  const r = results.get(label)!;
  const shown = `seastate ${c.args.join(' ')}\nexit ${r.code}\n${r.stderr}`;
  expect(r.code, shown).toBe(2);
  expect(hasStack(r.stderr), shown).toBe(false);
  expect(r.stdout, shown).toBe('');
  // One message: a first line, and any further lines indented detail.
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  expect(lines[0], shown).toMatch(/^seastate: \S/);
  for (const line of lines.slice(1)) expect(line, shown).toMatch(/^ {2}\S/);
  for (const m of c.message) expect(r.stderr, shown).toMatch(m);
  for (const f of c.untouched ?? []) expect(snapshotOf(f), `${f} was changed\n${shown}`).toEqual(before.get(f));
  for (const f of c.absent ?? []) expect(existsSync(f), `${f} was created\n${shown}`).toBe(false);
}

/** One test per case and way of running it. */
const each = (cases: Case[]) =>
  it.each(
    cases.flatMap((c) => [
      ...(c.cli !== 'only' ? [[c.name, c] as const] : []),
      ...(c.cli ? [[c.name + REAL, c] as const] : []),
    ]),
  )('%s', (label, c) => refused(label, c));

describe('batch: bad --set', () => each(setCases));
describe('batch: bad --sweep', () => each(sweepCases));
describe('batch: bad flags', () => each(flagCases));
describe('batch: bad scenarios', () => each(scenarioCases));
describe('batch: bad --out', () => each(outCases));
describe('batch: bad --resume', () => each(resumeCases));
describe('merge: bad shards and --out', () => each(mergeCases));

describe('the set-up', () => {
  it('the set-up batches ran, and every damaged copy still has all its files', () => {
    expect(setup.map((r) => r.code)).toEqual(SETUP.map(() => 0));
    for (const d of [
      'r-json',
      'r-cut',
      'r-format',
      'r-header',
      'r-int-header',
      'r-int-row',
      's3-interrupted',
      's2-header',
    ])
      expect(readdirSync(at(d)).sort(), d).toEqual([
        'bands.csv',
        'checkpoint.json',
        'manifest.json',
        'runs.csv',
        'summary.json',
      ]);
  });

  it('--debug adds the stack trace (and only --debug does) (real CLI)', () => {
    const r = debug;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seastate: --set foo=1: unknown parameter "foo"/);
    expect(hasStack(r.stderr)).toBe(true);
  });
});
