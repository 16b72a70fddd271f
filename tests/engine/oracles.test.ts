/**
 * Textbook oracles: with every other term weighted 0, each term reproduces its closed form.
 * Opinions x in the textbook examples are scaled by 1/100 to fit the alignment range.
 */
import { describe, expect, it } from 'vitest';
import { runTurns, type StepOptions, type TurnInputs, type WorldState } from '../../src/engine';
import { actor, cell, tinyRules, tinyWorld } from './world';

/** runTurns under the rules of a tiny world (which has none of its own). */
const run = (s: WorldState, turns: number, inputs?: (turn: number) => TurnInputs, options?: StepOptions) =>
  runTurns(tinyRules(s), s, turns, inputs, options);

/**
 * Opinion dynamics on the column of a passive target actor T (index n): x_i = A[i][T]. The target
 * trusts only itself, so column T of the first n actors evolves exactly as x(t+1) = L W x(t) + (I-L) x0.
 */
function opinionWorld(W: number[][], x0: number[], stubbornness: number[]): WorldState {
  const n = W.length;
  const m = n + 1;
  const trust = new Array(m * m).fill(0);
  const alignment = new Array(m * m).fill(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) trust[i * m + k] = W[i][k];
    alignment[i * m + n] = x0[i];
  }
  trust[n * m + n] = 1;
  const actors = Array.from({ length: m }, (_, i) =>
    actor(`A${i}`, {
      posture: { balancing: 0, bandwagoning: 0, stubbornness: i < n ? stubbornness[i] : 1, autonomy: 0 },
    }),
  );
  return tinyWorld({ alignment, actors, params: (p) => ((p.weights.influence = 1), (p.influence.trust = trust)) });
}

const column = (s: WorldState, n: number) => Array.from({ length: n }, (_, i) => cell(s, i, n));

describe('influence term: DeGroot and Friedkin-Johnsen', () => {
  it('DeGroot: the brief example reaches consensus at 130/3 (scaled)', () => {
    const W = [
      [0.6, 0.3, 0.1],
      [0.2, 0.7, 0.1],
      [0.1, 0.4, 0.5],
    ];
    const s = run(opinionWorld(W, [0.8, 0.2, 0.5], [0, 0, 0]), 400).state;
    for (const v of column(s, 3)) expect(v).toBeCloseTo(130 / 300, 9);
  });

  it('DeGroot: consensus is the left-eigenvector average of x0 for another W', () => {
    // W with stationary distribution pi = (1/4, 1/2, 1/4): consensus = pi . x0.
    const W = [
      [0.5, 0.5, 0],
      [0.25, 0.5, 0.25],
      [0, 0.5, 0.5],
    ];
    const x0 = [-0.6, 0.3, 0.9];
    const s = run(opinionWorld(W, x0, [0, 0, 0]), 400).state;
    for (const v of column(s, 3)) expect(v).toBeCloseTo(0.25 * -0.6 + 0.5 * 0.3 + 0.25 * 0.9, 9);
  });

  it('DeGroot without consensus: two closed communities keep their own averages', () => {
    // Actors 0,1 listen only to each other; 2,3 only to each other: W is reducible.
    const W = [
      [0.5, 0.5, 0, 0],
      [0.5, 0.5, 0, 0],
      [0, 0, 0.7, 0.3],
      [0, 0, 0.3, 0.7],
    ];
    const s = run(opinionWorld(W, [0.8, 0.2, -0.4, -0.8], [0, 0, 0, 0]), 400).state;
    const x = column(s, 4);
    expect(x[0]).toBeCloseTo(0.5, 9);
    expect(x[1]).toBeCloseTo(0.5, 9);
    expect(x[2]).toBeCloseTo(-0.6, 9);
    expect(x[3]).toBeCloseTo(-0.6, 9);
  });

  it('DeGroot without consensus: a periodic W oscillates forever', () => {
    const W = [
      [0, 1],
      [1, 0],
    ];
    const s1 = run(opinionWorld(W, [0.5, -0.5], [0, 0]), 101).state;
    const s2 = run(s1, 1).state;
    expect(column(s1, 2)).toEqual([-0.5, 0.5]);
    expect(column(s2, 2)).toEqual([0.5, -0.5]);
  });

  it('Friedkin-Johnsen: the brief example converges to (50/3, 50, 250/3) (scaled)', () => {
    const W = [
      [0.5, 0.5, 0],
      [0.25, 0.5, 0.25],
      [0, 0.5, 0.5],
    ];
    const s = run(opinionWorld(W, [0, 0.5, 1], [0.5, 0.5, 0.5]), 400).state;
    const x = column(s, 3);
    expect(x[0]).toBeCloseTo(50 / 300, 9);
    expect(x[1]).toBeCloseTo(0.5, 9);
    expect(x[2]).toBeCloseTo(250 / 300, 9);
  });

  it('Friedkin-Johnsen: matches the closed form (I - LW)^-1 (I - L) x0 with unequal stubbornness', () => {
    const W = [
      [0.2, 0.8, 0],
      [0.3, 0.3, 0.4],
      [0.5, 0, 0.5],
    ];
    const stub = [0.1, 0.6, 0.3];
    const x0 = [0.9, -0.4, 0.2];
    const s = run(opinionWorld(W, x0, stub), 600).state;
    const expected = solveFJ(W, stub, x0);
    const x = column(s, 3);
    for (let i = 0; i < 3; i++) expect(x[i]).toBeCloseTo(expected[i], 9);
  });

  it('Friedkin-Johnsen: a fully stubborn actor never moves and pulls the others toward it', () => {
    const W = [
      [0.5, 0.5, 0],
      [0.25, 0.5, 0.25],
      [0, 0.5, 0.5],
    ];
    const x0 = [-0.9, 0.1, 0.7];
    const s = run(opinionWorld(W, x0, [1, 0, 0]), 800).state;
    const x = column(s, 3);
    expect(x[0]).toBe(-0.9);
    // With the others fully susceptible, the stubborn actor's view spreads to everyone.
    expect(x[1]).toBeCloseTo(-0.9, 9);
    expect(x[2]).toBeCloseTo(-0.9, 9);
  });
});

/** Solve x = L W x + (I - L) x0 for 3 actors by Gaussian elimination. */
function solveFJ(W: number[][], stub: number[], x0: number[]): number[] {
  const n = W.length;
  const M = W.map((row, i) => row.map((w, k) => (i === k ? 1 : 0) - (1 - stub[i]) * w));
  const b = x0.map((v, i) => stub[i] * v);
  for (let c = 0; c < n; c++) {
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k < n; k++) M[r][k] -= f * M[c][k];
      b[r] -= f * b[c];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

describe('balance term: Heider', () => {
  /** A generic symmetric start from a seeded LCG (values in (-0.5, 0.5)). */
  function symmetricStart(n: number, seed: number): number[] {
    let s = seed;
    const next = () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648 - 0.5);
    const A = new Array(n * n).fill(1);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) A[i * n + j] = A[j * n + i] = next();
    return A;
  }

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`ends in at most two factions with every triad balanced (seed ${seed})`, () => {
      const n = 10;
      const start = tinyWorld({ alignment: symmetricStart(n, seed), params: (p) => (p.weights.balance = 0.5) });
      const s = run(start, 3000, undefined, { trace: false }).state;
      const A = s.alignment;
      // Converged to a sign pattern near +-1.
      for (let x = 0; x < n * n; x++) expect(Math.abs(A[x])).toBeGreaterThan(0.99);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          for (let k = 0; k < n; k++)
            if (i !== j && j !== k && i !== k) expect(Math.sign(A[i * n + j] * A[j * n + k] * A[k * n + i])).toBe(1);
      // Factions: friends of actor 0, and the rest; every relation matches the partition.
      const faction = Array.from({ length: n }, (_, i) => (i === 0 || A[i] > 0 ? 0 : 1));
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) if (i !== j) expect(A[i * n + j] > 0).toBe(faction[i] === faction[j]);
    });
  }

  it('a balanced triad stays balanced and an unbalanced one is resolved', () => {
    // Two friends with a common enemy: balanced, and each relation only strengthens.
    const bal = tinyWorld({
      alignment: [1, 0.5, -0.5, 0.5, 1, -0.5, -0.5, -0.5, 1],
      params: (p) => (p.weights.balance = 0.2),
    });
    const after = run(bal, 50).state;
    expect(cell(after, 0, 1)).toBeGreaterThan(0.5);
    expect(cell(after, 0, 2)).toBeLessThan(-0.5);
    // All three friendly except one pair hostile: unbalanced; the product of signs becomes positive.
    const unbal = tinyWorld({
      alignment: [1, 0.6, 0.5, 0.6, 1, -0.3, 0.5, -0.3, 1],
      params: (p) => (p.weights.balance = 0.2),
    });
    const s = run(unbal, 400).state;
    expect(cell(s, 0, 1) * cell(s, 1, 2) * cell(s, 2, 0)).toBeGreaterThan(0);
  });
});

describe('arms dynamics: Richardson', () => {
  function armsWorld(a: number, b: number, m: number, nn: number, g: number, h: number, x0 = 1, y0 = 1) {
    return tinyWorld({
      alignment: [1, -1, -1, 1],
      turnMonths: 1,
      actors: [
        actor('X', { capabilities: { military: x0, economic: 1, maritime: 0, diplomatic: 0 } }),
        actor('Y', { capabilities: { military: y0, economic: 1, maritime: 0, diplomatic: 0 } }),
      ],
      params: (p) => {
        p.weights.arms = 1;
        p.arms.actors = {
          X: { reactivity: a, fatigue: m, grievance: g },
          Y: { reactivity: b, fatigue: nn, grievance: h },
        };
      },
    });
  }
  const mil = (s: WorldState) => s.actors.map((x) => x.capabilities.military);

  it('converges to the equilibrium (5, 7.5) of the brief example, where m n > a b', () => {
    const s = run(armsWorld(0.4, 0.5, 0.8, 0.6, 1, 2), 4000, undefined, { trace: false }).state;
    const [x, y] = mil(s);
    expect(x).toBeCloseTo(5, 9);
    expect(y).toBeCloseTo(7.5, 9);
  });

  it('equilibrium matches the closed form ((a h + n g)/(m n - a b), (b g + m h)/(m n - a b)) for other values', () => {
    const [a, b, m, n, g, h] = [0.3, 0.2, 0.5, 0.7, 2, 0.5];
    const det = m * n - a * b;
    const s = run(armsWorld(a, b, m, n, g, h, 20, 3), 4000, undefined, { trace: false }).state;
    const [x, y] = mil(s);
    expect(x).toBeCloseTo((a * h + n * g) / det, 9);
    expect(y).toBeCloseTo((b * g + m * h) / det, 9);
  });

  it('runs away when m n < a b', () => {
    const s = run(armsWorld(0.9, 0.8, 0.5, 0.6, 1, 1), 600, undefined, { trace: false }).state;
    const [x, y] = mil(s);
    expect(x).toBeGreaterThan(1e3);
    expect(y).toBeGreaterThan(1e3);
    const later = mil(run(s, 12, undefined, { trace: false }).state);
    expect(later[0]).toBeGreaterThan(x);
  });
});
