import { describe, expect, it } from 'vitest';
import { FusionEngine } from '../../server/src/fusion/fusion-engine.js';
import { generateScenario, pairwise } from './scenario.js';

/**
 * Pairwise precision and recall of fusion on labelled scenario streams (tests/fusion/scenario.ts),
 * at several densities around a busy day in a 50 × 50 km region. The target is P ≥ 0.95 and
 * R ≥ 0.90 at realistic density; the table shows where it breaks down.
 */
describe('fusion quality', () => {
  const densities = [0.5, 1, 2, 4] as const;
  const seeds = [1, 2, 3, 4, 5];
  const results = new Map<number, { precision: number; recall: number; signals: number }>();

  for (const density of densities) {
    let precision = 0;
    let recall = 0;
    let signals = 0;
    for (const seed of seeds) {
      const stream = generateScenario({ seed, density, noiseShare: 0.1 });
      const engine = new FusionEngine();
      for (const { signal } of stream) engine.fuse(signal);
      const predicted = stream.map(({ signal }) => engine.assignment.get(`${signal.kind}:${signal.id}`) ?? `none-${signal.id}`);
      const r = pairwise(stream.map((s) => s.truth), predicted);
      precision += r.precision / seeds.length;
      recall += r.recall / seeds.length;
      signals += stream.length / seeds.length;
    }
    results.set(density, { precision, recall, signals });
  }

  it('meets P ≥ 0.95 and R ≥ 0.90 at realistic density', () => {
    console.log(
      ['density  signals  precision  recall', ...[...results].map(([d, r]) => `${String(d).padEnd(8)} ${String(Math.round(r.signals)).padEnd(8)} ${r.precision.toFixed(3).padEnd(10)} ${r.recall.toFixed(3)}`)].join('\n'),
    );
    const realistic = results.get(1)!;
    expect(realistic.precision).toBeGreaterThanOrEqual(0.95);
    expect(realistic.recall).toBeGreaterThanOrEqual(0.9);
    expect(results.get(0.5)!.precision).toBeGreaterThanOrEqual(0.95);
  });
});
