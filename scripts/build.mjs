// `npm run build` (and `prepare`, so `npm ci` builds): compile the CLI and the batch worker into
// dist/ with esbuild, one ES module each (plus the world snapshot, below), so that bin/seastate.js
// and the workers start without transforming TypeScript at run time. The packages are bundled too:
// loading ink, React, zod and yaml as a few large files instead of hundreds of small ones, with
// React's production build chosen here (NODE_ENV), takes the UI's first frame from about 0.75 s to
// under 0.5 s. Two optional requires stay outside, never loaded: protobufjs (the sketch library's
// protobuf export, which seastate replaces) and react-devtools-core (ink's DEV=true debugging).
// Source maps let `--debug` stack traces name src/ lines.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src/cli/main.ts',
    worker: 'src/cli/batch/worker.ts',
    'write-snapshot': 'src/scenarios/write-snapshot.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  // Chunks sit beside the entries, in dist/ itself: src/root.ts finds the project one level up.
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  external: ['protobufjs/minimal', 'react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  jsx: 'automatic',
  sourcemap: true,
  logLevel: 'warning',
});
// The world snapshot (src/scenarios/world.ts) and the built-in scenarios' (scenario-snapshot.ts):
// data/ as validated, so a command starts without parsing the YAML; a file edited later no longer
// matches its snapshot and is parsed again.
execFileSync(process.execPath, [fileURLToPath(new URL('../dist/write-snapshot.js', import.meta.url))], {
  stdio: 'inherit',
});
