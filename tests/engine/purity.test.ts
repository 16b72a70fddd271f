/** src/engine stays pure: no I/O, clock, console, process or Math.random, no Node built-ins. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve('src/engine');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
  );
}

const FORBIDDEN: [RegExp, string][] = [
  [/from ['"](node:|fs|path|os|child_process|worker_threads|crypto)/, 'a Node built-in import'],
  [/\bprocess\./, 'process'],
  [/\bconsole\./, 'console'],
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\b/, 'Date'],
  [/\bperformance\./, 'the clock'],
  [/\b(eval|Function)\(/, 'eval or new Function'],
  [/^(let|var) /m, 'module-level mutable state'],
];

describe('engine purity', () => {
  const all = files(ROOT);
  it('finds the engine sources', () => expect(all.length).toBeGreaterThan(10));
  for (const file of all) {
    it(`${path.relative(ROOT, file)} uses no I/O, clock or global randomness`, () => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [re, what] of FORBIDDEN) expect(re.test(code), `${what} in ${file}`).toBe(false);
    });
  }
});

describe('immer stays out of the batch hot path', () => {
  // People's edits (White cell, --set, undo) go through immer; a batch run never should. The
  // compiled worker (dist/, built by the tests' global setup, with its packages bundled) and every
  // module it loads are read for immer's code (its error prefix) or an import of the package.
  const DIST = path.resolve('dist');
  const imports = (file: string) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
  const graph = (entry: string) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of imports(file)) if (spec.startsWith('./')) visit(path.join(DIST, spec));
    };
    visit(path.join(DIST, entry));
    return [...seen];
  };
  const hasImmer = (file: string) => readFileSync(file, 'utf8').includes('[Immer]') || imports(file).includes('immer');

  it('no module the worker loads holds immer, while the main program does', () => {
    const worker = graph('worker.js');
    expect(worker.length).toBeGreaterThan(1);
    expect(worker.filter(hasImmer)).toEqual([]);
    expect(graph('main.js').some(hasImmer)).toBe(true);
  });
});
