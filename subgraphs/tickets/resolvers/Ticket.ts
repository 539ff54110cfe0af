import { slaBreached, type Ticket as TicketModel, type TicketType } from '../domain';
import type {
  ChangeRequestResolvers,
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

export const Incident: IncidentResolvers = ticketFields;
export const Problem: ProblemResolvers = ticketFields;
export const ServiceRequest: ServiceRequestResolvers = ticketFields;
export const ChangeRequest: ChangeRequestResolvers = {
  ...ticketFields,
  changeType: (ticket) => ticket.changeType ?? 'NORMAL',
};
