/**
 * Phase 8, the escalation ladders: each relaxes toward its structural level (the hostility it
 * reflects); a crisis may slip a rung on its own (keyed dice: Schelling's risk that leaves
 * something to chance); a crisis that reaches its war rung is marked for war.
 */
import { pow } from '../arrays';
import { slipRisk } from '../crisis';
import { mutualHostility, structuralHostility } from '../ladder';
import { keyedDraw } from '../rng';
import type { TurnTrace } from '../types';
import type { Capabilities } from './capabilities';
import type { TurnScratch } from './scratch';

export function moveLadders(t: TurnScratch, c: Capabilities) {
  const { rules, state, inputs, n, p, w, A, dt, ladders, crises, index, turn, wantTrace, crisisRecords } = t;
  const trace: TurnTrace['ladders'] = [];
  const military = c.military;
  const maxM = military.reduce((m, v) => Math.max(m, v), 0);
  const power = new Float64Array(n);
  for (let i = 0; i < n; i++) power[i] = maxM > 0 ? pow(military[i] / maxM, p.threat.powerExponent) : 0;
  const relax = Math.min(1, p.ladder.rate * dt);
  const moveLadder = (id: string, hostility: number) => {
    const level = ladders.get(id)!;
    const anchor = state.ladders.anchors?.[id];
    const target = anchor
      ? Math.min(
          p.ladder.max,
          Math.max(0, anchor.level + p.ladder.max * p.ladder.pressure * (hostility - anchor.hostility)),
        )
      : p.ladder.max * p.ladder.pressure * hostility;
    const delta = Math.min(p.ladder.max, Math.max(0, level + relax * (target - level))) - level;
    ladders.set(id, level + delta);
    if (wantTrace && delta !== 0) trace.push({ ladder: id, delta, cause: { type: 'term', id: 'ladder' } });
  };
  moveLadder('global', structuralHostility(n, A, power));
  for (const d of state.ladders.dyads) moveLadder(d.id, mutualHostility(n, A, index.get(d.a)!, index.get(d.b)!));

  // A crisis may slip a rung on its own: Schelling's risk that leaves something to chance.
  const atWar: string[] = [];
  let draws = 0;
  rules.def.crises.forEach((def, k) => {
    const id = def.ladder;
    const cr = crises[id];
    if (cr.war || cr.conceded) return;
    const level = ladders.get(id)!;
    const risk = slipRisk(level, def, p.crisis, w.escalation, state.turnMonths);
    if (risk > 0) {
      const key = `slip@${id}`;
      const ruled = inputs.rulings && Object.hasOwn(inputs.rulings, key) ? inputs.rulings[key] : undefined;
      const roll = keyedDraw(state.rng.seed, turn, 'slip', id);
      draws++;
      const slipped = ruled ?? roll < risk;
      if (ruled !== undefined) t.rulingsUsed.add(key);
      if (wantTrace) Object.assign(crisisRecords[k], { risk, roll, slipped });
      if (slipped) {
        const delta = Math.min(p.ladder.max, level + p.crisis.slip) - level;
        ladders.set(id, level + delta);
        if (wantTrace && delta !== 0)
          trace.push({
            ladder: id,
            delta,
            cause: { type: 'term', id: 'escalation', note: 'the crisis slipped out of control' },
          });
      }
    } else if (wantTrace) crisisRecords[k].risk = 0;
    if (ladders.get(id)! >= def.warRung) atWar.push(id);
  });
  return { trace, atWar, draws };
}
