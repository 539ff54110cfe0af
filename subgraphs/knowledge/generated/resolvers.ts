import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Article as ArticleModel, SearchHit as SearchHitModel, ItemReference as ItemReferenceModel, ProblemReference as ProblemReferenceModel, IncidentReference as IncidentReferenceModel } from '../domain';
import type { RequestContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

/** Where a knowledge article is in its life: DRAFT, then PUBLISHED, then RETIRED. */
export type ArticleStatus =
  /** Being written; found by search only with includeDrafts. */
  | 'DRAFT'
  /** Public: searched, linked from items and problems, suggested for incidents. */
  | 'PUBLISHED'
  /** Withdrawn: never searched or suggested, and no longer editable. */
  | 'RETIRED';

/**
 * Something the business runs on, from a business service down to a network device, with its typed dependencies.
 * Owned by the CMDB; tickets and knowledge add their fields.
 */
export type ConfigurationItem = {
  __typename?: 'ConfigurationItem';
  /** Opaque, stable identifier given by the hub. */
  id: Scalars['ID']['output'];
  /** Published articles linked to this item, by number. */
  knowledgeArticles: Array<KnowledgeArticle>;
};

/** Something is broken or degraded: an unplanned interruption or loss of quality of a service. */
export type Incident = {
  __typename?: 'Incident';
  affectedItems: Array<ConfigurationItem>;
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  problem: Maybe<Problem>;
  /** Published articles for this incident: its problem's, its items', then those of what its items rely on. */
  suggestedArticles: Array<KnowledgeArticle>;
};


/** Something is broken or degraded: an unplanned interruption or loss of quality of a service. */
export type IncidentSuggestedArticlesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A how-to or known fix, linked to configuration items and problems. */
export type KnowledgeArticle = {
  __typename?: 'KnowledgeArticle';
  /** Who created it (the caller's identity). */
  author: Maybe<Scalars['String']['output']>;
  /** Markdown */
  body: Scalars['String']['output'];
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  /** Linked items, by name, then id. */
  items: Array<ConfigurationItem>;
  /** KB0000001: sequential, never reused. */
  number: Scalars['String']['output'];
  /** Linked problems, by number. */
  problems: Array<Problem>;
  /** When it was published; null while a draft. */
  publishedAt: Maybe<Scalars['DateTime']['output']>;
  /** Where the article is in its life. */
  status: ArticleStatus;
  /** Title; weighs more than the body in search. */
  title: Scalars['String']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Starts at 1 and grows by 1 with every change; pass it as expectedVersion to updateKnowledgeArticle. */
  version: Scalars['Int']['output'];
};

/** The content and links of an article; an update replaces them all. */
export type KnowledgeArticleInput = {
  /** Body in Markdown; must not be blank. */
  body: Scalars['String']['input'];
  /** Configuration items the article is about: existing, not retired ones. */
  itemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Problems the article is about; each id must name a problem. */
  problemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Title; must not be blank. */
  title: Scalars['String']['input'];
};

/** An article matching a search, with how well it matches. */
export type KnowledgeHit = {
  __typename?: 'KnowledgeHit';
  /** The article. */
  article: KnowledgeArticle;
  /** ts_rank_cd of the article's document (title weight A, body weight B) for the query. */
  rank: Scalars['Float']['output'];
  /** A short excerpt of the body, matched words wrapped in <b> and </b>. */
  snippet: Scalars['String']['output'];
};

/** Every write. Each is all or nothing: a refused write changes nothing. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Creates a DRAFT article numbered KB and seven digits; its author is the caller. */
  createKnowledgeArticle: KnowledgeArticle;
  /** DRAFT to PUBLISHED. */
  publishKnowledgeArticle: KnowledgeArticle;
  /** DRAFT or PUBLISHED to RETIRED. */
  retireKnowledgeArticle: KnowledgeArticle;
  /** Replaces title, body and links; a stale expectedVersion is CONFLICT. */
  updateKnowledgeArticle: KnowledgeArticle;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationCreateKnowledgeArticleArgs = {
  input: KnowledgeArticleInput;
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationPublishKnowledgeArticleArgs = {
  id: Scalars['ID']['input'];
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationRetireKnowledgeArticleArgs = {
  id: Scalars['ID']['input'];
};


/** Every write. Each is all or nothing: a refused write changes nothing. */
export type MutationUpdateKnowledgeArticleArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  input: KnowledgeArticleInput;
};

/**
 * The underlying cause of one or more incidents, investigated until it becomes a known error with a root cause
 * and, perhaps, a workaround.
 */
export type Problem = {
  __typename?: 'Problem';
  /** Opaque, stable identifier. */
  id: Scalars['ID']['output'];
  /** Published articles linked to this problem, by number. */
  knowledgeArticles: Array<KnowledgeArticle>;
};

/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type Query = {
  __typename?: 'Query';
  /** An article by id, whatever its status; null when there is none. */
  knowledgeArticle: Maybe<KnowledgeArticle>;
  /** Web search syntax (quoted phrases, or, -word), English stemming; published articles, drafts too with includeDrafts; by rank, then number. first is 1..100. */
  searchKnowledge: Array<KnowledgeHit>;
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QueryKnowledgeArticleArgs = {
  id: Scalars['ID']['input'];
};


/** Every read: configuration items and graph walks, tickets and their metrics, knowledge articles. */
export type QuerySearchKnowledgeArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  includeDrafts?: InputMaybe<Scalars['Boolean']['input']>;
  query: Scalars['String']['input'];
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
  ConfigurationItem: ConfigurationItem;
  Incident: Incident;
  KnowledgeArticle: KnowledgeArticle;
  Problem: Problem;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  ConfigurationItem:
    ( { __typename: 'ConfigurationItem' }
    & GraphQLRecursivePick<FederationTypes['ConfigurationItem'], {"id":true}> );
  Incident:
    ( { __typename: 'Incident' }
    & GraphQLRecursivePick<FederationTypes['Incident'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Incident'], {"problem":{"id":true},"affectedItems":{"id":true}}> ) );
  KnowledgeArticle:
    ( { __typename: 'KnowledgeArticle' }
    & GraphQLRecursivePick<FederationTypes['KnowledgeArticle'], {"id":true}> );
  Problem:
    ( { __typename: 'Problem' }
    & GraphQLRecursivePick<FederationTypes['Problem'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  ArticleStatus: ArticleStatus;
  ConfigurationItem: ResolverTypeWrapper<ItemReferenceModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Incident: ResolverTypeWrapper<IncidentReferenceModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  KnowledgeArticle: ResolverTypeWrapper<ArticleModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  KnowledgeArticleInput: KnowledgeArticleInput;
  KnowledgeHit: ResolverTypeWrapper<SearchHitModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Problem: ResolverTypeWrapper<ProblemReferenceModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ConfigurationItem: ItemReferenceModel;
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  Incident: IncidentReferenceModel;
  Int: Scalars['Int']['output'];
  KnowledgeArticle: ArticleModel;
  String: Scalars['String']['output'];
  KnowledgeArticleInput: KnowledgeArticleInput;
  KnowledgeHit: SearchHitModel;
  Float: Scalars['Float']['output'];
  Mutation: Record<PropertyKey, never>;
  Problem: ProblemReferenceModel;
  Query: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
}>;

export type ConfigurationItemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ConfigurationItem'] = ResolversParentTypes['ConfigurationItem'], FederationReferenceType extends FederationReferenceTypes['ConfigurationItem'] = FederationReferenceTypes['ConfigurationItem']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ConfigurationItem']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  knowledgeArticles?: Resolver<Array<ResolversTypes['KnowledgeArticle']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type IncidentResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Incident'] = ResolversParentTypes['Incident'], FederationReferenceType extends FederationReferenceTypes['Incident'] = FederationReferenceTypes['Incident']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Incident']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  suggestedArticles?: Resolver<Array<ResolversTypes['KnowledgeArticle']>, ParentType, ContextType, RequireFields<IncidentSuggestedArticlesArgs, 'first'>>;
}>;

export type KnowledgeArticleResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['KnowledgeArticle'] = ResolversParentTypes['KnowledgeArticle'], FederationReferenceType extends FederationReferenceTypes['KnowledgeArticle'] = FederationReferenceTypes['KnowledgeArticle']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['KnowledgeArticle']> | FederationReferenceType, FederationReferenceType, ContextType>;
  author?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['ConfigurationItem']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  problems?: Resolver<Array<ResolversTypes['Problem']>, ParentType, ContextType>;
  publishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ArticleStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type KnowledgeHitResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['KnowledgeHit'] = ResolversParentTypes['KnowledgeHit']> = ResolversObject<{
  article?: Resolver<ResolversTypes['KnowledgeArticle'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  snippet?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createKnowledgeArticle?: Resolver<ResolversTypes['KnowledgeArticle'], ParentType, ContextType, RequireFields<MutationCreateKnowledgeArticleArgs, 'input'>>;
  publishKnowledgeArticle?: Resolver<ResolversTypes['KnowledgeArticle'], ParentType, ContextType, RequireFields<MutationPublishKnowledgeArticleArgs, 'id'>>;
  retireKnowledgeArticle?: Resolver<ResolversTypes['KnowledgeArticle'], ParentType, ContextType, RequireFields<MutationRetireKnowledgeArticleArgs, 'id'>>;
  updateKnowledgeArticle?: Resolver<ResolversTypes['KnowledgeArticle'], ParentType, ContextType, RequireFields<MutationUpdateKnowledgeArticleArgs, 'id' | 'input'>>;
}>;

export type ProblemResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Problem'] = ResolversParentTypes['Problem'], FederationReferenceType extends FederationReferenceTypes['Problem'] = FederationReferenceTypes['Problem']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Problem']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  knowledgeArticles?: Resolver<Array<ResolversTypes['KnowledgeArticle']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  knowledgeArticle?: Resolver<Maybe<ResolversTypes['KnowledgeArticle']>, ParentType, ContextType, RequireFields<QueryKnowledgeArticleArgs, 'id'>>;
  searchKnowledge?: Resolver<Array<ResolversTypes['KnowledgeHit']>, ParentType, ContextType, RequireFields<QuerySearchKnowledgeArgs, 'first' | 'includeDrafts' | 'query'>>;
}>;

export type Resolvers<ContextType = RequestContext> = ResolversObject<{
  ConfigurationItem?: ConfigurationItemResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Incident?: IncidentResolvers<ContextType>;
  KnowledgeArticle?: KnowledgeArticleResolvers<ContextType>;
  KnowledgeHit?: KnowledgeHitResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Problem?: ProblemResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

