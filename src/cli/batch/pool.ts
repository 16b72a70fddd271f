/**
 * Worker threads for a batch. Runs are handed out in small chunks as workers become free, so the
 * order in which they finish varies with the machine's load; nothing downstream depends on it (the
 * caller writes rows in run order, and the statistics are order-independent).
 */
import { Worker } from 'node:worker_threads';
import type { ScenarioRules, SimulationError, WorldState } from '../../engine';
import type { Job, Layout, RunRecord, Watch } from './runner';

export interface WorkerData {
  /** Each point's rules (their definition: the worker compiles them), initial state (any seed) and layout, by point number. */
  points: { rules: ScenarioRules; state: WorldState; layout: Layout }[];
  watch: Watch[];
  seed: string;
}

export type WorkerReply =
  | { ok: true; records: RunRecord[] }
  | { ok: false; run: number; code?: SimulationError['code']; message: string; stack?: string };

/** A run that failed inside a worker. */
export class RunFailure extends Error {
  constructor(
    readonly run: number,
    /** The SimulationError's code when the engine refused the run; otherwise a bug. */
    readonly code: SimulationError['code'] | undefined,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

// From source (tests, `npm run dev`) the worker loads TypeScript through tsx; in the compiled build
// (dist/, what bin/seastate.js runs) this module is part of dist/main.js and the worker is dist/worker.js.
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./worker-entry.mjs', import.meta.url)
  : new URL('./worker.js', import.meta.url);

export interface PoolRun {
  /** Resolves when every job is done ('done') or after stop() ('stopped'); rejects on a failed run. */
  finished: Promise<'done' | 'stopped'>;
  /** Stop handing out work and end the workers; records not yet delivered are dropped. */
  stop(): void;
}

/**
 * Play `jobs` (run indices from..to, mapped to jobs by `jobOf`) on `workers` threads, delivering
 * each chunk's records to `onRecords` as it arrives.
 */
export function runPool(
  workers: number,
  data: WorkerData,
  from: number,
  to: number,
  jobOf: (run: number) => Job,
  onRecords: (r: RunRecord[]) => void,
  /** How many runs the caller has taken in order; work is handed out at most a window beyond it. */
  delivered: () => number,
): PoolRun {
  let next = from;
  let stopped = false;
  /** Each thread and the chunks it has been given and not yet returned. */
  const inFlight = new Map<Worker, number>();
  const total = to - from;
  // Small chunks keep the threads evenly loaded to the end; two in flight per thread hide the latency.
  const chunk = Math.max(1, Math.min(16, Math.ceil(total / (workers * 8))));
  let resolve!: (v: 'done' | 'stopped') => void;
  let reject!: (e: unknown) => void;
  const finished = new Promise<'done' | 'stopped'>((res, rej) => ((resolve = res), (reject = rej)));
  const end = (how: 'done' | 'stopped' | Error) => {
    if (stopped) return;
    stopped = true;
    for (const t of inFlight.keys()) void t.terminate();
    if (how instanceof Error) reject(how);
    else resolve(how);
  };
  // Runs finished out of order wait in the caller until the runs before them are in; a slow run
  // must not let that backlog grow without bound, so nothing is handed out past this window.
  const window = Math.max(64, workers * chunk * 8);
  const give = (w: Worker) => {
    if (stopped || next >= to || next >= from + delivered() + window) return false;
    const jobs: Job[] = [];
    for (let k = 0; k < chunk && next < to; k++) jobs.push(jobOf(next++));
    inFlight.set(w, inFlight.get(w)! + 1);
    w.postMessage(jobs);
    return true;
  };
  if (total === 0) {
    resolve('done');
    return { finished, stop: () => {} };
  }
  const count = Math.max(1, Math.min(workers, total));
  for (let k = 0; k < count; k++) {
    const w = new Worker(ENTRY, { workerData: data });
    inFlight.set(w, 0);
    w.on('message', (reply: WorkerReply) => {
      if (stopped) return;
      inFlight.set(w, inFlight.get(w)! - 1);
      if (!reply.ok) return end(new RunFailure(reply.run, reply.code, reply.message, reply.stack));
      try {
        onRecords(reply.records);
      } catch (e) {
        // The caller could not keep them (a full disk, a directory removed): stop, and say why.
        return end(e instanceof Error ? e : new Error(String(e)));
      }
      // Top up every thread: one held back by the window may have room again.
      for (const t of inFlight.keys()) while (inFlight.get(t)! < 2 && give(t));
      if (next >= to && [...inFlight.values()].every((c) => c === 0)) end('done');
    });
    w.on('error', (e) => end(e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => {
      if (!stopped && code !== 0) end(new Error(`a batch worker stopped unexpectedly (exit code ${code})`));
    });
    give(w);
    give(w);
  }
  return { finished, stop: () => end('stopped') };
}
