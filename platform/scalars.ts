/** The `DateTime` and `JSON` scalars shared by both subgraphs, and the gateway's copy of them. */
import { buildASTSchema, GraphQLScalarType, isScalarType, Kind, parse, print, printSchema, type GraphQLSchema, type ValueNode } from 'graphql';
import { BadUserInputError } from './errors';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function notADateTime(value: unknown): BadUserInputError {
  // Grafana's $__from and $__to are epoch milliseconds unless formatted.
  const hint = typeof value === 'number' ? '; epoch milliseconds are not accepted (in Grafana, write ${__from:date:iso})' : '';
  return new BadUserInputError(
    `DateTime must be an ISO-8601 timestamp with offset (e.g. 2026-11-21T08:00:00Z), got ${JSON.stringify(value)}${hint}`,
  );
}

function toDate(value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  // Date.parse accepts many shapes; the contract promises ISO-8601 with an offset.
  const date = typeof value === 'string' && ISO_WITH_OFFSET.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw notADateTime(value);
  return date;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 timestamp with offset, e.g. 2026-11-21T08:00:00.000Z',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: toDate,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING) return toDate(ast.value);
    throw notADateTime(ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : print(ast));
  },
});

function literalValue(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalValue(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalValue,
});

/** The scalars the hub implements, by name. */
const HUB_SCALARS = new Map<string, GraphQLScalarType>([DateTimeScalar, JSONScalar].map((scalar) => [scalar.name, scalar]));

/**
 * A copy of `schema` whose scalars named like the hub's parse and serialize as the hub's do. The
 * gateway's API schema, built from the supergraph, declares them as bare scalars that accept
 * anything; with this copy a bad value is refused before planning, with the scalar's own message.
 */
export function withHubScalars(schema: GraphQLSchema): GraphQLSchema {
  const copy = buildASTSchema(parse(printSchema(schema)));
  for (const [name, scalar] of HUB_SCALARS) {
    const type = copy.getType(name);
    // The copy's types are this function's own: giving them the hub's functions touches no one else's schema.
    if (isScalarType(type)) Object.assign(type, { serialize: scalar.serialize, parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral });
  }
  return copy;
}

/** Opaque pagination cursors: base64url of a JSON tuple, checked on the way in. */
export function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** Decodes a cursor whose parts have the given `typeof`s; BAD_USER_INPUT for anything else. */
export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): unknown[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === shape.length && parts.every((p, i) => typeof p === shape[i])) return parts;
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError(`after: ${JSON.stringify(cursor)} is not a cursor this API issued`, undefined, { argumentName: 'after' });
}
