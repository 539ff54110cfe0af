/**
 * The gateway's cost of an operation (gateway/limits.ts): the same whether a page size is a
 * literal, a variable or the schema's default, multiplied through nested pages, and within the
 * default limit for the contract's golden operations at their largest pages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_LIMITS } from '../gateway/config';
import { asLimitRefusal, assertWithinCost, operationCost, tokenCount } from '../gateway/limits';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { supergraphEnforcedByTheHub } from '../platform/scopes';
import { CONTRACT_DIR } from './support/hub';

const schema = Supergraph.build(supergraphEnforcedByTheHub(readFileSync(SUPERGRAPH_FILE, 'utf8'))).apiSchema().toGraphQLJSSchema();

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  return operationCost(schema, document, document.definitions[0] as OperationDefinitionNode, variables);
}

describe('the cost of an operation', () => {
  it('is the same for a page size given as a literal, as a variable, or by the schema default', () => {
    const literal = cost('{ tickets(first: 1000) { edges { node { id affectedItems { id } } } } }');
    expect(cost('query ($n: Int) { tickets(first: $n) { edges { node { id affectedItems { id } } } } }', { n: 1000 })).toBe(literal);
    expect(cost('query ($n: Int = 1000) { tickets(first: $n) { edges { node { id affectedItems { id } } } } }', { n: 1000 })).toBe(literal);
    // configurationItems' first defaults to 50; impact's limit to 1000.
    expect(cost('{ configurationItems { edges { node { id name } } } }')).toBe(cost('{ configurationItems(first: 50) { edges { node { id name } } } }'));
    expect(cost('query ($id: ID!) { configurationItem(id: $id) { impact { items { item { id } } } } }')).toBe(
      cost('query ($id: ID!, $l: Int) { configurationItem(id: $id) { impact(limit: $l) { items { item { id } } } } }', { l: 1000 }),
    );
  });

  it('grows with the page size and multiplies through a page nested in another page', () => {
    const page = (n: number) => cost(`{ tickets(first: ${n}) { edges { node { id } } } }`);
    expect(page(1000)).toBeGreaterThan(page(10) * 50);
    const nested = cost('{ tickets(first: 1000) { edges { node { affectedItems { impact(limit: 1000) { items { item { id } } } } } } } }');
    expect(nested).toBeGreaterThan(1000 * 1000);
    expect(() => assertWithinCost(DEFAULT_LIMITS, schema, parse('{ a: tickets(first: 1) { totalCount } }'), parse('{ a: tickets(first: 1) { totalCount } }').definitions[0] as OperationDefinitionNode, {})).not.toThrow();
  });

  it('counts fragments on an interface for the type that selects the most, not for every fragment at once', () => {
    const one = cost('{ tickets(first: 10) { edges { node { ... on ChangeRequest { id number title } } } } }');
    const both = cost('{ tickets(first: 10) { edges { node { ... on ChangeRequest { id number title } ... on Incident { id number title } } } } }');
    expect(both).toBe(one);
  });

  it('costs nothing for introspection', () => {
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(0);
  });

  it('keeps every golden operation within the default limit at the largest pages the contract allows', () => {
    const files = [join(CONTRACT_DIR, 'operations.graphql'), ...readdirSync(join(CONTRACT_DIR, 'parts')).filter((f) => f.endsWith('.operations.graphql')).map((f) => join(CONTRACT_DIR, 'parts', f))];
    const costs: Record<string, number> = {};
    for (const file of files) {
      const document = parse(readFileSync(file, 'utf8'));
      for (const operation of document.definitions) {
        if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
        costs[operation.name!.value] = operationCost(schema, document, operation, { first: 1000, limit: 10000 });
      }
    }
    expect(costs.ExtractTickets).toBeGreaterThan(1000);
    expect(Object.entries(costs).filter(([, value]) => value > DEFAULT_LIMITS.maxCost)).toEqual([]);
  });
});

describe('a refused operation', () => {
  it('says which limit refused it, the value found, the limit and the variable that sets it, as BAD_USER_INPUT', () => {
    const document = parse('query ($n: Int) { tickets(first: $n) { edges { node { id } } } }');
    let refusal: any;
    try {
      assertWithinCost({ maxCost: 1000 }, schema, document, document.definitions[0] as OperationDefinitionNode, { n: 1000 });
    } catch (error) {
      refusal = error;
    }
    expect(refusal.message).toMatch(/^operation refused by the cost limit: found 3,002, limit 1,000 \(MAX_QUERY_COST\)/);
    expect(refusal.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost', found: 3002, max: 1000 });
  });

  it("rewrites graphql-armor's and the parser's refusals without 'Syntax Error'", () => {
    const depth = asLimitRefusal({ message: 'Syntax Error: Query depth limit of 5 exceeded, found 7.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, undefined);
    expect(depth).toEqual({ message: 'operation refused by the depth limit: found 7, limit 5 (MAX_QUERY_DEPTH)', extensions: { code: 'BAD_USER_INPUT', limit: 'depth', found: 7, max: 5 } });
    const source = `{ a ${'b '.repeat(20)} }`;
    const tokens = asLimitRefusal({ message: 'Syntax Error: Document contains more that 10 tokens. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, source);
    expect(tokens.message).toBe(`operation refused by the tokens limit: found ${tokenCount(source)}, limit 10 (MAX_QUERY_TOKENS)`);
    // The count is graphql-js's own: its parser accepts the document at that many tokens and not at one fewer.
    expect(() => parse(source, { maxTokens: tokenCount(source) })).not.toThrow();
    expect(() => parse(source, { maxTokens: tokenCount(source) - 1 })).toThrow(/tokens/);
    expect(tokens.message).not.toContain('Syntax Error');
  });
});
