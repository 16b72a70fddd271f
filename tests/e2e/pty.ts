/**
 * The real CLI in a pseudo-terminal, driven by keys as a person would. `script` (util-linux, on
 * every Debian system) gives the child a pty of a set size; we write keys to it and read what it
 * draws, without a native addon.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { BIN } from '../cli/spawn';

export interface Pty {
  child: ChildProcess;
  /** Everything drawn so far, raw. */
  raw(): string;
  /** What was drawn since the last key, without escape codes. */
  screen(): string;
  key(k: string): void;
  waitFor(text: string | RegExp, ms?: number): Promise<void>;
  exited(): Promise<number | null>;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Start `seastate ARGS` in a cols×rows pty with the given working directory. */
export function startPty(args: string[], opts: { cols?: number; rows?: number; cwd?: string } = {}): Pty {
  const cmd = `stty cols ${opts.cols ?? 80} rows ${opts.rows ?? 24}; exec ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}`;
  // ink draws only the last frame when it believes it runs in CI, so the child must not see CI set
  // (CI itself sets it): a person at a terminal is what is being simulated.
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', FORCE_COLOR: '0' };
  delete env.CI;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let all = '';
  let mark = 0;
  child.stdout!.on('data', (d: Buffer) => (all += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (all += d.toString('utf8')));
  const done = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return {
    child,
    raw: () => all,
    screen: () => stripVTControlCharacters(all.slice(mark)),
    key(k) {
      mark = all.length;
      child.stdin!.write(k);
    },
    async waitFor(text, ms = 30_000) {
      const t0 = Date.now();
      const seen = () =>
        typeof text === 'string'
          ? stripVTControlCharacters(all.slice(mark)).includes(text)
          : text.test(stripVTControlCharacters(all.slice(mark)));
      while (!seen()) {
        if (Date.now() - t0 > ms)
          throw new Error(
            `timed out waiting for ${String(text)}; the screen since the last key:\n${stripVTControlCharacters(all.slice(mark)).slice(-3000)}`,
          );
        if (child.exitCode !== null)
          throw new Error(
            `seastate exited (${child.exitCode}) before showing ${String(text)}:\n${stripVTControlCharacters(all).slice(-3000)}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
      // Let the listeners for the new screen attach before the next key.
      await new Promise((r) => setTimeout(r, 150));
    },
    exited: () => done,
  };
}
