/**
 * Reading untrusted YAML or JSON with positions. Limits: file size, alias count (alias bombs are
 * refused), and keys that could reach an object prototype. Every zod issue is mapped back to the
 * line and column of the offending node.
 */
import { readFileSync, statSync } from 'node:fs';
import { isMap, isNode, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { pathString, type LoadIssue, type Loaded } from './issues';

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
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES)
      return fail(label, 'file/too_large', `file is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes`);
    const buf = readFileSync(file);
    if (buf.includes(0)) return fail(label, 'file/binary', 'file is binary, not YAML or JSON text');
    text = buf.toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(label, 'file/unreadable', code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code ?? 'error'})`);
  }
  return parseYamlText(text, label);
}

/** Parse YAML/JSON text with the same limits as `readYamlFile`. */
export function parseYamlText(text: string, label: string): Loaded<ParsedFile> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: false });
  const issues: LoadIssue[] = [];
  for (const err of doc.errors) {
    const pos = lines.linePos(err.pos[0]);
    issues.push({ code: 'yaml/syntax', file: label, line: pos.line, column: pos.col, path: '', message: firstLine(err.message) });
  }
  if (issues.length) return { ok: false, issues };
  if (doc.contents === null) return fail(label, 'file/empty', 'file is empty');
  forbiddenKeys(doc.contents, [], label, lines, issues);
  if (issues.length) return { ok: false, issues };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return fail(label, 'yaml/aliases', `too many alias expansions (${firstLine((e as Error).message)})`);
  }
  return { ok: true, value: { file: label, doc, lines, data } };
}

function forbiddenKeys(node: unknown, path: (string | number)[], file: string, lines: LineCounter, out: LoadIssue[]): void {
  if (isMap(node)) {
    for (const item of node.items) {
      const key = isNode(item.key) ? String((item.key as { value?: unknown }).value) : String(item.key);
      if (FORBIDDEN_KEYS.has(key)) {
        const range = isNode(item.key) ? item.key.range : undefined;
        const pos = range ? lines.linePos(range[0]) : undefined;
        out.push({ code: 'yaml/forbidden_key', file, line: pos?.line, column: pos?.col, path: pathString([...path, key]), message: `the key "${key}" is not allowed` });
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
  const path = iss.path.filter((p): p is string | number => typeof p !== 'symbol');
  let message = iss.message;
  if (iss.code === 'unrecognized_keys') message = `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')}`;
  const full = iss.code === 'unrecognized_keys' && iss.keys.length === 1 ? [...path, iss.keys[0]] : path;
  const pos = positionOf(parsed, full) ?? positionOf(parsed, path);
  return { code: `schema/${iss.code}`, file: parsed.file, line: pos?.line, column: pos?.column, path: pathString(path), message: describe(message, parsed, path) };
}

/** Add what was found to zod's "expected" message. */
function describe(message: string, parsed: ParsedFile, path: (string | number)[]): string {
  if (!/^Invalid input: expected/.test(message)) return message;
  let v: unknown = parsed.data;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  const found = v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : JSON.stringify(v);
  return `${message.replace(/, received .*$/, '').replace(/^Invalid input: /, '')}, found ${found}`;
}

/** Line and column of the node at a path, or of its nearest existing parent. */
export function positionOf(parsed: ParsedFile, path: readonly (string | number)[]): { line: number; column: number } | undefined {
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
        const pair = parent.items.find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === path[len - 1]);
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
