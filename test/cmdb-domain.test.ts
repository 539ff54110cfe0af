/** The CMDB's pure rules: outage propagation, import planning and item validation, without a store. */
import { importProblems, itemInputProblems, planImport, simulateOutage, type ClosureNode, type ItemInput } from '../subgraphs/cmdb/domain';

const node = (id: string, dependencyIds: string[], minimumAvailable: number | null = null, ciClass: ClosureNode['ciClass'] = 'APPLICATION'): ClosureNode => ({
  id, name: id, ciClass, minimumAvailable, dependencyIds,
});

describe('outage propagation', () => {
  it('takes an item down once fewer than minimumAvailable of its dependencies are up, counting dependencies outside the closure', () => {
    // tier relies on s1, s2 (failed) and s3 (not reached, so up); with 2 required it survives one loss, not two.
    const closure = { roots: [node('s1', []), node('s2', [])], reached: [node('tier', ['s1', 's2', 's3'], 2), node('svc', ['tier'], null, 'BUSINESS_SERVICE')] };
    const report = simulateOutage(closure, 10);
    expect(report.items.map((entry) => [entry.itemId, entry.state, entry.distance, entry.downDependencyIds])).toEqual([
      ['tier', 'DOWN', 1, ['s1', 's2']],
      ['svc', 'DOWN', 2, ['tier']],
    ]);
    const one = simulateOutage({ roots: [node('s1', [])], reached: closure.reached }, 10);
    expect(one.items.map((entry) => entry.state)).toEqual(['DEGRADED', 'DEGRADED']);
    expect(one.businessServicesDegraded).toEqual(['svc']);
  });

  it('takes an item down when its threshold exceeds its number of dependencies, and terminates on cycles', () => {
    const closure = { roots: [node('r', [])], reached: [node('a', ['r', 'b'], 5), node('b', ['a'])] };
    const report = simulateOutage(closure, 1);
    expect([report.downCount, report.degradedCount, report.truncated, report.items.length]).toEqual([2, 0, true, 1]);
  });
});

describe('import planning and validation', () => {
  const input = (externalId: string, extra: Partial<ItemInput> = {}): ItemInput => ({ externalId, name: externalId, ciClass: 'SERVER', ...extra });

  it('gives new items fresh ids, names relationships by id and lists each distinct relationship once', () => {
    let next = 0;
    const plan = planImport(
      [input('a'), input('b')],
      [
        { sourceExternalId: 'a', targetExternalId: 'b', type: 'RUNS_ON' },
        { sourceExternalId: 'a', targetExternalId: 'b', type: 'RUNS_ON' },
        { sourceExternalId: 'a', targetExternalId: 'old', type: 'DEPENDS_ON' },
      ],
      new Map(),
      new Map([['old', 'id-old']]),
      () => `id-${next++}`,
    );
    expect(plan.created.map((c) => c.id)).toEqual(['id-0', 'id-1']);
    expect(plan.relationships).toEqual([
      { type: 'RUNS_ON', sourceId: 'id-0', targetId: 'id-1' },
      { type: 'DEPENDS_ON', sourceId: 'id-0', targetId: 'id-old' },
    ]);
  });

  it('names every bad minimumAvailable and NUL character where the backend cannot store one', () => {
    expect(itemInputProblems(input('a', { minimumAvailable: 0 }), 'input', { nulInText: true })).toEqual([
      'input.minimumAvailable must be null or an integer from 1 to 1000, got 0',
    ]);
    expect(itemInputProblems(input('a', { minimumAvailable: 1000 }), 'input', { nulInText: true })).toEqual([]);
    const problems = importProblems([input('a', { name: 'x\u0000', minimumAvailable: 1001 })], [], new Set(), { nulInText: false });
    expect(problems).toEqual(['items[0].name contains a NUL character', 'items[0].minimumAvailable must be null or an integer from 1 to 1000, got 1001']);
    expect(importProblems([input('a', { name: 'x\u0000' })], [], new Set(), { nulInText: true })).toEqual([]);
  });
});
