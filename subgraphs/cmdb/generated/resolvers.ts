import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ConfigurationItem as ConfigurationItemModel, TraversalReport as TraversalReportModel, ReachedItem as ReachedItemModel, Relationship as RelationshipModel, ChangeRequestReference as ChangeRequestReferenceModel, OutageReport as OutageReportModel, OutageEntry as OutageEntryModel, CauseCandidate as CauseCandidateModel } from '../domain';
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
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type CiClass =
  | 'APPLICATION'
  | 'BUSINESS_SERVICE'
  | 'CLOUD_SERVICE'
  | 'CONTAINER'
  | 'DATABASE'
  | 'LOAD_BALANCER'
  | 'NETWORK_DEVICE'
  | 'OTHER'
  | 'SERVER'
  | 'STORAGE'
  | 'VIRTUAL_MACHINE';

export type CiFilter = {
  ciClass?: InputMaybe<Array<CiClass>>;
  criticality?: InputMaybe<Array<Criticality>>;
  environment?: InputMaybe<Array<Environment>>;
  nameContains?: InputMaybe<Scalars['String']['input']>;
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

export type ChangeRequest = {
  __typename?: 'ChangeRequest';
  affectedItems: Array<ConfigurationItem>;
  /** Union impact of the change's affected items. */
  blastRadius: TraversalReport;
  id: Scalars['ID']['output'];
  /** The outage if every affected item were down during the change. */
  outage: OutageReport;
};


export type ChangeRequestBlastRadiusArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};


export type ChangeRequestOutageArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};

export type ConfigurationItem = {
  __typename?: 'ConfigurationItem';
  attributes: Maybe<Scalars['JSON']['output']>;
  ciClass: CiClass;
  createdAt: Scalars['DateTime']['output'];
  criticality: Maybe<Criticality>;
  /** What this item relies on, transitively (for root-cause analysis). */
  dependencies: TraversalReport;
  environment: Maybe<Environment>;
  /** Key in the source system (discovery tool, spreadsheet). */
  externalId: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** What breaks if this item fails: items that rely on it, transitively. */
  impact: TraversalReport;
  lifecycle: Lifecycle;
  /** Redundancy: the item keeps running while at least this many of its direct dependencies are up. Null: every dependency is critical. */
  minimumAvailable: Maybe<Scalars['Int']['output']>;
  name: Scalars['String']['output'];
  owner: Maybe<Scalars['String']['output']>;
  /** Direct relationships, both directions. */
  relationships: Array<Relationship>;
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};


export type ConfigurationItemDependenciesArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};


export type ConfigurationItemImpactArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};

export type ConfigurationItemConnection = {
  __typename?: 'ConfigurationItemConnection';
  edges: Array<ConfigurationItemEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ConfigurationItemEdge = {
  __typename?: 'ConfigurationItemEdge';
  cursor: Scalars['String']['output'];
  node: ConfigurationItem;
};

export type ConfigurationItemInput = {
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  ciClass: CiClass;
  criticality?: InputMaybe<Criticality>;
  environment?: InputMaybe<Environment>;
  externalId: Scalars['String']['input'];
  /** ACTIVE when omitted. */
  lifecycle?: InputMaybe<Lifecycle>;
  /** 1..1000, or null: every dependency is critical. */
  minimumAvailable?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  owner?: InputMaybe<Scalars['String']['input']>;
};

export type Criticality =
  | 'CRITICAL'
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type Environment =
  | 'DEVELOPMENT'
  | 'PRODUCTION'
  | 'STAGING'
  | 'TEST';

export type ImportResult = {
  __typename?: 'ImportResult';
  created: Scalars['Int']['output'];
  relationshipsCreated: Scalars['Int']['output'];
  relationshipsUnchanged: Scalars['Int']['output'];
  unchanged: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
};

export type Lifecycle =
  | 'ACTIVE'
  | 'MAINTENANCE'
  | 'PLANNED'
  | 'RETIRED';

export type Mutation = {
  __typename?: 'Mutation';
  addRelationship: Relationship;
  /** Upserts by externalId, all or nothing. */
  importConfigurationItems: ImportResult;
  removeRelationship: Scalars['Boolean']['output'];
  retireConfigurationItem: ConfigurationItem;
  /** Replaces the item's fields; CONFLICT when expectedVersion is given and stale. */
  updateConfigurationItem: ConfigurationItem;
};


export type MutationAddRelationshipArgs = {
  sourceId: Scalars['ID']['input'];
  targetId: Scalars['ID']['input'];
  type: RelationshipType;
};


export type MutationImportConfigurationItemsArgs = {
  items: Array<ConfigurationItemInput>;
  relationships?: InputMaybe<Array<RelationshipInput>>;
};


export type MutationRemoveRelationshipArgs = {
  sourceId: Scalars['ID']['input'];
  targetId: Scalars['ID']['input'];
  type: RelationshipType;
};


export type MutationRetireConfigurationItemArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateConfigurationItemArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  input: ConfigurationItemInput;
};

export type OutageItem = {
  __typename?: 'OutageItem';
  /** Fewest hops from the nearest failed root. */
  distance: Scalars['Int']['output'];
  /** The item's direct dependencies that are down (roots included), ordered by name then id. */
  downDependencies: Array<ConfigurationItem>;
  item: ConfigurationItem;
  state: OutageState;
};

export type OutageReport = {
  __typename?: 'OutageReport';
  businessServicesDegraded: Array<ConfigurationItem>;
  businessServicesDown: Array<ConfigurationItem>;
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

export type OutageState =
  | 'DEGRADED'
  | 'DOWN';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** For each item set, services(set): the set's non-retired items of class BUSINESS_SERVICE plus the businessServices of the set's impact at `depth` over all types. One list of ids per set, in the order given, each list by name then id. */
  businessServicesReached: Array<Array<Scalars['ID']['output']>>;
  configurationItem: Maybe<ConfigurationItem>;
  configurationItemByExternalId: Maybe<ConfigurationItem>;
  /** Ordered by name, then id (code point order). first is 1..1000. */
  configurationItems: ConfigurationItemConnection;
  /** Union of the impacts of several roots, distance measured from the nearest root. */
  impactAnalysis: TraversalReport;
  /** Which of candidateIds are among rootIds or rely on one of them at any depth over all relationship types (the unbounded impact of the roots); retired items ignored, unknown ids ignored. Order: as given. */
  itemsRelyingOn: Array<Scalars['ID']['output']>;
  /** What goes down, and what only degrades, when these items fail together. */
  outageSimulation: OutageReport;
  /** Probable causes over item sets (one set per incident, the incident's affected items): every X that explains at least 2 sets (at least 1 when only one set has a non-retired item), ranked by coverage desc, impactSize asc, name, id; first of them. `sets`: indexes of the sets X explains, ascending. */
  probableCauseCandidates: Array<CauseCandidate>;
};


export type QueryBusinessServicesReachedArgs = {
  depth: Scalars['Int']['input'];
  itemSets: Array<Array<Scalars['ID']['input']>>;
};


export type QueryConfigurationItemArgs = {
  id: Scalars['ID']['input'];
};


export type QueryConfigurationItemByExternalIdArgs = {
  externalId: Scalars['String']['input'];
};


export type QueryConfigurationItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CiFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryImpactAnalysisArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  itemIds: Array<Scalars['ID']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};


export type QueryItemsRelyingOnArgs = {
  candidateIds: Array<Scalars['ID']['input']>;
  rootIds: Array<Scalars['ID']['input']>;
};


export type QueryOutageSimulationArgs = {
  itemIds: Array<Scalars['ID']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<RelationshipType>>;
};


export type QueryProbableCauseCandidatesArgs = {
  depth: Scalars['Int']['input'];
  first: Scalars['Int']['input'];
  itemSets: Array<Array<Scalars['ID']['input']>>;
};

export type ReachedItem = {
  __typename?: 'ReachedItem';
  /** Fewest hops from any root. */
  distance: Scalars['Int']['output'];
  item: ConfigurationItem;
  /** One shortest path: root id first, this item's id last. */
  path: Array<Scalars['ID']['output']>;
};

export type Relationship = {
  __typename?: 'Relationship';
  /** The item that relies on ... */
  source: ConfigurationItem;
  /** ... this one. */
  target: ConfigurationItem;
  type: RelationshipType;
};

export type RelationshipInput = {
  sourceExternalId: Scalars['String']['input'];
  targetExternalId: Scalars['String']['input'];
  type: RelationshipType;
};

/**
 * Every relationship points from the item that relies on something to the item it
 * relies on: (app)-[:RUNS_ON]->(server) means "app relies on server". Impact flows
 * from target to source.
 */
export type RelationshipType =
  | 'CONNECTS_TO'
  | 'DEPENDS_ON'
  | 'HOSTED_ON'
  | 'RUNS_ON'
  | 'STORED_ON';

export type TraversalReport = {
  __typename?: 'TraversalReport';
  /** Every reached item of class BUSINESS_SERVICE, even beyond limit. */
  businessServices: Array<ConfigurationItem>;
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
  configurationItem?: Resolver<Maybe<ResolversTypes['ConfigurationItem']>, ParentType, ContextType, RequireFields<QueryConfigurationItemArgs, 'id'>>;
  configurationItemByExternalId?: Resolver<Maybe<ResolversTypes['ConfigurationItem']>, ParentType, ContextType, RequireFields<QueryConfigurationItemByExternalIdArgs, 'externalId'>>;
  configurationItems?: Resolver<ResolversTypes['ConfigurationItemConnection'], ParentType, ContextType, RequireFields<QueryConfigurationItemsArgs, 'first'>>;
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

export type TraversalReportResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TraversalReport'] = ResolversParentTypes['TraversalReport']> = ResolversObject<{
  businessServices?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
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
  TraversalReport?: TraversalReportResolvers<ContextType>;
}>;

