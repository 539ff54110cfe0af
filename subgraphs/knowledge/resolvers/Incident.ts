import type { IncidentResolvers } from '../generated/resolvers';

export const Incident: IncidentResolvers = {
  // The tickets subgraph owns incidents; the gateway sends the key and the @requires fields.
  __resolveReference: (reference) => reference,

  async suggestedArticles(incident, { first }, { service, loaders }) {
    const count = service.checkSuggestionCount(first ?? 5);
    return (await loaders.suggestionsFor.load(incident)).slice(0, count);
  },
};
