/**
 * `seastate play`: the seminar UI. Flags and files are checked before the screen is taken, so bad
 * input gets the usual one-line message and exit 2. The UI runs on the alternate screen, which is
 * restored however the process ends (q, Ctrl-C, a signal, a crash).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { builtinIds, loadScenario, type Scenario } from '../../scenarios/registry';
import { loadWorld } from '../../scenarios/world';
import { InputError, issuesError } from '../errors';
import type { Io } from '../io';
import { scenarioLength } from '../summary';
import { afterActionReview, reviewMarkdown } from '../session/aar';
import { reviewFor } from '../session/review-export';
import { current, newGame, toSave, type Game } from '../session/game';
import { loadGame } from '../session/load';
import { writeOrFail, writeSave } from '../session/write';
import type { AppIo, Start } from '../ui/app';

export interface PlayOptions {
  seed?: string;
  human?: string[];
  load?: string;
  export?: string;
}

/** The first bytes of a file (enough to see a save's format line), or undefined if it cannot be read. */
function readHead(file: string): string | undefined {
  let fd: number | undefined;
  try {
    if (!statSync(file).isFile()) return undefined;
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(256);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Check that every id is an actor of the scenario. */
function checkHumans(scenario: Scenario, humans: string[], seed: string): void {
  const ids = scenario.spec(seed).actors.map((a) => a.id);
  const bad = humans.filter((h) => !ids.includes(h));
  if (bad.length)
    throw new InputError(
      `--human: ${bad.join(', ')} ${bad.length > 1 ? 'are not actors' : 'is not an actor'} of ${scenario.id} (actors: ${ids.join(', ')})`,
    );
}

/** Where a game's review goes: written atomically, the result as a sentence. */
async function exportTo(file: string, game: Game): Promise<string> {
  try {
    writeOrFail(file, await reviewFor(file, game), 'after-action review');
    return `after-action review written to ${file}`;
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
}

/** Resolve what the UI starts with: a loaded save, a game with humans, a setup screen, or the picker. */
function startOf(scenarioArg: string | undefined, opts: PlayOptions): Start {
  if (opts.load) {
    if (scenarioArg) throw new InputError('give either a scenario or --load FILE, not both');
    // A save carries its seed and human actors; flags that would seem to change them are refused.
    if (opts.seed !== undefined || opts.human)
      throw new InputError('--seed and --human cannot be given with --load: the save has its own');
    if (opts.export && path.resolve(opts.export) === path.resolve(opts.load))
      throw new InputError(
        `--export ${opts.export}: that is the save being loaded; choose another file for the review`,
      );
    const loaded = loadGame(opts.load);
    if (!loaded.ok) throw issuesError(loaded.issues);
    return { kind: 'game', game: loaded.value, saved: true, file: opts.load };
  }
  if (!scenarioArg) {
    if (opts.human) throw new InputError('--human needs a scenario: seastate play SCENARIO --human ID,...');
    return { kind: 'picker' };
  }
  const s = loadScenario(scenarioArg);
  if (!s.ok) throw issuesError(s.issues);
  const seed = opts.seed ?? '1';
  if (opts.human) {
    checkHumans(s.value, opts.human, seed);
    return { kind: 'game', game: newGame(s.value, scenarioArg, seed, opts.human), saved: false };
  }
  return { kind: 'setup', scenario: s.value, ref: scenarioArg, seed, humans: s.value.rules.humans.slice(0, 1) };
}

/** The file side of the app: scenario list, loading, saving and the review. */
export function appIo(exportFile?: string): AppIo {
  return {
    scenarios() {
      const world = loadWorld();
      return builtinIds().map((id) => {
        const s = world.ok ? loadScenario(id, world.value) : undefined;
        if (!s?.ok) return { id, title: '(does not load)', detail: '' };
        const h = s.value.header;
        return { id, title: s.value.title, detail: `${scenarioLength(h, '×')}, ${s.value.rules.events.length} events` };
      });
    },
    load: (ref) => loadScenario(ref),
    save(file, game) {
      if (exportFile && path.resolve(file) === path.resolve(exportFile))
        return `${file} is where the review goes (--export); choose another name`;
      // Re-saving over a save is normal; over anything else (a scenario file, notes) it is refused.
      if (existsSync(file)) {
        const head = readHead(file);
        if (head === undefined) return `${file} exists and cannot be read as a file; choose another name`;
        if (!head.includes(`"format": "seastate-save"`))
          return `${file} exists and is not a seastate save; choose another name (nothing was written)`;
      }
      try {
        writeSave(file, toSave(game));
        return undefined;
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
    },
    review: (game) => reviewMarkdown(afterActionReview(game)).split('\n'),
    ...(exportFile ? { exportReview: (game: Game) => exportTo(exportFile, game) } : {}),
  };
}

/**
 * Load ink. Its layout engine (yoga) reads its WebAssembly from a data: URL, through fetch when
 * the global exists; in Node that first use of fetch loads undici, about 50 ms of the first
 * frame (a CPU profile of `play default`). With fetch hidden while ink loads, yoga decodes the
 * same bytes itself; fetch is put back as it was before anything else runs.
 */
export async function importInk(): Promise<typeof import('ink')> {
  const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await import('ink');
  } finally {
    if (fetch) Object.defineProperty(globalThis, 'fetch', fetch);
    else delete (globalThis as { fetch?: unknown }).fetch;
  }
}

/** Run the UI until the user quits; returns the exit code. */
export async function playCommand(scenarioArg: string | undefined, opts: PlayOptions, io: Io): Promise<number> {
  const start = startOf(scenarioArg, opts);
  if (!io.interactive)
    throw new InputError('play needs an interactive terminal (for a headless run use: seastate run SCENARIO)');
  const { render } = await importInk();
  const { Root } = await import('../ui/root');
  let last: Game | undefined;
  const restore = () => process.stdout.write('\x1b[?1049l\x1b[?25h');
  process.stdout.write('\x1b[?1049h\x1b[H');
  process.on('exit', restore);
  try {
    const app = render(
      createElement(Root, {
        io: appIo(opts.export),
        start,
        color: io.color,
        onExit: (g: Game | undefined) => (last = g),
      }),
      { exitOnCtrlC: true, patchConsole: false },
    );
    await app.waitUntilExit();
  } finally {
    restore();
    process.off('exit', restore);
  }
  if (opts.export && last && current(last).turn > 0) io.out((await exportTo(opts.export, last)) + '\n');
  return 0;
}
