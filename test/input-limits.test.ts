/**
 * The input limits as pure checks over the hub's real API schema (the committed supergraph):
 * each row of production.md's table, literals and variables alike, nested input objects, import
 * payloads, and JSON nested far deeper than a recursive walk could take.
 */
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { withHubScalars } from '../platform/scalars';
import { supergraphEnforcedByTheHub } from '../platform/scopes';
import { assertWithinInputLimits, inputLimitProblems, invalidCharacterAt, JSON_DEPTH_LIMIT } from '../gateway/input-limits';

const schema = withHubScalars(Supergraph.build(supergraphEnforcedByTheHub(readFileSync(SUPERGRAPH_FILE, 'utf8'))).apiSchema().toGraphQLJSSchema());

function problems(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  return inputLimitProblems(schema, document, operation, coerced.coerced);
}

const CREATE = 'mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }';
const incident = (extra: Record<string, unknown>) => ({ input: { title: 't', impact: 'LOW', urgency: 'LOW', ...extra } });

describe('input limits', () => {
  it('accepts values at the limits', () => {
    expect(
      problems(CREATE, incident({ title: 'x'.repeat(500), description: 'd'.repeat(100_000), affectedItemIds: Array.from({ length: 1000 }, (_, i) => `id-${i}`) })),
    ).toEqual([]);
    // A character outside the BMP is one character (two UTF-16 units).
    expect(problems(CREATE, incident({ title: '😀'.repeat(500) }))).toEqual([]);
  });

  it('refuses a 500-character field one over, naming the field, the length and the limit', () => {
    const [problem, ...rest] = problems(CREATE, incident({ title: 'x'.repeat(501) }));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ field: 'createIncident', argument: 'input.title', measure: 'characters', found: 501, max: 500 });
    expect(problem.message).toBe('createIncident: input.title is 501 characters long, limit 500');
  });

  it.each([
    ['assignmentGroup', 500],
    ['assignee', 500],
    ['reporter', 500],
    ['description', 100_000],
  ])('refuses %s over %d characters', (name, max) => {
    expect(problems(CREATE, incident({ [name]: 'a'.repeat(max + 1) }))).toMatchObject([{ argument: `input.${name}`, found: max + 1, max }]);
  });

  it('holds ids, externalId and number to 256 characters, literals as well as variables', () => {
    const long = 'i'.repeat(257);
    expect(problems(`{ configurationItem(id: "${long}") { id } }`)).toMatchObject([{ field: 'configurationItem', argument: 'id', found: 257, max: 256 }]);
    expect(problems('query ($e: String!) { configurationItemByExternalId(externalId: $e) { id } }', { e: long })).toMatchObject([
      { argument: 'externalId', max: 256 },
    ]);
    expect(problems('query ($n: String!) { ticketByNumber(number: $n) { id } }', { n: long })).toMatchObject([{ argument: 'number', max: 256 }]);
    expect(problems(CREATE, incident({ affectedItemIds: ['ok', long] }))).toMatchObject([{ argument: 'input.affectedItemIds[1]', max: 256 }]);
  });

  it('holds comment bodies, notes, root causes and workarounds to their limits', () => {
    expect(problems('mutation ($b: String!) { addComment(ticketId: "1", body: $b) { id } }', { b: 'b'.repeat(100_001) })).toMatchObject([
      { argument: 'body', max: 100_000 },
    ]);
    expect(problems('mutation ($n: String) { transitionTicket(id: "1", to: RESOLVED, note: $n) { id } }', { n: 'n'.repeat(100_001) })).toMatchObject([
      { argument: 'note', max: 100_000 },
    ]);
    expect(
      problems('mutation ($r: String!, $w: String) { recordKnownError(problemId: "1", rootCause: $r, workaround: $w) { id } }', {
        r: 'r'.repeat(501),
        w: 'w'.repeat(100_001),
      }),
    ).toMatchObject([{ argument: 'rootCause', max: 500 }, { argument: 'workaround', max: 100_000 }]);
  });

  it('refuses any list over 1,000 entries, arguments and input fields, but not an import payload', () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `id-${i}`);
    expect(problems('query ($ids: [ID!]!) { impactAnalysis(itemIds: $ids) { totalCount } }', { ids })).toMatchObject([
      { field: 'impactAnalysis', argument: 'itemIds', measure: 'entries', found: 1001, max: 1000 },
    ]);
    expect(problems('query ($f: TicketFilter) { tickets(filter: $f) { totalCount } }', { f: { affectedItemIds: ids } })).toMatchObject([
      { argument: 'filter.affectedItemIds', found: 1001 },
    ]);
    const items = Array.from({ length: 1500 }, (_, i) => ({ externalId: `e-${i}`, name: `n-${i}`, ciClass: 'SERVER', environment: 'PRODUCTION', criticality: 'LOW' }));
    expect(problems('mutation ($items: [ConfigurationItemInput!]!) { importConfigurationItems(items: $items) { created } }', { items })).toEqual([]);
    // The strings inside an import are still held to their limits.
    items[7] = { ...items[7], name: 'n'.repeat(501) };
    expect(problems('mutation ($items: [ConfigurationItemInput!]!) { importConfigurationItems(items: $items) { created } }', { items })).toMatchObject([
      { argument: 'items[7].name', max: 500 },
    ]);
  });

  it('refuses NUL characters and lone surrogates in any string, including JSON keys and values', () => {
    expect(problems(CREATE, incident({ title: 'a\u0000b' }))).toMatchObject([{ argument: 'input.title', measure: 'invalid Unicode', found: 1 }]);
    expect(problems(CREATE, incident({ description: 'x\ud800' }))).toMatchObject([{ argument: 'input.description', measure: 'invalid Unicode' }]);
    expect(problems('query ($q: String!) { searchKnowledge(query: $q) { snippet } }', { q: '\udc00' })).toMatchObject([{ argument: 'query' }]);
    const item = { externalId: 'e', name: 'n', ciClass: 'SERVER', environment: 'PRODUCTION', criticality: 'LOW' };
    const update = 'mutation ($input: ConfigurationItemInput!) { updateConfigurationItem(id: "1", input: $input) { id } }';
    expect(problems(update, { input: { ...item, attributes: { ['k\u0000']: 1 } } })).toMatchObject([{ argument: 'input.attributes', measure: 'invalid Unicode' }]);
    expect(problems(update, { input: { ...item, attributes: { k: ['\ud83d'] } } })).toMatchObject([{ argument: 'input.attributes', measure: 'invalid Unicode' }]);
    expect(invalidCharacterAt('ok 😀 ok')).toBe(-1);
  });

  it('holds attributes to 64 KiB of compact JSON and 32 levels, without recursing on the value', () => {
    const item = { externalId: 'e', name: 'n', ciClass: 'SERVER', environment: 'PRODUCTION', criticality: 'LOW' };
    const update = 'mutation ($input: ConfigurationItemInput!) { updateConfigurationItem(id: "1", input: $input) { id } }';
    const nested = (depth: number) => {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = { a: value };
      return value;
    };
    expect(problems(update, { input: { ...item, attributes: nested(JSON_DEPTH_LIMIT) } })).toEqual([]);
    expect(problems(update, { input: { ...item, attributes: nested(JSON_DEPTH_LIMIT + 1) } })).toMatchObject([
      { argument: 'input.attributes', measure: 'depth', found: 33, max: 32 },
    ]);
    expect(problems(update, { input: { ...item, attributes: nested(200_000) } })).toMatchObject([{ measure: 'depth', found: 200_000 }]);
    // {"k":"..."} is 8 bytes around the text.
    expect(problems(update, { input: { ...item, attributes: { k: 'v'.repeat(65536 - 8) } } })).toEqual([]);
    expect(problems(update, { input: { ...item, attributes: { k: 'v'.repeat(65536 - 7) } } })).toMatchObject([
      { argument: 'input.attributes', measure: 'bytes', found: 65537, max: 65536 },
    ]);
  });

  it('follows fragments and inline literals inside input objects', () => {
    const query = `query ($id: ID!) { ...F }
      fragment F on Query { tickets(filter: { assignmentGroup: "${'g'.repeat(501)}", affectedItemIds: [$id] }) { totalCount } }`;
    expect(problems(query, { id: 'i'.repeat(300) })).toMatchObject([
      { argument: 'filter.assignmentGroup', max: 500 },
      { argument: 'filter.affectedItemIds[0]', max: 256 },
    ]);
  });

  it('throws one BAD_USER_INPUT with HTTP 400 naming every breach', () => {
    const document = parse(CREATE);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], incident({ title: 'x'.repeat(600), reporter: '\u0000' })).coerced!;
    expect(() => assertWithinInputLimits(schema, document, operation, variables)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/input\.title is 600 characters long, limit 500.*input\.reporter is not valid Unicode/),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', http: { status: 400 }, argumentName: 'input.title', found: 600, max: 500 }),
      }),
    );
  });
});
