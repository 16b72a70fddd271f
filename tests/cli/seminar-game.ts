/** The seminar game the review tests share: six turns of the Taiwan crisis with a human China and a busy White cell. */
import { actionKey, legalActions, type TurnInputs } from '../../src/engine';
import { advance, current, newGame, type Game } from '../../src/cli/session/game';
import { loadScenario, type Scenario } from '../../src/scenarios/registry';

const loaded = loadScenario('taiwan-strait-crisis');
if (!loaded.ok) throw new Error(loaded.issues[0].message);
export const scenario: Scenario = loaded.value;

export const REASON = 'Manila recalls its ambassador after the ramming at Second Thomas Shoal';

/**
 * Six turns of seed 1 with a human China: it passes in turn 1, chooses the quarantine the White
 * cell injects in turn 2, the White cell sets PHL -> CHN in turn 4 and rules on China's action in
 * turn 5.
 */
export function seminarGame(seed = '1'): Game {
  let g = newGame(scenario, 'taiwan-strait-crisis', seed, ['CHN']);
  const plan: Record<number, (g: Game) => TurnInputs> = {
    1: () => ({ actions: { CHN: [] } }),
    2: () => ({ inject: [{ event: 'quarantine-decision' }], choices: { 'quarantine-decision@': 'quarantine' } }),
    4: () => ({
      effects: [
        {
          kind: 'alignment',
          from: 'PHL',
          to: 'CHN',
          amount: -0.9,
          set: true,
          cause: { type: 'adjudication', id: 'white-cell', note: REASON },
        },
      ],
    }),
    5: (g) => {
      const pick = legalActions(g.sim.rules, current(g), 'CHN')[0];
      const choice = { action: pick.action, ...(pick.target ? { target: pick.target } : {}) };
      return { actions: { CHN: [choice] }, rulings: { [actionKey('CHN', choice)]: false } };
    },
  };
  for (let t = 1; t <= 6 && !current(g).ended; t++) g = advance(g, plan[t]?.(g) ?? {});
  return g;
}
