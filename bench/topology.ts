/**
 * A synthetic enterprise topology for benchmarks, the same for a given size and
 * seed on every run: business services rely on applications, applications on
 * containers, databases, legacy VMs and shared platform applications, databases
 * and containers on VMs, VMs on hosts and storage arrays, hosts on a pair of
 * access switches, access switches and storage arrays on a ring of core
 * switches. About 1% of items are retired, and a few dependency cycles exist.
 *
 * Nothing is held per item: an item and the relationships it brings are
 * computed from its index with a PRNG seeded by (seed, index), so a million
 * items stream out in batches. Items are numbered bottom-up and every
 * relationship is emitted with the later of its two items, so a batch only
 * names items of itself or of earlier batches.
 */
import type { CIClass, Criticality, Environment, ItemInput, RelationshipInput, RelationshipType } from '../subgraphs/cmdb/domain';
import { mulberry32 } from './random';

export interface TopologyOptions {
  /** Total number of configuration items. */
  items: number;
  seed?: number;
}

/** A benchmark root and how many items its impact reaches, as computed here from the generated graph. */
export interface TopologyRoot {
  externalId: string;
  name: string;
  ciClass: CIClass;
  /** Items relying on it directly. */
  directFanIn: number;
  /** Reached items (roots and retired items excluded) at depths 3, 5 and 8, the contract's impact semantics. */
  reach: Record<3 | 5 | 8, number>;
}

export interface TopologyBatch {
  items: ItemInput[];
  relationships: RelationshipInput[];
}

export interface Topology {
  readonly size: number;
  readonly relationshipCount: number;
  readonly retiredCount: number;
  /** How many items of each class. */
  readonly classes: Record<string, number>;
  /** A few items relying on it; about a thousand; a core switch that nearly everything relies on. */
  readonly roots: { low: TopologyRoot; medium: TopologyRoot; high: TopologyRoot };
  /**
   * Import payloads: `itemsPerBatch` items with their relationships, split so
   * that no payload holds more than `maxRelationships` relationships (the
   * overflow goes in following payloads without items).
   */
  batches(itemsPerBatch?: number, maxRelationships?: number): Generator<TopologyBatch>;
  externalIdOf(index: number): string;
  /** Impact reach of an item, computed in memory with the contract's semantics (for checking the stores). */
  reachOf(externalId: string, depth: number): number;
}

type Kind = 'core' | 'access' | 'storage' | 'host' | 'vm' | 'container' | 'db' | 'app' | 'bs';

interface Layer {
  kind: Kind;
  ciClass: CIClass;
  label: string;
  start: number;
  count: number;
}

const HOSTS_PER_RACK = 40;
const RETIRED_SHARE = 0.01;
const CYCLE_SHARE = 0.002;
const TEAMS = 60;
const SITES = ['fra1', 'ams2', 'dub1', 'iad3'];
const APP_WORDS = ['billing', 'catalog', 'checkout', 'identity', 'search', 'ledger', 'payroll', 'reporting', 'messaging', 'inventory', 'pricing', 'shipping'];

/** A 32-bit integer hash (lowbias32): the basis of every draw, so item i looks the same whatever was generated before it. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** mulberry32 seeded by (seed, index, stream): uniform draws in [0, 1). */
function prng(seed: number, index: number, stream: number): () => number {
  return mulberry32(mix(mix(seed ^ mix(index + 0x9e3779b9)) ^ stream));
}

const STREAM_ITEM = 1;
const STREAM_EDGES = 2;
const STREAM_RETIRED = 3;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function layersFor(total: number): Layer[] {
  const core = total >= 500_000 ? 8 : 4;
  const hosts = Math.max(4, Math.round(total * 0.08));
  const racks = Math.ceil(hosts / HOSTS_PER_RACK);
  const access = racks * 2;
  const storage = Math.max(2, Math.round(total * 0.002));
  const vms = Math.round(total * 0.5);
  const dbs = Math.max(2, Math.round(total * 0.03));
  const apps = Math.max(5, Math.round(total * 0.05));
  const bs = Math.max(2, Math.round(total * 0.006));
  const containers = total - core - access - storage - hosts - vms - dbs - apps - bs;
  if (containers < 10) throw new Error(`topology: ${total} items is too few`);
  const spec: [Kind, CIClass, string, number][] = [
    ['core', 'NETWORK_DEVICE', 'core-switch', core],
    ['access', 'NETWORK_DEVICE', 'access-switch', access],
    ['storage', 'STORAGE', 'storage-array', storage],
    ['host', 'SERVER', 'host', hosts],
    ['vm', 'VIRTUAL_MACHINE', 'vm', vms],
    ['container', 'CONTAINER', 'container', containers],
    ['db', 'DATABASE', 'db', dbs],
    ['app', 'APPLICATION', 'app', apps],
    ['bs', 'BUSINESS_SERVICE', 'service', bs],
  ];
  let start = 0;
  return spec.map(([kind, ciClass, label, count]) => {
    const layer = { kind, ciClass, label, start, count };
    start += count;
    return layer;
  });
}

/**
 * The graph's shape as functions of an item's index. `edgesOf(i)` returns the
 * relationships item i brings, as (source, target, type) triples of indexes;
 * the other end of each is always an earlier item.
 */
class Shape {
  readonly layers: Layer[];
  private readonly byKind: Record<Kind, Layer>;
  /** VMs: Kubernetes nodes first, then database VMs (two per database), then general-purpose VMs. */
  private readonly k8sNodes: number;
  private readonly dbVms: number;

  constructor(readonly total: number, readonly seed: number) {
    this.layers = layersFor(total);
    this.byKind = Object.fromEntries(this.layers.map((l) => [l.kind, l])) as Record<Kind, Layer>;
    this.k8sNodes = Math.max(1, Math.round(this.byKind.vm.count * 0.08));
    this.dbVms = this.byKind.db.count * 2;
  }

  layerOf(index: number): Layer {
    let lo = 0;
    let hi = this.layers.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.layers[mid].start <= index) lo = mid;
      else hi = mid - 1;
    }
    return this.layers[lo];
  }

  private at(kind: Kind, k: number): number {
    const layer = this.byKind[kind];
    return layer.start + Math.min(layer.count - 1, Math.max(0, Math.floor(k)));
  }

  count(kind: Kind): number {
    return this.byKind[kind].count;
  }

  retired(index: number): boolean {
    if (this.layerOf(index).kind === 'core') return false;
    return prng(this.seed, index, STREAM_RETIRED)() < RETIRED_SHARE;
  }

  externalIdOf(index: number): string {
    const layer = this.layerOf(index);
    return `bench-${layer.label}-${index - layer.start}`;
  }

  item(index: number): ItemInput {
    const layer = this.layerOf(index);
    const k = index - layer.start;
    const draw = prng(this.seed, index, STREAM_ITEM);
    const u = draw();
    const team = `team-${pad(Math.floor(draw() * TEAMS), 2)}`;
    const environment: Environment = u < 0.8 ? 'PRODUCTION' : u < 0.9 ? 'STAGING' : u < 0.96 ? 'TEST' : 'DEVELOPMENT';
    const criticality: Criticality = (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const)[Math.floor(draw() * 4)];
    const base = {
      externalId: this.externalIdOf(index),
      ciClass: layer.ciClass,
      lifecycle: this.retired(index) ? ('RETIRED' as const) : undefined,
    };
    switch (layer.kind) {
      case 'core':
        return { ...base, name: `${layer.label}-${pad(k, 2)}`, environment: 'PRODUCTION', criticality: 'CRITICAL', owner: 'network', attributes: { site: SITES[k % SITES.length], role: 'core' } };
      case 'access':
        return { ...base, name: `${layer.label}-${pad(k, 5)}`, environment: 'PRODUCTION', owner: 'network', attributes: { rack: k >> 1, role: 'top-of-rack' } };
      case 'storage':
        return { ...base, name: `${layer.label}-${pad(k, 4)}`, environment: 'PRODUCTION', criticality: 'HIGH', owner: 'storage', attributes: { capacityTb: 100 + Math.floor(draw() * 900) } };
      case 'host':
        return { ...base, name: `${layer.label}-${pad(k, 6)}`, environment: 'PRODUCTION', owner: 'datacenter', attributes: { rack: Math.floor(k / HOSTS_PER_RACK), site: SITES[Math.floor(k / HOSTS_PER_RACK) % SITES.length], cores: 64 } };
      case 'vm':
        return { ...base, name: `${layer.label}-${pad(k, 7)}`, environment, owner: team, attributes: { vcpu: 2 << Math.floor(draw() * 4), memoryGb: 4 << Math.floor(draw() * 5) } };
      case 'container':
        return { ...base, name: `${layer.label}-${pad(k, 7)}`, environment, owner: team, attributes: { image: `registry.local/${APP_WORDS[k % APP_WORDS.length]}:${1 + (k % 40)}` } };
      case 'db':
        return { ...base, name: `${layer.label}-${APP_WORDS[k % APP_WORDS.length]}-${pad(k, 5)}`, environment, criticality, owner: team, attributes: { engine: draw() < 0.7 ? 'postgresql' : 'oracle' } };
      case 'app':
        return { ...base, name: `${layer.label}-${APP_WORDS[k % APP_WORDS.length]}-${pad(k, 5)}`, environment, criticality, owner: team };
      case 'bs':
        return { ...base, name: `${layer.label}-${APP_WORDS[k % APP_WORDS.length]}-${pad(k, 4)}`, environment: 'PRODUCTION', criticality, owner: team };
    }
  }

  /** Calls `emit(source, target, type)` for each relationship item `index` brings; `source` relies on `target`. */
  edgesOf(index: number, emit: (source: number, target: number, type: RelationshipType) => void): void {
    const layer = this.layerOf(index);
    const k = index - layer.start;
    const draw = prng(this.seed, index, STREAM_EDGES);
    const seen = new Set<number>();
    const reliedOnBy = new Set<number>();
    /** This item relies on `target` (each target once). */
    const relyOn = (target: number, type: RelationshipType) => {
      if (target === index || seen.has(target)) return;
      seen.add(target);
      emit(index, target, type);
    };
    const cores = this.count('core');
    switch (layer.kind) {
      case 'core':
        // A ring: core k-1 relies on core k, and the last on the first.
        if (k > 0) emit(index - 1, index, 'CONNECTS_TO');
        if (k === cores - 1 && cores > 2) relyOn(this.at('core', 0), 'CONNECTS_TO');
        return;
      case 'access': {
        const first = k % cores;
        relyOn(this.at('core', first), 'CONNECTS_TO');
        relyOn(this.at('core', (first + 1 + ((k >> 1) % (cores - 1))) % cores), 'CONNECTS_TO');
        return;
      }
      case 'storage':
        relyOn(this.at('core', k % cores), 'CONNECTS_TO');
        relyOn(this.at('core', (k + 1) % cores), 'CONNECTS_TO');
        return;
      case 'host': {
        const rack = Math.floor(k / HOSTS_PER_RACK);
        relyOn(this.at('access', rack * 2), 'CONNECTS_TO');
        relyOn(this.at('access', rack * 2 + 1), 'CONNECTS_TO');
        return;
      }
      case 'vm': {
        const hosts = this.count('host');
        const host = draw() < 0.9 ? (k * hosts) / this.count('vm') : draw() * hosts;
        relyOn(this.at('host', host), 'HOSTED_ON');
        if (draw() < 0.9) relyOn(this.at('storage', this.count('storage') * draw() ** 1.5), 'STORED_ON');
        return;
      }
      case 'container':
        relyOn(this.at('vm', draw() * this.k8sNodes), 'RUNS_ON');
        return;
      case 'db':
        relyOn(this.at('vm', this.k8sNodes + 2 * k), 'RUNS_ON');
        if (draw() < 0.5) relyOn(this.at('vm', this.k8sNodes + 2 * k + 1), 'RUNS_ON');
        relyOn(this.at('storage', draw() * this.count('storage')), 'STORED_ON');
        return;
      case 'app': {
        // Three in five applications run on their own share of the containers; the rest on a few general-purpose VMs.
        if (k % 5 < 3) {
          const containerized = Math.floor((this.count('app') * 3) / 5) + Math.min(3, this.count('app') % 5);
          const slot = Math.floor(k / 5) * 3 + (k % 5);
          const containers = this.count('container');
          const from = Math.floor((slot * containers) / containerized);
          const to = Math.floor(((slot + 1) * containers) / containerized);
          for (let c = from; c < to; c += 1) relyOn(this.at('container', c), 'RUNS_ON');
        } else {
          const general = this.count('vm') - this.k8sNodes - this.dbVms;
          const n = 1 + Math.floor(draw() * 5);
          for (let i = 0; i < n && general > 0; i += 1) relyOn(this.at('vm', this.k8sNodes + this.dbVms + draw() * general), 'RUNS_ON');
        }
        // Databases: a few are shared by many applications.
        if (draw() < 0.8) {
          const n = 1 + Math.floor(draw() * 2.2);
          for (let i = 0; i < n; i += 1) relyOn(this.at('db', this.count('db') * draw() ** 2), 'DEPENDS_ON');
        }
        // Platform applications: the earliest ones (identity, messaging, ...) are relied on by thousands.
        if (k > 0) {
          const n = Math.min(6, Math.floor(-Math.log(1 - draw()) * 1.2));
          for (let i = 0; i < n; i += 1) {
            const target = this.at('app', k * draw() ** 3);
            relyOn(target, 'DEPENDS_ON');
            // A few mutual dependencies: cycles the traversals must terminate on.
            if (draw() < CYCLE_SHARE * 5 && target !== index && !reliedOnBy.has(target)) {
              reliedOnBy.add(target);
              emit(target, index, 'DEPENDS_ON');
            }
          }
        }
        return;
      }
      case 'bs': {
        const n = 3 + Math.floor(draw() * 10);
        for (let i = 0; i < n; i += 1) relyOn(this.at('app', this.count('app') * draw() ** 1.5), 'DEPENDS_ON');
        if (k > 0 && draw() < 0.2) relyOn(this.at('bs', k * draw()), 'DEPENDS_ON');
        return;
      }
    }
  }
}

/**
 * Who relies on whom, in compressed sparse rows of indexes: `sources[offsets[t] .. offsets[t+1])`
 * are the items relying on t. About 8 bytes per relationship, so a million items fit easily.
 */
class ReverseAdjacency {
  readonly offsets: Int32Array;
  readonly sources: Int32Array;

  constructor(shape: Shape) {
    const n = shape.total;
    const counts = new Int32Array(n + 1);
    for (let i = 0; i < n; i += 1) shape.edgesOf(i, (_s, t) => (counts[t + 1] += 1));
    for (let i = 0; i < n; i += 1) counts[i + 1] += counts[i];
    this.offsets = counts;
    this.sources = new Int32Array(counts[n]);
    const fill = counts.slice(0, n);
    for (let i = 0; i < n; i += 1) shape.edgesOf(i, (s, t) => (this.sources[fill[t]++] = s));
  }

  get edges(): number {
    return this.sources.length;
  }

  fanIn(index: number): number {
    return this.offsets[index + 1] - this.offsets[index];
  }

  /**
   * Breadth-first impact with the contract's rules: each item once, retired items
   * neither counted nor walked through, the root not counted even on a cycle.
   * Stops counting at `cap`.
   */
  reach(root: number, depth: number, retired: Uint8Array, cap = Infinity): number {
    const visited = new Set<number>([root]);
    let frontier = [root];
    let count = 0;
    for (let hop = 1; hop <= depth && frontier.length; hop += 1) {
      const next: number[] = [];
      for (const t of frontier) {
        for (let e = this.offsets[t]; e < this.offsets[t + 1]; e += 1) {
          const s = this.sources[e];
          if (visited.has(s)) continue;
          visited.add(s);
          if (retired[s]) continue;
          count += 1;
          if (count >= cap) return count;
          next.push(s);
        }
      }
      frontier = next;
    }
    return count;
  }
}

/** Generates the topology's shape and chooses benchmark roots; items and relationships stream from `batches()`. */
export function generateTopology(options: TopologyOptions): Topology {
  const shape = new Shape(options.items, options.seed ?? 20_240_601);
  const adjacency = new ReverseAdjacency(shape);
  const retired = new Uint8Array(shape.total);
  let retiredCount = 0;
  for (let i = 0; i < shape.total; i += 1) {
    if (shape.retired(i)) {
      retired[i] = 1;
      retiredCount += 1;
    }
  }

  const rootOf = (index: number): TopologyRoot => {
    const item = shape.item(index);
    return {
      externalId: item.externalId,
      name: item.name,
      ciClass: item.ciClass,
      directFanIn: adjacency.fanIn(index),
      reach: { 3: adjacency.reach(index, 3, retired), 5: adjacency.reach(index, 5, retired), 8: adjacency.reach(index, 8, retired) },
    };
  };

  // Candidates spread evenly over the middle layers; the ones whose depth-5 impact is nearest 15 and 1,000 (on a log scale) win.
  const candidates: { index: number; reach5: number }[] = [];
  for (const layer of shape.layers.filter((l) => ['storage', 'host', 'vm', 'container', 'db', 'app'].includes(l.kind))) {
    const picks = Math.min(layer.count, 40);
    for (let p = 0; p < picks; p += 1) {
      const index = layer.start + Math.floor(((p + 0.5) * layer.count) / picks);
      if (!retired[index]) candidates.push({ index, reach5: adjacency.reach(index, 5, retired, 20_000) });
    }
  }
  const nearest = (goal: number, min: number) =>
    candidates
      .filter((c) => c.reach5 >= min)
      .reduce((best, c) => (Math.abs(Math.log(c.reach5 / goal)) < Math.abs(Math.log(best.reach5 / goal)) ? c : best));
  const low = nearest(15, 3);
  const medium = nearest(1_000, 50);
  let high = shape.layers[0].start;
  for (let i = 0; i < shape.layers[0].count; i += 1) if (adjacency.fanIn(i) > adjacency.fanIn(high)) high = i;

  const classes: Record<string, number> = {};
  for (const layer of shape.layers) classes[layer.ciClass] = (classes[layer.ciClass] ?? 0) + layer.count;

  const indexOf = (externalId: string): number => {
    const layer = shape.layers.find((l) => externalId.startsWith(`bench-${l.label}-`) && !externalId.slice(`bench-${l.label}-`.length).includes('-'));
    if (!layer) throw new Error(`topology: ${externalId} names no item`);
    return layer.start + Number(externalId.slice(`bench-${layer.label}-`.length));
  };

  return {
    size: shape.total,
    relationshipCount: adjacency.edges,
    retiredCount,
    classes,
    roots: { low: rootOf(low.index), medium: rootOf(medium.index), high: rootOf(high) },
    externalIdOf: (index) => shape.externalIdOf(index),
    reachOf: (externalId, depth) => adjacency.reach(indexOf(externalId), depth, retired),
    *batches(itemsPerBatch = 10_000, maxRelationships = 50_000) {
      for (let from = 0; from < shape.total; from += itemsPerBatch) {
        const to = Math.min(shape.total, from + itemsPerBatch);
        const items: ItemInput[] = [];
        const relationships: RelationshipInput[] = [];
        for (let i = from; i < to; i += 1) {
          items.push(shape.item(i));
          shape.edgesOf(i, (s, t, type) =>
            relationships.push({ sourceExternalId: shape.externalIdOf(s), targetExternalId: shape.externalIdOf(t), type }),
          );
        }
        yield { items, relationships: relationships.slice(0, maxRelationships) };
        for (let r = maxRelationships; r < relationships.length; r += maxRelationships) {
          yield { items: [], relationships: relationships.slice(r, r + maxRelationships) };
        }
      }
    },
  };
}
