/** Loading a save into a game: read and check the file, load its scenario, replay and verify. */
import { existsSync } from 'node:fs';
import { formatIssue, type Loaded } from '../../scenarios/issues';
import { parseSet, type SetOverride } from '../../scenarios/overrides';
import { loadScenario, looksLikePath } from '../../scenarios/registry';
import { fromSave, type Game } from './game';
import { readSave } from './save-file';

/**
 * Load the save at `file`: every problem comes back as issues naming the file (never thrown).
 * With `history: false` only the initial and final states are kept (see `fromSave`).
 */
export function loadGame(file: string, opts: { history?: boolean } = {}): Loaded<Game> {
  const save = readSave(file);
  if (!save.ok) return save;
  const s = save.value;
  // A scenario given by path is looked for where it resolved when saved, then as written.
  const ref =
    looksLikePath(s.scenario.ref) && s.scenario.path && existsSync(s.scenario.path) ? s.scenario.path : s.scenario.ref;
  // The overrides the game was started with (version 3), applied as `run --set` applied them.
  const sets: SetOverride[] = [];
  for (const [k, text] of (s.sets ?? []).entries()) {
    try {
      sets.push(parseSet(text));
    } catch (e) {
      return {
        ok: false,
        issues: [
          {
            code: 'save/scenario',
            file,
            path: `sets[${k}]`,
            message: `the save's override ${text}: ${(e as Error).message}`,
          },
        ],
      };
    }
  }
  const scenario = loadScenario(ref, undefined, sets);
  if (!scenario.ok)
    return {
      ok: false,
      issues: [
        {
          code: 'save/scenario',
          file,
          path: sets.length ? 'sets' : 'scenario.ref',
          message: sets.length
            ? `cannot load the save's scenario with its overrides: ${formatIssue(scenario.issues[0])}`
            : `cannot load the save's scenario: ${scenario.issues[0].message}`,
        },
        ...scenario.issues.slice(1),
      ],
    };
  return fromSave(s, scenario.value, file, opts);
}
