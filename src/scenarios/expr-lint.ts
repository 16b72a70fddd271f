/**
 * A lenient pass over a scenario document that failed its schema check: parse every expression it
 * can find anyway, so one run of `validate` reports expression mistakes together with structural
 * ones. Names are checked generously here (any default or added actor, any group or event id in
 * the file); the full check runs once the structure is right.
 */
import { parseExpr, type ExprScope } from './expr-parse';
import { pathString, type LoadIssue } from './issues';
import type { World } from './world';
import { offsetPosition, type ParsedFile } from './yaml-file';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const ids = (v: unknown, key = 'id'): string[] =>
  list(v).flatMap((x) => (isObj(x) && typeof x[key] === 'string' ? [x[key] as string] : []));

/** Expression errors in a raw document, with positions. */
export function lintExpressions(parsed: ParsedFile, world: World): LoadIssue[] {
  const d = isObj(parsed.data) ? parsed.data : {};
  const actors = isObj(d.actors) ? d.actors : {};
  const ladders = isObj(d.ladders) ? d.ladders : {};
  const scope: ExprScope = {
    actors: new Set([...world.actors.map((a) => a.id), ...ids(actors.add)]),
    groups: new Set([...world.groups.map((g) => g.id), ...ids(d.groups)]),
    ladders: new Set(['global', ...ids(ladders.dyads)]),
    events: new Set(ids(d.events)),
    target: true,
    actor: true,
  };
  const issues: LoadIssue[] = [];
  const check = (p: Path, v: unknown, expect: 'number' | 'boolean') => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return;
    const r = parseExpr(v, scope, expect);
    if (r.ok) return;
    const pos = offsetPosition(parsed, p, r.error.offset);
    issues.push({
      code: 'scenario/expression',
      file: parsed.file,
      line: pos?.line,
      column: pos?.column,
      path: pathString(p),
      message: r.error.message,
    });
  };
  const effects = (p: Path, v: unknown) =>
    list(v).forEach((e, i) => {
      if (!isObj(e)) return;
      for (const kind of ['alignment', 'capability', 'tension', 'counter'])
        if (isObj(e[kind])) check([...p, i, kind, 'amount'], (e[kind] as Obj).amount, 'number');
    });
  list(d.events).forEach((e, k) => {
    if (!isObj(e)) return;
    check(['events', k, 'trigger'], e.trigger, 'boolean');
    effects(['events', k, 'effects'], e.effects);
    list(e.options).forEach((o, j) => {
      if (!isObj(o)) return;
      check(['events', k, 'options', j, 'weight'], o.weight, 'number');
      list(o.modifiers).forEach(
        (m, i) => isObj(m) && check(['events', k, 'options', j, 'modifiers', i, 'when'], m.when, 'boolean'),
      );
      effects(['events', k, 'options', j, 'effects'], o.effects);
    });
  });
  list(d.metrics).forEach((m, k) => isObj(m) && check(['metrics', k, 'expr'], m.expr, 'number'));
  list(d.end).forEach((m, k) => isObj(m) && check(['end', k, 'when'], m.when, 'boolean'));
  return issues;
}
