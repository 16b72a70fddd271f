/**
 * A batch worker: receives each point's rules definition (compiled here once), initial state and layout once (plain data, cloned from the
 * main thread, so a worker loads neither the scenario files nor their parsers), then plays the runs
 * it is sent and posts back their records.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSimulation, SimulationError } from '../../engine';
import { compileRulesNative } from '../state-hash';
import { simulate } from './runner';
import type { Job, RunRecord } from './runner';
import type { WorkerData, WorkerReply } from './pool';

const data = workerData as WorkerData;
// Each point's rules, compiled once for all the runs this worker plays.
const sims = data.points.map((p) =>
  createSimulation(compileRulesNative({ rules: p.rules, actors: p.state.actors, turnMonths: p.state.turnMonths })),
);

parentPort!.on('message', (jobs: Job[]) => {
  const records: RunRecord[] = [];
  let reply: WorkerReply | undefined;
  for (const job of jobs) {
    try {
      const p = data.points[job.point];
      records.push(simulate(p.state, p.layout, data.watch, data.seed, job, sims[job.point]));
    } catch (e) {
      reply = {
        ok: false,
        run: job.run,
        code: e instanceof SimulationError ? e.code : undefined,
        message: (e as Error).message ?? String(e),
        stack: (e as Error).stack,
      };
      break;
    }
  }
  parentPort!.postMessage(reply ?? { ok: true, records });
});
