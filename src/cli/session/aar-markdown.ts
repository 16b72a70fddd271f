/** The after-action review as Markdown for a class: tables of events, interventions, ladders and moves. */
import { rungName } from '../../engine';
import type { AfterAction, ReviewEvent } from './aar';

/** The review's number formats, shared with the HTML review so both print the same figures. */
export const fixed = (v: number, d: number) => {
  const s = v.toFixed(d);
  return Number(s) === 0 ? (0).toFixed(d) : s;
};
export const signed = (v: number, d: number) => {
  const s = fixed(v, d);
  return s.startsWith('-') || Number(s) === 0 ? s : `+${s}`;
};
export const percent = (share: number) => `${Math.round(share * 100)}%`;
/** A table cell: text from scenario files and the White cell may hold pipes or line breaks. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function chosenBy(e: ReviewEvent): string {
  if (!e.chooser) return '-';
  if (e.chooser === 'human') return `human (${e.by ?? '?'})`;
  if (e.chooser === 'policy') return `${e.by}'s policy`;
  return 'scripted weights';
}

function firedBy(reason: string): string {
  if (reason === 'white cell') return 'White cell';
  if (reason === 'turn') return 'scheduled';
  if (reason === 'mtth' || reason === 'chance') return 'chance';
  return reason;
}

function endingText(r: AfterAction): string {
  const e = r.ending;
  if (e.kind === 'ended') return `Ended at turn ${e.turn}: ${e.outcome} (\`${e.id}\`).`;
  if (e.kind === 'completed')
    return `Ran its course: all ${r.turns.planned} planned turns were played without an end condition.`;
  return `Stopped after turn ${r.turns.played} of ${r.turns.planned} planned, with no end condition reached.`;
}

function ladderName(id: string): string {
  return id === 'global' ? 'global' : id;
}

/** The review as Markdown for the class. */
export function reviewMarkdown(r: AfterAction): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const cadence = r.turns.months === 1 ? 'monthly' : `${r.turns.months}-month turns`;
  push(`# After-action review: ${r.scenario.title}`, '');
  push(
    `- **Scenario:** ${r.scenario.title} (\`${r.scenario.id}\`)`,
    `- **Seed:** ${r.seed}`,
    `- **Turns played:** ${r.turns.played} of ${r.turns.planned} (${cadence}), ${r.turns.start} to ${r.turns.end}`,
    `- **Human players:** ${r.humans.length ? r.humans.join(', ') : 'none (the computer played every actor)'}`,
    `- **Final state hash:** \`${r.finalHash}\``,
    '',
  );
  for (const w of r.warnings) push(`> **Note:** ${w}`, '');

  push('## How it ended', '', endingText(r), '');

  push('## Key events', '');
  if (!r.events.length) push('No scenario event fired.', '');
  else
    push(
      ...table(
        ['Turn', 'Date', 'Event', 'Target', 'Fired by', 'Option taken', 'Chosen by'],
        r.events.map((e) => [
          String(e.turn),
          e.date,
          e.title,
          e.target ?? '-',
          firedBy(e.reason),
          e.option ? (e.optionText ? `${e.optionText} (\`${e.option}\`)` : `\`${e.option}\``) : '-',
          chosenBy(e),
        ]),
      ),
      '',
    );

  push('## White-cell interventions', '');
  const wc = r.whiteCell;
  if (!wc.injections.length && !wc.effects.length && !wc.rulings.length && !wc.notes.length)
    push("None: the game ran on its scripted events and the actors' own decisions.", '');
  if (wc.injections.length)
    push(
      '### Injected events',
      '',
      ...table(
        ['Turn', 'Date', 'Event', 'Target', 'Option taken'],
        wc.injections.map((e) => [String(e.turn), e.date, e.title, e.target ?? '-', e.option ?? '-']),
      ),
      '',
    );
  if (wc.effects.length)
    push(
      '### Adjudications',
      '',
      ...table(
        ['Turn', 'Date', 'What', 'Change made', 'Reason'],
        wc.effects.map((e) => {
          const d = e.kind === 'alignment' ? 3 : 2;
          const what =
            e.kind === 'flag'
              ? `${e.subject} ${e.amount ? 'set' : 'cleared'}`
              : e.set
                ? `set ${e.subject} to ${fixed(e.amount, d)}`
                : `${e.subject} ${signed(e.amount, d)} requested`;
          return [String(e.turn), e.date, what, e.kind === 'flag' ? '-' : signed(e.applied, d), e.reason];
        }),
      ),
      '',
    );
  if (wc.rulings.length)
    push(
      '### Rulings on the dice',
      '',
      ...table(
        ['Turn', 'Date', 'Action', 'Ruling', 'What the dice said'],
        wc.rulings.map((x) => [
          String(x.turn),
          x.date,
          `\`${x.key}\``,
          x.success ? 'succeeds' : 'fails',
          x.used
            ? `roll ${fixed(x.roll!, 2)} against a chance of ${fixed(x.chance!, 2)}`
            : 'no such action that turn (no effect)',
        ]),
      ),
      '',
    );
  if (wc.notes.length)
    push(
      '### Notes',
      '',
      ...table(
        ['Turn', 'Note'],
        wc.notes.map((x) => [String(x.turn), x.text]),
      ),
      '',
    );

  push('## Escalation path', '');
  push(
    ...table(
      ['Ladder', 'Start', 'Peak (turn)', 'End', 'Change', 'Rung at the end'],
      r.escalation.map((l) => [
        ladderName(l.ladder),
        fixed(l.start, 2),
        `${fixed(l.peak, 2)} (${l.peakTurn})`,
        fixed(l.end, 2),
        signed(l.end - l.start, 2),
        rungName(l.end, l.max),
      ]),
    ),
    '',
  );

  push('## Largest alignment moves', '');
  if (!r.moves.length) push('No alignment changed.', '');
  else {
    push(
      'How each actor stands toward another, from -1 (hostile) to +1 (aligned), at the start and the end of the game.',
      '',
    );
    push(
      ...table(
        ['From', 'Toward', 'Start', 'End', 'Change'],
        r.moves.map((m) => [m.from, m.to, fixed(m.start, 3), fixed(m.end, 3), signed(m.change, 3)]),
      ),
      '',
    );
    push(
      'Each move, split into its causes summed over every turn (share: the part of the move a cause explains; a negative share pushed the other way).',
      '',
    );
    for (const m of r.moves) {
      push(`### ${m.from} → ${m.to}: ${signed(m.change, 3)} (${fixed(m.start, 3)} to ${fixed(m.end, 3)})`, '');
      const rows = m.causes.map((c) => [c.label, signed(c.value, 3), percent(c.share)]);
      if (m.other.count) {
        const split = m.other.families.map((f) => `${f.family} ${signed(f.value, 3)} (${f.count})`).join(', ');
        rows.push([
          `${m.other.count} other cause${m.other.count > 1 ? 's' : ''}: ${split}`,
          signed(m.other.value, 3),
          percent(m.other.value / m.change),
        ]);
      }
      push(...table(['Cause', 'Contribution', 'Share'], rows), '');
    }
  }

  push('## US-China tilt', '');
  if (!r.tilts.length)
    push('Not shown: this scenario does not have both the United States and China, or no tilt changed.', '');
  else
    push(
      'Tilt is (alignment toward the US - alignment toward China) / 2: positive leans to the US, negative to China. The largest shifts:',
      '',
      ...table(
        ['Actor', 'Start', 'End', 'Shift'],
        r.tilts.map((x) => [`${x.name} (${x.actor})`, signed(x.start, 3), signed(x.end, 3), signed(x.change, 3)]),
      ),
      '',
    );

  if (r.humanPlay.length) {
    push('## What the human players did', '');
    for (const h of r.humanPlay) {
      push(`### ${h.name} (${h.actor})`, '');
      if (!h.turns.length) push('No turns were played.', '');
      else
        push(
          ...table(
            ['Turn', 'Date', 'Actions', 'Event choices'],
            h.turns.map((t) => {
              const acts = t.actions.map(
                (a) =>
                  `${a.action}${a.target ? ` → ${a.target}` : ''}${a.framing ? ` (${a.framing})` : ''}: ${a.success ? 'succeeded' : 'failed'}${a.adjudicated ? ' (White-cell ruling)' : ''}`,
              );
              const text =
                t.by === 'policy'
                  ? `left to the computer${acts.length ? `: ${acts.join('; ')}` : ''}`
                  : acts.length
                    ? acts.join('; ')
                    : 'passed';
              return [
                String(t.turn),
                t.date,
                text,
                t.choices
                  .map((c) => `${c.title}${c.target ? ` [${c.target}]` : ''}: ${c.optionText ?? c.option}`)
                  .join('; ') || '-',
              ];
            }),
          ),
          '',
        );
    }
  }
  return out.join('\n');
}
