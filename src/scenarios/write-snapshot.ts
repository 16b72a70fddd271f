/**
 * `node dist/write-snapshot.js`: scripts/build.mjs runs this to write dist/world-snapshot.json (see
 * world.ts) and a snapshot of each built-in scenario into dist/scenarios/ (scenario-snapshot.ts).
 */
import path from 'node:path';
import { builtinIds, SCENARIO_DIR } from './registry';
import { writeScenarioSnapshots } from './scenario-snapshot';
import { writeWorldSnapshot } from './world';

process.stdout.write(`${writeWorldSnapshot()}\n`);
const files = builtinIds().map((id) => path.join(SCENARIO_DIR, `${id}.yaml`));
process.stdout.write(`${writeScenarioSnapshots(files).join('\n')}\n`);
