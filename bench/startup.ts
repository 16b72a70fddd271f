/**
 * Start-up figures (issue 15), part of `npm run bench` (`npm run bench:startup` alone; `--quick`
 * for fewer repetitions). Medians of repeated runs, each a new process or thread: these machines are
 * shared and noisy, so a single run says little. Writes bench/startup-results.json and prints a table.
 *
 * 1. `seastate --help`: wall time of a cold `node bin/seastate.js --help` (spawnSync), beside a bare
 *    `node -e 0` on the same machine, interleaved. Target 300 ms.
 * 2. The UI's first frame: `seastate play default --human JPN --seed 1` (straight onto the board)
 *    in a pseudo-terminal (`script`, as tests/e2e/pty.ts does), from spawn to the first output that
 *    holds the board's header ("turn 0/"), beside a bare node in the same pty harness. Target 500 ms.
 * 3. A batch worker's start: from `new Worker(dist/worker.js, { workerData })` (what the batch
 *    command sends: each point's initial state and layout) to its first reply, for a one-run job of
 *    taiwan-strait-crisis; a second one-run job on the same worker gives the run alone, so start ≈
 *    first − second (that difference also holds the first run's cold JIT). An empty job list on a
 *    fresh worker gives the start with no run at all. Target 300 ms.
 *
 * All three run the compiled build (dist/), as bin/seastate.js does; dist/ must be built first.
 */
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { WorkerData } from '../src/cli/batch/pool';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin/seastate.js');
const DIST_MAIN = path.join(ROOT, 'dist/main.js');
const DIST_WORKER = path.join(ROOT, 'dist/worker.js');
if (!existsSync(DIST_MAIN) || !existsSync(DIST_WORKER)) {
  process.stderr.write(
    'bench/startup.ts: the compiled build is missing (dist/main.js, dist/worker.js); run `npm run build` first\n',
  );
  process.exit(2);
}

const quick = process.argv.includes('--quick');
const REPS = { help: quick ? 5 : 15, frame: quick ? 3 : 7, worker: quick ? 3 : 9 };
const TARGET = { helpMs: 300, firstFrameMs: 500, workerStartMs: 300 };
const SCENARIO = { play: ['default', '--human', 'JPN', '--seed', '1'], worker: 'taiwan-strait-crisis' };
/** Text only the game board draws: its header's " · turn T/N · ". */
const BOARD_MARK = 'turn 0/';
const PTY = { cols: 120, rows: 40 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r1 = (x: number) => +x.toFixed(1);
const stats = (xs: number[]) => ({
  medianMs: r1(median(xs)),
  minMs: r1(Math.min(...xs)),
  maxMs: r1(Math.max(...xs)),
  samplesMs: xs.map(r1),
});

// Children get the environment without this process's tsx loader.
const childEnv: NodeJS.ProcessEnv = { ...process.env };
if (childEnv.NODE_OPTIONS?.includes('tsx')) delete childEnv.NODE_OPTIONS;

/** Is any file under src/ newer than dist/main.js? Then the figures are of an older build. */
function distIsStale(): string | undefined {
  const built = statSync(DIST_MAIN).mtimeMs;
  const src = path.join(ROOT, 'src');
  for (const f of readdirSync(src, { recursive: true }) as string[]) {
    const p = path.join(src, f);
    if (statSync(p).isFile() && statSync(p).mtimeMs > built) return f;
  }
  return undefined;
}

// 1. --help, cold each time -------------------------------------------------------------------
function wall(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function measureHelp() {
  // One of each first so the files are in the page cache; every measured run is still a new process.
  wall([BIN, '--help']);
  wall(['-e', '0']);
  const help: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < REPS.help; i++) {
    help.push(wall([BIN, '--help']));
    bare.push(wall(['-e', '0']));
  }
  return { help: stats(help), bareNode: stats(bare) };
}

// 2. The UI's first frame in a pty ------------------------------------------------------------
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Milliseconds from spawning `script` (running `node ARGS` in a pty) until its output holds `mark`. */
function ptyTime(nodeArgs: string[], mark: string, timeoutMs = 30_000): Promise<number> {
  const cmd = `stty cols ${PTY.cols} rows ${PTY.rows}; exec ${quote(process.execPath)} ${nodeArgs.map(quote).join(' ')}`;
  // As in tests/e2e/pty.ts: ink must not think it runs in CI (it would draw only the last frame).
  const env: NodeJS.ProcessEnv = { ...childEnv, TERM: 'xterm-256color', FORCE_COLOR: '0' };
  delete env.CI;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let all = '';
    let seenAt: number | undefined;
    let failed: Error | undefined;
    const timers: NodeJS.Timeout[] = [];
    /** The node process inside the pty (script's child), to end it by pid if Ctrl-C does not. */
    const inner = () => {
      try {
        return execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number);
      } catch {
        return [];
      }
    };
    const stop = () => {
      // Ctrl-C: the UI exits (exitOnCtrlC) and script with it; then SIGTERM, then SIGKILL, by pid.
      child.stdin!.write('\x03');
      timers.push(
        setTimeout(() => {
          for (const p of inner()) process.kill(p, 'SIGTERM');
          child.kill('SIGTERM');
        }, 3000),
        setTimeout(() => {
          for (const p of inner()) process.kill(p, 'SIGKILL');
          child.kill('SIGKILL');
        }, 6000),
      );
    };
    const onData = (d: Buffer) => {
      all += d.toString('utf8');
      if (seenAt === undefined && stripVTControlCharacters(all).includes(mark)) {
        seenAt = performance.now() - t0;
        stop();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    timers.push(
      setTimeout(() => {
        failed = new Error(
          `no "${mark}" within ${timeoutMs} ms; the output:\n${stripVTControlCharacters(all).slice(-2000)}`,
        );
        stop();
      }, timeoutMs),
    );
    child.on('error', reject);
    child.on('exit', () => {
      for (const t of timers) clearTimeout(t);
      if (seenAt !== undefined) resolve(seenAt);
      else
        reject(
          failed ?? new Error(`exited before "${mark}"; the output:\n${stripVTControlCharacters(all).slice(-2000)}`),
        );
    });
  });
}

async function measureFirstFrame() {
  const play = [BIN, 'play', ...SCENARIO.play];
  const bareArgs = ['-e', 'process.stdout.write("READY\\n")'];
  await ptyTime(play, BOARD_MARK); // warm the page cache
  const frame: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < REPS.frame; i++) {
    frame.push(await ptyTime(play, BOARD_MARK));
    bare.push(await ptyTime(bareArgs, 'READY'));
  }
  return { firstFrame: stats(frame), bareNodeInPty: stats(bare) };
}

// 3. A batch worker's start ------------------------------------------------------------------
async function measureWorker() {
  // What the batch command builds (src/cli/commands/batch.ts) for a one-point batch, from the source.
  const { prepare, workerPoints } = await import('../src/cli/commands/batch');
  const plan = { scenario: SCENARIO.worker, seed: '1', runs: 2, sets: [], sweeps: [], watch: [], shard: null };
  const p = prepare(plan);
  // Typed as the pool's, so that a change to what a worker receives is a type error here too.
  const workerData: WorkerData = {
    points: workerPoints(p),
    watch: plan.watch,
    seed: plan.seed,
  };
  const job = (replicate: number) => ({ run: replicate, point: 0, replicate });

  /** Start a worker and time each reply to `batches` of jobs, sent one after another. */
  async function timed(batches: ReturnType<typeof job>[][]): Promise<{ onlineMs: number; replyMs: number[] }> {
    const t0 = performance.now();
    // execArgv []: the worker runs as under bin/seastate.js, without this process's tsx loader.
    const w = new Worker(DIST_WORKER, { workerData, execArgv: [] });
    let onlineMs = NaN;
    w.once('online', () => (onlineMs = performance.now() - t0));
    const replyMs: number[] = [];
    try {
      for (const jobs of batches) {
        const sent = performance.now();
        const reply = await new Promise<{ ok: boolean; message?: string }>((res, rej) => {
          w.once('message', res);
          w.once('error', rej);
          w.postMessage(jobs);
        });
        if (!reply.ok) throw new Error(`the worker's run failed: ${reply.message}`);
        replyMs.push(performance.now() - (replyMs.length ? sent : t0));
      }
    } finally {
      await w.terminate();
    }
    return { onlineMs, replyMs };
  }

  await timed([[job(0)]]); // warm the page cache
  const online: number[] = [];
  const first: number[] = [];
  const second: number[] = [];
  const diff: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < REPS.worker; i++) {
    const a = await timed([[job(0)], [job(1)]]);
    online.push(a.onlineMs);
    first.push(a.replyMs[0]);
    second.push(a.replyMs[1]);
    diff.push(a.replyMs[0] - a.replyMs[1]);
    empty.push((await timed([[]])).replyMs[0]);
  }
  return {
    online: stats(online),
    firstReply: stats(first),
    secondRun: stats(second),
    start: stats(diff),
    emptyJobReply: stats(empty),
  };
}

// `--frames BEFORE AFTER N` (bench/before-after.sh): the first frame of two trees' bin/seastate.js,
// alternating, N each; prints {"before": [ms...], "after": [ms...]} and writes nothing.
const framesAt = process.argv.indexOf('--frames');
if (framesAt >= 0) {
  const [before, after, n] = process.argv.slice(framesAt + 1);
  const play = (tree: string) => [path.join(tree, 'bin/seastate.js'), 'play', ...SCENARIO.play];
  await ptyTime(play(before), BOARD_MARK);
  await ptyTime(play(after), BOARD_MARK);
  const out: { before: number[]; after: number[] } = { before: [], after: [] };
  for (let i = 0; i < Number(n); i++) {
    out.before.push(r1(await ptyTime(play(before), BOARD_MARK)));
    out.after.push(r1(await ptyTime(play(after), BOARD_MARK)));
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
const loadAtStart = os.loadavg().map((x) => +x.toFixed(2));
const stale = distIsStale();
if (stale)
  console.log(`warning: src/${stale} is newer than dist/main.js: these figures are of an older build (npm run build)`);
const help = measureHelp();
const frame = await measureFirstFrame();
const worker = await measureWorker();

const report = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)),
  },
  build: { dist: 'dist/ (bin/seastate.js, dist/worker.js)', staleAgainst: stale ? `src/${stale}` : null },
  reps: REPS,
  targets: TARGET,
  help: { command: 'node bin/seastate.js --help', ...help },
  firstFrame: {
    command: `node bin/seastate.js play ${SCENARIO.play.join(' ')}`,
    pty: `script -qfec, ${PTY.cols}x${PTY.rows}`,
    mark: BOARD_MARK,
    ...frame,
  },
  worker: { scenario: SCENARIO.worker, entry: 'dist/worker.js', ...worker },
  summary: {
    helpMedianMs: help.help.medianMs,
    firstFrameMedianMs: frame.firstFrame.medianMs,
    workerStartMedianMs: worker.start.medianMs,
    workerEmptyJobReplyMedianMs: worker.emptyJobReply.medianMs,
    met: {
      help: help.help.medianMs <= TARGET.helpMs,
      firstFrame: frame.firstFrame.medianMs <= TARGET.firstFrameMs,
      workerStart: worker.start.medianMs < TARGET.workerStartMs,
    },
  },
};
writeFileSync(new URL('./startup-results.json', import.meta.url), JSON.stringify(report, null, 2) + '\n');

const m = report.machine;
console.log(
  `\nseastate start-up: ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average ${m.loadAverageAtStart.join(' ')} at the start, ${m.loadAverageAtEnd.join(' ')} at the end\n`,
);
const row = (label: string, s: { medianMs: number; minMs: number }, target: string, n: number) =>
  console.log(
    `${label.padEnd(58)} ${String(s.medianMs).padStart(8)} ms  (min ${String(s.minMs).padStart(6)}, ${String(n).padStart(2)} runs)  ${target}`,
  );
console.log(`${'measure'.padEnd(58)} ${'median'.padStart(11)}  ${''.padEnd(22)}  target`);
const ok = (met: boolean) => (met ? 'met' : 'NOT met');
row('--help, cold process', help.help, `≤ ${TARGET.helpMs} ms: ${ok(report.summary.met.help)}`, REPS.help);
row('  bare `node -e 0`, for comparison', help.bareNode, '', REPS.help);
row(
  'UI first frame (play default, pty)',
  frame.firstFrame,
  `≤ ${TARGET.firstFrameMs} ms: ${ok(report.summary.met.firstFrame)}`,
  REPS.frame,
);
row('  bare node in the same pty harness', frame.bareNodeInPty, '', REPS.frame);
row(
  `batch worker start (first − second reply)`,
  worker.start,
  `< ${TARGET.workerStartMs} ms: ${ok(report.summary.met.workerStart)}`,
  REPS.worker,
);
row(`  new Worker to first reply (1 run of ${SCENARIO.worker})`, worker.firstReply, '', REPS.worker);
row('  second 1-run job on the same worker', worker.secondRun, '', REPS.worker);
row('  new Worker to reply to an empty job list', worker.emptyJobReply, '', REPS.worker);
row("  new Worker to its 'online' event", worker.online, '', REPS.worker);
console.log('written to bench/startup-results.json');
