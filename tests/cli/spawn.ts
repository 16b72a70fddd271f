/** Spawn the real CLI (bin/seastate.js) as a user would, capturing exit code and output. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/seastate.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** True if the text looks like it contains a JavaScript stack trace. */
export function hasStack(text: string): boolean {
  return /\n\s+at .+:\d+:\d+/.test(text);
}

/** The same as `cli`, without blocking, so several runs can share the machine's cores. */
export function cliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Run many CLI invocations, `limit` at a time; results in the order given. */
export async function cliMany(runs: string[][], limit = 3): Promise<CliResult[]> {
  const results: CliResult[] = new Array(runs.length);
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const i = next++;
      results[i] = await cliAsync(runs[i]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/**
 * Run the CLI in this process (the same `main` the binary calls), capturing its output: for set-up
 * steps where a process start per call would cost more than the test.
 */
export async function inProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../../src/cli/main');
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), color: false });
  return { code, out, err };
}

/** The bytes and modification time of a file, to show it was left untouched. */
export const snapshot = (f: string) => ({ bytes: readFileSync(f), mtime: statSync(f).mtimeMs });
