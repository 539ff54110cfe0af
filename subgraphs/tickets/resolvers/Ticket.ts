import { slaBreached, type Ticket as TicketModel, type TicketType } from '../domain';
import type {
  ChangeConflictResolvers,
  ChangeRequestResolvers,
  ProbableCauseResolvers,
  IncidentResolvers,
  ProblemResolvers,
  ServiceRequestResolvers,
  TicketResolvers,
} from '../generated/resolvers';
import type { RequestContext } from '../context';

const TYPENAME: Record<TicketType, 'Incident' | 'Problem' | 'ChangeRequest' | 'ServiceRequest'> = {
  INCIDENT: 'Incident',
  PROBLEM: 'Problem',
  CHANGE: 'ChangeRequest',
  REQUEST: 'ServiceRequest',
};

export const Ticket: TicketResolvers = {
  __resolveType: (ticket) => TYPENAME[ticket.type],
};

/** The fields every concrete ticket type resolves the same way. */
const ticketFields = {
  async __resolveReference(reference: { id: string }, { loaders }: RequestContext) {
    return loaders.ticketById.load(reference.id);
  },
  affectedItems: (ticket: TicketModel) => ticket.affectedItemIds.map((id) => ({ __typename: 'ConfigurationItem' as const, id })),
  slaBreached: (ticket: TicketModel) => slaBreached(ticket),
  history: (ticket: TicketModel, _: unknown, { loaders }: RequestContext) => loaders.historyOf.load(ticket.id),
};

export const Incident: IncidentResolvers = {
  ...ticketFields,
  problem: (incident, _, { loaders }) => (incident.problemId ? loaders.ticketById.load(incident.problemId) : null),
};
export const Problem: ProblemResolvers = {
  ...ticketFields,
  incidents: (problem, _, { loaders }) => loaders.incidentsOfProblem.load(problem.id),
};
export const ServiceRequest: ServiceRequestResolvers = ticketFields;
export const ChangeRequest: ChangeRequestResolvers = {
  ...ticketFields,
  changeType: (ticket) => ticket.changeType ?? 'NORMAL',
  conflicts: (change, _, { loaders }) => loaders.conflictsOf.load(change),
  risk: (change, _, { loaders }) => loaders.riskOf.load(change),
};

const itemReference = (id: string) => ({ __typename: 'ConfigurationItem' as const, id });

export const ChangeConflict: ChangeConflictResolvers = {
  sharedItems: (conflict) => conflict.sharedItemIds.map(itemReference),
  sharedBusinessServices: (conflict) => conflict.sharedBusinessServiceIds.map(itemReference),
};

export const ProbableCause: ProbableCauseResolvers = {
  item: (cause) => itemReference(cause.itemId),
};
