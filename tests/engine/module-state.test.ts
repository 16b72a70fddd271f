/**
 * No module-level mutable state in src/engine: two runs in one process (a batch worker, a test
 * worker, the UI beside a batch) share nothing but what they are given. Checked two ways:
 *  - in the source, every top-level declaration of every engine module (TypeScript's parser): no
 *    `let` or `var`, and a `const` holds only a primitive, a function, a class, a regular
 *    expression without state (no g or y flag), or a value wrapped in Object.freeze / deepFreeze, or
 *    the result of a call that returns a primitive (Math.*) or a frozen value;
 *  - at run time, every exported value of every engine module that is an object is deeply frozen.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENGINE = path.resolve(__dirname, '../../src/engine');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Calls whose result holds no mutable state: frozen wrappers, Math, and the engine's own frozen builders. */
const SAFE_CALLS = new Set(['Object.freeze', 'deepFreeze', 'Math.sqrt', 'Math.log', 'Math.exp', 'Math.pow']);

function unwrap(e: ts.Expression): ts.Expression {
  while (
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isParenthesizedExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression;
  return e;
}

/** A Map, Set, WeakMap, WeakSet, WeakRef or typed array built anywhere inside `e` (which a freeze leaves mutable). */
function containers(e: ts.Node, sf: ts.SourceFile): string | undefined {
  if (ts.isNewExpression(e)) {
    const name = e.expression.getText(sf);
    if (/^(Map|Set|WeakMap|WeakSet|WeakRef|(Int|Uint|Float|BigInt|BigUint)\d+(Clamped)?Array)$/.test(name))
      return `a ${name}, which Object.freeze leaves mutable`;
  }
  return ts.forEachChild(e, (c) => containers(c, sf));
}

/** Why an initializer may hold mutable state, or undefined if it cannot. */
function mutable(e: ts.Expression, sf: ts.SourceFile): string | undefined {
  e = unwrap(e);
  if (
    ts.isNumericLiteral(e) ||
    ts.isStringLiteral(e) ||
    ts.isNoSubstitutionTemplateLiteral(e) ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    e.kind === ts.SyntaxKind.NullKeyword ||
    ts.isArrowFunction(e) ||
    ts.isFunctionExpression(e) ||
    ts.isClassExpression(e)
  )
    return undefined;
  if (ts.isPrefixUnaryExpression(e)) return mutable(e.operand, sf);
  if (ts.isBinaryExpression(e)) return mutable(e.left, sf) ?? mutable(e.right, sf);
  if (ts.isRegularExpressionLiteral(e)) {
    const flags = e.text.slice(e.text.lastIndexOf('/') + 1);
    return /[gy]/.test(flags) ? 'a regular expression with a g or y flag keeps lastIndex' : undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = e.expression.getText(sf);
    if (!SAFE_CALLS.has(callee)) return `the result of ${callee}() (wrap it in Object.freeze)`;
    // Freezing does not stop a Map, a Set or a typed array from changing: none may be inside.
    const inner = e.arguments.map((a) => containers(a, sf)).find((x) => x !== undefined);
    return inner;
  }
  if (ts.isIdentifier(e) && (e.text === 'undefined' || e.text === 'Infinity' || e.text === 'NaN')) return undefined;
  return `${ts.SyntaxKind[e.kind]} \`${e.getText(sf).slice(0, 40)}\``;
}

function violations(file: string): string[] {
  return violationsIn(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true));
}

function violationsIn(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const where = (n: ts.Node) =>
    `${path.relative(ENGINE, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      const flags = st.declarationList.flags;
      if (!(flags & ts.NodeFlags.Const)) {
        out.push(`${where(st)}: a top-level let or var`);
        continue;
      }
      for (const d of st.declarationList.declarations) {
        const why = d.initializer ? mutable(d.initializer, sf) : 'no initializer';
        if (why) out.push(`${where(d)}: ${d.name.getText(sf)} holds ${why}`);
      }
    } else if (ts.isClassDeclaration(st)) {
      for (const m of st.members)
        if (ts.isPropertyDeclaration(m) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) {
          if (!m.modifiers?.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword))
            out.push(`${where(m)}: a static field that is not readonly`);
          else if (m.initializer && mutable(m.initializer, sf))
            out.push(`${where(m)}: a static field holds ${mutable(m.initializer, sf)}`);
        }
    } else if (ts.isExpressionStatement(st)) {
      out.push(`${where(st)}: a top-level statement runs at import`);
    } else if (
      ts.isModuleDeclaration(st) ||
      (ts.isEnumDeclaration(st) && !st.modifiers?.some((x) => x.kind === ts.SyntaxKind.ConstKeyword))
    ) {
      out.push(`${where(st)}: a namespace or a (non-const) enum is a mutable object`);
    }
  }
  return out;
}

function isDeepFrozen(x: unknown, seen = new Set<unknown>()): boolean {
  if (typeof x !== 'object' || x === null || seen.has(x)) return true;
  seen.add(x);
  return Object.isFrozen(x) && Object.values(x).every((v) => isDeepFrozen(v, seen));
}

describe('module-level state in src/engine', () => {
  const all = files(ENGINE);

  it('finds the engine modules', () => {
    expect(all.length).toBeGreaterThan(25);
  });

  it('no module declares a let, a var, or a const that holds something mutable', () => {
    expect(all.flatMap(violations)).toEqual([]);
  });

  it('the check itself flags each kind of mutable declaration, and passes the immutable ones', () => {
    const source = [
      'let a = 1;',
      'const cache = new WeakMap();',
      'const list = [1, 2];',
      'const table = { a: 1 };',
      'const re = /x/g;',
      'const made = build();',
      'class C { static count = 0; }',
      'register();',
      'const frozenMap = Object.freeze(new Map());',
      'const frozenBuffer = deepFreeze({ top: new Int32Array(4) });',
      'class D { static readonly cache = new Map(); }',
      'enum E { A }',
      'const ok1 = Object.freeze([1, 2]);',
      'const ok2 = 2 / Math.sqrt(3);',
      'const ok3 = /^a$/;',
      'const ok4 = (x: number) => x;',
      "const ok5 = 'text' as const;",
    ].join('\n');
    const found = violationsIn(
      ts.createSourceFile(path.join(ENGINE, 'sample.ts'), source, ts.ScriptTarget.ES2022, true),
    );
    expect(found.map((v) => v.split(':')[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
  });

  it('every exported object of every engine module is deeply frozen', async () => {
    const unfrozen: string[] = [];
    for (const f of all) {
      const mod = (await import(f)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod))
        if (typeof value === 'object' && value !== null && !isDeepFrozen(value))
          unfrozen.push(`${path.relative(ENGINE, f)}: ${name}`);
    }
    expect(unfrozen).toEqual([]);
  });
});
