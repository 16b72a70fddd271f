#!/usr/bin/env node
// Entry point: load TypeScript through tsx, then hand over to the CLI.
import { register } from 'tsx/esm/api';

register();
// A reader that closes early (`seastate run ... | head`) is not an error.
// Any other write failure (a full disk) is one line and exit code 1, not a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`seastate: cannot write the output (${e.code ?? e.message})\n`);
  process.exit(1);
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
