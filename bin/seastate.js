#!/usr/bin/env node
// Entry point: run the compiled CLI in dist/ (built by `npm ci`/`npm install` through `prepare`,
// or by `npm run build`). Development runs the TypeScript directly: `npm run dev -- <args>`.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'seastate: the compiled CLI is missing (dist/main.js); run `npm run build` (or `npm ci`) first\n',
  );
  process.exit(2);
}
// With --debug a stack trace names the TypeScript lines, through the source maps beside dist/.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
// A reader that closes early (`seastate run ... | head`) is not an error.
// Any other write failure (a full disk) is one line and exit code 1, not a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`seastate: cannot write the output (${e.code ?? e.message})\n`);
  process.exit(1);
});
const cli = await import(main.href);
process.exitCode = await cli.main(process.argv.slice(2));
