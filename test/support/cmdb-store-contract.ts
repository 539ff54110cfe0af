/**
 * The CMDB store contract: what every backend (PGlite, PostgreSQL, Neo4j) must
 * do, stated through `CmdbService` over the backend's `CmdbStore`, so the same
 * rules hold whatever the store. Fixtures go in through `importItems`; each test works in its own namespace (externalId prefix and
 * owner), so one store serves a whole suite.
 */
import type { GraphQLError } from 'graphql';
import {
  compareCodePoints,
  compareReached,
  type CIClass,
  type ConfigurationItem,
  type ItemInput,
  type Lifecycle,
  type RelationshipInput,
  type RelationshipType,
  type TraversalAnswer,
  type TraversalDirection,
  type TraversalReport,
} from '../../subgraphs/cmdb/domain';
import { createCmdbService, type CmdbService } from '../../subgraphs/cmdb/service';
import type { CmdbStore } from '../../subgraphs/cmdb/store';

export interface OpenedCmdbStore {
  store: CmdbStore;
  teardown(): Promise<void>;
}

/** An item of a fixture: key (unique within the test), name, class, lifecycle. */
type ItemSpec = [key: string, name: string, ciClass?: CIClass, lifecycle?: Lifecycle];
/** A relationship of a fixture: `source` relies on `target`. */
type RelSpec = [source: string, target: string, type?: RelationshipType];

interface Fixture {
  /** Stored id by fixture key. */
  id: Record<string, string>;
  /** Fixture key by stored id. */
  key: Record<string, string>;
  /** The namespace's owner, for listItems filters. */
  owner: string;
  externalId(key: string): string;
}

let namespaces = 0;

async function rejection(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a rejection, but the call succeeded');
}

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  return (await rejection(promise)).extensions.code;
}

/** A deterministic pseudo-random sequence, so a failing graph can be reproduced. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Breadth-first reference over the fixture, the contract's semantics written plainly. */
function referenceTraversal(
  items: Map<string, { name: string; ciClass: CIClass; lifecycle: Lifecycle }>,
  relationships: { sourceId: string; targetId: string; type: RelationshipType }[],
  roots: string[],
  direction: TraversalDirection,
  depth: number,
  types: RelationshipType[] | null,
): { id: string; distance: number; name: string }[] {
  const next = new Map<string, string[]>();
  for (const r of relationships) {
    if (types && !types.includes(r.type)) continue;
    const [from, to] = direction === 'impact' ? [r.targetId, r.sourceId] : [r.sourceId, r.targetId];
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const distance = new Map(roots.filter((id) => items.has(id)).map((id) => [id, 0]));
  let frontier = [...distance.keys()];
  for (let hops = 1; hops <= depth && frontier.length; hops += 1) {
    const reached: string[] = [];
    for (const id of frontier) {
      for (const to of next.get(id) ?? []) {
        if (distance.has(to) || items.get(to)!.lifecycle === 'RETIRED') continue;
        distance.set(to, hops);
        reached.push(to);
      }
    }
    frontier = reached;
  }
  return [...distance]
    .filter(([, d]) => d > 0)
    .map(([id, d]) => ({ id, distance: d, name: items.get(id)!.name }))
    .sort(compareReached);
}

/** Runs the CMDB store contract against the backend that `open` returns. */
export function describeCmdbStoreContract(name: string, open: () => Promise<OpenedCmdbStore>): void {
  describe(`CMDB store contract: ${name}`, () => {
    let opened: OpenedCmdbStore;
    let store: CmdbStore;
    /** The service over the store: the contract is what the CMDB does, rules included, on each backend. */
    let cmdb: CmdbService;

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
      cmdb = createCmdbService(store);
    });

    afterAll(async () => {
      await opened?.teardown();
    });

    function namespace(): { tag: string; owner: string; externalId(key: string): string } {
      namespaces += 1;
      const tag = `t${namespaces}-${Math.random().toString(36).slice(2, 8)}`;
      return { tag, owner: `owner-${tag}`, externalId: (key) => `${tag}:${key}` };
    }

    function inputsOf(ns: { owner: string; externalId(key: string): string }, items: ItemSpec[]): ItemInput[] {
      return items.map(([key, itemName, ciClass = 'APPLICATION', lifecycle]) => ({
        externalId: ns.externalId(key),
        name: itemName,
        ciClass,
        owner: ns.owner,
        ...(lifecycle ? { lifecycle } : {}),
      }));
    }

    function relationshipInputsOf(ns: { externalId(key: string): string }, relationships: RelSpec[]): RelationshipInput[] {
      return relationships.map(([source, target, type = 'DEPENDS_ON']) => ({
        sourceExternalId: ns.externalId(source),
        targetExternalId: ns.externalId(target),
        type,
      }));
    }

    async function load(items: ItemSpec[], relationships: RelSpec[] = []): Promise<Fixture> {
      const ns = namespace();
      await cmdb.importItems(inputsOf(ns, items), relationshipInputsOf(ns, relationships));
      const stored = await cmdb.itemsByExternalIds(items.map(([key]) => ns.externalId(key)));
      const id: Record<string, string> = {};
      const key: Record<string, string> = {};
      for (const [k] of items) {
        const item = stored.get(ns.externalId(k));
        if (!item) throw new Error(`fixture item ${k} was not stored`);
        id[k] = item.id;
        key[item.id] = k;
      }
      return { id, key, owner: ns.owner, externalId: ns.externalId };
    }

    function traverse(
      rootIds: string[],
      direction: TraversalDirection,
      args: { depth?: number; types?: RelationshipType[] | null; limit?: number } = {},
    ): Promise<TraversalAnswer> {
      return cmdb.traverse(rootIds, direction, { depth: 10, limit: 10_000, ...args });
    }

    function keysOf(fixture: Fixture, report: TraversalReport): string[] {
      return report.items.map((reached) => fixture.key[reached.item.id]);
    }

    /** Every path starts at a root, ends at its item, follows stored relationships the right way, and is distance + 1 long. */
    async function expectValidPaths(report: TraversalReport, direction: TraversalDirection, types: RelationshipType[] | null = null) {
      const onPaths = [...new Set(report.items.flatMap((reached) => reached.path))];
      const stored = await cmdb.relationshipsOf(onPaths);
      const edges = new Set(
        stored.filter((r) => !types || types.includes(r.type)).map((r) => `${r.sourceId}\u0001${r.targetId}`),
      );
      const rootIds = new Set(report.roots.map((root) => root.id));
      const reachedAt = new Map(report.items.map((reached) => [reached.item.id, reached.distance]));
      for (const reached of report.items) {
        const { path, distance, item } = reached;
        expect(path).toHaveLength(distance + 1);
        expect(rootIds.has(path[0])).toBe(true);
        expect(path[path.length - 1]).toBe(item.id);
        expect(new Set(path).size).toBe(path.length);
        path.forEach((id, hop) => {
          if (hop === 0) return;
          const [source, target] = direction === 'impact' ? [id, path[hop - 1]] : [path[hop - 1], id];
          expect(edges.has(`${source}\u0001${target}`)).toBe(true);
          // Every step is itself reached at its own fewest-hops distance (not retired, not a root).
          if (reachedAt.has(id)) expect(reachedAt.get(id)).toBe(hop);
        });
      }
    }

    describe('traversal', () => {
      it('orders reached items by distance, then name, then id, comparing by code point', async () => {
        const names = ['b', 'B', 'a', 'É', 'Z', 'é', '\uFF21', '\u{1F600}', 'same', 'same', 'a b', 'a-b'];
        const f = await load(
          [['root', 'root'], ...names.map((n, i): ItemSpec => [`n${i}`, n]), ['far', 'A']],
          [...names.map((_, i): RelSpec => [`n${i}`, 'root']), ['far', 'n0']],
        );
        const report = await traverse([f.id.root], 'impact');
        expect(report.items.map((reached) => reached.item.name)).toEqual([
          'B', 'Z', 'a', 'a b', 'a-b', 'b', 'same', 'same', 'É', 'é', '\uFF21', '\u{1F600}', 'A',
        ]);
        const same = report.items.filter((reached) => reached.item.name === 'same').map((reached) => reached.item.id);
        expect(compareCodePoints(same[0], same[1])).toBe(-1);
        expect(report.items.map((reached) => reached.distance)).toEqual([...names.map(() => 1), 2]);
        expect([...report.items].sort((a, b) => compareReached({ ...a, ...a.item }, { ...b, ...b.item }))).toEqual(report.items);
      });

      it('gives each reached item one shortest path from a root along relationships in the walked direction', async () => {
        const f = await load(
          [['db', 'db'], ['app1', 'app1'], ['app2', 'app2'], ['api', 'api'], ['web', 'web'], ['svc', 'svc', 'BUSINESS_SERVICE']],
          [['app1', 'db'], ['app2', 'db'], ['api', 'app1'], ['api', 'app2'], ['web', 'api'], ['svc', 'web'], ['svc', 'app1']],
        );
        const impact = await traverse([f.id.db], 'impact');
        expect(keysOf(f, impact)).toEqual(['app1', 'app2', 'api', 'svc', 'web']);
        expect(impact.items.find((reached) => reached.item.id === f.id.svc)!.path).toEqual([f.id.db, f.id.app1, f.id.svc]);
        await expectValidPaths(impact, 'impact');

        const dependencies = await traverse([f.id.svc], 'dependencies');
        expect(dependencies.items.map((reached) => [f.key[reached.item.id], reached.distance])).toEqual([
          ['app1', 1], ['web', 1], ['api', 2], ['db', 2], ['app2', 3],
        ]);
        await expectValidPaths(dependencies, 'dependencies');
      });

      it('terminates on cycles and never reports a root, even when a cycle leads back to it', async () => {
        const f = await load(
          [['a', 'a'], ['b', 'b'], ['c', 'c'], ['d', 'd']],
          [['b', 'a'], ['c', 'b'], ['a', 'c'], ['d', 'c'], ['c', 'd']],
        );
        const report = await traverse([f.id.a], 'impact', { depth: 10 });
        expect(report.items.map((reached) => [f.key[reached.item.id], reached.distance])).toEqual([['b', 1], ['c', 2], ['d', 3]]);
        expect(report.totalCount).toBe(3);
        expect(report.roots.map((root) => root.id)).toEqual([f.id.a]);
        await expectValidPaths(report, 'impact');

        const dependencies = await traverse([f.id.a], 'dependencies', { depth: 10 });
        expect(dependencies.items.map((reached) => [f.key[reached.item.id], reached.distance])).toEqual([['c', 1], ['b', 2], ['d', 2]]);
      });

      it('neither reports retired items nor walks through them', async () => {
        // a <- b <- c, and a <- d <- e <- c: with b retired, c is only reachable the long way.
        const f = await load(
          [['a', 'a'], ['b', 'b', 'APPLICATION', 'RETIRED'], ['c', 'c'], ['d', 'd'], ['e', 'e'], ['x', 'x']],
          [['b', 'a'], ['c', 'b'], ['d', 'a'], ['e', 'd'], ['c', 'e'], ['x', 'b']],
        );
        const report = await traverse([f.id.a], 'impact');
        expect(report.items.map((reached) => [f.key[reached.item.id], reached.distance])).toEqual([['d', 1], ['e', 2], ['c', 3]]);
        await expectValidPaths(report, 'impact');

        await cmdb.retireItem(f.id.e);
        const afterRetire = await traverse([f.id.a], 'impact');
        expect(keysOf(f, afterRetire)).toEqual(['d']);
        expect(afterRetire.totalCount).toBe(1);
      });

      it('walks from a retired root, though it reports and walks through no other retired item', async () => {
        const f = await load(
          [['old', 'old', 'SERVER', 'RETIRED'], ['app', 'app'], ['gone', 'gone', 'APPLICATION', 'RETIRED'], ['web', 'web']],
          [['app', 'old'], ['gone', 'old'], ['web', 'gone'], ['web', 'app']],
        );
        const report = await traverse([f.id.old], 'impact');
        expect(report.roots.map((root) => root.lifecycle)).toEqual(['RETIRED']);
        expect(report.items.map((reached) => [f.key[reached.item.id], reached.distance])).toEqual([['app', 1], ['web', 2]]);
        await expectValidPaths(report, 'impact');
      });

      it('follows only the relationship types asked for, and every type when types is null', async () => {
        const f = await load(
          [['host', 'host', 'SERVER'], ['vm', 'vm', 'VIRTUAL_MACHINE'], ['app', 'app'], ['other', 'other'], ['store', 'store', 'STORAGE']],
          [['vm', 'host', 'HOSTED_ON'], ['app', 'vm', 'RUNS_ON'], ['other', 'host', 'CONNECTS_TO'], ['host', 'store', 'STORED_ON']],
        );
        const runtime = await traverse([f.id.host], 'impact', { types: ['HOSTED_ON', 'RUNS_ON'] });
        expect(keysOf(f, runtime)).toEqual(['vm', 'app']);
        await expectValidPaths(runtime, 'impact', ['HOSTED_ON', 'RUNS_ON']);
        expect(keysOf(f, await traverse([f.id.host], 'impact', { types: ['CONNECTS_TO'] }))).toEqual(['other']);
        expect(keysOf(f, await traverse([f.id.host], 'impact', { types: ['DEPENDS_ON'] }))).toEqual([]);
        expect(keysOf(f, await traverse([f.id.host], 'impact', { types: null }))).toEqual(['other', 'vm', 'app']);
        expect(keysOf(f, await traverse([f.id.app], 'dependencies', { types: ['RUNS_ON', 'HOSTED_ON', 'STORED_ON'] }))).toEqual([
          'vm', 'host', 'store',
        ]);
      });

      it('stops at the depth asked for', async () => {
        const chain = Array.from({ length: 13 }, (_, i): ItemSpec => [`c${i}`, `chain ${String(i).padStart(2, '0')}`]);
        const f = await load(chain, chain.slice(1).map(([key], i): RelSpec => [key, `c${i}`]));
        const one = await traverse([f.id.c0], 'impact', { depth: 1 });
        expect(keysOf(f, one)).toEqual(['c1']);
        const three = await traverse([f.id.c0], 'impact', { depth: 3 });
        expect(three.items.map((reached) => reached.distance)).toEqual([1, 2, 3]);
        const ten = await traverse([f.id.c0], 'impact', { depth: 10 });
        expect(ten.totalCount).toBe(10);
        expect(ten.items.at(-1)!.path).toHaveLength(11);
        await expectValidPaths(ten, 'impact');
        const up = await traverse([f.id.c12], 'dependencies', { depth: 4 });
        expect(keysOf(f, up)).toEqual(['c11', 'c10', 'c9', 'c8']);
      });

      it('cuts items at limit but counts everything and lists every reached business service', async () => {
        const f = await load(
          [
            ['root', 'root'],
            ['a1', 'a1'], ['a2', 'a2'], ['a3', 'a3'], ['a4', 'a4'],
            ['s1', 'service one', 'BUSINESS_SERVICE'], ['s2', 'service two', 'BUSINESS_SERVICE'], ['s0', 'a0 service', 'BUSINESS_SERVICE'],
            ['gone', 'gone service', 'BUSINESS_SERVICE', 'RETIRED'],
          ],
          [['a1', 'root'], ['a2', 'root'], ['a3', 'root'], ['a4', 'root'], ['s1', 'a1'], ['s2', 's1'], ['s0', 'root'], ['gone', 'a2']],
        );
        const report = await traverse([f.id.root], 'impact', { limit: 2 });
        expect(report.totalCount).toBe(7);
        expect(report.truncated).toBe(true);
        expect(keysOf(f, report)).toEqual(['s0', 'a1']);
        expect(report.businessServices.map((item) => f.key[item.id])).toEqual(['s0', 's1', 's2']);
        await expectValidPaths(report, 'impact');

        const exact = await traverse([f.id.root], 'impact', { limit: 7 });
        expect(exact.truncated).toBe(false);
        expect(keysOf(f, exact)).toEqual(['s0', 'a1', 'a2', 'a3', 'a4', 's1', 's2']);
        expect(exact.businessServices.map((item) => f.key[item.id])).toEqual(['s0', 's1', 's2']);

        const one = await traverse([f.id.root], 'impact', { limit: 1, depth: 1 });
        expect(one.totalCount).toBe(5);
        expect(one.businessServices.map((item) => f.key[item.id])).toEqual(['s0']);
      });

      it('unions several roots, measuring distance from the nearest root and leaving every root out', async () => {
        // x relies on a at three hops and on b directly; b itself relies on a.
        const f = await load(
          [['a', 'a'], ['b', 'b'], ['p', 'p'], ['q', 'q'], ['x', 'x'], ['y', 'y']],
          [['p', 'a'], ['q', 'p'], ['x', 'q'], ['x', 'b'], ['b', 'a'], ['y', 'x']],
        );
        const report = await traverse([f.id.b, 'no-such-item', f.id.a], 'impact');
        expect(report.roots.map((root) => root.id)).toEqual([f.id.b, f.id.a]);
        expect(report.items.map((reached) => [f.key[reached.item.id], reached.distance])).toEqual([
          ['p', 1], ['x', 1], ['q', 2], ['y', 2],
        ]);
        expect(report.items.find((reached) => reached.item.id === f.id.y)!.path).toEqual([f.id.b, f.id.x, f.id.y]);
        expect(report.totalCount).toBe(4);
        await expectValidPaths(report, 'impact');
      });

      it('ignores unknown root ids of any shape', async () => {
        const report = await traverse(['nope', '', '../x', '00000000-0000-4000-8000-000000000000'], 'impact');
        // The answer carries the walked types (null: all), which its edges are drawn from.
        expect(report).toEqual({ roots: [], totalCount: 0, truncated: false, items: [], businessServices: [], types: null });
      });

      it('reports each item of a chain of diamonds once, at its layer', async () => {
        const layers = 12;
        const items: ItemSpec[] = [['root', 'root']];
        const relationships: RelSpec[] = [];
        for (let layer = 1; layer <= layers; layer += 1) {
          for (const side of ['l', 'r']) {
            items.push([`${side}${layer}`, `layer ${String(layer).padStart(2, '0')} ${side}`]);
            if (layer === 1) relationships.push([`${side}1`, 'root']);
            else relationships.push([`${side}${layer}`, `l${layer - 1}`], [`${side}${layer}`, `r${layer - 1}`]);
          }
        }
        // A back edge per layer makes the diamonds cyclic too.
        for (let layer = 2; layer <= layers; layer += 1) relationships.push([`l${layer - 1}`, `r${layer}`, 'CONNECTS_TO']);
        const f = await load(items, relationships);
        const report = await traverse([f.id.root], 'impact', { depth: 10 });
        expect(report.totalCount).toBe(20);
        expect(report.items.map((reached) => [f.key[reached.item.id], reached.distance])).toEqual(
          Array.from({ length: 10 }, (_, i) => [[`l${i + 1}`, i + 1], [`r${i + 1}`, i + 1]]).flat(),
        );
        await expectValidPaths(report, 'impact');
      });

      it('agrees with a breadth-first walk on a random graph with cycles, retired items and mixed types', async () => {
        const random = seeded(20_261_121);
        const classes: CIClass[] = ['APPLICATION', 'SERVER', 'DATABASE', 'BUSINESS_SERVICE'];
        const types: RelationshipType[] = ['DEPENDS_ON', 'RUNS_ON', 'HOSTED_ON', 'CONNECTS_TO', 'STORED_ON'];
        const items: ItemSpec[] = Array.from({ length: 150 }, (_, i) => [
          `i${i}`,
          // Few distinct names, so ties on name are common and the id decides.
          `node ${Math.floor(random() * 40)}`,
          classes[Math.floor(random() * classes.length)],
          random() < 0.08 ? 'RETIRED' : 'ACTIVE',
        ]);
        const seen = new Set<string>();
        const relationships: RelSpec[] = [];
        while (relationships.length < 400) {
          const source = `i${Math.floor(random() * 150)}`;
          const target = `i${Math.floor(random() * 150)}`;
          const type = types[Math.floor(random() * types.length)];
          if (source === target || seen.has(`${source} ${target} ${type}`)) continue;
          seen.add(`${source} ${target} ${type}`);
          relationships.push([source, target, type]);
        }
        const f = await load(items, relationships);
        const model = new Map(items.map(([key, itemName, ciClass, lifecycle]) => [f.id[key], { name: itemName, ciClass: ciClass!, lifecycle: lifecycle! }]));
        const edges = relationships.map(([source, target, type]) => ({ sourceId: f.id[source], targetId: f.id[target], type: type! }));

        const cases: { roots: string[]; direction: TraversalDirection; depth: number; types: RelationshipType[] | null; limit: number }[] = [
          { roots: ['i0'], direction: 'impact', depth: 10, types: null, limit: 10_000 },
          { roots: ['i1', 'i2', 'i3'], direction: 'impact', depth: 3, types: null, limit: 25 },
          { roots: ['i4'], direction: 'dependencies', depth: 6, types: ['DEPENDS_ON', 'RUNS_ON', 'HOSTED_ON'], limit: 10_000 },
          { roots: ['i5', 'i6'], direction: 'dependencies', depth: 10, types: null, limit: 7 },
        ];
        for (const c of cases) {
          const rootIds = c.roots.map((key) => f.id[key]);
          const expected = referenceTraversal(model, edges, rootIds, c.direction, c.depth, c.types);
          const report = await traverse(rootIds, c.direction, { depth: c.depth, types: c.types, limit: c.limit });
          expect(report.totalCount).toBe(expected.length);
          expect(report.truncated).toBe(expected.length > c.limit);
          expect(report.items.map((reached) => [reached.item.id, reached.distance])).toEqual(
            expected.slice(0, c.limit).map((e) => [e.id, e.distance]),
          );
          expect(report.businessServices.map((item) => item.id)).toEqual(
            expected.filter((e) => model.get(e.id)!.ciClass === 'BUSINESS_SERVICE').map((e) => e.id),
          );
          await expectValidPaths(report, c.direction, c.types);
          const ends = new Set([...rootIds.filter((id) => model.get(id)!.lifecycle !== 'RETIRED'), ...expected.slice(0, c.limit).map((e) => e.id)]);
          expect(await cmdb.traversalEdges(report)).toEqual(
            edges
              .filter((e) => ends.has(e.sourceId) && ends.has(e.targetId) && (!c.types || c.types.includes(e.type)))
              .map((e) => ({ source: e.sourceId, target: e.targetId, type: e.type }))
              .sort((x, y) => compareCodePoints(x.source, y.source) || compareCodePoints(x.target, y.target) || compareCodePoints(x.type, y.type)),
          );
        }
      });

      it('walks a dense hub of 3,000 dependents over several layers quickly', async () => {
        const items: ItemSpec[] = [['hub', 'hub', 'DATABASE']];
        const relationships: RelSpec[] = [];
        const layerSizes = [20, 180, 800, 2000];
        let previous = ['hub'];
        layerSizes.forEach((size, layer) => {
          const current: string[] = [];
          for (let i = 0; i < size; i += 1) {
            const key = `l${layer}-${i}`;
            const ciClass: CIClass = layer === layerSizes.length - 1 && i % 100 === 0 ? 'BUSINESS_SERVICE' : 'APPLICATION';
            items.push([key, `dependent ${layer} ${String(i).padStart(4, '0')}`, ciClass]);
            // Three parents each: plenty of diamonds between layers.
            for (const parent of new Set([i, i * 7 + 3, i * 13 + 5].map((n) => previous[n % previous.length]))) {
              relationships.push([key, parent]);
            }
            current.push(key);
          }
          previous = current;
        });
        const f = await load(items, relationships);
        const report = await traverse([f.id.hub], 'impact', { depth: 8, limit: 10_000 });
        expect(report.totalCount).toBe(3000);
        expect(report.items).toHaveLength(3000);
        expect(report.businessServices).toHaveLength(20);
        expect(report.items.at(-1)!.distance).toBe(4);
        await expectValidPaths({ ...report, items: report.items.filter((_, i) => i % 97 === 0) }, 'impact');
      });
    });

    describe('traversal edges', () => {
      /** A report's edges as fixture keys: `source>target:type`. */
      async function edgeKeys(f: Fixture, report: TraversalAnswer): Promise<string[]> {
        return (await cmdb.traversalEdges(report)).map((e) => `${f.key[e.source]}>${f.key[e.target]}:${e.type}`);
      }

      it('lists every relationship among the roots and listed items once, by source id, target id, then type', async () => {
        // app and api both rely on db; api also relies on app (not on any shortest path); two types
        // between api and db; far is beyond depth 2, so its relationship is left out.
        const f = await load(
          [['db', 'db'], ['app', 'app'], ['api', 'api'], ['web', 'web'], ['far', 'far'], ['other', 'other']],
          [
            ['app', 'db'], ['api', 'db'], ['api', 'db', 'RUNS_ON'], ['api', 'app'], ['web', 'api'], ['far', 'web'],
            ['db', 'other'], ['other', 'app'],
          ],
        );
        const report = await traverse([f.id.db], 'impact', { depth: 2 });
        expect(keysOf(f, report).sort()).toEqual(['api', 'app', 'other', 'web']);
        const edges = await cmdb.traversalEdges(report);
        const expected = [
          ['app', 'db', 'DEPENDS_ON'], ['api', 'db', 'DEPENDS_ON'], ['api', 'db', 'RUNS_ON'], ['api', 'app', 'DEPENDS_ON'],
          ['web', 'api', 'DEPENDS_ON'], ['db', 'other', 'DEPENDS_ON'], ['other', 'app', 'DEPENDS_ON'],
        ]
          .map(([source, target, type]) => ({ source: f.id[source], target: f.id[target], type }))
          .sort((x, y) => compareCodePoints(x.source, y.source) || compareCodePoints(x.target, y.target) || compareCodePoints(x.type, y.type));
        expect(edges).toEqual(expected);

        // The same picture from the other direction: dependencies of web at depth 3.
        const dependencies = await traverse([f.id.web], 'dependencies', { depth: 3 });
        expect((await edgeKeys(f, dependencies)).sort()).toEqual(
          ['web>api:DEPENDS_ON', 'api>db:DEPENDS_ON', 'api>db:RUNS_ON', 'api>app:DEPENDS_ON', 'app>db:DEPENDS_ON', 'db>other:DEPENDS_ON', 'other>app:DEPENDS_ON'].sort(),
        );
      });

      it('keeps to the walked types, the listed items after limit, and items that are not retired', async () => {
        const f = await load(
          [['root', 'root'], ['a', 'a'], ['b', 'b'], ['c', 'c'], ['gone', 'gone', 'APPLICATION', 'RETIRED']],
          [['a', 'root'], ['b', 'root', 'RUNS_ON'], ['c', 'root'], ['b', 'a'], ['c', 'a', 'RUNS_ON'], ['gone', 'root'], ['a', 'gone']],
        );
        const all = await traverse([f.id.root], 'impact');
        expect(keysOf(f, all)).toEqual(['a', 'b', 'c']);
        expect((await edgeKeys(f, all)).sort()).toEqual(
          ['a>root:DEPENDS_ON', 'b>root:RUNS_ON', 'c>root:DEPENDS_ON', 'b>a:DEPENDS_ON', 'c>a:RUNS_ON'].sort(),
        );

        const dependsOn = await traverse([f.id.root], 'impact', { types: ['DEPENDS_ON'] });
        expect(keysOf(f, dependsOn)).toEqual(['a', 'c', 'b']);
        expect((await edgeKeys(f, dependsOn)).sort()).toEqual(['a>root:DEPENDS_ON', 'b>a:DEPENDS_ON', 'c>root:DEPENDS_ON'].sort());

        const limited = await traverse([f.id.root], 'impact', { limit: 1 });
        expect(keysOf(f, limited)).toEqual(['a']);
        expect(await edgeKeys(f, limited)).toEqual(['a>root:DEPENDS_ON']);

        // A retired root is walked from, but has no edges; the items it reaches keep theirs.
        const fromRetired = await traverse([f.id.gone], 'impact');
        expect(keysOf(f, fromRetired)).toEqual(['a', 'b', 'c']);
        expect((await edgeKeys(f, fromRetired)).sort()).toEqual(['b>a:DEPENDS_ON', 'c>a:RUNS_ON'].sort());
      });

      it('joins several roots, and is empty when nothing is reached', async () => {
        const f = await load([['x', 'x'], ['y', 'y'], ['z', 'z'], ['alone', 'alone']], [['y', 'x'], ['z', 'y']]);
        const both = await cmdb.impactAnalysis([f.id.x, f.id.y, 'no-such-item'], { depth: 1 });
        expect(keysOf(f, both)).toEqual(['z']);
        expect((await edgeKeys(f, both)).sort()).toEqual(['y>x:DEPENDS_ON', 'z>y:DEPENDS_ON']);
        expect(await cmdb.traversalEdges(await traverse([f.id.alone], 'impact'))).toEqual([]);
        expect(await cmdb.traversalEdges(await traverse(['no-such-item'], 'impact'))).toEqual([]);
      });
    });

    describe('import', () => {
      it('creates items with lifecycle ACTIVE when omitted, version 1, and full timestamps', async () => {
        const ns = namespace();
        const result = await cmdb.importItems(
          [
            { externalId: ns.externalId('a'), name: 'A', ciClass: 'SERVER', owner: ns.owner, attributes: { cpu: 8, tags: ['x'] } },
            {
              externalId: ns.externalId('b'), name: 'B', ciClass: 'DATABASE', environment: 'PRODUCTION', criticality: 'HIGH',
              lifecycle: 'PLANNED', owner: null,
            },
          ],
          [{ sourceExternalId: ns.externalId('b'), targetExternalId: ns.externalId('a'), type: 'RUNS_ON' }],
        );
        expect(result).toEqual({ created: 2, updated: 0, unchanged: 0, relationshipsCreated: 1, relationshipsUnchanged: 0 });
        const stored = await cmdb.itemsByExternalIds([ns.externalId('a'), ns.externalId('b')]);
        const a = stored.get(ns.externalId('a'))!;
        expect(a).toEqual({
          id: expect.any(String), externalId: ns.externalId('a'), name: 'A', ciClass: 'SERVER', environment: null, criticality: null,
          lifecycle: 'ACTIVE', owner: ns.owner, attributes: { cpu: 8, tags: ['x'] }, createdAt: expect.any(Date),
          updatedAt: expect.any(Date), version: 1, minimumAvailable: null,
        });
        expect(a.updatedAt.getTime()).toBe(a.createdAt.getTime());
        const b = stored.get(ns.externalId('b'))!;
        expect(b).toMatchObject({ lifecycle: 'PLANNED', environment: 'PRODUCTION', criticality: 'HIGH', owner: null, attributes: null });
        expect(await cmdb.relationshipsOf([a.id])).toEqual([{ type: 'RUNS_ON', sourceId: b.id, targetId: a.id }]);
      });

      it('reports everything unchanged when the same payload is imported twice, and keeps versions', async () => {
        const ns = namespace();
        const items = inputsOf(ns, [['a', 'A'], ['b', 'B'], ['c', 'C']]).map((item, i) => ({
          ...item,
          attributes: { order: i, nested: { z: 1, a: [1, 2] } },
        }));
        const relationships = relationshipInputsOf(ns, [['b', 'a'], ['c', 'b', 'RUNS_ON']]);
        expect(await cmdb.importItems(items, relationships)).toEqual({
          created: 3, updated: 0, unchanged: 0, relationshipsCreated: 2, relationshipsUnchanged: 0,
        });
        const before = await cmdb.itemsByExternalIds(items.map((i) => i.externalId));
        expect(await cmdb.importItems(items, relationships)).toEqual({
          created: 0, updated: 0, unchanged: 3, relationshipsCreated: 0, relationshipsUnchanged: 2,
        });
        // The same attributes with keys in another order are the same value.
        const reordered = items.map((item) => ({ ...item, attributes: { nested: { a: [1, 2], z: 1 }, order: (item.attributes as { order: number }).order } }));
        expect((await cmdb.importItems(reordered, [])).unchanged).toBe(3);
        expect(await cmdb.itemsByExternalIds(items.map((i) => i.externalId))).toEqual(before);
      });

      it('updates changed items by externalId, bumping their version, and links to items stored earlier', async () => {
        const ns = namespace();
        await cmdb.importItems(inputsOf(ns, [['a', 'A'], ['b', 'B']]), []);
        const before = await cmdb.itemsByExternalIds([ns.externalId('a'), ns.externalId('b')]);
        const result = await cmdb.importItems(
          [{ ...inputsOf(ns, [['a', 'A renamed']])[0], criticality: 'LOW' }, ...inputsOf(ns, [['c', 'C']])],
          relationshipInputsOf(ns, [['c', 'b'], ['a', 'b'], ['a', 'b']]),
        );
        expect(result).toEqual({ created: 1, updated: 1, unchanged: 0, relationshipsCreated: 2, relationshipsUnchanged: 1 });
        const after = await cmdb.itemsByExternalIds([ns.externalId('a'), ns.externalId('b'), ns.externalId('c')]);
        const a = after.get(ns.externalId('a'))!;
        expect(a).toMatchObject({ id: before.get(ns.externalId('a'))!.id, name: 'A renamed', criticality: 'LOW', version: 2 });
        expect(a.updatedAt.getTime()).toBeGreaterThanOrEqual(a.createdAt.getTime());
        expect(after.get(ns.externalId('b'))!.version).toBe(1);
        const b = after.get(ns.externalId('b'))!;
        expect((await cmdb.relationshipsOf([b.id])).map((r) => r.sourceId).sort()).toEqual(
          [a.id, after.get(ns.externalId('c'))!.id].sort(),
        );
      });

      describe('rejects the whole call, naming the problem and writing nothing', () => {
        async function expectRejectedUntouched(
          build: (ns: ReturnType<typeof namespace>) => { items: ItemInput[]; relationships: RelationshipInput[] },
          mentions: (ns: ReturnType<typeof namespace>) => string[],
        ) {
          const ns = namespace();
          await cmdb.importItems(inputsOf(ns, [['kept', 'kept'], ['other', 'other']]), []);
          const before = await cmdb.itemsByExternalIds([ns.externalId('kept'), ns.externalId('other')]);
          const { items, relationships } = build(ns);
          const error = await rejection(cmdb.importItems(items, relationships));
          expect(error.extensions.code).toBe('BAD_USER_INPUT');
          for (const mention of mentions(ns)) expect(error.message).toContain(mention);
          const page = await cmdb.listItems({ owner: ns.owner }, 1000, null);
          expect(page.items.map((item) => item.externalId)).toEqual([ns.externalId('kept'), ns.externalId('other')]);
          expect(await cmdb.itemsByExternalIds([ns.externalId('kept'), ns.externalId('other')])).toEqual(before);
          expect(await cmdb.relationshipsOf([...before.values()].map((item) => item.id))).toEqual([]);
        }

        it('when a relationship names an unknown externalId', () =>
          expectRejectedUntouched(
            (ns) => ({
              items: [...inputsOf(ns, [['new', 'new']]), { ...inputsOf(ns, [['kept', 'kept changed']])[0] }],
              relationships: [
                ...relationshipInputsOf(ns, [['new', 'kept'], ['kept', 'other']]),
                { sourceExternalId: 'ghost-source', targetExternalId: ns.externalId('kept'), type: 'DEPENDS_ON' },
              ],
            }),
            () => ['ghost-source'],
          ));

        it('when a relationship relates an item to itself', () =>
          expectRejectedUntouched(
            (ns) => ({
              items: inputsOf(ns, [['new', 'new']]),
              relationships: relationshipInputsOf(ns, [['new', 'kept'], ['other', 'other']]),
            }),
            (ns) => [ns.externalId('other'), 'itself'],
          ));

        it('when an externalId appears twice', () =>
          expectRejectedUntouched(
            (ns) => ({ items: inputsOf(ns, [['new', 'first'], ['new', 'second'], ['kept', 'kept changed']]), relationships: [] }),
            (ns) => [ns.externalId('new')],
          ));

        it('when more than 10,000 items are given', () =>
          expectRejectedUntouched(
            (ns) => ({
              items: inputsOf(ns, Array.from({ length: 10_001 }, (_, i): ItemSpec => [`bulk${i}`, `bulk ${i}`])),
              relationships: [],
            }),
            () => ['10001'],
          ));

        it('when more than 50,000 relationships are given', () =>
          expectRejectedUntouched(
            (ns) => ({
              items: inputsOf(ns, [['new', 'new']]),
              relationships: Array.from({ length: 50_001 }, () => relationshipInputsOf(ns, [['new', 'kept']])[0]),
            }),
            () => ['50001'],
          ));

        it('naming every problem when there are several', () =>
          expectRejectedUntouched(
            (ns) => ({
              items: inputsOf(ns, [['dup', 'one'], ['dup', 'two'], ['fine', 'fine']]),
              relationships: [
                ...relationshipInputsOf(ns, [['fine', 'fine']]),
                { sourceExternalId: ns.externalId('fine'), targetExternalId: 'ghost-target', type: 'RUNS_ON' },
                { sourceExternalId: 'ghost-source', targetExternalId: ns.externalId('kept'), type: 'RUNS_ON' },
              ],
            }),
            (ns) => [ns.externalId('dup'), `${ns.externalId('fine')}" to itself`, 'ghost-target', 'ghost-source'],
          ));
      });

      it('imports 10,000 items and their relationships in one call, and again as unchanged', async () => {
        const ns = namespace();
        const items = inputsOf(ns, Array.from({ length: 10_000 }, (_, i): ItemSpec => [`bulk${i}`, `bulk ${String(i).padStart(5, '0')}`]))
          .map((item, i) => ({ ...item, attributes: { rack: i % 40, ip: `10.0.${i % 256}.${i % 200}` } }));
        const relationships = relationshipInputsOf(
          ns,
          Array.from({ length: 9_999 }, (_, i): RelSpec => [`bulk${i + 1}`, `bulk${Math.floor(i / 3)}`]),
        );
        expect(await cmdb.importItems(items, relationships)).toEqual({
          created: 10_000, updated: 0, unchanged: 0, relationshipsCreated: 9_999, relationshipsUnchanged: 0,
        });
        expect(await cmdb.importItems(items, relationships)).toEqual({
          created: 0, updated: 0, unchanged: 10_000, relationshipsCreated: 0, relationshipsUnchanged: 9_999,
        });
        expect((await cmdb.listItems({ owner: ns.owner }, 1, null)).totalCount).toBe(10_000);
      });
    });

    describe('updates', () => {
      async function oneItem(): Promise<{ item: ConfigurationItem; input: ItemInput; ns: ReturnType<typeof namespace> }> {
        const ns = namespace();
        const input: ItemInput = { externalId: ns.externalId('item'), name: 'item', ciClass: 'SERVER', owner: ns.owner };
        await cmdb.importItems([input], []);
        const item = (await cmdb.itemsByExternalIds([input.externalId])).get(input.externalId)!;
        return { item, input, ns };
      }

      it('replaces every field, omitted optional ones becoming null and lifecycle ACTIVE', async () => {
        const { item, input } = await oneItem();
        const changed = await cmdb.updateItem(
          item.id,
          { ...input, environment: 'STAGING', lifecycle: 'MAINTENANCE', attributes: { a: 1 } },
          1,
        );
        expect(changed).toMatchObject({ environment: 'STAGING', lifecycle: 'MAINTENANCE', attributes: { a: 1 }, version: 2 });
        const replaced = await cmdb.updateItem(item.id, { externalId: input.externalId, name: 'renamed', ciClass: 'OTHER' }, null);
        expect(replaced).toMatchObject({
          id: item.id, name: 'renamed', ciClass: 'OTHER', environment: null, criticality: null, owner: null,
          lifecycle: 'ACTIVE', attributes: null, version: 3,
        });
        expect(replaced.createdAt).toEqual(item.createdAt);
        expect((await cmdb.itemsByIds([item.id])).get(item.id)).toEqual(replaced);
      });

      it('grows version by one per change and not at all when nothing changes', async () => {
        const { item, input } = await oneItem();
        expect(item.version).toBe(1);
        expect((await cmdb.updateItem(item.id, { ...input, name: 'v2' }, 1)).version).toBe(2);
        expect((await cmdb.updateItem(item.id, { ...input, name: 'v2' }, 2)).version).toBe(2);
        expect((await cmdb.updateItem(item.id, { ...input, name: 'v2' }, null)).version).toBe(2);
        expect((await cmdb.retireItem(item.id)).version).toBe(3);
        const again = await cmdb.retireItem(item.id);
        expect(again).toMatchObject({ lifecycle: 'RETIRED', version: 3 });
        expect((await cmdb.updateItem(item.id, { ...input, name: 'v2', lifecycle: 'ACTIVE' }, 3)).version).toBe(4);
      });

      it('is CONFLICT on a stale expectedVersion, writing nothing', async () => {
        const { item, input } = await oneItem();
        await cmdb.updateItem(item.id, { ...input, name: 'v2' }, 1);
        const error = await rejection(cmdb.updateItem(item.id, { ...input, name: 'v3' }, 1));
        expect(error.extensions.code).toBe('CONFLICT');
        expect(await codeOf(cmdb.updateItem(item.id, { ...input, name: 'v3' }, 7))).toBe('CONFLICT');
        // Stale even when the input would change nothing.
        expect(await codeOf(cmdb.updateItem(item.id, { ...input, name: 'v2' }, 1))).toBe('CONFLICT');
        expect((await cmdb.itemsByIds([item.id])).get(item.id)).toMatchObject({ name: 'v2', version: 2 });
      });

      it('is BAD_USER_INPUT naming the externalId when another item holds it', async () => {
        const { item, input, ns } = await oneItem();
        await cmdb.importItems([{ externalId: ns.externalId('other'), name: 'other', ciClass: 'SERVER' }], []);
        const error = await rejection(cmdb.updateItem(item.id, { ...input, externalId: ns.externalId('other') }, null));
        expect(error.extensions.code).toBe('BAD_USER_INPUT');
        expect(error.message).toContain(ns.externalId('other'));
        expect((await cmdb.itemsByIds([item.id])).get(item.id)).toEqual(item);
        // Moving to a free externalId is fine, and the old one is found no more.
        const moved = await cmdb.updateItem(item.id, { ...input, externalId: ns.externalId('moved') }, null);
        expect(moved.externalId).toBe(ns.externalId('moved'));
        expect((await cmdb.itemsByExternalIds([ns.externalId('moved'), input.externalId])).size).toBe(1);
      });

      it.each([['nope'], [''], ['../x'], ['00000000-0000-4000-8000-000000000000'], ["x' OR '1'='1"]])(
        'is NOT_FOUND for the unknown id %j in every mutation, and absent from lookups',
        async (unknown) => {
          const { item, input } = await oneItem();
          expect(await codeOf(cmdb.updateItem(unknown, input, null))).toBe('NOT_FOUND');
          expect(await codeOf(cmdb.updateItem(unknown, input, 1))).toBe('NOT_FOUND');
          expect(await codeOf(cmdb.retireItem(unknown))).toBe('NOT_FOUND');
          expect(await codeOf(cmdb.addRelationship(unknown, item.id, 'DEPENDS_ON'))).toBe('NOT_FOUND');
          expect(await codeOf(cmdb.addRelationship(item.id, unknown, 'DEPENDS_ON'))).toBe('NOT_FOUND');
          expect(await codeOf(cmdb.removeRelationship(unknown, item.id, 'DEPENDS_ON'))).toBe('NOT_FOUND');
          expect(await codeOf(cmdb.removeRelationship(item.id, unknown, 'DEPENDS_ON'))).toBe('NOT_FOUND');
          expect((await cmdb.itemsByIds([unknown, item.id])).has(unknown)).toBe(false);
          expect((await cmdb.itemsByExternalIds([unknown])).size).toBe(0);
          expect(await cmdb.relationshipsOf([unknown])).toEqual([]);
          expect((await cmdb.itemsByIds([item.id])).get(item.id)).toEqual(item);
        },
      );
    });

    describe('relationships', () => {
      it('adds a relationship once, however often it is asked for', async () => {
        const f = await load([['app', 'app'], ['db', 'db']]);
        const added = await cmdb.addRelationship(f.id.app, f.id.db, 'DEPENDS_ON');
        expect(added).toEqual({ type: 'DEPENDS_ON', sourceId: f.id.app, targetId: f.id.db });
        expect(await cmdb.addRelationship(f.id.app, f.id.db, 'DEPENDS_ON')).toEqual(added);
        await cmdb.addRelationship(f.id.app, f.id.db, 'CONNECTS_TO');
        expect(await cmdb.relationshipsOf([f.id.app])).toHaveLength(2);
        expect(keysOf(f, await traverse([f.id.db], 'impact'))).toEqual(['app']);
      });

      it('is BAD_USER_INPUT for a relationship from an item to itself', async () => {
        const f = await load([['app', 'app']]);
        expect(await codeOf(cmdb.addRelationship(f.id.app, f.id.app, 'DEPENDS_ON'))).toBe('BAD_USER_INPUT');
        expect(await cmdb.relationshipsOf([f.id.app])).toEqual([]);
      });

      it('removes a relationship, answering false when there was none', async () => {
        const f = await load([['app', 'app'], ['db', 'db']], [['app', 'db', 'RUNS_ON'], ['app', 'db', 'DEPENDS_ON']]);
        expect(await cmdb.removeRelationship(f.id.app, f.id.db, 'RUNS_ON')).toBe(true);
        expect(await cmdb.removeRelationship(f.id.app, f.id.db, 'RUNS_ON')).toBe(false);
        expect(await cmdb.removeRelationship(f.id.db, f.id.app, 'DEPENDS_ON')).toBe(false);
        expect(await cmdb.relationshipsOf([f.id.db])).toEqual([{ type: 'DEPENDS_ON', sourceId: f.id.app, targetId: f.id.db }]);
      });

      it('lists relationships in both directions for any number of ids at once', async () => {
        const f = await load(
          [['web', 'web'], ['app', 'app'], ['db', 'db'], ['disk', 'disk']],
          [['web', 'app'], ['app', 'db', 'RUNS_ON'], ['db', 'disk', 'STORED_ON']],
        );
        const keyed = (relationships: { sourceId: string; targetId: string; type: string }[]) =>
          relationships.map((r) => `${f.key[r.sourceId]}-${r.type}->${f.key[r.targetId]}`).sort();
        expect(keyed(await cmdb.relationshipsOf([f.id.app]))).toEqual(['app-RUNS_ON->db', 'web-DEPENDS_ON->app']);
        expect(keyed(await cmdb.relationshipsOf([f.id.web, f.id.disk]))).toEqual(['db-STORED_ON->disk', 'web-DEPENDS_ON->app']);
        expect(keyed(await cmdb.relationshipsOf([f.id.app, f.id.db]))).toEqual([
          'app-RUNS_ON->db', 'db-STORED_ON->disk', 'web-DEPENDS_ON->app',
        ]);
        expect(await cmdb.relationshipsOf([])).toEqual([]);
      });
    });

    describe('listing', () => {
      async function catalogue() {
        const ns = namespace();
        const spec: [string, string, CIClass, ItemInput['environment'], ItemInput['criticality']][] = [
          ['a', 'web', 'APPLICATION', 'PRODUCTION', 'HIGH'],
          ['b', 'Web', 'APPLICATION', 'STAGING', 'LOW'],
          ['c', 'db', 'DATABASE', 'PRODUCTION', 'CRITICAL'],
          ['d', 'éclair', 'SERVER', 'PRODUCTION', null],
          ['e', 'ÉCLAIR 2', 'SERVER', 'TEST', 'LOW'],
          ['f', '100% uptime', 'BUSINESS_SERVICE', 'PRODUCTION', 'CRITICAL'],
          ['g', '100 uptime', 'BUSINESS_SERVICE', null, null],
          ['h', 'snake_case', 'OTHER', 'DEVELOPMENT', 'MEDIUM'],
          ['i', 'snakeXcase', 'OTHER', 'DEVELOPMENT', 'MEDIUM'],
          ['j', 'web', 'CONTAINER', 'PRODUCTION', 'HIGH'],
        ];
        await cmdb.importItems(
          spec.map(([key, itemName, ciClass, environment, criticality]) => ({
            externalId: ns.externalId(key), name: itemName, ciClass, environment, criticality, owner: ns.owner,
          })),
          [],
        );
        const stored = await cmdb.itemsByExternalIds(spec.map(([key]) => ns.externalId(key)));
        return { ns, stored };
      }

      const names = (page: { items: ConfigurationItem[] }) => page.items.map((item) => item.name);

      it('orders by name, then id, by code point, and pages with a cursor after (name, id)', async () => {
        const { ns, stored } = await catalogue();
        const expected = [...stored.values()].sort((a, b) => compareCodePoints(a.name, b.name) || compareCodePoints(a.id, b.id));
        const seen: ConfigurationItem[] = [];
        let after: { name: string; id: string } | null = null;
        for (let pages = 0; pages < 10; pages += 1) {
          const page = await cmdb.listItems({ owner: ns.owner }, 3, after);
          expect(page.totalCount).toBe(10);
          seen.push(...page.items);
          if (!page.hasNextPage) break;
          expect(page.items).toHaveLength(3);
          const last = page.items[page.items.length - 1];
          after = { name: last.name, id: last.id };
        }
        expect(seen.map((item) => item.id)).toEqual(expected.map((item) => item.id));
        expect(seen.map((item) => item.name)).toEqual([
          '100 uptime', '100% uptime', 'Web', 'db', 'snakeXcase', 'snake_case', 'web', 'web', 'ÉCLAIR 2', 'éclair',
        ]);
        const exact = await cmdb.listItems({ owner: ns.owner }, 10, null);
        expect(exact.hasNextPage).toBe(false);
        const last = exact.items[9];
        expect(await cmdb.listItems({ owner: ns.owner }, 5, { name: last.name, id: last.id })).toEqual({
          items: [], totalCount: 10, hasNextPage: false,
        });
      });

      it('filters with OR within a list and AND across fields', async () => {
        const { ns } = await catalogue();
        const owner = ns.owner;
        expect(names(await cmdb.listItems({ owner, ciClass: ['SERVER', 'DATABASE'] }, 50, null))).toEqual(['db', 'ÉCLAIR 2', 'éclair']);
        expect(names(await cmdb.listItems({ owner, ciClass: ['APPLICATION', 'CONTAINER'], environment: ['PRODUCTION'] }, 50, null))).toEqual([
          'web', 'web',
        ]);
        const critical = await cmdb.listItems({ owner, criticality: ['CRITICAL', 'HIGH'], environment: ['PRODUCTION', 'STAGING'] }, 2, null);
        expect(critical.totalCount).toBe(4);
        expect(critical.hasNextPage).toBe(true);
        expect(names(critical)).toEqual(['100% uptime', 'db']);
        expect((await cmdb.listItems({ owner: `${owner}-nobody` }, 50, null)).totalCount).toBe(0);
      });

      it('matches nameContains as a case-insensitive substring, wildcards taken literally', async () => {
        const { ns } = await catalogue();
        const owner = ns.owner;
        expect(names(await cmdb.listItems({ owner, nameContains: 'WEB' }, 50, null))).toEqual(['Web', 'web', 'web']);
        expect(names(await cmdb.listItems({ owner, nameContains: 'éCl' }, 50, null))).toEqual(['ÉCLAIR 2', 'éclair']);
        expect(names(await cmdb.listItems({ owner, nameContains: '%' }, 50, null))).toEqual(['100% uptime']);
        expect(names(await cmdb.listItems({ owner, nameContains: '_' }, 50, null))).toEqual(['snake_case']);
        expect(names(await cmdb.listItems({ owner, nameContains: '0 u' }, 50, null))).toEqual(['100 uptime']);
        expect(names(await cmdb.listItems({ owner, nameContains: "'; --" }, 50, null))).toEqual([]);
      });

      it('is BAD_USER_INPUT for a page size outside 1..1000', async () => {
        expect(await codeOf(cmdb.listItems({}, 0, null))).toBe('BAD_USER_INPUT');
        expect(await codeOf(cmdb.listItems({}, 1001, null))).toBe('BAD_USER_INPUT');
      });
    });

    describe('redundancy, outages and item-set questions', () => {
      interface Model {
        items: Map<string, { name: string; ciClass: CIClass; lifecycle: Lifecycle; minimumAvailable: number | null }>;
        edges: { sourceId: string; targetId: string; type: RelationshipType }[];
        ids: string[];
      }

      /** A seeded random graph with cycles, retired items, thresholds above the number of dependencies and diamonds. */
      async function randomGraph(seed: number, size: number, relationshipCount: number): Promise<Model> {
        const random = seeded(seed);
        const ns = namespace();
        const classes: CIClass[] = ['APPLICATION', 'SERVER', 'DATABASE', 'BUSINESS_SERVICE', 'LOAD_BALANCER'];
        const thresholds = [null, null, null, 1, 2, 3, 5];
        const inputs: ItemInput[] = Array.from({ length: size }, (_, i) => ({
          externalId: ns.externalId(`r${i}`),
          name: `node ${Math.floor(random() * (size / 3))}`,
          ciClass: classes[Math.floor(random() * classes.length)],
          lifecycle: random() < 0.08 ? 'RETIRED' : 'ACTIVE',
          minimumAvailable: thresholds[Math.floor(random() * thresholds.length)],
          owner: ns.owner,
        }));
        const types: RelationshipType[] = ['DEPENDS_ON', 'RUNS_ON', 'HOSTED_ON', 'CONNECTS_TO', 'STORED_ON'];
        const seen = new Set<string>();
        const relationships: RelationshipInput[] = [];
        while (relationships.length < relationshipCount) {
          // Mostly towards lower numbers (layers), sometimes back up (cycles).
          const source = Math.floor(random() * size);
          const target = random() < 0.85 ? Math.floor(random() * Math.max(1, source)) : Math.floor(random() * size);
          const type = types[Math.floor(random() * (random() < 0.7 ? 2 : types.length))];
          if (source === target || seen.has(`${source} ${target} ${type}`)) continue;
          seen.add(`${source} ${target} ${type}`);
          relationships.push({ sourceExternalId: inputs[source].externalId, targetExternalId: inputs[target].externalId, type });
        }
        await cmdb.importItems(inputs, relationships);
        const stored = await cmdb.itemsByExternalIds(inputs.map((input) => input.externalId));
        const idOf = (externalId: string) => stored.get(externalId)!.id;
        return {
          items: new Map(
            inputs.map((input) => [
              idOf(input.externalId),
              { name: input.name, ciClass: input.ciClass, lifecycle: input.lifecycle!, minimumAvailable: input.minimumAvailable ?? null },
            ]),
          ),
          edges: relationships.map((r) => ({ sourceId: idOf(r.sourceExternalId), targetId: idOf(r.targetExternalId), type: r.type })),
          ids: inputs.map((input) => idOf(input.externalId)),
        };
      }

      const byName = (model: Model) => (a: string, b: string) =>
        compareCodePoints(model.items.get(a)!.name, model.items.get(b)!.name) || compareCodePoints(a, b);
      const live = (model: Model, id: string) => model.items.has(id) && model.items.get(id)!.lifecycle !== 'RETIRED';

      /** The contract's outage rules, computed naively: repeated passes until nothing changes. */
      function referenceOutage(model: Model, itemIds: string[], types: RelationshipType[] | null, limit: number) {
        const roots = [...new Set(itemIds)].filter((id) => live(model, id));
        const traversed = model.edges.filter((e) => !types || types.includes(e.type));
        const deps = (id: string) => [...new Set(traversed.filter((e) => e.sourceId === id && live(model, e.targetId)).map((e) => e.targetId))];
        const distance = new Map(roots.map((id) => [id, 0]));
        for (let hops = 1, frontier = roots; frontier.length; hops += 1) {
          const next: string[] = [];
          for (const e of traversed) {
            if (frontier.includes(e.targetId) && live(model, e.sourceId) && !distance.has(e.sourceId)) {
              distance.set(e.sourceId, hops);
              next.push(e.sourceId);
            }
          }
          frontier = next;
        }
        const down = new Set(roots);
        for (let changed = true; changed; ) {
          changed = false;
          for (const id of distance.keys()) {
            if (down.has(id)) continue;
            const all = deps(id);
            const failed = all.filter((d) => down.has(d)).length;
            const k = model.items.get(id)!.minimumAvailable;
            if (failed > 0 && (k === null || all.length - failed < k)) {
              down.add(id);
              changed = true;
            }
          }
        }
        const reached = [...distance.keys()].filter((id) => !roots.includes(id));
        const state = (id: string) => (down.has(id) ? 'DOWN' : 'DEGRADED');
        const ordered = reached.sort(
          (a, b) =>
            (state(a) === state(b) ? 0 : state(a) === 'DOWN' ? -1 : 1) ||
            distance.get(a)! - distance.get(b)! ||
            byName(model)(a, b),
        );
        const services = (wanted: string) =>
          ordered.filter((id) => state(id) === wanted && model.items.get(id)!.ciClass === 'BUSINESS_SERVICE').sort(byName(model));
        return {
          roots,
          downCount: ordered.filter((id) => down.has(id)).length,
          degradedCount: ordered.filter((id) => !down.has(id)).length,
          truncated: ordered.length > limit,
          items: ordered.slice(0, limit).map((id) => ({
            id,
            state: state(id),
            distance: distance.get(id),
            downDependencies: deps(id).filter((d) => down.has(d)).sort(byName(model)),
          })),
          businessServicesDown: services('DOWN'),
          businessServicesDegraded: services('DEGRADED'),
        };
      }

      function walked(model: Model, roots: string[], direction: TraversalDirection, depth: number): string[] {
        return referenceTraversal(model.items, model.edges, roots, direction, depth, null).map((reached) => reached.id);
      }

      it('simulates outages as the contract rules say, on random graphs with cycles, retired items and redundancy', async () => {
        const model = await randomGraph(20_261_203, 140, 380);
        const pick = (n: number) => model.ids[n % model.ids.length];
        const cases: { roots: string[]; types: RelationshipType[] | null; limit: number }[] = [
          { roots: [pick(0)], types: null, limit: 10_000 },
          { roots: [pick(1), pick(2), pick(3)], types: null, limit: 10_000 },
          { roots: [pick(4), pick(5)], types: ['DEPENDS_ON', 'RUNS_ON'], limit: 10_000 },
          { roots: [pick(6), pick(7), 'no-such-item', pick(6)], types: null, limit: 7 },
          ...model.ids.filter((id) => model.items.get(id)!.lifecycle === 'RETIRED').slice(0, 1).map((id) => ({ roots: [id, pick(8)], types: null, limit: 50 })),
        ];
        let sawDown = false;
        let sawDegraded = false;
        for (const c of cases) {
          const expected = referenceOutage(model, c.roots, c.types, c.limit);
          const report = await cmdb.outage(c.roots, { types: c.types, limit: c.limit });
          expect({
            roots: report.rootIds,
            downCount: report.downCount,
            degradedCount: report.degradedCount,
            truncated: report.truncated,
            items: report.items.map((entry) => ({ id: entry.itemId, state: entry.state, distance: entry.distance, downDependencies: entry.downDependencyIds })),
            businessServicesDown: report.businessServicesDown,
            businessServicesDegraded: report.businessServicesDegraded,
          }).toEqual(expected);
          sawDown ||= expected.downCount > 0;
          sawDegraded ||= expected.degradedCount > 0;
        }
        // The graph exercises both states, or the comparison proves little.
        expect([sawDown, sawDegraded]).toEqual([true, true]);
      });

      it('keeps a load-balanced tier up while enough of its servers are, and takes it down below its threshold', async () => {
        const ns = namespace();
        const input = (key: string, name: string, ciClass: CIClass, minimumAvailable: number | null = null): ItemInput => ({
          externalId: ns.externalId(key), name, ciClass, owner: ns.owner, minimumAvailable,
        });
        await cmdb.importItems(
          [
            input('shop', 'Shop', 'BUSINESS_SERVICE'),
            input('web', 'web tier', 'APPLICATION', 2),
            input('s1', 'server 1', 'SERVER'), input('s2', 'server 2', 'SERVER'), input('s3', 'server 3', 'SERVER'),
          ],
          relationshipInputsOf(ns, [['shop', 'web'], ['web', 's1', 'RUNS_ON'], ['web', 's2', 'RUNS_ON'], ['web', 's3', 'RUNS_ON']]),
        );
        const stored = await cmdb.itemsByExternalIds(['shop', 'web', 's1', 's2', 's3'].map(ns.externalId));
        const id = (key: string) => stored.get(ns.externalId(key))!.id;
        const one = await cmdb.outage([id('s1')], {});
        expect(one.items.map((entry) => [entry.itemId, entry.state, entry.distance])).toEqual([
          [id('web'), 'DEGRADED', 1], [id('shop'), 'DEGRADED', 2],
        ]);
        expect(one.businessServicesDegraded).toEqual([id('shop')]);
        const two = await cmdb.outage([id('s2'), id('s1')], {});
        expect(two.rootIds).toEqual([id('s2'), id('s1')]);
        expect(two.items.map((entry) => [entry.itemId, entry.state, entry.downDependencyIds])).toEqual([
          [id('web'), 'DOWN', [id('s1'), id('s2')]], [id('shop'), 'DOWN', [id('web')]],
        ]);
        expect([two.downCount, two.degradedCount, two.businessServicesDown]).toEqual([2, 0, [id('shop')]]);
        const limited = await cmdb.outage([id('s2'), id('s1')], { limit: 1 });
        expect([limited.truncated, limited.items.length, limited.businessServicesDown]).toEqual([true, 1, [id('shop')]]);
      });

      it('answers which candidates rely on some roots, and the business services each item set reaches, as plain walks say', async () => {
        const model = await randomGraph(7_777, 120, 300);
        const random = seeded(99);
        const pick = () => model.ids[Math.floor(random() * model.ids.length)];
        for (let round = 0; round < 4; round += 1) {
          const roots = [pick(), pick()];
          const candidates = [...new Set(Array.from({ length: 40 }, pick))];
          const affected = new Set([...roots.filter((id) => live(model, id)), ...walked(model, roots.filter((id) => live(model, id)), 'impact', 1000)]);
          expect(await cmdb.itemsRelyingOn(roots, candidates)).toEqual(candidates.filter((id) => affected.has(id) && live(model, id)));
        }
        const sets = [[pick(), pick()], [pick()], [], [pick(), pick(), pick(), 'no-such-item'], [model.ids.find((id) => !live(model, id))!]];
        for (const depth of [1, 3, 5]) {
          const expected = sets.map((set) =>
            [...new Set([...set.filter((id) => live(model, id)), ...walked(model, set, 'impact', depth)])]
              .filter((id) => model.items.get(id)?.ciClass === 'BUSINESS_SERVICE')
              .sort(byName(model)),
          );
          expect(await cmdb.businessServicesReached(sets, depth)).toEqual(expected);
        }
      });

      it('ranks probable causes by coverage, then impact size, then name and id, as plain walks say', async () => {
        const model = await randomGraph(4_242, 120, 320);
        const random = seeded(5);
        const pick = () => model.ids[Math.floor(random() * model.ids.length)];
        const reference = (sets: string[][], depth: number, first: number) => {
          const explains = new Map<string, number[]>();
          sets.forEach((set, index) => {
            const own = set.filter((id) => live(model, id));
            const explained = new Set([...own, ...own.flatMap((id) => walked(model, [id], 'dependencies', depth))]);
            for (const id of explained) explains.set(id, [...(explains.get(id) ?? []), index]);
          });
          const minimum = sets.filter((set) => set.some((id) => live(model, id))).length === 1 ? 1 : 2;
          return [...explains]
            .filter(([, covered]) => covered.length >= minimum)
            .map(([itemId, covered]) => ({ itemId, sets: covered, impactSize: walked(model, [itemId], 'impact', depth).length }))
            .sort((a, b) => b.sets.length - a.sets.length || a.impactSize - b.impactSize || byName(model)(a.itemId, b.itemId))
            .slice(0, first);
        };
        const cases: { sets: string[][]; depth: number; first: number }[] = [
          { sets: Array.from({ length: 8 }, () => [pick(), pick()]), depth: 3, first: 10 },
          { sets: Array.from({ length: 5 }, () => [pick()]), depth: 10, first: 100 },
          { sets: [[pick(), pick()], [model.ids.find((id) => !live(model, id))!], []], depth: 2, first: 5 },
          { sets: Array.from({ length: 12 }, () => [pick(), pick(), pick()]), depth: 1, first: 3 },
        ];
        for (const c of cases) {
          const expected = reference(c.sets, c.depth, c.first);
          expect(await cmdb.probableCauseCandidates(c.sets, c.depth, c.first)).toEqual(expected);
        }
        expect((await cmdb.probableCauseCandidates(cases[0].sets, 3, 10)).length).toBeGreaterThan(0);
      });

      it('answers each item set\'s dependency closure (live items and what they rely on within depth), as plain walks say', async () => {
        const model = await randomGraph(31_337, 120, 300);
        const random = seeded(12);
        const pick = () => model.ids[Math.floor(random() * model.ids.length)];
        const retired = model.ids.find((id) => !live(model, id))!;
        const sets = [[pick()], [pick(), pick()], [], [pick(), 'no-such-item'], [retired], [retired, pick()]];
        for (const depth of [1, 4, 10]) {
          const expected = sets.map((set) =>
            [...new Set([...set.filter((id) => live(model, id)), ...walked(model, set, 'dependencies', depth)])].sort(compareCodePoints),
          );
          expect(await cmdb.dependencyClosures(sets, depth)).toEqual(expected);
        }
        expect(await codeOf(cmdb.dependencyClosures([[pick()]], 11))).toBe('BAD_USER_INPUT');
      });

      it('moves the change counter with every committed write and not with a write that was refused', async () => {
        const counts: string[] = [await store.changeCount()];
        const moved = async () => {
          const now = await store.changeCount();
          expect(now).not.toBe(counts.at(-1));
          counts.push(now);
        };
        const unmoved = async () => expect(await store.changeCount()).toBe(counts.at(-1));
        const f = await load([['a', 'a'], ['b', 'b']]);
        await moved();
        await cmdb.addRelationship(f.id.a, f.id.b, 'DEPENDS_ON');
        await moved();
        await cmdb.removeRelationship(f.id.a, f.id.b, 'DEPENDS_ON');
        await moved();
        await cmdb.retireItem(f.id.b);
        await moved();
        expect(await codeOf(cmdb.addRelationship(f.id.a, 'no-such-item', 'DEPENDS_ON'))).toBe('NOT_FOUND');
        expect(await codeOf(cmdb.importItems([{ externalId: f.externalId('c'), name: 'c', ciClass: 'SERVER' }], [
          { sourceExternalId: f.externalId('c'), targetExternalId: 'no-such-item', type: 'DEPENDS_ON' },
        ]))).toBe('BAD_USER_INPUT');
        await unmoved();
        expect(counts.every((count) => /^\d+$/.test(count))).toBe(true);
      });

      it('serves traversals and outages from the cache until any write commits, never a stale answer', async () => {
        // Another service over the same store stands for another replica: the counter lives in the database.
        const cached = createCmdbService(store, { traversalCacheBytes: 1 << 20 });
        const f = await load([['svc', 'svc', 'BUSINESS_SERVICE'], ['app', 'app'], ['db', 'db', 'DATABASE'], ['vm', 'vm', 'VIRTUAL_MACHINE']], [['svc', 'app'], ['app', 'db']]);
        const impactOfDb = () => cached.traverse([f.id.db], 'impact', { depth: 10, limit: 100 });
        const outageOfDb = () => cached.outage([f.id.db], {});
        const first = await impactOfDb();
        expect(keysOf(f, first)).toEqual(['app', 'svc']);
        expect((await outageOfDb()).downCount).toBe(2);
        const before = cached.traversals.stats();
        expect(await impactOfDb()).toEqual(first);
        expect((await outageOfDb()).downCount).toBe(2);
        expect(cached.traversals.stats().hits - before.hits).toBe(2);

        await cmdb.addRelationship(f.id.db, f.id.vm, 'RUNS_ON');
        expect(keysOf(f, await cached.traverse([f.id.vm], 'impact', { depth: 10, limit: 100 }))).toEqual(['db', 'app', 'svc']);
        await cmdb.retireItem(f.id.app);
        expect(keysOf(f, await impactOfDb())).toEqual([]);
        expect((await outageOfDb()).downCount).toBe(0);
        expect(await codeOf(cmdb.addRelationship(f.id.db, 'no-such-item', 'DEPENDS_ON'))).toBe('NOT_FOUND');
        const afterRefusal = cached.traversals.stats();
        await impactOfDb();
        expect(cached.traversals.stats().hits - afterRefusal.hits).toBe(1);
        expect(cached.traversals.stats().bytes).toBeGreaterThan(0);
      });

      it('stores minimumAvailable, compares it on import, and refuses 0, negatives and 1001, writing nothing', async () => {
        const ns = namespace();
        const base: ItemInput = { externalId: ns.externalId('lb'), name: 'lb', ciClass: 'LOAD_BALANCER', owner: ns.owner, minimumAvailable: 3 };
        expect((await cmdb.importItems([base], [])).created).toBe(1);
        expect((await cmdb.importItems([base], [])).unchanged).toBe(1);
        const stored = (await cmdb.itemsByExternalIds([base.externalId])).get(base.externalId)!;
        expect(stored).toMatchObject({ minimumAvailable: 3, version: 1 });
        expect((await cmdb.importItems([{ ...base, minimumAvailable: 1000 }], [])).updated).toBe(1);
        for (const bad of [0, -1, 1001]) {
          const error = await rejection(cmdb.importItems([{ ...base, minimumAvailable: bad }, { ...base, externalId: ns.externalId('new') }], []));
          expect(error.extensions.code).toBe('BAD_USER_INPUT');
          expect(error.message).toContain('minimumAvailable');
          expect(await codeOf(cmdb.updateItem(stored.id, { ...base, minimumAvailable: bad }, null))).toBe('BAD_USER_INPUT');
        }
        expect((await cmdb.itemsByExternalIds([ns.externalId('new')])).size).toBe(0);
        expect((await cmdb.itemsByIds([stored.id])).get(stored.id)).toMatchObject({ minimumAvailable: 1000, version: 2 });
        expect((await cmdb.updateItem(stored.id, { ...base, minimumAvailable: null }, 2)).minimumAvailable).toBeNull();
      });

      it('is BAD_USER_INPUT for an outage of no items, a limit outside 1..10000, and a depth or first out of range', async () => {
        const f = await load([['a', 'a']]);
        expect(await codeOf(cmdb.outage([], {}))).toBe('BAD_USER_INPUT');
        expect(await codeOf(cmdb.outage([f.id.a], { limit: 0 }))).toBe('BAD_USER_INPUT');
        expect(await codeOf(cmdb.outage([f.id.a], { limit: 10_001 }))).toBe('BAD_USER_INPUT');
        expect(await codeOf(cmdb.changeOutage([], { limit: 0 }))).toBe('BAD_USER_INPUT');
        expect(await codeOf(cmdb.businessServicesReached([[f.id.a]], 0))).toBe('BAD_USER_INPUT');
        expect(await codeOf(cmdb.probableCauseCandidates([[f.id.a]], 11, 10))).toBe('BAD_USER_INPUT');
        expect(await codeOf(cmdb.probableCauseCandidates([[f.id.a]], 5, 101))).toBe('BAD_USER_INPUT');
        expect((await cmdb.outage([f.id.a, 'nope'], {})).rootIds).toEqual([f.id.a]);
      });
    });

    it('answers ping while the backend is up', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
