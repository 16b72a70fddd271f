/** Driving the seminar UI in tests: a game, fake files, keys with time to render, plain frames. */
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { App, type AppIo, type Start } from '../../../src/cli/ui/app';
import { newGame, toSave, type Game } from '../../../src/cli/session/game';
import type { SaveFile } from '../../../src/cli/session/save-file';
import { loadScenario, type Scenario } from '../../../src/scenarios/registry';

const cache = new Map<string, Scenario>();
/** A built-in scenario, loaded once per test file. */
export function scenario(id: string): Scenario {
  if (!cache.has(id)) {
    const r = loadScenario(id);
    if (!r.ok) throw new Error(r.issues[0].message);
    cache.set(id, r.value);
  }
  return cache.get(id)!;
}

/** A new game of a built-in scenario. */
export function game(id: string, seed: string, humans: string[]): Game {
  return newGame(scenario(id), id, seed, humans);
}

/** Fake files: saves are kept in memory, the review is a fixed line list. */
export function fakeIo() {
  const saved = new Map<string, SaveFile>();
  const io: AppIo = {
    scenarios: () => [
      { id: 'default', title: 'The Indo-Pacific today', detail: '48 × month' },
      { id: 'taiwan-strait-crisis', title: 'Taiwan Strait crisis', detail: '30 × month' },
    ],
    load: (ref) => loadScenario(ref),
    save(file, g) {
      if (file.includes('/nope/')) return `could not save to ${file} (ENOENT); nothing was written`;
      saved.set(file, toSave(g));
      return undefined;
    },
    review: (g) => [`# Review of ${g.scenario.title}`, `turns played: ${g.states.length - 1}`],
  };
  return { io, saved };
}

/** Render the app at 80×24 (or the given size) without colour. */
export function renderApp(start: Start, io: AppIo, size = { width: 80, height: 24 }) {
  let exited: Game | undefined | null = null;
  const r = render(
    <App
      io={io}
      start={start}
      width={size.width}
      height={size.height}
      color={false}
      autoDelay={20}
      onExit={(g) => (exited = g)}
    />,
  );
  const frame = () => stripVTControlCharacters(r.lastFrame() ?? '');
  return { ...r, frame, exited: () => exited };
}

const tick = (ms = 50) => new Promise((res) => setTimeout(res, ms));

/** Key codes ink understands. */
export const KEY = {
  enter: '\r',
  esc: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  tab: '\t',
  backspace: '\x7f',
};

/**
 * Type keys one at a time as a person would: after each, wait for the frame to change (a turn can
 * take a moment on a loaded machine) and for input listeners to re-attach, which ink does in effects
 * after the render; a key sent earlier than that would be lost.
 */
export async function press(app: { stdin: { write(s: string): void }; frame(): string }, ...keys: string[]) {
  await tick();
  for (const k of keys) {
    const before = app.frame();
    app.stdin.write(k);
    const t0 = performance.now();
    while (app.frame() === before && performance.now() - t0 < 1500) await tick(10);
    await tick(40);
  }
}

/** Wait until the frame contains `text` (a turn can take a moment), or fail with the last frame. */
export async function until(frame: () => string, text: string, ms = 5000) {
  const t0 = performance.now();
  while (!frame().includes(text)) {
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for "${text}"; last frame:\n${frame()}`);
    await tick(20);
  }
}

/** The Taiwan crisis (seed 3, no human actors) on the board after its first turn, with fake files. */
export async function afterFirstTurn() {
  const { io, saved } = fakeIo();
  const app = renderApp({ kind: 'game', game: game('taiwan-strait-crisis', '3', []), saved: false }, io);
  await press(app, 'n');
  await until(app.frame, 'turn 1/30');
  return { app, saved };
}
