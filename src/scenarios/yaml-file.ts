/**
 * Reading untrusted YAML or JSON with positions. Limits: file size, alias count (alias bombs are
 * refused), and keys that could reach an object prototype. Every zod issue is mapped back to the
 * line and column of the offending node.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { pathString, type LoadIssue, type Loaded } from './issues';

/** The largest file the loader reads (2 MiB): scenarios are text written by people. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParsedFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

/** Read and parse a YAML/JSON file; problems come back as issues, never thrown. */
export function readYamlFile(file: string, label = file): Loaded<ParsedFile> {
  const text = readTextFile(file, label);
  return text.ok ? parseYamlText(text.value, label) : text;
}

/** Read a file as text with the same limits as `readYamlFile` (size, regular file, not binary), without parsing it. */
export function readTextFile(file: string, label = file): Loaded<string> {
  const read = readLimited(file, MAX_FILE_BYTES);
  if (!read.ok) return fail(label, read.code, read.message);
  const buf = read.bytes;
  if (buf.includes(0)) return fail(label, 'file/binary', 'file is binary, not YAML or JSON text');
  return { ok: true, value: buf.toString('utf8') };
}

/**
 * A ParsedFile of a file already known to parse, whose document, positions and data come from
 * `parse` only when something asks for them (a message about a place in the file): what stands
 * for a file whose snapshot was used instead of parsing it.
 */
export function lazyParsed(label: string, parse: () => Loaded<ParsedFile>): ParsedFile {
  let done: ParsedFile | undefined;
  const get = (): ParsedFile => {
    if (!done) {
      const r = parse();
      if (!r.ok) throw new Error(`${label} no longer parses as it did when seastate read it`);
      done = r.value;
    }
    return done;
  };
  return {
    file: label,
    get data() {
      return get().data;
    },
    get doc() {
      return get().doc;
    },
    get lines() {
      return get().lines;
    },
  };
}

type ReadResult = { ok: true; bytes: Buffer } | { ok: false; code: string; message: string };

/**
 * Read at most `limit` bytes of a regular file. Pipes, devices and directories are refused before
 * reading (their reported size says nothing: /dev/zero reports 0 and never ends), and a file that
 * grows past the limit while being read is refused too.
 */
export function readLimited(file: string, limit: number): ReadResult {
  // stat before open: opening a FIFO blocks until someone writes to it.
  try {
    const pre = statSync(file);
    if (pre.isDirectory()) return { ok: false, code: 'file/unreadable', message: 'is a directory, not a file' };
    if (!pre.isFile())
      return {
        ok: false,
        code: 'file/not_regular',
        message: 'is not a regular file (a pipe or device cannot be read as a scenario)',
      };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      code: 'file/unreadable',
      message:
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot read (${code ?? 'error'})`,
    };
  }
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot open (${code ?? 'error'})`;
    return { ok: false, code: 'file/unreadable', message };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, code: 'file/unreadable', message: 'is a directory, not a file' };
    if (!st.isFile())
      return {
        ok: false,
        code: 'file/not_regular',
        message: 'is not a regular file (a pipe or device cannot be read as a scenario)',
      };
    if (st.size > limit)
      return { ok: false, code: 'file/too_large', message: `file is ${st.size} bytes; the limit is ${limit} bytes` };
    const buf = Buffer.alloc(limit + 1);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > limit)
        return { ok: false, code: 'file/too_large', message: `file is larger than the limit of ${limit} bytes` };
    }
    return { ok: true, bytes: buf.subarray(0, total) };
  } catch (e) {
    return {
      ok: false,
      code: 'file/unreadable',
      message: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  } finally {
    closeSync(fd);
  }
}

/** Parse YAML/JSON text with the same limits as `readYamlFile`. */
export function parseYamlText(text: string, label: string): Loaded<ParsedFile> {
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: false });
  } catch (e) {
    if (e instanceof RangeError) return fail(label, 'yaml/too_deep', 'nesting is too deep');
    throw e;
  }
  const issues: LoadIssue[] = [];
  for (const err of doc.errors) {
    if (/Maximum call stack/.test(err.message)) return fail(label, 'yaml/too_deep', 'nesting is too deep');
    const pos = lines.linePos(err.pos[0]);
    issues.push({
      code: 'yaml/syntax',
      file: label,
      line: pos.line,
      column: pos.col,
      path: '',
      message: firstLine(err.message),
    });
  }
  if (issues.length) return { ok: false, issues };
  if (doc.contents === null) return fail(label, 'file/empty', 'file is empty');
  try {
    forbiddenKeys(doc.contents, [], label, lines, issues);
  } catch (e) {
    if (e instanceof RangeError) return fail(label, 'yaml/too_deep', 'nesting is too deep');
    throw e;
  }
  if (issues.length) return { ok: false, issues };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof RangeError) return fail(label, 'yaml/too_deep', 'nesting is too deep');
    return fail(label, 'yaml/aliases', `too many alias expansions (${firstLine((e as Error).message)})`);
  }
  return { ok: true, value: { file: label, doc, lines, data } };
}

function forbiddenKeys(
  node: unknown,
  path: (string | number)[],
  file: string,
  lines: LineCounter,
  out: LoadIssue[],
): void {
  if (isMap(node)) {
    for (const item of node.items) {
      if (isAlias(item.key) || (isNode(item.key) && (isMap(item.key) || isSeq(item.key)))) {
        // An alias or a collection as a key could smuggle "__proto__" past the check below.
        const pos = item.key.range ? lines.linePos(item.key.range[0]) : undefined;
        out.push({
          code: 'yaml/complex_key',
          file,
          line: pos?.line,
          column: pos?.col,
          path: pathString(path),
          message: 'a mapping key must be plain text, not an alias or a collection',
        });
        continue;
      }
      const key = isNode(item.key) ? String((item.key as { value?: unknown }).value) : String(item.key);
      if (FORBIDDEN_KEYS.has(key)) {
        const range = isNode(item.key) ? item.key.range : undefined;
        const pos = range ? lines.linePos(range[0]) : undefined;
        out.push({
          code: 'yaml/forbidden_key',
          file,
          line: pos?.line,
          column: pos?.col,
          path: pathString([...path, key]),
          message: `the key "${key}" is not allowed`,
        });
      } else forbiddenKeys(item.value, [...path, key], file, lines, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => forbiddenKeys(item, [...path, i], file, lines, out));
  }
}

/** Validate parsed data with a zod schema; every issue gets the position of its node. */
export function validate<S extends z.ZodType>(parsed: ParsedFile, schema: S): Loaded<z.infer<S>> {
  const r = schema.safeParse(parsed.data);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, issues: r.error.issues.map((iss) => zodIssue(parsed, iss)) };
}

function zodIssue(parsed: ParsedFile, iss: z.core.$ZodIssue): LoadIssue {
  // A union (an effect is one of several shapes): report the closest branch's first problem, not
  // zod's bare "Invalid input".
  if (iss.code === 'invalid_union' && iss.errors.length) {
    const rootUnknown = (b: z.core.$ZodIssue[]) => b.find((x) => x.code === 'unrecognized_keys' && x.path.length === 0);
    if (iss.errors.every((b) => rootUnknown(b))) {
      // No branch knows this key: an unknown kind (a misspelt effect, say).
      const keys = (rootUnknown(iss.errors[0]) as { keys: string[] }).keys;
      const sub = zodIssue(parsed, { ...rootUnknown(iss.errors[0])!, path: iss.path } as z.core.$ZodIssue);
      return {
        ...sub,
        message: `unknown ${keys.length > 1 ? 'keys' : 'key'} ${keys.map((k) => `"${k}"`).join(', ')} (expected one of: ${unionKeys(iss)})`,
      };
    }
    const best = [...iss.errors].sort((a, b) => a.length - b.length)[0];
    // A misspelt key explains a missing one, so report it first.
    const inner = best.find((x) => x.code === 'unrecognized_keys') ?? best[0];
    if (inner) return zodIssue(parsed, { ...inner, path: [...iss.path, ...inner.path] } as z.core.$ZodIssue);
  }
  const path = iss.path.filter((p): p is string | number => typeof p !== 'symbol');
  let message = iss.message;
  if (iss.code === 'too_big' || iss.code === 'too_small') {
    let v: unknown = parsed.data;
    for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
    const bound = iss.code === 'too_big' ? iss.maximum : iss.minimum;
    const word = iss.code === 'too_big' ? (iss.inclusive ? 'at most' : 'below') : iss.inclusive ? 'at least' : 'above';
    const what =
      iss.origin === 'number' || iss.origin === 'int'
        ? 'a number'
        : iss.origin === 'array'
          ? 'a list with length'
          : iss.origin === 'string'
            ? 'text with length'
            : 'a value';
    message = `expected ${what} ${word} ${String(bound)}, found ${typeof v === 'number' ? v : Array.isArray(v) ? `${v.length} items` : typeof v === 'string' ? `${v.length} character${v.length === 1 ? '' : 's'}` : clip(JSON.stringify(v) ?? 'nothing')}`;
  }
  if (iss.code === 'unrecognized_keys')
    message = `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')}`;
  const pos =
    iss.code === 'unrecognized_keys'
      ? (keyPosition(parsed, path, iss.keys[0]) ?? positionOf(parsed, path))
      : positionOf(parsed, path);
  return {
    code: `schema/${iss.code}`,
    file: parsed.file,
    line: pos?.line,
    column: pos?.column,
    path: pathString(path),
    message: describe(message, parsed, path),
  };
}

/** Add what was found to zod's "expected" message. */
function describe(message: string, parsed: ParsedFile, path: (string | number)[]): string {
  if (!/^Invalid input: expected/.test(message)) return message;
  let v: unknown = parsed.data;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  if (v === undefined)
    return `missing: a value is required here (${message.replace(/, received .*$/, '').replace(/^Invalid input: /, '')})`;
  const found =
    v === undefined
      ? 'nothing'
      : v === null
        ? 'null'
        : Array.isArray(v)
          ? 'a list'
          : typeof v === 'object'
            ? 'a mapping'
            : clip(JSON.stringify(v));
  return `${message.replace(/, received .*$/, '').replace(/^Invalid input: /, '')}, found ${found}`;
}

/** The keys the branches of a union of one-key objects expect, for messages. */
function unionKeys(iss: z.core.$ZodIssue & { code: 'invalid_union' }): string {
  const keys = new Set<string>();
  for (const b of iss.errors)
    for (const x of b) if (x.code === 'invalid_type' && x.path.length === 1) keys.add(String(x.path[0]));
  return [...keys].join(', ') || 'see docs/SCENARIOS.md';
}

/** At most 60 characters of a found value, so one bad value cannot flood the terminal. */
function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Line and column of a key (not its value) in the mapping at `path`. */
function keyPosition(
  parsed: ParsedFile,
  path: readonly (string | number)[],
  key: string,
): { line: number; column: number } | undefined {
  const map = parsed.doc.getIn(path, true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((it) => isNode(it.key) && String((it.key as { value?: unknown }).value) === key);
  const range = pair && isNode(pair.key) ? pair.key.range : undefined;
  if (!range) return undefined;
  const pos = parsed.lines.linePos(range[0]);
  return { line: pos.line, column: pos.col };
}

/** Line and column of the node at a path, or of its nearest existing parent. */
export function positionOf(
  parsed: ParsedFile,
  path: readonly (string | number)[],
): { line: number; column: number } | undefined {
  for (let len = path.length; len >= 0; len--) {
    const node = parsed.doc.getIn(path.slice(0, len), true);
    const range = isNode(node) ? node.range : undefined;
    if (range) {
      const pos = parsed.lines.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    }
    // A map key: point at the key itself.
    if (len > 0) {
      const parent = parsed.doc.getIn(path.slice(0, len - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find(
          (it) => isNode(it.key) && (it.key as { value?: unknown }).value === path[len - 1],
        );
        const kr = pair && isNode(pair.key) ? pair.key.range : undefined;
        if (kr) {
          const pos = parsed.lines.linePos(kr[0]);
          return { line: pos.line, column: pos.col };
        }
      }
    }
  }
  return undefined;
}

function fail<T>(file: string, code: string, message: string): Loaded<T> {
  return { ok: false, issues: [{ code, file, path: '', message }] };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/**
 * The position of character `offset` inside the one-line scalar at `path` (an expression), or the
 * node's own position when the scalar spans lines.
 */
export function offsetPosition(
  parsed: ParsedFile,
  path: readonly (string | number)[],
  offset: number,
): { line: number; column: number } | undefined {
  const node = parsed.doc.getIn(path, true);
  if (isNode(node) && isScalar(node) && node.range && typeof node.value === 'string' && !node.value.includes('\n')) {
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
    const pos = parsed.lines.linePos(node.range[0] + quoted + offset);
    return { line: pos.line, column: pos.col };
  }
  return positionOf(parsed, path);
}
