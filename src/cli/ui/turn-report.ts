/**
 * What happened in a turn, as lines for the log view: the events and who chose their options (with
 * the policies' scores), the humans' actions and dice, the policy-played actors' actions with the
 * alternatives they weighed, and the White cell's interventions.
 */
import type { Decision, FiredEvent, Rules, TurnTrace, WorldState } from '../../engine';
import { signed } from './format';

export interface ReportLine {
  text: string;
  color?: string;
  bold?: boolean;
}

const choiceText = (a: { action: string; target?: string; framing?: string }) =>
  `${a.action}${a.target ? ` → ${a.target}` : ''}${a.framing ? ` (${a.framing})` : ''}`;

function eventLines(rules: Rules, e: FiredEvent): ReportLine[] {
  const def = rules.def.events.find((d) => d.id === e.event);
  const lines: ReportLine[] = [
    {
      text: `EVENT ${def?.title ?? e.event}${e.target ? ` [${e.target}]` : ''}${e.reason === 'white cell' ? ' (injected by the White cell)' : ''}`,
      color: 'yellow',
      bold: true,
    },
  ];
  if (e.option) {
    const option = def?.options.find((o) => o.id === e.option);
    const who =
      e.chooser === 'human'
        ? 'chosen by a human player'
        : e.chooser === 'policy'
          ? `chosen by ${e.by}'s policy`
          : 'scripted weights';
    lines.push({ text: `  → ${option?.text ?? e.option} (${who})` });
    if (e.chooser === 'policy' && e.scores && def)
      lines.push({
        text: `    weighed: ${def.options.map((o, k) => `${o.id} ${signed(e.scores![k], 4)}`).join(', ')}`,
        color: 'gray',
      });
  }
  return lines;
}

function decisionLines(d: Decision, reasons: boolean): ReportLine[] {
  if (!d.actions.length && !(reasons && d.alternatives.length)) return [];
  const human = d.controller === 'human';
  const lines: ReportLine[] = [
    {
      text: `${d.actor}${human ? ' (human)' : d.doctrine ? ` (${d.doctrine})` : ''}: ${d.actions.length ? d.actions.map((a) => `${choiceText(a)} ${a.success ? 'succeeded' : 'failed'} (roll ${a.roll.toFixed(2)} vs ${a.chance.toFixed(2)}${a.adjudicated ? ', ruled by the White cell' : ''})`).join('; ') : 'no action'} · ${d.spent.toFixed(1)} of ${d.available.toFixed(1)} pts`,
      color: human ? 'cyan' : undefined,
    },
  ];
  if (reasons && d.alternatives.length)
    lines.push({
      text: `    weighed: ${d.alternatives
        .slice(0, 4)
        .map((a) => `${choiceText(a)} ${signed(a.score, 4)}`)
        .join(', ')}`,
      color: 'gray',
    });
  return lines;
}

/** The report of one turn (`state` is the state after it, for names and titles). */
export function turnReport(rules: Rules, state: WorldState, trace: TurnTrace, humans: readonly string[]): ReportLine[] {
  const lines: ReportLine[] = [{ text: `Turn ${trace.turn} · ${trace.date.slice(0, 7)}`, bold: true }];
  for (const e of trace.events) lines.push(...eventLines(rules, e));
  const white = trace.effects.filter(
    (e) =>
      e.effect.cause.type === 'adjudication' || (e.effect.cause.type === 'input' && e.effect.cause.id === 'white-cell'),
  );
  for (const w of white) {
    const e = w.effect;
    const what =
      e.kind === 'alignment'
        ? `${e.from}→${e.to}`
        : e.kind === 'capability'
          ? `${e.actor} ${e.capability}`
          : e.kind === 'tension'
            ? `ladder ${e.ladder ?? 'global'}`
            : e.kind;
    const text =
      'set' in e && e.set
        ? `WHITE CELL set ${what} to ${e.amount} before this turn's dynamics (a change of ${signed(w.applied)}): ${e.cause.note ?? ''}`
        : `WHITE CELL moved ${what} by ${signed(w.applied)}: ${e.cause.note ?? ''}`;
    lines.push({ text, color: 'magenta' });
  }
  const byHumans = trace.decisions.filter((d) => humans.includes(d.actor));
  const others = trace.decisions
    .filter((d) => !humans.includes(d.actor) && d.actions.length)
    .sort((a, b) => b.spent - a.spent);
  for (const d of byHumans) lines.push(...decisionLines(d, false));
  if (others.length)
    lines.push({ text: `Policy-played actors (${others.length} acted), largest spenders first:`, bold: true });
  for (const d of others) lines.push(...decisionLines(d, true));
  if (trace.unusedRulings.length)
    lines.push({ text: `rulings that named no action this turn: ${trace.unusedRulings.join(', ')}`, color: 'gray' });
  return lines;
}
