// `npm run build` (and `prepare`, so `npm ci` builds): compile the CLI and the batch worker into
// dist/ with esbuild, one ES module each, so that bin/seastate.js and the workers start without
// transforming TypeScript at run time. Packages stay external (loaded from node_modules as they are);
// only the project's own code is bundled. Source maps let `--debug` stack traces name src/ lines.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/cli/batch/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  // Chunks sit beside the entries, in dist/ itself: src/root.ts finds the project one level up.
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  sourcemap: true,
  logLevel: 'warning',
});
