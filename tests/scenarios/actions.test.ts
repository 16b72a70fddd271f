/**
 * Scenarios change the instruments of power (`actions:`) and actors' doctrines (`policies:`):
 * defaults from data/actions.yaml and data/doctrines.yaml, add / remove / override, errors with the
 * scenario file's line and column, subsets of actors, and the real CLI end to end.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { legalActions, step, type ActionDef, type EffectDef } from '../../src/engine';
import { started } from '../engine/world';
import { checkChoices, budgets } from '../../src/engine/actions';
import { formatIssue, type LoadIssue } from '../../src/scenarios/issues';
import { loadScenario } from '../../src/scenarios/registry';
import { cliMany, hasStack } from '../cli/spawn';
import { compileOrThrow, compileText, SMALL, world } from './compile-helper';

const FX = 'tests/fixtures/scenarios';
const dataFile = (name: string) =>
  parse(readFileSync(fileURLToPath(new URL(`../../data/${name}`, import.meta.url)), 'utf8'));

interface YamlAction {
  id: string;
  cost: { value: number };
  chance: { value: number };
  effects: YamlEffect[];
  failure?: YamlEffect[];
}
type YamlEffect = { alignment?: { from: string; to: string }; capability?: { actor: string } } & Record<
  string,
  unknown
>;
const ACTIONS: YamlAction[] = dataFile('actions.yaml').actions;
const DOCTRINES: {
  doctrines: { id: string; params: Record<string, { value: number }> }[];
  assignments: { actor: string; doctrine: string }[];
} = dataFile('doctrines.yaml');

/** The parameters of a doctrine, as data/doctrines.yaml writes them (every key the file has). */
function doctrineParams(id: string): Record<string, number | string> {
  const d = DOCTRINES.doctrines.find((x) => x.id === id);
  if (!d) throw new Error(`no doctrine ${id} in data/doctrines.yaml`);
  return { doctrine: id, ...Object.fromEntries(Object.entries(d.params).map(([k, v]) => [k, v.value])) };
}
const doctrineOf = (actor: string) => DOCTRINES.assignments.find((a) => a.actor === actor)!.doctrine;

/** 1-based line and column of the first `needle` after the first `anchor` (or after offset `anchor`). */
function posOf(text: string, needle: string, anchor: string | number = 0): { line: number; column: number } {
  const from = typeof anchor === 'number' ? anchor : text.indexOf(anchor);
  if (from < 0) throw new Error(`anchor ${anchor} not in text`);
  const k = text.indexOf(needle, from);
  if (k < 0) throw new Error(`needle ${needle} not in text`);
  const before = text.slice(0, k).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * An issue about a mapping key (an action id under `override`, an actor id under `policies`) is on
 * that key's line, at the key or at the start of its value.
 */
function expectAtKey(i: LoadIssue, text: string, key: string, anchor: string | number = 0) {
  const k = posOf(text, `${key}:`, anchor);
  expect(i.line, formatIssue(i)).toBe(k.line);
  const value = posOf(text, '{', text.indexOf(`${key}:`, typeof anchor === 'number' ? anchor : text.indexOf(anchor)));
  expect([k.column, value.column], formatIssue(i)).toContain(i.column);
}

/** The issues of a scenario that must fail to compile. */
function issuesOf(text: string): LoadIssue[] {
  const r = compileText(text);
  if (r.ok) throw new Error('expected the scenario to fail, but it compiled');
  return r.issues;
}

/** The one issue at `path`; fails with every issue listed if there is not exactly one. */
function issueAt(issues: LoadIssue[], path: string): LoadIssue {
  const found = issues.filter((i) => i.path === path);
  expect(found, issues.map(formatIssue).join('\n')).toHaveLength(1);
  return found[0];
}

/** An action a scenario adds, with plain numbers; `extra` lines go before `effects`. */
const added = (id: string, extra = '', effects = '[{ tension: { amount: 0.1 } }]') => `    - id: ${id}
      name: Added action
      instrument: military
      description: An action the scenario adds.
      cost: 1
      chance: 0.5
${extra}      effects: ${effects}
      basis: { source: doc-004, fact: "Japan trains the coast guards of friendly partners." }
`;

const ids = (defs: readonly ActionDef[]) => defs.map((d) => d.id);

describe('defaults: a scenario without actions: or policies:', () => {
  const sc = compileOrThrow(SMALL.replace(/^actors:.*$/m, ''));

  it('gets every action of data/actions.yaml, in file order, with its numbers', () => {
    expect(ids(sc.rules.actions)).toEqual(ACTIONS.map((a) => a.id));
    for (const a of ACTIONS) {
      const def = sc.rules.actions.find((d) => d.id === a.id)!;
      expect([def.cost, def.chance], a.id).toEqual([a.cost.value, a.chance.value]);
    }
  });

  it('gives each actor its doctrine of data/doctrines.yaml, in actor order', () => {
    const spec = sc.spec('1');
    expect(spec.policies).toHaveLength(spec.actors.length);
    expect(spec.actors.map((a) => a.id)).toEqual(world().actors.map((a) => a.id));
    spec.actors.forEach((a, i) => expect(spec.policies![i], a.id).toEqual(doctrineParams(doctrineOf(a.id))));
    const by = (id: string) => spec.policies![spec.actors.findIndex((a) => a.id === id)];
    expect(by('CHN').doctrine).toBe('revisionist');
    expect(by('JPN').doctrine).toBe('balancer');
    expect(by('CHN')).toEqual(doctrineParams('revisionist'));
    expect(by('JPN')).toEqual(doctrineParams('balancer'));
  });

  it('policies: change a doctrine and single parameters, and the engine uses them', () => {
    const c = compileOrThrow(
      `${SMALL}policies:\n  PHL: { doctrine: bandwagoner, maxActions: 0 }\n  CHN: { risk: 0.9 }\n`,
    );
    const spec = c.spec('1');
    const by = (id: string) => spec.policies![spec.actors.findIndex((a) => a.id === id)];
    expect(by('PHL')).toEqual({ ...doctrineParams('bandwagoner'), maxActions: 0 });
    expect(by('CHN')).toEqual({ ...doctrineParams('revisionist'), risk: 0.9 });
    expect(by('JPN')).toEqual(doctrineParams('balancer'));
    // The world's own doctrines are untouched.
    expect(world().doctrines.revisionist.risk).toBe(doctrineParams('revisionist').risk);
    const { rules, state: s } = started(spec);
    const decisions = step(rules, s).trace.decisions;
    const phl = decisions.find((d) => d.actor === 'PHL')!;
    expect(phl.doctrine).toBe('bandwagoner');
    expect(phl.actions).toEqual([]);
  });
});

describe('actions: remove, override, add', () => {
  it('remove: [strike] removes it and nothing else', () => {
    const sc = compileOrThrow(`${SMALL}actions:\n  remove: [strike]\n`);
    expect(ids(sc.rules.actions)).toEqual(ACTIONS.map((a) => a.id).filter((id) => id !== 'strike'));
  });

  it('override changes the cost and the allowed targets of osa_grant, keeping its other fields', () => {
    const head = SMALL.replace(/^actors:.*$/m, 'actors: { include: [USA, CHN, JPN, PHL, VNM, IDN, MYS] }');
    const base = compileOrThrow(head);
    const sc = compileOrThrow(`${head}actions:\n  override:\n    osa_grant: { cost: 1, target: { actors: [PHL] } }\n`);
    const yaml = ACTIONS.find((a) => a.id === 'osa_grant')!;
    const def = sc.rules.actions.find((d) => d.id === 'osa_grant')!;
    expect(yaml.cost.value).not.toBe(1);
    expect(def.cost).toBe(1);
    expect(def.target?.actors).toEqual(['PHL']);
    expect(def.chance).toBe(yaml.chance.value);
    expect(def.users).toEqual(['JPN']);
    expect(ids(sc.rules.actions)).toEqual(ids(base.rules.actions));
    // Before: Japan may grant to several partners; after: only to the Philippines, at the new cost.
    const osa = (w: ReturnType<typeof started>) =>
      legalActions(w.rules, w.state, 'JPN').filter((a) => a.action === 'osa_grant');
    const before = osa(started(base.spec('1')));
    expect(before.map((a) => a.target).length).toBeGreaterThan(1);
    expect(before.map((a) => a.target)).toContain('PHL');
    const after = osa(started(sc.spec('1')));
    expect(after.map((a) => [a.target, a.cost])).toEqual([['PHL', 1]]);
  });

  it('add: a new action with plain numbers is legal for its users and resolves in a turn', () => {
    const sc = compileOrThrow(`${SMALL}actions:
  add:
${added(
  'coast_guard_training',
  `      by: { actors: [JPN] }
      target: { relation: partner }
      cooldown: 3
      requires:
        - { when: "alignment(target, actor) > 0.2", why: "Only for friendly partners", source: doc-004, fact: "Japan trains the coast guards of friendly partners." }
`,
  '[{ capability: { actor: target, kind: maritime, amount: 0.5 } }, { counter: { name: trained, amount: 1 } }]',
)}`);
    const def = sc.rules.actions.find((d) => d.id === 'coast_guard_training')!;
    expect(ids(sc.rules.actions)).toEqual([...ACTIONS.map((a) => a.id), 'coast_guard_training']);
    expect([def.cost, def.chance, def.cooldown, def.users]).toEqual([1, 0.5, 3, ['JPN']]);
    const { rules, state: s } = started(sc.spec('1'));
    const legal = legalActions(rules, s, 'JPN').filter((a) => a.action === 'coast_guard_training');
    expect(legal.map((a) => a.target)).toContain('PHL');
    expect(legal.find((a) => a.target === 'PHL')).toMatchObject({ cost: 1, chance: 0.5, instrument: 'military' });
    // Only its users may take it; only friendly partners qualify.
    expect(legalActions(rules, s, 'CHN').some((a) => a.action === 'coast_guard_training')).toBe(false);
    expect(legal.some((a) => a.target === 'CHN')).toBe(false);
    const index = new Map(s.actors.map((a, k) => [a.id, k]));
    const cn = index.get('CHN')!;
    expect(
      checkChoices(rules, s, 'CHN', [{ action: 'coast_guard_training', target: 'PHL' }], budgets(s)[cn], index, 1),
    ).toEqual(['[0]: CHN cannot take coast_guard_training']);
    // Played by a human with a White-cell ruling: the effects land.
    const phl = index.get('PHL')!;
    const r = step(rules, s, {
      actions: { JPN: [{ action: 'coast_guard_training', target: 'PHL' }] },
      rulings: { 'JPN:coast_guard_training@PHL': true },
    });
    const taken = r.trace.decisions.find((d) => d.actor === 'JPN')!.actions;
    expect(taken.map((a) => [a.action, a.target, a.success])).toEqual([['coast_guard_training', 'PHL', true]]);
    expect(r.state.counters.trained).toBe(1);
    expect(r.state.actors[phl].capabilities.maritime).toBeGreaterThan(s.actors[phl].capabilities.maritime);
    // The cooldown then holds it back for the same target.
    expect(
      legalActions(rules, r.state, 'JPN').some((a) => a.action === 'coast_guard_training' && a.target === 'PHL'),
    ).toBe(false);
  });
});

describe('errors in actions: and policies: point at the scenario file', () => {
  it('removing an unknown action, with a did-you-mean for a near miss', () => {
    const text = `${SMALL}actions:\n  remove: [stike, nonsense]\n`;
    const issues = issuesOf(text);
    const near = issueAt(issues, 'actions.remove[0]');
    expect(near).toMatchObject({ file: 'test.yaml', code: 'scenario/unknown_action', ...posOf(text, 'stike') });
    expect(near.message).toBe('unknown action "stike" (did you mean strike?)');
    const far = issueAt(issues, 'actions.remove[1]');
    expect(far).toMatchObject(posOf(text, 'nonsense'));
    expect(far.message).toBe('unknown action "nonsense"');
  });

  it('overriding an unknown action', () => {
    const text = `${SMALL}actions:\n  override:\n    osa_grnt: { cost: 2 }\n`;
    const i = issueAt(issuesOf(text), 'actions.override.osa_grnt');
    expect(i.code).toBe('scenario/unknown_action');
    expectAtKey(i, text, 'osa_grnt');
    expect(i.message).toMatch(/unknown action "osa_grnt" \(did you mean osa_grant\?\)/);
  });

  it('removing and overriding the same action', () => {
    const text = `${SMALL}actions:\n  remove: [strike]\n  override:\n    strike: { cost: 2 }\n`;
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('actions.override.strike');
    expectAtKey(issues[0], text, 'strike');
    expect(issues[0].message).toMatch(/"strike" is both removed and overridden/);
  });

  it('adding an action whose id already exists (in data/actions.yaml, or twice in the scenario)', () => {
    const text = `${SMALL}actions:\n  add:\n${added('osa_grant')}${added('drill_two')}${added('drill_two')}`;
    const issues = issuesOf(text);
    const inData = issueAt(issues, 'actions.add[0].id');
    expect(inData).toMatchObject({ code: 'scenario/duplicate_id', ...posOf(text, 'osa_grant') });
    expect(inData.message).toMatch(
      /action "osa_grant" already exists in data\/actions\.yaml \(use actions\.override\)/,
    );
    const twice = issueAt(issues, 'actions.add[2].id');
    expect(twice).toMatchObject(posOf(text, 'drill_two', text.lastIndexOf('- id: drill_two')));
    expect(twice.message).toBe('action "drill_two" already exists');
    expect(issues.some((i) => i.path === 'actions.add[1].id')).toBe(false);
  });

  it("a bad expression in an added action's requires[].when, with the column inside the expression", () => {
    const req = `      target: { relation: partner }
      requires:
        - { when: "alignment(target, actor) > 0.2 and alignmnt(actor, XXX) > 0", why: "Only for friends", source: doc-004, fact: "Japan trains the coast guards of friendly partners." }
`;
    const text = `${SMALL}actions:\n  add:\n${added('coast_guard_training', req)}`;
    const i = issueAt(issuesOf(text), 'actions.add[0].requires[0].when');
    expect(i).toMatchObject({ code: 'scenario/expression', ...posOf(text, 'alignmnt(') });
    expect(i.message).toMatch(/unknown function "alignmnt" \(did you mean alignment\?\)/);
    // An unknown actor in an otherwise good expression points at the actor.
    const text2 = text.replace('alignmnt(actor, XXX)', 'alignment(actor, XXX)');
    const j = issueAt(issuesOf(text2), 'actions.add[0].requires[0].when');
    expect(j).toMatchObject(posOf(text2, 'XXX'));
    expect(j.message).toMatch(/unknown actor or group "XXX"/);
  });

  it('`target` in an effect (or failure) of an action without a target', () => {
    const text = `${SMALL}actions:\n  add:\n${added('drill_two', '      failure: [{ capability: { actor: target, kind: military, amount: -1 } }]\n', '[{ alignment: { from: actor, to: target, amount: 0.1 } }]')}`;
    const issues = issuesOf(text);
    const e = issueAt(issues, 'actions.add[0].effects[0].alignment.to');
    expect(e).toMatchObject({ code: 'scenario/no_target', ...posOf(text, 'target', 'to: ') });
    expect(e.message).toMatch(/"target" needs the action to have a target/);
    expect(issueAt(issues, 'actions.add[0].failure[0].capability.actor')).toMatchObject(
      posOf(text, 'target', 'failure: '),
    );
  });

  it('out-of-range cost, chance and cooldown, in an override and in an addition (plain or cited)', () => {
    const text = `${SMALL}actions:
  override:
    osa_grant: { cost: 101, chance: 1.5, cooldown: 121 }
  add:
${added('drill_two', '      cooldown: { value: 200, source: doc-004, fact: "Japan trains the coast guards of friendly partners." }\n').replace('cost: 1', 'cost: -1').replace('chance: 0.5', 'chance: 2')}`;
    const issues = issuesOf(text);
    const expectRange = (path: string, needle: string, anchor: string, range: string, found: string) => {
      const i = issueAt(issues, path);
      expect(i, path).toMatchObject({ code: 'scenario/out_of_range', ...posOf(text, needle, anchor) });
      expect(i.message, path).toBe(`expected a number between ${range}, found ${found}`);
    };
    expectRange('actions.override.osa_grant.cost', '101', 'osa_grant', '0 and 100', '101');
    expectRange('actions.override.osa_grant.chance', '1.5', 'osa_grant', '0 and 1', '1.5');
    expectRange('actions.override.osa_grant.cooldown', '121', 'osa_grant', '0 and 120', '121');
    expectRange('actions.add[0].cost', '-1', 'drill_two', '0 and 100', '-1');
    expectRange('actions.add[0].chance', '2', 'chance: 2', '0 and 1', '2');
    expectRange('actions.add[0].cooldown.value', '200', 'drill_two', '0 and 120', '200');
  });

  it('an unknown doctrine in policies: the message lists the doctrines', () => {
    const text = `${SMALL}policies:\n  CHN: { doctrine: revisionst }\n`;
    const i = issueAt(issuesOf(text), 'policies.CHN.doctrine');
    expect(i).toMatchObject({ code: 'scenario/unknown_doctrine', ...posOf(text, 'revisionst') });
    for (const d of DOCTRINES.doctrines) expect(i.message).toContain(d.id);
    expect(i.message).toMatch(
      /^unknown doctrine "revisionst" \(did you mean revisionist\?\); the doctrines are .*revisionist/,
    );
  });

  it('a policy parameter out of range, and a non-integer maxActions', () => {
    const text = `${SMALL}policies:\n  JPN: { risk: 2, temperature: -0.1, security: 6, maxActions: 2.5 }\n`;
    const issues = issuesOf(text);
    const risk = issueAt(issues, 'policies.JPN.risk');
    expect(risk).toMatchObject({ code: 'scenario/out_of_range', ...posOf(text, '2', 'risk: ') });
    expect(risk.message).toBe('expected a number between 0 and 1, found 2');
    expect(issueAt(issues, 'policies.JPN.temperature').message).toBe('expected a number between 0 and 1, found -0.1');
    expect(issueAt(issues, 'policies.JPN.security').message).toBe('expected a number between 0 and 5, found 6');
    const max = issueAt(issues, 'policies.JPN.maxActions');
    expect(max).toMatchObject({ code: 'scenario/not_integer', ...posOf(text, '2.5') });
    expect(max.message).toMatch(/maxActions must be a whole number/);
    // A whole number in range is fine, plain or cited.
    expect(
      compileText(
        `${SMALL}policies:\n  JPN: { maxActions: 2, risk: { value: 0.3, source: doc-001, fact: "Japan seeks deterrence without a spiral." } }\n`,
      ).ok,
    ).toBe(true);
  });

  it('policies for an unknown actor, or one the scenario leaves out', () => {
    const text = `${SMALL}policies:\n  XYZ: { risk: 0.5 }\n  VNM: { doctrine: hedger }\n`;
    const issues = issuesOf(text);
    const xyz = issueAt(issues, 'policies.XYZ');
    expect(xyz.code).toBe('scenario/unknown_actor');
    expectAtKey(xyz, text, 'XYZ');
    expect(xyz.message).toMatch(/unknown actor "XYZ"/);
    const vnm = issueAt(issues, 'policies.VNM');
    expect(vnm.code).toBe('scenario/unknown_actor');
    expectAtKey(vnm, text, 'VNM');
  });

  it('ladder: dyad in an event with neither a target nor an actor (but fine in an action with a target)', () => {
    const text = `${SMALL}events:\n  - id: ev\n    title: Ev\n    turn: 1\n    effects: [{ tension: { ladder: dyad, amount: 0.1 } }]\n`;
    const i = issueAt(issuesOf(text), 'events[0].effects[0].tension.ladder');
    expect(i).toMatchObject({ code: 'scenario/no_target', ...posOf(text, 'dyad') });
    expect(i.message).toMatch(/ladder "dyad" .* needs both an actor and a target/);
    // In an action without a target it is an error too; with a target it is allowed.
    const effect = '[{ tension: { ladder: dyad, amount: 0.1 } }]';
    const noTarget = `${SMALL}actions:\n  add:\n${added('drill_two', '', effect)}`;
    expect(issueAt(issuesOf(noTarget), 'actions.add[0].effects[0].tension.ladder')).toMatchObject(
      posOf(noTarget, 'dyad'),
    );
    expect(
      compileText(`${SMALL}actions:\n  add:\n${added('drill_two', '      target: { relation: rival }\n', effect)}`).ok,
    ).toBe(true);
  });

  it('every problem of the actions and policies is reported at once, each with a position', () => {
    const text = `${SMALL}actions:\n  remove: [stike]\n  override:\n    osa_grnt: { cost: 2 }\npolicies:\n  CHN: { doctrine: revisionst }\n  JPN: { maxActions: 1.5 }\n`;
    const issues = issuesOf(text);
    expect(issues.map((i) => i.path).sort()).toEqual([
      'actions.override.osa_grnt',
      'actions.remove[0]',
      'policies.CHN.doctrine',
      'policies.JPN.maxActions',
    ]);
    for (const i of issues)
      expect([i.file, typeof i.line, typeof i.column], i.path).toEqual(['test.yaml', 'number', 'number']);
  });
});

describe('a scenario with only some actors', () => {
  const text = SMALL.replace(/^actors:.*$/m, 'actors: { include: [CHN, PHL, USA, VNM] }');

  it('loads without errors, and no action names an actor the scenario leaves out', () => {
    const r = compileText(text);
    expect(r.ok, r.ok ? '' : r.issues.map(formatIssue).join('\n')).toBe(true);
    if (!r.ok) return;
    const sc = r.value;
    const present = new Set(['CHN', 'PHL', 'USA', 'VNM', 'actor', 'target']);
    const named = (e: EffectDef) =>
      e.kind === 'alignment' ? [e.from, e.to] : e.kind === 'capability' ? [e.actor] : [];
    for (const def of sc.rules.actions) {
      for (const e of [...def.effects, ...def.failure])
        for (const who of named(e)) expect(present.has(who), `${def.id}: ${who}`).toBe(true);
      for (const who of [...(def.users ?? []), ...(def.target?.actors ?? [])])
        expect(present.has(who), `${def.id}: ${who}`).toBe(true);
    }
    // Every action is still there; only the effects on absent actors are dropped.
    expect(ids(sc.rules.actions)).toEqual(ACTIONS.map((a) => a.id));
    const namesAbsent = (e: YamlEffect) =>
      [e.alignment?.from, e.alignment?.to, e.capability?.actor].some((who) => who !== undefined && !present.has(who));
    for (const a of ACTIONS) {
      const def = sc.rules.actions.find((d) => d.id === a.id)!;
      expect(def.effects, a.id).toHaveLength(a.effects.filter((e) => !namesAbsent(e)).length);
      expect(def.failure, a.id).toHaveLength((a.failure ?? []).filter((e) => !namesAbsent(e)).length);
    }
    // For example, strikes lose Japan's backlash but keep the United States'.
    const yamlStrike = ACTIONS.find((a) => a.id === 'strike')!.effects;
    expect(yamlStrike.some((e) => e.alignment?.from === 'JPN')).toBe(true);
    const strike = sc.rules.actions.find((d) => d.id === 'strike')!;
    expect(strike.effects.some((e) => e.kind === 'alignment' && e.from === 'JPN')).toBe(false);
    expect(strike.effects.some((e) => e.kind === 'alignment' && e.from === 'USA')).toBe(true);
    // Japan's OSA grants have no user left: no one may take them.
    const { rules, state: s } = started(sc.spec('1'));
    expect(sc.rules.actions.find((d) => d.id === 'osa_grant')!.users).toEqual([]);
    for (const a of s.actors)
      expect(
        legalActions(rules, s, a.id).some((x) => x.action === 'osa_grant'),
        a.id,
      ).toBe(false);
    // The actors present keep their doctrines, and a few turns run with the remaining actions.
    expect(sc.spec('1').policies!.map((p) => p.doctrine)).toEqual(s.actors.map((a) => doctrineOf(a.id)));
    let st = s;
    for (let t = 0; t < 3; t++) st = step(rules, st).state;
    expect(st.turn).toBe(3);
  });

  it("the scenario's own fields may not name a left-out actor", () => {
    const bad = `${text}actions:\n  override:\n    osa_grant: { effects: [{ alignment: { from: JPN, to: target, amount: 0.1 } }] }\n`;
    const i = issueAt(issuesOf(bad), 'actions.override.osa_grant.effects[0].alignment.from');
    expect(i).toMatchObject({ code: 'scenario/unknown_actor', ...posOf(bad, 'JPN', 'from: ') });
  });
});

describe('through the real CLI', () => {
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const broken: [string, string, string][] = [
    ['actions-remove-typo.yaml', '9:12', 'actions.remove[0]: unknown action "stike" (did you mean strike?)'],
    [
      'actions-bad-when.yaml',
      '19:20',
      'actions.add[0].requires[0].when: unknown function "alignmnt" (did you mean alignment?)',
    ],
    [
      'actions-bad-doctrine.yaml',
      '9:20',
      `policies.VNM.doctrine: unknown doctrine "hedgr" (did you mean hedger?); the doctrines are ${DOCTRINES.doctrines.map((d) => d.id).join(', ')}`,
    ],
  ];

  it('validate: each broken fixture gives exit 2 and one file:line:column message, no stack trace', async () => {
    // One process validates the three files (a single spawn keeps the test fast): one line per file.
    const [r] = await cliMany([['validate', ...broken.map(([f]) => `${FX}/${f}`)]]);
    expect(r.code).toBe(2);
    expect(hasStack(r.stderr)).toBe(false);
    expect(r.stdout.trim()).toBe('0 of 3 valid');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(broken.length);
    broken.forEach(([f, where, message], k) =>
      expect(lines[k]).toMatch(new RegExp(`^seastate: ${esc(`${FX}/${f}:${where}: ${message}`)}$`)),
    );
  });

  it('run --seed 1 --json: a fixture with actions.add, remove, override and policies runs', async () => {
    const [run] = await cliMany([['run', `${FX}/actions-add.yaml`, '--seed', '1', '--json']]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ scenario: 'actions-fixture', seed: '1', turns: 3 });
    expect(Object.keys(out.capabilities)).toEqual(['JPN', 'CHN', 'USA', 'PHL', 'VNM']);
  });

  it('the good fixture compiles to what it says (in process)', () => {
    const r = loadScenario(`${FX}/actions-add.yaml`);
    expect(r.ok, r.ok ? '' : r.issues.map(formatIssue).join('\n')).toBe(true);
    if (!r.ok) return;
    const defs = r.value.rules.actions;
    expect(ids(defs)).toEqual([...ACTIONS.map((a) => a.id).filter((id) => id !== 'strike'), 'coast_guard_training']);
    expect(defs.find((d) => d.id === 'osa_grant')).toMatchObject({ cost: 1, target: { actors: ['PHL'] } });
    const spec = r.value.spec('1');
    const by = (id: string) => spec.policies![spec.actors.findIndex((a) => a.id === id)];
    expect(by('VNM')).toEqual(doctrineParams('balancer'));
    expect(by('PHL')).toEqual({ ...doctrineParams(doctrineOf('PHL')), maxActions: 1 });
    const { rules, state: s } = started(spec);
    expect(legalActions(rules, s, 'JPN').some((a) => a.action === 'coast_guard_training')).toBe(true);
    expect(legalActions(rules, s, 'CHN').some((a) => a.action === 'coast_guard_training')).toBe(false);
  });
});

describe('target lists of actions', () => {
  it('refuse an actor id where a group is expected, and point at the id in the list', () => {
    const r = compileText(`${SMALL}
actions:
  add:
    - id: aid_drop
      name: Aid drop
      instrument: economic
      description: A test action aimed at a group.
      target: { groups: [QUAD, PHL] }
      cost: 1
      chance: 1
      effects: [{ alignment: { from: target, to: actor, amount: 0.01 } }]
      basis: { source: seastate-judgement, fact: "A test action for the loader.", rationale: "Only for this test." }
`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const i = r.issues.find((x) => x.path === 'actions.add[0].target.groups[1]');
    expect(i).toMatchObject({ code: 'scenario/unknown_group', message: 'unknown group "PHL"' });
    expect(i?.column).toBeGreaterThan(30);
  });
});
