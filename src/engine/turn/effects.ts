/** Phase 5: the effects of the events, then of the actions, then the inputs' own (the White cell's last). */
import { applyEffects } from '../effects';
import { toPlain } from '../arrays';
import type { Decided } from './decide';
import { CAP_INDEX, type TurnScratch } from './scratch';

export function applyTurnEffects(t: TurnScratch, d: Decided) {
  const effects = applyEffects(
    [...d.events.effects, ...d.actionEffects, ...(t.inputs.effects ?? [])],
    {
      n: t.n,
      index: t.index,
      A: t.A,
      baseline: t.baseline,
      load: t.load,
      autonomy: t.autonomy,
      capabilities: t.caps,
      capabilityIndex: CAP_INDEX,
      ladders: t.ladders,
      ladderMax: t.p.ladder.max,
      flags: t.flags,
      counters: t.counters,
      crises: t.crises,
      turn: t.turn,
    },
    t.w.effects,
    t.p.effects,
  );
  return { effects, afterEffects: t.wantTrace ? toPlain(t.A) : [] };
}
