/**
 * The tickets subgraph's client of the CMDB: which item ids exist and which are retired, and the
 * graph questions behind change risk, conflicts and probable causes. It asks the CMDB subgraph
 * directly with the internal secret (through `_entities` and the CMDB's internal, gateway-hidden
 * query fields), one request per call.
 */
import { BadUserInputError, ServiceUnavailableError } from '../../platform/errors';
import { REQUEST_ID_HEADER } from '../../platform/http';
import { currentRequestId } from '../../platform/logger';
import { INTERNAL_SECRET_HEADER } from '../../platform/subgraph-server';
import { clientSpan, injectTraceContext, recordHttpStatus } from '../../platform/telemetry';

/** What the risk of a change needs from the outage of its affected items. */
export interface OutageSummary {
  roots: { id: string; ciClass: string; criticality: string | null }[];
  businessServicesDown: { id: string; criticality: string | null }[];
  businessServicesDegraded: { id: string }[];
}

export interface CauseCandidate {
  itemId: string;
  /** Indexes of the item sets the candidate explains, ascending. */
  sets: number[];
  impactSize: number;
}

export interface ItemDirectory {
  /**
   * Throws BAD_USER_INPUT naming every id that is unknown or retired (or, with `ciClass`, of another
   * class); SERVICE_UNAVAILABLE when the CMDB does not answer.
   */
  assertUsable(ids: string[], argumentName: string, ciClass?: string): Promise<void>;
}

/** Every call: SERVICE_UNAVAILABLE when the CMDB does not answer. */
export interface CmdbClient extends ItemDirectory {
  /** The outage if all of `itemIds` failed together (all relationship types); `itemIds` must not be empty. */
  outage(itemIds: string[]): Promise<OutageSummary>;
  /** Which of `candidateIds` are among `rootIds` or rely on one of them at any depth, in the order given. */
  itemsRelyingOn(rootIds: string[], candidateIds: string[]): Promise<string[]>;
  /**
   * services(set) for each set (its business services plus those of its impact at `depth`), each by
   * name then id; and `names` of `itemIds` for ordering (unknown ids left out).
   */
  businessServicesReached(itemSets: string[][], depth: number, itemIds: string[]): Promise<{ services: string[][]; names: Map<string, string> }>;
  /** Ranked probable causes over item sets (one per incident). */
  probableCauseCandidates(itemSets: string[][], depth: number, first: number): Promise<CauseCandidate[]>;
  /** For each set, its non-retired items and the non-retired items they rely on within `depth` (all types), in the order given. */
  dependencyClosures(itemSets: string[][], depth: number): Promise<string[][]>;
  /** The CMDB's change counter: it moves with every committed CMDB write. */
  changeCount(): Promise<string>;
}

const LOOKUP = /* GraphQL */ `
  query ItemLifecycles($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on ConfigurationItem { id lifecycle ciClass } }
  }
`;

const OUTAGE = /* GraphQL */ `
  query ChangeOutage($itemIds: [ID!]!) {
    outageSimulation(itemIds: $itemIds, limit: 1) {
      roots { id ciClass criticality }
      businessServicesDown { id criticality }
      businessServicesDegraded { id }
    }
  }
`;

const RELYING = /* GraphQL */ `
  query ItemsRelyingOn($rootIds: [ID!]!, $candidateIds: [ID!]!) {
    itemsRelyingOn(rootIds: $rootIds, candidateIds: $candidateIds)
  }
`;

const SERVICES = /* GraphQL */ `
  query BusinessServicesReached($itemSets: [[ID!]!]!, $depth: Int!, $representations: [_Any!]!) {
    businessServicesReached(itemSets: $itemSets, depth: $depth)
    _entities(representations: $representations) { ... on ConfigurationItem { id name } }
  }
`;

const CAUSES = /* GraphQL */ `
  query ProbableCauseCandidates($itemSets: [[ID!]!]!, $depth: Int!, $first: Int!) {
    probableCauseCandidates(itemSets: $itemSets, depth: $depth, first: $first) { itemId sets impactSize }
  }
`;

const CLOSURES = /* GraphQL */ `
  query DependencyClosures($itemSets: [[ID!]!]!, $depth: Int!) {
    dependencyClosures(itemSets: $itemSets, depth: $depth)
  }
`;

const CHANGE_COUNT = /* GraphQL */ `
  query CmdbChangeCount {
    cmdbChangeCount
  }
`;

/** Item checks and small questions: a CMDB that takes longer than this is treated as unavailable. */
const TIMEOUT_MS = 5000;
/**
 * Whole-graph analyses (outage, probable causes) walk up to the entire CMDB: at 100,000 items a
 * probable-cause ranking whose top candidates are core switches measures their impact sizes in
 * seconds, which is slow but a real answer, not an outage.
 */
const ANALYSIS_TIMEOUT_MS = 60_000;

interface CmdbResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const representations = (ids: string[]) => ids.map((id) => ({ __typename: 'ConfigurationItem', id }));

export function cmdbItemDirectory(cmdbUrl: () => string, internalSecret: string | null): CmdbClient {
  /** One request; any error in the answer fails the call, so an unanswered id is never mistaken for an unknown one. */
  async function ask<T>(query: string, variables: Record<string, unknown>, timeoutMs = TIMEOUT_MS): Promise<T> {
    let body: CmdbResponse<T>;
    // The CMDB logs this call under the id of the client request that caused it.
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (internalSecret) headers[INTERNAL_SECRET_HEADER] = internalSecret;
    const requestId = currentRequestId();
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    try {
      body = await clientSpan('POST', cmdbUrl(), {}, async (span) => {
        injectTraceContext(headers);
        const response = await fetch(cmdbUrl(), {
          method: 'POST',
          headers,
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        recordHttpStatus(span, response.status);
        return (await response.json()) as CmdbResponse<T>;
      });
    } catch (error) {
      throw new ServiceUnavailableError('cmdb', error);
    }
    if (body.errors?.length || !body.data) {
      const unavailable = body.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
      if (unavailable) throw new ServiceUnavailableError('cmdb');
      throw new Error(`cmdb request failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    }
    return body.data;
  }

  return {
    async assertUsable(ids, argumentName, ciClass) {
      const unique = [...new Set(ids)];
      if (!unique.length) return;
      const data = await ask<{ _entities: ({ id: string; lifecycle: string; ciClass: string } | null)[] }>(LOOKUP, {
        representations: representations(unique),
      });
      const problems: string[] = [];
      data._entities.forEach((entity, index) => {
        if (!entity) problems.push(`${argumentName}: ${JSON.stringify(unique[index])} names no configuration item`);
        else if (entity.lifecycle === 'RETIRED') problems.push(`${argumentName}: ${JSON.stringify(unique[index])} is retired`);
        else if (ciClass && entity.ciClass !== ciClass) {
          problems.push(`${argumentName}: ${JSON.stringify(unique[index])} is a ${entity.ciClass}, not a ${ciClass}`);
        }
      });
      if (problems.length) throw BadUserInputError.of(problems, 'affected items rejected, nothing was written');
    },

    async outage(itemIds) {
      return (await ask<{ outageSimulation: OutageSummary }>(OUTAGE, { itemIds }, ANALYSIS_TIMEOUT_MS)).outageSimulation;
    },

    async itemsRelyingOn(rootIds, candidateIds) {
      if (!rootIds.length || !candidateIds.length) return [];
      return (await ask<{ itemsRelyingOn: string[] }>(RELYING, { rootIds, candidateIds })).itemsRelyingOn;
    },

    async businessServicesReached(itemSets, depth, itemIds) {
      const unique = [...new Set(itemIds)];
      const data = await ask<{ businessServicesReached: string[][]; _entities: ({ id: string; name: string } | null)[] }>(SERVICES, {
        itemSets,
        depth,
        representations: representations(unique),
      });
      const names = new Map<string, string>();
      for (const entity of data._entities) if (entity) names.set(entity.id, entity.name);
      return { services: data.businessServicesReached, names };
    },

    async probableCauseCandidates(itemSets, depth, first) {
      return (await ask<{ probableCauseCandidates: CauseCandidate[] }>(CAUSES, { itemSets, depth, first }, ANALYSIS_TIMEOUT_MS)).probableCauseCandidates;
    },

    async dependencyClosures(itemSets, depth) {
      if (!itemSets.length) return [];
      return (await ask<{ dependencyClosures: string[][] }>(CLOSURES, { itemSets, depth })).dependencyClosures;
    },

    async changeCount() {
      return (await ask<{ cmdbChangeCount: string }>(CHANGE_COUNT, {})).cmdbChangeCount;
    },
  };
}
