#!/usr/bin/env node
// Entry point: load TypeScript through tsx, then hand over to the CLI.
import { register } from 'tsx/esm/api';

register();
// A reader that closes early (`seastate run ... | head`) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
