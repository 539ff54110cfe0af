import { traversalRequest, type TraversalReport } from '../domain';
import type { ChangeRequestResolvers } from '../generated/resolvers';

const EMPTY: TraversalReport = { roots: [], totalCount: 0, truncated: false, items: [], businessServices: [] };

export const ChangeRequest: ChangeRequestResolvers = {
  // The tickets subgraph owns changes; this subgraph only needs the key and the @requires fields.
  __resolveReference: (reference) => reference,

  blastRadius(change, args, { store }) {
    const request = traversalRequest((change.affectedItems ?? []).map((i) => i.id), 'impact', args);
    return request.rootIds.length ? store.traverse(request) : EMPTY;
  },
};
