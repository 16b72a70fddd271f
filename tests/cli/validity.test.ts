/**
 * The validity suite, fast: the claims of validity/claims.yaml with fewer runs and fixed seeds,
 * played in this process and judged exactly as `seastate validity` judges them (validity-fast.ts;
 * the framing, hedging and Korean claims are in validity-hedging and validity-korea.test.ts).
 * Claims whose effect is large must still pass outright; for the others the direction must hold.
 * The full suite (2,000 runs a point) is `npm run validity` (docs/VALIDITY.md). Also: the judge on
 * hand-made records, and bad claims files refused with exit 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Layout, RunRecord } from '../../src/cli/batch/runner';
import { judge, type Claim } from '../../src/cli/validity/claims';
import { claim, claims, play } from './validity-fast';
import { cli, hasStack } from './spawn';

describe('validity, fast subset', () => {
  it('lists the claims the escalation issue asks for', () => {
    expect([...claims.keys()]).toEqual(
      expect.arrayContaining([
        'taiwan-spread',
        'scs-spread',
        'korea-spread',
        'japan-bases',
        'us-stays-out',
        'partnership-framing',
        'hedgers-alone',
        'hedgers-coerced',
      ]),
    );
  });

  it('Japan denying its bases: the defence of Taiwan fails more often, intervals apart at 150 runs', () => {
    const v = play(claim('japan-bases'), 150);
    expect(v.estimates[1].value).toBeGreaterThan(v.estimates[0].value);
    expect(v.pass).toBe(true);
  });

  it('the US staying out: Taiwan fares worse, intervals apart at 150 runs', () => {
    const v = play(claim('us-stays-out'), 150);
    expect(v.pass).toBe(true);
  });
});

describe('the judge', () => {
  const layout = { metricIds: ['x'], endIds: ['war', 'peace'] } as unknown as Layout;
  const rec = (outcome: string, x: number) => ({ outcome, metrics: [x] }) as unknown as RunRecord;
  const lever: Claim = {
    id: 'c',
    claim: 'a claim to test',
    source: 's',
    fact: 'a fact to test',
    scenario: 'x',
    lever: { key: 'params.p', from: 0, to: 1 },
    measure: { label: 'x high', metric: 'x', above: 0.5 },
    expect: 'higher',
  };

  it('passes a lever claim only when the changed point is on the expected side with the intervals apart', () => {
    const low = Array.from({ length: 100 }, (_, k) => rec('', k < 20 ? 1 : 0));
    const high = Array.from({ length: 100 }, (_, k) => rec('', k < 60 ? 1 : 0));
    const close = Array.from({ length: 100 }, (_, k) => rec('', k < 25 ? 1 : 0));
    expect(judge(lever, [layout, layout], [low, high])).toMatchObject({
      pass: true,
      estimates: [
        { count: 20, n: 100 },
        { count: 60, n: 100 },
      ],
    });
    expect(judge(lever, [layout, layout], [high, low]).pass).toBe(false);
    // 20% [13.3, 28.9] and 25% [17.5, 34.3] overlap: the direction alone is not enough.
    const v = judge(lever, [layout, layout], [low, close]);
    expect(v.pass).toBe(false);
    expect(v.reason).toContain('overlap');
  });

  it('fails a spread claim that has an outcome below the floor, naming it', () => {
    const spread: Claim = {
      id: 's',
      claim: 'a claim to test',
      source: 's',
      fact: 'a fact to test',
      scenario: 'x',
      measure: { label: 'each', spread: { min: 0.03, max: 0.9 } },
    };
    const runs = [...Array(50).fill(rec('war', 0)), ...Array(49).fill(rec('', 0)), rec('peace', 0)];
    const v = judge(spread, [layout], [runs]);
    expect(v.pass).toBe(false);
    expect(v.reason).toBe('peace below 3.0%');
    expect(v.estimates.map((e) => e.count)).toEqual([50, 1, 49]);
  });
});

describe('bad claims files', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'seastate-validity-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses a claim with a lever but no expectation, and an unknown source, with exit 2 and where', () => {
    const f = path.join(tmp, 'a.yaml');
    writeFileSync(
      f,
      'claims:\n  - id: x\n    claim: a claim to test\n    source: csis-2023\n    fact: a fact to test\n    scenario: taiwan-strait-crisis\n    lever: { key: params.japan_bases, from: 1, to: 0 }\n    measure: { label: "defence", metric: defence_fails, above: 0.5 }\n',
    );
    let r = cli(['validity', '--file', f, '--runs', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a\.yaml:2:5: claims\[0\]\.expect: expect is needed/);
    expect(hasStack(r.stderr)).toBe(false);
    writeFileSync(
      f,
      'claims:\n  - id: x\n    claim: a claim to test\n    source: nowhere-1999\n    fact: a fact to test\n    scenario: taiwan-strait-crisis\n    measure: { label: "each", spread: { min: 0.03, max: 0.9 } }\n',
    );
    r = cli(['validity', '--file', f, '--runs', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('claim "x": unknown source "nowhere-1999"');
    r = cli(['validity', '--only', 'no-such-claim', '--runs', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--only no-such-claim: no such claim');
  });
});
