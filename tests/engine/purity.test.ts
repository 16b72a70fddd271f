/** src/engine stays pure: no I/O, clock, console, process or Math.random, no Node built-ins. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve('src/engine');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
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
