/**
 * A batch worker: loads the scenario once per parameter point, then plays the runs it is sent and
 * posts back their records. It holds nothing between messages but the loaded scenarios.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SimulationError } from '../../engine';
import { formatIssue } from '../../scenarios/issues';
import { loadScenario, type Scenario } from '../../scenarios/registry';
import { loadWorld, type World } from '../../scenarios/world';
import { layoutOf, simulate, type Job, type Layout } from './runner';
import type { WorkerData, WorkerReply } from './pool';

const data = workerData as WorkerData;
let world: World | undefined;
const loaded = new Map<number, { scenario: Scenario; layout: Layout }>();

function pointScenario(point: number) {
  let p = loaded.get(point);
  if (!p) {
    if (!world) {
      const w = loadWorld();
      if (!w.ok) throw new Error(w.issues.map(formatIssue).join('; '));
      world = w.value;
    }
    const s = loadScenario(data.scenario, world, data.points[point]);
    if (!s.ok) throw new Error(s.issues.map(formatIssue).join('; '));
    p = { scenario: s.value, layout: layoutOf(s.value, data.watch) };
    loaded.set(point, p);
  }
  return p;
}

parentPort!.on('message', (jobs: Job[]) => {
  const records = [];
  let reply: WorkerReply | undefined;
  for (const job of jobs) {
    try {
      const { scenario, layout } = pointScenario(job.point);
      records.push(simulate(scenario, layout, data.watch, data.seed, job));
    } catch (e) {
      reply = { ok: false, run: job.run, code: e instanceof SimulationError ? e.code : undefined, message: (e as Error).message ?? String(e), stack: (e as Error).stack };
      break;
    }
  }
  parentPort!.postMessage(reply ?? { ok: true, records });
});
