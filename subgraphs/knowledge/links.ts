/**
 * The knowledge subgraph's client of the other two: which item and problem ids may be linked, the
 * names and numbers that order an article's links, and what items rely on. It asks the CMDB and
 * tickets subgraphs directly with the internal secret, through `_entities`, one request per call.
 */
import { ServiceUnavailableError } from '../../platform/errors';
import { postGraphQL, type GraphQLResponse } from '../../platform/graphql-client';
import { INTERNAL_SECRET_HEADER } from '../../platform/subgraph-server';

/** A reached item: `distance` is its fewest hops from any of the asked items. */
export interface DependencyHit {
  id: string;
  distance: number;
}

/** Every call: SERVICE_UNAVAILABLE when the subgraph asked does not answer. */
export interface LinkDirectory {
  /** A problem for every id that names no configuration item or a retired one (nothing for a valid list). */
  itemProblems(ids: string[], argumentName: string): Promise<string[]>;
  /** A problem for every id that names no problem. */
  problemProblems(ids: string[], argumentName: string): Promise<string[]>;
  /** Names of the known items among `ids`. */
  itemNames(ids: string[]): Promise<Map<string, string>>;
  /** Numbers of the known problems among `ids`. */
  problemNumbers(ids: string[]): Promise<Map<string, string>>;
  /** What each of `itemIds` relies on up to `depth` (the CMDB's `dependencies`), per item. */
  dependencies(itemIds: string[], depth: number): Promise<Map<string, DependencyHit[]>>;
}

const ITEMS = /* GraphQL */ `
  query KnowledgeItems($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on ConfigurationItem { id name lifecycle } }
  }
`;

const PROBLEMS = /* GraphQL */ `
  query KnowledgeProblems($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Problem { id number type } }
  }
`;

/** The CMDB's largest `limit`: what an item relies on within three hops is never cut short in practice. */
const DEPENDENCIES = /* GraphQL */ `
  query KnowledgeDependencies($representations: [_Any!]!, $depth: Int!) {
    _entities(representations: $representations) {
      ... on ConfigurationItem { id dependencies(depth: $depth, limit: 10000) { items { distance item { id } } } }
    }
  }
`;

const TIMEOUT_MS = 5000;

type Entities<T> = { _entities: (T | null)[] };

const representations = (typename: string, ids: string[]) => ids.map((id) => ({ __typename: typename, id }));

export function linkDirectory(urls: { cmdb: () => string; tickets: () => string }, internalSecret: string | null): LinkDirectory {
  const headers: Record<string, string> = internalSecret ? { [INTERNAL_SECRET_HEADER]: internalSecret } : {};

  /** One request; any error in the answer fails the call, so an unanswered id is never mistaken for an unknown one. */
  async function ask<T>(subgraph: 'cmdb' | 'tickets', query: string, variables: Record<string, unknown>): Promise<T> {
    let body: GraphQLResponse<T> | null;
    try {
      ({ body } = await postGraphQL<T>(urls[subgraph](), { query, variables }, { headers, timeoutMs: TIMEOUT_MS }));
    } catch (error) {
      throw new ServiceUnavailableError(subgraph, error);
    }
    if (!body) throw new ServiceUnavailableError(subgraph);
    if (body.errors?.length || !body.data) {
      if (body.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) throw new ServiceUnavailableError(subgraph);
      throw new Error(`${subgraph} request failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    }
    return body.data;
  }

  const items = async (ids: string[]) => {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map<string, { name: string; lifecycle: string }>();
    const data = await ask<Entities<{ id: string; name: string; lifecycle: string }>>('cmdb', ITEMS, {
      representations: representations('ConfigurationItem', unique),
    });
    return new Map(data._entities.flatMap((entity, index) => (entity ? [[unique[index], entity] as const] : [])));
  };

  const problems = async (ids: string[]) => {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map<string, string>();
    // The tickets subgraph resolves any ticket id as a Problem reference; only type PROBLEM is one.
    const data = await ask<Entities<{ id: string; number: string; type: string }>>('tickets', PROBLEMS, {
      representations: representations('Problem', unique),
    });
    return new Map(
      data._entities.flatMap((entity, index) => (entity && entity.type === 'PROBLEM' ? [[unique[index], entity.number] as const] : [])),
    );
  };

  return {
    async itemProblems(ids, argumentName) {
      const found = await items(ids);
      return [...new Set(ids)].flatMap((id) => {
        const item = found.get(id);
        if (!item) return [`${argumentName}: ${JSON.stringify(id)} names no configuration item`];
        return item.lifecycle === 'RETIRED' ? [`${argumentName}: ${JSON.stringify(id)} is retired`] : [];
      });
    },

    async problemProblems(ids, argumentName) {
      const found = await problems(ids);
      return [...new Set(ids)].filter((id) => !found.has(id)).map((id) => `${argumentName}: ${JSON.stringify(id)} names no problem`);
    },

    async itemNames(ids) {
      return new Map([...(await items(ids))].map(([id, item]) => [id, item.name]));
    },

    problemNumbers: problems,

    async dependencies(itemIds, depth) {
      const unique = [...new Set(itemIds)];
      const reached = new Map<string, DependencyHit[]>(unique.map((id) => [id, []]));
      if (!unique.length) return reached;
      const data = await ask<Entities<{ id: string; dependencies: { items: { distance: number; item: { id: string } }[] } }>>(
        'cmdb',
        DEPENDENCIES,
        { representations: representations('ConfigurationItem', unique), depth },
      );
      data._entities.forEach((entity, index) => {
        if (entity) reached.set(unique[index], entity.dependencies.items.map((hit) => ({ id: hit.item.id, distance: hit.distance })));
      });
      return reached;
    },
  };
}
