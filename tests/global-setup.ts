// Tests that spawn bin/seastate.js run the compiled CLI in dist/: build it from the current sources
// once before any test file runs, so `npx vitest` never tests a stale build.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
}
