/**
 * Compiling a validated scenario file against the default world: the actor set (subset, overrides,
 * additions), groups, alignment, model parameters, ladders, and every expression parsed and
 * type-checked with its file position. All problems are collected; nothing runs unless there are
 * none.
 */
import {
  PASSIVE,
  type ActionDef,
  type ActionDefData,
  type ActorState,
  type CrisisDef,
  type EffectDef,
  type EventDef,
  type FollowUpDef,
  type GroupState,
  type ModelParams,
  type OptionDef,
  type PolicyParams,
  type ScenarioRules,
  type Timing,
  type WorldSpec,
} from '../engine';
import type { ActionData, ActionSpec } from './action-schema';
import type { Expr } from '../engine/expr';
import { parseExpr, suggest, type ExprScope } from './expr-parse';
import { ACTOR_RANGES, DOCTRINE_RANGES, PARAM_RANGES } from './param-ranges';
import { pathString, type LoadIssue, type Loaded } from './issues';
import type { EffectSpec, ScenarioSpec } from './scenario-schema';
import type { ProvenanceEntry, World } from './world';
import { offsetPosition, positionOf, type ParsedFile } from './yaml-file';

type Path = (string | number)[];

/** A compiled scenario: what the engine needs, and what the CLI shows. */
export interface CompiledScenario {
  spec(seed: string): WorldSpec;
  actors: ActorState[];
  rules: ScenarioRules;
  provenance: ProvenanceEntry[];
  /** Things that are valid but probably not meant: an event that can never fire, an unset flag. */
  warnings: LoadIssue[];
}

type NumLike = number | { value: number; source: string; fact: string; rationale?: string };
const numOf = (x: NumLike) => (typeof x === 'number' ? x : x.value);

/** Compile a scenario; issues carry file positions. */
export function compileScenario(sc: ScenarioSpec, parsed: ParsedFile, world: World): Loaded<CompiledScenario> {
  const issues: LoadIssue[] = [];
  const provenance: ProvenanceEntry[] = [];
  const at = (p: Path, code: string, message: string, offset?: number) => {
    const pos = offset === undefined ? positionOf(parsed, p) : offsetPosition(parsed, p, offset);
    issues.push({ code, file: parsed.file, line: pos?.line, column: pos?.column, path: pathString(p), message });
  };
  const cite = (p: Path, x: NumLike, actors: string[]) => {
    if (typeof x !== 'number')
      provenance.push({
        file: parsed.file,
        path: pathString(p),
        actors,
        value: x.value,
        source: x.source,
        fact: x.fact,
        rationale: x.rationale,
      });
  };
  const sourceIds = new Set(world.sources.map((s) => s.id));
  const checkSource = (p: Path, x: NumLike) => {
    if (typeof x !== 'number' && !sourceIds.has(x.source))
      at([...p, 'source'], 'scenario/unknown_source', `unknown source "${x.source}" (not in data/sources.yaml)`);
  };
  const inRange = (p: Path, x: NumLike, [lo, hi]: [number, number]) => {
    checkSource(p, x);
    const v = numOf(x);
    if (v < lo || v > hi)
      at(
        typeof x === 'number' ? p : [...p, 'value'],
        'scenario/out_of_range',
        `expected a number between ${lo} and ${hi}, found ${v}`,
      );
  };

  // Actors: the default set, a subset, overrides, additions.
  const worldIds = world.actors.map((a) => a.id);
  const known = new Set(worldIds);
  const a = sc.actors ?? {};
  (a.include ?? []).forEach(
    (id, k) => !known.has(id) && at(['actors', 'include', k], 'scenario/unknown_actor', `unknown actor "${id}"`),
  );
  (a.exclude ?? []).forEach(
    (id, k) => !known.has(id) && at(['actors', 'exclude', k], 'scenario/unknown_actor', `unknown actor "${id}"`),
  );
  const include = new Set(a.include ?? worldIds);
  for (const id of a.exclude ?? []) include.delete(id);
  const baseIdx = worldIds.map((id, i) => [id, i] as const).filter(([id]) => include.has(id));
  const actors: ActorState[] = baseIdx.map(([, i]) => structuredClone(world.actors[i]));
  for (const [id, o] of Object.entries(a.override ?? {})) {
    const p: Path = ['actors', 'override', id];
    const target = actors.find((x) => x.id === id);
    if (!target) {
      at(p, 'scenario/unknown_actor', `unknown actor "${id}"${known.has(id) ? ' (excluded from this scenario)' : ''}`);
      continue;
    }
    if (o.name) target.name = o.name;
    for (const group of ['capabilities', 'growth', 'posture'] as const)
      for (const [k, v] of Object.entries(o[group] ?? {})) {
        if (v === undefined) continue;
        inRange([...p, group, k], v, ACTOR_RANGES[`${group}.${k}`]);
        cite([...p, group, k], v, [id]);
        (target[group] as Record<string, number>)[k] = numOf(v);
      }
  }
  const additions = a.add ?? [];
  additions.forEach((x, k) => {
    const p: Path = ['actors', 'add', k];
    if (known.has(x.id) || actors.some((y) => y.id === x.id))
      at([...p, 'id'], 'scenario/duplicate_actor', `actor "${x.id}" already exists`);
    for (const group of ['capabilities', 'growth', 'posture'] as const)
      for (const [key, v] of Object.entries(x[group] ?? {})) {
        inRange([...p, group, key], v as NumLike, ACTOR_RANGES[`${group}.${key}`]);
        cite([...p, group, key], v as NumLike, [x.id]);
      }
    actors.push({
      id: x.id,
      name: x.name,
      region: x.region,
      capabilities: {
        military: numOf(x.capabilities.military),
        economic: numOf(x.capabilities.economic),
        maritime: numOf(x.capabilities.maritime),
        diplomatic: numOf(x.capabilities.diplomatic),
      },
      growth: { economic: x.growth ? numOf(x.growth.economic) : 0, military: x.growth ? numOf(x.growth.military) : 0 },
      posture: {
        balancing: numOf(x.posture.balancing),
        bandwagoning: numOf(x.posture.bandwagoning),
        stubbornness: numOf(x.posture.stubbornness),
        autonomy: numOf(x.posture.autonomy),
      },
    });
  });
  if (actors.length < 2) at(['actors'], 'scenario/too_few_actors', 'a scenario needs at least two actors');
  const ids = actors.map((x) => x.id);
  const idx = new Map(ids.map((id, i) => [id, i]));
  const present = (id: string) => idx.has(id);

  // Alignment: the world's, restricted; additions' rows; then the scenario's cells.
  const n = actors.length;
  const A = new Array<number>(n * n).fill(0);
  const P = new Array<number>(n * n).fill(0);
  const wn = world.actors.length;
  const widx = new Map(worldIds.map((id, i) => [id, i]));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const wi = widx.get(ids[i]);
      const wj = widx.get(ids[j]);
      A[i * n + j] = i === j ? 1 : wi !== undefined && wj !== undefined ? world.alignment[wi * wn + wj] : 0;
      P[i * n + j] =
        wi !== undefined && wj !== undefined ? world.proximity[wi * wn + wj] : world.proximityOf(actors[i], actors[j]);
    }
  const setCell = (p: Path, from: string, to: string, v: NumLike) => {
    if (!present(from)) return at(p, 'scenario/unknown_actor', `unknown actor "${from}"`);
    if (!present(to)) return at(p, 'scenario/unknown_actor', `unknown actor "${to}"`);
    if (from === to) return at(p, 'scenario/self_alignment', 'an actor always stands at 1 toward itself');
    inRange(p, v, [-1, 1]);
    cite(p, v, [from, to]);
    A[idx.get(from)! * n + idx.get(to)!] = numOf(v);
  };
  additions.forEach((x, k) => {
    for (const [to, v] of Object.entries(x.alignment?.toward ?? {}))
      setCell(['actors', 'add', k, 'alignment', 'toward', to], x.id, to, v);
    for (const [from, v] of Object.entries(x.alignment?.from ?? {}))
      setCell(['actors', 'add', k, 'alignment', 'from', from], from, x.id, v);
  });
  (sc.alignment ?? []).forEach((c, k) => {
    setCell(['alignment', k], c.from, c.to, c.value);
    if (c.mutual) setCell(['alignment', k], c.to, c.from, c.value);
  });

  // Groups: the world's (members present), then the scenario's, which add or replace by id.
  const groups: GroupState[] = world.groups
    .map((g) => ({ ...g, members: g.members.filter(present) }))
    .filter((g) => g.members.length > 0);
  (sc.groups ?? []).forEach((g, k) => {
    g.members.forEach(
      (m, mi) => !present(m) && at(['groups', k, 'members', mi], 'scenario/unknown_actor', `unknown actor "${m}"`),
    );
    if (present(g.id)) at(['groups', k, 'id'], 'scenario/duplicate_group', `"${g.id}" is an actor id`);
    const i = groups.findIndex((x) => x.id === g.id);
    const next = { id: g.id, name: g.name, members: g.members.filter(present) };
    if (i >= 0) groups[i] = next;
    else groups.push(next);
  });

  // Model parameters.
  const params: ModelParams = structuredClone(world.params);
  const m = sc.model ?? {};
  for (const [section, values] of Object.entries(m) as [string, Record<string, NumLike | boolean | undefined>][])
    for (const [k, v] of Object.entries(values ?? {})) {
      if (v === undefined) continue;
      const p: Path = ['model', section, k];
      const target = (params as unknown as Record<string, Record<string, number | boolean>>)[section];
      if (typeof v === 'boolean') {
        target[k] = v;
        continue;
      }
      inRange(p, v, PARAM_RANGES[`${section}.${k}`]);
      cite(p, v, []);
      target[k] = numOf(v);
    }
  if (params.weights.arms * params.arms.fatigue >= 1)
    at(
      ['model', 'arms', 'fatigue'],
      'scenario/unstable',
      'weights.arms x arms.fatigue must be below 1 per year for a stable step',
    );

  // Ladders.
  const ladderIds = new Set(['global']);
  const dyads = (sc.ladders?.dyads ?? []).map((d, k) => {
    const p: Path = ['ladders', 'dyads', k];
    for (const side of ['a', 'b'] as const)
      if (!present(d[side])) at([...p, side], 'scenario/unknown_actor', `unknown actor "${d[side]}"`);
    if (ladderIds.has(d.id)) at([...p, 'id'], 'scenario/duplicate_id', `ladder id "${d.id}" is used twice`);
    ladderIds.add(d.id);
    inRange([...p, 'level'], d.level, [0, params.ladder.max]);
    cite([...p, 'level'], d.level, [d.a, d.b]);
    return { id: d.id, a: d.a, b: d.b, level: d.level.value };
  });
  if (sc.ladders) {
    inRange(['ladders', 'global'], sc.ladders.global, [0, params.ladder.max]);
    cite(['ladders', 'global'], sc.ladders.global, []);
  }

  // Scenario parameters (levers).
  const scenarioParams: Record<string, number> = {};
  for (const [id, x] of Object.entries(sc.params ?? {})) {
    const p: Path = ['params', id];
    if (!sourceIds.has(x.source))
      at([...p, 'source'], 'scenario/unknown_source', `unknown source "${x.source}" (not in data/sources.yaml)`);
    if (x.min > x.max) at([...p, 'max'], 'scenario/out_of_range', `max (${x.max}) is below min (${x.min})`);
    else if (x.value < x.min || x.value > x.max)
      at([...p, 'value'], 'scenario/out_of_range', `expected a number between ${x.min} and ${x.max}, found ${x.value}`);
    provenance.push({
      file: parsed.file,
      path: pathString(p),
      actors: [],
      value: x.value,
      source: x.source,
      fact: x.fact,
      rationale: x.rationale,
    });
    scenarioParams[id] = x.value;
  }

  // Humans.
  (sc.poles ?? []).forEach((h, k) => !present(h) && at(['poles', k], 'scenario/unknown_actor', `unknown actor "${h}"`));
  // The tilt axis: the scenario's poles, else the world's while both are in the scenario, else none.
  const poles: [string, string] | undefined =
    sc.poles ?? (world.poles.every((id) => present(id)) ? world.poles : undefined);
  (sc.humans ?? []).forEach(
    (h, k) => !present(h) && at(['humans', k], 'scenario/unknown_actor', `unknown actor "${h}"`),
  );

  // Expressions, events, metrics, end conditions.
  const eventIds = new Set<string>();
  (sc.events ?? []).forEach((e, k) => {
    if (eventIds.has(e.id)) at(['events', k, 'id'], 'scenario/duplicate_id', `event id "${e.id}" is used twice`);
    eventIds.add(e.id);
  });
  const crisisLadders = new Set((sc.ladders?.dyads ?? []).filter((d) => d.crisis).map((d) => d.id));
  const baseScope: ExprScope = {
    actors: new Set(ids),
    groups: new Set(groups.map((g) => g.id)),
    ladders: ladderIds,
    events: eventIds,
    params: new Set(Object.keys(scenarioParams)),
    crises: crisisLadders,
  };
  const expr = (p: Path, src: string | number | boolean, scope: ExprScope, expect: 'number' | 'boolean'): Expr => {
    const r = parseExpr(src, scope, expect);
    if (r.ok) return r.expr;
    at(p, 'scenario/expression', r.error.message, r.error.offset);
    return expect === 'number' ? { k: 'num', v: 0 } : { k: 'bool', v: false };
  };
  const groupIds = new Set(groups.map((g) => g.id));
  const targeted = targetedEvents(sc.events ?? []);
  const events: EventDef[] = (sc.events ?? []).map((e, k) => {
    const p: Path = ['events', k];
    if (e.source && !sourceIds.has(e.source))
      at([...p, 'source'], 'scenario/unknown_source', `unknown source "${e.source}" (not in data/sources.yaml)`);
    let targets: string[] | undefined;
    if (e.targets !== undefined) {
      const members = (id: string) => (groupIds.has(id) ? groups.find((g) => g.id === id)!.members : [id]);
      const list = [...new Set((typeof e.targets === 'string' ? [e.targets] : e.targets).flatMap(members))];
      list.forEach(
        (id) => !present(id) && at([...p, 'targets'], 'scenario/unknown_actor', `unknown actor or group "${id}"`),
      );
      targets = list.filter(present);
    }
    if (e.actor && e.actor !== 'target' && e.actor !== 'actor' && !present(e.actor))
      at([...p, 'actor'], 'scenario/unknown_actor', `unknown actor "${e.actor}"`);
    const hasTarget = targeted.has(e.id);
    if (e.actor === 'target' && !hasTarget)
      at(
        [...p, 'actor'],
        'scenario/no_target',
        '"target" needs the event to have targets (or to be a follow-up of events that do)',
      );
    if (e.actor === 'actor') at([...p, 'actor'], 'scenario/bad_actor', 'an event\'s actor cannot be "actor"');
    const scope: ExprScope = { ...baseScope, target: hasTarget, actor: hasTarget || e.actor !== undefined };
    const ref = (rp: Path, r: string) => {
      if (r === 'target' && !scope.target)
        at(rp, 'scenario/no_target', '"target" is only defined in events with targets (or follow-ups of them)');
      else if (r === 'actor' && !scope.actor)
        at(rp, 'scenario/no_actor', '"actor" is only defined in events with an actor or targets');
      else if (r !== 'target' && r !== 'actor' && !present(r)) at(rp, 'scenario/unknown_actor', `unknown actor "${r}"`);
    };
    const effects = (ep: Path, list: EffectSpec[] | undefined): EffectDef[] =>
      (list ?? []).map((x, i) => compileEffect([...ep, i], x, scope, ref, expr, ladderIds, at));
    const followUps = (fp: Path, list: { event: string; delay?: number }[] | undefined): FollowUpDef[] =>
      (list ?? []).map((f, i) => {
        if (!eventIds.has(f.event)) at([...fp, i, 'event'], 'scenario/unknown_event', `unknown event "${f.event}"`);
        return { event: f.event, delay: f.delay ?? 1 };
      });
    const optionIds = new Set<string>();
    const options: OptionDef[] = (e.options ?? []).map((o, i) => {
      const op: Path = [...p, 'options', i];
      if (optionIds.has(o.id))
        at([...op, 'id'], 'scenario/duplicate_id', `option id "${o.id}" is used twice in this event`);
      optionIds.add(o.id);
      return {
        id: o.id,
        text: o.text,
        weight: expr([...op, 'weight'], o.weight ?? 1, scope, 'number'),
        modifiers: (o.modifiers ?? []).map((md, j) => ({
          when: expr([...op, 'modifiers', j, 'when'], md.when, scope, 'boolean'),
          factor: md.factor,
        })),
        effects: effects([...op, 'effects'], o.effects),
        followUps: followUps([...op, 'followUps'], o.followUps),
      };
    });
    const timing: Timing =
      e.turn !== undefined
        ? { kind: 'turn', turn: e.turn }
        : e.chance !== undefined
          ? { kind: 'chance', p: e.chance }
          : e.mtth !== undefined
            ? { kind: 'mtth', n: e.mtth }
            : e.trigger !== undefined
              ? { kind: 'trigger' }
              : { kind: 'followup' };
    return {
      id: e.id,
      title: e.title,
      text: e.text,
      actor: e.actor,
      targets,
      trigger: e.trigger === undefined ? undefined : expr([...p, 'trigger'], e.trigger, scope, 'boolean'),
      timing,
      once: e.once ?? false,
      effects: effects([...p, 'effects'], e.effects),
      options,
      followUps: followUps([...p, 'followUps'], e.followUps),
    };
  });
  // Follow-ups with delay 0 must not form a cycle: it would repeat forever within one turn.
  const cycle = zeroDelayCycle(events);
  if (cycle)
    at(
      ['events', events.findIndex((e) => e.id === cycle[0])],
      'scenario/follow_up_cycle',
      `follow-ups with delay 0 form a cycle: ${cycle.join(' -> ')}`,
    );

  const metricIds = new Set<string>();
  const metrics = (sc.metrics ?? []).map((mt, k) => {
    if (metricIds.has(mt.id)) at(['metrics', k, 'id'], 'scenario/duplicate_id', `metric id "${mt.id}" is used twice`);
    metricIds.add(mt.id);
    return { id: mt.id, label: mt.label, expr: expr(['metrics', k, 'expr'], mt.expr, baseScope, 'number') };
  });
  const end = (sc.end ?? []).map((x, k) => ({
    id: x.id,
    when: expr(['end', k, 'when'], x.when, baseScope, 'boolean'),
    outcome: x.outcome,
  }));

  const crises = compileCrises(sc, params, {
    present,
    inRange,
    cite,
    at,
    expr,
    scope: { ...baseScope, inCrisis: true },
  });
  const actions = compileActions(sc, world, {
    ids,
    worldIds,
    groups,
    ladderIds,
    eventIds,
    present,
    inRange,
    cite,
    at,
    issues,
    params: baseScope.params!,
    crises: crisisLadders,
  });
  const policies = compilePolicies(sc, world, ids, { inRange, cite, at });
  if (issues.length) return { ok: false, issues };

  const warnings: LoadIssue[] = [];
  const warn = (p: Path, message: string) => {
    const pos = positionOf(parsed, p);
    warnings.push({
      code: 'scenario/warning',
      file: parsed.file,
      line: pos?.line,
      column: pos?.column,
      path: pathString(p),
      message,
    });
  };
  (sc.events ?? []).forEach((e, k) => {
    if (e.turn !== undefined && e.turn > sc.turns)
      warn(['events', k, 'turn'], `fires on turn ${e.turn}, but the scenario has ${sc.turns} turns`);
  });
  const set = { flag: new Set<string>(), counter: new Set<string>() };
  for (const e of events)
    for (const x of [...e.effects, ...e.options.flatMap((o) => o.effects)])
      if (x.kind === 'flag' || x.kind === 'counter') set[x.kind].add(x.name);
  const exprs: [Path, Expr][] = [];
  events.forEach((e, k) => {
    if (e.trigger) exprs.push([['events', k, 'trigger'], e.trigger]);
    e.options.forEach((o, j) => {
      exprs.push([['events', k, 'options', j, 'weight'], o.weight]);
      o.modifiers.forEach((m2, i) => exprs.push([['events', k, 'options', j, 'modifiers', i, 'when'], m2.when]));
    });
  });
  metrics.forEach((mt, k) => exprs.push([['metrics', k, 'expr'], mt.expr]));
  end.forEach((x, k) => exprs.push([['end', k, 'when'], x.when]));
  const axisText = poles
    ? ''
    : `tilt() needs the poles ${world.poles.join(' and ')} in the scenario, or poles: [A, B] naming two of its actors; without them it is always 0`;
  for (const [p, e] of exprs)
    walkExpr(e, (node) => {
      if (node.k !== 'call') return;
      if (
        (node.fn === 'flag' || node.fn === 'counter') &&
        node.args[0].k === 'str' &&
        !set[node.fn].has(node.args[0].v)
      )
        warn(
          p,
          `${node.fn} "${node.args[0].v}" is read here but no effect in this scenario sets it${suggest(node.args[0].v, [...set[node.fn]])}`,
        );
      if (node.fn === 'tilt' && !poles) warn(p, axisText);
    });

  ids.forEach((id, i) => {
    if (policies[i].doctrine === PASSIVE.doctrine && !Object.hasOwn(world.doctrineOf, id))
      warn(['actors'], `${id} has no doctrine and will take no actions; give it one under policies.${id}.doctrine`);
  });
  const rules: ScenarioRules = {
    params: scenarioParams,
    crises,
    events,
    actions,
    metrics,
    end,
    humans: sc.humans ?? [],
    ...(poles ? { poles: [...poles] as [string, string] } : {}),
  };
  return {
    ok: true,
    value: {
      actors,
      rules,
      provenance,
      warnings,
      spec: (seed) => ({
        scenario: sc.id,
        seed,
        startDate: sc.startDate,
        turnMonths: sc.turnMonths,
        turns: sc.turns,
        actors,
        groups,
        alignment: A,
        proximity: P,
        params,
        ladders: { global: sc.ladders?.global.value ?? 0, dyads },
        rules,
        policies,
      }),
    },
  };
}

function compileEffect(
  p: Path,
  x: EffectSpec,
  scope: ExprScope,
  ref: (p: Path, r: string) => void,
  expr: (p: Path, src: string | number | boolean, scope: ExprScope, expect: 'number' | 'boolean') => Expr,
  ladders: ReadonlySet<string>,
  at: (p: Path, code: string, message: string) => void,
): EffectDef {
  if ('alignment' in x) {
    const e = x.alignment;
    ref([...p, 'alignment', 'from'], e.from);
    ref([...p, 'alignment', 'to'], e.to);
    if (e.from === e.to)
      at([...p, 'alignment'], 'scenario/self_alignment', 'an alignment effect needs two different actors');
    return {
      kind: 'alignment',
      from: e.from,
      to: e.to,
      amount: expr([...p, 'alignment', 'amount'], e.amount, scope, 'number'),
      framing: e.framing,
      mutual: e.mutual,
    };
  }
  if ('capability' in x) {
    ref([...p, 'capability', 'actor'], x.capability.actor);
    return {
      kind: 'capability',
      actor: x.capability.actor,
      capability: x.capability.kind,
      amount: expr([...p, 'capability', 'amount'], x.capability.amount, scope, 'number'),
    };
  }
  if ('tension' in x) {
    if (x.tension.ladder === 'dyad') {
      if (!scope.actor || !scope.target)
        at(
          [...p, 'tension', 'ladder'],
          'scenario/no_target',
          'ladder "dyad" (the ladder between actor and target) needs both an actor and a target',
        );
    } else if (x.tension.ladder !== undefined && !ladders.has(x.tension.ladder))
      at(
        [...p, 'tension', 'ladder'],
        'scenario/unknown_ladder',
        `unknown ladder "${x.tension.ladder}"${suggest(x.tension.ladder, [...ladders, 'dyad'])}`,
      );
    return {
      kind: 'tension',
      ladder: x.tension.ladder === 'global' ? undefined : x.tension.ladder,
      amount: expr([...p, 'tension', 'amount'], x.tension.amount, scope, 'number'),
    };
  }
  if ('flag' in x) return { kind: 'flag', name: x.flag.name, value: x.flag.value ?? true };
  if ('concede' in x) {
    ref([...p, 'concede', 'actor'], x.concede.actor);
    if (x.concede.ladder === 'dyad') {
      if (!scope.actor || !scope.target)
        at(
          [...p, 'concede', 'ladder'],
          'scenario/no_target',
          'ladder "dyad" (the crisis between actor and target) needs both an actor and a target',
        );
    } else if (!scope.crises?.has(x.concede.ladder))
      at(
        [...p, 'concede', 'ladder'],
        'scenario/unknown_ladder',
        `no crisis on ladder "${x.concede.ladder}"${suggest(x.concede.ladder, [...(scope.crises ?? [])])} (a crisis is a dyad ladder with a crisis: block)`,
      );
    return { kind: 'concede', ladder: x.concede.ladder, actor: x.concede.actor };
  }
  return {
    kind: 'counter',
    name: x.counter.name,
    amount: expr([...p, 'counter', 'amount'], x.counter.amount, scope, 'number'),
  };
}

/** Ranges of a crisis's per-side values (docs/SCENARIOS.md, "Crises"). */
const CRISIS_RANGES: Record<string, [number, number]> = {
  stake: [0, 10],
  warCost: [0, 10],
  audience: [0, 2],
  reach: [0, 1],
  defence: [0, 100],
};

interface CrisisEnv {
  present: (id: string) => boolean;
  inRange: (p: Path, x: NumLike, range: [number, number]) => void;
  cite: (p: Path, x: NumLike, actors: string[]) => void;
  at: (p: Path, code: string, message: string) => void;
  expr: (p: Path, src: string | number | boolean, scope: ExprScope, expect: 'number' | 'boolean') => Expr;
  /** The scope of a crisis's own expressions (no resolve or prevail: they are computed from it). */
  scope: ExprScope;
}

/** The crises of a scenario's dyad ladders, checked: both sides valued, supporters known and distinct. */
function compileCrises(sc: ScenarioSpec, params: ModelParams, env: CrisisEnv): CrisisDef[] {
  const out: CrisisDef[] = [];
  (sc.ladders?.dyads ?? []).forEach((d, k) => {
    const x = d.crisis;
    if (!x) return;
    const p: Path = ['ladders', 'dyads', k, 'crisis'];
    const sides = [d.a, d.b];
    const value = (
      field: 'stake' | 'warCost' | 'audience' | 'reach' | 'defence',
      actor: string,
      fallback?: number,
    ): number => {
      const table = x[field];
      const v = table && Object.hasOwn(table, actor) ? table[actor] : undefined;
      if (v === undefined) {
        if (fallback === undefined)
          env.at(
            [...p, field],
            'scenario/missing',
            `missing: ${field} for ${actor} (give one for each of ${d.a} and ${d.b})`,
          );
        return fallback ?? 0;
      }
      env.inRange([...p, field, actor], v, CRISIS_RANGES[field]);
      env.cite([...p, field, actor], v, [actor]);
      return numOf(v);
    };
    for (const field of ['stake', 'warCost', 'audience', 'reach', 'defence'] as const)
      for (const actor of Object.keys(x[field] ?? {}))
        if (!sides.includes(actor))
          env.at(
            [...p, field, actor],
            'scenario/unknown_actor',
            `${actor} is not a side of this crisis (${d.a} and ${d.b} are); third parties are supporters`,
          );
    const side = (s: number) => ({
      actor: sides[s],
      stake: value('stake', sides[s]),
      warCost: value('warCost', sides[s]),
      audience: value('audience', sides[s]),
      reach: value('reach', sides[s], 1),
      defence: value('defence', sides[s], 1),
    });
    const seen = new Set<string>();
    const supporters = (x.supporters ?? []).map((s, j) => {
      const sp: Path = [...p, 'supporters', j];
      if (!env.present(s.actor)) env.at([...sp, 'actor'], 'scenario/unknown_actor', `unknown actor "${s.actor}"`);
      if (sides.includes(s.actor))
        env.at([...sp, 'actor'], 'scenario/bad_actor', `${s.actor} is a side of this crisis, not a supporter`);
      if (seen.has(s.actor)) env.at([...sp, 'actor'], 'scenario/duplicate_actor', `${s.actor} is listed twice`);
      seen.add(s.actor);
      if (!sides.includes(s.side))
        env.at([...sp, 'side'], 'scenario/bad_actor', `side must be ${d.a} or ${d.b}, the crisis's two sides`);
      env.inRange([...sp, 'reach'], s.reach, [0, 1]);
      env.cite([...sp, 'reach'], s.reach, [s.actor]);
      if ((s.stake === undefined) !== (s.warCost === undefined))
        env.at(sp, 'scenario/missing', 'give a supporter both a stake and a warCost, or neither');
      for (const field of ['stake', 'warCost'] as const) {
        const v = s[field];
        if (v === undefined) continue;
        env.inRange([...sp, field], v, CRISIS_RANGES[field]);
        env.cite([...sp, field], v, [s.actor]);
      }
      return {
        actor: s.actor,
        side: (s.side === d.b ? 1 : 0) as 0 | 1,
        reach: numOf(s.reach),
        ...(s.access !== undefined ? { access: env.expr([...sp, 'access'], s.access, env.scope, 'number') } : {}),
        ...(s.commitment !== undefined
          ? { commitment: env.expr([...sp, 'commitment'], s.commitment, env.scope, 'number') }
          : {}),
        ...(s.stake !== undefined && s.warCost !== undefined
          ? { stake: numOf(s.stake), warCost: numOf(s.warCost) }
          : {}),
      };
    });
    let warRung = params.crisis.warRung;
    if (x.warRung !== undefined) {
      env.inRange([...p, 'warRung'], x.warRung, [1, params.ladder.max]);
      env.cite([...p, 'warRung'], x.warRung, sides);
      warRung = numOf(x.warRung);
    }
    let riskFrom = params.crisis.riskFrom;
    if (x.riskFrom !== undefined) {
      env.inRange([...p, 'riskFrom'], x.riskFrom, [0, params.ladder.max]);
      env.cite([...p, 'riskFrom'], x.riskFrom, sides);
      riskFrom = numOf(x.riskFrom);
    }
    if (warRung <= riskFrom)
      env.at(
        [...p, x.warRung !== undefined ? 'warRung' : 'riskFrom'],
        'scenario/out_of_range',
        `the war rung (${warRung}) must be above the rung from which the crisis can slip (${riskFrom})`,
      );
    if (x.defender !== undefined && !sides.includes(x.defender))
      env.at([...p, 'defender'], 'scenario/bad_actor', `the defender must be ${d.a} or ${d.b}, the crisis's two sides`);
    const defender = x.defender === d.a ? 0 : x.defender === d.b ? 1 : -1;
    out.push({ ladder: d.id, sides: [side(0), side(1)], defender, supporters, warRung, riskFrom });
  });
  return out;
}

/**
 * Events in which `target` is always bound: those with targets, and follow-up-only events (no
 * timing, no trigger) every one of whose schedulers is itself such an event (a fixpoint).
 */
function targetedEvents(events: ScenarioSpec['events'] & object): Set<string> {
  const schedulers = new Map<string, string[]>();
  for (const e of events)
    for (const f of [...(e.followUps ?? []), ...(e.options ?? []).flatMap((o) => o.followUps ?? [])])
      schedulers.set(f.event, [...(schedulers.get(f.event) ?? []), e.id]);
  const set = new Set(events.filter((e) => e.targets !== undefined).map((e) => e.id));
  const followUpOnly = events.filter(
    (e) =>
      e.targets === undefined &&
      e.turn === undefined &&
      e.chance === undefined &&
      e.mtth === undefined &&
      e.trigger === undefined,
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const e of followUpOnly) {
      const from = schedulers.get(e.id) ?? [];
      if (!set.has(e.id) && from.length > 0 && from.every((id) => set.has(id))) {
        set.add(e.id);
        changed = true;
      }
    }
  }
  return set;
}

/** A cycle of follow-ups with delay 0, if there is one (as a list of event ids). */
function zeroDelayCycle(events: EventDef[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of events)
    next.set(
      e.id,
      [...e.followUps, ...e.options.flatMap((o) => o.followUps)].filter((f) => f.delay === 0).map((f) => f.event),
    );
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    for (const f of next.get(id) ?? []) {
      const c = visit(f);
      if (c) return c;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const e of events) {
    const c = visit(e.id);
    if (c) return c;
  }
  return null;
}

/** Visit every node of an expression. */
function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  if (e.k === 'not' || e.k === 'neg') walkExpr(e.a, visit);
  else if (e.k === 'bin') (walkExpr(e.a, visit), walkExpr(e.b, visit));
  else if (e.k === 'agg') (walkExpr(e.group, visit), walkExpr(e.body, visit));
  else if (e.k === 'call') for (const a of e.args) walkExpr(a, visit);
}

type At = (p: Path, code: string, message: string, offset?: number) => void;

interface ActionEnv {
  ids: string[];
  worldIds: string[];
  groups: GroupState[];
  ladderIds: ReadonlySet<string>;
  eventIds: ReadonlySet<string>;
  present: (id: string) => boolean;
  inRange: (p: Path, x: NumLike, range: [number, number]) => void;
  cite: (p: Path, x: NumLike, actors: string[]) => void;
  at: At;
  issues: LoadIssue[];
  params: ReadonlySet<string>;
  crises: ReadonlySet<string>;
}

/**
 * The scenario's instruments of power: data/actions.yaml, minus `actions.remove`, with the fields
 * of `actions.override` replaced, plus `actions.add`. Errors point into the file each field came
 * from. Actors a world action names that the scenario leaves out are dropped from it (a scenario
 * without Japan has no OSA grants); in the scenario's own fields they are errors.
 */
function compileActions(sc: ScenarioSpec, world: World, env: ActionEnv): ActionDef[] {
  const { at } = env;
  const known = new Set(world.actions.map((a) => a.id));
  const remove = new Set(sc.actions?.remove ?? []);
  for (const key of ['remove', 'only'] as const)
    (sc.actions?.[key] ?? []).forEach((id, k) => {
      if (!known.has(id))
        at(['actions', key, k], 'scenario/unknown_action', `unknown action "${id}"${suggest(id, [...known])}`);
    });
  const only = sc.actions?.only;
  if (only) for (const id of known) if (!only.includes(id)) remove.add(id);
  const override = sc.actions?.override ?? {};
  for (const id of Object.keys(override)) {
    if (!known.has(id))
      at(['actions', 'override', id], 'scenario/unknown_action', `unknown action "${id}"${suggest(id, [...known])}`);
    else if (remove.has(id))
      at(['actions', 'override', id], 'scenario/removed_action', `action "${id}" is both removed and overridden`);
  }
  const worldAt = (p: Path, code: string, message: string, offset?: number) => {
    const pos = offset === undefined ? positionOf(world.actionsFile, p) : offsetPosition(world.actionsFile, p, offset);
    env.issues.push({
      code,
      file: world.actionsFile.file,
      line: pos?.line,
      column: pos?.column,
      path: pathString(p),
      message,
    });
  };
  const out: ActionDef[] = [];
  const seen = new Set<string>();
  world.actions.forEach((base, k) => {
    if (remove.has(base.id)) return;
    const o = Object.hasOwn(override, base.id) ? override[base.id] : {};
    const merged = { ...base, ...o } as ActionSpec;
    // Each field is reported where it was written: the scenario's override, or data/actions.yaml.
    const where = (field: string) =>
      Object.hasOwn(o, field)
        ? { path: ['actions', 'override', base.id, field] as Path, at, own: true }
        : { path: ['actions', k, field] as Path, at: worldAt as At, own: false };
    out.push(compileAction(merged, where, env));
    seen.add(base.id);
  });
  (sc.actions?.add ?? []).forEach((x, k) => {
    if (seen.has(x.id) || known.has(x.id))
      at(
        ['actions', 'add', k, 'id'],
        'scenario/duplicate_id',
        `action "${x.id}" already exists${known.has(x.id) ? ' in data/actions.yaml (use actions.override)' : ''}`,
      );
    seen.add(x.id);
    out.push(compileAction(x, (field) => ({ path: ['actions', 'add', k, field], at, own: true }), env));
  });
  return out;
}

function compileAction(
  a: ActionSpec | ActionData,
  where: (field: string) => { path: Path; at: At; own: boolean },
  env: ActionEnv,
): ActionDef {
  const { present } = env;
  const num = (field: 'cost' | 'chance' | 'cooldown', range: [number, number]) => {
    const w = where(field);
    const v = (a[field] ?? 0) as NumLike;
    if (w.own) {
      env.inRange(w.path, v, range);
      env.cite(w.path, v, []);
    }
    return numOf(v);
  };
  const keep = (field: string, sub: string, list: string[] | undefined, what: 'actor' | 'group' = 'actor') => {
    const w = where(field);
    return (list ?? []).filter((id, i) => {
      if (what === 'group' ? env.groups.some((g) => g.id === id) : present(id)) return true;
      if (w.own)
        w.at(
          [...w.path, sub, i],
          what === 'group' ? 'scenario/unknown_group' : 'scenario/unknown_actor',
          `unknown ${what} "${id}"`,
        );
      return false;
    });
  };
  const hasTarget = a.target !== undefined;
  const scope: ExprScope = {
    actors: new Set(env.ids),
    groups: new Set(env.groups.map((g) => g.id)),
    ladders: env.ladderIds,
    events: env.eventIds,
    params: env.params,
    crises: env.crises,
    actor: true,
    target: hasTarget,
  };
  // data/actions.yaml may name actors a scenario leaves out: they evaluate as absent (alignment 0).
  const worldScope: ExprScope = { ...scope, actors: new Set([...env.ids, ...env.worldIds]) };
  const expr = (
    w: { path: Path; at: At; own?: boolean },
    p: Path,
    src: string | number | boolean,
    expect: 'number' | 'boolean',
  ): Expr => {
    const r = parseExpr(src, w.own === false ? worldScope : scope, expect);
    if (r.ok) return r.expr;
    w.at([...w.path, ...p], 'scenario/expression', r.error.message, r.error.offset);
    return expect === 'number' ? { k: 'num', v: 0 } : { k: 'bool', v: false };
  };
  let users: string[] | undefined;
  if (a.by?.actors) users = keep('by', 'actors', a.by.actors);
  let target: ActionDefData['target'];
  if (a.target) {
    const listed = a.target.actors || a.target.groups;
    const actors = keep('target', 'actors', a.target.actors);
    const groupMembers = keep('target', 'groups', a.target.groups, 'group').flatMap(
      (g) => env.groups.find((x) => x.id === g)!.members,
    );
    target = { relation: a.target.relation ?? 'any' };
    if (listed) target.actors = [...new Set([...actors, ...groupMembers])];
  }
  const modifiers = (a.modifiers ?? []).map((m, i) => {
    const w = where('modifiers');
    return {
      when: expr(w, [i, 'when'], m.when, 'boolean'),
      add: m.add,
      note: typeof m.when === 'string' ? m.when : String(m.when),
    };
  });
  const requires = (a.requires ?? []).map((r, i) => ({
    when: expr(where('requires'), [i, 'when'], r.when, 'boolean'),
    why: r.why,
  }));
  const effects = (field: 'effects' | 'failure'): EffectDef[] => {
    const w = where(field);
    const dropped = new Set<number>();
    const list = ((a[field] ?? []) as EffectSpec[]).map((x, i) => {
      const ref = (rp: Path, r: string) => {
        if (r === 'target' && !hasTarget) w.at(rp, 'scenario/no_target', '"target" needs the action to have a target');
        else if (r !== 'target' && r !== 'actor' && !present(r)) {
          if (w.own) w.at(rp, 'scenario/unknown_actor', `unknown actor "${r}"`);
          else dropped.add(i);
        }
      };
      return compileEffect(
        [...w.path, i],
        x,
        scope,
        ref,
        (p, src, _scope, expect) => expr({ path: [], at: w.at, own: w.own }, p, src, expect),
        env.ladderIds,
        w.at,
      );
    });
    return list.filter((_, i) => !dropped.has(i));
  };
  return {
    id: a.id,
    name: a.name,
    instrument: a.instrument,
    users,
    minCapability: a.by?.min,
    target,
    cost: num('cost', [0, 100]),
    chance: num('chance', [0, 1]),
    cooldown: num('cooldown', [0, 120]),
    modifiers,
    requires,
    framings: a.framings ?? [],
    effects: effects('effects'),
    failure: effects('failure'),
  };
}

/** Each actor's doctrine: data/doctrines.yaml, with the scenario's `policies` on top. */
function compilePolicies(
  sc: ScenarioSpec,
  world: World,
  ids: string[],
  env: Pick<ActionEnv, 'inRange' | 'cite' | 'at'>,
): PolicyParams[] {
  const own = sc.policies ?? {};
  for (const [id, x] of Object.entries(own)) {
    if (!ids.includes(id))
      env.at(
        ['policies', id],
        'scenario/unknown_actor',
        `unknown actor "${id}"${Object.hasOwn(world.doctrineOf, id) ? ' (excluded from this scenario)' : ''}`,
      );
    if (x.doctrine !== undefined && !Object.hasOwn(world.doctrines, x.doctrine))
      env.at(
        ['policies', id, 'doctrine'],
        'scenario/unknown_doctrine',
        `unknown doctrine "${x.doctrine}"${suggest(x.doctrine, Object.keys(world.doctrines))}; the doctrines are ${Object.keys(world.doctrines).join(', ')}`,
      );
  }
  return ids.map((id) => {
    const x = Object.hasOwn(own, id) ? own[id] : {};
    const name =
      x.doctrine && Object.hasOwn(world.doctrines, x.doctrine)
        ? x.doctrine
        : Object.hasOwn(world.doctrineOf, id)
          ? world.doctrineOf[id]
          : undefined;
    const params: PolicyParams = { ...(name ? world.doctrines[name] : PASSIVE) };
    for (const key of [
      'security',
      'alignment',
      'autonomy',
      'economy',
      'risk',
      'accommodation',
      'temperature',
      'maxActions',
    ] as const) {
      const v = x[key];
      if (v === undefined) continue;
      const p: Path = ['policies', id, key];
      env.inRange(p, v, DOCTRINE_RANGES[key]);
      if (key === 'maxActions' && !Number.isInteger(numOf(v)))
        env.at(p, 'scenario/not_integer', 'maxActions must be a whole number');
      env.cite(p, v, [id]);
      params[key] = numOf(v);
    }
    return params;
  });
}
