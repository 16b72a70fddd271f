/**
 * Loading the default world from `data/`: validate each file, cross-check ids and sources, compute
 * the initial alignment matrix from its documented basis, and collect the provenance of every
 * number so that `seastate sources` can list it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../root';
import type { ActorState, GroupState, ModelParams, PolicyParams } from '../engine';
import { pathString, type LoadIssue, type Loaded } from './issues';
import { CRISIS_KEYS, ModelFile, POLICY_KEYS } from './model-schema';
import { ActionsFile, DoctrinesFile, type ActionData } from './action-schema';
import { lazyParsed, readTextFile, readYamlFile, validate, positionOf, type ParsedFile } from './yaml-file';
import {
  ActorsFile,
  AlignmentFile,
  GroupsFile,
  SourcesFile,
  type ActorData,
  type AgreementSource,
  type Source,
} from './world-schema';
import type { z } from 'zod';

/** The repository's `data/` folder. */
export const DATA_DIR = path.join(ROOT, 'data') + path.sep;

/** One cited number: where it is, what it is, and what it rests on. */
export interface ProvenanceEntry {
  file: string;
  path: string;
  /** The actor it belongs to, if any (for `sources --actor`). */
  actors: string[];
  /** The number, or null for a cited fact without one (a tie, a group's membership, a precondition). */
  value: number | null;
  /** What a cited entry without a number stands for: a precondition's expression, an action's effect sizes. */
  shows?: string;
  source: string;
  fact: string;
  rationale?: string;
}

export interface World {
  actors: ActorState[];
  groups: GroupState[];
  alignment: number[];
  proximity: number[];
  params: ModelParams;
  sources: Source[];
  provenance: ProvenanceEntry[];
  /** How each alignment cell was built, for `sources --actor`. */
  alignmentBasis: { from: string; to: string; value: number; parts: string[] }[];
  /** The two poles of the tilt axis (data/alignment.yaml, `axis`): a scenario's default. */
  poles: [string, string];
  /** The instruments of power as data/actions.yaml gives them (compiled per scenario). */
  actions: ActionData[];
  /** The parsed actions file, for the positions of errors in it. */
  actionsFile: ParsedFile;
  /** Decision doctrines by id, and each actor's doctrine. */
  doctrines: Record<string, PolicyParams>;
  doctrineOf: Record<string, string>;
  /** Proximity between two actors by region (for actors a scenario adds). */
  proximityOf(a: { id: string; region: string }, b: { id: string; region: string }): number;
}

type Files = {
  actors: z.infer<typeof ActorsFile>;
  actions: z.infer<typeof ActionsFile>;
  doctrines: DoctrinesFile;
  groups: z.infer<typeof GroupsFile>;
  alignment: z.infer<typeof AlignmentFile>;
  sources: z.infer<typeof SourcesFile>;
  model: ModelFile;
  /** The rows of alignment.base.agreement's extract for its session (data/datasets/). */
  votes: VoteRow[];
};

/** One actor's row of the UN voting extract: its id and the CSV's cells as text. */
export type VoteRow = Record<string, string>;

/** Load and check the world data; all problems in all files come back at once. */
export function loadWorld(dir = DATA_DIR): Loaded<World> {
  if (path.resolve(dir) === path.resolve(DATA_DIR) && useSnapshot()) {
    const snap = worldFromSnapshot(readSnapshot(), dir);
    if (snap) return snap;
  }
  const read = readWorldFiles(dir);
  return read.ok ? buildWorld(read.value.files, read.value.parsed) : read;
}

const SCHEMAS = {
  actors: ActorsFile,
  groups: GroupsFile,
  alignment: AlignmentFile,
  sources: SourcesFile,
  model: ModelFile,
  actions: ActionsFile,
  doctrines: DoctrinesFile,
} as const;
/** The seven YAML files of data/ (the voting extract, data/datasets/, comes with alignment.yaml). */
type FileKey = keyof typeof SCHEMAS;
const KEYS = Object.keys(SCHEMAS) as FileKey[];

/** How a data file is named in messages and in the provenance: relative to where seastate runs. */
function labelOf(dir: string, key: FileKey): string {
  return path.join(path.relative(process.cwd(), dir) || '.', `${key}.yaml`);
}

/** Parse and validate the seven data files. */
function readWorldFiles(dir: string): Loaded<{ files: Files; parsed: Record<FileKey, ParsedFile> }> {
  const issues: LoadIssue[] = [];
  const parsed: Partial<Record<FileKey, ParsedFile>> = {};
  const files: Partial<Files> = {};
  for (const key of KEYS) {
    const read = readYamlFile(path.join(dir, `${key}.yaml`), labelOf(dir, key));
    if (!read.ok) {
      issues.push(...read.issues);
      continue;
    }
    parsed[key] = read.value;
    const v = validate(read.value, SCHEMAS[key] as z.ZodType);
    if (v.ok) (files as Record<string, unknown>)[key] = v.value;
    else issues.push(...v.issues);
  }
  if (issues.length) return { ok: false, issues };
  const votes = readVotes(dir, (files as Files).alignment.base.agreement, parsed.alignment!);
  if (!votes.ok) return votes;
  return {
    ok: true,
    value: { files: { ...(files as Files), votes: votes.value }, parsed: parsed as Record<FileKey, ParsedFile> },
  };
}

/** The voting extract's rows for the agreement's session, with every pole column present. */
function readVotes(dir: string, a: AgreementSource, parsed: ParsedFile): Loaded<VoteRow[]> {
  const fail = (p: string[], message: string): Loaded<VoteRow[]> => {
    const pos = positionOf(parsed, ['base', 'agreement', ...p]);
    return {
      ok: false,
      issues: [
        {
          code: 'data/agreement',
          file: parsed.file,
          line: pos?.line,
          column: pos?.column,
          path: pathString(['base', 'agreement', ...p]),
          message,
        },
      ],
    };
  };
  const file = path.join(dir, 'datasets', a.extract);
  const text = readTextFile(file, file);
  if (!text.ok) return fail(['extract'], `cannot read data/datasets/${a.extract}: ${text.issues[0].message}`);
  let rows: VoteRow[];
  try {
    rows = parseCsv(text.value, { columns: true, skip_empty_lines: true }) as VoteRow[];
  } catch (e) {
    return fail(['extract'], `data/datasets/${a.extract} is not CSV: ${(e as Error).message}`);
  }
  const header = Object.keys(rows[0] ?? {});
  for (const col of ['iso3', 'session', a.votes, ...Object.values(a.poles)])
    if (!header.includes(col)) return fail(['poles'], `data/datasets/${a.extract} has no column "${col}"`);
  const cols = ['iso3', a.votes, ...Object.values(a.poles)];
  const picked = rows
    .filter((r) => Number(r.session) === a.session)
    .map((r) => Object.fromEntries(cols.map((c) => [c, r[c]])));
  if (!picked.length) return fail(['session'], `data/datasets/${a.extract} has no rows for session ${a.session}`);
  const twice = picked.find((r, k) => picked.findIndex((x) => x.iso3 === r.iso3) !== k);
  if (twice)
    return fail(
      ['session'],
      `data/datasets/${a.extract} has more than one row for ${twice.iso3} in session ${a.session}`,
    );
  return { ok: true, value: picked };
}

/**
 * The world snapshot: the seven files of data/ as validated, with the rows of the voting extract
 * the alignment reads, written by `npm run build` into dist/ beside the code that validated them. Parsing the YAML (which keeps every position, for
 * messages) is most of a command's start-up; a snapshot whose fingerprint matches the files'
 * bytes stands for them exactly, so the world is built from it without parsing. Edit a data file
 * and the fingerprint differs: the files are parsed as before, with their messages. Only the
 * compiled build reads it (from src/, the code may have changed since the snapshot was written).
 */
const SNAPSHOT_FILE = path.join(ROOT, 'dist', 'world-snapshot.json');
const SNAPSHOT_FORMAT = 'seastate-world-snapshot';

/**
 * SHA-256 over the data files' names and bytes and the voting extract's (`extract`, the one
 * alignment.yaml names: a different name changes alignment.yaml's bytes too).
 */
function fingerprint(dir: string, extract: string): string | undefined {
  const h = createHash('sha256');
  try {
    for (const key of KEYS)
      h.update(`${key}\u0000`)
        .update(readFileSync(path.join(dir, `${key}.yaml`)))
        .update('\u0000');
    h.update(`${extract}\u0000`).update(readFileSync(path.join(dir, 'datasets', extract)));
  } catch {
    return undefined;
  }
  return h.digest('hex');
}

/** Whether to read snapshots (this one and the scenarios'): in the compiled build, unless SEASTATE_NO_SNAPSHOT=1 (to compare). */
export function useSnapshot(): boolean {
  return (
    fileURLToPath(import.meta.url).startsWith(path.join(ROOT, 'dist') + path.sep) &&
    process.env.SEASTATE_NO_SNAPSHOT !== '1'
  );
}

function readSnapshot(): string | undefined {
  try {
    return readFileSync(SNAPSHOT_FILE, 'utf8');
  } catch {
    return undefined;
  }
}

/** The world from a snapshot's text, if it is one of exactly the files now in `dir`; else undefined. */
export function worldFromSnapshot(text: string | undefined, dir: string): Loaded<World> | undefined {
  let snap: { format?: string; fingerprint?: string; files?: Files };
  try {
    snap = JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
  const extract = snap.files?.alignment?.base?.agreement?.extract;
  if (snap.format !== SNAPSHOT_FORMAT || !snap.files || !extract || snap.fingerprint !== fingerprint(dir, extract))
    return undefined;
  // A file's parse (its positions) is needed only for a message about it: parsed when first asked for.
  const parsed = {} as Record<FileKey, ParsedFile>;
  for (const key of KEYS) {
    const label = labelOf(dir, key);
    parsed[key] = lazyParsed(label, () => readYamlFile(path.join(dir, `${key}.yaml`), label));
  }
  return buildWorld(snap.files, parsed);
}

/** A snapshot of the files in `dir`, or why there is none (data that does not load gets none). */
export function snapshotOf(dir: string): { ok: true; text: string } | { ok: false; why: string } {
  const read = readWorldFiles(dir);
  if (!read.ok) return { ok: false, why: `${read.issues[0].file}: ${read.issues[0].message}` };
  const text = JSON.stringify({
    format: SNAPSHOT_FORMAT,
    fingerprint: fingerprint(dir, read.value.files.alignment.base.agreement.extract),
    files: read.value.files,
  });
  const built = buildWorld(read.value.files, read.value.parsed);
  if (!built.ok) return { ok: false, why: `${built.issues[0].file}: ${built.issues[0].message}` };
  return { ok: true, text };
}

/** Write the snapshot of data/ into dist/ (scripts/build.mjs runs this after compiling). */
export function writeWorldSnapshot(): string {
  const snap = snapshotOf(DATA_DIR);
  if (!snap.ok) return `no world snapshot (every command will parse data/ and report this): ${snap.why}`;
  writeFileSync(SNAPSHOT_FILE, snap.text);
  return `wrote ${path.relative(ROOT, SNAPSHOT_FILE)}`;
}

function buildWorld(f: Files, parsed: Record<FileKey, ParsedFile>): Loaded<World> {
  const issues: LoadIssue[] = [];
  const at = (key: FileKey, p: (string | number)[], code: string, message: string) => {
    const pos = positionOf(parsed[key], p);
    issues.push({ code, file: parsed[key].file, line: pos?.line, column: pos?.column, path: pathString(p), message });
  };
  const sourceIds = new Map(f.sources.sources.map((s) => [s.id, s]));
  const actorIds = f.actors.actors.map((a) => a.id);
  const index = new Map(actorIds.map((id, i) => [id, i]));
  f.actors.actors.forEach((a, i) => {
    if (actorIds.indexOf(a.id) !== i)
      at('actors', ['actors', i, 'id'], 'data/duplicate_actor', `actor "${a.id}" is defined twice`);
  });

  // Every cited number: collect, and check that its source exists and judgements carry a rationale.
  const provenance: ProvenanceEntry[] = [];
  for (const key of ['actors', 'groups', 'alignment', 'model', 'actions', 'doctrines'] as const) {
    walkCited(f[key], [], (p, c, owner) => {
      const src = sourceIds.get(c.source);
      if (!src) at(key, [...p, 'source'], 'data/unknown_source', `unknown source "${c.source}" (not in sources.yaml)`);
      else if (src.kind !== 'dataset' && !c.rationale && c.value !== undefined)
        at(key, p, 'data/missing_rationale', `a value from a ${src.kind} source needs a rationale`);
      const actors = owner(f.actors.actors);
      provenance.push({
        file: parsed[key].file,
        path: readablePath(f, key, p),
        actors,
        value: c.value ?? c.add ?? null,
        ...(c.when !== undefined && c.add === undefined
          ? { shows: `requires ${String(c.when)}` }
          : p.at(-1) === 'basis'
            ? { shows: 'the effect sizes' }
            : {}),
        source: c.source,
        fact: c.fact,
        rationale: c.rationale,
      });
    });
  }
  const checkActor = (key: FileKey, p: (string | number)[], id: string) => {
    if (!index.has(id)) at(key, p, 'data/unknown_actor', `unknown actor "${id}"`);
  };
  f.groups.groups.forEach((g, gi) =>
    g.members.forEach((m, mi) => checkActor('groups', ['groups', gi, 'members', mi], m)),
  );
  f.alignment.ties.forEach((t, ti) => {
    const pair = 'between' in t ? t.between : [t.from, t.to];
    if ('between' in t) t.between.forEach((id, k) => checkActor('alignment', ['ties', ti, 'between', k], id));
    else (['from', 'to'] as const).forEach((k) => checkActor('alignment', ['ties', ti, k], t[k]));
    if (pair[0] === pair[1]) at('alignment', ['ties', ti], 'data/self_tie', 'a tie needs two different actors');
  });
  for (const pole of Object.keys(f.alignment.base.agreement.poles))
    checkActor('alignment', ['base', 'agreement', 'poles', pole], pole);
  f.alignment.axis.poles.forEach((pole, k) => checkActor('alignment', ['axis', 'poles', k], pole));
  f.alignment.overrides.forEach((o, oi) => {
    (['from', 'to'] as const).forEach((k) => checkActor('alignment', ['overrides', oi, k], o[k]));
    if (o.from === o.to)
      at(
        'alignment',
        ['overrides', oi],
        'data/self_override',
        'an override needs two different actors (the diagonal is always 1)',
      );
  });
  const groupIds = new Set<string>();
  f.groups.groups.forEach((g, gi) => {
    if (groupIds.has(g.id) || index.has(g.id))
      at('groups', ['groups', gi, 'id'], 'data/duplicate_group', `"${g.id}" is already an actor or group id`);
    groupIds.add(g.id);
  });
  // An explicit Euler step is only stable if a turn's restraint cannot exceed the capability itself.
  if (f.model.weights.arms.value * f.model.arms.fatigue.value >= 1)
    at(
      'model',
      ['arms', 'fatigue'],
      'data/unstable',
      'weights.arms x arms.fatigue must be below 1 per year for a stable step of up to a year',
    );
  f.model.proximity.pairs.forEach((p, pi) =>
    p.between.forEach((id, k) => checkActor('model', ['proximity', 'pairs', pi, 'between', k], id)),
  );
  const actionIds = new Set<string>();
  f.actions.actions.forEach((a, ai) => {
    const p = ['actions', ai];
    if (actionIds.has(a.id)) at('actions', [...p, 'id'], 'data/duplicate_action', `action "${a.id}" is defined twice`);
    actionIds.add(a.id);
    (a.by?.actors ?? []).forEach((id, k) => checkActor('actions', [...p, 'by', 'actors', k], id));
    (a.target?.actors ?? []).forEach((id, k) => checkActor('actions', [...p, 'target', 'actors', k], id));
    (a.target?.groups ?? []).forEach((id, k) => {
      if (!f.groups.groups.some((g) => g.id === id))
        at('actions', [...p, 'target', 'groups', k], 'data/unknown_group', `unknown group "${id}"`);
    });
  });
  const doctrineIds = new Set<string>();
  f.doctrines.doctrines.forEach((d, di) => {
    if (doctrineIds.has(d.id))
      at('doctrines', ['doctrines', di, 'id'], 'data/duplicate_doctrine', `doctrine "${d.id}" is defined twice`);
    doctrineIds.add(d.id);
    if (!Number.isInteger(d.params.maxActions.value))
      at(
        'doctrines',
        ['doctrines', di, 'params', 'maxActions', 'value'],
        'data/not_integer',
        'maxActions must be a whole number',
      );
  });
  const doctrineOf: Record<string, string> = {};
  f.doctrines.assignments.forEach((x, k) => {
    checkActor('doctrines', ['assignments', k, 'actor'], x.actor);
    if (!doctrineIds.has(x.doctrine))
      at('doctrines', ['assignments', k, 'doctrine'], 'data/unknown_doctrine', `unknown doctrine "${x.doctrine}"`);
    if (Object.hasOwn(doctrineOf, x.actor))
      at(
        'doctrines',
        ['assignments', k, 'actor'],
        'data/duplicate_assignment',
        `${x.actor} is assigned a doctrine twice`,
      );
    doctrineOf[x.actor] = x.doctrine;
  });
  actorIds.forEach((id) => {
    if (!Object.hasOwn(doctrineOf, id))
      at('doctrines', ['assignments'], 'data/missing_doctrine', `actor ${id} has no doctrine`);
  });
  if (issues.length) return { ok: false, issues };
  const doctrines: Record<string, PolicyParams> = {};
  for (const d of f.doctrines.doctrines) {
    const v = d.params;
    doctrines[d.id] = {
      doctrine: d.id,
      security: v.security.value,
      alignment: v.alignment.value,
      autonomy: v.autonomy.value,
      economy: v.economy.value,
      risk: v.risk.value,
      accommodation: v.accommodation.value,
      temperature: v.temperature.value,
      maxActions: v.maxActions.value,
    };
  }

  const { alignment, basis } = computeAlignment(f.actors.actors, f.alignment, index, f.votes);
  const proximityOf = proximityRule(f.model);
  const proximity = computeProximity(f.actors.actors, proximityOf);
  const m = f.model;
  const params: ModelParams = {
    weights: {
      influence: m.weights.influence.value,
      balance: m.weights.balance.value,
      threat: m.weights.threat.value,
      effects: m.weights.effects.value,
      noise: m.weights.noise.value,
      arms: m.weights.arms.value,
      residual: m.weights.residual.value,
      escalation: m.weights.escalation.value,
    },
    influence: { selfWeight: m.influence.selfWeight.value, salienceExponent: m.influence.salienceExponent.value },
    threat: { powerExponent: m.threat.powerExponent.value, growthSensitivity: m.threat.growthSensitivity.value },
    effects: {
      patronagePenalty: m.effects.patronagePenalty.value,
      partnershipBonus: m.effects.partnershipBonus.value,
      fatigue: m.effects.fatigue.value,
      fatigueDecay: m.effects.fatigueDecay.value,
      persistence: m.effects.persistence.value,
    },
    noise: { sd: m.noise.sd.value },
    arms: {
      reactivity: m.arms.reactivity.value,
      fatigue: m.arms.fatigue.value,
      calibrate: m.arms.calibrate.value >= 0.5,
    },
    policy: Object.fromEntries(POLICY_KEYS.map((k) => [k, m.policy[k].value])) as unknown as ModelParams['policy'],
    crisis: Object.fromEntries(CRISIS_KEYS.map((k) => [k, m.crisis[k].value])) as unknown as ModelParams['crisis'],
    ladder: {
      max: m.ladder.max.value,
      rate: m.ladder.rate.value,
      pressure: m.ladder.pressure.value,
      calibrate: m.ladder.calibrate.value >= 0.5,
    },
  };
  const actors: ActorState[] = f.actors.actors.map((a) => ({
    id: a.id,
    name: a.name,
    region: a.region,
    capabilities: {
      military: a.capabilities.military.value,
      economic: a.capabilities.economic.value,
      maritime: a.capabilities.maritime.value,
      diplomatic: a.capabilities.diplomatic.value,
    },
    growth: { economic: a.growth.economic.value, military: a.growth.military.value },
    posture: {
      balancing: a.posture.balancing.value,
      bandwagoning: a.posture.bandwagoning.value,
      stubbornness: a.posture.stubbornness.value,
      autonomy: a.posture.autonomy.value,
    },
  }));
  const groups = f.groups.groups.map((g) => ({ id: g.id, name: g.name, members: [...g.members] }));
  return {
    ok: true,
    value: {
      actors,
      groups,
      alignment,
      proximity,
      params,
      sources: f.sources.sources,
      provenance,
      alignmentBasis: basis,
      poles: [...f.alignment.axis.poles],
      actions: f.actions.actions,
      actionsFile: parsed.actions,
      doctrines,
      doctrineOf,
      proximityOf,
    },
  };
}

type CitedLike = {
  source: string;
  fact: string;
  rationale?: string;
  value?: number;
  add?: number;
  when?: string | number | boolean;
};

/** A path that names list entries by id where they have one: `actions.osa_grant.cost`, not `actions[12].cost`. */
function readablePath(f: Files, key: FileKey, p: (string | number)[]): string {
  const named = [...p];
  const list =
    key === 'actions' && p[0] === 'actions'
      ? f.actions.actions
      : key === 'doctrines' && p[0] === 'doctrines'
        ? f.doctrines.doctrines
        : undefined;
  if (list && typeof p[1] === 'number') named[1] = list[p[1]].id;
  if (key === 'doctrines' && p[0] === 'assignments' && typeof p[1] === 'number')
    named[1] = f.doctrines.assignments[p[1]].actor;
  return pathString(named);
}

/** Visit every object with `source` and `fact`; `owner` names the actors it concerns. */
function walkCited(
  node: unknown,
  p: (string | number)[],
  visit: (p: (string | number)[], c: CitedLike, owner: (actors: ActorData[]) => string[]) => void,
): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => walkCited(v, [...p, i], visit));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (typeof o.source === 'string' && typeof o.fact === 'string') {
    const ids = [
      o.from,
      o.to,
      o.actor,
      ...(Array.isArray(o.between) ? o.between : []),
      ...(Array.isArray(o.members) ? [] : []),
    ].filter((x): x is string => typeof x === 'string' && /^[A-Z]/.test(x));
    visit(p, o as CitedLike, (actors) => {
      if (p[0] === 'actors' && typeof p[1] === 'number') return [actors[p[1]].id];
      if (p[0] === 'groups' && Array.isArray(o.members)) return o.members as string[];
      return ids;
    });
  }
  for (const [k, v] of Object.entries(o)) if (v && typeof v === 'object') walkCited(v, [...p, k], visit);
}

/**
 * The UN voting agreement of every pair of actors, in [0, 1]: the share of the session's votes on
 * which the two cast the same vote. The extract gives it for each member and pole (the US, China,
 * Russia, India), counted where the member's estimate rests on `minVotes` votes or more; every other pair, and any pair with a non-member such as Taiwan, gets the agreement
 * that the pair's ideal-point distance predicts, on the least-squares line through the pairs the
 * extract gives. docs/MODEL.md, "Initial alignment".
 */
export function voteAgreement(actors: ActorData[], a: AgreementSource, votes: readonly VoteRow[]) {
  const n = actors.length;
  const row = new Map(votes.map((r) => [r.iso3, r]));
  const ip = actors.map((x) => x.idealPoint.value);
  const observed = new Array<number | undefined>(n * n).fill(undefined);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const col = a.poles[actors[j].id];
      const r = row.get(actors[i].id);
      const cell = i !== j && col !== undefined && r && Number(r[a.votes]) >= a.minVotes ? r[col] : undefined;
      const v = cell !== undefined && cell !== '' && cell !== 'NA' ? Number(cell) : NaN;
      if (!Number.isFinite(v)) continue;
      observed[i * n + j] = observed[j * n + i] = v;
    }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = observed[i * n + j];
      if (v !== undefined) (xs.push(Math.abs(ip[i] - ip[j])), ys.push(v));
    }
  const fit = leastSquares(xs, ys);
  const agree = new Array<number>(n * n).fill(1);
  const measured = new Array<boolean>(n * n).fill(false);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const v = observed[i * n + j];
      measured[i * n + j] = v !== undefined;
      agree[i * n + j] = v ?? Math.min(1, Math.max(0, fit.intercept + fit.slope * Math.abs(ip[i] - ip[j])));
    }
  return { agree, measured, fit: { ...fit, pairs: xs.length } };
}

/** The least-squares line y = intercept + slope x (a flat line through the mean when x does not vary). */
function leastSquares(xs: readonly number[], ys: readonly number[]): { intercept: number; slope: number } {
  const k = xs.length;
  if (k === 0) return { intercept: 0.5, slope: 0 };
  let mx = 0;
  let my = 0;
  for (let t = 0; t < k; t++) ((mx += xs[t]), (my += ys[t]));
  mx /= k;
  my /= k;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < k; t++) ((sxx += (xs[t] - mx) ** 2), (sxy += (xs[t] - mx) * (ys[t] - my)));
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: my - slope * mx, slope };
}

/**
 * A_ij = clamp(scale (g_ij - zero) / (one - zero) + sum of tie weights, -0.95, 0.95); A_ii = 1, where
 * g_ij is the pair's UN voting agreement (`voteAgreement`); then overrides replace single cells.
 * docs/MODEL.md, "Initial alignment".
 */
export function computeAlignment(
  actors: ActorData[],
  f: z.infer<typeof AlignmentFile>,
  index: Map<string, number>,
  votes: readonly VoteRow[],
) {
  const n = actors.length;
  const A = new Array<number>(n * n).fill(0);
  const parts: string[][] = Array.from({ length: n * n }, () => []);
  const scale = f.base.scale.value;
  const zero = f.base.zero.value;
  const one = f.base.one.value;
  const { agree, measured } = voteAgreement(actors, f.base.agreement, votes);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const x = i * n + j;
      A[x] = (scale * (agree[x] - zero)) / (one - zero);
      parts[x].push(
        `UN voting agreement ${agree[x].toFixed(3)} (${measured[x] ? 'measured' : 'from ideal points'}): ${A[x] >= 0 ? '+' : ''}${A[x].toFixed(3)}`,
      );
    }
  for (const t of f.ties) {
    const w = f.tieWeights[t.kind].value;
    const cells =
      'between' in t
        ? [
            [t.between[0], t.between[1]],
            [t.between[1], t.between[0]],
          ]
        : [[t.from, t.to]];
    for (const [a, b] of cells) {
      const x = index.get(a)! * n + index.get(b)!;
      A[x] += w;
      parts[x].push(`${t.kind} ${w >= 0 ? '+' : ''}${w} (${t.source})`);
    }
  }
  for (let x = 0; x < n * n; x++) A[x] = x % (n + 1) === 0 ? 1 : Math.min(0.95, Math.max(-0.95, A[x]));
  for (const o of f.overrides) {
    const x = index.get(o.from)! * n + index.get(o.to)!;
    A[x] = o.value;
    parts[x].push(`set to ${o.value} (${o.source})`);
  }
  const basis = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j) basis.push({ from: actors[i].id, to: actors[j].id, value: A[i * n + j], parts: parts[i * n + j] });
  return { alignment: A, basis };
}

/** The proximity rule: same region, a cited region pair, a cited actor pair, or the default. */
function proximityRule(m: ModelFile) {
  const regionPair = new Map<string, number>();
  for (const r of m.proximity.regions) {
    regionPair.set(`${r.between[0]}|${r.between[1]}`, r.value);
    regionPair.set(`${r.between[1]}|${r.between[0]}`, r.value);
  }
  const actorPair = new Map<string, number>();
  for (const p of m.proximity.pairs) {
    actorPair.set(`${p.between[0]}|${p.between[1]}`, p.value);
    actorPair.set(`${p.between[1]}|${p.between[0]}`, p.value);
  }
  return (a: { id: string; region: string }, b: { id: string; region: string }): number =>
    actorPair.get(`${a.id}|${b.id}`) ??
    (a.region === b.region
      ? m.proximity.sameRegion.value
      : (regionPair.get(`${a.region}|${b.region}`) ?? m.proximity.default.value));
}

/** Proximity matrix from the rule (symmetric). */
function computeProximity(actors: ActorData[], rule: ReturnType<typeof proximityRule>): number[] {
  const n = actors.length;
  const P = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i * n + j] = rule(actors[i], actors[j]);
  return P;
}
