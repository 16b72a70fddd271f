/**
 * `node dist/write-snapshot.js`: scripts/build.mjs runs this to write dist/world-snapshot.json (see
 * world.ts), a snapshot of each built-in scenario into dist/scenarios/ (scenario-snapshot.ts), and
 * dist/code-hash.txt, the code hash of the sources just compiled (src/cli/batch/code-hash.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CODE_HASH_FILE, sourceCodeHash } from '../cli/batch/code-hash';
import { builtinIds, SCENARIO_DIR } from './registry';
import { writeScenarioSnapshots } from './scenario-snapshot';
import { writeWorldSnapshot } from './world';

process.stdout.write(`${writeWorldSnapshot()}\n`);
const files = builtinIds().map((id) => path.join(SCENARIO_DIR, `${id}.yaml`));
process.stdout.write(`${writeScenarioSnapshots(files).join('\n')}\n`);
writeFileSync(CODE_HASH_FILE, `${sourceCodeHash()}\n`);
process.stdout.write(`wrote ${path.relative(path.dirname(path.dirname(CODE_HASH_FILE)), CODE_HASH_FILE)}\n`);
