/** Every built-in scenario validates, runs to its end through the CLI, and cites its sources. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinIds } from '../../src/scenarios/registry';
import { world } from '../scenarios/compile-helper';
import { cli, cliMany } from './spawn';

const ids = builtinIds();
const REQUIRED = [
  'default',
  'taiwan-strait-crisis',
  'osa-grants',
  'palm-pacific-islands',
  'jasmine-asean',
  'south-china-sea-grayzone',
  'korea-missiles',
];
const TERMS = ['influence', 'balance', 'threat', 'effects', 'arms'];

describe('built-in scenarios', () => {
  it('include the six grounded scenarios, the default, and one teaching scenario per term', () => {
    for (const id of REQUIRED) expect(ids).toContain(id);
    for (const t of TERMS) expect(ids).toContain(`teach-${t}`);
  });

  it('`seastate scenarios` lists each with one line', () => {
    const r = cli(['scenarios']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(ids.length);
    ids.forEach((id, k) => expect(lines[k].startsWith(id)).toBe(true));
  });

  it('all validate in one call', () => {
    const r = cli(['validate', ...ids]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${ids.length} of ${ids.length} valid`);
  });

  it('each runs to its end with `run ID --seed 1 --json`', async () => {
    const results = await cliMany(ids.map((id) => ['run', id, '--seed', '1', '--json']));
    ids.forEach((id, k) => {
      const r = results[k];
      expect(r.stderr, id).toBe('');
      expect(r.code, id).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.scenario, id).toBe(id);
      expect(out.stateHash, id).toMatch(/^[0-9a-f]{64}$/);
      const header = parse(readFileSync(`data/scenarios/${id}.yaml`, 'utf8'));
      // Ran every planned turn, or stopped at an end condition.
      if (out.ended) expect(out.turns, id).toBe(out.ended.turn);
      else expect(out.turns, id).toBe(header.turns);
    });
  });

  it('every event cites a known source and the fact it rests on', () => {
    const sources = new Set(world().sources.map((s) => s.id));
    for (const id of ids) {
      const doc = parse(readFileSync(`data/scenarios/${id}.yaml`, 'utf8'));
      for (const e of doc.events ?? []) {
        expect(sources.has(e.source), `${id}: event ${e.id} source`).toBe(true);
        expect(String(e.fact ?? '').length, `${id}: event ${e.id} fact`).toBeGreaterThan(8);
      }
    }
  });

  it('every number outside event effects is cited (overrides, ladders, parameters)', () => {
    const uncited: string[] = [];
    const walk = (v: unknown, p: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.value === 'number' && typeof o.source === 'string') return;
        for (const [k, x] of Object.entries(o)) walk(x, `${p}.${k}`);
      } else if (typeof v === 'number') uncited.push(p);
    };
    for (const id of ids) {
      const doc = parse(readFileSync(`data/scenarios/${id}.yaml`, 'utf8'));
      for (const key of ['actors', 'alignment', 'model', 'ladders']) walk(doc[key], `${id}: ${key}`);
    }
    expect(uncited).toEqual([]);
  });
});
