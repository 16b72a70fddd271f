/**
 * The batch's code hash: SHA-256 of the sources that decide a batch's numbers (the engine, the
 * scenario loader, the batch code and the quantile sketch's version). A manifest records it, and
 * `--resume` and `merge` refuse shards whose hash differs, so every run of a batch comes from the
 * same code. The compiled build records the hash of the sources it was compiled from
 * (dist/code-hash.txt, written by the build): a dist/ older than its sources reports the code it
 * runs, not the code beside it. Run from src/ (tsx), the sources are the code.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../../root';

export const CODE_HASH_FILE = path.join(ROOT, 'dist', 'code-hash.txt');

/** The hash of the sources in src/ now. */
export function sourceCodeHash(): string {
  const root = path.join(ROOT, 'src');
  const files = [
    ...['engine', 'scenarios', 'cli/batch'].flatMap((d) =>
      (readdirSync(path.join(root, d), { recursive: true }) as string[])
        .filter((f) => /\.(ts|mjs)$/.test(f))
        .map((f) => path.join(d, f)),
    ),
    'cli/commands/batch.ts',
    'cli/commands/merge.ts',
  ];
  const h = createHash('sha256');
  // The quantile sketch's version too: its mapping decides the buckets.
  h.update(readFileSync(path.join(root, '../node_modules/@datadog/sketches-js/package.json')));
  for (const f of files.sort())
    h.update(`${f}\0`)
      .update(readFileSync(path.join(root, f)))
      .update('\0');
  return h.digest('hex');
}

/** The hash of the code running: the one the build recorded when this is the compiled build. */
function runningCodeHash(): string {
  if (fileURLToPath(import.meta.url).startsWith(path.join(ROOT, 'dist') + path.sep)) {
    try {
      const recorded = readFileSync(CODE_HASH_FILE, 'utf8').trim();
      if (/^[0-9a-f]{64}$/.test(recorded)) return recorded;
    } catch {
      /* a build without the file: fall back to the sources */
    }
  }
  return sourceCodeHash();
}

export const CODE_HASH = runningCodeHash();
