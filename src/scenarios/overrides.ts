/**
 * `--set KEY=VALUE`: changing one value of a scenario from the command line, for batch sweeps and
 * for re-running one row of a batch. An override is applied to the parsed file before validation,
 * so the same schema and compiler check it as if it had been written in the file, and every problem
 * they find is reported against the flag that caused it.
 *
 * Keys (docs/BATCH.md):
 *   turns | turnMonths | startDate
 *   model.SECTION.KEY                 e.g. model.weights.noise, model.threat.powerExponent
 *   actors.ID.capabilities.KEY        military | economic | maritime | diplomatic
 *   actors.ID.growth.KEY              economic | military
 *   actors.ID.posture.KEY             balancing | bandwagoning | stubbornness | autonomy
 *   policies.ID.KEY                   an actor's doctrine or a doctrine value (risk, security, ...)
 *   alignment.FROM.TO                 the initial alignment of FROM toward TO
 *   events.ID.chance|mtth|turn        an event's timing (replaces the event's other timing)
 *   ladders.global | ladders.ID       a ladder's starting level
 *   params.ID                         a scenario parameter (a lever the scenario declares)
 */
import { enablePatches, produceWithPatches, type Patch } from 'immer';
import type { LoadIssue } from './issues';
import { pathString } from './issues';
import { PolicySpec } from './action-schema';
import { ScenarioSpec } from './scenario-schema';

enablePatches();

/** An actor's doctrine values a scenario (and so --set) may change. */
const POLICY_KEYS = Object.keys(PolicySpec.shape);

/** The model parameters a scenario (and so --set) may change: section -> keys. */
const MODEL_KEYS: Record<string, string[]> = Object.fromEntries(
  Object.entries(ScenarioSpec.shape.model.unwrap().shape).map(([section, schema]) => [
    section,
    Object.keys(schema.unwrap().shape),
  ]),
);

export interface SetOverride {
  /** The key as written, e.g. `model.weights.noise`. */
  key: string;
  /** The value as written. */
  raw: string;
  /** The value: a number when the text is one, true or false, else the text. */
  value: number | boolean | string;
  /** The flag it came from, for messages, when not `--set KEY=VALUE` (a sweep's whole flag). */
  flag?: string;
}

/** The forms a key can take, for messages. */
export const SET_KEYS =
  'turns, turnMonths, startDate, model.SECTION.KEY, actors.ID.capabilities|growth|posture.KEY, policies.ID.KEY, alignment.FROM.TO, events.ID.chance|mtth|turn, ladders.global|ladders.ID, params.ID';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parse `KEY=VALUE`; throws an Error whose message says what is wrong. */
export function parseSet(text: string): SetOverride {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1)
    throw new Error(`expected KEY=VALUE, such as model.weights.noise=0.5, found "${text}"`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (!/^[A-Za-z0-9_.:-]+$/.test(key)) throw new Error(`"${key}" is not a parameter key (keys: ${SET_KEYS})`);
  if (NUMBER.test(raw) && !Number.isFinite(Number(raw))) throw new Error(`${raw} is too large for a number`);
  return { key, raw, value: NUMBER.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw };
}

/** `KEY=V1,V2,...` for a sweep: one override per value. */
export function parseSweep(text: string): SetOverride[] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`expected KEY=V1,V2,..., such as model.weights.noise=0,0.5,1, found "${text}"`);
  const values = text
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim());
  if (values.some((v) => v === '')) throw new Error(`an empty value in "${text}": give the values separated by commas`);
  const parsed = values.map((v) => ({ ...parseSet(`${text.slice(0, eq)}=${v}`), flag: `--sweep ${text}` }));
  const seen = new Map<string, string>();
  for (const p of parsed) {
    const before = seen.get(String(p.value));
    if (before !== undefined)
      throw new Error(
        before === p.raw ? `the value ${p.raw} appears twice` : `${p.raw} is the same value as ${before}`,
      );
    seen.set(String(p.value), p.raw);
  }
  return parsed;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const objAt = (parent: Obj, key: string): Obj => {
  if (!isObj(parent[key])) parent[key] = {};
  return parent[key] as Obj;
};
const TIMING = ['turn', 'chance', 'mtth'];

/** The flag's text for messages: `--set KEY=VALUE`. */
export const flagOf = (o: SetOverride) => o.flag ?? `--set ${o.key}=${o.raw}`;

/**
 * Apply overrides to parsed scenario data (a copy is changed, never the input). Returns the new
 * data, for each override the path in the file format it wrote to, and the changes as immer
 * patches; or the problems.
 */
export function applySets(
  data: unknown,
  sets: readonly SetOverride[],
): { ok: true; data: unknown; paths: string[]; changes: Patch[] } | { ok: false; issues: LoadIssue[] } {
  const issues: LoadIssue[] = [];
  const paths: string[] = [];
  // An edit of the file's data with immer: the input is never changed, and the patches say exactly
  // what the overrides wrote (the batch manifest records them for each point).
  const [root, changes] = produceWithPatches(data as Obj, (draft) => writeSets(draft, sets, issues, paths));
  return issues.length ? { ok: false, issues } : { ok: true, data: root, paths, changes };
}

/** applySets on a draft of the data: each override written, its path noted, or its problem. */
function writeSets(root: Obj, sets: readonly SetOverride[], issues: LoadIssue[], paths: string[]): void {
  const bad = (o: SetOverride, message: string) =>
    issues.push({ code: 'set/bad_key', file: flagOf(o), path: '', message });
  for (const o of sets) {
    const parts = o.key.split('.');
    const [head, ...rest] = parts;
    let path: (string | number)[] | undefined;
    if (['turns', 'turnMonths', 'startDate'].includes(head) && rest.length === 0) {
      root[head] = head === 'startDate' ? o.raw : o.value;
      path = [head];
    } else if (head === 'model' && rest.length === 2) {
      const keys = MODEL_KEYS[rest[0]];
      if (!keys) {
        bad(o, `no model section "${rest[0]}" (sections: ${Object.keys(MODEL_KEYS).join(', ')})`);
        continue;
      }
      if (!keys.includes(rest[1])) {
        bad(o, `no parameter "${rest[1]}" in model.${rest[0]} (parameters: ${keys.join(', ')})`);
        continue;
      }
      objAt(objAt(root, 'model'), rest[0])[rest[1]] = o.value;
      path = ['model', rest[0], rest[1]];
    } else if (head === 'actors' && rest.length === 3) {
      const [group, key] = rest.slice(1);
      const id = rest[0].toUpperCase(); // ids are upper case; jpn is what a hurried analyst types
      if (!['capabilities', 'growth', 'posture'].includes(group)) {
        bad(o, `an actor's values are under capabilities, growth or posture, not "${group}"`);
        continue;
      }
      const actors = objAt(root, 'actors');
      const added = Array.isArray(actors.add)
        ? (actors.add as unknown[]).findIndex((x) => isObj(x) && x.id === id)
        : -1;
      if (added >= 0) {
        objAt((actors.add as Obj[])[added], group)[key] = o.value;
        path = ['actors', 'add', added, group, key];
      } else {
        objAt(objAt(objAt(actors, 'override'), id), group)[key] = o.value;
        path = ['actors', 'override', id, group, key];
      }
    } else if (head === 'policies' && rest.length === 2) {
      const id = rest[0].toUpperCase();
      if (!POLICY_KEYS.includes(rest[1])) {
        bad(o, `no doctrine value "${rest[1]}" (values: ${POLICY_KEYS.join(', ')})`);
        continue;
      }
      objAt(objAt(root, 'policies'), id)[rest[1]] = rest[1] === 'doctrine' ? o.raw : o.value;
      path = ['policies', id, rest[1]];
    } else if (head === 'alignment' && rest.length === 2) {
      if (!Array.isArray(root.alignment)) root.alignment = [];
      const list = root.alignment as unknown[];
      list.push({ from: rest[0].toUpperCase(), to: rest[1].toUpperCase(), value: o.value });
      path = ['alignment', list.length - 1, 'value'];
    } else if (head === 'events' && rest.length === 2) {
      const [id, field] = rest;
      const events = Array.isArray(root.events) ? (root.events as unknown[]) : [];
      const k = events.findIndex((e) => isObj(e) && e.id === id);
      if (k < 0) {
        const ids = events.filter(isObj).map((e) => String(e.id));
        bad(o, `no event "${id}" in this scenario${ids.length ? ` (events: ${ids.join(', ')})` : ''}`);
        continue;
      }
      if (!TIMING.includes(field)) {
        bad(o, `an event's timing is set with chance, mtth or turn, not "${field}"`);
        continue;
      }
      const e = events[k] as Obj;
      for (const t of TIMING) delete e[t];
      e[field] = o.value;
      path = ['events', k, field];
    } else if (head === 'ladders' && rest.length === 1) {
      const ladders = objAt(root, 'ladders');
      // A ladder's level is a cited value; a scenario without a ladders section gets one citing
      // the override itself (the manifest records it).
      const setLevel = (holder: Obj, key: string) => {
        const cur = holder[key];
        holder[key] = isObj(cur)
          ? { ...cur, value: o.value }
          : { value: o.value, source: 'seastate-judgement', fact: `Set from the command line with ${flagOf(o)}.` };
      };
      if (rest[0] === 'global') {
        setLevel(ladders, 'global');
        path = ['ladders', 'global'];
      } else {
        const dyads = Array.isArray(ladders.dyads) ? (ladders.dyads as unknown[]) : [];
        const k = dyads.findIndex((d) => isObj(d) && d.id === rest[0]);
        if (k < 0) {
          const ids = ['global', ...dyads.filter(isObj).map((d) => String(d.id))];
          bad(o, `no ladder "${rest[0]}" in this scenario (ladders: ${ids.join(', ')})`);
          continue;
        }
        setLevel(dyads[k] as Obj, 'level');
        path = ['ladders', 'dyads', k, 'level'];
      }
    } else if (head === 'params' && rest.length === 1) {
      const params = isObj(root.params) ? root.params : {};
      const ids = Object.keys(params);
      if (!Object.hasOwn(params, rest[0]) || !isObj(params[rest[0]])) {
        bad(
          o,
          ids.length
            ? `no parameter "${rest[0]}" in this scenario (parameters: ${ids.join(', ')})`
            : 'this scenario declares no parameters (params:)',
        );
        continue;
      }
      (params[rest[0]] as Obj).value = o.value;
      path = ['params', rest[0], 'value'];
    } else {
      bad(o, `unknown parameter "${o.key}" (keys: ${SET_KEYS})`);
      continue;
    }
    paths.push(pathString(path));
  }
}

/**
 * Re-attribute the problems a validator found in overridden data to the flags that caused them:
 * an issue at (or inside, or just above) an override's path is that override's.
 */
export function blameSets(
  issues: readonly LoadIssue[],
  sets: readonly SetOverride[],
  paths: readonly string[],
): LoadIssue[] {
  return issues.map((i) => {
    let k = paths.findIndex((p) => i.path === p || i.path.startsWith(`${p}.`) || i.path.startsWith(`${p}[`));
    if (k < 0) k = paths.findIndex((p) => i.path !== '' && (p.startsWith(`${i.path}.`) || p.startsWith(`${i.path}[`)));
    if (k < 0) return { ...i, message: `${i.message} (after ${sets.map(flagOf).join(' ')})` };
    return { code: i.code, file: flagOf(sets[k]), path: '', message: i.message.replace(/^missing: /, '') };
  });
}
