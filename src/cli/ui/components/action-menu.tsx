/**
 * A human actor's turn: the legal actions with cost, chance and what success would do; a plan
 * that must fit the points available; confirm. Only legal, affordable choices are offered, and the
 * engine checks the plan again before the turn is played.
 */
import { Box, Text, useInput } from 'ink';
import { useMemo, useState } from 'react';
import { budgets, legalActions, MAX_ACTIONS_PER_TURN, type ActionChoice, type Effect, type LegalAction, type WorldState } from '../../../engine';
import { signed } from '../format';
import { Menu } from './menu';

export interface ActionMenuProps {
  state: WorldState;
  actor: string;
  /** "2 of 3": which human this is in the turn's hotseat order. */
  seat: string;
  height: number;
  width: number;
  onConfirm(plan: ActionChoice[]): void;
  onBack(): void;
}

/** What an effect would request, in a few characters. */
export function effectText(e: Effect): string {
  switch (e.kind) {
    case 'alignment':
      return `${e.from}→${e.to} ${signed(e.amount, 3)}`;
    case 'capability':
      return `${e.actor} ${e.capability.slice(0, 3)} ${signed(e.amount, 2)}`;
    case 'tension':
      return `ladder ${e.ladder ?? 'global'} ${signed(e.amount, 2)}`;
    case 'flag':
      return `${e.name}=${e.value}`;
    case 'counter':
      return `${e.name} ${signed(e.amount, 0)}`;
  }
}

const costOf = (a: LegalAction, framing: ActionChoice['framing']) => (framing === 'partnership' ? (a.partnershipCost ?? a.cost) : a.cost);
const same = (a: ActionChoice, b: ActionChoice) => a.action === b.action && a.target === b.target;

/** The menu of one human actor's turn: an action first, then its target. */
export function ActionMenu({ state, actor, seat, height, width, onConfirm, onBack }: ActionMenuProps) {
  const legal = useMemo(() => legalActions(state, actor), [state, actor]);
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
  const spent = plan.reduce((s, p) => s + p.cost, 0);
  const left = available - spent;
  const full = plan.length >= MAX_ACTIONS_PER_TURN;
  const framingOf = (a: LegalAction) => framing[a.action] ?? (a.framings.length ? a.framings[0] : undefined) as ActionChoice['framing'];
  const taken = (a: LegalAction) => plan.some((p) => same(p, { action: a.action, target: a.target }));
  const fits = (a: LegalAction) => !full && costOf(a, framingOf(a)) <= left + 1e-9 && !taken(a);
  const confirm = () => onConfirm(plan.map(({ cost: _c, ...choice }) => choice));
  const onKey = (input: string, a: LegalAction | undefined) => {
    if (input === 'f' && a && a.framings.length > 1) {
      const fs = a.framings;
      setFraming({ ...framing, [a.action]: fs[(fs.indexOf(framingOf(a)!) + 1) % fs.length] as ActionChoice['framing'] });
    } else if (input === 'x') setPlan(plan.slice(0, -1));
    else if (input === 'c') confirm();
  };
  const add = (a: LegalAction) => {
    const f = framingOf(a);
    setPlan([...plan, { action: a.action, ...(a.target ? { target: a.target } : {}), ...(f ? { framing: f } : {}), cost: costOf(a, f) }]);
    setGroup(undefined);
  };
  const listH = Math.max(3, height - 8);
  const sel = group === undefined ? groups[cursor]?.[0] : groups[group][cursor];
  const effectsOf = (a: LegalAction) => a.onSuccess.filter((e): e is Extract<Effect, { kind: 'alignment' }> => e.kind === 'alignment');
  let list: React.ReactNode;
  if (legal.length === 0) list = <Text color="gray">no legal action this turn (all cooling down, unaffordable or barred): press c to pass</Text>;
  else if (group === undefined)
    list = (
      <Menu
        key="actions"
        items={groups.map((g) => {
          const a = g[0];
          const cost = costOf(a, framingOf(a));
          const best = Math.max(...g.map((x) => x.chance));
          return {
            label: `${a.instrument.slice(0, 4).padEnd(4)} ${a.name}${a.framings.length > 1 ? ` (${framingOf(a)})` : ''}`,
            detail: `${cost.toFixed(1)} pts · ${a.target ? `${g.length} target${g.length > 1 ? 's' : ''}, up to ${Math.round(best * 100)}%` : `${Math.round(a.chance * 100)}%`}`,
            disabled: !g.some(fits),
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
          const main = effectsOf(a)[0];
          return { label: `${a.name} → ${a.target}`, detail: `${Math.round(a.chance * 100)}%${main ? ` · expected ${main.from}→${main.to} ${signed(main.amount * a.chance, 3)}` : ''}`, disabled: !fits(a) };
        })}
        height={listH}
        width={width}
        onMove={setCursor}
        onSelect={(k) => add(groups[group][k])}
        onCancel={() => (setGroup(undefined), setCursor(0))}
        onKey={(input, k) => onKey(input, groups[group][k])}
      />
    );
  return (
    <Box flexDirection="column">
      <Text bold color="cyan" wrap="truncate">
        {`${state.actors[i].name} (${actor}) · human ${seat} · ${available.toFixed(1)} pts available, ${spent.toFixed(1)} planned, ${left.toFixed(1)} left`}
      </Text>
      <Text wrap="truncate">
        {'plan: '}
        {plan.length ? plan.map((p) => `${p.action}${p.target ? ` → ${p.target}` : ''}${p.framing ? ` (${p.framing})` : ''} ${p.cost.toFixed(1)}`).join(' · ') : <Text color="gray">nothing yet (c with an empty plan passes)</Text>}
      </Text>
      {list}
      {legal.length === 0 ? <Confirm onConfirm={() => onConfirm([])} onBack={onBack} /> : null}
      {sel ? (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate" color="gray">
            {`${sel.name}${sel.target && group !== undefined ? ` → ${sel.target}` : ''}: ${Math.round(sel.chance * 100)}% to succeed${sel.framings.length > 1 ? ` · ${framingOf(sel)} framing (f changes it; partnership costs more and works better with autonomy-minded partners)` : ''}`}
          </Text>
          <Text wrap="truncate" color="gray">
            {`if it succeeds: ${sel.onSuccess.map(effectText).join(', ') || 'no direct effect'}`}
          </Text>
        </Box>
      ) : null}
      <Text color="gray" wrap="truncate">
        {group === undefined ? '↑↓ choose · enter pick · f framing · x remove last · c confirm the plan · esc board' : '↑↓ target · enter add to plan · f framing · esc back to actions'}
      </Text>
    </Box>
  );
}

/** Keys for a turn with nothing to choose: c or Enter passes. */
function Confirm({ onConfirm, onBack }: { onConfirm(): void; onBack(): void }) {
  useInput((input, key) => {
    if (input === 'c' || key.return) onConfirm();
    else if (key.escape) onBack();
  });
  return null;
}
