// Tests that spawn bin/seastate.js run the compiled CLI in dist/: build it from the current sources
// once before any test file runs, so `npx vitest` never tests a stale build. Each project of
// vitest.config.ts names this setup (either may run alone); the build runs once per vitest process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  if (process.env.SEASTATE_TEST_BUILD === String(process.pid)) return;
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], {
    stdio: 'inherit',
  });
  process.env.SEASTATE_TEST_BUILD = String(process.pid);
}
