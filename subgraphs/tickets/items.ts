/**
 * The tickets subgraph's view of the CMDB: which item ids exist and which are
 * retired. It asks the CMDB subgraph directly through its entity resolver, one
 * request for any number of ids.
 */
import { BadUserInputError, ServiceUnavailableError } from '../../platform/errors';
import { INTERNAL_SECRET_HEADER } from '../../platform/subgraph-server';

export interface ItemDirectory {
  /** Throws BAD_USER_INPUT naming every id that is unknown or retired; SERVICE_UNAVAILABLE when the CMDB does not answer. */
  assertUsable(ids: string[], argumentName: string): Promise<void>;
}

const LOOKUP = /* GraphQL */ `
  query ItemLifecycles($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on ConfigurationItem { id lifecycle } }
  }
`;

const TIMEOUT_MS = 5000;

export function cmdbItemDirectory(cmdbUrl: () => string, internalSecret: string | null): ItemDirectory {
  return {
    async assertUsable(ids, argumentName) {
      const unique = [...new Set(ids)];
      if (!unique.length) return;
      let body: { data?: { _entities: ({ id: string; lifecycle: string } | null)[] }; errors?: { message: string; extensions?: { code?: string } }[] };
      try {
        const response = await fetch(cmdbUrl(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(internalSecret ? { [INTERNAL_SECRET_HEADER]: internalSecret } : {}) },
          body: JSON.stringify({
            query: LOOKUP,
            variables: { representations: unique.map((id) => ({ __typename: 'ConfigurationItem', id })) },
          }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        body = (await response.json()) as typeof body;
      } catch (error) {
        throw new ServiceUnavailableError('cmdb', error);
      }
      // Any error means some lookups did not answer: never mistake an unanswered id for an unknown one.
      if (body.errors?.length || !body.data) {
        const unavailable = body.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
        if (unavailable) throw new ServiceUnavailableError('cmdb');
        throw new Error(`cmdb item lookup failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
      }
      const problems: string[] = [];
      body.data._entities.forEach((entity, index) => {
        if (!entity) problems.push(`${argumentName}: ${JSON.stringify(unique[index])} names no configuration item`);
        else if (entity.lifecycle === 'RETIRED') problems.push(`${argumentName}: ${JSON.stringify(unique[index])} is retired`);
      });
      if (problems.length) throw BadUserInputError.of(problems, 'affected items rejected, nothing was written');
    },
  };
}
