/**
 * A human actor's turn: the legal actions with cost, chance and what success would do to this
 * state; a plan that must fit the points available; confirm. Only legal, affordable choices can be
 * taken (the rest say why), `b` lists what is barred and why, and the engine checks the plan again
 * before the turn is played.
 */
import { Box, Text, useInput } from 'ink';
import { useMemo, useState } from 'react';
import {
  barredActions,
  budgets,
  legalActions,
  MAX_ACTIONS_PER_TURN,
  previewAlignment,
  type ActionChoice,
  type Effect,
  type LegalAction,
  type WorldState,
  type Rules,
} from '../../../engine';
import { effectText, signed } from '../format';
import { Menu } from './menu';
import { ScrollText } from './scroll-text';

export interface ActionMenuProps {
  /** The game's compiled rules. */
  rules: Rules;
  state: WorldState;
  actor: string;
  /** "2 of 3": which human this is in the turn's hotseat order. */
  seat: string;
  height: number;
  width: number;
  onConfirm(plan: ActionChoice[]): void;
  onBack(): void;
}

const costOf = (a: LegalAction, framing: ActionChoice['framing']) =>
  framing === 'partnership' ? (a.partnershipCost ?? a.cost) : a.cost;
const same = (a: ActionChoice, b: ActionChoice) => a.action === b.action && a.target === b.target;
type Alignment = Extract<Effect, { kind: 'alignment' }>;

/**
 * What success would do now, effect by effect: alignment changes as the engine would apply them to
 * this state (framing, diminishing returns, bounds), other effects as asked. Self-effects drop out.
 */
export function successPreview(
  state: WorldState,
  a: LegalAction,
  framing: ActionChoice['framing'],
): { text: string; main?: { cell: string; now: number } } {
  const parts: string[] = [];
  let main: { cell: string; now: number } | undefined;
  for (const e of a.onSuccess) {
    if (e.kind === 'alignment') {
      if (e.from === e.to) continue;
      const now = previewAlignment(state, { ...e, framing: e.framing ?? framing } as Alignment);
      parts.push(`${e.from}→${e.to} ${signed(now, 3)}`);
      main ??= { cell: `${e.from}→${e.to}`, now };
    } else parts.push(effectText(e));
  }
  return { text: parts.join(', '), main };
}

/** The menu of one human actor's turn: an action first, then its target. */
export function ActionMenu({ rules, state, actor, seat, height, width, onConfirm, onBack }: ActionMenuProps) {
  const legal = useMemo(() => legalActions(rules, state, actor), [rules, state, actor]);
  const groups = useMemo(() => {
    const m = new Map<string, LegalAction[]>();
    for (const a of legal) m.set(a.action, [...(m.get(a.action) ?? []), a]);
    return [...m.values()];
  }, [legal]);
  const i = state.actors.findIndex((a) => a.id === actor);
  const available = useMemo(() => budgets(state)[i] + (state.resources[i] ?? 0), [state, i]);
  const [plan, setPlan] = useState<(ActionChoice & { cost: number })[]>([]);
  const [framing, setFraming] = useState<Record<string, ActionChoice['framing']>>({});
  const [group, setGroup] = useState<number | undefined>();
  const [cursor, setCursor] = useState(0);
  const [why, setWhy] = useState(false);
  const spent = plan.reduce((s, p) => s + p.cost, 0);
  const left = available - spent;
  const full = plan.length >= MAX_ACTIONS_PER_TURN;
  const framingOf = (a: LegalAction) =>
    framing[a.action] ?? ((a.framings.length ? a.framings[0] : undefined) as ActionChoice['framing']);
  const taken = (a: LegalAction) => plan.some((p) => same(p, { action: a.action, target: a.target }));
  /** Why a legal action cannot join the plan now, if it cannot. */
  const blocked = (a: LegalAction) =>
    taken(a)
      ? 'in the plan'
      : full
        ? `${MAX_ACTIONS_PER_TURN} actions at most`
        : costOf(a, framingOf(a)) > left + 1e-9
          ? `needs ${costOf(a, framingOf(a)).toFixed(1)} pts`
          : undefined;
  const confirm = () => onConfirm(plan.map(({ cost: _c, ...choice }) => choice));
  const onKey = (input: string, a: LegalAction | undefined) => {
    if (input === 'f' && a && a.framings.length > 1) {
      const fs = a.framings;
      setFraming({
        ...framing,
        [a.action]: fs[(fs.indexOf(framingOf(a)!) + 1) % fs.length] as ActionChoice['framing'],
      });
    } else if (input === 'x') setPlan(plan.slice(0, -1));
    else if (input === 'c') confirm();
    else if (input === 'b') setWhy(true);
  };
  const add = (a: LegalAction) => {
    const f = framingOf(a);
    setPlan([
      ...plan,
      { action: a.action, ...(a.target ? { target: a.target } : {}), ...(f ? { framing: f } : {}), cost: costOf(a, f) },
    ]);
    // Back to the action list, on the action just used.
    const k = groups.findIndex((g) => g[0].action === a.action);
    setGroup(undefined);
    setCursor(k);
  };
  const listH = Math.max(3, height - 8);
  const sel = group === undefined ? groups[cursor]?.[0] : groups[group][cursor];
  const header = (
    <>
      <Text bold color="cyan" wrap="truncate">
        {`${state.actors[i].name} (${actor}) · human ${seat} · ${available.toFixed(1)} pts, ${spent.toFixed(1)} planned, ${left.toFixed(1)} left`}
      </Text>
      <Text wrap="truncate">
        {'plan: '}
        {plan.length ? (
          plan
            .map(
              (p) =>
                `${p.action}${p.target ? ` → ${p.target}` : ''}${p.framing ? ` (${p.framing})` : ''} ${p.cost.toFixed(1)}`,
            )
            .join(' · ')
        ) : (
          <Text color="gray">nothing yet (c with an empty plan passes)</Text>
        )}
      </Text>
    </>
  );
  if (why)
    return (
      <Barred
        rules={rules}
        state={state}
        actor={actor}
        height={height - 2}
        width={width}
        header={header}
        onBack={() => setWhy(false)}
      />
    );
  let list: React.ReactNode;
  if (legal.length === 0) list = <Text color="gray">no legal action this turn: c passes, b shows why</Text>;
  else if (group === undefined)
    list = (
      <Menu
        key="actions"
        initial={cursor}
        items={groups.map((g) => {
          const a = g[0];
          const cost = costOf(a, framingOf(a));
          const best = Math.max(...g.map((x) => x.chance));
          const open = g.filter((x) => !blocked(x));
          return {
            label: `${a.instrument.slice(0, 4).padEnd(4)} ${a.name}${a.framings.length > 1 ? ` (${framingOf(a)})` : ''}`,
            detail: `${cost.toFixed(1)} pts · ${a.target ? `${g.length} target${g.length > 1 ? 's' : ''}, up to ${Math.round(best * 100)}%` : `${Math.round(a.chance * 100)}%`}${open.length ? '' : ` · ${blocked(g[0])}`}`,
            disabled: open.length === 0,
          };
        })}
        height={listH}
        width={width}
        onMove={setCursor}
        onSelect={(k) => {
          const g = groups[k];
          if (!g[0].target) return add(g[0]);
          setGroup(k);
          setCursor(0);
        }}
        onCancel={onBack}
        onKey={(input, k) => onKey(input, groups[k]?.[0])}
      />
    );
  else
    list = (
      <Menu
        key={`targets-${group}`}
        items={groups[group].map((a) => {
          const { main } = successPreview(state, a, framingOf(a));
          const no = blocked(a);
          return {
            label: `→ ${a.target}`,
            detail: `${Math.round(a.chance * 100)}%${main ? ` · ${main.cell} ${signed(main.now, 3)} if it works, expected ${signed(main.now * a.chance, 3)}` : ''}${no ? ` · ${no}` : ''}`,
            disabled: Boolean(no),
          };
        })}
        height={listH}
        width={width}
        onMove={setCursor}
        onSelect={(k) => add(groups[group][k])}
        onCancel={() => (setCursor(group), setGroup(undefined))}
        onKey={(input, k) => onKey(input, groups[group][k])}
      />
    );
  return (
    <Box flexDirection="column">
      {header}
      {group !== undefined ? (
        <Text
          bold
          wrap="truncate"
        >{`${groups[group][0].name}${groups[group][0].framings.length > 1 ? ` (${framingOf(groups[group][0])})` : ''}: choose the target`}</Text>
      ) : null}
      {list}
      {legal.length === 0 ? (
        <Confirm onConfirm={() => onConfirm([])} onBack={onBack} onWhy={() => setWhy(true)} />
      ) : null}
      {sel ? (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate" color="gray">
            {`${sel.name}${sel.target && group !== undefined ? ` → ${sel.target}` : ''}: ${Math.round(sel.chance * 100)}%${sel.framings.length > 1 ? ` · ${framingOf(sel)} (f: partnership costs more, works better with autonomy-minded partners)` : ''}`}
          </Text>
          <Text wrap="truncate" color="gray">
            {`if it succeeds now: ${successPreview(state, sel, framingOf(sel)).text || 'no direct effect'}`}
          </Text>
        </Box>
      ) : null}
      <Text color="gray" wrap="truncate">
        {group === undefined
          ? 'enter pick · f framing · x undo pick · b why not others · c confirm · esc board'
          : 'enter add · f framing · c confirm the plan · esc actions'}
      </Text>
    </Box>
  );
}

/** The actions this actor may not take now, each with its reason (grouped by action). */
function Barred({
  rules,
  state,
  actor,
  height,
  width,
  header,
  onBack,
}: {
  rules: Rules;
  state: WorldState;
  actor: string;
  height: number;
  width: number;
  header: React.ReactNode;
  onBack(): void;
}) {
  const lines = useMemo(() => {
    const byAction = new Map<string, { name: string; reasons: Map<string, string[]> }>();
    for (const b of barredActions(rules, state, actor)) {
      const a = byAction.get(b.action) ?? { name: b.name, reasons: new Map() };
      a.reasons.set(b.why, [...(a.reasons.get(b.why) ?? []), ...(b.target ? [b.target] : [])]);
      byAction.set(b.action, a);
    }
    const out: { text: string; bold?: boolean }[] = [];
    for (const { name, reasons } of byAction.values()) {
      out.push({ text: name, bold: true });
      for (const [why, targets] of reasons)
        out.push({
          text: `  ${targets.length ? `${targets.length > 6 ? `${targets.length} targets` : targets.join(', ')}: ` : ''}${why}`,
        });
    }
    return out.length ? out : [{ text: 'nothing is barred: every action this actor may use is open' }];
  }, [rules, state, actor]);
  useInput((input, key) => {
    if (key.escape || input === 'b') onBack();
  });
  return (
    <Box flexDirection="column">
      {header}
      <Text bold>Not available this turn, and why</Text>
      <ScrollText lines={lines} height={height - 2} width={width} />
      <Text color="gray">↑↓ scroll · esc or b back</Text>
    </Box>
  );
}

/** Keys for a turn with nothing to choose: c or Enter passes. */
function Confirm({ onConfirm, onBack, onWhy }: { onConfirm(): void; onBack(): void; onWhy(): void }) {
  useInput((input, key) => {
    if (input === 'c' || key.return) onConfirm();
    else if (input === 'b') onWhy();
    else if (key.escape) onBack();
  });
  return null;
}
