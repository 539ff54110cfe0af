import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ConfigurationItem as ConfigurationItemModel, TraversalAnswer as TraversalReportModel, ReachedItem as ReachedItemModel, Relationship as RelationshipModel, ChangeRequestReference as ChangeRequestReferenceModel, OutageReport as OutageReportModel, OutageEntry as OutageEntryModel, CauseCandidate as CauseCandidateModel } from '../domain';
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
  /** Any JSON value: object, array, string, number, boolean or null. */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** What kind of thing a configuration item is. */
export type CiClass =
  /** An application or application component. */
  | 'APPLICATION'
  /** A service the business offers or consumes, such as online payments; impact answers list these apart. */
  | 'BUSINESS_SERVICE'
  /** A managed service of a cloud provider. */
  | 'CLOUD_SERVICE'
  /** A container or container workload. */
  | 'CONTAINER'
  /** A database or database cluster. */
  | 'DATABASE'
  /** A load balancer. */
  | 'LOAD_BALANCER'
  /** A switch, router, firewall or other network device. */
  | 'NETWORK_DEVICE'
  /** Anything else. */
  | 'OTHER'
  /** A physical server. */
  | 'SERVER'
  /** A storage array, volume or share. */
  | 'STORAGE'
  /** A virtual machine. */
  | 'VIRTUAL_MACHINE';

/** Narrows an item listing: AND across fields, OR within a list; an omitted field does not narrow. */
export type CiFilter = {
  /** Items of any of these classes. */
  ciClass?: InputMaybe<Array<CiClass>>;
  /** Items of any of these criticalities. */
  criticality?: InputMaybe<Array<Criticality>>;
  /** Items in any of these environments. */
  environment?: InputMaybe<Array<Environment>>;
  /** Items whose name contains this text, ignoring case; % and _ are taken literally. */
  nameContains?: InputMaybe<Scalars['String']['input']>;
  /** Items with exactly this owner. */
  owner?: InputMaybe<Scalars['String']['input']>;
};

/** For the tickets subgraph only: an item that explains some of the item sets it was asked about. */
export type CauseCandidate = {
  __typename?: 'CauseCandidate';
  /** Its impact totalCount at the depth asked. */
  impactSize: Scalars['Int']['output'];
  itemId: Scalars['ID']['output'];
  /** Indexes of the sets it explains, ascending. */
  sets: Array<Scalars['Int']['output']>;
};

/**
 * A planned change to configuration items, with its window, its blast radius, the outage it would cause, its
 * conflicts and its risk.
 */
export type ChangeRequest = {
  __typename?: 'ChangeRequest';
  affectedItems: Array<ConfigurationItem>;
  /** Union impact of the change's affected items. */
  blastRadius: TraversalReport;
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  /** The outage if every affected item were down during the change. */
  outage: OutageReport;
};


/**
 * A planned change to configuration items, with its window, its blast radius, the outage it would cause, its
 * conflicts and its risk.
 */
export type ChangeRequestBlastRadiusArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};


/**
 * A planned change to configuration items, with its window, its blast radius, the outage it would cause, its
 * conflicts and its risk.
 */
export type ChangeRequestOutageArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};

/**
 * Something the business runs on, from a business service down to a network device, with its typed dependencies.
 * Owned by the CMDB; tickets and knowledge add their fields.
 */
export type ConfigurationItem = {
  __typename?: 'ConfigurationItem';
  /** Free-form attributes from the source system (JSON object), stored and compared as given. */
  attributes: Maybe<Scalars['JSON']['output']>;
  /** What kind of thing the item is. */
  ciClass: CiClass;
  /** When the hub first stored it. */
  createdAt: Scalars['DateTime']['output'];
  /** How much the business depends on it; null when not recorded. */
  criticality: Maybe<Criticality>;
  /** What this item relies on, transitively (for root-cause analysis). */
  dependencies: TraversalReport;
  /** Which environment it belongs to; null when not recorded. */
  environment: Maybe<Environment>;
  /** Key in the source system (discovery tool, spreadsheet). */
  externalId: Maybe<Scalars['String']['output']>;
  /** Opaque, stable identifier given by the hub. */
  id: Scalars['ID']['output'];
  /** What breaks if this item fails: items that rely on it, transitively. */
  impact: TraversalReport;
  /** Where it is in its life; RETIRED items are left out of traversals. */
  lifecycle: Lifecycle;
  /** Redundancy: the item keeps running while at least this many of its direct dependencies are up. Null: every dependency is critical. */
  minimumAvailable: Maybe<Scalars['Int']['output']>;
  /** Display name; not necessarily unique. Listings order by it in code point order. */
  name: Scalars['String']['output'];
  /** The team or person responsible for it. */
  owner: Maybe<Scalars['String']['output']>;
  /** Direct relationships, both directions. */
  relationships: Array<Relationship>;
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Starts at 1 and grows by 1 with every change; pass it as expectedVersion to updateConfigurationItem. */
  version: Scalars['Int']['output'];
};


/**
 * Something the business runs on, from a business service down to a network device, with its typed dependencies.
 * Owned by the CMDB; tickets and knowledge add their fields.
 */
export type ConfigurationItemDependenciesArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};


/**
 * Something the business runs on, from a business service down to a network device, with its typed dependencies.
 * Owned by the CMDB; tickets and knowledge add their fields.
 */
export type ConfigurationItemImpactArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};

/** One page of configuration items. */
export type ConfigurationItemConnection = {
  __typename?: 'ConfigurationItemConnection';
  /** The page's items, by name, then id (code point order). */
  edges: Array<ConfigurationItemEdge>;
  /** Where the page ends. */
  pageInfo: PageInfo;
  /** How many items match the filter, on every page. */
  totalCount: Scalars['Int']['output'];
};

/** An item of a page with its cursor. */
export type ConfigurationItemEdge = {
  __typename?: 'ConfigurationItemEdge';
  /** Pass as after to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: ConfigurationItem;
};

/** Every field of a configuration item, as imports and updates give it; an update replaces them all. */
export type ConfigurationItemInput = {
  /** Free-form attributes (a JSON object); compared as a whole on import. */
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  /** What kind of thing the item is. */
  ciClass: CiClass;
  /** How much the business depends on it; null when not known. */
  criticality?: InputMaybe<Criticality>;
  /** Which environment it belongs to; null when not known. */
  environment?: InputMaybe<Environment>;
  /** The item's key in the source system; imports upsert by it. Unique among items. */
  externalId: Scalars['String']['input'];
  /** ACTIVE when omitted. */
  lifecycle?: InputMaybe<Lifecycle>;
  /** 1..1000, or null: every dependency is critical. */
  minimumAvailable?: InputMaybe<Scalars['Int']['input']>;
  /** Display name; must not be empty. */
  name: Scalars['String']['input'];
  /** The team or person responsible for it. */
  owner?: InputMaybe<Scalars['String']['input']>;
};

/** How much the business depends on an item; change risk counts CRITICAL business services that go down apart. */
export type Criticality =
  /** Its loss stops the business. */
  | 'CRITICAL'
  /** Its loss hurts the business badly. */
  | 'HIGH'
  /** Its loss is hardly noticed. */
  | 'LOW'
  /** Its loss is a noticeable nuisance. */
  | 'MEDIUM';

/** Which environment an item belongs to. */
export type Environment =
  /** For development. */
  | 'DEVELOPMENT'
  /** Serves real users. */
  | 'PRODUCTION'
  /** Pre-production, for final checks. */
  | 'STAGING'
  /** For testing. */
  | 'TEST';

/** What an import did, counted per entry. */
export type ImportResult = {
  __typename?: 'ImportResult';
  /** Entries that did not exist and were created. */
  created: Scalars['Int']['output'];
  /** Relationships that did not exist and were added. */
  relationshipsCreated: Scalars['Int']['output'];
  /** Relationships that already existed (or were listed twice in the call). */
  relationshipsUnchanged: Scalars['Int']['output'];
  /** Entries that existed exactly as given; nothing was written for them. */
  unchanged: Scalars['Int']['output'];
  /** Entries that existed and were changed. */
  updated: Scalars['Int']['output'];
};

/** Where an item is in its life. */
export type Lifecycle =
  /** In use; the default on import. */
  | 'ACTIVE'
  /** In use, under maintenance. */
  | 'MAINTENANCE'
  /** Not built yet. */
  | 'PLANNED'
  /**
   * Out of use: never reported by traversals, never walked through, and refused as a ticket's affected item.
   * Items are retired, never deleted.
   */
  | 'RETIRED';

/** Every write. Each is all or nothing: a refused write changes nothing. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Adds a relationship (again: nothing changes). BAD_USER_INPUT when source and target are the same item. */
  addRelationship: Relationship;
  /** Upserts by externalId, all or nothing. */
  importConfigurationItems: ImportResult;
  /** Removes a relationship; false when there was none. */
  removeRelationship: Scalars['Boolean']['output'];
  /**
   * Sets lifecycle RETIRED (again: nothing changes). The item stays, with its relationships, but traversals skip
   * it.
   */
  retireConfigurationItem: ConfigurationItem;
  /** Replaces the item's fields; CONFLICT when expectedVersion is given and stale. */
  updateConfigurationItem: ConfigurationItem;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationAddRelationshipArgs = {
  sourceId: Scalars['ID']['input'];
  targetId: Scalars['ID']['input'];
  type: RelationshipType;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationImportConfigurationItemsArgs = {
  items: Array<ConfigurationItemInput>;
  relationships?: InputMaybe<Array<RelationshipInput>>;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationRemoveRelationshipArgs = {
  sourceId: Scalars['ID']['input'];
  targetId: Scalars['ID']['input'];
  type: RelationshipType;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationRetireConfigurationItemArgs = {
  id: Scalars['ID']['input'];
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationUpdateConfigurationItemArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  input: ConfigurationItemInput;
};

/** An item an outage reaches, and why. */
export type OutageItem = {
  __typename?: 'OutageItem';
  /** Fewest hops from the nearest failed root. */
  distance: Scalars['Int']['output'];
  /** The item's direct dependencies that are down (roots included), ordered by name then id. */
  downDependencies: Array<ConfigurationItem>;
  /** The item. */
  item: ConfigurationItem;
  /** Whether it goes down or only degrades. */
  state: OutageState;
};

/**
 * What fails when some items fail together, taking redundancy (minimumAvailable) into account. DOWN and DEGRADED
 * items together are the unbounded impact of the roots.
 */
export type OutageReport = {
  __typename?: 'OutageReport';
  /** Every business service that degrades, by name then id, whatever the limit. */
  businessServicesDegraded: Array<ConfigurationItem>;
  /** Every business service that goes down (roots excluded), by name then id, whatever the limit. */
  businessServicesDown: Array<ConfigurationItem>;
  /** How many items degrade, roots excluded, whatever the limit. */
  degradedCount: Scalars['Int']['output'];
  /** Roots excluded. */
  downCount: Scalars['Int']['output'];
  /** DOWN first, then DEGRADED; each by distance, name, id. */
  items: Array<OutageItem>;
  /** The failed items that exist and are not retired. */
  roots: Array<ConfigurationItem>;
  /** downCount + degradedCount > limit */
  truncated: Scalars['Boolean']['output'];
};

/** How an item fares in an outage. */
export type OutageState =
  /** The item keeps running but relies, at some depth, on something that is down. */
  | 'DEGRADED'
  /**
   * The item stops: a dependency it cannot do without is down, or fewer than minimumAvailable of its
   * dependencies are up.
   */
  | 'DOWN';

/** Where a page ends, for asking for the next one. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the page's last edge: pass it as after to get the next page; null on an empty page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** True when more items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type Query = {
  __typename?: 'Query';
  /** For each item set, services(set): the set's non-retired items of class BUSINESS_SERVICE plus the businessServices of the set's impact at `depth` over all types. One list of ids per set, in the order given, each list by name then id. */
  businessServicesReached: Array<Array<Scalars['ID']['output']>>;
  /** For the tickets subgraph only: a counter, as decimal text, that every committed CMDB write moves; unchanged means answers about the graph cached since are still right. */
  cmdbChangeCount: Scalars['String']['output'];
  /** An item by id; null when no item has it (retired items are returned). */
  configurationItem: Maybe<ConfigurationItem>;
  /** An item by its key in the source system; null when no item has it. */
  configurationItemByExternalId: Maybe<ConfigurationItem>;
  /** Ordered by name, then id (code point order). first is 1..1000. */
  configurationItems: ConfigurationItemConnection;
  /** For the tickets subgraph only: for each item set, its non-retired items plus every non-retired item they rely on within `depth` hops over all relationship types (a retired item of the set is walked from, not listed); unknown ids ignored. One list per set, in the order given, each by code point. */
  dependencyClosures: Array<Array<Scalars['ID']['output']>>;
  /** Union of the impacts of several roots, distance measured from the nearest root. */
  impactAnalysis: TraversalReport;
  /** Which of candidateIds are among rootIds or rely on one of them at any depth over all relationship types (the unbounded impact of the roots); retired items ignored, unknown ids ignored. Order: as given. */
  itemsRelyingOn: Array<Scalars['ID']['output']>;
  /** What goes down, and what only degrades, when these items fail together. */
  outageSimulation: OutageReport;
  /** Probable causes over item sets (one set per incident, the incident's affected items): every X that explains at least 2 sets (at least 1 when only one set has a non-retired item), ranked by coverage desc, impactSize asc, name, id; first of them. `sets`: indexes of the sets X explains, ascending. */
  probableCauseCandidates: Array<CauseCandidate>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryBusinessServicesReachedArgs = {
  depth: Scalars['Int']['input'];
  itemSets: Array<Array<Scalars['ID']['input']>>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryConfigurationItemArgs = {
  id: Scalars['ID']['input'];
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryConfigurationItemByExternalIdArgs = {
  externalId: Scalars['String']['input'];
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryConfigurationItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CiFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryDependencyClosuresArgs = {
  depth: Scalars['Int']['input'];
  itemSets: Array<Array<Scalars['ID']['input']>>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryImpactAnalysisArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  itemIds: Array<Scalars['ID']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryItemsRelyingOnArgs = {
  candidateIds: Array<Scalars['ID']['input']>;
  rootIds: Array<Scalars['ID']['input']>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryOutageSimulationArgs = {
  itemIds: Array<Scalars['ID']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryProbableCauseCandidatesArgs = {
  depth: Scalars['Int']['input'];
  first: Scalars['Int']['input'];
  itemSets: Array<Array<Scalars['ID']['input']>>;
};

/** An item a walk reached, with how far from the roots it is. */
export type ReachedItem = {
  __typename?: 'ReachedItem';
  /** Fewest hops from any root. */
  distance: Scalars['Int']['output'];
  /** The reached item. */
  item: ConfigurationItem;
  /** One shortest path: root id first, this item's id last. */
  path: Array<Scalars['ID']['output']>;
};

/** A typed dependency: source relies on target. */
export type Relationship = {
  __typename?: 'Relationship';
  /** The item that relies on ... */
  source: ConfigurationItem;
  /** ... this one. */
  target: ConfigurationItem;
  /** How the source relies on the target. */
  type: RelationshipType;
};

/** A relationship between two items of an import, named by their externalIds: source relies on target. */
export type RelationshipInput = {
  /** externalId of the item that relies on the target; in this import or already stored. */
  sourceExternalId: Scalars['String']['input'];
  /** externalId of the item relied on; in this import or already stored. Must differ from the source. */
  targetExternalId: Scalars['String']['input'];
  /** How the source relies on the target. */
  type: RelationshipType;
};

/**
 * Every relationship points from the item that relies on something to the item it
 * relies on: (app)-[:RUNS_ON]->(server) means "app relies on server". Impact flows
 * from target to source.
 */
export type RelationshipType =
  /** The source reaches the network through the target, e.g. a server through a switch. */
  | 'CONNECTS_TO'
  /** The source needs the target to work (a generic dependency). */
  | 'DEPENDS_ON'
  /** The source is hosted on the target, e.g. a virtual machine on a server. */
  | 'HOSTED_ON'
  /** The source runs on the target, e.g. an application on a virtual machine. */
  | 'RUNS_ON'
  /** The source keeps its data on the target, e.g. a database on a storage array. */
  | 'STORED_ON';

/** One relationship of a traversal's picture, given by the ids of its ends. */
export type TraversalEdge = {
  __typename?: 'TraversalEdge';
  /** Id of the item that relies on the target. */
  source: Scalars['ID']['output'];
  /** Id of the item the source relies on. */
  target: Scalars['ID']['output'];
  /** The kind of reliance. */
  type: RelationshipType;
};

/**
 * The answer of a graph walk (impact, dependencies, impactAnalysis, blastRadius): every reached item once, at
 * its fewest hops from a root, with one shortest path. Retired items are neither reported nor walked through;
 * cycles end.
 */
export type TraversalReport = {
  __typename?: 'TraversalReport';
  /** Every reached item of class BUSINESS_SERVICE, even beyond limit. */
  businessServices: Array<ConfigurationItem>;
  /**
   * The relationships to draw the answer with: every relationship of the walked
   * types whose two ends are both among the roots and the listed items (after
   * limit), each once, ordered by source id, then target id, then type (code point
   * order). A retired root has no edges.
   */
  edges: Array<TraversalEdge>;
  /** Each reachable item once, nearest first, then by name, then by id. */
  items: Array<ReachedItem>;
  /** The start item(s). */
  root: Array<ConfigurationItem>;
  /** Reachable items, roots excluded, before limit. */
  totalCount: Scalars['Int']['output'];
  /** True when totalCount > limit. */
  truncated: Scalars['Boolean']['output'];
};

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
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  ChangeRequest:
    ( { __typename: 'ChangeRequest' }
    & GraphQLRecursivePick<FederationTypes['ChangeRequest'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['ChangeRequest'], {"affectedItems":{"id":true}}>
        | GraphQLRecursivePick<FederationTypes['ChangeRequest'], {"affectedItems":{"id":true}}>
        | GraphQLRecursivePick<FederationTypes['ChangeRequest'], {"affectedItems":{"id":true}}> ) );
  ConfigurationItem:
    ( { __typename: 'ConfigurationItem' }
    & GraphQLRecursivePick<FederationTypes['ConfigurationItem'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CIClass: CiClass;
  CIFilter: CiFilter;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CauseCandidate: ResolverTypeWrapper<CauseCandidateModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ChangeRequest: ResolverTypeWrapper<ChangeRequestReferenceModel>;
  ConfigurationItem: ResolverTypeWrapper<ConfigurationItemModel>;
  ConfigurationItemConnection: ResolverTypeWrapper<Omit<ConfigurationItemConnection, 'edges'> & { edges: Array<ResolversTypes['ConfigurationItemEdge']> }>;
  ConfigurationItemEdge: ResolverTypeWrapper<Omit<ConfigurationItemEdge, 'node'> & { node: ResolversTypes['ConfigurationItem'] }>;
  ConfigurationItemInput: ConfigurationItemInput;
  Criticality: Criticality;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Environment: Environment;
  ImportResult: ResolverTypeWrapper<ImportResult>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Lifecycle: Lifecycle;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  OutageItem: ResolverTypeWrapper<OutageEntryModel>;
  OutageReport: ResolverTypeWrapper<OutageReportModel>;
  OutageState: OutageState;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReachedItem: ResolverTypeWrapper<ReachedItemModel>;
  Relationship: ResolverTypeWrapper<RelationshipModel>;
  RelationshipInput: RelationshipInput;
  RelationshipType: RelationshipType;
  TraversalEdge: ResolverTypeWrapper<TraversalEdge>;
  TraversalReport: ResolverTypeWrapper<TraversalReportModel>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CIFilter: CiFilter;
  String: Scalars['String']['output'];
  CauseCandidate: CauseCandidateModel;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  ChangeRequest: ChangeRequestReferenceModel;
  ConfigurationItem: ConfigurationItemModel;
  ConfigurationItemConnection: Omit<ConfigurationItemConnection, 'edges'> & { edges: Array<ResolversParentTypes['ConfigurationItemEdge']> };
  ConfigurationItemEdge: Omit<ConfigurationItemEdge, 'node'> & { node: ResolversParentTypes['ConfigurationItem'] };
  ConfigurationItemInput: ConfigurationItemInput;
  DateTime: Scalars['DateTime']['output'];
  ImportResult: ImportResult;
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  OutageItem: OutageEntryModel;
  OutageReport: OutageReportModel;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  ReachedItem: ReachedItemModel;
  Relationship: RelationshipModel;
  RelationshipInput: RelationshipInput;
  TraversalEdge: TraversalEdge;
  TraversalReport: TraversalReportModel;
}>;

export type CauseCandidateResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CauseCandidate'] = ResolversParentTypes['CauseCandidate']> = ResolversObject<{
  impactSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  itemId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  sets?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type ChangeRequestResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ChangeRequest'] = ResolversParentTypes['ChangeRequest'], FederationReferenceType extends FederationReferenceTypes['ChangeRequest'] = FederationReferenceTypes['ChangeRequest']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ChangeRequest']> | FederationReferenceType, FederationReferenceType, ContextType>;
  blastRadius?: Resolver<ResolversTypes['TraversalReport'], ParentType, ContextType, RequireFields<ChangeRequestBlastRadiusArgs, 'depth' | 'limit'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  outage?: Resolver<ResolversTypes['OutageReport'], ParentType, ContextType, RequireFields<ChangeRequestOutageArgs, 'limit'>>;
}>;

export type ConfigurationItemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ConfigurationItem'] = ResolversParentTypes['ConfigurationItem'], FederationReferenceType extends FederationReferenceTypes['ConfigurationItem'] = FederationReferenceTypes['ConfigurationItem']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ConfigurationItem']> | FederationReferenceType, FederationReferenceType, ContextType>;
  attributes?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  ciClass?: Resolver<ResolversTypes['CIClass'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  criticality?: Resolver<Maybe<ResolversTypes['Criticality']>, ParentType, ContextType>;
  dependencies?: Resolver<ResolversTypes['TraversalReport'], ParentType, ContextType, RequireFields<ConfigurationItemDependenciesArgs, 'depth' | 'limit'>>;
  environment?: Resolver<Maybe<ResolversTypes['Environment']>, ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  impact?: Resolver<ResolversTypes['TraversalReport'], ParentType, ContextType, RequireFields<ConfigurationItemImpactArgs, 'depth' | 'limit'>>;
  lifecycle?: Resolver<ResolversTypes['Lifecycle'], ParentType, ContextType>;
  minimumAvailable?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relationships?: Resolver<Array<ResolversTypes['Relationship']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ConfigurationItemConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ConfigurationItemConnection'] = ResolversParentTypes['ConfigurationItemConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ConfigurationItemEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ConfigurationItemEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ConfigurationItemEdge'] = ResolversParentTypes['ConfigurationItemEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ConfigurationItem'], ParentType, ContextType>;
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

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  addRelationship?: Resolver<ResolversTypes['Relationship'], ParentType, ContextType, RequireFields<MutationAddRelationshipArgs, 'sourceId' | 'targetId' | 'type'>>;
  importConfigurationItems?: Resolver<ResolversTypes['ImportResult'], ParentType, ContextType, RequireFields<MutationImportConfigurationItemsArgs, 'items'>>;
  removeRelationship?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRemoveRelationshipArgs, 'sourceId' | 'targetId' | 'type'>>;
  retireConfigurationItem?: Resolver<ResolversTypes['ConfigurationItem'], ParentType, ContextType, RequireFields<MutationRetireConfigurationItemArgs, 'id'>>;
  updateConfigurationItem?: Resolver<ResolversTypes['ConfigurationItem'], ParentType, ContextType, RequireFields<MutationUpdateConfigurationItemArgs, 'id' | 'input'>>;
}>;

export type OutageItemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['OutageItem'] = ResolversParentTypes['OutageItem']> = ResolversObject<{
  distance?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  downDependencies?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  item?: Resolver<ResolversTypes['ConfigurationItem'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['OutageState'], ParentType, ContextType>;
}>;

export type OutageReportResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['OutageReport'] = ResolversParentTypes['OutageReport']> = ResolversObject<{
  businessServicesDegraded?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  businessServicesDown?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  degradedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  downCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['OutageItem']>, ParentType, ContextType>;
  roots?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  truncated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  businessServicesReached?: Resolver<Array<Array<ResolversTypes['ID']>>, ParentType, ContextType, RequireFields<QueryBusinessServicesReachedArgs, 'depth' | 'itemSets'>>;
  cmdbChangeCount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  configurationItem?: Resolver<Maybe<ResolversTypes['ConfigurationItem']>, ParentType, ContextType, RequireFields<QueryConfigurationItemArgs, 'id'>>;
  configurationItemByExternalId?: Resolver<Maybe<ResolversTypes['ConfigurationItem']>, ParentType, ContextType, RequireFields<QueryConfigurationItemByExternalIdArgs, 'externalId'>>;
  configurationItems?: Resolver<ResolversTypes['ConfigurationItemConnection'], ParentType, ContextType, RequireFields<QueryConfigurationItemsArgs, 'first'>>;
  dependencyClosures?: Resolver<Array<Array<ResolversTypes['ID']>>, ParentType, ContextType, RequireFields<QueryDependencyClosuresArgs, 'depth' | 'itemSets'>>;
  impactAnalysis?: Resolver<ResolversTypes['TraversalReport'], ParentType, ContextType, RequireFields<QueryImpactAnalysisArgs, 'depth' | 'itemIds' | 'limit'>>;
  itemsRelyingOn?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType, RequireFields<QueryItemsRelyingOnArgs, 'candidateIds' | 'rootIds'>>;
  outageSimulation?: Resolver<ResolversTypes['OutageReport'], ParentType, ContextType, RequireFields<QueryOutageSimulationArgs, 'itemIds' | 'limit'>>;
  probableCauseCandidates?: Resolver<Array<ResolversTypes['CauseCandidate']>, ParentType, ContextType, RequireFields<QueryProbableCauseCandidatesArgs, 'depth' | 'first' | 'itemSets'>>;
}>;

export type ReachedItemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ReachedItem'] = ResolversParentTypes['ReachedItem']> = ResolversObject<{
  distance?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['ConfigurationItem'], ParentType, ContextType>;
  path?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type RelationshipResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Relationship'] = ResolversParentTypes['Relationship']> = ResolversObject<{
  source?: Resolver<ResolversTypes['ConfigurationItem'], ParentType, ContextType>;
  target?: Resolver<ResolversTypes['ConfigurationItem'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['RelationshipType'], ParentType, ContextType>;
}>;

export type TraversalEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TraversalEdge'] = ResolversParentTypes['TraversalEdge']> = ResolversObject<{
  source?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  target?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['RelationshipType'], ParentType, ContextType>;
}>;

export type TraversalReportResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TraversalReport'] = ResolversParentTypes['TraversalReport']> = ResolversObject<{
  businessServices?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  edges?: Resolver<Array<ResolversTypes['TraversalEdge']>, ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['ReachedItem']>, ParentType, ContextType>;
  root?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  truncated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = RequestContext> = ResolversObject<{
  CauseCandidate?: CauseCandidateResolvers<ContextType>;
  ChangeRequest?: ChangeRequestResolvers<ContextType>;
  ConfigurationItem?: ConfigurationItemResolvers<ContextType>;
  ConfigurationItemConnection?: ConfigurationItemConnectionResolvers<ContextType>;
  ConfigurationItemEdge?: ConfigurationItemEdgeResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  ImportResult?: ImportResultResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  OutageItem?: OutageItemResolvers<ContextType>;
  OutageReport?: OutageReportResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReachedItem?: ReachedItemResolvers<ContextType>;
  Relationship?: RelationshipResolvers<ContextType>;
  TraversalEdge?: TraversalEdgeResolvers<ContextType>;
  TraversalReport?: TraversalReportResolvers<ContextType>;
}>;

