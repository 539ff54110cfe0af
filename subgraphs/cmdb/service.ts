/**
 * The CMDB's service layer, between resolvers and the store: validates every
 * request once, applies the domain's rules and owns each flow (read what is
 * stored, decide, write, retry a write that lost a race). The store only reads
 * and persists; the same service runs over every backend.
 */
import pRetry from 'p-retry';
import { v7 as uuidv7 } from 'uuid';
import { BadUserInputError, ConflictError, HubError, NotFoundError, requireIntInRange } from '../../platform/errors';
import { componentLogger } from '../../platform/logger';
import {
  MAX_DEPTH,
  MAX_PAGE_SIZE,
  businessServicesOf,
  candidatesToMeasure,
  dependencyClosureOf,
  edgeEnds,
  explainedSets,
  externalIdsOutsidePayload,
  importProblems,
  itemInputProblems,
  minimumCoverage,
  outageRequest,
  planImport,
  rankCauses,
  sameAsStored,
  simulateOutage,
  traversalEdges,
  traversalRequest,
  type CauseCandidate,
  type CIFilter,
  type ConfigurationItem,
  type ImportResult,
  type ItemCursor,
  type ItemInput,
  type ItemPage,
  type OutageReport,
  type Relationship,
  type RelationshipInput,
  type RelationshipType,
  type TraversalAnswer,
  type TraversalDirection,
  type TraversalEdge,
  type TraversalReport,
} from './domain';
import { TraversalCache } from './traversal-cache';
import { DuplicateKeyError, type CmdbStore, type CmdbWriteTransaction } from './store';

const ITEM = 'configuration item';
const MAX_CAUSES = 100;
/** Two imports creating the same externalId at once: the loser tries again and finds the item stored. */
/** Each round lets at least one of the racing imports commit, so a burst of a dozen overlapping imports all get through. */
const IMPORT_RETRY = { retries: 12, minTimeout: 5, maxTimeout: 100, randomize: true };

const log = componentLogger('cmdb', 'service');

const EMPTY_TRAVERSAL: TraversalReport = { roots: [], totalCount: 0, truncated: false, items: [], businessServices: [] };
const EMPTY_OUTAGE: OutageReport = {
  rootIds: [], downCount: 0, degradedCount: 0, truncated: false, items: [], businessServicesDown: [], businessServicesDegraded: [],
};

interface TraversalArgs {
  depth?: number | null;
  types?: RelationshipType[] | null;
  limit?: number | null;
}

function externalIdTaken(externalId: string, holderId: string | null): BadUserInputError {
  const by = holderId ? ` by configuration item ${JSON.stringify(holderId)}` : '';
  return new BadUserInputError(`input.externalId ${JSON.stringify(externalId)} is already taken${by}`, undefined, {
    argumentName: 'input.externalId',
  });
}

/** Rough bytes an answer holds in memory, for the traversal cache's bound. */
const ITEM_BYTES = 300;
const PATH_STEP_BYTES = 40;
const traversalBytes = (report: TraversalReport) =>
  ITEM_BYTES * (1 + report.roots.length + report.businessServices.length) +
  report.items.reduce((sum, reached) => sum + ITEM_BYTES + PATH_STEP_BYTES * reached.path.length, 0);
const outageBytes = (report: OutageReport) =>
  ITEM_BYTES * (1 + report.items.length) + PATH_STEP_BYTES * (report.businessServicesDown.length + report.businessServicesDegraded.length);

export interface CmdbServiceOptions {
  /** Bytes of graph answers kept until the CMDB changes (traversal-cache.ts); 0 keeps none. */
  traversalCacheBytes: number;
}

export class CmdbService {
  /** Impact, dependency and outage answers, reused until a write commits (see traversal-cache.ts). */
  readonly traversals: TraversalCache;

  constructor(
    private readonly store: CmdbStore,
    options: CmdbServiceOptions = { traversalCacheBytes: 0 },
  ) {
    this.traversals = new TraversalCache({ maxBytes: options.traversalCacheBytes, changeCount: () => store.changeCount() });
  }

  get backend(): CmdbStore['backend'] {
    return this.store.backend;
  }

  // ---------------------------------------------------------------- reads

  itemsByIds(ids: readonly string[]): Promise<Map<string, ConfigurationItem>> {
    return this.store.itemsByIds(ids);
  }

  itemsByExternalIds(externalIds: readonly string[]): Promise<Map<string, ConfigurationItem>> {
    return this.store.itemsByExternalIds(externalIds);
  }

  relationshipsOf(ids: readonly string[]): Promise<Relationship[]> {
    return this.store.relationshipsOf(ids);
  }

  /** One page in (name, id) order; `first` is 1..1000. */
  async listItems(filter: CIFilter, first: number, after: ItemCursor | null): Promise<ItemPage> {
    return this.store.listItems(filter, requireIntInRange('first', first, 1, MAX_PAGE_SIZE), after);
  }

  /** Impact or dependencies of some roots; depth 1..10, limit 1..10000. */
  async traverse(rootIds: readonly string[], direction: TraversalDirection, args: TraversalArgs): Promise<TraversalAnswer> {
    const request = traversalRequest([...rootIds], direction, args);
    const report = request.rootIds.length
      ? await this.traversals.get('traverse', request, () => this.store.traverse(request), traversalBytes)
      : EMPTY_TRAVERSAL;
    return { ...report, types: request.types };
  }

  /**
   * `TraversalReport.edges`: the relationships of the walked types among the
   * report's non-retired roots and listed items. Asked for only when a client
   * selects them, so a plain impact query costs no second query.
   */
  async traversalEdges(answer: TraversalAnswer): Promise<TraversalEdge[]> {
    const ends = edgeEnds(answer);
    if (ends.length < 2) return [];
    return traversalEdges(ends, await this.store.relationshipsAmong(ends, answer.types));
  }

  /** `impactAnalysis`: like `traverse`, but at least one item must be named. */
  async impactAnalysis(itemIds: readonly string[], args: TraversalArgs): Promise<TraversalAnswer> {
    if (itemIds.length === 0) {
      throw new BadUserInputError('itemIds: name at least one configuration item', undefined, { argumentName: 'itemIds' });
    }
    return this.traverse(itemIds, 'impact', args);
  }

  /** `outageSimulation`: what goes down and what degrades when these items fail together. */
  async outage(itemIds: readonly string[], args: { types?: RelationshipType[] | null; limit?: number | null }): Promise<OutageReport> {
    const request = outageRequest(itemIds, args);
    return this.traversals.get(
      'outage',
      request,
      async () => simulateOutage(await this.store.impactClosure(request.rootIds, request.types), request.limit),
      outageBytes,
    );
  }

  /** `ChangeRequest.outage`: as `outage`, and empty for a change without affected items. */
  async changeOutage(itemIds: readonly string[], args: { types?: RelationshipType[] | null; limit?: number | null }): Promise<OutageReport> {
    if (itemIds.length === 0) {
      outageRequest(['-'], args);
      return EMPTY_OUTAGE;
    }
    return this.outage(itemIds, args);
  }

  // ---------------------------------------------------------------- for the tickets subgraph

  /** Which candidates are among the non-retired roots or rely on one of them at any depth over every type; as given, once each. */
  async itemsRelyingOn(rootIds: readonly string[], candidateIds: readonly string[]): Promise<string[]> {
    const candidates = [...new Set(candidateIds)];
    if (!rootIds.length || !candidates.length) return [];
    const closure = await this.store.impactClosure([...new Set(rootIds)], null);
    const affected = new Set([...closure.roots, ...closure.reached].map((node) => node.id));
    return candidates.filter((id) => affected.has(id));
  }

  /** services(set) for each set, by name then id: its non-retired business services and those its impact at `depth` reaches. */
  async businessServicesReached(itemSets: readonly (readonly string[])[], depth: number): Promise<string[][]> {
    requireIntInRange('depth', depth, 1, MAX_DEPTH);
    const all = [...new Set(itemSets.flat())];
    if (!all.length) return itemSets.map(() => []);
    const graph = await this.store.walk(all, 'impact', depth);
    return itemSets.map((set) => businessServicesOf(graph, set, depth));
  }

  /**
   * For each item set, its dependency closure at `depth` over every type (see `dependencyClosureOf`):
   * what the tickets subgraph matches `businessServiceIds` events against. One walk for all sets.
   */
  async dependencyClosures(itemSets: readonly (readonly string[])[], depth: number): Promise<string[][]> {
    requireIntInRange('depth', depth, 1, MAX_DEPTH);
    const all = [...new Set(itemSets.flat())];
    if (!all.length) return itemSets.map(() => []);
    const graph = await this.store.walk(all, 'dependencies', depth);
    return itemSets.map((set) => dependencyClosureOf(graph, set, depth));
  }

  /** The store's change counter: it moves with every committed write, so the tickets subgraph knows when closures may be stale. */
  changeCount(): Promise<string> {
    return this.store.changeCount();
  }

  /** Probable causes over item sets (see the contract part change-and-problem); depth 1..10, first 1..100. */
  async probableCauseCandidates(itemSets: readonly (readonly string[])[], depth: number, first: number): Promise<CauseCandidate[]> {
    const problems: string[] = [];
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) problems.push(`depth must be an integer from 1 to ${MAX_DEPTH}, got ${depth}`);
    if (!Number.isInteger(first) || first < 1 || first > MAX_CAUSES) problems.push(`first must be an integer from 1 to ${MAX_CAUSES}, got ${first}`);
    if (problems.length) throw BadUserInputError.of(problems, 'probable causes refused');
    const all = [...new Set(itemSets.flat())];
    if (!all.length) return [];
    // Retired items are walked from by a walk's rules; here they explain nothing, so they are not roots at all.
    const items = await this.store.itemsByIds(all);
    const roots = all.filter((id) => items.has(id) && items.get(id)!.lifecycle !== 'RETIRED');
    if (!roots.length) return [];
    const graph = await this.store.walk(roots, 'dependencies', depth);
    const explains = explainedSets(graph, itemSets, depth);
    const measure = candidatesToMeasure(explains, minimumCoverage(graph, itemSets), first);
    if (!measure.length) return [];
    const sizes = await this.store.impactCounts(measure, depth);
    const names = new Map(measure.map((id) => [id, graph.nodes.get(id)!.name]));
    return rankCauses(explains, sizes, names, first);
  }

  // ---------------------------------------------------------------- writes

  /** Upserts by externalId, all or nothing; BAD_USER_INPUT naming every problem. */
  async importItems(items: ItemInput[], relationships: RelationshipInput[]): Promise<ImportResult> {
    try {
      return await pRetry(() => this.store.write((tx) => this.importOnce(tx, items, relationships)), {
        ...IMPORT_RETRY,
        onFailedAttempt: (error) => {
          if (!(error instanceof DuplicateKeyError)) throw error;
          log.info({ attempt: error.attemptNumber, retriesLeft: error.retriesLeft }, 'import raced a concurrent import on an externalId; retrying');
        },
      });
    } catch (error) {
      // Every retry lost a race (many overlapping imports at once): the client's to send again, not an internal error.
      if (error instanceof DuplicateKeyError) {
        throw new HubError('CONFLICT', 'concurrent imports kept creating the same externalIds; nothing was written, send the import again');
      }
      throw error;
    }
  }

  private async importOnce(tx: CmdbWriteTransaction, items: ItemInput[], relationships: RelationshipInput[]): Promise<ImportResult> {
    // Locked where the backend locks rows, so that a concurrent update cannot slip between comparison and write.
    const stored = await tx.itemsForUpdate(items.map((item) => item.externalId));
    const others = await tx.idsByExternalIds(externalIdsOutsidePayload(items, relationships));
    const known = new Set([...stored.keys(), ...others.keys()]);
    const problems = importProblems(items, relationships, known, this.store.limits);
    if (problems.length) throw BadUserInputError.of(problems, 'import rejected, nothing was written');

    const plan = planImport(items, relationships, stored, others, uuidv7);
    await tx.insertItems(plan.created);
    await tx.replaceItems(plan.changed);
    const relationshipsCreated = await tx.insertRelationships(plan.relationships);
    return {
      created: plan.created.length,
      updated: plan.changed.length,
      unchanged: plan.unchanged,
      relationshipsCreated,
      // A relationship listed twice in one payload is created once and unchanged the second time.
      relationshipsUnchanged: relationships.length - relationshipsCreated,
    };
  }

  /** Replaces the item's fields. NOT_FOUND, CONFLICT on a stale expectedVersion, BAD_USER_INPUT when externalId is taken. */
  async updateItem(id: string, input: ItemInput, expectedVersion: number | null): Promise<ConfigurationItem> {
    try {
      return await this.store.write(async (tx) => {
        const current = await tx.lockItem(id);
        if (!current) throw new NotFoundError(ITEM, id);
        if (expectedVersion !== null && expectedVersion !== current.version) {
          throw new ConflictError(ITEM, id, expectedVersion, current.version);
        }
        const problems = itemInputProblems(input, 'input', this.store.limits);
        if (problems.length) throw BadUserInputError.of(problems, `configuration item ${JSON.stringify(id)} not updated`);
        if (sameAsStored(current, input)) return current;
        const holder = await tx.externalIdHolder(input.externalId, id);
        if (holder) throw externalIdTaken(input.externalId, holder);
        return tx.replaceItem(id, input);
      });
    } catch (error) {
      // Another transaction took the externalId between our check and our write.
      if (error instanceof DuplicateKeyError) throw externalIdTaken(input.externalId, null);
      throw error;
    }
  }

  /** Sets lifecycle RETIRED (idempotent). NOT_FOUND for an unknown id. */
  retireItem(id: string): Promise<ConfigurationItem> {
    return this.store.write(async (tx) => {
      const item = await tx.retireItem(id);
      if (!item) throw new NotFoundError(ITEM, id);
      return item;
    });
  }

  /** NOT_FOUND for unknown ids, BAD_USER_INPUT for a self-relationship; idempotent. */
  addRelationship(sourceId: string, targetId: string, type: RelationshipType): Promise<Relationship> {
    return this.store.write(async (tx) => {
      await this.requireItems(tx, [sourceId, targetId]);
      if (sourceId === targetId) {
        throw new BadUserInputError(`a configuration item cannot relate to itself: sourceId and targetId are both ${JSON.stringify(sourceId)}`);
      }
      const relationship: Relationship = { type, sourceId, targetId };
      await tx.insertRelationships([relationship]);
      return relationship;
    });
  }

  /** False when there was no such relationship; NOT_FOUND when an id names no item. */
  removeRelationship(sourceId: string, targetId: string, type: RelationshipType): Promise<boolean> {
    return this.store.write(async (tx) => {
      await this.requireItems(tx, [sourceId, targetId]);
      return tx.deleteRelationship({ type, sourceId, targetId });
    });
  }

  private async requireItems(tx: CmdbWriteTransaction, ids: string[]): Promise<void> {
    const found = await tx.existingIds(ids);
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError(ITEM, missing);
  }
}

/** The service over a store; `createCmdbServer` builds one, and so can tools that open a store themselves. */
export function createCmdbService(store: CmdbStore, options?: CmdbServiceOptions): CmdbService {
  return new CmdbService(store, options);
}
