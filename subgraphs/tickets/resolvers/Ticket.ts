import { slaView, type SlaView, type Ticket as TicketModel, type TicketType } from '../domain';
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

/**
 * The service level of a ticket as read once per ticket object: its fields agree on one instant,
 * and a clock in business hours walks its calendar once however many of them are selected. Ticket
 * objects live for one request (loaders, pages), so no reading outlives the request that made it.
 */
const views = new WeakMap<TicketModel, SlaView>();
function viewOf(ticket: TicketModel): SlaView {
  let view = views.get(ticket);
  if (!view) {
    view = slaView(ticket);
    views.set(ticket, view);
  }
  return view;
}

/** The fields every concrete ticket type resolves the same way. */
const ticketFields = {
  async __resolveReference(reference: { id: string }, { loaders }: RequestContext) {
    return loaders.ticketById.load(reference.id);
  },
  affectedItems: (ticket: TicketModel) => ticket.affectedItemIds.map((id) => ({ __typename: 'ConfigurationItem' as const, id })),
  slaBreached: (ticket: TicketModel) => viewOf(ticket).breached,
  slaPaused: (ticket: TicketModel) => viewOf(ticket).paused,
  slaElapsedPercent: (ticket: TicketModel) => viewOf(ticket).elapsedPercent,
  responseBreached: (ticket: TicketModel) => viewOf(ticket).responseBreached,
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
export const ServiceRequest: ServiceRequestResolvers = {
  ...ticketFields,
  offering: (request, _, { loaders }) => (request.offeringId ? loaders.offeringById.load(request.offeringId) : null),
};
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
