import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Ticket as TicketModel, HistoryEntry as HistoryEntryModel, TicketEvent as TicketEventModel, MetricRow as MetricRowModel, ItemReference as ItemReferenceModel, ChangeConflict as ChangeConflictModel, ChangeRisk as ChangeRiskModel, ServiceOffering as ServiceOfferingModel } from '../domain';
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

/** Another open change whose window overlaps this one's and that touches the same items or business services. */
export type ChangeConflict = {
  __typename?: 'ChangeConflict';
  /** The other change. */
  change: ChangeRequest;
  /** Reached by both blast radii, by name then id. */
  sharedBusinessServices: Array<ConfigurationItem>;
  /** Affected by both changes, by name then id. */
  sharedItems: Array<ConfigurationItem>;
};

/**
 * A planned change to configuration items, with its window, its blast radius, the outage it would cause, its
 * conflicts and its risk.
 */
export type ChangeRequest = Ticket & {
  __typename?: 'ChangeRequest';
  /** The configuration items the change touches; they are the roots of its blast radius and outage. */
  affectedItems: Array<ConfigurationItem>;
  /** The person working on the ticket; null when unassigned. */
  assignee: Maybe<Scalars['String']['output']>;
  /** The team working on the ticket; null when unassigned. */
  assignmentGroup: Maybe<Scalars['String']['output']>;
  /** How the change is approved; EMERGENCY and NORMAL add to its risk. */
  changeType: ChangeType;
  /** When the ticket entered CLOSED or CANCELLED. */
  closedAt: Maybe<Scalars['DateTime']['output']>;
  /** Open changes with an overlapping window that share an affected item or a business service, by plannedStart, then number. */
  conflicts: Array<ChangeConflict>;
  /** When the ticket was opened (for imported incidents: as given by the source system). */
  createdAt: Scalars['DateTime']['output'];
  /** Free text, as given on creation; null when none was given. */
  description: Maybe<Scalars['String']['output']>;
  /**
   * The key an imported incident was given by its source system (importIncidents); null for tickets created
   * through the API.
   */
  externalId: Maybe<Scalars['String']['output']>;
  /**
   * Every change, oldest first: one entry per changed field per mutation (creation is field status from null),
   * comments as field comment.
   */
  history: Array<TicketHistoryEntry>;
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  /** How widely the matter affects the business; with urgency it gives the priority. */
  impact: Level;
  /** Human-readable number: INC, PRB, CHG or REQ and seven digits, sequential per type, never reused. */
  number: Scalars['String']['output'];
  /** End of the planned window (exclusive); after plannedStart. */
  plannedEnd: Maybe<Scalars['DateTime']['output']>;
  /** Start of the planned window; with plannedEnd it makes the window that conflicts and the change calendar use. */
  plannedStart: Maybe<Scalars['DateTime']['output']>;
  /**
   * From impact and urgency by the ITIL matrix: HIGH/HIGH is P1, each step down on either axis one level lower,
   * LOW/LOW is P5.
   */
  priority: Priority;
  /** Who raised the ticket, as given on creation. */
  reporter: Maybe<Scalars['String']['output']>;
  /** When the ticket entered RESOLVED; cleared when it is reopened. */
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the ticket was first answered: it left NEW (DRAFT for changes) or got an assignee, whichever came first. */
  respondedAt: Maybe<Scalars['DateTime']['output']>;
  /** True when the ticket was answered after responseDueAt, or is still unanswered past it. */
  responseBreached: Scalars['Boolean']['output'];
  /** createdAt plus the response target of the ticket's priority, in SLA-counted time; holds do not move it. */
  responseDueAt: Scalars['DateTime']['output'];
  /**
   * How risky the change is, from the outage it would cause, open major incidents on what it touches, its
   * conflicts and its type.
   */
  risk: ChangeRisk;
  /** True when the resolution clock, read at resolvedAt (now while unresolved), exceeds the resolution target. */
  slaBreached: Scalars['Boolean']['output'];
  /** Changes have no resolution target: null, and slaBreached is false. */
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  /** The resolution clock (SLA-counted time since creation, holds left out) as a percentage of the resolution target; above 100 once breached, 0 without a target. */
  slaElapsedPercent: Scalars['Float']['output'];
  /** True while the ticket is ON_HOLD: its resolution clock is stopped and slaDueAt is null. */
  slaPaused: Scalars['Boolean']['output'];
  /** Where the ticket is in its state machine (see TicketStatus); moved by transitionTicket, set as given by imports. */
  status: TicketStatus;
  /** One-line summary. */
  title: Scalars['String']['output'];
  /** Which kind of ticket this is; also told by its number prefix. */
  type: TicketType;
  /** When the ticket last changed; tickets pages are ordered by it, so BI tools can pull only what changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** How soon the matter must be dealt with; with impact it gives the priority. */
  urgency: Level;
  /**
   * Starts at 1 and grows by 1 with every change; pass it as expectedVersion to refuse a write over a change you
   * have not seen.
   */
  version: Scalars['Int']['output'];
};

/** A change's risk, computed from its outage over every relationship type. */
export type ChangeRisk = {
  __typename?: 'ChangeRisk';
  /** Business services that only degrade. */
  businessServicesDegraded: Scalars['Int']['output'];
  /**
   * Distinct business services that go down: those of the outage plus the change's own affected business
   * services.
   */
  businessServicesDown: Scalars['Int']['output'];
  /** How many conflicts the change has. */
  conflicts: Scalars['Int']['output'];
  /** DOWN business services with criticality CRITICAL */
  criticalServicesDown: Scalars['Int']['output'];
  /** The score's band. */
  level: RiskLevel;
  /** Open P1/P2 incidents on the change's items or its outage */
  openMajorIncidents: Scalars['Int']['output'];
  /**
   * 10 per critical business service down, 4 per other business service down, 1 per business service degraded, 5
   * per open major incident, 8 per conflict, plus 10 for EMERGENCY or 3 for NORMAL changes.
   */
  score: Scalars['Int']['output'];
};

/** How a change is approved. */
export type ChangeType =
  /** Needed at once to restore service. Adds 10 to the risk score. */
  | 'EMERGENCY'
  /** Assessed and authorized before it is scheduled. Adds 3 to the risk score. */
  | 'NORMAL'
  /** Pre-approved and low risk: may go from DRAFT straight to SCHEDULED. Adds nothing to the risk score. */
  | 'STANDARD';

/**
 * Something the business runs on, from a business service down to a network device, with its typed dependencies.
 * Owned by the CMDB; tickets and knowledge add their fields.
 */
export type ConfigurationItem = {
  __typename?: 'ConfigurationItem';
  /** Changes that name this item; openOnly leaves out CLOSED and CANCELLED ones. */
  changes: Array<ChangeRequest>;
  /** Opaque, stable identifier given by the hub. */
  id: Scalars['ID']['output'];
  /** Incidents in NEW, IN_PROGRESS or ON_HOLD, by priority then createdAt. */
  openIncidents: Array<Incident>;
};


/**
 * Something the business runs on, from a business service down to a network device, with its typed dependencies.
 * Owned by the CMDB; tickets and knowledge add their fields.
 */
export type ConfigurationItemChangesArgs = {
  openOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A new change; it starts DRAFT. */
export type CreateChangeRequestInput = {
  /** Ids of the existing, not retired configuration items the change touches. */
  affectedItemIds: Array<Scalars['ID']['input']>;
  /** The team carrying the change out. */
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  /** How the change is approved. */
  changeType: ChangeType;
  /** Free text: what will be done and how it is rolled back. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** How widely the business is affected. */
  impact: Level;
  /** End of the planned window; must be after plannedStart. */
  plannedEnd?: InputMaybe<Scalars['DateTime']['input']>;
  /** Start of the planned window. */
  plannedStart?: InputMaybe<Scalars['DateTime']['input']>;
  /** One-line summary; must not be empty. */
  title: Scalars['String']['input'];
  /** How soon it must be done. */
  urgency: Level;
};

/** A new incident; it starts NEW. */
export type CreateIncidentInput = {
  /** Ids of existing, not retired configuration items; any other is BAD_USER_INPUT and nothing is written. */
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The person to work on it. */
  assignee?: InputMaybe<Scalars['String']['input']>;
  /** The team to work on it. */
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  /** Free text. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** How widely the business is affected. */
  impact: Level;
  /** Who raised it. */
  reporter?: InputMaybe<Scalars['String']['input']>;
  /** One-line summary; must not be empty. */
  title: Scalars['String']['input'];
  /** How soon it must be dealt with. */
  urgency: Level;
};

/** A new problem; it starts NEW. */
export type CreateProblemInput = {
  /** Ids of existing, not retired configuration items. */
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The team investigating it. */
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  /** Free text. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** How widely the business is affected. */
  impact: Level;
  /** Incidents to link to the new problem; each id must name an incident. */
  incidentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** One-line summary; must not be empty. */
  title: Scalars['String']['input'];
  /** How soon it must be dealt with. */
  urgency: Level;
};

/** What an import did, counted per entry. */
export type ImportResult = {
  __typename?: 'ImportResult';
  /** Entries that did not exist and were created. */
  created: Scalars['Int']['output'];
  /** Always 0 for ticket imports. */
  relationshipsCreated: Scalars['Int']['output'];
  /** Always 0 for ticket imports. */
  relationshipsUnchanged: Scalars['Int']['output'];
  /** Entries that existed exactly as given; nothing was written for them. */
  unchanged: Scalars['Int']['output'];
  /** Entries that existed and were changed. */
  updated: Scalars['Int']['output'];
};

/** Something is broken or degraded: an unplanned interruption or loss of quality of a service. */
export type Incident = Ticket & {
  __typename?: 'Incident';
  /**
   * The configuration items the ticket is about, resolved from the CMDB; every one existed and was not retired
   * when it was named.
   */
  affectedItems: Array<ConfigurationItem>;
  /** The person working on the ticket; null when unassigned. */
  assignee: Maybe<Scalars['String']['output']>;
  /** The team working on the ticket; null when unassigned. */
  assignmentGroup: Maybe<Scalars['String']['output']>;
  /** When the ticket entered CLOSED or CANCELLED. */
  closedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the ticket was opened (for imported incidents: as given by the source system). */
  createdAt: Scalars['DateTime']['output'];
  /** Free text, as given on creation; null when none was given. */
  description: Maybe<Scalars['String']['output']>;
  /**
   * The key an imported incident was given by its source system (importIncidents); null for tickets created
   * through the API.
   */
  externalId: Maybe<Scalars['String']['output']>;
  /**
   * Every change, oldest first: one entry per changed field per mutation (creation is field status from null),
   * comments as field comment.
   */
  history: Array<TicketHistoryEntry>;
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  /** How widely the matter affects the business; with urgency it gives the priority. */
  impact: Level;
  /** Human-readable number: INC, PRB, CHG or REQ and seven digits, sequential per type, never reused. */
  number: Scalars['String']['output'];
  /**
   * From impact and urgency by the ITIL matrix: HIGH/HIGH is P1, each step down on either axis one level lower,
   * LOW/LOW is P5.
   */
  priority: Priority;
  /** The problem this incident is linked to, if any. */
  problem: Maybe<Problem>;
  /** Who raised the ticket, as given on creation. */
  reporter: Maybe<Scalars['String']['output']>;
  /** When the ticket entered RESOLVED; cleared when it is reopened. */
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the ticket was first answered: it left NEW (DRAFT for changes) or got an assignee, whichever came first. */
  respondedAt: Maybe<Scalars['DateTime']['output']>;
  /** True when the ticket was answered after responseDueAt, or is still unanswered past it. */
  responseBreached: Scalars['Boolean']['output'];
  /** createdAt plus the response target of the ticket's priority, in SLA-counted time; holds do not move it. */
  responseDueAt: Scalars['DateTime']['output'];
  /** True when the resolution clock, read at resolvedAt (now while unresolved), exceeds the resolution target. */
  slaBreached: Scalars['Boolean']['output'];
  /**
   * When the resolution clock reaches the target of the ticket's priority (calendar hours from createdAt unless
   * business hours are configured); null while ON_HOLD and for changes.
   */
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  /** The resolution clock (SLA-counted time since creation, holds left out) as a percentage of the resolution target; above 100 once breached, 0 without a target. */
  slaElapsedPercent: Scalars['Float']['output'];
  /** True while the ticket is ON_HOLD: its resolution clock is stopped and slaDueAt is null. */
  slaPaused: Scalars['Boolean']['output'];
  /** Where the ticket is in its state machine (see TicketStatus); moved by transitionTicket, set as given by imports. */
  status: TicketStatus;
  /** One-line summary. */
  title: Scalars['String']['output'];
  /** Which kind of ticket this is; also told by its number prefix. */
  type: TicketType;
  /** When the ticket last changed; tickets pages are ordered by it, so BI tools can pull only what changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** How soon the matter must be dealt with; with impact it gives the priority. */
  urgency: Level;
  /**
   * Starts at 1 and grows by 1 with every change; pass it as expectedVersion to refuse a write over a change you
   * have not seen.
   */
  version: Scalars['Int']['output'];
};

/** Historic or migrated incidents; idempotent by externalId. */
export type IncidentImportInput = {
  /** Ids of existing, not retired configuration items. */
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The team that worked on it. */
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  /** When it was closed or cancelled; not before createdAt. */
  closedAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** When it was opened; kept as given. */
  createdAt: Scalars['DateTime']['input'];
  /**
   * The incident's key in the source system; imports upsert by it, so importing again updates or leaves it
   * unchanged.
   */
  externalId: Scalars['String']['input'];
  /** How widely the business was affected. */
  impact: Level;
  /** When it was resolved; not before createdAt. */
  resolvedAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** The status in the source system, one of the incident statuses; kept as given. */
  status: TicketStatus;
  /** One-line summary; must not be empty. */
  title: Scalars['String']['input'];
  /** How soon it had to be dealt with. */
  urgency: Level;
};

/** A three-step scale for impact and urgency. */
export type Level =
  /** High. */
  | 'HIGH'
  /** Low. */
  | 'LOW'
  /** Medium. */
  | 'MEDIUM';

/** What metric rows can be grouped by. */
export type MetricDimension =
  /**
   * The affected item: a ticket counts once per affected item; tickets with none form the group whose
   * affectedItem is null.
   */
  | 'AFFECTED_ITEM'
  /** The assignment group; fills TicketMetricRow.assignmentGroup (null: unassigned). */
  | 'ASSIGNMENT_GROUP'
  /** The priority; fills TicketMetricRow.priority. */
  | 'PRIORITY'
  /** The ticket type; fills TicketMetricRow.type. */
  | 'TYPE';

/** Bucket length of a metric series. */
export type MetricInterval =
  /** Days, from local midnight. */
  | 'DAY'
  /** Hours. */
  | 'HOUR'
  /** Calendar months, from the 1st. */
  | 'MONTH'
  /** Weeks, from Monday midnight. */
  | 'WEEK';

/** Every write. Each is all or nothing: a refused write changes nothing. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Adds a comment to the ticket's history and emits COMMENTED. */
  addComment: Ticket;
  /** Sets the assignment group and assignee (null clears them) and emits ASSIGNED. */
  assignTicket: Ticket;
  /** Opens a change (DRAFT) and emits CREATED. */
  createChangeRequest: ChangeRequest;
  /** Opens an incident (NEW) and emits CREATED. */
  createIncident: Incident;
  /** Opens a problem (NEW), links the given incidents and emits CREATED. */
  createProblem: Problem;
  /** Adds an offering to the service catalog, at version 1. */
  createServiceOffering: ServiceOffering;
  /** Upserts historic incidents by externalId, all or nothing, at most 10,000 a call; emits no events. */
  importIncidents: ImportResult;
  /**
   * Links an incident to a problem, moving it from any other problem; emits UPDATED. Linking it to its own
   * problem again changes nothing.
   */
  linkIncidentToProblem: Incident;
  /** Records a problem's root cause and workaround, making it a known error; emits UPDATED. */
  recordKnownError: Problem;
  /** Opens a service request (REQ) for an active offering, with the offering's fulfilment hours as its resolution target. */
  requestService: ServiceRequest;
  /**
   * Moves a ticket along its state machine and emits STATUS_CHANGED; a transition the machine does not allow is
   * BAD_USER_INPUT.
   */
  transitionTicket: Ticket;
  /** Replaces every field of an offering; a stale expectedVersion is CONFLICT. */
  updateServiceOffering: ServiceOffering;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationAddCommentArgs = {
  body: Scalars['String']['input'];
  ticketId: Scalars['ID']['input'];
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationAssignTicketArgs = {
  assignee?: InputMaybe<Scalars['String']['input']>;
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationCreateChangeRequestArgs = {
  input: CreateChangeRequestInput;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationCreateIncidentArgs = {
  input: CreateIncidentInput;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationCreateProblemArgs = {
  input: CreateProblemInput;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationCreateServiceOfferingArgs = {
  input: ServiceOfferingInput;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationImportIncidentsArgs = {
  items: Array<IncidentImportInput>;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationLinkIncidentToProblemArgs = {
  incidentId: Scalars['ID']['input'];
  problemId: Scalars['ID']['input'];
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationRecordKnownErrorArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  problemId: Scalars['ID']['input'];
  rootCause: Scalars['String']['input'];
  workaround?: InputMaybe<Scalars['String']['input']>;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationRequestServiceArgs = {
  input: RequestServiceInput;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationTransitionTicketArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  to: TicketStatus;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationUpdateServiceOfferingArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  input: ServiceOfferingInput;
};

/** Where a page ends, for asking for the next one. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the page's last edge: pass it as after to get the next page; null on an empty page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** True when more items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * How soon a ticket must be dealt with, from impact and urgency (ITIL matrix); each has its response and
 * resolution targets.
 */
export type Priority =
  /** Critical: HIGH impact and HIGH urgency. Resolution target 4 hours by default. */
  | 'P1'
  /** High: one of impact and urgency HIGH, the other MEDIUM. 8 hours by default. */
  | 'P2'
  /** Moderate: both MEDIUM, or one HIGH and one LOW. 24 hours by default. */
  | 'P3'
  /** Low: one MEDIUM and one LOW. 72 hours by default. */
  | 'P4'
  /** Planning: both LOW. 120 hours by default. */
  | 'P5';

/**
 * A configuration item that explains several incidents: it is affected by them, or their affected items rely on
 * it.
 */
export type ProbableCause = {
  __typename?: 'ProbableCause';
  /** How many of the incidents it explains */
  coverage: Scalars['Int']['output'];
  /** Items relying on it within depth (its impact totalCount) */
  impactSize: Scalars['Int']['output'];
  /** Those incidents, by number */
  incidents: Array<Incident>;
  /** The item. */
  item: ConfigurationItem;
};

/**
 * The underlying cause of one or more incidents, investigated until it becomes a known error with a root cause
 * and, perhaps, a workaround.
 */
export type Problem = Ticket & {
  __typename?: 'Problem';
  /**
   * The configuration items the ticket is about, resolved from the CMDB; every one existed and was not retired
   * when it was named.
   */
  affectedItems: Array<ConfigurationItem>;
  /** The person working on the ticket; null when unassigned. */
  assignee: Maybe<Scalars['String']['output']>;
  /** The team working on the ticket; null when unassigned. */
  assignmentGroup: Maybe<Scalars['String']['output']>;
  /** When the ticket entered CLOSED or CANCELLED. */
  closedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the ticket was opened (for imported incidents: as given by the source system). */
  createdAt: Scalars['DateTime']['output'];
  /** Free text, as given on creation; null when none was given. */
  description: Maybe<Scalars['String']['output']>;
  /**
   * The key an imported incident was given by its source system (importIncidents); null for tickets created
   * through the API.
   */
  externalId: Maybe<Scalars['String']['output']>;
  /**
   * Every change, oldest first: one entry per changed field per mutation (creation is field status from null),
   * comments as field comment.
   */
  history: Array<TicketHistoryEntry>;
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  /** How widely the matter affects the business; with urgency it gives the priority. */
  impact: Level;
  /** Linked incidents, by number. */
  incidents: Array<Incident>;
  /** False until recordKnownError. */
  knownError: Scalars['Boolean']['output'];
  /** Human-readable number: INC, PRB, CHG or REQ and seven digits, sequential per type, never reused. */
  number: Scalars['String']['output'];
  /**
   * From impact and urgency by the ITIL matrix: HIGH/HIGH is P1, each step down on either axis one level lower,
   * LOW/LOW is P5.
   */
  priority: Priority;
  /** Who raised the ticket, as given on creation. */
  reporter: Maybe<Scalars['String']['output']>;
  /** When the ticket entered RESOLVED; cleared when it is reopened. */
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the ticket was first answered: it left NEW (DRAFT for changes) or got an assignee, whichever came first. */
  respondedAt: Maybe<Scalars['DateTime']['output']>;
  /** True when the ticket was answered after responseDueAt, or is still unanswered past it. */
  responseBreached: Scalars['Boolean']['output'];
  /** createdAt plus the response target of the ticket's priority, in SLA-counted time; holds do not move it. */
  responseDueAt: Scalars['DateTime']['output'];
  /** What causes the incidents, as recorded by recordKnownError; null until then. */
  rootCause: Maybe<Scalars['String']['output']>;
  /** True when the resolution clock, read at resolvedAt (now while unresolved), exceeds the resolution target. */
  slaBreached: Scalars['Boolean']['output'];
  /**
   * When the resolution clock reaches the target of the ticket's priority (calendar hours from createdAt unless
   * business hours are configured); null while ON_HOLD and for changes.
   */
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  /** The resolution clock (SLA-counted time since creation, holds left out) as a percentage of the resolution target; above 100 once breached, 0 without a target. */
  slaElapsedPercent: Scalars['Float']['output'];
  /** True while the ticket is ON_HOLD: its resolution clock is stopped and slaDueAt is null. */
  slaPaused: Scalars['Boolean']['output'];
  /** Where the ticket is in its state machine (see TicketStatus); moved by transitionTicket, set as given by imports. */
  status: TicketStatus;
  /** One-line summary. */
  title: Scalars['String']['output'];
  /** Which kind of ticket this is; also told by its number prefix. */
  type: TicketType;
  /** When the ticket last changed; tickets pages are ordered by it, so BI tools can pull only what changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** How soon the matter must be dealt with; with impact it gives the priority. */
  urgency: Level;
  /**
   * Starts at 1 and grows by 1 with every change; pass it as expectedVersion to refuse a write over a change you
   * have not seen.
   */
  version: Scalars['Int']['output'];
  /** How to live with the problem until it is fixed; null when none is known. */
  workaround: Maybe<Scalars['String']['output']>;
};

/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type Query = {
  __typename?: 'Query';
  /** Changes whose planned window intersects [from, to), by plannedStart, then number. */
  changeCalendar: Array<ChangeRequest>;
  /** Configuration items that best explain a set of incidents: the shared dependency behind them. */
  probableCauses: Array<ProbableCause>;
  /** The service catalog by category, then name, then id. */
  serviceCatalog: Array<ServiceOffering>;
  /** A ticket by id; null when there is none. */
  ticket: Maybe<Ticket>;
  /** A ticket by its number; null when there is none. */
  ticketByNumber: Maybe<Ticket>;
  /** As ticketMetrics, with buckets aligned in timeZone (IANA) and, with fillEmpty, a row for every bucket that starts in [from, to) and every group. */
  ticketMetricSeries: Array<TicketMetricRow>;
  /**
   * Ticket figures per bucket over [from, to), buckets aligned in UTC (weeks from Monday). A row per bucket and
   * group where opened, resolved or backlog is not zero; by bucketStart, then the group fields.
   */
  ticketMetrics: Array<TicketMetricRow>;
  /** Ordered by updatedAt, then id. first is 1..1000. */
  tickets: TicketConnection;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryChangeCalendarArgs = {
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryProbableCausesArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  incidentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryServiceCatalogArgs = {
  category?: InputMaybe<Scalars['String']['input']>;
  includeInactive?: InputMaybe<Scalars['Boolean']['input']>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryTicketArgs = {
  id: Scalars['ID']['input'];
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryTicketByNumberArgs = {
  number: Scalars['String']['input'];
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryTicketMetricSeriesArgs = {
  fillEmpty?: InputMaybe<Scalars['Boolean']['input']>;
  filter?: InputMaybe<TicketFilter>;
  from: Scalars['DateTime']['input'];
  groupBy?: InputMaybe<Array<MetricDimension>>;
  interval: MetricInterval;
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['DateTime']['input'];
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryTicketMetricsArgs = {
  filter?: InputMaybe<TicketFilter>;
  from: Scalars['DateTime']['input'];
  groupBy?: InputMaybe<Array<MetricDimension>>;
  interval: MetricInterval;
  to: Scalars['DateTime']['input'];
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryTicketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A request for a catalog offering. */
export type RequestServiceInput = {
  /** Free text. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** An active offering. */
  offeringId: Scalars['ID']['input'];
  /** Who the service is for; must not be empty. */
  requestedFor: Scalars['String']['input'];
  /** Defaults to the offering's name. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** The request's impact is LOW; its priority comes from this urgency by the matrix. */
  urgency?: InputMaybe<Level>;
};

/** A change's risk score in four bands. */
export type RiskLevel =
  /** Score 25 to 49. */
  | 'HIGH'
  /** Score below 10. */
  | 'LOW'
  /** Score 10 to 24. */
  | 'MODERATE'
  /** Score 50 or more. */
  | 'VERY_HIGH';

/** Something the service catalog offers: requesting it opens a service request with the offering's fulfilment target. */
export type ServiceOffering = {
  __typename?: 'ServiceOffering';
  /** Inactive offerings stay in the catalog's history but cannot be requested. */
  active: Scalars['Boolean']['output'];
  /** The business service the offering belongs to; its requests name it as their affected item. */
  businessService: Maybe<ConfigurationItem>;
  /** Groups offerings in the catalog, e.g. Access, Hardware, Software. */
  category: Scalars['String']['output'];
  /** What the offering is, for the catalog. */
  description: Maybe<Scalars['String']['output']>;
  /** Resolution target of the offering's requests, in SLA-counted hours (1..8760). */
  fulfilmentHours: Scalars['Int']['output'];
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  /** Unique among offerings. */
  name: Scalars['String']['output'];
  /** Starts at 1 and grows by 1 with every update. */
  version: Scalars['Int']['output'];
};

/** Every field of a service offering; an update replaces them all. */
export type ServiceOfferingInput = {
  /** Whether the offering can be requested. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** An existing, non-retired configuration item of class BUSINESS_SERVICE. */
  businessServiceId?: InputMaybe<Scalars['ID']['input']>;
  /** Must not be empty. */
  category: Scalars['String']['input'];
  /** What the offering is, for the catalog. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Resolution target of the offering's requests, in SLA-counted hours, 1..8760. */
  fulfilmentHours: Scalars['Int']['input'];
  /** Must not be empty, and must not be the name of another offering. */
  name: Scalars['String']['input'];
};

/** A service request; those opened through the service catalog name their offering and whom they are for. */
export type ServiceRequest = Ticket & {
  __typename?: 'ServiceRequest';
  /**
   * The configuration items the ticket is about, resolved from the CMDB; every one existed and was not retired
   * when it was named.
   */
  affectedItems: Array<ConfigurationItem>;
  /** The person working on the ticket; null when unassigned. */
  assignee: Maybe<Scalars['String']['output']>;
  /** The team working on the ticket; null when unassigned. */
  assignmentGroup: Maybe<Scalars['String']['output']>;
  /** When the ticket entered CLOSED or CANCELLED. */
  closedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the ticket was opened (for imported incidents: as given by the source system). */
  createdAt: Scalars['DateTime']['output'];
  /** Free text, as given on creation; null when none was given. */
  description: Maybe<Scalars['String']['output']>;
  /**
   * The key an imported incident was given by its source system (importIncidents); null for tickets created
   * through the API.
   */
  externalId: Maybe<Scalars['String']['output']>;
  /**
   * Every change, oldest first: one entry per changed field per mutation (creation is field status from null),
   * comments as field comment.
   */
  history: Array<TicketHistoryEntry>;
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  /** How widely the matter affects the business; with urgency it gives the priority. */
  impact: Level;
  /** Human-readable number: INC, PRB, CHG or REQ and seven digits, sequential per type, never reused. */
  number: Scalars['String']['output'];
  /** The catalog offering this request was opened from (requestService); null otherwise. */
  offering: Maybe<ServiceOffering>;
  /**
   * From impact and urgency by the ITIL matrix: HIGH/HIGH is P1, each step down on either axis one level lower,
   * LOW/LOW is P5.
   */
  priority: Priority;
  /** Who raised the ticket, as given on creation. */
  reporter: Maybe<Scalars['String']['output']>;
  /** Who the requested service is for, as given to requestService. */
  requestedFor: Maybe<Scalars['String']['output']>;
  /** When the ticket entered RESOLVED; cleared when it is reopened. */
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the ticket was first answered: it left NEW (DRAFT for changes) or got an assignee, whichever came first. */
  respondedAt: Maybe<Scalars['DateTime']['output']>;
  /** True when the ticket was answered after responseDueAt, or is still unanswered past it. */
  responseBreached: Scalars['Boolean']['output'];
  /** createdAt plus the response target of the ticket's priority, in SLA-counted time; holds do not move it. */
  responseDueAt: Scalars['DateTime']['output'];
  /** True when the resolution clock, read at resolvedAt (now while unresolved), exceeds the resolution target. */
  slaBreached: Scalars['Boolean']['output'];
  /**
   * When the resolution clock reaches the target of the ticket's priority (calendar hours from createdAt unless
   * business hours are configured); null while ON_HOLD and for changes.
   */
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  /** The resolution clock (SLA-counted time since creation, holds left out) as a percentage of the resolution target; above 100 once breached, 0 without a target. */
  slaElapsedPercent: Scalars['Float']['output'];
  /** True while the ticket is ON_HOLD: its resolution clock is stopped and slaDueAt is null. */
  slaPaused: Scalars['Boolean']['output'];
  /** Where the ticket is in its state machine (see TicketStatus); moved by transitionTicket, set as given by imports. */
  status: TicketStatus;
  /** One-line summary. */
  title: Scalars['String']['output'];
  /** Which kind of ticket this is; also told by its number prefix. */
  type: TicketType;
  /** When the ticket last changed; tickets pages are ordered by it, so BI tools can pull only what changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** How soon the matter must be dealt with; with impact it gives the priority. */
  urgency: Level;
  /**
   * Starts at 1 and grows by 1 with every change; pass it as expectedVersion to refuse a write over a change you
   * have not seen.
   */
  version: Scalars['Int']['output'];
};

/** Live updates over graphql-ws on the /graphql path. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Every committed ticket change; afterSequence replays retained events first. */
  ticketEvents: TicketEvent;
};


/** Live updates over graphql-ws on the /graphql path. */
export type SubscriptionTicketEventsArgs = {
  afterSequence?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketEventFilter>;
};

/** What every kind of ticket has in common: incidents, problems, change requests and service requests. */
export type Ticket = {
  /**
   * The configuration items the ticket is about, resolved from the CMDB; every one existed and was not retired
   * when it was named.
   */
  affectedItems: Array<ConfigurationItem>;
  /** The person working on the ticket; null when unassigned. */
  assignee: Maybe<Scalars['String']['output']>;
  /** The team working on the ticket; null when unassigned. */
  assignmentGroup: Maybe<Scalars['String']['output']>;
  /** When the ticket entered CLOSED or CANCELLED. */
  closedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the ticket was opened (for imported incidents: as given by the source system). */
  createdAt: Scalars['DateTime']['output'];
  /** Free text, as given on creation; null when none was given. */
  description: Maybe<Scalars['String']['output']>;
  /** The key an imported incident was given (importIncidents); null for tickets created through the API. */
  externalId: Maybe<Scalars['String']['output']>;
  /**
   * Every change, oldest first: one entry per changed field per mutation (creation is field status from null),
   * comments as field comment.
   */
  history: Array<TicketHistoryEntry>;
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  /** How widely the matter affects the business; with urgency it gives the priority. */
  impact: Level;
  /** INC0000001, PRB..., CHG..., REQ... */
  number: Scalars['String']['output'];
  /**
   * From impact and urgency by the ITIL matrix: HIGH/HIGH is P1, each step down on either axis one level lower,
   * LOW/LOW is P5.
   */
  priority: Priority;
  /** Who raised the ticket, as given on creation. */
  reporter: Maybe<Scalars['String']['output']>;
  /** When the ticket entered RESOLVED; cleared when it is reopened. */
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the ticket was first answered: it left NEW (DRAFT for changes) or got an assignee, whichever came first. */
  respondedAt: Maybe<Scalars['DateTime']['output']>;
  /** True when the ticket was answered after responseDueAt, or is still unanswered past it. */
  responseBreached: Scalars['Boolean']['output'];
  /** createdAt plus the response target of the ticket's priority, in SLA-counted time; holds do not move it. */
  responseDueAt: Scalars['DateTime']['output'];
  /** True when the resolution clock, read at resolvedAt (now while unresolved), exceeds the resolution target. */
  slaBreached: Scalars['Boolean']['output'];
  /**
   * When the resolution clock reaches the target of the ticket's priority (calendar hours from createdAt unless
   * business hours are configured); null while ON_HOLD and for changes.
   */
  slaDueAt: Maybe<Scalars['DateTime']['output']>;
  /** The resolution clock (SLA-counted time since creation, holds left out) as a percentage of the resolution target; above 100 once breached, 0 without a target. */
  slaElapsedPercent: Scalars['Float']['output'];
  /** True while the ticket is ON_HOLD: its resolution clock is stopped and slaDueAt is null. */
  slaPaused: Scalars['Boolean']['output'];
  /** Where the ticket is in its state machine (see TicketStatus); moved by transitionTicket, set as given by imports. */
  status: TicketStatus;
  /** One-line summary. */
  title: Scalars['String']['output'];
  /** Which kind of ticket this is; also told by its number prefix. */
  type: TicketType;
  /** When the ticket last changed; tickets pages are ordered by it, so BI tools can pull only what changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** How soon the matter must be dealt with; with impact it gives the priority. */
  urgency: Level;
  /**
   * Starts at 1 and grows by 1 with every change; pass it as expectedVersion to refuse a write over a change you
   * have not seen.
   */
  version: Scalars['Int']['output'];
};

/** One page of tickets. */
export type TicketConnection = {
  __typename?: 'TicketConnection';
  /** The page's tickets, by updatedAt, then id. */
  edges: Array<TicketEdge>;
  /** Where the page ends. */
  pageInfo: PageInfo;
  /** How many tickets match the filter; counted only when selected, at the cost of a count on every page. */
  totalCount: Scalars['Int']['output'];
};

/** A ticket of a page with its cursor. */
export type TicketEdge = {
  __typename?: 'TicketEdge';
  /** Pass as after to continue after this ticket. */
  cursor: Scalars['String']['output'];
  /** The ticket. */
  node: Ticket;
};

/** A committed change to a ticket, delivered after its commit, in sequence order. */
export type TicketEvent = {
  __typename?: 'TicketEvent';
  /** When the change was committed. */
  at: Scalars['DateTime']['output'];
  /** The ticket fields the mutation changed. */
  changedFields: Array<Scalars['String']['output']>;
  /** What kind of change it was. */
  kind: TicketEventKind;
  /** Decimal integer, strictly increasing across all events of the hub. */
  sequence: Scalars['String']['output'];
  /** The ticket as it is now, resolved like any query (fields of other subgraphs included). */
  ticket: Ticket;
};

/** Which events a subscriber wants: AND across fields, OR within a list; an omitted field does not narrow. */
export type TicketEventFilter = {
  /** Events on tickets whose affected items include any of these. */
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Events on tickets assigned to exactly this group. */
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  /** Follows business services live: matches tickets with an affected item that is one of these items or something it relies on (its dependencies over every type, up to 10 hops, retired items left out), tracking the CMDB as it changes. OR within the list; unknown ids match nothing, and so does an empty list. */
  businessServiceIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Events of any of these kinds. */
  kinds?: InputMaybe<Array<TicketEventKind>>;
  /** Events on tickets of any of these priorities. */
  priorities?: InputMaybe<Array<Priority>>;
  /** Events on tickets of any of these types. */
  types?: InputMaybe<Array<TicketType>>;
};

/** What kind of change an event reports; every committed mutation emits exactly one. */
export type TicketEventKind =
  /** assignTicket changed the group or the assignee. */
  | 'ASSIGNED'
  /** addComment added a comment. */
  | 'COMMENTED'
  /** A ticket was created. */
  | 'CREATED'
  /** transitionTicket changed the status. */
  | 'STATUS_CHANGED'
  /** A change other than those below, e.g. a link to a problem or a known error. */
  | 'UPDATED';

/** Narrows a ticket listing or metric: AND across fields, OR within a list; an omitted field does not narrow. */
export type TicketFilter = {
  /** Tickets affecting any of these items. */
  affectedItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Tickets assigned to exactly this group. */
  assignmentGroup?: InputMaybe<Scalars['String']['input']>;
  /** Tickets of any of these priorities. */
  priorities?: InputMaybe<Array<Priority>>;
  /** Tickets in any of these statuses. */
  statuses?: InputMaybe<Array<TicketStatus>>;
  /** Tickets of any of these types. */
  types?: InputMaybe<Array<TicketType>>;
  /** Tickets updated at or after this instant: what changed since a BI tool's last pull. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** One changed field of one mutation, or a comment. */
export type TicketHistoryEntry = {
  __typename?: 'TicketHistoryEntry';
  /** Who made it: the API token's name, or the x-actor header when no tokens are configured; null when unknown. */
  actor: Maybe<Scalars['String']['output']>;
  /** When the change was committed. */
  at: Scalars['DateTime']['output'];
  /** status, assignee, comment, ... */
  field: Scalars['String']['output'];
  /** The value before, as text; null for a field that had none (and on creation). */
  from: Maybe<Scalars['String']['output']>;
  /** The comment's body, or the note given with a transition. */
  note: Maybe<Scalars['String']['output']>;
  /** The value after, as text; null when the field was cleared. */
  to: Maybe<Scalars['String']['output']>;
};

/** The figures of one bucket (and one group, when grouped). Counts are of tickets matching the filter. */
export type TicketMetricRow = {
  __typename?: 'TicketMetricRow';
  /**
   * The group's affected item, when grouped by AFFECTED_ITEM; null for tickets without one and when not grouped
   * by it.
   */
  affectedItem: Maybe<ConfigurationItem>;
  /** The group's assignment group, when grouped by ASSIGNMENT_GROUP; else null. */
  assignmentGroup: Maybe<Scalars['String']['output']>;
  /** Tickets created before the bucket's end and not yet resolved (or, if never resolved, closed) at its end. */
  backlog: Scalars['Int']['output'];
  /** The instant the bucket starts; the bucket runs until the next one starts. */
  bucketStart: Scalars['DateTime']['output'];
  /**
   * Median time to resolve over tickets resolved in the bucket (continuous percentile), in seconds; null when
   * none was.
   */
  mttrP50Seconds: Maybe<Scalars['Float']['output']>;
  /**
   * 90th percentile of the time to resolve over tickets resolved in the bucket (continuous), in seconds; null
   * when none was.
   */
  mttrP90Seconds: Maybe<Scalars['Float']['output']>;
  /**
   * Mean time to resolve: the mean of resolvedAt minus createdAt over tickets resolved in the bucket, in
   * seconds; null when none was.
   */
  mttrSeconds: Maybe<Scalars['Float']['output']>;
  /** Tickets created in the bucket. */
  opened: Scalars['Int']['output'];
  /** The group's priority, when grouped by PRIORITY; else null. */
  priority: Maybe<Priority>;
  /** Tickets whose resolvedAt is in the bucket. */
  resolved: Scalars['Int']['output'];
  /** Tickets resolved in the bucket that breached their resolution target. */
  slaBreached: Scalars['Int']['output'];
  /**
   * Share of the tickets resolved in the bucket that met their target, (resolved - slaBreached) / resolved,
   * 0..1; null when none was resolved.
   */
  slaCompliance: Maybe<Scalars['Float']['output']>;
  /** The group's ticket type, when grouped by TYPE; else null. */
  type: Maybe<TicketType>;
};

/**
 * Where a ticket is in its state machine. Incidents, problems and requests: NEW, IN_PROGRESS, ON_HOLD, RESOLVED,
 * CLOSED, CANCELLED. Changes: DRAFT, ASSESSMENT, AUTHORIZED, SCHEDULED, IMPLEMENTING, REVIEW, CLOSED, CANCELLED.
 */
export type TicketStatus =
  /** A change being assessed. Goes to AUTHORIZED or CANCELLED. */
  | 'ASSESSMENT'
  /** A change approved. Goes to SCHEDULED or CANCELLED. */
  | 'AUTHORIZED'
  /** Abandoned; sets closedAt. Final. */
  | 'CANCELLED'
  /** Done for good; sets closedAt. Final. */
  | 'CLOSED'
  /** A change being written. Goes to ASSESSMENT, to SCHEDULED for a STANDARD change, or to CANCELLED. */
  | 'DRAFT'
  /** A change being carried out. Goes to REVIEW or CANCELLED. */
  | 'IMPLEMENTING'
  /** Being worked on. Goes to ON_HOLD, RESOLVED or CANCELLED. */
  | 'IN_PROGRESS'
  /** Opened, not yet worked on. Goes to IN_PROGRESS, ON_HOLD, RESOLVED or CANCELLED. */
  | 'NEW'
  /**
   * Waiting (on the caller, a supplier, ...); the resolution clock stops. Goes to IN_PROGRESS, RESOLVED or
   * CANCELLED.
   */
  | 'ON_HOLD'
  /**
   * Fixed, awaiting confirmation; sets resolvedAt. Goes to CLOSED, or back to IN_PROGRESS (reopen, clearing
   * resolvedAt).
   */
  | 'RESOLVED'
  /** A change carried out, under review. Goes to CLOSED or CANCELLED. */
  | 'REVIEW'
  /** A change with its window booked. Goes to IMPLEMENTING or CANCELLED. */
  | 'SCHEDULED';

/** The kinds of ticket. */
export type TicketType =
  /** A planned change to configuration items (CHG...). */
  | 'CHANGE'
  /** Something is broken or degraded (numbers INC...). */
  | 'INCIDENT'
  /** The unknown cause behind incidents (PRB...). */
  | 'PROBLEM'
  /** A request for a service (REQ...). */
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
  ServiceOffering: ServiceOffering;
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
  ServiceOffering:
    ( { __typename: 'ServiceOffering' }
    & GraphQLRecursivePick<FederationTypes['ServiceOffering'], {"id":true}> );
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
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
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
  RequestServiceInput: RequestServiceInput;
  RiskLevel: RiskLevel;
  ServiceOffering: ResolverTypeWrapper<ServiceOfferingModel>;
  ServiceOfferingInput: ServiceOfferingInput;
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
  Float: Scalars['Float']['output'];
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
  RequestServiceInput: RequestServiceInput;
  ServiceOffering: ServiceOfferingModel;
  ServiceOfferingInput: ServiceOfferingInput;
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
  respondedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  responseBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  responseDueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  risk?: Resolver<ResolversTypes['ChangeRisk'], ParentType, ContextType>;
  slaBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  slaDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  slaElapsedPercent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  slaPaused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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
  respondedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  responseBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  responseDueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  slaBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  slaDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  slaElapsedPercent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  slaPaused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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
  createServiceOffering?: Resolver<ResolversTypes['ServiceOffering'], ParentType, ContextType, RequireFields<MutationCreateServiceOfferingArgs, 'input'>>;
  importIncidents?: Resolver<ResolversTypes['ImportResult'], ParentType, ContextType, RequireFields<MutationImportIncidentsArgs, 'items'>>;
  linkIncidentToProblem?: Resolver<ResolversTypes['Incident'], ParentType, ContextType, RequireFields<MutationLinkIncidentToProblemArgs, 'incidentId' | 'problemId'>>;
  recordKnownError?: Resolver<ResolversTypes['Problem'], ParentType, ContextType, RequireFields<MutationRecordKnownErrorArgs, 'problemId' | 'rootCause'>>;
  requestService?: Resolver<ResolversTypes['ServiceRequest'], ParentType, ContextType, RequireFields<MutationRequestServiceArgs, 'input'>>;
  transitionTicket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType, RequireFields<MutationTransitionTicketArgs, 'id' | 'to'>>;
  updateServiceOffering?: Resolver<ResolversTypes['ServiceOffering'], ParentType, ContextType, RequireFields<MutationUpdateServiceOfferingArgs, 'id' | 'input'>>;
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
  respondedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  responseBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  responseDueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  rootCause?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  slaBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  slaDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  slaElapsedPercent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  slaPaused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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
  serviceCatalog?: Resolver<Array<ResolversTypes['ServiceOffering']>, ParentType, ContextType, RequireFields<QueryServiceCatalogArgs, 'includeInactive'>>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketArgs, 'id'>>;
  ticketByNumber?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketByNumberArgs, 'number'>>;
  ticketMetricSeries?: Resolver<Array<ResolversTypes['TicketMetricRow']>, ParentType, ContextType, RequireFields<QueryTicketMetricSeriesArgs, 'fillEmpty' | 'from' | 'interval' | 'timeZone' | 'to'>>;
  ticketMetrics?: Resolver<Array<ResolversTypes['TicketMetricRow']>, ParentType, ContextType, RequireFields<QueryTicketMetricsArgs, 'from' | 'interval' | 'to'>>;
  tickets?: Resolver<ResolversTypes['TicketConnection'], ParentType, ContextType, RequireFields<QueryTicketsArgs, 'first'>>;
}>;

export type ServiceOfferingResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ServiceOffering'] = ResolversParentTypes['ServiceOffering'], FederationReferenceType extends FederationReferenceTypes['ServiceOffering'] = FederationReferenceTypes['ServiceOffering']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ServiceOffering']> | FederationReferenceType, FederationReferenceType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  businessService?: Resolver<Maybe<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  category?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fulfilmentHours?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
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
  offering?: Resolver<Maybe<ResolversTypes['ServiceOffering']>, ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Priority'], ParentType, ContextType>;
  reporter?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestedFor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  respondedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  responseBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  responseDueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  slaBreached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  slaDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  slaElapsedPercent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  slaPaused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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
  ServiceOffering?: ServiceOfferingResolvers<ContextType>;
  ServiceRequest?: ServiceRequestResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
  TicketConnection?: TicketConnectionResolvers<ContextType>;
  TicketEdge?: TicketEdgeResolvers<ContextType>;
  TicketEvent?: TicketEventResolvers<ContextType>;
  TicketHistoryEntry?: TicketHistoryEntryResolvers<ContextType>;
  TicketMetricRow?: TicketMetricRowResolvers<ContextType>;
}>;

