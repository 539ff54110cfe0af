import { BadUserInputError } from '../../../platform/errors';
import {
  assignment,
  comment,
  incidentImportProblems,
  priorityOf,
  slaDueAt,
  transition,
  type IncidentImport,
  type NewTicket,
} from '../domain';
import type { MutationResolvers } from '../generated/resolvers';

function requireText(argumentName: string, value: string): string {
  if (value.trim() === '') throw new BadUserInputError(`${argumentName} must not be empty`, undefined, { argumentName });
  return value;
}

export const Mutation: MutationResolvers = {
  async createIncident(_, { input }, { store, items, slaTargets, actor }) {
    requireText('input.title', input.title);
    const affectedItemIds = [...new Set(input.affectedItemIds ?? [])];
    await items.assertUsable(affectedItemIds, 'input.affectedItemIds');
    const createdAt = new Date();
    const priority = priorityOf(input.impact, input.urgency);
    const ticket: NewTicket = {
      type: 'INCIDENT',
      title: input.title,
      description: input.description ?? null,
      status: 'NEW',
      impact: input.impact,
      urgency: input.urgency,
      priority,
      assignmentGroup: input.assignmentGroup ?? null,
      assignee: input.assignee ?? null,
      reporter: input.reporter ?? actor,
      affectedItemIds,
      changeType: null,
      plannedStart: null,
      plannedEnd: null,
      createdAt,
      slaDueAt: slaDueAt('INCIDENT', priority, createdAt, slaTargets),
    };
    return store.createTicket(ticket, actor);
  },

  async createChangeRequest(_, { input }, { store, items, slaTargets, actor }) {
    requireText('input.title', input.title);
    if (input.plannedStart && input.plannedEnd && input.plannedEnd < input.plannedStart) {
      throw new BadUserInputError('input.plannedEnd is before input.plannedStart', undefined, { argumentName: 'input.plannedEnd' });
    }
    const affectedItemIds = [...new Set(input.affectedItemIds)];
    await items.assertUsable(affectedItemIds, 'input.affectedItemIds');
    const createdAt = new Date();
    const priority = priorityOf(input.impact, input.urgency);
    const ticket: NewTicket = {
      type: 'CHANGE',
      title: input.title,
      description: input.description ?? null,
      status: 'DRAFT',
      impact: input.impact,
      urgency: input.urgency,
      priority,
      assignmentGroup: input.assignmentGroup ?? null,
      assignee: null,
      reporter: actor,
      affectedItemIds,
      changeType: input.changeType,
      plannedStart: input.plannedStart ?? null,
      plannedEnd: input.plannedEnd ?? null,
      createdAt,
      slaDueAt: slaDueAt('CHANGE', priority, createdAt, slaTargets),
    };
    return store.createTicket(ticket, actor);
  },

  transitionTicket: (_, { id, to, note, expectedVersion }, { store, actor }) =>
    store.updateTicket(id, expectedVersion ?? null, actor, (current, now) => transition(current, to, note ?? null, now)),

  assignTicket: (_, { id, assignmentGroup, assignee }, { store, actor }) =>
    store.updateTicket(id, null, actor, (current) => assignment(current, assignmentGroup ?? null, assignee ?? null)),

  addComment(_, { ticketId, body }, { store, actor }) {
    const change = comment(body);
    return store.updateTicket(ticketId, null, actor, () => change);
  },

  async importIncidents(_, { items: batch }, { store, items, slaTargets }) {
    const incidents = batch as IncidentImport[];
    const problems = incidentImportProblems(incidents);
    if (problems.length) throw BadUserInputError.of(problems, 'import rejected, nothing was written');
    await items.assertUsable(incidents.flatMap((i) => i.affectedItemIds ?? []), 'items.affectedItemIds');
    return store.importIncidents(incidents, (incident) =>
      slaDueAt('INCIDENT', priorityOf(incident.impact, incident.urgency), incident.createdAt, slaTargets),
    );
  },
};
