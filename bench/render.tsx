/**
 * Rendering a turn in the seminar UI: the board of the default world (32 actors, the largest
 * built-in) after each of several turns, in each view, at 80×24 and 160×48. Each measure mounts the
 * app on the new turn's game and renders one frame (view-model, React, layout and the frame text),
 * through ink-testing-library's synchronous renderer. The engine's step is measured apart (run.ts).
 */
import { render } from 'ink-testing-library';
import { App, type AppIo, type View } from '../src/cli/ui/app';
import { advance, newGame, type Game } from '../src/cli/session/game';
import type { Scenario } from '../src/scenarios/registry';

const io: AppIo = {
  scenarios: () => [],
  load: () => ({ ok: false, issues: [] }),
  save: () => undefined,
  review: () => [],
};

/** Games after turns 1..turns of the scenario (each with its record, as in play). */
export function playedGames(scenario: Scenario, turns: number): Game[] {
  const out: Game[] = [];
  let g = newGame(scenario, scenario.id, '1', []);
  for (let t = 0; t < turns; t++) out.push((g = advance(g, {})));
  return out;
}

/** Milliseconds to mount and draw the board of each game in `view` at the given size. */
export function renderTimes(games: Game[], view: View, width: number, height: number): number[] {
  const times: number[] = [];
  const app = render(
    <App
      key="warm"
      io={io}
      start={{ kind: 'game', game: games[0], saved: true }}
      width={width}
      height={height}
      color
      initialView={view}
    />,
  );
  for (let k = 0; k < games.length; k++) {
    const t0 = performance.now();
    app.rerender(
      <App
        key={k}
        io={io}
        start={{ kind: 'game', game: games[k], saved: true }}
        width={width}
        height={height}
        color
        initialView={view}
      />,
    );
    if (!app.lastFrame()) throw new Error('nothing was drawn');
    times.push(performance.now() - t0);
  }
  app.unmount();
  return times;
}
