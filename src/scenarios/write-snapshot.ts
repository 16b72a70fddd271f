/** `node dist/write-snapshot.js`: scripts/build.mjs runs this to write dist/world-snapshot.json (see world.ts). */
import { writeWorldSnapshot } from './world';

process.stdout.write(`${writeWorldSnapshot()}\n`);
