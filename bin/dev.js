#!/usr/bin/env node
// Development entry point (`npm run dev -- <args>`): the CLI straight from src/ through tsx, no build.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The project's own tsconfig, wherever seastate is run from: without it tsx would look in the
// working directory and compile the UI's JSX for the wrong runtime.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`seastate: cannot write the output (${e.code ?? e.message})\n`);
  process.exit(1);
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
