import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ChangeConflict as ChangeConflictModel, Ticket as TicketModel, ChangeRisk as ChangeRiskModel, ItemReference as ItemReferenceModel, TicketEvent as TicketEventModel, HistoryEntry as HistoryEntryModel, MetricRow as MetricRowModel } from '../domain';
import type { ProbableCause as ProbableCauseModel } from '../service';
import type { RequestContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO-8601 timestamp with offset, e.g. 2026-11-21T08:00:00.000Z */
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type ChangeConflict = {
  __typename?: 'ChangeConflict';
  change: ChangeRequest;
  /** Reached by both blast radii, by name then id. */
  sharedBusinessServices: Array<ConfigurationItem>;
  /** Affected by both changes, by name then id. */
  sharedItems: Array<ConfigurationItem>;
};

export type ChangeRequest = Ticket & {
  __typename?: 'ChangeRequest';
  affectedItems: Array<ConfigurationItem>;
  assignee: Maybe<Scalars['String']['output']>;
  assignmentGroup: Maybe<Scalars['String']['output']>;
  changeType: ChangeType;
  closedAt: Maybe<Scalars['DateTime']['output']>;
  /** Open changes with an overlapping window that share an affected item or a business service, by plannedStart, then number. */
  conflicts: Array<ChangeConflict>;
  createdAt: Scalars['DateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  externalId: Maybe<Scalars['String']['output']>;
  history: Array<TicketHistoryEntry>;
  id: Scalars['ID']['output'];
  impact: Level;
  number: Scalars['String']['output'];
  plannedEnd: Maybe<Scalars['DateTime']['output']>;
  plannedStart: Maybe<Scalars['DateTime']['output']>;
  priority: Priority;
  reporter: Maybe<Scalars['String']['output']>;
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  risk: ChangeRisk;
  slaBreached: Scalars['Boolean']['output'];
  /** Changes have no resolution target: null, and slaBreached is false. */
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  status: TicketStatus;
  title: Scalars['String']['output'];
  type: TicketType;
  updatedAt: Scalars['DateTime']['output'];
  urgency: Level;
  version: Scalars['Int']['output'];
};

export type ChangeRisk = {
  __typename?: 'ChangeRisk';
  businessServicesDegraded: Scalars['Int']['output'];
  businessServicesDown: Scalars['Int']['output'];
  conflicts: Scalars['Int']['output'];
  /** DOWN business services with criticality CRITICAL */
  criticalServicesDown: Scalars['Int']['output'];
  level: RiskLevel;
  /** Open P1/P2 incidents on the change's items or its outage */
  openMajorIncidents: Scalars['Int']['output'];
  score: Scalars['Int']['output'];
};

export type ChangeType =
  | 'EMERGENCY'
  | 'NORMAL'
  | 'STANDARD';

export type ConfigurationItem = {
  __typename?: 'ConfigurationItem';
  /** Changes that name this item; openOnly leaves out CLOSED and CANCELLED ones. */
  changes: Array<ChangeRequest>;
  id: Scalars['ID']['output'];
  /** Incidents in NEW, IN_PROGRESS or ON_HOLD, by priority then createdAt. */
  openIncidents: Array<Incident>;
};


export type ConfigurationItemChangesArgs = {
  openOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

export type CreateChangeRequestInput = {
  affectedItemIds: Array<Scalars['ID']['input']>;
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  changeType: ChangeType;
  description?: InputMaybe<Scalars['String']['input']>;
  impact: Level;
  plannedEnd?: InputMaybe<Scalars['DateTime']['input']>;
  plannedStart?: InputMaybe<Scalars['DateTime']['input']>;
  title: Scalars['String']['input'];
  urgency: Level;
};

export type CreateIncidentInput = {
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  assignee?: InputMaybe<Scalars['String']['input']>;
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  impact: Level;
  reporter?: InputMaybe<Scalars['String']['input']>;
  title: Scalars['String']['input'];
  urgency: Level;
};

export type CreateProblemInput = {
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  impact: Level;
  incidentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  title: Scalars['String']['input'];
  urgency: Level;
};

export type ImportResult = {
  __typename?: 'ImportResult';
  created: Scalars['Int']['output'];
  /** Always 0 for ticket imports. */
  relationshipsCreated: Scalars['Int']['output'];
  /** Always 0 for ticket imports. */
  relationshipsUnchanged: Scalars['Int']['output'];
  unchanged: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
};

export type Incident = Ticket & {
  __typename?: 'Incident';
  affectedItems: Array<ConfigurationItem>;
  assignee: Maybe<Scalars['String']['output']>;
  assignmentGroup: Maybe<Scalars['String']['output']>;
  closedAt: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  externalId: Maybe<Scalars['String']['output']>;
  history: Array<TicketHistoryEntry>;
  id: Scalars['ID']['output'];
  impact: Level;
  number: Scalars['String']['output'];
  priority: Priority;
  /** The problem this incident is linked to, if any. */
  problem: Maybe<Problem>;
  reporter: Maybe<Scalars['String']['output']>;
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  slaBreached: Scalars['Boolean']['output'];
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  status: TicketStatus;
  title: Scalars['String']['output'];
  type: TicketType;
  updatedAt: Scalars['DateTime']['output'];
  urgency: Level;
  version: Scalars['Int']['output'];
};

/** Historic or migrated incidents; idempotent by externalId. */
export type IncidentImportInput = {
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  closedAt?: InputMaybe<Scalars['DateTime']['input']>;
  createdAt: Scalars['DateTime']['input'];
  externalId: Scalars['String']['input'];
  impact: Level;
  resolvedAt?: InputMaybe<Scalars['DateTime']['input']>;
  status: TicketStatus;
  title: Scalars['String']['input'];
  urgency: Level;
};

export type Level =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type MetricDimension =
  | 'AFFECTED_ITEM'
  | 'ASSIGNMENT_GROUP'
  | 'PRIORITY'
  | 'TYPE';

export type MetricInterval =
  | 'DAY'
  | 'HOUR'
  | 'MONTH'
  | 'WEEK';

export type Mutation = {
  __typename?: 'Mutation';
  addComment: Ticket;
  assignTicket: Ticket;
  createChangeRequest: ChangeRequest;
  createIncident: Incident;
  createProblem: Problem;
  /** Upserts historic incidents by externalId, all or nothing, at most 10,000 a call; emits no events. */
  importIncidents: ImportResult;
  linkIncidentToProblem: Incident;
  recordKnownError: Problem;
  transitionTicket: Ticket;
};


export type MutationAddCommentArgs = {
  body: Scalars['String']['input'];
  ticketId: Scalars['ID']['input'];
};


export type MutationAssignTicketArgs = {
  assignee?: InputMaybe<Scalars['String']['input']>;
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationCreateChangeRequestArgs = {
  input: CreateChangeRequestInput;
};


export type MutationCreateIncidentArgs = {
  input: CreateIncidentInput;
};


export type MutationCreateProblemArgs = {
  input: CreateProblemInput;
};


export type MutationImportIncidentsArgs = {
  items: Array<IncidentImportInput>;
};


export type MutationLinkIncidentToProblemArgs = {
  incidentId: Scalars['ID']['input'];
  problemId: Scalars['ID']['input'];
};


export type MutationRecordKnownErrorArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  problemId: Scalars['ID']['input'];
  rootCause: Scalars['String']['input'];
  workaround?: InputMaybe<Scalars['String']['input']>;
};


export type MutationTransitionTicketArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  to: TicketStatus;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Priority =
  | 'P1'
  | 'P2'
  | 'P3'
  | 'P4'
  | 'P5';

export type ProbableCause = {
  __typename?: 'ProbableCause';
  /** How many of the incidents it explains */
  coverage: Scalars['Int']['output'];
  /** Items relying on it within depth (its impact totalCount) */
  impactSize: Scalars['Int']['output'];
  /** Those incidents, by number */
  incidents: Array<Incident>;
  item: ConfigurationItem;
};

export type Problem = Ticket & {
  __typename?: 'Problem';
  affectedItems: Array<ConfigurationItem>;
  assignee: Maybe<Scalars['String']['output']>;
  assignmentGroup: Maybe<Scalars['String']['output']>;
  closedAt: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  externalId: Maybe<Scalars['String']['output']>;
  history: Array<TicketHistoryEntry>;
  id: Scalars['ID']['output'];
  impact: Level;
  /** Linked incidents, by number. */
  incidents: Array<Incident>;
  /** False until recordKnownError. */
  knownError: Scalars['Boolean']['output'];
  number: Scalars['String']['output'];
  priority: Priority;
  reporter: Maybe<Scalars['String']['output']>;
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  rootCause: Maybe<Scalars['String']['output']>;
  slaBreached: Scalars['Boolean']['output'];
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  status: TicketStatus;
  title: Scalars['String']['output'];
  type: TicketType;
  updatedAt: Scalars['DateTime']['output'];
  urgency: Level;
  version: Scalars['Int']['output'];
  workaround: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Changes whose planned window intersects [from, to), by plannedStart, then number. */
  changeCalendar: Array<ChangeRequest>;
  /** Configuration items that best explain a set of incidents: the shared dependency behind them. */
  probableCauses: Array<ProbableCause>;
  ticket: Maybe<Ticket>;
  ticketByNumber: Maybe<Ticket>;
  /** As ticketMetrics, with buckets aligned in timeZone (IANA) and, with fillEmpty, a row for every bucket that starts in [from, to) and every group. */
  ticketMetricSeries: Array<TicketMetricRow>;
  ticketMetrics: Array<TicketMetricRow>;
  /** Ordered by updatedAt, then id. first is 1..1000. */
  tickets: TicketConnection;
};


export type QueryChangeCalendarArgs = {
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
};


export type QueryProbableCausesArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  incidentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryTicketArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTicketByNumberArgs = {
  number: Scalars['String']['input'];
};


export type QueryTicketMetricSeriesArgs = {
  fillEmpty?: InputMaybe<Scalars['Boolean']['input']>;
  filter?: InputMaybe<TicketFilter>;
  from: Scalars['DateTime']['input'];
  groupBy?: InputMaybe<Array<MetricDimension>>;
  interval: MetricInterval;
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['DateTime']['input'];
};


export type QueryTicketMetricsArgs = {
  filter?: InputMaybe<TicketFilter>;
  from: Scalars['DateTime']['input'];
  groupBy?: InputMaybe<Array<MetricDimension>>;
  interval: MetricInterval;
  to: Scalars['DateTime']['input'];
};


export type QueryTicketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type RiskLevel =
  | 'HIGH'
  | 'LOW'
  | 'MODERATE'
  | 'VERY_HIGH';

export type ServiceRequest = Ticket & {
  __typename?: 'ServiceRequest';
  affectedItems: Array<ConfigurationItem>;
  assignee: Maybe<Scalars['String']['output']>;
  assignmentGroup: Maybe<Scalars['String']['output']>;
  closedAt: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  externalId: Maybe<Scalars['String']['output']>;
  history: Array<TicketHistoryEntry>;
  id: Scalars['ID']['output'];
  impact: Level;
  number: Scalars['String']['output'];
  priority: Priority;
  reporter: Maybe<Scalars['String']['output']>;
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  slaBreached: Scalars['Boolean']['output'];
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  status: TicketStatus;
  title: Scalars['String']['output'];
  type: TicketType;
  updatedAt: Scalars['DateTime']['output'];
  urgency: Level;
  version: Scalars['Int']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Every committed ticket change; afterSequence replays retained events first. */
  ticketEvents: TicketEvent;
};


export type SubscriptionTicketEventsArgs = {
  afterSequence?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketEventFilter>;
};

export type Ticket = {
  affectedItems: Array<ConfigurationItem>;
  assignee: Maybe<Scalars['String']['output']>;
  assignmentGroup: Maybe<Scalars['String']['output']>;
  closedAt: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  /** The key an imported incident was given (importIncidents); null for tickets created through the API. */
  externalId: Maybe<Scalars['String']['output']>;
  history: Array<TicketHistoryEntry>;
  id: Scalars['ID']['output'];
  impact: Level;
  /** INC0000001, PRB..., CHG..., REQ... */
  number: Scalars['String']['output'];
  priority: Priority;
  reporter: Maybe<Scalars['String']['output']>;
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  slaBreached: Scalars['Boolean']['output'];
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  status: TicketStatus;
  title: Scalars['String']['output'];
  type: TicketType;
  updatedAt: Scalars['DateTime']['output'];
  urgency: Level;
  version: Scalars['Int']['output'];
};

export type TicketConnection = {
  __typename?: 'TicketConnection';
  edges: Array<TicketEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type TicketEdge = {
  __typename?: 'TicketEdge';
  cursor: Scalars['String']['output'];
  node: Ticket;
};

export type TicketEvent = {
  __typename?: 'TicketEvent';
  at: Scalars['DateTime']['output'];
  changedFields: Array<Scalars['String']['output']>;
  kind: TicketEventKind;
  /** Decimal integer, strictly increasing across all events of the hub. */
  sequence: Scalars['String']['output'];
  ticket: Ticket;
};

export type TicketEventFilter = {
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<TicketEventKind>>;
  priorities?: InputMaybe<Array<Priority>>;
  types?: InputMaybe<Array<TicketType>>;
};

export type TicketEventKind =
  | 'ASSIGNED'
  | 'COMMENTED'
  | 'CREATED'
  | 'STATUS_CHANGED'
  | 'UPDATED';

export type TicketFilter = {
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  priorities?: InputMaybe<Array<Priority>>;
  statuses?: InputMaybe<Array<TicketStatus>>;
  types?: InputMaybe<Array<TicketType>>;
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

export type TicketHistoryEntry = {
  __typename?: 'TicketHistoryEntry';
  actor: Maybe<Scalars['String']['output']>;
  at: Scalars['DateTime']['output'];
  /** status, assignee, comment, ... */
  field: Scalars['String']['output'];
  from: Maybe<Scalars['String']['output']>;
  note: Maybe<Scalars['String']['output']>;
  to: Maybe<Scalars['String']['output']>;
};

export type TicketMetricRow = {
  __typename?: 'TicketMetricRow';
  affectedItem: Maybe<ConfigurationItem>;
  assignmentGroup: Maybe<Scalars['String']['output']>;
  backlog: Scalars['Int']['output'];
  bucketStart: Scalars['DateTime']['output'];
  mttrP50Seconds: Maybe<Scalars['Float']['output']>;
  mttrP90Seconds: Maybe<Scalars['Float']['output']>;
  mttrSeconds: Maybe<Scalars['Float']['output']>;
  opened: Scalars['Int']['output'];
  priority: Maybe<Priority>;
  resolved: Scalars['Int']['output'];
  slaBreached: Scalars['Int']['output'];
  slaCompliance: Maybe<Scalars['Float']['output']>;
  type: Maybe<TicketType>;
};

export type TicketStatus =
  | 'ASSESSMENT'
  | 'AUTHORIZED'
  | 'CANCELLED'
  | 'CLOSED'
  | 'DRAFT'
  | 'IMPLEMENTING'
  | 'IN_PROGRESS'
  | 'NEW'
  | 'ON_HOLD'
  | 'RESOLVED'
  | 'REVIEW'
  | 'SCHEDULED';

export type TicketType =
  | 'CHANGE'
  | 'INCIDENT'
  | 'PROBLEM'
  | 'REQUEST';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  ChangeRequest: ChangeRequest;
  ConfigurationItem: ConfigurationItem;
  Incident: Incident;
  Problem: Problem;
  ServiceRequest: ServiceRequest;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  ChangeRequest:
    ( { __typename: 'ChangeRequest' }
    & GraphQLRecursivePick<FederationTypes['ChangeRequest'], {"id":true}> );
  ConfigurationItem:
    ( { __typename: 'ConfigurationItem' }
    & GraphQLRecursivePick<FederationTypes['ConfigurationItem'], {"id":true}> );
  Incident:
    ( { __typename: 'Incident' }
    & GraphQLRecursivePick<FederationTypes['Incident'], {"id":true}> );
  Problem:
    ( { __typename: 'Problem' }
    & GraphQLRecursivePick<FederationTypes['Problem'], {"id":true}> );
  ServiceRequest:
    ( { __typename: 'ServiceRequest' }
    & GraphQLRecursivePick<FederationTypes['ServiceRequest'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  ChangeConflict: ResolverTypeWrapper<ChangeConflictModel>;
  ChangeRequest: ResolverTypeWrapper<TicketModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ChangeRisk: ResolverTypeWrapper<ChangeRiskModel>;
  ChangeType: ChangeType;
  ConfigurationItem: ResolverTypeWrapper<ItemReferenceModel>;
  CreateChangeRequestInput: CreateChangeRequestInput;
  CreateIncidentInput: CreateIncidentInput;
  CreateProblemInput: CreateProblemInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  ImportResult: ResolverTypeWrapper<ImportResult>;
  Incident: ResolverTypeWrapper<TicketModel>;
  IncidentImportInput: IncidentImportInput;
  Level: Level;
  MetricDimension: MetricDimension;
  MetricInterval: MetricInterval;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Priority: Priority;
  ProbableCause: ResolverTypeWrapper<ProbableCauseModel>;
  Problem: ResolverTypeWrapper<TicketModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RiskLevel: RiskLevel;
  ServiceRequest: ResolverTypeWrapper<TicketModel>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Ticket: ResolverTypeWrapper<TicketModel>;
  TicketConnection: ResolverTypeWrapper<Omit<TicketConnection, 'edges'> & { edges: Array<ResolversTypes['TicketEdge']> }>;
  TicketEdge: ResolverTypeWrapper<Omit<TicketEdge, 'node'> & { node: ResolversTypes['Ticket'] }>;
  TicketEvent: ResolverTypeWrapper<TicketEventModel>;
  TicketEventFilter: TicketEventFilter;
  TicketEventKind: TicketEventKind;
  TicketFilter: TicketFilter;
  TicketHistoryEntry: ResolverTypeWrapper<HistoryEntryModel>;
  TicketMetricRow: ResolverTypeWrapper<MetricRowModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  TicketStatus: TicketStatus;
  TicketType: TicketType;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ChangeConflict: ChangeConflictModel;
  ChangeRequest: TicketModel;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  ChangeRisk: ChangeRiskModel;
  ConfigurationItem: ItemReferenceModel;
  CreateChangeRequestInput: CreateChangeRequestInput;
  CreateIncidentInput: CreateIncidentInput;
  CreateProblemInput: CreateProblemInput;
  DateTime: Scalars['DateTime']['output'];
  ImportResult: ImportResult;
  Incident: TicketModel;
  IncidentImportInput: IncidentImportInput;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  ProbableCause: ProbableCauseModel;
  Problem: TicketModel;
  Query: Record<PropertyKey, never>;
  ServiceRequest: TicketModel;
  Subscription: Record<PropertyKey, never>;
  Ticket: TicketModel;
  TicketConnection: Omit<TicketConnection, 'edges'> & { edges: Array<ResolversParentTypes['TicketEdge']> };
  TicketEdge: Omit<TicketEdge, 'node'> & { node: ResolversParentTypes['Ticket'] };
  TicketEvent: TicketEventModel;
  TicketEventFilter: TicketEventFilter;
  TicketFilter: TicketFilter;
  TicketHistoryEntry: HistoryEntryModel;
  TicketMetricRow: MetricRowModel;
  Float: Scalars['Float']['output'];
}>;

export type ChangeConflictResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ChangeConflict'] = ResolversParentTypes['ChangeConflict']> = ResolversObject<{
  change?: Resolver<ResolversTypes['ChangeRequest'], ParentType, ContextType>;
  sharedBusinessServices?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  sharedItems?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
}>;

export type ChangeRequestResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ChangeRequest'] = ResolversParentTypes['ChangeRequest'], FederationReferenceType extends FederationReferenceTypes['ChangeRequest'] = FederationReferenceTypes['ChangeRequest']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ChangeRequest']> | FederationReferenceType, FederationReferenceType, ContextType>;
  affectedItems?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  assignee?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  assignmentGroup?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  changeType?: Resolver<ResolversTypes['ChangeType'], ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  conflicts?: Resolver<Array<ResolversTypes['ChangeConflict']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['TicketHistoryEntry']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  impact?: Resolver<ResolversTypes['Level'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  plannedEnd?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  plannedStart?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Priority'], ParentType, ContextType>;
  reporter?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  risk?: Resolver<ResolversTypes['ChangeRisk'], ParentType, ContextType>;
  slaBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  slaDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TicketStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['TicketType'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  urgency?: Resolver<ResolversTypes['Level'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ChangeRiskResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ChangeRisk'] = ResolversParentTypes['ChangeRisk']> = ResolversObject<{
  businessServicesDegraded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  businessServicesDown?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  conflicts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  criticalServicesDown?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['RiskLevel'], ParentType, ContextType>;
  openMajorIncidents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ConfigurationItemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ConfigurationItem'] = ResolversParentTypes['ConfigurationItem'], FederationReferenceType extends FederationReferenceTypes['ConfigurationItem'] = FederationReferenceTypes['ConfigurationItem']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ConfigurationItem']> | FederationReferenceType, FederationReferenceType, ContextType>;
  changes?: Resolver<Array<ResolversTypes['ChangeRequest']>, ParentType, ContextType, RequireFields<ConfigurationItemChangesArgs, 'openOnly'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  openIncidents?: Resolver<Array<ResolversTypes['Incident']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type ImportResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ImportResult'] = ResolversParentTypes['ImportResult']> = ResolversObject<{
  created?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  relationshipsCreated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  relationshipsUnchanged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unchanged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type IncidentResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Incident'] = ResolversParentTypes['Incident'], FederationReferenceType extends FederationReferenceTypes['Incident'] = FederationReferenceTypes['Incident']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Incident']> | FederationReferenceType, FederationReferenceType, ContextType>;
  affectedItems?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  assignee?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  assignmentGroup?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['TicketHistoryEntry']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  impact?: Resolver<ResolversTypes['Level'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Priority'], ParentType, ContextType>;
  problem?: Resolver<Maybe<ResolversTypes['Problem']>, ParentType, ContextType>;
  reporter?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  slaBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  slaDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TicketStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['TicketType'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  urgency?: Resolver<ResolversTypes['Level'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  addComment?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType, RequireFields<MutationAddCommentArgs, 'body' | 'ticketId'>>;
  assignTicket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType, RequireFields<MutationAssignTicketArgs, 'id'>>;
  createChangeRequest?: Resolver<ResolversTypes['ChangeRequest'], ParentType, ContextType, RequireFields<MutationCreateChangeRequestArgs, 'input'>>;
  createIncident?: Resolver<ResolversTypes['Incident'], ParentType, ContextType, RequireFields<MutationCreateIncidentArgs, 'input'>>;
  createProblem?: Resolver<ResolversTypes['Problem'], ParentType, ContextType, RequireFields<MutationCreateProblemArgs, 'input'>>;
  importIncidents?: Resolver<ResolversTypes['ImportResult'], ParentType, ContextType, RequireFields<MutationImportIncidentsArgs, 'items'>>;
  linkIncidentToProblem?: Resolver<ResolversTypes['Incident'], ParentType, ContextType, RequireFields<MutationLinkIncidentToProblemArgs, 'incidentId' | 'problemId'>>;
  recordKnownError?: Resolver<ResolversTypes['Problem'], ParentType, ContextType, RequireFields<MutationRecordKnownErrorArgs, 'problemId' | 'rootCause'>>;
  transitionTicket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType, RequireFields<MutationTransitionTicketArgs, 'id' | 'to'>>;
}>;

export type PageInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProbableCauseResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ProbableCause'] = ResolversParentTypes['ProbableCause']> = ResolversObject<{
  coverage?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  impactSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  incidents?: Resolver<Array<ResolversTypes['Incident']>, ParentType, ContextType>;
  item?: Resolver<ResolversTypes['ConfigurationItem'], ParentType, ContextType>;
}>;

export type ProblemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Problem'] = ResolversParentTypes['Problem'], FederationReferenceType extends FederationReferenceTypes['Problem'] = FederationReferenceTypes['Problem']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Problem']> | FederationReferenceType, FederationReferenceType, ContextType>;
  affectedItems?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  assignee?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  assignmentGroup?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['TicketHistoryEntry']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  impact?: Resolver<ResolversTypes['Level'], ParentType, ContextType>;
  incidents?: Resolver<Array<ResolversTypes['Incident']>, ParentType, ContextType>;
  knownError?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Priority'], ParentType, ContextType>;
  reporter?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  rootCause?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  slaBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  slaDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TicketStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['TicketType'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  urgency?: Resolver<ResolversTypes['Level'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  workaround?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  changeCalendar?: Resolver<Array<ResolversTypes['ChangeRequest']>, ParentType, ContextType, RequireFields<QueryChangeCalendarArgs, 'from' | 'to'>>;
  probableCauses?: Resolver<Array<ResolversTypes['ProbableCause']>, ParentType, ContextType, RequireFields<QueryProbableCausesArgs, 'depth' | 'first'>>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketArgs, 'id'>>;
  ticketByNumber?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketByNumberArgs, 'number'>>;
  ticketMetricSeries?: Resolver<Array<ResolversTypes['TicketMetricRow']>, ParentType, ContextType, RequireFields<QueryTicketMetricSeriesArgs, 'fillEmpty' | 'from' | 'interval' | 'timeZone' | 'to'>>;
  ticketMetrics?: Resolver<Array<ResolversTypes['TicketMetricRow']>, ParentType, ContextType, RequireFields<QueryTicketMetricsArgs, 'from' | 'interval' | 'to'>>;
  tickets?: Resolver<ResolversTypes['TicketConnection'], ParentType, ContextType, RequireFields<QueryTicketsArgs, 'first'>>;
}>;

export type ServiceRequestResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ServiceRequest'] = ResolversParentTypes['ServiceRequest'], FederationReferenceType extends FederationReferenceTypes['ServiceRequest'] = FederationReferenceTypes['ServiceRequest']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ServiceRequest']> | FederationReferenceType, FederationReferenceType, ContextType>;
  affectedItems?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  assignee?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  assignmentGroup?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['TicketHistoryEntry']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  impact?: Resolver<ResolversTypes['Level'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Priority'], ParentType, ContextType>;
  reporter?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  slaBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  slaDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TicketStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['TicketType'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  urgency?: Resolver<ResolversTypes['Level'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  ticketEvents?: SubscriptionResolver<ResolversTypes['TicketEvent'], "ticketEvents", ParentType, ContextType, Partial<SubscriptionTicketEventsArgs>>;
}>;

export type TicketResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Ticket'] = ResolversParentTypes['Ticket']> = ResolversObject<{
  __resolveType: TypeResolveFn<'ChangeRequest' | 'Incident' | 'Problem' | 'ServiceRequest', ParentType, ContextType>;
}>;

export type TicketConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TicketConnection'] = ResolversParentTypes['TicketConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['TicketEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TicketEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TicketEdge'] = ResolversParentTypes['TicketEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
}>;

export type TicketEventResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TicketEvent'] = ResolversParentTypes['TicketEvent']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changedFields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TicketEventKind'], ParentType, ContextType>;
  sequence?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ticket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
}>;

export type TicketHistoryEntryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TicketHistoryEntry'] = ResolversParentTypes['TicketHistoryEntry']> = ResolversObject<{
  actor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type TicketMetricRowResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TicketMetricRow'] = ResolversParentTypes['TicketMetricRow']> = ResolversObject<{
  affectedItem?: Resolver<Maybe<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  assignmentGroup?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  backlog?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  bucketStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  mttrP50Seconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mttrP90Seconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mttrSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  opened?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  priority?: Resolver<Maybe<ResolversTypes['Priority']>, ParentType, ContextType>;
  resolved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  slaBreached?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  slaCompliance?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['TicketType']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = RequestContext> = ResolversObject<{
  ChangeConflict?: ChangeConflictResolvers<ContextType>;
  ChangeRequest?: ChangeRequestResolvers<ContextType>;
  ChangeRisk?: ChangeRiskResolvers<ContextType>;
  ConfigurationItem?: ConfigurationItemResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  ImportResult?: ImportResultResolvers<ContextType>;
  Incident?: IncidentResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  ProbableCause?: ProbableCauseResolvers<ContextType>;
  Problem?: ProblemResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ServiceRequest?: ServiceRequestResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
  TicketConnection?: TicketConnectionResolvers<ContextType>;
  TicketEdge?: TicketEdgeResolvers<ContextType>;
  TicketEvent?: TicketEventResolvers<ContextType>;
  TicketHistoryEntry?: TicketHistoryEntryResolvers<ContextType>;
  TicketMetricRow?: TicketMetricRowResolvers<ContextType>;
}>;

