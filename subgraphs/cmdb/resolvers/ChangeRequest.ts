import type { ChangeRequestResolvers } from '../generated/resolvers';

export const ChangeRequest: ChangeRequestResolvers = {
  // The tickets subgraph owns changes; this subgraph only needs the key and the @requires fields.
  __resolveReference: (reference) => reference,

  blastRadius: (change, args, { cmdb }) => cmdb.traverse((change.affectedItems ?? []).map((i) => i.id), 'impact', args),

  outage: (change, args, { cmdb }) => cmdb.changeOutage((change.affectedItems ?? []).map((i) => i.id), args),
};
