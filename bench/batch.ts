/**
 * Batch throughput and memory, measured through the command line as a user runs it
 * (`npm run bench`; `--quick` for a short run). Each figure is the median of several batches.
 *
 * - Throughput: runs per second of `seastate batch` for the default scenario (the largest built-in:
 *   32 actors, 48 turns) and taiwan-strait-crisis (the most events), at 1 and 2 workers, two ways
 *   from the batch's manifest: over its whole elapsed time (worker start-up included, process
 *   start-up not), and steady (after the first runs came back), which is what a long batch sees.
 * - Memory: the batch process's peak resident memory (all threads) at 10,000 and 100,000 runs of a
 *   one-turn scenario (tests/fixtures/batch/coin.yaml), to show it does not grow with the number of
 *   runs; a 48-turn built-in at 100,000 runs would take hours on this machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const BIN = fileURLToPath(new URL('../bin/seastate.js', import.meta.url));
const COIN = fileURLToPath(new URL('../tests/fixtures/batch/coin.yaml', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'seastate-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function batch(
  scenario: string,
  runs: number,
  workers: number,
): { seconds: number; steady: number; startup: number; rssMiB: number } {
  const out = path.join(tmp, `b${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(
    process.execPath,
    [BIN, 'batch', scenario, '--runs', String(runs), '--workers', String(workers), '--out', out],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`batch ${scenario} failed: ${r.stderr}`);
  const m = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  return { seconds: m.elapsedSeconds, steady: m.steadyRunsPerSecond, startup: m.startupSeconds, rssMiB: m.peakRssMiB };
}

const reps = quick ? 1 : 3;
const throughput: {
  scenario: string;
  workers: number;
  runs: number;
  runsPerSecond: number;
  steadyRunsPerSecond: number;
  startupSeconds: number;
  seconds: number[];
}[] = [];
for (const [scenario, runs] of [
  ['default', quick ? 8 : 80],
  ['taiwan-strait-crisis', quick ? 8 : 80],
] as const)
  for (const workers of [1, 2]) {
    const got = Array.from({ length: reps }, () => batch(scenario, runs, workers));
    const seconds = got.map((g) => g.seconds);
    const steady = median(got.map((g) => g.steady));
    const startup = median(got.map((g) => g.startup));
    throughput.push({
      scenario,
      workers,
      runs,
      runsPerSecond: +(runs / median(seconds)).toFixed(2),
      steadyRunsPerSecond: +steady.toFixed(2),
      startupSeconds: +startup.toFixed(2),
      seconds,
    });
    console.log(
      `${scenario.padEnd(22)} W=${workers}: ${steady.toFixed(2)} runs/s steady, ${(runs / median(seconds)).toFixed(2)} overall (${runs} runs; ${seconds.map((s) => s.toFixed(1)).join(', ')} s; first runs back after ${startup.toFixed(1)} s)`,
    );
  }

const memory: { runs: number; peakRssMiB: number; seconds: number }[] = [];
for (const runs of quick ? [1_000, 10_000] : [10_000, 100_000, 300_000]) {
  const r = batch(COIN, runs, 2);
  memory.push({ runs, peakRssMiB: r.rssMiB, seconds: r.seconds });
  console.log(
    `memory: ${runs.toLocaleString('en-US')} one-turn runs on 2 workers: peak RSS ${r.rssMiB} MiB (${r.seconds.toFixed(1)} s)`,
  );
}

const w = (s: string, k: number) => throughput.find((t) => t.scenario === s && t.workers === k)!.steadyRunsPerSecond;
const report = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
  },
  throughput,
  memory,
  summary: {
    defaultSteadyRunsPerSecondW1: w('default', 1),
    defaultSteadyRunsPerSecondW2: w('default', 2),
    twoWorkersOverOne: +(w('default', 2) / w('default', 1)).toFixed(2),
    projected10kDefaultRunsW2Seconds: Math.round(10_000 / w('default', 2)),
    peakRssMiB: Object.fromEntries(memory.map((m) => [m.runs, m.peakRssMiB])),
  },
};
writeFileSync(new URL('./batch-results.json', import.meta.url), JSON.stringify(report, null, 2) + '\n');
rmSync(tmp, { recursive: true, force: true });
const s = report.summary;
console.log(
  `\n10,000 runs of the 48-turn default on 2 workers would take ~${s.projected10kDefaultRunsW2Seconds} s (target 30 s); 2 workers / 1: ${s.twoWorkersOverOne}x`,
);
console.log(
  `peak RSS by runs: ${Object.entries(s.peakRssMiB)
    .map(([n, m]) => `${n}: ${m} MiB`)
    .join(', ')} (target under 300 MB at any N)`,
);
console.log('written to bench/batch-results.json');
