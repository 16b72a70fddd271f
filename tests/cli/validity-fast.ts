/**
 * The validity suite, fast (docs/VALIDITY.md): claims of validity/claims.yaml played in the test
 * process with fewer runs and fixed seeds, judged exactly as `seastate validity` judges them. The
 * claims are spread over three test files so that the two test workers share them out.
 */
import { prepare } from '../../src/cli/commands/batch';
import { claimPlan, judge, loadClaims, type Claim } from '../../src/cli/validity/claims';
import { playInline } from './inline-batch';

const loaded = loadClaims();
if (!loaded.ok) throw new Error(loaded.issues[0].message);
export const claims = new Map(loaded.value.map((c) => [c.id, c]));

/** A claim's points played in this process: `runs` runs each, batch seed `seed`. */
export function play(c: Claim, runs: number, seed = '7') {
  const p = prepare(claimPlan(c, runs, seed));
  return judge(c, p.layouts, playInline(p));
}

export const claim = (id: string) => {
  const c = claims.get(id);
  if (!c) throw new Error(`no claim ${id} in validity/claims.yaml`);
  return c;
};
