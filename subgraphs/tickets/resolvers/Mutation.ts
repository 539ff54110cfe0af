import type { IncidentImport } from '../domain';
import type { MutationResolvers } from '../generated/resolvers';

export const Mutation: MutationResolvers = {
  createIncident: (_, { input }, { service, actor }) => service.createIncident(input, actor),

  createChangeRequest: (_, { input }, { service, actor }) => service.createChangeRequest(input, actor),

  createProblem: (_, { input }, { service, actor }) => service.createProblem(input, actor),

  linkIncidentToProblem: (_, { incidentId, problemId }, { service, actor }) => service.linkIncidentToProblem(incidentId, problemId, actor),

  recordKnownError: (_, { problemId, rootCause, workaround, expectedVersion }, { service, actor }) =>
    service.recordKnownError(problemId, rootCause, workaround ?? null, expectedVersion ?? null, actor),

  transitionTicket: (_, { id, to, note, expectedVersion }, { service, actor }) =>
    service.transition(id, to, note ?? null, expectedVersion ?? null, actor),

  assignTicket: (_, { id, assignmentGroup, assignee }, { service, actor }) =>
    service.assign(id, assignmentGroup ?? null, assignee ?? null, actor),

  addComment: (_, { ticketId, body }, { service, actor }) => service.comment(ticketId, body, actor),

  importIncidents: (_, { items }, { service }) => service.importIncidents(items as IncidentImport[]),

  createServiceOffering: (_, { input }, { service }) => service.createServiceOffering(input),

  updateServiceOffering: (_, { id, input, expectedVersion }, { service }) =>
    service.updateServiceOffering(id, input, expectedVersion ?? null),

  requestService: (_, { input }, { service, actor }) => service.requestService(input, actor),
};
