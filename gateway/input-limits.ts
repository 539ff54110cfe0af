/**
 * The contract's input limits (production.md), checked once at the gateway before any planning or
 * write: string lengths by argument or input-field name, ids, JSON `attributes` by size and
 * nesting depth, list lengths, and valid Unicode in every string. The subgraphs answer only the
 * gateway (internal secret), so this is the boundary; they need not check again.
 *
 * Every argument of every field the operation selects is walked with its value as the subgraphs
 * would receive it (literals and variables coerced against the schema, input objects field by
 * field), driven by the table below. A breach is BAD_USER_INPUT (HTTP 400) naming the argument or
 * field, the size found and the limit. Nothing here recurses on the depth of a client's value:
 * JSON values are walked with an explicit stack, so `attributes` nested 100,000 deep is a refusal,
 * not a stack overflow.
 */
import {
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { BadUserInputError } from '../platform/errors';

/** Characters allowed in a string argument or input field, by its name (production.md's table). */
export const STRING_LIMITS: ReadonlyMap<string, number> = new Map([
  ...['title', 'name', 'assignmentGroup', 'assignee', 'reporter', 'owner', 'category', 'requestedFor', 'rootCause'].map((n) => [n, 500] as const),
  ...['externalId', 'sourceExternalId', 'targetExternalId', 'number'].map((n) => [n, 256] as const),
  ...['description', 'note', 'body', 'workaround'].map((n) => [n, 100_000] as const),
]);

/** Every value of type ID, whatever its name (`id`, `itemIds`' entries, `ticketId`, ...). */
export const ID_LIMIT = 256;
/** Entries in any list argument or list input field, except the top-level lists of an import. */
export const LIST_LIMIT = 1_000;
/** `attributes` (any JSON value): bytes as compact JSON (UTF-8), and nesting depth of objects and arrays. */
export const JSON_BYTES_LIMIT = 64 * 1024;
export const JSON_DEPTH_LIMIT = 32;

/**
 * Mutations whose payload lists have limits of their own (the import's batch size, checked by its
 * service): their arguments' lists are not held to LIST_LIMIT; every string in them still is.
 */
export function isImportMutation(fieldName: string): boolean {
  return /^import[A-Z]/.test(fieldName);
}

/** One breach: where (argument path), what was measured, how much, and the limit. */
export interface InputLimitProblem {
  /** The field the argument belongs to, e.g. `createIncident`. */
  field: string;
  /** The argument or input field, as a path: `input.title`, `itemIds`, `items[3].attributes`. */
  argument: string;
  measure: 'characters' | 'entries' | 'bytes' | 'depth' | 'invalid Unicode';
  found: number;
  max: number;
  message: string;
}

const format = (n: number) => n.toLocaleString('en-US');

/** Code points in `text`, counting no further than `max + 1` (enough to say it is over). */
function codePointsUpTo(text: string, max: number): number {
  if (text.length <= max) return text.length;
  let count = 0;
  for (let i = 0; i < text.length && count <= max; i++, count++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
}

/** Where the first NUL or lone surrogate of `text` is, or -1 when it is valid Unicode without NUL. */
export function invalidCharacterAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return i;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

class Collector {
  readonly problems: InputLimitProblem[] = [];
  constructor(private readonly field: string) {}

  add(argument: string, measure: InputLimitProblem['measure'], found: number, max: number): void {
    let message: string;
    if (measure === 'invalid Unicode') {
      message = `${this.field}: ${argument} is not valid Unicode text: a NUL character or a lone surrogate at position ${format(found)}`;
    } else if (measure === 'depth') {
      message = `${this.field}: ${argument} is nested ${format(found)} levels deep, limit ${format(max)}`;
    } else {
      message = `${this.field}: ${argument} is ${format(found)} ${measure === 'bytes' ? 'bytes as compact JSON' : measure} long, limit ${format(max)}`;
    }
    this.problems.push({ field: this.field, argument, measure, found, max, message });
  }

  string(argument: string, text: string, max: number | undefined): void {
    const at = invalidCharacterAt(text);
    if (at >= 0) this.add(argument, 'invalid Unicode', at, 0);
    if (max !== undefined) {
      const length = codePointsUpTo(text, max);
      // Over the limit, say how long it really is (one more pass, only on a refusal).
      if (length > max) this.add(argument, 'characters', codePointsUpTo(text, Infinity), max);
    }
  }

  /** A JSON value: depth first, without recursion, then its size once it is known to be shallow. */
  json(argument: string, value: unknown): void {
    const stack: [unknown, number][] = [[value, 0]];
    let deepest = 0;
    let badText: number | undefined;
    while (stack.length) {
      const [node, depth] = stack.pop()!;
      if (typeof node === 'string') {
        const at = invalidCharacterAt(node);
        if (at >= 0 && badText === undefined) badText = at;
        continue;
      }
      if (node === null || typeof node !== 'object') continue;
      const level = depth + 1;
      if (level > deepest) deepest = level;
      // Past the limit there is nothing more to learn but how deep it goes: keep walking containers only.
      if (Array.isArray(node)) for (const child of node) stack.push([child, level]);
      else {
        for (const [key, child] of Object.entries(node)) {
          const at = invalidCharacterAt(key);
          if (at >= 0 && badText === undefined) badText = at;
          stack.push([child, level]);
        }
      }
    }
    if (badText !== undefined) this.add(argument, 'invalid Unicode', badText, 0);
    if (deepest > JSON_DEPTH_LIMIT) return this.add(argument, 'depth', deepest, JSON_DEPTH_LIMIT);
    const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
    if (bytes > JSON_BYTES_LIMIT) this.add(argument, 'bytes', bytes, JSON_BYTES_LIMIT);
  }

  /** `value` as coerced for `type`, named `argument` (its path) and `name` (the last argument or field name). */
  value(argument: string, name: string, value: unknown, type: GraphQLInputType, listsUnbounded: boolean): void {
    if (value === null || value === undefined) return;
    const nullable = getNullableType(type) as GraphQLInputType;
    if (isListType(nullable)) {
      const list = Array.isArray(value) ? value : [value];
      if (!listsUnbounded && list.length > LIST_LIMIT) return this.add(argument, 'entries', list.length, LIST_LIMIT);
      const element = nullable.ofType as GraphQLInputType;
      for (let i = 0; i < list.length; i++) this.value(`${argument}[${i}]`, name, list[i], element, false);
      return;
    }
    if (isInputObjectType(nullable)) {
      const fields = nullable.getFields();
      for (const [fieldName, field] of Object.entries(fields)) {
        this.value(`${argument}.${fieldName}`, fieldName, (value as Record<string, unknown>)[fieldName], field.type, false);
      }
      return;
    }
    if (!isScalarType(nullable)) return; // enums are checked by GraphQL itself
    if (nullable.name === 'JSON') return this.json(argument, value);
    if (typeof value !== 'string') return;
    this.string(argument, value, nullable.name === 'ID' ? Math.min(ID_LIMIT, STRING_LIMITS.get(name) ?? ID_LIMIT) : STRING_LIMITS.get(name));
  }
}

/** The fragments `operation` uses, directly or through other fragments. */
function usedFragments(document: DocumentNode, operation: OperationDefinitionNode): FragmentDefinitionNode[] {
  const byName = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) byName.set(definition.name.value, definition);
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: ASTNode[] = [operation];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const fragment = byName.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...used.values()];
}

/**
 * Every breach of the input limits in `operation`. `variables` may be as sent (before coercion, so
 * that a huge list costs nothing more than its refusal) or coerced: strings, lists and objects are
 * the same either way, and a value of the wrong shape is left to coercion to refuse. Arguments of
 * directives (`@include(if:)`) are booleans and are not looked at.
 */
export function inputLimitProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): InputLimitProblem[] {
  const problems: InputLimitProblem[] = [];
  const typeInfo = new TypeInfo(schema);
  const mutation = operation.operation === 'mutation';
  for (const node of [operation, ...usedFragments(document, operation)]) {
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Directive: () => false,
        Argument(argument) {
          const definition = typeInfo.getArgument();
          const field = typeInfo.getFieldDef();
          if (!definition || !field) return;
          const value = valueFromAST(argument.value, definition.type, variables);
          const collector = new Collector(field.name);
          const parent = typeInfo.getParentType();
          const importPayload = mutation && parent === schema.getMutationType() && isImportMutation(field.name);
          collector.value(definition.name, definition.name, value, definition.type, importPayload);
          problems.push(...collector.problems);
        },
      }),
    );
  }
  return problems;
}

/** Refuses the operation with every breach at once (the first 20 named), before anything runs. */
export function assertWithinInputLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): void {
  const problems = inputLimitProblems(schema, document, operation, variables);
  if (!problems.length) return;
  const first = problems[0];
  const extensions = {
    http: { status: 400 },
    field: first.field,
    argumentName: first.argument,
    found: first.found,
    max: first.max,
  };
  const messages = problems.map((p) => p.message);
  if (problems.length === 1) throw new BadUserInputError(first.message, messages, extensions);
  const { message } = BadUserInputError.of(messages, 'input limits exceeded');
  throw new BadUserInputError(message, messages, extensions);
}
