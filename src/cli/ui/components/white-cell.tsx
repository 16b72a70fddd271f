/**
 * The White cell (the facilitator): inject a scenario event or a free-text event with effects,
 * adjust any value with a reason, rule on a die of the last turn, pause, note. Injections and
 * effects are queued for the next turn and recorded in its inputs, so they replay; a ruling replays
 * the last turn with the die decided.
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import {
  CAPABILITY_KINDS,
  previewAlignment,
  type ActionOutcome,
  type CapabilityKind,
  type Effect,
  type TurnTrace,
  type WorldState,
  type Rules,
} from '../../../engine';
import { effectText } from '../format';
import type { Draft } from 'immer';
import type { WhiteCellQueue } from '../../session/edits';
import { Menu } from './menu';
import { TextPrompt } from './text-prompt';

export interface WhiteCellProps {
  /** The game's compiled rules. */
  rules: Rules;
  state: WorldState;
  lastTrace?: TurnTrace;
  queue: WhiteCellQueue;
  paused: boolean;
  height: number;
  width: number;
  /** Change the queue: `recipe` edits a draft of it (immer), recorded in the game's journal as `label`. */
  onEdit(label: string, recipe: (q: Draft<WhiteCellQueue>) => void): void;
  onRuling(actor: string, action: ActionOutcome, success: boolean): void;
  onPause(): void;
  onNote(text: string): void;
  onBack(): void;
}

type Kind = 'alignment' | 'capability' | 'tension';
/** Where the facilitator is in a White-cell form. */
type Stage =
  | { at: 'menu' }
  | { at: 'inject' }
  | { at: 'inject-target'; event: string }
  | { at: 'title' }
  | { at: 'kind'; mode: 'event' | 'adjust'; title?: string }
  | { at: 'first'; mode: 'event' | 'adjust'; title?: string; kind: Kind }
  | { at: 'second'; mode: 'event' | 'adjust'; title?: string; kind: Kind; first: string }
  | { at: 'value'; mode: 'event' | 'adjust'; title?: string; kind: Kind; first: string; second: string }
  | { at: 'reason'; kind: Kind; first: string; second: string; value: number }
  | { at: 'rule' }
  | { at: 'note' };

const MENU = [
  'Inject a scenario event',
  'Free-text event with effects',
  'Adjust a value (adjudication)',
  'Override a die roll of the last turn',
  'Pause / resume',
  'Add a note to the log',
  'Clear the queue',
  'Back to the board',
];

/** The current value a White-cell form is about to change. */
function currentValue(s: WorldState, kind: Kind, first: string, second: string): number {
  const n = s.actors.length;
  const i = s.actors.findIndex((a) => a.id === first);
  if (kind === 'alignment') return s.alignment[i * n + s.actors.findIndex((a) => a.id === second)];
  if (kind === 'capability') return s.actors[i].capabilities[second as CapabilityKind];
  return first === 'global' ? s.ladders.global : (s.ladders.dyads.find((d) => d.id === first)?.level ?? 0);
}

/** Build the effect a finished form asks for. */
function makeEffect(kind: Kind, first: string, second: string, amount: number, set: boolean, note: string): Effect {
  const cause = set
    ? { type: 'adjudication' as const, id: 'white-cell', note }
    : { type: 'input' as const, id: 'white-cell', note };
  const flag = set ? { set: true } : {};
  if (kind === 'alignment') return { kind, from: first, to: second, amount, ...flag, cause };
  if (kind === 'capability')
    return { kind, actor: first, capability: second as CapabilityKind, amount, ...flag, cause };
  return { kind, ...(first === 'global' ? {} : { ladder: first }), amount, ...flag, cause };
}

/** The White-cell panel. */
export function WhiteCell(p: WhiteCellProps) {
  const [stage, setStage] = useState<Stage>({ at: 'menu' });
  const [message, setMessage] = useState('');
  const s = p.state;
  const ids = s.actors.map((a) => a.id);
  const ladders = ['global', ...s.ladders.dyads.map((d) => d.id)];
  const listH = Math.max(3, p.height - 8 - p.queue.inject.length - p.queue.effects.length);
  const back = () => setStage({ at: 'menu' });
  const done = (msg: string) => {
    setMessage(msg);
    back();
  };
  const queued = [
    ...p.queue.inject.map((x) => `inject ${x.event}${x.target ? ` [${x.target}]` : ''}`),
    ...p.queue.effects.map(
      (e) =>
        ('set' in e && e.set
          ? `set ${effectText(e).replace(/ [+-]([\d.]+)$/, ' to ' + e.amount)}`
          : `move ${effectText(e)}`) + ` (${e.cause.note})`,
    ),
  ];
  let body: React.ReactNode;
  switch (stage.at) {
    case 'menu':
      body = (
        <Menu
          key={stage.at}
          items={MENU.map((label, k) => ({
            label: k === 4 ? (p.paused ? 'Resume (the game is paused)' : 'Pause') : label,
            disabled: k === 3 && !p.lastTrace?.decisions.some((d) => d.actions.length),
          }))}
          height={listH}
          width={p.width}
          onCancel={p.onBack}
          onSelect={(k) => {
            setMessage('');
            if (k === 0)
              setStage(
                p.rules.def.events.length
                  ? { at: 'inject' }
                  : (setMessage('this scenario has no events'), { at: 'menu' }),
              );
            else if (k === 1) setStage({ at: 'title' });
            else if (k === 2) setStage({ at: 'kind', mode: 'adjust' });
            else if (k === 3) setStage({ at: 'rule' });
            else if (k === 4) p.onPause();
            else if (k === 5) setStage({ at: 'note' });
            else if (k === 6)
              (p.onEdit('clear the queue', (q) => {
                q.inject = [];
                q.effects = [];
              }),
                setMessage('queue cleared'));
            else p.onBack();
          }}
        />
      );
      break;
    case 'inject':
      body = (
        <Menu
          key={stage.at}
          items={p.rules.def.events.map((e) => ({
            label: e.title,
            detail: `${e.id}${e.targets ? ` · targets ${e.targets.join(',')}` : e.timing.kind === 'followup' ? ' · follow-up: pick its actor' : ''}`,
          }))}
          height={listH}
          width={p.width}
          onCancel={back}
          onSelect={(k) => {
            const e = p.rules.def.events[k];
            if (e.targets || e.timing.kind === 'followup') setStage({ at: 'inject-target', event: e.id });
            else
              (p.onEdit(`inject ${e.id}`, (q) => void q.inject.push({ event: e.id })),
                done('injection added to the queue'));
          }}
        />
      );
      break;
    case 'inject-target': {
      const e = p.rules.def.events.find((x) => x.id === stage.event)!;
      // A follow-up-only event takes the target its parent would give it: any actor.
      const targets = e.targets ?? ids;
      body = (
        <>
          <Text>{`${e.title}: for which actor?`}</Text>
          <Menu
            key={stage.at}
            items={targets.map((t) => ({ label: t }))}
            height={listH - 1}
            width={p.width}
            onCancel={back}
            onSelect={(k) => (
              p.onEdit(
                `inject ${e.id} [${targets[k]}]`,
                (q) => void q.inject.push({ event: e.id, target: targets[k] }),
              ),
              done('injection added to the queue')
            )}
          />
        </>
      );
      break;
    }
    case 'title':
      body = (
        <TextPrompt
          key="title"
          label="What happens (shown in the log):"
          check={(t) => (t.trim() ? undefined : 'describe the event in a few words')}
          onSubmit={(t) => setStage({ at: 'kind', mode: 'event', title: t.trim() })}
          onCancel={back}
        />
      );
      break;
    case 'kind':
      body = (
        <Menu
          key={stage.at}
          items={[
            { label: 'alignment (actor toward actor)' },
            { label: 'capability (an actor’s military, economic, maritime or diplomatic)' },
            { label: 'escalation ladder' },
          ]}
          height={listH}
          width={p.width}
          onCancel={back}
          onSelect={(k) => {
            const kind = (['alignment', 'capability', 'tension'] as const)[k];
            setStage({ at: 'first', mode: stage.mode, title: stage.title, kind });
          }}
        />
      );
      break;
    case 'first': {
      const list = stage.kind === 'tension' ? ladders : ids;
      body = (
        <>
          <Text>
            {stage.kind === 'tension'
              ? 'Which ladder?'
              : stage.kind === 'alignment'
                ? 'Whose stance?'
                : 'Whose capability?'}
          </Text>
          <Menu
            key={stage.at}
            items={list.map((x) => ({ label: x }))}
            height={listH - 1}
            width={p.width}
            onCancel={back}
            onSelect={(k) =>
              stage.kind === 'tension'
                ? setStage({ ...stage, at: 'value', first: list[k], second: '' })
                : setStage({ ...stage, at: 'second', first: list[k] })
            }
          />
        </>
      );
      break;
    }
    case 'second': {
      const list = stage.kind === 'alignment' ? ids.filter((x) => x !== stage.first) : [...CAPABILITY_KINDS];
      body = (
        <>
          <Text>
            {stage.kind === 'alignment' ? `${stage.first} toward whom?` : `Which capability of ${stage.first}?`}
          </Text>
          <Menu
            key={stage.at}
            items={list.map((x) => ({ label: x }))}
            height={listH - 1}
            width={p.width}
            onCancel={back}
            onSelect={(k) => setStage({ ...stage, at: 'value', second: list[k] })}
          />
        </>
      );
      break;
    }
    case 'value': {
      const now = currentValue(s, stage.kind, stage.first, stage.second);
      const [lo, hi] =
        stage.kind === 'alignment' ? [-1, 1] : stage.kind === 'tension' ? [0, s.params.ladder.max] : [0, 1e6];
      const what =
        stage.kind === 'tension'
          ? `ladder ${stage.first}`
          : stage.kind === 'alignment'
            ? `${stage.first}→${stage.second}`
            : `${stage.first} ${stage.second}`;
      body = (
        <TextPrompt
          key="value"
          label={
            stage.mode === 'adjust'
              ? `Set ${what} (now ${now.toFixed(3)}) next turn, before its dynamics, to:`
              : `Move ${what} (now ${now.toFixed(3)}) next turn by:`
          }
          check={(t) => {
            const v = Number(t);
            if (!t.trim() || !Number.isFinite(v)) return 'a number, such as 0.25 or -0.1';
            if (stage.mode === 'adjust' && (v < lo || v > hi)) return `a value from ${lo} to ${hi}`;
            if (stage.mode === 'event' && Math.abs(v) > (stage.kind === 'alignment' ? 2 : hi))
              return 'that is too large a move';
            return undefined;
          }}
          onSubmit={(t) => {
            const v = Number(t);
            if (stage.mode === 'adjust')
              setStage({ at: 'reason', kind: stage.kind, first: stage.first, second: stage.second, value: v });
            else {
              const e = makeEffect(stage.kind, stage.first, stage.second, v, false, stage.title!);
              p.onEdit(`event: ${stage.title!}`, (q) => void q.effects.push(e));
              // An event's move on an alignment is softened like any effect: say by how much.
              done(
                e.kind === 'alignment'
                  ? `added to the queue; on today's values it would move ${e.from}→${e.to} by ${previewAlignment(s, e).toFixed(3)} (diminishing returns)`
                  : 'added to the queue',
              );
            }
          }}
          onCancel={back}
        />
      );
      break;
    }
    case 'reason':
      body = (
        <TextPrompt
          key="reason"
          label="Reason for the ruling (logged):"
          check={(t) => (t.trim().length >= 3 ? undefined : 'an adjudication needs a reason')}
          onSubmit={(t) => {
            const e = makeEffect(stage.kind, stage.first, stage.second, stage.value, true, t.trim());
            p.onEdit(`adjust ${effectText(e)}: ${t.trim()}`, (q) => void q.effects.push(e));
            done('ruling added to the queue');
          }}
          onCancel={back}
        />
      );
      break;
    case 'rule': {
      const rolls = (p.lastTrace?.decisions ?? []).flatMap((d) => d.actions.map((a) => ({ actor: d.actor, a })));
      body = (
        <>
          <Text>{`Turn ${p.lastTrace?.turn}: rule on which die? (the turn is played again with it decided)`}</Text>
          <Menu
            key={stage.at}
            items={rolls.map(({ actor, a }) => ({
              label: `${actor} ${a.action}${a.target ? ` → ${a.target}` : ''}`,
              detail: `${a.success ? 'succeeded' : 'failed'} (roll ${a.roll.toFixed(2)} vs ${a.chance.toFixed(2)}) → make it ${a.success ? 'fail' : 'succeed'}`,
            }))}
            height={listH - 1}
            width={p.width}
            onCancel={back}
            onSelect={(k) => {
              p.onRuling(rolls[k].actor, rolls[k].a, !rolls[k].a.success);
              done(
                `ruled: ${rolls[k].actor} ${rolls[k].a.action} ${rolls[k].a.success ? 'fails' : 'succeeds'}; turn ${p.lastTrace?.turn} replayed`,
              );
            }}
          />
        </>
      );
      break;
    }
    case 'note':
      body = (
        <TextPrompt
          label="Note for the log:"
          check={(t) => (t.trim() ? undefined : 'an empty note')}
          onSubmit={(t) => (p.onNote(t.trim()), done('noted'))}
          onCancel={back}
        />
      );
      break;
  }
  return (
    <Box flexDirection="column">
      <Text bold color="magenta">{`WHITE CELL (facilitator)${p.paused ? ' · PAUSED' : ''}`}</Text>
      {body}
      {message ? <Text color="green">{message}</Text> : null}
      <Text color="gray">
        {queued.length ? `queued for next turn: ${queued.join('; ')}` : 'nothing queued for next turn'}
      </Text>
      <Text color="gray">↑↓ choose · enter select · esc back</Text>
    </Box>
  );
}
