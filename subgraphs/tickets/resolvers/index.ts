/** The tickets subgraph's resolver map, one file per GraphQL type. */
import { DateTimeScalar } from '../../../platform/scalars';
import type { Resolvers } from '../generated/resolvers';
import { ConfigurationItem } from './ConfigurationItem';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { ChangeConflict, ChangeRequest, Incident, Problem, ProbableCause, ServiceRequest, Ticket } from './Ticket';
import { ServiceOffering } from './ServiceOffering';
import { Subscription } from './Subscription';
import { TicketEvent } from './TicketEvent';
import { TicketMetricRow } from './TicketMetricRow';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Ticket,
  Incident,
  Problem,
  ServiceRequest,
  ChangeRequest,
  ChangeConflict,
  ProbableCause,
  ServiceOffering,
  ConfigurationItem,
  TicketMetricRow,
  TicketEvent,
  Subscription,
};
