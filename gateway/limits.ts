/**
 * What the gateway refuses before planning, and how it says so: the cost of an operation computed
 * with its variables and the schema's defaults, the token count, and the wording of every refusal
 * (which limit, the value found, the limit, and the variable that sets it).
 *
 * graphql-armor's cost rule is a validation rule, and validation never sees variables: it
 * multiplied by `first` only when it was a literal, so `first: $n` cost as much as `first: 1`.
 * Its depth-exponential formula also refused the contract's own 1,000-ticket extraction page. The
 * cost here is the number of values the answer can hold, computed in `didResolveOperation` with
 * the coerced variables. Depth, aliases and directives do not depend on variables and stay with
 * graphql-armor; the token limit is graphql-js's own parser option.
 */
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { BadUserInputError } from '../platform/errors';
import type { Limits } from './config';

/** Arguments that bound how many elements a list in the answer holds. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last', 'limit'] as const;

/**
 * Lists bounded by the page size of the field that holds them: a connection's `edges`/`nodes`, a
 * traversal report's `items` and `edges`.
 */
const PAGED_LISTS = new Set(['edges', 'nodes', 'items']);

/** Which limit refused an operation: its name in messages and the variable that sets it. */
export const LIMIT_NAMES = {
  cost: { what: 'cost', variable: 'MAX_QUERY_COST' },
  depth: { what: 'depth', variable: 'MAX_QUERY_DEPTH' },
  aliases: { what: 'aliases', variable: 'MAX_QUERY_ALIASES' },
  directives: { what: 'directives', variable: 'MAX_QUERY_DIRECTIVES' },
  tokens: { what: 'tokens', variable: 'MAX_QUERY_TOKENS' },
} as const;

export type LimitName = keyof typeof LIMIT_NAMES;

const HOW_COST_COUNTS = 'every value the answer can hold counts 1, and a page size (first, last, limit) multiplies what its page lists';

/**
 * The refusal of an operation over one of the limits, as BAD_USER_INPUT (HTTP 400) with the limit,
 * the value found and the maximum also in `extensions`, for clients that act on them.
 */
export function limitRefusal(limit: LimitName, found: number, max: number): BadUserInputError {
  const { what, variable } = LIMIT_NAMES[limit];
  const why = limit === 'cost' ? `; ${HOW_COST_COUNTS}` : '';
  return new BadUserInputError(
    `operation refused by the ${what} limit: found ${found.toLocaleString('en-US')}, limit ${max.toLocaleString('en-US')} (${variable})${why}`,
    undefined,
    { limit: what, found, max, http: { status: 400 } },
  );
}

/** graphql-armor's messages, e.g. "Syntax Error: Query depth limit of 12 exceeded, found 13." */
const ARMOR_REFUSALS: [RegExp, LimitName][] = [
  [/Query depth limit of (\d+) exceeded, found (\d+)/, 'depth'],
  [/Aliases limit of (\d+) exceeded, found (\d+)/, 'aliases'],
  [/Directives limit of (\d+) exceeded, found (\d+)/, 'directives'],
];

/** graphql-js's parser with `maxTokens`: "Document contains more that 4000 tokens. Parsing aborted." */
const TOKEN_LIMIT = /Document contains more (?:that|than) (\d+) tokens/;

/**
 * Rewrites a refusal by graphql-armor's validation rules or by the parser's token limit into the
 * hub's wording and code; anything else is returned unchanged. `source` is the operation text,
 * for counting its tokens.
 */
export function asLimitRefusal(formatted: GraphQLFormattedError, source: string | undefined): GraphQLFormattedError {
  for (const [pattern, limit] of ARMOR_REFUSALS) {
    const match = pattern.exec(formatted.message);
    if (match) return formattedRefusal(formatted, limitRefusal(limit, Number(match[2]), Number(match[1])));
  }
  const tokens = TOKEN_LIMIT.exec(formatted.message);
  if (tokens) {
    const max = Number(tokens[1]);
    return formattedRefusal(formatted, limitRefusal('tokens', source === undefined ? max + 1 : tokenCount(source), max));
  }
  return formatted;
}

function formattedRefusal(formatted: GraphQLFormattedError, refusal: BadUserInputError): GraphQLFormattedError {
  const { http: _http, ...extensions } = refusal.extensions as Record<string, unknown>;
  return { message: refusal.message, ...(formatted.locations ? { locations: formatted.locations } : {}), extensions };
}

/**
 * Tokens of an operation as graphql-js's `maxTokens` counts them (comments and the end of the
 * document excluded). A document that stops lexing counts up to where it stops.
 */
export function tokenCount(source: string): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A syntax error ends the count; the parser reports the error itself.
  }
  return count;
}

/**
 * The cost of `operation`: the number of values its answer can hold. Each field's value counts 1
 * (an object also counts its selection); a list counts its element's cost times its size, which
 * is the page size that bounds it: the list field's own `first`/`last`/`limit`, or, for
 * `edges`/`nodes`/`items`, that of the field holding them (`tickets(first:)`,
 * `impact(limit:)`), each taken from the literal, the variable or the schema's default alike.
 * A list no argument bounds (a ticket's affected items) counts one element: its length is the
 * data's. Fragments on an interface count for the runtime type that selects the most.
 * Introspection (`__schema`, `__type`) costs nothing. `variables` are the coerced values.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  const applies = (typeCondition: string | undefined, runtime: GraphQLObjectType): boolean => {
    if (!typeCondition || typeCondition === runtime.name) return true;
    const condition = schema.getType(typeCondition);
    return !!condition && isAbstractType(condition) && schema.isSubType(condition, runtime);
  };

  /** The fields selected on `runtime`, by response key (graphql-js's CollectFields, all directives included). */
  const collect = (runtime: GraphQLObjectType, selectionSet: SelectionSetNode, into: Map<string, FieldNode[]>, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        into.set(key, [...(into.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, runtime)) collect(runtime, selection.selectionSet, into, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value, runtime)) collect(runtime, fragment.selectionSet, into, seen);
      }
    }
  };

  const pageSize = (field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined => {
    for (const name of PAGE_SIZE_ARGUMENTS) {
      const definition = field.args.find((arg) => arg.name === name);
      if (!definition) continue;
      const given = node.arguments?.find((arg) => arg.name.value === name)?.value;
      let value: unknown = definition.defaultValue;
      if (given?.kind === Kind.INT) value = Number(given.value);
      else if (given?.kind === Kind.VARIABLE) value = variables[given.name.value] ?? definition.defaultValue;
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.floor(value));
    }
    return undefined;
  };

  const selectionCost = (type: GraphQLCompositeType, selectionSets: readonly SelectionSetNode[], bound: number | undefined): number => {
    const runtimes = isObjectType(type) ? [type] : schema.getPossibleTypes(type);
    let most = 0;
    for (const runtime of runtimes) {
      const fields = new Map<string, FieldNode[]>();
      const seen = new Set<string>();
      for (const selectionSet of selectionSets) collect(runtime, selectionSet, fields, seen);
      let cost = 0;
      for (const nodes of fields.values()) cost += fieldCost(runtime, nodes, bound);
      most = Math.max(most, cost);
    }
    return most;
  };

  const fieldCost = (parent: GraphQLObjectType, nodes: FieldNode[], bound: number | undefined): number => {
    const name = nodes[0].name.value;
    if (name === '__schema' || name === '__type') return 0;
    const field = parent.getFields()[name];
    if (!field) return 1; // __typename
    const size = pageSize(field, nodes[0]);
    const nullable = getNullableType(field.type);
    const list = isListType(nullable);
    const elements = list ? (size ?? (PAGED_LISTS.has(name) ? bound : undefined) ?? 1) : 1;
    const named = getNamedType(field.type);
    if (!isCompositeType(named)) return list ? 1 + elements : 1;
    const selections = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    // A field that is not a list but takes a page size (a connection, a report) passes it to its lists.
    const element = 1 + selectionCost(named, selections, list ? undefined : size);
    return list ? 1 + elements * element : element;
  };

  return selectionCost(root, [operation.selectionSet], undefined);
}

/** Refuses an operation whose cost is over `limits.maxCost`. */
export function assertWithinCost(
  limits: Pick<Limits, 'maxCost'>,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): void {
  const cost = operationCost(schema, document, operation, variables);
  if (cost > limits.maxCost) throw limitRefusal('cost', cost, limits.maxCost);
}
