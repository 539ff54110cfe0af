/**
 * Permissions as the schema declares them. The subgraph SDLs carry Federation's `@authenticated` and
 * `@requiresScopes` on types and fields; composition copies them into the supergraph. Apollo Gateway
 * does not enforce them, so the hub does, from the same declarations:
 *
 * - each subgraph guards the resolvers of its protected fields (`guardFieldsByScope`): a field the
 *   caller may not see resolves to null with a FORBIDDEN error at its path;
 * - the gateway checks a mutation's whole selection before executing it (`forbiddenSelections`),
 *   and a subscription's root field before subscribing.
 *
 * A field's requirement is every directive on the field and on its parent type: each
 * `@requiresScopes(scopes: [[a, b], [c]])` is met by one of its inner lists held whole (a and b, or
 * c), `@authenticated` by any caller the gateway identified.
 */
import {
  defaultFieldResolver,
  isAbstractType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { HubError } from './errors';

/** Every scope the hub knows, and what the schema requires of its fields. */
export const SCOPES = [
  'cmdb:read',
  'cmdb:write',
  'tickets:read',
  'tickets:write',
  'knowledge:read',
  'knowledge:write',
  'metrics:read',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/**
 * The caller's scopes as the gateway forwards them to the subgraphs (space-separated). The
 * subgraphs trust it only on requests carrying the internal secret; a request without it (the
 * subgraphs' calls to each other) is not restricted.
 */
export const SCOPES_HEADER = 'x-hub-scopes';

/** What one field needs: every entry must be met; an entry is met by one of its alternatives held whole. */
export interface Requirement {
  authenticated: boolean;
  scopes: readonly (readonly (readonly string[])[])[];
}

/** Requirements by `Type.field`, for the fields that have any. */
export type ScopePolicy = ReadonlyMap<string, Requirement>;

const NONE: Requirement = { authenticated: false, scopes: [] };

function directiveName(node: ConstDirectiveNode): string {
  // Without an import in its @link, a subgraph names the directive with the `federation__` prefix.
  return node.name.value.replace(/^federation__/, '');
}

function requirementOf(directives: readonly ConstDirectiveNode[] | undefined): Requirement {
  const requirement = { authenticated: false, scopes: [] as string[][][] };
  for (const directive of directives ?? []) {
    const name = directiveName(directive);
    if (name === 'authenticated') requirement.authenticated = true;
    if (name !== 'requiresScopes') continue;
    const argument = directive.arguments?.find((a) => a.name.value === 'scopes')?.value;
    if (argument?.kind !== Kind.LIST) continue;
    requirement.scopes.push(
      argument.values.map((alternative) =>
        alternative.kind === Kind.LIST ? alternative.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [],
      ),
    );
  }
  return requirement;
}

function both(a: Requirement, b: Requirement): Requirement {
  if (!a.authenticated && !a.scopes.length) return b;
  if (!b.authenticated && !b.scopes.length) return a;
  return { authenticated: a.authenticated || b.authenticated, scopes: [...a.scopes, ...b.scopes] };
}

/**
 * Reads the requirements of every object field from an SDL (a subgraph's or the supergraph's):
 * the field's own directives and its type's, over every definition and extension of the type.
 */
export function scopePolicy(sdl: string | DocumentNode): ScopePolicy {
  const document = typeof sdl === 'string' ? parse(sdl) : sdl;
  const typeRequirements = new Map<string, Requirement>();
  const fields = new Map<string, { type: string; requirement: Requirement }>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION
    ) {
      continue;
    }
    const type = definition.name.value;
    typeRequirements.set(type, both(typeRequirements.get(type) ?? NONE, requirementOf(definition.directives)));
    for (const field of definition.fields ?? []) {
      const key = `${type}.${field.name.value}`;
      fields.set(key, { type, requirement: both(fields.get(key)?.requirement ?? NONE, requirementOf(field.directives)) });
    }
  }
  const policy = new Map<string, Requirement>();
  for (const [key, { type, requirement }] of fields) {
    const whole = both(typeRequirements.get(type) ?? NONE, requirement);
    if (whole.authenticated || whole.scopes.length) policy.set(key, whole);
  }
  return policy;
}

/** Whether a caller holding `granted` (identified, since it was forwarded) meets `requirement`. */
export function meets(granted: ReadonlySet<string>, requirement: Requirement): boolean {
  return requirement.scopes.every((alternatives) => alternatives.some((all) => all.every((scope) => granted.has(scope))));
}

/** The requirement as a reader would say it, e.g. `tickets:read and (cmdb:read or admin)`. */
export function describeRequirement(requirement: Requirement): string {
  const parts = requirement.scopes.map((alternatives) => {
    const text = alternatives.map((all) => all.join(' and ')).join(' or ');
    return alternatives.length > 1 && requirement.scopes.length > 1 ? `(${text})` : text;
  });
  return parts.join(' and ') || 'an identified caller';
}

/** The FORBIDDEN error of a field the caller may not see. */
export function forbiddenField(key: string, requirement: Requirement): HubError {
  return new HubError('FORBIDDEN', `${key} requires the scope ${describeRequirement(requirement)}`, { field: key });
}

/** Parses the forwarded header; undefined when the request did not carry it. */
export function parseScopesHeader(value: string | string[] | undefined): ReadonlySet<string> | undefined {
  if (typeof value !== 'string') return undefined;
  return new Set(value.split(' ').filter(Boolean));
}

const GRANTED = Symbol('granted scopes');

/** Records on a subgraph's request context the scopes the gateway forwarded (undefined: not restricted). */
export function withGrantedScopes<T extends object>(context: T, granted: ReadonlySet<string> | undefined): T {
  if (granted) (context as Record<symbol, unknown>)[GRANTED] = granted;
  return context;
}

/**
 * Wraps the resolver of every field of `schema` that `policy` protects, so a caller without the
 * scopes gets null and a FORBIDDEN error at the field's path. The schema is changed in place
 * (graphql-js reads `field.resolve` at execution), before any request is served.
 */
export function guardFieldsByScope(schema: GraphQLSchema, policy: ScopePolicy): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const key = `${type.name}.${field.name}`;
      const requirement = policy.get(key);
      if (!requirement) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const granted = (context as Record<symbol, ReadonlySet<string> | undefined> | null)?.[GRANTED];
        if (granted && !meets(granted, requirement)) throw forbiddenField(key, requirement);
        return resolve(source, args, context, info);
      };
    }
  }
}

/**
 * The fields of `operation` (through its fragments) that a caller holding `granted` may not select,
 * as `Type.field requires ...` messages; empty when it may run whole. A field selected on an
 * interface counts with the requirement of every type that implements it. `rootOnly` checks the
 * operation's root fields alone (a subscription, whose event payload is checked per field).
 */
export function forbiddenSelections(
  schema: GraphQLSchema,
  policy: ScopePolicy,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  granted: ReadonlySet<string>,
  options: { rootOnly?: boolean } = {},
): string[] {
  const refused = new Map<string, string>();
  const typeInfo = new TypeInfo(schema);
  const check = (typeName: string, field: string) => {
    const key = `${typeName}.${field}`;
    const requirement = policy.get(key);
    if (requirement && !meets(granted, requirement)) refused.set(key, forbiddenField(key, requirement).message);
  };
  const root = schema.getRootType(operation.operation);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (options.rootOnly && parent !== root) return false;
      if (parent && !node.name.value.startsWith('__')) {
        for (const type of isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent]) check(type.name, node.name.value);
      }
      return options.rootOnly ? false : undefined;
    },
  });
  // Fragments unused by the operation are refused by validation, so every fragment counts.
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of [operation, ...fragments]) visit(definition, visitor);
  return [...refused.values()];
}

/**
 * The supergraph as the hub's gateway loads it. Composition links `@requiresScopes` and
 * `@authenticated` `for: SECURITY`, which makes `@apollo/gateway` (and any Apollo tool) refuse to load
 * it, since it cannot enforce them: a server that silently ignored them would serve what the schema
 * forbids. The hub enforces them itself (this file), so it loads the supergraph with those two links
 * as plain features; every other SECURITY or EXECUTION feature is still refused.
 */
export function supergraphEnforcedByTheHub(supergraphSdl: string): string {
  return supergraphSdl.replace(
    /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:requiresScopes|authenticated)\/v[0-9.]+"), for: SECURITY\)/g,
    '$1)',
  );
}
